// SPDX-License-Identifier: MIT
/*
 * The raw system-call ABI with buffers in user memory: mml_syscall() on
 * mmlab, syscall(2) with the same region addresses on the host.  Partial
 * copies, unmapped, PROT_NONE and read-only buffers, kernel and
 * non-canonical addresses, Linux's order of checks, iovec limits, lseek,
 * the stat family, path names and mincore's vector.
 */
#include <stdio.h>
#include <string.h>
#include <linux/falloc.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "diff.h"

#define KDIRECT		((long)0xffff888000000000UL)	/* the direct map */
#define KTEXT		((long)0xffffffff81000000UL)	/* kernel text */
#define NONCANON	((long)0x0000800000000000UL)
#define UTOP		((long)0x00007ffffffff000UL)	/* TASK_SIZE_MAX */
#define LB(n)		((long)B(n))

#ifndef SEEK_DATA
#define SEEK_DATA	3
#define SEEK_HOLE	4
#endif
#define AT_FDCWD_	(-100)
#define AT_SYMLINK_NOFOLLOW_	0x100
#define AT_EMPTY_PATH_	0x1000

/* Store the system's spelling of @path, NUL included, at @va (unlogged). */
static long upath(struct ctx *c, unsigned long va, const char *path)
{
	char buf[512];
	const char *p = *path ? c->s->path(c->s, path, buf, sizeof(buf)) : "";
	unsigned long addr;
	int code;

	if (c->s->store(c->s, va, p, strlen(p) + 1, &code, &addr))
		rec(c, "upath store failed");
	return (long)va;
}

/* A struct iovec array at @va: @n (base, len) pairs. */
static long uiov(struct ctx *c, unsigned long va, const long *pairs, int n)
{
	unsigned long addr;
	int code;

	if (c->s->store(c->s, va, pairs, (unsigned long)n * 16, &code, &addr))
		rec(c, "uiov store failed");
	return (long)va;
}

/* Open case file @path through the raw ABI, the path in user memory at B(0). */
static long uopen(struct ctx *c, const char *path, int flags)
{
	char what[600];

	snprintf(what, sizeof(what), "SYS_open(\"%s\", %#o)", path, flags);
	return sc_fd(c, what, SYS_open,
		     (const long[6]){ upath(c, B(0), path), flags, 0644 });
}

static long pos(struct ctx *c, long fd)
{
	return SC(SYS_lseek, fd, 0, SEEK_CUR);
}

/* ---- read and write: partial copies ---- */

CASE(uaccess_read_partial_second_page_unmapped)
{
	mkfile(c, "/f", 4);
	anon(c, 0, 1, RW);
	anon(c, 2, 3, RW);
	do_munmap(c, B(3), PG);
	long fd = uopen(c, "/f", O_RDONLY);

	SC(SYS_read, fd, LB(2), 2 * PG);
	pos(c, fd);
	ld(c, B(2), 16);
	SC(SYS_read, fd, LB(2) + 100, 2 * PG);
	pos(c, fd);
	ld(c, B(2) + 96, 8);
	SC(SYS_read, fd, LB(3), 10);
	SC(SYS_read, fd, LB(3) - 1, 10);
	pos(c, fd);
}

CASE(uaccess_read_protections)
{
	mkfile(c, "/f", 2);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, PROT_NONE);
	anon(c, 3, 1, RO);
	anon(c, 4, 1, RW);
	anon(c, 5, 1, RO);
	long fd = uopen(c, "/f", O_RDONLY);

	SC(SYS_read, fd, LB(2), 10);
	SC(SYS_read, fd, LB(3), 10);
	pos(c, fd);
	SC(SYS_read, fd, LB(4) + PG - 10, 100);
	pos(c, fd);
	ld(c, B(4) + PG - 10, 10);
	SC(SYS_pread64, fd, LB(4), 3 * PG, 0);
}

CASE(uaccess_read_eof_and_zero_count)
{
	mkfile(c, "/f", 1);
	anon(c, 0, 1, RW);
	anon(c, 2, 4, RW);
	long fd = uopen(c, "/f", O_RDONLY);

	SC(SYS_read, fd, LB(2), 4 * PG);
	SC(SYS_read, fd, LB(2), 4 * PG);
	SC(SYS_read, fd, LB(10), 0);
	SC(SYS_read, fd, 0, 0);
	SC(SYS_read, fd, KDIRECT, 0);
	SC(SYS_read, fd, UTOP, 0);
	SC(SYS_read, fd, UTOP, 1);
	SC(SYS_read, fd, UTOP + 1, 0);
}

CASE(uaccess_read_kernel_addresses)
{
	mkfile(c, "/f", 2);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	long fd = uopen(c, "/f", O_RDWR);

	SC(SYS_read, fd, KDIRECT, 10);
	SC(SYS_read, fd, KTEXT, PG);
	SC(SYS_read, fd, NONCANON, 10);
	SC(SYS_read, fd, -(long)PG, 10);
	SC(SYS_read, fd, LB(2), -1);
	SC(SYS_read, fd, LB(2), 1L << 62);
	SC(SYS_read, fd, LB(2), UTOP);
	SC(SYS_pread64, fd, KDIRECT, 10, 0);
	SC(SYS_write, fd, KDIRECT, 10);
	SC(SYS_pwrite64, fd, KTEXT, 10, 0);
	SC(SYS_write, fd, UTOP - 5, 10);
	pos(c, fd);
	do_pread(c, fd, 16, 0);
}

CASE(uaccess_order_of_checks)
{
	mkfile(c, "/f", 1);
	anon(c, 0, 1, RW);
	long ro = uopen(c, "/f", O_RDONLY);
	long wo = uopen(c, "/f", O_WRONLY);

	SC(SYS_read, 99, KDIRECT, 10);
	SC(SYS_write, ro, KDIRECT, 10);
	SC(SYS_write, ro, LB(5), 10);
	SC(SYS_read, wo, KDIRECT, 10);
	SC(SYS_pread64, 99, KDIRECT, 10, -1);
	SC(SYS_pread64, ro, KDIRECT, 10, -1);
	SC(SYS_pread64, 99, KDIRECT, 10, 0);
	SC(SYS_pwrite64, ro, KDIRECT, 10, 0);
	SC(SYS_pread64, ro, KDIRECT, 10, 0x7ffffffffffffff0L);
	SC(SYS_pread64, ro, LB(0), 100, 0x7ffffffffffffff0L);
	SC(SYS_pwrite64, wo, LB(0), 100, 0x7ffffffffffffff0L);
	SC(SYS_readv, ro, KDIRECT, 1);
	SC(SYS_writev, ro, KDIRECT, 1);
	SC(SYS_preadv, 99, KDIRECT, 1, -1, 0);
	SC(SYS_preadv, ro, KDIRECT, 1, -1, 0);
	SC(SYS_pwritev, ro, KDIRECT, 1, 0, 0);
}

CASE(uaccess_write_partial_and_faults)
{
	mkfile(c, "/f", 3);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	anon(c, 4, 1, PROT_NONE);
	anon(c, 6, 1, RW);
	anon(c, 7, 1, RO);
	st(c, B(2), 'x', PG);
	st(c, B(6), 'y', PG);
	long fd = uopen(c, "/f", O_RDWR);

	SC(SYS_write, fd, LB(2), 2 * PG);
	pos(c, fd);
	SC(SYS_write, fd, LB(2) + PG - 3, 10);
	pos(c, fd);
	SC(SYS_write, fd, LB(3), 10);
	SC(SYS_write, fd, LB(4), 10);
	pos(c, fd);
	SC(SYS_pwrite64, fd, LB(6) + PG - 5, 2 * PG, 2 * PG + 100);
	SC(SYS_pwrite64, fd, LB(7), 10, 0);
	do_pread(c, fd, 3 * PG, 0);
	do_sync(c);
	hostfile(c, "/f", 0, 3 * PG);
}

CASE(uaccess_read_into_file_mapping_and_cow)
{
	int src = mkfile(c, "/f", 2);
	int dst = mkfile(c, "/g", 2);

	anon(c, 0, 1, RW);
	do_mmap(c, B(2), 2 * PG, RW, PF, dst, 0);
	do_mmap(c, B(4), 2 * PG, RW, SF, dst, 0);
	SC(SYS_pread64, src, LB(2) + 10, PG, 0);
	SC(SYS_pread64, src, LB(4) + 10, PG, PG);
	ld(c, B(2), 2 * PG);
	ld(c, B(4), 2 * PG);
	do_pread(c, dst, 2 * PG, 0);
	SC(SYS_pwrite64, src, LB(4), 16, 0);
	do_pread(c, src, 32, 0);
}

CASE(uaccess_dev_zero_partial)
{
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	st(c, B(2), 'q', PG);
	long fd = uopen(c, "/dev/zero", O_RDWR);

	SC(SYS_read, fd, LB(2) + PG - 8, 2 * PG);
	ld(c, B(2) + PG - 16, 16);
	pos(c, fd);
	SC(SYS_read, fd, KDIRECT, 8);
	SC(SYS_write, fd, LB(2), PG);
	SC(SYS_write, fd, KDIRECT, 8);
}

CASE(uaccess_read_directory)
{
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	long fd = uopen(c, "/", O_RDONLY | O_DIRECTORY);

	SC(SYS_read, fd, LB(2), 10);
	SC(SYS_read, fd, LB(2), 0);
	SC(SYS_read, fd, KDIRECT, 10);
	SC(SYS_pread64, fd, LB(2), 10, 0);
	SC(SYS_write, fd, LB(2), 10);
}

/* ---- readv, writev, preadv, pwritev ---- */

CASE(uaccess_readv_segments)
{
	mkfile(c, "/f", 3);
	anon(c, 0, 1, RW);
	anon(c, 2, 4, RW);
	long fd = uopen(c, "/f", O_RDONLY);
	long v[] = { LB(2), 10, LB(3), 0, LB(4) + PG - 5, 20, LB(10), 0 };

	uiov(c, B(1) - 64, v, 4);
	SC(SYS_readv, fd, LB(1) - 64, 4);
	pos(c, fd);
	ld(c, B(2), 12);
	ld(c, B(5) - 5, 24);
	SC(SYS_preadv, fd, LB(1) - 64, 4, 2 * PG - 10, 0);
	ld(c, B(2), 12);
	pos(c, fd);
}

CASE(uaccess_readv_partial)
{
	mkfile(c, "/f", 3);
	anon(c, 0, 1, RW);
	anon(c, 2, 2, RW);
	do_munmap(c, B(3), PG);
	long fd = uopen(c, "/f", O_RDONLY);
	long v1[] = { LB(2), 10, LB(3), 10 };
	long v2[] = { LB(2) + PG - 4, 8, LB(2), 10 };
	long v3[] = { LB(3), 10, LB(2), 10 };

	uiov(c, B(0) + 256, v1, 2);
	SC(SYS_readv, fd, LB(0) + 256, 2);
	pos(c, fd);
	uiov(c, B(0) + 256, v2, 2);
	SC(SYS_readv, fd, LB(0) + 256, 2);
	pos(c, fd);
	uiov(c, B(0) + 256, v3, 2);
	SC(SYS_readv, fd, LB(0) + 256, 2);
	pos(c, fd);
}

CASE(uaccess_iovec_limits)
{
	mkfile(c, "/f", 1);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	long fd = uopen(c, "/f", O_RDWR);
	long kseg[] = { LB(2), 10, KDIRECT, 10 };
	long kzero[] = { LB(2), 10, KDIRECT, 0 };
	long neg[] = { KDIRECT, 10, LB(2), -1 };
	long huge[] = { LB(2), 1L << 62, LB(2), 1L << 62 };
	long unmapped0[] = { LB(5), 0, LB(2), 4 };
	long two[] = { LB(2), PG, LB(2), 10 };

	SC(SYS_readv, fd, LB(0), 1025);
	SC(SYS_readv, fd, LB(0), -1);
	SC(SYS_readv, fd, LB(0), 0);
	SC(SYS_readv, fd, KDIRECT, 0);
	SC(SYS_readv, fd, LB(5), 1);
	SC(SYS_readv, fd, KDIRECT, 1);
	SC(SYS_readv, fd, LB(1) - 8, 1);
	uiov(c, B(0), kseg, 2);
	SC(SYS_readv, fd, LB(0), 2);
	uiov(c, B(0), kzero, 2);
	SC(SYS_readv, fd, LB(0), 2);
	uiov(c, B(0), neg, 2);
	SC(SYS_readv, fd, LB(0), 2);
	SC(SYS_writev, fd, LB(0), 2);
	uiov(c, B(0), huge, 2);
	SC(SYS_readv, fd, LB(0), 2);
	uiov(c, B(0), unmapped0, 2);
	SC(SYS_readv, fd, LB(0), 2);
	uiov(c, B(0), two, 2);
	SC(SYS_preadv, fd, LB(0), 2, 0, 0);
	SC(SYS_preadv, fd, LB(0), 2, 0x7fffffff00000000L, 0);
	SC(SYS_preadv, fd, LB(0), 2, 0, 1);
	pos(c, fd);
}

CASE(uaccess_writev_segments)
{
	mkfile(c, "/f", 2);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	anon(c, 4, 1, PROT_NONE);
	st_str(c, B(2), "hello, world");
	long fd = uopen(c, "/f", O_RDWR);
	long v1[] = { LB(2), 5, LB(2) + 5, 0, LB(2) + 6, 6 };
	long v2[] = { LB(2), 3, LB(4), 10, LB(2), 3 };

	uiov(c, B(0), v1, 3);
	SC(SYS_writev, fd, LB(0), 3);
	pos(c, fd);
	SC(SYS_pwritev, fd, LB(0), 3, 100, 0);
	uiov(c, B(0), v2, 3);
	SC(SYS_writev, fd, LB(0), 3);
	pos(c, fd);
	do_pread(c, fd, 120, 0);
}

/* ---- lseek ---- */

CASE(uaccess_lseek_whence)
{
	mkfile(c, "/f", 3);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	long fd = uopen(c, "/f", O_RDWR);

	SC(SYS_lseek, fd, 100, SEEK_SET);
	SC(SYS_lseek, fd, 10, SEEK_CUR);
	SC(SYS_lseek, fd, -200, SEEK_CUR);
	SC(SYS_lseek, fd, -1, SEEK_SET);
	SC(SYS_lseek, fd, 0, SEEK_END);
	SC(SYS_lseek, fd, -1, SEEK_END);
	SC(SYS_read, fd, LB(2), 10);
	SC(SYS_lseek, fd, PG, SEEK_END);
	SC(SYS_read, fd, LB(2), 10);
	SC(SYS_lseek, fd, 0, SEEK_DATA);
	SC(SYS_lseek, fd, 5000, SEEK_DATA);
	SC(SYS_lseek, fd, 3 * PG, SEEK_DATA);
	SC(SYS_lseek, fd, -1, SEEK_DATA);
	SC(SYS_lseek, fd, 0, SEEK_HOLE);
	SC(SYS_lseek, fd, 3 * PG - 1, SEEK_HOLE);
	SC(SYS_lseek, fd, 3 * PG, SEEK_HOLE);
	SC(SYS_lseek, fd, 0, 5);
	SC(SYS_lseek, fd, 0, -1);
	SC(SYS_lseek, 99, 0, SEEK_SET);
	SC(SYS_lseek, fd, 1L << 40, SEEK_SET);
	SC(SYS_lseek, fd, 3 * PG + 1, SEEK_SET);
	SC(SYS_lseek, fd, 0x7fffffffffffffffL, SEEK_END);
	pos(c, fd);
}

CASE(uaccess_lseek_then_write)
{
	mkfile(c, "/f", 1);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	st_str(c, B(2), "tail");
	long fd = uopen(c, "/f", O_RDWR);

	SC(SYS_lseek, fd, PG - 2, SEEK_SET);
	SC(SYS_write, fd, LB(2), 4);
	SC(SYS_lseek, fd, 0, SEEK_END);
	SC(SYS_lseek, fd, -4, SEEK_CUR);
	SC(SYS_read, fd, LB(2) + 8, 16);
	ld(c, B(2) + 8, 8);
	long ap = uopen(c, "/f", O_WRONLY | O_APPEND);

	SC(SYS_lseek, ap, 0, SEEK_SET);
	SC(SYS_write, ap, LB(2), 2);
	pos(c, ap);
}

CASE(uaccess_lseek_special)
{
	anon(c, 0, 1, RW);
	long z = uopen(c, "/dev/zero", O_RDONLY);

	SC(SYS_lseek, z, 100, SEEK_SET);
	SC(SYS_lseek, z, 5, SEEK_END);
	SC(SYS_lseek, z, -5, SEEK_CUR);
	long m = uopen(c, "/proc/self/maps", O_RDONLY);

	SC(SYS_lseek, m, 10, SEEK_SET);
	SC(SYS_lseek, m, 5, SEEK_CUR);
	SC(SYS_lseek, m, -100, SEEK_CUR);
	SC(SYS_lseek, m, 0, SEEK_END);
	pos(c, m);
}

/* ---- the stat family ---- */

/* The fields of the struct stat at @va that both systems can agree on. */
static void stat_log(struct ctx *c, unsigned long va, int size)
{
	struct {
		unsigned long dev, ino, nlink;
		unsigned int mode, uid, gid, pad;
		unsigned long rdev;
		long size, blksize, blocks;
	} st;
	unsigned long addr;
	int code;

	if (c->s->load(c->s, va, &st, sizeof(st), &code, &addr)) {
		rec(c, "  stat: unreadable");
		return;
	}
	rec(c, "  mode %o nlink %lu uid %u gid %u rdev %#lx size %ld blksize %ld",
	    st.mode, st.nlink, st.uid, st.gid, st.rdev, size ? st.size : 0,
	    st.blksize);
}

CASE(uaccess_fstat_and_stat)
{
	int fd = mkfile(c, "/f", 3);

	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	st(c, B(2), 0xee, 256);
	SC(SYS_fstat, fd, LB(2));
	stat_log(c, B(2), 1);
	SC(SYS_stat, upath(c, B(0), "/f"), LB(2));
	stat_log(c, B(2), 1);
	SC(SYS_newfstatat, AT_FDCWD_, upath(c, B(0), "/f"), LB(2), 0);
	stat_log(c, B(2), 1);
	SC(SYS_newfstatat, fd, upath(c, B(0), ""), LB(2), AT_EMPTY_PATH_);
	stat_log(c, B(2), 1);
	SC(SYS_ftruncate, fd, 5000);
	SC(SYS_fstat, fd, LB(2));
	stat_log(c, B(2), 1);
	SC(SYS_stat, upath(c, B(0), "/"), LB(2));
	stat_log(c, B(2), 0);
	SC(SYS_stat, upath(c, B(0), "/dev/zero"), LB(2));
	stat_log(c, B(2), 1);
	long z = uopen(c, "/dev/zero", O_RDONLY);

	SC(SYS_fstat, z, LB(2));
	stat_log(c, B(2), 1);
	long p = uopen(c, "/f", O_PATH);

	SC(SYS_fstat, p, LB(2));
	stat_log(c, B(2), 1);
}

CASE(uaccess_lstat_symlink)
{
	char target[512];

	mkfile(c, "/f", 1);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	snprintf(target, sizeof(target), "%s/l", c->s->dir);
	if (symlink("f", target))
		rec(c, "symlink failed");
	SC(SYS_stat, upath(c, B(0), "/l"), LB(2));
	stat_log(c, B(2), 1);
	SC(SYS_lstat, upath(c, B(0), "/l"), LB(2));
	stat_log(c, B(2), 1);
	SC(SYS_newfstatat, AT_FDCWD_, upath(c, B(0), "/l"), LB(2),
	   AT_SYMLINK_NOFOLLOW_);
	stat_log(c, B(2), 1);
}

CASE(uaccess_stat_errors)
{
	int fd = mkfile(c, "/f", 1);

	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	anon(c, 4, 1, RO);
	SC(SYS_fstat, 99, KDIRECT);
	SC(SYS_fstat, fd, KDIRECT);
	SC(SYS_fstat, fd, LB(3));
	SC(SYS_fstat, fd, LB(4));
	SC(SYS_fstat, fd, LB(3) - 100);
	SC(SYS_fstat, fd, UTOP - 100);
	SC(SYS_stat, upath(c, B(0), "/nonexistent"), KDIRECT);
	SC(SYS_stat, upath(c, B(0), "/f"), KDIRECT);
	SC(SYS_stat, upath(c, B(0), ""), LB(2));
	SC(SYS_stat, KDIRECT, LB(2));
	SC(SYS_stat, LB(5), LB(2));
	SC(SYS_stat, 0, LB(2));
	SC(SYS_newfstatat, AT_FDCWD_, upath(c, B(0), "/f"), LB(2), 0x1);
	SC(SYS_newfstatat, AT_FDCWD_, KDIRECT, LB(2), 0x1);
	SC(SYS_newfstatat, 99, upath(c, B(0), ""), LB(2), AT_EMPTY_PATH_);
	SC(SYS_newfstatat, AT_FDCWD_, upath(c, B(0), "/f/"), LB(2), 0);
}

/* ---- path names ---- */

/* A path of exactly @len bytes on both systems: the system's spelling of
 * "/" padded with slashes, then "f"; NUL-terminated if @nul. */
static long long_path(struct ctx *c, unsigned long va, unsigned long len,
		      int nul)
{
	static char buf[8192];
	char pre[512];
	const char *p = c->s->path(c->s, "/", pre, sizeof(pre));
	size_t n = strlen(p);
	unsigned long addr;
	int code;

	memcpy(buf, p, n);
	memset(buf + n, '/', len - n - 1);
	buf[len - 1] = 'f';
	buf[len] = 0;
	if (c->s->store(c->s, va, buf, len + (nul ? 1 : 0), &code, &addr))
		rec(c, "long_path store failed");
	return (long)va;
}

CASE(uaccess_path_lengths)
{
	mkfile(c, "/f", 1);
	anon(c, 0, 4, RW);
	SC_FD(SYS_open, long_path(c, B(0), 4095, 1), O_RDONLY, 0);
	SC_FD(SYS_open, long_path(c, B(0), 4096, 1), O_RDONLY, 0);
	SC_FD(SYS_open, long_path(c, B(0), 5000, 1), O_RDONLY, 0);
	SC(SYS_stat, long_path(c, B(0), 4095, 1), LB(3));
	SC(SYS_stat, long_path(c, B(0), 4096, 1), LB(3));
	SC_FD(SYS_open, long_path(c, B(1) - 100, 4095, 1), O_RDONLY, 0);
}

CASE(uaccess_path_faults)
{
	char buf[32];
	unsigned long addr;
	int code;

	mkfile(c, "/f", 1);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	anon(c, 4, 1, PROT_NONE);
	memset(buf, '/', sizeof(buf));
	c->s->store(c->s, B(1) - sizeof(buf), buf, sizeof(buf), &code, &addr);
	SC_FD(SYS_open, LB(1) - 32, O_RDONLY, 0);
	SC_FD(SYS_open, KDIRECT, O_RDONLY, 0);
	SC_FD(SYS_open, NONCANON, O_RDONLY, 0);
	SC_FD(SYS_open, 0, O_RDONLY, 0);
	SC_FD(SYS_open, LB(4), O_RDONLY, 0);
	SC_FD(SYS_open, upath(c, B(0), ""), O_RDONLY, 0);
	SC_FD(SYS_openat, AT_FDCWD_, upath(c, B(0), "/f"), O_RDONLY, 0);
	SC_FD(SYS_openat, AT_FDCWD_, KTEXT, O_RDONLY, 0);
	/* The NUL is the last byte of the last mapped page. */
	st(c, B(3) - 3, '/', 2);
	st(c, B(3) - 1, 0, 1);
	SC_FD(SYS_open, LB(3) - 3, O_RDONLY | O_DIRECTORY, 0);
}

/* ---- mincore's vector in user memory ---- */

CASE(uaccess_mincore_vector)
{
	anon(c, 0, 1, RW);
	anon(c, 2, 8, RW);
	anon(c, 11, 1, RO);
	st(c, B(3), 1, 1);
	st(c, B(5), 1, 1);
	st(c, B(0), 0xee, 64);
	SC(SYS_mincore, LB(2), 8 * PG, LB(0));
	ld(c, B(0), 10);
	SC(SYS_mincore, LB(2), 8 * PG, LB(1) - 4);
	ld(c, B(1) - 4, 4);
	SC(SYS_mincore, LB(2), 8 * PG, LB(11));
	SC(SYS_mincore, LB(2), 8 * PG, 0);
	SC(SYS_mincore, LB(2), 8 * PG, KDIRECT);
	SC(SYS_mincore, LB(14), 8 * PG, KDIRECT);
	SC(SYS_mincore, LB(14), 8 * PG, LB(0));
	SC(SYS_mincore, LB(2) + 1, 8 * PG, KDIRECT);
	SC(SYS_mincore, LB(2), 8 * PG, UTOP - 4);
	SC(SYS_mincore, LB(2), 1L << 46, LB(0));
	SC(SYS_mincore, LB(2), 1L << 47, LB(0));
	SC(SYS_mincore, LB(2), 0x7fffffffffff0000L, LB(0));
	SC(SYS_mincore, KDIRECT, PG, LB(0));
	SC(SYS_mincore, LB(2), 0, KDIRECT);
}

/* ---- the memory calls with kernel and non-canonical addresses ---- */

CASE(uaccess_mm_calls_kernel_addresses)
{
	SC(SYS_mmap, KDIRECT, PG, RW, PAF, -1, 0);
	SC(SYS_mmap, NONCANON, PG, RW, PAF, -1, 0);
	SC(SYS_munmap, KDIRECT, PG);
	SC(SYS_munmap, NONCANON, PG);
	SC(SYS_mprotect, KDIRECT, PG, RW);
	SC(SYS_mprotect, UTOP, PG, RW);
	SC(SYS_madvise, KDIRECT, PG, 4);
	SC(SYS_madvise, KTEXT, PG, 0);
	SC(SYS_msync, KDIRECT, PG, MS_SYNC);
	SC(SYS_mlock, KDIRECT, PG);
	SC(SYS_munlock, KDIRECT, PG);
	SC(SYS_mlock2, KDIRECT, PG, 0);
	SC(SYS_mremap, KDIRECT, PG, PG, 0, 0);
	SC(SYS_mremap, LB(2), PG, PG, 3, KDIRECT);
	SC(SYS_mincore, KDIRECT, PG, LB(0));
	maps(c);
}

CASE(uaccess_fstat_proc)
{
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	long fd = uopen(c, "/proc/self/maps", O_RDONLY);

	SC(SYS_fstat, fd, LB(2));
	stat_log(c, B(2), 1);
	SC(SYS_stat, upath(c, B(0), "/proc/self/maps"), LB(2));
}

/*
 * Writes to /dev/zero and /dev/null never look at the buffer (Linux's
 * write_null()): an unmapped or PROT_NONE one gives the full count, by
 * write(2), pwrite64(2) and writev(2); a kernel address still fails
 * access_ok().  Reads into an unmapped buffer fault.
 */
CASE(uaccess_dev_null_write_unmapped)
{
	anon(c, 0, 1, RW);
	anon(c, 2, 1, 0);
	long z = uopen(c, "/dev/zero", O_RDWR);
	long n = uopen(c, "/dev/null", O_RDWR);
	long iov[] = { LB(6), 100, LB(2), 50 };

	SC(SYS_write, z, LB(6), 3 * PG);
	SC(SYS_write, z, LB(2), PG);
	SC(SYS_write, n, LB(6), 5000);
	SC(SYS_pwrite64, n, LB(6), 10, 7);
	SC(SYS_writev, z, uiov(c, B(0), iov, 2), 2);
	SC(SYS_write, n, KDIRECT, 8);
	SC(SYS_read, z, LB(6), 8);
	SC(SYS_read, n, LB(6), 8);
}

/* ---- names under a directory descriptor ---- */

/* Store relative name @name, NUL included, at @va as it is (unlogged). */
static long urel(struct ctx *c, unsigned long va, const char *name)
{
	unsigned long addr;
	int code;

	if (c->s->store(c->s, va, name, strlen(name) + 1, &code, &addr))
		rec(c, "urel store failed");
	return (long)va;
}

/* The case's directory "/d" holding "g" (@pages pages of the usual
 * pattern) and symlink "l" -> "g". */
static void mkdir_d(struct ctx *c, unsigned long pages)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/d", c->s->dir);
	if (mkdir(path, 0755))
		rec(c, "mkdir failed");
	mkfile(c, "/d/g", pages);
	snprintf(path, sizeof(path), "%s/d/l", c->s->dir);
	if (symlink("g", path))
		rec(c, "symlink failed");
}

/*
 * openat(2) relative to a directory opened O_DIRECTORY or O_PATH: the
 * file below it, "..", creating, O_DIRECTORY on a file, and the errors
 * of a dirfd that is a file (ENOTDIR) or not open (EBADF, even for an
 * empty name only after ENOENT); an absolute name ignores the dirfd.
 */
CASE(uaccess_dirfd_openat)
{
	mkfile(c, "/f", 1);
	mkdir_d(c, 2);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	long d = SC_FD(SYS_open, upath(c, B(0), "/d"), O_RDONLY | O_DIRECTORY, 0);
	long p = SC_FD(SYS_open, upath(c, B(0), "/d"), O_PATH, 0);
	long f = uopen(c, "/f", O_RDONLY);
	long pf = uopen(c, "/f", O_PATH);

	long g = SC_FD(SYS_openat, d, urel(c, B(0), "g"), O_RDONLY, 0);
	SC(SYS_pread64, g, LB(2), 64, PG);
	ld(c, B(2), 64);
	long up = SC_FD(SYS_openat, d, urel(c, B(0), "../f"), O_RDONLY, 0);
	SC(SYS_read, up, LB(2), 64);
	ld(c, B(2), 64);
	SC_FD(SYS_openat, d, urel(c, B(0), "./l"), O_RDONLY, 0);
	SC_FD(SYS_openat, d, urel(c, B(0), "l"), O_RDONLY | O_NOFOLLOW, 0);
	SC_FD(SYS_openat, p, urel(c, B(0), "g"), O_RDONLY, 0);
	SC_FD(SYS_openat, d, urel(c, B(0), "."), O_RDONLY | O_DIRECTORY, 0);
	SC_FD(SYS_openat, d, urel(c, B(0), "g"), O_RDONLY | O_DIRECTORY, 0);
	SC_FD(SYS_openat, d, urel(c, B(0), "nope"), O_RDONLY, 0);
	SC_FD(SYS_openat, d, urel(c, B(0), "g/x"), O_RDONLY, 0);
	SC_FD(SYS_openat, d, urel(c, B(0), ""), O_RDONLY, 0);
	long n = SC_FD(SYS_openat, d, urel(c, B(0), "new"),
		       O_RDWR | O_CREAT | O_EXCL, 0600);
	SC(SYS_write, n, LB(2), 100);
	SC_FD(SYS_openat, p, urel(c, B(0), "new"), O_RDWR | O_CREAT | O_EXCL, 0600);
	SC(SYS_stat, upath(c, B(0), "/d/new"), LB(2));
	stat_log(c, B(2), 1);
	/* The dirfd is a file, is not open, or is ignored. */
	SC_FD(SYS_openat, f, urel(c, B(0), "g"), O_RDONLY, 0);
	SC_FD(SYS_openat, pf, urel(c, B(0), "g"), O_RDONLY, 0);
	SC_FD(SYS_openat, 99, urel(c, B(0), "g"), O_RDONLY, 0);
	SC_FD(SYS_openat, -1, urel(c, B(0), "g"), O_RDONLY, 0);
	SC_FD(SYS_openat, 99, urel(c, B(0), ""), O_RDONLY, 0);
	SC_FD(SYS_openat, 99, upath(c, B(0), "/d/g"), O_RDONLY, 0);
	SC_FD(SYS_openat, f, upath(c, B(0), "/f"), O_RDONLY, 0);
	SC_FD(SYS_openat, d, KDIRECT, O_RDONLY, 0);
	/* A directory descriptor reads as EISDIR; an O_PATH one as EBADF. */
	SC(SYS_read, d, LB(2), 8);
	SC(SYS_read, p, LB(2), 8);
	SC(SYS_lseek, d, 0, SEEK_SET);
	SC(SYS_close, p);
	SC_FD(SYS_openat, p, urel(c, B(0), "g"), O_RDONLY, 0);
}

/*
 * newfstatat(2) relative to a directory descriptor: files, symlinks with
 * and without AT_SYMLINK_NOFOLLOW, "..", the directory itself with
 * AT_EMPTY_PATH, and the dirfd's errors after the flags' EINVAL.
 */
CASE(uaccess_dirfd_fstatat)
{
	mkfile(c, "/f", 1);
	mkdir_d(c, 3);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	long d = SC_FD(SYS_open, upath(c, B(0), "/d"), O_RDONLY | O_DIRECTORY, 0);
	long p = SC_FD(SYS_open, upath(c, B(0), "/d"), O_PATH | O_DIRECTORY, 0);
	long f = uopen(c, "/f", O_RDONLY);

	st(c, B(2), 0xee, 256);
	SC(SYS_newfstatat, d, urel(c, B(0), "g"), LB(2), 0);
	stat_log(c, B(2), 1);
	SC(SYS_newfstatat, p, urel(c, B(0), "l"), LB(2), 0);
	stat_log(c, B(2), 1);
	SC(SYS_newfstatat, d, urel(c, B(0), "l"), LB(2), AT_SYMLINK_NOFOLLOW_);
	stat_log(c, B(2), 1);
	SC(SYS_newfstatat, d, urel(c, B(0), "../f"), LB(2), 0);
	stat_log(c, B(2), 1);
	SC(SYS_newfstatat, d, urel(c, B(0), ".."), LB(2), 0);
	stat_log(c, B(2), 0);
	SC(SYS_newfstatat, d, urel(c, B(0), ""), LB(2), AT_EMPTY_PATH_);
	stat_log(c, B(2), 0);
	SC(SYS_newfstatat, p, urel(c, B(0), ""), LB(2), AT_EMPTY_PATH_);
	stat_log(c, B(2), 0);
	SC(SYS_newfstatat, f, urel(c, B(0), ""), LB(2), AT_EMPTY_PATH_);
	stat_log(c, B(2), 1);
	SC(SYS_newfstatat, d, urel(c, B(0), "nope"), LB(2), 0);
	SC(SYS_newfstatat, d, urel(c, B(0), "g/"), LB(2), 0);
	SC(SYS_newfstatat, d, urel(c, B(0), ""), LB(2), 0);
	SC(SYS_newfstatat, d, urel(c, B(0), "g"), LB(2), 0x1);
	SC(SYS_newfstatat, d, urel(c, B(0), "g"), KDIRECT, 0);
	SC(SYS_newfstatat, f, urel(c, B(0), "g"), LB(2), 0);
	SC(SYS_newfstatat, 99, urel(c, B(0), "g"), LB(2), 0);
	SC(SYS_newfstatat, 99, urel(c, B(0), "g"), LB(2), 0x1);
	SC(SYS_newfstatat, 99, upath(c, B(0), "/f"), LB(2), 0);
	stat_log(c, B(2), 1);
}

/*
 * The entry's widths (Linux's do_syscall_64() and SYSCALL_DEFINE): the
 * number is the low 32 bits of rax as an int, so bits above them are
 * ignored and a negative or unknown one is ENOSYS; each argument is cast
 * to its declared type (an "unsigned int fd", an "int flags") from its
 * 64-bit register.
 */
CASE(uaccess_syscall_entry_widths)
{
	mkfile(c, "/f", 1);
	anon(c, 0, 2, RW);
	long fd = uopen(c, "/f", O_RDONLY);

	SC((1L << 32) | SYS_read, fd, LB(0), 10);
	SC(SYS_read, (1L << 32) | fd, LB(0), 10);
	SC(SYS_pread64, (0xffffL << 32) | fd, LB(0), 10, 5);
	SC(SYS_lseek, (1L << 32) | fd, 7, (1L << 32) | SEEK_SET);
	SC(SYS_lseek, fd, 0, (1L << 32) | 99);
	SC(SYS_mlock2, LB(0), PG, 1L << 32);
	SC(SYS_mlock2, LB(0), PG, (1L << 32) | 4);
	SC(SYS_mlock2, LB(0), PG, -1);
	SC(SYS_munlock, LB(0), PG);
	SC(SYS_madvise, LB(0), PG, (1L << 32) | 4);
	SC(SYS_msync, LB(0), PG, (1L << 32) | 4);
	SC(SYS_mprotect, LB(1), PG, (1L << 32) | 1);
	SC(SYS_munmap, LB(1), PG);
	SC(-1L, 0, 0, 0);
	SC(1L << 31, 0, 0, 0);
	SC(0xffffffffL, 0, 0, 0);
	SC(0x7fffffffL, 0, 0, 0);
	SC(SYS_close, (1L << 32) | fd);
	SC(SYS_close, fd);
}

/* ---- getdents64 ---- */

/* The records getdents64 left at @va, @n bytes: name, type, length, d_off. */
static void dents_log(struct ctx *c, unsigned long va, long n)
{
	unsigned char buf[4096];
	unsigned long addr;
	long off = 0;
	int code;

	if (n <= 0 || n > (long)sizeof(buf))
		return;
	if (c->s->load(c->s, va, buf, (unsigned long)n, &code, &addr)) {
		rec(c, "  dents: unreadable");
		return;
	}
	while (off + 19 < n) {
		unsigned short reclen;
		long d_off;

		memcpy(&d_off, buf + off + 8, 8);
		memcpy(&reclen, buf + off + 16, 2);
		rec(c, "  %-6s type %u reclen %u d_off %ld", (char *)buf + off + 19,
		    buf[off + 18], reclen, d_off);
		if (!reclen)
			break;
		off += reclen;
	}
}

static void mkdir_e(struct ctx *c)
{
	char path[512];

	mkdir_d(c, 1);
	mkfile(c, "/d/h", 1);
	snprintf(path, sizeof(path), "%s/d/sub", c->s->dir);
	if (mkdir(path, 0700))
		rec(c, "mkdir failed");
	snprintf(path, sizeof(path), "%s/d/a-much-longer-name-of-thirty-two", c->s->dir);
	if (mkfifo(path, 0600))
		rec(c, "mkfifo failed");
}

/*
 * getdents64(2) of a directory: every entry with its d_type (regular,
 * directory, symlink, FIFO), the records' lengths (8-byte aligned) and
 * d_off cookies, the end (0), and reading again after lseek to 0 or to a
 * cookie.
 */
CASE(uaccess_getdents64_list)
{
	mkdir_e(c);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	long d = SC_FD(SYS_open, upath(c, B(0), "/d"), O_RDONLY | O_DIRECTORY, 0);
	long n;

	n = SC(SYS_getdents64, d, LB(2), PG);
	dents_log(c, B(2), n);
	SC(SYS_getdents64, d, LB(2), PG);
	pos(c, d);
	SC(SYS_lseek, d, 0, SEEK_SET);
	n = SC(SYS_getdents64, d, LB(2), 96);
	dents_log(c, B(2), n);
	long cookie = pos(c, d);
	n = SC(SYS_getdents64, d, LB(2), PG);
	dents_log(c, B(2), n);
	SC(SYS_lseek, d, cookie, SEEK_SET);
	n = SC(SYS_getdents64, d, LB(2), 64);
	dents_log(c, B(2), n);
	pos(c, d);
	long r = SC_FD(SYS_open, upath(c, B(0), "/"), O_RDONLY | O_DIRECTORY, 0);
	n = SC(SYS_getdents64, r, LB(2), PG);
	dents_log(c, B(2), n);
}

/*
 * Its errors: a buffer too small for the next record (EINVAL, 0 bytes
 * included), a record that would cross into an unmapped page (the ones
 * before it are returned, the position stops before it), a buffer that
 * faults at once or is a kernel address (EFAULT, the position unchanged),
 * a descriptor that is not a directory (ENOTDIR), an O_PATH or closed one
 * (EBADF).
 */
CASE(uaccess_getdents64_errors)
{
	mkdir_e(c);
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	long d = SC_FD(SYS_open, upath(c, B(0), "/d"), O_RDONLY | O_DIRECTORY, 0);
	long p = SC_FD(SYS_open, upath(c, B(0), "/d"), O_PATH | O_DIRECTORY, 0);
	long g = uopen(c, "/d/g", O_RDONLY);
	long n;

	/* mmlab: after a call that took no record, the position has not
	 * moved (ext4 moves it to the first entry's own hash); both resume at
	 * that entry, so the position is logged only after records. */
	SC(SYS_getdents64, d, LB(2), 0);
	SC(SYS_getdents64, d, LB(2), 55);
	n = SC(SYS_getdents64, d, LB(2), 56);
	dents_log(c, B(2), n);
	pos(c, d);
	SC(SYS_getdents64, d, LB(2), 23);
	n = SC(SYS_getdents64, d, LB(2), 24);
	dents_log(c, B(2), n);
	pos(c, d);
	SC(SYS_lseek, d, 0, SEEK_SET);
	st(c, B(2), 0xee, PG);
	n = SC(SYS_getdents64, d, LB(3) - 90, PG);
	dents_log(c, B(3) - 90, n);
	pos(c, d);
	SC(SYS_getdents64, d, LB(3) - 10, PG);
	SC(SYS_getdents64, d, LB(4), PG);
	SC(SYS_getdents64, d, KDIRECT, PG);
	SC(SYS_getdents64, d, NONCANON, PG);
	n = SC(SYS_getdents64, d, LB(2), PG);
	dents_log(c, B(2), n);
	pos(c, d);
	SC(SYS_getdents64, g, LB(2), PG);
	SC(SYS_getdents64, p, LB(2), PG);
	SC(SYS_getdents64, 99, LB(2), PG);
	SC(SYS_getdents64, -1, LB(2), PG);
	SC(SYS_lseek, d, 0, SEEK_SET);
	n = SC(SYS_getdents64, (1L << 32) | d, LB(2), (1L << 32) | 56);
	dents_log(c, B(2), n);
}

/* ---- access, faccessat, faccessat2 ---- */

#ifndef AT_EACCESS
#define AT_EACCESS	0x200
#endif

/* Host file @name of the case with mode @mode (mkfile()'s content). */
static void mkfile_mode(struct ctx *c, const char *name, unsigned long pages,
			mode_t mode)
{
	char path[512];

	mkfile(c, name, pages);
	snprintf(path, sizeof(path), "%s%s", c->s->dir, name);
	if (chmod(path, mode))
		rec(c, "chmod failed");
}

/*
 * access(2) of files with modes 0644, 0755, 0100, 0000 and of a directory
 * 0700, for F_OK, R_OK, W_OK, X_OK and all three, as root: reading and
 * writing always allowed, executing only with an execute bit (a directory
 * always searchable); a missing file, bad modes (EINVAL before the path
 * is read), bad paths.
 */
CASE(uaccess_access_modes)
{
	static const char *const names[] = { "/rw", "/rx", "/x", "/none", "/d" };
	unsigned int i;
	int m;

	mkfile_mode(c, "/rw", 1, 0644);
	mkfile_mode(c, "/rx", 1, 0755);
	mkfile_mode(c, "/x", 1, 0100);
	mkfile_mode(c, "/none", 1, 0);
	mkdir_d(c, 1);
	anon(c, 0, 1, RW);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		upath(c, B(0), names[i]);
		for (m = 0; m <= 7; m++) {
			char what[64];

			snprintf(what, sizeof(what), "SYS_access(\"%s\", %d)",
				 names[i], m);
			sc(c, what, SYS_access, (const long[6]){ LB(0), m });
		}
	}
	SC(SYS_access, upath(c, B(0), "/missing"), F_OK);
	SC(SYS_access, upath(c, B(0), "/rw/x"), F_OK);
	SC(SYS_access, upath(c, B(0), "/rw"), 8);
	SC(SYS_access, upath(c, B(0), "/rw"), -1);
	SC(SYS_access, KDIRECT, 8);
	SC(SYS_access, KDIRECT, R_OK);
	SC(SYS_access, upath(c, B(0), ""), F_OK);
	SC(SYS_access, upath(c, B(0), "/rw"), (1L << 32) | R_OK);
	SC(SYS_access, upath(c, B(0), "/d/l"), X_OK);
	SC(SYS_access, upath(c, B(0), "/d/g"), X_OK);
}

/*
 * faccessat(2) under a directory descriptor (its 4th register is not
 * read), faccessat2(2) with AT_EACCESS, AT_SYMLINK_NOFOLLOW (a dangling
 * symlink exists itself), AT_EMPTY_PATH (the descriptor itself, O_PATH
 * ones and files too), and their errors: unknown flags (EINVAL before the
 * path), an empty name without AT_EMPTY_PATH, a bad or non-directory
 * descriptor.
 */
CASE(uaccess_faccessat_flags)
{
	char path[512];

	mkfile_mode(c, "/rw", 1, 0644);
	mkdir_d(c, 1);
	snprintf(path, sizeof(path), "%s/d/dangling", c->s->dir);
	if (symlink("nowhere", path))
		rec(c, "symlink failed");
	anon(c, 0, 1, RW);
	long d = SC_FD(SYS_open, upath(c, B(0), "/d"), O_RDONLY | O_DIRECTORY, 0);
	long p = SC_FD(SYS_open, upath(c, B(0), "/d"), O_PATH | O_DIRECTORY, 0);
	long f = uopen(c, "/rw", O_RDONLY);

	SC(SYS_faccessat, d, urel(c, B(0), "g"), R_OK | W_OK);
	SC(SYS_faccessat, d, urel(c, B(0), "g"), X_OK);
	SC(SYS_faccessat, d, urel(c, B(0), "g"), R_OK, 0x7777);
	SC(SYS_faccessat, p, urel(c, B(0), "../rw"), W_OK);
	SC(SYS_faccessat, d, urel(c, B(0), "dangling"), F_OK);
	SC(SYS_faccessat2, d, urel(c, B(0), "dangling"), F_OK, AT_SYMLINK_NOFOLLOW_);
	SC(SYS_faccessat2, d, urel(c, B(0), "dangling"), R_OK | W_OK | X_OK,
	   AT_SYMLINK_NOFOLLOW_);
	SC(SYS_faccessat2, d, urel(c, B(0), "l"), X_OK, AT_SYMLINK_NOFOLLOW_);
	SC(SYS_faccessat2, d, urel(c, B(0), "g"), R_OK, AT_EACCESS);
	SC(SYS_faccessat2, d, urel(c, B(0), "g"), X_OK, AT_EACCESS);
	SC(SYS_faccessat2, d, urel(c, B(0), ""), X_OK, AT_EMPTY_PATH_);
	SC(SYS_faccessat2, p, urel(c, B(0), ""), W_OK, AT_EMPTY_PATH_);
	SC(SYS_faccessat2, f, urel(c, B(0), ""), X_OK, AT_EMPTY_PATH_);
	SC(SYS_faccessat2, f, urel(c, B(0), ""), R_OK | W_OK, AT_EMPTY_PATH_);
	SC(SYS_faccessat2, AT_FDCWD_, urel(c, B(0), ""), R_OK, AT_EMPTY_PATH_);
	SC(SYS_faccessat2, 99, urel(c, B(0), ""), R_OK, AT_EMPTY_PATH_);
	SC(SYS_faccessat2, d, urel(c, B(0), ""), R_OK, 0);
	SC(SYS_faccessat2, d, urel(c, B(0), "g"), R_OK, 0x1);
	SC(SYS_faccessat2, d, urel(c, B(0), "g"), R_OK, AT_EACCESS | 0x800);
	SC(SYS_faccessat2, d, KDIRECT, R_OK, 0x1);
	SC(SYS_faccessat2, d, KDIRECT, R_OK, 0);
	SC(SYS_faccessat2, d, urel(c, B(0), "g"), 8, 0);
	SC(SYS_faccessat2, f, urel(c, B(0), "g"), R_OK, 0);
	SC(SYS_faccessat2, 99, urel(c, B(0), "g"), R_OK, 0);
	SC(SYS_faccessat2, 99, upath(c, B(0), "/rw"), R_OK, 0);
	SC(SYS_faccessat2, d, urel(c, B(0), "g"), R_OK, (1L << 32) | AT_EACCESS);
}

/* The first @n bytes at user address @va, in hex. */
static void ubytes_log(struct ctx *c, unsigned long va, unsigned long n)
{
	unsigned char buf[64];
	char hex[2 * sizeof(buf) + 1];
	unsigned long addr, i;
	int code;

	if (n > sizeof(buf) || c->s->load(c->s, va, buf, n, &code, &addr)) {
		rec(c, "  bytes: unreadable");
		return;
	}
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", buf[i]);
	rec(c, "  bytes: %s", hex);
}

/*
 * fsync(2), fdatasync(2) and fallocate(2) through the raw ABI: a file
 * open for writing, one read-only, a directory, an O_PATH descriptor,
 * /dev/zero (no ->fsync: EINVAL), bad descriptors; fallocate's checks in
 * Linux's order (the descriptor, the range, the mode, write access, the
 * file's kind), a hole punched and read back as zeros, and the size it
 * extends with mode 0 and keeps with KEEP_SIZE.
 */
CASE(uaccess_fsync_fallocate)
{
	mkfile_mode(c, "/rw", 2, 0644);
	mkdir_d(c, 1);
	anon(c, 0, 4, RW);
	long f = uopen(c, "/rw", O_RDWR);
	long ro = uopen(c, "/rw", O_RDONLY);
	long d = SC_FD(SYS_open, upath(c, B(0), "/d"), O_RDONLY | O_DIRECTORY, 0);
	long p = SC_FD(SYS_open, upath(c, B(0), "/rw"), O_PATH, 0);
	long z = uopen(c, "/dev/zero", O_RDWR);

	SC(SYS_fsync, f);
	SC(SYS_fdatasync, f);
	SC(SYS_fsync, ro);
	SC(SYS_fsync, d);
	SC(SYS_fdatasync, d);
	SC(SYS_fsync, p);
	SC(SYS_fsync, z);
	SC(SYS_fdatasync, z);
	SC(SYS_fsync, 99);
	SC(SYS_fsync, -1);
	SC(SYS_fdatasync, (1L << 32) | 99);

	SC(SYS_fallocate, 99, 0, 0, PG);
	SC(SYS_fallocate, p, 0, 0, PG);
	SC(SYS_fallocate, f, 0, -1, PG);
	SC(SYS_fallocate, f, 0, 0, 0);
	SC(SYS_fallocate, f, 0, 0, -PG);
	SC(SYS_fallocate, f, 0x100, 0, PG);
	SC(SYS_fallocate, f, FALLOC_FL_PUNCH_HOLE, 0, PG);
	SC(SYS_fallocate, ro, 0, 0, PG);
	SC(SYS_fallocate, ro, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, PG);
	SC(SYS_fallocate, d, 0, 0, PG);
	SC(SYS_fallocate, z, 0, 0, PG);
	SC(SYS_fallocate, f, 0, 0x7fffffffffffff00L, PG);
	/* A hole in the first page: it reads back as zeros, the size stays. */
	SC(SYS_pread64, f, LB(1), 16, 0);
	ubytes_log(c, B(1), 16);
	SC(SYS_fallocate, f, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, PG);
	SC(SYS_pread64, f, LB(1), 16, 0);
	ubytes_log(c, B(1), 16);
	SC(SYS_pread64, f, LB(1), 16, PG);
	ubytes_log(c, B(1), 16);
	SC(SYS_lseek, f, 0, SEEK_END);
	/* A zeroed range across a page boundary, through a dirty cached page. */
	SC(SYS_pwrite64, f, upath(c, B(2), ""), 1, PG + 100);	/* a NUL byte */
	SC(SYS_fallocate, f, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, PG - 8, 16);
	SC(SYS_pread64, f, LB(1), 24, PG - 12);
	ubytes_log(c, B(1), 24);
	SC(SYS_pread64, f, LB(1), 8, PG + 96);
	ubytes_log(c, B(1), 8);
	/* Mode 0 past the end grows the file; KEEP_SIZE does not. */
	SC(SYS_fallocate, f, FALLOC_FL_KEEP_SIZE, 2 * PG, 2 * PG);
	SC(SYS_lseek, f, 0, SEEK_END);
	SC(SYS_fallocate, f, 0, 2 * PG, 2 * PG);
	SC(SYS_lseek, f, 0, SEEK_END);
	SC(SYS_fsync, f);
}
