// SPDX-License-Identifier: MIT
/*
 * The kernel reaching into user memory: access_ok() at the edges of the
 * user address space, copy_{from,to}_user() returning the bytes not
 * copied, strncpy_from_user() a page at a time, and the raw system calls
 * refusing kernel addresses (nothing in the kernel is read or written).
 * The differential cases uaccess_* compare the same calls with the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <criterion/criterion.h>
#include <linux/kernel.h>
#include <linux/machine.h>
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
#define NR_close	3
#define NR_lseek	8
#define NR_pread64	17
#define NR_getdents64	217
#define NR_openat	257
#define NR_newfstatat	262
#define NR_faccessat	269
#define NR_faccessat2	439
#define NR_access	21
#define AT_FDCWD_	(-100)
#define AT_EMPTY_PATH_	0x1000
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

/* --- directory descriptors ----------------------------------------------- */

/* Host file @name under the root holding @text. */
static void host_file(const char *name, const char *text)
{
	char path[192];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	cr_assert_eq(fputs(text, f) >= 0, 1);
	cr_assert_eq(fclose(f), 0);
}

/* The user string @s at @va, for the path arguments. */
static long ustr(unsigned long va, const char *s)
{
	cr_assert_eq(mml_store(ut, va, s, strlen(s) + 1), 0);
	return (long)va;
}

/* Open the root's directory "d" (holding "g": "inside") with @flags. */
static long open_dir_d(int flags)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/d", root);
	if (mkdir(path, 0755))
		cr_assert_eq(errno, EEXIST);
	host_file("d/g", "inside");
	host_file("f", "rootf");
	return mml_syscall(ut, NR_open, ustr(base, "/d"), flags, 0, 0, 0, 0);
}

static long sys(long nr, long a1, long a2, long a3, long a4)
{
	return mml_syscall(ut, nr, a1, a2, a3, a4, 0, 0);
}

/* Read @fd's first bytes through user memory and compare them with @want. */
static void read_is(long fd, const char *want)
{
	char got[32] = "";
	long n = (long)strlen(want);

	cr_assert_eq(sys(NR_pread64, fd, (long)(base + P(1)), n, 0), n);
	cr_assert_eq(mml_load(ut, base + P(1), got, (unsigned long)n), 0);
	cr_assert_eq(memcmp(got, want, (size_t)n), 0, "got %.*s", (int)n, got);
}

Test(uaccess, dirfd_openat_and_fstatat)
{
	struct { unsigned long dev, ino; } st;
	char path[128];
	struct stat hs;
	long d = open_dir_d(O_RDONLY | O_DIRECTORY), p, g, up;

	cr_assert_geq(d, 3);
	g = sys(NR_openat, d, ustr(base, "g"), O_RDONLY, 0);
	cr_assert_geq(g, 3);
	read_is(g, "inside");
	test_audit(m);
	/* ".." climbs from the directory, and never above the root. */
	up = sys(NR_openat, d, ustr(base, "../../../../f"), O_RDONLY, 0);
	cr_assert_geq(up, 3);
	read_is(up, "rootf");
	/* newfstatat under the dirfd answers for the host file there. */
	snprintf(path, sizeof(path), "%s/d/g", root);
	cr_assert_eq(stat(path, &hs), 0);
	cr_assert_eq(sys(NR_newfstatat, d, ustr(base, "g"), (long)(base + P(1)), 0), 0);
	cr_assert_eq(mml_load(ut, base + P(1), &st, sizeof(st)), 0);
	cr_assert_eq(st.ino, hs.st_ino);
	/* An O_PATH directory is a dirfd too; AT_EMPTY_PATH stats it. */
	p = open_dir_d(O_PATH);
	cr_assert_geq(p, 3);
	cr_assert_geq(sys(NR_openat, p, ustr(base, "./g"), O_RDONLY, 0), 3);
	snprintf(path, sizeof(path), "%s/d", root);
	cr_assert_eq(stat(path, &hs), 0);
	cr_assert_eq(sys(NR_newfstatat, p, ustr(base, ""), (long)(base + P(1)),
			 AT_EMPTY_PATH_), 0);
	cr_assert_eq(mml_load(ut, base + P(1), &st, sizeof(st)), 0);
	cr_assert_eq(st.ino, hs.st_ino);
	test_audit(m);
}

Test(uaccess, dirfd_errors)
{
	long d = open_dir_d(O_RDONLY | O_DIRECTORY), g;

	cr_assert_geq(d, 3);
	g = sys(NR_openat, d, ustr(base, "g"), O_RDONLY, 0);
	cr_assert_geq(g, 3);
	cr_assert_eq(sys(NR_openat, g, ustr(base, "g"), O_RDONLY, 0), -ENOTDIR);
	cr_assert_eq(sys(NR_newfstatat, g, ustr(base, "g"), (long)(base + P(1)), 0),
		     -ENOTDIR);
	cr_assert_eq(sys(NR_openat, 77, ustr(base, "g"), O_RDONLY, 0), -EBADF);
	cr_assert_eq(sys(NR_openat, -3, ustr(base, "g"), O_RDONLY, 0), -EBADF);
	cr_assert_eq(sys(NR_newfstatat, 77, ustr(base, "g"), (long)(base + P(1)), 0),
		     -EBADF);
	cr_assert_eq(sys(NR_openat, 77, ustr(base, ""), O_RDONLY, 0), -ENOENT,
		     "an empty name fails before the dirfd is looked at");
	cr_assert_geq(sys(NR_openat, 77, ustr(base, "/f"), O_RDONLY, 0), 3,
		      "an absolute name ignores the dirfd");
	cr_assert_eq(sys(NR_openat, AT_FDCWD_, ustr(base, "d/g"), O_RDONLY, 0),
		     g + 2, "AT_FDCWD: relative to the root, as before");
	cr_assert_eq(sys(NR_getdents64, g, (long)(base + P(1)), 4096, 0), -ENOTDIR);
	g = sys(NR_open, ustr(base, "/dev/zero"), O_RDONLY, 0, 0);
	cr_assert_geq(g, 3);
	cr_assert_eq(sys(NR_getdents64, g, (long)(base + P(1)), 4096, 0), -ENOTDIR);
	g = sys(NR_open, ustr(base, "/proc/self/maps"), O_RDONLY, 0, 0);
	cr_assert_geq(g, 3);
	cr_assert_eq(sys(NR_getdents64, g, (long)(base + P(1)), 4096, 0), -ENOTDIR);
	test_audit(m);
}

/*
 * getdents64 of "d": ".", ".." and "g" in the host's order, each record
 * whole and 8-byte aligned, then 0 at the end; the file position is the
 * last record's d_off.
 */
Test(uaccess, getdents64_records)
{
	long d = open_dir_d(O_RDONLY | O_DIRECTORY), n, off, last = 0;
	unsigned char buf[4096];
	int seen = 0;

	cr_assert_geq(d, 3);
	n = sys(NR_getdents64, d, (long)(base + P(1)), sizeof(buf), 0);
	cr_assert_gt(n, 0);
	cr_assert_eq(mml_load(ut, base + P(1), buf, (unsigned long)n), 0);
	for (off = 0; off < n; ) {
		unsigned short reclen;
		const char *name = (const char *)buf + off + 19;

		memcpy(&reclen, buf + off + 16, 2);
		memcpy(&last, buf + off + 8, 8);
		cr_assert_eq(reclen % 8, 0);
		cr_assert_eq(reclen, (19 + strlen(name) + 1 + 7) & ~7UL, "%s", name);
		if (!strcmp(name, "."))
			seen |= 1;
		else if (!strcmp(name, ".."))
			seen |= 2;
		else if (!strcmp(name, "g") && buf[off + 18] == 8 /* DT_REG */)
			seen |= 4;
		else
			cr_assert_fail("unexpected entry %s", name);
		off += reclen;
	}
	cr_assert_eq(off, n);
	cr_assert_eq(seen, 7);
	cr_assert_eq(sys(NR_lseek, d, 0, SEEK_CUR, 0), last);
	cr_assert_eq(sys(NR_getdents64, d, (long)(base + P(1)), sizeof(buf), 0), 0);
	cr_assert_eq(sys(NR_lseek, d, 0, SEEK_SET, 0), 0);
	cr_assert_eq(sys(NR_getdents64, d, (long)(base + P(1)), 1, 0), -EINVAL);
	cr_assert_eq(sys(NR_getdents64, d, (long)KDIRECT, 4096, 0), -EFAULT);
	test_audit(m);
}

/* "./" repeated @pairs times, then "g": 2 * @pairs + 1 bytes. */
static char *dots_g(char *name, int pairs)
{
	int i;

	for (i = 0; i < pairs; i++)
		memcpy(name + 2 * i, "./", 2);
	strcpy(name + 2 * pairs, "g");
	return name;
}

/*
 * mmlab's limit (docs/api.md): "/d/" and the name together must be
 * shorter than PATH_MAX, where Linux limits the name alone.
 */
Test(uaccess, dirfd_joined_name_too_long)
{
	char *name = malloc(PATH_MAX);
	long d = open_dir_d(O_RDONLY | O_DIRECTORY);

	cr_assert_not_null(name);
	cr_assert_geq(d, 3);
	cr_assert_eq(strlen(dots_g(name, 2046)), PATH_MAX - 3);
	cr_assert_eq(sys(NR_openat, d, ustr(base, name), O_RDONLY, 0),
		     -ENAMETOOLONG, "3 + 4093 bytes reach PATH_MAX");
	cr_assert_eq(strlen(dots_g(name, 2045)), PATH_MAX - 5);
	cr_assert_geq(sys(NR_openat, d, ustr(base, name), O_RDONLY, 0), 3,
		      "3 + 4091 bytes fit");
	free(name);
	test_audit(m);
}

/* An allocation failing in an open under a dirfd leaks no descriptor. */
Test(uaccess, dirfd_openat_fault_injection)
{
	long d = open_dir_d(O_RDONLY | O_DIRECTORY), fd;
	int kind, nth;

	cr_assert_geq(d, 3);
	for (kind = 0; kind < NR_FAIL_KINDS; kind++) {
		for (nth = 0;; nth++) {
			m->fail_nth[kind] = nth;
			fd = sys(NR_openat, d, ustr(base, "g"), O_RDWR, 0);
			m->fail_nth[kind] = -1;
			if (fd >= 0)
				break;
			cr_assert_eq(fd, -ENOMEM);
			test_audit(m);
		}
		cr_assert_eq(fd, d + 1, "the lowest free descriptor: none leaked");
		read_is(fd, "inside");
		cr_assert_eq(sys(NR_close, fd, 0, 0, 0), 0);
	}
	test_audit(m);
}

/*
 * faccessat2 as root against the modes stat reports: "g" (0644) is
 * readable and writable, not executable until chmod gives it an x bit;
 * the directory is searchable.  Its one allocation is the O_PATH file of
 * the lookup: a failure there is -ENOMEM and leaves no descriptor behind.
 */
Test(uaccess, faccessat2_modes_and_alloc_failures)
{
	long d = open_dir_d(O_RDONLY | O_DIRECTORY), r;
	char path[128];
	int nth, failed = 0;

	cr_assert_geq(d, 3);
	snprintf(path, sizeof(path), "%s/d/g", root);
	cr_assert_eq(chmod(path, 0644), 0);
	cr_assert_eq(sys(NR_faccessat2, d, ustr(base, "g"), R_OK | W_OK, 0), 0);
	cr_assert_eq(sys(NR_faccessat2, d, ustr(base, "g"), X_OK, 0), -EACCES);
	cr_assert_eq(sys(NR_faccessat, d, ustr(base, "g"), X_OK, 0), -EACCES);
	cr_assert_eq(sys(NR_access, ustr(base, "/d"), X_OK, 0, 0), 0);
	cr_assert_eq(chmod(path, 0010), 0);
	cr_assert_eq(sys(NR_faccessat2, d, ustr(base, "g"), X_OK, 0), 0);
	cr_assert_eq(sys(NR_faccessat2, d, ustr(base, "g"), 8, 0), -EINVAL);
	cr_assert_eq(sys(NR_faccessat2, d, ustr(base, "g"), 0, 0x1), -EINVAL);
	cr_assert_eq(sys(NR_faccessat2, d, ustr(base, "nope"), 0, 0), -ENOENT);
	/* the machine's own files: their inode's mode */
	cr_assert_eq(sys(NR_access, ustr(base, "/dev/zero"), R_OK | W_OK, 0, 0), 0);
	cr_assert_eq(sys(NR_access, ustr(base, "/dev/zero"), X_OK, 0, 0), -EACCES);
	cr_assert_eq(sys(NR_access, ustr(base, "/proc/meminfo"), R_OK, 0, 0), 0);
	cr_assert_eq(sys(NR_access, ustr(base, "/proc/meminfo"), X_OK, 0, 0), -EACCES);
	for (nth = 0;; nth++) {
		m->fail_nth[FAIL_SLAB] = nth;
		r = sys(NR_faccessat2, d, ustr(base, "g"), R_OK, 0);
		m->fail_nth[FAIL_SLAB] = -1;
		test_audit(m);
		/* the next descriptor is still d + 1: none leaked */
		cr_assert_eq(sys(NR_openat, d, ustr(base, "g"), O_RDONLY, 0), d + 1);
		cr_assert_eq(sys(NR_close, d + 1, 0, 0, 0), 0);
		if (!r)
			break;
		cr_assert_eq(r, -ENOMEM, "nth %d: %ld", nth, r);
		failed++;
	}
	cr_assert_gt(failed, 0, "the lookup allocates");
	test_audit(m);
}
