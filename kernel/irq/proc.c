// SPDX-License-Identifier: MIT
/*
 * /proc/interrupts in Linux 6.x's format (kernel/irq/proc.c), and the
 * domains' maps (Linux shows one debugfs file per domain under
 * /sys/kernel/debug/irq/domains/; mmlab puts them in one file).
 */
#include <linux/kernel.h>
#include <linux/seq_buf.h>
#include "kernel/irq/internals.h"

#define NR_CPUS_SHOWN	1	/* the machine has one CPU */

void show_interrupts(struct seq_buf *s)
{
	unsigned int prec, j, i;
	struct irq_desc *desc;

	for (prec = 3, j = 1000; prec < 10 && j <= nr_irqs; ++prec)
		j *= 10;
	seq_printf(s, "%*s", prec + 8, "");
	for (j = 0; j < NR_CPUS_SHOWN; j++)
		seq_printf(s, "CPU%-8u", j);
	seq_putc(s, '\n');
	for_each_irq_desc(i, desc) {
		struct irqaction *a = desc->action;
		const char *chip = desc->irq_data.chip ? desc->irq_data.chip->name : NULL;

		if (!a && !desc->kstat_irqs)
			continue;
		seq_printf(s, "%*u:", prec, i);
		seq_printf(s, " %10u", desc->kstat_irqs);
		seq_printf(s, " %8s", chip ? chip : "-");
		if (desc->irq_data.domain)
			seq_printf(s, " %*lu", prec, desc->irq_data.hwirq);
		else
			seq_printf(s, " %*s", prec, "");
		if (desc->name)
			seq_printf(s, "-%-8s", desc->name);
		if (a) {
			seq_printf(s, "  %s", a->name);
			while ((a = a->next))
				seq_printf(s, ", %s", a->name);
		}
		seq_putc(s, '\n');
	}
}

static void domain_show(struct seq_buf *s, struct irq_domain *d)
{
	unsigned int i, shown = 0;
	struct rb_node *rb;

	seq_printf(s, "name:   %s\n", d->name);
	seq_printf(s, " size:   %u\n", d->revmap_size);
	seq_printf(s, " mapped: %u\n", d->mapcount);
	seq_printf(s, " flags:  0x%08x\n", d->flags);
	seq_printf(s, " map:    %s\n", irq_domain_is_nomap(d) ? "nomap (hwirq = virq)" :
		   d->revmap_size ? "linear" : "tree");
	for (i = 0; i < d->revmap_size; i++)
		if (d->revmap[i] && ++shown)
			seq_printf(s, "  hwirq %-6u -> virq %u\n", i, d->revmap[i]);
	for (rb = rb_first(&d->revmap_tree); rb; rb = rb_next(rb)) {
		struct irq_revmap_node *e = rb_entry(rb, struct irq_revmap_node, rb);

		seq_printf(s, "  hwirq %-6lu -> virq %u%s\n", e->hwirq, e->virq,
			   d->revmap_size ? " (tree)" : "");
	}
	if (irq_domain_is_nomap(d))
		for (i = 0; i < NR_IRQS; i++) {
			struct irq_data *data = irq_get_irq_data(i);

			if (data && data->domain == d)
				seq_printf(s, "  hwirq %-6lu -> virq %u\n", data->hwirq, i);
		}
}

void irq_domains_show(struct seq_buf *s)
{
	struct irq_domain *d;

	list_for_each_entry(d, &irq_state()->domains, link)
		domain_show(s, d);
}
