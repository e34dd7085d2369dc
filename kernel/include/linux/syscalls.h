/* SPDX-License-Identifier: MIT */
/*
 * The system calls.  Each is defined in its subsystem under Linux's name
 * with Linux's argument types, by SYSCALL_DEFINEn(name, type, arg, ...):
 * that defines sys_name(type arg, ...), callable from C, and its entry
 * __se_sys_name(regs), which takes the six argument registers as unsigned
 * longs and converts each to its declared type, as Linux's SYSCALL_DEFINE
 * does (an "int fd" keeps the low 32 bits of its 64-bit register).
 *
 * An architecture's table (x86-64: arch/x86/entry/syscall_64.c) maps its
 * numbers to these entries, __se_sys_ni_syscall where a number has no
 * call, and its descriptor's ->syscall runs one (linux/arch.h);
 * mml_syscall() (api/syscall.c) only guards the task and calls it.  The
 * calls' other kernel sides (do_mlock(), ...) take plain values.
 */
#ifndef _LINUX_SYSCALLS_H
#define _LINUX_SYSCALLS_H

#include <linux/types.h>
#include <linux/uaccess.h>

struct mm_struct;
struct user_stat;
struct iovec;

/* A table entry: the argument registers, in the ABI's order. */
typedef long (*sys_call_ptr_t)(const unsigned long *regs);

#define __SC_DECL1(t1, a1)		t1 a1
#define __SC_DECL2(t1, a1, ...)		t1 a1, __SC_DECL1(__VA_ARGS__)
#define __SC_DECL3(t1, a1, ...)		t1 a1, __SC_DECL2(__VA_ARGS__)
#define __SC_DECL4(t1, a1, ...)		t1 a1, __SC_DECL3(__VA_ARGS__)
#define __SC_DECL5(t1, a1, ...)		t1 a1, __SC_DECL4(__VA_ARGS__)
#define __SC_DECL6(t1, a1, ...)		t1 a1, __SC_DECL5(__VA_ARGS__)

/* Each register, in order, cast to its argument's declared type. */
#define __SC_CAST1(r, t1, a1)		(t1)(r)[0]
#define __SC_CAST2(r, t1, a1, ...)	(t1)(r)[0], __SC_CAST1((r) + 1, __VA_ARGS__)
#define __SC_CAST3(r, t1, a1, ...)	(t1)(r)[0], __SC_CAST2((r) + 1, __VA_ARGS__)
#define __SC_CAST4(r, t1, a1, ...)	(t1)(r)[0], __SC_CAST3((r) + 1, __VA_ARGS__)
#define __SC_CAST5(r, t1, a1, ...)	(t1)(r)[0], __SC_CAST4((r) + 1, __VA_ARGS__)
#define __SC_CAST6(r, t1, a1, ...)	(t1)(r)[0], __SC_CAST5((r) + 1, __VA_ARGS__)

#define SYSCALL_DEFINE0(name)						\
	long sys_##name(void);						\
	long __se_sys_##name(const unsigned long *regs);		\
	long __se_sys_##name(const unsigned long *regs)			\
	{								\
		(void)regs;						\
		return sys_##name();					\
	}								\
	long sys_##name(void)

#define SYSCALL_DEFINEx(x, name, ...)					\
	long sys_##name(__SC_DECL##x(__VA_ARGS__));			\
	long __se_sys_##name(const unsigned long *regs);		\
	long __se_sys_##name(const unsigned long *regs)			\
	{								\
		return sys_##name(__SC_CAST##x(regs, __VA_ARGS__));	\
	}								\
	long sys_##name(__SC_DECL##x(__VA_ARGS__))

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

/* kernel/sys_ni.c: a number with no call: -ENOSYS. */
long sys_ni_syscall(void);
long __se_sys_ni_syscall(const unsigned long *regs);

/*
 * The calls, by subsystem.  An architecture's table names the entries
 * (__se_sys_*) of those its ABI has.
 */
#define __SYSCALL_DECL(name) long __se_sys_##name(const unsigned long *regs)
/* mm/ */
__SYSCALL_DECL(munmap);
__SYSCALL_DECL(mprotect);
__SYSCALL_DECL(brk);
__SYSCALL_DECL(mremap);
__SYSCALL_DECL(msync);
__SYSCALL_DECL(mincore);
__SYSCALL_DECL(madvise);
__SYSCALL_DECL(mlock);
__SYSCALL_DECL(mlock2);
__SYSCALL_DECL(munlock);
__SYSCALL_DECL(mlockall);
__SYSCALL_DECL(munlockall);
__SYSCALL_DECL(swapon);
__SYSCALL_DECL(swapoff);
/* fs/ */
__SYSCALL_DECL(open);
__SYSCALL_DECL(openat);
__SYSCALL_DECL(close);
__SYSCALL_DECL(ftruncate);
__SYSCALL_DECL(fsync);
__SYSCALL_DECL(fdatasync);
__SYSCALL_DECL(fallocate);
__SYSCALL_DECL(read);
__SYSCALL_DECL(write);
__SYSCALL_DECL(pread64);
__SYSCALL_DECL(pwrite64);
__SYSCALL_DECL(readv);
__SYSCALL_DECL(writev);
__SYSCALL_DECL(preadv);
__SYSCALL_DECL(pwritev);
__SYSCALL_DECL(lseek);
__SYSCALL_DECL(newstat);
__SYSCALL_DECL(newlstat);
__SYSCALL_DECL(newfstat);
__SYSCALL_DECL(newfstatat);
__SYSCALL_DECL(getdents64);
__SYSCALL_DECL(access);
__SYSCALL_DECL(faccessat);
__SYSCALL_DECL(faccessat2);
/* kernel/ */
__SYSCALL_DECL(getpid);
__SYSCALL_DECL(fork);
__SYSCALL_DECL(exit);
__SYSCALL_DECL(exit_group);

/* The ones C callers use (the host-pointer API, the shell). */
long sys_brk(unsigned long brk);
long sys_close(unsigned int fd);
long sys_newfstat(unsigned int fd, struct user_stat __user *statbuf);
long sys_newfstatat(int dfd, const char __user *filename,
		    struct user_stat __user *statbuf, int flag);
long sys_read(unsigned int fd, char __user *buf, size_t count);
long sys_write(unsigned int fd, const char __user *buf, size_t count);
long sys_pread64(unsigned int fd, char __user *buf, size_t count,
		 long long pos);
long sys_pwrite64(unsigned int fd, const char __user *buf, size_t count,
		  long long pos);
long sys_lseek(unsigned int fd, long offset, unsigned int whence);
long sys_fork(void);

/* mm/mmap.c */
long ksys_mmap_pgoff(unsigned long addr,
		     unsigned long len, unsigned long prot, unsigned long flags,
		     unsigned long fd, unsigned long pgoff);
long vm_munmap(unsigned long start, unsigned long len);
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
