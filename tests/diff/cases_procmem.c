// SPDX-License-Identifier: MIT
/*
 * /proc/self/mem through the raw ABI (buffers in user memory): the host's
 * file in the host's task, mmlab's in its own.  FOLL_FORCE reads and
 * writes PROT_NONE pages, a write into a read-only private file mapping
 * breaks COW (the file keeps its bytes), a read-only shared mapping
 * refuses it (EIO), a hole ends a transfer (the count so far, or EIO),
 * and lseek takes any position, negative ones included (mem_lseek()).
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "diff.h"

#define LB(n)		((long)B(n))

/* Open /proc/self/mem through the raw ABI, the path at B(0). */
static long memopen(struct ctx *c, int flags)
{
	const char *p = "/proc/self/mem";
	unsigned long addr;
	int code;

	if (c->s->store(c->s, B(0), p, strlen(p) + 1, &code, &addr))
		rec(c, "path store failed");
	return SC_FD(SYS_open, LB(0), flags, 0);
}

/* lseek, the new position logged relative to the region's base. */
static void seek(struct ctx *c, long fd, long off, int whence, const char *what)
{
	long r = c->s->syscall(c->s, SYS_lseek, fd, off, whence, 0, 0, 0);

	if (r < 0 && r >= -4095)
		rec(c, "lseek(%s) = -%s", what, errname(r));
	else
		rec(c, "lseek(%s) = base%+ld", what, r - (long)c->base);
}

CASE(procmem_read_write_anon)
{
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	anon(c, 4, 1, RW);
	st_str(c, B(2), "hello, mem");
	long fd = memopen(c, O_RDWR);

	SC(SYS_pread64, fd, LB(4), 10, LB(2));
	ld(c, B(4), 10);
	SC(SYS_pwrite64, fd, LB(4), 5, LB(2) + 100);
	ld(c, B(2) + 100, 5);
	SC(SYS_pread64, fd, LB(4), 0, LB(2));
	SC(SYS_pread64, fd, LB(4), 8, 0);
	SC(SYS_pread64, fd, LB(4), 8, -1);
	SC(SYS_close, fd);
	fd = memopen(c, O_RDONLY);
	SC(SYS_pwrite64, fd, LB(4), 1, LB(2));
	SC(SYS_close, fd);
}

CASE(procmem_prot_none_is_forced)
{
	anon(c, 0, 1, RW);
	anon(c, 2, 1, PROT_NONE);
	anon(c, 4, 1, RW);
	st_str(c, B(4), "xyz");
	long fd = memopen(c, O_RDWR);

	SC(SYS_pread64, fd, LB(4), 8, LB(2));
	ld(c, B(4), 8);
	SC(SYS_pwrite64, fd, LB(4), 3, LB(2) + 7);
	do_mprotect(c, B(2), PG, RO);
	ld(c, B(2), 12);
	pagemap(c, B(2), 1);
}

CASE(procmem_write_ro_private_file_breaks_cow)
{
	int f = mkfile(c, "/f", 2);

	anon(c, 0, 1, RW);
	anon(c, 4, 1, RW);
	st_str(c, B(4), "XY");
	do_mmap(c, B(2), 2 * PG, RO, PF, f, 0);
	long fd = memopen(c, O_RDWR);

	SC(SYS_pwrite64, fd, LB(4), 2, LB(2) + 1);
	ld(c, B(2), 4);
	pagemap(c, B(2), 2);
	do_pread(c, f, 4, 0);
	do_sync(c);
	hostfile(c, "/f", 0, 4);
	maps_range(c, B(2), B(4));
	/* the untouched page still reads the file */
	SC(SYS_pread64, fd, LB(4), 4, LB(3));
	ld(c, B(4), 4);
}

CASE(procmem_write_ro_shared_file_is_eio)
{
	int f = mkfile(c, "/f", 1);

	anon(c, 0, 1, RW);
	anon(c, 4, 1, RW);
	st_str(c, B(4), "XY");
	do_mmap(c, B(2), PG, RO, SF, f, 0);
	long fd = memopen(c, O_RDWR);

	SC(SYS_pwrite64, fd, LB(4), 2, LB(2));
	SC(SYS_pread64, fd, LB(4), 4, LB(2));
	ld(c, B(4), 4);
	do_pread(c, f, 4, 0);
}

CASE(procmem_hole_short_count_and_eio)
{
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	anon(c, 4, 1, RW);
	anon(c, 6, 2, RW);
	do_munmap(c, B(3), PG);
	st(c, B(2), 'a', PG);
	long fd = memopen(c, O_RDWR);

	SC(SYS_pread64, fd, LB(6), 2 * PG, LB(3) - 10);
	ld(c, B(6), 12);
	SC(SYS_pread64, fd, LB(6), 10, LB(3));
	SC(SYS_pwrite64, fd, LB(6), 2 * PG, LB(3) - 10);
	SC(SYS_pwrite64, fd, LB(6), 10, LB(3) + 5);
	seek(c, fd, LB(3) - 4, SEEK_SET, "B(3) - 4");
	SC(SYS_read, fd, LB(6), 100);
	seek(c, fd, 0, SEEK_CUR, "0, SEEK_CUR");
	SC(SYS_read, fd, LB(6), 100);
	seek(c, fd, 0, SEEK_CUR, "0, SEEK_CUR");
}

CASE(procmem_lseek)
{
	anon(c, 0, 1, RW);
	anon(c, 2, 1, RW);
	st_str(c, B(2), "seekme");
	long fd = memopen(c, O_RDONLY);

	seek(c, fd, LB(2), SEEK_SET, "B(2)");
	seek(c, fd, 2, SEEK_CUR, "2, SEEK_CUR");
	SC(SYS_read, fd, LB(2) + 100, 4);
	ld(c, B(2) + 100, 4);
	seek(c, fd, 0, SEEK_CUR, "0, SEEK_CUR");
	SC(SYS_lseek, fd, 0, SEEK_END);
	SC(SYS_lseek, fd, 0, 3);
	SC(SYS_lseek, fd, -1, SEEK_SET);
	SC(SYS_lseek, fd, -4096, SEEK_SET);
	SC(SYS_lseek, fd, 0x7fffffffffffffffL, SEEK_SET);
	SC(SYS_lseek, fd, 1, SEEK_CUR);
	SC(SYS_lseek, fd, 0x7ffffffff000L, SEEK_SET);
	SC(SYS_read, fd, LB(2), 4);
}
