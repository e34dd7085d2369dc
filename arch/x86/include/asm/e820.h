/* SPDX-License-Identifier: MIT */
/* The BIOS memory map of a PC. */
#ifndef _ASM_X86_E820_H
#define _ASM_X86_E820_H

#include <linux/types.h>

struct mml_machine;

enum e820_type {
	E820_TYPE_RAM		= 1,
	E820_TYPE_RESERVED	= 2,
	E820_TYPE_ACPI		= 3,
	E820_TYPE_NVS		= 4,
	E820_TYPE_UNUSABLE	= 5,
};

#define E820_MAX_ENTRIES	128

struct e820_entry {
	u64 addr;
	u64 size;
	enum e820_type type;
};

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/* Physical layout of the simulated PC. */
#define ISA_START_ADDRESS	0xa0000ULL
#define ISA_END_ADDRESS		0x100000ULL
#define BIOS_EBDA_START		0x9fc00ULL
#define BIOS_ROM_START		0xf0000ULL
#define PCI_HOLE_START		0xc0000000ULL	/* RAM above this moves to 4 GiB */
#define PCI_MMIO_START		0xfe000000ULL
#define LOWMEM_RESERVED_TAIL	0x20000ULL	/* firmware tables below the hole */

/* Build the firmware map for a machine with @ram bytes of RAM. */
void e820__build_firmware_map(u64 ram);
/* Apply mem=, print the maps, feed memblock, fill /proc/iomem. */
int e820__memory_setup(void);
const char *e820_type_to_string(enum e820_type type);
/* After the devices: a busy "RAM buffer" after each RAM range. */
void e820__reserve_resources_late(void);

#endif
