// SPDX-License-Identifier: MIT
/* A growing text buffer for the /proc files. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seq_buf.h>

void seq_buf_init(struct seq_buf *s)
{
	s->buf = NULL;
	s->len = 0;
	s->cap = 0;
	s->overflow = false;
}

void seq_buf_free(struct seq_buf *s)
{
	free(s->buf);
	seq_buf_init(s);
}

static bool seq_buf_reserve(struct seq_buf *s, size_t more)
{
	size_t cap;
	char *nb;

	if (s->overflow)
		return false;
	if (s->len + more + 1 <= s->cap)
		return true;
	cap = s->cap ? s->cap : 1024;
	while (cap < s->len + more + 1)
		cap *= 2;
	nb = realloc(s->buf, cap);
	if (!nb) {
		s->overflow = true;
		return false;
	}
	s->buf = nb;
	s->cap = cap;
	return true;
}

void seq_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !seq_buf_reserve(s, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(s->buf + s->len, s->cap - s->len, fmt, ap);
	va_end(ap);
	s->len += (size_t)n;
}

void seq_puts(struct seq_buf *s, const char *str)
{
	size_t n = strlen(str);

	if (!seq_buf_reserve(s, n))
		return;
	memcpy(s->buf + s->len, str, n + 1);
	s->len += n;
}

void seq_putc(struct seq_buf *s, char c)
{
	if (!seq_buf_reserve(s, 1))
		return;
	s->buf[s->len++] = c;
	s->buf[s->len] = '\0';
}
