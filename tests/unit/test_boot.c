// SPDX-License-Identifier: MIT
/* Booting: the e820 map, mem=, memblock, zones, the direct map, /proc. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <asm/pgtable.h>
#include <mmlab/mmlab.h>
#include <linux/arch.h>
#include "helpers.h"

Test(boot, default_machine_layout)
{
	struct mml_machine *m = test_machine(NULL);
	char *iomem = test_read_file(m, "/proc/iomem");
	char *log = test_read_file(m, "dmesg");

	/* 256 MiB: RAM from 1 MiB up to the 128 KiB firmware tail. */
	/* The kernel's version string is the public header's. */
	cr_assert(strstr(log, "(mmlab " MML_VERSION_STRING ")"), "%s", log);
	cr_assert(strstr(iomem, "00001000-0009fbff : System RAM\n"), "%s", iomem);
	cr_assert(strstr(iomem, "00100000-0ffdffff : System RAM\n"), "%s", iomem);
	cr_assert(strstr(iomem, "000a0000-000bffff : Video RAM area\n"), "%s", iomem);
	cr_assert(strstr(iomem, "000f0000-000fffff : Reserved\n  000f0000-000fffff : System ROM\n"),
		  "%s", iomem);
	cr_assert(strstr(iomem, "febf0000-febf0fff : mmlab-regblock\n"), "%s", iomem);
	cr_assert(strstr(log, "BIOS-e820: [mem 0x0000000000100000-0x000000000ffdffff] usable\n"),
		  "%s", log);
	cr_assert(strstr(log, "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"));
	cr_assert(strstr(log, "  DMA32    [mem 0x0000000001000000-0x000000000ffdffff]\n"));
	cr_assert(strstr(log, "  Normal   empty\n"));
	cr_assert(strstr(log, "  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"));
	cr_assert_eq(m->max_pfn, 0xffe0UL);
	cr_assert(m->zones[ZONE_DMA].managed_pages > 3000);
	cr_assert_eq(m->zones[ZONE_NORMAL].present_pages, 0);
	test_audit(m);
	free(iomem);
	free(log);
	mml_machine_free(m);
}

Test(boot, first_megabyte_reserved_and_page0)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned long pfn;

	for (pfn = 1; pfn < 0x100; pfn++)
		if (pfn_valid(pfn))
			cr_assert(PageReserved(pfn_to_page(pfn)), "pfn %#lx", pfn);
	cr_assert_not(pfn_valid(0));		/* e820 gave page 0 away */
	cr_assert_not(pfn_valid(0xa0));	/* the ISA hole */
	mml_machine_free(m);
}

/* pfn_valid() by a scan of memblock.memory: the oracle. */
static bool pfn_in_memblock(struct mml_machine *m, unsigned long pfn)
{
	const struct memblock_type *t = &m->memblock.memory;
	unsigned long i;

	if (pfn >= m->max_pfn)
		return false;
	for (i = 0; i < t->cnt; i++)
		if (PFN_PHYS(pfn) >= t->regions[i].base &&
		    PFN_PHYS(pfn) < t->regions[i].base + t->regions[i].size)
			return true;
	return false;
}

/*
 * pfn_valid() asks the memblock region it found last first: after a pfn
 * of one region, the pfns of the others, of the holes between them and
 * past the end still get the right answer.  A 5 GiB machine has RAM on
 * both sides of the PCI hole.
 */
Test(boot, pfn_valid_after_any_other_pfn)
{
	struct mml_machine *m = test_machine_ram(5ULL << 30, NULL);
	const struct memblock_type *t;
	unsigned long probes[4 * 8 + 2], i, j, n = 0;

	t = &m->memblock.memory;
	cr_assert_gt(t->cnt, 2, "RAM below and above the hole");
	for (i = 0; i < t->cnt && n < 4 * 8; i++) {
		unsigned long lo = PHYS_PFN(t->regions[i].base);
		unsigned long hi = PHYS_PFN(t->regions[i].base + t->regions[i].size);

		probes[n++] = lo;
		probes[n++] = hi - 1;
		probes[n++] = hi;		/* a hole, or the next region */
		probes[n++] = lo ? lo - 1 : 0;
	}
	probes[n++] = m->max_pfn;
	probes[n++] = ~0UL >> PAGE_SHIFT;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			cr_assert_eq(pfn_valid(probes[j]),
				     pfn_in_memblock(m, probes[j]));
			cr_assert_eq(pfn_valid(probes[i]),
				     pfn_in_memblock(m, probes[i]),
				     "pfn %#lx after %#lx", probes[i], probes[j]);
		}
	mml_machine_free(m);
}

Test(boot, mem_limit_leaves_rest_reserved)
{
	struct mml_machine *m = test_machine("mem=63M");
	char *iomem = test_read_file(m, "/proc/iomem");
	char *log = test_read_file(m, "dmesg");

	cr_assert_eq(m->max_pfn, (63UL << 20) >> PAGE_SHIFT);
	cr_assert(strstr(iomem, "00100000-03efffff : System RAM\n"), "%s", iomem);
	/* e820__reserve_resources_late(): up to the next 64 MiB, a busy buffer. */
	cr_assert(strstr(iomem, "03f00000-03ffffff : RAM buffer\n"), "%s", iomem);
	cr_assert(strstr(log, "e820: reserve RAM buffer [mem 0x03f00000-0x03ffffff]\n"), "%s", log);
	cr_assert_null(strstr(iomem, "04000000-"), "%s", iomem);
	cr_assert(strstr(log, "e820: remove [mem 0x03f00000-0xfffffffffffffffe] usable\n"), "%s", log);
	cr_assert(strstr(log, "user: [mem 0x0000000000100000-0x0000000003efffff] usable\n"), "%s", log);
	/* The RAM above the limit is still on the bus. */
	cr_assert_not_null(hw_phys_host(&m->hw, 0x4000000));
	test_audit(m);
	free(iomem);
	free(log);
	mml_machine_free(m);
}

Test(boot, ram_above_4g_and_normal_zone)
{
	struct mml_machine *m = test_machine_ram(6ULL << 30, NULL);
	char *log = test_read_file(m, "dmesg");

	cr_assert(strstr(log, "BIOS-e820: [mem 0x0000000100000000-0x00000001bfffffff] usable\n"), "%s", log);
	cr_assert(strstr(log, "  Normal   [mem 0x0000000100000000-0x00000001bfffffff]\n"), "%s", log);
	cr_assert(m->zones[ZONE_NORMAL].managed_pages > 0);
	cr_assert_eq(m->max_pfn, 0x1c0000UL);
	cr_assert(m->direct_pages_count[2] >= 3, "1G pages: %lu", m->direct_pages_count[2]);
	test_audit(m);
	free(log);
	mml_machine_free(m);
}

Test(boot, direct_map_translates)
{
	struct mml_machine *m = test_machine(NULL);
	enum pg_level level;
	pte_t *pte;
	phys_addr_t pa;

	for (pa = 0x1000; pa < PFN_PHYS(m->max_pfn); pa += 0x1234000) {
		pte = lookup_address(__va(pa), &level);
		if (!memblock_is_memory(pa) && pa >= ISA_END_ADDRESS)
			continue;
		cr_assert_not_null(pte, "no mapping for %#llx", (unsigned long long)pa);
		if (level == PG_LEVEL_4K)
			cr_assert_eq(PFN_PHYS(pte_pfn(*pte)), pa & PAGE_MASK);
		else if (level == PG_LEVEL_2M)
			cr_assert_eq(PFN_PHYS(pmd_pfn(*(pmd_t *)pte)), pa & PMD_MASK);
		cr_assert(pte_val(*pte) & _PAGE_NX);
		cr_assert(pte_val(*pte) & _PAGE_GLOBAL);
	}
	mml_machine_free(m);
}

Test(boot, bad_config_is_refused)
{
	struct mml_config cfg;
	char msg[256];
	int err;

	mml_config_init(&cfg);
	cfg.ram_size = 1ULL << 20;
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
	cr_assert_eq(err, -EINVAL);
	cr_assert(strstr(msg, "out of range"), "%s", msg);
	mml_config_init(&cfg);
	cfg.arch = "sparc";
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
	cr_assert_eq(err, -EINVAL);
	cr_assert(strstr(msg, "not supported"), "%s", msg);
	mml_config_init(&cfg);
	cfg.arch = "i386";	/* planned, not implemented: said so, not faked */
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
	cr_assert_eq(err, -ENOSYS);
	cr_assert(strstr(msg, "not implemented yet"), "%s", msg);
	cfg.arch = "arm64";
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
	cr_assert_eq(err, -ENOSYS);
	mml_config_init(&cfg);
	cfg.cmdline = "mem=banana";
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
	cr_assert(strstr(msg, "mem="), "%s", msg);
	mml_config_init(&cfg);
	cfg.ram_size = (2ULL << 40);
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
}

/* A descriptor boots only in a build whose asm/ has its page-table format. */
Test(boot, arch_descriptor_must_match_the_build)
{
	struct arch_desc i386_2level = arch_x86_64, pae = arch_x86_64;

	cr_assert(arch_desc_matches_build(&arch_x86_64));
	cr_assert_eq(arch_x86_64.page_levels, 4);
	cr_assert_eq(arch_x86_64.pte_size, 8);
	i386_2level.page_levels = 2;
	i386_2level.pte_size = 4;
	memcpy(i386_2level.ptrs_per_table, (unsigned int[5]){ 1024, 1, 1, 1, 1024 },
	       sizeof(i386_2level.ptrs_per_table));
	cr_assert_not(arch_desc_matches_build(&i386_2level));
	pae.page_levels = 3;
	memcpy(pae.ptrs_per_table, (unsigned int[5]){ 512, 512, 1, 1, 4 },
	       sizeof(pae.ptrs_per_table));
	cr_assert_not(arch_desc_matches_build(&pae));
}

Test(boot, two_machines_in_one_process)
{
	struct mml_machine *a = test_machine(NULL);
	struct mml_machine *b = test_machine("mem=63M");

	cr_assert_neq(a->max_pfn, b->max_pfn);
	test_audit(a);
	test_audit(b);
	mml_machine_free(a);
	mml_machine_free(b);
}

Test(boot, big_machine_boots_lazily)
{
	struct mml_machine *m = test_machine_ram(64ULL << 30, NULL);

	cr_assert_eq(m->totalram_pages > (63UL << 18), 1);
	test_audit(m);
	mml_machine_free(m);
}

/* An anonymous read fault: the zero page, or (mm_forbids_zeropage(), a PVM
 * guest's pvm_no_zero_page=1) a page of its own, as do_anonymous_page(). */
static unsigned long anon_read_fault_rss(const char *cmdline)
{
	struct mml_machine *m = test_machine(cmdline);
	struct mml_task *t = mml_task_new(m, "zp");
	char smaps[4096], *rss, byte = 1;
	unsigned long kb;
	long a;

	cr_assert_not_null(t);
	a = mml_mmap(t, 0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_gt(a, 0);
	cr_assert_eq(mml_load(t, (unsigned long)a + PAGE_SIZE, &byte, 1), 0);
	cr_assert_eq(byte, 0);
	cr_assert_gt(mml_read_file(t, "/proc/self/smaps", smaps, sizeof(smaps)), 0);
	rss = strstr(smaps, "\nRss:");
	cr_assert_not_null(rss, "%s", smaps);
	kb = strtoul(rss + 5, NULL, 10);
	test_audit(m);
	mml_machine_free(m);
	return kb;
}

Test(boot, pvm_no_zero_page_makes_read_faults_allocate)
{
	cr_assert_eq(anon_read_fault_rss(NULL), 0);
	cr_assert_eq(anon_read_fault_rss("pvm_no_zero_page=0"), 0);
	cr_assert_eq(anon_read_fault_rss("pvm_no_zero_page=1"), 4);
}

/* clearcpuid=pdpe1gb: no 1 GiB pages for the direct map nor for hugetlb. */
Test(boot, clearcpuid_pdpe1gb)
{
	struct mml_machine *m = test_machine_ram(6ULL << 30, "clearcpuid=pdpe1gb");
	struct mml_task *t = mml_task_new(m, "gb");
	char *meminfo = test_read_file(m, "/proc/meminfo");
	char *log = test_read_file(m, "dmesg");
	struct mml_config cfg;
	char msg[256];
	int err;

	cr_assert_not_null(t);
	cr_assert_eq(m->direct_pages_count[2], 0);
	cr_assert_null(strstr(meminfo, "DirectMap1G"), "%s", meminfo);
	cr_assert_not_null(strstr(meminfo, "DirectMap2M"), "%s", meminfo);
	cr_assert_null(strstr(log, "Using GB pages"), "%s", log);
	cr_assert_not_null(strstr(log, "Clearing CPUID bits: pdpe1gb"), "%s", log);
	/* hstate_sizelog(30) finds no 1 GiB hstate: EINVAL, not ENOMEM */
	cr_assert_eq(mml_mmap(t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (30 << MAP_HUGE_SHIFT),
			      -1, 0), -EINVAL);
	cr_assert_eq(mml_mmap(t, 0, 2UL << 20, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21 << MAP_HUGE_SHIFT),
			      -1, 0), -ENOMEM);
	test_audit(m);
	free(meminfo);
	free(log);
	mml_machine_free(m);

	mml_config_init(&cfg);
	cfg.cmdline = "clearcpuid=pdpe1gb,sse9";
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
	cr_assert_eq(err, -EINVAL);
	cr_assert(strstr(msg, "sse9"), "%s", msg);
	cfg.cmdline = "pvm_no_zero_page=yes";
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
	cr_assert_eq(err, -EINVAL);
}
