// SPDX-License-Identifier: MIT
/*
 * The kernel allocators: order-0 alloc_pages()+__free_pages() pairs,
 * kmalloc-64 kmalloc()+kfree() pairs next to glibc's malloc(64)+free(),
 * and vmalloc()+vfree() of 1 MiB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/sched.h>
#include <linux/vmscan.h>
#include "mm/internal.h"
#include "mm/swap.h"
#include "bench/bench.h"

struct mm_ctx {
	struct mml_machine *m;
	uint64_t failures;	/* allocations that returned NULL */
};

static void run_page_pairs(void *arg, uint64_t n)
{
	struct mm_ctx *c = arg;
	struct page *page;
	uint64_t i;

	for (i = 0; i < n; i++) {
		page = alloc_pages(GFP_KERNEL, 0);
		if (unlikely(!page)) {
			c->failures++;
			continue;
		}
		bench_sink += (uintptr_t)page;
		__free_pages(page, 0);
	}
}

/**
 * bench_page_alloc() - order-0 alloc_pages()+__free_pages() pairs per
 * second (the per-cpu list fast path, as in Linux).
 */
int bench_page_alloc(struct mml_machine *m, struct bench_row *r)
{
	struct mm_ctx c = { .m = m };
	double rate[BENCH_ROUNDS];
	uint64_t n = bench_calibrate(run_page_pairs, &c);

	bench_rates(run_page_pairs, &c, n, BENCH_ROUNDS, rate);
	bench_row_set(r, "order-0 alloc_pages+__free_pages", c.failures ? NULL : rate,
		      BENCH_ROUNDS, 1e-6, "M pairs/s");
	bench_row_target(r, r->median, true, 20, ">= 20 M/s");
	if (c.failures)
		snprintf(r->note, sizeof(r->note), "%llu allocations failed",
			 (unsigned long long)c.failures);
	return c.failures ? -ENOMEM : 0;
}

static void run_kmalloc_pairs(void *arg, uint64_t n)
{
	struct mm_ctx *c = arg;
	void *p;
	uint64_t i;

	for (i = 0; i < n; i++) {
		p = kmalloc(64, GFP_KERNEL);
		if (unlikely(!p)) {
			c->failures++;
			continue;
		}
		bench_sink += (uintptr_t)p;
		kfree(p);
	}
}

static void run_malloc_pairs(void *arg, uint64_t n)
{
	void *p;
	uint64_t i;

	for (i = 0; i < n; i++) {
		p = malloc(64);
		bench_sink += (uintptr_t)p;
		free(p);
	}
}

/**
 * bench_kmalloc() - kmalloc(64)+kfree() pairs per second next to glibc's
 * malloc(64)+free() in the same process, rounds alternating.
 */
int bench_kmalloc(struct mml_machine *m, struct bench_row *r)
{
	struct mm_ctx c = { .m = m };
	double rk[BENCH_ROUNDS], rg[BENCH_ROUNDS], glibc;
	uint64_t nk = bench_calibrate(run_kmalloc_pairs, &c);
	uint64_t ng = bench_calibrate(run_malloc_pairs, NULL);

	bench_rates_pair(run_kmalloc_pairs, &c, nk, run_malloc_pairs, NULL, ng,
			 BENCH_ROUNDS, rk, rg);
	bench_row_set(r, "kmalloc-64 kmalloc+kfree", c.failures ? NULL : rk,
		      BENCH_ROUNDS, 1e-6, "M pairs/s");
	glibc = bench_median(rg, BENCH_ROUNDS, NULL) * 1e-6;
	snprintf(r->baseline, sizeof(r->baseline), "glibc %.1f M/s", glibc);
	if (r->median >= 0)
		r->ratio = r->median / glibc;
	bench_row_target(r, r->ratio, true, 0.5, ">= 50% of glibc");
	if (c.failures)
		snprintf(r->note, sizeof(r->note), "%llu allocations failed",
			 (unsigned long long)c.failures);
	return c.failures ? -ENOMEM : 0;
}

static void run_vmalloc_pairs(void *arg, uint64_t n)
{
	struct mm_ctx *c = arg;
	void *p;
	uint64_t i;

	for (i = 0; i < n; i++) {
		p = vmalloc(1UL << 20);
		if (unlikely(!p)) {
			c->failures++;
			return;		/* a stub or out of memory: stop */
		}
		bench_sink += (uintptr_t)p;
		vfree(p);
	}
}

/** bench_vmalloc() - vmalloc(1 MiB)+vfree() pairs per second. */
int bench_vmalloc(struct mml_machine *m, struct bench_row *r)
{
	struct mm_ctx c = { .m = m };
	double rate[BENCH_ROUNDS];
	uint64_t n;

	run_vmalloc_pairs(&c, 1);
	if (c.failures) {
		bench_row_set(r, "vmalloc+vfree 1 MiB", NULL, 0, 1, "K pairs/s");
		snprintf(r->note, sizeof(r->note), "vmalloc(1 MiB) returned NULL: %s",
			 "not measured");
		return -ENOMEM;
	}
	n = bench_calibrate(run_vmalloc_pairs, &c);
	bench_rates(run_vmalloc_pairs, &c, n, BENCH_ROUNDS, rate);
	bench_row_set(r, "vmalloc+vfree 1 MiB", c.failures ? NULL : rate,
		      BENCH_ROUNDS, 1e-3, "K pairs/s");
	if (r->median > 0)
		snprintf(r->note, sizeof(r->note),
			 "each pair maps and unmaps 256 pages: %.0f ns per page",
			 1e6 / (r->median * 256));
	return c.failures ? -ENOMEM : 0;
}

void bench_reclaim_swap_cache(void *t, unsigned long va, long pages)
{
	struct task_struct *ts = t;
	struct machine_ctx saved = machine_enter(ts->machine, NULL);
	LIST_HEAD(list);
	long i;

	/* Reclaim's pass: the swap-cache pages isolated, shrink_folio_list(). */
	for (i = 0; i < pages; i++) {
		pte_t *ptep = pte_offset_map_mm(ts->mm, va + (unsigned long)i * PAGE_SIZE);
		struct page *page;

		if (!ptep || !is_swap_pte(*ptep))
			continue;
		page = swap_cache_get_page(pte_to_swp_entry(*ptep));
		if (!page)
			continue;
		if (isolate_lru_page(page))
			list_add(&page->lru, &list);
		put_page(page);
	}
	reclaim_pages(&list);
	machine_leave(&saved);
}
