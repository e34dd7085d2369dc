// SPDX-License-Identifier: MIT
/*
 * Translation and virtual accesses, the same for every architecture: the
 * TLB first, and on a miss the miss path of the machine's architecture
 * (hw->mmu->tlb_miss, struct hw_mmu_ops), whose walker sets its accessed
 * and dirty bits and records a fault in its own terms, and which fills
 * the generic TLB.
 *
 * The hot path (a TLB hit on host-backed memory) is a set index, a few
 * compares and a memcpy of the access width, inline here, with the usual
 * 8-byte access tested first: a switch over the widths there made the
 * TLB-hit row swing by 20% with the function's address (docs/benchmarks.md,
 * "The TLB-miss op and the hit path").  The TLB lookup
 * is generic, so a hit makes no indirect call (docs/architecture.md,
 * "The MMU ops", has the figures); only a miss calls the walker.
 */
#include <string.h>
#include "hw/hw.h"

/* hw/ includes no kernel header (linux/compiler.h's likely()). */
#define hw_likely(x)	__builtin_expect(!!(x), 1)

/*
 * TLB miss: the architecture's whole miss path (walk with A/D and the
 * fault record, fill).  Return: 0 or the walk's error.
 */
static inline int mmu_translate_miss(struct hw_machine *hw, u64 va,
				     unsigned int acc, struct hw_xlate *x,
				     u8 *flags)
{
	int err = hw->mmu->tlb_miss(hw, va, acc, x, flags);

	if (err != -EINVAL)	/* an address the CPU cannot form never walks */
		hw->cpu.tlb.misses++;
	return err;
}

/* Translate through the TLB; @flags gets the entry's TLB_* bits. */
static inline int __mmu_translate(struct hw_machine *hw, u64 va,
				  unsigned int acc, struct hw_xlate *x,
				  u8 *flags)
{
	struct hw_tlb *tlb = &hw->cpu.tlb;
	struct hw_tlb_entry *e;

	e = hw_tlb_lookup(tlb, va >> HW_PAGE_SHIFT, hw->cpu.asid);
	if (e) {
		if (hw_likely(hw_tlb_allows(e, acc))) {
			tlb->hits++;
			x->pa = (e->pfn << HW_PAGE_SHIFT) | (va & HW_PAGE_OFF);
			x->host = e->host ? e->host + (va & HW_PAGE_OFF) : NULL;
			x->page_shift = e->page_shift;
			x->error_code = 0;
			*flags = e->flags;
			return 0;
		}
		/* As Intel does on a fault: forget the entry, walk again. */
		__hw_tlb_drop(tlb, e);
	}
	return mmu_translate_miss(hw, va, acc, x, flags);
}

/**
 * hw_mmu_translate() - translate @va for an access @acc (HW_ACC_*).
 *
 * TLB first; on a miss (or an entry whose cached rights do not allow the
 * access, or a write through a clean entry) a page walk that sets A/D and
 * fills the TLB.
 * Return: 0 with @x filled; -EFAULT with cpu.fault set and its code in
 * @x->error_code; -EINVAL for an address the CPU cannot form.
 */
int hw_mmu_translate(struct hw_machine *hw, u64 va, unsigned int acc,
		     struct hw_xlate *x)
{
	u8 flags;

	return __mmu_translate(hw, va, acc, x, &flags);
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
 * -EINVAL for a bad @width or an address the CPU cannot form.
 */
int hw_virt_read(struct hw_machine *hw, u64 va, unsigned int width,
		 unsigned int acc, u64 *val)
{
	struct hw_tlb *tlb = &hw->cpu.tlb;
	struct hw_tlb_entry *e;
	u64 off = va & HW_PAGE_OFF;

	acc &= ~HW_ACC_WRITE;
	e = hw_tlb_lookup(tlb, va >> HW_PAGE_SHIFT, hw->cpu.asid);
	if (hw_likely(e && e->host && hw_tlb_allows(e, acc) &&
		   off + width <= HW_PAGE_SIZE)) {
		if (hw_likely(width == 8)) {	/* the usual width, first */
			tlb->hits++;
			memcpy(val, e->host + off, 8);
			return 0;
		}
		if (width == 4 || width == 2 || width == 1) {
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
 * an address the CPU cannot form.
 */
int hw_virt_write(struct hw_machine *hw, u64 va, unsigned int width,
		  unsigned int acc, u64 val)
{
	struct hw_tlb *tlb = &hw->cpu.tlb;
	struct hw_tlb_entry *e;
	u64 off = va & HW_PAGE_OFF;

	acc |= HW_ACC_WRITE;
	e = hw_tlb_lookup(tlb, va >> HW_PAGE_SHIFT, hw->cpu.asid);
	if (hw_likely(e && e->host && !(e->flags & TLB_ROM) &&
		   hw_tlb_allows(e, acc) && off + width <= HW_PAGE_SIZE)) {
		if (hw_likely(width == 8)) {
			tlb->hits++;
			memcpy(e->host + off, &val, 8);
			return 0;
		}
		if (width == 4 || width == 2 || width == 1) {
			tlb->hits++;
			host_store(e->host + off, width, val);
			return 0;
		}
	}
	return virt_access(hw, va, width, acc, &val);
}
