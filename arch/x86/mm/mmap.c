// SPDX-License-Identifier: MIT
/*
 * The x86-64 mmap layout (Linux's arch/x86/mm/mmap.c, randomization off)
 * and the gate area (arch/x86/entry/vsyscall/vsyscall_64.c).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <asm/processor.h>
#include "mm/internal.h"

#define SIZE_128M	(128UL << 20)

/* mmap_base(): below the stack by its rlimit plus the guard gap, >= 128 MiB. */
static unsigned long mmap_base(unsigned long stack_rlim, unsigned long task_size)
{
	unsigned long gap = stack_rlim, pad = STACK_GUARD_GAP;
	unsigned long gap_max = task_size / 6 * 5;

	if (gap + pad > gap)
		gap += pad;
	if (gap < SIZE_128M)
		gap = SIZE_128M;
	else if (gap > gap_max)
		gap = gap_max;
	return PAGE_ALIGN(task_size - gap);
}

/** arch_pick_mmap_layout() - see asm/processor.h. */
void arch_pick_mmap_layout(struct mm_struct *mm, unsigned long stack_rlim)
{
	mm->mmap_legacy_base = TASK_UNMAPPED_BASE(mm->task_size);
	mm->mmap_base = mm->legacy_layout ? mm->mmap_legacy_base
					  : mmap_base(stack_rlim, mm->task_size);
}

/* One page, execute-only, in no mm's VMA list (Linux's gate_vma). */
static const struct vm_area_struct gate_vma = {
	.vm_start = VSYSCALL_ADDR,
	.vm_end = VSYSCALL_ADDR + PAGE_SIZE,
	.vm_flags = VM_EXEC,
};

/** get_gate_vma() - the vsyscall page's VMA: every x86-64 mm has it. */
const struct vm_area_struct *get_gate_vma(struct mm_struct *mm)
{
	return &gate_vma;
}

/** arch_vma_name() - "[vsyscall]" for the gate VMA, else NULL. */
const char *arch_vma_name(const struct vm_area_struct *vma)
{
	return vma == &gate_vma ? "[vsyscall]" : NULL;
}

/*
 * read() and write() of /dev/mem reach what the direct map covers: up to
 * high_memory (the end of RAM the kernel uses, mem= included).
 */
int valid_phys_addr_range(phys_addr_t addr, size_t count)
{
	phys_addr_t top = __pa(current_machine()->high_memory - 1);
	phys_addr_t last = addr + count - 1;	/* count 0 at 0: wraps, refused */

	if (count && last < addr)
		return 0;		/* mmlab: a range that wraps is refused */
	return last <= top;
}

/*
 * mmap() of /dev/mem reaches any address the CPU can form (phys_addr_valid()):
 * the simulated CPU's physical address width is the page tables' 52 bits.
 */
int valid_mmap_phys_addr_range(unsigned long pfn, size_t count)
{
	phys_addr_t last = ((phys_addr_t)pfn << PAGE_SHIFT) + count - 1;

	return !(last >> __PHYSICAL_MASK_SHIFT);
}
