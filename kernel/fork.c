// SPDX-License-Identifier: MIT
/*
 * Tasks and their address spaces: creating a task with the initial layout
 * Linux gives a new process with randomization off (the stack VMA at
 * STACK_TOP, mmap_base below it as the architecture picks, an empty heap),
 * and tearing one down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/syscalls.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/proc_fs.h>
#include <asm/tlbflush.h>
#include <asm/mmu_context.h>
#include <asm/processor.h>
#include <linux/trace.h>
#include "mm/internal.h"

#define STACK_INITIAL_SIZE	0x21000UL	/* what a fresh exec's [stack] spans */
/* As if a small position-independent program were loaded at ELF_ET_DYN_BASE. */
#define INITIAL_BRK		(ELF_ET_DYN_BASE + 0x5000UL)

/**
 * proc_caches_init() - the slab caches for VMAs and mm_structs, and the
 * shared zero page.  Called once at boot.
 */
int proc_caches_init(void)
{
	struct mml_machine *m = current_machine();

	INIT_LIST_HEAD(&m->tasks);
	INIT_LIST_HEAD(&m->vma_chunks_partial);
	m->open_special = proc_open_special;
	m->sysctl_max_map_count = 65530;
	m->sysctl_overcommit_memory = 0;
	m->sysctl_overcommit_ratio = 50;
	m->dac_mmap_min_addr = 4096;
	m->fault_around_bytes = 65536;
	m->mmap_min_addr = 65536;	/* CONFIG_LSM_MMAP_MIN_ADDR */
	m->vm_area_cachep = kmem_cache_create("vm_area_struct", 192, 8, 0);
	m->mm_cachep = kmem_cache_create("mm_struct", 1408, 64, SLAB_HWCACHE_ALIGN);
	m->anon_vma_cachep = kmem_cache_create("anon_vma", 104, 8, 0);
	m->avc_cachep = kmem_cache_create("anon_vma_chain", 64, 8, 0);
	m->zero_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!m->vm_area_cachep || !m->mm_cachep || !m->anon_vma_cachep ||
	    !m->avc_cachep || !m->zero_page)
		return -ENOMEM;
	SetPageReserved(m->zero_page);
	return 0;
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
	if (insert_vm_struct(mm, vma)) {
		vm_unacct_memory((long)npages);
		vm_area_free(vma);
		return -ENOMEM;
	}
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
	mm->shadow = kmem_cache_alloc(m->mm_cachep, GFP_KERNEL);
	if (!mm->shadow)
		goto out_free;
	mm->machine = m;
	mm->owner = t;
	mm->mm_users = 1;
	init_new_context(mm);
	if (pgd_alloc(mm))
		goto out_shadow;
	mm->task_size = TASK_SIZE;
	mm->legacy_layout = m->cfg.legacy_va_layout;
	arch_pick_mmap_layout(mm, rlimit(t, RLIMIT_STACK));
	mm->start_brk = mm->brk = INITIAL_BRK;
	mm->start_code = mm->end_code = ELF_ET_DYN_BASE;
	mm->start_data = mm->end_data = ELF_ET_DYN_BASE;
	if (setup_stack(mm))
		goto out_pgd;
	return mm;

out_pgd:
	vma_tree_destroy(&mm->mm_mt);
	pgd_free(mm);
out_shadow:
	kmem_cache_free(m->mm_cachep, mm->shadow);
out_free:
	free(mm);
	return NULL;
}

/* Copy one VMA of the parent into the child's @mm (dup_mmap()'s body). */
static int dup_one_vma(struct mm_struct *mm, struct vm_area_struct *mpnt)
{
	struct vm_area_struct *tmp;
	unsigned long charge = 0;
	int err = -ENOMEM;

	if ((mpnt->vm_flags & VM_ACCOUNT) &&
	    security_vm_enough_memory_mm(mpnt->vm_mm, (long)vma_pages(mpnt)))
		return -ENOMEM;
	if (mpnt->vm_flags & VM_ACCOUNT)
		charge = vma_pages(mpnt);
	tmp = vm_area_dup(mpnt);
	if (!tmp)
		goto out_unacct;
	tmp->vm_mm = mm;
	if (tmp->vm_flags & VM_WIPEONFORK)
		tmp->anon_vma = NULL;	/* a clean slate in the child */
	else if (anon_vma_fork(tmp, mpnt))
		goto out_free;
	tmp->vm_flags &= ~VM_LOCKED_MASK;	/* mlock is not inherited */
	if (insert_vm_struct(mm, tmp)) {
		unlink_anon_vmas(tmp);
		goto out_free;
	}
	if (tmp->vm_ops && tmp->vm_ops->open)
		tmp->vm_ops->open(tmp);
	if (!(tmp->vm_flags & VM_WIPEONFORK))
		return copy_page_range(tmp, mpnt);
	return 0;

out_free:
	if (tmp->vm_file)
		fput(tmp->vm_file);
	vm_area_free(tmp);
out_unacct:
	if (charge)
		vm_unacct_memory((long)charge);
	return err;
}

/*
 * dup_mmap(): the child's VMAs are the parent's, minus MADV_DONTFORK ones,
 * with mlock dropped; anonymous pages are shared copy-on-write.
 */
static int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt;
	int err;

	mm->total_vm = oldmm->total_vm;
	mm->data_vm = oldmm->data_vm;
	mm->exec_vm = oldmm->exec_vm;
	mm->stack_vm = oldmm->stack_vm;
	mm->hiwater_vm = oldmm->hiwater_vm;
	for (mpnt = oldmm->mmap; mpnt; mpnt = mpnt->vm_next) {
		if (mpnt->vm_flags & VM_DONTCOPY) {
			vm_stat_account(mm, mpnt->vm_flags, -(long)vma_pages(mpnt));
			continue;
		}
		err = dup_one_vma(mm, mpnt);
		if (err)
			return err;
	}
	return 0;
}

/* dup_mm(): a copy of @oldmm for the child @t. */
static struct mm_struct *dup_mm(struct task_struct *t, struct mm_struct *oldmm)
{
	struct mml_machine *m = t->machine;
	struct mm_struct *mm = calloc(1, sizeof(*mm));

	if (!mm)
		return NULL;
	*mm = *oldmm;
	mm->mmap = NULL;
	memset(&mm->mm_mt, 0, sizeof(mm->mm_mt));
	mm->mmap_cache = NULL;
	mm->map_count = 0;
	mm->highest_vm_end = 0;
	mm->mm_users = 1;
	mm->owner = t;
	mm->locked_vm = mm->pinned_vm = 0;
	mm->def_flags = 0;		/* mlockall(MCL_FUTURE) is not inherited */
	mm->pgtables_bytes = 0;
	memset(mm->rss_stat, 0, sizeof(mm->rss_stat));
	init_new_context(mm);
	mm->shadow = kmem_cache_alloc(m->mm_cachep, GFP_KERNEL);
	if (!mm->shadow)
		goto out_free;
	if (pgd_alloc(mm))
		goto out_shadow;
	if (dup_mmap(mm, oldmm)) {
		mmput(mm);	/* undoes whatever was copied */
		return NULL;
	}
	return mm;

out_shadow:
	kmem_cache_free(m->mm_cachep, mm->shadow);
out_free:
	free(mm);
	return NULL;
}

/**
 * copy_process() - fork @parent: a new task with a copy-on-write copy of
 * its address space and a copy of its file table.
 * Return: the child, or NULL when out of memory (nothing changed).
 */
struct task_struct *copy_process(struct task_struct *parent)
{
	struct mml_machine *m = parent->machine;
	struct task_struct *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	*t = *parent;
	t->pid = ++m->last_pid;
	t->parent = parent;
	t->min_flt = t->maj_flt = 0;
	memset(&t->last_siginfo, 0, sizeof(t->last_siginfo));
	t->files = dup_fd(parent->files);
	if (!t->files)
		goto out_free;
	t->mm = dup_mm(t, parent->mm);
	if (!t->mm)
		goto out_files;
	list_add_tail(&t->tasks, &m->tasks);
	trace_mm(parent->mm, "copy_process: pid %d forked pid %d", parent->pid, t->pid);
	return t;

out_files:
	put_files_struct(t->files);
out_free:
	m->last_pid--;
	free(t);
	return NULL;
}

/**
 * exec_mm_reset() - what exec does to memory: the task gets a fresh
 * address space (the initial layout); the old one is released.
 * Return: 0 or -ENOMEM (the old mm is kept).
 */
int exec_mm_reset(struct task_struct *t)
{
	struct mm_struct *old = t->mm, *mm = mm_alloc(t);

	if (!mm)
		return -ENOMEM;
	t->mm = mm;
	mmput(old);
	return 0;
}

/** mmput() - the last user of @mm is gone: unmap everything, free it. */
void mmput(struct mm_struct *mm)
{
	struct mml_machine *m = mm->machine;

	if (--mm->mm_users)
		return;
	leave_mm(mm);
	exit_mmap(mm);
	vma_tree_destroy(&mm->mm_mt);
	free_user_pgtables(mm);
	destroy_context(mm);
	kmem_cache_free(m->mm_cachep, mm->shadow);
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
struct task_struct *task_create(const char *comm)
{
	struct mml_machine *m = current_machine();
	struct task_struct *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->machine = m;
	t->pid = ++m->last_pid;
	snprintf(t->comm, sizeof(t->comm), "%s", comm && *comm ? comm : "task");
	task_init_rlimits(t);
	t->cap_ipc_lock = true;		/* as root on the host */
	t->cap_sys_rawio = true;
	t->files = files_alloc();
	if (!t->files)
		goto out_free;
	t->mm = mm_alloc(t);
	if (!t->mm)
		goto out_files;
	list_add_tail(&t->tasks, &m->tasks);
	return t;

out_files:
	put_files_struct(t->files);
out_free:
	m->last_pid--;
	free(t);
	return NULL;
}

struct task_struct *find_task_by_pid(int pid)
{
	struct mml_machine *m = current_machine();
	struct task_struct *t;

	list_for_each_entry(t, &m->tasks, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

/* release_task() - a dead task is gone: its mm and files go with it. */
static void release_task(struct task_struct *p)
{
	list_del(&p->tasks);
	mmput(p->mm);
	put_files_struct(p->files);
	free(p);
}

/**
 * do_exit() - the current task exits with @code; nobody waits for it, so
 * it is released at once.  Unlike Linux's it returns, to the public entry
 * that ran it, whose current task it was.
 */
void do_exit(long code)
{
	struct task_struct *t = current;

	t->exit_code = (int)code;
	release_task(t);
}

void tasks_free_all(void)
{
	struct mml_machine *m = current_machine();

	while (m->tasks.next && !list_empty(&m->tasks))
		release_task(list_first_entry(&m->tasks, struct task_struct, tasks));
	vm_area_cache_drain();
}

/*
 * The process calls (Linux: kernel/fork.c, kernel/exit.c, kernel/sys.c).
 * exit(2) and exit_group(2) are one (a task is a process here); do_exit()
 * releases the task and returns, so they give 0 to mml_syscall()'s caller.
 */
SYSCALL_DEFINE0(getpid)
{
	return current->pid;
}

SYSCALL_DEFINE0(fork)
{
	struct task_struct *child = copy_process(current);

	return child ? child->pid : -ENOMEM;
}

SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit(error_code);
	return 0;
}

SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_exit(error_code);
	return 0;
}
