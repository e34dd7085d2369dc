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
struct task_struct;

struct arch_desc {
	const char *name;		/* "x86_64" */
	unsigned int page_levels;	/* 4 */
	/* setup_arch(): firmware map, memblock, direct map, CR3. */
	int (*setup_arch)(struct mml_machine *m, char *msg, size_t msglen);
};

const struct arch_desc *arch_lookup(const char *name);

/*
 * Page faults (arch/<arch>/mm/fault.c).  After the MMU refused an access
 * it leaves its fault record in hw.cpu.fault, in the architecture's own
 * terms; only these functions decode it.
 *
 * handle_page_fault() - an access of task @t to its address space
 * faulted: find the VMA, resolve the fault, or raise the signal.
 * Return: 0 to retry the access, the signal (siginfo in t->last_siginfo),
 * or -ENOMEM.
 *
 * page_fault_oops() - a kernel access faulted: log the oops and keep the
 * fault for mml_last_fault().
 */
int handle_page_fault(struct task_struct *t);
void page_fault_oops(struct mml_machine *m);

/* arch/x86/kernel/setup.c */
struct mml_machine *machine_boot(const struct machine_config *cfg, int *err,
				 char *msg, size_t msglen);
void machine_shutdown(struct mml_machine *m);

#endif
