// SPDX-License-Identifier: MIT
/*
 * The zoned buddy allocator.
 *
 * Free memory is kept per zone in blocks of 2^order pages, order 0..10,
 * each block on the free list of its order.  An allocation takes the
 * smallest block that fits and splits it, handing the upper halves back
 * (expand()); a free merges a block with its buddy (the block whose PFN
 * differs only in bit @order) for as long as the buddy is free too.
 * Order-0 pages pass through a per-CPU list (one CPU here) so that the
 * common case touches no free list.  Zones are tried from the highest the
 * GFP flags allow down to DMA, each only while its free pages stay above
 * the watermark plus the lowmem reserve that protects it from the zones
 * above.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/printk.h>
#include <linux/mm_inline.h>
#include <linux/vmscan.h>
#include <linux/sched.h>

/* Watermark selection and reserves, as Linux's ALLOC_* flags. */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_MASK	0x07
#define ALLOC_MIN_RESERVE	0x08	/* __GFP_HIGH: may use half of min */
#define ALLOC_NON_BLOCK		0x10	/* cannot reclaim: a quarter more */

#define PAGE_POISON_ALLOC	0xaa	/* fresh pages (STYLE.md section 7) */
#define PAGE_POISON_FREE	0x55

/* __pfn_valid() - pfn_valid() when the last region found does not answer. */
bool __pfn_valid(unsigned long pfn)
{
	struct mml_machine *m = current_machine();
	struct memblock_type *t = &m->memblock.memory;
	phys_addr_t pa = PFN_PHYS(pfn);
	unsigned long i;

	if (pfn >= m->max_pfn)
		return false;
	for (i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		if (pa >= r->base && pa < r->base + r->size) {
			t->hint = i;
			return true;
		}
	}
	return false;
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	SetPageBuddy(page);
}

static inline void add_to_free_list(struct zone *zone, struct page *page,
				    unsigned int order, bool tail)
{
	struct free_area *area = &zone->free_area[order];

	set_buddy_order(page, order);
	if (tail)
		list_add_tail(&page->lru, &area->free_list);
	else
		list_add(&page->lru, &area->free_list);
	area->nr_free++;
}

static inline void del_page_from_free_list(struct zone *zone,
					   struct page *page,
					   unsigned int order)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
}

/* Is @buddy (in @zone) the free head of a block of @order? */
static inline bool page_is_buddy(struct zone *zone, unsigned long buddy_pfn,
				 unsigned int order)
{
	struct page *buddy;

	if (buddy_pfn < zone->zone_start_pfn || buddy_pfn >= zone_end_pfn(zone))
		return false;
	buddy = pfn_to_page(buddy_pfn);
	return PageBuddy(buddy) && buddy->private == order;
}

/*
 * Linux queues a freed block at the tail when its buddy one order up is
 * free, expecting the two to merge soon; allocation then takes the others.
 */
static bool buddy_merge_likely(struct zone *zone, unsigned long pfn,
			       unsigned int order)
{
	unsigned long higher;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher = pfn & ~((1UL << (order + 1)) - 1);
	return page_is_buddy(zone, higher ^ (1UL << (order + 1)), order + 1);
}

static void __free_one_page(struct zone *zone, unsigned long pfn,
			    unsigned int order)
{
	unsigned long buddy_pfn;

	while (order < MAX_PAGE_ORDER) {
		buddy_pfn = pfn ^ (1UL << order);
		if (!page_is_buddy(zone, buddy_pfn, order))
			break;
		del_page_from_free_list(zone, pfn_to_page(buddy_pfn), order);
		pfn &= buddy_pfn;
		order++;
	}
	add_to_free_list(zone, pfn_to_page(pfn), order,
			 buddy_merge_likely(zone, pfn, order));
}

static void free_one_page(struct zone *zone, unsigned long pfn,
			  unsigned int order)
{
	__free_one_page(zone, pfn, order);
	zone->vm_stat[NR_FREE_PAGES] += 1L << order;
}

/* Split a block of @high down to @low, giving the upper halves back. */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(zone, &page[size], high, false);
	}
}

static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order)
{
	unsigned int cur;
	struct page *page;

	for (cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct free_area *area = &zone->free_area[cur];

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		del_page_from_free_list(zone, page, cur);
		expand(zone, page, order, cur);
		zone->vm_stat[NR_FREE_PAGES] -= 1L << order;
		return page;
	}
	return NULL;
}

/* Refill the per-CPU list with up to @count order-0 pages. */
static int rmqueue_bulk(struct zone *zone, int count)
{
	struct per_cpu_pages *pcp = &zone->pcp;
	struct page *page;
	int i;

	for (i = 0; i < count; i++) {
		page = __rmqueue_smallest(zone, 0);
		if (!page)
			break;
		SetPagePcp(page);
		list_add_tail(&page->lru, &pcp->list);
	}
	pcp->count += i;
	return i;
}

static void free_pcppages_bulk(struct zone *zone, int count)
{
	struct per_cpu_pages *pcp = &zone->pcp;
	struct page *page;

	while (count-- > 0 && pcp->count) {
		page = list_last_entry(&pcp->list, struct page, lru);
		list_del(&page->lru);
		ClearPagePcp(page);
		pcp->count--;
		free_one_page(zone, page_to_pfn(page), 0);
	}
}

/**
 * drain_local_pages() - return every page on the per-CPU lists to the buddy
 * free lists (Linux does this before giving up on an allocation).
 */
void drain_local_pages(void)
{
	struct mml_machine *m = current_machine();
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		free_pcppages_bulk(&m->zones[z], m->zones[z].pcp.count);
}

/*
 * __zone_watermark_ok() - would @z stay above @mark (less the reserve
 * that allocations for @highest_zoneidx leave in it) after giving 2^@order
 * pages, and does it hold a free block of at least that order?  Out of
 * line, as in Linux: the order loop is not for the order-0 fast path.
 */
static noinline bool __zone_watermark_ok(const struct zone *z,
					 unsigned int order, unsigned long mark,
					 int highest_zoneidx,
					 unsigned int alloc_flags)
{
	long min = (long)mark;
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES) -
			  (1L << order) + 1;
	unsigned int o;

	if (alloc_flags & ALLOC_MIN_RESERVE) {
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (o = order; o < NR_PAGE_ORDERS; o++)
		if (z->free_area[o].nr_free)
			return true;
	return false;
}

bool zone_watermark_ok(const struct zone *z, unsigned int order,
		       unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx,
				   alloc_flags);
}

/*
 * zone_watermark_fast() - __zone_watermark_ok() with the common case
 * inline: one page, no reserve to dip into (Linux's function of the name).
 */
static __always_inline bool zone_watermark_fast(const struct zone *z,
						unsigned int order,
						unsigned long mark,
						int highest_zoneidx,
						unsigned int alloc_flags)
{
	if (!order && !(alloc_flags & ALLOC_MIN_RESERVE))
		return (long)zone_page_state(z, NR_FREE_PAGES) >
		       (long)(mark + z->lowmem_reserve[highest_zoneidx]);
	return __zone_watermark_ok(z, order, mark, highest_zoneidx,
				   alloc_flags);
}

int gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

static struct page *rmqueue(struct zone *zone, unsigned int order)
{
	struct per_cpu_pages *pcp = &zone->pcp;
	struct page *page;

	if (order)
		return __rmqueue_smallest(zone, order);
	if (list_empty(&pcp->list) && !rmqueue_bulk(zone, pcp->batch))
		return NULL;
	page = list_first_entry(&pcp->list, struct page, lru);
	list_del(&page->lru);
	ClearPagePcp(page);
	pcp->count--;
	return page;
}

static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order,
					   unsigned int alloc_flags)
{
	struct mml_machine *m = current_machine();
	int highest = gfp_zone(gfp), z;
	struct zone *zone;
	struct page *page;

	for (z = highest; z >= 0; z--) {
		zone = &m->zones[z];
		if (!zone->managed_pages)
			continue;
		if (!zone_watermark_fast(zone, order,
				       zone->_watermark[alloc_flags & ALLOC_WMARK_MASK],
				       highest, alloc_flags))
			continue;
		page = rmqueue(zone, order);
		if (page) {
			m->vm_events[PGALLOC_DMA + z] += 1UL << order;
			zone->alloc_success++;
			return page;
		}
	}
	return NULL;
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	struct mml_machine *m = current_machine();
	unsigned long i, n = 1UL << order;

	for (i = 0; i < n; i++) {
		page[i].flags = 0;
		page[i]._mapcount = 0;
		page[i].mapping = NULL;
		page[i].index = 0;
		page[i].private = 0;
	}
	set_page_count(page, 1);
	if (gfp & __GFP_ZERO)
		memset(page_host(page), 0, n << PAGE_SHIFT);
	else if (m->page_poison)
		memset(page_host(page), PAGE_POISON_ALLOC, n << PAGE_SHIFT);
	if ((gfp & __GFP_COMP) && order) {
		SetPageHead(page);
		for (i = 1; i < n; i++)
			page[i].compound_head = (unsigned long)page | 1;
		page[1].compound_order = order;
	}
}

static void warn_alloc(gfp_t gfp, unsigned int order)
{
	char mode[160];

	if (gfp & __GFP_NOWARN)
		return;
	gfp_format(gfp, mode, sizeof(mode));
	pr_warn("mmlab: page allocation failure: order:%u, mode:%#x(%s), nodemask=(null)\n",
		order, gfp, mode);
}

/* How often the slow path retries after reclaim made progress. */
#define MAX_RECLAIM_RETRIES	16

/*
 * __alloc_pages_may_oom() - reclaim made no progress: kill a task, unless
 * the allocation may fail instead (costly orders, __GFP_NORETRY,
 * __GFP_RETRY_MAYFAIL) or may not enter the filesystem (GFP_NOFS), as
 * Linux's rules.  Return: true if a victim's memory was freed.
 */
static bool __alloc_pages_may_oom(gfp_t gfp, unsigned int order)
{
	if (gfp & __GFP_NOFAIL)
		return out_of_memory(gfp, order);
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return false;
	if (gfp & (__GFP_NORETRY | __GFP_RETRY_MAYFAIL))
		return false;
	if (!(gfp & __GFP_FS))
		return false;
	return out_of_memory(gfp, order);
}

/*
 * __alloc_pages_slowpath() - the first pass found every zone at its low
 * watermark: wake kswapd, try down to min (below it for __GFP_HIGH), then,
 * if the caller may block, reclaim directly and retry while that makes
 * progress, and last kill a task.  GFP_ATOMIC and GFP_NOWAIT never
 * reclaim.
 */
static struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order)
{
	struct mml_machine *m = current_machine();
	unsigned int alloc_flags = ALLOC_WMARK_MIN;
	int retries = 0;
	struct page *page;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_MIN_RESERVE;
	if (!(gfp & __GFP_DIRECT_RECLAIM))
		alloc_flags |= ALLOC_NON_BLOCK;
	if ((gfp & __GFP_KSWAPD_RECLAIM) && m->after_bootmem)
		wakeup_kswapd(gfp, order);
	drain_local_pages();
	page = get_page_from_freelist(gfp, order, alloc_flags);
	if (page || !(gfp & __GFP_DIRECT_RECLAIM) || m->in_reclaim)
		return page;
	for (;;) {
		unsigned long progress = try_to_free_pages(gfp, order);

		drain_local_pages();
		page = get_page_from_freelist(gfp, order, alloc_flags);
		if (page)
			return page;
		if (progress && ++retries < MAX_RECLAIM_RETRIES)
			continue;
		if (!__alloc_pages_may_oom(gfp, order))
			return NULL;
		drain_local_pages();
		page = get_page_from_freelist(gfp, order, alloc_flags);
		if (page)
			return page;
		retries = 0;	/* a victim died: reclaim may do better now */
	}
}

/**
 * alloc_pages() - allocate 2^@order physically contiguous pages.
 *
 * The fast path keeps every zone above its low watermark; the slow path
 * wakes kswapd, goes down to min and reclaims (see above).  kswapd, once
 * woken, runs as the step after an allocation that may block.
 *
 * Return: the first page (refcount 1), or NULL.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct mml_machine *m = current_machine();
	struct page *page;

	if (order > MAX_PAGE_ORDER) {
		warn_alloc(gfp, order);
		return NULL;
	}
	if (unlikely(should_fail(FAIL_PAGE_ALLOC)))
		goto fail;
	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW);
	if (likely(page))
		goto got;
	page = __alloc_pages_slowpath(gfp, order);
	if (page)
		goto got;
fail:
	m->vm_events[ALLOCSTALL_FAIL]++;
	warn_alloc(gfp, order);
	return NULL;
got:
	prep_new_page(page, order, gfp);
	if (unlikely(m->kswapd_wait) && (gfp & __GFP_DIRECT_RECLAIM) &&
	    !m->kswapd_manual)
		kswapd_run();
	return page;
}

static void free_pages_prepare(struct page *page, unsigned int order)
{
	struct mml_machine *m = current_machine();
	unsigned long i, n = 1UL << order;

	if (m->page_poison)
		memset(page_host(page), PAGE_POISON_FREE, n << PAGE_SHIFT);
	for (i = 0; i < n; i++) {
		page[i].flags = 0;
		page[i].compound_head = 0;
		page[i].compound_order = 0;
		page[i]._mapcount = 0;
		page[i]._refcount = 0;
	}
}

static void free_the_page(struct page *page, unsigned int order)
{
	struct mml_machine *m = current_machine();
	struct zone *zone = page_zone(page);
	struct per_cpu_pages *pcp = &zone->pcp;

	free_pages_prepare(page, order);
	m->vm_events[PGFREE] += 1UL << order;
	if (order) {
		free_one_page(zone, page_to_pfn(page), order);
		return;
	}
	SetPagePcp(page);
	list_add(&page->lru, &pcp->list);
	if (++pcp->count >= pcp->high)
		free_pcppages_bulk(zone, pcp->batch);
}

static void bad_page(struct page *page, const char *reason)
{
	pr_err("BUG: Bad page state: pfn:%lx refcount:%d flags:%#lx: %s\n",
	       page_to_pfn(page), page_ref_count(page), page->flags, reason);
}

/**
 * __free_pages() - drop a reference to a block from alloc_pages(); the
 * block goes back to the buddy allocator when the last one goes.
 */
void __free_pages(struct page *page, unsigned int order)
{
	if (unlikely(page_ref_count(page) <= 0 || PageBuddy(page) ||
		     PageReserved(page))) {
		bad_page(page, "freeing a page that is not allocated");
		return;
	}
	if (page_ref_dec_return(page) == 0) {
		if (PageLRU(page))
			__page_cache_release(page);
		free_the_page(page, order);
	}
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page(addr), order);
}

/* Boot: hand a block that memblock owned to the buddy allocator. */
void __free_pages_core(struct page *page, unsigned int order)
{
	struct mml_machine *m = current_machine();
	struct zone *zone = page_zone(page);

	zone->managed_pages += 1UL << order;
	m->totalram_pages += 1UL << order;
	free_one_page(zone, page_to_pfn(page), order);
}

unsigned long global_zone_page_state(enum zone_stat_item item)
{
	struct mml_machine *m = current_machine();
	unsigned long sum = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		sum += zone_page_state(&m->zones[z], item);
	return sum;
}

unsigned long nr_free_pages(void)
{
	return global_zone_page_state(NR_FREE_PAGES);
}

/*
 * Render GFP flags as Linux's %pGg does: the composite name that matches,
 * then the remaining single flags.
 */
int gfp_format(gfp_t gfp, char *buf, size_t n)
{
	static const struct { gfp_t mask; const char *name; } names[] = {
		{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
		{ GFP_KERNEL, "GFP_KERNEL" }, { GFP_ATOMIC, "GFP_ATOMIC" },
		{ GFP_NOWAIT, "GFP_NOWAIT" }, { __GFP_DMA, "GFP_DMA" },
		{ __GFP_DMA32, "GFP_DMA32" }, { __GFP_ZERO, "__GFP_ZERO" },
		{ __GFP_NOWARN, "__GFP_NOWARN" }, { __GFP_COMP, "__GFP_COMP" },
		{ __GFP_HIGH, "__GFP_HIGH" }, { __GFP_HIGHMEM, "__GFP_HIGHMEM" },
		{ __GFP_MOVABLE, "__GFP_MOVABLE" },
		{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
		{ __GFP_NORETRY, "__GFP_NORETRY" }, { __GFP_NOFAIL, "__GFP_NOFAIL" },
	};
	size_t i, len = 0;
	gfp_t left = gfp;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names) && left; i++) {
		if ((left & names[i].mask) != names[i].mask)
			continue;
		left &= ~names[i].mask;
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s",
					len ? "|" : "", names[i].name);
	}
	if (left)
		len += (size_t)snprintf(buf + len, len < n ? n - len : 0,
					"%s%#x", len ? "|" : "", left);
	if (!gfp)
		len = (size_t)snprintf(buf, n, "0");
	return (int)len;
}

/* --- audit ------------------------------------------------------------ */

struct audit_ctx {
	char *msg;
	size_t n;
	int err;
};

__printf(2, 3) static void audit_fail(struct audit_ctx *a, const char *fmt, ...)
{
	va_list ap;

	if (a->err)
		return;
	a->err = -EUCLEAN;
	va_start(ap, fmt);
	vsnprintf(a->msg, a->n, fmt, ap);
	va_end(ap);
}

static unsigned long audit_free_area(struct zone *zone, unsigned int order,
				     struct audit_ctx *a)
{
	struct free_area *area = &zone->free_area[order];
	unsigned long count = 0, pfn;
	struct page *page;

	list_for_each_entry(page, &area->free_list, lru) {
		pfn = page_to_pfn(page);
		if (!PageBuddy(page) || page->private != order)
			audit_fail(a, "%s order %u: pfn %#lx on list but buddy=%d order=%lu",
				   zone->name, order, pfn, PageBuddy(page), page->private);
		if (pfn & ((1UL << order) - 1))
			audit_fail(a, "%s order %u: pfn %#lx misaligned", zone->name,
				   order, pfn);
		if (pfn < zone->zone_start_pfn || pfn + (1UL << order) > zone_end_pfn(zone))
			audit_fail(a, "%s order %u: pfn %#lx outside the zone",
				   zone->name, order, pfn);
		if (order < MAX_PAGE_ORDER &&
		    page_is_buddy(zone, pfn ^ (1UL << order), order))
			audit_fail(a, "%s order %u: pfn %#lx and its buddy are both free",
				   zone->name, order, pfn);
		if (page_ref_count(page))
			audit_fail(a, "%s: free pfn %#lx has refcount %d", zone->name,
				   pfn, page_ref_count(page));
		if (++count > zone->spanned_pages)
			break;
	}
	if (count != area->nr_free)
		audit_fail(a, "%s order %u: %lu blocks on the list, nr_free %lu",
			   zone->name, order, count, area->nr_free);
	return count << order;
}

/**
 * page_alloc_audit() - check every free list, the per-CPU lists and the
 * free-page counters of every zone.
 * Return: 0, or -EUCLEAN with the first inconsistency described in @msg.
 */
int page_alloc_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	struct audit_ctx a = { msg, n, 0 };
	unsigned long free, pcp;
	struct page *page;
	unsigned int o;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &m->zones[z];

		free = 0;
		for (o = 0; o < NR_PAGE_ORDERS; o++)
			free += audit_free_area(zone, o, &a);
		if (free != zone_page_state(zone, NR_FREE_PAGES))
			audit_fail(&a, "%s: %lu pages on free lists, NR_FREE_PAGES %lu",
				   zone->name, free, zone_page_state(zone, NR_FREE_PAGES));
		pcp = 0;
		list_for_each_entry(page, &zone->pcp.list, lru) {
			if (!PagePcp(page) || page_ref_count(page))
				audit_fail(&a, "%s: pcp page %#lx in a bad state",
					   zone->name, page_to_pfn(page));
			if (page_zone(page) != zone)
				audit_fail(&a, "%s: pcp page %#lx from another zone",
					   zone->name, page_to_pfn(page));
			if (++pcp > zone->spanned_pages)
				break;
		}
		if (pcp != (unsigned long)zone->pcp.count)
			audit_fail(&a, "%s: %lu pages on the pcp list, count %d",
				   zone->name, pcp, zone->pcp.count);
		if (free + pcp > zone->managed_pages)
			audit_fail(&a, "%s: %lu free pages but only %lu managed",
				   zone->name, free + pcp, zone->managed_pages);
	}
	return a.err;
}

/**
 * page_alloc_is_allocated() - may [pfn, pfn + 2^order) be freed?  True when
 * every page of it is in use by someone: none free, none reserved.
 */
bool page_alloc_is_allocated(unsigned long pfn, unsigned int order)
{
	struct page *page;

	if (order > MAX_PAGE_ORDER || (pfn & ((1UL << order) - 1)) ||
	    !pfn_valid(pfn) || !pfn_valid(pfn + (1UL << order) - 1))
		return false;
	page = pfn_to_page(pfn);
	return page_ref_count(page) > 0 && !PageBuddy(page) &&
	       !PagePcp(page) && !PageReserved(page) && !PageTail(page);
}
