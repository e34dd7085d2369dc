// SPDX-License-Identifier: MIT
/*
 * The page cache over real files: write() against mappings, msync and the
 * host file's bytes (read with a real pread of the host directory, so on
 * mmlab what writeback put there), truncation and SIGBUS, fault kinds with
 * si_code and si_addr, mincore, pagemap bits and minor-fault counts.
 */
#include "diff.h"

CASE(pagecache_pwrite_visible_in_mappings)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RO, SF, fd, 0);
	do_mmap(c, B(6), 2 * PG, RW, PF, fd, 0);
	ld(c, B(2), 4);
	ld(c, B(7), 4);
	st_str(c, B(6), "priv");		/* page 6: a COW copy */
	do_pwrite(c, fd, "1234", 4, 0);
	do_pwrite(c, fd, "5678", 4, PG);
	ld(c, B(2), 4);
	ld(c, B(3), 4);
	ld(c, B(6), 4);				/* still "priv" */
	ld(c, B(7), 4);				/* "5678": page cache */
}

CASE(pagecache_store_visible_to_pread)
{
	int fd = mkfile(c, "/f", 3);

	do_mmap(c, B(2), 3 * PG, RW, SF, fd, 0);
	st_str(c, B(2) + PG - 3, "across");
	do_pread(c, fd, 8, PG - 4);
	st(c, B(4), 0x70, PG);
	do_pread(c, fd, 2 * PG, PG);
}

CASE(pagecache_pwrite_then_store_same_page)
{
	int fd = mkfile(c, "/f", 1);

	do_mmap(c, B(2), PG, RW, SF, fd, 0);
	do_pwrite(c, fd, "wwww", 4, 8);
	st_str(c, B(2) + 10, "mm");
	do_pread(c, fd, 16, 0);
	ld(c, B(2), 16);
}

CASE(pagecache_pwrite_extends_file_into_mapping)
{
	int fd = mkfile(c, "/f", 1);

	do_mmap(c, B(2), 3 * PG, RW, SF, fd, 0);
	ld(c, B(3), 1);				/* SIGBUS: beyond EOF */
	do_pwrite(c, fd, "grown", 5, PG + 100);
	ld(c, B(3), 1);
	ld(c, B(3) + 98, 8);
	ld(c, B(4), 1);
}

CASE(pagecache_msync_host_file)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RW, SF, fd, 0);
	st_str(c, B(2) + 1, "synced");
	st(c, B(4), 0x71, PG);
	do_msync(c, B(2), 4 * PG, MS_SYNC);
	hostfile(c, "/f", 0, 8);
	hostfile(c, "/f", PG, PG);
	hostfile(c, "/f", 2 * PG, PG);
	hostfile(c, "/f", 3 * PG, 4);
}

CASE(pagecache_msync_after_pwrite)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	do_pwrite(c, fd, "via-write", 9, PG + 1);
	st_str(c, B(2), "via-map");
	do_msync(c, B(2), 2 * PG, MS_SYNC);
	hostfile(c, "/f", 0, 8);
	hostfile(c, "/f", PG, 12);
}

CASE(pagecache_msync_twice_partial_page)
{
	int fd = do_open(c, "/f", O_RDWR | O_CREAT, 0644);

	do_pwrite(c, fd, "0123456789", 10, 0);
	do_mmap(c, B(2), PG, RW, SF, fd, 0);
	st_str(c, B(2) + 2, "ab");
	do_msync(c, B(2), PG, MS_SYNC);
	hostfile(c, "/f", 0, 64);
	st_str(c, B(2) + 8, "yz");
	st_str(c, B(2) + 100, "beyond-eof");	/* never reaches the file */
	do_msync(c, B(2), PG, MS_SYNC);
	hostfile(c, "/f", 0, 200);
	ld(c, B(2) + 98, 14);
}

CASE(pagecache_private_never_written_back)
{
	int fd = mkfile(c, "/f", 2);

	do_sync(c);
	hostfile(c, "/f", 0, 8);
	do_mmap(c, B(2), 2 * PG, RW, PF, fd, 0);
	st_str(c, B(2), "private");
	do_msync(c, B(2), 2 * PG, MS_SYNC);
	hostfile(c, "/f", 0, 8);
	do_sync(c);
	hostfile(c, "/f", 0, 8);
	do_pread(c, fd, 8, 0);
}

CASE(pagecache_sync_pwrite_and_shared_store)
{
	int fd = mkfile(c, "/f", 3);

	do_mmap(c, B(2), 3 * PG, RW, SF, fd, 0);
	do_pwrite(c, fd, "pwritten", 8, 2 * PG + 8);
	st_str(c, B(3) + 5, "stored");
	do_sync(c);
	hostfile(c, "/f", PG, 16);
	hostfile(c, "/f", 2 * PG, 16);
	st_str(c, B(3) + 5, "again!");		/* dirtied again after sync */
	do_msync(c, B(3), PG, MS_SYNC);
	hostfile(c, "/f", PG, 16);
	do_munmap(c, B(2), 3 * PG);
	do_close(c, fd);
	hostfile(c, "/f", 0, 4);
}

CASE(pagecache_truncate_sigbus_shared)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RW, SF, fd, 0);
	ld(c, B(2), 4 * PG);
	do_ftruncate(c, fd, PG + 100);
	ld(c, B(3) + 96, 8);			/* zeros past EOF in the page */
	ld(c, B(4) + 9, 1);			/* SIGBUS BUS_ADRERR */
	st(c, B(5) + 4095, 1, 1);
	ld(c, B(3) + PG - 2, 4);		/* stops at the page boundary */
	do_mincore(c, B(2), 4 * PG);
	pagemap(c, B(2), 4);
}

CASE(pagecache_truncate_sigbus_private)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RW, PF, fd, 0);
	st(c, B(2), 0x72, 4 * PG);		/* all four pages COW copies */
	do_ftruncate(c, fd, 2 * PG);
	ld(c, B(3), 4);				/* kept */
	ld(c, B(4) + 17, 1);			/* copy removed: SIGBUS */
	st(c, B(5) + 33, 1, 1);
	pagemap(c, B(2), 4);
}

CASE(pagecache_truncate_grow_zeros)
{
	int fd = mkfile(c, "/f", 3);

	do_mmap(c, B(2), 3 * PG, RW, SF, fd, 0);
	st(c, B(4), 0x73, 8);
	do_ftruncate(c, fd, PG);
	ld(c, B(4), 1);
	do_ftruncate(c, fd, 3 * PG);
	ld(c, B(3), 8);				/* the file's bytes are gone */
	ld(c, B(4), 8);
	do_pread(c, fd, 8, 2 * PG);
	do_msync(c, B(2), 3 * PG, MS_SYNC);
	hostfile(c, "/f", PG, 8);
}

CASE(pagecache_truncate_unaligned_then_store)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	do_ftruncate(c, fd, PG + 10);
	st(c, B(3) + 5, 0x74, 10);		/* within the page: fine */
	do_pread(c, fd, 20, PG);		/* only 10 bytes exist */
	do_msync(c, B(2), 2 * PG, MS_SYNC);
	hostfile(c, "/f", PG, 20);
}

CASE(pagecache_fault_kinds_siginfo)
{
	int fd = mkfile(c, "/f", 1);

	do_munmap(c, B(1), PG);
	anon(c, 2, 1, RO);
	do_mmap(c, B(4), 2 * PG, RW, SF, fd, 0);
	do_mmap(c, B(7), 2 * PG, RW, PF, fd, 0);
	ld(c, B(1) + 123, 1);			/* SEGV_MAPERR */
	st(c, B(1) + 4095, 1, 1);
	st(c, B(2) + 77, 1, 1);			/* SEGV_ACCERR: write to RO */
	ld(c, B(3) + 5, 1);			/* SEGV_ACCERR: PROT_NONE */
	st(c, B(3) + 6, 1, 1);
	ld(c, B(5) + 9, 1);			/* BUS_ADRERR: shared */
	st(c, B(5) + 10, 1, 1);
	ld(c, B(8) + 11, 1);			/* BUS_ADRERR: private */
	st(c, B(8) + 12, 1, 1);
	st(c, B(4) + PG - 1, 0x75, 2);		/* crosses into EOF */
}

CASE(pagecache_mincore_touch_dontneed)
{
	int fd = mkfile(c, "/f", 4);

	anon(c, 2, 6, RW);
	st(c, B(2), 1, 1);
	ld(c, B(4), 1);				/* the zero page counts */
	st(c, B(6), 1, 1);
	do_mincore(c, B(2), 6 * PG);
	do_madvise(c, B(2), 6 * PG, MADV_DONTNEED);
	do_mincore(c, B(2), 6 * PG);
	do_mmap(c, B(10), 4 * PG, RW, SF, fd, 0);
	st(c, B(11), 1, 1);
	do_madvise(c, B(10), 4 * PG, MADV_DONTNEED);
	do_mincore(c, B(10), 4 * PG);		/* page cache: still 1 */
	do_mmap(c, B(20), 2 * PG, RW, SAF, -1, 0);
	st(c, B(20), 1, 1);
	do_madvise(c, B(20), 2 * PG, MADV_DONTNEED);
	do_mincore(c, B(20), 2 * PG);		/* shmem keeps the page */
}

CASE(pagecache_pagemap_anon_states)
{
	anon(c, 2, 4, RW);
	pagemap(c, B(2), 4);
	ld(c, B(3), 1);				/* zero page */
	st(c, B(4), 1, 1);
	pagemap(c, B(2), 4);
	kpage(c, B(3));
	kpage(c, B(4));
	st(c, B(3), 1, 1);			/* zero page replaced */
	pagemap(c, B(2), 4);
	do_madvise(c, B(3), 2 * PG, MADV_DONTNEED);
	pagemap(c, B(2), 4);
	kpage(c, B(4));
}

CASE(pagecache_pagemap_file)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	do_mmap(c, B(6), 2 * PG, RW, PF, fd, 0);
	ld(c, B(2), 1);
	ld(c, B(6), 1);
	st(c, B(7), 1, 1);
	pagemap(c, B(2), 2);
	pagemap(c, B(6), 2);
	kpage(c, B(6));
	kpage(c, B(7));
	st(c, B(3), 1, 1);
	pagemap(c, B(2), 2);
	kpage(c, B(3));
	do_msync(c, B(2), 2 * PG, MS_SYNC);
	kpage(c, B(3));
}

CASE(pagecache_pagemap_populate_mlock)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, PAF | MAP_POPULATE, -1, 0);
	pagemap(c, B(2), 2);
	do_mmap(c, B(6), 2 * PG, RO, PF | MAP_POPULATE, fd, 0);
	pagemap(c, B(6), 2);
	anon(c, 10, 2, RW);
	do_mlock(c, B(10), 2 * PG);
	pagemap(c, B(10), 2);
	kpage(c, B(10));
}

CASE(pagecache_minflt_anon_write)
{
	anon(c, 2, 16, RW);
	do_madvise(c, B(2), 16 * PG, MADV_NOHUGEPAGE);
	minflt_st(c, B(2), 0x76, 16 * PG);	/* 16 */
	minflt_st(c, B(2), 0x77, 16 * PG);	/* 0 */
	minflt_ld(c, B(2), 16 * PG);		/* 0 */
}

CASE(pagecache_minflt_anon_read_then_write)
{
	anon(c, 2, 16, RW);
	do_madvise(c, B(2), 16 * PG, MADV_NOHUGEPAGE);
	minflt_ld(c, B(2), 16 * PG);		/* 16 zero-page faults */
	minflt_ld(c, B(2), 16 * PG);		/* 0 */
	minflt_st(c, B(2), 0x78, 16 * PG);	/* 16 write faults */
	do_madvise(c, B(2), 8 * PG, MADV_DONTNEED);
	minflt_st(c, B(2), 0x79, 16 * PG);	/* 8 */
}

CASE(pagecache_minflt_file_fault_around)
{
	int fd = mkfile(c, "/f", 32);

	do_mmap(c, B(0), 32 * PG, RO, SF, fd, 0);
	minflt_ld(c, B(0), 1);			/* maps 16 pages around */
	minflt_ld(c, B(0), 16 * PG);
	minflt_ld(c, B(20), 1);
	pagemap(c, B(0), 32);
	do_mincore(c, B(0), 32 * PG);
}

CASE(pagecache_minflt_private_file_cow)
{
	int fd = mkfile(c, "/f", 16);

	do_mmap(c, B(16), 16 * PG, RW, PF, fd, 0);
	minflt_ld(c, B(16), 16 * PG);		/* fault-around */
	minflt_st(c, B(16), 0x7a, 16 * PG);	/* 16 COW faults */
	pagemap(c, B(16), 16);
}
