// SPDX-License-Identifier: MIT
/* STUB: being written. */
#include <linux/syscalls.h>
#include <linux/types.h>
long do_mprotect_pkey(struct task_struct *t, unsigned long s, unsigned long l, unsigned long p) { (void)t; (void)s; (void)l; (void)p; return -ENOSYS; }
