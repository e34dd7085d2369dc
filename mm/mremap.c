// SPDX-License-Identifier: MIT
/* STUB: being written. */
#include <linux/syscalls.h>
#include <linux/types.h>
long do_mremap(struct task_struct *t, unsigned long a, unsigned long o, unsigned long n, unsigned long f, unsigned long na) { (void)t; (void)a; (void)o; (void)n; (void)f; (void)na; return -ENOSYS; }
