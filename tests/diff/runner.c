// SPDX-License-Identifier: MIT
/*
 * Differential test runner: runs every case on the host kernel and on mmlab,
 * each in a child process of its own, and compares the two logs.
 *
 *   diff_runner [--host-only | --mmlab-only] [--case NAME] [--list]
 *
 * The last line printed is "N passed, N failed"; the exit status is 1 if
 * any case failed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <execinfo.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "diff.h"

void host_sys_init(struct sys *s, const char *dir);
void diff_reset_fds(void);
#ifndef DIFF_NO_MMLAB
int mmlab_sys_init(struct sys *s, const char *dir, char *err, size_t n);
void mmlab_sys_fini(struct ctx *c);
#endif

static struct dcase cases[1024];
static int ncases;

void diff_register(const char *name, case_fn fn)
{
	if (ncases < (int)(sizeof(cases) / sizeof(cases[0]))) {
		cases[ncases].name = name;
		cases[ncases].fn = fn;
		ncases++;
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct dcase *)a)->name,
		      ((const struct dcase *)b)->name);
}

/* The region: [guard][REGION_PAGES pages PROT_NONE][guard], the guards
 * shared anonymous so that nothing outside ever merges with the region.
 * The region starts on a REGION_ALIGN boundary, so that windows the kernel
 * aligns (fault-around's 64 KiB) fall alike on both sides. */
#define REGION_ALIGN	(16 * PG)

static int setup_region(struct ctx *c)
{
	struct sys *s = c->s;
	unsigned long span = (REGION_PAGES + 2) * PG, head, r;
	long m = s->mmap(s, 0, span + REGION_ALIGN, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m < 0 && m > -4096) {
		rec(c, "SETUP: region mmap = -%s", errname(m));
		return -1;
	}
	/* r + PG (the base) aligned; trim the excess at both ends */
	r = ((m + PG + REGION_ALIGN - 1) & ~(REGION_ALIGN - 1)) - PG;
	head = r - m;
	if ((head && s->munmap(s, m, head)) ||
	    (REGION_ALIGN - head &&
	     s->munmap(s, r + span, REGION_ALIGN - head))) {
		rec(c, "SETUP: region trim failed");
		return -1;
	}
	if (s->mmap(s, r, PG, PROT_NONE,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != (long)r ||
	    s->mmap(s, r + span - PG, PG, PROT_NONE,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
	    (long)(r + span - PG)) {
		rec(c, "SETUP: guard mmap failed");
		return -1;
	}
	c->base = r + PG;
	c->brk0 = s->brk(s, 0);
	return 0;
}

/* The log of the case running in this child, for the crash reporter. */
static struct dlog *crash_log;
static const char *crash_side, *crash_case;

/*
 * A crash of either side says where: the signal, the faulting address and
 * a backtrace, on stderr (the test log) and in the case's log, so that a
 * flake can be fixed rather than rerun.  Then the signal kills the child
 * as before, and the runner reports "CRASH: signal N".
 */
static void on_crash(int sig, siginfo_t *si, void *uc)
{
	struct ctx c = { .log = crash_log };
	void *frames[64];
	int n;

	(void)uc;
	dprintf(2, "diff_runner: %s side of %s: signal %d (%s) at address %p, code %d\n",
		crash_side, crash_case, sig, strsignal(sig), si->si_addr,
		si->si_code);
	n = backtrace(frames, 64);
	backtrace_symbols_fd(frames, n, 2);
	if (crash_log)
		rec(&c, "CRASH: signal %d at address %p (backtrace on stderr)",
		    sig, si->si_addr);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_crashes(int mmlab, const struct dcase *dc, struct dlog *log)
{
	static char altstack[64 * 1024];
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;
	void *warm[1];
	size_t i;

	crash_log = log;
	crash_side = mmlab ? "mmlab" : "host";
	crash_case = dc->name;
	backtrace(warm, 1);	/* loads libgcc now, not inside the handler */
	sigaltstack(&ss, NULL);	/* a stack overflow still gets reported */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_crash;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void run_child(int mmlab, const struct dcase *dc, struct dlog *log,
		      const char *dir)
{
	struct sys s;
	struct ctx c = { .s = &s, .log = log };

	alarm(30);
	catch_crashes(mmlab, dc, log);
	diff_reset_fds();
	if (!mmlab) {
		host_sys_init(&s, dir);
	} else {
#ifdef DIFF_NO_MMLAB
		rec(&c, "SETUP: built without mmlab");
		_exit(0);
#else
		char err[256] = "";
		int e = mmlab_sys_init(&s, dir, err, sizeof(err));

		if (e) {
			rec(&c, "SETUP: mmlab: %s (%s)", errname(e), err);
			_exit(0);
		}
#endif
	}
	if (setup_region(&c) == 0)
		dc->fn(&c);
	/* a host child still waiting ends here (mmlab's is audited first) */
	if (!mmlab && s.child_alive(&s))
		s.child_exit(&s, &c);
#ifndef DIFF_NO_MMLAB
	if (mmlab)
		mmlab_sys_fini(&c);
#endif
	_exit(0);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	remove(path);
	return 0;
}

/*
 * A host case may have left a swap area on under its root (it crashed, or
 * forgot): swap it off before the directory goes, always.
 */
static void host_swapoff_under(const char *dir)
{
	char line[4096 + 64], path[4096];
	size_t n = strlen(dir);
	FILE *f = fopen("/proc/swaps", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, dir, n) && line[n] == '/' &&
		    sscanf(line, "%4095s", path) == 1 &&
		    syscall(SYS_swapoff, path) != 0)
			fprintf(stderr, "diff_runner: swapoff %s: %s\n", path,
				strerror(errno));
	fclose(f);
}

/* Run @dc on one side; returns the log (in @log). */
static void run_side(int mmlab, const struct dcase *dc, struct dlog *log)
{
	char dir[] = "/tmp/mmldiff-XXXXXX";
	struct ctx c = { .log = log };
	int status;
	pid_t pid;

	log->len = 0;
	log->truncated = 0;
	log->data[0] = 0;
	if (!mkdtemp(dir)) {
		rec(&c, "SETUP: mkdtemp: %s", strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		run_child(mmlab, dc, log, dir);
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		rec(&c, "SETUP: fork/wait: %s", strerror(errno));
	else if (WIFSIGNALED(status))
		rec(&c, "CRASH: signal %d", WTERMSIG(status));
	else if (WEXITSTATUS(status))
		rec(&c, "EXIT: %d", WEXITSTATUS(status));
	if (log->truncated)
		rec(&c, "LOG TRUNCATED");
	if (!mmlab)
		host_swapoff_under(dir);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int split(char *text, char **lines, int max)
{
	int n = 0;
	char *p = text, *nl;

	while (*p && n < max) {
		nl = strchr(p, '\n');
		lines[n++] = p;
		if (!nl)
			break;
		*nl = 0;
		p = nl + 1;
	}
	return n;
}

/* A plain LCS diff of two logs, printed in full with -/+ markers. */
static void print_diff(char **a, int na, char **b, int nb)
{
	static short L[1025][1025];
	int i, j;

	if (na > 1024)
		na = 1024;
	if (nb > 1024)
		nb = 1024;
	for (i = na; i >= 0; i--)
		for (j = nb; j >= 0; j--)
			L[i][j] = (i == na || j == nb) ? 0 :
				  !strcmp(a[i], b[j]) ? L[i + 1][j + 1] + 1 :
				  L[i + 1][j] > L[i][j + 1] ? L[i + 1][j] :
				  L[i][j + 1];
	printf("--- host\n+++ mmlab\n");
	for (i = 0, j = 0; i < na || j < nb;) {
		if (i < na && j < nb && !strcmp(a[i], b[j])) {
			printf(" %s\n", a[i++]);
			j++;
		} else if (j < nb && (i == na || L[i][j + 1] >= L[i + 1][j])) {
			printf("+%s\n", b[j++]);
		} else {
			printf("-%s\n", a[i++]);
		}
	}
}

static int compare(const struct dcase *dc, struct dlog *h, struct dlog *m)
{
	static char *la[4096], *lb[4096];
	int na, nb, i, same;

	if (h->len == m->len && !memcmp(h->data, m->data, h->len))
		return 1;
	na = split(h->data, la, 4096);
	nb = split(m->data, lb, 4096);
	same = na == nb;
	for (i = 0; same && i < na; i++)
		same = !strcmp(la[i], lb[i]);
	if (same)
		return 1;
	printf("FAIL %s\n", dc->name);
	print_diff(la, na, lb, nb);
	return 0;
}

/*
 * Under AddressSanitizer the host side of mlockall() tries to lock the
 * sanitizer's terabytes of shadow memory and never finishes: such cases
 * are skipped (and counted) in sanitizer builds only.
 */
static int skipped_under_sanitizer(const struct dcase *dc)
{
#if defined(__SANITIZE_ADDRESS__)
	return !strncmp(dc->name, "mlockall", 8);
#else
	(void)dc;
	return 0;
#endif
}

/*
 * A case whose host side cannot run here (swapon(2) refused without
 * root) logs "SKIP: reason": it is skipped, with the reason printed.
 */
static int host_skip(const struct dcase *dc, const struct dlog *h)
{
	const char *p = strstr(h->data, "SKIP: ");
	int n;

	if (!p)
		return 0;
	n = (int)strcspn(p + 6, "\n");
	printf("SKIP %s: %.*s\n", dc->name, n, p + 6);
	return 1;
}

/*
 * --selftest-crash: a case whose host side does a guarded load that
 * faults, then crashes outside any guard.  The crash must be reported with
 * its address, not turned into a jump back into the finished load.
 */
static void crash_case_fn(struct ctx *c)
{
	int code;
	unsigned long addr;
	char byte;

	static volatile unsigned long bad = 0x20;

	c->s->load(c->s, 0x10, &byte, 1, &code, &addr);
	*(volatile char *)bad = 1;
}

static int selftest_crash(struct dlog *log)
{
	const struct dcase dc = { .name = "selftest_crash", .fn = crash_case_fn };

	run_side(0, &dc, log);
	printf("%s", log->data);
	if (!strstr(log->data, "CRASH: signal 11 at address 0x20")) {
		printf("FAIL: the crash was not reported with its address\n");
		return 1;
	}
	printf("ok: the crash was reported with its address\n");
	return 0;
}

int main(int argc, char **argv)
{
	int host_only = 0, mmlab_only = 0, list = 0, passed = 0, failed = 0;
	int skipped = 0;
	const char *only = NULL;
	struct dlog *h, *m;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--host-only"))
			host_only = 1;
		else if (!strcmp(argv[i], "--mmlab-only"))
			mmlab_only = 1;
		else if (!strcmp(argv[i], "--list"))
			list = 1;
		else if (!strcmp(argv[i], "--selftest-crash"))
			list = -1;
		else if (!strcmp(argv[i], "--case") && i + 1 < argc)
			only = argv[++i];
		else {
			fprintf(stderr, "usage: %s [--host-only|--mmlab-only]"
				" [--case NAME] [--list]\n", argv[0]);
			return 2;
		}
	}
	qsort(cases, ncases, sizeof(cases[0]), by_name);
	h = mmap(NULL, LOG_CAP, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	m = mmap(NULL, LOG_CAP, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (h == MAP_FAILED || m == MAP_FAILED)
		return 2;
	if (list < 0)
		return selftest_crash(h);
	for (i = 0; i < ncases; i++) {
		const struct dcase *dc = &cases[i];

		if (only && strcmp(only, dc->name))
			continue;
		if (list) {
			printf("%s\n", dc->name);
			continue;
		}
		if (skipped_under_sanitizer(dc)) {
			skipped++;
			continue;
		}
		if (host_only || mmlab_only) {
			run_side(mmlab_only, dc, h);
			printf("== %s\n%s", dc->name, h->data);
			passed++;
			continue;
		}
		run_side(0, dc, h);
		if (host_skip(dc, h)) {
			skipped++;
			continue;
		}
		run_side(1, dc, m);
		if (compare(dc, h, m))
			passed++;
		else
			failed++;
	}
	if (only && !passed && !failed && !skipped) {
		fprintf(stderr, "no case named %s\n", only);
		return 2;
	}
	if (skipped)
		printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	else
		printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
