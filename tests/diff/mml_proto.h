/* SPDX-License-Identifier: MIT */
/*
 * The process API of issue 3, declared exactly as the issue spells it.  Once
 * include/mmlab/mmlab.h declares these too, the duplicate declarations are
 * identical and therefore harmless.
 */
#ifndef DIFF_MML_PROTO_H
#define DIFF_MML_PROTO_H

#include "../../include/mmlab/mmlab.h"

struct mml_task;

struct mml_task *mml_task_new(struct mml_machine *m, const char *comm);
struct mml_task *mml_task_get(struct mml_machine *m, int pid);
int  mml_task_pid(const struct mml_task *t);
long mml_fork(struct mml_task *t);
void mml_exit(struct mml_task *t, int code);
long mml_syscall(struct mml_task *t, long nr, long a1, long a2, long a3,
		 long a4, long a5, long a6);
long mml_mmap(struct mml_task *t, unsigned long addr, unsigned long len, int prot,
	      int flags, int fd, unsigned long off);
long mml_munmap(struct mml_task *t, unsigned long addr, unsigned long len);
long mml_mprotect(struct mml_task *t, unsigned long addr, unsigned long len, int prot);
long mml_mremap(struct mml_task *t, unsigned long old_addr, unsigned long old_len,
		unsigned long new_len, int flags, unsigned long new_addr);
long mml_brk(struct mml_task *t, unsigned long addr);
long mml_madvise(struct mml_task *t, unsigned long addr, unsigned long len, int advice);
long mml_msync(struct mml_task *t, unsigned long addr, unsigned long len, int flags);
long mml_mlock(struct mml_task *t, unsigned long addr, unsigned long len);
long mml_mlock2(struct mml_task *t, unsigned long addr, unsigned long len, int flags);
long mml_munlock(struct mml_task *t, unsigned long addr, unsigned long len);
long mml_mlockall(struct mml_task *t, int flags);
long mml_munlockall(struct mml_task *t);
long mml_mincore(struct mml_task *t, unsigned long addr, unsigned long len,
		 unsigned char *vec);
long mml_open(struct mml_task *t, const char *path, int flags, int mode);
long mml_close(struct mml_task *t, int fd);
long mml_ftruncate(struct mml_task *t, int fd, long len);
long mml_pread(struct mml_task *t, int fd, void *buf, unsigned long n, long off);
long mml_pwrite(struct mml_task *t, int fd, const void *buf, unsigned long n, long off);
int mml_load(struct mml_task *t, unsigned long va, void *dst, unsigned long n);
int mml_store(struct mml_task *t, unsigned long va, const void *src, unsigned long n);
void mml_siginfo(const struct mml_task *t, int *signo, int *code, unsigned long *addr);
long mml_read_file(struct mml_task *t, const char *path, char *buf, unsigned long n);

#endif /* DIFF_MML_PROTO_H */
