// SPDX-License-Identifier: MIT
/*
 * sysctl lookup and the kernel.* table (Linux's kernel/sysctl.c and
 * kernel/panic.c's table).  The vm.* table is mm/'s (mm/sysctl.c).
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/current.h>
#include <linux/machine.h>
#include <linux/sysctl.h>

static long get_panic_on_oops(struct mml_machine *m)
{
	return m->panic_on_oops;
}

static void set_panic_on_oops(struct mml_machine *m, long v)
{
	m->panic_on_oops = (int)v;
}

const struct ctl_table kern_table[] = {
	{ "kernel.panic_on_oops", 0, 1, get_panic_on_oops, set_panic_on_oops },
};
const size_t kern_table_size = ARRAY_SIZE(kern_table);

static const struct ctl_table *table_find(const struct ctl_table *table,
					  size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(table[i].procname, name))
			return &table[i];
	return NULL;
}

/** sysctl_find() - see linux/sysctl.h. */
const struct ctl_table *sysctl_find(const char *name)
{
	const struct ctl_table *t;

	if (!name)
		return NULL;
	t = table_find(vm_table, vm_table_size, name);
	return t ? t : table_find(kern_table, kern_table_size, name);
}

/** sysctl_read() - see linux/sysctl.h. */
long sysctl_read(const struct ctl_table *table)
{
	return table->get(current_machine());
}

/** sysctl_write() - see linux/sysctl.h. */
int sysctl_write(const struct ctl_table *table, long val)
{
	if (val < table->extra1 || val > table->extra2)
		return -EINVAL;
	table->set(current_machine(), val);
	return 0;
}
