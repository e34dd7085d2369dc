// SPDX-License-Identifier: MIT
/*
 * mmu_gather, as Linux's mm/mmu_gather.c: the pages an unmapping clears
 * are held until the TLB flush that covers their PTEs has happened, and
 * only then released.  Freeing first would let a stale TLB entry reach a
 * page the allocator may already have handed to someone else.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <asm/tlb.h>
#include <asm/tlbflush.h>
#include "mm/swap.h"

static void __tlb_reset_range(struct mmu_gather *tlb)
{
	tlb->start = ~0UL;
	tlb->end = 0;
}

/**
 * tlb_gather_mmu() - start an unmapping of part of @mm.
 * Context: caller holds mm->mmap_lock.
 */
void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->fullmm = false;
	tlb->nr = 0;
	__tlb_reset_range(tlb);
}

/** tlb_gather_mmu_fullmm() - start the teardown of all of @mm (exit). */
void tlb_gather_mmu_fullmm(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb_gather_mmu(tlb, mm);
	tlb->fullmm = true;
}

/* Flush the cleared range, keep the pages. */
static void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb)
{
	if (tlb->start >= tlb->end)
		return;
	if (tlb->fullmm)	/* the whole user half: one flush of the mm */
		flush_tlb_mm_range(tlb->mm, 0, tlb->mm->task_size);
	else
		flush_tlb_mm_range(tlb->mm, tlb->start, tlb->end);
	__tlb_reset_range(tlb);
}

static void tlb_batch_pages_flush(struct mmu_gather *tlb)
{
	unsigned int i;

	/*
	 * free_pages_and_swap_cache() drains the LRU batch first: a page
	 * faulted in and unmapped before it drained is freed here too.
	 */
	if (tlb->nr)
		lru_add_drain();
	for (i = 0; i < tlb->nr; i++) {
		free_swap_cache(tlb->pages[i]);	/* free_pages_and_swap_cache() */
		put_page(tlb->pages[i]);
	}
	tlb->nr = 0;
}

/**
 * tlb_flush_mmu() - flush the TLB for the PTEs cleared so far, then drop
 * the references to the pages they mapped (in that order).
 */
void tlb_flush_mmu(struct mmu_gather *tlb)
{
	tlb_flush_mmu_tlbonly(tlb);
	tlb_batch_pages_flush(tlb);
}

/**
 * __tlb_remove_page() - queue @page, whose PTE the caller cleared and
 * reported with tlb_remove_tlb_entry(), to be put after the flush.
 * Return: true when the batch is full and tlb_flush_mmu() must run now.
 */
bool __tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	tlb->pages[tlb->nr++] = page;
	return tlb->nr == MMU_GATHER_BATCH;
}

/** tlb_finish_mmu() - end the unmapping: the last flush, the last frees. */
void tlb_finish_mmu(struct mmu_gather *tlb)
{
	tlb_flush_mmu(tlb);
}
