// SPDX-License-Identifier: MIT
/*
 * The swap cache: pages that have a swap slot and are (still or again) in
 * memory, found by their swap entry, as Linux's swapper_spaces; and swap
 * readahead, which reads the swapped neighbours of a faulting page into
 * it (VMA-based, the default for anonymous memory, with Linux's window:
 * vm.page-cluster's maximum, grown by readahead hits).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/trace.h>
#include "mm/internal.h"
#include "mm/swap.h"

unsigned long total_swapcache_pages(void)
{
	struct swap_state *ss = current_machine()->swap;

	return ss ? ss->total_swapcache_pages : 0;
}

/** swap_cache_get_page() - @entry's page in the swap cache, referenced, or NULL. */
struct page *swap_cache_get_page(swp_entry_t entry)
{
	struct swap_info_struct *si = get_swap_device(entry);
	struct page *page = si ? si->swap_cache[swp_offset(entry)] : NULL;

	if (page)
		get_page(page);
	return page;
}

/**
 * add_to_swap_cache() - @page (whose slot @entry has SWAP_HAS_CACHE) goes
 * into the swap cache, which takes a reference.  Return: 0 or -EEXIST.
 */
int add_to_swap_cache(struct page *page, swp_entry_t entry)
{
	struct swap_info_struct *si = get_swap_device(entry);
	unsigned long off = swp_offset(entry);

	if (!si || si->swap_cache[off])
		return -EEXIST;
	get_page(page);
	SetPageSwapBacked(page);
	page->flags |= 1UL << PG_swapcache;
	page->private = entry.val;
	si->swap_cache[off] = page;
	si->nr_cached++;
	current_machine()->swap->total_swapcache_pages++;
	return 0;
}

/**
 * delete_from_swap_cache() - take @page out of the swap cache: its slot
 * loses SWAP_HAS_CACHE (and is freed if nothing else holds it), the
 * cache's reference goes.
 */
void delete_from_swap_cache(struct page *page)
{
	swp_entry_t entry = page_swap_entry(page);
	struct swap_info_struct *si = get_swap_device(entry);
	unsigned long off = swp_offset(entry);

	if (!si || si->swap_cache[off] != page)
		return;
	si->swap_cache[off] = NULL;
	si->nr_cached--;
	current_machine()->swap->total_swapcache_pages--;
	page->flags &= ~(1UL << PG_swapcache | 1UL << PG_readahead);
	page->private = 0;
	put_swap_page(entry);
	put_page(page);
}

/**
 * add_to_swap() - give anonymous @page a swap slot and put it in the swap
 * cache, dirty (it must be written before it can go).
 * Return: false when no slot is free.
 */
bool add_to_swap(struct page *page)
{
	swp_entry_t entry = get_swap_page();

	if (!entry.val)
		return false;
	if (add_to_swap_cache(page, entry)) {
		put_swap_page(entry);
		return false;
	}
	SetPageDirty(page);
	return true;
}

/**
 * read_swap_cache_async() - @entry's page: from the swap cache, or a new
 * page added to it and read from the area (*@new_page set).
 * Return: the page referenced; NULL when the slot is no longer in use or
 * no page could be allocated; ERR_PTR(-EIO) when the read failed (the
 * page is then gone from the cache again).
 */
struct page *read_swap_cache_async(swp_entry_t entry, bool *new_page)
{
	struct swap_info_struct *si = get_swap_device(entry);
	unsigned long off = swp_offset(entry);
	struct page *page;
	int err;

	*new_page = false;
	if (!si)
		return NULL;
	page = swap_cache_get_page(entry);
	if (page)
		return page;
	if (!__swap_count(entry))
		return NULL;	/* freed meanwhile */
	page = alloc_page(GFP_HIGHUSER_MOVABLE);
	if (!page)
		return NULL;
	si->swap_map[off] |= SWAP_HAS_CACHE;
	add_to_swap_cache(page, entry);
	err = swap_read_folio(page);
	if (err) {
		delete_from_swap_cache(page);
		put_page(page);
		return ERR_PTR(err);
	}
	/*
	 * On the anon LRU, inactive: the swap cache keeps no shadow entries
	 * (workingset_refault() has nothing to activate it by).
	 */
	lru_cache_add(page);
	*new_page = true;
	return page;
}

/* __swapin_nr_pages(): the readahead window, from the hits of the last one. */
static unsigned int swapin_nr_pages(struct swap_state *ss, unsigned long fpfn)
{
	unsigned int max = 1U << current_machine()->sysctl_page_cluster;
	unsigned int hits, pages, last_ra;

	if (max <= 1)
		return 1;
	hits = ss->swapin_readahead_hits;
	ss->swapin_readahead_hits = 0;
	pages = hits + 2;
	if (pages == 2) {
		if (fpfn != ss->prev_ra_offset + 1 && fpfn != ss->prev_ra_offset - 1)
			pages = 1;
	} else {
		unsigned int r = 1;

		while (r < pages)
			r <<= 1;
		pages = r;
	}
	if (pages > max)
		pages = max;
	last_ra = ss->prev_ra_win / 2;
	if (pages < last_ra)
		pages = last_ra;
	return pages;
}

/* Read @entry into the swap cache, marked readahead, for the window. */
static void swap_ra_one(swp_entry_t entry)
{
	struct page *page;
	bool new_page;

	page = read_swap_cache_async(entry, &new_page);
	if (IS_ERR_OR_NULL(page))
		return;
	if (new_page) {
		page->flags |= 1UL << PG_readahead;
		current_machine()->vm_events[SWAP_RA]++;
	}
	put_page(page);
}

/**
 * swapin_readahead() - the page for @entry at the fault in @vmf: from the
 * swap cache (a readahead hit when readahead put it there), else read,
 * with the swapped PTEs around it in the window (swap_vma_readahead()).
 * *@major is set when the faulting page had to be read.
 * Return: the page referenced, NULL (no memory), or ERR_PTR(-EIO).
 */
struct page *swapin_readahead(swp_entry_t entry, struct vm_fault *vmf, bool *major)
{
	struct mml_machine *m = current_machine();
	struct swap_state *ss = m->swap;
	struct vm_area_struct *vma = vmf->vma;
	unsigned long fpfn = vmf->address >> PAGE_SHIFT, lpfn, rpfn, pfn;
	unsigned long prev = ss->prev_ra_offset;
	unsigned int win, left;
	struct page *page;

	*major = false;
	page = swap_cache_get_page(entry);
	if (page) {
		if (page->flags & (1UL << PG_readahead)) {
			page->flags &= ~(1UL << PG_readahead);
			m->vm_events[SWAP_RA_HIT]++;
			ss->swapin_readahead_hits++;
		}
		return page;
	}
	win = swapin_nr_pages(ss, fpfn);
	ss->prev_ra_offset = fpfn;
	ss->prev_ra_win = win;
	if (win > 1) {
		if (fpfn == prev + 1) {
			lpfn = fpfn;
			rpfn = fpfn + win;
		} else if (prev == fpfn + 1) {
			lpfn = fpfn - win + 1;
			rpfn = fpfn + 1;
		} else {
			left = (win - 1) / 2;
			lpfn = fpfn - left;
			rpfn = fpfn + win - left;
		}
		lpfn = max(lpfn, max(vma->vm_start >> PAGE_SHIFT,
				     (vmf->address & PMD_MASK) >> PAGE_SHIFT));
		rpfn = min(rpfn, min(vma->vm_end >> PAGE_SHIFT,
				     ((vmf->address & PMD_MASK) + PMD_SIZE) >> PAGE_SHIFT));
		for (pfn = lpfn; pfn < rpfn; pfn++) {
			pte_t pte = vmf->pte[(long)pfn - (long)fpfn];
			swp_entry_t e;

			if (pfn == fpfn || !is_swap_pte(pte))
				continue;
			e = pte_to_swp_entry(pte);
			if (!non_swap_entry(e))
				swap_ra_one(e);
		}
	}
	page = read_swap_cache_async(entry, major);
	return page;
}
