// SPDX-License-Identifier: MIT
/*
 * --json: each command's result as one JSON object on one line.  A command
 * that has a structured result calls j_begin() and adds fields; the shell
 * closes the object.  Commands that only print text are wrapped by the
 * shell as {"cmd": ..., "ok": true, "text": "..."}.
 * Addresses and register values are hex strings ("0xffff888000000000"),
 * since JSON numbers lose precision above 2^53; sizes and counts are numbers.
 */
#include <inttypes.h>
#include <string.h>

#include "shell.h"

/** j_print_string() - @s (@len bytes) as a JSON string literal. */
void j_print_string(FILE *f, const char *s, size_t len)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/** j_begin() - start the command's JSON object (no-op without --json). */
void j_begin(struct shell *sh)
{
	if (!sh->json || sh->jstarted)
		return;
	sh->jstarted = true;
	fputs("{\"cmd\":", sh->jout);
	j_print_string(sh->jout, sh->cmdname, strlen(sh->cmdname));
	fputs(",\"ok\":true", sh->jout);
	sh->jfirst = false;
}

/** j_key() - start field @key; the caller writes its value with j_raw(). */
void j_key(struct shell *sh, const char *key)
{
	if (!sh->json)
		return;
	j_begin(sh);
	if (!sh->jfirst)
		fputc(',', sh->jout);
	sh->jfirst = false;
	j_print_string(sh->jout, key, strlen(key));
	fputc(':', sh->jout);
}

/** j_raw() - write JSON text as is (arrays, nested objects). */
void j_raw(struct shell *sh, const char *text)
{
	if (!sh->json)
		return;
	fputs(text, sh->jout);
	sh->jfirst = text[0] && (text[strlen(text) - 1] == '[' ||
				 text[strlen(text) - 1] == '{');
}

/** j_sep() - a comma between two elements of an array. */
void j_sep(struct shell *sh)
{
	if (!sh->json)
		return;
	fputc(',', sh->jout);
	sh->jfirst = true;
}

void j_str(struct shell *sh, const char *key, const char *val)
{
	if (!sh->json)
		return;
	j_key(sh, key);
	j_print_string(sh->jout, val, strlen(val));
}

void j_u64(struct shell *sh, const char *key, uint64_t val)
{
	if (!sh->json)
		return;
	j_key(sh, key);
	fprintf(sh->jout, "%" PRIu64, val);
}

void j_hex(struct shell *sh, const char *key, uint64_t val)
{
	if (!sh->json)
		return;
	j_key(sh, key);
	fprintf(sh->jout, "\"0x%" PRIx64 "\"", val);
}

void j_bool(struct shell *sh, const char *key, bool val)
{
	if (!sh->json)
		return;
	j_key(sh, key);
	fputs(val ? "true" : "false", sh->jout);
}
