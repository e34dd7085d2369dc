// SPDX-License-Identifier: MIT
/*
 * The x86-64 MMU: a 4-level page walker over page tables kept in simulated
 * RAM in the hardware format, and a set-associative TLB tagged by PCID.
 *
 * The model is an Intel CPU with CR0.WP = 1, CR4.PGE = 1, EFER.NXE = 1,
 * CR4.SMEP = CR4.SMAP = CR4.PKE = 0 and MAXPHYADDR = 52.  The hot path
 * (a TLB hit on host-backed memory) is a set index, a few compares and a
 * memcpy of the access width: no division, no allocation.
 *
 * This file speaks the hardware's bit layout with its own names: hw/
 * depends on no kernel header.
 */
#include <stdlib.h>
#include <string.h>
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
#define HW_PAGE_SHIFT	12
#define X86_2M_SHIFT	21
#define X86_1G_SHIFT	30
#define HW_PAGE_SIZE	(1ULL << HW_PAGE_SHIFT)
#define HW_PAGE_OFF	(HW_PAGE_SIZE - 1)
/*
 * Invalid TLB entries hold TLB_NO_VPN, which no address has (a page number
 * has at most 52 bits), so a lookup needs no separate validity test.
 */
#define TLB_NO_VPN	(~0ULL)
/* The end of a large-page chain. */
#define TLB_NO_LINK	(~0U)

/* What a successful walk found, beyond struct hw_xlate. */
struct walk_leaf {
	u8 flags;		/* TLB_* rights of the whole walk */
};

/* ------------------------------------------------------------------ */
/* TLB                                                                 */
/* ------------------------------------------------------------------ */

/**
 * hw_tlb_init() - allocate an empty TLB of @sets x @ways entries.
 *
 * Return: 0, -EINVAL if @sets is not a power of two or @ways is 0 or above
 * HW_TLB_MAX_WAYS, -ENOMEM.
 */
int hw_tlb_init(struct hw_tlb *tlb, unsigned int sets, unsigned int ways)
{
	size_t i, n;

	memset(tlb, 0, sizeof(*tlb));
	if (!sets || (sets & (sets - 1)) || sets > (1u << 20) || !ways ||
	    ways > HW_TLB_MAX_WAYS)
		return -EINVAL;
	n = (size_t)sets * ways;
	for (tlb->lbuckets = 1; tlb->lbuckets < n; tlb->lbuckets <<= 1)
		;
	tlb->e = calloc(n, sizeof(*tlb->e));
	tlb->rr = calloc(sets, sizeof(*tlb->rr));
	tlb->lhead = malloc(tlb->lbuckets * sizeof(*tlb->lhead));
	tlb->lnext = malloc(n * sizeof(*tlb->lnext));
	tlb->lprev = malloc(n * sizeof(*tlb->lprev));
	if (!tlb->e || !tlb->rr || !tlb->lhead || !tlb->lnext || !tlb->lprev) {
		hw_tlb_free(tlb);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		tlb->e[i].vpn = TLB_NO_VPN;
	for (i = 0; i < tlb->lbuckets; i++)
		tlb->lhead[i] = TLB_NO_LINK;
	tlb->sets = sets;
	tlb->ways = ways;
	return 0;
}

/** hw_tlb_free() - release the TLB's entries; @tlb may be half built. */
void hw_tlb_free(struct hw_tlb *tlb)
{
	free(tlb->e);
	free(tlb->rr);
	free(tlb->lhead);
	free(tlb->lnext);
	free(tlb->lprev);
	tlb->e = NULL;
	tlb->rr = NULL;
	tlb->lhead = tlb->lnext = tlb->lprev = NULL;
	tlb->lbuckets = 0;
	tlb->sets = tlb->ways = 0;
}

static inline struct hw_tlb_entry *tlb_set(struct hw_tlb *tlb, u64 vpn)
{
	return tlb->e + (size_t)(vpn & (tlb->sets - 1)) * tlb->ways;
}

static inline bool tlb_match(const struct hw_tlb_entry *e, u64 vpn, u16 pcid)
{
	return e->vpn == vpn &&
	       ((e->flags & TLB_GLOBAL) || e->asid == pcid);
}

static inline struct hw_tlb_entry *tlb_lookup(struct hw_tlb *tlb, u64 vpn,
					      u16 pcid)
{
	struct hw_tlb_entry *e = tlb_set(tlb, vpn);
	unsigned int i;

	for (i = 0; i < tlb->ways; i++, e++)
		if (tlb_match(e, vpn, pcid))
			return e;
	return NULL;
}

/* Does entry @e allow an access of kind @acc without a new walk? */
static inline bool tlb_allows(const struct hw_tlb_entry *e, unsigned int acc)
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

/* The chain of the @shift-sized page holding @va (its base, hashed). */
static inline u32 *tlb_large_head(struct hw_tlb *tlb, u64 va,
				  unsigned int shift)
{
	u64 key = ((va >> shift) << 1) | (shift == X86_1G_SHIFT);

	return &tlb->lhead[(key * 0x9e3779b97f4a7c15ULL) >> 32 &
			   (tlb->lbuckets - 1)];
}

static void tlb_large_link(struct hw_tlb *tlb, struct hw_tlb_entry *e)
{
	u32 i = (u32)(e - tlb->e);
	u32 *head = tlb_large_head(tlb, e->vpn << HW_PAGE_SHIFT, e->page_shift);

	tlb->lprev[i] = TLB_NO_LINK;
	tlb->lnext[i] = *head;
	if (*head != TLB_NO_LINK)
		tlb->lprev[*head] = i;
	*head = i;
	tlb->nr_large++;
}

static void tlb_large_unlink(struct hw_tlb *tlb, struct hw_tlb_entry *e)
{
	u32 i = (u32)(e - tlb->e), next = tlb->lnext[i], prev = tlb->lprev[i];

	if (prev != TLB_NO_LINK)
		tlb->lnext[prev] = next;
	else
		*tlb_large_head(tlb, e->vpn << HW_PAGE_SHIFT, e->page_shift) = next;
	if (next != TLB_NO_LINK)
		tlb->lprev[next] = prev;
	tlb->nr_large--;
}

static void tlb_drop(struct hw_tlb *tlb, struct hw_tlb_entry *e)
{
	if (!(e->flags & TLB_VALID))
		return;
	if (e->page_shift > HW_PAGE_SHIFT)
		tlb_large_unlink(tlb, e);
	e->flags = 0;
	e->vpn = TLB_NO_VPN;
}

/* Drop every valid entry @doomed picks; the flush instructions. */
static void tlb_drop_if(struct hw_tlb *tlb,
			bool (*doomed)(const struct hw_tlb_entry *, u64),
			u64 arg)
{
	size_t i, n = (size_t)tlb->sets * tlb->ways;

	for (i = 0; i < n; i++)
		if ((tlb->e[i].flags & TLB_VALID) && doomed(&tlb->e[i], arg))
			tlb_drop(tlb, &tlb->e[i]);
}

/*
 * Insert a translation.  Entries the new one would shadow (same page, same
 * PCID, or any PCID when either is global) go first, so a lookup never has
 * two candidates; then the first free way, else the set's round-robin victim.
 */
static void tlb_fill(struct hw_tlb *tlb, u64 vpn, u16 pcid, u64 pfn,
		     u8 *host, u8 flags, unsigned int shift)
{
	struct hw_tlb_entry *set = tlb_set(tlb, vpn), *victim = NULL;
	unsigned int i, s = (unsigned int)(vpn & (tlb->sets - 1));

	for (i = 0; i < tlb->ways; i++) {
		struct hw_tlb_entry *e = &set[i];

		if ((e->flags & TLB_VALID) && e->vpn == vpn &&
		    (((flags | e->flags) & TLB_GLOBAL) || e->asid == pcid))
			tlb_drop(tlb, e);
		if (!victim && !(e->flags & TLB_VALID))
			victim = e;
	}
	if (!victim) {
		victim = &set[tlb->rr[s]];
		if (++tlb->rr[s] == tlb->ways)
			tlb->rr[s] = 0;
		tlb_drop(tlb, victim);
	}
	*victim = (struct hw_tlb_entry){ .vpn = vpn, .host = host, .pfn = pfn,
		.asid = pcid, .flags = flags | TLB_VALID, .page_shift = (u8)shift };
	if (shift > HW_PAGE_SHIFT)
		tlb_large_link(tlb, victim);
}

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
 * The walk itself, for both the MMU (@commit: A/D updates, CR2) and
 * display (@t).  A is set in each non-leaf entry the walk passes through,
 * even if a lower level then faults; the leaf gets A (and D for a write)
 * only when the access is allowed.  A table outside RAM reads as a
 * reserved-bit fault (mmlab: a real PC would read the bus).
 */
static int mmu_walk(struct hw_machine *hw, u64 cr3, u64 va, unsigned int acc,
		    struct hw_xlate *x, struct hw_walk_trace *t, bool commit,
		    struct walk_leaf *out)
{
	u64 table = cr3 & X86_ADDR_MASK, allow = X86_PTE_RW | X86_PTE_US;
	u64 nx = 0, e, *ep, off;
	unsigned int shift = 39, idx;
	int level;

	for (level = 4;; level--, shift -= 9) {
		idx = (unsigned int)(va >> shift) & 511;
		if (table + HW_PAGE_SIZE > hw->ram_span)
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
	out->flags = walk_rights(allow, nx, READ_ONCE(*ep));
	return 0;
}

/* Host pointer of the 4 KiB frame at @pa, and whether it is ROM. */
static u8 *frame_host(const struct hw_machine *hw, u64 pa, u8 *flags)
{
	const struct hw_region *r = hw_find_region(hw, pa);

	if (!r || r->kind == HW_REGION_MMIO || pa + HW_PAGE_SIZE > r->end)
		return NULL;
	if (r->kind == HW_REGION_ROM)
		*flags |= TLB_ROM;
	return hw->ram + pa;
}

/* TLB miss: walk, update A/D, fill.  Return: 0 or the walk's error. */
static int mmu_translate_miss(struct hw_machine *hw, u64 va, unsigned int acc,
			      struct hw_xlate *x, u8 *flags)
{
	struct hw_cpu *cpu = &hw->cpu;
	struct walk_leaf leaf;
	u64 frame;
	u8 *host;
	int err;

	if (unlikely(!canonical(va))) {
		x->error_code = 0;
		x->host = NULL;
		return -EINVAL;
	}
	cpu->tlb.misses++;
	err = mmu_walk(hw, cpu->arch.cr3, va, acc, x, NULL, /* commit = */ true, &leaf);
	if (err)
		return err;
	frame = x->pa & ~HW_PAGE_OFF;
	host = frame_host(hw, frame, &leaf.flags);
	tlb_fill(&cpu->tlb, va >> HW_PAGE_SHIFT, cpu->asid,
		 frame >> HW_PAGE_SHIFT, host, leaf.flags, x->page_shift);
	x->host = host ? host + (va & HW_PAGE_OFF) : NULL;
	*flags = leaf.flags;
	return 0;
}

/* Translate through the TLB; @flags gets the entry's TLB_* bits. */
static inline int __mmu_translate(struct hw_machine *hw, u64 va,
				  unsigned int acc, struct hw_xlate *x,
				  u8 *flags)
{
	struct hw_tlb *tlb = &hw->cpu.tlb;
	struct hw_tlb_entry *e;

	e = tlb_lookup(tlb, va >> HW_PAGE_SHIFT, hw->cpu.asid);
	if (e) {
		if (likely(tlb_allows(e, acc))) {
			tlb->hits++;
			x->pa = (e->pfn << HW_PAGE_SHIFT) | (va & HW_PAGE_OFF);
			x->host = e->host ? e->host + (va & HW_PAGE_OFF) : NULL;
			x->page_shift = e->page_shift;
			x->error_code = 0;
			*flags = e->flags;
			return 0;
		}
		/* As Intel does on a fault: forget the entry, walk again. */
		tlb_drop(tlb, e);
	}
	return mmu_translate_miss(hw, va, acc, x, flags);
}

/**
 * hw_mmu_translate() - translate @va for an access @acc (HW_ACC_*).
 *
 * TLB first; on a miss (or an entry whose cached rights do not allow the
 * access, or a write through a clean entry) a page walk that sets A/D and
 * fills the TLB.
 * Return: 0 with @x filled; -EFAULT with cpu.fault (CR2 and the error
 * code) set and the code in @x->error_code; -EINVAL for a non-canonical
 * @va (a #GP).
 */
int hw_mmu_translate(struct hw_machine *hw, u64 va, unsigned int acc,
		     struct hw_xlate *x)
{
	u8 flags;

	return __mmu_translate(hw, va, acc, x, &flags);
}

/**
 * hw_mmu_walk_peek() - walk the tables at @root (a CR3 value) for @va
 * without side effects: no A/D update, no TLB fill, CR2 untouched.
 * @t: if not NULL, gets every level visited (including the faulting one).
 *
 * Return: 0 with @x filled (host NULL), -EFAULT with @x->error_code, or
 * -EINVAL for a non-canonical @va.
 */
int hw_mmu_walk_peek(struct hw_machine *hw, u64 root, u64 va, unsigned int acc,
		     struct hw_xlate *x, struct hw_walk_trace *t)
{
	struct walk_leaf leaf;

	if (t)
		t->nlevels = 0;
	if (!canonical(va)) {
		x->error_code = 0;
		x->host = NULL;
		return -EINVAL;
	}
	return mmu_walk(hw, root, va, acc, x, t, /* commit = */ false, &leaf);
}

/**
 * hw_walk_trace_rights() - the TLB_* rights of the walk in @t (which must
 * have ended on a present leaf): see hw.h.
 */
u8 hw_walk_trace_rights(const struct hw_walk_trace *t)
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
/* Virtual accesses                                                    */
/* ------------------------------------------------------------------ */

static inline bool bad_width(unsigned int width)
{
	return width - 1 > 7 || (width & (width - 1));
}

static inline u64 host_load(const u8 *p, unsigned int width)
{
	u8 b;
	u16 w;
	u32 l;
	u64 q;

	switch (width) {
	case 1:
		memcpy(&b, p, 1);
		return b;
	case 2:
		memcpy(&w, p, 2);
		return w;
	case 4:
		memcpy(&l, p, 4);
		return l;
	default:
		memcpy(&q, p, 8);
		return q;
	}
}

static inline void host_store(u8 *p, unsigned int width, u64 v)
{
	u8 b = (u8)v;
	u16 w = (u16)v;
	u32 l = (u32)v;

	switch (width) {
	case 1:
		memcpy(p, &b, 1);
		break;
	case 2:
		memcpy(p, &w, 2);
		break;
	case 4:
		memcpy(p, &l, 4);
		break;
	default:
		memcpy(p, &v, 8);
		break;
	}
}

/* One access inside one page, after the TLB fast path missed. */
static int virt_access_slow(struct hw_machine *hw, u64 va, unsigned int width,
			    unsigned int acc, u64 *val)
{
	struct hw_xlate x;
	u8 flags;
	int err;

	err = __mmu_translate(hw, va, acc, &x, &flags);
	if (err)
		return err;
	if (!(acc & HW_ACC_WRITE)) {
		if (x.host)
			*val = host_load(x.host, width);
		else
			hw_phys_read(hw, x.pa, width, val);	/* -EIO reads ones */
		return 0;
	}
	if (x.host && !(flags & TLB_ROM))
		host_store(x.host, width, *val);
	else if (!x.host)
		hw_phys_write(hw, x.pa, width, *val);	/* undecoded: dropped */
	return 0;
}

/*
 * An access that crosses a page boundary: both pages are translated first
 * (so a fault on the second page leaves memory untouched), then bytes.
 */
static int virt_access_split(struct hw_machine *hw, u64 va, unsigned int width,
			     unsigned int acc, u64 *val)
{
	struct hw_xlate x;
	u64 byte, v = 0;
	unsigned int i;
	int err;

	err = hw_mmu_translate(hw, va, acc, &x);
	if (!err)
		err = hw_mmu_translate(hw, va + width - 1, acc, &x);
	if (err)
		return err;
	for (i = 0; i < width && !err; i++) {
		byte = (*val >> (8 * i)) & 0xff;
		err = virt_access_slow(hw, va + i, 1, acc, &byte);
		v |= (byte & 0xff) << (8 * i);
	}
	if (!err && !(acc & HW_ACC_WRITE))
		*val = v;
	return err;
}

/* Everything but a TLB hit on host memory: kept out of line. */
static __attribute__((noinline)) int virt_access(struct hw_machine *hw, u64 va,
						 unsigned int width,
						 unsigned int acc, u64 *val)
{
	if (bad_width(width))
		return -EINVAL;
	if ((va & HW_PAGE_OFF) + width > HW_PAGE_SIZE)
		return virt_access_split(hw, va, width, acc, val);
	return virt_access_slow(hw, va, width, acc, val);
}

/**
 * hw_virt_read() - load @width bytes at virtual @va through the MMU.
 * @acc: HW_ACC_USER and/or HW_ACC_FETCH; HW_ACC_WRITE is ignored.
 *
 * Return: 0 with *@val zero-extended; -EFAULT (see cpu.fault);
 * -EINVAL for a bad @width or a non-canonical @va.
 */
int hw_virt_read(struct hw_machine *hw, u64 va, unsigned int width,
		 unsigned int acc, u64 *val)
{
	struct hw_tlb *tlb = &hw->cpu.tlb;
	struct hw_tlb_entry *e;
	u64 off = va & HW_PAGE_OFF;

	acc &= ~HW_ACC_WRITE;
	e = tlb_lookup(tlb, va >> HW_PAGE_SHIFT, hw->cpu.asid);
	if (likely(e && e->host && tlb_allows(e, acc) &&
		   off + width <= HW_PAGE_SIZE)) {
		switch (width) {
		case 8:
		case 4:
		case 2:
		case 1:
			tlb->hits++;
			*val = host_load(e->host + off, width);
			return 0;
		}
	}
	return virt_access(hw, va, width, acc, val);
}

/**
 * hw_virt_write() - store the low @width bytes of @val at virtual @va.
 * @acc: HW_ACC_USER optionally; HW_ACC_WRITE is implied.
 *
 * Writes to ROM are ignored, as the bus does.
 * Return: 0; -EFAULT (see cpu.fault); -EINVAL for a bad @width or
 * a non-canonical @va.
 */
int hw_virt_write(struct hw_machine *hw, u64 va, unsigned int width,
		  unsigned int acc, u64 val)
{
	struct hw_tlb *tlb = &hw->cpu.tlb;
	struct hw_tlb_entry *e;
	u64 off = va & HW_PAGE_OFF;

	acc |= HW_ACC_WRITE;
	e = tlb_lookup(tlb, va >> HW_PAGE_SHIFT, hw->cpu.asid);
	if (likely(e && e->host && !(e->flags & TLB_ROM) &&
		   tlb_allows(e, acc) && off + width <= HW_PAGE_SIZE)) {
		switch (width) {
		case 8:
		case 4:
		case 2:
		case 1:
			tlb->hits++;
			host_store(e->host + off, width, val);
			return 0;
		}
	}
	return virt_access(hw, va, width, acc, &val);
}

/* ------------------------------------------------------------------ */
/* CR3 and the TLB maintenance instructions                            */
/* ------------------------------------------------------------------ */

static bool doomed_nonglobal_pcid(const struct hw_tlb_entry *e, u64 pcid)
{
	return !(e->flags & TLB_GLOBAL) && e->asid == pcid;
}

static bool doomed_nonglobal(const struct hw_tlb_entry *e, u64 unused)
{
	return !(e->flags & TLB_GLOBAL);
}

static bool doomed_any(const struct hw_tlb_entry *e, u64 unused)
{
	return true;
}

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
		tlb_drop_if(&cpu->tlb, doomed_nonglobal_pcid, cpu->asid);
	else
		tlb_drop_if(&cpu->tlb, doomed_nonglobal, 0);
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
		tlb_drop_if(&cpu->tlb, doomed_nonglobal, 0);
	cpu->arch.cr4_pcide = on;
	cpu->asid = on ? (u16)(cpu->arch.cr3 & CR3_PCID_MASK) : 0;
}

/* Drop the granules cached from the @shift-sized page covering @va. */
static void tlb_drop_large(struct hw_tlb *tlb, u64 va, unsigned int shift,
			   u16 pcid)
{
	u32 i = *tlb_large_head(tlb, va, shift), next;

	for (; i != TLB_NO_LINK; i = next) {
		struct hw_tlb_entry *e = &tlb->e[i];

		next = tlb->lnext[i];
		if (e->page_shift == shift &&
		    !((e->vpn << HW_PAGE_SHIFT ^ va) >> shift) &&
		    ((e->flags & TLB_GLOBAL) || e->asid == pcid))
			tlb_drop(tlb, e);
	}
}

/**
 * hw_invlpg() - INVLPG: drop the translations of @va for the current PCID
 * and global ones, including every granule of a large page covering @va.
 * Cost: the set of @va, then only the chains of the 2M and 1G pages that
 * cover it -- never a scan of the whole TLB.
 */
void hw_invlpg(struct hw_machine *hw, u64 va)
{
	struct hw_tlb *tlb = &hw->cpu.tlb;
	u16 pcid = hw->cpu.asid;
	struct hw_tlb_entry *e = tlb_set(tlb, va >> HW_PAGE_SHIFT);
	unsigned int i;

	tlb->flushes_page++;
	for (i = 0; i < tlb->ways; i++)
		if (tlb_match(&e[i], va >> HW_PAGE_SHIFT, pcid))
			tlb_drop(tlb, &e[i]);
	if (!tlb->nr_large)
		return;
	tlb_drop_large(tlb, va, X86_2M_SHIFT, pcid);
	tlb_drop_large(tlb, va, X86_1G_SHIFT, pcid);
}

/** hw_invpcid_all() - INVPCID type 2: every entry, global ones included. */
void hw_invpcid_all(struct hw_machine *hw)
{
	hw->cpu.tlb.flushes_all++;
	tlb_drop_if(&hw->cpu.tlb, doomed_any, 0);
}

/** hw_invpcid_single() - INVPCID type 1: non-global entries of @pcid. */
void hw_invpcid_single(struct hw_machine *hw, u16 pcid)
{
	hw->cpu.tlb.flushes_all++;
	tlb_drop_if(&hw->cpu.tlb, doomed_nonglobal_pcid, pcid & CR3_PCID_MASK);
}
