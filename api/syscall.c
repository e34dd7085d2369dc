// SPDX-License-Identifier: MIT
/*
 * Public entry points for the system calls: the host-pointer wrappers
 * (mml_mmap(), ...) and mml_syscall(), the raw system-call ABI, whose
 * pointer arguments are the task's own user addresses.  The numbers and
 * the table are the architecture's (arch_desc.syscall: x86-64's is
 * arch/x86/entry/syscall_64.c), the calls their subsystems'
 * (linux/syscalls.h).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/swap.h>
#include <linux/syscalls.h>
#include <linux/arch.h>
#include <linux/machine.h>
#include <linux/trace.h>
#include <asm/tlbflush.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

MML_API long mml_mmap(struct mml_task *t, unsigned long addr, unsigned long len,
		      int prot, int flags, int fd, unsigned long off)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	/* a byte offset, page aligned, as x86-64's mmap(2) takes it */
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return ksys_mmap_pgoff(addr, len, (unsigned long)(unsigned int)prot,
			       (unsigned long)(unsigned int)flags,
			       (unsigned long)(long)fd, off >> PAGE_SHIFT);
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
	return kernel_pread_fd(fd, buf, n, off);
}

MML_API long mml_pwrite(struct mml_task *t, int fd, const void *buf,
			unsigned long n, long off)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return kernel_pwrite_fd(fd, buf, n, off);
}

MML_API long mml_fork(struct mml_task *t)
{
	task_guard(t);
	int api_err = api_task_stopped(t);

	if (api_err)
		return api_err;
	return sys_fork();
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
	return ksys_swapon(path, swap_flags);
}

MML_API long mml_swapoff(struct mml_task *t, const char *path)
{
	task_guard(t);
	if (!path)
		return -EFAULT;
	return ksys_swapoff(path);
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

/**
 * mml_syscall() - the raw system call @nr with Linux's register arguments,
 * numbered as the machine's architecture numbers them (x86-64's for
 * "x86_64"); every pointer is a user address of the task, checked with
 * access_ok() and copied through its page tables.
 */
MML_API long mml_syscall(struct mml_task *ut, long nr, long a1, long a2,
			 long a3, long a4, long a5, long a6)
{
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	const unsigned long regs[6] = {
		(unsigned long)a1, (unsigned long)a2, (unsigned long)a3,
		(unsigned long)a4, (unsigned long)a5, (unsigned long)a6,
	};

	return task_of(ut)->machine->arch->syscall(nr, regs);
}
