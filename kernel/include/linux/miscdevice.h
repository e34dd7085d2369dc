/* SPDX-License-Identifier: MIT */
/*
 * Misc devices (drivers/char/misc.c): character devices of major 10, one
 * minor each (MISC_DYNAMIC_MINOR: one is chosen), a node in /dev named as
 * the device.  The layout is Linux 6.x's; the driver SDK shares it.
 */
#ifndef _LINUX_MISCDEVICE_H
#define _LINUX_MISCDEVICE_H

#include <linux/types.h>
#include <linux/list.h>

#define MISC_MAJOR		10
#define MISC_DYNAMIC_MINOR	255

struct device;
struct file_operations;

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
	struct device *parent;
	struct device *this_device;
	const void *groups;
	const char *nodename;
	unsigned short mode;
};

int misc_register(struct miscdevice *misc);
void misc_deregister(struct miscdevice *misc);
int misc_init(void);

#endif /* _LINUX_MISCDEVICE_H */
