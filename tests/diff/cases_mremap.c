// SPDX-License-Identifier: MIT
/* mremap: shrink, grow in place, move, FIXED, DONTUNMAP, errors. */
#include "diff.h"

#define MAYMOVE		MREMAP_MAYMOVE
#define MFIXED		MREMAP_FIXED

CASE(mremap_shrink)
{
	anon(c, 4, 6, RW);
	st(c, B(4), 0x21, 6 * PG);
	do_mremap(c, B(4), 6 * PG, 2 * PG, 0, 0);
	maps(c);
	ld(c, B(4), 2 * PG);
	ld(c, B(6), 1);
}

CASE(mremap_shrink_unaligned_len)
{
	anon(c, 4, 6, RW);
	do_mremap(c, B(4), 6 * PG, 2 * PG + 1, 0, 0);
	do_mremap(c, B(4), 6 * PG - 1, PG, 0, 0);
	maps(c);
}

CASE(mremap_grow_in_place)
{
	do_munmap(c, B(4), 16 * PG);
	anon(c, 4, 2, RW);
	st(c, B(4), 0x22, 2 * PG);
	do_mremap(c, B(4), 2 * PG, 6 * PG, 0, 0);
	maps(c);
	ld(c, B(4), 6 * PG);
}

CASE(mremap_grow_blocked)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 6 * PG, 0, 0);
	maps(c);
}

/* Growth in place up to the next VMA's start is allowed (and merges with
 * it when the flags agree); one page further is not. */
CASE(mremap_grow_to_neighbour_merges)
{
	do_munmap(c, B(4), 16 * PG);
	anon(c, 4, 2, RW);
	anon(c, 8, 1, RW);
	do_mremap(c, B(4), 2 * PG, 4 * PG, 0, 0);
	maps(c);
	do_mremap(c, B(4), 5 * PG, 6 * PG, 0, 0);
	maps(c);
}

CASE(mremap_grow_to_neighbour_blocked)
{
	long r;

	do_munmap(c, B(4), 16 * PG);
	anon(c, 4, 2, RW);
	anon(c, 8, 1, RO);
	do_mremap(c, B(4), 2 * PG, 4 * PG, 0, 0);
	do_mremap(c, B(4), 4 * PG, 5 * PG, 0, 0);
	maps(c);
	r = c->s->mremap(c->s, B(4), 4 * PG, 5 * PG, MAYMOVE, 0);
	rec(c, "mremap moved: %d", r > 0 && (unsigned long)r != B(4));
	maps(c);
	if (r > 0)
		maps_at(c, r, 5 * PG);
}

CASE(mremap_grow_maymove_in_place)
{
	do_munmap(c, B(4), 16 * PG);
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 4 * PG, MAYMOVE, 0);
	maps(c);
}

CASE(mremap_grow_maymove_moves)
{
	long r;

	anon(c, 4, 2, RW);
	st(c, B(4), 0x23, 2 * PG);
	r = c->s->mremap(c->s, B(4), 2 * PG, 4 * PG, MAYMOVE, 0);
	rec(c, "mremap moved: %d", r > 0 && (unsigned long)r != B(4));
	maps(c);
	ld(c, B(4), 1);
	if (r > 0) {
		c->base = r;
		ld(c, B(0), 4 * PG);
		maps_at(c, r, 4 * PG);
	}
}

CASE(mremap_fixed_move)
{
	do_munmap(c, B(20), 8 * PG);
	anon(c, 4, 2, RW);
	st(c, B(4), 0x24, 2 * PG);
	do_mremap(c, B(4), 2 * PG, 2 * PG, MAYMOVE | MFIXED, B(20));
	maps(c);
	ld(c, B(20), 2 * PG);
	ld(c, B(4), 1);
}

CASE(mremap_fixed_over_existing)
{
	anon(c, 4, 2, RW);
	anon(c, 20, 4, RO);
	st(c, B(4), 0x25, 2 * PG);
	do_mremap(c, B(4), 2 * PG, 2 * PG, MAYMOVE | MFIXED, B(21));
	maps(c);
	ld(c, B(21), 2 * PG);
}

CASE(mremap_fixed_grow)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 5 * PG, MAYMOVE | MFIXED, B(20));
	maps(c);
}

CASE(mremap_fixed_shrink)
{
	anon(c, 4, 4, RW);
	st(c, B(4), 0x26, 4 * PG);
	do_mremap(c, B(4), 4 * PG, 2 * PG, MAYMOVE | MFIXED, B(20));
	maps(c);
	ld(c, B(20), 2 * PG);
}

CASE(mremap_fixed_without_maymove)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 2 * PG, MFIXED, B(20));
	maps(c);
}

CASE(mremap_fixed_overlap)
{
	anon(c, 4, 4, RW);
	do_mremap(c, B(4), 4 * PG, 4 * PG, MAYMOVE | MFIXED, B(6));
	do_mremap(c, B(4), 4 * PG, 4 * PG, MAYMOVE | MFIXED, B(2));
	do_mremap(c, B(4), 4 * PG, 4 * PG, MAYMOVE | MFIXED, B(4));
	maps(c);
}

CASE(mremap_fixed_unaligned_new)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 2 * PG, MAYMOVE | MFIXED, B(20) + 1);
	maps(c);
}

CASE(mremap_unaligned_old)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4) + 1, PG, PG, 0, 0);
}

CASE(mremap_bad_flags)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 2 * PG, 0x10, 0);
	do_mremap(c, B(4), 2 * PG, 2 * PG, MREMAP_DONTUNMAP, 0);
	do_mremap(c, B(4), 2 * PG, 2 * PG, 0xff, 0);
}

CASE(mremap_new_len_zero)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 0, 0, 0);
	do_mremap(c, B(4), 2 * PG, 0, MAYMOVE, 0);
	maps(c);
}

CASE(mremap_old_len_zero_private)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 0, 2 * PG, MAYMOVE, 0);
	maps(c);
}

CASE(mremap_old_len_zero_shared)
{
	long r;

	do_mmap(c, B(4), 2 * PG, RW, SAF, -1, 0);
	st(c, B(4), 0x27, 1);
	r = c->s->mremap(c->s, B(4), 0, 2 * PG, MAYMOVE | MFIXED, B(20));
	rec(c, "mremap dup = %s", r == (long)B(20) ? "B+20p" : errname(r));
	maps(c);
	ld(c, B(20), 2);
	st(c, B(20), 0x28, 1);
	ld(c, B(4), 2);
}

CASE(mremap_unmapped)
{
	do_munmap(c, B(4), 4 * PG);
	do_mremap(c, B(4), PG, 2 * PG, MAYMOVE, 0);
	do_mremap(c, B(4), PG, PG, 0, 0);
}

CASE(mremap_old_range_beyond_vma)
{
	anon(c, 4, 2, RW);
	do_munmap(c, B(6), PG);
	do_mremap(c, B(4), 3 * PG, 4 * PG, MAYMOVE, 0);
	maps(c);
}

CASE(mremap_spans_vmas_grow)
{
	anon(c, 4, 2, RW);
	anon(c, 6, 2, RO);
	do_mremap(c, B(4), 4 * PG, 6 * PG, MAYMOVE, 0);
	maps(c);
}

CASE(mremap_spans_vmas_fixed_move)
{
	anon(c, 4, 2, RW);
	anon(c, 6, 2, RO);
	st(c, B(4), 0x29, PG);
	do_mremap(c, B(4), 4 * PG, 4 * PG, MAYMOVE | MFIXED, B(20));
	maps(c);
	ld(c, B(20), 2);
}

CASE(mremap_spans_vmas_shrink)
{
	anon(c, 4, 2, RW);
	anon(c, 6, 2, RO);
	do_mremap(c, B(4), 4 * PG, PG, 0, 0);
	maps(c);
}

CASE(mremap_dontunmap)
{
	do_munmap(c, B(20), 8 * PG);
	anon(c, 4, 2, RW);
	st(c, B(4), 0x2a, 2 * PG);
	do_mremap(c, B(4), 2 * PG, 2 * PG,
		  MAYMOVE | MFIXED | MREMAP_DONTUNMAP, B(20));
	maps(c);
	ld(c, B(20), 2 * PG);
	ld(c, B(4), 2 * PG);
}

CASE(mremap_dontunmap_size_change)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 4 * PG,
		  MAYMOVE | MFIXED | MREMAP_DONTUNMAP, B(20));
	maps(c);
}

CASE(mremap_dontunmap_shared)
{
	do_mmap(c, B(4), 2 * PG, RW, SAF, -1, 0);
	do_mremap(c, B(4), 2 * PG, 2 * PG,
		  MAYMOVE | MFIXED | MREMAP_DONTUNMAP, B(20));
	maps(c);
}

CASE(mremap_dontunmap_file)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(4), 2 * PG, RO, PF, fd, 0);
	do_mremap(c, B(4), 2 * PG, 2 * PG,
		  MAYMOVE | MFIXED | MREMAP_DONTUNMAP, B(20));
	maps(c);
	ld(c, B(4), 2);
}

CASE(mremap_file_grow_in_place)
{
	int fd = mkfile(c, "/f", 8);

	do_munmap(c, B(6), 8 * PG);
	do_mmap(c, B(4), 2 * PG, RO, PF, fd, PG);
	do_mremap(c, B(4), 2 * PG, 5 * PG, 0, 0);
	maps(c);
	ld(c, B(8), 1);
}

CASE(mremap_file_move)
{
	int fd = mkfile(c, "/f", 8);

	do_mmap(c, B(4), 2 * PG, RO, SF, fd, 2 * PG);
	do_mremap(c, B(4), 2 * PG, 3 * PG, MAYMOVE | MFIXED, B(20));
	maps(c);
	ld(c, B(20), 3 * PG);
}

CASE(mremap_move_merges_with_neighbour)
{
	do_munmap(c, B(20), 8 * PG);
	anon(c, 18, 2, RW);
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 2 * PG, MAYMOVE | MFIXED, B(20));
	maps(c);
}

CASE(mremap_move_faulted_merge)
{
	do_munmap(c, B(20), 8 * PG);
	anon(c, 18, 2, RW);
	st(c, B(18), 1, 1);
	anon(c, 4, 2, RW);
	st(c, B(4), 2, 1);
	do_mremap(c, B(4), 2 * PG, 2 * PG, MAYMOVE | MFIXED, B(20));
	maps(c);
	ld(c, B(18), 1);
	ld(c, B(20), 1);
}

CASE(mremap_grow_then_touch_growth)
{
	do_munmap(c, B(4), 16 * PG);
	anon(c, 4, 1, RW);
	do_mremap(c, B(4), PG, 3 * PG, 0, 0);
	st(c, B(6), 0x2b, 1);
	ld(c, B(4), 3 * PG);
}

CASE(mremap_locked)
{
	do_munmap(c, B(4), 16 * PG);
	do_mmap(c, B(4), 2 * PG, RW, PAF | MAP_LOCKED, -1, 0);
	do_mremap(c, B(4), 2 * PG, 4 * PG, 0, 0);
	do_mincore(c, B(4), 4 * PG);
	smaps_range(c, B(4), B(8), "Rss Locked");
}

CASE(mremap_huge_len)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 1UL << 47, MAYMOVE, 0);
	do_mremap(c, B(4), 2 * PG, -PG, MAYMOVE, 0);
}

CASE(mremap_same_size_noop)
{
	anon(c, 4, 2, RW);
	do_mremap(c, B(4), 2 * PG, 2 * PG, 0, 0);
	do_mremap(c, B(4), 2 * PG, 2 * PG, MAYMOVE, 0);
	maps(c);
}

CASE(mremap_middle_of_vma)
{
	do_munmap(c, B(20), 8 * PG);
	anon(c, 4, 6, RW);
	st(c, B(4), 0x2c, 6 * PG);
	do_mremap(c, B(6), 2 * PG, 2 * PG, MAYMOVE | MFIXED, B(20));
	maps(c);
	ld(c, B(20), 1);
}

CASE(mremap_growsdown)
{
	do_munmap(c, B(0), 16 * PG);
	do_mmap(c, B(10), 2 * PG, RW, PAF | MAP_GROWSDOWN, -1, 0);
	do_mremap(c, B(10), 2 * PG, 4 * PG, 0, 0);
	maps(c);
}
