/* SPDX-License-Identifier: MIT */
/* Reverse mapping: anon_vma, anon_vma_chain, rmap_walk(). */
#ifndef _LINUX_RMAP_H
#define _LINUX_RMAP_H

#include <linux/types.h>
#include <linux/list.h>
#include <asm/pgtable_types.h>

struct mml_machine;
struct page;
struct vm_area_struct;

/*
 * struct anon_vma - the anonymous pages of a VMA and of its copies made
 * by fork.  page->mapping of an anonymous page points here.
 */
struct anon_vma {
	struct mml_machine *machine;
	struct anon_vma *root;		/* of this web (held by refcount) */
	struct anon_vma *parent;	/* the anon_vma this one forked from */
	int refcount;
	unsigned long num_children;	/* anon_vmas with this as parent */
	unsigned long num_active_vmas;	/* VMAs with this as vma->anon_vma */
	struct list_head chains;	/* anon_vma_chain.same_anon_vma */
	void *shadow;			/* its "anon_vma" slab object */
};

/* One link between a VMA and an anon_vma its pages may come from. */
struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;	/* in vma->anon_vma_chain */
	struct list_head same_anon_vma;	/* in anon_vma->chains */
	void *shadow;			/* its "anon_vma_chain" slab object */
};

struct rmap_walk_control {
	/* false stops the walk */
	bool (*fn)(struct page *page, struct vm_area_struct *vma,
		   unsigned long address, pte_t *pte, bool anon, void *arg);
	void *arg;
};

int anon_vma_prepare(struct vm_area_struct *vma);
int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src);
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma);
void unlink_anon_vmas(struct vm_area_struct *vma);
void dup_anon_vma(struct vm_area_struct *into, struct vm_area_struct *from);
bool anon_vma_chain_is_singular(struct vm_area_struct *vma);

void rmap_walk(struct page *page, struct rmap_walk_control *rwc);
int page_referenced(struct page *page);
int folio_referenced(struct page *page, unsigned long *vm_flags);
bool try_to_unmap(struct page *page);

#endif
