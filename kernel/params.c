// SPDX-License-Identifier: MIT
/*
 * Module parameters from insmod's "name=value ..." (Linux's
 * kernel/params.c): each value parsed as param_set_TYPE() parses it
 * (kstrto*() with base 0, a trailing newline allowed; bool as kstrtobool()
 * and "name" alone meaning true); an unknown name is ignored with a
 * warning, a bad value fails the load with Linux's message.
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>

/* kstrtoull() with base 0: 0 or -EINVAL/-ERANGE. */
static int parse_ull(const char *s, unsigned long long *res)
{
	unsigned int base = 10;
	unsigned long long v = 0;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    ((p[2] >= '0' && p[2] <= '9') || ((p[2] | 0x20) >= 'a' && (p[2] | 0x20) <= 'f'))) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	if (!*p || *p == '\n')
		return -EINVAL;
	for (; *p && *p != '\n'; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f')
			d = (unsigned int)((*p | 0x20) - 'a' + 10);
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (v > (ULLONG_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (*p == '\n' && p[1])
		return -EINVAL;
	*res = v;
	return 0;
}

/* kstrtoll(): an optional sign, then parse_ull() within [@min, @max]. */
static int parse_ll(const char *s, long long min, long long max, long long *res)
{
	unsigned long long v;
	bool neg = *s == '-';
	int err = parse_ull(s + (*s == '-' || *s == '+'), &v);

	if (err)
		return err;
	if (neg ? v > (unsigned long long)-(min + 1) + 1 : v > (unsigned long long)max)
		return -ERANGE;
	*res = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

static int parse_unsigned(const char *s, unsigned long long max,
			  unsigned long long *res)
{
	int err = parse_ull(*s == '+' ? s + 1 : s, res);

	if (!err && *res > max)
		err = -ERANGE;
	return err;
}

/* kstrtobool(). */
static int parse_bool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if ((s[1] | 0x20) == 'n') {
			*res = true;
			return 0;
		}
		if ((s[1] | 0x20) == 'f') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

/* param_set_TYPE(): store @val (NULL: "name" alone) into @p's variable. */
static int param_set(const struct mml_module_param *p, char *val)
{
	unsigned long long u;
	long long v;
	bool b;
	int err;

	if (!val && p->type != MML_PARAM_bool)
		return -EINVAL;
	switch (p->type) {
	case MML_PARAM_bool:
		err = parse_bool(val ? val : "1", &b);
		if (!err)
			*(bool *)p->arg = b;
		return err;
	case MML_PARAM_charp:
		if (strlen(val) > 1024)
			return -ENOSPC;
		*(char **)p->arg = val;
		return 0;
	case MML_PARAM_int:
		err = parse_ll(val, INT_MIN, INT_MAX, &v);
		if (!err)
			*(int *)p->arg = (int)v;
		return err;
	case MML_PARAM_short:
		err = parse_ll(val, SHRT_MIN, SHRT_MAX, &v);
		if (!err)
			*(short *)p->arg = (short)v;
		return err;
	case MML_PARAM_long:
		err = parse_ll(val, LONG_MIN, LONG_MAX, &v);
		if (!err)
			*(long *)p->arg = (long)v;
		return err;
	case MML_PARAM_uint:
		err = parse_unsigned(val, UINT_MAX, &u);
		if (!err)
			*(unsigned int *)p->arg = (unsigned int)u;
		return err;
	case MML_PARAM_ushort:
		err = parse_unsigned(val, USHRT_MAX, &u);
		if (!err)
			*(unsigned short *)p->arg = (unsigned short)u;
		return err;
	case MML_PARAM_ulong:
		err = parse_unsigned(val, ULONG_MAX, &u);
		if (!err)
			*(unsigned long *)p->arg = (unsigned long)u;
		return err;
	}
	return -EINVAL;
}

/*
 * next_arg(): split the next "param[=val]" off @args, honouring double
 * quotes as Linux's does.  Return: what follows it.
 */
static char *next_arg(char *args, char **param, char **val)
{
	bool in_quote = false;
	char *p = args, *eq = NULL;

	if (*p == '"') {
		p++;
		args++;
		in_quote = true;
	}
	for (; *p; p++) {
		if (*p == ' ' && !in_quote)
			break;
		if (*p == '"')
			in_quote = !in_quote;
		if (*p == '=' && !eq)
			eq = p;
	}
	*param = args;
	*val = NULL;
	if (eq) {
		*eq = 0;
		*val = eq + 1;
		if (**val == '"') {
			(*val)++;
			if (p > *val && p[-1] == '"')
				p[-1] = 0;
		}
	} else if (p > args && p[-1] == '"') {
		p[-1] = 0;
	}
	if (*p)
		*p++ = 0;
	while (*p == ' ')
		p++;
	return p;
}

/** parse_module_args() - see linux/moduleparam.h. */
int parse_module_args(struct module *mod)
{
	char sym[MODULE_NAME_LEN + 64], *args, *param, *val;

	mod->args_buf = strdup(mod->args);
	if (!mod->args_buf)
		return -ENOMEM;
	args = mod->args_buf;
	while (*args == ' ')
		args++;
	while (*args) {
		const struct mml_module_param *p;
		int err;

		args = next_arg(args, &param, &val);
		snprintf(sym, sizeof(sym), "__mml_param_%s", param);
		p = strlen(param) < 64 ? dlsym(mod->handle, sym) : NULL;
		if (!p || strcmp(p->name, param) || !p->arg) {
			pr_warn("%s: unknown parameter '%s' ignored\n",
				mod->name, param);
			continue;
		}
		err = param_set(p, val);
		if (err == -ENOSPC) {
			pr_err("%s: `%s' too large for parameter `%s'\n",
			       mod->name, val ? val : "", param);
			return err;
		}
		if (err) {
			pr_err("%s: `%s' invalid for parameter `%s'\n",
			       mod->name, val ? val : "", param);
			return err;
		}
	}
	return 0;
}
