// SPDX-License-Identifier: MIT
/*
 * Memory pressure and reclaim from the shell: create pressure (stress),
 * run the kswapd step, show a page's LRU list and age (page), set a
 * task's oom_score_adj, and run a workload under each replacement policy
 * side by side (workload).  See docs/reclaim.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

#define PAGE_SZ	4096ULL

/* One counter of /proc/vmstat (0 if missing). */
static unsigned long vmstat_get(struct mml_machine *m, const char *name)
{
	static char buf[16384];
	long n = mml_machine_read_file(m, "/proc/vmstat", buf, sizeof(buf));
	size_t len = strlen(name);
	char *p;

	if (n < 0)
		return 0;
	buf[n < (long)sizeof(buf) ? n : (long)sizeof(buf) - 1] = '\0';
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ' ')
			return strtoul(p + len + 1, NULL, 10);
	return 0;
}

static unsigned long meminfo_kb(struct mml_machine *m, const char *name)
{
	static char buf[8192];
	long n = mml_machine_read_file(m, "/proc/meminfo", buf, sizeof(buf));
	char *p;

	if (n < 0)
		return 0;
	buf[n < (long)sizeof(buf) ? n : (long)sizeof(buf) - 1] = '\0';
	p = strstr(buf, name);
	return p ? strtoul(p + strlen(name), NULL, 10) : 0;
}

/* --- kswapd ------------------------------------------------------------ */

int cmd_kswapd(struct shell *sh, int argc, char **argv)
{
	bool wake = argc < 2 || strcmp(argv[1], "run");
	unsigned long scan0 = vmstat_get(sh->m, "pgscan_kswapd");
	unsigned long steal0 = vmstat_get(sh->m, "pgsteal_kswapd");
	unsigned long free0 = meminfo_kb(sh->m, "MemFree:");
	long freed;

	if (argc == 2 && strcmp(argv[1], "run") && strcmp(argv[1], "wake"))
		return sh_fail(sh, "usage: kswapd [wake|run]");
	if (!wake && !mml_kswapd_pending(sh->m)) {
		fprintf(sh->out, "kswapd: asleep (not woken)\n");
		j_bool(sh, "ran", false);
		return 0;
	}
	freed = mml_kswapd(sh->m, wake);
	fprintf(sh->out, "kswapd: scanned %lu, reclaimed %lu pages; MemFree %lu kB -> %lu kB\n",
		vmstat_get(sh->m, "pgscan_kswapd") - scan0,
		vmstat_get(sh->m, "pgsteal_kswapd") - steal0, free0,
		meminfo_kb(sh->m, "MemFree:"));
	j_bool(sh, "ran", true);
	j_u64(sh, "reclaimed", (uint64_t)freed);
	return 0;
}

/* --- page PFN ------------------------------------------------------------ */

int cmd_page(struct shell *sh, int argc, char **argv)
{
	struct mml_page_lru info;
	uint64_t pfn;
	int err;

	(void)argc;
	if (sh_arg_u64(sh, "pfn", argv[1], &pfn))
		return -1;
	err = mml_page_lru(sh->m, pfn, &info);
	if (err)
		return sh_fail_api(sh, err, "page %s", argv[1]);
	fprintf(sh->out, "pfn %#" PRIx64 ": lru %s", pfn, info.list);
	if (info.gen >= 0)
		fprintf(sh->out, " gen %d (%lu younger)", info.gen, info.seq_age);
	fprintf(sh->out, "%s%s%s%s%s, young PTEs %d, mapcount %d, refcount %d\n",
		info.active ? " active" : "", info.referenced ? " referenced" : "",
		info.workingset ? " workingset" : "", info.mlocked ? " mlocked" : "",
		info.dirty ? " dirty" : "", info.young_ptes, info.mapcount,
		info.refcount);
	j_hex(sh, "pfn", pfn);
	j_str(sh, "lru", info.list);
	j_u64(sh, "young_ptes", (uint64_t)info.young_ptes);
	j_bool(sh, "active", info.active);
	j_bool(sh, "referenced", info.referenced);
	return 0;
}

/* --- oom_score_adj ------------------------------------------------------- */

int cmd_oom_score_adj(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	long v;
	char *end;
	int err;

	(void)argc;
	if (!t)
		return -1;
	v = strtol(argv[1], &end, 0);
	if (*end || end == argv[1])
		return sh_fail(sh, "bad value '%s'", argv[1]);
	err = mml_set_oom_score_adj(t, v < -100000 || v > 100000 ? 100000 : (int)v);
	if (err)
		return sh_fail_api(sh, err, "oom_score_adj must be in [-1000, 1000]");
	fprintf(sh->out, "pid %d: oom_score_adj %ld\n", mml_task_pid(t), v);
	return 0;
}

/* --- stress -------------------------------------------------------------- */

/*
 * stress file SIZE [PATH]: a new task "stress" maps a host file of SIZE
 * (created sparse if missing) shared and reads every page; stress anon
 * SIZE: it dirties SIZE of anonymous memory.  Prints what reclaim did.
 */
int cmd_stress(struct shell *sh, int argc, char **argv)
{
	struct mml_machine *m = sh->m;
	bool file = !strcmp(argv[1], "file");
	unsigned long scan0 = vmstat_get(m, "pgscan_kswapd") + vmstat_get(m, "pgscan_direct");
	unsigned long steal0 = vmstat_get(m, "pgsteal_kswapd") + vmstat_get(m, "pgsteal_direct");
	unsigned long oom0 = vmstat_get(m, "oom_kill");
	unsigned long minflt, majflt;
	char tmp[64];
	const char *path = argc > 3 ? argv[3] : tmp;
	struct mml_task *t;
	uint64_t size, off;
	long a, fd = -1;
	int sig = 0;

	/* Under a machine root of its own (the demo's) the file goes there. */
	snprintf(tmp, sizeof(tmp), "%s/mmlab-stress.%d",
		 sh->root && strcmp(sh->root, "/") ? "" : "/tmp", (int)getpid());
	if (!file && strcmp(argv[1], "anon"))
		return sh_fail(sh, "usage: stress file|anon SIZE [PATH]");
	if (sh_arg_size(sh, "size", argv[2], &size))
		return -1;
	if (!size || size > (1ULL << 40))
		return sh_fail(sh, "size must be in (0, 1T]");
	size = (size + PAGE_SZ - 1) & ~(PAGE_SZ - 1);
	t = mml_task_new(m, "stress");
	if (!t)
		return sh_fail(sh, "cannot create a task: %s", mml_last_error(m));
	if (file) {
		fd = mml_open(t, path, O_RDWR | O_CREAT, 0600);
		if (fd < 0)
			return sh_fail_api(sh, (int)fd, "open %s", path);
		if (argc <= 3) {
			/* The default file goes from the host once open (as a temp file). */
			char host[4200];

			snprintf(host, sizeof(host), "%s%s",
				 sh->root && strcmp(sh->root, "/") ? sh->root : "", path);
			unlink(host);
		}
		if ((a = mml_ftruncate(t, (int)fd, (long)size)) < 0)
			return sh_fail_api(sh, (int)a, "ftruncate %s", path);
		a = mml_mmap(t, 0, size, 1 /* PROT_READ */, 0x01 /* MAP_SHARED */,
			     (int)fd, 0);
	} else {
		a = mml_mmap(t, 0, size, 3 /* PROT_READ|WRITE */,
			     0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
	}
	if (a < 0 && a > -4096)
		return sh_fail_api(sh, (int)a, "mmap of %" PRIu64 " bytes", size);
	for (off = 0; off < size && !sig; off += PAGE_SZ) {
		uint64_t v = off;

		sig = file ? mml_load(t, (unsigned long)a + off, &v, 1) :
			     mml_store(t, (unsigned long)a + off, &v, 8);
	}
	mml_task_faults(t, &minflt, &majflt);
	fprintf(sh->out, "stress %s %s: pid %d touched %" PRIu64 " pages (majflt %lu)%s\n",
		argv[1], argv[2], mml_task_pid(t), (uint64_t)(off / PAGE_SZ), majflt,
		sig == 9 ? ", killed by the OOM killer" : sig ? ", got a signal" : "");
	fprintf(sh->out, "reclaim: scanned %lu, reclaimed %lu, oom kills %lu; MemFree %lu kB\n",
		vmstat_get(m, "pgscan_kswapd") + vmstat_get(m, "pgscan_direct") - scan0,
		vmstat_get(m, "pgsteal_kswapd") + vmstat_get(m, "pgsteal_direct") - steal0,
		vmstat_get(m, "oom_kill") - oom0, meminfo_kb(m, "MemFree:"));
	j_u64(sh, "pid", (uint64_t)mml_task_pid(t));
	j_u64(sh, "majflt", majflt);
	j_u64(sh, "signal", (uint64_t)sig);
	if (mml_task_pid(t) > sh->max_pid)
		sh->max_pid = mml_task_pid(t);
	return 0;
}

/* --- workload: one access pattern under each policy -------------------- */

struct wl_result {
	unsigned long majflt, refaults, activations, scanned, reclaimed;
	int killed;
};

static uint64_t wl_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A page number drawn from a Zipf-like law (s = 1) over @n pages. */
static uint64_t wl_zipf(uint64_t *s, uint64_t n, const double *cdf)
{
	double u = (double)(wl_rand(s) >> 11) / 9007199254740992.0;
	uint64_t lo = 0, hi = n - 1;

	while (lo < hi) {
		uint64_t mid = (lo + hi) / 2;

		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* scatter ranks over the file so that hot pages are not adjacent */
	return (lo * 2654435761ULL) % n;
}

static int wl_touch(struct mml_task *t, long a, uint64_t page)
{
	char c;

	return mml_load(t, (unsigned long)a + page * PAGE_SZ, &c, 1);
}

static int wl_run(const char *pattern, const char *path, uint64_t size,
		  uint64_t ram, uint64_t seed, const char *policy,
		  const double *cdf, struct wl_result *r, char *err, size_t errlen)
{
	struct mml_config cfg;
	char cmdline[64], msg[256];
	struct mml_machine *m;
	struct mml_task *t;
	uint64_t npages = size / PAGE_SZ, i, rounds, s = seed ? seed : 88172645463325252ULL;
	unsigned long minflt, majflt;
	long fd, a;
	int e;

	mml_config_init(&cfg);
	cfg.ram_size = ram;
	snprintf(cmdline, sizeof(cmdline), "lru=%s", policy);
	cfg.cmdline = cmdline;
	m = mml_machine_new_err(&cfg, &e, msg, sizeof(msg));
	if (!m) {
		snprintf(err, errlen, "boot: %s", msg);
		return e;
	}
	t = mml_task_new(m, "workload");
	fd = t ? mml_open(t, path, O_RDONLY, 0) : -ENOMEM;
	a = fd >= 0 ? mml_mmap(t, 0, size, 1, 0x01, (int)fd, 0) : fd;
	if (a < 0 && a > -4096) {
		snprintf(err, errlen, "mapping the file: %s", mml_errname((int)a));
		mml_machine_free(m);
		return (int)a;
	}
	memset(r, 0, sizeof(*r));
	if (!strcmp(pattern, "seq")) {		/* scan the file twice */
		for (rounds = 0; rounds < 2; rounds++)
			for (i = 0; i < npages; i++)
				wl_touch(t, a, i);
	} else if (!strcmp(pattern, "loop")) {	/* a hot set looped over + scans */
		uint64_t hot = npages / 4;

		for (rounds = 0; rounds < 8; rounds++) {
			for (i = 0; i < hot; i++)
				wl_touch(t, a, i);
			for (i = 0; i < npages / 8; i++)
				wl_touch(t, a, hot + (rounds * (npages / 8) + i) % (npages - hot));
		}
	} else if (!strcmp(pattern, "zipf")) {
		for (i = 0; i < 4 * npages; i++)
			wl_touch(t, a, wl_zipf(&s, npages, cdf));
	} else {				/* fork: children touch random pages */
		for (rounds = 0; rounds < 16; rounds++) {
			long pid = mml_fork(t);
			struct mml_task *c = pid > 0 ? mml_task_get(m, (int)pid) : NULL;

			if (!c)
				break;
			for (i = 0; i < npages / 4; i++)
				wl_touch(c, a, wl_zipf(&s, npages, cdf));
			mml_exit(c, 0);
		}
	}
	mml_task_faults(t, &minflt, &majflt);
	r->majflt = vmstat_get(m, "pgmajfault");
	r->refaults = vmstat_get(m, "workingset_refault_file");
	r->activations = vmstat_get(m, "pgactivate");
	r->scanned = vmstat_get(m, "pgscan_kswapd") + vmstat_get(m, "pgscan_direct");
	r->reclaimed = vmstat_get(m, "pgsteal_kswapd") + vmstat_get(m, "pgsteal_direct");
	r->killed = (int)vmstat_get(m, "oom_kill");
	e = mml_audit(m);
	if (e)
		snprintf(err, errlen, "audit: %s", mml_last_error(m));
	mml_machine_free(m);
	return e;
}

/*
 * workload seq|loop|zipf|fork SIZE [ram=SIZE] [seed=N]: the pattern over a
 * file of SIZE on a machine with ram= of RAM, once per policy.
 */
int cmd_workload(struct shell *sh, int argc, char **argv)
{
	static const char *const policies[] = { "classic", "gen" };
	const char *pattern = argv[1];
	uint64_t size, ram = 64ULL << 20, seed = 1, npages, i;
	char path[] = "/tmp/mmlab-workload.XXXXXX", err[300];
	struct wl_result res[2];
	double *cdf, sum = 0;
	int fd, k, e;

	if (strcmp(pattern, "seq") && strcmp(pattern, "loop") &&
	    strcmp(pattern, "zipf") && strcmp(pattern, "fork"))
		return sh_fail(sh, "pattern must be seq, loop, zipf or fork");
	if (sh_arg_size(sh, "size", argv[2], &size))
		return -1;
	for (k = 3; k < argc; k++) {
		if (!strncmp(argv[k], "ram=", 4)) {
			if (sh_arg_size(sh, "ram", argv[k] + 4, &ram))
				return -1;
		} else if (!strncmp(argv[k], "seed=", 5)) {
			if (sh_arg_u64(sh, "seed", argv[k] + 5, &seed))
				return -1;
		} else {
			return sh_fail(sh, "unknown option '%s' (ram=SIZE, seed=N)", argv[k]);
		}
	}
	size &= ~(PAGE_SZ - 1);
	if (size < 16 * PAGE_SZ || size > (4ULL << 30))
		return sh_fail(sh, "size must be in [64K, 4G]");
	npages = size / PAGE_SZ;
	cdf = malloc(npages * sizeof(*cdf));
	if (!cdf)
		return sh_fail(sh, "out of host memory");
	for (i = 0; i < npages; i++)
		sum += 1.0 / (double)(i + 1);
	for (i = 0; i < npages; i++)
		cdf[i] = (i ? cdf[i - 1] : 0) + 1.0 / (double)(i + 1) / sum;
	fd = mkstemp(path);
	if (fd < 0 || ftruncate(fd, (off_t)size)) {
		free(cdf);
		if (fd >= 0)
			close(fd);
		return sh_fail(sh, "cannot make the host file: %s", strerror(errno));
	}
	close(fd);
	for (k = 0; k < 2; k++) {
		e = wl_run(pattern, path, size, ram, seed, policies[k], cdf, &res[k],
			   err, sizeof(err));
		if (e) {
			unlink(path);
			free(cdf);
			return sh_fail(sh, "%s under %s: %s", pattern, policies[k], err);
		}
	}
	unlink(path);
	free(cdf);
	fprintf(sh->out, "workload %s over %s, ram %" PRIu64 "M, seed %" PRIu64 "\n",
		pattern, argv[2], ram >> 20, seed);
	fprintf(sh->out, "%-9s %10s %10s %10s %10s %10s\n", "policy", "majflt",
		"refaults", "activate", "scanned", "reclaimed");
	for (k = 0; k < 2; k++)
		fprintf(sh->out, "%-9s %10lu %10lu %10lu %10lu %10lu\n", policies[k],
			res[k].majflt, res[k].refaults, res[k].activations,
			res[k].scanned, res[k].reclaimed);
	j_u64(sh, "classic_majflt", res[0].majflt);
	j_u64(sh, "gen_majflt", res[1].majflt);
	return 0;
}
