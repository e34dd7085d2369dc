/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 side of the simulated CPU: the page-fault error code, the
 * layout of CR3 and the instructions that load it and flush the TLB.
 * Included by hw/x86/ and arch/x86/ only (and by tests of the x86 MMU);
 * the rest of the kernel sees the generic interface of hw/hw.h.
 */
#ifndef _HW_X86_CPU_H
#define _HW_X86_CPU_H

#include "hw/hw.h"

/* The #PF error code, as the CPU pushes it (hw_fault.code on x86). */
#define X86_PF_PROT	0x01u	/* 0: not present, 1: protection */
#define X86_PF_WRITE	0x02u
#define X86_PF_USER	0x04u
#define X86_PF_RSVD	0x08u	/* a reserved bit was set */
#define X86_PF_INSTR	0x10u

#define CR3_NOFLUSH	(1ULL << 63)	/* with CR4.PCIDE: keep the TLB */
#define CR3_PCID_MASK	0xfffULL

/* MOV to CR4: set or clear CR4.PCIDE (reset leaves it clear). */
void hw_write_cr4_pcide(struct hw_machine *hw, bool on);
/* MOV to CR3; bit 63 set (with CR4.PCIDE) keeps the TLB. */
void hw_write_cr3(struct hw_machine *hw, u64 cr3);
void hw_invlpg(struct hw_machine *hw, u64 va);
void hw_invpcid_all(struct hw_machine *hw);		/* incl. global */
void hw_invpcid_single(struct hw_machine *hw, u16 pcid);

/* The x86-64 MMU's ops (arch_x86_64.mmu). */
extern const struct hw_mmu_ops hw_x86_64_mmu;

#endif
