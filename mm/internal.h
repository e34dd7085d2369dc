/* SPDX-License-Identifier: MIT */
/* Functions shared inside mm/ only. */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/slab.h>
#include <asm/pgtable.h>

struct task_struct;
struct file;

/* The gap kept below a stack (VM_GROWSDOWN) VMA: stack_guard_gap. */
#define STACK_GUARD_GAP		(256UL << PAGE_SHIFT)

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

static inline unsigned long vm_start_gap(const struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN) {
		start -= STACK_GUARD_GAP;
		if (start > vma->vm_start)
			start = 0;
	}
	return start;
}

static inline unsigned long vm_end_gap(const struct vm_area_struct *vma)
{
	return vma->vm_end;
}

static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_ops;
}

/* mm/vma.c */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
void vm_area_free(struct vm_area_struct *vma);
void vm_area_cache_drain(void);
/* VMAs' host structures per chunk (mm/vma.c): about 6 KiB each. */
#define VMA_CHUNK_OBJS	32
void remove_vma(struct vm_area_struct *vma);
void vma_gap_update(struct vm_area_struct *vma);
int find_vma_links(struct mm_struct *mm, unsigned long addr, unsigned long end,
		   struct vm_area_struct **pprev);
int vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
	     struct vm_area_struct *prev);
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_set_range(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end, pgoff_t pgoff);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, int new_below);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, int new_below);
struct vm_area_struct *vma_merge(struct mm_struct *mm,
				 struct vm_area_struct *prev,
				 unsigned long addr, unsigned long end,
				 unsigned long vm_flags, struct anon_vma *anon_vma,
				 struct file *file, pgoff_t pgoff);
/*
 * vma_modify_flags() - give [start, end) of @vma the flags @newflags:
 * merge with a neighbour or split off the range as mprotect, madvise and
 * mlock do.  Return: the VMA now holding exactly [start, end), or ERR_PTR.
 */
struct vm_area_struct *vma_modify_flags(struct vm_area_struct *prev,
					struct vm_area_struct *vma,
					unsigned long start, unsigned long end,
					unsigned long newflags);

/* mm/rmap.c */
#include <linux/rmap.h>
void vma_interval_tree_insert(struct vm_area_struct *vma);
void vma_interval_tree_remove(struct vm_area_struct *vma);
struct vm_area_struct *vma_interval_tree_iter_first(struct rb_root *root,
						    pgoff_t first, pgoff_t last);
struct vm_area_struct *vma_interval_tree_iter_next(struct vm_area_struct *vma,
						   pgoff_t first, pgoff_t last);
/* Each VMA of the i_mmap tree @root that maps a page of [@first, @last]. */
#define vma_interval_tree_foreach(vma, root, first, last)		\
	for (vma = vma_interval_tree_iter_first(root, first, last); vma;	\
	     vma = vma_interval_tree_iter_next(vma, first, last))

/* mm/mmap.c */
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages);
bool may_expand_vm(struct mm_struct *mm, unsigned long flags,
		   unsigned long npages);
int security_vm_enough_memory_mm(struct mm_struct *mm, long pages);
void vm_unacct_memory(long pages);
int do_vmi_munmap(struct mm_struct *mm, unsigned long start, size_t len);
unsigned long get_unmapped_area(struct mm_struct *mm, struct file *file,
				unsigned long addr, unsigned long len,
				unsigned long pgoff, unsigned long flags);
void vma_set_page_prot(struct vm_area_struct *vma);
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len);

/* mm/memory.c */
pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr);
pte_t *pte_offset_map_mm(struct mm_struct *mm, unsigned long addr);
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags);
/* What an unmapping spares (Linux's struct zap_details). */
struct zap_details {
	unsigned int zap_flags;
	bool even_cows;		/* private COW copies go too (all but a hole punch) */
};
#define ZAP_FLAG_DROP_MARKER	0x1	/* guard markers go too */

struct mmu_gather;
void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      unsigned long addr, unsigned long end,
		      struct zap_details *details);
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size, struct zap_details *details);
void unmap_region(struct mm_struct *mm, struct vm_area_struct *vma,
		  unsigned long start, unsigned long end);
void free_pgd_range(struct mm_struct *mm, unsigned long a, unsigned long e);
void free_user_pgtables(struct mm_struct *mm);
void exit_mmap(struct mm_struct *mm);
long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
	     unsigned long len, unsigned long prot, unsigned long flags,
	     unsigned long pgoff, unsigned long *populate);
unsigned long mmap_region(struct mm_struct *mm, struct file *file,
			  unsigned long addr, unsigned long len,
			  unsigned long vm_flags, unsigned long pgoff);
unsigned long do_brk(struct mm_struct *mm, unsigned long brk);

static inline struct vm_area_struct *
find_vma_intersection(struct mm_struct *mm, unsigned long start,
		      unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}
int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end, bool write);
long change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, pgprot_t newprot);
bool page_is_resident(struct mm_struct *mm, unsigned long addr);

struct mm_walk;
/* A ->test_walk that walks every VMA, PFN maps included. */
static inline int walk_every_vma(unsigned long addr, unsigned long next,
				 struct mm_walk *walk)
{
	(void)addr;
	(void)next;
	(void)walk;
	return 0;
}
int mm_counter(struct vm_area_struct *vma, struct page *page);
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma);
void page_remove_rmap(struct page *page);
struct page *__vm_normal_page(struct vm_area_struct *vma, pte_t pte,
			      bool *bad);
struct page *vm_normal_page_other(struct vm_area_struct *vma,
				  unsigned long addr, pte_t pte);

/*
 * vm_normal_page() - the struct page the user PTE @pte at @addr maps, or
 * NULL for a special mapping (see vm_normal_page_other()).  Inline for the
 * usual PTE: not special, a frame with a struct page.
 */
static inline struct page *vm_normal_page(struct vm_area_struct *vma,
					  unsigned long addr, pte_t pte)
{
	if (likely(!pte_special(pte) && pfn_valid(pte_pfn(pte))))
		return pfn_to_page(pte_pfn(pte));
	return vm_normal_page_other(vma, addr, pte);
}

int expand_stack(struct vm_area_struct *vma, unsigned long address);

/* mm/mlock.c */
void munlock_vma_pages_range(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end);
/* PG_mlocked bookkeeping, called where a VMA starts or stops mapping a page. */
void mlock_page(struct page *page);

/*
 * mlock_vma_page() - @vma now maps @page: mlock it if @vma is locked
 * (and not a special mapping), as Linux's mlock_vma_folio(), inline as
 * Linux's: every fault asks.
 */
static inline void mlock_vma_page(struct vm_area_struct *vma,
				  struct page *page)
{
	if (unlikely((vma->vm_flags & (VM_LOCKED | VM_SPECIAL)) == VM_LOCKED))
		mlock_page(page);
}
void munlock_vma_page(struct vm_area_struct *vma, struct page *page);

#endif
