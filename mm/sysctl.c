// SPDX-License-Identifier: MIT
/*
 * mm's sysctl table, vm.* (Linux spreads it over mm/page_alloc.c, mm/util.c,
 * mm/vmscan.c, mm/oom_kill.c, mm/swap.c, security/min_addr.c and
 * fs/drop_caches.c): each setting's range and handler.  kernel/sysctl.c
 * looks names up; the API only turns its results into public ones.
 */
#include <limits.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/vmscan.h>
#include <linux/printk.h>
#include <linux/machine.h>
#include <linux/sysctl.h>

/*
 * An int (proc_dointvec_minmax(), with or without bounds) or an unsigned
 * long (proc_doulongvec_minmax(), which the API's long gives up to
 * LONG_MAX): read and stored as is.
 */
#define SYSCTL_INT(fname, field)						\
static long get_##fname(struct mml_machine *m) { return (long)m->field; }	\
static void set_##fname(struct mml_machine *m, long v) { m->field = v; }

SYSCTL_INT(overcommit_memory, sysctl_overcommit_memory)
SYSCTL_INT(max_map_count, sysctl_max_map_count)
SYSCTL_INT(page_cluster, sysctl_page_cluster)
SYSCTL_INT(legacy_va_layout, cfg.legacy_va_layout)

/*
 * As Linux's mmap_min_addr_handler(): the LSM floor (CONFIG_LSM_MMAP_MIN_ADDR,
 * 64 KiB) stays under whatever is set.
 */
static long get_mmap_min_addr(struct mml_machine *m)
{
	return (long)m->dac_mmap_min_addr;
}

static void set_mmap_min_addr(struct mml_machine *m, long v)
{
	m->dac_mmap_min_addr = v;
	m->mmap_min_addr = max((unsigned long)v, 65536UL);
}

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

const struct ctl_table vm_table[] = {
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
};
const size_t vm_table_size = ARRAY_SIZE(vm_table);
