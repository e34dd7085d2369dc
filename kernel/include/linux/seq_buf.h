/* SPDX-License-Identifier: MIT */
/* A growing text buffer for /proc files (Linux's seq_file, simplified). */
#ifndef _LINUX_SEQ_BUF_H
#define _LINUX_SEQ_BUF_H

#include <linux/types.h>
#include <linux/compiler.h>

struct seq_buf {
	char *buf;
	size_t len, cap;
	bool overflow;		/* an allocation failed: output is short */
};

void seq_buf_init(struct seq_buf *s);
void seq_buf_free(struct seq_buf *s);
__printf(2, 3) void seq_printf(struct seq_buf *s, const char *fmt, ...);
void seq_puts(struct seq_buf *s, const char *str);
void seq_putc(struct seq_buf *s, char c);

#endif
