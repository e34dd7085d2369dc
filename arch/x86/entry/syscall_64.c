// SPDX-License-Identifier: MIT
/*
 * The x86-64 system-call table (Linux: arch/x86/entry/syscall_64.c over
 * syscall_64.tbl): sys_call_table[] maps each number of asm/syscall_nr.h
 * to its call's entry, every other number to sys_ni_syscall.  The numbers
 * are x86-64's alone: another architecture has its own table (i386's
 * int 0x80 numbers, mmap2 and old_mmap; arm64's generic unistd numbers)
 * behind its descriptor's ->syscall, and the calls themselves are shared.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/machine.h>
#include <linux/syscalls.h>
#include <linux/trace.h>
#include <asm/syscall_nr.h>
#include <asm/syscalls.h>

/* The ranged default is overridden by each call, as Linux's table is. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"

#define __SYSCALL(nr, name)	[nr] = __se_sys_##name

const sys_call_ptr_t sys_call_table[__NR_syscalls] = {
	[0 ... __NR_syscalls - 1] = __se_sys_ni_syscall,
	__SYSCALL(__NR_read, read),
	__SYSCALL(__NR_write, write),
	__SYSCALL(__NR_open, open),
	__SYSCALL(__NR_close, close),
	__SYSCALL(__NR_stat, newstat),
	__SYSCALL(__NR_fstat, newfstat),
	__SYSCALL(__NR_lstat, newlstat),
	__SYSCALL(__NR_lseek, lseek),
	__SYSCALL(__NR_mmap, mmap),
	__SYSCALL(__NR_mprotect, mprotect),
	__SYSCALL(__NR_munmap, munmap),
	__SYSCALL(__NR_brk, brk),
	__SYSCALL(__NR_pread64, pread64),
	__SYSCALL(__NR_pwrite64, pwrite64),
	__SYSCALL(__NR_readv, readv),
	__SYSCALL(__NR_writev, writev),
	__SYSCALL(__NR_access, access),
	__SYSCALL(__NR_mremap, mremap),
	__SYSCALL(__NR_msync, msync),
	__SYSCALL(__NR_mincore, mincore),
	__SYSCALL(__NR_madvise, madvise),
	__SYSCALL(__NR_getpid, getpid),
	__SYSCALL(__NR_fork, fork),
	__SYSCALL(__NR_exit, exit),
	__SYSCALL(__NR_fsync, fsync),
	__SYSCALL(__NR_fdatasync, fdatasync),
	__SYSCALL(__NR_ftruncate, ftruncate),
	__SYSCALL(__NR_mlock, mlock),
	__SYSCALL(__NR_munlock, munlock),
	__SYSCALL(__NR_mlockall, mlockall),
	__SYSCALL(__NR_munlockall, munlockall),
	__SYSCALL(__NR_swapon, swapon),
	__SYSCALL(__NR_swapoff, swapoff),
	__SYSCALL(__NR_getdents64, getdents64),
	__SYSCALL(__NR_exit_group, exit_group),
	__SYSCALL(__NR_openat, openat),
	__SYSCALL(__NR_newfstatat, newfstatat),
	__SYSCALL(__NR_fallocate, fallocate),
	__SYSCALL(__NR_faccessat, faccessat),
	__SYSCALL(__NR_preadv, preadv),
	__SYSCALL(__NR_pwritev, pwritev),
	__SYSCALL(__NR_mlock2, mlock2),
	__SYSCALL(__NR_faccessat2, faccessat2),
};

#pragma GCC diagnostic pop

/**
 * do_syscall_64() - the x86-64 entry: call @nr with @regs, the argument
 * registers rdi, rsi, rdx, r10, r8, r9.  As Linux's, the number is the
 * low 32 bits of rax taken as a signed int, so a negative one, or one past
 * the table, is sys_ni_syscall's -ENOSYS, and bits above the 32 are
 * ignored (syscall(2) with 1 << 32 | __NR_getpid is getpid, on the host).
 */
long do_syscall_64(long nr, const unsigned long *regs)
{
	unsigned int unr = (unsigned int)(int)nr;

	if (likely(unr < __NR_syscalls) &&
	    sys_call_table[unr] != __se_sys_ni_syscall)
		return sys_call_table[unr](regs);
	trace_m("mml_syscall: %ld is not implemented -> ENOSYS", nr);
	return sys_ni_syscall();
}
