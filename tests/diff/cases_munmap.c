// SPDX-License-Identifier: MIT
/* munmap: partial, splits, errors, holes. */
#include "diff.h"

CASE(munmap_whole_vma)
{
	anon(c, 4, 4, RW);
	do_munmap(c, B(4), 4 * PG);
	maps(c);
	ld(c, B(4), 1);
}

CASE(munmap_head)
{
	anon(c, 4, 4, RW);
	do_munmap(c, B(4), PG);
	maps(c);
}

CASE(munmap_tail)
{
	anon(c, 4, 4, RW);
	do_munmap(c, B(7), PG);
	maps(c);
}

CASE(munmap_middle_split)
{
	anon(c, 4, 6, RW);
	st(c, B(4), 0x31, 6 * PG);
	do_munmap(c, B(6), 2 * PG);
	maps(c);
	ld(c, B(5), 2 * PG);
	ld(c, B(8), PG);
}

CASE(munmap_file_middle_split_offsets)
{
	int fd = mkfile(c, "/f", 8);

	do_mmap(c, B(2), 8 * PG, RO, PF, fd, 0);
	do_munmap(c, B(4), 3 * PG);
	maps(c);
	ld(c, B(7), 2);
}

CASE(munmap_unaligned_addr)
{
	anon(c, 4, 4, RW);
	do_munmap(c, B(4) + 1, PG);
	do_munmap(c, B(4) + 0x800, PG);
	maps(c);
}

CASE(munmap_unaligned_len_rounds)
{
	anon(c, 4, 4, RW);
	do_munmap(c, B(4), 1);
	do_munmap(c, B(6), PG + 1);
	maps(c);
}

CASE(munmap_len_zero)
{
	anon(c, 4, 4, RW);
	do_munmap(c, B(4), 0);
	maps(c);
}

CASE(munmap_unmapped_range)
{
	do_munmap(c, B(4), 4 * PG);
	do_munmap(c, B(4), 4 * PG);
	do_munmap(c, B(5), PG);
	maps(c);
}

CASE(munmap_spanning_several)
{
	anon(c, 2, 2, RO);
	anon(c, 4, 2, RW);
	anon(c, 6, 2, PROT_EXEC);
	do_munmap(c, B(3), 4 * PG);
	maps(c);
}

CASE(munmap_with_holes)
{
	do_munmap(c, B(4), 2 * PG);
	do_munmap(c, B(8), 2 * PG);
	do_munmap(c, B(2), 10 * PG);
	maps(c);
}

CASE(munmap_beyond_task_size)
{
	do_munmap(c, (1UL << 47) - PG, 2 * PG);
	do_munmap(c, 1UL << 47, PG);
	do_munmap(c, -PG, PG);
	do_munmap(c, B(4), -PG);
	do_munmap(c, B(4), 1UL << 47);
}

CASE(munmap_null)
{
	do_munmap(c, 0, PG);
	do_munmap(c, 0, 0);
}

CASE(munmap_then_access)
{
	anon(c, 4, 2, RW);
	st(c, B(4), 0x41, 2 * PG);
	do_munmap(c, B(5), PG);
	ld(c, B(4), 2 * PG);
	st(c, B(5), 1, 1);
}

CASE(munmap_then_remap_zeroed)
{
	anon(c, 4, 2, RW);
	st(c, B(4), 0x41, 2 * PG);
	do_munmap(c, B(4), 2 * PG);
	anon(c, 4, 2, RW);
	ld(c, B(4), 2 * PG);
}

CASE(munmap_shared_anon_part)
{
	do_mmap(c, B(2), 6 * PG, RW, SAF, -1, 0);
	st(c, B(5), 0x66, PG);
	do_munmap(c, B(3), PG);
	maps(c);
	ld(c, B(5), 4);
}

CASE(munmap_guard_neighbours)
{
	do_munmap(c, B(0), REGION_PAGES * PG);
	maps(c);
	maps_range(c, B(0) - PG, B(REGION_PAGES) + PG);
}

CASE(munmap_many_splits)
{
	unsigned long i;

	anon(c, 0, 32, RW);
	for (i = 1; i < 32; i += 4)
		do_munmap(c, B(i), PG);
	maps(c);
}
