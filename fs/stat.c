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
 * with -EMFILE where Linux would not.  A relative path under a directory
 * descriptor is joined to the directory's path (dirfd_resolve()).
 */
#include <limits.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/sched.h>
#include <linux/stat.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <asm/abi.h>
#include "hw/hostfs.h"

#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000
#define AT_STATX_SYNC_TYPE	0x6000

/**
 * vfs_getattr_file() - vfs_getattr() and cp_new_stat() in one: @f's
 * attributes as the ABI's struct stat has them (a host file's from the
 * host, now).  Return: 0 or the host's error.
 */
int vfs_getattr_file(struct file *f, struct user_stat *us)
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

static long stat_to_user(struct file *f, struct user_stat __user *statbuf)
{
	struct user_stat us;
	int err = vfs_getattr_file(f, &us);

	if (err)
		return err;
	return copy_to_user(statbuf, &us, sizeof(us)) ? -EFAULT : 0;
}

/*
 * fstat(2) of descriptor @fd (O_PATH ones too) into the user's struct
 * stat at @statbuf.
 * Return: 0, -EBADF, -EFAULT, or the host's error.
 */
SYSCALL_DEFINE2(newfstat, unsigned int, fd, struct user_stat __user *, statbuf)
{
	struct file *f = fget_raw(fd);

	return f ? stat_to_user(f, statbuf) : -EBADF;
}

/*
 * newfstatat(2): the path at user address @filename (relative to
 * directory descriptor @dfd, or to the root under AT_FDCWD; AT_EMPTY_PATH
 * with an empty path stats @dfd itself), into the struct stat at
 * @statbuf.
 * stat(2) is (AT_FDCWD, path, buf, 0), lstat(2) adds AT_SYMLINK_NOFOLLOW.
 * Return: 0, or -EFAULT, -ENOENT, -ENAMETOOLONG, -EINVAL (unknown flags),
 * -EBADF or -ENOTDIR (a relative path under a bad or non-directory
 * @dfd), the lookup's error.
 * Unknown flags are refused before the path is read, as Linux 6.18 does.
 */
static long vfs_fstatat(int dfd, const char __user *filename,
			struct user_stat __user *statbuf, int flags)
{
	char name[PATH_MAX];
	struct file *f;
	long len, fd, ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	len = getname((unsigned long)filename, name, flags & AT_EMPTY_PATH);
	if (len < 0)
		return len;
	if (!len && dfd != AT_FDCWD)
		return sys_newfstat(dfd, statbuf);
	if (!len)
		strcpy(name, ".");
	len = dirfd_resolve(dfd, name);
	if (len < 0)
		return len;
	fd = do_sys_open(name, O_PATH | ((flags & AT_SYMLINK_NOFOLLOW) ? O_NOFOLLOW : 0), 0);
	if (fd < 0)
		return fd;
	f = fget_raw((int)fd);
	ret = f ? stat_to_user(f, statbuf) : -EBADF;
	close_fd((int)fd);
	return ret;
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename,
		struct user_stat __user *, statbuf, int, flag)
{
	return vfs_fstatat(dfd, filename, statbuf, flag);
}

SYSCALL_DEFINE2(newstat, const char __user *, filename,
		struct user_stat __user *, statbuf)
{
	return vfs_fstatat(AT_FDCWD, filename, statbuf, 0);
}

SYSCALL_DEFINE2(newlstat, const char __user *, filename,
		struct user_stat __user *, statbuf)
{
	return vfs_fstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}
