// SPDX-License-Identifier: MIT
/*
 * Interrupts: irq_domains (linear, tree, nomap) and their reverse maps,
 * request_irq()/free_irq() and the WARN of a double free, flow handlers,
 * the I/O APIC path from a device line to a handler (edge, level, masked,
 * interrupts off), /proc/interrupts in Linux's format, the audit catching
 * a broken map, and fault injection on every allocation.  test_audit()
 * follows every step.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <mmlab/mmlab.h>
#include <linux/seq_buf.h>
#include "kernel/irq/internals.h"
#include "helpers.h"

static struct mml_machine *m;

static void setup(void)
{
	m = test_machine(NULL);
	cr_assert(m);
}

static void teardown(void)
{
	mml_machine_free(m);
}

TestSuite(irq, .init = setup, .fini = teardown);

static int soft_map(struct irq_domain *d, unsigned int virq, irq_hw_number_t hw)
{
	irq_set_chip_and_handler(virq, &dummy_irq_chip, handle_simple_irq);
	return 0;
}

static const struct irq_domain_ops soft_ops = { .map = soft_map };

static int calls[4];

static irqreturn_t count_handler(int irq, void *dev_id)
{
	calls[*(int *)dev_id]++;
	return IRQ_HANDLED;
}

static irqreturn_t none_handler(int irq, void *dev_id)
{
	return IRQ_NONE;
}

static int ids[4] = { 0, 1, 2, 3 };

static bool dmesg_has(const char *s)
{
	char *log = test_read_file(m, "dmesg");
	bool has = strstr(log, s) != NULL;

	free(log);
	return has;
}

/*
 * At boot the only line mapped is the DMA engine's (pin 11, the first
 * dynamic IRQ, gsi_top = 24): its platform device carries it as an IRQ
 * resource.  Nobody has requested it, so /proc/interrupts is empty.
 */
Test(irq, ioapic_domain_at_boot_maps_the_engine_line)
{
	struct irq_domain *d = irq_find_domain_by_name("IO-APIC-0");
	struct platform_device *pdev = platform_find_device_by_name("mmlab-dma.0");
	char *text;

	cr_assert_not_null(d);
	cr_assert_eq(d->revmap_size, 24);
	cr_assert_eq(d->mapcount, 1);
	cr_assert_eq(d->revmap[DMAENGINE_IRQ_PIN], 24);
	cr_assert_not_null(pdev);
	cr_assert_eq(platform_get_irq(pdev, 0), 24);
	cr_assert_eq(platform_get_resource(pdev, IORESOURCE_MEM, 0)->start, DMAENGINE_MMIO_BASE);
	cr_assert_null(pdev->driver, "nobody binds it at boot");
	text = test_read_file(m, "/proc/interrupts");
	cr_assert_str_eq(text, "           CPU0       \n");
	free(text);
	test_audit(m);
}

/*
 * hwirq:  0  1  2  3      linear domain of 4
 *         .  A  .  B      map 1 and 3; 3 again gives B; 4 is too large
 */
Test(irq, linear_domain_maps_and_disposes)
{
	struct fwnode_handle fw = { "lin4" };
	struct irq_domain *d = irq_domain_create_linear(&fw, 4, &soft_ops, NULL);
	unsigned int a, b;

	cr_assert_not_null(d);
	a = irq_create_mapping(d, 1);
	b = irq_create_mapping(d, 3);
	cr_assert(a >= 24 && b >= 24 && a != b, "virqs start at gsi_top: %u %u", a, b);
	cr_assert_eq(irq_create_mapping(d, 3), b);
	cr_assert_eq(irq_find_mapping(d, 1), a);
	cr_assert_eq(irq_find_mapping(d, 2), 0);
	cr_assert_eq(irq_get_irq_data(a)->hwirq, 1);
	cr_assert_eq(d->mapcount, 2);
	test_audit(m);
	cr_assert_eq(irq_create_mapping(d, 4), 0);
	cr_assert(dmesg_has("error: hwirq 0x4 is too large for lin4"));
	test_audit(m);
	irq_dispose_mapping(a);
	cr_assert_eq(irq_find_mapping(d, 1), 0);
	cr_assert_null(irq_to_desc(a));
	cr_assert_eq(d->mapcount, 1);
	test_audit(m);
	irq_domain_remove(d);
	cr_assert_null(irq_to_desc(b));
	test_audit(m);
}

Test(irq, tree_domain_takes_sparse_hwirqs)
{
	struct irq_domain *d = irq_domain_add_tree(NULL, &soft_ops, NULL);
	unsigned long hw[] = { 7, 100000, 3, 1UL << 40 };
	unsigned int v[4], i;

	cr_assert_not_null(d);
	cr_assert_str_eq(d->name, "unknown-1");
	for (i = 0; i < 4; i++) {
		v[i] = irq_create_mapping(d, hw[i]);
		cr_assert_neq(v[i], 0);
		test_audit(m);
	}
	for (i = 0; i < 4; i++)
		cr_assert_eq(irq_find_mapping(d, hw[i]), v[i]);
	cr_assert_eq(irq_find_mapping(d, 8), 0);
	irq_dispose_mapping(v[1]);
	cr_assert_eq(irq_find_mapping(d, 100000), 0);
	cr_assert_eq(irq_find_mapping(d, 1UL << 40), v[3]);
	test_audit(m);
	irq_domain_remove(d);
	test_audit(m);
}

Test(irq, nomap_domain_hwirq_is_virq)
{
	struct irq_domain *d = irq_domain_create_nomap(NULL, 64, &soft_ops, NULL);
	unsigned int v;

	cr_assert_not_null(d);
	cr_assert_eq(irq_create_mapping(d, 5), 0, "nomap maps only directly");
	v = irq_create_direct_mapping(d);
	cr_assert_neq(v, 0);
	cr_assert_eq(irq_get_irq_data(v)->hwirq, v);
	cr_assert_eq(irq_find_mapping(d, v), v);
	cr_assert_eq(irq_find_mapping(d, v + 1), 0);
	test_audit(m);
	irq_domain_remove(d);
	test_audit(m);
}

Test(irq, nomap_domain_below_its_max_only)
{
	struct irq_domain *d = irq_domain_create_nomap(NULL, 10, &soft_ops, NULL);

	cr_assert_eq(irq_create_direct_mapping(d), 0, "virqs start at 24 >= 10");
	cr_assert(dmesg_has("ERROR: no free irqs available below 10 maximum"));
	irq_domain_remove(d);
	test_audit(m);
}

Test(irq, request_handle_free_and_double_free_warns)
{
	struct irq_domain *d = irq_domain_create_linear(NULL, 8, &soft_ops, NULL);
	unsigned int v = irq_create_mapping(d, 2);
	char line[128], *text;

	memset(calls, 0, sizeof(calls));
	cr_assert_eq(request_irq(v, count_handler, 0, "demo", &ids[0]), 0);
	test_audit(m);
	cr_assert_eq(generic_handle_domain_irq(d, 2), 0);
	cr_assert_eq(generic_handle_irq(v), 0);
	cr_assert_eq(calls[0], 2);
	text = test_read_file(m, "/proc/interrupts");
	snprintf(line, sizeof(line), "%3u:          2    dummy   2  demo\n", v);
	cr_assert(strstr(text, line), "no line '%s' in:\n%s", line, text);
	free(text);
	cr_assert_str_eq(free_irq(v, &ids[0]), "demo");
	test_audit(m);
	cr_assert_null(free_irq(v, &ids[0]));
	cr_assert(dmesg_has("------------[ cut here ]------------"));
	cr_assert(dmesg_has("Trying to free already-free IRQ"));
	cr_assert(dmesg_has("WARNING: CPU: 0 PID: 0 at kernel/irq/manage.c free_irq"));
	test_audit(m);
	irq_domain_remove(d);
}

Test(irq, request_refusals_and_sharing)
{
	struct irq_domain *d = irq_domain_create_linear(NULL, 8, &soft_ops, NULL);
	unsigned int v = irq_create_mapping(d, 0);
	int desc_free = irq_alloc_desc_from(1);

	memset(calls, 0, sizeof(calls));
	cr_assert_eq(request_irq(200, count_handler, 0, "x", &ids[0]), -EINVAL);
	cr_assert_eq(request_irq((unsigned int)desc_free, count_handler, 0, "x", &ids[0]),
		     -EINVAL, "a descriptor without a chip cannot be requested");
	cr_assert_eq(request_irq(v, NULL, 0, "x", &ids[0]), -EINVAL);
	cr_assert_eq(request_irq(v, count_handler, IRQF_SHARED, "x", NULL), -EINVAL);
	cr_assert_eq(request_irq(v, count_handler, IRQF_SHARED, "a", &ids[1]), 0);
	cr_assert_eq(request_irq(v, count_handler, 0, "b", &ids[2]), -EBUSY);
	cr_assert(dmesg_has("genirq: Flags mismatch irq"));
	cr_assert_eq(request_irq(v, count_handler, IRQF_SHARED, "c", &ids[3]), 0);
	generic_handle_irq(v);
	cr_assert_eq(calls[1], 1);
	cr_assert_eq(calls[3], 1);
	cr_assert_eq(calls[2], 0);
	test_audit(m);
	free_irq(v, &ids[1]);
	generic_handle_irq(v);
	cr_assert_eq(calls[1], 1);
	cr_assert_eq(calls[3], 2);
	free_irq(v, &ids[3]);
	irq_free_desc((unsigned int)desc_free);
	irq_domain_remove(d);
	test_audit(m);
}

Test(irq, unhandled_interrupts_are_counted)
{
	struct irq_domain *d = irq_domain_create_linear(NULL, 2, &soft_ops, NULL);
	unsigned int v = irq_create_mapping(d, 1);

	request_irq(v, none_handler, 0, "quiet", &ids[0]);
	generic_handle_irq(v);
	cr_assert_eq(irq_to_desc(v)->irqs_unhandled, 1);
	cr_assert_eq(irq_to_desc(v)->kstat_irqs, 1);
	free_irq(v, &ids[0]);
	irq_domain_remove(d);
}

/* A device's line through the I/O APIC to a handler, edge-triggered. */
Test(irq, ioapic_edge_line_reaches_handler)
{
	int v = acpi_register_gsi(5, IRQ_TYPE_EDGE_RISING);

	memset(calls, 0, sizeof(calls));
	cr_assert_geq(v, 24);
	hw_set_irq(&m->hw, 5, true);	/* masked until requested: kept */
	hw_set_irq(&m->hw, 5, false);
	cr_assert_eq(request_irq((unsigned int)v, count_handler, 0, "pin5", &ids[0]), 0);
	cr_assert_eq(calls[0], 1, "the edge seen while masked arrives on unmask");
	hw_set_irq(&m->hw, 5, true);
	hw_set_irq(&m->hw, 5, true);	/* no new edge */
	hw_set_irq(&m->hw, 5, false);
	cr_assert_eq(calls[0], 2);
	local_irq_disable();
	hw_set_irq(&m->hw, 5, true);
	hw_set_irq(&m->hw, 5, false);
	cr_assert_eq(calls[0], 2, "IF clear: pending");
	local_irq_enable();
	cr_assert_eq(calls[0], 3, "taken at sti");
	disable_irq((unsigned int)v);
	hw_set_irq(&m->hw, 5, true);
	hw_set_irq(&m->hw, 5, false);
	cr_assert_eq(calls[0], 3);
	enable_irq((unsigned int)v);
	cr_assert_eq(calls[0], 4);
	test_audit(m);
	free_irq((unsigned int)v, &ids[0]);
	hw_set_irq(&m->hw, 5, true);
	hw_set_irq(&m->hw, 5, false);
	cr_assert_eq(calls[0], 4, "freed: the pin is masked again");
	acpi_unregister_gsi(5);
	cr_assert_eq(irq_find_mapping(irq_find_domain_by_name("IO-APIC-0"), 5), 0);
	test_audit(m);
}

static int level_calls;

static irqreturn_t level_handler(int irq, void *dev_id)
{
	level_calls++;
	hw_set_irq(&m->hw, 9, false);	/* the driver quiets the device */
	return IRQ_HANDLED;
}

Test(irq, ioapic_level_line_is_fasteoi)
{
	int v = acpi_register_gsi(9, IRQ_TYPE_LEVEL_HIGH);
	char *text;

	cr_assert_geq(v, 24);
	cr_assert_eq(request_irq((unsigned int)v, level_handler, 0, "lvl", &ids[0]), 0);
	hw_set_irq(&m->hw, 9, true);
	cr_assert_eq(level_calls, 1);
	text = test_read_file(m, "/proc/interrupts");
	cr_assert(strstr(text, "IO-APIC   9-fasteoi   lvl\n"), "%s", text);
	free(text);
	free_irq((unsigned int)v, &ids[0]);
	acpi_unregister_gsi(9);
	test_audit(m);
}

Test(irq, vector_without_handler_is_logged)
{
	hw_cpu_interrupt(&m->hw, 0xee);
	cr_assert(dmesg_has("__common_interrupt: 0.238 No irq handler for vector"));
}

Test(irq, dispose_with_handler_warns_and_frees)
{
	struct irq_domain *d = irq_domain_create_linear(NULL, 2, &soft_ops, NULL);
	unsigned int v = irq_create_mapping(d, 0);

	request_irq(v, count_handler, 0, "left", &ids[0]);
	irq_dispose_mapping(v);
	cr_assert(dmesg_has("still requested"));
	cr_assert_null(irq_to_desc(v));
	irq_domain_remove(d);
	test_audit(m);
}

Test(irq, audit_catches_a_broken_map)
{
	struct irq_domain *d = irq_domain_create_linear(NULL, 4, &soft_ops, NULL);
	unsigned int v = irq_create_mapping(d, 1);
	char msg[256];

	d->revmap[2] = v;
	cr_assert_eq(irq_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_assert(strstr(msg, "hwirq 2"), "%s", msg);
	d->revmap[2] = 0;
	d->mapcount++;
	cr_assert_eq(irq_audit(msg, sizeof(msg)), -EUCLEAN);
	d->mapcount--;
	irq_to_desc(v)->irq_data.hwirq = 3;
	cr_assert_eq(irq_audit(msg, sizeof(msg)), -EUCLEAN);
	irq_to_desc(v)->irq_data.hwirq = 1;
	test_audit(m);
	irq_domain_remove(d);
}

/* Every allocation of mapping and requesting fails in turn. */
Test(irq, fault_injection_map_and_request)
{
	struct irq_domain *d = irq_domain_create_tree(NULL, &soft_ops, NULL);
	long n;
	bool done = false;

	for (n = 0; !done && n < 50; n++) {
		unsigned int v;
		int err;

		mml_fail_nth(m, MML_FAIL_SLAB, n);
		v = irq_create_mapping(d, 4242);
		if (!v) {
			cr_assert_eq(d->mapcount, 0);
			cr_assert_eq(irq_find_mapping(d, 4242), 0);
			test_audit(m);
			continue;
		}
		err = request_irq(v, count_handler, 0, "fi", &ids[0]);
		if (err) {
			cr_assert_eq(err, -ENOMEM);
			cr_assert_null(irq_to_desc(v)->action);
			irq_dispose_mapping(v);
			test_audit(m);
			continue;
		}
		done = true;
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		free_irq(v, &ids[0]);
		irq_dispose_mapping(v);
		test_audit(m);
	}
	mml_fail_nth(m, MML_FAIL_SLAB, -1);
	cr_assert(done);
	cr_assert_geq(n, 3, "three allocations were each failed once");
	irq_domain_remove(d);
	test_audit(m);
}

Test(irq, fault_injection_domain_create)
{
	long n;
	struct irq_domain *d = NULL;

	for (n = 0; !d && n < 10; n++) {
		mml_fail_nth(m, MML_FAIL_SLAB, n);
		d = irq_domain_create_linear(NULL, 16, &soft_ops, NULL);
		test_audit(m);
	}
	mml_fail_nth(m, MML_FAIL_SLAB, -1);
	cr_assert_not_null(d);
	cr_assert_geq(n, 3);
	irq_domain_remove(d);
}

Test(irq, shell_api_domains)
{
	unsigned int v;
	char *text;

	cr_assert_eq(mml_irq_domain_create(m, "tree", "t", 0), 0);
	cr_assert_eq(mml_irq_domain_create(m, "tree", "t", 0), -EINVAL);
	cr_assert_eq(mml_irq_domain_create(m, "bogus", "u", 0), -EINVAL);
	cr_assert_eq(mml_irq_create_mapping(m, "t", 77, &v), 0);
	cr_assert_eq(mml_irq_request(m, v), 0);
	cr_assert_eq(mml_irq_handle(m, "t", 77), 0);
	cr_assert_eq(mml_irq_handle(m, "t", 78), -EINVAL);
	cr_assert_eq(mml_irq_free(m, v), 0);
	cr_assert_eq(mml_irq_free(m, v), -EINVAL);
	cr_assert_eq(mml_irq_domain_remove(m, "IO-APIC-0"), -EPERM);
	cr_assert_eq(mml_irq_raise(m, 24), -EINVAL);
	text = test_read_file(m, "/sys/kernel/debug/irq/domains");
	cr_assert(strstr(text, "name:   t\n"), "%s", text);
	cr_assert(strstr(text, "hwirq 77"), "%s", text);
	free(text);
	cr_assert_eq(mml_irq_domain_remove(m, "t"), 0);
	cr_assert_eq(mml_irq_domain_remove(m, "t"), -ENOENT);
	test_audit(m);
}

/*
 * The format, against the host kernel's own /proc/interrupts: each
 * controller line of the host (chip, hwirq, flow, names) is printed again
 * with mmlab's column code for the host's CPU count and first-column
 * width, and must come out byte for byte the same; so must the header.
 */
Test(irq, proc_interrupts_format_matches_host)
{
	FILE *f = fopen("/proc/interrupts", "r");
	char line[1024], head[1024];
	unsigned int ncpus = 0, checked = 0, prec;
	const char *p;

	if (!f || !fgets(head, sizeof(head), f))
		cr_skip_test("the host has no /proc/interrupts");
	for (p = head; (p = strstr(p, "CPU")); p += 3)
		ncpus++;
	cr_assert_gt(ncpus, 0);
	prec = (unsigned int)(strspn(head, " ") - 8);
	{
		struct seq_buf s;

		seq_buf_init(&s);
		irq_show_header(&s, prec, ncpus);
		cr_assert_str_eq(s.buf, head);
		seq_buf_free(&s);
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned int counts[64], irq, i;
		char chip[64], flow[32], rest[512];
		unsigned long hwirq;
		int pos = 0, n;
		struct seq_buf s;

		if (sscanf(line, "%u:%n", &irq, &pos) != 1 || ncpus > 64)
			continue;	/* NMI:, LOC: ... are the architecture's */
		for (i = 0; i < ncpus; i++) {
			if (sscanf(line + pos, "%u%n", &counts[i], &n) != 1)
				break;
			pos += n;
		}
		rest[0] = '\0';
		if (i < ncpus || sscanf(line + pos, " %63s %lu-%31s %511[^\n]", chip,
					&hwirq, flow, rest) < 3)
			continue;
		seq_buf_init(&s);
		irq_show_line(&s, prec, irq, counts, ncpus, chip, (long)hwirq, flow,
			      rest[0] ? rest : NULL);
		cr_assert_str_eq(s.buf, line);
		seq_buf_free(&s);
		checked++;
	}
	fclose(f);
	cr_assert_gt(checked, 0, "no controller line on the host to compare");
}
