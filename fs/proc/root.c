// SPDX-License-Identifier: MIT
/*
 * The /proc tree: which file a path names, and reading it.  "/proc/self/X"
 * and "/proc/<pid>/X" are the files X of a task (task_mmu.c, array.c,
 * page.c); every other name is machine-wide (proc.c).  The API's
 * mml_read_file() and open() from inside a task both come here.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/seq_buf.h>
#include <linux/proc_fs.h>

/**
 * proc_lookup() - resolve /proc @path as the current task sees it.
 * @pid: set to the pid of the task whose file it is, 0 for a machine-wide
 *	 file ("/proc/meminfo", "dmesg" ...).
 * @name: set to the file's name inside its task's directory ("maps"), or
 *	  to @path itself for a machine-wide file.
 *
 * Return: 0, or -ENOENT when a pid directory names no live task.  Whether
 * the file exists is for proc_render() or proc_read_at() to say.
 */
int proc_lookup(const char *path, int *pid,
		const char **name)
{
	const char *p = path + 6;
	char *end;
	long nr;

	*pid = 0;
	*name = path;
	if (strncmp(path, "/proc/", 6))
		return 0;
	if (!strncmp(p, "self/", 5)) {
		*pid = current->pid;
		*name = p + 5;
		return 0;
	}
	nr = strtol(p, &end, 10);
	if (end == p || *end != '/')
		return 0;
	if (nr <= 0 || nr > INT_MAX || !find_task_by_pid((int)nr))
		return -ENOENT;
	*pid = (int)nr;
	*name = end + 1;
	return 0;
}

/**
 * proc_is_binary() - is file @name (of a task if @pid) read at an offset
 * like pread(2) rather than rendered as text?
 */
bool proc_is_binary(int pid, const char *name)
{
	if (pid)
		return !strcmp(name, "pagemap");
	return !strcmp(name, "/proc/kpagecount") ||
	       !strcmp(name, "/proc/kpageflags");
}

/**
 * proc_render() - the text of file @name of task @pid (0: machine-wide),
 * as proc_lookup() gave them, into @s.
 * Return: 0, -ENOENT for no such file, -ESRCH when the task is gone, or
 * -ENOMEM.
 */
int proc_render(int pid, const char *name, struct seq_buf *s)
{
	struct task_struct *t;

	if (!pid)
		return proc_show(name, s);
	t = find_task_by_pid(pid);
	if (!t)
		return -ESRCH;
	return proc_pid_show(t, name, s);
}

/**
 * proc_read_at() - read up to @n bytes at offset @off of file @name of
 * task @pid (0: machine-wide) into @buf: binary files as pread(2) does,
 * text files rendered whole and sliced.
 * Return: the bytes read (0 at or past the end), or -errno as
 * proc_render().
 */
long proc_read_at(int pid, const char *name, void *buf, unsigned long n,
		  unsigned long off)
{
	struct task_struct *t = pid ? find_task_by_pid(pid) : NULL;
	struct seq_buf s;
	long r = 0;
	int err;

	if (pid && !t)
		return -ESRCH;
	if (proc_is_binary(pid, name))
		return t ? pagemap_read(t, buf, n, off)
			 : kpage_read(name[11] == 'f', buf, n, off);
	seq_buf_init(&s);
	err = proc_render(pid, name, &s);
	if (err) {
		seq_buf_free(&s);
		return err;
	}
	if (off < s.len) {
		r = (long)min(n, (unsigned long)s.len - off);
		if (r)
			memcpy(buf, s.buf + off, (size_t)r);
	}
	seq_buf_free(&s);
	return r;
}
