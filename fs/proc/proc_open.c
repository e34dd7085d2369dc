// SPDX-License-Identifier: MIT
/*
 * open("/proc/...") from inside a task: the same files mml_read_file()
 * gives, as a read-only file.  Text files are generated when read from
 * offset 0 (as a seq_file is) and served from that copy after; the binary
 * ones (pagemap, kpagecount, kpageflags) are read at their offset.
 *
 * An open file names its task by pid, as Linux's /proc inodes hold a
 * struct pid rather than the task: once the task is gone, reads fail with
 * ESRCH, whoever holds the descriptor (a child that inherited it too).
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/sched.h>
#include <linux/seq_buf.h>
#include <linux/proc_fs.h>
#include <linux/stat.h>

struct proc_file {
	int pid;			/* the task whose file it is (0: none) */
	char *name;			/* as proc_lookup() gave it */
	char *text;
	long len;
};

/* Render the whole text file into pf->text. */
static int proc_file_fill(struct proc_file *pf)
{
	struct seq_buf s;
	int err;

	free(pf->text);
	pf->text = NULL;
	seq_buf_init(&s);
	err = proc_render(pf->pid, pf->name, &s);
	if (!err) {
		pf->text = malloc(s.len + 1);
		if (pf->text) {
			memcpy(pf->text, s.buf ? s.buf : "", s.len);
			pf->len = (long)s.len;
		} else {
			err = -ENOMEM;
		}
	}
	seq_buf_free(&s);
	return err;
}

/* The binary files, read at their offset through a page of bounce buffer. */
static ssize_t proc_read_binary(struct proc_file *pf, struct kiocb *iocb,
				struct iov_iter *iter)
{
	char kbuf[PAGE_SIZE];
	ssize_t done = 0;

	while (iov_iter_count(iter)) {
		size_t want = min(iov_iter_count(iter), sizeof(kbuf)), got;
		long r = proc_read_at(pf->pid, pf->name, kbuf, want,
				      (unsigned long)iocb->ki_pos);

		if (r <= 0)
			return done ? done : r;
		got = copy_to_iter(kbuf, (size_t)r, iter);
		iocb->ki_pos += (long long)got;
		done += (ssize_t)got;
		if (got < (size_t)r)
			return done ? done : -EFAULT;
		if ((size_t)r < want)
			break;
	}
	return done;
}

static ssize_t proc_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	struct proc_file *pf = iocb->ki_filp->private_data;
	size_t r, got;
	int err;

	if (pf->pid && !find_task_by_pid(pf->pid))
		return -ESRCH;	/* the task went away */
	if (proc_is_binary(pf->pid, pf->name))
		return proc_read_binary(pf, iocb, iter);
	if (iocb->ki_pos == 0 || !pf->text) {
		err = proc_file_fill(pf);
		if (err)
			return err;
	}
	if (iocb->ki_pos >= pf->len)
		return 0;
	r = min(iov_iter_count(iter), (size_t)(pf->len - iocb->ki_pos));
	got = copy_to_iter(pf->text + iocb->ki_pos, r, iter);
	iocb->ki_pos += (long long)got;
	return got || !r ? (ssize_t)got : -EFAULT;
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
	free(pf->name);
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
	.read_iter = proc_read_iter,
	.llseek = proc_lseek,
	.mmap = proc_mmap,
	.release = proc_release,
};

/**
 * proc_open_special() - the machine's open hook: serve "/proc/..." paths
 * and debugfs's "/sys/kernel/debug/...".
 * Return: 0 with *@filp, -errno, or 1 for a path that is not under /proc.
 */
int proc_open_special(const char *path, int flags,
		      int mode, struct file **filp)
{
	struct mml_machine *m = current_machine();
	struct proc_file *pf;
	struct inode *inode;
	const char *name;
	int pid, err;

	(void)mode;
	/* debugfs's files are machine-wide files, as /proc's are */
	if (strncmp(path, "/proc/", 6) &&
	    strncmp(path, "/sys/kernel/debug/", 18))
		return 1;
	err = proc_lookup(path, &pid, &name);
	if (err)
		return err;
	if (pid && !strcmp(name, "mem") && !(flags & (O_CREAT | O_TRUNC)))
		return proc_mem_open(pid, flags, path, ++m->proc_last_ino, filp);
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))
		return -EACCES;
	pf = calloc(1, sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	pf->pid = pid;
	pf->name = strdup(name);
	if (!pf->name) {
		err = -ENOMEM;
		goto out_free;
	}
	/* Does the file exist?  Text files keep this first rendering. */
	if (proc_is_binary(pid, name))
		err = (int)min(proc_read_at(pid, name, NULL, 0, 0), 0L);
	else
		err = proc_file_fill(pf);
	if (err)
		goto out_free;
	err = -ENOMEM;
	inode = new_inode(0, ++m->proc_last_ino);
	if (inode) {
		/* procfs: 0400 for the binary files, 0444 else (Linux
		 * has a few more 0400 ones: slabinfo, vmallocinfo ...) */
		inode->i_mode = S_IFREG | (proc_is_binary(pid, name) ? 0400 : 0444);
		inode->i_blkbits = 10;
	}
	*filp = inode ? alloc_file(inode, (unsigned int)flags, path, &proc_fops) : NULL;
	if (!*filp)
		goto out_free;
	(*filp)->private_data = pf;
	(*filp)->f_mode |= FMODE_LSEEK | FMODE_PREAD;	/* seq_file: seekable */
	return 0;

out_free:
	free(pf->text);
	free(pf->name);
	free(pf);
	return err;
}
