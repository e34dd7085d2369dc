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
	machine_guard(m, NULL);
	if (api_stopped(m))
		return NULL;
	struct task_struct *t = task_create(comm);

	if (!t)
		mml_set_error(m, "task_new: out of memory");
	return mml_task_of(t);
}

MML_API struct mml_task *mml_task_get(struct mml_machine *m, int pid)
{
	machine_guard(m, NULL);
	if (api_stopped(m))
		return NULL;
	return mml_task_of(find_task_by_pid(pid));
}

MML_API int mml_task_pid(const struct mml_task *t)
{
	return task_of(t)->pid;
}

MML_API void mml_exit(struct mml_task *ut, int code)
{
	task_guard(ut);
	/* a task an oops killed may exit; nothing runs on a panicked machine */
	if (ut && api_stopped(task_of(ut)->machine))
		return;
	if (ut)
		do_exit(code);
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

MML_API long mml_read_file(struct mml_task *ut, const char *path, char *buf,
			   unsigned long n)
{
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	struct task_struct *t = task_of(ut);
	struct mml_machine *m = t->machine;
	const char *name;
	struct seq_buf s;
	long len;
	int err, pid;

	if (!path)
		return -EINVAL;
	err = proc_lookup(path, &pid, &name);
	if (!err && !pid)
		return api_machine_read_file(m, path, buf, n);
	seq_buf_init(&s);
	if (!err)
		err = proc_render(pid, name, &s);
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
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	struct task_struct *t = task_of(ut);
	const char *name;
	long ret;
	int pid;

	if (!path || (!buf && n))
		return -EINVAL;
	ret = proc_lookup(path, &pid, &name);
	if (!ret)
		ret = proc_read_at(pid, name, buf, n, off);
	if (ret == -ENOENT)
		mml_set_error(t->machine, "%s: no such file", path);
	return ret;
}

MML_API void mml_trace(struct mml_machine *m, int on)
{
	machine_guard(m, NULL);
	if (api_stopped(m))
		return;
	m->tracing = on != 0;
}

MML_API long mml_trace_read(struct mml_machine *m, char *buf, size_t n)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
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
