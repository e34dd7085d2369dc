/* SPDX-License-Identifier: MIT */
#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H

#include <linux/types.h>

struct mml_machine;
struct seq_buf;

/*
 * proc_show() - render the machine-wide file @path ("/proc/meminfo", ...,
 * or "dmesg") into @s.  Return: 0, or -ENOENT.
 */
int proc_show(const char *path, struct seq_buf *s);

/* The architecture's lines at the end of /proc/meminfo (DirectMap*). */
void arch_report_meminfo(struct seq_buf *s);
struct task_struct;
/*
 * proc_pid_show() - render /proc/<pid>/@name ("maps", "smaps",
 * "smaps_rollup", "status", "stat", ...) of @t.  Return: 0, or -ENOENT.
 */
int proc_pid_show(struct task_struct *t, const char *name, struct seq_buf *s);

/* fs/proc/page.c: the binary files, read like pread(2). */
long pagemap_read(struct task_struct *t, void *buf, unsigned long n,
		  unsigned long off);
long kpage_read(bool flags, void *buf, unsigned long n, unsigned long off);

/* fs/proc/root.c: which file a /proc path names, and reading it. */
int proc_lookup(const char *path, int *pid,
		const char **name);
bool proc_is_binary(int pid, const char *name);
int proc_render(int pid, const char *name, struct seq_buf *s);
long proc_read_at(int pid, const char *name, void *buf, unsigned long n,
		  unsigned long off);

struct file;
/* fs/proc/proc_open.c: the open() hook for "/proc/..." paths of tasks. */
int proc_open_special(const char *path, int flags,
		      int mode, struct file **filp);
/* fs/proc/pid_mem.c: /proc/<pid>/mem. */
int proc_mem_open(int pid, int flags, const char *path, unsigned long ino,
		  struct file **filp);

/* NULL-terminated list of the paths proc_show() knows. */
extern const char *const proc_files[];

#endif
