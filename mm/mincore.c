// SPDX-License-Identifier: MIT
/*
 * mincore(2): one byte per page, 1 if the page is resident.  A present PTE
 * counts (the shared zero page too); an empty PTE of a file-backed VMA
 * counts if the file's page is in the page cache (even if this mapping
 * never touched it, as Linux); guard markers and empty anonymous PTEs
 * count as not resident; a swapped-out page counts while it is in the
 * swap cache.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/trace.h>
#include <linux/uaccess.h>
#include <linux/pagewalk.h>
#include "mm/internal.h"
#include "mm/swap.h"

/* Is page @index of @vma's file in the page cache? (mincore_page()) */
static unsigned char mincore_page(struct vm_area_struct *vma, pgoff_t index)
{
	struct page *page;

	if (!vma->vm_file || !vma->vm_file->f_mapping)
		return 0;
	page = find_get_page(vma->vm_file->f_mapping, index);
	if (!page && shmem_mapping(vma->vm_file->f_mapping)) {
		/* filemap_get_incore_folio(): a swapped shmem page, if cached. */
		void *value = filemap_load_value(vma->vm_file->f_mapping, index);

		if (value)
			page = swap_cache_get_page((swp_entry_t){ xa_to_value(value) });
	}
	if (!page)
		return 0;
	put_page(page);
	return 1;
}

/* The vector of one walk: vec[0] is the page at @start. */
struct mincore_walk {
	unsigned char *vec;
	unsigned long start;
};

static unsigned char *mincore_byte(struct mm_walk *walk, unsigned long addr)
{
	struct mincore_walk *mw = walk->private;

	return &mw->vec[(addr - mw->start) >> PAGE_SHIFT];
}

static pgoff_t mincore_pgoff(struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

/* No table: only the page cache can say (mincore_unmapped_range()). */
static int mincore_unmapped_range(unsigned long addr, unsigned long end,
				  int depth, struct mm_walk *walk)
{
	(void)depth;
	for (; addr < end; addr += PAGE_SIZE)
		*mincore_byte(walk, addr) =
			mincore_page(walk->vma, mincore_pgoff(walk->vma, addr));
	return 0;
}

/*
 * A swapped-out anonymous page counts as resident only while it is in
 * the swap cache (Linux 6.x's mincore_swap()); a marker is not resident.
 */
static unsigned char mincore_swap(pte_t pte)
{
	swp_entry_t entry = pte_to_swp_entry(pte);
	struct page *page;

	if (pte_val(pte) == pte_val(make_guard_pte()) || non_swap_entry(entry))
		return 0;
	page = swap_cache_get_page(entry);
	if (!page)
		return 0;
	put_page(page);
	return 1;
}

static int mincore_pte_entry(pte_t *ptep, unsigned long addr,
			     unsigned long next, struct mm_walk *walk)
{
	pte_t pte = ptep_get(ptep);
	unsigned char present;

	(void)next;
	if (pte_present(pte))
		present = 1;
	else if (!pte_none(pte))
		present = mincore_swap(pte);
	else
		present = mincore_page(walk->vma, mincore_pgoff(walk->vma, addr));
	*mincore_byte(walk, addr) = present;
	return 0;
}

static const struct mm_walk_ops mincore_walk_ops = {
	.pte_entry = mincore_pte_entry,
	.pte_hole = mincore_unmapped_range,
	.test_walk = walk_every_vma,
};

/*
 * The residency of up to @pages pages from @addr, all inside one VMA.
 * Return: the number of pages done, or -ENOMEM if @addr is unmapped.
 */
static long mincore_vma(struct mm_struct *mm, unsigned long addr,
			unsigned long pages, unsigned char *vec)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	struct mincore_walk mw = { .vec = vec, .start = addr };
	unsigned long end;

	if (!vma)
		return -ENOMEM;
	end = min(vma->vm_end, addr + (pages << PAGE_SHIFT));
	walk_page_range_vma(vma, addr, end, &mincore_walk_ops, &mw);
	return (long)((end - addr) >> PAGE_SHIFT);
}

/*
 * Linux's checks before any page is looked at: @start page aligned (else
 * -EINVAL), [@start, @start + @len) inside the user address space (else
 * -ENOMEM).  Return: 0 and the vector's length in *@pages, or -errno.
 */
static long mincore_check(unsigned long start, unsigned long len,
			  unsigned long *pages)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!access_ok(start, len))
		return -ENOMEM;
	*pages = (len >> PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
	return 0;
}

/**
 * do_mincore() - mincore(2) for the current task into the host buffer
 * @vec (one byte per page of the page-rounded @len; never NULL).  Pages of the VMAs
 * before a hole are filled in before -ENOMEM is returned, as Linux copies
 * them out.
 * Return: 0, or -EINVAL (unaligned @start), -ENOMEM (beyond the user
 * address space, or unmapped).
 */
long do_mincore(unsigned long start, unsigned long len,
		unsigned char *vec)
{
	unsigned long pages;
	long ret;

	ret = mincore_check(start, len, &pages);
	if (ret)
		return ret;
	trace_mm(current->mm, "do_mincore: [%#lx, +%lu pages)", start, pages);
	while (pages) {
		ret = mincore_vma(current->mm, start, pages, vec);
		if (ret <= 0)
			return ret;
		vec += ret;
		pages -= (unsigned long)ret;
		start += (unsigned long)ret << PAGE_SHIFT;
	}
	return 0;
}

/**
 * ksys_mincore() - mincore(2) with the vector at user address @uvec, as
 * the system call: the vector is checked with access_ok() (-EFAULT) before
 * any page is looked at, then filled one page of vector (PAGE_SIZE pages
 * of memory) at a time through copy_to_user(), so that the host never
 * allocates in proportion to @len.
 * Return: 0, -EINVAL, -ENOMEM (as do_mincore()), or -EFAULT.
 */
long ksys_mincore(unsigned long start,
		  unsigned long len, unsigned long uvec)
{
	unsigned char tmp[PAGE_SIZE];
	unsigned long pages;
	long ret;

	ret = mincore_check(start, len, &pages);
	if (ret)
		return ret;
	if (!access_ok(uvec, pages))
		return -EFAULT;
	trace_mm(current->mm, "ksys_mincore: [%#lx, +%lu pages)", start, pages);
	while (pages) {
		ret = mincore_vma(current->mm, start, min(pages, PAGE_SIZE), tmp);
		if (ret <= 0)
			return ret;
		if (copy_to_user((void __user *)uvec, tmp, (unsigned long)ret))
			return -EFAULT;
		uvec += (unsigned long)ret;
		pages -= (unsigned long)ret;
		start += (unsigned long)ret << PAGE_SHIFT;
	}
	return 0;
}

SYSCALL_DEFINE3(mincore, unsigned long, start, size_t, len,
		unsigned char __user *, vec)
{
	return ksys_mincore(start, len, (unsigned long)vec);
}
