/* SPDX-License-Identifier: MIT */
/*
 * The simulated hardware: RAM, the physical bus (RAM, ROM, MMIO devices),
 * the I/O port space, and one CPU with its MMU and TLB.
 *
 * hw/ never calls into the kernel.  The kernel reaches it through these
 * functions, as a real kernel reaches a real machine through instructions;
 * the hardware reports back through return values (a page fault, whose
 * record struct hw_fault holds).
 *
 * This header is the same for every architecture.  What one architecture
 * adds (its register file, fault-code bits, the instructions that load the
 * page-table base and flush the TLB) lives in hw/<arch>/: hw/x86/cpu.h.
 */
#ifndef _HW_HW_H
#define _HW_HW_H

#include <linux/types.h>
#include "hw/x86/regs.h"

struct hw_device;
struct hw_machine;

/*
 * A device model's register interface.  @off is relative to the device's
 * MMIO window, or, with HW_PORT_ACCESS set, to the start of its I/O port
 * range (the same device may decode both).
 */
#define HW_PORT_ACCESS	(1ULL << 32)

struct hw_dev_ops {
	u64 (*read)(struct hw_device *dev, u64 off, unsigned int width);
	void (*write)(struct hw_device *dev, u64 off, unsigned int width, u64 val);
	void (*release)(struct hw_device *dev);
};

struct hw_device {
	const char *name;
	const struct hw_dev_ops *ops;
	void *priv;
};

enum hw_region_kind {
	HW_REGION_RAM,		/* backed by host memory at ram + pa */
	HW_REGION_ROM,		/* backed like RAM, writes ignored */
	HW_REGION_MMIO,		/* a device's registers */
};

struct hw_region {
	u64 start, end;		/* [start, end) */
	enum hw_region_kind kind;
	struct hw_device *dev;	/* MMIO */
	const char *name;
};

struct hw_port_range {
	u16 start, end;		/* [start, end] inclusive, as /proc/ioports */
	struct hw_device *dev;
};

#define HW_MAX_REGIONS	32
#define HW_MAX_PORTS	16
#define HW_MAX_DEVICES	16

struct hw_bus {
	struct hw_region region[HW_MAX_REGIONS];	/* sorted by start */
	int nr_regions;
	struct hw_port_range port[HW_MAX_PORTS];
	int nr_ports;
	struct hw_device *dev[HW_MAX_DEVICES];	/* owned, released at exit */
	int nr_devs;
};

/* Access kinds for the MMU: HW_ACC_* mirror MML_ACC_*. */
#define HW_ACC_WRITE	0x1u
#define HW_ACC_USER	0x2u
#define HW_ACC_FETCH	0x4u

/*
 * What the MMU reports about its last fault, in the architecture's own
 * terms: the faulting address (x86 CR2, ARMv7 DFAR/IFAR, arm64 FAR_EL1)
 * and the syndrome (the x86 #PF error code, ARMv7 DFSR/IFSR, arm64 ESR).
 * The kernel decodes @code only through arch helpers (asm/fault.h).
 */
struct hw_fault {
	u64 addr;
	u32 code;
};

/* TLB entry rights, cached from the walk (the AND/OR of every level). */
#define TLB_VALID	0x01u
#define TLB_WRITE	0x02u
#define TLB_USER	0x04u
#define TLB_NX		0x08u
#define TLB_GLOBAL	0x10u
#define TLB_DIRTY	0x20u
#define TLB_ROM		0x40u	/* host-backed but read-only memory (ROM) */

struct hw_tlb_entry {
	u64 vpn;		/* virtual page number (4 KiB granule) */
	u8 *host;		/* host address of the page, NULL for MMIO */
	u64 pfn;		/* physical frame (4 KiB granule) */
	u16 pcid;		/* address-space tag (x86 PCID, ARM ASID) */
	u8 flags;		/* TLB_* */
	u8 page_shift;		/* size of the mapping it came from: 12, 21, 30 */
};

struct hw_tlb {
	unsigned int sets, ways;	/* sets is a power of two */
	unsigned int next_victim;
	struct hw_tlb_entry *e;		/* sets * ways */
	u64 hits, misses, flushes_page, flushes_all, cr3_writes;
	u8 *rr;				/* per-set round-robin victim */
	unsigned int nr_large;		/* valid entries from 2M/1G pages */
	/*
	 * Entries from 2M/1G pages are also chained by the large page they
	 * come from (hashed), so that INVLPG finds every granule of the
	 * page covering an address without scanning the TLB.
	 */
	u32 *lhead;			/* lbuckets chain heads */
	u32 *lnext, *lprev;		/* per entry */
	u32 lbuckets;			/* a power of two */
};

#define HW_TLB_MAX_WAYS	64

/* Result of one translation. */
struct hw_xlate {
	u64 pa;
	u8 *host;		/* host pointer for RAM/ROM, NULL otherwise */
	u32 error_code;		/* hw_fault.code when it faulted */
	unsigned int page_shift;
};

struct hw_walk_step {
	u64 table_pa;
	unsigned int index;
	u64 entry;
	bool leaf;
};

/*
 * A walk for display: what each level held.  Filled by the same walker the
 * MMU uses, in a mode that changes nothing (no A/D updates, no TLB fill).
 */
struct hw_walk_trace {
	int nlevels;
	struct hw_walk_step step[5];
};

/*
 * One CPU.  @asid tags the TLB entries it fills and selects the ones it
 * looks up; the architecture's page-table base write sets it (x86: the PCID
 * in CR3 when CR4.PCIDE is set, else 0).  The register files of the
 * architectures share a union: one machine runs one architecture.
 */
struct hw_cpu {
	u16 asid;
	/*
	 * Interrupts: the CPU's interrupt flag (x86 RFLAGS.IF), the vectors
	 * an interrupt controller raised while it was clear or while a
	 * handler ran, and the entry the kernel installed (x86: the IDT's
	 * external-interrupt gates).  Taking an interrupt is, with the page
	 * fault, the one way hw/ enters the kernel.
	 */
	bool intr_enabled;
	bool in_intr;
	u64 intr_pending[4];		/* 256 vectors */
	void (*intr_entry)(struct hw_machine *hw, unsigned int vector);
	struct hw_fault fault;		/* the last page fault */
	union {
		struct hw_x86_regs x86;
	};
	struct hw_tlb tlb;
};

/* An interrupt controller's input lines, as devices drive them. */
struct hw_irq_ops {
	void (*set_irq)(struct hw_device *intc, unsigned int line, bool level);
};

struct hw_machine {
	u8 *ram;		/* host mapping of physical [0, ram_span) */
	u64 ram_span;
	u64 ram_size;		/* bytes of RAM actually present */
	bool ram_anon;		/* @ram still the private anonymous mapping */
	struct hw_bus bus;
	struct hw_cpu cpu;
	u64 clock_ns;		/* simulated time (not advanced yet) */
	struct hw_device *intc;	/* the interrupt controller devices signal */
	const struct hw_irq_ops *intc_ops;
	unsigned int intc_lines;	/* its inputs */
};

/* hw/ram.c, hw/bus.c */
int hw_init(struct hw_machine *hw, u64 ram_span, u64 ram_size,
	    unsigned int tlb_sets, unsigned int tlb_ways);
void hw_exit(struct hw_machine *hw);
void hw_ram_clear(struct hw_machine *hw, u64 pa, u64 size);
int hw_add_region(struct hw_machine *hw, u64 start, u64 end,
		  enum hw_region_kind kind, struct hw_device *dev,
		  const char *name);
int hw_add_ports(struct hw_machine *hw, u16 start, u16 end,
		 struct hw_device *dev);
int hw_add_device(struct hw_machine *hw, struct hw_device *dev);
const struct hw_region *hw_find_region(const struct hw_machine *hw, u64 pa);

/* Host pointer for RAM/ROM at @pa, NULL if @pa is not memory. */
u8 *hw_phys_host(const struct hw_machine *hw, u64 pa);

/* Host pointer for @pa known to be RAM (page tables, kernel memory). */
static inline void *hw_ram_ptr(const struct hw_machine *hw, u64 pa)
{
	return hw->ram + pa;
}

/*
 * Physical bus access of @width (1, 2, 4, 8) bytes.  Returns 0, or -EIO if
 * no region decodes @pa (reads then return all ones, as on a PC).
 */
int hw_phys_read(struct hw_machine *hw, u64 pa, unsigned int width, u64 *val);
int hw_phys_write(struct hw_machine *hw, u64 pa, unsigned int width, u64 val);

/* I/O ports.  An undecoded port reads all ones; writes are dropped. */
u32 hw_port_in(struct hw_machine *hw, u16 port, unsigned int width);
void hw_port_out(struct hw_machine *hw, u16 port, unsigned int width, u32 val);

/*
 * The MMU (hw/x86/mmu.c for x86-64): translation through the TLB and the
 * page walker of the CPU's architecture.
 */
int hw_tlb_init(struct hw_tlb *tlb, unsigned int sets, unsigned int ways);
void hw_tlb_free(struct hw_tlb *tlb);

/*
 * Translate @va for an access of kind @acc (HW_ACC_*) with the current
 * page-table base: TLB first, then a page walk that sets the accessed (and
 * dirty) bits in the tables as the hardware does and fills the TLB.
 * Returns 0 and fills @x, or -EFAULT with cpu.fault set and its code in
 * @x->error_code, or -EINVAL for an address the CPU cannot form (x86: a
 * non-canonical one, a #GP).
 */
int hw_mmu_translate(struct hw_machine *hw, u64 va, unsigned int acc,
		     struct hw_xlate *x);

/*
 * Walk the tables at @root (the value of the page-table base register,
 * x86: CR3) for @va without side effects, recording each
 * level in @t.  Returns 0 with @x filled, or -EFAULT with @x->error_code.
 */
int hw_mmu_walk_peek(struct hw_machine *hw, u64 root, u64 va, unsigned int acc,
		     struct hw_xlate *x, struct hw_walk_trace *t);

/*
 * The TLB_* rights a successful walk recorded in @t grants: WRITE and USER
 * when every level allows them, NX when any level sets it, GLOBAL and
 * DIRTY from the leaf.
 */
u8 hw_walk_trace_rights(const struct hw_walk_trace *t);

/*
 * Virtual access through the MMU: 0, or -EFAULT (see cpu.fault).
 * A non-canonical @va is a #GP on x86, not a page fault: -EINVAL, and so
 * is a @width other than 1, 2, 4, 8.  Undecoded physical addresses read
 * all ones and drop writes, as on a PC.
 */
int hw_virt_read(struct hw_machine *hw, u64 va, unsigned int width,
		 unsigned int acc, u64 *val);
int hw_virt_write(struct hw_machine *hw, u64 va, unsigned int width,
		  unsigned int acc, u64 val);

/*
 * Interrupts (hw/irq.c).  A device drives its line with hw_set_irq(); the
 * controller turns it into a vector for the CPU with hw_cpu_interrupt(),
 * which enters the kernel at once if the CPU takes interrupts (and is not
 * in a handler already), else keeps the vector pending.
 * hw_cpu_set_intr() is sti/cli: enabling delivers what is pending.
 */
void hw_set_irq(struct hw_machine *hw, unsigned int line, bool level);
void hw_cpu_interrupt(struct hw_machine *hw, unsigned int vector);
void hw_cpu_set_intr(struct hw_machine *hw, bool on);

/* hw/dev/: device models. */
#define REGBLOCK_MMIO_BASE	0xfebf0000ULL
#define REGBLOCK_MMIO_SIZE	0x1000ULL
#define REGBLOCK_PORT_BASE	0x0510
#define REGBLOCK_PORT_END	0x051f
#define REGBLOCK_ID		0x4d4d4c42u	/* "MMLB" */
#define REGBLOCK_REG_ID		0x00
#define REGBLOCK_REG_VERSION	0x04
#define REGBLOCK_REG_SCRATCH	0x08
#define REGBLOCK_REG_COUNTER	0x0c
#define REGBLOCK_REG_CONTROL	0x10
#define REGBLOCK_CTRL_RUN	0x1u	/* counter runs */
#define REGBLOCK_CTRL_RESET	0x2u	/* write 1: counter back to 0 */

#define VGA_MMIO_BASE		0xa0000ULL
#define VGA_MMIO_SIZE		0x20000ULL
#define VGA_TEXT_BASE		0xb8000ULL

/*
 * The I/O APIC (hw/dev/ioapic.c): 24 input pins, the indirect register
 * window at IOAPIC_MMIO_BASE (IOREGSEL at 0x00, IOWIN at 0x10), a
 * redirection entry per pin (vector, trigger mode, mask).
 */
#define IOAPIC_MMIO_BASE	0xfec00000ULL
#define IOAPIC_MMIO_SIZE	0x400ULL
#define IOAPIC_NR_PINS		24
#define IOAPIC_REG_SEL		0x00
#define IOAPIC_REG_WIN		0x10
#define IOAPIC_REG_ID		0x00
#define IOAPIC_REG_VER		0x01
#define IOAPIC_REG_TABLE	0x10	/* + 2 * pin: low half, + 1: high */
#define IOAPIC_RTE_VECTOR	0xffu
#define IOAPIC_RTE_REMOTE_IRR	(1u << 14)
#define IOAPIC_RTE_LEVEL	(1u << 15)
#define IOAPIC_RTE_MASKED	(1u << 16)

struct hw_device *ioapic_create(struct hw_machine *hw);
/* The IO-APIC's end of interrupt for a level pin (the local APIC's EOI). */
void ioapic_eoi(struct hw_device *ioapic, unsigned int vector);

/*
 * The DMA engine (hw/dev/dmaengine.c): a bus master that copies bytes by
 * bus address, with its own buffer memory.  64-bit registers at 8-byte
 * offsets of its MMIO window:
 */
#define DMAENGINE_MMIO_BASE	0xfebe0000ULL
#define DMAENGINE_MMIO_SIZE	0x1000ULL
#define DMAENGINE_IRQ_PIN	11		/* its line on the I/O APIC */
#define DMAENGINE_ID		0x4d4d4c44u	/* "MMLD" */
#define DMAENGINE_BUF_SIZE	(1ULL << 20)	/* device-side memory */
#define DMA_REG_ID		0x00	/* RO */
#define DMA_REG_ADDR_BITS	0x08	/* RW: address lines it drives */
#define DMA_REG_SRC		0x10	/* bus address, or buffer offset */
#define DMA_REG_DST		0x18	/* bus address, or buffer offset */
#define DMA_REG_LEN		0x20	/* bytes */
#define DMA_REG_CTRL		0x28
#define DMA_REG_STATUS		0x30	/* write 1s to clear DONE, ERROR */
#define DMA_REG_ERR_ADDR	0x38	/* RO: the bus address that failed */
#define DMA_REG_BYTES		0x40	/* RO: bytes moved, all transfers */
#define DMA_REG_BUF_SIZE	0x48	/* RO: DMAENGINE_BUF_SIZE */
#define DMA_CTRL_START		0x1u	/* write 1: run the transfer */
#define DMA_CTRL_DIR_SHIFT	1
#define DMA_CTRL_DIR_MASK	(0x3u << DMA_CTRL_DIR_SHIFT)
#define DMA_CTRL_MEM_TO_MEM	(0x0u << DMA_CTRL_DIR_SHIFT)	/* SRC, DST bus */
#define DMA_CTRL_TO_DEV		(0x1u << DMA_CTRL_DIR_SHIFT)	/* bus -> buffer */
#define DMA_CTRL_FROM_DEV	(0x2u << DMA_CTRL_DIR_SHIFT)	/* buffer -> bus */
#define DMA_CTRL_IRQ_EN		0x8u	/* raise the line when done */
#define DMA_STATUS_BUSY		0x1u
#define DMA_STATUS_DONE		0x2u
#define DMA_STATUS_ERROR	0x4u

struct hw_device *dmaengine_create(struct hw_machine *hw, unsigned int irq_line);

struct hw_device *regblock_create(void);
struct hw_device *vga_create(void);
/* Render the VGA text buffer (80x25) as text lines into @buf. */
size_t vga_render_text(struct hw_device *vga, char *buf, size_t n);

#endif
