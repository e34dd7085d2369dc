/* SPDX-License-Identifier: MIT */
/*
 * Files, inodes and the page cache.  A task's files are host files opened
 * under the machine's root directory (or /dev/zero); each host inode has
 * one struct address_space, shared by every open of it, whose pages are
 * the page cache: read from the host file on a miss, written back with
 * pwrite on msync/fsync/sync.
 *
 * The O_* values below are Linux x86-64's, which are also the host's: the
 * machine's disk (hw/hostfs.h) takes them as they are.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <sys/types.h>
#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/rbtree.h>

struct mml_machine;
struct page;
struct vm_area_struct;
struct vm_fault;
struct vm_operations_struct;
struct task_struct;
struct mm_struct;

typedef unsigned int fmode_t;
#define FMODE_READ	0x1u
#define FMODE_WRITE	0x2u
#define FMODE_LSEEK	0x4u
#define FMODE_PREAD	0x8u
#define FMODE_PWRITE	0x10u
#define FMODE_UNSIGNED_OFFSET	0x2000u	/* /dev/mem: positions are u64 */
#define FMODE_PATH	0x4000u		/* O_PATH: fget() does not see it */

/* open(2) flags, x86-64 values. */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DSYNC		00010000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_CLOEXEC	02000000
#define O_SYNC		04010000
#define O_PATH		010000000
#define O_LARGEFILE	00100000
#define O_NOATIME	01000000
#define __O_TMPFILE	020000000

#define MAX_LFS_FILESIZE	((long long)0x7fffffffffffffffLL)
#define MAX_RW_COUNT		(0x7fffffffL & ~4095L)	/* INT_MAX & PAGE_MASK */

/*
 * struct xarray - the page cache's index: a radix tree of 64-slot nodes
 * keyed by page index (Linux's xarray without marks or multi-index
 * entries).  Lookups cost one node per 6 bits of the largest index.
 */
struct xa_node;
struct xarray {
	struct xa_node *xa_head;	/* NULL when empty */
};

/* Value entries (shadows): an integer tagged in bit 0, as Linux's. */
static inline void *xa_mk_value(unsigned long v)
{
	return (void *)((v << 1) | 1);
}

static inline unsigned long xa_to_value(const void *entry)
{
	return (unsigned long)entry >> 1;
}

static inline bool xa_is_value(const void *entry)
{
	return (unsigned long)entry & 1;
}

struct address_space_operations;
struct writeback_control;

struct address_space {
	struct inode *host;
	const struct address_space_operations *a_ops;	/* NULL: no backing store */
	struct xarray i_pages;		/* page cache, by index */
	unsigned long nrpages;
	struct rb_root i_mmap;		/* VMAs mapping this file (issue 4) */
	unsigned long i_mmap_count;
	unsigned long nr_dirty;
	struct xarray i_shadows;	/* evicted pages' shadow entries */
	unsigned long nrshadows;
};

/*
 * struct inode.  The first fields are those a driver reads, in the order
 * the driver SDK declares them (include/mmlab/kernel/mmlab_sdk.h; the ABI
 * test in tests/link compares the two).
 */
struct inode {
	struct mml_machine *machine;
	const struct file_operations *i_fop;	/* becomes f_op at open */
	u64 i_rdev;			/* device number of a character device */
	u64 i_size;
	unsigned int i_mode;
	void *i_private;		/* the file system's or driver's */
	u64 i_dev, i_ino;		/* host identity (i_dev: MKDEV(major, minor)) */
	int host_fd;			/* O_RDWR if possible, else O_RDONLY; -1: none */
	bool host_writable;
	int i_count;
	struct address_space i_data;
	struct inode *hash_next;	/* machine's inode table */
	bool i_deleted;			/* shared-anon objects: "(deleted)" */
	unsigned int i_blkbits;		/* stat's st_blksize; 0: PAGE_SIZE */
};

struct file_operations;

struct file {
	int f_count;
	unsigned int f_flags;		/* open flags */
	fmode_t f_mode;
	long long f_pos;
	struct inode *f_inode;
	struct address_space *f_mapping;
	const struct file_operations *f_op;
	char *f_path;			/* as the task's root sees it, for maps */
	void *private_data;		/* the file's owner's (procfs) */
	struct mml_machine *f_machine;
};

struct kiocb;
struct iov_iter;
struct module;

/*
 * struct file_operations - what an open file does, with Linux's
 * signatures; a driver fills in the ones it supports.  do_dentry_open()
 * copies the inode's i_fop into f_op and calls @open.  @read/@write move
 * bytes between the file at *@pos and a buffer in the current task's user
 * memory (a simulated user address, reached with copy_to_user()/
 * copy_from_user()), advance *@pos and return the count or -errno.
 * @read_iter/@write_iter do the same through an iov_iter at
 * iocb->ki_pos: user buffers (read(2), readv(2)) or kernel ones
 * (kernel_read(), the public API's host buffers); read(2) prefers @read,
 * the kernel's own readers need @read_iter.  @llseek returns the new
 * position; @unlocked_ioctl gets what ioctl(2) passes; @mmap may set
 * vm_ops, vm_flags (vm_flags_set()) and vm_page_prot (pgprot_noncached()),
 * or fail, and the mapping is undone; @get_unmapped_area chooses the
 * address of a new mapping (in @mm: Linux uses current->mm); @fsync writes
 * [@start, @end] back (@datasync: data only); @release runs at the last
 * fput().  @owner is the module whose code the operations are: opening
 * takes a reference on it (THIS_MODULE; NULL for the kernel's own).  A
 * NULL @mmap makes mmap() fail with ENODEV, no @read nor @read_iter (or
 * @write, @write_iter) gives EINVAL, a NULL @unlocked_ioctl ENOTTY, a
 * NULL @fsync EINVAL, as in Linux.  The driver SDK declares the same
 * layout (include/mmlab/kernel/linux/fs.h; tests/link checks them).
 */
/*
 * Reading a directory (Linux: struct dir_context): ->iterate_shared()
 * passes each entry from ctx->pos on to ->actor (dir_emit()), and moves
 * ctx->pos past it only when the actor took it; an actor returning false
 * stops the walk.
 */
struct dir_context;
typedef bool (*filldir_t)(struct dir_context *ctx, const char *name,
			  int namlen, long long offset, u64 ino,
			  unsigned int d_type);
struct dir_context {
	filldir_t actor;
	long long pos;
};

static inline bool dir_emit(struct dir_context *ctx, const char *name,
			    int namelen, u64 ino, unsigned int type)
{
	return ctx->actor(ctx, name, namelen, ctx->pos, ino, type);
}

/* fs/readdir.c: ->iterate_shared() from the file's position; -ENOTDIR without one. */
int iterate_dir(struct file *file, struct dir_context *ctx);

struct file_operations {
	struct module *owner;
	long long (*llseek)(struct file *file, long long offset, int whence);
	ssize_t (*read)(struct file *file, char __user *buf, size_t n,
			long long *pos);
	ssize_t (*write)(struct file *file, const char __user *buf, size_t n,
			 long long *pos);
	ssize_t (*read_iter)(struct kiocb *iocb, struct iov_iter *iter);
	ssize_t (*write_iter)(struct kiocb *iocb, struct iov_iter *iter);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd,
			       unsigned long arg);
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	int (*fsync)(struct file *file, long long start, long long end,
		     int datasync);
	unsigned long (*get_unmapped_area)(struct mm_struct *mm,
					   struct file *file, unsigned long addr,
					   unsigned long len, unsigned long pgoff,
					   unsigned long flags);
	long (*fallocate)(struct file *file, int mode, long long offset,
			  long long len);
	int (*iterate_shared)(struct file *file, struct dir_context *ctx);
};

/* What writeback is asked to write: bytes [range_start, range_end]. */
struct writeback_control {
	long long range_start;
	long long range_end;
	long nr_to_write;		/* pages; decremented as they are written */
};

/*
 * struct address_space_operations - how a page cache reaches its backing
 * store.  @read_folio fills a new page (locked in Linux; here the call is
 * synchronous) from the store: 0 or -errno; a mapping without it reads as
 * zeros (shmem).  @writepages writes the dirty pages of @wbc's range back
 * and cleans them; a mapping without it is never written back and its
 * dirty pages are not counted (Linux's mapping_can_writeback()).
 * @dirty_folio marks a page dirty: filemap_dirty_folio() accounts it,
 * noop_dirty_folio() only sets the flag.  mmlab has no struct folio: a
 * "folio" here is a struct page (order 0).
 */
struct address_space_operations {
	int (*read_folio)(struct file *file, struct page *folio);
	int (*writepages)(struct address_space *mapping,
			  struct writeback_control *wbc);
	bool (*dirty_folio)(struct address_space *mapping, struct page *folio);
};

/* SEEK_* of lseek(2). */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4
#define SEEK_MAX	SEEK_HOLE

#define NR_OPEN_DEFAULT 1024

/*
 * A task's open files.  Descriptors 0, 1 and 2 are never handed out:
 * mmlab tasks have no terminal, but fd numbers match those of a host
 * process that has stdin, stdout and stderr open.
 */
#define FD_FIRST	3

struct files_struct {
	int count;
	struct file *fd[NR_OPEN_DEFAULT];
	unsigned long open_fds[NR_OPEN_DEFAULT / (8 * sizeof(long))];
	unsigned long close_on_exec[NR_OPEN_DEFAULT / (8 * sizeof(long))];
};

/* fs/file.c, fs/open.c */
struct files_struct *files_alloc(void);
struct files_struct *dup_fd(struct files_struct *old);
void put_files_struct(struct files_struct *files);
struct file *fget(int fd);	/* no extra ref */
struct file *fget_raw(int fd);	/* O_PATH files too */
struct file *get_file(struct file *f);
void fput(struct file *f);
int get_unused_fd_flags(unsigned int flags);
void fd_install(int fd, struct file *f);
void put_unused_fd(int fd);
void do_close_on_exec(struct files_struct *files);
struct file *alloc_file(struct inode *inode, unsigned int flags,
			const char *path, const struct file_operations *fop);
long do_sys_open(const char *path, int flags, int mode);
/* fs/stat.c */
struct user_stat;
int vfs_getattr_file(struct file *f, struct user_stat *us);
/* fs/namei.c: user-memory paths (the calls are in linux/syscalls.h) */
long getname(unsigned long upath, char *name, bool empty_ok);
long dirfd_resolve(int dfd, char *name);
long close_fd(int fd);
long do_ftruncate(int fd, long long len);
/*
 * kernel_{,p}{read,write}_fd() - the read(2)/write(2)/pread64(2)/
 * pwrite64(2) of descriptor @fd with a kernel (host) buffer: the public
 * API's mml_pread() and friends.  Linux's ksys_*() are the user-buffer
 * bodies of the system calls, which fs/read_write.c has.
 */
long kernel_pread_fd(int fd, void *buf, unsigned long n, long long off);
long kernel_pwrite_fd(int fd, const void *buf, unsigned long n,
		      long long off);
long rw_verify_area(long long pos, unsigned long n);
/*
 * vfs_read()/vfs_write() - read(2)/write(2) of @f at *@pos with @buf in the
 * current task's user memory; kernel_read()/kernel_write() the same with a
 * kernel (host) buffer, through ->read_iter/->write_iter (-EINVAL for a
 * file that has only ->read/->write, as Linux's).  Return: count or -errno.
 */
ssize_t vfs_read(struct file *f, char __user *buf, size_t n, long long *pos);
ssize_t vfs_write(struct file *f, const char __user *buf, size_t n,
		  long long *pos);
ssize_t kernel_read(struct file *f, void *buf, size_t n, long long *pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n,
		     long long *pos);
ssize_t vfs_iter_rw(struct file *f, struct iov_iter *iter, long long *pos);
long kernel_read_fd(int fd, void *buf, unsigned long n);
long kernel_write_fd(int fd, const void *buf, unsigned long n);
long vfs_fsync(struct file *f);
long vfs_fallocate(struct file *file, int mode, long long offset,
		   long long len);
/* fs/direct_io.c: past the page cache (swap files) */
long kernel_read_direct(struct file *f, void *buf, unsigned long n, long long pos);
long kernel_write_direct(struct file *f, const void *buf, unsigned long n,
			 long long pos);
int vfs_getattr_blocks(struct file *f, long long *size, long long *blocks);
int vfs_fsync_range(struct file *file, long long start, long long end,
		    int datasync);
long long vfs_llseek(struct file *file, long long offset, int whence);
long vfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
long long generic_file_llseek(struct file *file, long long offset, int whence);
long long noop_llseek(struct file *file, long long offset, int whence);
/* nonseekable_open() - an ->open() for files without a position. */
int nonseekable_open(struct inode *inode, struct file *file);
int vfs_truncate_file(struct file *f, long long len);
/* The path /proc/PID/maps prints: "/a/b", "/a/b (deleted)", "/dev/zero (deleted)". */
int file_d_path(struct file *f, char *buf, size_t n);

/*
 * Paths the machine provides itself ("/proc/...", "/dev/mem"): if
 * m->open_special is set, do_sys_open() asks it first for every absolute
 * path.  It returns 0 with *@filp a new file (f_count 1), -errno for a
 * failed open of one of its paths, or 1 when the path is not its own.
 * Without it, paths under /proc give -ENOENT.
 */
typedef int (*open_special_t)(const char *path, int flags, int mode,
			      struct file **filp);

/* fs/inode (in fs/open.c) */
struct inode *inode_get(u64 dev, u64 ino);
void iput(struct inode *inode);
struct inode *new_inode(u64 dev, u64 ino);
void inodes_free_all(void);
int inodes_host_fds(int *fds, int max);
long writeback_inodes(long nr_to_write);
int ksys_sync(void);

/* drivers/char/mem.c: /dev/mem, /dev/null, /dev/zero ... (major 1) */
int chr_dev_init(void);
int vfs_open_inode(struct inode *inode, int flags, const char *name,
		   struct file **filp);
/*
 * /dev/mem's read() and write() on a physical range, host buffer side:
 * the bytes moved, or -EFAULT (beyond high_memory), -EPERM (a page it may
 * not reach), -ENOMEM.
 */
long devmem_read_range(phys_addr_t p, void *buf, unsigned long count);
long devmem_write_range(phys_addr_t p, const void *buf, unsigned long count);

/* drivers/misc/drvmap_sample.c: ERR_PTR(-ENOENT) for other paths */
struct inode *drvmap_sample_inode(const char *path);

/*
 * The anonymous shared-memory object behind MAP_SHARED|MAP_ANONYMOUS and
 * shared mappings of /dev/zero (Linux's shmem_zero_setup()): a file named
 * "/dev/zero (deleted)" whose pages live only in its page cache.
 */
struct file *shmem_zero_file(unsigned long size);
int shmem_zero_setup(struct vm_area_struct *vma);
bool vma_is_shmem(const struct vm_area_struct *vma);
bool shmem_mapping(const struct address_space *mapping);
extern const struct vm_operations_struct shmem_anon_vm_ops;
/* mm/shmem.c: swapping a shmem object's pages through it (issue 10) */
struct page;
int shmem_writeout(struct page *page);
struct page *shmem_swapin_folio(struct address_space *mapping, pgoff_t index,
				bool *major);
void shmem_free_swap(void *entry);
int shmem_unuse(unsigned int type);
void shmem_for_each_swap(void (*fn)(unsigned long val, void *arg), void *arg);
unsigned long shmem_swap_usage(struct address_space *mapping, pgoff_t start,
			       pgoff_t end);
int filemap_add_value(struct address_space *mapping, pgoff_t index, void *entry);
void *filemap_load_value(const struct address_space *mapping, pgoff_t index);
void *filemap_erase_value(struct address_space *mapping, pgoff_t index);
void *filemap_find_value(const struct address_space *mapping, pgoff_t *index,
			 pgoff_t max);

/* mm/filemap.c: the page cache */
struct page *find_get_page(struct address_space *mapping, pgoff_t index);
/*
 * filemap_get_page() - the page at @index, read from the host file on a
 * miss (@major set).  Return: the page with a reference, or ERR_PTR.
 */
struct page *filemap_get_page(struct address_space *mapping, pgoff_t index,
			      bool *major);
int add_to_page_cache(struct page *page, struct address_space *mapping,
		      pgoff_t index);
void delete_from_page_cache(struct page *page);
void replace_page_cache_page(struct page *old, struct page *new);
void filemap_remove_folio_shadow(struct page *page, void *shadow);
bool folio_mark_dirty(struct page *page);
bool filemap_dirty_folio(struct address_space *mapping, struct page *folio);
bool noop_dirty_folio(struct address_space *mapping, struct page *folio);
/* Can @mapping write back (has ->writepages)?  Its dirty pages count. */
bool mapping_can_writeback(const struct address_space *mapping);
bool folio_clear_dirty_for_io(struct page *page);
int filemap_write_and_wait_range(struct address_space *mapping, long long start,
				 long long end);
void truncate_inode_pages_range(struct address_space *mapping, long long start,
				long long end);
void truncate_pagecache(struct inode *inode, long long newsize);
void pagecache_isize_extended(struct inode *inode, long long from,
			      long long to);
long filemap_read(struct kiocb *iocb, struct iov_iter *iter, long already_read);
long generic_file_read_iter(struct kiocb *iocb, struct iov_iter *iter);
long generic_perform_write(struct kiocb *iocb, struct iov_iter *iter);
long generic_file_write_iter(struct kiocb *iocb, struct iov_iter *iter);
vm_fault_t filemap_fault(struct vm_fault *vmf);
vm_fault_t filemap_map_pages(struct vm_fault *vmf, pgoff_t start_pgoff,
			     pgoff_t end_pgoff);
vm_fault_t filemap_page_mkwrite(struct vm_fault *vmf);
extern const struct vm_operations_struct generic_file_vm_ops;
int generic_file_mmap(struct file *file, struct vm_area_struct *vma);
/* Next cached page at or after *@index (updated), up to @max; or NULL. */
struct page *filemap_find_next(struct address_space *mapping, pgoff_t *index,
			       pgoff_t max);
/* Check every page cache against its pages and counters; 0 or -EUCLEAN. */
int filemap_audit(char *msg, size_t n);

/*
 * folio_mkclean() - write-protect and clean every shared PTE mapping
 * page-cache page @page; return how many were writable or dirty
 * (writeback then re-dirties the page before writing it).  In
 * mm/filemap.c for now; Linux keeps it in mm/rmap.c.
 * unmap_mapping_range() is mm/rmap.c's, declared in linux/mm.h.
 */
int folio_mkclean(struct page *page);

#endif
