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
 */
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

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
