// SPDX-License-Identifier: MIT
/*
 * /proc/PID/mem (fs/proc/pid_mem.c, Linux's mem_rw() and mem_lseek()):
 * opened with mml_open() and read and written with mml_pread()/
 * mml_pwrite() (host buffers), by the task itself and by its parent on
 * the child's file.  Each test names the Linux rule it checks; the
 * host-compared cases are tests/diff/cases_procmem.c.  The audit runs
 * after every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <criterion/criterion.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/gup.h>
#include <mmlab/mmlab.h>
#include "mm/internal.h"
#include "helpers.h"

#define TEST_SIGSEGV	11

static struct mml_machine *m;
static struct task_struct *t;
static struct mml_task *ut;
static unsigned long base;

static void setup(void)
{
	m = test_task_region("procmem", &t, &base);
	ut = (struct mml_task *)t;
}

static void teardown(void)
{
	test_task_region_free(m, t);	/* exit, audit, free the machine */
}

TestSuite(procmem, .init = setup, .fini = teardown);

static pte_t pte_at(struct task_struct *tt, unsigned long addr)
{
	pte_t *pte = pte_offset_map_mm(tt->mm, addr);

	return pte ? ptep_get(pte) : __pte(0);
}

static long memfd(struct mml_task *who, const char *path, int flags)
{
	long fd = mml_open(who, path, flags, 0);

	cr_assert_geq(fd, 0, "open %s: %ld", path, fd);
	return fd;
}

/* The task's own file: what it stored reads back, a write lands. */
Test(procmem, self_read_and_write)
{
	char buf[16] = "";
	long fd;

	test_map_fixed(m, t, base, 2, 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
	cr_assert_eq(mml_store(ut, base + P(2) + 10, "mem file", 8), 0);
	fd = memfd(ut, "/proc/self/mem", O_RDWR);
	cr_assert_eq(mml_pread(ut, fd, buf, 8, (long)(base + P(2) + 10)), 8);
	cr_assert_eq(memcmp(buf, "mem file", 8), 0);
	cr_assert_eq(mml_pwrite(ut, fd, "XYZ", 3, (long)(base + P(3) - 1)), 3,
		     "across the page boundary");
	cr_assert_eq(mml_load(ut, base + P(3) - 1, buf, 3), 0);
	cr_assert_eq(memcmp(buf, "XYZ", 3), 0);
	test_check_mm(m, t);
	cr_assert_eq(mml_pread(ut, fd, buf, 4, (long)(base + P(10))), -EIO,
		     "nothing mapped: EIO");
	cr_assert_eq(mml_pread(ut, fd, buf, 0, (long)(base + P(10))), 0);
	cr_assert_eq(mml_close(ut, fd), 0);
	fd = memfd(ut, "/proc/self/mem", O_RDONLY);
	cr_assert_eq(mml_pwrite(ut, fd, "a", 1, (long)(base + P(2))), -EBADF);
	cr_assert_eq(mml_close(ut, fd), 0);
	test_check_mm(m, t);
}

/*
 * FOLL_FORCE (check_vma_flags(), can_follow_write_pte()): a PROT_NONE
 * page reads (the zero page, nothing allocated) and takes a write into
 * a page of its own; a write into a read-only private mapping breaks
 * COW and leaves the PTE read-only.
 */
Test(procmem, force_reads_and_writes_protected_private_memory)
{
	char buf[8] = "x";
	long fd;
	pte_t pte;

	test_map_fixed(m, t, base, 2, 1, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS);
	test_map_fixed(m, t, base, 4, 1, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
	fd = memfd(ut, "/proc/self/mem", O_RDWR);
	cr_assert_eq(mml_pread(ut, fd, buf, 8, (long)(base + P(2))), 8);
	cr_assert_eq(buf[0], 0);
	cr_assert_eq(get_mm_counter(t->mm, MM_ANONPAGES), 0, "the zero page");
	cr_assert_eq(mml_pwrite(ut, fd, "pn", 2, (long)(base + P(2))), 2);
	cr_assert_eq(get_mm_counter(t->mm, MM_ANONPAGES), 1);
	test_check_mm(m, t);
	cr_assert_eq(mml_load(ut, base + P(2), buf, 1), TEST_SIGSEGV, "still PROT_NONE");

	cr_assert_eq(mml_pwrite(ut, fd, "ro", 2, (long)(base + P(4))), 2);
	pte = pte_at(t, base + P(4));
	cr_assert(pte_present(pte) && !pte_write(pte), "the PTE stays read-only");
	cr_assert(PageAnon(pfn_to_page(pte_pfn(pte))));
	cr_assert_eq(mml_load(ut, base + P(4), buf, 2), 0);
	cr_assert_eq(memcmp(buf, "ro", 2), 0);
	cr_assert_eq(mml_store(ut, base + P(4), "w", 1), TEST_SIGSEGV);
	cr_assert_eq(mml_close(ut, fd), 0);
	test_check_mm(m, t);
}

/*
 * The parent reads and writes the child's memory through /proc/PID/mem:
 * the write breaks the COW sharing in the child only; once the child
 * has gone, a transfer gives 0 (mmget_not_zero() fails).
 */
Test(procmem, parent_writes_child_memory_cow)
{
	char path[32], buf[4] = "";
	struct mml_task *child;
	long pid, fd;

	test_map_fixed(m, t, base, 2, 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
	cr_assert_eq(mml_store(ut, base + P(2), "par", 3), 0);
	pid = mml_fork(ut);
	cr_assert_gt(pid, 0);
	child = mml_task_get(m, (int)pid);
	cr_assert_not_null(child);
	snprintf(path, sizeof(path), "/proc/%ld/mem", pid);
	fd = memfd(ut, path, O_RDWR);
	cr_assert_eq(mml_pwrite(ut, fd, "chi", 3, (long)(base + P(2))), 3);
	cr_assert_eq(mml_load(child, base + P(2), buf, 3), 0);
	cr_assert_eq(memcmp(buf, "chi", 3), 0);
	cr_assert_eq(mml_load(ut, base + P(2), buf, 3), 0);
	cr_assert_eq(memcmp(buf, "par", 3), 0, "the parent's copy is its own");
	test_check_mm(m, t);
	test_check_mm(m, (struct task_struct *)child);
	mml_exit(child, 0);
	cr_assert_eq(mml_pread(ut, fd, buf, 3, (long)(base + P(2))), 0);
	cr_assert_eq(mml_close(ut, fd), 0);
	test_check_mm(m, t);
}

/*
 * A write into a read-only shared mapping is refused even with
 * FOLL_FORCE: EIO, the memory unchanged.
 */
Test(procmem, shared_read_only_refuses_write)
{
	char buf[2] = "";
	long fd;

	test_map_fixed(m, t, base, 2, 1, PROT_READ, MAP_SHARED | MAP_ANONYMOUS);
	fd = memfd(ut, "/proc/self/mem", O_RDWR);
	cr_assert_eq(mml_pwrite(ut, fd, "s", 1, (long)(base + P(2))), -EIO);
	cr_assert_eq(mml_pread(ut, fd, buf, 1, (long)(base + P(2))), 1);
	cr_assert_eq(buf[0], 0);
	cr_assert_eq(mml_close(ut, fd), 0);
	test_check_mm(m, t);
}

/*
 * Page-allocation failure while the write breaks COW: the transfer
 * fails whole with EIO (access_remote_vm() copied nothing), nothing
 * leaks, the audit holds; retried until it succeeds.
 */
Test(procmem, cow_break_allocation_failure)
{
	long fd, r = -EIO;
	int nth;

	test_map_fixed(m, t, base, 2, 1, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
	fd = memfd(ut, "/proc/self/mem", O_RDWR);
	for (nth = 0; nth < 10 && r == -EIO; nth++) {
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, nth);
		r = mml_pwrite(ut, fd, "f", 1, (long)(base + P(2)));
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
		test_check_mm(m, t);
	}
	cr_assert_eq(r, 1);
	cr_assert_gt(nth, 1, "some allocation was failed");
	cr_assert_eq(mml_close(ut, fd), 0);
	test_check_mm(m, t);
}
