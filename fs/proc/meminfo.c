// SPDX-License-Identifier: MIT
/*
 * /proc/meminfo, the lines that mean something so far.  Values that no
 * subsystem produces yet (page cache, anon) are not printed rather than
 * printed as zero.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/swap.h>

static void show_val_kb(struct seq_buf *s, const char *name, unsigned long pages)
{
	seq_printf(s, "%s%8lu kB\n", name, pages << (PAGE_SHIFT - 10));
}

/* si_mem_available(): free pages above the reserves, as Linux estimates. */
static unsigned long mem_available(unsigned long sreclaimable)
{
	struct mml_machine *m = current_machine();
	long avail = (long)nr_free_pages() - (long)m->totalreserve_pages;

	avail += (long)sreclaimable - (long)min(sreclaimable / 2,
						(unsigned long)m->totalreserve_pages);
	return avail < 0 ? 0 : (unsigned long)avail;
}

void meminfo_show(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();
	unsigned long srecl, sunrecl;

	slab_page_counts(&srecl, &sunrecl);
	show_val_kb(s, "MemTotal:       ", m->totalram_pages);
	show_val_kb(s, "MemFree:        ", nr_free_pages());
	show_val_kb(s, "MemAvailable:   ", mem_available(srecl));
	show_val_kb(s, "SwapCached:     ", m->swap ? m->swap->total_swapcache_pages : 0);
	show_val_kb(s, "Mlocked:        ", global_zone_page_state(NR_MLOCK));
	show_val_kb(s, "SwapTotal:      ", (unsigned long)total_swap_pages());
	show_val_kb(s, "SwapFree:       ", (unsigned long)get_nr_swap_pages());
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
