// SPDX-License-Identifier: MIT
/*
 * mmlab: a shell on a simulated machine.
 *
 *   mmlab [OPTIONS]                 interactive on a terminal, else a script on stdin
 *   mmlab [OPTIONS] SCRIPT          run the commands of SCRIPT ("-" is stdin)
 *   mmlab [OPTIONS] -c "CMD; CMD"   run these commands
 *   mmlab [OPTIONS] demo            the guided tour
 *   mmlab [OPTIONS] lesson drivers  the example drivers, one by one
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "shell.h"

struct options {
	struct mml_config cfg;
	const char *commands;	/* -c */
	const char *script;
	bool demo;
	const char *lesson;	/* lesson NAME */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mmlab [OPTIONS] [SCRIPT | demo | lesson drivers]\n"
		"       mmlab [OPTIONS] -c \"CMD; CMD ...\"\n"
		"Runs shell commands on a simulated x86-64 machine (see 'help' inside).\n"
		"  -c, --command CMDS   run CMDS (';'-separated) and exit\n"
		"  -x, --echo           echo each command as 'mmlab> CMD' before its output\n"
		"  -k, --keep-going     go on after a failed command (exit status still 1)\n"
		"  -j, --json           print each command's result as one JSON object\n"
		"      --ram SIZE       RAM of the machine (default 256M; e.g. 4G, 64G)\n"
		"      --cmdline TEXT   kernel command line (e.g. \"mem=63M\"); given again,\n"
		"                       its words are added (--cmdline mem=63M --cmdline iomem=relaxed)\n"
		"      --seed N         seed for anything random (default 0)\n"
		"      --root DIR       host directory the tasks' paths resolve under (default /)\n"
		"  -h, --help           this text\n"
		"  -V, --version        print the version\n"
		"With no SCRIPT, reads commands from the terminal (with line editing and\n"
		"history in ~/.mmlab_history) or, when stdin is not a terminal, from stdin.\n");
}

/* --cmdline TEXT, repeatable: the words join into one command line. */
static int cmdline_add(struct options *o, const char *text)
{
	static char line[1024];
	size_t used = o->cfg.cmdline ? strlen(line) : 0;
	int n;

	n = snprintf(line + used, sizeof(line) - used, "%s%s", used ? " " : "", text);
	if (n < 0 || (size_t)n >= sizeof(line) - used) {
		fprintf(stderr, "mmlab: --cmdline: the command line is too long\n");
		return -1;
	}
	o->cfg.cmdline = line;
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o,
		      struct shell *sh)
{
	static const struct option longopts[] = {
		{ "command", required_argument, NULL, 'c' },
		{ "echo", no_argument, NULL, 'x' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "ram", required_argument, NULL, 'R' },
		{ "cmdline", required_argument, NULL, 'C' },
		{ "seed", required_argument, NULL, 'S' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "c:xkjhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->commands = optarg; break;
		case 'x': sh->echo = true; break;
		case 'k': sh->keep_going = true; break;
		case 'j': sh->json = true; break;
		case 'C':
			if (cmdline_add(o, optarg))
				return 2;
			break;
		case 'r': o->cfg.root = optarg; break;
		case 'R':
			if (parse_size(optarg, &v) || !v) {
				fprintf(stderr, "mmlab: --ram: bad size '%s' (e.g. 256M, 4G)\n", optarg);
				return 2;
			}
			o->cfg.ram_size = v;
			break;
		case 'S':
			if (parse_u64(optarg, &v)) {
				fprintf(stderr, "mmlab: --seed: bad number '%s'\n", optarg);
				return 2;
			}
			o->cfg.seed = v;
			break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("mmlab %s\n", MML_VERSION_STRING); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		if (!strcmp(argv[optind], "demo"))
			o->demo = true;
		else if (!strcmp(argv[optind], "lesson") && optind + 1 < argc)
			o->lesson = argv[++optind];
		else
			o->script = argv[optind];
		optind++;
	}
	if (optind < argc ||
	    (o->commands && (o->script || o->demo || o->lesson))) {
		fprintf(stderr, "mmlab: too many arguments (see mmlab --help)\n");
		return 2;
	}
	return -1;
}

/* Run the lines of @f; @name says where errors come from. */
static int run_file(struct shell *sh, FILE *f, const char *name)
{
	char *line = NULL, where[512];
	size_t cap = 0;
	long lineno = 0;
	int status = 0;

	errno = 0;
	while (!sh->quit && getline(&line, &cap, f) != -1) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		snprintf(where, sizeof(where), "%s:%ld", name, lineno);
		sh->where = where;
		if (shell_run_line(sh, line)) {
			status = 1;
			if (!sh->keep_going)
				break;
		}
	}
	if (ferror(f)) {	/* e.g. a directory: EISDIR */
		fprintf(stderr, "mmlab: %s: %s\n", name, strerror(errno));
		status = 1;
	}
	sh->where = NULL;
	free(line);
	return status;
}

static int run_script(struct shell *sh, const char *path)
{
	FILE *f = stdin;
	int status;

	if (path && strcmp(path, "-")) {
		f = fopen(path, "r");
		if (!f) {
			fprintf(stderr, "mmlab: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	status = run_file(sh, f, f == stdin ? "<stdin>" : path);
	if (f != stdin)
		fclose(f);
	return status;
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	char *path;

	if (!home || !*home || asprintf(&path, "%s/.mmlab_history", home) < 0)
		return NULL;
	return path;
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * Ctrl-C at the prompt drops the line being typed, as a shell does; it
 * must not kill the process and the machine with it.  No SA_RESTART, so
 * that readline() returns at once.
 */
static void catch_sigint(void)
{
	struct sigaction sa = { .sa_handler = on_sigint };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

/* The next line typed, or NULL at end of input (not for a Ctrl-C). */
static char *read_line(void)
{
	char *line;

	for (;;) {
		interrupted = 0;
		line = readline("mmlab> ");
		if (!interrupted)
			return line;
		free(line);
		putchar('\n');
	}
}

static int run_interactive(struct shell *sh)
{
	char *hist = history_path(), *line;

	sh->interactive = true;
	sh->keep_going = true;
	using_history();
	if (hist)
		read_history(hist);
	printf("mmlab %s: a simulated x86-64 machine is up.  Type 'help', or 'quit'.\n",
	       MML_VERSION_STRING);
	catch_sigint();
	while (!sh->quit && (line = read_line()) != NULL) {
		if (line[strspn(line, " \t")]) {
			add_history(line);
			if (hist)
				write_history(hist);
		}
		shell_run_line(sh, line);
		free(line);
	}
	free(hist);
	return sh->exit_status;
}

static struct mml_machine *boot(const struct mml_config *cfg)
{
	char msg[256] = "";
	struct mml_machine *m;
	int err = 0;

	m = mml_machine_new_err(cfg, &err, msg, sizeof(msg));
	if (!m)
		fprintf(stderr, "mmlab: cannot boot the machine: %s (%s)\n",
			msg[0] ? msg : strerror(-err), mml_errname(err));
	return m;
}

/* Run the demo, the -c commands, the terminal or the script. */
static int run(struct shell *sh, const struct options *o)
{
	int status;

	if (o->demo)
		status = shell_demo(sh);
	else if (o->lesson)
		status = shell_lesson(sh, o->lesson);
	else if (o->commands)
		status = shell_run_line(sh, o->commands) ? 1 : 0;
	else if (!o->script && isatty(STDIN_FILENO))
		status = run_interactive(sh);
	else
		status = run_script(sh, o->script);
	if (sh->quit && !status)
		status = sh->exit_status;
	return status;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	char demo_root[64] = "";
	struct shell sh;
	int status;

	shell_init(&sh, NULL);
	mml_config_init(&o.cfg);
	status = parse_args(argc, argv, &o, &sh);
	if (status >= 0)
		return status;
	if (o.demo) {
		/* The tour maps a host file: it gets its own root directory. */
		if (demo_root_create(demo_root, sizeof(demo_root)))
			return 1;
		o.cfg.root = demo_root;
	}
	if (o.lesson) {
		/* The lesson boots the machine its drivers need. */
		if (lesson_config(o.lesson, &o.cfg))
			return 2;
		lesson_prepare();
	}
	sh.root = o.cfg.root;
	sh.m = boot(&o.cfg);
	if (!sh.m) {
		if (demo_root[0])
			demo_root_remove(demo_root);
		return 1;
	}
	status = run(&sh, &o);
	fflush(stdout);
	shell_exit(&sh);
	mml_machine_free(sh.m);
	if (demo_root[0])
		demo_root_remove(demo_root);	/* after the machine's last writeback */
	return status;
}
