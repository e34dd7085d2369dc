/* SPDX-License-Identifier: MIT */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/kernel.h>
#include <linux/machine.h>
#include <asm/page.h>
#include <asm/pgtable_types.h>

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return current_machine()->mem_map + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - current_machine()->mem_map);
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

/* page_address() - the direct-map address of @page (all RAM is lowmem). */
static inline unsigned long page_address(const struct page *page)
{
	return __va(page_to_phys(page));
}

/* Host pointer to the contents of @page. */
static inline void *page_host(const struct page *page)
{
	return phys_to_host(page_to_phys(page));
}

static inline struct page *virt_to_page(unsigned long kva)
{
	return pfn_to_page(__pa(kva) >> PAGE_SHIFT);
}

/* Is @kva inside the direct map of RAM the kernel manages? */
static inline bool virt_addr_valid(unsigned long kva)
{
	return kva >= PAGE_OFFSET && kva < current_machine()->high_memory;
}

bool __pfn_valid(unsigned long pfn);

/*
 * pfn_valid() - does @pfn have a struct page the kernel manages?  The
 * memory region found last answers inline (a fault asks about its page
 * more than once); the search of the others is __pfn_valid()'s.
 */
static inline bool pfn_valid(unsigned long pfn)
{
	const struct mml_machine *m = current_machine();
	const struct memblock_type *t = &m->memblock.memory;
	phys_addr_t pa = PFN_PHYS(pfn);

	if (likely(pfn < m->max_pfn && t->hint < t->cnt &&
		   pa >= t->regions[t->hint].base &&
		   pa - t->regions[t->hint].base < t->regions[t->hint].size))
		return true;
	return __pfn_valid(pfn);
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	const struct mml_machine *m = current_machine();
	unsigned long pfn = page_to_pfn(page);

	if (pfn < m->zones[ZONE_DMA32].zone_start_pfn)
		return ZONE_DMA;
	if (pfn < m->zones[ZONE_NORMAL].zone_start_pfn)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

static inline struct zone *page_zone(const struct page *page)
{
	return &current_machine()->zones[page_zonenum(page)];
}

/* --- page faults ------------------------------------------------------ */

#define FAULT_FLAG_WRITE	0x01u
#define FAULT_FLAG_MKWRITE	0x02u
#define FAULT_FLAG_ALLOW_RETRY	0x04u	/* ->fault() may return VM_FAULT_RETRY */
#define FAULT_FLAG_RETRY_NOWAIT	0x08u
#define FAULT_FLAG_KILLABLE	0x10u
#define FAULT_FLAG_TRIED	0x20u	/* the fault is being retried */
#define FAULT_FLAG_USER		0x40u
#define FAULT_FLAG_REMOTE	0x80u
#define FAULT_FLAG_INSTRUCTION	0x100u
#define FAULT_FLAG_INTERRUPTIBLE 0x200u
/* What a user fault starts with (Linux's FAULT_FLAG_DEFAULT). */
#define FAULT_FLAG_DEFAULT	(FAULT_FLAG_ALLOW_RETRY | FAULT_FLAG_KILLABLE | \
				 FAULT_FLAG_INTERRUPTIBLE)

#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_WRITE		0x000008	/* mmlab: kept for old drivers */
#define VM_FAULT_HWPOISON	0x000010
#define VM_FAULT_HWPOISON_LARGE	0x000020
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_NOPAGE		0x000100
#define VM_FAULT_LOCKED		0x000200
#define VM_FAULT_RETRY		0x000400
#define VM_FAULT_FALLBACK	0x000800
#define VM_FAULT_DONE_COW	0x001000
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | \
				 VM_FAULT_SIGSEGV | VM_FAULT_HWPOISON | \
				 VM_FAULT_HWPOISON_LARGE)

struct vm_area_struct;

/* What a fault handler is told, and where ->fault() returns its page. */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;		/* page aligned */
	unsigned long real_address;	/* the faulting byte */
	unsigned int flags;		/* FAULT_FLAG_* */
	pgoff_t pgoff;			/* page offset in the backing object */
	pmd_t *pmd;
	pte_t *pte;
	pte_t orig_pte;
	struct page *page;		/* ->fault(): the page, with a reference */
	struct page *cow_page;
};

/*
 * struct vm_operations_struct - what a mapping of a file or device does,
 * as in Linux.  @open runs when the VMA is copied (fork, split, mremap),
 * @close when one goes away.  @fault returns the page at vmf->pgoff in
 * vmf->page with a reference (or maps it itself and returns
 * VM_FAULT_NOPAGE), or VM_FAULT_SIGBUS/OOM.  @map_pages maps what it
 * already has of [start_pgoff, end_pgoff] around a read fault
 * (fault-around), without blocking; VM_FAULT_NOPAGE when the faulting
 * page was among them.  @page_mkwrite is told before a page of a shared
 * mapping first becomes writable (the VMA is then write-notified: its
 * PTEs start read-only); VM_FAULT_LOCKED or 0 to go on.  @pfn_mkwrite
 * is the same for a PTE without a struct page (VM_PFNMAP, VM_MIXEDMAP):
 * a write to a read-only one calls it, 0 makes the PTE writable, an
 * error or VM_FAULT_NOPAGE ends the fault there (wp_pfn_shared()).  @access reads or
 * writes @len bytes at @addr for ptrace-like access where the pages
 * cannot be pinned (VM_IO, VM_PFNMAP): the count, or -errno.  @name is
 * the name /proc/PID/maps prints for a VMA without a file.
 */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	vm_fault_t (*fault)(struct vm_fault *vmf);
	vm_fault_t (*map_pages)(struct vm_fault *vmf, pgoff_t start_pgoff,
				pgoff_t end_pgoff);
	vm_fault_t (*page_mkwrite)(struct vm_fault *vmf);
	vm_fault_t (*pfn_mkwrite)(struct vm_fault *vmf);
	int (*access)(struct vm_area_struct *vma, unsigned long addr,
		      void *buf, int len, int write);
	const char *(*name)(struct vm_area_struct *vma);
};

/*
 * The fault path's step that installs a page (Linux's set_pte_range()):
 * map @page at @addr, whose PTE is vmf->pte + (@addr - vmf->address) /
 * PAGE_SIZE (the same table), with the VMA's protection, writable and
 * dirty for a write fault.  For ->fault() and ->map_pages() handlers.
 */
void set_pte_range(struct vm_fault *vmf, struct page *page,
		   unsigned long addr);

/*
 * Changing a VMA's flags (Linux 6.3's helpers; drivers call vm_flags_set()
 * from ->mmap()).  Linux takes the VMA write lock here; mmlab has no
 * concurrency, so they are plain stores.
 */
static inline void vm_flags_init(struct vm_area_struct *vma,
				 unsigned long flags)
{
	vma->vm_flags = flags;
}

static inline void vm_flags_reset(struct vm_area_struct *vma,
				  unsigned long flags)
{
	vma->vm_flags = flags;
}

static inline void vm_flags_set(struct vm_area_struct *vma,
				unsigned long flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma,
				  unsigned long flags)
{
	vma->vm_flags &= ~flags;
}

static inline void vm_flags_mod(struct vm_area_struct *vma,
				unsigned long set, unsigned long clear)
{
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
}

/* --- mapping helpers for drivers (mm/memory.c, mm/vmalloc.c) ---------- */

/*
 * Linux's is_cow_mapping(): a private mapping that may become writable,
 * whose pages a write copies.  A macro, as <linux/mman.h> (the VM_ flags)
 * cannot be included everywhere this header is.
 */
#define is_cow_mapping(flags) \
	(((flags) & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE)

typedef int (*pte_fn_t)(pte_t *pte, unsigned long addr, void *data);
int apply_to_page_range(struct mm_struct *mm, unsigned long addr,
			unsigned long size, pte_fn_t fn, void *data);
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		    unsigned long pfn, unsigned long size, pgprot_t prot);
int remap_pfn_range_notrack(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn, unsigned long size,
			    pgprot_t prot);
/* x86 without memory encryption: io_remap_pfn_range() is remap_pfn_range(). */
static inline int io_remap_pfn_range(struct vm_area_struct *vma,
				     unsigned long addr, unsigned long pfn,
				     unsigned long size, pgprot_t prot)
{
	return remap_pfn_range(vma, addr, pfn, size, prot);
}
int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start,
		    unsigned long len);
int vm_insert_page(struct vm_area_struct *vma, unsigned long addr,
		   struct page *page);
int vm_insert_pages(struct vm_area_struct *vma, unsigned long addr,
		    struct page **pages, unsigned long *num);
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			  unsigned long pfn);
vm_fault_t vmf_insert_pfn_prot(struct vm_area_struct *vma, unsigned long addr,
			       unsigned long pfn, pgprot_t pgprot);
vm_fault_t vmf_insert_mixed(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn);
void zap_vma_ptes(struct vm_area_struct *vma, unsigned long address,
		  unsigned long size);
int generic_access_phys(struct vm_area_struct *vma, unsigned long addr,
			void *buf, int len, int write);
/*
 * The architecture's cache-mode policy for PFN mappings (x86: the PAT
 * memtype, arch/x86/mm/pat.c): @prot gets the cache mode the range must
 * be mapped with.  pfnmap_setup_cachemode() only looks the range up;
 * pfnmap_track() reserves it (remap_pfn_range() of a whole VMA) and
 * pfnmap_untrack() gives it back.
 */
int pfnmap_setup_cachemode(unsigned long pfn, unsigned long size,
			   pgprot_t *prot);
int pfnmap_track(unsigned long pfn, unsigned long size, pgprot_t *prot);
void pfnmap_untrack(unsigned long pfn, unsigned long size);
/* A VMA copy shares the tracking; the last VMA to go releases it. */
void vma_pfnmap_track_ctx_dup(struct vm_area_struct *orig,
			      struct vm_area_struct *new);
void vma_pfnmap_track_ctx_release(struct vm_area_struct *vma);

/* put_page() - drop a reference; the last one frees the page (or block). */
/*
 * put_page() - drop a reference to @page (its head's): a decrement while
 * others remain, as Linux's folio_put() is inline; the last reference,
 * and a page whose count or type is wrong (struct pages live in simulated
 * RAM, which anyone may have written), are __free_pages()'s to handle.
 */
static inline void put_page(struct page *page)
{
	page = compound_head(page);
	if (likely(page_ref_count(page) > 1 &&
		   !(page->flags & ((1UL << PG_buddy) | (1UL << PG_reserved))))) {
		page_ref_dec_return(page);
		return;
	}
	__free_pages(page, compound_order(page));
}

/* mm/vma.c: lookups shared beyond mm/ */
struct mm_struct;
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
int validate_mm(struct mm_struct *mm, char *msg, size_t n);
int mm_audit(char *msg, size_t n);
int mm_audit_mm(struct mm_struct *mm, char *msg, size_t n);
void unmap_mapping_range(struct address_space *mapping, long long start,
			 long long len, bool even_cows);

/* mm/mmap.c: CommitLimit, in pages */
unsigned long vm_commit_limit(void);
struct file;
unsigned long thp_get_unmapped_area(struct mm_struct *mm, struct file *filp,
				    unsigned long addr, unsigned long len,
				    unsigned long pgoff, unsigned long flags);

/*
 * mm/mmap.c: the gap search an architecture's arch_get_unmapped_area()
 * (asm/processor.h) runs: the lowest (or, topdown, the highest) free range
 * of @length in [low_limit, high_limit), or -ENOMEM.
 */
struct vm_unmapped_area_info {
	bool topdown;
	unsigned long length;
	unsigned long low_limit;
	unsigned long high_limit;
};
unsigned long vm_unmapped_area(struct mm_struct *mm,
			       const struct vm_unmapped_area_info *info);

/* mm/page_alloc.c */
int page_alloc_init(void);	/* zones, after memblock */
void free_area_init(void);
void __free_pages_core(struct page *page, unsigned int order);
unsigned long nr_free_pages(void);
unsigned long global_zone_page_state(enum zone_stat_item item);
void drain_local_pages(void);
bool zone_watermark_ok(const struct zone *z, unsigned int order,
		       unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags);
int gfp_zone(gfp_t gfp);
/* Check the buddy lists and counters; 0 or -EUCLEAN with @msg filled. */
int page_alloc_audit(char *msg, size_t n);
/* Is [pfn, pfn + 2^order) an allocation that can be freed at that order? */
bool page_alloc_is_allocated(unsigned long pfn, unsigned int order);
void setup_per_zone_wmarks(void);

/* fs/proc: the files of mm/page_alloc.c and mm/vmstat.c */
struct seq_buf;
void buddyinfo_show(struct seq_buf *s);
void zoneinfo_show(struct seq_buf *s);
void vmstat_show(struct seq_buf *s);
void meminfo_show(struct seq_buf *s);

#endif
