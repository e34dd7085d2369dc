// SPDX-License-Identifier: MIT
/*
 * I/O on a host-backed file that bypasses the page cache, as the swap code
 * needs it: Linux maps a swap file's blocks at swapon (bmap, iomap) and
 * sends bios to the device under it; mmlab reads and writes the file's
 * host descriptor at the slot's offset.  Also the attributes swapon
 * checks (size, allocated blocks).
 */
#include <linux/kernel.h>
#include <linux/fs.h>
#include "hw/hostfs.h"

static int direct_fd(struct file *f, bool write)
{
	struct inode *inode = f->f_inode;

	if (inode->host_fd < 0 || (write && !inode->host_writable))
		return -EBADF;
	return inode->host_fd;
}

/** kernel_read_direct() - @n bytes at @pos of @f into @buf.  Return: bytes or -errno. */
long kernel_read_direct(struct file *f, void *buf, unsigned long n, long long pos)
{
	int fd = direct_fd(f, false);

	return fd < 0 ? fd : hostfs_pread(fd, buf, n, pos);
}

/** kernel_write_direct() - @n bytes of @buf to @f at @pos.  Return: bytes or -errno. */
long kernel_write_direct(struct file *f, const void *buf, unsigned long n,
			 long long pos)
{
	int fd = direct_fd(f, true);

	return fd < 0 ? fd : hostfs_pwrite(fd, buf, n, pos);
}

/**
 * vfs_getattr_blocks() - @f's size in bytes and the 512-byte blocks the
 * file system allocated to it (fewer than the size needs: holes).
 */
int vfs_getattr_blocks(struct file *f, long long *size, long long *blocks)
{
	struct hostfs_stat st;
	int fd = direct_fd(f, false), err;

	if (fd < 0)
		return fd;
	err = hostfs_fstat(fd, &st);
	if (err)
		return err;
	*size = st.size;
	*blocks = st.blocks;
	return 0;
}
