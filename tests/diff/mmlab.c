// SPDX-License-Identifier: MIT
/*
 * The mmlab backend: a fresh machine and task per case, its root the case's
 * host directory, so that the task's "/f" is the host side's DIR/f.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "diff.h"
#include <mmlab/mmlab.h>

struct mml_side {
	struct mml_machine *m;
	struct mml_task *t;
	struct mml_task *child;	/* the child that lives on, or NULL */
};

#define T(s)	(((struct mml_side *)(s)->priv)->t)

static long m_mmap(struct sys *s, unsigned long addr, unsigned long len,
		   int prot, int flags, int fd, unsigned long off)
{
	return mml_mmap(T(s), addr, len, prot, flags, fd, off);
}

static long m_munmap(struct sys *s, unsigned long addr, unsigned long len)
{
	return mml_munmap(T(s), addr, len);
}

static long m_mprotect(struct sys *s, unsigned long addr, unsigned long len,
		       int prot)
{
	return mml_mprotect(T(s), addr, len, prot);
}

static long m_mremap(struct sys *s, unsigned long old_addr,
		     unsigned long old_len, unsigned long new_len, int flags,
		     unsigned long new_addr)
{
	return mml_mremap(T(s), old_addr, old_len, new_len, flags, new_addr);
}

static long m_brk(struct sys *s, unsigned long addr)
{
	return mml_brk(T(s), addr);
}

static long m_madvise(struct sys *s, unsigned long addr, unsigned long len,
		      int advice)
{
	return mml_madvise(T(s), addr, len, advice);
}

static long m_msync(struct sys *s, unsigned long addr, unsigned long len,
		    int flags)
{
	return mml_msync(T(s), addr, len, flags);
}

static long m_mlock(struct sys *s, unsigned long addr, unsigned long len)
{
	return mml_mlock(T(s), addr, len);
}

static long m_mlock2(struct sys *s, unsigned long addr, unsigned long len,
		     int flags)
{
	return mml_mlock2(T(s), addr, len, flags);
}

static long m_munlock(struct sys *s, unsigned long addr, unsigned long len)
{
	return mml_munlock(T(s), addr, len);
}

static long m_mlockall(struct sys *s, int flags)
{
	return mml_mlockall(T(s), flags);
}

static long m_munlockall(struct sys *s)
{
	return mml_munlockall(T(s));
}

static long m_mincore(struct sys *s, unsigned long addr, unsigned long len,
		      unsigned char *vec)
{
	/* A NULL vector is user address 0 of the task, as on the host. */
	if (!vec)
		return mml_syscall(T(s), 27, (long)addr, (long)len, 0, 0, 0, 0);
	return mml_mincore(T(s), addr, len, vec);
}

static long m_syscall(struct sys *s, long nr, long a1, long a2, long a3,
		      long a4, long a5, long a6)
{
	return mml_syscall(T(s), nr, a1, a2, a3, a4, a5, a6);
}

static const char *m_path(struct sys *s, const char *path, char *buf,
			  size_t n)
{
	return path;
}

static long m_open(struct sys *s, const char *path, int flags, int mode)
{
	return mml_open(T(s), path, flags, mode);
}

static long m_close(struct sys *s, int fd)
{
	return mml_close(T(s), fd);
}

static long m_ftruncate(struct sys *s, int fd, long len)
{
	return mml_ftruncate(T(s), fd, len);
}

static long m_pread(struct sys *s, int fd, void *buf, unsigned long n,
		    long off)
{
	return mml_pread(T(s), fd, buf, n, off);
}

static long m_pwrite(struct sys *s, int fd, const void *buf, unsigned long n,
		     long off)
{
	return mml_pwrite(T(s), fd, buf, n, off);
}

static int m_load(struct sys *s, unsigned long va, void *dst,
		  unsigned long n, int *code, unsigned long *addr)
{
	int signo = 0, sig = mml_load(T(s), va, dst, n);

	if (sig)
		mml_siginfo(T(s), &signo, code, addr);
	return sig;
}

static int m_store(struct sys *s, unsigned long va, const void *src,
		   unsigned long n, int *code, unsigned long *addr)
{
	int signo = 0, sig = mml_store(T(s), va, src, n);

	if (sig)
		mml_siginfo(T(s), &signo, code, addr);
	return sig;
}

static long m_read_file(struct sys *s, const char *path, char *buf,
			unsigned long n)
{
	return mml_read_file(T(s), path, buf, n);
}

static long m_fork_run(struct sys *s, struct ctx *c, void (*fn)(struct ctx *c))
{
	struct mml_side *side = s->priv;
	struct mml_task *parent = side->t, *child;
	long pid = mml_fork(parent);

	if (pid < 0)
		return pid;
	child = mml_task_get(side->m, (int)pid);
	if (!child) {
		rec(c, "mml_task_get(%ld) = NULL", pid);
		return -ESRCH;
	}
	side->t = child;
	fn(c);
	mml_exit(child, 0);
	side->t = parent;
	return pid;
}

static long m_fork_start(struct sys *s, struct ctx *c)
{
	struct mml_side *side = s->priv;
	long pid;

	if (side->child)
		return -EBUSY;
	pid = mml_fork(side->t);
	if (pid < 0)
		return pid;
	side->child = mml_task_get(side->m, (int)pid);
	if (!side->child) {
		rec(c, "mml_task_get(%ld) = NULL", pid);
		return -ESRCH;
	}
	return pid;
}

static void m_in_child(struct sys *s, struct ctx *c, void (*fn)(struct ctx *c))
{
	struct mml_side *side = s->priv;
	struct mml_task *parent = side->t;

	if (!side->child) {
		rec(c, "NO CHILD");
		return;
	}
	side->t = side->child;
	fn(c);
	side->t = parent;
}

static void m_child_exit(struct sys *s, struct ctx *c)
{
	struct mml_side *side = s->priv;

	if (!side->child)
		return;
	mml_exit(side->child, 0);
	side->child = NULL;
}

static int m_child_alive(struct sys *s)
{
	return ((struct mml_side *)s->priv)->child != NULL;
}

static long m_read_at(struct sys *s, const char *path, void *buf,
		      unsigned long n, unsigned long off)
{
	return mml_read_file_at(T(s), path, buf, n, off);
}

static long m_sync(struct sys *s)
{
	return mml_sync(((struct mml_side *)s->priv)->m);
}

static void m_faults(struct sys *s, unsigned long *minflt,
		     unsigned long *majflt)
{
	mml_task_faults(T(s), minflt, majflt);
}

static int m_unlink(struct sys *s, const char *path)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s%s", s->dir, path);
	return unlink(buf) ? -errno : 0;
}

static struct mml_side side;

/* Does the host's file @path hold the word @word (space-separated)? */
static bool host_file_has_word(const char *path, const char *word)
{
	char line[8192];
	bool found = false;
	size_t n = strlen(word);
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *p = line;

		while (!found && (p = strstr(p, word))) {
			found = (p == line || p[-1] == ' ' || p[-1] == '\t') &&
				(p[n] == ' ' || p[n] == '\n' || p[n] == '\0');
			p += n;
		}
	}
	fclose(f);
	return found;
}

/*
 * The command line that makes mmlab's machine the host's kind of machine
 * where the two may differ: a CPU without 1 GiB pages (no pdpe1gb flag:
 * clearcpuid=pdpe1gb) and a PVM guest kernel booted with
 * pvm_no_zero_page=1 (anonymous read faults allocate pages).
 */
static const char *host_like_cmdline(char *buf, size_t n)
{
	buf[0] = '\0';
	if (!host_file_has_word("/proc/cpuinfo", "pdpe1gb"))
		snprintf(buf, n, "clearcpuid=pdpe1gb");
	if (host_file_has_word("/proc/cmdline", "pvm_no_zero_page=1"))
		snprintf(buf + strlen(buf), n - strlen(buf), "%spvm_no_zero_page=1",
			 buf[0] ? " " : "");
	return buf;
}

int mmlab_sys_init(struct sys *s, const char *dir, char *err, size_t n);
int mmlab_sys_init(struct sys *s, const char *dir, char *err, size_t n)
{
	struct mml_config cfg;
	static char cmdline[128];
	int e = 0;

	memset(s, 0, sizeof(*s));
	mml_config_init(&cfg);
	cfg.root = dir;
	cfg.cmdline = host_like_cmdline(cmdline, sizeof(cmdline));
	side.m = mml_machine_new_err(&cfg, &e, err, n);
	if (!side.m)
		return e ? e : -ENOMEM;
	side.child = NULL;
	side.t = mml_task_new(side.m, "diff");
	if (!side.t) {
		snprintf(err, n, "mml_task_new: %s", mml_last_error(side.m));
		return -ENOMEM;
	}
	s->name = "mmlab";
	s->priv = &side;
	s->dir = dir;
	s->mmap = m_mmap;
	s->munmap = m_munmap;
	s->mprotect = m_mprotect;
	s->mremap = m_mremap;
	s->brk = m_brk;
	s->madvise = m_madvise;
	s->msync = m_msync;
	s->mlock = m_mlock;
	s->mlock2 = m_mlock2;
	s->munlock = m_munlock;
	s->mlockall = m_mlockall;
	s->munlockall = m_munlockall;
	s->mincore = m_mincore;
	s->open = m_open;
	s->close = m_close;
	s->ftruncate = m_ftruncate;
	s->pread = m_pread;
	s->pwrite = m_pwrite;
	s->load = m_load;
	s->store = m_store;
	s->read_file = m_read_file;
	s->fork_run = m_fork_run;
	s->unlink = m_unlink;
	s->fork_start = m_fork_start;
	s->in_child = m_in_child;
	s->child_exit = m_child_exit;
	s->child_alive = m_child_alive;
	s->read_at = m_read_at;
	s->faults = m_faults;
	s->sync = m_sync;
	s->syscall = m_syscall;
	s->path = m_path;
	return 0;
}

/* After the case: audit, tear the task down, audit again. */
void mmlab_sys_fini(struct ctx *c);
void mmlab_sys_fini(struct ctx *c)
{
	if (mml_audit(side.m))
		rec(c, "MMLAB AUDIT FAILED: %s", mml_last_error(side.m));
	if (side.child) {
		mml_exit(side.child, 0);
		side.child = NULL;
		if (mml_audit(side.m))
			rec(c, "MMLAB AUDIT FAILED after child exit: %s",
			    mml_last_error(side.m));
	}
	mml_exit(side.t, 0);
	if (mml_audit(side.m))
		rec(c, "MMLAB AUDIT FAILED after exit: %s",
		    mml_last_error(side.m));
	mml_machine_free(side.m);
}
