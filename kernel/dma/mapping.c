// SPDX-License-Identifier: MIT
/*
 * The DMA API over the direct mapping (Linux's kernel/dma/mapping.c and
 * direct.c): on this PC a bus address is the physical address.  A
 * streaming mapping the device can reach is the buffer itself; one it
 * cannot reach, or any with swiotlb=force, bounces through swiotlb.
 * Coherent buffers are pages from the zone the coherent mask reaches.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/printk.h>
#include <linux/trace.h>
#include <linux/scatterlist.h>
#include "kernel/dma/dma.h"

static inline dma_addr_t phys_to_dma(struct device *dev, phys_addr_t pa)
{
	return pa;
}

static inline phys_addr_t dma_to_phys(struct device *dev, dma_addr_t a)
{
	return a;
}

/* Linux's get_order(): the smallest order holding @size bytes. */
static unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* Can @dev reach [@addr, @addr + @size)? */
static bool dma_capable(struct device *dev, dma_addr_t addr, size_t size,
			u64 mask)
{
	dma_addr_t end = addr + size - 1;

	if (dev->bus_dma_limit)
		mask = min(mask, dev->bus_dma_limit);
	return size && end >= addr && end <= mask;
}

/**
 * dma_supported() - can the direct mapping serve a device with @mask?  It
 * must reach ZONE_DMA at least (or all of RAM if that is less).
 */
int dma_supported(struct device *dev, u64 mask)
{
	u64 min_mask = min((u64)DMA_BIT_MASK(ZONE_DMA_BITS),
			   (u64)PFN_PHYS(current_machine()->max_pfn) - 1);

	return mask >= min_mask;
}

/** dma_set_mask() - set the streaming mask.  Return: 0, or -EIO. */
int dma_set_mask(struct device *dev, u64 mask)
{
	if (!dev->dma_mask || !dma_supported(dev, mask))
		return -EIO;
	*dev->dma_mask = mask;
	return 0;
}

/** dma_set_coherent_mask() - set the coherent mask.  Return: 0, or -EIO. */
int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	if (!dma_supported(dev, mask))
		return -EIO;
	dev->coherent_dma_mask = mask;
	return 0;
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	int rc = dma_set_mask(dev, mask);

	if (rc == 0)
		dma_set_coherent_mask(dev, mask);
	return rc;
}

/* The zone to try first for a coherent mask (dma_direct_optimal_gfp_mask). */
static gfp_t coherent_zone(u64 limit)
{
	if (limit <= DMA_BIT_MASK(ZONE_DMA_BITS))
		return GFP_DMA;
	if (limit <= DMA_BIT_MASK(32))
		return GFP_DMA32;
	return 0;
}

/**
 * dma_alloc_coherent() - zeroed pages the device and the CPU share, within
 * the coherent mask: from ZONE_DMA for a 24-bit mask, ZONE_DMA32 for 32
 * bits, anywhere above; retried in a lower zone if the first is beyond.
 * Return: the kernel address (and the bus address in *@handle), or NULL.
 */
void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *handle,
			 gfp_t gfp)
{
	u64 limit = dev->coherent_dma_mask;
	unsigned int order;
	struct page *page;
	gfp_t zone;

	*handle = DMA_MAPPING_ERROR;
	if (!size)
		return NULL;
	if (dev->bus_dma_limit)
		limit = min(limit, dev->bus_dma_limit);
	size = PAGE_ALIGN(size);
	order = get_order(size);
	if (order > MAX_PAGE_ORDER)
		return NULL;
	gfp &= ~(__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM);
	zone = coherent_zone(limit);
	for (;;) {
		page = alloc_pages(gfp | zone | __GFP_ZERO, order);
		if (page && dma_capable(dev, page_to_phys(page), size, limit))
			break;
		if (page)
			__free_pages(page, order);
		if (zone == GFP_DMA)
			return NULL;
		zone = zone == GFP_DMA32 || limit < DMA_BIT_MASK(32) ? GFP_DMA : GFP_DMA32;
	}
	*handle = phys_to_dma(dev, page_to_phys(page));
	debug_dma_add(dev, dma_debug_coherent, *handle, page_to_phys(page), size,
		      DMA_BIDIRECTIONAL, 0);
	trace_m("dma_alloc_coherent: %s: %zu bytes at %#llx (%s)\n", dev_name(dev),
		size, (unsigned long long)*handle,
		zone == GFP_DMA ? "ZONE_DMA" : zone == GFP_DMA32 ? "ZONE_DMA32" : "ZONE_NORMAL");
	return (void *)page_address(page);
}

void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr,
		       dma_addr_t handle)
{
	unsigned int order;

	if (!cpu_addr)
		return;
	size = PAGE_ALIGN(size);
	if (!debug_dma_check_unmap(dev, dma_debug_coherent, handle, size,
				   DMA_BIDIRECTIONAL, 0))
		return;		/* not ours to free: Linux would corrupt */
	order = get_order(size);
	__free_pages(virt_to_page((unsigned long)cpu_addr), order);
}

static dma_addr_t map_phys(struct device *dev, phys_addr_t phys, size_t size,
			   enum dma_data_direction dir)
{
	dma_addr_t addr = phys_to_dma(dev, phys);

	if (WARN_ON(!valid_dma_direction(dir)))
		return DMA_MAPPING_ERROR;
	if (is_swiotlb_force_bounce(dev) ||
	    !dma_capable(dev, addr, size, dma_get_mask(dev))) {
		if (is_swiotlb_force_bounce(dev))
			trace_m("dma_map: %s: %#llx+%zu, swiotlb=force: bouncing\n",
				dev_name(dev), (unsigned long long)phys, size);
		else
			trace_m("dma_map: %s: %#llx+%zu beyond mask %#llx, bouncing\n",
				dev_name(dev), (unsigned long long)phys, size,
				(unsigned long long)dma_get_mask(dev));
		return swiotlb_map(dev, phys, size, dir);
	}
	trace_m("dma_map: %s: %#llx+%zu direct\n", dev_name(dev),
		(unsigned long long)phys, size);
	return addr;
}

static void unmap_phys(struct device *dev, dma_addr_t addr, size_t size,
		       enum dma_data_direction dir)
{
	phys_addr_t phys = dma_to_phys(dev, addr);

	if (is_swiotlb_buffer(dev, phys))
		swiotlb_tbl_unmap_single(dev, phys, size, dir);
}

dma_addr_t dma_map_page(struct device *dev, struct page *page, size_t offset,
			size_t size, enum dma_data_direction dir)
{
	phys_addr_t phys = page_to_phys(page) + offset;
	dma_addr_t addr = map_phys(dev, phys, size, dir);

	debug_dma_add(dev, dma_debug_page, addr, phys, size, dir, 0);
	return addr;
}

void dma_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
		    enum dma_data_direction dir)
{
	if (debug_dma_check_unmap(dev, dma_debug_page, addr, size, dir, 0))
		unmap_phys(dev, addr, size, dir);
}

/**
 * dma_map_single() - a bus address for the kernel buffer at @ptr (a
 * direct-map address: kmalloc(), not vmalloc()).
 * Return: it, or DMA_MAPPING_ERROR (check with dma_mapping_error()).
 */
dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size,
			  enum dma_data_direction dir)
{
	phys_addr_t phys = __pa(ptr);
	dma_addr_t addr;

	if (WARN(!virt_addr_valid((unsigned long)ptr),
		 "rejecting DMA map of vmalloc memory\n"))
		return DMA_MAPPING_ERROR;
	addr = map_phys(dev, phys, size, dir);
	debug_dma_add(dev, dma_debug_single, addr, phys, size, dir, 0);
	return addr;
}

void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
		      enum dma_data_direction dir)
{
	if (debug_dma_check_unmap(dev, dma_debug_single, addr, size, dir, 0))
		unmap_phys(dev, addr, size, dir);
}

/* The CPU takes the buffer back: bounced data comes home. */
void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
			     enum dma_data_direction dir)
{
	debug_dma_check_sync(dev, addr, size, dir, true);
	if (is_swiotlb_buffer(dev, dma_to_phys(dev, addr)))
		swiotlb_sync_single_for_cpu(dev, dma_to_phys(dev, addr), size, dir);
}

/* The device gets the buffer again: the CPU's writes go to the slots. */
void dma_sync_single_for_device(struct device *dev, dma_addr_t addr,
				size_t size, enum dma_data_direction dir)
{
	debug_dma_check_sync(dev, addr, size, dir, false);
	if (is_swiotlb_buffer(dev, dma_to_phys(dev, addr)))
		swiotlb_sync_single_for_device(dev, dma_to_phys(dev, addr), size, dir);
}

/**
 * dma_map_sg() - map each entry of @sg (no merging, as dma-direct).
 * Return: the number of entries mapped, or 0 (nothing stays mapped).
 */
int dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
	       enum dma_data_direction dir)
{
	struct scatterlist *s;
	int i, j;

	for_each_sg(sg, s, nents, i) {
		phys_addr_t phys = sg_phys(s);

		s->dma_address = map_phys(dev, phys, s->length, dir);
		if (s->dma_address == DMA_MAPPING_ERROR)
			goto out_unmap;
		s->dma_length = s->length;
	}
	for_each_sg(sg, s, nents, i)
		debug_dma_add(dev, dma_debug_sg, s->dma_address, sg_phys(s),
			      s->length, dir, nents);
	return nents;

out_unmap:
	for_each_sg(sg, s, i, j)
		unmap_phys(dev, s->dma_address, s->length, DMA_NONE);
	return 0;
}

void dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
		  enum dma_data_direction dir)
{
	struct scatterlist *s;
	int i;

	for_each_sg(sg, s, nents, i) {
		/* The map made the list's errors impossible to miss. */
		debug_dma_mapping_error(dev, s->dma_address);
		if (debug_dma_check_unmap(dev, dma_debug_sg, s->dma_address,
					  s->dma_length, dir, nents))
			unmap_phys(dev, s->dma_address, s->dma_length, dir);
	}
}

int dma_map_sgtable(struct device *dev, struct sg_table *sgt,
		    enum dma_data_direction dir, unsigned long attrs)
{
	int nents = dma_map_sg(dev, sgt->sgl, (int)sgt->orig_nents, dir);

	if (nents <= 0)
		return -EIO;
	sgt->nents = (unsigned int)nents;
	return 0;
}

void dma_unmap_sgtable(struct device *dev, struct sg_table *sgt,
		       enum dma_data_direction dir, unsigned long attrs)
{
	dma_unmap_sg(dev, sgt->sgl, (int)sgt->orig_nents, dir);
}

/** dma_mapping_error() - did the map fail?  Return: -ENOMEM if so, else 0. */
int dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	debug_dma_mapping_error(dev, addr);
	return addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}
