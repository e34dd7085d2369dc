/* SPDX-License-Identifier: MIT */
/*
 * Interrupt descriptors and chips (Linux's include/linux/irq.h and
 * irqdesc.h): one struct irq_desc per Linux IRQ number (virq), carrying
 * the hardware number (hwirq) it came from, the chip that masks and
 * acknowledges it, the flow handler (edge, level, fasteoi) and the
 * driver's handlers (struct irqaction, <linux/interrupt.h>).
 *
 * Nothing here is x86: the I/O APIC's chip and vectors are arch/x86's,
 * an ARM GIC's will be arch/arm's, over the same descriptors and domains.
 */
#ifndef _LINUX_IRQ_H
#define _LINUX_IRQ_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/compiler.h>

struct irq_desc;
struct irq_domain;
struct irqaction;
struct seq_buf;

typedef unsigned long irq_hw_number_t;
typedef void (*irq_flow_handler_t)(struct irq_desc *desc);

/* irq_data state bits (mmlab keeps the ones it uses). */
#define IRQD_LEVEL		(1u << 0)	/* level-triggered */
#define IRQD_IRQ_MASKED		(1u << 1)
#define IRQD_IRQ_STARTED	(1u << 2)

struct irq_data {
	unsigned int irq;		/* the Linux IRQ number */
	irq_hw_number_t hwirq;		/* the number in its domain */
	unsigned int state;		/* IRQD_* */
	struct irq_chip *chip;
	struct irq_domain *domain;
	void *chip_data;
};

struct irq_chip {
	const char *name;		/* /proc/interrupts' controller column */
	void (*irq_startup)(struct irq_data *data);
	void (*irq_shutdown)(struct irq_data *data);
	void (*irq_mask)(struct irq_data *data);
	void (*irq_unmask)(struct irq_data *data);
	void (*irq_ack)(struct irq_data *data);
	void (*irq_eoi)(struct irq_data *data);
	int (*irq_set_type)(struct irq_data *data, unsigned int flow_type);
};

struct irq_desc {
	struct irq_data irq_data;
	irq_flow_handler_t handle_irq;
	struct irqaction *action;	/* the handlers, in request order */
	unsigned int kstat_irqs;	/* one CPU */
	unsigned int irqs_unhandled;	/* no handler said IRQ_HANDLED */
	unsigned int depth;		/* disable_irq() nesting */
	const char *name;		/* flow name: "edge", "fasteoi" ... */
};

/* IRQ_TYPE_* of irq_set_irq_type() (include/linux/irq.h). */
#define IRQ_TYPE_NONE		0x0u
#define IRQ_TYPE_EDGE_RISING	0x1u
#define IRQ_TYPE_EDGE_FALLING	0x2u
#define IRQ_TYPE_LEVEL_HIGH	0x4u
#define IRQ_TYPE_LEVEL_LOW	0x8u
#define IRQ_TYPE_LEVEL_MASK	(IRQ_TYPE_LEVEL_HIGH | IRQ_TYPE_LEVEL_LOW)

/* mmlab: the IRQ numbers a machine has (Linux sizes nr_irqs at boot). */
#define NR_IRQS			256
#define nr_irqs			NR_IRQS

/* kernel/irq/irqdesc.c */
struct irq_desc *irq_to_desc(unsigned int irq);
struct irq_data *irq_get_irq_data(unsigned int irq);
int irq_alloc_descs(int irq, unsigned int from, unsigned int cnt);
void irq_free_descs(unsigned int irq, unsigned int cnt);
static inline int irq_alloc_desc_from(unsigned int from)
{
	return irq_alloc_descs(-1, from, 1);
}
static inline void irq_free_desc(unsigned int irq)
{
	irq_free_descs(irq, 1);
}
/* mmlab: the lowest number dynamic allocation hands out (x86: gsi_top). */
void irq_set_dynirq_lower_bound(unsigned int from);
int generic_handle_irq(unsigned int irq);
int generic_handle_domain_irq(struct irq_domain *domain, irq_hw_number_t hwirq);
static inline void generic_handle_irq_desc(struct irq_desc *desc)
{
	desc->handle_irq(desc);
}
#define for_each_irq_desc(irq, desc)					\
	for (irq = 0; irq < NR_IRQS; irq++)				\
		if (!((desc) = irq_to_desc(irq))) {} else

/* kernel/irq/chip.c */
void irq_set_chip_and_handler_name(unsigned int irq, struct irq_chip *chip,
				   irq_flow_handler_t handle, const char *name);
static inline void irq_set_chip_and_handler(unsigned int irq,
					    struct irq_chip *chip,
					    irq_flow_handler_t handle)
{
	irq_set_chip_and_handler_name(irq, chip, handle, NULL);
}
int irq_set_chip_data(unsigned int irq, void *data);
static inline void *irq_data_get_irq_chip_data(struct irq_data *d)
{
	return d->chip_data;
}
int irq_set_irq_type(unsigned int irq, unsigned int type);
void handle_edge_irq(struct irq_desc *desc);
void handle_level_irq(struct irq_desc *desc);
void handle_fasteoi_irq(struct irq_desc *desc);
void handle_simple_irq(struct irq_desc *desc);
void handle_bad_irq(struct irq_desc *desc);
extern struct irq_chip no_irq_chip;
extern struct irq_chip dummy_irq_chip;

/*
 * The architecture's side (x86: arch/x86/kernel/apic/io_apic.c): the
 * Linux IRQ of its interrupt controller's input @gsi, mapped on first use
 * with trigger IRQ_TYPE_*, as the firmware tables describe a device's
 * line; -errno if there is no such input.  An ARM machine will map a
 * device-tree node's interrupt instead (irq_of_parse_and_map()).
 */
int acpi_register_gsi(u32 gsi, unsigned int trigger);
void acpi_unregister_gsi(u32 gsi);

/* kernel/irq/proc.c: /proc/interrupts and the domains' maps. */
void show_interrupts(struct seq_buf *s);
unsigned int irq_show_prec(unsigned int nr);
void irq_show_header(struct seq_buf *s, unsigned int prec, unsigned int ncpus);
void irq_show_line(struct seq_buf *s, unsigned int prec, unsigned int irq,
		   const unsigned int *counts, unsigned int ncpus,
		   const char *chip, long hwirq, const char *flow,
		   const char *actions);
void irq_domains_show(struct seq_buf *s);

/* kernel/irq/irqdesc.c: per machine. */
int early_irq_init(void);
void irq_exit_machine(void);
int irq_audit(char *msg, size_t n);

#endif
