// SPDX-License-Identifier: MIT
/*
 * User page tables and the page-fault paths: handle_mm_fault() walks (and
 * builds) the tables down to the PTE and hands off to do_anonymous_page(),
 * do_read_fault(), do_cow_fault(), do_shared_fault() or do_wp_page(), as
 * Linux does.  Also zapping ranges and freeing page tables; populating
 * is in mm/gup.c and changing protections in mm/mprotect.c, as in Linux.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/trace.h>
#include <linux/gup.h>
#include <linux/sched.h>
#include <linux/pagewalk.h>
#include <linux/io.h>
#include <asm/tlb.h>
#include <asm/tlbflush.h>
#include <linux/mm_inline.h>
#include "mm/internal.h"
#include "mm/swap.h"

/* --- walking ---------------------------------------------------------------- */

/* The PTE for @addr, building missing tables; NULL when out of memory. */
pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr)
{
	p4d_t *p4d = p4d_offset(pgd_offset(mm, addr), addr);
	pud_t *pud;
	pmd_t *pmd;

	pud = pud_alloc(mm, p4d, addr);
	if (!pud)
		return NULL;
	pmd = pmd_alloc(mm, pud, addr);
	if (!pmd)
		return NULL;
	return pte_alloc(mm, pmd, addr);
}

/* The PTE for @addr if its table exists, else NULL. */
pte_t *pte_offset_map_mm(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	pud_t *pud;
	pmd_t *pmd;

	if (!pgd_present(*pgd))
		return NULL;
	pud = pud_offset(p4d_offset(pgd, addr), addr);
	if (!pud_present(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

bool page_is_resident(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = pte_offset_map_mm(mm, addr);

	return pte && pte_present(*pte);
}

/*
 * print_bad_pte() - a user PTE that cannot be right (Linux's report, from
 * mm/memory.c): a frame past the memory map in a normal PTE, or a special
 * PTE where no driver put one.  The PTE came from simulated memory (a
 * write through /dev/mem or the shell's devmem commands): the kernel does
 * not follow it, says so, and taints 'B'; the task goes on.  Linux allows
 * 60 reports a minute; the machine has no clock, so the first 60 are
 * shown and the rest counted.  The pointer fields of Linux's second line
 * (anon_vma, mapping) and its third (file and ops names) are host
 * addresses here, so they are not printed.
 */
static void print_bad_pte(struct vm_area_struct *vma, unsigned long addr,
			  pte_t pte)
{
	struct mml_machine *m = current_machine();
	struct task_struct *t = get_current();
	pgd_t *pgd = pgd_offset(vma->vm_mm, addr);
	pud_t *pud = pud_offset(p4d_offset(pgd, addr), addr);
	u64 pmdval = pud_present(*pud) ? pmd_val(*pmd_offset(pud, addr)) : 0;

	if (m->bad_pte_shown >= 60) {
		m->bad_pte_unshown++;
		return;
	}
	m->bad_pte_shown++;
	pr_alert("BUG: Bad page map in process %s  pte:%08llx pmd:%08llx\n",
		 t ? t->comm : "swapper/0", (unsigned long long)pte_val(pte),
		 (unsigned long long)pmdval);
	pr_alert("addr:%016lx vm_flags:%08lx index:%lx\n", addr,
		 (unsigned long)vma->vm_flags,
		 ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff);
	add_taint(TAINT_BAD_PAGE);
}

/**
 * __vm_normal_page() - vm_normal_page() without the report, for the
 * audits and views that only look: NULL for a special PTE, and for a bad
 * one (then *@bad is set).
 */
struct page *__vm_normal_page(struct vm_area_struct *vma, pte_t pte,
			      bool *bad)
{
	unsigned long pfn = pte_pfn(pte);

	*bad = false;
	if (pte_special(pte)) {
		/* remap_pfn_range(), vmf_insert_pfn(), the zero page */
		if (!(vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) &&
		    pfn != page_to_pfn(current_machine()->zero_page))
			*bad = true;
		return NULL;
	}
	if (!pfn_valid(pfn)) {
		*bad = true;
		return NULL;
	}
	return pfn_to_page(pfn);
}

/**
 * vm_normal_page_other() - vm_normal_page() of a PTE that is special or
 * maps no struct page: x86 has pte_special(), so the PTEs of the zero
 * page, remap_pfn_range() and vmf_insert_pfn() are special and every other
 * PTE maps a normal page -- also in a VM_PFNMAP VMA, where it is an
 * anonymous copy made by a write to a private mapping (Linux's rule).  A
 * PTE that is neither (corrupted) is reported and treated as special.
 */
struct page *vm_normal_page_other(struct vm_area_struct *vma,
				  unsigned long addr, pte_t pte)
{
	bool bad;
	struct page *page = __vm_normal_page(vma, pte, &bad);

	if (unlikely(bad))
		print_bad_pte(vma, addr, pte);
	return page;
}

/* Which RSS counter @page counts in: anon, shmem (swap-backed) or file. */
int mm_counter(struct vm_area_struct *vma, struct page *page)
{
	if (PageAnon(page))
		return MM_ANONPAGES;
	if (PageSwapBacked(page))
		return MM_SHMEMPAGES;
	return MM_FILEPAGES;
}

static void inc_rss(struct vm_area_struct *vma, struct page *page, long n)
{
	struct mm_struct *mm = vma->vm_mm;

	mm->rss_stat[mm_counter(vma, page)] += n;
	if (get_mm_rss(mm) > mm->hiwater_rss)
		mm->hiwater_rss = get_mm_rss(mm);
}

/* --- mapping pages in ---------------------------------------------------------- */

static pte_t mk_pte(struct page *page, pgprot_t prot)
{
	return pfn_pte(page_to_pfn(page), prot);
}

static pte_t maybe_mkwrite(pte_t pte, struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_WRITE) ? pte_mkwrite(pte) : pte;
}

/* Make @page a new exclusive anonymous page of @vma at @address. */
static void page_add_new_anon_rmap(struct vm_area_struct *vma,
				   struct page *page, unsigned long address)
{
	SetPageAnon(page);
	SetPageSwapBacked(page);
	SetPageUptodate(page);
	SetPageAnonExclusive(page);
	page->mapping = (struct address_space *)vma->anon_vma;
	page->index = vma->vm_pgoff + ((address - vma->vm_start) >> PAGE_SHIFT);
	page->_mapcount = 1;
	mlock_vma_page(vma, page);
	lru_cache_add_inactive_or_unevictable(page, vma);
}

static void page_add_file_rmap(struct vm_area_struct *vma, struct page *page)
{
	page->_mapcount++;
	mlock_vma_page(vma, page);
}

/* Drop one mapping of @page (the PTE is gone). */
void page_remove_rmap(struct page *page)
{
	page->_mapcount--;
}

static vm_fault_t do_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mml_machine *m = vma->vm_mm->machine;
	struct page *page;
	pte_t entry;

	if (vma->vm_flags & VM_SHARED)
		return VM_FAULT_SIGBUS;
	if (!(vmf->flags & FAULT_FLAG_WRITE) && !mm_forbids_zeropage(vma->vm_mm)) {
		/* A read maps the shared zero page, read-only. */
		entry = pte_mkspecial(mk_pte(m->zero_page, vma->vm_page_prot));
		set_pte(vmf->pte, pte_mkyoung(entry));
		trace_mm(vma->vm_mm, "do_anonymous_page: read -> zero page");
		return 0;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	page_add_new_anon_rmap(vma, page, vmf->address);
	inc_rss(vma, page, 1);
	entry = mk_pte(page, vma->vm_page_prot);
	entry = pte_mkyoung(pte_mkdirty(maybe_mkwrite(entry, vma)));
	set_pte(vmf->pte, entry);
	trace_mm(vma->vm_mm, "do_anonymous_page: write -> new page pfn %#lx",
		 page_to_pfn(page));
	return 0;
}

/* ->fault() results after which there is no page to map. */
#define VM_FAULT_NO_PAGE_TO_MAP	(VM_FAULT_ERROR | VM_FAULT_NOPAGE | \
				 VM_FAULT_RETRY | VM_FAULT_DONE_COW)

/*
 * Call the VMA's ->fault() for the page at vmf->pgoff.  A page returned
 * VM_FAULT_LOCKED is unlocked here: mmlab runs one fault at a time, so
 * nothing can race with the mapping that follows.  A handler that returns
 * success without a page is a driver bug (an oops in Linux): SIGBUS.
 */
static vm_fault_t __do_fault(struct vm_fault *vmf)
{
	vm_fault_t ret;

	vmf->page = NULL;
	ret = vmf->vma->vm_ops->fault(vmf);
	if (ret & VM_FAULT_NO_PAGE_TO_MAP)
		return ret;
	if (!vmf->page) {
		pr_err("fault handler returned %#x without a page at %#lx\n",
		       ret, vmf->address);
		return VM_FAULT_SIGBUS;
	}
	if (ret & VM_FAULT_LOCKED)
		ClearPageLocked(vmf->page);
	return ret;
}

/**
 * set_pte_range() - map @page at @addr for the fault in @vmf: its PTE is
 * vmf->pte + (@addr - vmf->address) / PAGE_SIZE.  The PTE takes over the
 * caller's reference; a write fault makes it writable and dirty, as
 * Linux's finish_fault() does.
 */
void set_pte_range(struct vm_fault *vmf, struct page *page, unsigned long addr)
{
	struct vm_area_struct *vma = vmf->vma;
	pte_t *pte = vmf->pte + ((long)(addr - vmf->address) >> PAGE_SHIFT);
	pte_t entry = pte_mkyoung(mk_pte(page, vma->vm_page_prot));

	if ((vmf->flags & FAULT_FLAG_WRITE) && addr == vmf->address)
		entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	page_add_file_rmap(vma, page);
	inc_rss(vma, page, 1);
	set_pte(pte, entry);
}

/*
 * should_fault_around() - map the neighbours of a read fault too?  When
 * the VMA can (->map_pages) and fault_around_bytes asks for more than one
 * page.
 */
static bool should_fault_around(struct vm_fault *vmf)
{
	return vmf->vma->vm_ops->map_pages &&
	       (vmf->vma->vm_mm->machine->fault_around_bytes >> PAGE_SHIFT) > 1;
}

/*
 * do_fault_around() - on a read fault, ask ->map_pages() to map what it
 * already has around it: fault_around_bytes (64 KiB) aligned, within the
 * VMA and the PTE table.  Return: VM_FAULT_NOPAGE when the faulting page
 * itself was mapped, else 0 (then ->fault() runs).
 */
static vm_fault_t do_fault_around(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long nr = vma->vm_mm->machine->fault_around_bytes >> PAGE_SHIFT;
	unsigned long pte_off = pte_index(vmf->address);
	unsigned long vma_off = vmf->pgoff - vma->vm_pgoff, from, to;

	from = max(ALIGN_DOWN(pte_off, nr), pte_off - min(pte_off, vma_off));
	to = min(min(from + nr, (unsigned long)PTRS_PER_PTE),
		 pte_off + vma_pages(vma) - vma_off) - 1;
	return vma->vm_ops->map_pages(vmf, vmf->pgoff + from - pte_off,
				      vmf->pgoff + to - pte_off);
}

static vm_fault_t do_read_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	vm_fault_t ret;

	if (should_fault_around(vmf)) {
		ret = do_fault_around(vmf);
		if (ret) {
			trace_mm(vma->vm_mm, "do_read_fault: mapped by fault-around");
			return ret;
		}
	}
	ret = __do_fault(vmf);
	if (ret & VM_FAULT_NO_PAGE_TO_MAP)
		return ret;
	set_pte_range(vmf, vmf->page, vmf->address);
	trace_mm(vma->vm_mm, "do_read_fault: ->fault() gave pfn %#lx%s",
		 page_to_pfn(vmf->page), (ret & VM_FAULT_MAJOR) ? " (major)" : "");
	return ret;
}

static vm_fault_t do_cow_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *new;
	vm_fault_t ret;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	new = alloc_page(GFP_HIGHUSER_MOVABLE);
	if (!new)
		return VM_FAULT_OOM;
	ret = __do_fault(vmf);
	if (ret & VM_FAULT_NO_PAGE_TO_MAP) {
		__free_page(new);
		return ret;
	}
	memcpy(page_host(new), page_host(vmf->page), PAGE_SIZE);
	put_page(vmf->page);
	page_add_new_anon_rmap(vma, new, vmf->address);
	inc_rss(vma, new, 1);
	set_pte(vmf->pte, pte_mkyoung(pte_mkdirty(maybe_mkwrite(mk_pte(new, vma->vm_page_prot), vma))));
	trace_mm(vma->vm_mm, "do_cow_fault: private copy pfn %#lx", page_to_pfn(new));
	return ret;
}

/*
 * do_page_mkwrite() - tell the VMA's ->page_mkwrite() that vmf->page is
 * about to become writable.  Return: 0 to go on, or its error or
 * VM_FAULT_NOPAGE (the fault is then over, the page not mapped writable).
 */
static vm_fault_t do_page_mkwrite(struct vm_fault *vmf)
{
	unsigned int old_flags = vmf->flags;
	vm_fault_t ret;

	vmf->flags = FAULT_FLAG_WRITE | FAULT_FLAG_MKWRITE;
	ret = vmf->vma->vm_ops->page_mkwrite(vmf);
	vmf->flags = old_flags;
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		return ret;
	return 0;
}

static vm_fault_t do_shared_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	vm_fault_t ret = __do_fault(vmf), tmp;

	if (ret & VM_FAULT_NO_PAGE_TO_MAP)
		return ret;
	if (vma->vm_ops->page_mkwrite) {
		tmp = do_page_mkwrite(vmf);
		if (tmp) {
			put_page(vmf->page);
			return tmp;
		}
	}
	set_pte_range(vmf, vmf->page, vmf->address);
	folio_mark_dirty(vmf->page);	/* fault_dirty_shared_page() */
	trace_mm(vma->vm_mm, "do_shared_fault: ->fault() gave pfn %#lx, dirtied",
		 page_to_pfn(vmf->page));
	return ret;
}

/*
 * do_fault() - a first touch of a VMA with vm_ops: a read maps the page
 * ->fault() gives; a write to a private mapping copies it; a write to a
 * shared one maps it writable after ->page_mkwrite().
 */
static vm_fault_t do_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	if (!vma->vm_ops->fault)
		return VM_FAULT_SIGBUS;
	if (!(vmf->flags & FAULT_FLAG_WRITE))
		return do_read_fault(vmf);
	if (!(vma->vm_flags & VM_SHARED))
		return do_cow_fault(vmf);
	return do_shared_fault(vmf);
}

/*
 * The contents of a frame without a normal page (a private PFN map's
 * special PTE) for its copy on write: RAM with a struct page directly,
 * anything else through a temporary ioremap(); what cannot be read is
 * zeroes, as Linux's __wp_page_copy_user() gives up.
 */
static void copy_special_frame(struct page *new, unsigned long pfn)
{
	void *src;

	if (pfn_valid(pfn)) {
		memcpy(page_host(new), page_host(pfn_to_page(pfn)), PAGE_SIZE);
		return;
	}
	src = __ioremap_caller(PFN_PHYS(pfn), PAGE_SIZE, PAGE_KERNEL_IO,
			       "wp_page_copy");
	if (!src || memcpy_fromio_nofault(page_host(new), src, PAGE_SIZE))
		memset(page_host(new), 0, PAGE_SIZE);
	if (src)
		iounmap(src);
}

/*
 * Copy on write: a private copy of the page, of the zero page, or of the
 * frame a special PTE of a private PFN map points at.
 */
static vm_fault_t wp_page_copy(struct vm_fault *vmf, struct page *old)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long pfn = pte_pfn(vmf->orig_pte);
	bool zero = !old && pfn == page_to_pfn(vma->vm_mm->machine->zero_page);
	struct page *new;

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	new = alloc_page(GFP_HIGHUSER_MOVABLE | (zero ? __GFP_ZERO : 0));
	if (!new)
		return VM_FAULT_OOM;
	if (old)
		memcpy(page_host(new), page_host(old), PAGE_SIZE);
	else if (!zero)
		copy_special_frame(new, pfn);
	page_add_new_anon_rmap(vma, new, vmf->address);
	inc_rss(vma, new, 1);
	if (old) {
		page_remove_rmap(old);
		munlock_vma_page(vma, old);
		inc_rss(vma, old, -1);
	}
	set_pte(vmf->pte, pte_mkyoung(pte_mkdirty(maybe_mkwrite(mk_pte(new, vma->vm_page_prot), vma))));
	flush_tlb_mm_range(vma->vm_mm, vmf->address, vmf->address + PAGE_SIZE);
	if (old)
		put_page(old);
	trace_mm(vma->vm_mm, "do_wp_page: copied %s to pfn %#lx",
		 old ? "the page" : zero ? "the zero page" : "the PFN map's frame",
		 page_to_pfn(new));
	return 0;
}

static void wp_page_reuse(struct vm_fault *vmf, struct page *page)
{
	struct vm_area_struct *vma = vmf->vma;

	if (page && !PageAnon(page))
		folio_mark_dirty(page);
	set_pte(vmf->pte, pte_mkyoung(pte_mkdirty(maybe_mkwrite(vmf->orig_pte, vma))));
	flush_tlb_mm_range(vma->vm_mm, vmf->address, vmf->address + PAGE_SIZE);
}

/*
 * wp_page_shared() - a write to a write-notified page of a shared mapping:
 * ->page_mkwrite() first, then the PTE is made writable and the page dirty.
 */
static vm_fault_t wp_page_shared(struct vm_fault *vmf, struct page *page)
{
	struct vm_area_struct *vma = vmf->vma;
	vm_fault_t ret;

	if (page && vma->vm_ops && vma->vm_ops->page_mkwrite) {
		vmf->page = page;
		ret = do_page_mkwrite(vmf);
		if (ret)
			return ret;
	}
	wp_page_reuse(vmf, page);
	trace_mm(vma->vm_mm, "do_wp_page: shared mapping, page dirtied");
	return 0;
}

/*
 * wp_can_reuse_anon_page() - is @page, mapped once, referenced by this
 * mapping alone?  A reference from the LRU batch is no user's: drain it
 * first, as Linux's wp_can_reuse_anon_folio() does.
 */
static bool wp_can_reuse_anon_page(struct page *page)
{
	if (page_mapcount(page) != 1 || page_ref_count(page) > 3)
		return false;
	if (!PageLRU(page))
		lru_add_drain();
	return page_ref_count(page) == 1;
}

/*
 * wp_pfn_shared() - a write to a read-only PTE without a struct page in a
 * shared mapping (VM_PFNMAP, or a VM_MIXEDMAP special PTE): never copied.
 * ->pfn_mkwrite() is told first; its error or VM_FAULT_NOPAGE ends the
 * fault with the PTE as it is.  Then, as finish_mkwrite_fault(), the PTE
 * is made writable only if the handler left it as it was (it may have
 * zapped or replaced it: the access then faults again).
 */
static vm_fault_t wp_pfn_shared(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	vm_fault_t ret;

	if (vma->vm_ops && vma->vm_ops->pfn_mkwrite) {
		vmf->flags |= FAULT_FLAG_MKWRITE;
		ret = vma->vm_ops->pfn_mkwrite(vmf);
		if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
			return ret;
		if (pte_val(ptep_get(vmf->pte)) != pte_val(vmf->orig_pte)) {
			trace_mm(vma->vm_mm, "wp_pfn_shared: PTE changed under ->pfn_mkwrite()");
			return VM_FAULT_NOPAGE;
		}
	}
	wp_page_reuse(vmf, NULL);
	trace_mm(vma->vm_mm, "do_wp_page: shared PFN map, PTE made writable");
	return 0;
}

/*
 * do_wp_page() - a write to a present, write-protected PTE: reuse the page
 * when it is shared-mapped or exclusively ours, else copy it.
 */
static vm_fault_t do_wp_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page = vm_normal_page(vma, vmf->address, vmf->orig_pte);

	if (vma->vm_flags & VM_SHARED) {
		if (!page)
			return wp_pfn_shared(vmf);
		return wp_page_shared(vmf, page);
	}
	/*
	 * An anonymous page only this mm maps is reused: marked exclusive
	 * when it was faulted in, or found to be ours alone now (the other
	 * side of a fork copied it or went away).
	 */
	if (page && PageAnon(page) &&
	    (PageAnonExclusive(page) || wp_can_reuse_anon_page(page))) {
		SetPageAnonExclusive(page);
		wp_page_reuse(vmf, page);
		trace_mm(vma->vm_mm, "do_wp_page: exclusive anon page reused");
		return 0;
	}
	return wp_page_copy(vmf, page);
}

/* --- swap-in ------------------------------------------------------------------ */

/*
 * The rmap of a page coming back from swap: a page fresh from the area
 * becomes anonymous here, under the VMA's anon_vma if exclusive, else
 * under its root, which every process sharing the slot reaches
 * (__folio_set_anon()); a page still anonymous gets one more mapping.
 */
static void swapin_rmap(struct vm_area_struct *vma, struct page *page,
			unsigned long address, bool exclusive)
{
	if (!PageAnon(page)) {
		struct anon_vma *av = vma->anon_vma;

		page_add_new_anon_rmap(vma, page, address);
		if (!exclusive) {
			ClearPageAnonExclusive(page);
			page->mapping = (struct address_space *)av->root;
		}
		return;
	}
	page->_mapcount++;
	if (exclusive)
		SetPageAnonExclusive(page);
	mlock_vma_page(vma, page);
}

/**
 * do_swap_page() - a fault on a swap entry: the page from the swap cache
 * (a minor fault) or read from the area with readahead around it
 * (VM_FAULT_MAJOR), mapped again; the PTE's reference to the slot goes,
 * and the slot itself when a write makes the page ours alone or swap is
 * more than half full.  Return: 0, VM_FAULT_MAJOR, VM_FAULT_OOM (no page
 * for it), VM_FAULT_SIGBUS (a bad entry or a read error).
 */
vm_fault_t do_swap_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	swp_entry_t entry = pte_to_swp_entry(vmf->orig_pte);
	bool major, exclusive = pte_swp_exclusive(vmf->orig_pte);
	struct page *page;
	pte_t pte;

	if (non_swap_entry(entry) || !get_swap_device(entry) ||
	    !__swap_count(entry)) {
		pr_err("do_swap_page: Bad swap entry %#lx at %#lx\n",
		       (unsigned long)pte_val(vmf->orig_pte), vmf->address);
		return VM_FAULT_SIGBUS;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = swapin_readahead(entry, vmf, &major);
	if (!page)
		return VM_FAULT_OOM;
	if (IS_ERR(page))
		return VM_FAULT_SIGBUS;
	vma->vm_mm->rss_stat[MM_SWAPENTS]--;
	swap_free(entry);
	/* should_try_to_free_swap() */
	if (vm_swap_full() || (vma->vm_flags & VM_LOCKED) || PageMlocked(page) ||
	    ((vmf->flags & FAULT_FLAG_WRITE) && page_ref_count(page) == 2))
		folio_free_swap(page);
	pte = pte_mkyoung(mk_pte(page, vma->vm_page_prot));
	if (exclusive || page_ref_count(page) == 1) {
		if (vmf->flags & FAULT_FLAG_WRITE)
			pte = maybe_mkwrite(pte_mkdirty(pte), vma);
		exclusive = true;
	}
	swapin_rmap(vma, page, vmf->address, exclusive);
	inc_rss(vma, page, 1);
	set_pte(vmf->pte, pte);
	trace_mm(vma->vm_mm, "do_swap_page: swap %u:%lu -> pfn %#lx%s%s",
		 swp_type(entry), swp_offset(entry), page_to_pfn(page),
		 major ? " (major)" : "", PageSwapCache(page) ? ", still cached" : "");
	if ((vmf->flags & FAULT_FLAG_WRITE) && !pte_write(pte) &&
	    (vma->vm_flags & VM_WRITE)) {
		/* Not ours alone: the write copies it (do_wp_page()). */
		vmf->orig_pte = pte;
		return do_wp_page(vmf) | (major ? VM_FAULT_MAJOR : 0);
	}
	return major ? VM_FAULT_MAJOR : 0;
}

/**
 * unuse_vma_entry() - swapoff: map @page (referenced by the caller) back
 * at @addr of @vma in place of the swap entry in *@ptep (unuse_pte()),
 * old and read-only; a write will reuse or copy it as after a fault.
 */
int unuse_vma_entry(struct vm_area_struct *vma, unsigned long addr,
		    pte_t *ptep, struct page *page)
{
	pte_t old = ptep_get(ptep);

	get_page(page);
	vma->vm_mm->rss_stat[MM_SWAPENTS]--;
	swapin_rmap(vma, page, addr, pte_swp_exclusive(old));
	inc_rss(vma, page, 1);
	set_pte(ptep, pte_mkold(mk_pte(page, vma->vm_page_prot)));
	swap_free(pte_to_swp_entry(old));
	return 0;
}

static vm_fault_t handle_pte_fault(struct vm_fault *vmf)
{
	pte_t entry = ptep_get(vmf->pte);

	vmf->orig_pte = entry;
	if (pte_none(entry))
		return vma_is_anonymous(vmf->vma) ? do_anonymous_page(vmf)
						   : do_fault(vmf);
	if (pte_val(entry) == pte_val(make_guard_pte()))
		return VM_FAULT_SIGSEGV;	/* MADV_GUARD_INSTALL marker */
	if (!pte_present(entry))
		return do_swap_page(vmf);
	if ((vmf->flags & FAULT_FLAG_WRITE) && !pte_write(entry))
		return do_wp_page(vmf);
	/* Spurious (a stale TLB entry, or A/D to set): just mark it. */
	entry = pte_mkyoung(entry);
	if (vmf->flags & FAULT_FLAG_WRITE)
		entry = pte_mkdirty(entry);
	set_pte(vmf->pte, entry);
	flush_tlb_mm_range(vmf->vma->vm_mm, vmf->address,
			   vmf->address + PAGE_SIZE);
	return 0;
}

/**
 * handle_mm_fault() - resolve a fault at @address in @vma (access already
 * checked against the VMA).  Return: 0 or VM_FAULT_* bits.
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags)
{
	struct vm_fault vmf = {
		.vma = vma,
		.address = address & PAGE_MASK,
		.real_address = address,
		.flags = flags,
		.pgoff = vma->vm_pgoff + (((address & PAGE_MASK) - vma->vm_start) >> PAGE_SHIFT),
	};

	vmf.pte = pte_alloc_map(vma->vm_mm, address);
	if (!vmf.pte)
		return VM_FAULT_OOM;
	return handle_pte_fault(&vmf);
}

/**
 * access_process_vm() - read or write (@gup_flags & FOLL_WRITE) @len
 * bytes of @t's memory at @addr into or from @buf, as ptrace and
 * /proc/PID/mem do: page by page through get_user_pages_remote() of
 * @t's mm, faulting pages in; where the pages cannot be had (VM_IO,
 * VM_PFNMAP) the VMA's vm_ops->access() does it, if it has one.
 * Return: the bytes transferred (short at the first failure), 0 if none.
 */
int access_process_vm(struct task_struct *t, unsigned long addr, void *buf,
		      int len, unsigned int gup_flags)
{
	bool write = gup_flags & FOLL_WRITE;
	char *p = buf;
	int done = 0;

	while (done < len) {
		unsigned long a = addr + (unsigned long)done;
		unsigned long off = a & (PAGE_SIZE - 1);
		int n = (int)min((unsigned long)(len - done), PAGE_SIZE - off);
		struct vm_area_struct *vma;
		struct page *page;
		char *kaddr;

		if (get_user_pages_remote(t->mm, a, 1, gup_flags, &page,
					  NULL) != 1) {
			vma = vma_lookup(t->mm, a);
			if (!vma || !vma->vm_ops || !vma->vm_ops->access)
				break;
			n = vma->vm_ops->access(vma, a, p + done, n, write);
			if (n <= 0)
				break;
			done += n;
			continue;
		}
		kaddr = (char *)page_host(page) + off;
		if (write) {
			memcpy(kaddr, p + done, (size_t)n);
			folio_mark_dirty(page);
		} else {
			memcpy(p + done, kaddr, (size_t)n);
		}
		put_page(page);
		done += n;
	}
	return done;
}

/* --- unmapping ------------------------------------------------------------------ */

struct zap_walk {
	struct mmu_gather *tlb;
	struct zap_details *details;
};

/* Guard markers stay unless the caller unmaps for good (ZAP_FLAG_DROP_MARKER). */
static bool should_zap_marker(const struct zap_details *details)
{
	return details && (details->zap_flags & ZAP_FLAG_DROP_MARKER);
}

/* Linux's should_zap_cows()/should_zap_folio(): with no details, zap all. */
static bool should_zap_page(const struct zap_details *details,
			    struct page *page)
{
	return !details || details->even_cows || !PageAnon(page);
}

static int zap_pte_entry(pte_t *ptep, unsigned long addr, unsigned long next,
			 struct mm_walk *walk)
{
	struct zap_walk *zw = walk->private;
	struct vm_area_struct *vma = walk->vma;
	pte_t pte = ptep_get(ptep);
	struct page *page;

	if (pte_none(pte))
		return 0;
	if (pte_val(pte) == pte_val(make_guard_pte()) &&
	    !should_zap_marker(zw->details))
		return 0;
	if (!pte_present(pte) && pte_val(pte) != pte_val(make_guard_pte())) {
		swp_entry_t entry = pte_to_swp_entry(pte);

		/* Swap entries are private anonymous memory: COWs. */
		if (zw->details && !zw->details->even_cows)
			return 0;
		pte_clear(ptep);
		if (!non_swap_entry(entry)) {
			vma->vm_mm->rss_stat[MM_SWAPENTS]--;
			free_swap_and_cache(entry);
		}
		return 0;
	}
	page = pte_present(pte) ? vm_normal_page(vma, addr, pte) : NULL;
	if (page && !should_zap_page(zw->details, page))
		return 0;
	pte = ptep_get_and_clear(ptep);
	tlb_remove_tlb_entry(zw->tlb, ptep, addr);
	if (!page)
		return 0;
	if (!PageAnon(page) && pte_dirty(pte))
		folio_mark_dirty(page);
	if (pte_young(pte))
		SetPageReferenced(page);
	page_remove_rmap(page);
	munlock_vma_page(vma, page);
	inc_rss(vma, page, -1);
	tlb_remove_page(zw->tlb, page);	/* put after the flush */
	(void)next;
	return 0;
}

/* PFN maps are zapped too: their PTEs go, there are just no pages to put. */
static const struct mm_walk_ops zap_walk_ops = {
	.pte_entry = zap_pte_entry,
	.test_walk = walk_every_vma,
};

/**
 * unmap_page_range() - clear the PTEs of [@addr, @end) in @vma; the pages
 * they mapped go to @tlb, to be released after its flush.  Guard markers
 * stay unless @details has ZAP_FLAG_DROP_MARKER.  The page tables stay.
 * Context: caller holds mmap_lock and flushes with tlb_finish_mmu().
 */
void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      unsigned long addr, unsigned long end,
		      struct zap_details *details)
{
	struct zap_walk zw = { .tlb = tlb, .details = details };

	if (addr < end)
		walk_page_range_vma(vma, addr, end, &zap_walk_ops, &zw);
}

/**
 * zap_page_range_single() - unmap the pages of [@address, @address+@size)
 * in @vma, flush, and release them (MADV_DONTNEED, truncation).
 */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size, struct zap_details *details)
{
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, vma->vm_mm);
	unmap_page_range(&tlb, vma, address, address + size, details);
	tlb_finish_mmu(&tlb);
}

static void free_pte_range(struct mm_struct *mm, pmd_t *pmd)
{
	phys_addr_t pa = PFN_PHYS(pmd_pfn(*pmd));

	pmd_clear(pmd);
	pgtable_free_page(mm, pa);
}

/* Free the PTE tables of whole 2 MiB slots inside [floor, ceiling). */
static void free_pmd_range(struct mm_struct *mm, pud_t *pud, unsigned long addr,
			   unsigned long end)
{
	pmd_t *pmd;
	int i, used = 0;

	for (; addr < end; addr += PMD_SIZE) {
		pmd = pmd_offset(pud, addr);
		if (pmd_present(*pmd) && !pmd_leaf(*pmd))
			free_pte_range(mm, pmd);
	}
	pmd = pmd_offset(pud, 0);
	for (i = 0; i < PTRS_PER_PMD; i++)
		used += !pmd_none(pmd[i]);
	if (!used) {
		phys_addr_t pa = PFN_PHYS(pud_pfn(*pud));

		set_pud(pud, __pud(0));
		pgtable_free_page(mm, pa);
	}
}

/**
 * free_pgd_range() - free the PTE tables of the 2 MiB slots in [a, e)
 * (both 2 MiB aligned), and PMD tables left empty.
 */
void free_pgd_range(struct mm_struct *mm, unsigned long a, unsigned long e)
{
	while (a < e) {
		pgd_t *pgd = pgd_offset(mm, a);
		unsigned long next = min(ALIGN_DOWN(a, PUD_SIZE) + PUD_SIZE, e);
		pud_t *pud;

		if (!pgd_present(*pgd)) {	/* skip the whole 512 GiB */
			next = min(ALIGN_DOWN(a, PGDIR_SIZE) + PGDIR_SIZE, e);
		} else {
			pud = pud_offset(p4d_offset(pgd, a), a);
			if (pud_present(*pud) && !pud_leaf(*pud))
				free_pmd_range(mm, pud, a, next);
		}
		a = next;
	}
}

/**
 * unmap_region() - zap the pages of the VMAs from @vma on that lie in
 * [start, end) and free the page tables no neighbour still needs.
 */
void unmap_region(struct mm_struct *mm, struct vm_area_struct *vma,
		  unsigned long start, unsigned long end)
{
	struct zap_details details = {
		.zap_flags = ZAP_FLAG_DROP_MARKER, .even_cows = true,
	};
	struct vm_area_struct *prev = vma->vm_prev, *v;
	unsigned long floor = prev ? prev->vm_end : 0, ceiling;
	struct mmu_gather tlb;

	if (start == 0 && end >= mm->task_size)
		tlb_gather_mmu_fullmm(&tlb, mm);
	else
		tlb_gather_mmu(&tlb, mm);
	for (v = vma; v && v->vm_start < end; v = v->vm_next)
		unmap_page_range(&tlb, v, max(v->vm_start, start),
				 min(v->vm_end, end), &details);
	tlb_finish_mmu(&tlb);
	ceiling = v ? v->vm_start : ALIGN(mm->task_size, PGDIR_SIZE);
	/* Slots that no remaining neighbour shares, as free_pgtables(). */
	free_pgd_range(mm, max(ALIGN_DOWN(start, PMD_SIZE), ALIGN(floor, PMD_SIZE)),
		       min(ALIGN(end, PMD_SIZE), ALIGN_DOWN(ceiling, PMD_SIZE)));
}

/** free_user_pgtables() - at exit: every user PUD table, then the PGD. */
void free_user_pgtables(struct mm_struct *mm)
{
	int i;

	for (i = 0; i < PTRS_PER_PGD / 2; i++) {
		pgd_t *pgd = mm->pgd + i;

		if (pgd_present(*pgd)) {
			phys_addr_t pa = PFN_PHYS(pgd_pfn(*pgd));

			set_pgd(pgd, __pgd(0));
			pgtable_free_page(mm, pa);
		}
	}
	pgd_free(mm);
	mm->pgd = NULL;
}

/* --- fork ------------------------------------------------------------------------ */

/*
 * copy_present_pte(): the child maps the same page.  A private writable
 * page is write-protected in both, so the first write on either side
 * copies it (COW).
 */
static void copy_present_pte(struct vm_area_struct *dst_vma,
			     struct vm_area_struct *src_vma, pte_t *dst,
			     pte_t *src, unsigned long addr)
{
	struct page *page = vm_normal_page(src_vma, addr, *src);
	pte_t pte = *src;

	if (page) {
		get_page(page);
		page->_mapcount++;
		if (PageAnon(page))
			ClearPageAnonExclusive(page);	/* now shared with the child */
		inc_rss(dst_vma, page, 1);
	}
	if (!(src_vma->vm_flags & VM_SHARED) && pte_write(pte)) {
		set_pte(src, pte_wrprotect(pte));
		pte = pte_wrprotect(pte);
	}
	/* The child's PTE starts old, and clean if shared (as Linux). */
	if (src_vma->vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);
	set_pte(dst, pte_mkold(pte));
	(void)addr;
}

/*
 * copy_nonpresent_pte(): a swap entry is shared with the child, one more
 * reference to its slot; neither side is exclusive any more.  Markers are
 * copied as they are.  Return: 0 or -ENOMEM (a count continuation).
 */
static int copy_nonpresent_pte(struct vm_area_struct *dst_vma, pte_t *dst,
			       pte_t *src)
{
	pte_t pte = ptep_get(src);
	swp_entry_t entry = pte_to_swp_entry(pte);

	if (pte_val(pte) != pte_val(make_guard_pte()) && !non_swap_entry(entry)) {
		int err = swap_duplicate(entry);

		if (err)
			return err == -ENOMEM ? -ENOMEM : 0;
		dst_vma->vm_mm->rss_stat[MM_SWAPENTS]++;
		if (pte_swp_exclusive(pte)) {
			pte = pte_swp_clear_exclusive(pte);
			set_pte(src, pte);
		}
	}
	set_pte(dst, pte);
	return 0;
}

struct copy_walk {
	struct vm_area_struct *dst_vma;
	pte_t *dst;		/* the child's PTE table for the current PMD */
	bool copied;
};

/* A source PTE table with entries: the child gets its table on first use. */
static int copy_pmd_entry(pmd_t *pmd, unsigned long addr, unsigned long next,
			  struct mm_walk *walk)
{
	struct copy_walk *cw = walk->private;

	(void)pmd;
	(void)addr;
	(void)next;
	cw->dst = NULL;
	return 0;
}

static int copy_pte_entry(pte_t *src, unsigned long addr, unsigned long next,
			  struct mm_walk *walk)
{
	struct copy_walk *cw = walk->private;

	(void)next;
	if (pte_none(ptep_get(src)))
		return 0;
	if (!cw->dst) {
		cw->dst = pte_alloc_map(cw->dst_vma->vm_mm, addr);
		if (!cw->dst)
			return -ENOMEM;
		cw->dst -= pte_index(addr);
	}
	if (is_swap_pte(ptep_get(src))) {
		int err = copy_nonpresent_pte(cw->dst_vma, cw->dst + pte_index(addr), src);

		if (err)
			return err;
	} else {
		copy_present_pte(cw->dst_vma, walk->vma, cw->dst + pte_index(addr),
				 src, addr);
	}
	cw->copied = true;
	return 0;
}

static const struct mm_walk_ops copy_walk_ops = {
	.pmd_entry = copy_pmd_entry,
	.pte_entry = copy_pte_entry,
	.test_walk = walk_every_vma,
};

/**
 * copy_page_range() - at fork, copy @src_vma's PTEs into the child's
 * @dst_vma.  VMAs without anonymous pages are skipped: the child faults
 * their pages in from the page cache, as on Linux.
 * Return: 0 or -ENOMEM.
 */
int copy_page_range(struct vm_area_struct *dst_vma, struct vm_area_struct *src_vma)
{
	struct copy_walk cw = { .dst_vma = dst_vma };
	struct mm_struct *src_mm = src_vma->vm_mm;
	int err;

	if (!(src_vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) && !src_vma->anon_vma)
		return 0;
	err = walk_page_vma(src_vma, &copy_walk_ops, &cw);
	if (cw.copied)
		flush_tlb_mm_range(src_mm, src_vma->vm_start, src_vma->vm_end);
	return err;
}

/* --- mapping helpers for drivers ------------------------------------------------- */

/**
 * apply_to_page_range() - call @fn for every PTE slot of [@addr, @addr +
 * @size) in @mm, building the page tables that are missing, one PTE table
 * at a time (Linux's apply_to_page_range()).
 * Return: 0, -EINVAL for an empty or wrapping range, -ENOMEM when a table
 * cannot be allocated, or the first non-zero value of @fn.
 */
int apply_to_page_range(struct mm_struct *mm, unsigned long addr,
			unsigned long size, pte_fn_t fn, void *data)
{
	unsigned long end = addr + size, next;
	pte_t *pte;
	int err;

	if (addr >= end)
		return -EINVAL;
	for (; addr < end; addr = next) {
		next = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE;
		if (next - 1 >= end - 1)
			next = end;
		pte = pte_alloc_map(mm, addr);
		if (!pte)
			return -ENOMEM;
		for (; addr < next; addr += PAGE_SIZE, pte++) {
			err = fn(pte, addr, data);
			if (err)
				return err;
		}
	}
	return 0;
}

struct remap_pfn {
	unsigned long pfn;
	pgprot_t prot;
};

/* One PTE of remap_pfn_range(): special, so no struct page is touched. */
static int remap_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct remap_pfn *r = data;

	if (!pte_none(ptep_get(pte))) {
		pr_warn("remap_pfn_range: %#lx is already mapped\n", addr);
		return -EACCES;
	}
	set_pte(pte, pte_mkspecial(pfn_pte(r->pfn, r->prot)));
	r->pfn++;
	return 0;
}

/* Does [@pfn, @pfn + @pages) fit the physical address width? */
static bool pfn_range_fits(unsigned long pfn, unsigned long pages)
{
	unsigned long max = 1UL << (__PHYSICAL_MASK_SHIFT - PAGE_SHIFT);

	return pfn < max && pages <= max - pfn;
}

/**
 * remap_pfn_range_notrack() - map [@addr, @addr + @size) of @vma to the
 * frames from @pfn with @prot, without the cache-mode policy.  The VMA
 * becomes VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP and its PTEs are
 * special (no struct page is referenced or counted).  A copy-on-write
 * mapping must be remapped whole, and its vm_pgoff becomes @pfn (so that
 * vm_normal_page() can tell the driver's frames from copied pages).
 * mmlab refuses a range outside @vma or past the physical address width
 * (-EINVAL) where Linux would map it anyway.
 * Context: caller holds mmap_lock for write (a driver's ->mmap()).
 * Return: 0; -EINVAL for an unaligned, empty or partial range; -EACCES if
 * a PTE is already there; -ENOMEM.  On failure the range is unmapped.
 */
int remap_pfn_range_notrack(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn, unsigned long size,
			    pgprot_t prot)
{
	unsigned long end = addr + PAGE_ALIGN(size);
	struct remap_pfn r = { .pfn = pfn, .prot = prot };
	int err;

	if ((addr & ~PAGE_MASK) || !size || end <= addr ||
	    addr < vma->vm_start || end > vma->vm_end ||
	    !pfn_range_fits(pfn, (end - addr) >> PAGE_SHIFT))
		return -EINVAL;
	if (is_cow_mapping(vma->vm_flags)) {
		if (addr != vma->vm_start || end != vma->vm_end)
			return -EINVAL;
		vma->vm_pgoff = pfn;
	}
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	err = apply_to_page_range(vma->vm_mm, addr, end - addr, remap_pte, &r);
	if (err) {
		/* A partial PFN map holds nothing: take it all down. */
		zap_page_range_single(vma, addr, end - addr, NULL);
		return err;
	}
	trace_mm(vma->vm_mm, "remap_pfn_range: %#lx-%#lx -> pfn %#lx, prot %#llx",
		 addr, end, pfn, (unsigned long long)pgprot_val(prot));
	return 0;
}

/* The size Linux's struct pfnmap_track_ctx has (kmalloc-32). */
#define PFNMAP_TRACK_CTX_SHADOW	24

/* pfnmap_track_ctx_alloc(): reserve the range, then the context. */
static struct pfnmap_track_ctx *pfnmap_track_ctx_alloc(unsigned long pfn,
							unsigned long size,
							pgprot_t *prot)
{
	struct pfnmap_track_ctx *ctx;
	void *shadow;

	if (pfnmap_track(pfn, size, prot))
		return ERR_PTR(-EINVAL);
	shadow = kmalloc(PFNMAP_TRACK_CTX_SHADOW, GFP_KERNEL);
	ctx = shadow ? calloc(1, sizeof(*ctx)) : NULL;
	if (!ctx) {
		kfree(shadow);
		pfnmap_untrack(pfn, size);
		return ERR_PTR(-ENOMEM);
	}
	ctx->pfn = pfn;
	ctx->size = size;
	ctx->refs = 1;
	ctx->shadow = shadow;
	return ctx;
}

static void pfnmap_track_ctx_put(struct pfnmap_track_ctx *ctx)
{
	if (--ctx->refs)
		return;
	pfnmap_untrack(ctx->pfn, ctx->size);
	kfree(ctx->shadow);
	free(ctx);
}

/** vma_pfnmap_track_ctx_dup() - @new, a copy of @orig, shares its tracking. */
void vma_pfnmap_track_ctx_dup(struct vm_area_struct *orig,
			      struct vm_area_struct *new)
{
	new->pfnmap_track_ctx = orig->pfnmap_track_ctx;
	if (new->pfnmap_track_ctx)
		new->pfnmap_track_ctx->refs++;
}

/**
 * vma_pfnmap_track_ctx_release() - @vma is freed: drop its reference; the
 * last one gives the range back (so a split or partly unmapped VMA keeps
 * the whole range reserved while any piece of it lives, as Linux).
 */
void vma_pfnmap_track_ctx_release(struct vm_area_struct *vma)
{
	if (!vma->pfnmap_track_ctx)
		return;
	pfnmap_track_ctx_put(vma->pfnmap_track_ctx);
	vma->pfnmap_track_ctx = NULL;
}

/**
 * remap_pfn_range() - remap_pfn_range_notrack() after the architecture's
 * cache-mode policy, as Linux's remap_pfn_range_track(): a range that is
 * the whole VMA is reserved (pfnmap_track(): the VMA takes the type
 * already reserved there, or the call fails with -EINVAL) until the last
 * VMA holding it goes; a part of a VMA only takes the range's memtype
 * (pfnmap_setup_cachemode()).  x86 maps System RAM write-back whatever
 * the driver asked, with a warning.
 * Context: as remap_pfn_range_notrack().
 * Return: as remap_pfn_range_notrack(); -EINVAL also when the VMA is
 * tracked already or the type cannot be had; -ENOMEM.
 */
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
		    unsigned long pfn, unsigned long size, pgprot_t prot)
{
	struct pfnmap_track_ctx *ctx = NULL;
	int err;

	if (!size || !pfn_range_fits(pfn, PAGE_ALIGN(size) >> PAGE_SHIFT))
		return -EINVAL;
	size = PAGE_ALIGN(size);
	if (addr == vma->vm_start && addr + size == vma->vm_end) {
		if (vma->pfnmap_track_ctx)
			return -EINVAL;
		ctx = pfnmap_track_ctx_alloc(pfn, size, &prot);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
	} else if (pfnmap_setup_cachemode(pfn, size, &prot)) {
		return -EINVAL;
	}
	err = remap_pfn_range_notrack(vma, addr, pfn, size, prot);
	if (ctx) {
		if (err)
			pfnmap_track_ctx_put(ctx);
		else
			vma->pfnmap_track_ctx = ctx;
	}
	return err;
}

/**
 * vm_iomap_memory() - map the physical range [@start, @start + @len) into
 * the whole of @vma, from vm_pgoff pages into the range, with the VMA's
 * vm_page_prot: the helper for a driver's ->mmap() of device memory.
 * Return: 0, -EINVAL if the range wraps or the VMA does not fit in it, or
 * what io_remap_pfn_range() returns.
 */
int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start,
		    unsigned long len)
{
	unsigned long vm_len, pfn, pages;

	if (start + len < start)
		return -EINVAL;
	/* An unaligned start is allowed: I/O memory may be smaller. */
	len += start & ~PAGE_MASK;
	pfn = start >> PAGE_SHIFT;
	pages = (len + ~PAGE_MASK) >> PAGE_SHIFT;
	if (pfn + pages < pfn)
		return -EINVAL;
	if (vma->vm_pgoff > pages)
		return -EINVAL;
	pfn += vma->vm_pgoff;
	pages -= vma->vm_pgoff;
	vm_len = vma->vm_end - vma->vm_start;
	if (vm_len >> PAGE_SHIFT > pages)
		return -EINVAL;
	return io_remap_pfn_range(vma, vma->vm_start, pfn, vm_len,
				  vma->vm_page_prot);
}

/*
 * Linux's validate_page_before_insert(): only a referenced page that is
 * neither anonymous nor typed (buddy, slab, page table, large kmalloc)
 * may be inserted; the zero page always may.
 */
static int validate_page_before_insert(struct page *page)
{
	if (page == current_machine()->zero_page)
		return 0;
	if (!page_ref_count(compound_head(page)) || PageAnon(page) ||
	    PageSlab(page) || PageBuddy(page) || PageTable(page) ||
	    PageLargeKmalloc(compound_head(page)))
		return -EINVAL;
	return 0;
}

/* Map @page at @pte: a reference, the file rmap and RSS, as Linux. */
static int insert_page_into_pte(struct vm_area_struct *vma, pte_t *pte,
				struct page *page, pgprot_t prot)
{
	if (!pte_none(ptep_get(pte)))
		return -EBUSY;
	if (page == vma->vm_mm->machine->zero_page) {
		set_pte(pte, pte_mkspecial(mk_pte(page, prot)));
		return 0;
	}
	get_page(page);
	page_add_file_rmap(vma, page);
	inc_rss(vma, page, 1);
	set_pte(pte, mk_pte(page, prot));
	trace_mm(vma->vm_mm, "vm_insert_page: pfn %#lx, refcount %d, mapcount %d",
		 page_to_pfn(page), page_ref_count(compound_head(page)),
		 page_mapcount(page));
	return 0;
}

static int insert_page(struct vm_area_struct *vma, unsigned long addr,
		       struct page *page, pgprot_t prot)
{
	int err = validate_page_before_insert(page);
	pte_t *pte;

	if (err)
		return err;
	pte = pte_alloc_map(vma->vm_mm, addr);
	if (!pte)
		return -ENOMEM;
	return insert_page_into_pte(vma, pte, page, prot);
}

/* vm_insert_page() turns a VMA into a mixed map; a PFN map cannot be. */
static int vma_make_mixedmap(struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_MIXEDMAP)
		return 0;
	if (vma->vm_flags & VM_PFNMAP) {
		/* Linux: BUG_ON(); mmlab refuses. */
		pr_err("vm_insert_page: VM_PFNMAP VMA %#lx-%#lx\n",
		       vma->vm_start, vma->vm_end);
		return -EINVAL;
	}
	vm_flags_set(vma, VM_MIXEDMAP);
	return 0;
}

/**
 * vm_insert_page() - map the kernel page @page (a driver's own, with a
 * reference) at @addr of @vma with vm_page_prot.  The PTE is normal: the
 * page gains a reference and a mapcount and counts in the task's RSS; the
 * VMA becomes VM_MIXEDMAP.  For a driver's ->mmap().
 * Return: 0; -EFAULT outside @vma; -EINVAL for a page that may not be
 * mapped (free, anonymous, slab, page table); -EBUSY if a PTE is there;
 * -ENOMEM.
 */
int vm_insert_page(struct vm_area_struct *vma, unsigned long addr,
		   struct page *page)
{
	int err;

	if (addr < vma->vm_start || addr >= vma->vm_end)
		return -EFAULT;
	if (!page_ref_count(compound_head(page)))
		return -EINVAL;
	err = vma_make_mixedmap(vma);
	if (err)
		return err;
	return insert_page(vma, addr & PAGE_MASK, page, vma->vm_page_prot);
}

/**
 * vm_insert_pages() - vm_insert_page() of *@num pages from @addr.
 * Return: 0 with *@num set to 0, or the first error with *@num set to the
 * pages not inserted; -EFAULT (nothing inserted) if the range leaves @vma.
 */
int vm_insert_pages(struct vm_area_struct *vma, unsigned long addr,
		    struct page **pages, unsigned long *num)
{
	unsigned long end = addr + *num * PAGE_SIZE;
	int err;

	if (addr < vma->vm_start || end < addr || end > vma->vm_end)
		return -EFAULT;
	err = vma_make_mixedmap(vma);
	if (err)
		return err;
	for (; *num; (*num)--, pages++, addr += PAGE_SIZE) {
		err = insert_page(vma, addr, *pages, vma->vm_page_prot);
		if (err)
			return err;
	}
	return 0;
}

/* insert_pfn(): a special PTE; one already there is left as it is. */
static vm_fault_t insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			     unsigned long pfn, pgprot_t prot)
{
	pte_t *pte = pte_alloc_map(vma->vm_mm, addr);

	if (!pte)
		return VM_FAULT_OOM;
	if (pte_none(ptep_get(pte))) {
		set_pte(pte, pte_mkspecial(pfn_pte(pfn, prot)));
		trace_mm(vma->vm_mm, "insert_pfn: %#lx -> pfn %#lx, prot %#llx",
			 addr, pfn, (unsigned long long)pgprot_val(prot));
	}
	return VM_FAULT_NOPAGE;
}

/*
 * What Linux BUG()s on in vmf_insert_pfn_prot() and vmf_insert_mixed():
 * mmlab logs it and the fault fails with SIGBUS instead.
 */
static bool vmf_insert_bad(struct vm_area_struct *vma, unsigned long pfn,
			   bool mixed)
{
	unsigned long f = vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP);
	const char *why = NULL;

	if (mixed && !(f & VM_MIXEDMAP) &&
	    pfn != page_to_pfn(vma->vm_mm->machine->zero_page))
		why = "VMA not VM_MIXEDMAP";
	else if (!mixed && !f)
		why = "VMA neither VM_PFNMAP nor VM_MIXEDMAP";
	else if (f == (VM_PFNMAP | VM_MIXEDMAP))
		why = "VMA both VM_PFNMAP and VM_MIXEDMAP";
	else if (!mixed && (f & VM_PFNMAP) && is_cow_mapping(vma->vm_flags))
		why = "copy-on-write VM_PFNMAP VMA";
	else if (!mixed && (f & VM_MIXEDMAP) && pfn_valid(pfn))
		why = "a pfn with a struct page in a VM_MIXEDMAP VMA";
	else if (!pfn_range_fits(pfn, 1))
		why = "pfn beyond the physical address width";
	if (why)
		pr_err("vmf_insert_%s: %s\n", mixed ? "mixed" : "pfn", why);
	return why;
}

/**
 * vmf_insert_pfn_prot() - from a ->fault() handler of a VM_PFNMAP (or
 * VM_MIXEDMAP) VMA: map frame @pfn at @addr with @pgprot, as a special
 * PTE; the cache mode follows the frame's memtype
 * (pfnmap_setup_cachemode()).
 * Return: VM_FAULT_NOPAGE (also when a PTE is already there),
 * VM_FAULT_OOM, or VM_FAULT_SIGBUS outside the VMA or for a misuse.
 */
vm_fault_t vmf_insert_pfn_prot(struct vm_area_struct *vma, unsigned long addr,
			       unsigned long pfn, pgprot_t pgprot)
{
	if (vmf_insert_bad(vma, pfn, false))
		return VM_FAULT_SIGBUS;
	if (addr < vma->vm_start || addr >= vma->vm_end)
		return VM_FAULT_SIGBUS;
	if (pfnmap_setup_cachemode(pfn, PAGE_SIZE, &pgprot))
		return VM_FAULT_SIGBUS;
	return insert_pfn(vma, addr & PAGE_MASK, pfn, pgprot);
}

/** vmf_insert_pfn() - vmf_insert_pfn_prot() with the VMA's vm_page_prot. */
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr,
			  unsigned long pfn)
{
	return vmf_insert_pfn_prot(vma, addr, pfn, vma->vm_page_prot);
}

/**
 * vmf_insert_mixed() - vmf_insert_pfn() for a VM_MIXEDMAP VMA, whose frame
 * may have a struct page.  x86 has pte_special(), so the PTE is special
 * either way, as in Linux (no reference is taken).
 * Return: as vmf_insert_pfn_prot().
 */
vm_fault_t vmf_insert_mixed(struct vm_area_struct *vma, unsigned long addr,
			    unsigned long pfn)
{
	pgprot_t prot = vma->vm_page_prot;

	if (vmf_insert_bad(vma, pfn, true))
		return VM_FAULT_SIGBUS;
	if (addr < vma->vm_start || addr >= vma->vm_end)
		return VM_FAULT_SIGBUS;
	if (pfnmap_setup_cachemode(pfn, PAGE_SIZE, &prot))
		return VM_FAULT_SIGBUS;
	return insert_pfn(vma, addr & PAGE_MASK, pfn, prot);
}

/**
 * zap_vma_ptes() - remove the PTEs of [@address, @address + @size) of a
 * VM_PFNMAP @vma (a driver taking its frames back); anything else, or a
 * range outside @vma, is ignored.
 */
void zap_vma_ptes(struct vm_area_struct *vma, unsigned long address,
		  unsigned long size)
{
	if (!vma || !(vma->vm_flags & VM_PFNMAP) || !size ||
	    address < vma->vm_start || address + size > vma->vm_end ||
	    address + size < address)
		return;
	zap_page_range_single(vma, address, size, NULL);
}

/**
 * generic_access_phys() - the ->access() of an ioremap-able PFN map:
 * read or write @len bytes at @addr through a temporary ioremap() of the
 * frame its PTE maps, with the PTE's cache mode.  mmlab stops at the end
 * of the page (access_process_vm() asks page by page).
 * Return: the bytes copied; -EINVAL for a VMA that is not VM_IO|VM_PFNMAP,
 * no PTE, or a write through a read-only one; -ENOMEM when the frame
 * cannot be ioremap()ped (System RAM, as on Linux).
 */
int generic_access_phys(struct vm_area_struct *vma, unsigned long addr,
			void *buf, int len, int write)
{
	unsigned long off = addr & ~PAGE_MASK;
	pte_t *ptep, pte;
	pgprot_t prot;
	void *maddr;
	int err;

	if (!(vma->vm_flags & (VM_IO | VM_PFNMAP)) || len <= 0)
		return -EINVAL;
	ptep = pte_offset_map_mm(vma->vm_mm, addr);
	pte = ptep ? ptep_get(ptep) : __pte(0);
	if (!pte_present(pte) || (write && !pte_write(pte)))
		return -EINVAL;
	len = (int)min((unsigned long)len, PAGE_SIZE - off);
	prot = pgprot_cachemode_of(PAGE_KERNEL_IO, pte);
	maddr = __ioremap_caller(PFN_PHYS(pte_pfn(pte)), PAGE_SIZE, prot,
				 "generic_access_phys");
	if (!maddr)
		return -ENOMEM;
	if (write)
		err = memcpy_toio_nofault((char *)maddr + off, buf, (size_t)len);
	else
		err = memcpy_fromio_nofault(buf, (char *)maddr + off, (size_t)len);
	iounmap(maddr);
	return err ? err : len;
}
