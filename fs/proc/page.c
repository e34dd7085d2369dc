// SPDX-License-Identifier: MIT
/*
 * The binary page files: /proc/<pid>/pagemap (one u64 per virtual page),
 * /proc/kpagecount and /proc/kpageflags (one u64 per physical frame), in
 * Linux's formats.  Readers ask for [off, off+n) as with pread(2).
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/proc_fs.h>
#include <linux/pagewalk.h>
#include "mm/internal.h"
#include "mm/swap.h"

#define PM_PFRAME_MASK		((1ULL << 55) - 1)
#define PM_SOFT_DIRTY		(1ULL << 55)
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_GUARD_REGION		(1ULL << 58)
#define PM_FILE			(1ULL << 61)
#define PM_SWAP			(1ULL << 62)
#define PM_PRESENT		(1ULL << 63)

enum {
	KPF_LOCKED = 0, KPF_REFERENCED = 2, KPF_UPTODATE = 3, KPF_DIRTY = 4,
	KPF_LRU = 5, KPF_SLAB = 7, KPF_WRITEBACK = 8, KPF_BUDDY = 10,
	KPF_MMAP = 11, KPF_ANON = 12, KPF_SWAPCACHE = 13, KPF_SWAPBACKED = 14,
	KPF_COMPOUND_HEAD = 15, KPF_COMPOUND_TAIL = 16, KPF_UNEVICTABLE = 18,
	KPF_NOPAGE = 20, KPF_ZERO_PAGE = 24, KPF_PGTABLE = 26,
	KPF_RESERVED = 32, KPF_MLOCKED = 33, KPF_PRIVATE = 35,
};

/* One pagemap read: entries for [start, end) go to buf[0..]. */
struct pagemapread {
	u8 *buf;
	unsigned long start;
};

static void pagemap_put(struct mm_walk *walk, unsigned long addr, u64 e)
{
	struct pagemapread *pm = walk->private;

	memcpy(pm->buf + ((addr - pm->start) >> PAGE_SHIFT) * 8, &e, 8);
}

/* No VMA or no table: zero entries. */
static int pagemap_pte_hole(unsigned long addr, unsigned long end, int depth,
			    struct mm_walk *walk)
{
	struct pagemapread *pm = walk->private;

	(void)depth;
	memset(pm->buf + ((addr - pm->start) >> PAGE_SHIFT) * 8, 0,
	       ((end - addr) >> PAGE_SHIFT) * 8);
	return 0;
}

/* pagemap_pte_range(): the entry of one virtual page (root sees PFNs). */
static int pagemap_pte_entry(pte_t *ptep, unsigned long addr,
			     unsigned long next, struct mm_walk *walk)
{
	pte_t pte = ptep_get(ptep);
	struct page *page;
	u64 e = 0;

	(void)next;
	if (pte_present(pte)) {
		e = PM_PRESENT | (pte_pfn(pte) & PM_PFRAME_MASK);
		page = vm_normal_page(walk->vma, addr, pte);
		if (page && !PageAnon(page))
			e |= PM_FILE;
		if (page && page_mapcount(page) == 1)
			e |= PM_MMAP_EXCLUSIVE;
	} else if (is_swap_pte(pte)) {
		swp_entry_t entry = pte_to_swp_entry(pte);

		/* Linux 6.x: bits 0-4 the type, 5-54 the offset. */
		e = PM_SWAP | ((swp_type(entry) |
				((u64)swp_offset(entry) << MAX_SWAPFILES_SHIFT)) &
			       PM_PFRAME_MASK);
		if (pte_val(pte) == pte_val(make_guard_pte()))
			e |= PM_GUARD_REGION;	/* a guard marker (6.15+) */
	}
	pagemap_put(walk, addr, e);
	return 0;
}

/*
 * No ->test_walk, as in Linux: a VM_PFNMAP VMA is one hole, so its pages
 * read as not present even where PTEs map them (the host's [vvar] shows
 * the same).  VM_MIXEDMAP VMAs are walked.
 */
static const struct mm_walk_ops pagemap_ops = {
	.pte_entry = pagemap_pte_entry,
	.pte_hole = pagemap_pte_hole,
};

static u64 kpageflags_entry(unsigned long pfn)
{
	struct mml_machine *m = current_machine();
	struct page *page, *head;
	u64 f = 0;

	/* Holes below max_pfn have struct pages that Linux marks reserved
	 * (init_unavailable_range()); mmlab has none behind them. */
	if (!pfn_valid(pfn))
		return pfn < m->max_pfn ? 1ULL << KPF_RESERVED :
					  1ULL << KPF_NOPAGE;
	page = pfn_to_page(pfn);
	head = compound_head(page);
	if (page == m->zero_page)
		f |= 1ULL << KPF_ZERO_PAGE;
#define KPF(test, bit) if (test) f |= 1ULL << (bit)
	KPF(PageLocked(head), KPF_LOCKED);
	KPF(PageReferenced(head), KPF_REFERENCED);
	KPF(PageUptodate(head), KPF_UPTODATE);
	KPF(PageDirty(head), KPF_DIRTY);
	KPF(PageLRU(head), KPF_LRU);
	KPF(PageSlab(head), KPF_SLAB);
	KPF(PageWriteback(head), KPF_WRITEBACK);
	KPF(PageBuddy(page), KPF_BUDDY);
	KPF(page_mapcount(page) > 0 && !PageSlab(head), KPF_MMAP);
	KPF(PageAnon(head), KPF_ANON);
	KPF(PageSwapCache(head), KPF_SWAPCACHE);
	KPF(PageSwapBacked(head), KPF_SWAPBACKED);
	KPF(PageHead(page), KPF_COMPOUND_HEAD);
	KPF(PageTail(page), KPF_COMPOUND_TAIL);
	KPF(PageUnevictable(head), KPF_UNEVICTABLE);
	KPF(PageTable(page), KPF_PGTABLE);
	KPF(PageReserved(page), KPF_RESERVED);
	KPF(PageMlocked(head), KPF_MLOCKED);
	KPF(PagePrivate(head), KPF_PRIVATE);
#undef KPF
	return f;
}

static u64 kpagecount_entry(unsigned long pfn)
{
	struct page *page;

	if (!pfn_valid(pfn))
		return 0;
	page = pfn_to_page(pfn);
	if (PageSlab(compound_head(page)) || PageBuddy(page))
		return 0;
	return page_mapcount(page) > 0 ? (u64)page_mapcount(page) : 0;
}

/*
 * Fill @buf with entries [off/8, (off+n)/8) of a u64 array produced by
 * @entry; @limit is the number of entries.  Offsets and sizes must be
 * multiples of 8, as Linux insists (-EINVAL).
 */
static long read_u64_array(void *ctx, u64 (*entry)(void *ctx, unsigned long i),
			   unsigned long limit, void *buf, unsigned long n,
			   unsigned long off)
{
	unsigned long i, first = off / 8, count = n / 8;

	if ((off | n) & 7)
		return -EINVAL;
	if (first >= limit)
		return 0;
	count = min(count, limit - first);
	for (i = 0; i < count; i++) {
		u64 v = entry(ctx, first + i);

		memcpy((u8 *)buf + i * 8, &v, 8);
	}
	return (long)(count * 8);
}

static u64 kpagecount_at(void *ctx, unsigned long i)
{
	return kpagecount_entry(i);
}

static u64 kpageflags_at(void *ctx, unsigned long i)
{
	return kpageflags_entry(i);
}

/**
 * pagemap_read() - /proc/<pid>/pagemap of task @t: entries [@off/8,
 * (@off+@n)/8) into @buf, one page-table walk over the range.
 * Return: bytes filled (0 at or beyond the end), or -EINVAL if @off or @n
 * is not a multiple of 8, as Linux.
 */
long pagemap_read(struct task_struct *t, void *buf, unsigned long n,
		  unsigned long off)
{
	unsigned long limit = t->mm->task_size >> PAGE_SHIFT;
	unsigned long first = off / 8, count = n / 8;
	struct pagemapread pm = { .buf = buf };

	if ((off | n) & 7)
		return -EINVAL;
	if (first >= limit || !count)
		return 0;
	count = min(count, limit - first);
	pm.start = first << PAGE_SHIFT;
	walk_page_range(t->mm, pm.start, (first + count) << PAGE_SHIFT,
			&pagemap_ops, &pm);
	return (long)(count * 8);
}

/* kpage_read() - /proc/kpagecount (@flags false) or /proc/kpageflags. */
long kpage_read(bool flags, void *buf, unsigned long n, unsigned long off)
{
	struct mml_machine *m = current_machine();

	return read_u64_array(m, flags ? kpageflags_at : kpagecount_at,
			      m->max_pfn, buf, n, off);
}
