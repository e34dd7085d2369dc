// SPDX-License-Identifier: MIT
/*
 * madvise(2): every advice Linux 6.18 accepts on x86-64, checked and
 * applied in Linux's order.  The range is walked VMA by VMA; advices that
 * change vm_flags split and merge the VMAs (vma_modify_flags()); holes
 * are skipped and reported as ENOMEM once the mapped parts were advised.
 *
 * Where mmlab lacks the machinery behind an advice it says so here:
 *  - no reclaim and no swap: MADV_FREE marks the pages lazily freeable
 *    (clean, old, not swap-backed) and they keep their data, as they do
 *    on Linux until reclaim; MADV_COLD and MADV_PAGEOUT age the pages
 *    (clear the accessed bits and PG_referenced) but free nothing;
 *  - no transparent huge pages: MADV_HUGEPAGE/NOHUGEPAGE set the VMA
 *    flags only; MADV_COLLAPSE is EINVAL (a VMA that cannot hold a 2 MiB
 *    page gets EINVAL on Linux too);
 *  - no KSM daemon: MADV_MERGEABLE/UNMERGEABLE set and clear VM_MERGEABLE;
 *  - no memory-failure support: MADV_HWPOISON/SOFT_OFFLINE are EINVAL, as
 *    on a kernel built without CONFIG_MEMORY_FAILURE.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/falloc.h>
#include <linux/stat.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/trace.h>
#include <linux/pagewalk.h>
#include <asm/tlbflush.h>
#include <linux/mm_inline.h>
#include <linux/vmscan.h>
#include "mm/internal.h"
#include "mm/swap.h"

#define HPAGE_PMD_SIZE		PMD_SIZE

/* One madvise() call as it walks the VMAs. */
struct madvise_behavior {
	struct mm_struct *mm;
	int behavior;
};

static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_DOFORK: case MADV_DONTFORK: case MADV_NORMAL:
	case MADV_SEQUENTIAL: case MADV_RANDOM: case MADV_REMOVE:
	case MADV_WILLNEED: case MADV_DONTNEED: case MADV_DONTNEED_LOCKED:
	case MADV_FREE: case MADV_COLD: case MADV_PAGEOUT:
	case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
	case MADV_MERGEABLE: case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE: case MADV_NOHUGEPAGE: case MADV_COLLAPSE:
	case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_WIPEONFORK: case MADV_KEEPONFORK:
	case MADV_GUARD_INSTALL: case MADV_GUARD_REMOVE:
		return true;
	default:
		return false;
	}
}

/* --- page-table helpers ------------------------------------------------------- */

static bool is_guard_pte(pte_t pte)
{
	return pte_val(pte) == pte_val(make_guard_pte());
}

/* The normal page a present PTE maps, or NULL (zero page, PFN maps). */
static struct page *madvise_normal_page(struct vm_area_struct *vma, pte_t pte)
{
	if (!pte_present(pte) || pte_protnone(pte) || pte_special(pte) ||
	    !pfn_valid(pte_pfn(pte)))
		return NULL;
	return pfn_to_page(pte_pfn(pte));
}

/* Zap [start, end) of @vma; guard markers stay (no ZAP_FLAG_DROP_MARKER). */
static void zap_keep_guards(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end)
{
	zap_page_range_single(vma, start, end - start, NULL);
}

/* --- advices that do not touch vm_flags ------------------------------------------ */

static long madvise_dontneed_free(struct madvise_behavior *mb,
				  struct vm_area_struct *vma,
				  unsigned long start, unsigned long end);

/* swapin_walk_pmd_entry(): read each swap entry's page into the swap cache. */
static int swapin_pte_entry(pte_t *ptep, unsigned long addr, unsigned long next,
			    struct mm_walk *walk)
{
	pte_t pte = ptep_get(ptep);
	swp_entry_t entry;
	struct page *page;
	bool new_page;

	(void)addr;
	(void)next;
	(void)walk;
	if (!is_swap_pte(pte) || is_guard_pte(pte))
		return 0;
	entry = pte_to_swp_entry(pte);
	if (non_swap_entry(entry))
		return 0;
	page = read_swap_cache_async(entry, &new_page);
	if (!IS_ERR_OR_NULL(page))
		put_page(page);
	return 0;
}

static const struct mm_walk_ops swapin_walk_ops = {
	.pte_entry = swapin_pte_entry,
};

/* MADV_WILLNEED: read a file range into the page cache (readahead). */
static long madvise_willneed(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end)
{
	struct file *file = vma->vm_file;
	struct inode *inode;
	pgoff_t index, last, eof;

	/*
	 * Anonymous memory: its swapped pages are read into the swap cache.
	 * shmem (not swapped in mmlab) and a mapping without ->read_folio
	 * have nothing to read ahead.
	 */
	if (!file) {
		walk_page_range_vma(vma, start, end, &swapin_walk_ops, NULL);
		trace_mm(vma->vm_mm, "madvise_willneed: [%#lx, %#lx) swapped pages read into the swap cache",
			 start, end);
		return 0;
	}
	if (vma_is_anonymous(vma) || !file->f_mapping->a_ops ||
	    !file->f_mapping->a_ops->read_folio)
		return 0;
	inode = file->f_inode;
	index = vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT);
	last = index + ((end - start) >> PAGE_SHIFT);
	eof = (pgoff_t)DIV_ROUND_UP(inode->i_size, PAGE_SIZE);
	for (; index < min(last, eof); index++) {
		bool major;
		struct page *page = filemap_get_page(file->f_mapping, index, &major);

		if (IS_ERR(page))
			break;		/* readahead is best effort */
		put_page(page);
	}
	trace_mm(vma->vm_mm, "madvise_willneed: file pages read ahead up to %#lx", index);
	return 0;
}

/* can_madv_lru_vma(): COLD and PAGEOUT leave locked and PFN maps alone. */
static bool can_madv_lru_vma(const struct vm_area_struct *vma)
{
	return !(vma->vm_flags & (VM_LOCKED | VM_PFNMAP | VM_HUGETLB));
}

struct cold_walk {
	bool pageout;
	bool aged;
	unsigned long paged_out;
	struct list_head file_pages;	/* MADV_PAGEOUT: isolated file pages */
};

/* One PTE table at a time, as Linux's madvise_cold_or_pageout_pte_range(). */
static int madvise_cold_pmd_entry(pmd_t *pmd, unsigned long addr,
				  unsigned long end, struct mm_walk *walk)
{
	struct cold_walk *cw = walk->private;
	pte_t *ptep, *first;

	walk->action = ACTION_CONTINUE;
	if (pmd_leaf(*pmd))
		return 0;	/* no THP in mmlab: never a user leaf */
	first = pte_offset_map(pmd, addr);
	for (ptep = first; addr < end; addr += PAGE_SIZE, ptep++) {
		pte_t pte = ptep_get(ptep);
		struct page *page;

		if (pte_none(pte))
			continue;
		page = madvise_normal_page(walk->vma, pte);
		if (!page || page_mapcount(page) > 1)
			continue;
		if (cw->pageout && (PageAnon(page) || (PageSwapBacked(page) &&
		    page->mapping && shmem_mapping(page->mapping)))) {
			/*
			 * reclaim_pages(): even referenced pages go; written,
			 * they stay in the swap cache until reclaim needs them.
			 */
			get_page(page);
			if (!pageout_anon_page(page, false))
				cw->paged_out++;
			put_page(page);
			continue;
		}
		if (!cw->pageout && pte_young(pte))
			set_pte(ptep, pte_mkold(pte));
		ClearPageReferenced(page);
		cw->aged = true;
		if (!cw->pageout)
			folio_deactivate(page);
		else if (!PageAnon(page) && isolate_lru_page(page))
			list_add(&page->lru, &cw->file_pages);
	}
	pte_unmap(first);
	return 0;
}

static const struct mm_walk_ops cold_walk_ops = {
	.pmd_entry = madvise_cold_pmd_entry,
};

/*
 * MADV_COLD / MADV_PAGEOUT on the pages this VMA maps alone: COLD clears
 * the accessed bits and moves the pages to the tail of the inactive list.
 * PAGEOUT swaps the anonymous ones out (pageout_anon_page()), referenced
 * or not, as Linux's reclaim_pages(): their PTEs become swap entries, the
 * pages are written and stay in the swap cache until reclaim frees them;
 * without swap they stay mapped.  Clean file pages are reclaimed at once
 * (dirty ones stay, as Linux's reclaim_pages() does not write them).
 */
static long madvise_cold_or_pageout(struct vm_area_struct *vma,
				    unsigned long start, unsigned long end,
				    bool pageout)
{
	struct cold_walk cw = { .pageout = pageout };
	struct mm_struct *mm = vma->vm_mm;
	unsigned long freed = 0;

	if (!can_madv_lru_vma(vma))
		return -EINVAL;
	INIT_LIST_HEAD(&cw.file_pages);
	lru_add_drain();	/* as Linux's madvise_cold()/madvise_pageout() */
	if (start < end)
		walk_page_range_vma(vma, start, end, &cold_walk_ops, &cw);
	if (cw.aged)
		flush_tlb_mm_range(mm, start, end);
	if (!list_empty(&cw.file_pages))
		freed = reclaim_pages(&cw.file_pages);
	trace_mm(mm, "madvise_%s: [%#lx, %#lx) aged, %lu anon pages swapped out, %lu file pages reclaimed",
		 pageout ? "pageout" : "cold", start, end, cw.paged_out, freed);
	return 0;
}

/* MADV_FREE on one PTE: a private, exclusive anon page becomes lazyfree. */
static int madvise_free_pte_entry(pte_t *ptep, unsigned long addr,
				  unsigned long next, struct mm_walk *walk)
{
	struct page *page = madvise_normal_page(walk->vma, ptep_get(ptep));
	bool *freed = walk->private;
	pte_t pte = ptep_get(ptep);

	(void)addr;
	(void)next;
	if (is_swap_pte(pte) && !is_guard_pte(pte)) {
		/* A swapped-out page is freed at once: its slot goes. */
		swp_entry_t entry = pte_to_swp_entry(pte);

		if (non_swap_entry(entry))
			return 0;
		pte_clear(ptep);
		walk->vma->vm_mm->rss_stat[MM_SWAPENTS]--;
		free_swap_and_cache(entry);
		return 0;
	}
	if (!page || !PageAnon(page) || page_mapcount(page) != 1)
		return 0;
	ClearPageDirty(page);
	ClearPageReferenced(page);
	folio_mark_lazyfree(page);
	set_pte(ptep, pte_mkclean(pte_mkold(ptep_get(ptep))));
	*freed = true;
	return 0;
}

static const struct mm_walk_ops madvise_free_walk_ops = {
	.pte_entry = madvise_free_pte_entry,
};

static long madvise_free_single_vma(struct vm_area_struct *vma,
				    unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	bool freed = false;

	if (!vma_is_anonymous(vma))
		return -EINVAL;
	walk_page_range_vma(vma, start, end, &madvise_free_walk_ops, &freed);
	if (freed)
		flush_tlb_mm_range(mm, start, end);
	trace_mm(mm, "madvise_free: [%#lx, %#lx) lazily freed", start, end);
	return 0;
}

static long madvise_dontneed_free(struct madvise_behavior *mb,
				  struct vm_area_struct *vma,
				  unsigned long start, unsigned long end)
{
	unsigned long forbidden = VM_PFNMAP;

	if (mb->behavior != MADV_DONTNEED_LOCKED)
		forbidden |= VM_LOCKED;
	if (vma->vm_flags & forbidden)
		return -EINVAL;
	if (start == end)
		return 0;
	if (mb->behavior == MADV_FREE)
		return madvise_free_single_vma(vma, start, end);
	zap_keep_guards(vma, start, end);
	trace_mm(mb->mm, "madvise_dontneed: zapped [%#lx, %#lx)", start, end);
	return 0;
}

/*
 * MADV_REMOVE: punch a hole in the backing object (shmem or a file
 * mapped shared and writable) through its file system's ->fallocate(), as
 * Linux does: that unmaps the range's page-cache pages everywhere (private
 * COW copies stay), drops them and frees the host file's blocks.
 */
static long madvise_remove(struct vm_area_struct *vma, unsigned long start,
			   unsigned long end)
{
	struct file *f = vma->vm_file;
	long long offset, len = (long long)(end - start);

	if (vma->vm_flags & VM_LOCKED)
		return -EINVAL;
	if (!f || !f->f_mapping || vma_is_anonymous(vma) ||
	    !S_ISREG(f->f_inode->i_mode))
		return -EINVAL;
	if ((vma->vm_flags & (VM_SHARED | VM_MAYWRITE)) != (VM_SHARED | VM_MAYWRITE))
		return -EACCES;
	offset = (long long)(start - vma->vm_start) +
		 ((long long)vma->vm_pgoff << PAGE_SHIFT);
	trace_mm(vma->vm_mm, "madvise_remove: punched file bytes [%#llx, +%#llx)",
		 offset, len);
	return vfs_fallocate(f, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			     offset, len);
}

/* is_valid_guard_vma(): no special, hugetlb or (for install) locked VMAs. */
static bool is_valid_guard_vma(const struct vm_area_struct *vma,
			       bool allow_locked)
{
	unsigned long disallowed = VM_SPECIAL | VM_HUGETLB;

	if (!allow_locked)
		disallowed |= VM_LOCKED;
	return !(vma->vm_flags & disallowed);
}

/*
 * MADV_GUARD_INSTALL: zap what is mapped, then put a guard marker in
 * every PTE: an access raises SIGSEGV (SEGV_MAPERR).  The VMA is marked
 * VM_MAYBE_GUARD ("gu" in smaps) as a whole, without a split.
 */
static long madvise_guard_install(struct vm_area_struct *vma,
				  unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long a;
	pte_t *ptep;

	if (!is_valid_guard_vma(vma, false))
		return -EINVAL;
	vma->vm_flags |= VM_MAYBE_GUARD;
	if (vma_is_anonymous(vma) && anon_vma_prepare(vma))
		return -ENOMEM;
	zap_keep_guards(vma, start, end);
	for (a = start; a < end; a += PAGE_SIZE) {
		ptep = pte_alloc_map(mm, a);
		if (!ptep)
			return -ENOMEM;
		set_pte(ptep, make_guard_pte());
	}
	flush_tlb_mm_range(mm, start, end);
	trace_mm(mm, "madvise_guard_install: [%#lx, %#lx) guarded", start, end);
	return 0;
}

static int guard_remove_pte_entry(pte_t *ptep, unsigned long addr,
				  unsigned long next, struct mm_walk *walk)
{
	(void)addr;
	(void)next;
	(void)walk;
	if (is_guard_pte(ptep_get(ptep)))
		pte_clear(ptep);
	return 0;
}

static const struct mm_walk_ops guard_remove_walk_ops = {
	.pte_entry = guard_remove_pte_entry,
};

/* MADV_GUARD_REMOVE: the guard markers of the range become empty PTEs. */
static long madvise_guard_remove(struct vm_area_struct *vma,
				 unsigned long start, unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!is_valid_guard_vma(vma, true))
		return -EINVAL;
	walk_page_range_vma(vma, start, end, &guard_remove_walk_ops, NULL);
	flush_tlb_mm_range(mm, start, end);
	trace_mm(mm, "madvise_guard_remove: [%#lx, %#lx)", start, end);
	return 0;
}

/*
 * MADV_COLLAPSE: EINVAL when the VMA cannot hold a PMD-aligned 2 MiB page
 * (or is VM_NOHUGEPAGE), as Linux; and EINVAL otherwise too, because
 * mmlab has no transparent huge pages to collapse into.
 */
static long madvise_collapse(struct vm_area_struct *vma)
{
	unsigned long hstart = ALIGN(vma->vm_start, HPAGE_PMD_SIZE);

	if ((vma->vm_flags & VM_NOHUGEPAGE) || hstart + HPAGE_PMD_SIZE > vma->vm_end ||
	    hstart < vma->vm_start)
		return -EINVAL;
	trace_mm(vma->vm_mm, "madvise_collapse: no THP in mmlab -> EINVAL");
	return -EINVAL;
}

/* --- advices that change vm_flags ------------------------------------------------ */

/* vma_ksm_compatible(): KSM leaves shared and special mappings alone. */
static bool vma_ksm_compatible(const struct vm_area_struct *vma)
{
	return !(vma->vm_flags & (VM_SHARED | VM_MAYSHARE | VM_PFNMAP | VM_IO |
				  VM_DONTEXPAND | VM_HUGETLB | VM_MIXEDMAP));
}

/*
 * The new vm_flags for a flag-changing advice, or -EINVAL where Linux
 * refuses it for this VMA.
 */
static int madvise_new_flags(int behavior, struct vm_area_struct *vma,
			     unsigned long *flags)
{
	unsigned long f = vma->vm_flags;

	switch (behavior) {
	case MADV_NORMAL:	f &= ~(VM_RAND_READ | VM_SEQ_READ); break;
	case MADV_SEQUENTIAL:	f = (f & ~VM_RAND_READ) | VM_SEQ_READ; break;
	case MADV_RANDOM:	f = (f & ~VM_SEQ_READ) | VM_RAND_READ; break;
	case MADV_DONTFORK:	f |= VM_DONTCOPY; break;
	case MADV_DOFORK:
		if (f & VM_IO)
			return -EINVAL;
		f &= ~VM_DONTCOPY;
		break;
	case MADV_WIPEONFORK:
		if (vma->vm_file || (f & VM_SHARED))
			return -EINVAL;
		f |= VM_WIPEONFORK;
		break;
	case MADV_KEEPONFORK:	f &= ~VM_WIPEONFORK; break;
	case MADV_DONTDUMP:	f |= VM_DONTDUMP; break;
	case MADV_DODUMP:
		if (!(f & VM_HUGETLB) && (f & VM_SPECIAL))
			return -EINVAL;
		f &= ~VM_DONTDUMP;
		break;
	case MADV_MERGEABLE:
		if (vma_ksm_compatible(vma))
			f |= VM_MERGEABLE;
		break;
	case MADV_UNMERGEABLE:	f &= ~VM_MERGEABLE; break;
	case MADV_HUGEPAGE:	f = (f & ~VM_NOHUGEPAGE) | VM_HUGEPAGE; break;
	case MADV_NOHUGEPAGE:	f = (f & ~VM_HUGEPAGE) | VM_NOHUGEPAGE; break;
	}
	*flags = f;
	return 0;
}

/*
 * madvise_update_vma() - give [start, end) of @vma the flags @new_flags,
 * splitting or merging.  *@pvma becomes the VMA holding the range.
 * A split that finds no memory is -EAGAIN ("try again"), as Linux says.
 */
static long madvise_update_vma(struct vm_area_struct *prev,
			       struct vm_area_struct **pvma,
			       unsigned long start, unsigned long end,
			       unsigned long new_flags)
{
	struct vm_area_struct *vma = *pvma;

	if (new_flags == vma->vm_flags)
		return 0;
	vma = vma_modify_flags(prev, vma, start, end, new_flags);
	if (IS_ERR(vma)) {
		long err = PTR_ERR(vma);

		return err == -ENOMEM ? -EAGAIN : err;
	}
	vma->vm_flags = new_flags;
	*pvma = vma;
	trace_mm(vma->vm_mm, "madvise_update_vma: [%#lx, %#lx) flags %#lx",
		 start, end, new_flags);
	return 0;
}

/*
 * madvise_vma_behavior() - apply the advice to [start, end) inside *@pvma;
 * *@pvma ends as the VMA holding the range (after a merge or split).
 */
static long madvise_vma_behavior(struct madvise_behavior *mb,
				 struct vm_area_struct *prev,
				 struct vm_area_struct **pvma,
				 unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = *pvma;
	unsigned long new_flags;
	int err;

	switch (mb->behavior) {
	case MADV_REMOVE:
		return madvise_remove(vma, start, end);
	case MADV_WILLNEED:
		return madvise_willneed(vma, start, end);
	case MADV_COLD:
		return madvise_cold_or_pageout(vma, start, end, false);
	case MADV_PAGEOUT:
		return madvise_cold_or_pageout(vma, start, end, true);
	case MADV_FREE:
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
		return madvise_dontneed_free(mb, vma, start, end);
	case MADV_COLLAPSE:
		return madvise_collapse(vma);
	case MADV_GUARD_INSTALL:
		return madvise_guard_install(vma, start, end);
	case MADV_GUARD_REMOVE:
		return madvise_guard_remove(vma, start, end);
	}
	err = madvise_new_flags(mb->behavior, vma, &new_flags);
	if (err)
		return err;
	return madvise_update_vma(prev, pvma, start, end, new_flags);
}

/*
 * madvise_walk_vmas() - advise every VMA piece of [start, end).  An error
 * from a VMA stops the walk; holes are skipped and make the result
 * -ENOMEM once everything mapped was advised.
 */
static long madvise_walk_vmas(struct madvise_behavior *mb, unsigned long start,
			      unsigned long end)
{
	struct vm_area_struct *vma, *prev;
	long unmapped_error = 0, err;
	unsigned long tmp;

	vma = find_vma_prev(mb->mm, start, &prev);
	if (vma && start > vma->vm_start)
		prev = vma;
	for (;;) {
		if (!vma)
			return -ENOMEM;
		if (start < vma->vm_start) {
			unmapped_error = -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				break;
		}
		tmp = min(vma->vm_end, end);
		err = madvise_vma_behavior(mb, prev, &vma, start, tmp);
		if (err)
			return err;
		prev = vma;
		start = max(tmp, vma->vm_end);
		if (start >= end)
			break;
		vma = find_vma(mb->mm, prev->vm_end);
	}
	return unmapped_error;
}

/* check_vma_flags() as get_user_pages() applies it to MADV_POPULATE_*. */
static bool populate_vma_ok(const struct vm_area_struct *vma, bool write)
{
	if (vma->vm_flags & (VM_IO | VM_PFNMAP))
		return false;
	return write ? (vma->vm_flags & VM_WRITE) : (vma->vm_flags & VM_READ);
}

/*
 * madvise_populate() - MADV_POPULATE_READ/WRITE: fault the range in as a
 * read or write access would.  A hole is -ENOMEM, a VMA that refuses the
 * access -EINVAL, a fault that would raise SIGBUS/SIGSEGV -EFAULT; pages
 * before the failure stay populated.
 */
static long madvise_populate(struct madvise_behavior *mb, unsigned long start,
			     unsigned long end)
{
	bool write = mb->behavior == MADV_POPULATE_WRITE;
	struct vm_area_struct *vma;
	unsigned long tmp;
	int err;

	while (start < end) {
		vma = vma_lookup(mb->mm, start);
		if (!vma)
			return -ENOMEM;
		if (!populate_vma_ok(vma, write))
			return -EINVAL;
		tmp = min(vma->vm_end, end);
		err = populate_vma_page_range(vma, start, tmp, write);
		if (err)
			return err;
		start = tmp;
	}
	return 0;
}

/**
 * do_madvise() - madvise(2) in @mm (the current task's, as Linux 6.x
 * passes it): validate the advice and range, then populate or walk the VMAs.
 * Return: 0, or -EINVAL, -ENOMEM (a hole), -EAGAIN, -EACCES, -EFAULT,
 * -EBADF as Linux returns them.
 */
long do_madvise(struct mm_struct *mm, unsigned long start,
		unsigned long len, int behavior)
{
	struct madvise_behavior mb = { .mm = mm, .behavior = behavior };
	unsigned long plen = PAGE_ALIGN(len), end;

	if (!madvise_behavior_valid(behavior) || (start & ~PAGE_MASK) ||
	    (len && !plen) || start + plen < start)
		return -EINVAL;
	end = start + plen;
	if (end == start)
		return 0;
	trace_mm(mm, "do_madvise: [%#lx, %#lx) advice %d", start, end, behavior);
	if (behavior == MADV_POPULATE_READ || behavior == MADV_POPULATE_WRITE)
		return madvise_populate(&mb, start, end);
	return madvise_walk_vmas(&mb, start, end);
}

SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int, behavior)
{
	return do_madvise(current->mm, start, len_in, behavior);
}
