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
#include "mm/internal.h"

#define PM_PFRAME_MASK		((1ULL << 55) - 1)
#define PM_SOFT_DIRTY		(1ULL << 55)
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_FILE			(1ULL << 61)
#define PM_SWAP			(1ULL << 62)
#define PM_PRESENT		(1ULL << 63)

enum {
	KPF_LOCKED = 0, KPF_REFERENCED = 2, KPF_UPTODATE = 3, KPF_DIRTY = 4,
	KPF_LRU = 5, KPF_SLAB = 7, KPF_WRITEBACK = 8, KPF_BUDDY = 10,
	KPF_MMAP = 11, KPF_ANON = 12, KPF_SWAPBACKED = 14,
	KPF_COMPOUND_HEAD = 15, KPF_COMPOUND_TAIL = 16, KPF_UNEVICTABLE = 18,
	KPF_NOPAGE = 20, KPF_ZERO_PAGE = 24, KPF_PGTABLE = 26,
	KPF_RESERVED = 32, KPF_MLOCKED = 33, KPF_PRIVATE = 35,
};

/* pagemap_pte_range(): the entry of one virtual page (root sees PFNs). */
u64 pagemap_entry(struct task_struct *t, unsigned long addr)
{
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	pte_t *pte;
	struct page *page;
	u64 e;

	if (!vma)
		return 0;
	pte = pte_offset_map_mm(mm, addr);
	if (!pte || !pte_present(*pte))
		return 0;
	e = PM_PRESENT | (pte_pfn(*pte) & PM_PFRAME_MASK);
	page = vm_normal_page(vma, *pte);
	if (page && !PageAnon(page))
		e |= PM_FILE;
	if (page && page_mapcount(page) == 1)
		e |= PM_MMAP_EXCLUSIVE;
	return e;
}

static u64 kpageflags_entry(struct mml_machine *m, unsigned long pfn)
{
	struct page *page, *head;
	u64 f = 0;

	if (!pfn_valid(m, pfn))
		return 1ULL << KPF_NOPAGE;
	page = pfn_to_page(m, pfn);
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

static u64 kpagecount_entry(struct mml_machine *m, unsigned long pfn)
{
	struct page *page;

	if (!pfn_valid(m, pfn))
		return 0;
	page = pfn_to_page(m, pfn);
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

static u64 pagemap_at(void *ctx, unsigned long i)
{
	return pagemap_entry(ctx, i << PAGE_SHIFT);
}

static u64 kpagecount_at(void *ctx, unsigned long i)
{
	return kpagecount_entry(ctx, i);
}

static u64 kpageflags_at(void *ctx, unsigned long i)
{
	return kpageflags_entry(ctx, i);
}

long pagemap_read(struct task_struct *t, void *buf, unsigned long n,
		  unsigned long off)
{
	return read_u64_array(t, pagemap_at, t->mm->task_size >> PAGE_SHIFT,
			      buf, n, off);
}

/* kpage_read() - /proc/kpagecount (@flags false) or /proc/kpageflags. */
long kpage_read(struct mml_machine *m, bool flags, void *buf, unsigned long n,
		unsigned long off)
{
	return read_u64_array(m, flags ? kpageflags_at : kpagecount_at,
			      m->max_pfn, buf, n, off);
}
