/* SPDX-License-Identifier: MIT */
/*
 * The kernel side of each system call, run for the current task and
 * taking (for the memory calls) plain values; api/syscall.c decodes the
 * raw ABI into these.
 */
#ifndef _LINUX_SYSCALLS_H
#define _LINUX_SYSCALLS_H

#include <linux/types.h>
#include <linux/uaccess.h>

struct mm_struct;

/* mm/mmap.c */
long ksys_mmap_pgoff(unsigned long addr,
		     unsigned long len, unsigned long prot, unsigned long flags,
		     unsigned long fd, unsigned long pgoff);
long vm_munmap(unsigned long start, unsigned long len);
long sys_brk(unsigned long brk);
/* mm/mprotect.c */
long do_mprotect_pkey(unsigned long start, unsigned long len,
		      unsigned long prot, int pkey);
/* mm/mremap.c */
long do_mremap(unsigned long addr,
	       unsigned long old_len, unsigned long new_len,
	       unsigned long flags, unsigned long new_addr);
/* mm/madvise.c */
long do_madvise(struct mm_struct *mm, unsigned long start,
		unsigned long len, int behavior);
/* mm/msync.c */
long do_msync(unsigned long start, unsigned long len,
	      int flags);
/* mm/mlock.c */
long do_mlock(unsigned long start, unsigned long len,
	      unsigned long flags);
long do_munlock(unsigned long start, unsigned long len);
long do_mlockall(int flags);
long do_munlockall(void);
/* mm/mincore.c: @vec is a host buffer, @uvec a user address */
long do_mincore(unsigned long start, unsigned long len,
		unsigned char *vec);
long ksys_mincore(unsigned long start,
		  unsigned long len, unsigned long uvec);

#endif
