// SPDX-License-Identifier: MIT
/*
 * Misc devices (Linux's drivers/char/misc.c): major 10 registered as
 * "misc" at boot; misc_register() gives a device its minor (or one of the
 * dynamic ones: 127 downwards, then from 256 up, as Linux 6.x hands them
 * out) and a node in /dev; misc_open() swaps in the device's operations
 * with file->private_data pointing at the struct miscdevice.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#define DYNAMIC_MINORS		128	/* 0 .. 127, handed out downwards */

static struct miscdevice *misc_find(int minor)
{
	struct miscdevice *c;

	list_for_each_entry(c, &current_machine()->misc_list, list)
		if (c->minor == minor)
			return c;
	return NULL;
}

static int misc_minor_alloc(void)
{
	int i;

	for (i = DYNAMIC_MINORS - 1; i >= 0; i--)
		if (!misc_find(i))
			return i;
	for (i = MISC_DYNAMIC_MINOR + 1; i <= (int)MINORMASK; i++)
		if (!misc_find(i))
			return i;
	return -EBUSY;
}

static int misc_open(struct inode *inode, struct file *file)
{
	struct miscdevice *c = misc_find((int)MINOR(inode->i_rdev));
	const struct file_operations *fops;
	int err = 0;

	if (!c || !c->fops)
		return -ENODEV;
	fops = c->fops;
	if (!try_module_get(fops->owner))
		return -ENODEV;
	file->private_data = c;
	file->f_op = fops;
	if (fops->open) {
		err = fops->open(inode, file);
		if (err) {
			module_put(fops->owner);
			file->f_op = NULL;
		}
	}
	return err;
}

static const struct file_operations misc_fops = {
	.open = misc_open,
	.llseek = noop_llseek,
};

static char *misc_devnode(const struct device *dev, unsigned short *mode)
{
	struct miscdevice *c = misc_find((int)MINOR(dev->devt));

	if (c && c->mode && mode)
		*mode = c->mode;
	return NULL;
}

static struct class *misc_class(void)
{
	struct mml_machine *m = current_machine();
	struct class *cls;

	list_for_each_entry(cls, &m->classes, list)
		if (!strcmp(cls->name, "misc"))
			return cls;
	return NULL;
}

/**
 * misc_register() - register @misc: its minor (MISC_DYNAMIC_MINOR: one is
 * chosen and stored), a node /dev/NAME.  Return: 0, -EINVAL without a
 * name, -EBUSY for a minor (or a name) in use, -ENOMEM.
 */
int misc_register(struct miscdevice *misc)
{
	struct mml_machine *m = current_machine();
	bool dynamic = misc->minor == MISC_DYNAMIC_MINOR;
	struct device *dev;
	int minor = misc->minor;

	if (!misc->name || !*misc->name)
		return -EINVAL;
	INIT_LIST_HEAD(&misc->list);
	if (dynamic) {
		minor = misc_minor_alloc();
		if (minor < 0)
			return minor;
	} else if (minor < 0 || minor > (int)MINORMASK || misc_find(minor)) {
		return -EBUSY;
	}
	misc->minor = minor;
	list_add(&misc->list, &m->misc_list);
	dev = device_create(misc_class(), misc->parent, MKDEV(MISC_MAJOR, minor),
			    misc, "%s", misc->nodename ? misc->nodename : misc->name);
	if (IS_ERR(dev)) {
		list_del(&misc->list);
		if (dynamic)
			misc->minor = MISC_DYNAMIC_MINOR;
		return PTR_ERR(dev) == -EEXIST ? -EBUSY : (int)PTR_ERR(dev);
	}
	misc->this_device = dev;
	return 0;
}

/** misc_deregister() - undo misc_register(); open files stay usable. */
void misc_deregister(struct miscdevice *misc)
{
	if (misc_find(misc->minor) != misc)
		return;
	device_destroy(misc_class(), MKDEV(MISC_MAJOR, misc->minor));
	list_del_init(&misc->list);
	misc->this_device = NULL;
}

/** misc_init() - the "misc" class and major 10.  Return: 0 or -errno. */
int misc_init(void)
{
	struct class *cls = class_create("misc");
	int err;

	if (IS_ERR(cls))
		return (int)PTR_ERR(cls);
	cls->devnode = misc_devnode;
	err = register_chrdev(MISC_MAJOR, "misc", &misc_fops);
	if (err)
		class_destroy(cls);
	return err;
}
