// SPDX-License-Identifier: MIT
/* File mappings: contents through private and shared mappings. */
#include "diff.h"

CASE(file_private_contents)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RO, PF, fd, 0);
	ld(c, B(2), 4 * PG);
}

CASE(file_private_offset_contents)
{
	int fd = mkfile(c, "/f", 6);

	do_mmap(c, B(2), 2 * PG, RO, PF, fd, 3 * PG);
	ld(c, B(2), 2 * PG);
}

CASE(file_shared_contents)
{
	int fd = mkfile(c, "/f", 3);

	do_mmap(c, B(2), 3 * PG, RO, SF, fd, 0);
	ld(c, B(2), 3 * PG);
}

CASE(file_pwrite_visible_shared)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RO, SF, fd, 0);
	ld(c, B(2), 4);
	do_pwrite(c, fd, "hello", 5, 1);
	ld(c, B(2), 8);
}

CASE(file_pwrite_visible_private_untouched)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, PF, fd, 0);
	ld(c, B(2), 4);
	do_pwrite(c, fd, "hello", 5, 1);
	ld(c, B(2), 8);
}

CASE(file_store_shared_visible_pread)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	st_str(c, B(3) + 10, "world");
	do_pread(c, fd, 20, PG + 5);
}

CASE(file_store_private_not_in_file)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, PF, fd, 0);
	st_str(c, B(3) + 10, "world");
	ld(c, B(3) + 8, 10);
	do_pread(c, fd, 20, PG + 5);
}

CASE(file_two_shared_mappings_coherent)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	do_mmap(c, B(10), 2 * PG, RW, SF, fd, 0);
	st_str(c, B(2) + 1, "abc");
	ld(c, B(10), 6);
	maps(c);
}

CASE(file_shared_and_private_mappings)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	do_mmap(c, B(10), 2 * PG, RW, PF, fd, 0);
	ld(c, B(10), 2);
	st_str(c, B(2), "xy");
	ld(c, B(10), 4);
	st_str(c, B(10), "pq");
	ld(c, B(2), 4);
}

CASE(file_private_written_before_pwrite)
{
	int fd = mkfile(c, "/f", 1);

	do_mmap(c, B(2), PG, RW, PF, fd, 0);
	st_str(c, B(2), "mine");
	do_pwrite(c, fd, "theirs", 6, 0);
	ld(c, B(2), 8);
}

CASE(file_rdonly_private_write)
{
	mkfile(c, "/f", 1);
	int fd = do_open(c, "/f", O_RDONLY, 0);

	do_mmap(c, B(2), PG, RW, PF, fd, 0);
	st_str(c, B(2), "cow");
	ld(c, B(2), 4);
	do_pread(c, fd, 4, 0);
}

CASE(file_rdonly_shared_store_faults)
{
	mkfile(c, "/f", 1);
	int fd = do_open(c, "/f", O_RDONLY, 0);

	do_mmap(c, B(2), PG, RO, SF, fd, 0);
	st(c, B(2), 1, 1);
}

CASE(file_close_after_mmap)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	do_close(c, fd);
	st_str(c, B(3), "still");
	ld(c, B(3), 5);
	maps(c);
	fd = do_open(c, "/f", O_RDONLY, 0);
	do_pread(c, fd, 5, PG);
}

CASE(file_empty_file_mapping)
{
	int fd = do_open(c, "/e", O_RDWR | O_CREAT, 0644);

	do_mmap(c, B(2), PG, RW, SF, fd, 0);
	ld(c, B(2), 1);
	maps(c);
}

CASE(file_open_errors)
{
	do_open(c, "/missing", O_RDONLY, 0);
	do_open(c, "/missing/x", O_RDONLY, 0);
	do_close(c, 999);
	do_close(c, -1);
}

CASE(file_ftruncate_grow_shared)
{
	int fd = do_open(c, "/g", O_RDWR | O_CREAT, 0644);

	do_ftruncate(c, fd, 3 * PG);
	do_mmap(c, B(2), 3 * PG, RW, SF, fd, 0);
	ld(c, B(2), 3 * PG);
	st(c, B(4), 0x5b, 2);
	do_pread(c, fd, 4, 2 * PG);
}

CASE(file_ftruncate_errors)
{
	int fd = mkfile(c, "/f", 1);
	int ro = do_open(c, "/f", O_RDONLY, 0);

	do_ftruncate(c, fd, -1);
	do_ftruncate(c, ro, 0);
	do_ftruncate(c, 999, 0);
}

CASE(file_pread_pwrite_basics)
{
	int fd = mkfile(c, "/f", 1);

	do_pread(c, fd, 8, PG - 4);
	do_pread(c, fd, 8, 2 * PG);
	do_pwrite(c, fd, "tail", 4, PG + 4);
	do_pread(c, fd, 12, PG - 4);
	do_pread(c, fd, 8, -1);
	do_pread(c, 999, 8, 0);
}

CASE(file_dev_zero_pread)
{
	int fd = do_open(c, "/dev/zero", O_RDONLY, 0);

	do_pread(c, fd, 16, 0);
}

CASE(file_mprotect_split_contents)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RW, SF, fd, 0);
	do_mprotect(c, B(3), 2 * PG, RO);
	ld(c, B(2), 4 * PG);
	st(c, B(3), 1, 1);
	st(c, B(5), 0x5c, 1);
	do_pread(c, fd, 1, 3 * PG);
}

CASE(file_munmap_middle_contents)
{
	int fd = mkfile(c, "/f", 4);

	do_mmap(c, B(2), 4 * PG, RO, SF, fd, 0);
	do_munmap(c, B(3), 2 * PG);
	ld(c, B(5), 2);
	ld(c, B(2), 2);
}

static void fault_child_store(struct ctx *c)
{
	st_str(c, B(2), "kid");
}

CASE(file_fork_shared_store)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	do_fork(c, fault_child_store);
	ld(c, B(2), 4);
	do_pread(c, fd, 4, 0);
}
