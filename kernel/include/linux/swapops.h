/* SPDX-License-Identifier: MIT */
/*
 * Swap entries: the architecture-independent swp_entry_t (type in the top
 * bits, offset below, as Linux's) and its conversion to and from the
 * x86-64 non-present PTE (asm/pgtable.h's __swp_pte()).
 */
#ifndef _LINUX_SWAPOPS_H
#define _LINUX_SWAPOPS_H

#include <linux/swap.h>
#include <asm/pgtable.h>

typedef struct {
	unsigned long val;
} swp_entry_t;

#define SWP_TYPE_SHIFT	(63 - MAX_SWAPFILES_SHIFT)
#define SWP_OFFSET_MASK	((1UL << SWP_TYPE_SHIFT) - 1)

static inline swp_entry_t swp_entry(unsigned long type, unsigned long offset)
{
	return (swp_entry_t){ (type << SWP_TYPE_SHIFT) | (offset & SWP_OFFSET_MASK) };
}
static inline unsigned int swp_type(swp_entry_t e)
{
	return (unsigned int)(e.val >> SWP_TYPE_SHIFT);
}
static inline unsigned long swp_offset(swp_entry_t e)
{
	return e.val & SWP_OFFSET_MASK;
}

/* A PTE that is neither empty nor present: a swap entry or a marker. */
static inline bool is_swap_pte(pte_t pte)
{
	return !pte_none(pte) && !pte_present(pte);
}

static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	pte = pte_swp_clear_flags(pte);
	return swp_entry(__pte_swp_type(pte), __pte_swp_offset(pte));
}

static inline pte_t swp_entry_to_pte(swp_entry_t e)
{
	return __swp_pte(swp_type(e), swp_offset(e));
}

/* Entries of types above the swap files: markers, migration ... */
static inline bool non_swap_entry(swp_entry_t e)
{
	return swp_type(e) >= MAX_SWAPFILES;
}

#endif
