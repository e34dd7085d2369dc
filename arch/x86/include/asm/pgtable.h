/* SPDX-License-Identifier: MIT */
/*
 * x86-64 page-table accessors.  The tables live in simulated RAM; the
 * pointers these functions return are host pointers into it, so the kernel
 * reads and writes entries the way Linux does (*pte, set_pte()), and the
 * simulated MMU walks the very same bytes.
 */
#ifndef _ASM_X86_PGTABLE_H
#define _ASM_X86_PGTABLE_H

#include <linux/kernel.h>
#include <linux/machine.h>
#include <asm/pgtable_types.h>

static inline unsigned long pgd_index(unsigned long a) { return (a >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1); }
static inline unsigned long pud_index(unsigned long a) { return (a >> PUD_SHIFT) & (PTRS_PER_PUD - 1); }
static inline unsigned long pmd_index(unsigned long a) { return (a >> PMD_SHIFT) & (PTRS_PER_PMD - 1); }
static inline unsigned long pte_index(unsigned long a) { return (a >> PAGE_SHIFT) & (PTRS_PER_PTE - 1); }

/* --- CPU features and boot options -------------------------------------- */

/*
 * direct_gbpages(): X86_FEATURE_GBPAGES, the CPU's 1 GiB pages, for the
 * direct map and hugetlb; the command line's clearcpuid=pdpe1gb clears it.
 */
static inline bool direct_gbpages(void)
{
	return !current_machine()->arch_state.no_gbpages;
}

/* arch_hugetlb_valid_size() (arch/x86/mm/hugetlbpage.c): 2 MiB; 1 GiB with gbpages. */
static inline bool arch_hugetlb_valid_size(unsigned long size)
{
	return size == PMD_SIZE || (size == PUD_SIZE && direct_gbpages());
}

/*
 * mm_forbids_zeropage(): an anonymous read fault must allocate a page
 * rather than map the zero page.  Upstream Linux says so only on s390;
 * PVM guest kernels do when booted with pvm_no_zero_page=1 (the hosts this
 * project is tested on are), and mmlab follows that parameter so that its
 * differential tests can match such a host.
 */
#define mm_forbids_zeropage(mm)	((mm)->machine->arch_state.no_zero_page)

/* --- entries ---------------------------------------------------------- */

static inline bool pte_none(pte_t p)	{ return pte_val(p) == 0; }
static inline bool pte_present(pte_t p)	{ return pte_val(p) & (_PAGE_PRESENT | _PAGE_PROTNONE); }
static inline bool pte_write(pte_t p)	{ return pte_val(p) & _PAGE_RW; }
static inline bool pte_dirty(pte_t p)	{ return pte_val(p) & _PAGE_DIRTY; }
static inline bool pte_young(pte_t p)	{ return pte_val(p) & _PAGE_ACCESSED; }
static inline bool pte_user(pte_t p)	{ return pte_val(p) & _PAGE_USER; }
static inline bool pte_global(pte_t p)	{ return pte_val(p) & _PAGE_GLOBAL; }
static inline bool pte_exec(pte_t p)	{ return !(pte_val(p) & _PAGE_NX); }
static inline bool pte_special(pte_t p)	{ return pte_val(p) & _PAGE_SPECIAL; }
static inline unsigned long pte_pfn(pte_t p)
{
	return (pte_val(p) & PTE_PFN_MASK) >> PAGE_SHIFT;
}
static inline pgprot_t pte_pgprot(pte_t p)
{
	return __pgprot(pte_val(p) & PTE_FLAGS_MASK);
}
static inline pte_t pte_set_flags(pte_t p, u64 f)   { return __pte(pte_val(p) | f); }
static inline pte_t pte_clear_flags(pte_t p, u64 f) { return __pte(pte_val(p) & ~f); }
static inline pte_t pte_mkwrite(pte_t p)	{ return pte_set_flags(p, _PAGE_RW); }
static inline pte_t pte_wrprotect(pte_t p)	{ return pte_clear_flags(p, _PAGE_RW); }
static inline pte_t pte_mkdirty(pte_t p)	{ return pte_set_flags(p, _PAGE_DIRTY); }
static inline pte_t pte_mkclean(pte_t p)	{ return pte_clear_flags(p, _PAGE_DIRTY); }
static inline pte_t pte_mkyoung(pte_t p)	{ return pte_set_flags(p, _PAGE_ACCESSED); }
static inline pte_t pte_mkold(pte_t p)		{ return pte_clear_flags(p, _PAGE_ACCESSED); }
static inline pte_t pte_mkspecial(pte_t p)	{ return pte_set_flags(p, _PAGE_SPECIAL); }
static inline pte_t pte_mkexec(pte_t p)		{ return pte_clear_flags(p, _PAGE_NX); }
/*
 * A PROT_NONE entry: present to Linux (pte_present()), not to the MMU.
 * Linux's pte_protnone() answers this only for NUMA balancing; mmlab uses
 * it wherever it needs "does the MMU see this page".
 */
static inline bool pte_protnone(pte_t p)
{
	return (pte_val(p) & (_PAGE_PROTNONE | _PAGE_PRESENT)) == _PAGE_PROTNONE;
}
/* New protections @prot for the page @p maps; _PAGE_CHG_MASK bits stay. */
static inline pte_t pte_modify(pte_t p, pgprot_t prot)
{
	return __pte((pte_val(p) & _PAGE_CHG_MASK) |
		     (pgprot_val(prot) & ~_PAGE_CHG_MASK));
}
/* @prot with the cache mode (PAT, PCD, PWT) of the page @p maps. */
static inline pgprot_t pgprot_cachemode_of(pgprot_t prot, pte_t p)
{
	return __pgprot((pgprot_val(prot) & ~_PAGE_CACHE_MASK) |
			(pte_val(p) & _PAGE_CACHE_MASK));
}
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte(((u64)pfn << PAGE_SHIFT & PTE_PFN_MASK) | pgprot_val(prot));
}

static inline bool pmd_none(pmd_t p)	{ return pmd_val(p) == 0; }
static inline bool pmd_present(pmd_t p)	{ return pmd_val(p) & _PAGE_PRESENT; }
static inline bool pmd_leaf(pmd_t p)	{ return (pmd_val(p) & (_PAGE_PRESENT | _PAGE_PSE)) == (_PAGE_PRESENT | _PAGE_PSE); }
static inline bool pmd_bad(pmd_t p)
{
	return (pmd_val(p) & ~PTE_PFN_MASK & ~(u64)_PAGE_USER & ~(u64)_PAGE_NX) != _KERNPG_TABLE;
}
static inline unsigned long pmd_pfn(pmd_t p)
{
	return (pmd_val(p) & (pmd_leaf(p) ? PMD_LEAF_PFN_MASK : PTE_PFN_MASK)) >> PAGE_SHIFT;
}
static inline pmd_t pfn_pmd(unsigned long pfn, pgprot_t prot)
{
	return __pmd(((u64)pfn << PAGE_SHIFT & PTE_PFN_MASK) | pgprot_val(prot));
}

static inline bool pud_none(pud_t p)	{ return pud_val(p) == 0; }
static inline bool pud_present(pud_t p)	{ return pud_val(p) & _PAGE_PRESENT; }
static inline bool pud_leaf(pud_t p)	{ return (pud_val(p) & (_PAGE_PRESENT | _PAGE_PSE)) == (_PAGE_PRESENT | _PAGE_PSE); }
static inline unsigned long pud_pfn(pud_t p)
{
	return (pud_val(p) & (pud_leaf(p) ? PUD_LEAF_PFN_MASK : PTE_PFN_MASK)) >> PAGE_SHIFT;
}
static inline pud_t pfn_pud(unsigned long pfn, pgprot_t prot)
{
	return __pud(((u64)pfn << PAGE_SHIFT & PTE_PFN_MASK) | pgprot_val(prot));
}

static inline bool p4d_none(p4d_t p)	{ return p4d_val(p) == 0; }
static inline bool p4d_present(p4d_t p)	{ return p4d_val(p) & _PAGE_PRESENT; }
static inline unsigned long p4d_pfn(p4d_t p) { return (p4d_val(p) & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline bool pgd_none(pgd_t p)	{ return pgd_val(p) == 0; }
static inline bool pgd_present(pgd_t p)	{ return pgd_val(p) & _PAGE_PRESENT; }
static inline unsigned long pgd_pfn(pgd_t p) { return (pgd_val(p) & PTE_PFN_MASK) >> PAGE_SHIFT; }

/* --- stores: what the hardware walker sees ----------------------------- */

static inline void set_pte(pte_t *ptep, pte_t pte) { WRITE_ONCE(ptep->pte, pte.pte); }
static inline void set_pmd(pmd_t *pmdp, pmd_t pmd) { WRITE_ONCE(pmdp->pmd, pmd.pmd); }
static inline void set_pud(pud_t *pudp, pud_t pud) { WRITE_ONCE(pudp->pud, pud.pud); }
static inline void set_p4d(p4d_t *p4dp, p4d_t p4d) { WRITE_ONCE(p4dp->p4d, p4d.p4d); }
static inline void set_pgd(pgd_t *pgdp, pgd_t pgd) { WRITE_ONCE(pgdp->pgd, pgd.pgd); }
static inline void pte_clear(pte_t *ptep) { WRITE_ONCE(ptep->pte, 0); }
static inline void pmd_clear(pmd_t *pmdp) { WRITE_ONCE(pmdp->pmd, 0); }
static inline pte_t ptep_get(const pte_t *ptep) { return __pte(READ_ONCE(ptep->pte)); }
static inline pte_t ptep_get_and_clear(pte_t *ptep)
{
	pte_t old = ptep_get(ptep);

	pte_clear(ptep);
	return old;
}


/*
 * Swap entries in non-present PTEs, as x86-64 encodes them with the L1TF
 * mitigation: the type in bits 59-63, the offset inverted in bits 9-58
 * (so that a non-present PTE never points at real memory), bit 8
 * (PROT_NONE) and bit 0 clear.  Bit 3 (PWT) remembers PG_anon_exclusive
 * and bit 1 (RW) soft-dirty, neither part of the entry.
 */
#define SWP_TYPE_BITS		5
#define SWP_OFFSET_FIRST_BIT	(_PAGE_BIT_GLOBAL + 1)
#define SWP_OFFSET_SHIFT	(SWP_OFFSET_FIRST_BIT + SWP_TYPE_BITS)
#define _PAGE_SWP_EXCLUSIVE	_PAGE_PWT
#define _PAGE_SWP_SOFT_DIRTY	_PAGE_RW

static inline unsigned long __pte_swp_type(pte_t p)
{
	return (unsigned long)(pte_val(p) >> (64 - SWP_TYPE_BITS));
}
static inline unsigned long __pte_swp_offset(pte_t p)
{
	return (unsigned long)(~pte_val(p) << SWP_TYPE_BITS >> SWP_OFFSET_SHIFT);
}
static inline pte_t __swp_pte(unsigned long type, unsigned long offset)
{
	return __pte((~(u64)offset << SWP_OFFSET_SHIFT >> SWP_TYPE_BITS) |
		     ((u64)type << (64 - SWP_TYPE_BITS)));
}
static inline bool pte_swp_exclusive(pte_t p) { return pte_val(p) & _PAGE_SWP_EXCLUSIVE; }
static inline pte_t pte_swp_mkexclusive(pte_t p) { return pte_set_flags(p, _PAGE_SWP_EXCLUSIVE); }
static inline pte_t pte_swp_clear_exclusive(pte_t p) { return pte_clear_flags(p, _PAGE_SWP_EXCLUSIVE); }
static inline pte_t pte_swp_clear_flags(pte_t p)
{
	return pte_clear_flags(p, _PAGE_SWP_EXCLUSIVE | _PAGE_SWP_SOFT_DIRTY);
}

/*
 * A guard-region marker (MADV_GUARD_INSTALL): a non-present PTE whose
 * fault is SIGSEGV, encoded as Linux encodes it, a PTE-marker swap entry
 * (type SWP_PTE_MARKER, 31, offset PTE_MARKER_GUARD, 4).
 * ptep_test_and_clear_young() - clear the accessed bit the MMU set; the
 * caller flushes the TLB entry so the next access sets it again.
 * Return: whether it was set.
 */
static inline bool ptep_test_and_clear_young(pte_t *ptep)
{
	pte_t pte = ptep_get(ptep);

	if (!(pte_val(pte) & _PAGE_ACCESSED))
		return false;
	set_pte(ptep, __pte(pte_val(pte) & ~(u64)_PAGE_ACCESSED));
	return true;
}

/*
 * A guard-region marker (MADV_GUARD_INSTALL): a non-present, non-empty
 * PTE whose fault is SIGSEGV.  Linux encodes it as a PTE-marker swap
 * entry; mmlab uses this one value (not present, not PROT_NONE); the encoding is
 * the architecture's, like Linux's swap-entry format.
 */
static inline pte_t make_guard_pte(void)
{
	return __swp_pte(31, 1UL << 2);
}

/* --- table walking (4-level: the P4D is folded into the PGD) ----------- */

static inline pgd_t *pgd_offset(struct mm_struct *mm, unsigned long a)
{
	return mm->pgd + pgd_index(a);
}
#define pgd_offset_k(a) pgd_offset(&current_machine()->init_mm, (a))

static inline p4d_t *p4d_offset(pgd_t *pgd, unsigned long a)
{
	(void)a;
	return (p4d_t *)pgd;
}

void *pgtable_bad_table(u64 *entry, const char *level);

/*
 * The table an entry points to, as a host pointer.  The entry is simulated
 * RAM that anyone may have overwritten, so a table outside RAM is not
 * followed: pgtable_bad_table() reports and clears the entry.
 */
static inline void *pgtable_table(u64 *entry, unsigned long pfn,
				  const char *level)
{
	struct mml_machine *m = current_machine();

	if (unlikely(PFN_PHYS(pfn) + PAGE_SIZE > m->hw.ram_span))
		return pgtable_bad_table(entry, level);
	return phys_to_host(PFN_PHYS(pfn));
}

static inline pud_t *pud_offset(p4d_t *p4d, unsigned long a)
{
	return (pud_t *)pgtable_table(&p4d->p4d, p4d_pfn(*p4d), "pgd") +
	       pud_index(a);
}

static inline pmd_t *pmd_offset(pud_t *pud, unsigned long a)
{
	return (pmd_t *)pgtable_table(&pud->pud, pud_pfn(*pud), "pud") +
	       pmd_index(a);
}

static inline pte_t *pte_offset_kernel(pmd_t *pmd, unsigned long a)
{
	return (pte_t *)pgtable_table(&pmd->pmd, pmd_pfn(*pmd), "pmd") +
	       pte_index(a);
}

/* User PTE tables: no highmem on x86-64, so mapping one is free. */
static inline pte_t *pte_offset_map(pmd_t *pmd, unsigned long a)
{
	return pte_offset_kernel(pmd, a);
}
static inline void pte_unmap(pte_t *pte) { (void)pte; }

/*
 * Allocate a missing level, as Linux splits it: the test of the entry
 * inline (every page fault passes three levels that are nearly always
 * there), the allocation out of line (arch/x86/mm/pgtable.c;
 * __p?d_alloc() return 0 or -ENOMEM).  The *_alloc() return the entry
 * for @a one level down, or NULL when out of memory.
 */
int __pud_alloc(struct mm_struct *mm, p4d_t *p4d, unsigned long a);
int __pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long a);
int __pte_alloc(struct mm_struct *mm, pmd_t *pmd);

static inline pud_t *pud_alloc(struct mm_struct *mm, p4d_t *p4d,
			       unsigned long a)
{
	if (unlikely(p4d_none(*p4d)) && __pud_alloc(mm, p4d, a))
		return NULL;
	return pud_offset(p4d, a);
}

static inline pmd_t *pmd_alloc(struct mm_struct *mm, pud_t *pud,
			       unsigned long a)
{
	if (unlikely(pud_none(*pud)) && __pmd_alloc(mm, pud, a))
		return NULL;
	return pmd_offset(pud, a);
}

static inline pte_t *pte_alloc(struct mm_struct *mm, pmd_t *pmd,
			       unsigned long a)
{
	if (unlikely(pmd_none(*pmd)) && __pte_alloc(mm, pmd))
		return NULL;
	return pte_offset_kernel(pmd, a);
}

pte_t *pte_alloc_kernel(pmd_t *pmd, unsigned long a);
void pgtable_free_page(struct mm_struct *mm, phys_addr_t pa);
phys_addr_t pgtable_alloc_kernel_page(void);
int pgd_alloc(struct mm_struct *mm);
void pgd_free(struct mm_struct *mm);
int preallocate_vmalloc_pages(void);

enum pg_level { PG_LEVEL_NONE, PG_LEVEL_4K, PG_LEVEL_2M, PG_LEVEL_1G };

/*
 * lookup_address() - the kernel's leaf entry for @a in init_mm, as a PTE
 * pointer (for large pages the PMD or PUD, cast), and its level.
 * NULL when no leaf maps @a.
 */
pte_t *lookup_address(unsigned long a, enum pg_level *level);
/* The same, a not-present large entry included (set_memory_np()). */
pte_t *lookup_kernel_leaf(unsigned long a, enum pg_level *level);

/* Decode the bits of an entry ("P RW US PWT PCD A D PS G NX"). */
void pgtable_decode_bits(u64 entry, bool leaf, bool pte_level, char *buf,
			 size_t n);

struct file;
/*
 * The cache mode of a /dev/mem mapping (arch/x86/mm/pat.c):
 * phys_mem_access_prot_allowed() - write-back, or UC- when the file was
 * opened O_SYNC (O_DSYNC), into *@vma_prot; 1 (allowed).  remap_pfn_range()
 * then applies PAT's rules (pfnmap_track()).
 * phys_mem_access_prot() - @vma_prot as it is on x86 (no memory encryption).
 */
int phys_mem_access_prot_allowed(struct file *file, unsigned long pfn,
				 unsigned long size, pgprot_t *vma_prot);
pgprot_t phys_mem_access_prot(struct file *file, unsigned long pfn,
			      unsigned long size, pgprot_t vma_prot);

/*
 * ioremap()'s memory-type reservation (x86: the PAT memtype tree,
 * arch/x86/mm/pat.c): ioremap_memtype_reserve() reserves the page-aligned
 * range and gives *@prot the cache mode to map with; 0 or an errno
 * (logged).  ioremap_memtype_free() undoes it at iounmap().
 */
int ioremap_memtype_reserve(phys_addr_t phys, size_t size, pgprot_t *prot);
void ioremap_memtype_free(phys_addr_t phys, size_t size);
/* /sys/kernel/debug/x86/pat_memtype_list (arch/x86/mm/memtype.c). */
struct seq_buf;
void pat_memtype_list_show(struct seq_buf *s);
/* /sys/kernel/debug/page_tables/{kernel,current_kernel,current_user}. */
void ptdump_show(struct seq_buf *m);
void ptdump_curknl_show(struct seq_buf *m);
void ptdump_curusr_show(struct seq_buf *m);
bool ptdump_walk_pgd_level_checkwx(void);
/* Audit of the memtype tree; its teardown at machine shutdown. */
int memtype_audit(char *msg, size_t n);
void memtype_exit(void);

/* The direct map: arch/x86/mm/init_64.c */
int init_memory_mapping(void);
/* Audit: every table page is PG_table and reachable once. */
int pgtable_audit(char *msg, size_t n);

#endif
