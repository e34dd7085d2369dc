// SPDX-License-Identifier: MIT
/*
 * Reclaim: pages on the LRU lists as they are faulted in and read,
 * activation by a second use, aging through the MMU's accessed bits,
 * kswapd and direct reclaim freeing file pages under pressure (dirty ones
 * written back to the host file first, data intact), mlocked pages left
 * alone, workingset refaults, MADV_COLD and MADV_PAGEOUT of file pages,
 * drop_caches, GFP_ATOMIC never reclaiming, the OOM killer (badness,
 * oom_score_adj, the report, the victim's memory freed), the generational
 * policy, fault injection through a pressure loop, and swap: an anonymous
 * working set larger than RAM swapped out (no OOM kill; without swap, one),
 * vm.swappiness 0 against 60, swap-cache pages freed or written again,
 * slot and write failures during reclaim.  mml_audit() runs
 * after every step: lists, flags and counters agree.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <mmlab/mmlab.h>
#include <linux/swapops.h>
#include <linux/vmscan.h>
#include "mm/internal.h"
#include "mm/swap.h"
#include "helpers.h"

#define MB (1UL << 20)

static char path[64];

static void make_file(unsigned long size)
{
	int fd;
	unsigned long off;
	char *buf = malloc(MB);

	snprintf(path, sizeof(path), "/tmp/mml_vmscan_XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	for (off = 0; off < size; off += MB) {
		unsigned long i;

		/* every 8-byte word holds its file offset */
		for (i = 0; i < MB; i += 8)
			*(unsigned long *)(buf + i) = off + i;
		cr_assert_eq(write(fd, buf, MB), (ssize_t)MB);
	}
	close(fd);
	free(buf);
}

static void remove_file(void)
{
	if (path[0])
		unlink(path);
	path[0] = 0;
}

static unsigned long vmstat(struct mml_machine *m, const char *name)
{
	char *buf = test_read_file(m, "/proc/vmstat"), *p;
	size_t len = strlen(name);
	unsigned long v = ~0UL;

	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, name, len) && p[len] == ' ') {
			v = strtoul(p + len + 1, NULL, 10);
			break;
		}
	}
	free(buf);
	cr_assert_neq(v, ~0UL, "no %s in /proc/vmstat", name);
	return v;
}

static unsigned long meminfo(struct mml_machine *m, const char *name)
{
	char *buf = test_read_file(m, "/proc/meminfo"), *p = strstr(buf, name);
	unsigned long v;

	cr_assert_not_null(p, "no %s in /proc/meminfo", name);
	v = strtoul(p + strlen(name), NULL, 10);
	free(buf);
	return v;
}

/* Map the whole file shared (or private) in @t, return its address. */
static unsigned long map_file(struct mml_task *t, unsigned long size, int prot,
			      int flags, int *fdp)
{
	long fd = mml_open(t, path, O_RDWR, 0);
	long a;

	cr_assert_geq(fd, 0, "open %s: %ld", path, fd);
	a = mml_mmap(t, 0, size, prot, flags, (int)fd, 0);
	cr_assert_lt((unsigned long)a, -4096UL, "mmap: %ld", a);
	*fdp = (int)fd;
	return (unsigned long)a;
}

static void swap_off_host(void);

static void teardown(void)
{
	remove_file();
	swap_off_host();
}

TestSuite(vmscan, .fini = teardown);

static struct page *page_of(struct mml_task *t, unsigned long va)
{
	struct task_struct *task = (struct task_struct *)t;
	pte_t *pte = pte_offset_map_mm(task->mm, va);

	cr_assert(pte && pte_present(*pte));
	return pfn_to_page(pte_pfn(*pte));
}

Test(vmscan, file_pages_join_the_lru_and_activate_on_second_read)
{
	struct mml_machine *m = test_machine(NULL);
	struct mml_task *t = mml_task_new(m, "lru");
	struct mml_page_lru info;
	char buf[16];
	int fd;
	unsigned long a;

	make_file(MB);
	a = map_file(t, MB, PROT_READ, MAP_SHARED, &fd);
	cr_assert_eq(mml_load(t, a, buf, 8), 0);
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, a)), &info), 0);
	cr_assert_str_eq(info.list, "lru_add", "no PG_lru until the batch drains");
	cr_assert_eq(info.refcount, 3, "the cache's, the PTE's, the batch's");
	cr_assert_eq(meminfo(m, "Inactive(file):"), 0, "Linux counts it once drained");
	lru_add_drain();
	test_audit(m);
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, a)), &info), 0);
	cr_assert_str_eq(info.list, "inactive_file");
	cr_assert_eq(info.refcount, 2);
	cr_assert_eq(info.young_ptes, 1, "the MMU set the accessed bit");
	/* read() twice: referenced, then active (mark_page_accessed) */
	cr_assert_eq(mml_pread(t, fd, buf, 8, 4096), 8);
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, a)), &info), 0);
	cr_assert_str_eq(info.list, "inactive_file");
	cr_assert_eq(mml_pread(t, fd, buf, 8, 0), 8);
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, a)), &info), 0);
	cr_assert_eq(info.referenced, 1);
	cr_assert_eq(mml_pread(t, fd, buf, 8, 0), 8);
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, a)), &info), 0);
	cr_assert_str_eq(info.list, "active_file");
	cr_assert_geq(vmstat(m, "pgactivate"), 1);
	cr_assert_geq(meminfo(m, "Active(file):"), 4);
	test_audit(m);
	mml_exit(t, 0);
	test_audit(m);
	cr_assert_eq(meminfo(m, "Active(file):") + meminfo(m, "Inactive(file):"), 0,
		     "the last close drops the cache and the LRU pages with it");
	mml_machine_free(m);
}

Test(vmscan, anon_pages_on_the_anon_list_mlocked_on_unevictable)
{
	struct mml_machine *m = test_machine(NULL);
	struct mml_task *t = mml_task_new(m, "anon");
	struct mml_page_lru info;
	long a = mml_mmap(t, 0, 4 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char c = 1;

	cr_assert_lt((unsigned long)a, -4096UL);
	cr_assert_eq(mml_store(t, (unsigned long)a, &c, 1), 0);
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, (unsigned long)a)), &info), 0);
	cr_assert_str_eq(info.list, "lru_add");
	test_audit(m);
	lru_add_drain();
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, (unsigned long)a)), &info), 0);
	cr_assert_str_eq(info.list, "inactive_anon");
	cr_assert_eq(mml_mlock(t, (unsigned long)a, 4 * 4096), 0);
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, (unsigned long)a)), &info), 0);
	cr_assert_str_eq(info.list, "unevictable");
	cr_assert_eq(info.mlocked, 1);
	cr_assert_eq(meminfo(m, "Unevictable:"), 16);
	test_audit(m);
	cr_assert_eq(mml_munlock(t, (unsigned long)a, 4 * 4096), 0);
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, (unsigned long)a)), &info), 0);
	cr_assert_str_eq(info.list, "inactive_anon");
	cr_assert_eq(meminfo(m, "Unevictable:"), 0);
	test_audit(m);
	mml_machine_free(m);
}

/* Read every page of a file bigger than RAM through a mapping. */
static void scan_file(struct mml_machine *m, struct mml_task *t, unsigned long a,
		      unsigned long size, bool audit_often)
{
	unsigned long off, v;

	for (off = 0; off < size; off += 4096) {
		cr_assert_eq(mml_load(t, a + off, &v, 8), 0, "load at %#lx", off);
		cr_assert_eq(v, off, "data at %#lx", off);
		if (audit_often && !(off & (8 * MB - 1)))
			test_audit(m);
	}
}

static void pressure_file(const char *cmdline)
{
	struct mml_machine *m = test_machine_ram(48 * MB, cmdline);
	struct mml_task *t = mml_task_new(m, "reader");
	unsigned long a, size = 96 * MB;
	int fd;

	make_file(size);
	a = map_file(t, size, PROT_READ, MAP_PRIVATE, &fd);
	scan_file(m, t, a, size, true);
	cr_assert_gt(vmstat(m, "pgsteal_kswapd") + vmstat(m, "pgsteal_direct"), 0);
	cr_assert_gt(vmstat(m, "pgscan_file"), 0);
	cr_assert_eq(vmstat(m, "oom_kill"), 0, "clean file pages need no OOM kill");
	/* a second pass refaults what was evicted */
	scan_file(m, t, a, size, false);
	cr_assert_gt(vmstat(m, "workingset_refault_file"), 0);
	test_audit(m);
	mml_machine_free(m);
}

Test(vmscan, clean_file_pages_are_reclaimed_under_pressure)
{
	pressure_file(NULL);
}

Test(vmscan, generational_policy_reclaims_too)
{
	struct mml_machine *m = test_machine_ram(48 * MB, "lru=gen");

	cr_assert_str_eq(mml_lru_policy(m), "gen");
	mml_machine_free(m);
	pressure_file("lru=gen");
}

Test(vmscan, bad_lru_policy_refuses_to_boot)
{
	struct mml_config cfg;
	char msg[256];
	int err;

	mml_config_init(&cfg);
	cfg.cmdline = "lru=fifo";
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
	cr_assert_eq(err, -EINVAL);
	cr_assert(strstr(msg, "lru="), "%s", msg);
}

Test(vmscan, dirty_shared_pages_are_written_back_before_eviction)
{
	struct mml_machine *m = test_machine_ram(48 * MB, NULL);
	struct mml_task *t = mml_task_new(m, "writer");
	unsigned long a, off, size = 80 * MB, v;
	int fd, hfd;

	make_file(size);
	a = map_file(t, size, PROT_READ | PROT_WRITE, MAP_SHARED, &fd);
	for (off = 0; off < size; off += 4096) {
		v = ~off;
		cr_assert_eq(mml_store(t, a + off, &v, 8), 0);
	}
	test_audit(m);
	cr_assert_gt(vmstat(m, "nr_vmscan_write"), 0, "reclaim wrote dirty pages");
	/* Evicted pages are on the host file already: read it directly. */
	hfd = open(path, O_RDONLY);
	cr_assert_geq(hfd, 0);
	cr_assert_eq(pread(hfd, &v, 8, 0), 8);
	cr_assert_eq(v, ~0UL, "the first page was evicted after its writeback");
	close(hfd);
	for (off = 0; off < size; off += 4096) {
		cr_assert_eq(mml_load(t, a + off, &v, 8), 0);
		cr_assert_eq(v, ~off, "page at %#lx", off);
	}
	test_audit(m);
	mml_machine_free(m);
}

Test(vmscan, kswapd_step_clears_accessed_bits_and_deactivates)
{
	struct mml_machine *m = test_machine_ram(48 * MB, "kswapd=manual");
	struct mml_task *t = mml_task_new(m, "aging");
	struct mml_page_lru info;
	unsigned long a, size = 8 * MB;
	int fd;
	char buf[8];

	make_file(size);
	a = map_file(t, size, PROT_READ, MAP_SHARED, &fd);
	scan_file(m, t, a, size, false);
	cr_assert_eq(mml_pread(t, fd, buf, 8, 0), 8);
	cr_assert_eq(mml_pread(t, fd, buf, 8, 0), 8);	/* activates page 0 */
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, a)), &info), 0);
	cr_assert_str_eq(info.list, "active_file");
	cr_assert_eq(info.young_ptes, 1);
	/* Plenty free: a woken kswapd finds the zones balanced. */
	cr_assert_eq(mml_kswapd(m, 1), 0);
	cr_assert_eq(mml_kswapd_pending(m), 0);
	/* Raise the watermarks above what is free: now it must work. */
	cr_assert_eq(mml_sysctl_set(m, "vm.min_free_kbytes", 44 * 1024), 0);
	cr_assert_gt(mml_kswapd(m, 1), 0);
	cr_assert_gt(vmstat(m, "pgscan_kswapd"), 0);
	cr_assert_gt(vmstat(m, "pageoutrun"), 0);
	test_audit(m);
	mml_machine_free(m);
}

Test(vmscan, mlocked_file_pages_survive_pressure)
{
	struct mml_machine *m = test_machine_ram(48 * MB, NULL);
	struct mml_task *t = mml_task_new(m, "locked");
	struct mml_task *r = mml_task_new(m, "reader");
	unsigned long a, b, size = 80 * MB, pfn0;
	int fd, fd2;
	struct mml_page_lru info;

	make_file(size);
	a = map_file(t, 4 * MB, PROT_READ, MAP_SHARED, &fd);
	cr_assert_eq(mml_mlock(t, a, 4 * MB), 0);
	pfn0 = page_to_pfn(page_of(t, a));
	b = map_file(r, size, PROT_READ, MAP_SHARED, &fd2);
	scan_file(m, r, b, size, false);
	cr_assert_gt(vmstat(m, "pgsteal_kswapd") + vmstat(m, "pgsteal_direct"), 0);
	cr_assert_eq(page_to_pfn(page_of(t, a)), pfn0, "the mlocked page stayed");
	cr_assert_eq(mml_page_lru(m, pfn0, &info), 0);
	cr_assert_str_eq(info.list, "unevictable");
	cr_assert_geq(meminfo(m, "Mlocked:"), 4096);
	test_audit(m);
	mml_machine_free(m);
}

Test(vmscan, madv_cold_deactivates_and_pageout_frees_file_pages)
{
	struct mml_machine *m = test_machine(NULL);
	struct mml_task *t = mml_task_new(m, "cold");
	struct mml_page_lru info;
	unsigned char vec[16];
	unsigned long a, pfn;
	char buf[8];
	int fd, i;

	make_file(16 * 4096);
	a = map_file(t, 16 * 4096, PROT_READ, MAP_SHARED, &fd);
	for (i = 0; i < 16; i++)
		cr_assert_eq(mml_load(t, a + (unsigned long)i * 4096, buf, 1), 0);
	cr_assert_eq(mml_pread(t, fd, buf, 8, 0), 8);
	cr_assert_eq(mml_pread(t, fd, buf, 8, 0), 8);
	pfn = page_to_pfn(page_of(t, a));
	cr_assert_eq(mml_page_lru(m, pfn, &info), 0);
	cr_assert_str_eq(info.list, "lru_add");
	cr_assert(info.active, "activated in the batch (__lru_cache_activate_folio)");
	lru_add_drain();
	cr_assert_eq(mml_page_lru(m, pfn, &info), 0);
	cr_assert_str_eq(info.list, "active_file");
	cr_assert_eq(mml_madvise(t, a, 8 * 4096, MADV_COLD), 0);
	cr_assert_eq(mml_page_lru(m, pfn, &info), 0);
	cr_assert_str_eq(info.list, "inactive_file");
	cr_assert_eq(info.young_ptes, 0);
	test_audit(m);
	cr_assert_eq(mml_madvise(t, a + 8 * 4096, 8 * 4096, MADV_PAGEOUT), 0);
	cr_assert_eq(mml_mincore(t, a, 16 * 4096, vec), 0);
	for (i = 0; i < 16; i++)
		cr_assert_eq(vec[i] & 1, i < 8, "page %d resident %d", i, vec[i]);
	test_audit(m);
	mml_machine_free(m);
}

Test(vmscan, drop_caches_drops_clean_unmapped_pages)
{
	struct mml_machine *m = test_machine(NULL);
	struct mml_task *t = mml_task_new(m, "drop");
	char *buf = malloc(MB);
	long fd;
	unsigned long cached;

	make_file(4 * MB);
	fd = mml_open(t, path, O_RDWR, 0);
	cr_assert_geq(fd, 0);
	cr_assert_eq(mml_pread(t, (int)fd, buf, MB, 0), (long)MB);
	cr_assert_eq(mml_pwrite(t, (int)fd, buf, 4096, MB), 4096);	/* dirty */
	cached = meminfo(m, "Cached:");
	cr_assert_geq(cached, 1028);
	cr_assert_eq(mml_sysctl_set(m, "vm.drop_caches", 3), 0);
	cr_assert_eq(meminfo(m, "Cached:"), 4, "only the dirty page stays");
	cr_assert_eq(vmstat(m, "drop_pagecache"), 1);
	cr_assert_eq(mml_sysctl_set(m, "vm.drop_caches", 5), -EINVAL);
	test_audit(m);
	free(buf);
	mml_machine_free(m);
}

Test(vmscan, atomic_allocations_never_reclaim)
{
	struct mml_machine *m = test_machine(NULL);
	unsigned int atomic, kernel;

	cr_assert_eq(mml_gfp_parse("GFP_ATOMIC", &atomic), 0);
	cr_assert_eq(mml_gfp_parse("GFP_KERNEL", &kernel), 0);
	cr_assert_eq(mml_reclaim(m, atomic), 0);
	cr_assert_eq(vmstat(m, "allocstall_normal") + vmstat(m, "allocstall_dma32"), 0);
	mml_reclaim(m, kernel);
	cr_assert_eq(vmstat(m, "allocstall_normal") + vmstat(m, "allocstall_dma32"), 1);
	mml_machine_free(m);
}

/* Dirty @mb MiB of anonymous memory in @t; return the first signal. */
static int eat_anon(struct mml_task *t, unsigned long mb)
{
	long a = mml_mmap(t, 0, mb * MB, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long off;
	int sig;

	cr_assert_lt((unsigned long)a, -4096UL);
	for (off = 0; off < mb * MB; off += 4096) {
		sig = mml_store(t, (unsigned long)a + off, &off, 8);
		if (sig)
			return sig;
	}
	return 0;
}

Test(vmscan, oom_kills_the_biggest_task_and_frees_its_memory)
{
	struct mml_machine *m = test_machine_ram(64 * MB, NULL);
	struct mml_task *small = mml_task_new(m, "small");
	struct mml_task *big = mml_task_new(m, "big");
	struct mml_task *last = mml_task_new(m, "last");
	char *log, score[16];
	unsigned long free_before;
	int sig;

	cr_assert_eq(eat_anon(small, 2), 0);
	cr_assert_eq(eat_anon(big, 40), 0);
	cr_assert_gt(mml_read_file(big, "/proc/self/oom_score", score, sizeof(score)), 0);
	cr_assert_gt(atoi(score), 500, "oom_score %s", score);
	test_audit(m);
	/* "last" now needs more than is left: the OOM killer picks "big". */
	sig = eat_anon(last, 30);
	cr_assert_eq(sig, 0, "the allocating task survives: %d", sig);
	cr_assert_eq(vmstat(m, "oom_kill"), 1);
	cr_assert(mml_task_oom_killed(big));
	cr_assert(!mml_task_oom_killed(small) && !mml_task_oom_killed(last));
	log = test_read_file(m, "dmesg");
	cr_assert(strstr(log, "last invoked oom-killer: gfp_mask=0x"), "%s", log);
	cr_assert(strstr(log, "Mem-Info:"));
	cr_assert(strstr(log, "Tasks state (memory values in pages):"));
	cr_assert(strstr(log, "Out of memory: Killed process 2 (big) total-vm:"), "%s", log);
	cr_assert(strstr(log, "UID:0 pgtables:"));
	cr_assert(strstr(log, "oom_reaper: reaped process 2 (big), now anon-rss:0kB"));
	free(log);
	/* The victim's accesses get SIGKILL; its memory is back. */
	free_before = meminfo(m, "MemFree:");
	cr_assert_eq(mml_store(big, 0x10000000, &sig, 1), 9);
	cr_assert_eq(meminfo(m, "MemFree:"), free_before);
	test_audit(m);
	mml_machine_free(m);
}

Test(vmscan, oom_score_adj_protects_and_targets)
{
	struct mml_machine *m = test_machine_ram(64 * MB, NULL);
	struct mml_task *big = mml_task_new(m, "big");
	struct mml_task *small = mml_task_new(m, "small");
	struct mml_task *hog = mml_task_new(m, "hog");
	char buf[16], *log, *first;

	cr_assert_eq(mml_set_oom_score_adj(big, -1000), 0);
	cr_assert_eq(mml_set_oom_score_adj(small, 1000), 0);
	cr_assert_eq(mml_set_oom_score_adj(small, 1001), -EINVAL);
	cr_assert_gt(mml_read_file(small, "/proc/self/oom_score_adj", buf, sizeof(buf)), 0);
	cr_assert_eq(atoi(buf), 1000);
	cr_assert_eq(eat_anon(big, 30), 0);
	cr_assert_eq(eat_anon(small, 2), 0);
	cr_assert_gt(mml_read_file(big, "/proc/self/oom_score", buf, sizeof(buf)), 0);
	cr_assert_eq(atoi(buf), 0, "adj -1000: never killed");
	eat_anon(hog, 40);	/* 72 MiB in all: the hog may die second */
	log = test_read_file(m, "dmesg");
	first = strstr(log, "Out of memory: Killed process");
	cr_assert_not_null(first);
	cr_assert(!strncmp(first, "Out of memory: Killed process 2 (small)", 39),
		  "adj 1000 makes the small task the first victim: %.60s", first);
	cr_assert(mml_task_oom_killed(small));
	cr_assert(!mml_task_oom_killed(big), "adj -1000: never killed");
	free(log);
	test_audit(m);
	mml_machine_free(m);
}

Test(vmscan, the_allocating_task_may_be_the_victim)
{
	struct mml_machine *m = test_machine_ram(64 * MB, NULL);
	struct mml_task *hog = mml_task_new(m, "hog");
	int sig;

	cr_assert_eq(mml_sysctl_set(m, "vm.overcommit_memory", 1), 0);
	sig = eat_anon(hog, 80);
	cr_assert_eq(sig, 9, "SIGKILL, got %d", sig);
	cr_assert(mml_task_oom_killed(hog));
	cr_assert_lt(meminfo(m, "AnonPages:"), 1024, "its memory was freed");
	test_audit(m);
	mml_machine_free(m);
}

/* Fail the Nth page or slab allocation of a pressure loop; never break. */
Test(vmscan, fault_injection_through_reclaim)
{
	int kind, nth;

	make_file(64 * MB);
	for (kind = 0; kind < 2; kind++) {
		for (nth = 0; nth < 400; nth += 37) {
			struct mml_machine *m = test_machine_ram(32 * MB, NULL);
			struct mml_task *t = mml_task_new(m, "inject");
			unsigned long a, off, v;
			int fd;

			a = map_file(t, 64 * MB, PROT_READ, MAP_SHARED, &fd);
			for (off = 0; off < 24 * MB; off += 4096)
				cr_assert_eq(mml_load(t, a + off, &v, 8), 0);
			mml_fail_nth(m, kind ? MML_FAIL_SLAB : MML_FAIL_PAGE_ALLOC, nth);
			for (; off < 64 * MB; off += 4096) {
				int sig = mml_load(t, a + off, &v, 8);

				cr_assert(sig == 0 || sig == 9 || sig == 7, "sig %d", sig);
				if (sig == 0)
					cr_assert_eq(v, off);
			}
			mml_fail_nth(m, kind ? MML_FAIL_SLAB : MML_FAIL_PAGE_ALLOC, -1);
			test_audit(m);
			mml_machine_free(m);
		}
	}
}

/* A refault within the active list's size is activated at once. */
Test(vmscan, workingset_refault_distance_decides_activation)
{
	struct mml_machine *m = test_machine(NULL);
	struct mml_task *t = mml_task_new(m, "ws");
	struct mml_page_lru info;
	unsigned long a, i;
	char buf[8];
	int fd;

	make_file(32 * 4096);
	a = map_file(t, 32 * 4096, PROT_READ, MAP_SHARED, &fd);
	for (i = 0; i < 32; i++)
		cr_assert_eq(mml_load(t, a + i * 4096, buf, 1), 0);
	for (i = 16; i < 24; i++) {	/* 8 active file pages */
		cr_assert_eq(mml_pread(t, fd, buf, 1, (long)(i * 4096)), 1);
		cr_assert_eq(mml_pread(t, fd, buf, 1, (long)(i * 4096)), 1);
	}
	cr_assert_eq(meminfo(m, "Active(file):"), 32);
	/* Evict page 0 and read it back: distance 0, activated. */
	cr_assert_eq(mml_madvise(t, a, 4096, MADV_PAGEOUT), 0);
	cr_assert_eq(mml_load(t, a, buf, 1), 0);
	cr_assert_eq(vmstat(m, "workingset_refault_file"), 1);
	cr_assert_eq(vmstat(m, "workingset_activate_file"), 1);
	lru_add_drain();	/* the refaulted page joins the LRU */
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, a)), &info), 0);
	cr_assert_str_eq(info.list, "active_file");
	/* Evict page 1, then 12 more: its distance (12) exceeds the active
	 * list (9 pages), so it comes back inactive. */
	cr_assert_eq(mml_madvise(t, a + 4096, 4096, MADV_PAGEOUT), 0);
	cr_assert_eq(mml_madvise(t, a + 2 * 4096, 12 * 4096, MADV_PAGEOUT), 0);
	cr_assert_eq(mml_load(t, a + 4096, buf, 1), 0);
	cr_assert_eq(vmstat(m, "workingset_refault_file"), 2);
	cr_assert_eq(vmstat(m, "workingset_activate_file"), 1);
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, a + 4096)), &info), 0);
	cr_assert_str_eq(info.list, "lru_add");
	cr_assert(!info.active);
	lru_add_drain();
	cr_assert_eq(mml_page_lru(m, page_to_pfn(page_of(t, a + 4096)), &info), 0);
	cr_assert_str_eq(info.list, "inactive_file");
	test_audit(m);
	/* Truncation drops the shadows with the pages. */
	cr_assert_eq(mml_munmap(t, a, 32 * 4096), 0);
	cr_assert_eq(mml_ftruncate(t, fd, 0), 0);
	test_audit(m);
	mml_machine_free(m);
}

/* A victim's mlocked memory is munlocked once and freed. */
Test(vmscan, oom_victim_with_mlocked_memory)
{
	struct mml_machine *m = test_machine_ram(64 * MB, NULL);
	struct mml_task *locked = mml_task_new(m, "locked");
	struct mml_task *hog = mml_task_new(m, "hog");
	long a = mml_mmap(locked, 0, 40 * MB, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);

	cr_assert_lt((unsigned long)a, -4096UL);
	cr_assert_geq(meminfo(m, "Mlocked:"), 40 * 1024);
	test_audit(m);
	eat_anon(hog, 30);
	cr_assert(mml_task_oom_killed(locked));
	cr_assert_eq(meminfo(m, "Mlocked:"), 0);
	cr_assert_eq(meminfo(m, "Unevictable:"), 0);
	test_audit(m);
	mml_exit(locked, 0);
	test_audit(m);
	mml_machine_free(m);
}

/* --- reclaim meets swap ------------------------------------------------- */

static char swap_path[64];

/* A host swap file of @mb MiB, formatted and on in @m (as @t). */
static void swap_on_host(struct mml_task *t, unsigned long mb)
{
	int fd;

	snprintf(swap_path, sizeof(swap_path), "/tmp/mml_vmscan_swap_XXXXXX");
	fd = mkstemp(swap_path);
	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(mml_mkswap(t, swap_path, mb * MB, NULL), 0);
	cr_assert_eq(mml_swapon(t, swap_path, 0), 0);
}

static void swap_off_host(void)
{
	if (swap_path[0])
		unlink(swap_path);
	swap_path[0] = 0;
}

/* Every page of [a, a + mb) holds its offset (as eat_anon() wrote it). */
static void check_anon(struct mml_task *t, unsigned long a, unsigned long mb)
{
	unsigned long off, v;

	for (off = 0; off < mb * MB; off += 4096) {
		cr_assert_eq(mml_load(t, a + off, &v, 8), 0, "load at %#lx", off);
		cr_assert_eq(v, off, "page at %#lx", off);
	}
}

/* MAP_NORESERVE: larger than RAM passes the overcommit heuristic. */
static long anon_map(struct mml_task *t, unsigned long mb)
{
	long a = mml_mmap(t, 0, mb * MB, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	cr_assert_lt((unsigned long)a, -4096UL);
	return a;
}

static void write_anon(struct mml_task *t, unsigned long a, unsigned long mb)
{
	unsigned long off;

	for (off = 0; off < mb * MB; off += 4096)
		cr_assert_eq(mml_store(t, a + off, &off, 8), 0, "store at %#lx", off);
}

/*
 * A 32 MiB machine with 64 MiB of swap runs a 48 MiB anonymous working
 * set: kswapd and direct reclaim swap the cold pages out, nobody is
 * OOM-killed, and touching them back is a major fault per page read.
 */
static void swap_working_set(const char *cmdline)
{
	struct mml_machine *m = test_machine_ram(32 * MB, cmdline);
	struct mml_task *t = mml_task_new(m, "big");
	unsigned long a, total, majflt, pswpin;

	swap_on_host(t, 64);
	total = meminfo(m, "SwapTotal:");
	cr_assert_eq(meminfo(m, "SwapFree:"), total);
	a = (unsigned long)anon_map(t, 48);
	write_anon(t, a, 48);
	test_audit(m);
	cr_assert_eq(vmstat(m, "oom_kill"), 0, "swap takes the anonymous pages");
	cr_assert(!mml_task_oom_killed(t));
	cr_assert_gt(vmstat(m, "pswpout"), 4096, "at least 16 MiB went out");
	cr_assert_gt(vmstat(m, "pgsteal_anon"), 0);
	cr_assert_gt(vmstat(m, "pgscan_anon"), 0);
	cr_assert_lt(meminfo(m, "SwapFree:"), total - 16 * 1024);
	majflt = vmstat(m, "pgmajfault");
	pswpin = vmstat(m, "pswpin");
	check_anon(t, a, 48);
	test_audit(m);
	cr_assert_gt(vmstat(m, "pgmajfault"), majflt + 1000, "re-touch: major faults");
	cr_assert_gt(vmstat(m, "pswpin"), pswpin + 1000);
	cr_assert_eq(vmstat(m, "oom_kill"), 0);
	/* Swapped-in pages are on the anon LRU, their swap cache counted. */
	cr_assert_gt(meminfo(m, "Inactive(anon):") + meminfo(m, "Active(anon):"),
		     8 * 1024);
	cr_assert_eq(mml_munmap(t, a, 48 * MB), 0);
	test_audit(m);
	cr_assert_eq(meminfo(m, "SwapFree:"), total, "every slot freed");
	cr_assert_eq(meminfo(m, "SwapCached:"), 0);
	mml_machine_free(m);
}

Test(vmscan, swap_lets_anon_working_set_exceed_ram)
{
	swap_working_set(NULL);
}

Test(vmscan, swap_lets_anon_working_set_exceed_ram_lru_gen)
{
	swap_working_set("lru=gen");
	swap_off_host();
}

/* The same working set without swap: the OOM killer takes the task. */
Test(vmscan, without_swap_the_same_working_set_is_oom_killed)
{
	struct mml_machine *m = test_machine_ram(32 * MB, NULL);
	struct mml_task *t = mml_task_new(m, "big");

	long a = anon_map(t, 48);
	unsigned long off;
	int sig = 0;

	for (off = 0; off < 48 * MB && !sig; off += 4096)
		sig = mml_store(t, (unsigned long)a + off, &off, 8);
	cr_assert_eq(sig, 9, "SIGKILL at %#lx", off);
	cr_assert_eq(vmstat(m, "oom_kill"), 1);
	cr_assert(mml_task_oom_killed(t));
	cr_assert_eq(vmstat(m, "pswpout"), 0);
	test_audit(m);
	mml_machine_free(m);
}

/*
 * vm.swappiness=0: with plenty of file pages, reclaim leaves the
 * anonymous ones alone; at the default 60 it swaps some of them too.
 */
Test(vmscan, swappiness_zero_prefers_file_pages)
{
	int pass;

	make_file(64 * MB);
	for (pass = 0; pass < 2; pass++) {
		struct mml_machine *m = test_machine_ram(64 * MB, "kswapd=manual");
		struct mml_task *t = mml_task_new(m, "mixed");
		unsigned long a, f, off, v;
		unsigned int gfp;
		int fd;

		swap_on_host(t, 64);
		cr_assert_eq(mml_sysctl_set(m, "vm.swappiness", pass ? 60 : 0), 0);
		a = (unsigned long)anon_map(t, 16);
		write_anon(t, a, 16);
		f = map_file(t, 64 * MB, PROT_READ, MAP_SHARED, &fd);
		for (off = 0; off < 24 * MB; off += 4096)
			cr_assert_eq(mml_load(t, f + off, &v, 8), 0);
		/* Both cold: accessed bits cleared, on the inactive lists. */
		cr_assert_eq(mml_madvise(t, a, 16 * MB, 20 /* MADV_COLD */), 0);
		cr_assert_eq(mml_madvise(t, f, 24 * MB, 20), 0);
		cr_assert_eq(mml_gfp_parse("GFP_KERNEL", &gfp), 0);
		for (off = 0; off < 8; off++)
			v = (unsigned long)mml_reclaim(m, gfp);
		test_audit(m);
		if (pass)
			cr_assert_gt(vmstat(m, "pswpout"), 0, "swappiness 60 swaps");
		else
			cr_assert_eq(vmstat(m, "pswpout"), 0, "swappiness 0 keeps anon");
		cr_assert_gt(vmstat(m, "pgsteal_file"), 0, "pass %d: reclaimed %lu scanned file %lu anon %lu", pass, v,
			     vmstat(m, "pgscan_file"), vmstat(m, "pgscan_anon"));
		check_anon(t, a, 16);
		mml_machine_free(m);
		swap_off_host();
	}
}

/*
 * Fault injection in reclaim's pageout: no slot, or the write failing,
 * leaves the page mapped or in the swap cache with its data; nothing
 * leaks (every page and slot back after munmap).
 */
Test(vmscan, swap_failures_during_reclaim_keep_the_page)
{
	enum mml_fail_kind kinds[] = { MML_FAIL_SWAP_SLOT, MML_FAIL_SWAP_WRITE };
	unsigned long free0 = 0;
	unsigned int k;
	long nth;

	for (k = 0; k < 2; k++) {
		for (nth = -1; nth < 64; nth += 13) {
			struct mml_machine *m = test_machine_ram(32 * MB, NULL);
			struct mml_task *t = mml_task_new(m, "inject");
			unsigned long a, total;

			swap_on_host(t, 64);
			total = meminfo(m, "SwapTotal:");
			a = (unsigned long)anon_map(t, 40);
			mml_fail_nth(m, kinds[k], nth);
			write_anon(t, a, 40);
			mml_fail_nth(m, kinds[k], -1);
			test_audit(m);
			if (k == 1 && nth >= 0) {
				char *log = test_read_file(m, "dmesg");

				cr_assert(strstr(log, "Write-error on swap-device"),
					  "the injected write failed");
				free(log);
			}
			cr_assert_eq(vmstat(m, "oom_kill"), 0);
			check_anon(t, a, 40);
			cr_assert_eq(mml_munmap(t, a, 40 * MB), 0);
			test_audit(m);
			cr_assert_eq(meminfo(m, "SwapFree:"), total, "no slot leaked");
			cr_assert_eq(meminfo(m, "SwapCached:"), 0);
			/* As much free as after the same run without failures. */
			if (nth < 0)
				free0 = meminfo(m, "MemFree:");
			cr_assert_eq(meminfo(m, "MemFree:"), free0,
				     "no page leaked (kind %u nth %ld)", k, nth);
			mml_machine_free(m);
			swap_off_host();
		}
	}
}

/*
 * shrink_folio_list() on swap-cache pages: a clean, unmapped one leaves
 * the cache and is freed with no write; a dirty one is written again
 * first.  Reclaim's reference is the only one left when it frees.
 */
Test(vmscan, swap_cache_pages_freed_dirty_ones_written_again)
{
	struct mml_machine *m = test_machine_ram(32 * MB, NULL);
	struct mml_task *t = mml_task_new(m, "cache");
	struct task_struct *ts = (struct task_struct *)t;
	unsigned long a, out0, i, v;
	struct page *pages[2];
	LIST_HEAD(list);

	swap_on_host(t, 4);
	a = (unsigned long)anon_map(t, 1);
	write_anon(t, a, 1);
	cr_assert_eq(mml_madvise(t, a, 2 * 4096, 21 /* MADV_PAGEOUT */), 0);
	test_audit(m);
	cr_assert_eq(meminfo(m, "SwapCached:"), 8, "both written, still cached");
	out0 = vmstat(m, "pswpout");
	for (i = 0; i < 2; i++) {
		pte_t *ptep = pte_offset_map_mm(ts->mm, a + i * 4096);

		cr_assert(ptep && is_swap_pte(*ptep));
		pages[i] = swap_cache_get_page(pte_to_swp_entry(*ptep));
		cr_assert_not_null(pages[i]);
		cr_assert(PageLRU(pages[i]) && !PageDirty(pages[i]));
	}
	SetPageDirty(pages[1]);		/* as if written after a swap-in */
	for (i = 0; i < 2; i++) {
		cr_assert(isolate_lru_page(pages[i]));
		put_page(pages[i]);
		list_add_tail(&pages[i]->lru, &list);
	}
	cr_assert_eq(reclaim_pages(&list), 2);
	test_audit(m);
	cr_assert_eq(vmstat(m, "pswpout"), out0 + 1, "only the dirty one written");
	cr_assert_eq(meminfo(m, "SwapCached:"), 0);
	/* Both come back from the area with their data. */
	for (i = 0; i < 2; i++) {
		cr_assert_eq(mml_load(t, a + i * 4096, &v, 8), 0);
		cr_assert_eq(v, i * 4096);
	}
	cr_assert_eq(vmstat(m, "pswpin"), 2);
	test_audit(m);
	mml_machine_free(m);
}
