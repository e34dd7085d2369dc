// SPDX-License-Identifier: MIT
/*
 * The driver SDK's entry points (include/mmlab/kernel/mmlab_sdk.h maps
 * Linux's names onto them) and the module API: mml_insmod(), mml_rmmod().
 *
 * A driver calls these from code the kernel is running (its init, exit,
 * file and vm operations), so the current machine and task are already
 * set; called with no current machine they fail.  Each notes what the
 * calling module (found by the return address) allocates or registers,
 * for the leak report at unload.  Pointers a driver dereferences are host
 * pointers: kmalloc() gives the direct map's bytes as the host sees them,
 * virt_to_phys() takes them back.
 */
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/io.h>
#include <linux/uaccess.h>
#include <linux/gup.h>
#include <linux/interrupt.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>
#include <linux/dmapool.h>
#include <linux/dma-mapping.h>
#include <linux/ioport.h>
#include <asm/set_memory.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

/*
 * The prototypes of the mml_drv_*() functions are the SDK's, written with
 * its types (include/mmlab/kernel/mmlab_sdk.h), which a kernel file cannot
 * include; tests/link checks that a driver links against these.
 */
#pragma GCC diagnostic ignored "-Wmissing-prototypes"

#define CALLER_MODULE()	module_at((unsigned long)__builtin_return_address(0))

/* Is there a machine to act on?  Else the call is refused (and said so). */
static bool have_machine(const char *fn)
{
	if (current_machine())
		return true;
	fprintf(stderr, "mmlab: %s() called outside a machine's kernel\n", fn);
	return false;
}

MML_API int mml_drv_vprintk(const char *fmt, va_list ap)
{
	if (!have_machine(__func__) || !fmt)
		return 0;
	return vprintk(fmt, ap);
}

/* --- memory ---------------------------------------------------------- */

/* The host pointer of direct-map address @kva. */
static void *kva_host(unsigned long kva)
{
	return lm_host(kva);
}

/* The direct-map address of host pointer @p into RAM, or 0. */
static unsigned long host_kva(const volatile void *p)
{
	struct hw_machine *hw = &current_machine()->hw;
	unsigned long off = (unsigned long)p - (unsigned long)hw->ram;

	if ((unsigned long)p < (unsigned long)hw->ram || off >= hw->ram_span)
		return 0;
	return PAGE_OFFSET + off;
}

MML_API void *mml_drv_kmalloc(size_t size, unsigned int gfp)
{
	struct module *mod = CALLER_MODULE();
	void *kva;

	if (!have_machine(__func__))
		return NULL;
	kva = kmalloc(size, gfp);
	if (ZERO_OR_NULL_PTR(kva))
		return kva;
	module_res_add(mod, MODRES_KMALLOC, (unsigned long)kva, size, NULL);
	return kva_host((unsigned long)kva);
}

MML_API void mml_drv_kfree(const void *p)
{
	unsigned long kva;

	if (!p || !have_machine(__func__))
		return;
	kva = host_kva(p);
	if (!kva) {
		pr_err("kfree: %p is not a kmalloc() pointer\n", p);
		return;
	}
	module_res_del(MODRES_KMALLOC, kva);
	kfree((void *)kva);
}

MML_API void *mml_drv_vmalloc(unsigned long size, int kind)
{
	struct module *mod = CALLER_MODULE();
	struct vm_struct *vm;
	void *addr;

	if (!have_machine(__func__))
		return NULL;
	addr = kind == 0 ? vmalloc(size) : vzalloc(size);
	if (!addr)
		return NULL;
	if (kind == 2) {
		vm = find_vm_area(addr);
		if (vm)
			vm->flags |= VM_USERMAP;	/* vmalloc_user() */
	}
	module_res_add(mod, MODRES_VMALLOC, (unsigned long)addr, size, NULL);
	return addr;
}

MML_API void mml_drv_vfree(const void *addr)
{
	if (!addr || !have_machine(__func__))
		return;
	module_res_del(MODRES_VMALLOC, (unsigned long)addr);
	vfree(addr);
}

MML_API struct page *mml_drv_vmalloc_to_page(const void *addr)
{
	return have_machine(__func__) ? vmalloc_to_page(addr) : NULL;
}

MML_API unsigned long mml_drv_vmalloc_to_pfn(const void *addr)
{
	return have_machine(__func__) ? vmalloc_to_pfn(addr) : 0;
}

MML_API void mml_drv_get_page(struct page *page)
{
	if (page && have_machine(__func__))
		get_page(page);
}

MML_API void mml_drv_put_page(struct page *page)
{
	if (page && have_machine(__func__))
		put_page(page);
}

MML_API unsigned long mml_drv_page_to_pfn(const struct page *page)
{
	return page && have_machine(__func__) ? page_to_pfn(page) : 0;
}

MML_API struct page *mml_drv_pfn_to_page(unsigned long pfn)
{
	if (!have_machine(__func__) || pfn >= current_machine()->max_pfn)
		return NULL;
	return pfn_to_page(pfn);
}

/*
 * virt_to_phys() of a driver's pointer: a host pointer into RAM (what
 * kmalloc() gave), or a direct-map address.  Anything else is a bug in
 * the driver: logged, and 0.
 */
MML_API phys_addr_t mml_drv_virt_to_phys(const volatile void *addr)
{
	unsigned long kva;

	if (!have_machine(__func__))
		return 0;
	kva = host_kva(addr);
	if (!kva && virt_addr_valid((unsigned long)addr))
		kva = (unsigned long)addr;
	if (!kva) {
		pr_err("virt_to_phys: %p is not a direct-map address\n", addr);
		return 0;
	}
	return __pa(kva);
}

MML_API void *mml_drv_phys_to_virt(phys_addr_t pa)
{
	if (!have_machine(__func__) || pa >= current_machine()->hw.ram_span)
		return NULL;
	return phys_to_host(pa);
}

MML_API void *mml_drv_page_address(const struct page *page)
{
	if (!page || !have_machine(__func__))
		return NULL;
	return phys_to_host(page_to_phys(page));
}

/* --- interrupts ---------------------------------------------------------- */

MML_API int mml_drv_request_irq(unsigned int irq, irq_handler_t handler,
				unsigned long flags, const char *name, void *dev)
{
	struct module *mod = CALLER_MODULE();
	int err;

	if (!have_machine(__func__))
		return -EINVAL;
	if (flags & ~(unsigned long)(IRQF_TRIGGER_MASK | IRQF_SHARED | IRQF_NO_AUTOEN))
		return -EINVAL;
	err = request_irq(irq, handler, flags, name, dev);
	if (!err)
		module_res_add(mod, MODRES_IRQ, irq, (unsigned long)dev, name);
	return err;
}

MML_API const void *mml_drv_free_irq(unsigned int irq, void *dev)
{
	const void *r;

	if (!have_machine(__func__))
		return NULL;
	r = free_irq(irq, dev);
	if (r)
		module_res_del(MODRES_IRQ, irq);
	return r;
}

/* --- pinning user pages -------------------------------------------------- */

/* The SDK's gup_flags (Linux 6.x values) to the kernel's. */
#define SDK_FOLL_WRITE		(1U << 0)
#define SDK_FOLL_LONGTERM	(1U << 8)

MML_API long mml_drv_pin_user_pages(unsigned long start, unsigned long nr_pages,
				    unsigned int gup_flags, struct page **pages)
{
	struct task_struct *t = get_current();

	if (!have_machine(__func__))
		return -EFAULT;
	if (!t) {
		pr_err("pin_user_pages: no current task\n");
		return -EFAULT;
	}
	if (!pages || (gup_flags & ~(SDK_FOLL_WRITE | SDK_FOLL_LONGTERM)))
		return -EINVAL;
	if (!nr_pages)
		return 0;
	return pin_user_pages(start, nr_pages,
			      (gup_flags & SDK_FOLL_WRITE) ? FOLL_WRITE : 0, pages);
}

MML_API void mml_drv_unpin_user_page(struct page *page)
{
	if (page && have_machine(__func__))
		unpin_user_page(page);
}

/* --- I/O memory -------------------------------------------------------- */

MML_API void *mml_drv_ioremap(phys_addr_t phys, size_t size, int kind)
{
	struct module *mod = CALLER_MODULE();
	void *addr;

	if (!have_machine(__func__))
		return NULL;
	addr = kind == 1 ? ioremap_wc(phys, size) :
	       kind == 2 ? ioremap_cache(phys, size) : ioremap(phys, size);
	if (addr)
		module_res_add(mod, MODRES_IOREMAP, (unsigned long)addr, size, NULL);
	return addr;
}

MML_API void mml_drv_iounmap(volatile void *addr)
{
	if (!addr || !have_machine(__func__))
		return;
	module_res_del(MODRES_IOREMAP, (unsigned long)addr);
	iounmap(addr);
}

MML_API u64 mml_drv_readx(const volatile void *addr, int width)
{
	if (!have_machine(__func__))
		return ~0ULL;
	switch (width) {
	case 1: return readb(addr);
	case 2: return readw(addr);
	case 4: return readl(addr);
	default: return readq(addr);
	}
}

MML_API void mml_drv_writex(u64 v, volatile void *addr, int width)
{
	if (!have_machine(__func__))
		return;
	switch (width) {
	case 1: writeb((u8)v, addr); break;
	case 2: writew((u16)v, addr); break;
	case 4: writel((u32)v, addr); break;
	default: writeq(v, addr); break;
	}
}

MML_API void mml_drv_memcpy_fromio(void *dst, const volatile void *src, size_t n)
{
	if (have_machine(__func__))
		memcpy_fromio(dst, src, n);
}

MML_API void mml_drv_memcpy_toio(volatile void *dst, const void *src, size_t n)
{
	if (have_machine(__func__))
		memcpy_toio(dst, src, n);
}

MML_API void mml_drv_memset_io(volatile void *dst, int c, size_t n)
{
	if (have_machine(__func__))
		memset_io(dst, c, n);
}

/* --- user memory --------------------------------------------------------- */

MML_API unsigned long mml_drv_copy_to_user(void *to, const void *from,
					   unsigned long n)
{
	struct task_struct *t = get_current();

	if (!have_machine(__func__) || !t || !access_ok((unsigned long)to, n))
		return n;
	return copy_to_user(to, from, n);
}

MML_API unsigned long mml_drv_copy_from_user(void *to, const void *from,
					     unsigned long n)
{
	struct task_struct *t = get_current();
	unsigned long left;

	if (!have_machine(__func__) || !t || !access_ok((unsigned long)from, n)) {
		memset(to, 0, n);
		return n;
	}
	left = copy_from_user(to, from, n);
	if (left)	/* as Linux: the part not copied is zeroed */
		memset((char *)to + (n - left), 0, left);
	return left;
}

/* --- files ------------------------------------------------------------- */

/*
 * fixed_size_llseek(): SEEK_SET, SEEK_CUR and SEEK_END within [0, @size]
 * (Linux's generic_file_llseek_size() with maxsize = eof = @size).
 */
MML_API long long mml_drv_fixed_size_llseek(struct file *file, long long offset,
					    int whence, long long size)
{
	long long base;

	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = file->f_pos; break;
	case SEEK_END: base = size; break;
	default: return -EINVAL;
	}
	if ((offset > 0 && base > size - offset) || base + offset < 0 ||
	    base + offset > size)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}

MML_API long long mml_drv_noop_llseek(struct file *file, long long offset,
				      int whence)
{
	return noop_llseek(file, offset, whence);
}

MML_API int mml_drv_nonseekable_open(struct inode *inode, struct file *file)
{
	return nonseekable_open(inode, file);
}

/* --- character devices, classes, misc devices ------------------------- */

MML_API int mml_drv_register_chrdev(unsigned int major, unsigned int baseminor,
				    unsigned int count, const char *name,
				    const struct file_operations *fops)
{
	struct module *mod = CALLER_MODULE();
	int ret;

	if (!have_machine(__func__))
		return -ENODEV;
	ret = __register_chrdev(major, baseminor, count, name, fops);
	if (ret >= 0)
		module_res_add(mod, MODRES_CHRDEV,
			       MKDEV(major ? major : (unsigned int)ret, baseminor),
			       count, name);
	return ret;
}

MML_API void mml_drv_unregister_chrdev(unsigned int major, unsigned int baseminor,
				       unsigned int count, const char *name)
{
	if (!have_machine(__func__))
		return;
	module_res_del(MODRES_CHRDEV, MKDEV(major, baseminor));
	__unregister_chrdev(major, baseminor, count, name);
}

MML_API int mml_drv_register_chrdev_region(u32 from, unsigned int count,
					   const char *name)
{
	struct module *mod = CALLER_MODULE();
	int ret;

	if (!have_machine(__func__))
		return -ENODEV;
	ret = register_chrdev_region(from, count, name);
	if (!ret)
		module_res_add(mod, MODRES_REGION, from, count, name);
	return ret;
}

MML_API int mml_drv_alloc_chrdev_region(u32 *dev, unsigned int baseminor,
					unsigned int count, const char *name)
{
	struct module *mod = CALLER_MODULE();
	dev_t d = 0;
	int ret;

	if (!have_machine(__func__))
		return -ENODEV;
	ret = alloc_chrdev_region(&d, baseminor, count, name);
	if (!ret) {
		*dev = (u32)d;
		module_res_add(mod, MODRES_REGION, d, count, name);
	}
	return ret;
}

MML_API void mml_drv_unregister_chrdev_region(u32 from, unsigned int count)
{
	if (!have_machine(__func__))
		return;
	module_res_del(MODRES_REGION, from);
	unregister_chrdev_region(from, count);
}

MML_API void mml_drv_cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	cdev_init(cdev, fops);
}

MML_API int mml_drv_cdev_add(struct cdev *p, u32 dev, unsigned int count)
{
	struct module *mod = CALLER_MODULE();
	int ret;

	if (!have_machine(__func__))
		return -ENODEV;
	ret = cdev_add(p, dev, count);
	if (!ret)
		module_res_add(mod, MODRES_CDEV, (unsigned long)p, count, NULL);
	return ret;
}

MML_API void mml_drv_cdev_del(struct cdev *p)
{
	if (!have_machine(__func__))
		return;
	module_res_del(MODRES_CDEV, (unsigned long)p);
	cdev_del(p);
}

MML_API struct class *mml_drv_class_create(const char *name)
{
	struct module *mod = CALLER_MODULE();
	struct class *cls;

	if (!have_machine(__func__))
		return ERR_PTR(-ENODEV);
	cls = class_create(name);
	if (!IS_ERR(cls))
		module_res_add(mod, MODRES_CLASS, (unsigned long)cls, 0, name);
	return cls;
}

MML_API void mml_drv_class_destroy(struct class *cls)
{
	struct module *mod;
	size_t i;

	if (IS_ERR_OR_NULL(cls) || !have_machine(__func__))
		return;
	/* Its devices go with it: forget them too. */
	list_for_each_entry(mod, &current_machine()->modules, list)
		for (i = mod->nr_res; i-- > 0;)
			if (mod->res[i].kind == MODRES_DEVICE &&
			    mod->res[i].size == (unsigned long)cls)
				module_res_del(MODRES_DEVICE, mod->res[i].key);
	module_res_del(MODRES_CLASS, (unsigned long)cls);
	class_destroy(cls);
}

MML_API struct device *mml_drv_device_create(struct class *cls,
					     struct device *parent, u32 devt,
					     void *drvdata, const char *name)
{
	struct module *mod = CALLER_MODULE();
	struct device *dev;

	if (!have_machine(__func__))
		return ERR_PTR(-ENODEV);
	dev = device_create(cls, parent, devt, drvdata, "%s", name ? name : "");
	if (!IS_ERR(dev))
		module_res_add(mod, MODRES_DEVICE, devt, (unsigned long)cls, name);
	return dev;
}

MML_API void mml_drv_device_destroy(struct class *cls, u32 devt)
{
	if (!have_machine(__func__))
		return;
	module_res_del(MODRES_DEVICE, devt);
	device_destroy(cls, devt);
}

MML_API void *mml_drv_dev_get_drvdata(const struct device *dev)
{
	return IS_ERR_OR_NULL(dev) ? NULL : dev_get_drvdata(dev);
}

MML_API int mml_drv_misc_register(struct miscdevice *misc)
{
	struct module *mod = CALLER_MODULE();
	int ret;

	if (!have_machine(__func__))
		return -ENODEV;
	ret = misc_register(misc);
	if (!ret)
		module_res_add(mod, MODRES_MISC, (unsigned long)misc, 0, misc->name);
	return ret;
}

MML_API void mml_drv_misc_deregister(struct miscdevice *misc)
{
	if (!have_machine(__func__))
		return;
	module_res_del(MODRES_MISC, (unsigned long)misc);
	misc_deregister(misc);
}

/* --- mapping helpers (mm/memory.c, mm/vmalloc.c) ------------------------ */

MML_API int mml_drv_remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
				    unsigned long pfn, unsigned long size, u64 prot)
{
	if (!vma || !have_machine(__func__))
		return -EINVAL;
	return remap_pfn_range(vma, addr, pfn, size, __pgprot(prot));
}

MML_API int mml_drv_vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start,
				    unsigned long len)
{
	if (!vma || !have_machine(__func__))
		return -EINVAL;
	return vm_iomap_memory(vma, start, len);
}

MML_API int mml_drv_remap_vmalloc_range(struct vm_area_struct *vma, void *addr,
					unsigned long pgoff)
{
	if (!vma || !have_machine(__func__))
		return -EINVAL;
	return remap_vmalloc_range(vma, addr, pgoff);
}

MML_API int mml_drv_vm_insert_page(struct vm_area_struct *vma, unsigned long addr,
				   struct page *page)
{
	if (!vma || !page || !have_machine(__func__))
		return -EINVAL;
	return vm_insert_page(vma, addr, page);
}

MML_API int mml_drv_vm_insert_pages(struct vm_area_struct *vma, unsigned long addr,
				    struct page **pages, unsigned long *num)
{
	unsigned long i;

	if (!vma || !pages || !num || !have_machine(__func__))
		return -EINVAL;
	for (i = 0; i < *num; i++)
		if (!pages[i])
			return -EINVAL;
	return vm_insert_pages(vma, addr, pages, num);
}

MML_API vm_fault_t mml_drv_vmf_insert_pfn(struct vm_area_struct *vma,
					  unsigned long addr, unsigned long pfn,
					  int mixed)
{
	if (!vma || !have_machine(__func__))
		return VM_FAULT_SIGBUS;
	return mixed ? vmf_insert_mixed(vma, addr, pfn) : vmf_insert_pfn(vma, addr, pfn);
}

MML_API void mml_drv_zap_vma_ptes(struct vm_area_struct *vma, unsigned long addr,
				  unsigned long size)
{
	if (vma && have_machine(__func__))
		zap_vma_ptes(vma, addr, size);
}

/* --- the module API -------------------------------------------------------- */

MML_API int mml_insmod(struct mml_machine *m, const char *path, const char *params)
{
	int err;

	if (!m || !path)
		return -EINVAL;
	machine_guard(m, NULL);
	err = load_module(path, params);
	if (err)
		mml_set_error(m, "could not insert module %s: %s",
			      strrchr(path, '/') ? strrchr(path, '/') + 1 : path,
			      mml_errname(err));
	return err;
}

MML_API int mml_rmmod(struct mml_machine *m, const char *name)
{
	int err;

	if (!m || !name)
		return -EINVAL;
	machine_guard(m, NULL);
	err = delete_module(name);
	if (err == -ENOENT)
		mml_set_error(m, "Module %s is not currently loaded", name);
	else if (err == -EWOULDBLOCK)
		mml_set_error(m, "Module %s is in use", name);
	else if (err)
		mml_set_error(m, "could not remove module %s: %s", name,
			      mml_errname(err));
	return err;
}

/* --- the platform bus, managed resources (platform_device.h, devres) ------
 *
 * struct device, platform_device, platform_driver and resource have the
 * kernel's layout (tests/link/abi_fields.h), so a driver's pointers are the
 * kernel's.  A platform driver the module still has registered at unload is
 * unregistered (unbinding its devices: ->remove, then the managed
 * resources) and reported.
 */

static void *kva_host_or_null(void *kva)
{
	return ZERO_OR_NULL_PTR(kva) ? kva : kva_host((unsigned long)kva);
}


MML_API int mml_drv_platform_driver_register(struct platform_driver *drv,
					     const void *owner)
{
	struct module *mod = module_of_owner(owner);
	int err;

	if (!have_machine(__func__))
		return -EINVAL;
	if (!mod)
		mod = CALLER_MODULE();
	err = __platform_driver_register(drv, mod);
	if (!err)
		module_res_add(mod, MODRES_PLATFORM_DRIVER, (unsigned long)drv, 0,
			       drv->driver.name);
	return err;
}

MML_API void mml_drv_platform_driver_unregister(struct platform_driver *drv)
{
	if (!drv || !have_machine(__func__))
		return;
	module_res_del(MODRES_PLATFORM_DRIVER, (unsigned long)drv);
	platform_driver_unregister(drv);
}

MML_API struct resource *mml_drv_platform_get_resource(struct platform_device *pdev,
						       unsigned int type,
						       unsigned int num)
{
	return have_machine(__func__) ? platform_get_resource(pdev, type, num) : NULL;
}

MML_API int mml_drv_platform_get_irq(struct platform_device *pdev, unsigned int num)
{
	return have_machine(__func__) ? platform_get_irq(pdev, num) : -ENXIO;
}

/* --- managed resources ---------------------------------------------------- */

MML_API void *mml_drv_devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	if (!dev || !have_machine(__func__))
		return NULL;
	return kva_host_or_null(devm_kmalloc(dev, size, gfp));
}

MML_API void mml_drv_devm_kfree(struct device *dev, const void *p)
{
	unsigned long kva;

	if (!dev || !p || !have_machine(__func__))
		return;
	kva = host_kva(p);
	if (!kva) {
		pr_err("devm_kfree: %p is not a kmalloc() pointer\n", p);
		return;
	}
	devm_kfree(dev, (void *)kva);
}

MML_API void *mml_drv_devm_ioremap_resource(struct device *dev,
					    const struct resource *res)
{
	if (!dev || !have_machine(__func__))
		return ERR_PTR(-EINVAL);
	return devm_ioremap_resource(dev, res);
}

MML_API int mml_drv_devm_request_irq(struct device *dev, unsigned int irq,
				     irq_handler_t handler, unsigned long flags,
				     const char *name, void *dev_id)
{
	if (!dev || !have_machine(__func__))
		return -EINVAL;
	if (flags & ~(unsigned long)(IRQF_TRIGGER_MASK | IRQF_SHARED | IRQF_NO_AUTOEN))
		return -EINVAL;
	return devm_request_irq(dev, irq, handler, flags, name, dev_id);
}

MML_API void mml_drv_devm_free_irq(struct device *dev, unsigned int irq, void *dev_id)
{
	if (dev && have_machine(__func__))
		devm_free_irq(dev, irq, dev_id);
}

/* --- the DMA API (dma-mapping.h, scatterlist.h, dmapool.h) ----------------
 *
 * struct scatterlist and sg_table have the kernel's layout.  Buffers cross
 * as host pointers (kmalloc(), a coherent buffer, a pool block), taken back
 * to direct-map addresses on the way in; the page pointers a driver puts
 * in a scatterlist are checked against the machine's mem_map.  Mistakes
 * are the DMA-API debug's (kernel/dma/debug.c): logged with Linux's words.
 */

/* A valid struct page pointer of this machine's mem_map, or false. */
static bool page_ok(const struct page *page)
{
	struct mml_machine *m = current_machine();
	unsigned long off = (unsigned long)page - (unsigned long)m->mem_map;

	return page && (unsigned long)page >= (unsigned long)m->mem_map &&
	       off % sizeof(struct page) == 0 &&
	       off / sizeof(struct page) < m->max_pfn;
}

static bool dir_ok(int dir)
{
	return valid_dma_direction((enum dma_data_direction)dir);
}

MML_API int mml_drv_dma_set_mask(struct device *dev, u64 mask, int which)
{
	int err = 0;

	if (!dev || !have_machine(__func__))
		return -EINVAL;
	if (which & 1)
		err = dma_set_mask(dev, mask);
	if (!err && (which & 2))
		err = dma_set_coherent_mask(dev, mask);
	return err;
}

MML_API void *mml_drv_dma_alloc_coherent(struct device *dev, size_t size,
					 dma_addr_t *handle, gfp_t gfp)
{
	struct module *mod = CALLER_MODULE();
	void *kva;

	if (!dev || !handle || !have_machine(__func__))
		return NULL;
	kva = dma_alloc_coherent(dev, size, handle, gfp);
	if (kva)
		module_res_add(mod, MODRES_DMA_COHERENT, (unsigned long)kva, size,
			       dev_name(dev));
	return kva_host_or_null(kva);
}

MML_API void mml_drv_dma_free_coherent(struct device *dev, size_t size,
				       void *cpu_addr, dma_addr_t handle)
{
	unsigned long kva;

	if (!dev || !cpu_addr || !have_machine(__func__))
		return;
	kva = host_kva(cpu_addr);
	if (!kva) {
		dev_err(dev, "dma_free_coherent: %p is not a coherent buffer\n", cpu_addr);
		return;
	}
	module_res_del(MODRES_DMA_COHERENT, kva);
	dma_free_coherent(dev, size, (void *)kva, handle);
}

/*
 * dma_map_single() of a driver's pointer: only the direct map (kmalloc())
 * can be mapped; Linux WARNs on a vmalloc or stack address (dma-debug's
 * "device driver maps memory from ..."): here anything else is refused
 * with a log line and DMA_MAPPING_ERROR.
 */
MML_API dma_addr_t mml_drv_dma_map_single(struct device *dev, void *ptr,
					  size_t size, int dir)
{
	unsigned long kva;

	if (!dev || !have_machine(__func__) || !dir_ok(dir))
		return DMA_MAPPING_ERROR;
	kva = host_kva(ptr);
	if (!kva || !size || host_kva((char *)ptr + size - 1) != kva + size - 1) {
		dev_err(dev, "DMA-API: device driver maps memory outside the direct map [addr=%p] [len=%zu]\n",
			ptr, size);
		return DMA_MAPPING_ERROR;
	}
	return dma_map_single(dev, (void *)kva, size, (enum dma_data_direction)dir);
}

MML_API dma_addr_t mml_drv_dma_map_page(struct device *dev, struct page *page,
					size_t offset, size_t size, int dir)
{
	if (!dev || !have_machine(__func__) || !dir_ok(dir) || !page_ok(page))
		return DMA_MAPPING_ERROR;
	return dma_map_page(dev, page, offset, size, (enum dma_data_direction)dir);
}

MML_API void mml_drv_dma_unmap(struct device *dev, dma_addr_t addr, size_t size,
			       int dir, int kind)
{
	enum dma_data_direction d = (enum dma_data_direction)dir;

	if (!dev || !have_machine(__func__))
		return;
	switch (kind) {
	case 0:
		dma_unmap_single(dev, addr, size, d);
		break;
	case 1:
		dma_unmap_page(dev, addr, size, d);
		break;
	case 2:
		dma_sync_single_for_cpu(dev, addr, size, d);
		break;
	case 3:
		dma_sync_single_for_device(dev, addr, size, d);
		break;
	}
}

MML_API int mml_drv_dma_mapping_error(struct device *dev, dma_addr_t addr)
{
	if (!dev || !have_machine(__func__))
		return -ENOMEM;
	return dma_mapping_error(dev, addr);
}

MML_API int mml_drv_sg_alloc_table(struct sg_table *table, unsigned int nents,
				   gfp_t gfp)
{
	if (!table || !have_machine(__func__))
		return -EINVAL;
	return sg_alloc_table(table, nents, gfp);
}

MML_API void mml_drv_sg_free_table(struct sg_table *table)
{
	if (table && have_machine(__func__))
		sg_free_table(table);
}

MML_API int mml_drv_sg_alloc_table_from_pages(struct sg_table *sgt,
					      struct page **pages,
					      unsigned int n_pages,
					      unsigned int offset,
					      unsigned long size, gfp_t gfp)
{
	unsigned int i;

	if (!sgt || !pages || !have_machine(__func__))
		return -EINVAL;
	for (i = 0; i < n_pages; i++)
		if (!page_ok(pages[i]))
			return -EINVAL;
	return sg_alloc_table_from_pages(sgt, pages, n_pages, offset, size, gfp);
}

/* dma_map_sg() (@unmap 0) or dma_unmap_sg() (1) of entries the driver built. */
MML_API int mml_drv_dma_map_sg(struct device *dev, struct scatterlist *sg,
			       int nents, int dir, int unmap)
{
	struct scatterlist *s;
	int i;

	if (!dev || !sg || nents <= 0 || !have_machine(__func__) || !dir_ok(dir))
		return 0;
	for_each_sg(sg, s, nents, i) {
		if (!s || !page_ok(sg_page(s))) {
			dev_err(dev, "dma_map_sg: entry %d has no page\n", i);
			return 0;
		}
	}
	if (unmap) {
		dma_unmap_sg(dev, sg, nents, (enum dma_data_direction)dir);
		return 0;
	}
	return dma_map_sg(dev, sg, nents, (enum dma_data_direction)dir);
}

MML_API struct dma_pool *mml_drv_dma_pool_create(const char *name, struct device *dev,
						 size_t size, size_t align,
						 size_t boundary)
{
	struct module *mod = CALLER_MODULE();
	struct dma_pool *pool;

	if (!name || !dev || !have_machine(__func__))
		return NULL;
	pool = dma_pool_create(name, dev, size, align, boundary);
	if (pool)
		module_res_add(mod, MODRES_DMA_POOL, (unsigned long)pool, size, name);
	return pool;
}

MML_API void mml_drv_dma_pool_destroy(struct dma_pool *pool)
{
	if (pool && have_machine(__func__)) {
		module_res_del(MODRES_DMA_POOL, (unsigned long)pool);
		dma_pool_destroy(pool);
	}
}

MML_API void *mml_drv_dma_pool_alloc(struct dma_pool *pool, gfp_t gfp,
				     dma_addr_t *handle)
{
	void *kva;

	if (!pool || !handle || !have_machine(__func__))
		return NULL;
	kva = (gfp & __GFP_ZERO) ? dma_pool_zalloc(pool, gfp & ~__GFP_ZERO, handle) :
				   dma_pool_alloc(pool, gfp, handle);
	return kva_host_or_null(kva);
}

MML_API void mml_drv_dma_pool_free(struct dma_pool *pool, void *vaddr, dma_addr_t dma)
{
	unsigned long kva;

	if (!pool || !vaddr || !have_machine(__func__))
		return;
	kva = host_kva(vaddr);
	if (!kva) {
		pr_err("dma_pool_free: %p is not a pool block\n", vaddr);
		return;
	}
	dma_pool_free(pool, (void *)kva, dma);
}

/*
 * set_memory_*() for a driver: @addr is a host pointer into RAM (what its
 * kmalloc() returned) or a simulated kernel address (vmalloc()); @op is
 * enum mml_set_memory_op's value.  Pages a module makes UC or WC and does
 * not give back with set_memory_wb() are in its leak report at unload
 * (left as they are, as Linux would).
 */
MML_API int mml_drv_set_memory(unsigned long addr, int numpages, int op)
{
	struct module *mod = CALLER_MODULE();
	static int (*const fns[])(unsigned long, int) = {
		set_memory_uc, set_memory_wc, set_memory_wb, set_memory_ro,
		set_memory_rw, set_memory_x, set_memory_nx, set_memory_np,
		set_memory_p,
	};
	unsigned long kva;
	int err;

	if (!have_machine(__func__))
		return -EINVAL;
	if (op < 0 || op >= (int)ARRAY_SIZE(fns))
		return -EINVAL;
	kva = host_kva((const void *)addr);
	if (!kva)
		kva = addr;
	err = fns[op](kva, numpages);
	if (err)
		return err;
	if (op == MML_SET_MEMORY_UC || op == MML_SET_MEMORY_WC)
		module_res_add(mod, MODRES_SET_MEMORY, kva & PAGE_MASK,
			       (unsigned long)numpages * PAGE_SIZE,
			       op == MML_SET_MEMORY_UC ? "uc" : "wc");
	else if (op == MML_SET_MEMORY_WB)
		module_res_del(MODRES_SET_MEMORY, kva & PAGE_MASK);
	return 0;
}
