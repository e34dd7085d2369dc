// SPDX-License-Identifier: MIT
/* STUB: being written. */
#include <linux/syscalls.h>
#include <linux/types.h>
long do_msync(struct task_struct *t, unsigned long s, unsigned long l, int f) { (void)t; (void)s; (void)l; (void)f; return -ENOSYS; }
