// SPDX-License-Identifier: MIT
/* Public entry points: the reverse map, migration, pinning, writeback. */
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/gup.h>
#include <linux/migrate.h>
#include <linux/rmap.h>
#include <linux/sched.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

struct rmap_api_ctx {
	int (*fn)(const struct mml_rmap_entry *, void *);
	void *arg;
	int stopped;
};

static bool rmap_api_one(struct page *page, struct vm_area_struct *vma,
			 unsigned long addr, pte_t *pte, bool anon, void *arg)
{
	struct rmap_api_ctx *ctx = arg;
	struct mml_rmap_entry e = {
		.pid = vma->vm_mm->owner->pid, .va = addr,
		.vm_start = vma->vm_start, .vm_end = vma->vm_end,
		.pte = pte_val(*pte), .anon = anon,
	};

	(void)page;
	if (ctx->fn(&e, ctx->arg)) {
		ctx->stopped = 1;
		return false;
	}
	return true;
}

/* A frame that holds a user page (anonymous or page cache), or NULL. */
static struct page *user_page(struct mml_machine *m, uint64_t pfn)
{
	struct page *page;

	if (!pfn_valid((unsigned long)pfn)) {
		mml_set_error(m, "pfn %#llx is not RAM the kernel manages",
			      (unsigned long long)pfn);
		return NULL;
	}
	page = pfn_to_page((unsigned long)pfn);
	if (page_ref_count(page) <= 0 || PageSlab(page) || PageTable(page) ||
	    (!PageAnon(page) && !page->mapping)) {
		mml_set_error(m, "pfn %#llx is not a user page (free, kernel, or page-table memory)",
			      (unsigned long long)pfn);
		return NULL;
	}
	return page;
}

MML_API int mml_rmap(struct mml_machine *m, uint64_t pfn,
		     int (*fn)(const struct mml_rmap_entry *, void *), void *arg)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	struct rmap_api_ctx ctx = { fn, arg, 0 };
	struct page *page = user_page(m, pfn);

	if (!page)
		return -EINVAL;
	rmap_walk(page, &(struct rmap_walk_control){ .fn = rmap_api_one, .arg = &ctx });
	return 0;
}

struct migrate_api_ctx {
	void (*fn)(const struct mml_migrate_entry *, void *);
	void *arg;
};

static void migrate_api_one(int pid, unsigned long addr, u64 old_pte,
			    u64 new_pte, bool anon, void *arg)
{
	struct migrate_api_ctx *ctx = arg;
	struct mml_migrate_entry e = { pid, addr, old_pte, new_pte, anon };

	if (ctx->fn)
		ctx->fn(&e, ctx->arg);
}

MML_API int mml_migrate(struct mml_machine *m, uint64_t pfn, uint64_t *new_pfn,
			void (*fn)(const struct mml_migrate_entry *, void *),
			void *arg)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	struct migrate_api_ctx ctx = { fn, arg };
	unsigned long npfn;
	int err;

	if (!user_page(m, pfn))
		return -EINVAL;
	err = migrate_user_page((unsigned long)pfn, &npfn, migrate_api_one, &ctx);
	if (err == -EAGAIN)
		mml_set_error(m, "pfn %#llx is pinned or otherwise referenced: not migrated",
			      (unsigned long long)pfn);
	else if (err == -EINVAL)
		mml_set_error(m, "pfn %#llx cannot be migrated (compound or reserved)",
			      (unsigned long long)pfn);
	else if (err)
		mml_set_error(m, "migrate: out of memory");
	else
		*new_pfn = npfn;
	return err;
}

MML_API long mml_pin_user_pages(struct mml_task *ut, unsigned long start,
				unsigned long nr_pages, int write, uint64_t *pfns)
{
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	struct page **pages;
	long n, i;

	if (!nr_pages)
		return 0;
	pages = calloc(nr_pages, sizeof(*pages));
	if (!pages)
		return -ENOMEM;
	n = pin_user_pages(start, nr_pages, write ? FOLL_WRITE : 0, pages);
	for (i = 0; i < n; i++)
		pfns[i] = page_to_pfn(pages[i]);
	free(pages);
	return n;
}

MML_API int mml_unpin_user_pages(struct mml_machine *m, const uint64_t *pfns,
				 unsigned long nr_pages)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	unsigned long i;

	for (i = 0; i < nr_pages; i++) {
		struct page *page = pfn_valid((unsigned long)pfns[i]) ?
				    pfn_to_page((unsigned long)pfns[i]) : NULL;

		if (!page || (page != m->zero_page &&
			      page_ref_count(page) < GUP_PIN_COUNTING_BIAS)) {
			mml_set_error(m, "unpin: pfn %#llx is not pinned",
				      (unsigned long long)pfns[i]);
			return -EINVAL;
		}
	}
	for (i = 0; i < nr_pages; i++)
		unpin_user_page(pfn_to_page((unsigned long)pfns[i]));
	return 0;
}

MML_API int mml_sync(struct mml_machine *m)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	return ksys_sync();
}

MML_API long mml_writeback(struct mml_machine *m, long nr_pages)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	return writeback_inodes(nr_pages);
}
