// SPDX-License-Identifier: MIT
/*
 * mprotect: errno order, splits and merges drawn in page units relative to
 * a base, the VM_ACCOUNT asymmetry (charged when made writable, dropped
 * only for never-faulted anonymous memory), partial changes before a
 * hole, PTE rewriting, locked VMAs, limits, and fault injection on the
 * split path.  validate_mm() runs after every step.
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
	m = test_task_region("mprot", &t, &base);
}

static void teardown(void)
{
	test_task_region_free(m, t);
}

TestSuite(mprotect, .init = setup, .fini = teardown);

static void map(unsigned long pg, unsigned long n, int prot, int flags)
{
	test_map_fixed(m, t, base, pg, n, prot, flags);
}

static long mprot(unsigned long pg, unsigned long n, int prot)
{
	long r = mml_mprotect(ut(), base + P(pg), P(n), prot);

	check();
	return r;
}

/* The VMAs over the region as "[0,3)rw [5,8)r-" (a: VM_ACCOUNT). */
static void expect_vmas(const char *want)
{
	struct vm_area_struct *v;
	char got[1024] = "";

	for (v = t->mm->mmap; v; v = v->vm_next) {
		char one[64];

		if (v->vm_end <= base || v->vm_start >= base + P(64))
			continue;
		snprintf(one, sizeof(one), "%s[%lu,%lu)%c%c%s", got[0] ? " " : "",
			 (v->vm_start - base) >> PAGE_SHIFT, (v->vm_end - base) >> PAGE_SHIFT,
			 (v->vm_flags & VM_READ) ? 'r' : '-', (v->vm_flags & VM_WRITE) ? 'w' : '-',
			 (v->vm_flags & VM_ACCOUNT) ? "a" : "");
		strcat(got, one);
	}
	cr_assert_str_eq(got, want);
}

static struct vm_area_struct *vma_at(unsigned long pg)
{
	return vma_lookup(t->mm, base + P(pg));
}

/*
 * 0123456789
 * AAAAAA       rw, never faulted
 * AAbbAA       mprotect [2,4) r--: split in three
 * AAAAAA       mprotect [2,4) rw-: merged back into one
 */
Test(mprotect, split_middle_then_merge_back)
{
	map(0, 6, RW, ANON);
	cr_assert_eq(mprot(2, 2, RO), 0);
	expect_vmas("[0,2)rwa [2,4)r- [4,6)rwa");
	cr_assert_eq(mprot(2, 2, RW), 0);
	expect_vmas("[0,6)rwa");
}

/*
 * 0123456789
 * AAAAAA       rw, every page written (one anon_vma)
 * AAbbAA       mprotect [2,4) r--
 * AAAAAA       mprotect [2,4) rw-: the pieces share the anon_vma: one VMA
 */
Test(mprotect, faulted_pieces_merge_back)
{
	char buf[6 * 4096];

	memset(buf, 0x5a, sizeof(buf));
	map(0, 6, RW, ANON);
	cr_assert_eq(mml_store(ut(), base, buf, sizeof(buf)), 0);
	cr_assert_eq(mprot(2, 2, RO), 0);
	cr_assert_eq(vma_at(2)->anon_vma, vma_at(0)->anon_vma);
	cr_assert_eq(mprot(2, 2, RW), 0);
	expect_vmas("[0,6)rwa");
	memset(buf, 0, sizeof(buf));
	cr_assert_eq(mml_load(ut(), base, buf, sizeof(buf)), 0);
	cr_assert_eq(buf[3 * 4096], 0x5a);
}

/*
 * 0123456789
 * ........     PROT_NONE, not accounted
 * ..WW....     mprotect [2,4) rw-: charged (VM_ACCOUNT), split off
 * ........     mprotect [2,4) ---: never faulted: the charge goes, merged
 */
Test(mprotect, none_to_rw_and_back_unfaulted_merges)
{
	long committed = m->vm_committed_as;

	map(0, 8, PROT_NONE, ANON);
	cr_assert_eq(mprot(2, 2, RW), 0);
	expect_vmas("[0,2)-- [2,4)rwa [4,8)--");
	cr_assert_eq(m->vm_committed_as, committed + 2);
	cr_assert_eq(mprot(2, 2, PROT_NONE), 0);
	expect_vmas("[0,8)--");
	cr_assert_eq(m->vm_committed_as, committed);
}

/*
 * 0123456789
 * ........     PROT_NONE
 * ..WW....     mprotect [2,4) rw-, then a store: it has an anon_vma
 * ..nn....     mprotect [2,4) ---: keeps VM_ACCOUNT: stays a separate VMA
 */
Test(mprotect, none_to_rw_and_back_faulted_stays_split)
{
	long committed = m->vm_committed_as;

	map(0, 8, PROT_NONE, ANON);
	cr_assert_eq(mprot(2, 2, RW), 0);
	cr_assert_eq(mml_store(ut(), base + P(3), "q", 1), 0);
	cr_assert_eq(mprot(2, 2, PROT_NONE), 0);
	expect_vmas("[0,2)-- [2,4)--a [4,8)--");
	cr_assert_eq(m->vm_committed_as, committed + 2);
}

/*
 * 0123456789
 * AAbbCC       rw, r-, rw
 * AAAAAA       mprotect [2,4) rw-: merges with both neighbours
 *
 * 0123456789
 *           AAbb     rw (charged), r-- (not)
 *           AAAb     mprotect [12,13) rw-: charged, merges left
 *           AAbb     mprotect [12,13) r--: never faulted, uncharged,
 *                    merges right
 */
Test(mprotect, merges_with_neighbours)
{
	map(0, 2, RW, ANON);
	map(2, 2, RO, ANON);
	map(4, 2, RW, ANON);
	cr_assert_eq(mprot(2, 2, RW), 0);
	expect_vmas("[0,6)rwa");

	map(10, 2, RW, ANON);
	map(12, 2, RO, ANON);
	cr_assert_eq(mprot(12, 1, RW), 0);	/* merge left */
	expect_vmas("[0,6)rwa [10,13)rwa [13,14)r-");
	cr_assert_eq(mprot(12, 1, RO), 0);	/* merge right */
	expect_vmas("[0,6)rwa [10,12)rwa [12,14)r-");
}

/*
 * 0123456789
 * AAA.AAAA     a hole at 3
 * rrr.AAAA     mprotect [0,8) r--: [0,3) changed, then ENOMEM
 * rrr.rrrr     mprotect [4,10) r--: [4,8) changed, then ENOMEM
 */
Test(mprotect, hole_is_enomem_after_the_part_before)
{
	map(0, 8, RW, ANON);
	cr_assert_eq(mml_munmap(ut(), base + P(3), P(1)), 0);
	cr_assert_eq(mprot(0, 8, RO), -ENOMEM);
	expect_vmas("[0,3)r- [4,8)rwa");
	cr_assert_eq(mprot(3, 2, RO), -ENOMEM);	/* hole at the start */
	expect_vmas("[0,3)r- [4,8)rwa");
	cr_assert_eq(mprot(4, 6, RO), -ENOMEM);	/* hole at the end */
	expect_vmas("[0,3)r- [4,8)r-");
}

Test(mprotect, errno_order)
{
	map(0, 4, RW, ANON);
	cr_assert_eq(mml_mprotect(ut(), base, P(1), RW | PROT_GROWSDOWN | PROT_GROWSUP), -EINVAL);
	cr_assert_eq(mml_mprotect(ut(), base + 1, 0, 0x10), -EINVAL);	/* unaligned first */
	cr_assert_eq(mml_mprotect(ut(), base, 0, 0x10), 0);		/* len 0 before prot */
	cr_assert_eq(mml_mprotect(ut(), base, -P(1), RO), -ENOMEM);	/* wraps */
	cr_assert_eq(mml_mprotect(ut(), base, P(1), RW | 0x10), -EINVAL);
	cr_assert_eq(mml_mprotect(ut(), base, P(1), RO | PROT_GROWSDOWN), -EINVAL);
	cr_assert_eq(mml_mprotect(ut(), base, P(1), RO | PROT_GROWSUP), -EINVAL);
	cr_assert_eq(mml_mprotect(ut(), base + P(40), P(1), RO), -ENOMEM);
	cr_assert_eq(mml_mprotect(ut(), base, P(1) + 1, RO), 0);	/* two pages */
	expect_vmas("[0,2)r- [2,4)rwa");
	check();
}

/*
 * pkey_mprotect(2) on a CPU without PKU (the host without it gives the
 * same): every key but -1 is -EINVAL, after the range and prot checks.
 */
Test(mprotect, pkey_without_pku)
{
	map(0, 4, RW, ANON);
	cr_assert_eq(do_mprotect_pkey(base, P(1), RO, 0), -EINVAL);
	cr_assert_eq(do_mprotect_pkey(base, P(1), RO, 1), -EINVAL);
	cr_assert_eq(do_mprotect_pkey(base, P(1), RO, 16), -EINVAL);
	cr_assert_eq(do_mprotect_pkey(base + 1, P(1), RO, 1), -EINVAL);
	cr_assert_eq(do_mprotect_pkey(base, 0, RO, 1), 0, "len 0 first");
	cr_assert_eq(do_mprotect_pkey(base, -P(1), RO, 1), -ENOMEM);
	expect_vmas("[0,4)rwa");
	cr_assert_eq(do_mprotect_pkey(base, P(1), RO, -1), 0);
	expect_vmas("[0,1)r- [1,4)rwa");
	check();
}

/*
 * 0123456789
 *     GGGG     MAP_GROWSDOWN at [4,8)
 *     rrrG     mprotect [6,7) r-- | PROT_GROWSDOWN: from the VMA's start
 */
Test(mprotect, growsdown_extends_to_vma_start)
{
	map(4, 4, RW, ANON | MAP_GROWSDOWN);
	cr_assert_eq(mprot(6, 1, RO | PROT_GROWSDOWN), 0);
	expect_vmas("[4,7)r- [7,8)rwa");
	cr_assert(vma_at(4)->vm_flags & VM_GROWSDOWN);
}

Test(mprotect, ptes_follow_the_new_protection)
{
	int signo, code;
	unsigned long addr;
	char c = 0;

	map(0, 2, RW, ANON);
	cr_assert_eq(mml_store(ut(), base, "hi", 2), 0);
	cr_assert_eq(mprot(0, 2, RO), 0);
	cr_assert_eq(mml_store(ut(), base, "x", 1), SIGSEGV);
	mml_siginfo(ut(), &signo, &code, &addr);
	cr_assert_eq(code, SEGV_ACCERR);
	cr_assert_eq(addr, base);
	cr_assert_eq(mml_load(ut(), base + 1, &c, 1), 0);
	cr_assert_eq(c, 'i');
	cr_assert_eq(mprot(0, 2, PROT_NONE), 0);
	cr_assert_eq(mml_load(ut(), base, &c, 1), SIGSEGV);
	cr_assert_eq(mprot(0, 2, RW), 0);
	cr_assert_eq(mml_store(ut(), base, "H", 1), 0);
	cr_assert_eq(mml_load(ut(), base + 1, &c, 1), 0);
	cr_assert_eq(c, 'i');
	check();
}

/* A private locked VMA made writable is populated for writing at once. */
Test(mprotect, locked_private_made_writable_is_populated)
{
	pte_t *pte;

	map(0, 4, RO, ANON | MAP_LOCKED);
	cr_assert_eq(t->mm->locked_vm, 4);
	cr_assert_eq(mprot(1, 2, RW), 0);
	expect_vmas("[0,1)r- [1,3)rwa [3,4)r-");
	cr_assert_eq(t->mm->locked_vm, 4);
	pte = pte_offset_map_mm(t->mm, base + P(2));
	cr_assert_not_null(pte);
	cr_assert(pte_present(*pte) && pte_write(*pte));
}

/* A shared mapping of a read-only file cannot become writable. */
Test(mprotect, eacces_without_vm_maywrite)
{
	long fd = mml_open(ut(), "/dev/zero", O_RDONLY, 0);
	long r;

	cr_assert_geq(fd, 0);
	r = mml_mmap(ut(), base, P(2), RO, MAP_SHARED | MAP_FIXED, (int)fd, 0);
	cr_assert_eq(r, (long)base);
	cr_assert_eq(mprot(0, 1, RW), -EACCES);
	cr_assert_eq(mprot(0, 1, RO | PROT_EXEC), 0);
	map(4, 2, RW, ANON);
	cr_assert_eq(mprot(4, 1, RW | PROT_EXEC), 0);
	cr_assert_eq(mml_close(ut(), (int)fd), 0);
}

/* RLIMIT_DATA: a private mapping becoming writable is data. */
Test(mprotect, rlimit_data_refuses_new_data)
{
	map(0, 8, RO, ANON);
	t->rlim[RLIMIT_DATA].rlim_cur = (t->mm->data_vm + 2) << PAGE_SHIFT;
	cr_assert_eq(mprot(0, 4, RW), -ENOMEM);
	expect_vmas("[0,8)r-");
	t->rlim[RLIMIT_DATA].rlim_cur = RLIM_INFINITY;
	cr_assert_eq(mprot(0, 4, RW), 0);
}

/* Overcommit never: a charge beyond CommitLimit is refused. */
Test(mprotect, overcommit_never_refuses_charge)
{
	long committed;

	map(0, 8, RO, ANON);
	m->sysctl_overcommit_memory = 2;
	committed = m->vm_committed_as;
	m->vm_committed_as = 1L << 40;
	cr_assert_eq(mprot(0, 4, RW), -ENOMEM);
	m->vm_committed_as = committed;
	expect_vmas("[0,8)r-");
	cr_assert_eq(mprot(0, 4, RW), 0);
	cr_assert_eq(m->vm_committed_as, committed + 4);
	m->sysctl_overcommit_memory = 0;
}

/*
 * 0123456789
 * AAAAAAAA     rw
 * AAAbbAAA     mprotect [3,5) r-- with the Nth VMA allocation failing:
 *              ENOMEM, the protection unchanged, nothing leaked
 */
Test(mprotect, fault_injection_on_split)
{
	long committed, r = -ENOMEM;
	int nth, kind;

	for (kind = 0; kind < NR_FAIL_KINDS; kind++) {
		map(0, 8, RW, ANON);
		cr_assert_eq(mml_store(ut(), base + P(4), "z", 1), 0);
		committed = m->vm_committed_as;
		for (nth = 0; nth < 20; nth++) {
			m->fail_nth[kind] = nth;
			r = mml_mprotect(ut(), base + P(3), P(2), RO);
			m->fail_nth[kind] = -1;
			check();
			if (r == 0)
				break;
			cr_assert_eq(r, -ENOMEM);
			cr_assert(vma_at(3)->vm_flags & VM_WRITE);
			cr_assert(vma_at(4)->vm_flags & VM_WRITE);
			cr_assert_eq(m->vm_committed_as, committed);
		}
		cr_assert_eq(r, 0);
		expect_vmas("[0,3)rwa [3,5)r-a [5,8)rwa");
		cr_assert_eq(m->vm_committed_as, committed);
		cr_assert_eq(mml_munmap(ut(), base, P(64)), 0);
	}
}

/* Charging from PROT_NONE with the Nth VMA allocation failing. */
Test(mprotect, fault_injection_uncharges)
{
	long committed, r = -ENOMEM;
	int nth;

	map(0, 8, PROT_NONE, ANON);
	committed = m->vm_committed_as;
	for (nth = 0; nth < 20; nth++) {
		m->fail_nth[FAIL_SLAB] = nth;
		r = mml_mprotect(ut(), base + P(3), P(2), RW);
		m->fail_nth[FAIL_SLAB] = -1;
		check();
		if (r == 0)
			break;
		cr_assert_eq(r, -ENOMEM);
		cr_assert_eq(m->vm_committed_as, committed);
	}
	cr_assert_eq(r, 0);
	cr_assert_eq(m->vm_committed_as, committed + 2);
	expect_vmas("[0,3)-- [3,5)rwa [5,8)--");
}

/* The whole sequence leaves no page or object behind. */
Test(mprotect, nothing_leaks)
{
	struct mml_task *lt;
	unsigned long before;
	long committed = m->vm_committed_as, a;
	int i;

	kmem_cache_shrink_all();
	drain_local_pages();
	before = nr_free_pages();
	lt = mml_task_new(m, "leak");
	a = mml_mmap(lt, 0, P(16), RW, ANON, -1, 0);
	cr_assert_gt(a, 0);
	for (i = 0; i < 16; i += 2) {
		cr_assert_eq(mml_store(lt, (unsigned long)a + P(i), "w", 1), 0);
		cr_assert_eq(mml_mprotect(lt, (unsigned long)a + P(i), P(1), RO), 0);
	}
	cr_assert_eq(mml_mprotect(lt, (unsigned long)a, P(16), PROT_NONE), 0);
	mml_exit(lt, 0);
	kmem_cache_shrink_all();
	drain_local_pages();
	cr_assert_eq(nr_free_pages(), before);
	cr_assert_eq(m->vm_committed_as, committed);
	test_audit(m);
}
