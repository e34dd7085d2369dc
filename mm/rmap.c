// SPDX-License-Identifier: MIT
/*
 * Reverse mapping, the part address spaces need so far: an anon_vma for
 * each VMA that gets anonymous pages, and each file's tree of the VMAs
 * that map it (i_mmap), used to unmap a truncated file from every process.
 * The anon_vma_chain web that fork builds, rmap_walk() and migration come
 * with the fork and reverse-mapping work.
 */
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/rbtree.h>
#include "mm/internal.h"

/** anon_vma_prepare() - give @vma an anon_vma before its first anon page. */
int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av;

	if (vma->anon_vma)
		return 0;
	if (should_fail(vma->vm_mm->machine, FAIL_SLAB))
		return -ENOMEM;
	av = calloc(1, sizeof(*av));
	if (!av)
		return -ENOMEM;
	av->refcount = 1;
	av->degree = 1;
	vma->anon_vma = av;
	return 0;
}

static void put_anon_vma(struct anon_vma *av)
{
	if (av && --av->refcount == 0)
		free(av);
}

/* A VMA split or duplicated within one mm shares its anon_vma. */
void anon_vma_share(struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		vma->anon_vma->refcount++;
}

/* @from is being merged into @into, which had no anon_vma yet. */
void anon_vma_move(struct vm_area_struct *into, struct vm_area_struct *from)
{
	into->anon_vma = from->anon_vma;
	into->anon_vma->refcount++;
}

void unlink_anon_vmas(struct vm_area_struct *vma)
{
	put_anon_vma(vma->anon_vma);
	vma->anon_vma = NULL;
}

bool anon_vma_chain_is_singular(struct vm_area_struct *vma)
{
	(void)vma;
	return true;		/* no fork yet: every chain has one link */
}

/* --- the file's i_mmap tree, ordered by (vm_pgoff, vma) ------------------------ */

static bool i_mmap_less(const struct vm_area_struct *a,
			const struct vm_area_struct *b)
{
	if (a->vm_pgoff != b->vm_pgoff)
		return a->vm_pgoff < b->vm_pgoff;
	return a < b;
}

void vma_interval_tree_insert(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;
	struct rb_node **link = &mapping->i_mmap.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (i_mmap_less(vma, rb_entry(parent, struct vm_area_struct, shared_rb)))
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&vma->shared_rb, parent, link);
	rb_insert_color(&vma->shared_rb, &mapping->i_mmap);
	mapping->i_mmap_count++;
}

void vma_interval_tree_remove(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	rb_erase(&vma->shared_rb, &mapping->i_mmap);
	mapping->i_mmap_count--;
}

/**
 * unmap_mapping_range() - unmap the file pages [start, start+len) from
 * every VMA that maps them, private copies included (truncate: a later
 * access beyond the new end must raise SIGBUS).  @len 0 means to the end.
 */
void unmap_mapping_range(struct mml_machine *m, struct address_space *mapping,
			 long long start, long long len)
{
	pgoff_t first = (pgoff_t)(start >> PAGE_SHIFT);
	pgoff_t last = len ? (pgoff_t)((start + len - 1) >> PAGE_SHIFT) : ~0UL;
	struct rb_node *n;

	(void)m;
	for (n = rb_first(&mapping->i_mmap); n; n = rb_next(n)) {
		struct vm_area_struct *vma = rb_entry(n, struct vm_area_struct, shared_rb);
		pgoff_t vfirst = vma->vm_pgoff;
		pgoff_t vlast = vfirst + vma_pages(vma) - 1;
		pgoff_t zf, zl;

		if (vfirst > last)
			break;
		if (vlast < first)
			continue;
		zf = max(first, vfirst);
		zl = min(last, vlast);
		zap_page_range(vma, vma->vm_start + ((zf - vfirst) << PAGE_SHIFT),
			       vma->vm_start + ((zl - vfirst + 1) << PAGE_SHIFT));
	}
}
