// SPDX-License-Identifier: MIT
/*
 * DMA pools (Linux's mm/dmapool.c): small blocks of coherent memory, cut
 * from dma_alloc_coherent() pages, no block crossing @boundary.  The
 * bookkeeping is host memory; the blocks are the machine's.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/machine.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>

struct dma_page {
	struct list_head page_list;
	void *vaddr;
	dma_addr_t dma;
	unsigned int in_use;
	u8 *used;			/* per block */
};

struct dma_pool {
	struct list_head page_list;
	struct device *dev;
	size_t size;			/* block size, aligned */
	size_t allocation;		/* bytes per page of the pool */
	size_t boundary;
	unsigned int blocks_per_page;
	char name[32];
};

/* Offset of block @i in a page: blocks never straddle a boundary. */
static size_t block_offset(const struct dma_pool *pool, unsigned int i)
{
	size_t per_boundary = pool->boundary / pool->size;

	return (i / per_boundary) * pool->boundary + (i % per_boundary) * pool->size;
}

/**
 * dma_pool_create() - a pool of @size-byte blocks aligned to @align (a
 * power of two), none crossing @boundary (a power of two, 0: none).
 * Return: the pool, or NULL (bad arguments, out of memory).
 */
struct dma_pool *dma_pool_create(const char *name, struct device *dev,
				 size_t size, size_t align, size_t boundary)
{
	struct dma_pool *pool;
	size_t allocation;

	if (!align)
		align = 1;
	else if (align & (align - 1))
		return NULL;
	if (!size || size > INT_MAX)
		return NULL;
	size = ALIGN(size, align);
	allocation = max(size, (size_t)PAGE_SIZE);
	if (!boundary)
		boundary = allocation;
	else if ((boundary < size) || (boundary & (boundary - 1)))
		return NULL;
	boundary = min(boundary, allocation);
	if (should_fail(FAIL_SLAB))
		return NULL;
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return NULL;
	snprintf(pool->name, sizeof(pool->name), "%s", name);
	INIT_LIST_HEAD(&pool->page_list);
	pool->dev = dev;
	pool->size = size;
	pool->allocation = allocation;
	pool->boundary = boundary;
	pool->blocks_per_page = (unsigned int)((allocation / boundary) * (boundary / size));
	return pool;
}

static struct dma_page *pool_alloc_page(struct dma_pool *pool, gfp_t gfp)
{
	struct dma_page *page;

	if (should_fail(FAIL_SLAB))
		return NULL;
	page = calloc(1, sizeof(*page));
	if (!page)
		return NULL;
	page->used = calloc(pool->blocks_per_page, 1);
	if (page->used)
		page->vaddr = dma_alloc_coherent(pool->dev, pool->allocation,
						 &page->dma, gfp);
	if (!page->vaddr) {
		free(page->used);
		free(page);
		return NULL;
	}
	list_add(&page->page_list, &pool->page_list);
	return page;
}

static void pool_free_page(struct dma_pool *pool, struct dma_page *page)
{
	dma_free_coherent(pool->dev, pool->allocation, page->vaddr, page->dma);
	list_del(&page->page_list);
	free(page->used);
	free(page);
}

/**
 * dma_pool_alloc() - a block; its bus address in *@handle.
 * Return: its kernel address, or NULL.
 */
void *dma_pool_alloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle)
{
	struct dma_page *page;
	unsigned int i;

	list_for_each_entry(page, &pool->page_list, page_list)
		if (page->in_use < pool->blocks_per_page)
			goto found;
	page = pool_alloc_page(pool, mem_flags);
	if (!page)
		return NULL;
found:
	for (i = 0; page->used[i]; i++)
		;
	page->used[i] = 1;
	page->in_use++;
	*handle = page->dma + block_offset(pool, i);
	return (char *)page->vaddr + block_offset(pool, i);
}

void *dma_pool_zalloc(struct dma_pool *pool, gfp_t mem_flags, dma_addr_t *handle)
{
	void *p = dma_pool_alloc(pool, mem_flags, handle);

	if (p)
		memset(lm_host((unsigned long)p), 0, pool->size);
	return p;
}

/** dma_pool_free() - give back a block; a bad or double free is logged. */
void dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma)
{
	struct dma_page *page;
	unsigned int i;

	list_for_each_entry(page, &pool->page_list, page_list) {
		if (dma < page->dma || dma >= page->dma + pool->allocation)
			continue;
		for (i = 0; i < pool->blocks_per_page; i++)
			if (page->dma + block_offset(pool, i) == dma)
				break;
		if (i == pool->blocks_per_page ||
		    (char *)page->vaddr + block_offset(pool, i) != (char *)vaddr) {
			dev_err(pool->dev, "dma_pool_free %s, %#lx (bad vaddr)/%#llx\n",
				pool->name, (unsigned long)vaddr, (unsigned long long)dma);
			return;
		}
		if (!page->used[i]) {
			dev_err(pool->dev, "dma_pool_free %s, dma %#llx already free\n",
				pool->name, (unsigned long long)dma);
			return;
		}
		page->used[i] = 0;
		page->in_use--;
		return;
	}
	dev_err(pool->dev, "dma_pool_free %s, %#lx/%#llx (bad dma)\n",
		pool->name, (unsigned long)vaddr, (unsigned long long)dma);
}

/**
 * dma_pool_destroy() - free the pool and its pages.  A page with blocks
 * still in use is reported and left allocated, as Linux leaves it.
 */
void dma_pool_destroy(struct dma_pool *pool)
{
	struct dma_page *page, *tmp;

	if (!pool)
		return;
	list_for_each_entry_safe(page, tmp, &pool->page_list, page_list) {
		if (page->in_use) {
			dev_err(pool->dev, "dma_pool_destroy %s, %#lx busy\n",
				pool->name, (unsigned long)page->vaddr);
			list_del(&page->page_list);
			free(page->used);
			free(page);
			continue;
		}
		pool_free_page(pool, page);
	}
	free(pool);
}
