/* SPDX-License-Identifier: MIT */
/*
 * Layouts of the x86-64 user ABI that system calls copy to user memory.
 * (Linux: the uapi asm/ headers; their names would hide the C library's.)
 */
#ifndef _ASM_X86_ABI_H
#define _ASM_X86_ABI_H

#include <linux/types.h>

/* struct stat of the x86-64 ABI (arch/x86/include/uapi/asm/stat.h). */
struct user_stat {
	u64 st_dev;
	u64 st_ino;
	u64 st_nlink;
	u32 st_mode;
	u32 st_uid;
	u32 st_gid;
	u32 __pad0;
	u64 st_rdev;
	s64 st_size;
	s64 st_blksize;
	s64 st_blocks;
	u64 st_atime_sec, st_atime_nsec;
	u64 st_mtime_sec, st_mtime_nsec;
	u64 st_ctime_sec, st_ctime_nsec;
	s64 __unused[3];
};

_Static_assert(sizeof(struct user_stat) == 144, "x86-64 struct stat");

#endif
