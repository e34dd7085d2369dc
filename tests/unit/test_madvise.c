// SPDX-License-Identifier: MIT
/*
 * madvise: argument checks in Linux's order, every advice's effect on the
 * VMAs (flags, splits, merges) and on the pages (DONTNEED zero-fill and
 * page-cache re-read, FREE, COLD, POPULATE, guard markers), holes
 * (advised around, then ENOMEM), and fault injection on the splits
 * (EAGAIN) and on the populate.  validate_mm() after every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <mmlab/mmlab.h>
#include "mm/internal.h"
#include "helpers.h"


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
	m = test_task_region("madv", &t, &base);
}

static void teardown(void)
{
	test_task_region_free(m, t);
}

TestSuite(madvise, .init = setup, .fini = teardown);

static void map(unsigned long pg, unsigned long n, int prot, int flags)
{
	test_map_fixed(m, t, base, pg, n, prot, flags);
}

static long madv(unsigned long pg, unsigned long n, int advice)
{
	long r = mml_madvise(ut(), base + P(pg), P(n), advice);

	check();
	return r;
}

/* "[0,2) [2,4)+ [4,6)": + marks VMAs that have @flag. */
static void expect_vmas(unsigned long flag, const char *want)
{
	struct vm_area_struct *v;
	char got[1024] = "";

	for (v = t->mm->mmap; v; v = v->vm_next) {
		char one[64];

		if (v->vm_end <= base || v->vm_start >= base + P(64))
			continue;
		snprintf(one, sizeof(one), "%s[%lu,%lu)%s", got[0] ? " " : "",
			 (v->vm_start - base) >> PAGE_SHIFT, (v->vm_end - base) >> PAGE_SHIFT,
			 (v->vm_flags & flag) ? "+" : "");
		strcat(got, one);
	}
	cr_assert_str_eq(got, want);
}

static unsigned char byte_at(unsigned long addr)
{
	unsigned char c = 0xee;

	cr_assert_eq(mml_load(ut(), addr, &c, 1), 0);
	return c;
}

static void fill(unsigned long pg, unsigned long n, int c)
{
	char *buf = malloc(P(n));

	memset(buf, c, P(n));
	cr_assert_eq(mml_store(ut(), base + P(pg), buf, P(n)), 0);
	free(buf);
	check();
}

Test(madvise, argument_checks)
{
	map(2, 2, RW, ANON);
	cr_assert_eq(mml_madvise(ut(), base + P(2) + 1, P(1), MADV_NORMAL), -EINVAL);
	cr_assert_eq(mml_madvise(ut(), base + P(2), 0, MADV_DONTNEED), 0);
	cr_assert_eq(mml_madvise(ut(), base + P(2), 0, 99), -EINVAL);
	cr_assert_eq(mml_madvise(ut(), base + P(2), -P(1), MADV_NORMAL), -EINVAL);
	cr_assert_eq(mml_madvise(ut(), base + P(2), -1UL, MADV_NORMAL), -EINVAL);
	cr_assert_eq(mml_madvise(ut(), base + P(2), P(1) + 1, MADV_DONTNEED), 0);
	cr_assert_eq(madv(10, 2, MADV_NORMAL), -ENOMEM);
	cr_assert_eq(madv(10, 2, 99), -EINVAL);
	cr_assert_eq(madv(2, 1, MADV_HWPOISON), -EINVAL);
	cr_assert_eq(madv(2, 1, -1), -EINVAL);
}

/*
 * 0123456789
 *   AAAAAA     rw anonymous
 *   AA++AA     each flag advice on [4,6): a split in three
 *   AAAAAA     its opposite: merged back
 */
Test(madvise, flag_advices_split_and_merge)
{
	static const struct { int set, clear; unsigned long flag; } adv[] = {
		{ MADV_RANDOM, MADV_NORMAL, VM_RAND_READ },
		{ MADV_SEQUENTIAL, MADV_NORMAL, VM_SEQ_READ },
		{ MADV_DONTFORK, MADV_DOFORK, VM_DONTCOPY },
		{ MADV_WIPEONFORK, MADV_KEEPONFORK, VM_WIPEONFORK },
		{ MADV_DONTDUMP, MADV_DODUMP, VM_DONTDUMP },
		{ MADV_MERGEABLE, MADV_UNMERGEABLE, VM_MERGEABLE },
		{ MADV_HUGEPAGE, MADV_NOHUGEPAGE, VM_HUGEPAGE },
	};
	size_t i;

	map(2, 6, RW, ANON);
	for (i = 0; i < ARRAY_SIZE(adv); i++) {
		cr_assert_eq(madv(4, 2, adv[i].set), 0);
		expect_vmas(adv[i].flag, "[2,4) [4,6)+ [6,8)");
		cr_assert_eq(madv(4, 2, adv[i].clear), 0);
		if (adv[i].set == MADV_HUGEPAGE) {
			expect_vmas(VM_NOHUGEPAGE, "[2,4) [4,6)+ [6,8)");
			cr_assert_eq(madv(2, 6, MADV_NOHUGEPAGE), 0);
		}
		expect_vmas(adv[i].flag, "[2,8)");
	}
	/* RANDOM then SEQUENTIAL: one replaces the other */
	cr_assert_eq(madv(2, 2, MADV_RANDOM), 0);
	cr_assert_eq(madv(2, 2, MADV_SEQUENTIAL), 0);
	expect_vmas(VM_RAND_READ, "[2,4) [4,8)");
	expect_vmas(VM_SEQ_READ, "[2,4)+ [4,8)");
}

Test(madvise, refused_per_vma)
{
	map(0, 2, RW, MAP_SHARED | MAP_ANONYMOUS);
	map(4, 2, RW, ANON);
	cr_assert_eq(madv(0, 2, MADV_WIPEONFORK), -EINVAL);
	cr_assert_eq(madv(0, 2, MADV_FREE), -EINVAL);
	cr_assert_eq(madv(4, 2, MADV_REMOVE), -EINVAL);
	cr_assert_eq(madv(4, 2, MADV_COLLAPSE), -EINVAL);
	cr_assert_eq(madv(0, 2, MADV_MERGEABLE), 0);	/* KSM skips shared memory */
	expect_vmas(VM_MERGEABLE, "[0,2) [4,6)");
	map(8, 2, RO, ANON);
	cr_assert_eq(madv(8, 2, MADV_POPULATE_WRITE), -EINVAL);
	cr_assert_eq(madv(8, 2, MADV_POPULATE_READ), 0);
	map(12, 2, PROT_NONE, ANON);
	cr_assert_eq(madv(12, 2, MADV_POPULATE_READ), -EINVAL);
	cr_assert_eq(madv(12, 2, MADV_DONTNEED), 0);
}

Test(madvise, dontneed_zero_fills_anon)
{
	map(2, 4, RW, ANON);
	fill(2, 4, 0x44);
	cr_assert_eq(madv(3, 2, MADV_DONTNEED), 0);
	cr_assert_eq(byte_at(base + P(2)), 0x44);
	cr_assert_eq(byte_at(base + P(3)), 0);
	cr_assert_eq(byte_at(base + P(4) + 5), 0);
	cr_assert_eq(byte_at(base + P(5)), 0x44);
	check();
}

/* Shared anonymous memory keeps its data across DONTNEED; REMOVE drops it. */
Test(madvise, shared_anon_dontneed_and_remove)
{
	map(2, 2, RW, MAP_SHARED | MAP_ANONYMOUS);
	fill(2, 2, 0x7a);
	cr_assert_eq(madv(2, 2, MADV_DONTNEED), 0);
	cr_assert_eq(byte_at(base + P(3)), 0x7a);
	cr_assert_eq(madv(2, 2, MADV_REMOVE), 0);
	cr_assert_eq(byte_at(base + P(3)), 0);
	check();
}

/* A hole: every mapped part is advised, then ENOMEM. */
Test(madvise, hole_advises_all_mapped_parts)
{
	map(2, 6, RW, ANON);
	fill(2, 6, 0x45);
	cr_assert_eq(mml_munmap(ut(), base + P(4), P(1)), 0);
	cr_assert_eq(madv(2, 6, MADV_DONTNEED), -ENOMEM);
	cr_assert_eq(byte_at(base + P(2)), 0);
	cr_assert_eq(byte_at(base + P(7)), 0);
	cr_assert_eq(madv(0, 8, MADV_DONTFORK), -ENOMEM);
	expect_vmas(VM_DONTCOPY, "[2,4)+ [5,8)+");
}

/* MADV_FREE: the data stays (no reclaim), the page is lazyfree and clean. */
Test(madvise, free_keeps_data_until_reclaim)
{
	pte_t *pte;
	struct page *page;

	map(2, 2, RW, ANON);
	fill(2, 2, 0x7d);
	cr_assert_eq(madv(2, 2, MADV_FREE), 0);
	pte = pte_offset_map_mm(t->mm, base + P(2));
	cr_assert(pte && pte_present(*pte) && !pte_dirty(*pte) && !pte_young(*pte));
	page = pfn_to_page(pte_pfn(*pte));
	cr_assert(!PageSwapBacked(page) && !PageDirty(page));
	cr_assert_eq(mml_store(ut(), base + P(2), "\x7e", 1), 0);
	cr_assert(pte_dirty(*pte), "a store re-dirties the lazily freed page");
	cr_assert_eq(byte_at(base + P(2)), 0x7e);
	cr_assert_eq(byte_at(base + P(2) + 1), 0x7d);
	check();
}

Test(madvise, cold_clears_accessed_bits)
{
	pte_t *pte;

	map(2, 2, RW, ANON);
	fill(2, 2, 1);
	pte = pte_offset_map_mm(t->mm, base + P(2));
	cr_assert(pte_young(*pte));
	cr_assert_eq(madv(2, 2, MADV_COLD), 0);
	cr_assert(!pte_young(*pte));
	cr_assert_eq(madv(2, 2, MADV_PAGEOUT), 0);
	cr_assert_eq(byte_at(base + P(2)), 1);
	cr_assert_eq(mml_mlock(ut(), base + P(2), P(2)), 0);
	cr_assert_eq(madv(2, 2, MADV_COLD), -EINVAL);
	cr_assert_eq(madv(2, 2, MADV_PAGEOUT), -EINVAL);
}

Test(madvise, populate_and_hole)
{
	unsigned char vec[4];

	map(2, 4, RW, ANON);
	cr_assert_eq(mml_munmap(ut(), base + P(4), P(1)), 0);
	cr_assert_eq(madv(2, 4, MADV_POPULATE_WRITE), -ENOMEM);
	cr_assert_eq(mml_mincore(ut(), base + P(2), P(2), vec), 0);
	cr_assert(vec[0] && vec[1]);
	cr_assert_eq(mml_mincore(ut(), base + P(5), P(1), vec), 0);
	cr_assert_eq(vec[0], 0);
}

/* Guard markers: SIGSEGV SEGV_MAPERR, survive DONTNEED, stop populate. */
Test(madvise, guard_install_remove)
{
	unsigned char vec[4], c;
	int signo, code;
	unsigned long addr;

	map(2, 4, RW, ANON);
	fill(2, 4, 0x31);
	cr_assert_eq(madv(3, 1, MADV_GUARD_INSTALL), 0);
	expect_vmas(VM_MAYBE_GUARD, "[2,6)+");
	cr_assert_eq(mml_load(ut(), base + P(3), &c, 1), 11);
	mml_siginfo(ut(), &signo, &code, &addr);
	cr_assert_eq(code, 1);	/* SEGV_MAPERR */
	cr_assert_eq(addr, base + P(3));
	cr_assert_eq(mml_mincore(ut(), base + P(2), P(4), vec), 0);
	cr_assert(vec[0] && !vec[1] && vec[2]);
	cr_assert_eq(madv(2, 4, MADV_DONTNEED), 0);
	cr_assert_eq(madv(2, 4, MADV_POPULATE_WRITE), -EFAULT);
	cr_assert_eq(madv(3, 1, MADV_GUARD_REMOVE), 0);
	cr_assert_eq(byte_at(base + P(3)), 0);
	expect_vmas(VM_MAYBE_GUARD, "[2,6)+");	/* the flag is sticky */
	cr_assert_eq(mml_mlock(ut(), base + P(2), P(1)), 0);
	cr_assert_eq(madv(2, 1, MADV_GUARD_INSTALL), -EINVAL);
	cr_assert_eq(madv(2, 1, MADV_GUARD_REMOVE), 0);
	cr_assert_eq(madv(20, 1, MADV_GUARD_REMOVE), -ENOMEM);
}

/* FAIL_SLAB on the split: EAGAIN, flags unchanged, then it works. */
Test(madvise, fault_injection_on_split)
{
	long r = -EAGAIN;
	int nth;

	map(0, 8, RW, ANON);
	for (nth = 0; nth < 20; nth++) {
		m->fail_nth[FAIL_SLAB] = nth;
		r = mml_madvise(ut(), base + P(3), P(2), MADV_DONTFORK);
		m->fail_nth[FAIL_SLAB] = -1;
		check();
		if (r == 0)
			break;
		cr_assert_eq(r, -EAGAIN);
		cr_assert_eq(vma_lookup(t->mm, base + P(3))->vm_flags & VM_DONTCOPY, 0);
		cr_assert_eq(madv(0, 8, MADV_DOFORK), 0);
	}
	cr_assert_eq(r, 0);
	expect_vmas(VM_DONTCOPY, "[0,3) [3,5)+ [5,8)");
}

/*
 * FAIL_PAGE_ALLOC during MADV_POPULATE_WRITE: ENOMEM, then it works, and
 * once unmapped not one page is missing.  A first round without failures
 * makes the page tables and slab pages that stay after munmap.
 */
Test(madvise, fault_injection_on_populate)
{
	unsigned long before;
	long r = -ENOMEM;
	int nth;

	map(0, 4, RW, ANON);
	cr_assert_eq(madv(0, 4, MADV_POPULATE_WRITE), 0);
	cr_assert_eq(mml_munmap(ut(), base, P(4)), 0);
	check();
	before = nr_free_pages();
	map(0, 4, RW, ANON);
	for (nth = 0; nth < 40; nth++) {
		m->fail_nth[FAIL_PAGE_ALLOC] = nth;
		r = madv(0, 4, MADV_POPULATE_WRITE);
		m->fail_nth[FAIL_PAGE_ALLOC] = -1;
		if (r == 0)
			break;
		cr_assert_eq(r, -ENOMEM);
		cr_assert_eq(madv(0, 4, MADV_DONTNEED), 0);
	}
	cr_assert_eq(r, 0);
	cr_assert_eq(mml_munmap(ut(), base, P(4)), 0);
	check();
	cr_assert_eq(nr_free_pages(), before, "%ld pages leaked",
		     (long)(before - nr_free_pages()));
}
