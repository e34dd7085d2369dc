// SPDX-License-Identifier: MIT
/*
 * mm/vma_tree.c against a reference: a sorted array of ranges.  Random
 * inserts, erases and bound changes; after every step the tree's audit,
 * its entries and gaps in order, find(), last() and both gap searches
 * against brute force.  Then node allocation under fault injection, and
 * the tree inside an mm: thousands of VMAs, get_unmapped_area() against a
 * brute-force walk of the list, validate_mm() catching a corrupted gap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/vma_tree.h>
#include <mmlab/mmlab.h>
#include "mm/internal.h"
#include "helpers.h"

#define NR_ITEMS	3000
#define SPACE		(1UL << 20)	/* addresses are in [1, SPACE) */

struct item {
	unsigned long start, end;
};

/* The reference: pointers to the live items, sorted by address. */
struct model {
	struct vma_tree t;
	struct mml_machine *m;
	struct item *items[NR_ITEMS];
	int nr;
	unsigned int seed;
};

static unsigned long rnd(struct model *md, unsigned long n)
{
	return n ? (unsigned long)rand_r(&md->seed) % n : 0;
}

static unsigned long gap_of(struct model *md, int i)
{
	unsigned long prev = i ? md->items[i - 1]->end : 0;

	return md->items[i]->start - prev;
}

static void check_entries(struct model *md)
{
	char msg[256];
	int i;

	cr_assert_eq(vma_tree_audit(&md->t, msg, sizeof(msg)), 0, "%s", msg);
	cr_assert_eq(vma_tree_empty(&md->t), md->nr == 0);
	cr_assert_eq(vma_tree_last(&md->t), md->nr ? md->items[md->nr - 1] : NULL);
	for (i = 0; i < md->nr; i++) {
		struct item *it = md->items[i];

		cr_assert_eq(vma_tree_find(&md->t, it->start), it);
		cr_assert_eq(vma_tree_find(&md->t, it->end - 1), it);
	}
}

struct walk_state {
	struct model *md;
	int i;
};

static int walk_one(void *arg, unsigned long pivot, unsigned long gap, void *entry)
{
	struct walk_state *w = arg;
	struct model *md = w->md;

	cr_assert_lt(w->i, md->nr);
	cr_assert_eq(entry, md->items[w->i], "entry %d", w->i);
	cr_assert_eq(pivot, md->items[w->i]->end);
	cr_assert_eq(gap, gap_of(md, w->i), "gap of entry %d", w->i);
	w->i++;
	return 0;
}

static void check_walk(struct model *md)
{
	struct walk_state w = { md, 0 };

	vma_tree_walk(&md->t, walk_one, &w);
	cr_assert_eq(w.i, md->nr);
}

/* What vma_tree_gap_lowest() must find, by brute force. */
static int lowest_ref(struct model *md, unsigned long len, unsigned long low)
{
	int i;

	for (i = 0; i < md->nr; i++) {
		unsigned long g = gap_of(md, i), prev = i ? md->items[i - 1]->end : 0;

		if (g && g >= len && prev + g >= low)
			return i;
	}
	return -1;
}

static int highest_ref(struct model *md, unsigned long len, unsigned long high)
{
	int i;

	for (i = md->nr - 1; i >= 0; i--) {
		unsigned long g = gap_of(md, i), prev = i ? md->items[i - 1]->end : 0;

		if (prev <= high && g && g >= len)
			return i;
	}
	return -1;
}

static void check_gap_result(struct model *md, int want, bool found,
			     const struct vma_tree_gap *g)
{
	unsigned long prev;

	cr_assert_eq(found, want >= 0, "found %d, want index %d", found, want);
	if (!found)
		return;
	prev = want ? md->items[want - 1]->end : 0;
	cr_assert_eq(g->entry, md->items[want]);
	cr_assert_eq(g->gap_start, prev);
	cr_assert_eq(g->gap_end, md->items[want]->start);
}

static void check_gaps(struct model *md)
{
	struct vma_tree_gap g;
	int k;

	for (k = 0; k < 8; k++) {
		unsigned long len = rnd(md, 4) ? rnd(md, 64) : rnd(md, SPACE / 8);
		unsigned long lim = rnd(md, SPACE + 64);
		bool found;

		found = vma_tree_gap_lowest(&md->t, len, lim, &g);
		check_gap_result(md, lowest_ref(md, len, lim), found, &g);
		found = vma_tree_gap_highest(&md->t, len, lim, &g);
		check_gap_result(md, highest_ref(md, len, lim), found, &g);
	}
}

static int model_find(struct model *md, unsigned long addr);

static void check_find(struct model *md)
{
	int k, i;

	for (k = 0; k < 16; k++) {
		unsigned long addr = rnd(md, SPACE + 8);

		i = model_find(md, addr);
		cr_assert_eq(vma_tree_find(&md->t, addr), i < md->nr ? md->items[i] : NULL,
			     "find(%#lx)", addr);
	}
	cr_assert_null(vma_tree_find(&md->t, ~0UL));
}

static void check_all(struct model *md)
{
	check_entries(md);
	check_find(md);
	check_walk(md);
	check_gaps(md);
}

/* Index of the first item with end > @addr (md->nr if none). */
static int model_find(struct model *md, unsigned long addr)
{
	int lo = 0, hi = md->nr;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (md->items[mid]->end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void tree_fix_gap(struct model *md, int i)
{
	if (i < md->nr)
		cr_assert_eq(vma_tree_update(&md->t, md->items[i]->end,
					     md->items[i]->end, gap_of(md, i), NULL), 0);
}

/* Insert a random free range, like vma_link(). */
static void op_insert(struct model *md, struct item *it)
{
	struct vma_tree_next next;
	unsigned long lo, hi, len;
	bool with_next;
	int i, err;

	if (md->nr == NR_ITEMS)
		return;
	i = (int)rnd(md, (unsigned long)md->nr + 1);
	lo = i ? md->items[i - 1]->end : 1;
	hi = i < md->nr ? md->items[i]->start : SPACE;
	if (hi - lo < 2)
		return;
	it->start = lo + rnd(md, hi - lo - 1);
	len = 1 + rnd(md, rnd(md, 8) ? 8 : 256);
	it->end = it->start + (len > hi - it->start ? hi - it->start : len);
	with_next = i < md->nr && rnd(md, 2);
	if (with_next)
		next = (struct vma_tree_next){ md->items[i]->end,
					       md->items[i]->start - it->end };
	err = vma_tree_insert(&md->t, it->end,
			      it->start - (i ? md->items[i - 1]->end : 0), it,
			      with_next ? &next : NULL);
	cr_assert_eq(err, 0);
	memmove(&md->items[i + 1], &md->items[i], (size_t)(md->nr - i) * sizeof(it));
	md->items[i] = it;
	md->nr++;
	if (!with_next)
		tree_fix_gap(md, i + 1);
	cr_assert_eq(vma_tree_insert(&md->t, it->end, 0, it, NULL), -EEXIST);
}

static void op_erase(struct model *md, struct item *pool)
{
	struct vma_tree_next next;
	bool with_next;
	int i;

	(void)pool;
	if (!md->nr)
		return;
	i = (int)rnd(md, (unsigned long)md->nr);
	with_next = i + 1 < md->nr && rnd(md, 2);
	if (with_next)
		next = (struct vma_tree_next){ md->items[i + 1]->end,
			md->items[i + 1]->start - (i ? md->items[i - 1]->end : 0) };
	cr_assert_eq(vma_tree_erase(&md->t, md->items[i]->end,
				    with_next ? &next : NULL), 0);
	cr_assert_eq(vma_tree_erase(&md->t, md->items[i]->end, NULL), -ENOENT);
	md->items[i]->start = md->items[i]->end = 0;
	memmove(&md->items[i], &md->items[i + 1],
		(size_t)(md->nr - i - 1) * sizeof(md->items[0]));
	md->nr--;
	if (!with_next)
		tree_fix_gap(md, i);
}

/* Move an item's bounds within its neighbours, like vma_set_range(). */
static void op_resize(struct model *md)
{
	struct vma_tree_next next;
	unsigned long lo, hi, old_end;
	struct item *it;
	bool with_next;
	int i;

	if (!md->nr)
		return;
	i = (int)rnd(md, (unsigned long)md->nr);
	it = md->items[i];
	lo = i ? md->items[i - 1]->end : 1;
	hi = i + 1 < md->nr ? md->items[i + 1]->start : SPACE;
	old_end = it->end;
	it->start = lo + rnd(md, hi - lo < 64 ? hi - lo : 64);
	it->end = it->start + 1 + rnd(md, 64);
	if (it->end > hi)
		it->end = hi;
	with_next = i + 1 < md->nr && rnd(md, 2);
	if (with_next)
		next = (struct vma_tree_next){ md->items[i + 1]->end, gap_of(md, i + 1) };
	cr_assert_eq(vma_tree_update(&md->t, old_end, it->end, gap_of(md, i),
				     with_next ? &next : NULL), 0);
	if (!with_next)
		tree_fix_gap(md, i + 1);
}

static struct item *free_item(struct item *pool)
{
	int i;

	for (i = 0; i < NR_ITEMS; i++)
		if (!pool[i].end)
			return &pool[i];
	return NULL;
}

static void random_run(unsigned int seed, int steps, int insert_weight, int min_peak)
{
	struct model md = { .seed = seed };
	struct item *pool = calloc(NR_ITEMS, sizeof(*pool));
	int s, check_every, max_nr = 0;

	md.m = test_machine(NULL);
	cr_assert_not_null(pool);
	for (s = 0; s < steps; s++) {
		int op = (int)rnd(&md, 10);
		struct item *it = free_item(pool);

		if (op < insert_weight && it)
			op_insert(&md, it);
		else if (op < 8)
			op_erase(&md, pool);
		else
			op_resize(&md);
		/* Every step while small, then often enough to stay quick. */
		check_every = md.nr < 200 ? 1 : 37;
		if (s % check_every == 0)
			check_all(&md);
		if (md.nr > max_nr)
			max_nr = md.nr;
	}
	cr_log_info("seed %u: up to %d entries", seed, max_nr);
	cr_assert_geq(max_nr, min_peak, "the run never grew that far");
	check_all(&md);
	while (md.nr) {
		op_erase(&md, pool);
		if (md.nr % 53 == 0)
			check_all(&md);
	}
	check_all(&md);
	vma_tree_destroy(&md.t);
	free(pool);
	mml_machine_free(md.m);
}

Test(vma_tree, empty_tree)
{
	struct vma_tree t = { 0 };
	struct vma_tree_gap g;
	char msg[128];

	cr_assert(vma_tree_empty(&t));
	cr_assert_null(vma_tree_find(&t, 0));
	cr_assert_null(vma_tree_last(&t));
	cr_assert_not(vma_tree_gap_lowest(&t, 1, 0, &g));
	cr_assert_not(vma_tree_gap_highest(&t, 1, ~0UL, &g));
	cr_assert_eq(vma_tree_erase(&t, 5, NULL), -ENOENT);
	cr_assert_eq(vma_tree_update(&t, 5, 5, 0, NULL), -ENOENT);
	cr_assert_eq(vma_tree_audit(&t, msg, sizeof(msg)), 0);
	vma_tree_destroy(&t);
}

Test(vma_tree, random_balanced)
{
	random_run(1, 20000, 5, 1000);
}

Test(vma_tree, random_growing_then_draining)
{
	random_run(7, 30000, 7, NR_ITEMS);
}

Test(vma_tree, random_small_churn)
{
	random_run(42, 20000, 4, 20);
}

/* Insert NR_ITEMS items at rising addresses, checking all every @check_every. */
static void fill_rising(struct model *md, struct item *pool, int check_every)
{
	int i;

	for (i = 0; i < NR_ITEMS; i++) {
		pool[i].start = 10UL * (unsigned long)i + 5;
		pool[i].end = pool[i].start + 3;
		cr_assert_eq(vma_tree_insert(&md->t, pool[i].end,
					     i ? 7 : pool[i].start, &pool[i],
					     NULL), 0);
		md->items[md->nr++] = &pool[i];
		if (check_every && i % check_every == 0)
			check_all(md);
	}
}

/* Ascending then descending keys: splits at the right edge, merges at the left. */
Test(vma_tree, sequential_fill_and_drain)
{
	struct model md = { .seed = 3 };
	struct item *pool = calloc(NR_ITEMS, sizeof(*pool));
	int i;

	md.m = test_machine(NULL);
	fill_rising(&md, pool, 97);
	check_all(&md);
	for (i = 0; i < NR_ITEMS; i++) {
		cr_assert_eq(vma_tree_erase(&md.t, pool[i].end, NULL), 0);
		memmove(&md.items[0], &md.items[1], (size_t)(md.nr - 1) * sizeof(md.items[0]));
		md.nr--;
		tree_fix_gap(&md, 0);
		if (i % 89 == 0)
			check_all(&md);
	}
	check_all(&md);
	vma_tree_destroy(&md.t);
	free(pool);
	mml_machine_free(md.m);
}

/* Leaves of @node's subtree holding fewer than @min slots, but the @skip-th. */
static int thin_leaves(const struct vma_tree *t, const struct vma_tree_node *node,
		       int level, unsigned int min, int skip, int *nth)
{
	unsigned int i;
	int thin = 0;

	if (level == t->height - 1)
		return (*nth)++ != skip && node->nr < min;
	for (i = 0; i < node->nr; i++)
		thin += thin_leaves(t, node->slot[i], level + 1, min, skip, nth);
	return thin;
}

static int count_leaves(const struct vma_tree *t)
{
	int nth = 0;

	thin_leaves(t, t->root, 0, 0, -1, &nth);
	return nth;
}

/*
 * Built in address order -- rising (MAP_FIXED one after another) or
 * falling at one place in the tree (top-down mmap() between the heap and
 * the last mapping) -- every leaf but the one still being filled (and,
 * falling, the one the items below stay in) holds at least
 * VMA_TREE_SLOTS + 1 - VMA_TREE_MIN = 13 of its 16 slots: a split in the
 * middle left them at 8 or 9.
 */
Test(vma_tree, ordered_builds_fill_their_nodes)
{
	struct model md = { .seed = 5 };
	struct item *pool = calloc(NR_ITEMS, sizeof(*pool));
	int i, n, nth, low = 5;
	char msg[256];

	md.m = test_machine(NULL);
	fill_rising(&md, pool, 0);
	check_all(&md);
	n = count_leaves(&md.t);
	nth = 0;
	cr_assert_eq(thin_leaves(&md.t, md.t.root, 0, 13, n - 1, &nth), 0);
	cr_assert_leq(n, NR_ITEMS / 13 + 1);
	vma_tree_destroy(&md.t);
	memset(&md.t, 0, sizeof(md.t));
	md.nr = 0;

	/*
	 * Falling: @low items at the bottom (the program and its heap), then
	 * each new one just below the previous one, above them.
	 */
	for (i = 0; i < NR_ITEMS; i++) {
		int k = i < low ? i : NR_ITEMS - 1 - (i - low);

		pool[k].start = 10UL * (unsigned long)k + 5;
		pool[k].end = pool[k].start + 3;
	}
	for (i = 0; i < NR_ITEMS; i++) {
		int k = i < low ? i : NR_ITEMS - 1 - (i - low);

		/* gaps are left as they were given: only the shape is checked */
		cr_assert_eq(vma_tree_insert(&md.t, pool[k].end, 7, &pool[k],
					     NULL), 0);
	}
	cr_assert_eq(vma_tree_audit(&md.t, msg, sizeof(msg)), 0, "%s", msg);
	n = count_leaves(&md.t);
	nth = 0;
	/* the first leaf holds the items below; the second is being filled */
	cr_assert_leq(thin_leaves(&md.t, md.t.root, 0, 13, 0, &nth), 1);
	cr_assert_leq(n, NR_ITEMS / 13 + 2);
	vma_tree_destroy(&md.t);
	free(pool);
	mml_machine_free(md.m);
}

/* Each node allocation fails in turn: -ENOMEM, and the tree unchanged. */
Test(vma_tree, fault_injection_on_node_allocation)
{
	struct model md = { .seed = 11 };
	struct item *pool = calloc(NR_ITEMS, sizeof(*pool));
	int i, nth, failures = 0, err;

	md.m = test_machine(NULL);
	for (i = 0; i < 1000; i++) {
		pool[i].start = 4UL * (unsigned long)i + 1;
		pool[i].end = pool[i].start + 2;
		for (nth = 0;; nth++) {
			md.m->fail_nth[FAIL_SLAB] = nth;
			err = vma_tree_insert(&md.t, pool[i].end, i ? 2 : 1,
					      &pool[i], NULL);
			md.m->fail_nth[FAIL_SLAB] = -1;
			if (!err)
				break;
			cr_assert_eq(err, -ENOMEM);
			failures++;
			cr_assert_eq(vma_tree_last(&md.t), i ? md.items[i - 1] : NULL);
			check_all(&md);
		}
		md.items[md.nr++] = &pool[i];
		if (i % 50 == 0)
			check_all(&md);
	}
	cr_assert_gt(failures, 0, "no node allocation was ever attempted");
	check_all(&md);
	vma_tree_destroy(&md.t);
	free(pool);
	mml_machine_free(md.m);
}

/* --- the tree inside an mm ------------------------------------------------- */

static void check_mm(struct mml_machine *m, struct task_struct *t)
{
	char msg[256];

	cr_assert_eq(validate_mm(t->mm, msg, sizeof(msg)), 0, "%s", msg);
	test_audit(m);
}

/* The highest hole of @len below @high above the list's VMAs, by brute force. */
static unsigned long topdown_ref(struct mm_struct *mm, unsigned long len,
				 unsigned long low, unsigned long high)
{
	struct vm_area_struct *vma, *last = NULL;
	unsigned long best = (unsigned long)-ENOMEM, gs, ge;

	for (vma = mm->mmap; vma; last = vma, vma = vma->vm_next) {
		gs = vma->vm_prev ? vm_end_gap(vma->vm_prev) : 0;
		ge = vm_start_gap(vma);
		if (ge > high)
			ge = high;
		if (gs < low)
			gs = low;
		if (ge > gs && ge - gs >= len)
			best = ge - len;
	}
	gs = last ? vm_end_gap(last) : 0;
	if (gs < low)
		gs = low;
	if (high > gs && high - gs >= len)
		best = high - len;
	return best;
}

Test(vma_tree, mm_with_thousands_of_vmas)
{
	struct mml_machine *m = test_machine(NULL);
	struct task_struct *t = (struct task_struct *)mml_task_new(m, "many");
	unsigned long region, addr, want;
	long r;
	int i;

	cr_assert_not_null(t);
	region = (unsigned long)mml_mmap((struct mml_task *)t, 0, 8000UL << PAGE_SHIFT,
					 PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_lt(region, -4096UL);
	/* Every other page PROT_NONE: 8000 VMAs, then holes of 1..3 pages. */
	for (i = 0; i < 8000; i += 2)
		cr_assert_eq(mml_mprotect((struct mml_task *)t, region + ((unsigned long)i << PAGE_SHIFT),
					  PAGE_SIZE, PROT_NONE), 0);
	check_mm(m, t);
	for (i = 1; i < 8000; i += 7 + (i % 5)) {
		r = mml_munmap((struct mml_task *)t, region + ((unsigned long)i << PAGE_SHIFT),
			       (unsigned long)(1 + i % 3) << PAGE_SHIFT);
		cr_assert_eq(r, 0);
	}
	check_mm(m, t);
	for (i = 0; i < 300; i++) {
		unsigned long len = (unsigned long)(1 + i % 4) << PAGE_SHIFT;

		want = topdown_ref(t->mm, len, PAGE_SIZE, t->mm->mmap_base);
		addr = get_unmapped_area(t->mm, NULL, 0, len, 0, MAP_PRIVATE | MAP_ANONYMOUS);
		cr_assert_eq(addr, want, "round %d: %#lx, want %#lx", i, addr, want);
		r = mml_mmap((struct mml_task *)t, 0, len, PROT_READ | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		cr_assert_eq((unsigned long)r, want);
		if (i % 20 == 0)
			check_mm(m, t);
	}
	check_mm(m, t);
	mml_exit((struct mml_task *)t, 0);
	mml_machine_free(m);
}

Test(vma_tree, validate_mm_catches_a_wrong_gap)
{
	struct mml_machine *m = test_machine(NULL);
	struct task_struct *t = (struct task_struct *)mml_task_new(m, "bad");
	struct vm_area_struct *vma;
	char msg[256];

	cr_assert_not_null(t);
	check_mm(m, t);
	vma = t->mm->mmap;
	cr_assert_not_null(vma);
	cr_assert_eq(vma_tree_update(&t->mm->mm_mt, vma->vm_end, vma->vm_end, 12345, NULL), 0);
	cr_assert_eq(validate_mm(t->mm, msg, sizeof(msg)), -EUCLEAN);
	cr_assert(strstr(msg, "gap"), "%s", msg);
	vma_gap_update(vma);
	cr_assert_eq(validate_mm(t->mm, msg, sizeof(msg)), 0, "%s", msg);
	mml_exit((struct mml_task *)t, 0);
	mml_machine_free(m);
}

/* mmap and split under node-allocation failure: -ENOMEM and a sound mm. */
Test(vma_tree, mm_fault_injection)
{
	struct mml_machine *m = test_machine(NULL);
	struct task_struct *t = (struct task_struct *)mml_task_new(m, "fi");
	unsigned long region;
	int i, nth;
	long r;

	cr_assert_not_null(t);
	region = (unsigned long)mml_mmap((struct mml_task *)t, 0, 400UL << PAGE_SHIFT,
					 PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (i = 0; i < 400; i += 2) {
		for (nth = 0;; nth++) {
			int count = t->mm->map_count;

			m->fail_nth[FAIL_SLAB] = nth;
			r = mml_mprotect((struct mml_task *)t,
					 region + ((unsigned long)i << PAGE_SHIFT),
					 PAGE_SIZE, PROT_NONE);
			m->fail_nth[FAIL_SLAB] = -1;
			check_mm(m, t);
			if (!r)
				break;
			cr_assert_eq(r, -ENOMEM);
			cr_assert_geq(t->mm->map_count, count);
		}
	}
	cr_assert_geq(t->mm->map_count, 200);
	mml_exit((struct mml_task *)t, 0);
	mml_machine_free(m);
}
