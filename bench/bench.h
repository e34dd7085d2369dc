/* SPDX-License-Identifier: MIT */
/*
 * mmlab-bench: the figures of issue 2's "Done means".  Every measurement
 * is repeated BENCH_ROUNDS times and the median reported; figures only,
 * the program never judges a run by its timings (it exits 0).
 */
#ifndef MMLAB_BENCH_H
#define MMLAB_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mml_machine;

#define BENCH_ROUNDS		11
#define BENCH_BOOT_ROUNDS	5
#define BENCH_ROUND_NS		80000000ULL	/* aim for 80 ms per round */

/* Results land here so that no loop can be optimised away. */
extern volatile uint64_t bench_sink;

/* One line of the table. */
struct bench_row {
	char name[48];
	double median;		/* in @unit; < 0: not measured */
	double spread;		/* (max - min) / median over the rounds */
	double lo, hi;		/* the extreme rounds, in @unit */
	bool lower_better;	/* a cost (time, bytes), not a rate */
	char unit[16];
	char baseline[32];	/* the host figure compared with, or "" */
	double ratio;		/* median / baseline; < 0: none */
	bool ratio_x;		/* print the ratio as "2.50x", not "250%" */
	char target[24];	/* "" when the issue sets none */
	int met;		/* 1 met, 0 missed, -1 no target */
	char note[160];		/* printed under the table when not "" */
};

/* Run @n iterations of the measured operation. */
typedef void (*bench_fn)(void *ctx, uint64_t n);

uint64_t bench_now_ns(void);
/* Iterations of @fn that take about BENCH_ROUND_NS. */
uint64_t bench_calibrate(bench_fn fn, void *ctx);
/* Operations per second in each of @rounds rounds of @n iterations. */
void bench_rates(bench_fn fn, void *ctx, uint64_t n, int rounds,
		 double *rate);
/* The same, alternating rounds of @a and @b so both see the same noise. */
void bench_rates_pair(bench_fn a, void *actx, uint64_t an, bench_fn b,
		      void *bctx, uint64_t bn, int rounds, double *ra,
		      double *rb);
/* Median of @v (sorted in place) and its relative spread. */
double bench_median(double *v, int n, double *spread);

/* Fill @r from @rounds samples of @v, scaled by @scale (e.g. 1e-6 for M). */
void bench_row_set(struct bench_row *r, const char *name, double *v,
		   int rounds, double scale, const char *unit);
/* Set the target "@op @limit @unit" and whether @value meets it. */
void bench_row_target(struct bench_row *r, double value, bool at_least,
		      double limit, const char *text);

/* Resident set size of this process, in bytes (/proc/self/statm). */
uint64_t bench_rss(void);

/*
 * Fill @r[0] (mmlab) and @r[1] (the host kernel, indented) from @rounds
 * paired samples of the same workload, scaled by @scale; @r[0]'s baseline is
 * the host's median and its ratio the median of the per-round mmlab/host
 * ratios (rounds alternate, so each ratio compares one moment's noise).
 * @mml or @host NULL: that side was not measured.  The target, if any, is
 * "mmlab/host >= @target_x".  Return: 2, the rows filled.
 */
int bench_row_pair(struct bench_row *r, const char *name, const double *mml,
		   const double *host, int rounds, double scale,
		   const char *unit, double target_x);

/*
 * Host-kernel workloads run in a helper process forked at start-up, while
 * this process is still small: a host fork() then copies only the
 * workload's memory, not the simulated RAM of the machines booted later.
 * A request names a function of this program (same addresses after fork),
 * a context pointer (the helper's own copy of that object), two integers
 * and a string; the function fills @out (out[0]: nanoseconds).
 */
typedef int (*bench_host_fn)(void *ctx, long a, long b, const char *str,
			     double *out);
#define BENCH_HOST_OUT	4

struct bench_host {
	int pid;		/* 0: not running */
	int req_fd, resp_fd;
};

/* Fork the helper.  Return: 0 or -errno. */
int bench_host_start(struct bench_host *h);
/* Run @fn(@ctx, @a, @b, @str, out) in the helper.  Return: its result, or
 * -EPIPE if the helper is gone (it died in a host workload). */
int bench_host_call(struct bench_host *h, bench_host_fn fn, void *ctx, long a,
		    long b, const char *str, double out[BENCH_HOST_OUT]);
void bench_host_stop(struct bench_host *h);

/*
 * One workload on both sides, rounds alternating: @hfn in helper @h with
 * context @hctx and argument @ha, @mfn in this process with @mctx and @ma
 * (the same function for a workload written once against bench_vm_ops).
 * The rate of a round is out[1] / out[0] per second; every round's out[]
 * is kept.  @warmup rounds run first and are not counted (mmlab's first
 * touch of simulated RAM is a host page fault, a one-time cost).  An error stops that side (its rows print n/a).
 */
struct bench_pair {
	bench_host_fn hfn, mfn;
	struct bench_host *h;
	void *hctx, *mctx;
	long ha, ma, b;
	int rounds;			/* at most BENCH_ROUNDS */
	int warmup;			/* rounds run first, not counted */
	double host[BENCH_ROUNDS], mml[BENCH_ROUNDS];
	double hout[BENCH_ROUNDS][BENCH_HOST_OUT];
	double mout[BENCH_ROUNDS][BENCH_HOST_OUT];
	int herr, merr;
};

/* Round @i: the host side, then mmlab's. */
void bench_pair_round(struct bench_pair *p, int i);
void bench_pair_run(struct bench_pair *p);
/* Set ha and ma so that a round of each side takes about half of
 * BENCH_ROUND_NS (a is a count of operations). */
void bench_pair_calibrate(struct bench_pair *p);
/* bench_row_pair() of @p's rates, with a note naming a failed side. */
int bench_pair_rows(struct bench_row *r, const char *name,
		    const struct bench_pair *p, double scale, const char *unit,
		    double target_x);

/* The command line: is benchmark @name (of @group, or NULL) selected? */
struct bench_args {
	int argc;
	char **argv;
};
bool bench_wanted(const struct bench_args *a, const char *group,
		  const char *name);

/*
 * The same virtual-memory calls on the host kernel and on an mmlab task,
 * so that each workload is written once (bench_mmap.c).  Every call returns
 * what the mmlab API returns: the result or -errno.
 */
struct bench_vm_ops {
	const char *side;	/* "host" or "mmlab" */
	long (*mmap)(void *t, unsigned long addr, unsigned long len, int prot,
		     int flags, int fd, unsigned long off);
	long (*munmap)(void *t, unsigned long addr, unsigned long len);
	long (*mprotect)(void *t, unsigned long addr, unsigned long len,
			 int prot);
	long (*mremap)(void *t, unsigned long old_addr, unsigned long old_len,
		       unsigned long new_len, int flags, unsigned long new_addr);
	long (*madvise)(void *t, unsigned long addr, unsigned long len,
			int advice);
	long (*msync)(void *t, unsigned long addr, unsigned long len,
		      int flags);
	long (*open)(void *t, const char *path, int flags, int mode);
	long (*close)(void *t, int fd);
	long (*pread)(void *t, int fd, void *buf, unsigned long n, long off);
	/* A user-mode access: 0 or the signal. */
	int (*load)(void *t, unsigned long va, void *dst, unsigned long n);
	int (*store)(void *t, unsigned long va, const void *src,
		     unsigned long n);
	/* The task's minor + major page faults so far. */
	unsigned long (*faults)(void *t);
};
extern const struct bench_vm_ops bench_host_vm, bench_mml_vm;

/* bench_mmap.c: issue 3's system-call figures; @host[0..1] are helpers.
 * Return: the rows filled (at most @max_rows). */
int bench_mmap(const struct bench_args *a, struct bench_host *host,
	       struct bench_row *r, int max_rows);
/* bench_fault.c: issue 4's fault, fork and page-cache figures. */
int bench_fault(const struct bench_args *a, struct bench_host *host,
		struct bench_row *r, int max_rows);

/* bench_drv.c: issue 9's driver-mapping figures. */
int bench_drv(const struct bench_args *a, struct bench_host *host,
	      struct bench_row *r, int max_rows);
/* bench_mm.c: reclaim's later pass over @pages pages at @va of mmlab task
 * @t: each page written by MADV_PAGEOUT leaves the swap cache. */
void bench_reclaim_swap_cache(void *t, unsigned long va, long pages);
/* bench_swap.c: issue 10's MADV_PAGEOUT and swap-in figures. */
int bench_swap(const struct bench_args *a, struct bench_host *host,
	       struct bench_row *r, int max_rows);
/* bench_reclaim.c: kswapd's reclaim rate against the host's MADV_PAGEOUT. */
int bench_reclaim(struct bench_row *r, int max_rows);

/* bench_mm.c: the page allocator, kmalloc, vmalloc. */
int bench_page_alloc(struct mml_machine *m, struct bench_row *r);
int bench_kmalloc(struct mml_machine *m, struct bench_row *r);
int bench_vmalloc(struct mml_machine *m, struct bench_row *r);

/* bench_mmu.c: the MMU and TLB. */
int bench_tlb_hit(struct mml_machine *m, struct bench_row *r,
		  struct bench_row *native, struct bench_row *api);
int bench_tlb_miss(struct mml_machine *m, struct bench_row *r,
		   struct bench_row *walk);

/* bench_dma.c: 64 MiB through the DMA engine, direct and bounced. */
int bench_dma(struct bench_row *r, int max_rows);

/* bench_module.c: insmod+rmmod per second; one row. */
int bench_module(struct bench_row *r);
/* bench_boot.c: host memory and boot time; @r gets up to 5 rows. */
int bench_boot(struct bench_row *r, int max_rows);

#endif
