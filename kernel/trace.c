// SPDX-License-Identifier: MIT
/* The trace buffer behind `trace on`: lines kept until the API reads them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/seq_buf.h>
#include <linux/trace.h>

#define TRACE_MAX_BYTES	(1u << 20)

void trace_printk(const char *fmt, ...)
{
	struct mml_machine *m = current_machine();
	char line[512];
	va_list ap;

	if (m->trace.len > TRACE_MAX_BYTES)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	seq_printf(&m->trace, "%s\n", line);
}
