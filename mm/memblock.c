// SPDX-License-Identifier: MIT
/*
 * memblock: the boot-time view of memory, two sorted sets of disjoint
 * ranges: the RAM the kernel may use and the parts of it already reserved.
 * Boot allocations come from here until memblock_free_all() hands every
 * free range to the buddy allocator.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>

static phys_addr_t rgn_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

static int type_insert_at(struct memblock_type *t, unsigned long i,
			  phys_addr_t base, phys_addr_t size)
{
	if (t->cnt == INIT_MEMBLOCK_REGIONS)
		return -ENOMEM;
	memmove(&t->regions[i + 1], &t->regions[i],
		(t->cnt - i) * sizeof(t->regions[0]));
	t->regions[i].base = base;
	t->regions[i].size = size;
	t->cnt++;
	return 0;
}

static void type_remove_at(struct memblock_type *t, unsigned long i)
{
	memmove(&t->regions[i], &t->regions[i + 1],
		(t->cnt - i - 1) * sizeof(t->regions[0]));
	t->cnt--;
}

/* Add [base, base+size), merging with anything it touches. */
static int type_add(struct memblock_type *t, phys_addr_t base,
		    phys_addr_t size)
{
	phys_addr_t end = base + size;
	unsigned long i = 0;

	if (!size)
		return 0;
	while (i < t->cnt && rgn_end(&t->regions[i]) < base)
		i++;
	while (i < t->cnt && t->regions[i].base <= end) {
		base = min(base, t->regions[i].base);
		end = max(end, rgn_end(&t->regions[i]));
		type_remove_at(t, i);
	}
	return type_insert_at(t, i, base, end - base);
}

/* Remove [base, base+size), splitting a range it falls inside. */
static int type_remove(struct memblock_type *t, phys_addr_t base,
		       phys_addr_t size)
{
	phys_addr_t end = base + size;
	unsigned long i = 0;

	while (i < t->cnt) {
		struct memblock_region *r = &t->regions[i];
		phys_addr_t rb = r->base, re = rgn_end(r);

		if (re <= base || rb >= end) {
			i++;
			continue;
		}
		if (rb < base && re > end) {
			r->size = base - rb;
			return type_insert_at(t, i + 1, end, re - end);
		}
		if (rb < base) {
			r->size = base - rb;
			i++;
		} else if (re > end) {
			r->base = end;
			r->size = re - end;
			i++;
		} else {
			type_remove_at(t, i);
		}
	}
	return 0;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return type_add(&current_machine()->memblock.memory, base, size);
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	return type_remove(&current_machine()->memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return type_add(&current_machine()->memblock.reserved, base, size);
}

int memblock_free(phys_addr_t base, phys_addr_t size)
{
	return type_remove(&current_machine()->memblock.reserved, base, size);
}

static bool type_contains(const struct memblock_type *t, phys_addr_t addr)
{
	unsigned long i;

	for (i = 0; i < t->cnt; i++)
		if (addr >= t->regions[i].base && addr < rgn_end(&t->regions[i]))
			return true;
	return false;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return type_contains(&current_machine()->memblock.memory, addr);
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return type_contains(&current_machine()->memblock.reserved, addr);
}

phys_addr_t memblock_phys_mem_size(void)
{
	struct mml_machine *m = current_machine();
	phys_addr_t total = 0;
	unsigned long i;

	for (i = 0; i < m->memblock.memory.cnt; i++)
		total += m->memblock.memory.regions[i].size;
	return total;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	struct mml_machine *m = current_machine();
	const struct memblock_type *t = &m->memblock.memory;

	return t->cnt ? rgn_end(&t->regions[t->cnt - 1]) : 0;
}

/* Highest free, aligned [x, x+size) inside memory [lo, hi) below @limit. */
static phys_addr_t find_free_top_down(phys_addr_t lo, phys_addr_t hi,
				      phys_addr_t size, phys_addr_t align)
{
	struct mml_machine *m = current_machine();
	const struct memblock_type *rs = &m->memblock.reserved;
	phys_addr_t cand;
	long j;

	for (;;) {
		if (hi < lo + size)
			return 0;
		cand = ALIGN_DOWN(hi - size, align);
		if (cand < lo)
			return 0;
		for (j = (long)rs->cnt - 1; j >= 0; j--) {
			const struct memblock_region *r = &rs->regions[j];

			if (r->base < cand + size && rgn_end(r) > cand)
				break;
		}
		if (j < 0)
			return cand;
		hi = rs->regions[j].base;	/* below the reservation */
	}
}

/**
 * memblock_phys_alloc() - reserve @size bytes of zeroed boot memory,
 * top-down below memblock.current_limit, aligned to @align.
 * Return: the physical address, or 0 if nothing fits.
 */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	struct mml_machine *m = current_machine();
	const struct memblock_type *mt = &m->memblock.memory;
	phys_addr_t pa;
	long i;

	size = ALIGN(size, align);
	for (i = (long)mt->cnt - 1; i >= 0; i--) {
		phys_addr_t lo = max(mt->regions[i].base, (phys_addr_t)SZ_1M);
		phys_addr_t hi = min(rgn_end(&mt->regions[i]),
				     m->memblock.current_limit);

		if (hi <= lo)
			continue;
		pa = find_free_top_down(lo, hi, size, align);
		if (pa && !memblock_reserve(pa, size)) {
			hw_ram_clear(&m->hw, pa, size);
			return pa;
		}
	}
	return 0;
}

/* Free [start, end) PFNs to the buddy allocator in naturally aligned blocks. */
static unsigned long free_range(unsigned long start, unsigned long end)
{
	unsigned long pfn = start, n = 0;

	while (pfn < end) {
		unsigned int order = MAX_PAGE_ORDER;

		while (order && ((pfn & ((1UL << order) - 1)) ||
				 pfn + (1UL << order) > end))
			order--;
		__free_pages_core(pfn_to_page(pfn), order);
		pfn += 1UL << order;
		n += 1UL << order;
	}
	return n;
}

/**
 * memblock_free_all() - release every unreserved page of memory to the
 * buddy allocator and mark the reserved ones PG_reserved.
 * Return: the number of pages released.
 */
unsigned long memblock_free_all(void)
{
	struct mml_machine *m = current_machine();
	const struct memblock_type *mt = &m->memblock.memory;
	const struct memblock_type *rt = &m->memblock.reserved;
	unsigned long i, j, pfn, freed = 0;

	for (j = 0; j < rt->cnt; j++) {
		unsigned long s = PFN_DOWN(rt->regions[j].base);
		unsigned long e = PFN_UP(rgn_end(&rt->regions[j]));

		for (pfn = s; pfn < e && pfn < m->max_pfn; pfn++)
			if (pfn_valid(pfn))
				SetPageReserved(pfn_to_page(pfn));
	}
	for (i = 0; i < mt->cnt; i++) {
		unsigned long s = PFN_UP(mt->regions[i].base);
		unsigned long e = PFN_DOWN(rgn_end(&mt->regions[i]));

		for (j = 0; j < rt->cnt && s < e; j++) {
			unsigned long rs = PFN_DOWN(rt->regions[j].base);
			unsigned long re = PFN_UP(rgn_end(&rt->regions[j]));

			if (re <= s || rs >= e)
				continue;
			if (rs > s)
				freed += free_range(s, rs);
			s = max(s, re);
		}
		if (s < e)
			freed += free_range(s, e);
	}
	return freed;
}
