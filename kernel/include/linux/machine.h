/* SPDX-License-Identifier: MIT */
/*
 * struct mml_machine - everything one simulated machine is.
 *
 * Linux keeps the state below in globals (mem_map, contig_page_data's
 * zones, init_mm, the slab caches, vmap_area_root, iomem_resource ...).
 * mmlab hangs all of it off one object so that several machines can live
 * in one process; kernel functions reach it through current_machine()
 * (<linux/current.h>), as Linux's reach its globals.
 */
#ifndef _LINUX_MACHINE_H
#define _LINUX_MACHINE_H

#include <linux/types.h>
#include <linux/current.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/memblock.h>
#include <linux/ioport.h>
#include <linux/printk.h>
#include <linux/seq_buf.h>
#include <asm/machine.h>
#include "hw/hw.h"

struct slab_state;
struct swap_state;
struct vmap_state;
struct arch_desc;
struct inode;
struct file;
struct task_struct;
struct irq_state;
struct io_tlb_mem;
struct dma_debug_state;
struct mmlab_dma;
struct class;

/* vm_event counters of /proc/vmstat that exist so far. */
enum vm_event_item {
	PGALLOC_DMA,
	PGALLOC_DMA32,
	PGALLOC_NORMAL,
	PGALLOC_MOVABLE,
	PGFREE,
	PGFAULT,
	PGMAJFAULT,
	PSWPIN,
	PSWPOUT,
	SWAP_RA,
	SWAP_RA_HIT,
	ALLOCSTALL_FAIL,	/* mmlab: allocations that failed */
	ALLOCSTALL_DMA,		/* direct reclaim entered, by highest zone */
	ALLOCSTALL_DMA32,
	ALLOCSTALL_NORMAL,
	ALLOCSTALL_MOVABLE,
	PGACTIVATE,
	PGDEACTIVATE,
	PGREFILL,
	PGSTEAL_KSWAPD,
	PGSTEAL_DIRECT,
	PGSCAN_KSWAPD,
	PGSCAN_DIRECT,
	PGSCAN_ANON,
	PGSCAN_FILE,
	PGSTEAL_ANON,
	PGSTEAL_FILE,
	PAGEOUTRUN,
	PGROTATED,
	DROP_PAGECACHE,
	DROP_SLAB,
	OOM_KILL,
	/* node stats of /proc/vmstat kept as plain counters */
	WORKINGSET_REFAULT_ANON,
	WORKINGSET_REFAULT_FILE,
	WORKINGSET_ACTIVATE_ANON,
	WORKINGSET_ACTIVATE_FILE,
	WORKINGSET_RESTORE_ANON,
	WORKINGSET_RESTORE_FILE,
	NR_VM_EVENT_ITEMS
};

enum fail_kind {
	FAIL_PAGE_ALLOC,
	FAIL_SLAB,
	FAIL_SWAP_SLOT,		/* get_swap_page() finds no slot */
	FAIL_SWAP_WRITE,	/* the host write of a swap page fails (EIO) */
	FAIL_SWAP_READ,		/* the host read of a swap page fails (EIO) */
	NR_FAIL_KINDS
};

/*
 * struct machine_config - what a machine boots with.  api/ fills it from
 * the public struct mml_config; the kernel never sees the public header.
 */
struct machine_config {
	u64 ram_size;			/* bytes of RAM */
	const char *cmdline;		/* kernel command line */
	const char *arch;		/* "x86_64" */
	u64 seed;			/* seed for anything random */
	const char *root;		/* host directory paths resolve under */
	int legacy_va_layout;		/* vm.legacy_va_layout */
	int tlb_sets, tlb_ways;		/* TLB geometry; 0: default */
	bool snapshot;			/* host memory in a restorable arena */
};

struct hostmem;

/* Linux's <linux/pagevec.h>: the pages a per-CPU batch holds. */
#define FOLIO_BATCH_SIZE 31

struct mml_machine {
	struct hw_machine hw;
	/* snapshot machines: the arena of host memory (lib/hostmem.h) */
	struct hostmem *hostmem;
	int *snap_host_fds;		/* host fds open at the snapshot */
	int nr_snap_host_fds;
	const struct arch_desc *arch;

	/* boot configuration */
	struct machine_config cfg;	/* strings below are our own copies */
	char *cmdline;
	char *root;
	phys_addr_t mem_limit;		/* mem=, or ~0 */
	/* iomem=strict|relaxed: busy ranges are off limits to /dev/mem */
	bool strict_iomem_checks;

	/* boot memory: the firmware's map (the arch's), then memblock */
	struct arch_machine_state arch_state;
	struct memblock memblock;

	/* the page allocator */
	struct page *mem_map;		/* indexed by PFN, lazily backed */
	size_t mem_map_bytes;
	unsigned long max_pfn;		/* one past the last RAM PFN in use */
	unsigned long max_low_pfn;	/* below 4 GiB */
	unsigned long high_memory;	/* __va(max_pfn << PAGE_SHIFT) */
	struct zone zones[MAX_NR_ZONES];
	unsigned long totalram_pages;
	unsigned long totalreserve_pages;
	int min_free_kbytes;
	int watermark_scale_factor;
	bool page_poison;		/* page_poison=on: 0xaa fresh, 0x55 freed */
	int lowmem_reserve_ratio[MAX_NR_ZONES];
	unsigned long vm_events[NR_VM_EVENT_ITEMS];
	unsigned long nr_pagetable_pages;
	bool after_bootmem;		/* the buddy allocator is up */

	/* reclaim: mm/swap.c, mm/vmscan.c, mm/workingset.c, mm/oom_kill.c */
	struct lruvec lruvec;		/* the LRU lists of node 0 */
	/*
	 * Linux's cpu_fbatches.lru_add of the one CPU: pages on their way
	 * to the LRU, each holding a reference.  PFNs, not pointers, so
	 * that a snapshot restores them as they were.
	 */
	unsigned int lru_add_nr;
	unsigned long lru_add_pfn[FOLIO_BATCH_SIZE];
	int vm_swappiness;		/* vm.swappiness */
	bool kswapd_wait;		/* woken: runs at the next kswapd step */
	int kswapd_order;		/* the largest order it was woken for */
	unsigned long kswapd_runs;	/* kswapd steps that ran */
	unsigned long kswapd_last_reclaimed; /* pages its last run freed */
	bool kswapd_manual;		/* kswapd=manual: only explicit steps */
	unsigned long nr_vmscan_write;	/* dirty pages reclaim wrote back */
	bool in_reclaim;		/* no recursion into reclaim (PF_MEMALLOC) */
	int oom_kill_allocating_task;	/* vm.oom_kill_allocating_task */
	int panic_on_oom;		/* vm.panic_on_oom (only 0 here) */
	unsigned long oom_kills;	/* victims chosen so far */

	/* kernel memory allocators */
	struct slab_state *slab;
	struct vmap_state *vmap;

	/* swap areas and the swap cache (mm/swapfile.c); NULL until swapon */
	struct swap_state *swap;

	/* the kernel's page tables (init_mm) and direct-map statistics */
	struct mm_struct init_mm;
	unsigned long direct_pages_count[3];	/* 4K, 2M, 1G */

	/* resources: /proc/iomem, /proc/ioports */
	struct resource iomem_resource;
	struct resource ioport_resource;
	/* the PAT's memory types of reserved ranges (arch/x86/mm/memtype.c) */
	struct rb_root memtype_rbroot;

	/* devices */
	struct hw_device *vga;
	struct hw_device *regblock;
	struct hw_device *ioapic;
	struct hw_device *dmaengine;

	/* interrupts (kernel/irq/) and DMA (kernel/dma/, drivers/dma/) */
	struct irq_state *irq;
	struct io_tlb_mem *io_tlb;	/* swiotlb, NULL if not set up */
	unsigned long swiotlb_nslabs;	/* swiotlb=N, 0: default */
	int swiotlb_force;		/* swiotlb=force 1, =noforce -1 */
	struct dma_debug_state *dma_debug;
	struct mmlab_dma *mmlab_dma;	/* the sample driver, when bound */

	/* the kernel log, and the trace of system-call paths (`trace on`) */
	struct printk_log log;
	bool tracing;
	struct seq_buf trace;

	/* files: fs/file.c, fs/open.c, mm/filemap.c, mm/shmem.c */
	struct inode **inode_hashtable;	/* by (dev, ino); made on first use */
	unsigned long inode_hash_size;	/* buckets, a power of two */
	unsigned long nr_inodes;
	int root_fd;			/* O_PATH fd of @root, if root_fd_open */
	bool root_fd_open;
	unsigned long shmem_last_ino;	/* inode numbers of shmem objects */
	unsigned long nr_file_pages;	/* NR_FILE_PAGES (shmem included) */
	unsigned long nr_file_dirty;	/* NR_FILE_DIRTY */
	unsigned long nr_shmem;		/* NR_SHMEM */
	/* see open_special_t in linux/fs.h; NULL: /proc paths give ENOENT */
	int (*open_special)(const char *path, int flags,
			    int mode, struct file **filp);
	u64 proc_last_ino;

	/*
	 * drivers: device-number regions and cdevs (fs/char_dev.c), misc
	 * devices, classes and devices, the devtmpfs nodes (drivers/), and
	 * the loaded modules (kernel/module.c)
	 */
	bool drivers_up;		/* driver_init() ran */
	struct list_head chrdevs;	/* struct char_device_struct */
	struct list_head cdev_map;	/* struct cdev, added */
	struct list_head misc_list;	/* struct miscdevice */
	struct list_head classes;	/* struct class */
	struct list_head platform_devices;	/* struct platform_device */
	struct list_head platform_drivers;	/* struct platform_driver */
	struct list_head devtmpfs_nodes;	/* struct devtmpfs_node */
	unsigned long devtmpfs_last_ino;
	struct list_head modules;	/* struct module */
	unsigned long modules_next_base;
	struct class *mem_class;

	/* processes (kernel/fork.c) and mm-wide settings */
	struct list_head tasks;
	int last_pid;
	struct kmem_cache *vm_area_cachep;
	struct vma_chunk *vma_chunk;	/* VMAs come from here (mm/vma.c) */
	struct list_head vma_chunks_partial;	/* other chunks with free VMAs */
	struct kmem_cache *mm_cachep;
	struct kmem_cache *anon_vma_cachep;
	struct kmem_cache *avc_cachep;
	int sysctl_max_map_count;	/* vm.max_map_count */
	int sysctl_page_cluster;	/* vm.page-cluster: swap readahead 2^n */
	int sysctl_overcommit_memory;	/* vm.overcommit_memory */
	int sysctl_overcommit_ratio;
	unsigned long sysctl_overcommit_kbytes;
	unsigned long fault_around_bytes; /* /sys/kernel/debug/fault_around_bytes */
	unsigned long mmap_min_addr;	/* effective: max(dac, LSM's 64 KiB) */
	unsigned long dac_mmap_min_addr; /* vm.mmap_min_addr */
	long vm_committed_as;		/* pages: Committed_AS */
	struct page *zero_page;		/* the shared zero page */
	u16 next_asid;			/* the arch's TLB-tag allocator */

	/*
	 * blocks handed out by mml_alloc_pages(), so mml_free_pages() can
	 * check: per pfn, 1 + the order of the block that starts there, or 0
	 */
	u8 *api_order;
	unsigned long api_order_len;

	/* oopses and panics (kernel/panic.c) */
	bool panic_on_oops;		/* kernel.panic_on_oops, oops=panic */
	bool panicked;			/* stopped: the API answers -EIO */
	unsigned long oops_count;
	unsigned long taint;		/* TAINT_* bits */
	char taint_buf[32];		/* print_tainted()'s string */
	unsigned long bad_pte_shown;	/* print_bad_pte() reports given */
	unsigned long bad_pte_unshown;	/* ... and held back */
	char panic_msg[128];

	/* debugging: fault injection and the last error for the API */
	long fail_nth[NR_FAIL_KINDS];
	char last_error[256];
	u64 last_fault_addr;
	u32 last_fault_error;
};

/* Host pointer of the RAM at physical @pa. */
static inline void *phys_to_host(phys_addr_t pa)
{
	return hw_ram_ptr(&current_machine()->hw, pa);
}

/* Host pointer of a direct-map (lowmem) kernel address. */
static inline void *lm_host(unsigned long kva)
{
	return hw_ram_ptr(&current_machine()->hw, kva - PAGE_OFFSET);
}

/*
 * should_fail() - fault injection: true when this allocation of kind @k
 * is the one chosen to fail.  Costs one compare when disabled.
 */
static inline bool should_fail(enum fail_kind k)
{
	struct mml_machine *m = current_machine();

	if (m->fail_nth[k] < 0)
		return false;
	return m->fail_nth[k]-- == 0;
}

#endif
