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

/* bench_mm.c: the page allocator, kmalloc, vmalloc. */
int bench_page_alloc(struct mml_machine *m, struct bench_row *r);
int bench_kmalloc(struct mml_machine *m, struct bench_row *r);
int bench_vmalloc(struct mml_machine *m, struct bench_row *r);

/* bench_mmu.c: the MMU and TLB. */
int bench_tlb_hit(struct mml_machine *m, struct bench_row *r,
		  struct bench_row *native, struct bench_row *api);
int bench_tlb_miss(struct mml_machine *m, struct bench_row *r,
		   struct bench_row *walk);

/* bench_boot.c: host memory and boot time; @r gets up to 5 rows. */
int bench_boot(struct bench_row *r, int max_rows);

#endif
