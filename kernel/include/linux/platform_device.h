/* SPDX-License-Identifier: MIT */
/*
 * The platform bus (Linux's drivers/base/platform.c): devices that the
 * firmware describes (here: the machine) by a name, an id and resources
 * (MMIO windows, interrupts), and drivers that bind to them by name.
 * Binding runs the driver's ->probe; unbinding (driver or device
 * unregistered) runs ->remove, which returns void since Linux 6.11.
 * Matching is by name only (no id_table, OF or ACPI tables); there is no
 * deferred probing and no sysfs.
 */
#ifndef _LINUX_PLATFORM_DEVICE_H
#define _LINUX_PLATFORM_DEVICE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/device.h>
#include <linux/ioport.h>

#define PLATFORM_DEVID_NONE	(-1)
#define PLATFORM_DEVID_AUTO	(-2)

#ifndef IORESOURCE_IRQ
#define IORESOURCE_IRQ		0x00000400
#endif
#define IORESOURCE_TYPE_BITS	0x00001f00

struct module;

struct platform_device {
	const char *name;
	int id;
	struct device dev;
	u64 platform_dma_mask;		/* where dev.dma_mask points */
	u32 num_resources;
	struct resource *resource;
	/* mmlab */
	struct platform_driver *driver;	/* bound driver, or NULL */
	int probe_err;			/* the last ->probe's result */
	struct list_head node;		/* m->platform_devices */
	char name_buf[48];
};

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	void (*remove)(struct platform_device *pdev);
	struct {
		const char *name;
		struct module *owner;
	} driver;
	/* mmlab */
	struct list_head node;		/* m->platform_drivers */
};

#define to_platform_device(d)	container_of((d), struct platform_device, dev)

static inline unsigned long resource_type(const struct resource *res)
{
	return res->flags & IORESOURCE_TYPE_BITS;
}

struct platform_device *platform_device_alloc(const char *name, int id);
int platform_device_add_resources(struct platform_device *pdev,
				  const struct resource *res, unsigned int num);
int platform_device_add(struct platform_device *pdev);
void platform_device_del(struct platform_device *pdev);
void platform_device_put(struct platform_device *pdev);
struct platform_device *
platform_device_register_simple(const char *name, int id,
				const struct resource *res, unsigned int num);
void platform_device_unregister(struct platform_device *pdev);

int __platform_driver_register(struct platform_driver *drv,
			       struct module *owner);
#define platform_driver_register(drv) \
	__platform_driver_register(drv, NULL)
void platform_driver_unregister(struct platform_driver *drv);

struct resource *platform_get_resource(struct platform_device *pdev,
				       unsigned int type, unsigned int num);
int platform_get_irq(struct platform_device *pdev, unsigned int num);
void *devm_platform_ioremap_resource(struct platform_device *pdev,
				     unsigned int index);
/* bus_find_device_by_name() on the platform bus: "NAME.ID", or NULL. */
struct platform_device *platform_find_device_by_name(const char *devname);

static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void platform_set_drvdata(struct platform_device *pdev,
					void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

/* At shutdown: unbind every device while irqs and DMA still work, then
 * free them. */
void platform_bus_unbind_all(void);
void platform_bus_exit(void);

#endif
