// SPDX-License-Identifier: MIT
/*
 * The memory devices, major 1 (drivers/char/mem.c in Linux): /dev/mem,
 * /dev/null and /dev/zero.
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
 * /dev/zero's reads give zeros, its writes are discarded, a private
 * mapping is plain anonymous memory and a shared one is a shmem object
 * ("/dev/zero (deleted)" in maps).  /dev/null reads as empty.
 *
 * chr_dev_init() registers major 1 as "mem" with memory_open() as its
 * ->open, which picks the minor's operations from devlist[], and makes a
 * "mem" class device (a devtmpfs node) per minor: adding a device is one
 * line of devlist[].  The nodes exist inside every machine whatever its
 * root (devtmpfs gives them the host's identity where it has the same
 * device, so that under root "/" both paths open one inode).
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/stat.h>
#include <linux/machine.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/trace.h>
#include <linux/uaccess.h>
#include <asm/pgtable.h>

#define MEM_MAJOR	1

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

/*
 * One page's step of a /dev/mem read or write at @p through the page
 * @bounce: @sz bytes (within one page) between @iter and physical memory.
 * 0 or -errno.
 */
typedef long (*devmem_step_t)(phys_addr_t p, void *bounce, size_t sz,
			      struct iov_iter *iter);

static long read_mem_step(phys_addr_t p, void *bounce, size_t sz,
			  struct iov_iter *to)
{
	long ret = devmem_read_range(p, bounce, sz);

	if (ret < 0)
		return ret;
	return copy_to_iter(bounce, sz, to) == sz ? 0 : -EFAULT;
}

static long write_mem_step(phys_addr_t p, void *bounce, size_t sz,
			   struct iov_iter *from)
{
	long ret;

	if (!page_is_allowed(PHYS_PFN(p)))
		return -EPERM;
	if (copy_from_iter(bounce, sz, from) != sz)
		return -EFAULT;
	ret = devmem_write_range(p, bounce, sz);
	return ret < 0 ? ret : 0;
}

/*
 * devmem_rw_iter() - the page-by-page loop of read_iter_mem() and
 * write_iter_mem() from ki_pos, through one bounce page, as Linux's
 * read_mem() and write_mem(): a step's error ends it.  A fault (-EFAULT)
 * after some bytes returns those bytes when @partial (write_mem() does;
 * read_mem() fails the whole read); any other error is returned as is.
 */
static ssize_t devmem_rw_iter(struct kiocb *iocb, struct iov_iter *iter,
			      devmem_step_t step, bool partial)
{
	phys_addr_t p = (phys_addr_t)iocb->ki_pos;
	size_t count = iov_iter_count(iter), done = 0, sz;
	long ret = 0;
	u8 *bounce;

	if (!valid_phys_addr_range(p, count))
		return -EFAULT;
	bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	while (count > 0) {
		sz = size_inside_page(p, count);
		ret = step(p, lm_host((unsigned long)bounce), sz, iter);
		if (ret < 0)
			break;
		p += sz;
		count -= sz;
		done += sz;
	}
	kfree(bounce);
	if (ret < 0 && !(partial && ret == -EFAULT && done))
		return ret;
	iocb->ki_pos += (long long)done;
	return (ssize_t)done;
}

/*
 * read_iter_mem() - read of /dev/mem at ki_pos into @to: a refused page
 * fails the whole read (-EPERM), a destination that faults gives -EFAULT.
 * Linux's /dev/mem has ->read only; mmlab adds ->read_iter so that the
 * public API's host-buffer calls (kernel_read()) reach it too.
 */
static ssize_t read_iter_mem(struct kiocb *iocb, struct iov_iter *to)
{
	return devmem_rw_iter(iocb, to, read_mem_step, false);
}

/*
 * write_iter_mem() - write of /dev/mem: a refused page is -EPERM; a
 * source that faults ends the write with what was written, or -EFAULT.
 */
static ssize_t write_iter_mem(struct kiocb *iocb, struct iov_iter *from)
{
	return devmem_rw_iter(iocb, from, write_mem_step, true);
}

/* read(2) and write(2): the iter versions over the user's buffer. */
static ssize_t read_mem(struct file *file, char __user *buf, size_t count,
			long long *ppos)
{
	struct kiocb kiocb;
	struct iov_iter iter;
	ssize_t ret;

	init_sync_kiocb(&kiocb, file);
	kiocb.ki_pos = *ppos;
	iov_iter_ubuf(&iter, ITER_DEST, buf, count);
	ret = read_iter_mem(&kiocb, &iter);
	*ppos = kiocb.ki_pos;
	return ret;
}

static ssize_t write_mem(struct file *file, const char __user *buf,
			 size_t count, long long *ppos)
{
	struct kiocb kiocb;
	struct iov_iter iter;
	ssize_t ret;

	init_sync_kiocb(&kiocb, file);
	kiocb.ki_pos = *ppos;
	iov_iter_ubuf(&iter, ITER_SOURCE, (char __user *)buf, count);
	ret = write_iter_mem(&kiocb, &iter);
	*ppos = kiocb.ki_pos;
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

static const struct file_operations mem_fops = {
	.llseek = memory_lseek,
	.read = read_mem,
	.write = write_mem,
	.read_iter = read_iter_mem,
	.write_iter = write_iter_mem,
	.mmap = mmap_mem,
	.open = open_mem,
};

/* --- /dev/null and /dev/zero ------------------------------------------------ */

/* read(2) of /dev/zero: zeros into the user's buffer, a short count on a fault. */
static ssize_t read_zero(struct file *file, char __user *buf, size_t n,
			 long long *pos)
{
	struct iov_iter iter;
	size_t done;

	iov_iter_ubuf(&iter, ITER_DEST, buf, n);
	done = iov_iter_zero(n, &iter);
	return done || !n ? (ssize_t)done : -EFAULT;
}

static ssize_t read_iter_zero(struct kiocb *iocb, struct iov_iter *iter)
{
	size_t n = iov_iter_count(iter), done = iov_iter_zero(n, iter);

	return done || !n ? (ssize_t)done : -EFAULT;
}

/* Writes to /dev/null and /dev/zero never look at the buffer. */
static ssize_t write_null(struct file *file, const char __user *buf, size_t n,
			  long long *pos)
{
	return (ssize_t)n;
}

static ssize_t write_iter_null(struct kiocb *iocb, struct iov_iter *iter)
{
	size_t n = iov_iter_count(iter);

	iov_iter_advance(iter, n);
	return (ssize_t)n;
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

static const struct file_operations zero_fops = {
	.llseek = null_lseek,
	.read = read_zero,
	.write = write_null,
	.read_iter = read_iter_zero,
	.write_iter = write_iter_null,
	.mmap = mmap_zero,
};

static ssize_t read_null(struct file *file, char __user *buf, size_t n,
			 long long *pos)
{
	return 0;
}

static ssize_t read_iter_null(struct kiocb *iocb, struct iov_iter *iter)
{
	return 0;
}

static const struct file_operations null_fops = {
	.llseek = null_lseek,
	.read = read_null,
	.write = write_null,
	.read_iter = read_iter_null,
	.write_iter = write_iter_null,
};

static const struct memdev {
	const char *name;
	unsigned short mode;
	const struct file_operations *fops;
} devlist[] = {
	[1] = { "mem", 0, &mem_fops },
	[3] = { "null", 0666, &null_fops },
	[5] = { "zero", 0666, &zero_fops },
};

/* ->open of major 1: the minor's own operations, then their ->open. */
static int memory_open(struct inode *inode, struct file *filp)
{
	unsigned int minor = MINOR(inode->i_rdev);
	const struct memdev *dev;

	if (minor >= ARRAY_SIZE(devlist) || !devlist[minor].fops)
		return -ENXIO;
	dev = &devlist[minor];
	filp->f_op = dev->fops;
	return dev->fops->open ? dev->fops->open(inode, filp) : 0;
}

static const struct file_operations memory_fops = {
	.open = memory_open,
	.llseek = noop_llseek,
};

static char *mem_devnode(const struct device *dev, unsigned short *mode)
{
	unsigned int minor = MINOR(dev->devt);

	if (mode && minor < ARRAY_SIZE(devlist) && devlist[minor].mode)
		*mode = devlist[minor].mode;
	return NULL;
}

/**
 * chr_dev_init() - register major 1 and make a node per devlist[] entry.
 * Return: 0 or -ENOMEM.
 */
int chr_dev_init(void)
{
	struct mml_machine *m = current_machine();
	unsigned int minor;
	int err;

	err = register_chrdev(MEM_MAJOR, "mem", &memory_fops);
	if (err)
		return err;
	m->mem_class = class_create("mem");
	if (IS_ERR(m->mem_class)) {
		err = (int)PTR_ERR(m->mem_class);
		m->mem_class = NULL;
		return err;
	}
	m->mem_class->devnode = mem_devnode;
	for (minor = 1; minor < ARRAY_SIZE(devlist); minor++) {
		struct device *dev;

		if (!devlist[minor].name)
			continue;
		dev = device_create(m->mem_class, NULL, MKDEV(MEM_MAJOR, minor),
				    NULL, "%s", devlist[minor].name);
		if (IS_ERR(dev))
			return (int)PTR_ERR(dev);
	}
	return 0;
}
