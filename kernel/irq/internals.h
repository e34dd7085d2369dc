/* SPDX-License-Identifier: MIT */
/* What kernel/irq/ shares between its files (Linux's kernel/irq/internals.h). */
#ifndef _KERNEL_IRQ_INTERNALS_H
#define _KERNEL_IRQ_INTERNALS_H

#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/interrupt.h>
#include <linux/machine.h>

/* Per machine: the descriptors and the domains (Linux: sparse_irqs, irq_domain_list). */
struct irq_state {
	struct irq_desc *desc[NR_IRQS];
	struct list_head domains;
	unsigned int dynirq_lower_bound;
	unsigned int unknown_domains;	/* names "unknown-N" */
};

static inline struct irq_state *irq_state(void)
{
	return current_machine()->irq;
}

/* A tree reverse-map entry. */
struct irq_revmap_node {
	struct rb_node rb;
	irq_hw_number_t hwirq;
	unsigned int virq;
};

/* Host memory for the IRQ layer's objects, failing under fault injection. */
void *irq_kzalloc(size_t size);

void irq_startup(struct irq_desc *desc);
void irq_shutdown(struct irq_desc *desc);
irqreturn_t handle_irq_event(struct irq_desc *desc);
void irq_free_actions(struct irq_desc *desc);
void irq_domain_free_all(void);
int irq_domain_audit(char *msg, size_t n);

#endif
