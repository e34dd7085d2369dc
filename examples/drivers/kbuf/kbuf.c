// SPDX-License-Identifier: MIT
/*
 * kbuf: a misc device over an 8 KiB kmalloc() buffer (source 4,
 * section 4, in docs/sources.md).  read() and write() copy the buffer at
 * the file position; lseek() moves within it; mmap() maps the buffer's
 * frames with remap_pfn_range() and pgprot_writecombine() (x86 maps RAM
 * write-back whatever is asked, and says so in the log).  Module parameter "fill" is the
 * buffer's first contents.
 *
 * The same source builds as a Linux module (Kbuild beside it) and as an
 * mmlab driver:  cc $(pkg-config --cflags mmlab-driver) -shared -fPIC \
 *                   -o kbuf.so kbuf.c
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define KBUF_SIZE	8192

static char *fill = "kbuf";
module_param(fill, charp, 0444);
MODULE_PARM_DESC(fill, "the buffer's initial contents");

static char *kbuf;

static ssize_t kbuf_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	if (*ppos >= KBUF_SIZE)
		return 0;
	if (count > (size_t)(KBUF_SIZE - *ppos))
		count = KBUF_SIZE - *ppos;
	if (copy_to_user(buf, kbuf + *ppos, count))
		return -EFAULT;
	*ppos += count;
	return count;
}

static ssize_t kbuf_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	if (*ppos >= KBUF_SIZE)
		return -ENOSPC;
	if (count > (size_t)(KBUF_SIZE - *ppos))
		count = KBUF_SIZE - *ppos;
	if (copy_from_user(kbuf + *ppos, buf, count))
		return -EFAULT;
	*ppos += count;
	return count;
}

static loff_t kbuf_llseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence, KBUF_SIZE);
}

static int kbuf_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff || size > KBUF_SIZE)
		return -ENXIO;
	vma->vm_page_prot = pgprot_writecombine(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(kbuf) >> PAGE_SHIFT,
			       size, vma->vm_page_prot);
}

static const struct file_operations kbuf_fops = {
	.owner = THIS_MODULE,
	.read = kbuf_read,
	.write = kbuf_write,
	.llseek = kbuf_llseek,
	.mmap = kbuf_mmap,
};

static struct miscdevice kbuf_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kbuf",
	.fops = &kbuf_fops,
	.mode = 0666,
};

static int __init kbuf_init(void)
{
	int ret;

	kbuf = kzalloc(KBUF_SIZE, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	strncpy(kbuf, fill, KBUF_SIZE - 1);
	ret = misc_register(&kbuf_misc);
	if (ret) {
		kfree(kbuf);
		return ret;
	}
	pr_info("kbuf: %d bytes at phys 0x%llx, minor %d\n", KBUF_SIZE,
		(unsigned long long)virt_to_phys(kbuf), kbuf_misc.minor);
	return 0;
}

static void __exit kbuf_exit(void)
{
	misc_deregister(&kbuf_misc);
	kfree(kbuf);
	pr_info("kbuf: unloaded\n");
}

module_init(kbuf_init);
module_exit(kbuf_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("mmlab");
MODULE_DESCRIPTION("An 8 KiB kmalloc buffer behind a misc device");
