// SPDX-License-Identifier: MIT
/*
 * The VMA tree, merging and splitting, get_unmapped_area(), munmap, brk
 * and the initial layout of a task.  Ranges are drawn in page units
 * relative to a base; validate_mm() runs after every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <mmlab/mmlab.h>
#include "mm/internal.h"
#include "helpers.h"


static struct mml_machine *m;
static struct task_struct *t;
static unsigned long base;

static void check(void)
{
	char msg[256];

	cr_assert_eq(validate_mm(t->mm, msg, sizeof(msg)), 0, "%s", msg);
	test_audit(m);
}

static void setup(void)
{
	m = test_machine(NULL);
	t = (struct task_struct *)mml_task_new(m, "vma");
	cr_assert_not_null(t);
	/* A region of 64 pages nobody else uses. */
	base = (unsigned long)mml_mmap((struct mml_task *)t, 0, P(64), PROT_NONE, ANON, -1, 0);
	cr_assert_lt(base, -4096UL);
	cr_assert_eq(mml_munmap((struct mml_task *)t, base, P(64)), 0);
	check();
}

static void teardown(void)
{
	mml_exit((struct mml_task *)t, 0);
	test_audit(m);
	mml_machine_free(m);
}

static long map(unsigned long pg, unsigned long n, int prot, int flags)
{
	long r = mml_mmap((struct mml_task *)t, base + P(pg), P(n), prot,
			  flags | MAP_FIXED, -1, 0);

	check();
	return r;
}

/* Does the VMA list over the region read as @want ("[0,3) [5,8)")? */
static void expect_vmas(const char *want)
{
	struct vm_area_struct *v;
	char got[512] = "";

	for (v = t->mm->mmap; v; v = v->vm_next) {
		char one[64];

		if (v->vm_end <= base || v->vm_start >= base + P(64))
			continue;
		snprintf(one, sizeof(one), "%s[%lu,%lu)", got[0] ? " " : "",
			 (v->vm_start - base) >> PAGE_SHIFT, (v->vm_end - base) >> PAGE_SHIFT);
		strcat(got, one);
	}
	cr_assert_str_eq(got, want);
}

TestSuite(vma, .init = setup, .fini = teardown);

/*
 * 0123456789
 * AAA  BBB     before
 * AAA**BBB     mmap [3,5) with the same flags
 * AAAAAAAA     one VMA
 */
Test(vma, mmap_fills_hole_merges_both_sides)
{
	map(0, 3, RW, ANON);
	map(5, 3, RW, ANON);
	expect_vmas("[0,3) [5,8)");
	map(3, 2, RW, ANON);
	expect_vmas("[0,8)");
	cr_assert_eq(t->mm->map_count, 2);	/* + the stack */
}

/*
 * 0123456789
 * AAA          before
 * AAAbb        mmap [3,5) read-only: no merge
 * AAAbbBB      mmap [5,7) rw: merges with neither (b differs)
 */
Test(vma, different_flags_do_not_merge)
{
	map(0, 3, RW, ANON);
	map(3, 2, PROT_READ, ANON);
	map(5, 2, RW, ANON);
	expect_vmas("[0,3) [3,5) [5,7)");
}

/*
 * 0123456789
 * AAAAAAAA     before
 * AA    AA     munmap [2,6): split in two
 * AA           munmap [6,8)
 */
Test(vma, munmap_splits_and_trims)
{
	map(0, 8, RW, ANON);
	cr_assert_eq(mml_munmap((struct mml_task *)t, base + P(2), P(4)), 0);
	check();
	expect_vmas("[0,2) [6,8)");
	cr_assert_eq(mml_munmap((struct mml_task *)t, base + P(6), P(2)), 0);
	check();
	expect_vmas("[0,2)");
	/* Unaligned, empty, and nothing-mapped ranges. */
	cr_assert_eq(mml_munmap((struct mml_task *)t, base + 1, P(1)), -EINVAL);
	cr_assert_eq(mml_munmap((struct mml_task *)t, base, 0), -EINVAL);
	cr_assert_eq(mml_munmap((struct mml_task *)t, base + P(20), P(4)), 0);
	check();
}

/*
 * 0123456789
 * AAAAAAAA     before
 * AAA**AAA     MAP_FIXED over the middle with other flags: three VMAs
 */
Test(vma, map_fixed_replaces_middle)
{
	map(0, 8, RW, ANON);
	cr_assert_eq(map(3, 2, PROT_READ, ANON), (long)(base + P(3)));
	expect_vmas("[0,3) [3,5) [5,8)");
	cr_assert_eq(t->mm->total_vm, (unsigned long)(8 + 0x21));
}

Test(vma, fixed_noreplace_refuses_overlap)
{
	map(2, 2, RW, ANON);
	cr_assert_eq(mml_mmap((struct mml_task *)t, base + P(3), P(2), RW,
			      ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
	check();
	expect_vmas("[2,4)");
}

Test(vma, topdown_search_takes_highest_gap_below_mmap_base)
{
	unsigned long a, b;

	a = (unsigned long)mml_mmap((struct mml_task *)t, 0, P(1), RW, ANON, -1, 0);
	b = (unsigned long)mml_mmap((struct mml_task *)t, 0, P(1), RW, ANON, -1, 0);
	check();
	cr_assert_eq(b + P(1), a, "top-down: the next one goes just below");
	cr_assert_leq(a + P(1), t->mm->mmap_base);
	/* A hole exactly the size asked for is found in the middle. */
	cr_assert_eq(mml_munmap((struct mml_task *)t, b, P(1)), 0);
	cr_assert_eq(mml_mmap((struct mml_task *)t, 0, P(1), PROT_READ, ANON, -1, 0), (long)b);
	check();
}

Test(vma, hint_honoured_when_free)
{
	unsigned long hint = base + P(10);

	cr_assert_eq(mml_mmap((struct mml_task *)t, hint, P(2), RW, ANON, -1, 0), (long)hint);
	map(20, 2, RW, ANON);
	/* An occupied hint: somewhere else. */
	cr_assert_neq(mml_mmap((struct mml_task *)t, base + P(20), P(2), PROT_READ, ANON, -1, 0),
		      (long)(base + P(20)));
	check();
}

Test(vma, errno_order_of_do_mmap)
{
	struct mml_task *ut = (struct mml_task *)t;

	cr_assert_eq(mml_mmap(ut, 0, 0, RW, ANON, -1, 0), -EINVAL);
	cr_assert_eq(mml_mmap(ut, 0, P(1), RW, MAP_ANONYMOUS, -1, 0), -EINVAL);
	cr_assert_eq(mml_mmap(ut, 0, P(1), RW, MAP_PRIVATE, 99, 0), -EBADF);
	cr_assert_eq(mml_mmap(ut, 0, P(1), RW, MAP_PRIVATE, 99, 1), -EINVAL);
	cr_assert_eq(mml_mmap(ut, base + 1, P(1), RW, ANON | MAP_FIXED, -1, 0), -EINVAL);
	cr_assert_eq(mml_mmap(ut, 0, -P(1), RW, ANON, -1, 0), -ENOMEM);
	cr_assert_eq(mml_mmap(ut, 0, P(1), RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0), -EINVAL);
	check();
}

Test(vma, max_map_count)
{
	int i;
	long r = 0;

	m->sysctl_max_map_count = 10;
	/* Alternate protections so nothing merges. */
	for (i = 0; i < 20 && r >= 0; i++)
		r = map((unsigned long)i * 2, 1, (i & 1) ? PROT_READ : RW, ANON);
	cr_assert_eq(r, -ENOMEM);
	cr_assert_leq(t->mm->map_count, 11);
}

Test(vma, anonymous_memory_reads_zero_then_keeps_writes)
{
	struct mml_task *ut = (struct mml_task *)t;
	char buf[64], zero[64] = { 0 };

	map(0, 4, RW, ANON);
	cr_assert_eq(mml_load(ut, base + P(1) - 8, buf, 16), 0);
	cr_assert_arr_eq(buf, zero, 16);
	cr_assert_eq(get_mm_counter(t->mm, MM_ANONPAGES), 0, "reads map the zero page");
	cr_assert_eq(mml_store(ut, base + P(1) - 4, "abcdefgh", 8), 0);
	cr_assert_eq(get_mm_counter(t->mm, MM_ANONPAGES), 2, "a store across two pages");
	cr_assert_eq(mml_load(ut, base + P(1) - 4, buf, 8), 0);
	cr_assert_arr_eq(buf, "abcdefgh", 8);
	check();
	cr_assert_eq(mml_munmap(ut, base, P(4)), 0);
	cr_assert_eq(get_mm_counter(t->mm, MM_ANONPAGES), 0);
	check();
}

Test(vma, signals_for_bad_accesses)
{
	struct mml_task *ut = (struct mml_task *)t;
	int sig, code;
	unsigned long addr;
	char c = 1;

	map(0, 1, PROT_READ, ANON);
	cr_assert_eq(mml_store(ut, base + 5, &c, 1), SIGSEGV);
	mml_siginfo(ut, &sig, &code, &addr);
	cr_assert_eq(code, SEGV_ACCERR);
	cr_assert_eq(addr, base + 5);
	cr_assert_eq(mml_load(ut, base + P(3), &c, 1), SIGSEGV);
	mml_siginfo(ut, &sig, &code, &addr);
	cr_assert_eq(code, SEGV_MAPERR);
	cr_assert_eq(addr, base + P(3));
	check();
}

/* A fault that finds no memory: the OOM killer's SIGKILL, and its siginfo. */
Test(vma, store_out_of_memory_is_sigkill)
{
	struct mml_task *ut = (struct mml_task *)t;
	int sig, code;
	unsigned long addr;
	char c = 1;

	map(0, 1, RW, ANON);
	cr_assert_eq(mml_load(ut, base + P(3), &c, 1), SIGSEGV);
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, 0);
	cr_assert_eq(mml_store(ut, base, &c, 1), 9 /* SIGKILL */);
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
	mml_siginfo(ut, &sig, &code, &addr);
	cr_assert_eq(sig, 9 /* SIGKILL */);
	cr_assert_eq(code, SI_KERNEL);
	cr_assert_eq(addr, 0);
	cr_assert_eq(mml_store(ut, base, &c, 1), 0, "memory is back");
	check();
}

Test(vma, brk_raw_semantics)
{
	struct mml_task *ut = (struct mml_task *)t;
	unsigned long b0 = (unsigned long)mml_brk(ut, 0);

	cr_assert_eq(b0, t->mm->start_brk);
	cr_assert_eq(mml_brk(ut, b0 + 10), (long)(b0 + 10));
	check();
	cr_assert_eq(mml_brk(ut, b0 + P(3)), (long)(b0 + P(3)));
	check();
	cr_assert_eq(t->mm->data_vm, 3);
	/* Below start_brk: refused, the break stays. */
	cr_assert_eq(mml_brk(ut, b0 - P(1)), (long)(b0 + P(3)));
	/* Growing into a mapping (or its guard) is refused. */
	cr_assert_eq(mml_mmap(ut, b0 + P(6), P(1), RW, ANON | MAP_FIXED, -1, 0), (long)(b0 + P(6)));
	cr_assert_eq(mml_brk(ut, b0 + P(6)), (long)(b0 + P(3)));
	cr_assert_eq(mml_brk(ut, b0 + P(1)), (long)(b0 + P(1)));
	check();
	cr_assert_eq(t->mm->data_vm, 2);
}

Test(vma, stack_grows_down_on_fault)
{
	struct mml_task *ut = (struct mml_task *)t;
	struct vm_area_struct *stack = find_vma(t->mm, t->mm->start_stack);
	unsigned long start = stack->vm_start;
	char c = 7;

	cr_assert(stack->vm_flags & VM_GROWSDOWN);
	cr_assert_eq(mml_store(ut, start - P(5), &c, 1), 0);
	cr_assert_eq(stack->vm_start, start - P(5));
	check();
}

Test(vma, initial_layout_like_linux_without_aslr)
{
	char maps[4096];

	cr_assert_eq(t->mm->mmap_base, 0x7ffff7fff000UL);
	cr_assert_eq(t->mm->task_size, 0x7ffffffff000UL);
	mml_read_file((struct mml_task *)t, "/proc/self/maps", maps, sizeof(maps));
	cr_assert(strstr(maps, "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n"),
		  "%s", maps);
	cr_assert(strstr(maps, "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n"),
		  "%s", maps);
}

Test(vma, legacy_layout_is_bottom_up)
{
	struct mml_config cfg;
	struct mml_machine *lm;
	struct mml_task *lt;
	long a, b;

	mml_config_init(&cfg);
	cfg.legacy_va_layout = 1;
	lm = mml_machine_new(&cfg);
	test_use_machine(lm);
	lt = mml_task_new(lm, "legacy");
	a = mml_mmap(lt, 0, P(1), RW, ANON, -1, 0);
	b = mml_mmap(lt, 0, P(1), PROT_READ, ANON, -1, 0);
	cr_assert_eq(a, 0x2aaaaaaab000L);
	cr_assert_eq(b, a + (long)P(1));
	mml_exit(lt, 0);
	mml_machine_free(lm);
}

/* Fail each allocation of @op in turn: an error, and the mm as it was. */
static void inject_until_success(long (*op)(void), int kind)
{
	long nth, r = -ENOMEM;

	for (nth = 0; nth < 20; nth++) {
		unsigned long before = t->mm->total_vm;
		int before_count = t->mm->map_count;

		m->fail_nth[kind] = nth;
		r = op();
		m->fail_nth[kind] = -1;
		check();
		if (r == 0)
			break;
		cr_assert(r == -ENOMEM || r == SIGKILL_OOM, "r=%ld", r);
		cr_assert_eq(t->mm->total_vm, before);
		cr_assert_geq(t->mm->map_count, before_count);
	}
	cr_assert_eq(r, 0);
}

static long unmap_middle(void)
{
	return mml_munmap((struct mml_task *)t, base + P(3), P(1));
}

static long store_page(void)
{
	return mml_store((struct mml_task *)t, base + P(6), "x", 1);
}

static long mmap_one(void)
{
	long r = mml_mmap((struct mml_task *)t, base + P(20), P(2), PROT_READ,
			  ANON | MAP_FIXED, -1, 0);

	return r < 0 ? r : 0;
}

Test(vma, fault_injection_on_every_allocation)
{
	int kind;

	for (kind = 0; kind < NR_FAIL_KINDS; kind++) {
		map(0, 8, RW, ANON);
		inject_until_success(unmap_middle, kind);
		inject_until_success(store_page, kind);
		inject_until_success(mmap_one, kind);
		cr_assert_eq(mml_munmap((struct mml_task *)t, base, P(64)), 0);
	}
}

Test(vma, exit_frees_everything)
{
	struct mml_task *ut;
	unsigned long before;
	int i;

	drain_local_pages();
	before = nr_free_pages();
	ut = mml_task_new(m, "tmp");
	for (i = 0; i < 32; i++) {
		long a = mml_mmap(ut, 0, P(3), RW, ANON, -1, 0);

		cr_assert_eq(mml_store(ut, (unsigned long)a + P(1), "y", 1), 0);
	}
	mml_exit(ut, 0);
	kmem_cache_shrink_all();
	drain_local_pages();
	cr_assert_eq(nr_free_pages(), before);
	test_audit(m);
}

Test(vma, rlimit_as_and_data)
{
	struct mml_task *ut = (struct mml_task *)t;
	unsigned long total = t->mm->total_vm << PAGE_SHIFT;

	cr_assert_eq(mml_setrlimit(ut, RLIMIT_AS, total + P(4), RLIM_INFINITY), 0);
	cr_assert_eq(map(0, 4, RW, ANON), (long)base);
	cr_assert_eq(map(8, 1, RW, ANON), -ENOMEM, "RLIMIT_AS reached");
	/* MAP_FIXED over existing pages counts only what it adds. */
	cr_assert_eq(map(0, 4, PROT_READ, ANON), (long)base);
	cr_assert_eq(mml_setrlimit(ut, RLIMIT_AS, RLIM_INFINITY, RLIM_INFINITY), 0);
	cr_assert_eq(map(4, 2, RW, ANON), (long)(base + P(4)));
	cr_assert_eq(t->mm->data_vm, 2);
	/* (A zero RLIMIT_DATA is Linux's Valgrind exception: use a real one.) */
	cr_assert_eq(mml_setrlimit(ut, RLIMIT_DATA, t->mm->data_vm << PAGE_SHIFT, RLIM_INFINITY), 0);
	cr_assert_eq(map(8, 1, RW, ANON), -ENOMEM, "RLIMIT_DATA: a private writable mapping");
	cr_assert_eq(map(8, 1, PROT_READ, ANON), (long)(base + P(8)), "read-only is not data");
	cr_assert_eq(map(10, 1, RW, MAP_SHARED | MAP_ANONYMOUS), (long)(base + P(10)),
		     "shared is not data");
	cr_assert_eq(mml_setrlimit(ut, RLIMIT_DATA, 1, 0), -EINVAL);
}

Test(vma, overcommit_never_limits_commit)
{
	struct mml_task *ut = (struct mml_task *)t;
	long limit, before = m->vm_committed_as;

	cr_assert_eq(mml_sysctl_set(m, "vm.overcommit_memory", 2), 0);
	limit = (long)vm_commit_limit();
	/* Private writable memory is charged to Committed_AS ... */
	cr_assert_eq(map(0, 4, RW, ANON), (long)base);
	cr_assert_eq(m->vm_committed_as, before + 4);
	/* ... and refused beyond CommitLimit; NORESERVE does not help in mode 2. */
	cr_assert_eq(mml_mmap(ut, 0, (unsigned long)limit << PAGE_SHIFT, RW, ANON | MAP_NORESERVE, -1, 0),
		     -ENOMEM);
	/* Read-only and shared mappings are not charged. */
	cr_assert_geq(mml_mmap(ut, 0, (unsigned long)limit << PAGE_SHIFT, PROT_READ, ANON, -1, 0), 0);
	cr_assert_eq(mml_munmap(ut, base, P(4)), 0);
	cr_assert_eq(m->vm_committed_as, before);
	/* Mode 1: anything goes; mode 0: no single request above RAM. */
	cr_assert_eq(mml_sysctl_set(m, "vm.overcommit_memory", 1), 0);
	cr_assert_geq(mml_mmap(ut, 0, 64UL << 30, RW, ANON, -1, 0), 0);
	cr_assert_eq(mml_sysctl_set(m, "vm.overcommit_memory", 0), 0);
	cr_assert_eq(mml_mmap(ut, 0, 64UL << 30, RW, ANON, -1, 0), -ENOMEM);
	cr_assert_geq(mml_mmap(ut, 0, 64UL << 30, RW, ANON | MAP_NORESERVE, -1, 0), 0);
	cr_assert_eq(mml_sysctl_set(m, "vm.overcommit_memory", 3), -EINVAL);
	cr_assert_eq(mml_sysctl_set(m, "vm.nonsense", 3), -ENOENT);
	check();
}

/*
 * The vm sysctls take Linux's ranges.  Expected results: what writing each
 * value to /proc/sys/vm/NAME did on the reference host (Linux 6.18), values
 * above LONG_MAX left out (the API takes a long).
 */
Test(vma, sysctl_ranges_are_linux)
{
	static const struct {
		const char *name;
		long val;
		int err;
	} cases[] = {
		{ "vm.max_map_count", -1, -EINVAL },
		{ "vm.max_map_count", 0, 0 },
		{ "vm.max_map_count", 2147483647L, 0 },
		{ "vm.max_map_count", 2147483648L, -EINVAL },
		{ "vm.overcommit_memory", -1, -EINVAL },
		{ "vm.overcommit_memory", 2, 0 },
		{ "vm.overcommit_memory", 3, -EINVAL },
		{ "vm.overcommit_ratio", -1, 0 },
		{ "vm.overcommit_ratio", -2147483648L, 0 },
		{ "vm.overcommit_ratio", 2147483647L, 0 },
		{ "vm.overcommit_ratio", 2147483648L, -EINVAL },
		{ "vm.overcommit_kbytes", -1, -EINVAL },
		{ "vm.overcommit_kbytes", 0, 0 },
		{ "vm.legacy_va_layout", -1, -EINVAL },
		{ "vm.legacy_va_layout", 2, 0 },
		{ "vm.legacy_va_layout", 2147483647L, 0 },
		{ "vm.legacy_va_layout", 2147483648L, -EINVAL },
		{ "vm.mmap_min_addr", -1, -EINVAL },
		{ "vm.mmap_min_addr", 1099511627776L, 0 },
	};
	long v, old;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		cr_assert_eq(mml_sysctl_get(m, cases[i].name, &old), 0);
		cr_assert_eq(mml_sysctl_set(m, cases[i].name, cases[i].val),
			     cases[i].err, "%s = %ld", cases[i].name, cases[i].val);
		cr_assert_eq(mml_sysctl_get(m, cases[i].name, &v), 0);
		cr_assert_eq(v, cases[i].err ? old : cases[i].val, "%s", cases[i].name);
	}
	/* Linux's overcommit handlers: each of ratio and kbytes clears the other. */
	cr_assert_eq(mml_sysctl_set(m, "vm.overcommit_kbytes", 1000), 0);
	cr_assert_eq(mml_sysctl_get(m, "vm.overcommit_ratio", &v), 0);
	cr_assert_eq(v, 0);
	cr_assert_eq(mml_sysctl_set(m, "vm.overcommit_ratio", 60), 0);
	cr_assert_eq(mml_sysctl_get(m, "vm.overcommit_kbytes", &v), 0);
	cr_assert_eq(v, 0);
}

Test(vma, trace_shows_the_kernel_path)
{
	char buf[4096];

	mml_trace(m, 1);
	mml_mmap((struct mml_task *)t, 0, P(2), RW, ANON, -1, 0);
	mml_trace(m, 0);
	cr_assert_gt(mml_trace_read(m, buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "do_mmap: addr 0 len 0x2000 prot rw- flags 0x22"), "%s", buf);
	cr_assert(strstr(buf, "get_unmapped_area: top-down -> 0x"), "%s", buf);
	cr_assert(strstr(buf, "mmap_region: "), "%s", buf);
	cr_assert_eq(mml_trace_read(m, buf, sizeof(buf)), 0, "the buffer was emptied");
}

/*
 * mprotect() moving a boundary hands anonymous pages to a neighbour that
 * has no anon_vma yet: the neighbour must join the anon_vma (Linux's
 * dup_anon_vma() in vma_merge() cases 4 and 5), or the rmap loses them.
 *
 * 01234567
 * AAAABBBB     A rw- (never touched), B rwx with pages 4 and 5
 * AAAAAABB     mprotect [4,6) rw-: case 5, A takes pages 4, 5
 * AAAABBBB     mprotect [4,6) rwx: case 4, B takes them back
 */
static void expect_rmap_finds(unsigned long pg)
{
	struct vm_area_struct *vma = vma_lookup(t->mm, base + P(pg));
	uint64_t pfn, npfn;
	char byte;

	cr_assert(vma && vma->anon_vma, "page %lu's VMA has no anon_vma", pg);
	cr_assert_eq(mml_task_walk((struct mml_task *)t, base + P(pg), 0,
				   &(struct mml_walk){ 0 }), 0);
	pfn = pte_pfn(*pte_offset_map_mm(t->mm, base + P(pg)));
	cr_assert_eq(mml_migrate(m, pfn, &npfn, NULL, NULL), 0);
	cr_assert_eq(pte_pfn(*pte_offset_map_mm(t->mm, base + P(pg))), npfn,
		     "migrate left the PTE of page %lu on the old frame", pg);
	cr_assert_eq(mml_load((struct mml_task *)t, base + P(pg), &byte, 1), 0);
	cr_assert_eq(byte, (char)pg);
}

Test(vma, boundary_move_shares_anon_vma)
{
	struct mml_task *ut = (struct mml_task *)t;
	char c4 = 4, c5 = 5;

	cr_assert_eq(map(0, 4, RW, ANON), (long)base);
	cr_assert_eq(map(4, 4, RW | PROT_EXEC, ANON), (long)base + P(4));
	cr_assert_eq(mml_store(ut, base + P(4), &c4, 1), 0);
	cr_assert_eq(mml_store(ut, base + P(5), &c5, 1), 0);
	cr_assert_eq(mml_mprotect(ut, base + P(4), P(2), RW), 0);
	expect_vmas("[0,6) [6,8)");
	check();
	expect_rmap_finds(4);
	expect_rmap_finds(5);

	cr_assert_eq(mml_munmap(ut, base, P(8)), 0);
	cr_assert_eq(map(0, 4, RW | PROT_EXEC, ANON), (long)base);
	cr_assert_eq(map(4, 4, RW, ANON), (long)base + P(4));
	cr_assert_eq(mml_store(ut, base + P(2), (char[]){ 2 }, 1), 0);
	cr_assert_eq(mml_store(ut, base + P(3), (char[]){ 3 }, 1), 0);
	cr_assert_eq(mml_mprotect(ut, base + P(2), P(2), RW), 0);
	expect_vmas("[0,2) [2,8)");
	check();
	expect_rmap_finds(2);
	expect_rmap_finds(3);
}

/*
 * A freed VMA's host structure is handed out again (mm/vma.c's chunks):
 * the next vm_area_alloc() must return it as clean as calloc() would,
 * whatever the previous user left in it.
 */
Test(vma, reused_vma_is_clean)
{
	struct vm_area_struct *vma, *again, zero, copy;

	vma = vm_area_alloc(t->mm);
	cr_assert_not_null(vma);
	vma->vm_start = base;
	vma->vm_end = base + P(1);
	vma->vm_flags = VM_READ | VM_WRITE | VM_LOCKED;
	vma->vm_pgoff = 77;
	vma->vm_private_data = vma;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	vma->shared_subtree_last = 5;
	vm_area_free(vma);

	again = vm_area_alloc(t->mm);
	cr_assert_eq(again, vma, "the structure just freed is reused first");
	cr_assert_eq(again->vm_mm, t->mm);
	cr_assert_not_null(again->shadow);
	cr_assert_not_null(again->host_chunk);
	cr_assert(list_empty(&again->anon_vma_chain));
	copy = *again;
	copy.vm_mm = NULL;
	copy.shadow = NULL;
	copy.host_chunk = NULL;
	memset(&copy.anon_vma_chain, 0, sizeof(copy.anon_vma_chain));
	memset(&zero, 0, sizeof(zero));
	cr_assert(!memcmp(&copy, &zero, sizeof(zero)),
		  "every other field zero, as calloc() leaves them");
	vm_area_free(again);
	check();
}

/* munmap frees a VMA, mmap takes the same structure; the VMAs stay right. */
Test(vma, munmap_then_mmap_reuses_vmas)
{
	struct vm_area_struct *old, *v;

	map(0, 8, RW, ANON);
	cr_assert_eq(mml_store((struct mml_task *)t, base + P(2), "z", 1), 0);
	old = find_vma(t->mm, base);
	cr_assert_not_null(old->anon_vma);
	cr_assert_eq(mml_munmap((struct mml_task *)t, base, P(8)), 0);
	check();
	map(4, 2, PROT_READ, ANON);
	expect_vmas("[4,6)");
	v = find_vma(t->mm, base + P(4));
	cr_assert_eq(v, old, "the structure munmap freed");
	cr_assert_null(v->anon_vma);
	cr_assert_eq(v->vm_flags & (VM_WRITE | VM_LOCKED), 0);
}

static size_t list_length(struct list_head *head)
{
	struct list_head *p;
	size_t n = 0;

	list_for_each(p, head)
		n++;
	return n;
}

/* The chunks, other than the current one, that hold the task's VMAs. */
static size_t chunks_in_use(void)
{
	void *seen[64];
	size_t n = 0, i;
	struct vm_area_struct *v;

	for (v = t->mm->mmap; v; v = v->vm_next) {
		if (v->host_chunk == m->vma_chunk)
			continue;
		for (i = 0; i < n && seen[i] != v->host_chunk; i++)
			;
		if (i == n && n < ARRAY_SIZE(seen))
			seen[n++] = v->host_chunk;
	}
	return n;
}

/*
 * VMAs freed in any order go back to their chunks; a chunk that is not
 * the current one is on the partial list while it has free structures
 * and is given back when its last VMA goes.
 */
Test(vma, vma_chunks_given_back)
{
	unsigned long n = 3 * VMA_CHUNK_OBJS + 1, i;
	struct vm_area_struct **v = calloc(n, sizeof(*v));
	void *first_chunk;

	cr_assert_not_null(v);
	for (i = 0; i < n; i++) {
		v[i] = vm_area_alloc(t->mm);
		cr_assert_not_null(v[i]);
	}
	cr_assert(list_empty(&m->vma_chunks_partial));
	cr_assert_neq(v[0]->host_chunk, v[n - 1]->host_chunk);
	/* v[n - 1] is in the current chunk; v[0] in a full one */
	first_chunk = v[0]->host_chunk;
	vm_area_free(v[0]);
	cr_assert(!list_empty(&m->vma_chunks_partial));
	v[0] = vm_area_alloc(t->mm);
	cr_assert(v[0]->host_chunk == first_chunk || v[0]->host_chunk == v[n - 1]->host_chunk);
	/*
	 * Scattered frees: every chunk goes back but the current one and
	 * those that still hold the task's own VMAs (its stack ...).
	 */
	for (i = 0; i < n; i++)
		vm_area_free(v[i * 7 % n]);
	cr_assert_eq(list_length(&m->vma_chunks_partial), chunks_in_use());
	free(v);
	check();
}
