/* SPDX-License-Identifier: MIT */
/* Tasks: a pid, an address space, files, limits, fault counters. */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/types.h>
#include <linux/list.h>

struct mml_machine;
struct mm_struct;
struct files_struct;

#define TASK_COMM_LEN	16

enum {
	RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE,
	RLIMIT_RSS, RLIMIT_NPROC, RLIMIT_NOFILE, RLIMIT_MEMLOCK, RLIMIT_AS,
	RLIMIT_LOCKS, RLIMIT_SIGPENDING, RLIMIT_MSGQUEUE, RLIMIT_NICE,
	RLIMIT_RTPRIO, RLIMIT_RTTIME, RLIM_NLIMITS
};
#define RLIM_INFINITY	(~0UL)

struct rlimit {
	unsigned long rlim_cur, rlim_max;
};

/* The signal a user access raised, as si_signo/si_code/si_addr. */
struct kernel_siginfo {
	int si_signo;
	int si_code;
	unsigned long si_addr;
};

#define SIGBUS		7
#define SIGKILL_OOM	9	/* SIGKILL: the OOM path kills the task */
#define SIGSEGV		11
#define SI_KERNEL	0x80
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define SEGV_PKUERR	4
#define BUS_ADRALN	1
#define BUS_ADRERR	2
#define BUS_OBJERR	3
#define BUS_MCEERR_AR	4	/* hardware memory error consumed */

struct task_struct {
	int pid;
	char comm[TASK_COMM_LEN];
	struct mml_machine *machine;
	struct list_head tasks;		/* m->tasks */
	struct task_struct *parent;
	struct mm_struct *mm;
	struct files_struct *files;
	struct rlimit rlim[RLIM_NLIMITS];
	bool cap_ipc_lock;		/* CAP_IPC_LOCK: root on the host */
	bool cap_sys_rawio;		/* CAP_SYS_RAWIO: below mmap_min_addr */
	unsigned long min_flt, maj_flt;
	struct kernel_siginfo last_siginfo;
	int exit_code;
	short oom_score_adj;		/* -1000 (never) .. 1000 */
	bool oom_killed;		/* SIGKILL from the OOM killer */
	bool oom_reaped;		/* its memory was taken back */
	bool oops_killed;		/* an oops killed it: a zombie */
};

#define OOM_SCORE_ADJ_MIN	(-1000)
#define OOM_SCORE_ADJ_MAX	1000

static inline unsigned long rlimit(const struct task_struct *t, int r)
{
	return t->rlim[r].rlim_cur;
}

/* kernel/fork.c */
struct task_struct *task_create(const char *comm);
struct task_struct *find_task_by_pid(int pid);
void do_exit(long code);
void tasks_free_all(void);
int proc_caches_init(void);
void mmput(struct mm_struct *mm);
struct task_struct *copy_process(struct task_struct *parent);
int exec_mm_reset(struct task_struct *t);

#endif
