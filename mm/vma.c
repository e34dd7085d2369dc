// SPDX-License-Identifier: MIT
/*
 * The VMAs of an address space: a B-tree by address (mm->mm_mt, see
 * mm/vma_tree.c) that also knows the largest free gap in each subtree so
 * that get_unmapped_area() is O(log n), and a sorted list for walking;
 * finding, inserting, splitting, merging, and validate_mm().
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/vma_tree.h>
#include <linux/fs.h>
#include "mm/internal.h"

/* --- allocation ---------------------------------------------------------- */

#if defined(__SANITIZE_ADDRESS__)
#define VMA_CACHE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VMA_CACHE_ASAN 1
#endif
#endif

#ifdef VMA_CACHE_ASAN
#include <sanitizer/asan_interface.h>
#define vma_cache_poison(p)	__asan_poison_memory_region((p), sizeof(*(p)))
#define vma_cache_unpoison(p)	__asan_unpoison_memory_region((p), sizeof(*(p)))
#else
#define vma_cache_poison(p)	((void)(p))
#define vma_cache_unpoison(p)	((void)(p))
#endif

/*
 * The host structures of VMAs come from chunks of VMA_CHUNK_OBJS, each
 * with its own free list, the way Linux's vm_area_cachep carves
 * vm_area_structs out of slab pages: an mmap+munmap pair then costs no
 * trip to the C library's heap, and VMAs made together lie together in
 * host memory, however they were freed (a chunk whose last VMA goes is
 * given back, unless it is the one allocations come from), so walking an
 * address space does not miss the cache at every VMA.  The chunks and
 * their lists are the machine's (in the snapshot arena when there is one,
 * with the machine), so a restore puts back a consistent state.  Under
 * AddressSanitizer a free structure is poisoned until it is handed out.
 */
struct vma_chunk {
	struct list_head list;		/* on m->vma_chunks_partial */
	struct vm_area_struct *free;	/* linked by ->vm_next */
	unsigned int inuse;
	struct vm_area_struct obj[VMA_CHUNK_OBJS];
};

static struct vma_chunk *vma_chunk_new(void)
{
	struct vma_chunk *c = malloc(sizeof(*c));
	int i;

	if (!c)
		return NULL;
	INIT_LIST_HEAD(&c->list);
	c->inuse = 0;
	c->free = NULL;
	/* in address order: a run of allocations walks the chunk upwards */
	for (i = VMA_CHUNK_OBJS - 1; i >= 0; i--) {
		c->obj[i].vm_next = c->free;
		c->free = &c->obj[i];
		vma_cache_poison(&c->obj[i]);
	}
	return c;
}

static void vma_chunk_free(struct vma_chunk *c)
{
	int i;

	for (i = 0; i < VMA_CHUNK_OBJS; i++)
		vma_cache_unpoison(&c->obj[i]);
	free(c);
}

/* The chunk to allocate from: the current one, a partial one, or new. */
static struct vma_chunk *vma_chunk_refill(struct mml_machine *m)
{
	struct vma_chunk *c;

	if (!list_empty(&m->vma_chunks_partial)) {
		c = list_first_entry(&m->vma_chunks_partial, struct vma_chunk, list);
		list_del_init(&c->list);
	} else {
		c = vma_chunk_new();
		if (!c)
			return NULL;
	}
	m->vma_chunk = c;	/* the old one is full: on no list */
	return c;
}

static struct vm_area_struct *vma_cache_get(struct mml_machine *m)
{
	struct vma_chunk *c = m->vma_chunk;
	struct vm_area_struct *vma;

	if (unlikely(!c || !c->free)) {
		c = vma_chunk_refill(m);
		if (!c)
			return NULL;
	}
	vma = c->free;
	vma_cache_unpoison(vma);
	c->free = vma->vm_next;
	c->inuse++;
	vma->host_chunk = c;
	return vma;
}

static void vma_cache_put(struct mml_machine *m, struct vm_area_struct *vma)
{
	struct vma_chunk *c = vma->host_chunk;

	vma->vm_next = c->free;
	c->free = vma;
	c->inuse--;
	vma_cache_poison(vma);
	if (c == m->vma_chunk)
		return;
	if (c->inuse == VMA_CHUNK_OBJS - 1) {		/* was full */
		list_add(&c->list, &m->vma_chunks_partial);
	} else if (!c->inuse) {
		list_del(&c->list);
		vma_chunk_free(c);
	}
}

/*
 * vm_area_cache_drain() - free the chunks (machine teardown, after the
 * last task: no VMA is left).
 */
void vm_area_cache_drain(void)
{
	struct mml_machine *m = current_machine();
	struct vma_chunk *c, *n;

	if (!m->vma_chunks_partial.next)
		return;		/* never booted that far */
	list_for_each_entry_safe(c, n, &m->vma_chunks_partial, list) {
		list_del(&c->list);
		vma_chunk_free(c);
	}
	if (m->vma_chunk)
		vma_chunk_free(m->vma_chunk);
	m->vma_chunk = NULL;
}

/*
 * VMAs are host structures, but each is also charged to the
 * "vm_area_struct" slab cache in simulated RAM, as Linux allocates them,
 * so slabinfo and fault injection see them.  Only ->shadow is set: the
 * callers fill in every field.
 */
static struct vm_area_struct *__vm_area_alloc(struct mm_struct *mm)
{
	struct mml_machine *m = mm->machine;
	struct vm_area_struct *vma;
	void *shadow;

	shadow = kmem_cache_alloc(m->vm_area_cachep, GFP_KERNEL);
	if (!shadow)
		return NULL;
	vma = vma_cache_get(m);
	if (!vma) {
		kmem_cache_free(m->vm_area_cachep, shadow);
		return NULL;
	}
	vma->shadow = shadow;
	return vma;
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	static const struct vm_area_struct zero;
	struct vm_area_struct *vma = __vm_area_alloc(mm);
	void *shadow, *chunk;

	if (!vma)
		return NULL;
	/*
	 * Every other field zero, as calloc() would leave it: copied from a
	 * zero structure, which the compiler does with vector moves (a
	 * memset() of this size becomes "rep stos", slow to start).
	 */
	shadow = vma->shadow;
	chunk = vma->host_chunk;
	*vma = zero;
	vma->vm_mm = mm;
	vma->shadow = shadow;
	vma->host_chunk = chunk;
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	return vma;
}

/* Not zeroed first: the copy of @orig sets every field. */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *new = __vm_area_alloc(orig->vm_mm);
	void *shadow, *chunk;

	if (!new)
		return NULL;
	shadow = new->shadow;
	chunk = new->host_chunk;
	*new = *orig;
	new->shadow = shadow;
	new->host_chunk = chunk;
	new->vm_next = new->vm_prev = NULL;
	new->anon_name = NULL;
	vma_pfnmap_track_ctx_dup(orig, new);
	INIT_LIST_HEAD(&new->anon_vma_chain);
	if (new->vm_file)
		get_file(new->vm_file);
	return new;
}

void vm_area_free(struct vm_area_struct *vma)
{
	struct mml_machine *m = vma->vm_mm->machine;

	/* Only a driver's remap_pfn_range() of a whole VMA tracks one. */
	if (unlikely(vma->pfnmap_track_ctx))
		vma_pfnmap_track_ctx_release(vma);
	kmem_cache_free(m->vm_area_cachep, vma->shadow);
	if (unlikely(vma->anon_name))
		free(vma->anon_name);
	vma_cache_put(m, vma);
}

/* Drop what a VMA holds (its file, its ops' state) and free it. */
void remove_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	unlink_anon_vmas(vma);
	vm_area_free(vma);
}

/* --- the tree ---------------------------------------------------------------- */

/* The free gap below @vma if @prev is the VMA before it (NULL: none). */
static unsigned long vma_gap_below(struct vm_area_struct *vma,
				   struct vm_area_struct *prev)
{
	unsigned long gap = vm_start_gap(vma), prev_end;

	if (prev) {
		prev_end = vm_end_gap(prev);
		gap = gap > prev_end ? gap - prev_end : 0;
	}
	return gap;
}

static unsigned long vma_compute_gap(struct vm_area_struct *vma)
{
	return vma_gap_below(vma, vma->vm_prev);
}

/* @vma's own gap changed (its start, or its predecessor's end). */
void vma_gap_update(struct vm_area_struct *vma)
{
	vma_tree_update(&vma->vm_mm->mm_mt, vma->vm_end, vma->vm_end,
			vma_compute_gap(vma), NULL);
}

/*
 * The tree's view of @next (NULL: none) once @prev is the VMA before it:
 * its gap changes in the same descent as the operation on @prev's side.
 */
static const struct vma_tree_next *vma_next_gap(struct vma_tree_next *n,
						struct vm_area_struct *next,
						struct vm_area_struct *prev)
{
	if (!next)
		return NULL;
	n->pivot = next->vm_end;
	n->gap = vma_gap_below(next, prev);
	return n;
}

/* @vma changed or came or went next to @prev: is it the last one? O(1). */
static void mm_update_highest(struct mm_struct *mm, struct vm_area_struct *vma,
			      struct vm_area_struct *prev)
{
	if (vma && !vma->vm_next)
		mm->highest_vm_end = vm_end_gap(vma);
	else if (!vma && (!prev || !prev->vm_next))
		mm->highest_vm_end = prev ? vm_end_gap(prev) : 0;
}

/*
 * find_vma_links() - where a VMA for [addr, end) would go.
 * Return: 0 with *pprev set to the VMA it would follow (NULL: first), or
 * -ENOMEM if an existing VMA overlaps the range.
 */
int find_vma_links(struct mm_struct *mm, unsigned long addr, unsigned long end,
		   struct vm_area_struct **pprev)
{
	struct vm_area_struct *next = find_vma(mm, addr);

	if (next && next->vm_start < end)
		return -ENOMEM;
	*pprev = next ? next->vm_prev : vma_tree_last(&mm->mm_mt);
	return 0;
}

/**
 * vma_link() - insert @vma after @prev (from find_vma_links()).
 * Context: mmap_lock held for write (one thread here).
 * Return: 0, or -ENOMEM if the tree needed a node and none could be had
 * (nothing changed then; vma_tree_preallocate() beforehand rules it out).
 */
int vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
	     struct vm_area_struct *prev)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;
	struct vma_tree_next n;
	int err;

	err = vma_tree_insert(&mm->mm_mt, vma->vm_end, vma_gap_below(vma, prev),
			      vma, vma_next_gap(&n, next, vma));
	if (err)
		return err == -EEXIST ? -ENOMEM : err;
	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
	mm_update_highest(mm, vma, prev);
	mm->map_count++;
	if (vma->vm_file)
		vma_interval_tree_insert(vma);
	return 0;
}

/**
 * insert_vm_struct() - link @vma where it belongs.
 * Return: 0, or -ENOMEM if it overlaps a VMA or no tree node could be had.
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev;

	if (find_vma_links(mm, vma->vm_start, vma->vm_end, &prev))
		return -ENOMEM;
	return vma_link(mm, vma, prev);
}

/** vma_unlink() - take @vma out of the tree and list (not freed). */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;
	struct vma_tree_next n;

	if (vma->vm_file)
		vma_interval_tree_remove(vma);
	vma_tree_erase(&mm->mm_mt, vma->vm_end, vma_next_gap(&n, next, prev));
	if (prev)
		prev->vm_next = next;
	else
		mm->mmap = next;
	if (next)
		next->vm_prev = prev;
	vma->vm_next = vma->vm_prev = NULL;
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
	if (!next)
		mm_update_highest(mm, NULL, prev);
	mm->map_count--;
}

/**
 * vma_set_range() - move @vma's bounds to [start, end) with @pgoff; the
 * range must not overlap a neighbour, so the tree order holds and only
 * the pivot and the gaps change.
 */
void vma_set_range(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end, pgoff_t pgoff)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long old_end = vma->vm_end;
	bool file = vma->vm_file != NULL;
	struct vma_tree_next n;

	if (file)
		vma_interval_tree_remove(vma);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	if (file)
		vma_interval_tree_insert(vma);
	vma_tree_update(&mm->mm_mt, old_end, end, vma_compute_gap(vma),
			old_end != end ? vma_next_gap(&n, vma->vm_next, vma) : NULL);
	mm_update_highest(mm, vma, vma->vm_prev);
}

/* --- lookup ---------------------------------------------------------------- */

/** find_vma() - the first VMA with vm_end > @addr, or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = mm->mmap_cache;

	/*
	 * The last answer is the answer again for an address inside it or
	 * in the gap below it: mmap() asks about one gap three or four times
	 * (the hint, MAP_FIXED_NOREPLACE, the merge, the link).
	 */
	if (vma && vma->vm_end > addr &&
	    (vma->vm_start <= addr || !vma->vm_prev || vma->vm_prev->vm_end <= addr))
		return vma;
	vma = vma_tree_find(&mm->mm_mt, addr);
	if (vma)
		mm->mmap_cache = vma;
	return vma;
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	*pprev = vma ? vma->vm_prev : vma_tree_last(&mm->mm_mt);
	return vma;
}

/*
 * vma_lookup() - the VMA containing @addr, or NULL.  Only a cached VMA
 * that contains @addr answers: find_vma()'s gap test is no use here.
 */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = mm->mmap_cache;

	if (vma && vma->vm_start <= addr && addr < vma->vm_end)
		return vma;
	vma = vma_tree_find(&mm->mm_mt, addr);
	if (!vma)
		return NULL;
	mm->mmap_cache = vma;
	return vma->vm_start <= addr ? vma : NULL;
}

/* --- split and merge ------------------------------------------------------- */

/**
 * __split_vma() - split @vma at @addr; the new VMA takes the lower part
 * if @new_below, else the upper part.
 * Return: 0, or -ENOMEM if no VMA could be allocated.
 */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, int new_below)
{
	unsigned long old_start = vma->vm_start, old_end = vma->vm_end;
	pgoff_t old_pgoff = vma->vm_pgoff, delta = (addr - old_start) >> PAGE_SHIFT;
	struct vm_area_struct *new;
	int err;

	/* Reserve the tree's nodes first: nothing can fail after the split. */
	err = vma_tree_preallocate(&mm->mm_mt);
	if (err)
		return err;
	new = vm_area_dup(vma);
	if (!new)
		return -ENOMEM;
	if (anon_vma_clone(new, vma)) {
		new->anon_vma = NULL;
		if (new->vm_file)
			fput(new->vm_file);
		vm_area_free(new);
		return -ENOMEM;
	}
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	if (new_below) {
		new->vm_end = addr;
		vma_set_range(vma, addr, vma->vm_end, vma->vm_pgoff + delta);
	} else {
		new->vm_start = addr;
		new->vm_pgoff += delta;
		vma_set_range(vma, vma->vm_start, addr, vma->vm_pgoff);
	}
	err = insert_vm_struct(mm, new);
	if (err) {
		vma_set_range(vma, old_start, old_end, old_pgoff);
		remove_vma(new);
	}
	return err;
}

/* split_vma() - __split_vma(), refused at vm.max_map_count. */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, int new_below)
{
	if (mm->map_count >= mm->machine->sysctl_max_map_count)
		return -ENOMEM;
	return __split_vma(mm, vma, addr, new_below);
}

static bool is_mergeable_vma(struct vm_area_struct *vma, unsigned long vm_flags,
			     struct file *file)
{
	if ((vma->vm_flags ^ vm_flags) & ~VM_IGNORE_MERGE)
		return false;
	if (vma->vm_file != file)
		return false;
	if (vma->vm_ops && vma->vm_ops->close)
		return false;
	return !vma->anon_name;
}

/* Forked: its chain links more than its own anon_vma. */
static bool vma_had_uncowed_parents(struct vm_area_struct *vma)
{
	return vma && vma->anon_vma && !list_is_singular(&vma->anon_vma_chain);
}

/*
 * May the pages of @src (anon_vma @src_anon) join @tgt?  Yes when they
 * share an anon_vma, or when only one side has one and that side was
 * never forked (Linux 6.x's is_mergeable_anon_vma()).
 */
static bool is_mergeable_anon_vma(struct anon_vma *src_anon,
				  struct vm_area_struct *src,
				  struct vm_area_struct *tgt)
{
	if (!tgt->anon_vma && src_anon)
		return !vma_had_uncowed_parents(src);
	if (tgt->anon_vma && !src_anon)
		return !vma_had_uncowed_parents(tgt);
	return src_anon == tgt->anon_vma;
}

static bool can_vma_merge_before(struct vm_area_struct *vma,
				 unsigned long vm_flags, struct anon_vma *av,
				 struct vm_area_struct *src, struct file *file,
				 pgoff_t vm_pgoff)
{
	return is_mergeable_vma(vma, vm_flags, file) &&
	       is_mergeable_anon_vma(av, src, vma) &&
	       vma->vm_pgoff == vm_pgoff;
}

static bool can_vma_merge_after(struct vm_area_struct *vma,
				unsigned long vm_flags, struct anon_vma *av,
				struct vm_area_struct *src, struct file *file,
				pgoff_t vm_pgoff)
{
	return is_mergeable_vma(vma, vm_flags, file) &&
	       is_mergeable_anon_vma(av, src, vma) &&
	       vma->vm_pgoff + vma_pages(vma) == vm_pgoff;
}

/* @next is going away into @into: what it held moves over. */
static void vma_absorb(struct vm_area_struct *into, struct vm_area_struct *gone)
{
	struct mm_struct *mm = into->vm_mm;

	if (!into->anon_vma && gone->anon_vma)
		dup_anon_vma(into, gone);
	vma_unlink(mm, gone);
	remove_vma(gone);
}

/**
 * vma_merge() - try to give [addr, end) (with these flags and backing) to
 * a neighbour instead of a new VMA: extend @prev over it, and over @prev's
 * successor too if that closes the hole, or extend the successor down.
 * The range is either a hole between @prev and its successor (mmap, brk,
 * mremap) or the start or end of an existing VMA (mprotect, madvise,
 * mlock), Linux's cases 1-8.
 *
 * Return: the VMA now covering the range, or NULL if nothing merged.
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm,
				 struct vm_area_struct *prev,
				 unsigned long addr, unsigned long end,
				 unsigned long vm_flags, struct anon_vma *anon_vma,
				 struct file *file, pgoff_t pgoff)
{
	pgoff_t pglen = (end - addr) >> PAGE_SHIFT;
	struct vm_area_struct *area, *next, *src = NULL;

	if (vm_flags & VM_SPECIAL)
		return NULL;
	next = prev ? prev->vm_next : mm->mmap;
	area = next;
	if (area && area->vm_end == end)	/* cases 6, 7, 8 */
		next = next->vm_next;
	/* The VMA whose pages the range holds now, if it is an existing one. */
	if (prev && addr < prev->vm_end)
		src = prev;
	else if (area && area->vm_start == addr)
		src = area;

	if (prev && prev->vm_end == addr &&
	    can_vma_merge_after(prev, vm_flags, anon_vma, src, file, pgoff)) {
		if (next && end == next->vm_start &&
		    can_vma_merge_before(next, vm_flags, anon_vma, src, file, pgoff + pglen) &&
		    is_mergeable_anon_vma(prev->anon_vma, prev, next)) {
			unsigned long new_end = next->vm_end;	/* cases 1, 6 */

			if (area != next)
				vma_absorb(prev, area);		/* case 6 */
			vma_absorb(prev, next);
			vma_set_range(prev, prev->vm_start, new_end, prev->vm_pgoff);
		} else {					/* cases 2, 5, 7 */
			if (area && area->vm_end == end && area != next &&
			    area->vm_start >= addr)
				vma_absorb(prev, area);		/* case 7 */
			else if (area && area->vm_start < end && area->vm_start >= addr) {
				if (!prev->anon_vma && area->anon_vma)
					dup_anon_vma(prev, area);	/* case 5 */
				vma_set_range(area, end, area->vm_end,
					      area->vm_pgoff + ((end - area->vm_start) >> PAGE_SHIFT));
			}
			vma_set_range(prev, prev->vm_start, end, prev->vm_pgoff);
		}
		return prev;
	}

	if (next && end == next->vm_start &&
	    can_vma_merge_before(next, vm_flags, anon_vma, src, file, pgoff + pglen)) {
		if (prev && addr < prev->vm_end) {		/* case 4 */
			if (!next->anon_vma && prev->anon_vma)
				dup_anon_vma(next, prev);
			vma_set_range(prev, prev->vm_start, addr, prev->vm_pgoff);
		} else if (area != next) {			/* case 8 */
			vma_absorb(next, area);
		}
		vma_set_range(next, addr, next->vm_end, next->vm_pgoff - pglen);
		return next;					/* cases 3, 8 */
	}
	return NULL;
}

/* --- validate_mm ------------------------------------------------------------ */

struct vm_audit {
	char *msg;
	size_t n;
	int err;
};

__printf(2, 3) static void vm_fail(struct vm_audit *a, const char *fmt, ...)
{
	va_list ap;

	if (a->err)
		return;
	a->err = -EUCLEAN;
	va_start(ap, fmt);
	vsnprintf(a->msg, a->n, fmt, ap);
	va_end(ap);
}

/* The tree's entries, in order, must be the list's VMAs with their gaps. */
struct vm_tree_audit {
	struct vm_audit *a;
	struct vm_area_struct *next;	/* the list's VMA the tree should hold next */
};

static int audit_tree_entry(void *arg, unsigned long pivot, unsigned long gap,
			    void *entry)
{
	struct vm_tree_audit *ta = arg;
	struct vm_area_struct *vma = entry;

	if (vma != ta->next) {
		vm_fail(ta->a, "tree entry %#lx (vma %p) is not the list's next VMA",
			pivot, entry);
		return 1;
	}
	if (pivot != vma->vm_end)
		vm_fail(ta->a, "vma %#lx-%#lx: tree pivot %#lx", vma->vm_start,
			vma->vm_end, pivot);
	else if (gap != vma_compute_gap(vma))
		vm_fail(ta->a, "vma %#lx-%#lx: tree gap %#lx, should be %#lx",
			vma->vm_start, vma->vm_end, gap, vma_compute_gap(vma));
	ta->next = vma->vm_next;
	return ta->a->err;
}

static void audit_tree(struct vm_audit *a, struct mm_struct *mm)
{
	struct vm_tree_audit ta = { a, mm->mmap };

	if (vma_tree_audit(&mm->mm_mt, a->msg, a->n)) {
		a->err = -EUCLEAN;
		return;
	}
	vma_tree_walk(&mm->mm_mt, audit_tree_entry, &ta);
	if (!a->err && ta.next)
		vm_fail(a, "vma %#lx-%#lx is on the list but not in the tree",
			ta.next->vm_start, ta.next->vm_end);
}

/**
 * validate_mm() - the list is sorted with no overlap, the tree holds the
 * same VMAs in the same order, the gaps are right, the counters match.
 * Return: 0, or -EUCLEAN with @msg filled.
 */
int validate_mm(struct mm_struct *mm, char *msg, size_t n)
{
	struct vm_audit a = { msg, n, 0 };
	struct vm_area_struct *vma, *prev = NULL;
	unsigned long total = 0, locked = 0;
	int count = 0;

	for (vma = mm->mmap; vma && !a.err; prev = vma, vma = vma->vm_next) {
		if (vma->vm_start >= vma->vm_end || (vma->vm_start | vma->vm_end) & ~PAGE_MASK)
			vm_fail(&a, "vma %#lx-%#lx is empty or unaligned", vma->vm_start, vma->vm_end);
		if (prev && prev->vm_end > vma->vm_start)
			vm_fail(&a, "vma %#lx-%#lx overlaps the one before", vma->vm_start, vma->vm_end);
		if (vma->vm_prev != prev || vma->vm_mm != mm)
			vm_fail(&a, "vma %#lx-%#lx: bad vm_prev or vm_mm", vma->vm_start, vma->vm_end);
		total += vma_pages(vma);
		if (vma->vm_flags & VM_LOCKED)
			locked += vma_pages(vma);
		count++;
	}
	if (!a.err && count != mm->map_count)
		vm_fail(&a, "map_count %d, but %d VMAs", mm->map_count, count);
	if (!a.err && total != mm->total_vm)
		vm_fail(&a, "total_vm %lu, but the VMAs span %lu pages", mm->total_vm, total);
	if (!a.err && locked != mm->locked_vm)
		vm_fail(&a, "locked_vm %lu, but VM_LOCKED VMAs span %lu pages", mm->locked_vm, locked);
	if (!a.err && prev && mm->highest_vm_end != vm_end_gap(prev))
		vm_fail(&a, "highest_vm_end %#lx, last VMA ends %#lx", mm->highest_vm_end, prev->vm_end);
	if (!a.err)
		audit_tree(&a, mm);
	return a.err;
}

/**
 * vma_modify_flags() - prepare [start, end) of @vma (which contains it) to
 * take @newflags: merge it into a neighbour when the flags would then
 * match, else split it off.  @prev is @vma's predecessor if @start is
 * @vma's start, else @vma itself, as vma_merge() wants.  The caller then
 * sets the flags of the VMA returned (it covers exactly [start, end)).
 * Return: that VMA, or ERR_PTR(-ENOMEM) when a split was refused.
 */
struct vm_area_struct *vma_modify_flags(struct vm_area_struct *prev,
					struct vm_area_struct *vma,
					unsigned long start, unsigned long end,
					unsigned long newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	pgoff_t pgoff = vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT);
	struct vm_area_struct *merged;
	int err;

	merged = vma_merge(mm, prev, start, end, newflags, vma->anon_vma,
			   vma->vm_file, pgoff);
	if (merged)
		return merged;
	if (vma->vm_start < start) {
		err = split_vma(mm, vma, start, /* new_below = */ 1);
		if (err)
			return ERR_PTR(err);
	}
	if (vma->vm_end > end) {
		err = split_vma(mm, vma, end, /* new_below = */ 0);
		if (err)
			return ERR_PTR(err);
	}
	return vma;
}
