// SPDX-License-Identifier: MIT
/*
 * The raw ABI's file I/O: read, write, pread64, pwrite64, readv, writev,
 * preadv, pwritev and lseek, with their buffers (and iovec arrays) in the
 * task's user memory.
 *
 * Linux's order of checks: the descriptor and its mode (-EBADF, -ESPIPE,
 * -EINVAL) before the buffer, then access_ok() on the buffer (-EFAULT)
 * before the position and count (rw_verify_area(), -EINVAL); a count is
 * clamped to MAX_RW_COUNT.  Data then move a user page at a time through
 * one page of kernel buffer: a fault part-way gives a short count, the
 * file position advances by exactly what reached (or came from) the user,
 * and -EFAULT is returned only when nothing was copied.
 *
 * Where mmlab differs: a file's ->write is given bytes already copied from
 * the user, so writing to /dev/zero from an unmapped buffer fails with
 * -EFAULT (Linux's write_null() never looks at the buffer).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include "api/api.h"

#define UIO_MAXIOV	1024

/* struct iovec as the x86-64 ABI lays it out in user memory. */
struct user_iovec {
	u64 iov_base;
	u64 iov_len;
};

/*
 * Read up to @count bytes of @f at *@ppos into user memory at @ubuf (inside
 * access_ok()), a user page at a time.  Return: bytes copied, or 0 at end
 * of file, or the first chunk's error (-EFAULT if it could not be copied).
 */
static long read_to_user(struct task_struct *t, struct file *f,
			 unsigned long ubuf, unsigned long count,
			 long long *ppos)
{
	u8 kbuf[PAGE_SIZE];
	unsigned long done = 0;
	long long pos = *ppos;
	long ret;

	/* One call even for count 0: a directory answers -EISDIR. */
	do {
		unsigned long a = ubuf + done;
		unsigned long chunk = min(count - done, PAGE_SIZE - (a & ~PAGE_MASK));
		long long before = pos;
		unsigned long left;

		ret = f->f_op->read(f, kbuf, chunk, &pos);
		if (ret <= 0)
			break;
		left = copy_to_user(t, a, kbuf, (unsigned long)ret);
		done += (unsigned long)ret - left;
		if (left) {
			/* The position moves by what the user got (a file that
			 * keeps no position, as /dev/zero, stays put). */
			if (pos - before == ret)
				pos -= (long long)left;
			ret = -EFAULT;
			break;
		}
		if ((unsigned long)ret < chunk)
			break;
	} while (done < count);
	*ppos = pos;
	return done ? (long)done : ret;
}

/* As read_to_user(), the other way: the user's bytes into @f at *@ppos. */
static long write_from_user(struct task_struct *t, struct file *f,
			    unsigned long ubuf, unsigned long count,
			    long long *ppos)
{
	u8 kbuf[PAGE_SIZE];
	unsigned long done = 0;
	long long pos = *ppos;
	long ret;

	do {
		unsigned long a = ubuf + done;
		unsigned long chunk = min(count - done, PAGE_SIZE - (a & ~PAGE_MASK));
		unsigned long left = copy_from_user(t, kbuf, a, chunk);

		if (chunk && left == chunk) {
			ret = -EFAULT;
			break;
		}
		ret = f->f_op->write(f, kbuf, chunk - left, &pos);
		if (ret <= 0)
			break;
		done += (unsigned long)ret;
		if (left || (unsigned long)ret < chunk)
			break;
	} while (done < count);
	*ppos = pos;
	return done ? (long)done : ret;
}

/* vfs_read() with a user buffer. */
static long vfs_read_user(struct task_struct *t, struct file *f,
			  unsigned long ubuf, unsigned long count,
			  long long *ppos)
{
	long ret;

	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	if (!access_ok(ubuf, count))
		return -EFAULT;
	ret = rw_verify_area(*ppos, count);
	if (ret)
		return ret;
	return read_to_user(t, f, ubuf, min(count, (unsigned long)MAX_RW_COUNT), ppos);
}

/* vfs_write() with a user buffer. */
static long vfs_write_user(struct task_struct *t, struct file *f,
			   unsigned long ubuf, unsigned long count,
			   long long *ppos)
{
	long ret;

	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (!access_ok(ubuf, count))
		return -EFAULT;
	ret = rw_verify_area(*ppos, count);
	if (ret)
		return ret;
	return write_from_user(t, f, ubuf, min(count, (unsigned long)MAX_RW_COUNT), ppos);
}

/** sys_read() - read(2): at the file position, which advances by the count. */
long sys_read(struct task_struct *t, int fd, unsigned long ubuf,
	      unsigned long count)
{
	struct file *f = fget(t, fd);

	return f ? vfs_read_user(t, f, ubuf, count, &f->f_pos) : -EBADF;
}

/** sys_write() - write(2): at the file position, which advances. */
long sys_write(struct task_struct *t, int fd, unsigned long ubuf,
	       unsigned long count)
{
	struct file *f = fget(t, fd);

	return f ? vfs_write_user(t, f, ubuf, count, &f->f_pos) : -EBADF;
}

/** sys_pread64() - pread64(2): at @pos; the file position is not used. */
long sys_pread64(struct task_struct *t, int fd, unsigned long ubuf,
		 unsigned long count, long long pos)
{
	struct file *f;

	if (pos < 0)
		return -EINVAL;
	f = fget(t, fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_PREAD))
		return -ESPIPE;
	return vfs_read_user(t, f, ubuf, count, &pos);
}

/** sys_pwrite64() - pwrite64(2): at @pos (O_APPEND appends regardless). */
long sys_pwrite64(struct task_struct *t, int fd, unsigned long ubuf,
		  unsigned long count, long long pos)
{
	struct file *f;

	if (pos < 0)
		return -EINVAL;
	f = fget(t, fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_PWRITE))
		return -ESPIPE;
	return vfs_write_user(t, f, ubuf, count, &pos);
}

/*
 * import_iovec(): copy @nr_segs iovecs from user address @uvec into @iov,
 * as Linux does: more than UIO_MAXIOV is -EINVAL, an unreadable array
 * -EFAULT, a length negative as ssize_t -EINVAL (all lengths are checked
 * before any base), a segment outside the user address space -EFAULT, and
 * the lengths are clamped so that their total stays within MAX_RW_COUNT.
 * Return: the total length, or -errno.
 */
static long import_iovec(struct task_struct *t, unsigned long uvec,
			 unsigned long nr_segs, struct user_iovec *iov)
{
	unsigned long seg, total = 0;

	if (!nr_segs)
		return 0;
	if (nr_segs > UIO_MAXIOV)
		return -EINVAL;
	if (copy_from_user(t, iov, uvec, nr_segs * sizeof(*iov)))
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

/*
 * vfs_readv()/vfs_writev() with user iovecs: the segments in order, each a
 * user page at a time; a short or failed segment ends the call, which then
 * returns what was done before it, if anything.
 */
static long vfs_iter_user(struct task_struct *t, struct file *f,
			  unsigned long uvec, unsigned long nr_segs,
			  long long *ppos, bool write)
{
	struct user_iovec iov[UIO_MAXIOV];
	unsigned long seg, done = 0;
	long total, ret = 0;

	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (!f->f_op || (write ? !f->f_op->write : !f->f_op->read))
		return -EINVAL;
	total = import_iovec(t, uvec, nr_segs, iov);
	if (total <= 0)
		return total;
	ret = rw_verify_area(*ppos, (unsigned long)total);
	if (ret)
		return ret;
	for (seg = 0; seg < nr_segs; seg++) {
		unsigned long len = iov[seg].iov_len;

		if (!len)
			continue;
		ret = write ? write_from_user(t, f, iov[seg].iov_base, len, ppos)
			    : read_to_user(t, f, iov[seg].iov_base, len, ppos);
		if (ret <= 0)
			break;
		done += (unsigned long)ret;
		if ((unsigned long)ret < len)
			break;
	}
	return done ? (long)done : ret;
}

/** sys_readv() - readv(2) at the file position. */
long sys_readv(struct task_struct *t, int fd, unsigned long uvec,
	       unsigned long nr_segs)
{
	struct file *f = fget(t, fd);

	return f ? vfs_iter_user(t, f, uvec, nr_segs, &f->f_pos, false) : -EBADF;
}

/** sys_writev() - writev(2) at the file position. */
long sys_writev(struct task_struct *t, int fd, unsigned long uvec,
		unsigned long nr_segs)
{
	struct file *f = fget(t, fd);

	return f ? vfs_iter_user(t, f, uvec, nr_segs, &f->f_pos, true) : -EBADF;
}

/**
 * sys_preadv() - preadv(2)/pwritev(2) (@write) at @pos.  On x86-64 the
 * position is the low word alone (pos_from_hilo() shifts the high word
 * out).
 */
long sys_preadv(struct task_struct *t, int fd, unsigned long uvec,
		unsigned long nr_segs, long long pos, bool write)
{
	struct file *f;

	if (pos < 0)
		return -EINVAL;
	f = fget(t, fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & (write ? FMODE_PWRITE : FMODE_PREAD)))
		return -ESPIPE;
	return vfs_iter_user(t, f, uvec, nr_segs, &pos, write);
}

/**
 * sys_lseek() - lseek(2): the file's ->llseek, if it has one (-ESPIPE if
 * not), for whence up to SEEK_MAX (-EINVAL beyond).
 * Return: the new position or -errno.
 */
long sys_lseek(struct task_struct *t, int fd, long long offset,
	       unsigned int whence)
{
	struct file *f = fget(t, fd);

	if (!f)
		return -EBADF;
	if (whence > SEEK_MAX)
		return -EINVAL;
	return vfs_llseek(f, offset, (int)whence);
}
