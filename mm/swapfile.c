// SPDX-License-Identifier: MIT
/*
 * Swap areas on host files: mkswap's header, swapon(2)/swapoff(2) with
 * Linux's checks, errors and priorities, /proc/swaps, the swap_map counts
 * of every slot and the cluster allocator that hands slots out, and
 * swap_out_page(), the whole pageout of one anonymous page.
 *
 * The allocator is Linux 6.x's simplified to one CPU: slots come in
 * clusters of SWAPFILE_CLUSTER; allocation goes on after the last slot
 * handed out while its cluster has room, then takes the first non-full
 * cluster, then the first free one.  Slot 0 holds the header (bad).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/syscalls.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/sched.h>
#include <linux/rmap.h>
#include <linux/seq_buf.h>
#include <linux/trace.h>
#include <asm/tlbflush.h>
#include "mm/internal.h"
#include "mm/swap.h"

static struct swap_state *swap_state(void)
{
	return current_machine()->swap;
}

static struct swap_state *swap_state_get(void)
{
	struct mml_machine *m = current_machine();

	if (!m->swap) {
		m->swap = calloc(1, sizeof(*m->swap));
		if (!m->swap)
			return NULL;
		INIT_LIST_HEAD(&m->swap->avail);
		m->swap->least_priority = -1;
	}
	return m->swap;
}

/** get_nr_swap_pages() - free slots in the writable swap areas. */
long get_nr_swap_pages(void)
{
	struct swap_state *ss = swap_state();

	return ss ? ss->nr_swap_pages : 0;
}

long total_swap_pages(void)
{
	struct swap_state *ss = swap_state();

	return ss ? ss->total_swap_pages : 0;
}

void si_swapinfo(unsigned long *freeswap, unsigned long *totalswap)
{
	*freeswap = (unsigned long)get_nr_swap_pages();
	*totalswap = (unsigned long)total_swap_pages();
}

/* vm_swap_full(): more than half of the swap space is used. */
bool vm_swap_full(void)
{
	return get_nr_swap_pages() * 2 < total_swap_pages();
}

/* --- the swap_map counts ----------------------------------------------------------- */

struct swap_info_struct *swp_swap_info(swp_entry_t entry)
{
	struct swap_state *ss = swap_state();
	unsigned int type = swp_type(entry);

	if (!ss || type >= ss->nr_swapfiles || !ss->swap_info[type] ||
	    !(ss->swap_info[type]->flags & SWP_USED))
		return NULL;
	return ss->swap_info[type];
}

/* The area of @entry if the entry is one of its slots, else NULL. */
struct swap_info_struct *get_swap_device(swp_entry_t entry)
{
	struct swap_info_struct *si = swp_swap_info(entry);

	if (!si || !swp_offset(entry) || swp_offset(entry) >= si->max)
		return NULL;
	return si;
}

static unsigned int slot_count(struct swap_info_struct *si, unsigned long off)
{
	unsigned int c = si->swap_map[off] & ~(SWAP_HAS_CACHE | COUNT_CONTINUED);

	if (c == SWAP_MAP_BAD)
		return 0;
	if (si->swap_map[off] & COUNT_CONTINUED)
		c += si->swap_cont[off];
	return c;
}

static void slot_set_count(struct swap_info_struct *si, unsigned long off,
			   unsigned int c)
{
	unsigned char cache = si->swap_map[off] & SWAP_HAS_CACHE;

	if (c > SWAP_MAP_MAX) {
		si->swap_cont[off] = c - SWAP_MAP_MAX;
		si->swap_map[off] = SWAP_MAP_MAX | COUNT_CONTINUED | cache;
	} else {
		if (si->swap_cont)
			si->swap_cont[off] = 0;
		si->swap_map[off] = (unsigned char)c | cache;
	}
}

/** __swap_count() - the references (PTEs) to @entry's slot. */
int __swap_count(swp_entry_t entry)
{
	struct swap_info_struct *si = get_swap_device(entry);

	return si ? (int)slot_count(si, swp_offset(entry)) : 0;
}

int swp_swapcount(swp_entry_t entry)
{
	return __swap_count(entry);
}

static struct swap_cluster_info *slot_cluster(struct swap_info_struct *si,
					      unsigned long off)
{
	return &si->cluster_info[off / SWAPFILE_CLUSTER];
}

static void cluster_move(struct swap_info_struct *si,
			 struct swap_cluster_info *ci)
{
	unsigned int list = ci->count == 0 ? CLUSTER_LIST_FREE :
			    ci->count == SWAPFILE_CLUSTER ? CLUSTER_LIST_FULL :
			    CLUSTER_LIST_NONFULL;
	struct list_head *head = list == CLUSTER_LIST_FREE ? &si->free_clusters :
				 list == CLUSTER_LIST_FULL ? &si->full_clusters :
				 &si->nonfull_clusters;

	if (list == ci->list)
		return;
	list_del(&ci->node);
	list_add_tail(&ci->node, head);
	ci->list = list;
}

static void swap_range_alloc(struct swap_info_struct *si, unsigned long off)
{
	struct swap_cluster_info *ci = slot_cluster(si, off);

	si->swap_map[off] = SWAP_HAS_CACHE;
	ci->count++;
	cluster_move(si, ci);
	si->inuse_pages++;
	swap_state()->nr_swap_pages--;
}

/* The slot is no longer referenced nor cached: it is free again. */
static void swap_range_free(struct swap_info_struct *si, unsigned long off)
{
	struct swap_cluster_info *ci = slot_cluster(si, off);

	si->swap_map[off] = 0;
	if (si->swap_cont)
		si->swap_cont[off] = 0;
	ci->count--;
	cluster_move(si, ci);
	si->inuse_pages--;
	if (si->flags & SWP_WRITEOK)
		swap_state()->nr_swap_pages++;
}

/* A free slot in the cluster of @from, at or after @from. */
static unsigned long scan_cluster(struct swap_info_struct *si, unsigned long from)
{
	unsigned long end = min(ALIGN_DOWN(from, SWAPFILE_CLUSTER) + SWAPFILE_CLUSTER,
				(unsigned long)si->max);

	for (; from < end; from++)
		if (!si->swap_map[from])
			return from;
	return 0;
}

static unsigned long cluster_alloc_swap_entry(struct swap_info_struct *si)
{
	struct swap_cluster_info *ci;
	unsigned long off = 0;

	if (si->next)
		off = scan_cluster(si, si->next);
	if (!off && !list_empty(&si->nonfull_clusters)) {
		ci = list_first_entry(&si->nonfull_clusters,
				      struct swap_cluster_info, node);
		off = scan_cluster(si, (unsigned long)(ci - si->cluster_info) * SWAPFILE_CLUSTER);
	}
	if (!off && !list_empty(&si->free_clusters)) {
		ci = list_first_entry(&si->free_clusters,
				      struct swap_cluster_info, node);
		off = scan_cluster(si, (unsigned long)(ci - si->cluster_info) * SWAPFILE_CLUSTER);
	}
	if (!off)
		return 0;
	swap_range_alloc(si, off);
	si->next = (off + 1) % SWAPFILE_CLUSTER ? (unsigned int)off + 1 : 0;
	return off;
}

/**
 * get_swap_page() - a free slot of the highest-priority area that has
 * one (areas of equal priority take turns), marked SWAP_HAS_CACHE.
 * Return: the entry, or val 0 when swap is full or absent.
 */
swp_entry_t get_swap_page(void)
{
	struct swap_state *ss = swap_state();
	struct swap_info_struct *si, *tmp;
	unsigned long off;

	if (!ss || ss->nr_swap_pages <= 0 || should_fail(FAIL_SWAP_SLOT))
		return (swp_entry_t){ 0 };
	list_for_each_entry_safe(si, tmp, &ss->avail, avail) {
		off = cluster_alloc_swap_entry(si);
		if (!off)
			continue;
		/* Round robin among areas of one priority (plist_requeue). */
		if (!list_is_last(&si->avail, &ss->avail) &&
		    list_next_entry(si, avail)->prio == si->prio) {
			struct swap_info_struct *last = si;

			while (!list_is_last(&last->avail, &ss->avail) &&
			       list_next_entry(last, avail)->prio == si->prio)
				last = list_next_entry(last, avail);
			list_del(&si->avail);
			list_add(&si->avail, &last->avail);
		}
		return swp_entry((unsigned long)si->type, off);
	}
	return (swp_entry_t){ 0 };
}

/* Drop one reference (@cache: the swap cache's) to the slot. */
static void swap_entry_put(struct swap_info_struct *si, unsigned long off,
			   bool cache)
{
	unsigned int c = slot_count(si, off);

	if (cache)
		si->swap_map[off] &= (unsigned char)~SWAP_HAS_CACHE;
	else if (c)
		slot_set_count(si, off, c - 1);
	if (!si->swap_map[off])
		swap_range_free(si, off);
}

/** put_swap_page() - the swap cache lets go of @entry's slot. */
void put_swap_page(swp_entry_t entry)
{
	struct swap_info_struct *si = get_swap_device(entry);

	if (si)
		swap_entry_put(si, swp_offset(entry), true);
}

/**
 * swap_duplicate() - one more reference to @entry (fork, unmap).  Counts
 * above SWAP_MAP_MAX continue in swap_cont[], Linux's continuation pages,
 * whose allocation may fail.  Return: 0, -ENOENT for a free slot,
 * -EINVAL for a bad entry, -ENOMEM.
 */
int swap_duplicate(swp_entry_t entry)
{
	struct swap_info_struct *si = get_swap_device(entry);
	unsigned long off = swp_offset(entry);
	unsigned int c;

	if (!si) {
		pr_err("swap_dup: Bad swap file entry %08lx\n", entry.val);
		return -EINVAL;
	}
	if (si->swap_map[off] == SWAP_MAP_BAD)
		return -ENOENT;
	c = slot_count(si, off);
	if (!c && !(si->swap_map[off] & SWAP_HAS_CACHE))
		return -ENOENT;
	if (c >= SWAP_MAP_MAX) {
		if (!si->swap_cont) {
			if (should_fail(FAIL_PAGE_ALLOC))
				return -ENOMEM;
			si->swap_cont = calloc(si->max, sizeof(*si->swap_cont));
			if (!si->swap_cont)
				return -ENOMEM;
		}
	}
	slot_set_count(si, off, c + 1);
	return 0;
}

/** swap_free() - drop a PTE's reference to @entry. */
void swap_free(swp_entry_t entry)
{
	struct swap_info_struct *si = get_swap_device(entry);

	if (!si) {
		pr_err("swap_free: Bad swap file entry %08lx\n", entry.val);
		return;
	}
	swap_entry_put(si, swp_offset(entry), false);
}

/**
 * folio_free_swap() - if nothing references @page's slot any more, take
 * it out of the swap cache (the page stays, as an ordinary anon page).
 * Return: true if it was.
 */
bool folio_free_swap(struct page *page)
{
	if (!PageSwapCache(page) || PageWriteback(page) ||
	    __swap_count(page_swap_entry(page)))
		return false;
	delete_from_swap_cache(page);
	return true;
}

/**
 * free_swap_cache() - a page whose last mapping was just zapped leaves the
 * swap cache if its slot is no longer referenced (free_pages_and_swap_cache()).
 */
void free_swap_cache(struct page *page)
{
	page = compound_head(page);
	if (PageSwapCache(page) && !page_mapcount(page))
		folio_free_swap(page);
}

/**
 * free_swap_and_cache() - a PTE holding @entry is zapped: drop its
 * reference; when only the swap cache still holds the slot and the cached
 * page is not mapped (or swap is more than half full), drop that too.
 */
void free_swap_and_cache(swp_entry_t entry)
{
	struct swap_info_struct *si = get_swap_device(entry);
	unsigned long off = swp_offset(entry);
	struct page *page;

	if (!si) {
		pr_err("free_swap_and_cache: Bad swap file entry %08lx\n", entry.val);
		return;
	}
	swap_entry_put(si, off, false);
	if (si->swap_map[off] != SWAP_HAS_CACHE)
		return;
	page = si->swap_cache[off];
	if (page && (!page_mapcount(page) || vm_swap_full()))
		folio_free_swap(page);
}

/* --- pageout ----------------------------------------------------------------------- */

/**
 * pageout_anon_page() - shrink_folio_list() for one anonymous (or shmem:
 * shmem_writeout()) page the caller holds a reference to: give it a slot and put it in the swap
 * cache (add_to_swap()), replace every PTE that maps it with the swap
 * entry (try_to_unmap()), and write it if dirty (pageout()).  Linux's
 * write to a block device completes later, so the pass that started it
 * keeps the page, clean, in the swap cache until a later reclaim frees
 * it; @free_it is that later pass (a clean, unmapped page in the swap
 * cache needs nothing else).
 * Return: as swap_out_page(); without @free_it the caller keeps its
 * reference whatever happens.
 */
int pageout_anon_page(struct page *page, bool free_it)
{
	int err;

	page = compound_head(page);
	if (!PageSwapBacked(page) || PageMlocked(page) || PageHead(page))
		return -EINVAL;
	if (!PageAnon(page) && !PageSwapCache(page)) {
		/* shmem: PTEs cleared, its object holds the swap entry. */
		if (!page->mapping || !shmem_mapping(page->mapping))
			return -EINVAL;
		if (!try_to_unmap(page))
			return -EBUSY;
		if (shmem_writeout(page))
			return -ENOMEM;
	} else if (!PageSwapCache(page) && !add_to_swap(page)) {
		return -ENOMEM;
	}
	if (!try_to_unmap(page))
		return -EBUSY;
	if (PageDirty(page)) {
		err = swap_writepage(page);
		if (err)
			return err;
	}
	if (!free_it)
		return 0;
	/* __remove_mapping(): only the cache's and the caller's are left. */
	if (page_ref_count(page) != 2)
		return -EAGAIN;
	delete_from_swap_cache(page);
	put_page(page);
	return 0;
}

/**
 * swap_out_page() - the whole pageout of one anonymous page the caller
 * holds a reference to (reclaim's entry point): pageout_anon_page() and
 * the page freed.  The caller's reference is consumed on success.
 * Return: 0; -EINVAL for a page that is not anonymous, -ENOMEM when no
 * slot is free, -EBUSY when a mapping stays (mlocked), -EIO when the
 * write fails, -EAGAIN when someone else holds the page.  On failure the
 * page is still mapped, or in the swap cache where a fault finds it, and
 * the caller keeps its reference.
 */
int swap_out_page(struct page *page)
{
	return pageout_anon_page(page, true);
}

/* --- mkswap, swapon, swapoff ------------------------------------------------------- */

/* Open @path for the swap code: a new reference to its struct file. */
static long swap_open(const char *path, int flags,
		      int mode, struct file **filp)
{
	long fd = do_sys_open(path, flags | O_LARGEFILE, mode);

	if (fd < 0)
		return fd;
	*filp = get_file(fget((int)fd));
	close_fd((int)fd);
	return 0;
}

static u64 swap_rand(void)
{
	struct mml_machine *m = current_machine();
	static const u64 mul = 6364136223846793005ULL;

	m->cfg.seed = m->cfg.seed * mul + 1442695040888963407ULL;
	return m->cfg.seed >> 11;
}

/**
 * mkswap_file() - format @path as a swap area as util-linux's mkswap
 * does: @size bytes (0: the file's size; the file is created and filled
 * with zeros, no holes), version 1, last_page, a random (seeded) UUID,
 * the label, "SWAPSPACE2".  Return: 0 or -errno; -EINVAL below 10 pages.
 */
int mkswap_file(const char *path, unsigned long size,
		const char *label)
{
	union swap_header *hdr;
	struct file *f = NULL;
	unsigned long pages, off;
	long long fsize, blocks;
	int err, i;
	long n;

	err = (int)swap_open(path, O_RDWR | O_CREAT, 0600, &f);
	if (err)
		return err;
	if (!S_ISREG(f->f_inode->i_mode)) {
		err = -EINVAL;
		goto out;
	}
	err = vfs_getattr_blocks(f, &fsize, &blocks);
	if (err)
		goto out;
	if (!size)
		size = (unsigned long)fsize;
	pages = size / PAGE_SIZE;
	if (pages < 10 || pages - 1 > 0xffffffffUL) {
		err = -EINVAL;
		goto out;
	}
	hdr = calloc(1, PAGE_SIZE);
	if (!hdr) {
		err = -ENOMEM;
		goto out;
	}
	/*
	 * Blocks under the whole area, so that swapon finds no holes: one
	 * preallocation, or zeros written where the host cannot preallocate.
	 */
	err = (int)vfs_fallocate(f, 0, 0, (long long)(pages * PAGE_SIZE));
	if (err == -EOPNOTSUPP) {
		err = 0;
		for (off = 0; off < pages && !err; off++) {
			n = kernel_write_direct(f, hdr, PAGE_SIZE,
						(long long)(off * PAGE_SIZE));
			if (n != (long)PAGE_SIZE)
				err = n < 0 ? (int)n : -EIO;
		}
	}
	if (!err && (unsigned long)fsize > pages * PAGE_SIZE)
		err = vfs_truncate_file(f, (long long)(pages * PAGE_SIZE));
	hdr->info.version = 1;
	hdr->info.last_page = (u32)(pages - 1);
	for (i = 0; i < 16; i += 8) {
		u64 r = swap_rand();

		memcpy(hdr->info.sws_uuid + i, &r, 8);
	}
	hdr->info.sws_uuid[6] = (hdr->info.sws_uuid[6] & 0x0f) | 0x40;
	hdr->info.sws_uuid[8] = (hdr->info.sws_uuid[8] & 0x3f) | 0x80;
	if (label)
		memcpy(hdr->info.sws_volume, label,
		       min(strlen(label), sizeof(hdr->info.sws_volume)));
	memcpy(hdr->magic.magic, "SWAPSPACE2", 10);
	if (!err) {
		n = kernel_write_direct(f, hdr, PAGE_SIZE, 0);
		if (n != (long)PAGE_SIZE)
			err = n < 0 ? (int)n : -EIO;
	}
	if (!err)
		err = (int)vfs_fsync(f);
	free(hdr);
out:
	fput(f);
	return err;
}

static void swap_info_free(struct swap_info_struct *si)
{
	if (si->swap_file)
		fput(si->swap_file);
	free(si->swap_map);
	free(si->swap_cont);
	free(si->cluster_info);
	free(si->swap_cache);
	free(si->path);
	free(si);
}

/* Insert @si in the available list, highest priority first. */
static void add_to_avail_list(struct swap_state *ss, struct swap_info_struct *si)
{
	struct swap_info_struct *p;

	list_for_each_entry(p, &ss->avail, avail) {
		if (p->prio < si->prio) {
			list_add_tail(&si->avail, &p->avail);
			return;
		}
	}
	list_add_tail(&si->avail, &ss->avail);
}

static int setup_clusters(struct swap_info_struct *si)
{
	unsigned int i;
	unsigned long off;

	si->nr_clusters = DIV_ROUND_UP(si->max, SWAPFILE_CLUSTER);
	si->cluster_info = calloc(si->nr_clusters, sizeof(*si->cluster_info));
	if (!si->cluster_info)
		return -ENOMEM;
	INIT_LIST_HEAD(&si->free_clusters);
	INIT_LIST_HEAD(&si->nonfull_clusters);
	INIT_LIST_HEAD(&si->full_clusters);
	for (off = 0; off < (unsigned long)si->nr_clusters * SWAPFILE_CLUSTER; off++)
		if (off >= si->max || si->swap_map[off] == SWAP_MAP_BAD)
			slot_cluster(si, off)->count++;
	for (i = 0; i < si->nr_clusters; i++) {
		struct swap_cluster_info *ci = &si->cluster_info[i];

		INIT_LIST_HEAD(&ci->node);
		ci->list = ~0u;
		cluster_move(si, ci);
	}
	return 0;
}

/* read_swap_header(): check page 0 of the area.  Return: maxpages or -errno. */
static long read_swap_header(struct swap_info_struct *si, union swap_header *hdr,
			     unsigned long filepages)
{
	unsigned long maxpages, i;

	if (memcmp("SWAPSPACE2", hdr->magic.magic, 10)) {
		pr_err("Unable to find swap-space signature\n");
		return -EINVAL;
	}
	if (hdr->info.version != 1) {
		pr_warn("Unable to handle swap header version %u\n", hdr->info.version);
		return -EINVAL;
	}
	maxpages = (unsigned long)hdr->info.last_page + 1;
	if (maxpages > filepages) {
		pr_warn("Swap area shorter than signature indicates\n");
		return -EINVAL;
	}
	if (hdr->info.nr_badpages > MAX_SWAP_BADPAGES)
		return -EINVAL;
	si->max = (unsigned int)maxpages;
	si->swap_map = calloc(maxpages, 1);
	si->swap_cache = calloc(maxpages, sizeof(*si->swap_cache));
	if (!si->swap_map || !si->swap_cache)
		return -ENOMEM;
	si->swap_map[0] = SWAP_MAP_BAD;
	for (i = 0; i < hdr->info.nr_badpages; i++) {
		u32 b = hdr->info.badpages[i];

		if (b == 0 || b > hdr->info.last_page)
			return -EINVAL;
		si->swap_map[b] = SWAP_MAP_BAD;
	}
	si->pages = 0;
	for (i = 1; i < maxpages; i++)
		si->pages += si->swap_map[i] != SWAP_MAP_BAD;
	if (!si->pages) {
		pr_warn("Empty swap-file\n");
		return -EINVAL;
	}
	return (long)maxpages;
}

static bool swap_file_in_use(struct swap_state *ss, struct inode *inode)
{
	unsigned int i;

	for (i = 0; i < ss->nr_swapfiles; i++)
		if (ss->swap_info[i] && ss->swap_info[i]->swap_file &&
		    ss->swap_info[i]->swap_file->f_inode == inode)
			return true;
	return false;
}

/**
 * ksys_swapon() - swapon(2) of a kernel path: make the host file @path a
 * swap area.
 * @swap_flags: SWAP_FLAG_PREFER | priority, SWAP_FLAG_DISCARD* (accepted;
 * a host file has nothing to discard).
 * Return: 0; -EINVAL for unknown flags, a file that is not a swap area
 * (no signature, version != 1, shorter than its header says, no usable
 * page, holes) or not a regular file; -EBUSY if it is already in use;
 * -EPERM when all MAX_SWAPFILES types are taken; the open's error.
 */
long ksys_swapon(const char *path, int swap_flags)
{
	struct swap_state *ss;
	struct swap_info_struct *si;
	union swap_header *hdr = NULL;
	long long fsize, blocks;
	unsigned long filepages;
	unsigned int type;
	long err, n;

	if (swap_flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	ss = swap_state_get();
	if (!ss)
		return -ENOMEM;
	for (type = 0; type < ss->nr_swapfiles; type++)
		if (!ss->swap_info[type])
			break;
	if (type >= MAX_SWAPFILES)
		return -EPERM;
	si = calloc(1, sizeof(*si));
	if (!si)
		return -ENOMEM;
	si->type = (signed char)type;
	INIT_LIST_HEAD(&si->avail);
	err = swap_open(path, O_RDWR, 0, &si->swap_file);
	if (err)
		goto bad;
	err = -EINVAL;
	if (!S_ISREG(si->swap_file->f_inode->i_mode) ||
	    si->swap_file->f_inode->host_fd < 0)
		goto bad;
	err = -EBUSY;
	if (swap_file_in_use(ss, si->swap_file->f_inode))
		goto bad;
	err = vfs_getattr_blocks(si->swap_file, &fsize, &blocks);
	if (err)
		goto bad;
	filepages = (unsigned long)fsize >> PAGE_SHIFT;
	err = -EINVAL;
	if (filepages < 1)
		goto bad;
	hdr = malloc(PAGE_SIZE);
	err = -ENOMEM;
	if (!hdr)
		goto bad;
	n = kernel_read_direct(si->swap_file, hdr, PAGE_SIZE, 0);
	err = n < 0 ? n : -EINVAL;
	if (n != (long)PAGE_SIZE)
		goto bad;
	err = read_swap_header(si, hdr, filepages);
	if (err < 0)
		goto bad;
	/* A swap file may not have holes (swapfile_activate's check). */
	if ((unsigned long)blocks * 512 < (unsigned long)si->max * PAGE_SIZE) {
		pr_err("swapon: swapfile has holes\n");
		err = -EINVAL;
		goto bad;
	}
	err = setup_clusters(si);
	if (err)
		goto bad;
	si->path = strdup(si->swap_file->f_path ? si->swap_file->f_path : path);
	err = -ENOMEM;
	if (!si->path)
		goto bad;
	if (swap_flags & SWAP_FLAG_PREFER)
		si->prio = (short)(swap_flags & SWAP_FLAG_PRIO_MASK);
	else
		si->prio = (short)--ss->least_priority;
	si->flags = SWP_USED | SWP_WRITEOK | SWP_FILE;
	ss->swap_info[type] = si;
	if (type == ss->nr_swapfiles)
		ss->nr_swapfiles++;
	add_to_avail_list(ss, si);
	ss->nr_swap_pages += si->pages;
	ss->total_swap_pages += si->pages;
	pr_info("Adding %uk swap on %s.  Priority:%d extents:1 across:%luk \n",
		si->pages << (PAGE_SHIFT - 10), si->path, si->prio,
		(filepages - 1) << (PAGE_SHIFT - 10));
	trace_m("swapon: %s type %u, %u pages, priority %d", si->path, type,
		si->pages, si->prio);
	free(hdr);
	return 0;
bad:
	free(hdr);
	swap_info_free(si);
	return err;
}

/* unuse_pte_range() for one VMA: bring @type's pages back, PTE by PTE. */
static int unuse_vma(struct vm_area_struct *vma, unsigned int type)
{
	unsigned long addr;
	int err = 0;

	for (addr = vma->vm_start; addr < vma->vm_end && !err; addr += PAGE_SIZE) {
		pte_t *ptep = pte_offset_map_mm(vma->vm_mm, addr);
		swp_entry_t entry;
		struct page *page;
		bool new_page;
		pte_t pte;

		if (!ptep) {
			addr = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE - PAGE_SIZE;
			continue;
		}
		pte = ptep_get(ptep);
		if (!is_swap_pte(pte))
			continue;
		entry = pte_to_swp_entry(pte);
		if (non_swap_entry(entry) || swp_type(entry) != type)
			continue;
		page = read_swap_cache_async(entry, &new_page);
		if (IS_ERR_OR_NULL(page))
			return page ? (int)PTR_ERR(page) : -ENOMEM;
		err = unuse_vma_entry(vma, addr, ptep, page);
		put_page(page);
	}
	return err;
}

/* try_to_unuse(): every PTE of every task that holds @type's entries. */
static int try_to_unuse(struct swap_info_struct *si)
{
	struct mml_machine *m = current_machine();
	struct task_struct *t;
	struct vm_area_struct *vma;
	unsigned long off;
	int err;

	lru_add_drain_all();	/* the batches' references are no users' */
	if (m->tasks.next) {
		list_for_each_entry(t, &m->tasks, tasks) {
			for (vma = t->mm->mmap; vma; vma = vma->vm_next) {
				if (!vma->anon_vma)
					continue;
				err = unuse_vma(vma, (unsigned int)si->type);
				if (err)
					return err;
			}
		}
	}
	err = shmem_unuse((unsigned int)si->type);
	if (err)
		return err;
	for (off = 1; off < si->max; off++) {
		if (si->swap_map[off] == SWAP_MAP_BAD || !si->swap_map[off])
			continue;
		if (si->swap_cache[off] && !slot_count(si, off))
			delete_from_swap_cache(si->swap_cache[off]);
		if (si->swap_map[off]) {
			pr_err("swapoff: slot %lu still has %u references\n",
			       off, slot_count(si, off));
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * ksys_swapoff() - swapoff(2) of a kernel path: bring every page of the area at @path back
 * into memory and stop using it.  Return: 0; -EINVAL if @path is not an
 * active swap area; -ENOMEM (or -EIO) when a page cannot come back: the
 * area then stays on, the pages already back stay in memory.
 */
long ksys_swapoff(const char *path)
{
	struct swap_state *ss = swap_state();
	struct swap_info_struct *si = NULL, *p;
	struct file *f = NULL;
	unsigned int i;
	long err;

	err = swap_open(path, O_RDWR, 0, &f);
	if (err)
		return err;
	for (i = 0; ss && i < ss->nr_swapfiles; i++)
		if (ss->swap_info[i] && ss->swap_info[i]->swap_file->f_inode == f->f_inode)
			si = ss->swap_info[i];
	fput(f);
	if (!si || !(si->flags & SWP_WRITEOK))
		return -EINVAL;
	/* del_from_avail_list(): no new slots while the pages come back. */
	list_del_init(&si->avail);
	si->flags &= ~(unsigned long)SWP_WRITEOK;
	ss->nr_swap_pages -= si->pages - si->inuse_pages;
	ss->total_swap_pages -= si->pages;
	err = try_to_unuse(si);
	if (err) {
		/* reinsert_swap_info() */
		si->flags |= SWP_WRITEOK;
		ss->nr_swap_pages += si->pages - si->inuse_pages;
		ss->total_swap_pages += si->pages;
		add_to_avail_list(ss, si);
		return err;
	}
	if (si->prio < 0) {
		for (i = 0; i < ss->nr_swapfiles; i++) {
			p = ss->swap_info[i];
			if (p && p != si && p->prio < si->prio) {
				p->prio++;
				list_del(&p->avail);
				if (p->flags & SWP_WRITEOK)
					add_to_avail_list(ss, p);
				else
					INIT_LIST_HEAD(&p->avail);
			}
		}
		ss->least_priority++;
	}
	ss->swap_info[si->type] = NULL;
	while (ss->nr_swapfiles && !ss->swap_info[ss->nr_swapfiles - 1])
		ss->nr_swapfiles--;
	trace_m("swapoff: %s", si->path);
	swap_info_free(si);
	return 0;
}

/* swapon(2), swapoff(2): the path from the task's user memory. */
SYSCALL_DEFINE2(swapon, const char __user *, specialfile, int, swap_flags)
{
	char path[PATH_MAX];
	long ret = getname((unsigned long)specialfile, path, false);

	if (ret < 0)
		return ret;
	return ksys_swapon(path, swap_flags);
}

SYSCALL_DEFINE1(swapoff, const char __user *, specialfile)
{
	char path[PATH_MAX];
	long ret = getname((unsigned long)specialfile, path, false);

	if (ret < 0)
		return ret;
	return ksys_swapoff(path);
}

/* seq_file_path(): @path with " \t\n\\" escaped as octal.  Return: its length. */
static int put_escaped_path(struct seq_buf *s, const char *path)
{
	int len = 0;

	for (; *path; path++) {
		if (strchr(" \t\n\\", *path)) {
			seq_printf(s, "\\%03o", (unsigned char)*path);
			len += 4;
		} else {
			seq_putc(s, *path);
			len++;
		}
	}
	return len;
}

/** swaps_show() - /proc/swaps, in Linux's format. */
void swaps_show(struct seq_buf *s)
{
	struct swap_state *ss = swap_state();
	unsigned int i;

	seq_printf(s, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (i = 0; ss && i < ss->nr_swapfiles; i++) {
		struct swap_info_struct *si = ss->swap_info[i];
		unsigned long bytes, inuse;
		int len;

		if (!si || !(si->flags & SWP_WRITEOK))
			continue;
		bytes = (unsigned long)si->pages << (PAGE_SHIFT - 10);
		inuse = (unsigned long)si->inuse_pages << (PAGE_SHIFT - 10);
		len = put_escaped_path(s, si->path);
		seq_printf(s, "%*s%s\t%lu\t%s%lu\t%s%d\n", len < 40 ? 40 - len : 1,
			   " ", "file\t", bytes, bytes < 10000000 ? "\t" : "",
			   inuse, inuse < 10000000 ? "\t" : "", si->prio);
	}
}

/** swap_exit() - at shutdown: every area closed, its cache pages let go. */
void swap_exit(void)
{
	struct mml_machine *m = current_machine();
	struct swap_state *ss = m->swap;
	unsigned int i;
	unsigned long off;

	if (!ss)
		return;
	for (i = 0; i < ss->nr_swapfiles; i++) {
		struct swap_info_struct *si = ss->swap_info[i];

		if (!si)
			continue;
		for (off = 0; off < si->max; off++)
			if (si->swap_cache[off])
				delete_from_swap_cache(si->swap_cache[off]);
		swap_info_free(si);
	}
	free(ss);
	m->swap = NULL;
}

/* --- the audit --------------------------------------------------------------------- */

struct swap_audit {
	char *msg;
	size_t n;
	int err;
	unsigned int *refs[MAX_SWAPFILES];	/* PTE references per slot */
};

__printf(2, 3) static void swap_fail(struct swap_audit *a, const char *fmt, ...)
{
	va_list ap;

	if (a->err)
		return;
	a->err = -EUCLEAN;
	va_start(ap, fmt);
	vsnprintf(a->msg, a->n, fmt, ap);
	va_end(ap);
}

static void audit_swap_ptes(struct swap_audit *a, struct mm_struct *mm,
			    int pid)
{
	struct vm_area_struct *vma;
	unsigned long addr, swapents = 0;

	for (vma = mm->mmap; vma && !a->err; vma = vma->vm_next) {
		for (addr = vma->vm_start; addr < vma->vm_end && !a->err; addr += PAGE_SIZE) {
			pte_t *ptep = pte_offset_map_mm(mm, addr);
			struct swap_info_struct *si;
			swp_entry_t e;

			if (!ptep) {
				addr = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE - PAGE_SIZE;
				continue;
			}
			if (!is_swap_pte(*ptep))
				continue;
			e = pte_to_swp_entry(*ptep);
			if (non_swap_entry(e))
				continue;
			si = get_swap_device(e);
			if (!si) {
				swap_fail(a, "pid %d %#lx: swap entry %#lx of no area",
					  pid, addr, e.val);
				return;
			}
			a->refs[si->type][swp_offset(e)]++;
			swapents++;
		}
	}
	if (!a->err && swapents != get_mm_counter(mm, MM_SWAPENTS))
		swap_fail(a, "pid %d: MM_SWAPENTS is %ld, the page tables hold %lu",
			  pid, mm->rss_stat[MM_SWAPENTS], swapents);
}

/* A shmem object's swap entry: one reference to its slot. */
static void audit_shmem_entry(unsigned long val, void *arg)
{
	struct swap_audit *a = arg;
	swp_entry_t e = { val };
	struct swap_info_struct *si = get_swap_device(e);

	if (!si || swp_offset(e) >= si->max) {
		swap_fail(a, "shmem: swap entry %#lx of no area", val);
		return;
	}
	a->refs[si->type][swp_offset(e)]++;
}

static void audit_area(struct swap_audit *a, struct swap_info_struct *si)
{
	unsigned int *cl = calloc(si->nr_clusters, sizeof(*cl));
	unsigned long off, inuse = 0, cached = 0;
	unsigned int i;

	if (!cl) {
		swap_fail(a, "audit: out of host memory");
		return;
	}
	for (off = 0; off < (unsigned long)si->nr_clusters * SWAPFILE_CLUSTER; off++) {
		unsigned char map = off < si->max ? si->swap_map[off] : SWAP_MAP_BAD;
		struct page *page = off < si->max ? si->swap_cache[off] : NULL;

		if (map)
			cl[off / SWAPFILE_CLUSTER]++;
		if (off >= si->max || map == SWAP_MAP_BAD)
			continue;
		if (map)
			inuse++;
		if (slot_count(si, off) != a->refs[si->type][off])
			swap_fail(a, "swap %d slot %lu: swap_map count %u, %u PTEs and shmem entries hold it",
				  si->type, off, slot_count(si, off), a->refs[si->type][off]);
		if (!!(map & SWAP_HAS_CACHE) != !!page)
			swap_fail(a, "swap %d slot %lu: SWAP_HAS_CACHE %d but cache page %p",
				  si->type, off, !!(map & SWAP_HAS_CACHE), (void *)page);
		if (page) {
			cached++;
			if (!PageSwapCache(page) || page->private !=
			    swp_entry((unsigned long)si->type, off).val ||
			    page_ref_count(page) < 1 + page_mapcount(page))
				swap_fail(a, "swap %d slot %lu: cache page pfn %#lx inconsistent (flags %#lx private %#lx ref %d map %d)",
					  si->type, off, page_to_pfn(page), page->flags,
					  page->private, page_ref_count(page),
					  page_mapcount(page));
		}
	}
	for (i = 0; i < si->nr_clusters; i++)
		if (cl[i] != si->cluster_info[i].count)
			swap_fail(a, "swap %d cluster %u: count %u, %u slots used",
				  si->type, i, si->cluster_info[i].count, cl[i]);
	if (inuse != si->inuse_pages)
		swap_fail(a, "swap %d: inuse_pages %u, %lu slots used",
			  si->type, si->inuse_pages, inuse);
	if (cached != si->nr_cached)
		swap_fail(a, "swap %d: %lu cached, %lu found", si->type,
			  si->nr_cached, cached);
	free(cl);
}

/**
 * swap_audit() - every swap entry in a PTE has a swap_map count equal to
 * its references, every cached slot has its page and the page its slot,
 * cluster counts and the free-slot totals agree.  Return: 0 or -EUCLEAN.
 */
int swap_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	struct swap_state *ss = m->swap;
	struct swap_audit a = { .msg = msg, .n = n };
	struct task_struct *t;
	long nr_free = 0, total = 0;
	unsigned long cached = 0;
	unsigned int i;

	if (!ss)
		return 0;
	for (i = 0; i < ss->nr_swapfiles; i++)
		if (ss->swap_info[i] && !(a.refs[i] = calloc(ss->swap_info[i]->max,
							      sizeof(unsigned int))))
			swap_fail(&a, "audit: out of host memory");
	if (m->tasks.next && !a.err)
		list_for_each_entry(t, &m->tasks, tasks)
			audit_swap_ptes(&a, t->mm, t->pid);
	if (!a.err)
		shmem_for_each_swap(audit_shmem_entry, &a);
	for (i = 0; i < ss->nr_swapfiles && !a.err; i++) {
		struct swap_info_struct *si = ss->swap_info[i];

		if (!si)
			continue;
		audit_area(&a, si);
		cached += si->nr_cached;
		if (si->flags & SWP_WRITEOK) {
			nr_free += si->pages - si->inuse_pages;
			total += si->pages;
		}
	}
	if (!a.err && (nr_free != ss->nr_swap_pages || total != ss->total_swap_pages))
		swap_fail(&a, "nr_swap_pages %ld / total %ld, the areas say %ld / %ld",
			  ss->nr_swap_pages, ss->total_swap_pages, nr_free, total);
	if (!a.err && cached != ss->total_swapcache_pages)
		swap_fail(&a, "swap cache: %lu pages counted, %lu in the areas",
			  ss->total_swapcache_pages, cached);
	for (i = 0; i < MAX_SWAPFILES; i++)
		free(a.refs[i]);
	return a.err;
}
