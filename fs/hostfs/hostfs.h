/* SPDX-License-Identifier: MIT */
/*
 * hostfs's operations for fs/open.c, which makes the inodes of host files
 * (host_inode_init()) as a file system's inode lookup would.
 */
#ifndef _FS_HOSTFS_HOSTFS_H
#define _FS_HOSTFS_HOSTFS_H

#include <linux/fs.h>

extern const struct address_space_operations host_file_aops;
extern const struct file_operations host_file_fops;
int host_file_fsync(struct file *file, long long start, long long end,
		    int datasync);
int hostfs_iterate_shared(struct file *file, struct dir_context *ctx);

#endif /* _FS_HOSTFS_HOSTFS_H */
