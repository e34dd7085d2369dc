// SPDX-License-Identifier: MIT
/*
 * DMA: 64 MiB to the device and back through the DMA engine, by
 * streaming mappings of 256 KiB chunks (swiotlb's largest mapping), once
 * with buffers the device reaches directly and once with swiotlb=force,
 * where every chunk is bounced (copied to the slots and back by the CPU).
 * Next to it, the host doing the same data movement with memcpy: 64 MiB
 * into a device-sized buffer and out again, in the same chunks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/dma-mapping.h>
#include <linux/mmlab_dma.h>
#include <mmlab/mmlab.h>
#include "bench/bench.h"

#define DMA_TOTAL	(64UL << 20)
#define DMA_CHUNK	(256UL << 10)
#define BLOCK_ORDER	10			/* 4 MiB blocks */
#define NR_BLOCKS	(DMA_TOTAL / (PAGE_SIZE << BLOCK_ORDER))

struct dma_ctx {
	struct mml_machine *m;
	struct mmlab_dma *md;
	struct page *src[NR_BLOCKS], *dst[NR_BLOCKS];
	int err;
};

struct host_ctx {
	unsigned char *src, *dev, *dst;
};

/* One chunk in one direction: map, run the engine, unmap. */
static int chunk(struct mmlab_dma *md, struct page *p, unsigned long off,
		 enum dma_data_direction dir)
{
	dma_addr_t d = dma_map_page(md->dev, p, off, DMA_CHUNK, dir);
	int err;

	if (dma_mapping_error(md->dev, d))
		return -ENOMEM;
	if (dir == DMA_TO_DEVICE)
		err = mmlab_dma_transfer(md, d, 0, DMA_CHUNK, DMA_CTRL_TO_DEV);
	else
		err = mmlab_dma_transfer(md, 0, d, DMA_CHUNK, DMA_CTRL_FROM_DEV);
	dma_unmap_page(md->dev, d, DMA_CHUNK, dir);
	return err;
}

static void run_dma(void *arg, uint64_t n)
{
	struct dma_ctx *c = arg;
	unsigned long b, off;
	uint64_t i;

	for (i = 0; i < n && !c->err; i++)
		for (b = 0; b < NR_BLOCKS && !c->err; b++)
			for (off = 0; off < (PAGE_SIZE << BLOCK_ORDER) && !c->err;
			     off += DMA_CHUNK) {
				c->err = chunk(c->md, c->src[b], off, DMA_TO_DEVICE);
				if (!c->err)
					c->err = chunk(c->md, c->dst[b], off, DMA_FROM_DEVICE);
			}
}

static void run_host(void *arg, uint64_t n)
{
	struct host_ctx *c = arg;
	unsigned long off;
	uint64_t i;

	for (i = 0; i < n; i++)
		for (off = 0; off < DMA_TOTAL; off += DMA_CHUNK) {
			memcpy(c->dev, c->src + off, DMA_CHUNK);
			memcpy(c->dst + off, c->dev, DMA_CHUNK);
		}
	bench_sink += c->dst[DMA_TOTAL - 1];
}

static int setup(struct dma_ctx *c, const char *cmdline)
{
	struct mml_config cfg;
	char msg[256];
	unsigned long b;
	int err;

	memset(c, 0, sizeof(*c));
	mml_config_init(&cfg);
	cfg.ram_size = 512ULL << 20;
	cfg.cmdline = cmdline;
	c->m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	if (!c->m)
		return err;
	machine_enter(c->m, NULL);
	if (mml_dma_bind(c->m))
		return -ENODEV;
	c->md = mmlab_dma_get();
	for (b = 0; b < NR_BLOCKS; b++) {
		c->src[b] = alloc_pages(GFP_KERNEL, BLOCK_ORDER);
		c->dst[b] = alloc_pages(GFP_KERNEL, BLOCK_ORDER);
		if (!c->src[b] || !c->dst[b])
			return -ENOMEM;
		memset(page_host(c->src[b]), (int)b + 1, PAGE_SIZE << BLOCK_ORDER);
	}
	return 0;
}

/* Same bytes out as in?  A benchmark that moved nothing measures nothing. */
static bool verify(struct dma_ctx *c)
{
	unsigned long b;

	for (b = 0; b < NR_BLOCKS; b++)
		if (memcmp(page_host(c->src[b]), page_host(c->dst[b]),
			   PAGE_SIZE << BLOCK_ORDER))
			return false;
	return true;
}

static int one_row(struct bench_row *r, const char *name, const char *cmdline,
		   struct host_ctx *h)
{
	double mml[BENCH_ROUNDS], host[BENCH_ROUNDS];
	struct dma_ctx *c = calloc(1, sizeof(*c));
	int n, err;

	if (!c)
		return 0;
	err = setup(c, cmdline);
	if (!err) {
		run_dma(c, 1);		/* warm up: first touch of simulated RAM */
		bench_rates_pair(run_dma, c, 1, run_host, h, 1, BENCH_ROUNDS, mml, host);
		err = c->err;
	}
	n = bench_row_pair(r, name, err ? NULL : mml, host, BENCH_ROUNDS,
			   DMA_TOTAL / 1e9, "GB/s", -1);
	if (err)
		snprintf(r->note, sizeof(r->note), "mmlab side failed: %s", mml_errname(err));
	else if (!verify(c))
		snprintf(r->note, sizeof(r->note), "the data did not come back equal");
	else
		snprintf(r->note, sizeof(r->note),
			 "64 MiB to device memory and back, 256 KiB chunks, %lu engine transfers, "
			 "%lu interrupts; host: memcpy in and out",
			 c->md->nr_transfers, c->md->nr_interrupts);
	if (c->m)
		mml_machine_free(c->m);
	free(c);
	return n;
}

/**
 * bench_dma() - the two DMA rows and their host baselines.
 * Return: the rows filled (4).
 */
int bench_dma(struct bench_row *r, int max_rows)
{
	struct host_ctx h;
	int n = 0;

	if (max_rows < 4)
		return 0;
	h.src = malloc(DMA_TOTAL);
	h.dst = malloc(DMA_TOTAL);
	h.dev = malloc(DMA_CHUNK);
	if (!h.src || !h.dst || !h.dev)
		goto out;
	memset(h.src, 1, DMA_TOTAL);
	memset(h.dst, 0, DMA_TOTAL);
	n += one_row(r + n, "dma 64 MiB direct", "", &h);
	n += one_row(r + n, "dma 64 MiB bounced (swiotlb)", "swiotlb=force", &h);
out:
	free(h.src);
	free(h.dst);
	free(h.dev);
	return n;
}
