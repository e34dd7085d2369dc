// SPDX-License-Identifier: MIT
/*
 * The MMU: a translated 8-byte load that hits the TLB, next to a native
 * load loop over the same host memory; and loads that miss the TLB on
 * every access, each costing a full page walk and a TLB fill.
 */
#include <stdio.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/vmalloc.h>
#include <mmlab/mmlab.h>
#include "bench/bench.h"

#define HIT_ORDER	2			/* 4 pages: always in the TLB */
#define HIT_BYTES	(PAGE_SIZE << HIT_ORDER)
#define HIT_STRIDE	64			/* one load per cache line */
#define MISS_FACTOR	8			/* pages = 8 x TLB entries */

struct mmu_ctx {
	struct mml_machine *m;
	unsigned long base;		/* simulated kernel virtual address */
	const unsigned char *host;	/* the same memory, host side */
	unsigned long mask;		/* bytes covered - 1 (a power of two) */
	unsigned long stride;
	uint64_t faults;
};

static void run_virt_loads(void *arg, uint64_t n)
{
	struct mmu_ctx *c = arg;
	struct hw_machine *hw = &c->m->hw;
	unsigned long off = 0;
	uint64_t i, v, sum = 0;

	for (i = 0; i < n; i++) {
		if (unlikely(hw_virt_read(hw, c->base + off, 8, 0, &v)))
			c->faults++;
		sum += v;
		off = (off + c->stride) & c->mask;
	}
	bench_sink += sum;
}

static void run_api_loads(void *arg, uint64_t n)
{
	struct mmu_ctx *c = arg;
	unsigned long off = 0;
	uint64_t i, v, sum = 0;

	for (i = 0; i < n; i++) {
		if (unlikely(mml_read(c->m, MML_SPACE_KERNEL, c->base + off, 8, &v)))
			c->faults++;
		sum += v;
		off = (off + c->stride) & c->mask;
	}
	bench_sink += sum;
}

static void run_native_loads(void *arg, uint64_t n)
{
	struct mmu_ctx *c = arg;
	unsigned long off = 0;
	uint64_t i, sum = 0;

	for (i = 0; i < n; i++) {
		sum += *(const volatile uint64_t *)(c->host + off);
		off = (off + c->stride) & c->mask;
	}
	bench_sink += sum;
}

/*
 * Peeks at the tables the CPU translates with: the root is read once, as
 * 1e51f90's loop read CR3 with a load, so the loop times the walks only.
 */
static void run_walks(void *arg, uint64_t n)
{
	struct mmu_ctx *c = arg;
	struct hw_machine *hw = &c->m->hw;
	u64 root = hw_mmu_root(hw);
	struct hw_xlate x;
	unsigned long off = 0;
	uint64_t i, sum = 0;

	for (i = 0; i < n; i++) {
		if (unlikely(hw_mmu_walk_peek(hw, root, c->base + off, 0, &x,
					      NULL)))
			c->faults++;
		sum += x.pa;
		off = (off + c->stride) & c->mask;
	}
	bench_sink += sum;
}

/* Hits and misses of the TLB during one call of @fn. */
static double miss_ratio(struct mmu_ctx *c, bench_fn fn, uint64_t n)
{
	struct hw_tlb *tlb = &c->m->hw.cpu.tlb;
	uint64_t h = tlb->hits, ms = tlb->misses;

	fn(c, n);
	h = tlb->hits - h;
	ms = tlb->misses - ms;
	return h + ms ? (double)ms / (double)(h + ms) : 0;
}

/* The same loads through the public mml_read(), for information. */
static void tlb_hit_api(struct mmu_ctx *c, struct bench_row *api)
{
	double ra[BENCH_ROUNDS];
	uint64_t n = bench_calibrate(run_api_loads, c);

	bench_rates(run_api_loads, c, n, BENCH_ROUNDS, ra);
	bench_row_set(api, "  mml_read() 8-byte, same pages", c->faults ? NULL : ra,
		      BENCH_ROUNDS, 1e-6, "M loads/s");
}

/**
 * bench_tlb_hit() - hw_virt_read() of 8 bytes on direct-map pages already
 * in the TLB (@r), the same loads done natively on the host memory behind
 * them (@native), and through the public mml_read() (@api).
 */
int bench_tlb_hit(struct mml_machine *m, struct bench_row *r,
		  struct bench_row *native, struct bench_row *api)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, HIT_ORDER);
	double rv[BENCH_ROUNDS], rn[BENCH_ROUNDS], nat, miss;
	struct mmu_ctx c = { .m = m, .mask = HIT_BYTES - 1, .stride = HIT_STRIDE };
	uint64_t nv, nn;

	if (!page) {
		bench_row_set(r, "TLB-hit 8-byte load (hw_virt_read)", NULL, 0, 1, "M loads/s");
		bench_row_set(native, "  native 8-byte load", NULL, 0, 1, "M loads/s");
		bench_row_set(api, "  mml_read() 8-byte", NULL, 0, 1, "M loads/s");
		snprintf(r->note, sizeof(r->note), "alloc_pages(order %d) failed", HIT_ORDER);
		return -ENOMEM;
	}
	c.base = page_address(page);
	c.host = page_host(page);
	nv = bench_calibrate(run_virt_loads, &c);
	nn = bench_calibrate(run_native_loads, &c);
	miss = miss_ratio(&c, run_virt_loads, nv);
	bench_rates_pair(run_virt_loads, &c, nv, run_native_loads, &c, nn,
			 BENCH_ROUNDS, rv, rn);
	bench_row_set(r, "TLB-hit 8-byte load (hw_virt_read)", c.faults ? NULL : rv,
		      BENCH_ROUNDS, 1e-6, "M loads/s");
	bench_row_set(native, "  native 8-byte load, same memory", rn, BENCH_ROUNDS,
		      1e-6, "M loads/s");
	nat = native->median;
	snprintf(r->baseline, sizeof(r->baseline), "native %.0f M/s", nat);
	if (r->median >= 0)
		r->ratio = r->median / nat;
	bench_row_target(r, r->median, true, 200, ">= 200 M/s");
	snprintf(r->note, sizeof(r->note),
		 "%lu KiB of direct map, %lu-byte stride; TLB miss ratio %.4f%%%s",
		 HIT_BYTES >> 10, (unsigned long)HIT_STRIDE, miss * 100,
		 c.faults ? "; FAULTS" : "");
	tlb_hit_api(&c, api);
	__free_pages(page, HIT_ORDER);
	return c.faults ? -EFAULT : 0;
}

/*
 * An area of 4 KiB leaves MISS_FACTOR times larger than the TLB: vmalloc,
 * or the direct map (2 MiB leaves, one level less) if vmalloc is missing.
 */
static void *miss_area(struct mml_machine *m, struct mmu_ctx *c)
{
	const struct hw_tlb *tlb = &m->hw.cpu.tlb;
	unsigned long bytes = (unsigned long)tlb->sets * tlb->ways *
			      MISS_FACTOR * PAGE_SIZE;
	void *area;

	if (bytes & (bytes - 1)) {	/* the mask needs a power of two */
		while (bytes & (bytes - 1))
			bytes &= bytes - 1;
		bytes <<= 1;
	}
	area = vmalloc(bytes);
	c->base = area ? (unsigned long)area : PAGE_OFFSET + SZ_16M;
	if (!area && PAGE_OFFSET + SZ_16M + bytes > m->high_memory)
		bytes = SZ_16M;
	c->mask = bytes - 1;
	c->stride = PAGE_SIZE;
	return area;
}

/**
 * bench_tlb_miss() - hw_virt_read() of 8 bytes where every access misses
 * the TLB (a sequential page stride over more pages than it holds), so
 * each one walks the 4 levels and fills an entry (@r); and the walk alone,
 * hw_mmu_walk_peek(), over the same pages (@walk).
 */
int bench_tlb_miss(struct mml_machine *m, struct bench_row *r,
		   struct bench_row *walk)
{
	struct mmu_ctx c = { .m = m };
	double rv[BENCH_ROUNDS], rw[BENCH_ROUNDS], miss;
	void *area = miss_area(m, &c);
	uint64_t nv, nw;

	nv = bench_calibrate(run_virt_loads, &c);
	nw = bench_calibrate(run_walks, &c);
	miss = miss_ratio(&c, run_virt_loads, nv);
	bench_rates_pair(run_virt_loads, &c, nv, run_walks, &c, nw,
			 BENCH_ROUNDS, rv, rw);
	bench_row_set(r, "TLB-miss load: walk+fill (hw_virt_read)",
		      c.faults ? NULL : rv, BENCH_ROUNDS, 1e-6, "M walks/s");
	bench_row_target(r, r->median, true, 20, ">= 20 M/s");
	bench_row_set(walk, "  page walk only (hw_mmu_walk_peek)",
		      c.faults ? NULL : rw, BENCH_ROUNDS, 1e-6, "M walks/s");
	snprintf(r->note, sizeof(r->note),
		 "%s, %lu pages, 4 KiB stride; TLB miss ratio %.2f%%%s",
		 area ? "vmalloc area (4 KiB leaves, 4-level walks)" :
			"direct map (vmalloc unavailable; 2 MiB leaves)",
		 (c.mask + 1) >> PAGE_SHIFT, miss * 100,
		 c.faults ? "; FAULTS" : "");
	if (area)
		vfree(area);
	return c.faults ? -EFAULT : 0;
}
