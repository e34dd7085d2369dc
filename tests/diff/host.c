// SPDX-License-Identifier: MIT
/*
 * The host backend: real system calls (raw, so that libc adds no checks of
 * its own), loads and stores guarded by SIGSEGV/SIGBUS handlers.  Runs in a
 * child process of the runner, one per case.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "diff.h"

static long sysret(long r)
{
	return r == -1 ? -errno : r;
}

static long h_mmap(struct sys *s, unsigned long addr, unsigned long len,
		   int prot, int flags, int fd, unsigned long off)
{
	return sysret(syscall(SYS_mmap, addr, len, prot, flags, fd, off));
}

static long h_munmap(struct sys *s, unsigned long addr, unsigned long len)
{
	return sysret(syscall(SYS_munmap, addr, len));
}

static long h_mprotect(struct sys *s, unsigned long addr, unsigned long len,
		       int prot)
{
	return sysret(syscall(SYS_mprotect, addr, len, prot));
}

static long h_mremap(struct sys *s, unsigned long old_addr,
		     unsigned long old_len, unsigned long new_len, int flags,
		     unsigned long new_addr)
{
	return sysret(syscall(SYS_mremap, old_addr, old_len, new_len, flags,
			      new_addr));
}

static long h_brk(struct sys *s, unsigned long addr)
{
	return syscall(SYS_brk, addr);
}

static long h_madvise(struct sys *s, unsigned long addr, unsigned long len,
		      int advice)
{
	return sysret(syscall(SYS_madvise, addr, len, advice));
}

static long h_msync(struct sys *s, unsigned long addr, unsigned long len,
		    int flags)
{
	return sysret(syscall(SYS_msync, addr, len, flags));
}

static long h_mlock(struct sys *s, unsigned long addr, unsigned long len)
{
	return sysret(syscall(SYS_mlock, addr, len));
}

static long h_mlock2(struct sys *s, unsigned long addr, unsigned long len,
		     int flags)
{
	return sysret(syscall(SYS_mlock2, addr, len, flags));
}

static long h_munlock(struct sys *s, unsigned long addr, unsigned long len)
{
	return sysret(syscall(SYS_munlock, addr, len));
}

static long h_mlockall(struct sys *s, int flags)
{
	return sysret(syscall(SYS_mlockall, flags));
}

static long h_munlockall(struct sys *s)
{
	return sysret(syscall(SYS_munlockall));
}

static long h_mincore(struct sys *s, unsigned long addr, unsigned long len,
		      unsigned char *vec)
{
	return sysret(syscall(SYS_mincore, addr, len, vec));
}

/* "/f" is the case's root; /dev and /proc are the host's own. */
static const char *h_path(struct sys *s, const char *path, char *buf,
			  size_t n)
{
	if (!strncmp(path, "/dev/", 5) || !strncmp(path, "/proc/", 6))
		return path;
	snprintf(buf, n, "%s%s", s->dir, path);
	return buf;
}

static long h_open(struct sys *s, const char *path, int flags, int mode)
{
	char buf[512];

	return sysret(syscall(SYS_open, h_path(s, path, buf, sizeof(buf)),
			      flags, mode));
}

static long h_close(struct sys *s, int fd)
{
	return sysret(syscall(SYS_close, fd));
}

static long h_ftruncate(struct sys *s, int fd, long len)
{
	return sysret(syscall(SYS_ftruncate, fd, len));
}

static long h_pread(struct sys *s, int fd, void *buf, unsigned long n,
		    long off)
{
	return sysret(syscall(SYS_pread64, fd, buf, n, off));
}

static long h_pwrite(struct sys *s, int fd, const void *buf, unsigned long n,
		     long off)
{
	return sysret(syscall(SYS_pwrite64, fd, buf, n, off));
}

static long h_syscall(struct sys *s, long nr, long a1, long a2, long a3,
		      long a4, long a5, long a6)
{
	return sysret(syscall(nr, a1, a2, a3, a4, a5, a6));
}

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_sig;
static volatile int fault_code;
static volatile unsigned long fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = (unsigned long)si->si_addr;
	siglongjmp(fault_jmp, 1);
}

static struct sigaction saved_segv, saved_bus;

/*
 * Catch the faults of one guarded access; disarm() puts the runner's
 * crash reporter back, so that a fault anywhere else is a crash with a
 * backtrace, never a jump into a stale sigjmp_buf.
 */
static void arm(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, &saved_segv);
	sigaction(SIGBUS, &sa, &saved_bus);
	fault_sig = 0;
}

static void disarm(void)
{
	sigaction(SIGSEGV, &saved_segv, NULL);
	sigaction(SIGBUS, &saved_bus, NULL);
}

/* Never instrumented: a sanitizer would touch shadow memory first. */
#define NO_SAN __attribute__((no_sanitize("address", "undefined")))

NO_SAN static int h_load(struct sys *s, unsigned long va, void *dst,
		  unsigned long n, int *code, unsigned long *addr)
{
	volatile unsigned char *src = (volatile unsigned char *)va;
	unsigned char *d = dst;
	volatile unsigned long i = 0;

	arm();
	if (sigsetjmp(fault_jmp, 1)) {
		disarm();
		*code = fault_code;
		*addr = fault_addr;
		return fault_sig;
	}
	for (; i < n; i++)
		d[i] = src[i];
	disarm();
	return 0;
}

NO_SAN static int h_store(struct sys *s, unsigned long va, const void *src,
		   unsigned long n, int *code, unsigned long *addr)
{
	volatile unsigned char *d = (volatile unsigned char *)va;
	const unsigned char *p = src;
	volatile unsigned long i = 0;

	arm();
	if (sigsetjmp(fault_jmp, 1)) {
		disarm();
		*code = fault_code;
		*addr = fault_addr;
		return fault_sig;
	}
	for (; i < n; i++)
		d[i] = p[i];
	disarm();
	return 0;
}

static long h_read_file(struct sys *s, const char *path, char *buf,
			unsigned long n)
{
	char pbuf[512];
	long fd, r, got = 0;

	fd = h_open(s, path, O_RDONLY, 0);
	if (fd < 0)
		return fd;
	while (got < (long)n - 1) {
		r = read(fd, buf + got, n - 1 - got);
		if (r <= 0)
			break;
		got += r;
	}
	close(fd);
	buf[got] = 0;
	(void)pbuf;
	return got;
}

static long h_fork_run(struct sys *s, struct ctx *c, void (*fn)(struct ctx *c))
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		fn(c);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (WIFSIGNALED(status))
		rec(c, "CHILD CRASH signal %d", WTERMSIG(status));
	return pid;
}

static int h_unlink(struct sys *s, const char *path)
{
	char buf[512];

	return unlink(h_path(s, path, buf, sizeof(buf))) ? -errno : 0;
}

/* The child that lives on: it waits for a function to run on its command
 * pipe, runs it, and acknowledges on the other; a NULL function ends it. */
static struct {
	pid_t pid;
	int cmd, ack;
} hchild;

typedef void (*child_fn)(struct ctx *c);

static void child_loop(struct ctx *c, int cmd, int ack)
{
	child_fn fn;
	char done = 1;

	for (;;) {
		if (read(cmd, &fn, sizeof(fn)) != (ssize_t)sizeof(fn) || !fn)
			_exit(0);
		fn(c);
		if (write(ack, &done, 1) != 1)
			_exit(1);
	}
}

static long h_fork_start(struct sys *s, struct ctx *c)
{
	int cmd[2], ack[2];
	pid_t pid;

	if (hchild.pid)
		return -EBUSY;
	if (pipe(cmd))
		return -errno;
	if (pipe(ack)) {
		close(cmd[0]);
		close(cmd[1]);
		return -errno;
	}
	pid = fork();
	if (pid == 0) {
		close(cmd[1]);
		close(ack[0]);
		hchild.pid = 0;
		child_loop(c, cmd[0], ack[1]);
	}
	close(cmd[0]);
	close(ack[1]);
	if (pid < 0) {
		close(cmd[1]);
		close(ack[0]);
		return -errno;
	}
	hchild.pid = pid;
	hchild.cmd = cmd[1];
	hchild.ack = ack[0];
	return pid;
}

/* Reap the child; log how it ended if not by its own exit(0). */
static void h_child_reap(struct ctx *c)
{
	int status;

	close(hchild.cmd);
	close(hchild.ack);
	if (waitpid(hchild.pid, &status, 0) == hchild.pid) {
		if (WIFSIGNALED(status))
			rec(c, "CHILD CRASH signal %d", WTERMSIG(status));
		else if (WEXITSTATUS(status))
			rec(c, "CHILD EXIT %d", WEXITSTATUS(status));
	}
	hchild.pid = 0;
}

static void h_in_child(struct sys *s, struct ctx *c, child_fn fn)
{
	char done;

	if (!hchild.pid) {
		rec(c, "NO CHILD");
		return;
	}
	if (write(hchild.cmd, &fn, sizeof(fn)) != (ssize_t)sizeof(fn) ||
	    read(hchild.ack, &done, 1) != 1)
		h_child_reap(c);
}

static void h_child_exit(struct sys *s, struct ctx *c)
{
	child_fn none = NULL;

	if (!hchild.pid)
		return;
	if (write(hchild.cmd, &none, sizeof(none)) != (ssize_t)sizeof(none))
		rec(c, "child exit: write: %s", strerror(errno));
	h_child_reap(c);
}

static int h_child_alive(struct sys *s)
{
	return hchild.pid != 0;
}

static long h_read_at(struct sys *s, const char *path, void *buf,
		      unsigned long n, unsigned long off)
{
	long fd = h_open(s, path, O_RDONLY, 0), r;

	if (fd < 0)
		return fd;
	r = sysret(pread((int)fd, buf, n, (off_t)off));
	close((int)fd);
	return r;
}

static long h_sync(struct sys *s)
{
	return sysret(syscall(SYS_sync));
}

static void h_faults(struct sys *s, unsigned long *minflt,
		     unsigned long *majflt)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	*minflt = (unsigned long)ru.ru_minflt;
	*majflt = (unsigned long)ru.ru_majflt;
}

void host_sys_init(struct sys *s, const char *dir);
void host_sys_init(struct sys *s, const char *dir)
{
	cpu_set_t one;
	int cpu = sched_getcpu();

	/*
	 * One CPU for the whole case: pages a fault or read() adds to the LRU
	 * wait in that CPU's batch, and MADV_PAGEOUT/COLD drain only the
	 * caller's CPU (lru_add_drain()).  A process that moved between CPUs
	 * left pages the madvise could not isolate, now and then.
	 */
	CPU_ZERO(&one);
	CPU_SET(cpu < 0 ? 0 : cpu, &one);
	sched_setaffinity(0, sizeof(one), &one);
	memset(s, 0, sizeof(*s));
	s->name = "host";
	s->dir = dir;
	s->mmap = h_mmap;
	s->munmap = h_munmap;
	s->mprotect = h_mprotect;
	s->mremap = h_mremap;
	s->brk = h_brk;
	s->madvise = h_madvise;
	s->msync = h_msync;
	s->mlock = h_mlock;
	s->mlock2 = h_mlock2;
	s->munlock = h_munlock;
	s->mlockall = h_mlockall;
	s->munlockall = h_munlockall;
	s->mincore = h_mincore;
	s->open = h_open;
	s->close = h_close;
	s->ftruncate = h_ftruncate;
	s->pread = h_pread;
	s->pwrite = h_pwrite;
	s->load = h_load;
	s->store = h_store;
	s->read_file = h_read_file;
	s->fork_run = h_fork_run;
	s->unlink = h_unlink;
	s->fork_start = h_fork_start;
	s->in_child = h_in_child;
	s->child_exit = h_child_exit;
	s->child_alive = h_child_alive;
	s->read_at = h_read_at;
	s->faults = h_faults;
	s->sync = h_sync;
	s->syscall = h_syscall;
	s->path = h_path;
}
