// SPDX-License-Identifier: MIT
/*
 * mmapdrv: reserved memory shared between a driver and a process (source
 * 2, section 8, in docs/sources.md).  The machine boots with mem=
 * below its RAM (a 64 MiB machine with mem=63M leaves the last MiB out of
 * the kernel's allocators); at init the driver ioremap()s that memory
 * (module parameters mem_start and mem_size, in MiB), fills it with
 * "abcd" and logs where it is.  mmap() checks the size (-ENXIO), locks the
 * mapping (VM_LOCKED) and remap_pfn_range()s the reserved frames into the
 * process, which reads "abcdabcd...".  The same bytes are visible through
 * /dev/mem at the same physical address.
 *
 * Where the seed uses 2.4's MODULE_PARM, remap_page_range() and
 * MOD_INC_USE_COUNT, this is the 6.x form: module_param, remap_pfn_range()
 * and .owner = THIS_MODULE.
 *
 * The same source builds as a Linux module (Kbuild beside it) and as an
 * mmlab driver:  cc $(pkg-config --cflags mmlab-driver) -shared -fPIC \
 *                   -o mmapdrv.so mmapdrv.c
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/io.h>
#include <linux/device.h>
#include <linux/version.h>

static int mem_start = 63, mem_size = 1;
module_param(mem_start, int, 0444);
MODULE_PARM_DESC(mem_start, "start of the reserved memory, in MiB");
module_param(mem_size, int, 0444);
MODULE_PARM_DESC(mem_size, "size of the reserved memory, in MiB");

static void __iomem *reserve_virt_addr;
static phys_addr_t reserve_phys;
static unsigned long reserve_size;
static int major;
static struct class *mmapdrv_class;

static int mmapdrv_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long offset = vma->vm_pgoff << PAGE_SHIFT;
	unsigned long size = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff >= (reserve_size >> PAGE_SHIFT) ||
	    size > reserve_size - offset)
		return -ENXIO;
	/*
	 * The seed locks the mapping.  mmap_region() clears VM_LOCKED again
	 * on a VM_PFNMAP/VM_IO mapping (nothing there to swap or reclaim).
	 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, VM_LOCKED);
#else
	vma->vm_flags |= VM_LOCKED;
#endif
	return remap_pfn_range(vma, vma->vm_start,
			       (reserve_phys + offset) >> PAGE_SHIFT, size,
			       vma->vm_page_prot);
}

static const struct file_operations mmapdrv_fops = {
	.owner = THIS_MODULE,
	.mmap = mmapdrv_mmap,
};

static int __init mmapdrv_init(void)
{
	static char pattern[PAGE_SIZE];
	unsigned long off, i;
	struct device *dev;

	if (mem_start <= 0 || mem_size <= 0 || mem_size > 1024 ||
	    mem_start > 1024 * 1024)
		return -EINVAL;
	reserve_phys = (phys_addr_t)mem_start * 1024 * 1024;
	reserve_size = (unsigned long)mem_size * 1024 * 1024;

	major = register_chrdev(0, "mmapdrv", &mmapdrv_fops);
	if (major < 0) {
		pr_err("mmapdrv: unable to register character device\n");
		return -EIO;
	}
	pr_info("mmapdrv: major = %d\n", major);

	reserve_virt_addr = ioremap(reserve_phys, reserve_size);
	if (!reserve_virt_addr) {
		pr_err("mmapdrv: ioremap of %d MiB at %d MiB failed\n",
		       mem_size, mem_start);
		unregister_chrdev(major, "mmapdrv");
		return -ENODEV;
	}
	pr_info("mmapdrv: reserved memory phys 0x%llx, %lu bytes, reserve_virt_addr = 0x%lx\n",
		(unsigned long long)reserve_phys, reserve_size,
		(unsigned long)reserve_virt_addr);
	for (i = 0; i < PAGE_SIZE; i += 4)
		memcpy(pattern + i, "abcd", 4);
	for (off = 0; off < reserve_size; off += PAGE_SIZE)
		memcpy_toio(reserve_virt_addr + off, pattern, PAGE_SIZE);

	/* The node /dev/mmapdrv (the seed's mknod). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	mmapdrv_class = class_create("mmapdrv");
#else
	mmapdrv_class = class_create(THIS_MODULE, "mmapdrv");
#endif
	if (IS_ERR(mmapdrv_class))
		goto fail;
	dev = device_create(mmapdrv_class, NULL, MKDEV(major, 0), NULL, "mmapdrv");
	if (IS_ERR(dev)) {
		class_destroy(mmapdrv_class);
		goto fail;
	}
	return 0;
fail:
	iounmap(reserve_virt_addr);
	unregister_chrdev(major, "mmapdrv");
	return -ENOMEM;
}

static void __exit mmapdrv_exit(void)
{
	device_destroy(mmapdrv_class, MKDEV(major, 0));
	class_destroy(mmapdrv_class);
	iounmap(reserve_virt_addr);
	unregister_chrdev(major, "mmapdrv");
	pr_info("mmapdrv: unloaded\n");
}

module_init(mmapdrv_init);
module_exit(mmapdrv_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("mmlab");
MODULE_DESCRIPTION("Reserved memory (mem=) ioremap()ed and mapped to a process");
