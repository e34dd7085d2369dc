/* SPDX-License-Identifier: MIT */
/* x86's per-address-space MMU state (Linux: mm_context_t in asm/mmu.h). */
#ifndef _ASM_X86_MMU_H
#define _ASM_X86_MMU_H

#include <linux/types.h>

typedef struct {
	u16 pcid;			/* the TLB tag loaded with CR3 */
	bool tlb_flush_pending;		/* flush the PCID at the next switch */
} mm_context_t;

#endif
