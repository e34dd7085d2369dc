// SPDX-License-Identifier: MIT
/*
 * The public face of interrupts: pulse a controller input, and software
 * irq_domains for experiments (their chip needs no programming; their
 * handler counts).  The machine's own domains (IO-APIC-0) can be looked
 * at, mapped and handled, but not removed.
 */
#include <string.h>
#include <mmlab/mmlab.h>
#include <linux/kernel.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/interrupt.h>
#include <linux/machine.h>
#include "api/api.h"

#define SHELL_HANDLER	"mmlab-shell"

/* Marks the domains this API made (their host_data). */
static int soft_domain_tag;
/* The dev_id of the API's handlers. */
static int shell_dev_id;

static int soft_map(struct irq_domain *d, unsigned int virq, irq_hw_number_t hw)
{
	irq_set_chip_and_handler(virq, &dummy_irq_chip, handle_simple_irq);
	return 0;
}

static const struct irq_domain_ops soft_domain_ops = {
	.map = soft_map,
	.xlate = irq_domain_xlate_onecell,
};

static irqreturn_t shell_handler(int irq, void *dev_id)
{
	return IRQ_HANDLED;
}

MML_API int mml_irq_raise(struct mml_machine *m, unsigned int line)
{
	machine_guard(m, NULL);

	if (!m)
		return -EINVAL;
	if (line >= m->hw.intc_lines) {
		mml_set_error(m, "irq raise: line %u is not an input of the interrupt controller (0..%u)",
			      line, m->hw.intc_lines - 1);
		return -EINVAL;
	}
	hw_set_irq(&m->hw, line, true);
	hw_set_irq(&m->hw, line, false);
	return 0;
}

static bool name_ok(const char *name)
{
	size_t i, n = name ? strlen(name) : 0;

	if (!n || n > 31)
		return false;
	for (i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] > '~')
			return false;
	return true;
}

MML_API int mml_irq_domain_create(struct mml_machine *m, const char *kind,
				  const char *name, unsigned int size)
{
	machine_guard(m, NULL);
	struct fwnode_handle fw = { .name = name };
	struct irq_domain *d;

	if (!m || !kind)
		return -EINVAL;
	if (!name_ok(name) || irq_find_domain_by_name(name)) {
		mml_set_error(m, "irq domain: name '%s' is empty, too long, or taken",
			      name ? name : "");
		return -EINVAL;
	}
	if (!strcmp(kind, "linear") && size && size <= 4096) {
		d = irq_domain_create_linear(&fw, size, &soft_domain_ops, &soft_domain_tag);
	} else if (!strcmp(kind, "tree")) {
		d = irq_domain_create_tree(&fw, &soft_domain_ops, &soft_domain_tag);
	} else if (!strcmp(kind, "nomap")) {
		d = irq_domain_create_nomap(&fw, size, &soft_domain_ops, &soft_domain_tag);
	} else {
		mml_set_error(m, "irq domain: kind '%s' (linear SIZE 1..4096, tree, nomap [MAX])", kind);
		return -EINVAL;
	}
	if (!d) {
		mml_set_error(m, "irq domain: out of memory");
		return -ENOMEM;
	}
	d->fwnode = NULL;	/* @fw was ours; the domain keeps its name */
	return 0;
}

static struct irq_domain *find_domain(struct mml_machine *m, const char *name)
{
	struct irq_domain *d = name ? irq_find_domain_by_name(name) : NULL;

	if (!d)
		mml_set_error(m, "irq: no domain '%s' (see /sys/kernel/debug/irq/domains)",
			      name ? name : "");
	return d;
}

MML_API int mml_irq_domain_remove(struct mml_machine *m, const char *name)
{
	machine_guard(m, NULL);
	struct irq_domain *d;

	if (!m)
		return -EINVAL;
	d = find_domain(m, name);
	if (!d)
		return -ENOENT;
	if (d->host_data != &soft_domain_tag) {
		mml_set_error(m, "irq domain: %s belongs to the machine's interrupt controller", name);
		return -EPERM;
	}
	irq_domain_remove(d);
	return 0;
}

MML_API int mml_irq_create_mapping(struct mml_machine *m, const char *domain,
				   unsigned long hwirq, unsigned int *virq)
{
	machine_guard(m, NULL);
	struct irq_domain *d;
	unsigned int v;

	if (!m || !virq)
		return -EINVAL;
	d = find_domain(m, domain);
	if (!d)
		return -ENOENT;
	if (!irq_domain_is_nomap(d) && hwirq >= d->hwirq_max) {
		mml_set_error(m, "irq: hwirq %lu is too large for %s (max %lu)",
			      hwirq, d->name, d->hwirq_max - 1);
		return -EINVAL;
	}
	v = irq_domain_is_nomap(d) ? irq_create_direct_mapping(d) :
				     irq_create_mapping(d, hwirq);
	if (!v) {
		mml_set_error(m, "irq: no mapping made (no free IRQ number, or out of memory)");
		return -ENOSPC;
	}
	*virq = v;
	return 0;
}

MML_API int mml_irq_dispose_mapping(struct mml_machine *m, unsigned int virq)
{
	machine_guard(m, NULL);
	struct irq_data *data;

	if (!m)
		return -EINVAL;
	data = irq_get_irq_data(virq);
	if (!data || !data->domain) {
		mml_set_error(m, "irq: %u is not mapped", virq);
		return -EINVAL;
	}
	irq_dispose_mapping(virq);
	return 0;
}

MML_API int mml_irq_handle(struct mml_machine *m, const char *domain,
			   unsigned long hwirq)
{
	machine_guard(m, NULL);
	struct irq_domain *d;

	if (!m)
		return -EINVAL;
	d = find_domain(m, domain);
	if (!d)
		return -ENOENT;
	if (generic_handle_domain_irq(d, hwirq)) {
		mml_set_error(m, "irq: hwirq %lu of %s is not mapped", hwirq, d->name);
		return -EINVAL;
	}
	return 0;
}

MML_API int mml_irq_request(struct mml_machine *m, unsigned int virq)
{
	machine_guard(m, NULL);
	int err;

	if (!m)
		return -EINVAL;
	err = request_irq(virq, shell_handler, IRQF_SHARED, SHELL_HANDLER, &shell_dev_id);
	if (err == -EINVAL)
		mml_set_error(m, "request_irq: %u has no chip (not mapped)", virq);
	else if (err == -EBUSY)
		mml_set_error(m, "request_irq: %u is taken by a handler that does not share (see dmesg)", virq);
	else if (err)
		mml_set_error(m, "request_irq: out of memory");
	return err;
}

MML_API int mml_irq_free(struct mml_machine *m, unsigned int virq)
{
	machine_guard(m, NULL);

	if (!m)
		return -EINVAL;
	if (!irq_to_desc(virq)) {
		mml_set_error(m, "free_irq: %u has no descriptor", virq);
		return -EINVAL;
	}
	if (!free_irq(virq, &shell_dev_id)) {
		mml_set_error(m, "free_irq: %u has no %s handler (see dmesg)", virq, SHELL_HANDLER);
		return -EINVAL;
	}
	return 0;
}
