/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 registers the MMU reads: CR3 and CR4.PCIDE.  Only the
 * register file lives here, so that struct hw_cpu can hold it; the
 * instructions, the error-code bits and the CR3 layout are in hw/x86/cpu.h,
 * which only x86 code includes.
 */
#ifndef _HW_X86_REGS_H
#define _HW_X86_REGS_H

#include <stdbool.h>
#include <stdint.h>

struct hw_x86_regs {
	uint64_t cr3;		/* page-table base | PCID (bits 0..11) */
	bool cr4_pcide;
};

#endif
