// SPDX-License-Identifier: MIT
/* WARN(): the report Linux's __warn() prints, in the kernel log. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/current.h>

void __warn_printk(const char *file, const char *func, const char *fmt, ...)
{
	struct task_struct *t = current;
	char msg[256];
	va_list ap;

	/* The build's relative paths: "../kernel/irq/manage.c". */
	while (!strncmp(file, "../", 3))
		file += 3;
	pr_warn("------------[ cut here ]------------\n");
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		printk(KERN_WARNING "%s", msg);
	}
	pr_warn("WARNING: CPU: 0 PID: %d at %s %s\n", t ? t->pid : 0, file, func);
	pr_warn("---[ end trace 0000000000000000 ]---\n");
}
