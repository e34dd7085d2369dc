/* SPDX-License-Identifier: MIT */
/*
 * Address-space switching and its TLB tags (arch/x86/mm/tlb.c), under
 * Linux's names.  Generic code calls these; only x86 knows CR3 and PCIDs.
 */
#ifndef _ASM_X86_MMU_CONTEXT_H
#define _ASM_X86_MMU_CONTEXT_H

#include <linux/types.h>

struct mml_machine;
struct mm_struct;

/*
 * init_new_context() - give a new @mm its TLB tag (a PCID; a reused one
 * is flushed when @mm is first loaded).  Return: 0.
 */
int init_new_context(struct mm_struct *mm);
/* destroy_context() - @mm is gone: drop its TLB entries (its PCID is reused). */
void destroy_context(struct mm_struct *mm);
/* leave_mm() - if @mm is loaded, load init_mm instead (before tearing @mm down). */
void leave_mm(struct mm_struct *mm);
/* Load @mm's page tables (CR3 with its PCID, no flush unless pending). */
void switch_mm(struct mm_struct *mm);

#endif
