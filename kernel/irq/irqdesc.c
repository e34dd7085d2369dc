// SPDX-License-Identifier: MIT
/*
 * Interrupt descriptors: allocation of Linux IRQ numbers, lookup, and the
 * dispatch from a number to its flow handler (Linux's kernel/irq/irqdesc.c).
 */
#include <stdlib.h>
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/slab.h>
#include "kernel/irq/internals.h"

void *irq_kzalloc(size_t size)
{
	if (should_fail(FAIL_SLAB))
		return NULL;
	return calloc(1, size);
}

/**
 * early_irq_init() - the machine's (empty) descriptor table and domain list.
 * Return: 0, or -ENOMEM.
 */
int early_irq_init(void)
{
	struct mml_machine *m = current_machine();
	struct irq_state *is = calloc(1, sizeof(*is));

	if (!is)
		return -ENOMEM;
	INIT_LIST_HEAD(&is->domains);
	is->dynirq_lower_bound = 1;
	m->irq = is;
	return 0;
}

/* At shutdown: every domain, descriptor and action. */
void irq_exit_machine(void)
{
	struct irq_state *is = irq_state();
	unsigned int i;

	if (!is)
		return;
	irq_domain_free_all();
	for (i = 0; i < NR_IRQS; i++) {
		if (!is->desc[i])
			continue;
		irq_free_actions(is->desc[i]);
		free(is->desc[i]);
	}
	free(is);
	current_machine()->irq = NULL;
}

struct irq_desc *irq_to_desc(unsigned int irq)
{
	struct irq_state *is = irq_state();

	return is && irq < NR_IRQS ? is->desc[irq] : NULL;
}

struct irq_data *irq_get_irq_data(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc ? &desc->irq_data : NULL;
}

void irq_set_dynirq_lower_bound(unsigned int from)
{
	irq_state()->dynirq_lower_bound = from;
}

static bool range_free(struct irq_state *is, unsigned int from, unsigned int cnt)
{
	unsigned int i;

	for (i = from; i < from + cnt; i++)
		if (is->desc[i])
			return false;
	return true;
}

/**
 * irq_alloc_descs() - allocate @cnt consecutive descriptors, at @irq if
 * @irq >= 0, else at the first free range from @from (raised to the
 * dynamic lower bound when @irq < 0).
 * Return: the first number, -EEXIST (@irq taken), -EINVAL, or -ENOMEM.
 */
int irq_alloc_descs(int irq, unsigned int from, unsigned int cnt)
{
	struct irq_state *is = irq_state();
	unsigned int start, i;

	if (!cnt || cnt > NR_IRQS)
		return -EINVAL;
	if (irq >= 0) {
		if (from > (unsigned int)irq)
			return -EINVAL;
		start = (unsigned int)irq;
		if (start + cnt > NR_IRQS || !range_free(is, start, cnt))
			return -EEXIST;
	} else {
		from = max(from, is->dynirq_lower_bound);
		for (start = from; start + cnt <= NR_IRQS; start++)
			if (range_free(is, start, cnt))
				break;
		if (start + cnt > NR_IRQS)
			return -ENOMEM;
	}
	for (i = 0; i < cnt; i++) {
		struct irq_desc *desc = irq_kzalloc(sizeof(*desc));

		if (!desc) {
			irq_free_descs(start, i);
			return -ENOMEM;
		}
		desc->irq_data.irq = start + i;
		desc->irq_data.chip = &no_irq_chip;
		desc->irq_data.state = IRQD_IRQ_MASKED;
		desc->handle_irq = handle_bad_irq;
		desc->depth = 1;
		is->desc[start + i] = desc;
	}
	return (int)start;
}

void irq_free_descs(unsigned int irq, unsigned int cnt)
{
	struct irq_state *is = irq_state();
	unsigned int i;

	for (i = irq; i < irq + cnt && i < NR_IRQS; i++) {
		if (!is->desc[i])
			continue;
		irq_free_actions(is->desc[i]);
		free(is->desc[i]);
		is->desc[i] = NULL;
	}
}

/**
 * generic_handle_irq() - run IRQ @irq's flow handler (from an interrupt
 * controller's entry code).
 * Return: 0, or -EINVAL if @irq has no descriptor.
 */
int generic_handle_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return -EINVAL;
	generic_handle_irq_desc(desc);
	return 0;
}

/**
 * generic_handle_domain_irq() - the same for hardware number @hwirq of
 * @domain (a chained controller's handler, a GIC's entry).
 * Return: 0, or -EINVAL if @hwirq is not mapped.
 */
int generic_handle_domain_irq(struct irq_domain *domain, irq_hw_number_t hwirq)
{
	unsigned int virq = irq_find_mapping(domain, hwirq);

	return virq ? generic_handle_irq(virq) : -EINVAL;
}

/**
 * irq_audit() - the descriptors agree with the domains that map them and
 * with their handlers: each mapped descriptor is found again through its
 * domain, each action names its own IRQ, the masked state follows
 * the handlers (a started IRQ has one).
 * Return: 0, or -EUCLEAN with a message in @msg.
 */
int irq_audit(char *msg, size_t n)
{
	struct irq_state *is = irq_state();
	unsigned int i;

	if (!is)
		return 0;
	for (i = 0; i < NR_IRQS; i++) {
		struct irq_desc *desc = is->desc[i];
		struct irqaction *a;

		if (!desc)
			continue;
		if (desc->irq_data.irq != i) {
			snprintf(msg, n, "irq %u: descriptor says irq %u", i, desc->irq_data.irq);
			return -EUCLEAN;
		}
		if (desc->irq_data.domain &&
		    irq_find_mapping(desc->irq_data.domain, desc->irq_data.hwirq) != i) {
			snprintf(msg, n, "irq %u: domain %s does not map hwirq %lu back to it",
				 i, desc->irq_data.domain->name, desc->irq_data.hwirq);
			return -EUCLEAN;
		}
		for (a = desc->action; a; a = a->next) {
			if (a->irq != i) {
				snprintf(msg, n, "irq %u: action %s belongs to irq %u",
					 i, a->name, a->irq);
				return -EUCLEAN;
			}
		}
		if (!desc->action && (desc->irq_data.state & IRQD_IRQ_STARTED)) {
			snprintf(msg, n, "irq %u: started with no handler", i);
			return -EUCLEAN;
		}
	}
	return irq_domain_audit(msg, n);
}
