// SPDX-License-Identifier: MIT
/*
 * A generational LRU in the style of Linux's MGLRU (mm/vmscan.c under
 * CONFIG_LRU_GEN), the alternative replacement policy: lru=gen.
 *
 * Evictable pages of each type (anon, file) sit in up to MAX_NR_GENS
 * generations, numbered by sequence: max_seq is the youngest (shared by
 * both types), min_seq[type] the oldest; a page's generation is seq %
 * MAX_NR_GENS, kept in page->flags as MGLRU does.  Aging opens a new
 * youngest generation and walks the older ones, moving the pages whose
 * PTEs the MMU marked accessed (read and cleared through the reverse
 * map, with the TLB flush) into it; eviction takes candidates from the
 * oldest generation, whose pages shrink_folio_list() checks once more.
 *
 * Simplified against MGLRU: no tiers or refault-feedback PID controller,
 * aging walks the pages' reverse maps rather than the page tables, one
 * generation per promotion.  Its pages count as inactive in /proc/meminfo.
 */
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/vmscan.h>
#include <linux/rmap.h>

#define MIN_NR_GENS	2

static int lru_gen_from_seq(unsigned long seq)
{
	return (int)(seq % MAX_NR_GENS);
}

static void gen_init(struct lruvec *lruvec)
{
	int g, t;

	for (g = 0; g < MAX_NR_GENS; g++)
		for (t = 0; t < ANON_AND_FILE; t++)
			INIT_LIST_HEAD(&lruvec->gens[g][t]);
	lruvec->max_seq = MIN_NR_GENS + 1;
	lruvec->min_seq[0] = lruvec->min_seq[1] = 0;
}

/* Put @page into generation @seq of its type, at the head. */
static void gen_add_seq(struct lruvec *lruvec, struct page *page,
			unsigned long seq, bool tail)
{
	int type = page_is_file_lru(page), gen = lru_gen_from_seq(seq);

	ClearPageActive(page);
	set_page_lru_gen(page, gen);
	if (tail)
		list_add_tail(&page->lru, &lruvec->gens[gen][type]);
	else
		list_add(&page->lru, &lruvec->gens[gen][type]);
	lruvec->nr_gen[gen][type]++;
	update_lru_size(lruvec, folio_lru_list(page), page, 1);
}

/*
 * New pages enter the second-oldest generation; pages that are active
 * (activated, or refaulting within the workingset) the youngest.
 */
static void gen_add(struct lruvec *lruvec, struct page *page)
{
	int type = page_is_file_lru(page);
	unsigned long seq = PageActive(page) ? lruvec->max_seq :
			    min(lruvec->min_seq[type] + 1, lruvec->max_seq);

	gen_add_seq(lruvec, page, seq, false);
}

static void gen_del(struct lruvec *lruvec, struct page *page)
{
	int type = page_is_file_lru(page), gen = page_lru_gen(page);

	list_del(&page->lru);
	lruvec->nr_gen[gen][type]--;
	update_lru_size(lruvec, folio_lru_list(page), page, -1);
	page->flags &= ~LRU_GEN_MASK;
}

static void gen_move(struct lruvec *lruvec, struct page *page,
		     unsigned long seq, bool tail)
{
	gen_del(lruvec, page);
	gen_add_seq(lruvec, page, seq, tail);
}

/* read()/write(): the second use moves the page to the youngest generation. */
static void gen_access(struct lruvec *lruvec, struct page *page)
{
	if (!PageReferenced(page)) {
		SetPageReferenced(page);
		return;
	}
	ClearPageReferenced(page);
	if (page_lru_gen(page) != lru_gen_from_seq(lruvec->max_seq)) {
		gen_move(lruvec, page, lruvec->max_seq, false);
		current_machine()->vm_events[PGACTIVATE]++;
	}
}

/* Drop empty oldest generations (keeping MIN_NR_GENS). */
static void try_to_inc_min_seq(struct lruvec *lruvec, int type)
{
	while (lruvec->max_seq - lruvec->min_seq[type] + 1 > MIN_NR_GENS &&
	       !lruvec->nr_gen[lru_gen_from_seq(lruvec->min_seq[type])][type])
		lruvec->min_seq[type]++;
}

/*
 * inc_min_seq() - retire the oldest generation of @type by moving its
 * pages into the next one (MGLRU does this for a type it cannot evict,
 * such as anon without swap, so that aging is never stuck).
 */
static void inc_min_seq(struct lruvec *lruvec, int type)
{
	int gen = lru_gen_from_seq(lruvec->min_seq[type]);
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &lruvec->gens[gen][type], lru)
		gen_move(lruvec, page, lruvec->min_seq[type] + 1, true);
	lruvec->min_seq[type]++;
}

/*
 * inc_max_seq() - open a new youngest generation and promote into it the
 * pages of the older ones that the MMU marked accessed since the last
 * walk (clearing the bits).
 */
static void inc_max_seq(struct lruvec *lruvec)
{
	struct mml_machine *m = current_machine();
	unsigned long seq, new_seq = lruvec->max_seq + 1;
	int type;

	for (type = 0; type < ANON_AND_FILE; type++) {
		try_to_inc_min_seq(lruvec, type);
		if (new_seq - lruvec->min_seq[type] >= MAX_NR_GENS)
			inc_min_seq(lruvec, type);
	}
	lruvec->max_seq = new_seq;
	for (type = 0; type < ANON_AND_FILE; type++) {
		for (seq = lruvec->min_seq[type]; seq < new_seq; seq++) {
			struct list_head *list = &lruvec->gens[lru_gen_from_seq(seq)][type];
			struct page *page, *next;

			list_for_each_entry_safe(page, next, list, lru) {
				unsigned long vm_flags;

				m->vm_events[PGREFILL]++;
				if (!folio_referenced(page, &vm_flags) &&
				    !TestClearPageReferenced(page))
					continue;
				gen_move(lruvec, page, new_seq, false);
				m->vm_events[PGACTIVATE]++;
			}
		}
	}
}

/* Age when a type is down to its last MIN_NR_GENS generations. */
static void gen_age(struct lruvec *lruvec, bool file, struct scan_control *sc)
{
	(void)sc;
	try_to_inc_min_seq(lruvec, file);
	if (lruvec->max_seq - lruvec->min_seq[file] + 1 <= MIN_NR_GENS)
		inc_max_seq(lruvec);
}

static unsigned long gen_isolate(struct lruvec *lruvec, bool file,
				 unsigned long nr, struct list_head *list,
				 struct scan_control *sc)
{
	unsigned long taken = 0;
	int type = file;

	(void)sc;
	while (taken < nr) {
		int gen = lru_gen_from_seq(lruvec->min_seq[type]);
		struct list_head *src = &lruvec->gens[gen][type];
		struct page *page;

		if (list_empty(src)) {
			unsigned long before = lruvec->min_seq[type];

			try_to_inc_min_seq(lruvec, type);
			if (lruvec->min_seq[type] == before)
				break;	/* down to the youngest two: age first */
			continue;
		}
		page = list_last_entry(src, struct page, lru);
		get_page(page);
		gen_del(lruvec, page);
		ClearPageLRU(page);
		list_add(&page->lru, list);
		taken++;
	}
	return taken;
}

/* A candidate that stays: the youngest generation if in use, else one up. */
static void gen_rotate(struct lruvec *lruvec, struct page *page, bool activate)
{
	int type = page_is_file_lru(page);
	unsigned long seq = activate || PageActive(page) ? lruvec->max_seq :
			    min(lruvec->min_seq[type] + 1, lruvec->max_seq);

	gen_add_seq(lruvec, page, seq, false);
}

/* MADV_COLD: the oldest generation, at the tail (first out). */
static void gen_deactivate(struct lruvec *lruvec, struct page *page)
{
	gen_move(lruvec, page, lruvec->min_seq[page_is_file_lru(page)], true);
}

static int gen_audit(struct lruvec *lruvec, unsigned long *nr_pages,
		     char *msg, size_t n)
{
	unsigned long count, per_lru[NR_LRU_LISTS] = { 0 };
	struct page *page;
	int g, t, lru;

	for (g = 0; g < MAX_NR_GENS; g++) {
		for (t = 0; t < ANON_AND_FILE; t++) {
			count = 0;
			list_for_each_entry(page, &lruvec->gens[g][t], lru) {
				if (!PageLRU(page) || page_lru_gen(page) != g ||
				    page_is_file_lru(page) != t || PageUnevictable(page)) {
					snprintf(msg, n, "lru_gen: pfn %#lx in gen %d type %d, flags %#lx",
						 page_to_pfn(page), g, t, page->flags);
					return -EUCLEAN;
				}
				per_lru[folio_lru_list(page)]++;
				if (++count > current_machine()->max_pfn)
					break;
			}
			if (count != lruvec->nr_gen[g][t]) {
				snprintf(msg, n, "lru_gen: gen %d type %d holds %lu pages, counted %lu",
					 g, t, count, lruvec->nr_gen[g][t]);
				return -EUCLEAN;
			}
			*nr_pages += count;
		}
	}
	for_each_evictable_lru(lru) {
		if (per_lru[lru] != lruvec->nr[lru]) {
			snprintf(msg, n, "lru_gen: list %d counts %lu pages, the generations hold %lu",
				 lru, lruvec->nr[lru], per_lru[lru]);
			return -EUCLEAN;
		}
	}
	for (t = 0; t < ANON_AND_FILE; t++) {
		if (lruvec->min_seq[t] > lruvec->max_seq ||
		    lruvec->max_seq - lruvec->min_seq[t] >= MAX_NR_GENS) {
			snprintf(msg, n, "lru_gen: type %d spans seq %lu..%lu",
				 t, lruvec->min_seq[t], lruvec->max_seq);
			return -EUCLEAN;
		}
	}
	return 0;
}

const struct lru_policy lru_policy_gen = {
	.name = "gen",
	.init = gen_init,
	.add = gen_add,
	.del = gen_del,
	.access = gen_access,
	.age = gen_age,
	.isolate = gen_isolate,
	.rotate = gen_rotate,
	.deactivate = gen_deactivate,
	.audit = gen_audit,
};
