// SPDX-License-Identifier: MIT
/*
 * ioremap: the register block reached through two mappings at once, the
 * cache bits of each flavour in the PTEs, sub-page offsets, refusal of
 * RAM the kernel manages, reserved RAM above mem= (a driver's exchange
 * buffer), the VGA window, iounmap (and its refusal of bad addresses),
 * the MMIO string copies, port I/O, vmallocinfo lines and fault
 * injection.  test_audit() follows every step.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/io.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <mmlab/mmlab.h>
#include <asm/memtype.h>
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

TestSuite(ioremap, .init = setup, .fini = teardown);

static unsigned long free_plus_tables(void)
{
	drain_local_pages();
	return nr_free_pages() + m->nr_pagetable_pages;
}

static u64 pte_of(const volatile void *addr)
{
	enum pg_level level;
	pte_t *pte = lookup_address((unsigned long)addr, &level);

	cr_assert_not_null(pte, "nothing maps %p", addr);
	cr_assert_eq(level, PG_LEVEL_4K);
	return pte_val(*pte);
}

static char *log_text(void)
{
	return test_read_file(m, "dmesg");
}

Test(ioremap, regblock_twice_two_addresses_one_device)
{
	void *a = ioremap(REGBLOCK_MMIO_BASE, REGBLOCK_MMIO_SIZE);
	void *b = ioremap(REGBLOCK_MMIO_BASE, REGBLOCK_MMIO_SIZE);

	cr_assert(a && b);
	cr_assert_neq(a, b);
	cr_assert(is_vmalloc_addr(a) && is_vmalloc_addr(b));
	test_audit(m);
	cr_assert_eq(readl((char *)a + REGBLOCK_REG_ID), REGBLOCK_ID);
	cr_assert_eq(readl((char *)b + REGBLOCK_REG_ID), REGBLOCK_ID);
	writel(0xcafef00d, (char *)a + REGBLOCK_REG_SCRATCH);
	cr_assert_eq(readl((char *)b + REGBLOCK_REG_SCRATCH), 0xcafef00d);
	writel(0x12345678, (char *)b + REGBLOCK_REG_SCRATCH);
	cr_assert_eq(readl((char *)a + REGBLOCK_REG_SCRATCH), 0x12345678);
	cr_assert_eq(readw((char *)a + REGBLOCK_REG_SCRATCH), 0x5678);
	cr_assert_eq(readb((char *)a + REGBLOCK_REG_SCRATCH + 3), 0x12);
	cr_assert_eq(vmalloc_to_pfn(a), REGBLOCK_MMIO_BASE >> PAGE_SHIFT);
	cr_assert_eq(vmalloc_to_pfn(b), REGBLOCK_MMIO_BASE >> PAGE_SHIFT);
	cr_assert_null(vmalloc_to_page(a), "device memory has no struct page");
	iounmap(a);
	test_audit(m);
	cr_assert_eq(readl((char *)b + REGBLOCK_REG_ID), REGBLOCK_ID);
	iounmap(b);
	test_audit(m);
}

/* Each flavour alone: the PTE has the cache bits it asks for. */
static void check_flavour(void *(*map)(phys_addr_t, size_t), u64 bits)
{
	void *p = map(REGBLOCK_MMIO_BASE, 4);
	u64 pte;

	cr_assert_not_null(p);
	pte = pte_of(p);
	cr_assert_eq(pte & (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT), bits);
	cr_assert(pte & _PAGE_PRESENT && pte & _PAGE_RW && pte & _PAGE_GLOBAL &&
		  pte & _PAGE_NX && !(pte & _PAGE_USER), "PAGE_KERNEL_IO");
	cr_assert_eq(pte & PTE_PFN_MASK, REGBLOCK_MMIO_BASE);
	cr_assert_eq(readl(p), REGBLOCK_ID);
	cr_assert_eq(memtype_count(), 1);
	test_audit(m);
	iounmap(p);
	cr_assert_eq(memtype_count(), 0);
	test_audit(m);
}

/*
 * The register block lies in the PCI hole, where the MTRRs say uncached:
 * ioremap_cache()'s write-back becomes UC- (pat_x_mtrr_type()).  Below the
 * hole (the firmware's reserved tail of RAM) write-back stays write-back.
 */
Test(ioremap, cache_bits_per_flavour)
{
	void *wb;

	check_flavour(ioremap, _PAGE_PCD);
	check_flavour(ioremap_wc, _PAGE_PWT);
	check_flavour(ioremap_uc, _PAGE_PCD | _PAGE_PWT);
	check_flavour(ioremap_cache, _PAGE_PCD);
	wb = ioremap_cache(0xffe0000, PAGE_SIZE);
	cr_assert_not_null(wb);
	cr_assert_eq(pte_of(wb) & (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT), 0);
	iounmap(wb);
	test_audit(m);
}

/* The public API's types give the same PTEs as the kernel calls above. */
Test(ioremap, public_cache_types)
{
	static const struct { enum mml_cache_type type; u64 bits; } want[] = {
		{ MML_CACHE_UC_MINUS, _PAGE_PCD },
		{ MML_CACHE_WC, _PAGE_PWT },
		{ MML_CACHE_UC, _PAGE_PCD | _PAGE_PWT },
		{ MML_CACHE_WB, _PAGE_PCD },	/* the PCI hole: UC- */
	};
	uint64_t kva;

	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		cr_assert_eq(mml_ioremap(m, REGBLOCK_MMIO_BASE, 4, want[i].type, &kva), 0);
		cr_assert_eq(pte_of((void *)kva) & (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT),
			     want[i].bits, "type %d", (int)want[i].type);
		cr_assert_eq(mml_iounmap(m, kva), 0);
		test_audit(m);
	}
	cr_assert_eq(mml_ioremap(m, 0xffe0000, PAGE_SIZE, MML_CACHE_WB, &kva), 0);
	cr_assert_eq(pte_of((void *)kva) & (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT), 0,
		     "write-back below the hole");
	cr_assert_eq(mml_iounmap(m, kva), 0);
	test_audit(m);
}

/*
 * The PAT's memtype tree (Linux's memtype_reserve()): a second ioremap of
 * a reserved range takes the reserved type when Linux allows it (WC, UC
 * and WB asked over UC- get UC-), one of uncached asked over write-back
 * fails ("ioremap error for"), a request over two entries of different
 * types is a conflict (-EBUSY), and every iounmap() frees its entry.
 */
Test(ioremap, memtype_reserved_type_wins)
{
	const u64 mask = _PAGE_PWT | _PAGE_PCD | _PAGE_PAT;
	void *uc_minus = ioremap(REGBLOCK_MMIO_BASE, 4);
	void *wc = ioremap_wc(REGBLOCK_MMIO_BASE, 4);
	void *uc = ioremap_uc(REGBLOCK_MMIO_BASE, 4);
	void *wb = ioremap_cache(REGBLOCK_MMIO_BASE, 4);
	void *page1, *both;
	char *log;

	cr_assert(uc_minus && wc && uc && wb);
	cr_assert_eq(pte_of(uc_minus) & mask, _PAGE_PCD);
	cr_assert_eq(pte_of(wc) & mask, _PAGE_PCD, "WC asked, UC- reserved");
	cr_assert_eq(pte_of(uc) & mask, _PAGE_PCD);
	cr_assert_eq(pte_of(wb) & mask, _PAGE_PCD);
	cr_assert_eq(memtype_count(), 4, "one entry per reservation");
	test_audit(m);
	iounmap(uc_minus);
	iounmap(wc);
	iounmap(uc);
	iounmap(wb);
	cr_assert_eq(memtype_count(), 0);

	/* Write-back below the hole: uncached asked over it is refused. */
	wb = ioremap_cache(0xffe0000, PAGE_SIZE);
	cr_assert_not_null(wb);
	cr_assert_null(ioremap(0xffe0000, PAGE_SIZE));
	log = log_text();
	cr_assert(strstr(log, "ioremap error for 0xffe0000-0xffe1000, requested 0x2, got 0x0\n"),
		  "%s", log);
	free(log);
	cr_assert_eq(memtype_count(), 1, "the refused one left nothing");
	test_audit(m);
	iounmap(wb);

	/* Two neighbours of different types, then one range over both. */
	page1 = ioremap_wc(REGBLOCK_MMIO_BASE + PAGE_SIZE, PAGE_SIZE);
	wc = ioremap(REGBLOCK_MMIO_BASE, PAGE_SIZE);
	cr_assert(page1 && wc);
	both = ioremap(REGBLOCK_MMIO_BASE, 2 * PAGE_SIZE);
	cr_assert_null(both);
	log = log_text();
	cr_assert(strstr(log, " conflicting memory types febf0000-febf2000 uncached-minus<->write-combining\n"),
		  "%s", log);
	cr_assert(strstr(log, "x86/PAT: memtype_reserve failed [mem 0xfebf0000-0xfebf1fff], track uncached-minus, req uncached-minus\n"),
		  "%s", log);
	cr_assert(strstr(log, "ioremap memtype_reserve failed -16\n"), "%s", log);
	free(log);
	test_audit(m);
	iounmap(page1);
	iounmap(wc);
	cr_assert_eq(memtype_count(), 0);
	test_audit(m);
}

/* The untracked ISA window: nothing enters the tree, the PTE is WB. */
Test(ioremap, isa_window_untracked)
{
	void *p = ioremap(VGA_MMIO_BASE, VGA_MMIO_SIZE);

	cr_assert_not_null(p);
	cr_assert_eq(pte_of(p) & (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT), 0,
		     "is_untracked_pat_range(): write-back in the PTE");
	cr_assert_eq(memtype_count(), 0);
	iounmap(p);
	test_audit(m);
}

/* memtype_free() of a range nobody reserved: Linux's log line, -EINVAL. */
Test(ioremap, memtype_free_invalid)
{
	char *log;

	cr_assert_eq(memtype_free(REGBLOCK_MMIO_BASE, REGBLOCK_MMIO_BASE + PAGE_SIZE),
		     -EINVAL);
	log = log_text();
	cr_assert(strstr(log, " freeing invalid memtype [mem 0xfebf0000-0xfebf0fff]\n"),
		  "%s", log);
	free(log);
	cr_assert_eq(memtype_reserve(0, 0, _PAGE_CACHE_MODE_UC_MINUS, NULL), -EINVAL);
	test_audit(m);
}

Test(ioremap, sub_page_offset_kept)
{
	char *p = ioremap(REGBLOCK_MMIO_BASE + REGBLOCK_REG_SCRATCH, 4);
	struct vm_struct *vm;

	cr_assert_not_null(p);
	cr_assert_eq((unsigned long)p & ~PAGE_MASK, REGBLOCK_REG_SCRATCH);
	writel(0xabcd, p);
	cr_assert_eq(readl(p), 0xabcd);
	cr_assert_eq(readl(p - REGBLOCK_REG_SCRATCH), REGBLOCK_ID);
	vm = find_vm_area(p);
	cr_assert_not_null(vm);
	cr_assert_eq(vm->phys_addr, REGBLOCK_MMIO_BASE);
	cr_assert_eq(vm->size, 2 * PAGE_SIZE);
	iounmap(p);		/* the offset address is accepted */
	cr_assert_null(find_vm_area(p));
	test_audit(m);
}

Test(ioremap, ram_is_refused)
{
	unsigned long before = free_plus_tables();
	uint64_t kva = 0;
	char *log;

	cr_assert_null(ioremap(0x100000, PAGE_SIZE));
	cr_assert_null(ioremap(16 << 20, SZ_1M));
	cr_assert_null(ioremap_wc(0x100000 - PAGE_SIZE, 2 * PAGE_SIZE),
		       "a range that only touches RAM is refused too");
	log = log_text();
	cr_assert_not_null(strstr(log, "ioremap on RAM at 0x0000000000100000 - 0x0000000000100fff"),
			   "%s", log);
	free(log);
	cr_assert_eq(mml_ioremap(m, 0x100000, 4096, MML_CACHE_UC_MINUS, &kva), -EINVAL);
	cr_assert_not_null(strstr(mml_last_error(m), "RAM"));
	cr_assert_eq(free_plus_tables(), before);
	test_audit(m);
}

/* The classic driver trick: boot with mem=63M and ioremap the RAM above it. */
Test(ioremap, reserved_ram_above_mem_limit)
{
	struct mml_machine *big = m;
	char buf[16];
	void *p;
	u8 *host;

	m = test_machine("mem=63M");
	p = ioremap(63 << 20, SZ_1M);
	cr_assert_not_null(p, "RAM above mem= is not System RAM: allowed");
	test_audit(m);
	memset_io(p, 0, SZ_1M);
	memcpy_toio(p, "abcd", 4);
	memcpy_toio((char *)p + SZ_1M - 4, "wxyz", 4);
	memcpy_fromio(buf, p, 4);
	cr_assert_eq(memcmp(buf, "abcd", 4), 0);
	host = phys_to_host(63 << 20);
	cr_assert_eq(memcmp(host, "abcd", 4), 0, "the bytes are in that RAM");
	cr_assert_eq(memcmp(host + SZ_1M - 4, "wxyz", 4), 0);
	cr_assert_null(ioremap(32 << 20, PAGE_SIZE),
		       "below mem= is the kernel's RAM");
	iounmap(p);
	test_audit(m);
	mml_machine_free(m);
	m = big;
}

Test(ioremap, vga_window_and_alignment)
{
	void *p = ioremap(VGA_MMIO_BASE, VGA_MMIO_SIZE);
	char *text = (char *)p + (VGA_TEXT_BASE - VGA_MMIO_BASE);

	cr_assert_not_null(p);
	cr_assert(IS_ALIGNED((unsigned long)p, VGA_MMIO_SIZE),
		  "ioremap areas are naturally aligned, as Linux");
	writew(0x0748, text);	/* 'H', grey on black */
	cr_assert_eq(readw(text), 0x0748);
	test_audit(m);
	iounmap(p);
	test_audit(m);
}

Test(ioremap, iounmap_flushes_and_refuses_bad_addresses)
{
	void *v = vmalloc(PAGE_SIZE);
	void *p = ioremap(REGBLOCK_MMIO_BASE, 4);
	unsigned long before;
	u64 val;
	char *log;

	cr_assert(v && p);
	cr_assert_eq(readl(p), REGBLOCK_ID);	/* now in the TLB */
	before = free_plus_tables();
	iounmap(v);				/* vmalloc memory: refused */
	iounmap((void *)PAGE_OFFSET);	/* direct map: refused */
	iounmap((void *)(VMALLOC_START + SZ_1G));
	cr_assert_not_null(find_vm_area(v));
	cr_assert_eq(free_plus_tables(), before);
	log = log_text();
	cr_assert_not_null(strstr(log, "iounmap: bad address"));
	free(log);
	test_audit(m);
	iounmap(p);
	cr_assert_eq(kernel_load((unsigned long)p, 4, &val), -EFAULT,
		     "no stale TLB entry after iounmap");
	cr_assert_eq(readl(p), 0xffffffffu, "a faulting read gives all ones");
	cr_assert_eq(mml_iounmap(m, (uint64_t)(unsigned long)v), -EINVAL);
	vfree(v);
	test_audit(m);
}

Test(ioremap, api_copies_and_faults)
{
	uint64_t kva, kva2;
	char buf[64], want[64];
	unsigned long i;

	cr_assert_eq(mml_ioremap(m, VGA_TEXT_BASE, 2 * PAGE_SIZE, MML_CACHE_WC, &kva), 0);
	for (i = 0; i < sizeof(want); i++)
		want[i] = (char)('A' + i % 26);
	cr_assert_eq(mml_memcpy_toio(m, kva + 1, want, sizeof(want)), 0);
	memset(buf, 0, sizeof(buf));
	cr_assert_eq(mml_memcpy_fromio(m, buf, kva + 1, sizeof(buf)), 0);
	cr_assert_eq(memcmp(buf, want, sizeof(buf)), 0);
	cr_assert_eq(mml_memset_io(m, kva + 3, 'z', 5), 0);
	cr_assert_eq(mml_memcpy_fromio(m, buf, kva, 10), 0);
	cr_assert_eq(memcmp(buf + 1, "ABzzzzzH", 8), 0);
	/* running into the guard page */
	cr_assert_eq(mml_memcpy_fromio(m, buf, kva + 2 * PAGE_SIZE - 8, 16), -EFAULT);
	cr_assert_not_null(strstr(mml_last_error(m), "page fault"));
	cr_assert_eq(mml_memset_io(m, kva + 2 * PAGE_SIZE - 1, 0, 2), -EFAULT);
	cr_assert_eq(mml_memcpy_toio(m, kva, NULL, 4), -EINVAL);
	cr_assert_eq(mml_memcpy_fromio(m, buf, ~0ULL - 2, 8), -EINVAL);

	/* bad arguments */
	cr_assert_eq(mml_ioremap(m, REGBLOCK_MMIO_BASE, 0, MML_CACHE_UC, &kva2), -EINVAL);
	cr_assert_eq(mml_ioremap(m, REGBLOCK_MMIO_BASE, 4, (enum mml_cache_type)9, &kva2), -EINVAL);
	cr_assert_eq(mml_ioremap(m, ~0ULL - 10, 100, MML_CACHE_UC, &kva2), -EINVAL);
	cr_assert_eq(mml_ioremap(m, 1ULL << 53, 100, MML_CACHE_UC, &kva2), -EINVAL);
	cr_assert_eq(mml_ioremap(m, REGBLOCK_MMIO_BASE, 4, MML_CACHE_UC, NULL), -EINVAL);
	cr_assert_eq(mml_iounmap(m, PAGE_OFFSET), -EINVAL);
	cr_assert_eq(mml_iounmap(m, kva + PAGE_SIZE), 0, "inside the mapping");
	cr_assert_eq(mml_iounmap(m, kva), -EINVAL, "already gone");
	test_audit(m);
}

Test(ioremap, vmallocinfo_line)
{
	uint64_t kva;
	char line[160], *s;

	cr_assert_eq(mml_ioremap(m, REGBLOCK_MMIO_BASE, 4, MML_CACHE_UC_MINUS, &kva), 0);
	s = test_read_file(m, "/proc/vmallocinfo");
	snprintf(line, sizeof(line),
		 "0x%016llx-0x%016llx    8192 mml_ioremap phys=0x00000000febf0000 ioremap\n",
		 (unsigned long long)kva, (unsigned long long)kva + 2 * PAGE_SIZE);
	cr_assert_not_null(strstr(s, line), "missing '%s' in:\n%s", line, s);
	free(s);
	cr_assert_eq(mml_iounmap(m, kva), 0);
	test_audit(m);
}

static void fail_loop(enum fail_kind kind)
{
	unsigned long before = free_plus_tables();
	void *p = NULL;
	long nth;

	for (nth = 0; nth < 1000; nth++) {
		m->fail_nth[kind] = nth;
		p = ioremap(VGA_MMIO_BASE, VGA_MMIO_SIZE);
		m->fail_nth[kind] = -1;
		if (p)
			break;
		cr_assert_eq(free_plus_tables(), before, "leak at nth=%ld", nth);
		cr_assert_null(find_vm_area((void *)VMALLOC_START));
		test_audit(m);
	}
	cr_assert_not_null(p);
	cr_assert_gt(nth, 0, "nothing was ever failed");
	writeb(0x5a, (char *)p + 0x18000);
	cr_assert_eq(readb((char *)p + 0x18000), 0x5a);
	iounmap(p);
	test_audit(m);
	cr_assert_eq(free_plus_tables(), before);
}

Test(ioremap, fault_injection)
{
	unsigned long tables = m->nr_pagetable_pages;

	fail_loop(FAIL_PAGE_ALLOC);	/* the page-table pages */
	cr_assert_gt(m->nr_pagetable_pages, tables);
	fail_loop(FAIL_SLAB);		/* the vm_struct and vmap_area */
}

/*
 * The memtype entry of a tracked range (the VGA window above is not
 * tracked): each failure leaves no entry and no area, the audit holds.
 */
Test(ioremap, fault_injection_memtype)
{
	void *held = ioremap(REGBLOCK_MMIO_BASE, PAGE_SIZE);
	void *p = NULL;
	long nth;

	cr_assert_not_null(held);
	for (nth = 0; nth < 1000 && !p; nth++) {
		m->fail_nth[FAIL_SLAB] = nth;
		p = ioremap_wc(REGBLOCK_MMIO_BASE, PAGE_SIZE);
		m->fail_nth[FAIL_SLAB] = -1;
		if (!p)
			cr_assert_eq(memtype_count(), 1, "nth %ld left an entry", nth);
		test_audit(m);
	}
	cr_assert_not_null(p);
	cr_assert_gt(nth, 1, "nothing was ever failed");
	cr_assert_eq(memtype_count(), 2);
	cr_assert_eq(pte_of(p) & (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT), _PAGE_PCD);
	iounmap(p);
	iounmap(held);
	cr_assert_eq(memtype_count(), 0);
	test_audit(m);
}

Test(ioremap, port_io)
{
	/* ports: ID, SCRATCH, COUNTER, CONTROL, 4 bytes each */
	cr_assert_eq(inl(REGBLOCK_PORT_BASE), REGBLOCK_ID);
	outl(0x11223344, REGBLOCK_PORT_BASE + 4);
	cr_assert_eq(inl(REGBLOCK_PORT_BASE + 4), 0x11223344);
	cr_assert_eq(inw(REGBLOCK_PORT_BASE + 4), 0x3344);
	cr_assert_eq(inb(REGBLOCK_PORT_BASE + 4), 0x44);
	outw(0x7788, REGBLOCK_PORT_BASE + 4);
	cr_assert_eq(inl(REGBLOCK_PORT_BASE + 4) & 0xffff, 0x7788);
	cr_assert_eq(inb(0x0f00), 0xff, "an undecoded port reads all ones");
}

/*
 * Through the API a memory-type conflict is -EBUSY (as memtype_reserve()
 * says it), not -ENOMEM: Linux's ioremap() only returns NULL, and the
 * API tells the reasons apart.
 */
Test(ioremap, api_memtype_conflict_is_ebusy)
{
	uint64_t wb, uc;

	cr_assert_eq(mml_ioremap(m, 0xffe0000, PAGE_SIZE, MML_CACHE_WB, &wb), 0);
	cr_assert_eq(mml_ioremap(m, 0xffe0000, PAGE_SIZE, MML_CACHE_UC_MINUS, &uc),
		     -EBUSY);
	cr_assert(strstr(mml_last_error(m), "another memory type"), "%s",
		  mml_last_error(m));
	cr_assert_eq(memtype_count(), 1, "the refused one left nothing");
	cr_assert_eq(mml_iounmap(m, wb), 0);
	cr_assert_eq(memtype_count(), 0);
	/* RAM stays -EINVAL */
	cr_assert_eq(mml_ioremap(m, 0x100000, PAGE_SIZE, MML_CACHE_UC_MINUS, &uc),
		     -EINVAL);
	test_audit(m);
}
