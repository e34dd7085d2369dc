/* SPDX-License-Identifier: MIT */
/* Helpers shared by the api/ files: the one place internal becomes public. */
#ifndef _API_API_H
#define _API_API_H

#include <linux/types.h>

struct mml_machine;

struct mml_task;
struct task_struct;

/* The public struct mml_task is the kernel's task_struct, kept opaque. */
static inline struct task_struct *task_of(const struct mml_task *t)
{
	return (struct task_struct *)t;
}

static inline struct mml_task *mml_task_of(struct task_struct *t)
{
	return (struct mml_task *)t;
}

/*
 * mml_set_error() - the message mml_last_error() returns, for an API call
 * that fails.  Only api/ sets it: the kernel reports errors by return value
 * and the kernel log.
 */
__printf(2, 3) void mml_set_error(struct mml_machine *m, const char *fmt, ...);

/* Translate public MML_GFP_* flags to the kernel's gfp_t; -EINVAL if unknown. */
int api_gfp(unsigned int mml_gfp, gfp_t *gfp);

/* api/read_write.c: the raw ABI's file I/O, buffers in user memory */
long sys_read(struct task_struct *t, int fd, unsigned long ubuf,
	      unsigned long count);
long sys_write(struct task_struct *t, int fd, unsigned long ubuf,
	       unsigned long count);
long sys_pread64(struct task_struct *t, int fd, unsigned long ubuf,
		 unsigned long count, long long pos);
long sys_pwrite64(struct task_struct *t, int fd, unsigned long ubuf,
		  unsigned long count, long long pos);
long sys_readv(struct task_struct *t, int fd, unsigned long uvec,
	       unsigned long nr_segs);
long sys_writev(struct task_struct *t, int fd, unsigned long uvec,
		unsigned long nr_segs);
long sys_preadv(struct task_struct *t, int fd, unsigned long uvec,
		unsigned long nr_segs, long long pos, bool write);
long sys_lseek(struct task_struct *t, int fd, long long offset,
	       unsigned int whence);

#endif
