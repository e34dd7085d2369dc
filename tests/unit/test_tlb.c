// SPDX-License-Identifier: MIT
/*
 * The TLB and the kernel's flushes: hit/miss counters, PCID tagging,
 * global entries across CR3 writes, INVLPG/INVPCID, round-robin victims,
 * and the stale-entry test: after the kernel changes a PTE and flushes,
 * the next access sees the new mapping; without the flush tlb_audit()
 * catches the stale entry.
 *
 * Private tables get a PGD whose kernel half is init_mm's (as Linux's
 * pgd_alloc() does) and map user-half addresses only.
 */
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <mmlab/mmlab.h>
#include "helpers.h"
#include <linux/arch.h>
#include "hw/x86/cpu.h"

#define TBL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define KRW	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define VA	0x0000000000400000ULL

struct pt {
	struct mml_machine *m;
	struct mm_struct mm;
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

static void pt_init(struct pt *pt, struct mml_machine *m, u16 pcid)
{
	memset(pt, 0, sizeof(*pt));
	pt->m = m;
	pt->mm.machine = m;
	pt->mm.pgd_pa = pt_page(pt);
	pt->mm.pgd = phys_to_host(pt->mm.pgd_pa);
	pt->mm.context.pcid = pcid;
	memcpy(pt->mm.pgd + 256, m->init_mm.pgd + 256, 256 * sizeof(pgd_t));
}

static void pt_free(struct pt *pt)
{
	for (int i = 0; i < pt->ntables; i++)
		free_page(pt->table[i]);
	pt->ntables = 0;
}

/* The entry for @va at @level (4 PGD .. 1 PTE), making the tables above. */
static u64 *pt_entry(struct pt *pt, u64 va, int level)
{
	u64 table = pt->mm.pgd_pa, *e;
	unsigned int shift = PGDIR_SHIFT;

	for (int l = 4;; l--, shift -= 9) {
		e = (u64 *)phys_to_host(table) + ((va >> shift) & 511);
		if (l == level)
			return e;
		if (!(*e & _PAGE_PRESENT))
			set_pgd((pgd_t *)e, __pgd(pt_page(pt) | TBL));
		table = *e & PTE_PFN_MASK;
	}
}

static pte_t *pt_pte(struct pt *pt, u64 va)
{
	return (pte_t *)pt_entry(pt, va, 1);
}

static void pt_map(struct pt *pt, u64 va, unsigned long pfn, u64 flags)
{
	set_pte(pt_pte(pt, va), pfn_pte(pfn, __pgprot(flags)));
}

/* Back to init_mm with nothing of ours left in the TLB. */
static void back_to_init_mm(struct mml_machine *m)
{
	hw_invpcid_all(&m->hw);
	hw_write_cr3(&m->hw, m->init_mm.pgd_pa);
}

static unsigned long frame(struct mml_machine *m, u64 fill)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);
	u64 *h;

	cr_assert_not_null(p);
	h = page_host(p);
	for (int i = 0; i < 512; i++)
		h[i] = fill;
	return page_to_pfn(p);
}

static void frame_free(struct mml_machine *m, unsigned long pfn)
{
	__free_pages(pfn_to_page(pfn), 0);
}

static u64 rd(struct mml_machine *m, u64 va)
{
	u64 v = 0;

	cr_assert_eq(hw_virt_read(&m->hw, va, 8, 0, &v), 0, "read %#llx",
		     (unsigned long long)va);
	return v;
}

/* The valid TLB entry for @va usable with @pcid, or NULL. */
static struct hw_tlb_entry *tlb_find(struct mml_machine *m, u64 va, u16 pcid)
{
	struct hw_tlb *tlb = &m->hw.cpu.tlb;

	for (unsigned int i = 0; i < tlb->sets * tlb->ways; i++) {
		struct hw_tlb_entry *e = &tlb->e[i];

		if ((e->flags & TLB_VALID) && e->vpn == va >> PAGE_SHIFT &&
		    ((e->flags & TLB_GLOBAL) || e->asid == pcid))
			return e;
	}
	return NULL;
}

static int count_entry(const struct mml_tlb_entry *e, void *arg)
{
	struct mml_tlb_entry *want = arg;

	if (e->va == want->va) {
		*want = *e;
		return 1;
	}
	return 0;
}

Test(tlb, hits_misses_and_public_view)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long f = frame(m, 0x1111);
	struct mml_tlb_stats st0, st;
	struct mml_tlb_entry te = { .va = VA };
	struct pt pt;

	pt_init(&pt, m, 3);
	pt_map(&pt, VA, f, KRW | _PAGE_USER);
	hw_write_cr3(&m->hw, pt.mm.pgd_pa | 3);
	mml_tlb_stats(m, &st0);

	cr_assert_eq(rd(m, VA), 0x1111);
	mml_tlb_stats(m, &st);
	cr_assert_eq(st.misses, st0.misses + 1);
	cr_assert_eq(st.hits, st0.hits);
	for (int i = 0; i < 10; i++)
		cr_assert_eq(rd(m, VA + 8 * i), 0x1111);
	mml_tlb_stats(m, &st);
	cr_assert_eq(st.misses, st0.misses + 1);
	cr_assert_eq(st.hits, st0.hits + 10);
	cr_assert_eq(st.sets, 256);
	cr_assert_eq(st.ways, 4);
	cr_assert_geq(st.valid, 1);
	test_audit(m);

	mml_tlb_foreach(m, count_entry, &te);
	cr_assert_eq(te.pa, PFN_PHYS(f));
	cr_assert_eq(te.pcid, 3);
	cr_assert_eq(te.writable, 1);
	cr_assert_eq(te.user, 1);
	cr_assert_eq(te.dirty, 1);
	cr_assert_eq(te.global, 0);
	cr_assert_eq(te.page_size, SZ_4K);
	cr_assert_eq(te.set, (VA >> PAGE_SHIFT) & 255);

	mml_tlb_flush_all(m);
	mml_tlb_stats(m, &st);
	cr_assert_eq(st.valid, 0);
	cr_assert_eq(st.flushes_all, st0.flushes_all + 1);
	cr_assert_eq(rd(m, VA), 0x1111);
	mml_tlb_stats(m, &st);
	cr_assert_eq(st.misses, st0.misses + 2);

	back_to_init_mm(m);
	pt_free(&pt);
	frame_free(m, f);
	test_audit(m);
	mml_machine_free(m);
}

Test(tlb, pcid_tagging)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long fa = frame(m, 0xaaaa), fb = frame(m, 0xbbbb);
	struct pt a, b;
	u64 misses;

	cr_assert(m->hw.cpu.arch.cr4_pcide);
	pt_init(&a, m, 1);
	pt_init(&b, m, 2);
	pt_map(&a, VA, fa, KRW);
	pt_map(&b, VA, fb, KRW);

	hw_write_cr3(&m->hw, a.mm.pgd_pa | 1);
	cr_assert_eq(rd(m, VA), 0xaaaa);
	test_audit(m);
	hw_write_cr3(&m->hw, b.mm.pgd_pa | 2 | CR3_NOFLUSH);
	cr_assert_eq(rd(m, VA), 0xbbbb, "PCID 2 must not use PCID 1's entry");
	test_audit(m);
	/* Both translations of VA live in the TLB at once. */
	cr_assert_not_null(tlb_find(m, VA, 1));
	cr_assert_not_null(tlb_find(m, VA, 2));
	misses = m->hw.cpu.tlb.misses;
	hw_write_cr3(&m->hw, a.mm.pgd_pa | 1 | CR3_NOFLUSH);
	cr_assert_eq(rd(m, VA), 0xaaaa);
	cr_assert_eq(m->hw.cpu.tlb.misses, misses, "no-flush switch back hits");
	test_audit(m);

	/* Without the no-flush bit, only the new PCID's entries go. */
	hw_write_cr3(&m->hw, a.mm.pgd_pa | 1);
	cr_assert_null(tlb_find(m, VA, 1));
	cr_assert_not_null(tlb_find(m, VA, 2));
	hw_invpcid_single(&m->hw, 2);
	cr_assert_null(tlb_find(m, VA, 2));
	cr_assert_eq(rd(m, VA), 0xaaaa);
	cr_assert_eq(m->hw.cpu.tlb.misses, misses + 1);
	test_audit(m);

	back_to_init_mm(m);
	pt_free(&a);
	pt_free(&b);
	frame_free(m, fa);
	frame_free(m, fb);
	test_audit(m);
	mml_machine_free(m);
}

Test(tlb, without_pcid_cr3_flushes_everything_but_global)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long fa = frame(m, 0xaaaa), fg = frame(m, 0x6666);
	struct pt a;

	hw_write_cr4_pcide(&m->hw, false);
	hw_invpcid_all(&m->hw);
	pt_init(&a, m, 7);
	pt_map(&a, VA, fa, KRW);
	pt_map(&a, VA + PAGE_SIZE, fg, KRW | _PAGE_GLOBAL);
	hw_write_cr3(&m->hw, a.mm.pgd_pa | 7);	/* bits 0..11 are not a PCID now */
	cr_assert_eq(rd(m, VA), 0xaaaa);
	cr_assert_eq(rd(m, VA + PAGE_SIZE), 0x6666);
	cr_assert_eq(tlb_find(m, VA, 0)->asid, 0);
	test_audit(m);
	hw_write_cr3(&m->hw, a.mm.pgd_pa | CR3_NOFLUSH);	/* ignored without PCIDE */
	cr_assert_null(tlb_find(m, VA, 0));
	cr_assert_not_null(tlb_find(m, VA + PAGE_SIZE, 0));
	test_audit(m);

	back_to_init_mm(m);
	hw_write_cr4_pcide(&m->hw, true);
	pt_free(&a);
	frame_free(m, fa);
	frame_free(m, fg);
	mml_machine_free(m);
}

Test(tlb, global_entries_survive_cr3_writes)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long fg = frame(m, 0x6666);
	const u64 gva = VA + 0x10000;
	struct pt a, b;
	u64 misses;

	/* The same global mapping in both trees, as kernel mappings are. */
	pt_init(&a, m, 1);
	pt_init(&b, m, 2);
	pt_map(&a, gva, fg, KRW | _PAGE_GLOBAL);
	pt_map(&b, gva, fg, KRW | _PAGE_GLOBAL);
	hw_write_cr3(&m->hw, a.mm.pgd_pa | 1);
	cr_assert_eq(rd(m, gva), 0x6666);
	cr_assert(tlb_find(m, gva, 1)->flags & TLB_GLOBAL);
	misses = m->hw.cpu.tlb.misses;

	hw_write_cr3(&m->hw, b.mm.pgd_pa | 2);
	cr_assert_eq(rd(m, gva), 0x6666);
	hw_write_cr3(&m->hw, a.mm.pgd_pa | 1);
	hw_invpcid_single(&m->hw, 1);
	cr_assert_eq(rd(m, gva), 0x6666);
	cr_assert_eq(m->hw.cpu.tlb.misses, misses, "global entry survives");
	test_audit(m);

	hw_invpcid_all(&m->hw);
	cr_assert_null(tlb_find(m, gva, 1));
	cr_assert_eq(rd(m, gva), 0x6666);
	hw_write_cr3(&m->hw, b.mm.pgd_pa | 2);
	hw_invlpg(&m->hw, gva);	/* INVLPG drops global entries too */
	cr_assert_null(tlb_find(m, gva, 2));
	test_audit(m);

	back_to_init_mm(m);
	pt_free(&a);
	pt_free(&b);
	frame_free(m, fg);
	mml_machine_free(m);
}

Test(tlb, invlpg_current_pcid_and_large_pages)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long f = frame(m, 0x1234);
	struct page *big = alloc_pages(GFP_KERNEL, 9);
	const u64 lva = 0x0000000040000000ULL;	/* a 2 MiB mapping */
	struct pt a, b;
	pmd_t *pmd;

	cr_assert_not_null(big);
	pt_init(&a, m, 1);
	pt_init(&b, m, 2);
	pt_map(&a, VA, f, KRW);
	pt_map(&b, VA, f, KRW);
	hw_write_cr3(&m->hw, a.mm.pgd_pa | 1);
	rd(m, VA);
	hw_write_cr3(&m->hw, b.mm.pgd_pa | 2 | CR3_NOFLUSH);
	rd(m, VA);
	hw_invlpg(&m->hw, VA + 0x123);
	cr_assert_null(tlb_find(m, VA, 2));
	cr_assert_not_null(tlb_find(m, VA, 1), "INVLPG acts on the current PCID only");
	test_audit(m);

	/* Every 4 KiB granule cached from a 2 MiB page goes with one INVLPG. */
	pmd = (pmd_t *)pt_entry(&b, lva, 2);
	set_pmd(pmd, __pmd(page_to_phys(big) | KRW | _PAGE_PSE));
	rd(m, lva);
	rd(m, lva + 0x7000);
	rd(m, lva + 0x1ff000);
	cr_assert_eq(m->hw.cpu.tlb.nr_large, 3);
	hw_invlpg(&m->hw, lva + 0x100000);
	cr_assert_null(tlb_find(m, lva, 2));
	cr_assert_null(tlb_find(m, lva + 0x7000, 2));
	cr_assert_null(tlb_find(m, lva + 0x1ff000, 2));
	cr_assert_eq(m->hw.cpu.tlb.nr_large, 0);
	test_audit(m);

	back_to_init_mm(m);
	pt_free(&a);
	pt_free(&b);
	frame_free(m, f);
	__free_pages(big, 9);
	mml_machine_free(m);
}

/*
 * INVLPG finds the granules of the large page covering the address through
 * that page's chain: the neighbouring 2 MiB page's granules, a 1 GiB
 * page's and 4 KiB entries stay; entries evicted from a small TLB leave
 * the chains consistent.
 */
Test(tlb, invlpg_large_page_chains)
{
	struct mml_machine *m = test_machine(NULL);
	struct hw_tlb *tlb = &m->hw.cpu.tlb;
	struct page *big = alloc_pages(GFP_KERNEL, 10);
	const u64 lva = 0x0000000040000000ULL, gva = 0x0000008000000000ULL;
	unsigned long f = frame(m, 0x42);
	struct pt a;

	cr_assert_not_null(big);
	pt_init(&a, m, 1);
	set_pmd((pmd_t *)pt_entry(&a, lva, 2),
		__pmd(page_to_phys(big) | KRW | _PAGE_PSE));
	set_pmd((pmd_t *)pt_entry(&a, lva + PMD_SIZE, 2),
		__pmd((page_to_phys(big) + PMD_SIZE) | KRW | _PAGE_PSE));
	/* A 1 GiB page whose frames are never touched: only its TLB entries are. */
	set_pud((pud_t *)pt_entry(&a, gva, 3), __pud(KRW | _PAGE_PSE));
	pt_map(&a, VA, f, KRW);
	hw_write_cr3(&m->hw, a.mm.pgd_pa | 1);
	for (int i = 0; i < 8; i++) {
		rd(m, lva + i * 0x41000);
		rd(m, lva + PMD_SIZE + i * 0x41000);
	}
	cr_assert_eq(hw_mmu_translate(&m->hw, gva + 0x3000, 0, &(struct hw_xlate){ 0 }), 0);
	rd(m, VA);
	cr_assert_eq(tlb->nr_large, 17);
	hw_invlpg(&m->hw, lva + 0x1ff000);
	for (int i = 0; i < 8; i++) {
		cr_assert_null(tlb_find(m, lva + i * 0x41000, 1));
		cr_assert_not_null(tlb_find(m, lva + PMD_SIZE + i * 0x41000, 1));
	}
	cr_assert_not_null(tlb_find(m, gva + 0x3000, 1));
	cr_assert_not_null(tlb_find(m, VA, 1));
	cr_assert_eq(tlb->nr_large, 9);
	hw_invlpg(&m->hw, gva + 0x3fff0000);
	cr_assert_null(tlb_find(m, gva + 0x3000, 1));
	cr_assert_eq(tlb->nr_large, 8);
	test_audit(m);

	/* 4 sets x 2 ways: large granules are evicted by later fills. */
	hw_tlb_free(tlb);
	cr_assert_eq(hw_tlb_init(tlb, 4, 2), 0);
	for (int i = 0; i < 64; i++)
		rd(m, lva + PMD_SIZE + i * PAGE_SIZE);
	cr_assert_eq(tlb->nr_large, 8);
	rd(m, VA);
	cr_assert_eq(tlb->nr_large, 7);
	hw_invlpg(&m->hw, lva + PMD_SIZE);
	cr_assert_eq(tlb->nr_large, 0);
	cr_assert_not_null(tlb_find(m, VA, 1));
	test_audit(m);

	back_to_init_mm(m);
	pt_free(&a);
	frame_free(m, f);
	__free_pages(big, 10);
	mml_machine_free(m);
}

Test(tlb, round_robin_victims)
{
	struct mml_machine *m = test_machine(NULL);
	struct hw_tlb *tlb = &m->hw.cpu.tlb;
	unsigned long f[4];
	struct pt a;
	/* With 4 sets, pages 4 apart share set 0. */
	const u64 stride = 4 * PAGE_SIZE;

	hw_tlb_free(tlb);
	cr_assert_eq(hw_tlb_init(tlb, 3, 2), -EINVAL);
	cr_assert_eq(hw_tlb_init(tlb, 4, 0), -EINVAL);
	cr_assert_eq(hw_tlb_init(tlb, 4, HW_TLB_MAX_WAYS + 1), -EINVAL);
	cr_assert_eq(hw_tlb_init(tlb, 4, 2), 0);
	pt_init(&a, m, 1);
	for (int i = 0; i < 4; i++) {
		f[i] = frame(m, 0x100 + i);
		pt_map(&a, VA + i * stride, f[i], KRW);
	}
	hw_write_cr3(&m->hw, a.mm.pgd_pa | 1);
	cr_assert_eq(rd(m, VA), 0x100);
	cr_assert_eq(rd(m, VA + stride), 0x101);
	cr_assert_eq(rd(m, VA + 2 * stride), 0x102);	/* evicts way 0 */
	cr_assert_null(tlb_find(m, VA, 1));
	cr_assert_not_null(tlb_find(m, VA + stride, 1));
	cr_assert_eq(rd(m, VA + 3 * stride), 0x103);	/* evicts way 1 */
	cr_assert_null(tlb_find(m, VA + stride, 1));
	cr_assert_not_null(tlb_find(m, VA + 2 * stride, 1));
	cr_assert_not_null(tlb_find(m, VA + 3 * stride, 1));
	/* A freed way is refilled before any victim is taken. */
	hw_invlpg(&m->hw, VA + 2 * stride);
	cr_assert_eq(rd(m, VA), 0x100);
	cr_assert_not_null(tlb_find(m, VA + 3 * stride, 1));
	test_audit(m);

	back_to_init_mm(m);
	pt_free(&a);
	for (int i = 0; i < 4; i++)
		frame_free(m, f[i]);
	mml_machine_free(m);
}

Test(tlb, permission_upgrade_and_dirty_rewalk)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long f = frame(m, 0x77);
	struct pt a;
	pte_t *pte;

	pt_init(&a, m, 1);
	pt_map(&a, VA, f, _PAGE_PRESENT);
	pte = pt_pte(&a, VA);
	hw_write_cr3(&m->hw, a.mm.pgd_pa | 1);
	cr_assert_eq(rd(m, VA), 0x77);
	cr_assert_eq(hw_virt_write(&m->hw, VA, 8, 0, 1), -EFAULT);
	cr_assert_eq(m->hw.cpu.fault.code, X86_PF_PROT | X86_PF_WRITE);
	rd(m, VA);
	/*
	 * Linux makes a PTE writable without a flush (the CPU re-walks on a
	 * fault); the read-only entry left in the TLB is not stale.
	 */
	set_pte(pte, pte_mkwrite(ptep_get(pte)));
	test_audit(m);
	cr_assert_eq(hw_virt_write(&m->hw, VA, 8, 0, 0x88), 0);
	cr_assert(pte_dirty(ptep_get(pte)), "the re-walk sets D");
	cr_assert(tlb_find(m, VA, 1)->flags & TLB_DIRTY);
	test_audit(m);

	/* Clearing D without a flush leaves an entry that would skip the D update. */
	set_pte(pte, pte_mkclean(ptep_get(pte)));
	{
		char msg[256];

		cr_assert_eq(tlb_audit(msg, sizeof(msg)), -EUCLEAN);
		cr_assert(strstr(msg, "dirty"), "%s", msg);
	}
	hw_invlpg(&m->hw, VA);
	test_audit(m);
	/* A clean entry makes the next write walk again. */
	rd(m, VA);
	cr_assert_eq(hw_virt_write(&m->hw, VA, 8, 0, 0x99), 0);
	cr_assert(pte_dirty(ptep_get(pte)));

	back_to_init_mm(m);
	pt_free(&a);
	frame_free(m, f);
	mml_machine_free(m);
}

/* ------------------------------------------------------------------ */
/* The kernel path                                                     */
/* ------------------------------------------------------------------ */

static pte_t *kernel_pte_alloc(struct mml_machine *m, unsigned long va)
{
	pgd_t *pgd = pgd_offset_k(va);
	pud_t *pud = pud_alloc(&m->init_mm, p4d_offset(pgd, va), va);
	pmd_t *pmd = pud ? pmd_alloc(&m->init_mm, pud, va) : NULL;

	return pmd ? pte_alloc_kernel(pmd, va) : NULL;
}

/*
 * The kernel PTE for @va, its tables allocated under fault injection:
 * the Nth page allocation fails, N = 0, 1, 2 ... until it works.  A
 * failure leaks nothing: every page gone is a table linked into init_mm.
 */
static pte_t *kernel_pte_alloc_injected(struct mml_machine *m, unsigned long va)
{
	for (long n = 0;; n++) {
		unsigned long free0, tables0, used;
		pte_t *pte;

		drain_local_pages();
		free0 = nr_free_pages();
		tables0 = m->init_mm.pgtables_bytes;
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, n);
		pte = kernel_pte_alloc(m, va);
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
		drain_local_pages();
		used = (m->init_mm.pgtables_bytes - tables0) / PAGE_SIZE;
		cr_assert_eq(free0 - nr_free_pages(), used,
			     "N=%ld: %lu pages gone, %lu table pages linked", n,
			     free0 - nr_free_pages(), used);
		test_audit(m);
		if (pte) {
			cr_assert_gt(n, 0, "a fresh PTE table needs an allocation");
			return pte;
		}
		cr_assert_lt(n, 3, "three levels cannot need more than 3 allocations");
	}
}

static u64 krd(struct mml_machine *m, unsigned long va)
{
	uint64_t v = 0;

	cr_assert_eq(mml_read(m, MML_SPACE_KERNEL, va, 8, &v), 0, "%s",
		     mml_last_error(m));
	return v;
}

Test(tlb, stale_entry_is_never_used_after_a_flush)
{
	struct mml_machine *m = test_machine(NULL);
	const unsigned long va = MODULES_VADDR + 0x4000000;
	unsigned long fa = frame(m, 0xaaaa), fb = frame(m, 0xbbbb);
	char msg[256];
	uint64_t v, cr2;
	uint32_t ec;
	pte_t *pte;

	pte = kernel_pte_alloc_injected(m, va);
	/* none -> present needs no flush. */
	set_pte(pte, pfn_pte(fa, PAGE_KERNEL));
	cr_assert_eq(krd(m, va), 0xaaaa);
	cr_assert_not_null(tlb_find(m, va, 0));
	test_audit(m);

	/* Remap to another frame, flush one page: the next access sees B. */
	set_pte(pte, pfn_pte(fb, PAGE_KERNEL));
	flush_tlb_one_kernel(va);
	cr_assert_eq(krd(m, va), 0xbbbb);
	test_audit(m);

	/* Clear it, flush the range: the next access faults. */
	pte_clear(pte);
	flush_tlb_kernel_range(va, va + PAGE_SIZE);
	cr_assert_eq(mml_read(m, MML_SPACE_KERNEL, va + 8, 8, &v), -EFAULT);
	mml_last_fault(m, &cr2, &ec);
	cr_assert_eq(cr2, va + 8);
	cr_assert_eq(ec, 0);
	test_audit(m);

	/* A deliberately skipped flush: the audit catches the stale entry ... */
	set_pte(pte, pfn_pte(fa, PAGE_KERNEL));
	cr_assert_eq(krd(m, va), 0xaaaa);
	set_pte(pte, pfn_pte(fb, PAGE_KERNEL));
	cr_assert_eq(tlb_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_assert(strstr(msg, "stale"), "%s", msg);
	cr_assert_eq(mml_audit(m), -EUCLEAN);
	/* ... and shows why it matters: the CPU still uses frame A. */
	cr_assert_eq(krd(m, va), 0xaaaa);
	flush_tlb_kernel_range(va, va + PAGE_SIZE);
	cr_assert_eq(krd(m, va), 0xbbbb);
	test_audit(m);

	/* Skipped flush after clearing: the audit names the missing mapping. */
	pte_clear(pte);
	cr_assert_eq(tlb_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_assert(strstr(msg, "no longer map"), "%s", msg);
	flush_tlb_one_kernel(va);
	test_audit(m);

	/* Permission downgrade without a flush is stale too. */
	set_pte(pte, pfn_pte(fa, PAGE_KERNEL));
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, va, 8, 0x5555), 0);
	set_pte(pte, pfn_pte(fa, PAGE_KERNEL_RO));
	cr_assert_eq(tlb_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_assert(strstr(msg, "write"), "%s", msg);
	flush_tlb_one_kernel(va);
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, va, 8, 0x6666), -EFAULT);
	cr_assert_eq(krd(m, va), 0x5555);
	test_audit(m);

	pte_clear(pte);
	flush_tlb_one_kernel(va);
	frame_free(m, fa);
	frame_free(m, fb);
	test_audit(m);
	mml_machine_free(m);
}

Test(tlb, kernel_range_flush_ceiling)
{
	struct mml_machine *m = test_machine(NULL);
	struct hw_tlb *tlb = &m->hw.cpu.tlb;
	unsigned long kva = get_zeroed_page(GFP_KERNEL);
	u64 pages, alls;

	cr_assert_neq(kva, 0);
	krd(m, kva);
	pages = tlb->flushes_page;
	alls = tlb->flushes_all;
	flush_tlb_kernel_range(kva, kva + TLB_SINGLE_PAGE_FLUSH_CEILING * PAGE_SIZE);
	cr_assert_eq(tlb->flushes_page, pages + TLB_SINGLE_PAGE_FLUSH_CEILING);
	cr_assert_eq(tlb->flushes_all, alls);
	cr_assert_null(tlb_find(m, kva, 0));
	krd(m, kva);
	flush_tlb_kernel_range(kva, kva + (TLB_SINGLE_PAGE_FLUSH_CEILING + 1) * PAGE_SIZE);
	cr_assert_eq(tlb->flushes_page, pages + TLB_SINGLE_PAGE_FLUSH_CEILING);
	cr_assert_eq(tlb->flushes_all, alls + 1);
	cr_assert_eq(tlb_find(m, kva, 0), NULL);
	/* An unaligned one-byte range still flushes its page; empty ranges nothing. */
	krd(m, kva);
	flush_tlb_kernel_range(kva + 100, kva + 101);
	cr_assert_null(tlb_find(m, kva, 0));
	flush_tlb_kernel_range(kva, kva);
	cr_assert_eq(tlb->flushes_all, alls + 1);
	free_page(kva);
	test_audit(m);
	mml_machine_free(m);
}

Test(tlb, switch_mm_and_mm_range_flush)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long fa = frame(m, 0xaaaa), fb = frame(m, 0xbbbb);
	struct pt a, b;
	u64 cr3_writes;

	pt_init(&a, m, 1);
	pt_init(&b, m, 2);
	pt_map(&a, VA, fa, KRW | _PAGE_USER);
	pt_map(&b, VA, fb, KRW | _PAGE_USER);

	switch_mm(&a.mm);
	cr_assert_eq(m->hw.cpu.arch.cr3, a.mm.pgd_pa | 1);
	cr_assert_eq(rd(m, VA), 0xaaaa);
	cr3_writes = m->hw.cpu.tlb.root_writes;
	switch_mm(&a.mm);
	cr_assert_eq(m->hw.cpu.tlb.root_writes, cr3_writes, "same mm: no CR3 write");
	switch_mm(&b.mm);
	cr_assert_eq(rd(m, VA), 0xbbbb);
	cr_assert_not_null(tlb_find(m, VA, 1), "switch_mm does not flush");
	test_audit(m);

	/*
	 * a changes while b is loaded: as Linux, the flush is deferred to the
	 * next switch to a, which drops a's PCID before any access.
	 */
	pt_map(&a, VA, fb, KRW | _PAGE_USER);
	flush_tlb_mm_range(&a.mm, VA, VA + PAGE_SIZE);
	cr_assert(a.mm.context.tlb_flush_pending);
	cr_assert_not_null(tlb_find(m, VA, 2));
	switch_mm(&a.mm);
	cr_assert_null(tlb_find(m, VA, 1), "the stale entry went with the switch");
	cr_assert_not(a.mm.context.tlb_flush_pending);
	cr_assert_eq(rd(m, VA), 0xbbbb);
	test_audit(m);

	/* Loaded mm: INVLPG per page; above the ceiling a PCID flush. */
	pt_map(&a, VA, fa, KRW | _PAGE_USER);
	flush_tlb_mm_range(&a.mm, VA, VA + PAGE_SIZE);
	cr_assert_eq(rd(m, VA), 0xaaaa);
	test_audit(m);
	pt_map(&a, VA, fb, KRW | _PAGE_USER);
	flush_tlb_mm_range(&a.mm, 0, 1UL << 30);
	cr_assert_null(tlb_find(m, VA, 1));
	cr_assert_eq(rd(m, VA), 0xbbbb);
	test_audit(m);

	switch_mm(&m->init_mm);
	back_to_init_mm(m);
	pt_free(&a);
	pt_free(&b);
	frame_free(m, fa);
	frame_free(m, fb);
	test_audit(m);
	mml_machine_free(m);
}

/*
 * The MMU ops (struct hw_mmu_ops) the x86-64 descriptor names are what the
 * machine translates with, and each does what the x86 instruction it
 * stands for does: set_root is MOV to CR3 (with the no-flush bit when
 * asked not to flush), flush_page INVLPG, flush_asid and flush_all
 * INVPCID types 1 and 2.
 */
Test(tlb, mmu_ops_are_the_x86_instructions)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long f = frame(m, 0x1234), fg = frame(m, 0x4321);
	const u64 gva = VA + 0x10000;
	struct pt a, b;
	u64 flushes;

	cr_assert_eq(m->hw.mmu, arch_x86_64.mmu);
	cr_assert_eq(m->hw.mmu, &hw_x86_64_mmu);
	cr_assert_eq(hw_mmu_root(&m->hw), m->hw.cpu.arch.cr3);
	pt_init(&a, m, 1);
	pt_init(&b, m, 2);
	pt_map(&a, VA, f, KRW);
	pt_map(&b, VA, f, KRW);
	pt_map(&a, gva, fg, KRW | _PAGE_GLOBAL);

	hw_mmu_set_root(&m->hw, a.mm.pgd_pa, 1, true);
	cr_assert_eq(m->hw.cpu.arch.cr3, a.mm.pgd_pa | 1, "CR3 = root | PCID");
	cr_assert_eq(m->hw.cpu.asid, 1);
	cr_assert_eq(hw_mmu_root(&m->hw), a.mm.pgd_pa | 1);
	cr_assert_eq(rd(m, VA), 0x1234);
	cr_assert_eq(rd(m, gva), 0x4321);
	/* No flush: PCID 1's entry stays while PCID 2 is loaded. */
	hw_mmu_set_root(&m->hw, b.mm.pgd_pa, 2, false);
	cr_assert_eq(m->hw.cpu.arch.cr3, b.mm.pgd_pa | 2, "no-flush bit not kept");
	cr_assert_eq(rd(m, VA), 0x1234);
	cr_assert_not_null(tlb_find(m, VA, 1));
	cr_assert_not_null(tlb_find(m, VA, 2));
	/* flush_asid: PCID 1's non-global entries only. */
	hw_mmu_flush_asid(&m->hw, 1);
	cr_assert_null(tlb_find(m, VA, 1));
	cr_assert_not_null(tlb_find(m, VA, 2));
	cr_assert_not_null(tlb_find(m, gva, 1), "global entry survives");
	/* A flushing switch drops the new PCID's non-global entries. */
	hw_mmu_set_root(&m->hw, b.mm.pgd_pa, 2, true);
	cr_assert_null(tlb_find(m, VA, 2));
	cr_assert_not_null(tlb_find(m, gva, 2));
	/* flush_page: this PCID's and global entries of the address. */
	flushes = m->hw.cpu.tlb.flushes_page;
	cr_assert_eq(rd(m, VA), 0x1234);
	hw_mmu_flush_page(&m->hw, gva);
	cr_assert_null(tlb_find(m, gva, 2));
	cr_assert_not_null(tlb_find(m, VA, 2));
	cr_assert_eq(m->hw.cpu.tlb.flushes_page, flushes + 1);
	hw_mmu_flush_page(&m->hw, VA);
	cr_assert_null(tlb_find(m, VA, 2));
	/* flush_all: global entries too. */
	hw_mmu_set_root(&m->hw, a.mm.pgd_pa, 1, true);
	cr_assert_eq(rd(m, gva), 0x4321);
	hw_mmu_flush_all(&m->hw);
	cr_assert_null(tlb_find(m, gva, 1));
	test_audit(m);

	/* Without PCIDs the tag is ignored and every switch flushes. */
	hw_write_cr4_pcide(&m->hw, false);
	hw_mmu_set_root(&m->hw, a.mm.pgd_pa, 1, false);
	cr_assert_eq(m->hw.cpu.arch.cr3, a.mm.pgd_pa);
	cr_assert_eq(m->hw.cpu.asid, 0);
	cr_assert_eq(rd(m, VA), 0x1234);
	hw_mmu_set_root(&m->hw, a.mm.pgd_pa, 1, false);
	cr_assert_null(tlb_find(m, VA, 0), "CR3 write without PCIDE flushes");
	hw_write_cr4_pcide(&m->hw, true);

	back_to_init_mm(m);
	pt_free(&a);
	pt_free(&b);
	frame_free(m, f);
	frame_free(m, fg);
	mml_machine_free(m);
}

/*
 * The generic TLB keeps entries cut from pages of any size an
 * architecture has (here ARM's 1 MiB section and 16 MiB supersection,
 * which x86 has not): invalidating an address drops every granule of the
 * page covering it and nothing of a neighbouring page, and only for the
 * given tag and global entries.
 */
Test(tlb, generic_large_pages_of_any_size)
{
	struct hw_tlb tlb;
	const u64 sec = 1ULL << 20, super = 1ULL << 24, base = 0x40000000ULL;
	struct hw_xlate x = { .host = NULL };
	unsigned int i;

	cr_assert_eq(hw_tlb_init(&tlb, 64, 4), 0);
	for (i = 0; i < 4; i++) {
		/* Two granules of each of two sections, tag 5. */
		u64 va = base + (i / 2) * sec + (i % 2) * 0x3000;

		x.pa = 0x80000000ULL + (va - base);
		x.page_shift = 20;
		hw_tlb_fill(&tlb, va, 5, &x, TLB_WRITE);
	}
	x.pa = 0x90000000ULL;
	x.page_shift = 24;
	hw_tlb_fill(&tlb, base + 2 * super, 5, &x, TLB_GLOBAL);
	hw_tlb_fill(&tlb, base + 2 * super + 0x5000, 5, &x, TLB_GLOBAL);
	cr_assert_eq(tlb.nr_large, 6);
	cr_assert_eq(tlb.large_shifts, (1ULL << 20) | (1ULL << 24));

	hw_tlb_flush_va(&tlb, base + 0x80000, 6);	/* another tag */
	cr_assert_eq(tlb.nr_large, 6);
	hw_tlb_flush_va(&tlb, base + 0x80000, 5);	/* first section */
	cr_assert_eq(tlb.nr_large, 4);
	cr_assert_null(hw_tlb_lookup(&tlb, base >> 12, 5));
	cr_assert_null(hw_tlb_lookup(&tlb, (base + 0x3000) >> 12, 5));
	cr_assert_not_null(hw_tlb_lookup(&tlb, (base + sec) >> 12, 5));
	cr_assert_eq(hw_tlb_lookup(&tlb, (base + sec + 0x3000) >> 12, 5)->pfn,
		     (0x80000000ULL + sec + 0x3000) >> 12);
	/* Global: any tag's invalidation of the supersection drops both. */
	hw_tlb_flush_va(&tlb, base + 2 * super + super - 1, 9);
	cr_assert_eq(tlb.nr_large, 2);
	hw_tlb_flush_asid(&tlb, 5);
	cr_assert_eq(tlb.nr_large, 0);
	cr_assert_eq(tlb.large_shifts, 0);
	hw_tlb_free(&tlb);
}
