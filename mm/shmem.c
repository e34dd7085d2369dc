// SPDX-License-Identifier: MIT
/*
 * Shared anonymous memory (Linux's shmem_zero_setup()): MAP_SHARED |
 * MAP_ANONYMOUS and shared mappings of /dev/zero get an in-memory object
 * of the mapping's size, named "/dev/zero (deleted)", whose pages live
 * in its page cache (or, swapped, as swap entries in it) and are made
 * zeroed on the first fault.  Every mapping that shares the object (fork
 * keeps it) sees the same pages.
 */
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/falloc.h>
#include <linux/stat.h>
#include "mm/swap.h"

/* The internal shm mount's device, as maps prints it: 00:01. */
#define SHMEM_DEV	MKDEV(0, 1)

/*
 * shmem_fault() - the object's page at vmf->pgoff, zeroed when new.
 * A swapped-out page is read back (shmem_swapin_folio()): a major fault.
 * Return: 0 or VM_FAULT_MAJOR with vmf->page referenced, VM_FAULT_SIGBUS
 * past the object's size (as Linux: a grown mapping does not grow the
 * object) or when the swap read fails, VM_FAULT_OOM.
 */
static vm_fault_t shmem_fault(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct page *page;
	bool major;

	if ((u64)vmf->pgoff >= DIV_ROUND_UP(file->f_inode->i_size, PAGE_SIZE))
		return VM_FAULT_SIGBUS;
	page = filemap_get_page(file->f_mapping, vmf->pgoff, &major);
	if (IS_ERR(page))
		return PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	vmf->page = page;
	return major ? VM_FAULT_MAJOR : 0;
}

const struct vm_operations_struct shmem_anon_vm_ops = {
	.fault = shmem_fault,
	.map_pages = filemap_map_pages,
};

static int shmem_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &shmem_anon_vm_ops;
	return 0;
}

/* noop_fsync(): the pages are the object; there is nowhere to write. */
static int shmem_fsync(struct file *file, long long start, long long end,
		       int datasync)
{
	return 0;
}

/*
 * ->fallocate(): only punching a hole (madvise(MADV_REMOVE)): unmap the
 * range everywhere but private COW copies and free its pages.
 * Return: 0, or -EOPNOTSUPP for another mode (no preallocation yet).
 */
static long shmem_fallocate(struct file *file, int mode, long long offset,
			    long long len)
{
	if (mode != (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	unmap_mapping_range(file->f_mapping, offset, len, /* even_cows = */ false);
	truncate_inode_pages_range(file->f_mapping, offset, offset + len - 1);
	return 0;
}

static const struct file_operations shmem_fops = {
	.llseek = generic_file_llseek,
	.read_iter = generic_file_read_iter,
	.write_iter = generic_file_write_iter,
	.mmap = shmem_mmap,
	.fsync = shmem_fsync,
	.fallocate = shmem_fallocate,
};

/*
 * No ->read_folio (a new page is zeroed) and no ->writepages: dirty pages
 * are only flagged; reclaim swaps them out through shmem_writeout().
 */
static const struct address_space_operations shmem_aops = {
	.dirty_folio = noop_dirty_folio,
};

/** shmem_mapping() - is @mapping a shmem object's page cache? */
bool shmem_mapping(const struct address_space *mapping)
{
	return mapping->a_ops == &shmem_aops;
}

/**
 * shmem_zero_file() - a new shared anonymous object of @size bytes.
 * Return: its file (f_count 1, read-write), ERR_PTR(-EINVAL) for a size
 * over MAX_LFS_FILESIZE, or ERR_PTR(-ENOMEM).
 */
struct file *shmem_zero_file(unsigned long size)
{
	struct mml_machine *m = current_machine();
	struct inode *inode;
	struct file *f;

	if (size > (unsigned long)MAX_LFS_FILESIZE)
		return ERR_PTR(-EINVAL);
	inode = new_inode(SHMEM_DEV, ++m->shmem_last_ino);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_size = size;
	inode->i_mode = S_IFREG | 0777;
	inode->i_fop = &shmem_fops;
	inode->i_data.a_ops = &shmem_aops;
	inode->i_deleted = true;
	f = alloc_file(inode, O_RDWR, "/dev/zero", &shmem_fops);
	return f ? f : ERR_PTR(-ENOMEM);
}

/**
 * shmem_zero_setup() - back shared anonymous VMA @vma with a new shmem
 * object of its size, replacing (and releasing) any file it had.
 * Return: 0, or -ENOMEM.
 */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = shmem_zero_file(vma->vm_end - vma->vm_start);

	if (IS_ERR(file))
		return (int)PTR_ERR(file);
	if (vma->vm_file)
		fput(vma->vm_file);
	vma->vm_file = file;
	vma->vm_ops = &shmem_anon_vm_ops;
	return 0;
}

/** vma_is_shmem() - is @vma backed by a shmem object? */
bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &shmem_anon_vm_ops;
}

/* --- swap: a swapped page's entry in its object ------------------------------ */

/*
 * As Linux, a shmem object's swapped page is a value entry at its index
 * (swp_to_radix_entry()), holding one reference to the slot; the PTEs of
 * the mappings are cleared, not made swap entries, and the next fault
 * finds the entry in the object.  mapping->nrshadows counts them: shmem
 * objects keep no workingset shadows, so it is Linux's info->swapped.
 */
static void *swp_to_radix_entry(swp_entry_t entry)
{
	return xa_mk_value(entry.val);
}

static swp_entry_t radix_to_swp_entry(const void *arg)
{
	return (swp_entry_t){ xa_to_value(arg) };
}

/**
 * shmem_writeout() - reclaim moves unmapped shmem @page (isolated, the
 * caller holds a reference) out of its object: a slot, the swap cache,
 * the slot's entry at its index instead of the page (Linux's
 * shmem_writeout() before swap_writeout()).  The caller writes it and
 * takes it out of the swap cache.
 * Return: 0; -ENOMEM without a free slot or tree node (the page stays in
 * its object; Linux redirties and activates it).
 */
int shmem_writeout(struct page *page)
{
	struct address_space *mapping = page->mapping;
	pgoff_t index = page->index;
	swp_entry_t entry;
	bool lru;

	if (!mapping || !shmem_mapping(mapping) || page_mapcount(page))
		return -EINVAL;
	entry = get_swap_page();
	if (!entry.val)
		return -ENOMEM;
	/* swap_shmem_alloc(): the object's reference to the slot. */
	if (swap_duplicate(entry) ||
	    filemap_add_value(mapping, index, swp_to_radix_entry(entry))) {
		swap_free(entry);
		put_swap_page(entry);
		return -ENOMEM;
	}
	/* The slot has SWAP_HAS_CACHE from get_swap_page(): cannot fail. */
	add_to_swap_cache(page, entry);
	/*
	 * shmem_delete_from_page_cache() keeps the data, the swap cache's now:
	 * still swap-backed, on the anon LRU (MADV_PAGEOUT does not isolate).
	 */
	lru = PageLRU(page);
	lru_del_page(page);
	delete_from_page_cache(page);
	SetPageSwapBacked(page);
	SetPageUptodate(page);
	SetPageDirty(page);
	if (lru)
		lru_cache_add(page);
	return 0;
}

/**
 * shmem_swapin_folio() - bring @mapping's swapped page at @index back: read
 * through the swap cache, put it in the object in place of its swap entry,
 * mark it dirty and free the slot (Linux frees it at once: the only copy
 * is the page now).  *@major (if given) is set when it was read.
 * Return: the page referenced; ERR_PTR(-ENOMEM) or ERR_PTR(-EIO).
 */
struct page *shmem_swapin_folio(struct address_space *mapping, pgoff_t index,
				bool *major)
{
	void *value = filemap_load_value(mapping, index);
	swp_entry_t entry;
	struct page *page;
	bool new_page;
	int err;

	if (major)
		*major = false;
	if (!value)
		return ERR_PTR(-ENOENT);
	entry = radix_to_swp_entry(value);
	page = read_swap_cache_async(entry, &new_page);
	if (IS_ERR(page))
		return page;
	if (!page)
		return ERR_PTR(-ENOMEM);
	err = add_to_page_cache(page, mapping, index);
	if (err) {
		put_page(page);
		return ERR_PTR(err == -EEXIST ? -EIO : err);
	}
	filemap_erase_value(mapping, index);
	if (new_page && major)
		*major = true;
	folio_mark_dirty(page);
	delete_from_swap_cache(page);
	swap_free(entry);	/* the object's reference */
	return page;
}

/** shmem_free_swap() - a shmem swap entry was removed from its object. */
void shmem_free_swap(void *entry)
{
	if (xa_is_value(entry))
		free_swap_and_cache(radix_to_swp_entry(entry));
}

/*
 * shmem_walk_swap() - call @fn on each swap entry stored in every shmem
 * object, in index order per object; stop at the first non-zero return
 * and give it back.  @fn may take the entry out of its object.
 */
static int shmem_walk_swap(int (*fn)(struct address_space *mapping,
				     pgoff_t index, swp_entry_t entry, void *arg),
			   void *arg)
{
	struct mml_machine *m = current_machine();
	struct inode *inode;
	unsigned long b;
	int err;

	for (b = 0; b < m->inode_hash_size; b++) {
		for (inode = m->inode_hashtable[b]; inode; inode = inode->hash_next) {
			struct address_space *mapping = &inode->i_data;
			pgoff_t index = 0;
			void *value;

			if (!shmem_mapping(mapping))
				continue;
			while ((value = filemap_find_value(mapping, &index, ~0UL))) {
				err = fn(mapping, index, radix_to_swp_entry(value), arg);
				if (err)
					return err;
				if (index++ == ~0UL)
					break;
			}
		}
	}
	return 0;
}

struct shmem_swap_visit {
	void (*fn)(unsigned long val, void *arg);
	void *arg;
};

static int shmem_visit_entry(struct address_space *mapping, pgoff_t index,
			     swp_entry_t entry, void *arg)
{
	struct shmem_swap_visit *v = arg;

	v->fn(entry.val, v->arg);
	return 0;
}

/* Call @fn on each swap entry (its value) stored in every shmem object. */
void shmem_for_each_swap(void (*fn)(unsigned long val, void *arg), void *arg)
{
	struct shmem_swap_visit v = { .fn = fn, .arg = arg };

	shmem_walk_swap(shmem_visit_entry, &v);
}

/* Bring back the page at @index of @mapping if it was swapped to area *@arg. */
static int shmem_unuse_entry(struct address_space *mapping, pgoff_t index,
			     swp_entry_t entry, void *arg)
{
	struct page *page;

	if (swp_type(entry) != *(unsigned int *)arg)
		return 0;
	page = shmem_swapin_folio(mapping, index, NULL);
	if (IS_ERR(page))
		return (int)PTR_ERR(page);
	put_page(page);
	return 0;
}

/*
 * shmem_unuse() - swapoff of area @type: every shmem object's page
 * swapped there comes back into its object.  Return: 0, -ENOMEM or -EIO.
 */
int shmem_unuse(unsigned int type)
{
	return shmem_walk_swap(shmem_unuse_entry, &type);
}

/**
 * shmem_swap_usage() - pages of @mapping in [@start, @end) that are
 * swapped (Linux's shmem_partial_swap_usage(), for smaps' "Swap:").
 */
unsigned long shmem_swap_usage(struct address_space *mapping, pgoff_t start,
			       pgoff_t end)
{
	unsigned long swapped = 0;
	pgoff_t index = start;

	if (!shmem_mapping(mapping))
		return 0;
	while (index < end && filemap_find_value(mapping, &index, end - 1)) {
		swapped++;
		if (index++ == ~0UL)
			break;
	}
	return swapped;
}
