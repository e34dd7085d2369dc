/* SPDX-License-Identifier: MIT */
/* Swap functions shared inside mm/ only (Linux's mm/swap.h). */
#ifndef _MM_SWAP_H
#define _MM_SWAP_H

#include <linux/mm.h>
#include <linux/swapops.h>

struct vm_fault;

/* mm/swapfile.c */
struct swap_info_struct *swp_swap_info(swp_entry_t entry);
struct swap_info_struct *get_swap_device(swp_entry_t entry);
int swap_duplicate(swp_entry_t entry);
void swap_free(swp_entry_t entry);
void free_swap_and_cache(swp_entry_t entry);
int swp_swapcount(swp_entry_t entry);
int __swap_count(swp_entry_t entry);
swp_entry_t get_swap_page(void);
void put_swap_page(swp_entry_t entry);
bool folio_free_swap(struct page *page);
void free_swap_cache(struct page *page);
bool vm_swap_full(void);
int pageout_anon_page(struct page *page, bool free_it);

/* mm/swap_state.c */
static inline bool PageSwapCache(const struct page *page)
{
	return page->flags & (1UL << PG_swapcache);
}
static inline swp_entry_t page_swap_entry(const struct page *page)
{
	return (swp_entry_t){ page->private };
}
struct page *swap_cache_get_page(swp_entry_t entry);
int add_to_swap_cache(struct page *page, swp_entry_t entry);
void delete_from_swap_cache(struct page *page);
bool add_to_swap(struct page *page);
struct page *read_swap_cache_async(swp_entry_t entry, bool *new_page);
struct page *swapin_readahead(swp_entry_t entry, struct vm_fault *vmf,
			      bool *major);
unsigned long total_swapcache_pages(void);

/* mm/page_io.c */
int swap_writepage(struct page *page);
int swap_read_folio(struct page *page);

/* mm/memory.c */
vm_fault_t do_swap_page(struct vm_fault *vmf);
int unuse_vma_entry(struct vm_area_struct *vma, unsigned long addr,
		    pte_t *ptep, struct page *page);

#endif
