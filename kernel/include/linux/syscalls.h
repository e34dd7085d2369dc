/* SPDX-License-Identifier: MIT */
/*
 * The kernel side of each system call, taking the task and (for the
 * memory calls) plain values; api/syscall.c decodes the raw ABI into these.
 */
#ifndef _LINUX_SYSCALLS_H
#define _LINUX_SYSCALLS_H

#include <linux/types.h>
#include <linux/uaccess.h>

struct task_struct;

/* mm/mmap.c */
long ksys_mmap_pgoff(struct task_struct *t, unsigned long addr,
		     unsigned long len, unsigned long prot, unsigned long flags,
		     unsigned long fd, unsigned long pgoff);
long vm_munmap(struct task_struct *t, unsigned long start, unsigned long len);
long sys_brk(struct task_struct *t, unsigned long brk);
/* mm/mprotect.c */
long do_mprotect_pkey(struct task_struct *t, unsigned long start,
		      unsigned long len, unsigned long prot);
/* mm/mremap.c */
long do_mremap(struct task_struct *t, unsigned long addr,
	       unsigned long old_len, unsigned long new_len,
	       unsigned long flags, unsigned long new_addr);
/* mm/madvise.c */
long do_madvise(struct task_struct *t, unsigned long start, unsigned long len,
		int behavior);
/* mm/msync.c */
long do_msync(struct task_struct *t, unsigned long start, unsigned long len,
	      int flags);
/* mm/mlock.c */
long do_mlock(struct task_struct *t, unsigned long start, unsigned long len,
	      unsigned long flags);
long do_munlock(struct task_struct *t, unsigned long start, unsigned long len);
long do_mlockall(struct task_struct *t, int flags);
long do_munlockall(struct task_struct *t);
/* mm/mincore.c: @vec is a host buffer, @uvec a user address */
long do_mincore(struct task_struct *t, unsigned long start, unsigned long len,
		unsigned char *vec);
long ksys_mincore(struct task_struct *t, unsigned long start,
		  unsigned long len, unsigned long uvec);

#endif
