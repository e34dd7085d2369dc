// SPDX-License-Identifier: MIT
/*
 * TLB maintenance, where Linux's arch/x86/mm/tlb.c does it: after the
 * kernel changes a page-table entry it flushes the translations the CPU
 * may still hold, by INVLPG for a few pages or a full flush above
 * TLB_SINGLE_PAGE_FLUSH_CEILING pages.  tlb_audit() proves it did.
 *
 * mmlab has one CPU, so there are no IPIs and no lazy-TLB bookkeeping:
 * what Linux does on each CPU is done here once.
 */
#include <stdio.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <asm/page.h>
#include <asm/tlbflush.h>
#include <asm/mmu_context.h>
#include "hw/x86/cpu.h"

#define TLB_FLUSH_ALL	(~0UL)

/**
 * flush_tlb_all() - drop every translation, global ones included.
 *
 * Linux's __flush_tlb_all() with PCIDs: INVPCID "all contexts, incl. global".
 */
void flush_tlb_all(void)
{
	hw_invpcid_all(&current_machine()->hw);
}

/**
 * flush_tlb_one_kernel() - drop the translation of kernel address @addr.
 *
 * Kernel mappings are global, so INVLPG removes them whatever the PCID.
 */
void flush_tlb_one_kernel(unsigned long addr)
{
	hw_invlpg(&current_machine()->hw, addr);
}

/**
 * flush_tlb_kernel_range() - after changing kernel PTEs of [@start, @end).
 *
 * INVLPG per page, or one full flush when the range is longer than
 * TLB_SINGLE_PAGE_FLUSH_CEILING pages (or @end is TLB_FLUSH_ALL).
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	unsigned long addr;

	if (end <= start)
		return;
	if (end == TLB_FLUSH_ALL ||
	    (end - start) >> PAGE_SHIFT > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		flush_tlb_all();
		return;
	}
	for (addr = start & PAGE_MASK; addr < end; addr += PAGE_SIZE)
		flush_tlb_one_kernel(addr);
}

static bool mm_is_loaded(const struct mm_struct *mm)
{
	struct mml_machine *m = current_machine();

	return (m->hw.cpu.arch.cr3 & PHYSICAL_PAGE_MASK) == mm->pgd_pa;
}

/**
 * flush_tlb_mm_range() - after changing user PTEs of @mm in [@start, @end).
 *
 * If @mm is loaded: INVLPG per page, or a flush of its PCID above the
 * ceiling.  If not: its PCID's entries go (Linux defers this to the next
 * switch through tlb_gen; one CPU makes doing it now equivalent).
 */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end)
{
	struct mml_machine *m = current_machine();
	struct hw_cpu *cpu = &m->hw.cpu;
	unsigned long addr;

	if (!mm || end <= start)
		return;
	if (!mm_is_loaded(mm)) {
		/*
		 * Not loaded: as Linux does, note it and flush the PCID when
		 * @mm is next switched to (without PCIDs the switch flushes).
		 */
		mm->context.tlb_flush_pending = true;
		return;
	}
	if (end == TLB_FLUSH_ALL ||
	    (end - start) >> PAGE_SHIFT > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		if (cpu->arch.cr4_pcide)
			hw_invpcid_single(&m->hw, mm->context.pcid);
		else
			hw_write_cr3(&m->hw, cpu->arch.cr3);	/* drops non-global */
		return;
	}
	for (addr = start & PAGE_MASK; addr < end; addr += PAGE_SIZE)
		hw_invlpg(&m->hw, addr);
}

/**
 * switch_mm() - load @mm's page tables: CR3 = pgd | PCID, with the
 * no-flush bit when PCIDs are on (the PCID's entries stay valid because
 * flush_tlb_mm_range() drops them when @mm changes while not loaded).
 */
void switch_mm(struct mm_struct *mm)
{
	struct mml_machine *m = current_machine();
	struct hw_cpu *cpu = &m->hw.cpu;
	u64 cr3 = mm->pgd_pa;

	if (cpu->arch.cr4_pcide)
		cr3 |= (mm->context.pcid & 0xfffu) | CR3_NOFLUSH;
	if ((cr3 & ~CR3_NOFLUSH) == cpu->arch.cr3)
		return;
	if (mm->context.tlb_flush_pending) {
		cr3 &= ~CR3_NOFLUSH;	/* drop the PCID's stale entries */
		mm->context.tlb_flush_pending = false;
	}
	hw_write_cr3(&m->hw, cr3);
}

/**
 * init_new_context() - a new @mm gets the next PCID (1..4095; 0 is
 * init_mm's).  A PCID comes round again after 4095 address spaces, so the
 * first switch to @mm flushes whatever the tag still holds.
 * Return: 0.
 */
int init_new_context(struct mm_struct *mm)
{
	struct mml_machine *m = current_machine();

	mm->context.pcid = (u16)(1 + m->next_asid++ % 4095);
	mm->context.tlb_flush_pending = true;
	return 0;
}

/** leave_mm() - stop using @mm: load init_mm if @mm is loaded. */
void leave_mm(struct mm_struct *mm)
{
	if (mm_is_loaded(mm))
		switch_mm(&current_machine()->init_mm);
}

/**
 * destroy_context() - drop every entry of @mm's PCID at once: @mm is going
 * away and a later mm may get its PCID.
 */
void destroy_context(struct mm_struct *mm)
{
	struct mml_machine *m = current_machine();

	if (m->hw.cpu.arch.cr4_pcide)
		hw_invpcid_single(&m->hw, mm->context.pcid);
	mm->context.tlb_flush_pending = false;
}

/*
 * Does @e claim more than the tables give now?  A TLB entry with fewer
 * rights than the tables is harmless (the MMU walks again when a cached
 * right is missing, and x86 Linux relies on that when it upgrades a PTE
 * without a flush); a different frame or any extra right is stale.
 */
static int tlb_entry_check(const struct hw_tlb_entry *e, unsigned int set,
			   unsigned int way, char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	u64 va = e->vpn << PAGE_SHIFT;
	struct hw_walk_trace t;
	struct hw_xlate x;
	u64 leaf;
	u8 extra;

	if (hw_mmu_walk_peek(&m->hw, hw_mmu_root(&m->hw), va, 0, &x, &t)) {
		snprintf(msg, n, "TLB set %u way %u: stale entry for %#llx -> pfn %#llx, the page tables no longer map it (error code %#x)",
			 set, way, (unsigned long long)va,
			 (unsigned long long)e->pfn, x.error_code);
		return -EUCLEAN;
	}
	if (x.pa >> PAGE_SHIFT != e->pfn || x.page_shift != e->page_shift) {
		snprintf(msg, n, "TLB set %u way %u: stale entry for %#llx -> pfn %#llx (%u-bit page), the page tables give pfn %#llx (%u-bit page)",
			 set, way, (unsigned long long)va,
			 (unsigned long long)e->pfn, e->page_shift,
			 (unsigned long long)(x.pa >> PAGE_SHIFT), x.page_shift);
		return -EUCLEAN;
	}
	leaf = t.step[t.nlevels - 1].entry;
	extra = e->flags & (TLB_WRITE | TLB_USER | TLB_GLOBAL | TLB_DIRTY);
	extra &= (u8)~hw_walk_trace_rights(&m->hw, &t);
	if (!(e->flags & TLB_NX) && (hw_walk_trace_rights(&m->hw, &t) & TLB_NX))
		extra |= TLB_NX;
	if (extra) {
		snprintf(msg, n, "TLB set %u way %u: stale entry for %#llx: it grants %s%s%s%s%s that the page tables (leaf %#llx) do not",
			 set, way, (unsigned long long)va,
			 extra & TLB_WRITE ? "write " : "",
			 extra & TLB_USER ? "user " : "",
			 extra & TLB_NX ? "exec " : "",
			 extra & TLB_GLOBAL ? "global " : "",
			 extra & TLB_DIRTY ? "dirty " : "",
			 (unsigned long long)leaf);
		return -EUCLEAN;
	}
	return 0;
}

/**
 * tlb_audit() - no TLB entry the CPU could use now is stale: each valid
 * entry of the current PCID, and each global one, maps the frame a fresh
 * walk of the current tables gives, with no right the tables deny.
 * Entries of other PCIDs belong to address spaces not loaded; they are
 * checked when those are.
 *
 * Return: 0, or -EUCLEAN with @msg describing the first stale entry.
 */
int tlb_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	const struct hw_cpu *cpu = &m->hw.cpu;
	const struct hw_tlb *tlb = &cpu->tlb;
	u16 pcid = cpu->asid;
	unsigned int set, way;
	int err;

	for (set = 0; set < tlb->sets; set++) {
		for (way = 0; way < tlb->ways; way++) {
			const struct hw_tlb_entry *e = &tlb->e[set * tlb->ways + way];

			if (!(e->flags & TLB_VALID))
				continue;
			if (!(e->flags & TLB_GLOBAL) && e->asid != pcid)
				continue;
			err = tlb_entry_check(e, set, way, msg, n);
			if (err)
				return err;
		}
	}
	return 0;
}
