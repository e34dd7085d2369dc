// SPDX-License-Identifier: MIT
/*
 * The e820 map: what the firmware says is RAM and what is reserved.
 * mmlab plays the firmware too (e820__build_firmware_map() lays out a PC
 * the way QEMU does); the kernel side then edits the map as Linux does
 * (page 0 and the legacy ISA hole, then mem=), feeds memblock from it, and
 * turns it into the top level of /proc/iomem.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/printk.h>
#include <asm/e820.h>

const char *e820_type_to_string(enum e820_type type)
{
	switch (type) {
	case E820_TYPE_RAM:	return "System RAM";
	case E820_TYPE_ACPI:	return "ACPI Tables";
	case E820_TYPE_NVS:	return "ACPI Non-volatile Storage";
	case E820_TYPE_UNUSABLE: return "Unusable memory";
	default:		return "Reserved";
	}
}

static const char *e820_print_type(enum e820_type type)
{
	switch (type) {
	case E820_TYPE_RAM:	return "usable";
	case E820_TYPE_ACPI:	return "ACPI data";
	case E820_TYPE_NVS:	return "ACPI NVS";
	case E820_TYPE_UNUSABLE: return "unusable";
	default:		return "reserved";
	}
}

static void e820_add(struct e820_table *t, u64 addr, u64 size,
		     enum e820_type type)
{
	if (t->nr_entries < E820_MAX_ENTRIES && size)
		t->entries[t->nr_entries++] = (struct e820_entry){ addr, size, type };
}

/* Sort by address and merge touching entries of the same type. */
static void e820__update_table(struct e820_table *t)
{
	u32 i, j;

	for (i = 1; i < t->nr_entries; i++)
		for (j = i; j > 0 && t->entries[j].addr < t->entries[j - 1].addr; j--) {
			struct e820_entry tmp = t->entries[j];

			t->entries[j] = t->entries[j - 1];
			t->entries[j - 1] = tmp;
		}
	for (i = 0, j = 0; i < t->nr_entries; i++) {
		struct e820_entry *e = &t->entries[i];

		if (!e->size)
			continue;
		if (j && t->entries[j - 1].type == e->type &&
		    t->entries[j - 1].addr + t->entries[j - 1].size == e->addr) {
			t->entries[j - 1].size += e->size;
			continue;
		}
		t->entries[j++] = *e;
	}
	t->nr_entries = j;
}

/*
 * Give [start, start+size) of entries of @old_type the type @new_type, or
 * drop it (new_type 0).  Entries are split at the range's edges.
 */
static void e820_retype(struct e820_table *t, u64 start, u64 size,
			enum e820_type old_type, enum e820_type new_type)
{
	u64 end = size > ~0ULL - start ? ~0ULL : start + size;
	u32 i, n = t->nr_entries;

	for (i = 0; i < n; i++) {
		struct e820_entry *e = &t->entries[i];
		u64 es = e->addr, ee = e->addr + e->size;
		u64 s = max(es, start), x = min(ee, end);

		if (e->type != old_type || s >= x)
			continue;
		e->size = s - es;		/* the part below stays */
		if (new_type)
			e820_add(t, s, x - s, new_type);
		if (ee > x)
			e820_add(t, x, ee - x, old_type);
	}
	e820__update_table(t);
}

static void e820_print_map(const struct e820_table *t, const char *who)
{
	u32 i;

	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		pr_info("%s: [mem 0x%016llx-0x%016llx] %s\n", who,
			(unsigned long long)e->addr,
			(unsigned long long)(e->addr + e->size - 1),
			e820_print_type(e->type));
	}
}

/**
 * e820__build_firmware_map() - the map a PC's firmware would report for
 * @ram bytes: conventional memory up to the EBDA, the BIOS ROM, RAM from
 * 1 MiB up to the PCI hole (its last 128 KiB kept for firmware tables),
 * the firmware's flash below 4 GiB, and the rest of RAM above 4 GiB.
 */
void e820__build_firmware_map(u64 ram)
{
	struct mml_machine *m = current_machine();
	struct e820_table *t = &m->arch_state.e820_firmware;
	u64 low = min(ram, PCI_HOLE_START);

	memset(t, 0, sizeof(*t));
	e820_add(t, 0, BIOS_EBDA_START, E820_TYPE_RAM);
	e820_add(t, BIOS_EBDA_START, ISA_START_ADDRESS - BIOS_EBDA_START,
		 E820_TYPE_RESERVED);
	e820_add(t, BIOS_ROM_START, ISA_END_ADDRESS - BIOS_ROM_START,
		 E820_TYPE_RESERVED);
	e820_add(t, ISA_END_ADDRESS, low - LOWMEM_RESERVED_TAIL - ISA_END_ADDRESS,
		 E820_TYPE_RAM);
	e820_add(t, low - LOWMEM_RESERVED_TAIL, LOWMEM_RESERVED_TAIL,
		 E820_TYPE_RESERVED);
	e820_add(t, 0xfeffc000ULL, 0x4000, E820_TYPE_RESERVED);
	e820_add(t, 0xfffc0000ULL, 0x40000, E820_TYPE_RESERVED);
	if (ram > low)
		e820_add(t, SZ_4G, ram - low, E820_TYPE_RAM);
	e820__update_table(t);
}

static void e820__memblock_setup(void)
{
	struct mml_machine *m = current_machine();
	u32 i;

	for (i = 0; i < m->arch_state.e820.nr_entries; i++) {
		const struct e820_entry *e = &m->arch_state.e820.entries[i];

		if (e->type == E820_TYPE_RAM)
			memblock_add(e->addr, e->size);
	}
}

static void e820__reserve_resources(void)
{
	struct mml_machine *m = current_machine();
	u32 i;

	for (i = 0; i < m->arch_state.e820.nr_entries; i++) {
		const struct e820_entry *e = &m->arch_state.e820.entries[i];
		bool ram = e->type == E820_TYPE_RAM;

		__request_region(&m->iomem_resource, e->addr, e->size,
				 e820_type_to_string(e->type),
				 IORESOURCE_MEM | (ram ? IORESOURCE_SYSTEM_RAM : 0));
	}
	/* Containers until e820__reserve_resources_late() marks the kernel's busy. */
	for (struct resource *r = m->iomem_resource.child; r; r = r->sibling)
		r->flags &= ~IORESOURCE_BUSY;
}

/*
 * do_mark_busy(): e820 ranges in the first megabyte and all but the plain
 * reserved ones belong to the kernel (busy); reserved ranges above it are
 * left for device BARs that may overlap them.
 */
static bool do_mark_busy(enum e820_type type, u64 start)
{
	if (start < ISA_END_ADDRESS)
		return true;
	return type != E820_TYPE_RESERVED;
}

/* Where a RAM range's end is rounded up to: 64 KiB, 1 MiB, then 64 MiB. */
static u64 ram_alignment(u64 pos)
{
	u64 mb = pos >> 20;

	if (!mb)
		return 64 * 1024;
	if (mb < 16)
		return 1024 * 1024;
	return 64 * 1024 * 1024;
}

/**
 * e820__reserve_resources_late() - claim the gap after each RAM range, up
 * to a round boundary, as a busy "RAM buffer" (where no other resource
 * is), so that no driver places a device there.  With mem=, the memory
 * above the limit becomes such a buffer: /dev/mem may not map it unless
 * the machine booted with iomem=relaxed.
 */
void e820__reserve_resources_late(void)
{
	struct mml_machine *m = current_machine();
	struct resource *r;
	u32 i;

	/*
	 * Linux marks these busy as it inserts them, after the ROM probe;
	 * mmlab's PC requests its ROM inside them later, so the mark comes now.
	 */
	for (i = 0; i < m->arch_state.e820.nr_entries; i++) {
		const struct e820_entry *e = &m->arch_state.e820.entries[i];

		if (!do_mark_busy(e->type, e->addr))
			continue;
		for (r = m->iomem_resource.child; r; r = r->sibling)
			if (r->start == e->addr && r->end == e->addr + e->size - 1)
				r->flags |= IORESOURCE_BUSY;
	}

	for (i = 0; i < m->arch_state.e820.nr_entries; i++) {
		const struct e820_entry *e = &m->arch_state.e820.entries[i];
		u64 start = e->addr + e->size, end;

		if (e->type != E820_TYPE_RAM)
			continue;
		end = ALIGN(start, ram_alignment(start)) - 1;
		if (start >= end)
			continue;
		pr_debug("e820: reserve RAM buffer [mem %#010llx-%#010llx]\n",
			 (unsigned long long)start, (unsigned long long)end);
		reserve_region_with_split(&m->iomem_resource, start, end,
					  "RAM buffer");
	}
}

/**
 * e820__memory_setup() - edit the firmware map as Linux does, print it,
 * apply mem=, fill memblock and the top of /proc/iomem.
 * Return: 0, or -EINVAL if no RAM is left.
 */
int e820__memory_setup(void)
{
	struct mml_machine *m = current_machine();

	pr_info("BIOS-provided physical RAM map:\n");
	e820_print_map(&m->arch_state.e820_firmware, "BIOS-e820");
	m->arch_state.e820 = m->arch_state.e820_firmware;
	pr_info("e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n");
	e820_retype(&m->arch_state.e820, 0, PAGE_SIZE, E820_TYPE_RAM, E820_TYPE_RESERVED);
	pr_info("e820: remove [mem 0x%08llx-0x%08llx] usable\n",
		ISA_START_ADDRESS, ISA_END_ADDRESS - 1);
	e820_retype(&m->arch_state.e820, ISA_START_ADDRESS,
		    ISA_END_ADDRESS - ISA_START_ADDRESS, E820_TYPE_RAM, 0);
	if (m->mem_limit != ~0ULL) {
		pr_info("e820: remove [mem 0x%08llx-0x%016llx] usable\n",
			(unsigned long long)m->mem_limit, ~0ULL - 1);
		e820_retype(&m->arch_state.e820, m->mem_limit, ~0ULL - m->mem_limit,
			    E820_TYPE_RAM, 0);
		pr_info("user-defined physical RAM map:\n");
		e820_print_map(&m->arch_state.e820, "user");
	}
	e820__memblock_setup();
	if (!m->memblock.memory.cnt)
		return -EINVAL;
	e820__reserve_resources();
	return 0;
}
