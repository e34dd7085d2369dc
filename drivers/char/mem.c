// SPDX-License-Identifier: MIT
/*
 * /dev/zero (drivers/char/mem.c in Linux): reads give zeros, writes are
 * discarded, a private mapping is plain anonymous memory and a shared one
 * is a shmem object ("/dev/zero (deleted)" in maps).
 *
 * /dev/zero exists inside every machine whatever its root; its inode
 * carries the host's /dev/zero identity so that, under root "/", opening
 * it through the host path gives the same inode.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/stat.h>
#include "hw/hostfs.h"

/* read(2) of /dev/zero: zeros into the user's buffer, a short count on a fault. */
static ssize_t read_zero(struct file *file, char __user *buf, size_t n,
			 long long *pos)
{
	struct iov_iter iter;
	size_t done;

	iov_iter_ubuf(&iter, ITER_DEST, buf, n);
	done = iov_iter_zero(n, &iter);
	return done || !n ? (ssize_t)done : -EFAULT;
}

static ssize_t read_iter_zero(struct kiocb *iocb, struct iov_iter *iter)
{
	size_t n = iov_iter_count(iter), done = iov_iter_zero(n, iter);

	return done || !n ? (ssize_t)done : -EFAULT;
}

/* Writes to /dev/null and /dev/zero never look at the buffer. */
static ssize_t write_null(struct file *file, const char __user *buf, size_t n,
			  long long *pos)
{
	return (ssize_t)n;
}

static ssize_t write_iter_null(struct kiocb *iocb, struct iov_iter *iter)
{
	size_t n = iov_iter_count(iter);

	iov_iter_advance(iter, n);
	return (ssize_t)n;
}

/* Seeking /dev/zero always lands at 0, as Linux's null_lseek(). */
static long long null_lseek(struct file *file, long long offset, int whence)
{
	return file->f_pos = 0;
}

static int mmap_zero(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_SHARED)
		return shmem_zero_setup(vma);
	/* vma_set_anonymous(): the VMA keeps its file, for maps' name. */
	vma->vm_ops = NULL;
	return 0;
}

const struct file_operations zero_fops = {
	.llseek = null_lseek,
	.read = read_zero,
	.write = write_null,
	.read_iter = read_iter_zero,
	.write_iter = write_iter_null,
	.mmap = mmap_zero,
};

/**
 * zero_inode_get() - the machine's /dev/zero inode, made on first use.
 * Return: it with a new reference, or NULL when out of memory.
 */
struct inode *zero_inode_get(void)
{
	struct hostfs_stat st;
	u64 dev = MKDEV(0, 5), ino = 4;	/* devtmpfs's usual numbers */
	struct inode *inode;

	if (!hostfs_stat("/dev/zero", &st) && S_ISCHR(st.mode)) {
		dev = MKDEV(st.dev_major, st.dev_minor);
		ino = st.ino;
	}
	inode = inode_get(dev, ino);
	if (inode)
		return inode;
	inode = new_inode(dev, ino);
	if (!inode)
		return NULL;
	inode->i_rdev = MKDEV(1, 5);
	inode->i_mode = S_IFCHR | 0666;
	inode->i_fop = &zero_fops;
	return inode;
}
