/* SPDX-License-Identifier: MIT */
/* TLB maintenance, where Linux does it (arch/x86/mm/tlb.c). */
#ifndef _ASM_X86_TLBFLUSH_H
#define _ASM_X86_TLBFLUSH_H

#include <linux/types.h>

struct mml_machine;
struct mm_struct;

/* Above this many pages a range flush becomes a full flush, as in Linux. */
#define TLB_SINGLE_PAGE_FLUSH_CEILING	33

void flush_tlb_all(void);
void flush_tlb_one_kernel(unsigned long addr);
void flush_tlb_kernel_range(unsigned long start, unsigned long end);
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end);
#include <asm/mmu_context.h>
/*
 * tlb_audit() - every valid TLB entry must agree with what a fresh walk of
 * the current tables gives.  Return: 0, or -EUCLEAN with @msg filled.
 */
int tlb_audit(char *msg, size_t n);

#endif
