// SPDX-License-Identifier: MIT
/*
 * Where x86-64 places a new mapping (Linux's arch/x86/kernel/sys_x86_64.c,
 * randomization off): MAP_32BIT's low window and the 47-bit default window
 * are x86-64's; the gap search itself is mm/'s vm_unmapped_area().
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/trace.h>
#include <asm/processor.h>
#include <asm/syscalls.h>
#include "mm/internal.h"

/*
 * find_start_end(): the range a bottom-up search covers.  MAP_32BIT asks
 * for the second GiB, [1 GiB, 2 GiB), as Linux gives a 64-bit task (so
 * that code mapped there reaches its neighbours with 32-bit offsets).
 */
static void find_start_end(struct mm_struct *mm, unsigned long flags,
			   unsigned long *begin, unsigned long *end)
{
	if (flags & MAP_32BIT) {
		*begin = 0x40000000UL;
		*end = 0x80000000UL;
		return;
	}
	*begin = mm->mmap_legacy_base;
	*end = mm->task_size;
}

/*
 * A hint is taken only inside the task and on one side of
 * DEFAULT_MAP_WINDOW: a mapping never straddles the 47-bit boundary.
 */
static bool mmap_address_hint_valid(struct mm_struct *mm, unsigned long addr,
				    unsigned long len)
{
	if (mm->task_size - len < addr)
		return false;
	return (addr > DEFAULT_MAP_WINDOW) == (addr + len > DEFAULT_MAP_WINDOW);
}

/** arch_get_unmapped_area() - see asm/processor.h (bottom-up). */
unsigned long arch_get_unmapped_area(struct mm_struct *mm, unsigned long addr,
				     unsigned long len, unsigned long flags)
{
	struct vm_unmapped_area_info info = { .topdown = false, .length = len };
	struct vm_area_struct *vma;
	unsigned long begin, end;

	if (flags & MAP_FIXED)
		return addr;
	find_start_end(mm, flags, &begin, &end);
	if (len > end)
		return (unsigned long)-ENOMEM;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		vma = find_vma(mm, addr);
		if (end - len >= addr && (!vma || addr + len <= vm_start_gap(vma)))
			return addr;
	}
	info.low_limit = begin;
	info.high_limit = end;
	trace_mm(mm, "get_unmapped_area: bottom-up search [%#lx, %#lx) for %#lx",
		 begin, end, len);
	return vm_unmapped_area(mm, &info);
}

/*
 * arch_get_unmapped_area_topdown() past MAP_FIXED: the hint if it is free,
 * else the top-down search below mmap_base, else bottom-up.
 */
static noinline unsigned long topdown_placed(struct mm_struct *mm,
					     unsigned long addr,
					     unsigned long len,
					     unsigned long flags)
{
	struct vm_unmapped_area_info info = { .topdown = true, .length = len };
	struct vm_area_struct *vma;
	unsigned long addr0 = addr;

	/* MAP_32BIT wants the low window: only the bottom-up search has it. */
	if (flags & MAP_32BIT)
		goto bottomup;
	if (addr) {
		addr &= PAGE_MASK;
		if (mmap_address_hint_valid(mm, addr, len)) {
			vma = find_vma(mm, addr);
			if (!vma || addr + len <= vm_start_gap(vma)) {
				trace_mm(mm, "get_unmapped_area: hint %#lx is free", addr);
				return addr;
			}
		}
	}
	info.low_limit = PAGE_SIZE;
	info.high_limit = mm->mmap_base;
	addr = vm_unmapped_area(mm, &info);
	if (!(addr & ~PAGE_MASK)) {
		trace_mm(mm, "get_unmapped_area: top-down -> %#lx", addr);
		return addr;
	}
bottomup:
	/* A full top-down space falls back to the legacy bottom-up search. */
	return arch_get_unmapped_area(mm, addr0, len, flags);
}

/*
 * arch_get_unmapped_area_topdown() - see asm/processor.h.  MAP_FIXED
 * returns before anything is set up: mremap() asks with MAP_FIXED on every
 * growth in place (vma_expandable(), as Linux's).
 */
unsigned long arch_get_unmapped_area_topdown(struct mm_struct *mm,
					     unsigned long addr,
					     unsigned long len,
					     unsigned long flags)
{
	if (len > mm->task_size)
		return (unsigned long)-ENOMEM;
	if (flags & MAP_FIXED)
		return addr;
	return topdown_placed(mm, addr, len, flags);
}

/*
 * mmap(2) on x86-64: a byte offset, which must be page aligned (i386's
 * mmap2 takes the offset in pages, its old_mmap an argument block).
 */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags,
		unsigned long, fd, unsigned long, off)
{
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return ksys_mmap_pgoff(addr, len, prot, flags, fd, off >> PAGE_SHIFT);
}
