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

/*
 * The length of the well-formed UTF-8 sequence at @s (at most @len bytes),
 * or 0 if it is not one: no overlong forms, no surrogates, nothing above
 * U+10FFFF (RFC 3629).
 */
static size_t utf8_seq_len(const unsigned char *s, size_t len)
{
	unsigned int cp, need, i;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	need = s[0] >= 0xf0 ? 3 : s[0] >= 0xe0 ? 2 : 1;
	if (len < need + 1)
		return 0;
	cp = s[0] & (0x3f >> need);
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return need + 1;
}

/*
 * j_print_string() - @s (@len bytes) as a JSON string literal.  Bytes that
 * are not UTF-8 become U+FFFD, so that the output is always valid JSON.
 */
void j_print_string(FILE *f, const char *s, size_t len)
{
	size_t i, n;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c >= 0x80) {
			n = utf8_seq_len((const unsigned char *)s + i, len - i);
			if (!n) {
				fputs("\\ufffd", f);
				continue;
			}
			fwrite(s + i, 1, n, f);
			i += n - 1;
		} else if (c == '"' || c == '\\')
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
