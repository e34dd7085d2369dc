/* SPDX-License-Identifier: MIT */
/*
 * x86-64 page size and the kernel's virtual memory layout (4-level paging,
 * KASLR off), as in Documentation/arch/x86/x86_64/mm.rst.
 */
#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

#include <linux/types.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PMD_SHIFT		21
#define PMD_SIZE		(1UL << PMD_SHIFT)
#define PMD_MASK		(~(PMD_SIZE - 1))
#define PUD_SHIFT		30
#define PUD_SIZE		(1UL << PUD_SHIFT)
#define PUD_MASK		(~(PUD_SIZE - 1))
#define P4D_SHIFT		39
#define PGDIR_SHIFT		39
#define PGDIR_SIZE		(1UL << PGDIR_SHIFT)
#define PTRS_PER_PGD		512
#define PTRS_PER_P4D		1	/* folded: 4-level paging */
#define PTRS_PER_PUD		512
#define PTRS_PER_PMD		512
#define PTRS_PER_PTE		512

#define __PHYSICAL_MASK_SHIFT	52
#define __VIRTUAL_MASK_SHIFT	47
#define MAX_PHYSMEM_BITS	__PHYSICAL_MASK_SHIFT

#define PAGE_OFFSET		0xffff888000000000UL	/* the direct map */
#define DIRECT_MAP_SIZE		(64UL << 40)		/* 64 TiB */
#define VMALLOC_START		0xffffc90000000000UL
#define VMALLOC_SIZE_TB		32UL
#define VMALLOC_END		(VMALLOC_START + (VMALLOC_SIZE_TB << 40) - 1)
#define VMEMMAP_START		0xffffea0000000000UL
#define __START_KERNEL_map	0xffffffff80000000UL
#define MODULES_VADDR		0xffffffffa0000000UL
#define MODULES_END		0xffffffffff000000UL
#define FIXADDR_START		0xffffffffff578000UL	/* as print_layout() shows it */
#define TASK_SIZE_MAX		((1UL << __VIRTUAL_MASK_SHIFT) - PAGE_SIZE)

#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_PHYS(x)	((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))
#define PAGE_ALIGN(x)	ALIGN((x), PAGE_SIZE)

/* __pa()/__va() are a constant offset, valid only for the direct map. */
#define __pa(x)		((phys_addr_t)((unsigned long)(x) - PAGE_OFFSET))
#define __va(x)		((unsigned long)(x) + PAGE_OFFSET)
#define virt_to_phys(x)	__pa(x)
#define phys_to_virt(x)	__va(x)

/*
 * /dev/mem's limits (drivers/char/mem.c asks the architecture):
 * devmem_is_allowed() - may /dev/mem reach page frame @pagenr?  0: no
 * (EPERM), 1: yes, 2: it reads as zeros and ignores writes (arch/x86/mm/init.c).
 * valid_phys_addr_range() - may read()/write() reach [@addr, @addr+@count)?
 * Only what the direct map covers, below high_memory.
 * valid_mmap_phys_addr_range() - may mmap() reach @count bytes from frame
 * @pfn?  Whatever the CPU's physical address width reaches (arch/x86/mm/mmap.c).
 */
int devmem_is_allowed(unsigned long pagenr);
int valid_phys_addr_range(phys_addr_t addr, size_t count);
int valid_mmap_phys_addr_range(unsigned long pfn, size_t count);

static inline bool is_canonical_address(u64 va)
{
	return (u64)((s64)(va << 16) >> 16) == va;
}

#endif
