// SPDX-License-Identifier: MIT
/*
 * Classes and devices (Linux's drivers/base/class.c and core.c), as much
 * of them as a character driver uses: a class groups devices; a device
 * with a number gets a devtmpfs node, named by its class's ->devnode or
 * by its own name.  No sysfs: /sys does not exist in mmlab.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/device.h>

/**
 * class_create() - a new class named @name (Linux 6.4's signature).
 * Return: it, or ERR_PTR(-EEXIST) if the name is taken, -EINVAL for an
 * empty name, -ENOMEM.
 */
struct class *class_create(const char *name)
{
	struct mml_machine *m = current_machine();
	struct class *cls;

	if (!name || !*name || strlen(name) >= sizeof(cls->name))
		return ERR_PTR(-EINVAL);
	list_for_each_entry(cls, &m->classes, list)
		if (!strcmp(cls->name, name))
			return ERR_PTR(-EEXIST);
	if (should_fail(FAIL_SLAB))
		return ERR_PTR(-ENOMEM);
	cls = calloc(1, sizeof(*cls));
	if (!cls)
		return ERR_PTR(-ENOMEM);
	snprintf(cls->name, sizeof(cls->name), "%s", name);
	INIT_LIST_HEAD(&cls->devices);
	list_add_tail(&cls->list, &m->classes);
	return cls;
}

static void device_del(struct device *dev)
{
	if (MAJOR(dev->devt))
		devtmpfs_delete_node(dev->name);
	list_del(&dev->node);
	free(dev);
}

/** class_destroy() - remove @cls and any device still in it. */
void class_destroy(struct class *cls)
{
	struct device *dev, *n;

	if (IS_ERR_OR_NULL(cls))
		return;
	list_for_each_entry_safe(dev, n, &cls->devices, node)
		device_del(dev);
	list_del(&cls->list);
	free(cls);
}

/**
 * device_create() - a device of @cls named by @fmt, with number @devt
 * (0: none) and driver data @drvdata; a number gets a node in /dev.
 * Return: the device, or ERR_PTR(-EINVAL) for no class or name, -EEXIST
 * when the node's name is taken, -ENOMEM.
 */
struct device *device_create(struct class *cls, struct device *parent,
			     dev_t devt, void *drvdata, const char *fmt, ...)
{
	unsigned short mode = 0600;
	struct device *dev;
	va_list ap;
	int err;

	if (IS_ERR_OR_NULL(cls) || !fmt)
		return ERR_PTR(-EINVAL);
	if (should_fail(FAIL_SLAB))
		return ERR_PTR(-ENOMEM);
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return ERR_PTR(-ENOMEM);
	va_start(ap, fmt);
	vsnprintf(dev->name, sizeof(dev->name), fmt, ap);
	va_end(ap);
	dev->class = cls;
	dev->parent = parent;
	dev->devt = devt;
	dev->driver_data = drvdata;
	if (!dev->name[0] || strchr(dev->name, '/')) {
		free(dev);
		return ERR_PTR(-EINVAL);
	}
	if (cls->devnode)
		cls->devnode(dev, &mode);
	if (MAJOR(devt)) {
		err = devtmpfs_create_node(dev->name, devt, mode);
		if (err) {
			free(dev);
			return ERR_PTR(err);
		}
	}
	list_add_tail(&dev->node, &cls->devices);
	return dev;
}

/** device_destroy() - remove the device of @cls with number @devt. */
void device_destroy(struct class *cls, dev_t devt)
{
	struct device *dev;

	if (IS_ERR_OR_NULL(cls))
		return;
	list_for_each_entry(dev, &cls->devices, node) {
		if (dev->devt == devt) {
			device_del(dev);
			return;
		}
	}
}
