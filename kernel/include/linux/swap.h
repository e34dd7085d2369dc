/* SPDX-License-Identifier: MIT */
/*
 * Swap: swap areas on host files (mm/swapfile.c), the swap cache
 * (mm/swap_state.c) and the I/O to the area (mm/page_io.c), with Linux's
 * names, on-disk header and swap_map counts.
 */
#ifndef _LINUX_SWAP_H
#define _LINUX_SWAP_H

#include <linux/types.h>
#include <linux/list.h>

struct page;
struct file;
struct seq_buf;
struct task_struct;
struct vm_area_struct;

/* swapon(2) flags, as in Linux's uapi. */
#define SWAP_FLAG_PREFER	0x8000
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_FLAG_PRIO_SHIFT	0
#define SWAP_FLAG_DISCARD	0x10000
#define SWAP_FLAG_DISCARD_ONCE	0x20000
#define SWAP_FLAG_DISCARD_PAGES	0x40000
#define SWAP_FLAGS_VALID	(SWAP_FLAG_PRIO_MASK | SWAP_FLAG_PREFER | \
				 SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_ONCE | \
				 SWAP_FLAG_DISCARD_PAGES)

/*
 * MAX_SWAPFILES: 32 types fit in the 5 type bits; Linux keeps the top
 * ones for non-swap entries (4 device-private, 3 migration, 1 hwpoison,
 * 1 PTE marker), which leaves 23.
 */
#define MAX_SWAPFILES_SHIFT	5
#define SWP_PTE_MARKER		31
#define MAX_SWAPFILES		23

/*
 * union swap_header - page 0 of a swap area, Linux's on-disk format: the
 * "SWAPSPACE2" magic in its last 10 bytes, the info after 1 KiB of boot
 * bits.
 */
#define SWAP_HEADER_PAGE	4096
union swap_header {
	struct {
		char reserved[SWAP_HEADER_PAGE - 10];
		char magic[10];
	} magic;
	struct {
		char bootbits[1024];
		u32 version;
		u32 last_page;
		u32 nr_badpages;
		unsigned char sws_uuid[16];
		unsigned char sws_volume[16];
		u32 padding[117];
		u32 badpages[1];
	} info;
};
#define MAX_SWAP_BADPAGES \
	((SWAP_HEADER_PAGE - 1024 - 512 - 10) / sizeof(u32))

/* swap_map[] values: a count of references, and flags. */
#define SWAP_HAS_CACHE		0x40	/* the page is in the swap cache */
#define COUNT_CONTINUED		0x80	/* more counts in the continuation */
#define SWAP_MAP_MAX		0x3e	/* largest count kept in swap_map */
#define SWAP_MAP_BAD		0x3f	/* a bad slot (the header, badpages) */

#define SWAPFILE_CLUSTER	512

/* swap_info_struct.flags */
enum {
	SWP_USED	= 1 << 0,
	SWP_WRITEOK	= 1 << 1,
	SWP_DISCARDABLE	= 1 << 2,
	SWP_FILE	= 1 << 7,
};

/* A cluster of SWAPFILE_CLUSTER slots: how many are used, and its list. */
struct swap_cluster_info {
	unsigned int count;
	unsigned int list;		/* CLUSTER_LIST_* */
	struct list_head node;
};

enum { CLUSTER_LIST_FREE, CLUSTER_LIST_NONFULL, CLUSTER_LIST_FULL };

/*
 * struct swap_info_struct - one swap area.  swap_map[] has one byte per
 * slot: the references (PTEs, shmem) and SWAP_HAS_CACHE; counts above
 * SWAP_MAP_MAX go on in swap_cont[] (Linux's continuation pages).  The
 * swap cache of the area (Linux's swapper_spaces) is swap_cache[], one
 * page pointer per slot.
 */
struct swap_info_struct {
	unsigned long flags;
	short prio;
	signed char type;
	unsigned int max;		/* slots, header included */
	unsigned char *swap_map;
	unsigned int *swap_cont;	/* counts beyond SWAP_MAP_MAX; lazily */
	struct swap_cluster_info *cluster_info;
	unsigned int nr_clusters;
	struct list_head free_clusters;
	struct list_head nonfull_clusters;
	struct list_head full_clusters;
	unsigned int next;		/* the next slot to try (one CPU) */
	unsigned int pages;		/* usable slots */
	unsigned int inuse_pages;
	unsigned long nr_cached;	/* pages in its swap cache */
	struct page **swap_cache;
	struct file *swap_file;
	char *path;			/* as /proc/swaps shows it */
	struct list_head avail;		/* in swap_state.avail, by priority */
};

/*
 * struct swap_state - the machine's swap (Linux's swap_info[],
 * swap_avail_heads, nr_swap_pages, total_swap_pages and the sysctls).
 */
struct swap_state {
	struct swap_info_struct *swap_info[MAX_SWAPFILES];
	unsigned int nr_swapfiles;
	struct list_head avail;		/* areas that take pages, prio first */
	long nr_swap_pages;		/* free slots of writable areas */
	long total_swap_pages;
	int least_priority;
	unsigned long total_swapcache_pages;
	unsigned int swapin_readahead_hits;
	unsigned long prev_ra_offset;
	unsigned int prev_ra_win;
};

/* mm/swapfile.c */
long get_nr_swap_pages(void);
long total_swap_pages(void);
int swap_out_page(struct page *page);
long ksys_swapon(const char *path, int swap_flags);
long ksys_swapoff(const char *path);
int mkswap_file(const char *path, unsigned long size,
		const char *label);
void swaps_show(struct seq_buf *s);
void si_swapinfo(unsigned long *freeswap, unsigned long *totalswap);
int swap_audit(char *msg, size_t n);
void swap_exit(void);

#endif
