// SPDX-License-Identifier: MIT
/*
 * Interrupt delivery: from a device's line to the interrupt controller,
 * from the controller to the CPU as a vector, from the CPU into the
 * kernel through the entry it installed.
 *
 * The simulation runs one CPU and no clock, so a device that finishes
 * work raises its line at once, inside the MMIO write that started it;
 * the CPU takes the interrupt right there when its interrupt flag is set,
 * as it would at the next instruction boundary.  A vector raised while
 * the flag is clear, or while a handler runs, waits in @intr_pending and
 * is taken when the flag is set again or the handler returns.
 */
#include "hw/hw.h"

void hw_set_irq(struct hw_machine *hw, unsigned int line, bool level)
{
	if (hw->intc && hw->intc_ops && hw->intc_ops->set_irq)
		hw->intc_ops->set_irq(hw->intc, line, level);
}

static int first_pending(const struct hw_cpu *cpu)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (cpu->intr_pending[i])
			return (int)(i * 64 + (unsigned int)__builtin_ctzll(cpu->intr_pending[i]));
	return -1;
}

/* Take pending vectors while the CPU may, lowest first. */
static void deliver_pending(struct hw_machine *hw)
{
	struct hw_cpu *cpu = &hw->cpu;
	int v;

	while (cpu->intr_enabled && !cpu->in_intr && cpu->intr_entry &&
	       (v = first_pending(cpu)) >= 0) {
		cpu->intr_pending[v / 64] &= ~(1ULL << (v % 64));
		cpu->in_intr = true;
		/* The CPU clears IF on entry through an interrupt gate. */
		cpu->intr_enabled = false;
		cpu->intr_entry(hw, (unsigned int)v);
		cpu->intr_enabled = true;
		cpu->in_intr = false;
	}
}

void hw_cpu_interrupt(struct hw_machine *hw, unsigned int vector)
{
	vector &= 0xff;
	hw->cpu.intr_pending[vector / 64] |= 1ULL << (vector % 64);
	deliver_pending(hw);
}

void hw_cpu_set_intr(struct hw_machine *hw, bool on)
{
	hw->cpu.intr_enabled = on;
	deliver_pending(hw);
}
