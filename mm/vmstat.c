// SPDX-License-Identifier: MIT
/* /proc/buddyinfo, /proc/zoneinfo and /proc/vmstat. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_buf.h>

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

static void zoneinfo_show_zone(const struct zone *zone, struct seq_buf *s)
{
	int i;

	seq_printf(s, "Node %d, zone %8s", 0, zone->name);
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

	for (z = 0; z < MAX_NR_ZONES; z++)
		zoneinfo_show_zone(&m->zones[z], s);
}

void vmstat_show(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();
	static const char *const events[NR_VM_EVENT_ITEMS] = {
		"pgalloc_dma", "pgalloc_dma32", "pgalloc_normal",
		"pgalloc_movable", "pgfree", "pgfault", "pgmajfault",
		"pswpin", "pswpout", "swap_ra", "swap_ra_hit",
		"mmlab_alloc_fail",
	};
	int i;

	for (i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(s, "%s %lu\n", zone_stat_names[i],
			   global_zone_page_state((enum zone_stat_item)i));
	seq_printf(s, "nr_page_table_pages %lu\n", m->nr_pagetable_pages);
	for (i = 0; i < NR_VM_EVENT_ITEMS; i++)
		seq_printf(s, "%s %lu\n", events[i], m->vm_events[i]);
}
