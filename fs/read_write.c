// SPDX-License-Identifier: MIT
/*
 * vfs_read() and vfs_write() (fs/read_write.c in Linux): the checks every
 * read and write makes, then the file's ->read/->write with the user's
 * pointer as it is, or its ->read_iter/->write_iter over an iov_iter.
 * kernel_read()/kernel_write() are the kernel's own, with host buffers.
 *
 * Linux's order of checks: the mode (-EBADF), an operation to call
 * (-EINVAL), access_ok() on the buffer (-EFAULT), the position and count
 * (rw_verify_area(), -EINVAL); a count is clamped to MAX_RW_COUNT.
 *
 * And the system calls over them: read, write, pread64, pwrite64, readv,
 * writev, preadv, pwritev and lseek, with their buffers (and iovec
 * arrays) in the task's user memory.  The user pointers go to
 * vfs_read()/vfs_write() as they are: the file's ->read/->write or
 * ->read_iter/->write_iter reach the user's memory themselves, so a fault
 * part-way gives a short count, the file position advances by exactly
 * what moved, and -EFAULT comes back only when nothing was copied; a file
 * that never looks at the buffer (/dev/null, /dev/zero's write) takes an
 * unmapped one, as in Linux.
 */
#include <linux/kernel.h>
#include <linux/syscalls.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#define UIO_MAXIOV	1024
#define HALF_LONG_BITS	(sizeof(long) * 4)

/*
 * new_sync_read()/new_sync_write(): ->read_iter/->write_iter over @iter,
 * the position stored back (it moved by what was actually copied).
 */
static ssize_t sync_iter(struct file *f, struct iov_iter *iter, long long *pos)
{
	struct kiocb kiocb;
	ssize_t ret;

	init_sync_kiocb(&kiocb, f);
	kiocb.ki_pos = pos ? *pos : 0;
	ret = iter->data_source ? f->f_op->write_iter(&kiocb, iter) :
				  f->f_op->read_iter(&kiocb, iter);
	if (pos)
		*pos = kiocb.ki_pos;
	return ret;
}

static bool can_read(const struct file *f)
{
	return f->f_op && (f->f_op->read || f->f_op->read_iter);
}

static bool can_write(const struct file *f)
{
	return f->f_op && (f->f_op->write || f->f_op->write_iter);
}

/** vfs_read() - see linux/fs.h. */
ssize_t vfs_read(struct file *f, char __user *buf, size_t n, long long *pos)
{
	struct iov_iter iter;
	long err;

	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!can_read(f))
		return -EINVAL;
	if (!access_ok((unsigned long)buf, n))
		return -EFAULT;
	err = rw_verify_area(*pos, n);
	if (err)
		return err;
	n = min(n, (size_t)MAX_RW_COUNT);
	if (f->f_op->read)
		return f->f_op->read(f, buf, n, pos);
	iov_iter_ubuf(&iter, ITER_DEST, buf, n);
	return sync_iter(f, &iter, pos);
}

/** vfs_write() - see linux/fs.h. */
ssize_t vfs_write(struct file *f, const char __user *buf, size_t n,
		  long long *pos)
{
	struct iov_iter iter;
	long err;

	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!can_write(f))
		return -EINVAL;
	if (!access_ok((unsigned long)buf, n))
		return -EFAULT;
	err = rw_verify_area(*pos, n);
	if (err)
		return err;
	n = min(n, (size_t)MAX_RW_COUNT);
	if (f->f_op->write)
		return f->f_op->write(f, buf, n, pos);
	iov_iter_ubuf(&iter, ITER_SOURCE, (void __user *)buf, n);
	return sync_iter(f, &iter, pos);
}

/*
 * kernel_read()/kernel_write(): as vfs_read() with a kernel buffer, so
 * only ->read_iter will do (Linux's __kernel_read() refuses the rest).
 */
static ssize_t kernel_rw(struct file *f, void *buf, size_t n, long long *pos,
			 bool write)
{
	struct kvec kv = { .iov_base = buf, .iov_len = n };
	struct iov_iter iter;
	long err;

	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (!(write ? can_write(f) : can_read(f)))
		return -EINVAL;
	if (!buf && n)
		return -EFAULT;
	err = rw_verify_area(*pos, n);
	if (err)
		return err;
	if (write ? !f->f_op->write_iter : !f->f_op->read_iter)
		return -EINVAL;
	kv.iov_len = min(n, (size_t)MAX_RW_COUNT);
	iov_iter_kvec(&iter, write ? ITER_SOURCE : ITER_DEST, &kv, 1, kv.iov_len);
	return sync_iter(f, &iter, pos);
}

/** kernel_read() - see linux/fs.h. */
ssize_t kernel_read(struct file *f, void *buf, size_t n, long long *pos)
{
	return kernel_rw(f, buf, n, pos, false);
}

/** kernel_write() - see linux/fs.h. */
ssize_t kernel_write(struct file *f, const void *buf, size_t n, long long *pos)
{
	return kernel_rw(f, (void *)buf, n, pos, true);
}

/**
 * vfs_iter_rw() - readv(2)/writev(2) over user segments @iter (imported,
 * checked, clamped): ->read_iter/->write_iter with all of them, or else
 * ->read/->write once per segment until one comes back short (Linux's
 * do_loop_readv_writev()).  Return: bytes moved, or the first error.
 */
ssize_t vfs_iter_rw(struct file *f, struct iov_iter *iter, long long *pos)
{
	bool write = iter->data_source;
	ssize_t ret = 0, done = 0;
	unsigned long seg;
	long err;

	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (!(write ? can_write(f) : can_read(f)))
		return -EINVAL;
	if (!iov_iter_count(iter))
		return 0;
	err = rw_verify_area(*pos, iov_iter_count(iter));
	if (err)
		return err;
	if (write ? f->f_op->write_iter : f->f_op->read_iter)
		return sync_iter(f, iter, pos);
	for (seg = 0; seg < iter->nr_segs && iov_iter_count(iter); seg++) {
		unsigned long base = iter->__iov[seg].iov_base;
		size_t len = min((size_t)iter->__iov[seg].iov_len,
				 iov_iter_count(iter));

		if (!len)
			continue;
		ret = write ? f->f_op->write(f, (const char __user *)base, len, pos) :
			      f->f_op->read(f, (char __user *)base, len, pos);
		if (ret < 0)
			break;
		done += ret;
		iter->count -= (size_t)ret;
		if ((size_t)ret < len)
			break;
	}
	return done ? done : ret;
}

/* read(2): at the file position, which advances by the count. */
SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	struct file *f = fget(fd);

	return f ? vfs_read(f, buf, count, &f->f_pos) : -EBADF;
}

/* write(2): at the file position, which advances. */
SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
		size_t, count)
{
	struct file *f = fget(fd);

	return f ? vfs_write(f, buf, count, &f->f_pos) : -EBADF;
}

/* pread64(2): at @pos; the file position is not used. */
SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf,
		size_t, count, long long, pos)
{
	struct file *f;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_PREAD))
		return -ESPIPE;
	return vfs_read(f, buf, count, &pos);
}

/* pwrite64(2): at @pos (O_APPEND appends regardless). */
SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char __user *, buf,
		size_t, count, long long, pos)
{
	struct file *f;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_PWRITE))
		return -ESPIPE;
	return vfs_write(f, buf, count, &pos);
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

/* readv(2) at the file position. */
SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	struct file *f = fget((unsigned int)fd);

	return f ? vfs_iter_user(f, (unsigned long)vec, vlen, &f->f_pos, false) :
		   -EBADF;
}

/* writev(2) at the file position. */
SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	struct file *f = fget((unsigned int)fd);

	return f ? vfs_iter_user(f, (unsigned long)vec, vlen, &f->f_pos, true) :
		   -EBADF;
}

/* do_preadv()/do_pwritev() in one: preadv(2)/pwritev(2) (@write) at @pos. */
static long do_preadv_write(unsigned long fd, unsigned long uvec,
			    unsigned long nr_segs, long long pos, bool write)
{
	struct file *f;

	if (pos < 0)
		return -EINVAL;
	f = fget((unsigned int)fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & (write ? FMODE_PWRITE : FMODE_PREAD)))
		return -ESPIPE;
	return vfs_iter_user(f, uvec, nr_segs, &pos, write);
}

/*
 * pos_from_hilo(): the position preadv(2) and pwritev(2) take in two
 * registers.  On a 64-bit ABI the low one holds all of it (the high one
 * is shifted out in two halves, so no shift is by the word's width).
 */
static long long pos_from_hilo(unsigned long high, unsigned long low)
{
	return (long long)((((unsigned long long)high << HALF_LONG_BITS)
			    << HALF_LONG_BITS) | low);
}

SYSCALL_DEFINE5(preadv, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h)
{
	return do_preadv_write(fd, (unsigned long)vec, vlen,
			       pos_from_hilo(pos_h, pos_l), false);
}

SYSCALL_DEFINE5(pwritev, unsigned long, fd, const struct iovec __user *, vec,
		unsigned long, vlen, unsigned long, pos_l, unsigned long, pos_h)
{
	return do_preadv_write(fd, (unsigned long)vec, vlen,
			       pos_from_hilo(pos_h, pos_l), true);
}

/*
 * lseek(2): the file's ->llseek, if it has one (-ESPIPE if not), for
 * whence up to SEEK_MAX (-EINVAL beyond).
 * Return: the new position or -errno.
 */
SYSCALL_DEFINE3(lseek, unsigned int, fd, long, offset, unsigned int, whence)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (whence > SEEK_MAX)
		return -EINVAL;
	return vfs_llseek(f, offset, (int)whence);
}
