// SPDX-License-Identifier: MIT
/*
 * DMA-API debugging (Linux's kernel/dma/debug.c, CONFIG_DMA_API_DEBUG):
 * every mapping is recorded, and each unmap and sync is checked against
 * the record.  A driver error is a WARN in the kernel log with Linux's
 * wording.  Linux shows only the first error unless all_errors is set;
 * mmlab shows them all.
 */
#include <stdlib.h>
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/list.h>
#include <linux/machine.h>
#include <linux/printk.h>
#include "kernel/dma/dma.h"

struct dma_debug_state {
	struct list_head entries;
	unsigned long nr_entries;
	unsigned long error_count;
};

static const char *const type2name[] = {
	[dma_debug_single] = "single",
	[dma_debug_sg] = "scatter-gather",
	[dma_debug_coherent] = "coherent",
	[dma_debug_page] = "page",
};

static const char *const dir2name[] = {
	"DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_NONE",
};

#define err_printk(dev, entry, fmt, ...) do {				\
	dma_debug()->error_count++;					\
	WARN(1, "DMA-API: %s %s: " fmt, dev_driver_string(dev),	\
	     dev_name(dev), ##__VA_ARGS__);				\
} while (0)

static struct dma_debug_state *dma_debug(void)
{
	struct mml_machine *m = current_machine();

	if (!m->dma_debug) {
		m->dma_debug = calloc(1, sizeof(*m->dma_debug));
		if (m->dma_debug)
			INIT_LIST_HEAD(&m->dma_debug->entries);
	}
	return m->dma_debug;
}

static struct dma_debug_entry *find_entry(struct device *dev, dma_addr_t addr)
{
	struct dma_debug_state *st = dma_debug();
	struct dma_debug_entry *e;

	list_for_each_entry(e, &st->entries, list)
		if (e->dev == dev && e->dev_addr == addr)
			return e;
	return NULL;
}

/**
 * debug_dma_add() - record a new mapping.  Recording costs host memory
 * only; when there is none, dma-debug turns itself off for the mapping
 * (Linux: "DMA-API: debugging out of memory - disabling").
 */
void debug_dma_add(struct device *dev, enum dma_debug_type type,
		   dma_addr_t addr, phys_addr_t paddr, size_t size, int dir,
		   int sg_call_ents)
{
	struct dma_debug_state *st = dma_debug();
	struct dma_debug_entry *e;

	if (!st || addr == DMA_MAPPING_ERROR)
		return;
	e = calloc(1, sizeof(*e));
	if (!e) {
		pr_err("DMA-API: debugging out of memory - disabling\n");
		return;
	}
	*e = (struct dma_debug_entry){ .dev = dev, .type = type, .dev_addr = addr,
		.paddr = paddr, .size = size, .direction = dir,
		.sg_call_ents = sg_call_ents,
		.map_err_checked = type == dma_debug_coherent };
	list_add_tail(&e->list, &st->entries);
	st->nr_entries++;
}

/* dma_mapping_error() was called on @addr: the driver checked it. */
void debug_dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	struct dma_debug_entry *e = dma_debug() ? find_entry(dev, addr) : NULL;

	if (e)
		e->map_err_checked = true;
}

/**
 * debug_dma_check_unmap() - the checks of Linux's check_unmap(); the
 * record goes if there was one.
 * Return: true if the mapping was known (the caller may undo it).
 */
bool debug_dma_check_unmap(struct device *dev, enum dma_debug_type type,
			   dma_addr_t addr, size_t size, int dir, int sg_call_ents)
{
	struct dma_debug_state *st = dma_debug();
	struct dma_debug_entry *e;

	if (!st)
		return true;
	e = find_entry(dev, addr);
	if (!e) {
		err_printk(dev, NULL, "device driver tries to free DMA memory it has not allocated [device address=0x%016llx] [size=%zu bytes]\n",
			   (unsigned long long)addr, size);
		return false;
	}
	if (e->size != size)
		err_printk(dev, e, "device driver frees DMA memory with different size [device address=0x%016llx] [map size=%zu bytes] [unmap size=%zu bytes]\n",
			   (unsigned long long)addr, e->size, size);
	if (e->type != type)
		err_printk(dev, e, "device driver frees DMA memory with wrong function [device address=0x%016llx] [size=%zu bytes] [mapped as %s] [unmapped as %s]\n",
			   (unsigned long long)addr, e->size, type2name[e->type], type2name[type]);
	if (e->direction != dir)
		err_printk(dev, e, "device driver frees DMA memory with different direction [device address=0x%016llx] [size=%zu bytes] [mapped with %s] [unmapped with %s]\n",
			   (unsigned long long)addr, e->size, dir2name[e->direction & 3], dir2name[dir & 3]);
	if (type == dma_debug_sg && e->sg_call_ents != sg_call_ents)
		err_printk(dev, e, "device driver frees DMA sg list with different entry count [map count=%d] [unmap count=%d]\n",
			   e->sg_call_ents, sg_call_ents);
	if (!e->map_err_checked)
		err_printk(dev, e, "device driver failed to check map error[device address=0x%016llx] [size=%zu bytes] [mapped as %s]\n",
			   (unsigned long long)addr, e->size, type2name[e->type]);
	list_del(&e->list);
	free(e);
	st->nr_entries--;
	return true;
}

/* Linux's check_sync(): the range lies in a mapping, with its direction. */
void debug_dma_check_sync(struct device *dev, dma_addr_t addr, size_t size,
			  int dir, bool to_cpu)
{
	struct dma_debug_state *st = dma_debug();
	struct dma_debug_entry *e;

	if (!st)
		return;
	list_for_each_entry(e, &st->entries, list) {
		if (e->dev != dev || addr < e->dev_addr || addr - e->dev_addr >= e->size)
			continue;
		if (addr + size > e->dev_addr + e->size)
			err_printk(dev, e, "device driver syncs DMA memory outside allocated range [device address=0x%016llx] [allocation size=%zu bytes] [sync offset+size=%llu]\n",
				   (unsigned long long)e->dev_addr, e->size,
				   (unsigned long long)(addr - e->dev_addr + size));
		if (e->direction != DMA_BIDIRECTIONAL && e->direction != dir)
			err_printk(dev, e, "device driver syncs DMA memory with different direction [device address=0x%016llx] [size=%zu bytes] [mapped with %s] [synced with %s]\n",
				   (unsigned long long)addr, e->size,
				   dir2name[e->direction & 3], dir2name[dir & 3]);
		return;
	}
	err_printk(dev, NULL, "device driver tries to sync DMA memory it has not allocated [device address=0x%016llx] [size=%zu bytes]\n",
		   (unsigned long long)addr, size);
}

/**
 * dma_debug_device_release() - the driver of @dev unbinds: its mappings
 * still recorded are leaks (Linux's dma_debug_device_change()).  The
 * records go, the memory stays with whoever leaked it.
 */
void dma_debug_device_release(struct device *dev)
{
	struct dma_debug_state *st = dma_debug();
	struct dma_debug_entry *e, *tmp, *first = NULL;
	int count = 0;

	if (!st)
		return;
	list_for_each_entry(e, &st->entries, list)
		if (e->dev == dev && !count++)
			first = e;
	if (count)
		err_printk(dev, first, "device driver has pending DMA allocations while released from device [count=%d]\n"
			   "One of leaked entries details: [device address=0x%016llx] [size=%zu bytes] [mapped with %s] [mapped as %s]\n",
			   count, (unsigned long long)first->dev_addr, first->size,
			   dir2name[first->direction & 3], type2name[first->type]);
	list_for_each_entry_safe(e, tmp, &st->entries, list) {
		if (e->dev != dev)
			continue;
		list_del(&e->list);
		free(e);
		st->nr_entries--;
	}
}

unsigned long dma_debug_nr_entries(void)
{
	struct dma_debug_state *st = current_machine()->dma_debug;

	return st ? st->nr_entries : 0;
}

unsigned long dma_debug_error_count(void)
{
	struct dma_debug_state *st = current_machine()->dma_debug;

	return st ? st->error_count : 0;
}

/*
 * Each record is consistent: a bounced mapping's slots are taken; the
 * count matches the list.
 */
int dma_debug_audit(char *msg, size_t n)
{
	struct dma_debug_state *st = current_machine()->dma_debug;
	struct dma_debug_entry *e;
	unsigned long count = 0;

	if (!st)
		return 0;
	list_for_each_entry(e, &st->entries, list) {
		count++;
		if (is_swiotlb_buffer(e->dev, e->dev_addr) &&
		    !swiotlb_slot_taken(e->dev_addr)) {
			snprintf(msg, n, "dma-debug: mapping %#llx is in swiotlb but its slot is free",
				 (unsigned long long)e->dev_addr);
			return -EUCLEAN;
		}
	}
	if (count != st->nr_entries) {
		snprintf(msg, n, "dma-debug: %lu records but the count says %lu",
			 count, st->nr_entries);
		return -EUCLEAN;
	}
	return 0;
}

void dma_debug_exit(void)
{
	struct mml_machine *m = current_machine();
	struct dma_debug_entry *e, *tmp;

	if (!m->dma_debug)
		return;
	list_for_each_entry_safe(e, tmp, &m->dma_debug->entries, list)
		free(e);
	free(m->dma_debug);
	m->dma_debug = NULL;
}
