// SPDX-License-Identifier: MIT
/*
 * Page migration: move the contents of one frame to a new frame and fix
 * every PTE that mapped it, found through the reverse map, as Linux's
 * migrate_pages() does for a single page (no batching, no retries).
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/rmap.h>
#include <linux/migrate.h>
#include <linux/trace.h>
#include <asm/tlbflush.h>
#include <linux/mm_inline.h>
#include "mm/internal.h"

struct remap_ctx {
	struct page *new;
	migrate_report_fn report;
	void *arg;
};

static bool remove_migration_pte(struct page *old, struct vm_area_struct *vma,
				 unsigned long addr, pte_t *pte, bool anon,
				 void *arg)
{
	struct remap_ctx *ctx = arg;
	pte_t before = *pte, after;

	after = pfn_pte(page_to_pfn(ctx->new), pte_pgprot(before));
	set_pte(pte, after);
	flush_tlb_mm_range(vma->vm_mm, addr, addr + PAGE_SIZE);
	ctx->new->_mapcount++;
	get_page(ctx->new);
	old->_mapcount--;
	put_page(old);
	if (ctx->report)
		ctx->report(vma->vm_mm->owner->pid, addr, pte_val(before),
			    pte_val(after), anon, ctx->arg);
	return true;
}

/* A page may move only if every reference is a mapping (or the cache's). */
static bool migration_possible(struct page *page)
{
	int expected = page_mapcount(page) + (PageAnon(page) ? 0 : 1);

	return page_ref_count(page) == expected;
}

/**
 * migrate_user_page() - move user page @pfn (anonymous or page cache) to a new
 * frame; every mapping is switched over and @report is told of each.
 * Return: 0 with *@new_pfn set, -EINVAL if @pfn is not a movable user
 * page, -EAGAIN if something else holds it (a pin), -ENOMEM.
 */
int migrate_user_page(unsigned long pfn, unsigned long *new_pfn,
		      migrate_report_fn report, void *arg)
{
	struct page *old, *new;
	struct remap_ctx ctx = { .report = report, .arg = arg };
	struct address_space *mapping;

	if (!pfn_valid(pfn))
		return -EINVAL;
	old = pfn_to_page(pfn);
	if (page_ref_count(old) <= 0 || PageSlab(old) || PageTable(old) ||
	    PageReserved(old) || PageHead(old) || PageTail(old) ||
	    (!PageAnon(old) && !old->mapping))
		return -EINVAL;
	lru_add_drain();	/* the batch's reference is no user's */
	if (!migration_possible(old))
		return -EAGAIN;
	new = alloc_page(GFP_HIGHUSER_MOVABLE);
	if (!new)
		return -ENOMEM;
	get_page(old);
	memcpy(page_host(new), page_host(old), PAGE_SIZE);
	ctx.new = new;
	mapping = old->mapping;
	rmap_walk(old, &(struct rmap_walk_control){ .fn = remove_migration_pte, .arg = &ctx });
	if (PageAnon(old)) {
		new->flags |= old->flags & ((1UL << PG_anon) | (1UL << PG_swapbacked) |
					    (1UL << PG_anon_exclusive) |
					    (1UL << PG_referenced) | (1UL << PG_dirty) |
					    (1UL << PG_active) | (1UL << PG_workingset));
		new->mapping = mapping;
		new->index = old->index;
		if (PageLRU(old))
			lru_cache_add(new);	/* the old one leaves when freed */
	} else {
		replace_page_cache_page(old, new);
	}
	put_page(old);
	put_page(new);	/* the mappings and the cache hold it now */
	*new_pfn = page_to_pfn(new);
	trace_m("migrate_pages: pfn %#lx -> %#lx", pfn, *new_pfn);
	return 0;
}
