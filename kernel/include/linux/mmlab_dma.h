/* SPDX-License-Identifier: MIT */
/*
 * The sample DMA driver (drivers/dma/mmlab_dma.c) for the DMA engine
 * model: what boot, the API and the tests call.
 */
#ifndef _LINUX_MMLAB_DMA_H
#define _LINUX_MMLAB_DMA_H

#include <linux/types.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>

struct task_struct;

struct platform_device;

struct mmlab_dma {
	struct platform_device *pdev;	/* "mmlab-dma.0", bound */
	struct device *dev;		/* &pdev->dev: the DMA API's device */
	void *regs;			/* ioremap()ped engine registers */
	phys_addr_t base;
	unsigned int irq;
	unsigned int addr_bits;
	bool done;			/* set by the interrupt handler */
	u64 status;			/* STATUS as the handler saw it */
	unsigned long nr_interrupts;
	unsigned long nr_transfers;
	unsigned long nr_errors;
	unsigned long bytes;
};

enum mmlab_dma_mode {
	MMLAB_DMA_COHERENT,		/* dma_alloc_coherent() buffers */
	MMLAB_DMA_SINGLE,		/* kmalloc() + dma_map_single() */
	MMLAB_DMA_POOL,			/* dma_pool blocks */
};

int mmlab_dma_bind(void);
void mmlab_dma_unbind(void);
struct mmlab_dma *mmlab_dma_get(void);
int mmlab_dma_set_bits(struct mmlab_dma *md, unsigned int bits);
int mmlab_dma_transfer(struct mmlab_dma *md, u64 src, u64 dst, u64 len,
		       u32 dir);
int mmlab_dma_roundtrip(struct mmlab_dma *md, enum mmlab_dma_mode mode,
			size_t size);
int mmlab_dma_user_copy(struct mmlab_dma *md, struct task_struct *t,
			unsigned long src, unsigned long dst, size_t len);

#endif
