// SPDX-License-Identifier: MIT
/*
 * The platform bus (Linux's drivers/base/platform.c and the parts of dd.c
 * it uses): devices and drivers on two per-machine lists, matched by
 * name.  A device added finds its driver, a driver registered binds every
 * unbound device of its name; a failed ->probe leaves the device unbound
 * and the registration still succeeds, as in Linux.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/printk.h>
#include <linux/dma-mapping.h>
#include <linux/platform_device.h>

#define PLATFORM_BUS_NAME	"platform"

/**
 * platform_device_alloc() - a device named @name with instance @id
 * (PLATFORM_DEVID_NONE: the name alone), with Linux's default DMA masks:
 * dma_mask points at platform_dma_mask, both 32 bits.
 * Return: it, or NULL (no name, a name too long, no memory).
 */
struct platform_device *platform_device_alloc(const char *name, int id)
{
	struct platform_device *pdev;

	if (!name || !*name || strlen(name) >= sizeof(pdev->name_buf))
		return NULL;
	if (should_fail(FAIL_SLAB))
		return NULL;
	pdev = calloc(1, sizeof(*pdev));
	if (!pdev)
		return NULL;
	snprintf(pdev->name_buf, sizeof(pdev->name_buf), "%s", name);
	pdev->name = pdev->name_buf;
	pdev->id = id;
	pdev->platform_dma_mask = DMA_BIT_MASK(32);
	pdev->dev.dma_mask = &pdev->platform_dma_mask;
	pdev->dev.coherent_dma_mask = DMA_BIT_MASK(32);
	/* dev_driver_string() of a device without a driver: its bus's name. */
	pdev->dev.driver_name = PLATFORM_BUS_NAME;
	INIT_LIST_HEAD(&pdev->node);
	return pdev;
}

/**
 * platform_device_add_resources() - copy @num resources into @pdev.
 * Return: 0 or -ENOMEM.
 */
int platform_device_add_resources(struct platform_device *pdev,
				  const struct resource *res, unsigned int num)
{
	struct resource *r = NULL;

	if (res && num) {
		if (should_fail(FAIL_SLAB))
			return -ENOMEM;
		r = calloc(num, sizeof(*r));
		if (!r)
			return -ENOMEM;
		memcpy(r, res, num * sizeof(*r));
	}
	free(pdev->resource);
	pdev->resource = r;
	pdev->num_resources = r ? num : 0;
	return 0;
}

static bool platform_match(struct platform_device *pdev,
			   struct platform_driver *drv)
{
	return !strcmp(pdev->name, drv->driver.name);
}

/* dd.c's really_probe(): bind on success, say why not otherwise. */
static void platform_probe(struct platform_device *pdev,
			   struct platform_driver *drv)
{
	int ret;

	pdev->dev.driver_name = drv->driver.name;
	ret = drv->probe ? drv->probe(pdev) : 0;
	pdev->probe_err = ret;
	if (!ret) {
		pdev->driver = drv;
		return;
	}
	devres_release_all(&pdev->dev);
	pdev->dev.driver_name = PLATFORM_BUS_NAME;
	dev_set_drvdata(&pdev->dev, NULL);
	if (ret == -ENODEV || ret == -ENXIO)
		return;		/* the driver declined: dev_dbg() in Linux */
	pr_err("platform %s: probe with driver %s failed with error %d\n",
	       dev_name(&pdev->dev), drv->driver.name, ret);
}

/*
 * __device_release_driver(): ->remove, the managed resources
 * (device_unbind_cleanup()), the unbind notifiers, then no driver and no
 * drvdata.
 */
static void platform_unbind(struct platform_device *pdev)
{
	struct platform_driver *drv = pdev->driver;

	if (!drv)
		return;
	if (drv->remove)
		drv->remove(pdev);
	devres_release_all(&pdev->dev);
	/* The DMA-API debug's notifier: what the driver left mapped. */
	dma_debug_device_release(&pdev->dev);
	pdev->driver = NULL;
	pdev->dev.driver_name = PLATFORM_BUS_NAME;
	dev_set_drvdata(&pdev->dev, NULL);
}

/* The tree a resource of @r's type lives in, or NULL (IRQ, DMA ...). */
static struct resource *platform_resource_root(const struct resource *r)
{
	struct mml_machine *m = current_machine();

	switch (resource_type(r)) {
	case IORESOURCE_MEM:
		return &m->iomem_resource;
	case IORESOURCE_IO:
		return &m->ioport_resource;
	default:
		return NULL;
	}
}

/* Take @pdev's first @n resources out of /proc/iomem and /proc/ioports. */
static void platform_release_resources(struct platform_device *pdev, u32 n)
{
	for (u32 i = 0; i < n; i++) {
		struct resource *r = &pdev->resource[i];

		if (platform_resource_root(r) && r->parent)
			release_resource(r);
	}
}

/*
 * What platform_device_add() does with the resources, as Linux: an
 * unnamed one takes the device's name, and each MEM or I/O-port one is
 * inserted into its tree, so that /proc/iomem shows the device's window
 * (and, nested in it, a driver's claim).  One that overlaps a busy range
 * fails the whole add.
 */
static int platform_claim_resources(struct platform_device *pdev)
{
	for (u32 i = 0; i < pdev->num_resources; i++) {
		struct resource *r = &pdev->resource[i];
		struct resource *root = platform_resource_root(r);

		if (!r->name)
			r->name = pdev->dev.name;
		if (!root || r->parent)
			continue;
		if (insert_resource(root, r)) {
			/* %pR: "[mem 0x%08llx-...]", "[io  0x%04llx-...]" */
			if (resource_type(r) == IORESOURCE_MEM)
				dev_err(&pdev->dev, "failed to claim resource %u: [mem %#010llx-%#010llx]\n",
					i, (unsigned long long)r->start,
					(unsigned long long)r->end);
			else
				dev_err(&pdev->dev, "failed to claim resource %u: [io  %#06llx-%#06llx]\n",
					i, (unsigned long long)r->start,
					(unsigned long long)r->end);
			platform_release_resources(pdev, i);
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * platform_device_add() - put @pdev on the bus and bind it to a driver of
 * its name, if one is registered.
 * Return: 0, -EINVAL (no device), -EEXIST (a device of that name and id
 * is already there), -EBUSY (a MEM or I/O resource overlaps a busy range).
 */
int platform_device_add(struct platform_device *pdev)
{
	struct mml_machine *m = current_machine();
	struct platform_driver *drv;
	struct platform_device *p;
	int err;

	if (!pdev || pdev->id == PLATFORM_DEVID_AUTO)
		return -EINVAL;		/* mmlab: no automatic ids */
	if (pdev->id == PLATFORM_DEVID_NONE)
		snprintf(pdev->dev.name, sizeof(pdev->dev.name), "%s", pdev->name);
	else
		snprintf(pdev->dev.name, sizeof(pdev->dev.name), "%s.%d",
			 pdev->name, pdev->id);
	list_for_each_entry(p, &m->platform_devices, node)
		if (!strcmp(p->dev.name, pdev->dev.name))
			return -EEXIST;
	err = platform_claim_resources(pdev);
	if (err)
		return err;
	list_add_tail(&pdev->node, &m->platform_devices);
	list_for_each_entry(drv, &m->platform_drivers, node) {
		if (platform_match(pdev, drv)) {
			platform_probe(pdev, drv);
			break;
		}
	}
	return 0;
}

/** platform_device_del() - unbind @pdev and take it off the bus. */
void platform_device_del(struct platform_device *pdev)
{
	if (!pdev || list_empty(&pdev->node))
		return;
	platform_unbind(pdev);
	platform_release_resources(pdev, pdev->num_resources);
	list_del_init(&pdev->node);
}

/** platform_device_put() - free a device that is not on the bus. */
void platform_device_put(struct platform_device *pdev)
{
	if (!pdev)
		return;
	free(pdev->resource);
	free(pdev);
}

/**
 * platform_device_register_simple() - alloc, copy @num resources, add.
 * Return: the device, or ERR_PTR(-ENOMEM, -EINVAL, -EEXIST).
 */
struct platform_device *
platform_device_register_simple(const char *name, int id,
				const struct resource *res, unsigned int num)
{
	struct platform_device *pdev = platform_device_alloc(name, id);
	int err;

	if (!pdev)
		return ERR_PTR(name && *name ? -ENOMEM : -EINVAL);
	err = platform_device_add_resources(pdev, res, num);
	if (!err)
		err = platform_device_add(pdev);
	if (err) {
		platform_device_put(pdev);
		return ERR_PTR(err);
	}
	return pdev;
}

/** platform_device_unregister() - del, then put. */
void platform_device_unregister(struct platform_device *pdev)
{
	if (IS_ERR_OR_NULL(pdev))
		return;
	platform_device_del(pdev);
	platform_device_put(pdev);
}

/**
 * __platform_driver_register() - register @drv and bind it to every
 * unbound device of its name.
 * Return: 0, -EINVAL (no name), -EBUSY (a driver of that name exists:
 * driver_register()'s "Driver '%s' is already registered").
 */
int __platform_driver_register(struct platform_driver *drv,
			       struct module *owner)
{
	struct mml_machine *m = current_machine();
	struct platform_driver *d;
	struct platform_device *pdev;

	if (!drv || !drv->driver.name || !*drv->driver.name)
		return -EINVAL;
	list_for_each_entry(d, &m->platform_drivers, node) {
		if (d == drv || !strcmp(d->driver.name, drv->driver.name)) {
			pr_err("Error: Driver '%s' is already registered, aborting...\n",
			       drv->driver.name);
			return -EBUSY;
		}
	}
	drv->driver.owner = owner;
	list_add_tail(&drv->node, &m->platform_drivers);
	list_for_each_entry(pdev, &m->platform_devices, node)
		if (!pdev->driver && platform_match(pdev, drv))
			platform_probe(pdev, drv);
	return 0;
}

/** platform_driver_unregister() - unbind every device of @drv, forget it. */
void platform_driver_unregister(struct platform_driver *drv)
{
	struct mml_machine *m = current_machine();
	struct platform_driver *d;
	struct platform_device *pdev;

	if (!drv)
		return;
	list_for_each_entry(d, &m->platform_drivers, node) {
		if (d != drv)
			continue;
		list_for_each_entry(pdev, &m->platform_devices, node)
			if (pdev->driver == drv)
				platform_unbind(pdev);
		list_del_init(&drv->node);
		return;
	}
}

/**
 * platform_get_resource() - the @num'th resource of @pdev of @type
 * (IORESOURCE_MEM, IORESOURCE_IO, IORESOURCE_IRQ).
 * Return: it, or NULL.
 */
struct resource *platform_get_resource(struct platform_device *pdev,
				       unsigned int type, unsigned int num)
{
	u32 i;

	for (i = 0; pdev && i < pdev->num_resources; i++) {
		struct resource *r = &pdev->resource[i];

		if (resource_type(r) == type && num-- == 0)
			return r;
	}
	return NULL;
}

/**
 * platform_get_irq() - the interrupt of @pdev's @num'th IRQ resource.
 * Return: the Linux IRQ number, or -ENXIO, logged as Linux's
 * dev_err_probe() does (prefixed by the driver's name, during probe too).
 */
int platform_get_irq(struct platform_device *pdev, unsigned int num)
{
	struct resource *r = platform_get_resource(pdev, IORESOURCE_IRQ, num);

	if (!r || r->start > INT_MAX) {
		if (pdev)
			pr_err("%s %s: error -ENXIO: IRQ index %u not found\n",
			       pdev->dev.driver_name,
			       dev_name(&pdev->dev), num);
		return -ENXIO;
	}
	return (int)r->start;
}

/**
 * platform_find_device_by_name() - the device on the bus named @devname
 * ("NAME.ID", or "NAME" for PLATFORM_DEVID_NONE).
 * Return: it, or NULL.
 */
struct platform_device *platform_find_device_by_name(const char *devname)
{
	struct platform_device *pdev;

	list_for_each_entry(pdev, &current_machine()->platform_devices, node)
		if (!strcmp(pdev->dev.name, devname))
			return pdev;
	return NULL;
}

/**
 * platform_bus_unbind_all() - at shutdown, while interrupts and the DMA
 * layer still work: unbind every bound device (->remove and its managed
 * resources), so that no driver holds an irq or a mapping past them.
 */
void platform_bus_unbind_all(void)
{
	struct platform_device *pdev;

	if (!current_machine()->drivers_up)
		return;
	list_for_each_entry(pdev, &current_machine()->platform_devices, node)
		platform_unbind(pdev);
}

/** platform_bus_exit() - at shutdown: free every device, forget drivers. */
void platform_bus_exit(void)
{
	struct mml_machine *m = current_machine();
	struct platform_device *pdev, *n;
	struct platform_driver *drv, *dn;

	list_for_each_entry_safe(pdev, n, &m->platform_devices, node) {
		platform_release_resources(pdev, pdev->num_resources);
		list_del_init(&pdev->node);
		platform_device_put(pdev);
	}
	list_for_each_entry_safe(drv, dn, &m->platform_drivers, node)
		list_del_init(&drv->node);
}
