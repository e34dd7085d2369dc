/* SPDX-License-Identifier: MIT */
/*
 * The generic page-table walker (Linux's include/linux/pagewalk.h): one
 * descent through PGD, P4D, PUD, PMD and PTE tables for every user of a
 * virtual range, skipping levels whose entries are empty.
 */
#ifndef _LINUX_PAGEWALK_H
#define _LINUX_PAGEWALK_H

#include <linux/mm.h>

struct mm_walk;

/*
 * Callbacks for walk_page_range() and its variants.  Each gets the entry,
 * the range [addr, next) it covers and the walk; a non-zero return stops
 * the walk and is returned to the caller.
 *
 * @pgd_entry .. @pmd_entry: called for every present entry of that level
 *	(a leaf -- a 2 MiB or 1 GiB mapping -- included: only pud_entry and
 *	pmd_entry see leaves; the walk never descends below one).  Setting
 *	walk->action to ACTION_CONTINUE skips the entry's subtree (a pmd_entry
 *	that handled its whole PTE table), ACTION_AGAIN calls it again.
 *	An entry naming a table outside simulated RAM reaches no callback.
 * @pte_entry:	called for every PTE of a present table within the range,
 *	empty ones included, as in Linux.
 * @pte_hole:	a range with no table (or no VMA, @depth -1).  @depth is the
 *	level whose entry was empty: 0 PGD, 1 P4D, 2 PUD, 3 PMD.
 * @test_walk:	per VMA: 0 walks it, 1 skips it, a negative errno stops.
 *	Without it, VM_PFNMAP VMAs are skipped (Linux's default).
 */
struct mm_walk_ops {
	int (*pgd_entry)(pgd_t *pgd, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*p4d_entry)(p4d_t *p4d, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pud_entry)(pud_t *pud, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pmd_entry)(pmd_t *pmd, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pte_entry)(pte_t *pte, unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
	int (*pte_hole)(unsigned long addr, unsigned long next, int depth,
			struct mm_walk *walk);
	int (*test_walk)(unsigned long addr, unsigned long next,
			 struct mm_walk *walk);
};

/* What the walk does after a p?d_entry callback (walk->action). */
enum page_walk_action {
	ACTION_SUBTREE = 0,	/* descend into the entry's table */
	ACTION_CONTINUE = 1,	/* skip the entry's subtree */
	ACTION_AGAIN = 2,	/* call the callback for this entry again */
};

/*
 * struct mm_walk - the state a callback sees.
 * @vma: the VMA being walked (NULL in walk_page_range_novma() and in
 *	@pte_hole for ranges without a VMA).
 * @private: the caller's argument.
 */
struct mm_walk {
	const struct mm_walk_ops *ops;
	struct mm_struct *mm;
	pgd_t *pgd;
	struct vm_area_struct *vma;
	enum page_walk_action action;
	void *private;
};

int walk_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, const struct mm_walk_ops *ops,
		    void *private);
int walk_page_range_vma(struct vm_area_struct *vma, unsigned long start,
			unsigned long end, const struct mm_walk_ops *ops,
			void *private);
int walk_page_vma(struct vm_area_struct *vma, const struct mm_walk_ops *ops,
		  void *private);
int walk_page_range_novma(struct mm_struct *mm, unsigned long start,
			  unsigned long end, const struct mm_walk_ops *ops,
			  pgd_t *pgd, void *private);

#endif
