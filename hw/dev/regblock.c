// SPDX-License-Identifier: MIT
/*
 * A register block: the simplest MMIO device a driver can probe.
 *
 * MMIO window (REGBLOCK_MMIO_BASE, 4 KiB), 32-bit registers:
 *   0x00 ID       RO  REGBLOCK_ID ("MMLB")
 *   0x04 VERSION  RO  0x00010000 (1.0)
 *   0x08 SCRATCH  RW
 *   0x0c COUNTER  RO  free-running: a read returns the value, then, while
 *                     CONTROL.RUN is set, the counter advances by one
 *   0x10 CONTROL  RW  bit 0 RUN; bit 1 RESET (write 1: counter to 0,
 *                     always reads back 0); other bits are kept as written
 * Any width (1, 2, 4, 8) at any offset: each byte lane reaches its
 * register's byte, and an access touching a register counts as one access
 * to it (an 8-byte read over COUNTER advances it once).  Other offsets
 * read 0 and ignore writes.
 *
 * I/O ports REGBLOCK_PORT_BASE..REGBLOCK_PORT_END (16 ports, 4 registers
 * of 4 bytes each), chosen so that a port-only driver can run the counter:
 *   +0x0 ID   +0x4 SCRATCH   +0x8 COUNTER   +0xc CONTROL
 * VERSION is MMIO-only.
 */
#include <stdlib.h>
#include "hw/hw.h"

#define REGBLOCK_VERSION	0x00010000u
#define REGBLOCK_NR_REGS	5
#define REG_NONE		(~0u)

struct regblock {
	struct hw_device dev;
	u32 scratch;
	u32 counter;
	u32 control;
};

static struct regblock *to_regblock(struct hw_device *dev)
{
	return dev->priv;
}

/* The MMIO offset of the register at 4-byte slot @slot, or REG_NONE. */
static unsigned int reg_at(u64 slot, bool port)
{
	static const unsigned int port_map[] = {
		REGBLOCK_REG_ID, REGBLOCK_REG_SCRATCH,
		REGBLOCK_REG_COUNTER, REGBLOCK_REG_CONTROL,
	};

	if (port)
		return slot < 4 ? port_map[slot] : REG_NONE;
	return slot < REGBLOCK_NR_REGS ? (unsigned int)slot * 4 : REG_NONE;
}

/* Register value; @consume: this is a real read (the counter advances). */
static u32 reg_read(struct regblock *rb, unsigned int reg, bool consume)
{
	u32 v;

	switch (reg) {
	case REGBLOCK_REG_ID:
		return REGBLOCK_ID;
	case REGBLOCK_REG_VERSION:
		return REGBLOCK_VERSION;
	case REGBLOCK_REG_SCRATCH:
		return rb->scratch;
	case REGBLOCK_REG_COUNTER:
		v = rb->counter;
		if (consume && (rb->control & REGBLOCK_CTRL_RUN))
			rb->counter++;
		return v;
	case REGBLOCK_REG_CONTROL:
		return rb->control;
	default:
		return 0;
	}
}

static void reg_write(struct regblock *rb, unsigned int reg, u32 v)
{
	switch (reg) {
	case REGBLOCK_REG_SCRATCH:
		rb->scratch = v;
		break;
	case REGBLOCK_REG_CONTROL:
		if (v & REGBLOCK_CTRL_RESET)
			rb->counter = 0;
		rb->control = v & ~REGBLOCK_CTRL_RESET;
		break;
	default:
		break;	/* ID, VERSION, COUNTER are read-only */
	}
}

/*
 * Visit each register the access [@off, @off + @width) touches, once.
 * @val holds the access's bytes (lane 0 = lowest address).
 */
static void regblock_access(struct regblock *rb, u64 off, unsigned int width,
			    u64 *val, bool write)
{
	bool port = off & HW_PORT_ACCESS;
	u64 a = off & ~HW_PORT_ACCESS, end = a + width, slot;

	for (slot = a / 4; slot * 4 < end; slot++) {
		unsigned int reg = reg_at(slot, port);
		u32 v = reg == REG_NONE ? 0 : reg_read(rb, reg, !write);
		u64 b;

		for (b = slot * 4; b < slot * 4 + 4; b++) {
			unsigned int lane = (unsigned int)(b - a) * 8;
			unsigned int sh = (unsigned int)(b & 3) * 8;

			if (b < a || b >= end)
				continue;
			if (write)
				v = (v & ~(0xffu << sh)) |
				    (u32)((*val >> lane) & 0xff) << sh;
			else
				*val |= (u64)((v >> sh) & 0xff) << lane;
		}
		if (write && reg != REG_NONE)
			reg_write(rb, reg, v);
	}
}

static u64 regblock_read(struct hw_device *dev, u64 off, unsigned int width)
{
	u64 v = 0;

	if (width > 8)
		return 0;
	regblock_access(to_regblock(dev), off, width, &v, /* write = */ false);
	return v;
}

static void regblock_write(struct hw_device *dev, u64 off, unsigned int width,
			   u64 val)
{
	if (width > 8)
		return;
	regblock_access(to_regblock(dev), off, width, &val, /* write = */ true);
}

static void regblock_release(struct hw_device *dev)
{
	free(to_regblock(dev));
}

static const struct hw_dev_ops regblock_ops = {
	.read = regblock_read,
	.write = regblock_write,
	.release = regblock_release,
};

/**
 * regblock_create() - a new register block, counter stopped at 0.
 *
 * The caller registers it on the bus (MMIO window and port range) and
 * hands it to hw_add_device(), whose hw_exit() releases it.
 * Return: the device, or NULL when out of memory.
 */
struct hw_device *regblock_create(void)
{
	struct regblock *rb = calloc(1, sizeof(*rb));

	if (!rb)
		return NULL;
	rb->dev.name = "regblock";
	rb->dev.ops = &regblock_ops;
	rb->dev.priv = rb;
	return &rb->dev;
}
