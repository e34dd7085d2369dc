/* SPDX-License-Identifier: MIT */
/*
 * Changing the attributes of kernel pages (arch/x86/mm/set_memory.c,
 * Linux's arch/x86/mm/pat/set_memory.c, "CPA"): on the direct map and on
 * vmalloc addresses (whose direct-map alias changes too).  Linux's
 * signatures: @addr a kernel virtual address, @numpages 4 KiB pages.
 * Return: 0 or -errno (-EINVAL, -EFAULT, -EBUSY, -ENOMEM).
 */
#ifndef _ASM_X86_SET_MEMORY_H
#define _ASM_X86_SET_MEMORY_H

#include <linux/types.h>
#include <asm/pgtable_types.h>

int set_memory_uc(unsigned long addr, int numpages);
int set_memory_wc(unsigned long addr, int numpages);
int set_memory_wb(unsigned long addr, int numpages);
int set_memory_ro(unsigned long addr, int numpages);
int set_memory_rw(unsigned long addr, int numpages);
int set_memory_x(unsigned long addr, int numpages);
int set_memory_nx(unsigned long addr, int numpages);
int set_memory_np(unsigned long addr, int numpages);
int set_memory_p(unsigned long addr, int numpages);
/* The direct map's cache mode for an ioremap() (memtype_kernel_map_sync()). */
int ioremap_change_attr(unsigned long vaddr, unsigned long size,
			enum page_cache_mode pcm);

#endif
