// SPDX-License-Identifier: MIT
/*
 * The buddy allocator: splitting and coalescing, zones and their fallback,
 * watermarks, the per-CPU lists, compound pages, fault injection.  Every
 * test audits the free lists after each step.
 */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

static unsigned long free_now(struct mml_machine *m)
{
	drain_local_pages();
	return nr_free_pages();
}

Test(page_alloc, split_and_coalesce)
{
	struct mml_machine *m = test_machine(NULL);
	struct zone *z = &m->zones[ZONE_DMA32];
	unsigned long before = free_now(m);
	unsigned long o10 = z->free_area[MAX_PAGE_ORDER].nr_free;
	struct page *p;
	unsigned int o;

	/* An order-3 block cut from an order-10 one leaves one block of each
	 * order 3..9 behind (when those orders were empty). */
	for (o = 3; o < MAX_PAGE_ORDER; o++)
		while (z->free_area[o].nr_free) {
			p = alloc_pages(GFP_KERNEL, o);
			cr_assert_not_null(p);
		}
	drain_local_pages();
	test_audit(m);
	o10 = z->free_area[MAX_PAGE_ORDER].nr_free;
	p = alloc_pages(GFP_KERNEL, 3);
	cr_assert_not_null(p);
	cr_assert_eq(z->free_area[MAX_PAGE_ORDER].nr_free, o10 - 1);
	for (o = 3; o < MAX_PAGE_ORDER; o++)
		cr_assert_eq(z->free_area[o].nr_free, 1, "order %u", o);
	test_audit(m);
	__free_pages(p, 3);
	cr_assert_eq(z->free_area[MAX_PAGE_ORDER].nr_free, o10);
	for (o = 3; o < MAX_PAGE_ORDER; o++)
		cr_assert_eq(z->free_area[o].nr_free, 0, "order %u", o);
	test_audit(m);
	(void)before;
	mml_machine_free(m);
}

Test(page_alloc, everything_returns)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long before = free_now(m);
	struct page *pages[512];
	unsigned int orders[512];
	int i;

	srand(7);
	for (i = 0; i < 512; i++) {
		orders[i] = (unsigned int)(rand() % 6);
		pages[i] = alloc_pages(GFP_KERNEL, orders[i]);
		cr_assert_not_null(pages[i]);
		cr_assert_eq(page_ref_count(pages[i]), 1);
		if (i % 64 == 0)
			test_audit(m);
	}
	for (i = 511; i >= 0; i -= 2)
		__free_pages(pages[i], orders[i]);
	test_audit(m);
	for (i = 0; i < 512; i += 2)
		__free_pages(pages[i], orders[i]);
	test_audit(m);
	cr_assert_eq(free_now(m), before);
	/* Fully coalesced again: nothing below order 10 except the boot remnants. */
	test_audit(m);
	mml_machine_free(m);
}

Test(page_alloc, blocks_are_aligned_and_disjoint)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long pfn[64];
	int i, j;

	for (i = 0; i < 64; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, 4);

		cr_assert_not_null(p);
		pfn[i] = page_to_pfn(p);
		cr_assert_eq(pfn[i] & 15, 0);
		for (j = 0; j < i; j++)
			cr_assert(pfn[i] + 16 <= pfn[j] || pfn[j] + 16 <= pfn[i]);
	}
	test_audit(m);
	mml_machine_free(m);
}

Test(page_alloc, gfp_dma_and_zone_fallback)
{
	struct mml_machine *m = test_machine_ram(6ULL << 30, NULL);
	struct page *p;

	p = alloc_pages(GFP_KERNEL | __GFP_DMA, 0);
	cr_assert_not_null(p);
	cr_assert_lt(page_to_pfn(p), 4096UL);
	__free_pages(p, 0);
	p = alloc_pages(GFP_KERNEL | __GFP_DMA32, 2);
	cr_assert_not_null(p);
	cr_assert_lt(page_to_pfn(p), 1UL << 20);
	cr_assert_geq(page_to_pfn(p), 4096UL);
	__free_pages(p, 2);
	p = alloc_pages(GFP_KERNEL, 0);
	cr_assert_not_null(p);
	cr_assert_geq(page_to_pfn(p), 1UL << 20, "GFP_KERNEL prefers Normal");
	__free_pages(p, 0);
	test_audit(m);
	mml_machine_free(m);
}

Test(page_alloc, watermarks_and_lowmem_reserve)
{
	struct mml_machine *m = test_machine(NULL);
	struct zone *dma = &m->zones[ZONE_DMA];
	struct zone *dma32 = &m->zones[ZONE_DMA32];
	unsigned long n = 0;

	/* min_free_kbytes = sqrt(KiB * 16), as Linux computes it. */
	unsigned long kb16 = m->totalram_pages * 4 * 16, r = 0;

	while ((r + 1) * (r + 1) <= kb16)
		r++;
	cr_assert_eq((unsigned long)m->min_free_kbytes, r);
	cr_assert(r > 1900 && r < 2100, "%lu", r);
	cr_assert_gt(low_wmark_pages(dma32), min_wmark_pages(dma32));
	cr_assert_gt(high_wmark_pages(dma32), low_wmark_pages(dma32));
	cr_assert_eq(dma->lowmem_reserve[ZONE_DMA32], (long)(dma32->managed_pages / 256));
	/* GFP_KERNEL drains DMA32 down to its min watermark, then takes DMA
	 * only above DMA's watermark + its reserve against DMA32 requests. */
	while (alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0))
		n++;
	test_audit(m);
	cr_assert_leq(zone_page_state(dma32, NR_FREE_PAGES), min_wmark_pages(dma32) + 1);
	cr_assert_geq(zone_page_state(dma, NR_FREE_PAGES),
		      min_wmark_pages(dma) + (unsigned long)dma->lowmem_reserve[ZONE_DMA32]);
	/* GFP_ATOMIC may dig below min; GFP_DMA may use the DMA zone's pages. */
	cr_assert_not_null(alloc_pages(GFP_ATOMIC, 0));
	cr_assert_not_null(alloc_pages(GFP_KERNEL | __GFP_DMA, 0));
	cr_assert_gt(n, 60000UL);
	test_audit(m);
	mml_machine_free(m);
}

Test(page_alloc, failure_is_logged_unless_nowarn)
{
	struct mml_machine *m = test_machine(NULL);
	char *log;

	cr_assert_null(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	log = test_read_file(m, "dmesg");
	cr_assert(strstr(log, "page allocation failure: order:11, mode:0xcc0(GFP_KERNEL)"), "%s", log);
	free(log);
	m->fail_nth[FAIL_PAGE_ALLOC] = 0;
	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0));
	log = test_read_file(m, "dmesg");
	cr_assert_null(strstr(log, "order:0"));
	free(log);
	mml_machine_free(m);
}

Test(page_alloc, zero_and_poison)
{
	struct mml_machine *m = test_machine(NULL);
	struct page *p = alloc_pages(GFP_KERNEL, 1);
	unsigned char *b = page_host(p);
	struct page *z;

	cr_assert_eq(b[0], 0xaa);
	cr_assert_eq(b[8191], 0xaa);
	__free_pages(p, 1);
	cr_assert_eq(b[100], 0x55);
	z = alloc_pages(GFP_KERNEL | __GFP_ZERO, 1);
	b = page_host(z);
	for (int i = 0; i < 8192; i++)
		cr_assert_eq(b[i], 0);
	mml_machine_free(m);
}

Test(page_alloc, compound_pages)
{
	struct mml_machine *m = test_machine(NULL);
	struct page *p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);

	cr_assert(PageHead(p));
	cr_assert_eq(compound_order(p), 3);
	for (int i = 1; i < 8; i++)
		cr_assert_eq(compound_head(&p[i]), p);
	__free_pages(p, 3);
	cr_assert_not(PageTail(&p[1]));
	test_audit(m);
	mml_machine_free(m);
}

Test(page_alloc, refcount_holds_the_page)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long before = free_now(m);
	struct page *p = alloc_pages(GFP_KERNEL, 0);

	get_page(p);
	__free_pages(p, 0);
	cr_assert_eq(page_ref_count(p), 1);
	cr_assert_eq(free_now(m), before - 1);
	__free_pages(p, 0);
	cr_assert_eq(free_now(m), before);
	/* A second free is refused and logged, not a corruption. */
	__free_pages(p, 0);
	test_audit(m);
	mml_machine_free(m);
}

Test(page_alloc, fault_injection_each_allocation)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long before = free_now(m);
	long nth;

	/* An operation of 8 allocations: fail each one in turn. */
	for (nth = 0; nth < 9; nth++) {
		struct page *got[8];
		int i, n = 0;

		m->fail_nth[FAIL_PAGE_ALLOC] = nth;
		for (i = 0; i < 8; i++) {
			got[n] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, (unsigned)(i % 3));
			if (!got[n])
				break;
			n++;
		}
		cr_assert_eq(n, nth < 8 ? nth : 8);
		while (n--)
			__free_pages(got[n], (unsigned)(n % 3));
		cr_assert_eq(free_now(m), before);
		test_audit(m);
	}
	m->fail_nth[FAIL_PAGE_ALLOC] = -1;
	mml_machine_free(m);
}

Test(page_alloc, pcp_lists_batch)
{
	struct mml_machine *m = test_machine(NULL);
	struct zone *z = &m->zones[ZONE_DMA32];
	struct page *p;

	drain_local_pages();
	p = alloc_pages(GFP_KERNEL, 0);
	/* The first order-0 allocation refilled the per-CPU list by a batch. */
	cr_assert_eq(z->pcp.count, z->pcp.batch - 1);
	__free_pages(p, 0);
	cr_assert_eq(z->pcp.count, z->pcp.batch);
	test_audit(m);
	mml_machine_free(m);
}

/*
 * put_page() of a reference that is not the last is a decrement, inline;
 * a page whose struct page says it is free or reserved (written through
 * /dev/mem, say) still reaches __free_pages()'s check, which reports it
 * and leaves the count alone, whatever the count.
 */
Test(page_alloc, put_page_checks_what_it_does_not_free)
{
	struct mml_machine *m = test_machine(NULL);
	struct page *p = alloc_pages(GFP_KERNEL, 0);
	char *log;

	cr_assert_not_null(p);
	get_page(p);
	put_page(p);
	cr_assert_eq(page_ref_count(p), 1);
	get_page(p);
	SetPageReserved(p);
	put_page(p);
	cr_assert_eq(page_ref_count(p), 2, "a reserved page's count moved");
	log = test_read_file(m, "dmesg");
	cr_assert(strstr(log, "BUG: Bad page state: pfn:"), "%s", log);
	cr_assert(strstr(log, "refcount:2 "), "%s", log);
	free(log);
	ClearPageReserved(p);
	put_page(p);
	put_page(p);
	test_audit(m);
	mml_machine_free(m);
}

Test(page_alloc, api_checks_frees)
{
	struct mml_machine *m = test_machine(NULL);
	uint64_t pfn;

	cr_assert_eq(mml_alloc_pages(m, MML_GFP_KERNEL, 2, &pfn), 0);
	cr_assert_eq(mml_free_pages(m, pfn + 1, 0), -EINVAL);
	cr_assert(strstr(mml_last_error(m), "not allocated"));
	cr_assert_eq(mml_free_pages(m, pfn, 1), -EINVAL);
	cr_assert(strstr(mml_last_error(m), "order 2"));
	cr_assert_eq(mml_free_pages(m, pfn, 2), 0);
	cr_assert_eq(mml_free_pages(m, pfn, 2), -EINVAL);
	/* pfns past every block, and past the machine's memory */
	cr_assert_eq(mml_free_pages(m, pfn + 4096, 0), -EINVAL);
	cr_assert_eq(mml_free_pages(m, ~0ULL, 0), -EINVAL);
	cr_assert_eq(mml_alloc_pages(m, MML_GFP_KERNEL, 11, &pfn), -EINVAL);
	cr_assert_eq(mml_alloc_pages(m, 0x1000, 0, &pfn), -EINVAL);
	test_audit(m);
	mml_machine_free(m);
}

Test(page_alloc, buddyinfo_format)
{
	struct mml_machine *m = test_machine(NULL);
	char *s = test_read_file(m, "/proc/buddyinfo");

	cr_assert(!strncmp(s, "Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n", 97), "%s", s);
	cr_assert(strstr(s, "Node 0, zone    DMA32 "), "%s", s);
	free(s);
	mml_machine_free(m);
}
