// SPDX-License-Identifier: MIT
/*
 * Swap: each case makes a swap file in its root (the header written by
 * hand in Linux's format), swapon(2)s it through the raw system call with
 * the highest priority (so that the host's pages go to it even if other
 * areas are on), compares what MADV_PAGEOUT, swap-in, fork, zap, mprotect,
 * mremap and MADV_WILLNEED do to pagemap (presence and the swap bit, never
 * the type or offset), mincore, smaps and the fault counts, then
 * swapoff(2)s it.  The runner swaps off whatever a host case left on under
 * its root, even after a crash.  When the host refuses swapon (not root),
 * the host log says "SKIP:" and the case is skipped with that reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <errno.h>
#include "diff.h"

#define SWAP_FLAG_PREFER	0x8000
#define SWAP_FLAG_DISCARD	0x10000

/* The user-memory copy of the area's path, for swapon/swapoff. */
static unsigned long swap_path_uaddr;

/* Write a swap area of @pages pages at @path: zeros, then the header. */
static int write_swap_file(struct ctx *c, const char *path, unsigned long pages,
			   int version)
{
	struct sys *s = c->s;
	static char page[4096];
	uint32_t v[3] = { (uint32_t)version, (uint32_t)(pages - 1), 0 };
	unsigned long i;
	long fd = s->open(s, path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0) {
		rec(c, "SETUP: open %s: %s", path, errname(fd));
		return -1;
	}
	memset(page, 0, sizeof(page));
	for (i = 1; i < pages; i++)
		s->pwrite(s, (int)fd, page, PG, (long)(i * PG));
	memcpy(page + 1024, v, sizeof(v));
	memcpy(page + 4086, "SWAPSPACE2", 10);
	if (s->pwrite(s, (int)fd, page, PG, 0) != (long)PG) {
		rec(c, "SETUP: pwrite %s failed", path);
		s->close(s, (int)fd);
		return -1;
	}
	s->close(s, (int)fd);
	return 0;
}

/* @path's spelling on this system, in user memory; 0 on failure. */
static unsigned long user_path(struct ctx *c, const char *path)
{
	struct sys *s = c->s;
	char buf[512];
	const char *p = s->path(s, path, buf, sizeof(buf));
	long a = s->mmap(s, 0, PG, RW, PA, -1, 0);
	int code;
	unsigned long addr;

	if (a < 0 || s->store(s, (unsigned long)a, p, strlen(p) + 1, &code, &addr)) {
		rec(c, "SETUP: user memory for the path");
		return 0;
	}
	return (unsigned long)a;
}

static long sys_swapon(struct ctx *c, unsigned long upath, int flags)
{
	return c->s->syscall(c->s, SYS_swapon, (long)upath, flags, 0, 0, 0, 0);
}

static long sys_swapoff(struct ctx *c, unsigned long upath)
{
	return c->s->syscall(c->s, SYS_swapoff, (long)upath, 0, 0, 0, 0, 0);
}

/*
 * Can this system swapon at all?  swapon(NULL) is EPERM without
 * CAP_SYS_ADMIN (checked first), EFAULT with it.  On the host, "no" is
 * logged as the case's SKIP.
 */
static int cannot_swap(struct ctx *c)
{
	long r = sys_swapon(c, 0, 0);

	if (r != -EPERM)
		return 0;
	rec(c, "%s: swapon(2) refused: %s", strcmp(c->s->name, "host") ? "mmlab" : "SKIP",
	    errname(r));
	return 1;
}

/*
 * A swap area of @pages pages, on at priority 32767.  Returns 0, or -1
 * after logging why (the host's refusal as a SKIP).
 */
static int swap_on(struct ctx *c, unsigned long pages)
{
	long r;

	if (cannot_swap(c) || write_swap_file(c, "/swapfile", pages, 1))
		return -1;
	swap_path_uaddr = user_path(c, "/swapfile");
	if (!swap_path_uaddr)
		return -1;
	r = sys_swapon(c, swap_path_uaddr, SWAP_FLAG_PREFER | 32767);
	if (r < 0) {
		if (!strcmp(c->s->name, "host"))
			rec(c, "SKIP: the host refuses swapon(2): %s", errname(r));
		else
			rec(c, "swapon = %s", errname(r));
		return -1;
	}
	return 0;
}

static void swap_off(struct ctx *c)
{
	rec(c, "swapoff = %s", errname(sys_swapoff(c, swap_path_uaddr)));
}

/* The major faults taken since the last call (minor ones vary with the
 * host's fault-around and the runner's own pages). */
static void faults_delta(struct ctx *c, const char *what)
{
	static unsigned long maj0;
	unsigned long min, maj;

	c->s->faults(c->s, &min, &maj);
	if (what)
		rec(c, "  %s: majflt +%lu", what, maj - maj0);
	maj0 = maj;
}

/* VmSwap of /proc/self/status. */
static void vmswap(struct ctx *c)
{
	static char buf[8192];
	long n = c->s->read_file(c->s, "/proc/self/status", buf, sizeof(buf) - 1);
	char *p;

	if (n < 0) {
		rec(c, "  status: %s", errname(n));
		return;
	}
	buf[n] = 0;
	p = strstr(buf, "VmSwap:");
	rec(c, "  VmSwap %lu kB", p ? strtoul(p + 7, NULL, 10) : 999999UL);
}

CASE(swap_pageout_pagemap_mincore_smaps)
{
	anon(c, 2, 8, RW);
	st(c, B(2), 0x5a, 8 * PG);
	if (swap_on(c, 256))
		return;
	do_madvise(c, B(2), 8 * PG, MADV_PAGEOUT);
	pagemap(c, B(2), 8);
	do_mincore(c, B(2), 8 * PG);
	smaps_range(c, B(2), B(10), "Rss Swap SwapPss");
	vmswap(c);
	swap_off(c);
	pagemap(c, B(2), 8);
	ld(c, B(2), 8 * PG);
}

CASE(swap_in_on_touch_keeps_contents)
{
	int i;

	anon(c, 2, 6, RW);
	for (i = 0; i < 6; i++)
		st(c, B(2 + i), 0x10 + i, PG);
	if (swap_on(c, 64))
		return;
	do_madvise(c, B(2), 6 * PG, MADV_PAGEOUT);
	faults_delta(c, NULL);
	ld(c, B(2), 3 * PG);
	faults_delta(c, "read back");
	pagemap(c, B(2), 6);
	st(c, B(5), 0x77, 1);
	faults_delta(c, "write");
	pagemap(c, B(2), 6);
	ld(c, B(2), 6 * PG);
	smaps_range(c, B(2), B(8), "Rss Swap");
	swap_off(c);
}

static void child_reads_then_writes(struct ctx *c)
{
	ld(c, B(2), 4 * PG);
	pagemap(c, B(2), 4);
	st(c, B(3), 0x99, 1);
	pagemap(c, B(2), 4);
}

static void child_smaps(struct ctx *c)
{
	smaps_range(c, B(2), B(6), "Swap SwapPss");
	pagemap(c, B(2), 4);
}

CASE(swap_fork_with_swapped_pages)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x42, 4 * PG);
	if (swap_on(c, 64))
		return;
	do_madvise(c, B(2), 4 * PG, MADV_PAGEOUT);
	do_fork_keep(c);
	smaps_range(c, B(2), B(6), "Swap SwapPss");
	in_child(c, child_smaps);
	in_child(c, child_reads_then_writes);
	ld(c, B(2), 4 * PG);
	pagemap(c, B(2), 4);
	child_exit(c);
	smaps_range(c, B(2), B(6), "Swap SwapPss");
	swap_off(c);
}

CASE(swap_dontneed_of_swapped_pages)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x33, 4 * PG);
	if (swap_on(c, 64))
		return;
	do_madvise(c, B(2), 4 * PG, MADV_PAGEOUT);
	do_madvise(c, B(3), 2 * PG, MADV_DONTNEED);
	pagemap(c, B(2), 4);
	smaps_range(c, B(2), B(6), "Rss Swap");
	do_mincore(c, B(2), 4 * PG);
	ld(c, B(2), 4 * PG);
	swap_off(c);
}

CASE(swap_mprotect_and_mremap_keep_entries)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x21, 4 * PG);
	if (swap_on(c, 64))
		return;
	do_madvise(c, B(2), 4 * PG, MADV_PAGEOUT);
	do_mprotect(c, B(2), 4 * PG, RO);
	pagemap(c, B(2), 4);
	do_mprotect(c, B(2), 4 * PG, RW);
	do_mremap(c, B(2), 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, B(10));
	pagemap(c, B(10), 4);
	smaps_range(c, B(10), B(14), "Swap");
	ld(c, B(10), 4 * PG);
	swap_off(c);
}

CASE(swap_willneed_and_munmap)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x64, 4 * PG);
	if (swap_on(c, 64))
		return;
	do_madvise(c, B(2), 4 * PG, MADV_PAGEOUT);
	do_madvise(c, B(2), 4 * PG, MADV_WILLNEED);
	pagemap(c, B(2), 4);
	do_mincore(c, B(2), 4 * PG);
	do_munmap(c, B(2), 4 * PG);
	vmswap(c);
	swap_off(c);
}

/*
 * Shared anonymous (shmem) pages swap through their object: the PTEs are
 * cleared (no swap bit in pagemap), smaps counts the object's swap
 * entries as Swap, the page stays in the swap cache (mincore) until
 * reclaim frees it, and touching it back finds it there.
 */
CASE(swap_shared_anon_pageout)
{
	int i;

	do_mmap(c, B(2), 4 * PG, RW, SAF, -1, 0);
	for (i = 0; i < 4; i++)
		st(c, B(2 + i), 0x12 + i, PG);
	if (swap_on(c, 64))
		return;
	do_madvise(c, B(2), 4 * PG, MADV_PAGEOUT);
	pagemap(c, B(2), 4);
	do_mincore(c, B(2), 4 * PG);
	smaps_range(c, B(2), B(6), "Rss Swap SwapPss");
	vmswap(c);
	faults_delta(c, NULL);
	ld(c, B(2), 2 * PG);
	faults_delta(c, "read back");
	pagemap(c, B(2), 4);
	smaps_range(c, B(2), B(6), "Rss Swap");
	swap_off(c);
	ld(c, B(2), 4 * PG);
}

static void child_reads_shared(struct ctx *c)
{
	ld(c, B(2), 3 * PG);
	st(c, B(4), 0x5e, 1);
}

static void child_reads_shared_first(struct ctx *c)
{
	ld(c, B(2), PG);
}

CASE(swap_shared_anon_fork_after_pageout)
{
	do_mmap(c, B(2), 3 * PG, RW, SAF, -1, 0);
	st(c, B(2), 0x3c, 3 * PG);
	if (swap_on(c, 64))
		return;
	do_madvise(c, B(2), 3 * PG, MADV_PAGEOUT);
	do_fork_keep(c);
	in_child(c, child_smaps);
	in_child(c, child_reads_shared);
	child_exit(c);
	ld(c, B(2), 3 * PG);
	smaps_range(c, B(2), B(5), "Swap");
	swap_off(c);
}

/* MADV_PAGEOUT leaves a shmem page mapped by two processes (Linux's
 * folio_maybe_mapped_shared() skip); the child's exit makes it single. */
CASE(swap_shared_anon_pageout_skips_shared_pages)
{
	do_mmap(c, B(2), 2 * PG, RW, SAF, -1, 0);
	st(c, B(2), 0x2d, 2 * PG);
	if (swap_on(c, 64))
		return;
	do_fork_keep(c);
	in_child(c, child_reads_shared_first);
	do_madvise(c, B(2), 2 * PG, MADV_PAGEOUT);
	pagemap(c, B(2), 2);
	smaps_range(c, B(2), B(4), "Rss Swap");
	child_exit(c);
	do_madvise(c, B(2), 2 * PG, MADV_PAGEOUT);
	pagemap(c, B(2), 2);
	smaps_range(c, B(2), B(4), "Rss Swap");
	ld(c, B(2), 2 * PG);
	swap_off(c);
}

/* /proc/swaps: the header, and our line after its file name. */
static void proc_swaps(struct ctx *c)
{
	static char buf[8192];
	char sp[512], *line, *save = NULL;
	const char *p = c->s->path(c->s, "/swapfile", sp, sizeof(sp));
	long n = c->s->read_file(c->s, "/proc/swaps", buf, sizeof(buf) - 1);
	int first = 1;

	if (n < 0) {
		rec(c, "  /proc/swaps: %s", errname(n));
		return;
	}
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), first = 0) {
		if (first)
			rec(c, "  %s", line);
		else if (!strncmp(line, p, strlen(p)) && line[strlen(p)] == ' ')
			rec(c, "  <swapfile>%s", line + strlen(p) +
			    strspn(line + strlen(p), " "));
	}
}

CASE(swap_proc_swaps_and_errors)
{
	unsigned long u;

	if (swap_on(c, 4096))
		return;
	proc_swaps(c);
	rec(c, "swapon again = %s", errname(sys_swapon(c, swap_path_uaddr, 0)));
	anon(c, 2, 4, RW);
	st(c, B(2), 1, 4 * PG);
	do_madvise(c, B(2), 4 * PG, MADV_PAGEOUT);
	proc_swaps(c);
	swap_off(c);
	rec(c, "swapoff again = %s", errname(sys_swapoff(c, swap_path_uaddr)));
	/* not a swap area; a version-2 header; a header longer than the file */
	u = user_path(c, "/plain");
	{
		long fd = c->s->open(c->s, "/plain", O_RDWR | O_CREAT, 0600);
		static char zero[4096];
		int i;

		for (i = 0; i < 16; i++)
			c->s->pwrite(c->s, (int)fd, zero, PG, (long)i * (long)PG);
		c->s->close(c->s, (int)fd);
	}
	rec(c, "swapon(no signature) = %s", errname(sys_swapon(c, u, 0)));
	write_swap_file(c, "/v2", 16, 2);
	rec(c, "swapon(version 2) = %s",
	    errname(sys_swapon(c, user_path(c, "/v2"), 0)));
	rec(c, "swapon(bad flags) = %s",
	    errname(sys_swapon(c, user_path(c, "/v2"), 0x100000)));
	rec(c, "swapon(missing) = %s",
	    errname(sys_swapon(c, user_path(c, "/missing"), 0)));
	rec(c, "swapoff(not on) = %s",
	    errname(sys_swapoff(c, user_path(c, "/v2"))));
	/* one usable page, discard accepted */
	write_swap_file(c, "/one", 2, 1);
	u = user_path(c, "/one");
	rec(c, "swapon(2 pages, discard) = %s",
	    errname(sys_swapon(c, u, SWAP_FLAG_PREFER | SWAP_FLAG_DISCARD | 5)));
	rec(c, "swapoff = %s", errname(sys_swapoff(c, u)));
}

/* A guard marker is a PTE-marker swap entry: pagemap says swapped. */
CASE(swap_guard_marker_in_pagemap)
{
	anon(c, 2, 3, RW);
	st(c, B(2), 1, 1);
	do_madvise(c, B(3), PG, MADV_GUARD_INSTALL);
	pagemap(c, B(2), 3);
	do_mincore(c, B(2), 3 * PG);
}

/* MADV_FREE of swapped-out pages frees their slots at once: zeros after. */
CASE(swap_free_of_swapped_pages)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x3c, 4 * PG);
	if (swap_on(c, 64))
		return;
	do_madvise(c, B(2), 4 * PG, MADV_PAGEOUT);
	do_madvise(c, B(2), 2 * PG, MADV_FREE);
	pagemap(c, B(2), 4);
	smaps_range(c, B(2), B(6), "Rss Swap LazyFree");
	ld(c, B(2), 4 * PG);
	swap_off(c);
}

/* The swap type and offset of each of @n pages at @va, the type as the
 * order in which areas first appear (A, B ...: numbers depend on what else
 * is on), the offset as it is (fresh areas hand out 1, 2, 3 ...). */
static void swap_slots(struct ctx *c, unsigned long va, unsigned long n)
{
	unsigned long long e[16], seen[4];
	char line[400], a[40];
	unsigned long i;
	int nseen = 0, k;
	size_t used = 0;

	if (n > 16 || c->s->read_at(c->s, "/proc/self/pagemap", e, n * 8,
				    (va / PG) * 8) != (long)(n * 8)) {
		rec(c, "  pagemap: read failed");
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned long long type = e[i] & 31, off = (e[i] >> 5) & ((1ULL << 50) - 1);

		if (!(e[i] >> 62 & 1)) {
			used += (size_t)sprintf(line + used, " -");
			continue;
		}
		for (k = 0; k < nseen && seen[k] != type; k++)
			;
		if (k == nseen && nseen < 4)
			seen[nseen++] = type;
		used += (size_t)sprintf(line + used, " %c:%llu", 'A' + k, off);
	}
	rec(c, "  slots %s:%s", fmt_addr(c, va, a), line);
}

/* Two areas of one priority take pages in turn; fresh areas from slot 1. */
CASE(swap_equal_priority_round_robin)
{
	unsigned long u2;

	anon(c, 2, 12, RW);
	st(c, B(2), 0x5, 12 * PG);
	if (swap_on(c, 64))
		return;
	if (write_swap_file(c, "/swap2", 64, 1))
		return;
	u2 = user_path(c, "/swap2");
	rec(c, "swapon(second) = %s",
	    errname(sys_swapon(c, u2, SWAP_FLAG_PREFER | 32767)));
	do_madvise(c, B(2), 8 * PG, MADV_PAGEOUT);
	swap_slots(c, B(2), 8);
	do_madvise(c, B(4), 2 * PG, MADV_DONTNEED);
	do_madvise(c, B(10), 4 * PG, MADV_PAGEOUT);
	swap_slots(c, B(10), 4);
	rec(c, "swapoff(second) = %s", errname(sys_swapoff(c, u2)));
	pagemap(c, B(2), 12);
	ld(c, B(2), 12 * PG);
	swap_off(c);
}

/* A swap file with holes (its header written, the rest never) is EINVAL. */
CASE(swap_swapon_file_with_holes)
{
	static char page[4096];
	uint32_t v[3] = { 1, 15, 0 };
	long fd;

	if (cannot_swap(c))
		return;
	fd = c->s->open(c->s, "/holes", O_RDWR | O_CREAT | O_TRUNC, 0600);
	memcpy(page + 1024, v, sizeof(v));
	memcpy(page + 4086, "SWAPSPACE2", 10);
	c->s->pwrite(c->s, (int)fd, page, PG, 0);
	rec(c, "ftruncate = %s", errname(c->s->ftruncate(c->s, (int)fd, 16 * (long)PG)));
	c->s->sync(c->s);
	c->s->close(c->s, (int)fd);
	rec(c, "swapon(holes) = %s", errname(sys_swapon(c, user_path(c, "/holes"), 0)));
}
