// SPDX-License-Identifier: MIT
/*
 * Processes: spawn, ps, task, fork, exit; the selected task's /proc files
 * (maps, smaps, status); tracing of the kernel's path; and user-mode loads
 * and stores for the devmem commands, reporting a fault as the signal
 * Linux would deliver.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

/** sh_task() - the selected task, or NULL with the error recorded. */
struct mml_task *sh_task(struct shell *sh)
{
	struct mml_task *t;

	if (!sh->task_pid)
		return sh_fail(sh, "no task selected (use 'spawn' or 'task PID')"), NULL;
	t = mml_task_get(sh->m, sh->task_pid);
	if (!t)
		sh_fail(sh, "task %d is gone (see 'ps')", sh->task_pid);
	return t;
}

static void note_pid(struct shell *sh, int pid)
{
	if (pid > sh->max_pid)
		sh->max_pid = pid;
}

/**
 * sh_task_file() - read the whole file @path as task @t reads it into a
 * malloc()ed string *@text.  Return: 0, or -1 with the error recorded.
 */
int sh_task_file(struct shell *sh, struct mml_task *t, const char *path,
		 char **text)
{
	long len = mml_read_file(t, path, NULL, 0), len2;

	*text = NULL;
	if (len < 0)
		return sh_fail_api(sh, (int)len, "%s", path);
	*text = malloc((size_t)len + 1);
	if (!*text)
		return sh_fail(sh, "out of host memory");
	len2 = mml_read_file(t, path, *text, (unsigned long)len + 1);
	if (len2 < 0) {
		free(*text);
		*text = NULL;
		return sh_fail_api(sh, (int)len2, "%s", path);
	}
	return 0;
}

/* A line "Key:\tVALUE" of a status text, as a number (the first one). */
static unsigned long status_value(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, n) && p[n] == ':')
			return strtoul(p + n + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

/* The "Name:" line of a status text into @comm. */
static void status_name(const char *text, char *comm, size_t n)
{
	const char *p = strstr(text, "Name:\t");
	size_t len;

	comm[0] = '\0';
	if (!p)
		return;
	p += 6;
	len = strcspn(p, "\n");
	snprintf(comm, n, "%.*s", (int)len, p);
}

int cmd_spawn(struct shell *sh, int argc, char **argv)
{
	const char *comm = argc > 1 ? argv[1] : "task";
	struct mml_task *t = mml_task_new(sh->m, comm);
	int pid;

	if (!t)
		return sh_fail_api(sh, -ENOMEM, "spawn %s", comm);
	pid = mml_task_pid(t);
	note_pid(sh, pid);
	sh->task_pid = pid;
	fprintf(sh->out, "pid %d (%.15s), selected\n", pid, comm);
	j_u64(sh, "pid", (uint64_t)pid);
	j_str(sh, "comm", comm);
	return 0;
}

static int ps_line(struct shell *sh, struct mml_task *t, bool first)
{
	char comm[64], *text;
	int pid = mml_task_pid(t);

	if (sh_task_file(sh, t, "/proc/self/status", &text))
		return -1;
	status_name(text, comm, sizeof(comm));
	fprintf(sh->out, "%c%5d %-16s %9lu %9lu %9lu\n",
		pid == sh->task_pid ? '*' : ' ', pid, comm,
		status_value(text, "VmSize"), status_value(text, "VmRSS"),
		status_value(text, "VmLck"));
	if (!first)
		j_sep(sh);
	j_raw(sh, "{");
	j_u64(sh, "pid", (uint64_t)pid);
	j_str(sh, "comm", comm);
	j_u64(sh, "vmsize_kb", status_value(text, "VmSize"));
	j_u64(sh, "vmrss_kb", status_value(text, "VmRSS"));
	j_bool(sh, "selected", pid == sh->task_pid);
	j_raw(sh, "}");
	free(text);
	return 0;
}

int cmd_ps(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t;
	bool first = true;
	int pid;

	fprintf(sh->out, "   PID COMM               VSZ(kB)   RSS(kB)   LCK(kB)\n");
	j_key(sh, "tasks");
	j_raw(sh, "[");
	for (pid = 1; pid <= sh->max_pid; pid++) {
		t = mml_task_get(sh->m, pid);
		if (!t)
			continue;
		if (ps_line(sh, t, first))
			return -1;
		first = false;
	}
	j_raw(sh, "]");
	return 0;
}

int cmd_task(struct shell *sh, int argc, char **argv)
{
	uint64_t pid;

	if (argc == 1) {
		if (!sh->task_pid)
			return sh_fail(sh, "no task selected (use 'spawn' or 'task PID')");
		fprintf(sh->out, "task %d selected\n", sh->task_pid);
		j_u64(sh, "pid", (uint64_t)sh->task_pid);
		return 0;
	}
	if (sh_arg_u64(sh, "pid", argv[1], &pid))
		return -1;
	if (pid > 0x7fffffff || !mml_task_get(sh->m, (int)pid))
		return sh_fail(sh, "no task with pid %" PRIu64 " (see 'ps')", pid);
	sh->task_pid = (int)pid;
	note_pid(sh, (int)pid);
	fprintf(sh->out, "task %d selected\n", sh->task_pid);
	j_u64(sh, "pid", pid);
	return 0;
}

int cmd_fork(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	long pid;

	if (!t)
		return -1;
	pid = mml_fork(t);
	if (pid < 0)
		return sh_fail(sh, "%s (%s)", strerror((int)-pid), mml_errname((int)pid));
	note_pid(sh, (int)pid);
	fprintf(sh->out, "child pid %ld (the parent %d stays selected)\n", pid,
		sh->task_pid);
	j_u64(sh, "pid", (uint64_t)pid);
	sh_set_last(sh, (uint64_t)pid);
	return 0;
}

/*
 * "exit [CODE]": with a task selected, the task exits; with none, the
 * shell does (as "quit").
 */
int cmd_exit(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t;
	uint64_t code = 0;
	int pid = sh->task_pid;

	if (!pid)
		return cmd_quit(sh, argc, argv);
	t = sh_task(sh);
	if (!t)
		return -1;
	if (argc == 2 && sh_arg_u64(sh, "exit code", argv[1], &code))
		return -1;
	if (code > 255)
		return sh_fail(sh, "exit code %" PRIu64 " is not in 0..255", code);
	mml_exit(t, (int)code);
	sh->task_pid = 0;
	fprintf(sh->out, "task %d exited with code %" PRIu64 "; no task selected\n",
		pid, code);
	j_u64(sh, "pid", (uint64_t)pid);
	j_u64(sh, "code", code);
	return 0;
}

static int print_task_file(struct shell *sh, const char *path)
{
	struct mml_task *t = sh_task(sh);
	char *text;

	if (!t || sh_task_file(sh, t, path, &text))
		return -1;
	fputs(text, sh->out);
	free(text);
	return 0;
}

int cmd_maps(struct shell *sh, int argc, char **argv)
{
	return print_task_file(sh, "/proc/self/maps");
}

int cmd_status(struct shell *sh, int argc, char **argv)
{
	return print_task_file(sh, "/proc/self/status");
}

/* The smaps block (maps line and fields) of the VMA holding @addr. */
static const char *smaps_block(const char *text, uint64_t addr, size_t *len)
{
	const char *p = text, *found = NULL;

	while (*p) {
		unsigned long long start, end;
		const char *eol = strchr(p, '\n');
		int n = 0;

		if (sscanf(p, "%llx-%llx %n", &start, &end, &n) == 2 && n) {
			if (found)
				break;
			if (addr >= start && addr < end)
				found = p;
		}
		p = eol ? eol + 1 : p + strlen(p);
	}
	*len = found ? (size_t)(p - found) : 0;
	return found;
}

int cmd_smaps(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t;
	const char *block;
	uint64_t addr;
	char *text;
	size_t len;

	if (argc == 1)
		return print_task_file(sh, "/proc/self/smaps");
	if (!strcmp(argv[1], "rollup"))
		return print_task_file(sh, "/proc/self/smaps_rollup");
	if (sh_arg_size(sh, "address", argv[1], &addr))
		return -1;
	t = sh_task(sh);
	if (!t || sh_task_file(sh, t, "/proc/self/smaps", &text))
		return -1;
	block = smaps_block(text, addr, &len);
	if (block)
		fwrite(block, 1, len, sh->out);
	free(text);
	if (!block)
		return sh_fail(sh, "no mapping contains 0x%" PRIx64, addr);
	return 0;
}

/* The kernel keeps at most 1 MiB of trace, plus the line that crossed it. */
#define TRACE_BUF_MAX	((1u << 20) + 1024)

/** sh_trace_flush() - print the kernel's trace lines logged so far, indented. */
void sh_trace_flush(struct shell *sh)
{
	char *buf = malloc(TRACE_BUF_MAX), *line, *save = NULL;
	long len;

	if (!buf)
		return;
	/* One call: reading takes the lines and empties the kernel's buffer. */
	len = mml_trace_read(sh->m, buf, TRACE_BUF_MAX);
	if (len > 0) {
		bool first = true;

		j_key(sh, "trace");	/* --json: an array of the lines */
		j_raw(sh, "[");
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			fprintf(sh->out, "  %s\n", line);
			if (sh->json) {
				fputs(first ? "" : ",", sh->jout);
				j_print_string(sh->jout, line, strlen(line));
			}
			first = false;
		}
		j_raw(sh, "]");
	}
	free(buf);
}

int cmd_trace(struct shell *sh, int argc, char **argv)
{
	if (argc == 2) {
		if (strcmp(argv[1], "on") && strcmp(argv[1], "off"))
			return sh_fail(sh, "'%s': usage: trace on|off", argv[1]);
		sh->tracing = !strcmp(argv[1], "on");
		mml_trace_read(sh->m, NULL, 0);		/* drop older lines */
		mml_trace(sh->m, sh->tracing);
	}
	fprintf(sh->out, "tracing is %s\n", sh->tracing ? "on" : "off");
	j_bool(sh, "tracing", sh->tracing);
	return 0;
}

static const char *sig_name(int signo)
{
	switch (signo) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGKILL: return "SIGKILL";
	default: return "signal";
	}
}

static const char *sig_code_name(int signo, int code)
{
	static const char *const segv[] = { "?", "SEGV_MAPERR", "SEGV_ACCERR",
					    "SEGV_BNDERR", "SEGV_PKUERR" };
	static const char *const bus[] = { "?", "BUS_ADRALN", "BUS_ADRERR",
					   "BUS_OBJERR", "BUS_MCEERR_AR" };

	if (signo == SIGSEGV && code > 0 && code < 5)
		return segv[code];
	if (signo == SIGBUS && code > 0 && code < 5)
		return bus[code];
	return NULL;
}

/* Record the signal the task just took as the command's error. */
static int user_fault(struct shell *sh, struct mml_task *t, int sig)
{
	unsigned long addr = 0;
	int signo = sig, code = 0;
	const char *cname;

	if (sig == SIGKILL)
		return sh_fail(sh, "SIGKILL (out of memory: the OOM killer's signal)");
	mml_siginfo(t, &signo, &code, &addr);
	cname = sig_code_name(signo, code);
	if (cname)
		return sh_fail(sh, "%s (%s) at 0x%lx", sig_name(signo), cname, addr);
	return sh_fail(sh, "%s (si_code %d) at 0x%lx", sig_name(signo), code, addr);
}

/**
 * user_load() - @n bytes at the selected task's @addr, as its own load.
 * Return: 0, or -1 with the signal as the error (bytes below the fault
 * are in @buf).
 */
int user_load(struct shell *sh, uint64_t addr, void *buf, size_t n)
{
	struct mml_task *t = sh_task(sh);
	int sig;

	if (!t)
		return -1;
	sig = mml_load(t, addr, buf, n);
	if (sh->tracing)
		sh_trace_flush(sh);
	return sig ? user_fault(sh, t, sig) : 0;
}

/** user_store() - @n bytes to the selected task's @addr, as its own store. */
int user_store(struct shell *sh, uint64_t addr, const void *buf, size_t n)
{
	struct mml_task *t = sh_task(sh);
	int sig;

	if (!t)
		return -1;
	sig = mml_store(t, addr, buf, n);
	if (sh->tracing)
		sh_trace_flush(sh);
	return sig ? user_fault(sh, t, sig) : 0;
}
