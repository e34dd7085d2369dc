// SPDX-License-Identifier: MIT
/* madvise: every advice, holes, zero-fill, VmFlags. */
#include "diff.h"

/* Advise the middle of a touched anonymous mapping; show the result. */
static void advise_anon(struct ctx *c, int advice)
{
	anon(c, 2, 6, RW);
	st(c, B(2), 0x44, 6 * PG);
	do_madvise(c, B(4), 2 * PG, advice);
	maps(c);
	smaps_range(c, B(2), B(8), "VmFlags");
	ld(c, B(3), 3 * PG);
}

#define ADVICE_CASE(name, advice)			\
	CASE(madvise_anon_##name) { advise_anon(c, advice); }

ADVICE_CASE(normal, MADV_NORMAL)
ADVICE_CASE(random, MADV_RANDOM)
ADVICE_CASE(sequential, MADV_SEQUENTIAL)
ADVICE_CASE(willneed, MADV_WILLNEED)
ADVICE_CASE(dontneed, MADV_DONTNEED)
ADVICE_CASE(free, MADV_FREE)
ADVICE_CASE(remove, MADV_REMOVE)
ADVICE_CASE(dontfork, MADV_DONTFORK)
ADVICE_CASE(dofork, MADV_DOFORK)
ADVICE_CASE(mergeable, MADV_MERGEABLE)
ADVICE_CASE(unmergeable, MADV_UNMERGEABLE)
ADVICE_CASE(hugepage, MADV_HUGEPAGE)
ADVICE_CASE(nohugepage, MADV_NOHUGEPAGE)
ADVICE_CASE(dontdump, MADV_DONTDUMP)
ADVICE_CASE(dodump, MADV_DODUMP)
ADVICE_CASE(wipeonfork, MADV_WIPEONFORK)
ADVICE_CASE(keeponfork, MADV_KEEPONFORK)
ADVICE_CASE(cold, MADV_COLD)
ADVICE_CASE(pageout, MADV_PAGEOUT)
ADVICE_CASE(populate_read, MADV_POPULATE_READ)
ADVICE_CASE(populate_write, MADV_POPULATE_WRITE)
ADVICE_CASE(dontneed_locked, MADV_DONTNEED_LOCKED)
ADVICE_CASE(collapse, MADV_COLLAPSE)
ADVICE_CASE(guard_install, MADV_GUARD_INSTALL)
ADVICE_CASE(unknown_5, 5)
ADVICE_CASE(unknown_6, 6)
ADVICE_CASE(unknown_7, 7)
ADVICE_CASE(unknown_17, 17)
ADVICE_CASE(unknown_26, 26)
ADVICE_CASE(unknown_99, 99)
ADVICE_CASE(unknown_negative, -1)

CASE(madvise_dontfork_dofork_merge)
{
	anon(c, 2, 6, RW);
	do_madvise(c, B(4), 2 * PG, MADV_DONTFORK);
	do_madvise(c, B(4), 2 * PG, MADV_DOFORK);
	maps(c);
}

CASE(madvise_unaligned)
{
	anon(c, 2, 2, RW);
	do_madvise(c, B(2) + 1, PG, MADV_NORMAL);
	do_madvise(c, B(2) + 1, PG, MADV_DONTNEED);
	do_madvise(c, B(2), PG + 1, MADV_DONTNEED);
}

CASE(madvise_len_zero)
{
	anon(c, 2, 2, RW);
	do_madvise(c, B(2), 0, MADV_DONTNEED);
	do_madvise(c, B(2), 0, 99);
	do_madvise(c, B(2) + 1, 0, MADV_NORMAL);
}

CASE(madvise_len_overflow)
{
	anon(c, 2, 2, RW);
	do_madvise(c, B(2), -PG, MADV_NORMAL);
	do_madvise(c, B(2), -1UL, MADV_NORMAL);
}

CASE(madvise_unmapped)
{
	do_munmap(c, B(2), 4 * PG);
	do_madvise(c, B(2), 2 * PG, MADV_NORMAL);
	do_madvise(c, B(2), 2 * PG, MADV_DONTNEED);
	do_madvise(c, B(2), 2 * PG, MADV_WILLNEED);
	do_madvise(c, B(2), 2 * PG, 99);
}

CASE(madvise_hole_dontneed_applies)
{
	anon(c, 2, 6, RW);
	st(c, B(2), 0x45, 6 * PG);
	do_munmap(c, B(4), PG);
	do_madvise(c, B(2), 6 * PG, MADV_DONTNEED);
	ld(c, B(2), 2 * PG);
	ld(c, B(5), 3 * PG);
}

CASE(madvise_hole_dontfork_applies)
{
	anon(c, 2, 6, RW);
	do_munmap(c, B(4), PG);
	do_madvise(c, B(2), 6 * PG, MADV_DONTFORK);
	smaps_range(c, B(2), B(8), "VmFlags");
}

CASE(madvise_hole_at_start)
{
	anon(c, 2, 6, RW);
	do_munmap(c, B(2), PG);
	do_madvise(c, B(2), 6 * PG, MADV_RANDOM);
	smaps_range(c, B(2), B(8), "VmFlags");
}

CASE(madvise_dontneed_file_private)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RW, PF, fd, 0);
	st(c, B(3), 0x78, 2 * PG);
	ld(c, B(3), 2);
	do_madvise(c, B(2), 4 * PG, MADV_DONTNEED);
	ld(c, B(3), 2 * PG);
}

CASE(madvise_dontneed_file_shared)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RW, SF, fd, 0);
	st(c, B(3), 0x79, 2);
	do_madvise(c, B(2), 4 * PG, MADV_DONTNEED);
	ld(c, B(3), 4);
	do_pread(c, fd, 4, PG);
}

CASE(madvise_dontneed_shared_anon)
{
	do_mmap(c, B(2), 4 * PG, RW, SAF, -1, 0);
	st(c, B(3), 0x7a, 2);
	do_madvise(c, B(2), 4 * PG, MADV_DONTNEED);
	ld(c, B(3), 4);
}

CASE(madvise_remove_shared_anon)
{
	do_mmap(c, B(2), 4 * PG, RW, SAF, -1, 0);
	st(c, B(3), 0x7b, 2);
	do_madvise(c, B(2), 4 * PG, MADV_REMOVE);
	ld(c, B(3), 4);
}

/*
 * MADV_REMOVE through a shared mapping punches the file: the page cache
 * and the file lose the range, and a private mapping of the same file
 * sees the hole where it only read, but keeps the copy-on-write copies it
 * made (only truncation discards those).
 */
CASE(madvise_remove_file_keeps_private_cows)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RW, SF, fd, 0);
	do_mmap(c, B(8), 4 * PG, RW, PF, fd, 0);
	st(c, B(9), 0x5a, 2);
	ld(c, B(10), 2);
	st(c, B(3), 0x5b, 2);
	do_madvise(c, B(2), 4 * PG, MADV_REMOVE);
	ld(c, B(9), 4);
	ld(c, B(10), 2);
	ld(c, B(3), 2);
	do_pread(c, fd, 4, PG);
	smaps_range(c, B(8), B(12), "Anonymous");
}

CASE(madvise_dontneed_locked_vma)
{
	do_mmap(c, B(2), 2 * PG, RW, PAF | MAP_LOCKED, -1, 0);
	st(c, B(2), 0x7c, 2);
	do_madvise(c, B(2), 2 * PG, MADV_DONTNEED);
	ld(c, B(2), 4);
	do_madvise(c, B(2), 2 * PG, MADV_DONTNEED_LOCKED);
	ld(c, B(2), 4);
}

CASE(madvise_free_then_write)
{
	anon(c, 2, 2, RW);
	st(c, B(2), 0x7d, 2 * PG);
	do_madvise(c, B(2), 2 * PG, MADV_FREE);
	st(c, B(2), 0x7e, 1);
	ld(c, B(2), 2);
}

CASE(madvise_populate_read_prot_none)
{
	do_madvise(c, B(2), 2 * PG, MADV_POPULATE_READ);
	do_madvise(c, B(2), 2 * PG, MADV_POPULATE_WRITE);
}

CASE(madvise_populate_write_readonly)
{
	anon(c, 2, 2, RO);
	do_madvise(c, B(2), 2 * PG, MADV_POPULATE_WRITE);
	do_madvise(c, B(2), 2 * PG, MADV_POPULATE_READ);
	do_mincore(c, B(2), 2 * PG);
}

CASE(madvise_populate_hole)
{
	anon(c, 2, 4, RW);
	do_munmap(c, B(4), PG);
	do_madvise(c, B(2), 4 * PG, MADV_POPULATE_WRITE);
	do_mincore(c, B(2), 2 * PG);
}

CASE(madvise_guard_install_access)
{
	anon(c, 2, 4, RW);
	do_madvise(c, B(3), PG, MADV_GUARD_INSTALL);
	ld(c, B(3), 1);
	st(c, B(2), 1, 2 * PG);
	do_madvise(c, B(3), PG, MADV_GUARD_REMOVE);
	ld(c, B(3), 1);
	maps(c);
}

CASE(madvise_wipeonfork_shared)
{
	do_mmap(c, B(2), 2 * PG, RW, SAF, -1, 0);
	do_madvise(c, B(2), 2 * PG, MADV_WIPEONFORK);
}

CASE(madvise_hugepage_split_merge)
{
	anon(c, 0, 16, RW);
	do_madvise(c, B(4), 4 * PG, MADV_HUGEPAGE);
	maps(c);
	do_madvise(c, B(4), 4 * PG, MADV_NOHUGEPAGE);
	maps(c);
	smaps_range(c, B(0), B(16), "VmFlags");
}

CASE(madvise_random_sequential_switch)
{
	anon(c, 0, 8, RW);
	do_madvise(c, B(2), 2 * PG, MADV_RANDOM);
	do_madvise(c, B(2), 2 * PG, MADV_SEQUENTIAL);
	smaps_range(c, B(0), B(8), "VmFlags");
	do_madvise(c, B(2), 2 * PG, MADV_NORMAL);
	maps(c);
}

CASE(madvise_file_willneed_cold)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RO, PF, fd, 0);
	do_madvise(c, B(2), 4 * PG, MADV_WILLNEED);
	do_madvise(c, B(2), 4 * PG, MADV_COLD);
	do_madvise(c, B(2), 4 * PG, MADV_FREE);
	do_madvise(c, B(2), 4 * PG, MADV_REMOVE);
	ld(c, B(2), 2);
}

static void child_reads(struct ctx *c)
{
	ld(c, B(2), 4);
	ld(c, B(4), 4);
	st(c, B(4), 0x11, 1);
}

CASE(madvise_fork_dontfork)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x46, 4 * PG);
	do_madvise(c, B(2), 2 * PG, MADV_DONTFORK);
	do_fork(c, child_reads);
	ld(c, B(4), 4);
}

CASE(madvise_fork_wipeonfork)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x47, 4 * PG);
	do_madvise(c, B(2), 2 * PG, MADV_WIPEONFORK);
	do_fork(c, child_reads);
	ld(c, B(2), 4);
}

CASE(madvise_fork_cow)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x48, 4 * PG);
	do_fork(c, child_reads);
	ld(c, B(4), 4);
}

CASE(madvise_fork_shared_anon_visible)
{
	do_mmap(c, B(2), 4 * PG, RW, SAF, -1, 0);
	st(c, B(2), 0x49, 4 * PG);
	do_fork(c, child_reads);
	ld(c, B(4), 4);
}
