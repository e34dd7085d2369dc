// SPDX-License-Identifier: MIT
/*
 * /proc/meminfo, the lines that mean something so far.  Values that no
 * subsystem produces yet are not printed rather than printed as zero;
 * Buffers and Writeback are truly zero (no block devices, and writeback
 * completes before it returns).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/swap.h>
#include <linux/mm_inline.h>

static void show_val_kb(struct seq_buf *s, const char *name, unsigned long pages)
{
	seq_printf(s, "%s%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

/*
 * si_mem_available(): free pages above the reserves, plus the page cache
 * and reclaimable slab that could go without pushing the zones below
 * their low watermarks, as Linux estimates.
 */
static unsigned long mem_available(unsigned long sreclaimable)
{
	struct mml_machine *m = current_machine();
	const struct lruvec *l = &m->lruvec;
	unsigned long wmark_low = 0, pagecache;
	long avail = (long)nr_free_pages() - (long)m->totalreserve_pages;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		wmark_low += low_wmark_pages(&m->zones[z]);
	pagecache = l->nr[LRU_ACTIVE_FILE] + l->nr[LRU_INACTIVE_FILE];
	pagecache -= min(pagecache / 2, wmark_low);
	avail += (long)pagecache;
	avail += (long)sreclaimable - (long)min(sreclaimable / 2, wmark_low);
	return avail < 0 ? 0 : (unsigned long)avail;
}

void meminfo_show(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();
	const struct lruvec *l = &m->lruvec;
	unsigned long srecl, sunrecl;

	slab_page_counts(&srecl, &sunrecl);
	show_val_kb(s, "MemTotal:       ", m->totalram_pages);
	show_val_kb(s, "MemFree:        ", nr_free_pages());
	show_val_kb(s, "MemAvailable:   ", mem_available(srecl));
	show_val_kb(s, "Buffers:        ", 0);	/* no block devices */
	show_val_kb(s, "Cached:         ", m->nr_file_pages);
	show_val_kb(s, "SwapCached:     ", m->swap ? m->swap->total_swapcache_pages : 0);
	show_val_kb(s, "Active:         ", l->nr[LRU_ACTIVE_ANON] + l->nr[LRU_ACTIVE_FILE]);
	show_val_kb(s, "Inactive:       ", l->nr[LRU_INACTIVE_ANON] + l->nr[LRU_INACTIVE_FILE]);
	show_val_kb(s, "Active(anon):   ", l->nr[LRU_ACTIVE_ANON]);
	show_val_kb(s, "Inactive(anon): ", l->nr[LRU_INACTIVE_ANON]);
	show_val_kb(s, "Active(file):   ", l->nr[LRU_ACTIVE_FILE]);
	show_val_kb(s, "Inactive(file): ", l->nr[LRU_INACTIVE_FILE]);
	show_val_kb(s, "Unevictable:    ", l->nr[LRU_UNEVICTABLE]);
	show_val_kb(s, "Mlocked:        ", global_zone_page_state(NR_MLOCK));
	show_val_kb(s, "SwapTotal:      ", (unsigned long)total_swap_pages());
	show_val_kb(s, "SwapFree:       ", (unsigned long)get_nr_swap_pages());
	show_val_kb(s, "Dirty:          ", m->nr_file_dirty);
	show_val_kb(s, "Writeback:      ", 0);	/* writeback is synchronous */
	show_val_kb(s, "AnonPages:      ", nr_anon_mapped_pages());
	show_val_kb(s, "Mapped:         ", nr_mapped_pages());
	show_val_kb(s, "Shmem:          ", m->nr_shmem);
	show_val_kb(s, "KReclaimable:   ", srecl);
	show_val_kb(s, "Slab:           ", srecl + sunrecl);
	show_val_kb(s, "SReclaimable:   ", srecl);
	show_val_kb(s, "SUnreclaim:     ", sunrecl);
	show_val_kb(s, "PageTables:     ", m->nr_pagetable_pages);
	show_val_kb(s, "Bounce:         ", global_zone_page_state(NR_BOUNCE));
	show_val_kb(s, "CommitLimit:    ", vm_commit_limit());
	show_val_kb(s, "Committed_AS:   ", m->vm_committed_as > 0 ? (unsigned long)m->vm_committed_as : 0);
	seq_printf(s, "VmallocTotal:   %8lu kB\n", VMALLOC_TOTAL >> 10);
	show_val_kb(s, "VmallocUsed:    ", vmalloc_nr_pages());
	show_val_kb(s, "VmallocChunk:   ", 0);
	arch_report_meminfo(s);
}
