// SPDX-License-Identifier: MIT
/* STUB: being written. */
#include <linux/syscalls.h>
#include <linux/types.h>
long do_mincore(struct task_struct *t, unsigned long s, unsigned long l, unsigned char *v) { (void)t; (void)s; (void)l; (void)v; return -ENOSYS; }
