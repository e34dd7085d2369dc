// SPDX-License-Identifier: MIT
/*
 * Setting up the zones at boot: their spans, the per-CPU lists, the
 * watermarks and the lowmem reserves, with the boot messages Linux prints.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/printk.h>

#define MAX_DMA_PFN	(SZ_16M >> PAGE_SHIFT)
#define MAX_DMA32_PFN	(SZ_4G >> PAGE_SHIFT)

static const char *const zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "Movable",
};

static unsigned long present_in(unsigned long start, unsigned long end)
{
	struct mml_machine *m = current_machine();
	const struct memblock_type *t = &m->memblock.memory;
	unsigned long i, n = 0;

	for (i = 0; i < t->cnt; i++) {
		unsigned long s = PFN_UP(t->regions[i].base);
		unsigned long e = PFN_DOWN(t->regions[i].base + t->regions[i].size);

		s = max(s, start);
		e = min(e, end);
		if (e > s)
			n += e - s;
	}
	return n;
}

static void print_zone_ranges(unsigned long min_pfn)
{
	struct mml_machine *m = current_machine();
	int z;

	pr_info("Zone ranges:\n");
	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &m->zones[z];
		unsigned long s = max(zone->zone_start_pfn, min_pfn);

		if (z == ZONE_MOVABLE)
			break;
		if (zone_is_empty(zone))
			pr_info("  %-8s empty\n", zone->name);
		else
			pr_info("  %-8s [mem 0x%016llx-0x%016llx]\n", zone->name,
				(unsigned long long)PFN_PHYS(s),
				(unsigned long long)PFN_PHYS(zone_end_pfn(zone)) - 1);
	}
	pr_info("  %-8s empty\n", "Device");
	pr_info("Movable zone start for each node\n");
}

static void print_node_ranges(unsigned long min_pfn)
{
	struct mml_machine *m = current_machine();
	const struct memblock_type *t = &m->memblock.memory;
	unsigned long i;

	pr_info("Early memory node ranges\n");
	for (i = 0; i < t->cnt; i++)
		pr_info("  node   0: [mem 0x%016llx-0x%016llx]\n",
			(unsigned long long)PFN_PHYS(PFN_UP(t->regions[i].base)),
			(unsigned long long)PFN_PHYS(PFN_DOWN(t->regions[i].base +
						     t->regions[i].size)) - 1);
	pr_info("Initmem setup node 0 [mem 0x%016llx-0x%016llx]\n",
		(unsigned long long)PFN_PHYS(min_pfn),
		(unsigned long long)PFN_PHYS(m->max_pfn) - 1);
}

static void init_zone(enum zone_type z, unsigned long start, unsigned long end)
{
	struct mml_machine *m = current_machine();
	struct zone *zone = &m->zones[z];
	unsigned int o;

	zone->name = zone_names[z];
	zone->zone_start_pfn = start;
	zone->spanned_pages = end > start ? end - start : 0;
	zone->present_pages = end > start ? present_in(start, end) : 0;
	for (o = 0; o < NR_PAGE_ORDERS; o++)
		INIT_LIST_HEAD(&zone->free_area[o].free_list);
	INIT_LIST_HEAD(&zone->pcp.list);
}

/**
 * free_area_init() - lay the zones over the PFN range memblock knows:
 * DMA below 16 MiB, DMA32 below 4 GiB, Normal above.  Prints the zone and
 * node ranges and the holes, as Linux does.
 */
void free_area_init(void)
{
	struct mml_machine *m = current_machine();
	const struct memblock_type *t = &m->memblock.memory;
	unsigned long min_pfn = PFN_UP(t->regions[0].base);
	unsigned long dma_end = min(m->max_pfn, MAX_DMA_PFN);
	unsigned long dma32_end = min(m->max_pfn, MAX_DMA32_PFN);
	unsigned long hole;
	int z;

	init_zone(ZONE_DMA, min_pfn, dma_end);
	init_zone(ZONE_DMA32, dma_end, dma32_end);
	init_zone(ZONE_NORMAL, dma32_end, m->max_pfn);
	init_zone(ZONE_MOVABLE, m->max_pfn, m->max_pfn);
	/* An empty zone starts where the next one does (page_zonenum()). */
	if (zone_is_empty(&m->zones[ZONE_DMA32]))
		m->zones[ZONE_DMA32].zone_start_pfn = dma_end;
	print_zone_ranges(min_pfn);
	print_node_ranges(min_pfn);
	if (min_pfn)
		pr_info("On node 0, zone DMA: %lu pages in unavailable ranges\n",
			min_pfn);
	for (z = 0; z < ZONE_MOVABLE; z++) {
		struct zone *zone = &m->zones[z];

		hole = zone->spanned_pages - zone->present_pages;
		if (zone->spanned_pages && hole)
			pr_info("On node 0, zone %s: %lu pages in unavailable ranges\n",
				zone->name, hole);
	}
}

static void setup_per_zone_lowmem_reserve(void)
{
	struct mml_machine *m = current_machine();
	int i, j;

	for (i = 0; i < MAX_NR_ZONES - 1; i++) {
		struct zone *zone = &m->zones[i];
		int ratio = m->lowmem_reserve_ratio[i];
		bool clear = !ratio || !zone->managed_pages;
		unsigned long managed = 0;

		for (j = i + 1; j < MAX_NR_ZONES; j++) {
			managed += m->zones[j].managed_pages;
			zone->lowmem_reserve[j] = clear ? 0 : (long)(managed / ratio);
		}
	}
}

static void calculate_totalreserve_pages(void)
{
	struct mml_machine *m = current_machine();
	unsigned long total = 0;
	int i, j;

	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &m->zones[i];
		long max = 0;

		for (j = i; j < MAX_NR_ZONES; j++)
			if (zone->lowmem_reserve[j] > max)
				max = zone->lowmem_reserve[j];
		max += (long)high_wmark_pages(zone);
		if ((unsigned long)max > zone->managed_pages)
			max = (long)zone->managed_pages;
		total += (unsigned long)max;
	}
	m->totalreserve_pages = total;
}

/**
 * setup_per_zone_wmarks() - min_free_kbytes shared out among the zones in
 * proportion to their size; low and high above min by the larger of a
 * quarter of min and watermark_scale_factor/10000 of the zone.
 */
void setup_per_zone_wmarks(void)
{
	struct mml_machine *m = current_machine();
	unsigned long pages_min = (unsigned long)m->min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0, tmp;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		lowmem_pages += m->zones[z].managed_pages;
	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &m->zones[z];

		tmp = lowmem_pages ? pages_min * zone->managed_pages / lowmem_pages : 0;
		zone->_watermark[WMARK_MIN] = tmp;
		tmp = max(tmp >> 2, zone->managed_pages *
			  (unsigned long)m->watermark_scale_factor / 10000);
		zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + tmp;
		zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_MIN] + 2 * tmp;
		zone->_watermark[WMARK_PROMO] = zone->_watermark[WMARK_MIN] + 3 * tmp;
	}
	setup_per_zone_lowmem_reserve();
	calculate_totalreserve_pages();
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/* min_free_kbytes = sqrt(lowmem_kbytes * 16), within [128, 262144]. */
static void init_per_zone_wmark_min(void)
{
	struct mml_machine *m = current_machine();
	unsigned long lowmem_kbytes = m->totalram_pages * (PAGE_SIZE >> 10);
	unsigned long v = int_sqrt(lowmem_kbytes * 16);

	m->min_free_kbytes = (int)clamp(v, 128UL, 262144UL);
	setup_per_zone_wmarks();
}

static unsigned long rounddown_pow_of_two(unsigned long n)
{
	return n ? 1UL << ilog2(n) : 0;
}

/* zone_batchsize() and a high mark of four batches or more, as Linux. */
static void setup_zone_pageset(struct zone *zone)
{
	unsigned long batch = min(zone->managed_pages >> 10, SZ_1M / PAGE_SIZE);
	unsigned long high;

	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch = rounddown_pow_of_two(batch + batch / 2) - 1;
	if (!batch)
		batch = 1;
	high = max(low_wmark_pages(zone) / 2, batch << 2);
	zone->pcp.batch = (int)batch;
	zone->pcp.high = (int)high;
	zone->pcp.count = 0;
}

/**
 * page_alloc_init() - after memblock_free_all(): watermarks, per-CPU
 * lists, and the "Memory:" line of the boot log.
 */
int page_alloc_init(void)
{
	struct mml_machine *m = current_machine();
	unsigned long reserved;
	int z;

	init_per_zone_wmark_min();
	for (z = 0; z < MAX_NR_ZONES; z++)
		setup_zone_pageset(&m->zones[z]);
	/*
	 * mmlab: the free lists are not split by migrate type, so pages are
	 * not grouped by mobility; Linux says "off" when it disables it.
	 */
	pr_info("Built 1 zonelists, mobility grouping off.  Total pages: %lu\n",
		m->totalram_pages);
	pr_info("Policy zone: %s\n",
		m->zones[ZONE_NORMAL].managed_pages ? "Normal" : "DMA32");
	reserved = (unsigned long)(memblock_phys_mem_size() >> PAGE_SHIFT) -
		   m->totalram_pages;
	pr_info("Memory: %luK/%luK available (0K kernel code, 0K rwdata, 0K rodata, 0K init, 0K bss, %luK reserved, 0K cma-reserved)\n",
		m->totalram_pages << (PAGE_SHIFT - 10),
		(unsigned long)(memblock_phys_mem_size() >> 10),
		reserved << (PAGE_SHIFT - 10));
	return 0;
}
