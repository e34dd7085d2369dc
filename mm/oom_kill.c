// SPDX-License-Identifier: MIT
/*
 * The OOM killer (Linux's mm/oom_kill.c): when reclaim can free nothing
 * and an allocation must not fail, pick the task whose death frees the
 * most memory (oom_badness(): its RSS, swap entries and page tables,
 * shifted by oom_score_adj), log the report Linux logs, kill it and take
 * its memory back (the oom_reaper's work, done at once).
 *
 * Where mmlab differs: a killed task's struct stays (the public API holds
 * a handle to it until mml_exit()); its mappings are emptied, and every
 * later access it makes gets SIGKILL.  A task that is the one allocating
 * is reaped when its access returns, not under its own fault.
 */
#include <limits.h>
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/vmscan.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/printk.h>
#include <linux/trace.h>
#include "mm/internal.h"

/** oom_totalpages() - RAM plus swap, what oom_score is a fraction of. */
unsigned long oom_totalpages(void)
{
	return current_machine()->totalram_pages;	/* + total_swap_pages */
}

/**
 * oom_badness() - how much killing @p would free: resident pages, swap
 * entries and page tables, plus oom_score_adj thousandths of @totalpages.
 * Return: the points, or LONG_MIN for a task never to kill (adj -1000,
 * already killed, or without memory).
 */
long oom_badness(struct task_struct *p, unsigned long totalpages)
{
	struct mm_struct *mm = p->mm;
	long points, adj = p->oom_score_adj;

	if (!mm || p->oom_killed || adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN;
	points = (long)get_mm_rss(mm) + (long)get_mm_counter(mm, MM_SWAPENTS) +
		 (long)(mm->pgtables_bytes / PAGE_SIZE);
	adj *= (long)totalpages / 1000;
	return points + adj;
}

static void show_free_areas(void)
{
	struct mml_machine *m = current_machine();
	struct lruvec *l = &m->lruvec;
	unsigned long srecl, sunrecl, pcp = 0;
	int z;

	slab_page_counts(&srecl, &sunrecl);
	for (z = 0; z < MAX_NR_ZONES; z++)
		pcp += (unsigned long)m->zones[z].pcp.count;
	pr_info("Mem-Info:\n");
	pr_info("active_anon:%lu inactive_anon:%lu isolated_anon:0\n"
		" active_file:%lu inactive_file:%lu isolated_file:0\n"
		" unevictable:%lu dirty:%lu writeback:0\n"
		" slab_reclaimable:%lu slab_unreclaimable:%lu\n"
		" mapped:%lu shmem:%lu pagetables:%lu\n"
		" sec_pagetables:0 bounce:0\n"
		" kernel_misc_reclaimable:0\n"
		" free:%lu free_pcp:%lu free_cma:0\n",
		l->nr[LRU_ACTIVE_ANON], l->nr[LRU_INACTIVE_ANON],
		l->nr[LRU_ACTIVE_FILE], l->nr[LRU_INACTIVE_FILE],
		l->nr[LRU_UNEVICTABLE], m->nr_file_dirty, srecl, sunrecl,
		nr_mapped_pages(), m->nr_shmem, m->nr_pagetable_pages,
		nr_free_pages(), pcp);
}

static void dump_tasks(void)
{
	struct mml_machine *m = current_machine();
	struct task_struct *p;

	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name\n");
	list_for_each_entry(p, &m->tasks, tasks) {
		struct mm_struct *mm = p->mm;

		if (!mm || p->oom_reaped)
			continue;
		pr_info("[%7d] %5d %5d %8lu %8lu %8lu %8lu %9lu %8lu %8lu         %5hd %s\n",
			p->pid, 0, p->pid, mm->total_vm, get_mm_rss(mm),
			get_mm_counter(mm, MM_ANONPAGES),
			get_mm_counter(mm, MM_FILEPAGES),
			get_mm_counter(mm, MM_SHMEMPAGES), mm->pgtables_bytes,
			get_mm_counter(mm, MM_SWAPENTS), p->oom_score_adj, p->comm);
	}
}

static void dump_header(gfp_t gfp, unsigned int order)
{
	struct task_struct *cur = get_current();
	char mode[160];

	gfp_format(gfp, mode, sizeof(mode));
	pr_warn("%s invoked oom-killer: gfp_mask=%#x(%s), order=%u, oom_score_adj=%hd\n",
		cur ? cur->comm : "kernel", gfp, mode, order,
		(short)(cur ? cur->oom_score_adj : 0));
	show_free_areas();
	dump_tasks();
}

/* The task with the highest badness, or NULL. */
static struct task_struct *select_bad_process(long *points)
{
	struct mml_machine *m = current_machine();
	unsigned long totalpages = oom_totalpages();
	struct task_struct *p, *chosen = NULL;

	*points = LONG_MIN;
	list_for_each_entry(p, &m->tasks, tasks) {
		long b = oom_badness(p, totalpages);

		if (b == LONG_MIN)
			continue;
		if (!chosen || b > *points) {
			chosen = p;
			*points = b;
		}
	}
	return chosen;
}

/**
 * oom_reap_task() - take a killed task's memory back: unmap every page of
 * every mapping but hugetlb and PFN maps (the oom_reaper does the private
 * ones; with the task gone the shared ones follow at exit, here at once).
 * The VMAs stay until mml_exit().
 */
void oom_reap_task(struct task_struct *p)
{
	struct mm_struct *mm = p->mm;
	struct vm_area_struct *vma;

	if (!p->oom_killed || p->oom_reaped || !mm)
		return;
	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		/* As __oom_reap_task_mm(): hugetlb and PFN maps stay to exit. */
		if (vma->vm_flags & (VM_HUGETLB | VM_PFNMAP))
			continue;
		/* The zap munlocks each page a locked VMA maps. */
		zap_page_range_single(vma, vma->vm_start,
				      vma->vm_end - vma->vm_start, NULL);
	}
	p->oom_reaped = true;
	pr_info("oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB\n",
		p->pid, p->comm,
		get_mm_counter(mm, MM_ANONPAGES) << (PAGE_SHIFT - 10),
		get_mm_counter(mm, MM_FILEPAGES) << (PAGE_SHIFT - 10),
		get_mm_counter(mm, MM_SHMEMPAGES) << (PAGE_SHIFT - 10));
}

static void oom_kill_process(struct task_struct *victim)
{
	struct mml_machine *m = current_machine();
	struct mm_struct *mm = victim->mm;

	pr_info("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=%s,pid=%d,uid=0\n",
		victim->comm, victim->pid);
	victim->oom_killed = true;
	victim->last_siginfo = (struct kernel_siginfo){ SIGKILL_OOM, SI_KERNEL, 0 };
	m->vm_events[OOM_KILL]++;
	m->oom_kills++;
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:0 pgtables:%lukB oom_score_adj:%hd\n",
	       victim->pid, victim->comm, mm->total_vm << (PAGE_SHIFT - 10),
	       get_mm_counter(mm, MM_ANONPAGES) << (PAGE_SHIFT - 10),
	       get_mm_counter(mm, MM_FILEPAGES) << (PAGE_SHIFT - 10),
	       get_mm_counter(mm, MM_SHMEMPAGES) << (PAGE_SHIFT - 10),
	       mm->pgtables_bytes >> 10, victim->oom_score_adj);
}

/**
 * out_of_memory() - reclaim failed: kill the worst task.  Its memory is
 * freed at once unless it is the allocating task (it is reaped when its
 * access returns, which then reports SIGKILL).
 * Return: true if memory was freed (the allocation may retry).
 */
bool out_of_memory(gfp_t gfp, unsigned int order)
{
	struct mml_machine *m = current_machine();
	struct task_struct *victim, *cur = get_current();
	long points;

	if (m->in_reclaim)
		return false;
	if (m->oom_kill_allocating_task && cur && cur->mm &&
	    oom_badness(cur, oom_totalpages()) != LONG_MIN)
		victim = cur;
	else
		victim = select_bad_process(&points);
	dump_header(gfp, order);
	if (!victim) {
		pr_err("Out of memory and no killable processes...\n");
		return false;
	}
	oom_kill_process(victim);
	if (victim == cur)
		return false;	/* the allocation fails; reaped on return */
	oom_reap_task(victim);
	return true;
}
