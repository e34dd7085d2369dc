// SPDX-License-Identifier: MIT
/*
 * The slab allocator, after SLUB, and kmalloc on top of it.
 *
 * A slab is one compound page block (order 0..3, chosen as SLUB's
 * calculate_order() does) cut into equal objects.  Its struct page is the
 * slab descriptor: PageSlab, slab_cache, inuse, objects, and freelist, the
 * kernel address of the first free object; each free object holds the
 * address of the next one inside itself, in simulated RAM, at
 * kmem_cache->offset (the middle of the object, as SLUB puts it, away
 * from the edges that small overflows hit).
 *
 * Each cache allocates from its CPU slab while that has free objects (the
 * fast path: pop the freelist), then takes a partially used slab, then a
 * new one from the page allocator.  A free pushes the object back on its
 * own slab's freelist; a slab that was full moves to the partial list, and
 * an empty one goes back to the page allocator once the cache already
 * keeps min_partial slabs.  kmalloc() picks one of the kmalloc-8 ...
 * kmalloc-8k caches by size and hands larger requests straight to the page
 * allocator as a compound page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/panic.h>

#define ARCH_KMALLOC_MINALIGN	8
#define ARCH_SLAB_MINALIGN	8
#define L1_CACHE_BYTES		64
#define MIN_PARTIAL		5
#define MAX_PARTIAL		10
#define MAX_OBJS_PER_PAGE	32767
#define SLUB_MAX_ORDER		PAGE_ALLOC_COSTLY_ORDER
#define SLUB_NR_CPUS		2	/* the CPU count SLUB sizes slabs for */
#define POISON_FREE		0x6b	/* a free object's bytes ... */
#define POISON_END		0xa5	/* ... and its last one */

/* kmalloc with these is a caller bug that Linux warns about and fixes. */
#define GFP_SLAB_BUG_MASK	(__GFP_DMA32 | __GFP_HIGHMEM | ~0x1ffffffu)

/* The slab allocator's share of the machine (Linux: globals in slab_common.c). */
struct slab_state {
	struct list_head caches;	/* slab_caches: newest first */
	struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES]
					 [KMALLOC_SHIFT_HIGH + 1];
	unsigned long large_pages;	/* held by large kmallocs */
};

/* ------------------------------------------------------------------ */
/* Objects and free pointers                                           */
/* ------------------------------------------------------------------ */

/*
 * CONFIG_SLAB_FREELIST_HARDENED: a free pointer is stored scrambled with
 * the cache's random key and the byte-swapped address it is stored at, as
 * Linux's freelist_ptr_encode() does.  A pointer written into a freed
 * object from outside (the shell's w, /dev/mem) then decodes to garbage
 * that the checks below catch, instead of steering the allocator to an
 * address of the writer's choice; and the raw bytes of a free object do
 * not disclose a heap address.
 */
static __always_inline unsigned long freelist_ptr_encode(const struct kmem_cache *s,
							 unsigned long ptr,
							 unsigned long ptr_addr)
{
	return ptr ^ s->random ^ __builtin_bswap64(ptr_addr);
}

static __always_inline unsigned long freelist_ptr_decode(const struct kmem_cache *s,
							 unsigned long encoded,
							 unsigned long ptr_addr)
{
	return encoded ^ s->random ^ __builtin_bswap64(ptr_addr);
}

static __always_inline unsigned long get_freepointer(struct kmem_cache *s,
						     unsigned long obj)
{
	unsigned long ptr_addr = obj + s->offset, v;

	memcpy(&v, lm_host(ptr_addr), sizeof(v));
	return freelist_ptr_decode(s, v, ptr_addr);
}

static __always_inline void set_freepointer(struct kmem_cache *s,
					    unsigned long obj,
					    unsigned long next)
{
	unsigned long ptr_addr = obj + s->offset,
		      v = freelist_ptr_encode(s, next, ptr_addr);

	memcpy(lm_host(ptr_addr), &v, sizeof(v));
}

/*
 * The cache's key: Linux takes get_random_long(); mmlab derives it from
 * the machine's seed and the cache's name, so that runs repeat.
 */
static unsigned long cache_random(const char *name)
{
	u64 x = current_machine()->cfg.seed ^ 0x736c61626b657921ULL;

	while (*name)
		x = (x ^ (unsigned char)*name++) * 0x100000001b3ULL;
	/* splitmix64's finaliser */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return (unsigned long)(x ^ (x >> 31));
}

/*
 * The first object's address, kept in the slab's struct page (as SLAB's
 * s_mem) so that the free-pointer checks of both fast paths need no
 * struct page to address arithmetic.
 */
static inline unsigned long slab_address(const struct page *slab)
{
	return slab->s_mem;
}

/*
 * Object indexes without a divide (Linux's obj_to_index() uses a
 * reciprocal_value for the same reason): with size = odd << shift and inv the inverse of odd modulo 2^64, an
 * offset that is a multiple of size comes out of (off * inv) rotated right
 * by shift as off / size, and any other offset as a number above
 * ULONG_MAX / size, which is more than a slab's objects.
 */
static void set_size_inverse(struct kmem_cache *s)
{
	unsigned long odd, inv;
	int i;

	s->size_shift = (unsigned int)__builtin_ctz(s->size);
	odd = s->size >> s->size_shift;
	inv = odd;		/* right in the low 3 bits: odd * odd = 1 mod 8 */
	for (i = 0; i < 5; i++)	/* Newton: 3, 6, 12, 24, 48, 96 bits */
		inv *= 2 - odd * inv;
	s->size_inv = inv;
}

static __always_inline unsigned long obj_offset_index(const struct kmem_cache *s,
						      unsigned long off)
{
	unsigned long x = off * s->size_inv;

	return (x >> s->size_shift) | (x << ((64 - s->size_shift) & 63));
}

/*
 * Is @p the start of an object slot of @slab?  One multiply instead of a
 * divide: the rotated product is below slab->objects exactly when
 * p - base is a multiple of the size (p below base wraps to a huge offset).
 */
static __always_inline bool slab_obj_valid(const struct kmem_cache *s,
					   const struct page *slab,
					   unsigned long p)
{
	return obj_offset_index(s, p - slab_address(slab)) < slab->objects;
}

/*
 * The free pointers live in simulated RAM, which anything with /dev/mem or
 * the shell's w command can overwrite: before the allocator follows one it
 * must point at an object of the same slab, as slub_debug's
 * check_valid_pointer() demands.  A bad one is reported as SLUB reports it
 * and the rest of the chain is isolated (the slab counts as full, its
 * remaining free objects leak), so the host never follows it.
 */
static void freelist_corrupt(struct kmem_cache *s, struct page *slab,
			     unsigned long obj, unsigned long fp)
{
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): Freepointer corrupt\n", s->name, print_tainted());
	pr_err("-----------------------------------------------------------------------------\n");
	pr_err("Slab 0x%016lx objects=%u used=%u fp=0x%016lx\n",
	       slab_address(slab), slab->objects, slab->inuse, fp);
	pr_err("Object 0x%016lx holds free pointer 0x%016lx at offset %u\n",
	       obj, fp, s->offset);
	pr_err("FIX %s: Isolate corrupted freechain\n", s->name);
	/*
	 * Linux without slub_debug would go on to use the decoded pointer
	 * and fault on it: the oops that kills the task, or the panic.
	 */
	if (fp >= 0x0000800000000000UL && fp < 0xffff800000000000UL) {
		char str[96];

		snprintf(str, sizeof(str),
			 "general protection fault, probably for non-canonical address %#lx",
			 fp);
		die(str, 0);
	} else {
		die("general protection fault", 0);
	}
}

/* slab_pop() found @next bad: report it, isolate the chain, hand out @obj. */
static noinline __cold unsigned long slab_pop_corrupt(struct kmem_cache *s,
						     struct page *slab,
						     unsigned long obj,
						     unsigned long next)
{
	freelist_corrupt(s, slab, obj, next);
	slab->inuse = slab->objects;
	slab->freelist = 0;
	return obj;
}

/*
 * slab_pop() - take the first object off @slab's freelist.  The pointer
 * after it is checked before it becomes the new head.
 */
static __always_inline unsigned long slab_pop(struct kmem_cache *s,
					      struct page *slab)
{
	unsigned long obj = slab->freelist;
	unsigned long next = get_freepointer(s, obj);

	slab->inuse++;
	/* valid first: a 0 (the end of the list) is rare, and invalid too */
	if (unlikely(!slab_obj_valid(s, slab, next)) && next)
		return slab_pop_corrupt(s, slab, obj, next);
	slab->freelist = next;
	return obj;
}

static unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/*
 * Object poisoning, on when the machine boots with page_poison=on (mmlab
 * ties SLUB's slub_debug=P to it): a free object holds POISON_FREE with
 * POISON_END last, except where its free pointer lies, so that a write
 * after free shows up at the next allocation and in slab_audit().
 */
static bool in_freeptr(struct kmem_cache *s, unsigned int i)
{
	return i >= s->offset && i < s->offset + sizeof(unsigned long);
}

static void poison_object(struct kmem_cache *s, unsigned long obj)
{
	u8 *p = lm_host(obj);

	memset(p, POISON_FREE, s->object_size - 1);
	p[s->object_size - 1] = POISON_END;
}

/* The offset of the first byte of free @obj that is not poison, or -1. */
static long check_poison(struct kmem_cache *s, unsigned long obj)
{
	const u8 *p = lm_host(obj);
	unsigned int i;

	for (i = 0; i < s->object_size; i++) {
		u8 want = i == s->object_size - 1 ? POISON_END : POISON_FREE;

		if (p[i] != want && !in_freeptr(s, i))
			return i;
	}
	return -1;
}

static void alloc_check_poison(struct kmem_cache *s, unsigned long obj)
{
	long i = check_poison(s, obj);

	if (likely(i < 0))
		return;
	pr_err("BUG %s (%s): Poison overwritten\n", s->name, print_tainted());
	pr_err("%#lx-%#lx @offset=%ld. First byte %#x instead of %#x\n",
	       obj + i, obj + s->object_size - 1, i,
	       ((u8 *)lm_host(obj))[i], POISON_FREE);
}

/* ------------------------------------------------------------------ */
/* Cache geometry                                                      */
/* ------------------------------------------------------------------ */

static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

/* The lowest order from @min_order whose leftover is at most 1/@fract. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fract)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)(PAGE_SIZE << order);

		if (slab_size % size <= slab_size / fract)
			break;
	}
	return order;
}

/*
 * calculate_order() - the slab order SLUB picks for objects of @size: room
 * for at least 4 * (fls(nr_cpus) + 1) objects where order 3 allows it, then
 * the lowest order that wastes at most 1/16 (else 1/8, 1/4, 1/2).
 */
static int calculate_order(unsigned int size)
{
	unsigned int min_objects = 4 * (fls(SLUB_NR_CPUS) + 1);
	unsigned int max_objects, min_order, order, fract;

	max_objects = max(order_objects(SLUB_MAX_ORDER, size), 1U);
	min_objects = min(min_objects, max_objects);
	min_order = get_order((unsigned long)min_objects * size);
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return (int)get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	for (fract = 16; fract > 1; fract /= 2) {
		order = calc_slab_order(size, min_order, SLUB_MAX_ORDER, fract);
		if (order <= SLUB_MAX_ORDER)
			return (int)order;
	}
	order = get_order(size);
	return order <= MAX_PAGE_ORDER ? (int)order : -ENOSYS;
}

static unsigned int calculate_alignment(slab_flags_t flags,
					unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_SLAB_MINALIGN);
	return ALIGN(align, (unsigned int)sizeof(void *));
}

/* Object layout and slab order of @s (SLUB's calculate_sizes()). */
static int calculate_sizes(struct kmem_cache *s)
{
	unsigned int size = ALIGN(s->object_size, (unsigned int)sizeof(void *));
	int order;

	s->offset = ALIGN_DOWN(s->object_size / 2, (unsigned int)sizeof(void *));
	size = ALIGN(size, s->align);
	s->size = size;
	set_size_inverse(s);
	order = calculate_order(size);
	if (order < 0)
		return order;
	s->order = (unsigned int)order;
	s->objects = order_objects(s->order, size);
	s->min_order = get_order(size);
	s->min_objects = order_objects(s->min_order, size);
	s->allocflags = 0;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= __GFP_DMA;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->min_partial = min(ilog2(size) / 2, (unsigned int)MAX_PARTIAL);
	s->min_partial = max(s->min_partial, (unsigned int)MIN_PARTIAL);
	return s->objects ? 0 : -EINVAL;
}

/* ------------------------------------------------------------------ */
/* Slabs                                                               */
/* ------------------------------------------------------------------ */

static void init_slab_freelist(struct kmem_cache *s, struct page *slab)
{
	struct mml_machine *m = current_machine();
	unsigned long p = slab_address(slab);
	unsigned int i;

	slab->freelist = p;
	for (i = 0; i < slab->objects; i++, p += s->size) {
		if (m->page_poison)
			poison_object(s, p);
		set_freepointer(s, p, i + 1 < slab->objects ? p + s->size : 0);
	}
}

static struct page *alloc_slab_page(gfp_t flags, unsigned int order)
{
	if (order)
		flags |= __GFP_COMP;
	return alloc_pages(flags, order);
}

/*
 * allocate_slab() - a new empty slab for @s: the preferred order first
 * without warning, then the smallest order that holds one object, as SLUB
 * does so that a fragmented machine can still allocate.
 */
static struct page *allocate_slab(struct kmem_cache *s, gfp_t gfp)
{
	gfp_t flags = (gfp & ~(GFP_ZONEMASK | __GFP_ZERO | __GFP_COMP)) |
		      s->allocflags;
	unsigned int order = s->order, objects = s->objects;
	struct page *slab = NULL;

	if (s->order > s->min_order)
		slab = alloc_slab_page(flags | __GFP_NOWARN | __GFP_NORETRY,
				       order);
	if (!slab) {
		order = s->min_order;
		objects = s->min_objects;
		slab = alloc_slab_page(flags, order);
		if (!slab)
			return NULL;
	}
	slab->slab_cache = s;
	slab->s_mem = page_address(slab);
	slab->objects = objects;
	slab->inuse = 0;
	SetPageSlab(slab);
	init_slab_freelist(s, slab);
	s->nr_slabs++;
	s->total_objects += objects;
	s->nr_pages += 1UL << order;
	return slab;
}

/* Give an empty (or, at machine teardown, any) slab back to the pages. */
static void discard_slab(struct kmem_cache *s, struct page *slab)
{
	unsigned int order = compound_order(slab);

	s->nr_slabs--;
	s->total_objects -= slab->objects;
	s->nr_pages -= 1UL << order;
	ClearPageSlab(slab);
	slab->slab_cache = NULL;
	slab->freelist = 0;
	slab->inuse = 0;
	slab->objects = 0;
	__free_pages(slab, order);
}

static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfp)
{
	struct page *slab;
	unsigned long nr_free = 0;
	char mode[160];

	if (gfp & __GFP_NOWARN)
		return;
	list_for_each_entry(slab, &s->partial, slab_list)
		nr_free += slab->objects - slab->inuse;
	gfp_format(gfp, mode, sizeof(mode));
	pr_warn("SLUB: Unable to allocate memory on node -1, gfp=%#x(%s)\n",
		gfp, mode);
	pr_warn("  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u\n",
		s->name, s->object_size, s->size, s->order, s->min_order);
	pr_warn("  node 0: slabs: %lu, objs: %lu, free: %lu\n",
		s->nr_slabs, s->total_objects, nr_free);
}

/*
 * ___slab_alloc() - the slow path: the CPU slab is used up (it goes on the
 * full list), so take a partial slab, or a new one.
 */
static unsigned long ___slab_alloc(struct kmem_cache *s, gfp_t gfp)
{
	struct page *slab = s->cpu_slab;

	if (slab) {
		list_add(&slab->slab_list, &s->full);
		s->nr_full++;
		s->cpu_slab = NULL;
	}
	if (!list_empty(&s->partial)) {
		slab = list_first_entry(&s->partial, struct page, slab_list);
		list_del(&slab->slab_list);
		s->nr_partial--;
	} else {
		slab = allocate_slab(s, gfp);
		if (!slab) {
			slab_out_of_memory(s, gfp);
			return 0;
		}
	}
	s->cpu_slab = slab;
	return slab_pop(s, slab);
}

/* Everything but the fast path: a new slab, poison checks, zeroing. */
static noinline unsigned long slab_alloc_slow(struct mml_machine *m,
					      struct kmem_cache *s, gfp_t gfp)
{
	struct page *slab = s->cpu_slab;
	unsigned long obj;

	if (slab && slab->freelist) {
		obj = slab_pop(s, slab);
	} else {
		obj = ___slab_alloc(s, gfp);
		if (unlikely(!obj))
			return 0;
	}
	if (unlikely(m->page_poison))
		alloc_check_poison(s, obj);
	if (unlikely(gfp & __GFP_ZERO))
		memset(lm_host(obj), 0, s->object_size);
	return obj;
}

/*
 * The fast path pops the CPU slab and calls nothing but in tail position,
 * so that kmalloc() saves no register.
 */
static __always_inline unsigned long slab_alloc(struct mml_machine *m,
					       struct kmem_cache *s, gfp_t gfp)
{
	struct page *slab = s->cpu_slab;

	if (unlikely(should_fail(FAIL_SLAB)))
		return 0;
	if (likely(slab && slab->freelist && !m->page_poison &&
		   !(gfp & __GFP_ZERO)))
		return slab_pop(s, slab);
	return slab_alloc_slow(m, s, gfp);
}

/* A free to a slab that is not the CPU slab: keep the lists right. */
static noinline void __slab_free(struct kmem_cache *s, struct page *slab)
{
	if (slab->inuse == slab->objects) {
		list_move_tail(&slab->slab_list, &s->partial);
		s->nr_full--;
		s->nr_partial++;
	}
	slab->inuse--;
	if (!slab->inuse && s->nr_partial >= s->min_partial) {
		list_del(&slab->slab_list);
		s->nr_partial--;
		discard_slab(s, slab);
	}
}

/* Out of line, so that the free fast path keeps its registers. */
static noinline __cold void slab_free_bug(const struct kmem_cache *s,
					  const char *what, unsigned long obj)
{
	pr_err("BUG %s (%s): %s 0x%016lx\n", s->name, print_tainted(), what,
	       obj);
}

/* Push @obj on its slab's freelist; keep the lists right. */
static __always_inline void do_slab_free(struct kmem_cache *s,
					 struct page *slab, unsigned long obj)
{
	set_freepointer(s, obj, slab->freelist);
	slab->freelist = obj;
	if (likely(slab == s->cpu_slab)) {
		slab->inuse--;
		return;
	}
	__slab_free(s, slab);
}

static noinline void slab_free_poisoned(struct kmem_cache *s,
					struct page *slab, unsigned long obj)
{
	poison_object(s, obj);
	do_slab_free(s, slab, obj);
}

/*
 * Every call on this path is a tail call, so that kfree() saves no
 * register: the reports, poisoning and list moves are out of line.
 */
static __always_inline void slab_free(struct kmem_cache *s, struct page *slab,
				      unsigned long obj)
{
	struct mml_machine *m = current_machine();

	/* CONFIG_SLAB_FREELIST_HARDENED's naive double-free detection */
	if (unlikely(obj == slab->freelist)) {
		slab_free_bug(s, "Object already free", obj);
		return;
	}
	if (unlikely(!slab_obj_valid(s, slab, obj) || !slab->inuse)) {
		slab_free_bug(s, "Invalid object pointer", obj);
		return;
	}
	if (unlikely(m->page_poison)) {
		slab_free_poisoned(s, slab, obj);
		return;
	}
	do_slab_free(s, slab, obj);
}

/* ------------------------------------------------------------------ */
/* Caches                                                              */
/* ------------------------------------------------------------------ */

static struct kmem_cache *create_cache(const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags)
{
	struct mml_machine *m = current_machine();
	struct kmem_cache *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->name = strdup(name);
	if (!s->name)
		goto out_free;
	s->random = cache_random(name);
	s->object_size = size;
	s->flags = flags;
	s->align = calculate_alignment(flags, align, size);
	if (calculate_sizes(s))
		goto out_free;
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	list_add(&s->list, &m->slab->caches);
	return s;

out_free:
	free(s->name);
	free(s);
	return NULL;
}

/**
 * kmem_cache_create() - a new cache of @size-byte objects aligned on
 * @align (0 for the default) and @flags (SLAB_*).
 *
 * Return: the cache, or NULL if the arguments are bad or memory ran out
 * (Linux panics for SLAB_PANIC; mmlab logs and returns NULL).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags)
{
	struct mml_machine *m = current_machine();
	struct kmem_cache *s;

	if (!m->slab || !name || !size || size > KMALLOC_MAX_SIZE ||
	    (align && !is_power_of_2(align)) || align > PAGE_SIZE) {
		pr_err("kmem_cache_create(%s) integrity check failed\n",
		       name ? name : "(null)");
		return NULL;
	}
	s = create_cache(name, size, align, flags & ~SLAB_KMALLOC);
	if (!s)
		pr_err("kmem_cache_create(%s) failed with error %d\n",
		       name, -ENOMEM);
	return s;
}

static void free_slab_list(struct kmem_cache *s, struct list_head *head)
{
	struct page *slab, *tmp;

	list_for_each_entry_safe(slab, tmp, head, slab_list) {
		list_del(&slab->slab_list);
		discard_slab(s, slab);
	}
}

/* Drop every slab of @s, live objects or not; then the cache itself. */
static void free_cache(struct kmem_cache *s)
{
	if (s->cpu_slab)
		discard_slab(s, s->cpu_slab);
	s->cpu_slab = NULL;
	free_slab_list(s, &s->partial);
	free_slab_list(s, &s->full);
	list_del(&s->list);
	free(s->name);
	free(s);
}

/**
 * kmem_cache_shrink() - give every empty slab of @s back to the page
 * allocator, the CPU slab included.
 *
 * Return: 0 if @s now holds no slab at all, 1 if some remain.
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	struct page *slab = s->cpu_slab, *tmp;

	if (slab) {
		s->cpu_slab = NULL;
		if (slab->inuse) {
			list_add(&slab->slab_list, slab->freelist ?
				 &s->partial : &s->full);
			if (slab->freelist)
				s->nr_partial++;
			else
				s->nr_full++;
		} else {
			discard_slab(s, slab);
		}
	}
	list_for_each_entry_safe(slab, tmp, &s->partial, slab_list) {
		if (slab->inuse)
			continue;
		list_del(&slab->slab_list);
		s->nr_partial--;
		discard_slab(s, slab);
	}
	return s->nr_slabs != 0;
}

/**
 * kmem_cache_shrink_all() - kmem_cache_shrink() every cache (what writing
 * to /sys/kernel/slab/<cache>/shrink does, for all of them): tests use it
 * to count free pages without the slabs caches keep around.
 */
void kmem_cache_shrink_all(void)
{
	struct mml_machine *m = current_machine();
	struct kmem_cache *s;

	if (!m->slab)
		return;
	list_for_each_entry(s, &m->slab->caches, list)
		kmem_cache_shrink(s);
}

/**
 * kmem_cache_destroy() - free @s and its empty slabs.
 *
 * With objects still allocated Linux reports a bug and keeps the cache;
 * so does mmlab (the error goes to the kernel log).
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;
	if (s->flags & SLAB_KMALLOC) {
		pr_err("kmem_cache_destroy %s: kmalloc caches cannot be destroyed\n",
		       s->name);
		return;
	}
	if (kmem_cache_shrink(s)) {
		pr_err("BUG %s (Not tainted): Objects remaining in %s on __kmem_cache_shutdown()\n",
		       s->name, s->name);
		pr_err("kmem_cache_destroy %s: Slab cache still has objects\n",
		       s->name);
		return;
	}
	free_cache(s);
}

/**
 * kmem_cache_alloc() - one object from @s (__GFP_ZERO zeroes it).
 * Return: its kernel address, or NULL.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return (void *)slab_alloc(current_machine(), s, gfp);
}

/**
 * kmem_cache_free() - give @obj back to @s.  A NULL @obj is ignored; an
 * object of another cache is reported and left alone.
 */
void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	unsigned long kva = (unsigned long)obj;
	struct page *slab;

	if (unlikely(!obj))
		return;
	if (unlikely(!virt_addr_valid(kva)))
		goto bad;
	slab = compound_head(virt_to_page(kva));
	if (unlikely(!PageSlab(slab) || slab->slab_cache != s))
		goto bad;
	slab_free(s, slab, kva);
	return;
bad:
	pr_err("cache_from_obj: Wrong slab cache. %s but object %#lx is from elsewhere\n",
	       s->name, kva);
}

/* ------------------------------------------------------------------ */
/* kmalloc                                                             */
/* ------------------------------------------------------------------ */

/* Cache index for sizes 1..192 in steps of 8 (Linux's size_index[]). */
static const u8 size_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6,		/*   8 ..  64 */
	1, 1, 1, 1, 7, 7, 7, 7,		/*  72 .. 128 */
	2, 2, 2, 2, 2, 2, 2, 2,		/* 136 .. 192 */
};

/* kmalloc_index(): 1 is kmalloc-96, 2 kmalloc-192, else log2 of the size. */
static __always_inline unsigned int kmalloc_index(size_t size)
{
	if (size <= 192)
		return size_index[(size - 1) / 8];
	return (unsigned int)fls((unsigned int)(size - 1));
}

static __always_inline enum kmalloc_cache_type kmalloc_type(gfp_t gfp)
{
	if (likely(!(gfp & (__GFP_DMA | __GFP_RECLAIMABLE))))
		return KMALLOC_NORMAL;
	return (gfp & __GFP_DMA) ? KMALLOC_DMA : KMALLOC_RECLAIM;
}

/**
 * kmalloc_slab() - the kmalloc cache that serves @size (1..8 KiB) with
 * @gfp.  Return: the cache, or NULL for sizes the caches do not serve.
 */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t gfp)
{
	struct mml_machine *m = current_machine();

	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	return m->slab->kmalloc_caches[kmalloc_type(gfp)][kmalloc_index(size)];
}

static gfp_t kmalloc_fix_flags(gfp_t gfp)
{
	gfp_t fixed = gfp & ~GFP_SLAB_BUG_MASK;
	char was[160], now[160];

	gfp_format(gfp, was, sizeof(was));
	gfp_format(fixed, now, sizeof(now));
	pr_warn("Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!\n",
		gfp & GFP_SLAB_BUG_MASK, was, fixed, now);
	return fixed;
}

/* A kmalloc above 8 KiB: a compound page block, marked as such. */
static void *kmalloc_large(size_t size, gfp_t gfp)
{
	struct mml_machine *m = current_machine();
	unsigned int order = size > KMALLOC_MAX_SIZE ? MAX_PAGE_ORDER + 1 :
			     get_order(size);
	struct page *page;

	page = alloc_pages(gfp | __GFP_COMP, order);
	if (!page)
		return NULL;
	SetPageLargeKmalloc(page);
	m->slab->large_pages += 1UL << order;
	return (void *)page_address(page);
}

static noinline void free_large_kmalloc(struct page *page, unsigned long kva)
{
	struct mml_machine *m = current_machine();
	unsigned int order;

	if (unlikely(!PageLargeKmalloc(page))) {
		pr_err("kfree: %#lx: Not a kmalloc allocation\n", kva);
		return;
	}
	order = compound_order(page);
	ClearPageLargeKmalloc(page);
	m->slab->large_pages -= 1UL << order;
	__free_pages(page, order);
}

/*
 * kmalloc() from a DMA or reclaimable cache, zeroed, with flags to fix,
 * or of 0 or more than 8 KiB.
 */
static noinline void *kmalloc_slow(size_t size, gfp_t gfp)
{
	struct mml_machine *m = current_machine();

	if (unlikely(gfp & GFP_SLAB_BUG_MASK))
		gfp = kmalloc_fix_flags(gfp);
	if (size - 1 < KMALLOC_MAX_CACHE_SIZE)
		return (void *)slab_alloc(m, m->slab->kmalloc_caches
					  [kmalloc_type(gfp)][kmalloc_index(size)],
					  gfp);
	if (!size)
		return ZERO_SIZE_PTR;
	return kmalloc_large(size, gfp);
}

/**
 * kmalloc() - @size bytes of physically contiguous kernel memory.
 *
 * Return: a direct-map address; ZERO_SIZE_PTR for @size 0; NULL when the
 * memory is not there or @size exceeds KMALLOC_MAX_SIZE.
 */
void *kmalloc(size_t size, gfp_t gfp)
{
	struct mml_machine *m = current_machine();

	/* the common case inline: a KMALLOC_NORMAL cache, nothing to zero */
	if (likely(size - 1 < KMALLOC_MAX_CACHE_SIZE &&
		   !(gfp & (GFP_SLAB_BUG_MASK | __GFP_DMA | __GFP_RECLAIMABLE |
			    __GFP_ZERO))))
		return (void *)slab_alloc(m, m->slab->kmalloc_caches
					  [KMALLOC_NORMAL][kmalloc_index(size)],
					  gfp & ~__GFP_ZERO);	/* known clear */
	return kmalloc_slow(size, gfp);
}

/** kzalloc() - kmalloc() and zero the memory. */
void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/**
 * kfree() - free memory from kmalloc().  NULL and ZERO_SIZE_PTR are
 * ignored; an address outside the direct map or not from kmalloc is
 * reported in the log and left alone (the API checks more first).
 */
void kfree(const void *obj)
{
	unsigned long kva = (unsigned long)obj;
	struct page *slab;

	if (unlikely(ZERO_OR_NULL_PTR(obj)))
		return;
	if (unlikely(!virt_addr_valid(kva))) {
		pr_err("kfree: %#lx is not a direct-map address\n", kva);
		return;
	}
	slab = compound_head(virt_to_page(kva));
	if (unlikely(!PageSlab(slab))) {
		free_large_kmalloc(slab, kva);
		return;
	}
	slab_free(slab->slab_cache, slab, kva);
}

/**
 * ksize() - how many bytes the allocation at @obj really has (the object
 * size of its cache, or the whole block of a large kmalloc); 0 for NULL,
 * ZERO_SIZE_PTR and anything that is not kmalloc memory.
 */
size_t ksize(const void *obj)
{
	unsigned long kva = (unsigned long)obj;
	struct page *page;

	if (ZERO_OR_NULL_PTR(obj) || !virt_addr_valid(kva))
		return 0;
	page = compound_head(virt_to_page(kva));
	if (PageSlab(page))
		return page->slab_cache->object_size;
	if (PageLargeKmalloc(page))
		return PAGE_SIZE << compound_order(page);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Boot and teardown                                                   */
/* ------------------------------------------------------------------ */

static const char *const kmalloc_prefix[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = "kmalloc-",
	[KMALLOC_RECLAIM] = "kmalloc-rcl-",
	[KMALLOC_DMA] = "dma-kmalloc-",
};

static const slab_flags_t kmalloc_type_flags[NR_KMALLOC_TYPES] = {
	[KMALLOC_NORMAL] = 0,
	[KMALLOC_RECLAIM] = SLAB_RECLAIM_ACCOUNT,
	[KMALLOC_DMA] = SLAB_CACHE_DMA,
};

static unsigned int kmalloc_size(unsigned int idx)
{
	return idx == 1 ? 96 : idx == 2 ? 192 : 1U << idx;
}

static int new_kmalloc_cache(unsigned int idx, enum kmalloc_cache_type type)
{
	struct mml_machine *m = current_machine();
	unsigned int size = kmalloc_size(idx);
	struct kmem_cache *s;
	char name[32];

	if (size >= SZ_1K)
		snprintf(name, sizeof(name), "%s%luk", kmalloc_prefix[type],
			 (unsigned long)(size / SZ_1K));
	else
		snprintf(name, sizeof(name), "%s%u", kmalloc_prefix[type], size);
	s = create_cache(name, size, ARCH_KMALLOC_MINALIGN,
			 SLAB_KMALLOC | kmalloc_type_flags[type]);
	if (!s)
		return -ENOMEM;
	m->slab->kmalloc_caches[type][idx] = s;
	return 0;
}

/**
 * kmem_cache_init() - set up the slab allocator and the kmalloc caches
 * (kmalloc-96 and -192 first, then 8 ... 8k, for each family, in Linux's
 * order).  No slab page is taken until the first allocation.
 *
 * Context: boot, after the page allocator.
 * Return: 0, or -ENOMEM.
 */
int kmem_cache_init(void)
{
	struct mml_machine *m = current_machine();
	static const unsigned int first[] = { 1, 2 };
	unsigned int type, i;

	m->slab = calloc(1, sizeof(*m->slab));
	if (!m->slab)
		return -ENOMEM;
	INIT_LIST_HEAD(&m->slab->caches);
	for (type = 0; type < NR_KMALLOC_TYPES; type++) {
		for (i = 0; i < ARRAY_SIZE(first); i++)
			if (new_kmalloc_cache(first[i], type))
				goto out_exit;
		for (i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
			if (new_kmalloc_cache(i, type))
				goto out_exit;
	}
	return 0;

out_exit:
	kmem_cache_exit();
	return -ENOMEM;
}

/**
 * kmem_cache_exit() - machine teardown: every slab page of every cache
 * goes back to the page allocator, live objects or not, and the caches
 * are freed.  Large kmallocs belong to their callers and stay.
 */
void kmem_cache_exit(void)
{
	struct mml_machine *m = current_machine();
	struct kmem_cache *s, *tmp;

	if (!m->slab)
		return;
	list_for_each_entry_safe(s, tmp, &m->slab->caches, list)
		free_cache(s);
	free(m->slab);
	m->slab = NULL;
}

/* ------------------------------------------------------------------ */
/* Introspection: object state, /proc, audit                           */
/* ------------------------------------------------------------------ */

/* Is @kva on @slab's freelist?  The walk stops at anything out of place. */
static bool on_freelist(struct kmem_cache *s, struct page *slab,
			unsigned long kva)
{
	unsigned long p = slab->freelist;
	unsigned int n = 0;

	while (p && n++ <= slab->objects && slab_obj_valid(s, slab, p)) {
		if (p == kva)
			return true;
		p = get_freepointer(s, p);
	}
	return false;
}

/**
 * kmem_object_state() - 1 if @kva starts a live slab object or a large
 * kmalloc, else 0.  Walks the slab's freelist: for the API, not hot paths.
 */
int kmem_object_state(unsigned long kva)
{
	struct mml_machine *m = current_machine();
	struct page *page;

	if (!m->slab || !virt_addr_valid(kva) ||
	    !pfn_valid(PHYS_PFN(__pa(kva))))
		return 0;
	page = compound_head(virt_to_page(kva));
	if (PageSlab(page)) {
		if (!slab_obj_valid(page->slab_cache, page, kva))
			return 0;
		return !on_freelist(page->slab_cache, page, kva);
	}
	return PageLargeKmalloc(page) && kva == page_address(page);
}

/**
 * slab_page_counts() - pages held by slabs of SLAB_RECLAIM_ACCOUNT caches
 * (SReclaimable) and by the others plus large kmallocs (SUnreclaim), as
 * Linux accounts NR_SLAB_RECLAIMABLE_B / NR_SLAB_UNRECLAIMABLE_B.
 */
void slab_page_counts(unsigned long *reclaimable, unsigned long *unreclaimable)
{
	struct mml_machine *m = current_machine();
	struct kmem_cache *s;

	*reclaimable = 0;
	*unreclaimable = 0;
	if (!m->slab)
		return;
	*unreclaimable = m->slab->large_pages;
	list_for_each_entry(s, &m->slab->caches, list) {
		if (s->flags & SLAB_RECLAIM_ACCOUNT)
			*reclaimable += s->nr_pages;
		else
			*unreclaimable += s->nr_pages;
	}
}

/*
 * Like SLUB, only free objects on the partial list count as free: the
 * CPU slab's objects are all "active" in /proc/slabinfo.
 */
static unsigned long count_partial_free(struct kmem_cache *s)
{
	unsigned long nr_free = 0;
	struct page *slab;

	list_for_each_entry(slab, &s->partial, slab_list)
		nr_free += slab->objects - slab->inuse;
	return nr_free;
}

/**
 * slabinfo_show() - /proc/slabinfo, version 2.1, newest cache first.
 */
void slabinfo_show(struct seq_buf *sb)
{
	struct mml_machine *m = current_machine();
	struct kmem_cache *s;

	seq_puts(sb, "slabinfo - version: 2.1\n");
	seq_puts(sb, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
	seq_puts(sb, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_puts(sb, " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	if (!m->slab)
		return;
	list_for_each_entry(s, &m->slab->caches, list) {
		unsigned long nr_objs = s->total_objects;

		seq_printf(sb, "%-17s %6lu %6lu %6u %4u %4d", s->name,
			   nr_objs - count_partial_free(s), nr_objs, s->size,
			   s->objects, 1 << s->order);
		seq_printf(sb, " : tunables %4u %4u %4u", 0U, 0U, 0U);
		seq_printf(sb, " : slabdata %6lu %6lu %6lu\n", s->nr_slabs,
			   s->nr_slabs, 0UL);
	}
}

/*
 * The freelist of @slab: every entry an object of the slab (and still
 * poisoned, when poisoning is on), no cycle, exactly objects - inuse long.
 */
static int audit_freelist(struct kmem_cache *s, struct page *slab, char *msg,
			  size_t n)
{
	struct mml_machine *m = current_machine();
	unsigned long pfn = page_to_pfn(slab), p, nfree = 0;
	unsigned int want = slab->objects - slab->inuse;
	long bad;

	for (p = slab->freelist; p; p = get_freepointer(s, p)) {
		if (!slab_obj_valid(s, slab, p)) {
			snprintf(msg, n, "slab %s: pfn %#lx: free pointer %#lx is not an object of the slab",
				 s->name, pfn, p);
			return -EUCLEAN;
		}
		if (++nfree > want) {
			snprintf(msg, n, "slab %s: pfn %#lx: more than %u objects on the freelist (objects %u, inuse %u): a cycle?",
				 s->name, pfn, want, slab->objects, slab->inuse);
			return -EUCLEAN;
		}
		bad = m->page_poison ? check_poison(s, p) : -1;
		if (bad >= 0) {
			snprintf(msg, n, "slab %s: pfn %#lx: free object %#lx was written after free (at offset %ld)",
				 s->name, pfn, p, bad);
			return -EUCLEAN;
		}
	}
	if (nfree != want) {
		snprintf(msg, n, "slab %s: pfn %#lx: %lu objects on the freelist, expected %u (objects %u, inuse %u)",
			 s->name, pfn, nfree, want, slab->objects, slab->inuse);
		return -EUCLEAN;
	}
	return 0;
}

/* Per-slab consistency: descriptor, compound tails, the freelist. */
static int audit_slab(struct kmem_cache *s, struct page *slab, char *msg,
		      size_t n)
{
	unsigned long pfn = page_to_pfn(slab), i;
	unsigned int order = compound_order(slab);

	if (!PageSlab(slab) || slab->slab_cache != s || PageTail(slab) ||
	    !slab->objects || slab->inuse > slab->objects ||
	    slab->objects != order_objects(order, s->size)) {
		snprintf(msg, n, "slab %s: pfn %#lx: bad slab descriptor (slab %d, cache %s, objects %u, inuse %u, order %u)",
			 s->name, pfn, PageSlab(slab),
			 slab->slab_cache == s ? "ok" : "wrong", slab->objects,
			 slab->inuse, order);
		return -EUCLEAN;
	}
	if (slab->s_mem != page_address(slab)) {
		snprintf(msg, n, "slab %s: pfn %#lx: first object at %#lx, the slab at %#lx",
			 s->name, pfn, slab->s_mem, page_address(slab));
		return -EUCLEAN;
	}
	for (i = 1; i < (1UL << order); i++)
		if (compound_head(slab + i) != slab) {
			snprintf(msg, n, "slab %s: pfn %#lx: page %lu of the slab is not a tail of it",
				 s->name, pfn, i);
			return -EUCLEAN;
		}
	return audit_freelist(s, slab, msg, n);
}

struct slab_tally {
	unsigned long slabs, objects, pages, listed;
};

static int audit_slab_list(struct kmem_cache *s, struct list_head *head,
			   bool full, struct slab_tally *t, char *msg, size_t n)
{
	struct page *slab;
	int err;

	t->listed = 0;
	list_for_each_entry(slab, head, slab_list) {
		if (t->slabs++ > s->nr_slabs) {
			snprintf(msg, n, "slab %s: %s list longer than the %lu slabs counted",
				 s->name, full ? "full" : "partial", s->nr_slabs);
			return -EUCLEAN;
		}
		err = audit_slab(s, slab, msg, n);
		if (err)
			return err;
		if (slab == s->cpu_slab || full != (slab->inuse == slab->objects)) {
			snprintf(msg, n, "slab %s: pfn %#lx with %u of %u in use is on the %s list",
				 s->name, page_to_pfn(slab), slab->inuse,
				 slab->objects, full ? "full" : "partial");
			return -EUCLEAN;
		}
		t->listed++;
		t->objects += slab->objects;
		t->pages += 1UL << compound_order(slab);
	}
	return 0;
}

static int audit_cache(struct kmem_cache *s, char *msg, size_t n)
{
	struct slab_tally t = { 0 };
	unsigned long nr_partial;
	int err;

	if (((unsigned long)s->size >> s->size_shift << s->size_shift) != s->size ||
	    !((s->size >> s->size_shift) & 1) ||
	    (s->size >> s->size_shift) * s->size_inv != 1) {
		snprintf(msg, n, "slab %s: size %u but shift %u inverse %#lx",
			 s->name, s->size, s->size_shift, s->size_inv);
		return -EUCLEAN;
	}

	if (s->cpu_slab) {
		err = audit_slab(s, s->cpu_slab, msg, n);
		if (err)
			return err;
		t.slabs = 1;
		t.objects = s->cpu_slab->objects;
		t.pages = 1UL << compound_order(s->cpu_slab);
	}
	err = audit_slab_list(s, &s->partial, false, &t, msg, n);
	if (err)
		return err;
	nr_partial = t.listed;
	err = audit_slab_list(s, &s->full, true, &t, msg, n);
	if (err)
		return err;
	if (t.slabs != s->nr_slabs || nr_partial != s->nr_partial ||
	    t.listed != s->nr_full || t.objects != s->total_objects ||
	    t.pages != s->nr_pages) {
		snprintf(msg, n, "slab %s: counters (slabs %lu partial %lu full %lu objects %lu pages %lu) do not match the slabs (%lu %lu %lu %lu %lu)",
			 s->name, s->nr_slabs, s->nr_partial, s->nr_full,
			 s->total_objects, s->nr_pages, t.slabs, nr_partial,
			 t.listed, t.objects, t.pages);
		return -EUCLEAN;
	}
	return 0;
}

/**
 * slab_audit() - check every slab of every cache: the descriptor, the
 * freelist (inside the slab, on object boundaries, no cycle, exactly
 * objects - inuse long), the lists each slab is on, and the counters.
 *
 * Return: 0, or -EUCLEAN with a description in @msg.
 */
int slab_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	struct kmem_cache *s;
	int err;

	if (!m->slab)
		return 0;
	list_for_each_entry(s, &m->slab->caches, list) {
		err = audit_cache(s, msg, n);
		if (err)
			return err;
	}
	return 0;
}
