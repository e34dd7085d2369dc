// SPDX-License-Identifier: MIT
/*
 * Public view of the MMU: walk an address through the kernel's page
 * tables level by level, and look at, count and flush the TLB.
 */
#include <stdio.h>
#include <string.h>
#include <mmlab/mmlab.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <linux/sched.h>
#include "api/api.h"

/* Level names of a 4-level walk: the P4D is folded into the PGD. */
static const char *const walk_level_name[] = { "PGD", "PUD", "PMD", "PTE" };

/* Why a walk that stopped at its last recorded level faulted. */
static void walk_reason(struct mml_machine *m, struct mml_walk *w,
			const struct hw_walk_trace *t, unsigned int acc)
{
	const char *lvl = walk_level_name[t->nlevels ? t->nlevels - 1 : 0];
	u8 rights;

	if (!t->nlevels) {
		snprintf(w->reason, sizeof(w->reason),
			 "page table outside RAM");
	} else if (!(w->error_code & MML_PF_PROT)) {
		snprintf(w->reason, sizeof(w->reason), "%s entry not present",
			 lvl);
	} else if (w->error_code & MML_PF_RSVD) {
		snprintf(w->reason, sizeof(w->reason),
			 "reserved bit set in %s entry", lvl);
	} else {
		rights = hw_walk_trace_rights(&m->hw, t);
		if ((acc & MML_ACC_USER) && !(rights & TLB_USER))
			snprintf(w->reason, sizeof(w->reason),
				 "user access to supervisor page");
		else if ((acc & MML_ACC_WRITE) && !(rights & TLB_WRITE))
			snprintf(w->reason, sizeof(w->reason),
				 "write to read-only page");
		else
			snprintf(w->reason, sizeof(w->reason),
				 "instruction fetch from NX page");
	}
}

static void walk_fill_levels(struct mml_walk *w, const struct hw_walk_trace *t)
{
	int i;

	w->nlevels = t->nlevels;
	for (i = 0; i < t->nlevels && i < MML_WALK_MAX_LEVELS; i++) {
		struct mml_walk_level *l = &w->level[i];
		const struct hw_walk_step *s = &t->step[i];

		l->name = walk_level_name[i];
		l->index = s->index;
		l->table_pa = s->table_pa;
		l->entry = s->entry;
		l->leaf = s->leaf;
		pgtable_decode_bits(s->entry, s->leaf, /* pte_level = */ i == 3,
				    l->bits, sizeof(l->bits));
	}
}

/**
 * mml_walk() - walk the kernel page tables (init_mm) for @va as the MMU
 * would for an access @acc (MML_ACC_*), without touching the TLB or the
 * A/D bits.
 *
 * Return: 0 (with @w->fault telling whether the access would fault), or
 * -EINVAL for a non-canonical @va, unknown @acc bits or a NULL argument.
 */
static int walk_tables(struct mml_machine *m, u64 cr3, uint64_t va,
		       unsigned int acc, struct mml_walk *w)
{
	struct hw_walk_trace t;
	struct hw_xlate x;
	int err;

	if (!m || !w)
		return -EINVAL;
	memset(w, 0, sizeof(*w));
	w->va = va;
	w->cr3 = cr3;
	if (acc & ~(MML_ACC_WRITE | MML_ACC_USER | MML_ACC_FETCH)) {
		mml_set_error(m, "unknown access bits %#x", acc);
		return -EINVAL;
	}
	if (!is_canonical_address(va)) {
		mml_set_error(m, "address %#llx is not canonical",
			      (unsigned long long)va);
		return -EINVAL;
	}
	/* MML_ACC_* and HW_ACC_* share their encoding. */
	err = hw_mmu_walk_peek(&m->hw, w->cr3, va, acc, &x, &t);
	walk_fill_levels(w, &t);
	if (err) {
		w->fault = 1;
		w->error_code = x.error_code;
		walk_reason(m, w, &t, acc);
		return 0;
	}
	w->pa = x.pa;
	w->page_size = 1ULL << x.page_shift;
	return 0;
}

MML_API int mml_walk(struct mml_machine *m, uint64_t va, unsigned int acc,
		     struct mml_walk *w)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	return m ? walk_tables(m, m->init_mm.pgd_pa, va, acc, w) : -EINVAL;
}

/**
 * mml_task_walk() - the same walk through @t's own page tables (its CR3),
 * for a user address of the task.
 */
MML_API int mml_task_walk(struct mml_task *ut, uint64_t va, unsigned int acc,
			  struct mml_walk *w)
{
	task_guard(ut);
	int api_err = api_task_stopped(ut);

	if (api_err)
		return api_err;
	struct task_struct *t = task_of(ut);

	return walk_tables(t->machine, t->mm->pgd_pa, va, acc, w);
}

/** mml_tlb_stats() - the TLB's geometry, counters and valid entries. */
MML_API void mml_tlb_stats(struct mml_machine *m, struct mml_tlb_stats *st)
{
	machine_guard(m, NULL);
	if (api_stopped(m))
		return;
	const struct hw_tlb *tlb;
	size_t i, n;

	if (!m || !st)
		return;
	tlb = &m->hw.cpu.tlb;
	memset(st, 0, sizeof(*st));
	st->hits = tlb->hits;
	st->misses = tlb->misses;
	st->flushes_page = tlb->flushes_page;
	st->flushes_all = tlb->flushes_all;
	st->cr3_writes = tlb->root_writes;
	st->sets = tlb->sets;
	st->ways = tlb->ways;
	n = (size_t)tlb->sets * tlb->ways;
	for (i = 0; i < n; i++)
		if (tlb->e[i].flags & TLB_VALID)
			st->valid++;
}

/**
 * mml_tlb_foreach() - call @fn for each valid TLB entry, set by set; stop
 * when @fn returns non-zero.  Each entry is one 4 KiB granule, also when
 * it came from a 2 MiB or 1 GiB page (@page_size tells which).
 */
MML_API void mml_tlb_foreach(struct mml_machine *m,
			     int (*fn)(const struct mml_tlb_entry *, void *),
			     void *arg)
{
	machine_guard(m, NULL);
	if (api_stopped(m))
		return;
	const struct hw_tlb *tlb;
	unsigned int set, way;

	if (!m || !fn)
		return;
	tlb = &m->hw.cpu.tlb;
	for (set = 0; set < tlb->sets; set++) {
		for (way = 0; way < tlb->ways; way++) {
			const struct hw_tlb_entry *e = &tlb->e[set * tlb->ways + way];
			struct mml_tlb_entry te = {
				.set = set, .way = way,
				.va = e->vpn << PAGE_SHIFT,
				.pa = e->pfn << PAGE_SHIFT,
				.pcid = e->asid,
				.writable = !!(e->flags & TLB_WRITE),
				.user = !!(e->flags & TLB_USER),
				.nx = !!(e->flags & TLB_NX),
				.global = !!(e->flags & TLB_GLOBAL),
				.dirty = !!(e->flags & TLB_DIRTY),
				.page_size = 1ULL << e->page_shift,
			};

			if (!(e->flags & TLB_VALID))
				continue;
			if (fn(&te, arg))
				return;
		}
	}
}

/** mml_tlb_flush_all() - flush_tlb_all(): drop every entry. */
MML_API void mml_tlb_flush_all(struct mml_machine *m)
{
	machine_guard(m, NULL);
	if (api_stopped(m))
		return;
	if (m)
		flush_tlb_all();
}
