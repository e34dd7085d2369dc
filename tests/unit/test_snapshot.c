// SPDX-License-Identifier: MIT
/*
 * Machine snapshots (mml_machine_snapshot/restore): after a restore the
 * machine is the one recorded -- its /proc files, kernel log and audits
 * the same -- and the same work done again gives the same results, so a
 * fuzzer's input means the same thing on a restored machine as on a fresh
 * one.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <mmlab/mmlab.h>

static char root[64];

static struct mml_machine *boot(int snapshot)
{
	struct mml_config cfg;
	struct mml_machine *m;

	if (!root[0]) {
		snprintf(root, sizeof(root), "/tmp/mmlab-snap-XXXXXX");
		cr_assert_not_null(mkdtemp(root));
	}
	mml_config_init(&cfg);
	cfg.ram_size = 16 << 20;
	cfg.root = root;
	cfg.snapshot = snapshot;
	m = mml_machine_new(&cfg);
	cr_assert_not_null(m);
	return m;
}

static const char *const files[] = {
	"/proc/meminfo", "/proc/slabinfo", "/proc/buddyinfo", "/proc/vmstat",
	"/proc/vmallocinfo", "/proc/iomem", "/proc/zoneinfo", "dmesg",
};

/* Every file above, concatenated (malloc'd). */
static char *state(struct mml_machine *m)
{
	size_t cap = 1 << 20, len = 0, i;
	char *s = malloc(cap);

	cr_assert_not_null(s);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		long n = mml_machine_read_file(m, files[i], s + len, cap - len);

		cr_assert(n >= 0 && (size_t)n < cap - len, "%s", files[i]);
		len += (size_t)n;
	}
	return s;
}

/* Work that touches tasks, VMAs, page tables, slab, vmalloc, files, log. */
static void work(struct mml_machine *m, char *out, size_t outlen)
{
	struct mml_task *t = mml_task_new(m, "work"), *c;
	uint64_t kva, vva, pfn;
	char buf[64] = "restored?";
	long a, fd, child;

	cr_assert_not_null(t);
	a = mml_mmap(t, 0, 1 << 20, 3, 0x22, -1, 0);
	cr_assert(a > 0);
	cr_assert_eq(mml_store(t, (unsigned long)a + 0x3000, buf, 10), 0);
	cr_assert_eq(mml_kmalloc(m, 200, MML_GFP_KERNEL, &kva), 0);
	cr_assert_eq(mml_vmalloc(m, 3 << 12, 1, &vva), 0);
	cr_assert_eq(mml_alloc_pages(m, MML_GFP_KERNEL, 2, &pfn), 0);
	fd = mml_open(t, "/f", 0102 /* O_RDWR|O_CREAT */, 0600);
	cr_assert(fd >= 0, "open: %ld", fd);
	cr_assert_eq(mml_pwrite(t, (int)fd, buf, 10, 0), 10);
	cr_assert(mml_mmap(t, 0, 4096, 3, 0x01, (int)fd, 0) > 0);
	child = mml_fork(t);
	cr_assert(child > 0);
	c = mml_task_get(m, (int)child);
	cr_assert_not_null(c);
	cr_assert_eq(mml_store(c, (unsigned long)a + 0x3000, "child", 6), 0);
	mml_exit(c, 0);
	snprintf(out, outlen, "%lx %llx %llx %llx %ld %ld", a,
		 (unsigned long long)kva, (unsigned long long)vva,
		 (unsigned long long)pfn, fd, child);
}

/* After each test: its root directory goes, with the files it wrote. */
static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_root(void)
{
	if (root[0])
		nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(snapshot, .fini = remove_root);

/* Snapshot, work, restore (three times): the recorded machine each time. */
static void check_restore(void)
{
	struct mml_machine *m = boot(1);
	char *before, *after, r1[128], r2[128];
	int i;

	cr_assert_eq(mml_machine_snapshot(m), 0);
	before = state(m);
	work(m, r1, sizeof(r1));
	after = state(m);
	cr_assert_str_neq(before, after, "the work changed nothing visible");
	free(after);
	for (i = 0; i < 3; i++) {
		cr_assert_eq(mml_machine_restore(m), 0);
		after = state(m);
		cr_assert_str_eq(before, after, "restore %d", i);
		free(after);
		cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
		work(m, r2, sizeof(r2));
		cr_assert_str_eq(r1, r2, "the same work gave other results");
	}
	free(before);
	mml_machine_free(m);
}

Test(snapshot, restore_gives_back_the_recorded_machine)
{
	check_restore();
}

/*
 * Hosts without asynchronous write protection (Linux before 6.7, or no
 * userfaultfd permission) restore by mapping the recorded image again:
 * MMLAB_SNAPSHOT_REMAP=1 forces that way here.
 */
Test(snapshot, remap_restore_gives_back_the_recorded_machine)
{
	cr_assert_eq(setenv("MMLAB_SNAPSHOT_REMAP", "1", 1), 0);
	check_restore();
}

#define RAM_WORDS	((16 << 20) / 4096)

/* The word of page @i the raw-write tests use: a different one per page, or 64. */
static uint64_t word_pa(int i)
{
	return (uint64_t)i * 4096 + (uint64_t)(i % 512) * 8;
}

static uint64_t word64_pa(int i)
{
	return (uint64_t)i * 4096 + 64;
}

/*
 * The raw-write tests' words: each page's word as the snapshot has it, and
 * whether it could be read (snap_rc 0).
 */
static uint64_t snap_word[RAM_WORDS];
static int snap_rc[RAM_WORDS];

static void record_words(struct mml_machine *m, uint64_t (*pa_of)(int))
{
	int i;

	for (i = 0; i < RAM_WORDS; i++)
		snap_rc[i] = mml_read(m, MML_SPACE_PHYS, pa_of(i), 8, &snap_word[i]);
}

/* A snapshotted machine, its words at @pa_of recorded. */
static struct mml_machine *boot_and_record(uint64_t (*pa_of)(int))
{
	struct mml_machine *m = boot(1);

	cr_assert_eq(mml_machine_snapshot(m), 0);
	record_words(m, pa_of);
	return m;
}

/* After a restore, every readable word (@rc 0) holds what it held at the snapshot. */
static void assert_words_back(struct mml_machine *m, int round,
			      uint64_t (*pa_of)(int))
{
	uint64_t pa, now;
	int i;

	for (i = 0; i < RAM_WORDS; i++) {
		if (snap_rc[i])
			continue;
		pa = pa_of(i);
		cr_assert_eq(mml_read(m, MML_SPACE_PHYS, pa, 8, &now), 0);
		cr_assert_eq(now, snap_word[i], "round %d, pa %#llx: %#llx, recorded %#llx",
			     round, (unsigned long long)pa,
			     (unsigned long long)now,
			     (unsigned long long)snap_word[i]);
	}
}

/*
 * Raw writes into every page of RAM -- pages in use at the snapshot and
 * pages never touched -- all come back on restore, round after round:
 * the write tracking sees a page written again after it was restored.
 */
static void check_raw_writes_undone(void)
{
	struct mml_machine *m = boot_and_record(word_pa);
	uint64_t pa;
	int i, round, n = 0;

	for (round = 0; round < 3; round++) {
		for (i = round; i < RAM_WORDS; i += 1 + round) {
			pa = word_pa(i);
			if (!snap_rc[i] && !mml_write(m, MML_SPACE_PHYS, pa, 8,
						 ~snap_word[i] ^ (uint64_t)round))
				n++;
		}
		cr_assert_eq(mml_machine_restore(m), 0);
		assert_words_back(m, round, word_pa);
	}
	cr_assert_gt(n, RAM_WORDS, "the raw writes reached too few pages");
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

Test(snapshot, raw_writes_into_ram_are_undone)
{
	check_raw_writes_undone();
}

Test(snapshot, remap_raw_writes_into_ram_are_undone)
{
	cr_assert_eq(setenv("MMLAB_SNAPSHOT_REMAP", "1", 1), 0);
	check_raw_writes_undone();
}

/*
 * Pages left unprotected by earlier restores are protected again once
 * idle (hw/hostmem.c: every 32 restores, those not found changed for 128):
 * a page written at the first round, idle for 250 restores, then written
 * again is still undone, and so is a page written at every round.
 */
Test(snapshot, idle_pages_protected_again_are_undone)
{
	struct mml_machine *m = boot_and_record(word64_pa);
	uint64_t pa;
	int i, round, n = 0;

	for (round = 0; round < 260; round++) {
		/* page 7 (if writable) every round; every 5th page at 0 and 250 */
		for (i = 0; i < RAM_WORDS; i++) {
			bool hot = i == 7, cold = i % 5 == 0 &&
				   (round == 0 || round == 250);

			pa = word64_pa(i);
			if (!snap_rc[i] && (hot || cold) &&
			    !mml_write(m, MML_SPACE_PHYS, pa, 8,
				       ~snap_word[i] ^ (uint64_t)round))
				n++;
		}
		cr_assert_eq(mml_machine_restore(m), 0);
		assert_words_back(m, round, word64_pa);
	}
	cr_assert_gt(n, 2 * (RAM_WORDS / 5), "the raw writes reached too few pages");
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

Test(snapshot, restored_machine_runs_as_a_fresh_one)
{
	struct mml_machine *s = boot(1), *f = boot(0);
	char *a, *b, r1[128], r2[128];

	cr_assert_eq(mml_machine_snapshot(s), 0);
	work(s, r1, sizeof(r1));
	cr_assert_eq(mml_machine_restore(s), 0);
	work(s, r1, sizeof(r1));
	work(f, r2, sizeof(r2));
	cr_assert_str_eq(r1, r2);
	a = state(s);
	b = state(f);
	/* the logs differ in nothing but are two machines' */
	cr_assert_str_eq(a, b);
	free(a);
	free(b);
	mml_machine_free(s);
	mml_machine_free(f);
}

Test(snapshot, errors)
{
	struct mml_machine *plain = boot(0), *s = boot(1);

	cr_assert_eq(mml_machine_snapshot(plain), -EINVAL);
	cr_assert_eq(mml_machine_restore(plain), -EINVAL);
	cr_assert_eq(mml_machine_restore(s), -EINVAL);
	cr_assert_eq(mml_machine_snapshot(s), 0);
	cr_assert_eq(mml_machine_snapshot(s), -EBUSY);
	mml_machine_free(plain);
	mml_machine_free(s);
}

/* Host descriptors the machine opened after the snapshot are closed. */
Test(snapshot, host_files_opened_since_are_closed)
{
	struct mml_machine *m = boot(1);
	char r[128];
	int probe, next;

	cr_assert_eq(mml_machine_snapshot(m), 0);
	probe = dup(0);
	close(probe);
	work(m, r, sizeof(r));
	cr_assert_eq(mml_machine_restore(m), 0);
	next = dup(0);
	close(next);
	cr_assert_eq(next, probe, "a host descriptor leaked (%d, %d)", probe, next);
	mml_machine_free(m);
}
