// SPDX-License-Identifier: MIT
/* brk: raw semantics, relative to the break the case started with. */
#include "diff.h"

CASE(brk_query)
{
	c->base = c->brk0;
	do_brk(c, 0);
	do_brk(c, 0);
}

CASE(brk_grow_shrink)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + 4 * PG);
	maps_heap(c);
	do_brk(c, c->brk0 + 2 * PG);
	maps_heap(c);
	do_brk(c, c->brk0);
	do_brk(c, 0);
}

CASE(brk_unaligned)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + 100);
	do_brk(c, 0);
	maps_heap(c);
	do_brk(c, c->brk0 + PG + 1);
	maps_heap(c);
	do_brk(c, c->brk0);
}

CASE(brk_grow_touch)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + 2 * PG);
	ld(c, c->brk0, 2 * PG);
	st(c, c->brk0 + PG, 0x33, 4);
	ld(c, c->brk0 + PG, 8);
	do_brk(c, c->brk0);
}

CASE(brk_shrink_then_regrow_zeroed)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + 2 * PG);
	st(c, c->brk0, 0x34, 2 * PG);
	do_brk(c, c->brk0 + PG);
	do_brk(c, c->brk0 + 2 * PG);
	ld(c, c->brk0, 2 * PG);
	do_brk(c, c->brk0);
}

CASE(brk_shrink_faults)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + 2 * PG);
	st(c, c->brk0 + PG, 1, 1);
	do_brk(c, c->brk0);
	ld(c, c->brk0 + PG, 1);
}

CASE(brk_blocked_by_mapping)
{
	c->base = c->brk0;
	do_mmap(c, c->brk0 + 8 * PG, PG, RW, PA | MAP_FIXED_NOREPLACE, -1, 0);
	do_brk(c, c->brk0 + 8 * PG);
	do_brk(c, c->brk0 + 7 * PG + 1);
	do_brk(c, c->brk0 + 7 * PG);
	do_brk(c, c->brk0 + 6 * PG);
	maps_heap(c);
	do_brk(c, c->brk0);
	do_munmap(c, c->brk0 + 8 * PG, PG);
}

CASE(brk_huge)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + (1UL << 46));
	do_brk(c, -PG);
	do_brk(c, 0);
}

CASE(brk_same_value)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + PG);
	do_brk(c, c->brk0 + PG);
	maps_heap(c);
	do_brk(c, c->brk0);
}

CASE(brk_within_page)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + 10);
	do_brk(c, c->brk0 + 20);
	do_brk(c, c->brk0 + 5);
	do_brk(c, c->brk0);
}

CASE(brk_madvise_dontneed)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + 2 * PG);
	st(c, c->brk0, 0x35, 2 * PG);
	do_madvise(c, c->brk0, 2 * PG, MADV_DONTNEED);
	ld(c, c->brk0, 2 * PG);
	do_brk(c, c->brk0);
}

CASE(brk_mprotect_split)
{
	c->base = c->brk0;
	do_brk(c, c->brk0 + 3 * PG);
	do_mprotect(c, c->brk0 + PG, PG, RO);
	st(c, c->brk0 + PG, 1, 1);
	do_mprotect(c, c->brk0 + PG, PG, RW);
	maps_heap(c);
	do_brk(c, c->brk0);
}
