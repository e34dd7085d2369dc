/* SPDX-License-Identifier: MIT */
/*
 * The architecture interface.  An architecture provides three things
 * (docs/architecture.md, "The architecture interface"):
 *
 *  - hw/<arch>/: its MMU (page walker, fault record, TLB tags) behind the
 *    generic hw/hw.h;
 *  - arch/<arch>/include/asm/: the compile-time part, under Linux's names:
 *    pte_t and the page-table accessors (pgtable*.h, page.h), the TLB
 *    flushes and address-space switch (tlbflush.h, mmu_context.h, mmu.h),
 *    the user layout (processor.h), the layouts system calls copy to
 *    user memory (abi.h), its per-machine state (machine.h);
 *  - arch/<arch>/: the functions declared below and in those headers, its
 *    system-call numbers and table (private to it), and a struct
 *    arch_desc for what init/main.c does at boot and ->syscall.
 *
 * mml_config.arch picks the descriptor at boot.
 */
#ifndef _LINUX_ARCH_H
#define _LINUX_ARCH_H

#include <linux/types.h>

struct mml_machine;
struct machine_config;
struct task_struct;
struct hw_mmu_ops;

struct arch_desc {
	const char *name;		/* "x86_64", as uname -m says */
	/*
	 * The page-table format, which asm/ fixes at compile time: a
	 * descriptor boots only in a build whose asm/ agrees with it
	 * (arch_desc_matches_build()).
	 */
	unsigned int page_levels;	/* levels the MMU walks: 4 */
	unsigned int pte_size;		/* bytes per entry: 8 */
	unsigned int ptrs_per_table[5];	/* PTE, PMD, PUD, P4D, PGD; 1: folded */
	/*
	 * The MMU (hw/<arch>/mmu.c): its walker, table base and TLB
	 * invalidations, kept by the machine (hw_machine.mmu).
	 */
	const struct hw_mmu_ops *mmu;
	/* Physical address span for @ram bytes of RAM, holes included. */
	u64 (*phys_span)(u64 ram);
	/* The firmware memory map and the bus (RAM, ROM, devices). */
	int (*setup_machine)(char *msg, size_t msglen);
	/* setup_arch(): firmware map into memblock, direct map, table base. */
	int (*setup_arch)(char *msg, size_t msglen);
	/* After mm_core_init(): resources, the boot banner's layout. */
	void (*late_setup)(void);
	/*
	 * early_param(): a command-line word the architecture knows
	 * ("clearcpuid=pdpe1gb").  Runs before setup_machine.  Return: 1 if
	 * it took @word, 0 if not its own, -EINVAL with a message in @msg.
	 */
	int (*early_param)(const char *word, char *msg, size_t msglen);
	/*
	 * The system-call ABI: run call @nr, with the argument registers
	 * @regs (six, in the ABI's order), for the current task through the
	 * architecture's table (x86-64: do_syscall_64() over sys_call_table[],
	 * arch/x86/entry/syscall_64.c).  Return: the call's result, -ENOSYS
	 * for a number with no call.
	 */
	long (*syscall)(long nr, const unsigned long *regs);
};

/* The descriptors (arch/<arch>/kernel/setup.c). */
extern const struct arch_desc arch_x86_64;

/* init/main.c */
const struct arch_desc *arch_lookup(const char *name, int *err);
bool arch_desc_matches_build(const struct arch_desc *a);

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
void page_fault_oops(void);

/* init/main.c */
struct mml_machine *machine_boot(const struct machine_config *cfg, int *err,
				 char *msg, size_t msglen);
void machine_shutdown(struct mml_machine *m);
int machine_snapshot(void);
int machine_restore(void);

#endif
