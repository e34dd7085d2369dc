// SPDX-License-Identifier: MIT
/*
 * hostfs: the file system of the host files under the machine's root, as
 * Linux's UML hostfs is the file system of the host's files.  Its regular
 * files' page cache reaches the host file only through the operations
 * here: ->read_folio() preads a page, ->writepages() pwrites the dirty
 * ones back, ->fsync() and ->fallocate() sync the host file and punch
 * holes in it.  The page cache (mm/filemap.c) and madvise (mm/madvise.c)
 * call them through mapping->a_ops and file->f_op, never the disk itself.
 *
 * The host system calls are the machine's disk, hw/hostfs.c (Linux's UML
 * hostfs_user.c); inode->host_fd is the inode's descriptor there.
 */
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/falloc.h>
#include <linux/dirent.h>
#include "fs/hostfs/hostfs.h"
#include "hw/hostfs.h"

/* --- address_space_operations ------------------------------------------- */

/*
 * ->read_folio(): fill @folio (in the page cache at its index) with the
 * host file's bytes there, zeros past its end.
 */
static int host_file_read_folio(struct file *file, struct page *folio)
{
	struct inode *inode = folio->mapping->host;
	pgoff_t index = folio->index;
	char *dst = page_host(folio);
	size_t done = 0;
	long n;

	while (inode->host_fd >= 0 && done < PAGE_SIZE) {
		n = hostfs_pread(inode->host_fd, dst + done, PAGE_SIZE - done,
				 (long long)(index << PAGE_SHIFT) + (long long)done);
		if (n < 0)
			return n == -EISDIR ? -EISDIR : -EIO;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	memset(dst + done, 0, PAGE_SIZE - done);
	return 0;
}

/* Write one cleaned page back, bytes up to i_size.  Return: 0 or -errno. */
static int host_file_write_page(struct inode *inode, struct page *page)
{
	long long pos = (long long)page->index << PAGE_SHIFT;
	const char *src = page_host(page);
	size_t len, done = 0;
	long n;

	if ((u64)pos >= inode->i_size)
		return 0;
	len = (size_t)min(inode->i_size - (u64)pos, (u64)PAGE_SIZE);
	/*
	 * The page straddling EOF: what lies beyond i_size is zeroed each time
	 * it is written back, as block and iomap writeback do.
	 */
	if (len < PAGE_SIZE)
		memset((char *)src + len, 0, PAGE_SIZE - len);
	while (done < len) {
		n = hostfs_pwrite(inode->host_fd, src + done, len - done,
				  pos + (long long)done);
		if (n <= 0)
			return n < 0 ? (int)n : -EIO;
		done += (size_t)n;
	}
	return 0;
}

#define WB_BATCH	256	/* pages written with one pwritev(): 1 MiB */

/*
 * Write a run of consecutive cleaned pages with one pwritev(), the way a
 * block device gets whole extents; a short write falls back to writing
 * page by page.  A page that could not be written is dirtied again.
 */
static void host_file_write_run(struct inode *inode, struct page **run, int nr,
				int *err)
{
	struct hostfs_iovec iov[WB_BATCH];
	long long pos = (long long)run[0]->index << PAGE_SHIFT;
	size_t total = 0;
	long n;
	int i, cnt = 0, e;

	for (i = 0; i < nr; i++) {
		long long ppos = (long long)run[i]->index << PAGE_SHIFT;
		size_t len;
		char *src = page_host(run[i]);

		if ((u64)ppos >= inode->i_size)
			break;
		len = (size_t)min(inode->i_size - (u64)ppos, (u64)PAGE_SIZE);
		if (len < PAGE_SIZE)	/* beyond EOF: zeroed, as writeback does */
			memset(src + len, 0, PAGE_SIZE - len);
		iov[cnt++] = (struct hostfs_iovec){ src, len };
		total += len;
	}
	if (!cnt)
		return;
	n = hostfs_pwritev(inode->host_fd, iov, cnt, pos);
	if (n == (long)total)
		return;
	for (i = 0; i < cnt; i++) {	/* short or failed: one by one */
		e = host_file_write_page(inode, run[i]);
		if (e) {
			folio_mark_dirty(run[i]);
			*err = *err ? *err : e;
		}
	}
}

/*
 * ->writepages(): write the dirty pages of @wbc's byte range back to the
 * host file with pwritev (only up to i_size).  Each page is first cleaned
 * in the page tables (folio_clear_dirty_for_io()), so a later store
 * through a mapping dirties it again.
 * Return: 0, or the first error (the page stays dirty).
 */
static int host_file_writepages(struct address_space *mapping,
				struct writeback_control *wbc)
{
	struct inode *inode = mapping->host;
	struct page *run[WB_BATCH];
	pgoff_t index, last;
	struct page *page;
	int err = 0, nr = 0;

	if (inode->host_fd < 0)
		return 0;
	index = (pgoff_t)wbc->range_start >> PAGE_SHIFT;
	last = (pgoff_t)wbc->range_end >> PAGE_SHIFT;
	while ((page = filemap_find_next(mapping, &index, last))) {
		if (folio_clear_dirty_for_io(page)) {
			if (nr && (run[nr - 1]->index + 1 != page->index || nr == WB_BATCH)) {
				host_file_write_run(inode, run, nr, &err);
				nr = 0;
			}
			run[nr++] = page;
		}
		if (index++ == last)
			break;
	}
	if (nr)
		host_file_write_run(inode, run, nr, &err);
	return err;
}

const struct address_space_operations host_file_aops = {
	.read_folio = host_file_read_folio,
	.writepages = host_file_writepages,
	.dirty_folio = filemap_dirty_folio,
};

/* --- file_operations ---------------------------------------------------- */

/**
 * host_file_fsync() - ->fsync() of host files and directories: write
 * [@start, @end] back through ->writepages(), then fsync (@datasync:
 * fdatasync) the host file.  Return: 0 or the first error.
 */
int host_file_fsync(struct file *file, long long start, long long end,
		    int datasync)
{
	struct inode *inode = file->f_inode;
	int err = filemap_write_and_wait_range(file->f_mapping, start, end);

	if (err || inode->host_fd < 0)
		return err;
	return datasync ? hostfs_fdatasync(inode->host_fd) :
			  hostfs_fsync(inode->host_fd);
}

/*
 * ->fallocate(), as ext4's for the modes mmlab has: preallocation (0,
 * KEEP_SIZE) goes to the host file and, without KEEP_SIZE, moves the size
 * past the range; PUNCH_HOLE|KEEP_SIZE (madvise(MADV_REMOVE) too) and
 * ZERO_RANGE first unmap the range's page-cache pages everywhere (private
 * COW copies stay), drop the whole ones and zero the partial ones, as
 * truncate_pagecache_range() does, then free or zero the host's blocks.
 * Return: 0, -EOPNOTSUPP (COLLAPSE_RANGE, INSERT_RANGE, UNSHARE_RANGE: not
 * in mmlab), -EBADF if the inode's host descriptor cannot write, or the
 * host's error.
 */
static long host_file_fallocate(struct file *file, int mode, long long offset,
				long long len)
{
	struct inode *inode = file->f_inode;
	int type = mode & ~FALLOC_FL_KEEP_SIZE;
	long err;

	if (type && type != FALLOC_FL_PUNCH_HOLE && type != FALLOC_FL_ZERO_RANGE)
		return -EOPNOTSUPP;
	if (inode->host_fd < 0 || !inode->host_writable)
		return -EBADF;
	if (type) {
		unmap_mapping_range(file->f_mapping, offset, len, /* even_cows = */ false);
		truncate_inode_pages_range(file->f_mapping, offset, offset + len - 1);
	}
	err = hostfs_fallocate(inode->host_fd, mode, offset, len);
	if (err)
		return err;
	if (!(mode & FALLOC_FL_KEEP_SIZE) && (u64)(offset + len) > inode->i_size)
		inode->i_size = (u64)(offset + len);
	return 0;
}

/* ->mmap() of host files: as ext4's without DAX, no MAP_SYNC. */
static int host_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_SYNC)
		return -EOPNOTSUPP;
	return generic_file_mmap(file, vma);
}

/*
 * Regular host files: the page cache (host_file_aops) behind read, write
 * and mmap; mappings get THP-aligned addresses when they can, as ext4's
 * and xfs's ->get_unmapped_area give them.
 */
const struct file_operations host_file_fops = {
	.llseek = generic_file_llseek,
	.read_iter = generic_file_read_iter,
	.write_iter = generic_file_write_iter,
	.mmap = host_file_mmap,
	.fsync = host_file_fsync,
	.get_unmapped_area = thp_get_unmapped_area,
	.fallocate = host_file_fallocate,
};

/*
 * The entries of a host directory: the host's own records, read a page at
 * a time from ctx->pos (the host file system's cookie, which each record's
 * d_off gives for the entry after it), passed on until the actor has
 * taken them all or stops.  The records land in a host buffer on the
 * stack (kmalloc()'s memory is the machine's, which the host's system
 * call cannot write).
 * Return: 0, or the host's error.
 */
int hostfs_iterate_shared(struct file *file, struct dir_context *ctx)
{
	int fd = file->f_inode->host_fd;
	union {
		struct linux_dirent64 d;
		char bytes[PAGE_SIZE];
	} buf;
	struct linux_dirent64 *d;
	long n, off;

	if (fd < 0)
		return -ENOTDIR;
	for (;;) {
		n = hostfs_getdents64(fd, buf.bytes, sizeof(buf), ctx->pos);
		if (n <= 0)
			return (int)n;
		for (off = 0; off < n; off += d->d_reclen) {
			d = (struct linux_dirent64 *)(buf.bytes + off);
			if (d->d_reclen < offsetof(struct linux_dirent64, d_name) + 2 ||
			    d->d_reclen > n - off)
				return -EIO;	/* not a record the host writes */
			if (!dir_emit(ctx, d->d_name, (int)strnlen(d->d_name, NAME_MAX + 1),
				      d->d_ino, d->d_type))
				return 0;
			ctx->pos = d->d_off;
		}
	}
}
