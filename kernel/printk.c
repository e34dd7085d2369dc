// SPDX-License-Identifier: MIT
/*
 * The kernel log.  Lines carry a timestamp from the machine's simulated
 * clock in Linux's "[%5lu.%06lu] " format; the log level prefix is parsed
 * and dropped, as `dmesg` shows it by default.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/printk.h>

#define LOG_MAX_BYTES	(4u << 20)	/* like a large CONFIG_LOG_BUF_SHIFT */

static bool log_append(struct printk_log *log, const char *s, size_t n)
{
	size_t cap;
	char *nb;

	if (log->len + n + 1 > LOG_MAX_BYTES) {
		log->truncated = true;
		return false;
	}
	if (log->len + n + 1 > log->cap) {
		cap = log->cap ? log->cap : 16384;
		while (cap < log->len + n + 1)
			cap *= 2;
		nb = realloc(log->buf, cap);
		if (!nb)
			return false;
		log->buf = nb;
		log->cap = cap;
	}
	memcpy(log->buf + log->len, s, n);
	log->len += n;
	log->buf[log->len] = '\0';
	return true;
}

static const char *skip_level(const char *fmt, bool *cont)
{
	*cont = false;
	if (fmt[0] == '<' && fmt[1] && fmt[2] == '>') {
		*cont = fmt[1] == 'c';
		return fmt + 3;
	}
	return fmt;
}

/**
 * vprintk() - append a message to the machine's kernel log.
 *
 * A message not ending in '\n' leaves the line open for KERN_CONT.
 * Return: the number of characters of the message.
 */
int vprintk(const char *fmt, va_list ap)
{
	struct mml_machine *m = current_machine();
	struct printk_log *log = &m->log;
	char stamp[32], text[1024];
	const char *body;
	bool cont;
	int n;

	body = skip_level(fmt, &cont);
	n = vsnprintf(text, sizeof(text), body, ap);
	if (n < 0)
		return n;
	if ((size_t)n >= sizeof(text))
		n = sizeof(text) - 1;
	if (log->cont_open && !cont)
		log_append(log, "\n", 1);
	if (!log->cont_open || !cont) {
		u64 ns = m->hw.clock_ns;

		snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ",
			 (unsigned long)(ns / 1000000000),
			 (unsigned long)(ns % 1000000000 / 1000));
		log_append(log, stamp, strlen(stamp));
	}
	log_append(log, text, (size_t)n);
	log->cont_open = n == 0 || text[n - 1] != '\n';
	return n;
}

/** printk() - vprintk() with its arguments. */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void printk_log_free(struct printk_log *log)
{
	free(log->buf);
	memset(log, 0, sizeof(*log));
}
