/* SPDX-License-Identifier: MIT */
/* x86-64 page-table entry formats: the bits the hardware defines. */
#ifndef _ASM_X86_PGTABLE_TYPES_H
#define _ASM_X86_PGTABLE_TYPES_H

#include <linux/types.h>
#include <asm/page.h>

#define _PAGE_BIT_PRESENT	0
#define _PAGE_BIT_RW		1
#define _PAGE_BIT_USER		2
#define _PAGE_BIT_PWT		3
#define _PAGE_BIT_PCD		4
#define _PAGE_BIT_ACCESSED	5
#define _PAGE_BIT_DIRTY		6
#define _PAGE_BIT_PSE		7	/* 2 MiB / 1 GiB leaf */
#define _PAGE_BIT_PAT		7	/* on 4 KiB PTEs */
#define _PAGE_BIT_GLOBAL	8
#define _PAGE_BIT_SOFTW1	9	/* Linux: _PAGE_SPECIAL */
#define _PAGE_BIT_PAT_LARGE	12	/* on 2 MiB / 1 GiB leaves */
#define _PAGE_BIT_NX		63

#define _PAGE_PRESENT	(1ULL << _PAGE_BIT_PRESENT)
#define _PAGE_RW	(1ULL << _PAGE_BIT_RW)
#define _PAGE_USER	(1ULL << _PAGE_BIT_USER)
#define _PAGE_PWT	(1ULL << _PAGE_BIT_PWT)
#define _PAGE_PCD	(1ULL << _PAGE_BIT_PCD)
#define _PAGE_ACCESSED	(1ULL << _PAGE_BIT_ACCESSED)
#define _PAGE_DIRTY	(1ULL << _PAGE_BIT_DIRTY)
#define _PAGE_PSE	(1ULL << _PAGE_BIT_PSE)
#define _PAGE_PAT	(1ULL << _PAGE_BIT_PAT)
#define _PAGE_GLOBAL	(1ULL << _PAGE_BIT_GLOBAL)
#define _PAGE_SPECIAL	(1ULL << _PAGE_BIT_SOFTW1)
#define _PAGE_PAT_LARGE	(1ULL << _PAGE_BIT_PAT_LARGE)
#define _PAGE_NX	(1ULL << _PAGE_BIT_NX)
/* A PROT_NONE user PTE: not present to the MMU, present to Linux. */
#define _PAGE_PROTNONE	_PAGE_GLOBAL

#define PHYSICAL_PAGE_MASK \
	(((1ULL << __PHYSICAL_MASK_SHIFT) - 1) & ~(u64)(PAGE_SIZE - 1))
#define PTE_PFN_MASK		PHYSICAL_PAGE_MASK
#define PTE_FLAGS_MASK		(~PTE_PFN_MASK)
#define PMD_LEAF_PFN_MASK	(PHYSICAL_PAGE_MASK & ~(u64)(PMD_SIZE - 1))
#define PUD_LEAF_PFN_MASK	(PHYSICAL_PAGE_MASK & ~(u64)(PUD_SIZE - 1))

/*
 * Cache modes through the PAT, as Linux programs it:
 * index (PAT,PCD,PWT) 0 = WB, 1 = WC, 2 = UC-, 3 = UC.
 */
#define _PAGE_CACHE_WB		0ULL
#define _PAGE_CACHE_WC		_PAGE_PWT
#define _PAGE_CACHE_UC_MINUS	_PAGE_PCD
#define _PAGE_CACHE_UC		(_PAGE_PCD | _PAGE_PWT)
#define _PAGE_CACHE_MASK	(_PAGE_PWT | _PAGE_PCD | _PAGE_PAT)
/* Entries 5 and 7 of Linux's PAT: write-protect and write-through. */
#define _PAGE_CACHE_WP		(_PAGE_PAT | _PAGE_PWT)
#define _PAGE_CACHE_WT		(_PAGE_PAT | _PAGE_PCD | _PAGE_PWT)

/*
 * enum page_cache_mode - the cache modes by name, as the PAT memtype code
 * (arch/x86/mm/memtype.c) keeps them; Linux's values, which its
 * "ioremap error ... requested 0x%x, got 0x%x" message prints.
 */
enum page_cache_mode {
	_PAGE_CACHE_MODE_WB = 0,
	_PAGE_CACHE_MODE_WC = 1,
	_PAGE_CACHE_MODE_UC_MINUS = 2,
	_PAGE_CACHE_MODE_UC = 3,
	_PAGE_CACHE_MODE_WT = 4,
	_PAGE_CACHE_MODE_WP = 5,
	_PAGE_CACHE_MODE_NUM = 8
};

/* cachemode2protval() - the PTE bits (PAT, PCD, PWT) of cache mode @pcm. */
static inline u64 cachemode2protval(enum page_cache_mode pcm)
{
	switch (pcm) {
	case _PAGE_CACHE_MODE_WB:	return _PAGE_CACHE_WB;
	case _PAGE_CACHE_MODE_WC:	return _PAGE_CACHE_WC;
	case _PAGE_CACHE_MODE_UC:	return _PAGE_CACHE_UC;
	case _PAGE_CACHE_MODE_WT:	return _PAGE_CACHE_WT;
	case _PAGE_CACHE_MODE_WP:	return _PAGE_CACHE_WP;
	default:			return _PAGE_CACHE_UC_MINUS;
	}
}

/* pgprot2cachemode() - the cache mode the PAT bits of @val select. */
static inline enum page_cache_mode pgprot2cachemode(u64 val)
{
	switch (val & _PAGE_CACHE_MASK) {
	case _PAGE_CACHE_WB:
	case _PAGE_PAT:			return _PAGE_CACHE_MODE_WB;	/* entry 4 */
	case _PAGE_CACHE_WC:		return _PAGE_CACHE_MODE_WC;
	case _PAGE_CACHE_UC:		return _PAGE_CACHE_MODE_UC;
	case _PAGE_CACHE_WT:		return _PAGE_CACHE_MODE_WT;
	case _PAGE_CACHE_WP:		return _PAGE_CACHE_MODE_WP;
	case _PAGE_CACHE_UC_MINUS:	return _PAGE_CACHE_MODE_UC_MINUS;
	default:			return _PAGE_CACHE_MODE_UC_MINUS; /* entry 6 */
	}
}

#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

#define __PAGE_KERNEL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | \
			 _PAGE_GLOBAL | _PAGE_NX)
#define __PAGE_KERNEL_RO (__PAGE_KERNEL & ~_PAGE_RW)

typedef struct { u64 pgprot; } pgprot_t;
typedef struct { u64 pte; } pte_t;
typedef struct { u64 pmd; } pmd_t;
typedef struct { u64 pud; } pud_t;
typedef struct { u64 p4d; } p4d_t;
typedef struct { u64 pgd; } pgd_t;

#define __pgprot(x)	((pgprot_t){ (x) })
#define pgprot_val(x)	((x).pgprot)
#define __pte(x)	((pte_t){ (x) })
#define __pmd(x)	((pmd_t){ (x) })
#define __pud(x)	((pud_t){ (x) })
#define __p4d(x)	((p4d_t){ (x) })
#define __pgd(x)	((pgd_t){ (x) })
#define pte_val(x)	((x).pte)
#define pmd_val(x)	((x).pmd)
#define pud_val(x)	((x).pud)
#define p4d_val(x)	((x).p4d)
#define pgd_val(x)	((x).pgd)

#define PAGE_KERNEL		__pgprot(__PAGE_KERNEL)
#define PAGE_KERNEL_RO		__pgprot(__PAGE_KERNEL_RO)
#define PAGE_KERNEL_IO		__pgprot(__PAGE_KERNEL)
#define PAGE_KERNEL_NOCACHE	__pgprot(__PAGE_KERNEL | _PAGE_CACHE_UC_MINUS)
/* ioremap_uc(): strongly uncached, not overridable by MTRRs (x86 UC). */
#define PAGE_KERNEL_IO_UC	__pgprot(__PAGE_KERNEL | _PAGE_CACHE_UC)

static inline pgprot_t pgprot_noncached(pgprot_t p)
{
	return __pgprot((pgprot_val(p) & ~_PAGE_CACHE_MASK) | _PAGE_CACHE_UC_MINUS);
}

static inline pgprot_t pgprot_writecombine(pgprot_t p)
{
	return __pgprot((pgprot_val(p) & ~_PAGE_CACHE_MASK) | _PAGE_CACHE_WC);
}

/* The bits a change of protection keeps: frame, caching, A/D, special. */
#define _PAGE_CHG_MASK	(PTE_PFN_MASK | _PAGE_CACHE_MASK | _PAGE_SPECIAL | \
			 _PAGE_ACCESSED | _PAGE_DIRTY)

/*
 * pgprot_modify() - @newprot's access bits with @oldprot's caching mode:
 * how a VMA's protection is recomputed without losing what a driver's
 * ->mmap() chose (pgprot_noncached(), pgprot_writecombine()).
 */
static inline pgprot_t pgprot_modify(pgprot_t oldprot, pgprot_t newprot)
{
	return __pgprot((pgprot_val(oldprot) & _PAGE_CHG_MASK) |
			(pgprot_val(newprot) & ~_PAGE_CHG_MASK));
}

#endif
