// SPDX-License-Identifier: MIT
/* mincore: residency after touches, DONTNEED, errors. */
#include "diff.h"

CASE(mincore_fresh_anon)
{
	anon(c, 2, 4, RW);
	do_mincore(c, B(2), 4 * PG);
}

CASE(mincore_after_touch)
{
	anon(c, 2, 4, RW);
	st(c, B(3), 1, 1);
	ld(c, B(5), 1);
	do_mincore(c, B(2), 4 * PG);
}

CASE(mincore_after_dontneed)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 1, 4 * PG);
	do_madvise(c, B(3), 2 * PG, MADV_DONTNEED);
	do_mincore(c, B(2), 4 * PG);
}

CASE(mincore_unaligned)
{
	anon(c, 2, 4, RW);
	do_mincore(c, B(2) + 1, PG);
}

CASE(mincore_unaligned_len)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 1, 1);
	do_mincore(c, B(2), 1);
}

CASE(mincore_len_zero)
{
	unsigned char v = 0xee;

	anon(c, 2, 4, RW);
	do_mincore_vec(c, B(2), 0, &v);
	rec(c, "  vec byte %#x", v);
}

CASE(mincore_unmapped)
{
	do_munmap(c, B(2), 4 * PG);
	do_mincore(c, B(2), 2 * PG);
	do_mincore(c, B(1), 2 * PG);
}

CASE(mincore_hole)
{
	anon(c, 2, 4, RW);
	do_munmap(c, B(4), PG);
	do_mincore(c, B(2), 4 * PG);
}

CASE(mincore_prot_none)
{
	do_mincore(c, B(2), 4 * PG);
}

CASE(mincore_vec_null)
{
	anon(c, 2, 4, RW);
	do_mincore_vec(c, B(2), 4 * PG, NULL);
}

CASE(mincore_beyond_task_size)
{
	unsigned char v[4];

	do_mincore_vec(c, (1UL << 47) - PG, 2 * PG, v);
	do_mincore_vec(c, -PG, PG, v);
}

CASE(mincore_file_cached)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 6 * PG, RO, PF, fd, 0);
	do_mincore(c, B(2), 6 * PG);
}

CASE(mincore_shared_anon)
{
	do_mmap(c, B(2), 4 * PG, RW, SAF, -1, 0);
	st(c, B(3), 1, 1);
	do_mincore(c, B(2), 4 * PG);
}

CASE(mincore_dev_zero_private_read)
{
	int fd = do_open(c, "/dev/zero", O_RDONLY, 0);

	do_mmap(c, B(2), 4 * PG, RO, PF, fd, 0);
	ld(c, B(3), 1);
	do_mincore(c, B(2), 4 * PG);
}

CASE(mincore_read_fault_anon)
{
	anon(c, 2, 4, RO);
	ld(c, B(2), 4 * PG);
	do_mincore(c, B(2), 4 * PG);
}

CASE(mincore_after_munmap_remap)
{
	anon(c, 2, 2, RW);
	st(c, B(2), 1, 2 * PG);
	do_munmap(c, B(2), 2 * PG);
	anon(c, 2, 2, RW);
	do_mincore(c, B(2), 2 * PG);
}
