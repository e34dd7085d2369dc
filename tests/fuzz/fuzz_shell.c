// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the shell's line entry: the input is split into
 * lines, each run by shell_run_line() on a small fresh machine, with
 * --keep-going so that every line runs, the raw write commands (w, wq,
 * memset_io ...) included; the size arguments of "stress", "workload" and
 * "mkswap" are capped to 4M (cap_sizes()).  A finding is a crash or a sanitizer
 * report of the host.  Output goes to /dev/null.  See docs/fuzzing.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mmlab/mmlab.h>
#include "tools/mmlab/shell.h"
#include "fuzz_machine.h"

#define MAX_LINES	32
#define MAX_LINE	512

#define SIZE_CAP	(4UL << 20)	/* see cap_sizes() */

static FILE *devnull;

/* A size token ("300M", "65536", "2G"): its value, or 0 if it is not one. */
static unsigned long size_token(const char *p, size_t n)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		v = v > SIZE_CAP ? v : v * 10 + (unsigned long)(p[i] - '0');
	if (!i || n - i > 1)
		return 0;
	if (i == n)
		return v;
	switch (p[i]) {
	case 'K': case 'k': return v > SIZE_CAP ? v : v << 10;
	case 'M': case 'm': return v > SIZE_CAP ? v : v << 20;
	case 'G': case 'g': return v > SIZE_CAP ? v : v << 30;
	}
	return 0;
}

/*
 * The per-input budget: "stress" and "workload" take as long as the
 * memory they are told to churn (the golden scripts ask for up to 300M on
 * a 16 MiB machine), so the harness caps each of their size arguments to
 * SIZE_CAP, written "4M": the same paths run (a 16 MiB machine still
 * reclaims and OOMs with 4M per step), in a fraction of the time, and the
 * fuzzer explores instead of waiting.  "mkswap" too: it writes every page
 * of the swap file on the host (zeros, then fsync), which took 58% of the
 * time of the slowest inputs of a grown corpus; 4M is still 1,024 slots,
 * and the same swap-out, swap-in and swap-full paths run.
 */
static void cap_sizes(char *line)
{
	char *p = line, *e;

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "stress ", 7) && strncmp(p, "workload ", 9) &&
	    strncmp(p, "mkswap ", 7))
		return;
	while (*p) {
		for (e = p; *e && *e != ' ' && *e != '\t'; e++)
			;
		if (size_token(p, (size_t)(e - p)) > SIZE_CAP && e - p >= 2) {
			memcpy(p, "4M", 2);
			memmove(p + 2, e, strlen(e) + 1);
			e = p + 2;
		}
		p = *e ? e + 1 : e;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fm_init();
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shell sh;
	char line[MAX_LINE + 1];
	size_t i = 0, n;
	int lines = 0;

	shell_init(&sh, fm_get());
	if (!sh.m)
		abort();
	sh.out = devnull;
	sh.root = fm_root;
	sh.keep_going = true;
	while (i < size && lines++ < MAX_LINES && !sh.quit) {
		for (n = 0; i < size && data[i] != '\n' && n < MAX_LINE; i++)
			line[n++] = data[i] ? (char)data[i] : ' ';
		line[n] = '\0';
		i++;
		cap_sizes(line);
		shell_run_line(&sh, line);
	}
	shell_exit(&sh);
	fm_put(sh.m);
	return 0;
}
