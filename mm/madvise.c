// SPDX-License-Identifier: MIT
/* STUB: being written. */
#include <linux/syscalls.h>
#include <linux/types.h>
long do_madvise(struct task_struct *t, unsigned long s, unsigned long l, int b) { (void)t; (void)s; (void)l; (void)b; return -ENOSYS; }
