/* SPDX-License-Identifier: MIT */
/*
 * Loadable modules (kernel/module.c): a driver is a shared object built
 * against the driver SDK (include/mmlab/kernel/), loaded with dlopen()
 * (RTLD_LOCAL) into the machine by mml_insmod().  Its init_module() and
 * cleanup_module() are module_init()'s and module_exit()'s functions.
 *
 * A module's file_operations name it as owner (THIS_MODULE, which in a
 * driver is the address of its own __this_module object): the kernel finds
 * the struct module by that key (module_of_owner()), so the owner pointer
 * is never dereferenced.  NULL owner: the kernel's own code.
 *
 * Whatever a module's code allocates or registers through the SDK is
 * noted against it (the caller's return address says which module); what
 * is left at unload is reported in the kernel log.
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/types.h>
#include <linux/list.h>

struct seq_buf;

#define MODULE_NAME_LEN		56	/* 64 - sizeof(unsigned long) */
#define MODULES_VADDR		0xffffffffa0000000UL	/* x86-64's module area */

enum module_state {
	MODULE_STATE_LIVE,
	MODULE_STATE_COMING,
	MODULE_STATE_GOING,
	MODULE_STATE_UNFORMED,
};

/* What a module holds that it must give back by its exit. */
enum module_res_kind {
	MODRES_CHRDEV,		/* register_chrdev(): a region and its cdev */
	MODRES_REGION,		/* register_chrdev_region(), alloc_chrdev_region() */
	MODRES_CDEV,		/* a cdev_add() */
	MODRES_MISC,		/* misc_register() */
	MODRES_DEVICE,		/* device_create() */
	MODRES_CLASS,		/* class_create() */
	MODRES_KMALLOC,
	MODRES_VMALLOC,
	MODRES_IOREMAP,
	MODRES_IRQ,		/* request_irq(): key the irq, size the dev_id */
	MODRES_PLATFORM_DRIVER,	/* platform_driver_register() */
	MODRES_DMA_COHERENT,	/* dma_alloc_coherent(): what the device's name */
	MODRES_DMA_POOL,	/* dma_pool_create(): size the block size */
	MODRES_SET_MEMORY,	/* set_memory_uc/wc(): key the address, what the type */
	NR_MODRES_KINDS
};

struct module_res {
	enum module_res_kind kind;
	unsigned long key;		/* the address or device number */
	unsigned long size;
	char what[48];
};

struct module {
	char name[MODULE_NAME_LEN];
	enum module_state state;
	struct list_head list;		/* m->modules, newest first */
	void *handle;			/* dlopen()'s */
	const void *key;		/* its __this_module: THIS_MODULE */
	unsigned long text_start, text_end;	/* host range of its code */
	unsigned long core_size;	/* /proc/modules' size */
	unsigned long base;		/* its simulated address, for /proc/modules */
	int refcnt;			/* open files and mappings of its devices */
	int (*init)(void);
	void (*exit)(void);
	char *args;			/* as given, for the log */
	char *args_buf;			/* parsed copy: charp values point in */
	struct module_res *res;
	size_t nr_res, res_cap;
};

/* kernel/module.c */
bool try_module_get(struct module *owner);
void module_put(struct module *owner);
struct module *module_of_owner(const void *owner);
/* The module whose code is at host address @ip, or NULL (the kernel's). */
struct module *module_at(unsigned long ip);
void module_res_add(struct module *mod, enum module_res_kind kind,
		    unsigned long key, unsigned long size, const char *what);
void module_res_del(enum module_res_kind kind, unsigned long key);
void modules_show(struct seq_buf *s);
void modules_exit(void);
/* Module reference counts against the open files.  0 or -EUCLEAN. */
int module_audit(char *msg, size_t n);

#endif /* _LINUX_MODULE_H */
