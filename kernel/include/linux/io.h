/* SPDX-License-Identifier: MIT */
/*
 * ioremap() and the MMIO accessors.  Every access goes through the MMU
 * (CPL 0, the kernel's page tables) and the TLB to the physical bus, so a
 * read of an ioremap()ped register reaches the device model.
 */
#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/machine.h>
#include <linux/arch.h>
#include <asm/pgtable_types.h>

struct mml_machine;

void *ioremap(phys_addr_t phys, size_t size);
void *ioremap_wc(phys_addr_t phys, size_t size);
void *ioremap_uc(phys_addr_t phys, size_t size);
void *ioremap_cache(phys_addr_t phys, size_t size);
void iounmap(volatile void *addr);
/*
 * mmlab: ioremap() with the protections @prot (PAGE_KERNEL_IO and its
 * cache mode: pgprot_noncached(), pgprot_writecombine(), PAGE_KERNEL_IO_UC)
 * and the name vmallocinfo shows for the caller.
 */
void *ioremap_caller_err(phys_addr_t phys, size_t size, pgprot_t prot,
			 const char *caller, int *err);
void *__ioremap_caller(phys_addr_t phys, size_t size, pgprot_t prot,
		       const char *caller);

/*
 * A kernel access that faults is an oops in Linux.  Here it is logged,
 * recorded in m->last_fault_*, and reads return all ones.
 */
u8 readb(const volatile void *addr);
u16 readw(const volatile void *addr);
u32 readl(const volatile void *addr);
u64 readq(const volatile void *addr);
void writeb(u8 v, volatile void *addr);
void writew(u16 v, volatile void *addr);
void writel(u32 v, volatile void *addr);
void writeq(u64 v, volatile void *addr);
void memcpy_fromio(void *dst, const volatile void *src, size_t n);
void memcpy_toio(volatile void *dst, const void *src, size_t n);
void memset_io(volatile void *dst, int c, size_t n);

/*
 * mmlab: the same copies, stopping at the first fault instead of going on
 * after an oops, for callers that report errors (the API).  Host buffers
 * on the non-io side.  Return: 0, or -EFAULT (fault recorded).
 */
int memcpy_fromio_nofault(void *dst, const volatile void *src, size_t n);
int memcpy_toio_nofault(volatile void *dst, const void *src, size_t n);
int memset_io_nofault(volatile void *dst, int c, size_t n);
/*
 * ioremap_is_ram() - would ioremap() refuse [@phys, @phys + @size) as RAM
 * the kernel manages (System RAM with a struct page not reserved)?
 */
bool ioremap_is_ram(phys_addr_t phys, size_t size);

/* Port I/O. */
u8 inb(u16 port);
u16 inw(u16 port);
u32 inl(u16 port);
void outb(u8 v, u16 port);
void outw(u16 v, u16 port);
void outl(u32 v, u16 port);

/*
 * kernel_load(), kernel_store() - one checked kernel data access of @width
 * bytes through the MMU: the primitive under readX/writeX.  (Linux's
 * kernel_read()/kernel_write() read and write files.)
 * Return: 0, or -EFAULT (fault recorded).
 */
static inline int kernel_load(unsigned long va, unsigned int width, u64 *val)
{
	int err = hw_virt_read(&current_machine()->hw, va, width, 0, val);

	if (unlikely(err == -EFAULT))
		page_fault_oops();
	return err;
}

static inline int kernel_store(unsigned long va, unsigned int width, u64 val)
{
	int err = hw_virt_write(&current_machine()->hw, va, width, 0, val);

	if (unlikely(err == -EFAULT))
		page_fault_oops();
	return err;
}

#endif
