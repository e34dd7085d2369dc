// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/smaps and /proc/<pid>/smaps_rollup: every field Linux 6.18
 * prints, in its order and format, with the values taken from the page
 * tables as Linux's smaps_pte_range() takes them: each present PTE that
 * maps a normal page (not the zero page, not a PFN mapping) counts in Rss;
 * Pss divides the page by its mapcount in 12-bit fixed point; a page is
 * shared when mapped twice or more; dirty and referenced come from the PTE
 * bits or the page flags.
 *
 * mmlab has no transparent huge pages, hugetlbfs pages, KSM or swap, so
 * AnonHugePages, ShmemPmdMapped, FilePmdMapped, Shared_Hugetlb,
 * Private_Hugetlb, KSM, Swap and SwapPss are always 0, as on a Linux
 * machine with none of them in use.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/seq_buf.h>
#include <asm/pgtable.h>
#include "mm/internal.h"
#include "mm/swap.h"
#include "fs/proc/internal.h"

/* Pss is kept in bytes << PSS_SHIFT so that dividing by mapcount rounds late. */
#define PSS_SHIFT	12

struct mem_size_stats {
	unsigned long resident;
	unsigned long shared_clean, shared_dirty;
	unsigned long private_clean, private_dirty;
	unsigned long referenced;
	unsigned long anonymous;
	unsigned long lazyfree;
	unsigned long ksm;
	unsigned long anonymous_thp, shmem_thp, file_thp;
	unsigned long swap;
	unsigned long shared_hugetlb, private_hugetlb;
	u64 pss, pss_anon, pss_file, pss_shmem, pss_dirty, pss_locked;
	u64 swap_pss;
};

/*
 * vm_normal_page(): the page a PTE maps, or NULL for special mappings (a
 * PFN map's special PTEs; its COW copies are normal pages, as in Linux).
 */
static struct page *smaps_normal_page(struct vm_area_struct *vma, pte_t pte)
{
	struct mml_machine *m = vma->vm_mm->machine;
	unsigned long pfn = pte_pfn(pte);

	if (pte_special(pte) || !pfn_valid(pfn))
		return NULL;
	if (pfn_to_page(pfn) == m->zero_page)
		return NULL;
	return pfn_to_page(pfn);
}

/* Pages of a shared anonymous or tmpfs mapping (swap-backed) count as Pss_Shmem. */
static bool page_is_shmem(struct vm_area_struct *vma, struct page *page)
{
	return PageSwapBacked(page);
}

static void smaps_page_accumulate(struct mem_size_stats *mss,
				  struct vm_area_struct *vma, struct page *page,
				  u64 pss, bool dirty, bool private)
{
	mss->pss += pss;
	if (PageAnon(page))
		mss->pss_anon += pss;
	else if (page_is_shmem(vma, page))
		mss->pss_shmem += pss;
	else
		mss->pss_file += pss;
	if (vma->vm_flags & VM_LOCKED)
		mss->pss_locked += pss;
	if (dirty) {
		mss->pss_dirty += pss;
		if (private)
			mss->private_dirty += PAGE_SIZE;
		else
			mss->shared_dirty += PAGE_SIZE;
	} else if (private) {
		mss->private_clean += PAGE_SIZE;
	} else {
		mss->shared_clean += PAGE_SIZE;
	}
}

/* smaps_account() for one 4 KiB page mapped by a present PTE. */
static void smaps_account(struct mem_size_stats *mss, struct vm_area_struct *vma,
			  struct page *page, bool young, bool dirty)
{
	int mapcount = page_mapcount(page);
	u64 pss = (u64)PAGE_SIZE << PSS_SHIFT;

	dirty = dirty || PageDirty(page);
	if (PageAnon(page)) {
		mss->anonymous += PAGE_SIZE;
		if (!PageSwapBacked(page) && !dirty)
			mss->lazyfree += PAGE_SIZE;
	}
	mss->resident += PAGE_SIZE;
	if (young || PageReferenced(page))
		mss->referenced += PAGE_SIZE;
	if (mapcount >= 2)
		pss /= (u64)mapcount;
	smaps_page_accumulate(mss, vma, page, pss, dirty, mapcount < 2);
}

static void smaps_pte_entry(struct mem_size_stats *mss,
			    struct vm_area_struct *vma, pte_t pte)
{
	struct page *page;

	if (is_swap_pte(pte)) {
		swp_entry_t entry = pte_to_swp_entry(pte);
		int count;

		if (non_swap_entry(entry))
			return;
		/* Swap, and SwapPss shared among the entry's references. */
		mss->swap += PAGE_SIZE;
		count = swp_swapcount(entry);
		mss->swap_pss += ((u64)PAGE_SIZE << PSS_SHIFT) /
				 (u64)(count >= 2 ? count : 1);
		return;
	}
	if (!pte_present(pte))
		return;
	page = smaps_normal_page(vma, pte);
	if (page)
		smaps_account(mss, vma, page, pte_young(pte), pte_dirty(pte));
}

/* The end of the block of @size around @addr, clamped to @end. */
static unsigned long block_end(unsigned long addr, unsigned long size,
			       unsigned long end)
{
	unsigned long next = (addr & ~(size - 1)) + size;

	return next - 1 < end - 1 ? next : end;
}

/* PTEs of [addr, end) under one present PMD entry. */
static void smaps_pte_range(struct mem_size_stats *mss,
			    struct vm_area_struct *vma, pmd_t *pmd,
			    unsigned long addr, unsigned long end)
{
	for (; addr < end; addr += PAGE_SIZE)
		smaps_pte_entry(mss, vma, *pte_offset_kernel(pmd, addr));
}

/*
 * walk_page_vma() with the smaps callbacks: skip whole tables that are not
 * there, so a huge PROT_NONE reservation costs little.
 */
static void smaps_walk_vma(struct mem_size_stats *mss, struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr = vma->vm_start, end = vma->vm_end, next;

	while (addr < end) {
		pgd_t *pgd = pgd_offset(mm, addr);
		pud_t *pud;
		pmd_t *pmd;

		next = block_end(addr, PGDIR_SIZE, end);
		if (!pgd_present(*pgd))
			goto skip;
		pud = pud_offset(p4d_offset(pgd, addr), addr);
		next = block_end(addr, PUD_SIZE, end);
		if (!pud_present(*pud) || pud_leaf(*pud))
			goto skip;
		pmd = pmd_offset(pud, addr);
		next = block_end(addr, PMD_SIZE, end);
		if (pmd_present(*pmd) && !pmd_leaf(*pmd))
			smaps_pte_range(mss, vma, pmd, addr, next);
skip:
		addr = next;
	}
	/*
	 * A shmem mapping's swapped pages are entries in its object, not in
	 * its PTEs: "Swap:" counts those of its range (Linux's
	 * shmem_swap_usage(); no SwapPss for them).
	 */
	if (vma_is_shmem(vma))
		mss->swap += shmem_swap_usage(vma->vm_file->f_mapping, vma->vm_pgoff,
					      vma->vm_pgoff + vma_pages(vma)) << PAGE_SHIFT;
}

/* seq_put_decimal_ull_width(m, str, bytes >> 10, 8) as SEQ_PUT_DEC does. */
static void put_kb(struct seq_buf *s, const char *name, unsigned long bytes)
{
	seq_printf(s, "%-16s%8lu kB\n", name, bytes >> 10);
}

static void __show_smap(struct seq_buf *s, const struct mem_size_stats *mss,
			bool rollup_mode)
{
	put_kb(s, "Rss:", mss->resident);
	put_kb(s, "Pss:", mss->pss >> PSS_SHIFT);
	put_kb(s, "Pss_Dirty:", mss->pss_dirty >> PSS_SHIFT);
	if (rollup_mode) {
		put_kb(s, "Pss_Anon:", mss->pss_anon >> PSS_SHIFT);
		put_kb(s, "Pss_File:", mss->pss_file >> PSS_SHIFT);
		put_kb(s, "Pss_Shmem:", mss->pss_shmem >> PSS_SHIFT);
	}
	put_kb(s, "Shared_Clean:", mss->shared_clean);
	put_kb(s, "Shared_Dirty:", mss->shared_dirty);
	put_kb(s, "Private_Clean:", mss->private_clean);
	put_kb(s, "Private_Dirty:", mss->private_dirty);
	put_kb(s, "Referenced:", mss->referenced);
	put_kb(s, "Anonymous:", mss->anonymous);
	put_kb(s, "KSM:", mss->ksm);
	put_kb(s, "LazyFree:", mss->lazyfree);
	put_kb(s, "AnonHugePages:", mss->anonymous_thp);
	put_kb(s, "ShmemPmdMapped:", mss->shmem_thp);
	put_kb(s, "FilePmdMapped:", mss->file_thp);
	put_kb(s, "Shared_Hugetlb:", mss->shared_hugetlb);
	put_kb(s, "Private_Hugetlb:", mss->private_hugetlb);
	put_kb(s, "Swap:", mss->swap);
	put_kb(s, "SwapPss:", mss->swap_pss >> PSS_SHIFT);
	put_kb(s, "Locked:", mss->pss_locked >> PSS_SHIFT);
}

/*
 * The two-letter names of show_smap_vma_flags(), by bit number; Linux
 * prints them in bit order.  Bit 27 (VM_SOFTDIRTY) prints nothing: the
 * reference kernel is built without CONFIG_MEM_SOFT_DIRTY.
 */
static const char vm_flag_mnemonics[32][3] = {
	"rd", "wr", "ex", "sh", "mr", "mw", "me", "ms",
	"gd", "um", "pf", "gu", "uw", "lo", "io", "sr",
	"rr", "dc", "de", "lf", "ac", "nr", "ht", "sf",
	"ar", "wf", "dd", "", "mm", "hg", "nh", "mg",
};

static void show_smap_vma_flags(struct seq_buf *s, unsigned long flags)
{
	unsigned int i;

	seq_puts(s, "VmFlags: ");
	for (i = 0; i < 64; i++) {
		const char *name = i < 32 ? vm_flag_mnemonics[i] :
				   i == 36 ? "dp" : "";	/* VM_DROPPABLE */

		if ((flags & (1UL << i)) && name[0])
			seq_printf(s, "%s ", name);
	}
	seq_putc(s, '\n');
}

/*
 * thp_vma_allowable_orders(vma, TVA_SMAPS) with the reference host's
 * settings (transparent_hugepage/enabled = madvise, shmem_enabled =
 * never): an anonymous VMA advised MADV_HUGEPAGE that spans an aligned
 * 2 MiB block.  mmlab never maps huge pages, but this is what Linux says.
 */
static bool thp_eligible(struct vm_area_struct *vma)
{
	unsigned long haddr;

	if (!vma_is_anonymous(vma) || (vma->vm_flags & VM_SPECIAL))
		return false;
	if (!(vma->vm_flags & VM_HUGEPAGE) || (vma->vm_flags & VM_NOHUGEPAGE))
		return false;
	if (vma->vm_end - vma->vm_start < PMD_SIZE)
		return false;
	haddr = (vma->vm_end - PMD_SIZE) & PMD_MASK;
	return haddr >= vma->vm_start;
}

static void show_smap_fields(struct seq_buf *s, unsigned long size,
			     const struct mem_size_stats *mss,
			     unsigned long flags, bool thp)
{
	put_kb(s, "Size:", size);
	put_kb(s, "KernelPageSize:", PAGE_SIZE);
	put_kb(s, "MMUPageSize:", PAGE_SIZE);
	__show_smap(s, mss, false);
	seq_printf(s, "%-16s%8u\n", "THPeligible:", thp ? 1u : 0u);
	show_smap_vma_flags(s, flags);
}

static void show_smap(struct seq_buf *s, struct vm_area_struct *vma)
{
	struct mem_size_stats mss = { 0 };

	smaps_walk_vma(&mss, vma);
	show_map_vma(s, vma);
	show_smap_fields(s, vma->vm_end - vma->vm_start, &mss, vma->vm_flags,
			 thp_eligible(vma));
}

/**
 * smaps_show() - /proc/<pid>/smaps: each VMA's maps line and its memory
 * counts, then the vsyscall page's (which has no pages to count).
 * Context: the task's mm is not being changed.
 */
void smaps_show(struct task_struct *t, struct seq_buf *s)
{
	struct mem_size_stats none = { 0 };
	struct vm_area_struct *vma;

	for (vma = t->mm->mmap; vma; vma = vma->vm_next)
		show_smap(s, vma);
	show_gate_vma(s, t->mm);
	show_smap_fields(s, PAGE_SIZE, &none, VM_EXEC, false);
}

/**
 * smaps_rollup_show() - /proc/<pid>/smaps_rollup: the sums over every VMA
 * (not the vsyscall page), under a header spanning the first VMA's start
 * to the last VMA's end.
 */
void smaps_rollup_show(struct task_struct *t, struct seq_buf *s)
{
	struct mem_size_stats mss = { 0 };
	struct vm_area_struct *vma;
	unsigned long start = 0, end = 0;
	size_t line = s->len, col;

	for (vma = t->mm->mmap; vma; vma = vma->vm_next) {
		if (vma == t->mm->mmap)
			start = vma->vm_start;
		smaps_walk_vma(&mss, vma);
		end = vma->vm_end;
	}
	seq_printf(s, "%08lx-%08lx ---p 00000000 00:00 0 ", start, end);
	col = s->len - line;
	if (col < 72)
		seq_printf(s, "%*s", (int)(72 - col), "");
	seq_puts(s, " [rollup]\n");
	__show_smap(s, &mss, true);
}
