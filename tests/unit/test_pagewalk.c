// SPDX-License-Identifier: MIT
/*
 * The page-table walker and mmu_gather: callbacks counted on a sparse
 * 1 TiB mapping (empty levels cost one hole each), ranges crossing PTE,
 * PMD, PUD and PGD tables, 2 MiB and 1 GiB leaves, ACTION_CONTINUE,
 * test_walk and VMA gaps, errors stopping the walk, an entry pointing
 * outside RAM; and the order of an unmapping: a zapped page stays
 * allocated (and reachable through the stale TLB entry) until the flush,
 * then is freed, also when a batch fills in the middle.  The i_mmap
 * interval tree: queries answer exactly the covering VMAs, and
 * rmap_walk() of a file page calls back once per VMA mapping it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <linux/fs.h>
#include <linux/rmap.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/gfp.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/pagewalk.h>
#include <asm/pgtable.h>
#include <asm/tlb.h>
#include <asm/tlbflush.h>
#include <mmlab/mmlab.h>
#include "mm/internal.h"
#include "helpers.h"

#define TIB	(1UL << 40)
#define GIB	(1UL << 30)
#define MIB2	(2UL << 20)

static struct mml_machine *m;
static struct mml_task *ut;
static struct task_struct *t;

static void setup(void)
{
	m = test_machine(NULL);
	ut = mml_task_new(m, "walk");
	cr_assert_not_null(ut);
	t = (struct task_struct *)ut;
}

static void teardown(void)
{
	test_check_mm(m, t);
	mml_exit(ut, 0);
	test_audit(m);
	mml_machine_free(m);
}

TestSuite(pagewalk, .init = setup, .fini = teardown);

/* What a walk saw: callbacks per kind, and that they tile the range. */
struct census {
	unsigned long pgd, pud, pmd, pte, present, holes, hole_bytes;
	unsigned long leaf_pud, leaf_pmd;
	unsigned long next;		/* where the next callback must start */
	bool tiled;			/* every range began at the last end */
	int holes_at[5];		/* per depth + 1 */
	int stop_after;			/* pte_entry returns 7 on this call */
	bool skip_ptes;			/* pmd_entry answers ACTION_CONTINUE */
};

static void census_range(struct census *c, unsigned long addr,
			 unsigned long next)
{
	if (addr != c->next)
		c->tiled = false;
	c->next = next;
}

static int c_pgd(pgd_t *pgd, unsigned long addr, unsigned long next,
		 struct mm_walk *walk)
{
	((struct census *)walk->private)->pgd++;
	return 0;
}

static int c_pud(pud_t *pud, unsigned long addr, unsigned long next,
		 struct mm_walk *walk)
{
	struct census *c = walk->private;

	c->pud++;
	if (pud_leaf(*pud)) {
		c->leaf_pud++;
		census_range(c, addr, next);
	}
	return 0;
}

static int c_pmd(pmd_t *pmd, unsigned long addr, unsigned long next,
		 struct mm_walk *walk)
{
	struct census *c = walk->private;

	c->pmd++;
	if (pmd_leaf(*pmd)) {
		c->leaf_pmd++;
		census_range(c, addr, next);
	}
	if (c->skip_ptes) {
		walk->action = ACTION_CONTINUE;
		census_range(c, addr, next);
	}
	return 0;
}

static int c_pte(pte_t *pte, unsigned long addr, unsigned long next,
		 struct mm_walk *walk)
{
	struct census *c = walk->private;

	census_range(c, addr, next);
	c->pte++;
	c->present += pte_present(ptep_get(pte));
	if (c->stop_after && c->pte == (unsigned long)c->stop_after)
		return 7;
	return 0;
}

static int c_hole(unsigned long addr, unsigned long next, int depth,
		  struct mm_walk *walk)
{
	struct census *c = walk->private;

	census_range(c, addr, next);
	c->holes++;
	c->hole_bytes += next - addr;
	cr_assert(depth >= -1 && depth <= 3, "depth %d", depth);
	c->holes_at[depth + 1]++;
	return 0;
}

static const struct mm_walk_ops census_ops = {
	.pgd_entry = c_pgd, .pud_entry = c_pud, .pmd_entry = c_pmd,
	.pte_entry = c_pte, .pte_hole = c_hole,
};

static int census_walk(unsigned long start, unsigned long end,
		       struct census *c)
{
	c->next = start;
	c->tiled = true;
	return walk_page_range(t->mm, start, end, &census_ops, c);
}

static unsigned long map(unsigned long len, int prot, int flags)
{
	long r = mml_mmap(ut, 0, len, prot, flags, -1, 0);

	cr_assert_lt((unsigned long)r, -4096UL, "mmap: %ld", r);
	return (unsigned long)r;
}

/* MAP_FIXED at @addr: an otherwise empty part of the address space. */
static unsigned long map_at(unsigned long addr, unsigned long len, int prot)
{
	long r = mml_mmap(ut, addr, len, prot, ANON | MAP_NORESERVE | MAP_FIXED,
			  -1, 0);

	cr_assert_eq((unsigned long)r, addr, "mmap: %ld", r);
	return addr;
}

static void touch(unsigned long va)
{
	cr_assert_eq(mml_store(ut, va, &va, sizeof(va)), 0);
}

/*
 * A 1 TiB mapping (at 16 TiB: two whole PGD entries of its own) with two
 * pages touched 256 GiB apart: the walk sees two PTE tables (512 calls
 * each) and one hole per empty entry above them, never 2^28 PTEs.
 */
Test(pagewalk, empty_levels_are_skipped)
{
	unsigned long base = map_at(16 * TIB, TIB, RW);
	struct census c = { 0 };

	touch(base + 5 * PAGE_SIZE);
	touch(base + 256 * GIB);
	cr_assert_eq(census_walk(base, base + TIB, &c), 0);
	cr_assert(c.tiled, "the callbacks tile [base, base + 1 TiB)");
	cr_assert_eq(c.next, base + TIB);
	cr_assert_eq(c.pgd, 1);
	cr_assert_eq(c.holes_at[1], 1, "the second 512 GiB: one PGD hole");
	cr_assert_eq(c.holes_at[2], 0, "the P4D is folded");
	cr_assert_eq(c.pud, 2);
	cr_assert_eq(c.holes_at[3], PTRS_PER_PUD - 2);
	cr_assert_eq(c.pmd, 2);
	cr_assert_eq(c.holes_at[4], 2 * (PTRS_PER_PMD - 1));
	cr_assert_eq(c.pte, 2 * PTRS_PER_PTE);
	cr_assert_eq(c.present, 2);
	cr_assert_eq(c.holes_at[0], 0, "one VMA: no gap");
	cr_assert_eq(c.hole_bytes + c.pte * PAGE_SIZE, TIB);
	mml_munmap(ut, base, TIB);
}

/* A range crossing a PMD, a PUD and a PGD boundary, pages on both sides. */
Test(pagewalk, ranges_crossing_tables)
{
	unsigned long base = map_at(16 * TIB, TIB, RW);
	unsigned long pgd_edge = ALIGN(base + PAGE_SIZE, PGDIR_SIZE);
	unsigned long pud_edge = ALIGN(base + PAGE_SIZE, GIB);
	unsigned long pmd_edge = ALIGN(base + PAGE_SIZE, MIB2);
	unsigned long edges[] = { pmd_edge, pud_edge, pgd_edge };

	for (int i = 0; i < 3; i++) {
		unsigned long e = edges[i];
		struct census c = { 0 };

		cr_assert(e - PAGE_SIZE >= base && e + 2 * PAGE_SIZE <= base + TIB);
		touch(e - PAGE_SIZE);
		touch(e);
		touch(e + PAGE_SIZE);
		cr_assert_eq(census_walk(e - PAGE_SIZE, e + 2 * PAGE_SIZE, &c), 0);
		cr_assert(c.tiled);
		cr_assert_eq(c.pte, 3, "edge %d: %lu PTEs", i, c.pte);
		cr_assert_eq(c.present, 3);
		cr_assert_eq(c.holes, 0);
		cr_assert_eq(c.pmd, 2, "one PTE table on each side");
	}
	mml_munmap(ut, base, TIB);
}

/*
 * A range inside one PTE table, walked with only ->pte_entry and ->pte_hole
 * (the zap's and mprotect's shape, which takes the walker's short path):
 * an empty level is one hole of the whole range at that level's depth, a
 * table one call per page.
 */
static const struct mm_walk_ops pte_only_ops = {
	.pte_entry = c_pte, .pte_hole = c_hole,
};

/* mprotect's shape: the PTE table handed to ->pmd_entry. */
static const struct mm_walk_ops pmd_pte_ops = {
	.pmd_entry = c_pmd, .pte_entry = c_pte, .pte_hole = c_hole,
};

static void pte_only_walk(unsigned long start, unsigned long end,
			  struct census *c)
{
	c->next = start;
	c->tiled = true;
	cr_assert_eq(walk_page_range(t->mm, start, end, &pte_only_ops, c), 0);
	cr_assert(c->tiled);
	cr_assert_eq(c->next, end);
}

Test(pagewalk, pte_only_walk_inside_one_table)
{
	unsigned long base = map_at(16 * TIB, TIB, RW), a;
	struct census c = { 0 };

	/* Nothing touched: the PGD entry of [16 TiB, 16.5 TiB) is empty. */
	pte_only_walk(base + PAGE_SIZE, base + 4 * PAGE_SIZE, &c);
	cr_assert_eq(c.holes_at[1], 1, "one PGD hole");
	cr_assert_eq(c.holes, 1);
	cr_assert_eq(c.pte, 0);

	touch(base + 5 * PAGE_SIZE);
	memset(&c, 0, sizeof(c));
	a = base + GIB + PAGE_SIZE;	/* an empty PUD entry */
	pte_only_walk(a, a + 3 * PAGE_SIZE, &c);
	cr_assert_eq(c.holes_at[3], 1, "one PUD hole");
	cr_assert_eq(c.holes, 1);

	memset(&c, 0, sizeof(c));
	a = base + MIB2 + PAGE_SIZE;	/* an empty PMD entry */
	pte_only_walk(a, a + 3 * PAGE_SIZE, &c);
	cr_assert_eq(c.holes_at[4], 1, "one PMD hole");
	cr_assert_eq(c.holes, 1);

	memset(&c, 0, sizeof(c));
	pte_only_walk(base + 4 * PAGE_SIZE, base + 8 * PAGE_SIZE, &c);
	cr_assert_eq(c.holes, 0);
	cr_assert_eq(c.pte, 4, "one call per page of the table");
	cr_assert_eq(c.present, 1);

	/* The last page of the table, and a stop on the first call. */
	memset(&c, 0, sizeof(c));
	pte_only_walk(base + MIB2 - PAGE_SIZE, base + MIB2, &c);
	cr_assert_eq(c.pte, 1);
	memset(&c, 0, sizeof(c));
	c.stop_after = 1;
	c.next = base + 5 * PAGE_SIZE;
	cr_assert_eq(walk_page_range(t->mm, base + 5 * PAGE_SIZE,
				     base + 7 * PAGE_SIZE, &pte_only_ops, &c), 7);
	cr_assert_eq(c.pte, 1);

	/* With ->pmd_entry: one call for the table, then its PTEs or none. */
	memset(&c, 0, sizeof(c));
	c.next = base + 4 * PAGE_SIZE;
	c.tiled = true;
	cr_assert_eq(walk_page_range(t->mm, base + 4 * PAGE_SIZE,
				     base + 8 * PAGE_SIZE, &pmd_pte_ops, &c), 0);
	cr_assert(c.tiled);
	cr_assert_eq(c.pmd, 1);
	cr_assert_eq(c.pte, 4);
	memset(&c, 0, sizeof(c));
	c.skip_ptes = true;
	c.next = base + 4 * PAGE_SIZE;
	c.tiled = true;
	cr_assert_eq(walk_page_range(t->mm, base + 4 * PAGE_SIZE,
				     base + 8 * PAGE_SIZE, &pmd_pte_ops, &c), 0);
	cr_assert(c.tiled);
	cr_assert_eq(c.next, base + 8 * PAGE_SIZE);
	cr_assert_eq(c.pmd, 1);
	cr_assert_eq(c.pte, 0, "ACTION_CONTINUE skips the table's PTEs");
	test_audit(m);
	mml_munmap(ut, base, TIB);
}

/* Gaps between VMAs are holes of depth -1; a VMA test_walk skips is none. */
static int skip_readonly(unsigned long addr, unsigned long next,
			 struct mm_walk *walk)
{
	return walk->vma->vm_flags & VM_WRITE ? 0 : 1;
}

Test(pagewalk, vma_gaps_and_test_walk)
{
	unsigned long base = map_at(17 * TIB, P(8), RW);
	struct mm_walk_ops ops = census_ops;
	struct census c = { 0 };

	cr_assert_eq(mml_munmap(ut, base + P(2), P(2)), 0);
	cr_assert_eq(mml_mprotect(ut, base + P(6), P(2), RO), 0);
	touch(base);
	/*
	 * 01234567
	 * WW  WWRR	walk [0, 8): W walked, gap a hole, R skipped
	 */
	cr_assert_eq(census_walk(base, base + P(8), &c), 0);
	cr_assert_eq(c.holes_at[0], 1);
	cr_assert_eq(c.pte, 6, "RR walked by default");
	c = (struct census){ 0 };
	ops.test_walk = skip_readonly;
	c.next = base;
	cr_assert_eq(walk_page_range(t->mm, base, base + P(8), &ops, &c), 0);
	cr_assert_eq(c.pte, 4);
	cr_assert_eq(c.present, 1);
	cr_assert_eq(walk_page_range(t->mm, base, base, &ops, &c), -EINVAL);
	mml_munmap(ut, base, P(8));
}

Test(pagewalk, errors_stop_the_walk_and_continue_skips)
{
	unsigned long base = map_at(18 * TIB, P(16), RW);
	struct census c = { .stop_after = 3 };

	touch(base);
	cr_assert_eq(census_walk(base, base + P(16), &c), 7);
	cr_assert_eq(c.pte, 3);
	c = (struct census){ .skip_ptes = true };
	cr_assert_eq(census_walk(base, base + P(16), &c), 0);
	cr_assert_eq(c.pmd, 1);
	cr_assert_eq(c.pte, 0, "ACTION_CONTINUE: no PTE callbacks");
	cr_assert(c.tiled);
	mml_munmap(ut, base, P(16));
}

/*
 * Leaves: a 2 MiB PMD and a 1 GiB PUD put by hand into empty user slots
 * (walked without VMAs) go to pmd_entry / pud_entry; nothing below them
 * is walked.  A PMD pointing outside RAM is skipped, not followed.
 */
Test(pagewalk, huge_leaves_and_bad_tables)
{
	struct mm_struct *mm = t->mm;
	const unsigned long lva = 64 * TIB, gva = 65 * TIB, bva = 66 * TIB;
	const pgprot_t leaf = __pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
				       _PAGE_PSE);
	pte_t *ptep = pte_alloc_map(mm, lva + MIB2);	/* the PMD table, a PTE table beside */
	pmd_t *pmd;
	pud_t *pud;
	struct census c = { 0 };

	cr_assert_not_null(ptep);
	pmd = pmd_offset(pud_offset(p4d_offset(pgd_offset(mm, lva), lva), lva), lva);
	set_pmd(pmd, pfn_pmd(0, leaf));
	cr_assert_not_null(pte_alloc_map(mm, gva + GIB));
	pud = pud_offset(p4d_offset(pgd_offset(mm, gva), gva), gva);
	set_pud(pud, pfn_pud(0, leaf));

	c.next = lva;
	c.tiled = true;
	cr_assert_eq(walk_page_range_novma(mm, lva, lva + MIB2 + PAGE_SIZE,
					   &census_ops, NULL, &c), 0);
	cr_assert(c.tiled);
	cr_assert_eq(c.leaf_pmd, 1);
	cr_assert_eq(c.pte, 1, "only the PTE after the 2 MiB leaf");

	c = (struct census){ .next = gva, .tiled = true };
	cr_assert_eq(walk_page_range_novma(mm, gva, gva + GIB + PAGE_SIZE,
					   &census_ops, NULL, &c), 0);
	cr_assert(c.tiled);
	cr_assert_eq(c.leaf_pud, 1);
	cr_assert_eq(c.pmd, 1, "the PMD after the 1 GiB leaf only");
	cr_assert_eq(c.pte, 1);

	/* A table entry naming a frame beyond RAM. */
	cr_assert_not_null(pte_alloc_map(mm, bva));
	{
		pmd_t *bad = pmd_offset(pud_offset(p4d_offset(pgd_offset(mm, bva), bva), bva), bva);
		pmd_t saved = *bad;

		set_pmd(bad, __pmd(pmd_val(saved) | (1ULL << 45)));
		c = (struct census){ 0 };
		cr_assert_eq(walk_page_range_novma(mm, bva, bva + PAGE_SIZE,
						   &census_ops, NULL, &c), 0);
		cr_assert_eq(c.pmd, 0, "a bad table entry reaches no callback");
		cr_assert_eq(c.pte, 0);
		set_pmd(bad, saved);
	}
	set_pmd(pmd, __pmd(0));
	set_pud(pud, __pud(0));
	free_pgd_range(mm, ALIGN_DOWN(lva, PUD_SIZE), ALIGN(bva + 1, PUD_SIZE));
}

/* --- mmu_gather ------------------------------------------------------------ */

static struct page *page_at(unsigned long va)
{
	pte_t *pte = pte_offset_map_mm(t->mm, va);

	cr_assert(pte && pte_present(*pte));
	return pfn_to_page(pte_pfn(*pte));
}

static bool tlb_stale(void)
{
	char msg[256];

	return tlb_audit(msg, sizeof(msg)) != 0;
}

/*
 * The page of a zapped PTE is still allocated while the TLB may hold the
 * translation: a load through the stale entry reads the old data, not a
 * reused page.  After tlb_finish_mmu() the TLB is clean, the page free.
 */
Test(pagewalk, gather_frees_after_the_flush)
{
	unsigned long base = map(P(1), RW, ANON), v = 0;
	struct vm_area_struct *vma;
	struct mmu_gather tlb;
	struct page *page;

	touch(base);
	page = page_at(base);
	cr_assert_eq(page_ref_count(page), 2, "the PTE's and the LRU batch's");
	lru_add_drain();
	cr_assert_eq(page_ref_count(page), 1);
	vma = vma_lookup(t->mm, base);
	tlb_gather_mmu(&tlb, t->mm);
	unmap_page_range(&tlb, vma, base, base + P(1), NULL);
	cr_assert(pte_none(*pte_offset_map_mm(t->mm, base)));
	cr_assert(tlb_stale(), "the TLB still maps the page");
	cr_assert_eq(page_ref_count(page), 1, "not freed before the flush");
	cr_assert_eq(hw_virt_read(&m->hw, base, 8, HW_ACC_USER, &v), 0);
	cr_assert_eq(v, base, "the stale entry reaches the old data");
	tlb_finish_mmu(&tlb);
	cr_assert_not(tlb_stale());
	cr_assert_eq(page_ref_count(page), 0, "freed after the flush");
	test_check_mm(m, t);
	mml_munmap(ut, base, P(1));
}

/* A PFN map's PTEs are zapped too (the walk's default would skip the VMA). */
Test(pagewalk, zap_clears_pfnmap_ptes)
{
	unsigned long base = map(P(2), RW, ANON);
	struct vm_area_struct *vma = vma_lookup(t->mm, base);
	struct page *frame = alloc_pages(GFP_KERNEL, 0);
	struct mmu_gather tlb;
	pte_t *pte;

	cr_assert_not_null(frame);
	pte = pte_alloc_map(t->mm, base + P(1));
	cr_assert_not_null(pte);
	vma->vm_flags |= VM_PFNMAP | VM_IO;
	/* Special, as remap_pfn_range() makes a PFN map's PTEs on x86. */
	set_pte(pte, pte_mkspecial(pfn_pte(page_to_pfn(frame), vma->vm_page_prot)));
	tlb_gather_mmu(&tlb, t->mm);
	unmap_page_range(&tlb, vma, base, base + P(2), NULL);
	tlb_finish_mmu(&tlb);
	cr_assert(pte_none(ptep_get(pte)), "the PFN map's PTE is gone");
	cr_assert_eq(page_ref_count(frame), 1, "no page reference was put");
	vma->vm_flags &= ~(VM_PFNMAP | VM_IO);
	__free_pages(frame, 0);
	mml_munmap(ut, base, P(2));
}

/* A batch that fills mid-walk is flushed, then freed; the rest waits. */
Test(pagewalk, gather_full_batch)
{
	const unsigned long n = MMU_GATHER_BATCH + 90;
	unsigned long base = map(P(n), RW, ANON), i;
	struct page **pages = calloc(n, sizeof(*pages));
	struct mmu_gather tlb;

	cr_assert_not_null(pages);
	for (i = 0; i < n; i++) {
		touch(base + P(i));
		pages[i] = page_at(base + P(i));
	}
	tlb_gather_mmu(&tlb, t->mm);
	unmap_page_range(&tlb, vma_lookup(t->mm, base), base, base + P(n), NULL);
	cr_assert_eq(tlb.nr, n - MMU_GATHER_BATCH);
	for (i = 0; i < n; i++)
		cr_assert_eq(page_ref_count(pages[i]), i < MMU_GATHER_BATCH ? 0 : 1,
			     "page %lu", i);
	tlb_finish_mmu(&tlb);
	for (i = 0; i < n; i++)
		cr_assert_eq(page_ref_count(pages[i]), 0);
	cr_assert_not(tlb_stale());
	test_check_mm(m, t);
	free(pages);
	mml_munmap(ut, base, P(n));
}

/* --- the i_mmap interval tree and rmap_walk() of file pages -------------------- */

static char froot[64];

/* A machine whose files live in a fresh host directory. */
static struct mml_machine *file_machine(void)
{
	struct mml_config cfg;
	struct mml_machine *fm;
	char msg[256];
	int err;

	strcpy(froot, "/tmp/mmlab-test-itree-XXXXXX");
	cr_assert_not_null(mkdtemp(froot));
	mml_config_init(&cfg);
	cfg.cmdline = "page_poison=on";
	cfg.root = froot;
	fm = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	cr_assert_not_null(fm, "boot: %s", msg);
	test_use_machine(fm);
	return fm;
}

static void rmdir_root(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/g", froot);
	unlink(path);
	rmdir(froot);
}

static pgoff_t last_pgoff(const struct vm_area_struct *v)
{
	return v->vm_pgoff + ((v->vm_end - v->vm_start) >> PAGE_SHIFT) - 1;
}

/* The subtree's largest last page, checked against each node's field. */
static pgoff_t check_subtree_last(struct rb_node *n)
{
	struct vm_area_struct *v;
	pgoff_t max;

	if (!n)
		return 0;
	v = rb_entry(n, struct vm_area_struct, shared_rb);
	max = last_pgoff(v);
	if (n->rb_left)
		max = max(max, check_subtree_last(n->rb_left));
	if (n->rb_right)
		max = max(max, check_subtree_last(n->rb_right));
	cr_assert_eq(v->shared_subtree_last, max, "pgoff %lu", v->vm_pgoff);
	return max;
}

/* The query's answer equals a scan of the whole tree, in the same order. */
static int check_query(struct rb_root *tree, pgoff_t first, pgoff_t last)
{
	struct vm_area_struct *v, *want[64];
	struct rb_node *n;
	int nw = 0, ng = 0;

	for (n = rb_first(tree); n; n = rb_next(n)) {
		v = rb_entry(n, struct vm_area_struct, shared_rb);
		if (v->vm_pgoff <= last && last_pgoff(v) >= first) {
			cr_assert_lt(nw, 64);
			want[nw++] = v;
		}
	}
	vma_interval_tree_foreach(v, tree, first, last) {
		cr_assert_lt(ng, nw, "[%lu, %lu]: more VMAs than cover it", first, last);
		cr_assert_eq(v, want[ng], "[%lu, %lu]: VMA %d", first, last, ng);
		ng++;
	}
	cr_assert_eq(ng, nw, "[%lu, %lu]: %d of %d found", first, last, ng, nw);
	return nw;
}

static bool count_one(struct page *page, struct vm_area_struct *vma,
		      unsigned long address, pte_t *pte, bool anon, void *arg)
{
	(*(int *)arg)++;
	return true;
}

/*
 * 40 shared mappings of a 64-page file at scattered offsets and lengths:
 * every stabbing and range query of the i_mmap tree returns exactly the
 * VMAs a full scan says cover it, the subtree maxima hold, and rmap_walk()
 * calls back once per covering VMA -- also after half are unmapped.
 */
Test(i_mmap, interval_queries)
{
	struct mml_machine *fm = file_machine();
	struct mml_task *ft = mml_task_new(fm, "itree");
	struct task_struct *tt = (struct task_struct *)ft;
	unsigned long addr[40];
	struct address_space *mapping;
	long fd;
	int i, round;

	cr_assert_not_null(ft);
	fd = mml_open(ft, "g", 0102 /* O_RDWR | O_CREAT */, 0644);
	cr_assert_geq(fd, 0);
	cr_assert_eq(mml_ftruncate(ft, (int)fd, (long)P(64)), 0);
	for (i = 0; i < 40; i++) {
		unsigned long off = (unsigned long)(i * 7 % 48), len = 1 + i % 9;

		addr[i] = (unsigned long)mml_mmap(ft, 0, P(len), RW, MAP_SHARED,
						  (int)fd, P(off));
		cr_assert_lt(addr[i], -4096UL);
		for (unsigned long p = 0; p < len; p++)
			cr_assert_eq(mml_store(ft, addr[i] + P(p), "x", 1), 0);
	}
	test_check_mm(fm, tt);
	mapping = vma_lookup(tt->mm, addr[0])->vm_file->f_mapping;
	for (round = 0; round < 2; round++) {
		int covered = 0;

		check_subtree_last(mapping->i_mmap.rb_node);
		for (pgoff_t k = 0; k < 64; k++) {
			struct page *page = find_get_page(mapping, k);
			int want = check_query(&mapping->i_mmap, k, k), seen = 0;
			struct rmap_walk_control rwc = { .fn = count_one, .arg = &seen };

			covered += want;
			if (!page) {
				cr_assert_eq(want, 0);
				continue;
			}
			rmap_walk(page, &rwc);
			cr_assert_eq(seen, want, "page %lu", k);
			put_page(page);
		}
		cr_assert_gt(covered, 0);
		check_query(&mapping->i_mmap, 10, 20);
		check_query(&mapping->i_mmap, 0, 63);
		check_query(&mapping->i_mmap, 60, 1000);
		for (i = round; i < 40; i += 2)	/* unmap every other one */
			cr_assert_eq(mml_munmap(ft, addr[i], P(1 + i % 9)), 0);
		test_check_mm(fm, tt);
	}
	mml_close(ft, (int)fd);
	mml_exit(ft, 0);
	test_audit(fm);
	mml_machine_free(fm);
	rmdir_root();
}
