// SPDX-License-Identifier: MIT
/*
 * Issue 10's swap figure: MADV_PAGEOUT of 256 MiB of written anonymous
 * memory, then touching it all back, in pages per second, on the host
 * kernel (with its own swap file in /tmp, swapon'd at the highest
 * priority for the run and swapped off after) and on mmlab (a swap file of
 * its own, through the same system calls).  The host part is skipped with
 * a message when swapon(2) is refused.  A third row, mmlab only, times
 * swap-in from the area itself (major faults with readahead): Linux keeps
 * the written pages in the swap cache until memory pressure, which the
 * host cannot be made to feel here, so the host has no such figure.
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
#include "bench.h"

#define PG_SZ		4096L
#define SWAP_PAGES	65536L		/* 256 MiB paged out per round */
#define AREA_PAGES	(SWAP_PAGES + SWAP_PAGES / 8)
#define ROUNDS_SWAP	5
#define MML_RAM		(2ULL << 30)
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif
#define SWAP_FLAG_PREFER 0x8000

struct swap_ctx {
	const struct bench_vm_ops *o;
	void *t;			/* the mmlab task; NULL on the host */
	char path[96];			/* the swap file */
};

static struct swap_ctx host_ctx = { .o = &bench_host_vm };

/* A swap file of @pages pages at @path, Linux's header (as mkswap). */
static int write_area(const char *path, long pages)
{
	static char page[4096];
	unsigned int v[3] = { 1, (unsigned int)(pages - 1), 0 };
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), err = 0;
	long i;

	if (fd < 0)
		return -errno;
	memset(page, 0, sizeof(page));
	for (i = 1; i < pages && !err; i++)
		if (pwrite(fd, page, PG_SZ, i * PG_SZ) != PG_SZ)
			err = -EIO;
	memcpy(page + 1024, v, sizeof(v));
	memcpy(page + 4086, "SWAPSPACE2", 10);
	if (!err && pwrite(fd, page, PG_SZ, 0) != PG_SZ)
		err = -EIO;
	if (!err && fsync(fd))
		err = -errno;
	close(fd);
	return err;
}

/* Setup: the area on (host: swapon(2); mmlab: mml_swapon()). */
static int wl_swap_on(void *ctx, long a, long b, const char *s, double *out)
{
	struct swap_ctx *c = ctx;
	int err;

	snprintf(c->path, sizeof(c->path), "%s", s);
	err = write_area(c->path, a);
	if (err)
		return err;
	if (!c->t)
		return swapon(c->path, SWAP_FLAG_PREFER | 32767) ? -errno : 0;
	return (int)mml_swapon(c->t, c->path, SWAP_FLAG_PREFER | 32767);
}

static int wl_swap_off(void *ctx, long a, long b, const char *s, double *out)
{
	struct swap_ctx *c = ctx;
	int err;

	if (!c->path[0])
		return 0;
	err = c->t ? (int)mml_swapoff(c->t, c->path) :
		     (swapoff(c->path) ? -errno : 0);
	unlink(c->path);
	c->path[0] = 0;
	return err;
}

static int touch(struct swap_ctx *c, unsigned long va, long pages, bool write)
{
	unsigned char byte = 1;
	long i;

	for (i = 0; i < pages; i++, va += PG_SZ) {
		if (write ? c->o->store(c->t, va, &byte, 1) :
			    c->o->load(c->t, va, &byte, 1))
			return -EFAULT;
		bench_sink += byte;
	}
	return 0;
}

/*
 * One round: @a pages written, MADV_PAGEOUT of them all (out[0] ns), then
 * a load from each (out[2] ns); out[1] the pages, out[3] the faults the
 * touch took.
 */
static int wl_pageout(void *ctx, long a, long b, const char *s, double *out)
{
	struct swap_ctx *c = ctx;
	unsigned long len = (unsigned long)a * PG_SZ, f0;
	long va = c->o->mmap(c->t, 0, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0;
	int err;

	if (va < 0)
		return (int)va;
	c->o->madvise(c->t, (unsigned long)va, len, MADV_NOHUGEPAGE);
	err = touch(c, (unsigned long)va, a, true);
	t0 = bench_now_ns();
	if (!err)
		err = (int)c->o->madvise(c->t, (unsigned long)va, len, MADV_PAGEOUT);
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)a;
	f0 = c->o->faults(c->t);
	t0 = bench_now_ns();
	if (!err)
		err = touch(c, (unsigned long)va, a, false);
	out[2] = (double)(bench_now_ns() - t0);
	out[3] = (double)(c->o->faults(c->t) - f0);
	c->o->munmap(c->t, (unsigned long)va, len);
	return err;
}

/*
 * mmlab only: @a pages paged out, then reclaim's later pass frees them
 * from the swap cache (swap_out_page()), so the touch reads every page
 * back from the area.  out[0] ns of the touch, out[1] pages, out[2] the
 * major faults.
 */
static int mml_swapin(struct swap_ctx *c, long a, double *out)
{
	unsigned long len = (unsigned long)a * PG_SZ, maj0, min0, maj, min;
	long va = mml_mmap(c->t, 0, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0;
	int err;

	if (va < 0)
		return (int)va;
	err = touch(c, (unsigned long)va, a, true);
	if (!err)
		err = (int)mml_madvise(c->t, (unsigned long)va, len, MADV_PAGEOUT);
	if (!err)
		bench_reclaim_swap_cache(c->t, (unsigned long)va, a);
	mml_task_faults(c->t, &min0, &maj0);
	t0 = bench_now_ns();
	if (!err)
		err = touch(c, (unsigned long)va, a, false);
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)a;
	mml_task_faults(c->t, &min, &maj);
	out[2] = (double)(maj - maj0);
	mml_munmap(c->t, (unsigned long)va, len);
	return err;
}

static const double *rates(const double (*out)[BENCH_HOST_OUT], int err,
			   int rounds, int i, double *v)
{
	int k;

	if (err)
		return NULL;
	for (k = 0; k < rounds; k++)
		v[k] = out[k][1] * 1e9 / (out[k][i] + 1);
	return v;
}

/**
 * bench_swap() - MADV_PAGEOUT of 256 MiB and the touch back, host (helper
 * @host[0]) and mmlab, rounds alternating; then mmlab's swap-in.
 * Return: the rows filled in @r (at most @max_rows).
 */
int bench_swap(const struct bench_args *a, struct bench_host *host,
	       struct bench_row *r, int max_rows)
{
	struct swap_ctx mctx = { .o = &bench_mml_vm };
	struct bench_pair p = { .hfn = wl_pageout, .mfn = wl_pageout,
				.h = &host[0], .hctx = &host_ctx, .mctx = &mctx,
				.ha = SWAP_PAGES, .ma = SWAP_PAGES,
				.rounds = ROUNDS_SWAP, .warmup = 1 };
	double out[BENCH_HOST_OUT], vh[BENCH_ROUNDS], vm[BENCH_ROUNDS];
	double sw[ROUNDS_SWAP];
	struct mml_config cfg;
	struct mml_machine *m;
	char hpath[96], mpath[96];
	int n = 0, k, err;

	if (max_rows < 5 || !bench_wanted(a, "swap", "swap"))
		return 0;
	mml_config_init(&cfg);
	cfg.ram_size = MML_RAM;
	m = mml_machine_new(&cfg);
	if (!m || !(mctx.t = mml_task_new(m, "bench"))) {
		fprintf(stderr, "mmlab-bench: swap: cannot boot a 2 GiB machine\n");
		mml_machine_free(m);
		return 0;
	}
	snprintf(hpath, sizeof(hpath), "/tmp/mmlab-bench-%d-swap-host", (int)getpid());
	snprintf(mpath, sizeof(mpath), "/tmp/mmlab-bench-%d-swap-mmlab", (int)getpid());
	p.herr = bench_host_call(&host[0], wl_swap_on, &host_ctx, AREA_PAGES, 0,
				 hpath, out);
	if (p.herr)
		fprintf(stderr, "mmlab-bench: swap: the host refuses swapon(%s): %s;"
			" host figures skipped\n", hpath, strerror(-p.herr));
	p.merr = wl_swap_on(&mctx, AREA_PAGES, 0, mpath, out);
	bench_pair_run(&p);
	n += bench_row_pair(r + n, "MADV_PAGEOUT of 256 MiB (anon)",
			    rates(p.mout, p.merr, p.rounds, 0, vm),
			    rates(p.hout, p.herr, p.rounds, 0, vh),
			    p.rounds, 1e-3, "K pages/s", 0);
	snprintf(r[n - 2].note, sizeof(r[0].note),
		 "written 4 KiB pages to each side's swap file in /tmp; both keep them in the "
		 "swap cache after the write (Linux's asynchronous writeback)");
	n += bench_row_pair(r + n, "  touch it all back (swap cache)",
			    rates(p.mout, p.merr, p.rounds, 2, vm),
			    rates(p.hout, p.herr, p.rounds, 2, vh),
			    p.rounds, 1e-3, "K pages/s", 0);
	if (!p.merr && !p.herr)
		snprintf(r[n - 2].note, sizeof(r[0].note),
			 "one byte loaded per page; faults in the last round: host %.0f, mmlab %.0f",
			 p.hout[p.rounds - 1][3], p.mout[p.rounds - 1][3]);
	err = p.merr;
	for (k = 0; k < ROUNDS_SWAP && !err; k++) {
		err = mml_swapin(&mctx, SWAP_PAGES / 4, out);
		sw[k] = out[1] * 1e9 / (out[0] + 1);
	}
	if (!err) {
		bench_row_set(&r[n], "  swap-in from the area (mmlab only)", sw,
			      ROUNDS_SWAP, 1e-3, "K pages/s");
		snprintf(r[n].note, sizeof(r[n].note),
			 "64 MiB freed from the swap cache by reclaim's pass, then loaded: "
			 "%.0f major faults, readahead (vm.page-cluster 3) reads the rest",
			 out[2]);
		n++;
	}
	bench_host_call(&host[0], wl_swap_off, &host_ctx, 0, 0, NULL, out);
	wl_swap_off(&mctx, 0, 0, NULL, out);
	mml_exit(mctx.t, 0);
	mml_machine_free(m);
	return n;
}
