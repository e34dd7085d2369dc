// SPDX-License-Identifier: MIT
/*
 * x86's protection_map: the page protections a user mapping gets for each
 * combination of VM_READ, VM_WRITE, VM_EXEC and VM_SHARED, as Linux's
 * arch/x86/mm/pgprot.c builds it.  Private writable mappings start
 * read-only (copy on write: PAGE_COPY); PROT_NONE is present to Linux
 * through _PAGE_PROTNONE and absent to the MMU; without VM_EXEC the NX bit
 * is set (x86 cannot map write-only or execute-only: both read).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>

#define PAGE_NONE	__pgprot(_PAGE_PROTNONE | _PAGE_ACCESSED)
#define __PAGE_USER	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_SHARED	__pgprot(__PAGE_USER | _PAGE_RW | _PAGE_NX)
#define PAGE_SHARED_EXEC __pgprot(__PAGE_USER | _PAGE_RW)
#define PAGE_COPY	__pgprot(__PAGE_USER | _PAGE_NX)
#define PAGE_COPY_EXEC	__pgprot(__PAGE_USER)
#define PAGE_READONLY	__pgprot(__PAGE_USER | _PAGE_NX)
#define PAGE_READONLY_EXEC __pgprot(__PAGE_USER)

const pgprot_t protection_map[16] = {
	[VM_NONE]					= PAGE_NONE,
	[VM_READ]					= PAGE_READONLY,
	[VM_WRITE]					= PAGE_COPY,
	[VM_WRITE | VM_READ]				= PAGE_COPY,
	[VM_EXEC]					= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ]				= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE]				= PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ]			= PAGE_COPY_EXEC,
	[VM_SHARED]					= PAGE_NONE,
	[VM_SHARED | VM_READ]				= PAGE_READONLY,
	[VM_SHARED | VM_WRITE]				= PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ]		= PAGE_SHARED,
	[VM_SHARED | VM_EXEC]				= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ]			= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE]		= PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ]	= PAGE_SHARED_EXEC,
};
