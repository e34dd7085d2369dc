// SPDX-License-Identifier: MIT
/*
 * The PAT memory-type tree, as x86 Linux keeps it (arch/x86/mm/pat/
 * memtype.c and memtype_interval.c): every reservation of a physical
 * range that is not System RAM (ioremap*(), remap_pfn_range() of a whole
 * VMA, /dev/mem) is one entry [start, end) with its cache mode, in an
 * interval tree ordered by start that allows overlapping entries.  A new
 * reservation takes the type of the entries it overlaps (they must agree,
 * or it fails with -EBUSY and "conflicting memory types"); a free takes
 * out the entry that matches exactly (or shrinks one from its end: the
 * mremap case).  Identical reservations are separate entries, which is
 * how Linux counts them.
 *
 * System RAM never enters the tree: as in Linux its type lives in the
 * flags of each page (_PGMT_*: PG_arch_1 and PG_uncached), set by
 * set_memory_uc()/set_memory_wc() (arch/x86/mm/set_memory.c) through
 * memtype_reserve() and cleared by set_memory_wb() through memtype_free().
 * The legacy ISA window (0xa0000-0xfffff) is never tracked and always
 * write-back in the PTE.
 *
 * Entries live in host memory (a simulated driver cannot corrupt the
 * tree), each with a kmalloc() shadow so that the slab counts it, as
 * Linux's kzalloc() of struct memtype, and fault injection reaches it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/mm.h>
#include <linux/ioport.h>
#include <linux/sched.h>
#include <linux/current.h>
#include <linux/slab.h>
#include <linux/rbtree_augmented.h>
#include <linux/seq_buf.h>
#include <asm/e820.h>
#include <asm/pgtable.h>
#include <asm/memtype.h>
#include <asm/set_memory.h>

struct memtype {
	u64 start;
	u64 end;			/* exclusive */
	u64 subtree_max_end;		/* the largest end below this node */
	enum page_cache_mode type;
	struct rb_node rb;
	void *shadow;			/* its kmalloc() object */
};

/* The size Linux's struct memtype has (kmalloc-64). */
#define MEMTYPE_SHADOW_SIZE	48

static struct rb_root *memtype_root(void)
{
	return &current_machine()->memtype_rbroot;
}

const char *cattr_name(enum page_cache_mode pcm)
{
	switch (pcm) {
	case _PAGE_CACHE_MODE_UC:	return "uncached";
	case _PAGE_CACHE_MODE_UC_MINUS:	return "uncached-minus";
	case _PAGE_CACHE_MODE_WB:	return "write-back";
	case _PAGE_CACHE_MODE_WC:	return "write-combining";
	case _PAGE_CACHE_MODE_WT:	return "write-through";
	case _PAGE_CACHE_MODE_WP:	return "write-protected";
	default:			return "broken";
	}
}

/* --- the interval tree ---------------------------------------------------- */

static u64 memtype_end(const struct memtype *e)
{
	return e->end;
}

RB_DECLARE_CALLBACKS_MAX(static, memtype_augment, struct memtype, rb, u64,
			 subtree_max_end, memtype_end)

static struct memtype *memtype_entry(struct rb_node *n)
{
	return n ? rb_entry(n, struct memtype, rb) : NULL;
}

/* An entry with the same start goes after the ones already there. */
static void interval_insert(struct memtype *e)
{
	struct rb_node **link = &memtype_root()->rb_node, *parent = NULL;

	while (*link) {
		struct memtype *p = memtype_entry(*link);

		parent = *link;
		if (p->subtree_max_end < e->end)
			p->subtree_max_end = e->end;
		if (e->start < p->start)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	e->subtree_max_end = e->end;
	rb_link_node(&e->rb, parent, link);
	rb_insert_augmented(&e->rb, memtype_root(), &memtype_augment);
}

static void interval_remove(struct memtype *e)
{
	rb_erase_augmented(&e->rb, memtype_root(), &memtype_augment);
}

/*
 * The leftmost entry of the subtree at @e that overlaps [first, last]
 * (inclusive); the caller knows the subtree reaches past @first.
 */
static struct memtype *subtree_first(struct memtype *e, u64 first, u64 last)
{
	for (;;) {
		struct memtype *left = memtype_entry(e->rb.rb_left);

		if (left && left->subtree_max_end > first) {
			e = left;
			continue;
		}
		if (e->start > last)
			return NULL;
		if (e->end > first)
			return e;
		e = memtype_entry(e->rb.rb_right);
		if (!e || e->subtree_max_end <= first)
			return NULL;
	}
}

/* interval_iter_first(): the first entry (by start) overlapping [first, last]. */
static struct memtype *interval_iter_first(u64 first, u64 last)
{
	struct memtype *top = memtype_entry(memtype_root()->rb_node);

	if (!top || top->subtree_max_end <= first)
		return NULL;
	return subtree_first(top, first, last);
}

/* interval_iter_next(): the next entry after @e overlapping [first, last]. */
static struct memtype *interval_iter_next(struct memtype *e, u64 first,
					  u64 last)
{
	struct rb_node *node = &e->rb, *parent;
	struct memtype *right;

	for (;;) {
		right = memtype_entry(node->rb_right);
		if (right && right->subtree_max_end > first)
			return subtree_first(right, first, last);
		/* Climb until we arrive from a left child: that parent is next. */
		do {
			parent = rb_parent(node);
			if (!parent)
				return NULL;
			right = memtype_entry(parent->rb_right);
			e = memtype_entry(node);
			node = parent;
		} while (right && &right->rb == &e->rb);
		e = memtype_entry(node);
		if (e->start > last)
			return NULL;
		if (e->end > first)
			return e;
	}
}

static struct memtype *memtype_alloc(u64 start, u64 end,
				     enum page_cache_mode type)
{
	struct memtype *e;
	void *shadow = kzalloc(MEMTYPE_SHADOW_SIZE, GFP_KERNEL);

	if (!shadow)
		return NULL;
	e = calloc(1, sizeof(*e));
	if (!e) {
		kfree(shadow);
		return NULL;
	}
	e->start = start;
	e->end = end;
	e->type = type;
	e->shadow = shadow;
	return e;
}

static void memtype_free_entry(struct memtype *e)
{
	kfree(e->shadow);
	free(e);
}

/* --- the rules -------------------------------------------------------------- */

bool is_untracked_pat_range(u64 start, u64 end)
{
	return start >= ISA_START_ADDRESS && end <= ISA_END_ADDRESS;
}

/*
 * The variable MTRRs as QEMU's firmware (SeaBIOS) programs them: default
 * write-back, the 32-bit PCI hole [3 GiB, 4 GiB) uncached.
 */
static bool mtrr_range_is_wb(u64 start, u64 end)
{
	return end <= PCI_HOLE_START || start >= SZ_4G;
}

/* pat_x_mtrr_type(): a write-back request where the MTRRs are not is UC-. */
static enum page_cache_mode pat_x_mtrr_type(u64 start, u64 end,
					    enum page_cache_mode req)
{
	if (req == _PAGE_CACHE_MODE_WB && !mtrr_range_is_wb(start, end))
		return _PAGE_CACHE_MODE_UC_MINUS;
	return req;
}

/*
 * As Linux, the first megabyte counts as not RAM whatever e820 says, so
 * that /dev/mem may map it with any type.
 */
int pat_pagerange_is_ram(u64 start, u64 end)
{
	struct resource *iomem = &current_machine()->iomem_resource;

	if (start < ISA_END_ADDRESS)
		start = ISA_END_ADDRESS;
	if (start >= end)
		return 0;
	if (region_is_ram(iomem, start, end - start))
		return 1;
	return region_intersects_ram(iomem, start, end - start) ? -1 : 0;
}

bool is_new_memtype_allowed(u64 paddr, unsigned long size,
			    enum page_cache_mode req, enum page_cache_mode got)
{
	if (is_untracked_pat_range(paddr, paddr + size))
		return true;	/* always write-back: nothing to check */
	/* Uncached, WC or WT asked must not become write-back; WT not WC. */
	if (got == _PAGE_CACHE_MODE_WB &&
	    (req == _PAGE_CACHE_MODE_UC_MINUS || req == _PAGE_CACHE_MODE_WC ||
	     req == _PAGE_CACHE_MODE_WT))
		return false;
	return !(req == _PAGE_CACHE_MODE_WT && got == _PAGE_CACHE_MODE_WC);
}

/*
 * memtype_check_conflict(): the entries overlapping [start, end) must all
 * have one type.  With @newtype, the request takes it (*@newtype);
 * without, it must be the type asked.
 */
static int memtype_check_conflict(u64 start, u64 end,
				  enum page_cache_mode reqtype,
				  enum page_cache_mode *newtype)
{
	struct memtype *e = interval_iter_first(start, end - 1);
	enum page_cache_mode found = reqtype;
	struct task_struct *t = get_current();

	if (e) {
		if (e->type != found && !newtype)
			goto failure;
		found = e->type;
		for (e = interval_iter_next(e, start, end - 1); e;
		     e = interval_iter_next(e, start, end - 1))
			if (e->type != found)
				goto failure;
	}
	if (newtype)
		*newtype = found;
	return 0;

failure:
	pr_info("x86/PAT: %s:%d conflicting memory types %llx-%llx %s<->%s\n",
		t ? t->comm : "swapper", t ? t->pid : 0,
		(unsigned long long)start, (unsigned long long)end,
		cattr_name(found), cattr_name(e->type));
	return -EBUSY;
}

/*
 * A RAM page's memory type in its flags, Linux's encoding (_PGMT_*):
 * none write-back, PG_arch_1 WC, PG_uncached UC-, both WT.
 */
#define _PGMT_WB		0UL
#define _PGMT_WC		(1UL << PG_arch_1)
#define _PGMT_UC_MINUS		(1UL << PG_uncached)
#define _PGMT_WT		((1UL << PG_uncached) | (1UL << PG_arch_1))
#define _PGMT_MASK		_PGMT_WT

static enum page_cache_mode get_page_memtype(const struct page *pg)
{
	switch (pg->flags & _PGMT_MASK) {
	case _PGMT_UC_MINUS:	return _PAGE_CACHE_MODE_UC_MINUS;
	case _PGMT_WC:		return _PAGE_CACHE_MODE_WC;
	case _PGMT_WT:		return _PAGE_CACHE_MODE_WT;
	default:		return _PAGE_CACHE_MODE_WB;
	}
}

static void set_page_memtype(struct page *pg, enum page_cache_mode memtype)
{
	unsigned long bits;

	switch (memtype) {
	case _PAGE_CACHE_MODE_WC:	bits = _PGMT_WC; break;
	case _PAGE_CACHE_MODE_UC_MINUS:	bits = _PGMT_UC_MINUS; break;
	case _PAGE_CACHE_MODE_WT:	bits = _PGMT_WT; break;
	default:			bits = _PGMT_WB; break;
	}
	pg->flags = (pg->flags & ~_PGMT_MASK) | bits;
}

/*
 * reserve_ram_pages_type(): every page of the RAM range [start, end) must
 * be write-back (else -EBUSY, and *@new_type gets the type found); then
 * each takes @req in its flags.  Strong UC is not supported for RAM: it
 * becomes UC- (with Linux's WARN), write-protect is refused.
 */
static int reserve_ram_pages_type(u64 start, u64 end,
				  enum page_cache_mode req,
				  enum page_cache_mode *new_type)
{
	enum page_cache_mode type;
	unsigned long pfn;

	if (req == _PAGE_CACHE_MODE_WP) {
		if (new_type)
			*new_type = _PAGE_CACHE_MODE_UC_MINUS;
		return -EINVAL;
	}
	if (req == _PAGE_CACHE_MODE_UC) {
		WARN_ON(1);	/* we do not support strong UC for RAM */
		req = _PAGE_CACHE_MODE_UC_MINUS;
	}
	for (pfn = PFN_DOWN(start); pfn < PFN_UP(end); pfn++) {
		if (!pfn_valid(pfn))
			continue;	/* RAM above mem=: no struct page */
		type = get_page_memtype(pfn_to_page(pfn));
		if (type != _PAGE_CACHE_MODE_WB) {
			pr_info("x86/PAT: reserve_ram_pages_type failed [mem %#010llx-%#010llx], track 0x%x, req 0x%x\n",
				(unsigned long long)start,
				(unsigned long long)end - 1, type, req);
			if (new_type)
				*new_type = type;
			return -EBUSY;
		}
	}
	if (new_type)
		*new_type = req;
	for (pfn = PFN_DOWN(start); pfn < PFN_UP(end); pfn++)
		if (pfn_valid(pfn))
			set_page_memtype(pfn_to_page(pfn), req);
	return 0;
}

/* free_ram_pages_type(): the RAM range is write-back again. */
static void free_ram_pages_type(u64 start, u64 end)
{
	unsigned long pfn;

	for (pfn = PFN_DOWN(start); pfn < PFN_UP(end); pfn++)
		if (pfn_valid(pfn))
			set_page_memtype(pfn_to_page(pfn), _PAGE_CACHE_MODE_WB);
}

/**
 * memtype_reserve() - reserve [@start, @end) with @req_type.  *@new_type
 * (if not NULL) gets the type the range must be mapped with: the one of
 * the entries it overlaps, write-back for the ISA window, UC- for a
 * write-back request where the MTRRs say uncached.  Without @new_type the
 * request must match what is there.
 * Return: 0; -EINVAL for an empty range or one mixing RAM and not RAM;
 * -EBUSY for overlapping entries of different types (logged); -ENOMEM.
 */
int memtype_reserve(u64 start, u64 end, enum page_cache_mode req_type,
		    enum page_cache_mode *new_type)
{
	enum page_cache_mode actual;
	struct memtype *e;
	int ram, err;

	if (start >= end) {
		pr_warn("memtype_reserve failed: [mem %#010llx-%#010llx], req %s\n",
			(unsigned long long)start, (unsigned long long)end - 1,
			cattr_name(req_type));
		return -EINVAL;
	}
	if (is_untracked_pat_range(start, end)) {
		if (new_type)
			*new_type = _PAGE_CACHE_MODE_WB;
		return 0;
	}
	actual = pat_x_mtrr_type(start, end, req_type);
	if (new_type)
		*new_type = actual;
	ram = pat_pagerange_is_ram(start, end);
	if (ram == 1)
		return reserve_ram_pages_type(start, end, req_type, new_type);
	if (ram < 0)
		return -EINVAL;
	e = memtype_alloc(start, end, actual);
	if (!e)
		return -ENOMEM;
	err = memtype_check_conflict(start, end, actual, new_type);
	if (err) {
		pr_info("x86/PAT: memtype_reserve failed [mem %#010llx-%#010llx], track %s, req %s\n",
			(unsigned long long)start, (unsigned long long)end - 1,
			cattr_name(e->type), cattr_name(req_type));
		memtype_free_entry(e);
		return err;
	}
	if (new_type)
		e->type = *new_type;
	interval_insert(e);
	return 0;
}

enum memtype_match { MEMTYPE_EXACT_MATCH, MEMTYPE_END_MATCH };

static struct memtype *memtype_match(u64 start, u64 end,
				     enum memtype_match how)
{
	struct memtype *e;

	for (e = interval_iter_first(start, end - 1); e;
	     e = interval_iter_next(e, start, end - 1)) {
		if (how == MEMTYPE_EXACT_MATCH && e->start == start &&
		    e->end == end)
			return e;
		if (how == MEMTYPE_END_MATCH && e->start < start &&
		    e->end == end)
			return e;
	}
	return NULL;
}

/*
 * memtype_erase(): the entry [start, end) comes out whole (munmap); else
 * one ending at @end and starting before @start is cut back to @start
 * (mremap shrinking a mapping).  Return: the entry taken out, NULL when
 * one was shortened, ERR_PTR(-EINVAL) when none matches.
 */
static struct memtype *memtype_erase(u64 start, u64 end)
{
	struct memtype *e = memtype_match(start, end, MEMTYPE_EXACT_MATCH);

	if (!e) {
		e = memtype_match(start, end, MEMTYPE_END_MATCH);
		if (!e)
			return ERR_PTR(-EINVAL);
	}
	interval_remove(e);
	if (e->start == start)
		return e;
	e->end = start;
	interval_insert(e);
	return NULL;
}

/**
 * memtype_free() - give back a reservation of memtype_reserve().  A range
 * nobody reserved is logged ("freeing invalid memtype") as Linux does.
 * Return: 0, or -EINVAL (a mixed RAM range, or no such entry).
 */
int memtype_free(u64 start, u64 end)
{
	struct task_struct *t = get_current();
	struct memtype *e;
	int ram;

	if (is_untracked_pat_range(start, end))
		return 0;
	ram = pat_pagerange_is_ram(start, end);
	if (ram == 1) {
		free_ram_pages_type(start, end);
		return 0;
	}
	if (ram < 0)
		return -EINVAL;
	e = memtype_erase(start, end);
	if (IS_ERR(e)) {
		pr_info("x86/PAT: %s:%d freeing invalid memtype [mem %#010llx-%#010llx]\n",
			t ? t->comm : "swapper", t ? t->pid : 0,
			(unsigned long long)start, (unsigned long long)end - 1);
		return -EINVAL;
	}
	if (e)
		memtype_free_entry(e);
	return 0;
}

/**
 * lookup_memtype() - the memtype of the page at @paddr: write-back in the
 * ISA window, a RAM page's type from its flags (set_memory_uc/wc()), the
 * type of the first entry covering it, else uncached-minus (what a range
 * nobody reserved is mapped with).
 */
enum page_cache_mode lookup_memtype(u64 paddr)
{
	struct memtype *e;

	if (is_untracked_pat_range(paddr, paddr + PAGE_SIZE))
		return _PAGE_CACHE_MODE_WB;
	if (pat_pagerange_is_ram(paddr, paddr + PAGE_SIZE) == 1)
		return pfn_valid(PFN_DOWN(paddr)) ?
		       get_page_memtype(pfn_to_page(PFN_DOWN(paddr))) :
		       _PAGE_CACHE_MODE_WB;
	e = interval_iter_first(paddr, paddr + PAGE_SIZE - 1);
	return e ? e->type : _PAGE_CACHE_MODE_UC_MINUS;
}

/**
 * memtype_kernel_map_sync() - a range mapped elsewhere with @pcm that the
 * direct map maps too (System RAM the memtype code does not track as
 * RAM: the first megabyte's) gets @pcm in the direct map as well, up to
 * the end of the direct map.  Other ranges (MMIO, holes) are left alone.
 * Return: 0, or -EINVAL when the change failed (logged).
 */
int memtype_kernel_map_sync(u64 base, unsigned long size,
			    enum page_cache_mode pcm)
{
	struct mml_machine *m = current_machine();
	u64 top = __pa(m->high_memory - 1);
	struct task_struct *t = get_current();
	unsigned long id_sz;

	if (base > top)
		return 0;
	/* the direct map has holes, the PCI space among them */
	if (!page_is_ram(PFN_DOWN(base)))
		return 0;
	id_sz = top <= base + size ? top + 1 - base : size;
	if (ioremap_change_attr(__va(base), id_sz, pcm) < 0) {
		pr_info("x86/PAT: %s:%d ioremap_change_attr failed %s for [mem %#010llx-%#010llx]\n",
			t ? t->comm : "swapper", t ? t->pid : 0, cattr_name(pcm),
			(unsigned long long)base,
			(unsigned long long)(base + size - 1));
		return -EINVAL;
	}
	return 0;
}

unsigned long memtype_count(void)
{
	unsigned long n = 0;
	struct rb_node *node;

	for (node = rb_first(memtype_root()); node; node = rb_next(node))
		n++;
	return n;
}

/**
 * pat_memtype_list_show() - /sys/kernel/debug/x86/pat_memtype_list, as
 * Linux's memtype_seq_show(): a title, then each entry in order of its
 * start, [start, end) with end exclusive.
 */
void pat_memtype_list_show(struct seq_buf *s)
{
	struct rb_node *node;

	seq_puts(s, "PAT memtype list:\n");
	for (node = rb_first(memtype_root()); node; node = rb_next(node)) {
		struct memtype *e = memtype_entry(node);

		seq_printf(s, "PAT: [mem 0x%016llx-0x%016llx] %s\n",
			   (unsigned long long)e->start,
			   (unsigned long long)e->end, cattr_name(e->type));
	}
}

/* memtype_exit(): the machine shuts down; free what is left. */
void memtype_exit(void)
{
	struct rb_node *node;

	while ((node = rb_first(memtype_root()))) {
		struct memtype *e = memtype_entry(node);

		interval_remove(e);
		memtype_free_entry(e);
	}
}

/* --- audit ---------------------------------------------------------------- */

/* The subtree maximum at @node, recomputed; -1 on a bad order or value. */
static int audit_subtree(struct rb_node *node, u64 *max, char *msg, size_t n)
{
	struct memtype *e = memtype_entry(node), *l, *r;
	u64 lmax = 0, rmax = 0;

	if (!e)
		return 0;
	l = memtype_entry(node->rb_left);
	r = memtype_entry(node->rb_right);
	if (e->start >= e->end) {
		snprintf(msg, n, "memtype: bad entry [%#llx-%#llx)",
			 (unsigned long long)e->start, (unsigned long long)e->end);
		return -EUCLEAN;
	}
	if ((l && l->start > e->start) || (r && r->start < e->start)) {
		snprintf(msg, n, "memtype: entry %#llx out of order",
			 (unsigned long long)e->start);
		return -EUCLEAN;
	}
	if (audit_subtree(node->rb_left, &lmax, msg, n) ||
	    audit_subtree(node->rb_right, &rmax, msg, n))
		return -EUCLEAN;
	*max = max(e->end, max(lmax, rmax));
	if (e->subtree_max_end != *max) {
		snprintf(msg, n, "memtype: entry %#llx subtree end %#llx, should be %#llx",
			 (unsigned long long)e->start,
			 (unsigned long long)e->subtree_max_end,
			 (unsigned long long)*max);
		return -EUCLEAN;
	}
	return 0;
}

/*
 * Linux never lets two overlapping entries differ: a reservation takes
 * the type of what it overlaps, or fails.  Also no entry is System RAM
 * or in the ISA window.
 */
static int audit_overlaps(char *msg, size_t n)
{
	struct rb_node *node;

	for (node = rb_first(memtype_root()); node; node = rb_next(node)) {
		struct memtype *e = memtype_entry(node), *o;

		if (is_untracked_pat_range(e->start, e->end) ||
		    pat_pagerange_is_ram(e->start, e->end)) {
			snprintf(msg, n, "memtype: [%#llx-%#llx) is RAM or ISA",
				 (unsigned long long)e->start,
				 (unsigned long long)e->end);
			return -EUCLEAN;
		}
		for (o = interval_iter_first(e->start, e->end - 1); o;
		     o = interval_iter_next(o, e->start, e->end - 1)) {
			if (o->type == e->type)
				continue;
			snprintf(msg, n, "memtype: [%#llx-%#llx) %s overlaps [%#llx-%#llx) %s",
				 (unsigned long long)e->start,
				 (unsigned long long)e->end, cattr_name(e->type),
				 (unsigned long long)o->start,
				 (unsigned long long)o->end, cattr_name(o->type));
			return -EUCLEAN;
		}
	}
	return 0;
}

/* Is [start, end) reserved by an entry of exactly that range? */
static bool memtype_has_exact(u64 start, u64 end)
{
	return memtype_match(start, end, MEMTYPE_EXACT_MATCH);
}

/*
 * Every VMA that holds a PFN-map tracking (a whole-VMA remap_pfn_range())
 * has the range it tracks in the tree, unless the range is RAM or ISA.
 */
static int audit_tracked_vmas(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	struct vm_area_struct *vma;
	struct task_struct *t;

	if (!m->tasks.next)
		return 0;
	list_for_each_entry(t, &m->tasks, tasks) {
		if (!t->mm)
			continue;
		for (vma = t->mm->mmap; vma; vma = vma->vm_next) {
			struct pfnmap_track_ctx *ctx = vma->pfnmap_track_ctx;
			u64 start, end;

			if (!ctx)
				continue;
			start = PFN_PHYS(ctx->pfn);
			end = start + ctx->size;
			if (ctx->refs < 1) {
				snprintf(msg, n, "memtype: VMA %#lx-%#lx holds a dead tracking",
					 vma->vm_start, vma->vm_end);
				return -EUCLEAN;
			}
			if (is_untracked_pat_range(start, end) ||
			    pat_pagerange_is_ram(start, end))
				continue;
			if (memtype_has_exact(start, end))
				continue;
			snprintf(msg, n, "memtype: VMA %#lx-%#lx tracks [%#llx-%#llx), not in the tree",
				 vma->vm_start, vma->vm_end,
				 (unsigned long long)start, (unsigned long long)end);
			return -EUCLEAN;
		}
	}
	return 0;
}

/*
 * A RAM page whose flags hold a type (set_memory_uc/wc()) is mapped with
 * that type in the direct map: the two change together, or the
 * reservation was taken back.
 */
static int audit_ram_types(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	enum page_cache_mode type, mapped;
	enum pg_level level;
	unsigned long pfn;
	pte_t *leaf;
	u64 prot;

	for (pfn = 0; pfn < m->max_pfn; pfn++) {
		if (!pfn_valid(pfn))
			continue;
		type = get_page_memtype(pfn_to_page(pfn));
		if (type == _PAGE_CACHE_MODE_WB)
			continue;
		leaf = lookup_kernel_leaf(__va(PFN_PHYS(pfn)), &level);
		if (!leaf)
			continue;	/* the page-table audit reports it */
		prot = pte_val(*leaf);
		if (level != PG_LEVEL_4K && (prot & _PAGE_PAT_LARGE))
			prot = (prot & ~_PAGE_PSE) | _PAGE_PAT;
		else if (level != PG_LEVEL_4K)
			prot &= ~_PAGE_PSE;
		mapped = pgprot2cachemode(prot);
		if (mapped != type) {
			snprintf(msg, n, "memtype: pfn %#lx is %s in its flags, %s in the direct map",
				 pfn, cattr_name(type), cattr_name(mapped));
			return -EUCLEAN;
		}
	}
	return 0;
}

/**
 * memtype_audit() - the tree is ordered with right subtree maxima, no two
 * overlapping entries differ in type, every tracked VMA's range is there,
 * and RAM with a type in its flags is mapped so in the direct map.
 * Return: 0, or -EUCLEAN with @msg filled.
 */
int memtype_audit(char *msg, size_t n)
{
	u64 max = 0;
	int err = audit_subtree(memtype_root()->rb_node, &max, msg, n);

	if (!err)
		err = audit_overlaps(msg, n);
	if (!err)
		err = audit_tracked_vmas(msg, n);
	if (!err)
		err = audit_ram_types(msg, n);
	return err;
}
