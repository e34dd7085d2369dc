// SPDX-License-Identifier: MIT
/*
 * A program that links the static libmmlab.a and defines functions named as
 * the kernel's internal ones.  It links only if the archive exports mml_*
 * alone; it then boots a machine and touches a mapping, so the library's own
 * kmalloc, printk and do_mmap run beside ours without being replaced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <mmlab/mmlab.h>

static int own_calls;

void *kmalloc(size_t size, unsigned int flags);
int printk(const char *fmt, ...);
unsigned long do_mmap(void);

void *kmalloc(size_t size, unsigned int flags)
{
	own_calls++;
	return malloc(size);
}

int printk(const char *fmt, ...)
{
	own_calls++;
	return 0;
}

unsigned long do_mmap(void)
{
	own_calls++;
	return 0;
}

int main(void)
{
	struct mml_config cfg;
	struct mml_machine *m;
	struct mml_task *t;
	long addr;
	int ret = 1;

	mml_config_init(&cfg);
	m = mml_machine_new(&cfg);
	if (!m) {
		fprintf(stderr, "boot failed\n");
		return 1;
	}
	t = mml_task_new(m, "own_symbols");
	if (!t) {
		fprintf(stderr, "mml_task_new failed\n");
		goto out;
	}
	addr = mml_mmap(t, 0, 4096, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (addr < 0) {
		fprintf(stderr, "mml_mmap: %ld\n", addr);
		goto out;
	}
	if (own_calls) {
		fprintf(stderr, "the library called the program's symbols\n");
		goto out;
	}
	free(kmalloc(16, 0));
	if (own_calls != 1)
		goto out;
	ret = 0;
out:
	mml_machine_free(m);
	return ret;
}
