// SPDX-License-Identifier: MIT
/*
 * Issue 3's figures: the mmap system-call family on the host kernel and on
 * mmlab, the same workload on both sides in one run.
 *
 * Each workload is written once against struct bench_vm_ops: the host side
 * makes real system calls in a helper process (bench_host_start()), the
 * mmlab side calls the public API (mml_mmap(), ...) on a task of a machine
 * booted with 4 GiB of RAM.  Rounds alternate between the sides, so that a
 * busy moment of the machine hits both, and the ratio is taken per round.
 *
 *   mmap-pair  4 KiB anonymous mmap+munmap pairs
 *   mprotect   mprotect(PROT_READ) of page 500 of a 1000-page mapping (a
 *              split into three VMAs), then back to RW (a merge into one)
 *   scatter    30,000 one-page mappings at MAP_FIXED_NOREPLACE addresses two
 *              pages apart, alternating protections, then unmapped in a
 *              scattered order (stride 7919 modulo 30,000)
 *   mremap     one page grown by one page 100,000 times with MREMAP_MAYMOVE
 *   churn      mmap-pair and mprotect again, in a task that also holds a
 *              background of 1,000 and of 1,000,000 one-page VMAs
 *              (alternating PROT_READ and PROT_NONE, so they never merge)
 *   sparse     one 1 TiB PROT_NONE mapping with a page touched every
 *              64 GiB: mprotect of all of it (PROT_READ and back), and
 *              madvise(MADV_DONTNEED) and madvise(MADV_COLD) of all of it
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <mmlab/mmlab.h>
#include "bench/bench.h"

#define PG			4096UL
#define MPROTECT_PAGES		1000UL
#define SCATTER_MAPS		30000L
#define SCATTER_STRIDE		7919UL	/* prime, so coprime with 30,000 */
#define MREMAP_GROWS		100000L
#define CHURN_SMALL		1000L
#define CHURN_BIG		1000000L
#define BIG_MAP_COUNT		(2 * CHURN_BIG)
#define ROUNDS_HEAVY		7
#define MML_RAM			(4ULL << 30)
#define SPARSE_LEN		(1UL << 40)
#define SPARSE_STRIDE		(64UL << 30)

/* --- the two sides ------------------------------------------------------ */

static long host_mmap(void *t, unsigned long addr, unsigned long len, int prot,
		      int flags, int fd, unsigned long off)
{
	void *p = mmap((void *)addr, len, prot, flags, fd, (off_t)off);

	return p == MAP_FAILED ? -errno : (long)p;
}

static long host_munmap(void *t, unsigned long addr, unsigned long len)
{
	return munmap((void *)addr, len) ? -errno : 0;
}

static long host_mprotect(void *t, unsigned long addr, unsigned long len,
			  int prot)
{
	return mprotect((void *)addr, len, prot) ? -errno : 0;
}

static long host_mremap(void *t, unsigned long old_addr, unsigned long old_len,
			unsigned long new_len, int flags, unsigned long new_addr)
{
	void *p = mremap((void *)old_addr, old_len, new_len, flags,
			 (void *)new_addr);

	return p == MAP_FAILED ? -errno : (long)p;
}

static long host_madvise(void *t, unsigned long addr, unsigned long len,
			 int advice)
{
	return madvise((void *)addr, len, advice) ? -errno : 0;
}

static long host_msync(void *t, unsigned long addr, unsigned long len,
		       int flags)
{
	return msync((void *)addr, len, flags) ? -errno : 0;
}

static long host_open(void *t, const char *path, int flags, int mode)
{
	int fd = open(path, flags, mode);

	return fd < 0 ? -errno : fd;
}

static long host_close(void *t, int fd)
{
	return close(fd) ? -errno : 0;
}

static long host_pread(void *t, int fd, void *buf, unsigned long n, long off)
{
	ssize_t k = pread(fd, buf, n, off);

	return k < 0 ? -errno : k;
}

static int host_load(void *t, unsigned long va, void *dst, unsigned long n)
{
	memcpy(dst, (const void *)va, n);
	return 0;
}

static int host_store(void *t, unsigned long va, const void *src,
		      unsigned long n)
{
	memcpy((void *)va, src, n);
	return 0;
}

static unsigned long host_faults(void *t)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (unsigned long)(ru.ru_minflt + ru.ru_majflt);
}

const struct bench_vm_ops bench_host_vm = {
	.side = "host", .mmap = host_mmap, .munmap = host_munmap,
	.mprotect = host_mprotect, .mremap = host_mremap,
	.madvise = host_madvise, .msync = host_msync, .open = host_open,
	.close = host_close, .pread = host_pread, .load = host_load,
	.store = host_store, .faults = host_faults,
};

static long mml_side_mmap(void *t, unsigned long addr, unsigned long len,
			  int prot, int flags, int fd, unsigned long off)
{
	return mml_mmap(t, addr, len, prot, flags, fd, off);
}

static long mml_side_munmap(void *t, unsigned long addr, unsigned long len)
{
	return mml_munmap(t, addr, len);
}

static long mml_side_mprotect(void *t, unsigned long addr, unsigned long len,
			      int prot)
{
	return mml_mprotect(t, addr, len, prot);
}

static long mml_side_mremap(void *t, unsigned long old_addr,
			    unsigned long old_len, unsigned long new_len,
			    int flags, unsigned long new_addr)
{
	return mml_mremap(t, old_addr, old_len, new_len, flags, new_addr);
}

static long mml_side_madvise(void *t, unsigned long addr, unsigned long len,
			     int advice)
{
	return mml_madvise(t, addr, len, advice);
}

static long mml_side_msync(void *t, unsigned long addr, unsigned long len,
			   int flags)
{
	return mml_msync(t, addr, len, flags);
}

static long mml_side_open(void *t, const char *path, int flags, int mode)
{
	return mml_open(t, path, flags, mode);
}

static long mml_side_close(void *t, int fd)
{
	return mml_close(t, fd);
}

static long mml_side_pread(void *t, int fd, void *buf, unsigned long n,
			   long off)
{
	return mml_pread(t, fd, buf, n, off);
}

static int mml_side_load(void *t, unsigned long va, void *dst, unsigned long n)
{
	return mml_load(t, va, dst, n);
}

static int mml_side_store(void *t, unsigned long va, const void *src,
			  unsigned long n)
{
	return mml_store(t, va, src, n);
}

static unsigned long mml_side_faults(void *t)
{
	unsigned long min = 0, maj = 0;

	mml_task_faults(t, &min, &maj);
	return min + maj;
}

const struct bench_vm_ops bench_mml_vm = {
	.side = "mmlab", .mmap = mml_side_mmap, .munmap = mml_side_munmap,
	.mprotect = mml_side_mprotect, .mremap = mml_side_mremap,
	.madvise = mml_side_madvise, .msync = mml_side_msync,
	.open = mml_side_open, .close = mml_side_close, .pread = mml_side_pread,
	.load = mml_side_load, .store = mml_side_store,
	.faults = mml_side_faults,
};

/* --- the workloads, written once ------------------------------------------ */

/* One side's state: the host helper's own copy, or an mmlab task's. */
struct vm_ctx {
	const struct bench_vm_ops *o;
	void *t;			/* the mmlab task; NULL on the host */
	unsigned long region;		/* the 1000-page mapping, or 0 */
	unsigned long bg, bg_pages;	/* the churn's background VMAs */
	unsigned long sparse;		/* the 1 TiB mapping, or 0 */
};

static struct vm_ctx host_ctx = { .o = &bench_host_vm };

#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW	(PROT_READ | PROT_WRITE)

/* @n 4 KiB anonymous mmap+munmap pairs.  out: ns, pairs. */
static int wl_pairs(void *ctx, long n, long b, const char *s, double *out)
{
	struct vm_ctx *c = ctx;
	uint64_t t0 = bench_now_ns();
	long i, r;

	for (i = 0; i < n; i++) {
		r = c->o->mmap(c->t, 0, PG, RW, ANON, -1, 0);
		if (r < 0)
			return (int)r;
		r = c->o->munmap(c->t, (unsigned long)r, PG);
		if (r < 0)
			return (int)r;
	}
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)n;
	return 0;
}

/* @n mprotect split+merge pairs on page 500 of the region.  out: ns, pairs. */
static int wl_mprotect(void *ctx, long n, long b, const char *s, double *out)
{
	struct vm_ctx *c = ctx;
	unsigned long mid = c->region + MPROTECT_PAGES / 2 * PG;
	uint64_t t0 = bench_now_ns();
	long i, r;

	for (i = 0; i < n; i++) {
		r = c->o->mprotect(c->t, mid, PG, PROT_READ);
		if (!r)
			r = c->o->mprotect(c->t, mid, PG, RW);
		if (r < 0)
			return (int)r;
	}
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)n;
	return 0;
}

/*
 * The churn's task: the 1000-page region first, then @a one-page VMAs
 * below it (one mapping of @a pages, every other page made PROT_NONE), so
 * that a new 4 KiB mapping lands next to a VMA it cannot merge with.
 * out: ns of building the background.
 */
static int wl_setup(void *ctx, long a, long b, const char *s, double *out)
{
	struct vm_ctx *c = ctx;
	uint64_t t0;
	long r, i;

	r = c->o->mmap(c->t, 0, MPROTECT_PAGES * PG, RW, ANON, -1, 0);
	if (r < 0)
		return (int)r;
	c->region = (unsigned long)r;
	if (a <= 0)
		return 0;
	t0 = bench_now_ns();
	r = c->o->mmap(c->t, 0, (unsigned long)a * PG, PROT_READ, ANON, -1, 0);
	if (r < 0)
		return (int)r;
	c->bg = (unsigned long)r;
	c->bg_pages = (unsigned long)a;
	for (i = 1; i < a; i += 2) {
		r = c->o->mprotect(c->t, c->bg + (unsigned long)i * PG, PG,
				   PROT_NONE);
		if (r < 0)
			return (int)r;
	}
	out[0] = (double)(bench_now_ns() - t0);
	return 0;
}

/* Unmap what wl_setup() mapped.  out: ns of unmapping the background. */
static int wl_teardown(void *ctx, long a, long b, const char *s, double *out)
{
	struct vm_ctx *c = ctx;
	uint64_t t0 = bench_now_ns();
	long r = 0;

	if (c->bg)
		r = c->o->munmap(c->t, c->bg, c->bg_pages * PG);
	out[0] = (double)(bench_now_ns() - t0);
	if (c->region && !r)
		r = c->o->munmap(c->t, c->region, MPROTECT_PAGES * PG);
	c->bg = c->bg_pages = c->region = 0;
	return (int)r;
}

/*
 * @n one-page mappings two pages apart (MAP_FIXED_NOREPLACE in a hole found
 * first), protections alternating, then unmapped in a scattered order.
 * out: ns, mappings, ns of the mmaps, ns of the munmaps.
 */
static int wl_scatter(void *ctx, long n, long b, const char *s, double *out)
{
	struct vm_ctx *c = ctx;
	unsigned long len = 2UL * (unsigned long)n * PG, base, va, i;
	uint64_t t0, t1, t2;
	long r;

	r = c->o->mmap(c->t, 0, len, PROT_NONE, ANON | MAP_NORESERVE, -1, 0);
	if (r < 0)
		return (int)r;
	base = (unsigned long)r;
	c->o->munmap(c->t, base, len);
	t0 = bench_now_ns();
	for (i = 0; i < (unsigned long)n; i++) {
		va = base + 2 * i * PG;
		r = c->o->mmap(c->t, va, PG, i & 1 ? PROT_READ : RW,
			       ANON | MAP_FIXED_NOREPLACE, -1, 0);
		if (r != (long)va) {
			c->o->munmap(c->t, base, len);
			return r < 0 ? (int)r : -EEXIST;
		}
	}
	t1 = bench_now_ns();
	for (i = 0; i < (unsigned long)n; i++) {
		va = base + 2 * (i * SCATTER_STRIDE % (unsigned long)n) * PG;
		r = c->o->munmap(c->t, va, PG);
		if (r < 0)
			return (int)r;
	}
	t2 = bench_now_ns();
	out[0] = (double)(t2 - t0);
	out[1] = (double)n;
	out[2] = (double)(t1 - t0);
	out[3] = (double)(t2 - t1);
	return 0;
}

/* One page grown by one page @n times (MREMAP_MAYMOVE).  out: ns, grows,
 * moves (the times the mapping had to move). */
static int wl_mremap(void *ctx, long n, long b, const char *s, double *out)
{
	struct vm_ctx *c = ctx;
	unsigned long addr, i, moves = 0;
	uint64_t t0;
	long r;

	r = c->o->mmap(c->t, 0, PG, RW, ANON, -1, 0);
	if (r < 0)
		return (int)r;
	addr = (unsigned long)r;
	t0 = bench_now_ns();
	for (i = 1; i <= (unsigned long)n; i++) {
		r = c->o->mremap(c->t, addr, i * PG, (i + 1) * PG,
				 MREMAP_MAYMOVE, 0);
		if (r < 0)
			break;
		moves += (unsigned long)r != addr;
		addr = (unsigned long)r;
	}
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)n;
	out[2] = (double)moves;
	c->o->munmap(c->t, addr, i * PG);
	return r < 0 ? (int)r : 0;
}

/* The 1 TiB mapping, a page stored every SPARSE_STRIDE, then PROT_NONE. */
static int wl_sparse_setup(void *ctx, long a, long b, const char *s, double *out)
{
	struct vm_ctx *c = ctx;
	unsigned long off;
	long r;

	r = c->o->mmap(c->t, 0, SPARSE_LEN, RW, ANON | MAP_NORESERVE, -1, 0);
	if (r < 0)
		return (int)r;
	c->sparse = (unsigned long)r;
	for (off = 0; off < SPARSE_LEN; off += SPARSE_STRIDE) {
		r = c->o->store(c->t, c->sparse + off, &off, sizeof(off));
		if (r < 0)
			return (int)r;
	}
	return (int)c->o->mprotect(c->t, c->sparse, SPARSE_LEN, PROT_NONE);
}

static int wl_sparse_teardown(void *ctx, long a, long b, const char *s,
			      double *out)
{
	struct vm_ctx *c = ctx;
	long r = c->sparse ? c->o->munmap(c->t, c->sparse, SPARSE_LEN) : 0;

	c->sparse = 0;
	return (int)r;
}

/* @n mprotects of the whole 1 TiB, PROT_READ and PROT_NONE in turn.  out: ns, calls. */
static int wl_sparse_mprotect(void *ctx, long n, long b, const char *s,
			      double *out)
{
	struct vm_ctx *c = ctx;
	uint64_t t0 = bench_now_ns();
	long i, r;

	for (i = 0; i < n; i++) {
		r = c->o->mprotect(c->t, c->sparse, SPARSE_LEN,
				   i & 1 ? PROT_NONE : PROT_READ);
		if (r < 0)
			return (int)r;
	}
	if (n & 1)
		c->o->mprotect(c->t, c->sparse, SPARSE_LEN, PROT_NONE);
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)n;
	return 0;
}

/* @n madvise(@b) calls over the whole 1 TiB.  out: ns, calls. */
static int wl_sparse_madvise(void *ctx, long n, long b, const char *s,
			     double *out)
{
	struct vm_ctx *c = ctx;
	uint64_t t0 = bench_now_ns();
	long i, r;

	for (i = 0; i < n; i++) {
		r = c->o->madvise(c->t, c->sparse, SPARSE_LEN, (int)b);
		if (r < 0)
			return (int)r;
	}
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)n;
	return 0;
}

/* Write @val to the sysctl file @path; return the old value or -errno. */
static long sysctl_swap(const char *path, long val)
{
	long old = -1;
	FILE *f = fopen(path, "r+");

	if (!f)
		return -errno;
	if (fscanf(f, "%ld", &old) != 1) {
		fclose(f);
		return -EINVAL;
	}
	rewind(f);
	if (fprintf(f, "%ld\n", val) < 0 || fclose(f))
		return -EPERM;
	return old;
}

/* --- the sections ------------------------------------------------------------ */

struct mm_bench {
	const struct bench_args *args;
	struct bench_host *host;	/* [2] */
	struct mml_machine *m;
	struct mml_task *t;		/* the task of the simple workloads */
	struct vm_ctx mctx;
	struct bench_row *r;
	int n, max;
};

static bool room(struct mm_bench *b, int rows)
{
	return b->n + rows <= b->max;
}

/* A workload whose a (operations per round) is calibrated per side. */
static void bench_calibrated(struct mm_bench *b, bench_host_fn fn,
			     const char *name, const char *unit)
{
	struct bench_pair p = { .hfn = fn, .mfn = fn, .h = &b->host[0], .hctx = &host_ctx,
			  .mctx = &b->mctx, .rounds = BENCH_ROUNDS };

	bench_pair_calibrate(&p);
	bench_pair_run(&p);
	b->n += bench_pair_rows(b->r + b->n, name, &p, 1e-3, unit, 5);
}

static void bench_pairs(struct mm_bench *b)
{
	bench_calibrated(b, wl_pairs, "4 KiB anon mmap+munmap", "K pairs/s");
}

static void bench_mprotect(struct mm_bench *b)
{
	struct bench_row *r = b->r + b->n;
	double out[BENCH_HOST_OUT];
	int eh, em;

	eh = bench_host_call(&b->host[0], wl_setup, &host_ctx, 0, 0, NULL, out);
	em = wl_setup(&b->mctx, 0, 0, NULL, out);
	bench_calibrated(b, wl_mprotect, "mprotect split+merge, 1 of 1000 pages",
			 "K pairs/s");
	if (!r->note[0] && (eh || em))
		snprintf(r->note, sizeof(r->note), "setup failed: host %s, mmlab %s",
			 mml_errname(eh), mml_errname(em));
	snprintf(r->note + strlen(r->note), sizeof(r->note) - strlen(r->note),
		 "%sa pair = mprotect(PROT_READ) of page 500 (split in 3) + back to RW (merge)",
		 r->note[0] ? "; " : "");
	bench_host_call(&b->host[0], wl_teardown, &host_ctx, 0, 0, NULL, out);
	wl_teardown(&b->mctx, 0, 0, NULL, out);
}

/* A workload of a fixed size @a per round. */
static void bench_fixed(struct mm_bench *b, bench_host_fn fn, long a,
			const char *name, const char *unit, struct bench_pair *p)
{
	*p = (struct bench_pair){ .hfn = fn, .mfn = fn, .h = &b->host[0], .hctx = &host_ctx,
			    .mctx = &b->mctx, .ha = a, .ma = a,
			    .rounds = ROUNDS_HEAVY, .warmup = 1 };
	bench_pair_run(p);
	b->n += bench_pair_rows(b->r + b->n, name, p, 1e-3, unit, 5);
}

static void bench_scatter(struct mm_bench *b)
{
	struct bench_row *r = b->r + b->n;
	struct bench_pair p;

	bench_fixed(b, wl_scatter, SCATTER_MAPS, "30,000 mmaps, scattered munmaps",
		    "K maps/s", &p);
	if (!r->note[0] && !p.herr && !p.merr)
		snprintf(r->note, sizeof(r->note),
			 "a map = mmap+munmap; last round: host mmaps %.1f ms + munmaps %.1f ms, "
			 "mmlab %.1f + %.1f ms", p.hout[p.rounds - 1][2] / 1e6, p.hout[p.rounds - 1][3] / 1e6,
			 p.mout[p.rounds - 1][2] / 1e6, p.mout[p.rounds - 1][3] / 1e6);
}

static void bench_mremap(struct mm_bench *b)
{
	struct bench_row *r = b->r + b->n;
	struct bench_pair p;

	bench_fixed(b, wl_mremap, MREMAP_GROWS, "mremap grow by 1 page, 100,000 times",
		    "K mremaps/s", &p);
	if (!r->note[0] && !p.herr && !p.merr)
		snprintf(r->note, sizeof(r->note),
			 "MREMAP_MAYMOVE; the mapping moved %.0f times on the host, %.0f on mmlab",
			 p.hout[p.rounds - 1][2], p.mout[p.rounds - 1][2]);
}

/* Median microseconds per call of one side's rates (calls/s). */
static double median_us(const double *rate, int rounds)
{
	double v[BENCH_ROUNDS];
	int i, j;

	for (i = 0; i < rounds; i++) {
		double x = rate[i] > 0 ? 1e6 / rate[i] : 0;

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return rounds ? v[rounds / 2] : 0;
}

/* One row pair of the sparse 1 TiB workloads: @fn with argument @arg. */
static void sparse_one(struct mm_bench *b, bench_host_fn fn, long arg,
		       const char *name)
{
	struct bench_row *r = b->r + b->n;
	struct bench_pair p = { .hfn = fn, .mfn = fn, .h = &b->host[0],
				.hctx = &host_ctx, .mctx = &b->mctx, .b = arg,
				.rounds = BENCH_ROUNDS };

	bench_pair_calibrate(&p);
	bench_pair_run(&p);
	b->n += bench_pair_rows(r, name, &p, 1e-3, "K calls/s", 1);
	if (!r->note[0] && !p.herr && !p.merr)
		snprintf(r->note, sizeof(r->note),
			 "1 TiB PROT_NONE, 16 pages touched: %.2f us per call on the host, %.2f on mmlab",
			 median_us(p.host, p.rounds), median_us(p.mml, p.rounds));
}

static void bench_sparse(struct mm_bench *b)
{
	double out[BENCH_HOST_OUT];
	int eh, em;

	eh = bench_host_call(&b->host[0], wl_sparse_setup, &host_ctx, 0, 0, NULL, out);
	em = wl_sparse_setup(&b->mctx, 0, 0, NULL, out);
	if (eh || em) {
		fprintf(stderr, "mmlab-bench: sparse 1 TiB setup failed: host %s, mmlab %s\n",
			mml_errname(eh), mml_errname(em));
	} else {
		sparse_one(b, wl_sparse_mprotect, 0,
			   "mprotect of a sparse 1 TiB range");
		sparse_one(b, wl_sparse_madvise, MADV_DONTNEED,
			   "madvise(DONTNEED), sparse 1 TiB range");
		sparse_one(b, wl_sparse_madvise, MADV_COLD,
			   "madvise(COLD), sparse 1 TiB range");
	}
	bench_host_call(&b->host[0], wl_sparse_teardown, &host_ctx, 0, 0, NULL, out);
	wl_sparse_teardown(&b->mctx, 0, 0, NULL, out);
}

/* Per-round cost ratios rate(1k) / rate(1M) of one side; NULL if missing. */
static double *cost_ratios(const double *r1k, const double *r1m, int err,
			   int rounds, double *v)
{
	int i;

	if (err)
		return NULL;
	for (i = 0; i < rounds; i++)
		v[i] = r1m[i] > 0 ? r1k[i] / r1m[i] : 0;
	return v;
}

/* The row "cost at 1M VMAs / cost at 1k VMAs" and its host row. */
static int cost_rows(struct bench_row *r, const char *name,
		     const struct bench_pair *p1k, const struct bench_pair *p1m)
{
	double vm[BENCH_ROUNDS], vh[BENCH_ROUNDS];
	double *m = cost_ratios(p1k->mml, p1m->mml, p1k->merr | p1m->merr,
				p1k->rounds, vm);
	double *h = cost_ratios(p1k->host, p1m->host, p1k->herr | p1m->herr,
				p1k->rounds, vh);

	bench_row_set(&r[0], name, m, p1k->rounds, 1, "x cost");
	bench_row_set(&r[1], "  host kernel, same workload", h, p1k->rounds, 1,
		      "x cost");
	r[0].lower_better = r[1].lower_better = true;
	if (h)
		snprintf(r[0].baseline, sizeof(r[0].baseline), "host %.2fx",
			 r[1].median);
	bench_row_target(&r[0], r[0].median, false, 2, "< 2x");
	return 2;
}

struct churn {
	struct vm_ctx m1k, m1m;		/* mmlab's two tasks */
	int eh1k, eh1m, em1k, em1m;	/* setup errors */
	double build[4], teardown[4];	/* ns: host 1k, host 1M, mmlab 1k, 1M */
};

static void churn_setup(struct mm_bench *b, struct churn *c, long old_max)
{
	double out[BENCH_HOST_OUT] = { 0 };

	c->m1k = (struct vm_ctx){ .o = &bench_mml_vm,
				  .t = mml_task_new(b->m, "churn-1k") };
	c->m1m = (struct vm_ctx){ .o = &bench_mml_vm,
				  .t = mml_task_new(b->m, "churn-1m") };
	c->eh1k = bench_host_call(&b->host[0], wl_setup, &host_ctx, CHURN_SMALL,
				  0, NULL, out);
	c->build[0] = out[0];
	c->eh1m = old_max < 0 ? (int)old_max :
		  bench_host_call(&b->host[1], wl_setup, &host_ctx, CHURN_BIG, 0,
				  NULL, out);
	c->build[1] = out[0];
	c->em1k = c->m1k.t ? wl_setup(&c->m1k, CHURN_SMALL, 0, NULL, out) : -ENOMEM;
	c->build[2] = out[0];
	c->em1m = c->m1m.t ? wl_setup(&c->m1m, CHURN_BIG, 0, NULL, out) : -ENOMEM;
	c->build[3] = out[0];
}

static void churn_teardown(struct mm_bench *b, struct churn *c)
{
	double out[BENCH_HOST_OUT] = { 0 };

	bench_host_call(&b->host[0], wl_teardown, &host_ctx, 0, 0, NULL, out);
	c->teardown[0] = out[0];
	bench_host_call(&b->host[1], wl_teardown, &host_ctx, 0, 0, NULL, out);
	c->teardown[1] = out[0];
	if (c->m1k.t) {
		wl_teardown(&c->m1k, 0, 0, NULL, out);
		c->teardown[2] = out[0];
		mml_exit(c->m1k.t, 0);
	}
	if (c->m1m.t) {
		wl_teardown(&c->m1m, 0, 0, NULL, out);
		c->teardown[3] = out[0];
		mml_exit(c->m1m.t, 0);
	}
}

/* @fn with 1k and with 1M background VMAs, the four runs of a round in a row. */
static void churn_one(struct mm_bench *b, struct churn *c, bench_host_fn fn,
		      const char *what, const char *unit)
{
	struct bench_pair p1k = { .hfn = fn, .mfn = fn, .h = &b->host[0], .hctx = &host_ctx,
			    .mctx = &c->m1k, .rounds = BENCH_ROUNDS,
			    .herr = c->eh1k, .merr = c->em1k };
	struct bench_pair p1m = { .hfn = fn, .mfn = fn, .h = &b->host[1], .hctx = &host_ctx,
			    .mctx = &c->m1m, .rounds = BENCH_ROUNDS,
			    .herr = c->eh1m, .merr = c->em1m };
	char name[48];
	int i;

	bench_pair_calibrate(&p1k);
	p1m.ha = p1k.ha;
	p1m.ma = p1k.ma;
	p1m.herr = p1m.herr ? p1m.herr : p1k.herr;
	p1m.merr = p1m.merr ? p1m.merr : p1k.merr;
	for (i = 0; i < BENCH_ROUNDS; i++) {
		bench_pair_round(&p1k, i);
		bench_pair_round(&p1m, i);
	}
	snprintf(name, sizeof(name), "churn %s, 1k VMAs", what);
	b->n += bench_pair_rows(b->r + b->n, name, &p1k, 1e-3, unit, 5);
	snprintf(name, sizeof(name), "churn %s, 1M VMAs", what);
	b->n += bench_pair_rows(b->r + b->n, name, &p1m, 1e-3, unit, 5);
	snprintf(name, sizeof(name), "  cost 1M / 1k VMAs, %s", what);
	b->n += cost_rows(b->r + b->n, name, &p1k, &p1m);
}

static void bench_churn(struct mm_bench *b)
{
	long old_max = sysctl_swap("/proc/sys/vm/max_map_count", BIG_MAP_COUNT);
	struct bench_row *r;
	struct churn c;

	memset(&c, 0, sizeof(c));
	churn_setup(b, &c, old_max);
	churn_one(b, &c, wl_pairs, "mmap+munmap", "K pairs/s");
	r = b->r + b->n - 4;	/* the 1M-VMA row */
	churn_one(b, &c, wl_mprotect, "mprotect", "K pairs/s");
	churn_teardown(b, &c);
	if (old_max >= 0)
		sysctl_swap("/proc/sys/vm/max_map_count", old_max);
	if (!r->note[0] && !c.eh1m && !c.em1m)
		snprintf(r->note, sizeof(r->note),
			 "1M one-page VMAs built in %.2f s (host) / %.2f s (mmlab), "
			 "unmapped in %.2f / %.2f s", c.build[1] / 1e9,
			 c.build[3] / 1e9, c.teardown[1] / 1e9, c.teardown[3] / 1e9);
	else if (old_max < 0 && !r->note[0])
		snprintf(r->note, sizeof(r->note),
			 "host: cannot raise vm.max_map_count (%s): run as root",
			 mml_errname((int)old_max));
}

/* Boot the 4 GiB machine of the section; NULL (with a message) if not. */
static struct mml_machine *boot_big(void)
{
	struct mml_config cfg;
	struct mml_machine *m;
	char msg[256];
	int err;

	mml_config_init(&cfg);
	cfg.ram_size = MML_RAM;
	m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	if (!m)
		fprintf(stderr, "mmlab-bench: cannot boot a 4 GiB machine: %s (%s)\n",
			msg, mml_errname(err));
	return m;
}

/**
 * bench_mmap() - issue 3's figures: each workload on the host kernel (in
 * helper @host[0], the churn's 1M-VMA task in @host[1]) and on mmlab.
 * Return: the rows filled in @r (at most @max_rows).
 */
int bench_mmap(const struct bench_args *a, struct bench_host *host,
	       struct bench_row *r, int max_rows)
{
	struct mm_bench b = { .args = a, .host = host, .r = r, .max = max_rows };

	b.m = boot_big();
	if (!b.m)
		return 0;
	mml_sysctl_set(b.m, "vm.max_map_count", BIG_MAP_COUNT);
	b.t = mml_task_new(b.m, "bench");
	b.mctx = (struct vm_ctx){ .o = &bench_mml_vm, .t = b.t };
	if (b.t && room(&b, 2) && bench_wanted(a, "mmap", "mmap-pair"))
		bench_pairs(&b);
	if (b.t && room(&b, 2) && bench_wanted(a, "mmap", "mprotect"))
		bench_mprotect(&b);
	if (b.t && room(&b, 2) && bench_wanted(a, "mmap", "scatter"))
		bench_scatter(&b);
	if (b.t && room(&b, 2) && bench_wanted(a, "mmap", "mremap"))
		bench_mremap(&b);
	if (b.t && room(&b, 6) && bench_wanted(a, "mmap", "sparse"))
		bench_sparse(&b);
	if (b.t && room(&b, 12) && bench_wanted(a, "mmap", "churn"))
		bench_churn(&b);
	if (b.t)
		mml_exit(b.t, 0);
	mml_machine_free(b.m);
	return b.n;
}
