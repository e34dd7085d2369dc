// SPDX-License-Identifier: MIT
/*
 * swiotlb: bounce buffers for devices that cannot reach a buffer
 * (Linux's kernel/dma/swiotlb.c).  One pool of low memory, reserved from
 * memblock at boot below 4 GiB (top-down, as memblock_alloc_low() does),
 * cut into IO_TLB_SIZE slots.  A mapping takes a run of free slots within
 * one IO_TLB_SEGSIZE segment; the bounce copies are traced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/printk.h>
#include <linux/seq_buf.h>
#include <linux/trace.h>
#include <linux/swiotlb.h>
#include "kernel/dma/dma.h"

#define INVALID_PHYS_ADDR	(~(phys_addr_t)0)

static const char *const dir_name[] = {
	"DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_NONE",
};

/**
 * setup_io_tlb_npages() - swiotlb=<slabs>[,force|noforce] or
 * swiotlb=force|noforce (Linux's syntax; a second number, the number of
 * areas, is accepted and ignored: one CPU).
 * Return: 0, or -EINVAL.
 */
int setup_io_tlb_npages(const char *str)
{
	struct mml_machine *m = current_machine();
	char *end;

	if (*str >= '0' && *str <= '9') {
		unsigned long n = strtoul(str, &end, 0);

		if (!n || n > (1UL << 24))
			return -EINVAL;
		m->swiotlb_nslabs = ALIGN(n, IO_TLB_SEGSIZE);
		str = end;
		if (*str == ',')
			str++;
		if (*str >= '0' && *str <= '9') {
			strtoul(str, &end, 0);
			str = *end == ',' ? end + 1 : end;
		}
	}
	if (!strcmp(str, "force"))
		m->swiotlb_force = 1;
	else if (!strcmp(str, "noforce"))
		m->swiotlb_force = -1;
	else if (*str)
		return -EINVAL;
	return 0;
}

/* memblock_alloc_low(): top-down below 4 GiB. */
static phys_addr_t alloc_low(phys_addr_t size)
{
	struct mml_machine *m = current_machine();
	phys_addr_t limit = m->memblock.current_limit, pa;

	m->memblock.current_limit = min(limit, (phys_addr_t)SZ_4G);
	pa = memblock_phys_alloc(size, PAGE_SIZE);
	m->memblock.current_limit = limit;
	return pa;
}

/**
 * swiotlb_init() - reserve the pool if this machine wants one: RAM above
 * 4 GiB (x86's pci_swiotlb_detect()) or swiotlb=force; not with noforce.
 * Context: boot, before memblock hands its memory to the buddy allocator.
 */
void swiotlb_init(void)
{
	struct mml_machine *m = current_machine();
	unsigned long nslabs = m->swiotlb_nslabs ? m->swiotlb_nslabs :
			       IO_TLB_DEFAULT_SIZE >> IO_TLB_SHIFT;
	struct io_tlb_mem *mem;
	phys_addr_t pa;
	unsigned long i;

	if (m->swiotlb_force < 0 ||
	    (m->swiotlb_force == 0 && m->max_pfn <= (SZ_4G >> PAGE_SHIFT)))
		return;
	mem = calloc(1, sizeof(*mem));
	if (mem)
		mem->slots = calloc(nslabs, sizeof(*mem->slots));
	pa = mem && mem->slots ? alloc_low((phys_addr_t)nslabs << IO_TLB_SHIFT) : 0;
	if (!pa) {
		pr_warn("swiotlb: Cannot allocate buffer\n");
		if (mem)
			free(mem->slots);
		free(mem);
		return;
	}
	mem->start = pa;
	mem->end = pa + ((phys_addr_t)nslabs << IO_TLB_SHIFT);
	mem->nslabs = nslabs;
	mem->force_bounce = m->swiotlb_force > 0;
	for (i = 0; i < nslabs; i++)
		mem->slots[i].orig_addr = INVALID_PHYS_ADDR;
	m->io_tlb = mem;
	pr_info("software IO TLB: mapped [mem 0x%016llx-0x%016llx] (%luMB)\n",
		(unsigned long long)mem->start, (unsigned long long)mem->end - 1,
		(nslabs << IO_TLB_SHIFT) >> 20);
}

void swiotlb_exit(void)
{
	struct mml_machine *m = current_machine();

	if (!m->io_tlb)
		return;
	free(m->io_tlb->slots);
	free(m->io_tlb);
	m->io_tlb = NULL;
}

bool is_swiotlb_buffer(struct device *dev, phys_addr_t paddr)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;

	return mem && paddr >= mem->start && paddr < mem->end;
}

bool is_swiotlb_force_bounce(struct device *dev)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;

	return mem && mem->force_bounce;
}

size_t swiotlb_max_mapping_size(struct device *dev)
{
	return (size_t)IO_TLB_SIZE * IO_TLB_SEGSIZE;
}

/*
 * Copy between the buffer and its slots: to the slots for TO_DEVICE.  A
 * driver's wrong size may make the two overlap in simulated RAM: memmove.
 */
static void swiotlb_bounce(phys_addr_t orig, phys_addr_t tlb, size_t size,
			   enum dma_data_direction dir)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;

	if (dir == DMA_TO_DEVICE) {
		memmove(phys_to_host(tlb), phys_to_host(orig), size);
		trace_m("swiotlb_bounce: %#llx -> slot %#llx, %zu bytes (to device)\n",
			(unsigned long long)orig, (unsigned long long)tlb, size);
	} else {
		memmove(phys_to_host(orig), phys_to_host(tlb), size);
		trace_m("swiotlb_bounce: slot %#llx -> %#llx, %zu bytes (from device)\n",
			(unsigned long long)tlb, (unsigned long long)orig, size);
	}
	mem->bounced_bytes += size;
}

/* A run of @n free slots within one segment, from the search index on. */
static long find_slots(struct io_tlb_mem *mem, unsigned int n)
{
	unsigned long tries, i = mem->index, j;

	if (n > IO_TLB_SEGSIZE || n > mem->nslabs)
		return -1;
	for (tries = 0; tries < mem->nslabs; tries++, i = (i + 1) % mem->nslabs) {
		if (i % IO_TLB_SEGSIZE + n > IO_TLB_SEGSIZE || i + n > mem->nslabs)
			continue;
		for (j = 0; j < n; j++)
			if (mem->slots[i + j].orig_addr != INVALID_PHYS_ADDR)
				break;
		if (j == n)
			return (long)i;
	}
	return -1;
}

/**
 * swiotlb_tbl_map_single() - take slots for [@phys, @phys + @size) and
 * fill them from the buffer (whatever the direction, as Linux 6.x does,
 * so a device that writes less does not leak the slots' old data).
 * Return: the slots' physical address, or INVALID_PHYS_ADDR (logged).
 */
phys_addr_t swiotlb_tbl_map_single(struct device *dev, phys_addr_t phys,
				   size_t size, enum dma_data_direction dir)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;
	unsigned int n, j;
	phys_addr_t tlb;
	long i;

	if (!mem) {
		dev_warn(dev, "Cannot do DMA to address %#llx\n", (unsigned long long)phys);
		return INVALID_PHYS_ADDR;
	}
	n = (unsigned int)(ALIGN(size, IO_TLB_SIZE) >> IO_TLB_SHIFT);
	i = size ? find_slots(mem, n) : -1;
	if (i < 0) {
		dev_warn(dev, "swiotlb buffer is full (sz: %zd bytes), total %lu (slots), used %lu (slots)\n",
			 size, mem->nslabs, mem->used);
		return INVALID_PHYS_ADDR;
	}
	for (j = 0; j < n; j++) {
		mem->slots[i + j].orig_addr = phys + ((phys_addr_t)j << IO_TLB_SHIFT);
		mem->slots[i + j].list = n - j;
		mem->slots[i + j].alloc_size = 0;
	}
	mem->slots[i].alloc_size = size;
	mem->used += n;
	mem->used_hiwater = max(mem->used_hiwater, mem->used);
	mem->index = ((unsigned long)i + n) % mem->nslabs;
	mem->nr_maps++;
	tlb = mem->start + ((phys_addr_t)i << IO_TLB_SHIFT);
	trace_m("swiotlb_tbl_map_single: %s: %#llx+%zu -> slots %ld-%ld at %#llx (%s)\n",
		dev_name(dev), (unsigned long long)phys, size, i, i + n - 1,
		(unsigned long long)tlb, dir_name[dir & 3]);
	swiotlb_bounce(phys, tlb, size, DMA_TO_DEVICE);
	return tlb;
}

static long slot_index(struct io_tlb_mem *mem, phys_addr_t tlb)
{
	return (long)((tlb - mem->start) >> IO_TLB_SHIFT);
}

/** swiotlb_tbl_unmap_single() - copy back (FROM_DEVICE, BIDIRECTIONAL), free. */
void swiotlb_tbl_unmap_single(struct device *dev, phys_addr_t tlb_addr,
			      size_t size, enum dma_data_direction dir)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;
	long i = slot_index(mem, tlb_addr), j, n;

	if (mem->slots[i].orig_addr == INVALID_PHYS_ADDR || !mem->slots[i].alloc_size) {
		dev_err(dev, "swiotlb: unmap of %#llx, which is not a mapping's start\n",
			(unsigned long long)tlb_addr);
		return;
	}
	if (dir == DMA_FROM_DEVICE || dir == DMA_BIDIRECTIONAL)
		swiotlb_bounce(mem->slots[i].orig_addr, tlb_addr,
			       min(size, mem->slots[i].alloc_size), DMA_FROM_DEVICE);
	n = mem->slots[i].list;
	for (j = 0; j < n; j++) {
		mem->slots[i + j].orig_addr = INVALID_PHYS_ADDR;
		mem->slots[i + j].list = 0;
		mem->slots[i + j].alloc_size = 0;
	}
	mem->used -= (unsigned long)n;
	trace_m("swiotlb_tbl_unmap_single: slots %ld-%ld free\n", i, i + n - 1);
}

/*
 * The buffer address behind slot address @tlb, and how many bytes of the
 * mapping follow it (a sync never copies past the mapping).
 */
static phys_addr_t slot_orig(struct io_tlb_mem *mem, phys_addr_t tlb, size_t *size)
{
	long i = slot_index(mem, tlb);
	phys_addr_t orig = mem->slots[i].orig_addr;
	size_t left;

	if (orig == INVALID_PHYS_ADDR)
		return orig;
	left = ((size_t)mem->slots[i].list << IO_TLB_SHIFT) - (tlb & (IO_TLB_SIZE - 1));
	*size = min(*size, left);
	return orig + (tlb & (IO_TLB_SIZE - 1));
}

void swiotlb_sync_single_for_device(struct device *dev, phys_addr_t tlb_addr,
				    size_t size, enum dma_data_direction dir)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;
	phys_addr_t orig = slot_orig(mem, tlb_addr, &size);

	if (orig != INVALID_PHYS_ADDR && (dir == DMA_TO_DEVICE || dir == DMA_BIDIRECTIONAL))
		swiotlb_bounce(orig, tlb_addr, size, DMA_TO_DEVICE);
}

void swiotlb_sync_single_for_cpu(struct device *dev, phys_addr_t tlb_addr,
				 size_t size, enum dma_data_direction dir)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;
	phys_addr_t orig = slot_orig(mem, tlb_addr, &size);

	if (orig != INVALID_PHYS_ADDR && (dir == DMA_FROM_DEVICE || dir == DMA_BIDIRECTIONAL))
		swiotlb_bounce(orig, tlb_addr, size, DMA_FROM_DEVICE);
}

/**
 * swiotlb_map() - bounce [@phys, @phys + @size) for @dev.
 * Return: the bus address of the slots, or DMA_MAPPING_ERROR when the
 * pool is missing or full, or its slots are beyond @dev's reach too.
 */
dma_addr_t swiotlb_map(struct device *dev, phys_addr_t phys, size_t size,
		       enum dma_data_direction dir)
{
	phys_addr_t tlb = swiotlb_tbl_map_single(dev, phys, size, dir);
	u64 limit = dma_get_mask(dev);

	if (tlb == INVALID_PHYS_ADDR)
		return DMA_MAPPING_ERROR;
	if (dev->bus_dma_limit)
		limit = min(limit, dev->bus_dma_limit);
	if (tlb + size - 1 > limit) {
		/* Linux's message; the pool itself is beyond the mask. */
		dev_err(dev, "swiotlb addr %#llx+%zu overflow (mask %llx, bus limit %llx).\n",
			(unsigned long long)tlb, size, (unsigned long long)dma_get_mask(dev),
			(unsigned long long)dev->bus_dma_limit);
		swiotlb_tbl_unmap_single(dev, tlb, size, DMA_TO_DEVICE);
		return DMA_MAPPING_ERROR;
	}
	return tlb;
}

bool swiotlb_slot_taken(phys_addr_t tlb)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;

	return mem && mem->slots[slot_index(mem, tlb)].orig_addr != INVALID_PHYS_ADDR;
}

/* /sys/kernel/debug/swiotlb/<what>. */
void swiotlb_show(struct seq_buf *s, const char *what)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;

	if (!strcmp(what, "io_tlb_nslabs"))
		seq_printf(s, "%lu\n", mem ? mem->nslabs : 0);
	else if (!strcmp(what, "io_tlb_used"))
		seq_printf(s, "%lu\n", mem ? mem->used : 0);
	else if (!strcmp(what, "io_tlb_used_hiwater"))
		seq_printf(s, "%lu\n", mem ? mem->used_hiwater : 0);
}

/* The used count is the number of taken slots; runs are whole. */
int swiotlb_audit(char *msg, size_t n)
{
	struct io_tlb_mem *mem = current_machine()->io_tlb;
	unsigned long i, used = 0;

	if (!mem)
		return 0;
	for (i = 0; i < mem->nslabs; i++) {
		struct io_tlb_slot *s = &mem->slots[i];

		if (s->orig_addr == INVALID_PHYS_ADDR)
			continue;
		used++;
		if (!s->list || i + s->list > mem->nslabs ||
		    (s->list > 1 && mem->slots[i + 1].list != s->list - 1)) {
			snprintf(msg, n, "swiotlb: slot %lu has a broken run (list %u)", i, s->list);
			return -EUCLEAN;
		}
	}
	if (used != mem->used) {
		snprintf(msg, n, "swiotlb: %lu slots taken but used says %lu", used, mem->used);
		return -EUCLEAN;
	}
	return 0;
}
