// SPDX-License-Identifier: MIT
/*
 * The memory devices, major 1 (drivers/char/mem.c in Linux): /dev/null
 * and /dev/zero.  /dev/zero's reads give zeros, its writes are discarded,
 * a private mapping is plain anonymous memory and a shared one is a shmem
 * object ("/dev/zero (deleted)" in maps).  /dev/null reads as empty.
 *
 * chr_dev_init() registers major 1 as "mem" with memory_open() as its
 * ->open, which picks the minor's operations from devlist[], and makes a
 * "mem" class device (a devtmpfs node) per minor: adding a device is one
 * line of devlist[].  The nodes exist inside every machine whatever its
 * root (devtmpfs gives them the host's identity where it has the same
 * device, so that under root "/" both paths open one inode).
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/stat.h>
#include <linux/machine.h>
#include <linux/cdev.h>
#include <linux/device.h>

#define MEM_MAJOR	1

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

static const struct file_operations zero_fops = {
	.llseek = null_lseek,
	.read = read_zero,
	.write = write_null,
	.read_iter = read_iter_zero,
	.write_iter = write_iter_null,
	.mmap = mmap_zero,
};

static ssize_t read_null(struct file *file, char __user *buf, size_t n,
			 long long *pos)
{
	return 0;
}

static ssize_t read_iter_null(struct kiocb *iocb, struct iov_iter *iter)
{
	return 0;
}

static const struct file_operations null_fops = {
	.llseek = null_lseek,
	.read = read_null,
	.write = write_null,
	.read_iter = read_iter_null,
	.write_iter = write_iter_null,
};

static const struct memdev {
	const char *name;
	unsigned short mode;
	const struct file_operations *fops;
} devlist[] = {
	[3] = { "null", 0666, &null_fops },
	[5] = { "zero", 0666, &zero_fops },
};

/* ->open of major 1: the minor's own operations, then their ->open. */
static int memory_open(struct inode *inode, struct file *filp)
{
	unsigned int minor = MINOR(inode->i_rdev);
	const struct memdev *dev;

	if (minor >= ARRAY_SIZE(devlist) || !devlist[minor].fops)
		return -ENXIO;
	dev = &devlist[minor];
	filp->f_op = dev->fops;
	return dev->fops->open ? dev->fops->open(inode, filp) : 0;
}

static const struct file_operations memory_fops = {
	.open = memory_open,
	.llseek = noop_llseek,
};

static char *mem_devnode(const struct device *dev, unsigned short *mode)
{
	unsigned int minor = MINOR(dev->devt);

	if (mode && minor < ARRAY_SIZE(devlist) && devlist[minor].mode)
		*mode = devlist[minor].mode;
	return NULL;
}

/**
 * chr_dev_init() - register major 1 and make a node per devlist[] entry.
 * Return: 0 or -ENOMEM.
 */
int chr_dev_init(void)
{
	struct mml_machine *m = current_machine();
	unsigned int minor;
	int err;

	err = register_chrdev(MEM_MAJOR, "mem", &memory_fops);
	if (err)
		return err;
	m->mem_class = class_create("mem");
	if (IS_ERR(m->mem_class)) {
		err = (int)PTR_ERR(m->mem_class);
		m->mem_class = NULL;
		return err;
	}
	m->mem_class->devnode = mem_devnode;
	for (minor = 1; minor < ARRAY_SIZE(devlist); minor++) {
		struct device *dev;

		if (!devlist[minor].name)
			continue;
		dev = device_create(m->mem_class, NULL, MKDEV(MEM_MAJOR, minor),
				    NULL, "%s", devlist[minor].name);
		if (IS_ERR(dev))
			return (int)PTR_ERR(dev);
	}
	return 0;
}
