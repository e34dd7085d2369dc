/* SPDX-License-Identifier: MIT */
/*
 * The fuzzers' machine: booted once, recorded with mml_machine_snapshot(),
 * and put back with mml_machine_restore() after every input, so that an
 * input costs what it does, not a boot (see docs/fuzzing.md).  A restore
 * is complete -- every page, object, counter and log line, and the host
 * files the machine opened -- so an input means the same on the reused
 * machine as on a fresh one; the files the input wrote under the machine's
 * root are removed before each input.
 *
 * Checks that the reuse hides nothing: every VERIFY_EVERY inputs the
 * machine's /proc files and log after the restore must equal those
 * recorded at the snapshot, and mml_audit() must pass.
 *
 * MMLAB_FUZZ_FRESH=1 in the environment boots a fresh machine for every
 * input instead (the old way: to compare rates, or to rerun a finding).
 * MMLAB_FUZZ_DIGEST=FILE appends, for every input, a hash of the machine's
 * files and log as the input left them: the same corpus run with and
 * without MMLAB_FUZZ_FRESH must give the same lines (docs/fuzzing.md).
 */
#ifndef FUZZ_MACHINE_H
#define FUZZ_MACHINE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <mmlab/mmlab.h>

#define VERIFY_EVERY	256

static char fm_root[64];
static struct mml_machine *fm_machine;	/* the reused one */
static char *fm_state;			/* its files at the snapshot */
static int fm_fresh = -1;
static unsigned long fm_inputs;
static FILE *fm_digest;

static const char *const fm_files[] = {
	"/proc/meminfo", "/proc/slabinfo", "/proc/buddyinfo", "/proc/vmstat",
	"/proc/vmallocinfo", "/proc/iomem", "/proc/ioports", "/proc/zoneinfo",
	"dmesg",
};

static char *fm_read_state(struct mml_machine *m)
{
	size_t cap = 1 << 20, len = 0, i;
	char *s = malloc(cap);

	if (!s)
		abort();
	for (i = 0; i < sizeof(fm_files) / sizeof(fm_files[0]); i++) {
		long n = mml_machine_read_file(m, fm_files[i], s + len, cap - len);

		if (n < 0)	/* a panicked machine shows its log only */
			n = snprintf(s + len, cap - len, "%s: %ld\n", fm_files[i], n);
		if ((size_t)n >= cap - len)
			abort();
		len += (size_t)n;
	}
	return s;
}

/* Remove what an input left under @dir (files, and directories). */
static void fm_clean(const char *dir, int top)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR) {
			fm_clean(path, 0);
			rmdir(path);
		} else {
			unlink(path);
		}
	}
	closedir(d);
	(void)top;
}

/*
 * A task that maps, touches, forks and exits before any input: the slab
 * caches of tasks, mms, VMAs and anon_vmas then have a slab each (SLUB
 * keeps min_partial empty slabs), so an input does not pay for making
 * them.  The fresh machines of MMLAB_FUZZ_FRESH get the same warm-up, so
 * that an input means the same thing in both modes.
 */
static void fm_warm_up(struct mml_machine *m)
{
	struct mml_task *t = mml_task_new(m, "warm-up"), *c;
	long a, child;

	if (!t)
		abort();
	a = mml_mmap(t, 0, 64 << 10, 3, 0x22, -1, 0);
	if (a > 0)
		mml_store(t, (unsigned long)a, "w", 1);
	child = mml_fork(t);
	c = child > 0 ? mml_task_get(m, (int)child) : NULL;
	if (c)
		mml_exit(c, 0);
	mml_exit(t, 0);
}

static struct mml_machine *fm_boot(int snapshot)
{
	struct mml_config cfg;
	struct mml_machine *m;

	mml_config_init(&cfg);
	cfg.ram_size = 16 << 20;
	cfg.root = fm_root;
	cfg.snapshot = snapshot;
	m = mml_machine_new(&cfg);
	if (m)
		fm_warm_up(m);
	return m;
}

/* At exit: the root directory goes, with what the last input left. */
static void fm_remove_root(void)
{
	fm_clean(fm_root, 1);
	rmdir(fm_root);
}

static void fm_init(void)
{
	const char *e = getenv("MMLAB_FUZZ_FRESH");

	snprintf(fm_root, sizeof(fm_root), "/tmp/mmlab-fuzz-XXXXXX");
	if (!mkdtemp(fm_root) || atexit(fm_remove_root))
		abort();
	fm_fresh = e && *e && strcmp(e, "0");
	e = getenv("MMLAB_FUZZ_DIGEST");
	if (e && *e && !(fm_digest = fopen(e, "a")))
		abort();
}

/* FNV-1a of the machine's files and log, for MMLAB_FUZZ_DIGEST. */
static void fm_write_digest(struct mml_machine *m)
{
	char *st = fm_read_state(m);
	unsigned long long h = 0xcbf29ce484222325ULL;
	const char *p;

	for (p = st; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	fprintf(fm_digest, "%016llx %d\n", h, mml_machine_panicked(m));
	fflush(fm_digest);
	free(st);
}

/* The machine for the next input, as booted. */
static struct mml_machine *fm_get(void)
{
	fm_clean(fm_root, 1);
	if (fm_fresh)
		return fm_boot(0);
	if (!fm_machine) {
		fm_machine = fm_boot(1);
		if (!fm_machine || mml_machine_snapshot(fm_machine))
			abort();
		fm_state = fm_read_state(fm_machine);
	}
	return fm_machine;
}

/* Done with @m: free it, or restore it for the next input. */
static void fm_put(struct mml_machine *m)
{
	char *now;

	if (fm_digest)
		fm_write_digest(m);
	if (fm_fresh) {
		mml_machine_free(m);
		return;
	}
	if (mml_machine_restore(m)) {
		fprintf(stderr, "FINDING: mml_machine_restore: %s\n",
			mml_last_error(m));
		abort();
	}
	if (++fm_inputs % VERIFY_EVERY)
		return;
	now = fm_read_state(m);
	if (strcmp(now, fm_state)) {
		fprintf(stderr, "FINDING: the restored machine differs from its snapshot\n");
		abort();
	}
	free(now);
	if (mml_audit(m)) {
		fprintf(stderr, "FINDING: audit after restore: %s\n",
			mml_last_error(m));
		abort();
	}
}

#endif
