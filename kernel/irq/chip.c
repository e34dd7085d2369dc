// SPDX-License-Identifier: MIT
/*
 * Chips and flow handlers (Linux's kernel/irq/chip.c, handle.c): what
 * happens between the controller's entry and the driver's handler for an
 * edge, a level, or a fasteoi interrupt.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include "kernel/irq/internals.h"

/* A descriptor with no chip yet: requests are refused, like IRQ_NOREQUEST. */
struct irq_chip no_irq_chip = { .name = "none" };
/* A chip with nothing to program (software interrupts, tests). */
struct irq_chip dummy_irq_chip = { .name = "dummy" };

void irq_set_chip_and_handler_name(unsigned int irq, struct irq_chip *chip,
				   irq_flow_handler_t handle, const char *name)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return;
	desc->irq_data.chip = chip ? chip : &no_irq_chip;
	desc->handle_irq = handle ? handle : handle_bad_irq;
	desc->name = name;
}

int irq_set_chip_data(unsigned int irq, void *data)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return -EINVAL;
	desc->irq_data.chip_data = data;
	return 0;
}

int irq_set_irq_type(unsigned int irq, unsigned int type)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irq_chip *chip;

	if (!desc)
		return -EINVAL;
	chip = desc->irq_data.chip;
	if (type & IRQ_TYPE_LEVEL_MASK)
		desc->irq_data.state |= IRQD_LEVEL;
	else
		desc->irq_data.state &= ~IRQD_LEVEL;
	return chip->irq_set_type ? chip->irq_set_type(&desc->irq_data, type) : 0;
}

static void mask_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	if (chip->irq_mask)
		chip->irq_mask(&desc->irq_data);
	desc->irq_data.state |= IRQD_IRQ_MASKED;
}

static void unmask_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	desc->irq_data.state &= ~IRQD_IRQ_MASKED;
	if (chip->irq_unmask)
		chip->irq_unmask(&desc->irq_data);
}

/* The first handler arrived: start the line (unmask it). */
void irq_startup(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	desc->depth = 0;
	desc->irq_data.state |= IRQD_IRQ_STARTED;
	if (chip->irq_startup)
		chip->irq_startup(&desc->irq_data);
	unmask_irq(desc);
}

/* The last handler went: mask the line. */
void irq_shutdown(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	desc->depth = 1;
	desc->irq_data.state &= ~IRQD_IRQ_STARTED;
	if (chip->irq_shutdown)
		chip->irq_shutdown(&desc->irq_data);
	mask_irq(desc);
}

/* Every handler of @desc in turn; IRQ_NONE from all of them is counted. */
irqreturn_t handle_irq_event(struct irq_desc *desc)
{
	irqreturn_t ret = IRQ_NONE;
	struct irqaction *a;

	for (a = desc->action; a; a = a->next)
		ret |= a->handler((int)desc->irq_data.irq, a->dev_id);
	if (ret == IRQ_NONE)
		desc->irqs_unhandled++;
	return ret;
}

void handle_edge_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	desc->kstat_irqs++;
	if (chip->irq_ack)
		chip->irq_ack(&desc->irq_data);
	if (!desc->action || (desc->irq_data.state & IRQD_IRQ_MASKED)) {
		mask_irq(desc);
		return;
	}
	handle_irq_event(desc);
}

void handle_level_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	mask_irq(desc);
	if (chip->irq_ack)
		chip->irq_ack(&desc->irq_data);
	desc->kstat_irqs++;
	if (!desc->action)
		return;
	handle_irq_event(desc);
	if (!desc->depth)
		unmask_irq(desc);
}

void handle_fasteoi_irq(struct irq_desc *desc)
{
	struct irq_chip *chip = desc->irq_data.chip;

	desc->kstat_irqs++;
	if (desc->action && !(desc->irq_data.state & IRQD_IRQ_MASKED))
		handle_irq_event(desc);
	if (chip->irq_eoi)
		chip->irq_eoi(&desc->irq_data);
}

void handle_simple_irq(struct irq_desc *desc)
{
	desc->kstat_irqs++;
	if (desc->action)
		handle_irq_event(desc);
}

/* An interrupt nobody set a flow handler for. */
void handle_bad_irq(struct irq_desc *desc)
{
	desc->kstat_irqs++;
	/* Linux prints the descriptor's (hashed) address too. */
	pr_crit("irq %u, depth: %u, count: %u, unhandled: %u\n",
		desc->irq_data.irq, desc->depth, desc->kstat_irqs,
		desc->irqs_unhandled);
}
