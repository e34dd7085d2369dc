// SPDX-License-Identifier: MIT
/*
 * Booting a machine: build the hardware, then run the kernel's memory
 * set-up in Linux's order (setup_arch(), mm_core_init()): the e820 map,
 * memblock, the direct map, the zones, the buddy allocator, slab, vmalloc,
 * and the resource tree.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/arch.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include "hw/x86/cpu.h"

#define MAX_RAM_SIZE	(1ULL << 40)
#define MIN_RAM_SIZE	(16ULL << 20)

/* memparse(): a number with an optional K/M/G/T suffix. */
static int memparse(const char *s, u64 *out)
{
	char *end;
	u64 v = strtoull(s, &end, 0);

	if (end == s)
		return -EINVAL;
	switch (*end) {
	case 'T': case 't': v <<= 10; /* fall through */
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; end++; break;
	default: break;
	}
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

/* Parse the kernel command line; unknown words are reported, as Linux. */
static int parse_cmdline(struct mml_machine *m, char *msg, size_t msglen)
{
	char *copy = strdup(m->cmdline), *save = NULL, *w;
	char unknown[256] = "";

	if (!copy)
		return -ENOMEM;
	for (w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		u64 v;

		if (!strncmp(w, "mem=", 4)) {
			if (memparse(w + 4, &v) || v < MIN_RAM_SIZE) {
				snprintf(msg, msglen, "bad mem= value '%s' (need a size of at least 16M)", w + 4);
				free(copy);
				return -EINVAL;
			}
			m->mem_limit = v;
		} else if (!strcmp(w, "page_poison=on") || !strcmp(w, "page_poison=1")) {
			m->page_poison = true;
		} else if (strlen(unknown) + strlen(w) + 2 < sizeof(unknown)) {
			strcat(unknown, " ");
			strcat(unknown, w);
		}
	}
	free(copy);
	pr_notice(m, "Kernel command line: %s\n", m->cmdline);
	if (unknown[0])
		pr_notice(m, "Unknown kernel command line parameters \"%s\", will be passed to user space.\n",
			  unknown + 1);
	return 0;
}

static int setup_devices(struct mml_machine *m)
{
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
	err = hw_add_region(hw, VGA_MMIO_BASE, VGA_MMIO_BASE + VGA_MMIO_SIZE,
			    HW_REGION_MMIO, m->vga, "vga");
	if (!err)
		err = hw_add_region(hw, REGBLOCK_MMIO_BASE,
				    REGBLOCK_MMIO_BASE + REGBLOCK_MMIO_SIZE,
				    HW_REGION_MMIO, m->regblock, "regblock");
	if (!err)
		err = hw_add_ports(hw, REGBLOCK_PORT_BASE, REGBLOCK_PORT_END,
				   m->regblock);
	return err;
}

/* The bus: RAM where the firmware map has any kind of memory, ROM at F000. */
static int setup_bus(struct mml_machine *m)
{
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
	return err ? err : setup_devices(m);
}

static void setup_resources(struct mml_machine *m)
{
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

	r = __request_region(&m->iomem_resource, VGA_MMIO_BASE, VGA_MMIO_SIZE,
			     "Video RAM area", IORESOURCE_MEM);
	if (r)
		r->flags &= ~IORESOURCE_BUSY;
	__request_region(&m->iomem_resource, BIOS_ROM_START,
			 ISA_END_ADDRESS - BIOS_ROM_START, "System ROM", IORESOURCE_MEM);
	__request_region(&m->iomem_resource, REGBLOCK_MMIO_BASE, REGBLOCK_MMIO_SIZE,
			 "mmlab-regblock", IORESOURCE_MEM);
	for (i = 0; i < ARRAY_SIZE(std_ports); i++)
		__request_region(&m->ioport_resource, std_ports[i].start,
				 std_ports[i].end - std_ports[i].start + 1u,
				 std_ports[i].name, IORESOURCE_IO);
	__request_region(&m->ioport_resource, REGBLOCK_PORT_BASE,
			 REGBLOCK_PORT_END - REGBLOCK_PORT_BASE + 1u,
			 "mmlab-regblock", IORESOURCE_IO);
}

static void print_layout(struct mml_machine *m)
{
	u64 ram_mb = (u64)m->totalram_pages >> (20 - PAGE_SHIFT);

	pr_info(m, "Virtual kernel memory layout:\n");
	pr_info(m, "    fixmap  : 0x%016lx - 0x%016lx   (%6lu kB)\n",
		0xffffffffff578000UL, 0xffffffffff600000UL, 0x88000UL >> 10);
	pr_info(m, "    modules : 0x%016lx - 0x%016lx   (%6lu MB)\n",
		MODULES_VADDR, MODULES_END, (MODULES_END - MODULES_VADDR) >> 20);
	pr_info(m, "    kernel  : 0x%016lx - 0x%016lx   (%6lu MB)\n",
		__START_KERNEL_map, MODULES_VADDR, (MODULES_VADDR - __START_KERNEL_map) >> 20);
	pr_info(m, "    vmemmap : 0x%016lx - 0x%016lx   (%6lu TB)\n",
		VMEMMAP_START, VMEMMAP_START + (1UL << 40) - 1, 1UL);
	pr_info(m, "    vmalloc : 0x%016lx - 0x%016lx   (%6lu TB)\n",
		VMALLOC_START, VMALLOC_END, VMALLOC_SIZE_TB);
	pr_info(m, "    lowmem  : 0x%016lx - 0x%016lx   (%6llu MB)\n",
		PAGE_OFFSET, m->high_memory, (unsigned long long)ram_mb);
}

static int alloc_mem_map(struct mml_machine *m)
{
	size_t n = ALIGN(m->max_pfn, 1UL << MAX_PAGE_ORDER) * sizeof(struct page);
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return -ENOMEM;
	m->mem_map = p;
	m->mem_map_bytes = n;
	return 0;
}

/* setup_arch() for x86-64: the firmware map, memblock, the direct map. */
static int x86_64_setup_arch(struct mml_machine *m, char *msg, size_t msglen)
{
	int err;

	err = e820__memory_setup(m);
	if (err) {
		snprintf(msg, msglen, "no usable RAM left after mem=");
		return err;
	}
	m->max_pfn = PFN_DOWN(memblock_end_of_DRAM(m));
	m->max_low_pfn = min(m->max_pfn, (unsigned long)(SZ_4G >> PAGE_SHIFT));
	m->high_memory = __va(PFN_PHYS(m->max_pfn));
	pr_info(m, "last_pfn = %#lx max_arch_pfn = 0x400000000\n", m->max_pfn);
	pr_info(m, "x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT  \n");
	/* The first megabyte stays reserved (BIOS corruption, real mode). */
	memblock_reserve(m, 0, ISA_END_ADDRESS);
	m->memblock.current_limit = PFN_PHYS(m->max_pfn);
	err = init_memory_mapping(m);
	if (err) {
		snprintf(msg, msglen, "out of memory building the direct map");
		return err;
	}
	hw_write_cr4_pcide(&m->hw, true);	/* Linux: cr4_set_bits(X86_CR4_PCIDE) */
	switch_mm(m, &m->init_mm);
	return alloc_mem_map(m);
}

static const struct arch_desc arch_x86_64 = {
	.name = "x86_64",
	.page_levels = 4,
	.setup_arch = x86_64_setup_arch,
};

static const struct arch_desc *const arches[] = { &arch_x86_64 };

const struct arch_desc *arch_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (!strcmp(arches[i]->name, name))
			return arches[i];
	return NULL;
}

/* mm_core_init(): the allocators, once the direct map exists. */
static int mm_core_init(struct mml_machine *m, char *msg, size_t msglen)
{
	int err;

	free_area_init(m);
	err = preallocate_vmalloc_pages(m);
	if (err) {
		snprintf(msg, msglen, "out of memory for the vmalloc area's page tables");
		return err;
	}
	memblock_free_all(m);
	m->after_bootmem = true;
	page_alloc_init(m);
	err = kmem_cache_init(m);
	if (!err)
		err = vmalloc_init(m);
	if (!err)
		err = proc_caches_init(m);
	if (err)
		snprintf(msg, msglen, "out of memory setting up slab/vmalloc");
	return err;
}

static int boot(struct mml_machine *m, char *msg, size_t msglen)
{
	u64 ram = m->cfg.ram_size;
	u64 span = ram > PCI_HOLE_START ? SZ_4G + (ram - PCI_HOLE_START) : ram;
	int err;

	err = hw_init(&m->hw, span, ram, (unsigned int)m->cfg.tlb_sets,
		      (unsigned int)m->cfg.tlb_ways);
	if (err) {
		snprintf(msg, msglen, "cannot reserve %llu bytes of host address space for RAM",
			 (unsigned long long)span);
		return err;
	}
	pr_notice(m, "Linux version 6.x (mmlab " MMLAB_VERSION ") simulated %s machine, %llu MiB RAM\n",
		  m->arch->name, (unsigned long long)(ram >> 20));
	err = parse_cmdline(m, msg, msglen);
	if (err)
		return err;
	e820__build_firmware_map(m, ram);
	err = setup_bus(m);
	if (err) {
		snprintf(msg, msglen, "cannot set up the physical bus");
		return err;
	}
	err = m->arch->setup_arch(m, msg, msglen);
	if (!err)
		err = mm_core_init(m, msg, msglen);
	if (err)
		return err;
	setup_resources(m);
	print_layout(m);
	return 0;
}

static int check_config(const struct machine_config *cfg, char *msg, size_t msglen)
{
	if (cfg->ram_size < MIN_RAM_SIZE || cfg->ram_size > MAX_RAM_SIZE) {
		snprintf(msg, msglen, "RAM size %llu is out of range (16 MiB .. 1 TiB)",
			 (unsigned long long)cfg->ram_size);
		return -EINVAL;
	}
	if (cfg->ram_size & (PAGE_SIZE - 1)) {
		snprintf(msg, msglen, "RAM size %llu is not a multiple of 4 KiB",
			 (unsigned long long)cfg->ram_size);
		return -EINVAL;
	}
	if (!arch_lookup(cfg->arch ? cfg->arch : "x86_64")) {
		snprintf(msg, msglen, "architecture '%s' is not supported (only x86_64 so far)",
			 cfg->arch);
		return -EINVAL;
	}
	if (cfg->tlb_sets < 0 || cfg->tlb_ways < 0 ||
	    (cfg->tlb_sets && !is_power_of_2((unsigned long)cfg->tlb_sets)) ||
	    cfg->tlb_sets > 65536 || cfg->tlb_ways > 64) {
		snprintf(msg, msglen, "TLB geometry %d sets x %d ways is invalid (sets: a power of two <= 65536, ways <= 64)",
			 cfg->tlb_sets, cfg->tlb_ways);
		return -EINVAL;
	}
	return 0;
}

/**
 * machine_boot() - build and boot a machine from @cfg.
 * Return: the machine, or NULL with -errno in @err and a reason in @msg.
 */
struct mml_machine *machine_boot(const struct machine_config *cfg, int *err,
				 char *msg, size_t msglen)
{
	struct mml_machine *m;

	*err = check_config(cfg, msg, msglen);
	if (*err)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		*err = -ENOMEM;
		snprintf(msg, msglen, "out of host memory");
		return NULL;
	}
	m->cfg = *cfg;
	m->arch = arch_lookup(cfg->arch ? cfg->arch : "x86_64");
	m->cmdline = strdup(cfg->cmdline ? cfg->cmdline : "");
	m->root = strdup(cfg->root ? cfg->root : "/");
	m->cfg.cmdline = m->cmdline;
	m->cfg.root = m->root;
	m->cfg.arch = m->arch->name;
	if (!m->cfg.tlb_sets)
		m->cfg.tlb_sets = 256;
	if (!m->cfg.tlb_ways)
		m->cfg.tlb_ways = 4;
	m->mem_limit = ~0ULL;
	m->watermark_scale_factor = 10;
	m->lowmem_reserve_ratio[ZONE_DMA] = 256;
	m->lowmem_reserve_ratio[ZONE_DMA32] = 256;
	m->lowmem_reserve_ratio[ZONE_NORMAL] = 32;
	m->fail_nth[FAIL_PAGE_ALLOC] = -1;
	m->fail_nth[FAIL_SLAB] = -1;
	m->iomem_resource = (struct resource){ .name = "PCI mem", .start = 0,
		.end = (1ULL << __PHYSICAL_MASK_SHIFT) - 1, .flags = IORESOURCE_MEM };
	m->ioport_resource = (struct resource){ .name = "PCI IO", .start = 0,
		.end = 0xffff, .flags = IORESOURCE_IO };
	if (!m->cmdline || !m->root) {
		*err = -ENOMEM;
		snprintf(msg, msglen, "out of host memory");
		machine_shutdown(m);
		return NULL;
	}
	*err = boot(m, msg, msglen);
	if (*err) {
		machine_shutdown(m);
		return NULL;
	}
	return m;
}

/** machine_shutdown() - tear a machine down and free all it holds. */
void machine_shutdown(struct mml_machine *m)
{
	if (!m)
		return;
	if (m->after_bootmem) {
		tasks_free_all(m);
		inodes_free_all(m);
		vmalloc_exit(m);
		kmem_cache_exit(m);
	}
	resource_tree_free(&m->iomem_resource);
	resource_tree_free(&m->ioport_resource);
	if (m->mem_map)
		munmap(m->mem_map, m->mem_map_bytes);
	hw_exit(&m->hw);
	printk_log_free(&m->log);
	seq_buf_free(&m->trace);
	free(m->api_blocks);
	free(m->cmdline);
	free(m->root);
	free(m);
}
