// SPDX-License-Identifier: MIT
/*
 * Numbers as the shell reads them: decimal, 0x hex, K/M/G/T suffixes on
 * sizes, and sums such as "$_+0x1000" (variables are expanded before this
 * runs).  The devmem commands d/r/w read hex without 0x, as the original
 * /dev/mem tool did with sscanf("%x").
 */
#include <errno.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "shell.h"

enum num_mode { NUM_PLAIN, NUM_SIZE, NUM_HEX };

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int suffix_shift(const char **sp)
{
	const char *s = *sp;
	int shift;

	switch (toupper((unsigned char)*s)) {
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	case 'T': shift = 40; break;
	default: return 0;
	}
	s++;
	if (*s == 'i' && (s[1] == 'B' || s[1] == 'b'))
		s += 2;
	else if (*s == 'B' || *s == 'b')
		s++;
	*sp = s;
	return shift;
}

/* One unsigned term; *sp is left after it. */
static int parse_term(const char **sp, enum num_mode mode, uint64_t *v)
{
	const char *s = *sp;
	unsigned int base = mode == NUM_HEX ? 16 : 10;
	uint64_t x = 0;
	int d, ndigits = 0, shift;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	while ((d = digit_value((unsigned char)*s)) >= 0 && d < (int)base) {
		if (x > (UINT64_MAX - d) / base)
			return -ERANGE;
		x = x * base + d;
		s++;
		ndigits++;
	}
	if (!ndigits)
		return -EINVAL;
	if (mode == NUM_SIZE && (shift = suffix_shift(&s))) {
		if (x > (UINT64_MAX >> shift))
			return -ERANGE;
		x <<= shift;
	}
	*sp = s;
	*v = x;
	return 0;
}

static int parse_expr(const char *s, enum num_mode mode, uint64_t *v)
{
	uint64_t total, t;
	int err;

	if (!s || !*s)
		return -EINVAL;
	err = parse_term(&s, mode, &total);
	if (err)
		return err;
	while (*s == '+' || *s == '-') {
		char op = *s++;

		err = parse_term(&s, mode, &t);
		if (err)
			return err;
		if (op == '+' && total > UINT64_MAX - t)
			return -ERANGE;
		if (op == '-' && t > total)
			return -ERANGE;
		total = op == '+' ? total + t : total - t;
	}
	if (*s)
		return -EINVAL;
	*v = total;
	return 0;
}

/**
 * parse_u64() - read a decimal or 0x-hex number (or a sum of them).
 * Return: 0, -EINVAL for text that is not a number, -ERANGE on overflow.
 */
int parse_u64(const char *s, uint64_t *v)
{
	return parse_expr(s, NUM_PLAIN, v);
}

/** parse_size() - like parse_u64(), with K/M/G/T (binary) suffixes. */
int parse_size(const char *s, uint64_t *v)
{
	return parse_expr(s, NUM_SIZE, v);
}

/** parse_hex() - a number that is hex even without 0x (the devmem tool). */
int parse_hex(const char *s, uint64_t *v)
{
	return parse_expr(s, NUM_HEX, v);
}

static int arg_fail(struct shell *sh, const char *what, const char *s,
		    int err)
{
	if (err == -ERANGE)
		return sh_fail(sh, "%s '%s' is too large", what, s);
	return sh_fail(sh, "bad %s '%s' (expected a number: decimal or 0x hex)",
		       what, s);
}

/** sh_arg_u64() - parse_u64() that reports a bad @what as the error. */
int sh_arg_u64(struct shell *sh, const char *what, const char *s, uint64_t *v)
{
	int err = parse_u64(s, v);

	return err ? arg_fail(sh, what, s, err) : 0;
}

/** sh_arg_size() - parse_size() that reports a bad @what as the error. */
int sh_arg_size(struct shell *sh, const char *what, const char *s,
		uint64_t *v)
{
	int err = parse_size(s, v);

	if (err == -EINVAL)
		return sh_fail(sh, "bad %s '%s' (expected a size such as 4096, 0x1000, 64K, 2M)",
			       what, s);
	return err ? arg_fail(sh, what, s, err) : 0;
}

/** sh_arg_gfp() - GFP flags by name; NULL means GFP_KERNEL. */
int sh_arg_gfp(struct shell *sh, const char *s, unsigned int *gfp)
{
	int err;

	*gfp = MML_GFP_KERNEL;
	if (!s)
		return 0;
	err = mml_gfp_parse(s, gfp);
	if (err)
		return sh_fail(sh, "bad GFP flags '%s' (e.g. GFP_KERNEL, GFP_ATOMIC|__GFP_ZERO, GFP_DMA32)",
			       s);
	return 0;
}
