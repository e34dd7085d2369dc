// SPDX-License-Identifier: MIT
/*
 * ioremap() and the MMIO accessors (Linux's arch/x86/mm/ioremap.c,
 * arch/x86/lib/iomem.c and the readX/writeX/inX/outX of asm/io.h).
 *
 * ioremap() takes a range of the vmalloc area (VM_IOREMAP, guard page
 * after it, as Linux) and maps the device's physical pages there with
 * PAGE_KERNEL_IO and the cache bits of the mode asked for, or of the
 * mode the PAT has the range reserved with (ioremap_memtype_reserve():
 * an ioremap_wc() of a range ioremap()ped UC- maps UC-).  Every access
 * then goes through the MMU and TLB to the physical bus, so a read of an
 * ioremap()ped register reaches the device model.  RAM the kernel manages
 * is refused, as Linux does.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/arch.h>
#include <linux/mm.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>

/* --- ioremap ------------------------------------------------------------ */

/**
 * ioremap_is_ram() - does [@phys, @phys + @size) hold RAM that the kernel
 * manages: inside "System RAM" with a struct page that is not reserved
 * (Linux's __ioremap_check_ram())?  Reserved RAM and RAM left out by mem=
 * may be ioremap()ped.
 */
bool ioremap_is_ram(phys_addr_t phys, size_t size)
{
	struct mml_machine *m = current_machine();
	unsigned long pfn, end_pfn;

	if (!size || !region_intersects_ram(&m->iomem_resource, phys, size))
		return false;
	end_pfn = min_t(unsigned long, PFN_UP(phys + size), m->max_pfn);
	for (pfn = PFN_DOWN(phys); pfn < end_pfn; pfn++)
		if (pfn_valid(pfn) && !PageReserved(pfn_to_page(pfn)))
			return true;
	return false;
}

/* Undo a VM_IOREMAP area: unmap (TLB flushed), give the range back. */
static void free_io_area(struct vm_struct *vm)
{
	free_vm_struct(remove_vm_area(vm->addr));
}

/**
 * ioremap_caller_err() - __ioremap_caller() that says why it failed:
 * *@err gets -EINVAL (bad range, or RAM the kernel manages: "ioremap on
 * RAM" logged), -EBUSY (the range's memory type conflicts: the PAT's lines
 * logged) or -ENOMEM.  Linux's ioremap() only returns NULL; the API needs
 * the reason.
 */
void *ioremap_caller_err(phys_addr_t phys, size_t size, pgprot_t prot,
			 const char *caller, int *err)
{
	phys_addr_t last = phys + size - 1, base;
	unsigned long offset, vaddr;
	struct vm_struct *area;

	*err = -EINVAL;
	if (!size || last < phys)
		return NULL;
	if (last >> MAX_PHYSMEM_BITS) {
		pr_warn("ioremap: invalid physical address %llx\n",
			(unsigned long long)last);
		return NULL;
	}
	if (ioremap_is_ram(phys, size)) {
		pr_warn("ioremap on RAM at 0x%016llx - 0x%016llx\n",
			(unsigned long long)phys, (unsigned long long)last);
		return NULL;
	}
	offset = phys & ~PAGE_MASK;
	base = phys - offset;
	size = PAGE_ALIGN(last + 1) - base;
	/* The PAT may answer with the type the range is reserved with. */
	*err = ioremap_memtype_reserve(base, size, &prot);
	if (*err)
		return NULL;
	*err = -ENOMEM;
	area = get_vm_area_caller(size, VM_IOREMAP, caller);
	if (!area)
		goto err_free_memtype;
	area->phys_addr = base;
	area->prot = prot;
	vaddr = (unsigned long)area->addr;
	if (vmap_page_range(vaddr, vaddr + size, base, prot)) {
		free_io_area(area);
		goto err_free_memtype;
	}
	*err = 0;
	return (void *)(vaddr + offset);

err_free_memtype:
	ioremap_memtype_free(base, size);
	return NULL;
}

/**
 * __ioremap_caller() - map [@phys, @phys + @size) with @prot (kernel
 * protections and a cache mode), recording @caller for /proc/vmallocinfo.
 * Return: the address (with @phys's offset in its page), or NULL: bad
 * range, RAM the kernel manages ("ioremap on RAM" logged), a memory-type
 * conflict, no memory.
 */
void *__ioremap_caller(phys_addr_t phys, size_t size, pgprot_t prot,
		       const char *caller)
{
	int err;

	return ioremap_caller_err(phys, size, prot, caller, &err);
}

/**
 * ioremap() - map device memory at @phys uncached (UC-: PCD).  The
 * returned address keeps @phys's offset within its page.
 * Return: a kernel virtual address, or NULL (RAM, bad range, no memory).
 */
void *ioremap(phys_addr_t phys, size_t size)
{
	return __ioremap_caller(phys, size, pgprot_noncached(PAGE_KERNEL_IO), "ioremap");
}

/** ioremap_wc() - ioremap() write-combining (WC: PWT through the PAT). */
void *ioremap_wc(phys_addr_t phys, size_t size)
{
	return __ioremap_caller(phys, size, pgprot_writecombine(PAGE_KERNEL_IO), "ioremap_wc");
}

/** ioremap_uc() - ioremap() strongly uncached (UC: PCD | PWT). */
void *ioremap_uc(phys_addr_t phys, size_t size)
{
	return __ioremap_caller(phys, size, PAGE_KERNEL_IO_UC, "ioremap_uc");
}

/** ioremap_cache() - ioremap() write-back cached (WB). */
void *ioremap_cache(phys_addr_t phys, size_t size)
{
	return __ioremap_caller(phys, size, PAGE_KERNEL_IO, "ioremap_cache");
}

/**
 * iounmap() - undo ioremap().  @addr may be anywhere in the mapping.  An
 * address that is not an ioremap() mapping is reported and ignored, as
 * Linux does.
 */
void iounmap(volatile void *addr)
{
	unsigned long a = (unsigned long)addr & PAGE_MASK;
	struct vm_struct *vm;

	if (!is_vmalloc_addr((const void *)a)) {
		pr_warn("iounmap: bad address 0x%016lx\n", (unsigned long)addr);
		return;
	}
	vm = find_vm_area((const void *)a);
	if (!vm || !(vm->flags & VM_IOREMAP)) {
		pr_err("iounmap: bad address 0x%016lx\n", a);
		return;
	}
	ioremap_memtype_free(vm->phys_addr, get_vm_area_size(vm));
	free_io_area(vm);
}

/* --- one access through the MMU ------------------------------------------ */

static u64 io_read(const volatile void *addr, unsigned int width)
{
	u64 v;

	if (kernel_load((unsigned long)addr, width, &v))
		return ~0ULL;
	return v;
}

/*
 * readb() ... readq(): one MMIO load of 1, 2, 4, 8 bytes through the MMU.
 * A faulting load is an oops (logged) and returns all ones.
 */
u8 readb(const volatile void *addr)
{
	return (u8)io_read(addr, 1);
}

u16 readw(const volatile void *addr)
{
	return (u16)io_read(addr, 2);
}

u32 readl(const volatile void *addr)
{
	return (u32)io_read(addr, 4);
}

u64 readq(const volatile void *addr)
{
	return io_read(addr, 8);
}

/* writeb() ... writeq(): one MMIO store; a faulting store is an oops. */
void writeb(u8 v, volatile void *addr)
{
	kernel_store((unsigned long)addr, 1, v);
}

void writew(u16 v, volatile void *addr)
{
	kernel_store((unsigned long)addr, 2, v);
}

void writel(u32 v, volatile void *addr)
{
	kernel_store((unsigned long)addr, 4, v);
}

void writeq(u64 v, volatile void *addr)
{
	kernel_store((unsigned long)addr, 8, v);
}

/* --- string copies ---------------------------------------------------- */

/*
 * The unit of the next access, as x86's memcpy_fromio(): a byte and a
 * word to align the I/O side, then 32-bit accesses, then the tail.
 */
static unsigned int io_unit(unsigned long io, size_t n)
{
	if ((io & 1) || n == 1)
		return 1;
	if ((io & 2) || n < 4)
		return 2;
	return 4;
}

/* Copy in; *@done says how many bytes arrived before a fault. */
static int copy_fromio(u8 *d, unsigned long io, size_t n, size_t *done)
{
	unsigned int w;
	u64 v;

	for (*done = 0; *done < n; *done += w) {
		w = io_unit(io + *done, n - *done);
		if (kernel_load(io + *done, w, &v))
			return -EFAULT;
		memcpy(d + *done, &v, w);	/* little-endian, like x86 */
	}
	return 0;
}

/**
 * memcpy_fromio_nofault() - memcpy_fromio() that stops at the first fault.
 * Return: 0, or -EFAULT (oops logged, fault in m->last_fault_*).
 */
int memcpy_fromio_nofault(void *dst, const volatile void *src, size_t n)
{
	size_t done;

	return copy_fromio(dst, (unsigned long)src, n, &done);
}

/** memcpy_toio_nofault() - memcpy_toio() stopping at a fault; as above. */
int memcpy_toio_nofault(volatile void *dst, const void *src, size_t n)
{
	unsigned long io = (unsigned long)dst;
	const u8 *s = src;
	unsigned int w;
	u64 v;

	for (; n; n -= w, io += w, s += w) {
		w = io_unit(io, n);
		v = 0;
		memcpy(&v, s, w);
		if (kernel_store(io, w, v))
			return -EFAULT;
	}
	return 0;
}

/** memset_io_nofault() - memset_io() stopping at a fault; as above. */
int memset_io_nofault(volatile void *dst, int c, size_t n)
{
	unsigned long io = (unsigned long)dst;
	u64 pattern = 0x0101010101010101ULL * (u8)c;
	unsigned int w;

	for (; n; n -= w, io += w) {
		w = io_unit(io, n);
		if (kernel_store(io, w, pattern))
			return -EFAULT;
	}
	return 0;
}

/**
 * memcpy_fromio() - copy @n bytes from I/O memory at kernel address @src
 * to the host buffer @dst.  After a fault (an oops) the rest of @dst reads
 * as all ones, like any faulting read here.
 */
void memcpy_fromio(void *dst, const volatile void *src, size_t n)
{
	size_t done;

	if (copy_fromio(dst, (unsigned long)src, n, &done))
		memset((u8 *)dst + done, 0xff, n - done);
}

/** memcpy_toio() - copy @n bytes of host buffer @src to I/O memory. */
void memcpy_toio(volatile void *dst, const void *src, size_t n)
{
	memcpy_toio_nofault(dst, src, n);
}

/** memset_io() - fill @n bytes of I/O memory with @c. */
void memset_io(volatile void *dst, int c, size_t n)
{
	memset_io_nofault(dst, c, n);
}

/* --- port I/O --------------------------------------------------------- */

/* inb() ... outl(): x86 port I/O; an undecoded port reads all ones. */
u8 inb(u16 port)
{
	return (u8)hw_port_in(&current_machine()->hw, port, 1);
}

u16 inw(u16 port)
{
	return (u16)hw_port_in(&current_machine()->hw, port, 2);
}

u32 inl(u16 port)
{
	return hw_port_in(&current_machine()->hw, port, 4);
}

void outb(u8 v, u16 port)
{
	hw_port_out(&current_machine()->hw, port, 1, v);
}

void outw(u16 v, u16 port)
{
	hw_port_out(&current_machine()->hw, port, 2, v);
}

void outl(u32 v, u16 port)
{
	hw_port_out(&current_machine()->hw, port, 4, v);
}
