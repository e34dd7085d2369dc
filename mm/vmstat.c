// SPDX-License-Identifier: MIT
/* /proc/buddyinfo, /proc/zoneinfo and /proc/vmstat. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/mm_inline.h>

static bool zone_shown(const struct zone *z)
{
	return populated_zone(z);
}

void buddyinfo_show(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();
	unsigned int o;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &m->zones[z];

		if (!zone_shown(zone))
			continue;
		seq_printf(s, "Node %d, zone %8s ", 0, zone->name);
		for (o = 0; o < NR_PAGE_ORDERS; o++)
			seq_printf(s, "%6lu ", zone->free_area[o].nr_free);
		seq_putc(s, '\n');
	}
}

static const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
	"nr_free_pages", "nr_zone_inactive_anon", "nr_zone_active_anon",
	"nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_unevictable",
	"nr_zone_write_pending", "nr_mlock", "nr_bounce", "nr_free_cma",
};

/* The node's counters, printed under its first populated zone as Linux. */
static void zoneinfo_show_node(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();
	const struct lruvec *l = &m->lruvec;
	unsigned long srecl, sunrecl;

	slab_page_counts(&srecl, &sunrecl);
	seq_puts(s, "\n  per-node stats");
	seq_printf(s, "\n      nr_inactive_anon %lu\n      nr_active_anon %lu"
		   "\n      nr_inactive_file %lu\n      nr_active_file %lu"
		   "\n      nr_unevictable %lu\n      nr_slab_reclaimable %lu"
		   "\n      nr_slab_unreclaimable %lu\n      nr_isolated_anon 0"
		   "\n      nr_isolated_file 0",
		   l->nr[LRU_INACTIVE_ANON], l->nr[LRU_ACTIVE_ANON],
		   l->nr[LRU_INACTIVE_FILE], l->nr[LRU_ACTIVE_FILE],
		   l->nr[LRU_UNEVICTABLE], srecl, sunrecl);
	seq_printf(s, "\n      workingset_refault_anon %lu\n      workingset_refault_file %lu"
		   "\n      workingset_activate_anon %lu\n      workingset_activate_file %lu"
		   "\n      workingset_restore_anon %lu\n      workingset_restore_file %lu",
		   m->vm_events[WORKINGSET_REFAULT_ANON], m->vm_events[WORKINGSET_REFAULT_FILE],
		   m->vm_events[WORKINGSET_ACTIVATE_ANON], m->vm_events[WORKINGSET_ACTIVATE_FILE],
		   m->vm_events[WORKINGSET_RESTORE_ANON], m->vm_events[WORKINGSET_RESTORE_FILE]);
	seq_printf(s, "\n      nr_anon_pages %lu\n      nr_mapped    %lu\n      nr_file_pages %lu"
		   "\n      nr_dirty     %lu\n      nr_writeback 0\n      nr_shmem     %lu"
		   "\n      nr_vmscan_write %lu",
		   nr_anon_mapped_pages(), nr_mapped_pages(), m->nr_file_pages,
		   m->nr_file_dirty, m->nr_shmem, m->nr_vmscan_write);
}

static void zoneinfo_show_zone(const struct zone *zone, struct seq_buf *s,
			       bool first_populated)
{
	int i;

	seq_printf(s, "Node %d, zone %8s", 0, zone->name);
	if (first_populated)
		zoneinfo_show_node(s);
	if (!populated_zone(zone)) {
		seq_puts(s, "\n  pages free     0\n");
		seq_printf(s, "        boost    0\n        min      0\n        low      0\n        high     0\n        promo    0\n");
		seq_printf(s, "        spanned  %lu\n        present  %lu\n        managed  %lu\n        cma      0\n",
			   zone->spanned_pages, zone->present_pages, zone->managed_pages);
		seq_printf(s, "        protection: (%ld", zone->lowmem_reserve[0]);
		for (i = 1; i < MAX_NR_ZONES; i++)
			seq_printf(s, ", %ld", zone->lowmem_reserve[i]);
		seq_puts(s, ")\n");
	} else {
		seq_printf(s, "\n  pages free     %lu", zone_page_state(zone, NR_FREE_PAGES));
		seq_printf(s, "\n        boost    %lu\n        min      %lu\n        low      %lu\n        high     %lu\n        promo    %lu",
			   0UL, zone->_watermark[WMARK_MIN], zone->_watermark[WMARK_LOW],
			   zone->_watermark[WMARK_HIGH], zone->_watermark[WMARK_PROMO]);
		seq_printf(s, "\n        spanned  %lu\n        present  %lu\n        managed  %lu\n        cma      0",
			   zone->spanned_pages, zone->present_pages, zone->managed_pages);
		seq_printf(s, "\n        protection: (%ld", zone->lowmem_reserve[0]);
		for (i = 1; i < MAX_NR_ZONES; i++)
			seq_printf(s, ", %ld", zone->lowmem_reserve[i]);
		seq_putc(s, ')');
		for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
			seq_printf(s, "\n      %-12s %lu", zone_stat_names[i],
				   zone_page_state(zone, (enum zone_stat_item)i));
		seq_printf(s, "\n  pagesets\n    cpu: 0\n              count:    %d\n              high:     %d\n              batch:    %d",
			   zone->pcp.count, zone->pcp.high, zone->pcp.batch);
		seq_printf(s, "\n  node_unreclaimable:  0\n  start_pfn:           %lu\n",
			   zone->zone_start_pfn);
	}
}

void zoneinfo_show(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();
	int z;

	bool first = true;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		zoneinfo_show_zone(&m->zones[z], s, first && populated_zone(&m->zones[z]));
		if (populated_zone(&m->zones[z]))
			first = false;
	}
}

/* The vm events in the order Linux's /proc/vmstat prints them. */
static const struct { const char *name; enum vm_event_item item; } vm_events[] = {
	{ "pswpin", PSWPIN }, { "pswpout", PSWPOUT },
	{ "pgalloc_dma", PGALLOC_DMA }, { "pgalloc_dma32", PGALLOC_DMA32 },
	{ "pgalloc_normal", PGALLOC_NORMAL }, { "pgalloc_movable", PGALLOC_MOVABLE },
	{ "allocstall_dma", ALLOCSTALL_DMA }, { "allocstall_dma32", ALLOCSTALL_DMA32 },
	{ "allocstall_normal", ALLOCSTALL_NORMAL },
	{ "allocstall_movable", ALLOCSTALL_MOVABLE },
	{ "pgfree", PGFREE }, { "pgactivate", PGACTIVATE },
	{ "pgdeactivate", PGDEACTIVATE }, { "pgfault", PGFAULT },
	{ "pgmajfault", PGMAJFAULT }, { "pgrefill", PGREFILL },
	{ "pgsteal_kswapd", PGSTEAL_KSWAPD }, { "pgsteal_direct", PGSTEAL_DIRECT },
	{ "pgscan_kswapd", PGSCAN_KSWAPD }, { "pgscan_direct", PGSCAN_DIRECT },
	{ "pgscan_anon", PGSCAN_ANON }, { "pgscan_file", PGSCAN_FILE },
	{ "pgsteal_anon", PGSTEAL_ANON }, { "pgsteal_file", PGSTEAL_FILE },
	{ "pageoutrun", PAGEOUTRUN }, { "pgrotated", PGROTATED },
	{ "drop_pagecache", DROP_PAGECACHE }, { "drop_slab", DROP_SLAB },
	{ "oom_kill", OOM_KILL },
	{ "swap_ra", SWAP_RA }, { "swap_ra_hit", SWAP_RA_HIT },
	{ "mmlab_alloc_fail", ALLOCSTALL_FAIL },
};

void vmstat_show(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();
	const struct lruvec *l = &m->lruvec;
	unsigned long srecl, sunrecl;
	size_t i;

	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(s, "%s %lu\n", zone_stat_names[i],
			   global_zone_page_state((enum zone_stat_item)i));
	/* node stats */
	slab_page_counts(&srecl, &sunrecl);
	seq_printf(s, "nr_inactive_anon %lu\nnr_active_anon %lu\n"
		   "nr_inactive_file %lu\nnr_active_file %lu\nnr_unevictable %lu\n",
		   l->nr[LRU_INACTIVE_ANON], l->nr[LRU_ACTIVE_ANON],
		   l->nr[LRU_INACTIVE_FILE], l->nr[LRU_ACTIVE_FILE],
		   l->nr[LRU_UNEVICTABLE]);
	seq_printf(s, "nr_slab_reclaimable %lu\nnr_slab_unreclaimable %lu\n"
		   "nr_isolated_anon 0\nnr_isolated_file 0\n", srecl, sunrecl);
	seq_printf(s, "workingset_refault_anon %lu\nworkingset_refault_file %lu\n"
		   "workingset_activate_anon %lu\nworkingset_activate_file %lu\n"
		   "workingset_restore_anon %lu\nworkingset_restore_file %lu\n",
		   m->vm_events[WORKINGSET_REFAULT_ANON],
		   m->vm_events[WORKINGSET_REFAULT_FILE],
		   m->vm_events[WORKINGSET_ACTIVATE_ANON],
		   m->vm_events[WORKINGSET_ACTIVATE_FILE],
		   m->vm_events[WORKINGSET_RESTORE_ANON],
		   m->vm_events[WORKINGSET_RESTORE_FILE]);
	seq_printf(s, "nr_anon_pages %lu\nnr_mapped %lu\nnr_file_pages %lu\n"
		   "nr_dirty %lu\nnr_writeback 0\nnr_shmem %lu\n",
		   nr_anon_mapped_pages(), nr_mapped_pages(), m->nr_file_pages,
		   m->nr_file_dirty, m->nr_shmem);
	seq_printf(s, "nr_vmscan_write %lu\n", m->nr_vmscan_write);
	seq_printf(s, "nr_page_table_pages %lu\n", m->nr_pagetable_pages);
	for (i = 0; i < ARRAY_SIZE(vm_events); i++)
		seq_printf(s, "%s %lu\n", vm_events[i].name, m->vm_events[vm_events[i].item]);
}
