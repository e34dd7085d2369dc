/* SPDX-License-Identifier: MIT */
/* x86 uses the generic mmu_gather; its flush is flush_tlb_mm_range(). */
#ifndef _ASM_X86_TLB_H
#define _ASM_X86_TLB_H

#include <asm-generic/tlb.h>

#endif
