// SPDX-License-Identifier: MIT
/*
 * Reclaim as far as its results are deterministic: MADV_COLD keeps pages
 * resident, MADV_PAGEOUT frees clean file pages mapped once (mincore
 * says so, and the data comes back on the next touch) but leaves dirty
 * ones and pages mapped twice, and /proc/meminfo and /proc/vmstat carry
 * the reclaim fields with Linux's arithmetic between them.  The host's
 * choice of victims under pressure is not compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diff.h"

/* Clean the host's page cache of the case file (mkfile wrote it). */
static int clean_file(struct ctx *c, int pages)
{
	int fd = mkfile(c, "/f", (unsigned long)pages);

	do_sync(c);
	return fd;
}

CASE(reclaim_cold_file_stays_resident)
{
	int fd = clean_file(c, 4);

	do_mmap(c, B(2), 4 * PG, RO, SF, fd, 0);
	ld(c, B(2), 4 * PG);
	do_madvise(c, B(2), 4 * PG, MADV_COLD);
	do_mincore(c, B(2), 4 * PG);
	ld(c, B(3), 8);
}

CASE(reclaim_pageout_clean_file_pages)
{
	int fd = clean_file(c, 4);

	do_mmap(c, B(2), 4 * PG, RO, SF, fd, 0);
	ld(c, B(2), 4 * PG);
	do_madvise(c, B(2), 2 * PG, MADV_PAGEOUT);
	do_mincore(c, B(2), 4 * PG);
	pagemap(c, B(2), 4);
	ld(c, B(2), 8);			/* read back from the file */
	ld(c, B(3) + PG - 8, 8);
	do_mincore(c, B(2), 4 * PG);
}

CASE(reclaim_pageout_private_file_pages)
{
	int fd = clean_file(c, 2);

	do_mmap(c, B(2), 2 * PG, RO, PF, fd, 0);
	ld(c, B(2), 2 * PG);
	do_madvise(c, B(2), 2 * PG, MADV_PAGEOUT);
	do_mincore(c, B(2), 2 * PG);
	ld(c, B(3), 4);
}

CASE(reclaim_pageout_dirty_shared_page_stays)
{
	int fd = clean_file(c, 2);

	do_mmap(c, B(2), 2 * PG, RW, SF, fd, 0);
	st(c, B(2), 0x5a, 16);
	ld(c, B(3), 4);
	do_madvise(c, B(2), 2 * PG, MADV_PAGEOUT);
	do_mincore(c, B(2), 2 * PG);
	ld(c, B(2), 16);
}

CASE(reclaim_pageout_skips_pages_mapped_twice)
{
	int fd = clean_file(c, 2);

	do_mmap(c, B(2), 2 * PG, RO, SF, fd, 0);
	do_mmap(c, B(6), 2 * PG, RO, SF, fd, 0);
	ld(c, B(2), 2 * PG);
	ld(c, B(6), PG);
	do_madvise(c, B(2), 2 * PG, MADV_PAGEOUT);
	do_mincore(c, B(2), 2 * PG);
}

CASE(reclaim_pageout_locked_is_einval)
{
	int fd = clean_file(c, 2);

	do_mmap(c, B(2), 2 * PG, RO, SF, fd, 0);
	do_mlock(c, B(2), 2 * PG);
	do_madvise(c, B(2), 2 * PG, MADV_PAGEOUT);
	do_madvise(c, B(2), 2 * PG, MADV_COLD);
	do_mincore(c, B(2), 2 * PG);
}

static long field(const char *text, const char *name, int *found)
{
	const char *p = text;
	size_t len = strlen(name);

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, name, len) && (p[len] == ':' || p[len] == ' ')) {
			*found = 1;
			return strtol(p + len + 1, NULL, 10);
		}
	}
	*found = 0;
	return 0;
}

CASE(reclaim_meminfo_fields_and_relations)
{
	static const char *const names[] = {
		"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached",
		"Active", "Inactive", "Active(anon)", "Inactive(anon)",
		"Active(file)", "Inactive(file)", "Unevictable", "Mlocked",
		"Dirty", "Writeback", "AnonPages", "Mapped", "Shmem",
		"KReclaimable", "Slab", "SReclaimable", "SUnreclaim",
	};
	char *buf = malloc(65536);
	long n = c->s->read_file(c->s, "/proc/meminfo", buf, 65535);
	long v[sizeof(names) / sizeof(names[0])];
	size_t i;
	int found;

	if (n < 0) {
		rec(c, "read /proc/meminfo: %s", errname(n));
		free(buf);
		return;
	}
	buf[n] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v[i] = field(buf, names[i], &found);
		rec(c, "%s: %s", names[i], found ? "present" : "missing");
	}
	rec(c, "Active = Active(anon) + Active(file): %d", v[5] == v[7] + v[9]);
	rec(c, "Inactive = Inactive(anon) + Inactive(file): %d", v[6] == v[8] + v[10]);
	rec(c, "MemFree, MemAvailable <= MemTotal: %d", v[1] <= v[0] && v[2] <= v[0]);
	rec(c, "Mlocked <= Unevictable: %d", v[12] <= v[11]);
	rec(c, "Slab = SReclaimable + SUnreclaim: %d", v[19] == v[20] + v[21]);
	rec(c, "KReclaimable >= SReclaimable: %d", v[18] >= v[20]);
	free(buf);
}

CASE(reclaim_vmstat_counters_present)
{
	static const char *const names[] = {
		"nr_inactive_anon", "nr_active_anon", "nr_inactive_file",
		"nr_active_file", "nr_unevictable", "nr_zone_inactive_file",
		"workingset_refault_anon", "workingset_refault_file",
		"workingset_activate_file", "workingset_restore_file",
		"nr_anon_pages", "nr_mapped", "nr_file_pages", "nr_dirty",
		"nr_writeback", "nr_shmem", "nr_vmscan_write", "pgactivate",
		"pgdeactivate", "pgfault", "pgmajfault", "pgrefill",
		"pgsteal_kswapd", "pgsteal_direct", "pgscan_kswapd",
		"pgscan_direct", "pgscan_anon", "pgscan_file", "pgsteal_anon",
		"pgsteal_file", "allocstall_normal", "pageoutrun",
		"drop_pagecache", "drop_slab", "oom_kill",
	};
	char *buf = malloc(1 << 16);
	long n = c->s->read_file(c->s, "/proc/vmstat", buf, (1 << 16) - 1);
	size_t i;
	int found;

	if (n < 0) {
		rec(c, "read /proc/vmstat: %s", errname(n));
		free(buf);
		return;
	}
	buf[n] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		field(buf, names[i], &found);
		rec(c, "%s: %s", names[i], found ? "present" : "missing");
	}
	free(buf);
}
