// SPDX-License-Identifier: MIT
/* mlock, mlock2, munlock, mlockall, munlockall (run as root on the host). */
#include "diff.h"

CASE(mlock_basic)
{
	anon(c, 2, 4, RW);
	do_mlock(c, B(3), 2 * PG);
	maps(c);
	do_mincore(c, B(2), 4 * PG);
	smaps_range(c, B(2), B(6), "Rss Locked VmFlags");
}

CASE(mlock_munlock_merge)
{
	anon(c, 2, 4, RW);
	do_mlock(c, B(3), 2 * PG);
	do_munlock(c, B(3), 2 * PG);
	maps(c);
	smaps_range(c, B(2), B(6), "Rss Locked VmFlags");
}

CASE(mlock_unaligned_rounds)
{
	anon(c, 2, 4, RW);
	do_mlock(c, B(3) + 10, 10);
	maps(c);
	smaps_range(c, B(2), B(6), "Locked");
}

CASE(mlock_len_zero)
{
	anon(c, 2, 4, RW);
	do_mlock(c, B(3), 0);
	do_munlock(c, B(3), 0);
}

CASE(mlock_unmapped)
{
	do_munmap(c, B(2), 4 * PG);
	do_mlock(c, B(2), 2 * PG);
	do_munlock(c, B(2), 2 * PG);
}

CASE(mlock_hole)
{
	anon(c, 2, 4, RW);
	do_munmap(c, B(3), PG);
	do_mlock(c, B(2), 4 * PG);
	smaps_range(c, B(2), B(6), "Locked VmFlags");
}

CASE(mlock_prot_none)
{
	do_mlock(c, B(2), 2 * PG);
	maps(c);
	smaps_range(c, B(2), B(4), "Rss Locked VmFlags");
}

CASE(mlock_overflow)
{
	do_mlock(c, B(2), -PG);
	do_mlock(c, -PG, 2 * PG);
	do_munlock(c, B(2), -PG);
}

CASE(mlock2_onfault)
{
	anon(c, 2, 4, RW);
	do_mlock2(c, B(2), 4 * PG, MLOCK_ONFAULT);
	do_mincore(c, B(2), 4 * PG);
	st(c, B(3), 1, 1);
	do_mincore(c, B(2), 4 * PG);
	smaps_range(c, B(2), B(6), "Rss Locked VmFlags");
}

CASE(mlock2_zero_flags)
{
	anon(c, 2, 4, RW);
	do_mlock2(c, B(2), 4 * PG, 0);
	do_mincore(c, B(2), 4 * PG);
	smaps_range(c, B(2), B(6), "VmFlags");
}

CASE(mlock2_bad_flags)
{
	anon(c, 2, 4, RW);
	do_mlock2(c, B(2), 4 * PG, 2);
	do_mlock2(c, B(2), 4 * PG, -1);
}

CASE(mlock_then_onfault)
{
	anon(c, 2, 4, RW);
	do_mlock(c, B(2), 4 * PG);
	do_mlock2(c, B(3), PG, MLOCK_ONFAULT);
	maps(c);
	smaps_range(c, B(2), B(6), "VmFlags");
}

CASE(mlock_file_shared)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RW, SF, fd, 0);
	do_mlock(c, B(2), 4 * PG);
	smaps_range(c, B(2), B(6), "Rss Locked VmFlags");
}

CASE(mlock_file_beyond_eof)
{
	int fd = mkfile(c, "/f", 1);

	do_mmap(c, B(2), 4 * PG, RO, PF, fd, 0);
	do_mlock(c, B(2), 4 * PG);
	smaps_range(c, B(2), B(6), "Rss Locked");
}

CASE(mlockall_bad_flags)
{
	do_mlockall(c, 0);
	do_mlockall(c, MCL_ONFAULT);
	do_mlockall(c, 8);
	do_mlockall(c, -1);
}

CASE(mlockall_future)
{
	do_mlockall(c, MCL_FUTURE);
	anon(c, 2, 2, RW);
	do_mincore(c, B(2), 2 * PG);
	smaps_range(c, B(2), B(4), "Rss Locked VmFlags");
	do_munlockall(c);
	anon(c, 6, 2, RW);
	smaps_range(c, B(2), B(8), "VmFlags");
}

CASE(mlockall_future_onfault)
{
	do_mlockall(c, MCL_FUTURE | MCL_ONFAULT);
	anon(c, 2, 2, RW);
	do_mincore(c, B(2), 2 * PG);
	smaps_range(c, B(2), B(4), "VmFlags");
	do_munlockall(c);
}

CASE(mlockall_current)
{
	anon(c, 2, 2, RW);
	do_mlockall(c, MCL_CURRENT);
	do_mincore(c, B(2), 2 * PG);
	smaps_range(c, B(0), B(6), "Locked VmFlags");
	do_munlockall(c);
	smaps_range(c, B(0), B(6), "VmFlags");
}

CASE(munlockall_nothing)
{
	do_munlockall(c);
	do_munlockall(c);
}

CASE(mlock_split_three)
{
	anon(c, 0, 12, RW);
	do_mlock(c, B(2), 2 * PG);
	do_mlock(c, B(6), 2 * PG);
	maps(c);
	do_mlock(c, B(0), 12 * PG);
	maps(c);
}
