// SPDX-License-Identifier: MIT
/*
 * get_user_pages() and pin_user_pages(): find (faulting in as needed) the
 * pages behind a range of a task's memory and take a reference, as a
 * driver doing direct I/O does.  FOLL_WRITE breaks copy-on-write first, so
 * the pages returned are the task's own.  A pin adds GUP_PIN_COUNTING_BIAS
 * to the refcount, as Linux does, so the page is seen as maybe-pinned.
 * Also populate_vma_page_range() and mm_populate(), the faulting-in of
 * MAP_POPULATE, mlock() and MADV_POPULATE_*, here as in Linux.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/gup.h>
#include <linux/pagewalk.h>
#include "mm/internal.h"

/*
 * check_vma_flags(): FOLL_FORCE (ptrace, /proc/PID/mem) reads what
 * VM_MAYREAD allows and writes a COW mapping that is not writable (the
 * write breaks COW into a private page); a shared mapping stays as its
 * protection says.
 */
static int check_vma_flags(struct vm_area_struct *vma, unsigned int gup_flags)
{
	unsigned long f = vma->vm_flags;
	bool force = gup_flags & FOLL_FORCE;

	if (f & (VM_IO | VM_PFNMAP))
		return -EFAULT;
	if (gup_flags & FOLL_WRITE) {
		if (f & VM_WRITE)
			return 0;
		return force && is_cow_mapping(f) ? 0 : -EFAULT;
	}
	if (f & VM_READ)
		return 0;
	return force && (f & VM_MAYREAD) ? 0 : -EFAULT;
}

/* Linux's vma_is_accessible(): not a PROT_NONE VMA. */
static bool vma_accessible(struct vm_area_struct *vma)
{
	return vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/*
 * can_follow_write_pte(): a read-only PTE still does for FOLL_FORCE|
 * FOLL_WRITE in a private VMA once the write fault made the page ours
 * (anonymous, exclusive): the COW break already happened (in a VMA
 * without VM_WRITE the PTE stays read-only).
 */
static bool can_follow_write_pte(struct vm_area_struct *vma, pte_t pte,
				 unsigned int gup_flags)
{
	struct page *page;
	bool bad;	/* reported by follow_page_pte()'s vm_normal_page() */

	if (pte_write(pte))
		return true;
	if (!(gup_flags & FOLL_FORCE) || (vma->vm_flags & VM_SHARED) ||
	    !(vma->vm_flags & VM_MAYWRITE))
		return false;
	page = __vm_normal_page(vma, pte, &bad);
	return page && PageAnon(page) && PageAnonExclusive(page);
}

/*
 * A read pin of an anonymous page shared with another mm (after fork)
 * must not pin the shared frame: Linux "unshares" it first (5.19+).
 */
static bool gup_must_unshare(struct vm_area_struct *vma, unsigned int gup_flags,
			     struct page *page)
{
	return (gup_flags & FOLL_PIN) && !(gup_flags & FOLL_WRITE) &&
	       PageAnon(page) && !PageAnonExclusive(page) &&
	       (vma->vm_flags & VM_WRITE);
}

/* follow_page(): the page mapped at @addr if the PTE allows the access. */
static struct page *follow_page(struct vm_area_struct *vma, unsigned long addr,
				unsigned int gup_flags)
{
	struct mml_machine *m = vma->vm_mm->machine;
	pte_t *pte = pte_offset_map_mm(vma->vm_mm, addr);
	struct page *page;

	if (!pte || !pte_present(*pte))
		return NULL;
	/* A PROT_NONE VMA's PTE is followed (FOLL_FORCE got us here); a
	 * NUMA-hinting one in an accessible VMA faults first. */
	if (pte_protnone(*pte) && vma_accessible(vma))
		return NULL;
	if ((gup_flags & FOLL_WRITE) && !can_follow_write_pte(vma, *pte, gup_flags))
		return NULL;
	/* The shared zero page is a real page to GUP (not to the rmap). */
	if (pte_special(*pte) && pte_pfn(*pte) == page_to_pfn(m->zero_page))
		return m->zero_page;
	page = vm_normal_page(vma, addr, *pte);
	if (page && gup_must_unshare(vma, gup_flags, page))
		return NULL;
	return page;
}

static struct page *gup_one(struct mm_struct *mm, unsigned long addr,
			    unsigned int gup_flags, long *err)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	unsigned int fault_flags = (gup_flags & FOLL_WRITE) ? FAULT_FLAG_WRITE : 0;
	struct page *page;
	vm_fault_t ret;
	int tries;

	*err = vma ? check_vma_flags(vma, gup_flags) : -EFAULT;
	if (*err)
		return NULL;
	for (tries = 0; tries < 3; tries++) {
		page = follow_page(vma, addr, gup_flags);
		if (page)
			return page;
		/* An unshare is a COW break without making the PTE writable
		 * in Linux; here the write fault breaks it (the VMA allows it). */
		if (tries && (gup_flags & FOLL_PIN) && (vma->vm_flags & VM_WRITE))
			fault_flags |= FAULT_FLAG_WRITE;
		ret = handle_mm_fault(vma, addr, fault_flags | FAULT_FLAG_REMOTE);
		if (ret & VM_FAULT_OOM) {
			*err = -ENOMEM;
			return NULL;
		}
		if (ret & VM_FAULT_ERROR) {
			*err = -EFAULT;
			return NULL;
		}
	}
	*err = -EFAULT;	/* e.g. the zero page of a read: no normal page */
	return NULL;
}

/**
 * __get_user_pages() - reference up to @nr_pages pages of @mm from @start.
 * Return: the number of pages taken (pages[] filled), or -errno if none.
 */
static long __get_user_pages(struct mm_struct *mm, unsigned long start,
			     unsigned long nr_pages, unsigned int gup_flags,
			     struct page **pages)
{
	unsigned long i;
	long err = 0;

	start &= PAGE_MASK;
	for (i = 0; i < nr_pages; i++) {
		struct page *page = gup_one(mm, start + (i << PAGE_SHIFT), gup_flags, &err);

		if (!page)
			break;
		/* Linux's try_grab_folio(): the zero page is never freed, so
		 * it takes no reference (and its unpin drops none). */
		if (page == current_machine()->zero_page)
			;
		else if (gup_flags & FOLL_PIN)
			page->_refcount += GUP_PIN_COUNTING_BIAS;
		else
			get_page(page);
		if (pages)
			pages[i] = page;
	}
	return i ? (long)i : err;
}

/*
 * get_user_pages_remote() and pin_user_pages_remote() - the pages of @mm,
 * another task's (ptrace, /proc/PID/mem, a driver pinning on behalf of a
 * task); get_user_pages() and pin_user_pages() those of the current task.
 * @locked: Linux's mmap_lock hand-off; mmlab has no mmap_lock to drop, so
 * it is never changed (NULL is fine).
 */
long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked)
{
	return __get_user_pages(mm, start, nr_pages, gup_flags & ~FOLL_PIN,
				pages);
}

long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked)
{
	return __get_user_pages(mm, start, nr_pages, gup_flags | FOLL_PIN,
				pages);
}

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	return __get_user_pages(current->mm, start, nr_pages,
				gup_flags & ~FOLL_PIN, pages);
}

long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	return __get_user_pages(current->mm, start, nr_pages,
				gup_flags | FOLL_PIN, pages);
}

void unpin_user_page(struct page *page)
{
	struct mml_machine *m = current_machine();

	if (page == m->zero_page)
		return;
	page->_refcount -= GUP_PIN_COUNTING_BIAS - 1;
	put_page(page);
}

/* --- populating: mm_populate() ------------------------------------------------- */

struct populate_walk {
	unsigned int flags;
	int err;
};

static int populate_fault(struct mm_walk *walk, unsigned long addr)
{
	struct populate_walk *pw = walk->private;
	vm_fault_t ret = handle_mm_fault(walk->vma, addr, pw->flags);

	if (ret & VM_FAULT_OOM)
		pw->err = -ENOMEM;
	else if (ret & VM_FAULT_ERROR)
		pw->err = -EFAULT;
	return pw->err;
}

static int populate_pte_entry(pte_t *ptep, unsigned long addr,
			      unsigned long next, struct mm_walk *walk)
{
	struct populate_walk *pw = walk->private;
	pte_t pte = ptep_get(ptep);

	if (pte_present(pte) &&
	    (!(pw->flags & FAULT_FLAG_WRITE) || pte_write(pte)))
		return 0;
	(void)next;
	return populate_fault(walk, addr);
}

/* No table yet: every page of [addr, next) faults (and builds it). */
static int populate_pte_hole(unsigned long addr, unsigned long next,
			     int depth, struct mm_walk *walk)
{
	int err = 0;

	for (; addr < next && !err; addr += PAGE_SIZE)
		err = populate_fault(walk, addr);
	(void)depth;
	return err;
}

static const struct mm_walk_ops populate_walk_ops = {
	.pte_entry = populate_pte_entry,
	.pte_hole = populate_pte_hole,
	.test_walk = walk_every_vma,
};

/**
 * populate_vma_page_range() - fault in every page of [start, end) as
 * get_user_pages() would: write faults for private writable mappings (so
 * COW is broken up front), read faults otherwise.
 * Return: 0, or -ENOMEM / -EFAULT.
 */
int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end, bool write)
{
	struct populate_walk pw = { .flags = write ? FAULT_FLAG_WRITE : 0 };

	if (start >= end)
		return 0;
	walk_page_range_vma(vma, start, end, &populate_walk_ops, &pw);
	return pw.err;
}

/* __mm_populate(): fault in [start, start+len) VMA by VMA, ignoring holes. */
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + len, a = start;
	struct vm_area_struct *vma;
	int err;

	while (a < end) {
		vma = find_vma(mm, a);
		if (!vma || vma->vm_start >= end)
			break;
		a = max(a, vma->vm_start);
		if (!(vma->vm_flags & (VM_IO | VM_PFNMAP | VM_LOCKONFAULT)) &&
		    (vma->vm_flags & VM_ACCESS_FLAGS)) {
			bool write = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;

			err = populate_vma_page_range(vma, a, min(end, vma->vm_end), write);
			if (err)
				return err;
		}
		a = vma->vm_end;
	}
	return 0;
}
