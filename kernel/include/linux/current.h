/* SPDX-License-Identifier: MIT */
/*
 * The current machine and the current task.
 *
 * Linux's memory-management state is global (mem_map, the zones, the slab
 * caches, init_mm ...) and `current` is the task running on this CPU, so
 * kernel functions take neither as an argument: alloc_pages(gfp, order),
 * kmalloc(size, gfp).  mmlab keeps the same signatures with two thread-local
 * pointers: the machine whose state the kernel code acts on, and the task
 * on whose behalf it runs.  Every public entry point sets both for its
 * duration and restores what was there before (machine_enter() and
 * machine_leave(), or the scoped machine_guard()), so several machines live
 * in one process and a callback that enters another machine, or the same
 * one again, finds its own machine and returns to the caller's.
 *
 * The initial-exec TLS model makes current_machine() one load from the
 * thread pointer, in the shared library too (the general-dynamic model a
 * -fPIC build would pick calls __tls_get_addr on every access).
 */
#ifndef _LINUX_CURRENT_H
#define _LINUX_CURRENT_H

struct mml_machine;
struct task_struct;

#define __tls_initial_exec	__attribute__((tls_model("initial-exec")))

/* The pair, one thread-local object: one address for both. */
struct machine_ctx {
	struct mml_machine *machine;
	struct task_struct *task;
};

extern __thread struct machine_ctx __current_ctx __tls_initial_exec;

/* current_machine() - the machine kernel code runs on (see above). */
static inline struct mml_machine *current_machine(void)
{
	return __current_ctx.machine;
}

/* get_current() - the task on whose behalf kernel code runs, or NULL. */
static inline struct task_struct *get_current(void)
{
	return __current_ctx.task;
}

/*
 * Linux's `current`, for the kernel's own code: programs that call into the
 * kernel directly (the tests) use get_current(), since test frameworks use
 * the identifier themselves (Criterion's TestSuite()).
 */
#ifdef MML_BUILDING_LIBRARY
#define current get_current()
#endif

/**
 * machine_enter() - make @m the current machine and @task (which may be
 * NULL) the current task.
 *
 * Return: the pair it replaced, for machine_leave() to put back.
 */
static inline struct machine_ctx machine_enter(struct mml_machine *m,
					       struct task_struct *task)
{
	struct machine_ctx saved = __current_ctx;

	__current_ctx = (struct machine_ctx){ m, task };
	return saved;
}

/* machine_leave() - restore the pair machine_enter() returned. */
static inline void machine_leave(const struct machine_ctx *saved)
{
	__current_ctx = *saved;
}

/*
 * machine_guard() - machine_enter(@m, @task) until the end of the enclosing
 * scope, in the manner of Linux's guard() from <linux/cleanup.h>.
 */
#define machine_guard(m, task)						\
	const struct machine_ctx __machine_saved			\
		__attribute__((cleanup(machine_leave), unused)) =	\
		machine_enter((m), (task))

#endif
