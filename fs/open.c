// SPDX-License-Identifier: MIT
/*
 * Opening host files under the machine's root, the inode table, and the
 * file system calls: open, ftruncate, read/write/pread/pwrite, fsync.
 *
 * A task path is resolved by the machine's disk (hw/hostfs.c) under the
 * machine's root as after chroot(2), and every error is the host's own
 * errno.  One struct inode stands for one host (st_dev, st_ino) however
 * often it is opened, and keeps its own host descriptor (read-write when
 * the host allows) for the page cache's reads and writeback.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/device.h>
#include <linux/sched.h>
#include <linux/stat.h>
#include <linux/falloc.h>
#include <linux/syscalls.h>
#include <asm/abi.h>
#include "fs/hostfs/hostfs.h"
#include "hw/hostfs.h"

/* Flags open(2) passes on; O_APPEND is ours to apply (host pwrite would
 * append regardless of the offset). */
#define HOST_OPEN_FLAGS	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | \
			 O_NONBLOCK | O_DSYNC | O_SYNC | O_DIRECTORY | \
			 O_NOFOLLOW | O_PATH | O_NOATIME | O_LARGEFILE)
#define O_PATH_FLAGS	(O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* The O_PATH descriptor of the machine's root, opened once. */
static int machine_root_fd(void)
{
	struct mml_machine *m = current_machine();
	int fd;

	if (m->root_fd_open)
		return m->root_fd;
	fd = hostfs_open_root(m->root ? m->root : "/");
	if (fd < 0) {
		pr_err("VFS: cannot open root directory %s: error %d\n",
		       m->root, fd);
		return fd;
	}
	m->root_fd = fd;
	m->root_fd_open = true;
	return fd;
}

/* --- the inode table ---------------------------------------------------- */

static unsigned long inode_hash(u64 dev, u64 ino)
{
	const struct mml_machine *m = current_machine();
	u64 h = (ino ^ (dev * 0x9e3779b97f4a7c15ULL)) * 0x9e3779b97f4a7c15ULL;

	return (unsigned long)(h >> 32) & (m->inode_hash_size - 1);
}

/* Double the table when it is full; failing to grow only costs speed. */
static int inode_hash_grow(void)
{
	struct mml_machine *m = current_machine();
	unsigned long old_size = m->inode_hash_size, b;
	struct inode **old = m->inode_hashtable, *inode, *next;
	unsigned long size = old_size ? old_size * 2 : 256;
	struct inode **table = calloc(size, sizeof(*table));

	if (!table)
		return old ? 0 : -ENOMEM;
	m->inode_hashtable = table;
	m->inode_hash_size = size;
	for (b = 0; b < old_size; b++) {
		for (inode = old[b]; inode; inode = next) {
			unsigned long h = inode_hash(inode->i_dev, inode->i_ino);

			next = inode->hash_next;
			inode->hash_next = table[h];
			table[h] = inode;
		}
	}
	free(old);
	return 0;
}

/**
 * inode_get() - the inode of host (@dev, @ino), if the machine has one.
 * Return: it with a new reference, or NULL.
 */
struct inode *inode_get(u64 dev, u64 ino)
{
	struct mml_machine *m = current_machine();
	struct inode *inode;

	if (!m->inode_hash_size)
		return NULL;
	for (inode = m->inode_hashtable[inode_hash(dev, ino)]; inode;
	     inode = inode->hash_next) {
		if (inode->i_dev == dev && inode->i_ino == ino) {
			inode->i_count++;
			return inode;
		}
	}
	return NULL;
}

/**
 * new_inode() - a new inode for (@dev, @ino), hashed, with no host file
 * yet (host_fd -1), no operations and no backing store: the caller sets
 * i_mode, i_fop and i_data.a_ops.
 * Return: it (i_count 1), or NULL when out of memory.
 */
struct inode *new_inode(u64 dev, u64 ino)
{
	struct mml_machine *m = current_machine();
	struct inode *inode;
	unsigned long h;

	if (m->nr_inodes >= m->inode_hash_size && inode_hash_grow())
		return NULL;
	if (should_fail(FAIL_SLAB))
		return NULL;
	inode = calloc(1, sizeof(*inode));
	if (!inode)
		return NULL;
	inode->machine = m;
	inode->i_dev = dev;
	inode->i_ino = ino;
	inode->host_fd = -1;
	inode->i_count = 1;
	inode->i_data.host = inode;
	h = inode_hash(dev, ino);
	inode->hash_next = m->inode_hashtable[h];
	m->inode_hashtable[h] = inode;
	m->nr_inodes++;
	return inode;
}

static void inode_unhash(struct inode *inode)
{
	struct mml_machine *m = inode->machine;
	struct inode **p = &m->inode_hashtable[inode_hash(inode->i_dev,
							  inode->i_ino)];

	while (*p && *p != inode)
		p = &(*p)->hash_next;
	if (*p)
		*p = inode->hash_next;
	m->nr_inodes--;
}

/* Write the dirty pages back, drop the cache, close the host file. */
static void evict(struct inode *inode)
{
	filemap_write_and_wait_range(&inode->i_data, 0, LLONG_MAX);
	truncate_inode_pages_range(&inode->i_data, 0, LLONG_MAX);
	inode_unhash(inode);
	if (inode->host_fd >= 0)
		hostfs_close(inode->host_fd);
	free(inode);
}

/**
 * iput() - drop a reference to @inode.  The last one writes its dirty
 * pages back to the host file and frees its page cache (mmlab keeps no
 * unused inodes, unlike Linux's inode cache).
 */
void iput(struct inode *inode)
{
	if (inode && --inode->i_count <= 0)
		evict(inode);
}

/**
 * inodes_free_all() - machine shutdown: write every dirty page back, free
 * every page cache and inode, close the host files and the root.
 * Context: after the tasks are gone, while the page allocator still works.
 */
void inodes_free_all(void)
{
	struct mml_machine *m = current_machine();
	unsigned long b;

	for (b = 0; b < m->inode_hash_size; b++)
		while (m->inode_hashtable[b])
			evict(m->inode_hashtable[b]);
	free(m->inode_hashtable);
	m->inode_hashtable = NULL;
	m->inode_hash_size = 0;
	if (m->root_fd_open)
		hostfs_close(m->root_fd);
	m->root_fd_open = false;
}

/**
 * inodes_host_fds() - the host descriptors the machine holds open (the
 * root's and its inodes'), for a snapshot's restore to close the ones it
 * does not know.
 * Return: how many were stored in @fds, or -E2BIG if more than @max.
 */
int inodes_host_fds(int *fds, int max)
{
	struct mml_machine *m = current_machine();
	unsigned long b;
	struct inode *inode;
	int n = 0;

	if (m->root_fd_open) {
		if (n == max)
			return -E2BIG;
		fds[n++] = m->root_fd;
	}
	for (b = 0; b < m->inode_hash_size; b++)
		for (inode = m->inode_hashtable[b]; inode; inode = inode->hash_next) {
			if (inode->host_fd < 0)
				continue;
			if (n == max)
				return -E2BIG;
			fds[n++] = inode->host_fd;
		}
	return n;
}

/**
 * writeback_inodes() - write back the dirty pages of every inode, as the
 * flusher threads do periodically (a shell command triggers it here).
 * @nr_to_write: stop after about this many pages; LONG_MAX for all.
 * Return: the pages written, or the first error if none could be.
 */
long writeback_inodes(long nr_to_write)
{
	struct mml_machine *m = current_machine();
	unsigned long b, before;
	struct inode *inode;
	long written = 0;
	int err = 0, e;

	for (b = 0; b < m->inode_hash_size && written < nr_to_write; b++) {
		for (inode = m->inode_hashtable[b]; inode && written < nr_to_write;
		     inode = inode->hash_next) {
			before = inode->i_data.nr_dirty;
			if (!before)
				continue;
			e = filemap_write_and_wait_range(&inode->i_data, 0,
							 LLONG_MAX);
			err = err ? err : e;
			if (before > inode->i_data.nr_dirty)
				written += (long)(before - inode->i_data.nr_dirty);
		}
	}
	return written || !err ? written : err;
}

/**
 * ksys_sync() - sync(2): write back every dirty page of the machine, then
 * fsync each host file that has a page cache.
 * Return: 0, or the first error met (Linux's sync() reports none).
 */
int ksys_sync(void)
{
	struct mml_machine *m = current_machine();
	unsigned long b;
	struct inode *inode;
	long ret = writeback_inodes(LONG_MAX);
	int err = ret < 0 ? (int)ret : 0, e;

	for (b = 0; b < m->inode_hash_size; b++)
		for (inode = m->inode_hashtable[b]; inode; inode = inode->hash_next) {
			if (!inode->host_writable || !inode->i_data.nrpages)
				continue;
			e = hostfs_fsync(inode->host_fd);
			if (e && !err)
				err = e;
		}
	return err;
}

/* --- file operations of directories and other host files ---------------- */

static ssize_t generic_read_dir(struct file *file, char __user *buf, size_t n,
				long long *pos)
{
	return -EISDIR;
}

/* mmlab: so that the public API's host-buffer reads get EISDIR too. */
static ssize_t dir_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	return -EISDIR;
}

static const struct file_operations dir_fops = {
	.llseek = generic_file_llseek,
	.read = generic_read_dir,
	.read_iter = dir_read_iter,
	.iterate_shared = hostfs_iterate_shared,
	.fsync = host_file_fsync,
};

/* FIFOs, sockets and devices other than /dev/zero: opened, not usable. */
static const struct file_operations other_fops = {
	.open = nonseekable_open,
};

/* O_PATH files: no operation at all. */
static const struct file_operations empty_fops;

/* --- open --------------------------------------------------------------- */

static bool path_in_proc(const char *path)
{
	while (*path == '/')
		path++;
	return !strncmp(path, "proc", 4) && (!path[4] || path[4] == '/');
}

/*
 * The path of host descriptor @fd as the task sees it: the host's name
 * for it with the root's prefix taken off; @given if that fails.
 */
static char *task_path(int fd, const char *given)
{
	struct mml_machine *m = current_machine();
	char host[PATH_MAX], root[PATH_MAX];
	int n, r;

	n = hostfs_fd_path(fd, host, sizeof(host));
	r = hostfs_fd_path(m->root_fd, root, sizeof(root));
	if (n <= 0 || r <= 0 || host[0] != '/')
		return strdup(given);
	if (r == 1)
		return strdup(host);
	if (strncmp(host, root, (size_t)r) || (host[r] && host[r] != '/'))
		return strdup(given);
	return strdup(host[r] ? host + r : "/");
}

/*
 * A descriptor for the inode of regular file @fd (opened for the task
 * with access @acc): read-write if the host allows, else read-only; @fd
 * itself when it is already read-write.  Return: the descriptor or -errno.
 */
static int inode_host_fd(int fd, int acc, bool *writable)
{
	int nfd;

	*writable = acc == O_RDWR;
	if (acc == O_RDWR)
		return fd;
	nfd = hostfs_reopen(fd, O_RDWR);
	if (nfd >= 0) {
		*writable = true;
		return nfd;
	}
	return hostfs_reopen(fd, O_RDONLY);
}

/*
 * A new inode's operations by file type, as a file system sets them when
 * it reads an inode: regular files are cached (host_file_aops) and
 * mappable, directories read as EISDIR, and FIFOs, sockets and devices
 * other than /dev/zero open but do nothing.
 */
static void host_inode_init(struct inode *inode,
			    const struct hostfs_stat *st)
{
	inode->i_size = (u64)st->size;
	inode->i_mode = st->mode;
	if (S_ISREG(st->mode)) {
		inode->i_fop = &host_file_fops;
		inode->i_data.a_ops = &host_file_aops;
	} else if (S_ISDIR(st->mode)) {
		inode->i_fop = &dir_fops;
	} else {
		inode->i_fop = &other_fops;
	}
}

/*
 * The inode of host file @fd (@st its stat), made on first open, its host
 * descriptor upgraded to read-write when a writer opens it.  @fd stays the
 * caller's.  Return: the inode with a reference, or ERR_PTR.
 */
static struct inode *host_inode(int fd, const struct hostfs_stat *st, int flags)
{
	u64 dev = MKDEV(st->dev_major, st->dev_minor);
	struct inode *inode = inode_get(dev, st->ino);
	int acc = (flags & O_PATH) ? O_RDONLY : (flags & O_ACCMODE);
	bool writable, fresh = !inode;
	int hfd;

	if (fresh) {
		inode = new_inode(dev, st->ino);
		if (!inode)
			return ERR_PTR(-ENOMEM);
		host_inode_init(inode, st);
	}
	if (!S_ISREG(st->mode)) {
		if (fresh)
			inode->host_fd = hostfs_dup(fd);
		return inode;
	}
	if (!fresh && inode->host_writable)
		return inode;
	hfd = inode_host_fd(fd, acc, &writable);
	if (hfd == fd || hfd < 0) {
		/* Reopening failed (no /proc?): share the task's access. */
		writable = acc != O_RDONLY;
		hfd = hostfs_dup(fd);
	}
	if (hfd >= 0 && (fresh || writable)) {
		if (inode->host_fd >= 0)
			hostfs_close(inode->host_fd);
		inode->host_fd = hfd;
		inode->host_writable = writable;
	} else if (hfd >= 0) {
		hostfs_close(hfd);
	}
	return inode;
}

/* O_TRUNC emptied the host file: the page cache follows. */
static void open_truncated(struct inode *inode)
{
	if (!inode->i_size && !inode->i_data.nrpages)
		return;
	inode->i_size = 0;
	truncate_pagecache(inode, 0);
}

/*
 * do_dentry_open() - finish opening @f: its operations are its inode's
 * i_fop, it may pread/pwrite (and seek, if it has ->llseek) unless its
 * ->open() says otherwise (nonseekable_open()), and ->open() may refuse.
 * O_PATH files get no operations.
 * Return: 0, or ->open()'s error with @f released (no ->release() call,
 * as in Linux).
 */
static int do_dentry_open(struct file *f)
{
	struct inode *inode = f->f_inode;
	int err;

	if (f->f_mode & FMODE_PATH) {
		f->f_op = &empty_fops;
		return 0;
	}
	f->f_op = inode->i_fop;
	f->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	if (f->f_op && f->f_op->open) {
		err = f->f_op->open(inode, f);
		if (err) {
			f->f_op = NULL;
			fput(f);
			return err;
		}
	}
	if (!f->f_op || !f->f_op->llseek)
		f->f_mode &= ~FMODE_LSEEK;
	return 0;
}

/**
 * vfs_open_inode() - a new open file of @inode named @name (taking over
 * the caller's reference to @inode).  Return: 0 with *@filp, or -errno.
 */
int vfs_open_inode(struct inode *inode, int flags, const char *name,
		   struct file **filp)
{
	struct file *f = alloc_file(inode, (unsigned int)flags, name, NULL);
	int err;

	if (!f)
		return -ENOMEM;
	err = do_dentry_open(f);
	if (err)
		return err;
	*filp = f;
	return 0;
}

/*
 * The sample mapping drivers' nodes (drivers/misc/drvmap_sample.c), until
 * a devtmpfs holds them.  Return: 1 when @path is not one of them.
 */
static int open_drvmap_sample(const char *path, int flags, struct file **filp)
{
	struct inode *inode = drvmap_sample_inode(path);

	if (IS_ERR(inode))
		return 1;
	if (!inode)
		return -ENOMEM;
	if ((flags & O_CREAT) && (flags & O_EXCL)) {
		iput(inode);
		return -EEXIST;
	}
	return vfs_open_inode(inode, flags & ~(O_CREAT | O_TRUNC), path, filp);
}

/* Open @path on the host under the root and make its struct file. */
static int open_host(const char *path, int flags, int mode, struct file **filp)
{
	/* No controlling tty, never block on a FIFO; O_PATH takes no others. */
	int hflags = (flags & O_PATH) ? (flags & O_PATH_FLAGS) :
		     (flags & HOST_OPEN_FLAGS) | O_NOCTTY | O_NONBLOCK;
	int root = machine_root_fd(), fd, err = 0;
	struct inode *inode;
	struct hostfs_stat st;
	char *name;

	if (root < 0)
		return root;
	fd = hostfs_open_in_root(root, path, hflags, (unsigned int)mode);
	if (fd < 0)
		return fd;
	err = hostfs_fstat(fd, &st);
	if (err)
		goto out_close;
	if (S_ISCHR(st.mode) && !(flags & O_PATH)) {
		/* A device the machine has a node for: the machine's driver. */
		err = devtmpfs_open_devt(MKDEV(st.rdev_major, st.rdev_minor),
					 flags & ~(O_CREAT | O_EXCL), filp);
		if (err <= 0) {
			hostfs_close(fd);
			return err;
		}
		err = 0;
	}
	inode = host_inode(fd, &st, flags);
	if (IS_ERR(inode)) {
		err = (int)PTR_ERR(inode);
		goto out_close;
	}
	if (S_ISREG(st.mode) && (flags & O_TRUNC) && !(flags & O_PATH) &&
	    !st.size)
		open_truncated(inode);
	name = task_path(fd, path);
	if (name)
		err = vfs_open_inode(inode, flags, name, filp);
	else
		iput(inode);
	free(name);
	if (!name)
		err = -ENOMEM;
out_close:
	hostfs_close(fd);
	return err;
}

static int do_filp_open(const char *path, int flags,
			int mode, struct file **filp)
{
	struct mml_machine *m = current_machine();
	int err;

	if (path[0] == '/' && m->open_special) {
		err = m->open_special(path, flags, mode, filp);
		if (err <= 0)
			return err;
	}
	if (path_in_proc(path))
		return -ENOENT;
	err = devtmpfs_open(path, flags, filp);
	if (err <= 0)
		return err;
	err = open_drvmap_sample(path, flags, filp);
	if (err <= 0)
		return err;
	return open_host(path, flags, mode, filp);
}

/**
 * do_sys_open() - open(2) for the current task: @path resolved under the
 * machine's root ("/dev/zero" and "/dev/mem" are the machine's own), host
 * errno passed through.
 * Return: the new descriptor (lowest free from 3), -EMFILE at
 * RLIMIT_NOFILE, -ENOENT/-ENAMETOOLONG for bad names, or the host's error.
 */
long do_sys_open(const char *path, int flags, int mode)
{
	struct file *f = NULL;
	size_t len;
	int fd, err;

	if (!path)
		return -EFAULT;
	if (flags & __O_TMPFILE)
		return -EOPNOTSUPP;	/* mmlab: no O_TMPFILE yet */
	if (flags & O_PATH)
		flags &= O_PATH_FLAGS;
	len = strnlen(path, PATH_MAX);
	if (!len)
		return -ENOENT;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	fd = get_unused_fd_flags((unsigned int)flags);
	if (fd < 0)
		return fd;
	err = do_filp_open(path, flags, mode, &f);
	if (err) {
		put_unused_fd(fd);
		return err;
	}
	f->f_flags &= ~(unsigned int)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	fd_install(fd, f);
	return fd;
}

#define AT_FDCWD	(-100)

/*
 * do_sys_openat(): open(2) and openat(2) with the name in user memory,
 * relative to directory descriptor @dfd.
 */
static long do_sys_openat(int dfd, const char __user *filename, int flags,
			  umode_t mode)
{
	char path[PATH_MAX];
	long ret;

	ret = getname((unsigned long)filename, path, false);
	if (ret < 0)
		return ret;
	ret = dirfd_resolve(dfd, path);
	if (ret < 0)
		return ret;
	return do_sys_open(path, flags, mode);
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags,
		umode_t, mode)
{
	return do_sys_openat(AT_FDCWD, filename, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags,
		umode_t, mode)
{
	return do_sys_openat(dfd, filename, flags, mode);
}

/* --- access --------------------------------------------------------------- */

#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EACCESS		0x200
#define AT_EMPTY_PATH		0x1000
#define MAY_EXEC		0x1
#define MAY_WRITE		0x2
#define MAY_READ		0x4
#define S_IXUGO			00111

/*
 * generic_permission() for the task, which is root with CAP_DAC_OVERRIDE
 * and CAP_DAC_READ_SEARCH (mmlab models no other credentials): reading
 * and writing are always allowed, and so is searching a directory;
 * executing anything else needs an execute bit for someone.
 */
static int generic_permission(unsigned int i_mode, int mask)
{
	if (S_ISDIR(i_mode))
		return 0;
	if ((mask & MAY_EXEC) && !(i_mode & S_IXUGO))
		return -EACCES;
	return 0;
}

static bool special_file(unsigned int i_mode)
{
	return S_ISCHR(i_mode) || S_ISBLK(i_mode) || S_ISFIFO(i_mode) ||
	       S_ISSOCK(i_mode);
}

/*
 * The checks access(2) makes on an opened @f: a regular file on a noexec
 * mount is never executable, then the permission bits, then a write to a
 * file (not a device, FIFO or socket) on a read-only mount is -EROFS.
 * The machine's own files (/dev/zero, /proc) are on no host mount.
 */
static long file_access(struct file *f, int mode)
{
	int host_fd = f->f_inode->host_fd, rdonly = 0, noexec = 0;
	struct user_stat st;
	long res;

	res = vfs_getattr_file(f, &st);
	if (res)
		return res;
	if (host_fd >= 0) {
		res = hostfs_mount_flags(host_fd, &rdonly, &noexec);
		if (res)
			return res;
	}
	if ((mode & MAY_EXEC) && S_ISREG(st.st_mode) && noexec)
		return -EACCES;
	res = generic_permission(st.st_mode, mode);
	if (res || !(mode & MAY_WRITE) || special_file(st.st_mode))
		return res;
	return rdonly ? -EROFS : 0;
}

/*
 * do_faccessat() - access(2), faccessat(2), faccessat2(2): may the task
 * read (R_OK, 4), write (W_OK, 2), execute (X_OK, 1) the file at
 * @filename under @dfd, or does it exist (F_OK, 0)?  @flags:
 * AT_EACCESS (the effective ids: the same for root), AT_SYMLINK_NOFOLLOW
 * (a symlink itself), AT_EMPTY_PATH (@dfd itself for an empty name).
 * Return: 0, -EINVAL (a mode or flag beyond these, before the name is
 * read), -EACCES, -EROFS, or the lookup's error.
 */
static long do_faccessat(int dfd, const char __user *filename, int mode,
			 int flags)
{
	char name[PATH_MAX];
	struct file *f;
	long len, fd, res;

	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	len = getname((unsigned long)filename, name, flags & AT_EMPTY_PATH);
	if (len < 0)
		return len;
	if (!len && dfd != AT_FDCWD) {
		f = fget_raw(dfd);
		return f ? file_access(f, mode) : -EBADF;
	}
	if (!len)
		strcpy(name, ".");
	len = dirfd_resolve(dfd, name);
	if (len < 0)
		return len;
	fd = do_sys_open(name, O_PATH |
			 ((flags & AT_SYMLINK_NOFOLLOW) ? O_NOFOLLOW : 0), 0);
	if (fd < 0)
		return fd;
	f = fget_raw((int)fd);
	res = f ? file_access(f, mode) : -EBADF;
	close_fd((int)fd);
	return res;
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, filename, int, mode)
{
	return do_faccessat(dfd, filename, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char __user *, filename, int, mode,
		int, flags)
{
	return do_faccessat(dfd, filename, mode, flags);
}

SYSCALL_DEFINE2(access, const char __user *, filename, int, mode)
{
	return do_faccessat(AT_FDCWD, filename, mode, 0);
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	return close_fd(fd);
}

/* --- read and write ------------------------------------------------------ */

/**
 * rw_verify_area() - the checks read(2) and write(2) make on a range: a
 * count negative as ssize_t, a negative position, or one that overflows
 * with the count.  Return: 0 or -EINVAL.
 */
long rw_verify_area(long long pos, unsigned long n)
{
	if ((long)n < 0)
		return -EINVAL;
	if (pos < 0 || (long long)((u64)pos + n) < 0)
		return -EINVAL;
	return 0;
}

/**
 * kernel_pread_fd() - pread(2) into host buffer @buf, through the page cache.
 * Return: bytes read (0 at EOF), -EINVAL for a negative offset, -EBADF,
 * -ESPIPE, -EISDIR, -ENOMEM, -EIO.
 */
long kernel_pread_fd(int fd, void *buf, unsigned long n, long long off)
{
	struct file *f;

	if (off < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_PREAD))
		return -ESPIPE;
	return kernel_read(f, buf, n, &off);
}

/**
 * kernel_pwrite_fd() - pwrite(2) from host buffer @buf into the page cache
 * (visible at once in every shared mapping; the host file gets it at
 * writeback).  O_APPEND appends whatever @off says, as on Linux.
 * Return: bytes written, or -EINVAL, -EBADF, -ESPIPE, -EFBIG, -ENOMEM.
 */
long kernel_pwrite_fd(int fd, const void *buf, unsigned long n,
		      long long off)
{
	struct file *f;

	if (off < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_PWRITE))
		return -ESPIPE;
	return kernel_write(f, buf, n, &off);
}

/** kernel_read_fd() - read(2) at the file position, which advances. */
long kernel_read_fd(int fd, void *buf, unsigned long n)
{
	struct file *f = fget(fd);

	return f ? kernel_read(f, buf, n, &f->f_pos) : -EBADF;
}

/** kernel_write_fd() - write(2) at the file position, which advances. */
long kernel_write_fd(int fd, const void *buf, unsigned long n)
{
	struct file *f = fget(fd);

	return f ? kernel_write(f, buf, n, &f->f_pos) : -EBADF;
}

/**
 * vfs_fsync() - fsync(2) of @f: write its dirty pages back, then fsync
 * the host file.  Return: 0, -EINVAL when the file cannot be synced
 * (/dev/zero), or the host's error.
 */
long vfs_fsync(struct file *f)
{
	return vfs_fsync_range(f, 0, LLONG_MAX, 0);
}

/**
 * vfs_fsync_range() - write bytes [@start, @end] of @file back through
 * its ->fsync() (@datasync: fdatasync's weaker promise).
 * Return: 0, -EINVAL when the file has no ->fsync(), or its error.
 */
int vfs_fsync_range(struct file *file, long long start, long long end,
		    int datasync)
{
	if (!file->f_op || !file->f_op->fsync)
		return -EINVAL;
	return file->f_op->fsync(file, start, end, datasync);
}

/* fsync(2), fdatasync(2): an O_PATH descriptor is not open (fget()). */
static long do_fsync(unsigned int fd, int datasync)
{
	struct file *f = fget((int)fd);

	if (!f)
		return -EBADF;
	return vfs_fsync_range(f, 0, LLONG_MAX, datasync);
}

SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return do_fsync(fd, 0);
}

SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return do_fsync(fd, 1);
}

/**
 * vfs_fallocate() - allocate or, with FALLOC_FL_PUNCH_HOLE, free the bytes
 * [@offset, @offset + @len) of @file through its ->fallocate(), after
 * Linux's checks in Linux's order.
 * Return: 0, -EINVAL (bad range or mode), -EOPNOTSUPP (unknown mode, a
 * hole without KEEP_SIZE, no ->fallocate()), -EBADF (not open for
 * writing), -ESPIPE (a FIFO), -EISDIR, -ENODEV (not a regular file),
 * -EFBIG, or its error.
 */
long vfs_fallocate(struct file *file, int mode, long long offset, long long len)
{
	struct inode *inode = file->f_inode;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE |
		     FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE |
		     FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (S_ISFIFO(inode->i_mode))
		return -ESPIPE;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -ENODEV;
	if ((u64)offset + (u64)len > (u64)MAX_LFS_FILESIZE)
		return -EFBIG;
	if (!file->f_op || !file->f_op->fallocate)
		return -EOPNOTSUPP;
	return file->f_op->fallocate(file, mode, offset, len);
}

/* fallocate(2): the descriptor first, then vfs_fallocate()'s checks. */
SYSCALL_DEFINE4(fallocate, int, fd, int, mode, long long, offset, long long, len)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return vfs_fallocate(f, mode, offset, len);
}

/* --- seek and ioctl -------------------------------------------------------- */

/**
 * generic_file_llseek() - ->llseek() of files with a size: SEEK_SET,
 * SEEK_CUR, SEEK_END, and SEEK_DATA/SEEK_HOLE seeing the whole file as
 * data (Linux's generic_file_llseek_size(): no hole but the one at EOF).
 * Return: the new position; -EINVAL for a bad @whence or a negative or
 * too large result; -ENXIO for SEEK_DATA/SEEK_HOLE at or past EOF.
 */
long long generic_file_llseek(struct file *file, long long offset, int whence)
{
	long long base, eof = (long long)file->f_inode->i_size;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = eof;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (offset < 0 || offset >= eof)
			return -ENXIO;
		base = 0;
		if (whence == SEEK_HOLE)
			offset = eof;
		break;
	default:
		return -EINVAL;
	}
	if ((offset > 0 && base > MAX_LFS_FILESIZE - offset) || base + offset < 0)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}

/** noop_llseek() - ->llseek() that leaves the position alone: returns it. */
long long noop_llseek(struct file *file, long long offset, int whence)
{
	return file->f_pos;
}

/**
 * nonseekable_open() - an ->open() for files without positions (pipes,
 * sockets, most devices): lseek gives ESPIPE, pread and pwrite too.
 * Return: 0.
 */
int nonseekable_open(struct inode *inode, struct file *file)
{
	file->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}

/**
 * vfs_llseek() - lseek(2) of an open file through its ->llseek().
 * Return: the new position, -ESPIPE for a file without positions, or
 * ->llseek()'s error.
 */
long long vfs_llseek(struct file *file, long long offset, int whence)
{
	if (!(file->f_mode & FMODE_LSEEK) || !file->f_op || !file->f_op->llseek)
		return -ESPIPE;
	return file->f_op->llseek(file, offset, whence);
}

/**
 * vfs_ioctl() - ioctl(2) @cmd with argument @arg, handed to the file's
 * ->unlocked_ioctl().  Return: its result, or -ENOTTY without one.
 */
long vfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (!file->f_op || !file->f_op->unlocked_ioctl)
		return -ENOTTY;
	return file->f_op->unlocked_ioctl(file, cmd, arg);
}

/* --- truncate ------------------------------------------------------------ */

/**
 * vfs_truncate_file() - set the size of open file @f to @len: the host
 * file, i_size, and the page cache (pages past the new end unmapped and
 * dropped, the new last page's tail zeroed; growing exposes zeros).
 * Return: 0, -EINVAL when @f is not a regular file open for writing, or
 * the host's error.
 */
int vfs_truncate_file(struct file *f, long long len)
{
	struct inode *inode = f->f_inode;
	long long old = (long long)inode->i_size;

	if (!S_ISREG(inode->i_mode) || !(f->f_mode & FMODE_WRITE))
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	if (inode->host_fd >= 0) {
		int err = hostfs_ftruncate(inode->host_fd, len);

		if (err)
			return err;
	}
	inode->i_size = (u64)len;
	if (len < old)
		truncate_pagecache(inode, len);
	else if (len > old)
		pagecache_isize_extended(inode, old, len);
	return 0;
}

/**
 * do_ftruncate() - ftruncate(2) of descriptor @fd of the current task.
 * Return: 0, -EINVAL (negative @len, not a regular file open for
 * writing), -EBADF, or the host's error (-EFBIG ...).
 */
long do_ftruncate(int fd, long long len)
{
	struct file *f;

	if (len < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	return vfs_truncate_file(f, len);
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, long, length)
{
	return do_ftruncate(fd, length);
}

/**
 * file_d_path() - the name /proc/PID/maps prints for @f, with
 * " (deleted)" when the host file has no links left.
 * Return: its length, or -ENAMETOOLONG when @n is too small.
 */
int file_d_path(struct file *f, char *buf, size_t n)
{
	struct inode *inode = f->f_inode;
	bool deleted = inode->i_deleted;
	struct hostfs_stat st;
	int len;

	if (!deleted && inode->host_fd >= 0 && S_ISREG(inode->i_mode) &&
	    !hostfs_fstat(inode->host_fd, &st))
		deleted = st.nlink == 0;
	len = snprintf(buf, n, "%s%s", f->f_path, deleted ? " (deleted)" : "");
	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : len;
}
