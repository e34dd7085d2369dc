// SPDX-License-Identifier: MIT
/*
 * mmlab-dma: the sample driver of the DMA engine model (hw/dev/dmaengine.c),
 * written as a Linux driver is: it maps the engine's registers, sets its
 * DMA mask from the address lines the engine reports, requests its
 * interrupt, and moves buffers to the device's memory and back three ways:
 *  - coherent buffers (dma_alloc_coherent(), or dma_pool blocks),
 *  - streaming mappings of kmalloc() buffers (dma_map_single()), which
 *    bounce through swiotlb when the buffer is beyond the mask,
 *  - a process's memory, pinned (pin_user_pages()) and mapped as a
 *    scatterlist (sg_alloc_table_from_pages(), dma_map_sgtable()).
 * Completion arrives as the engine's interrupt; the handler acknowledges
 * it and logs a transfer error with the bus address that failed.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/gup.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/dmapool.h>
#include <linux/scatterlist.h>
#include <linux/platform_device.h>
#include <linux/mmlab_dma.h>

#define DRV_NAME	"mmlab-dma"

struct mmlab_dma *mmlab_dma_get(void)
{
	return current_machine()->mmlab_dma;
}

static irqreturn_t mmlab_dma_interrupt(int irq, void *dev_id)
{
	struct mmlab_dma *md = dev_id;
	u64 status = readq(md->regs + DMA_REG_STATUS);

	if (!(status & DMA_STATUS_DONE))
		return IRQ_NONE;	/* not ours (a shared line) */
	writeq(DMA_STATUS_DONE | DMA_STATUS_ERROR, md->regs + DMA_REG_STATUS);
	md->status = status;
	md->done = true;
	md->nr_interrupts++;
	if (status & DMA_STATUS_ERROR)
		dev_err(md->dev, "DMA error: bus address %#llx not reachable\n",
			(unsigned long long)readq(md->regs + DMA_REG_ERR_ADDR));
	return IRQ_HANDLED;
}

/**
 * mmlab_dma_transfer() - run one transfer of @len bytes (DMA_CTRL_* @dir)
 * and wait for it: the interrupt handler reports completion, or, with
 * interrupts off, the driver polls STATUS.
 * Return: 0, -EIO (the engine reported an error), -ETIMEDOUT.
 */
int mmlab_dma_transfer(struct mmlab_dma *md, u64 src, u64 dst, u64 len, u32 dir)
{
	u64 status;

	writeq(src, md->regs + DMA_REG_SRC);
	writeq(dst, md->regs + DMA_REG_DST);
	writeq(len, md->regs + DMA_REG_LEN);
	writeq(DMA_STATUS_DONE | DMA_STATUS_ERROR, md->regs + DMA_REG_STATUS);
	md->done = false;
	writeq(dir | DMA_CTRL_IRQ_EN | DMA_CTRL_START, md->regs + DMA_REG_CTRL);
	if (md->done) {
		status = md->status;
	} else {
		status = readq(md->regs + DMA_REG_STATUS);
		writeq(DMA_STATUS_DONE | DMA_STATUS_ERROR, md->regs + DMA_REG_STATUS);
	}
	md->nr_transfers++;
	if (!(status & DMA_STATUS_DONE))
		return -ETIMEDOUT;
	if (status & DMA_STATUS_ERROR) {
		md->nr_errors++;
		return -EIO;
	}
	md->bytes += len;
	return 0;
}

/**
 * mmlab_dma_set_bits() - the engine drives @bits address lines from now
 * on (a lab knob on the device), and the driver sets its mask to match.
 * Return: 0, or -EIO if the DMA layer cannot serve such a mask.
 */
int mmlab_dma_set_bits(struct mmlab_dma *md, unsigned int bits)
{
	int err;

	if (bits < 12 || bits > 64)
		return -EINVAL;
	err = dma_set_mask_and_coherent(md->dev, DMA_BIT_MASK(bits));
	if (err) {
		dev_warn(md->dev, "No suitable DMA available (%u-bit mask)\n", bits);
		return err;
	}
	writeq(bits, md->regs + DMA_REG_ADDR_BITS);
	md->addr_bits = bits;
	return 0;
}

static void fill_pattern(void *kva, size_t size, u8 seed)
{
	u8 *p = lm_host((unsigned long)kva);
	size_t i;

	for (i = 0; i < size; i++)
		p[i] = (u8)(seed + i * 7);
}

/* Buffer @a to the device's memory, then back into @b. */
static int roundtrip_bus(struct mmlab_dma *md, dma_addr_t a, dma_addr_t b,
			 size_t size)
{
	int err = mmlab_dma_transfer(md, a, 0, size, DMA_CTRL_TO_DEV);

	return err ? err : mmlab_dma_transfer(md, 0, b, size, DMA_CTRL_FROM_DEV);
}

static int compare(void *a, void *b, size_t size)
{
	return memcmp(lm_host((unsigned long)a), lm_host((unsigned long)b), size) ?
	       -EILSEQ : 0;
}

static int roundtrip_coherent(struct mmlab_dma *md, size_t size)
{
	dma_addr_t da, db;
	void *a, *b;
	int err = -ENOMEM;

	a = dma_alloc_coherent(md->dev, size, &da, GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	b = dma_alloc_coherent(md->dev, size, &db, GFP_KERNEL);
	if (!b)
		goto out_free_a;
	fill_pattern(a, size, 0x11);
	err = roundtrip_bus(md, da, db, size);
	if (!err)
		err = compare(a, b, size);
	dma_free_coherent(md->dev, size, b, db);
out_free_a:
	dma_free_coherent(md->dev, size, a, da);
	return err;
}

static int roundtrip_pool(struct mmlab_dma *md, size_t size)
{
	struct dma_pool *pool;
	dma_addr_t da, db;
	void *a, *b;
	int err = -ENOMEM;

	if (size > PAGE_SIZE)
		return -EINVAL;
	pool = dma_pool_create(DRV_NAME, md->dev, size, 64, 0);
	if (!pool)
		return -ENOMEM;
	a = dma_pool_alloc(pool, GFP_KERNEL, &da);
	if (!a)
		goto out_destroy;
	b = dma_pool_zalloc(pool, GFP_KERNEL, &db);
	if (!b)
		goto out_free_a;
	fill_pattern(a, size, 0x22);
	err = roundtrip_bus(md, da, db, size);
	if (!err)
		err = compare(a, b, size);
	dma_pool_free(pool, b, db);
out_free_a:
	dma_pool_free(pool, a, da);
out_destroy:
	dma_pool_destroy(pool);
	return err;
}

/* One streaming transfer of @buf in direction @dir. */
static int stream_one(struct mmlab_dma *md, void *buf, size_t size,
		      enum dma_data_direction dir)
{
	dma_addr_t d = dma_map_single(md->dev, buf, size, dir);
	int err;

	if (dma_mapping_error(md->dev, d))
		return -ENOMEM;
	if (dir == DMA_TO_DEVICE)
		err = mmlab_dma_transfer(md, d, 0, size, DMA_CTRL_TO_DEV);
	else
		err = mmlab_dma_transfer(md, 0, d, size, DMA_CTRL_FROM_DEV);
	dma_unmap_single(md->dev, d, size, dir);
	return err;
}

static int roundtrip_single(struct mmlab_dma *md, size_t size)
{
	void *a, *b;
	int err = -ENOMEM;

	a = kmalloc(size, GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	b = kzalloc(size, GFP_KERNEL);
	if (!b)
		goto out_free_a;
	fill_pattern(a, size, 0x33);
	err = stream_one(md, a, size, DMA_TO_DEVICE);
	if (!err)
		err = stream_one(md, b, size, DMA_FROM_DEVICE);
	if (!err)
		err = compare(a, b, size);
	kfree(b);
out_free_a:
	kfree(a);
	return err;
}

/**
 * mmlab_dma_roundtrip() - copy a @size-byte pattern to the device and
 * back through buffers of kind @mode, and compare.
 * Return: 0, -EINVAL, -ENOMEM, -EIO (transfer), -EILSEQ (data differ).
 */
int mmlab_dma_roundtrip(struct mmlab_dma *md, enum mmlab_dma_mode mode,
			size_t size)
{
	if (!size || size > DMAENGINE_BUF_SIZE)
		return -EINVAL;
	switch (mode) {
	case MMLAB_DMA_COHERENT:
		return roundtrip_coherent(md, size);
	case MMLAB_DMA_SINGLE:
		return roundtrip_single(md, size);
	case MMLAB_DMA_POOL:
		return roundtrip_pool(md, size);
	}
	return -EINVAL;
}

/* Pin [@uaddr, @uaddr + @len) of @t and describe it as a table. */
static int pin_to_sgt(struct task_struct *t, unsigned long uaddr, size_t len,
		      bool write, struct page ***pagesp, long *npinned,
		      struct sg_table *sgt)
{
	unsigned long first = uaddr >> PAGE_SHIFT;
	unsigned long n = ((uaddr + len - 1) >> PAGE_SHIFT) - first + 1;
	struct page **pages;
	long got;
	int err;

	*npinned = 0;
	if (should_fail(FAIL_SLAB))
		return -ENOMEM;
	pages = calloc(n, sizeof(*pages));
	if (!pages)
		return -ENOMEM;
	*pagesp = pages;
	got = pin_user_pages(uaddr, n, write ? FOLL_WRITE : 0, pages);
	if (got < 0)
		return (int)got;
	*npinned = got;
	if ((unsigned long)got < n)
		return -EFAULT;
	err = sg_alloc_table_from_pages(sgt, pages, (unsigned int)n,
					(unsigned int)(uaddr & ~PAGE_MASK), len,
					GFP_KERNEL);
	return err;
}

static void unpin_all(struct page **pages, long n)
{
	long i;

	for (i = 0; i < n; i++)
		unpin_user_page(pages[i]);
	free(pages);
}

/* Each mapped entry of @sgt to or from the device's memory, in order. */
static int sgt_transfer(struct mmlab_dma *md, struct sg_table *sgt, bool to_dev)
{
	struct scatterlist *sg;
	u64 off = 0;
	unsigned int i;
	int err;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (to_dev)
			err = mmlab_dma_transfer(md, sg_dma_address(sg), off,
						 sg_dma_len(sg), DMA_CTRL_TO_DEV);
		else
			err = mmlab_dma_transfer(md, off, sg_dma_address(sg),
						 sg_dma_len(sg), DMA_CTRL_FROM_DEV);
		if (err)
			return err;
		off += sg_dma_len(sg);
	}
	return 0;
}

/* One direction of the user copy: pin, map, transfer, unmap, unpin. */
static int user_leg(struct mmlab_dma *md, struct task_struct *t,
		    unsigned long uaddr, size_t len, bool to_dev)
{
	enum dma_data_direction dir = to_dev ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	struct sg_table sgt = { 0 };
	struct page **pages = NULL;
	long npinned;
	int err;

	err = pin_to_sgt(t, uaddr, len, !to_dev, &pages, &npinned, &sgt);
	if (err)
		goto out_unpin;
	err = dma_map_sgtable(md->dev, &sgt, dir, 0);
	if (err)
		goto out_free_table;
	err = sgt_transfer(md, &sgt, to_dev);
	dma_unmap_sgtable(md->dev, &sgt, dir, 0);
out_free_table:
	sg_free_table(&sgt);
out_unpin:
	unpin_all(pages, npinned);
	return err;
}

/**
 * mmlab_dma_user_copy() - copy @len bytes of task @t's memory at @src to
 * the device and back to @dst, by DMA over pinned pages (no CPU copy).
 * Context: @t is the current task (its pages are pin_user_pages()'s).
 * Return: 0, -EINVAL, -EFAULT (not mapped), -ENOMEM, -EIO.
 */
int mmlab_dma_user_copy(struct mmlab_dma *md, struct task_struct *t,
			unsigned long src, unsigned long dst, size_t len)
{
	int err;

	if (!len || len > DMAENGINE_BUF_SIZE || src + len < src || dst + len < dst)
		return -EINVAL;
	err = user_leg(md, t, src, len, /* to_dev = */ true);
	return err ? err : user_leg(md, t, dst, len, /* to_dev = */ false);
}

/**
 * mmlab_dma_probe() - bind to the engine @pdev describes: its MEM
 * resource (the register window) and its IRQ resource.
 * Return: 0, -EINVAL (no window), -ENXIO (no interrupt), -EBUSY (the
 * window is claimed), -ENODEV (no engine there), -EIO, -ENOMEM.
 */
static int mmlab_dma_probe(struct platform_device *pdev)
{
	struct mml_machine *m = current_machine();
	struct resource *mem;
	struct mmlab_dma *md;
	int irq, err = -ENOMEM;

	if (m->mmlab_dma)
		return -EBUSY;
	mem = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!mem || resource_size(mem) < DMAENGINE_MMIO_SIZE) {
		dev_err(&pdev->dev, "no register window\n");
		return -EINVAL;
	}
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	if (should_fail(FAIL_SLAB))
		return -ENOMEM;
	md = calloc(1, sizeof(*md));
	if (!md)
		return -ENOMEM;
	md->pdev = pdev;
	md->dev = &pdev->dev;
	md->base = mem->start;
	md->irq = (unsigned int)irq;
	if (!__request_region(&m->iomem_resource, md->base, DMAENGINE_MMIO_SIZE,
			      DRV_NAME, IORESOURCE_MEM)) {
		err = -EBUSY;
		goto out_free;
	}
	md->regs = ioremap(md->base, DMAENGINE_MMIO_SIZE);
	if (!md->regs)
		goto out_release;
	err = -ENODEV;
	if (readl(md->regs + DMA_REG_ID) != DMAENGINE_ID)
		goto out_unmap;
	err = mmlab_dma_set_bits(md, (unsigned int)readq(md->regs + DMA_REG_ADDR_BITS));
	if (err)
		goto out_unmap;
	err = request_irq(md->irq, mmlab_dma_interrupt, 0, DRV_NAME, md);
	if (err)
		goto out_unmap;
	platform_set_drvdata(pdev, md);
	m->mmlab_dma = md;
	dev_info(md->dev, "DMA engine at %#llx, irq %u, %u-bit DMA, %llu KiB device memory\n",
		 (unsigned long long)md->base, md->irq, md->addr_bits,
		 (unsigned long long)(DMAENGINE_BUF_SIZE >> 10));
	return 0;

out_unmap:
	iounmap(md->regs);
out_release:
	__release_region(&m->iomem_resource, md->base, DMAENGINE_MMIO_SIZE);
out_free:
	free(md);
	return err;
}

/* ->remove; what the driver still has mapped the bus reports after it. */
static void mmlab_dma_remove(struct platform_device *pdev)
{
	struct mml_machine *m = current_machine();
	struct mmlab_dma *md = platform_get_drvdata(pdev);

	if (!md)
		return;
	free_irq(md->irq, md);
	iounmap(md->regs);
	__release_region(&m->iomem_resource, md->base, DMAENGINE_MMIO_SIZE);
	m->mmlab_dma = NULL;
	free(md);
}

static struct platform_driver mmlab_dma_driver = {
	.probe = mmlab_dma_probe,
	.remove = mmlab_dma_remove,
	.driver = { .name = DRV_NAME },
};

/**
 * mmlab_dma_bind() - what loading the driver does: register the platform
 * driver, which binds the "mmlab-dma.0" device the machine enumerated at
 * boot.  The driver is registered only while it is bound, as a module
 * that is unloaded when its probe fails (so a loadable driver of the same
 * name can take the device instead: examples/drivers/dmacopy).
 * Return: 0, -EBUSY (bound already, or another driver of the name is
 * registered), -ENODEV (no such device), or the probe's error.
 */
int mmlab_dma_bind(void)
{
	struct platform_device *pdev = platform_find_device_by_name(DRV_NAME ".0");
	int err;

	if (current_machine()->mmlab_dma)
		return -EBUSY;
	if (!pdev)
		return -ENODEV;
	if (pdev->driver)
		return -EBUSY;
	err = platform_driver_register(&mmlab_dma_driver);
	if (err)
		return err;
	if (pdev->driver == &mmlab_dma_driver)
		return 0;
	err = pdev->probe_err ? pdev->probe_err : -ENODEV;
	platform_driver_unregister(&mmlab_dma_driver);
	return err;
}

/** mmlab_dma_unbind() - unregister the driver: ->remove runs. */
void mmlab_dma_unbind(void)
{
	if (!current_machine()->mmlab_dma)
		return;
	platform_driver_unregister(&mmlab_dma_driver);
}
