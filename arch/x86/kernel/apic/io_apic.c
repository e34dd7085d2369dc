// SPDX-License-Identifier: MIT
/*
 * The I/O APIC's side of x86 interrupts: its irq_chip ("IO-APIC"), its
 * irq_domain (a linear map of its 24 pins, named IO-APIC-0 as Linux names
 * it), the vector each mapped IRQ gets, and common_interrupt(), the entry
 * the CPU takes for an external vector.
 *
 * Linux x86 stacks the I/O APIC's domain over the vector domain; mmlab
 * keeps one level and assigns vectors as the pin is mapped.  Dynamic IRQ
 * numbers start at gsi_top (24) as on x86, so pin 11 becomes IRQ 24 and
 * /proc/interrupts shows " 24: ... IO-APIC  11-edge  mmlab-dma".
 */
#include <linux/kernel.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/interrupt.h>
#include <linux/ioport.h>
#include <linux/printk.h>
#include <linux/trace.h>
#include <asm/io_apic.h>

static struct fwnode_handle ioapic_fwnode = { .name = "IO-APIC-0" };

/*
 * Linux reaches the I/O APIC through a fixmap slot (FIX_IO_APIC_BASE_0),
 * a fixed kernel mapping; mmlab has no fixmap and goes to the bus.
 */
static u32 io_apic_read(unsigned int reg)
{
	struct hw_machine *hw = &current_machine()->hw;
	u64 v;

	hw_phys_write(hw, IOAPIC_MMIO_BASE + IOAPIC_REG_SEL, 4, reg);
	hw_phys_read(hw, IOAPIC_MMIO_BASE + IOAPIC_REG_WIN, 4, &v);
	return (u32)v;
}

static void io_apic_write(unsigned int reg, u32 v)
{
	struct hw_machine *hw = &current_machine()->hw;

	hw_phys_write(hw, IOAPIC_MMIO_BASE + IOAPIC_REG_SEL, 4, reg);
	hw_phys_write(hw, IOAPIC_MMIO_BASE + IOAPIC_REG_WIN, 4, v);
}

static unsigned int pin_of(struct irq_data *d)
{
	return (unsigned int)d->hwirq;
}

static void rte_update(struct irq_data *d, u32 clear, u32 set)
{
	unsigned int reg = IOAPIC_REG_TABLE + 2 * pin_of(d);

	io_apic_write(reg, (io_apic_read(reg) & ~clear) | set);
}

static void mask_ioapic_irq(struct irq_data *d)
{
	rte_update(d, 0, IOAPIC_RTE_MASKED);
}

static void unmask_ioapic_irq(struct irq_data *d)
{
	rte_update(d, IOAPIC_RTE_MASKED, 0);
}

/* The local APIC's EOI, broadcast to the I/O APIC for level pins. */
static void ioapic_ack_level(struct irq_data *d)
{
	u32 rte = io_apic_read(IOAPIC_REG_TABLE + 2 * pin_of(d));

	ioapic_eoi(current_machine()->ioapic, rte & IOAPIC_RTE_VECTOR);
}

static int ioapic_set_type(struct irq_data *d, unsigned int type)
{
	struct irq_desc *desc = irq_to_desc(d->irq);
	bool level = type & IRQ_TYPE_LEVEL_MASK;

	rte_update(d, IOAPIC_RTE_LEVEL, level ? IOAPIC_RTE_LEVEL : 0);
	desc->handle_irq = level ? handle_fasteoi_irq : handle_edge_irq;
	desc->name = level ? "fasteoi" : "edge";
	return 0;
}

static struct irq_chip ioapic_chip = {
	.name = "IO-APIC",
	.irq_mask = mask_ioapic_irq,
	.irq_unmask = unmask_ioapic_irq,
	.irq_eoi = ioapic_ack_level,
	.irq_set_type = ioapic_set_type,
};

static int assign_vector(struct irq_desc *desc)
{
	struct arch_machine_state *as = &current_machine()->arch_state;
	unsigned int v;

	for (v = FIRST_EXTERNAL_VECTOR + 1; v < NR_VECTORS; v++) {
		if (!as->vector_irq[v]) {
			as->vector_irq[v] = desc;
			return (int)v;
		}
	}
	return -ENOSPC;
}

static int mp_irqdomain_map(struct irq_domain *d, unsigned int virq,
			    irq_hw_number_t hwirq)
{
	struct irq_desc *desc = irq_to_desc(virq);
	int vector = assign_vector(desc);

	if (vector < 0) {
		pr_err("IOAPIC[0]: no vector left for pin %lu\n", hwirq);
		return vector;
	}
	irq_set_chip_and_handler_name(virq, &ioapic_chip, handle_edge_irq, "edge");
	io_apic_write(IOAPIC_REG_TABLE + 2 * (unsigned int)hwirq + 1, 0);
	io_apic_write(IOAPIC_REG_TABLE + 2 * (unsigned int)hwirq,
		      IOAPIC_RTE_MASKED | (u32)vector);
	return 0;
}

static void mp_irqdomain_unmap(struct irq_domain *d, unsigned int virq)
{
	struct arch_machine_state *as = &current_machine()->arch_state;
	struct irq_desc *desc = irq_to_desc(virq);
	unsigned int v;

	io_apic_write(IOAPIC_REG_TABLE + 2 * (unsigned int)desc->irq_data.hwirq,
		      IOAPIC_RTE_MASKED);
	for (v = 0; v < NR_VECTORS; v++)
		if (as->vector_irq[v] == desc)
			as->vector_irq[v] = NULL;
}

static const struct irq_domain_ops mp_ioapic_irqdomain_ops = {
	.map = mp_irqdomain_map,
	.unmap = mp_irqdomain_unmap,
	.xlate = irq_domain_xlate_twocell,
};

/* The CPU's entry for an external interrupt (the IDT's gate for @vector). */
static void common_interrupt(struct hw_machine *hw, unsigned int vector)
{
	struct irq_desc *desc = current_machine()->arch_state.vector_irq[vector];

	trace_m("common_interrupt: vector %#x irq %d\n", vector,
		desc ? (int)desc->irq_data.irq : -1);
	if (!desc) {
		pr_emerg("__common_interrupt: 0.%u No irq handler for vector\n", vector);
		return;
	}
	generic_handle_irq_desc(desc);
}

int acpi_register_gsi(u32 gsi, unsigned int trigger)
{
	return mp_map_gsi_to_irq(gsi, trigger);
}

void acpi_unregister_gsi(u32 gsi)
{
	struct irq_domain *d = current_machine()->arch_state.ioapic_domain;
	unsigned int virq = irq_find_mapping(d, gsi);

	if (virq)
		irq_dispose_mapping(virq);
}

int mp_map_gsi_to_irq(u32 gsi, unsigned int type)
{
	struct irq_domain *d = current_machine()->arch_state.ioapic_domain;
	unsigned int virq;

	if (!d || gsi >= IOAPIC_NR_PINS)
		return -EINVAL;
	virq = irq_create_mapping(d, gsi);
	if (!virq)
		return -ENOSPC;
	irq_set_irq_type(virq, type);
	return (int)virq;
}

/**
 * setup_IO_APIC() - claim the I/O APIC's registers, make its domain,
 * install the interrupt entry and enable interrupts (sti).
 * Return: 0, or -ENOMEM.
 */
int setup_IO_APIC(void)
{
	struct mml_machine *m = current_machine();
	struct arch_machine_state *as = &m->arch_state;
	u32 ver;

	__request_region(&m->iomem_resource, IOAPIC_MMIO_BASE, IOAPIC_MMIO_SIZE,
			 "IOAPIC 0", IORESOURCE_MEM);
	ver = io_apic_read(IOAPIC_REG_VER);
	pr_info("IOAPIC[0]: apic_id 0, version %u, address 0x%llx, GSI 0-%u\n",
		ver & 0xff, IOAPIC_MMIO_BASE, (ver >> 16) & 0xff);
	as->ioapic_domain = irq_domain_create_linear(&ioapic_fwnode,
						     ((ver >> 16) & 0xff) + 1,
						     &mp_ioapic_irqdomain_ops, NULL);
	if (!as->ioapic_domain)
		return -ENOMEM;
	irq_set_dynirq_lower_bound(((ver >> 16) & 0xff) + 1);	/* gsi_top */
	m->hw.cpu.intr_entry = common_interrupt;
	local_irq_enable();
	return 0;
}
