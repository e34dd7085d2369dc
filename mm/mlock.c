// SPDX-License-Identifier: MIT
/* STUB: being written. */
#include <linux/syscalls.h>
#include <linux/types.h>
long do_mlock(struct task_struct *t, unsigned long s, unsigned long l, unsigned long f) { (void)t; (void)s; (void)l; (void)f; return -ENOSYS; }
long do_munlock(struct task_struct *t, unsigned long s, unsigned long l) { (void)t; (void)s; (void)l; return -ENOSYS; }
long do_mlockall(struct task_struct *t, int f) { (void)t; (void)f; return -ENOSYS; }
long do_munlockall(struct task_struct *t) { (void)t; return -ENOSYS; }
