/* SPDX-License-Identifier: MIT */
/* Helpers shared by the api/ files: the one place internal becomes public. */
#ifndef _API_API_H
#define _API_API_H

#include <linux/types.h>
#include <linux/current.h>
#include <linux/sched.h>
#include <linux/machine.h>

struct mml_machine;

struct mml_task;
struct task_struct;

/* The public struct mml_task is the kernel's task_struct, kept opaque. */
static inline struct task_struct *task_of(const struct mml_task *t)
{
	return (struct task_struct *)t;
}

static inline struct mml_task *mml_task_of(struct task_struct *t)
{
	return (struct mml_task *)t;
}

/*
 * task_guard() - make @t (a struct mml_task *) the current task and its
 * machine the current machine until the end of the scope; a NULL @t leaves
 * the machine as it is.
 */
static inline struct machine_ctx task_enter(const struct mml_task *t)
{
	struct task_struct *task = task_of(t);

	return machine_enter(task ? task->machine : current_machine(), task);
}

#define task_guard(t)							\
	const struct machine_ctx __machine_saved			\
		__attribute__((cleanup(machine_leave), unused)) =	\
		task_enter(t)

/*
 * mml_set_error() - the message mml_last_error() returns, for an API call
 * that fails.  Only api/ sets it: the kernel reports errors by return value
 * and the kernel log.
 */
__printf(2, 3) void mml_set_error(struct mml_machine *m, const char *fmt, ...);

int api_stopped_slow(struct mml_machine *m);

/*
 * api_stopped() - -EIO (with its message) on a panicked machine, else 0.
 * Inline for the same reason as api_task_stopped() below: the usual
 * answer costs a load and a test, and the callers keep nothing live
 * across a call on their fast paths.
 */
static inline int api_stopped(struct mml_machine *m)
{
	if (likely(!m || !m->panicked))
		return 0;
	return api_stopped_slow(m);
}
/* mml_machine_read_file() without changing the current task. */
long api_machine_read_file(struct mml_machine *m, const char *path,
			   char *buf, size_t n);
int api_task_stopped_slow(const struct mml_task *ut);

/*
 * api_task_stopped() - every entry point asks, so the usual answer (0: the
 * machine runs, the task lives) is inline; the errors and their messages
 * are api_task_stopped_slow()'s.
 */
static inline int api_task_stopped(const struct mml_task *ut)
{
	const struct task_struct *t = task_of(ut);
	int err;

	if (likely(!t || ((!t->machine || !t->machine->panicked) &&
			  !t->oops_killed)))
		return 0;
	err = api_task_stopped_slow(ut);
	/*
	 * Reached only for a panicked machine or a killed task, where it
	 * fails (neither state is ever undone).  Saying so to the compiler
	 * lets the caller return straight away after this call, so that it
	 * keeps none of its arguments in callee-saved registers on the fast
	 * path (about 12 instructions per API call).
	 */
	return err ? err : -EIO;
}

/* Translate public MML_GFP_* flags to the kernel's gfp_t; -EINVAL if unknown. */
int api_gfp(unsigned int mml_gfp, gfp_t *gfp);

#endif
