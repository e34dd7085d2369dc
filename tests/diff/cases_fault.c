// SPDX-License-Identifier: MIT
/* Loads and stores as user instructions: signals, si_code, si_addr. */
#include "diff.h"

CASE(fault_unmapped_load)
{
	do_munmap(c, B(2), 2 * PG);
	ld(c, B(2), 1);
	ld(c, B(3) + 123, 4);
}

CASE(fault_unmapped_store)
{
	do_munmap(c, B(2), 2 * PG);
	st(c, B(2) + 7, 1, 1);
}

CASE(fault_prot_none_load_store)
{
	ld(c, B(2), 1);
	st(c, B(2) + 5, 1, 1);
}

CASE(fault_readonly_store)
{
	anon(c, 2, 1, RO);
	st(c, B(2) + 100, 1, 4);
	ld(c, B(2), 4);
}

CASE(fault_store_crosses_into_readonly)
{
	anon(c, 2, 1, RW);
	anon(c, 3, 1, RO);
	st(c, B(3) - 4, 0x51, 8);
	ld(c, B(2) + PG - 8, 16);
}

CASE(fault_load_crosses_into_unmapped)
{
	anon(c, 2, 1, RW);
	do_munmap(c, B(3), PG);
	st(c, B(2), 0x52, PG);
	ld(c, B(3) - 3, 6);
}

CASE(fault_load_crosses_into_prot_none)
{
	anon(c, 2, 1, RW);
	st(c, B(2), 0x53, PG);
	ld(c, B(3) - 2, 4);
}

CASE(fault_fresh_anon_zero)
{
	anon(c, 2, 8, RW);
	ld(c, B(2), 8 * PG);
}

CASE(fault_store_then_load)
{
	anon(c, 2, 2, RW);
	st_str(c, B(2) + PG - 3, "hello");
	ld(c, B(2) + PG - 4, 8);
}

CASE(fault_beyond_eof_private)
{
	int fd = mkfile(c, "/f", 1);

	do_mmap(c, B(2), 3 * PG, RO, PF, fd, 0);
	ld(c, B(2), 2);
	ld(c, B(3), 1);
	ld(c, B(4) + 9, 1);
}

CASE(fault_beyond_eof_shared_store)
{
	int fd = mkfile(c, "/f", 1);

	do_mmap(c, B(2), 3 * PG, RW, SF, fd, 0);
	st(c, B(3), 1, 1);
	st(c, B(2) + PG - 2, 0x54, 4);
}

CASE(fault_partial_page_eof)
{
	int fd = do_open(c, "/f", O_RDWR | O_CREAT, 0644);

	do_pwrite(c, fd, "abcdefgh", 8, 0);
	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	ld(c, B(2), 16);
	ld(c, B(2) + PG - 4, 4);
	st(c, B(2) + 100, 0x55, 1);
	do_pread(c, fd, 200, 0);
	ld(c, B(3), 1);
}

CASE(fault_after_truncate)
{
	int fd = mkfile(c, "/f", 3);

	do_mmap(c, B(2), 3 * PG, RO, SF, fd, 0);
	ld(c, B(4), 1);
	do_ftruncate(c, fd, PG);
	ld(c, B(2), 1);
	ld(c, B(3), 1);
	ld(c, B(4), 1);
}

CASE(fault_truncate_private_cow_page)
{
	int fd = mkfile(c, "/f", 3);

	do_mmap(c, B(2), 3 * PG, RW, PF, fd, 0);
	st(c, B(4), 0x56, 1);
	do_ftruncate(c, fd, PG);
	ld(c, B(4), 2);
	ld(c, B(3), 1);
}

CASE(fault_extend_after_truncate)
{
	int fd = mkfile(c, "/f", 1);

	do_mmap(c, B(2), 2 * PG, RO, SF, fd, 0);
	ld(c, B(3), 1);
	do_ftruncate(c, fd, 2 * PG);
	ld(c, B(3), 4);
}

CASE(fault_exec_only)
{
	anon(c, 2, 1, PROT_EXEC);
	ld(c, B(2), 1);
	st(c, B(2), 1, 1);
}

CASE(fault_write_only_reads)
{
	anon(c, 2, 1, PROT_WRITE);
	st(c, B(2), 0x57, 2);
	ld(c, B(2), 4);
}

CASE(fault_growsdown_guard_gap)
{
	do_munmap(c, B(0), 40 * PG);
	anon(c, 2, 1, RW);
	do_mmap(c, B(38), 2 * PG, RW, PAF | MAP_GROWSDOWN, -1, 0);
	ld(c, B(37), 1);
	ld(c, B(10), 1);
	maps(c);
}

CASE(fault_growsdown_blocked_by_neighbour)
{
	do_munmap(c, B(0), 40 * PG);
	anon(c, 30, 1, RW);
	do_mmap(c, B(38), 2 * PG, RW, PAF | MAP_GROWSDOWN, -1, 0);
	ld(c, B(32), 1);
	ld(c, B(31), 1);
	maps(c);
}

CASE(fault_guard_page_signal)
{
	anon(c, 2, 3, RW);
	do_madvise(c, B(3), PG, MADV_GUARD_INSTALL);
	st(c, B(3) + 8, 1, 1);
	ld(c, B(3) - 1, 2);
}

CASE(fault_kernel_address)
{
	ld(c, 0xffff888000000000UL, 1);
	st(c, 0xffffffff81000000UL, 1, 1);
}

CASE(fault_noncanonical)
{
	ld(c, 0x0000800000000000UL, 1);
	ld(c, 0x8000000000000000UL, 1);
}

CASE(fault_null_page)
{
	ld(c, 0, 1);
	st(c, 16, 1, 1);
}

CASE(fault_dontneed_then_read)
{
	anon(c, 2, 2, RW);
	st(c, B(2), 0x58, 2 * PG);
	do_madvise(c, B(2), PG, MADV_DONTNEED);
	ld(c, B(2), 2 * PG);
}

CASE(fault_private_file_cow)
{
	int fd = mkfile(c, "/f", 2);

	do_mmap(c, B(2), 2 * PG, RW, PF, fd, 0);
	ld(c, B(2), 2);
	st(c, B(2), 0x59, 2);
	ld(c, B(2), 4);
	do_pread(c, fd, 4, 0);
	do_pwrite(c, fd, "zz", 2, PG);
	ld(c, B(3), 4);
	do_pwrite(c, fd, "yy", 2, 0);
	ld(c, B(2), 4);
}
