// SPDX-License-Identifier: MIT
/* memblock: adding, removing, reserving ranges and boot allocation. */
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

static struct mml_machine *blank(void)
{
	static struct mml_machine m;

	memset(&m.memblock, 0, sizeof(m.memblock));
	test_use_machine(&m);
	return &m;
}

#define R(t, i) ((t)->regions[i])

/*
 * 0123456789
 * AAA  BBB     add [0,3) and [5,8)
 * AAAAABBB     add [3,5): one range [0,8)
 */
Test(memblock, add_merges_touching_ranges)
{
	struct mml_machine *m = blank();
	struct memblock_type *t = &m->memblock.memory;

	memblock_add(0, 3);
	memblock_add(5, 3);
	cr_assert_eq(t->cnt, 2);
	memblock_add(3, 2);
	cr_assert_eq(t->cnt, 1);
	cr_assert_eq(R(t, 0).base, 0);
	cr_assert_eq(R(t, 0).size, 8);
}

/*
 * 0123456789
 * AAAAAAAAAA   [0,10)
 * AAA    AAA   remove [3,7): split in two
 * A      AAA   remove [1,3): trimmed
 */
Test(memblock, remove_splits_and_trims)
{
	struct mml_machine *m = blank();
	struct memblock_type *t = &m->memblock.memory;

	memblock_add(0, 10);
	memblock_remove(3, 4);
	cr_assert_eq(t->cnt, 2);
	cr_assert_eq(R(t, 0).size, 3);
	cr_assert_eq(R(t, 1).base, 7);
	memblock_remove(1, 2);
	cr_assert_eq(R(t, 0).size, 1);
	memblock_remove(0, 100);
	cr_assert_eq(t->cnt, 0);
}

Test(memblock, overlapping_reserve_merges)
{
	struct mml_machine *m = blank();
	struct memblock_type *t = &m->memblock.reserved;

	memblock_reserve(10, 10);
	memblock_reserve(15, 10);
	memblock_reserve(0, 2);
	cr_assert_eq(t->cnt, 2);
	cr_assert_eq(R(t, 1).base, 10);
	cr_assert_eq(R(t, 1).size, 15);
	cr_assert(memblock_is_reserved(24));
	cr_assert_not(memblock_is_reserved(25));
}

Test(memblock, phys_alloc_is_top_down_and_avoids_reserved)
{
	struct mml_machine *m = test_machine(NULL);
	phys_addr_t a, b;

	/* The booted machine's memblock is still there to play with. */
	m->memblock.current_limit = PFN_PHYS(m->max_pfn);
	a = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
	b = memblock_phys_alloc(3 * PAGE_SIZE, SZ_64K);
	cr_assert_neq(a, 0);
	cr_assert_lt(b, a);
	cr_assert_eq(b & (SZ_64K - 1), 0);
	cr_assert(memblock_is_reserved(a));
	cr_assert(memblock_is_reserved(b + 2 * PAGE_SIZE));
	/* Nothing fits: 0, not a crash. */
	cr_assert_eq(memblock_phys_alloc(1ULL << 40, PAGE_SIZE), 0);
	mml_machine_free(m);
}

/*
 * memblock_phys_alloc() zeroes what it hands out, also memory that was
 * written before (hw_ram_clear() returns whole host pages with
 * MADV_DONTNEED and writes only the partial ones), and with RAM a
 * snapshot's copy (where MADV_DONTNEED would bring back the snapshot's
 * bytes, not zeros).
 */
/* Dirty the range the next allocation of @size will take; its address. */
static phys_addr_t dirty_next(phys_addr_t size)
{
	phys_addr_t a = memblock_phys_alloc(size, 8);

	cr_assert_neq(a, 0);
	memset(phys_to_host(a), 0xa5, size);
	memblock_free(a, size);
	return a;
}

static void check_alloc_zeroed(phys_addr_t a, phys_addr_t size)
{
	phys_addr_t i;
	u8 *p;

	cr_assert_eq(memblock_phys_alloc(size, 8), a);
	p = phys_to_host(a);
	for (i = 0; i < size; i++)
		cr_assert_eq(p[i], 0, "byte %#llx of %#llx not zeroed",
			     (unsigned long long)i, (unsigned long long)size);
}

Test(memblock, phys_alloc_zeroes_dirty_memory)
{
	struct mml_machine *m = test_machine(NULL);

	m->memblock.current_limit = PFN_PHYS(m->max_pfn);
	check_alloc_zeroed(dirty_next(3 * PAGE_SIZE + 24), 3 * PAGE_SIZE + 24);
	check_alloc_zeroed(dirty_next(40), 40);
	mml_machine_free(m);
}

Test(memblock, phys_alloc_zeroes_after_snapshot)
{
	struct mml_config cfg;
	struct mml_machine *m;
	phys_addr_t a;

	mml_config_init(&cfg);
	cfg.ram_size = 16 << 20;
	cfg.snapshot = 1;
	m = mml_machine_new(&cfg);
	cr_assert_not_null(m);
	test_use_machine(m);
	m->memblock.current_limit = PFN_PHYS(m->max_pfn);
	/* Dirty before the snapshot: its copy of the range is not zero. */
	a = dirty_next(5 * PAGE_SIZE + 8);
	cr_assert_eq(mml_machine_snapshot(m), 0);
	test_use_machine(m);
	check_alloc_zeroed(a, 5 * PAGE_SIZE + 8);
	mml_machine_free(m);
}

Test(memblock, region_table_full_is_an_error)
{
	struct mml_machine *m = blank();
	int i, err = 0;

	for (i = 0; i < INIT_MEMBLOCK_REGIONS + 5 && !err; i++)
		err = memblock_add((phys_addr_t)i * 4, 1);
	cr_assert_eq(err, -ENOMEM);
	cr_assert_eq(m->memblock.memory.cnt, INIT_MEMBLOCK_REGIONS);
}
