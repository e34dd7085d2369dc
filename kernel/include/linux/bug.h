/* SPDX-License-Identifier: MIT */
/*
 * WARN() and WARN_ON(): a kernel bug that is not fatal.  As in Linux the
 * report goes to the kernel log between "cut here" and "end trace"
 * lines, naming the file and function, and the condition's value is
 * returned so that callers can bail out.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>

/* kernel/panic.c */
__printf(3, 4) void __warn_printk(const char *file, const char *func,
				  const char *fmt, ...);

#define WARN(cond, ...) ({						\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		__warn_printk(__FILE__, __func__, __VA_ARGS__);		\
	unlikely(__ret_warn_on);					\
})

#define WARN_ON(cond) WARN(cond, NULL)

#endif
