/* SPDX-License-Identifier: MIT */
/*
 * x86-64's own system calls and its entry (Linux: asm/syscalls.h):
 * mmap with a byte offset (arch/x86/kernel/sys_x86_64.c), and
 * do_syscall_64() over sys_call_table[] (arch/x86/entry/syscall_64.c),
 * which arch_x86_64.syscall names.
 */
#ifndef _ASM_X86_SYSCALLS_H
#define _ASM_X86_SYSCALLS_H

#include <linux/syscalls.h>

long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
	      unsigned long flags, unsigned long fd, unsigned long off);
__SYSCALL_DECL(mmap);

extern const sys_call_ptr_t sys_call_table[];
long do_syscall_64(long nr, const unsigned long *regs);

#endif
