// SPDX-License-Identifier: MIT
/*
 * A platform driver for the machine's "mmlab-dma.0" (the DMA engine) that
 * exercises the SDK's platform bus and managed resources for test_module:
 *   fail=N     its probe returns N after taking every managed resource
 *              (the bus gives them back);
 *   leak=1     its exit does not unregister the driver (the loader does,
 *              and reports it);
 *   res=N      platform_get_resource() index for the window (bad: 5);
 *   dma=BITS   DMA API cases run once bound: 1 the good paths (coherent,
 *              pool, single with syncs, sg), 2 a double dma_unmap_single,
 *              4 a mapping of memory outside the direct map, 8 a mapping
 *              left at unbind, 16 a 20-bit mask (-EIO), 32 a coherent
 *              buffer and a pool never freed (the loader reports them).
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/scatterlist.h>
#include <linux/mm.h>

static int fail;
module_param(fail, int, 0444);
static bool leak;
module_param(leak, bool, 0444);
static int res;
module_param(res, int, 0444);
static int dma;
module_param(dma, int, 0444);

static char not_direct_map[64];

struct platdrv {
	void __iomem *regs;
	int irq;
	unsigned long interrupts;
	void *kept;			/* dma=8: mapped at unbind */
	dma_addr_t kept_dma;
};

static irqreturn_t platdrv_irq(int irq, void *dev_id)
{
	struct platdrv *p = dev_id;

	p->interrupts++;
	writeq(6, p->regs + 0x30);	/* acknowledge DONE | ERROR */
	return IRQ_HANDLED;
}


/* The good paths; each result logged, "dma ok" when all held. */
static int dma_good(struct device *dev)
{
	struct dma_pool *pool;
	struct scatterlist sg[2];
	struct sg_table sgt;
	dma_addr_t c, b, h;
	void *cpu, *blk, *buf;
	int n, err = -ENOMEM;

	if (dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32)))
		return -EIO;
	cpu = dma_alloc_coherent(dev, PAGE_SIZE, &c, GFP_KERNEL);
	if (!cpu)
		return -ENOMEM;
	dev_info(dev, "coherent at bus %#llx, zeroed %d\n", (unsigned long long)c,
		 ((char *)cpu)[100] == 0);
	pool = dma_pool_create("platdrv", dev, 64, 64, 0);
	if (!pool)
		goto out_coherent;
	blk = dma_pool_zalloc(pool, GFP_KERNEL, &b);
	if (!blk)
		goto out_pool;
	buf = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		goto out_blk;
	h = dma_map_single(dev, buf, 256, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(dev, h))
		goto out_buf;
	dma_sync_single_for_cpu(dev, h, 256, DMA_BIDIRECTIONAL);
	dma_sync_single_for_device(dev, h, 256, DMA_BIDIRECTIONAL);
	dev_info(dev, "single %d\n", h == virt_to_phys(buf));
	dma_unmap_single(dev, h, 256, DMA_BIDIRECTIONAL);
	sg_init_table(sg, 2);
	sg_set_page(&sg[0], virt_to_page(buf), 100, 0);
	sg_set_page(&sg[1], virt_to_page((char *)buf + PAGE_SIZE), 200, 8);
	n = dma_map_sg(dev, sg, 2, DMA_TO_DEVICE);
	dev_info(dev, "sg %d: %#llx+%u %#llx+%u\n", n,
		 (unsigned long long)sg_dma_address(&sg[0]), sg_dma_len(&sg[0]),
		 (unsigned long long)sg_dma_address(&sg[1]), sg_dma_len(&sg[1]));
	if (n == 2)
		dma_unmap_sg(dev, sg, 2, DMA_TO_DEVICE);
	err = sg_alloc_table(&sgt, 3, GFP_KERNEL);
	if (!err) {
		dev_info(dev, "table of %u, last %d\n", sgt.orig_nents,
			 sg_is_last(&sgt.sgl[2]));
		sg_free_table(&sgt);
	}
	if (!err && n == 2)
		dev_info(dev, "dma ok\n");
out_buf:
	kfree(buf);
out_blk:
	dma_pool_free(pool, blk, b);
out_pool:
	dma_pool_destroy(pool);
out_coherent:
	dma_free_coherent(dev, PAGE_SIZE, cpu, c);
	return err;
}

static void dma_cases(struct device *dev, struct platdrv *p)
{
	dma_addr_t h;
	void *buf;

	if (dma & 1)
		dma_good(dev);
	if (dma & 2) {
		buf = kmalloc(64, GFP_KERNEL);
		h = dma_map_single(dev, buf, 64, DMA_TO_DEVICE);
		if (!dma_mapping_error(dev, h)) {
			dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
			dma_unmap_single(dev, h, 64, DMA_TO_DEVICE);
		}
		kfree(buf);
	}
	if (dma & 4) {
		h = dma_map_single(dev, not_direct_map, 64, DMA_TO_DEVICE);
		dev_info(dev, "outside the direct map: error %d\n", dma_mapping_error(dev, h));
	}
	if (dma & 8) {
		p->kept = kmalloc(64, GFP_KERNEL);
		p->kept_dma = dma_map_single(dev, p->kept, 64, DMA_FROM_DEVICE);
		dma_mapping_error(dev, p->kept_dma);
	}
	if (dma & 16)
		dev_info(dev, "20-bit mask: %d\n", dma_set_mask(dev, DMA_BIT_MASK(20)));
	if (dma & 32) {
		dma_alloc_coherent(dev, 2 * PAGE_SIZE, &h, GFP_KERNEL);
		dma_pool_create("platdrv-leak", dev, 128, 64, 0);
	}
}

static int platdrv_probe(struct platform_device *pdev)
{
	struct platdrv *p;
	struct resource *r;
	int err;

	dev_info(&pdev->dev, "probe: %s id %d, %u resources\n", pdev->name, pdev->id,
		 pdev->num_resources);
	p = devm_kzalloc(&pdev->dev, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	r = platform_get_resource(pdev, IORESOURCE_MEM, (unsigned int)res);
	p->regs = devm_ioremap_resource(&pdev->dev, r);
	if (IS_ERR(p->regs))
		return PTR_ERR(p->regs);
	dev_info(&pdev->dev, "window %#llx size %#llx, ID %#x\n",
		 (unsigned long long)r->start, (unsigned long long)resource_size(r),
		 readl(p->regs));
	p->irq = platform_get_irq(pdev, 0);
	if (p->irq < 0)
		return p->irq;
	err = devm_request_irq(&pdev->dev, (unsigned int)p->irq, platdrv_irq, 0,
			       "platdrv", p);
	if (err)
		return err;
	if (fail)
		return fail;
	platform_set_drvdata(pdev, p);
	/* One transfer of 0 bytes with IRQ_EN: the engine interrupts. */
	writeq(0, p->regs + 0x20);
	writeq(8 | 1, p->regs + 0x28);
	dev_info(&pdev->dev, "bound, irq %d, %lu interrupt(s)\n", p->irq, p->interrupts);
	dma_cases(&pdev->dev, p);
	return 0;
}

static void platdrv_remove(struct platform_device *pdev)
{
	struct platdrv *p = platform_get_drvdata(pdev);

	dev_info(&pdev->dev, "remove, %lu interrupt(s)\n", p->interrupts);
	kfree(p->kept);		/* still mapped: the bus reports it */
}

static struct platform_driver platdrv_driver = {
	.probe = platdrv_probe,
	.remove = platdrv_remove,
	.driver = { .name = "mmlab-dma", .owner = THIS_MODULE },
};

static int __init platdrv_init(void)
{
	return platform_driver_register(&platdrv_driver);
}

static void __exit platdrv_exit(void)
{
	if (!leak)
		platform_driver_unregister(&platdrv_driver);
}

module_init(platdrv_init);
module_exit(platdrv_exit);
MODULE_LICENSE("GPL");
