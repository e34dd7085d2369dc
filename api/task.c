// SPDX-License-Identifier: MIT
/* Public entry points: tasks, their files under /proc, tracing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/seq_buf.h>
#include <linux/proc_fs.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

MML_API struct mml_task *mml_task_new(struct mml_machine *m, const char *comm)
{
	struct task_struct *t = task_create(m, comm);

	if (!t)
		mml_set_error(m, "task_new: out of memory");
	return mml_task_of(t);
}

MML_API struct mml_task *mml_task_get(struct mml_machine *m, int pid)
{
	return mml_task_of(find_task_by_pid(m, pid));
}

MML_API int mml_task_pid(const struct mml_task *t)
{
	return task_of(t)->pid;
}

MML_API void mml_exit(struct mml_task *ut, int code)
{
	if (ut)
		task_exit(task_of(ut), code);
}

MML_API void mml_task_faults(const struct mml_task *ut, unsigned long *minflt,
			     unsigned long *majflt)
{
	const struct task_struct *t = task_of(ut);

	if (minflt)
		*minflt = t->min_flt;
	if (majflt)
		*majflt = t->maj_flt;
}

/* "/proc/self/X" and "/proc/<pid>/X" name a task's own files. */
static int resolve_task_path(struct task_struct *t, const char *path,
			     struct task_struct **who, const char **rest)
{
	char *end;
	long pid;

	if (strncmp(path, "/proc/", 6))
		return -ENOENT;
	path += 6;
	if (!strncmp(path, "self/", 5)) {
		*who = t;
		*rest = path + 5;
		return 0;
	}
	pid = strtol(path, &end, 10);
	if (end == path || *end != '/')
		return -ENOENT;
	*who = find_task_by_pid(t->machine, (int)pid);
	*rest = end + 1;
	return *who ? 0 : -ENOENT;
}

MML_API long mml_read_file(struct mml_task *ut, const char *path, char *buf,
			   unsigned long n)
{
	struct task_struct *t = task_of(ut), *who;
	struct mml_machine *m = t->machine;
	const char *rest;
	struct seq_buf s;
	long len;
	int err;

	if (!path)
		return -EINVAL;
	if (resolve_task_path(t, path, &who, &rest))
		return mml_machine_read_file(m, path, buf, n);
	seq_buf_init(&s);
	err = proc_pid_show(who, rest, &s);
	if (err) {
		seq_buf_free(&s);
		mml_set_error(m, "%s: no such file", path);
		return err;
	}
	len = (long)s.len;
	if (buf && n) {
		size_t c = min(s.len, (size_t)n - 1);

		if (c)
			memcpy(buf, s.buf, c);
		buf[c] = '\0';
	}
	seq_buf_free(&s);
	return len;
}

MML_API long mml_read_file_at(struct mml_task *ut, const char *path, void *buf,
			      unsigned long n, unsigned long off)
{
	struct task_struct *t = task_of(ut), *who;
	const char *rest;
	char *text;
	long len;

	if (!path || (!buf && n))
		return -EINVAL;
	if (!strcmp(path, "/proc/kpagecount") || !strcmp(path, "/proc/kpageflags"))
		return kpage_read(t->machine, path[11] == 'f', buf, n, off);
	if (!resolve_task_path(t, path, &who, &rest) && !strcmp(rest, "pagemap"))
		return pagemap_read(who, buf, n, off);
	/* A text file: render it whole, hand out the slice. */
	len = mml_read_file(ut, path, NULL, 0);
	if (len < 0)
		return len;
	text = malloc((size_t)len + 1);
	if (!text)
		return -ENOMEM;
	mml_read_file(ut, path, text, (unsigned long)len + 1);
	if (off >= (unsigned long)len) {
		free(text);
		return 0;
	}
	n = min(n, (unsigned long)len - off);
	memcpy(buf, text + off, n);
	free(text);
	return (long)n;
}

MML_API void mml_trace(struct mml_machine *m, int on)
{
	m->tracing = on != 0;
}

MML_API long mml_trace_read(struct mml_machine *m, char *buf, size_t n)
{
	long len = (long)m->trace.len;

	if (!buf || !n)
		return len;	/* just the size: the lines stay */
	if (m->trace.len) {
		size_t c = min(m->trace.len, n - 1);

		memcpy(buf, m->trace.buf, c);
		buf[c] = '\0';
	} else {
		buf[0] = '\0';
	}
	seq_buf_free(&m->trace);
	return len;
}
