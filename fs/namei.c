// SPDX-License-Identifier: MIT
/*
 * Path names from user memory (getname(), fs/namei.c in Linux).
 */
#include <limits.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

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
