// SPDX-License-Identifier: MIT
/*
 * Page reclaim (Linux's mm/vmscan.c): free pages by evicting the ones
 * least likely to be used again.
 *
 * shrink_node() -> shrink_lruvec() decides how many pages of each type
 * to scan at this priority (1/2^priority of the lists; anonymous pages
 * only when they can be swapped), asks the replacement policy to age
 * (for the classic two-list LRU: shrink_active_list() deactivates the
 * pages the MMU did not mark accessed) and to isolate candidates from
 * the tail of the inactive list, and shrink_folio_list() decides each
 * candidate's fate: folio_referenced() reads and clears the accessed bits
 * of every PTE that maps it (through the reverse map, flushing the TLB
 * entry), a referenced page is kept or activated, a mapped file page is
 * unmapped (try_to_unmap()), a dirty one written back through its
 * address_space_operations, and a clean unmapped one leaves the page
 * cache with a shadow entry that remembers when (mm/workingset.c).
 *
 * Two callers: kswapd, woken when a zone's free pages fall below the low
 * watermark and reclaiming until they are above high (run as a step of
 * the machine, not a thread: see kswapd_run()), and direct reclaim from
 * the allocator's slow path (try_to_free_pages()) when an allocation that
 * may block finds even the min watermark breached.
 */
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/vmscan.h>
#include <linux/fs.h>
#include <linux/trace.h>
#include <linux/swap.h>
#include "mm/internal.h"
#include "mm/swap.h"

/*
 * can_reclaim_anon_pages() - may reclaim take anonymous (swap-backed)
 * pages?  Only with somewhere to put them: a swap slot left.
 */
static bool can_reclaim_anon_pages(void)
{
	return get_nr_swap_pages() > 0;
}

/*
 * pageout_anon() - the anonymous half of shrink_folio_list() for an
 * isolated swap-backed page that reclaim holds a reference to: give it a
 * slot and put it in the swap cache (add_to_swap()) unless it is there
 * already, replace every PTE that maps it with the swap entry
 * (try_to_unmap()), write it if dirty (pageout(): a dirty swap-cache page
 * is written again), and take it out of the swap cache
 * (__remove_mapping()) when only the cache's and reclaim's references
 * are left.  The write is synchronous, so the same pass frees the page
 * (as Linux does for a synchronous swap device).
 * Return: 0 when only reclaim's reference is left; -ENOMEM (no slot),
 * -EBUSY (still mapped), -EIO (the write failed), -EAGAIN (someone else
 * holds it).  On failure the page is mapped, or in the swap cache where a
 * fault finds it.
 */
static int pageout_anon(struct page *page, struct scan_control *sc)
{
	if (!PageSwapCache(page)) {
		if (!(sc->gfp_mask & __GFP_IO))
			return -EAGAIN;
		if (!PageAnon(page)) {
			/*
			 * shmem: unmapped first (its PTEs are cleared), then
			 * its object holds the swap entry instead of it.
			 */
			if (page_mapcount(page) > 0 &&
			    (!sc->may_unmap || !try_to_unmap(page)))
				return -EBUSY;
			if (shmem_writeout(page))
				return -ENOMEM;
		} else if (!add_to_swap(page)) {
			return -ENOMEM;
		}
	}
	if (page_mapcount(page) > 0 &&
	    (!sc->may_unmap || !try_to_unmap(page)))
		return -EBUSY;
	if (PageDirty(page)) {
		/*
		 * Every reclaimer writes anon pages, MADV_PAGEOUT's too:
		 * Linux's "only kswapd writes file pages" rule, which
		 * may_writepage models here, is for file pages.
		 */
		if (!(sc->gfp_mask & __GFP_IO))
			return -EAGAIN;
		if (swap_writepage(page))
			return -EIO;
		current_machine()->nr_vmscan_write++;
	}
	if (page_ref_count(page) != 2 || page_mapcount(page) || PageDirty(page))
		return -EAGAIN;
	delete_from_swap_cache(page);	/* the cache's reference */
	return 0;
}

/* --- the classic two-list LRU (Linux 6.x without MGLRU) ----------------- */

static void classic_init(struct lruvec *lruvec)
{
	(void)lruvec;
}

static void classic_add(struct lruvec *lruvec, struct page *page)
{
	enum lru_list lru = folio_lru_list(page);

	list_add(&page->lru, &lruvec->lists[lru]);
	update_lru_size(lruvec, lru, page, 1);
}

static void classic_del(struct lruvec *lruvec, struct page *page)
{
	list_del(&page->lru);
	update_lru_size(lruvec, folio_lru_list(page), page, -1);
}

/* folio_mark_accessed(): referenced once, then activated on the second. */
static void classic_access(struct lruvec *lruvec, struct page *page)
{
	(void)lruvec;
	if (!PageReferenced(page)) {
		SetPageReferenced(page);
	} else if (!PageActive(page)) {
		folio_activate(page);
		ClearPageReferenced(page);
	}
}

/* Take up to @nr pages off the tail of @lru onto @dst (isolated). */
static unsigned long isolate_lru_folios(struct lruvec *lruvec,
					enum lru_list lru, unsigned long nr,
					struct list_head *dst)
{
	struct list_head *src = &lruvec->lists[lru];
	unsigned long taken = 0;
	struct page *page;

	while (taken < nr && !list_empty(src)) {
		page = list_last_entry(src, struct page, lru);
		get_page(page);
		ClearPageLRU(page);
		list_move(&page->lru, dst);
		update_lru_size(lruvec, lru, page, -1);
		taken++;
	}
	return taken;
}

/*
 * inactive_is_low() - is the inactive list of this type short against
 * the active one?  inactive * ratio < active, the ratio sqrt(10 * GiB).
 */
static bool inactive_is_low(struct lruvec *lruvec, bool file)
{
	enum lru_list ilru = file ? LRU_INACTIVE_FILE : LRU_INACTIVE_ANON;
	unsigned long inactive = lruvec->nr[ilru];
	unsigned long active = lruvec->nr[ilru + LRU_ACTIVE];
	unsigned long gb = (inactive + active) >> (30 - PAGE_SHIFT);
	unsigned long ratio = 1;

	if (gb) {
		unsigned long x = 10 * gb;

		ratio = 1;
		while ((ratio + 1) * (ratio + 1) <= x)
			ratio++;
	}
	return inactive * ratio < active;
}

/*
 * shrink_active_list() - scan @nr pages from the tail of the active list:
 * those the MMU marked accessed in an executable file mapping stay
 * active, the others move to the inactive list (PG_workingset set, so a
 * refault after eviction is recognised).
 */
static void shrink_active_list(struct lruvec *lruvec, unsigned long nr,
			       bool file, struct scan_control *sc)
{
	struct mml_machine *m = current_machine();
	enum lru_list lru = file ? LRU_ACTIVE_FILE : LRU_ACTIVE_ANON;
	LIST_HEAD(l_hold);
	struct page *page, *next;
	unsigned long taken, vm_flags;

	(void)sc;
	taken = isolate_lru_folios(lruvec, lru, nr, &l_hold);
	m->vm_events[PGREFILL] += taken;
	list_for_each_entry_safe(page, next, &l_hold, lru) {
		list_del(&page->lru);
		if (folio_evictable(page) &&
		    folio_referenced(page, &vm_flags) &&
		    (vm_flags & VM_EXEC) && file) {
			/* Executable file pages get one more round. */
			SetPageLRU(page);
			list_add(&page->lru, &lruvec->lists[lru]);
			update_lru_size(lruvec, lru, page, 1);
		} else {
			ClearPageActive(page);
			SetPageWorkingset(page);
			SetPageLRU(page);
			lruvec_putback_folio(lruvec, page);
			m->vm_events[PGDEACTIVATE]++;
		}
		put_page(page);
	}
}

static void classic_age(struct lruvec *lruvec, bool file, struct scan_control *sc)
{
	enum lru_list alru = file ? LRU_ACTIVE_FILE : LRU_ACTIVE_ANON;
	unsigned long active = lruvec->nr[alru];
	unsigned long nr;

	if (!inactive_is_low(lruvec, file))
		return;
	nr = max(active >> sc->priority, SWAP_CLUSTER_MAX);
	shrink_active_list(lruvec, min(nr, active), file, sc);
}

static unsigned long classic_isolate(struct lruvec *lruvec, bool file,
				     unsigned long nr, struct list_head *list,
				     struct scan_control *sc)
{
	(void)sc;
	return isolate_lru_folios(lruvec, file ? LRU_INACTIVE_FILE :
				  LRU_INACTIVE_ANON, nr, list);
}

static void classic_rotate(struct lruvec *lruvec, struct page *page,
			   bool activate)
{
	if (activate)
		SetPageActive(page);
	classic_add(lruvec, page);
}

/* MADV_COLD: to the tail of the inactive list, the next to be scanned. */
static void classic_deactivate(struct lruvec *lruvec, struct page *page)
{
	enum lru_list lru;

	classic_del(lruvec, page);
	ClearPageActive(page);
	lru = folio_lru_list(page);
	list_add_tail(&page->lru, &lruvec->lists[lru]);
	update_lru_size(lruvec, lru, page, 1);
}

static int classic_audit(struct lruvec *lruvec, unsigned long *nr_pages,
			 char *msg, size_t n)
{
	unsigned long count;
	struct page *page;
	int lru;

	for_each_evictable_lru(lru) {
		count = 0;
		list_for_each_entry(page, &lruvec->lists[lru], lru) {
			if (!PageLRU(page) || (int)folio_lru_list(page) != lru) {
				snprintf(msg, n, "lru: pfn %#lx on list %d belongs on %d (flags %#lx)",
					 page_to_pfn(page), lru,
					 (int)folio_lru_list(page), page->flags);
				return -EUCLEAN;
			}
			if (++count > current_machine()->max_pfn)
				break;
		}
		if (count != lruvec->nr[lru]) {
			snprintf(msg, n, "lru: list %d holds %lu pages, counted %lu",
				 lru, count, lruvec->nr[lru]);
			return -EUCLEAN;
		}
		*nr_pages += count;
	}
	return 0;
}

const struct lru_policy lru_policy_classic = {
	.name = "classic",
	.init = classic_init,
	.add = classic_add,
	.del = classic_del,
	.access = classic_access,
	.age = classic_age,
	.isolate = classic_isolate,
	.rotate = classic_rotate,
	.deactivate = classic_deactivate,
	.audit = classic_audit,
};

/* --- deciding each candidate's fate -------------------------------------- */

/**
 * lruvec_putback_folio() - an isolated page (PG_lru set again by the
 * caller) goes back: to the unevictable list if it was mlocked meanwhile,
 * else to the policy's lists.
 */
void lruvec_putback_folio(struct lruvec *lruvec, struct page *page)
{
	if (!folio_evictable(page)) {
		SetPageUnevictable(page);
		ClearPageActive(page);
		list_add(&page->lru, &lruvec->lists[LRU_UNEVICTABLE]);
		update_lru_size(lruvec, LRU_UNEVICTABLE, page, 1);
		return;
	}
	ClearPageUnevictable(page);
	lruvec->policy->rotate(lruvec, page, false);
}

/* An isolated page that stays: back on its list, reclaim's reference dropped. */
static void putback_folio(struct lruvec *lruvec, struct page *page,
			  bool activate)
{
	struct mml_machine *m = current_machine();

	SetPageLRU(page);
	if (activate && folio_evictable(page)) {
		if (!PageActive(page))
			m->vm_events[PGACTIVATE]++;
		ClearPageUnevictable(page);
		lruvec->policy->rotate(lruvec, page, true);
		workingset_activation(page);
	} else {
		lruvec_putback_folio(lruvec, page);
	}
	put_page(page);
}

enum folio_references {
	FOLIOREF_RECLAIM,
	FOLIOREF_RECLAIM_CLEAN,
	FOLIOREF_KEEP,
	FOLIOREF_ACTIVATE,
};

/*
 * folio_check_references() - Linux's rules: a page mapped and accessed
 * once since the last scan stays on the inactive list (marked
 * referenced); accessed again, or through several mappings, or as
 * executable file text, it is activated; an unmapped page that read() or
 * write() referenced goes if clean.
 */
static enum folio_references folio_check_references(struct page *page)
{
	unsigned long vm_flags;
	int referenced_ptes = folio_referenced(page, &vm_flags);
	bool referenced_folio = TestClearPageReferenced(page);

	if (vm_flags & VM_LOCKED)
		return FOLIOREF_ACTIVATE;	/* putback culls it */
	if (referenced_ptes) {
		SetPageReferenced(page);
		if (referenced_folio || referenced_ptes > 1)
			return FOLIOREF_ACTIVATE;
		if ((vm_flags & VM_EXEC) && page_is_file_lru(page))
			return FOLIOREF_ACTIVATE;
		return FOLIOREF_KEEP;
	}
	if (referenced_folio && page_is_file_lru(page))
		return FOLIOREF_RECLAIM_CLEAN;
	return FOLIOREF_RECLAIM;
}

/*
 * pageout() - write dirty page-cache page @page back through its
 * mapping's ->writepages() (synchronously: the host write is done when it
 * returns).  Return: true if the page is clean now.
 */
static bool pageout(struct page *page)
{
	struct address_space *mapping = page->mapping;
	long long pos = (long long)page->index << PAGE_SHIFT;

	if (!mapping || !mapping_can_writeback(mapping))
		return false;
	if (filemap_write_and_wait_range(mapping, pos, pos + PAGE_SIZE - 1))
		return false;
	current_machine()->nr_vmscan_write++;
	return !PageDirty(page);
}

/*
 * __remove_mapping() - take a clean, unmapped page out of the page cache
 * if nobody but the cache and reclaim holds it, leaving a shadow entry.
 * Return: true if it left.
 */
static bool __remove_mapping(struct page *page)
{
	if (page_ref_count(page) != 2 || page_mapcount(page) || PageDirty(page))
		return false;
	filemap_remove_folio_shadow(page, workingset_eviction(page));
	return true;
}

/*
 * shrink_folio_list() - try to free each isolated page of @list.
 * Return: the pages freed; the others are back on the LRU.
 */
static unsigned long shrink_folio_list(struct list_head *list,
				       struct lruvec *lruvec,
				       struct scan_control *sc)
{
	unsigned long nr_reclaimed = 0;
	struct page *page, *next;

	list_for_each_entry_safe(page, next, list, lru) {
		enum folio_references ref;

		list_del(&page->lru);
		if (!folio_evictable(page)) {
			putback_folio(lruvec, page, false);
			continue;
		}
		ref = folio_check_references(page);
		if (ref == FOLIOREF_ACTIVATE || ref == FOLIOREF_KEEP) {
			putback_folio(lruvec, page, ref == FOLIOREF_ACTIVATE);
			continue;
		}
		if (PageSwapBacked(page) || PageAnon(page)) {
			int err;

			/* A swap-cache page needs no new slot to go. */
			if ((!PageSwapCache(page) && !can_reclaim_anon_pages()) ||
			    !sc->may_swap || !PageSwapBacked(page) ||
			    (!PageAnon(page) && !PageSwapCache(page) &&
			     !(page->mapping && shmem_mapping(page->mapping)))) {
				putback_folio(lruvec, page, false);
				continue;
			}
			err = pageout_anon(page, sc);
			if (err || page_ref_count(page) != 1) {
				/*
				 * activate_locked: no slot or still mapped ->
				 * active; a failed write or a busy page stays
				 * inactive for the next pass.  Swap nearly full
				 * or mlocked: its slot is better freed.
				 */
				bool activate = err == -ENOMEM || err == -EBUSY;

				if (activate && PageSwapCache(page) &&
				    (vm_swap_full() || PageMlocked(page)))
					folio_free_swap(page);
				putback_folio(lruvec, page, activate);
				continue;
			}
			goto free_it;
		}
		/* A page-cache page; or one truncated while on the LRU. */
		if (page_mapcount(page) > 0 &&
		    (!sc->may_unmap || !try_to_unmap(page))) {
			putback_folio(lruvec, page, false);
			continue;
		}
		if (PageDirty(page)) {
			if (ref == FOLIOREF_RECLAIM_CLEAN ||
			    !(sc->gfp_mask & __GFP_FS) || !sc->may_writepage ||
			    !pageout(page)) {
				SetPageReclaim(page);
				putback_folio(lruvec, page, false);
				continue;
			}
			ClearPageReclaim(page);
		}
		if (page->mapping && !__remove_mapping(page)) {
			putback_folio(lruvec, page, false);
			continue;
		}
		if (page_ref_count(page) != 1) {
			putback_folio(lruvec, page, false);
			continue;
		}
free_it:
		ClearPageActive(page);
		put_page(page);		/* reclaim's reference: the last */
		nr_reclaimed++;
	}
	return nr_reclaimed;
}

/* Scan up to @nr candidates of one type and free what can go. */
static void shrink_list(struct lruvec *lruvec, bool file, unsigned long nr,
			struct scan_control *sc)
{
	struct mml_machine *m = current_machine();
	unsigned long scanned, reclaimed;
	LIST_HEAD(candidates);

	lru_add_drain();	/* the batched pages are candidates too */
	lruvec->policy->age(lruvec, file, sc);
	scanned = lruvec->policy->isolate(lruvec, file, nr, &candidates, sc);
	if (!scanned)
		return;
	sc->nr_scanned += scanned;
	m->vm_events[sc->kswapd ? PGSCAN_KSWAPD : PGSCAN_DIRECT] += scanned;
	m->vm_events[file ? PGSCAN_FILE : PGSCAN_ANON] += scanned;
	reclaimed = shrink_folio_list(&candidates, lruvec, sc);
	sc->nr_reclaimed += reclaimed;
	m->vm_events[sc->kswapd ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT] += reclaimed;
	m->vm_events[file ? PGSTEAL_FILE : PGSTEAL_ANON] += reclaimed;
}

/*
 * file_is_tiny() - prepare_scan_control()'s test: the file pages and the
 * free pages together no longer reach the high watermarks, and there are
 * inactive anonymous pages to scan at this priority.  Then only anon is
 * scanned, whatever vm.swappiness says.
 */
static bool file_is_tiny(struct lruvec *lruvec, struct scan_control *sc)
{
	struct mml_machine *m = current_machine();
	unsigned long file = lruvec->nr[LRU_INACTIVE_FILE] + lruvec->nr[LRU_ACTIVE_FILE];
	unsigned long high = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		high += high_wmark_pages(&m->zones[z]);
	return file + global_zone_page_state(NR_FREE_PAGES) <= high &&
	       (lruvec->nr[LRU_INACTIVE_ANON] >> sc->priority);
}

/*
 * get_scan_count() - how many pages of each type to scan at this
 * priority: 1/2^priority of its lists (at least a batch), split as
 * Linux's scan balance: file only when anon cannot be swapped (no swap
 * space, or !may_swap); anon only when the file pages are tiny; both
 * fully at priority 0 when swappiness allows anon at all; otherwise each
 * type gets its share of vm.swappiness (0..200): anon swappiness/200,
 * file (200 - swappiness)/200, rounded up (Linux further weights them by
 * the recent cost of refaults, which mmlab does not track).  Swappiness 0
 * thus leaves anonymous pages alone until the file pages are tiny.
 */
static void get_scan_count(struct lruvec *lruvec, struct scan_control *sc,
			   unsigned long nr[ANON_AND_FILE])
{
	struct mml_machine *m = current_machine();
	unsigned long swappiness = (unsigned long)m->vm_swappiness;
	enum { SCAN_EQUAL, SCAN_FRACT, SCAN_ANON, SCAN_FILE } balance;
	int file;

	if (!sc->may_swap || !can_reclaim_anon_pages())
		balance = SCAN_FILE;
	else if (!sc->priority && swappiness)
		balance = SCAN_EQUAL;
	else if (file_is_tiny(lruvec, sc))
		balance = SCAN_ANON;
	else
		balance = SCAN_FRACT;

	for (file = 0; file < ANON_AND_FILE; file++) {
		enum lru_list base = file ? LRU_INACTIVE_FILE : LRU_INACTIVE_ANON;
		unsigned long size = lruvec->nr[base] + lruvec->nr[base + LRU_ACTIVE];
		unsigned long scan = size >> sc->priority;

		if (!scan && size)
			scan = min(size, SWAP_CLUSTER_MAX);
		switch (balance) {
		case SCAN_EQUAL:
			break;
		case SCAN_FRACT:
			scan = (scan * (file ? 200 - swappiness : swappiness) + 199) / 200;
			break;
		case SCAN_ANON:
			if (file)
				scan = 0;
			break;
		case SCAN_FILE:
			if (!file)
				scan = 0;
			break;
		}
		nr[file] = scan;
	}
}

static void shrink_lruvec(struct lruvec *lruvec, struct scan_control *sc)
{
	unsigned long nr[ANON_AND_FILE], batch;
	int file;

	get_scan_count(lruvec, sc, nr);
	while (nr[0] || nr[1]) {
		for (file = 0; file < ANON_AND_FILE; file++) {
			if (!nr[file])
				continue;
			batch = min(nr[file], SWAP_CLUSTER_MAX);
			nr[file] -= batch;
			shrink_list(lruvec, file, batch, sc);
		}
		if (sc->nr_reclaimed >= sc->nr_to_reclaim)
			break;
	}
}

static void shrink_node(struct scan_control *sc)
{
	shrink_lruvec(node_lruvec(), sc);
}

/* Lower the priority (scan more) until enough is reclaimed. */
static unsigned long do_try_to_free_pages(struct scan_control *sc)
{
	for (sc->priority = DEF_PRIORITY; sc->priority >= 0; sc->priority--) {
		shrink_node(sc);
		if (sc->nr_reclaimed >= sc->nr_to_reclaim)
			break;
	}
	return sc->nr_reclaimed;
}

/**
 * try_to_free_pages() - direct reclaim: an allocation of 2^@order pages
 * that may block found too little free memory.  Dirty file pages are
 * written back only with __GFP_FS, anonymous pages swapped only with
 * __GFP_IO.
 * Return: the pages freed (0: no progress).
 */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order)
{
	struct mml_machine *m = current_machine();
	struct scan_control sc = {
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
		.gfp_mask = gfp,
		.order = (int)order,
		.may_writepage = true,
		.may_unmap = true,
		.may_swap = true,
	};
	unsigned long ret;

	if (m->in_reclaim)
		return 0;	/* PF_MEMALLOC: no reclaim from reclaim */
	m->in_reclaim = true;
	m->vm_events[ALLOCSTALL_DMA + gfp_zone(gfp)]++;
	ret = do_try_to_free_pages(&sc);
	m->in_reclaim = false;
	trace_m("direct reclaim: order %u, scanned %lu, reclaimed %lu",
		 order, sc.nr_scanned, ret);
	return ret;
}

/* --- kswapd ---------------------------------------------------------------- */

/* Is some zone up to @highest above its high watermark for @order? */
static bool pgdat_balanced(int order, int highest)
{
	struct mml_machine *m = current_machine();
	int z;

	for (z = 0; z <= highest; z++) {
		struct zone *zone = &m->zones[z];

		if (!zone->managed_pages)
			continue;
		if (zone_watermark_ok(zone, (unsigned int)order,
				      high_wmark_pages(zone), highest, 0))
			return true;
	}
	return false;
}

/**
 * wakeup_kswapd() - an allocation found a zone below its low watermark:
 * kswapd will run at the next kswapd step.
 */
void wakeup_kswapd(gfp_t gfp, unsigned int order)
{
	struct mml_machine *m = current_machine();

	(void)gfp;
	if (!m->kswapd_wait)
		trace_m("kswapd woken for order %u", order);
	m->kswapd_wait = true;
	if ((int)order > m->kswapd_order)
		m->kswapd_order = (int)order;
}

static int highest_populated_zone(void)
{
	struct mml_machine *m = current_machine();
	int z;

	for (z = MAX_NR_ZONES - 1; z > 0; z--)
		if (m->zones[z].managed_pages)
			return z;
	return 0;
}

/*
 * balance_pgdat() - reclaim until a zone is above its high watermark,
 * lowering the priority while a pass frees too little.
 * Return: the pages freed.
 */
static unsigned long balance_pgdat(int order, int highest)
{
	struct mml_machine *m = current_machine();
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = order,
		.may_writepage = true,
		.may_unmap = true,
		.may_swap = true,
		.kswapd = true,
	};
	int z;

	m->vm_events[PAGEOUTRUN]++;
	for (sc.priority = DEF_PRIORITY; sc.priority >= 0; sc.priority--) {
		unsigned long before = sc.nr_reclaimed;

		if (pgdat_balanced(order, highest))
			break;
		sc.nr_to_reclaim = sc.nr_reclaimed;
		for (z = 0; z <= highest; z++)
			if (m->zones[z].managed_pages)
				sc.nr_to_reclaim += max(high_wmark_pages(&m->zones[z]),
							SWAP_CLUSTER_MAX);
		shrink_node(&sc);
		/* A pass that freed something may go again at this priority. */
		if (sc.nr_reclaimed > before && sc.priority < DEF_PRIORITY)
			sc.priority++;
	}
	return sc.nr_reclaimed;
}

/**
 * kswapd_run() - the kswapd step: if woken, reclaim until the zones are
 * balanced (above high), then sleep again.  mmlab runs it at the end of
 * the allocation that woke it (if that one may block; kswapd=manual on the
 * command line leaves it to the shell's `kswapd` step), so runs repeat.
 * Return: the pages freed.
 */
unsigned long kswapd_run(void)
{
	struct mml_machine *m = current_machine();
	unsigned long ret;
	int order = m->kswapd_order;

	if (!m->kswapd_wait || m->in_reclaim)
		return 0;
	m->kswapd_wait = false;
	m->kswapd_order = 0;
	m->in_reclaim = true;
	ret = balance_pgdat(order, highest_populated_zone());
	m->in_reclaim = false;
	m->kswapd_runs++;
	m->kswapd_last_reclaimed = ret;
	trace_m("kswapd: order %d, reclaimed %lu", order, ret);
	return ret;
}

/* --- MADV_PAGEOUT of file pages, drop_caches ------------------------------ */

/**
 * reclaim_pages() - MADV_PAGEOUT: try to free each page of @list (taken
 * off the LRU by the caller with isolate_lru_page(), which holds a
 * reference), whether referenced or not.  Pages that stay go back.
 * Return: the pages freed.
 */
unsigned long reclaim_pages(struct list_head *list)
{
	/*
	 * As in Linux, only kswapd (and here the flusher's stand-in, direct
	 * reclaim) writes dirty file pages: MADV_PAGEOUT leaves them.
	 */
	struct scan_control sc = {
		.nr_to_reclaim = ~0UL,
		.gfp_mask = GFP_KERNEL,
		.may_writepage = false,
		.may_unmap = true,
		.may_swap = true,
	};
	struct lruvec *lruvec = node_lruvec();
	struct page *page, *next;
	unsigned long vm_flags;

	/* MADV_PAGEOUT ignores references: clear them first. */
	list_for_each_entry_safe(page, next, list, lru) {
		folio_referenced(page, &vm_flags);
		ClearPageReferenced(page);
		ClearPageActive(page);
	}
	return shrink_folio_list(list, lruvec, &sc);
}

/**
 * isolate_lru_page() - take @page off the LRU for the caller (with a
 * reference).  Return: true if it was on it.
 */
bool isolate_lru_page(struct page *page)
{
	if (!PageLRU(page))
		return false;
	get_page(page);
	lru_del_page(page);
	return true;
}

/**
 * drop_pagecache() - vm.drop_caches=1: drop every clean, unmapped page
 * of the page cache (Linux's invalidate_mapping_pages() on every inode).
 * Dirty, mapped or pinned pages stay.  Return: the pages dropped.
 */
unsigned long drop_pagecache(void)
{
	struct mml_machine *m = current_machine();
	unsigned long b, dropped = 0;
	struct inode *inode;

	lru_add_drain_all();	/* the batches' references are not users' */
	for (b = 0; b < m->inode_hash_size; b++) {
		for (inode = m->inode_hashtable[b]; inode; inode = inode->hash_next) {
			struct address_space *mapping = &inode->i_data;
			pgoff_t index = 0;
			struct page *page;

			if (shmem_mapping(mapping))
				continue;
			while ((page = filemap_find_next(mapping, &index, ~0UL))) {
				if (!PageDirty(page) && !page_mapcount(page) &&
				    page_ref_count(page) == 1) {
					delete_from_page_cache(page);
					dropped++;
				}
				if (index++ == ~0UL)
					break;
			}
		}
	}
	m->vm_events[DROP_PAGECACHE]++;
	return dropped;
}
