/* SPDX-License-Identifier: MIT */
/*
 * sysctl tables (Linux's linux/sysctl.h, reduced): each subsystem owns the
 * table of its /proc/sys settings (mm/'s vm.*, kernel/'s kernel.*);
 * kernel/sysctl.c finds a setting by its dotted name and applies Linux's
 * range check, as proc_dointvec_minmax() / proc_doulongvec_minmax() do.
 */
#ifndef _LINUX_SYSCTL_H
#define _LINUX_SYSCTL_H

#include <stddef.h>

struct mml_machine;

/*
 * One setting: its name ("vm.swappiness"), the accepted range
 * [extra1, extra2] (an int's, or an unsigned long's up to LONG_MAX), and
 * its handler: get() reads the value, set() stores it with the side
 * effects Linux's proc handler has (watermarks recomputed, ...).
 */
struct ctl_table {
	const char *procname;
	long extra1, extra2;
	long (*get)(struct mml_machine *m);
	void (*set)(struct mml_machine *m, long v);
};

/* mm/sysctl.c: the vm.* settings. */
extern const struct ctl_table vm_table[];
extern const size_t vm_table_size;
/* kernel/sysctl.c: the kernel.* settings. */
extern const struct ctl_table kern_table[];
extern const size_t kern_table_size;

/* kernel/sysctl.c: the setting called @name, or NULL. */
const struct ctl_table *sysctl_find(const char *name);
/* kernel/sysctl.c: @table's value into @val. */
long sysctl_read(const struct ctl_table *table);
/* kernel/sysctl.c: store @val, or -EINVAL outside [extra1, extra2]. */
int sysctl_write(const struct ctl_table *table, long val);

#endif
