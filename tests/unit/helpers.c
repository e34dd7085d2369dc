// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

struct mml_machine *test_machine_ram(u64 ram, const char *cmdline)
{
	struct mml_config cfg;
	struct mml_machine *m;
	char line[512], msg[256];
	int err;

	mml_config_init(&cfg);
	cfg.ram_size = ram;
	snprintf(line, sizeof(line), "page_poison=on %s", cmdline ? cmdline : "");
	cfg.cmdline = line;
	m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	cr_assert_not_null(m, "boot failed: %d %s", err, msg);
	test_use_machine(m);
	return m;
}

void test_use_machine(struct mml_machine *m)
{
	machine_enter(m, NULL);
}

void test_use_task(struct task_struct *t)
{
	machine_enter(t->machine, t);
}

struct mml_machine *test_machine(const char *cmdline)
{
	return test_machine_ram(256ULL << 20, cmdline);
}

void test_audit(struct mml_machine *m)
{
	int err = mml_audit(m);

	cr_assert_eq(err, 0, "audit failed: %s", mml_last_error(m));
}

char *test_read_file(struct mml_machine *m, const char *path)
{
	long n = mml_machine_read_file(m, path, NULL, 0);
	char *buf;

	cr_assert_geq(n, 0, "read %s: %ld", path, n);
	buf = malloc((size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(mml_machine_read_file(m, path, buf, (size_t)n + 1), n);
	return buf;
}

void test_check_mm(struct mml_machine *m, struct task_struct *t)
{
	machine_guard(m, NULL);
	char msg[256];

	cr_assert_eq(validate_mm(t->mm, msg, sizeof(msg)), 0, "%s", msg);
	test_audit(m);
}

struct mml_machine *test_task_region(const char *comm, struct task_struct **tp,
				     unsigned long *base)
{
	struct mml_machine *m = test_machine(NULL);
	struct mml_task *ut = mml_task_new(m, comm);
	long a;

	cr_assert_not_null(ut);
	/* 64 pages where the kernel would put a mapping, then left empty. */
	a = mml_mmap(ut, 0, 64UL << PAGE_SHIFT, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_lt((unsigned long)a, -4096UL);
	cr_assert_eq(mml_munmap(ut, (unsigned long)a, 64UL << PAGE_SHIFT), 0);
	*tp = (struct task_struct *)ut;
	*base = (unsigned long)a;
	test_use_task(*tp);
	test_check_mm(m, *tp);
	return m;
}

void test_task_region_free(struct mml_machine *m, struct task_struct *t)
{
	mml_exit((struct mml_task *)t, 0);
	test_use_machine(m);
	test_audit(m);
	mml_machine_free(m);
}

void test_map_fixed(struct mml_machine *m, struct task_struct *t,
		    unsigned long base, unsigned long pg, unsigned long n,
		    int prot, int flags)
{
	long r = mml_mmap((struct mml_task *)t, base + P(pg), P(n), prot,
			  flags | MAP_FIXED, -1, 0);

	cr_assert_eq(r, (long)(base + P(pg)), "mmap: %ld", r);
	test_check_mm(m, t);
}
