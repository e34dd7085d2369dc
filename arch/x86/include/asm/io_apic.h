/* SPDX-License-Identifier: MIT */
/* The I/O APIC and x86's interrupt entry (arch/x86/kernel/apic/io_apic.c). */
#ifndef _ASM_X86_IO_APIC_H
#define _ASM_X86_IO_APIC_H

#include <linux/types.h>

/* At boot, once ioremap() works: the I/O APIC, its domain, the vectors. */
int setup_IO_APIC(void);
/*
 * mp_map_gsi_to_irq() - the Linux IRQ for global system interrupt @gsi
 * (an I/O APIC pin), mapped on first use, with trigger IRQ_TYPE_*.
 * Return: the IRQ, or -errno.
 */
int mp_map_gsi_to_irq(u32 gsi, unsigned int type);

#endif
