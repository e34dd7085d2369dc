// SPDX-License-Identifier: MIT
/*
 * /proc/interrupts in Linux 6.x's format (kernel/irq/proc.c), and the
 * domains' maps (Linux shows one debugfs file per domain under
 * /sys/kernel/debug/irq/domains/; mmlab puts them in one file).
 */
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/seq_buf.h>
#include "kernel/irq/internals.h"

#define NR_CPUS_SHOWN	1	/* the machine has one CPU */

/* Linux's first-column width for @nr IRQ numbers: 3 digits at least. */
unsigned int irq_show_prec(unsigned int nr)
{
	unsigned int prec, j;

	for (prec = 3, j = 1000; prec < 10 && j <= nr; ++prec)
		j *= 10;
	return prec;
}

void irq_show_header(struct seq_buf *s, unsigned int prec, unsigned int ncpus)
{
	unsigned int j;

	seq_printf(s, "%*s", prec + 8, "");
	for (j = 0; j < ncpus; j++)
		seq_printf(s, "CPU%-8u", j);
	seq_putc(s, '\n');
}

/*
 * One line of /proc/interrupts: the IRQ, a count per CPU, the chip, the
 * hwirq (@hwirq < 0: no domain), the flow name, the handlers' names
 * already joined with ", " (NULL: none).
 */
void irq_show_line(struct seq_buf *s, unsigned int prec, unsigned int irq,
		   const unsigned int *counts, unsigned int ncpus,
		   const char *chip, long hwirq, const char *flow,
		   const char *actions)
{
	unsigned int j;

	seq_printf(s, "%*u:", prec, irq);
	for (j = 0; j < ncpus; j++)
		seq_printf(s, " %10u", counts[j]);
	seq_printf(s, " %8s", chip ? chip : "-");
	if (hwirq >= 0)
		seq_printf(s, " %*lu", prec, (unsigned long)hwirq);
	else
		seq_printf(s, " %*s", prec, "");
	if (flow)
		seq_printf(s, "-%-8s", flow);
	if (actions)
		seq_printf(s, "  %s", actions);
	seq_putc(s, '\n');
}

void show_interrupts(struct seq_buf *s)
{
	unsigned int prec = irq_show_prec(nr_irqs), i;
	struct irq_desc *desc;

	irq_show_header(s, prec, NR_CPUS_SHOWN);
	for_each_irq_desc(i, desc) {
		char names[256] = "";
		size_t len = 0;
		struct irqaction *a;

		if (!desc->action && !desc->kstat_irqs)
			continue;
		for (a = desc->action; a && len < sizeof(names); a = a->next)
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
						a == desc->action ? "" : ", ", a->name);
		irq_show_line(s, prec, i, &desc->kstat_irqs, NR_CPUS_SHOWN,
			      desc->irq_data.chip ? desc->irq_data.chip->name : NULL,
			      desc->irq_data.domain ? (long)desc->irq_data.hwirq : -1,
			      desc->name, desc->action ? names : NULL);
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
