/* SPDX-License-Identifier: MIT */
/*
 * mmu_gather (Linux's include/asm-generic/tlb.h): unmapping batches the
 * pages whose PTEs it cleared and frees them only after the TLB flush
 * that covers those PTEs, so no CPU can reach a page through a stale
 * translation after the page went back to the allocator.
 *
 *	tlb_gather_mmu(&tlb, mm);
 *	unmap_page_range(&tlb, vma, start, end, NULL);	(clears PTEs,
 *		tlb_remove_tlb_entry() + tlb_remove_page() for each)
 *	tlb_finish_mmu(&tlb);				(flush, then free)
 */
#ifndef _ASM_GENERIC_TLB_H
#define _ASM_GENERIC_TLB_H

#include <linux/mm.h>

/* Pages held per batch; a full batch is flushed and freed on the spot. */
#define MMU_GATHER_BATCH	510

/*
 * struct mmu_gather - one unmapping operation in progress.
 * @start, @end: the range of cleared PTEs not flushed yet (start >= end:
 *	nothing to flush).
 * @fullmm: the whole address space goes (exit): no other user can
 *	see it, the flush covers the mm.
 * @pages: references to drop after the flush.
 */
struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;
	bool fullmm;
	unsigned int nr;
	struct page *pages[MMU_GATHER_BATCH];
};

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_flush_mmu(struct mmu_gather *tlb);
void tlb_finish_mmu(struct mmu_gather *tlb);
bool __tlb_remove_page(struct mmu_gather *tlb, struct page *page);

/* Widen the range the next flush covers by [@address, @address+@size). */
static inline void __tlb_adjust_range(struct mmu_gather *tlb,
				      unsigned long address,
				      unsigned long size)
{
	tlb->start = min(tlb->start, address);
	tlb->end = max(tlb->end, address + size);
}

/* The PTE at @address was cleared: its translation must be flushed. */
static inline void tlb_remove_tlb_entry(struct mmu_gather *tlb, pte_t *ptep,
					unsigned long address)
{
	(void)ptep;
	__tlb_adjust_range(tlb, address, PAGE_SIZE);
}

/* Drop a reference to @page after the flush; flushes when the batch fills. */
static inline void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	if (__tlb_remove_page(tlb, page))
		tlb_flush_mmu(tlb);
}

#endif
