/* SPDX-License-Identifier: MIT */
/*
 * The PAT's memory-type tracking (arch/x86/mm/memtype.c), private to
 * arch/x86: generic code reaches it through the hooks of <asm/pgtable.h>
 * (ioremap_memtype_reserve(), pfnmap_track() ...).
 */
#ifndef _ASM_X86_MEMTYPE_H
#define _ASM_X86_MEMTYPE_H

#include <linux/types.h>
#include <asm/pgtable_types.h>

/* The name Linux's log lines and pat_memtype_list give a cache mode. */
const char *cattr_name(enum page_cache_mode pcm);
/* The legacy ISA window, mapped write-back and never tracked. */
bool is_untracked_pat_range(u64 start, u64 end);
/* 1: all System RAM, 0: none, -1: a mix (pat_pagerange_is_ram()). */
int pat_pagerange_is_ram(u64 start, u64 end);

int memtype_reserve(u64 start, u64 end, enum page_cache_mode req_type,
		    enum page_cache_mode *new_type);
int memtype_free(u64 start, u64 end);
/* The memtype of the page at @paddr: its entry, WB for RAM, else UC-. */
enum page_cache_mode lookup_memtype(u64 paddr);
/* May a @req mapping be made @got instead (Linux's is_new_memtype_allowed)? */
bool is_new_memtype_allowed(u64 paddr, unsigned long size,
			    enum page_cache_mode req, enum page_cache_mode got);
/*
 * The direct map of [@base, +@size), if RAM the direct map maps, takes
 * @pcm (ioremap(), remap_pfn_range()).  Return: 0 or -EINVAL (logged).
 */
int memtype_kernel_map_sync(u64 base, unsigned long size,
			    enum page_cache_mode pcm);
/* The number of entries in the tree (tests). */
unsigned long memtype_count(void);

#endif
