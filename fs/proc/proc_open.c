// SPDX-License-Identifier: MIT
/*
 * open("/proc/...") from inside a task: the same files mml_read_file()
 * gives, as a read-only file.  Text files are generated when read from
 * offset 0 (as a seq_file is) and served from that copy after; the binary
 * ones (pagemap, kpagecount, kpageflags) are read at their offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/proc_fs.h>
#include <linux/stat.h>
#include <mmlab/mmlab.h>

struct proc_file {
	struct task_struct *opener;
	int pid;			/* the task whose file it is (0: none) */
	char *path;			/* as the API names it */
	char *text;
	long len;
	bool binary;
};

static bool is_binary(const char *path)
{
	const char *base = strrchr(path, '/');

	return base && (!strcmp(base, "/pagemap") || !strcmp(base, "/kpagecount") ||
			!strcmp(base, "/kpageflags"));
}

static long proc_read(struct file *file, void *buf, unsigned long n,
		      long long *pos)
{
	struct proc_file *pf = file->private_data;
	struct task_struct *t = pf->pid ? find_task_by_pid(pf->opener->machine, pf->pid)
					: pf->opener;
	long r;

	if (!t)
		return -ESRCH;	/* the task went away */
	if (pf->binary) {
		r = mml_read_file_at((struct mml_task *)t, pf->path, buf, n,
				     (unsigned long)*pos);
		if (r > 0)
			*pos += r;
		return r;
	}
	if (*pos == 0 || !pf->text) {
		free(pf->text);
		pf->text = NULL;
		pf->len = mml_read_file((struct mml_task *)t, pf->path, NULL, 0);
		if (pf->len < 0)
			return pf->len;
		pf->text = malloc((size_t)pf->len + 1);
		if (!pf->text)
			return -ENOMEM;
		mml_read_file((struct mml_task *)t, pf->path, pf->text,
			      (unsigned long)pf->len + 1);
	}
	if (*pos >= pf->len)
		return 0;
	r = (long)min(n, (unsigned long)(pf->len - *pos));
	memcpy(buf, pf->text + *pos, (size_t)r);
	*pos += r;
	return r;
}

static int proc_mmap(struct file *file, struct vm_area_struct *vma)
{
	(void)file;
	(void)vma;
	return -ENODEV;
}

static int proc_release(struct inode *inode, struct file *file)
{
	struct proc_file *pf = file->private_data;

	free(pf->text);
	free(pf->path);
	free(pf);
	return 0;
}

/* seq_lseek(): SEEK_SET and SEEK_CUR to any non-negative offset. */
static long long proc_lseek(struct file *file, long long offset, int whence)
{
	if (whence == SEEK_CUR) {
		if (__builtin_add_overflow(offset, file->f_pos, &offset))
			return -EINVAL;
	} else if (whence != SEEK_SET) {
		return -EINVAL;
	}
	if (offset < 0)
		return -EINVAL;
	return file->f_pos = offset;
}

static const struct file_operations proc_fops = {
	.read = proc_read,
	.llseek = proc_lseek,
	.mmap = proc_mmap,
	.release = proc_release,
};

/* "/proc/self/X" -> (t's pid, X); "/proc/N/X" -> (N, X); else (0, path). */
static int proc_owner(struct task_struct *t, const char *path)
{
	char *end;
	long pid;

	if (!strncmp(path, "/proc/self/", 11))
		return t->pid;
	pid = strtol(path + 6, &end, 10);
	return end != path + 6 && *end == '/' ? (int)pid : 0;
}

/**
 * proc_open_special() - the machine's open hook: serve "/proc/..." paths.
 * Return: 0 with *@filp, -errno, or 1 for a path that is not under /proc.
 */
int proc_open_special(struct task_struct *t, const char *path, int flags,
		      int mode, struct file **filp)
{
	struct mml_machine *m = t->machine;
	struct proc_file *pf;
	struct inode *inode;
	long len;

	(void)mode;
	if (strncmp(path, "/proc/", 6))
		return 1;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))
		return -EACCES;
	len = is_binary(path) ? mml_read_file_at((struct mml_task *)t, path, NULL, 0, 0)
			      : mml_read_file((struct mml_task *)t, path, NULL, 0);
	if (len < 0)
		return (int)len;
	pf = calloc(1, sizeof(*pf));
	if (!pf || !(pf->path = strdup(path))) {
		free(pf);
		return -ENOMEM;
	}
	pf->opener = t;
	pf->pid = proc_owner(t, path);
	pf->binary = is_binary(path);
	inode = new_inode(m, 0, ++m->proc_last_ino);
	if (inode) {
		/* procfs: 0400 for the binary files, 0444 else (Linux
		 * has a few more 0400 ones: slabinfo, vmallocinfo ...) */
		inode->i_mode = S_IFREG | (pf->binary ? 0400 : 0444);
		inode->i_blkbits = 10;
	}
	*filp = inode ? alloc_file(m, inode, (unsigned int)flags, path, &proc_fops) : NULL;
	if (!*filp) {
		free(pf->path);
		free(pf);
		return -ENOMEM;
	}
	(*filp)->private_data = pf;
	(*filp)->f_mode |= FMODE_LSEEK | FMODE_PREAD;	/* seq_file: seekable */
	return 0;
}
