/* SPDX-License-Identifier: MIT */
/*
 * The index of an mm's VMAs: a B-tree in the spirit of Linux's maple tree
 * (lib/maple_tree.c), written for mmlab.  Each entry is a range ending at
 * its pivot (a VMA's vm_end) with the free gap just below it (the VMA's
 * vm_start_gap() minus the previous VMA's vm_end_gap(), 0 if negative).
 * Leaves hold (pivot, gap, entry) sorted by pivot; internal nodes hold, for
 * each child, the largest pivot and the largest gap of its subtree, so that
 * lookups, updates and the gap searches of get_unmapped_area() are
 * O(log16 n) and touch a few contiguous 400-byte nodes.
 *
 * Nodes are host memory.  An insertion may need new nodes; they are taken
 * from a small reserve that vma_tree_preallocate() fills beforehand (each
 * allocation subject to FAIL_SLAB fault injection), as Linux's
 * mas_preallocate() does, so that a caller can fail cleanly before it
 * changes anything.  Erasing and updating never allocate.
 */
#ifndef _LINUX_VMA_TREE_H
#define _LINUX_VMA_TREE_H

#include <stdbool.h>
#include <stddef.h>

struct mml_machine;

#define VMA_TREE_SLOTS		16
#define VMA_TREE_MAX_HEIGHT	20
#define VMA_TREE_RESERVE	(VMA_TREE_MAX_HEIGHT + 1)

struct vma_tree_node {
	unsigned long pivot[VMA_TREE_SLOTS];	/* largest end in the slot */
	unsigned long gap[VMA_TREE_SLOTS];	/* largest gap in the slot */
	void *slot[VMA_TREE_SLOTS];		/* entry (leaf) or child node */
	unsigned int nr;			/* slots in use */
};

struct vma_tree {
	struct vma_tree_node *root;
	int height;				/* 0: empty, 1: root is a leaf */
	int nr_spare;
	struct vma_tree_node *spare[VMA_TREE_RESERVE];
};

/* The result of a gap search: the entry above the gap, and the gap. */
struct vma_tree_gap {
	void *entry;
	unsigned long gap_start;	/* the previous entry's pivot (or 0) */
	unsigned long gap_end;		/* gap_start + the entry's gap */
};

/*
 * The entry just after the one an operation inserts, erases or moves: its
 * gap changes with it, and is set in the same descent when it shares the
 * leaf (or by a second one).
 */
struct vma_tree_next {
	unsigned long pivot;		/* its pivot, unchanged */
	unsigned long gap;		/* its new gap */
};

static inline bool vma_tree_empty(const struct vma_tree *t)
{
	return !t->root;
}

int vma_tree_preallocate(struct vma_tree *t);
int vma_tree_insert(struct vma_tree *t, unsigned long pivot, unsigned long gap,
		    void *entry, const struct vma_tree_next *next);
int vma_tree_erase(struct vma_tree *t, unsigned long pivot,
		   const struct vma_tree_next *next);
int vma_tree_update(struct vma_tree *t, unsigned long old_pivot,
		    unsigned long pivot, unsigned long gap,
		    const struct vma_tree_next *next);
void *vma_tree_find(const struct vma_tree *t, unsigned long addr);
void *vma_tree_last(const struct vma_tree *t);
bool vma_tree_gap_lowest(const struct vma_tree *t, unsigned long length,
			 unsigned long low_limit, struct vma_tree_gap *out);
bool vma_tree_gap_highest(const struct vma_tree *t, unsigned long length,
			  unsigned long high_limit, struct vma_tree_gap *out);
int vma_tree_walk(const struct vma_tree *t,
		  int (*fn)(void *arg, unsigned long pivot, unsigned long gap,
			    void *entry),
		  void *arg);
int vma_tree_audit(const struct vma_tree *t, char *msg, size_t n);
void vma_tree_destroy(struct vma_tree *t);

#endif
