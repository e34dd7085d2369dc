// SPDX-License-Identifier: MIT
/*
 * The page cache: one address_space per inode, its pages indexed by page
 * offset in a radix tree (an xarray without marks), filled on a miss by
 * the mapping's ->read_folio() and written back by its ->writepages(): the
 * file system's (fs/hostfs/ for host files), never the disk directly.
 *
 * A page in the cache has page->mapping = the address_space, page->index,
 * PG_uptodate, PG_dirty while it differs from the host file, and one
 * reference held by the cache.  The bytes of a cached page that lie beyond
 * i_size are kept zero (truncate and size extension zero them), so growing
 * a file exposes zeros, as on Linux 6.x.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/gfp.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <linux/mm_inline.h>
#include "mm/internal.h"

#define XA_CHUNK_SHIFT	6
#define XA_CHUNK_SIZE	(1UL << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK	(XA_CHUNK_SIZE - 1)

/* One radix-tree node: 64 slots, each a child node or (at shift 0) a page. */
struct xa_node {
	unsigned char shift;		/* index bits below this node's slots */
	unsigned char offset;		/* slot in the parent */
	unsigned short count;		/* non-empty slots */
	struct xa_node *parent;
	void *slots[XA_CHUNK_SIZE];
};

/* Linux takes these from the radix_tree_node slab: keep the failure point. */
static struct xa_node *xa_node_alloc(unsigned int shift)
{
	struct xa_node *node;

	if (should_fail(FAIL_SLAB))
		return NULL;
	node = calloc(1, sizeof(*node));
	if (node)
		node->shift = shift;
	return node;
}

/* The largest index a tree whose top node is @node can hold. */
static pgoff_t xa_node_max(const struct xa_node *node)
{
	unsigned int bits = node->shift + XA_CHUNK_SHIFT;

	return bits >= 64 ? ~0UL : (1UL << bits) - 1;
}

static void *xa_load(const struct xarray *xa, pgoff_t index)
{
	struct xa_node *node = xa->xa_head;

	if (!node || index > xa_node_max(node))
		return NULL;
	for (;;) {
		void *entry = node->slots[(index >> node->shift) & XA_CHUNK_MASK];

		if (!node->shift || !entry)
			return entry;
		node = entry;
	}
}

/* Put @entry in the occupied slot @index: nothing is allocated.  Return: the old entry. */
static void *xa_replace(struct xarray *xa, pgoff_t index, void *entry)
{
	struct xa_node *node = xa->xa_head;

	if (!node || index > xa_node_max(node))
		return NULL;
	for (;;) {
		void **slot = &node->slots[(index >> node->shift) & XA_CHUNK_MASK];
		void *old = *slot;

		if (!old)
			return NULL;
		if (!node->shift) {
			*slot = entry;
			return old;
		}
		node = old;
	}
}

/*
 * Free the empty nodes from @node upwards, then drop top nodes that only
 * hold their slot 0, so the tree is as short as its largest index allows.
 */
static void xa_shrink(struct xarray *xa, struct xa_node *node)
{
	struct xa_node *head;

	while (node && !node->count) {
		struct xa_node *parent = node->parent;

		if (parent) {
			parent->slots[node->offset] = NULL;
			parent->count--;
		} else {
			xa->xa_head = NULL;
		}
		free(node);
		node = parent;
	}
	while ((head = xa->xa_head) && head->shift && head->count == 1 &&
	       head->slots[0]) {
		struct xa_node *child = head->slots[0];

		child->parent = NULL;
		child->offset = 0;
		xa->xa_head = child;
		free(head);
	}
	/* A failed insert can leave an empty leaf as the whole tree. */
	head = xa->xa_head;
	if (head && !head->count) {
		xa->xa_head = NULL;
		free(head);
	}
}

/* Make the tree tall enough for @index.  Return: 0 or -ENOMEM. */
static int xa_expand(struct xarray *xa, pgoff_t index)
{
	struct xa_node *head = xa->xa_head, *top;

	if (!head) {
		/* An empty tree starts as tall as @index needs: no empty leaf. */
		unsigned int shift = 0;

		while (shift + XA_CHUNK_SHIFT < 64 &&
		       (index >> (shift + XA_CHUNK_SHIFT)))
			shift += XA_CHUNK_SHIFT;
		head = xa_node_alloc(shift);
		if (!head)
			return -ENOMEM;
		xa->xa_head = head;
	}
	while (index > xa_node_max(head)) {
		top = xa_node_alloc(head->shift + XA_CHUNK_SHIFT);
		if (!top)
			return -ENOMEM;
		top->slots[0] = head;
		top->count = 1;
		head->parent = top;
		head->offset = 0;
		xa->xa_head = head = top;
	}
	return 0;
}

/* Store @entry at empty @index.  Return: 0, -EEXIST or -ENOMEM. */
static int xa_insert(struct xarray *xa, pgoff_t index, void *entry)
{
	struct xa_node *node, *child;
	unsigned int off;
	int err = xa_expand(xa, index);

	node = xa->xa_head;
	if (err)
		goto out_shrink;
	for (;;) {
		off = (index >> node->shift) & XA_CHUNK_MASK;
		if (!node->shift)
			break;
		child = node->slots[off];
		if (!child) {
			child = xa_node_alloc(node->shift - XA_CHUNK_SHIFT);
			if (!child) {
				err = -ENOMEM;
				goto out_shrink;
			}
			child->parent = node;
			child->offset = off;
			node->slots[off] = child;
			node->count++;
		}
		node = child;
	}
	if (node->slots[off])
		return -EEXIST;
	node->slots[off] = entry;
	node->count++;
	return 0;

out_shrink:
	/* Undo the nodes made for nothing: empty ones, or a taller top. */
	xa_shrink(xa, node);
	return err;
}

/* Remove the entry at @index.  Return: it, or NULL if there was none. */
static void *xa_erase(struct xarray *xa, pgoff_t index)
{
	struct xa_node *node = xa->xa_head;
	unsigned int off;
	void *entry;

	if (!node || index > xa_node_max(node))
		return NULL;
	for (;;) {
		off = (index >> node->shift) & XA_CHUNK_MASK;
		if (!node->shift)
			break;
		node = node->slots[off];
		if (!node)
			return NULL;
	}
	entry = node->slots[off];
	if (entry) {
		node->slots[off] = NULL;
		node->count--;
		xa_shrink(xa, node);
	}
	return entry;
}

/*
 * The first entry at an index in [*@indexp, @max]; *@indexp is set to its
 * index.  Return: the entry, or NULL.
 */
static void *xa_find(const struct xarray *xa, pgoff_t *indexp, pgoff_t max)
{
	struct xa_node *node = xa->xa_head;
	pgoff_t index = *indexp, base = 0, slot;
	unsigned int off;

	if (!node || index > xa_node_max(node) || index > max)
		return NULL;
	off = (index >> node->shift) & XA_CHUNK_MASK;
	for (;;) {
		if (off == XA_CHUNK_SIZE) {
			if (!node->parent)
				return NULL;
			off = node->offset + 1;
			node = node->parent;
			base &= ~xa_node_max(node);
			continue;
		}
		slot = base + ((pgoff_t)off << node->shift);
		if (slot > max)
			return NULL;
		if (!node->slots[off]) {
			off++;
			continue;
		}
		if (!node->shift) {
			*indexp = slot;
			return node->slots[off];
		}
		node = node->slots[off];
		base = slot;
		off = index > base ? (index - base) >> node->shift : 0;
	}
}

/* --- pages in the cache ------------------------------------------------ */

static struct mml_machine *mapping_machine(const struct address_space *mapping)
{
	return mapping->host->machine;
}

/**
 * mapping_can_writeback() - does @mapping write its pages back somewhere
 * (Linux asks the backing device; here: has it ->writepages)?  Only then
 * are its dirty pages counted, and its shared mappings write-notified.
 */
bool mapping_can_writeback(const struct address_space *mapping)
{
	return mapping->a_ops && mapping->a_ops->writepages;
}

/**
 * noop_dirty_folio() - ->dirty_folio() of mappings that never write back
 * (shmem): only the flag is set.  Return: true if the page was clean.
 */
bool noop_dirty_folio(struct address_space *mapping, struct page *folio)
{
	if (PageDirty(folio))
		return false;
	SetPageDirty(folio);
	return true;
}

/**
 * filemap_dirty_folio() - ->dirty_folio() of mappings that write back:
 * set the flag and count the page in the mapping and in NR_FILE_DIRTY.
 * Return: true if the page was clean.
 */
bool filemap_dirty_folio(struct address_space *mapping, struct page *folio)
{
	if (PageDirty(folio))
		return false;
	SetPageDirty(folio);
	mapping->nr_dirty++;
	mapping_machine(mapping)->nr_file_dirty++;
	return true;
}

/**
 * folio_mark_dirty() - mark @page dirty through its mapping's
 * ->dirty_folio(); anonymous pages and pages of no mapping (a driver's)
 * only get the flag.  Return: true if the page was clean.
 */
bool folio_mark_dirty(struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (!mapping || PageAnon(page) || !mapping->a_ops ||
	    !mapping->a_ops->dirty_folio)
		return noop_dirty_folio(mapping, page);
	return mapping->a_ops->dirty_folio(mapping, page);
}

static bool clear_page_dirty(struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (!PageDirty(page))
		return false;
	ClearPageDirty(page);
	if (mapping_can_writeback(mapping)) {
		mapping->nr_dirty--;
		mapping_machine(mapping)->nr_file_dirty--;
	}
	return true;
}

/**
 * folio_clear_dirty_for_io() - before a ->writepages() writes @page:
 * write-protect and clean its shared PTEs (a PTE that was writable or
 * dirty dirties the page first), then clear PG_dirty and its counts.
 * Return: true if the page was dirty and is now the writer's to write.
 */
bool folio_clear_dirty_for_io(struct page *page)
{
	if (folio_mkclean(page))
		folio_mark_dirty(page);
	return clear_page_dirty(page);
}

/**
 * add_to_page_cache() - put @page into @mapping at @index; the cache takes
 * its own reference (the caller keeps its one).
 * Return: 0, -EEXIST if @index is taken, or -ENOMEM.
 */
int add_to_page_cache(struct page *page, struct address_space *mapping,
		      pgoff_t index)
{
	struct mml_machine *m = current_machine();
	int err = xa_insert(&mapping->i_pages, index, page);
	void *shadow;

	if (err)
		return err;
	get_page(page);
	page->mapping = mapping;
	page->index = index;
	mapping->nrpages++;
	m->nr_file_pages++;
	if (shmem_mapping(mapping)) {
		SetPageSwapBacked(page);
		m->nr_shmem++;
	}
	/*
	 * As filemap_add_folio(): a refault is recognised, then the LRU.
	 * A shmem object's value entries are its swap entries, which
	 * shmem_swapin_folio() replaces itself.
	 */
	shadow = shmem_mapping(mapping) ? NULL : xa_erase(&mapping->i_shadows, index);
	if (shadow) {
		mapping->nrshadows--;
		workingset_refault(page, shadow);
	}
	lru_cache_add(page);
	return 0;
}

/**
 * replace_page_cache_page() - @new takes @old's slot in its page cache,
 * with its index, uptodate, dirty and swap-backed state (Linux's
 * replace_page_cache_folio(), as migration's folio_migrate_mapping() does
 * it): the slot exists, so nothing is allocated and it cannot fail.  The
 * cache's reference moves from @old to @new; the counts stay as they are.
 */
void replace_page_cache_page(struct page *old, struct page *new)
{
	struct address_space *mapping = old->mapping;

	xa_replace(&mapping->i_pages, old->index, new);
	get_page(new);
	new->mapping = mapping;
	new->index = old->index;
	SetPageUptodate(new);
	if (PageSwapBacked(old))
		SetPageSwapBacked(new);
	if (PageDirty(old)) {		/* the mapping's dirty count moves with it */
		ClearPageDirty(old);
		SetPageDirty(new);
	}
	lru_cache_add(new);		/* @old leaves the LRU when it is freed */
	old->mapping = NULL;
	ClearPageUptodate(old);
	put_page(old);
}

/**
 * delete_from_page_cache() - take @page out of its page cache and drop
 * the cache's reference.  Dirty data is discarded.
 * Context: the page must already be unmapped from user page tables (or
 * the caller accepts that its mappings keep a detached copy alive).
 */
void delete_from_page_cache(struct page *page)
{
	struct mml_machine *m = current_machine();
	struct address_space *mapping = page->mapping;

	clear_page_dirty(page);
	xa_erase(&mapping->i_pages, page->index);
	mapping->nrpages--;
	m->nr_file_pages--;
	if (shmem_mapping(mapping)) {
		/* Off the anon LRU and onto the file one: it is not swap-backed now. */
		bool lru = PageLRU(page);

		lru_del_page(page);
		ClearPageSwapBacked(page);
		if (lru)
			lru_cache_add(page);
		m->nr_shmem--;
	}
	page->mapping = NULL;
	ClearPageUptodate(page);
	put_page(page);
}

/**
 * filemap_remove_folio_shadow() - reclaim evicts @page from its page
 * cache, leaving @shadow (from workingset_eviction()) at its index, so a
 * refault can tell how long it was out.  A shadow that cannot be stored
 * (no memory for a tree node) is forgotten.
 */
void filemap_remove_folio_shadow(struct page *page, void *shadow)
{
	struct address_space *mapping = page->mapping;
	pgoff_t index = page->index;

	delete_from_page_cache(page);
	if (!shadow)
		return;
	if (xa_erase(&mapping->i_shadows, index))
		mapping->nrshadows--;
	if (!xa_insert(&mapping->i_shadows, index, shadow))
		mapping->nrshadows++;
}

/*
 * The value entries of a mapping (Linux keeps them in i_pages beside the
 * folios; here in i_shadows): workingset shadows of evicted page-cache
 * pages, or the swap entries of a shmem object's swapped pages.
 */

/** filemap_add_value() - store value @entry at free @index.  Return: 0, -EEXIST, -ENOMEM. */
int filemap_add_value(struct address_space *mapping, pgoff_t index, void *entry)
{
	int err = xa_insert(&mapping->i_shadows, index, entry);

	if (!err)
		mapping->nrshadows++;
	return err;
}

/** filemap_load_value() - the value entry at @index, or NULL. */
void *filemap_load_value(const struct address_space *mapping, pgoff_t index)
{
	return xa_load(&mapping->i_shadows, index);
}

/** filemap_erase_value() - remove and return the value entry at @index. */
void *filemap_erase_value(struct address_space *mapping, pgoff_t index)
{
	void *entry = xa_erase(&mapping->i_shadows, index);

	if (entry)
		mapping->nrshadows--;
	return entry;
}

/** filemap_find_value() - the next value entry at an index in [*@index, @max]. */
void *filemap_find_value(const struct address_space *mapping, pgoff_t *index,
			 pgoff_t max)
{
	return xa_find(&mapping->i_shadows, index, max);
}

/**
 * find_get_page() - the page cached at @index of @mapping.
 * Return: the page with a new reference, or NULL if not cached.
 */
struct page *find_get_page(struct address_space *mapping, pgoff_t index)
{
	struct page *page = xa_load(&mapping->i_pages, index);

	if (page)
		get_page(page);
	return page;
}

/**
 * filemap_find_next() - the next cached page at an index in [*@index,
 * @max], without a new reference; *@index is set to its index.
 */
struct page *filemap_find_next(struct address_space *mapping, pgoff_t *index,
			       pgoff_t max)
{
	return xa_find(&mapping->i_pages, index, max);
}

/* Does the page at @index need ->read_folio(), or is it all zeros? */
static bool filemap_needs_read(const struct address_space *mapping,
			       pgoff_t index)
{
	return mapping->a_ops && mapping->a_ops->read_folio &&
	       (u64)index < DIV_ROUND_UP(mapping->host->i_size, PAGE_SIZE);
}

/*
 * __filemap_get_page() - the page at @index, created on a miss: read from
 * the host (@major set) unless @noread (the caller overwrites all of it)
 * or it lies wholly past EOF or the object has no host file (zeroed).
 */
static struct page *__filemap_get_page(struct address_space *mapping,
				       pgoff_t index, bool noread, bool *major)
{
	struct page *page;
	int err;

	if (major)
		*major = false;
	page = find_get_page(mapping, index);
	if (page)
		return page;
	if (shmem_mapping(mapping) && filemap_load_value(mapping, index))
		return shmem_swapin_folio(mapping, index, major);
	noread = noread || !filemap_needs_read(mapping, index);
	page = alloc_page(GFP_HIGHUSER_MOVABLE | (noread ? __GFP_ZERO : 0));
	if (!page)
		return ERR_PTR(-ENOMEM);
	if (noread)
		SetPageUptodate(page);
	err = add_to_page_cache(page, mapping, index);
	if (err)
		goto out_free;
	if (!noread) {
		/* As in Linux, the page is in the cache while it is read. */
		err = mapping->a_ops->read_folio(NULL, page);
		if (err) {
			delete_from_page_cache(page);
			goto out_free;
		}
		SetPageUptodate(page);
		if (major)
			*major = true;
	}
	return page;

out_free:
	put_page(page);
	return ERR_PTR(err);
}

/**
 * filemap_get_page() - the page at @index of @mapping, read from the host
 * file on a miss (a major fault: *@major set); pages wholly past EOF and
 * pages of objects without a host file come zeroed.
 * Return: the page with a reference for the caller, or ERR_PTR(-ENOMEM)
 * or ERR_PTR(-EIO).
 */
struct page *filemap_get_page(struct address_space *mapping, pgoff_t index,
			      bool *major)
{
	return __filemap_get_page(mapping, index, false, major);
}

/* Zero bytes [@from, @to) of the cached page at @index, if it is cached. */
static void zero_cached_range(struct address_space *mapping, pgoff_t index,
			      unsigned int from, unsigned int to)
{
	struct page *page = xa_load(&mapping->i_pages, index);

	if (page && from < to)
		memset((char *)page_host(page) + from, 0, to - from);
}

/**
 * pagecache_isize_extended() - i_size grows from @from to @to: zero the
 * bytes past the old EOF in its cached page (a store through a mapping may
 * have left data there), so the grown part reads as zeros.
 */
void pagecache_isize_extended(struct inode *inode, long long from, long long to)
{
	unsigned int off = (unsigned int)(from & (long long)(PAGE_SIZE - 1));
	long long page_end = (from | (long long)(PAGE_SIZE - 1)) + 1;

	if (to <= from || !off)
		return;
	zero_cached_range(&inode->i_data, (pgoff_t)from >> PAGE_SHIFT, off,
			  (unsigned int)(min(to, page_end) - (from & ~(long long)(PAGE_SIZE - 1))));
}

/**
 * truncate_inode_pages_range() - drop the cached pages wholly inside the
 * bytes [@start, @end] (inclusive, as Linux) and zero the covered parts of
 * the pages at either edge.  Dirty data in the range is discarded.
 * Context: the caller has unmapped the range from user page tables.
 */
void truncate_inode_pages_range(struct address_space *mapping, long long start,
				long long end)
{
	pgoff_t first = (pgoff_t)(start + (long long)PAGE_SIZE - 1) >> PAGE_SHIFT;
	u64 lend = (u64)end + 1;	/* exclusive; no overflow in u64 */
	pgoff_t last = (pgoff_t)(lend >> PAGE_SHIFT);	/* remove [first, last) */
	unsigned int soff = (unsigned int)(start & (long long)(PAGE_SIZE - 1));
	unsigned int eoff = (unsigned int)(lend & (PAGE_SIZE - 1));
	pgoff_t index;
	struct page *page;

	if (start < 0 || end < start)
		return;
	if (soff) {
		pgoff_t sidx = (pgoff_t)start >> PAGE_SHIFT;

		zero_cached_range(mapping, sidx, soff,
				  sidx == last ? eoff : PAGE_SIZE);
	}
	if (eoff && last >= first)
		zero_cached_range(mapping, last, 0, eoff);
	index = first;
	while (index < last &&
	       (page = filemap_find_next(mapping, &index, last - 1))) {
		delete_from_page_cache(page);
		if (index++ == ~0UL)
			break;
	}
	/*
	 * folio_batch_release() drains the LRU batch: a page added and
	 * truncated before it drained is freed now, not 31 pages later.
	 */
	lru_add_drain();
	/*
	 * The shadows of the range go too (Linux clears them with the pages);
	 * a shmem object's swap entries free their slots (shmem_undo_range()).
	 */
	index = first;
	while (index < last && xa_find(&mapping->i_shadows, &index, last - 1)) {
		void *entry = xa_erase(&mapping->i_shadows, index);

		mapping->nrshadows--;
		if (shmem_mapping(mapping))
			shmem_free_swap(entry);
		if (index++ == ~0UL)
			break;
	}
}

/**
 * truncate_pagecache() - the file shrank to @newsize: unmap its pages
 * past the new EOF from every mapping, then drop them from the cache and
 * zero the tail of the page holding the new EOF (Linux's order: unmap,
 * truncate, unmap again for pages faulted in between).
 */
void truncate_pagecache(struct inode *inode, long long newsize)
{
	struct address_space *mapping = &inode->i_data;
	long long holebegin = ALIGN(newsize, (long long)PAGE_SIZE);

	unmap_mapping_range(mapping, holebegin, 0, /* even_cows = */ true);
	truncate_inode_pages_range(mapping, newsize, LLONG_MAX);
	unmap_mapping_range(mapping, holebegin, 0, /* even_cows = */ true);
}

/*
 * Write-protect and clean one PTE of @vma if it maps @page.
 * Return: 1 if it was writable or dirty (the page may have been written).
 */
static int page_mkclean_one(struct page *page, struct vm_area_struct *vma)
{
	unsigned long addr = vma->vm_start +
			     ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
	pte_t *ptep = pte_offset_map_mm(vma->vm_mm, addr);
	pte_t pte;

	if (!ptep)
		return 0;
	pte = ptep_get(ptep);
	if (!pte_present(pte) || pte_pfn(pte) != page_to_pfn(page) ||
	    (!pte_write(pte) && !pte_dirty(pte)))
		return 0;
	set_pte(ptep, pte_mkclean(pte_wrprotect(pte)));
	flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE);
	return 1;
}

/**
 * folio_mkclean() - before writeback: write-protect and clean every shared
 * PTE that maps page-cache page @page, found through its file's i_mmap
 * tree, so that the next store faults and dirties the page again.
 * (Linux keeps this in mm/rmap.c.)
 * Return: how many PTEs were writable or dirty.
 */
int folio_mkclean(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct vm_area_struct *vma;
	int cleaned = 0;

	if (!mapping || PageAnon(page) || !page_mapcount(page))
		return 0;
	vma_interval_tree_foreach(vma, &mapping->i_mmap, page->index, page->index)
		if (vma->vm_flags & VM_SHARED)
			cleaned += page_mkclean_one(page, vma);
	return cleaned;
}

/**
 * filemap_write_and_wait_range() - write the dirty pages of @mapping in
 * bytes [@start, @end] back through its ->writepages() (nothing for a
 * mapping that cannot write back).
 * Return: 0, or the first error (the page stays dirty).
 */
int filemap_write_and_wait_range(struct address_space *mapping, long long start,
				 long long end)
{
	struct writeback_control wbc = {
		.range_start = start,
		.range_end = end,
	};

	if (!mapping_can_writeback(mapping) || end < start || start < 0)
		return 0;
	return mapping->a_ops->writepages(mapping, &wbc);
}

/* --- read(2) and write(2) through the cache ---------------------------- */

/**
 * filemap_read() - copy from the page cache of @iocb's file at ki_pos into
 * @iter, up to EOF, advancing ki_pos by what reached @iter.
 * @already_read: bytes an earlier part of the call moved (added to the result).
 * Return: bytes copied (0 at EOF), -EFAULT if a user buffer faulted before
 * any byte moved, or the page cache's error (-ENOMEM, -EIO).
 */
long filemap_read(struct kiocb *iocb, struct iov_iter *iter, long already_read)
{
	struct file *file = iocb->ki_filp;
	struct inode *inode = file->f_inode;
	unsigned long n = iov_iter_count(iter), done = 0;

	if (iocb->ki_pos < 0 || (u64)iocb->ki_pos >= inode->i_size)
		return already_read;
	n = (unsigned long)min((u64)n, inode->i_size - (u64)iocb->ki_pos);
	while (done < n) {
		pgoff_t index = (pgoff_t)iocb->ki_pos >> PAGE_SHIFT;
		unsigned long off = (unsigned long)iocb->ki_pos & (PAGE_SIZE - 1);
		unsigned long c = min(PAGE_SIZE - off, n - done), got;
		struct page *page = filemap_get_page(file->f_mapping, index,
						     NULL);

		if (IS_ERR(page))
			return done || already_read ? (long)done + already_read :
						      PTR_ERR(page);
		got = copy_to_iter((char *)page_host(page) + off, c, iter);
		mark_page_accessed(page);
		put_page(page);
		done += got;
		iocb->ki_pos += (long long)got;
		if (got < c)
			return done || already_read ? (long)done + already_read :
						      -EFAULT;
	}
	return (long)done + already_read;
}

/** generic_file_read_iter() - ->read_iter() of page-cache files. */
long generic_file_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	return filemap_read(iocb, iter, 0);
}

/**
 * generic_perform_write() - copy @iter into the page cache at ki_pos,
 * dirtying the pages and growing i_size; ki_pos advances.  The data reach
 * the host file at writeback.
 * Return: the bytes written, -EFBIG at the size limit, -EFAULT when a user
 * buffer faulted first, or -ENOMEM if no byte could be written.
 */
long generic_perform_write(struct kiocb *iocb, struct iov_iter *iter)
{
	struct file *file = iocb->ki_filp;
	struct inode *inode = file->f_inode;
	unsigned long n = iov_iter_count(iter), done = 0;
	u8 kbuf[PAGE_SIZE];

	if (!n)
		return 0;
	if (iocb->ki_pos >= MAX_LFS_FILESIZE)
		return -EFBIG;
	n = (unsigned long)min((u64)n, (u64)(MAX_LFS_FILESIZE - iocb->ki_pos));
	if ((u64)iocb->ki_pos > inode->i_size)
		pagecache_isize_extended(inode, (long long)inode->i_size,
					 iocb->ki_pos);
	while (done < n) {
		pgoff_t index = (pgoff_t)iocb->ki_pos >> PAGE_SHIFT;
		unsigned long off = (unsigned long)iocb->ki_pos & (PAGE_SIZE - 1);
		unsigned long c = min(PAGE_SIZE - off, n - done), got;
		struct page *page;

		/* Through a bounce buffer: a page skips its read only when
		 * all of it is overwritten, which a fault could prevent. */
		got = copy_from_iter(kbuf, c, iter);
		if (!got)
			return done ? (long)done : -EFAULT;
		page = __filemap_get_page(file->f_mapping, index,
					  got == PAGE_SIZE, NULL);
		if (IS_ERR(page))
			return done ? (long)done : PTR_ERR(page);
		memcpy((char *)page_host(page) + off, kbuf, got);
		folio_mark_dirty(page);
		mark_page_accessed(page);
		put_page(page);
		done += got;
		iocb->ki_pos += (long long)got;
		if ((u64)iocb->ki_pos > inode->i_size)
			inode->i_size = (u64)iocb->ki_pos;
		if (got < c)
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}

/**
 * generic_file_write_iter() - ->write_iter() of page-cache files: at EOF
 * for O_APPEND (generic_write_checks()), then generic_perform_write().
 */
long generic_file_write_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	struct file *file = iocb->ki_filp;

	if (file->f_flags & O_APPEND)
		iocb->ki_pos = (long long)file->f_inode->i_size;
	return generic_perform_write(iocb, iter);
}

/* --- mappings ---------------------------------------------------------- */

/**
 * filemap_fault() - ->fault() of a file mapping: the page at vmf->pgoff,
 * from the cache or read from the host file (VM_FAULT_MAJOR).
 * Return: 0 or VM_FAULT_MAJOR with vmf->page referenced; VM_FAULT_SIGBUS
 * for a page wholly past EOF or an I/O error; VM_FAULT_OOM.
 */
vm_fault_t filemap_fault(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct inode *inode = file->f_inode;
	struct page *page;
	bool major;

	if ((u64)vmf->pgoff >= DIV_ROUND_UP(inode->i_size, PAGE_SIZE))
		return VM_FAULT_SIGBUS;
	page = filemap_get_page(file->f_mapping, vmf->pgoff, &major);
	if (IS_ERR(page))
		return PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	vmf->page = page;
	return major ? VM_FAULT_MAJOR : 0;
}

/**
 * filemap_map_pages() - ->map_pages() of page-cache mappings: map the
 * pages of [@start_pgoff, @end_pgoff] that are cached and uptodate, below
 * EOF, where the PTE is still empty (vmf->pte is the faulting page's PTE;
 * the range lies in its table and its VMA).  Nothing is read or allocated.
 * Return: VM_FAULT_NOPAGE when the faulting page was mapped, else 0.
 */
vm_fault_t filemap_map_pages(struct vm_fault *vmf, pgoff_t start_pgoff,
			     pgoff_t end_pgoff)
{
	struct vm_area_struct *vma = vmf->vma;
	struct address_space *mapping = vma->vm_file->f_mapping;
	pgoff_t eof = (pgoff_t)DIV_ROUND_UP(mapping->host->i_size, PAGE_SIZE);
	pgoff_t index;
	vm_fault_t ret = 0;

	if (!eof)
		return 0;
	end_pgoff = min(end_pgoff, eof - 1);
	for (index = start_pgoff; index <= end_pgoff; index++) {
		unsigned long addr = vmf->address +
				     ((index - vmf->pgoff) << PAGE_SHIFT);
		pte_t *pte = vmf->pte + (long)(index - vmf->pgoff);
		struct page *page;

		if (!pte_none(ptep_get(pte)))
			continue;
		page = find_get_page(mapping, index);
		if (!page)
			continue;
		if (!PageUptodate(page)) {
			put_page(page);
			continue;
		}
		set_pte_range(vmf, page, addr);
		if (index == vmf->pgoff)
			ret = VM_FAULT_NOPAGE;
	}
	return ret;
}

/**
 * filemap_page_mkwrite() - ->page_mkwrite() of host files: a page of a
 * shared mapping is about to be written; dirty it so that writeback
 * writes it (Linux also updates the file's times, which mmlab lacks).
 * Return: VM_FAULT_LOCKED, or VM_FAULT_NOPAGE when the page left the
 * cache (truncated) and the fault should be retried.
 */
vm_fault_t filemap_page_mkwrite(struct vm_fault *vmf)
{
	struct page *page = vmf->page;

	if (page->mapping != vmf->vma->vm_file->f_mapping)
		return VM_FAULT_NOPAGE;
	folio_mark_dirty(page);
	return VM_FAULT_LOCKED;
}

const struct vm_operations_struct generic_file_vm_ops = {
	.fault = filemap_fault,
	.map_pages = filemap_map_pages,
	.page_mkwrite = filemap_page_mkwrite,
};

/**
 * generic_file_mmap() - ->mmap() of a host file: page faults come to
 * filemap_fault().  Return: 0.
 */
int generic_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &generic_file_vm_ops;
	return 0;
}

/* --- audit ------------------------------------------------------------- */

static int xa_node_audit(const struct xa_node *node, char *msg, size_t n)
{
	unsigned int i, count = 0;

	for (i = 0; i < XA_CHUNK_SIZE; i++) {
		const struct xa_node *child = node->slots[i];

		if (!child)
			continue;
		count++;
		if (node->shift && (child->parent != node || child->offset != i ||
				    child->shift + XA_CHUNK_SHIFT != node->shift)) {
			snprintf(msg, n, "page cache: xa_node %p slot %u badly linked",
				 (const void *)node, i);
			return -EUCLEAN;
		}
		if (node->shift && xa_node_audit(child, msg, n))
			return -EUCLEAN;
	}
	if (count != node->count || !count) {
		snprintf(msg, n, "page cache: xa_node %p count %u, %u slots used",
			 (const void *)node, node->count, count);
		return -EUCLEAN;
	}
	return 0;
}

static int mapping_audit(struct address_space *mapping, unsigned long *dirty,
			 char *msg, size_t n)
{
	struct inode *inode = mapping->host;
	unsigned long nr = 0, nr_dirty = 0, nr_shadows;
	pgoff_t index = 0;
	struct page *page;

	if (mapping->i_pages.xa_head &&
	    xa_node_audit(mapping->i_pages.xa_head, msg, n))
		return -EUCLEAN;
	while ((page = filemap_find_next(mapping, &index, ~0UL))) {
		unsigned long pfn = page_to_pfn(page);

		if (page->mapping != mapping || page->index != index ||
		    page_ref_count(page) < 1 || !PageUptodate(page) ||
		    PageBuddy(page) || PageAnon(page) || PageSlab(page)) {
			snprintf(msg, n, "page cache: pfn %#lx at index %lu of inode %llu: mapping %s, index %lu, refcount %d, flags %#lx",
				 pfn, index, (unsigned long long)inode->i_ino,
				 page->mapping == mapping ? "ok" : "wrong",
				 page->index, page_ref_count(page), page->flags);
			return -EUCLEAN;
		}
		if (!mapping->a_ops) {
			snprintf(msg, n, "page cache: inode %llu without address_space_operations has pages",
				 (unsigned long long)inode->i_ino);
			return -EUCLEAN;
		}
		if ((u64)index >= DIV_ROUND_UP(inode->i_size, PAGE_SIZE)) {
			snprintf(msg, n, "page cache: inode %llu caches index %lu past EOF (size %llu)",
				 (unsigned long long)inode->i_ino, index,
				 (unsigned long long)inode->i_size);
			return -EUCLEAN;
		}
		nr++;
		if (PageDirty(page) && mapping_can_writeback(mapping))
			nr_dirty++;
		if (index++ == ~0UL)
			break;
	}
	nr_shadows = 0;
	index = 0;
	while (xa_find(&mapping->i_shadows, &index, ~0UL)) {
		if (!xa_is_value(xa_load(&mapping->i_shadows, index)) ||
		    xa_load(&mapping->i_pages, index)) {
			snprintf(msg, n, "page cache: inode %llu: bad shadow entry at index %lu",
				 (unsigned long long)inode->i_ino, index);
			return -EUCLEAN;
		}
		nr_shadows++;
		if (index++ == ~0UL)
			break;
	}
	if (nr_shadows != mapping->nrshadows) {
		snprintf(msg, n, "page cache: inode %llu has %lu shadow entries, counted %lu",
			 (unsigned long long)inode->i_ino, nr_shadows, mapping->nrshadows);
		return -EUCLEAN;
	}
	if (mapping->i_shadows.xa_head &&
	    xa_node_audit(mapping->i_shadows.xa_head, msg, n))
		return -EUCLEAN;
	if (nr != mapping->nrpages || nr_dirty != mapping->nr_dirty) {
		snprintf(msg, n, "page cache: inode %llu has %lu pages (%lu dirty), counted %lu (%lu)",
			 (unsigned long long)inode->i_ino, nr, nr_dirty,
			 mapping->nrpages, mapping->nr_dirty);
		return -EUCLEAN;
	}
	*dirty += nr_dirty;
	return 0;
}

/**
 * filemap_audit() - check every inode's page cache: tree links, each
 * page's mapping/index/flags/reference, no page past EOF, and the page and
 * dirty counters, per inode and machine-wide.
 * Return: 0, or -EUCLEAN with @msg filled.
 */
int filemap_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	unsigned long b, pages = 0, dirty = 0, shmem = 0, inodes = 0;
	struct inode *inode;

	for (b = 0; b < m->inode_hash_size; b++) {
		for (inode = m->inode_hashtable[b]; inode; inode = inode->hash_next) {
			if (inode->i_count < 1 || inode->i_data.host != inode) {
				snprintf(msg, n, "inode %llu: count %d",
					 (unsigned long long)inode->i_ino, inode->i_count);
				return -EUCLEAN;
			}
			if (mapping_audit(&inode->i_data, &dirty, msg, n))
				return -EUCLEAN;
			pages += inode->i_data.nrpages;
			if (shmem_mapping(&inode->i_data))
				shmem += inode->i_data.nrpages;
			inodes++;
		}
	}
	if (pages != m->nr_file_pages || dirty != m->nr_file_dirty ||
	    shmem != m->nr_shmem || inodes != m->nr_inodes) {
		snprintf(msg, n, "page cache: %lu pages, %lu dirty, %lu shmem in %lu inodes; counted %lu, %lu, %lu, %lu",
			 pages, dirty, shmem, inodes, m->nr_file_pages,
			 m->nr_file_dirty, m->nr_shmem, m->nr_inodes);
		return -EUCLEAN;
	}
	return 0;
}
