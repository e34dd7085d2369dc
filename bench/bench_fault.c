// SPDX-License-Identifier: MIT
/*
 * Issue 4's figures: page faults, fork and the page cache on the host
 * kernel and on mmlab, the same workload on both sides in one run (the
 * host side in a helper process, see bench_host_start(); mmlab through the
 * public API on a machine booted with 4 GiB of RAM), rounds alternating.
 *
 *   anon-write  one byte stored in each page of a fresh 128 MiB anonymous
 *               mapping (MADV_NOHUGEPAGE: 4 KiB pages on the host too)
 *   anon-read   one byte loaded from each page of such a mapping (the zero
 *               page)
 *   cow         a child forked from a parent whose 64 MiB are touched
 *               stores one byte in each page (the host child times itself
 *               and reports through a pipe)
 *   fork-exit   fork of a task with 512 MiB touched, then the child's exit
 *               (host: fork + _exit + waitpid)
 *   file-read   one byte loaded from each page of a MAP_PRIVATE PROT_READ
 *               mapping of a 64 MiB file already in the page cache;
 *               fault-around maps 16 pages per fault on both sides
 *   msync       4 KiB stored into each page of a MAP_SHARED mapping of a
 *               512 MiB file in /tmp, then msync(MS_SYNC) of it all
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <mmlab/mmlab.h>
#include "bench/bench.h"

#define PG			4096UL
#define ANON_PAGES		32768L		/* 128 MiB */
#define COW_PAGES		16384L		/* 64 MiB */
#define FORK_PAGES		131072L		/* 512 MiB */
#define FILE_PAGES		16384L		/* 64 MiB */
#define MSYNC_PAGES		131072L		/* 512 MiB */
#define ROUNDS_FORK		7
#define ROUNDS_MSYNC		5
#define MML_RAM			(4ULL << 30)

#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW	(PROT_READ | PROT_WRITE)

/* One side's state: the host helper's own copy, or an mmlab task's. */
struct fault_ctx {
	const struct bench_vm_ops *o;
	struct mml_machine *m;		/* NULL on the host */
	void *t;			/* the mmlab task; NULL on the host */
	unsigned long region;		/* touched memory of cow / fork-exit */
	long fd;			/* the open file of file-read / msync */
	int sync_fd;			/* a host fd of the same file, for fsync */
};

static struct fault_ctx host_ctx = { .o = &bench_host_vm, .fd = -1,
				     .sync_fd = -1 };

/* A fresh anonymous mapping of @pages with THP off; address or -errno. */
static long map_anon(struct fault_ctx *c, long pages)
{
	unsigned long len = (unsigned long)pages * PG;
	long r = c->o->mmap(c->t, 0, len, RW, ANON, -1, 0);

	if (r >= 0 && c->o->madvise(c->t, (unsigned long)r, len, MADV_NOHUGEPAGE))
		fprintf(stderr, "mmlab-bench: %s: MADV_NOHUGEPAGE failed\n", c->o->side);
	return r;
}

/* Touch each of @pages pages from @va: a store of one byte (@write) or a
 * load.  Return: 0 or the signal / -errno. */
static int touch(struct fault_ctx *c, unsigned long va, long pages, bool write)
{
	unsigned char byte = 1;
	long i;
	int sig;

	for (i = 0; i < pages; i++, va += PG) {
		sig = write ? c->o->store(c->t, va, &byte, 1) :
			      c->o->load(c->t, va, &byte, 1);
		if (sig)
			return sig;
		bench_sink += byte;
	}
	return 0;
}

/* Anonymous faults on @a fresh pages, writes if @b.  out: ns, faults
 * expected (pages), page faults counted. */
static int wl_anon(void *ctx, long a, long b, const char *s, double *out)
{
	struct fault_ctx *c = ctx;
	unsigned long f0;
	uint64_t t0;
	long va = map_anon(c, a);
	int err;

	if (va < 0)
		return (int)va;
	f0 = c->o->faults(c->t);
	t0 = bench_now_ns();
	err = touch(c, (unsigned long)va, a, b);
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)a;
	out[2] = (double)(c->o->faults(c->t) - f0);
	c->o->munmap(c->t, (unsigned long)va, (unsigned long)a * PG);
	return err > 0 ? -EFAULT : err;
}

/* The parent's memory of cow and fork-exit: @a pages, all written. */
static int wl_region_setup(void *ctx, long a, long b, const char *s, double *out)
{
	struct fault_ctx *c = ctx;
	long va = map_anon(c, a);

	if (va < 0)
		return (int)va;
	c->region = (unsigned long)va;
	return touch(c, c->region, a, true) ? -EFAULT : 0;
}

static int wl_region_teardown(void *ctx, long a, long b, const char *s,
			      double *out)
{
	struct fault_ctx *c = ctx;
	long r = 0;

	if (c->region)
		r = c->o->munmap(c->t, c->region, (unsigned long)a * PG);
	c->region = 0;
	return (int)r;
}

/* Host: a forked child writes each of the @a touched pages (COW faults),
 * timing itself.  out: ns, faults expected, faults counted. */
static int host_cow(void *ctx, long a, long b, const char *s, double *out)
{
	struct fault_ctx *c = ctx;
	double msg[2] = { 0, 0 };
	int fd[2], status;
	pid_t pid;

	if (pipe(fd))
		return -errno;
	pid = fork();
	if (pid == 0) {
		unsigned long f0 = c->o->faults(NULL);
		uint64_t t0 = bench_now_ns();

		touch(c, c->region, a, true);
		msg[0] = (double)(bench_now_ns() - t0);
		msg[1] = (double)(c->o->faults(NULL) - f0);
		if (write(fd[1], msg, sizeof(msg)) != sizeof(msg))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], msg, sizeof(msg)) != sizeof(msg))
		msg[0] = -1;
	close(fd[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (msg[0] < 0)
		return pid < 0 ? -EAGAIN : -EPIPE;
	out[0] = msg[0];
	out[1] = (double)a;
	out[2] = msg[1];
	return 0;
}

/* mmlab: the same with mml_fork(); the child task writes, then exits. */
static int mml_cow(void *ctx, long a, long b, const char *s, double *out)
{
	struct fault_ctx *c = ctx;
	struct fault_ctx child = *c;
	unsigned long f0;
	uint64_t t0;
	long pid = mml_fork(c->t);
	int err;

	if (pid < 0)
		return (int)pid;
	child.t = mml_task_get(c->m, (int)pid);
	f0 = c->o->faults(child.t);
	t0 = bench_now_ns();
	err = touch(&child, c->region, a, true);
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)a;
	out[2] = (double)(c->o->faults(child.t) - f0);
	mml_exit(child.t, 0);
	return err ? -EFAULT : 0;
}

/* Host: fork + _exit + waitpid of the helper holding the region.
 * out: ns, 1 (one fork+exit). */
static int host_fork_exit(void *ctx, long a, long b, const char *s, double *out)
{
	uint64_t t0 = bench_now_ns();
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return -errno;
	waitpid(pid, &status, 0);
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = 1;
	return 0;
}

static int mml_fork_exit(void *ctx, long a, long b, const char *s, double *out)
{
	struct fault_ctx *c = ctx;
	uint64_t t0 = bench_now_ns();
	long pid = mml_fork(c->t);

	if (pid < 0)
		return (int)pid;
	mml_exit(mml_task_get(c->m, (int)pid), 0);
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = 1;
	return 0;
}

/* Open @s (O_RDWR if @b) and read all of its @a pages once: the page
 * cache is warm.  The fd stays open in @ctx. */
static int wl_file_open(void *ctx, long a, long b, const char *s, double *out)
{
	struct fault_ctx *c = ctx;
	static char buf[64 * 1024];
	long off, k;

	c->fd = c->o->open(c->t, s, b ? O_RDWR : O_RDONLY, 0);
	if (c->fd < 0)
		return (int)c->fd;
	for (off = 0; off < a * (long)PG; off += k) {
		k = c->o->pread(c->t, (int)c->fd, buf, sizeof(buf), off);
		if (k <= 0)
			return k < 0 ? (int)k : -EIO;
	}
	c->sync_fd = c->t ? open(s, O_RDWR) : (int)c->fd;
	return 0;
}

static int wl_file_close(void *ctx, long a, long b, const char *s, double *out)
{
	struct fault_ctx *c = ctx;

	if (c->t && c->sync_fd >= 0)
		close(c->sync_fd);
	if (c->fd >= 0)
		c->o->close(c->t, (int)c->fd);
	c->fd = -1;
	c->sync_fd = -1;
	return 0;
}

/* Read faults over a private mapping of the open file's @a pages.
 * out: ns, pages, faults counted. */
static int wl_file_read(void *ctx, long a, long b, const char *s, double *out)
{
	struct fault_ctx *c = ctx;
	unsigned long len = (unsigned long)a * PG, f0;
	uint64_t t0;
	long va = c->o->mmap(c->t, 0, len, PROT_READ, MAP_PRIVATE, (int)c->fd, 0);
	int err;

	if (va < 0)
		return (int)va;
	f0 = c->o->faults(c->t);
	t0 = bench_now_ns();
	err = touch(c, (unsigned long)va, a, false);
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)a;
	out[2] = (double)(c->o->faults(c->t) - f0);
	c->o->munmap(c->t, (unsigned long)va, len);
	return err > 0 ? -EFAULT : err;
}

/*
 * 4 KiB stored into each of the open file's @a pages through a shared
 * mapping, then msync(MS_SYNC) of it all, then fsync() of the host file
 * (on mmlab, what reaches the disk).  out: ns of the msync, bytes, ns of
 * the stores, ns of the fsync.
 */
static int wl_msync(void *ctx, long a, long b, const char *s, double *out)
{
	struct fault_ctx *c = ctx;
	unsigned long len = (unsigned long)a * PG, i;
	static unsigned char page[PG];
	uint64_t t0, t1, t2;
	long va = c->o->mmap(c->t, 0, len, RW, MAP_SHARED, (int)c->fd, 0);
	long err = 0;

	if (va < 0)
		return (int)va;
	memset(page, (int)(b & 0xff), sizeof(page));
	t0 = bench_now_ns();
	for (i = 0; i < (unsigned long)a && !err; i++)
		err = c->o->store(c->t, (unsigned long)va + i * PG, page, PG);
	t1 = bench_now_ns();
	if (!err)
		err = c->o->msync(c->t, (unsigned long)va, len, MS_SYNC);
	t2 = bench_now_ns();
	if (!err && fsync(c->sync_fd))
		err = -errno;
	out[0] = (double)(t2 - t1);
	out[1] = (double)len;
	out[2] = (double)(t1 - t0);
	out[3] = (double)(bench_now_ns() - t2);
	c->o->munmap(c->t, (unsigned long)va, len);
	return err > 0 ? -EFAULT : (int)err;
}

/* --- the sections ------------------------------------------------------------ */

struct fault_bench {
	const struct bench_args *args;
	struct bench_host *host;
	struct fault_ctx mctx;		/* mmlab's side */
	struct bench_row *r;
	int n, max;
};

static bool room(struct fault_bench *b, int rows)
{
	return b->n + rows <= b->max;
}

static void pair_init(struct fault_bench *b, struct bench_pair *p,
		      bench_host_fn hfn, bench_host_fn mfn, long a, long arg_b,
		      int rounds)
{
	*p = (struct bench_pair){ .hfn = hfn, .mfn = mfn, .h = &b->host[0],
				  .hctx = &host_ctx, .mctx = &b->mctx,
				  .ha = a, .ma = a, .b = arg_b, .rounds = rounds,
				  .warmup = 1 };
}

/* The faults each side counted in its last round, in @r's note. */
static void note_faults(struct bench_row *r, const struct bench_pair *p,
			const char *what)
{
	const double *h = p->hout[p->rounds - 1], *m = p->mout[p->rounds - 1];

	if (r->note[0] || p->herr || p->merr)
		return;
	snprintf(r->note, sizeof(r->note),
		 "%s; faults counted per round: host %.0f, mmlab %.0f (%.0f pages)",
		 what, h[2], m[2], m[1]);
}

static void bench_anon(struct fault_bench *b, bool write)
{
	struct bench_row *r = b->r + b->n;
	struct bench_pair p;

	pair_init(b, &p, wl_anon, wl_anon, ANON_PAGES, write, BENCH_ROUNDS);
	bench_pair_run(&p);
	b->n += bench_pair_rows(r, write ? "anon write faults (4 KiB, THP off)" :
				"anon read faults (zero page)", &p, 1e-3,
				"K faults/s", 3);
	note_faults(r, &p, write ? "one byte stored per page of 128 MiB" :
		    "one byte loaded per page of 128 MiB");
}

/* Both sides' parents get @pages touched; -errno if either failed. */
static int region_setup(struct fault_bench *b, long pages, int *eh, int *em)
{
	double out[BENCH_HOST_OUT];

	*eh = bench_host_call(&b->host[0], wl_region_setup, &host_ctx, pages, 0,
			      NULL, out);
	*em = wl_region_setup(&b->mctx, pages, 0, NULL, out);
	return *eh ? *eh : *em;
}

static void region_teardown(struct fault_bench *b, long pages)
{
	double out[BENCH_HOST_OUT];

	bench_host_call(&b->host[0], wl_region_teardown, &host_ctx, pages, 0,
			NULL, out);
	wl_region_teardown(&b->mctx, pages, 0, NULL, out);
}

static void bench_cow(struct fault_bench *b)
{
	struct bench_row *r = b->r + b->n;
	struct bench_pair p;

	pair_init(b, &p, host_cow, mml_cow, COW_PAGES, 0, BENCH_ROUNDS);
	region_setup(b, COW_PAGES, &p.herr, &p.merr);
	bench_pair_run(&p);
	b->n += bench_pair_rows(r, "COW write faults after fork", &p, 1e-3,
				"K faults/s", 3);
	note_faults(r, &p, "the child stores one byte per page of the parent's 64 MiB");
	region_teardown(b, COW_PAGES);
}

static void bench_fork_exit(struct fault_bench *b)
{
	struct bench_row *r = b->r + b->n;
	struct bench_pair p;
	double h, m;

	pair_init(b, &p, host_fork_exit, mml_fork_exit, FORK_PAGES, 0, ROUNDS_FORK);
	region_setup(b, FORK_PAGES, &p.herr, &p.merr);
	bench_pair_run(&p);
	b->n += bench_pair_rows(r, "fork+exit, 512 MiB touched", &p, 1,
				"forks/s", 0.5);
	h = r[1].median;
	m = r[0].median;
	if (!r->note[0] && h > 0 && m > 0)
		snprintf(r->note, sizeof(r->note),
			 "%.1f ms per fork+exit on the host, %.1f ms on mmlab "
			 "(131072 PTEs copied and zapped)", 1e3 / h, 1e3 / m);
	region_teardown(b, FORK_PAGES);
}

/* Create @path with @pages pages (written with data if @fill, else a
 * sparse file).  Return: 0 or -errno. */
static int make_file(const char *path, long pages, bool fill)
{
	static char buf[64 * 1024];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	long off;
	int err = 0;

	if (fd < 0)
		return -errno;
	memset(buf, 'm', sizeof(buf));
	for (off = 0; fill && !err && off < pages * (long)PG; off += (long)sizeof(buf))
		if (pwrite(fd, buf, sizeof(buf), off) != (ssize_t)sizeof(buf))
			err = -errno;
	if (!err && ftruncate(fd, pages * (long)PG))
		err = -errno;
	close(fd);
	return err;
}

/* Both sides open their file (@hpath, @mpath) and read it once. */
static void files_open(struct fault_bench *b, const char *hpath,
		       const char *mpath, long pages, bool rw, int *eh, int *em)
{
	double out[BENCH_HOST_OUT];

	*eh = bench_host_call(&b->host[0], wl_file_open, &host_ctx, pages, rw,
			      hpath, out);
	*em = wl_file_open(&b->mctx, pages, rw, mpath, out);
}

static void files_close(struct fault_bench *b)
{
	double out[BENCH_HOST_OUT];

	bench_host_call(&b->host[0], wl_file_close, &host_ctx, 0, 0, NULL, out);
	wl_file_close(&b->mctx, 0, 0, NULL, out);
}

static void bench_file_read(struct fault_bench *b)
{
	struct bench_row *r = b->r + b->n;
	struct bench_pair p;
	char path[64];

	snprintf(path, sizeof(path), "/tmp/mmlab-bench-%d-read", (int)getpid());
	pair_init(b, &p, wl_file_read, wl_file_read, FILE_PAGES, 0, BENCH_ROUNDS);
	p.herr = p.merr = make_file(path, FILE_PAGES, true);
	if (!p.herr)
		files_open(b, path, path, FILE_PAGES, false, &p.herr, &p.merr);
	bench_pair_run(&p);
	b->n += bench_pair_rows(r, "file read faults, warm page cache", &p, 1e-3,
				"K pages/s", 0);
	note_faults(r, &p, "MAP_PRIVATE PROT_READ of a 64 MiB file, one byte loaded per page, "
		    "fault-around");
	files_close(b);
	unlink(path);
}

/* Rates out[1] / (out[@i] + out[@j]) of each round of one side. */
static const double *rates_of(const double (*out)[BENCH_HOST_OUT], int err,
			      int rounds, int i, int j, double *v)
{
	int k;

	if (err)
		return NULL;
	for (k = 0; k < rounds; k++)
		v[k] = out[k][1] * 1e9 / (out[k][i] + (j ? out[k][j] : 0) + 1);
	return v;
}

/* The rows of the msync section: msync, then the stores, msync+fsync. */
static void msync_rows(struct fault_bench *b, const struct bench_pair *p)
{
	struct bench_row *r = b->r + b->n;
	double vh[BENCH_ROUNDS], vm[BENCH_ROUNDS];

	b->n += bench_pair_rows(r, "msync(MS_SYNC) of 512 MiB, shared file", p,
				1e-6, "MB/s", 0.5);
	if (!r->note[0])
		snprintf(r->note, sizeof(r->note),
			 "4 KiB stored into each page of a MAP_SHARED 512 MiB file in /tmp, "
			 "then msync; mmlab writes back with pwrite");
	b->n += bench_row_pair(b->r + b->n, "  stores into the mapping (faults)",
			       rates_of(p->mout, p->merr, p->rounds, 2, 0, vm),
			       rates_of(p->hout, p->herr, p->rounds, 2, 0, vh),
			       p->rounds, 1e-6, "MB/s", 0);
	b->n += bench_row_pair(b->r + b->n, "  msync + fsync of the host file",
			       rates_of(p->mout, p->merr, p->rounds, 0, 3, vm),
			       rates_of(p->hout, p->herr, p->rounds, 0, 3, vh),
			       p->rounds, 1e-6, "MB/s", 0);
}

static void bench_msync(struct fault_bench *b)
{
	struct bench_pair p;
	char hpath[64], mpath[64];

	snprintf(hpath, sizeof(hpath), "/tmp/mmlab-bench-%d-msync-host", (int)getpid());
	snprintf(mpath, sizeof(mpath), "/tmp/mmlab-bench-%d-msync-mmlab", (int)getpid());
	pair_init(b, &p, wl_msync, wl_msync, MSYNC_PAGES, 0x5a, ROUNDS_MSYNC);
	p.herr = make_file(hpath, MSYNC_PAGES, false);
	p.merr = make_file(mpath, MSYNC_PAGES, false);
	if (!p.herr && !p.merr)
		files_open(b, hpath, mpath, MSYNC_PAGES, true, &p.herr, &p.merr);
	/* The warm-up round allocates the blocks and fills the page caches. */
	bench_pair_run(&p);
	msync_rows(b, &p);
	files_close(b);
	unlink(hpath);
	unlink(mpath);
}

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
 * bench_fault() - issue 4's figures: each workload on the host kernel (in
 * helper @host[0]) and on mmlab, rounds alternating.
 * Return: the rows filled in @r (at most @max_rows).
 */
int bench_fault(const struct bench_args *a, struct bench_host *host,
		struct bench_row *r, int max_rows)
{
	struct fault_bench b = { .args = a, .host = host, .r = r, .max = max_rows };
	struct mml_machine *m = boot_big();

	if (!m)
		return 0;
	b.mctx = (struct fault_ctx){ .o = &bench_mml_vm, .m = m, .fd = -1,
				     .sync_fd = -1,
				     .t = mml_task_new(m, "bench") };
	if (b.mctx.t && room(&b, 2) && bench_wanted(a, "fault", "anon-write"))
		bench_anon(&b, true);
	if (b.mctx.t && room(&b, 2) && bench_wanted(a, "fault", "anon-read"))
		bench_anon(&b, false);
	if (b.mctx.t && room(&b, 2) && bench_wanted(a, "fault", "cow"))
		bench_cow(&b);
	if (b.mctx.t && room(&b, 2) && bench_wanted(a, "fault", "fork-exit"))
		bench_fork_exit(&b);
	if (b.mctx.t && room(&b, 2) && bench_wanted(a, "fault", "file-read"))
		bench_file_read(&b);
	if (b.mctx.t && room(&b, 6) && bench_wanted(a, "fault", "msync"))
		bench_msync(&b);
	if (b.mctx.t)
		mml_exit(b.mctx.t, 0);
	mml_machine_free(m);
	return b.n;
}
