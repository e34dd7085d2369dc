/* SPDX-License-Identifier: MIT */
/*
 * Classes and devices (drivers/base/): class_create(name) (Linux 6.4's
 * signature), device_create() making a node in the machine's devtmpfs for
 * a device with a number, device_destroy(), class_destroy().  The devtmpfs
 * (drivers/base/devtmpfs.c) is a flat /dev of character-device nodes.
 * struct device also carries what the DMA API needs (Linux's keeps much
 * more); a DMA driver embeds it.
 */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/cdev.h>

struct file;
struct task_struct;
struct seq_buf;

struct device {
	struct device *parent;
	struct class *class;
	dev_t devt;
	void *driver_data;
	char name[64];
	struct list_head node;		/* class->devices */
	/* DMA (kernel/dma/) */
	const char *init_name;		/* dev_name() before a name is set */
	const char *driver_name;	/* dev_driver_string() */
	u64 *dma_mask;			/* streaming mappings' reach */
	u64 coherent_dma_mask;		/* dma_alloc_coherent()'s reach */
	u64 bus_dma_limit;		/* the bus's own limit, 0: none */
	u64 dma_mask_storage;		/* mmlab: where dma_mask points */
	struct list_head devres_head;	/* managed resources (devres.c) */
};

struct class {
	char name[64];
	/* The node's name and mode (NULL: the device's name, 0600). */
	char *(*devnode)(const struct device *dev, unsigned short *mode);
	struct list_head list;		/* m->classes */
	struct list_head devices;
};

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

static inline const char *dev_name(const struct device *dev)
{
	if (dev->name[0])
		return dev->name;
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

#define dev_dbg(dev, fmt, ...) \
	do { if (0) dev_info(dev, fmt, ##__VA_ARGS__); } while (0)

/*
 * drivers/base/devres.c: managed resources, released newest first when
 * the driver unbinds or its probe fails (devres_release_all()).
 */
struct resource;
typedef void (*dr_release_t)(struct device *dev, void *res);
typedef int (*dr_match_t)(struct device *dev, void *res, void *match_data);
void *devres_alloc_named(dr_release_t release, size_t size, const char *name);
void devres_free(void *res);
void devres_add(struct device *dev, void *res);
int devres_release(struct device *dev, dr_release_t release,
		   dr_match_t match, void *match_data);
int devres_release_all(struct device *dev);
unsigned int devres_count(struct device *dev);
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
void devm_kfree(struct device *dev, const void *p);
void *devm_ioremap_resource(struct device *dev, const struct resource *res);

/* drivers/base/core.c */
struct class *class_create(const char *name);
void class_destroy(struct class *cls);
__printf(5, 6)
struct device *device_create(struct class *cls, struct device *parent,
			     dev_t devt, void *drvdata, const char *fmt, ...);
void device_destroy(struct class *cls, dev_t devt);

/* drivers/base/devtmpfs.c */
int devtmpfs_create_node(const char *name, dev_t devt, unsigned short mode);
void devtmpfs_delete_node(const char *name);
/*
 * devtmpfs_open() - open "/dev/NAME" (@path as the task gave it) if NAME
 * is a node.  Return: 0 with *@filp, -errno, or 1 when it is not a node.
 */
int devtmpfs_open(const char *path, int flags, struct file **filp);
/* The node for device number @devt, for a host /dev path that names it. */
int devtmpfs_open_devt(dev_t devt, int flags, struct file **filp);
/* "ls -l /dev": one line per node. */
void devtmpfs_show(struct seq_buf *s);
void devtmpfs_exit(void);

/* drivers/base/init.c: every driver-core table, at boot and shutdown. */
int driver_init(void);
void driver_exit(void);

#endif /* _LINUX_DEVICE_H */
