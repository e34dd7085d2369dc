// SPDX-License-Identifier: MIT
/*
 * dmacopy: a platform driver for mmlab's DMA engine (docs/dma.md), the
 * whole path of a DMA transfer in one file:
 *
 *   probe     the bus hands over the device "mmlab-dma.0" with a MEM
 *             resource (the engine's registers) and an IRQ resource; the
 *             driver maps the registers (devm_platform_ioremap_resource()),
 *             sets its DMA mask (module parameter dma_bits, default 32),
 *             requests the interrupt (devm_request_irq()) and registers
 *             /dev/dmacopy.  Everything devm_ is given back at unbind.
 *   write()   pins the user's buffer (pin_user_pages_fast()), describes
 *             it as a scatterlist (sg_alloc_table_from_pages()), maps it
 *             for the device (dma_map_sg()) and has the engine copy each
 *             segment into its own memory, waiting for the completion
 *             interrupt after each; no CPU copy of the data.
 *   read()    the other way, through a kmalloc() bounce buffer mapped
 *             with dma_map_single(): the engine writes it, the CPU copies
 *             it to the user (copy_to_user()).
 *
 * dma_bits=24 makes an ISA-like device that reaches only the first
 * 16 MiB (ZONE_DMA): buffers above that are bounced through swiotlb by
 * the DMA API, or refused when no bounce buffer is in reach.
 *
 * In mmlab the engine's device is bound by nobody at boot (the in-kernel
 * driver mmlab-dma binds it on "dma bind"); insmod fails with -EBUSY
 * while that driver is registered, as two drivers of one name do in Linux.
 *
 * The same source builds as a Linux module (Kbuild beside it) and as an
 * mmlab driver:  cc $(pkg-config --cflags mmlab-driver) -shared -fPIC \
 *                   -o dmacopy.so dmacopy.c
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/interrupt.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>

static int dma_bits = 32;
module_param(dma_bits, int, 0444);
MODULE_PARM_DESC(dma_bits, "address lines of the device (12..64, default 32; 24: ISA-like)");

/* The engine's registers (docs/dma.md), 64-bit each. */
#define REG_ID		0x00
#define REG_ADDR_BITS	0x08
#define REG_SRC		0x10
#define REG_DST		0x18
#define REG_LEN		0x20
#define REG_CTRL	0x28
#define REG_STATUS	0x30
#define REG_ERR_ADDR	0x38
#define ENGINE_ID	0x4d4d4c44	/* "MMLD" */
#define CTRL_START	(1 << 0)
#define CTRL_TO_DEV	(1 << 1)	/* SRC: bus address, DST: device offset */
#define CTRL_FROM_DEV	(2 << 1)	/* SRC: device offset, DST: bus address */
#define CTRL_IRQ_EN	(1 << 3)
#define STATUS_DONE	(1 << 1)
#define STATUS_ERROR	(1 << 2)

#define DMACOPY_MAX	(64 * 1024)	/* bytes per write() */

struct dmacopy {
	struct device *dev;
	void __iomem *regs;
	struct completion done;		/* completed by the interrupt */
	u64 status;			/* STATUS as the handler saw it */
	size_t len;			/* bytes the device holds */
	struct miscdevice misc;
};

static irqreturn_t dmacopy_irq(int irq, void *dev_id)
{
	struct dmacopy *dc = dev_id;
	u64 status = readq(dc->regs + REG_STATUS);

	if (!(status & STATUS_DONE))
		return IRQ_NONE;
	writeq(STATUS_DONE | STATUS_ERROR, dc->regs + REG_STATUS);
	dc->status = status;
	complete(&dc->done);
	return IRQ_HANDLED;
}

/* One transfer: program the engine, wait for its interrupt. */
static int dmacopy_run(struct dmacopy *dc, u64 src, u64 dst, u64 len, u32 dir)
{
	reinit_completion(&dc->done);
	writeq(src, dc->regs + REG_SRC);
	writeq(dst, dc->regs + REG_DST);
	writeq(len, dc->regs + REG_LEN);
	writeq(dir | CTRL_IRQ_EN | CTRL_START, dc->regs + REG_CTRL);
	if (!wait_for_completion_timeout(&dc->done, msecs_to_jiffies(1000))) {
		dev_err(dc->dev, "transfer timed out\n");
		return -ETIMEDOUT;
	}
	if (dc->status & STATUS_ERROR) {
		dev_err(dc->dev, "transfer failed at bus address %#llx\n",
			(unsigned long long)readq(dc->regs + REG_ERR_ADDR));
		return -EIO;
	}
	return 0;
}

static struct dmacopy *to_dmacopy(struct file *file)
{
	/* misc_open() left the miscdevice in private_data. */
	return container_of(file->private_data, struct dmacopy, misc);
}

/* Each mapped segment of @sgl into the device's memory, in order. */
static int dmacopy_to_device(struct dmacopy *dc, struct scatterlist *sgl, int nents)
{
	struct scatterlist *sg;
	u64 devoff = 0;
	int i, err;

	for_each_sg(sgl, sg, nents, i) {
		dev_info(dc->dev, "write: segment %d: bus %#llx, %u bytes -> device offset %#llx\n",
			 i, (unsigned long long)sg_dma_address(sg), sg_dma_len(sg),
			 (unsigned long long)devoff);
		err = dmacopy_run(dc, sg_dma_address(sg), devoff, sg_dma_len(sg),
				  CTRL_TO_DEV);
		if (err)
			return err;
		devoff += sg_dma_len(sg);
	}
	return 0;
}

static ssize_t dmacopy_write(struct file *file, const char __user *buf,
			     size_t count, loff_t *ppos)
{
	struct dmacopy *dc = to_dmacopy(file);
	unsigned long ubuf = (unsigned long)buf;
	unsigned int offset = ubuf & ~PAGE_MASK;
	struct sg_table sgt;
	struct page **pages;
	int nr, pinned, nents;
	ssize_t ret;

	if (!count)
		return 0;
	count = min_t(size_t, count, DMACOPY_MAX);
	nr = (offset + count + PAGE_SIZE - 1) / PAGE_SIZE;
	pages = kcalloc(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	/* The device reads the buffer: no FOLL_WRITE. */
	pinned = pin_user_pages_fast(ubuf & PAGE_MASK, nr, 0, pages);
	if (pinned < nr) {
		ret = pinned < 0 ? pinned : -EFAULT;
		goto out_unpin;
	}
	ret = sg_alloc_table_from_pages(&sgt, pages, nr, offset, count, GFP_KERNEL);
	if (ret)
		goto out_unpin;
	nents = dma_map_sg(dc->dev, sgt.sgl, sgt.orig_nents, DMA_TO_DEVICE);
	if (!nents) {
		dev_err(dc->dev, "write: cannot map the buffer for DMA\n");
		ret = -ENOMEM;
		goto out_table;
	}
	ret = dmacopy_to_device(dc, sgt.sgl, nents);
	/* Unmap with the entries given to dma_map_sg(), not what it returned. */
	dma_unmap_sg(dc->dev, sgt.sgl, sgt.orig_nents, DMA_TO_DEVICE);
	if (!ret) {
		dc->len = count;
		ret = count;
	}
out_table:
	sg_free_table(&sgt);
out_unpin:
	if (pinned > 0)
		unpin_user_pages(pages, pinned);
	kfree(pages);
	return ret;
}

static ssize_t dmacopy_read(struct file *file, char __user *buf, size_t count,
			    loff_t *ppos)
{
	struct dmacopy *dc = to_dmacopy(file);
	dma_addr_t handle;
	void *bounce;
	ssize_t ret;

	if (*ppos < 0 || (u64)*ppos >= dc->len)
		return 0;
	count = min_t(size_t, count, dc->len - (size_t)*ppos);
	bounce = kmalloc(count, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	handle = dma_map_single(dc->dev, bounce, count, DMA_FROM_DEVICE);
	if (dma_mapping_error(dc->dev, handle)) {
		dev_err(dc->dev, "read: cannot map the bounce buffer for DMA\n");
		ret = -ENOMEM;
		goto out_free;
	}
	/* A bus address other than the buffer's physical one: swiotlb. */
	dev_info(dc->dev, "read: device offset %#llx -> buffer at phys %#llx (bus %#llx), %zu bytes\n",
		 (unsigned long long)*ppos, (unsigned long long)virt_to_phys(bounce),
		 (unsigned long long)handle, count);
	ret = dmacopy_run(dc, *ppos, handle, count, CTRL_FROM_DEV);
	/* The CPU may look at the buffer only after the unmap. */
	dma_unmap_single(dc->dev, handle, count, DMA_FROM_DEVICE);
	if (ret)
		goto out_free;
	if (copy_to_user(buf, bounce, count)) {
		ret = -EFAULT;
		goto out_free;
	}
	*ppos += count;
	ret = count;
out_free:
	kfree(bounce);
	return ret;
}

static const struct file_operations dmacopy_fops = {
	.owner = THIS_MODULE,
	.read = dmacopy_read,
	.write = dmacopy_write,
};

static int dmacopy_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct dmacopy *dc;
	u32 id;
	int irq, err;

	if (dma_bits < 12 || dma_bits > 64) {
		dev_err(dev, "dma_bits=%d: must be 12..64\n", dma_bits);
		return -EINVAL;
	}
	dc = devm_kzalloc(dev, sizeof(*dc), GFP_KERNEL);
	if (!dc)
		return -ENOMEM;
	dc->dev = dev;
	init_completion(&dc->done);
	dc->regs = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(dc->regs))
		return PTR_ERR(dc->regs);
	id = readl(dc->regs + REG_ID);
	if (id != ENGINE_ID) {
		dev_err(dev, "no DMA engine here (ID %#x)\n", id);
		return -ENODEV;
	}
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(dma_bits));
	if (err) {
		dev_err(dev, "no suitable DMA available for a %d-bit mask\n", dma_bits);
		return err;
	}
	/* A lab knob of the engine: it drives as many address lines. */
	writeq(dma_bits, dc->regs + REG_ADDR_BITS);
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	err = devm_request_irq(dev, irq, dmacopy_irq, 0, "dmacopy", dc);
	if (err)
		return err;
	dc->misc.minor = MISC_DYNAMIC_MINOR;
	dc->misc.name = "dmacopy";
	dc->misc.fops = &dmacopy_fops;
	dc->misc.parent = dev;
	dc->misc.mode = 0666;
	err = misc_register(&dc->misc);
	if (err)
		return err;
	platform_set_drvdata(pdev, dc);
	dev_info(dev, "irq %d, %d-bit DMA mask, /dev/dmacopy\n", irq, dma_bits);
	return 0;
}

/* What devm_ did not take: the misc device (its fops are this module's). */
static void dmacopy_teardown(struct platform_device *pdev)
{
	struct dmacopy *dc = platform_get_drvdata(pdev);

	misc_deregister(&dc->misc);
	dev_info(&pdev->dev, "removed\n");
}

/* ->remove returns void since Linux 6.11; Debian 12's 6.1 wants an int. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
static void dmacopy_remove(struct platform_device *pdev)
{
	dmacopy_teardown(pdev);
}
#else
static int dmacopy_remove(struct platform_device *pdev)
{
	dmacopy_teardown(pdev);
	return 0;
}
#endif

static struct platform_driver dmacopy_driver = {
	.probe = dmacopy_probe,
	.remove = dmacopy_remove,
	.driver = {
		.name = "mmlab-dma",	/* the device's name: the match */
	},
};
module_platform_driver(dmacopy_driver);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("mmlab");
MODULE_DESCRIPTION("DMA to and from the mmlab DMA engine: pinned scatterlists and a bounce buffer");
