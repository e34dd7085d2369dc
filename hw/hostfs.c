// SPDX-License-Identifier: MIT
/*
 * The machine's disk: host files under the machine's root.  See hostfs.h.
 *
 * A task's path is resolved by the host kernel with openat2(2) under an
 * O_PATH descriptor of the root, with RESOLVE_IN_ROOT: ".." and absolute
 * symlinks stay inside the root, as after chroot(2), and every error is the
 * host's own errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include "hw/hostfs.h"

/* How often an interrupted or EAGAIN openat2() is tried before giving up. */
#define OPEN_TRIES	16

static int host_openat2(int dirfd, const char *path, uint64_t flags,
			uint64_t mode, uint64_t resolve)
{
	struct open_how how = {
		.flags = flags, .mode = mode, .resolve = resolve,
	};
	int tries = 0;
	long fd;

	do {
		fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	} while (fd < 0 && (errno == EINTR || errno == EAGAIN) &&
		 ++tries < OPEN_TRIES);
	return fd < 0 ? -errno : (int)fd;
}

/**
 * hostfs_open_root() - an O_PATH descriptor of directory @path, the root
 * under which hostfs_open_in_root() resolves paths.
 * Return: the descriptor, or -errno.
 */
int hostfs_open_root(const char *path)
{
	return host_openat2(AT_FDCWD, path, O_PATH | O_DIRECTORY | O_CLOEXEC,
			    0, 0);
}

/**
 * hostfs_open_in_root() - open @path under @root as after chroot(2) (no
 * escape by ".." or symlinks, no magic links), with open(2) @flags and,
 * with O_CREAT, permission bits @mode.  O_CLOEXEC is always added.
 * Return: the descriptor, or the host's -errno.
 */
int hostfs_open_in_root(int root, const char *path, int flags,
			unsigned int mode)
{
	return host_openat2(root, path, (uint64_t)(unsigned int)flags | O_CLOEXEC,
			    (flags & O_CREAT) ? mode & 07777 : 0,
			    RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
}

/**
 * hostfs_reopen() - open the file of descriptor @fd again with @flags
 * (through /proc/self/fd), e.g. read-write where @fd is read-only.
 * Return: the new descriptor, or -errno.
 */
int hostfs_reopen(int fd, int flags)
{
	char link[64];

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	return host_openat2(AT_FDCWD, link, (uint64_t)(unsigned int)flags | O_CLOEXEC,
			    0, 0);
}

/** hostfs_dup() - dup(2).  Return: the new descriptor, or -errno. */
int hostfs_dup(int fd)
{
	int nfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);

	return nfd < 0 ? -errno : nfd;
}

/** hostfs_close() - close(2) a descriptor hostfs gave. */
void hostfs_close(int fd)
{
	close(fd);
}

static void hostfs_fill(struct hostfs_stat *st, const struct stat *s)
{
	st->dev_major = major(s->st_dev);
	st->dev_minor = minor(s->st_dev);
	st->ino = s->st_ino;
	st->mode = s->st_mode;
	st->uid = s->st_uid;
	st->gid = s->st_gid;
	st->rdev_major = major(s->st_rdev);
	st->rdev_minor = minor(s->st_rdev);
	st->nlink = s->st_nlink;
	st->size = s->st_size;
	st->blksize = s->st_blksize;
	st->blocks = s->st_blocks;
	st->atime = (struct hostfs_time){ s->st_atim.tv_sec, s->st_atim.tv_nsec };
	st->mtime = (struct hostfs_time){ s->st_mtim.tv_sec, s->st_mtim.tv_nsec };
	st->ctime = (struct hostfs_time){ s->st_ctim.tv_sec, s->st_ctim.tv_nsec };
}

/** hostfs_fstat() - fstat(2) of @fd into @st.  Return: 0 or -errno. */
int hostfs_fstat(int fd, struct hostfs_stat *st)
{
	struct stat s;

	if (fstat(fd, &s))
		return -errno;
	hostfs_fill(st, &s);
	return 0;
}

/** hostfs_stat() - stat(2) of host @path into @st.  Return: 0 or -errno. */
int hostfs_stat(const char *path, struct hostfs_stat *st)
{
	struct stat s;

	if (stat(path, &s))
		return -errno;
	hostfs_fill(st, &s);
	return 0;
}

/**
 * hostfs_read_head() - the first @n bytes of regular host file @path (a
 * driver's ELF header).  Return: bytes read, -EISDIR/-EACCES for what is
 * not a readable regular file, or -errno.
 */
long hostfs_read_head(const char *path, void *buf, size_t n)
{
	struct stat s;
	long r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &s)) {
		r = -errno;
	} else if (S_ISDIR(s.st_mode)) {
		r = -EISDIR;
	} else if (!S_ISREG(s.st_mode)) {
		r = -EACCES;
	} else {
		r = pread(fd, buf, n, 0);
		if (r < 0)
			r = -errno;
	}
	close(fd);
	return r;
}

/**
 * hostfs_read_all() - all of regular host file @path, at most @max bytes,
 * into a new malloc()ed buffer *@buf.  Return: its length, -EFBIG past
 * @max, -ENOMEM, or as hostfs_read_head().
 */
long hostfs_read_all(const char *path, void **buf, size_t max)
{
	struct stat s;
	long r = 0;
	void *p;
	int fd;

	*buf = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &s))
		r = -errno;
	else if (!S_ISREG(s.st_mode))
		r = S_ISDIR(s.st_mode) ? -EISDIR : -EACCES;
	else if ((uint64_t)s.st_size > max)
		r = -EFBIG;
	if (!r) {
		p = malloc(s.st_size ? (size_t)s.st_size : 1);
		r = p ? pread(fd, p, (size_t)s.st_size, 0) : -ENOMEM;
		if (r < 0 && p)
			r = -errno;
		if (r < 0)
			free(p);
		else
			*buf = p;
	}
	close(fd);
	return r;
}

/**
 * hostfs_fd_path() - the host's absolute name of descriptor @fd in @buf
 * (NUL-terminated).  Return: its length, or -errno (-ENAMETOOLONG when
 * @n is too small).
 */
int hostfs_fd_path(int fd, char *buf, size_t n)
{
	char link[64];
	ssize_t len;

	if (!n)
		return -ENAMETOOLONG;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, buf, n);
	if (len < 0)
		return -errno;
	if ((size_t)len >= n)
		return -ENAMETOOLONG;
	buf[len] = '\0';
	return (int)len;
}

/** hostfs_pread() - pread(2).  Return: the bytes read, or -errno. */
long hostfs_pread(int fd, void *buf, size_t n, int64_t pos)
{
	ssize_t ret;

	do {
		ret = pread(fd, buf, n, (off_t)pos);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : (long)ret;
}

/** hostfs_pwrite() - pwrite(2).  Return: the bytes written, or -errno. */
long hostfs_pwrite(int fd, const void *buf, size_t n, int64_t pos)
{
	ssize_t ret;

	do {
		ret = pwrite(fd, buf, n, (off_t)pos);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : (long)ret;
}

/**
 * hostfs_pwritev() - pwritev(2) of @cnt buffers (at most IOV_MAX).
 * Return: the bytes written, or -errno.
 */
long hostfs_pwritev(int fd, const struct hostfs_iovec *iov, int cnt,
		    int64_t pos)
{
	struct iovec v[IOV_MAX];
	ssize_t ret;
	int i;

	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	for (i = 0; i < cnt; i++)
		v[i] = (struct iovec){ (void *)iov[i].base, iov[i].len };
	do {
		ret = pwritev(fd, v, cnt, (off_t)pos);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : (long)ret;
}

/** hostfs_fsync() - fsync(2).  Return: 0 or -errno. */
int hostfs_fsync(int fd)
{
	return fsync(fd) ? -errno : 0;
}

/** hostfs_fdatasync() - fdatasync(2).  Return: 0 or -errno. */
int hostfs_fdatasync(int fd)
{
	return fdatasync(fd) ? -errno : 0;
}

/** hostfs_ftruncate() - ftruncate(2).  Return: 0 or -errno. */
int hostfs_ftruncate(int fd, int64_t len)
{
	return ftruncate(fd, (off_t)len) ? -errno : 0;
}

/**
 * hostfs_fallocate() - fallocate(2) of [@pos, @pos + @len) of @fd with
 * @mode (FALLOC_FL_*: Linux's values on both sides).
 * Return: 0 or -errno.
 */
int hostfs_fallocate(int fd, int mode, int64_t pos, int64_t len)
{
	return fallocate(fd, mode, (off_t)pos, (off_t)len) ? -errno : 0;
}

long hostfs_getdents64(int fd, void *buf, size_t n, int64_t pos)
{
	long ret;

	/* the directory's host descriptor is shared: each read sets it */
	if (lseek(fd, (off_t)pos, SEEK_SET) < 0)
		return -errno;
	do {
		ret = syscall(SYS_getdents64, fd, buf, n);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

int hostfs_mount_flags(int fd, int *rdonly, int *noexec)
{
	struct statvfs sv;

	if (fstatvfs(fd, &sv))
		return -errno;
	*rdonly = !!(sv.f_flag & ST_RDONLY);
	*noexec = !!(sv.f_flag & ST_NOEXEC);
	return 0;
}
