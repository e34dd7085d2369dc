// SPDX-License-Identifier: MIT
/*
 * fork: copy-on-write isolation in both directions, MADV_DONTFORK and
 * MADV_WIPEONFORK, mlock not inherited, shared anonymous memory and shared
 * file mappings between parent and child, pagemap and kpagecount around a
 * COW break.  The child lives on (do_fork_keep) and runs the steps given to
 * in_child(), interleaved with the parent's.
 */
#include "diff.h"

static void ch_load_2_4(struct ctx *c)
{
	ld(c, B(2), 4 * PG);
}

static void ch_store_3(struct ctx *c)
{
	st(c, B(3), 0x63, PG);
	ld(c, B(2), 4 * PG);
}

CASE(fork_cow_both_directions)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x50, 4 * PG);
	do_fork_keep(c);
	st(c, B(2), 0x51, PG);		/* parent writes page 2 */
	in_child(c, ch_load_2_4);	/* the child still sees 0x50 */
	in_child(c, ch_store_3);	/* the child writes page 3 */
	ld(c, B(2), 4 * PG);		/* the parent does not see it */
	child_exit(c);
	ld(c, B(2), 4 * PG);
}

CASE(fork_cow_untouched_anon)
{
	anon(c, 2, 4, RW);
	do_fork_keep(c);
	in_child(c, ch_store_3);
	ld(c, B(2), 4 * PG);
	st(c, B(4), 0x52, 8);
	in_child(c, ch_load_2_4);
	child_exit(c);
}

CASE(fork_cow_zero_page)
{
	anon(c, 2, 4, RW);
	ld(c, B(2), 4 * PG);		/* zero page mapped everywhere */
	do_fork_keep(c);
	in_child(c, ch_store_3);
	ld(c, B(2), 4 * PG);
	st(c, B(2), 0x53, 4);
	in_child(c, ch_load_2_4);
}

static void ch_store_all(struct ctx *c)
{
	st(c, B(2), 0x64, 16 * PG);
}

CASE(fork_cow_sixteen_pages_after_child_exit)
{
	anon(c, 2, 16, RW);
	st(c, B(2), 0x54, 16 * PG);
	do_fork_keep(c);
	in_child(c, ch_store_all);
	child_exit(c);
	ld(c, B(2), 16 * PG);
	st(c, B(9), 0x55, PG);
	ld(c, B(8), 3 * PG);
}

static void ch_maps(struct ctx *c)
{
	maps(c);
}

CASE(fork_child_maps_same)
{
	int fd = mkfile(c, "/f", 2);

	anon(c, 2, 4, RW);
	do_mprotect(c, B(3), PG, RO);
	do_mmap(c, B(8), 2 * PG, RW, SF, fd, 0);
	do_mmap(c, B(12), 2 * PG, RO, PF, fd, 0);
	do_mmap(c, B(16), 2 * PG, RW, SAF, -1, 0);
	do_fork_keep(c);
	in_child(c, ch_maps);
	maps(c);
}

static void ch_munmap_mprotect(struct ctx *c)
{
	do_munmap(c, B(2), PG);
	do_mprotect(c, B(4), PG, PROT_NONE);
	st(c, B(3), 0x65, 1);
	maps(c);
}

CASE(fork_child_changes_own_layout)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x56, 4 * PG);
	do_fork_keep(c);
	in_child(c, ch_munmap_mprotect);
	maps(c);
	ld(c, B(2), 4 * PG);
}

static void ch_ld_2_4_maps(struct ctx *c)
{
	ld(c, B(2), 4 * PG);
	maps(c);
	smaps_range(c, B(2), B(6), "Rss VmFlags");
}

CASE(fork_dontfork_maperr)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x57, 4 * PG);
	do_madvise(c, B(3), 2 * PG, MADV_DONTFORK);
	do_fork_keep(c);
	in_child(c, ch_ld_2_4_maps);	/* SIGSEGV SEGV_MAPERR at page 3 */
	ld(c, B(2), 4 * PG);
	maps(c);
}

static void ch_st_4(struct ctx *c)
{
	st(c, B(4) + 5, 0x66, 1);
	ld(c, B(4), 8);
}

CASE(fork_dontfork_store_maperr)
{
	anon(c, 2, 4, RW);
	do_madvise(c, B(4), PG, MADV_DONTFORK);
	do_fork_keep(c);
	in_child(c, ch_st_4);
}

CASE(fork_dontfork_then_dofork)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x58, 4 * PG);
	do_madvise(c, B(3), 2 * PG, MADV_DONTFORK);
	do_madvise(c, B(3), 2 * PG, MADV_DOFORK);
	do_fork_keep(c);
	in_child(c, ch_ld_2_4_maps);
}

CASE(fork_wipeonfork_child_zeros)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x59, 4 * PG);
	do_madvise(c, B(3), 2 * PG, MADV_WIPEONFORK);
	do_fork_keep(c);
	in_child(c, ch_ld_2_4_maps);	/* pages 3-4 read zeros */
	in_child(c, ch_store_3);
	ld(c, B(2), 4 * PG);
}

CASE(fork_wipeonfork_keeponfork)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x5a, 4 * PG);
	do_madvise(c, B(2), 4 * PG, MADV_WIPEONFORK);
	do_madvise(c, B(2), 4 * PG, MADV_KEEPONFORK);
	do_fork_keep(c);
	in_child(c, ch_ld_2_4_maps);
}

static void ch_grandchild_view(struct ctx *c)
{
	ld(c, B(2), 2 * PG);
	smaps_range(c, B(2), B(4), "VmFlags");
}

CASE(fork_wipeonfork_inherited_flag)
{
	anon(c, 2, 2, RW);
	st(c, B(2), 0x5b, 2 * PG);
	do_madvise(c, B(2), 2 * PG, MADV_WIPEONFORK);
	do_fork(c, ch_grandchild_view);
	ld(c, B(2), 2 * PG);
}

static void ch_smaps_locked(struct ctx *c)
{
	smaps_range(c, B(2), B(6), "Rss Locked VmFlags");
	ld(c, B(2), 4 * PG);
}

CASE(fork_mlock_not_inherited)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x5c, 4 * PG);
	do_mlock(c, B(2), 4 * PG);
	do_fork_keep(c);
	in_child(c, ch_smaps_locked);
	smaps_range(c, B(2), B(6), "Rss Locked VmFlags");
}

CASE(fork_mlock_onfault_not_inherited)
{
	anon(c, 2, 4, RW);
	do_mlock2(c, B(2), 4 * PG, MLOCK_ONFAULT);
	st(c, B(2), 0x5d, PG);
	do_fork_keep(c);
	in_child(c, ch_smaps_locked);
	smaps_range(c, B(2), B(6), "Rss Locked VmFlags");
}

static void ch_shared_rw(struct ctx *c)
{
	ld(c, B(2), 8);
	st_str(c, B(3) + 16, "from-child");
}

static void ch_shared_ld(struct ctx *c)
{
	ld(c, B(2), 8);
	ld(c, B(3) + 16, 10);
}

CASE(fork_shared_anon_both_ways)
{
	do_mmap(c, B(2), 2 * PG, RW, SAF, -1, 0);
	do_fork_keep(c);
	st_str(c, B(2), "parent!!");
	in_child(c, ch_shared_rw);
	ld(c, B(3) + 16, 10);
	st_str(c, B(2), "again!!!");
	in_child(c, ch_shared_ld);
	child_exit(c);
	ld(c, B(2), 8);
}

CASE(fork_shared_dev_zero_both_ways)
{
	int fd = do_open(c, "/dev/zero", O_RDWR, 0);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	st_str(c, B(2), "zero-sh!");
	do_fork_keep(c);
	in_child(c, ch_shared_rw);
	ld(c, B(3) + 16, 10);
	st_str(c, B(2), "again!!!");
	in_child(c, ch_shared_ld);
	maps(c);
}

CASE(fork_private_dev_zero_cow)
{
	int fd = do_open(c, "/dev/zero", O_RDWR, 0);

	do_mmap(c, B(2), 2 * PG, RW, PF, fd, 0);
	st_str(c, B(2), "zero-pr!");
	do_fork_keep(c);
	in_child(c, ch_shared_rw);
	ld(c, B(3) + 16, 10);
	st_str(c, B(2), "again!!!");
	in_child(c, ch_shared_ld);
}

static int shared_fd;

static void ch_file_pread(struct ctx *c)
{
	ld(c, B(2), 8);
	ld(c, B(3) + 16, 10);
	do_pread(c, shared_fd, 10, PG + 16);
	do_pread(c, shared_fd, 8, 0);
}

CASE(fork_shared_file_both_ways)
{
	int fd = mkfile(c, "/f", 2);

	shared_fd = fd;
	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	do_fork_keep(c);
	st_str(c, B(2), "parent!!");
	in_child(c, ch_shared_rw);
	ld(c, B(3) + 16, 10);
	do_pread(c, fd, 10, PG + 16);
	st_str(c, B(2), "again!!!");
	in_child(c, ch_file_pread);
	child_exit(c);
	do_msync(c, B(2), 2 * PG, MS_SYNC);
	hostfile(c, "/f", 0, 8);
	hostfile(c, "/f", PG + 16, 10);
}

static void ch_private_file(struct ctx *c)
{
	ld(c, B(2), 8);
	ld(c, B(3), 8);
	st_str(c, B(3), "child-cow");
	do_pread(c, shared_fd, 9, PG);
}

CASE(fork_private_file_cow)
{
	int fd = mkfile(c, "/f", 3);

	shared_fd = fd;
	do_mmap(c, B(2), 3 * PG, RW, PF, fd, 0);
	st_str(c, B(2), "parent-pre");
	do_fork_keep(c);
	st_str(c, B(2), "parent-post");
	in_child(c, ch_private_file);	/* sees parent-pre, not -post */
	ld(c, B(3), 9);			/* the file's 'B's */
	do_pread(c, fd, 11, 0);
	in_child(c, ch_load_2_4);
	child_exit(c);
	do_msync(c, B(2), 3 * PG, MS_SYNC);	/* private: writes nothing */
	do_sync(c);				/* the file's own pages */
	hostfile(c, "/f", 0, 16);
	hostfile(c, "/f", PG, 16);
}

static void ch_ld_page4(struct ctx *c)
{
	ld(c, B(2), 4);
	ld(c, B(4), 4);
}

CASE(fork_private_file_pwrite_after_fork)
{
	int fd = mkfile(c, "/f", 3);

	do_mmap(c, B(2), 3 * PG, RW, PF, fd, 0);
	st_str(c, B(2), "cow!");	/* page 2 is a private copy now */
	ld(c, B(4), 4);			/* page 4 maps the page cache */
	do_fork_keep(c);
	do_pwrite(c, fd, "new!", 4, 0);
	do_pwrite(c, fd, "NEW!", 4, 2 * PG);
	in_child(c, ch_ld_page4);	/* cow! and NEW! */
	ld(c, B(2), 4);
	ld(c, B(4), 4);
}

static void ch_pagemap(struct ctx *c)
{
	pagemap(c, B(2), 4);
	kpage(c, B(2));
}

static void ch_cow_break(struct ctx *c)
{
	st(c, B(2), 0x67, 1);
	pagemap(c, B(2), 4);
	kpage(c, B(2));
}

CASE(fork_pagemap_cow_break)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x5e, 2 * PG);	/* pages 2, 3 written */
	ld(c, B(4), 1);			/* page 4 the zero page */
	pagemap(c, B(2), 4);
	kpage(c, B(2));
	do_fork_keep(c);
	pagemap(c, B(2), 4);		/* shared: not exclusive */
	kpage(c, B(2));
	in_child(c, ch_pagemap);
	in_child(c, ch_cow_break);	/* the child's copy: exclusive */
	pagemap(c, B(2), 4);		/* the parent's page: mapcount 1 */
	kpage(c, B(2));
	st(c, B(2), 0x5f, 1);		/* reused, not copied */
	pagemap(c, B(2), 4);
	child_exit(c);
	pagemap(c, B(2), 4);
	kpage(c, B(3));
}

CASE(fork_pagemap_shared_anon)
{
	do_mmap(c, B(2), 2 * PG, RW, SAF, -1, 0);
	st(c, B(2), 0x60, 1);
	pagemap(c, B(2), 2);
	do_fork_keep(c);
	in_child(c, ch_pagemap);
	pagemap(c, B(2), 2);
	kpage(c, B(2));
}

static void ch_smaps_mem(struct ctx *c)
{
	smaps_range(c, B(2), B(6), "Rss Pss Shared_Dirty Private_Dirty "
		    "Anonymous");
}

static void ch_write_one(struct ctx *c)
{
	st(c, B(2), 0x68, PG);
	ch_smaps_mem(c);
}

CASE(fork_smaps_shared_private)
{
	anon(c, 2, 4, RW);
	st(c, B(2), 0x61, 4 * PG);
	ch_smaps_mem(c);
	do_fork_keep(c);
	ch_smaps_mem(c);
	in_child(c, ch_write_one);
	ch_smaps_mem(c);
	child_exit(c);
	ch_smaps_mem(c);
}

static void ch_faults(struct ctx *c)
{
	minflt_st(c, B(2), 0x69, 16 * PG);	/* 16 COW faults */
	minflt_st(c, B(2), 0x6a, 16 * PG);	/* none */
	minflt_ld(c, B(18), 4 * PG);		/* untouched: shared zero */
}

CASE(fork_minflt_cow)
{
	anon(c, 2, 20, RW);
	do_madvise(c, B(2), 20 * PG, MADV_NOHUGEPAGE);
	minflt_st(c, B(2), 0x62, 16 * PG);
	do_fork_keep(c);
	in_child(c, ch_faults);
	minflt_st(c, B(2), 0x6b, 16 * PG);	/* COW again: 16 */
	minflt_ld(c, B(2), 16 * PG);
}

static void ch_sigs(struct ctx *c)
{
	ld(c, B(1) + 123, 1);		/* SEGV_MAPERR */
	st(c, B(2) + 77, 1, 1);		/* SEGV_ACCERR: read-only */
	ld(c, B(3) + 5, 1);		/* SEGV_ACCERR: PROT_NONE */
	ld(c, B(5) + 9, 1);		/* SIGBUS BUS_ADRERR: beyond EOF */
	st(c, B(5) + 10, 1, 1);
}

CASE(fork_child_signals)
{
	int fd = mkfile(c, "/f", 1);

	do_munmap(c, B(1), PG);
	anon(c, 2, 1, RO);
	do_mmap(c, B(4), 2 * PG, RW, SF, fd, 0);
	do_fork_keep(c);
	in_child(c, ch_sigs);
	ch_sigs(c);
}

static void gc_rw(struct ctx *c)
{
	ld(c, B(2), 3 * PG);
	st(c, B(4), 0x6e, PG);
	ld(c, B(2), 3 * PG);
}

static void ch_fork_grandchild(struct ctx *c)
{
	st(c, B(3), 0x6d, PG);
	do_fork(c, gc_rw);
	ld(c, B(2), 3 * PG);
}

CASE(fork_three_generations)
{
	anon(c, 2, 3, RW);
	st(c, B(2), 0x6c, 3 * PG);
	do_fork_keep(c);
	in_child(c, ch_fork_grandchild);
	ld(c, B(2), 3 * PG);
	child_exit(c);
	st(c, B(2), 0x6f, 3 * PG);
	ld(c, B(2), 3 * PG);
}

CASE(fork_twice_after_child_exit)
{
	anon(c, 2, 2, RW);
	st(c, B(2), 0x30, 2 * PG);
	do_fork_keep(c);
	in_child(c, ch_store_3);
	child_exit(c);
	st(c, B(2), 0x31, PG);
	do_fork_keep(c);
	in_child(c, ch_pagemap);
	in_child(c, ch_store_3);
	pagemap(c, B(2), 2);
	ld(c, B(2), 2 * PG);
}

CASE(fork_readonly_then_mprotect_write)
{
	anon(c, 2, 2, RW);
	st(c, B(2), 0x32, 2 * PG);
	do_mprotect(c, B(2), 2 * PG, RO);
	do_fork_keep(c);
	do_mprotect(c, B(2), 2 * PG, RW);
	st(c, B(2), 0x33, 1);
	in_child(c, ch_ld_2_4_maps);
	ld(c, B(2), 2 * PG);
	pagemap(c, B(2), 2);
}

static void ch_moved(struct ctx *c)
{
	ld(c, B(10), 2 * PG);
	maps_range(c, B(8), B(14));
	pagemap(c, B(10), 2);
}

CASE(fork_after_mremap)
{
	anon(c, 2, 2, RW);
	st(c, B(2), 0x34, 2 * PG);
	do_mremap(c, B(2), 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		  B(10));
	do_fork_keep(c);
	in_child(c, ch_moved);
	st(c, B(11), 0x35, 1);
	in_child(c, ch_moved);
}

static void ch_file_pagemap(struct ctx *c)
{
	pagemap(c, B(2), 2);
	pagemap(c, B(6), 2);
	ld(c, B(2), 1);
	ld(c, B(6), 1);
	ld(c, B(7), 1);
	pagemap(c, B(2), 2);
	pagemap(c, B(6), 2);
}

CASE(fork_pagemap_file_mappings)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	do_mmap(c, B(6), 2 * PG, RW, PF, fd, 0);
	ld(c, B(2), 2 * PG);
	ld(c, B(6), PG);
	st(c, B(7), 0x36, 1);		/* anon_vma: the VMA's PTEs are copied */
	do_fork_keep(c);
	in_child(c, ch_file_pagemap);
	pagemap(c, B(2), 2);
	pagemap(c, B(6), 2);
}

static void ch_dontneed(struct ctx *c)
{
	do_madvise(c, B(2), 2 * PG, MADV_DONTNEED);
	ld(c, B(2), 2 * PG);
	pagemap(c, B(2), 2);
}

CASE(fork_dontneed_in_child)
{
	anon(c, 2, 2, RW);
	st(c, B(2), 0x37, 2 * PG);
	do_fork_keep(c);
	in_child(c, ch_dontneed);
	ld(c, B(2), 2 * PG);
	pagemap(c, B(2), 2);
}

static void ch_mincore_minflt(struct ctx *c)
{
	do_mincore(c, B(0), 48 * PG);
	pagemap(c, B(0), 48);
	minflt_ld(c, B(0), 16 * PG);		/* shared file: fault-around */
	minflt_ld(c, B(16), 16 * PG);		/* shared anon: the same */
	minflt_ld(c, B(32), 16 * PG);		/* anon: PTEs were copied */
	minflt_st(c, B(32), 0x38, 16 * PG);	/* 16 COW faults */
	pagemap(c, B(0), 48);
}

CASE(fork_child_mincore_pagemap_minflt)
{
	int fd = mkfile(c, "/f", 16);

	do_mmap(c, B(0), 16 * PG, RW, SF, fd, 0);
	do_mmap(c, B(16), 16 * PG, RW, SAF, -1, 0);
	anon(c, 32, 16, RW);
	do_madvise(c, B(32), 16 * PG, MADV_NOHUGEPAGE);
	st(c, B(0), 0x39, 48 * PG);
	do_fork_keep(c);
	in_child(c, ch_mincore_minflt);
	do_mincore(c, B(0), 48 * PG);
	minflt_st(c, B(0), 0x3a, 48 * PG);	/* only the anon COW: 16 */
}
