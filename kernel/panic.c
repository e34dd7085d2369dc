// SPDX-License-Identifier: MIT
/*
 * Oopses, panics and warnings: see <linux/panic.h> and <linux/bug.h>.
 * WARN() prints the report Linux's __warn() prints.  Linux's die() prints
 * the oops header and oops_end() decides between killing the task and
 * panicking; panic() stops the machine.  mmlab cannot stop the host
 * thread, so a panic marks the machine panicked and returns: the API
 * refuses to run anything on it afterwards.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/current.h>
#include <linux/machine.h>
#include <linux/panic.h>

void __warn_printk(const char *file, const char *func, const char *fmt, ...)
{
	struct task_struct *t = current;
	char msg[256];
	va_list ap;

	/* Without -fmacro-prefix-map (meson.build): "../kernel/irq/manage.c". */
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

bool machine_panicked(void)
{
	return current_machine()->panicked;
}

/**
 * panic() - the machine cannot go on: log the reason as Linux does and
 * stop it.  Only the first panic is logged.
 */
void panic(const char *fmt, ...)
{
	struct mml_machine *m = current_machine();
	va_list ap;

	if (m->panicked)
		return;
	va_start(ap, fmt);
	vsnprintf(m->panic_msg, sizeof(m->panic_msg), fmt, ap);
	va_end(ap);
	m->panicked = true;
	pr_emerg("Kernel panic - not syncing: %s\n", m->panic_msg);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", m->panic_msg);
}

/**
 * print_tainted() - the taint as an oops or a slab report shows it: "Not
 * tainted", or "Tainted: " and one letter per taint flag at its place
 * ('G' first: no proprietary module), "Tainted: G    B D" after a bad
 * page map and an oops.
 */
const char *print_tainted(void)
{
	static const char letters[] = "PFSRMBUDAWCIOELKXTNJ";
	struct mml_machine *m = current_machine();
	char *buf = m->taint_buf;
	size_t i;

	if (!m->taint)
		return "Not tainted";
	buf += sprintf(buf, "Tainted: ");
	for (i = 0; i < sizeof(letters) - 1; i++)
		*buf++ = i == 0 ? 'G' : (m->taint & (1UL << i) ? letters[i] : ' ');
	*buf = '\0';
	return m->taint_buf;
}

/* add_taint() - mark the kernel tainted by @flag (TAINT_*). */
void add_taint(unsigned int flag)
{
	current_machine()->taint |= 1UL << flag;
}

/**
 * die() - an oops: the kernel met corruption it cannot get around for the
 * code that met it (@str says what, @err is the error code shown).  Logs
 * the header, taints, then panics if kernel.panic_on_oops, or kills the
 * current task.
 */
void die(const char *str, long err)
{
	struct mml_machine *m = current_machine();
	struct task_struct *t = get_current();
	const char *taint = print_tainted();

	if (m->panicked)
		return;
	m->oops_count++;
	pr_emerg("Oops: %s: %04lx [#%lu] SMP NOPTI\n", str, err & 0xffff,
		 m->oops_count);
	pr_emerg("CPU: 0 UID: 0 PID: %d Comm: %s %s 6.18.0-mmlab\n",
		 t ? t->pid : 0, t ? t->comm : "swapper/0", taint);
	m->taint |= 1UL << TAINT_DIE;
	pr_emerg("---[ end trace 0000000000000000 ]---\n");
	if (m->panic_on_oops) {
		panic("Fatal exception");
		return;
	}
	if (t && !t->oops_killed) {
		/* make_task_dead(SIGSEGV): the task runs no more */
		t->oops_killed = true;
		t->last_siginfo = (struct kernel_siginfo){ SIGSEGV, SI_KERNEL, 0 };
		t->exit_code = SIGSEGV;
	}
}
