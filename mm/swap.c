// SPDX-License-Identifier: MIT
/*
 * The LRU lists (Linux's mm/swap.c): pages join them when they are
 * faulted in or enter the page cache, leave them when freed, move between
 * active and inactive as they are used (mark_page_accessed()) or aged,
 * and sit on the unevictable list while mlocked.
 *
 * Which evictable page goes first is the replacement policy's business
 * (struct lru_policy in <linux/mm_inline.h>); this file keeps PG_lru,
 * the unevictable list and the counters, and calls the policy for the
 * rest.  As in Linux, new pages join through a per-CPU batch
 * (cpu_fbatches.lru_add, FOLIO_BATCH_SIZE pages): a batched page holds a
 * reference and has no PG_lru until the batch drains, when it is full or
 * when lru_add_drain() is called before the lists are scanned.  mmlab's
 * machine has one CPU, so there is one batch and lru_add_drain_all() is
 * lru_add_drain().
 */
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/fs.h>
#include "mm/internal.h"

static const struct lru_policy *const lru_policies[] = {
	&lru_policy_classic, &lru_policy_gen,
};

/** lru_policy_lookup() - the policy called @name, or NULL. */
const struct lru_policy *lru_policy_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lru_policies); i++)
		if (!strcmp(lru_policies[i]->name, name))
			return lru_policies[i];
	return NULL;
}

/** lruvec_init() - empty lists run by @policy. */
void lruvec_init(struct lruvec *lruvec, const struct lru_policy *policy)
{
	int lru;

	memset(lruvec, 0, sizeof(*lruvec));
	for (lru = 0; lru < NR_LRU_LISTS; lru++)
		INIT_LIST_HEAD(&lruvec->lists[lru]);
	lruvec->policy = policy;
	policy->init(lruvec);
}

/*
 * folio_evictable() - may reclaim ever take @page?  Not while mlocked
 * (Linux also keeps ramfs and SHM_LOCK pages back; mmlab has neither).
 */
bool folio_evictable(const struct page *page)
{
	return !PageMlocked(page);
}

static void lruvec_add_folio(struct lruvec *lruvec, struct page *page)
{
	if (PageUnevictable(page)) {
		list_add(&page->lru, &lruvec->lists[LRU_UNEVICTABLE]);
		update_lru_size(lruvec, LRU_UNEVICTABLE, page, 1);
		return;
	}
	lruvec->policy->add(lruvec, page);
}

static void lruvec_del_folio(struct lruvec *lruvec, struct page *page)
{
	if (PageUnevictable(page)) {
		list_del(&page->lru);
		update_lru_size(lruvec, LRU_UNEVICTABLE, page, -1);
		return;
	}
	lruvec->policy->del(lruvec, page);
}

/*
 * lru_add() - a batched @page joins its list (Linux's lru_add()): the
 * unevictable one if it was mlocked meanwhile, else the policy's.  A page
 * that reached the LRU another way meanwhile stays where it is.
 */
static void lru_add(struct lruvec *lruvec, struct page *page)
{
	if (PageLRU(page))
		return;
	if (folio_evictable(page))
		ClearPageUnevictable(page);
	else
		SetPageUnevictable(page);
	SetPageLRU(page);
	lruvec_add_folio(lruvec, page);
}

/*
 * lru_add_drain() - the batch's pages join the LRU and drop the batch's
 * reference; a page whose other references went meanwhile is freed here
 * (off the LRU again), as Linux's folios_put() does.
 */
void lru_add_drain(void)
{
	struct mml_machine *m = current_machine();
	struct lruvec *lruvec = &m->lruvec;
	unsigned int i, nr = m->lru_add_nr;

	m->lru_add_nr = 0;
	for (i = 0; i < nr; i++) {
		struct page *page = pfn_to_page(m->lru_add_pfn[i]);

		lru_add(lruvec, page);
		put_page(page);
	}
}

/*
 * lru_move_now() - @page, taken off its list a moment ago (mlock,
 * munlock), goes onto the list its flags now say, at once and without the
 * batch: Linux's mlock_folio()/munlock_folio() move an LRU folio under
 * the lruvec lock.
 */
void lru_move_now(struct page *page)
{
	lru_add(node_lruvec(), page);
}

/** lru_add_batched() - is @page in the batch, on its way to the LRU? */
bool lru_add_batched(const struct page *page)
{
	struct mml_machine *m = current_machine();
	unsigned long pfn = page_to_pfn(page);
	unsigned int i;

	for (i = 0; i < m->lru_add_nr; i++)
		if (m->lru_add_pfn[i] == pfn)
			return true;
	return false;
}

/** lru_add_drain_all() - every CPU's batches (one CPU in mmlab). */
void lru_add_drain_all(void)
{
	lru_add_drain();
}

/*
 * lru_cache_add() - @page (a new page-cache or anonymous page) is to join
 * the LRU: into the batch, which drains when full (Linux's
 * folio_add_lru()).  Compound pages (hugetlb, drivers' blocks) stay off,
 * as Linux's hugetlb folios do.
 */
void lru_cache_add(struct page *page)
{
	struct mml_machine *m = current_machine();

	/* the rare cases in one test: on the LRU, compound, reserved, mlocked */
	if (unlikely(page->flags & (1UL << PG_lru | 1UL << PG_head |
				    1UL << PG_reserved | 1UL << PG_mlocked))) {
		if (PageLRU(page) || PageHead(page) || PageTail(page) ||
		    PageReserved(page))
			return;
		if (!folio_evictable(page)) {
			/* mlock_new_folio(): straight to the unevictable list */
			lru_add(&m->lruvec, page);
			return;
		}
	}
	if (PageTail(page))
		return;
	get_page(page);
	m->lru_add_pfn[m->lru_add_nr++] = page_to_pfn(page);
	if (m->lru_add_nr == FOLIO_BATCH_SIZE)
		lru_add_drain();
}

/**
 * lru_cache_add_inactive_or_unevictable() - a new anonymous page of @vma
 * joins the LRU: on the unevictable list if @vma is locked.
 */
void lru_cache_add_inactive_or_unevictable(struct page *page,
					   struct vm_area_struct *vma)
{
	(void)vma;	/* mlock_vma_page() already marked a locked VMA's page */
	lru_cache_add(page);
}

/** lru_del_page() - take @page off its list (PG_lru cleared). */
void lru_del_page(struct page *page)
{
	if (!PageLRU(page))
		return;
	lruvec_del_folio(node_lruvec(), page);
	ClearPageLRU(page);
}

/**
 * __page_cache_release() - the last reference to @page is going: off the
 * LRU first (Linux's __folio_put() does the same).
 */
void __page_cache_release(struct page *page)
{
	lru_del_page(page);
}

/**
 * folio_activate() - move @page to the active list of its type, now.
 */
void folio_activate(struct page *page)
{
	struct lruvec *lruvec = node_lruvec();

	if (!PageLRU(page) || PageActive(page) || PageUnevictable(page))
		return;
	lruvec_del_folio(lruvec, page);
	SetPageActive(page);
	lruvec_add_folio(lruvec, page);
	current_machine()->vm_events[PGACTIVATE]++;
	workingset_activation(page);
}

/**
 * folio_deactivate() - MADV_COLD: @page becomes the next candidate for
 * reclaim of its type (inactive, at the tail).
 */
void folio_deactivate(struct page *page)
{
	struct lruvec *lruvec = node_lruvec();

	if (!PageLRU(page) || PageUnevictable(page))
		return;
	if (PageActive(page))
		current_machine()->vm_events[PGDEACTIVATE]++;
	lruvec->policy->deactivate(lruvec, page);
	ClearPageReferenced(page);
}

/**
 * mark_page_accessed() - read() or write() used @page: the policy hears
 * of it.  For the two-list LRU an inactive page that was referenced
 * before is activated, else it is marked referenced (Linux's
 * folio_mark_accessed()).
 */
void mark_page_accessed(struct page *page)
{
	struct lruvec *lruvec = node_lruvec();

	page = compound_head(page);
	if (PageUnevictable(page))
		return;
	if (!PageLRU(page)) {
		/*
		 * Not on a list yet: referenced twice while in the batch, it
		 * will join the active list when the batch drains (Linux's
		 * __lru_cache_activate_folio()).
		 */
		if (!PageReferenced(page)) {
			SetPageReferenced(page);
		} else if (!PageActive(page) && lru_add_batched(page)) {
			SetPageActive(page);
			ClearPageReferenced(page);
			workingset_activation(page);
		}
		return;
	}
	lruvec->policy->access(lruvec, page);
}

/**
 * folio_mark_lazyfree() - MADV_FREE: a clean anonymous page may be
 * dropped instead of swapped; it moves to the inactive file list, as in
 * Linux (it is no longer swap-backed).
 */
void folio_mark_lazyfree(struct page *page)
{
	bool lru = PageLRU(page);

	if (!PageSwapBacked(page) || PageUnevictable(page)) {
		ClearPageSwapBacked(page);
		return;
	}
	lru_del_page(page);
	ClearPageActive(page);
	ClearPageReferenced(page);
	ClearPageSwapBacked(page);
	if (lru)
		lru_cache_add(page);
}

/*
 * The next PFN worth looking at after @pfn: past a free buddy block at
 * once, so that scans read the struct pages of in-use memory only and
 * leave the lazily backed rest of mem_map untouched.
 */
static unsigned long scan_next_pfn(unsigned long pfn, const struct page *page)
{
	if (PageBuddy(page))
		return (pfn | ((1UL << min(page->private, (unsigned long)MAX_PAGE_ORDER)) - 1)) + 1;
	return pfn + 1;
}

/*
 * Linux keeps NR_ANON_MAPPED and NR_FILE_MAPPED as counters updated by
 * the rmap; mmlab counts the mapped pages when asked (/proc/meminfo,
 * /proc/vmstat, the OOM report).
 */
static void count_mapped(unsigned long *anon, unsigned long *file)
{
	struct mml_machine *m = current_machine();
	unsigned long pfn;

	*anon = *file = 0;
	for (pfn = 0; pfn < m->max_pfn; ) {
		struct page *page;

		if (!pfn_valid(pfn)) {
			pfn++;
			continue;
		}
		page = pfn_to_page(pfn);
		pfn = scan_next_pfn(pfn, page);
		if (page_mapcount(page) <= 0 || PageSlab(page) ||
		    page == m->zero_page || PageTail(page))
			continue;
		if (PageAnon(page))
			(*anon)++;
		else if (page->mapping)
			(*file)++;
	}
}

/** nr_mapped_pages() - page-cache pages mapped by a user PTE (Mapped:). */
unsigned long nr_mapped_pages(void)
{
	unsigned long anon, file;

	count_mapped(&anon, &file);
	return file;
}

/** nr_anon_mapped_pages() - anonymous pages mapped (AnonPages:). */
unsigned long nr_anon_mapped_pages(void)
{
	unsigned long anon, file;

	count_mapped(&anon, &file);
	return anon;
}

/* --- audit ------------------------------------------------------------- */

/*
 * lru_audit() - every page on the unevictable list (and on the policy's
 * lists) has PG_lru, lies on one list only, and the counts match; no
 * page outside them has PG_lru; mlocked pages are unevictable and
 * unevictable pages on the LRU are mlocked.
 */
int lru_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	struct lruvec *lruvec = &m->lruvec;
	unsigned long listed = 0, flagged = 0, pfn, zsum;
	struct page *page;
	int z, lru;

	list_for_each_entry(page, &lruvec->lists[LRU_UNEVICTABLE], lru) {
		if (!PageLRU(page) || !PageUnevictable(page) || PageBuddy(page)) {
			snprintf(msg, n, "lru: pfn %#lx on the unevictable list, flags %#lx",
				 page_to_pfn(page), page->flags);
			return -EUCLEAN;
		}
		if (++listed > m->max_pfn)
			break;
	}
	if (listed != lruvec->nr[LRU_UNEVICTABLE]) {
		snprintf(msg, n, "lru: %lu pages on the unevictable list, nr_unevictable %lu",
			 listed, lruvec->nr[LRU_UNEVICTABLE]);
		return -EUCLEAN;
	}
	if (lruvec->policy->audit(lruvec, &listed, msg, n))
		return -EUCLEAN;
	for (pfn = 0; pfn < m->max_pfn; ) {
		if (!pfn_valid(pfn)) {
			pfn++;
			continue;
		}
		page = pfn_to_page(pfn);
		pfn = scan_next_pfn(pfn, page);
		if (PageMlocked(page) && !PageUnevictable(page)) {
			snprintf(msg, n, "lru: pfn %#lx is mlocked but not unevictable",
				 page_to_pfn(page));
			return -EUCLEAN;
		}
		if (PageLRU(page) && PageUnevictable(page) && !PageMlocked(page)) {
			snprintf(msg, n, "lru: pfn %#lx is unevictable but not mlocked",
				 page_to_pfn(page));
			return -EUCLEAN;
		}
		if (!PageLRU(page))
			continue;
		flagged++;
		if (page_ref_count(page) < 1 || PageSlab(page) || PageTable(page) ||
		    PageBuddy(page) || PagePcp(page)) {
			snprintf(msg, n, "lru: pfn %#lx with PG_lru is not a user page (refcount %d, flags %#lx)",
				 page_to_pfn(page), page_ref_count(page), page->flags);
			return -EUCLEAN;
		}
	}
	if (flagged != listed) {
		snprintf(msg, n, "lru: %lu pages have PG_lru, %lu are on the lists",
			 flagged, listed);
		return -EUCLEAN;
	}
	for (lru = 0; lru < NR_LRU_LISTS; lru++) {
		zsum = 0;
		for (z = 0; z < MAX_NR_ZONES; z++)
			zsum += zone_page_state(&m->zones[z], NR_ZONE_LRU_BASE + lru);
		if (zsum != lruvec->nr[lru]) {
			snprintf(msg, n, "lru: list %d counts %lu pages, its zones %lu",
				 lru, lruvec->nr[lru], zsum);
			return -EUCLEAN;
		}
	}
	return 0;
}
