// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the shell's line entry: the input is split into
 * lines, each run by shell_run_line() on a small fresh machine, with
 * --keep-going so that every line runs, the raw write commands (w, wq,
 * memset_io ...) included.  A finding is a crash or a sanitizer report of
 * the host.  Output goes to /dev/null.  See docs/fuzzing.md.
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

static FILE *devnull;

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
		shell_run_line(&sh, line);
	}
	shell_exit(&sh);
	fm_put(sh.m);
	return 0;
}
