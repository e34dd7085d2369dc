/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 system-call numbers (arch/x86/entry/syscalls/syscall_64.tbl)
 * of the calls mmlab implements, private to arch/x86: its table
 * (arch/x86/entry/syscall_64.c) maps them to the calls, and generic code
 * and api/ never see them (scripts/check_arch_seam.py).  Another
 * architecture has its own numbers and table, and leaves out the calls
 * its ABI lacks (arm64 has no open or fork), as Linux's __ARCH_WANT_* do.
 * Not asm/unistd.h: that name is the C library's, and would hide it from
 * files that make host system calls.
 */
#ifndef _ASM_X86_SYSCALL_NR_H
#define _ASM_X86_SYSCALL_NR_H

#define __NR_read		0
#define __NR_write		1
#define __NR_open		2
#define __NR_close		3
#define __NR_stat		4
#define __NR_fstat		5
#define __NR_lstat		6
#define __NR_lseek		8
#define __NR_mmap		9
#define __NR_mprotect		10
#define __NR_munmap		11
#define __NR_brk		12
#define __NR_pread64		17
#define __NR_pwrite64		18
#define __NR_readv		19
#define __NR_writev		20
#define __NR_access		21
#define __NR_mremap		25
#define __NR_msync		26
#define __NR_mincore		27
#define __NR_madvise		28
#define __NR_getpid		39
#define __NR_fork		57
#define __NR_exit		60
#define __NR_fsync		74
#define __NR_fdatasync		75
#define __NR_ftruncate		77
#define __NR_mlock		149
#define __NR_munlock		150
#define __NR_mlockall		151
#define __NR_munlockall		152
#define __NR_swapon		167
#define __NR_swapoff		168
#define __NR_getdents64		217
#define __NR_exit_group		231
#define __NR_openat		257
#define __NR_newfstatat		262
#define __NR_faccessat		269
#define __NR_fallocate		285
#define __NR_preadv		295
#define __NR_pwritev		296
#define __NR_mlock2		325
#define __NR_faccessat2		439

/* One past the highest number the table has. */
#define __NR_syscalls		440

#endif
