// SPDX-License-Identifier: MIT
/*
 * mincore (residency of anonymous, zero-page, shared and file pages,
 * errors, partial results before a hole) and msync (flag checks, holes,
 * EBUSY on locked memory, MS_SYNC writing the dirty pages back to the
 * host file and write-protecting the PTEs so the next store dirties the
 * page again).  validate_mm() after every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
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
static char root[64];

static struct mml_task *ut(void)
{
	return (struct mml_task *)t;
}

static void check(void)
{
	char msg[256];

	cr_assert_eq(validate_mm(t->mm, msg, sizeof(msg)), 0, "%s", msg);
	test_audit(m);
}

static void setup(void)
{
	struct mml_config cfg;
	char msg[256];
	int err;

	strcpy(root, "/tmp/mmlab-test-msync-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	mml_config_init(&cfg);
	cfg.ram_size = 128ULL << 20;
	cfg.cmdline = "page_poison=on";
	cfg.root = root;
	m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	cr_assert_not_null(m, "boot: %s", msg);
	test_use_machine(m);
	t = (struct task_struct *)mml_task_new(m, "msync");
	cr_assert_not_null(t);
	base = (unsigned long)mml_mmap(ut(), 0, P(64), PROT_NONE, ANON, -1, 0);
	cr_assert_lt(base, -4096UL);
	cr_assert_eq(mml_munmap(ut(), base, P(64)), 0);
	check();
}

static void teardown(void)
{
	char cmd[128];

	mml_exit(ut(), 0);
	test_audit(m);
	mml_machine_free(m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(mincore_msync, .init = setup, .fini = teardown);

static void map(unsigned long pg, unsigned long n, int prot, int flags, int fd)
{
	long r = mml_mmap(ut(), base + P(pg), P(n), prot, flags | MAP_FIXED, fd, 0);

	cr_assert_eq(r, (long)(base + P(pg)), "mmap: %ld", r);
	check();
}

/* A file of @npages pages, page i filled with 'A' + i; its fd. */
static int mkfile(const char *name, int npages)
{
	char buf[4096];
	long fd;
	int i;

	fd = mml_open(ut(), name, 0102 /* O_RDWR | O_CREAT */, 0644);
	cr_assert_geq(fd, 0);
	for (i = 0; i < npages; i++) {
		memset(buf, 'A' + i, sizeof(buf));
		cr_assert_eq(mml_pwrite(ut(), (int)fd, buf, sizeof(buf), (long)P(i)), 4096);
	}
	return (int)fd;
}

/* What the host file holds at @off. */
static char host_byte(const char *name, long off)
{
	char path[128], c = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, name);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	cr_assert_eq(fseek(f, off, SEEK_SET), 0);
	cr_assert_eq(fread(&c, 1, 1, f), 1);
	fclose(f);
	return c;
}

static void expect_vec(unsigned long pg, unsigned long n, const char *want)
{
	unsigned char vec[64];
	char got[65];
	unsigned long i;

	cr_assert_eq(mml_mincore(ut(), base + P(pg), P(n), vec), 0);
	for (i = 0; i < n; i++)
		got[i] = vec[i] ? '1' : '0';
	got[n] = '\0';
	cr_assert_str_eq(got, want);
	check();
}

Test(mincore_msync, mincore_anon_residency)
{
	unsigned char c;

	map(2, 4, RW, ANON, -1);
	expect_vec(2, 4, "0000");
	cr_assert_eq(mml_store(ut(), base + P(3), "x", 1), 0);
	cr_assert_eq(mml_load(ut(), base + P(5), &c, 1), 0);	/* zero page */
	expect_vec(2, 4, "0101");
	cr_assert_eq(mml_madvise(ut(), base + P(3), P(1), MADV_DONTNEED), 0);
	expect_vec(2, 4, "0001");
}

Test(mincore_msync, mincore_errors)
{
	unsigned char vec[4] = { 0xee, 0xee, 0xee, 0xee };

	map(2, 4, RW, ANON, -1);
	cr_assert_eq(mml_store(ut(), base + P(2), "x", 1), 0);
	cr_assert_eq(mml_mincore(ut(), base + P(2) + 1, P(1), vec), -EINVAL);
	cr_assert_eq(mml_mincore(ut(), base + P(2), 0, vec), 0);
	cr_assert_eq(vec[0], 0xee);
	cr_assert_eq(mml_mincore(ut(), base + P(2), 1, vec), 0);
	cr_assert_eq(vec[0], 1);
	cr_assert_eq(mml_mincore(ut(), base + P(2), P(4), NULL), -EFAULT);
	cr_assert_eq(mml_mincore(ut(), base + P(10), P(1), vec), -ENOMEM);
	cr_assert_eq(mml_mincore(ut(), (1UL << 47) - P(1), P(2), vec), -ENOMEM);
	cr_assert_eq(mml_mincore(ut(), -P(1), P(1), vec), -ENOMEM);
	vec[0] = 0xee;
	cr_assert_eq(mml_munmap(ut(), base + P(3), P(1)), 0);
	cr_assert_eq(mml_mincore(ut(), base + P(2), P(3), vec), -ENOMEM);
	cr_assert_eq(vec[0], 1, "the pages before the hole are reported");
	check();
}

/* File mappings report page-cache residency, not this mapping's PTEs. */
Test(mincore_msync, mincore_file_page_cache)
{
	int fd = mkfile("/f", 4);

	map(2, 6, RO, MAP_PRIVATE, fd);
	expect_vec(2, 6, "111100");
	map(10, 2, RW, MAP_SHARED | MAP_ANONYMOUS, -1);
	cr_assert_eq(mml_store(ut(), base + P(11), "x", 1), 0);
	expect_vec(10, 2, "01");
}

Test(mincore_msync, msync_checks)
{
	int fd = mkfile("/f", 4);

	map(2, 4, RW, MAP_SHARED, fd);
	cr_assert_eq(mml_msync(ut(), base + P(2), P(4), 8), -EINVAL);
	cr_assert_eq(mml_msync(ut(), base + P(2), P(4), -1), -EINVAL);
	cr_assert_eq(mml_msync(ut(), base + P(2), P(4), MS_SYNC | MS_ASYNC), -EINVAL);
	cr_assert_eq(mml_msync(ut(), base + P(2) + 1, P(1), MS_SYNC), -EINVAL);
	cr_assert_eq(mml_msync(ut(), base + P(2), P(1) + 1, MS_SYNC), 0);
	cr_assert_eq(mml_msync(ut(), base + P(2), 0, MS_SYNC), 0);
	cr_assert_eq(mml_msync(ut(), base + P(2), 0, 8), -EINVAL);
	cr_assert_eq(mml_msync(ut(), base + P(2), -P(1), MS_SYNC), -ENOMEM);
	cr_assert_eq(mml_msync(ut(), base + P(20), P(1), MS_ASYNC), -ENOMEM);
	cr_assert_eq(mml_msync(ut(), base + P(2), P(4), MS_INVALIDATE), 0);
	cr_assert_eq(mml_munmap(ut(), base + P(3), P(1)), 0);
	cr_assert_eq(mml_msync(ut(), base + P(2), P(4), MS_SYNC), -ENOMEM);
	cr_assert_eq(mml_msync(ut(), base + P(2), P(4), MS_ASYNC), -ENOMEM);
	map(8, 2, RW, ANON | MAP_LOCKED, -1);
	cr_assert_eq(mml_msync(ut(), base + P(8), P(2), MS_INVALIDATE), -EBUSY);
	cr_assert_eq(mml_msync(ut(), base + P(8), P(2), MS_SYNC), 0);
	cr_assert_eq(mml_munlock(ut(), base + P(8), P(2)), 0);
	cr_assert_eq(mml_msync(ut(), base + P(8), P(2), MS_INVALIDATE), 0);
	check();
}

/*
 * MS_SYNC writes the stores back; the PTE is then clean and read-only,
 * so the next store faults and dirties the page again.
 */
Test(mincore_msync, msync_writes_back_and_rearms)
{
	int fd = mkfile("/f", 4);
	pte_t *pte;

	map(2, 4, RW, MAP_SHARED, fd);
	cr_assert_eq(mml_store(ut(), base + P(3), "PQ", 2), 0);
	pte = pte_offset_map_mm(t->mm, base + P(3));
	cr_assert(pte && pte_dirty(*pte));
	cr_assert_eq(mml_msync(ut(), base + P(2), P(4), MS_SYNC), 0);
	check();
	cr_assert_eq(host_byte("/f", (long)P(1)), 'P');
	cr_assert_eq(host_byte("/f", (long)P(1) + 1), 'Q');
	cr_assert(!pte_dirty(*pte) && !pte_write(*pte));
	cr_assert_eq(mml_store(ut(), base + P(3) + 2, "R", 1), 0);
	cr_assert(pte_write(*pte));
	cr_assert_eq(host_byte("/f", (long)P(1) + 2), 'B');
	cr_assert_eq(mml_msync(ut(), base + P(3), P(1), MS_SYNC), 0);
	cr_assert_eq(host_byte("/f", (long)P(1) + 2), 'R');
	check();
}

/* MADV_REMOVE on a shared file mapping punches the host file too. */
Test(mincore_msync, remove_punches_file)
{
	int fd = mkfile("/f", 4);
	unsigned char c;

	map(2, 4, RW, MAP_SHARED, fd);
	/* write pwrite's dirty page cache to the host file first */
	cr_assert_eq(mml_msync(ut(), base + P(2), P(4), MS_SYNC), 0);
	cr_assert_eq(mml_madvise(ut(), base + P(3), P(1), MADV_REMOVE), 0);
	cr_assert_eq(mml_load(ut(), base + P(3), &c, 1), 0);
	cr_assert_eq(c, 0);
	cr_assert_eq(host_byte("/f", (long)P(1)), 0);
	cr_assert_eq(host_byte("/f", (long)P(2)), 'C');
	cr_assert_eq(mml_madvise(ut(), base + P(2), P(4), MADV_DONTFORK), 0);
	cr_assert_eq(mml_madvise(ut(), base + P(2), P(4), MADV_WIPEONFORK), -EINVAL);
	check();
}

/* DONTNEED on a private file mapping drops the COW copy: the file shows. */
Test(mincore_msync, dontneed_file_private_rereads)
{
	int fd = mkfile("/f", 4);
	unsigned char c;

	map(2, 4, RW, MAP_PRIVATE, fd);
	cr_assert_eq(mml_store(ut(), base + P(3), "x", 1), 0);
	cr_assert_eq(mml_madvise(ut(), base + P(2), P(4), MADV_DONTNEED), 0);
	cr_assert_eq(mml_load(ut(), base + P(3), &c, 1), 0);
	cr_assert_eq(c, 'B');
	cr_assert_eq(mml_madvise(ut(), base + P(2), P(4), MADV_WILLNEED), 0);
	cr_assert_eq(mml_madvise(ut(), base + P(2), P(4), MADV_FREE), -EINVAL);
	check();
}
