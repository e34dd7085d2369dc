/* SPDX-License-Identifier: MIT */
/*
 * The architecture seam.  Everything that differs between x86-64, i386 and
 * ARM at boot hangs off one descriptor chosen by mml_config.arch; the page
 * table formats and MMU walkers stay behind asm/ and hw/<arch>/.
 */
#ifndef _LINUX_ARCH_H
#define _LINUX_ARCH_H

#include <linux/types.h>

struct mml_machine;
struct machine_config;

struct arch_desc {
	const char *name;		/* "x86_64" */
	unsigned int page_levels;	/* 4 */
	/* setup_arch(): firmware map, memblock, direct map, CR3. */
	int (*setup_arch)(struct mml_machine *m, char *msg, size_t msglen);
};

const struct arch_desc *arch_lookup(const char *name);

/* arch/x86/kernel/setup.c */
struct mml_machine *machine_boot(const struct machine_config *cfg, int *err,
				 char *msg, size_t msglen);
void machine_shutdown(struct mml_machine *m);

#endif
