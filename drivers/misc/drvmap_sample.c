// SPDX-License-Identifier: MIT
/*
 * Sample drivers that map memory into a process, one device node each,
 * written as Linux drivers are (their ->mmap() and ->fault() use Linux's
 * mapping helpers and nothing else), for the shell and the demos:
 *
 *   /dev/drvmap_kbuf    an 8 KiB kmalloc() buffer, remap_pfn_range() of
 *                       virt_to_phys(buf) >> PAGE_SHIFT with
 *                       pgprot_writecombine() (source 4; x86 PAT maps RAM
 *                       write-back anyway, and logs it)
 *   /dev/drvmap_regs    the register block (hw/dev/regblock.c), mapped
 *                       uncached by vm_iomap_memory()
 *   /dev/drvmap_vmalloc a 4-page vmalloc() buffer behind a ->fault()
 *                       handler (vmalloc_to_page() + get_page(); SIGBUS
 *                       past the end; source 2 section 7)
 *   /dev/drvmap_vuser   a 4-page vmalloc_user() buffer mapped whole by
 *                       remap_vmalloc_range()
 *   /dev/drvmap_pfn     the register block, one vmf_insert_pfn() per fault
 *
 * Each open file has its own buffer, freed at the last close (after the
 * last unmap: a VMA holds its file).  Until the character-device layer
 * exists the nodes are attached to inodes the way drivers/char/mem.c
 * attaches /dev/zero (misc major 10, minors from 240).
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/vmalloc.h>
#include "hw/hw.h"

#define KBUF_SIZE	8192
#define VBUF_SIZE	(4 * PAGE_SIZE)

enum drvmap_kind { DRV_KBUF, DRV_REGS, DRV_VMALLOC, DRV_VUSER, DRV_PFN, NR_DRV };

static const char *const drvmap_names[NR_DRV] = {
	"/dev/drvmap_kbuf", "/dev/drvmap_regs", "/dev/drvmap_vmalloc",
	"/dev/drvmap_vuser", "/dev/drvmap_pfn",
};

struct drvmap_dev {
	enum drvmap_kind kind;
	void *kbuf;		/* DRV_KBUF */
	void *vbuf;		/* DRV_VMALLOC, DRV_VUSER */
};

static vm_fault_t drvmap_vmalloc_fault(struct vm_fault *vmf)
{
	struct drvmap_dev *dev = vmf->vma->vm_private_data;
	struct page *page;

	if (vmf->pgoff >= VBUF_SIZE >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	page = vmalloc_to_page((char *)dev->vbuf + (vmf->pgoff << PAGE_SHIFT));
	get_page(page);
	vmf->page = page;
	return 0;
}

static vm_fault_t drvmap_pfn_fault(struct vm_fault *vmf)
{
	if (vmf->pgoff >= REGBLOCK_MMIO_SIZE >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address,
			      (REGBLOCK_MMIO_BASE >> PAGE_SHIFT) + vmf->pgoff);
}

static const struct vm_operations_struct drvmap_vmalloc_ops = {
	.fault = drvmap_vmalloc_fault,
};

static const struct vm_operations_struct drvmap_pfn_ops = {
	.fault = drvmap_pfn_fault,
	.access = generic_access_phys,
};

static const struct vm_operations_struct drvmap_phys_ops = {
	.access = generic_access_phys,
};

static int drvmap_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct drvmap_dev *dev = file->private_data;
	unsigned long size = vma->vm_end - vma->vm_start;

	vma->vm_private_data = dev;
	switch (dev->kind) {
	case DRV_KBUF:
		if (vma->vm_pgoff || size > KBUF_SIZE)
			return -EINVAL;
		vma->vm_ops = &drvmap_phys_ops;
		return remap_pfn_range(vma, vma->vm_start,
				       virt_to_phys(dev->kbuf) >> PAGE_SHIFT,
				       size, pgprot_writecombine(vma->vm_page_prot));
	case DRV_REGS:
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
		vma->vm_ops = &drvmap_phys_ops;
		return vm_iomap_memory(vma, REGBLOCK_MMIO_BASE, REGBLOCK_MMIO_SIZE);
	case DRV_VMALLOC:
		vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
		vma->vm_ops = &drvmap_vmalloc_ops;
		return 0;
	case DRV_VUSER:
		return remap_vmalloc_range(vma, dev->vbuf, vma->vm_pgoff);
	case DRV_PFN:
		if (is_cow_mapping(vma->vm_flags))
			return -EINVAL;	/* vmf_insert_pfn() needs no COW */
		vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
		vma->vm_ops = &drvmap_pfn_ops;
		return 0;
	case NR_DRV:
		break;
	}
	return -ENODEV;
}

/* Fill @n bytes at @kva (a kernel address) with @pattern repeated. */
static void drvmap_fill(void *kva, size_t n, const char *pattern)
{
	size_t len = strlen(pattern), i;
	char *p = lm_host((unsigned long)kva);

	for (i = 0; i < n; i++)
		p[i] = pattern[i % len];
}

static int drvmap_alloc(struct drvmap_dev *dev)
{
	unsigned long i;

	switch (dev->kind) {
	case DRV_KBUF:
		dev->kbuf = kzalloc(KBUF_SIZE, GFP_KERNEL);
		if (!dev->kbuf)
			return -ENOMEM;
		drvmap_fill(dev->kbuf, KBUF_SIZE, "kbuf");
		return 0;
	case DRV_VMALLOC:
	case DRV_VUSER:
		dev->vbuf = dev->kind == DRV_VUSER ? vmalloc_user(VBUF_SIZE) :
						     vzalloc(VBUF_SIZE);
		if (!dev->vbuf)
			return -ENOMEM;
		for (i = 0; i < VBUF_SIZE >> PAGE_SHIFT; i++) {
			struct page *page = vmalloc_to_page((char *)dev->vbuf +
							    (i << PAGE_SHIFT));

			memset(page_host(page), 'A' + (int)i, PAGE_SIZE);
		}
		return 0;
	default:
		return 0;
	}
}

/*
 * The per-open state is host memory (a Linux driver would kzalloc() it):
 * kmalloc() hands out simulated addresses, and the host keeps its own
 * pointers out of simulated RAM.
 */
static int drvmap_open(struct inode *inode, struct file *file)
{
	struct drvmap_dev *dev = calloc(1, sizeof(*dev));
	int err;

	if (!dev)
		return -ENOMEM;
	dev->kind = (enum drvmap_kind)(MINOR(inode->i_rdev) - 240);
	err = drvmap_alloc(dev);
	if (err) {
		free(dev);
		return err;
	}
	file->private_data = dev;
	return 0;
}

static int drvmap_release(struct inode *inode, struct file *file)
{
	struct drvmap_dev *dev = file->private_data;

	kfree(dev->kbuf);
	vfree(dev->vbuf);
	free(dev);
	return 0;
}

static const struct file_operations drvmap_fops = {
	.open = drvmap_open,
	.release = drvmap_release,
	.mmap = drvmap_mmap,
};

/**
 * drvmap_sample_inode() - the inode of sample node @path, made on first
 * use.  Return: it with a new reference; NULL when out of memory;
 * ERR_PTR(-ENOENT) when @path is not one of the sample nodes.
 */
struct inode *drvmap_sample_inode(const char *path)
{
	struct inode *inode;
	int i;

	for (i = 0; i < NR_DRV; i++)
		if (!strcmp(path, drvmap_names[i]))
			break;
	if (i == NR_DRV)
		return ERR_PTR(-ENOENT);
	/* devtmpfs-like identity: st_dev 0:5, the inode numbers above 4. */
	inode = inode_get(MKDEV(0, 5), 100 + (u64)i);
	if (inode)
		return inode;
	inode = new_inode(MKDEV(0, 5), 100 + (u64)i);
	if (!inode)
		return NULL;
	inode->i_rdev = MKDEV(10, 240 + i);
	inode->i_mode = S_IFCHR | 0600;
	inode->i_fop = &drvmap_fops;
	return inode;
}
