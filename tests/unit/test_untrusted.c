// SPDX-License-Identifier: MIT
/*
 * Simulated memory is untrusted by the host.  Each test overwrites a kernel
 * structure that lives in simulated RAM (a slab free pointer, a page-table
 * entry at every level, all of RAM through memset_io()) the way /dev/mem
 * or the shell's w command can, then keeps using the machine: the kernel
 * must report the corruption in its log, in Linux's words, and the host
 * process must survive (before the checks, each of these crashed it).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/panic.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

static struct mml_machine *m;

static void setup(void)
{
	m = test_machine(NULL);
	cr_assert(m);
}

static void teardown(void)
{
	mml_machine_free(m);
}

TestSuite(untrusted, .init = setup, .fini = teardown);

static bool dmesg_has(const char *what)
{
	char *log = test_read_file(m, "dmesg");
	bool found = strstr(log, what) != NULL;

	free(log);
	return found;
}

/* The finding-4 reproducer: kfree, overwrite the free pointer, kmalloc. */
Test(untrusted, slab_free_pointer_overwritten)
{
	struct kmem_cache *s = kmalloc_slab(64, GFP_KERNEL);
	uint64_t a, b, c;

	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &a), 0);
	cr_assert_eq(mml_kfree(m, a), 0);
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, a + s->offset, 8,
			       0x4141414141414141ULL), 0);
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &b), 0);
	cr_assert_eq(b, a, "the head of the freelist was still good");
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &c), 0);
	cr_assert_neq(c, 0x4141414141414141ULL);
	cr_assert(dmesg_has("BUG kmalloc-64 (Not tainted): Freepointer corrupt"));
	cr_assert(dmesg_has("FIX kmalloc-64: Isolate corrupted freechain"));
	/* The isolated objects leak but every list and counter agrees. */
	test_audit(m);
}

/* A free pointer into the slab, but not on an object boundary. */
Test(untrusted, slab_free_pointer_misaligned)
{
	uint64_t a, b, c;
	struct kmem_cache *s = kmalloc_slab(64, GFP_KERNEL);

	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &a), 0);
	cr_assert_eq(mml_kfree(m, a), 0);
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, a + s->offset, 8, a + 8), 0);
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &b), 0);
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &c), 0);
	cr_assert_neq(c, a + 8);
	cr_assert(dmesg_has("Freepointer corrupt"));
	test_audit(m);
}

/*
 * A free pointer that decodes (CONFIG_SLAB_FREELIST_HARDENED) to an
 * address inside the slab but off an object boundary, in caches whose size
 * is and is not a power of two: the pop must refuse it.
 */
static void encoded_misaligned(struct kmem_cache *s, unsigned int d)
{
	unsigned long a = (unsigned long)kmem_cache_alloc(s, GFP_KERNEL);
	unsigned long slot = a + s->offset, bad = a + s->size + d, b, c;
	char want[96];

	cr_assert(a);
	kmem_cache_free(s, (void *)a);
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, slot, 8,
			       bad ^ s->random ^ __builtin_bswap64(slot)), 0);
	b = (unsigned long)kmem_cache_alloc(s, GFP_KERNEL);
	c = (unsigned long)kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert_eq(b, a);
	cr_assert(c && c != bad, "%s: followed %#lx", s->name, bad);
	snprintf(want, sizeof(want), "BUG %s (", s->name);
	cr_assert(dmesg_has(want));
	kmem_cache_free(s, (void *)b);
	kmem_cache_free(s, (void *)c);
	test_audit(m);
}

Test(untrusted, slab_free_pointer_encoded_off_boundary)
{
	struct kmem_cache *odd = kmem_cache_create("odd40", 40, 0, 0);
	struct kmem_cache *s[] = { kmalloc_slab(64, GFP_KERNEL),
				   kmalloc_slab(96, GFP_KERNEL),
				   kmalloc_slab(192, GFP_KERNEL), odd };
	unsigned int i, d;

	cr_assert(odd);
	for (i = 0; i < ARRAY_SIZE(s); i++)
		for (d = 8; d < s[i]->size; d += s[i]->size / 4 & ~7u)
			encoded_misaligned(s[i], d);
}

/*
 * kmem_cache_free() of every 8-byte-aligned address of a slab that is not
 * an object's start (the definition: (a - base) % size != 0, or past the
 * last object) is refused and changes nothing.
 */
static void bad_frees_over_slab(struct kmem_cache *s)
{
	unsigned long p = (unsigned long)kmem_cache_alloc(s, GFP_KERNEL);
	struct page *slab;
	unsigned long base, span, a, freelist, refused = 0;
	unsigned int inuse;

	cr_assert(p);
	slab = compound_head(virt_to_page(p));
	base = page_address(slab);
	span = PAGE_SIZE << compound_order(slab);
	for (a = base; a < base + span; a += 8) {
		if ((a - base) % s->size == 0 &&
		    (a - base) / s->size < slab->objects)
			continue;
		inuse = slab->inuse;
		freelist = slab->freelist;
		kmem_cache_free(s, (void *)a);
		cr_assert_eq(slab->inuse, inuse, "%s: %#lx", s->name, a);
		cr_assert_eq(slab->freelist, freelist, "%s: %#lx", s->name, a);
		refused++;
	}
	cr_assert_eq(refused, span / 8 - slab->objects, "%s", s->name);
	kmem_cache_free(s, (void *)p);
	test_audit(m);
}

Test(untrusted, slab_bad_frees_every_offset)
{
	struct kmem_cache *odd = kmem_cache_create("odd40", 40, 0, 0);

	cr_assert(odd);
	bad_frees_over_slab(odd);
	bad_frees_over_slab(kmalloc_slab(96, GFP_KERNEL));
	bad_frees_over_slab(kmalloc_slab(192, GFP_KERNEL));
	bad_frees_over_slab(kmalloc_slab(64, GFP_KERNEL));
	cr_assert(dmesg_has("Invalid object pointer"));
}

/* memset_io() over a whole slab page, then allocate from every object. */
Test(untrusted, slab_page_overwritten_by_memset_io)
{
	uint64_t a, b;
	int i;

	cr_assert_eq(mml_kmalloc(m, 128, MML_GFP_KERNEL, &a), 0);
	cr_assert_eq(mml_kfree(m, a), 0);
	cr_assert_eq(mml_memset_io(m, a & ~0xfffULL, 0x41, 4096), 0);
	for (i = 0; i < 64; i++)
		cr_assert_eq(mml_kmalloc(m, 128, MML_GFP_KERNEL, &b), 0);
	cr_assert(dmesg_has("BUG kmalloc-128 (Not tainted): Freepointer corrupt"));
	test_audit(m);
}

/* kfree() of an address inside an object, and a double free. */
Test(untrusted, slab_bad_frees)
{
	void *p = kmalloc(64, GFP_KERNEL);

	cr_assert(p);
	kfree((char *)p + 8);
	cr_assert(dmesg_has("Invalid object pointer"));
	kfree(p);
	kfree(p);
	cr_assert(dmesg_has("Object already free"));
	test_audit(m);
}

/*
 * A task with a page mapped; its page-table entry at @level (0 PGD, 1 PUD,
 * 2 PMD) is pointed far outside RAM; then everything that walks tables.
 */
static void corrupt_table_entry(int level)
{
	struct mml_task *t = mml_task_new(m, "victim");
	struct mml_walk w;
	unsigned long a;
	uint64_t pa;
	char buf[4096];
	unsigned char vec[16];
	long child;

	cr_assert(t);
	a = (unsigned long)mml_mmap(t, 0, 0x10000, RW, ANON, -1, 0);
	cr_assert_lt(a, -4096UL);
	cr_assert_eq(mml_store(t, a, "x", 1), 0);
	cr_assert_eq(mml_task_walk(t, a, 0, &w), 0);
	cr_assert_eq(w.nlevels, 4);
	pa = w.level[level].table_pa + 8 * w.level[level].index;
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, pa, 8,
			       0x000f414141400067ULL), 0);
	mml_tlb_flush_all(m);

	mml_load(t, a, buf, 1);
	mml_store(t, a + 0x1000, "y", 1);
	child = mml_fork(t);
	mml_mincore(t, a, 0x10000, vec);
	mml_read_file(t, "/proc/self/smaps", buf, sizeof(buf));
	mml_read_file_at(t, "/proc/self/pagemap", buf, 64, (a >> 12) * 8);
	mml_mprotect(t, a, 0x4000, RO);
	mml_madvise(t, a, 0x4000, 4 /* MADV_DONTNEED */);
	mml_munmap(t, a, 0x10000);
	if (child > 0)
		mml_exit(mml_task_get(m, (int)child), 0);
	mml_exit(t, 0);
	cr_assert(dmesg_has(level == 0 ? "BUG: bad pgd" :
			    level == 1 ? "BUG: bad pud" : "BUG: bad pmd"));
}

Test(untrusted, pgd_entry_outside_ram) { corrupt_table_entry(0); }
Test(untrusted, pud_entry_outside_ram) { corrupt_table_entry(1); }
Test(untrusted, pmd_entry_outside_ram) { corrupt_table_entry(2); }

/* Every byte of RAM through the direct map becomes 0x41, then keep going. */
Test(untrusted, all_ram_overwritten)
{
	struct mml_task *t = mml_task_new(m, "victim");
	struct mml_layout l;
	unsigned long a;
	uint64_t kva;
	char buf[4096];
	int i;

	cr_assert(t);
	a = (unsigned long)mml_mmap(t, 0, 0x10000, RW, ANON, -1, 0);
	cr_assert_eq(mml_store(t, a, "x", 1), 0);
	mml_layout(m, &l);
	/* Stops with -EFAULT once it has wiped the direct map's own tables. */
	mml_memset_io(m, l.page_offset, 0x41, 256UL << 20);
	for (i = 0; i < 16; i++) {
		mml_kmalloc(m, 8UL << (i % 10), MML_GFP_KERNEL, &kva);
		mml_vmalloc(m, 8192, 1, &kva);
	}
	mml_store(t, a + 0x2000, "y", 1);
	mml_fork(t);
	mml_read_file(t, "/proc/self/smaps", buf, sizeof(buf));
	mml_machine_read_file(m, "/proc/slabinfo", buf, sizeof(buf));
	mml_munmap(t, a, 0x10000);
	mml_exit(t, 0);
	mml_audit(m);
	cr_assert(dmesg_has("BUG"));
}

/* A cleared direct-map PGD entry is caught by the audit (issue 8). */
Test(untrusted, audit_finds_direct_map_hole)
{
	struct mml_layout l;
	uint64_t pgd_entry;

	mml_layout(m, &l);
	pgd_entry = m->init_mm.pgd_pa + 8 * ((l.page_offset >> 39) & 511);
	test_audit(m);
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, pgd_entry, 8, 0), 0);
	cr_assert_eq(mml_audit(m), -EUCLEAN);
	cr_assert(strstr(mml_last_error(m), "direct map"), "%s",
		  mml_last_error(m));
	cr_assert_eq(mml_audit(m), -EUCLEAN, "the second audit says it again");
	cr_assert(strstr(mml_last_error(m), "direct map"));
}

/*
 * CONFIG_SLAB_FREELIST_HARDENED: the address of another free object --
 * a plausible pointer, what an exploit of a use after free writes -- is
 * caught, since the allocator stores free pointers scrambled; the oops
 * names the cache and kills the task the kernel was running for, which
 * then answers -ESRCH until it exits; the machine goes on.
 */
Test(untrusted, hardened_freelist_oops_kills_the_task)
{
	struct kmem_cache *s = kmalloc_slab(64, GFP_KERNEL);
	struct mml_task *ut = mml_task_new(m, "victim");
	struct task_struct *t = (struct task_struct *)ut;
	uint64_t a, b, raw;
	int signo, code;
	void *p;

	cr_assert_not_null(ut);
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &a), 0);
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &b), 0);
	cr_assert_eq(mml_kfree(m, b), 0);
	cr_assert_eq(mml_kfree(m, a), 0);
	/* stored scrambled: the raw word is not the next object's address */
	cr_assert_eq(mml_read(m, MML_SPACE_KERNEL, a + s->offset, 8, &raw), 0);
	cr_assert_neq(raw, b);
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, a + s->offset, 8, b), 0);
	/* the kernel allocates for the task: the bad pointer is met */
	{
		struct machine_ctx saved = machine_enter(m, t);

		p = kmalloc(64, GFP_KERNEL);
		cr_assert_eq((unsigned long)p, a);
		machine_leave(&saved);
	}
	cr_assert(dmesg_has("BUG kmalloc-64 (Not tainted): Freepointer corrupt"));
	cr_assert(dmesg_has("Oops: general protection fault"));
	cr_assert(dmesg_has("Comm: victim Not tainted"));
	cr_assert(!dmesg_has("Kernel panic"));
	cr_assert(t->oops_killed);
	mml_siginfo(ut, &signo, &code, NULL);
	cr_assert_eq(signo, 11);
	cr_assert_eq(mml_mmap(ut, 0, 4096, 3, 0x22, -1, 0), -ESRCH);
	cr_assert_eq(mml_machine_panicked(m), 0);
	mml_exit(ut, 0);
	/* the rest of the machine works, its lists and counters agree */
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &b), 0);
	cr_assert_eq(mml_kfree(m, b), 0);
	kfree(p);
	test_audit(m);
}

/* With kernel.panic_on_oops the same oops panics: every call -EIO. */
Test(untrusted, panic_on_oops_stops_the_machine)
{
	struct kmem_cache *s = kmalloc_slab(64, GFP_KERNEL);
	struct mml_task *ut = mml_task_new(m, "victim");
	uint64_t a, b;
	long v;
	char buf[64];

	cr_assert_not_null(ut);
	cr_assert_eq(mml_sysctl_set(m, "kernel.panic_on_oops", 1), 0);
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &a), 0);
	cr_assert_eq(mml_kfree(m, a), 0);
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, a + s->offset, 8,
			       0x4141414141414141ULL), 0);
	cr_assert_eq(mml_machine_panicked(m), 0);
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &b), 0);
	cr_assert_eq(mml_machine_panicked(m), 1);
	cr_assert(dmesg_has("Kernel panic - not syncing: Fatal exception"));
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &b), -EIO);
	cr_assert(strstr(mml_last_error(m), "panicked"), "%s", mml_last_error(m));
	cr_assert_eq(mml_mmap(ut, 0, 4096, 3, 0x22, -1, 0), -EIO);
	cr_assert_eq(mml_audit(m), -EIO);
	cr_assert_eq(mml_sysctl_get(m, "kernel.panic_on_oops", &v), -EIO);
	cr_assert_null(mml_task_new(m, "late"));
	cr_assert_eq(mml_machine_read_file(m, "/proc/meminfo", buf, sizeof(buf)), -EIO);
	cr_assert(mml_machine_read_file(m, "dmesg", NULL, 0) > 0);
	/* teardown frees it: the host survives a panicked machine's shutdown */
}

/* "oops=panic" on the command line sets kernel.panic_on_oops. */
Test(untrusted, oops_panic_on_the_command_line)
{
	struct mml_machine *p = test_machine("oops=panic");
	long v = 0;

	cr_assert_eq(mml_sysctl_get(p, "kernel.panic_on_oops", &v), 0);
	cr_assert_eq(v, 1);
	mml_machine_free(p);
	test_use_machine(m);
}

/*
 * A PTE itself corrupted (Linux's print_bad_pte()): a normal PTE naming a
 * frame past the memory map, or a special PTE in an anonymous VMA.  The
 * kernel does not follow it: each walker that meets it (GUP, mprotect,
 * fork, zap) reports "BUG: Bad page map" with the PTE and PMD values, the
 * kernel is tainted 'B', and the task goes on.
 */
static void corrupt_pte(uint64_t (*bad)(uint64_t old), const char *want)
{
	struct mml_task *t = mml_task_new(m, "victim");
	struct mml_walk w;
	unsigned long a;
	uint64_t pa, old;
	char buf[4096], line[128];
	long child;

	cr_assert(t);
	a = (unsigned long)mml_mmap(t, 0, 0x4000, RW, ANON, -1, 0);
	cr_assert_lt(a, -4096UL);
	cr_assert_eq(mml_store(t, a, "x", 1), 0);
	cr_assert_eq(mml_task_walk(t, a, 0, &w), 0);
	cr_assert_eq(w.nlevels, 4);
	pa = w.level[3].table_pa + 8 * w.level[3].index;
	cr_assert_eq(mml_read(m, MML_SPACE_PHYS, pa, 8, &old), 0);
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, pa, 8, bad(old)), 0);
	mml_tlb_flush_all(m);

	cr_assert_not(dmesg_has("Bad page map"));
	/* The page behind the PTE is lost to the task, as in Linux. */
	mml_read_file(t, "/proc/self/pagemap", buf, 64);
	child = mml_fork(t);		/* copy_present_pte() meets it first */
	cr_assert_gt(child, 0);
	mml_mprotect(t, a, 0x4000, RO);
	cr_assert_eq(mml_munmap(t, a, 0x4000), 0);
	mml_exit(mml_task_get(m, (int)child), 0);
	snprintf(line, sizeof(line),
		 "BUG: Bad page map in process victim  pte:%08llx",
		 (unsigned long long)bad(old));
	cr_assert(dmesg_has(line), "no \"%s\" in the log", line);
	snprintf(line, sizeof(line), "addr:%016lx vm_flags:%s index:%lx", a,
		 want, a >> 12);
	cr_assert(dmesg_has(line), "no \"%s\" in the log", line);
	cr_assert_eq(mml_store(t, a, "y", 1), 11 /* SIGSEGV: unmapped now */);
	mml_exit(t, 0);
	/* The next oops shows the taint. */
	cr_assert_str_eq(print_tainted(), "Tainted: G    B              ");
}

static uint64_t pfn_past_ram(uint64_t old)
{
	return (old & 0xfff) | (0x7fff0ULL << 12);	/* 2 GiB, no RAM there */
}

static uint64_t made_special(uint64_t old)
{
	return old | (1ULL << 9);			/* _PAGE_SPECIAL */
}

Test(untrusted, pte_past_the_memory_map)
{
	corrupt_pte(pfn_past_ram, "00100073");
}

Test(untrusted, special_pte_in_anonymous_vma)
{
	corrupt_pte(made_special, "00100073");
}

/*
 * A fuzz finding: a store whose page fault allocates from a slab with a
 * corrupted freelist (the anon_vma cache here) oopses and kills the task,
 * and the allocation still succeeds (the freechain is isolated).  The
 * store must not complete: Linux's make_task_dead() never returns to the
 * instruction.  mml_store() used to return 0 and the next load -ESRCH.
 */
Test(untrusted, oops_in_a_fault_kills_the_access)
{
	struct kmem_cache *s = m->anon_vma_cachep;
	struct mml_task *ut = mml_task_new(m, "victim");
	struct task_struct *t = (struct task_struct *)ut;
	unsigned char byte = 0x5a;
	void *a, *b;
	long va;
	int signo;

	cr_assert_not_null(ut);
	va = mml_mmap(ut, 0, 4096, 3, 0x22, -1, 0);
	cr_assert_gt(va, 0);
	{
		struct machine_ctx saved = machine_enter(m, NULL);

		a = kmem_cache_alloc(s, GFP_KERNEL);
		b = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert(a && b);
		kmem_cache_free(s, b);
		kmem_cache_free(s, a);
		machine_leave(&saved);
	}
	/* a's free pointer names b unscrambled: caught when a is taken */
	cr_assert_eq(mml_write(m, MML_SPACE_KERNEL, (unsigned long)a + s->offset,
			       8, (unsigned long)b), 0);
	cr_assert_eq(mml_store(ut, (unsigned long)va, &byte, 1), 11,
		     "the task died in the fault: the store did not happen");
	cr_assert(t->oops_killed);
	cr_assert(dmesg_has("BUG anon_vma (Not tainted): Freepointer corrupt"));
	cr_assert(dmesg_has("Comm: victim Not tainted"));
	mml_siginfo(ut, &signo, NULL, NULL);
	cr_assert_eq(signo, 11);
	cr_assert_eq(mml_load(ut, (unsigned long)va, &byte, 1), -ESRCH);
	cr_assert_eq(mml_machine_panicked(m), 0);
	mml_exit(ut, 0);
	test_audit(m);
}
