// SPDX-License-Identifier: MIT
/*
 * vmalloc: areas, guard pages, contents through the MMU and through
 * vmalloc_to_page(), TLB flushes on vfree, the free-space allocator under
 * random load, fragmentation (vmalloc succeeds where kmalloc fails),
 * /proc/vmallocinfo, fault injection, and the API's checks.  test_audit()
 * (which runs vmalloc_audit()) follows every step.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <mmlab/mmlab.h>
#include "helpers.h"
#include "hw/x86/cpu.h"

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

TestSuite(vmalloc, .init = setup, .fini = teardown);

/* Free pages counting the kernel page tables, which are never freed. */
static unsigned long free_plus_tables(void)
{
	drain_local_pages();
	return nr_free_pages() + m->nr_pagetable_pages;
}

static unsigned long nr_areas(void)
{
	char *s = test_read_file(m, "/proc/vmallocinfo");
	unsigned long n = 0;
	char *p;

	for (p = s; *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

static u64 pattern(unsigned long addr, u64 salt)
{
	return (addr * 0x9e3779b97f4a7c15ULL) ^ salt;
}

/* Fill [addr, addr + size) through the MMU, 8 bytes at a time. */
static void fill(unsigned long addr, unsigned long size, u64 salt)
{
	unsigned long a;

	for (a = addr; a < addr + size; a += 8)
		cr_assert_eq(kernel_store(a, 8, pattern(a, salt)), 0);
}

/* Check it through the MMU and through vmalloc_to_page() + page_host(). */
static void check(unsigned long addr, unsigned long size, u64 salt)
{
	unsigned long a;
	u64 v;

	for (a = addr; a < addr + size; a += 8) {
		cr_assert_eq(kernel_load(a, 8, &v), 0);
		cr_assert_eq(v, pattern(a, salt), "at %#lx", a);
	}
	for (a = addr; a < addr + size; a += PAGE_SIZE) {
		struct page *page = vmalloc_to_page((void *)a);
		u64 *host;

		cr_assert_not_null(page, "no page at %#lx", a);
		cr_assert(PageVmalloc(page));
		cr_assert_eq(vmalloc_to_pfn((void *)a), page_to_pfn(page));
		host = page_host(page);
		cr_assert_eq(host[0], pattern(a, salt));
		cr_assert_eq(host[511], pattern(a + PAGE_SIZE - 8, salt));
	}
}

static void expect_fault(unsigned long addr)
{
	u64 v;

	cr_assert_eq(kernel_load(addr, 8, &v), -EFAULT, "no fault at %#lx", addr);
	cr_assert_eq(m->last_fault_addr, addr);
	cr_assert_eq(m->last_fault_error & X86_PF_PROT, 0u);
}

Test(vmalloc, sizes_contents_guard_and_vfree)
{
	static const unsigned long sizes[] = {
		1, 100, PAGE_SIZE, PAGE_SIZE + 1, 3 * PAGE_SIZE, SZ_64K + 17,
		SZ_1M, 3 * SZ_1M + 5, 8 * SZ_1M,
	};
	unsigned long before = free_plus_tables();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned long size = PAGE_ALIGN(sizes[i]), a;
		struct vm_struct *vm;
		void *p = vmalloc(sizes[i]);

		cr_assert_not_null(p, "vmalloc(%lu)", sizes[i]);
		a = (unsigned long)p;
		cr_assert(is_vmalloc_addr(p));
		cr_assert(IS_ALIGNED(a, PAGE_SIZE));
		cr_assert_geq(a, VMALLOC_START);
		cr_assert_leq(a + size + PAGE_SIZE, VMALLOC_END + 1);
		vm = find_vm_area(p);
		cr_assert_not_null(vm);
		cr_assert_eq(vm->size, size + PAGE_SIZE, "size includes the guard");
		cr_assert_eq(vm->nr_pages, size >> PAGE_SHIFT);
		cr_assert_eq(vmalloc_nr_pages(), size >> PAGE_SHIFT);
		test_audit(m);
		fill(a, size, i);
		check(a, size, i);
		expect_fault(a + size);		/* the guard page */
		cr_assert_null(vmalloc_to_page((void *)(a + size)));
		vfree(p);
		test_audit(m);
		expect_fault(a);		/* no stale TLB entry */
		expect_fault(a + size - PAGE_SIZE);
		cr_assert_eq(vmalloc_nr_pages(), 0);
		cr_assert_eq(free_plus_tables(), before);
	}
	cr_assert_eq(nr_areas(), 0);
}

Test(vmalloc, zero_null_and_bad_free)
{
	unsigned long before;
	void *p;

	cr_assert_null(vmalloc(0));
	vfree(NULL);
	p = vmalloc(2 * PAGE_SIZE);
	cr_assert_not_null(p);
	before = free_plus_tables();
	vfree((char *)p + PAGE_SIZE);	/* not the start: refused */
	vfree((void *)(VMALLOC_START + SZ_1G));
	cr_assert_eq(free_plus_tables(), before);
	cr_assert_eq(nr_areas(), 1);
	test_audit(m);
	vfree(p);
	test_audit(m);
	/* more than all RAM */
	cr_assert_null(vmalloc(512UL << 20));
	test_audit(m);
}

Test(vmalloc, vzalloc_zeroes_vmalloc_does_not)
{
	unsigned long a, i;
	u64 v;

	/* recycle dirty pages first */
	a = (unsigned long)vmalloc(SZ_64K);
	fill(a, SZ_64K, 7);
	vfree((void *)a);
	a = (unsigned long)vzalloc(SZ_64K);
	cr_assert(a);
	for (i = 0; i < SZ_64K; i += 8) {
		cr_assert_eq(kernel_load(a + i, 8, &v), 0);
		cr_assert_eq(v, 0);
	}
	vfree((void *)a);
	a = (unsigned long)vmalloc(PAGE_SIZE);
	cr_assert_eq(kernel_load(a, 8, &v), 0);
	cr_assert_eq(v, 0xaaaaaaaaaaaaaaaaULL, "page_poison: fresh pages are 0xaa");
	vfree((void *)a);
	test_audit(m);
}

/*
 * 0         1         2
 * AAAA.BB.CCC.            three areas, each with its guard page (.)
 * AAAA.___.CCC.           free B
 * AAAA.D__.CCC.           D (smaller) takes the lowest fit: B's place
 */
Test(vmalloc, layout_guard_gaps_and_lowest_fit)
{
	unsigned long a = (unsigned long)vmalloc(4 * PAGE_SIZE);
	unsigned long b = (unsigned long)vmalloc(2 * PAGE_SIZE);
	unsigned long c = (unsigned long)vmalloc(3 * PAGE_SIZE);
	unsigned long d;

	cr_assert_eq(b, a + 5 * PAGE_SIZE);
	cr_assert_eq(c, b + 3 * PAGE_SIZE);
	test_audit(m);
	vfree((void *)b);
	test_audit(m);
	d = (unsigned long)vmalloc(PAGE_SIZE);
	cr_assert_eq(d, b);
	test_audit(m);
	vfree((void *)a);
	vfree((void *)c);
	vfree((void *)d);
	test_audit(m);
	cr_assert_eq((unsigned long)vmalloc(PAGE_SIZE), a, "all merged back");
}

/* After vfree and a new vmalloc at the same address, no old data shows. */
Test(vmalloc, reuse_sees_new_pages_not_stale_tlb)
{
	unsigned long a = (unsigned long)vmalloc(8 * PAGE_SIZE), b;
	u64 v;

	fill(a, 8 * PAGE_SIZE, 1);
	check(a, 8 * PAGE_SIZE, 1);
	vfree((void *)a);
	b = (unsigned long)vzalloc(8 * PAGE_SIZE);
	cr_assert_eq(b, a);
	cr_assert_eq(kernel_load(b + 3 * PAGE_SIZE, 8, &v), 0);
	cr_assert_eq(v, 0);
	vfree((void *)b);
	test_audit(m);
}

static u64 rng = 0x1234abcd5678ef01ULL;
static u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Random vmalloc/vfree against a reference; audit after each step. */
Test(vmalloc, random_alloc_free_against_reference)
{
	enum { SLOTS = 48, STEPS = 600 };
	unsigned long addr[SLOTS] = { 0 }, size[SLOTS] = { 0 };
	unsigned long before = free_plus_tables(), pages = 0;
	int s, i, j;

	for (s = 0; s < STEPS; s++) {
		i = rnd() % SLOTS;
		if (addr[i]) {
			cr_assert_eq(kernel_load(addr[i], 8, &(u64){ 0 }), 0);
			vfree((void *)addr[i]);
			pages -= PAGE_ALIGN(size[i]) >> PAGE_SHIFT;
			addr[i] = 0;
		} else {
			size[i] = 1 + rnd() % (24 * PAGE_SIZE);
			addr[i] = (unsigned long)vmalloc(size[i]);
			cr_assert(addr[i]);
			pages += PAGE_ALIGN(size[i]) >> PAGE_SHIFT;
			cr_assert_eq(kernel_store(addr[i], 8, addr[i]), 0);
		}
		/* live areas never overlap (guard included) */
		for (j = 0; j < SLOTS; j++)
			if (j != i && addr[j] && addr[i])
				cr_assert(addr[i] + PAGE_ALIGN(size[i]) + PAGE_SIZE <= addr[j] ||
					  addr[j] + PAGE_ALIGN(size[j]) + PAGE_SIZE <= addr[i]);
		cr_assert_eq(vmalloc_nr_pages(), pages);
		test_audit(m);
	}
	for (i = 0; i < SLOTS; i++) {
		if (!addr[i])
			continue;
		u64 v;

		cr_assert_eq(kernel_load(addr[i], 8, &v), 0);
		cr_assert_eq(v, addr[i]);
		vfree((void *)addr[i]);
	}
	test_audit(m);
	cr_assert_eq(free_plus_tables(), before);
	cr_assert_eq((unsigned long)vmalloc(1), VMALLOC_START);
}

/*
 * Fragment the buddy allocator: take every free page, give back every
 * other one, and hold whatever larger blocks are left.  Then no order-4
 * block exists: kmalloc(64 KiB) fails while vmalloc(64 KiB) succeeds.
 */
Test(vmalloc, fragmentation_kmalloc_fails_vmalloc_succeeds)
{
	unsigned long max = m->totalram_pages, n = 0, nblk = 0, i, a;
	struct page **pages = calloc(max, sizeof(*pages));
	struct { struct page *p; unsigned int order; } *blk;
	unsigned int order;
	void *k, *v;

	blk = calloc(4096, sizeof(*blk));
	cr_assert(pages && blk);
	while (n < max && (pages[n] = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0)))
		n++;
	cr_assert_gt(n, 1000);
	for (i = 0; i < n; i += 2)
		__free_pages(pages[i], 0);
	drain_local_pages();
	for (order = MAX_PAGE_ORDER; order >= 1; order--) {
		struct page *p;

		while (nblk < 4096 &&
		       (p = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, order))) {
			blk[nblk].p = p;
			blk[nblk++].order = order;
		}
	}
	test_audit(m);

	cr_assert_null(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 4));
	k = kmalloc(SZ_64K, GFP_KERNEL | __GFP_NOWARN);
	cr_assert_null(k, "kmalloc(64K) should fail on fragmented memory");
	v = vmalloc(SZ_64K);
	cr_assert_not_null(v, "vmalloc(64K) should succeed");
	a = (unsigned long)v;
	fill(a, SZ_64K, 3);
	check(a, SZ_64K, 3);
	/* its frames are scattered: no two neighbours physically adjacent */
	for (i = 0; i + 1 < SZ_64K / PAGE_SIZE; i++)
		cr_assert_neq(vmalloc_to_pfn((void *)(a + (i + 1) * PAGE_SIZE)),
			      vmalloc_to_pfn((void *)(a + i * PAGE_SIZE)) + 1);
	test_audit(m);
	vfree(v);
	v = vmalloc(8 * SZ_1M);
	cr_assert_not_null(v, "vmalloc(8M) on fragmented memory");
	vfree(v);
	test_audit(m);

	for (i = 1; i < n; i += 2)
		__free_pages(pages[i], 0);
	for (i = 0; i < nblk; i++)
		__free_pages(blk[i].p, blk[i].order);
	free(pages);
	free(blk);
	test_audit(m);
}

static void fail_loop(enum fail_kind kind, unsigned long size)
{
	unsigned long before = free_plus_tables(), areas = nr_areas();
	unsigned long vpages = vmalloc_nr_pages();
	long nth;
	void *p = NULL;

	for (nth = 0; nth < 10000; nth++) {
		m->fail_nth[kind] = nth;
		p = __vmalloc_caller(size, GFP_KERNEL | __GFP_NOWARN, "test");
		m->fail_nth[kind] = -1;
		if (p)
			break;
		cr_assert_eq(free_plus_tables(), before, "leak at nth=%ld", nth);
		cr_assert_eq(nr_areas(), areas);
		cr_assert_eq(vmalloc_nr_pages(), vpages);
		test_audit(m);
	}
	cr_assert_not_null(p);
	cr_assert_gt(nth, 0, "no allocation was ever failed");
	if (kind == FAIL_PAGE_ALLOC)
		cr_assert_geq((unsigned long)nth, PAGE_ALIGN(size) >> PAGE_SHIFT);
	fill((unsigned long)p, PAGE_ALIGN(size), nth);
	check((unsigned long)p, PAGE_ALIGN(size), nth);
	vfree(p);
	test_audit(m);
	cr_assert_eq(free_plus_tables(), before);
}

Test(vmalloc, fault_injection_page_alloc)
{
	unsigned long tables = m->nr_pagetable_pages;

	/* the first area, across a PMD boundary: page-table pages fail too */
	fail_loop(FAIL_PAGE_ALLOC, 2 * SZ_1M + 5 * PAGE_SIZE);
	cr_assert_geq(m->nr_pagetable_pages, tables + 2, "PTE tables were built");
	fail_loop(FAIL_PAGE_ALLOC, PAGE_SIZE);
}

Test(vmalloc, fault_injection_metadata)
{
	void *hold = vmalloc(PAGE_SIZE);	/* so that a split is needed */

	vfree(vmalloc(0));
	fail_loop(FAIL_SLAB, 5 * PAGE_SIZE);
	vfree(hold);
	test_audit(m);
}

/* The first PMD of the area fails: the tables above it stay, no PTE. */
Test(vmalloc, table_alloc_failure_leaves_no_mapping)
{
	unsigned long tables = m->nr_pagetable_pages, before = free_plus_tables();
	void *p;

	m->fail_nth[FAIL_PAGE_ALLOC] = 1;	/* after the first data page */
	p = vmalloc(2 * PAGE_SIZE);
	m->fail_nth[FAIL_PAGE_ALLOC] = -1;
	cr_assert_null(p);
	m->fail_nth[FAIL_PAGE_ALLOC] = 2;	/* a page-table page, if needed */
	p = vmalloc(2 * PAGE_SIZE);
	m->fail_nth[FAIL_PAGE_ALLOC] = -1;
	if (p)
		vfree(p);
	cr_assert_geq(m->nr_pagetable_pages, tables);
	cr_assert_eq(free_plus_tables(), before);
	test_audit(m);
}

static bool has_line(const char *text, const char *line)
{
	const char *p = strstr(text, line);

	return p && (p == text || p[-1] == '\n') && p[strlen(line)] == '\n';
}

Test(vmalloc, vmallocinfo_format_and_meminfo)
{
	unsigned long a = (unsigned long)__vmalloc_caller(3 * PAGE_SIZE,
							GFP_KERNEL, "mml_vmalloc");
	unsigned long b = (unsigned long)vmalloc(SZ_1M);
	char line[200], *s, *meminfo, *vu;
	unsigned long kb;

	cr_assert(a && b);
	s = test_read_file(m, "/proc/vmallocinfo");
	snprintf(line, sizeof(line),
		 "0x%016lx-0x%016lx   16384 mml_vmalloc pages=3 vmalloc N0=3",
		 a, a + 4 * PAGE_SIZE);
	cr_assert(has_line(s, line), "missing '%s' in:\n%s", line, s);
	snprintf(line, sizeof(line),
		 "0x%016lx-0x%016lx 1052672 vmalloc pages=256 vmalloc N0=256",
		 b, b + SZ_1M + PAGE_SIZE);
	cr_assert(has_line(s, line), "missing '%s' in:\n%s", line, s);
	cr_assert_lt(strstr(s, "mml_vmalloc"), strstr(s, " vmalloc pages=256"),
		     "sorted by address");
	free(s);

	meminfo = test_read_file(m, "/proc/meminfo");
	vu = strstr(meminfo, "VmallocUsed:");
	cr_assert_not_null(vu);
	cr_assert_eq(sscanf(vu, "VmallocUsed: %lu kB", &kb), 1);
	cr_assert_eq(kb, (3 + 256) * 4);
	free(meminfo);
	vfree((void *)a);
	vfree((void *)b);
	test_audit(m);
}

Test(vmalloc, api_checks)
{
	uint64_t kva, pfn;

	cr_assert_eq(mml_vmalloc(m, 0, 0, &kva), -EINVAL);
	cr_assert_eq(mml_vmalloc(m, 100, 0, NULL), -EINVAL);
	cr_assert_eq(mml_vmalloc(m, 1ULL << 40, 0, &kva), -ENOMEM);
	cr_assert_eq(mml_vmalloc(m, 5000, 1, &kva), 0);
	cr_assert_eq(mml_vmalloc_to_pfn(m, kva + PAGE_SIZE, &pfn), 0);
	cr_assert_eq(pfn, vmalloc_to_pfn((void *)(kva + PAGE_SIZE)));
	cr_assert_eq(mml_vmalloc_to_pfn(m, kva + 2 * PAGE_SIZE, &pfn), -EFAULT);
	cr_assert_eq(mml_vmalloc_to_pfn(m, PAGE_OFFSET, &pfn), -EINVAL);
	cr_assert_eq(mml_vfree(m, 0), 0);
	cr_assert_eq(mml_vfree(m, PAGE_OFFSET + SZ_1M), -EINVAL);
	cr_assert_str_eq(mml_last_error(m),
			 "vfree: 0xffff888000100000 is not a vmalloc area");
	cr_assert_eq(mml_vfree(m, kva + PAGE_SIZE), -EINVAL);
	test_audit(m);
	cr_assert_eq(mml_vfree(m, kva), 0);
	cr_assert_eq(mml_vfree(m, kva), -EINVAL, "double vfree refused");
	test_audit(m);
}

Test(vmalloc, fault_is_logged_as_oops)
{
	unsigned long a = (unsigned long)vmalloc(PAGE_SIZE);
	char want[100], *log;

	expect_fault(a + PAGE_SIZE);
	log = test_read_file(m, "dmesg");
	snprintf(want, sizeof(want),
		 "BUG: unable to handle page fault for address: %016lx",
		 a + PAGE_SIZE);
	cr_assert_not_null(strstr(log, want), "no oops line in the log");
	cr_assert_not_null(strstr(log, "#PF: supervisor read access in kernel mode"));
	cr_assert_not_null(strstr(log, "#PF: error_code(0x0000) - not-present page"));
	free(log);
	vfree((void *)a);
}

/*
 * VmallocTotal as Linux computes it, VMALLOC_END - VMALLOC_START with an
 * inclusive VMALLOC_END: 32 TiB less one byte, in kB rounded down.  Linux
 * 6.18 on x86-64 with 4-level paging prints 34359738367 kB.
 */
Test(vmalloc, meminfo_vmalloc_total)
{
	char *info = test_read_file(m, "/proc/meminfo");
	const char *p = strstr(info, "\nVmallocTotal:");

	cr_assert_not_null(p, "%s", info);
	cr_assert_eq(strtoull(p + 14, NULL, 10), ((32ULL << 40) - 1) >> 10);
	cr_assert_eq(strtoull(p + 14, NULL, 10), 34359738367ULL);
	free(info);
}
