// SPDX-License-Identifier: MIT
/* Public entry points: LRU state of a page, kswapd, reclaim, OOM settings. */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/vmscan.h>
#include <linux/rmap.h>
#include <linux/sched.h>
#include <asm/pgtable.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

static bool young_one(struct page *page, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *pte, bool anon, void *arg)
{
	(void)page;
	(void)vma;
	(void)addr;
	(void)anon;
	if (pte_young(ptep_get(pte)))
		(*(int *)arg)++;
	return true;
}

MML_API int mml_page_lru(struct mml_machine *m, uint64_t pfn,
			 struct mml_page_lru *info)
{
	machine_guard(m, NULL);
	static const char *const names[NR_LRU_LISTS] = {
		"inactive_anon", "active_anon", "inactive_file", "active_file",
		"unevictable",
	};
	struct page *page;
	int young = 0;

	if (!pfn_valid((unsigned long)pfn)) {
		mml_set_error(m, "pfn %#llx is not RAM the kernel manages",
			      (unsigned long long)pfn);
		return -EINVAL;
	}
	page = pfn_to_page((unsigned long)pfn);
	*info = (struct mml_page_lru){ .list = "none", .gen = -1 };
	if (PageLRU(page)) {
		info->list = names[folio_lru_list(page)];
		if (m->lruvec.policy == &lru_policy_gen && !PageUnevictable(page)) {
			info->gen = page_lru_gen(page);
			info->seq_age = (m->lruvec.max_seq - (unsigned long)info->gen) %
					MAX_NR_GENS;
		}
	} else if (lru_add_batched(page)) {
		info->list = "lru_add";
	}
	info->referenced = PageReferenced(page);
	info->active = PageActive(page);
	info->workingset = PageWorkingset(page);
	info->mlocked = PageMlocked(page);
	info->dirty = PageDirty(page);
	info->mapcount = page_mapcount(page);
	info->refcount = page_ref_count(page);
	if (!PageBuddy(page) && !PageSlab(page) && !PageTable(page) &&
	    page_ref_count(page) > 0 && (PageAnon(page) || page->mapping))
		rmap_walk(page, &(struct rmap_walk_control){ .fn = young_one,
							     .arg = &young });
	info->young_ptes = young;
	return 0;
}

MML_API const char *mml_lru_policy(const struct mml_machine *m)
{
	return m->lruvec.policy->name;
}

MML_API long mml_kswapd(struct mml_machine *m, int wake)
{
	machine_guard(m, NULL);

	if (wake)
		wakeup_kswapd(GFP_KERNEL, 0);
	return (long)kswapd_run();
}

MML_API int mml_kswapd_pending(const struct mml_machine *m)
{
	return m->kswapd_wait;
}

MML_API long mml_reclaim(struct mml_machine *m, unsigned int mml_gfp)
{
	machine_guard(m, NULL);
	gfp_t gfp;

	if (api_gfp(mml_gfp, &gfp)) {
		mml_set_error(m, "reclaim: unknown GFP flags %#x", mml_gfp);
		return -EINVAL;
	}
	if (!(gfp & __GFP_DIRECT_RECLAIM))
		return 0;	/* GFP_ATOMIC, GFP_NOWAIT: never reclaim */
	return (long)try_to_free_pages(gfp, 0);
}

MML_API int mml_set_oom_score_adj(struct mml_task *ut, int adj)
{
	task_guard(ut);
	struct task_struct *t = task_of(ut);

	if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	t->oom_score_adj = (short)adj;
	return 0;
}

MML_API int mml_task_oom_killed(const struct mml_task *ut)
{
	return task_of(ut)->oom_killed;
}
