// SPDX-License-Identifier: MIT
/*
 * The generic page-table dumper's walk (Linux's mm/ptdump.c): the page
 * walker visits the tables that exist; each entry updates the
 * architecture's effective protection on the way down, and each leaf or
 * empty entry is one note_page_*() call.  Grouping notes into runs and
 * printing them is the architecture's (arch/x86/mm/dump_pagetables.c).
 *
 * The cost is that of the tables: an empty PGD entry is one note for
 * 512 GiB, a 2 MiB leaf one note, and only a PTE table that exists costs
 * 512 notes.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/pagewalk.h>
#include <linux/ptdump.h>
#include <asm/pgtable.h>

static int ptdump_pgd_entry(pgd_t *pgd, unsigned long addr,
			    unsigned long next, struct mm_walk *walk)
{
	struct ptdump_state *st = walk->private;

	if (st->effective_prot_pgd)
		st->effective_prot_pgd(st, READ_ONCE(*pgd));
	return 0;	/* no PGD leaves: x86-64 maps at most 1 GiB per entry */
}

static int ptdump_p4d_entry(p4d_t *p4d, unsigned long addr,
			    unsigned long next, struct mm_walk *walk)
{
	struct ptdump_state *st = walk->private;

	if (st->effective_prot_p4d)
		st->effective_prot_p4d(st, READ_ONCE(*p4d));
	return 0;
}

static int ptdump_pud_entry(pud_t *pud, unsigned long addr,
			    unsigned long next, struct mm_walk *walk)
{
	struct ptdump_state *st = walk->private;
	pud_t val = READ_ONCE(*pud);

	if (st->effective_prot_pud)
		st->effective_prot_pud(st, val);
	if (pud_leaf(val)) {
		st->note_page_pud(st, addr, val);
		walk->action = ACTION_CONTINUE;
	}
	return 0;
}

static int ptdump_pmd_entry(pmd_t *pmd, unsigned long addr,
			    unsigned long next, struct mm_walk *walk)
{
	struct ptdump_state *st = walk->private;
	pmd_t val = READ_ONCE(*pmd);

	if (st->effective_prot_pmd)
		st->effective_prot_pmd(st, val);
	if (pmd_leaf(val)) {
		st->note_page_pmd(st, addr, val);
		walk->action = ACTION_CONTINUE;
	}
	return 0;
}

static int ptdump_pte_entry(pte_t *pte, unsigned long addr,
			    unsigned long next, struct mm_walk *walk)
{
	struct ptdump_state *st = walk->private;
	pte_t val = ptep_get(pte);

	if (st->effective_prot_pte)
		st->effective_prot_pte(st, val);
	st->note_page_pte(st, addr, val);
	return 0;
}

static int ptdump_hole(unsigned long addr, unsigned long next, int depth,
		       struct mm_walk *walk)
{
	struct ptdump_state *st = walk->private;

	/*
	 * With the P4D folded into the PGD, Linux's pgd_none() is 0 and an
	 * empty top-level entry is the P4D's hole (depth 1): its dumps of a
	 * 4-level machine say "p4d" there, never "pgd".
	 */
	if (depth == 0 && PTRS_PER_P4D == 1)
		depth = 1;
	switch (depth) {
	case 4:
		st->note_page_pte(st, addr, __pte(0));
		break;
	case 3:
		st->note_page_pmd(st, addr, __pmd(0));
		break;
	case 2:
		st->note_page_pud(st, addr, __pud(0));
		break;
	case 1:
		st->note_page_p4d(st, addr, __p4d(0));
		break;
	case 0:
		st->note_page_pgd(st, addr, __pgd(0));
		break;
	default:
		break;
	}
	return 0;
}

static const struct mm_walk_ops ptdump_ops = {
	.pgd_entry	= ptdump_pgd_entry,
	.p4d_entry	= ptdump_p4d_entry,
	.pud_entry	= ptdump_pud_entry,
	.pmd_entry	= ptdump_pmd_entry,
	.pte_entry	= ptdump_pte_entry,
	.pte_hole	= ptdump_hole,
};

void ptdump_walk_pgd(struct ptdump_state *st, struct mm_struct *mm, pgd_t *pgd)
{
	const struct ptdump_range *range;

	/* Linux's walk_page_range_debug(): tables without VMAs. */
	for (range = st->range; range->start != range->end; range++)
		walk_page_range_novma(mm, range->start, range->end,
				      &ptdump_ops, pgd, st);
	st->note_page_flush(st);
}
