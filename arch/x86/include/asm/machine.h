/* SPDX-License-Identifier: MIT */
/*
 * What x86 keeps per machine beside the generic state (Linux keeps it in
 * arch globals): the firmware's e820 memory map, before and after mem=,
 * the CPU features the command line may clear, the interrupt vectors and
 * the I/O APIC.  Generic code sees physical memory only through memblock.
 */
#ifndef _ASM_X86_MACHINE_H
#define _ASM_X86_MACHINE_H

#include <asm/e820.h>

struct irq_desc;
struct irq_domain;

#define NR_VECTORS		256
#define FIRST_EXTERNAL_VECTOR	0x20

struct arch_machine_state {
	struct e820_table e820_firmware;
	struct e820_table e820;		/* after mem= */
	bool no_gbpages;		/* clearcpuid=pdpe1gb: no X86_FEATURE_GBPAGES */
	bool no_zero_page;		/* pvm_no_zero_page=1 */
	/* interrupts: Linux's per-CPU vector_irq[], the I/O APIC */
	struct irq_desc *vector_irq[NR_VECTORS];
	struct irq_domain *ioapic_domain;
};

#endif
