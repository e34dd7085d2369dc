// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/status and /proc/<pid>/stat: the lines and fields Linux 6.18
 * prints, in its order and format.  The memory lines (the Vm* block, the
 * fault counters, vsize and rss) come from the mm's counters; what mmlab
 * has no notion of (credentials, signals, scheduling, CPU time, terminals)
 * prints as a process of root that was never scheduled would show it:
 * see docs/shell.md for the list.
 */
#include <limits.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/vmscan.h>
#include <linux/seq_buf.h>
#include <linux/list.h>
#include "fs/proc/internal.h"

#define SIGCHLD		17
/* All 41 capabilities of Linux 6.18 (CAP_LAST_CAP = 40): the task is root. */
#define CAP_FULL_SET	"000001ffffffffff"
#define NODEMASK_WORDS	32	/* CONFIG_NODES_SHIFT = 10: 1024 nodes */

/* The pid of @t's parent if it is still alive, else 0 (as for init). */
static int task_ppid(struct task_struct *t)
{
	struct task_struct *p;

	if (!t->parent)
		return 0;
	list_for_each_entry(p, &t->machine->tasks, tasks)
		if (p == t->parent)
			return p->pid;
	return 0;
}

/* task_name(): the comm with '\\' and '\n' escaped. */
static void task_name(struct seq_buf *s, const struct task_struct *t)
{
	const char *c;

	seq_puts(s, "Name:\t");
	for (c = t->comm; *c; c++) {
		if (*c == '\\')
			seq_puts(s, "\\\\");
		else if (*c == '\n')
			seq_puts(s, "\\n");
		else
			seq_putc(s, *c);
	}
	seq_putc(s, '\n');
}

static void task_state(struct seq_buf *s, struct task_struct *t)
{
	int pid = t->pid;

	seq_printf(s, "Umask:\t0022\nState:\tR (running)\n");
	seq_printf(s, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		   pid, pid, task_ppid(t));
	seq_printf(s, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	seq_printf(s, "FDSize:\t%d\nGroups:\t \n", NR_OPEN_DEFAULT);
	seq_printf(s, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\nKthread:\t0\n",
		   pid, pid, pid, pid);
}

static void show_vm_kb(struct seq_buf *s, const char *name, unsigned long kb)
{
	seq_printf(s, "%s:\t%8lu kB\n", name, kb);
}

/* task_mem(): the Vm* block, from the mm's counters. */
static void task_mem(struct seq_buf *s, struct mm_struct *mm)
{
	unsigned long anon = get_mm_counter(mm, MM_ANONPAGES);
	unsigned long file = get_mm_counter(mm, MM_FILEPAGES);
	unsigned long shmem = get_mm_counter(mm, MM_SHMEMPAGES);
	unsigned long total_rss = anon + file + shmem;
	unsigned long hiwater_vm = max(mm->total_vm, mm->hiwater_vm);
	unsigned long hiwater_rss = max(total_rss, mm->hiwater_rss);
	unsigned long text, lib;
	const int sh = PAGE_SHIFT - 10;

	text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> 10;
	lib = (mm->exec_vm << sh) - text;
	show_vm_kb(s, "VmPeak", hiwater_vm << sh);
	show_vm_kb(s, "VmSize", mm->total_vm << sh);
	show_vm_kb(s, "VmLck", mm->locked_vm << sh);
	show_vm_kb(s, "VmPin", mm->pinned_vm << sh);
	show_vm_kb(s, "VmHWM", hiwater_rss << sh);
	show_vm_kb(s, "VmRSS", total_rss << sh);
	show_vm_kb(s, "RssAnon", anon << sh);
	show_vm_kb(s, "RssFile", file << sh);
	show_vm_kb(s, "RssShmem", shmem << sh);
	show_vm_kb(s, "VmData", mm->data_vm << sh);
	show_vm_kb(s, "VmStk", mm->stack_vm << sh);
	show_vm_kb(s, "VmExe", text);
	show_vm_kb(s, "VmLib", lib);
	show_vm_kb(s, "VmPTE", mm->pgtables_bytes >> 10);
	show_vm_kb(s, "VmSwap", get_mm_counter(mm, MM_SWAPENTS) << sh);
	show_vm_kb(s, "HugetlbPages", 0);
}

static void task_misc(struct seq_buf *s, struct task_struct *t)
{
	int i;

	seq_puts(s, "CoreDumping:\t0\nTHP_enabled:\t1\n");
	seq_puts(s, "untag_mask:\t0xffffffffffffffff\nThreads:\t1\n");
	seq_printf(s, "SigQ:\t0/%lu\n", rlimit(t, RLIMIT_SIGPENDING));
	seq_puts(s, "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
		    "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n"
		    "SigCgt:\t0000000000000000\n");
	seq_puts(s, "CapInh:\t0000000000000000\nCapPrm:\t" CAP_FULL_SET
		    "\nCapEff:\t" CAP_FULL_SET "\nCapBnd:\t" CAP_FULL_SET
		    "\nCapAmb:\t0000000000000000\n");
	seq_puts(s, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
	seq_puts(s, "Speculation_Store_Bypass:\tnot vulnerable\n"
		    "SpeculationIndirectBranch:\tnot affected\n");
	seq_puts(s, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t");
	for (i = 0; i < NODEMASK_WORDS; i++)
		seq_puts(s, i < NODEMASK_WORDS - 1 ? "00000000," : "00000001\n");
	seq_puts(s, "Mems_allowed_list:\t0\n");
	seq_puts(s, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
}

/**
 * status_show() - /proc/<pid>/status of @t, line for line as Linux 6.18
 * prints it for a single-threaded root process.
 */
void status_show(struct task_struct *t, struct seq_buf *s)
{
	task_name(s, t);
	task_state(s, t);
	if (t->mm)
		task_mem(s, t->mm);
	task_misc(s, t);
}

/* Fields 1-25 of do_task_stat(): identity, faults, times, vsize, rss, rsslim. */
static void stat_head(struct seq_buf *s, struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	unsigned long vsize = mm ? mm->total_vm * PAGE_SIZE : 0;
	unsigned long rss = mm ? get_mm_rss(mm) : 0;

	seq_printf(s, "%d (%s) R %d %d %d 0 -1 0 ", t->pid, t->comm,
		   task_ppid(t), t->pid, t->pid);
	seq_printf(s, "%lu 0 %lu 0 0 0 0 0 20 0 1 0 0 %lu %lu %lu ",
		   t->min_flt, t->maj_flt, vsize, rss, rlimit(t, RLIMIT_RSS));
}

/**
 * stat_show() - /proc/<pid>/stat of @t: the 52 fields of Linux's
 * do_task_stat() on one line.  Fields mmlab has no notion of are 0
 * (times, signals, wchan, terminal, ...), -1 for tpgid, 17 for
 * exit_signal, 20 for priority, as Linux shows them for such a task.
 */
void stat_show(struct task_struct *t, struct seq_buf *s)
{
	struct mm_struct *mm = t->mm;

	stat_head(s, t);
	if (!mm) {
		seq_puts(s, "0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
		return;
	}
	/* 26-28 startcode endcode startstack, 29-37 kstkesp ... cnswap */
	seq_printf(s, "%lu %lu %lu 0 0 0 0 0 0 0 0 0 ", mm->start_code,
		   mm->end_code, mm->start_stack);
	/* 38-44 exit_signal processor rt_priority policy blkio guest cguest */
	seq_printf(s, "%d 0 0 0 0 0 0 ", SIGCHLD);
	/* 45-52 start_data end_data start_brk arg_start arg_end env_start env_end exit_code */
	seq_printf(s, "%lu %lu %lu %lu %lu %lu %lu %d\n", mm->start_data,
		   mm->end_data, mm->start_brk, mm->arg_start, mm->arg_end,
		   mm->env_start, mm->env_end, t->exit_code);
}

/*
 * oom_score_show() - /proc/<pid>/oom_score: oom_badness() scaled to
 * 0..2000 around 1000 (Linux 5.9+: 1000 + badness * 1000 / totalpages).
 */
void oom_score_show(struct task_struct *t, struct seq_buf *s)
{
	unsigned long totalpages = oom_totalpages();
	long badness = oom_badness(t, totalpages);
	long points = 0;

	if (badness != LONG_MIN)
		points = 1000 + badness * 1000 / (long)totalpages;
	seq_printf(s, "%ld\n", points < 0 ? 0 : points);
}

/* oom_score_adj_show() - /proc/<pid>/oom_score_adj. */
void oom_score_adj_show(struct task_struct *t, struct seq_buf *s)
{
	seq_printf(s, "%hd\n", t->oom_score_adj);
}
