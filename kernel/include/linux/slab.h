/* SPDX-License-Identifier: MIT */
/*
 * The slab allocator (SLUB's design) and kmalloc.  Objects live in
 * simulated RAM; the pointers returned are kernel virtual addresses in the
 * direct map (so not host pointers: reach the bytes through lm_host()).
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/gfp.h>

struct mml_machine;
struct seq_buf;
struct kmem_cache;
struct page;

typedef unsigned int slab_flags_t;
#define SLAB_HWCACHE_ALIGN	0x00002000u	/* align objects on cache lines */
#define SLAB_CACHE_DMA		0x00004000u	/* slabs from ZONE_DMA */
#define SLAB_RECLAIM_ACCOUNT	0x00020000u	/* counted as SReclaimable */
#define SLAB_PANIC		0x00040000u	/* creation failure is fatal */
#define SLAB_KMALLOC		0x00100000u	/* one of the kmalloc caches */

#define KMALLOC_MIN_SIZE	8
#define KMALLOC_SHIFT_LOW	3
#define KMALLOC_SHIFT_HIGH	13		/* kmalloc-8k is the largest cache */
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE	(1UL << (MAX_PAGE_ORDER + 12))
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/* The kmalloc cache families, in Linux's creation order. */
enum kmalloc_cache_type {
	KMALLOC_NORMAL,		/* kmalloc-N */
	KMALLOC_RECLAIM,	/* kmalloc-rcl-N: __GFP_RECLAIMABLE */
	KMALLOC_DMA,		/* dma-kmalloc-N: __GFP_DMA */
	NR_KMALLOC_TYPES
};

/*
 * struct kmem_cache - one cache of equal-sized objects (mm/slab.h in
 * Linux; here so that tests and /proc code can read it).  The structure
 * itself is host memory; its slabs and objects are simulated RAM.
 *
 * There is one CPU, so the per-CPU slab is a field and its freelist is
 * the slab page's own @freelist (Linux splits the two for lockless
 * cmpxchg; nothing here runs concurrently).
 */
struct kmem_cache {
	struct list_head list;		/* on the machine's slab_caches */
	char *name;
	unsigned int object_size;	/* what the user asked for */
	unsigned int size;		/* object plus padding: the stride */
	unsigned int size_shift;	/* trailing zero bits of @size ... */
	unsigned long size_inv;		/* ... and the inverse of its odd part */
	unsigned int align;
	unsigned int offset;		/* of the free pointer in an object */
	unsigned long random;		/* CONFIG_SLAB_FREELIST_HARDENED's key */
	unsigned int order;		/* of each slab */
	unsigned int objects;		/* per slab */
	unsigned int min_order;		/* fallback when @order is not free */
	unsigned int min_objects;	/* per slab of @min_order */
	unsigned int min_partial;	/* empty slabs kept on @partial */
	slab_flags_t flags;
	gfp_t allocflags;		/* added to every slab allocation */

	struct page *cpu_slab;		/* allocations come from here first */
	struct list_head partial;	/* some objects free */
	struct list_head full;		/* no object free (Linux: debug only) */
	unsigned long nr_partial;
	unsigned long nr_full;
	unsigned long nr_slabs;		/* cpu + partial + full */
	unsigned long total_objects;	/* in all slabs */
	unsigned long nr_pages;		/* held by all slabs */
};

int kmem_cache_init(void);
void kmem_cache_exit(void);

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags);
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *s, void *obj);
int kmem_cache_shrink(struct kmem_cache *s);
void kmem_cache_shrink_all(void);

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void kfree(const void *obj);
size_t ksize(const void *obj);
struct kmem_cache *kmalloc_slab(size_t size, gfp_t gfp);

static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

/*
 * kmem_object_state() - what @kva is to the allocators: 1 if it is the
 * start of a live kmalloc/kmem_cache object or of a large kmalloc, 0 if
 * not (free, inside an object, not slab memory).  Used by the API to
 * refuse a bad kfree() instead of corrupting the heap as Linux would.
 */
int kmem_object_state(unsigned long kva);

/* Pages held by slabs: reclaimable and not (for /proc/meminfo). */
void slab_page_counts(unsigned long *reclaimable, unsigned long *unreclaimable);
void slabinfo_show(struct seq_buf *s);
int slab_audit(char *msg, size_t n);

#endif
