/* SPDX-License-Identifier: MIT */
/* What kernel/dma/ shares between its files. */
#ifndef _KERNEL_DMA_DMA_H
#define _KERNEL_DMA_DMA_H

#include <linux/list.h>
#include <linux/dma-mapping.h>
#include <linux/swiotlb.h>

enum dma_debug_type {
	dma_debug_single,
	dma_debug_sg,
	dma_debug_coherent,
	dma_debug_page,
};

struct dma_debug_entry {
	struct list_head list;
	struct device *dev;
	enum dma_debug_type type;
	dma_addr_t dev_addr;
	phys_addr_t paddr;
	size_t size;
	int direction;
	int sg_call_ents;
	bool map_err_checked;
};

void debug_dma_add(struct device *dev, enum dma_debug_type type,
		   dma_addr_t addr, phys_addr_t paddr, size_t size, int dir,
		   int sg_call_ents);
void debug_dma_mapping_error(struct device *dev, dma_addr_t addr);
bool debug_dma_check_unmap(struct device *dev, enum dma_debug_type type,
			   dma_addr_t addr, size_t size, int dir, int sg_call_ents);
void debug_dma_check_sync(struct device *dev, dma_addr_t addr, size_t size,
			  int dir, bool to_cpu);

/* swiotlb.c: for the audit */
bool swiotlb_slot_taken(phys_addr_t tlb);

#endif
