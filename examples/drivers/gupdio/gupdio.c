// SPDX-License-Identifier: MIT
/*
 * gupdio: direct I/O on a user buffer (source 1):
 * instead of copying, the driver pins the pages behind the user's buffer
 * and reaches them through their kernel addresses, as a driver handing the
 * buffer to a device for DMA does.
 *
 *   write(fd, buf, n)  pins buf's pages (pin_user_pages_fast(), read
 *                      access: the device reads memory), sums the bytes
 *                      through kmap_local_page() without a copy, keeps
 *                      the first 64 and unpins;
 *   read(fd, buf, n)   pins buf's pages with FOLL_WRITE (the device
 *                      writes memory: copy-on-write is broken first),
 *                      writes the kept bytes into them and unpins.
 *
 * The same source builds as a Linux module (Kbuild beside it) and as an
 * mmlab driver:  cc $(pkg-config --cflags mmlab-driver) -shared -fPIC \
 *                   -o gupdio.so gupdio.c
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>

#define GUPDIO_MAX_PAGES	16
#define GUPDIO_KEEP		64

static char kept[GUPDIO_KEEP];
static size_t kept_len;

/* Pin the pages behind [ubuf, ubuf + count): returns how many, or -errno. */
static int gupdio_pin(unsigned long ubuf, size_t count, unsigned int gup_flags,
		      struct page **pages)
{
	unsigned long first = ubuf & PAGE_MASK;
	int nr = (int)(((ubuf + count - 1) >> PAGE_SHIFT) - (first >> PAGE_SHIFT) + 1);
	int got;

	if (nr > GUPDIO_MAX_PAGES)
		return -EINVAL;
	got = pin_user_pages_fast(first, nr, gup_flags, pages);
	if (got >= 0 && got < nr) {
		unpin_user_pages(pages, got);
		return -EFAULT;
	}
	return got;
}

static ssize_t gupdio_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	unsigned long ubuf = (unsigned long)buf, off = ubuf & ~PAGE_MASK;
	struct page *pages[GUPDIO_MAX_PAGES];
	size_t done = 0;
	unsigned long sum = 0;
	int nr, i;

	if (!count)
		return 0;
	nr = gupdio_pin(ubuf, count, 0, pages);
	if (nr < 0)
		return nr;
	kept_len = 0;
	for (i = 0; i < nr; i++) {
		size_t n = min_t(size_t, PAGE_SIZE - off, count - done);
		const unsigned char *p = kmap_local_page(pages[i]);
		size_t j;

		for (j = 0; j < n; j++) {
			sum += p[off + j];
			if (kept_len < GUPDIO_KEEP)
				kept[kept_len++] = p[off + j];
		}
		pr_info("gupdio: write: page %d of the buffer is pfn 0x%lx, %zu bytes at offset %lu\n",
			i, page_to_pfn(pages[i]), n, off);
		kunmap_local(p);
		done += n;
		off = 0;
	}
	unpin_user_pages(pages, nr);
	pr_info("gupdio: write: %zu bytes, sum %lu, no copy\n", count, sum);
	return count;
}

static ssize_t gupdio_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	unsigned long ubuf = (unsigned long)buf, off = ubuf & ~PAGE_MASK;
	struct page *pages[GUPDIO_MAX_PAGES];
	size_t done = 0;
	int nr, i;

	if (count > kept_len)
		count = kept_len;
	if (!count)
		return 0;
	nr = gupdio_pin(ubuf, count, FOLL_WRITE, pages);
	if (nr < 0)
		return nr;
	for (i = 0; i < nr; i++) {
		size_t n = min_t(size_t, PAGE_SIZE - off, count - done);
		char *p = kmap_local_page(pages[i]);

		memcpy(p + off, kept + done, n);
		pr_info("gupdio: read: page %d of the buffer is pfn 0x%lx\n",
			i, page_to_pfn(pages[i]));
		kunmap_local(p);
		done += n;
		off = 0;
	}
	unpin_user_pages(pages, nr);
	return count;
}

static const struct file_operations gupdio_fops = {
	.owner = THIS_MODULE,
	.read = gupdio_read,
	.write = gupdio_write,
};

static struct miscdevice gupdio_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "gupdio",
	.fops = &gupdio_fops,
	.mode = 0666,
};

static int __init gupdio_init(void)
{
	return misc_register(&gupdio_misc);
}

static void __exit gupdio_exit(void)
{
	misc_deregister(&gupdio_misc);
}

module_init(gupdio_init);
module_exit(gupdio_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("mmlab");
MODULE_DESCRIPTION("Direct I/O: a write() that pins the user's pages instead of copying");
