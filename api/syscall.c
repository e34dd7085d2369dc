// SPDX-License-Identifier: MIT
/*
 * Public entry points for the system calls: the host-pointer wrappers
 * (mml_mmap(), ...) and mml_syscall(), the raw system-call ABI (numbers
 * from asm/syscall_nr.h: x86-64's), whose pointer arguments are the task's
 * own user addresses.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/swap.h>
#include <linux/syscalls.h>
#include <linux/trace.h>
#include <asm/tlbflush.h>
#include <asm/syscall_nr.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

#define PATH_MAX		4096
#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x100

/* sys_mmap() on x86-64: a byte offset that must be page aligned. */
static long sys_mmap(unsigned long addr,
		     unsigned long len, unsigned long prot, unsigned long flags,
		     unsigned long fd, unsigned long off)
{
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return ksys_mmap_pgoff(addr, len, prot, flags, fd, off >> PAGE_SHIFT);
}

MML_API long mml_mmap(struct mml_task *t, unsigned long addr, unsigned long len,
		      int prot, int flags, int fd, unsigned long off)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return sys_mmap(addr, len, (unsigned long)(unsigned int)prot,
			(unsigned long)(unsigned int)flags, (unsigned long)(long)fd, off);
}

MML_API long mml_munmap(struct mml_task *t, unsigned long addr, unsigned long len)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return vm_munmap(addr, len);
}

MML_API long mml_mprotect(struct mml_task *t, unsigned long addr,
			  unsigned long len, int prot)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_mprotect_pkey(addr, len, (unsigned long)(unsigned int)prot,
				-1);
}

MML_API long mml_mremap(struct mml_task *t, unsigned long old_addr,
			unsigned long old_len, unsigned long new_len, int flags,
			unsigned long new_addr)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_mremap(old_addr, old_len, new_len,
			 (unsigned long)(unsigned int)flags, new_addr);
}

MML_API long mml_brk(struct mml_task *t, unsigned long addr)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return sys_brk(addr);
}

MML_API long mml_madvise(struct mml_task *t, unsigned long addr,
			 unsigned long len, int advice)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_madvise(current->mm, addr, len, advice);
}

MML_API long mml_msync(struct mml_task *t, unsigned long addr,
		       unsigned long len, int flags)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_msync(addr, len, flags);
}

MML_API long mml_mlock(struct mml_task *t, unsigned long addr, unsigned long len)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_mlock(addr, len, 0);
}

MML_API long mml_mlock2(struct mml_task *t, unsigned long addr,
			unsigned long len, int flags)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_mlock(addr, len, (unsigned long)(unsigned int)flags);
}

MML_API long mml_munlock(struct mml_task *t, unsigned long addr,
			 unsigned long len)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_munlock(addr, len);
}

MML_API long mml_mlockall(struct mml_task *t, int flags)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_mlockall(flags);
}

MML_API long mml_munlockall(struct mml_task *t)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_munlockall();
}

MML_API long mml_mincore(struct mml_task *t, unsigned long addr,
			 unsigned long len, unsigned char *vec)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	if (!vec)
		return -EFAULT;		/* a host pointer: mml_syscall() takes user ones */
	return do_mincore(addr, len, vec);
}

MML_API long mml_open(struct mml_task *t, const char *path, int flags, int mode)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	long ret;

	if (!path)
		return -EFAULT;
	ret = do_sys_open(path, flags, mode);
	if (ret == -EOPNOTSUPP && (flags & __O_TMPFILE))
		mml_set_error(task_of(t)->machine, "open: O_TMPFILE is not supported");
	return ret;
}

MML_API long mml_close(struct mml_task *t, int fd)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return close_fd(fd);
}

MML_API long mml_ftruncate(struct mml_task *t, int fd, long len)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return do_ftruncate(fd, len);
}

MML_API long mml_pread(struct mml_task *t, int fd, void *buf, unsigned long n,
		       long off)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return ksys_pread64(fd, buf, n, off);
}

MML_API long mml_pwrite(struct mml_task *t, int fd, const void *buf,
			unsigned long n, long off)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return ksys_pwrite64(fd, buf, n, off);
}

MML_API long mml_fork(struct mml_task *t)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	struct task_struct *child = copy_process(task_of(t));

	return child ? child->pid : -ENOMEM;
}

MML_API int mml_exec_reset(struct mml_task *t)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return exec_mm_reset(task_of(t));
}

MML_API long mml_swapon(struct mml_task *t, const char *path, int swap_flags)
{
	task_guard(t);
	if (!path)
		return -EFAULT;
	return sys_swapon(path, swap_flags);
}

MML_API long mml_swapoff(struct mml_task *t, const char *path)
{
	task_guard(t);
	if (!path)
		return -EFAULT;
	return sys_swapoff(path);
}

MML_API long mml_mkswap(struct mml_task *t, const char *path,
			unsigned long size, const char *label)
{
	task_guard(t);
	if (!path)
		return -EFAULT;
	return mkswap_file(path, size, label);
}

/* --- the raw ABI ------------------------------------------------------------ */

/* swapon(2), swapoff(2): the path from user memory. */
static long user_swap(unsigned long upath, int flags,
		      bool on)
{
	char path[PATH_MAX];
	long ret = getname(upath, path, false);

	if (ret < 0)
		return ret;
	return on ? sys_swapon(path, flags) : sys_swapoff(path);
}

static long user_open(int dirfd, unsigned long upath,
		      int flags, int mode)
{
	char path[PATH_MAX];
	long ret;

	ret = getname(upath, path, false);
	if (ret < 0)
		return ret;
	if (dirfd != AT_FDCWD && path[0] != '/')
		return -ENOSYS;		/* no directory fds yet */
	return do_sys_open(path, flags, mode);
}

/**
 * mml_syscall() - the raw x86-64 system call @nr with Linux's register
 * arguments; every pointer is a user address of the task, checked with
 * access_ok() and copied through its page tables.
 */
MML_API long mml_syscall(struct mml_task *ut, long nr, long a1, long a2,
			 long a3, long a4, long a5, long a6)
{
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	struct task_struct *t = task_of(ut);
	unsigned long u1 = (unsigned long)a1, u2 = (unsigned long)a2;
	unsigned long u3 = (unsigned long)a3;

	switch (nr) {
	case __NR_mmap:
		return sys_mmap(u1, u2, u3, (unsigned long)a4, (unsigned long)a5,
				(unsigned long)a6);
	case __NR_munmap:	return vm_munmap(u1, u2);
	case __NR_mprotect:	return do_mprotect_pkey(u1, u2, u3, -1);
	case __NR_brk:		return sys_brk(u1);
	case __NR_mremap:
		return do_mremap(u1, u2, u3, (unsigned long)a4, (unsigned long)a5);
	case __NR_msync:	return do_msync(u1, u2, (int)a3);
	case __NR_mincore:	return ksys_mincore(u1, u2, u3);
	case __NR_madvise:	return do_madvise(t->mm, u1, u2, (int)a3);
	case __NR_mlock:	return do_mlock(u1, u2, 0);
	case __NR_mlock2:	return do_mlock(u1, u2, u3);
	case __NR_munlock:	return do_munlock(u1, u2);
	case __NR_mlockall:	return do_mlockall((int)a1);
	case __NR_munlockall:	return do_munlockall();
	case __NR_open:		return user_open(AT_FDCWD, u1, (int)a2, (int)a3);
	case __NR_openat:	return user_open((int)a1, u2, (int)a3, (int)a4);
	case __NR_close:	return close_fd((int)a1);
	case __NR_ftruncate:	return do_ftruncate((int)a1, a2);
	case __NR_read:		return sys_read((int)a1, u2, u3);
	case __NR_write:	return sys_write((int)a1, u2, u3);
	case __NR_pread64:	return sys_pread64((int)a1, u2, u3, a4);
	case __NR_pwrite64:	return sys_pwrite64((int)a1, u2, u3, a4);
	case __NR_readv:	return sys_readv((int)a1, u2, u3);
	case __NR_writev:	return sys_writev((int)a1, u2, u3);
	case __NR_preadv:	return sys_preadv((int)a1, u2, u3, a4, false);
	case __NR_pwritev:	return sys_preadv((int)a1, u2, u3, a4, true);
	case __NR_lseek:	return sys_lseek((int)a1, a2, (unsigned int)a3);
	case __NR_stat:		return sys_newfstatat(AT_FDCWD, u1, u2, 0);
	case __NR_lstat:
		return sys_newfstatat(AT_FDCWD, u1, u2, AT_SYMLINK_NOFOLLOW);
	case __NR_fstat:	return sys_newfstat((int)a1, u2);
	case __NR_newfstatat:
		return sys_newfstatat((int)a1, u2, u3, (int)a4);
	case __NR_swapon:	return user_swap(u1, (int)a2, true);
	case __NR_swapoff:	return user_swap(u1, 0, false);
	case __NR_getpid:	return t->pid;
	case __NR_fork:		return mml_fork(ut);
	case __NR_exit:
	case __NR_exit_group:
		mml_exit(ut, (int)a1);
		return 0;
	default:
		trace_m("mml_syscall: %ld is not implemented -> ENOSYS", nr);
		return -ENOSYS;
	}
}
