// SPDX-License-Identifier: MIT
/*
 * Swap commands: mkswap, swapon (with -p PRIO, -d, and -s to list the
 * areas as /proc/swaps), swapoff, as util-linux's tools do on the host.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "shell.h"

#define SWAP_FLAG_PREFER	0x8000
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_FLAG_DISCARD	0x10000

static int swap_fail(struct shell *sh, long ret, const char *path, const char *what)
{
	return sh_fail(sh, "%s: %s failed: %s (%s)", path, what,
		       strerror((int)-ret), mml_errname((int)ret));
}

/* mkswap PATH [SIZE] [LABEL] */
int cmd_mkswap(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t size = 0;
	char text[256];
	long ret;

	if (!t)
		return -1;
	if (argc >= 3 && sh_arg_size(sh, "size", argv[2], &size))
		return -1;
	ret = mml_mkswap(t, argv[1], size, argc >= 4 ? argv[3] : NULL);
	if (ret < 0)
		return swap_fail(sh, ret, argv[1], "mkswap");
	if (!size) {
		/* The size the file had: /proc/swaps will tell after swapon. */
		snprintf(text, sizeof(text), "Setting up swapspace version 1 on %s\n", argv[1]);
	} else {
		snprintf(text, sizeof(text),
			 "Setting up swapspace version 1, size = %" PRIu64 " KiB (%" PRIu64 " bytes)\n",
			 (size / 4096 - 1) * 4, (size / 4096 - 1) * 4096);
	}
	fputs(text, sh->out);
	if (argc >= 4)
		fprintf(sh->out, "LABEL=%s\n", argv[3]);
	j_str(sh, "path", argv[1]);
	j_u64(sh, "size", size);
	return 0;
}

/* swapon -s: the areas, as /proc/swaps. */
static int swapon_summary(struct shell *sh, struct mml_task *t)
{
	char *text;

	if (sh_task_file(sh, t, "/proc/swaps", &text))
		return -1;
	fputs(text, sh->out);
	j_str(sh, "swaps", text);
	free(text);
	return 0;
}

/* swapon [-p PRIO] [-d] PATH | swapon -s */
int cmd_swapon(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	const char *path = NULL;
	int flags = 0, i;
	uint64_t prio;
	long ret;

	if (!t)
		return -1;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-s")) {
			return swapon_summary(sh, t);
		} else if (!strcmp(argv[i], "-d")) {
			flags |= SWAP_FLAG_DISCARD;
		} else if (!strcmp(argv[i], "-p")) {
			if (++i >= argc)
				return sh_fail(sh, "-p needs a priority (usage: swapon [-p PRIO] PATH)");
			if (sh_arg_u64(sh, "priority", argv[i], &prio))
				return -1;
			if (prio > SWAP_FLAG_PRIO_MASK)
				return sh_fail(sh, "priority %" PRIu64 " is not in 0..32767", prio);
			flags |= SWAP_FLAG_PREFER | (int)prio;
		} else if (!path) {
			path = argv[i];
		} else {
			return sh_fail(sh, "one swap area at a time (usage: swapon [-p PRIO] [-d] PATH)");
		}
	}
	if (!path)
		return sh_fail(sh, "missing PATH (usage: swapon [-p PRIO] [-d] PATH | swapon -s)");
	ret = mml_swapon(t, path, flags);
	if (ret < 0)
		return swap_fail(sh, ret, path, "swapon");
	j_str(sh, "path", path);
	j_u64(sh, "flags", (uint64_t)flags);
	return 0;
}

/* swapoff PATH */
int cmd_swapoff(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	long ret;

	(void)argc;
	if (!t)
		return -1;
	ret = mml_swapoff(t, argv[1]);
	if (ret < 0)
		return swap_fail(sh, ret, argv[1], "swapoff");
	j_str(sh, "path", argv[1]);
	return 0;
}
