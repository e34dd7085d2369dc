// SPDX-License-Identifier: MIT
/*
 * The kernel reaching into user memory: access_ok() at the edges of the
 * user address space, copy_{from,to}_user() returning the bytes not
 * copied, strncpy_from_user() a page at a time, and the raw system calls
 * refusing kernel addresses (nothing in the kernel is read or written).
 * The differential cases uaccess_* compare the same calls with the host.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

#define NR_read		0
#define NR_write	1
#define NR_open		2
#define NR_mincore	27
#define NR_readv	19
#define KDIRECT		0xffff888000000000UL
/* A user address as the __user pointer the copies take. */
#define U(a)		((void __user *)(a))

static struct mml_machine *m;
static struct task_struct *t;
static struct mml_task *ut;
static unsigned long base;
static char root[64];

static void setup(void)
{
	struct mml_config cfg;
	char msg[256];
	int err;

	strcpy(root, "/tmp/mmlab-test-uaccess-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	mml_config_init(&cfg);
	cfg.ram_size = 128ULL << 20;
	cfg.cmdline = "page_poison=on";
	cfg.root = root;
	m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	cr_assert_not_null(m, "boot: %s", msg);
	test_use_machine(m);
	ut = mml_task_new(m, "uaccess");
	cr_assert_not_null(ut);
	t = (struct task_struct *)ut;
	test_use_task(t);
	/* Pages 0 and 1 read-write, page 2 unmapped. */
	base = (unsigned long)mml_mmap(ut, 0, P(3), RW, ANON, -1, 0);
	cr_assert_lt(base, -4096UL);
	cr_assert_eq(mml_munmap(ut, base + P(2), P(1)), 0);
}

static void teardown(void)
{
	char cmd[128];

	test_audit(m);
	mml_exit(ut, 0);
	mml_machine_free(m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(uaccess, .init = setup, .fini = teardown);

Test(uaccess, access_ok_edges)
{
	cr_assert(access_ok(0, 0));
	cr_assert(access_ok(0, TASK_SIZE_MAX));
	cr_assert(access_ok(TASK_SIZE_MAX, 0), "an empty range at the end");
	cr_assert(access_ok(TASK_SIZE_MAX - 1, 1));
	cr_assert_not(access_ok(TASK_SIZE_MAX, 1));
	cr_assert_not(access_ok(TASK_SIZE_MAX - 1, 2));
	cr_assert_not(access_ok(0, TASK_SIZE_MAX + 1));
	cr_assert_not(access_ok(KDIRECT, 0), "a kernel address, even empty");
	cr_assert_not(access_ok(1UL << 47, 0), "non-canonical");
	cr_assert_not(access_ok(base, -base), "wraps to 0");
	cr_assert_not(access_ok(base, ~0UL));
}

Test(uaccess, copies_stop_at_the_fault)
{
	char buf[64], back[64];

	memset(buf, 'x', sizeof(buf));
	cr_assert_eq(copy_to_user(U(base + P(2) - 10), buf, 30), 20,
		     "10 bytes reach page 1, 20 are not copied");
	memset(back, 0, sizeof(back));
	cr_assert_eq(copy_from_user(back, U(base + P(2) - 10), 30), 20);
	cr_assert_eq(memcmp(back, buf, 10), 0);
	cr_assert_eq(copy_to_user(U(base), buf, 0), 0);
	cr_assert_eq(copy_to_user(U(KDIRECT), buf, 8), 8);
	cr_assert_eq(copy_from_user(back, U(KDIRECT), 8), 8);
	cr_assert_eq(copy_from_user(back, U(TASK_SIZE_MAX - 4), 8), 8,
		     "a range past TASK_SIZE_MAX copies nothing");
}

Test(uaccess, strncpy_from_user_pages)
{
	char *s = malloc(P(2)), *dst = malloc(P(2));

	cr_assert(s && dst);
	memset(s, 'a', P(2));
	s[P(2) - 1] = '\0';
	cr_assert_eq(mml_store(ut, base, s, P(2)), 0);
	cr_assert_eq(strncpy_from_user(dst, U(base + 100), 8192), P(2) - 101,
		     "the NUL is the last byte before the unmapped page");
	cr_assert_eq(strncpy_from_user(dst, U(base + 100), 4096), 4096,
		     "no NUL within count: count, as Linux");
	cr_assert_eq(mml_store(ut, base + P(2) - 1, "b", 1), 0);
	cr_assert_eq(strncpy_from_user(dst, U(base + 100), 8192), -EFAULT,
		     "the string runs into the unmapped page");
	cr_assert_eq(strncpy_from_user(dst, U(KDIRECT), 10), -EFAULT);
	cr_assert_eq(strncpy_from_user(dst, U(TASK_SIZE_MAX), 10), -EFAULT);
	cr_assert_eq(strncpy_from_user(dst, U(base), 0), 0);
	free(s);
	free(dst);
}

/* Fails before access_ok(): read() wrote the kernel's memory, write() and
 * open() read it. */
Test(uaccess, raw_calls_never_touch_the_kernel)
{
	const u64 pattern = 0x4141414141414141ULL;
	char path[128];
	uint64_t kva, v;
	long fd;
	int hfd;

	snprintf(path, sizeof(path), "%s/f", root);
	hfd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	cr_assert_geq(hfd, 0);
	cr_assert_eq(write(hfd, "ZZZZZZZZ", 8), 8);
	close(hfd);
	cr_assert_eq(mml_kmalloc(m, 64, 0, &kva), 0);
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, kva, 8, pattern), 0);
	cr_assert_eq(mml_store(ut, base, "/f", 3), 0);
	fd = mml_syscall(ut, NR_open, (long)base, O_RDWR, 0, 0, 0, 0);
	cr_assert_geq(fd, 3);

	cr_assert_eq(mml_syscall(ut, NR_read, fd, (long)kva, 8, 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_syscall(ut, NR_write, fd, (long)kva, 8, 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_syscall(ut, NR_mincore, (long)base, (long)P(1), (long)kva,
				 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_syscall(ut, NR_open, (long)kva, 0, 0, 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_read(m, MML_SPACE_KERNEL, kva, 8, &v), 0);
	cr_assert_eq(v, pattern, "kernel memory unchanged");
	cr_assert_eq(mml_pread(ut, (int)fd, &v, 8, 0), 8);
	cr_assert_eq(memcmp(&v, "ZZZZZZZZ", 8), 0, "no kernel bytes in the file");
	cr_assert_eq(mml_kfree(m, kva), 0);
}

/* Issue 8 finding 3: a 128 TiB length asked the host for 32 GiB before
 * any check.  Linux checks the vector's range first: this one would end
 * past TASK_SIZE_MAX. */
Test(uaccess, mincore_untrusted_length)
{
	cr_assert_gt(base + (0x7ffff7f06000UL >> PAGE_SHIFT), TASK_SIZE_MAX);
	cr_assert_eq(mml_syscall(ut, NR_mincore, 0, 0x7ffff7f06000L, (long)base,
				 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_syscall(ut, NR_mincore, 0, 1L << 46, 0x1000, 0, 0, 0),
		     -ENOMEM, "vector in range: the hole at 0 is found first");
}
