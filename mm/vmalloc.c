// SPDX-License-Identifier: MIT
/*
 * vmalloc and the vmap area allocator (Linux's mm/vmalloc.c).
 *
 * The vmalloc area [VMALLOC_START, VMALLOC_END] is split into busy areas
 * and free blocks, each a struct vmap_area.  Busy areas sit in an rbtree
 * by address (find the area of an address); free blocks in a second
 * rbtree by address, augmented with the largest free size in each subtree,
 * so the lowest block that fits is found in O(log n) without scanning, and
 * freed ranges merge with their free neighbours.  Together the two trees
 * tile the whole area, which vmalloc_audit() checks.
 *
 * vmalloc() takes an area (plus a guard page), order-0 frames from the
 * buddy allocator and maps them with PAGE_KERNEL through init_mm's page
 * tables; vfree() unmaps, flushes the TLB, and only then frees the frames.
 * Kernel page-table pages are never freed, as in Linux.
 *
 * Differences from Linux, on purpose: areas are freed at once (no lazy
 * purge, so vmallocinfo never shows "unpurged vm_area"); the metadata
 * (vmap_area, vm_struct, the page array) is host memory, but the points
 * where Linux allocates it from slab honour FAIL_SLAB fault injection.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/gfp.h>
#include <linux/rbtree_augmented.h>
#include <linux/seq_buf.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

/* x86-64 (arch/x86/include/asm/page_types.h): ioremap aligns up to 1 GiB. */
#define IOREMAP_MAX_ORDER	PUD_SHIFT

struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;		/* exclusive */
	struct rb_node rb_node;
	union {
		unsigned long subtree_max_size;	/* in the free tree */
		struct vm_struct *vm;		/* in the busy tree */
	};
};

struct vmap_state {
	struct rb_root busy_root;	/* Linux: vmap_area_root */
	struct rb_root free_root;	/* Linux: free_vmap_area_root */
	unsigned long nr_busy;
	unsigned long nr_free;
	unsigned long nr_vmalloc_pages;	/* Linux: nr_vmalloc_pages */
};

static inline unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

RB_DECLARE_CALLBACKS_MAX(static, free_vmap_area_rb_augment_cb,
			 struct vmap_area, rb_node, unsigned long,
			 subtree_max_size, va_size)

static inline struct vmap_area *to_va(const struct rb_node *n)
{
	return rb_entry_safe((struct rb_node *)n, struct vmap_area, rb_node);
}

static inline unsigned long get_subtree_max_size(const struct rb_node *n)
{
	return n ? to_va(n)->subtree_max_size : 0;
}

/* Linux allocates these from slab: keep the failure points it has. */
static void *vmap_meta_alloc(size_t size)
{
	if (should_fail(FAIL_SLAB))
		return NULL;
	return calloc(1, size);
}

/* --- the busy tree ----------------------------------------------------- */

static void insert_busy(struct vmap_state *vs, struct vmap_area *va)
{
	struct rb_node **link = &vs->busy_root.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = va->va_start < to_va(parent)->va_start ?
			&parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&va->rb_node, parent, link);
	rb_insert_color(&va->rb_node, &vs->busy_root);
	vs->nr_busy++;
}

/* The busy area containing @addr, or NULL (Linux's __find_vmap_area()). */
static struct vmap_area *find_busy(struct vmap_state *vs, unsigned long addr)
{
	struct rb_node *n = vs->busy_root.rb_node;

	while (n) {
		struct vmap_area *va = to_va(n);

		if (addr < va->va_start)
			n = n->rb_left;
		else if (addr >= va->va_end)
			n = n->rb_right;
		else
			return va;
	}
	return NULL;
}

/* --- the free tree ----------------------------------------------------- */

static void insert_free(struct vmap_state *vs, struct vmap_area *va)
{
	struct rb_node **link = &vs->free_root.rb_node, *parent = NULL;
	unsigned long size = va_size(va);

	/* rb_insert_augmented(): the path must already include @va's size */
	while (*link) {
		struct vmap_area *p;

		parent = *link;
		p = to_va(parent);
		if (p->subtree_max_size < size)
			p->subtree_max_size = size;
		link = va->va_start < p->va_start ?
			&parent->rb_left : &parent->rb_right;
	}
	va->subtree_max_size = size;
	rb_link_node(&va->rb_node, parent, link);
	rb_insert_augmented(&va->rb_node, &vs->free_root,
			    &free_vmap_area_rb_augment_cb);
	vs->nr_free++;
}

static void erase_free(struct vmap_state *vs, struct vmap_area *va)
{
	rb_erase_augmented(&va->rb_node, &vs->free_root,
			   &free_vmap_area_rb_augment_cb);
	vs->nr_free--;
	free(va);
}

/* @va's own size changed: fix the subtree maxima above it. */
static void free_va_resized(struct vmap_area *va)
{
	free_vmap_area_rb_augment_cb.propagate(&va->rb_node, NULL);
}

/*
 * The lowest free block that can hold @size bytes aligned to @align.
 * Left subtrees first: a subtree whose maximum is too small is skipped
 * whole.  With a large alignment the search asks for size + align - 1 so
 * that any block found surely fits.
 */
static struct vmap_area *find_vmap_lowest_match(struct vmap_state *vs,
						 unsigned long size,
						 unsigned long align)
{
	unsigned long length = align > PAGE_SIZE ? size + align - 1 : size;
	struct rb_node *n = vs->free_root.rb_node;

	if (length < size || get_subtree_max_size(n) < length)
		return NULL;
	while (n) {
		if (get_subtree_max_size(n->rb_left) >= length)
			n = n->rb_left;
		else if (va_size(to_va(n)) >= length)
			return to_va(n);
		else
			n = n->rb_right;
	}
	return NULL;
}

/*
 * Take [start, start + size) out of free block @fva.  A cut in the middle
 * leaves two blocks and uses @spare for the lower one.
 */
static void clip_free_block(struct vmap_state *vs, struct vmap_area *fva,
			    unsigned long start, unsigned long size,
			    struct vmap_area *spare)
{
	unsigned long end = start + size;

	if (fva->va_start == start && fva->va_end == end) {
		erase_free(vs, fva);
	} else if (fva->va_start == start) {
		fva->va_start = end;
		free_va_resized(fva);
	} else if (fva->va_end == end) {
		fva->va_end = start;
		free_va_resized(fva);
	} else {
		spare->va_start = fva->va_start;
		spare->va_end = start;
		fva->va_start = end;
		free_va_resized(fva);
		insert_free(vs, spare);
	}
}

/*
 * Give the range of @va back to the free tree, merging it with the free
 * blocks just below and above.  @va is reused or freed.
 */
static void free_vmap_range(struct vmap_state *vs, struct vmap_area *va)
{
	struct vmap_area *prev = NULL, *next = NULL;
	struct rb_node *n = vs->free_root.rb_node;

	while (n) {
		if (to_va(n)->va_start < va->va_start) {
			prev = to_va(n);
			n = n->rb_right;
		} else {
			next = to_va(n);
			n = n->rb_left;
		}
	}
	if (prev && prev->va_end != va->va_start)
		prev = NULL;
	if (next && next->va_start != va->va_end)
		next = NULL;
	if (next) {
		next->va_start = prev ? prev->va_start : va->va_start;
		if (prev)
			erase_free(vs, prev);
		free_va_resized(next);
		free(va);
	} else if (prev) {
		prev->va_end = va->va_end;
		free_va_resized(prev);
		free(va);
	} else {
		insert_free(vs, va);
	}
}

/*
 * alloc_vmap_area() - reserve @size bytes (guard included) aligned to
 * @align at the lowest free address, for @vm.  Return: the busy area, or
 * NULL (no metadata memory, or no free block large enough).
 */
static struct vmap_area *alloc_vmap_area(unsigned long size,
					 unsigned long align,
					 struct vm_struct *vm)
{
	struct mml_machine *m = current_machine();
	struct vmap_state *vs = m->vmap;
	struct vmap_area *va, *fva, *spare = NULL;
	unsigned long start;

	va = vmap_meta_alloc(sizeof(*va));
	if (!va)
		return NULL;
	fva = find_vmap_lowest_match(vs, size, align);
	if (!fva) {
		pr_warn("vmap allocation for size %lu failed: use vmalloc=<size> to increase size\n",
			size);
		goto out_free_va;
	}
	start = ALIGN(fva->va_start, align);
	if (start != fva->va_start && start + size != fva->va_end) {
		spare = vmap_meta_alloc(sizeof(*spare));
		if (!spare)
			goto out_free_va;
	}
	clip_free_block(vs, fva, start, size, spare);
	va->va_start = start;
	va->va_end = start + size;
	va->vm = vm;
	insert_busy(vs, va);
	return va;

out_free_va:
	free(va);
	return NULL;
}

/* --- page tables ------------------------------------------------------- */

/* Where the frames come from: an array of pages, or a contiguous range. */
struct vmap_source {
	struct page **pages;
	unsigned long pfn;
	unsigned long idx;	/* pages mapped so far */
};

static unsigned long vmap_source_next(struct vmap_source *src)
{
	unsigned long i = src->idx++;

	return src->pages ? page_to_pfn(src->pages[i]) : src->pfn + i;
}

/* The end of the @size-aligned block holding @addr, or @end if sooner. */
static inline unsigned long range_end(unsigned long addr, unsigned long end,
				      unsigned long size)
{
	unsigned long boundary = (addr + size) & ~(size - 1);

	return boundary - 1 < end - 1 ? boundary : end;
}

static int vmap_pte_range(pmd_t *pmd, unsigned long addr, unsigned long end,
			  struct vmap_source *src, pgprot_t prot)
{
	pte_t *pte = pte_alloc_kernel(pmd, addr);

	if (!pte)
		return -ENOMEM;
	do {
		if (!pte_none(ptep_get(pte))) {
			pr_err("vmap: 0x%016lx is already mapped\n", addr);
			return -EBUSY;
		}
		set_pte(pte, pfn_pte(vmap_source_next(src), prot));
	} while (pte++, addr += PAGE_SIZE, addr != end);
	return 0;
}

static int vmap_pmd_range(pud_t *pud, unsigned long addr, unsigned long end,
			  struct vmap_source *src, pgprot_t prot)
{
	struct mml_machine *m = current_machine();
	pmd_t *pmd = pmd_alloc(&m->init_mm, pud, addr);
	unsigned long next;
	int err;

	if (!pmd)
		return -ENOMEM;
	do {
		next = range_end(addr, end, PMD_SIZE);
		if (pmd_leaf(*pmd))
			return -EBUSY;
		err = vmap_pte_range(pmd, addr, next, src, prot);
		if (err)
			return err;
	} while (pmd++, addr = next, addr != end);
	return 0;
}

static int vmap_pud_range(p4d_t *p4d, unsigned long addr, unsigned long end,
			  struct vmap_source *src, pgprot_t prot)
{
	struct mml_machine *m = current_machine();
	pud_t *pud = pud_alloc(&m->init_mm, p4d, addr);
	unsigned long next;
	int err;

	if (!pud)
		return -ENOMEM;
	do {
		next = range_end(addr, end, PUD_SIZE);
		if (pud_leaf(*pud))
			return -EBUSY;
		err = vmap_pmd_range(pud, addr, next, src, prot);
		if (err)
			return err;
	} while (pud++, addr = next, addr != end);
	return 0;
}

/*
 * Map [@addr, @end) from @src.  On failure the part already mapped is
 * unmapped again (tables stay), so the range is left as it was.
 */
static int vmap_range(unsigned long addr, unsigned long end,
		      struct vmap_source *src, pgprot_t prot)
{
	unsigned long start = addr, next;
	int err = 0;

	do {
		pgd_t *pgd = pgd_offset_k(addr);

		next = range_end(addr, end, PGDIR_SIZE);
		err = vmap_pud_range(p4d_offset(pgd, addr), addr, next, src,
				     prot);
	} while (!err && (addr = next, addr != end));
	if (err && src->idx)
		vunmap_range(start, start + src->idx * PAGE_SIZE);
	return err;
}

/**
 * vmap_page_range() - map [@addr, @end) to the physical range at @phys
 * with @prot, building page tables as needed (ioremap's path).
 * Return: 0, -EINVAL (unaligned), -ENOMEM or -EBUSY (already mapped);
 * on failure nothing of the range is left mapped.
 */
int vmap_page_range(unsigned long addr, unsigned long end, phys_addr_t phys,
		    pgprot_t prot)
{
	struct vmap_source src = { .pfn = PHYS_PFN(phys) };

	if (addr >= end || !IS_ALIGNED(addr | end | phys, PAGE_SIZE))
		return -EINVAL;
	return vmap_range(addr, end, &src, prot);
}

static void vunmap_pte_range(pmd_t *pmd, unsigned long addr, unsigned long end)
{
	pte_t *pte = pte_offset_kernel(pmd, addr);

	do {
		pte_clear(pte);
	} while (pte++, addr += PAGE_SIZE, addr != end);
}

static void vunmap_pmd_range(pud_t *pud, unsigned long addr, unsigned long end)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;

	do {
		next = range_end(addr, end, PMD_SIZE);
		if (pmd_none(*pmd))
			continue;
		if (pmd_leaf(*pmd))
			pmd_clear(pmd);
		else
			vunmap_pte_range(pmd, addr, next);
	} while (pmd++, addr = next, addr != end);
}

static void vunmap_pud_range(p4d_t *p4d, unsigned long addr, unsigned long end)
{
	pud_t *pud = pud_offset(p4d, addr);
	unsigned long next;

	do {
		next = range_end(addr, end, PUD_SIZE);
		if (pud_none(*pud))
			continue;
		if (pud_leaf(*pud))
			set_pud(pud, __pud(0));
		else
			vunmap_pmd_range(pud, addr, next);
	} while (pud++, addr = next, addr != end);
}

/**
 * vunmap_range() - clear the kernel PTEs of [@addr, @end) and flush them
 * from the TLB.  Page-table pages stay.
 */
void vunmap_range(unsigned long addr, unsigned long end)
{
	unsigned long start = addr, next;

	if (addr >= end)
		return;
	do {
		p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);

		next = range_end(addr, end, PGDIR_SIZE);
		if (!p4d_none(*p4d))
			vunmap_pud_range(p4d, addr, next);
	} while (addr = next, addr != end);
	flush_tlb_kernel_range(start, end);
}

/*
 * The leaf entry mapping @addr in init_mm and the PFN it gives, without
 * allocating anything.  Return: true if a present leaf maps @addr.
 */
static bool vmalloc_walk(unsigned long addr, unsigned long *pfn, u64 *entry)
{
	p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);
	pud_t *pud;
	pmd_t *pmd;
	pte_t pte;

	if (!p4d_present(*p4d))
		return false;
	pud = pud_offset(p4d, addr);
	if (!pud_present(*pud))
		return false;
	if (pud_leaf(*pud)) {
		*entry = pud_val(*pud);
		*pfn = pud_pfn(*pud) + ((addr & ~PUD_MASK) >> PAGE_SHIFT);
		return true;
	}
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(*pmd))
		return false;
	if (pmd_leaf(*pmd)) {
		*entry = pmd_val(*pmd);
		*pfn = pmd_pfn(*pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT);
		return true;
	}
	pte = ptep_get(pte_offset_kernel(pmd, addr));
	*entry = pte_val(pte);
	*pfn = pte_pfn(pte);
	return pte_present(pte);
}

/* The first address in [addr, end) with a non-empty leaf entry, or 0. */
static unsigned long first_mapped(unsigned long addr, unsigned long end)
{
	while (addr < end && addr) {
		p4d_t *p4d = p4d_offset(pgd_offset_k(addr), addr);
		pud_t *pud;
		pmd_t *pmd;
		pte_t *pte;

		if (p4d_none(*p4d)) {
			addr = (addr | (PGDIR_SIZE - 1)) + 1;
			continue;
		}
		pud = pud_offset(p4d, addr);
		if (pud_none(*pud) || pud_leaf(*pud)) {
			if (!pud_none(*pud))
				return addr;
			/* the rest of this PUD table, without a walk each */
			do {
				addr = (addr | (PUD_SIZE - 1)) + 1;
			} while (addr && addr < end && pud_index(addr) &&
				 pud_none(*++pud));
			continue;
		}
		pmd = pmd_offset(pud, addr);
		if (pmd_none(*pmd) || pmd_leaf(*pmd)) {
			if (!pmd_none(*pmd))
				return addr;
			/* the rest of this PMD table, likewise */
			do {
				addr = (addr | (PMD_SIZE - 1)) + 1;
			} while (addr && addr < end && pmd_index(addr) &&
				 pmd_none(*++pmd));
			continue;
		}
		pte = pte_offset_kernel(pmd, addr);
		if (!pte_none(ptep_get(pte)))
			return addr;
		/* and the rest of this PTE table */
		do {
			addr += PAGE_SIZE;
		} while (addr < end && pte_index(addr) &&
			 pte_none(ptep_get(++pte)));
	}
	return 0;
}

/* --- vm areas ---------------------------------------------------------- */

static unsigned int get_count_order_long(unsigned long n)
{
	return n <= 1 ? 0 : (unsigned int)fls64(n - 1);
}

static struct vm_struct *__get_vm_area_node(unsigned long size,
					    unsigned long align,
					    unsigned long flags,
					    const char *caller)
{
	struct mml_machine *m = current_machine();
	struct vm_struct *vm;
	struct vmap_area *va;
	unsigned long total;

	size = PAGE_ALIGN(size);
	if (!size || !m->vmap)
		return NULL;
	if (flags & VM_IOREMAP)
		align = 1UL << clamp(get_count_order_long(size),
				     (unsigned int)PAGE_SHIFT,
				     (unsigned int)IOREMAP_MAX_ORDER);
	total = size + (flags & VM_NO_GUARD ? 0 : PAGE_SIZE);
	if (total < size)
		return NULL;
	vm = vmap_meta_alloc(sizeof(*vm));
	if (!vm)
		return NULL;
	va = alloc_vmap_area(total, align, vm);
	if (!va) {
		free(vm);
		return NULL;
	}
	vm->addr = (void *)va->va_start;
	vm->size = total;
	vm->flags = flags;
	vm->caller = caller;
	return vm;
}

/**
 * get_vm_area_caller() - reserve a range of the vmalloc area: @size bytes
 * rounded up to pages, plus a guard page unless VM_NO_GUARD.  VM_IOREMAP
 * ranges are naturally aligned (up to 1 GiB) as in Linux.  Nothing is
 * mapped.  Return: the area, or NULL.
 */
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const char *caller)
{
	return __get_vm_area_node(size, PAGE_SIZE, flags, caller);
}

/**
 * find_vm_area() - the area that contains @addr, or NULL.
 */
struct vm_struct *find_vm_area(const void *addr)
{
	struct mml_machine *m = current_machine();
	struct vmap_area *va;

	if (!m->vmap)
		return NULL;
	va = find_busy(m->vmap, (unsigned long)addr);
	return va ? va->vm : NULL;
}

/**
 * remove_vm_area() - unmap the area starting at @addr (TLB flushed) and
 * give its range back; the caller frees the returned vm_struct (and its
 * pages).  Unlike Linux, @addr must be the start of the area.
 * Return: the area, or NULL if none starts at @addr.
 */
struct vm_struct *remove_vm_area(const void *addr)
{
	struct mml_machine *m = current_machine();
	struct vmap_area *va;
	struct vm_struct *vm;

	if (!m->vmap || !IS_ALIGNED((unsigned long)addr, PAGE_SIZE))
		return NULL;
	va = find_busy(m->vmap, (unsigned long)addr);
	if (!va || va->va_start != (unsigned long)addr)
		return NULL;
	vm = va->vm;
	vunmap_range(va->va_start, va->va_end);
	rb_erase(&va->rb_node, &m->vmap->busy_root);
	m->vmap->nr_busy--;
	free_vmap_range(m->vmap, va);
	return vm;
}

/**
 * free_vm_struct() - free a vm_struct from remove_vm_area() (and the page
 * array it holds; the pages themselves are the caller's business).
 */
void free_vm_struct(struct vm_struct *vm)
{
	if (!vm)
		return;
	free(vm->pages);
	free(vm);
}

/* --- vmalloc / vfree --------------------------------------------------- */

/* Linux's warn_alloc(): one line unless __GFP_NOWARN. */
__printf(2, 3) static void warn_alloc(gfp_t gfp, const char *fmt, ...)
{
	char msg[160], flags[160];
	va_list ap;

	if (gfp & __GFP_NOWARN)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	gfp_format(gfp, flags, sizeof(flags));
	pr_warn("mmlab: %s, mode:%#x(%s), nodemask=(null)\n", msg, gfp,
		flags);
}

/* Allocate the frames of @area one by one, then map them. */
static int vmalloc_area_populate(struct vm_struct *area, gfp_t gfp)
{
	struct mml_machine *m = current_machine();
	unsigned long nr = get_vm_area_size(area) >> PAGE_SHIFT;
	unsigned long addr = (unsigned long)area->addr;
	struct vmap_source src;
	struct page *page;
	int err;

	area->pages = vmap_meta_alloc(nr * sizeof(*area->pages));
	if (!area->pages) {
		warn_alloc(gfp, "vmalloc error: size %lu, failed to allocated page array size %lu",
			   nr * PAGE_SIZE, nr * sizeof(*area->pages));
		return -ENOMEM;
	}
	while (area->nr_pages < nr) {
		page = alloc_pages(gfp | __GFP_NOWARN, 0);
		if (!page) {
			warn_alloc(gfp, "vmalloc error: size %lu, page order 0, failed to allocate pages",
				   area->nr_pages * PAGE_SIZE);
			return -ENOMEM;
		}
		SetPageVmalloc(page);
		area->pages[area->nr_pages++] = page;
		m->vmap->nr_vmalloc_pages++;
	}
	src = (struct vmap_source){ .pages = area->pages };
	err = vmap_range(addr, addr + nr * PAGE_SIZE, &src, PAGE_KERNEL);
	if (err)
		warn_alloc(gfp, "vmalloc error: size %lu, failed to map pages",
			   area->nr_pages * PAGE_SIZE);
	return err;
}

/**
 * __vmalloc_caller() - @size bytes of virtually contiguous kernel memory
 * from order-0 frames, mapped PAGE_KERNEL, recorded as allocated by
 * @caller (shown in /proc/vmallocinfo).  @gfp applies to the frames
 * (__GFP_ZERO zeroes them).
 * Return: the kernel virtual address, or NULL (size 0, more than all RAM,
 * or out of memory; a failure leaves nothing allocated or mapped).
 */
static void *__vmalloc_flags_caller(unsigned long size, gfp_t gfp,
				    unsigned long vm_flags, const char *caller);

void *__vmalloc_caller(unsigned long size, gfp_t gfp, const char *caller)
{
	return __vmalloc_flags_caller(size, gfp, 0, caller);
}

/*
 * __vmalloc_flags_caller() - __vmalloc_caller() whose area also carries
 * @vm_flags (VM_USERMAP: vmalloc_user()).
 */
static void *__vmalloc_flags_caller(unsigned long size, gfp_t gfp,
				    unsigned long vm_flags, const char *caller)
{
	struct mml_machine *m = current_machine();
	struct vm_struct *area;
	unsigned long real_size = size;

	size = PAGE_ALIGN(size);
	if (!size || size < real_size)
		return NULL;
	if ((size >> PAGE_SHIFT) > m->totalram_pages) {
		warn_alloc(gfp, "vmalloc error: size %lu, exceeds total pages",
			   real_size);
		return NULL;
	}
	area = __get_vm_area_node(size, PAGE_SIZE, VM_ALLOC | vm_flags, caller);
	if (!area) {
		warn_alloc(gfp, "vmalloc error: size %lu, vm_struct allocation failed",
			   real_size);
		return NULL;
	}
	area->prot = PAGE_KERNEL;
	if (vmalloc_area_populate(area, gfp)) {
		vfree(area->addr);
		return NULL;
	}
	return area->addr;
}

/**
 * vmalloc_user() - zeroed vmalloc() memory that may be mapped into user
 * space with remap_vmalloc_range() (its area is VM_USERMAP, "user" in
 * /proc/vmallocinfo).  Return: the address, or NULL.
 */
void *vmalloc_user(unsigned long size)
{
	return __vmalloc_flags_caller(size, GFP_KERNEL | __GFP_ZERO, VM_USERMAP,
				      "vmalloc_user");
}

/**
 * remap_vmalloc_range_partial() - map @size bytes of the VM_USERMAP area
 * at @kaddr, from page @pgoff of it, at user address @uaddr of @vma, one
 * vm_insert_page() per page (the pages gain a reference and a mapcount);
 * the VMA becomes VM_MIXEDMAP | VM_DONTEXPAND | VM_DONTDUMP.
 * Return: 0; -EINVAL for unaligned addresses, an area that is not
 * VM_USERMAP or a range past its end; or vm_insert_page()'s error, with
 * the pages before it left mapped (the caller's mmap fails and unmaps).
 */
int remap_vmalloc_range_partial(struct vm_area_struct *vma,
				unsigned long uaddr, void *kaddr,
				unsigned long pgoff, unsigned long size)
{
	unsigned long off, end, k = (unsigned long)kaddr;
	struct vm_struct *area;
	int err;

	if (pgoff > (ULONG_MAX >> PAGE_SHIFT))
		return -EINVAL;
	off = pgoff << PAGE_SHIFT;
	size = PAGE_ALIGN(size);
	if ((uaddr & ~PAGE_MASK) || (k & ~PAGE_MASK) || !size)
		return -EINVAL;
	area = find_vm_area(kaddr);
	if (!area || !(area->flags & VM_USERMAP) ||
	    k != (unsigned long)area->addr)
		return -EINVAL;
	end = size + off;
	if (end < size || end > get_vm_area_size(area))
		return -EINVAL;
	for (k += off; size; size -= PAGE_SIZE) {
		err = vm_insert_page(vma, uaddr, vmalloc_to_page((void *)k));
		if (err)
			return err;
		uaddr += PAGE_SIZE;
		k += PAGE_SIZE;
	}
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	return 0;
}

/**
 * remap_vmalloc_range() - map the VM_USERMAP area at @addr, from page
 * @pgoff of it, over the whole of @vma (a driver's ->mmap()).
 * Return: as remap_vmalloc_range_partial().
 */
int remap_vmalloc_range(struct vm_area_struct *vma, void *addr,
			unsigned long pgoff)
{
	return remap_vmalloc_range_partial(vma, vma->vm_start, addr, pgoff,
					   vma->vm_end - vma->vm_start);
}

/** vmalloc() - __vmalloc_caller() with GFP_KERNEL. */
void *vmalloc(unsigned long size)
{
	return __vmalloc_caller(size, GFP_KERNEL, "vmalloc");
}

/** vzalloc() - vmalloc() of zeroed memory. */
void *vzalloc(unsigned long size)
{
	return __vmalloc_caller(size, GFP_KERNEL | __GFP_ZERO, "vzalloc");
}

/**
 * vfree() - free memory from vmalloc(): unmap it, flush the TLB, then
 * free the frames.  vfree(NULL) does nothing; an address that does not
 * start an area is reported and ignored, as Linux's WARN does.
 */
void vfree(const void *addr)
{
	struct mml_machine *m = current_machine();
	struct vm_struct *vm;
	unsigned int i;

	if (!addr)
		return;
	vm = remove_vm_area(addr);
	if (!vm) {
		pr_err("Trying to vfree() nonexistent vm area (0x%016lx)\n",
		       (unsigned long)addr);
		return;
	}
	for (i = 0; i < vm->nr_pages; i++) {
		ClearPageVmalloc(vm->pages[i]);
		__free_pages(vm->pages[i], 0);
	}
	if (vm->flags & VM_ALLOC)
		m->vmap->nr_vmalloc_pages -= vm->nr_pages;
	free_vm_struct(vm);
}

/** is_vmalloc_addr() - is @addr inside the vmalloc area? */
bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= VMALLOC_START && a < VMALLOC_END;
}

/**
 * vmalloc_to_pfn() - the frame that maps vmalloc (or ioremap) address
 * @addr, found by walking init_mm's page tables.  Return: the PFN, or 0
 * if nothing maps @addr.
 */
unsigned long vmalloc_to_pfn(const void *addr)
{
	unsigned long pfn;
	u64 entry;

	if (!vmalloc_walk((unsigned long)addr, &pfn, &entry))
		return 0;
	return pfn;
}

/**
 * vmalloc_to_page() - the struct page that maps @addr, or NULL if nothing
 * maps it or the frame has no struct page (device memory).
 */
struct page *vmalloc_to_page(const void *addr)
{
	unsigned long pfn;
	u64 entry;

	if (!vmalloc_walk((unsigned long)addr, &pfn, &entry) ||
	    !pfn_valid(pfn))
		return NULL;
	return pfn_to_page(pfn);
}

/* --- set-up, /proc, audit ---------------------------------------------- */

/**
 * vmalloc_init() - the vmap allocator: the whole vmalloc area free.
 * Return: 0, or -ENOMEM.
 */
int vmalloc_init(void)
{
	struct mml_machine *m = current_machine();
	struct vmap_state *vs = calloc(1, sizeof(*vs));
	struct vmap_area *va = calloc(1, sizeof(*va));

	if (!vs || !va) {
		free(vs);
		free(va);
		return -ENOMEM;
	}
	vs->busy_root = RB_ROOT;
	vs->free_root = RB_ROOT;
	va->va_start = VMALLOC_START;
	va->va_end = VMALLOC_END + 1;
	insert_free(vs, va);
	m->vmap = vs;
	return 0;
}

/**
 * vmalloc_exit() - free the allocator's memory at machine teardown.  The
 * frames of live areas are not given back: the machine is going away.
 */
void vmalloc_exit(void)
{
	struct mml_machine *m = current_machine();
	struct vmap_state *vs = m->vmap;
	struct vmap_area *va, *n;

	if (!vs)
		return;
	rbtree_postorder_for_each_entry_safe(va, n, &vs->busy_root, rb_node) {
		free_vm_struct(va->vm);
		free(va);
	}
	rbtree_postorder_for_each_entry_safe(va, n, &vs->free_root, rb_node)
		free(va);
	free(vs);
	m->vmap = NULL;
}

/** vmalloc_nr_pages() - frames backing vmalloc areas (VmallocUsed). */
unsigned long vmalloc_nr_pages(void)
{
	struct mml_machine *m = current_machine();

	return m->vmap ? m->vmap->nr_vmalloc_pages : 0;
}

static void show_vmap_area(struct seq_buf *s, const struct vm_struct *vm)
{
	unsigned long start = (unsigned long)vm->addr;

	seq_printf(s, "0x%016lx-0x%016lx %7ld", start, start + vm->size,
		   (long)vm->size);
	if (vm->caller)
		seq_printf(s, " %s", vm->caller);
	if (vm->nr_pages)
		seq_printf(s, " pages=%d", (int)vm->nr_pages);
	if (vm->phys_addr)
		seq_printf(s, " phys=0x%016llx",
			   (unsigned long long)vm->phys_addr);
	if (vm->flags & VM_IOREMAP)
		seq_puts(s, " ioremap");
	if (vm->flags & VM_ALLOC)
		seq_puts(s, " vmalloc");
	if (vm->flags & VM_MAP)
		seq_puts(s, " vmap");
	if (vm->flags & VM_USERMAP)
		seq_puts(s, " user");
	/* one node: every page is on N0 */
	if (vm->nr_pages)
		seq_printf(s, " N0=%u", vm->nr_pages);
	seq_putc(s, '\n');
}

/**
 * vmallocinfo_show() - /proc/vmallocinfo: one line per area, by address,
 * in Linux's format.
 */
void vmallocinfo_show(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();
	struct rb_node *n;

	if (!m->vmap)
		return;
	for (n = rb_first(&m->vmap->busy_root); n; n = rb_next(n))
		show_vmap_area(s, to_va(n)->vm);
}

/*
 * The audit: both trees valid red-black trees, the free tree's maxima
 * right, busy areas and free blocks tiling the vmalloc area exactly (no
 * overlap, no gap, no two free blocks side by side), every vmalloc page
 * mapped by exactly the PTE expected, nothing mapped in guard pages or
 * free space.
 */
struct vmap_audit {
	struct mml_machine *m;
	char *msg;
	size_t n;
	int err;
};

__printf(2, 3) static void audit_fail(struct vmap_audit *a, const char *fmt,
				      ...)
{
	va_list ap;

	if (a->err)
		return;
	a->err = -EUCLEAN;
	va_start(ap, fmt);
	if (a->msg && a->n)
		vsnprintf(a->msg, a->n, fmt, ap);
	va_end(ap);
}

/* Black height of @rb's subtree, checking links, colours and maxima. */
static int audit_rb(struct vmap_audit *a, const struct rb_node *rb,
		    const struct rb_node *parent, bool free_tree)
{
	const struct vmap_area *va = to_va(rb);
	unsigned long max;
	int lh, rh;

	if (!rb || a->err)
		return 1;
	if (rb_parent(rb) != parent)
		audit_fail(a, "vmalloc: broken parent link at 0x%016lx", va->va_start);
	if (rb_is_red(rb) && (!parent || rb_is_red(parent)))
		audit_fail(a, "vmalloc: red-red or red root at 0x%016lx", va->va_start);
	lh = audit_rb(a, rb->rb_left, rb, free_tree);
	rh = audit_rb(a, rb->rb_right, rb, free_tree);
	if (lh != rh)
		audit_fail(a, "vmalloc: black heights differ at 0x%016lx", va->va_start);
	if (free_tree) {
		max = max(va_size(va), max(get_subtree_max_size(rb->rb_left),
					   get_subtree_max_size(rb->rb_right)));
		if (va->subtree_max_size != max)
			audit_fail(a, "vmalloc: free block 0x%016lx: subtree_max_size %lu, expected %lu",
				   va->va_start, va->subtree_max_size, max);
	}
	return lh + rb_is_black(rb);
}

/*
 * The bits of an area's PTE that @prot does not decide: accessed and dirty
 * (the MMU sets them), write and execute (set_memory_ro/rw/x/nx()).
 */
static pte_t pte_prot_bits(pte_t pte)
{
	return pte_mkexec(pte_mkwrite(pte_mkold(pte_mkclean(pte))));
}

/* Does @pte carry @prot, up to the bits above? */
static bool pte_has_prot(pte_t pte, pgprot_t prot)
{
	pte_t want = pfn_pte(pte_pfn(pte), prot);

	return pte_val(pte_prot_bits(pte)) == pte_val(pte_prot_bits(want));
}

/* The PTEs of one busy area. */
static void audit_area(struct vmap_audit *a, const struct vmap_area *va)
{
	const struct vm_struct *vm = va->vm;
	unsigned long addr = va->va_start, mapped_end, pfn = 0, want, i, bad;
	u64 entry = 0;
	bool present;

	if (vm->flags & VM_ALLOC)
		mapped_end = addr + vm->nr_pages * PAGE_SIZE;
	else if (vm->flags & VM_IOREMAP)
		mapped_end = addr + get_vm_area_size(vm);
	else
		return;		/* reserved only: its user maps it */
	for (i = 0; addr < mapped_end && !a->err; i++, addr += PAGE_SIZE) {
		if (vm->flags & VM_ALLOC) {
			want = page_to_pfn(vm->pages[i]);
			if (!PageVmalloc(vm->pages[i]) ||
			    !page_alloc_is_allocated(want, 0))
				audit_fail(a, "vmalloc: page of 0x%016lx (pfn %#lx) is not an allocated vmalloc page",
					   addr, want);
		} else {
			want = PHYS_PFN(vm->phys_addr) + i;
		}
		/* set_memory_np() leaves a not-present PTE with its frame */
		entry = 0;
		present = vmalloc_walk(addr, &pfn, &entry);
		if (!entry || pfn != want ||
		    (present && !pte_has_prot(__pte(entry), vm->prot)))
			audit_fail(a, "vmalloc: 0x%016lx maps %#llx, expected pfn %#lx prot %#llx",
				   addr, (unsigned long long)entry, want,
				   (unsigned long long)pgprot_val(vm->prot));
	}
	bad = first_mapped(mapped_end, va->va_end);
	if (bad)
		audit_fail(a, "vmalloc: 0x%016lx in the unmapped tail or guard page of area 0x%016lx is mapped",
			   bad, va->va_start);
}

/* Walk both trees by address: they must tile the vmalloc area. */
static void audit_tiling(struct vmap_audit *a, struct vmap_state *vs)
{
	struct rb_node *b = rb_first(&vs->busy_root);
	struct rb_node *f = rb_first(&vs->free_root);
	unsigned long cursor = VMALLOC_START, nr_busy = 0, nr_free = 0;
	unsigned long pages = 0, bad;
	bool last_free = false;

	while ((b || f) && !a->err) {
		bool take_free = !b || (f && to_va(f)->va_start < to_va(b)->va_start);
		struct vmap_area *va = to_va(take_free ? f : b);

		if (va->va_start != cursor || va->va_end <= va->va_start)
			audit_fail(a, "vmalloc: %s [0x%016lx-0x%016lx) does not start at 0x%016lx",
				   take_free ? "free block" : "area",
				   va->va_start, va->va_end, cursor);
		if (take_free && last_free)
			audit_fail(a, "vmalloc: free blocks not merged at 0x%016lx", cursor);
		if (take_free) {
			bad = first_mapped(va->va_start, va->va_end);
			if (bad)
				audit_fail(a, "vmalloc: free address 0x%016lx is mapped", bad);
			f = rb_next(f);
			nr_free++;
		} else {
			if (va->vm->flags & VM_ALLOC)
				pages += va->vm->nr_pages;
			if ((unsigned long)va->vm->addr != va->va_start ||
			    va->vm->size != va_size(va))
				audit_fail(a, "vmalloc: area 0x%016lx: vm_struct disagrees", va->va_start);
			audit_area(a, va);
			b = rb_next(b);
			nr_busy++;
		}
		last_free = take_free;
		cursor = va->va_end;
	}
	if (!a->err && cursor != VMALLOC_END + 1)
		audit_fail(a, "vmalloc: areas end at 0x%016lx", cursor);
	if (!a->err && (nr_busy != vs->nr_busy || nr_free != vs->nr_free ||
			pages != vs->nr_vmalloc_pages))
		audit_fail(a, "vmalloc: counters busy %lu/%lu free %lu/%lu pages %lu/%lu",
			   nr_busy, vs->nr_busy, nr_free, vs->nr_free, pages,
			   vs->nr_vmalloc_pages);
}

/**
 * vmalloc_audit() - check the vmap allocator and the mappings of every
 * area (see above).  Return: 0, or -EUCLEAN with @msg (@n bytes) filled.
 */
int vmalloc_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	struct vmap_audit a = { .m = m, .msg = msg, .n = n };
	struct vmap_state *vs = m->vmap;

	if (!vs)
		return 0;
	audit_rb(&a, vs->busy_root.rb_node, NULL, false);
	audit_rb(&a, vs->free_root.rb_node, NULL, true);
	if (!a.err)
		audit_tiling(&a, vs);
	return a.err;
}
