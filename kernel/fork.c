// SPDX-License-Identifier: MIT
/*
 * Tasks and their address spaces: creating a task with the initial layout
 * Linux gives a new process with randomization off (the stack VMA at the
 * top of the 47-bit space, mmap_base 128 MiB below it, an empty heap),
 * and tearing one down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/tlbflush.h>
#include "mm/internal.h"

#define STACK_TOP		TASK_SIZE_MAX		/* no random offset */
#define STACK_INITIAL_SIZE	0x21000UL	/* what a fresh exec's [stack] spans */
#define TASK_UNMAPPED_BASE(ts)	PAGE_ALIGN((ts) / 3)
#define ELF_ET_DYN_BASE		0x555555554000UL
/* As if a small position-independent program were loaded at ELF_ET_DYN_BASE. */
#define INITIAL_BRK		(ELF_ET_DYN_BASE + 0x5000UL)
#define SIZE_128M		(128UL << 20)

/**
 * proc_caches_init() - the slab caches for VMAs and mm_structs, and the
 * shared zero page.  Called once at boot.
 */
int proc_caches_init(struct mml_machine *m)
{
	INIT_LIST_HEAD(&m->tasks);
	m->sysctl_max_map_count = 65530;
	m->sysctl_overcommit_memory = 0;
	m->sysctl_overcommit_ratio = 50;
	m->dac_mmap_min_addr = 4096;
	m->mmap_min_addr = 65536;	/* CONFIG_LSM_MMAP_MIN_ADDR */
	m->vm_area_cachep = kmem_cache_create(m, "vm_area_struct", 192, 8, 0);
	m->mm_cachep = kmem_cache_create(m, "mm_struct", 1408, 64, SLAB_HWCACHE_ALIGN);
	m->zero_page = alloc_page(m, GFP_KERNEL | __GFP_ZERO);
	if (!m->vm_area_cachep || !m->mm_cachep || !m->zero_page)
		return -ENOMEM;
	SetPageReserved(m->zero_page);
	return 0;
}

/* mmap_base(): below the stack by its rlimit plus the guard gap, >= 128 MiB. */
static unsigned long mmap_base(struct task_struct *t, unsigned long task_size)
{
	unsigned long gap = rlimit(t, RLIMIT_STACK), pad = STACK_GUARD_GAP;
	unsigned long gap_max = task_size / 6 * 5;

	if (gap + pad > gap)
		gap += pad;
	if (gap < SIZE_128M)
		gap = SIZE_128M;
	else if (gap > gap_max)
		gap = gap_max;
	return PAGE_ALIGN(task_size - gap);
}

static int setup_stack(struct mm_struct *mm)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);
	unsigned long npages = STACK_INITIAL_SIZE >> PAGE_SHIFT;

	if (!vma)
		return -ENOMEM;
	vma->vm_end = STACK_TOP;
	vma->vm_start = STACK_TOP - STACK_INITIAL_SIZE;
	vma->vm_flags = VM_STACK_FLAGS;
	vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	if (security_vm_enough_memory_mm(mm, (long)npages)) {
		vm_area_free(vma);
		return -ENOMEM;
	}
	insert_vm_struct(mm, vma);
	vm_stat_account(mm, vma->vm_flags, (long)npages);
	mm->start_stack = STACK_TOP - 0x1000;
	return 0;
}

static struct mm_struct *mm_alloc(struct task_struct *t)
{
	struct mml_machine *m = t->machine;
	struct mm_struct *mm = calloc(1, sizeof(*mm));

	if (!mm)
		return NULL;
	mm->shadow = kmem_cache_alloc(m, m->mm_cachep, GFP_KERNEL);
	if (!mm->shadow)
		goto out_free;
	mm->machine = m;
	mm->owner = t;
	mm->mm_users = 1;
	mm->mm_rb = RB_ROOT;
	mm->pcid = (u16)(1 + m->next_pcid++ % 4095);
	if (pgd_alloc(m, mm))
		goto out_shadow;
	mm->task_size = TASK_SIZE_MAX;
	mm->legacy_layout = m->cfg.legacy_va_layout;
	mm->mmap_legacy_base = TASK_UNMAPPED_BASE(mm->task_size);
	mm->mmap_base = mm->legacy_layout ? mm->mmap_legacy_base
					  : mmap_base(t, mm->task_size);
	mm->start_brk = mm->brk = INITIAL_BRK;
	mm->start_code = mm->end_code = ELF_ET_DYN_BASE;
	mm->start_data = mm->end_data = ELF_ET_DYN_BASE;
	if (setup_stack(mm))
		goto out_pgd;
	return mm;

out_pgd:
	pgtable_free_page(m, mm, mm->pgd_pa);
out_shadow:
	kmem_cache_free(m, m->mm_cachep, mm->shadow);
out_free:
	free(mm);
	return NULL;
}

/** mmput() - the last user of @mm is gone: unmap everything, free it. */
void mmput(struct mm_struct *mm)
{
	struct mml_machine *m = mm->machine;

	if (--mm->mm_users)
		return;
	if (m->hw.cpu.cr3 == (mm->pgd_pa | mm->pcid) ||
	    (m->hw.cpu.cr3 & PTE_PFN_MASK) == mm->pgd_pa)
		switch_mm(m, &m->init_mm);
	exit_mmap(mm);
	free_user_pgtables(mm);
	flush_tlb_mm_range(m, mm, 0, mm->task_size);
	kmem_cache_free(m, m->mm_cachep, mm->shadow);
	free(mm);
}

static void task_init_rlimits(struct task_struct *t)
{
	int i;

	for (i = 0; i < RLIM_NLIMITS; i++)
		t->rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	t->rlim[RLIMIT_STACK] = (struct rlimit){ 8UL << 20, RLIM_INFINITY };
	t->rlim[RLIMIT_NOFILE] = (struct rlimit){ 1024, 1048576 };
	t->rlim[RLIMIT_MEMLOCK] = (struct rlimit){ 8UL << 20, 8UL << 20 };
	t->rlim[RLIMIT_CORE] = (struct rlimit){ 0, RLIM_INFINITY };
}

/**
 * task_create() - a new task with a fresh address space, as after exec
 * of a small static program with randomization off.
 * Return: the task, or NULL when out of memory.
 */
struct task_struct *task_create(struct mml_machine *m, const char *comm)
{
	struct task_struct *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->machine = m;
	t->pid = ++m->last_pid;
	snprintf(t->comm, sizeof(t->comm), "%s", comm && *comm ? comm : "task");
	task_init_rlimits(t);
	t->cap_ipc_lock = true;		/* as root on the host */
	t->cap_sys_rawio = true;
	t->files = files_alloc(m);
	if (!t->files)
		goto out_free;
	t->mm = mm_alloc(t);
	if (!t->mm)
		goto out_files;
	list_add_tail(&t->tasks, &m->tasks);
	return t;

out_files:
	put_files_struct(m, t->files);
out_free:
	m->last_pid--;
	free(t);
	return NULL;
}

struct task_struct *find_task_by_pid(struct mml_machine *m, int pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &m->tasks, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

/** task_exit() - the task is gone: its mm and files go with it. */
void task_exit(struct task_struct *t, int code)
{
	struct mml_machine *m = t->machine;

	t->exit_code = code;
	list_del(&t->tasks);
	mmput(t->mm);
	put_files_struct(m, t->files);
	free(t);
}

void tasks_free_all(struct mml_machine *m)
{
	while (m->tasks.next && !list_empty(&m->tasks))
		task_exit(list_first_entry(&m->tasks, struct task_struct, tasks), 0);
}
