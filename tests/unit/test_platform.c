// SPDX-License-Identifier: MIT
/*
 * The platform bus: name matching in both orders (device first, driver
 * first), probe failure leaving the device unbound, ->remove on driver
 * and device unregistration, drvdata cleared on unbind, resources and
 * IRQs by index, Linux's default DMA masks (platform_device_alloc():
 * dma_mask = &platform_dma_mask, both 32 bits), bad input, and fault
 * injection on the allocations.  test_audit() follows every step.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/dma-mapping.h>
#include <linux/platform_device.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

static struct mml_machine *m;
static int probes, removes, probe_ret;
static struct platform_device *last_probed;
static int drvdata_token;

static void setup(void)
{
	m = test_machine(NULL);
	cr_assert(m);
	probes = removes = probe_ret = 0;
	last_probed = NULL;
}

static void teardown(void)
{
	mml_machine_free(m);
}

TestSuite(platform, .init = setup, .fini = teardown);

static int tprobe(struct platform_device *pdev)
{
	probes++;
	last_probed = pdev;
	if (probe_ret)
		return probe_ret;
	platform_set_drvdata(pdev, &drvdata_token);
	return 0;
}

static void tremove(struct platform_device *pdev)
{
	removes++;
	cr_assert_eq(platform_get_drvdata(pdev), &drvdata_token);
}

static struct platform_driver tdrv = {
	.probe = tprobe,
	.remove = tremove,
	.driver = { .name = "tdev" },
};

static bool dmesg_has(const char *s)
{
	char *log = test_read_file(m, "dmesg");
	bool has = strstr(log, s) != NULL;

	free(log);
	return has;
}

Test(platform, default_dma_mask_and_name)
{
	struct platform_device *pdev = platform_device_register_simple("tdev", 3, NULL, 0);

	cr_assert(!IS_ERR(pdev));
	cr_assert_eq(pdev->dev.dma_mask, &pdev->platform_dma_mask);
	cr_assert_eq(*pdev->dev.dma_mask, DMA_BIT_MASK(32));
	cr_assert_eq(pdev->dev.coherent_dma_mask, 0xffffffffull);
	cr_assert_str_eq(dev_name(&pdev->dev), "tdev.3");
	platform_device_unregister(pdev);
	pdev = platform_device_register_simple("solo", PLATFORM_DEVID_NONE, NULL, 0);
	cr_assert(!IS_ERR(pdev));
	cr_assert_str_eq(dev_name(&pdev->dev), "solo");
	/* The same name and id twice. */
	cr_assert_eq(PTR_ERR(platform_device_register_simple("solo", PLATFORM_DEVID_NONE,
							     NULL, 0)), -EEXIST);
	platform_device_unregister(pdev);
	test_audit(m);
}

Test(platform, device_first_then_driver)
{
	struct platform_device *a = platform_device_register_simple("tdev", 0, NULL, 0);
	struct platform_device *b = platform_device_register_simple("other", 0, NULL, 0);

	cr_assert_eq(probes, 0, "no driver yet");
	cr_assert_eq(platform_driver_register(&tdrv), 0);
	cr_assert_eq(probes, 1, "only the device of its name");
	cr_assert_eq(last_probed, a);
	cr_assert_eq(a->driver, &tdrv);
	cr_assert_null(b->driver);
	cr_assert_eq(platform_get_drvdata(a), &drvdata_token);
	/* A second driver of the same name. */
	{
		struct platform_driver dup = { .probe = tprobe, .driver = { .name = "tdev" } };

		cr_assert_eq(platform_driver_register(&dup), -EBUSY);
	}
	cr_assert_eq(platform_driver_register(&tdrv), -EBUSY);
	test_audit(m);
	platform_driver_unregister(&tdrv);
	cr_assert_eq(removes, 1);
	cr_assert_null(a->driver);
	cr_assert_null(platform_get_drvdata(a), "drvdata cleared on unbind");
	platform_device_unregister(a);
	platform_device_unregister(b);
	cr_assert_eq(removes, 1, "an unbound device has no ->remove");
	test_audit(m);
}

Test(platform, driver_first_then_device_and_device_removal)
{
	struct platform_device *a;

	cr_assert_eq(platform_driver_register(&tdrv), 0);
	cr_assert_eq(probes, 0);
	a = platform_device_register_simple("tdev", PLATFORM_DEVID_NONE, NULL, 0);
	cr_assert(!IS_ERR(a));
	cr_assert_eq(probes, 1);
	cr_assert_eq(a->driver, &tdrv);
	platform_device_unregister(a);
	cr_assert_eq(removes, 1, "the device went: ->remove");
	platform_driver_unregister(&tdrv);
	cr_assert_eq(removes, 1);
	/* Unregistering a driver that is not registered does nothing. */
	platform_driver_unregister(&tdrv);
	test_audit(m);
}

Test(platform, probe_failure_leaves_device_unbound)
{
	struct platform_device *a = platform_device_register_simple("tdev", 1, NULL, 0);

	probe_ret = -ENOMEM;
	cr_assert_eq(platform_driver_register(&tdrv), 0, "registration still succeeds");
	cr_assert_eq(probes, 1);
	cr_assert_null(a->driver);
	cr_assert_null(platform_get_drvdata(a));
	cr_assert(dmesg_has("platform tdev.1: probe with driver tdev failed with error -12"));
	platform_driver_unregister(&tdrv);
	cr_assert_eq(removes, 0, "never bound: no ->remove");
	/* -ENODEV is a driver declining the device: no message. */
	probe_ret = -ENODEV;
	cr_assert_eq(platform_driver_register(&tdrv), 0);
	cr_assert_null(a->driver);
	platform_driver_unregister(&tdrv);
	platform_device_unregister(a);
	test_audit(m);
}

Test(platform, resources_and_irqs)
{
	const struct resource res[] = {
		{ .start = 0xfebe0000, .end = 0xfebe0fff, .flags = IORESOURCE_MEM },
		{ .start = 24, .end = 24, .flags = IORESOURCE_IRQ },
		{ .start = 0xfebd0000, .end = 0xfebd00ff, .flags = IORESOURCE_MEM },
	};
	struct platform_device *a = platform_device_register_simple("tdev", 2, res, 3);
	struct resource *r;

	cr_assert(!IS_ERR(a));
	cr_assert_neq(a->resource, res, "a copy");
	r = platform_get_resource(a, IORESOURCE_MEM, 0);
	cr_assert_eq(r->start, 0xfebe0000);
	cr_assert_eq(resource_size(r), 0x1000);
	r = platform_get_resource(a, IORESOURCE_MEM, 1);
	cr_assert_eq(r->start, 0xfebd0000);
	cr_assert_null(platform_get_resource(a, IORESOURCE_MEM, 2));
	cr_assert_null(platform_get_resource(a, IORESOURCE_IO, 0));
	cr_assert_eq(platform_get_irq(a, 0), 24);
	cr_assert_eq(platform_get_irq(a, 1), -ENXIO);
	cr_assert(dmesg_has("platform tdev.2: error -ENXIO: IRQ index 1 not found"));
	cr_assert_eq(platform_get_irq(NULL, 0), -ENXIO);
	platform_device_unregister(a);
	test_audit(m);
}

Test(platform, bad_input)
{
	struct platform_driver noname = { .probe = tprobe };

	cr_assert_eq(PTR_ERR(platform_device_register_simple(NULL, 0, NULL, 0)), -EINVAL);
	cr_assert_eq(PTR_ERR(platform_device_register_simple("", 0, NULL, 0)), -EINVAL);
	cr_assert_eq(PTR_ERR(platform_device_register_simple("tdev", PLATFORM_DEVID_AUTO,
							     NULL, 0)), -EINVAL);
	cr_assert_eq(platform_driver_register(&noname), -EINVAL);
	cr_assert_eq(platform_driver_register(NULL), -EINVAL);
	cr_assert_eq(platform_device_add(NULL), -EINVAL);
	platform_device_unregister(NULL);
	platform_device_unregister(ERR_PTR(-ENOMEM));
	platform_driver_unregister(NULL);
	cr_assert_null(platform_get_resource(NULL, IORESOURCE_MEM, 0));
	test_audit(m);
}

Test(platform, fault_injection)
{
	const struct resource res[] = {
		{ .start = 0xfebe0000, .end = 0xfebe0fff, .flags = IORESOURCE_MEM },
	};
	struct platform_device *a = ERR_PTR(-ENOMEM);
	long n;

	cr_assert_eq(platform_driver_register(&tdrv), 0);
	for (n = 0; IS_ERR(a) && n < 16; n++) {
		mml_fail_nth(m, MML_FAIL_SLAB, n);
		a = platform_device_register_simple("tdev", 0, res, 1);
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		cr_assert(!IS_ERR(a) || PTR_ERR(a) == -ENOMEM, "n=%ld: %ld", n, PTR_ERR(a));
		cr_assert_eq(probes, IS_ERR(a) ? 0 : 1, "n=%ld", n);
		test_audit(m);
	}
	cr_assert(!IS_ERR(a));
	cr_assert_eq(n, 3, "two allocations failed, the third try succeeded");
	platform_driver_unregister(&tdrv);
	platform_device_unregister(a);
	test_audit(m);
}

Test(platform, left_at_shutdown)
{
	/* A device still bound at shutdown goes without ->remove. */
	cr_assert_eq(platform_driver_register(&tdrv), 0);
	cr_assert(!IS_ERR(platform_device_register_simple("tdev", 0, NULL, 0)));
	cr_assert_eq(probes, 1);
	test_audit(m);
}

/* --- devres ----------------------------------------------------------- */

static int released[8], nr_released;
static bool devres_fail_probe;

static void note_release(struct device *dev, void *res)
{
	if (nr_released < 8)
		released[nr_released++] = *(int *)res;
}

static int devres_probe(struct platform_device *pdev)
{
	for (int i = 1; i <= 3; i++) {
		int *r = devres_alloc_named(note_release, sizeof(int), "test");

		if (!r)
			return -ENOMEM;
		*r = i;
		devres_add(&pdev->dev, r);
	}
	if (!devm_kmalloc(&pdev->dev, 100, GFP_KERNEL))
		return -ENOMEM;
	return devres_fail_probe ? -EIO : 0;
}

static struct platform_driver devres_drv = {
	.probe = devres_probe,
	.driver = { .name = "tdev" },
};

/*
 * Managed resources go newest first, after ->remove at unbind and at once
 * when the probe fails (Linux's devres_release_all() in really_probe()).
 */
Test(platform, devres_released_newest_first)
{
	struct platform_device *pdev = platform_device_register_simple("tdev", 0, NULL, 0);

	cr_assert(!IS_ERR(pdev));
	nr_released = 0;
	cr_assert_eq(platform_driver_register(&devres_drv), 0);
	cr_assert_eq(pdev->driver, &devres_drv);
	cr_assert_eq(devres_count(&pdev->dev), 4);
	test_audit(m);
	platform_driver_unregister(&devres_drv);
	cr_assert_eq(devres_count(&pdev->dev), 0);
	cr_assert_eq(nr_released, 3);
	cr_assert(released[0] == 3 && released[1] == 2 && released[2] == 1);
	test_audit(m);
	/* A failed probe gives everything back too. */
	nr_released = 0;
	devres_fail_probe = true;
	cr_assert_eq(platform_driver_register(&devres_drv), 0);
	devres_fail_probe = false;
	cr_assert_null(pdev->driver);
	cr_assert_eq(pdev->probe_err, -EIO);
	cr_assert_eq(devres_count(&pdev->dev), 0);
	cr_assert_eq(nr_released, 3);
	platform_driver_unregister(&devres_drv);
	platform_device_unregister(pdev);
	test_audit(m);
}

/* An allocation failure at each devres record: the probe fails cleanly. */
Test(platform, devres_fault_injection)
{
	struct platform_device *pdev = platform_device_register_simple("tdev", 0, NULL, 0);
	int n;

	cr_assert(!IS_ERR(pdev));
	for (n = 0; n < 8; n++) {
		mml_fail_nth(m, MML_FAIL_SLAB, n);
		cr_assert_eq(platform_driver_register(&devres_drv), 0);
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		if (!pdev->driver)
			cr_assert_eq(pdev->probe_err, -ENOMEM);
		platform_driver_unregister(&devres_drv);
		cr_assert_eq(devres_count(&pdev->dev), 0);
		test_audit(m);
	}
	platform_device_unregister(pdev);
	test_audit(m);
}

/*
 * platform_device_add() inserts the MEM and I/O-port resources into
 * /proc/iomem and /proc/ioports under the device's name, a driver's claim
 * nests inside, platform_device_del() takes them out; a window that
 * straddles an existing range fails the add with Linux's message.
 */
Test(platform, resources_in_proc_iomem)
{
	const struct resource res[] = {
		{ .start = 0xfeb00000, .end = 0xfeb00fff, .flags = IORESOURCE_MEM },
		{ .start = 0x3f0, .end = 0x3f7, .flags = IORESOURCE_IO },
	};
	const struct resource straddle[] = {	/* across mmlab-regblock's end */
		{ .start = 0xfebf0800, .end = 0xfebf17ff, .flags = IORESOURCE_MEM },
	};
	struct platform_device *a = platform_device_register_simple("tdev", 5, res, 2);
	struct resource *claim;
	char *s;

	cr_assert(!IS_ERR(a));
	s = test_read_file(m, "/proc/iomem");
	cr_assert(strstr(s, "feb00000-feb00fff : tdev.5\n"), "%s", s);
	free(s);
	s = test_read_file(m, "/proc/ioports");
	cr_assert(strstr(s, "03f0-03f7 : tdev.5\n"), "%s", s);
	free(s);
	claim = request_mem_region(0xfeb00000, 0x1000, "tdrv");
	cr_assert(claim, "a claim nests in the device's window");
	s = test_read_file(m, "/proc/iomem");
	cr_assert(strstr(s, "feb00000-feb00fff : tdev.5\n  feb00000-feb00fff : tdrv\n"), "%s", s);
	free(s);
	release_mem_region(0xfeb00000, 0x1000);
	platform_device_unregister(a);
	s = test_read_file(m, "/proc/iomem");
	cr_assert_null(strstr(s, "tdev"), "%s", s);
	free(s);
	s = test_read_file(m, "/proc/ioports");
	cr_assert_null(strstr(s, "tdev"), "%s", s);
	free(s);
	test_audit(m);

	cr_assert_eq(PTR_ERR(platform_device_register_simple("tdev", 6, straddle, 1)),
		     -EBUSY);
	cr_assert(dmesg_has("platform tdev.6: failed to claim resource 0: "
			    "[mem 0xfebf0800-0xfebf17ff]"));
	s = test_read_file(m, "/proc/iomem");
	cr_assert_null(strstr(s, "tdev"), "%s", s);
	free(s);
	test_audit(m);
}
