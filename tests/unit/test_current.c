// SPDX-License-Identifier: MIT
/*
 * The current machine and task: each public entry point makes its machine
 * current and restores the caller's, so several machines live in one
 * process and a callback may enter another machine.
 */
#include <pthread.h>
#include <criterion/criterion.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/mman.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

static struct mml_machine *m, *m2;

static void setup(void)
{
	m2 = test_machine(NULL);
	m = test_machine(NULL);		/* current from here on */
}

static void teardown(void)
{
	mml_machine_free(m2);
	mml_machine_free(m);
}

TestSuite(current, .init = setup, .fini = teardown);

/* Free pages of @mach, read as kernel code running on it would. */
static unsigned long free_pages_of(struct mml_machine *mach)
{
	struct mml_machine *was = current_machine();
	unsigned long n;

	test_use_machine(mach);
	n = nr_free_pages();
	test_use_machine(was);
	return n;
}

Test(current, entry_points_restore_the_callers_machine)
{
	uint64_t kva;

	cr_assert_eq(current_machine(), m);
	cr_assert_eq(mml_kmalloc(m2, 64, MML_GFP_KERNEL, &kva), 0);
	cr_assert_eq(current_machine(), m, "mml_kmalloc(m2) left m2 current");
	cr_assert_eq(mml_kfree(m2, kva), 0);
	cr_assert_eq(current_machine(), m);
	cr_assert_null(get_current(), "no task outside a task's entry point");
}

Test(current, each_machine_keeps_its_own_state)
{
	unsigned long free1 = free_pages_of(m), free2 = free_pages_of(m2);
	uint64_t pfn;

	cr_assert_eq(mml_alloc_pages(m2, MML_GFP_KERNEL, 4, &pfn), 0);
	cr_assert_eq(free_pages_of(m), free1, "m2's allocation came from m");
	cr_assert_eq(free_pages_of(m2), free2 - 16);
	cr_assert_eq(mml_free_pages(m2, pfn, 4), 0);
	cr_assert_eq(free_pages_of(m2), free2);
	test_audit(m);
	test_audit(m2);
}

struct nest {
	int calls;
	bool saw_wrong_machine;
	int err;
};

/* Runs inside mml_tlb_foreach(m): enters m2, then m again. */
static int enter_other_machine(const struct mml_tlb_entry *e, void *arg)
{
	struct nest *n = arg;
	uint64_t pfn, v;

	n->calls++;
	if (current_machine() != m)
		n->saw_wrong_machine = true;
	n->err |= mml_alloc_pages(m2, MML_GFP_KERNEL, 0, &pfn);
	if (current_machine() != m)
		n->saw_wrong_machine = true;
	n->err |= mml_free_pages(m2, pfn, 0);
	n->err |= mml_read(m, MML_SPACE_KERNEL, e->va, 8, &v);
	if (current_machine() != m)
		n->saw_wrong_machine = true;
	return 1;
}

Test(current, a_callback_may_enter_another_machine)
{
	struct nest n = { 0 };
	uint64_t v;

	/* One TLB entry at least: a load through the direct map. */
	cr_assert_eq(mml_read(m, MML_SPACE_KERNEL, PAGE_OFFSET + 0x100000, 8,
			      &v), 0);
	test_use_machine(m2);
	mml_tlb_foreach(m, enter_other_machine, &n);
	cr_assert_eq(n.calls, 1);
	cr_assert_eq(n.err, 0);
	cr_assert_not(n.saw_wrong_machine,
		      "the callback did not run on m, or a nested entry did not restore it");
	cr_assert_eq(current_machine(), m2, "the caller's machine was not restored");
	test_use_machine(m);
	test_audit(m);
	test_audit(m2);
}

Test(current, a_task_entry_point_sets_current_for_its_duration)
{
	struct mml_task *t = mml_task_new(m2, "cur");
	long a;

	cr_assert_not_null(t);
	a = mml_mmap(t, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_lt((unsigned long)a, -4096UL);
	cr_assert_eq(current_machine(), m);
	cr_assert_null(get_current());
	cr_assert_eq(mml_store(t, (unsigned long)a, "x", 1), 0);
	cr_assert_eq(((struct task_struct *)t)->mm->machine, m2);
	mml_exit(t, 0);
	cr_assert_eq(current_machine(), m);
	test_audit(m2);
}

/* A thread starts with no current machine and drives its own. */
static void *other_thread(void *arg)
{
	struct mml_machine *mach = arg;
	uintptr_t bad = current_machine() != NULL;
	uint64_t pfn;
	int i;

	for (i = 0; i < 1000 && !bad; i++) {
		if (mml_alloc_pages(mach, MML_GFP_KERNEL, 0, &pfn) ||
		    mml_free_pages(mach, pfn, 0) || current_machine())
			bad = 1;
	}
	return (void *)bad;
}

Test(current, threads_have_their_own_current_machine)
{
	pthread_t th;
	void *bad;
	uint64_t pfn;
	int i;

	cr_assert_eq(pthread_create(&th, NULL, other_thread, m2), 0);
	for (i = 0; i < 1000; i++) {
		cr_assert_eq(mml_alloc_pages(m, MML_GFP_KERNEL, 0, &pfn), 0);
		cr_assert_eq(mml_free_pages(m, pfn, 0), 0);
		cr_assert_eq(current_machine(), m);
	}
	cr_assert_eq(pthread_join(th, &bad), 0);
	cr_assert_null(bad);
	test_audit(m);
	test_audit(m2);
}

Test(current, freeing_the_current_machine_leaves_none)
{
	struct mml_machine *m3 = test_machine(NULL);

	cr_assert_eq(current_machine(), m3);
	mml_machine_free(m3);
	cr_assert_null(current_machine());
	test_use_machine(m);
}
