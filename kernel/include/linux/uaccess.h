/* SPDX-License-Identifier: MIT */
/*
 * The kernel reaching into a task's user memory.  Every user pointer a
 * system call receives is checked with access_ok() before anything is
 * copied, and the copies go through the task's page tables, a page at a
 * time, faulting pages in as the task itself would.
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/page.h>

struct task_struct;

/*
 * access_ok() - is [@addr, @addr + @size) inside the user address space?
 * As x86-64's: the range must end at or below TASK_SIZE_MAX without
 * wrapping; kernel and non-canonical addresses never pass.  Says nothing
 * about whether the range is mapped.
 */
static inline bool access_ok(unsigned long addr, unsigned long size)
{
	return size <= TASK_SIZE_MAX && addr <= TASK_SIZE_MAX - size;
}

/* api/uaccess.c */
unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);

#endif /* _LINUX_UACCESS_H */
