// SPDX-License-Identifier: MIT
/*
 * The driver core at boot and shutdown: the tables of fs/char_dev.c,
 * drivers/base and kernel/module.c, then the built-in character drivers
 * (mem, misc), as Linux's driver_init() and their initcalls do.
 */
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/platform_device.h>

/** driver_init() - see linux/device.h.  Return: 0 or -ENOMEM. */
int driver_init(void)
{
	struct mml_machine *m = current_machine();
	int err;

	INIT_LIST_HEAD(&m->chrdevs);
	INIT_LIST_HEAD(&m->cdev_map);
	INIT_LIST_HEAD(&m->misc_list);
	INIT_LIST_HEAD(&m->classes);
	INIT_LIST_HEAD(&m->platform_devices);
	INIT_LIST_HEAD(&m->platform_drivers);
	INIT_LIST_HEAD(&m->devtmpfs_nodes);
	INIT_LIST_HEAD(&m->modules);
	m->modules_next_base = MODULES_VADDR;
	m->drivers_up = true;
	err = chr_dev_init();
	if (!err)
		err = misc_init();
	return err;
}

/**
 * driver_exit() - at shutdown, after every file is closed: the modules'
 * code goes (without their exit: the machine is going, as at power-off),
 * then every class, device, node and region.
 */
void driver_exit(void)
{
	struct mml_machine *m = current_machine();
	struct class *cls, *n;

	if (!m->drivers_up)
		return;
	modules_exit();
	platform_bus_exit();
	list_for_each_entry_safe(cls, n, &m->classes, list)
		class_destroy(cls);
	chrdev_exit();
	devtmpfs_exit();
	m->drivers_up = false;
}
