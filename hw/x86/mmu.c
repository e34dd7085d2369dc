// SPDX-License-Identifier: MIT
/*
 * The x86-64 MMU: a 4-level page walker over page tables kept in simulated
 * RAM in the hardware format, CR3 and CR4.PCIDE, and the instructions that
 * load CR3 and flush the generic TLB (hw/tlb.c), which x86 tags by PCID,
 * and the TLB-miss path that walks and fills it.
 * hw_x86_64_mmu is its struct hw_mmu_ops, named by the x86-64 descriptor.
 *
 * The model is an Intel CPU with CR0.WP = 1, CR4.PGE = 1, EFER.NXE = 1,
 * CR4.SMEP = CR4.SMAP = CR4.PKE = 0 and MAXPHYADDR = 52.
 *
 * This file speaks the hardware's bit layout with its own names: hw/
 * depends on no kernel header.
 */
#include <linux/compiler.h>
#include "hw/x86/cpu.h"

#define X86_PTE_P	(1ULL << 0)
#define X86_PTE_RW	(1ULL << 1)
#define X86_PTE_US	(1ULL << 2)
#define X86_PTE_A	(1ULL << 5)
#define X86_PTE_D	(1ULL << 6)
#define X86_PTE_PS	(1ULL << 7)
#define X86_PTE_G	(1ULL << 8)
#define X86_PTE_NX	(1ULL << 63)
#define X86_MAXPHYADDR	52
#define X86_ADDR_MASK	(((1ULL << X86_MAXPHYADDR) - 1) & ~0xfffULL)
/* Bits 20:13 of a 2 MiB leaf and 29:13 of a 1 GiB leaf must be zero. */
#define X86_RSVD_2M	(((1ULL << 21) - 1) & ~((1ULL << 13) - 1))
#define X86_RSVD_1G	(((1ULL << 30) - 1) & ~((1ULL << 13) - 1))
#define X86_PAGE_SIZE	(1ULL << 12)

/* ------------------------------------------------------------------ */
/* The page walker                                                     */
/* ------------------------------------------------------------------ */

static bool canonical(u64 va)
{
	return (u64)((s64)(va << 16) >> 16) == va;
}

/* Bits that must be zero in a present entry at @level (4 = PML4). */
static u64 rsvd_bits(int level, u64 e)
{
	if (level == 4)
		return X86_PTE_PS;
	if (level == 3 && (e & X86_PTE_PS))
		return X86_RSVD_1G;
	if (level == 2 && (e & X86_PTE_PS))
		return X86_RSVD_2M;
	return 0;
}

static int walk_fault(struct hw_machine *hw, u64 va, unsigned int acc,
		      u32 ec, struct hw_xlate *x, bool commit)
{
	if (acc & HW_ACC_WRITE)
		ec |= X86_PF_WRITE;
	if (acc & HW_ACC_USER)
		ec |= X86_PF_USER;
	if (acc & HW_ACC_FETCH)
		ec |= X86_PF_INSTR;
	x->error_code = ec;
	x->host = NULL;
	if (commit)
		hw->cpu.fault = (struct hw_fault){ .addr = va, .code = ec };
	return -EFAULT;
}

/* Set @bits in the entry at @ep, as the walker's locked update does. */
static inline void pte_set_hw_bits(u64 *ep, u64 bits)
{
	u64 e = READ_ONCE(*ep);

	/* Only store when something changes: an untouched frame stays unbacked. */
	if ((e & bits) != bits)
		WRITE_ONCE(*ep, e | bits);
}

static bool access_denied(u64 allow, u64 nx, unsigned int acc)
{
	if ((acc & HW_ACC_USER) && !(allow & X86_PTE_US))
		return true;
	if ((acc & HW_ACC_WRITE) && !(allow & X86_PTE_RW))
		return true;	/* CR0.WP = 1: supervisor writes obey RW too */
	return (acc & HW_ACC_FETCH) && nx;
}

/* TLB_* rights from the AND of RW/US (@allow), the OR of NX, the leaf. */
static u8 walk_rights(u64 allow, u64 nx, u64 leaf)
{
	return ((allow & X86_PTE_RW) ? TLB_WRITE : 0) |
	       ((allow & X86_PTE_US) ? TLB_USER : 0) | (nx ? TLB_NX : 0) |
	       ((leaf & X86_PTE_G) ? TLB_GLOBAL : 0) |
	       ((leaf & X86_PTE_D) ? TLB_DIRTY : 0);
}

static void trace_step(struct hw_walk_trace *t, u64 table, unsigned int idx,
		       u64 e, bool leaf)
{
	if (!t)
		return;
	t->step[t->nlevels] = (struct hw_walk_step){ table, idx, e, leaf };
	t->nlevels++;
}

/*
 * The walk itself, for both the MMU (@commit: A/D updates, CR2; the TLB
 * miss) and display (@t; the peek).  A non-canonical @va is a #GP: -EINVAL
 * before any table is read.  A is set in each non-leaf entry the walk
 * passes through, even if a lower level then faults; the leaf gets A (and
 * D for a write) only when the access is allowed.  A table outside RAM
 * reads as a reserved-bit fault (mmlab: a real PC would read the bus).
 */
static __always_inline int walk_body(struct hw_machine *hw, u64 cr3, u64 va,
				     unsigned int acc, struct hw_xlate *x,
				     struct hw_walk_trace *t, bool commit,
				     u8 *rights)
{
	u64 table = cr3 & X86_ADDR_MASK, allow = X86_PTE_RW | X86_PTE_US;
	u64 nx = 0, e, *ep, off;
	unsigned int shift = 39, idx;
	int level;

	if (unlikely(!canonical(va))) {
		x->error_code = 0;
		x->host = NULL;
		return -EINVAL;
	}
	for (level = 4;; level--, shift -= 9) {
		idx = (unsigned int)(va >> shift) & 511;
		if (table + X86_PAGE_SIZE > hw->ram_span)
			return walk_fault(hw, va, acc, X86_PF_PROT | X86_PF_RSVD, x, commit);
		ep = (u64 *)(hw->ram + table) + idx;
		e = READ_ONCE(*ep);
		trace_step(t, table, idx, e, (e & X86_PTE_P) &&
			   (level == 1 || (e & X86_PTE_PS)));
		if (!(e & X86_PTE_P))
			return walk_fault(hw, va, acc, 0, x, commit);
		if (e & rsvd_bits(level, e))
			return walk_fault(hw, va, acc, X86_PF_PROT | X86_PF_RSVD, x, commit);
		allow &= e;
		nx |= e & X86_PTE_NX;
		if (level == 1 || (e & X86_PTE_PS))
			break;
		if (commit)
			pte_set_hw_bits(ep, X86_PTE_A);
		table = e & X86_ADDR_MASK;
	}
	if (access_denied(allow, nx, acc))
		return walk_fault(hw, va, acc, X86_PF_PROT, x, commit);
	if (commit)
		pte_set_hw_bits(ep, X86_PTE_A | ((acc & HW_ACC_WRITE) ? X86_PTE_D : 0));
	off = va & ((1ULL << shift) - 1);
	x->pa = (e & X86_ADDR_MASK & ~((1ULL << shift) - 1)) | off;
	x->page_shift = shift;
	x->error_code = 0;
	x->host = NULL;
	*rights = walk_rights(allow, nx, READ_ONCE(*ep));
	return 0;
}

/*
 * hw_mmu_ops.tlb_miss: the walk with its side effects (commit, no trace),
 * then the fill, in one function, as the CPU's page-miss handler is one
 * piece of hardware.
 */
static int x86_64_tlb_miss(struct hw_machine *hw, u64 va, unsigned int acc,
			   struct hw_xlate *x, u8 *flags)
{
	struct hw_cpu *cpu = &hw->cpu;
	u8 rights;
	u8 *host;
	int err;

	err = walk_body(hw, cpu->arch.cr3, va, acc, x, NULL, true, &rights);
	if (unlikely(err))
		return err;
	host = hw_granule_host(hw, x->pa & ~HW_PAGE_OFF, &rights);
	x->host = host ? host + (x->pa & HW_PAGE_OFF) : NULL;
	__hw_tlb_fill(&cpu->tlb, va, cpu->asid, x, rights);
	*flags = rights;
	return 0;
}

/*
 * hw_mmu_ops.walk: without side effects.  The walk without a trace (a
 * peek) gets its own copy of the body, without the per-level test of @t.
 */
static int x86_64_walk(struct hw_machine *hw, u64 cr3, u64 va,
		       unsigned int acc, struct hw_xlate *x,
		       struct hw_walk_trace *t)
{
	u8 rights;

	if (!t)
		return walk_body(hw, cr3, va, acc, x, NULL, false, &rights);
	return walk_body(hw, cr3, va, acc, x, t, false, &rights);
}

/* hw_mmu_ops.trace_rights: the rights of the walk recorded in @t. */
static u8 x86_64_trace_rights(const struct hw_walk_trace *t)
{
	u64 allow = X86_PTE_RW | X86_PTE_US, nx = 0;
	int i;

	if (t->nlevels <= 0)
		return 0;
	for (i = 0; i < t->nlevels; i++) {
		allow &= t->step[i].entry;
		nx |= t->step[i].entry & X86_PTE_NX;
	}
	return walk_rights(allow, nx, t->step[t->nlevels - 1].entry);
}

/* ------------------------------------------------------------------ */
/* CR3 and the TLB maintenance instructions                            */
/* ------------------------------------------------------------------ */

/**
 * hw_write_cr3() - load CR3 (MOV to CR3).
 *
 * With CR4.PCIDE, bit 63 set keeps the TLB; clear, the new PCID's
 * non-global entries go.  Without PCIDs every non-global entry goes.
 */
void hw_write_cr3(struct hw_machine *hw, u64 cr3)
{
	struct hw_cpu *cpu = &hw->cpu;
	bool noflush = cpu->arch.cr4_pcide && (cr3 & CR3_NOFLUSH);

	cpu->tlb.root_writes++;
	cpu->arch.cr3 = cr3 & ~CR3_NOFLUSH;
	cpu->asid = cpu->arch.cr4_pcide ? (u16)(cr3 & CR3_PCID_MASK) : 0;
	if (noflush)
		return;
	if (cpu->arch.cr4_pcide)
		hw_tlb_flush_asid(&cpu->tlb, cpu->asid);
	else
		hw_tlb_flush_nonglobal(&cpu->tlb);
}

/**
 * hw_write_cr4_pcide() - set or clear CR4.PCIDE.  The TLB is tagged with
 * the PCID in CR3 from now on (or with 0 when clear); as on a real CPU,
 * clearing it flushes every non-global entry.
 */
void hw_write_cr4_pcide(struct hw_machine *hw, bool on)
{
	struct hw_cpu *cpu = &hw->cpu;

	if (cpu->arch.cr4_pcide && !on)
		hw_tlb_flush_nonglobal(&cpu->tlb);
	cpu->arch.cr4_pcide = on;
	cpu->asid = on ? (u16)(cpu->arch.cr3 & CR3_PCID_MASK) : 0;
}

/**
 * hw_invlpg() - INVLPG: drop the translations of @va for the current PCID
 * and global ones, including every granule of a large page covering @va.
 */
void hw_invlpg(struct hw_machine *hw, u64 va)
{
	hw->cpu.tlb.flushes_page++;
	hw_tlb_flush_va(&hw->cpu.tlb, va, hw->cpu.asid);
}

/** hw_invpcid_all() - INVPCID type 2: every entry, global ones included. */
void hw_invpcid_all(struct hw_machine *hw)
{
	hw->cpu.tlb.flushes_all++;
	hw_tlb_flush_all(&hw->cpu.tlb);
}

/** hw_invpcid_single() - INVPCID type 1: non-global entries of @pcid. */
void hw_invpcid_single(struct hw_machine *hw, u16 pcid)
{
	hw->cpu.tlb.flushes_all++;
	hw_tlb_flush_asid(&hw->cpu.tlb, pcid & CR3_PCID_MASK);
}

/* ------------------------------------------------------------------ */
/* The ops                                                             */
/* ------------------------------------------------------------------ */

static u64 x86_64_root(const struct hw_machine *hw)
{
	return hw->cpu.arch.cr3;
}

/*
 * hw_mmu_ops.set_root: MOV to CR3 of @root with @asid as its PCID, and
 * the no-flush bit when @flush is false (both ignored without CR4.PCIDE,
 * where the write drops every non-global entry).
 */
static void x86_64_set_root(struct hw_machine *hw, u64 root, u16 asid,
			    bool flush)
{
	u64 cr3 = root & ~(CR3_NOFLUSH | CR3_PCID_MASK);

	if (hw->cpu.arch.cr4_pcide)
		cr3 |= (asid & CR3_PCID_MASK) | (flush ? 0 : CR3_NOFLUSH);
	hw_write_cr3(hw, cr3);
}

const struct hw_mmu_ops hw_x86_64_mmu = {
	.name = "x86-64 4-level",
	.tlb_miss = x86_64_tlb_miss,
	.walk = x86_64_walk,
	.trace_rights = x86_64_trace_rights,
	.root = x86_64_root,
	.set_root = x86_64_set_root,
	.flush_page = hw_invlpg,
	.flush_asid = hw_invpcid_single,
	.flush_all = hw_invpcid_all,
};
