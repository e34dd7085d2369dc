/* SPDX-License-Identifier: MIT */
#ifndef TESTS_HELPERS_H
#define TESTS_HELPERS_H

#include <linux/types.h>

struct mml_machine;

/*
 * Boot a default machine (256 MiB) with page_poison=on and @cmdline, and
 * make it the current machine: the test calls the kernel's functions as
 * code running on it would (kmalloc(size, gfp) ...).
 */
struct mml_machine *test_machine(const char *cmdline);
/* Boot with @ram bytes of RAM (also made current). */
struct mml_machine *test_machine_ram(u64 ram, const char *cmdline);
/*
 * Make @m the machine the test's direct calls into the kernel act on, for
 * a machine booted otherwise, or to switch between two.
 */
void test_use_machine(struct mml_machine *m);
struct task_struct;
/*
 * Make @t the current task (and its machine current): the test's direct
 * calls into the kernel then run on its behalf, as a system call of @t's
 * would (fget(fd), vm_munmap(start, len) ...).
 */
void test_use_task(struct task_struct *t);
/* Run every audit; fail the current test with the message on error. */
void test_audit(struct mml_machine *m);
/* Read a machine file into a static-free malloc'd string (caller frees). */
char *test_read_file(struct mml_machine *m, const char *path);

/* Page counts in drawn-range tests, and the usual protections and flags. */
#define P(n)	((unsigned long)(n) << 12)
#define RO	0x1			/* PROT_READ */
#define RW	0x3			/* PROT_READ | PROT_WRITE */
#define ANON	0x22			/* MAP_PRIVATE | MAP_ANONYMOUS */

struct task_struct;
/*
 * mmap(MAP_FIXED) of pages [pg, pg+n) of the region at @base: asserts that
 * it lands there, then test_check_mm().
 */
void test_map_fixed(struct mml_machine *m, struct task_struct *t,
		    unsigned long base, unsigned long pg, unsigned long n,
		    int prot, int flags);
/* validate_mm() of @t's mm, then every audit. */
void test_check_mm(struct mml_machine *m, struct task_struct *t);
/*
 * A machine and a task with a 64-page region of its address space
 * (*@base) that nobody maps: drawn-range tests map inside it.  The task
 * is made current (test_use_task()).
 */
struct mml_machine *test_task_region(const char *comm, struct task_struct **t,
				     unsigned long *base);
void test_task_region_free(struct mml_machine *m, struct task_struct *t);

#endif
