// SPDX-License-Identifier: MIT
/*
 * The raw ABI's file I/O: read, write, pread64, pwrite64, readv, writev,
 * preadv, pwritev and lseek, with their buffers (and iovec arrays) in the
 * task's user memory.  The user pointers go to vfs_read()/vfs_write()
 * (fs/read_write.c) as they are: the file's ->read/->write or
 * ->read_iter/->write_iter reach the user's memory themselves, so a fault
 * part-way gives a short count, the file position advances by exactly
 * what moved, and -EFAULT comes back only when nothing was copied; a file
 * that never looks at the buffer (/dev/null, /dev/zero's write) takes an
 * unmapped one, as in Linux.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include "api/api.h"

#define UIO_MAXIOV	1024

static long vfs_read_user(struct file *f,
			  unsigned long ubuf, unsigned long count,
			  long long *ppos)
{
	return vfs_read(f, (char __user *)ubuf, count, ppos);
}

static long vfs_write_user(struct file *f,
			   unsigned long ubuf, unsigned long count,
			   long long *ppos)
{
	return vfs_write(f, (const char __user *)ubuf, count, ppos);
}

/** sys_read() - read(2): at the file position, which advances by the count. */
long sys_read(int fd, unsigned long ubuf,
	      unsigned long count)
{
	struct file *f = fget(fd);

	return f ? vfs_read_user(f, ubuf, count, &f->f_pos) : -EBADF;
}

/** sys_write() - write(2): at the file position, which advances. */
long sys_write(int fd, unsigned long ubuf,
	       unsigned long count)
{
	struct file *f = fget(fd);

	return f ? vfs_write_user(f, ubuf, count, &f->f_pos) : -EBADF;
}

/** sys_pread64() - pread64(2): at @pos; the file position is not used. */
long sys_pread64(int fd, unsigned long ubuf,
		 unsigned long count, long long pos)
{
	struct file *f;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_PREAD))
		return -ESPIPE;
	return vfs_read_user(f, ubuf, count, &pos);
}

/** sys_pwrite64() - pwrite64(2): at @pos (O_APPEND appends regardless). */
long sys_pwrite64(int fd, unsigned long ubuf,
		  unsigned long count, long long pos)
{
	struct file *f;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_PWRITE))
		return -ESPIPE;
	return vfs_write_user(f, ubuf, count, &pos);
}

/*
 * import_iovec(): copy @nr_segs iovecs from user address @uvec into @iov,
 * as Linux does: more than UIO_MAXIOV is -EINVAL, an unreadable array
 * -EFAULT, a length negative as ssize_t -EINVAL (all lengths are checked
 * before any base), a segment outside the user address space -EFAULT, and
 * the lengths are clamped so that their total stays within MAX_RW_COUNT.
 * Return: the total length, or -errno.
 */
static long import_iovec(unsigned long uvec,
			 unsigned long nr_segs, struct iovec *iov)
{
	unsigned long seg, total = 0;

	if (!nr_segs)
		return 0;
	if (nr_segs > UIO_MAXIOV)
		return -EINVAL;
	if (copy_from_user(iov, (const void __user *)uvec,
			   nr_segs * sizeof(*iov)))
		return -EFAULT;
	for (seg = 0; seg < nr_segs; seg++)
		if ((long)iov[seg].iov_len < 0)
			return -EINVAL;
	for (seg = 0; seg < nr_segs; seg++) {
		if (!access_ok(iov[seg].iov_base, iov[seg].iov_len))
			return -EFAULT;
		if (iov[seg].iov_len > MAX_RW_COUNT - total)
			iov[seg].iov_len = MAX_RW_COUNT - total;
		total += iov[seg].iov_len;
	}
	return (long)total;
}

/* vfs_readv()/vfs_writev() with user iovecs: vfs_iter_rw() over them. */
static long vfs_iter_user(struct file *f,
			  unsigned long uvec, unsigned long nr_segs,
			  long long *ppos, bool write)
{
	struct iovec iov[UIO_MAXIOV];
	struct iov_iter iter;
	long total;

	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (!f->f_op || (write ? !f->f_op->write && !f->f_op->write_iter :
				 !f->f_op->read && !f->f_op->read_iter))
		return -EINVAL;
	total = import_iovec(uvec, nr_segs, iov);
	if (total <= 0)
		return total;
	iov_iter_init(&iter, write ? ITER_SOURCE : ITER_DEST, iov, nr_segs,
		      (size_t)total);
	return vfs_iter_rw(f, &iter, ppos);
}

/** sys_readv() - readv(2) at the file position. */
long sys_readv(int fd, unsigned long uvec,
	       unsigned long nr_segs)
{
	struct file *f = fget(fd);

	return f ? vfs_iter_user(f, uvec, nr_segs, &f->f_pos, false) : -EBADF;
}

/** sys_writev() - writev(2) at the file position. */
long sys_writev(int fd, unsigned long uvec,
		unsigned long nr_segs)
{
	struct file *f = fget(fd);

	return f ? vfs_iter_user(f, uvec, nr_segs, &f->f_pos, true) : -EBADF;
}

/**
 * sys_preadv() - preadv(2)/pwritev(2) (@write) at @pos.  On x86-64 the
 * position is the low word alone (pos_from_hilo() shifts the high word
 * out).
 */
long sys_preadv(int fd, unsigned long uvec,
		unsigned long nr_segs, long long pos, bool write)
{
	struct file *f;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & (write ? FMODE_PWRITE : FMODE_PREAD)))
		return -ESPIPE;
	return vfs_iter_user(f, uvec, nr_segs, &pos, write);
}

/**
 * sys_lseek() - lseek(2): the file's ->llseek, if it has one (-ESPIPE if
 * not), for whence up to SEEK_MAX (-EINVAL beyond).
 * Return: the new position or -errno.
 */
long sys_lseek(int fd, long long offset,
	       unsigned int whence)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (whence > SEEK_MAX)
		return -EINVAL;
	return vfs_llseek(f, offset, (int)whence);
}
