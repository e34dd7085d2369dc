// SPDX-License-Identifier: MIT
/*
 * The memory devices (drivers/char/mem.c in Linux), /dev/mem and /dev/zero.
 *
 * /dev/mem is physical memory as a file: the offset is the physical
 * address.  read() and write() reach what the direct map covers (below
 * high_memory); mmap() maps any physical range the rules allow with raw
 * PFN PTEs (VM_IO | VM_PFNMAP).  The rules are x86 Linux 6.x's with
 * CONFIG_STRICT_DEVMEM and CONFIG_IO_STRICT_DEVMEM, as Debian builds it:
 * CAP_SYS_RAWIO to open; devmem_is_allowed() for every page (System RAM
 * refused, in the first megabyte shown as zeros instead; ranges a driver
 * claimed refused unless iomem=relaxed); the cache mode from the PAT code.
 *
 * /dev/zero: reads give zeros, writes are discarded, a private mapping is
 * plain anonymous memory and a shared one is a shmem object
 * ("/dev/zero (deleted)" in maps).
 *
 * /dev/zero exists inside every machine whatever its root; its inode
 * carries the host's /dev/zero identity so that, under root "/", opening
 * it through the host path gives the same inode.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/trace.h>
#include <asm/pgtable.h>
#include "hw/hostfs.h"

#define DEVMEM_MINOR	1

/* --- /dev/mem -------------------------------------------------------------- */

static unsigned long size_inside_page(unsigned long start, unsigned long size)
{
	return min(PAGE_SIZE - (start & (PAGE_SIZE - 1)), size);
}

/* The STRICT_DEVMEM checks: every page of the range must be allowed. */
static int page_is_allowed(unsigned long pfn)
{
	return devmem_is_allowed(pfn);
}

static int range_is_allowed(unsigned long pfn, unsigned long size)
{
	u64 from = (u64)pfn << PAGE_SHIFT, to = from + size, cursor;

	for (cursor = from; cursor < to; cursor += PAGE_SIZE, pfn++)
		if (!devmem_is_allowed(pfn))
			return 0;
	return 1;
}

/*
 * xlate_dev_mem_ptr() - a kernel address for physical @phys: the direct
 * map for RAM, else a write-back ioremap() of its page (x86's).  NULL
 * when it cannot be mapped.  unxlate_dev_mem_ptr() undoes it.
 */
static void *xlate_dev_mem_ptr(phys_addr_t phys)
{
	unsigned long offset = phys & ~PAGE_MASK;
	void *vaddr;

	if (page_is_ram(PHYS_PFN(phys)))
		return (void *)__va(phys);
	vaddr = ioremap_cache(phys - offset, PAGE_SIZE);
	return vaddr ? (u8 *)vaddr + offset : NULL;
}

static void unxlate_dev_mem_ptr(phys_addr_t phys, void *addr)
{
	if (!page_is_ram(PHYS_PFN(phys)))
		iounmap((void *)((unsigned long)addr & PAGE_MASK));
}

/*
 * Copy @sz bytes (inside one page) of physical memory at @p into the host
 * buffer @dst, through a kernel mapping as Linux's read_mem() does (its
 * copy_from_kernel_nofault() into a bounce page).  0 or -EFAULT.
 */
static int copy_from_phys(void *dst, phys_addr_t p, unsigned long sz)
{
	void *ptr = xlate_dev_mem_ptr(p);
	int err;

	if (!ptr)
		return -EFAULT;
	if (page_is_ram(PHYS_PFN(p))) {
		memcpy(dst, lm_host((unsigned long)ptr), sz);
		err = 0;
	} else {
		err = memcpy_fromio_nofault(dst, ptr, sz);
	}
	unxlate_dev_mem_ptr(p, ptr);
	return err ? -EFAULT : 0;
}

static int copy_to_phys(phys_addr_t p, const void *src, unsigned long sz)
{
	void *ptr = xlate_dev_mem_ptr(p);
	int err = 0;

	if (!ptr)
		return -EFAULT;
	if (page_is_ram(PHYS_PFN(p)))
		memcpy(lm_host((unsigned long)ptr), src, sz);
	else
		err = memcpy_toio_nofault(ptr, src, sz);
	unxlate_dev_mem_ptr(p, ptr);
	return err ? -EFAULT : 0;
}

/**
 * devmem_read_range() - read [@p, @p+@count) of physical memory into @buf
 * (a host buffer) under /dev/mem's rules: the whole range below
 * high_memory (-EFAULT), each page allowed (-EPERM), pages of the first
 * megabyte that hold RAM read as zeros.
 * Return: @count, or -errno (nothing is returned part-way).
 */
long devmem_read_range(phys_addr_t p, void *buf, unsigned long count)
{
	unsigned long read = 0, sz;
	long err = 0;
	int allowed;
	u8 *bounce;

	if (!valid_phys_addr_range(p, count))
		return -EFAULT;
	bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	while (count > 0) {
		sz = size_inside_page(p, count);
		allowed = page_is_allowed(PHYS_PFN(p));
		if (!allowed) {
			err = -EPERM;
			break;
		}
		if (allowed == 2) {
			memset((u8 *)buf + read, 0, sz);	/* restricted: zeros */
		} else {
			err = copy_from_phys(lm_host((unsigned long)bounce), p, sz);
			if (err)
				break;
			memcpy((u8 *)buf + read, lm_host((unsigned long)bounce), sz);
		}
		p += sz;
		count -= sz;
		read += sz;
	}
	kfree(bounce);
	return err ? err : (long)read;
}

/**
 * devmem_write_range() - write @buf to [@p, @p+@count) of physical memory
 * under /dev/mem's rules; pages shown as zeros take the bytes and drop
 * them.  Return: the bytes written, or -errno when none were.
 */
long devmem_write_range(phys_addr_t p, const void *buf, unsigned long count)
{
	unsigned long written = 0, sz;
	int allowed;

	if (!valid_phys_addr_range(p, count))
		return -EFAULT;
	while (count > 0) {
		sz = size_inside_page(p, count);
		allowed = page_is_allowed(PHYS_PFN(p));
		if (!allowed)
			return -EPERM;
		if (allowed == 1 && copy_to_phys(p, (const u8 *)buf + written, sz))
			return written ? (long)written : -EFAULT;
		p += sz;
		count -= sz;
		written += sz;
	}
	return (long)written;
}

static long read_mem(struct file *file, void *buf, unsigned long count,
		     long long *ppos)
{
	long ret = devmem_read_range((phys_addr_t)*ppos, buf, count);

	if (ret > 0)
		*ppos += ret;
	return ret;
}

static long write_mem(struct file *file, const void *buf, unsigned long count,
		      long long *ppos)
{
	long ret = devmem_write_range((phys_addr_t)*ppos, buf, count);

	if (ret > 0)
		*ppos += ret;
	return ret;
}

/*
 * memory_lseek(): any 64-bit position (a physical address) but the last
 * 4095, which a caller would take for an errno; SEEK_END means nothing.
 */
static long long memory_lseek(struct file *file, long long offset, int orig)
{
	switch (orig) {
	case SEEK_CUR:
		offset = (long long)((u64)offset + (u64)file->f_pos);
		/* fall through */
	case SEEK_SET:
		if ((u64)offset >= (u64)-MAX_ERRNO)
			return -EOVERFLOW;
		file->f_pos = offset;
		return file->f_pos;
	default:
		return -EINVAL;
	}
}

static const struct vm_operations_struct mmap_mem_ops = {
	.access = generic_access_phys,
};

/*
 * mmap_mem() - map physical [vm_pgoff << PAGE_SHIFT, + size): the range
 * must not wrap (-EINVAL) and be one the CPU can address (-EINVAL), every
 * page allowed (-EPERM); private mappings are allowed (a write copies the
 * page, as for any COW mapping); the PTEs are made at once (-EAGAIN if
 * that fails).
 */
static int mmap_mem(struct file *file, struct vm_area_struct *vma)
{
	size_t size = vma->vm_end - vma->vm_start;
	phys_addr_t offset = (phys_addr_t)vma->vm_pgoff << PAGE_SHIFT;

	if (offset >> PAGE_SHIFT != vma->vm_pgoff)
		return -EINVAL;
	if (offset + (phys_addr_t)size - 1 < offset)
		return -EINVAL;
	if (!valid_mmap_phys_addr_range(vma->vm_pgoff, size))
		return -EINVAL;
	if (!range_is_allowed(vma->vm_pgoff, size)) {
		trace_mm(vma->vm_mm, "mmap_mem: [%#llx, %#llx) refused by devmem_is_allowed()",
			 (unsigned long long)offset,
			 (unsigned long long)(offset + size));
		return -EPERM;
	}
	if (!phys_mem_access_prot_allowed(file, vma->vm_pgoff, size,
					  &vma->vm_page_prot))
		return -EINVAL;
	vma->vm_page_prot = phys_mem_access_prot(file, vma->vm_pgoff, size,
						 vma->vm_page_prot);
	vma->vm_ops = &mmap_mem_ops;
	/* remap_pfn_range() marks the VMA VM_IO | VM_PFNMAP. */
	if (remap_pfn_range(vma, vma->vm_start, vma->vm_pgoff, size,
			    vma->vm_page_prot))
		return -EAGAIN;
	trace_mm(vma->vm_mm, "mmap_mem: remap_pfn_range: %zu raw PFN PTEs from pfn %#lx",
		 size >> PAGE_SHIFT, vma->vm_pgoff);
	return 0;
}

/* open_mem(): raw I/O needs CAP_SYS_RAWIO (code running without a task may). */
static int open_mem(struct inode *inode, struct file *filp)
{
	struct task_struct *t = current;

	if (t && !t->cap_sys_rawio)
		return -EPERM;
	filp->f_mode |= FMODE_UNSIGNED_OFFSET;
	return 0;
}

const struct file_operations mem_fops = {
	.llseek = memory_lseek,
	.read = read_mem,
	.write = write_mem,
	.mmap = mmap_mem,
	.open = open_mem,
};

/**
 * mem_inode_get() - the machine's /dev/mem inode (character device 1:1,
 * mode 0640 as devtmpfs makes it), made on first use.
 * Return: it with a new reference, or NULL when out of memory.
 */
struct inode *mem_inode_get(void)
{
	u64 dev = MKDEV(0, 5), ino = 6;	/* devtmpfs, as a small inode number */
	struct inode *inode = inode_get(dev, ino);

	if (inode)
		return inode;
	inode = new_inode(dev, ino);
	if (!inode)
		return NULL;
	inode->i_rdev = MKDEV(1, DEVMEM_MINOR);
	inode->i_mode = S_IFCHR | 0640;
	inode->i_fop = &mem_fops;
	return inode;
}

/* --- /dev/zero ------------------------------------------------------------- */

static long read_zero(struct file *file, void *buf, unsigned long n,
		      long long *pos)
{
	memset(buf, 0, n);
	return (long)n;
}

static long write_null(struct file *file, const void *buf, unsigned long n,
		       long long *pos)
{
	return (long)n;
}

/* Seeking /dev/zero always lands at 0, as Linux's null_lseek(). */
static long long null_lseek(struct file *file, long long offset, int whence)
{
	return file->f_pos = 0;
}

static int mmap_zero(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_SHARED)
		return shmem_zero_setup(vma);
	/* vma_set_anonymous(): the VMA keeps its file, for maps' name. */
	vma->vm_ops = NULL;
	return 0;
}

const struct file_operations zero_fops = {
	.llseek = null_lseek,
	.read = read_zero,
	.write = write_null,
	.mmap = mmap_zero,
};

/**
 * zero_inode_get() - the machine's /dev/zero inode, made on first use.
 * Return: it with a new reference, or NULL when out of memory.
 */
struct inode *zero_inode_get(void)
{
	struct hostfs_stat st;
	u64 dev = MKDEV(0, 5), ino = 4;	/* devtmpfs's usual numbers */
	struct inode *inode;

	if (!hostfs_stat("/dev/zero", &st) && S_ISCHR(st.mode)) {
		dev = MKDEV(st.dev_major, st.dev_minor);
		ino = st.ino;
	}
	inode = inode_get(dev, ino);
	if (inode)
		return inode;
	inode = new_inode(dev, ino);
	if (!inode)
		return NULL;
	inode->i_rdev = MKDEV(1, 5);
	inode->i_mode = S_IFCHR | 0666;
	inode->i_fop = &zero_fops;
	return inode;
}
