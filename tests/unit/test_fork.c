// SPDX-License-Identifier: MIT
/*
 * fork and what hangs off it: copy-on-write isolation with the PFNs seen
 * through pagemap, MADV_DONTFORK and MADV_WIPEONFORK, rmap_walk() finding
 * every mapping of a page shared by three generations, page migration
 * keeping the contents and fixing every PTE, pin_user_pages() breaking COW
 * and blocking migration, the exec reset freeing everything, and fault
 * injection on every allocation of fork (the parent unchanged, nothing
 * leaked).  validate_mm() of every live task and test_audit() after each
 * step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

#define PM_PRESENT	(1ULL << 63)
#define PM_PFN_MASK	((1ULL << 55) - 1)

static struct mml_machine *m;
static struct mml_task *tasks[4];	/* parent, child, grandchild */
static unsigned long base;

static struct mml_task *parent(void)
{
	return tasks[0];
}

/* validate_mm() of every live task, then every machine audit. */
static void check(void)
{
	char msg[256];
	int i;

	for (i = 0; i < 4; i++) {
		struct task_struct *t = (struct task_struct *)tasks[i];

		if (t)
			cr_assert_eq(validate_mm(t->mm, msg, sizeof(msg)), 0,
				     "task %d: %s", i, msg);
	}
	test_audit(m);
}

static void setup(void)
{
	m = test_machine(NULL);
	memset(tasks, 0, sizeof(tasks));
	tasks[0] = mml_task_new(m, "fork");
	cr_assert_not_null(tasks[0]);
	base = (unsigned long)mml_mmap(parent(), 0, P(16), RW, ANON, -1, 0);
	cr_assert_lt(base, -4096UL);
	check();
}

static void teardown(void)
{
	int i;

	for (i = 3; i >= 0; i--)
		if (tasks[i])
			mml_exit(tasks[i], 0);
	test_audit(m);
	mml_machine_free(m);
}

TestSuite(fork, .init = setup, .fini = teardown);

/* Fork @t; the child goes to tasks[@slot]. */
static struct mml_task *fork_into(struct mml_task *t, int slot)
{
	long pid = mml_fork(t);

	cr_assert_gt(pid, 0, "fork: %ld", pid);
	tasks[slot] = mml_task_get(m, (int)pid);
	cr_assert_not_null(tasks[slot]);
	check();
	return tasks[slot];
}

static void end_task(int slot)
{
	mml_exit(tasks[slot], 0);
	tasks[slot] = NULL;
	check();
}

static void store(struct mml_task *t, unsigned long va, int byte,
		  unsigned long n)
{
	char *buf = malloc(n);

	cr_assert_not_null(buf);
	memset(buf, byte, n);
	cr_assert_eq(mml_store(t, va, buf, n), 0);
	free(buf);
	check();
}

/* Every one of the @n bytes at @va reads @byte. */
static void expect(struct mml_task *t, unsigned long va, int byte,
		   unsigned long n)
{
	unsigned char *buf = malloc(n);
	unsigned long i;

	cr_assert_not_null(buf);
	cr_assert_eq(mml_load(t, va, buf, n), 0);
	for (i = 0; i < n; i++)
		cr_assert_eq(buf[i], (unsigned char)byte,
			     "byte %lu at %#lx: %#x, want %#x", i, va, buf[i],
			     byte);
	free(buf);
	check();
}

/* The PFN mapped at @va (0 if not present), through /proc/self/pagemap. */
static u64 pfn_of(struct mml_task *t, unsigned long va)
{
	u64 e = 0;

	cr_assert_eq(mml_read_file_at(t, "/proc/self/pagemap", &e, 8,
				      va / PAGE_SIZE * 8), 8);
	return (e & PM_PRESENT) ? (e & PM_PFN_MASK) : 0;
}

/* Free pages once every cache and per-cpu list is drained. */
static unsigned long free_pages_settled(void)
{
	kmem_cache_shrink_all();
	drain_local_pages();
	return nr_free_pages();
}

Test(fork, cow_isolation_both_directions)
{
	struct mml_task *c;
	u64 pfn;

	store(parent(), base, 0x50, P(4));
	pfn = pfn_of(parent(), base);
	c = fork_into(parent(), 1);
	cr_assert_eq(pfn_of(c, base), pfn, "not shared after fork");
	store(c, base + P(1), 0x51, P(1));
	expect(parent(), base + P(1), 0x50, P(1));
	expect(c, base + P(1), 0x51, P(1));
	store(parent(), base, 0x52, 8);
	cr_assert_neq(pfn_of(parent(), base), pfn_of(c, base));
	expect(c, base, 0x50, P(1));
	expect(parent(), base, 0x52, 8);
	end_task(1);
	expect(parent(), base + P(2), 0x50, P(2));
}

Test(fork, cow_reuses_page_after_child_exit)
{
	u64 pfn;

	store(parent(), base, 0x53, P(1));
	pfn = pfn_of(parent(), base);
	fork_into(parent(), 1);
	end_task(1);
	store(parent(), base, 0x54, 1);
	cr_assert_eq(pfn_of(parent(), base), pfn, "copied although exclusive");
}

Test(fork, dontfork_and_wipeonfork)
{
	struct mml_task *c;
	unsigned long addr = 0;
	int signo = 0, code = 0;
	char byte;

	store(parent(), base, 0x55, P(6));
	cr_assert_eq(mml_madvise(parent(), base + P(1), P(2), MADV_DONTFORK), 0);
	cr_assert_eq(mml_madvise(parent(), base + P(3), P(2), MADV_WIPEONFORK), 0);
	check();
	c = fork_into(parent(), 1);
	expect(c, base, 0x55, P(1));
	cr_assert_eq(mml_load(c, base + P(1) + 7, &byte, 1), SIGSEGV);
	mml_siginfo(c, &signo, &code, &addr);
	cr_assert_eq(code, SEGV_MAPERR);
	cr_assert_eq(addr, base + P(1) + 7);
	expect(c, base + P(3), 0, P(2));
	expect(c, base + P(5), 0x55, P(1));
	expect(parent(), base, 0x55, P(6));
	store(c, base + P(3), 0x56, P(1));
	expect(parent(), base + P(3), 0x55, P(1));
}

Test(fork, mlock_not_inherited)
{
	struct mml_task *c;
	struct task_struct *ct;

	store(parent(), base, 0x57, P(4));
	cr_assert_eq(mml_mlock(parent(), base, P(4)), 0);
	check();
	c = fork_into(parent(), 1);
	ct = (struct task_struct *)c;
	cr_assert_eq(ct->mm->locked_vm, 0);
	cr_assert_eq(((struct task_struct *)parent())->mm->locked_vm, 4);
	store(c, base, 0x58, P(4));
}

struct found {
	int n;
	int pids[8];
	u64 va[8];
	int anon[8];
};

static int collect(const struct mml_rmap_entry *e, void *arg)
{
	struct found *f = arg;

	if (f->n < 8) {
		f->pids[f->n] = e->pid;
		f->va[f->n] = e->va;
		f->anon[f->n] = e->anon;
	}
	f->n++;
	return 0;
}

static bool found_pid(const struct found *f, int pid)
{
	int i;

	for (i = 0; i < f->n && i < 8; i++)
		if (f->pids[i] == pid)
			return true;
	return false;
}

/* A page written before two forks: parent, child, grandchild map it. */
static u64 three_generations(void)
{
	u64 pfn;

	store(parent(), base, 0x60, P(2));
	pfn = pfn_of(parent(), base);
	fork_into(parent(), 1);
	fork_into(tasks[1], 2);
	cr_assert_eq(pfn_of(tasks[1], base), pfn);
	cr_assert_eq(pfn_of(tasks[2], base), pfn);
	return pfn;
}

Test(fork, rmap_walk_finds_three_generations)
{
	struct found f = { 0 };
	u64 pfn = three_generations();
	int i;

	cr_assert_eq(mml_rmap(m, pfn, collect, &f), 0);
	cr_assert_eq(f.n, 3, "rmap found %d mappings", f.n);
	for (i = 0; i < 3; i++) {
		cr_assert(found_pid(&f, mml_task_pid(tasks[i])),
			  "task %d not found", i);
		cr_assert_eq(f.va[i], base);
		cr_assert(f.anon[i]);
	}
	/* The child's COW copy leaves two mappings of the old page. */
	store(tasks[1], base, 0x61, 1);
	memset(&f, 0, sizeof(f));
	cr_assert_eq(mml_rmap(m, pfn, collect, &f), 0);
	cr_assert_eq(f.n, 2);
	cr_assert(!found_pid(&f, mml_task_pid(tasks[1])));
	end_task(2);
	memset(&f, 0, sizeof(f));
	cr_assert_eq(mml_rmap(m, pfn, collect, &f), 0);
	cr_assert_eq(f.n, 1);
}

static void count_migrated(const struct mml_migrate_entry *e, void *arg)
{
	(*(int *)arg)++;
}

Test(fork, migrate_keeps_contents_fixes_every_pte)
{
	u64 pfn = three_generations(), npfn = 0;
	struct found f = { 0 };
	int fixed = 0, i;

	cr_assert_eq(mml_migrate(m, pfn, &npfn, count_migrated, &fixed), 0);
	check();
	cr_assert_neq(npfn, pfn);
	cr_assert_eq(fixed, 3);
	for (i = 0; i < 3; i++) {
		cr_assert_eq(pfn_of(tasks[i], base), npfn, "task %d", i);
		expect(tasks[i], base, 0x60, P(1));
	}
	cr_assert_eq(mml_rmap(m, npfn, collect, &f), 0);
	cr_assert_eq(f.n, 3);
	/* COW still works on the migrated page */
	store(tasks[2], base, 0x62, 1);
	expect(tasks[0], base, 0x60, P(1));
	cr_assert_neq(pfn_of(tasks[2], base), npfn);
}

Test(fork, pin_breaks_cow_and_blocks_migration)
{
	u64 pfn, pinned = 0, npfn = 0;
	struct mml_task *c;

	store(parent(), base, 0x63, P(1));
	pfn = pfn_of(parent(), base);
	c = fork_into(parent(), 1);
	cr_assert_eq(mml_pin_user_pages(parent(), base, 1, 1, &pinned), 1);
	check();
	cr_assert_neq(pinned, pfn, "FOLL_WRITE pinned the shared page");
	cr_assert_eq(pfn_of(parent(), base), pinned);
	cr_assert_eq(pfn_of(c, base), pfn);
	expect(parent(), base, 0x63, P(1));
	cr_assert_eq(mml_migrate(m, pinned, &npfn, NULL, NULL), -EAGAIN);
	check();
	cr_assert_eq(pfn_of(parent(), base), pinned);
	/* the pinned page is the parent's own: a store does not copy it */
	store(parent(), base, 0x64, 1);
	cr_assert_eq(pfn_of(parent(), base), pinned);
	cr_assert_eq(mml_unpin_user_pages(m, &pinned, 1), 0);
	check();
	cr_assert_eq(mml_migrate(m, pinned, &npfn, NULL, NULL), 0);
	check();
	cr_assert_eq(pfn_of(parent(), base), npfn);
	expect(c, base, 0x63, P(1));
}

Test(fork, exec_reset_frees_everything)
{
	struct task_struct *pt = (struct task_struct *)parent();
	unsigned long before;
	char maps[4096];

	cr_assert_eq(mml_munmap(parent(), base, P(16)), 0);
	check();
	before = free_pages_settled();
	base = (unsigned long)mml_mmap(parent(), 0, P(64), RW, ANON, -1, 0);
	store(parent(), base, 0x65, P(64));
	fork_into(parent(), 1);
	end_task(1);
	cr_assert_lt(free_pages_settled(), before);
	cr_assert_eq(mml_exec_reset(parent()), 0);
	check();
	cr_assert_eq(pt->mm->map_count, 1, "only the stack VMA");
	cr_assert_gt(mml_read_file(parent(), "/proc/self/maps", maps,
				   sizeof(maps)), 0);
	cr_assert_not_null(strstr(maps, "[stack]"));
	cr_assert_eq(free_pages_settled(), before, "pages leaked by exec");
}

/* Fork with the @nth allocation of @kind failing, until fork succeeds. */
static void fork_fault_injection(enum mml_fail_kind kind)
{
	unsigned long before;
	long nth, pid = -ENOMEM;

	store(parent(), base, 0x66, P(8));
	cr_assert_eq(mml_mprotect(parent(), base + P(2), P(2), PROT_READ), 0);
	cr_assert_eq(mml_madvise(parent(), base + P(6), P(1), MADV_WIPEONFORK), 0);
	check();
	before = free_pages_settled();
	for (nth = 0; nth < 10000 && pid < 0; nth++) {
		mml_fail_nth(m, kind, nth);
		pid = mml_fork(parent());
		mml_fail_nth(m, kind, -1);
		check();
		if (pid > 0)
			break;
		cr_assert_eq(pid, -ENOMEM, "nth %ld: %ld", nth, pid);
		expect(parent(), base, 0x66, P(8));
		cr_assert_eq(free_pages_settled(), before,
			     "nth %ld: pages leaked", nth);
	}
	cr_assert_gt(pid, 0, "fork never succeeded");
	cr_assert_gt(nth, 0, "no allocation was injected");
	tasks[1] = mml_task_get(m, (int)pid);
	cr_assert_not_null(tasks[1]);
	expect(tasks[1], base, 0x66, P(6));
	expect(tasks[1], base + P(6), 0, P(1));
	end_task(1);
	cr_assert_eq(free_pages_settled(), before);
}

Test(fork, fault_injection_slab)
{
	fork_fault_injection(MML_FAIL_SLAB);
}

Test(fork, fault_injection_page_alloc)
{
	fork_fault_injection(MML_FAIL_PAGE_ALLOC);
}

/* A COW fault that cannot allocate its copy fails (Linux would OOM); both
 * tasks stay consistent and the shared page intact, and a retry works. */
Test(fork, cow_fault_injection)
{
	struct mml_task *c;
	long nth;
	int sig = -1;
	char byte = 0x67;

	store(parent(), base, 0x68, P(1));
	c = fork_into(parent(), 1);
	for (nth = 0; nth < 100 && sig; nth++) {
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, nth);
		sig = mml_store(c, base, &byte, 1);
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
		check();
		expect(parent(), base, 0x68, P(1));
	}
	cr_assert_eq(sig, 0);
	expect(c, base, 0x67, 1);
}
