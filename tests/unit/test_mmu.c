// SPDX-License-Identifier: MIT
/*
 * The x86-64 MMU: translations through hand-built page tables (4 KiB,
 * 2 MiB and 1 GiB leaves), A/D bits exactly where the hardware sets them,
 * every kind of page fault with its error code and CR2, virtual accesses
 * (split, MMIO, ROM), the device models on the physical bus and the port
 * space, and the public access/walk API.
 *
 * The tables are built in a private PGD whose kernel half is copied from
 * init_mm (as Linux's pgd_alloc() does), so kernel accesses keep working
 * while it is loaded; the tests map user-half addresses only.
 */
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <mmlab/mmlab.h>
#include "helpers.h"
#include "hw/x86/cpu.h"

#define TBL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)	/* no A: see who sets it */
#define URW	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
#define KRW	(_PAGE_PRESENT | _PAGE_RW)
#define KRO	(_PAGE_PRESENT)
#define VA	0x0000000000400000ULL
#define PCID_A	5

struct pt {
	struct mml_machine *m;
	phys_addr_t pgd_pa;
	unsigned long table[32];
	int ntables;
};

static phys_addr_t pt_page(struct pt *pt)
{
	unsigned long kva = get_zeroed_page(GFP_KERNEL);

	cr_assert_neq(kva, 0, "out of pages for test tables");
	cr_assert_lt(pt->ntables, 32);
	pt->table[pt->ntables++] = kva;
	return __pa(kva);
}

static void pt_init(struct pt *pt, struct mml_machine *m)
{
	memset(pt, 0, sizeof(*pt));
	pt->m = m;
	pt->pgd_pa = pt_page(pt);
	memcpy((u64 *)phys_to_host(pt->pgd_pa) + 256, m->init_mm.pgd + 256,
	       256 * sizeof(u64));
}

/* Load the tables with @pcid (flushing that PCID). */
static void pt_enter(struct pt *pt, u16 pcid)
{
	hw_write_cr3(&pt->m->hw, pt->pgd_pa | pcid);
}

/* Back to init_mm; nothing of ours stays in the TLB. */
static void pt_leave(struct pt *pt)
{
	hw_invpcid_all(&pt->m->hw);
	hw_write_cr3(&pt->m->hw, pt->m->init_mm.pgd_pa);
}

static void pt_free(struct pt *pt)
{
	int i;

	for (i = 0; i < pt->ntables; i++)
		free_page(pt->table[i]);
	pt->ntables = 0;
}

/*
 * The entry for @va at @level (4 PGD, 3 PUD, 2 PMD, 1 PTE), making each
 * missing table above it with flags @tflags.
 */
static u64 *pt_entry(struct pt *pt, u64 va, int level, u64 tflags)
{
	u64 table = pt->pgd_pa, *e;
	unsigned int shift = PGDIR_SHIFT;
	int l;

	for (l = 4;; l--, shift -= 9) {
		e = (u64 *)phys_to_host(table) + ((va >> shift) & 511);
		if (l == level)
			return e;
		if (!(*e & _PAGE_PRESENT))
			set_pgd((pgd_t *)e, __pgd(pt_page(pt) | tflags));
		table = *e & PTE_PFN_MASK;
	}
}

static u64 *pt_map4k(struct pt *pt, u64 va, unsigned long pfn, u64 flags)
{
	pte_t *pte = (pte_t *)pt_entry(pt, va, 1, TBL);

	set_pte(pte, pfn_pte(pfn, __pgprot(flags)));
	return &pte->pte;
}

static unsigned long frame(struct mml_machine *m, unsigned int order)
{
	struct page *p = alloc_pages(GFP_KERNEL, order);

	cr_assert_not_null(p);
	return page_to_pfn(p);
}

static void frame_free(struct mml_machine *m, unsigned long pfn,
		       unsigned int order)
{
	__free_pages(pfn_to_page(pfn), order);
}

static u64 *frame_host(struct mml_machine *m, unsigned long pfn)
{
	return phys_to_host(PFN_PHYS(pfn));
}

/* The A/D bits of the entries the walk for @va passes, PGD first. */
static void walk_bits(struct pt *pt, u64 va, int levels, u64 *out)
{
	int l;

	for (l = 4; l > 4 - levels; l--)
		out[4 - l] = *pt_entry(pt, va, l, TBL) &
			     (_PAGE_ACCESSED | _PAGE_DIRTY);
}

/* ------------------------------------------------------------------ */

Test(mmu, translate_4k_and_ad_bits)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long pfn = frame(m, 0);
	struct hw_xlate x;
	struct pt pt;
	u64 bits[4], v, *pte;

	pt_init(&pt, m);
	pte = pt_map4k(&pt, VA, pfn, URW);
	frame_host(m, pfn)[1] = 0x1122334455667788ULL;
	pt_enter(&pt, PCID_A);
	test_audit(m);

	cr_assert_eq(hw_mmu_translate(&m->hw, VA + 0x123, 0, &x), 0);
	cr_assert_eq(x.pa, PFN_PHYS(pfn) + 0x123);
	cr_assert_eq(x.page_shift, 12);
	cr_assert_eq(x.host, (u8 *)frame_host(m, pfn) + 0x123);
	/* A read sets A at every level, and no D anywhere. */
	walk_bits(&pt, VA, 4, bits);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(bits[i], _PAGE_ACCESSED, "level %d: %#llx", i,
			     (unsigned long long)bits[i]);
	cr_assert_eq(hw_virt_read(&m->hw, VA + 8, 8, 0, &v), 0);
	cr_assert_eq(v, 0x1122334455667788ULL);
	test_audit(m);

	/* A write through the clean TLB entry walks again to set D on the leaf only. */
	cr_assert_eq(hw_virt_write(&m->hw, VA + 16, 4, HW_ACC_USER, 0xcafef00d), 0);
	cr_assert_eq(*pte & _PAGE_DIRTY, _PAGE_DIRTY);
	walk_bits(&pt, VA, 3, bits);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(bits[i], _PAGE_ACCESSED);
	cr_assert_eq(((u32 *)frame_host(m, pfn))[4], 0xcafef00d);
	test_audit(m);

	/* Widths 1, 2 and 4 read the low bytes, zero-extended. */
	cr_assert_eq(hw_virt_read(&m->hw, VA + 8, 1, 0, &v), 0);
	cr_assert_eq(v, 0x88);
	cr_assert_eq(hw_virt_read(&m->hw, VA + 8, 2, 0, &v), 0);
	cr_assert_eq(v, 0x7788);
	cr_assert_eq(hw_virt_read(&m->hw, VA + 12, 4, 0, &v), 0);
	cr_assert_eq(v, 0x11223344);
	cr_assert_eq(hw_virt_read(&m->hw, VA + 8, 3, 0, &v), -EINVAL);
	cr_assert_eq(hw_virt_write(&m->hw, VA + 8, 16, 0, 0), -EINVAL);

	pt_leave(&pt);
	pt_free(&pt);
	frame_free(m, pfn, 0);
	test_audit(m);
	mml_machine_free(m);
}

Test(mmu, accessed_bits_on_faults)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long pfn = frame(m, 0);
	struct hw_xlate x;
	struct pt pt;
	u64 bits[4], *pte;

	pt_init(&pt, m);
	pt_entry(&pt, VA, 1, TBL);	/* tables down to an empty PTE */
	pt_enter(&pt, PCID_A);

	/* PTE not present: the upper levels were used, so they get A. */
	cr_assert_eq(hw_mmu_translate(&m->hw, VA, 0, &x), -EFAULT);
	walk_bits(&pt, VA, 3, bits);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(bits[i], _PAGE_ACCESSED);
	cr_assert_eq(*pt_entry(&pt, VA, 1, TBL), 0);
	test_audit(m);

	/* A protection fault leaves the leaf without A and D. */
	pte = pt_map4k(&pt, VA, pfn, KRO);
	cr_assert_eq(hw_mmu_translate(&m->hw, VA, HW_ACC_WRITE, &x), -EFAULT);
	cr_assert_eq(*pte & (_PAGE_ACCESSED | _PAGE_DIRTY), 0);
	cr_assert_eq(hw_mmu_translate(&m->hw, VA, HW_ACC_USER, &x), -EFAULT);
	cr_assert_eq(*pte & (_PAGE_ACCESSED | _PAGE_DIRTY), 0);
	/* The allowed read sets A, not D. */
	cr_assert_eq(hw_mmu_translate(&m->hw, VA, 0, &x), 0);
	cr_assert_eq(*pte & (_PAGE_ACCESSED | _PAGE_DIRTY), _PAGE_ACCESSED);
	test_audit(m);

	pt_leave(&pt);
	pt_free(&pt);
	frame_free(m, pfn, 0);
	test_audit(m);
	mml_machine_free(m);
}

Test(mmu, large_2m_leaf)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long pfn = frame(m, 9);	/* 2 MiB, naturally aligned */
	struct hw_tlb *tlb = &m->hw.cpu.tlb;
	struct hw_tlb_entry *e = NULL;
	struct hw_xlate x;
	struct pt pt;
	pmd_t *pmd;
	u64 v;

	cr_assert_eq(pfn & 511, 0);
	pt_init(&pt, m);
	pmd = (pmd_t *)pt_entry(&pt, VA, 2, TBL);
	set_pmd(pmd, __pmd(PFN_PHYS(pfn) | KRW | _PAGE_PSE));
	frame_host(m, pfn + 0x12)[0x345 / 8] = 0xabcdef;
	pt_enter(&pt, PCID_A);

	cr_assert_eq(hw_mmu_translate(&m->hw, VA + 0x12345, 0, &x), 0);
	cr_assert_eq(x.pa, PFN_PHYS(pfn) + 0x12345);
	cr_assert_eq(x.page_shift, 21);
	cr_assert_eq(hw_virt_read(&m->hw, VA + 0x12340, 8, 0, &v), 0);
	cr_assert_eq(v, 0xabcdef);
	cr_assert_eq(pmd_val(*pmd) & (_PAGE_ACCESSED | _PAGE_DIRTY), _PAGE_ACCESSED);
	/* The TLB holds the 4 KiB granule and remembers the 2 MiB page. */
	for (unsigned int i = 0; i < tlb->sets * tlb->ways; i++)
		if ((tlb->e[i].flags & TLB_VALID) &&
		    tlb->e[i].vpn == (VA + 0x12345) >> 12)
			e = &tlb->e[i];
	cr_assert_not_null(e);
	cr_assert_eq(e->page_shift, 21);
	cr_assert_eq(e->pfn, pfn + 0x12);
	cr_assert_eq(hw_virt_write(&m->hw, VA + 0x1ffff8, 8, 0, 7), 0);
	cr_assert_eq(pmd_val(*pmd) & _PAGE_DIRTY, _PAGE_DIRTY);
	cr_assert_eq(frame_host(m, pfn + 511)[511], 7);
	test_audit(m);

	/* Bits 20:13 of a 2 MiB leaf are reserved. */
	set_pmd(pmd, __pmd(PFN_PHYS(pfn) | KRW | _PAGE_PSE | (1ULL << 13)));
	hw_invlpg(&m->hw, VA);
	cr_assert_eq(hw_mmu_translate(&m->hw, VA + 0x5000, HW_ACC_WRITE, &x), -EFAULT);
	cr_assert_eq(x.error_code, X86_PF_PROT | X86_PF_RSVD | X86_PF_WRITE);
	cr_assert_eq(m->hw.cpu.fault.addr, VA + 0x5000);
	test_audit(m);

	pt_leave(&pt);
	pt_free(&pt);
	frame_free(m, pfn, 9);
	test_audit(m);
	mml_machine_free(m);
}

Test(mmu, large_1g_leaf)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long pfn = frame(m, 0);
	const u64 base = 0x0000004000000000ULL;	/* a 1 GiB-aligned user address */
	struct hw_xlate x;
	struct pt pt;
	pud_t *pud;
	u64 v;

	pt_init(&pt, m);
	pud = (pud_t *)pt_entry(&pt, base, 3, TBL);
	set_pud(pud, __pud(0 | URW | _PAGE_PSE));	/* physical 0..1 GiB */
	frame_host(m, pfn)[3] = 0x600d;
	pt_enter(&pt, PCID_A);

	cr_assert_eq(hw_mmu_translate(&m->hw, base + PFN_PHYS(pfn) + 24, HW_ACC_USER, &x), 0);
	cr_assert_eq(x.pa, PFN_PHYS(pfn) + 24);
	cr_assert_eq(x.page_shift, 30);
	cr_assert_eq(hw_virt_read(&m->hw, base + PFN_PHYS(pfn) + 24, 8, HW_ACC_USER, &v), 0);
	cr_assert_eq(v, 0x600d);
	cr_assert_eq(pud_val(*pud) & (_PAGE_ACCESSED | _PAGE_DIRTY), _PAGE_ACCESSED);
	test_audit(m);

	/* Bits 29:13 of a 1 GiB leaf are reserved. */
	set_pud(pud, __pud((1ULL << 21) | URW | _PAGE_PSE));
	hw_invpcid_all(&m->hw);
	cr_assert_eq(hw_mmu_translate(&m->hw, base, HW_ACC_USER, &x), -EFAULT);
	cr_assert_eq(x.error_code, X86_PF_PROT | X86_PF_RSVD | X86_PF_USER);
	test_audit(m);

	pt_leave(&pt);
	pt_free(&pt);
	frame_free(m, pfn, 0);
	mml_machine_free(m);
}

struct fault_case {
	const char *what;
	u64 pgd, pud, pmd, pte;		/* flags per level (pfns added) */
	unsigned int acc;
	int err;
	u32 ec;
};

#define ALL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
static const struct fault_case fault_cases[] = {
	{ "PGD not present, read", 0, ALL, ALL, ALL, 0, -EFAULT, 0 },
	{ "PGD not present, write", 0, ALL, ALL, ALL, HW_ACC_WRITE, -EFAULT, X86_PF_WRITE },
	{ "PGD not present, user", 0, ALL, ALL, ALL, HW_ACC_USER, -EFAULT, X86_PF_USER },
	{ "PGD not present, fetch", 0, ALL, ALL, ALL, HW_ACC_FETCH, -EFAULT, X86_PF_INSTR },
	{ "PUD not present", ALL, 0, ALL, ALL, HW_ACC_WRITE | HW_ACC_USER, -EFAULT, X86_PF_WRITE | X86_PF_USER },
	{ "PMD not present", ALL, ALL, 0, ALL, 0, -EFAULT, 0 },
	{ "PTE not present", ALL, ALL, ALL, 0, HW_ACC_USER, -EFAULT, X86_PF_USER },
	{ "supervisor write, RO page (WP=1)", ALL, ALL, ALL, KRO, HW_ACC_WRITE, -EFAULT, X86_PF_PROT | X86_PF_WRITE },
	{ "user read, supervisor page", ALL, ALL, ALL, KRW, HW_ACC_USER, -EFAULT, X86_PF_PROT | X86_PF_USER },
	{ "user write, RO user page", ALL, ALL, ALL, KRO | _PAGE_USER, HW_ACC_USER | HW_ACC_WRITE, -EFAULT, X86_PF_PROT | X86_PF_WRITE | X86_PF_USER },
	{ "fetch, NX page", ALL, ALL, ALL, ALL | _PAGE_NX, HW_ACC_FETCH, -EFAULT, X86_PF_PROT | X86_PF_INSTR },
	{ "user fetch, NX page", ALL, ALL, ALL, ALL | _PAGE_NX, HW_ACC_FETCH | HW_ACC_USER, -EFAULT, X86_PF_PROT | X86_PF_INSTR | X86_PF_USER },
	{ "RW clear at PUD", ALL, _PAGE_PRESENT | _PAGE_USER, ALL, ALL, HW_ACC_WRITE, -EFAULT, X86_PF_PROT | X86_PF_WRITE },
	{ "US clear at PMD", ALL, ALL, _PAGE_PRESENT | _PAGE_RW, ALL, HW_ACC_USER, -EFAULT, X86_PF_PROT | X86_PF_USER },
	{ "NX at PGD", ALL | _PAGE_NX, ALL, ALL, ALL, HW_ACC_FETCH, -EFAULT, X86_PF_PROT | X86_PF_INSTR },
	{ "PS in a PGD entry is reserved", ALL | _PAGE_PSE, ALL, ALL, ALL, 0, -EFAULT, X86_PF_PROT | X86_PF_RSVD },
	{ "PS in a PGD entry, user write", ALL | _PAGE_PSE, ALL, ALL, ALL, HW_ACC_WRITE | HW_ACC_USER, -EFAULT, X86_PF_PROT | X86_PF_RSVD | X86_PF_WRITE | X86_PF_USER },
	{ "supervisor fetch of a user page (SMEP off)", ALL, ALL, ALL, ALL, HW_ACC_FETCH, 0, 0 },
	{ "supervisor read of a user page (SMAP off)", ALL, ALL, ALL, ALL, 0, 0, 0 },
	{ "supervisor write, all RW", ALL, ALL, ALL, ALL, HW_ACC_WRITE, 0, 0 },
	{ "user write, all RW US", ALL, ALL, ALL, ALL, HW_ACC_WRITE | HW_ACC_USER, 0, 0 },
	{ "RO upper level, read", ALL, ALL, _PAGE_PRESENT | _PAGE_USER, ALL, HW_ACC_USER, 0, 0 },
};

/* Build the four levels for @va with @c's flags (each level its own table). */
static void build_case(struct pt *pt, const struct fault_case *c, u64 va,
		       unsigned long pfn)
{
	u64 *pgd = pt_entry(pt, va, 4, 0), *pud, *pmd;
	phys_addr_t t1 = pt_page(pt), t2 = pt_page(pt), t3 = pt_page(pt);

	*pgd = t1 | c->pgd;
	pud = (u64 *)phys_to_host(t1) + pud_index(va);
	*pud = t2 | c->pud;
	pmd = (u64 *)phys_to_host(t2) + pmd_index(va);
	*pmd = t3 | c->pmd;
	((pte_t *)phys_to_host(t3))[pte_index(va)] =
		pfn_pte(pfn, __pgprot(c->pte));
}

Test(mmu, fault_kinds_and_error_codes)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long pfn = frame(m, 0);

	for (size_t i = 0; i < ARRAY_SIZE(fault_cases); i++) {
		const struct fault_case *c = &fault_cases[i];
		u64 va = VA + 0x1238;
		struct hw_xlate x;
		struct pt pt;
		int err;

		pt_init(&pt, m);
		build_case(&pt, c, va, pfn);
		pt_enter(&pt, PCID_A);
		m->hw.cpu.fault.addr = 0;
		m->hw.cpu.fault.code = 0xdead;
		err = hw_mmu_translate(&m->hw, va, c->acc, &x);
		cr_assert_eq(err, c->err, "%s: %d", c->what, err);
		if (err) {
			cr_assert_eq(x.error_code, c->ec, "%s: error code %#x, want %#x",
				     c->what, x.error_code, c->ec);
			cr_assert_eq(m->hw.cpu.fault.code, c->ec, "%s", c->what);
			cr_assert_eq(m->hw.cpu.fault.addr, va, "%s", c->what);
		} else {
			cr_assert_eq(x.pa, PFN_PHYS(pfn) + 0x238, "%s", c->what);
			cr_assert_eq(m->hw.cpu.fault.code, 0xdead, "%s", c->what);
		}
		/* The virtual access faults the same way. */
		u64 v = 0;
		err = (c->acc & HW_ACC_WRITE) ?
			hw_virt_write(&m->hw, va, 8, c->acc, 1) :
			hw_virt_read(&m->hw, va, 8, c->acc, &v);
		cr_assert_eq(err, c->err, "%s (virt): %d", c->what, err);
		test_audit(m);
		pt_leave(&pt);
		pt_free(&pt);
	}
	frame_free(m, pfn, 0);
	test_audit(m);
	mml_machine_free(m);
}

Test(mmu, non_canonical_is_not_a_page_fault)
{
	struct mml_machine *m = test_machine(NULL);
	struct hw_xlate x;
	u64 v;

	m->hw.cpu.fault.addr = 0x1234;
	cr_assert_eq(hw_mmu_translate(&m->hw, 0x0000800000000000ULL, 0, &x), -EINVAL);
	cr_assert_eq(hw_virt_read(&m->hw, 0x8000000000000000ULL, 8, 0, &v), -EINVAL);
	cr_assert_eq(hw_mmu_walk_peek(&m->hw, m->hw.cpu.arch.cr3, 0x0000900000000000ULL, 0, &x, NULL), -EINVAL);
	cr_assert_eq(m->hw.cpu.fault.addr, 0x1234);
	mml_machine_free(m);
}

Test(mmu, walk_peek_has_no_side_effects)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long pfn = frame(m, 0);
	struct hw_walk_trace t;
	struct hw_xlate x;
	struct pt pt;
	u64 bits[4], hits, misses;

	pt_init(&pt, m);
	pt_map4k(&pt, VA, pfn, URW | _PAGE_NX);
	pt_enter(&pt, PCID_A);
	hits = m->hw.cpu.tlb.hits;
	misses = m->hw.cpu.tlb.misses;
	m->hw.cpu.fault.addr = 0x77;

	cr_assert_eq(hw_mmu_walk_peek(&m->hw, m->hw.cpu.arch.cr3, VA + 5, HW_ACC_WRITE, &x, &t), 0);
	cr_assert_eq(x.pa, PFN_PHYS(pfn) + 5);
	cr_assert_eq(t.nlevels, 4);
	cr_assert_eq(t.step[0].table_pa, pt.pgd_pa);
	cr_assert_eq(t.step[0].index, pgd_index(VA));
	cr_assert_eq(t.step[3].index, pte_index(VA));
	cr_assert_eq(t.step[3].entry, PFN_PHYS(pfn) | URW | _PAGE_NX);
	cr_assert(t.step[3].leaf);
	cr_assert(!t.step[2].leaf);
	cr_assert_eq(hw_walk_trace_rights(&m->hw, &t), TLB_WRITE | TLB_USER | TLB_NX);
	/* A fault in peek mode: reported, but CR2 untouched. */
	cr_assert_eq(hw_mmu_walk_peek(&m->hw, m->hw.cpu.arch.cr3, VA, HW_ACC_FETCH, &x, &t), -EFAULT);
	cr_assert_eq(x.error_code, X86_PF_PROT | X86_PF_INSTR);
	cr_assert_eq(hw_mmu_walk_peek(&m->hw, m->hw.cpu.arch.cr3, VA + PMD_SIZE, 0, &x, &t), -EFAULT);
	cr_assert_eq(t.nlevels, 3, "stops at the empty PMD entry");
	cr_assert(!t.step[2].leaf, "a not-present entry maps nothing");

	walk_bits(&pt, VA, 4, bits);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(bits[i], 0);
	cr_assert_eq(m->hw.cpu.tlb.hits, hits);
	cr_assert_eq(m->hw.cpu.tlb.misses, misses);
	cr_assert_eq(m->hw.cpu.fault.addr, 0x77);
	test_audit(m);

	pt_leave(&pt);
	pt_free(&pt);
	frame_free(m, pfn, 0);
	mml_machine_free(m);
}

Test(mmu, access_across_a_page_boundary)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long a = frame(m, 0), b = frame(m, 0);
	struct pt pt;
	u64 v;

	pt_init(&pt, m);
	pt_map4k(&pt, VA, a, KRW);
	pt_map4k(&pt, VA + PAGE_SIZE, b, KRW);
	pt_enter(&pt, PCID_A);

	/* Pages a and b are not adjacent in physical memory. */
	cr_assert_eq(hw_virt_write(&m->hw, VA + PAGE_SIZE - 3, 8, 0, 0x8877665544332211ULL), 0);
	cr_assert_eq(((u8 *)frame_host(m, a))[PAGE_SIZE - 3], 0x11);
	cr_assert_eq(((u8 *)frame_host(m, a))[PAGE_SIZE - 1], 0x33);
	cr_assert_eq(((u8 *)frame_host(m, b))[0], 0x44);
	cr_assert_eq(((u8 *)frame_host(m, b))[4], 0x88);
	cr_assert_eq(hw_virt_read(&m->hw, VA + PAGE_SIZE - 3, 8, 0, &v), 0);
	cr_assert_eq(v, 0x8877665544332211ULL);
	cr_assert_eq(hw_virt_read(&m->hw, VA + PAGE_SIZE - 1, 2, 0, &v), 0);
	cr_assert_eq(v, 0x4433);
	test_audit(m);

	/* The second page unmapped: the fault names it, the first page is untouched. */
	pte_clear((pte_t *)pt_entry(&pt, VA + PAGE_SIZE, 1, TBL));
	hw_invlpg(&m->hw, VA + PAGE_SIZE);
	cr_assert_eq(hw_virt_write(&m->hw, VA + PAGE_SIZE - 4, 8, 0, 0), -EFAULT);
	cr_assert_eq(m->hw.cpu.fault.addr, VA + PAGE_SIZE + 3);
	cr_assert_eq(m->hw.cpu.fault.code, X86_PF_WRITE);
	cr_assert_eq(((u8 *)frame_host(m, a))[PAGE_SIZE - 3], 0x11);
	test_audit(m);

	pt_leave(&pt);
	pt_free(&pt);
	frame_free(m, a, 0);
	frame_free(m, b, 0);
	mml_machine_free(m);
}

Test(mmu, mmio_and_rom_through_the_mmu)
{
	struct mml_machine *m = test_machine(NULL);
	const struct hw_region *rom = hw_find_region(&m->hw, 0xf0000);
	struct hw_xlate x;
	struct pt pt;
	u64 v, before;

	cr_assert_not_null(rom);
	cr_assert_eq(rom->kind, HW_REGION_ROM);
	pt_init(&pt, m);
	pt_map4k(&pt, VA, REGBLOCK_MMIO_BASE >> PAGE_SHIFT, KRW | _PAGE_PCD);
	pt_map4k(&pt, VA + PAGE_SIZE, VGA_TEXT_BASE >> PAGE_SHIFT, KRW);
	pt_map4k(&pt, VA + 2 * PAGE_SIZE, 0xf0000 >> PAGE_SHIFT, KRW);
	pt_enter(&pt, PCID_A);

	/* MMIO: no host pointer, the access reaches the device. */
	cr_assert_eq(hw_mmu_translate(&m->hw, VA, 0, &x), 0);
	cr_assert_null(x.host);
	cr_assert_eq(hw_virt_read(&m->hw, VA + REGBLOCK_REG_ID, 4, 0, &v), 0);
	cr_assert_eq(v, REGBLOCK_ID);
	cr_assert_eq(hw_virt_write(&m->hw, VA + REGBLOCK_REG_SCRATCH, 4, 0, 0x5a5a), 0);
	cr_assert_eq(hw_phys_read(&m->hw, REGBLOCK_MMIO_BASE + REGBLOCK_REG_SCRATCH, 4, &v), 0);
	cr_assert_eq(v, 0x5a5a);
	/* VGA text through a mapping: memory-like. */
	cr_assert_eq(hw_virt_write(&m->hw, VA + PAGE_SIZE, 2, 0, 0x0748), 0);
	cr_assert_eq(hw_virt_read(&m->hw, VA + PAGE_SIZE, 2, 0, &v), 0);
	cr_assert_eq(v, 0x0748);
	/* ROM: readable at host speed, writes ignored. */
	hw_phys_read(&m->hw, 0xf0010, 8, &before);
	cr_assert_eq(hw_virt_write(&m->hw, VA + 2 * PAGE_SIZE + 0x10, 8, 0, ~before), 0);
	cr_assert_eq(hw_virt_write(&m->hw, VA + 2 * PAGE_SIZE + 0x10, 8, 0, ~before), 0);
	cr_assert_eq(hw_virt_read(&m->hw, VA + 2 * PAGE_SIZE + 0x10, 8, 0, &v), 0);
	cr_assert_eq(v, before);
	test_audit(m);

	pt_leave(&pt);
	pt_free(&pt);
	mml_machine_free(m);
}

/* The region holding @pa by a scan of every region: the oracle. */
static const struct hw_region *region_by_scan(const struct hw_machine *hw,
					      u64 pa)
{
	int i;

	for (i = 0; i < hw->bus.nr_regions; i++)
		if (pa >= hw->bus.region[i].start && pa < hw->bus.region[i].end)
			return &hw->bus.region[i];
	return NULL;
}

/*
 * hw_find_region() asks the region it found last first: whatever it found
 * before, every address still gets its own region, and a hole none.  The
 * addresses alternate between regions (and the holes between them) so
 * that each lookup starts with another region's hint.
 */
Test(mmu, region_lookup_hint_answers_only_for_its_region)
{
	struct mml_machine *m = test_machine_ram(5ULL << 30, NULL);
	const struct hw_bus *bus = &m->hw.bus;
	u64 probes[4 * HW_MAX_REGIONS + 2];
	int i, j, n = 0;

	for (i = 0; i < bus->nr_regions; i++) {
		probes[n++] = bus->region[i].start;
		probes[n++] = bus->region[i].end - 1;
		probes[n++] = bus->region[i].end;	/* a hole or the next */
		if (bus->region[i].start)
			probes[n++] = bus->region[i].start - 1;
	}
	probes[n++] = ~0ULL;
	probes[n++] = 0;
	cr_assert_gt(bus->nr_regions, 3);
	for (i = 0; i < n; i++)
		for (j = n - 1; j >= 0; j--) {
			cr_assert_eq(hw_find_region(&m->hw, probes[i]),
				     region_by_scan(&m->hw, probes[i]),
				     "pa %#llx after %#llx",
				     (unsigned long long)probes[i],
				     (unsigned long long)probes[j]);
			cr_assert_eq(hw_find_region(&m->hw, probes[j]),
				     region_by_scan(&m->hw, probes[j]));
		}
	mml_machine_free(m);
}

/* ------------------------------------------------------------------ */
/* Devices                                                             */
/* ------------------------------------------------------------------ */

static u64 phys_rd(struct mml_machine *m, u64 pa, unsigned int w)
{
	u64 v = 0;

	cr_assert_eq(mml_read(m, MML_SPACE_PHYS, pa, w, &v), 0, "read %#llx",
		     (unsigned long long)pa);
	return v;
}

static void phys_wr(struct mml_machine *m, u64 pa, unsigned int w, u64 v)
{
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, pa, w, v), 0);
}

#define RB(off)	(REGBLOCK_MMIO_BASE + (off))

Test(devices, regblock_registers)
{
	struct mml_machine *m = test_machine(NULL);

	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_ID), 4), REGBLOCK_ID);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_VERSION), 4), 0x00010000);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_ID), 1), 'B');
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_ID + 3), 1), 'M');
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_ID + 2), 2), 0x4d4d);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_ID), 8), 0x000100004d4d4c42ULL);
	/* Read-only registers keep their value. */
	phys_wr(m, RB(REGBLOCK_REG_ID), 4, 0);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_ID), 4), REGBLOCK_ID);

	/* SCRATCH: byte lanes. */
	phys_wr(m, RB(REGBLOCK_REG_SCRATCH), 4, 0x11223344);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_SCRATCH), 4), 0x11223344);
	phys_wr(m, RB(REGBLOCK_REG_SCRATCH + 1), 1, 0xaa);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_SCRATCH), 4), 0x1122aa44);
	phys_wr(m, RB(REGBLOCK_REG_SCRATCH + 2), 2, 0xbeef);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_SCRATCH), 4), 0xbeefaa44);

	/* Unknown offsets read 0 and ignore writes. */
	phys_wr(m, RB(0x100), 4, 0xffffffff);
	cr_assert_eq(phys_rd(m, RB(0x100), 4), 0);
	cr_assert_eq(phys_rd(m, RB(0x18), 8), 0);
	/* The bus itself takes unaligned accesses: lanes of two registers. */
	{
		u64 v;

		cr_assert_eq(hw_phys_read(&m->hw, RB(REGBLOCK_REG_ID + 2), 4, &v), 0);
		cr_assert_eq(v, 0x00004d4d);
		cr_assert_eq(hw_phys_read(&m->hw, RB(0x12), 4, &v), 0);
		cr_assert_eq(v, 0);
	}
	cr_assert_eq(phys_rd(m, RB(0xff8), 8), 0);
	test_audit(m);
	mml_machine_free(m);
}

Test(devices, regblock_counter)
{
	struct mml_machine *m = test_machine(NULL);

	/* Stopped: reads do not advance it. */
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 0);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 0);
	phys_wr(m, RB(REGBLOCK_REG_CONTROL), 4, REGBLOCK_CTRL_RUN);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_CONTROL), 4), REGBLOCK_CTRL_RUN);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 0);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 1);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 1), 2);
	/* One 8-byte access over SCRATCH and COUNTER advances it once. */
	phys_wr(m, RB(REGBLOCK_REG_SCRATCH), 4, 0x99);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_SCRATCH), 8), (3ULL << 32) | 0x99);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 4);
	/* Writes to the counter are ignored. */
	phys_wr(m, RB(REGBLOCK_REG_COUNTER), 4, 1000);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 5);
	/* RESET zeroes it and reads back as 0; RUN stays as written. */
	phys_wr(m, RB(REGBLOCK_REG_CONTROL), 4, REGBLOCK_CTRL_RUN | REGBLOCK_CTRL_RESET);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_CONTROL), 4), REGBLOCK_CTRL_RUN);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 0);
	phys_wr(m, RB(REGBLOCK_REG_CONTROL), 1, REGBLOCK_CTRL_RESET);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_CONTROL), 4), 0);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 0);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 0);
	mml_machine_free(m);
}

static u32 port_rd(struct mml_machine *m, u16 port, unsigned int w)
{
	u32 v = 0;

	cr_assert_eq(mml_port_in(m, port, w, &v), 0);
	return v;
}

Test(devices, regblock_ports)
{
	struct mml_machine *m = test_machine(NULL);
	u32 v;

	/* +0 ID, +4 SCRATCH, +8 COUNTER, +0xc CONTROL */
	cr_assert_eq(port_rd(m, REGBLOCK_PORT_BASE, 4), REGBLOCK_ID);
	cr_assert_eq(port_rd(m, REGBLOCK_PORT_BASE + 1, 1), 'L');
	cr_assert_eq(port_rd(m, REGBLOCK_PORT_BASE, 2), 0x4c42);
	cr_assert_eq(mml_port_out(m, REGBLOCK_PORT_BASE + 4, 4, 0xfeedface), 0);
	cr_assert_eq(port_rd(m, REGBLOCK_PORT_BASE + 4, 4), 0xfeedface);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_SCRATCH), 4), 0xfeedface,
		     "ports and MMIO reach the same register");
	cr_assert_eq(mml_port_out(m, REGBLOCK_PORT_BASE + 0xc, 1, REGBLOCK_CTRL_RUN), 0);
	cr_assert_eq(port_rd(m, REGBLOCK_PORT_BASE + 8, 4), 0);
	cr_assert_eq(port_rd(m, REGBLOCK_PORT_BASE + 8, 4), 1);
	cr_assert_eq(phys_rd(m, RB(REGBLOCK_REG_COUNTER), 4), 2);
	cr_assert_eq(mml_port_out(m, REGBLOCK_PORT_BASE + 0xc, 4, REGBLOCK_CTRL_RESET), 0);
	cr_assert_eq(port_rd(m, REGBLOCK_PORT_BASE + 8, 4), 0);
	/* Undecoded ports read all ones. */
	cr_assert_eq(port_rd(m, 0x7000, 1), 0xff);
	cr_assert_eq(port_rd(m, 0x7000, 2), 0xffff);
	cr_assert_eq(port_rd(m, 0x7000, 4), 0xffffffff);
	cr_assert_eq(mml_port_out(m, 0x7000, 4, 1), 0);
	/* Bad widths. */
	cr_assert_eq(mml_port_in(m, REGBLOCK_PORT_BASE, 8, &v), -EINVAL);
	cr_assert_eq(mml_port_in(m, REGBLOCK_PORT_BASE, 3, &v), -EINVAL);
	cr_assert_eq(mml_port_out(m, 0xffff, 2, 0), -EINVAL);
	cr_assert_neq(strlen(mml_last_error(m)), 0);
	mml_machine_free(m);
}

Test(devices, vga_text)
{
	struct mml_machine *m = test_machine(NULL);
	const char *hello = "Hello, VGA";
	char buf[4096], small[8];
	size_t len, i;

	/* Blank screen: 25 empty lines. */
	len = vga_render_text(m->vga, buf, sizeof(buf));
	cr_assert_eq(len, 25);
	for (i = 0; i < 25; i++)
		cr_assert_eq(buf[i], '\n');

	for (i = 0; hello[i]; i++)
		phys_wr(m, VGA_TEXT_BASE + 2 * i, 2, 0x0700 | (u8)hello[i]);
	/* Row 2, column 78: a non-printable, then '!' in the last column. */
	phys_wr(m, VGA_TEXT_BASE + (2 * 80 + 78) * 2, 4, 0x0721071f);
	phys_wr(m, VGA_TEXT_BASE + (1 * 80 + 5) * 2, 1, ' ');
	len = vga_render_text(m->vga, buf, sizeof(buf));
	cr_assert_str_eq(buf, "Hello, VGA\n\n"
			 "                                                                              .!\n"
			 "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
	cr_assert_eq(len, strlen(buf));
	/* Truncation as snprintf. */
	cr_assert_eq(vga_render_text(m->vga, small, sizeof(small)), len);
	cr_assert_str_eq(small, "Hello, ");
	cr_assert_eq(vga_render_text(m->vga, NULL, 0), len);

	/* The whole window is memory-like at every width. */
	phys_wr(m, VGA_MMIO_BASE, 8, 0x0102030405060708ULL);
	cr_assert_eq(phys_rd(m, VGA_MMIO_BASE, 8), 0x0102030405060708ULL);
	cr_assert_eq(phys_rd(m, VGA_MMIO_BASE + 2, 2), 0x0506);
	phys_wr(m, VGA_MMIO_BASE + VGA_MMIO_SIZE - 1, 1, 0x5e);
	cr_assert_eq(phys_rd(m, VGA_MMIO_BASE + VGA_MMIO_SIZE - 1, 1), 0x5e);
	test_audit(m);
	mml_machine_free(m);
}

/* ------------------------------------------------------------------ */
/* The public access and walk API                                      */
/* ------------------------------------------------------------------ */

Test(api, access_validation_and_spaces)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long kva = get_zeroed_page(GFP_KERNEL);
	uint64_t v, cr2;
	uint32_t ec;

	cr_assert_neq(kva, 0);
	cr_assert_eq(mml_read(m, MML_SPACE_PHYS, 0x1000, 3, &v), -EINVAL);
	cr_assert(strstr(mml_last_error(m), "width"), "%s", mml_last_error(m));
	cr_assert_eq(mml_read(m, MML_SPACE_PHYS, 0x1002, 4, &v), -EINVAL);
	cr_assert(strstr(mml_last_error(m), "aligned"), "%s", mml_last_error(m));
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, kva + 1, 8, 0), -EINVAL);
	cr_assert_eq(mml_read(m, (enum mml_space)7, 0, 1, &v), -EINVAL);
	cr_assert_eq(mml_read(m, MML_SPACE_PHYS, 0, 1, NULL), -EINVAL);
	cr_assert_eq(mml_read(m, MML_SPACE_KERNEL, 0x0000800000000000ULL, 8, &v), -EINVAL);
	/* Nothing decodes 0xe0000000 (the PCI hole below the MMIO window). */
	cr_assert_eq(mml_read(m, MML_SPACE_PHYS, 0xe0000000ULL, 4, &v), -EIO);
	cr_assert_eq(v, 0xffffffff);
	cr_assert(strstr(mml_last_error(m), "0xe0000000"), "%s", mml_last_error(m));
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, 0xe0000000ULL, 4, 1), -EIO);

	/* The same RAM through the bus and through the direct map. */
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, __pa(kva) + 8, 8, 0x1234567890ULL), 0);
	cr_assert_eq(mml_read(m, MML_SPACE_KERNEL, kva + 8, 8, &v), 0);
	cr_assert_eq(v, 0x1234567890ULL);
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, kva + 16, 2, 0xbeef), 0);
	cr_assert_eq(mml_read(m, MML_SPACE_PHYS, __pa(kva) + 16, 2, &v), 0);
	cr_assert_eq(v, 0xbeef);
	test_audit(m);

	/* A kernel page fault: unmapped vmalloc space. */
	cr_assert_eq(mml_read(m, MML_SPACE_KERNEL, VMALLOC_START + (8ULL << 40), 4, &v), -EFAULT);
	mml_last_fault(m, &cr2, &ec);
	cr_assert_eq(cr2, VMALLOC_START + (8ULL << 40));
	cr_assert_eq(ec, 0);
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, VMALLOC_START + (8ULL << 40) + 8, 8, 0), -EFAULT);
	mml_last_fault(m, &cr2, &ec);
	cr_assert_eq(cr2, VMALLOC_START + (8ULL << 40) + 8);
	cr_assert_eq(ec, X86_PF_WRITE);
	cr_assert(strstr(mml_last_error(m), "fault"), "%s", mml_last_error(m));
	mml_last_fault(NULL, &cr2, NULL);
	cr_assert_eq(cr2, 0);

	free_page(kva);
	test_audit(m);
	mml_machine_free(m);
}

Test(api, walk_direct_map)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long kva = get_zeroed_page(GFP_KERNEL);
	struct mml_walk w;
	u64 a_before;
	enum pg_level level;
	pte_t *leaf;

	cr_assert_neq(kva, 0);
	leaf = lookup_address(kva, &level);
	cr_assert_not_null(leaf);
	a_before = pte_val(*leaf);
	cr_assert_eq(mml_walk(m, kva + 0x10, MML_ACC_WRITE, &w), 0);
	cr_assert_eq(w.fault, 0, "%s", w.reason);
	cr_assert_eq(w.pa, __pa(kva) + 0x10);
	cr_assert_eq(w.cr3, m->init_mm.pgd_pa);
	cr_assert_str_eq(w.level[0].name, "PGD");
	cr_assert_str_eq(w.level[1].name, "PUD");
	cr_assert_eq(w.level[0].table_pa, m->init_mm.pgd_pa);
	cr_assert_eq(w.level[0].index, pgd_index(kva));
	cr_assert(w.level[w.nlevels - 1].leaf);
	cr_assert_eq(w.page_size, level == PG_LEVEL_4K ? SZ_4K :
				  level == PG_LEVEL_2M ? SZ_2M : SZ_1G);
	cr_assert(strstr(w.level[w.nlevels - 1].bits, "NX"), "%s", w.level[w.nlevels - 1].bits);
	cr_assert(strstr(w.level[0].bits, "P RW"), "%s", w.level[0].bits);
	cr_assert_eq(pte_val(*leaf), a_before, "mml_walk must not touch A/D");

	/* Fetch from the NX direct map; user access to kernel memory. */
	cr_assert_eq(mml_walk(m, kva, MML_ACC_FETCH, &w), 0);
	cr_assert_eq(w.fault, 1);
	cr_assert_eq(w.error_code, MML_PF_PROT | MML_PF_INSTR);
	cr_assert_str_eq(w.reason, "instruction fetch from NX page");
	cr_assert_eq(mml_walk(m, kva, MML_ACC_USER, &w), 0);
	cr_assert_eq(w.error_code, MML_PF_PROT | MML_PF_USER);
	cr_assert_str_eq(w.reason, "user access to supervisor page");
	/* Unmapped: the first empty level is named. */
	cr_assert_eq(mml_walk(m, 0x1000, 0, &w), 0);
	cr_assert_eq(w.fault, 1);
	cr_assert_eq(w.error_code, 0);
	cr_assert_eq(w.nlevels, 1);
	cr_assert_str_eq(w.reason, "PGD entry not present");
	cr_assert_str_eq(w.level[0].bits, "none");
	/* Bad input. */
	cr_assert_eq(mml_walk(m, 0x0000800000000000ULL, 0, &w), -EINVAL);
	cr_assert_eq(mml_walk(m, kva, 0x80, &w), -EINVAL);
	cr_assert_eq(mml_walk(m, kva, 0, NULL), -EINVAL);

	free_page(kva);
	test_audit(m);
	mml_machine_free(m);
}

/* A read-only 4 KiB kernel mapping in init_mm, made by the kernel path. */
Test(api, walk_read_only_and_missing_levels)
{
	struct mml_machine *m = test_machine(NULL);
	const unsigned long va = MODULES_VADDR + 0x123000;
	unsigned long pfn = frame(m, 0);
	struct mml_walk w;
	pgd_t *pgd = pgd_offset_k(va);
	pud_t *pud;
	pmd_t *pmd;
	pte_t *pte;

	pud = pud_alloc(&m->init_mm, p4d_offset(pgd, va), va);
	cr_assert_not_null(pud);
	pmd = pmd_alloc(&m->init_mm, pud, va);
	cr_assert_not_null(pmd);
	/* The PMD level is empty so far. */
	cr_assert_eq(mml_walk(m, va, 0, &w), 0);
	cr_assert_eq(w.fault, 1);
	cr_assert_str_eq(w.reason, "PMD entry not present");
	cr_assert_eq(w.nlevels, 3);
	pte = pte_alloc_kernel(pmd, va);
	cr_assert_not_null(pte);
	cr_assert_eq(mml_walk(m, va, 0, &w), 0);
	cr_assert_str_eq(w.reason, "PTE entry not present");
	cr_assert_eq(w.nlevels, 4);
	cr_assert_str_eq(w.level[3].name, "PTE");

	set_pte(pte, pfn_pte(pfn, PAGE_KERNEL_RO));
	cr_assert_eq(mml_walk(m, va + 8, MML_ACC_WRITE, &w), 0);
	cr_assert_eq(w.fault, 1);
	cr_assert_eq(w.error_code, MML_PF_PROT | MML_PF_WRITE);
	cr_assert_str_eq(w.reason, "write to read-only page");
	cr_assert_eq(mml_walk(m, va + 8, 0, &w), 0);
	cr_assert_eq(w.fault, 0);
	cr_assert_eq(w.pa, PFN_PHYS(pfn) + 8);
	cr_assert_eq(w.page_size, SZ_4K);
	cr_assert_str_eq(w.level[3].bits, "P A D G NX");
	/* Through the MMU: the kernel write faults, the read works. */
	uint64_t v;
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, va, 8, 1), -EFAULT);
	cr_assert_eq(mml_read(m, MML_SPACE_KERNEL, va, 8, &v), 0);
	test_audit(m);

	pte_clear(pte);
	flush_tlb_one_kernel(va);
	frame_free(m, pfn, 0);
	test_audit(m);
	mml_machine_free(m);
}
