/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 user address-space layout (4-level paging, randomization
 * off), as Linux's asm/processor.h, asm/page_64_types.h and asm/elf.h
 * define it.
 */
#ifndef _ASM_X86_PROCESSOR_H
#define _ASM_X86_PROCESSOR_H

#include <asm/page.h>

struct mm_struct;
struct vm_area_struct;

/* Addresses above this need a hint (5-level paging would widen the space). */
#define DEFAULT_MAP_WINDOW	((1UL << __VIRTUAL_MASK_SHIFT) - PAGE_SIZE)
#define TASK_SIZE		TASK_SIZE_MAX
#define STACK_TOP		TASK_SIZE	/* no random offset */
/* Where bottom-up (legacy) mmap starts. */
#define TASK_UNMAPPED_BASE(task_size)	PAGE_ALIGN((task_size) / 3)
/* Where a position-independent executable is loaded (asm/elf.h). */
#define ELF_ET_DYN_BASE		0x555555554000UL

/* The vsyscall page (vsyscall=xonly), the x86-64 gate area. */
#define VSYSCALL_ADDR		0xffffffffff600000UL

/*
 * arch/x86/mm/mmap.c: set mm->mmap_base and mm->mmap_legacy_base from
 * mm->task_size and the stack rlimit @stack_rlim, top-down unless
 * mm->legacy_layout.
 */
void arch_pick_mmap_layout(struct mm_struct *mm, unsigned long stack_rlim);

/*
 * arch/x86/kernel/sys_x86_64.c: where a mapping of @len goes in @mm, from
 * the hint @addr and the MAP_* @flags (MAP_32BIT: the low 2 GiB), searched
 * bottom-up from mm->mmap_legacy_base or top-down below mm->mmap_base; a
 * page-aligned address or -ENOMEM.  MAP_FIXED returns @addr.
 */
unsigned long arch_get_unmapped_area(struct mm_struct *mm, unsigned long addr,
				     unsigned long len, unsigned long flags);
unsigned long arch_get_unmapped_area_topdown(struct mm_struct *mm,
					     unsigned long addr,
					     unsigned long len,
					     unsigned long flags);

/*
 * The gate area every process shows after its VMAs in /proc/PID/maps,
 * or NULL (arches without one); arch_vma_name() names it.
 */
const struct vm_area_struct *get_gate_vma(struct mm_struct *mm);
const char *arch_vma_name(const struct vm_area_struct *vma);

#endif
