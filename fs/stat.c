// SPDX-License-Identifier: MIT
/*
 * stat(2), lstat(2), fstat(2) and newfstatat(2) into the architecture's
 * struct stat (asm/abi.h) in user memory.  A host file answers with the host's fstat() (its size
 * replaced by the page cache's i_size, which is ahead of the host file
 * until writeback); the machine's own files (/dev/zero, /proc, shared
 * anonymous memory) answer from their inode.
 *
 * A path is looked up by opening it O_PATH (O_NOFOLLOW for lstat), so the
 * lookup briefly takes a descriptor: with the table full, stat() fails
 * with -EMFILE where Linux would not.  Relative paths under a directory
 * descriptor are -ENOSYS (mmlab has no directory descriptors yet).
 */
#include <limits.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/sched.h>
#include <linux/stat.h>
#include <linux/uaccess.h>
#include <asm/abi.h>
#include "hw/hostfs.h"

#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000
#define AT_STATX_SYNC_TYPE	0x6000

/* vfs_getattr() and cp_new_stat() in one: @f's attributes as the ABI has them. */
static int file_getattr(struct file *f, struct user_stat *us)
{
	struct inode *inode = f->f_inode;
	struct hostfs_stat st;
	int err;

	memset(us, 0, sizeof(*us));
	if (inode->host_fd >= 0) {
		err = hostfs_fstat(inode->host_fd, &st);
		if (err)
			return err;
		us->st_dev = new_encode_dev(MKDEV(st.dev_major, st.dev_minor));
		us->st_ino = st.ino;
		us->st_nlink = st.nlink;
		us->st_mode = st.mode;
		us->st_uid = st.uid;
		us->st_gid = st.gid;
		us->st_rdev = new_encode_dev(MKDEV(st.rdev_major, st.rdev_minor));
		us->st_size = S_ISREG(st.mode) ? (s64)inode->i_size : st.size;
		us->st_blksize = st.blksize;
		us->st_blocks = st.blocks;
		us->st_atime_sec = (u64)st.atime.sec;
		us->st_atime_nsec = (u64)st.atime.nsec;
		us->st_mtime_sec = (u64)st.mtime.sec;
		us->st_mtime_nsec = (u64)st.mtime.nsec;
		us->st_ctime_sec = (u64)st.ctime.sec;
		us->st_ctime_nsec = (u64)st.ctime.nsec;
		return 0;
	}
	us->st_dev = new_encode_dev(inode->i_dev);
	us->st_ino = inode->i_ino;
	us->st_nlink = 1;
	us->st_mode = inode->i_mode;
	us->st_rdev = new_encode_dev(inode->i_rdev);
	us->st_size = (s64)inode->i_size;
	us->st_blksize = inode->i_blkbits ? 1L << inode->i_blkbits : (s64)PAGE_SIZE;
	return 0;
}

static long stat_to_user(struct file *f, unsigned long ubuf)
{
	struct user_stat us;
	int err = file_getattr(f, &us);

	if (err)
		return err;
	return copy_to_user((void __user *)ubuf, &us, sizeof(us)) ? -EFAULT : 0;
}

/**
 * sys_newfstat() - fstat(2) of descriptor @fd (O_PATH ones too) into the
 * user's struct stat at @ubuf.
 * Return: 0, -EBADF, -EFAULT, or the host's error.
 */
long sys_newfstat(int fd, unsigned long ubuf)
{
	struct file *f = fget_raw(fd);

	return f ? stat_to_user(f, ubuf) : -EBADF;
}

/**
 * sys_newfstatat() - newfstatat(2): the path at user address @upath
 * (under @dirfd: AT_FDCWD, or any for an absolute path; AT_EMPTY_PATH with
 * an empty path stats @dirfd itself), into the struct stat at @ubuf.
 * stat(2) is (AT_FDCWD, path, buf, 0), lstat(2) adds AT_SYMLINK_NOFOLLOW.
 * Return: 0, or -EFAULT, -ENOENT, -ENAMETOOLONG, -EINVAL (unknown flags),
 * -ENOSYS (relative path under a directory descriptor), the lookup's error.
 * Unknown flags are refused before the path is read, as Linux 6.18 does.
 */
long sys_newfstatat(int dirfd, unsigned long upath,
		    unsigned long ubuf, int flags)
{
	char name[PATH_MAX];
	struct file *f;
	long len, fd, ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	len = getname(upath, name, flags & AT_EMPTY_PATH);
	if (len < 0)
		return len;
	if (!len && dirfd != AT_FDCWD)
		return sys_newfstat(dirfd, ubuf);
	if (!len)
		strcpy(name, ".");
	if (name[0] != '/' && dirfd != AT_FDCWD)
		return -ENOSYS;
	fd = do_sys_open(name, O_PATH | ((flags & AT_SYMLINK_NOFOLLOW) ? O_NOFOLLOW : 0), 0);
	if (fd < 0)
		return fd;
	f = fget_raw((int)fd);
	ret = f ? stat_to_user(f, ubuf) : -EBADF;
	close_fd((int)fd);
	return ret;
}
