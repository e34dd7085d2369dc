// SPDX-License-Identifier: MIT
/*
 * mprotect(2): change the protection of a range VMA by VMA, as Linux's
 * do_mprotect_pkey() and mprotect_fixup() do: the checks in Linux's order,
 * PROT_GROWSDOWN/UP, the commit charge when a private mapping becomes
 * writable (and its release when a never-faulted anonymous one stops
 * being writable), merging with a neighbour or splitting, then rewriting
 * the PTEs (change_protection()).  A hole stops the walk with -ENOMEM
 * after the VMAs before it were changed.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/trace.h>
#include <linux/pagewalk.h>
#include <asm/tlbflush.h>
#include "mm/internal.h"

/* --- change_protection(): the PTEs ------------------------------------------- */

struct change_prot_walk {
	pgprot_t newprot;
	unsigned long pages;
};

/* One PTE table per callback, as Linux's change_pte_range(). */
static int change_pmd_entry(pmd_t *pmd, unsigned long addr, unsigned long end,
			    struct mm_walk *walk)
{
	struct change_prot_walk *cp = walk->private;
	struct vm_area_struct *vma = walk->vma;
	bool keep_write = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
	pte_t *ptep, *first;

	walk->action = ACTION_CONTINUE;
	if (pmd_leaf(*pmd))
		return 0;	/* no THP in mmlab: never a user leaf */
	first = pte_offset_map(pmd, addr);
	for (ptep = first; addr < end; addr += PAGE_SIZE, ptep++) {
		pte_t old = ptep_get(ptep), new;
		struct page *page;

		if (!pte_present(old))
			continue;
		new = pte_modify(old, cp->newprot);
		page = keep_write ? vm_normal_page(vma, addr, old) : NULL;
		if (page && PageAnon(page) && page_mapcount(page) == 1 &&
		    pte_dirty(old))
			new = pte_mkwrite(new);
		set_pte(ptep, new);
		cp->pages++;
	}
	pte_unmap(first);
	return 0;
}

static const struct mm_walk_ops change_prot_walk_ops = {
	.pmd_entry = change_pmd_entry,
	.test_walk = walk_every_vma,
};

/**
 * change_protection() - rewrite the present PTEs of [start, end) with
 * @newprot, keeping each page's frame and A/D bits; a private page stays
 * write-protected unless it is an exclusive, dirty anonymous page.
 * Return: the number of PTEs changed.
 */
long change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, pgprot_t newprot)
{
	struct change_prot_walk cp = { .newprot = newprot };
	struct mm_struct *mm = vma->vm_mm;

	if (start >= end)
		return 0;
	walk_page_range_vma(vma, start, end, &change_prot_walk_ops, &cp);
	if (cp.pages)
		flush_tlb_mm_range(mm, start, end);
	return (long)cp.pages;
}

/* --- mprotect(2): the VMAs --------------------------------------------------- */

/* x86 has no protection keys in mmlab: pkey is always -1. */
static unsigned long calc_vm_prot_bits(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) |
	       ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* arch_validate_prot(): only READ, WRITE, EXEC and SEM are known bits. */
static bool arch_validate_prot(unsigned long prot)
{
	return !(prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM));
}

/*
 * The commit charge of mprotect_fixup(): a private mapping that becomes
 * writable is charged unless it already is (or never will be: shared,
 * NORESERVE); one that stops being writable keeps its charge, except an
 * anonymous VMA that never had an anon_vma, whose VM_ACCOUNT is dropped
 * (so it can merge back with never-charged neighbours).
 * Return: 0 with *newflags adjusted and *charged set, or -ENOMEM.
 */
static int mprotect_charge(struct vm_area_struct *vma, unsigned long *newflags,
			   unsigned long nrpages, unsigned long *charged)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long oldflags = vma->vm_flags;

	*charged = 0;
	if (*newflags & VM_WRITE) {
		if (!may_expand_vm(mm, *newflags, nrpages) &&
		    may_expand_vm(mm, oldflags, nrpages))
			return -ENOMEM;
		if (!(oldflags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB | VM_SHARED |
				  VM_NORESERVE))) {
			if (security_vm_enough_memory_mm(mm, (long)nrpages))
				return -ENOMEM;
			*charged = nrpages;
			*newflags |= VM_ACCOUNT;
		}
	} else if ((oldflags & VM_ACCOUNT) && vma_is_anonymous(vma) &&
		   !vma->anon_vma) {
		*newflags &= ~VM_ACCOUNT;
	}
	return 0;
}

/**
 * mprotect_fixup() - give [start, end) of @vma the flags @newflags.
 * @pprev: in: the VMA before the range (or @vma when @start is inside it);
 * out: the VMA that now holds the range.
 *
 * Context: mmap_lock held for write.
 * Return: 0, or -ENOMEM (commit refused, RLIMIT_AS/DATA, or no VMA for a
 * split); nothing changed on failure.
 */
static int mprotect_fixup(struct vm_area_struct *vma, struct vm_area_struct **pprev,
		   unsigned long start, unsigned long end,
		   unsigned long newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long oldflags = vma->vm_flags;
	long nrpages = (long)((end - start) >> PAGE_SHIFT);
	unsigned long charged;
	int err;

	if (newflags == oldflags) {
		*pprev = vma;
		return 0;
	}
	err = mprotect_charge(vma, &newflags, (unsigned long)nrpages, &charged);
	if (err)
		return err;
	vma = vma_modify_flags(*pprev, vma, start, end, newflags);
	if (IS_ERR(vma)) {
		if (charged)
			vm_unacct_memory((long)charged);
		return (int)PTR_ERR(vma);
	}
	*pprev = vma;
	trace_mm(mm, "mprotect_fixup: [%#lx, %#lx) flags %#lx -> %#lx in vma %#lx-%#lx",
		 start, end, oldflags, newflags, vma->vm_start, vma->vm_end);
	vma->vm_flags = newflags;
	vma_set_page_prot(vma);
	change_protection(vma, start, end, vma->vm_page_prot);
	if ((oldflags & VM_ACCOUNT) && !(newflags & VM_ACCOUNT))
		vm_unacct_memory(nrpages);
	/* A private locked VMA made writable: break COW now, as Linux does. */
	if ((oldflags & (VM_WRITE | VM_SHARED | VM_LOCKED)) == VM_LOCKED &&
	    (newflags & VM_WRITE))
		populate_vma_page_range(vma, start, end, /* write = */ true);
	vm_stat_account(mm, oldflags, -nrpages);
	vm_stat_account(mm, newflags, nrpages);
	return 0;
}

/*
 * The first VMA of the walk and the range adjusted for PROT_GROWSDOWN/UP.
 * Return: the VMA, or ERR_PTR(-ENOMEM) (nothing mapped at start) or
 * ERR_PTR(-EINVAL) (PROT_GROWS* on a VMA that does not grow).
 */
static struct vm_area_struct *mprotect_first_vma(struct mm_struct *mm,
						 unsigned long *start,
						 unsigned long *end,
						 unsigned long grows)
{
	struct vm_area_struct *vma = find_vma(mm, *start);

	if (!vma)
		return ERR_PTR(-ENOMEM);
	if (grows & PROT_GROWSDOWN) {
		if (vma->vm_start >= *end)
			return ERR_PTR(-ENOMEM);
		*start = vma->vm_start;
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return ERR_PTR(-EINVAL);
		return vma;
	}
	if (vma->vm_start > *start)
		return ERR_PTR(-ENOMEM);
	if (grows & PROT_GROWSUP) {
		/* x86 has no VM_GROWSUP: always refused. */
		*end = vma->vm_end;
		return ERR_PTR(-EINVAL);
	}
	return vma;
}

/* The new flags for @vma, or -EACCES when its VM_MAY* bits forbid them. */
static long mprotect_newflags(struct vm_area_struct *vma, unsigned long prot)
{
	unsigned long newflags = calc_vm_prot_bits(prot) |
				 (vma->vm_flags & ~VM_ACCESS_FLAGS);

	/* VM_MAY* sit four bits above the VM_* they allow. */
	if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS)
		return -EACCES;
	return (long)newflags;
}

/* Walk the VMAs of [start, end) and change each; a hole is -ENOMEM. */
static int mprotect_range(struct mm_struct *mm, unsigned long start,
			  unsigned long end, unsigned long prot,
			  unsigned long grows)
{
	struct vm_area_struct *vma, *prev;
	unsigned long nstart, tmp;
	long newflags;
	int err = 0;

	vma = mprotect_first_vma(mm, &start, &end, grows);
	if (IS_ERR(vma))
		return (int)PTR_ERR(vma);
	prev = start > vma->vm_start ? vma : vma->vm_prev;
	nstart = start;
	tmp = vma->vm_start;
	for (; vma && vma->vm_start < end; vma = prev->vm_next) {
		if (vma->vm_start != tmp) {
			trace_mm(mm, "mprotect: hole at %#lx -> ENOMEM", tmp);
			return -ENOMEM;
		}
		newflags = mprotect_newflags(vma, prot);
		if (newflags < 0) {
			trace_mm(mm, "mprotect: vma %#lx-%#lx lacks VM_MAY* -> EACCES",
				 vma->vm_start, vma->vm_end);
			return (int)newflags;
		}
		tmp = min(vma->vm_end, end);
		err = mprotect_fixup(vma, &prev, nstart, tmp, (unsigned long)newflags);
		if (err)
			return err;
		tmp = prev->vm_end;
		nstart = tmp;
	}
	if (tmp < end) {
		trace_mm(mm, "mprotect: hole at %#lx -> ENOMEM", tmp);
		return -ENOMEM;
	}
	return 0;
}

/**
 * do_mprotect_pkey() - the mprotect system call (@pkey -1) of the current
 * task.  The machine's CPU has no protection keys (no PKU), so, as on
 * such a host, pkey_mprotect(2) with any other key is -EINVAL.
 *
 * Checks in Linux's order: PROT_GROWSDOWN with PROT_GROWSUP, unaligned
 * start (-EINVAL), zero length (0), wrap-around (-ENOMEM), unknown prot
 * bits (-EINVAL), a key not allocated (-EINVAL); then the walk.
 * Return: 0 or -errno.
 */
long do_mprotect_pkey(unsigned long start, unsigned long len,
		      unsigned long prot, int pkey)
{
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	struct mm_struct *mm = current->mm;
	unsigned long end;
	int err;

	prot &= ~(unsigned long)(PROT_GROWSDOWN | PROT_GROWSUP);
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (!arch_validate_prot(prot))
		return -EINVAL;
	if (pkey != -1)		/* no PKU: not even key 0 is allocated */
		return -EINVAL;
	trace_mm(mm, "do_mprotect_pkey: [%#lx, %#lx) prot %c%c%c", start, end,
		 (prot & PROT_READ) ? 'r' : '-', (prot & PROT_WRITE) ? 'w' : '-',
		 (prot & PROT_EXEC) ? 'x' : '-');
	err = mprotect_range(mm, start, end, prot, grows);
	trace_mm(mm, "do_mprotect_pkey: -> %d", err);
	return err;
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len,
		unsigned long, prot)
{
	return do_mprotect_pkey(start, len, prot, -1);
}
