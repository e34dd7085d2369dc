// SPDX-License-Identifier: MIT
/*
 * The x86-64 machine (a PC): its physical layout and firmware map, the
 * devices on its bus, and setup_arch(): the e820 map into memblock, the
 * direct map, CR4.PCIDE and CR3.  init/main.c runs these through the
 * architecture descriptor arch_x86_64.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/printk.h>
#include <linux/arch.h>
#include <linux/irq.h>
#include <linux/ioport.h>
#include <linux/platform_device.h>
#include <asm/pgtable.h>
#include <asm/io_apic.h>
#include <asm/tlbflush.h>
#include <asm/syscalls.h>
#include "hw/x86/cpu.h"

static int setup_devices(void)
{
	struct mml_machine *m = current_machine();
	struct hw_machine *hw = &m->hw;
	int err;

	m->vga = vga_create();
	if (!m->vga || hw_add_device(hw, m->vga)) {
		free(m->vga);
		m->vga = NULL;
		return -ENOMEM;
	}
	m->regblock = regblock_create();
	if (!m->regblock || hw_add_device(hw, m->regblock)) {
		free(m->regblock);
		m->regblock = NULL;
		return -ENOMEM;
	}
	m->ioapic = ioapic_create(hw);
	if (!m->ioapic || hw_add_device(hw, m->ioapic)) {
		free(m->ioapic);
		m->ioapic = NULL;
		return -ENOMEM;
	}
	m->dmaengine = dmaengine_create(hw, DMAENGINE_IRQ_PIN);
	if (!m->dmaengine || hw_add_device(hw, m->dmaengine)) {
		if (m->dmaengine)
			m->dmaengine->ops->release(m->dmaengine);
		m->dmaengine = NULL;
		return -ENOMEM;
	}
	err = hw_add_region(hw, VGA_MMIO_BASE, VGA_MMIO_BASE + VGA_MMIO_SIZE,
			    HW_REGION_MMIO, m->vga, "vga");
	if (!err)
		err = hw_add_region(hw, REGBLOCK_MMIO_BASE,
				    REGBLOCK_MMIO_BASE + REGBLOCK_MMIO_SIZE,
				    HW_REGION_MMIO, m->regblock, "regblock");
	if (!err)
		err = hw_add_ports(hw, REGBLOCK_PORT_BASE, REGBLOCK_PORT_END,
				   m->regblock);
	if (!err)
		err = hw_add_region(hw, IOAPIC_MMIO_BASE,
				    IOAPIC_MMIO_BASE + IOAPIC_MMIO_SIZE,
				    HW_REGION_MMIO, m->ioapic, "ioapic");
	if (!err)
		err = hw_add_region(hw, DMAENGINE_MMIO_BASE,
				    DMAENGINE_MMIO_BASE + DMAENGINE_MMIO_SIZE,
				    HW_REGION_MMIO, m->dmaengine, "dmaengine");
	return err;
}

/* The bus: RAM where the firmware map has any kind of memory, ROM at F000. */
static int setup_bus(void)
{
	struct mml_machine *m = current_machine();
	const struct e820_table *t = &m->arch_state.e820_firmware;
	int err = 0;
	u32 i;

	for (i = 0; i < t->nr_entries && !err; i++) {
		const struct e820_entry *e = &t->entries[i];
		u64 end = e->addr + e->size;

		if (e->addr >= m->hw.ram_span)
			continue;	/* firmware flash: not modelled */
		if (e->addr == BIOS_ROM_START)
			err = hw_add_region(&m->hw, e->addr, end, HW_REGION_ROM,
					    NULL, "System ROM");
		else
			err = hw_add_region(&m->hw, e->addr, end, HW_REGION_RAM,
					    NULL, "RAM");
	}
	return err ? err : setup_devices();
}

static void setup_resources(void)
{
	struct mml_machine *m = current_machine();
	static const struct { u16 start, end; const char *name; } std_ports[] = {
		{ 0x00, 0x1f, "dma1" }, { 0x20, 0x21, "pic1" },
		{ 0x40, 0x43, "timer0" }, { 0x50, 0x53, "timer1" },
		{ 0x60, 0x60, "keyboard" }, { 0x64, 0x64, "keyboard" },
		{ 0x70, 0x77, "rtc0" }, { 0x80, 0x8f, "dma page reg" },
		{ 0xa0, 0xa1, "pic2" }, { 0xc0, 0xdf, "dma2" },
		{ 0xf0, 0xff, "fpu" },
	};
	struct resource *r;
	size_t i;

	/* Busy, as Linux's video_ram_resource (the first MiB passes /dev/mem). */
	__request_region(&m->iomem_resource, VGA_MMIO_BASE, VGA_MMIO_SIZE,
			 "Video RAM area", IORESOURCE_MEM);
	__request_region(&m->iomem_resource, BIOS_ROM_START,
			 ISA_END_ADDRESS - BIOS_ROM_START, "System ROM", IORESOURCE_MEM);
	/* The device's register window, as the PCI core inserts a BAR: not
	 * busy until a driver claims it (request_mem_region()). */
	r = __request_region(&m->iomem_resource, REGBLOCK_MMIO_BASE,
			     REGBLOCK_MMIO_SIZE, "mmlab-regblock", IORESOURCE_MEM);
	if (r)
		r->flags &= ~IORESOURCE_BUSY;
	for (i = 0; i < ARRAY_SIZE(std_ports); i++)
		__request_region(&m->ioport_resource, std_ports[i].start,
				 std_ports[i].end - std_ports[i].start + 1u,
				 std_ports[i].name, IORESOURCE_IO);
	__request_region(&m->ioport_resource, REGBLOCK_PORT_BASE,
			 REGBLOCK_PORT_END - REGBLOCK_PORT_BASE + 1u,
			 "mmlab-regblock", IORESOURCE_IO);
}

static void print_layout(void)
{
	struct mml_machine *m = current_machine();
	u64 ram_mb = (u64)m->totalram_pages >> (20 - PAGE_SHIFT);

	pr_info("Virtual kernel memory layout:\n");
	pr_info("    fixmap  : 0x%016lx - 0x%016lx   (%6lu kB)\n",
		0xffffffffff578000UL, 0xffffffffff600000UL, 0x88000UL >> 10);
	pr_info("    modules : 0x%016lx - 0x%016lx   (%6lu MB)\n",
		MODULES_VADDR, MODULES_END, (MODULES_END - MODULES_VADDR) >> 20);
	pr_info("    kernel  : 0x%016lx - 0x%016lx   (%6lu MB)\n",
		__START_KERNEL_map, MODULES_VADDR, (MODULES_VADDR - __START_KERNEL_map) >> 20);
	pr_info("    vmemmap : 0x%016lx - 0x%016lx   (%6lu TB)\n",
		VMEMMAP_START, VMEMMAP_START + (1UL << 40) - 1, 1UL);
	pr_info("    vmalloc : 0x%016lx - 0x%016lx   (%6lu TB)\n",
		VMALLOC_START, VMALLOC_END, VMALLOC_SIZE_TB);
	pr_info("    lowmem  : 0x%016lx - 0x%016lx   (%6llu MB)\n",
		PAGE_OFFSET, m->high_memory, (unsigned long long)ram_mb);
}

/* setup_arch() for x86-64: the firmware map, memblock, the direct map. */
static int x86_64_setup_arch(char *msg, size_t msglen)
{
	struct mml_machine *m = current_machine();
	int err;

	err = e820__memory_setup();
	if (err) {
		snprintf(msg, msglen, "no usable RAM left after mem=");
		return err;
	}
	m->max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	m->max_low_pfn = min(m->max_pfn, (unsigned long)(SZ_4G >> PAGE_SHIFT));
	m->high_memory = __va(PFN_PHYS(m->max_pfn));
	pr_info("last_pfn = %#lx max_arch_pfn = 0x400000000\n", m->max_pfn);
	pr_info("x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT  \n");
	/* The first megabyte stays reserved (BIOS corruption, real mode). */
	memblock_reserve(0, ISA_END_ADDRESS);
	m->memblock.current_limit = PFN_PHYS(m->max_pfn);
	err = init_memory_mapping();
	if (err) {
		snprintf(msg, msglen, "out of memory building the direct map");
		return err;
	}
	hw_write_cr4_pcide(&m->hw, true);	/* Linux: cr4_set_bits(X86_CR4_PCIDE) */
	switch_mm(&m->init_mm);
	return 0;
}

/* RAM above the PCI hole is moved to 4 GiB, as a PC's firmware does. */
static u64 x86_64_phys_span(u64 ram)
{
	return ram > PCI_HOLE_START ? SZ_4G + (ram - PCI_HOLE_START) : ram;
}

/* The firmware's e820 map, and RAM, ROM and devices on the bus. */
static int x86_64_setup_machine(char *msg, size_t msglen)
{
	struct mml_machine *m = current_machine();
	int err;

	e820__build_firmware_map(m->cfg.ram_size);
	err = setup_bus();
	if (err)
		snprintf(msg, msglen, "cannot set up the physical bus");
	return err;
}

/*
 * The DMA engine as the firmware describes it (an ACPI device with a
 * memory window and an interrupt): a platform device "mmlab-dma.0" with a
 * MEM and an IRQ resource.  Its I/O APIC line is mapped now, as ACPI's
 * resource parsing (acpi_dev_get_irqresource()) does when it enumerates a
 * device; whether a driver binds to it is another matter (dma bind, or a
 * module's platform driver of that name).
 */
static void register_dmaengine(void)
{
	struct resource res[2] = {
		{ .start = DMAENGINE_MMIO_BASE,
		  .end = DMAENGINE_MMIO_BASE + DMAENGINE_MMIO_SIZE - 1,
		  .flags = IORESOURCE_MEM },
		{ .flags = IORESOURCE_IRQ },
	};
	struct platform_device *pdev;
	int irq = acpi_register_gsi(DMAENGINE_IRQ_PIN, IRQ_TYPE_EDGE_RISING);

	if (irq < 0) {
		pr_err("mmlab-dma: cannot map GSI %u (%d), no device\n",
		       DMAENGINE_IRQ_PIN, irq);
		return;
	}
	res[1].start = res[1].end = (resource_size_t)irq;
	pdev = platform_device_register_simple("mmlab-dma", 0, res, 2);
	if (IS_ERR(pdev)) {
		pr_err("mmlab-dma: cannot register the platform device (%ld)\n",
		       PTR_ERR(pdev));
		acpi_unregister_gsi(DMAENGINE_IRQ_PIN);
	}
}

/* The interrupt controller, then the devices whose lines it serves. */
static void setup_platform_devices(void)
{
	int err = setup_IO_APIC();

	if (err) {
		pr_err("IOAPIC: setup failed (%d), no interrupts\n", err);
		return;
	}
	register_dmaengine();
}

/* After mm_core_init(): the PC's resources, the kernel layout banner. */
static void x86_64_late_setup(void)
{
	setup_resources();
	e820__reserve_resources_late();
	print_layout();
	setup_platform_devices();
	/* Linux: mark_rodata_ro() -> debug_checkwx(), at the end of boot */
	ptdump_walk_pgd_level_checkwx();
}

/*
 * The x86 command-line words: clearcpuid= (a comma-separated list of
 * feature names; mmlab models pdpe1gb) and PVM's pvm_no_zero_page=.
 */
static int x86_64_early_param(const char *word, char *msg, size_t msglen)
{
	struct mml_machine *m = current_machine();
	const char *v;

	if (!strncmp(word, "pvm_no_zero_page=", 17)) {
		v = word + 17;
		if (strcmp(v, "0") && strcmp(v, "1")) {
			snprintf(msg, msglen, "bad pvm_no_zero_page= value '%s' (0 or 1)", v);
			return -EINVAL;
		}
		m->arch_state.no_zero_page = *v == '1';
		return 1;
	}
	if (strncmp(word, "clearcpuid=", 11))
		return 0;
	for (v = word + 11; *v; v += *v == ',') {
		size_t n = strcspn(v, ",");

		if (n == 7 && !strncmp(v, "pdpe1gb", 7)) {
			m->arch_state.no_gbpages = true;
		} else {
			snprintf(msg, msglen, "clearcpuid: unknown or unmodelled feature '%.*s' (mmlab models pdpe1gb)",
				 (int)n, v);
			return -EINVAL;
		}
		v += n;
	}
	pr_info("Clearing CPUID bits: %s\n", word + 11);
	return 1;
}

const struct arch_desc arch_x86_64 = {
	.name = "x86_64",
	.page_levels = 4,
	.pte_size = sizeof(pte_t),
	.ptrs_per_table = { PTRS_PER_PTE, PTRS_PER_PMD, PTRS_PER_PUD,
			    PTRS_PER_P4D, PTRS_PER_PGD },
	.mmu = &hw_x86_64_mmu,
	.phys_span = x86_64_phys_span,
	.setup_machine = x86_64_setup_machine,
	.setup_arch = x86_64_setup_arch,
	.late_setup = x86_64_late_setup,
	.early_param = x86_64_early_param,
	.syscall = do_syscall_64,
};

