/* SPDX-License-Identifier: MIT */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>
#include <asm/pgtable_types.h>
#include <asm/mmu.h>
#include <linux/rbtree.h>
#include <linux/vma_tree.h>

struct kmem_cache;
struct address_space;
struct mml_machine;

/*
 * struct page - one per physical frame, in mem_map[] indexed by PFN.
 *
 * mem_map is host memory reserved for the whole physical span but backed
 * lazily: an all-zero struct page is a valid "free, inside a larger buddy
 * block" page, so frames nobody touches cost no host memory.  Unlike
 * Linux, the zone is not kept in @flags: page_zone() derives it from the
 * PFN (so untouched pages need no initialisation).
 */
struct page {
	unsigned long flags;		/* PG_* */
	union {
		struct {	/* buddy, pcp lists, page cache, anonymous */
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			unsigned long private;	/* buddy: order */
		};
		struct {	/* slab */
			struct list_head slab_list;
			struct kmem_cache *slab_cache;
			unsigned long freelist;	/* kva of first free object */
			unsigned int inuse;
			unsigned int objects;
			unsigned long s_mem;	/* kva of the first object */
		};
		struct {	/* tail page of a compound page */
			unsigned long compound_head;	/* head | 1 */
			unsigned long compound_order;	/* in page[1] */
		};
	};
	/*
	 * User PTEs mapping the page.  Unlike Linux (which keeps the count
	 * minus one), 0 means unmapped, so a never-touched page is right.
	 */
	int _mapcount;
	int _refcount;
};

/*
 * The generational LRU keeps a page's generation + 1 in these bits of
 * page->flags, as Linux's LRU_GEN_PGOFF (0: in no generation).
 */
#define LRU_GEN_PGOFF	40
#define LRU_GEN_WIDTH	3
#define LRU_GEN_MASK	(((1UL << LRU_GEN_WIDTH) - 1) << LRU_GEN_PGOFF)

_Static_assert(sizeof(struct page) <= 64, "struct page must stay <= 64 bytes");

/* Page flags. */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_reserved,
	PG_private,
	PG_writeback,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_anon,		/* mmlab: Linux tags anon pages in ->mapping */
	PG_anon_exclusive,	/* only this mm maps it: a write may reuse it */
	PG_swapcache,		/* in the swap cache; ->private is the entry */
	PG_readahead,		/* read by swap readahead, not used yet */
	PG_active,		/* on an active LRU list */
	PG_workingset,		/* was active before its last eviction */
	PG_reclaim,		/* rotate to the tail once written back */
	/* page types (Linux keeps these in page_type) */
	PG_buddy,
	PG_slab,
	PG_table,
	PG_pcp,			/* mmlab: on a per-cpu free list */
	PG_vmalloc,		/* mmlab: backing a vmalloc area (debug) */
	PG_large_kmalloc,	/* head of a kmalloc() too big for a cache */
	/* x86 PAT: a RAM page's memory type (_PGMT_*, arch/x86/mm/memtype.c) */
	PG_arch_1,
	PG_uncached,
	__NR_PAGEFLAGS,
};

#define PAGEFLAG_FNS(uname, lname)					\
static inline bool Page##uname(const struct page *p)			\
{ return p->flags & (1UL << PG_##lname); }				\
static inline void SetPage##uname(struct page *p)			\
{ p->flags |= 1UL << PG_##lname; }					\
static inline void ClearPage##uname(struct page *p)			\
{ p->flags &= ~(1UL << PG_##lname); }

PAGEFLAG_FNS(Locked, locked)
PAGEFLAG_FNS(Referenced, referenced)
PAGEFLAG_FNS(Uptodate, uptodate)
PAGEFLAG_FNS(Dirty, dirty)
PAGEFLAG_FNS(LRU, lru)
PAGEFLAG_FNS(Head, head)
PAGEFLAG_FNS(Reserved, reserved)
PAGEFLAG_FNS(Private, private)
PAGEFLAG_FNS(Writeback, writeback)
PAGEFLAG_FNS(SwapBacked, swapbacked)
PAGEFLAG_FNS(Unevictable, unevictable)
PAGEFLAG_FNS(Mlocked, mlocked)
PAGEFLAG_FNS(Anon, anon)
PAGEFLAG_FNS(AnonExclusive, anon_exclusive)
PAGEFLAG_FNS(Active, active)
PAGEFLAG_FNS(Workingset, workingset)
PAGEFLAG_FNS(Reclaim, reclaim)
PAGEFLAG_FNS(Buddy, buddy)
PAGEFLAG_FNS(Slab, slab)
PAGEFLAG_FNS(Table, table)
PAGEFLAG_FNS(Pcp, pcp)
PAGEFLAG_FNS(Vmalloc, vmalloc)

/* Large kmalloc: Linux 6.10+ marks these with a page type. */
static inline bool PageLargeKmalloc(const struct page *p)
{ return p->flags & (1UL << PG_large_kmalloc); }
static inline void SetPageLargeKmalloc(struct page *p)
{ p->flags |= 1UL << PG_large_kmalloc; }
static inline void ClearPageLargeKmalloc(struct page *p)
{ p->flags &= ~(1UL << PG_large_kmalloc); }

static inline bool TestClearPageReferenced(struct page *p)
{
	bool was = PageReferenced(p);

	ClearPageReferenced(p);
	return was;
}

static inline bool PageTail(const struct page *p)
{
	return p->compound_head & 1;
}

static inline struct page *compound_head(struct page *p)
{
	return PageTail(p) ? (struct page *)(p->compound_head - 1) : p;
}

static inline unsigned int compound_order(const struct page *p)
{
	return PageHead(p) ? (unsigned int)p[1].compound_order : 0;
}

static inline int page_ref_count(const struct page *p) { return p->_refcount; }
static inline void set_page_count(struct page *p, int v) { p->_refcount = v; }
static inline void page_ref_inc(struct page *p) { p->_refcount++; }
static inline int page_ref_dec_return(struct page *p) { return --p->_refcount; }
static inline void get_page(struct page *p) { compound_head(p)->_refcount++; }
static inline int page_mapcount(const struct page *p) { return p->_mapcount; }

struct file;
struct anon_vma;
struct vm_operations_struct;
struct task_struct;

/*
 * struct vm_area_struct - one mapping: [vm_start, vm_end) of an mm with the
 * same flags, protections and backing.  Indexed by mm->mm_mt, a B-tree by
 * vm_end whose nodes carry the largest free gap below any VMA of their
 * subtree (after Linux 6.x's maple tree), and kept on a sorted list for
 * walking in order.
 */
/*
 * struct pfnmap_track_ctx - a remap_pfn_range() of a whole VMA reserved
 * [pfn, pfn + size) with the PAT (pfnmap_track()); the VMA and every copy
 * of it (split, fork, mremap) hold a reference, and the last one gives
 * the reservation back (pfnmap_untrack()).  Linux counts with a kref.
 */
struct pfnmap_track_ctx {
	int refs;
	unsigned long pfn;
	unsigned long size;		/* bytes */
	void *shadow;			/* its kmalloc() object */
};

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct vm_area_struct *vm_next, *vm_prev;
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	unsigned long vm_flags;
	unsigned long vm_pgoff;		/* offset in the file, in pages */
	struct file *vm_file;
	struct anon_vma *anon_vma;	/* where its new anon pages go */
	struct list_head anon_vma_chain; /* anon_vma_chain.same_vma */
	const struct vm_operations_struct *vm_ops;
	void *vm_private_data;
	char *anon_name;		/* prctl(PR_SET_VMA_ANON_NAME), unused yet */
	struct rb_node shared_rb;	/* in vm_file's i_mmap tree */
	unsigned long shared_subtree_last; /* largest last pgoff below */
	void *shadow;			/* its vm_area_struct slab object */
	void *host_chunk;		/* the chunk it came from (mm/vma.c) */
	struct pfnmap_track_ctx *pfnmap_track_ctx; /* remap_pfn_range()'s PAT */
};

enum mm_rss_type {
	MM_FILEPAGES,
	MM_ANONPAGES,
	MM_SWAPENTS,
	MM_SHMEMPAGES,
	NR_MM_COUNTERS
};

/* struct mm_struct - an address space: its VMAs and its page tables. */
struct mm_struct {
	struct mml_machine *machine;
	pgd_t *pgd;			/* host pointer to the PGD page */
	phys_addr_t pgd_pa;		/* its physical address (CR3) */
	mm_context_t context;		/* the arch's MMU state (TLB tag) */
	unsigned long pgtables_bytes;	/* page-table pages, for PageTables: */

	struct vm_area_struct *mmap;	/* sorted list of VMAs */
	struct vma_tree mm_mt;		/* the VMAs by address, with gaps */
	struct vm_area_struct *mmap_cache;	/* last find_vma() result */
	int map_count;
	int mm_users;
	unsigned long mmap_base;
	unsigned long mmap_legacy_base;
	unsigned long task_size;
	unsigned long highest_vm_end;
	bool legacy_layout;		/* bottom-up get_unmapped_area() */

	unsigned long total_vm;		/* pages mapped */
	unsigned long locked_vm;	/* pages with VM_LOCKED */
	unsigned long pinned_vm;
	unsigned long data_vm;		/* VM_WRITE & ~VM_SHARED & ~VM_STACK */
	unsigned long exec_vm;		/* VM_EXEC & ~VM_WRITE & ~VM_STACK */
	unsigned long stack_vm;		/* VM_STACK */
	unsigned long hiwater_rss, hiwater_vm;
	unsigned long def_flags;	/* VM_LOCKED after mlockall(MCL_FUTURE) */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	long rss_stat[NR_MM_COUNTERS];
	struct task_struct *owner;
	void *shadow;			/* its mm_struct slab object */
};

static inline unsigned long get_mm_counter(const struct mm_struct *mm, int m)
{
	return mm->rss_stat[m] < 0 ? 0 : (unsigned long)mm->rss_stat[m];
}

static inline unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_ANONPAGES) +
	       get_mm_counter(mm, MM_SHMEMPAGES);
}

#endif
