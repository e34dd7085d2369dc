// SPDX-License-Identifier: MIT
/*
 * mlock, mlock2, munlock, mlockall and munlockall: VM_LOCKED and
 * VM_LOCKONFAULT on the VMAs (split and merged as Linux does), the
 * mm->locked_vm count checked against RLIMIT_MEMLOCK, populating the
 * locked range, and PG_mlocked on the pages with the NR_MLOCK zone
 * counter (/proc/meminfo's Mlocked).
 *
 * A page is mlocked while at least one VM_LOCKED VMA maps it: the rmap
 * paths of mm/memory.c call mlock_vma_page() when a locked VMA maps a page
 * and munlock_vma_page() when it stops mapping it; mlock_fixup() does the
 * same for the pages already present when a VMA's VM_LOCKED changes.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/trace.h>
#include <linux/pagewalk.h>
#include <linux/mm_inline.h>
#include "mm/internal.h"

/* --- PG_mlocked ------------------------------------------------------------- */

/*
 * How many locked VMAs map a mlocked page.  Linux overlays folio->mlock_count
 * on the LRU links (an mlocked folio is on no LRU list); mmlab keeps it in
 * page->private, which user pages do not otherwise use.
 */
void mlock_page(struct page *page)
{
	page = compound_head(page);
	if (!PageMlocked(page)) {
		bool lru = PageLRU(page);

		lru_del_page(page);	/* onto the unevictable list */
		SetPageMlocked(page);
		SetPageUnevictable(page);
		ClearPageActive(page);
		page->private = 0;
		page_zone(page)->vm_stat[NR_MLOCK]++;
		if (lru)
			lru_move_now(page);
	}
	page->private++;
}

static void munlock_page(struct page *page)
{
	bool lru;

	page = compound_head(page);
	if (!PageMlocked(page))
		return;
	if (page->private > 1) {
		page->private--;
		return;
	}
	page->private = 0;
	lru = PageLRU(page);
	lru_del_page(page);	/* back onto an evictable list */
	ClearPageMlocked(page);
	ClearPageUnevictable(page);
	page_zone(page)->vm_stat[NR_MLOCK]--;
	if (lru)
		lru_move_now(page);
}

/**
 * munlock_vma_page() - @vma no longer maps @page: drop the mlock it held
 * if @vma is locked, as Linux's munlock_vma_folio().
 */
void munlock_vma_page(struct vm_area_struct *vma, struct page *page)
{
	if (vma->vm_flags & VM_LOCKED)
		munlock_page(page);
}

static int mlock_pte_entry(pte_t *ptep, unsigned long addr,
			   unsigned long next, struct mm_walk *walk)
{
	bool *lock = walk->private;
	pte_t pte = ptep_get(ptep);
	struct page *page;

	(void)addr;
	(void)next;
	if (!pte_present(pte) || pte_protnone(pte) || pte_special(pte) ||
	    !pfn_valid(pte_pfn(pte)))
		return 0;
	page = pfn_to_page(pte_pfn(pte));
	if (*lock)
		mlock_page(page);
	else
		munlock_page(page);
	return 0;
}

/* PFN maps (skipped by the walk's default) have no pages to lock. */
static const struct mm_walk_ops mlock_walk_ops = {
	.pte_entry = mlock_pte_entry,
};

/* mlock or munlock the pages present in [start, end) of @vma. */
static void mlock_vma_pages_range(struct vm_area_struct *vma,
				  unsigned long start, unsigned long end,
				  bool lock)
{
	if (start < end)
		walk_page_range_vma(vma, start, end, &mlock_walk_ops, &lock);
}

/**
 * munlock_vma_pages_range() - drop the mlock of the pages present in
 * [start, end) of the locked @vma, whose VM_LOCKED is about to go.
 */
void munlock_vma_pages_range(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end)
{
	if (vma->vm_flags & VM_LOCKED)
		mlock_vma_pages_range(vma, start, end, false);
}

/* --- VMAs ---------------------------------------------------------------------- */

/*
 * mlock_fixup() - give [start, end) of @vma the lock flags in @newflags:
 * split or merge, account locked_vm, (un)mlock the present pages.
 * Special mappings keep their flags and are not counted, as in Linux.
 * *@prev becomes the VMA now holding the range.
 */
static int mlock_fixup(struct vm_area_struct *vma,
		       struct vm_area_struct **prev, unsigned long start,
		       unsigned long end, unsigned long newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long oldflags = vma->vm_flags;
	long nr_pages;

	if (newflags == oldflags || (oldflags & (VM_SPECIAL | VM_HUGETLB))) {
		*prev = vma;
		return 0;
	}
	vma = vma_modify_flags(*prev, vma, start, end, newflags);
	if (IS_ERR(vma))
		return (int)PTR_ERR(vma);
	nr_pages = (long)((end - start) >> PAGE_SHIFT);
	if (!(newflags & VM_LOCKED))
		nr_pages = -nr_pages;
	else if (oldflags & VM_LOCKED)
		nr_pages = 0;
	mm->locked_vm += (unsigned long)nr_pages;
	if ((newflags & VM_LOCKED) && (oldflags & VM_LOCKED)) {
		vma->vm_flags = newflags;	/* only VM_LOCKONFAULT changes */
	} else if (newflags & VM_LOCKED) {
		vma->vm_flags = newflags;
		mlock_vma_pages_range(vma, start, end, true);
	} else {
		mlock_vma_pages_range(vma, start, end, false);
		vma->vm_flags = newflags;
	}
	trace_mm(mm, "mlock_fixup: [%#lx, %#lx) %s%s", start, end,
		 (newflags & VM_LOCKED) ? "locked" : "unlocked",
		 (newflags & VM_LOCKONFAULT) ? " on fault" : "");
	*prev = vma;
	return 0;
}

/*
 * apply_vma_lock_flags() - set the lock flags @flags on every VMA of
 * [start, start+len) (page aligned).  A hole stops the walk with -ENOMEM
 * after the VMAs before it were changed, as Linux does.
 */
static int apply_vma_lock_flags(struct mm_struct *mm, unsigned long start,
				unsigned long len, unsigned long flags)
{
	unsigned long end = start + len, nstart, tmp;
	struct vm_area_struct *vma, *prev, *next;
	int err;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	prev = start > vma->vm_start ? vma : vma->vm_prev;
	nstart = start;
	tmp = vma->vm_start;
	for (; vma && vma->vm_start < end; vma = next) {
		unsigned long newflags = (vma->vm_flags & ~VM_LOCKED_MASK) | flags;

		if (vma->vm_start != tmp)
			return -ENOMEM;
		tmp = min(vma->vm_end, end);
		err = mlock_fixup(vma, &prev, nstart, tmp, newflags);
		if (err)
			return err;
		/* prev now holds [nstart, tmp); what follows comes next. */
		next = prev->vm_next;
		tmp = prev->vm_end;
		nstart = tmp;
	}
	return tmp < end ? -ENOMEM : 0;
}

/* Pages of VM_LOCKED VMAs inside [start, start+len). */
static unsigned long count_mm_mlocked_page_nr(struct mm_struct *mm,
					      unsigned long start,
					      unsigned long len)
{
	unsigned long end = start + len, count = 0;
	struct vm_area_struct *vma = find_vma(mm, start);

	if (end < start)
		end = ~0UL;
	for (; vma && vma->vm_start < end; vma = vma->vm_next)
		if (vma->vm_flags & VM_LOCKED)
			count += (min(end, vma->vm_end) - max(start, vma->vm_start)) >> PAGE_SHIFT;
	return count;
}

/* --- populating ------------------------------------------------------------------ */

/* A VMA get_user_pages() would refuse without FOLL_FORCE: -EFAULT. */
static bool vma_is_accessible(const struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_ACCESS_FLAGS;
}

/*
 * __mm_populate() - fault in [start, start+len) VMA by VMA as mlock does
 * (Linux's populate_vma_page_range() through get_user_pages()): holes
 * are skipped, VM_IO/VM_PFNMAP and VM_LOCKONFAULT VMAs left alone, a
 * PROT_NONE VMA or a failed fault is -EFAULT, no memory -ENOMEM.  With
 * @ignore_errors (mlockall) every VMA is tried.
 */
static int __mm_populate(struct mm_struct *mm, unsigned long start,
			 unsigned long len, bool ignore_errors)
{
	unsigned long end = start + len, nstart, nend;
	struct vm_area_struct *vma;
	int ret = 0;

	for (nstart = start; nstart < end; nstart = nend) {
		vma = find_vma_intersection(mm, nstart, end);
		if (!vma)
			break;
		nend = min(end, vma->vm_end);
		if (vma->vm_flags & (VM_IO | VM_PFNMAP | VM_LOCKONFAULT))
			continue;
		nstart = max(nstart, vma->vm_start);
		if (!vma_is_accessible(vma))
			ret = -EFAULT;
		else
			ret = populate_vma_page_range(vma, nstart, nend,
				(vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE);
		if (ret && !ignore_errors)
			break;
		ret = 0;
	}
	return ret;
}

/* mlock(2) reports a failed fault as ENOMEM and no memory as EAGAIN. */
static int __mlock_posix_error_return(long retval)
{
	if (retval == -EFAULT)
		return -ENOMEM;
	if (retval == -ENOMEM)
		return -EAGAIN;
	return (int)retval;
}

/* can_do_mlock(): a non-zero RLIMIT_MEMLOCK, or CAP_IPC_LOCK. */
static bool can_do_mlock(struct task_struct *t)
{
	return rlimit(t, RLIMIT_MEMLOCK) != 0 || t->cap_ipc_lock;
}

/* --- system calls ------------------------------------------------------------------ */

/**
 * do_mlock() - mlock(2) (@flags 0) and mlock2(2) (@flags MLOCK_ONFAULT):
 * lock the VMAs of the page-rounded range, within RLIMIT_MEMLOCK unless
 * CAP_IPC_LOCK, then fault the range in (not with MLOCK_ONFAULT).
 * Return: 0, or -EINVAL, -EPERM, -ENOMEM, -EAGAIN.
 */
long do_mlock(unsigned long start, unsigned long len,
	      unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long vm_flags = VM_LOCKED, locked, lock_limit;
	int err;

	if (flags & ~(unsigned long)MLOCK_ONFAULT)
		return -EINVAL;
	if (flags & MLOCK_ONFAULT)
		vm_flags |= VM_LOCKONFAULT;
	if (!can_do_mlock(current))
		return -EPERM;
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	lock_limit = rlimit(current, RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	locked = (len >> PAGE_SHIFT) + mm->locked_vm;
	if (locked > lock_limit && !current->cap_ipc_lock)
		locked -= count_mm_mlocked_page_nr(mm, start, len);
	trace_mm(mm, "do_mlock: [%#lx, +%#lx)%s", start, len,
		 (flags & MLOCK_ONFAULT) ? " onfault" : "");
	if (locked > lock_limit && !current->cap_ipc_lock) {
		trace_mm(mm, "do_mlock: %lu pages over RLIMIT_MEMLOCK -> ENOMEM", locked);
		return -ENOMEM;
	}
	err = apply_vma_lock_flags(mm, start, len, vm_flags);
	if (err)
		return err;
	err = __mm_populate(mm, start, len, false);
	return err ? __mlock_posix_error_return(err) : 0;
}

/**
 * do_munlock() - munlock(2): clear VM_LOCKED and VM_LOCKONFAULT on the
 * page-rounded range.  Return: 0, -EINVAL or -ENOMEM (a hole).
 */
long do_munlock(unsigned long start, unsigned long len)
{
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	trace_mm(current->mm, "do_munlock: [%#lx, +%#lx)", start, len);
	return apply_vma_lock_flags(current->mm, start, len, 0);
}

/*
 * apply_mlockall_flags() - MCL_FUTURE goes to mm->def_flags (new mappings
 * are born locked); MCL_CURRENT locks every VMA now.  Errors on single
 * VMAs are ignored, as Linux does.
 */
static void apply_mlockall_flags(struct mm_struct *mm, int flags)
{
	struct vm_area_struct *vma, *prev = NULL, *next;
	unsigned long to_add = 0;

	mm->def_flags &= ~VM_LOCKED_MASK;
	if (flags & MCL_FUTURE) {
		mm->def_flags |= VM_LOCKED;
		if (flags & MCL_ONFAULT)
			mm->def_flags |= VM_LOCKONFAULT;
		if (!(flags & MCL_CURRENT))
			return;
	}
	if (flags & MCL_CURRENT) {
		to_add |= VM_LOCKED;
		if (flags & MCL_ONFAULT)
			to_add |= VM_LOCKONFAULT;
	}
	for (vma = mm->mmap; vma; vma = next) {
		unsigned long newflags = (vma->vm_flags & ~VM_LOCKED_MASK) | to_add;

		if (mlock_fixup(vma, &prev, vma->vm_start, vma->vm_end, newflags))
			prev = vma;
		next = prev->vm_next;
	}
}

/**
 * do_mlockall() - mlockall(2): MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT (not
 * alone).  MCL_CURRENT needs total_vm within RLIMIT_MEMLOCK unless
 * CAP_IPC_LOCK, and faults everything in, ignoring failures.
 * Return: 0, or -EINVAL, -EPERM, -ENOMEM.
 */
long do_mlockall(int flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long lock_limit;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	if (!can_do_mlock(current))
		return -EPERM;
	lock_limit = rlimit(current, RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	if ((flags & MCL_CURRENT) && mm->total_vm > lock_limit &&
	    !current->cap_ipc_lock)
		return -ENOMEM;
	trace_mm(mm, "do_mlockall: %s%s%s", (flags & MCL_CURRENT) ? "current " : "",
		 (flags & MCL_FUTURE) ? "future " : "", (flags & MCL_ONFAULT) ? "onfault" : "");
	apply_mlockall_flags(mm, flags);
	if (flags & MCL_CURRENT)
		__mm_populate(mm, 0, mm->task_size, /* ignore_errors = */ true);
	return 0;
}

/** do_munlockall() - munlockall(2): unlock every VMA, clear MCL_FUTURE. */
long do_munlockall(void)
{
	trace_mm(current->mm, "do_munlockall");
	apply_mlockall_flags(current->mm, 0);
	return 0;
}

SYSCALL_DEFINE2(mlock, unsigned long, start, size_t, len)
{
	return do_mlock(start, len, 0);
}

/* Linux's int flags: a negative one has bits beyond MLOCK_ONFAULT. */
SYSCALL_DEFINE3(mlock2, unsigned long, start, size_t, len, int, flags)
{
	return do_mlock(start, len, (unsigned int)flags);
}

SYSCALL_DEFINE2(munlock, unsigned long, start, size_t, len)
{
	return do_munlock(start, len);
}

SYSCALL_DEFINE1(mlockall, int, flags)
{
	return do_mlockall(flags);
}

SYSCALL_DEFINE0(munlockall)
{
	return do_munlockall();
}
