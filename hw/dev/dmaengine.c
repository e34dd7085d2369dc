// SPDX-License-Identifier: MIT
/*
 * A DMA engine: a bus master that copies bytes by bus address.
 *
 * It sits on the physical bus as a CPU does, but without an MMU: SRC and
 * DST are bus addresses (on this PC, physical addresses), so a transfer
 * reaches RAM and other devices' MMIO windows and nothing else.  An
 * address no region decodes stops the transfer with STATUS.ERROR and the
 * address in ERR_ADDR (the bytes before it have moved).
 *
 * The engine drives ADDR_BITS address lines (32 at reset; a lab writes
 * 24 to play an ISA-era device): the upper bits of an address it is given
 * are not driven, so an address above its reach lands on the aliased
 * lower one, as on real hardware.  Keeping buffers within reach is the
 * driver's job (the DMA mask, swiotlb).
 *
 * It owns DMAENGINE_BUF_SIZE bytes of device memory: CTRL.DIR TO_DEV
 * copies bus SRC to buffer offset DST, FROM_DEV buffer offset SRC to bus
 * DST, MEM_TO_MEM bus SRC to bus DST.  Writing CTRL with START runs the
 * transfer to the end at once (simulated time does not advance), sets
 * STATUS.DONE (and ERROR), and pulses its interrupt line if CTRL.IRQ_EN.
 * Registers are 64 bits wide; 4-byte accesses reach either half.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "hw/hw.h"

#define DMA_CHUNK	65536u

struct dmaengine {
	struct hw_device dev;
	struct hw_machine *hw;
	unsigned int irq_line;
	u64 addr_bits;
	u64 src, dst, len, ctrl, status, err_addr, bytes;
	u8 *buf;		/* device memory */
	u8 tmp[DMA_CHUNK];	/* the engine's FIFO, for MMIO on either side */
};

static u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

static struct dmaengine *to_dmaengine(struct hw_device *dev)
{
	return dev->priv;
}

static u64 bus_mask(const struct dmaengine *d)
{
	return d->addr_bits >= 64 ? ~0ULL : (1ULL << d->addr_bits) - 1;
}

/*
 * The region decoding [@pa, @pa + @n) from @pa on: how many bytes it
 * covers (0: nobody decodes @pa).
 */
static u64 decoded(struct dmaengine *d, u64 pa, u64 n,
		   const struct hw_region **rp)
{
	const struct hw_region *r = hw_find_region(d->hw, pa);

	*rp = r;
	if (!r)
		return 0;
	return min_u64(n, r->end - pa);
}

/* Bus read of @n bytes at @pa into @dst: 0, or -EIO at *@bad. */
static int bus_read(struct dmaengine *d, u64 pa, u8 *dst, u64 n, u64 *bad)
{
	while (n) {
		const struct hw_region *r;
		u64 c = decoded(d, pa, n, &r), i, v;

		if (!c) {
			*bad = pa;
			return -EIO;
		}
		if (r->kind != HW_REGION_MMIO) {
			memcpy(dst, d->hw->ram + pa, c);
		} else {
			for (i = 0; i < c; i++) {
				v = r->dev->ops->read(r->dev, pa + i - r->start, 1);
				dst[i] = (u8)v;
			}
		}
		pa += c;
		dst += c;
		n -= c;
	}
	return 0;
}

static int bus_write(struct dmaengine *d, u64 pa, const u8 *src, u64 n, u64 *bad)
{
	while (n) {
		const struct hw_region *r;
		u64 c = decoded(d, pa, n, &r), i;

		if (!c) {
			*bad = pa;
			return -EIO;
		}
		if (r->kind == HW_REGION_RAM)
			memmove(d->hw->ram + pa, src, c);
		else if (r->kind == HW_REGION_MMIO)
			for (i = 0; i < c; i++)
				r->dev->ops->write(r->dev, pa + i - r->start, 1, src[i]);
		pa += c;
		src += c;
		n -= c;
	}
	return 0;
}

/* RAM to RAM in one piece when both sides are plain RAM. */
static bool ram_span(struct dmaengine *d, u64 pa, u64 n)
{
	const struct hw_region *r;

	return decoded(d, pa, n, &r) == n && r->kind == HW_REGION_RAM;
}

static int mem_to_mem(struct dmaengine *d, u64 src, u64 dst, u64 n, u64 *bad)
{
	int err;

	if (ram_span(d, src, n) && ram_span(d, dst, n)) {
		memmove(d->hw->ram + dst, d->hw->ram + src, n);
		return 0;
	}
	while (n) {
		u64 c = min_u64(n, DMA_CHUNK);

		err = bus_read(d, src, d->tmp, c, bad);
		if (!err)
			err = bus_write(d, dst, d->tmp, c, bad);
		if (err)
			return err;
		src += c;
		dst += c;
		n -= c;
	}
	return 0;
}

/* A bus address the engine can form, with the wrap check. */
static bool bus_range_ok(struct dmaengine *d, u64 *pa, u64 n, u64 *bad)
{
	u64 a = *pa & bus_mask(d);

	if (a + n < a || (d->addr_bits < 64 && a + n > bus_mask(d) + 1)) {
		*bad = a;
		return false;
	}
	*pa = a;
	return true;
}

static bool buf_range_ok(u64 off, u64 n, u64 *bad)
{
	if (off > DMAENGINE_BUF_SIZE || n > DMAENGINE_BUF_SIZE - off) {
		*bad = off;
		return false;
	}
	return true;
}

static int dmaengine_run(struct dmaengine *d)
{
	u64 src = d->src, dst = d->dst, n = d->len, bad = 0;
	int err = -EIO;

	switch (d->ctrl & DMA_CTRL_DIR_MASK) {
	case DMA_CTRL_MEM_TO_MEM:
		if (bus_range_ok(d, &src, n, &bad) && bus_range_ok(d, &dst, n, &bad))
			err = mem_to_mem(d, src, dst, n, &bad);
		break;
	case DMA_CTRL_TO_DEV:
		if (bus_range_ok(d, &src, n, &bad) && buf_range_ok(dst, n, &bad))
			err = bus_read(d, src, d->buf + dst, n, &bad);
		break;
	case DMA_CTRL_FROM_DEV:
		if (buf_range_ok(src, n, &bad) && bus_range_ok(d, &dst, n, &bad))
			err = bus_write(d, dst, d->buf + src, n, &bad);
		break;
	default:
		break;		/* a reserved direction */
	}
	if (err)
		d->err_addr = bad;
	else
		d->bytes += n;
	return err;
}

static void dmaengine_start(struct dmaengine *d)
{
	int err;

	d->status = DMA_STATUS_BUSY;
	err = dmaengine_run(d);
	d->status = DMA_STATUS_DONE | (err ? DMA_STATUS_ERROR : 0);
	d->ctrl &= ~DMA_CTRL_START;
	if (d->ctrl & DMA_CTRL_IRQ_EN) {
		hw_set_irq(d->hw, d->irq_line, true);
		hw_set_irq(d->hw, d->irq_line, false);
	}
}

static u64 *reg_slot(struct dmaengine *d, u64 reg)
{
	switch (reg) {
	case DMA_REG_ADDR_BITS: return &d->addr_bits;
	case DMA_REG_SRC:	return &d->src;
	case DMA_REG_DST:	return &d->dst;
	case DMA_REG_LEN:	return &d->len;
	case DMA_REG_CTRL:	return &d->ctrl;
	case DMA_REG_STATUS:	return &d->status;
	case DMA_REG_ERR_ADDR:	return &d->err_addr;
	case DMA_REG_BYTES:	return &d->bytes;
	default:		return NULL;
	}
}

static u64 dmaengine_read(struct hw_device *dev, u64 off, unsigned int width)
{
	struct dmaengine *d = to_dmaengine(dev);
	u64 reg = off & ~7ULL, v, *p;

	if ((width != 4 && width != 8) || (off & (width - 1)))
		return 0;
	if (reg == DMA_REG_ID)
		v = DMAENGINE_ID;
	else if (reg == DMA_REG_BUF_SIZE)
		v = DMAENGINE_BUF_SIZE;
	else
		v = (p = reg_slot(d, reg)) ? *p : 0;
	return width == 8 ? v : (u32)(v >> ((off & 4) * 8));
}

static void dmaengine_write(struct hw_device *dev, u64 off, unsigned int width,
			    u64 val)
{
	struct dmaengine *d = to_dmaengine(dev);
	u64 reg = off & ~7ULL, *p = reg_slot(d, reg), v;

	if ((width != 4 && width != 8) || (off & (width - 1)) || !p ||
	    reg == DMA_REG_ERR_ADDR || reg == DMA_REG_BYTES)
		return;
	if (width == 8) {
		v = val;
	} else {
		unsigned int sh = (unsigned int)(off & 4) * 8;

		v = (*p & ~(0xffffffffULL << sh)) | ((val & 0xffffffffULL) << sh);
	}
	if (reg == DMA_REG_STATUS) {
		d->status &= ~(v & (DMA_STATUS_DONE | DMA_STATUS_ERROR));
		return;
	}
	if (reg == DMA_REG_ADDR_BITS)
		v = v < 12 ? 12 : v > 64 ? 64 : v;
	*p = v;
	if (reg == DMA_REG_CTRL && (v & DMA_CTRL_START))
		dmaengine_start(d);
}

static void dmaengine_release(struct hw_device *dev)
{
	struct dmaengine *d = to_dmaengine(dev);

	free(d->buf);
	free(d);
}

static const struct hw_dev_ops dmaengine_ops = {
	.read = dmaengine_read,
	.write = dmaengine_write,
	.release = dmaengine_release,
};

/**
 * dmaengine_create() - a DMA engine with 32 address lines, idle, whose
 * completion drives interrupt line @irq_line of the machine's controller.
 * Return: the device, or NULL when out of memory.
 */
struct hw_device *dmaengine_create(struct hw_machine *hw, unsigned int irq_line)
{
	struct dmaengine *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->buf = calloc(1, DMAENGINE_BUF_SIZE);
	if (!d->buf) {
		free(d);
		return NULL;
	}
	d->dev.name = "dmaengine";
	d->dev.ops = &dmaengine_ops;
	d->dev.priv = d;
	d->hw = hw;
	d->irq_line = irq_line;
	d->addr_bits = 32;
	return &d->dev;
}
