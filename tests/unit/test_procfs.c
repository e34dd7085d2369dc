// SPDX-License-Identifier: MIT
/*
 * The per-task /proc files: smaps and smaps_rollup values taken from the
 * page tables (Rss and Pss after touching pages, the zero page not
 * counted, Pss halved for a page mapped twice, Locked, VmFlags letters in
 * Linux's order), status's Vm* block against the mm's counters, and stat's
 * 52 fields.  The expected VmFlags strings are what Linux 6.18 printed for
 * the same mappings on the reference host.  validate_mm() runs after
 * every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

#define HOST_O_RDWR	2

static struct mml_machine *m;
static struct task_struct *t;

static struct mml_task *ut(void)
{
	return (struct mml_task *)t;
}

static void check(void)
{
	char msg[256];

	cr_assert_eq(validate_mm(t->mm, msg, sizeof(msg)), 0, "%s", msg);
	test_audit(m);
}

static void setup(void)
{
	m = test_machine(NULL);
	t = (struct task_struct *)mml_task_new(m, "procfs");
	cr_assert_not_null(t);
	check();
}

static void teardown(void)
{
	mml_exit(ut(), 0);
	test_audit(m);
	mml_machine_free(m);
}

TestSuite(procfs, .init = setup, .fini = teardown);

/* The whole of a task file, malloc()ed. */
static char *read_task_file(const char *path)
{
	long len = mml_read_file(ut(), path, NULL, 0);
	char *buf;

	cr_assert_gt(len, 0, "%s: %ld", path, len);
	buf = malloc((size_t)len + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(mml_read_file(ut(), path, buf, (unsigned long)len + 1), len);
	return buf;
}

/* The smaps block of the VMA starting at @start, malloc()ed. */
static char *smaps_block(unsigned long start)
{
	char *all = read_task_file("/proc/self/smaps"), head[32], *p, *end, *blk;

	snprintf(head, sizeof(head), "%08lx-", start);
	p = strstr(all, head);
	cr_assert_not_null(p, "no VMA at %#lx in\n%s", start, all);
	end = strstr(p, "VmFlags:");
	cr_assert_not_null(end);
	end = strchr(end, '\n');
	blk = strndup(p, (size_t)(end + 1 - p));
	free(all);
	return blk;
}

/* A "Key:   N kB" (or "Key:\tN kB") value of a block of text. */
static unsigned long field(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p = text;

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, n) && p[n] == ':')
			return strtoul(p + n + 1, NULL, 10);
	cr_assert_fail("no field %s in\n%s", key, text);
	return 0;
}

static void vmflags(const char *blk, const char *expect)
{
	const char *p = strstr(blk, "VmFlags: ");

	cr_assert_not_null(p);
	cr_assert_eq(strncmp(p + 9, expect, strlen(expect)), 0,
		     "VmFlags: want '%s' in\n%s", expect, blk);
	cr_assert_eq(p[9 + strlen(expect)], '\n', "VmFlags: want '%s' in\n%s",
		     expect, blk);
}

static unsigned long map(unsigned long len, int prot, int flags)
{
	long r = mml_mmap(ut(), 0, len, prot, flags, -1, 0);

	cr_assert_lt((unsigned long)r, -4096UL, "mmap: %ld", r);
	check();
	return (unsigned long)r;
}

static void store(unsigned long va)
{
	char c = 'x';

	cr_assert_eq(mml_store(ut(), va, &c, 1), 0);
	check();
}

static void load(unsigned long va)
{
	char c;

	cr_assert_eq(mml_load(ut(), va, &c, 1), 0);
	check();
}

Test(procfs, rss_counts_touched_pages_only)
{
	unsigned long a = map(P(8), RW, ANON);
	char *blk = smaps_block(a);

	cr_assert_eq(field(blk, "Size"), 32);
	cr_assert_eq(field(blk, "KernelPageSize"), 4);
	cr_assert_eq(field(blk, "Rss"), 0);
	free(blk);
	store(a);
	store(a + P(1) + 100);
	load(a + P(2));		/* maps the zero page: not in Rss */
	blk = smaps_block(a);
	cr_assert_eq(field(blk, "Rss"), 8);
	cr_assert_eq(field(blk, "Pss"), 8);
	cr_assert_eq(field(blk, "Pss_Dirty"), 8);
	cr_assert_eq(field(blk, "Private_Dirty"), 8);
	cr_assert_eq(field(blk, "Private_Clean"), 0);
	cr_assert_eq(field(blk, "Shared_Clean"), 0);
	cr_assert_eq(field(blk, "Referenced"), 8);
	cr_assert_eq(field(blk, "Anonymous"), 8);
	cr_assert_eq(field(blk, "Locked"), 0);
	cr_assert_eq(field(blk, "THPeligible"), 0);
	vmflags(blk, "rd wr mr mw me ac ");
	free(blk);
}

Test(procfs, zero_page_reads_not_counted)
{
	unsigned long a = map(P(4), PROT_READ, ANON);
	char *blk;
	int i;

	for (i = 0; i < 4; i++)
		load(a + P(i));
	blk = smaps_block(a);
	cr_assert_eq(field(blk, "Rss"), 0);
	cr_assert_eq(field(blk, "Pss"), 0);
	cr_assert_eq(field(blk, "Referenced"), 0);
	vmflags(blk, "rd mr mw me ");
	free(blk);
}

Test(procfs, field_names_and_order)
{
	static const char *const names[] = {
		"Size", "KernelPageSize", "MMUPageSize", "Rss", "Pss", "Pss_Dirty",
		"Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty",
		"Referenced", "Anonymous", "KSM", "LazyFree", "AnonHugePages",
		"ShmemPmdMapped", "FilePmdMapped", "Shared_Hugetlb",
		"Private_Hugetlb", "Swap", "SwapPss", "Locked", "THPeligible",
		"VmFlags",
	};
	unsigned long a = map(P(1), RW, ANON);
	char *blk = smaps_block(a), *line = strchr(blk, '\n') + 1;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		size_t n = strlen(names[i]);

		cr_assert_eq(strncmp(line, names[i], n), 0, "line %zu: %s", i, line);
		cr_assert_eq(line[n], ':');
		if (i + 2 < ARRAY_SIZE(names))	/* the " kB" lines */
			cr_assert_eq(strcspn(line, "\n"), strlen("Rss:                   0 kB"),
				     "width of %s", names[i]);
		line = strchr(line, '\n') + 1;
	}
	cr_assert_str_eq(strstr(blk, "Size:"), strstr(blk, "Size:"));
	cr_assert_eq(strncmp(strstr(blk, "Size:"), "Size:                  4 kB\n", 28), 0);
	cr_assert_eq(strncmp(strstr(blk, "THPeligible:"), "THPeligible:           0\n", 25), 0);
	free(blk);
}

Test(procfs, locked_is_pss_of_locked_vmas)
{
	unsigned long a = map(P(2), RW, ANON | MAP_LOCKED);
	char *blk = smaps_block(a), *st;

	cr_assert_eq(field(blk, "Rss"), 8, "%s", blk);
	cr_assert_eq(field(blk, "Locked"), 8);
	vmflags(blk, "rd wr mr mw me lo ac ");
	free(blk);
	st = read_task_file("/proc/self/status");
	cr_assert_eq(field(st, "VmLck"), 8);
	free(st);
	cr_assert_eq(mml_munlock(ut(), a, P(2)), 0);
	check();
	blk = smaps_block(a);
	cr_assert_eq(field(blk, "Locked"), 0);
	cr_assert_eq(field(blk, "Rss"), 8);
	free(blk);
}

Test(procfs, lock_on_fault_flags)
{
	unsigned long a = map(P(2), RW | PROT_EXEC, ANON);
	char *blk;

	cr_assert_eq(mml_mlock2(ut(), a, P(2), 1 /* MLOCK_ONFAULT */), 0);
	check();
	blk = smaps_block(a);
	vmflags(blk, "rd wr ex mr mw me lo lf ac ");
	cr_assert_eq(field(blk, "Rss"), 0);
	free(blk);
	store(a);
	blk = smaps_block(a);
	cr_assert_eq(field(blk, "Locked"), 4);
	free(blk);
}

/* One VMA per advice, each a page apart so that none merge. */
Test(procfs, vmflags_letters_in_bit_order)
{
	static const struct { int advice; const char *flags; } c[] = {
		{ MADV_SEQUENTIAL, "rd wr mr mw me sr ac " },
		{ MADV_RANDOM, "rd wr mr mw me rr ac " },
		{ MADV_DONTFORK, "rd wr mr mw me dc ac " },
		{ MADV_WIPEONFORK, "rd wr mr mw me ac wf " },
		{ MADV_DONTDUMP, "rd wr mr mw me ac dd " },
		{ MADV_HUGEPAGE, "rd wr mr mw me ac hg " },
		{ MADV_NOHUGEPAGE, "rd wr mr mw me ac nh " },
	};
	unsigned long a = map(P(2 * ARRAY_SIZE(c)), RW, ANON);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		char *blk;

		cr_assert_eq(mml_madvise(ut(), a + P(2 * i), P(1), c[i].advice), 0,
			     "advice %d", c[i].advice);
		check();
		blk = smaps_block(a + P(2 * i));
		vmflags(blk, c[i].flags);
		free(blk);
	}
}

Test(procfs, vmflags_of_other_kinds)
{
	unsigned long n = map(P(1), PROT_NONE, ANON | MAP_NORESERVE);
	unsigned long s = map(P(4), PROT_READ, MAP_SHARED | MAP_ANONYMOUS);
	unsigned long g = map(P(4), RW, ANON | MAP_GROWSDOWN);
	char *blk;

	blk = smaps_block(n);
	vmflags(blk, "mr mw me nr ");
	free(blk);
	blk = smaps_block(s);
	vmflags(blk, "rd sh mr mw me ms ");
	free(blk);
	blk = smaps_block(g);
	vmflags(blk, "rd wr mr mw me gd ac ");
	free(blk);
	blk = smaps_block(find_vma(t->mm, t->mm->start_stack)->vm_start);
	cr_assert_not_null(strstr(blk, "[stack]"));
	vmflags(blk, "rd wr mr mw me gd ac ");
	free(blk);
}

Test(procfs, thp_eligible_for_hugepage_advised_2m)
{
	unsigned long a = map(6UL << 20, RW, ANON);
	unsigned long b = a + (2UL << 20) - P(1);
	char *blk;

	/* [b, b + 4M): holds one aligned 2 MiB block at least */
	cr_assert_eq(mml_madvise(ut(), b, 4UL << 20, MADV_HUGEPAGE), 0);
	check();
	blk = smaps_block(b);
	cr_assert_eq(field(blk, "THPeligible"), 1, "%s", blk);
	free(blk);
	blk = smaps_block(a);
	cr_assert_eq(field(blk, "THPeligible"), 0, "%s", blk);
	free(blk);
}

Test(procfs, shared_file_page_mapped_twice_halves_pss)
{
	char path[] = "/tmp/mmlab-procfs-XXXXXX", buf[2 * 4096];
	int hfd = mkstemp(path);
	unsigned long a, b;
	long fd;
	char *blk;

	cr_assert_geq(hfd, 0);
	memset(buf, 'f', sizeof(buf));
	cr_assert_eq(write(hfd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	close(hfd);
	fd = mml_open(ut(), path, HOST_O_RDWR, 0);
	unlink(path);
	cr_assert_geq(fd, 0, "open: %ld", fd);
	a = (unsigned long)mml_mmap(ut(), 0, P(2), PROT_READ, MAP_SHARED, (int)fd, 0);
	b = (unsigned long)mml_mmap(ut(), 0, P(2), PROT_READ, MAP_SHARED, (int)fd, 0);
	cr_assert_lt(a, -4096UL);
	cr_assert_lt(b, -4096UL);
	check();
	load(a);
	load(b);
	load(a + P(1));		/* mapped once */
	blk = smaps_block(a);
	cr_assert_eq(field(blk, "Rss"), 8, "%s", blk);
	cr_assert_eq(field(blk, "Pss"), 6);	/* 2 + 4 */
	cr_assert_eq(field(blk, "Shared_Clean"), 4);
	cr_assert_eq(field(blk, "Private_Clean"), 4);
	cr_assert_eq(field(blk, "Anonymous"), 0);
	free(blk);
	blk = read_task_file("/proc/self/smaps_rollup");
	cr_assert_eq(field(blk, "Rss"), 12, "%s", blk);
	cr_assert_eq(field(blk, "Pss"), 8);
	cr_assert_eq(field(blk, "Pss_File"), 8);
	cr_assert_eq(field(blk, "Pss_Anon"), 0);
	free(blk);
	cr_assert_eq(mml_close(ut(), (int)fd), 0);
}

Test(procfs, rollup_sums_and_header)
{
	unsigned long a = map(P(4), RW, ANON), last = 0;
	struct vm_area_struct *vma;
	char *r, head[80];
	int i;

	for (i = 0; i < 3; i++)
		store(a + P(i));
	r = read_task_file("/proc/self/smaps_rollup");
	for (vma = t->mm->mmap; vma; vma = vma->vm_next)
		last = vma->vm_end;
	snprintf(head, sizeof(head), "%08lx-%08lx ---p 00000000 00:00 0 ",
		 t->mm->mmap->vm_start, last);
	cr_assert_eq(strncmp(r, head, strlen(head)), 0, "%s", r);
	cr_assert_eq(strcspn(r, "\n"), 73 + strlen("[rollup]"));
	cr_assert_eq(field(r, "Rss"), 12);
	cr_assert_eq(field(r, "Pss_Anon"), 12);
	cr_assert_eq(field(r, "Anonymous"), 12);
	cr_assert_eq(field(r, "Pss_Shmem"), 0);
	cr_assert_null(strstr(r, "VmFlags"));
	free(r);
}

Test(procfs, vsyscall_block_closes_smaps)
{
	char *all = read_task_file("/proc/self/smaps");
	char *v = strstr(all, "ffffffffff600000-ffffffffff601000 --xp");

	cr_assert_not_null(v);
	cr_assert_not_null(strstr(v, "Size:                  4 kB\n"));
	cr_assert_str_eq(strstr(v, "VmFlags:"), "VmFlags: ex \n");
	free(all);
}

/*
 * kB of the VMAs of a maps text whose permissions match @perms ("rw-p";
 * NULL: any) and whose name is @name (NULL: any; "" for none), leaving
 * out @skip (NULL: none).
 */
static unsigned long maps_kb(const char *maps, const char *perms,
			     const char *name, const char *skip)
{
	unsigned long start, end, kb = 0;
	char p[5], nm[256];
	const char *line;

	for (line = maps; line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		nm[0] = '\0';
		cr_assert_geq(sscanf(line, "%lx-%lx %4s %*s %*s %*s %255[^\n]",
				     &start, &end, p, nm), 3, "%.80s", line);
		if (perms && strcmp(p, perms))
			continue;
		if ((name && strcmp(nm, name)) || (skip && !strcmp(nm, skip)))
			continue;
		kb += (end - start) >> 10;
	}
	return kb;
}

/* Distinct @shift-sized blocks of @n addresses: the tables that map them. */
static unsigned long tables(const unsigned long *va, int n, int shift)
{
	unsigned long seen[16];
	int i, j, k = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < k && seen[j] != va[i] >> shift; j++)
			;
		if (j == k)
			seen[k++] = va[i] >> shift;
	}
	return (unsigned long)k;
}

/*
 * status's Vm* lines, each from an independent source: what the test
 * touched, the VMAs /proc/self/maps lists (VmData as Linux defines it:
 * private writable mappings that are not the stack), and the page-table
 * pages under the PGD that map the touched pages (Linux's VmPTE leaves
 * the PGD out).
 */
Test(procfs, status_vm_lines_from_independent_sources)
{
	unsigned long a = map(P(16), RW, ANON), va[5], pte_kb;
	char *st, *r, *maps;
	int i;

	st = read_task_file("/proc/self/status");
	cr_assert_eq(field(st, "VmPTE"), 0, "a fresh task has touched nothing");
	free(st);
	for (i = 0; i < 5; i++) {
		va[i] = a + P(i);
		store(va[i]);
	}
	cr_assert_eq(mml_munmap(ut(), a + P(8), P(8)), 0);
	check();
	st = read_task_file("/proc/self/status");
	r = read_task_file("/proc/self/smaps_rollup");
	maps = read_task_file("/proc/self/maps");
	cr_assert_eq(field(st, "VmSize"), maps_kb(maps, NULL, NULL, "[vsyscall]"));
	cr_assert_eq(field(st, "VmPeak"), field(st, "VmSize") + 32,
		     "the peak had the 8 pages unmapped since");
	cr_assert_eq(field(st, "VmRSS"), 20);
	cr_assert_eq(field(st, "RssAnon"), 20);
	cr_assert_eq(field(st, "RssFile"), 0);
	cr_assert_eq(field(st, "RssShmem"), 0);
	cr_assert_eq(field(st, "VmHWM"), 20);
	cr_assert_eq(field(r, "Rss"), 20);
	cr_assert_eq(field(st, "VmData"), maps_kb(maps, "rw-p", NULL, "[stack]"));
	cr_assert_geq(field(st, "VmData"), 32, "the mapping left is data");
	cr_assert_eq(field(st, "VmStk"), maps_kb(maps, NULL, "[stack]", NULL));
	pte_kb = 4 * (tables(va, 5, 39) + tables(va, 5, 30) + tables(va, 5, 21));
	cr_assert_eq(field(st, "VmPTE"), pte_kb, "%s", st);
	cr_assert_eq(field(st, "VmLck"), 0);
	cr_assert_not_null(strstr(st, "\nVmRSS:\t      20 kB\n"), "%s", st);
	cr_assert_eq(strncmp(st, "Name:\tprocfs\nUmask:\t0022\nState:\t", 32), 0, "%s", st);
	free(maps);
	free(st);
	free(r);
}

Test(procfs, status_line_order)
{
	static const char *const keys[] = {
		"Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid",
		"Uid", "Gid", "FDSize", "Groups", "NStgid", "NSpid", "NSpgid",
		"NSsid", "Kthread", "VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM",
		"VmRSS", "RssAnon", "RssFile", "RssShmem", "VmData", "VmStk",
		"VmExe", "VmLib", "VmPTE", "VmSwap", "HugetlbPages", "CoreDumping",
		"THP_enabled", "untag_mask", "Threads", "SigQ",
	};
	char *st = read_task_file("/proc/self/status"), *line = st;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		cr_assert_eq(strncmp(line, keys[i], strlen(keys[i])), 0,
			     "want %s at: %.40s", keys[i], line);
		cr_assert_eq(line[strlen(keys[i])], ':');
		line = strchr(line, '\n') + 1;
	}
	free(st);
}

Test(procfs, stat_has_52_fields)
{
	unsigned long a = map(P(4), RW, ANON), minflt, majflt, v[53] = { 0 };
	char *st, *p;
	int n = 0;

	store(a);
	store(a + P(1));
	st = read_task_file("/proc/self/stat");
	p = strchr(st, ')');
	cr_assert_not_null(p);
	cr_assert_eq(strncmp(st, "1 (procfs) R ", 13), 0, "%s", st);
	p += 2;		/* field 3 */
	for (n = 3; *p && *p != '\n'; n++) {
		v[n < 53 ? n : 52] = *p == 'R' ? 0 : strtoul(p, &p, 10);
		if (*p == 'R')
			p++;
		if (*p == ' ')
			p++;
	}
	cr_assert_eq(n - 1, 52, "%d fields: %s", n - 1, st);
	mml_task_faults(ut(), &minflt, &majflt);
	cr_assert_eq(v[10], minflt);
	cr_assert_eq(v[12], majflt);
	cr_assert_geq(minflt, 2);
	cr_assert_eq(v[23], t->mm->total_vm * PAGE_SIZE);
	cr_assert_eq(v[24], 2);
	cr_assert_eq(v[28], t->mm->start_stack);
	cr_assert_eq(v[38], 17);
	cr_assert_eq(v[47], t->mm->start_brk);
	free(st);
}

/* open("/proc/...") from inside a task: the same bytes, read-only, no mmap. */
Test(procfs, open_and_read_from_a_task)
{
	struct mml_machine *pm = test_machine(NULL);
	struct mml_task *pt = mml_task_new(pm, "reader");
	char api[4096], via_fd[4096];
	long len, fd, n, total = 0;
	unsigned long long e;

	len = mml_read_file(pt, "/proc/self/maps", api, sizeof(api));
	fd = mml_open(pt, "/proc/self/maps", 0 /* O_RDONLY */, 0);
	cr_assert_geq(fd, 3);
	/* Small reads at the file position, via the raw system call. */
	cr_assert_eq(mml_pread(pt, (int)fd, via_fd, 10, 0), 10);
	while ((n = mml_pread(pt, (int)fd, via_fd + total, 100, total)) > 0)
		total += n;
	cr_assert_eq(total, len);
	cr_assert_arr_eq(via_fd, api, (size_t)len);
	cr_assert_eq(mml_open(pt, "/proc/self/maps", 2 /* O_RDWR */, 0), -EACCES);
	cr_assert_eq(mml_mmap(pt, 0, 4096, PROT_READ, MAP_PRIVATE, (int)fd, 0), -ENODEV);
	cr_assert_eq(mml_open(pt, "/proc/self/nothing", 0, 0), -ENOENT);
	cr_assert_eq(mml_close(pt, (int)fd), 0);
	/* The binary pagemap at an offset: the stack's top page is not present. */
	fd = mml_open(pt, "/proc/self/pagemap", 0, 0);
	cr_assert_eq(mml_pread(pt, (int)fd, &e, 8, (long)((0x7fffffffe000UL >> 12) * 8)), 8);
	cr_assert_eq(e, 0);
	cr_assert_eq(mml_close(pt, (int)fd), 0);
	test_audit(pm);
	mml_exit(pt, 0);
	mml_machine_free(pm);
}

/*
 * A /proc file names its task by pid, never by pointer: a task opens
 * /proc/meminfo and /proc/self/maps, forks, exits; the child still reads
 * meminfo through the inherited descriptor, and the parent's maps gives
 * ESRCH (the task went away) instead of reading freed memory.
 */
Test(procfs, proc_file_outlives_its_opener)
{
	struct mml_machine *pm = test_machine(NULL);
	struct mml_task *parent = mml_task_new(pm, "opener"), *child;
	char want[8192], got[8192];
	long mfd, sfd, pid, len, n;

	cr_assert_not_null(parent);
	mfd = mml_open(parent, "/proc/meminfo", 0 /* O_RDONLY */, 0);
	sfd = mml_open(parent, "/proc/self/maps", 0 /* O_RDONLY */, 0);
	cr_assert_geq(mfd, 3);
	cr_assert_geq(sfd, 3);
	pid = mml_fork(parent);
	cr_assert_gt(pid, 0);
	child = mml_task_get(pm, (int)pid);
	cr_assert_not_null(child);
	mml_exit(parent, 0);

	len = mml_read_file(child, "/proc/meminfo", want, sizeof(want));
	cr_assert_gt(len, 0);
	cr_assert_lt(len, (long)sizeof(want));
	n = mml_pread(child, (int)mfd, got, sizeof(got), 0);
	cr_assert_eq(n, len);
	cr_assert_arr_eq(got, want, (size_t)len);
	cr_assert_eq(mml_pread(child, (int)sfd, got, sizeof(got), 0), -ESRCH);
	cr_assert_eq(mml_close(child, (int)mfd), 0);
	cr_assert_eq(mml_close(child, (int)sfd), 0);
	test_audit(pm);
	mml_exit(child, 0);
	mml_machine_free(pm);
}
