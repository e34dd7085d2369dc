// SPDX-License-Identifier: MIT
/*
 * The address-space audit: every task's VMAs (validate_mm()), and every
 * user PTE against the page it maps: the page's mapcount equals the PTEs
 * that map it, its refcount covers them, the RSS counters match, and each
 * anonymous mapping is found again by the reverse map; the zero page
 * keeps the one reference it was born with.  Special PTEs (no struct page
 * counted) appear only in VM_PFNMAP/VM_MIXEDMAP VMAs or for the zero
 * page, and a VM_PFNMAP VMA maps nothing else but COW copies.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/rmap.h>
#include "mm/internal.h"
#include "mm/swap.h"

struct mapping_seen {
	unsigned long pfn;
	unsigned int count;
};

struct mm_audit {
	struct mml_machine *m;
	char *msg;
	size_t n;
	int err;
	struct mapping_seen *seen;
	size_t nr, cap;
	bool one_mm;	/* other mms may map the pages too: counts are lower bounds */
};

__printf(2, 3) static void fail(struct mm_audit *a, const char *fmt, ...)
{
	va_list ap;

	if (a->err)
		return;
	a->err = -EUCLEAN;
	va_start(ap, fmt);
	vsnprintf(a->msg, a->n, fmt, ap);
	va_end(ap);
}

static void note_pfn(struct mm_audit *a, unsigned long pfn)
{
	if (a->nr == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 1024;
		struct mapping_seen *n = realloc(a->seen, cap * sizeof(*n));

		if (!n) {
			fail(a, "audit: out of host memory");
			return;
		}
		a->seen = n;
		a->cap = cap;
	}
	a->seen[a->nr++] = (struct mapping_seen){ pfn, 1 };
}

static bool found_by_rmap(struct page *page, struct vm_area_struct *vma,
			  unsigned long addr, pte_t *pte, bool anon, void *arg)
{
	unsigned long *want = arg;

	(void)page;
	(void)vma;
	(void)pte;
	(void)anon;
	if (addr == want[0] && (unsigned long)vma == want[1]) {
		want[2] = 1;
		return false;
	}
	return true;
}

static void audit_pte(struct mm_audit *a, struct vm_area_struct *vma,
		      unsigned long addr, pte_t pte, long *rss)
{
	bool bad;
	struct page *page;
	unsigned long want[3] = { addr, (unsigned long)vma, 0 };
	struct rmap_walk_control rwc = { .fn = found_by_rmap, .arg = want };

	/*
	 * The zero page, special outside PFN maps: nothing to count (its own
	 * audit is audit_zero_page()).  Most PTEs of a populated read-only
	 * range are these.
	 */
	if (pte_special(pte) && a->m->zero_page &&
	    pte_pfn(pte) == page_to_pfn(a->m->zero_page) &&
	    !(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)))
		return;
	page = __vm_normal_page(vma, pte, &bad);
	if (pte_special(pte) && !(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) &&
	    pte_pfn(pte) != page_to_pfn(a->m->zero_page)) {
		fail(a, "pid %d %#lx: special PTE for pfn %#lx outside a PFN/mixed map",
		     vma->vm_mm->owner->pid, addr, pte_pfn(pte));
		return;
	}
	/* Normal PTEs of a PFN map are the anonymous copies of COW. */
	if ((vma->vm_flags & VM_PFNMAP) && !pte_special(pte) &&
	    (!page || !PageAnon(page) || !is_cow_mapping(vma->vm_flags))) {
		fail(a, "pid %d %#lx: VM_PFNMAP PTE for pfn %#lx is neither special nor a COW copy",
		     vma->vm_mm->owner->pid, addr, pte_pfn(pte));
		return;
	}
	if (!page)
		return;
	if (page_ref_count(page) <= 0 || PageBuddy(page) || PageSlab(page)) {
		fail(a, "pid %d %#lx maps pfn %#lx which is free or not a user page",
		     vma->vm_mm->owner->pid, addr, page_to_pfn(page));
		return;
	}
	rss[mm_counter(vma, page)]++;
	note_pfn(a, page_to_pfn(page));
	if (PageAnon(page)) {
		rmap_walk(page, &rwc);
		if (!want[2])
			fail(a, "pid %d %#lx: anon pfn %#lx is not found by rmap_walk",
			     vma->vm_mm->owner->pid, addr, page_to_pfn(page));
	}
}

/* Past the hole at @addr: the end of the first missing table level. */
static unsigned long next_table(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	unsigned long size = PMD_SIZE;

	if (!pgd_present(*pgd))
		size = PGDIR_SIZE;
	else if (!pud_present(*pud_offset(p4d_offset(pgd, addr), addr)))
		size = PUD_SIZE;
	return ALIGN_DOWN(addr, size) + size;
}

/*
 * The PTEs of @vma from @addr to @end, all in one table (or none): the
 * table is found once, not walked down to for every page -- the audit
 * runs after every fuzzer operation, over all that a task maps.
 */
static void audit_pte_range(struct mm_audit *a, struct vm_area_struct *vma,
			    unsigned long addr, unsigned long end, long *rss)
{
	pte_t *pte = pte_offset_map_mm(vma->vm_mm, addr);

	if (!pte)
		return;
	for (; addr < end && !a->err; addr += PAGE_SIZE, pte++) {
		if (pte_present(*pte))
			audit_pte(a, vma, addr, *pte, rss);
		else if (is_swap_pte(*pte) &&
			 !non_swap_entry(pte_to_swp_entry(*pte)))
			rss[MM_SWAPENTS]++;
	}
}

static void audit_mm_ptes(struct mm_audit *a, struct mm_struct *mm)
{
	long rss[NR_MM_COUNTERS] = { 0 };
	struct vm_area_struct *vma;
	unsigned long addr;
	int i;

	for (vma = mm->mmap; vma && !a->err; vma = vma->vm_next) {
		addr = vma->vm_start;
		while (addr < vma->vm_end && !a->err) {
			unsigned long next = next_table(mm, addr);

			if (next <= addr)	/* the top of the space */
				break;
			audit_pte_range(a, vma, addr, min(next, vma->vm_end),
					rss);
			addr = next;
		}
	}
	for (i = 0; i < NR_MM_COUNTERS && !a->err; i++)
		if (rss[i] != mm->rss_stat[i])
			fail(a, "pid %d: rss counter %d is %ld, the page tables map %ld",
			     mm->owner->pid, i, mm->rss_stat[i], rss[i]);
}

static int cmp_pfn(const void *x, const void *y)
{
	const struct mapping_seen *p = x, *q = y;

	return p->pfn < q->pfn ? -1 : p->pfn > q->pfn;
}

/*
 * Each page's mapcount must equal the PTEs found mapping it (be at least
 * that many when only one mm was walked).
 */
static void audit_mapcounts(struct mm_audit *a)
{
	size_t i = 0, j;

	if (!a->nr)
		return;
	qsort(a->seen, a->nr, sizeof(*a->seen), cmp_pfn);
	while (i < a->nr && !a->err) {
		struct page *page = pfn_to_page(a->seen[i].pfn);
		int count = 0;

		for (j = i; j < a->nr && a->seen[j].pfn == a->seen[i].pfn; j++)
			count++;
		if (a->one_mm ? page_mapcount(page) < count :
				page_mapcount(page) != count)
			fail(a, "pfn %#lx: mapcount %d, but %d PTEs map it",
			     a->seen[i].pfn, page_mapcount(page), count);
		else if (page_ref_count(compound_head(page)) < count)
			fail(a, "pfn %#lx: refcount %d below its %d mappings",
			     a->seen[i].pfn, page_ref_count(page), count);
		i = j;
	}
}

/*
 * The shared zero page is mapped by special PTEs and pinned without a
 * reference, so nothing may ever have moved its count off the one it was
 * allocated with.
 */
static void audit_zero_page(struct mm_audit *a)
{
	struct page *page = a->m->zero_page;

	if (!page)
		return;
	if (page_ref_count(page) != 1 || !PageReserved(page) ||
	    page_mapcount(page))
		fail(a, "zero page pfn %#lx: refcount %d, mapcount %d, reserved %d (want 1, 0, 1)",
		     page_to_pfn(page), page_ref_count(page),
		     page_mapcount(page), !!PageReserved(page));
}

/**
 * mm_audit() - validate_mm() of every task, then the page-table/page
 * agreement described above.  Return: 0, or -EUCLEAN with @msg filled.
 */
int mm_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	struct mm_audit a = { .m = m, .msg = msg, .n = n };
	struct task_struct *t;

	if (!m->tasks.next)
		return 0;
	list_for_each_entry(t, &m->tasks, tasks) {
		if (!a.err)
			a.err = validate_mm(t->mm, msg, n);
		if (!a.err)
			audit_mm_ptes(&a, t->mm);
	}
	if (!a.err)
		audit_mapcounts(&a);
	if (!a.err)
		audit_zero_page(&a);
	free(a.seen);
	return a.err;
}

/**
 * mm_audit_mm() - the audit above for one address space: validate_mm(),
 * then each PTE of @mm against its page (a user page, found again by the
 * reverse map, mapcount and refcount at least the PTEs of @mm mapping it),
 * the RSS counters of @mm, and the zero page.  It costs what @mm maps, not
 * what the machine holds: cheap enough to run after every operation on a
 * task (mml_audit_task()).  Return: 0, or -EUCLEAN with @msg filled.
 */
int mm_audit_mm(struct mm_struct *mm, char *msg, size_t n)
{
	struct mm_audit a = {
		.m = current_machine(), .msg = msg, .n = n, .one_mm = true,
	};

	if (!mm)
		return 0;
	a.err = validate_mm(mm, msg, n);
	if (!a.err)
		audit_mm_ptes(&a, mm);
	if (!a.err)
		audit_mapcounts(&a);
	if (!a.err)
		audit_zero_page(&a);
	free(a.seen);
	return a.err;
}
