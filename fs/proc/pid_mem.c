// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/mem (Linux's fs/proc/base.c mem_rw(), mem_lseek()): the
 * task's address space as a file whose offset is the user virtual
 * address.  Reads and writes go through access_process_vm() (Linux's
 * access_remote_vm()) with FOLL_FORCE, as ptrace: a PROT_NONE page reads,
 * a write into a read-only private mapping breaks COW (the file keeps
 * its bytes), a read-only shared mapping refuses the write, a VM_IO or
 * VM_PFNMAP VMA goes through its ->access() (EIO without one).  A page at
 * a time: a transfer stops at the first page that cannot be reached,
 * with the count so far, or EIO when nothing was copied.
 *
 * The ptrace check of the open (mm_access(), PTRACE_MODE_ATTACH): every
 * mmlab task is root with CAP_SYS_PTRACE, so any task may open any
 * task's file.  The file names its task by pid: once the task is gone a
 * transfer gives 0, as Linux's mmget_not_zero() failing does.
 */
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/sched.h>
#include <linux/gup.h>
#include <linux/stat.h>
#include <linux/proc_fs.h>

struct mem_file {
	int pid;
};

static ssize_t mem_rw(struct kiocb *iocb, struct iov_iter *iter, bool write)
{
	struct mem_file *mf = iocb->ki_filp->private_data;
	unsigned long addr = (unsigned long)iocb->ki_pos;
	unsigned int flags = FOLL_FORCE | (write ? FOLL_WRITE : 0);
	struct task_struct *t = find_task_by_pid(mf->pid);
	ssize_t copied = 0;
	char *page;

	if (!t || !t->mm)
		return 0;
	page = malloc(PAGE_SIZE);
	if (!page)
		return -ENOMEM;
	while (iov_iter_count(iter)) {
		size_t len = min(iov_iter_count(iter), (size_t)PAGE_SIZE);
		int got;

		if (write && copy_from_iter(page, len, iter) != len) {
			copied = -EFAULT;
			break;
		}
		got = access_process_vm(t, addr, page, (int)len, flags);
		if (got <= 0) {
			if (!copied)
				copied = -EIO;
			break;
		}
		if (!write && copy_to_iter(page, (size_t)got, iter) != (size_t)got) {
			copied = -EFAULT;
			break;
		}
		addr += (unsigned long)got;
		copied += got;
		if (write && (size_t)got < len)
			break;	/* the rest of this chunk was not written */
	}
	iocb->ki_pos = (long long)addr;
	free(page);
	return copied;
}

static ssize_t mem_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	return mem_rw(iocb, iter, false);
}

static ssize_t mem_write_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	return mem_rw(iocb, iter, true);
}

/* mem_lseek(): SEEK_SET and SEEK_CUR to any position, negative included. */
static long long mem_lseek(struct file *file, long long offset, int whence)
{
	switch (whence) {
	case SEEK_SET:
		file->f_pos = offset;
		break;
	case SEEK_CUR:
		file->f_pos = (long long)((u64)file->f_pos + (u64)offset);
		break;
	default:
		return -EINVAL;
	}
	return file->f_pos;
}

static int mem_release(struct inode *inode, struct file *file)
{
	free(file->private_data);
	return 0;
}

static const struct file_operations proc_mem_fops = {
	.read_iter = mem_read_iter,
	.write_iter = mem_write_iter,
	.llseek = mem_lseek,
	.release = mem_release,
};

/**
 * proc_mem_open() - open /proc/<@pid>/mem with @flags (O_RDONLY, O_WRONLY
 * or O_RDWR), a new inode numbered @ino, the file in *@filp.
 * Return: 0, -ENOENT for a task without an mm, -ENOMEM.
 */
int proc_mem_open(int pid, int flags, const char *path, unsigned long ino,
		  struct file **filp)
{
	struct task_struct *t = find_task_by_pid(pid);
	struct mem_file *mf;
	struct inode *inode;

	if (!t || !t->mm)
		return -ENOENT;
	mf = calloc(1, sizeof(*mf));
	if (!mf)
		return -ENOMEM;
	mf->pid = pid;
	inode = new_inode(0, ino);
	if (inode) {
		inode->i_mode = S_IFREG | 0600;	/* proc_mem_operations' mode */
		inode->i_blkbits = 10;
	}
	*filp = inode ? alloc_file(inode, (unsigned int)flags, path,
				   &proc_mem_fops) : NULL;
	if (!*filp) {
		free(mf);
		return -ENOMEM;
	}
	(*filp)->private_data = mf;
	(*filp)->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE |
			   FMODE_UNSIGNED_OFFSET;
	return 0;
}
