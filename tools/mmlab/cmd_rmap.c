// SPDX-License-Identifier: MIT
/*
 * Physical pages seen from user space and back: the reverse map (rmap),
 * page migration, /proc/PID/pagemap, /proc/kpagecount and
 * /proc/kpageflags decoded, pinning, exec, the task's fault counters,
 * writeback of the page cache, and the host's own view of a file under the
 * machine's root (hostcat).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

#define PAGE_SZ		4096ULL
#define PAGES_MAX	4096	/* pagemap/kpage* entries one command prints */
#define PIN_MAX		512	/* pages one "pin" takes */
#define HOSTCAT_MAX	4096	/* bytes of a host file "hostcat" shows */
/* fs-writeback.c's MAX_WRITEBACK_PAGES: one round of periodic writeback. */
#define MAX_WRITEBACK_PAGES	1024L

/* /proc/PID/pagemap, as in Linux's Documentation/admin-guide/mm/pagemap.rst */
#define PM_PFRAME_MASK		((1ULL << 55) - 1)
#define PM_SOFT_DIRTY		(1ULL << 55)
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_UFFD_WP		(1ULL << 57)
#define PM_FILE			(1ULL << 61)
#define PM_SWAP			(1ULL << 62)
#define PM_PRESENT		(1ULL << 63)

#define KPF_ZERO_PAGE		24
#define PTE_PFN_MASK		0x000ffffffffff000ULL

/* /proc/kpageflags bits (uapi/linux/kernel-page-flags.h and the kernel's
 * own kernel-page-flags.h for 32 and up), as page-types names them. */
static const char *const kpf_names[64] = {
	[0] = "locked", [1] = "error", [2] = "referenced", [3] = "uptodate",
	[4] = "dirty", [5] = "lru", [6] = "active", [7] = "slab",
	[8] = "writeback", [9] = "reclaim", [10] = "buddy", [11] = "mmap",
	[12] = "anonymous", [13] = "swapcache", [14] = "swapbacked",
	[15] = "compound_head", [16] = "compound_tail", [17] = "huge",
	[18] = "unevictable", [19] = "hwpoison", [20] = "nopage", [21] = "ksm",
	[22] = "thp", [23] = "offline", [24] = "zero_page", [25] = "idle_page",
	[26] = "pgtable", [32] = "reserved", [33] = "mlocked",
	[34] = "mappedtodisk", [35] = "private", [36] = "private_2",
	[37] = "owner_private", [38] = "arch", [39] = "uncached",
	[40] = "softdirty", [41] = "arch_2",
};

static int arg_pfn(struct shell *sh, const char *s, uint64_t *pfn)
{
	return sh_arg_u64(sh, "pfn", s, pfn);
}

/* The x86 bits of a PTE, as "P RW US A D NX" ("not present" if clear). */
static void pte_bits(uint64_t pte, char *buf, size_t n)
{
	static const struct { int bit; const char *name; } b[] = {
		{ 0, "P" }, { 1, "RW" }, { 2, "US" }, { 3, "PWT" }, { 4, "PCD" },
		{ 5, "A" }, { 6, "D" }, { 7, "PAT" }, { 8, "G" }, { 63, "NX" },
	};
	size_t i, len = 0;

	buf[0] = '\0';
	if (!(pte & 1)) {
		snprintf(buf, n, "not present");
		return;
	}
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		if (pte >> b[i].bit & 1)
			len += snprintf(buf + len, len < n ? n - len : 0, "%s%s",
					len ? " " : "", b[i].name);
	if (!(pte & 2))
		snprintf(buf + len, len < n ? n - len : 0, " (read-only)");
}

/* ------------------------------------------------------------------ */
/* rmap PFN                                                            */
/* ------------------------------------------------------------------ */

struct rmap_list {
	struct mml_rmap_entry *e;
	size_t nr, cap;
	bool nomem;
};

static int rmap_collect(const struct mml_rmap_entry *e, void *arg)
{
	struct rmap_list *l = arg;

	if (l->nr == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct mml_rmap_entry *ne = realloc(l->e, cap * sizeof(*ne));

		if (!ne) {
			l->nomem = true;
			return 1;	/* stop the walk */
		}
		l->e = ne;
		l->cap = cap;
	}
	l->e[l->nr++] = *e;
	return 0;
}

static void rmap_print(struct shell *sh, const struct mml_rmap_entry *e,
		       bool first)
{
	char bits[96];

	pte_bits(e->pte, bits, sizeof(bits));
	fprintf(sh->out, "  pid %d  va 0x%" PRIx64 "  vma %" PRIx64 "-%" PRIx64
		"  pte 0x%016" PRIx64 " %s  via %s\n", e->pid, e->va, e->vm_start,
		e->vm_end, e->pte, bits,
		e->anon ? "anon_vma chain" : "file i_mmap tree");
	if (!first)
		j_sep(sh);
	j_raw(sh, "{");
	j_u64(sh, "pid", (uint64_t)e->pid);
	j_hex(sh, "va", e->va);
	j_hex(sh, "vm_start", e->vm_start);
	j_hex(sh, "vm_end", e->vm_end);
	j_hex(sh, "pte", e->pte);
	j_str(sh, "found", e->anon ? "anon_vma" : "i_mmap");
	j_raw(sh, "}");
}

int cmd_rmap(struct shell *sh, int argc, char **argv)
{
	struct rmap_list l = { 0 };
	uint64_t pfn;
	size_t i;
	int err;

	if (arg_pfn(sh, argv[1], &pfn))
		return -1;
	err = mml_rmap(sh->m, pfn, rmap_collect, &l);
	if (err || l.nomem) {
		free(l.e);
		return err ? sh_fail_api(sh, err, "pfn 0x%" PRIx64, pfn) :
			     sh_fail(sh, "out of host memory");
	}
	fprintf(sh->out, "pfn 0x%" PRIx64 ": %zu mapping%s\n", pfn, l.nr,
		l.nr == 1 ? "" : "s");
	j_hex(sh, "pfn", pfn);
	j_key(sh, "mappings");
	j_raw(sh, "[");
	for (i = 0; i < l.nr; i++)
		rmap_print(sh, &l.e[i], i == 0);
	j_raw(sh, "]");
	free(l.e);
	return 0;
}

/* ------------------------------------------------------------------ */
/* migrate PFN                                                         */
/* ------------------------------------------------------------------ */

struct migrate_list {
	struct mml_migrate_entry *e;
	size_t nr, cap;
	bool nomem;
};

static void migrate_collect(const struct mml_migrate_entry *e, void *arg)
{
	struct migrate_list *l = arg;

	if (l->nomem)
		return;
	if (l->nr == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct mml_migrate_entry *ne = realloc(l->e, cap * sizeof(*ne));

		if (!ne) {
			l->nomem = true;	/* the migration goes on */
			return;
		}
		l->e = ne;
		l->cap = cap;
	}
	l->e[l->nr++] = *e;
}

static void migrate_print(struct shell *sh, const struct mml_migrate_entry *e,
			  bool first)
{
	fprintf(sh->out, "  pid %d  va 0x%" PRIx64 "  pte 0x%016" PRIx64
		" -> 0x%016" PRIx64 "  (%s)\n", e->pid, e->va, e->old_pte,
		e->new_pte, e->anon ? "anon" : "file");
	if (!first)
		j_sep(sh);
	j_raw(sh, "{");
	j_u64(sh, "pid", (uint64_t)e->pid);
	j_hex(sh, "va", e->va);
	j_hex(sh, "old_pte", e->old_pte);
	j_hex(sh, "new_pte", e->new_pte);
	j_bool(sh, "anon", e->anon);
	j_raw(sh, "}");
}

int cmd_migrate(struct shell *sh, int argc, char **argv)
{
	struct migrate_list l = { 0 };
	uint64_t pfn, new_pfn = 0;
	size_t i;
	int err;

	if (arg_pfn(sh, argv[1], &pfn))
		return -1;
	err = mml_migrate(sh->m, pfn, &new_pfn, migrate_collect, &l);
	if (err) {
		free(l.e);
		return sh_fail_api(sh, err, "pfn 0x%" PRIx64, pfn);
	}
	fprintf(sh->out, "pfn 0x%" PRIx64 " -> 0x%" PRIx64 ": %zu PTE%s changed%s\n",
		pfn, new_pfn, l.nr, l.nr == 1 ? "" : "s",
		l.nomem ? " (the shell ran out of memory listing them)" : "");
	j_hex(sh, "pfn", pfn);
	j_hex(sh, "new_pfn", new_pfn);
	j_key(sh, "ptes");
	j_raw(sh, "[");
	for (i = 0; i < l.nr; i++)
		migrate_print(sh, &l.e[i], i == 0);
	j_raw(sh, "]");
	sh_set_last(sh, new_pfn);
	free(l.e);
	return 0;
}

/* ------------------------------------------------------------------ */
/* pagemap, kpagecount, kpageflags                                     */
/* ------------------------------------------------------------------ */

/* The task that reads machine-wide /proc files: the selected one, or any. */
static struct mml_task *reader_task(struct shell *sh)
{
	struct mml_task *t = NULL;
	int pid;

	if (sh->task_pid)
		t = mml_task_get(sh->m, sh->task_pid);
	for (pid = 1; !t && pid <= sh->max_pid; pid++)
		t = mml_task_get(sh->m, pid);
	if (!t)
		sh_fail(sh, "no task to read /proc with (use 'spawn')");
	return t;
}

/* @nr u64 entries of the binary file @path from entry @first into @v. */
static long read_u64s(struct shell *sh, struct mml_task *t, const char *path,
		      uint64_t first, uint64_t nr, uint64_t *v)
{
	long n;

	if (first > UINT64_MAX / 8 - nr)
		return sh_fail(sh, "index 0x%" PRIx64 " is out of range", first);
	n = mml_read_file_at(t, path, v, nr * 8, first * 8);
	if (n < 0)
		return sh_fail_api(sh, (int)n, "%s", path);
	return n / 8;
}

static int arg_count(struct shell *sh, int argc, char **argv, int i,
		     uint64_t *nr)
{
	*nr = 1;
	if (argc <= i)
		return 0;
	if (sh_arg_u64(sh, "count", argv[i], nr))
		return -1;
	if (!*nr || *nr > PAGES_MAX)
		return sh_fail(sh, "count %" PRIu64 " is not in 1..%d", *nr, PAGES_MAX);
	return 0;
}

/* The pagemap flags of @e, e.g. "present exclusive". */
static void pagemap_flags(uint64_t e, bool zero, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s%s", e & PM_PRESENT ? "present" : "not present",
		 e & PM_SWAP ? " swapped" : "",
		 e & PM_FILE ? " file/shared" : "",
		 e & PM_MMAP_EXCLUSIVE ? " exclusive" : "",
		 e & PM_SOFT_DIRTY ? " soft-dirty" : "",
		 zero ? " (the zero page)" : "");
}

static bool pfn_is_zero_page(struct mml_task *t, uint64_t pfn)
{
	uint64_t flags = 0;

	if (mml_read_file_at(t, "/proc/kpageflags", &flags, 8, pfn * 8) != 8)
		return false;
	return flags >> KPF_ZERO_PAGE & 1;
}

static void pagemap_print(struct shell *sh, struct mml_task *t, uint64_t va,
			  uint64_t e, bool first)
{
	uint64_t pfn = e & PM_PFRAME_MASK;
	bool present = e & PM_PRESENT;
	bool zero = present && pfn_is_zero_page(t, pfn);
	char flags[96], pfns[32] = "-";

	pagemap_flags(e, zero, flags, sizeof(flags));
	if (present)
		snprintf(pfns, sizeof(pfns), "pfn 0x%" PRIx64, pfn);
	else if (e & PM_SWAP)	/* bits 0-4 the type, 5-54 the offset */
		snprintf(pfns, sizeof(pfns), "swap %" PRIu64 ":%" PRIu64,
			 pfn & 0x1f, pfn >> 5);
	fprintf(sh->out, "  0x%" PRIx64 "  0x%016" PRIx64 "  %-14s %s\n", va, e,
		pfns, flags);
	if (!first)
		j_sep(sh);
	j_raw(sh, "{");
	j_hex(sh, "va", va);
	j_hex(sh, "entry", e);
	j_bool(sh, "present", present);
	if (present)
		j_hex(sh, "pfn", pfn);
	j_bool(sh, "swapped", e & PM_SWAP);
	if (e & PM_SWAP) {
		j_u64(sh, "swap_type", pfn & 0x1f);
		j_u64(sh, "swap_offset", pfn >> 5);
	}
	j_bool(sh, "file", e & PM_FILE);
	j_bool(sh, "exclusive", e & PM_MMAP_EXCLUSIVE);
	j_bool(sh, "soft_dirty", e & PM_SOFT_DIRTY);
	j_bool(sh, "zero_page", zero);
	j_raw(sh, "}");
}

int cmd_pagemap(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t va, nr, v[PAGES_MAX], i;
	bool have_pfn = false;
	long n;

	if (!t || sh_arg_size(sh, "address", argv[1], &va) ||
	    arg_count(sh, argc, argv, 2, &nr))
		return -1;
	va &= ~(PAGE_SZ - 1);
	n = read_u64s(sh, t, "/proc/self/pagemap", va / PAGE_SZ, nr, v);
	if (n < 0)
		return -1;
	if (!n)
		return sh_fail(sh, "0x%" PRIx64 " is beyond the task's address space", va);
	fprintf(sh->out, "pagemap of pid %d:\n", sh->task_pid);
	j_u64(sh, "pid", (uint64_t)sh->task_pid);
	j_key(sh, "pages");
	j_raw(sh, "[");
	for (i = 0; i < (uint64_t)n; i++) {
		pagemap_print(sh, t, va + i * PAGE_SZ, v[i], i == 0);
		if (!have_pfn && (v[i] & PM_PRESENT)) {
			sh_set_last(sh, v[i] & PM_PFRAME_MASK);	/* for rmap $_ */
			have_pfn = true;
		}
	}
	j_raw(sh, "]");
	return 0;
}

static void kpageflags_names(uint64_t f, char *buf, size_t n)
{
	size_t len = 0;
	int b;

	buf[0] = '\0';
	for (b = 0; b < 64; b++) {
		if (!(f >> b & 1))
			continue;
		if (kpf_names[b])
			len += snprintf(buf + len, len < n ? n - len : 0, "%s%s",
					len ? " " : "", kpf_names[b]);
		else
			len += snprintf(buf + len, len < n ? n - len : 0, "%sbit%d",
					len ? " " : "", b);
	}
}

int cmd_kpage(struct shell *sh, int argc, char **argv)
{
	bool flags = !strcmp(argv[0], "kpageflags");
	const char *path = flags ? "/proc/kpageflags" : "/proc/kpagecount";
	struct mml_task *t;
	uint64_t pfn, nr, v[PAGES_MAX], i;
	char names[512];
	long n;

	if (arg_pfn(sh, argv[1], &pfn) || arg_count(sh, argc, argv, 2, &nr))
		return -1;
	t = reader_task(sh);
	if (!t)
		return -1;
	n = read_u64s(sh, t, path, pfn, nr, v);
	if (n < 0)
		return -1;
	if (!n)
		return sh_fail(sh, "pfn 0x%" PRIx64 " is beyond max_pfn", pfn);
	j_key(sh, "pages");
	j_raw(sh, "[");
	for (i = 0; i < (uint64_t)n; i++) {
		if (i)
			j_sep(sh);
		j_raw(sh, "{");
		j_hex(sh, "pfn", pfn + i);
		if (flags) {
			kpageflags_names(v[i], names, sizeof(names));
			fprintf(sh->out, "  pfn 0x%" PRIx64 "  0x%016" PRIx64 "  %s\n",
				pfn + i, v[i], names[0] ? names : "(none)");
			j_hex(sh, "flags", v[i]);
			j_str(sh, "names", names);
		} else {
			fprintf(sh->out, "  pfn 0x%" PRIx64 "  %" PRIu64 "\n", pfn + i, v[i]);
			j_u64(sh, "count", v[i]);
		}
		j_raw(sh, "}");
	}
	j_raw(sh, "]");
	return 0;
}

/* ------------------------------------------------------------------ */
/* exec, faults, pin/unpin                                             */
/* ------------------------------------------------------------------ */

int cmd_exec(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	int err;

	if (!t)
		return -1;
	err = mml_exec_reset(t);
	if (err)
		return sh_fail_api(sh, err, "pid %d", sh->task_pid);
	fprintf(sh->out, "pid %d: exec: a fresh address space (the old one is gone)\n",
		sh->task_pid);
	j_u64(sh, "pid", (uint64_t)sh->task_pid);
	return 0;
}

int cmd_faults(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t;
	unsigned long minflt, majflt;
	uint64_t pid;

	if (argc == 2) {
		if (sh_arg_u64(sh, "pid", argv[1], &pid))
			return -1;
		t = pid <= 0x7fffffff ? mml_task_get(sh->m, (int)pid) : NULL;
		if (!t)
			return sh_fail(sh, "no task with pid %" PRIu64 " (see 'ps')", pid);
	} else {
		t = sh_task(sh);
		if (!t)
			return -1;
	}
	mml_task_faults(t, &minflt, &majflt);
	fprintf(sh->out, "pid %d: minflt %lu, majflt %lu\n", mml_task_pid(t),
		minflt, majflt);
	j_u64(sh, "pid", (uint64_t)mml_task_pid(t));
	j_u64(sh, "minflt", minflt);
	j_u64(sh, "majflt", majflt);
	return 0;
}

int cmd_pin(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr, nr, pfns[PIN_MAX];
	bool write = false;
	long n, i;

	if (!t || sh_arg_size(sh, "address", argv[1], &addr) ||
	    sh_arg_u64(sh, "page count", argv[2], &nr))
		return -1;
	if (!nr || nr > PIN_MAX)
		return sh_fail(sh, "page count %" PRIu64 " is not in 1..%d", nr, PIN_MAX);
	if (argc == 4) {
		if (strcmp(argv[3], "write") && strcmp(argv[3], "FOLL_WRITE"))
			return sh_fail(sh, "'%s': usage: pin ADDR NPAGES [write]", argv[3]);
		write = true;
	}
	n = mml_pin_user_pages(t, addr, nr, write, pfns);
	if (n < 0)
		return sh_fail_api(sh, (int)n, "0x%" PRIx64, addr);
	fprintf(sh->out, "pinned %ld page%s%s:", n, n == 1 ? "" : "s",
		write ? " (FOLL_WRITE)" : "");
	j_u64(sh, "pinned", (uint64_t)n);
	j_key(sh, "pfns");
	j_raw(sh, "[");
	for (i = 0; i < n; i++) {
		fprintf(sh->out, " 0x%" PRIx64, pfns[i]);
		if (sh->json)
			fprintf(sh->jout, "%s\"0x%" PRIx64 "\"", i ? "," : "", pfns[i]);
	}
	j_raw(sh, "]");
	fputc('\n', sh->out);
	if (n)
		sh_set_last(sh, pfns[0]);
	return 0;
}

int cmd_unpin(struct shell *sh, int argc, char **argv)
{
	uint64_t pfns[SH_MAX_ARGS];
	int i, err;

	for (i = 1; i < argc; i++)
		if (arg_pfn(sh, argv[i], &pfns[i - 1]))
			return -1;
	err = mml_unpin_user_pages(sh->m, pfns, (unsigned long)(argc - 1));
	if (err)
		return sh_fail_api(sh, err, "unpin");
	fprintf(sh->out, "unpinned %d page%s\n", argc - 1, argc == 2 ? "" : "s");
	j_u64(sh, "unpinned", (uint64_t)(argc - 1));
	return 0;
}

/* ------------------------------------------------------------------ */
/* sync, writeback, hostcat                                            */
/* ------------------------------------------------------------------ */

int cmd_sync(struct shell *sh, int argc, char **argv)
{
	int err = mml_sync(sh->m);

	if (err)
		return sh_fail_api(sh, err, "sync");
	fprintf(sh->out, "sync: every dirty page-cache page written to its host file\n");
	j_begin(sh);
	return 0;
}

int cmd_writeback(struct shell *sh, int argc, char **argv)
{
	uint64_t nr = MAX_WRITEBACK_PAGES;
	long n;

	if (argc == 2 && sh_arg_u64(sh, "page count", argv[1], &nr))
		return -1;
	if (!nr || nr > (uint64_t)LONG_MAX)
		return sh_fail(sh, "page count %" PRIu64 " is out of range", nr);
	n = mml_writeback(sh->m, (long)nr);
	if (n < 0)
		return sh_fail_api(sh, (int)n, "writeback");
	fprintf(sh->out, "writeback: %ld page%s written\n", n, n == 1 ? "" : "s");
	j_u64(sh, "written", (uint64_t)n);
	return 0;
}

/* A path under the root that cannot leave it: no ".." component. */
static bool path_escapes(const char *path)
{
	const char *p = path;

	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += n;
		p += strspn(p, "/");
	}
	return false;
}

static int hostcat_read(struct shell *sh, const char *path, unsigned char *buf,
			size_t *n, off_t *size)
{
	char host[4096];
	const char *root = sh->root && *sh->root ? sh->root : "/";
	int fd, len;
	ssize_t r;

	len = snprintf(host, sizeof(host), "%s/%s", root, path + strspn(path, "/"));
	if (len < 0 || (size_t)len >= sizeof(host))
		return sh_fail(sh, "%s: path too long", path);
	fd = open(host, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sh_fail(sh, "%s: %s (on the host)", path, strerror(errno));
	*size = lseek(fd, 0, SEEK_END);
	r = *size < 0 ? -1 : pread(fd, buf, *n, 0);
	if (r < 0) {
		int e = errno;

		close(fd);
		return sh_fail(sh, "%s: %s (on the host)", path, strerror(e));
	}
	close(fd);
	*n = (size_t)r;
	return 0;
}

int cmd_hostcat(struct shell *sh, int argc, char **argv)
{
	unsigned char buf[HOSTCAT_MAX];
	size_t n = sizeof(buf), i;
	off_t size = 0;

	if (path_escapes(argv[1]))
		return sh_fail(sh, "%s: '..' may not leave the machine's root", argv[1]);
	if (hostcat_read(sh, argv[1], buf, &n, &size))
		return -1;
	if ((uint64_t)size > n)
		fprintf(sh->out, "%s on the host: %lld bytes (the first %zu shown)\n",
			argv[1], (long long)size, n);
	else
		fprintf(sh->out, "%s on the host: %lld bytes\n", argv[1], (long long)size);
	hexdump(sh, 0, buf, n);
	j_str(sh, "path", argv[1]);
	j_u64(sh, "size", (uint64_t)size);
	j_key(sh, "hex");
	j_raw(sh, "\"");
	for (i = 0; sh->json && i < n; i++)
		fprintf(sh->jout, "%02x", buf[i]);
	j_raw(sh, "\"");
	return 0;
}
