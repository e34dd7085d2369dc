// SPDX-License-Identifier: MIT
/*
 * /sys/kernel/debug/page_tables/{kernel,current_kernel,current_user}:
 * every run a dump prints is checked against the MMU, which walks the
 * run's first and last page: a run with flags is mapped at its level
 * (pte 4K, pmd 2M, pud 1G) by a leaf whose bits are the flags printed; a
 * run without flags stops the walk at its level on a non-present entry.
 * The runs tile the address space from 0 to the wrap, the sizes are the
 * ranges' in Linux's units, the markers come in Linux's order.  Then what
 * vmalloc(), ioremap() and a task's mappings add, and the three ways of
 * reading the files (machine, task, open()/read() from inside the task),
 * and CONFIG_DEBUG_WX's boot check, passed and failed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

#define PT_KERNEL	"/sys/kernel/debug/page_tables/kernel"
#define PT_CURKNL	"/sys/kernel/debug/page_tables/current_kernel"
#define PT_CURUSR	"/sys/kernel/debug/page_tables/current_user"
#define NR_read		0
#define NR_open		2

static struct mml_machine *m;

static void teardown(void)
{
	if (m) {
		test_audit(m);
		mml_machine_free(m);
	}
	m = NULL;
}

TestSuite(ptdump, .fini = teardown);

struct run {
	unsigned long start, end, size;
	char unit;
	char flags[31];		/* the 30 protection columns */
	char level[4];		/* "pgd" ... "pte" */
};

/* Linux's x86-64 markers that mmlab's layout has, in order. */
static const char *const markers[] = {
	"User Space", "Kernel Space", "Low Kernel Mapping", "vmalloc() Area",
	"Vmemmap", "High Kernel Mapping", "Modules", "End Modules",
	"Fixmap Area",
};

/* The size column by its definition: the largest unit dividing it. */
static void expected_size(unsigned long delta, unsigned long *v, char *unit)
{
	static const char units[] = "BKMGTPE";
	int u = 0;

	while (!(delta & 1023) && units[u + 1]) {
		delta >>= 10;
		u++;
	}
	*v = delta;
	*unit = units[u];
}

/*
 * Linux walks the user half and the kernel half above the guard hole
 * (0xffff800000000000-0xffff880000000000); a run that ends past the user
 * half spans the unwalked addresses.
 */
static bool walked(unsigned long va)
{
	return va < (1UL << 47) || va >= 0xffff880000000000UL;
}

static int level_index(const char *level)
{
	/* the MMU's levels: PGD (= the folded P4D), PUD, PMD, PTE */
	if (!strcmp(level, "p4d"))
		return 0;
	if (!strcmp(level, "pud"))
		return 1;
	if (!strcmp(level, "pmd"))
		return 2;
	cr_assert_str_eq(level, "pte", "unknown level '%s'", level);
	return 3;
}

static bool has(const char *flags, const char *word)
{
	char w[8];

	snprintf(w, sizeof(w), "%s ", word);
	return strstr(flags, w) != NULL;
}

/* One page of a run, walked by the MMU (@ut's tables, or init_mm's). */
static void check_page(struct mml_task *ut, const struct run *r,
		       unsigned long va)
{
	struct mml_walk w;
	bool present = r->flags[0] != ' ' || strspn(r->flags, " ") != 30;
	int lvl = level_index(r->level), err;
	uint64_t e;

	if (!walked(va))
		return;
	err = ut ? mml_task_walk(ut, va, 0, &w) : mml_walk(m, va, 0, &w);
	cr_assert_eq(err, 0, "walk of %#lx", va);
	cr_assert_eq(w.nlevels - 1, lvl, "%#lx: walk ends at level %d, dump says %s",
		     va, w.nlevels - 1, r->level);
	e = w.level[w.nlevels - 1].entry;
	if (!present) {
		cr_assert(w.fault && !(e & 1), "%#lx: mapped, dump says empty", va);
		return;
	}
	cr_assert(!w.fault, "%#lx: %s", va, w.reason);
	cr_assert_eq(w.page_size, lvl == 3 ? 4096UL : lvl == 2 ? 2UL << 20 : 1UL << 30);
	cr_assert_eq(!!(e & 0x4), has(r->flags, "USR"), "%#lx USR", va);
	cr_assert_eq(!!(e & 0x2), has(r->flags, "RW"), "%#lx RW", va);
	cr_assert_eq(!(e & 0x2), has(r->flags, "ro"), "%#lx ro", va);
	cr_assert_eq(!!(e & 0x8), has(r->flags, "PWT"), "%#lx PWT", va);
	cr_assert_eq(!!(e & 0x10), has(r->flags, "PCD"), "%#lx PCD", va);
	cr_assert_eq(lvl < 3 && (e & 0x80), has(r->flags, "PSE"), "%#lx PSE", va);
	cr_assert_eq(!!(e & (lvl == 3 ? 0x80 : 0x1000)), has(r->flags, "PAT"),
		     "%#lx PAT", va);
	cr_assert_eq(!!(e & 0x100), has(r->flags, "GLB"), "%#lx GLB", va);
	cr_assert_eq(!!(e >> 63), has(r->flags, "NX"), "%#lx NX", va);
	cr_assert_eq(!(e >> 63), has(r->flags, "x"), "%#lx x", va);
}

/*
 * Parse @text into @runs (at most @max), checking the format, the tiling,
 * the sizes and the markers, and every run's first and last page.
 * Return: the number of runs.
 */
static int check_dump(struct mml_task *ut, const char *text, struct run *runs,
		      int max)
{
	unsigned long next = 0;
	size_t mk = 0;
	int n = 0;
	const char *p = text, *eol;

	for (; *p; p = eol + 1) {
		char line[256], name[64];
		struct run *r = &runs[n];
		unsigned long v;
		char unit;
		int pos;

		eol = strchr(p, '\n');
		cr_assert_not_null(eol, "unterminated line");
		cr_assert_lt(eol - p, (long)sizeof(line));
		memcpy(line, p, eol - p);
		line[eol - p] = '\0';
		if (sscanf(line, "---[ %63[^]] ]---", name) == 1) {
			name[strlen(name) - 1] = '\0';	/* the space before ] */
			while (mk < sizeof(markers) / sizeof(markers[0]) &&
			       strcmp(markers[mk], name))
				mk++;
			cr_assert_lt(mk, sizeof(markers) / sizeof(markers[0]),
				     "marker '%s' out of order", name);
			continue;
		}
		cr_assert_lt(n, max);
		cr_assert_eq(sscanf(line, "0x%16lx-0x%16lx   %lu%c%n", &r->start,
				    &r->end, &r->size, &r->unit, &pos), 4,
			     "bad line '%s'", line);
		cr_assert_eq(line[18], '-');
		cr_assert_eq(r->start, next, "'%s' does not follow %#lx", line, next);
		cr_assert_eq(line[pos++], ' ', "'%s'", line);
		cr_assert_geq(strlen(line + pos), 33, "'%s'", line);
		memcpy(r->flags, line + pos, 30);
		r->flags[30] = '\0';
		cr_assert(strlen(line + pos + 30) == 3 &&
			  strstr("pgd p4d pud pmd pte", line + pos + 30),
			  "level in '%s'", line);
		strcpy(r->level, line + pos + 30);
		expected_size(r->end - r->start, &v, &unit);
		cr_assert(v == r->size && unit == r->unit, "size in '%s'", line);
		check_page(ut, r, r->start);
		check_page(ut, r, r->end - 4096);
		next = r->end;
		n++;
	}
	cr_assert_eq(next, 0, "the dump ends at %#lx, not at the wrap", next);
	cr_assert_gt(mk, 2, "fewer markers than Low Kernel Mapping");
	return n;
}

static char *read_file(struct mml_task *ut, const char *path)
{
	long len;
	char *s;

	if (!ut)
		return test_read_file(m, path);
	len = mml_read_file(ut, path, NULL, 0);
	cr_assert_gt(len, 0, "%s: %ld", path, len);
	s = malloc((size_t)len + 1);
	cr_assert_not_null(s);
	cr_assert_eq(mml_read_file(ut, path, s, (unsigned long)len + 1), len);
	return s;
}

static const struct run *find_run(const struct run *runs, int n,
				  unsigned long start)
{
	for (int i = 0; i < n; i++)
		if (runs[i].start == start)
			return &runs[i];
	cr_assert_fail("no run starts at %#lx", start);
	return NULL;
}

static struct run runs[4096];

/* The direct map: the first 2 MiB in 4K pages, then 2M leaves. */
Test(ptdump, kernel_default_machine)
{
	const struct run *r;
	char *text;
	int n;

	m = test_machine(NULL);
	text = read_file(NULL, PT_KERNEL);
	n = check_dump(NULL, text, runs, 4096);
	cr_assert(!strncmp(text, "---[ User Space ]---\n", 21));
	r = find_run(runs, n, 0xffff888000000000UL);
	cr_assert_str_eq(r->level, "pte");
	cr_assert_eq(r->end, 0xffff888000200000UL);
	cr_assert_str_eq(r->flags, "    RW                 GLB NX ");
	r = find_run(runs, n, 0xffff888000200000UL);
	cr_assert_str_eq(r->level, "pmd");
	cr_assert_str_eq(r->flags, "    RW         PSE     GLB NX ");
	/* Without a task, current_kernel is the kernel's (a kernel thread's). */
	cr_assert_str_eq(test_read_file(m, PT_CURKNL), text);
	free(text);
}

/* vmalloc() and ioremap() add PTE runs in the vmalloc area. */
Test(ptdump, vmalloc_and_ioremap)
{
	uint64_t v, io, wc;
	const struct run *r;
	char *text;
	int n;

	m = test_machine(NULL);
	cr_assert_eq(mml_vmalloc(m, 12288, 0, &v), 0);
	cr_assert_eq(mml_ioremap(m, 0xfebf0000, 4096, MML_CACHE_UC_MINUS, &io), 0);
	cr_assert_eq(mml_ioremap(m, 0xfebf1000, 4096, MML_CACHE_WC, &wc), 0);
	text = read_file(NULL, PT_KERNEL);
	n = check_dump(NULL, text, runs, 4096);
	r = find_run(runs, n, v);
	cr_assert_eq(r->end, v + 12288);
	cr_assert_str_eq(r->flags, "    RW                 GLB NX ");
	r = find_run(runs, n, io);	/* UC-: PCD */
	cr_assert_eq(r->end, io + 4096);
	cr_assert_str_eq(r->flags, "    RW     PCD         GLB NX ");
	r = find_run(runs, n, wc);	/* WC: PWT (PAT entry 1) */
	cr_assert_eq(r->end, wc + 4096);
	cr_assert_str_eq(r->flags, "    RW PWT             GLB NX ");
	free(text);
	cr_assert_eq(mml_iounmap(m, io), 0);
	cr_assert_eq(mml_iounmap(m, wc), 0);
	cr_assert_eq(mml_vfree(m, v), 0);
	/* Gone from the dump with their tables' entries. */
	text = read_file(NULL, PT_KERNEL);
	n = check_dump(NULL, text, runs, 4096);
	for (int i = 0; i < n; i++)
		cr_assert(runs[i].start > v || runs[i].end <= v ||
			  strspn(runs[i].flags, " ") == 30);
	free(text);
}

/* A 1 GiB direct-map leaf: "pud" with PSE. */
Test(ptdump, gbpages_leaf)
{
	const struct run *r;
	char *text;
	int n;

	m = test_machine_ram(4ULL << 30, NULL);
	text = read_file(NULL, PT_KERNEL);
	n = check_dump(NULL, text, runs, 4096);
	r = find_run(runs, n, 0xffff888040000000UL);
	cr_assert_str_eq(r->level, "pud");
	cr_assert_str_eq(r->flags, "    RW         PSE     GLB NX ");
	free(text);
}

/*
 * A task's address space: its pages in the user part, the kernel half
 * shared with init_mm, current_user equal to current_kernel (no PTI).
 */
Test(ptdump, task_current_user)
{
	struct mml_task *ut;
	const struct run *r;
	char *usr, *knl, *kern;
	long a;
	int n;

	m = test_machine(NULL);
	ut = mml_task_new(m, "ptdump");
	cr_assert_not_null(ut);
	a = mml_mmap(ut, 0, P(4), RW, ANON, -1, 0);
	cr_assert_lt((unsigned long)a, -4096UL);
	cr_assert_eq(mml_store(ut, a, "x", 1), 0);
	cr_assert_eq(mml_store(ut, a + P(1), "x", 1), 0);
	cr_assert_eq(mml_store(ut, a + P(2), "x", 1), 0);
	cr_assert_eq(mml_mprotect(ut, a + P(1), P(1), RO), 0);
	cr_assert_eq(mml_mprotect(ut, a + P(2), P(1), 0), 0);
	usr = read_file(ut, PT_CURUSR);
	knl = read_file(ut, PT_CURKNL);
	cr_assert_str_eq(usr, knl);
	n = check_dump(ut, usr, runs, 4096);
	r = find_run(runs, n, a);
	cr_assert_eq(r->end, a + P(1));
	cr_assert_str_eq(r->flags, "USR RW                     NX ");
	r = find_run(runs, n, a + P(1));
	cr_assert_eq(r->end, a + P(2));
	cr_assert_str_eq(r->flags, "USR ro                     NX ");
	/* PROT_NONE: not present, but not empty: a run of its own. */
	r = find_run(runs, n, a + P(2));
	cr_assert_eq(r->end, a + P(3));
	cr_assert_eq(strspn(r->flags, " "), 30);
	cr_assert_str_eq(r->level, "pte");
	/* The kernel half is init_mm's. */
	kern = read_file(NULL, PT_KERNEL);
	cr_assert_str_eq(strstr(usr, "---[ Kernel Space ]---"),
			 strstr(kern, "---[ Kernel Space ]---"));
	free(usr);
	free(knl);
	free(kern);
	test_audit(m);
	mml_exit(ut, 0);
}

/* open() and read() from inside the task give the same text. */
Test(ptdump, open_read_from_task)
{
	struct mml_task *ut;
	unsigned long ubuf;
	char *want, *got;
	long fd, len, r;

	m = test_machine(NULL);
	ut = mml_task_new(m, "ptdump");
	cr_assert_not_null(ut);
	ubuf = (unsigned long)mml_mmap(ut, 0, P(16), RW, ANON, -1, 0);
	cr_assert_lt(ubuf, -4096UL);
	cr_assert_eq(mml_store(ut, ubuf, PT_CURUSR, sizeof(PT_CURUSR)), 0);
	want = read_file(ut, PT_CURUSR);
	len = (long)strlen(want);
	cr_assert_lt(len, (long)P(16) - 4096);
	fd = mml_syscall(ut, NR_open, (long)ubuf, O_RDONLY, 0, 0, 0, 0);
	cr_assert_geq(fd, 0, "open: %ld", fd);
	r = mml_syscall(ut, NR_read, fd, (long)ubuf + 4096, P(15), 0, 0, 0);
	cr_assert_eq(r, len);
	got = calloc(1, (size_t)len + 1);
	cr_assert_not_null(got);
	cr_assert_eq(mml_load(ut, ubuf + 4096, got, (unsigned long)len), 0);
	cr_assert_str_eq(got, want);
	cr_assert_eq(mml_close(ut, (int)fd), 0);
	/* debugfs is root's and read-only */
	cr_assert_eq(mml_open(ut, PT_KERNEL, O_RDWR, 0), -EACCES);
	free(got);
	free(want);
	mml_exit(ut, 0);
}

/*
 * A sparse address space: two pages 64 TiB apart.  The walk visits only
 * the tables that exist; empty PGD entries are one run.
 */
Test(ptdump, sparse_user_space)
{
	struct mml_task *ut;
	const struct run *r;
	unsigned long lo = 0x10000000UL, hi = 0x400000000000UL;
	char *text;
	int n;

	m = test_machine(NULL);
	ut = mml_task_new(m, "ptdump");
	cr_assert_not_null(ut);
	cr_assert_eq(mml_mmap(ut, lo, P(1), RW, ANON | 0x10, -1, 0), (long)lo);
	cr_assert_eq(mml_mmap(ut, hi, P(1), RW, ANON | 0x10, -1, 0), (long)hi);
	cr_assert_eq(mml_store(ut, lo, "x", 1), 0);
	cr_assert_eq(mml_store(ut, hi, "x", 1), 0);
	text = read_file(ut, PT_CURUSR);
	n = check_dump(ut, text, runs, 4096);
	cr_assert_lt(n, 64, "%d runs", n);
	r = find_run(runs, n, lo);
	cr_assert_str_eq(r->flags, "USR RW                     NX ");
	r = find_run(runs, n, hi);
	cr_assert_eq(r->end, hi + P(1));
	/* the empty PGD entries between them: one p4d run */
	r = find_run(runs, n, 0x8000000000UL);
	cr_assert_str_eq(r->level, "p4d");
	cr_assert_eq(r->end, hi);
	free(text);
	mml_exit(ut, 0);
}

/*
 * The W+X check: "passed" at boot; a kernel page made writable and
 * executable is reported as Linux reports it (the WARN with the first
 * such run's address, then the count of pages).
 */
Test(ptdump, checkwx)
{
	enum pg_level level;
	const struct run *r;
	char *log, *text, want[96];
	uint64_t v;
	pte_t *pte;
	int n;

	m = test_machine(NULL);
	log = test_read_file(m, "dmesg");
	cr_assert_not_null(strstr(log,
		"x86/mm: Checked W+X mappings: passed, no W+X pages found.\n"));
	free(log);
	cr_assert(ptdump_walk_pgd_level_checkwx());
	cr_assert_eq(mml_vmalloc(m, 3 * 4096, 0, &v), 0);
	for (int i = 1; i < 3; i++) {
		pte = lookup_address(v + i * 4096UL, &level);
		cr_assert_not_null(pte);
		cr_assert_eq(level, PG_LEVEL_4K);
		set_pte(pte, __pte(pte_val(*pte) & ~_PAGE_NX));
	}
	flush_tlb_all();
	text = read_file(NULL, PT_KERNEL);
	n = check_dump(NULL, text, runs, 4096);
	r = find_run(runs, n, v + 4096);
	cr_assert_eq(r->end, v + 3 * 4096);
	cr_assert_str_eq(r->flags, "    RW                 GLB x  ");
	free(text);
	cr_assert_not(ptdump_walk_pgd_level_checkwx());
	log = test_read_file(m, "dmesg");
	snprintf(want, sizeof(want),
		 "x86/mm: Found insecure W+X mapping at address 0x%lx\n",
		 (unsigned long)v + 4096);
	cr_assert_not_null(strstr(log, want), "no '%s'", want);
	cr_assert_not_null(strstr(log, "------------[ cut here ]------------"));
	cr_assert_not_null(strstr(log,
		"x86/mm: Checked W+X mappings: FAILED, 2 W+X pages found.\n"));
	free(log);
	cr_assert_eq(mml_vfree(m, v), 0);
	cr_assert(ptdump_walk_pgd_level_checkwx());
}

/*
 * Simulated memory is untrusted: a PMD that points outside RAM is not
 * followed (the walker skips it), the dump goes on around it.
 */
Test(ptdump, table_outside_ram)
{
	struct mml_task *ut;
	struct mm_struct *mm;
	unsigned long va;
	pmd_t *pmd, saved;
	char *text;

	m = test_machine(NULL);
	ut = mml_task_new(m, "ptdump");
	cr_assert_not_null(ut);
	va = (unsigned long)mml_mmap(ut, 0, P(1), RW, ANON, -1, 0);
	cr_assert_lt(va, -4096UL);
	cr_assert_eq(mml_store(ut, va, "x", 1), 0);
	mm = ((struct task_struct *)ut)->mm;
	pmd = pmd_offset(pud_offset(p4d_offset(pgd_offset(mm, va), va), va), va);
	saved = *pmd;
	cr_assert(pmd_present(saved) && !pmd_leaf(saved));
	*pmd = __pmd((1UL << 45) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER);
	text = read_file(ut, PT_CURUSR);
	cr_assert(!strncmp(text, "---[ User Space ]---\n", 21));
	cr_assert_null(strstr(text, "USR RW"), "a page under the bad PMD:\n%s", text);
	free(text);
	*pmd = saved;
	text = read_file(ut, PT_CURUSR);
	cr_assert_not_null(strstr(text, "USR RW"));
	free(text);
	mml_exit(ut, 0);
}
