// SPDX-License-Identifier: MIT
/*
 * Files and the page cache: open/close and their errno against the host's
 * own open(2), confinement under the machine's root, pread/pwrite through
 * the page cache and the host file's bytes after writeback, truncate,
 * shared inodes, /dev/zero, shared anonymous objects, the page cache's
 * radix tree, fork's descriptor copy, and fault injection on every
 * allocation of the open, read and write paths.
 *
 * <fcntl.h> clashes with linux/fs.h: host opens go through syscall(2).
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <criterion/criterion.h>
#include <linux/kernel.h>
#include <linux/mm_inline.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/falloc.h>
#include <linux/kdev_t.h>
#include <linux/sched.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

/* --- fixtures ------------------------------------------------------------ */

static char root[64];

static void make_root(void)
{
	strcpy(root, "/tmp/mmlab-test-fs-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
}

static void remove_root(void)
{
	char cmd[PATH_MAX + 16];

	if (!root[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
	root[0] = '\0';
}

static struct mml_machine *fs_machine(const char *dir)
{
	struct mml_config cfg;
	struct mml_machine *m;
	char msg[256];
	int err;

	mml_config_init(&cfg);
	cfg.ram_size = 128ULL << 20;
	cfg.cmdline = "page_poison=on";
	cfg.root = dir;
	m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	cr_assert_not_null(m, "boot failed: %d %s", err, msg);
	test_use_machine(m);
	return m;
}

static struct task_struct *fs_task(struct mml_machine *m)
{
	struct task_struct *t = calloc(1, sizeof(*t));
	int i;

	cr_assert_not_null(t);
	t->machine = m;
	t->pid = 1;
	for (i = 0; i < RLIM_NLIMITS; i++)
		t->rlim[i].rlim_cur = t->rlim[i].rlim_max = RLIM_INFINITY;
	t->rlim[RLIMIT_NOFILE].rlim_cur = 1024;
	t->files = files_alloc();
	cr_assert_not_null(t->files);
	test_use_task(t);
	return t;
}

static void fs_task_free(struct task_struct *t)
{
	if (get_current() == t)
		test_use_machine(t->machine);
	put_files_struct(t->files);
	free(t);
}

static void check(struct mml_machine *m)
{
	char msg[256];

	test_audit(m);
	cr_assert_eq(filemap_audit(msg, sizeof(msg)), 0, "%s", msg);
}

static void host_path(char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", root, name);
}

static void host_write(const char *name, const void *data, size_t n)
{
	char p[PATH_MAX];
	FILE *f;

	host_path(p, name);
	f = fopen(p, "wb");
	cr_assert_not_null(f, "%s", p);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

/* The host file's bytes (malloc'd) and its size in *@n. */
static char *host_read(const char *name, size_t *n)
{
	char p[PATH_MAX], *buf;
	struct stat st;
	FILE *f;

	host_path(p, name);
	cr_assert_eq(stat(p, &st), 0, "%s", p);
	buf = calloc(1, (size_t)st.st_size + 1);
	f = fopen(p, "rb");
	cr_assert_not_null(f);
	cr_assert_eq(fread(buf, 1, (size_t)st.st_size, f), (size_t)st.st_size);
	fclose(f);
	*n = (size_t)st.st_size;
	return buf;
}

/* open(2) on the host, of @name under the root: the fd closed, or -errno. */
static long host_open_errno(const char *name, int flags, int mode)
{
	char p[PATH_MAX];
	long fd;

	snprintf(p, sizeof(p), "%s%s%s", root, name[0] == '/' ? "" : "/", name);
	fd = syscall(SYS_openat, -100, p, flags | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	close((int)fd);
	return 0;
}

static int count_host_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	cr_assert_not_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void pattern(char *buf, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (char)('a' + (i * 7 + seed) % 26);
}

/* Free pages, those on the per-cpu lists included. */
static unsigned long free_now(struct mml_machine *m)
{
	drain_local_pages();
	return nr_free_pages();
}

static struct inode *fd_inode(struct task_struct *t, int fd)
{
	struct file *f = fget_raw(fd);

	cr_assert_not_null(f, "fd %d not open", fd);
	return f->f_inode;
}

TestSuite(fs, .init = make_root, .fini = remove_root);

/* --- open and close ------------------------------------------------------- */

Test(fs, open_close_lowest_fd)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);

	host_write("a", "hello", 5);
	cr_assert_eq(do_sys_open("/a", O_RDONLY, 0), 3);
	cr_assert_eq(do_sys_open("a", O_RDONLY, 0), 4);
	cr_assert_eq(do_sys_open("//./a", O_RDWR, 0), 5);
	check(m);
	cr_assert_eq(close_fd(4), 0);
	cr_assert_eq(close_fd(4), -EBADF);
	cr_assert_eq(do_sys_open("/a", O_RDONLY, 0), 4, "lowest free first");
	cr_assert_eq(close_fd(0), -EBADF, "0-2 are never handed out");
	cr_assert_eq(close_fd(-1), -EBADF);
	cr_assert_eq(close_fd(100000), -EBADF);
	cr_assert_eq(m->nr_inodes, 1, "one inode for three opens");
	check(m);
	fs_task_free(t);
	cr_assert_eq(m->nr_inodes, 0);
	check(m);
	mml_machine_free(m);
}

Test(fs, open_errno_as_host)
{
	static const struct { const char *path; int flags; } cases[] = {
		{ "/nonexistent", O_RDONLY },
		{ "/a", O_CREAT | O_EXCL | O_RDWR },
		{ "/a", O_DIRECTORY },
		{ "/a/", O_RDONLY },
		{ "/a/b", O_RDONLY },
		{ "/d", O_WRONLY },
		{ "/d", O_RDWR },
		{ "/d", O_RDONLY | O_DIRECTORY },
		{ "/link", O_RDONLY | O_NOFOLLOW },
		{ "/link", O_RDONLY },
		{ "/dangling", O_RDONLY },
		{ "/dangling", O_RDONLY | O_CREAT },
		{ "/new", O_WRONLY | O_CREAT | O_EXCL },
		{ "/d/x", O_WRONLY | O_CREAT | O_DIRECTORY },
		{ "/a", O_PATH | O_RDWR | O_TRUNC },
	};
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char p[PATH_MAX], tgt[PATH_MAX];
	size_t i;

	host_write("a", "x", 1);
	host_path(p, "d");
	cr_assert_eq(mkdir(p, 0755), 0);
	host_path(p, "link");
	cr_assert_eq(symlink("a", p), 0);
	host_path(p, "dangling");
	host_path(tgt, "gone");
	cr_assert_eq(symlink("gone", p), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		long ours = do_sys_open(cases[i].path, cases[i].flags, 0644);
		long host;

		if (ours >= 0)
			cr_assert_eq(close_fd((int)ours), 0);
		/* The host call creates what ours created: remove it first. */
		if (ours >= 0 && (cases[i].flags & O_CREAT)) {
			host_path(p, cases[i].path + 1);
			unlink(p);
			unlink(tgt);
		}
		host = host_open_errno(cases[i].path, cases[i].flags, 0644);
		cr_assert_eq(ours < 0 ? ours : 0, host, "%s %#x: mmlab %ld host %ld",
			     cases[i].path, cases[i].flags, ours, host);
		check(m);
	}
	cr_assert_eq(do_sys_open("", O_RDONLY, 0), -ENOENT);
	cr_assert_eq(do_sys_open(NULL, O_RDONLY, 0), -EFAULT);
	{
		char *longp = malloc(PATH_MAX + 10);

		memset(longp, 'x', PATH_MAX + 9);
		longp[PATH_MAX + 9] = '\0';
		cr_assert_eq(do_sys_open(longp, O_RDONLY, 0), -ENAMETOOLONG);
		free(longp);
	}
	m->open_special = NULL;		/* (this fake task has no mm) */
	cr_assert_eq(do_sys_open("/proc/self/maps", O_RDONLY, 0), -ENOENT,
		     "/proc without the procfs hook");
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

Test(fs, emfile_at_rlimit_nofile)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);

	host_write("a", "x", 1);
	t->rlim[RLIMIT_NOFILE].rlim_cur = 6;
	cr_assert_eq(do_sys_open("/a", O_RDONLY, 0), 3);
	cr_assert_eq(do_sys_open("/a", O_RDONLY, 0), 4);
	cr_assert_eq(do_sys_open("/a", O_RDONLY, 0), 5);
	cr_assert_eq(do_sys_open("/a", O_RDONLY, 0), -EMFILE);
	/* EMFILE comes before the lookup, as in Linux. */
	cr_assert_eq(do_sys_open("/nonexistent", O_RDONLY, 0), -EMFILE);
	cr_assert_eq(close_fd(4), 0);
	cr_assert_eq(do_sys_open("/a", O_RDONLY, 0), 4);
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

/* --- the root ------------------------------------------------------------- */

Test(fs, root_confines_dotdot_and_symlinks)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char p[PATH_MAX], buf[16] = { 0 };
	long fd;

	host_path(p, "evil");
	cr_assert_eq(symlink("/etc/passwd", p), 0);
	host_path(p, "up");
	cr_assert_eq(symlink("../../../../../..", p), 0);
	cr_assert_eq(access("/etc/passwd", R_OK), 0, "the host has /etc/passwd");
	cr_assert_eq(do_sys_open("/evil", O_RDONLY, 0), -ENOENT);
	cr_assert_eq(do_sys_open("../../../../etc/passwd", O_RDONLY, 0), -ENOENT);
	cr_assert_eq(do_sys_open("/up/etc/passwd", O_RDONLY, 0), -ENOENT);
	cr_assert_eq(do_sys_open("/up/tmp", O_RDONLY | O_DIRECTORY, 0), -ENOENT);
	/* A magic link is refused even where it exists. */
	host_path(p, "self");
	cr_assert_eq(symlink("/proc/self/fd/0", p), 0);
	cr_assert_lt(do_sys_open("/self", O_RDONLY, 0), 0);

	/* The same names find the root's own files. */
	host_path(p, "etc");
	cr_assert_eq(mkdir(p, 0755), 0);
	host_write("etc/passwd", "inside", 6);
	fd = do_sys_open("/evil", O_RDONLY, 0);
	cr_assert_eq(fd, 3);
	cr_assert_eq(kernel_pread_fd((int)fd, buf, sizeof(buf), 0), 6);
	cr_assert_str_eq(buf, "inside");
	cr_assert_eq(file_d_path(fget((int)fd), p, sizeof(p)), 11);
	cr_assert_str_eq(p, "/etc/passwd", "maps name is root-relative");
	cr_assert_eq(do_sys_open("/up/etc/passwd", O_RDONLY, 0), 4);
	cr_assert_eq(fd_inode(t, 3), fd_inode(t, 4));
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

Test(fs, root_slash_is_the_host)
{
	struct mml_machine *m = fs_machine("/");
	struct task_struct *t = fs_task(m);
	char p[PATH_MAX], name[PATH_MAX], buf[8] = { 0 };
	long fd;

	host_write("f", "HOSTDATA", 8);
	host_path(p, "f");
	fd = do_sys_open(p, O_RDONLY, 0);
	cr_assert_eq(fd, 3);
	cr_assert_eq(kernel_pread_fd(3, buf, 8, 0), 8);
	cr_assert_eq(memcmp(buf, "HOSTDATA", 8), 0);
	cr_assert_gt(file_d_path(fget(3), name, sizeof(name)), 0);
	cr_assert_str_eq(name, p);
	cr_assert_eq(unlink(p), 0);
	cr_assert_gt(file_d_path(fget(3), name, sizeof(name)), 0);
	strcat(p, " (deleted)");
	cr_assert_str_eq(name, p);
	/* /dev/zero of the host is the machine's /dev/zero. */
	cr_assert_eq(do_sys_open("/dev/zero", O_RDONLY, 0), 4);
	cr_assert_eq(fget(4)->f_inode->i_rdev, MKDEV(1, 5));
	cr_assert_eq(kernel_read_fd(4, buf, 8), 8);
	cr_assert_eq(memcmp(buf, "\0\0\0\0\0\0\0\0", 8), 0, "the machine's driver read");
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

/* --- reading and writing through the page cache ----------------------------- */

Test(fs, pread_pwrite_through_cache_and_fsync)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char data[10000], buf[10000], *host;
	struct inode *inode;
	size_t n;

	pattern(data, sizeof(data), 1);
	host_write("f", data, sizeof(data));
	cr_assert_eq(do_sys_open("/f", O_RDWR, 0), 3);
	inode = fd_inode(t, 3);
	cr_assert_eq(inode->i_size, 10000);
	cr_assert(inode->host_writable);
	cr_assert_eq(kernel_pread_fd(3, buf, 20, 4090), 20);
	cr_assert_eq(memcmp(buf, data + 4090, 20), 0);
	cr_assert_eq(inode->i_data.nrpages, 2, "pages 0 and 1 read in");
	cr_assert_eq(kernel_pread_fd(3, buf, sizeof(buf), 9990), 10, "short at EOF");
	cr_assert_eq(kernel_pread_fd(3, buf, 10, 10000), 0);
	cr_assert_eq(kernel_pread_fd(3, buf, 10, 1L << 40), 0);
	check(m);

	cr_assert_eq(kernel_pwrite_fd(3, "XYZ", 3, 5000), 3);
	memcpy(data + 5000, "XYZ", 3);
	cr_assert_eq(kernel_pread_fd(3, buf, 10000, 0), 10000);
	cr_assert_eq(memcmp(buf, data, 10000), 0);
	cr_assert_eq(inode->i_data.nr_dirty, 1);
	cr_assert_eq(m->nr_file_dirty, 1);
	host = host_read("f", &n);
	cr_assert_eq(memcmp(host + 5000, "XYZ", 3) != 0, 1, "not written back yet");
	free(host);
	check(m);

	cr_assert_eq(vfs_fsync(fget(3)), 0);
	cr_assert_eq(inode->i_data.nr_dirty, 0);
	host = host_read("f", &n);
	cr_assert_eq(n, 10000);
	cr_assert_eq(memcmp(host, data, 10000), 0);
	free(host);
	check(m);

	/* Extending with a hole: zeros between, host size exact. */
	cr_assert_eq(kernel_pwrite_fd(3, "END", 3, 20000), 3);
	cr_assert_eq(inode->i_size, 20003);
	cr_assert_eq(kernel_pread_fd(3, buf, 100, 10000), 100);
	for (n = 0; n < 100; n++)
		cr_assert_eq(buf[n], 0);
	cr_assert_eq(vfs_fsync(fget(3)), 0);
	host = host_read("f", &n);
	cr_assert_eq(n, 20003);
	cr_assert_eq(memcmp(host + 20000, "END", 3), 0);
	cr_assert_eq(host[15000], 0);
	free(host);
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

Test(fs, read_write_errors)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char p[PATH_MAX], buf[16];

	host_write("f", "0123456789", 10);
	host_path(p, "d");
	cr_assert_eq(mkdir(p, 0755), 0);
	cr_assert_eq(do_sys_open("/f", O_RDONLY, 0), 3);
	cr_assert_eq(do_sys_open("/f", O_WRONLY, 0), 4);
	cr_assert_eq(do_sys_open("/d", O_RDONLY, 0), 5);
	cr_assert_eq(do_sys_open("/f", O_PATH, 0), 6);
	cr_assert_eq(kernel_pread_fd(3, buf, 4, -1), -EINVAL);
	cr_assert_eq(kernel_pread_fd(99, buf, 4, -1), -EINVAL, "offset checked first");
	cr_assert_eq(kernel_pread_fd(99, buf, 4, 0), -EBADF);
	cr_assert_eq(kernel_pwrite_fd(3, "x", 1, 0), -EBADF, "read-only fd");
	cr_assert_eq(kernel_pread_fd(4, buf, 4, 0), -EBADF, "write-only fd");
	cr_assert_eq(kernel_pread_fd(5, buf, 4, 0), -EISDIR);
	cr_assert_eq(kernel_pread_fd(5, buf, 0, 0), -EISDIR);
	cr_assert_eq(kernel_pwrite_fd(5, "x", 1, 0), -EBADF);
	cr_assert_eq(kernel_pread_fd(6, buf, 4, 0), -EBADF, "O_PATH");
	cr_assert_eq(do_ftruncate(6, 0), -EBADF, "O_PATH");
	cr_assert_eq(kernel_pread_fd(3, buf, (unsigned long)LONG_MAX + 1, 0), -EINVAL);
	cr_assert_eq(kernel_pwrite_fd(4, "x", 1, LLONG_MAX), -EINVAL, "pos + n overflows");
	cr_assert_eq(kernel_pwrite_fd(4, "x", 0, LLONG_MAX), 0);
	cr_assert_eq(kernel_pread_fd(3, NULL, 4, 0), -EFAULT);
	cr_assert_eq(kernel_pread_fd(3, buf, 0, 0), 0);
	cr_assert_eq(close_fd(6), 0, "O_PATH descriptors close");
	check(m);

	/* read/write at the file position */
	cr_assert_eq(kernel_read_fd(3, buf, 4), 4);
	cr_assert_eq(kernel_read_fd(3, buf + 4, 4), 4);
	cr_assert_eq(memcmp(buf, "01234567", 8), 0);
	cr_assert_eq(kernel_write_fd(4, "ab", 2), 2);
	cr_assert_eq(kernel_write_fd(4, "cd", 2), 2);
	cr_assert_eq(kernel_pread_fd(3, buf, 10, 0), 10);
	cr_assert_eq(memcmp(buf, "abcd456789", 10), 0);
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

Test(fs, append_writes_at_eof)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char *host;
	size_t n;

	host_write("f", "abc", 3);
	cr_assert_eq(do_sys_open("/f", O_WRONLY | O_APPEND, 0), 3);
	cr_assert_eq(kernel_pwrite_fd(3, "de", 2, 0), 2, "pwrite appends, as Linux");
	cr_assert_eq(kernel_write_fd(3, "f", 1), 1);
	cr_assert_eq(vfs_fsync(fget(3)), 0);
	host = host_read("f", &n);
	cr_assert_eq(n, 6);
	cr_assert_eq(memcmp(host, "abcdef", 6), 0);
	free(host);
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

Test(fs, writeback_at_close_and_machine_free)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char *host;
	size_t n;

	host_write("a", "aaaa", 4);
	host_write("b", "bbbb", 4);
	cr_assert_eq(do_sys_open("/a", O_RDWR, 0), 3);
	cr_assert_eq(do_sys_open("/b", O_RDWR, 0), 4);
	cr_assert_eq(kernel_pwrite_fd(3, "A", 1, 0), 1);
	cr_assert_eq(kernel_pwrite_fd(4, "B", 1, 8192), 1);
	cr_assert_eq(close_fd(3), 0);
	host = host_read("a", &n);
	cr_assert_eq(memcmp(host, "Aaaa", 4), 0, "the last close writes back");
	free(host);
	check(m);
	/* fd 4 stays open: the machine's shutdown writes it back. */
	mml_machine_free(m);
	/* The orphaned table's memory (its inode went with the machine). */
	free(t->files->fd[4]->f_path);
	free(t->files->fd[4]);
	free(t->files);
	free(t);
	host = host_read("b", &n);
	cr_assert_eq(n, 8193);
	cr_assert_eq(memcmp(host, "bbbb", 4), 0);
	cr_assert_eq(host[8192], 'B');
	free(host);
}

Test(fs, sync_and_periodic_writeback)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char *host;
	size_t n;

	host_write("a", "aaaa", 4);
	host_write("b", "bbbb", 4);
	cr_assert_eq(do_sys_open("/a", O_RDWR, 0), 3);
	cr_assert_eq(do_sys_open("/b", O_RDWR, 0), 4);
	cr_assert_eq(kernel_pwrite_fd(3, "A", 1, 0), 1);
	cr_assert_eq(kernel_pwrite_fd(3, "A", 1, 4096), 1);
	cr_assert_eq(kernel_pwrite_fd(4, "B", 1, 0), 1);
	cr_assert_eq(m->nr_file_dirty, 3);
	{
		long w = writeback_inodes(1);	/* whole inodes, then stop */

		cr_assert(w == 1 || w == 2, "wrote %ld", w);
		cr_assert_eq(m->nr_file_dirty, 3 - (unsigned long)w);
	}
	check(m);
	cr_assert_eq(ksys_sync(), 0);
	cr_assert_eq(m->nr_file_dirty, 0);
	cr_assert_eq(writeback_inodes(LONG_MAX), 0);
	host = host_read("a", &n);
	cr_assert_eq(n, 4097);
	cr_assert_eq(host[0], 'A');
	cr_assert_eq(host[4096], 'A');
	free(host);
	host = host_read("b", &n);
	cr_assert_eq(memcmp(host, "Bbbb", 4), 0);
	free(host);
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

/* --- truncate ------------------------------------------------------------- */

/*
 * Punching a hole goes through the file system's ->fallocate() (hostfs's
 * for host files, as madvise(MADV_REMOVE) does): the cached pages in the
 * range go, dirty or not, the host file reads zeros there and keeps its
 * size.  vfs_fallocate() refuses what Linux's refuses, in Linux's order.
 */
Test(fs, vfs_fallocate_punch_hole)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	const int punch = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
	char data[3 * 4096], buf[3 * 4096], *host;
	struct inode *inode;
	struct file *f;
	size_t n;

	pattern(data, sizeof(data), 3);
	host_write("f", data, sizeof(data));
	cr_assert_eq(do_sys_open("/f", O_RDWR, 0), 3);
	cr_assert_eq(do_sys_open("/f", O_RDONLY, 0), 4);
	cr_assert_eq(do_sys_open("/dev/zero", O_RDWR, 0), 5);
	f = fget(3);
	inode = f->f_inode;
	cr_assert_eq(kernel_pread_fd(3, buf, sizeof(buf), 0), (long)sizeof(buf));
	cr_assert_eq(kernel_pwrite_fd(3, "dirty", 5, 4096 + 10), 5);
	cr_assert_eq(inode->i_data.nrpages, 3);
	cr_assert_eq(inode->i_data.nr_dirty, 1);

	cr_assert_eq(vfs_fallocate(f, punch, -1, 4096), -EINVAL);
	cr_assert_eq(vfs_fallocate(f, punch, 0, 0), -EINVAL);
	cr_assert_eq(vfs_fallocate(f, 0x80, 0, 4096), -EOPNOTSUPP, "unknown mode");
	cr_assert_eq(vfs_fallocate(f, FALLOC_FL_PUNCH_HOLE, 0, 4096), -EOPNOTSUPP,
		     "a hole must keep the size");
	cr_assert_eq(vfs_fallocate(fget(4), punch, 0, 4096), -EBADF,
		     "not open for writing");
	cr_assert_eq(vfs_fallocate(fget(5), punch, 0, 4096), -ENODEV,
		     "/dev/zero is not a regular file");
	cr_assert_eq(vfs_fallocate(f, punch, LLONG_MAX, 2), -EFBIG);
	cr_assert_eq(vfs_fallocate(f, FALLOC_FL_COLLAPSE_RANGE, 0, 4096), -EOPNOTSUPP,
		     "mmlab: no collapse, insert or unshare");
	cr_assert_eq(inode->i_data.nrpages, 3, "refused calls drop nothing");
	check(m);

	cr_assert_eq(vfs_fallocate(f, punch, 4096, 4096), 0);
	cr_assert_eq(inode->i_data.nrpages, 2, "page 1 dropped");
	cr_assert_eq(inode->i_data.nr_dirty, 0, "its dirty bytes discarded");
	cr_assert_eq(inode->i_size, sizeof(data), "KEEP_SIZE");
	memset(data + 4096, 0, 4096);
	cr_assert_eq(kernel_pread_fd(3, buf, sizeof(buf), 0), (long)sizeof(buf));
	cr_assert_eq(memcmp(buf, data, sizeof(buf)), 0);
	host = host_read("f", &n);
	cr_assert_eq(n, sizeof(data));
	cr_assert_eq(memcmp(host, data, sizeof(data)), 0, "the host's hole");
	free(host);
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

Test(fs, ftruncate_shrink_and_grow)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char data[12288], buf[12288], *host;
	struct inode *inode;
	struct page *page;
	size_t n;

	pattern(data, sizeof(data), 3);
	host_write("f", data, sizeof(data));
	cr_assert_eq(do_sys_open("/f", O_RDWR, 0), 3);
	cr_assert_eq(do_sys_open("/f", O_RDONLY, 0), 4);
	inode = fd_inode(t, 3);
	cr_assert_eq(kernel_pread_fd(3, buf, sizeof(buf), 0), 12288);
	cr_assert_eq(inode->i_data.nrpages, 3);
	cr_assert_eq(kernel_pwrite_fd(3, "Z", 1, 10000), 1, "a dirty page to drop");

	cr_assert_eq(do_ftruncate(3, 5000), 0);
	cr_assert_eq(inode->i_size, 5000);
	cr_assert_eq(inode->i_data.nrpages, 2, "page 2 dropped, page 1 kept");
	cr_assert_eq(inode->i_data.nr_dirty, 0);
	page = find_get_page(&inode->i_data, 1);
	cr_assert_not_null(page);
	for (n = 5000 - 4096; n < 4096; n++)
		cr_assert_eq(((char *)page_host(page))[n], 0, "tail zeroed at %zu", n);
	/* A store through a mapping past EOF (simulated) ... */
	memset((char *)page_host(page) + 1000, 'G', 100);
	put_page(page);
	cr_assert_eq(kernel_pread_fd(4, buf, sizeof(buf), 0), 5000);
	cr_assert_eq(memcmp(buf, data, 5000), 0);
	host = host_read("f", &n);
	cr_assert_eq(n, 5000);
	free(host);
	check(m);

	/* ... is not exposed when the file grows: zeros, as Linux 6.x. */
	cr_assert_eq(do_ftruncate(3, 9000), 0);
	cr_assert_eq(kernel_pread_fd(4, buf, sizeof(buf), 0), 9000);
	cr_assert_eq(memcmp(buf, data, 5000), 0);
	for (n = 5000; n < 9000; n++)
		cr_assert_eq(buf[n], 0, "byte %zu", n);
	host = host_read("f", &n);
	cr_assert_eq(n, 9000);
	free(host);
	check(m);

	cr_assert_eq(do_ftruncate(4, 0), -EINVAL, "read-only fd");
	cr_assert_eq(do_ftruncate(3, -1), -EINVAL);
	cr_assert_eq(do_ftruncate(77, -1), -EINVAL, "length checked first");
	cr_assert_eq(do_ftruncate(77, 0), -EBADF);
	cr_assert_eq(do_ftruncate(3, 0), 0);
	cr_assert_eq(inode->i_data.nrpages, 0);
	cr_assert_eq(kernel_pread_fd(4, buf, 10, 0), 0);

	/* O_TRUNC at open empties the cache too. */
	cr_assert_eq(kernel_pwrite_fd(3, "abc", 3, 0), 3);
	cr_assert_eq(do_sys_open("/f", O_RDWR | O_TRUNC, 0), 5);
	cr_assert_eq(inode->i_size, 0);
	cr_assert_eq(inode->i_data.nrpages, 0);
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

Test(fs, two_opens_share_inode_and_cache)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char p[PATH_MAX], q[PATH_MAX], buf[4];

	host_write("f", "1234", 4);
	host_path(p, "f");
	host_path(q, "hard");
	cr_assert_eq(link(p, q), 0);
	cr_assert_eq(do_sys_open("/f", O_RDONLY, 0), 3);
	cr_assert_eq(do_sys_open("/hard", O_RDWR, 0), 4);
	cr_assert_eq(fd_inode(t, 3), fd_inode(t, 4));
	cr_assert_eq(fget(3)->f_mapping, fget(4)->f_mapping);
	cr_assert(fd_inode(t, 3)->host_writable, "upgraded or reopened read-write");
	cr_assert_eq(fd_inode(t, 3)->i_count, 2);
	cr_assert_eq(kernel_pwrite_fd(4, "ab", 2, 1), 2);
	cr_assert_eq(kernel_pread_fd(3, buf, 4, 0), 4);
	cr_assert_eq(memcmp(buf, "1ab4", 4), 0, "a write is seen by every open");
	cr_assert_eq(fd_inode(t, 3)->i_data.nrpages, 1);
	cr_assert_eq(close_fd(4), 0);
	cr_assert_eq(fd_inode(t, 3)->i_count, 1);
	cr_assert_eq(fd_inode(t, 3)->i_data.nrpages, 1, "the cache lives on");
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

/* --- fork's copy of the table -------------------------------------------------- */

Test(fs, dup_fd_and_close_on_exec)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m), *c;
	struct files_struct *copy;
	struct file *f3;
	int nth;

	host_write("f", "x", 1);
	cr_assert_eq(do_sys_open("/f", O_RDONLY, 0), 3);
	cr_assert_eq(do_sys_open("/f", O_RDONLY | O_CLOEXEC, 0), 4);
	for (nth = 0;; nth++) {
		m->fail_nth[FAIL_SLAB] = nth;
		copy = dup_fd(t->files);
		m->fail_nth[FAIL_SLAB] = -1;
		if (copy)
			break;
		check(m);
	}
	c = calloc(1, sizeof(*c));
	*c = *t;
	c->files = copy;
	f3 = fget(3);
	test_use_task(c);
	cr_assert_eq(fget(3), f3);
	cr_assert_eq(f3->f_count, 2);
	cr_assert_eq(close_fd(3), 0);
	cr_assert_eq(f3->f_count, 1);
	cr_assert_eq(do_sys_open("/f", O_RDONLY, 0), 3);
	do_close_on_exec(c->files);
	cr_assert_null(fget(4));
	test_use_task(t);
	cr_assert_not_null(fget(4));
	check(m);
	fs_task_free(c);
	fs_task_free(t);
	cr_assert_eq(m->nr_inodes, 0);
	mml_machine_free(m);
}

/* --- /dev/zero and shared anonymous memory ------------------------------------- */

static struct vm_area_struct *fake_vma(struct mm_struct *mm, struct file *f,
				       unsigned long len, unsigned long flags)
{
	struct vm_area_struct *vma = calloc(1, sizeof(*vma));

	vma->vm_mm = mm;
	vma->vm_start = 0x10000000UL;
	vma->vm_end = vma->vm_start + len;
	vma->vm_flags = flags;
	vma->vm_file = f ? get_file(f) : NULL;
	return vma;
}

static vm_fault_t fake_fault(struct vm_area_struct *vma, pgoff_t pgoff,
			     struct page **page)
{
	struct vm_fault vmf = { .vma = vma, .pgoff = pgoff };
	vm_fault_t ret = vma->vm_ops->fault(&vmf);

	*page = vmf.page;
	return ret;
}

Test(fs, dev_zero)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	struct mm_struct mm = { .machine = m };
	struct vm_area_struct *priv, *shared;
	char buf[64], name[64];
	struct page *page;
	unsigned long free0;

	cr_assert_eq(do_sys_open("/dev/zero", O_RDWR, 0), 3);
	cr_assert_eq(do_sys_open("dev//./zero", O_RDONLY, 0), 4);
	cr_assert_eq(fd_inode(t, 3), fd_inode(t, 4));
	cr_assert_eq(do_sys_open("/dev/zero", O_CREAT | O_EXCL, 0), -EEXIST);
	cr_assert_eq(do_sys_open("/dev/zero", O_DIRECTORY, 0), -ENOTDIR);
	memset(buf, 0xff, sizeof(buf));
	cr_assert_eq(kernel_pread_fd(3, buf, sizeof(buf), 12345), 64);
	for (size_t i = 0; i < sizeof(buf); i++)
		cr_assert_eq(buf[i], 0);
	cr_assert_eq(kernel_pwrite_fd(3, buf, 64, 0), 64, "writes are discarded");
	cr_assert_eq(kernel_pwrite_fd(4, buf, 64, 0), -EBADF);
	cr_assert_eq(vfs_fsync(fget(3)), -EINVAL);
	cr_assert_eq(do_ftruncate(3, 0), -EINVAL);
	cr_assert_eq(file_d_path(fget(3), name, sizeof(name)), 9);
	cr_assert_str_eq(name, "/dev/zero");
	check(m);

	/* MAP_PRIVATE: anonymous memory that keeps the file for its name. */
	priv = fake_vma(&mm, fget(3), 8192, VM_READ | VM_WRITE);
	cr_assert_eq(fget(3)->f_op->mmap(fget(3), priv), 0);
	cr_assert_null(priv->vm_ops);
	cr_assert_eq(priv->vm_file, fget(3));

	/* MAP_SHARED: a shmem object, named "/dev/zero (deleted)". */
	free0 = free_now(m);
	shared = fake_vma(&mm, fget(3), 8192, VM_READ | VM_WRITE | VM_SHARED);
	cr_assert_eq(fget(3)->f_op->mmap(fget(3), shared), 0);
	cr_assert(vma_is_shmem(shared));
	cr_assert_eq(fget(3)->f_count, 2, "the /dev/zero file was released");
	cr_assert_eq(file_d_path(shared->vm_file, name, sizeof(name)), 19);
	cr_assert_str_eq(name, "/dev/zero (deleted)");
	cr_assert_eq(shared->vm_file->f_inode->i_size, 8192);
	cr_assert_eq(fake_fault(shared, 1, &page), 0);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		cr_assert_eq(((char *)page_host(page))[i], 0);
	((char *)page_host(page))[7] = 42;
	put_page(page);
	cr_assert_eq(m->nr_shmem, 1);
	cr_assert_eq(fake_fault(shared, 1, &page), 0);
	cr_assert_eq(((char *)page_host(page))[7], 42, "the same page");
	put_page(page);
	cr_assert_eq(fake_fault(shared, 2, &page), VM_FAULT_SIGBUS);
	check(m);
	fput(shared->vm_file);
	cr_assert_eq(m->nr_shmem, 0);
	cr_assert_eq(free_now(m), free0, "shmem pages freed");
	fput(priv->vm_file);
	free(shared);
	free(priv);
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}

/* --- page faults on a file ------------------------------------------------------ */

Test(fs, filemap_fault_major_minor_sigbus)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	struct mm_struct mm = { .machine = m };
	struct vm_area_struct *vma;
	char data[6000];
	struct page *page;

	pattern(data, sizeof(data), 5);
	host_write("f", data, sizeof(data));
	cr_assert_eq(do_sys_open("/f", O_RDONLY, 0), 3);
	vma = fake_vma(&mm, fget(3), 4 * PAGE_SIZE, VM_READ | VM_SHARED);
	cr_assert_eq(fget(3)->f_op->mmap(fget(3), vma), 0);
	cr_assert_eq(vma->vm_ops, &generic_file_vm_ops);
	cr_assert_eq(fake_fault(vma, 1, &page), VM_FAULT_MAJOR);
	cr_assert_eq(page->index, 1);
	cr_assert_eq(page->mapping, fget(3)->f_mapping);
	cr_assert(PageUptodate(page));
	cr_assert_eq(page_ref_count(page), 3, "the cache's, ours, the LRU batch's");
	cr_assert(!PageLRU(page), "PG_lru only when the batch drains");
	lru_add_drain();
	cr_assert(PageLRU(page));
	cr_assert_eq(page_ref_count(page), 2, "the cache's and ours");
	cr_assert_eq(memcmp(page_host(page), data + 4096, 6000 - 4096), 0);
	for (size_t i = 6000 - 4096; i < PAGE_SIZE; i++)
		cr_assert_eq(((char *)page_host(page))[i], 0, "zero past EOF");
	put_page(page);
	cr_assert_eq(fake_fault(vma, 1, &page), 0, "minor the second time");
	put_page(page);
	cr_assert_eq(fake_fault(vma, 2, &page), VM_FAULT_SIGBUS);
	cr_assert_eq(fake_fault(vma, 3, &page), VM_FAULT_SIGBUS);
	check(m);
	fput(vma->vm_file);
	free(vma);
	fs_task_free(t);
	mml_machine_free(m);
}

/* --- the radix tree ---------------------------------------------------------- */

Test(fs, page_cache_tree_sparse_indices)
{
	static const pgoff_t idx[] = { 0, 63, 64, 4095, 4096, 262143, 1UL << 20,
				       1UL << 30, 1UL << 40, 5, 1UL << 36 };
	struct mml_machine *m = fs_machine(root);
	struct file *f = shmem_zero_file((unsigned long)MAX_LFS_FILESIZE);
	struct address_space *mapping;
	unsigned long free0 = free_now(m);
	pgoff_t index, sorted[ARRAY_SIZE(idx)];
	struct page *page;
	size_t i, j;

	cr_assert(!IS_ERR(f));
	mapping = f->f_mapping;
	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		page = filemap_get_page(mapping, idx[i], NULL);
		cr_assert(!IS_ERR(page));
		put_page(page);
		check(m);
	}
	cr_assert_eq(mapping->nrpages, ARRAY_SIZE(idx));
	memcpy(sorted, idx, sizeof(idx));
	for (i = 0; i < ARRAY_SIZE(sorted); i++)
		for (j = i + 1; j < ARRAY_SIZE(sorted); j++)
			if (sorted[j] < sorted[i]) {
				pgoff_t x = sorted[i];

				sorted[i] = sorted[j];
				sorted[j] = x;
			}
	index = 0;
	for (i = 0; (page = filemap_find_next(mapping, &index, ~0UL)); i++) {
		cr_assert_eq(index, sorted[i]);
		cr_assert_eq(find_get_page(mapping, index), page);
		put_page(page);
		index++;
	}
	cr_assert_eq(i, ARRAY_SIZE(idx));
	cr_assert_null(find_get_page(mapping, 62));
	cr_assert_null(find_get_page(mapping, (1UL << 40) + 1));
	index = 65;
	cr_assert_not_null(filemap_find_next(mapping, &index, 4095));
	cr_assert_eq(index, 4095);
	index = 4097;
	cr_assert_null(filemap_find_next(mapping, &index, 262142));

	/* Truncating a middle range keeps the rest and the tree consistent. */
	truncate_inode_pages_range(mapping, 64 * 4096, (4096L * 4096) + 4095);
	cr_assert_eq(mapping->nrpages, ARRAY_SIZE(idx) - 3);
	check(m);
	truncate_inode_pages_range(mapping, 0, LLONG_MAX);
	cr_assert_eq(mapping->nrpages, 0);
	cr_assert_null(mapping->i_pages.xa_head, "every node freed");
	cr_assert_eq(free_now(m), free0, "%lu free, %lu before", free_now(m), free0);
	check(m);
	fput(f);
	check(m);
	mml_machine_free(m);
}

/* --- fault injection ---------------------------------------------------------- */

Test(fs, fault_injection_open)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	int fds = count_host_fds(), kind, nth;
	long fd;

	host_write("f", "x", 1);
	cr_assert_eq(do_sys_open("/f", O_RDONLY, 0), 3, "opens the root");
	cr_assert_eq(close_fd(3), 0);
	fds = count_host_fds();
	for (kind = 0; kind < NR_FAIL_KINDS; kind++) {
		for (nth = 0;; nth++) {
			m->fail_nth[kind] = nth;
			fd = do_sys_open("/f", O_RDWR, 0);
			m->fail_nth[kind] = -1;
			if (fd >= 0)
				break;
			cr_assert_eq(fd, -ENOMEM);
			cr_assert_eq(m->nr_inodes, 0);
			cr_assert_eq(count_host_fds(), fds, "no host fd leaked");
			check(m);
		}
		cr_assert_eq(fd, 3);
		cr_assert_eq(close_fd(3), 0);
		cr_assert_eq(count_host_fds(), fds);
	}
	fs_task_free(t);
	mml_machine_free(m);
}

Test(fs, fault_injection_read_path)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	char data[3 * 4096], buf[3 * 4096];
	unsigned long free0 = free_now(m);
	struct inode *inode;
	int kind, nth;
	long ret;

	pattern(data, sizeof(data), 9);
	host_write("f", data, sizeof(data));
	for (kind = 0; kind <= FAIL_SLAB; kind++) {
		cr_assert_eq(do_sys_open("/f", O_RDONLY, 0), 3);
		inode = fd_inode(t, 3);
		for (nth = 0;; nth++) {
			truncate_inode_pages_range(&inode->i_data, 0, LLONG_MAX);
			cr_assert_eq(free_now(m), free0, "nothing leaked");
			m->fail_nth[kind] = nth;
			ret = kernel_pread_fd(3, buf, sizeof(buf), 0);
			m->fail_nth[kind] = -1;
			check(m);
			if (ret == (long)sizeof(buf))
				break;
			/* A short read, or ENOMEM when not one byte could be read. */
			if (ret < 0)
				cr_assert_eq(ret, -ENOMEM);
			else
				cr_assert_eq(memcmp(buf, data, (size_t)ret), 0);
			cr_assert_eq(inode->i_data.nrpages,
				     ret < 0 ? 0 : (unsigned long)ret / 4096);
		}
		cr_assert_eq(memcmp(buf, data, sizeof(buf)), 0);
		cr_assert_gt(nth, 0, "kind %d injected at least once", kind);
		cr_assert_eq(close_fd(3), 0);
		cr_assert_eq(free_now(m), free0);
	}
	fs_task_free(t);
	mml_machine_free(m);
}

Test(fs, fault_injection_write_and_shmem)
{
	struct mml_machine *m = fs_machine(root);
	struct task_struct *t = fs_task(m);
	struct mm_struct mm = { .machine = m };
	char data[2 * 4096], *host;
	unsigned long free0 = free_now(m);
	struct vm_area_struct *vma;
	struct page *page;
	int nth;
	long ret;
	size_t n;

	pattern(data, sizeof(data), 11);
	host_write("f", "", 0);
	cr_assert_eq(do_sys_open("/f", O_RDWR, 0), 3);
	for (nth = 0;; nth++) {
		m->fail_nth[FAIL_PAGE_ALLOC] = nth;
		ret = kernel_pwrite_fd(3, data, sizeof(data), 0);
		m->fail_nth[FAIL_PAGE_ALLOC] = -1;
		check(m);
		if (ret == (long)sizeof(data))
			break;
		cr_assert(ret == -ENOMEM || ret == 4096, "ret %ld", ret);
		cr_assert_eq(fd_inode(t, 3)->i_size, ret < 0 ? 0 : 4096);
		cr_assert_eq(do_ftruncate(3, 0), 0);
		cr_assert_eq(free_now(m), free0);
	}
	cr_assert_eq(close_fd(3), 0);
	host = host_read("f", &n);
	cr_assert_eq(n, sizeof(data));
	cr_assert_eq(memcmp(host, data, n), 0);
	free(host);
	cr_assert_eq(free_now(m), free0);

	/* A shared anonymous object: setup and fault. */
	for (nth = 0;; nth++) {
		vma = fake_vma(&mm, NULL, 4096, VM_READ | VM_WRITE | VM_SHARED);
		m->fail_nth[FAIL_SLAB] = nth;
		ret = shmem_zero_setup(vma);
		m->fail_nth[FAIL_SLAB] = -1;
		check(m);
		if (!ret)
			break;
		cr_assert_eq(ret, -ENOMEM);
		cr_assert_null(vma->vm_file);
		cr_assert_eq(m->nr_inodes, 0);
		free(vma);
	}
	m->fail_nth[FAIL_PAGE_ALLOC] = 0;
	cr_assert_eq(fake_fault(vma, 0, &page), VM_FAULT_OOM);
	m->fail_nth[FAIL_PAGE_ALLOC] = -1;
	m->fail_nth[FAIL_SLAB] = 0;
	cr_assert_eq(fake_fault(vma, 0, &page), VM_FAULT_OOM, "tree node");
	m->fail_nth[FAIL_SLAB] = -1;
	cr_assert_eq(free_now(m), free0);
	check(m);
	cr_assert_eq(fake_fault(vma, 0, &page), 0);
	put_page(page);
	fput(vma->vm_file);
	free(vma);
	cr_assert_eq(free_now(m), free0);
	check(m);
	fs_task_free(t);
	mml_machine_free(m);
}
