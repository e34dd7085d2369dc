// SPDX-License-Identifier: MIT
/*
 * Path names from user memory (getname(), fs/namei.c in Linux), and
 * where a name under a directory descriptor leads (dirfd_resolve()).
 */
#include <limits.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/stat.h>
#include <linux/uaccess.h>

#define AT_FDCWD	(-100)

/**
 * getname() - copy the path name at user address @upath into @name, a
 * buffer of PATH_MAX bytes, a page at a time.
 * @empty_ok: an empty name is allowed (AT_EMPTY_PATH).
 * Context: the path is in the current task's user memory.
 * Return: the name's length, or -EFAULT, -ENOENT (empty), -ENAMETOOLONG
 * (no NUL within PATH_MAX bytes).
 */
long getname(unsigned long upath, char *name, bool empty_ok)
{
	long len = strncpy_from_user(name, (const char __user *)upath, PATH_MAX);

	if (len < 0)
		return len;
	if (len == PATH_MAX)
		return -ENAMETOOLONG;
	if (!len && !empty_ok)
		return -ENOENT;
	return len;
}

/**
 * dirfd_resolve() - mmlab's path_init() for *at() calls: rewrite @name (a
 * buffer of PATH_MAX bytes) as the path from the machine's root that it
 * names under directory descriptor @dfd.  An absolute @name, and any name
 * under AT_FDCWD (a task's working directory is the root), stay as they
 * are.  The directory's path is the one its open file keeps (the host's
 * name for it under the root, as /proc/PID/fd shows), so ".." in @name
 * climbs from the directory itself and never above the root.
 * Context: @dfd is a descriptor of the current task.
 * Return: 0, -EBADF (@dfd not open), -ENOTDIR (@dfd not a directory), or
 * -ENAMETOOLONG (the joined path reaches PATH_MAX: Linux has no such
 * limit on the directory's part).
 */
long dirfd_resolve(int dfd, char *name)
{
	const char *dir;
	struct file *f;
	size_t dlen, nlen;
	bool slash;

	if (name[0] == '/' || dfd == AT_FDCWD)
		return 0;
	f = fget_raw(dfd);
	if (!f)
		return -EBADF;
	if (!S_ISDIR(f->f_inode->i_mode))
		return -ENOTDIR;
	dir = f->f_path ? f->f_path : "/";
	dlen = strlen(dir);
	slash = !dlen || dir[dlen - 1] != '/';
	nlen = strlen(name);
	if (dlen + slash + nlen >= PATH_MAX)
		return -ENAMETOOLONG;
	memmove(name + dlen + slash, name, nlen + 1);
	memcpy(name, dir, dlen);
	if (slash)
		name[dlen] = '/';
	return 0;
}
