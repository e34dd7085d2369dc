/* SPDX-License-Identifier: MIT */
/*
 * struct device, minimal: what the DMA API needs (Linux's
 * include/linux/device.h keeps much more).  A driver embeds it.
 */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/types.h>

struct device {
	const char *init_name;		/* dev_name() */
	const char *driver_name;	/* dev_driver_string() */
	u64 *dma_mask;			/* streaming mappings' reach */
	u64 coherent_dma_mask;		/* dma_alloc_coherent()'s reach */
	u64 bus_dma_limit;		/* the bus's own limit, 0: none */
	u64 dma_mask_storage;		/* mmlab: where dma_mask points */
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name ? dev->init_name : "(null)";
}

static inline const char *dev_driver_string(const struct device *dev)
{
	return dev->driver_name ? dev->driver_name : "";
}

/* device_initialize()'s part for DMA: a 32-bit default, as for PCI. */
static inline void device_dma_init(struct device *dev, const char *name,
				   const char *driver)
{
	dev->init_name = name;
	dev->driver_name = driver;
	dev->dma_mask_storage = 0xffffffffULL;
	dev->dma_mask = &dev->dma_mask_storage;
	dev->coherent_dma_mask = 0xffffffffULL;
}

#define dev_err(dev, fmt, ...) \
	pr_err("%s %s: " fmt, dev_driver_string(dev), dev_name(dev), ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) \
	pr_warn("%s %s: " fmt, dev_driver_string(dev), dev_name(dev), ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) \
	pr_info("%s %s: " fmt, dev_driver_string(dev), dev_name(dev), ##__VA_ARGS__)

#endif
