// SPDX-License-Identifier: MIT
/*
 * set_memory_*() (arch/x86/mm/set_memory.c, Linux's CPA): a change of
 * part of a large direct-map page splits it (2 MiB into 4 KiB pages, 1 GiB
 * into 2 MiB ones) and every other page of it keeps its frame and bits;
 * a change of a whole large page keeps it large; meminfo's DirectMap
 * lines follow; RAM's memory type goes to the page flags (a second type
 * is -EBUSY, remap_pfn_range() takes it); vmalloc addresses change their
 * direct-map alias too; Linux's WARNs; fault injection on the split's
 * table.  test_audit() follows every step.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/memtype.h>
#include <asm/set_memory.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

static struct mml_machine *m;

static void setup(void)
{
	m = test_machine(NULL);
	cr_assert(m);
}

static void teardown(void)
{
	mml_machine_free(m);
}

TestSuite(set_memory, .init = setup, .fini = teardown);

/* The bits a leaf gives its pages, in the 4 KiB format (no PSE, PAT at 7). */
static u64 leaf_prot(u64 e, enum pg_level level)
{
	u64 mask = level == PG_LEVEL_4K ? PTE_PFN_MASK :
		   level == PG_LEVEL_2M ? PMD_LEAF_PFN_MASK : PUD_LEAF_PFN_MASK;
	u64 prot = e & ~mask;

	if (level == PG_LEVEL_4K)
		return prot;
	prot &= ~_PAGE_PSE;
	if (prot & _PAGE_PAT_LARGE)
		prot = (prot & ~_PAGE_PAT_LARGE) | _PAGE_PAT;
	return prot;
}

struct mapping {
	enum pg_level level;
	unsigned long pfn;
	u64 prot;
};

/* What the kernel's tables map at @va: level, frame, bits. */
static struct mapping map_of(unsigned long va)
{
	struct mapping r;
	pte_t *e = lookup_kernel_leaf(va, &r.level);
	unsigned long off;

	cr_assert_not_null(e, "nothing maps %#lx", va);
	if (r.level == PG_LEVEL_4K) {
		r.pfn = pte_pfn(*e);
	} else {
		off = va & (r.level == PG_LEVEL_2M ? ~PMD_MASK : ~PUD_MASK);
		r.pfn = ((pte_val(*e) & (r.level == PG_LEVEL_2M ?
					 PMD_LEAF_PFN_MASK : PUD_LEAF_PFN_MASK))
			 >> PAGE_SHIFT) + (off >> PAGE_SHIFT);
	}
	r.prot = leaf_prot(pte_val(*e), r.level);
	return r;
}

/*
 * A direct-map page inside a 2 MiB leaf, not the leaf's first page: an
 * order-9 block is 2 MiB-aligned, and the direct map of RAM away from its
 * ends is made of 2 MiB leaves.
 */
static unsigned long page_in_2m_leaf(void)
{
	struct page *pg = alloc_pages(GFP_KERNEL, 9);
	unsigned long kva;

	cr_assert_not_null(pg);
	kva = (unsigned long)page_address(pg) + 3 * PAGE_SIZE;
	cr_assert_eq(map_of(kva).level, PG_LEVEL_2M);
	return kva;
}

static unsigned long meminfo_kb(const char *name)
{
	char *s = test_read_file(m, "/proc/meminfo"), *l = strstr(s, name);
	unsigned long kb;

	cr_assert_not_null(l, "no %s in:\n%s", name, s);
	cr_assert_eq(sscanf(l + strlen(name), ": %lu kB", &kb), 1);
	free(s);
	return kb;
}

static bool log_has(const char *text)
{
	char *s = test_read_file(m, "dmesg");
	bool found = strstr(s, text);

	free(s);
	return found;
}

/*
 * Every page of the leaf that mapped @kva (a 2 MiB one, @before) maps
 * the same frame with the same bits, except @changed.
 */
static void check_split_2m(unsigned long kva, struct mapping before,
			   unsigned long changed)
{
	unsigned long base = kva & PMD_MASK, first = before.pfn -
		((kva & ~PMD_MASK) >> PAGE_SHIFT), i;

	for (i = 0; i < PTRS_PER_PTE; i++) {
		unsigned long va = base + i * PAGE_SIZE;
		struct mapping now = map_of(va);

		cr_assert_eq(now.level, PG_LEVEL_4K, "%#lx still large", va);
		cr_assert_eq(now.pfn, first + i, "%#lx maps pfn %#lx", va, now.pfn);
		if (va != changed)
			cr_assert_eq(now.prot, before.prot, "%#lx: %#llx, was %#llx",
				     va, (unsigned long long)now.prot,
				     (unsigned long long)before.prot);
	}
}

Test(set_memory, uc_splits_2m_page_and_wb_restores)
{
	unsigned long kva = page_in_2m_leaf();
	struct mapping before = map_of(kva), now;
	unsigned long c4k = m->direct_pages_count[0], c2m = m->direct_pages_count[1];
	unsigned long kb4k = meminfo_kb("DirectMap4k"), kb2m = meminfo_kb("DirectMap2M");
	unsigned long tables = m->nr_pagetable_pages;

	cr_assert_eq(before.prot & _PAGE_CACHE_MASK, 0, "direct map is write-back");
	cr_assert_eq(set_memory_uc(kva, 1), 0);
	now = map_of(kva);
	cr_assert_eq(now.level, PG_LEVEL_4K);
	cr_assert_eq(now.pfn, before.pfn);
	/* UC-: PCD alone, Linux's PAT entry 2 */
	cr_assert_eq(now.prot, before.prot | _PAGE_PCD);
	cr_assert_eq(pgprot2cachemode(now.prot), _PAGE_CACHE_MODE_UC_MINUS);
	check_split_2m(kva, before, kva);
	cr_assert_eq(m->direct_pages_count[0], c4k + 512);
	cr_assert_eq(m->direct_pages_count[1], c2m - 1);
	cr_assert_eq(meminfo_kb("DirectMap4k"), kb4k + 2048);
	cr_assert_eq(meminfo_kb("DirectMap2M"), kb2m - 2048);
	cr_assert_eq(m->nr_pagetable_pages, tables + 1, "the split's table");
	cr_assert_eq(lookup_memtype(__pa(kva)), _PAGE_CACHE_MODE_UC_MINUS);
	cr_assert_eq(lookup_memtype(__pa(kva) + PAGE_SIZE), _PAGE_CACHE_MODE_WB);
	test_audit(m);

	cr_assert_eq(set_memory_wb(kva, 1), 0);
	now = map_of(kva);
	/* Linux does not merge the page back: still 4 KiB pages */
	cr_assert_eq(now.level, PG_LEVEL_4K);
	cr_assert_eq(now.prot, before.prot);
	check_split_2m(kva, before, 0);
	cr_assert_eq(m->direct_pages_count[0], c4k + 512);
	cr_assert_eq(lookup_memtype(__pa(kva)), _PAGE_CACHE_MODE_WB);
	test_audit(m);
}

Test(set_memory, wc_and_conflicting_types)
{
	unsigned long kva = page_in_2m_leaf();
	struct mapping before = map_of(kva);

	cr_assert_eq(set_memory_wc(kva, 1), 0);
	cr_assert_eq(map_of(kva).prot, before.prot | _PAGE_PWT, "WC: PAT entry 1");
	cr_assert_eq(lookup_memtype(__pa(kva)), _PAGE_CACHE_MODE_WC);
	test_audit(m);
	/* a second type for the page: -EBUSY, with reserve_ram_pages_type's line */
	cr_assert_eq(set_memory_uc(kva, 2), -EBUSY);
	cr_assert(log_has("x86/PAT: reserve_ram_pages_type failed [mem "));
	cr_assert_eq(map_of(kva).prot, before.prot | _PAGE_PWT);
	cr_assert_eq(lookup_memtype(__pa(kva) + PAGE_SIZE), _PAGE_CACHE_MODE_WB,
		     "the failed request left nothing behind");
	test_audit(m);
	cr_assert_eq(set_memory_wb(kva, 1), 0);
	cr_assert_eq(set_memory_uc(kva, 2), 0);
	cr_assert_eq(map_of(kva + PAGE_SIZE).prot, before.prot | _PAGE_PCD);
	cr_assert_eq(set_memory_wb(kva, 2), 0);
	cr_assert_eq(map_of(kva).prot, before.prot);
	test_audit(m);
}

/* A change covering a whole 2 MiB leaf keeps it large (no split). */
Test(set_memory, whole_large_page_stays_large)
{
	struct page *pg = alloc_pages(GFP_KERNEL, 9);
	unsigned long kva, c4k = m->direct_pages_count[0];
	struct mapping before, now;
	enum pg_level level;
	pte_t *e;

	cr_assert_not_null(pg);
	kva = (unsigned long)page_address(pg);
	before = map_of(kva);
	cr_assert_eq(before.level, PG_LEVEL_2M);
	cr_assert_eq(set_memory_uc(kva, 512), 0);
	now = map_of(kva + 100 * PAGE_SIZE);
	cr_assert_eq(now.level, PG_LEVEL_2M);
	cr_assert_eq(now.prot, before.prot | _PAGE_PCD);
	e = lookup_kernel_leaf(kva, &level);
	cr_assert(pte_val(*e) & _PAGE_PSE, "still a PS leaf");
	cr_assert_eq(m->direct_pages_count[0], c4k);
	test_audit(m);
	cr_assert_eq(set_memory_wb(kva, 512), 0);
	cr_assert_eq(map_of(kva).prot, before.prot);
	test_audit(m);
	__free_pages(pg, 9);
}

Test(set_memory, ro_rw_nx_x_np_p)
{
	unsigned long kva = page_in_2m_leaf();
	struct mapping before = map_of(kva);

	cr_assert(before.prot & _PAGE_RW);
	cr_assert(before.prot & _PAGE_NX);
	cr_assert_eq(set_memory_ro(kva, 1), 0);
	cr_assert_eq(map_of(kva).prot, before.prot & ~(_PAGE_RW | _PAGE_DIRTY));
	check_split_2m(kva, before, kva);
	test_audit(m);
	cr_assert_eq(set_memory_rw(kva, 1), 0);
	cr_assert_eq(map_of(kva).prot, (before.prot | _PAGE_RW) & ~_PAGE_DIRTY);
	cr_assert_eq(set_memory_x(kva, 1), 0);
	cr_assert_eq(map_of(kva).prot & _PAGE_NX, 0);
	cr_assert_eq(set_memory_nx(kva, 1), 0);
	cr_assert(map_of(kva).prot & _PAGE_NX);
	/* not present: the frame stays, GLOBAL (= PROTNONE) goes */
	cr_assert_eq(set_memory_np(kva, 1), 0);
	cr_assert_eq(map_of(kva).prot & (_PAGE_PRESENT | _PAGE_GLOBAL), 0);
	cr_assert_eq(map_of(kva).pfn, before.pfn);
	cr_assert_not(pte_present(*lookup_address(kva, &(enum pg_level){ 0 })));
	test_audit(m);
	cr_assert_eq(set_memory_p(kva, 1), 0);
	cr_assert(map_of(kva).prot & _PAGE_PRESENT);
	cr_assert(pte_present(*lookup_address(kva, &(enum pg_level){ 0 })));
	test_audit(m);
}

/* A whole 2 MiB leaf made not present: still a leaf to CPA and the audit. */
Test(set_memory, np_whole_large_page)
{
	struct page *pg = alloc_pages(GFP_KERNEL, 9);
	unsigned long kva;
	struct mapping before;

	cr_assert_not_null(pg);
	kva = (unsigned long)page_address(pg);
	before = map_of(kva);
	cr_assert_eq(set_memory_np(kva, 512), 0);
	cr_assert_eq(map_of(kva + 5 * PAGE_SIZE).level, PG_LEVEL_2M);
	cr_assert_eq(map_of(kva + 5 * PAGE_SIZE).pfn, before.pfn + 5);
	test_audit(m);
	/* part of it back: a split of a not-present leaf */
	cr_assert_eq(set_memory_p(kva + PAGE_SIZE, 1), 0);
	cr_assert_eq(map_of(kva + PAGE_SIZE).level, PG_LEVEL_4K);
	cr_assert(map_of(kva + PAGE_SIZE).prot & _PAGE_PRESENT);
	cr_assert_eq(map_of(kva).prot & _PAGE_PRESENT, 0);
	cr_assert_eq(map_of(kva + 2 * PAGE_SIZE).pfn, before.pfn + 2);
	test_audit(m);
	cr_assert_eq(set_memory_p(kva, 512), 0);
	cr_assert_eq(map_of(kva + 7 * PAGE_SIZE).prot & _PAGE_PRESENT, _PAGE_PRESENT);
	test_audit(m);
	__free_pages(pg, 9);
}

/* vmalloc: the PTE and the direct-map alias of its page change, NX alone not. */
Test(set_memory, vmalloc_alias)
{
	void *p = vmalloc(2 * PAGE_SIZE);
	unsigned long va = (unsigned long)p, alias;
	struct mapping v, a;

	cr_assert_not_null(p);
	alias = (unsigned long)page_address(vmalloc_to_page(p));
	a = map_of(alias);
	v = map_of(va);
	cr_assert_eq(set_memory_ro(va, 1), 0);
	cr_assert_eq(map_of(va).prot & _PAGE_RW, 0);
	cr_assert_eq(map_of(alias).prot & _PAGE_RW, 0, "the alias too");
	cr_assert_eq(map_of(alias).pfn, a.pfn);
	cr_assert_eq(map_of(alias).level, PG_LEVEL_4K);
	test_audit(m);
	cr_assert_eq(set_memory_x(va, 1), 0);
	cr_assert_eq(map_of(va).prot & _PAGE_NX, 0);
	cr_assert(map_of(alias).prot & _PAGE_NX, "the direct map keeps NX");
	cr_assert_eq(set_memory_nx(va, 1), 0);
	cr_assert_eq(set_memory_rw(va, 1), 0);
	cr_assert(map_of(alias).prot & _PAGE_RW);
	cr_assert_eq(map_of(va).prot & ~(u64)_PAGE_DIRTY, v.prot & ~(u64)_PAGE_DIRTY);
	test_audit(m);
	/* the cache-mode calls take direct-map addresses only */
	cr_assert_eq(set_memory_uc(va, 1), -EINVAL);
	vfree(p);
	test_audit(m);
}

Test(set_memory, linux_warnings_and_errors)
{
	unsigned long kva = page_in_2m_leaf();
	void *p = vmalloc(PAGE_SIZE);
	unsigned long hole;

	cr_assert_not_null(p);
	/* misaligned: rounded down, with Linux's WARN */
	cr_assert_eq(set_memory_ro(kva + 12, 1), 0);
	cr_assert(log_has("WARNING: CPU: 0 PID: 0 at arch/x86/mm/set_memory.c change_page_attr_set_clr\n"));
	cr_assert_eq(map_of(kva).prot & _PAGE_RW, 0);
	cr_assert_eq(set_memory_rw(kva, 1), 0);
	/* the guard page after a vmalloc area: nothing maps it */
	hole = (unsigned long)p + PAGE_SIZE;
	cr_assert_eq(set_memory_ro(hole, 1), -EFAULT);
	cr_assert(log_has("CPA: called for zero pte. vaddr = "));
	cr_assert_eq(set_memory_ro(kva, -1), -EINVAL);
	cr_assert_eq(set_memory_ro(kva, 0), 0);
	/* an empty range cannot be reserved (memtype_reserve()) */
	cr_assert_eq(set_memory_uc(kva, 0), -EINVAL);
	cr_assert(log_has("memtype_reserve failed"));
	vfree(p);
	test_audit(m);
}

/*
 * remap_pfn_range() of a RAM page gets its type (pfnmap_track()'s RAM
 * path): a WC request for a page set_memory_uc() made UC- is UC-, with
 * Linux's "map pfn RAM range req" line.
 */
Test(set_memory, pfnmap_of_uc_ram_takes_its_type)
{
	unsigned long kva = page_in_2m_leaf();
	pgprot_t prot = pgprot_writecombine(PAGE_KERNEL);

	cr_assert_eq(set_memory_uc(kva, 1), 0);
	cr_assert_eq(pfnmap_track(PFN_DOWN(__pa(kva)), PAGE_SIZE, &prot), 0);
	cr_assert_eq(pgprot_val(prot) & _PAGE_CACHE_MASK, _PAGE_PCD);
	cr_assert(log_has("map pfn RAM range req write-combining for [mem "));
	cr_assert(log_has("], got uncached-minus"));
	pfnmap_untrack(PFN_DOWN(__pa(kva)), PAGE_SIZE);
	cr_assert_eq(lookup_memtype(__pa(kva)), _PAGE_CACHE_MODE_UC_MINUS,
		     "RAM is not in the tree: the untrack keeps the pages' type");
	cr_assert_eq(set_memory_wb(kva, 1), 0);
	test_audit(m);
}

/* The split's table from the page allocator: each failure changes nothing. */
Test(set_memory, fault_injection_split)
{
	unsigned long kva = page_in_2m_leaf();
	struct mapping before = map_of(kva);
	unsigned long c4k = m->direct_pages_count[0];
	long nth;
	int err = -ENOMEM;

	for (nth = 0; nth < 100 && err; nth++) {
		m->fail_nth[FAIL_PAGE_ALLOC] = nth;
		err = set_memory_uc(kva, 1);
		m->fail_nth[FAIL_PAGE_ALLOC] = -1;
		if (!err)
			break;
		cr_assert_eq(err, -ENOMEM);
		cr_assert_eq(map_of(kva).level, PG_LEVEL_2M);
		cr_assert_eq(map_of(kva).prot, before.prot);
		cr_assert_eq(m->direct_pages_count[0], c4k);
		cr_assert_eq(lookup_memtype(__pa(kva)), _PAGE_CACHE_MODE_WB,
			     "nth %ld kept the type", nth);
		test_audit(m);
	}
	cr_assert_eq(err, 0);
	cr_assert_gt(nth, 0, "nothing was ever failed");
	check_split_2m(kva, before, kva);
	cr_assert_eq(set_memory_wb(kva, 1), 0);
	test_audit(m);
}

/* A 1 GiB leaf (gbpages) splits into 2 MiB leaves, then the one into 4 KiB. */
Test(set_memory, split_1g)
{
	struct mml_machine *big = test_machine_ram(3ULL << 30, NULL);
	unsigned long va = __va(SZ_1G) + 5 * PMD_SIZE + 3 * PAGE_SIZE, i;
	unsigned long c[3];
	struct mapping before, now;

	cr_assert_not_null(big);
	memcpy(c, big->direct_pages_count, sizeof(c));
	before = map_of(va);
	cr_assert_eq(before.level, PG_LEVEL_1G);
	cr_assert_eq(set_memory_ro(va, 1), 0);
	cr_assert_eq(big->direct_pages_count[2], c[2] - 1);
	cr_assert_eq(big->direct_pages_count[1], c[1] + 511);
	cr_assert_eq(big->direct_pages_count[0], c[0] + 512);
	for (i = 0; i < PTRS_PER_PMD; i++) {
		unsigned long a = __va(SZ_1G) + i * PMD_SIZE + 3 * PAGE_SIZE;

		now = map_of(a);
		cr_assert_eq(now.level, i == 5 ? PG_LEVEL_4K : PG_LEVEL_2M);
		cr_assert_eq(now.pfn, PFN_DOWN(SZ_1G) + i * 512 + 3);
		if (a != va)
			cr_assert_eq(now.prot, before.prot, "%#lx", a);
	}
	cr_assert_eq(map_of(va).prot, before.prot & ~(_PAGE_RW | _PAGE_DIRTY));
	test_audit(big);
	cr_assert_eq(set_memory_rw(va, 1), 0);
	test_audit(big);
	mml_machine_free(big);
	test_use_machine(m);
}

/* The audits see a page type without its mapping, and a wrong DirectMap count. */
Test(set_memory, audit_catches_inconsistencies)
{
	unsigned long kva = page_in_2m_leaf();
	struct page *pg = virt_to_page(kva);
	char msg[256];

	pg->flags |= 1UL << PG_uncached;	/* UC- in the flags, WB in the PTE */
	cr_assert_eq(memtype_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_assert(strstr(msg, "uncached-minus in its flags, write-back in the direct map"),
		  "%s", msg);
	pg->flags &= ~(1UL << PG_uncached);
	cr_assert_eq(memtype_audit(msg, sizeof(msg)), 0, "%s", msg);

	m->direct_pages_count[0]++;
	cr_assert_eq(pgtable_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_assert(strstr(msg, "DirectMap counts"), "%s", msg);
	m->direct_pages_count[0]--;
	test_audit(m);
}

/*
 * memtype_kernel_map_sync(): ioremap() of RAM below 1 MiB (tracked as not
 * RAM, but direct-mapped) gives the direct map the same type.  As in
 * Linux, iounmap() leaves it; the next mapping's type replaces it.
 */
Test(set_memory, ioremap_of_low_ram_syncs_the_direct_map)
{
	unsigned long alias = __va(0x1000);
	void *p;

	cr_assert_eq(map_of(alias).prot & _PAGE_CACHE_MASK, 0);
	p = ioremap(0x1000, PAGE_SIZE);
	cr_assert_not_null(p);
	cr_assert_eq(map_of(alias).prot & _PAGE_CACHE_MASK, _PAGE_PCD, "UC- in the direct map");
	cr_assert_eq(map_of(alias + PAGE_SIZE).prot & _PAGE_CACHE_MASK, 0);
	test_audit(m);
	iounmap(p);
	cr_assert_eq(map_of(alias).prot & _PAGE_CACHE_MASK, _PAGE_PCD);
	p = ioremap_wc(0x1000, PAGE_SIZE);
	cr_assert_not_null(p);
	cr_assert_eq(map_of(alias).prot & _PAGE_CACHE_MASK, _PAGE_PWT, "WC now");
	iounmap(p);
	p = ioremap_cache(0x1000, PAGE_SIZE);
	cr_assert_not_null(p);
	cr_assert_eq(map_of(alias).prot & _PAGE_CACHE_MASK, 0, "write-back again");
	iounmap(p);
	/* MMIO (the register block) is not in the direct map: nothing to sync */
	p = ioremap(0xfebf0000, PAGE_SIZE);
	cr_assert_not_null(p);
	iounmap(p);
	test_audit(m);
}
