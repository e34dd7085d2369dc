/* SPDX-License-Identifier: MIT */
/*
 * The generic page-table dumper (Linux's include/linux/ptdump.h): the walk
 * of mm/ptdump.c calls an architecture's note_page_*() for every leaf and
 * every empty entry, in address order, and its effective_prot_*() for
 * every entry on the way down; the architecture groups them into runs.
 */
#ifndef _LINUX_PTDUMP_H
#define _LINUX_PTDUMP_H

#include <linux/mm.h>

/* A range of addresses to walk; a list of them ends with start == end. */
struct ptdump_range {
	unsigned long start;
	unsigned long end;
};

struct ptdump_state {
	void (*note_page_pte)(struct ptdump_state *st, unsigned long addr, pte_t pte);
	void (*note_page_pmd)(struct ptdump_state *st, unsigned long addr, pmd_t pmd);
	void (*note_page_pud)(struct ptdump_state *st, unsigned long addr, pud_t pud);
	void (*note_page_p4d)(struct ptdump_state *st, unsigned long addr, p4d_t p4d);
	void (*note_page_pgd)(struct ptdump_state *st, unsigned long addr, pgd_t pgd);
	/* After the last range: print the run still open. */
	void (*note_page_flush)(struct ptdump_state *st);
	void (*effective_prot_pte)(struct ptdump_state *st, pte_t pte);
	void (*effective_prot_pmd)(struct ptdump_state *st, pmd_t pmd);
	void (*effective_prot_pud)(struct ptdump_state *st, pud_t pud);
	void (*effective_prot_p4d)(struct ptdump_state *st, p4d_t p4d);
	void (*effective_prot_pgd)(struct ptdump_state *st, pgd_t pgd);
	const struct ptdump_range *range;
};

/*
 * ptdump_walk_pgd() - walk every range of @st through @pgd (@mm's own
 * when NULL), then flush.  Only tables that exist are visited: an empty
 * entry at any level is one note.
 */
void ptdump_walk_pgd(struct ptdump_state *st, struct mm_struct *mm, pgd_t *pgd);

#endif
