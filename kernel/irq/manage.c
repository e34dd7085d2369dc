// SPDX-License-Identifier: MIT
/*
 * request_irq() and free_irq() (Linux's kernel/irq/manage.c): a driver's
 * handler joins an IRQ's action list; the first one starts the line, the
 * last one to go shuts it down.
 */
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include "kernel/irq/internals.h"

/* Can @new join @old's line?  Both must agree to share, on the same trigger. */
static bool can_share(const struct irqaction *old, const struct irqaction *new)
{
	return (old->flags & new->flags & IRQF_SHARED) &&
	       !((old->flags ^ new->flags) & IRQF_TRIGGER_MASK);
}

/**
 * request_irq() - add @handler for IRQ @irq, called with @dev.
 * @flags: IRQF_SHARED (then @dev must be unique and not NULL),
 * IRQF_TRIGGER_*, IRQF_NO_AUTOEN.
 *
 * Return: 0; -EINVAL (no such IRQ, no chip, no handler, shared without
 * @dev); -EBUSY (the line is taken and cannot be shared); -ENOMEM.
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction *new, **p;

	if ((flags & IRQF_SHARED) && !dev)
		return -EINVAL;
	if (!desc || desc->irq_data.chip == &no_irq_chip || !handler)
		return -EINVAL;
	new = irq_kzalloc(sizeof(*new));
	if (!new)
		return -ENOMEM;
	*new = (struct irqaction){ .handler = handler, .dev_id = dev, .irq = irq,
				   .flags = (unsigned int)flags, .name = name };
	if (desc->action && !can_share(desc->action, new)) {
		pr_err("genirq: Flags mismatch irq %u. %08x (%s) vs. %08x (%s)\n",
		       irq, new->flags, name, desc->action->flags, desc->action->name);
		free(new);
		return -EBUSY;
	}
	for (p = &desc->action; *p; p = &(*p)->next)
		;
	*p = new;
	if (new == desc->action) {
		if (flags & IRQF_TRIGGER_MASK)
			irq_set_irq_type(irq, (unsigned int)flags & IRQF_TRIGGER_MASK);
		if (!(flags & IRQF_NO_AUTOEN))
			irq_startup(desc);
	}
	return 0;
}

/**
 * free_irq() - remove the handler of IRQ @irq that was requested with
 * @dev_id.  Freeing one that is not there is the WARN Linux prints.
 * Return: the name it was requested with, or NULL.
 */
const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction **p, *a;
	const char *name;

	if (!desc)
		return NULL;
	for (p = &desc->action; (a = *p); p = &a->next)
		if (a->dev_id == dev_id)
			break;
	if (!a) {
		WARN(1, "Trying to free already-free IRQ %u\n", irq);
		return NULL;
	}
	*p = a->next;
	if (!desc->action)
		irq_shutdown(desc);
	name = a->name;
	free(a);
	return name;
}

/* The handlers of a descriptor that goes away (no shutdown: it is gone). */
void irq_free_actions(struct irq_desc *desc)
{
	while (desc->action) {
		struct irqaction *a = desc->action;

		desc->action = a->next;
		free(a);
	}
}

/** disable_irq() - mask IRQ @irq; nests with enable_irq(). */
void disable_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return;
	if (!desc->depth++) {
		struct irq_chip *chip = desc->irq_data.chip;

		if (chip->irq_mask)
			chip->irq_mask(&desc->irq_data);
		desc->irq_data.state |= IRQD_IRQ_MASKED;
	}
}

/** enable_irq() - undo one disable_irq(); unbalanced calls WARN as in Linux. */
void enable_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return;
	if (WARN(!desc->depth, "Unbalanced enable for IRQ %u\n", irq))
		return;
	if (!--desc->depth) {
		struct irq_chip *chip = desc->irq_data.chip;

		desc->irq_data.state &= ~IRQD_IRQ_MASKED;
		if (chip->irq_unmask)
			chip->irq_unmask(&desc->irq_data);
	}
}

void local_irq_disable(void)
{
	hw_cpu_set_intr(&current_machine()->hw, false);
}

void local_irq_enable(void)
{
	hw_cpu_set_intr(&current_machine()->hw, true);
}
