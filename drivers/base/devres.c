// SPDX-License-Identifier: MIT
/*
 * Managed device resources (Linux's drivers/base/devres.c): what a driver
 * takes with a devm_*() call during or after probe is recorded on the
 * device and given back when the driver unbinds, or when its probe fails,
 * newest first.  The list lives in struct device (devres_head); the bus
 * calls devres_release_all() after ->remove, as Linux's
 * device_unbind_cleanup() does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/interrupt.h>
#include <linux/printk.h>
#include <linux/platform_device.h>

struct devres {
	struct list_head entry;
	dr_release_t release;
	const char *name;		/* the devm_ function, for the log */
	unsigned long data[];		/* the resource's record */
};

static struct list_head *devres_head(struct device *dev)
{
	/* A device never set up for devres (all-zero) gets an empty list. */
	if (!dev->devres_head.next)
		INIT_LIST_HEAD(&dev->devres_head);
	return &dev->devres_head;
}

/**
 * devres_alloc_named() - a record of @size bytes whose @release gives the
 * resource back; devres_add() puts it on a device.
 * Return: the record's data (zeroed), or NULL.
 */
void *devres_alloc_named(dr_release_t release, size_t size, const char *name)
{
	struct devres *dr;

	if (should_fail(FAIL_SLAB))
		return NULL;
	dr = calloc(1, sizeof(*dr) + size);
	if (!dr)
		return NULL;
	INIT_LIST_HEAD(&dr->entry);
	dr->release = release;
	dr->name = name;
	return dr->data;
}

static struct devres *to_devres(void *res)
{
	return (struct devres *)((char *)res - offsetof(struct devres, data));
}

/** devres_free() - free a record that was never added. */
void devres_free(void *res)
{
	if (res)
		free(to_devres(res));
}

/** devres_add() - @dev now holds the resource of record @res. */
void devres_add(struct device *dev, void *res)
{
	list_add_tail(&to_devres(res)->entry, devres_head(dev));
}

/**
 * devres_release() - give back, now, the newest resource of @dev released
 * by @release for which @match(@dev, data, @match_data) holds (devm_kfree(),
 * devm_free_irq() ...).
 * Return: 0, or -ENOENT if there is none.
 */
int devres_release(struct device *dev, dr_release_t release,
		   dr_match_t match, void *match_data)
{
	struct devres *dr;

	list_for_each_entry_reverse(dr, devres_head(dev), entry) {
		if (dr->release != release || (match && !match(dev, dr->data, match_data)))
			continue;
		list_del(&dr->entry);
		dr->release(dev, dr->data);
		free(dr);
		return 0;
	}
	return -ENOENT;
}

/**
 * devres_release_all() - give back every managed resource of @dev,
 * newest first.  Return: how many there were.
 */
int devres_release_all(struct device *dev)
{
	struct list_head *head = devres_head(dev);
	int n = 0;

	while (!list_empty(head)) {
		struct devres *dr = list_last_entry(head, struct devres, entry);

		list_del(&dr->entry);
		dr->release(dev, dr->data);
		free(dr);
		n++;
	}
	return n;
}

/** devres_count() - the managed resources @dev holds (for audits and tests). */
unsigned int devres_count(struct device *dev)
{
	struct devres *dr;
	unsigned int n = 0;

	list_for_each_entry(dr, devres_head(dev), entry)
		n++;
	return n;
}

/* --- devm_kmalloc() (drivers/base/devres.c) ---------------------------- */

struct devm_kmalloc_res {
	void *kva;
};

static void devm_kmalloc_release(struct device *dev, void *res)
{
	kfree(((struct devm_kmalloc_res *)res)->kva);
}

static int devm_kmalloc_match(struct device *dev, void *res, void *data)
{
	return ((struct devm_kmalloc_res *)res)->kva == data;
}

/**
 * devm_kmalloc() - kmalloc() of @size bytes that @dev frees at unbind.
 * Return: the memory, or NULL.
 */
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	struct devm_kmalloc_res *dr;
	void *kva;

	dr = devres_alloc_named(devm_kmalloc_release, sizeof(*dr), "devm_kmalloc");
	if (!dr)
		return NULL;
	kva = kmalloc(size, gfp);
	if (ZERO_OR_NULL_PTR(kva)) {
		devres_free(dr);
		return kva;
	}
	dr->kva = kva;
	devres_add(dev, dr);
	return kva;
}

/** devm_kfree() - free @p now; a pointer devm_kmalloc() did not give WARNs. */
void devm_kfree(struct device *dev, const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return;
	if (devres_release(dev, devm_kmalloc_release, devm_kmalloc_match, (void *)p))
		pr_warn("%s %s: devm_kfree: %px is not a managed allocation\n",
			dev_driver_string(dev), dev_name(dev), p);
}

/* --- devm_ioremap_resource() (lib/devres.c) ---------------------------- */

struct devm_region_res {
	void *addr;
	resource_size_t start, size;
};

static void devm_region_release(struct device *dev, void *res)
{
	struct devm_region_res *r = res;

	iounmap(r->addr);
	__release_region(&current_machine()->iomem_resource, r->start, r->size);
}

/**
 * devm_ioremap_resource() - claim the MEM resource @res for @dev (named
 * after the device, and the resource if it has a name) and ioremap() it,
 * both undone at unbind.
 * Return: the mapping, or ERR_PTR(-EINVAL) (not a MEM resource),
 * -EBUSY (claimed by someone), -ENOMEM; each logged as Linux does.
 */
void *devm_ioremap_resource(struct device *dev, const struct resource *res)
{
	struct mml_machine *m = current_machine();
	struct devm_region_res *dr;
	resource_size_t size;

	if (!res || resource_type(res) != IORESOURCE_MEM) {
		/* %pR's forms: "(null)", "[irq N]", "[io  0x..-0x..]" */
		if (!res)
			dev_err(dev, "invalid resource (null)\n");
		else if (resource_type(res) == IORESOURCE_IRQ)
			dev_err(dev, "invalid resource [irq %llu]\n",
				(unsigned long long)res->start);
		else
			dev_err(dev, "invalid resource [io  %#06llx-%#06llx]\n",
				(unsigned long long)res->start,
				(unsigned long long)res->end);
		return ERR_PTR(-EINVAL);
	}
	size = resource_size(res);
	dr = devres_alloc_named(devm_region_release,
				sizeof(*dr) + sizeof(dev->name) + 64, "devm_ioremap_resource");
	if (!dr)
		return ERR_PTR(-ENOMEM);
	/* The claim's name lives in the record, as devm_kasprintf()'s would. */
	snprintf((char *)(dr + 1), sizeof(dev->name) + 64, res->name ? "%s %s" : "%s",
		 dev_name(dev), res->name);
	if (!__request_region(&m->iomem_resource, res->start, size,
			      (char *)(dr + 1), IORESOURCE_MEM)) {
		dev_err(dev, "can't request region for resource [mem %#010llx-%#010llx]\n",
			(unsigned long long)res->start, (unsigned long long)res->end);
		devres_free(dr);
		return ERR_PTR(-EBUSY);
	}
	dr->addr = ioremap(res->start, size);
	if (!dr->addr) {
		dev_err(dev, "ioremap failed for resource [mem %#010llx-%#010llx]\n",
			(unsigned long long)res->start, (unsigned long long)res->end);
		__release_region(&m->iomem_resource, res->start, size);
		devres_free(dr);
		return ERR_PTR(-ENOMEM);
	}
	dr->start = res->start;
	dr->size = size;
	devres_add(dev, dr);
	return dr->addr;
}

/* --- devm_request_irq() (kernel/irq/devres.c) -------------------------- */

struct devm_irq_res {
	unsigned int irq;
	void *dev_id;
};

static void devm_irq_release(struct device *dev, void *res)
{
	struct devm_irq_res *r = res;

	free_irq(r->irq, r->dev_id);
}

static int devm_irq_match(struct device *dev, void *res, void *data)
{
	struct devm_irq_res *r = res, *want = data;

	return r->irq == want->irq && r->dev_id == want->dev_id;
}

/**
 * devm_request_irq() - request_irq() that @dev frees at unbind.
 * Return: 0, or request_irq()'s error.
 */
int devm_request_irq(struct device *dev, unsigned int irq, irq_handler_t handler,
		     unsigned long irqflags, const char *devname, void *dev_id)
{
	struct devm_irq_res *dr;
	int err;

	dr = devres_alloc_named(devm_irq_release, sizeof(*dr), "devm_request_irq");
	if (!dr)
		return -ENOMEM;
	if (!devname)
		devname = dev_name(dev);
	err = request_irq(irq, handler, irqflags, devname, dev_id);
	if (err) {
		devres_free(dr);
		return err;
	}
	dr->irq = irq;
	dr->dev_id = dev_id;
	devres_add(dev, dr);
	return 0;
}

/** devm_free_irq() - free a managed irq now. */
void devm_free_irq(struct device *dev, unsigned int irq, void *dev_id)
{
	struct devm_irq_res want = { irq, dev_id };

	if (devres_release(dev, devm_irq_release, devm_irq_match, &want))
		pr_warn("%s %s: devm_free_irq: irq %u is not managed\n",
			dev_driver_string(dev), dev_name(dev), irq);
}

/**
 * devm_platform_ioremap_resource() - devm_ioremap_resource() of @pdev's
 * @index'th MEM resource.  Return: the mapping, or an ERR_PTR.
 */
void *devm_platform_ioremap_resource(struct platform_device *pdev,
				     unsigned int index)
{
	return devm_ioremap_resource(&pdev->dev,
				     platform_get_resource(pdev, IORESOURCE_MEM, index));
}
