// SPDX-License-Identifier: MIT
/*
 * Workingset detection (Linux's mm/workingset.c): telling a page that is
 * used again soon after its eviction (thrashing: it should have stayed)
 * from one that is simply read once.
 *
 * The node keeps a clock, lruvec->nonresident_age, that ticks on every
 * eviction and activation.  An evicted page-cache page leaves a shadow
 * entry in its mapping holding the clock's value and whether it was in
 * the workingset (PG_workingset: it had been active).  When the page is
 * read back, the clock has advanced by its refault distance: how many
 * pages were evicted or activated meanwhile.  Had the page been active
 * instead, it would have survived if that distance is no larger than the
 * active list (plus anon lists when anon can be reclaimed): then the
 * refaulting page is activated at once (workingset_activate_*), and if it
 * was in the workingset before, counted as restored.
 *
 * mmlab's shadows live in a second tree per mapping (i_shadows) rather
 * than in the page cache's own slots, and nothing shrinks them but
 * truncation and the inode's end.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/fs.h>

#define WORKINGSET_SHIFT	1

/*
 * workingset_eviction() - @page (a page-cache page) is being evicted:
 * tick the clock and return the shadow entry that remembers when.
 */
void *workingset_eviction(struct page *page)
{
	struct lruvec *lruvec = node_lruvec();
	unsigned long eviction = ++lruvec->nonresident_age;

	eviction = (eviction << WORKINGSET_SHIFT) | (PageWorkingset(page) ? 1 : 0);
	return xa_mk_value(eviction & (~0UL >> 2));
}

/**
 * workingset_refault() - @page is being read back into its page cache
 * where @shadow was: count the refault and activate the page if its
 * refault distance shows it would have stayed had it been active.
 */
void workingset_refault(struct page *page, void *shadow)
{
	struct mml_machine *m = current_machine();
	struct lruvec *lruvec = &m->lruvec;
	unsigned long v = xa_to_value(shadow);
	bool workingset = v & 1, file = page_is_file_lru(page);
	unsigned long eviction = v >> WORKINGSET_SHIFT;
	unsigned long now = lruvec->nonresident_age & (~0UL >> (2 + WORKINGSET_SHIFT));
	unsigned long distance = (now - eviction) & (~0UL >> (2 + WORKINGSET_SHIFT));
	unsigned long workingset_size;

	m->vm_events[file ? WORKINGSET_REFAULT_FILE : WORKINGSET_REFAULT_ANON]++;
	lruvec->refaults[file]++;
	workingset_size = lruvec->nr[LRU_ACTIVE_FILE];
	if (lruvec->policy == &lru_policy_gen)	/* all but the oldest generation */
		workingset_size = lruvec->nr[LRU_INACTIVE_FILE] -
			lruvec->nr_gen[lruvec->min_seq[1] % MAX_NR_GENS][1];
	/* Anonymous lists count only when anon pages can be reclaimed (swap). */
	if (distance > workingset_size)
		return;
	SetPageActive(page);
	lruvec->nonresident_age++;	/* workingset_age_nonresident() */
	m->vm_events[file ? WORKINGSET_ACTIVATE_FILE : WORKINGSET_ACTIVATE_ANON]++;
	if (workingset) {
		SetPageWorkingset(page);
		m->vm_events[file ? WORKINGSET_RESTORE_FILE : WORKINGSET_RESTORE_ANON]++;
	}
}

/**
 * workingset_activation() - @page was activated: the clock ticks, as an
 * activation shrinks the inactive list as much as an eviction does.
 */
void workingset_activation(struct page *page)
{
	(void)page;
	node_lruvec()->nonresident_age++;
}
