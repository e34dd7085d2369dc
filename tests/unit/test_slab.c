// SPDX-License-Identifier: MIT
/*
 * The slab allocator and kmalloc: size classes, geometry against Linux's
 * /proc/slabinfo, zeroing, large kmalloc, cache life cycle, fault
 * injection, and the API's refusal of bad frees.  test_audit() (which
 * runs slab_audit()) follows every step.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
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

TestSuite(slab, .init = setup, .fini = teardown);

/* Free pages with no slab kept around and the per-CPU lists drained. */
static unsigned long settled_free_pages(void)
{
	kmem_cache_shrink_all();
	drain_local_pages();
	return nr_free_pages();
}

static u8 *host(const void *kva)
{
	return lm_host((unsigned long)kva);
}

static bool all_bytes(const void *kva, int c, size_t n)
{
	const u8 *p = host(kva);
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (u8)c)
			return false;
	return true;
}

/* The /proc/slabinfo row of @name (without the newline) into @row. */
static bool slabinfo_row(const char *name, char *row, size_t n)
{
	struct seq_buf sb;
	char *line, *save = NULL;
	bool found = false;

	seq_buf_init(&sb);
	slabinfo_show(&sb);
	cr_assert(!sb.overflow);
	for (line = strtok_r(sb.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t len = strcspn(line, " ");

		if (len == strlen(name) && !strncmp(line, name, len)) {
			snprintf(row, n, "%s", line);
			found = true;
			break;
		}
	}
	seq_buf_free(&sb);
	return found;
}

Test(slab, size_classes)
{
	static const struct { size_t size; const char *cache; size_t ksz; } t[] = {
		{ 1, "kmalloc-8", 8 }, { 8, "kmalloc-8", 8 },
		{ 9, "kmalloc-16", 16 }, { 17, "kmalloc-32", 32 },
		{ 32, "kmalloc-32", 32 }, { 33, "kmalloc-64", 64 },
		{ 64, "kmalloc-64", 64 }, { 65, "kmalloc-96", 96 },
		{ 96, "kmalloc-96", 96 }, { 97, "kmalloc-128", 128 },
		{ 128, "kmalloc-128", 128 }, { 129, "kmalloc-192", 192 },
		{ 192, "kmalloc-192", 192 }, { 193, "kmalloc-256", 256 },
		{ 257, "kmalloc-512", 512 }, { 513, "kmalloc-1k", 1024 },
		{ 1025, "kmalloc-2k", 2048 }, { 2049, "kmalloc-4k", 4096 },
		{ 4097, "kmalloc-8k", 8192 }, { 8192, "kmalloc-8k", 8192 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct kmem_cache *s = kmalloc_slab(t[i].size, GFP_KERNEL);
		void *p;

		cr_assert(s);
		cr_expect_str_eq(s->name, t[i].cache, "size %zu", t[i].size);
		p = kmalloc(t[i].size, GFP_KERNEL);
		cr_assert(p);
		cr_expect_eq(ksize(p), t[i].ksz, "ksize of %zu", t[i].size);
		cr_expect_eq(kmem_object_state((unsigned long)p), 1);
		test_audit(m);
		kfree(p);
		cr_expect_eq(kmem_object_state((unsigned long)p), 0);
		test_audit(m);
	}
	cr_expect_null(kmalloc_slab(8193, GFP_KERNEL));
	cr_expect_str_eq(kmalloc_slab(100, GFP_DMA)->name, "dma-kmalloc-128");
	cr_expect_str_eq(kmalloc_slab(100, GFP_KERNEL | __GFP_RECLAIMABLE)->name,
			 "kmalloc-rcl-128");
}

/* objperslab and pagesperslab as a 2-CPU Linux 6.x host shows them. */
Test(slab, geometry_matches_linux)
{
	static const struct { const char *name; unsigned int objs, pages; } t[] = {
		{ "kmalloc-8", 512, 1 }, { "kmalloc-16", 256, 1 },
		{ "kmalloc-32", 128, 1 }, { "kmalloc-64", 64, 1 },
		{ "kmalloc-96", 42, 1 }, { "kmalloc-128", 32, 1 },
		{ "kmalloc-192", 21, 1 }, { "kmalloc-256", 16, 1 },
		{ "kmalloc-512", 16, 2 }, { "kmalloc-1k", 16, 4 },
		{ "kmalloc-2k", 16, 8 }, { "kmalloc-4k", 8, 8 },
		{ "kmalloc-8k", 4, 8 }, { "dma-kmalloc-1k", 16, 4 },
		{ "kmalloc-rcl-192", 21, 1 },
	};
	char row[256], name[64];
	unsigned long act, num;
	unsigned int size, objs, pages;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		cr_assert(slabinfo_row(t[i].name, row, sizeof(row)), "%s", t[i].name);
		cr_assert_eq(sscanf(row, "%63s %lu %lu %u %u %u", name, &act,
				    &num, &size, &objs, &pages), 6);
		cr_expect_eq(objs, t[i].objs, "%s objperslab", t[i].name);
		cr_expect_eq(pages, t[i].pages, "%s pagesperslab", t[i].name);
	}
}

Test(slab, zero_size_and_null)
{
	cr_expect_eq(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	cr_expect_eq(ksize(ZERO_SIZE_PTR), 0);
	cr_expect_eq(ksize(NULL), 0);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	test_audit(m);
}

Test(slab, alignment)
{
	struct kmem_cache *s;
	unsigned int sz;
	void *p, *q;

	for (sz = 8; sz <= 8192; sz *= 2) {
		p = kmalloc(sz, GFP_KERNEL);
		q = kmalloc(sz, GFP_KERNEL);
		cr_assert(p && q);
		cr_expect(IS_ALIGNED((unsigned long)p, sz), "kmalloc(%u) = %p", sz, p);
		cr_expect(IS_ALIGNED((unsigned long)q, sz), "kmalloc(%u) = %p", sz, q);
		kfree(p);
		kfree(q);
		test_audit(m);
	}
	p = kmalloc(96, GFP_KERNEL);
	cr_expect(IS_ALIGNED((unsigned long)p, 8));
	kfree(p);

	s = kmem_cache_create("align64", 40, 64, 0);
	cr_assert(s);
	cr_expect_eq(s->size, 64);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	cr_expect(IS_ALIGNED((unsigned long)p, 64) && IS_ALIGNED((unsigned long)q, 64));
	kmem_cache_free(s, p);
	kmem_cache_free(s, q);
	kmem_cache_destroy(s);

	/* SLAB_HWCACHE_ALIGN: 20-byte objects share a 64-byte line in 32s. */
	s = kmem_cache_create("hwalign", 20, 0, SLAB_HWCACHE_ALIGN);
	cr_assert(s);
	cr_expect_eq(s->align, 32);
	cr_expect_eq(s->size, 32);
	kmem_cache_destroy(s);
	test_audit(m);
}

Test(slab, zeroing)
{
	struct kmem_cache *s;
	void *p, *q;

	p = kmalloc(200, GFP_KERNEL);
	cr_assert(p);
	memset(host(p), 0xff, 200);
	kfree(p);
	q = kzalloc(200, GFP_KERNEL);
	cr_expect_eq(q, p, "LIFO: the freed object comes back first");
	cr_expect(all_bytes(q, 0, ksize(q)));
	memset(host(q), 0xee, 256);
	kfree(q);
	q = kmalloc(256, GFP_KERNEL | __GFP_ZERO);
	cr_expect(all_bytes(q, 0, 256));
	kfree(q);

	s = kmem_cache_create("zero_me", 100, 0, 0);
	cr_assert(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	memset(host(p), 0x5a, 100);
	kmem_cache_free(s, p);
	p = kmem_cache_zalloc(s, GFP_KERNEL);
	cr_expect(all_bytes(p, 0, 100));
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	test_audit(m);
}

Test(slab, large_kmalloc)
{
	unsigned long before = settled_free_pages(), recl, unrecl, unrecl0;
	struct page *page;
	void *p;
	int i;

	slab_page_counts(&recl, &unrecl0);
	p = kmalloc(8193, GFP_KERNEL);
	cr_assert(p);
	cr_expect(IS_ALIGNED((unsigned long)p, 4 * PAGE_SIZE));
	page = virt_to_page((unsigned long)p);
	cr_expect(PageHead(page));
	cr_expect(!PageSlab(page));
	cr_expect(PageLargeKmalloc(page));
	cr_expect_eq(page[1].compound_order, 2);
	for (i = 1; i < 4; i++)
		cr_expect_eq(page[i].compound_head, (unsigned long)page | 1);
	cr_expect_eq(ksize(p), 16384);
	cr_expect_eq(kmem_object_state((unsigned long)p), 1);
	cr_expect_eq(kmem_object_state((unsigned long)p + PAGE_SIZE), 0);
	slab_page_counts(&recl, &unrecl);
	cr_expect_eq(unrecl, unrecl0 + 4);
	test_audit(m);
	kfree(p);
	slab_page_counts(&recl, &unrecl);
	cr_expect_eq(unrecl, unrecl0);
	cr_expect_eq(settled_free_pages(), before);

	p = kzalloc(100000, GFP_KERNEL);
	cr_assert(p);
	cr_expect(all_bytes(p, 0, 100000));
	cr_expect_eq(ksize(p), 32 * PAGE_SIZE);
	kfree(p);

	p = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
	cr_expect(p, "4 MiB is the largest kmalloc and fits a 256 MiB machine");
	kfree(p);
	cr_expect_null(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	cr_expect_null(kmalloc((size_t)-1, GFP_KERNEL | __GFP_NOWARN));
	cr_expect_eq(settled_free_pages(), before);
	test_audit(m);
}

Test(slab, dma_and_reclaimable)
{
	unsigned long recl0, unrecl0, recl, unrecl;
	void *p, *q;

	slab_page_counts(&recl0, &unrecl0);
	p = kmalloc(100, GFP_KERNEL | GFP_DMA);
	cr_assert(p);
	cr_expect_lt(__pa(p), SZ_16M, "dma-kmalloc slabs come from ZONE_DMA");
	cr_expect_str_eq(virt_to_page((unsigned long)p)->slab_cache->name,
			 "dma-kmalloc-128");
	q = kmalloc(100, GFP_KERNEL | __GFP_RECLAIMABLE);
	cr_assert(q);
	slab_page_counts(&recl, &unrecl);
	cr_expect_eq(recl, recl0 + 1);
	cr_expect_eq(unrecl, unrecl0 + 1);
	test_audit(m);
	kfree(p);
	kfree(q);
	test_audit(m);
}

struct live {
	void *p;
	size_t size;
	u8 fill;
};

static void check_and_free(struct live *l)
{
	cr_assert(all_bytes(l->p, l->fill, l->size), "object %p was overwritten",
		  l->p);
	kfree(l->p);
}

/* Random alloc/free over every size class; contents must survive. */
Test(slab, many_cycles)
{
	enum { NLIVE = 1500, STEPS = 40000 };
	unsigned long before = settled_free_pages();
	struct live *live = calloc(NLIVE, sizeof(*live));
	unsigned int seed = 12345;
	int i;

	cr_assert(live);
	for (i = 0; i < STEPS; i++) {
		struct live *l = &live[rand_r(&seed) % NLIVE];

		if (l->p) {
			check_and_free(l);
			l->p = NULL;
			continue;
		}
		l->size = 1 + rand_r(&seed) % (i % 7 ? 512 : 9000);
		l->fill = (u8)rand_r(&seed);
		l->p = kmalloc(l->size, GFP_KERNEL);
		cr_assert(l->p);
		memset(host(l->p), l->fill, l->size);
		if (i % 2000 == 0)
			test_audit(m);
	}
	test_audit(m);
	for (i = 0; i < NLIVE; i++)
		if (live[i].p)
			check_and_free(&live[i]);
	test_audit(m);
	cr_expect_eq(settled_free_pages(), before);
	test_audit(m);
	free(live);
}

/* A slab empties back to the page allocator once min_partial are kept. */
Test(slab, empty_slabs_released)
{
	struct kmem_cache *s = kmem_cache_create("churn", 2048, 0, 0);
	unsigned long before = settled_free_pages();
	void *obj[16 * 20];
	size_t i;

	cr_assert(s);
	cr_expect_eq(s->objects, 16);
	for (i = 0; i < ARRAY_SIZE(obj); i++)
		cr_assert((obj[i] = kmem_cache_alloc(s, GFP_KERNEL)));
	cr_expect_eq(s->nr_slabs, 20);
	cr_expect_eq(s->nr_full, 19);
	test_audit(m);
	for (i = 0; i < ARRAY_SIZE(obj); i++)
		kmem_cache_free(s, obj[i]);
	test_audit(m);
	cr_expect_eq(s->nr_partial, s->min_partial - 1,
		     "SLUB frees an empty slab once min_partial are on the list");
	cr_expect_eq(s->nr_slabs, s->min_partial);
	kmem_cache_destroy(s);
	cr_expect_eq(settled_free_pages(), before);
	test_audit(m);
}

Test(slab, cache_create_destroy)
{
	unsigned long before = settled_free_pages();
	struct kmem_cache *s;
	char row[256], want[256], *log;
	void *obj[50];
	int i;

	s = kmem_cache_create("test_cache", 100, 0, 0);
	cr_assert(s);
	cr_expect_eq(s->object_size, 100);
	cr_expect_eq(s->size, 104);
	cr_expect_eq(s->objects, 39);
	cr_expect_eq(s->order, 0);
	for (i = 0; i < 50; i++) {
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
		cr_assert(obj[i]);
		cr_expect_eq(ksize(obj[i]), 100);
	}
	test_audit(m);
	cr_assert(slabinfo_row("test_cache", row, sizeof(row)));
	/* Like SLUB: only partial slabs' free objects count as inactive. */
	snprintf(want, sizeof(want),
		 "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu",
		 "test_cache", 78UL, 78UL, 104U, 39U, 1, 0U, 0U, 0U, 2UL, 2UL, 0UL);
	cr_expect_str_eq(row, want);

	kmem_cache_destroy(s);
	log = test_read_file(m, "dmesg");
	cr_expect(strstr(log, "Objects remaining in test_cache"),
		  "destroy with live objects is reported");
	free(log);
	cr_expect(slabinfo_row("test_cache", row, sizeof(row)),
		  "and the cache stays");
	test_audit(m);
	for (i = 0; i < 50; i++)
		kmem_cache_free(s, obj[i]);
	kmem_cache_destroy(s);
	cr_expect(!slabinfo_row("test_cache", row, sizeof(row)));
	cr_expect_eq(settled_free_pages(), before);
	test_audit(m);

	cr_expect_null(kmem_cache_create("bad", 0, 0, 0));
	cr_expect_null(kmem_cache_create("bad", 64, 3, 0));
	cr_expect_null(kmem_cache_create(NULL, 64, 0, 0));
	cr_expect_null(kmem_cache_create("bad", KMALLOC_MAX_SIZE + 1, 0, 0));
	test_audit(m);
}

Test(slab, slabinfo_format)
{
	struct seq_buf sb;
	char *first, *line, *save = NULL, *last = NULL, *prev = NULL;
	struct kmem_cache *s;
	int rows = 0, kmalloc_rows = 0;

	s = kmem_cache_create("newest_cache", 64, 0, 0);
	cr_assert(s);
	seq_buf_init(&sb);
	slabinfo_show(&sb);
	first = strtok_r(sb.buf, "\n", &save);
	cr_expect_str_eq(first, "slabinfo - version: 2.1");
	line = strtok_r(NULL, "\n", &save);
	cr_expect_str_eq(line, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>");
	while ((line = strtok_r(NULL, "\n", &save))) {
		char name[64];
		unsigned long a, n, as, ns, sh;
		unsigned int sz, op, pp, l, b, f;

		cr_expect_eq(sscanf(line, "%63s %lu %lu %u %u %u : tunables %u %u %u : slabdata %lu %lu %lu",
				    name, &a, &n, &sz, &op, &pp, &l, &b, &f,
				    &as, &ns, &sh), 12, "%s", line);
		cr_expect_leq(a, n);
		if (strstr(name, "kmalloc-"))
			kmalloc_rows++;
		if (!rows)
			cr_expect_str_eq(name, "newest_cache", "newest first");
		prev = last;
		last = line;
		rows++;
	}
	cr_expect_eq(kmalloc_rows, 3 * 13);
	cr_expect(!strncmp(last, "kmalloc-96 ", 11), "kmalloc-96 is the oldest");
	cr_expect(!strncmp(prev, "kmalloc-192 ", 12));
	seq_buf_free(&sb);
	kmem_cache_destroy(s);

	/* The same text through the public file interface. */
	line = test_read_file(m, "/proc/slabinfo");
	cr_expect(!strncmp(line, "slabinfo - version: 2.1\n", 24));
	cr_expect(strstr(line, "\nkmalloc-8k "));
	free(line);
	test_audit(m);
}

/*
 * FAIL_SLAB: the Nth object allocation fails.  Loop until 100 objects
 * come out; every failure returns NULL and leaks nothing.
 */
Test(slab, fault_injection_slab)
{
	struct kmem_cache *s = kmem_cache_create("fi_cache", 300, 0, 0);
	unsigned long before;
	void *obj[100];
	long nth;
	int i, got;

	cr_assert(s);
	before = settled_free_pages();
	for (nth = 0;; nth++) {
		mml_fail_nth(m, MML_FAIL_SLAB, nth);
		for (got = 0; got < 100; got++) {
			obj[got] = kmem_cache_alloc(s, GFP_KERNEL);
			if (!obj[got])
				break;
		}
		test_audit(m);
		for (i = 0; i < got; i++)
			kmem_cache_free(s, obj[i]);
		test_audit(m);
		cr_expect_eq(settled_free_pages(), before, "nth %ld", nth);
		if (got == 100)
			break;
		cr_expect_eq(got, nth, "the allocation number %ld failed", nth);
	}
	cr_expect_eq(nth, 100);
	mml_fail_nth(m, MML_FAIL_SLAB, -1);
	kmem_cache_destroy(s);
	test_audit(m);
}

/* FAIL_PAGE_ALLOC under kmalloc: slab and large paths. */
Test(slab, fault_injection_pages)
{
	unsigned long before = settled_free_pages();
	void *obj[40];
	long nth;
	int i, got;

	for (nth = 0;; nth++) {
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, nth);
		for (got = 0; got < 40; got++) {
			obj[got] = kmalloc(got % 2 ? 600 : 20000,
					   GFP_KERNEL | __GFP_NOWARN);
			if (!obj[got])
				break;
		}
		test_audit(m);
		for (i = 0; i < got; i++)
			kfree(obj[i]);
		test_audit(m);
		cr_expect_eq(settled_free_pages(), before, "nth %ld", nth);
		if (got == 40)
			break;
		cr_expect(got % 2 == 0, "only the large kmallocs can fail here: kmalloc-1k falls back to order 0");
	}
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
	test_audit(m);
}

/* With its preferred order unavailable a cache takes a min-order slab. */
Test(slab, order_fallback)
{
	struct kmem_cache *s = kmem_cache_create("fallback", 1024, 0, 0);
	void *p;

	cr_assert(s);
	cr_expect_eq(s->order, 2);
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, 0);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	cr_assert(p);
	cr_expect_eq(s->cpu_slab->objects, 4);
	cr_expect_eq(s->nr_pages, 1);
	test_audit(m);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	test_audit(m);
}

Test(slab, api_kmalloc)
{
	uint64_t kva, kva2;

	cr_expect_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &kva), 0);
	cr_expect_eq(mml_ksize(m, kva), 64);
	cr_expect_eq(mml_kmalloc(m, 10, MML_GFP_KERNEL | MML_GFP_DMA | MML_GFP_ZERO,
				 &kva2), 0);
	cr_expect_lt(kva2 - PAGE_OFFSET, SZ_16M);
	cr_expect(all_bytes((void *)(unsigned long)kva2, 0, 16));
	cr_expect_eq(mml_kfree(m, kva2), 0);
	cr_expect_eq(mml_kmalloc(m, 0, MML_GFP_KERNEL, &kva2), 0);
	cr_expect_eq(kva2, 16);
	cr_expect_eq(mml_ksize(m, kva2), 0);
	cr_expect_eq(mml_kfree(m, kva2), 0);
	cr_expect_eq(mml_kfree(m, 0), 0);
	cr_expect_eq(mml_kmalloc(m, 64, 0x8000, &kva2), -EINVAL);
	cr_expect_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, NULL), -EINVAL);
	cr_expect_eq(mml_kmalloc(m, KMALLOC_MAX_SIZE + 1, MML_GFP_KERNEL, &kva2),
		     -ENOMEM);
	mml_fail_nth(m, MML_FAIL_SLAB, 0);
	cr_expect_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &kva2), -ENOMEM);
	cr_expect_eq(mml_kfree(m, kva), 0);
	test_audit(m);
}

Test(slab, api_bad_kfree)
{
	unsigned long free_before;
	uint64_t a, b, bad[8];
	char want[96];
	struct page *pg;
	size_t i;

	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &a), 0);
	cr_assert_eq(mml_kmalloc(m, 64, MML_GFP_KERNEL, &b), 0);
	memset(host((void *)(unsigned long)b), 0x77, 64);
	cr_assert_eq(mml_kfree(m, a), 0);
	pg = alloc_pages(GFP_KERNEL, 0);
	cr_assert(pg);
	bad[0] = a;				/* double free */
	bad[1] = b + 8;				/* inside an object */
	bad[2] = page_address(pg);		/* a page, not kmalloc */
	bad[3] = 0x1234;			/* user space */
	bad[4] = VMALLOC_START + 0x1000;	/* not the direct map */
	bad[5] = 0x8000000000000000ULL;		/* non-canonical */
	bad[6] = PAGE_OFFSET + (m->max_pfn << PAGE_SHIFT) + 64;	/* past RAM */
	bad[7] = b + 1;				/* unaligned */
	free_before = nr_free_pages();
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		cr_expect_eq(mml_kfree(m, bad[i]), -EINVAL, "kfree(%#lx)",
			     (unsigned long)bad[i]);
		snprintf(want, sizeof(want), "kfree: %#llx is not an allocated object",
			 (unsigned long long)bad[i]);
		cr_expect_str_eq(mml_last_error(m), want);
		cr_expect_eq(mml_ksize(m, bad[i]), -EINVAL);
		test_audit(m);
	}
	cr_expect_eq(nr_free_pages(), free_before);
	cr_expect(all_bytes((void *)(unsigned long)b, 0x77, 64), "b untouched");
	cr_expect_eq(mml_kfree(m, b), 0);
	__free_pages(pg, 0);
	test_audit(m);
}

/* A corrupted freelist is what the audit exists to catch. */
Test(slab, audit_catches_corruption)
{
	struct kmem_cache *s = kmem_cache_create("victim", 64, 0, 0);
	char msg[256];
	void *a, *b;
	unsigned long saved, cycle;

	cr_assert(s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, a);
	memcpy(&saved, host(a) + s->offset, sizeof(saved));
	/* a cycle: @a's free pointer to itself, scrambled as the slab does */
	cycle = (unsigned long)a ^ s->random ^
		__builtin_bswap64((unsigned long)a + s->offset);
	memcpy(host(a) + s->offset, &cycle, sizeof(cycle));
	cr_expect_eq(slab_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_expect(strstr(msg, "victim") && strstr(msg, "cycle"), "%s", msg);
	memcpy(host(a) + s->offset, &(unsigned long){ 0x1234 }, sizeof(saved));
	cr_expect_eq(slab_audit(msg, sizeof(msg)), -EUCLEAN);
	memcpy(host(a) + s->offset, &saved, sizeof(saved));
	cr_expect_eq(slab_audit(msg, sizeof(msg)), 0);
	s->nr_slabs++;
	cr_expect_eq(slab_audit(msg, sizeof(msg)), -EUCLEAN);
	s->nr_slabs--;
	/* the first object's address the fast paths check pointers against */
	virt_to_page((unsigned long)b)->s_mem += 64;
	cr_expect_eq(slab_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_expect(strstr(msg, "victim") && strstr(msg, "first object"), "%s", msg);
	virt_to_page((unsigned long)b)->s_mem -= 64;
	cr_expect_eq(slab_audit(msg, sizeof(msg)), 0);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
	test_audit(m);
}

Test(slab, meminfo_counts_slab)
{
	unsigned long r0, u0, r, u;
	void *p[64];
	int i;

	slab_page_counts(&r0, &u0);
	for (i = 0; i < 64; i++)
		p[i] = kmalloc(4096, GFP_KERNEL);
	slab_page_counts(&r, &u);
	cr_expect_geq(u - u0, 64, "64 objects of 4 KiB take 64 pages");
	for (i = 0; i < 64; i++)
		kfree(p[i]);
	test_audit(m);
}

/* page_poison=on: a write into a freed object is caught. */
Test(slab, use_after_free_detected)
{
	struct kmem_cache *s = kmem_cache_create("uaf", 48, 0, 0);
	char msg[256], *log;
	u8 *a;
	void *p, *q;

	cr_assert(s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	a = host(p);
	cr_expect_eq(a[0], 0x6b, "objects come poisoned");
	cr_expect_eq(a[47], 0xa5);
	kmem_cache_free(s, p);
	cr_expect_eq(slab_audit(msg, sizeof(msg)), 0);
	a[1] = 0;					/* use after free */
	cr_expect_eq(slab_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_expect(strstr(msg, "written after free (at offset 1)"), "%s", msg);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	cr_expect_eq(q, p);
	log = test_read_file(m, "dmesg");
	cr_expect(strstr(log, "BUG uaf (Not tainted): Poison overwritten"));
	free(log);
	kmem_cache_free(s, q);
	kmem_cache_destroy(s);
	test_audit(m);
}

/* kmem_cache_free() to the wrong cache is reported and changes nothing. */
Test(slab, free_to_wrong_cache)
{
	struct kmem_cache *a = kmem_cache_create("cache_a", 64, 0, 0);
	struct kmem_cache *b = kmem_cache_create("cache_b", 64, 0, 0);
	char *log;
	void *p;

	cr_assert(a && b);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	cr_assert(p);
	kmem_cache_free(b, p);
	log = test_read_file(m, "dmesg");
	cr_expect(strstr(log, "Wrong slab cache. cache_b"));
	free(log);
	cr_expect_eq(kmem_object_state((unsigned long)p), 1, "still live");
	test_audit(m);
	kmem_cache_free(a, p);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	test_audit(m);
}
