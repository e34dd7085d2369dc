// SPDX-License-Identifier: MIT
/*
 * Reclaim's figure: pages kswapd reclaims per second under a steady
 * file-backed load.  An mmlab machine of 64 MiB (kswapd=manual) reads a
 * 256 MiB file through a shared mapping, one byte per page; whenever an
 * allocation has woken kswapd, the kswapd step runs and is timed alone.
 * The host does the same work of reclaim on its own page cache: the same
 * file, mapped and touched, is evicted with MADV_PAGEOUT (Linux's
 * reclaim_pages() over clean file pages), timed around the madvise.
 *
 * The second row: anonymous pages to swap.  A 64 MiB mmlab machine with a
 * swap file in /tmp writes 128 MiB of anonymous memory; the kswapd steps
 * are timed alone and the pages they swap out (pswpout) counted.  The
 * host, with its own swap file in /tmp swapon'd at the highest priority
 * for the run (skipped with a message if swapon(2) is refused), writes
 * the same 128 MiB and swaps it out with MADV_PAGEOUT, timed around the
 * madvise, its pswpout counted from /proc/vmstat.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/swap.h>
#include <mmlab/mmlab.h>
#include "bench/bench.h"

#define PG		4096UL
#define FILE_SIZE	(256UL << 20)
#define RECLAIM_ROUNDS	5

#define ANON_SIZE	(128UL << 20)
#define AREA_SIZE	(192UL << 20)
#define SWAP_PREFER	(0x8000 | 32767)

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif

static int make_file(char *path)
{
	int fd = mkstemp(path);

	if (fd < 0)
		return -errno;
	/* Real blocks, so the host's page cache holds data pages. */
	if (posix_fallocate(fd, 0, (off_t)FILE_SIZE)) {
		close(fd);
		unlink(path);
		return -EIO;
	}
	close(fd);
	return 0;
}

/* mmlab: reclaimed pages per second of kswapd steps during one file scan. */
static double mml_round(const char *path)
{
	struct mml_config cfg;
	struct mml_machine *m;
	struct mml_task *t;
	uint64_t ns = 0, t0;
	unsigned long pages = 0, off;
	long fd, a;
	char c;

	mml_config_init(&cfg);
	cfg.ram_size = 64UL << 20;
	cfg.cmdline = "kswapd=manual";
	m = mml_machine_new(&cfg);
	if (!m)
		return -1;
	t = mml_task_new(m, "bench");
	fd = t ? mml_open(t, path, O_RDONLY, 0) : -1;
	a = fd >= 0 ? mml_mmap(t, 0, FILE_SIZE, PROT_READ, MAP_SHARED, (int)fd, 0) : -1;
	if (a < 0 && a > -4096) {
		mml_machine_free(m);
		return -1;
	}
	for (off = 0; off < FILE_SIZE; off += PG) {
		mml_load(t, (unsigned long)a + off, &c, 1);
		if (mml_kswapd_pending(m)) {
			long r;

			t0 = bench_now_ns();
			r = mml_kswapd(m, 0);
			ns += bench_now_ns() - t0;
			pages += r > 0 ? (unsigned long)r : 0;
		}
	}
	mml_machine_free(m);
	return ns ? (double)pages * 1e9 / (double)ns : -1;
}

/* host: pages per second MADV_PAGEOUT evicts from the file's cache. */
static double host_round(const char *path)
{
	int fd = open(path, O_RDONLY);
	unsigned char *vec = malloc(FILE_SIZE / PG);
	unsigned long i, before = 0, after = 0;
	volatile char *p;
	uint64_t t0, ns;

	if (fd < 0 || !vec)
		goto fail;
	p = mmap(NULL, FILE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	for (i = 0; i < FILE_SIZE; i += PG)
		bench_sink += (uint64_t)p[i];
	mincore((void *)p, FILE_SIZE, vec);
	for (i = 0; i < FILE_SIZE / PG; i++)
		before += vec[i] & 1;
	t0 = bench_now_ns();
	madvise((void *)p, FILE_SIZE, MADV_PAGEOUT);
	ns = bench_now_ns() - t0;
	mincore((void *)p, FILE_SIZE, vec);
	for (i = 0; i < FILE_SIZE / PG; i++)
		after += vec[i] & 1;
	munmap((void *)p, FILE_SIZE);
	close(fd);
	free(vec);
	return before > after && ns ? (double)(before - after) * 1e9 / (double)ns : -1;
fail:
	if (fd >= 0)
		close(fd);
	free(vec);
	return -1;
}

/* A swap file of AREA_SIZE at @path with Linux's header (as mkswap). */
static int write_area(const char *path)
{
	static char page[4096];
	unsigned int v[3] = { 1, (unsigned int)(AREA_SIZE / PG - 1), 0 };
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), err = 0;

	if (fd < 0)
		return -errno;
	if (posix_fallocate(fd, 0, (off_t)AREA_SIZE))
		err = -EIO;
	memset(page, 0, sizeof(page));
	memcpy(page + 1024, v, sizeof(v));
	memcpy(page + 4086, "SWAPSPACE2", 10);
	if (!err && pwrite(fd, page, PG, 0) != (ssize_t)PG)
		err = -EIO;
	if (!err && fsync(fd))
		err = -errno;
	close(fd);
	return err;
}

static unsigned long host_pswpout(void)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char line[128];
	unsigned long v = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "pswpout %lu", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

/* mmlab: pages kswapd swaps out per second while 128 MiB of anon is written. */
static double mml_anon_round(const char *path)
{
	struct mml_config cfg;
	struct mml_machine *m;
	struct mml_task *t;
	uint64_t ns = 0, t0;
	unsigned long pages = 0, off;
	long a;

	mml_config_init(&cfg);
	cfg.ram_size = 64UL << 20;
	cfg.cmdline = "kswapd=manual";
	m = mml_machine_new(&cfg);
	if (!m)
		return -1;
	t = mml_task_new(m, "bench");
	if (!t || write_area(path) || mml_swapon(t, path, SWAP_PREFER)) {
		mml_machine_free(m);
		return -1;
	}
	a = mml_mmap(t, 0, ANON_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (off = 0; a > 0 && off < ANON_SIZE; off += PG) {
		if (mml_store(t, (unsigned long)a + off, &off, 8))
			break;
		if (mml_kswapd_pending(m)) {
			long r;

			t0 = bench_now_ns();
			r = mml_kswapd(m, 0);
			ns += bench_now_ns() - t0;
			pages += r > 0 ? (unsigned long)r : 0;
		}
	}
	if (off < ANON_SIZE)
		pages = 0;	/* killed or failed: no figure */
	mml_machine_free(m);
	return ns && pages ? (double)pages * 1e9 / (double)ns : -1;
}

/* host: pages per second MADV_PAGEOUT writes to its own swap file. */
static double host_anon_round(void)
{
	unsigned long i, before;
	uint64_t t0, ns;
	char *p = mmap(NULL, ANON_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	for (i = 0; i < ANON_SIZE; i += PG)
		*(unsigned long *)(p + i) = i;
	before = host_pswpout();
	t0 = bench_now_ns();
	madvise(p, ANON_SIZE, MADV_PAGEOUT);
	ns = bench_now_ns() - t0;
	before = host_pswpout() - before;
	munmap(p, ANON_SIZE);
	return before && ns ? (double)before * 1e9 / (double)ns : -1;
}

static int bench_reclaim_anon(struct bench_row *r, int max_rows)
{
	char hpath[96], mpath[96];
	double mml[RECLAIM_ROUNDS], host[RECLAIM_ROUNDS];
	bool ok_m = true, ok_h = true;
	int i, n;

	if (max_rows < 2)
		return 0;
	snprintf(hpath, sizeof(hpath), "/tmp/mmlab-bench-%d-reclaim-swap-host", (int)getpid());
	snprintf(mpath, sizeof(mpath), "/tmp/mmlab-bench-%d-reclaim-swap-mmlab", (int)getpid());
	if (write_area(hpath) || swapon(hpath, SWAP_PREFER)) {
		fprintf(stderr, "mmlab-bench: reclaim: the host refuses swapon(%s): %s;"
			" host figures skipped\n", hpath, strerror(errno));
		ok_h = false;
	}
	for (i = 0; i < RECLAIM_ROUNDS; i++) {
		host[i] = ok_h ? host_anon_round() : -1;
		mml[i] = mml_anon_round(mpath);
		ok_h = ok_h && host[i] > 0;
		ok_m = ok_m && mml[i] > 0;
	}
	swapoff(hpath);
	unlink(hpath);
	unlink(mpath);
	n = bench_row_pair(r, "kswapd reclaim, anon pages to swap", ok_m ? mml : NULL,
			   ok_h ? host : NULL, RECLAIM_ROUNDS, 1e-3, "K pages/s", 0);
	if (n)
		snprintf(r[0].note, sizeof(r[0].note),
			 "mmlab: kswapd steps while 128 MiB of anon fills a 64 MiB machine; "
			 "host: MADV_PAGEOUT of 128 MiB to its own swap file");
	return n;
}

int bench_reclaim(struct bench_row *r, int max_rows)
{
	char path[] = "/tmp/mmlab-bench-reclaim.XXXXXX";
	double mml[RECLAIM_ROUNDS], host[RECLAIM_ROUNDS];
	bool ok_m = true, ok_h = true;
	int i, n;

	if (max_rows < 2 || make_file(path))
		return 0;
	for (i = 0; i < RECLAIM_ROUNDS; i++) {
		host[i] = host_round(path);
		mml[i] = mml_round(path);
		ok_h = ok_h && host[i] > 0;
		ok_m = ok_m && mml[i] > 0;
	}
	unlink(path);
	n = bench_row_pair(r, "kswapd reclaim, file pages", ok_m ? mml : NULL,
			   ok_h ? host : NULL, RECLAIM_ROUNDS, 1e-3, "K pages/s", 0);
	return n + bench_reclaim_anon(r + n, max_rows - n);
}
