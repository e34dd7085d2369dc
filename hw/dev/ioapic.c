// SPDX-License-Identifier: MIT
/*
 * An I/O APIC: IOAPIC_NR_PINS input lines, each turned into a vector for
 * the CPU by its redirection entry.
 *
 * Registers, reached indirectly as on the 82093AA: write the register
 * number to IOREGSEL (offset 0x00), then read or write IOWIN (0x10).
 *   0x00        ID    bits 27:24
 *   0x01        VER   bits 23:16 the highest entry (23), 7:0 version 0x20
 *   0x10 + 2n   redirection entry n, low half: vector 7:0, remote IRR 14,
 *               level trigger 15, mask 16
 *   0x11 + 2n   high half (destination; kept, one CPU here)
 * Every entry starts masked.  An edge that arrives on a masked pin is
 * remembered and delivered when the pin is unmasked (a real I/O APIC may
 * drop it; Linux resends such edges itself).  A level pin that fired sets
 * remote IRR until ioapic_eoi() and fires again if still asserted.
 */
#include <stdlib.h>
#include "hw/hw.h"

#define IOAPIC_VERSION	0x20u

struct ioapic {
	struct hw_device dev;
	struct hw_machine *hw;
	u32 sel;
	u32 id;
	u32 rte_lo[IOAPIC_NR_PINS];
	u32 rte_hi[IOAPIC_NR_PINS];
	u32 line;		/* lines asserted now */
	u32 edge_pending;	/* edges seen on masked pins */
};

static struct ioapic *to_ioapic(struct hw_device *dev)
{
	return dev->priv;
}

/* Fire pin @pin if its entry lets it. */
static void ioapic_service(struct ioapic *io, unsigned int pin)
{
	u32 rte = io->rte_lo[pin];

	if (rte & IOAPIC_RTE_MASKED)
		return;
	if (rte & IOAPIC_RTE_LEVEL) {
		if (!(io->line & (1u << pin)) || (rte & IOAPIC_RTE_REMOTE_IRR))
			return;
		io->rte_lo[pin] |= IOAPIC_RTE_REMOTE_IRR;
	} else {
		if (!(io->edge_pending & (1u << pin)))
			return;
		io->edge_pending &= ~(1u << pin);
	}
	hw_cpu_interrupt(io->hw, rte & IOAPIC_RTE_VECTOR);
}

static void ioapic_set_irq(struct hw_device *dev, unsigned int pin, bool level)
{
	struct ioapic *io = to_ioapic(dev);
	bool was = io->line & (1u << pin);

	if (pin >= IOAPIC_NR_PINS)
		return;
	if (level)
		io->line |= 1u << pin;
	else
		io->line &= ~(1u << pin);
	if (level && !was && !(io->rte_lo[pin] & IOAPIC_RTE_LEVEL))
		io->edge_pending |= 1u << pin;
	if (level)
		ioapic_service(io, pin);
}

void ioapic_eoi(struct hw_device *dev, unsigned int vector)
{
	struct ioapic *io = to_ioapic(dev);
	unsigned int pin;

	for (pin = 0; pin < IOAPIC_NR_PINS; pin++) {
		if ((io->rte_lo[pin] & IOAPIC_RTE_VECTOR) != vector ||
		    !(io->rte_lo[pin] & IOAPIC_RTE_REMOTE_IRR))
			continue;
		io->rte_lo[pin] &= ~IOAPIC_RTE_REMOTE_IRR;
		ioapic_service(io, pin);
	}
}

static u32 ioapic_reg_read(struct ioapic *io)
{
	u32 reg = io->sel & 0xff;

	if (reg == IOAPIC_REG_ID)
		return io->id << 24;
	if (reg == IOAPIC_REG_VER)
		return (u32)(IOAPIC_NR_PINS - 1) << 16 | IOAPIC_VERSION;
	if (reg >= IOAPIC_REG_TABLE && reg < IOAPIC_REG_TABLE + 2 * IOAPIC_NR_PINS) {
		unsigned int pin = (reg - IOAPIC_REG_TABLE) / 2;

		return (reg & 1) ? io->rte_hi[pin] : io->rte_lo[pin];
	}
	return 0;
}

static void ioapic_reg_write(struct ioapic *io, u32 v)
{
	u32 reg = io->sel & 0xff;
	unsigned int pin;

	if (reg == IOAPIC_REG_ID) {
		io->id = (v >> 24) & 0xf;
		return;
	}
	if (reg < IOAPIC_REG_TABLE || reg >= IOAPIC_REG_TABLE + 2 * IOAPIC_NR_PINS)
		return;
	pin = (reg - IOAPIC_REG_TABLE) / 2;
	if (reg & 1) {
		io->rte_hi[pin] = v;
		return;
	}
	/* Remote IRR is read-only. */
	io->rte_lo[pin] = (v & ~IOAPIC_RTE_REMOTE_IRR) |
			  (io->rte_lo[pin] & IOAPIC_RTE_REMOTE_IRR);
	if (!(v & IOAPIC_RTE_LEVEL))
		io->rte_lo[pin] &= ~IOAPIC_RTE_REMOTE_IRR;
	ioapic_service(io, pin);
}

/* 32-bit accesses to IOREGSEL and IOWIN; anything else reads 0. */
static u64 ioapic_read(struct hw_device *dev, u64 off, unsigned int width)
{
	struct ioapic *io = to_ioapic(dev);

	if (width != 4)
		return 0;
	if (off == IOAPIC_REG_SEL)
		return io->sel;
	if (off == IOAPIC_REG_WIN)
		return ioapic_reg_read(io);
	return 0;
}

static void ioapic_write(struct hw_device *dev, u64 off, unsigned int width,
			 u64 val)
{
	struct ioapic *io = to_ioapic(dev);

	if (width != 4)
		return;
	if (off == IOAPIC_REG_SEL)
		io->sel = (u32)val;
	else if (off == IOAPIC_REG_WIN)
		ioapic_reg_write(io, (u32)val);
}

static void ioapic_release(struct hw_device *dev)
{
	free(to_ioapic(dev));
}

static const struct hw_dev_ops ioapic_ops = {
	.read = ioapic_read,
	.write = ioapic_write,
	.release = ioapic_release,
};

static const struct hw_irq_ops ioapic_irq_ops = {
	.set_irq = ioapic_set_irq,
};

/**
 * ioapic_create() - an I/O APIC with every pin masked, made the machine's
 * interrupt controller (devices' hw_set_irq() reach it).
 *
 * The caller maps its window and hands it to hw_add_device().
 * Return: the device, or NULL when out of memory.
 */
struct hw_device *ioapic_create(struct hw_machine *hw)
{
	struct ioapic *io = calloc(1, sizeof(*io));
	unsigned int pin;

	if (!io)
		return NULL;
	io->dev.name = "ioapic";
	io->dev.ops = &ioapic_ops;
	io->dev.priv = io;
	io->hw = hw;
	for (pin = 0; pin < IOAPIC_NR_PINS; pin++)
		io->rte_lo[pin] = IOAPIC_RTE_MASKED;
	hw->intc = &io->dev;
	hw->intc_ops = &ioapic_irq_ops;
	hw->intc_lines = IOAPIC_NR_PINS;
	return &io->dev;
}
