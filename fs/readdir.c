// SPDX-License-Identifier: MIT
/*
 * Reading directories (Linux: fs/readdir.c): iterate_dir() runs the
 * file's ->iterate_shared() from its position, and getdents64(2) fills
 * the user's buffer with struct linux_dirent64 records through its actor,
 * filldir64(), a whole record or none: a record that does not fit ends
 * the call (-EINVAL if it is the first), one that faults too (-EFAULT if
 * it is the first).  Each record's d_off is the position after it, which
 * lseek(2) takes back.
 */
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/dirent.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

int iterate_dir(struct file *file, struct dir_context *ctx)
{
	int res;

	if (!file->f_op || !file->f_op->iterate_shared)
		return -ENOTDIR;
	ctx->pos = file->f_pos;
	res = file->f_op->iterate_shared(file, ctx);
	file->f_pos = ctx->pos;
	return res;
}

/* A name no file system should give: empty, too long, or with a '/'. */
static int verify_dirent_name(const char *name, int len)
{
	if (len <= 0 || len >= PATH_MAX)
		return -EIO;
	if (memchr(name, '/', (size_t)len))
		return -EIO;
	return 0;
}

struct getdents_callback64 {
	struct dir_context ctx;
	char __user *current_dir;	/* where the next record goes */
	int prev_reclen;		/* the last record written, 0: none */
	unsigned int count;		/* room left */
	int error;
};

/*
 * filldir64(): write one record.  As Linux's, the previous record's d_off
 * is set to this entry's position first, the record's fields and name
 * (with its NUL; the padding after it is not written) after.
 */
static bool filldir64(struct dir_context *ctx, const char *name, int namlen,
		      long long offset, u64 ino, unsigned int d_type)
{
	struct getdents_callback64 *buf =
		container_of(ctx, struct getdents_callback64, ctx);
	size_t head = offsetof(struct linux_dirent64, d_name);
	int reclen = (int)ALIGN(head + (size_t)namlen + 1, sizeof(u64));
	struct linux_dirent64 rec;
	char __user *dirent = buf->current_dir;
	s64 d_off = offset;

	buf->error = verify_dirent_name(name, namlen);
	if (buf->error)
		return false;
	buf->error = -EINVAL;		/* the record does not fit */
	if ((unsigned int)reclen > buf->count)
		return false;
	if (buf->prev_reclen &&
	    copy_to_user(dirent - buf->prev_reclen +
			 offsetof(struct linux_dirent64, d_off),
			 &d_off, sizeof(d_off)))
		goto efault;
	memset(&rec, 0, sizeof(rec));
	rec.d_ino = ino;
	rec.d_off = offset;
	rec.d_reclen = (unsigned short)reclen;
	rec.d_type = (unsigned char)d_type;
	if (copy_to_user(dirent, &rec, head) ||
	    copy_to_user(dirent + head, name, (size_t)namlen) ||
	    copy_to_user(dirent + head + namlen, "", 1))
		goto efault;
	buf->error = 0;
	buf->prev_reclen = reclen;
	buf->current_dir = dirent + reclen;
	buf->count -= (unsigned int)reclen;
	return true;
efault:
	buf->error = -EFAULT;
	return false;
}

/*
 * getdents64(2): the entries of directory @fd from its position into
 * @dirent, @count bytes.  Return: the bytes written (0 at the end);
 * -EBADF; -ENOTDIR for a file that is not a directory; -EINVAL when not
 * even one record fits; -EFAULT when the first one cannot be written;
 * -ENOMEM, or the host's error.
 */
SYSCALL_DEFINE3(getdents64, unsigned int, fd,
		struct linux_dirent64 __user *, dirent, unsigned int, count)
{
	struct getdents_callback64 buf = {
		.ctx.actor = filldir64,
		.count = count,
		.current_dir = (char __user *)dirent,
	};
	struct file *f = fget(fd);
	s64 d_off;
	int error;

	if (!f)
		return -EBADF;
	error = iterate_dir(f, &buf.ctx);
	if (error >= 0)
		error = buf.error;
	if (buf.prev_reclen) {
		d_off = buf.ctx.pos;
		if (copy_to_user(buf.current_dir - buf.prev_reclen +
				 offsetof(struct linux_dirent64, d_off),
				 &d_off, sizeof(d_off)))
			error = -EFAULT;
		else
			error = (int)(count - buf.count);
	}
	return error;
}
