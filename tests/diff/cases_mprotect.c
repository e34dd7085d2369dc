// SPDX-License-Identifier: MIT
/* mprotect: splits, merges, errors, growsdown, file permissions. */
#include "diff.h"

CASE(mprotect_split_middle)
{
	anon(c, 4, 6, RW);
	do_mprotect(c, B(6), 2 * PG, RO);
	maps(c);
}

CASE(mprotect_split_merge_back_unfaulted)
{
	anon(c, 4, 6, RW);
	do_mprotect(c, B(6), 2 * PG, RO);
	do_mprotect(c, B(6), 2 * PG, RW);
	maps(c);
}

CASE(mprotect_split_merge_back_faulted)
{
	anon(c, 4, 6, RW);
	st(c, B(4), 1, 6 * PG);
	do_mprotect(c, B(6), 2 * PG, RO);
	do_mprotect(c, B(6), 2 * PG, RW);
	maps(c);
}

CASE(mprotect_split_merge_back_middle_faulted)
{
	anon(c, 4, 6, RW);
	st(c, B(6), 1, 1);
	do_mprotect(c, B(6), 2 * PG, RO);
	do_mprotect(c, B(6), 2 * PG, RW);
	maps(c);
}

CASE(mprotect_split_merge_back_outer_faulted)
{
	anon(c, 4, 6, RW);
	st(c, B(4), 1, 1);
	do_mprotect(c, B(6), 2 * PG, RO);
	do_mprotect(c, B(6), 2 * PG, RW);
	maps(c);
}

CASE(mprotect_none_to_rw_merges_region)
{
	do_mprotect(c, B(4), 4 * PG, RW);
	do_mprotect(c, B(4), 4 * PG, PROT_NONE);
	maps(c);
}

CASE(mprotect_none_to_rw_faulted)
{
	do_mprotect(c, B(4), 4 * PG, RW);
	st(c, B(5), 9, 1);
	do_mprotect(c, B(4), 4 * PG, PROT_NONE);
	maps(c);
	smaps_range(c, B(0), B(REGION_PAGES), "Rss VmFlags");
}

CASE(mprotect_adjacent_merge_left)
{
	anon(c, 4, 2, RW);
	anon(c, 6, 2, RO);
	do_mprotect(c, B(6), PG, RW);
	maps(c);
}

CASE(mprotect_adjacent_merge_right)
{
	anon(c, 4, 2, RO);
	anon(c, 6, 2, RW);
	do_mprotect(c, B(5), PG, RW);
	maps(c);
}

CASE(mprotect_adjacent_merge_both)
{
	anon(c, 4, 2, RW);
	anon(c, 6, 2, RO);
	anon(c, 8, 2, RW);
	do_mprotect(c, B(6), 2 * PG, RW);
	maps(c);
}

CASE(mprotect_unaligned)
{
	anon(c, 4, 2, RW);
	do_mprotect(c, B(4) + 1, PG, RO);
	maps(c);
}

CASE(mprotect_len_zero)
{
	anon(c, 4, 2, RW);
	do_mprotect(c, B(4), 0, RO);
	do_mprotect(c, B(4) + 1, 0, RO);
	maps(c);
}

CASE(mprotect_len_unaligned)
{
	anon(c, 4, 4, RW);
	do_mprotect(c, B(4), PG + 1, RO);
	maps(c);
}

CASE(mprotect_unmapped)
{
	do_munmap(c, B(4), 4 * PG);
	do_mprotect(c, B(4), PG, RO);
	do_mprotect(c, B(5), 2 * PG, RO);
	maps(c);
}

CASE(mprotect_hole_in_middle)
{
	anon(c, 2, 8, RW);
	do_munmap(c, B(5), PG);
	do_mprotect(c, B(2), 8 * PG, RO);
	maps(c);
}

CASE(mprotect_hole_at_start)
{
	anon(c, 2, 8, RW);
	do_munmap(c, B(2), PG);
	do_mprotect(c, B(2), 8 * PG, RO);
	maps(c);
}

CASE(mprotect_hole_at_end)
{
	anon(c, 2, 8, RW);
	do_munmap(c, B(9), 2 * PG);
	do_mprotect(c, B(2), 9 * PG, RO);
	maps(c);
}

CASE(mprotect_bad_prot)
{
	anon(c, 4, 2, RW);
	do_mprotect(c, B(4), PG, 0x10);
	do_mprotect(c, B(4), PG, RW | 0x100);
	do_mprotect(c, B(4), PG, PROT_GROWSDOWN | PROT_GROWSUP | RW);
	maps(c);
}

CASE(mprotect_overflow)
{
	anon(c, 4, 2, RW);
	do_mprotect(c, B(4), -PG, RO);
	do_mprotect(c, (1UL << 47) - PG, 2 * PG, RO);
	do_mprotect(c, -PG, PG, RO);
}

CASE(mprotect_growsdown_on_plain)
{
	anon(c, 4, 4, RW);
	do_mprotect(c, B(6), PG, RO | PROT_GROWSDOWN);
	do_mprotect(c, B(6), PG, RO | PROT_GROWSUP);
	maps(c);
}

CASE(mprotect_growsdown_vma)
{
	do_munmap(c, B(0), 16 * PG);
	do_mmap(c, B(12), 4 * PG, RW, PAF | MAP_GROWSDOWN, -1, 0);
	do_mprotect(c, B(14), PG, RO | PROT_GROWSDOWN);
	maps(c);
}

CASE(mprotect_rw_to_ro_store_faults)
{
	anon(c, 4, 2, RW);
	st(c, B(4), 1, 2);
	do_mprotect(c, B(4), 2 * PG, RO);
	st(c, B(4), 2, 1);
	ld(c, B(4), 4);
	do_mprotect(c, B(4), 2 * PG, PROT_NONE);
	ld(c, B(5), 1);
}

CASE(mprotect_shared_ro_file_to_write)
{
	mkfile(c, "/f", 2);
	int fd = do_open(c, "/f", O_RDONLY, 0);

	do_mmap(c, B(2), 2 * PG, RO, SF, fd, 0);
	do_mprotect(c, B(2), PG, RW);
	do_mprotect(c, B(2), PG, PROT_EXEC | RO);
	maps(c);
}

CASE(mprotect_private_ro_file_to_write)
{
	mkfile(c, "/f", 2);
	int fd = do_open(c, "/f", O_RDONLY, 0);

	do_mmap(c, B(2), 2 * PG, RO, PF, fd, 0);
	do_mprotect(c, B(2), PG, RW);
	maps(c);
	st(c, B(2), 0x7a, 2);
	ld(c, B(2), 4);
	do_pread(c, fd, 4, 0);
}

CASE(mprotect_shared_rw_file)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RO, SF, fd, 0);
	do_mprotect(c, B(3), 2 * PG, RW);
	maps(c);
	st(c, B(3), 0x61, 1);
	do_pread(c, fd, 2, PG);
}

CASE(mprotect_spanning_vmas)
{
	anon(c, 2, 2, RO);
	anon(c, 4, 2, RW);
	anon(c, 6, 2, PROT_EXEC);
	do_mprotect(c, B(3), 4 * PG, RW);
	maps(c);
}

CASE(mprotect_exec_anon)
{
	anon(c, 2, 4, RW);
	do_mprotect(c, B(3), PG, RW | PROT_EXEC);
	do_mprotect(c, B(4), PG, PROT_EXEC);
	maps(c);
}

CASE(mprotect_shared_anon_split)
{
	do_mmap(c, B(2), 6 * PG, RW, SAF, -1, 0);
	do_mprotect(c, B(4), 2 * PG, RO);
	maps(c);
	do_mprotect(c, B(4), 2 * PG, RW);
	maps(c);
}

CASE(mprotect_file_split_merge)
{
	int fd = mkfile(c, "/f", 6);

	do_mmap(c, B(2), 6 * PG, RO, PF, fd, 0);
	do_mprotect(c, B(4), 2 * PG, RW);
	maps(c);
	do_mprotect(c, B(4), 2 * PG, RO);
	maps(c);
}

CASE(mprotect_every_other_page)
{
	unsigned long i;

	anon(c, 0, 16, RW);
	for (i = 0; i < 16; i += 2)
		do_mprotect(c, B(i), PG, RO);
	maps(c);
	do_mprotect(c, B(0), 16 * PG, RW);
	maps(c);
}

CASE(mprotect_locked_vma)
{
	do_mmap(c, B(2), 4 * PG, RW, PAF | MAP_LOCKED, -1, 0);
	do_mprotect(c, B(3), PG, RO);
	maps(c);
	smaps_range(c, B(2), B(6), "Locked VmFlags");
}

CASE(mprotect_none_then_touch)
{
	anon(c, 2, 2, RW);
	do_mprotect(c, B(2), 2 * PG, PROT_NONE);
	ld(c, B(2), 1);
	st(c, B(3), 1, 1);
	do_mprotect(c, B(2), 2 * PG, RW);
	ld(c, B(2), 1);
}

CASE(mprotect_noreserve_to_write)
{
	do_mmap(c, B(2), 4 * PG, RO, PAF | MAP_NORESERVE, -1, 0);
	do_mprotect(c, B(2), 4 * PG, RW);
	smaps_range(c, B(2), B(6), "VmFlags");
	maps(c);
}
