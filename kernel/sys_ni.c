// SPDX-License-Identifier: MIT
/*
 * sys_ni_syscall() (Linux: kernel/sys_ni.c): what a system-call table
 * holds for a number that has no call in mmlab or none in the ABI.
 */
#include <linux/kernel.h>
#include <linux/syscalls.h>

long sys_ni_syscall(void)
{
	return -ENOSYS;
}

long __se_sys_ni_syscall(const unsigned long *regs)
{
	(void)regs;
	return sys_ni_syscall();
}
