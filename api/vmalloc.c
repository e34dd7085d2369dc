// SPDX-License-Identifier: MIT
/*
 * The public face of vmalloc and ioremap: mml_vmalloc(), mml_vfree(),
 * mml_vmalloc_to_pfn(), mml_ioremap(), mml_iounmap() and the MMIO string
 * copies.  The kernel functions trust their callers (a bad vfree() is a
 * WARN in Linux); these check first and refuse with -EINVAL and a message.
 */
#include <mmlab/mmlab.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/io.h>
#include <linux/vmalloc.h>
#include <asm/pgtable_types.h>
#include "api/api.h"

/**
 * mml_vmalloc() - vmalloc(@size) (vzalloc() if @zeroed); the address goes
 * to @kva.  vmallocinfo shows the caller as "mml_vmalloc".
 *
 * Return: 0, -EINVAL (size 0, @kva NULL), or -ENOMEM.
 */
MML_API int mml_vmalloc(struct mml_machine *m, size_t size, int zeroed,
			uint64_t *kva)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	gfp_t gfp = GFP_KERNEL | (zeroed ? __GFP_ZERO : 0);
	void *p;

	if (!m)
		return -EINVAL;
	if (!kva) {
		mml_set_error(m, "vmalloc: no place for the address (kva is NULL)");
		return -EINVAL;
	}
	if (!size) {
		mml_set_error(m, "vmalloc: size 0 (vmalloc(0) returns NULL)");
		return -EINVAL;
	}
	p = __vmalloc_caller(size, gfp, "mml_vmalloc");
	if (!p) {
		mml_set_error(m, "vmalloc: out of memory for %zu bytes (see dmesg)",
			      size);
		return -ENOMEM;
	}
	*kva = (uint64_t)(unsigned long)p;
	return 0;
}

/**
 * mml_vfree() - vfree(@kva).  0 is accepted and does nothing, as in Linux.
 *
 * Return: 0, or -EINVAL if @kva does not start a vmalloc area.
 */
MML_API int mml_vfree(struct mml_machine *m, uint64_t kva)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	struct vm_struct *vm;

	if (!m)
		return -EINVAL;
	if (!kva)
		return 0;
	vm = find_vm_area((const void *)(unsigned long)kva);
	if (!vm || !(vm->flags & VM_ALLOC) ||
	    (unsigned long)vm->addr != kva) {
		mml_set_error(m, "vfree: %#llx is not a vmalloc area",
			      (unsigned long long)kva);
		return -EINVAL;
	}
	vfree(vm->addr);
	return 0;
}

/* Is @addr in the mapped part of @vm (not its guard or unfilled tail)? */
static bool vm_area_mapped(const struct vm_struct *vm, unsigned long addr)
{
	unsigned long off = addr - (unsigned long)vm->addr;

	if (vm->flags & VM_ALLOC)
		return off < (unsigned long)vm->nr_pages << PAGE_SHIFT;
	if (vm->flags & VM_IOREMAP)
		return off < get_vm_area_size(vm);
	return true;	/* a bare area: ask the page tables */
}

/**
 * mml_vmalloc_to_pfn() - the frame mapped at vmalloc or ioremap address
 * @kva, by walking the kernel page tables (vmalloc_to_pfn()).
 *
 * Return: 0 with *@pfn, -EINVAL (not a vmalloc-area address), or -EFAULT
 * (no area there, a guard page, or nothing mapped).
 */
MML_API int mml_vmalloc_to_pfn(struct mml_machine *m, uint64_t kva,
			       uint64_t *pfn)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	const void *addr = (const void *)(unsigned long)kva;
	struct vm_struct *vm;
	unsigned long p;

	if (!m)
		return -EINVAL;
	if (!pfn || !is_vmalloc_addr(addr)) {
		mml_set_error(m, "vmalloc_to_pfn: %#llx is not in the vmalloc area",
			      (unsigned long long)kva);
		return -EINVAL;
	}
	vm = find_vm_area(addr);
	if (!vm || !vm_area_mapped(vm, kva)) {
		mml_set_error(m, "vmalloc_to_pfn: %#llx is not mapped (%s)",
			      (unsigned long long)kva,
			      vm ? "guard page" : "no vmalloc area there");
		return -EFAULT;
	}
	p = vmalloc_to_pfn(addr);
	if (!p && !(vm->flags & VM_IOREMAP && vm->phys_addr == 0 &&
		    kva - (unsigned long)vm->addr < PAGE_SIZE)) {
		mml_set_error(m, "vmalloc_to_pfn: %#llx is not mapped",
			      (unsigned long long)kva);
		return -EFAULT;
	}
	*pfn = p;
	return 0;
}

static int cache_prot(enum mml_cache_type type, pgprot_t *prot)
{
	switch (type) {
	case MML_CACHE_UC_MINUS:
		*prot = pgprot_noncached(PAGE_KERNEL_IO);
		return 0;
	case MML_CACHE_WC:
		*prot = pgprot_writecombine(PAGE_KERNEL_IO);
		return 0;
	case MML_CACHE_UC:
		*prot = PAGE_KERNEL_IO_UC;
		return 0;
	case MML_CACHE_WB:
		*prot = PAGE_KERNEL_IO;		/* ioremap_cache() */
		return 0;
	}
	return -EINVAL;
}

static int ioremap_check(struct mml_machine *m, uint64_t phys, size_t size)
{
	uint64_t last = phys + size - 1;

	if (!size) {
		mml_set_error(m, "ioremap: size 0");
		return -EINVAL;
	}
	if (last < phys || last >> __PHYSICAL_MASK_SHIFT) {
		mml_set_error(m, "ioremap: %#llx + %zu bytes is not a physical address range",
			      (unsigned long long)phys, size);
		return -EINVAL;
	}
	return 0;
}

/**
 * mml_ioremap() - map [@phys, @phys + @size) into kernel virtual space
 * with cache mode @type (ioremap(), ioremap_wc(), ioremap_uc(),
 * ioremap_cache()).
 *
 * Return: 0 with *@kva (keeping @phys's offset in its page), -EINVAL
 * (bad range or type, or RAM the kernel manages), -EBUSY (the range is
 * reserved with a memory type that does not allow this one: the PAT's
 * "ioremap error for" in the log), or -ENOMEM.
 */
MML_API int mml_ioremap(struct mml_machine *m, uint64_t phys, size_t size,
			enum mml_cache_type type, uint64_t *kva)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	pgprot_t prot;
	void *p;
	int err;

	if (!m)
		return -EINVAL;
	if (!kva) {
		mml_set_error(m, "ioremap: no place for the address (kva is NULL)");
		return -EINVAL;
	}
	if (cache_prot(type, &prot)) {
		mml_set_error(m, "ioremap: unknown cache type %d", (int)type);
		return -EINVAL;
	}
	err = ioremap_check(m, phys, size);
	if (err)
		return err;
	p = ioremap_caller_err(phys, size, prot, "mml_ioremap", &err);
	if (!p && ioremap_is_ram(phys, size)) {
		/* the kernel logged "ioremap on RAM at ..." */
		mml_set_error(m, "ioremap: %#llx-%#llx is RAM the kernel manages (System RAM); refused",
			      (unsigned long long)phys,
			      (unsigned long long)(phys + size - 1));
		return -EINVAL;
	}
	if (!p && err == -EBUSY) {
		mml_set_error(m, "ioremap: %#llx-%#llx is reserved with another memory type (see dmesg and /sys/kernel/debug/x86/pat_memtype_list)",
			      (unsigned long long)phys,
			      (unsigned long long)(phys + size - 1));
		return -EBUSY;
	}
	if (!p) {
		mml_set_error(m, "ioremap: %s mapping %zu bytes at %#llx",
			      err == -ENOMEM ? "out of memory" : "refused",
			      size, (unsigned long long)phys);
		return err ? err : -ENOMEM;
	}
	*kva = (uint64_t)(unsigned long)p;
	return 0;
}

/**
 * mml_iounmap() - iounmap(@kva); @kva may be anywhere in the mapping.
 *
 * Return: 0, or -EINVAL if @kva is not in an ioremap() mapping.
 */
MML_API int mml_iounmap(struct mml_machine *m, uint64_t kva)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	const void *addr = (const void *)(unsigned long)(kva & PAGE_MASK);
	struct vm_struct *vm;

	if (!m)
		return -EINVAL;
	vm = is_vmalloc_addr(addr) ? find_vm_area(addr) : NULL;
	if (!vm || !(vm->flags & VM_IOREMAP)) {
		mml_set_error(m, "iounmap: %#llx is not an ioremap area",
			      (unsigned long long)kva);
		return -EINVAL;
	}
	iounmap((void *)(unsigned long)kva);
	return 0;
}

static int io_copy_check(struct mml_machine *m, const char *what,
			 const void *buf, uint64_t kva, size_t n)
{
	if (n && !buf) {
		mml_set_error(m, "%s: buffer is NULL", what);
		return -EINVAL;
	}
	if (kva + n < kva) {
		mml_set_error(m, "%s: %#llx + %zu bytes wraps around", what,
			      (unsigned long long)kva, n);
		return -EINVAL;
	}
	return 0;
}

static int io_copy_fault(struct mml_machine *m, const char *what)
{
	mml_set_error(m, "%s: kernel page fault at %#llx, error code %#x", what,
		      (unsigned long long)m->last_fault_addr,
		      m->last_fault_error);
	return -EFAULT;
}

/**
 * mml_memcpy_fromio() - memcpy_fromio() of @n bytes at kernel address
 * @kva into @dst, through the MMU.
 *
 * Return: 0, -EINVAL, or -EFAULT if any byte faults (the copy stops there).
 */
MML_API int mml_memcpy_fromio(struct mml_machine *m, void *dst, uint64_t kva,
			      size_t n)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	int err;

	if (!m)
		return -EINVAL;
	err = io_copy_check(m, "memcpy_fromio", dst, kva, n);
	if (err)
		return err;
	if (memcpy_fromio_nofault(dst, (const void *)(unsigned long)kva, n))
		return io_copy_fault(m, "memcpy_fromio");
	return 0;
}

/**
 * mml_memcpy_toio() - memcpy_toio() of @n bytes from @src to kernel
 * address @kva.  Return: as mml_memcpy_fromio().
 */
MML_API int mml_memcpy_toio(struct mml_machine *m, uint64_t kva,
			    const void *src, size_t n)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	int err;

	if (!m)
		return -EINVAL;
	err = io_copy_check(m, "memcpy_toio", src, kva, n);
	if (err)
		return err;
	if (memcpy_toio_nofault((void *)(unsigned long)kva, src, n))
		return io_copy_fault(m, "memcpy_toio");
	return 0;
}

/**
 * mml_memset_io() - memset_io() of @n bytes of value @c at kernel address
 * @kva.  Return: as mml_memcpy_fromio().
 */
MML_API int mml_memset_io(struct mml_machine *m, uint64_t kva, int c,
			  size_t n)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	int err;

	if (!m)
		return -EINVAL;
	err = io_copy_check(m, "memset_io", &c, kva, n);
	if (err)
		return err;
	if (memset_io_nofault((void *)(unsigned long)kva, c, n))
		return io_copy_fault(m, "memset_io");
	return 0;
}
