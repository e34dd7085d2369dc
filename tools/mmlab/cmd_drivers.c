// SPDX-License-Identifier: MIT
/*
 * Drivers: insmod, rmmod, lsmod.  A driver file named without a slash is
 * looked for in the directories of $MMLAB_DRIVER_PATH (colon-separated)
 * when it is not in the current directory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

/* Where FILE is: itself, or DIR/FILE for a DIR of $MMLAB_DRIVER_PATH. */
static const char *driver_path(const char *file, char *buf, size_t n)
{
	const char *env = getenv("MMLAB_DRIVER_PATH"), *p;

	if (strchr(file, '/') || !access(file, F_OK) || !env)
		return file;
	for (p = env; *p;) {
		size_t len = strcspn(p, ":");

		snprintf(buf, n, "%.*s/%s", (int)len, p, file);
		if (len && !access(buf, F_OK))
			return buf;
		p += len + (p[len] == ':');
	}
	return file;
}

int cmd_insmod(struct shell *sh, int argc, char **argv)
{
	char buf[4096], params[4096] = "", path[4096];
	const char *file = driver_path(argv[1], path, sizeof(path));
	size_t len = 0;
	int i, err;

	for (i = 2; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		int n;

		/* A value with spaces goes to the kernel quoted, as insmod does. */
		if (eq && strchr(eq, ' '))
			n = snprintf(params + len, sizeof(params) - len, "%s%.*s\"%s\"",
				     i > 2 ? " " : "", (int)(eq - argv[i] + 1),
				     argv[i], eq + 1);
		else
			n = snprintf(params + len, sizeof(params) - len, "%s%s",
				     i > 2 ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(params) - len)
			return sh_fail(sh, "parameters too long");
		len += (size_t)n;
	}
	err = mml_insmod(sh->m, file, params);
	if (err) {
		snprintf(buf, sizeof(buf), "%s", mml_last_error(sh->m));
		return sh_fail(sh, "ERROR: %s (%s)", buf, mml_errname(err));
	}
	return 0;
}

int cmd_rmmod(struct shell *sh, int argc, char **argv)
{
	int err = mml_rmmod(sh->m, argv[1]);

	if (err)
		return sh_fail(sh, "ERROR: %s (%s)", mml_last_error(sh->m),
			       mml_errname(err));
	return 0;
}

/* lsmod: /proc/modules as kmod's lsmod prints it. */
int cmd_lsmod(struct shell *sh, int argc, char **argv)
{
	long len = mml_machine_read_file(sh->m, "/proc/modules", NULL, 0);
	char *text, *line, *save = NULL;

	if (len < 0)
		return sh_fail_api(sh, (int)len, "/proc/modules");
	text = malloc((size_t)len + 1);
	if (!text)
		return sh_fail(sh, "out of host memory");
	mml_machine_read_file(sh->m, "/proc/modules", text, (size_t)len + 1);
	fprintf(sh->out, "Module                  Size  Used by\n");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		unsigned long size;
		int refs;

		if (sscanf(line, "%63s %lu %d", name, &size, &refs) == 3)
			fprintf(sh->out, "%-19s %8lu  %d\n", name, size, refs);
	}
	free(text);
	return 0;
}
