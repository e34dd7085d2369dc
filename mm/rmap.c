// SPDX-License-Identifier: MIT
/*
 * Reverse mapping: from a page to every (mm, address) that maps it.
 *
 * Anonymous pages point (page->mapping) at the anon_vma of the VMA that
 * faulted them in.  Each VMA is linked to every anon_vma whose pages it
 * may map through anon_vma_chain entries: its own, and after fork those of
 * its ancestors, so walking one anon_vma's chains finds the parent and
 * every child that still shares its pages (Linux's "anon_vma web").  File
 * pages are found through their file's i_mmap tree of VMAs.
 *
 * Where mmlab differs: an anon_vma keeps its chains on a list rather than
 * an interval tree (a walk filters by range), and anon_vma/anon_vma_chain
 * are host structures charged to slab caches of the same names.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/rbtree_augmented.h>
#include <linux/rmap.h>
#include <linux/trace.h>
#include <asm/tlbflush.h>
#include "mm/internal.h"
#include "mm/swap.h"

/* --- allocation -------------------------------------------------------------- */

static struct anon_vma *anon_vma_alloc(void)
{
	struct mml_machine *m = current_machine();
	struct anon_vma *av;
	void *shadow = kmem_cache_alloc(m->anon_vma_cachep, GFP_KERNEL);

	if (!shadow)
		return NULL;
	av = calloc(1, sizeof(*av));
	if (!av) {
		kmem_cache_free(m->anon_vma_cachep, shadow);
		return NULL;
	}
	av->machine = m;
	av->shadow = shadow;
	av->refcount = 1;
	av->root = av;
	av->parent = av;
	INIT_LIST_HEAD(&av->chains);
	return av;
}

static void put_anon_vma(struct anon_vma *av)
{
	struct anon_vma *root = av->root;

	if (--av->refcount)
		return;
	kmem_cache_free(av->machine->anon_vma_cachep, av->shadow);
	free(av);
	if (root != av)
		put_anon_vma(root);
}

static struct anon_vma_chain *avc_alloc(void)
{
	struct mml_machine *m = current_machine();
	struct anon_vma_chain *avc;
	void *shadow = kmem_cache_alloc(m->avc_cachep, GFP_KERNEL);

	if (!shadow)
		return NULL;
	avc = calloc(1, sizeof(*avc));
	if (!avc) {
		kmem_cache_free(m->avc_cachep, shadow);
		return NULL;
	}
	avc->shadow = shadow;
	return avc;
}

static void avc_free(struct anon_vma_chain *avc)
{
	struct mml_machine *m = current_machine();

	kmem_cache_free(m->avc_cachep, avc->shadow);
	free(avc);
}

static void avc_link(struct vm_area_struct *vma, struct anon_vma_chain *avc,
		     struct anon_vma *av)
{
	avc->vma = vma;
	avc->anon_vma = av;
	list_add(&avc->same_vma, &vma->anon_vma_chain);
	list_add_tail(&avc->same_anon_vma, &av->chains);
}

/* --- building the web ---------------------------------------------------------- */

/*
 * A neighbour whose anon_vma @vma may share: adjacent, same flags but for
 * access bits, contiguous offsets, and not shared with a fork (Linux's
 * find_mergeable_anon_vma()), so that the two can merge again later.
 */
static bool anon_vma_compatible(struct vm_area_struct *a, struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start &&
	       !((a->vm_flags ^ b->vm_flags) & ~(VM_ACCESS_FLAGS | VM_SOFTDIRTY)) &&
	       b->vm_pgoff == a->vm_pgoff + ((b->vm_start - a->vm_start) >> PAGE_SHIFT) &&
	       a->vm_file == b->vm_file;
}

static struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct vm_area_struct *n = vma->vm_next, *p = vma->vm_prev;

	if (n && n->anon_vma && anon_vma_compatible(vma, n) &&
	    list_is_singular(&n->anon_vma_chain))
		return n->anon_vma;
	if (p && p->anon_vma && anon_vma_compatible(p, vma) &&
	    list_is_singular(&p->anon_vma_chain))
		return p->anon_vma;
	return NULL;
}

/**
 * anon_vma_prepare() - give @vma an anon_vma before its first anonymous
 * page: a compatible neighbour's, or a new one.
 * Return: 0 or -ENOMEM.
 */
int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av, *allocated = NULL;
	struct anon_vma_chain *avc;

	if (vma->anon_vma)
		return 0;
	avc = avc_alloc();
	if (!avc)
		return -ENOMEM;
	av = find_mergeable_anon_vma(vma);
	if (!av) {
		av = allocated = anon_vma_alloc();
		if (!av) {
			avc_free(avc);
			return -ENOMEM;
		}
		av->num_children++;	/* a new root is its own parent */
	}
	vma->anon_vma = av;
	avc_link(vma, avc, av);
	av->num_active_vmas++;
	trace_mm(vma->vm_mm, "anon_vma_prepare: %s anon_vma for vma %#lx-%#lx",
		 allocated ? "new" : "neighbour's", vma->vm_start, vma->vm_end);
	return 0;
}

/**
 * anon_vma_clone() - link @dst to every anon_vma @src is linked to (split,
 * fork).  On fork (@dst has no anon_vma yet) an anon_vma that lost all
 * its VMAs and has at most one child is reused, as Linux does.
 * Return: 0, or -ENOMEM with @dst's partial chain undone.
 */
int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct anon_vma_chain *pavc, *avc;

	list_for_each_entry_reverse(pavc, &src->anon_vma_chain, same_vma) {
		struct anon_vma *av = pavc->anon_vma;

		avc = avc_alloc();
		if (!avc)
			goto enomem;
		avc_link(dst, avc, av);
		if (!dst->anon_vma && src->anon_vma && av->num_children < 2 &&
		    av->num_active_vmas == 0)
			dst->anon_vma = av;
	}
	if (dst->anon_vma)
		dst->anon_vma->num_active_vmas++;
	return 0;

enomem:
	dst->anon_vma = NULL;
	unlink_anon_vmas(dst);
	return -ENOMEM;
}

/**
 * anon_vma_fork() - the child's VMA @vma joins the parent's web (@pvma's
 * chains) and gets an anon_vma of its own for the pages it will COW.
 * Return: 0 or -ENOMEM.
 */
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma)
{
	struct anon_vma_chain *avc;
	struct anon_vma *av;

	if (!pvma->anon_vma) {
		vma->anon_vma = NULL;
		return 0;
	}
	vma->anon_vma = NULL;
	if (anon_vma_clone(vma, pvma))
		return -ENOMEM;
	if (vma->anon_vma)
		return 0;		/* reused */
	av = anon_vma_alloc();
	if (!av)
		goto out_unlink;
	avc = avc_alloc();
	if (!avc) {
		put_anon_vma(av);
		goto out_unlink;
	}
	av->num_active_vmas++;
	av->root = pvma->anon_vma->root;
	av->parent = pvma->anon_vma;
	av->root->refcount++;
	vma->anon_vma = av;
	avc_link(vma, avc, av);
	av->parent->num_children++;
	return 0;

out_unlink:
	unlink_anon_vmas(vma);
	return -ENOMEM;
}

/** unlink_anon_vmas() - take @vma out of the web; free what is left empty. */
void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc, *next;

	if (!vma->anon_vma_chain.next)
		return;		/* never initialised: a VMA that never linked */
	list_for_each_entry_safe(avc, next, &vma->anon_vma_chain, same_vma) {
		struct anon_vma *av = avc->anon_vma;

		list_del(&avc->same_anon_vma);
		list_del(&avc->same_vma);
		avc_free(avc);
		if (list_empty(&av->chains)) {
			av->parent->num_children--;
			if (av == vma->anon_vma) {
				av->num_active_vmas--;
				vma->anon_vma = NULL;
			}
			put_anon_vma(av);
		}
	}
	if (vma->anon_vma) {
		vma->anon_vma->num_active_vmas--;
		vma->anon_vma = NULL;
	}
}

/*
 * dup_anon_vma() - @from's pages are becoming @into's (a merge or a moved
 * boundary), and @into had no anon_vma: it joins @from's web.
 */
void dup_anon_vma(struct vm_area_struct *into, struct vm_area_struct *from)
{
	into->anon_vma = from->anon_vma;
	if (anon_vma_clone(into, from)) {
		/* Out of memory for a chain link: share without one, as a fallback. */
		into->anon_vma = from->anon_vma;
		into->anon_vma->num_active_vmas++;
	}
}

bool anon_vma_chain_is_singular(struct vm_area_struct *vma)
{
	return list_is_singular(&vma->anon_vma_chain);
}

/*
 * --- the file's i_mmap tree: an interval tree ------------------------------------
 *
 * Ordered by (vm_pgoff, vma); each node also keeps the largest last file
 * page mapped by a VMA in its subtree, so that a query for the VMAs
 * mapping a page range descends only into subtrees that can hold one.
 */

/* The last file page @vma maps. */
static pgoff_t vma_last_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_pgoff + vma_pages(vma) - 1;
}

RB_DECLARE_CALLBACKS_MAX(static, vma_interval_tree_augment,
			 struct vm_area_struct, shared_rb, unsigned long,
			 shared_subtree_last, vma_last_pgoff)

static struct vm_area_struct *i_mmap_entry(struct rb_node *n)
{
	return n ? rb_entry(n, struct vm_area_struct, shared_rb) : NULL;
}

static bool i_mmap_less(const struct vm_area_struct *a,
			const struct vm_area_struct *b)
{
	if (a->vm_pgoff != b->vm_pgoff)
		return a->vm_pgoff < b->vm_pgoff;
	return a < b;
}

/** vma_interval_tree_insert() - add file VMA @vma to its file's i_mmap. */
void vma_interval_tree_insert(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;
	struct rb_node **link = &mapping->i_mmap.rb_node, *parent = NULL;
	unsigned long last = vma_last_pgoff(vma);

	while (*link) {
		struct vm_area_struct *p = i_mmap_entry(*link);

		parent = *link;
		if (p->shared_subtree_last < last)
			p->shared_subtree_last = last;
		if (i_mmap_less(vma, p))
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	vma->shared_subtree_last = last;
	rb_link_node(&vma->shared_rb, parent, link);
	rb_insert_augmented(&vma->shared_rb, &mapping->i_mmap,
			    &vma_interval_tree_augment);
	mapping->i_mmap_count++;
}

/** vma_interval_tree_remove() - take @vma out of its file's i_mmap. */
void vma_interval_tree_remove(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	rb_erase_augmented(&vma->shared_rb, &mapping->i_mmap,
			   &vma_interval_tree_augment);
	mapping->i_mmap_count--;
}

/*
 * The leftmost VMA of the subtree at @vma that maps a page of [first,
 * last], or NULL; the caller knows the subtree reaches @first.
 */
static struct vm_area_struct *i_mmap_subtree_first(struct vm_area_struct *vma,
						   pgoff_t first, pgoff_t last)
{
	for (;;) {
		struct vm_area_struct *left = i_mmap_entry(vma->shared_rb.rb_left);

		if (left && left->shared_subtree_last >= first) {
			vma = left;	/* something on the left reaches @first */
			continue;
		}
		if (vma->vm_pgoff > last)
			return NULL;	/* this and all to its right start too late */
		if (vma_last_pgoff(vma) >= first)
			return vma;
		vma = i_mmap_entry(vma->shared_rb.rb_right);
		if (!vma || vma->shared_subtree_last < first)
			return NULL;
	}
}

/**
 * vma_interval_tree_iter_first() - the first VMA (by vm_pgoff) of the
 * i_mmap tree @root that maps a file page of [@first, @last], or NULL.
 * Cost: O(log n) per VMA found, as Linux's interval tree.
 */
struct vm_area_struct *vma_interval_tree_iter_first(struct rb_root *root,
						    pgoff_t first, pgoff_t last)
{
	struct vm_area_struct *top = i_mmap_entry(root->rb_node);

	if (!top || top->shared_subtree_last < first)
		return NULL;
	return i_mmap_subtree_first(top, first, last);
}

/** vma_interval_tree_iter_next() - the next such VMA after @vma, or NULL. */
struct vm_area_struct *vma_interval_tree_iter_next(struct vm_area_struct *vma,
						   pgoff_t first, pgoff_t last)
{
	struct rb_node *node = &vma->shared_rb, *parent;
	struct vm_area_struct *right;

	for (;;) {
		right = i_mmap_entry(node->rb_right);
		if (right && right->shared_subtree_last >= first)
			return i_mmap_subtree_first(right, first, last);
		/* Climb until we arrive from a left child: that parent is next. */
		do {
			parent = rb_parent(node);
			if (!parent)
				return NULL;
			right = i_mmap_entry(parent->rb_right);
			vma = i_mmap_entry(node);
			node = parent;
		} while (right == vma);
		vma = i_mmap_entry(node);
		if (vma->vm_pgoff > last)
			return NULL;
		if (vma_last_pgoff(vma) >= first)
			return vma;
	}
}

/**
 * unmap_mapping_range() - unmap the file pages [start, start+len) from
 * every VMA that maps them.  @len 0 means to the end.
 * @even_cows: also the private copy-on-write copies of those pages
 *	       (truncation: a later access beyond the new end must raise
 *	       SIGBUS); a hole punch leaves them.
 */
void unmap_mapping_range(struct address_space *mapping, long long start,
			 long long len, bool even_cows)
{
	pgoff_t first = (pgoff_t)(start >> PAGE_SHIFT);
	pgoff_t last = len ? (pgoff_t)((start + len - 1) >> PAGE_SHIFT) : ~0UL;
	struct zap_details details = {
		.zap_flags = ZAP_FLAG_DROP_MARKER, .even_cows = even_cows,
	};
	struct vm_area_struct *vma;

	vma_interval_tree_foreach(vma, &mapping->i_mmap, first, last) {
		pgoff_t vfirst = vma->vm_pgoff;
		pgoff_t vlast = vma_last_pgoff(vma);
		pgoff_t zf, zl;

		zf = max(first, vfirst);
		zl = min(last, vlast);
		zap_page_range_single(vma, vma->vm_start + ((zf - vfirst) << PAGE_SHIFT),
				      (zl - zf + 1) << PAGE_SHIFT, &details);
	}
}

/* --- walking ------------------------------------------------------------------- */

static unsigned long vma_address(struct page *page, struct vm_area_struct *vma)
{
	return vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
}

/* Call rwc->fn for each PTE mapping @page in @vma, if it does. */
static bool rmap_one(struct page *page, struct vm_area_struct *vma,
		     struct rmap_walk_control *rwc, bool anon)
{
	unsigned long addr;
	pte_t *pte;

	if (page->index < vma->vm_pgoff ||
	    page->index >= vma->vm_pgoff + vma_pages(vma))
		return true;
	addr = vma_address(page, vma);
	pte = pte_offset_map_mm(vma->vm_mm, addr);
	if (!pte || !pte_present(*pte) || pte_special(*pte) ||
	    pte_pfn(*pte) != page_to_pfn(page))
		return true;
	return rwc->fn(page, vma, addr, pte, anon, rwc->arg);
}

/**
 * rmap_walk() - call @rwc->fn(page, vma, address, pte, anon, arg) for
 * every PTE that maps @page, found through its anon_vma's chains or its
 * file's i_mmap tree.  The walk stops when fn returns false.
 */
void rmap_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct anon_vma_chain *avc;
	struct vm_area_struct *vma;

	if (PageAnon(page)) {
		struct anon_vma *av = (struct anon_vma *)page->mapping;

		/*
		 * An anon_vma lives only as long as its VMAs: once the page
		 * is unmapped (a pin may outlive the mm), ->mapping is stale,
		 * as in Linux's folio_lock_anon_vma_read().
		 */
		if (!av || page_mapcount(page) <= 0)
			return;
		list_for_each_entry(avc, &av->chains, same_anon_vma)
			if (!rmap_one(page, avc->vma, rwc, true))
				return;
		return;
	}
	if (!page->mapping)
		return;
	vma_interval_tree_foreach(vma, &page->mapping->i_mmap, page->index,
				  page->index)
		if (!rmap_one(page, vma, rwc, false))
			return;
}

static bool referenced_one(struct page *page, struct vm_area_struct *vma,
			   unsigned long addr, pte_t *pte, bool anon, void *arg)
{
	int *count = arg;

	(void)page;
	(void)anon;
	if (pte_young(*pte)) {
		set_pte(pte, pte_mkold(*pte));
		flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE);
		(*count)++;
	}
	return true;
}

/**
 * page_referenced() - test and clear the accessed bit of every PTE that
 * maps @page (what reclaim asks).  Return: how many had it set.
 */
int page_referenced(struct page *page)
{
	int count = 0;
	struct rmap_walk_control rwc = { .fn = referenced_one, .arg = &count };

	rmap_walk(page, &rwc);
	if (TestClearPageReferenced(page))
		count++;
	return count;
}

struct referenced_arg {
	int referenced;
	unsigned long vm_flags;
};

static bool folio_referenced_one(struct page *page, struct vm_area_struct *vma,
				 unsigned long addr, pte_t *pte, bool anon,
				 void *arg)
{
	struct referenced_arg *ra = arg;

	(void)page;
	(void)anon;
	if (vma->vm_flags & VM_LOCKED) {
		/* A locked VMA maps it: reclaim culls it to unevictable. */
		ra->vm_flags |= VM_LOCKED;
		return false;
	}
	if (ptep_test_and_clear_young(pte)) {
		flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE);
		ra->referenced++;
		ra->vm_flags |= vma->vm_flags;
	}
	return true;
}

/**
 * folio_referenced() - test and clear the accessed bit of every PTE that
 * maps @page, with the TLB flush that makes the MMU set it again on the
 * next access (Linux's ptep_clear_flush_young()).  PG_referenced is left
 * to the caller.
 * @vm_flags: the flags of the VMAs that had referenced it, VM_LOCKED if
 *	      a locked VMA maps it (the walk then stops).
 * Return: how many PTEs had the accessed bit set.
 */
int folio_referenced(struct page *page, unsigned long *vm_flags)
{
	struct referenced_arg ra = { 0, 0 };
	struct rmap_walk_control rwc = {
		.fn = folio_referenced_one, .arg = &ra,
	};

	if (page_mapcount(page) > 0)
		rmap_walk(page, &rwc);
	*vm_flags = ra.vm_flags;
	return ra.referenced;
}

static bool unmap_one(struct page *page, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *pte, bool anon, void *arg)
{
	pte_t old, swp_pte;
	swp_entry_t entry;

	(void)arg;
	if (vma->vm_flags & VM_LOCKED)
		return false;	/* mlocked: stays (try_to_unmap_one()) */
	if (anon) {
		/* The PTE becomes the swap entry, which it now references. */
		entry = page_swap_entry(page);
		if (swap_duplicate(entry))
			return false;
		old = ptep_get_and_clear(pte);
		flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE);
		if (pte_dirty(old))
			SetPageDirty(page);
		swp_pte = swp_entry_to_pte(entry);
		if (PageAnonExclusive(page))
			swp_pte = pte_swp_mkexclusive(swp_pte);
		set_pte(pte, swp_pte);
		vma->vm_mm->rss_stat[MM_SWAPENTS]++;
	} else {
		old = ptep_get_and_clear(pte);
		flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE);
		if (pte_dirty(old))
			folio_mark_dirty(page);
	}
	if (pte_young(old))
		SetPageReferenced(page);
	page_remove_rmap(page);
	vma->vm_mm->rss_stat[mm_counter(vma, page)]--;
	put_page(page);
	return true;
}

/**
 * try_to_unmap() - remove every user mapping of @page.  File pages can be
 * faulted back from the page cache; an anonymous page must be in the swap
 * cache, and each of its PTEs becomes its swap entry (with the exclusive
 * bit when the page was exclusive), referencing the slot.
 * Return: true if no mapping is left.
 */
bool try_to_unmap(struct page *page)
{
	struct rmap_walk_control rwc = { .fn = unmap_one };

	if (PageAnon(page) && !PageSwapCache(page))
		return page_mapcount(page) == 0;
	rmap_walk(page, &rwc);
	if (PageAnon(page) && !page_mapcount(page))
		ClearPageAnonExclusive(page);	/* the swap PTEs carry it now */
	return page_mapcount(page) == 0;
}
