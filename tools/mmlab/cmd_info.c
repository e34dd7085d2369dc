// SPDX-License-Identifier: MIT
/* Commands about the shell and the machine as a whole. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

int cmd_help(struct shell *sh, int argc, char **argv)
{
	const struct sh_cmd *c;

	if (argc == 2) {
		c = sh_find_cmd(argv[1]);
		if (!c)
			return sh_fail(sh, "no command '%s' (try 'help')", argv[1]);
		fprintf(sh->out, "usage: %s\n  %s\n", c->usage, c->summary);
		if (c->help)
			fprintf(sh->out, "%s\n", c->help);
		else if (strchr("drw", c->name[0]) && !c->name[1])
			fprintf(sh->out, "%s\n", sh_find_cmd("d")->help);
		return 0;
	}
	fprintf(sh->out, "Commands (';' separates commands; '| grep RE', '| head N', '| tail N' filter output):\n");
	for (c = sh_commands; c->name; c++)
		fprintf(sh->out, "  %-30s %s\n", c->usage, c->summary);
	fprintf(sh->out, "Numbers: decimal, 0x hex, sizes with K/M/G; $_ is the last address or pfn printed.\n");
	return 0;
}

int cmd_echo(struct shell *sh, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		fprintf(sh->out, "%s%s", i > 1 ? " " : "", argv[i]);
	fputc('\n', sh->out);
	return 0;
}

int cmd_quit(struct shell *sh, int argc, char **argv)
{
	uint64_t status = 0;

	if (argc == 2 && sh_arg_u64(sh, "exit status", argv[1], &status))
		return -1;
	if (status > 255)
		return sh_fail(sh, "exit status %" PRIu64 " is not in 0..255", status);
	sh->quit = true;
	sh->exit_status = (int)status;
	return 0;
}

static bool valid_var_name(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n >= sizeof(((struct sh_var *)0)->name) ||
	    (s[0] >= '0' && s[0] <= '9') || !strcmp(s, "_"))
		return false;
	for (i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

int cmd_set(struct shell *sh, int argc, char **argv)
{
	uint64_t v;
	int i;

	if (!valid_var_name(argv[1]))
		return sh_fail(sh, "bad variable name '%s' (letters, digits, _)", argv[1]);
	if (sh_arg_size(sh, "value", argv[2], &v))
		return -1;
	for (i = 0; i < sh->nr_vars; i++)
		if (!strcmp(sh->var[i].name, argv[1]))
			break;
	if (i == SH_MAX_VARS)
		return sh_fail(sh, "too many variables (at most %d)", SH_MAX_VARS);
	if (i == sh->nr_vars)
		sh->nr_vars++;
	strcpy(sh->var[i].name, argv[1]);
	sh->var[i].value = v;
	return 0;
}

static int print_file(struct shell *sh, const char *path, const char *shown)
{
	long len = mml_machine_read_file(sh->m, path, NULL, 0);
	char *buf;

	if (len < 0)
		return len == -ENOENT ?
			sh_fail(sh, "%s: no such file (see 'ls /proc')", shown) :
			sh_fail_api(sh, (int)len, "%s", shown);
	buf = malloc(len + 1);
	if (!buf)
		return sh_fail(sh, "out of host memory");
	len = mml_machine_read_file(sh->m, path, buf, len + 1);
	if (len < 0) {
		free(buf);
		return sh_fail_api(sh, (int)len, "%s", shown);
	}
	fwrite(buf, 1, strlen(buf), sh->out);
	j_str(sh, "path", shown);
	j_str(sh, "text", buf);
	free(buf);
	return 0;
}

int cmd_dmesg(struct shell *sh, int argc, char **argv)
{
	return print_file(sh, "dmesg", "dmesg");
}

/* sysctl NAME prints "NAME = VALUE"; sysctl NAME=VALUE sets it first. */
int cmd_sysctl(struct shell *sh, int argc, char **argv)
{
	char name[128], *eq = strchr(argv[1], '=');
	long v;
	int err;

	snprintf(name, sizeof(name), "%.*s",
		 (int)(eq ? eq - argv[1] : (long)strlen(argv[1])), argv[1]);
	if (eq) {
		char *end;

		errno = 0;
		v = strtol(eq + 1, &end, 0);
		if (end == eq + 1 || *end || errno)
			return sh_fail(sh, "'%s' is not a number", eq + 1);
		err = mml_sysctl_set(sh->m, name, v);
		if (err)
			return sh_fail_api(sh, err, "%s", name);
	}
	err = mml_sysctl_get(sh->m, name, &v);
	if (err)
		return sh_fail_api(sh, err, "%s", name);
	fprintf(sh->out, "%s = %ld\n", name, v);
	j_str(sh, "name", name);
	{
		char num[24];

		snprintf(num, sizeof(num), "%ld", v);
		j_key(sh, "value");
		j_raw(sh, num);
	}
	return 0;
}

/* /proc/self/FILE or /proc/PID/FILE: the pid, 0 for self, -1 for neither. */
static long task_path_pid(const char *path)
{
	const char *p = path + 6;
	char *end;
	long pid;

	if (!strncmp(p, "self/", 5))
		return 0;
	if (*p < '0' || *p > '9')
		return -1;
	pid = strtol(p, &end, 10);
	return *end == '/' && pid > 0 && pid <= 0x7fffffff ? pid : -1;
}

/* A task's file: /proc/self/ is the selected task's. */
static int print_task_path(struct shell *sh, const char *path, long pid)
{
	struct mml_task *t = pid ? mml_task_get(sh->m, (int)pid) : sh_task(sh);
	char *text;

	if (!t)
		return pid ? sh_fail(sh, "%s: no task with pid %ld (see 'ps')", path, pid) : -1;
	if (sh_task_file(sh, t, path, &text))
		return -1;
	fputs(text, sh->out);
	j_str(sh, "path", path);
	j_str(sh, "text", text);
	free(text);
	return 0;
}

int cmd_cat(struct shell *sh, int argc, char **argv)
{
	long pid;

	if (strncmp(argv[1], "/proc/", 6) && strncmp(argv[1], "/sys/kernel/debug/", 18))
		return sh_fail(sh, "%s: only /proc and /sys/kernel/debug files exist here (see 'ls /proc')",
			       argv[1]);
	pid = task_path_pid(argv[1]);
	if (pid >= 0)
		return print_task_path(sh, argv[1], pid);
	/* The selected task reads it: its address space (no task: the kernel's). */
	if (!strncmp(argv[1], "/sys/kernel/debug/page_tables/current_", 38) &&
	    sh->task_pid)
		return print_task_path(sh, argv[1], 0);
	return print_file(sh, argv[1], argv[1]);
}

int cmd_ls(struct shell *sh, int argc, char **argv)
{
	const char *const *f;
	const char *dir = argc == 2 ? argv[1] : "/proc";
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 4 && !strncmp(dir, "/dev", 4))
		return print_file(sh, "/dev", "/dev");
	if (n != 5 || strncmp(dir, "/proc", 5))
		return sh_fail(sh, "%s: no such directory (only /proc and /dev)", dir);
	for (f = mml_machine_files(); *f; f++)
		if (!strncmp(*f, "/proc/", 6))
			fprintf(sh->out, "%s\n", *f + 6);
	return 0;
}

static void fmt_size(char *buf, size_t n, uint64_t bytes)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB", "PiB" };
	uint64_t div = 1;
	int u = 0;

	while (u < 5 && bytes / div >= 1024) {
		div *= 1024;
		u++;
	}
	if (bytes % div)
		snprintf(buf, n, "%.1f %s", (double)bytes / div, unit[u]);
	else
		snprintf(buf, n, "%" PRIu64 " %s", bytes / div, unit[u]);
}

int cmd_layout(struct shell *sh, int argc, char **argv)
{
	struct mml_layout l;
	char dsz[32], vsz[32], ram[32], lim[32];
	uint64_t vend;

	mml_layout(sh->m, &l);
	vend = (l.vmalloc_end & 1) ? l.vmalloc_end + 1 : l.vmalloc_end;
	fmt_size(dsz, sizeof(dsz), l.high_memory - l.page_offset);
	fmt_size(vsz, sizeof(vsz), vend - l.vmalloc_start);
	fmt_size(ram, sizeof(ram), l.ram_size);
	fmt_size(lim, sizeof(lim), l.mem_limit);
	fprintf(sh->out, "%s, %u-level paging, %u-byte pages, RAM %s",
		l.arch ? l.arch : "?", l.levels, l.page_size, ram);
	if (l.mem_limit && l.mem_limit < l.ram_size)
		fprintf(sh->out, ", mem= limit %s", lim);
	fprintf(sh->out, ", max_pfn %#" PRIx64 "\n", l.max_pfn);
	fprintf(sh->out, "  direct map   %016" PRIx64 " - %016" PRIx64 " (%s)  PAGE_OFFSET + phys\n",
		l.page_offset, l.high_memory - 1, dsz);
	fprintf(sh->out, "  high_memory  %016" PRIx64 "\n", l.high_memory);
	fprintf(sh->out, "  vmalloc      %016" PRIx64 " - %016" PRIx64 " (%s)  vmalloc, ioremap\n",
		l.vmalloc_start, vend - 1, vsz);
	fprintf(sh->out, "  vmemmap      %016" PRIx64 "                      struct page array\n",
		l.vmemmap_start);
	fprintf(sh->out, "  kernel text  %016" PRIx64 "                      __START_KERNEL_map\n",
		l.kernel_map);
	j_str(sh, "arch", l.arch ? l.arch : "");
	j_u64(sh, "levels", l.levels);
	j_u64(sh, "page_size", l.page_size);
	j_u64(sh, "ram_size", l.ram_size);
	if (l.mem_limit && l.mem_limit < l.ram_size)
		j_u64(sh, "mem_limit", l.mem_limit);
	j_hex(sh, "max_pfn", l.max_pfn);
	j_hex(sh, "page_offset", l.page_offset);
	j_hex(sh, "high_memory", l.high_memory);
	j_hex(sh, "vmalloc_start", l.vmalloc_start);
	j_hex(sh, "vmalloc_end", l.vmalloc_end);
	j_hex(sh, "vmemmap_start", l.vmemmap_start);
	j_hex(sh, "kernel_map", l.kernel_map);
	return 0;
}

int cmd_audit(struct shell *sh, int argc, char **argv)
{
	int err = mml_audit(sh->m);

	/* A failed audit always says why, even when it is the same again. */
	if (err)
		return sh_fail(sh, "%s (%s)", mml_last_error(sh->m),
			       mml_errname(err));
	fprintf(sh->out, "audit: ok (buddy free lists, slabs, vmalloc areas, page tables, TLB)\n");
	j_begin(sh);
	return 0;
}

int cmd_fail(struct shell *sh, int argc, char **argv)
{
	enum mml_fail_kind kind;
	const char *what;
	uint64_t n;

	if (argc == 2 && !strcmp(argv[1], "off")) {
		mml_fail_nth(sh->m, MML_FAIL_PAGE_ALLOC, -1);
		mml_fail_nth(sh->m, MML_FAIL_SLAB, -1);
		mml_fail_nth(sh->m, MML_FAIL_SWAP_SLOT, -1);
		mml_fail_nth(sh->m, MML_FAIL_SWAP_WRITE, -1);
		mml_fail_nth(sh->m, MML_FAIL_SWAP_READ, -1);
		fprintf(sh->out, "fault injection off\n");
		return 0;
	}
	if (!strcmp(argv[1], "page"))
		kind = MML_FAIL_PAGE_ALLOC;
	else if (!strcmp(argv[1], "slab"))
		kind = MML_FAIL_SLAB;
	else if (!strcmp(argv[1], "swap-slot"))
		kind = MML_FAIL_SWAP_SLOT;
	else if (!strcmp(argv[1], "swap-write"))
		kind = MML_FAIL_SWAP_WRITE;
	else if (!strcmp(argv[1], "swap-read"))
		kind = MML_FAIL_SWAP_READ;
	else
		return sh_fail(sh, "'%s' is not page, slab, swap-slot, swap-write or swap-read (usage: fail KIND N)", argv[1]);
	if (argc != 3)
		return sh_fail(sh, "missing argument (usage: fail KIND N)");
	if (!strcmp(argv[2], "off")) {
		mml_fail_nth(sh->m, kind, -1);
		fprintf(sh->out, "fault injection off for %s allocations\n", argv[1]);
		return 0;
	}
	if (sh_arg_u64(sh, "count", argv[2], &n))
		return -1;
	if (n > (uint64_t)1 << 40)
		return sh_fail(sh, "count %" PRIu64 " is too large", n);
	mml_fail_nth(sh->m, kind, (long)n);
	what = kind == MML_FAIL_SWAP_WRITE ? "write to swap" :
	       kind == MML_FAIL_SWAP_READ ? "read from swap" :
	       kind == MML_FAIL_SWAP_SLOT ? "swap-slot allocation" :
	       kind == MML_FAIL_SLAB ? "slab allocation" : "page allocation";
	if (n == 0)
		fprintf(sh->out, "the next %s will fail\n", what);
	else
		fprintf(sh->out, "%s number %" PRIu64 " from now will fail (%" PRIu64 " succeed first)\n",
			what, n + 1, n);
	return 0;
}
