// SPDX-License-Identifier: MIT
/*
 * The generic page-table walker, as Linux's mm/pagewalk.c: one descent
 * through the levels of a range for mprotect, madvise, mlock, populate,
 * pagemap, mincore, fork's copy and zap.  An empty entry at any level
 * skips everything under it in one step (reported to ->pte_hole), so the
 * cost of a walk follows the tables that exist, not the size of the range:
 * an untouched 1 TiB range is a few empty PGD/PUD entries.
 *
 * The walker descends to a level only when a callback below it exists,
 * and never below a leaf (a 2 MiB PMD or 1 GiB PUD mapping): those go to
 * ->pmd_entry / ->pud_entry.  mmlab has no transparent huge pages to split.
 *
 * Entries are read from simulated RAM, which the host does not trust: a
 * table entry that points outside RAM is skipped (no callback sees it),
 * never followed.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/pagewalk.h>
#include <asm/pgtable.h>
#include "mm/internal.h"

/* The end of the @size-aligned block holding @addr, clamped to @end. */
static inline unsigned long level_end(unsigned long addr, unsigned long end,
				      unsigned long size)
{
	unsigned long boundary = (addr + size) & ~(size - 1);

	/* "- 1" makes a boundary that wrapped to 0 compare as the top. */
	return boundary - 1 < end - 1 ? boundary : end;
}

/* Does a table at frame @pfn lie inside simulated RAM? */
static bool walk_table_ok(const struct mm_walk *walk, unsigned long pfn)
{
	return PFN_PHYS(pfn) + PAGE_SIZE <= walk->mm->machine->hw.ram_span;
}

static int walk_hole(unsigned long addr, unsigned long next, int depth,
		     struct mm_walk *walk)
{
	if (!walk->ops->pte_hole)
		return 0;
	return walk->ops->pte_hole(addr, next, depth, walk);
}

static int walk_pte_range(pmd_t *pmd, unsigned long addr, unsigned long end,
			  struct mm_walk *walk)
{
	int (*pte_entry)(pte_t *, unsigned long, unsigned long,
			 struct mm_walk *) = walk->ops->pte_entry;
	pte_t *start = pte_offset_map(pmd, addr);
	pte_t *pte = start;
	int err;

	for (;; addr += PAGE_SIZE, pte++) {
		err = pte_entry(pte, addr, addr + PAGE_SIZE, walk);
		/* Not "addr + PAGE_SIZE == end": a walk may end at ~0UL. */
		if (err || addr >= end - PAGE_SIZE)
			break;
	}
	pte_unmap(start);
	return err;
}

static int walk_pmd_range(pud_t *pud, unsigned long addr, unsigned long end,
			  struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;
	int err = 0;

	for (; addr != end; pmd++, addr = next) {
		next = level_end(addr, end, PMD_SIZE);
again:
		if (!pmd_present(*pmd)) {
			err = walk_hole(addr, next, 3, walk);
			if (err)
				break;
			continue;
		}
		/* A table outside RAM: skipped whole, as Linux's pmd_bad(). */
		if (!pmd_leaf(*pmd) && !walk_table_ok(walk, pmd_pfn(*pmd)))
			continue;
		walk->action = ACTION_SUBTREE;
		if (ops->pmd_entry) {
			err = ops->pmd_entry(pmd, addr, next, walk);
			if (err)
				break;
		}
		if (walk->action == ACTION_AGAIN)
			goto again;
		if (walk->action == ACTION_CONTINUE || !ops->pte_entry ||
		    pmd_leaf(*pmd))
			continue;
		err = walk_pte_range(pmd, addr, next, walk);
		if (err)
			break;
	}
	return err;
}

static int walk_pud_range(p4d_t *p4d, unsigned long addr, unsigned long end,
			  struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;
	pud_t *pud = pud_offset(p4d, addr);
	unsigned long next;
	int err = 0;

	for (; addr != end; pud++, addr = next) {
		next = level_end(addr, end, PUD_SIZE);
again:
		if (!pud_present(*pud)) {
			err = walk_hole(addr, next, 2, walk);
			if (err)
				break;
			continue;
		}
		/* A table outside RAM: skipped whole, as Linux's pud_bad(). */
		if (!pud_leaf(*pud) && !walk_table_ok(walk, pud_pfn(*pud)))
			continue;
		walk->action = ACTION_SUBTREE;
		if (ops->pud_entry) {
			err = ops->pud_entry(pud, addr, next, walk);
			if (err)
				break;
		}
		if (walk->action == ACTION_AGAIN)
			goto again;
		if (walk->action == ACTION_CONTINUE ||
		    (!ops->pmd_entry && !ops->pte_entry) || pud_leaf(*pud))
			continue;
		err = walk_pmd_range(pud, addr, next, walk);
		if (err)
			break;
	}
	return err;
}

/* The P4D level is folded into the PGD on 4-level x86-64: one entry each. */
static int walk_p4d_range(pgd_t *pgd, unsigned long addr, unsigned long end,
			  struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;
	p4d_t *p4d = p4d_offset(pgd, addr);
	int err;

	if (!p4d_present(*p4d))
		return walk_hole(addr, end, 1, walk);
	walk->action = ACTION_SUBTREE;
	if (ops->p4d_entry) {
		err = ops->p4d_entry(p4d, addr, end, walk);
		if (err)
			return err;
	}
	if (walk->action == ACTION_CONTINUE ||
	    (!ops->pud_entry && !ops->pmd_entry && !ops->pte_entry) ||
	    !walk_table_ok(walk, p4d_pfn(*p4d)))
		return 0;
	return walk_pud_range(p4d, addr, end, walk);
}

/*
 * The common short walk (one page's zap or mprotect): [@addr, @end) inside
 * one PTE table, with callbacks at the PMD and PTE levels only.  Each
 * level's loop in walk_pgd_loop() would run once with next == @end, so
 * this is the same walk, with the same holes at the same depths and the
 * same ->pmd_entry actions, minus the loops and the register saves of the
 * general walker.
 */
static __always_inline int walk_one_pte_table(pgd_t *pgd, unsigned long addr,
					      unsigned long end,
					      struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;
	int err;

	if (!pgd_present(*pgd))
		return walk_hole(addr, end, 0, walk);
	p4d = p4d_offset(pgd, addr);
	if (!p4d_present(*p4d))
		return walk_hole(addr, end, 1, walk);
	if (!walk_table_ok(walk, p4d_pfn(*p4d)))
		return 0;
	pud = pud_offset(p4d, addr);
	if (!pud_present(*pud))
		return walk_hole(addr, end, 2, walk);
	if (pud_leaf(*pud) || !walk_table_ok(walk, pud_pfn(*pud)))
		return 0;
	pmd = pmd_offset(pud, addr);
again:
	if (!pmd_present(*pmd))
		return walk_hole(addr, end, 3, walk);
	if (!pmd_leaf(*pmd) && !walk_table_ok(walk, pmd_pfn(*pmd)))
		return 0;
	walk->action = ACTION_SUBTREE;
	if (ops->pmd_entry) {
		err = ops->pmd_entry(pmd, addr, end, walk);
		if (err)
			return err;
		if (walk->action == ACTION_AGAIN)
			goto again;
	}
	if (walk->action == ACTION_CONTINUE || !ops->pte_entry ||
	    pmd_leaf(*pmd))
		return 0;
	return walk_pte_range(pmd, addr, end, walk);
}

/* Out of line: only walks longer than a PTE table pay its register saves. */
static noinline
int walk_pgd_loop(pgd_t *pgd, unsigned long addr, unsigned long end,
		  struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;
	unsigned long next;
	int err = 0;

	for (; addr != end; pgd++, addr = next) {
		next = level_end(addr, end, PGDIR_SIZE);
		if (!pgd_present(*pgd)) {
			err = walk_hole(addr, next, 0, walk);
			if (err)
				break;
			continue;
		}
		walk->action = ACTION_SUBTREE;
		if (ops->pgd_entry) {
			err = ops->pgd_entry(pgd, addr, next, walk);
			if (err)
				break;
		}
		if (walk->action == ACTION_CONTINUE ||
		    (!ops->p4d_entry && !ops->pud_entry && !ops->pmd_entry &&
		     !ops->pte_entry))
			continue;
		err = walk_p4d_range(pgd, addr, next, walk);
		if (err)
			break;
	}
	return err;
}

/* No callback above the PMD level, and one at the PMD or PTE level. */
static inline bool walk_short_ok(const struct mm_walk_ops *ops)
{
	return !ops->pgd_entry && !ops->p4d_entry && !ops->pud_entry &&
	       (ops->pmd_entry || ops->pte_entry);
}

/*
 * Inlined into the three entry points, so that a one-table walk makes no
 * call besides the callbacks'.
 */
static __always_inline int walk_pgd_range(unsigned long addr,
					  unsigned long end,
					  struct mm_walk *walk)
{
	pgd_t *pgd = (walk->pgd ? walk->pgd : walk->mm->pgd) + pgd_index(addr);

	if (!((addr ^ (end - 1)) & PMD_MASK) && walk_short_ok(walk->ops))
		return walk_one_pte_table(pgd, addr, end, walk);
	return walk_pgd_loop(pgd, addr, end, walk);
}

/* 0 to walk the VMA, 1 to skip it, or a negative errno. */
static int walk_test(unsigned long start, unsigned long end,
		     struct mm_walk *walk)
{
	if (walk->ops->test_walk)
		return walk->ops->test_walk(start, end, walk);
	/* Linux's default: PFN maps have no struct pages to show a callback. */
	if (walk->vma->vm_flags & VM_PFNMAP) {
		int err = walk_hole(start, end, -1, walk);

		return err ? err : 1;
	}
	return 0;
}

/**
 * walk_page_range() - walk the page tables of [@start, @end) of @mm,
 * VMA by VMA, calling @ops.
 * @private: handed to the callbacks as walk->private.
 *
 * Parts of the range without a VMA go to ->pte_hole with depth -1 and
 * walk->vma NULL; each VMA is offered to ->test_walk first.
 *
 * Context: caller holds mm->mmap_lock (the VMAs must not change).
 * Return: 0, -EINVAL for an empty or inverted range, or the first non-zero
 * value a callback returned.
 */
int walk_page_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, const struct mm_walk_ops *ops,
		    void *private)
{
	struct mm_walk walk = { .ops = ops, .mm = mm, .private = private };
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long next;
	int err = 0;

	if (start >= end)
		return -EINVAL;
	for (; start < end && !err; start = next) {
		if (!vma || start < vma->vm_start) {
			/* A gap: up to the next VMA or the end. */
			walk.vma = NULL;
			next = vma ? min(end, vma->vm_start) : end;
			if (ops->pte_hole)
				err = ops->pte_hole(start, next, -1, &walk);
			continue;
		}
		walk.vma = vma;
		next = min(end, vma->vm_end);
		vma = vma->vm_next;
		err = walk_test(start, next, &walk);
		if (err > 0) {
			err = 0;	/* skipped */
			continue;
		}
		if (!err)
			err = walk_pgd_range(start, next, &walk);
	}
	return err;
}

/**
 * walk_page_range_vma() - walk [@start, @end) inside @vma, which must
 * cover it.  ->test_walk is consulted as in walk_page_range().
 * Return: 0, -EINVAL for a range outside @vma, or a callback's value.
 */
int walk_page_range_vma(struct vm_area_struct *vma, unsigned long start,
			unsigned long end, const struct mm_walk_ops *ops,
			void *private)
{
	struct mm_walk walk = {
		.ops = ops, .mm = vma->vm_mm, .vma = vma, .private = private,
	};
	int err;

	if (start >= end || start < vma->vm_start || end > vma->vm_end)
		return -EINVAL;
	err = walk_test(start, end, &walk);
	if (err > 0)
		return 0;
	if (err)
		return err;
	return walk_pgd_range(start, end, &walk);
}

/** walk_page_vma() - walk_page_range_vma() over the whole of @vma. */
int walk_page_vma(struct vm_area_struct *vma, const struct mm_walk_ops *ops,
		  void *private)
{
	return walk_page_range_vma(vma, vma->vm_start, vma->vm_end, ops,
				   private);
}

/**
 * walk_page_range_novma() - walk tables that no VMA describes (the kernel
 * half, a test's private tables): [@start, @end) of @pgd, or of @mm's PGD
 * when @pgd is NULL.  walk->vma is NULL in every callback.
 * Return: 0, -EINVAL for an empty range, or a callback's value.
 */
int walk_page_range_novma(struct mm_struct *mm, unsigned long start,
			  unsigned long end, const struct mm_walk_ops *ops,
			  pgd_t *pgd, void *private)
{
	struct mm_walk walk = {
		.ops = ops, .mm = mm, .pgd = pgd, .private = private,
	};

	if (start >= end)
		return -EINVAL;
	return walk_pgd_range(start, end, &walk);
}
