/* SPDX-License-Identifier: MIT */
/*
 * Tracing the kernel's path through a system call: with tracing on, each
 * step logs one line with Linux's function name and the decision taken
 * ("do_mmap: len 0x2000 prot rw- flags private|anonymous").  The shell's
 * `trace on` shows them after each command.
 */
#ifndef _LINUX_TRACE_H
#define _LINUX_TRACE_H

#include <linux/compiler.h>

struct mml_machine;
struct mm_struct;

__printf(1, 2) void trace_printk(const char *fmt, ...);
/* trace_mm() - trace_printk() for the machine @mm belongs to. */
#define trace_mm(mm, ...) \
	do { if (unlikely((mm)->machine->tracing)) trace_printk(__VA_ARGS__); } while (0)
#define trace_m(...) \
	do { if (unlikely(current_machine()->tracing)) trace_printk(__VA_ARGS__); } while (0)

#endif
