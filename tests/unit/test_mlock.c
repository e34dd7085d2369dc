// SPDX-License-Identifier: MIT
/*
 * mlock, mlock2, munlock, mlockall, munlockall: errno cases, splits and
 * merges of the VMAs, locked_vm (validate_mm() checks it against the
 * VM_LOCKED VMAs), PG_mlocked on the pages and Mlocked in /proc/meminfo
 * kept right through munlock, munmap, DONTNEED_LOCKED and COW,
 * RLIMIT_MEMLOCK without CAP_IPC_LOCK, and fault injection on the splits
 * and the populate.
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
	m = test_task_region("mlock", &t, &base);
}

static void teardown(void)
{
	test_task_region_free(m, t);
}

TestSuite(mlock, .init = setup, .fini = teardown);

static void map(unsigned long pg, unsigned long n, int prot, int flags)
{
	test_map_fixed(m, t, base, pg, n, prot, flags);
}

/* The VMAs over the region as "[0,2) [2,4)L [4,6)" (L locked, F on fault). */
static void expect_vmas(const char *want)
{
	struct vm_area_struct *v;
	char got[1024] = "";

	for (v = t->mm->mmap; v; v = v->vm_next) {
		char one[64];

		if (v->vm_end <= base || v->vm_start >= base + P(64))
			continue;
		snprintf(one, sizeof(one), "%s[%lu,%lu)%s%s", got[0] ? " " : "",
			 (v->vm_start - base) >> PAGE_SHIFT, (v->vm_end - base) >> PAGE_SHIFT,
			 (v->vm_flags & VM_LOCKED) ? "L" : "",
			 (v->vm_flags & VM_LOCKONFAULT) ? "F" : "");
		strcat(got, one);
	}
	cr_assert_str_eq(got, want);
}

/* Mlocked: from /proc/meminfo, in pages. */
static unsigned long meminfo_mlocked(void)
{
	char buf[4096], *p;
	unsigned long kb;

	cr_assert_gt(mml_read_file(ut(), "/proc/meminfo", buf, sizeof(buf)), 0);
	p = strstr(buf, "Mlocked:");
	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p, "Mlocked: %lu kB", &kb), 1);
	return kb >> 2;
}

static struct page *page_at(unsigned long pg)
{
	pte_t *pte = pte_offset_map_mm(t->mm, base + P(pg));

	if (!pte || !pte_present(*pte) || pte_special(*pte))
		return NULL;
	return pfn_to_page(pte_pfn(*pte));
}

/*
 * 0123456
 * AAAAAA      rw anonymous, untouched
 * AALLAA      mlock [2,4): split, populated, 2 pages mlocked
 * AAAAAA      munlock [2,4): merged back, nothing mlocked
 */
Test(mlock, split_populate_merge)
{
	unsigned long before = meminfo_mlocked();

	map(0, 6, RW, ANON);
	cr_assert_eq(mml_mlock(ut(), base + P(2), P(2)), 0);
	check();
	expect_vmas("[0,2) [2,4)L [4,6)");
	cr_assert_eq(t->mm->locked_vm, 2);
	cr_assert_not_null(page_at(2));
	cr_assert(PageMlocked(page_at(2)) && PageMlocked(page_at(3)));
	cr_assert_null(page_at(1));
	cr_assert_eq(meminfo_mlocked(), before + 2);
	cr_assert_eq(mml_munlock(ut(), base + P(2), P(2)), 0);
	check();
	expect_vmas("[0,6)");	/* merged back, as Linux 6.18 does */
	cr_assert_eq(t->mm->locked_vm, 0);
	cr_assert(!PageMlocked(page_at(2)));
	cr_assert_eq(meminfo_mlocked(), before);
}

/* Whole VMAs locked and unlocked merge back: [0,6) stays one VMA. */
Test(mlock, whole_vma_round_trip)
{
	map(0, 6, RW, ANON);
	cr_assert_eq(mml_mlock(ut(), base, P(6)), 0);
	check();
	expect_vmas("[0,6)L");
	cr_assert_eq(mml_munlock(ut(), base, P(6)), 0);
	check();
	expect_vmas("[0,6)");
	cr_assert_eq(meminfo_mlocked(), 0);
}

Test(mlock, errno_cases)
{
	map(0, 4, RW, ANON);
	cr_assert_eq(mml_mlock(ut(), base, -P(1)), -EINVAL);
	cr_assert_eq(mml_mlock(ut(), -P(1), P(2)), -EINVAL);
	cr_assert_eq(mml_munlock(ut(), base, -P(1)), -EINVAL);
	cr_assert_eq(mml_mlock2(ut(), base, P(1), 2), -EINVAL);
	cr_assert_eq(mml_mlock2(ut(), base, P(1), -1), -EINVAL);
	cr_assert_eq(mml_mlock(ut(), base + P(1), 0), 0);
	cr_assert_eq(mml_mlock(ut(), base + P(10), P(2)), -ENOMEM);
	cr_assert_eq(mml_munlock(ut(), base + P(10), P(2)), -ENOMEM);
	cr_assert_eq(mml_mlockall(ut(), 0), -EINVAL);
	cr_assert_eq(mml_mlockall(ut(), MCL_ONFAULT), -EINVAL);
	cr_assert_eq(mml_mlockall(ut(), 8), -EINVAL);
	check();
	expect_vmas("[0,4)");
	cr_assert_eq(t->mm->locked_vm, 0);
}

/*
 * 0123456
 * AA AAA      a hole at 2
 * LL AAA      mlock [0,6): the part before the hole is locked, ENOMEM
 */
Test(mlock, hole_is_partial)
{
	map(0, 2, RW, ANON);
	map(3, 3, RW, ANON);
	cr_assert_eq(mml_mlock(ut(), base, P(6)), -ENOMEM);
	check();
	expect_vmas("[0,2)L [3,6)");
	cr_assert_eq(t->mm->locked_vm, 2);
}

/* PROT_NONE: ENOMEM (the populate fails) but VM_LOCKED stays, no page. */
Test(mlock, prot_none_keeps_flag)
{
	map(0, 2, PROT_NONE, ANON);
	cr_assert_eq(mml_mlock(ut(), base, P(2)), -ENOMEM);
	check();
	expect_vmas("[0,2)L");
	cr_assert_null(page_at(0));
}

/* MLOCK_ONFAULT: nothing populated; a later fault mlocks the new page. */
Test(mlock, onfault_mlocks_on_fault)
{
	map(0, 4, RW, ANON);
	cr_assert_eq(mml_mlock2(ut(), base, P(4), MLOCK_ONFAULT), 0);
	check();
	expect_vmas("[0,4)LF");
	cr_assert_null(page_at(1));
	cr_assert_eq(meminfo_mlocked(), 0);
	cr_assert_eq(mml_store(ut(), base + P(1), "x", 1), 0);
	check();
	cr_assert(PageMlocked(page_at(1)));
	cr_assert_eq(meminfo_mlocked(), 1);
	cr_assert_eq(mml_mlock(ut(), base + P(2), P(1)), 0);	/* LF -> L in the middle */
	check();
	expect_vmas("[0,2)LF [2,3)L [3,4)LF");
	cr_assert_eq(t->mm->locked_vm, 4);
	cr_assert_eq(meminfo_mlocked(), 2);	/* no longer on fault: populated */
}

/* munmap, DONTNEED_LOCKED and COW on a locked range keep Mlocked right. */
Test(mlock, unmap_and_cow_unaccount)
{
	map(0, 4, RW, ANON | MAP_LOCKED);
	cr_assert_eq(meminfo_mlocked(), 4);
	cr_assert_eq(t->mm->locked_vm, 4);
	cr_assert_eq(mml_madvise(ut(), base, P(1), MADV_DONTNEED), -EINVAL);
	cr_assert_eq(mml_madvise(ut(), base, P(1), MADV_DONTNEED_LOCKED), 0);
	check();
	cr_assert_eq(meminfo_mlocked(), 3);
	cr_assert_eq(mml_munmap(ut(), base + P(3), P(1)), 0);
	check();
	cr_assert_eq(meminfo_mlocked(), 2);
	cr_assert_eq(t->mm->locked_vm, 3);
	cr_assert_eq(mml_store(ut(), base, "y", 1), 0);		/* refault: mlocked again */
	cr_assert_eq(meminfo_mlocked(), 3);
	cr_assert_eq(mml_munmap(ut(), base, P(3)), 0);
	check();
	cr_assert_eq(meminfo_mlocked(), 0);
	cr_assert_eq(t->mm->locked_vm, 0);
}

/* A shared file page mapped by two locked VMAs stays mlocked until both go. */
Test(mlock, shared_page_counted_per_vma)
{
	map(0, 1, RW, MAP_SHARED | MAP_ANONYMOUS);
	cr_assert_eq(mml_mremap(ut(), base, 0, P(1), MREMAP_MAYMOVE | MREMAP_FIXED,
				base + P(4)), (long)(base + P(4)));
	check();
	cr_assert_eq(mml_mlock(ut(), base, P(1)), 0);
	cr_assert_eq(mml_mlock(ut(), base + P(4), P(1)), 0);
	check();
	cr_assert_eq(page_at(0), page_at(4));
	cr_assert_eq(meminfo_mlocked(), 1);
	cr_assert_eq(mml_munlock(ut(), base, P(1)), 0);
	cr_assert(PageMlocked(page_at(4)));
	cr_assert_eq(meminfo_mlocked(), 1);
	cr_assert_eq(mml_munmap(ut(), base + P(4), P(1)), 0);
	check();
	cr_assert_eq(meminfo_mlocked(), 0);
}

Test(mlock, mlockall_future_and_current)
{
	cr_assert_eq(mml_mlockall(ut(), MCL_FUTURE), 0);
	cr_assert(t->mm->def_flags & VM_LOCKED);
	map(0, 2, RW, ANON);
	expect_vmas("[0,2)L");
	cr_assert_not_null(page_at(1));
	cr_assert_eq(mml_munlockall(ut()), 0);
	check();
	cr_assert_eq(t->mm->def_flags & VM_LOCKED_MASK, 0);
	cr_assert_eq(t->mm->locked_vm, 0);
	cr_assert_eq(meminfo_mlocked(), 0);
	map(4, 2, RW, ANON);
	cr_assert_eq(mml_mlockall(ut(), MCL_CURRENT | MCL_ONFAULT), 0);
	check();
	expect_vmas("[0,2)LF [4,6)LF");
	cr_assert_eq(t->mm->locked_vm, t->mm->total_vm);
	cr_assert_null(page_at(4));
	cr_assert_eq(mml_mlockall(ut(), MCL_CURRENT), 0);
	check();
	expect_vmas("[0,2)L [4,6)L");
	cr_assert_not_null(page_at(4));
	cr_assert_eq(mml_munlockall(ut()), 0);
	check();
	cr_assert_eq(t->mm->locked_vm, 0);
	cr_assert_eq(meminfo_mlocked(), 0);
}

/* Without CAP_IPC_LOCK, RLIMIT_MEMLOCK bounds locked_vm. */
Test(mlock, rlimit_memlock)
{
	t->cap_ipc_lock = false;
	t->rlim[RLIMIT_MEMLOCK].rlim_cur = P(3);
	map(0, 8, RW, ANON);
	cr_assert_eq(mml_mlock(ut(), base, P(4)), -ENOMEM);
	cr_assert_eq(mml_mlock(ut(), base, P(3)), 0);
	cr_assert_eq(mml_mlock(ut(), base + P(1), P(2)), 0);	/* already locked: no charge */
	cr_assert_eq(mml_mlock(ut(), base + P(3), P(1)), -ENOMEM);
	cr_assert_eq(mml_mlockall(ut(), MCL_CURRENT), -ENOMEM);
	check();
	t->rlim[RLIMIT_MEMLOCK].rlim_cur = 0;
	cr_assert_eq(mml_mlock(ut(), base, P(1)), -EPERM);
	cr_assert_eq(mml_mlockall(ut(), MCL_FUTURE), -EPERM);
	t->cap_ipc_lock = true;
	cr_assert_eq(mml_mlock(ut(), base, P(8)), 0);
	check();
	cr_assert_eq(t->mm->locked_vm, 8);
}

/* FAIL_SLAB on the splits: ENOMEM and an mm left consistent; then it works. */
Test(mlock, fault_injection_on_split)
{
	long r = -ENOMEM;
	int nth;

	map(0, 8, RW, ANON);
	for (nth = 0; nth < 20; nth++) {
		m->fail_nth[FAIL_SLAB] = nth;
		r = mml_mlock(ut(), base + P(3), P(2));
		m->fail_nth[FAIL_SLAB] = -1;
		check();
		if (r == 0)
			break;
		/* a split refused: ENOMEM; the populate's anon_vma refused: EAGAIN */
		cr_assert(r == -ENOMEM || r == -EAGAIN, "nth %d: %ld", nth, r);
		cr_assert_eq(mml_munlock(ut(), base, P(8)), 0);
		check();
		cr_assert_eq(meminfo_mlocked(), 0);
	}
	cr_assert_eq(r, 0);
	expect_vmas("[0,3) [3,5)L [5,8)");
	cr_assert_eq(meminfo_mlocked(), 2);
}

/* FAIL_PAGE_ALLOC during the populate: EAGAIN, flags set, counts right. */
Test(mlock, fault_injection_on_populate)
{
	long r = -EAGAIN;
	int nth;

	map(0, 4, RW, ANON);
	for (nth = 0; nth < 40; nth++) {
		m->fail_nth[FAIL_PAGE_ALLOC] = nth;
		r = mml_mlock(ut(), base, P(4));
		m->fail_nth[FAIL_PAGE_ALLOC] = -1;
		check();
		if (r == 0)
			break;
		cr_assert_eq(r, -EAGAIN, "nth %d: %ld", nth, r);
		expect_vmas("[0,4)L");
		cr_assert_eq(mml_munlock(ut(), base, P(4)), 0);
		check();
		cr_assert_eq(meminfo_mlocked(), 0);
	}
	cr_assert_eq(r, 0);
	cr_assert_eq(meminfo_mlocked(), 4);
	cr_assert_eq(mml_munmap(ut(), base, P(4)), 0);
	check();
	cr_assert_eq(meminfo_mlocked(), 0);
}
