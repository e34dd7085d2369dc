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
 * This header is the same for every architecture and names none.  What one
 * architecture adds lives in hw/<arch>/: its register file, struct
 * hw_arch_cpu, in hw/<arch>/include/mach/regs.h, which the build puts on
 * the include path as the kernel's asm/ is; its fault-code bits and the
 * instructions that load the page-table base and flush the TLB in
 * hw/<arch>/cpu.h, which only that architecture's code includes.
 */
#ifndef _HW_HW_H
#define _HW_HW_H

#include <linux/types.h>
#include <mach/regs.h>

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
	int hint;		/* index of the region found last */
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
	u16 asid;		/* address-space tag (x86 PCID, ARM ASID) */
	u8 flags;		/* TLB_* */
	u8 page_shift;		/* size of the mapping it came from: 12, 21, 30 */
};

struct hw_tlb {
	unsigned int sets, ways;	/* sets is a power of two */
	unsigned int next_victim;
	struct hw_tlb_entry *e;		/* sets * ways */
	u64 hits, misses, flushes_page, flushes_all;
	u64 root_writes;		/* loads of the page-table base */
	u8 *rr;				/* per-set round-robin victim */
	unsigned int nr_large;		/* valid entries from large pages */
	u64 large_shifts;		/* bit n: entries from 2^n-byte pages */
	/*
	 * Entries from large pages are also chained by the page they come
	 * from (hashed), so that invalidating an address finds every
	 * granule of the page covering it without scanning the TLB.
	 */
	u32 *lhead;			/* lbuckets chain heads */
	u32 *lnext, *lprev;		/* per entry */
	u32 lbuckets;			/* a power of two */
};

#define HW_TLB_MAX_WAYS	64

/* The TLB's granule: an entry maps 4 KiB, also when cut from a large page. */
#define HW_PAGE_SHIFT	12
#define HW_PAGE_SIZE	(1ULL << HW_PAGE_SHIFT)
#define HW_PAGE_OFF	(HW_PAGE_SIZE - 1)
/*
 * Invalid TLB entries hold HW_TLB_NO_VPN, which no address has (a page
 * number has at most 52 bits), so a lookup needs no separate validity test.
 */
#define HW_TLB_NO_VPN	(~0ULL)

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
 * in CR3 when CR4.PCIDE is set, else 0).  @arch is the architecture's
 * register file (<mach/regs.h>): a build has one architecture.
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
	struct hw_arch_cpu arch;
	struct hw_tlb tlb;
};

/* An interrupt controller's input lines, as devices drive them. */
struct hw_irq_ops {
	void (*set_irq)(struct hw_device *intc, unsigned int line, bool level);
};

struct hw_machine {
	const struct hw_mmu_ops *mmu;	/* the architecture's MMU */
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

struct hw_mmu_ops;

/* hw/bus.c */
int hw_init(struct hw_machine *hw, const struct hw_mmu_ops *mmu,
	    u64 ram_span, u64 ram_size, unsigned int tlb_sets,
	    unsigned int tlb_ways);
void hw_exit(struct hw_machine *hw);
void hw_ram_clear(struct hw_machine *hw, u64 pa, u64 size);
int hw_add_region(struct hw_machine *hw, u64 start, u64 end,
		  enum hw_region_kind kind, struct hw_device *dev,
		  const char *name);
int hw_add_ports(struct hw_machine *hw, u16 start, u16 end,
		 struct hw_device *dev);
int hw_add_device(struct hw_machine *hw, struct hw_device *dev);
const struct hw_region *__hw_find_region(const struct hw_machine *hw, u64 pa);

/*
 * The region that decodes @pa, or NULL.  The region found last is asked
 * first: nearly every lookup (each TLB fill, each page the kernel
 * touches) lands in the RAM region of the one before, and the binary
 * search over the regions cost a fifth of a TLB miss (docs/benchmarks.md,
 * "The TLB-miss op and the hit path").
 */
static inline const struct hw_region *hw_find_region(const struct hw_machine *hw,
						     u64 pa)
{
	const struct hw_region *r = &hw->bus.region[hw->bus.hint];

	if (pa >= r->start && pa < r->end)
		return r;
	return __hw_find_region(hw, pa);
}

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
 * The TLB (hw/tlb.c), the same for every architecture.  The lookup is
 * inline: it is the hot path of every simulated access, and an indirect
 * call there costs (docs/architecture.md, "The MMU ops").
 */
int hw_tlb_init(struct hw_tlb *tlb, unsigned int sets, unsigned int ways);
void hw_tlb_free(struct hw_tlb *tlb);
void hw_tlb_fill(struct hw_tlb *tlb, u64 va, u16 asid,
		 const struct hw_xlate *x, u8 rights);
void hw_tlb_drop(struct hw_tlb *tlb, struct hw_tlb_entry *e);
void hw_tlb_large_link(struct hw_tlb *tlb, struct hw_tlb_entry *e);
void hw_tlb_flush_va(struct hw_tlb *tlb, u64 va, u16 asid);
void hw_tlb_flush_asid(struct hw_tlb *tlb, u16 asid);
void hw_tlb_flush_nonglobal(struct hw_tlb *tlb);
void hw_tlb_flush_all(struct hw_tlb *tlb);

static inline struct hw_tlb_entry *hw_tlb_set(struct hw_tlb *tlb, u64 vpn)
{
	return tlb->e + (size_t)(vpn & (tlb->sets - 1)) * tlb->ways;
}

/* Is @e the translation of @vpn for @asid (its own, or a global one)? */
static inline bool hw_tlb_match(const struct hw_tlb_entry *e, u64 vpn,
				u16 asid)
{
	return e->vpn == vpn &&
	       ((e->flags & TLB_GLOBAL) || e->asid == asid);
}

static inline struct hw_tlb_entry *hw_tlb_lookup(struct hw_tlb *tlb, u64 vpn,
						 u16 asid)
{
	struct hw_tlb_entry *e = hw_tlb_set(tlb, vpn);
	unsigned int i;

	for (i = 0; i < tlb->ways; i++, e++)
		if (hw_tlb_match(e, vpn, asid))
			return e;
	return NULL;
}

/*
 * __hw_tlb_drop() - hw_tlb_drop() inline for the fill and the miss path:
 * a 4 KiB entry is two stores; an entry from a large page is also on its
 * page's chain, which hw_tlb_drop() unlinks.
 */
static inline void __hw_tlb_drop(struct hw_tlb *tlb, struct hw_tlb_entry *e)
{
	if (!(e->flags & TLB_VALID))
		return;
	if (e->page_shift > HW_PAGE_SHIFT) {
		hw_tlb_drop(tlb, e);
		return;
	}
	e->flags = 0;
	e->vpn = HW_TLB_NO_VPN;
}

/*
 * __hw_tlb_fill() - cache the translation of the granule holding @va for
 * @asid: the frame and host pointer of @x, the TLB_* @rights of the walk.
 *
 * Entries the new one would shadow (same granule, same ASID, or any ASID
 * when either is global) go first, so a lookup never has two candidates;
 * then the first free way, else the set's round-robin victim.  Inline for
 * the miss path of hw/mmu.c, where the call cost about a tenth of the fill
 * (docs/benchmarks.md, "Fault rows against 1e51f90"); hw_tlb_fill() is
 * the out-of-line copy.
 */
static inline void __hw_tlb_fill(struct hw_tlb *tlb, u64 va, u16 asid,
				 const struct hw_xlate *x, u8 rights)
{
	u64 vpn = va >> HW_PAGE_SHIFT;
	struct hw_tlb_entry *set = hw_tlb_set(tlb, vpn), *victim = NULL;
	unsigned int i, s = (unsigned int)(vpn & (tlb->sets - 1));
	u8 *host = x->host ? x->host - (va & HW_PAGE_OFF) : NULL;

	for (i = 0; i < tlb->ways; i++) {
		struct hw_tlb_entry *e = &set[i];

		if ((e->flags & TLB_VALID) && e->vpn == vpn &&
		    (((rights | e->flags) & TLB_GLOBAL) || e->asid == asid))
			__hw_tlb_drop(tlb, e);
		if (!victim && !(e->flags & TLB_VALID))
			victim = e;
	}
	if (!victim) {
		victim = &set[tlb->rr[s]];
		if (++tlb->rr[s] == tlb->ways)
			tlb->rr[s] = 0;
		__hw_tlb_drop(tlb, victim);
	}
	*victim = (struct hw_tlb_entry){ .vpn = vpn, .host = host,
		.pfn = x->pa >> HW_PAGE_SHIFT, .asid = asid,
		.flags = rights | TLB_VALID, .page_shift = (u8)x->page_shift };
	if (x->page_shift > HW_PAGE_SHIFT)
		hw_tlb_large_link(tlb, victim);
}

/* Does entry @e allow an access of kind @acc without a new walk? */
static inline bool hw_tlb_allows(const struct hw_tlb_entry *e,
				 unsigned int acc)
{
	unsigned int need = 0;

	if (acc & HW_ACC_WRITE)
		need |= TLB_WRITE | TLB_DIRTY;	/* a clean entry must walk to set D */
	if (acc & HW_ACC_USER)
		need |= TLB_USER;
	if ((acc & HW_ACC_FETCH) && (e->flags & TLB_NX))
		return false;
	return (e->flags & need) == need;
}

/*
 * The MMU ops of an architecture (struct arch_desc.mmu; hw/x86/mmu.c for
 * x86-64), which hw_init() keeps in hw_machine.mmu.  Generic code reaches
 * the walker, the table base and the TLB invalidations only through them:
 * hw/mmu.c on a TLB miss, the wrappers below elsewhere.  (An architecture's
 * own kernel code issues its instructions, hw/<arch>/cpu.h, directly.)
 * No op decodes a fault: hw_cpu.fault is in the architecture's own terms.
 */
struct hw_mmu_ops {
	const char *name;
	/*
	 * tlb_miss() - the CPU's TLB-miss path for @va and an access @acc
	 * (HW_ACC_*) with the current table base: walk the tables as the
	 * hardware does (set the accessed/dirty bits; on a fault record it
	 * in cpu.fault) and cache the result in cpu.tlb.  One op for the
	 * whole miss, so that the architecture's walker, the granule's host
	 * lookup (hw_granule_host()) and the fill (__hw_tlb_fill()) are
	 * inlined into one function: every page fault takes two misses.
	 * Return: 0 with @x (pa, host, page_shift) and the entry's TLB_*
	 * @flags; -EFAULT with @x->error_code; -EINVAL for an address the
	 * CPU cannot form (x86: a #GP), before any table read.
	 */
	int (*tlb_miss)(struct hw_machine *hw, u64 va, unsigned int acc,
			struct hw_xlate *x, u8 *flags);
	/*
	 * walk() - the same walk through the tables at @root (a value of the
	 * table-base register) without side effects: no A/D bits, no fault
	 * record, no fill.  @t, if not NULL, gets each level read
	 * (@t->nlevels is 0 on entry).
	 * Return: 0 with @x (pa, page_shift; host NULL); -EFAULT with
	 * @x->error_code; -EINVAL as tlb_miss().
	 */
	int (*walk)(struct hw_machine *hw, u64 root, u64 va, unsigned int acc,
		    struct hw_xlate *x, struct hw_walk_trace *t);
	/*
	 * trace_rights() - the TLB_* rights a walk that ended on a present
	 * leaf recorded in @t grants.
	 */
	u8 (*trace_rights)(const struct hw_walk_trace *t);
	/* root() - the table base the CPU translates with now. */
	u64 (*root)(const struct hw_machine *hw);
	/*
	 * set_root() - switch the table base to @root, tagged @asid where
	 * the CPU has tags; @flush drops @asid's non-global entries (a CPU
	 * without tags drops every non-global entry whatever @flush says).
	 */
	void (*set_root)(struct hw_machine *hw, u64 root, u16 asid,
			 bool flush);
	/* Invalidate: @va for the current tag and global entries. */
	void (*flush_page)(struct hw_machine *hw, u64 va);
	/* Invalidate: the non-global entries tagged @asid. */
	void (*flush_asid)(struct hw_machine *hw, u16 asid);
	/* Invalidate: everything, global entries included. */
	void (*flush_all)(struct hw_machine *hw);
};

/*
 * Host pointer of the granule at @pa (a TLB entry's backing), NULL when
 * it is not memory (MMIO, a hole, or straddling a region's end); ROM adds
 * TLB_ROM to *@flags.  For the architectures' tlb_miss().
 */
static inline u8 *hw_granule_host(const struct hw_machine *hw, u64 pa,
				  u8 *flags)
{
	const struct hw_region *r = hw_find_region(hw, pa);

	if (!r || r->kind == HW_REGION_MMIO || pa + HW_PAGE_SIZE > r->end)
		return NULL;
	if (r->kind == HW_REGION_ROM)
		*flags |= TLB_ROM;
	return hw->ram + pa;
}

static inline u64 hw_mmu_root(const struct hw_machine *hw)
{
	return hw->mmu->root(hw);
}

static inline void hw_mmu_set_root(struct hw_machine *hw, u64 root, u16 asid,
				   bool flush)
{
	hw->mmu->set_root(hw, root, asid, flush);
}

static inline void hw_mmu_flush_page(struct hw_machine *hw, u64 va)
{
	hw->mmu->flush_page(hw, va);
}

static inline void hw_mmu_flush_asid(struct hw_machine *hw, u16 asid)
{
	hw->mmu->flush_asid(hw, asid);
}

static inline void hw_mmu_flush_all(struct hw_machine *hw)
{
	hw->mmu->flush_all(hw);
}

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
 * x86: CR3) for @va without side effects: no A/D update, no TLB fill, the
 * fault record untouched; if @t is not NULL, record each level visited
 * (the faulting one included).  Returns 0 with @x filled (host NULL),
 * -EFAULT with @x->error_code, or -EINVAL for an address the CPU cannot
 * form.
 */
static inline int hw_mmu_walk_peek(struct hw_machine *hw, u64 root, u64 va,
				   unsigned int acc, struct hw_xlate *x,
				   struct hw_walk_trace *t)
{
	if (t)
		t->nlevels = 0;
	return hw->mmu->walk(hw, root, va, acc, x, t);
}

/*
 * The TLB_* rights a successful walk recorded in @t grants (x86: WRITE
 * and USER when every level allows them, NX when any level sets it,
 * GLOBAL and DIRTY from the leaf).
 */
static inline u8 hw_walk_trace_rights(const struct hw_machine *hw,
				      const struct hw_walk_trace *t)
{
	return hw->mmu->trace_rights(t);
}

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
