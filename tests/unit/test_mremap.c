// SPDX-License-Identifier: MIT
/*
 * mremap: shrink, grow in place, moves (MAYMOVE, FIXED, DONTUNMAP, moves
 * spanning several VMAs), merges at the destination, contents and frames
 * kept across moves, accounting (total_vm, locked_vm, Committed_AS),
 * limits, errno order, and fault injection on the VMA and page-table
 * allocations of a move.  Ranges are drawn in page units from a base;
 * validate_mm() runs after every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <mmlab/mmlab.h>
#include "mm/internal.h"
#include "helpers.h"

#define MAYMOVE	MREMAP_MAYMOVE
#define FIXED	(MREMAP_MAYMOVE | MREMAP_FIXED)

static struct mml_machine *m;
static struct task_struct *t;
static unsigned long base;

static struct mml_task *ut(void)
{
	return (struct mml_task *)t;
}

static void check(void)
{
	test_check_mm(m, t);
}

static void setup(void)
{
	m = test_task_region("mremap", &t, &base);
}

static void teardown(void)
{
	test_task_region_free(m, t);
}

TestSuite(mremap, .init = setup, .fini = teardown);

static void map(unsigned long pg, unsigned long n, int prot, int flags)
{
	test_map_fixed(m, t, base, pg, n, prot, flags);
}

/* mremap in page units; returns the page number or -errno. */
static long remap(unsigned long pg, unsigned long old_n, unsigned long new_n,
		  int flags, unsigned long new_pg)
{
	long r = mml_mremap(ut(), base + P(pg), P(old_n), P(new_n), flags,
			    base + P(new_pg));

	check();
	if (r < 0)
		return r;
	return (long)(((unsigned long)r - base) >> PAGE_SHIFT);
}

static void expect_vmas(const char *want)
{
	struct vm_area_struct *v;
	char got[1024] = "";

	for (v = t->mm->mmap; v; v = v->vm_next) {
		char one[64];

		if (v->vm_end <= base || v->vm_start >= base + P(64))
			continue;
		snprintf(one, sizeof(one), "%s[%lu,%lu)%c%c%s%s", got[0] ? " " : "",
			 (v->vm_start - base) >> PAGE_SHIFT, (v->vm_end - base) >> PAGE_SHIFT,
			 (v->vm_flags & VM_READ) ? 'r' : '-', (v->vm_flags & VM_WRITE) ? 'w' : '-',
			 (v->vm_flags & VM_ACCOUNT) ? "a" : "",
			 (v->vm_flags & VM_LOCKED) ? "l" : "");
		strcat(got, one);
	}
	cr_assert_str_eq(got, want);
}

/* Fill page @pg with its own byte, 'A' + pg. */
static void fill(unsigned long pg, unsigned long n)
{
	char buf[4096];
	unsigned long i;

	for (i = pg; i < pg + n; i++) {
		memset(buf, 'A' + (int)i, sizeof(buf));
		cr_assert_eq(mml_store(ut(), base + P(i), buf, sizeof(buf)), 0);
	}
}

/* Page @pg reads as page @orig was filled. */
static void expect_page(unsigned long pg, unsigned long orig)
{
	char buf[4096];

	cr_assert_eq(mml_load(ut(), base + P(pg), buf, sizeof(buf)), 0);
	cr_assert_eq(buf[0], 'A' + (int)orig, "page %lu: %#x", pg, buf[0]);
	cr_assert_eq(buf[4095], 'A' + (int)orig);
}

static void expect_zero(unsigned long pg)
{
	char c = 1;

	cr_assert_eq(mml_load(ut(), base + P(pg), &c, 1), 0);
	cr_assert_eq(c, 0);
}

static unsigned long pfn_at(unsigned long pg)
{
	pte_t *pte = pte_offset_map_mm(t->mm, base + P(pg));

	return pte && pte_present(*pte) ? pte_pfn(*pte) : 0;
}

/*
 * 0123456789
 * AAAAAA       rw, filled
 * AA           mremap [0,6) to 2 pages: the tail is unmapped
 */
Test(mremap, shrink_unmaps_the_tail)
{
	unsigned long total;

	map(0, 6, RW, ANON);
	fill(0, 6);
	total = t->mm->total_vm;
	cr_assert_eq(remap(0, 6, 2, 0, 0), 0);
	expect_vmas("[0,2)rwa");
	cr_assert_eq(t->mm->total_vm, total - 4);
	expect_page(1, 1);
	cr_assert_eq(mml_load(ut(), base + P(2), &(char){0}, 1), SIGSEGV);
}

/*
 * 0123456789
 * AA           rw, filled
 * AAAAAA       mremap to 6 pages: the gap above allows it: in place
 */
Test(mremap, grows_in_place)
{
	unsigned long pfn;
	long committed;

	map(0, 2, RW, ANON);
	fill(0, 2);
	committed = m->vm_committed_as;
	pfn = pfn_at(1);
	cr_assert_eq(remap(0, 2, 6, 0, 0), 0);
	expect_vmas("[0,6)rwa");
	cr_assert_eq(m->vm_committed_as, committed + 4);
	cr_assert_eq(pfn_at(1), pfn);
	expect_page(1, 1);
	expect_zero(5);
}

/*
 * 0123456789
 * AABB         B read-only right above A
 * AABB         mremap A to 4 pages without MAYMOVE: ENOMEM
 *   BB  ...    with MAYMOVE: moved where get_unmapped_area() chose,
 *              frames and contents kept
 */
Test(mremap, blocked_growth_moves_with_maymove)
{
	unsigned long pfn0, pfn1;
	long r;

	map(0, 2, RW, ANON);
	map(2, 2, RO, ANON);
	fill(0, 2);
	pfn0 = pfn_at(0);
	pfn1 = pfn_at(1);
	cr_assert_eq(remap(0, 2, 4, 0, 0), -ENOMEM);
	expect_vmas("[0,2)rwa [2,4)r-");
	r = mml_mremap(ut(), base, P(2), P(4), MAYMOVE, 0);
	check();
	cr_assert_gt(r, 0);
	cr_assert_neq((unsigned long)r, base);
	cr_assert_null(vma_lookup(t->mm, base));
	cr_assert_eq(vma_lookup(t->mm, base + P(2))->vm_end, base + P(4));
	cr_assert_eq(mml_load(ut(), base, &(char){0}, 1), SIGSEGV);
	base = (unsigned long)r;	/* look at the new place */
	cr_assert_eq(pfn_at(0), pfn0);
	cr_assert_eq(pfn_at(1), pfn1);
	expect_page(0, 0);
	expect_page(1, 1);
	expect_zero(3);
	cr_assert_eq(vma_lookup(t->mm, base)->vm_end, base + P(4));
}

/*
 * 0123456789012345678901
 * AA                  BBBB   A filled, B read-only
 * AA                   aa    mremap A FIXED to 21: B unmapped under it
 *                     Baa    (A's old range gone)
 */
Test(mremap, fixed_replaces_the_target)
{
	map(0, 2, RW, ANON);
	map(20, 4, RO, ANON);
	fill(0, 2);
	cr_assert_eq(remap(0, 2, 2, FIXED, 21), 21);
	expect_vmas("[20,21)r- [21,23)rwa [23,24)r-");
	expect_page(21, 0);
	expect_page(22, 1);
	cr_assert_eq(mml_load(ut(), base, &(char){0}, 1), SIGSEGV);
}

Test(mremap, errno_order)
{
	map(4, 4, RW, ANON);
	cr_assert_eq(remap(4, 2, 2, 0x10, 0), -EINVAL);		/* unknown flag */
	cr_assert_eq(mml_mremap(ut(), base + P(4) + 1, P(1), P(1), 0, 0), -EINVAL);
	cr_assert_eq(remap(4, 2, 0, MAYMOVE, 0), -EINVAL);		/* new_len 0 */
	cr_assert_eq(mml_mremap(ut(), base + P(4), P(2), -P(1), MAYMOVE, 0), -EINVAL);
	cr_assert_eq(remap(4, 2, 2, MREMAP_FIXED, 20), -EINVAL);	/* no MAYMOVE */
	cr_assert_eq(mml_mremap(ut(), base + P(4), P(2), P(2), FIXED, base + P(20) + 1), -EINVAL);
	cr_assert_eq(remap(4, 2, 4, FIXED | MREMAP_DONTUNMAP, 20), -EINVAL);
	cr_assert_eq(remap(4, 4, 4, FIXED, 6), -EINVAL);		/* overlap */
	cr_assert_eq(remap(4, 4, 4, FIXED, 2), -EINVAL);
	cr_assert_eq(remap(4, 0, 2, MAYMOVE, 0), -EINVAL);		/* private dup */
	cr_assert_eq(remap(30, 1, 2, MAYMOVE, 0), -EFAULT);		/* unmapped */
	cr_assert_eq(remap(6, 3, 4, MAYMOVE, 0), -EFAULT);		/* beyond the VMA */
	cr_assert_eq(remap(4, 4, 4, MAYMOVE, 0), 4);			/* no-op */
	expect_vmas("[4,8)rwa");
}

/*
 * 0123456789012345678901
 *     AABB                 A rw, B r-- (two VMAs)
 *     AABB                 grow [4,8) to 6 pages: EFAULT
 *                     AABB move [4,8) FIXED to 20: both move, in order
 */
Test(mremap, range_spanning_vmas)
{
	map(4, 2, RW, ANON);
	map(6, 2, RO, ANON);
	fill(4, 2);
	cr_assert_eq(remap(4, 4, 6, MAYMOVE, 0), -EFAULT);
	cr_assert_eq(remap(4, 4, 4, FIXED, 20), 20);
	expect_vmas("[20,22)rwa [22,24)r-");
	expect_page(20, 4);
	expect_page(21, 5);
	/* shrinking across the boundary works too */
	cr_assert_eq(remap(20, 4, 1, 0, 0), 20);
	expect_vmas("[20,21)rwa");
}

/*
 * 0123456789012345678901
 *     AA.BB                a gap at 6 inside the range
 *                     AA.BB  moved FIXED to 20 with the gap kept
 */
Test(mremap, multi_vma_move_keeps_gaps)
{
	map(4, 2, RW, ANON);
	map(7, 2, RO, ANON);
	fill(4, 2);
	cr_assert_eq(remap(4, 5, 5, FIXED, 20), 20);
	expect_vmas("[20,22)rwa [23,25)r-");
	expect_page(21, 5);
	cr_assert_eq(remap(30, 3, 3, FIXED, 40), -EFAULT);	/* hole at the start */
}

/*
 * 0123456789012345678901
 *     AA            BB      both never faulted
 *                   BBAA    A moved FIXED to 20: merges with B
 */
Test(mremap, unfaulted_move_merges_with_neighbour)
{
	map(4, 2, RW, ANON);
	map(18, 2, RW, ANON);
	cr_assert_eq(remap(4, 2, 2, FIXED, 20), 20);
	expect_vmas("[18,22)rwa");
}

/*
 * 0123456789012345678901
 *     AA            BB      both written to (two anon_vmas)
 *                   BBAA    A moved FIXED to 20: stays its own VMA
 */
Test(mremap, faulted_move_does_not_merge)
{
	map(4, 2, RW, ANON);
	map(18, 2, RW, ANON);
	fill(4, 1);
	fill(18, 1);
	cr_assert_eq(remap(4, 2, 2, FIXED, 20), 20);
	expect_vmas("[18,20)rwa [20,22)rwa");
	expect_page(20, 4);
	expect_page(18, 18);
}

/*
 * 0123456789
 * AAAAAA       filled, never moved before
 *   AA   -> 20 mremap [2,4) FIXED to 20: split out of the middle
 */
Test(mremap, middle_of_a_vma)
{
	map(0, 6, RW, ANON);
	fill(0, 6);
	cr_assert_eq(remap(2, 2, 2, FIXED, 20), 20);
	expect_vmas("[0,2)rwa [4,6)rwa [20,22)rwa");
	expect_page(20, 2);
	expect_page(21, 3);
	expect_page(4, 4);
}

/*
 * 0123456789012345678901
 *     AA                    filled, locked
 *     aa              AA    DONTUNMAP to 20: the old range stays,
 *                           emptied and unlocked; the new one is locked
 */
Test(mremap, dontunmap_leaves_old_range_empty)
{
	long committed;

	map(4, 2, RW, ANON | MAP_LOCKED);
	fill(4, 2);
	committed = m->vm_committed_as;
	cr_assert_eq(remap(4, 2, 2, FIXED | MREMAP_DONTUNMAP, 20), 20);
	expect_vmas("[4,6)rwa [20,22)rwal");
	cr_assert_eq(t->mm->locked_vm, 2);
	cr_assert_eq(m->vm_committed_as, committed + 2);
	expect_page(20, 4);
	expect_page(21, 5);
	expect_zero(4);
	expect_zero(5);
}

/* A shared mapping with old_len 0 is duplicated: both see one object. */
Test(mremap, old_len_zero_duplicates_shared)
{
	char c = 0;

	map(4, 2, RW, MAP_SHARED | MAP_ANONYMOUS);
	cr_assert_eq(mml_store(ut(), base + P(4), "s", 1), 0);
	cr_assert_eq(remap(4, 0, 2, FIXED, 20), 20);
	cr_assert_eq(mml_load(ut(), base + P(20), &c, 1), 0);
	cr_assert_eq(c, 's');
	cr_assert_eq(mml_store(ut(), base + P(20), "t", 1), 0);
	cr_assert_eq(mml_load(ut(), base + P(4), &c, 1), 0);
	cr_assert_eq(c, 't');
	expect_vmas("[4,6)rw [20,22)rw");
}

/* Growing a locked VMA in place faults the growth in and counts it. */
Test(mremap, locked_growth_is_populated)
{
	map(4, 2, RW, ANON | MAP_LOCKED);
	cr_assert_eq(remap(4, 2, 4, 0, 0), 4);
	expect_vmas("[4,8)rwal");
	cr_assert_eq(t->mm->locked_vm, 4);
	cr_assert_neq(pfn_at(7), 0);
}

Test(mremap, limits)
{
	map(4, 2, RW, ANON);
	t->rlim[RLIMIT_AS].rlim_cur = t->mm->total_vm << PAGE_SHIFT;
	cr_assert_eq(remap(4, 2, 4, 0, 0), -ENOMEM);
	t->rlim[RLIMIT_AS].rlim_cur = RLIM_INFINITY;
	map(10, 1, RW, ANON | MAP_LOCKED);
	t->cap_ipc_lock = false;
	t->rlim[RLIMIT_MEMLOCK].rlim_cur = P(1);
	cr_assert_eq(remap(10, 1, 2, 0, 0), -EAGAIN);
	expect_vmas("[4,6)rwa [10,11)rwal");
}

/*
 * Fail the Nth allocation of @kind during a move: -ENOMEM with the old
 * range as it was, until the move succeeds.  When only the final unmap of
 * the old range failed, the move still succeeds (as on Linux) and leaves
 * the old range mapped but empty: unmap it here.
 */
static int inject(int kind, unsigned long from, unsigned long n,
		  unsigned long new_n, int flags, unsigned long to)
{
	long r = -ENOMEM, committed = m->vm_committed_as;
	int nth;

	for (nth = 0; nth < 40; nth++) {
		m->fail_nth[kind] = nth;
		r = remap(from, n, new_n, flags, to);
		m->fail_nth[kind] = -1;
		if (r >= 0)
			break;
		cr_assert_eq(r, -ENOMEM, "nth %d: %ld", nth, r);
		cr_assert_eq(m->vm_committed_as, committed, "nth %d", nth);
		expect_page(from, from);
	}
	cr_assert_eq(r, (long)to);
	expect_page(to, from);
	if (vma_lookup(t->mm, base + P(from))) {
		expect_zero(from);
		cr_assert_eq(mml_munmap(ut(), base + P(from), P(n)), 0);
		check();
	}
	cr_assert_eq(m->vm_committed_as, committed + (long)(new_n - n));
	return nth;
}

/*
 * 0123456789012345678901
 *   AAAA               BB   A filled, B in the way
 *   AA                 aa   move [2,4) FIXED to 20 failing the Nth VMA or
 *                           page-table allocation, then [4,6) grown to 3
 *                           and moved to 40
 */
Test(mremap, fault_injection_on_moves)
{
	struct mml_task *saved = ut();
	unsigned long before;
	long committed = m->vm_committed_as;
	int kind, failures;

	kmem_cache_shrink_all();
	drain_local_pages();
	before = nr_free_pages();
	t = (struct task_struct *)mml_task_new(m, "inject");
	for (kind = 0; kind < NR_FAIL_KINDS; kind++) {
		cr_assert_eq(mml_munmap(ut(), base, P(64)), 0);
		map(2, 4, RW, ANON);
		map(20, 2, RO, ANON);
		fill(2, 4);
		failures = inject(kind, 2, 2, 2, FIXED, 20);
		failures += inject(kind, 4, 2, 3, FIXED, 40);
		if (kind == FAIL_SLAB)
			cr_assert_geq(failures, 2);
		expect_vmas("[20,22)rwa [40,43)rwa");
	}
	mml_exit(ut(), 0);
	t = (struct task_struct *)saved;
	kmem_cache_shrink_all();
	drain_local_pages();
	cr_assert_eq(nr_free_pages(), before);
	cr_assert_eq(m->vm_committed_as, committed);
}

/* 100 one-page growths in place keep one VMA and the right counters. */
Test(mremap, repeated_growth)
{
	unsigned long i, total;

	map(0, 1, RW, ANON);
	total = t->mm->total_vm;
	for (i = 1; i < 40; i++)
		cr_assert_eq(remap(0, i, i + 1, MAYMOVE, 0), 0);
	expect_vmas("[0,40)rwa");
	cr_assert_eq(t->mm->total_vm, total + 39);
}

/*
 * A move 8 MiB down needs new page tables there: fail each page-table
 * (and VMA) allocation in turn; the PTEs already moved are moved back.
 */
Test(mremap, fault_injection_on_page_tables)
{
	unsigned long to = base - (8UL << 20);
	long r = -ENOMEM, committed;
	int nth, failures = 0;

	map(0, 4, RW, ANON);
	fill(0, 4);
	committed = m->vm_committed_as;
	for (nth = 0; nth < 40; nth++) {
		m->fail_nth[FAIL_PAGE_ALLOC] = nth;
		r = mml_mremap(ut(), base, P(4), P(4), FIXED, to);
		m->fail_nth[FAIL_PAGE_ALLOC] = -1;
		check();
		if (r >= 0)
			break;
		failures++;
		cr_assert_eq(r, -ENOMEM);
		cr_assert_null(vma_lookup(t->mm, to));
		cr_assert_eq(m->vm_committed_as, committed);
		expect_page(0, 0);
		expect_page(3, 3);
	}
	cr_assert_eq(r, (long)to);
	cr_assert_gt(failures, 0);
	cr_assert_null(vma_lookup(t->mm, base));
	base = to;
	expect_page(0, 0);
	expect_page(3, 3);
	cr_assert_eq(m->vm_committed_as, committed);
}

/*
 * 0123456789
 *     AA       never faulted
 *       AA     moved FIXED to 6: the new range first merges with its own
 *              source ([4,8)), then [4,6) is unmapped
 *   AA         and moved back down to 2 the same way
 */
Test(mremap, unfaulted_move_next_to_itself)
{
	long committed;
	unsigned long total;

	map(4, 2, RW, ANON);
	committed = m->vm_committed_as;
	total = t->mm->total_vm;
	cr_assert_eq(remap(4, 2, 2, FIXED, 6), 6);
	expect_vmas("[6,8)rwa");
	cr_assert_eq(remap(6, 2, 2, FIXED, 4), 4);
	expect_vmas("[4,6)rwa");
	cr_assert_eq(m->vm_committed_as, committed);
	cr_assert_eq(t->mm->total_vm, total);
	cr_assert_eq(mml_store(ut(), base + P(5), "k", 1), 0);
	expect_zero(4);
}
