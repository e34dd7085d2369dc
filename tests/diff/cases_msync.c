// SPDX-License-Identifier: MIT
/* msync: flag validation, holes, EBUSY on locked pages. */
#include "diff.h"

static int shared_file(struct ctx *c)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RW, SF, fd, 0);
	return fd;
}

CASE(msync_sync)
{
	int fd = shared_file(c);

	st(c, B(2), 0x50, 4);
	do_msync(c, B(2), 4 * PG, MS_SYNC);
	do_pread(c, fd, 8, 0);
}

CASE(msync_async)
{
	shared_file(c);
	do_msync(c, B(2), 4 * PG, MS_ASYNC);
}

CASE(msync_invalidate)
{
	shared_file(c);
	do_msync(c, B(2), 4 * PG, MS_INVALIDATE);
	do_msync(c, B(2), 4 * PG, MS_INVALIDATE | MS_SYNC);
}

CASE(msync_zero_flags)
{
	shared_file(c);
	do_msync(c, B(2), 4 * PG, 0);
}

CASE(msync_sync_and_async)
{
	shared_file(c);
	do_msync(c, B(2), 4 * PG, MS_SYNC | MS_ASYNC);
}

CASE(msync_unknown_flag)
{
	shared_file(c);
	do_msync(c, B(2), 4 * PG, 8);
	do_msync(c, B(2), 4 * PG, 0x100);
	do_msync(c, B(2), 4 * PG, -1);
}

CASE(msync_unaligned)
{
	shared_file(c);
	do_msync(c, B(2) + 1, PG, MS_SYNC);
	do_msync(c, B(2), PG + 1, MS_SYNC);
}

CASE(msync_len_zero)
{
	shared_file(c);
	do_msync(c, B(2), 0, MS_SYNC);
	do_msync(c, B(2), 0, 8);
}

CASE(msync_unmapped)
{
	do_munmap(c, B(2), 4 * PG);
	do_msync(c, B(2), 2 * PG, MS_SYNC);
	do_msync(c, B(2), 2 * PG, MS_ASYNC);
}

CASE(msync_hole)
{
	shared_file(c);
	do_munmap(c, B(3), PG);
	do_msync(c, B(2), 4 * PG, MS_SYNC);
	do_msync(c, B(2), 4 * PG, MS_ASYNC);
}

CASE(msync_anon)
{
	anon(c, 2, 2, RW);
	do_msync(c, B(2), 2 * PG, MS_SYNC);
	do_msync(c, B(0), 8 * PG, MS_SYNC);
	do_msync(c, B(2), 2 * PG, MS_INVALIDATE);
}

CASE(msync_invalidate_locked)
{
	do_mmap(c, B(2), 2 * PG, RW, PAF | MAP_LOCKED, -1, 0);
	do_msync(c, B(2), 2 * PG, MS_INVALIDATE);
	do_msync(c, B(2), 2 * PG, MS_SYNC);
}

CASE(msync_invalidate_locked_file)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF | MAP_LOCKED, fd, 0);
	do_msync(c, B(2), 2 * PG, MS_INVALIDATE);
	do_munlock(c, B(2), 2 * PG);
	do_msync(c, B(2), 2 * PG, MS_INVALIDATE);
}

CASE(msync_beyond_task_size)
{
	do_msync(c, (1UL << 47) - PG, 2 * PG, MS_SYNC);
	do_msync(c, B(2), -PG, MS_SYNC);
}
