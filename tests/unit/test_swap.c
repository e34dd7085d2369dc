// SPDX-License-Identifier: MIT
/*
 * Swap: mkswap's header, swapon/swapoff errors and priorities, /proc/swaps,
 * the x86-64 swap PTE encoding, MADV_PAGEOUT and swap-in (contents, major
 * faults, pagemap, smaps, meminfo, vmstat), fork with swapped pages,
 * MADV_DONTNEED freeing slots, swapoff bringing pages back, and fault
 * injection (no slot, host write error, host read error, no page at
 * swap-in, no page at swapoff).  Every audit after every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/sched.h>
#include <linux/swapops.h>
#include <linux/fs.h>
#include <asm/syscall_nr.h>
#include <mmlab/mmlab.h>
#include "mm/internal.h"
#include "mm/swap.h"
#include <linux/vmscan.h>
#include "helpers.h"

#define MADV_DONTNEED	4
#define MADV_WILLNEED	3
#define MADV_PAGEOUT	21
#define SIGBUS		7
#define SIGKILL		9

static char root[64];
static struct mml_machine *m;
static struct mml_task *t;

static void setup(void)
{
	struct mml_config cfg;
	char msg[256];
	int err;

	strcpy(root, "/tmp/mmlab-test-swap-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	mml_config_init(&cfg);
	cfg.ram_size = 128ULL << 20;
	cfg.cmdline = "page_poison=on";
	cfg.root = root;
	m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	cr_assert_not_null(m, "boot failed: %d %s", err, msg);
	test_use_machine(m);
	t = mml_task_new(m, "swapper");
	cr_assert_not_null(t);
}

static void teardown(void)
{
	char cmd[128];

	mml_machine_free(m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(swap, .init = setup, .fini = teardown);

static void audit(void)
{
	cr_assert_eq(mml_audit(m), 0, "audit: %s", mml_last_error(m));
}

static unsigned long meminfo_kb(const char *key)
{
	static char buf[8192];
	char *p;

	cr_assert_gt(mml_read_file(t, "/proc/meminfo", buf, sizeof(buf)), 0);
	p = strstr(buf, key);
	cr_assert_not_null(p, "no %s in meminfo", key);
	return strtoul(p + strlen(key), NULL, 10);
}

static unsigned long vmstat(const char *key)
{
	static char buf[16384];
	char k[64], *p;

	cr_assert_gt(mml_read_file(t, "/proc/vmstat", buf, sizeof(buf)), 0);
	snprintf(k, sizeof(k), "\n%s ", key);
	p = strstr(buf, k);
	cr_assert_not_null(p, "no %s in vmstat", key);
	return strtoul(p + strlen(k), NULL, 10);
}

static uint64_t pagemap(struct mml_task *tk, unsigned long va)
{
	uint64_t e = 0;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/pagemap", mml_task_pid(tk));
	cr_assert_eq(mml_read_file_at(tk, path, &e, 8, (long)(va >> 12) * 8), 8);
	return e;
}

#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)

/* A swap area of @pages pages at @name, on. */
static void swap_on(const char *name, unsigned long pages)
{
	cr_assert_eq(mml_mkswap(t, name, pages << 12, NULL), 0);
	cr_assert_eq(mml_swapon(t, name, 0), 0);
	audit();
}

/* @n pages at a fresh anonymous mapping, page i filled with i + @seed. */
static unsigned long fill(unsigned long n, int seed)
{
	long a = mml_mmap(t, 0, P(n), RW, ANON, -1, 0);
	unsigned long i;

	cr_assert_gt(a, 0);
	for (i = 0; i < n; i++) {
		char buf[4096];

		memset(buf, (int)(i + (unsigned long)seed), sizeof(buf));
		cr_assert_eq(mml_store(t, (unsigned long)a + P(i), buf, sizeof(buf)), 0);
	}
	audit();
	return (unsigned long)a;
}

/*
 * Reclaim's later pass over [a, a + n pages) of @tk: each swapped page
 * still in the swap cache (clean, unmapped) is isolated from the LRU and
 * handed to the real shrink_folio_list() (reclaim_pages()), which takes
 * it out of the swap cache and frees it.  Returns how many were.
 */
static unsigned long reclaim(struct mml_task *tk, unsigned long a, unsigned long n)
{
	struct task_struct *ts = (struct task_struct *)tk;
	unsigned long i, freed;
	LIST_HEAD(list);

	for (i = 0; i < n; i++) {
		pte_t *ptep = pte_offset_map_mm(ts->mm, a + P(i));
		struct page *page;

		if (!ptep || !is_swap_pte(*ptep))
			continue;
		page = swap_cache_get_page(pte_to_swp_entry(*ptep));
		if (!page)
			continue;
		cr_assert(PageLRU(page), "a swap-cache page is on the LRU");
		cr_assert(isolate_lru_page(page));
		put_page(page);		/* isolation holds its own */
		list_add(&page->lru, &list);
	}
	freed = reclaim_pages(&list);
	audit();
	return freed;
}

static void check_fill(struct mml_task *tk, unsigned long a, unsigned long n, int seed)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		unsigned char buf[4096];
		int j;

		cr_assert_eq(mml_load(tk, a + P(i), buf, sizeof(buf)), 0);
		for (j = 0; j < 4096; j += 511)
			cr_assert_eq(buf[j], (unsigned char)(i + (unsigned long)seed),
				     "page %lu byte %d", i, j);
	}
	audit();
}

Test(swap, pte_encoding_is_linux_x86_64)
{
	swp_entry_t e = swp_entry(3, 0x12345);
	pte_t pte = swp_entry_to_pte(e);

	/* type in 59-63, offset inverted in 9-58, bits 0-8 clear */
	cr_assert_eq(pte_val(pte) >> 59, 3);
	cr_assert_eq((~pte_val(pte) >> 9) & ((1ULL << 50) - 1), 0x12345);
	cr_assert_eq(pte_val(pte) & 0x1ff, 0);
	cr_assert(!pte_present(pte) && !pte_none(pte));
	cr_assert_eq(swp_type(pte_to_swp_entry(pte)), 3);
	cr_assert_eq(swp_offset(pte_to_swp_entry(pte)), 0x12345);
	cr_assert_eq(pte_to_swp_entry(pte_swp_mkexclusive(pte)).val, e.val);
	cr_assert(pte_swp_exclusive(pte_swp_mkexclusive(pte)));
	/* The guard marker is a PTE-marker entry, not a swap file's. */
	cr_assert(non_swap_entry(pte_to_swp_entry(make_guard_pte())));
}

Test(swap, mkswap_header_and_proc_swaps)
{
	char path[128], buf[4096];
	unsigned char hdr[4096];
	FILE *f;

	cr_assert_eq(mml_mkswap(t, "/swap0", P(64), "lbl"), 0);
	snprintf(path, sizeof(path), "%s/swap0", root);
	f = fopen(path, "rb");
	cr_assert_not_null(f);
	cr_assert_eq(fread(hdr, 1, sizeof(hdr), f), sizeof(hdr));
	fclose(f);
	cr_assert_eq(memcmp(hdr + 4086, "SWAPSPACE2", 10), 0);
	cr_assert_eq(*(uint32_t *)(hdr + 1024), 1);		/* version */
	cr_assert_eq(*(uint32_t *)(hdr + 1028), 63);		/* last_page */
	cr_assert_eq(*(uint32_t *)(hdr + 1032), 0);		/* nr_badpages */
	cr_assert_eq(memcmp(hdr + 1052, "lbl", 3), 0);		/* volume */
	cr_assert_eq(mml_swapon(t, "/swap0", 0), 0);
	cr_assert_gt(mml_read_file(t, "/proc/swaps", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
		"/swap0                                  file\t\t252\t\t0\t\t-2\n");
	cr_assert_eq(meminfo_kb("SwapTotal:"), 252);
	cr_assert_eq(meminfo_kb("SwapFree:"), 252);
	audit();
}

Test(swap, priorities_as_linux)
{
	char buf[4096];

	cr_assert_eq(mml_mkswap(t, "/a", P(16), NULL), 0);
	cr_assert_eq(mml_mkswap(t, "/b", P(16), NULL), 0);
	cr_assert_eq(mml_mkswap(t, "/c", P(16), NULL), 0);
	cr_assert_eq(mml_swapon(t, "/a", 0), 0);
	cr_assert_eq(mml_swapon(t, "/b", 0), 0);
	cr_assert_eq(mml_swapon(t, "/c", 0x8000 | 5), 0);
	cr_assert_gt(mml_read_file(t, "/proc/swaps", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "/a ") && strstr(buf, "\t-2\n/b"), "%s", buf);
	cr_assert(strstr(buf, "\t-3\n/c"), "%s", buf);
	cr_assert(strstr(buf, "\t5\n"), "%s", buf);
	/* swapoff of -2 moves the areas below it up (-3 -> -2). */
	cr_assert_eq(mml_swapoff(t, "/a"), 0);
	cr_assert_gt(mml_read_file(t, "/proc/swaps", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "\t-2\n") && !strstr(buf, "\t-3\n"), "%s", buf);
	cr_assert_eq(mml_swapon(t, "/a", 0), 0);
	cr_assert_gt(mml_read_file(t, "/proc/swaps", buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "\t-3\n"), "%s", buf);
	audit();
}

static void write_host(const char *name, const void *data, size_t n, size_t total)
{
	char path[128];
	FILE *f;
	char *zero = calloc(1, total);

	snprintf(path, sizeof(path), "%s/%s", root, name);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	memcpy(zero, data, n);
	cr_assert_eq(fwrite(zero, 1, total, f), total);
	fclose(f);
	free(zero);
}

Test(swap, swapon_errors_as_linux)
{
	unsigned char hdr[4096] = { 0 };

	/* no signature */
	write_host("zero", hdr, sizeof(hdr), P(16));
	cr_assert_eq(mml_swapon(t, "/zero", 0), -EINVAL);
	/* version 2 */
	memcpy(hdr + 4086, "SWAPSPACE2", 10);
	*(uint32_t *)(hdr + 1024) = 2;
	*(uint32_t *)(hdr + 1028) = 15;
	write_host("v2", hdr, sizeof(hdr), P(16));
	cr_assert_eq(mml_swapon(t, "/v2", 0), -EINVAL);
	/* last_page beyond the file */
	*(uint32_t *)(hdr + 1024) = 1;
	*(uint32_t *)(hdr + 1028) = 100;
	write_host("short", hdr, sizeof(hdr), P(16));
	cr_assert_eq(mml_swapon(t, "/short", 0), -EINVAL);
	/* version 0 with last_page 0: nothing usable */
	*(uint32_t *)(hdr + 1028) = 0;
	write_host("empty", hdr, sizeof(hdr), P(16));
	cr_assert_eq(mml_swapon(t, "/empty", 0), -EINVAL);
	/* one usable page is enough (as the host: "Adding 4k swap") */
	*(uint32_t *)(hdr + 1028) = 1;
	write_host("one", hdr, sizeof(hdr), P(16));
	cr_assert_eq(mml_swapon(t, "/one", 0), 0);
	cr_assert_eq(meminfo_kb("SwapTotal:"), 4);
	cr_assert_eq(mml_swapon(t, "/one", 0), -EBUSY);
	cr_assert_eq(mml_swapon(t, "/nonexistent", 0), -ENOENT);
	cr_assert_eq(mml_swapon(t, "/zero", 0x100000), -EINVAL);
	cr_assert_eq(mml_swapoff(t, "/zero"), -EINVAL);
	cr_assert_eq(mml_mkswap(t, "/tiny", P(9), NULL), -EINVAL);
	cr_assert_eq(mml_swapoff(t, "/one"), 0);
	cr_assert_eq(meminfo_kb("SwapTotal:"), 0);
	audit();
}

Test(swap, swapon_refuses_a_file_with_holes)
{
	char path[128];

	cr_assert_eq(mml_mkswap(t, "/holes", P(32), NULL), 0);
	snprintf(path, sizeof(path), "%s/holes", root);
	cr_assert_eq(truncate(path, (off_t)P(1)), 0);
	cr_assert_eq(truncate(path, (off_t)P(32)), 0);	/* a hole at the end */
	cr_assert_eq(mml_swapon(t, "/holes", 0), -EINVAL);
}

Test(swap, debian_mkswap_file_works)
{
	char cmd[256];

	if (access("/usr/sbin/mkswap", X_OK) && access("/sbin/mkswap", X_OK))
		cr_skip_test("util-linux mkswap not installed");
	snprintf(cmd, sizeof(cmd),
		 "dd if=/dev/zero of=%s/deb bs=4096 count=64 status=none && "
		 "PATH=$PATH:/usr/sbin:/sbin mkswap %s/deb >/dev/null", root, root);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(mml_swapon(t, "/deb", 0), 0);
	cr_assert_eq(meminfo_kb("SwapTotal:"), 252);
	check_fill(t, fill(4, 7), 4, 7);
}

Test(swap, pageout_and_swapin)
{
	unsigned long a, minflt, majflt, minflt0, majflt0;
	uint64_t e;
	char buf[8192], path[64];
	unsigned char vec[8];

	swap_on("/swap", 256);
	a = fill(8, 1);
	cr_assert_eq(mml_madvise(t, a, P(8), MADV_PAGEOUT), 0);
	audit();
	cr_assert_eq(vmstat("pswpout"), 8);
	cr_assert_eq(meminfo_kb("SwapFree:"), (255 - 8) * 4);
	/* Written, but kept in the swap cache until reclaim frees them. */
	cr_assert_eq(meminfo_kb("SwapCached:"), 32);
	cr_assert_eq(mml_mincore(t, a, P(8), vec), 0);
	cr_assert_eq(memcmp(vec, "\1\1\1\1\1\1\1\1", 8), 0);
	cr_assert_eq(reclaim(t, a, 8), 8);
	cr_assert_eq(meminfo_kb("SwapCached:"), 0);
	e = pagemap(t, a);
	cr_assert(e & PM_SWAP);
	cr_assert(!(e & PM_PRESENT));
	cr_assert_eq(e & 0x1f, 0);			/* type */
	cr_assert_eq((e >> 5) & ((1ULL << 50) - 1), 1);	/* offset: slot 1 first */
	cr_assert_eq((pagemap(t, a + P(7)) >> 5) & 0xff, 8);
	cr_assert_eq(mml_mincore(t, a, P(8), vec), 0);
	cr_assert_eq(memchr(vec, 1, 8), NULL);
	snprintf(path, sizeof(path), "/proc/%d/smaps", mml_task_pid(t));
	cr_assert_gt(mml_read_file(t, path, buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "\nSwap:                 32 kB\n"), "%s", buf);
	cr_assert(strstr(buf, "\nSwapPss:              32 kB\n"), "%s", buf);
	snprintf(path, sizeof(path), "/proc/%d/status", mml_task_pid(t));
	cr_assert_gt(mml_read_file(t, path, buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "VmSwap:\t      32 kB"), "%s", buf);

	/* Read back in order: one major fault, the rest from readahead. */
	mml_task_faults(t, &minflt0, &majflt0);
	check_fill(t, a, 8, 1);
	mml_task_faults(t, &minflt, &majflt);
	cr_assert_geq(majflt - majflt0, 1);
	cr_assert_lt(majflt - majflt0, 8);
	cr_assert_eq(vmstat("pswpin"), 8);
	cr_assert_eq(vmstat("swap_ra") + (majflt - majflt0), 8);
	cr_assert_eq(vmstat("swap_ra_hit"), vmstat("swap_ra"));
	/* Read faults leave them cached, their slots held. */
	cr_assert_eq(meminfo_kb("SwapCached:"), 32);
	cr_assert(pagemap(t, a) & PM_PRESENT);
	/* A write reuses the exclusive page; it stays cached (Linux). */
	cr_assert_eq(mml_store(t, a, "x", 1), 0);
	cr_assert_eq(meminfo_kb("SwapCached:"), 32);
	audit();
	/* A clean cached page goes out again without a write. */
	cr_assert_eq(mml_madvise(t, a + P(1), P(1), MADV_PAGEOUT), 0);
	cr_assert_eq(vmstat("pswpout"), 8);
	cr_assert(pagemap(t, a + P(1)) & PM_SWAP);
	cr_assert_eq(reclaim(t, a + P(1), 1), 1);
	audit();
	cr_assert_eq(mml_munmap(t, a, P(8)), 0);
	cr_assert_eq(meminfo_kb("SwapFree:"), 255 * 4);
	cr_assert_eq(meminfo_kb("SwapCached:"), 0);
	audit();
}

Test(swap, willneed_reads_into_the_swap_cache)
{
	unsigned long a;
	unsigned char vec[4];

	swap_on("/swap", 64);
	a = fill(4, 3);
	cr_assert_eq(mml_madvise(t, a, P(4), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim(t, a, 4), 4);
	cr_assert_eq(mml_madvise(t, a, P(4), MADV_WILLNEED), 0);
	audit();
	cr_assert_eq(vmstat("pswpin"), 4);
	cr_assert_eq(meminfo_kb("SwapCached:"), 16);
	cr_assert(pagemap(t, a) & PM_SWAP);		/* still a swap PTE */
	cr_assert_eq(mml_mincore(t, a, P(4), vec), 0);
	cr_assert_eq(memcmp(vec, "\1\1\1\1", 4), 0);	/* but resident */
	check_fill(t, a, 4, 3);
	cr_assert_eq(vmstat("pswpin"), 4);		/* no more reads */
}

Test(swap, fork_shares_swapped_pages_then_cow)
{
	unsigned long a;
	struct mml_task *child;
	char buf[8192], path[64];
	long pid;

	swap_on("/swap", 64);
	a = fill(4, 5);
	cr_assert_eq(mml_madvise(t, a, P(4), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim(t, a, 4), 4);
	pid = mml_fork(t);
	cr_assert_gt(pid, 0);
	child = mml_task_get(m, (int)pid);
	audit();
	snprintf(path, sizeof(path), "/proc/%ld/smaps", pid);
	cr_assert_gt(mml_read_file(child, path, buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "\nSwap:                 16 kB\n"), "%s", buf);
	cr_assert(strstr(buf, "\nSwapPss:               8 kB\n"), "%s", buf);
	check_fill(child, a, 4, 5);
	check_fill(t, a, 4, 5);
	/* The child writes: its own copy; the parent keeps the old data. */
	cr_assert_eq(mml_store(child, a, "z", 1), 0);
	audit();
	cr_assert_eq(mml_load(t, a, buf, 1), 0);
	cr_assert_eq(buf[0], 5);
	mml_exit(child, 0);
	audit();
	cr_assert_eq(mml_munmap(t, a, P(4)), 0);
	cr_assert_eq(meminfo_kb("SwapFree:"), 63 * 4);
	audit();
}

Test(swap, dontneed_frees_slots)
{
	unsigned long a;

	swap_on("/swap", 64);
	a = fill(4, 9);
	cr_assert_eq(mml_madvise(t, a, P(4), MADV_PAGEOUT), 0);
	cr_assert_eq(meminfo_kb("SwapFree:"), 59 * 4);
	cr_assert_eq(mml_madvise(t, a, P(2), MADV_DONTNEED), 0);
	audit();
	cr_assert_eq(meminfo_kb("SwapFree:"), 61 * 4);
	cr_assert_eq(pagemap(t, a), 0);
	check_fill(t, a + P(2), 2, 11);
}

Test(swap, mprotect_and_mremap_keep_swap_entries)
{
	unsigned long a, b;

	swap_on("/swap", 64);
	a = fill(4, 2);
	cr_assert_eq(mml_madvise(t, a, P(4), MADV_PAGEOUT), 0);
	cr_assert_eq(mml_mprotect(t, a, P(4), RO), 0);
	audit();
	cr_assert(pagemap(t, a) & PM_SWAP);
	cr_assert_eq(mml_mprotect(t, a, P(4), RW), 0);
	b = (unsigned long)mml_mremap(t, a, P(4), P(8), 1 /* MAYMOVE */, 0);
	cr_assert_lt(b, (unsigned long)-4096);
	audit();
	check_fill(t, b, 4, 2);
}

Test(swap, swapoff_brings_everything_back)
{
	unsigned long a;
	long pid;

	swap_on("/swap", 64);
	a = fill(6, 4);
	cr_assert_eq(mml_madvise(t, a, P(6), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim(t, a, 6), 6);
	pid = mml_fork(t);
	cr_assert_gt(pid, 0);
	/* Short of memory: ENOMEM, the area stays on, nothing lost. */
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, 2);
	cr_assert_eq(mml_swapoff(t, "/swap"), -ENOMEM);
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
	audit();
	cr_assert_gt(meminfo_kb("SwapTotal:"), 0);
	cr_assert_eq(mml_swapoff(t, "/swap"), 0);
	audit();
	cr_assert_eq(meminfo_kb("SwapTotal:"), 0);
	cr_assert(pagemap(t, a) & PM_PRESENT);
	check_fill(t, a, 6, 4);
	check_fill(mml_task_get(m, (int)pid), a, 6, 4);
}

Test(swap, syscalls_take_user_paths)
{
	long a = mml_mmap(t, 0, P(1), RW, ANON, -1, 0);

	cr_assert_eq(mml_mkswap(t, "/sys0", P(16), NULL), 0);
	cr_assert_eq(mml_store(t, (unsigned long)a, "/sys0", 6), 0);
	cr_assert_eq(mml_syscall(t, __NR_swapon, a, 0x8000 | 0x10000 | 7, 0, 0, 0, 0), 0);
	cr_assert_eq(meminfo_kb("SwapTotal:"), 60);
	cr_assert_eq(mml_syscall(t, __NR_swapon, a, 0, 0, 0, 0, 0), -EBUSY);
	cr_assert_eq(mml_syscall(t, __NR_swapon, 16, 0, 0, 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_syscall(t, __NR_swapoff, a, 0, 0, 0, 0, 0), 0);
	cr_assert_eq(meminfo_kb("SwapTotal:"), 0);
	audit();
}

Test(swap, no_slot_leaves_the_page_mapped)
{
	unsigned long a;

	cr_assert_eq(mml_madvise(t, (a = fill(2, 1)), P(2), MADV_PAGEOUT), 0);
	cr_assert(pagemap(t, a) & PM_PRESENT);		/* no swap at all */
	swap_on("/swap", 64);
	mml_fail_nth(m, MML_FAIL_SWAP_SLOT, 0);
	cr_assert_eq(mml_madvise(t, a, P(2), MADV_PAGEOUT), 0);
	audit();
	cr_assert(pagemap(t, a) & PM_PRESENT);
	cr_assert(pagemap(t, a + P(1)) & PM_SWAP);
	check_fill(t, a, 2, 1);
}

Test(swap, write_error_keeps_the_page_in_memory)
{
	unsigned long a;
	unsigned char vec[1];

	swap_on("/swap", 64);
	a = fill(1, 6);
	mml_fail_nth(m, MML_FAIL_SWAP_WRITE, 0);
	cr_assert_eq(mml_madvise(t, a, P(1), MADV_PAGEOUT), 0);
	audit();
	cr_assert_eq(vmstat("pswpout"), 0);
	/* Unmapped but in the swap cache: resident, back without a read. */
	cr_assert_eq(meminfo_kb("SwapCached:"), 4);
	cr_assert_eq(mml_mincore(t, a, P(1), vec), 0);
	cr_assert_eq(vec[0], 1);
	check_fill(t, a, 1, 6);
	cr_assert_eq(vmstat("pswpin"), 0);
}

Test(swap, read_error_is_sigbus)
{
	unsigned long a;
	char c;
	int sig, code;
	unsigned long addr;

	swap_on("/swap", 64);
	a = fill(1, 6);
	cr_assert_eq(mml_madvise(t, a, P(1), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim(t, a, 1), 1);
	mml_fail_nth(m, MML_FAIL_SWAP_READ, 0);
	cr_assert_eq(mml_load(t, a, &c, 1), SIGBUS);
	mml_siginfo(t, &sig, &code, &addr);
	cr_assert_eq(addr, a);
	audit();
	cr_assert(pagemap(t, a) & PM_SWAP);		/* still there */
	check_fill(t, a, 1, 6);
}

Test(swap, no_page_at_swapin_is_oom)
{
	unsigned long a;
	char c;

	swap_on("/swap", 64);
	a = fill(1, 6);
	cr_assert_eq(mml_madvise(t, a, P(1), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim(t, a, 1), 1);
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, 0);
	cr_assert_eq(mml_load(t, a, &c, 1), SIGKILL);	/* VM_FAULT_OOM */
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
	audit();
	check_fill(t, a, 1, 6);
}

Test(swap, counts_beyond_swap_map_max_continue)
{
	unsigned long a;
	long pids[70];
	int i;

	swap_on("/swap", 64);
	a = fill(1, 8);
	cr_assert_eq(mml_madvise(t, a, P(1), MADV_PAGEOUT), 0);
	for (i = 0; i < 70; i++) {
		pids[i] = mml_fork(t);
		cr_assert_gt(pids[i], 0);
	}
	audit();
	check_fill(mml_task_get(m, (int)pids[69]), a, 1, 8);
	for (i = 0; i < 70; i++)
		mml_exit(mml_task_get(m, (int)pids[i]), 0);
	audit();
	check_fill(t, a, 1, 8);
}

/* --- shmem: shared anonymous pages swap through their object -------------- */

#define SHARED_ANON	0x21		/* MAP_SHARED | MAP_ANONYMOUS */
#define MADV_REMOVE	9

/* @n pages of a fresh MAP_SHARED|MAP_ANONYMOUS mapping, page i = i + @seed. */
static unsigned long fill_shared(unsigned long n, int seed)
{
	long a = mml_mmap(t, 0, P(n), RW, SHARED_ANON, -1, 0);
	unsigned long i;

	cr_assert_gt(a, 0);
	for (i = 0; i < n; i++) {
		char buf[4096];

		memset(buf, (int)(i + (unsigned long)seed), sizeof(buf));
		cr_assert_eq(mml_store(t, (unsigned long)a + P(i), buf, sizeof(buf)), 0);
	}
	audit();
	return (unsigned long)a;
}

static struct address_space *shared_mapping(struct mml_task *tk, unsigned long a)
{
	struct task_struct *ts = (struct task_struct *)tk;
	struct vm_area_struct *vma = find_vma(ts->mm, a);

	cr_assert_not_null(vma);
	cr_assert(vma_is_shmem(vma));
	return vma->vm_file->f_mapping;
}

/*
 * Reclaim's later pass over the swap-cache pages of the object behind @a:
 * as reclaim() above, but found through the object's swap entries.
 */
static unsigned long reclaim_shared(struct mml_task *tk, unsigned long a)
{
	struct address_space *mapping = shared_mapping(tk, a);
	pgoff_t index = 0;
	unsigned long freed;
	struct page *page;
	void *value;
	LIST_HEAD(list);

	lru_add_drain();	/* isolation drains the lru_add batch first, as Linux */
	while ((value = filemap_find_value(mapping, &index, ~0UL))) {
		page = swap_cache_get_page((swp_entry_t){ xa_to_value(value) });
		if (page) {
			cr_assert(!page_mapcount(page) && !page->mapping);
			cr_assert(isolate_lru_page(page));
			put_page(page);
			list_add(&page->lru, &list);
		}
		index++;
	}
	freed = reclaim_pages(&list);
	audit();
	return freed;
}

static unsigned long smaps_swap_kb(unsigned long a)
{
	static char buf[65536];
	char key[32], path[64], *p;

	snprintf(path, sizeof(path), "/proc/%d/smaps", mml_task_pid(t));
	cr_assert_gt(mml_read_file(t, path, buf, sizeof(buf)), 0);
	snprintf(key, sizeof(key), "%lx-", a);
	p = strstr(buf, key);
	cr_assert_not_null(p);
	p = strstr(p, "\nSwap:");
	cr_assert_not_null(p);
	return strtoul(p + 6, NULL, 10);
}

Test(swap, shmem_pageout_goes_through_the_object)
{
	unsigned long a, shmem0, free0;
	unsigned char vec[4];
	struct address_space *mapping;

	swap_on("/swap", 64);
	shmem0 = meminfo_kb("Shmem:");
	a = fill_shared(4, 3);
	cr_assert_eq(meminfo_kb("Shmem:"), shmem0 + 16);
	free0 = meminfo_kb("SwapFree:");
	cr_assert_eq(mml_madvise(t, a, P(4), MADV_PAGEOUT), 0);
	audit();
	mapping = shared_mapping(t, a);
	/* PTEs empty (not swap PTEs), the object holds 4 swap entries. */
	cr_assert_eq(pagemap(t, a) & (PM_PRESENT | PM_SWAP), 0);
	cr_assert_eq(mapping->nrpages, 0);
	cr_assert_eq(mapping->nrshadows, 4);
	cr_assert_eq(meminfo_kb("Shmem:"), shmem0);
	cr_assert_eq(vmstat("pswpout"), 4);
	cr_assert_eq(meminfo_kb("SwapFree:"), free0 - 16);
	cr_assert_eq(smaps_swap_kb(a), 16);
	/* Written, still in the swap cache: resident for mincore. */
	cr_assert_eq(meminfo_kb("SwapCached:"), 16);
	cr_assert_eq(mml_mincore(t, a, P(4), vec), 0);
	cr_assert_eq(vec[0] & 1, 1);
	cr_assert_eq(reclaim_shared(t, a), 4);
	cr_assert_eq(meminfo_kb("SwapCached:"), 0);
	cr_assert_eq(mml_mincore(t, a, P(4), vec), 0);
	cr_assert_eq(vec[0] & 1, 0);
	cr_assert_eq(vec[3] & 1, 0);
	/* Touching back: read through the swap cache, the slots freed. */
	check_fill(t, a, 4, 3);
	cr_assert_eq(vmstat("pswpin"), 4);
	cr_assert_eq(mapping->nrshadows, 0);
	cr_assert_eq(mapping->nrpages, 4);
	cr_assert_eq(meminfo_kb("SwapFree:"), free0);
	cr_assert_eq(meminfo_kb("Shmem:"), shmem0 + 16);
	cr_assert_eq(smaps_swap_kb(a), 0);
	cr_assert(pagemap(t, a) & PM_PRESENT);
}

Test(swap, shmem_swapin_is_a_major_fault)
{
	unsigned long a, maj;
	char c;

	swap_on("/swap", 64);
	a = fill_shared(2, 5);
	cr_assert_eq(mml_madvise(t, a, P(2), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim_shared(t, a), 2);
	maj = vmstat("pgmajfault");
	cr_assert_eq(mml_load(t, a, &c, 1), 0);
	cr_assert_eq(c, 5);
	cr_assert_eq(vmstat("pgmajfault"), maj + 1);
	audit();
	/* Without the reclaim pass the page is found in the swap cache: minor. */
	cr_assert_eq(mml_madvise(t, a, P(1), MADV_PAGEOUT), 0);
	maj = vmstat("pgmajfault");
	cr_assert_eq(mml_load(t, a, &c, 1), 0);
	cr_assert_eq(vmstat("pgmajfault"), maj);
	check_fill(t, a, 2, 5);
}

Test(swap, shmem_fork_after_pageout_shares_the_object)
{
	unsigned long a;
	long pid;
	struct mml_task *child;
	char c = 42;

	swap_on("/swap", 64);
	a = fill_shared(3, 7);
	cr_assert_eq(mml_madvise(t, a, P(3), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim_shared(t, a), 3);
	pid = mml_fork(t);
	cr_assert_gt(pid, 0);
	child = mml_task_get(m, (int)pid);
	audit();
	check_fill(child, a + P(1), 1, 8);
	/* The child's write is the parent's: one object. */
	cr_assert_eq(mml_store(child, a + P(2), &c, 1), 0);
	cr_assert_eq(mml_load(t, a + P(2), &c, 1), 0);
	cr_assert_eq(c, 42);
	mml_exit(child, 0);
	audit();
	check_fill(t, a, 2, 7);
}

Test(swap, shmem_slots_freed_by_munmap_remove_and_swapoff)
{
	unsigned long a, b, free0;
	char c;

	swap_on("/swap", 64);
	free0 = meminfo_kb("SwapFree:");
	a = fill_shared(4, 1);
	cr_assert_eq(mml_madvise(t, a, P(4), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim_shared(t, a), 4);
	/* MADV_REMOVE punches a hole: those slots go, the page reads zero. */
	cr_assert_eq(mml_madvise(t, a, P(2), MADV_REMOVE), 0);
	audit();
	cr_assert_eq(meminfo_kb("SwapFree:"), free0 - 8);
	cr_assert_eq(mml_load(t, a, &c, 1), 0);
	cr_assert_eq(c, 0);
	/* The last user's munmap frees the object and its slots. */
	cr_assert_eq(mml_munmap(t, a, P(4)), 0);
	audit();
	cr_assert_eq(meminfo_kb("SwapFree:"), free0);
	/* swapoff brings a swapped object's pages back (shmem_unuse()). */
	b = fill_shared(3, 9);
	cr_assert_eq(mml_madvise(t, b, P(3), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim_shared(t, b), 3);
	cr_assert_eq(mml_swapoff(t, "/swap"), 0);
	audit();
	cr_assert_eq(shared_mapping(t, b)->nrshadows, 0);
	cr_assert_eq(shared_mapping(t, b)->nrpages, 3);
	check_fill(t, b, 3, 9);
}

Test(swap, shmem_fault_injection)
{
	unsigned long a;
	char c;
	int sig, code;
	unsigned long addr;

	swap_on("/swap", 64);
	a = fill_shared(2, 4);
	/* No slot: the page stays in its object. */
	mml_fail_nth(m, MML_FAIL_SWAP_SLOT, 0);
	cr_assert_eq(mml_madvise(t, a, P(1), MADV_PAGEOUT), 0);
	audit();
	cr_assert_eq(shared_mapping(t, a)->nrshadows, 0);
	cr_assert_eq(shared_mapping(t, a)->nrpages, 2);
	check_fill(t, a, 2, 4);
	/* Write error: the page stays in memory (the swap cache), dirty. */
	mml_fail_nth(m, MML_FAIL_SWAP_WRITE, 0);
	cr_assert_eq(mml_madvise(t, a, P(1), MADV_PAGEOUT), 0);
	audit();
	cr_assert_eq(vmstat("pswpout"), 0);
	cr_assert_eq(meminfo_kb("SwapCached:"), 4);
	check_fill(t, a, 2, 4);
	cr_assert_eq(vmstat("pswpin"), 0);
	/* Read error: SIGBUS, the entry stays. */
	cr_assert_eq(mml_madvise(t, a, P(1), MADV_PAGEOUT), 0);
	cr_assert_eq(reclaim_shared(t, a), 1);
	mml_fail_nth(m, MML_FAIL_SWAP_READ, 0);
	cr_assert_eq(mml_load(t, a, &c, 1), SIGBUS);
	mml_siginfo(t, &sig, &code, &addr);
	cr_assert_eq(addr, a);
	audit();
	cr_assert_eq(shared_mapping(t, a)->nrshadows, 1);
	/* No page for the swap-in: VM_FAULT_OOM. */
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, 0);
	cr_assert_eq(mml_load(t, a, &c, 1), SIGKILL);
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
	audit();
	check_fill(t, a, 2, 4);
}

Test(swap, shmem_shrink_folio_list_unmaps_writes_and_frees)
{
	struct address_space *mapping;
	unsigned long a, free0, i;
	struct page *page;
	LIST_HEAD(list);

	swap_on("/swap", 64);
	free0 = meminfo_kb("SwapFree:");
	a = fill_shared(8, 2);
	mapping = shared_mapping(t, a);
	/* The real reclaim path on mapped pages: unmap, shmem_writeout(), write, free. */
	lru_add_drain();
	for (i = 0; i < 8; i++) {
		page = find_get_page(mapping, i);
		cr_assert_not_null(page);
		cr_assert(PageSwapBacked(page) && page_mapcount(page) == 1);
		cr_assert(isolate_lru_page(page));
		put_page(page);
		list_add(&page->lru, &list);
	}
	cr_assert_eq(reclaim_pages(&list), 8);
	audit();
	cr_assert_eq(mapping->nrpages, 0);
	cr_assert_eq(mapping->nrshadows, 8);
	cr_assert_eq(meminfo_kb("SwapCached:"), 0);
	cr_assert_eq(meminfo_kb("SwapFree:"), free0 - 32);
	cr_assert_eq(pagemap(t, a + P(7)) & (PM_PRESENT | PM_SWAP), 0);
	check_fill(t, a, 8, 2);
	cr_assert_eq(meminfo_kb("SwapFree:"), free0);
}
