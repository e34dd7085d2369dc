/* SPDX-License-Identifier: MIT */
/*
 * The LRU lists: which list a page belongs on, the accounting shared by
 * every replacement policy, and the policy seam (struct lru_policy).
 *
 * Linux declares lru_cache_add(), mark_page_accessed() and the reclaim
 * entry points in <linux/swap.h>; mmlab keeps them here and in
 * <linux/vmscan.h> so that the LRU and the swap code stay apart.
 */
#ifndef _LINUX_MM_INLINE_H
#define _LINUX_MM_INLINE_H

#include <linux/mm.h>

/* Is @page a file page as far as the LRU goes (not swap-backed)? */
static inline bool page_is_file_lru(const struct page *page)
{
	return !PageSwapBacked(page);
}

/* The list @page belongs on, from its flags (Linux's folio_lru_list()). */
static inline enum lru_list folio_lru_list(const struct page *page)
{
	enum lru_list lru;

	if (PageUnevictable(page))
		return LRU_UNEVICTABLE;
	lru = page_is_file_lru(page) ? LRU_INACTIVE_FILE : LRU_INACTIVE_ANON;
	if (PageActive(page))
		lru += LRU_ACTIVE;
	return lru;
}

static inline struct lruvec *node_lruvec(void)
{
	return &current_machine()->lruvec;
}

/* Count @nr pages more (or fewer) on @lru, node-wide and in @page's zone. */
static inline void update_lru_size(struct lruvec *lruvec, enum lru_list lru,
				   const struct page *page, long nr)
{
	lruvec->nr[lru] += (unsigned long)nr;
	page_zone(page)->vm_stat[NR_ZONE_LRU_BASE + lru] += nr;
}

/* The generation + 1 kept in page->flags (0: none), as Linux's MGLRU. */
static inline int page_lru_gen(const struct page *page)
{
	return (int)((page->flags & LRU_GEN_MASK) >> LRU_GEN_PGOFF) - 1;
}

static inline void set_page_lru_gen(struct page *page, int gen)
{
	page->flags = (page->flags & ~LRU_GEN_MASK) |
		      ((unsigned long)(gen + 1) << LRU_GEN_PGOFF);
}

/* What one reclaim pass is asked to do and what it did (mm/vmscan.c). */
struct scan_control {
	unsigned long nr_to_reclaim;
	gfp_t gfp_mask;
	int order;
	int priority;			/* scan 1/2^priority of the lists */
	bool may_writepage;
	bool may_unmap;
	bool may_swap;
	bool kswapd;			/* kswapd, not direct reclaim */
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
};

#ifndef SWAP_CLUSTER_MAX	/* Linux's, in <linux/swap.h> */
#define SWAP_CLUSTER_MAX	32UL
#endif
#define DEF_PRIORITY		12

/*
 * struct lru_policy - the page replacement policy: which pages reclaim
 * tries to evict, and in what order.  The lists, flags and counters of
 * the unevictable list stay with the generic code (mm/swap.c); a policy
 * holds the evictable pages.  Linux's two-list LRU is "classic"
 * (mm/vmscan.c, the default); "gen" is a generational LRU in the style of
 * MGLRU (mm/lru_gen.c).  Chosen at boot by lru= on the command line.
 *
 * @add:	an evictable page joins (PG_lru is set); account it with
 *		update_lru_size(lruvec, folio_lru_list(page), page, 1).
 * @del:	it leaves (freed, mlocked, or isolated by the generic code);
 *		undo the accounting of @add.
 * @access:	a read()/write() used it (mark_page_accessed()).
 * @age:	before isolating, make pages of type @file older (the
 *		active list's scan, or a new generation).
 * @isolate:	take up to @nr eviction candidates of type @file off the
 *		lists onto @list (PG_lru cleared, a reference taken, counted
 *		off); return the pages scanned.
 * @rotate:	put back a candidate that stays (PG_lru set by the
 *		caller); @activate when it proved to be in use.
 * @deactivate:	MADV_COLD: make a page the next candidate of its type.
 */
struct lru_policy {
	const char *name;
	void (*init)(struct lruvec *lruvec);
	void (*add)(struct lruvec *lruvec, struct page *page);
	void (*del)(struct lruvec *lruvec, struct page *page);
	void (*access)(struct lruvec *lruvec, struct page *page);
	void (*age)(struct lruvec *lruvec, bool file, struct scan_control *sc);
	unsigned long (*isolate)(struct lruvec *lruvec, bool file,
				 unsigned long nr, struct list_head *list,
				 struct scan_control *sc);
	void (*rotate)(struct lruvec *lruvec, struct page *page, bool activate);
	void (*deactivate)(struct lruvec *lruvec, struct page *page);
	/* Check the policy's own lists; 0 or -EUCLEAN with @msg filled. */
	int (*audit)(struct lruvec *lruvec, unsigned long *nr_pages,
		     char *msg, size_t n);
};

extern const struct lru_policy lru_policy_classic;	/* mm/vmscan.c */
extern const struct lru_policy lru_policy_gen;		/* mm/lru_gen.c */

/* mm/swap.c */
void lruvec_init(struct lruvec *lruvec, const struct lru_policy *policy);
const struct lru_policy *lru_policy_lookup(const char *name);
void lru_cache_add(struct page *page);
void lru_cache_add_inactive_or_unevictable(struct page *page,
					   struct vm_area_struct *vma);
void lru_del_page(struct page *page);
void mark_page_accessed(struct page *page);
void folio_activate(struct page *page);
void folio_deactivate(struct page *page);
void lru_add_drain(void);
void lru_add_drain_all(void);
bool lru_add_batched(const struct page *page);
void lru_move_now(struct page *page);
void folio_mark_lazyfree(struct page *page);
void __page_cache_release(struct page *page);
bool folio_evictable(const struct page *page);
int lru_audit(char *msg, size_t n);
unsigned long nr_mapped_pages(void);
unsigned long nr_anon_mapped_pages(void);

/* mm/workingset.c */
void *workingset_eviction(struct page *page);
void workingset_refault(struct page *page, void *shadow);
void workingset_activation(struct page *page);

#endif
