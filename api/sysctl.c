// SPDX-License-Identifier: MIT
/* Public entry points: sysctls (/proc/sys/vm/...) and resource limits. */
#include <limits.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sysctl.h>
#include <linux/printk.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

MML_API int mml_sysctl_get(struct mml_machine *m, const char *name, long *val)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	const struct ctl_table *e = sysctl_find(name);

	if (!e) {
		mml_set_error(m, "sysctl: no such setting '%s'", name ? name : "(null)");
		return -ENOENT;
	}
	*val = sysctl_read(e);
	return 0;
}

MML_API int mml_sysctl_set(struct mml_machine *m, const char *name, long val)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	const struct ctl_table *e = sysctl_find(name);

	if (!e) {
		mml_set_error(m, "sysctl: no such setting '%s'", name ? name : "(null)");
		return -ENOENT;
	}
	if (sysctl_write(e, val)) {
		mml_set_error(m, "sysctl: %s must be in [%ld, %ld]", name,
			      e->extra1, e->extra2);
		return -EINVAL;
	}
	return 0;
}

MML_API int mml_setrlimit(struct mml_task *ut, int resource, unsigned long cur,
			  unsigned long max)
{
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	struct task_struct *t = task_of(ut);

	if (resource < 0 || resource >= RLIM_NLIMITS || cur > max)
		return -EINVAL;
	/* Raising the hard limit needs CAP_SYS_RESOURCE: tasks act as root. */
	t->rlim[resource] = (struct rlimit){ cur, max };
	return 0;
}

MML_API int mml_getrlimit(struct mml_task *ut, int resource, unsigned long *cur,
			  unsigned long *max)
{
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	struct task_struct *t = task_of(ut);

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	*cur = t->rlim[resource].rlim_cur;
	*max = t->rlim[resource].rlim_max;
	return 0;
}

MML_API void mml_task_set_caps(struct mml_task *ut, int cap_ipc_lock,
			       int cap_sys_rawio)
{
	task_guard(ut);
	if (api_task_stopped(ut))
		return;
	struct task_struct *t = task_of(ut);

	t->cap_ipc_lock = cap_ipc_lock != 0;
	t->cap_sys_rawio = cap_sys_rawio != 0;
}
