// SPDX-License-Identifier: MIT
/*
 * The TLB every architecture's MMU fills: set-associative, one entry per
 * 4 KiB granule, tagged by an address-space identifier (x86 PCID, ARM
 * ASID) with global entries that match every tag.  The lookup is inline
 * in hw/hw.h (the hot path); this file fills and invalidates.  Which
 * entries an instruction drops (INVLPG, a table-base write, TLBI ...) is
 * the architecture's choice among the invalidations here.
 *
 * Entries from pages larger than a granule (x86 2 MiB and 1 GiB, ARM
 * sections) are also chained by the page they come from, hashed, so that
 * invalidating an address finds every granule of the page covering it
 * without scanning the TLB.
 */
#include <stdlib.h>
#include <string.h>
#include "hw/hw.h"

/* The end of a large-page chain. */
#define TLB_NO_LINK	(~0U)

/**
 * hw_tlb_init() - allocate an empty TLB of @sets x @ways entries.
 *
 * Return: 0, -EINVAL if @sets is not a power of two or @ways is 0 or above
 * HW_TLB_MAX_WAYS, -ENOMEM.
 */
int hw_tlb_init(struct hw_tlb *tlb, unsigned int sets, unsigned int ways)
{
	size_t i, n;

	memset(tlb, 0, sizeof(*tlb));
	if (!sets || (sets & (sets - 1)) || sets > (1u << 20) || !ways ||
	    ways > HW_TLB_MAX_WAYS)
		return -EINVAL;
	n = (size_t)sets * ways;
	for (tlb->lbuckets = 1; tlb->lbuckets < n; tlb->lbuckets <<= 1)
		;
	tlb->e = calloc(n, sizeof(*tlb->e));
	tlb->rr = calloc(sets, sizeof(*tlb->rr));
	tlb->lhead = malloc(tlb->lbuckets * sizeof(*tlb->lhead));
	tlb->lnext = malloc(n * sizeof(*tlb->lnext));
	tlb->lprev = malloc(n * sizeof(*tlb->lprev));
	if (!tlb->e || !tlb->rr || !tlb->lhead || !tlb->lnext || !tlb->lprev) {
		hw_tlb_free(tlb);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		tlb->e[i].vpn = HW_TLB_NO_VPN;
	for (i = 0; i < tlb->lbuckets; i++)
		tlb->lhead[i] = TLB_NO_LINK;
	tlb->sets = sets;
	tlb->ways = ways;
	return 0;
}

/** hw_tlb_free() - release the TLB's entries; @tlb may be half built. */
void hw_tlb_free(struct hw_tlb *tlb)
{
	free(tlb->e);
	free(tlb->rr);
	free(tlb->lhead);
	free(tlb->lnext);
	free(tlb->lprev);
	tlb->e = NULL;
	tlb->rr = NULL;
	tlb->lhead = tlb->lnext = tlb->lprev = NULL;
	tlb->lbuckets = 0;
	tlb->sets = tlb->ways = 0;
}

/* The chain of the @shift-sized page holding @va (its base, hashed). */
static inline u32 *tlb_large_head(struct hw_tlb *tlb, u64 va,
				  unsigned int shift)
{
	u64 key = ((va >> shift) << 6) | shift;

	return &tlb->lhead[(key * 0x9e3779b97f4a7c15ULL) >> 32 &
			   (tlb->lbuckets - 1)];
}

/* hw_tlb_large_link() - chain @e, cut from a large page, by that page. */
void hw_tlb_large_link(struct hw_tlb *tlb, struct hw_tlb_entry *e)
{
	u32 i = (u32)(e - tlb->e);
	u32 *head = tlb_large_head(tlb, e->vpn << HW_PAGE_SHIFT, e->page_shift);

	tlb->lprev[i] = TLB_NO_LINK;
	tlb->lnext[i] = *head;
	if (*head != TLB_NO_LINK)
		tlb->lprev[*head] = i;
	*head = i;
	tlb->nr_large++;
	tlb->large_shifts |= 1ULL << e->page_shift;
}

static void tlb_large_unlink(struct hw_tlb *tlb, struct hw_tlb_entry *e)
{
	u32 i = (u32)(e - tlb->e), next = tlb->lnext[i], prev = tlb->lprev[i];

	if (prev != TLB_NO_LINK)
		tlb->lnext[prev] = next;
	else
		*tlb_large_head(tlb, e->vpn << HW_PAGE_SHIFT, e->page_shift) = next;
	if (next != TLB_NO_LINK)
		tlb->lprev[next] = prev;
	if (!--tlb->nr_large)
		tlb->large_shifts = 0;
}

/** hw_tlb_drop() - invalidate entry @e (a no-op if it is not valid). */
void hw_tlb_drop(struct hw_tlb *tlb, struct hw_tlb_entry *e)
{
	if (!(e->flags & TLB_VALID))
		return;
	if (e->page_shift > HW_PAGE_SHIFT)
		tlb_large_unlink(tlb, e);
	e->flags = 0;
	e->vpn = HW_TLB_NO_VPN;
}

/** hw_tlb_fill() - __hw_tlb_fill() out of line: see hw.h. */
void hw_tlb_fill(struct hw_tlb *tlb, u64 va, u16 asid,
		 const struct hw_xlate *x, u8 rights)
{
	__hw_tlb_fill(tlb, va, asid, x, rights);
}

/* Drop the granules cached from the @shift-sized page covering @va. */
static void tlb_drop_large(struct hw_tlb *tlb, u64 va, unsigned int shift,
			   u16 asid)
{
	u32 i = *tlb_large_head(tlb, va, shift), next;

	for (; i != TLB_NO_LINK; i = next) {
		struct hw_tlb_entry *e = &tlb->e[i];

		next = tlb->lnext[i];
		if (e->page_shift == shift &&
		    !((e->vpn << HW_PAGE_SHIFT ^ va) >> shift) &&
		    ((e->flags & TLB_GLOBAL) || e->asid == asid))
			hw_tlb_drop(tlb, e);
	}
}

/**
 * hw_tlb_flush_va() - drop the translations of @va usable with @asid
 * (its own and global ones), every granule of a large page covering @va
 * included.  Cost: the set of @va, then only the chains of the large-page
 * sizes cached -- never a scan of the whole TLB.
 */
void hw_tlb_flush_va(struct hw_tlb *tlb, u64 va, u16 asid)
{
	u64 vpn = va >> HW_PAGE_SHIFT;
	struct hw_tlb_entry *e = hw_tlb_set(tlb, vpn);
	u64 shifts;
	unsigned int i;

	for (i = 0; i < tlb->ways; i++)
		if (hw_tlb_match(&e[i], vpn, asid))
			__hw_tlb_drop(tlb, &e[i]);
	/* Smallest size first; a drop may empty the mask under us. */
	for (shifts = tlb->large_shifts; shifts && tlb->nr_large;
	     shifts &= shifts - 1)
		tlb_drop_large(tlb, va, (unsigned int)__builtin_ctzll(shifts),
			       asid);
}

/* Drop every valid entry @doomed picks. */
static void tlb_drop_if(struct hw_tlb *tlb,
			bool (*doomed)(const struct hw_tlb_entry *, u16),
			u16 asid)
{
	size_t i, n = (size_t)tlb->sets * tlb->ways;

	for (i = 0; i < n; i++)
		if ((tlb->e[i].flags & TLB_VALID) && doomed(&tlb->e[i], asid))
			hw_tlb_drop(tlb, &tlb->e[i]);
}

static bool doomed_nonglobal_asid(const struct hw_tlb_entry *e, u16 asid)
{
	return !(e->flags & TLB_GLOBAL) && e->asid == asid;
}

static bool doomed_nonglobal(const struct hw_tlb_entry *e, u16 unused)
{
	return !(e->flags & TLB_GLOBAL);
}

static bool doomed_any(const struct hw_tlb_entry *e, u16 unused)
{
	return true;
}

/** hw_tlb_flush_asid() - drop the non-global entries tagged @asid. */
void hw_tlb_flush_asid(struct hw_tlb *tlb, u16 asid)
{
	tlb_drop_if(tlb, doomed_nonglobal_asid, asid);
}

/** hw_tlb_flush_nonglobal() - drop every non-global entry, of any tag. */
void hw_tlb_flush_nonglobal(struct hw_tlb *tlb)
{
	tlb_drop_if(tlb, doomed_nonglobal, 0);
}

/** hw_tlb_flush_all() - drop every entry, global ones included. */
void hw_tlb_flush_all(struct hw_tlb *tlb)
{
	tlb_drop_if(tlb, doomed_any, 0);
}
