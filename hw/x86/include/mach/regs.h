/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 CPU's own registers, as struct hw_cpu holds them: CR3 and
 * CR4.PCIDE.  hw/<arch>/include/mach/ is the hardware's counterpart of the
 * kernel's asm/: the build puts the selected architecture's directory on
 * the include path (meson.build), so the generic hw/hw.h says
 * <mach/regs.h> and gets this file on x86-64, another one on i386 or ARM.
 * Only the register file lives here; the instructions, the error-code
 * bits and the CR3 layout are in hw/x86/cpu.h, which only x86 code
 * includes.
 */
#ifndef _HW_MACH_REGS_H
#define _HW_MACH_REGS_H

/* hw/ includes no kernel header: plain C types. */
#include <stdbool.h>
#include <stdint.h>

struct hw_arch_cpu {
	uint64_t cr3;		/* page-table base | PCID (bits 0..11) */
	bool cr4_pcide;
};

#endif
