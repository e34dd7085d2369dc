// SPDX-License-Identifier: MIT
/*
 * The public API the shell's issue-4 commands stand on (rmap, migrate,
 * pagemap, kpageflags, kpagecount, pin, sync, writeback), checked the way
 * the shell uses it; in particular the file-writing path the golden
 * transcripts cannot cover: a store through a shared file mapping, then
 * periodic writeback, sync and msync, with the host file read directly.
 * validate_mm() and every audit after each step.
 */
#include <fcntl.h>
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


#define PM_PFN(e)		((e) & ((1ULL << 55) - 1))
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_FILE			(1ULL << 61)
#define PM_PRESENT		(1ULL << 63)
#define KPF_DIRTY		4
#define KPF_MMAP		11
#define KPF_ANON		12
#define KPF_ZERO_PAGE		24

static struct mml_machine *m;
static char root[64];

static void check(struct mml_task *ut)
{
	struct task_struct *t = (struct task_struct *)ut;
	char msg[256];

	cr_assert_eq(validate_mm(t->mm, msg, sizeof(msg)), 0, "%s", msg);
	test_audit(m);
}

static void setup(void)
{
	struct mml_config cfg;
	char msg[256];
	int err;

	strcpy(root, "/tmp/mmlab-test-rmapapi-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	mml_config_init(&cfg);
	cfg.ram_size = 128ULL << 20;
	cfg.cmdline = "page_poison=on";
	cfg.root = root;
	m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	cr_assert_not_null(m, "boot: %s", msg);
	test_use_machine(m);
}

static void teardown(void)
{
	char cmd[128];

	test_audit(m);
	mml_machine_free(m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(rmap_api, .init = setup, .fini = teardown);

static uint64_t pagemap(struct mml_task *ut, unsigned long va)
{
	uint64_t e = 0;

	cr_assert_eq(mml_read_file_at(ut, "/proc/self/pagemap", &e, 8,
				      (va >> PAGE_SHIFT) * 8), 8);
	return e;
}

static uint64_t kpage(struct mml_task *ut, const char *file, uint64_t pfn)
{
	uint64_t v = 0;

	cr_assert_eq(mml_read_file_at(ut, file, &v, 8, pfn * 8), 8);
	return v;
}

struct seen {
	int nr, anon, pids[8];
	uint64_t pte[8];
};

static int count_rmap(const struct mml_rmap_entry *e, void *arg)
{
	struct seen *s = arg;

	if (s->nr < 8) {
		s->pids[s->nr] = e->pid;
		s->pte[s->nr] = e->pte;
	}
	s->nr++;
	s->anon += e->anon;
	return 0;
}

static void count_migrate(const struct mml_migrate_entry *e, void *arg)
{
	struct seen *s = arg;

	cr_assert_neq(e->old_pte, e->new_pte);
	s->nr++;
	s->anon += e->anon;
}

/* What the host holds at @off of @name under the root. */
static char host_byte(const char *name, long off)
{
	char path[128], c = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(pread(fd, &c, 1, off), 1);
	close(fd);
	return c;
}

Test(rmap_api, zero_page_and_kpage_files)
{
	struct mml_task *ut = mml_task_new(m, "zp");
	unsigned long a = (unsigned long)mml_mmap(ut, 0, P(4), RW, ANON, -1, 0);
	uint64_t e0, e1, e2;
	char c;

	cr_assert_lt(a, -4096UL);
	cr_assert_eq(pagemap(ut, a), 0);	/* nothing until touched */
	cr_assert_eq(mml_store(ut, a, "x", 1), 0);
	cr_assert_eq(mml_load(ut, a + P(1), &c, 1), 0);
	cr_assert_eq(mml_load(ut, a + P(2), &c, 1), 0);
	check(ut);
	e0 = pagemap(ut, a);
	e1 = pagemap(ut, a + P(1));
	e2 = pagemap(ut, a + P(2));
	cr_assert(e0 & PM_PRESENT && e0 & PM_MMAP_EXCLUSIVE && !(e0 & PM_FILE));
	cr_assert_eq(e1, e2);	/* the same zero page behind both */
	cr_assert(e1 & PM_PRESENT && !(e1 & PM_MMAP_EXCLUSIVE));
	cr_assert(kpage(ut, "/proc/kpageflags", PM_PFN(e1)) >> KPF_ZERO_PAGE & 1);
	cr_assert_eq(kpage(ut, "/proc/kpagecount", PM_PFN(e1)), 0);
	/* kpagecount and kpageflags are different files. */
	cr_assert_eq(kpage(ut, "/proc/kpagecount", PM_PFN(e0)), 1);
	cr_assert(kpage(ut, "/proc/kpageflags", PM_PFN(e0)) >> KPF_ANON & 1);
	cr_assert(kpage(ut, "/proc/kpageflags", PM_PFN(e0)) >> KPF_MMAP & 1);
	/* The zero page is no user page: rmap and migrate refuse it. */
	cr_assert_eq(mml_rmap(m, PM_PFN(e1), count_rmap, &(struct seen){ 0 }), -EINVAL);
	mml_exit(ut, 0);
}

Test(rmap_api, three_processes_migrate_and_pin)
{
	struct mml_task *p = mml_task_new(m, "p"), *c, *g;
	unsigned long a = (unsigned long)mml_mmap(p, 0, P(2), RW, ANON, -1, 0);
	struct seen s = { 0 };
	uint64_t pfn, npfn = 0, pin;
	long pid;
	int i;

	cr_assert_eq(mml_store(p, a, "abc", 3), 0);
	pid = mml_fork(p);
	cr_assert_gt(pid, 0);
	c = mml_task_get(m, (int)pid);
	pid = mml_fork(c);
	cr_assert_gt(pid, 0);
	g = mml_task_get(m, (int)pid);
	check(p);
	check(c);
	check(g);
	pfn = PM_PFN(pagemap(p, a));
	cr_assert_eq(mml_rmap(m, pfn, count_rmap, &s), 0);
	cr_assert_eq(s.nr, 3);
	cr_assert_eq(s.anon, 3);
	for (i = 0; i < 3; i++)
		cr_assert_eq(s.pte[i] & 2, 0, "COW: write-protected");
	cr_assert_eq(kpage(p, "/proc/kpagecount", pfn), 3);

	memset(&s, 0, sizeof(s));
	cr_assert_eq(mml_migrate(m, pfn, &npfn, count_migrate, &s), 0);
	cr_assert_eq(s.nr, 3);
	cr_assert_neq(npfn, pfn);
	check(p);
	cr_assert_eq(PM_PFN(pagemap(p, a)), npfn);
	cr_assert_eq(PM_PFN(pagemap(c, a)), npfn);
	cr_assert_eq(PM_PFN(pagemap(g, a)), npfn);
	memset(&s, 0, sizeof(s));
	cr_assert_eq(mml_rmap(m, npfn, count_rmap, &s), 0);
	cr_assert_eq(s.nr, 3);

	/* FOLL_WRITE breaks COW first; the pinned page cannot move. */
	cr_assert_eq(mml_pin_user_pages(g, a, 1, 1, &pin), 1);
	cr_assert_neq(pin, npfn);
	cr_assert_eq(PM_PFN(pagemap(g, a)), pin);
	cr_assert_eq(mml_migrate(m, pin, &pfn, NULL, NULL), -EAGAIN);
	cr_assert_eq(mml_unpin_user_pages(m, &pin, 1), 0);
	cr_assert_eq(mml_unpin_user_pages(m, &pin, 1), -EINVAL);
	cr_assert_eq(mml_migrate(m, pin, &pfn, NULL, NULL), 0);
	check(g);
	cr_assert_eq(mml_exec_reset(g), 0);
	cr_assert_eq(pagemap(g, a), 0);
	check(g);
	mml_exit(g, 0);
	mml_exit(c, 0);
	mml_exit(p, 0);
}

Test(rmap_api, shared_file_writeback_sync_msync)
{
	struct mml_task *ut = mml_task_new(m, "w");
	char page[4096];
	unsigned long a, minflt, majflt;
	struct seen s = { 0 };
	uint64_t e;
	long fd;

	memset(page, 'a', sizeof(page));
	fd = mml_open(ut, "f", 0102 /* O_RDWR | O_CREAT */, 0644);
	cr_assert_geq(fd, 0);
	cr_assert_eq(mml_pwrite(ut, (int)fd, page, sizeof(page), 0), 4096);
	cr_assert_eq(mml_sync(m), 0);
	cr_assert_eq(host_byte("f", 0), 'a');
	a = (unsigned long)mml_mmap(ut, 0, P(1), RW, MAP_SHARED, (int)fd, 0);
	cr_assert_lt(a, -4096UL);

	/* A store dirties the page cache; the host file is unchanged. */
	cr_assert_eq(mml_store(ut, a, "B", 1), 0);
	check(ut);
	e = pagemap(ut, a);
	cr_assert(e & PM_PRESENT && e & PM_FILE);
	cr_assert(kpage(ut, "/proc/kpageflags", PM_PFN(e)) >> KPF_DIRTY & 1);
	cr_assert_eq(mml_rmap(m, PM_PFN(e), count_rmap, &s), 0);
	cr_assert_eq(s.nr, 1);
	cr_assert_eq(s.anon, 0, "found through the file's i_mmap tree");
	cr_assert_eq(host_byte("f", 0), 'a');

	/* Periodic writeback of one page writes it. */
	cr_assert_eq(mml_writeback(m, 1), 1);
	cr_assert_eq(host_byte("f", 0), 'B');
	cr_assert_eq(mml_writeback(m, 1024), 0);
	check(ut);

	/* The next store faults again (the PTE was cleaned); sync writes it. */
	cr_assert_eq(mml_store(ut, a + 1, "C", 1), 0);
	cr_assert_eq(host_byte("f", 1), 'a');
	cr_assert_eq(mml_sync(m), 0);
	cr_assert_eq(host_byte("f", 1), 'C');

	/* And msync(MS_SYNC). */
	cr_assert_eq(mml_store(ut, a + 2, "D", 1), 0);
	cr_assert_eq(mml_msync(ut, a, P(1), MS_SYNC), 0);
	cr_assert_eq(host_byte("f", 2), 'D');
	check(ut);
	mml_task_faults(ut, &minflt, &majflt);
	cr_assert_geq(minflt + majflt, 1);
	cr_assert_eq(mml_close(ut, (int)fd), 0);
	mml_exit(ut, 0);
}

/*
 * A read pin of an untouched private page pins the shared zero page: as in
 * Linux it takes no reference, and unpinning it frees nothing.
 */
Test(rmap_api, pin_of_the_zero_page)
{
	struct mml_task *p = mml_task_new(m, "zero");
	long a = mml_mmap(p, 0, 4096, RW, ANON, -1, 0);
	uint64_t pin, zero_pfn;
	char *log;
	int i;

	cr_assert_geq(a, 0);
	for (i = 0; i < 3; i++) {
		cr_assert_eq(mml_pin_user_pages(p, (unsigned long)a, 1, 0, &pin), 1);
		if (!i)
			zero_pfn = pin;
		cr_assert_eq(pin, zero_pfn);
		cr_assert_eq(mml_unpin_user_pages(m, &pin, 1), 0);
		check(p);
	}
	log = test_read_file(m, "dmesg");
	cr_assert_null(strstr(log, "BUG"), "%s", log);
	free(log);
	mml_exit(p, 0);
}

/*
 * The holes below max_pfn (pfn 0, the legacy VGA and ROM area 0xa0-0xff)
 * read as reserved, as on Linux, not as "no page".
 */
Test(rmap_api, kpageflags_of_holes_is_reserved)
{
	struct mml_task *p = mml_task_new(m, "kpf");
	const uint64_t reserved = 1ULL << 32;
	struct mml_layout l;
	uint64_t pfn;

	mml_layout(m, &l);
	cr_assert_eq(kpage(p, "/proc/kpageflags", 0), reserved);
	for (pfn = 0xa0; pfn <= 0xff; pfn++)
		cr_assert_eq(kpage(p, "/proc/kpageflags", pfn), reserved,
			     "pfn %#llx", (unsigned long long)pfn);
	cr_assert_eq(kpage(p, "/proc/kpagecount", 0xa0), 0);
	cr_assert_eq(mml_read_file_at(p, "/proc/kpageflags", &pfn, 8,
				      l.max_pfn * 8), 0, "ends at max_pfn");
	mml_exit(p, 0);
}

/*
 * mml_audit_task(): one task's part of mml_audit().  A page that a parent
 * and its child share after fork() has mapcount 2 but one PTE in each mm:
 * the per-task audit must accept it; an RSS counter that disagrees with
 * the page tables must be caught, as mm_audit() catches it.
 */
Test(rmap_api, audit_task)
{
	struct mml_task *p = mml_task_new(m, "audit"), *c;
	struct task_struct *t = (struct task_struct *)p;
	long a = mml_mmap(p, 0, 4 * 4096, RW, ANON, -1, 0), pid;

	cr_assert_geq(a, 0);
	cr_assert_eq(mml_store(p, (unsigned long)a, "x", 1), 0);
	cr_assert_eq(mml_store(p, (unsigned long)a + 8192, "y", 1), 0);
	pid = mml_fork(p);
	cr_assert_gt(pid, 0);
	c = mml_task_get(m, (int)pid);
	cr_assert_not_null(c);
	cr_assert_eq(mml_audit_task(p), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_audit_task(c), 0, "%s", mml_last_error(m));
	check(p);

	t->mm->rss_stat[MM_ANONPAGES]++;
	cr_assert_eq(mml_audit_task(p), -EUCLEAN);
	cr_assert_not_null(strstr(mml_last_error(m), "rss counter"), "%s",
			   mml_last_error(m));
	cr_assert_eq(mml_audit_task(c), 0, "%s", mml_last_error(m));
	t->mm->rss_stat[MM_ANONPAGES]--;
	cr_assert_eq(mml_audit_task(p), 0, "%s", mml_last_error(m));
	mml_exit(c, 0);
	mml_exit(p, 0);
}

/*
 * Found by fuzz_api: migrating the only page of a shmem object while the
 * page cache's node allocation failed left the new page mapped but out of
 * the cache (rss counted it as shmem, the audit as a file page).  The new
 * page takes the old one's slot, as Linux's replace_page_cache_folio():
 * nothing is allocated, so an allocation failure cannot split them.
 */
Test(rmap_api, migrate_shmem_page_with_slab_failing)
{
	struct mml_task *ut = mml_task_new(m, "shm");
	unsigned long a = (unsigned long)mml_mmap(ut, 0, P(1), RW,
						  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint64_t pfn, npfn = 0;
	char buf[3];

	cr_assert_eq(mml_store(ut, a, "xyz", 3), 0);
	pfn = PM_PFN(pagemap(ut, a));
	cr_assert_neq(pfn, 0);
	mml_fail_nth(m, MML_FAIL_SLAB, 0);
	cr_assert_eq(mml_migrate(m, pfn, &npfn, NULL, NULL), 0);
	mml_fail_nth(m, MML_FAIL_SLAB, -1);
	cr_assert_neq(npfn, pfn);
	cr_assert_eq(PM_PFN(pagemap(ut, a)), npfn);
	cr_assert_eq(mml_audit_task(ut), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_load(ut, a, buf, 3), 0);
	cr_assert_eq(memcmp(buf, "xyz", 3), 0);
	mml_exit(ut, 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
}

/*
 * The PTE audit reads a table at a time: a VMA that starts at the last
 * entry of a table and spans four PTE tables, with pages written in each and zero-page PTEs
 * (reads) between them, must be counted exactly -- one PTE missed or
 * counted twice makes the RSS check fail -- and a counter off by one
 * either way is still caught.
 */
Test(rmap_api, audit_task_across_tables)
{
	struct mml_task *p = mml_task_new(m, "tables");
	struct task_struct *t = (struct task_struct *)p;
	const unsigned long base = 0x10000000UL + 0x1ff000UL;	/* last PTE of a table */
	const unsigned long len = 5UL << 20;
	unsigned long off, pages = 0;
	char c;

	cr_assert_eq(mml_mmap(p, base, len, RW, ANON | MAP_FIXED, -1, 0),
		     (long)base);
	for (off = 0; off < len; off += 0x80000, pages++)
		cr_assert_eq(mml_store(p, base + off, "w", 1), 0);
	cr_assert_eq(mml_store(p, base + len - 4096, "e", 1), 0);
	pages++;
	for (off = 0x1000; off < len; off += 0x80000)	/* the zero page */
		cr_assert_eq(mml_load(p, base + off, &c, 1), 0);
	cr_assert_eq(t->mm->rss_stat[MM_ANONPAGES], (long)pages);
	cr_assert_eq(mml_audit_task(p), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));

	t->mm->rss_stat[MM_ANONPAGES]--;
	cr_assert_eq(mml_audit_task(p), -EUCLEAN);
	cr_assert_not_null(strstr(mml_last_error(m), "rss counter"), "%s",
			   mml_last_error(m));
	t->mm->rss_stat[MM_ANONPAGES] += 2;
	cr_assert_eq(mml_audit_task(p), -EUCLEAN);
	t->mm->rss_stat[MM_ANONPAGES]--;
	cr_assert_eq(mml_audit_task(p), 0, "%s", mml_last_error(m));
	mml_exit(p, 0);
}
