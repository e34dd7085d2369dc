/* SPDX-License-Identifier: MIT */
/* request_irq() and the driver's side of interrupts (include/linux/interrupt.h). */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/types.h>

enum irqreturn {
	IRQ_NONE		= 0,
	IRQ_HANDLED		= 1 << 0,
	IRQ_WAKE_THREAD		= 1 << 1,
};
typedef enum irqreturn irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

/* Linux's values. */
#define IRQF_TRIGGER_RISING	0x00000001u
#define IRQF_TRIGGER_FALLING	0x00000002u
#define IRQF_TRIGGER_HIGH	0x00000004u
#define IRQF_TRIGGER_LOW	0x00000008u
#define IRQF_TRIGGER_MASK	0x0000000fu
#define IRQF_SHARED		0x00000080u
#define IRQF_NO_AUTOEN		0x00080000u

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	struct irqaction *next;
	unsigned int irq;
	unsigned int flags;
	const char *name;
};

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev);
const void *free_irq(unsigned int irq, void *dev_id);
void disable_irq(unsigned int irq);
void enable_irq(unsigned int irq);
/* drivers/base/devres.c: freed when @dev's driver unbinds. */
struct device;
int devm_request_irq(struct device *dev, unsigned int irq, irq_handler_t handler,
		     unsigned long irqflags, const char *devname, void *dev_id);
void devm_free_irq(struct device *dev, unsigned int irq, void *dev_id);

/* The CPU's interrupt flag: cli/sti. */
void local_irq_disable(void);
void local_irq_enable(void);

#endif
