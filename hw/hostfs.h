/* SPDX-License-Identifier: MIT */
/*
 * The machine's disk: the host files under the machine's root, reached
 * with the host's own system calls.  This is the one place that talks to
 * the host file system; it is compiled with the system's headers only,
 * never with the kernel's private ones, and its interface uses plain C
 * types so that kernel code can call it without including a system header
 * that the kernel's <linux/...> headers would shadow.
 *
 * Every function returns 0 (or a count, or a descriptor) on success and
 * the host's -errno on failure; interrupted calls are retried.  Open flags
 * are Linux's open(2) flags, the same numbers on the host and in mmlab.
 */
#ifndef _HW_HOSTFS_H
#define _HW_HOSTFS_H

#include <stddef.h>
#include <stdint.h>

struct hostfs_time {
	int64_t sec;
	int64_t nsec;
};

/* A host file's stat, as mmlab's inodes and stat(2) need it. */
struct hostfs_stat {
	uint32_t dev_major, dev_minor;	/* the file system's device */
	uint64_t ino;
	uint32_t mode;			/* S_IF* type and permission bits */
	uint32_t uid, gid;
	uint32_t rdev_major, rdev_minor; /* a device file's own number */
	uint64_t nlink;
	int64_t size;
	int64_t blksize;
	int64_t blocks;			/* 512-byte units */
	struct hostfs_time atime, mtime, ctime;
};

struct hostfs_iovec {
	const void *base;
	size_t len;
};

int hostfs_open_root(const char *path);
int hostfs_open_in_root(int root, const char *path, int flags,
			unsigned int mode);
int hostfs_reopen(int fd, int flags);
int hostfs_dup(int fd);
void hostfs_close(int fd);
int hostfs_fstat(int fd, struct hostfs_stat *st);
int hostfs_stat(const char *path, struct hostfs_stat *st);
long hostfs_read_head(const char *path, void *buf, size_t n);
long hostfs_read_all(const char *path, void **buf, size_t max);
int hostfs_fd_path(int fd, char *buf, size_t n);
long hostfs_pread(int fd, void *buf, size_t n, int64_t pos);
long hostfs_pwrite(int fd, const void *buf, size_t n, int64_t pos);
long hostfs_pwritev(int fd, const struct hostfs_iovec *iov, int cnt,
		    int64_t pos);
int hostfs_fsync(int fd);
int hostfs_fdatasync(int fd);
int hostfs_ftruncate(int fd, int64_t len);
int hostfs_fallocate(int fd, int mode, int64_t pos, int64_t len);
/*
 * hostfs_getdents64() - the host's directory records (struct
 * linux_dirent64, the same on the host and in the machine) of directory
 * @fd from position @pos into @buf.  Return: the bytes filled, 0 at the
 * end, or -errno (-EINVAL: the next record does not fit in @n).
 */
long hostfs_getdents64(int fd, void *buf, size_t n, int64_t pos);
/*
 * hostfs_mount_flags() - how the host file system of @fd is mounted:
 * *@rdonly and *@noexec set to 1 or 0.  Return: 0 or -errno.
 */
int hostfs_mount_flags(int fd, int *rdonly, int *noexec);

#endif /* _HW_HOSTFS_H */
