// SPDX-License-Identifier: MIT
/* Public entry points: sysctls (/proc/sys/vm/...) and resource limits. */
#include <limits.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/vmscan.h>
#include <linux/printk.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

/*
 * One /proc/sys/vm setting with Linux's range: what proc_dointvec_minmax()
 * (an int, with or without bounds) or proc_doulongvec_minmax() (an
 * unsigned long, which the API's long can give up to LONG_MAX) accepts.
 */
struct sysctl_entry {
	const char *name;
	long min, max;
	long (*get)(struct mml_machine *m);
	void (*set)(struct mml_machine *m, long v);
};

#define SYSCTL_INT(fname, field)						\
static long get_##fname(struct mml_machine *m) { return (long)m->field; }	\
static void set_##fname(struct mml_machine *m, long v) { m->field = v; }

SYSCTL_INT(overcommit_memory, sysctl_overcommit_memory)
SYSCTL_INT(max_map_count, sysctl_max_map_count)
SYSCTL_INT(page_cluster, sysctl_page_cluster)
SYSCTL_INT(mmap_min_addr, dac_mmap_min_addr)
SYSCTL_INT(legacy_va_layout, cfg.legacy_va_layout)
SYSCTL_INT(panic_on_oops, panic_on_oops)

/* As Linux's overcommit handlers: setting the ratio clears the kbytes ... */
static long get_overcommit_ratio(struct mml_machine *m)
{
	return m->sysctl_overcommit_ratio;
}

static void set_overcommit_ratio(struct mml_machine *m, long v)
{
	m->sysctl_overcommit_ratio = (int)v;
	m->sysctl_overcommit_kbytes = 0;
}

/* ... and setting the kbytes clears the ratio. */
static long get_overcommit_kbytes(struct mml_machine *m)
{
	return (long)m->sysctl_overcommit_kbytes;
}

static void set_overcommit_kbytes(struct mml_machine *m, long v)
{
	m->sysctl_overcommit_kbytes = (unsigned long)v;
	m->sysctl_overcommit_ratio = 0;
}

SYSCTL_INT(swappiness, vm_swappiness)
SYSCTL_INT(oom_kill_allocating_task, oom_kill_allocating_task)

/* min_free_kbytes and watermark_scale_factor recompute the watermarks. */
static long get_min_free_kbytes(struct mml_machine *m)
{
	return m->min_free_kbytes;
}

static void set_min_free_kbytes(struct mml_machine *m, long v)
{
	m->min_free_kbytes = (int)v;
	setup_per_zone_wmarks();
}

static long get_watermark_scale_factor(struct mml_machine *m)
{
	return m->watermark_scale_factor;
}

static void set_watermark_scale_factor(struct mml_machine *m, long v)
{
	m->watermark_scale_factor = (int)v;
	setup_per_zone_wmarks();
}

/* drop_caches is write-only in Linux (mode 0200); reading gives 0 here. */
static long get_drop_caches(struct mml_machine *m)
{
	(void)m;
	return 0;
}

static void set_drop_caches(struct mml_machine *m, long v)
{
	if (v & 1) {
		unsigned long n = drop_pagecache();

		(void)n;
	}
	if (v & 2)
		m->vm_events[DROP_SLAB]++;	/* no shrinkable slab objects */
	{
		struct task_struct *t = get_current();

		pr_info("%s (%d): drop_caches: %ld\n", t ? t->comm : "mmlab",
			t ? t->pid : 0, v);
	}
}

static const struct sysctl_entry sysctls[] = {
	{ "vm.swappiness", 0, 200, get_swappiness, set_swappiness },
	{ "vm.min_free_kbytes", 0, INT_MAX, get_min_free_kbytes, set_min_free_kbytes },
	{ "vm.watermark_scale_factor", 1, 3000, get_watermark_scale_factor,
	  set_watermark_scale_factor },
	{ "vm.drop_caches", 1, 4, get_drop_caches, set_drop_caches },
	{ "vm.oom_kill_allocating_task", INT_MIN, INT_MAX,
	  get_oom_kill_allocating_task, set_oom_kill_allocating_task },
	{ "vm.overcommit_memory", 0, 2, get_overcommit_memory, set_overcommit_memory },
	{ "vm.overcommit_ratio", INT_MIN, INT_MAX, get_overcommit_ratio, set_overcommit_ratio },
	{ "vm.overcommit_kbytes", 0, LONG_MAX, get_overcommit_kbytes, set_overcommit_kbytes },
	{ "vm.max_map_count", 0, INT_MAX, get_max_map_count, set_max_map_count },
	{ "vm.page-cluster", 0, 20, get_page_cluster, set_page_cluster },
	{ "vm.mmap_min_addr", 0, LONG_MAX, get_mmap_min_addr, set_mmap_min_addr },
	{ "vm.legacy_va_layout", 0, INT_MAX, get_legacy_va_layout, set_legacy_va_layout },
	{ "kernel.panic_on_oops", 0, 1, get_panic_on_oops, set_panic_on_oops },
};

static const struct sysctl_entry *sysctl_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sysctls); i++)
		if (!strcmp(sysctls[i].name, name))
			return &sysctls[i];
	return NULL;
}

MML_API int mml_sysctl_get(struct mml_machine *m, const char *name, long *val)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	const struct sysctl_entry *e = name ? sysctl_find(name) : NULL;

	if (!e) {
		mml_set_error(m, "sysctl: no such setting '%s'", name ? name : "(null)");
		return -ENOENT;
	}
	*val = e->get(m);
	return 0;
}

MML_API int mml_sysctl_set(struct mml_machine *m, const char *name, long val)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	const struct sysctl_entry *e = name ? sysctl_find(name) : NULL;

	if (!e) {
		mml_set_error(m, "sysctl: no such setting '%s'", name ? name : "(null)");
		return -ENOENT;
	}
	if (val < e->min || val > e->max) {
		mml_set_error(m, "sysctl: %s must be in [%ld, %ld]", name, e->min, e->max);
		return -EINVAL;
	}
	e->set(m, val);
	if (!strcmp(name, "vm.mmap_min_addr"))	/* the LSM floor stays 64 KiB */
		m->mmap_min_addr = max((unsigned long)val, 65536UL);
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
