// SPDX-License-Identifier: MIT
/*
 * Running a line: split at ';' into commands and at '|' into a command and
 * its output filters, expand $_ and $NAME, split into words (with "..."
 * and '...' quoting), run the command, filter its output, and report its
 * error as one line on stderr after whatever it printed.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "shell.h"

#define SH_MAX_STAGES	8

/** shell_init() - a shell on machine @m, printing to stdout. */
void shell_init(struct shell *sh, struct mml_machine *m)
{
	memset(sh, 0, sizeof(*sh));
	sh->m = m;
	sh->out = stdout;
	sh->width = 1;
	sh->space = MML_SPACE_PHYS;
}

/** shell_exit() - give back what the shell holds (not the machine). */
void shell_exit(struct shell *sh)
{
	frag_release(sh);
}

static void sh_vfail(struct shell *sh, const char *fmt, va_list ap)
{
	int n = 0;

	if (sh->failed)
		return;		/* the first error says what went wrong */
	sh->failed = true;
	if (sh->cmdname)
		n = snprintf(sh->err, sizeof(sh->err), "%s: ", sh->cmdname);
	if (n >= (int)sizeof(sh->err))
		n = (int)sizeof(sh->err) - 1;
	sh->err_msg = n;
	vsnprintf(sh->err + n, sizeof(sh->err) - n, fmt, ap);
}

/**
 * sh_fail() - record the current command's error (printed once it ends).
 * Return: -1, for "return sh_fail(...)".
 */
int sh_fail(struct shell *sh, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sh_vfail(sh, fmt, ap);
	va_end(ap);
	return -1;
}

/**
 * sh_fail_api() - record the failure @err (-errno) of an API call: the
 * kernel's own description from mml_last_error(), or if it gave none, the
 * context @fmt and strerror().
 * Return: -1.
 */
int sh_fail_api(struct shell *sh, int err, const char *fmt, ...)
{
	const char *msg = mml_last_error(sh->m);
	char ctx[256];
	va_list ap;

	size_t n = sh->cmdname ? strlen(sh->cmdname) : 0;

	if (msg && *msg && strcmp(msg, sh->prev_api_err)) {
		/* The kernel's message names its function; skip it if it is ours. */
		if (n && !strncmp(msg, sh->cmdname, n) && !strncmp(msg + n, ": ", 2))
			msg += n + 2;
		return sh_fail(sh, "%s (%s)", msg, mml_errname(err));
	}
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	return sh_fail(sh, "%s: %s (%s)", ctx, strerror(-err), mml_errname(err));
}

/** sh_set_last() - the value $_ stands for from now on. */
void sh_set_last(struct shell *sh, uint64_t v)
{
	sh->have_last = true;
	sh->last = v;
}

/* ------------------------------------------------------------------ */
/* Splitting and expansion                                             */
/* ------------------------------------------------------------------ */

/*
 * A '|' starts an output filter only when a filter's name follows it, so
 * that "GFP_KERNEL|__GFP_ZERO" stays one word.
 */
static bool is_pipe(const char *s)
{
	static const char *const filters[] = { "grep", "head", "tail" };
	size_t i, n;

	s += 1 + strspn(s + 1, " \t");
	for (i = 0; i < 3; i++) {
		n = strlen(filters[i]);
		if (!strncmp(s, filters[i], n) && (!s[n] || isspace((unsigned char)s[n])))
			return true;
	}
	return false;
}

/*
 * Split @s in place at unquoted @sep; returns the number of pieces, or -1
 * if there are more than @max or a quote is not closed.
 */
static int split_at(char *s, char sep, char **piece, int max)
{
	char quote = 0;
	int n = 0;

	piece[n++] = s;
	for (; *s; s++) {
		if (quote) {
			if (*s == '\\' && quote == '"' && s[1])
				s++;
			else if (*s == quote)
				quote = 0;
		} else if (*s == '"' || *s == '\'') {
			quote = *s;
		} else if (*s == sep && (sep != '|' || is_pipe(s))) {
			if (n == max)
				return -1;
			*s = '\0';
			piece[n++] = s + 1;
		}
	}
	return quote ? -1 : n;
}

static bool lookup_var(struct shell *sh, const char *name, size_t len,
		       uint64_t *v)
{
	int i;

	if (len == 1 && name[0] == '_') {
		*v = sh->last;
		return sh->have_last;
	}
	for (i = 0; i < sh->nr_vars; i++) {
		if (strlen(sh->var[i].name) == len &&
		    !memcmp(sh->var[i].name, name, len)) {
			*v = sh->var[i].value;
			return true;
		}
	}
	return false;
}

/* Expand $_ and $NAME outside single quotes; returns a malloc()ed string. */
static char *expand_vars(struct shell *sh, const char *s)
{
	char *buf;
	size_t size;
	FILE *f = open_memstream(&buf, &size);
	bool squote = false;

	if (!f)
		return NULL;
	while (*s) {
		size_t len = 0;
		uint64_t v;

		if (*s == '\'')
			squote = !squote;
		if (*s != '$' || squote) {
			fputc(*s++, f);
			continue;
		}
		while (isalnum((unsigned char)s[1 + len]) || s[1 + len] == '_')
			len++;
		if (!len) {
			fputc(*s++, f);
			continue;
		}
		if (!lookup_var(sh, s + 1, len, &v)) {
			if (len == 1 && s[1] == '_')
				sh_fail(sh, "$_ is not set yet (it holds the last address or pfn a command printed)");
			else
				sh_fail(sh, "variable $%.*s is not set (see 'help set')",
					(int)len, s + 1);
			break;
		}
		fprintf(f, "0x%" PRIx64, v);
		s += 1 + len;
	}
	fclose(f);
	if (sh->failed) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int hex_digit(int c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A backslash escape in "...": \n \t \\ \" \xHH.  Returns chars consumed. */
static int unescape(struct shell *sh, const char *s, char *out)
{
	int hi, lo;

	switch (s[1]) {
	case 'n': *out = '\n'; return 2;
	case 't': *out = '\t'; return 2;
	case 'x':
		hi = hex_digit((unsigned char)s[2]);
		lo = hi < 0 ? -1 : hex_digit((unsigned char)s[3]);
		if (hi < 0 || lo < 0 || (hi | lo) == 0) {
			sh_fail(sh, "bad escape '\\x%.2s' (two hex digits, not 00)",
				s + 2);
			return -1;
		}
		*out = (char)(hi << 4 | lo);
		return 4;
	default:
		*out = s[1];
		return 2;
	}
}

/*
 * Split @s in place into words; quotes group, "..." takes escapes.
 * Returns the number of words, or -1 (error recorded).
 */
static int split_words(struct shell *sh, char *s, char **argv)
{
	int argc = 0;
	char *w = s;	/* the writing position trails the reading one */

	for (;;) {
		char quote = 0;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return argc;
		if (argc == SH_MAX_ARGS)
			return sh_fail(sh, "too many words (at most %d)", SH_MAX_ARGS);
		argv[argc++] = w;
		for (; *s && (quote || !isspace((unsigned char)*s)); s++) {
			if (!quote && (*s == '"' || *s == '\'')) {
				quote = *s;
			} else if (quote && *s == quote) {
				quote = 0;
			} else if (quote == '"' && *s == '\\' && s[1]) {
				int n = unescape(sh, s, w++);

				if (n < 0)
					return -1;
				s += n - 1;
			} else {
				*w++ = *s;
			}
		}
		if (*s)
			s++;
		*w++ = '\0';
	}
}

/* ------------------------------------------------------------------ */
/* Output filters: grep, head, tail                                    */
/* ------------------------------------------------------------------ */

struct sh_filter {
	enum { F_GREP, F_HEAD, F_TAIL } kind;
	bool invert;
	pcre2_code *re;
	pcre2_match_data *md;
	uint64_t n;
};

/*
 * grep's patterns are PCRE2's (POSIX extended patterns mean the same,
 * docs/shell.md says where they differ), compiled and matched with limits
 * so that no pattern costs the host more than a filter may.  glibc's
 * regcomp() had none: it expands repetitions into copies ("kB+++...+", 40
 * '+', took 2 GB under the fuzzer) and its matcher caches automaton states
 * without bound (a 130-character pattern grew by 4 MB a line of output).
 * PCRE2 refuses a pattern whose compiled form passes its size limit and
 * stops a match at the limits set here, which grep reports.
 */
#define GREP_MAX_PATTERN	4096		/* characters */
#define GREP_MATCH_LIMIT	100000		/* match() calls a line */
#define GREP_HEAP_LIMIT		4096		/* KiB of backtracking memory */

static pcre2_match_context *grep_limits(void)
{
	static pcre2_match_context *mc;

	if (!mc) {
		mc = pcre2_match_context_create(NULL);
		if (mc) {
			pcre2_set_match_limit(mc, GREP_MATCH_LIMIT);
			pcre2_set_depth_limit(mc, GREP_MATCH_LIMIT);
			pcre2_set_heap_limit(mc, GREP_HEAP_LIMIT);
		}
	}
	return mc;
}

static int parse_filter(struct shell *sh, char **argv, int argc,
			struct sh_filter *f)
{
	int i = 1, err;

	memset(f, 0, sizeof(*f));
	f->n = 10;
	if (!strcmp(argv[0], "grep")) {
		uint32_t flags = 0;
		PCRE2_SIZE off;

		f->kind = F_GREP;
		for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
			if (!strcmp(argv[i], "-v"))
				f->invert = true;
			else if (!strcmp(argv[i], "-E"))
				continue;	/* always extended */
			else if (!strcmp(argv[i], "-i"))
				flags |= PCRE2_CASELESS;
			else
				return sh_fail(sh, "grep: unknown option '%s' (-v, -i)", argv[i]);
		}
		if (i + 1 != argc)
			return sh_fail(sh, "usage: ... | grep [-v] [-i] REGEX");
		if (strlen(argv[i]) > GREP_MAX_PATTERN)
			return sh_fail(sh, "grep: pattern longer than %d characters",
				       GREP_MAX_PATTERN);
		f->re = pcre2_compile((PCRE2_SPTR)argv[i], PCRE2_ZERO_TERMINATED,
				      flags, &err, &off, NULL);
		if (!f->re) {
			PCRE2_UCHAR msg[120];

			pcre2_get_error_message(err, msg, sizeof(msg));
			return sh_fail(sh, "grep: bad regular expression '%s': %s at offset %zu",
				       argv[i], (char *)msg, (size_t)off);
		}
		f->md = pcre2_match_data_create_from_pattern(f->re, NULL);
		if (!f->md || !grep_limits()) {
			pcre2_code_free(f->re);
			pcre2_match_data_free(f->md);
			return sh_fail(sh, "out of host memory");
		}
		return 0;
	}
	f->kind = !strcmp(argv[0], "head") ? F_HEAD : F_TAIL;
	if (argc > 2)
		return sh_fail(sh, "usage: ... | %s [N]", argv[0]);
	if (argc == 2 && sh_arg_u64(sh, "line count", argv[1], &f->n))
		return -1;
	return 0;
}

/*
 * Apply @f to the lines of @text (in place); returns the new length.  A
 * line grep cannot decide within its limits ends the text there, with the
 * error recorded.
 */
static size_t apply_filter(struct shell *sh, struct sh_filter *f, char *text,
			   size_t len)
{
	size_t nlines = 0, skip = 0, line = 0, w = 0, r = 0;

	for (r = 0; r < len; r++)
		nlines += text[r] == '\n';
	if (len && text[len - 1] != '\n')
		nlines++;
	if (f->kind == F_TAIL && nlines > f->n)
		skip = nlines - f->n;
	for (r = 0; r < len; line++) {
		char *eol = memchr(text + r, '\n', len - r);
		size_t n = eol ? (size_t)(eol - (text + r)) + 1 : len - r;
		bool keep;

		if (f->kind == F_GREP) {
			int rc = pcre2_match(f->re, (PCRE2_SPTR)(text + r),
					     eol ? n - 1 : n, 0, 0, f->md,
					     grep_limits());

			if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
				PCRE2_UCHAR msg[120];

				pcre2_get_error_message(rc, msg, sizeof(msg));
				sh_fail(sh, "grep: gave up at line %zu: %s", line + 1,
					(char *)msg);
				return w;
			}
			keep = (rc >= 0) != f->invert;
		} else {
			keep = f->kind == F_HEAD ? line < f->n : line >= skip;
		}
		if (keep) {
			memmove(text + w, text + r, n);
			w += n;
		}
		r += n;
	}
	return w;
}

/* ------------------------------------------------------------------ */
/* Running one command                                                 */
/* ------------------------------------------------------------------ */

static int run_argv(struct shell *sh, int argc, char **argv)
{
	const struct sh_cmd *c = sh_find_cmd(argv[0]);
	int nargs = argc - 1;

	if (!c) {
		sh->cmdname = NULL;
		sh_fail(sh, "unknown command '%s' (try 'help')", argv[0]);
		sh->cmdname = argv[0];	/* for --json's "cmd" */
		return -1;
	}
	if (nargs < c->min_args)
		return sh_fail(sh, "missing argument (usage: %s)", c->usage);
	if (c->max_args >= 0 && nargs > c->max_args)
		return sh_fail(sh, "too many arguments (usage: %s)", c->usage);
	return c->fn(sh, argc, argv);
}

static void print_error(struct shell *sh)
{
	fflush(stdout);
	if (sh->where)
		fprintf(stderr, "mmlab: %s: %s\n", sh->where, sh->err);
	else
		fprintf(stderr, "mmlab: %s\n", sh->err);
	fflush(stderr);
}

/* With --json: the command's object, made from its fields or its text. */
static void print_json(struct shell *sh, const char *text, size_t len,
		       const char *jtext, size_t jlen)
{
	const char *name = sh->cmdname ? sh->cmdname : "";

	if (sh->failed) {
		const char *msg = sh->err + sh->err_msg;

		printf("{\"cmd\":");
		j_print_string(stdout, name, strlen(name));
		printf(",\"ok\":false,\"error\":");
		j_print_string(stdout, msg, strlen(msg));
		printf("}\n");
	} else if (sh->jstarted) {
		printf("%.*s}\n", (int)jlen, jtext);
	} else {
		printf("{\"cmd\":");
		j_print_string(stdout, name, strlen(name));
		printf(",\"ok\":true,\"text\":");
		j_print_string(stdout, text, len);
		printf("}\n");
	}
}

/* Free what parse_filter() compiled for the first @n filters of @filt. */
static void filters_free(struct sh_filter *filt, int n)
{
	while (n-- > 0)
		if (filt[n].kind == F_GREP) {
			pcre2_match_data_free(filt[n].md);
			pcre2_code_free(filt[n].re);
		}
}

/*
 * Parse the filters of stages 1 .. @nstages - 1 into @filt.  On an error
 * nothing is left compiled: a stage that does not split into words (a bad
 * escape, too many words) frees the filters before it as a bad filter does.
 */
static int filters_parse(struct shell *sh, char **stage, int nstages,
			 struct sh_filter *filt)
{
	char *argv[SH_MAX_ARGS];
	int i, argc;

	for (i = 1; i < nstages; i++) {
		argc = split_words(sh, stage[i], argv);
		if (argc == 0)
			sh_fail(sh, "empty command after '|'");
		if (argc <= 0 || parse_filter(sh, argv, argc, &filt[i - 1])) {
			filters_free(filt, i - 1);
			return -1;
		}
	}
	return 0;
}

static void capture_end(struct shell *sh, FILE *cap, char **text, size_t *len,
			struct sh_filter *filt, int nfilt)
{
	int i;

	sh->out = stdout;
	fclose(cap);
	for (i = 0; i < nfilt; i++)
		*len = apply_filter(sh, &filt[i], *text, *len);
}

/*
 * The command made the machine panic: say so once, with the kernel's
 * "Kernel panic - not syncing: ..." line; from now on only the commands
 * that touch no kernel state run.
 */
static void report_panic(struct shell *sh)
{
	long n = mml_machine_read_file(sh->m, "dmesg", NULL, 0);
	char *log = n > 0 ? malloc((size_t)n + 1) : NULL;
	const char *why = NULL, *end;

	sh->panicked = true;
	if (log && mml_machine_read_file(sh->m, "dmesg", log, (size_t)n + 1) >= 0)
		why = strstr(log, "Kernel panic - not syncing: ");
	end = why ? strchr(why, '\n') : NULL;
	fflush(sh->out);
	fprintf(sh->out, "mmlab: the machine panicked: %.*s\n",
		why ? (int)(end ? end - why : (long)strlen(why)) : 10,
		why ? why : "(no reason)");
	free(log);
}

/* Run words @argv, with output filtered by @nfilt filters when not 0. */
static void run_captured(struct shell *sh, int argc, char **argv,
			 struct sh_filter *filt, int nfilt)
{
	char *text = NULL, *jtext = NULL;
	size_t len = 0, jlen = 0;
	FILE *cap = NULL;
	bool capture = sh->json || nfilt;

	if (capture) {
		cap = open_memstream(&text, &len);
		sh->jout = sh->json ? open_memstream(&jtext, &jlen) : NULL;
		if (!cap || (sh->json && !sh->jout)) {
			sh_fail(sh, "out of host memory");
			if (cap)
				fclose(cap);
			if (sh->jout)
				fclose(sh->jout);
			sh->jout = NULL;
			cap = NULL;
			capture = false;
			sh->json = false;
		} else {
			sh->out = cap;
		}
	}
	if (!sh->failed && sh->panicked && strcmp(argv[0], "dmesg") &&
	    strcmp(argv[0], "help") && strcmp(argv[0], "quit"))
		sh_fail(sh, "the machine has panicked: only dmesg, help and quit still work");
	if (!sh->failed)
		run_argv(sh, argc, argv);
	if (!sh->panicked && mml_machine_panicked(sh->m))
		report_panic(sh);
	if (sh->tracing)
		sh_trace_flush(sh);	/* what the kernel did for this command */
	if (capture) {
		capture_end(sh, cap, &text, &len, filt, nfilt);
		if (sh->jout)
			fclose(sh->jout);
		sh->jout = NULL;
		if (sh->json)
			print_json(sh, text, len, jtext, jlen);
		else
			fwrite(text, 1, len, stdout);
	}
	free(text);
	free(jtext);
}

static void echo_command(struct shell *sh, const char *cmd)
{
	size_t len = strlen(cmd);

	while (len && isspace((unsigned char)cmd[len - 1]))
		len--;
	printf("mmlab> %.*s\n", (int)len, cmd);
}

/* Run one command (no ';' left in @cmd).  Returns 0 or -1. */
static int run_command(struct shell *sh, const char *raw)
{
	char *stage[SH_MAX_STAGES], *argv[SH_MAX_ARGS], *cmd;
	struct sh_filter filt[SH_MAX_STAGES];
	int argc = 0, nstages;

	sh->failed = false;
	sh->cmdname = NULL;
	sh->jstarted = false;
	snprintf(sh->prev_api_err, sizeof(sh->prev_api_err), "%s",
		 mml_last_error(sh->m));
	while (isspace((unsigned char)*raw))
		raw++;
	if (!*raw || *raw == '#')
		return 0;
	cmd = expand_vars(sh, raw);
	if (sh->echo)
		echo_command(sh, cmd ? cmd : raw);
	if (cmd) {
		nstages = split_at(cmd, '|', stage, SH_MAX_STAGES);
		if (nstages < 0)
			sh_fail(sh, "unbalanced quotes or too many '|'");
		else
			argc = split_words(sh, stage[0], argv);
		if (argc == 0 && !sh->failed)
			sh_fail(sh, "empty command before '|'");
		if (argc > 0 && !filters_parse(sh, stage, nstages, filt)) {
			sh->cmdname = argv[0];
			run_captured(sh, argc, argv, filt, nstages - 1);
			filters_free(filt, nstages - 1);
		}
	}
	if (sh->failed) {
		if (sh->json && argc <= 0)
			print_json(sh, NULL, 0, NULL, 0);
		print_error(sh);
	}
	free(cmd);
	sh->cmdname = NULL;
	return sh->failed ? -1 : 0;
}

/**
 * shell_run_line() - run the ';'-separated commands of @line in order.
 *
 * An error stops the rest of the line unless --keep-going is on; "quit"
 * stops it too (sh->quit).
 * Return: 0 if every command run succeeded, else -1.
 */
int shell_run_line(struct shell *sh, const char *line)
{
	char *copy, *cmds[256];
	int i, n, ret = 0;

	if (line[strspn(line, " \t")] == '#')
		return 0;	/* a comment line, ';' and all */
	copy = strdup(line);
	if (!copy) {
		fprintf(stderr, "mmlab: out of host memory\n");
		return -1;
	}
	n = split_at(copy, ';', cmds, 256);
	if (n < 0) {
		fflush(stdout);
		fprintf(stderr, "mmlab: %s%sunbalanced quotes or too many ';'\n",
			sh->where ? sh->where : "", sh->where ? ": " : "");
		free(copy);
		return -1;
	}
	for (i = 0; i < n && !sh->quit; i++) {
		if (run_command(sh, cmds[i])) {
			ret = -1;
			if (!sh->keep_going)
				break;
		}
	}
	fflush(stdout);
	free(copy);
	return ret;
}
