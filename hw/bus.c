// SPDX-License-Identifier: MIT
/*
 * RAM and the physical bus.  RAM for the whole physical span is one host
 * mapping made with MAP_NORESERVE, so a frame costs host memory only once
 * it is touched, and a physical address becomes a host pointer with one
 * addition.  Which ranges are RAM, ROM or a device is the region table.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kernel.h>
#include "hw/hw.h"

/**
 * hw_init() - build the machine's RAM and CPU: @mmu is its architecture's
 * MMU (struct arch_desc.mmu), which every translation goes through.
 *
 * Return: 0, -ENOMEM, or hw_tlb_init()'s -EINVAL for a bad geometry.
 */
int hw_init(struct hw_machine *hw, const struct hw_mmu_ops *mmu,
	    u64 ram_span, u64 ram_size, unsigned int tlb_sets,
	    unsigned int tlb_ways)
{
	void *p;
	int err;

	memset(hw, 0, sizeof(*hw));
	p = mmap(NULL, ram_span, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	hw->mmu = mmu;
	hw->ram = p;
	hw->ram_span = ram_span;
	hw->ram_size = ram_size;
	hw->ram_anon = true;
	err = hw_tlb_init(&hw->cpu.tlb, tlb_sets, tlb_ways);
	if (err) {
		munmap(p, ram_span);
		hw->ram = NULL;
		return err;
	}
	return 0;
}

void hw_exit(struct hw_machine *hw)
{
	int i;

	for (i = 0; i < hw->bus.nr_devs; i++) {
		struct hw_device *dev = hw->bus.dev[i];

		if (dev->ops && dev->ops->release)
			dev->ops->release(dev);
		else
			free(dev);
	}
	hw->bus.nr_devs = 0;
	hw_tlb_free(&hw->cpu.tlb);
	if (hw->ram)
		munmap(hw->ram, hw->ram_span);
	hw->ram = NULL;
}

/**
 * hw_ram_clear() - zero RAM [@pa, @pa + @size).  While RAM is still the
 * private anonymous mapping hw_init() made, whole host pages are handed
 * back with MADV_DONTNEED, which reads back as zeros: clearing memory
 * nobody touched (boot's 64 MiB swiotlb pool on a large machine) then
 * costs no host memory.  The partial pages at either end, and RAM that a
 * snapshot recorded (whose restore must see every change: a page dropped
 * with MADV_DONTNEED is not a written page to its write tracking), are
 * written.
 */
void hw_ram_clear(struct hw_machine *hw, u64 pa, u64 size)
{
	uintptr_t host_page = (uintptr_t)sysconf(_SC_PAGESIZE);
	u8 *p = hw->ram + pa, *end = p + size;
	u8 *lo = (u8 *)(((uintptr_t)p + host_page - 1) & ~(host_page - 1));
	u8 *hi = (u8 *)((uintptr_t)end & ~(host_page - 1));

	if (!hw->ram_anon || hi <= lo ||
	    madvise(lo, (size_t)(hi - lo), MADV_DONTNEED)) {
		memset(p, 0, size);
		return;
	}
	memset(p, 0, (size_t)(lo - p));
	memset(hi, 0, (size_t)(end - hi));
}

/* Regions are kept sorted and disjoint. */
int hw_add_region(struct hw_machine *hw, u64 start, u64 end,
		  enum hw_region_kind kind, struct hw_device *dev,
		  const char *name)
{
	struct hw_bus *bus = &hw->bus;
	int i, pos;

	if (start >= end || bus->nr_regions == HW_MAX_REGIONS)
		return -EINVAL;
	if (kind != HW_REGION_MMIO && end > hw->ram_span)
		return -EINVAL;
	for (pos = 0; pos < bus->nr_regions; pos++) {
		const struct hw_region *r = &bus->region[pos];

		if (start < r->end && end > r->start)
			return -EBUSY;
		if (r->start >= end)
			break;
	}
	for (i = bus->nr_regions; i > pos; i--)
		bus->region[i] = bus->region[i - 1];
	bus->region[pos] = (struct hw_region){ start, end, kind, dev, name };
	bus->nr_regions++;
	bus->hint = 0;
	return 0;
}

int hw_add_ports(struct hw_machine *hw, u16 start, u16 end,
		 struct hw_device *dev)
{
	struct hw_bus *bus = &hw->bus;
	int i;

	if (start > end || bus->nr_ports == HW_MAX_PORTS)
		return -EINVAL;
	for (i = 0; i < bus->nr_ports; i++)
		if (start <= bus->port[i].end && end >= bus->port[i].start)
			return -EBUSY;
	bus->port[bus->nr_ports++] = (struct hw_port_range){ start, end, dev };
	return 0;
}

/* The bus owns @dev from now on and releases it in hw_exit(). */
int hw_add_device(struct hw_machine *hw, struct hw_device *dev)
{
	if (hw->bus.nr_devs == HW_MAX_DEVICES)
		return -ENOSPC;
	hw->bus.dev[hw->bus.nr_devs++] = dev;
	return 0;
}

/*
 * hw_find_region() (hw.h) when the hint missed: a binary search, which
 * moves the hint to the region found.  The hint is a cache, not state:
 * it is written through a cast, as no hw_machine is ever defined const.
 */
const struct hw_region *__hw_find_region(const struct hw_machine *hw, u64 pa)
{
	const struct hw_bus *bus = &hw->bus;
	int lo = 0, hi = bus->nr_regions - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		const struct hw_region *r = &bus->region[mid];

		if (pa < r->start) {
			hi = mid - 1;
		} else if (pa >= r->end) {
			lo = mid + 1;
		} else {
			((struct hw_bus *)bus)->hint = mid;
			return r;
		}
	}
	return NULL;
}

u8 *hw_phys_host(const struct hw_machine *hw, u64 pa)
{
	const struct hw_region *r = hw_find_region(hw, pa);

	if (!r || r->kind == HW_REGION_MMIO)
		return NULL;
	return hw->ram + pa;
}

int hw_phys_read(struct hw_machine *hw, u64 pa, unsigned int width, u64 *val)
{
	const struct hw_region *r = hw_find_region(hw, pa);
	u64 v = 0;

	if (!r || pa + width > r->end) {
		*val = width == 8 ? ~0ULL : (1ULL << (width * 8)) - 1;
		return -EIO;
	}
	if (r->kind == HW_REGION_MMIO) {
		*val = r->dev->ops->read(r->dev, pa - r->start, width);
		return 0;
	}
	memcpy(&v, hw->ram + pa, width);
	*val = v;
	return 0;
}

int hw_phys_write(struct hw_machine *hw, u64 pa, unsigned int width, u64 val)
{
	const struct hw_region *r = hw_find_region(hw, pa);

	if (!r || pa + width > r->end)
		return -EIO;
	switch (r->kind) {
	case HW_REGION_MMIO:
		r->dev->ops->write(r->dev, pa - r->start, width, val);
		break;
	case HW_REGION_RAM:
		memcpy(hw->ram + pa, &val, width);
		break;
	case HW_REGION_ROM:
		break;
	}
	return 0;
}

static const struct hw_port_range *find_port(const struct hw_machine *hw,
					     u16 port)
{
	int i;

	for (i = 0; i < hw->bus.nr_ports; i++)
		if (port >= hw->bus.port[i].start && port <= hw->bus.port[i].end)
			return &hw->bus.port[i];
	return NULL;
}

u32 hw_port_in(struct hw_machine *hw, u16 port, unsigned int width)
{
	const struct hw_port_range *p = find_port(hw, port);

	if (!p)
		return width == 4 ? ~0u : (1u << (width * 8)) - 1;
	return (u32)p->dev->ops->read(p->dev, (u64)(port - p->start) | HW_PORT_ACCESS,
				      width);
}

void hw_port_out(struct hw_machine *hw, u16 port, unsigned int width, u32 val)
{
	const struct hw_port_range *p = find_port(hw, port);

	if (p)
		p->dev->ops->write(p->dev, (u64)(port - p->start) | HW_PORT_ACCESS,
				   width, val);
}
