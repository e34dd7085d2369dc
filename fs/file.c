// SPDX-License-Identifier: MIT
/*
 * The file table: struct file, a task's descriptor table (files_struct),
 * fget/fput, and copying the table at fork (dup_fd).
 *
 * struct file and files_struct are host memory; Linux takes them from the
 * filp and files_cache slabs, so each allocation keeps a FAIL_SLAB
 * injection point.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>

#define BITS_PER_LONG	(8 * sizeof(long))

static bool fd_test(const unsigned long *map, int fd)
{
	return map[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

static void fd_set_bit(unsigned long *map, int fd, bool on)
{
	unsigned long bit = 1UL << (fd % BITS_PER_LONG);

	if (on)
		map[fd / BITS_PER_LONG] |= bit;
	else
		map[fd / BITS_PER_LONG] &= ~bit;
}

/**
 * files_alloc() - an empty descriptor table for a new task.
 * Return: the table (count 1), or NULL when out of memory.
 */
struct files_struct *files_alloc(void)
{
	struct files_struct *files;

	if (should_fail(FAIL_SLAB))
		return NULL;
	files = calloc(1, sizeof(*files));
	if (files)
		files->count = 1;
	return files;
}

/**
 * dup_fd() - copy @old for a child of fork(): the same open files, each
 * with one more reference, and the same close-on-exec flags.
 * Return: the new table (count 1), or NULL when out of memory.
 */
struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *files = files_alloc();
	int fd;

	if (!files)
		return NULL;
	for (fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
		/* A reserved but not yet installed slot is not copied. */
		if (!old->fd[fd])
			continue;
		files->fd[fd] = get_file(old->fd[fd]);
		fd_set_bit(files->open_fds, fd, true);
		fd_set_bit(files->close_on_exec, fd,
			   fd_test(old->close_on_exec, fd));
	}
	return files;
}

/**
 * put_files_struct() - drop a reference to @files; the last one closes
 * every descriptor and frees the table.
 */
void put_files_struct(struct files_struct *files)
{
	int fd;

	if (!files || --files->count > 0)
		return;
	for (fd = 0; fd < NR_OPEN_DEFAULT; fd++)
		if (files->fd[fd])
			fput(files->fd[fd]);
	free(files);
}

/**
 * do_close_on_exec() - close every descriptor marked close-on-exec, as
 * execve() does.
 */
void do_close_on_exec(struct files_struct *files)
{
	int fd;

	for (fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
		if (!files->fd[fd] || !fd_test(files->close_on_exec, fd))
			continue;
		fput(files->fd[fd]);
		files->fd[fd] = NULL;
		fd_set_bit(files->open_fds, fd, false);
		fd_set_bit(files->close_on_exec, fd, false);
	}
}

/**
 * fget_raw() - the file at descriptor @fd of the current task, O_PATH
 * files included.
 * No reference is taken: the caller uses it before the task can close it.
 * Return: the file, or NULL when @fd is not open.
 */
struct file *fget_raw(int fd)
{
	if (!current->files || fd < 0 || fd >= NR_OPEN_DEFAULT)
		return NULL;
	return current->files->fd[fd];
}

/**
 * fget() - as fget_raw(), but an O_PATH file counts as not open (Linux's
 * fdget() gives EBADF for it in read, write, mmap ...).
 */
struct file *fget(int fd)
{
	struct file *f = fget_raw(fd);

	if (f && (f->f_mode & FMODE_PATH))
		return NULL;
	return f;
}

/** get_file() - take a reference to @f.  Return: @f. */
struct file *get_file(struct file *f)
{
	f->f_count++;
	return f;
}

/**
 * fput() - drop a reference to @f; the last one releases its inode (the
 * inode's own last reference writes its dirty pages back).
 */
void fput(struct file *f)
{
	if (!f || --f->f_count > 0)
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	if (f->f_op)
		module_put(f->f_op->owner);	/* fops_put() */
	if (f->f_inode)
		iput(f->f_inode);
	free(f->f_path);
	free(f);
}

/**
 * alloc_file() - a new open file of @inode, taking over the caller's
 * reference to @inode (on failure too).
 * @flags: the open flags, which set f_mode.
 * @path: the name maps will print.
 * Return: the file (f_count 1), or NULL when out of memory.
 */
struct file *alloc_file(struct inode *inode, unsigned int flags,
			const char *path, const struct file_operations *fop)
{
	struct mml_machine *m = current_machine();
	struct file *f = NULL;

	if (!should_fail(FAIL_SLAB))
		f = calloc(1, sizeof(*f));
	if (f)
		f->f_path = strdup(path);
	if (!f || !f->f_path) {
		free(f);
		iput(inode);
		return NULL;
	}
	f->f_count = 1;
	f->f_flags = flags;
	f->f_machine = m;
	f->f_inode = inode;
	f->f_mapping = &inode->i_data;
	f->f_op = fop;
	if (flags & O_PATH) {
		f->f_mode = FMODE_PATH;
		return f;
	}
	if ((flags & O_ACCMODE) != O_WRONLY)
		f->f_mode |= FMODE_READ;
	if ((flags & O_ACCMODE) != O_RDONLY)
		f->f_mode |= FMODE_WRITE;
	return f;
}

/**
 * get_unused_fd_flags() - reserve the lowest free descriptor of the
 * current task at or above FD_FIRST, below RLIMIT_NOFILE.
 * @flags: O_CLOEXEC marks it close-on-exec.
 * Return: the descriptor, or -EMFILE.
 */
int get_unused_fd_flags(unsigned int flags)
{
	struct files_struct *files = current->files;
	unsigned long limit = min(rlimit(current, RLIMIT_NOFILE),
				  (unsigned long)NR_OPEN_DEFAULT);
	int fd;

	if (!files)
		return -EMFILE;
	for (fd = FD_FIRST; (unsigned long)fd < limit; fd++) {
		if (fd_test(files->open_fds, fd))
			continue;
		fd_set_bit(files->open_fds, fd, true);
		fd_set_bit(files->close_on_exec, fd, flags & O_CLOEXEC);
		return fd;
	}
	return -EMFILE;
}

/** put_unused_fd() - give back a descriptor reserved but not installed. */
void put_unused_fd(int fd)
{
	fd_set_bit(current->files->open_fds, fd, false);
	fd_set_bit(current->files->close_on_exec, fd, false);
}

/** fd_install() - make reserved descriptor @fd refer to @f (takes the ref). */
void fd_install(int fd, struct file *f)
{
	current->files->fd[fd] = f;
}

/**
 * close_fd() - close(2): release descriptor @fd of the current task.
 * Return: 0, or -EBADF when @fd is not open.
 */
long close_fd(int fd)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	current->files->fd[fd] = NULL;
	put_unused_fd(fd);
	fput(f);
	return 0;
}
