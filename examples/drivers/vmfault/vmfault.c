// SPDX-License-Identifier: MIT
/*
 * vmfault: a vmalloc() buffer mapped into a process page by page by a
 * ->fault handler (source 2, section 7).  mmap
 * installs vm_ops; the first access of each page faults into the driver,
 * which finds the page with vmalloc_to_page(), takes a reference and
 * hands it back; past the buffer's end it answers SIGBUS.  Module
 * parameter "pages" is the buffer's size; each page starts with "page N".
 * With prefault=1, mmap inserts every page at once with vm_insert_pages()
 * (the VMA becomes VM_MIXEDMAP) and no access faults into the driver.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/miscdevice.h>
#include <linux/vmalloc.h>
#include <linux/version.h>
#include <linux/slab.h>

static int pages = 4;
module_param(pages, int, 0444);
MODULE_PARM_DESC(pages, "size of the buffer, in pages");
static bool prefault;
module_param(prefault, bool, 0444);
MODULE_PARM_DESC(prefault, "map every page at mmap with vm_insert_pages()");

static void *vbuf;

static vm_fault_t vmfault_fault(struct vm_fault *vmf)
{
	struct page *page;

	if (vmf->pgoff >= (unsigned long)pages)
		return VM_FAULT_SIGBUS;
	page = vmalloc_to_page((char *)vbuf + (vmf->pgoff << PAGE_SHIFT));
	get_page(page);
	vmf->page = page;
	pr_info("vmfault: fault at page %lu -> pfn %#lx\n", vmf->pgoff,
		page_to_pfn(page));
	return 0;
}

static const struct vm_operations_struct vmfault_vm_ops = {
	.fault = vmfault_fault,
};

/* prefault=1: every page of the VMA at once. */
static int vmfault_insert_all(struct vm_area_struct *vma)
{
	unsigned long i, num = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	struct page **pp = kcalloc(num, sizeof(*pp), GFP_KERNEL);
	int ret;

	if (!pp)
		return -ENOMEM;
	for (i = 0; i < num; i++)
		pp[i] = vmalloc_to_page((char *)vbuf +
					((vma->vm_pgoff + i) << PAGE_SHIFT));
	ret = vm_insert_pages(vma, vma->vm_start, pp, &num);
	pr_info("vmfault: vm_insert_pages: %d, %lu not inserted\n", ret, num);
	kfree(pp);
	return ret;
}

static int vmfault_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT) >
	    (unsigned long)pages)
		return -EINVAL;
	vma->vm_ops = &vmfault_vm_ops;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
#else
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
#endif
	if (prefault)
		return vmfault_insert_all(vma);
	return 0;
}

static const struct file_operations vmfault_fops = {
	.owner = THIS_MODULE,
	.mmap = vmfault_mmap,
};

static struct miscdevice vmfault_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vmfault",
	.fops = &vmfault_fops,
	.mode = 0666,
};

static int __init vmfault_init(void)
{
	int i, ret;

	if (pages <= 0 || pages > 1024)
		return -EINVAL;
	vbuf = vmalloc_user((unsigned long)pages * PAGE_SIZE);
	if (!vbuf)
		return -ENOMEM;
	/* vmalloc memory is written through its pages' direct-map addresses. */
	for (i = 0; i < pages; i++)
		snprintf(page_address(vmalloc_to_page((char *)vbuf + i * PAGE_SIZE)),
			 PAGE_SIZE, "page %d", i);
	ret = misc_register(&vmfault_misc);
	if (ret)
		vfree(vbuf);
	return ret;
}

static void __exit vmfault_exit(void)
{
	misc_deregister(&vmfault_misc);
	vfree(vbuf);
}

module_init(vmfault_init);
module_exit(vmfault_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A vmalloc buffer mapped by a fault handler");
