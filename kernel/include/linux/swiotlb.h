/* SPDX-License-Identifier: MIT */
/*
 * swiotlb (kernel/dma/swiotlb.c): a pool of low memory reserved at boot,
 * in slots of IO_TLB_SIZE, through which a device's streaming mappings
 * bounce when the buffer is beyond its reach.  Sized by swiotlb=<slabs>
 * (default 64 MiB); on x86 it is set up when RAM goes above 4 GiB or
 * with swiotlb=force (then every mapping bounces).
 */
#ifndef _LINUX_SWIOTLB_H
#define _LINUX_SWIOTLB_H

#include <linux/types.h>
#include <linux/dma-mapping.h>

#define IO_TLB_SHIFT		11
#define IO_TLB_SIZE		(1u << IO_TLB_SHIFT)	/* 2 KiB slots */
#define IO_TLB_SEGSIZE		128	/* slots one mapping may span */
#define IO_TLB_DEFAULT_SIZE	(64UL << 20)

struct io_tlb_slot {
	phys_addr_t orig_addr;		/* the buffer it bounces, or ~0 */
	size_t alloc_size;		/* on a mapping's first slot */
	unsigned int list;		/* slots of the mapping from here */
};

struct io_tlb_mem {
	phys_addr_t start, end;		/* [start, end) */
	unsigned long nslabs;
	unsigned long used;
	unsigned long used_hiwater;
	unsigned long index;		/* where the next search starts */
	bool force_bounce;
	struct io_tlb_slot *slots;
	unsigned long bounced_bytes;	/* mmlab: bytes copied, both ways */
	unsigned long nr_maps;
};

/* Boot: swiotlb= (init/main.c's parser), then the pool from memblock. */
int setup_io_tlb_npages(const char *str);
void swiotlb_init(void);
void swiotlb_exit(void);

bool is_swiotlb_buffer(struct device *dev, phys_addr_t paddr);
bool is_swiotlb_force_bounce(struct device *dev);
phys_addr_t swiotlb_tbl_map_single(struct device *dev, phys_addr_t phys,
				   size_t size, enum dma_data_direction dir);
void swiotlb_tbl_unmap_single(struct device *dev, phys_addr_t tlb_addr,
			      size_t size, enum dma_data_direction dir);
void swiotlb_sync_single_for_device(struct device *dev, phys_addr_t tlb_addr,
				    size_t size, enum dma_data_direction dir);
void swiotlb_sync_single_for_cpu(struct device *dev, phys_addr_t tlb_addr,
				 size_t size, enum dma_data_direction dir);
dma_addr_t swiotlb_map(struct device *dev, phys_addr_t phys, size_t size,
		       enum dma_data_direction dir);
size_t swiotlb_max_mapping_size(struct device *dev);
struct seq_buf;
void swiotlb_show(struct seq_buf *s, const char *what);
int swiotlb_audit(char *msg, size_t n);

#endif
