/* SPDX-License-Identifier: MIT */
/*
 * Oopses and panics (kernel/panic.c), as Linux's die()/oops_end() and
 * panic().  An oops is a corruption the kernel detected and cannot repair
 * for the code that met it: it is logged in Linux's words, taints the
 * kernel ('D'), and kills the current task (make_task_dead(); here the task
 * stays a zombie that answers -ESRCH until mml_exit()).  With
 * kernel.panic_on_oops (or `oops=panic` on the command line) an oops
 * panics instead.  A panicked machine is stopped: panic() returns to its
 * caller, which unwinds without touching more state, and the API answers
 * every later call with -EIO (mml_machine_panicked() tells why), except
 * reading the kernel log, restoring a snapshot and freeing the machine.
 */
#ifndef _LINUX_PANIC_H
#define _LINUX_PANIC_H

#include <linux/types.h>
#include <linux/compiler.h>

#define TAINT_BAD_PAGE	5	/* 'B': a bad page or page map was met */
#define TAINT_DIE	7	/* 'D': the kernel has oopsed */

__printf(1, 2) void panic(const char *fmt, ...);
void die(const char *str, long err);
bool machine_panicked(void);
const char *print_tainted(void);
void add_taint(unsigned int flag);

#endif
