// SPDX-License-Identifier: MIT
/* The machine-wide /proc files and the kernel log, by path. */
#include <string.h>
#include <linux/kernel.h>
#include <linux/swap.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/irq.h>
#include <linux/swiotlb.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/module.h>
#include <asm/pgtable.h>

static void iomem_show(struct seq_buf *s)
{
	resource_show(&current_machine()->iomem_resource, s);
}

static void ioports_show(struct seq_buf *s)
{
	resource_show(&current_machine()->ioport_resource, s);
}

static void cmdline_show(struct seq_buf *s)
{
	seq_printf(s, "%s\n", current_machine()->cmdline);
}

static void dmesg_show(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();

	if (m->log.buf)
		seq_puts(s, m->log.buf);
	if (m->log.cont_open)
		seq_putc(s, '\n');
}

static void swiotlb_nslabs_show(struct seq_buf *s)
{
	swiotlb_show(s, "io_tlb_nslabs");
}

static void swiotlb_used_show(struct seq_buf *s)
{
	swiotlb_show(s, "io_tlb_used");
}

static void swiotlb_hiwater_show(struct seq_buf *s)
{
	swiotlb_show(s, "io_tlb_used_hiwater");
}

static const struct {
	const char *path;
	void (*show)(struct seq_buf *s);
} files[] = {
	{ "/proc/buddyinfo", buddyinfo_show },
	{ "/proc/cmdline", cmdline_show },
	{ "/proc/devices", chrdev_show },
	{ "/proc/iomem", iomem_show },
	{ "/proc/interrupts", show_interrupts },
	{ "/proc/ioports", ioports_show },
	{ "/proc/meminfo", meminfo_show },
	{ "/proc/modules", modules_show },
	{ "/proc/slabinfo", slabinfo_show },
	{ "/proc/swaps", swaps_show },
	{ "/proc/vmallocinfo", vmallocinfo_show },
	{ "/proc/vmstat", vmstat_show },
	{ "/proc/zoneinfo", zoneinfo_show },
	{ "/sys/kernel/debug/irq/domains", irq_domains_show },
	{ "/sys/kernel/debug/page_tables/current_kernel", ptdump_curknl_show },
	{ "/sys/kernel/debug/page_tables/current_user", ptdump_curusr_show },
	{ "/sys/kernel/debug/page_tables/kernel", ptdump_show },
	{ "/sys/kernel/debug/swiotlb/io_tlb_nslabs", swiotlb_nslabs_show },
	{ "/sys/kernel/debug/swiotlb/io_tlb_used", swiotlb_used_show },
	{ "/sys/kernel/debug/swiotlb/io_tlb_used_hiwater", swiotlb_hiwater_show },
	{ "/sys/kernel/debug/x86/pat_memtype_list", pat_memtype_list_show },
	{ "dmesg", dmesg_show },
	{ "/dev", devtmpfs_show },	/* "ls -l /dev"; not under /proc */
};

const char *const proc_files[] = {
	"/proc/buddyinfo", "/proc/cmdline", "/proc/devices", "/proc/interrupts",
	"/proc/iomem", "/proc/ioports", "/proc/meminfo", "/proc/modules",
	"/proc/slabinfo", "/proc/swaps", "/proc/vmallocinfo", "/proc/vmstat",
	"/proc/zoneinfo", "/sys/kernel/debug/irq/domains",
	"/sys/kernel/debug/page_tables/current_kernel",
	"/sys/kernel/debug/page_tables/current_user",
	"/sys/kernel/debug/page_tables/kernel",
	"/sys/kernel/debug/swiotlb/io_tlb_nslabs",
	"/sys/kernel/debug/swiotlb/io_tlb_used",
	"/sys/kernel/debug/swiotlb/io_tlb_used_hiwater",
	"/sys/kernel/debug/x86/pat_memtype_list", "dmesg", NULL,
};

int proc_show(const char *path, struct seq_buf *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		if (!strcmp(files[i].path, path)) {
			files[i].show(s);
			return s->overflow ? -ENOMEM : 0;
		}
	}
	return -ENOENT;
}
