// SPDX-License-Identifier: MIT
/*
 * A platform driver for the machine's "mmlab-dma.0" (the DMA engine) that
 * exercises the SDK's platform bus and managed resources for test_module:
 *   fail=N     its probe returns N after taking every managed resource
 *              (the bus gives them back);
 *   leak=1     its exit does not unregister the driver (the loader does,
 *              and reports it);
 *   res=N      platform_get_resource() index for the window (bad: 5).
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/slab.h>

static int fail;
module_param(fail, int, 0444);
static bool leak;
module_param(leak, bool, 0444);
static int res;
module_param(res, int, 0444);

struct platdrv {
	void __iomem *regs;
	int irq;
	unsigned long interrupts;
};

static irqreturn_t platdrv_irq(int irq, void *dev_id)
{
	struct platdrv *p = dev_id;

	p->interrupts++;
	writeq(6, p->regs + 0x30);	/* acknowledge DONE | ERROR */
	return IRQ_HANDLED;
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
	return 0;
}

static void platdrv_remove(struct platform_device *pdev)
{
	struct platdrv *p = platform_get_drvdata(pdev);

	dev_info(&pdev->dev, "remove, %lu interrupt(s)\n", p->interrupts);
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
