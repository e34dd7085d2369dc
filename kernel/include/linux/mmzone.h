/* SPDX-License-Identifier: MIT */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/gfp.h>

enum zone_type {
	ZONE_DMA,		/* [0, 16 MiB) */
	ZONE_DMA32,		/* [16 MiB, 4 GiB) */
	ZONE_NORMAL,		/* [4 GiB, ...) */
	ZONE_MOVABLE,		/* always empty here */
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_ZONE_LRU_BASE,	/* the five LRU counters, in enum lru_list order */
	NR_ZONE_INACTIVE_ANON = NR_ZONE_LRU_BASE,
	NR_ZONE_ACTIVE_ANON,
	NR_ZONE_INACTIVE_FILE,
	NR_ZONE_ACTIVE_FILE,
	NR_ZONE_UNEVICTABLE,
	NR_ZONE_WRITE_PENDING,
	NR_MLOCK,
	NR_BOUNCE,
	NR_FREE_CMA_PAGES,
	NR_VM_ZONE_STAT_ITEMS
};

/*
 * The LRU lists, as Linux's enum lru_list: LRU_BASE + LRU_ACTIVE (1) for
 * the active half, + LRU_FILE (2) for file pages.
 */
#define LRU_BASE	0
#define LRU_ACTIVE	1
#define LRU_FILE	2

enum lru_list {
	LRU_INACTIVE_ANON = LRU_BASE,
	LRU_ACTIVE_ANON = LRU_BASE + LRU_ACTIVE,
	LRU_INACTIVE_FILE = LRU_BASE + LRU_FILE,
	LRU_ACTIVE_FILE = LRU_BASE + LRU_FILE + LRU_ACTIVE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};

#define for_each_evictable_lru(lru) for (lru = 0; lru <= LRU_ACTIVE_FILE; lru++)

static inline bool is_file_lru(enum lru_list lru)
{
	return lru == LRU_INACTIVE_FILE || lru == LRU_ACTIVE_FILE;
}

static inline bool is_active_lru(enum lru_list lru)
{
	return lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE;
}

/* Generations of the generational policy (mm/lru_gen.c), per type. */
#define MAX_NR_GENS	4
#define ANON_AND_FILE	2

struct lru_policy;

/*
 * struct lruvec - the LRU lists of the (one) node.  The classic policy
 * keeps pages on @lists; the generational one keeps evictable pages on
 * @gens[gen][type] (the unevictable list stays on @lists).  @nr counts
 * per enum lru_list whichever policy holds them (a generational page
 * counts as active while in the youngest two generations).
 */
struct lruvec {
	struct list_head lists[NR_LRU_LISTS];
	unsigned long nr[NR_LRU_LISTS];
	const struct lru_policy *policy;
	/* workingset: evictions + activations, the clock of shadow entries */
	unsigned long nonresident_age;
	unsigned long refaults[ANON_AND_FILE];
	/* the generational policy */
	struct list_head gens[MAX_NR_GENS][ANON_AND_FILE];
	unsigned long nr_gen[MAX_NR_GENS][ANON_AND_FILE];
	unsigned long min_seq[ANON_AND_FILE], max_seq;
};

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;
};

/* The per-CPU page lists (one CPU here): order-0 pages kept off the buddy. */
struct per_cpu_pages {
	int count;
	int high;
	int batch;
	struct list_head list;
};

struct zone {
	const char *name;
	unsigned long _watermark[NR_WMARK];
	long lowmem_reserve[MAX_NR_ZONES];
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	struct per_cpu_pages pcp;
	struct free_area free_area[NR_PAGE_ORDERS];
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	/* counters for /proc/vmstat */
	unsigned long alloc_success, alloc_fail;
};

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool zone_is_empty(const struct zone *z)
{
	return z->spanned_pages == 0;
}

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

static inline unsigned long zone_page_state(const struct zone *z,
					    enum zone_stat_item i)
{
	long v = z->vm_stat[i];
	return v < 0 ? 0 : (unsigned long)v;
}

#define min_wmark_pages(z)	((z)->_watermark[WMARK_MIN])
#define low_wmark_pages(z)	((z)->_watermark[WMARK_LOW])
#define high_wmark_pages(z)	((z)->_watermark[WMARK_HIGH])

#endif
