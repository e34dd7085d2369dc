/* SPDX-License-Identifier: MIT */
/*
 * Module parameters: the SDK's module_param(name, type, perm) leaves a
 * descriptor named __mml_param_NAME in the driver; the loader finds it by
 * name and parses the value as Linux's param_set_TYPE() does.  The layout
 * is shared with the SDK (include/mmlab/kernel/linux/moduleparam.h; the
 * ABI test in tests/link compares them).
 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H

#include <linux/types.h>

enum mml_param_type {
	MML_PARAM_int,
	MML_PARAM_uint,
	MML_PARAM_long,
	MML_PARAM_ulong,
	MML_PARAM_charp,
	MML_PARAM_bool,
	MML_PARAM_short,
	MML_PARAM_ushort,
	NR_MML_PARAM_TYPES
};

struct mml_module_param {
	const char *name;
	int type;			/* enum mml_param_type */
	unsigned int perm;
	void *arg;			/* the variable */
};

struct module;
/* kernel/params.c: set @mod's parameters from mod->args.  0 or -errno. */
int parse_module_args(struct module *mod);
/* load_module()/delete_module(): kernel/module.c */
int load_module(const char *path, const char *args);
int delete_module(const char *name);

#endif /* _LINUX_MODULEPARAM_H */
