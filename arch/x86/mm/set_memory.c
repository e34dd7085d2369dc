// SPDX-License-Identifier: MIT
/*
 * Changing the attributes of kernel pages, as x86 Linux's "CPA"
 * (arch/x86/mm/pat/set_memory.c, change_page_attr_set_clr()) does it:
 *
 * - Each page of [addr, addr + numpages pages) gets its entry's bits
 *   cleared (mask_clr) then set (mask_set).  A 4 KiB PTE changes in
 *   place.  A 2 MiB or 1 GiB leaf that the change covers whole changes in
 *   place too; one it covers in part is split (split_large_page()): a new
 *   table from the page allocator with 512 entries of the next size down
 *   that map the same frames with the same bits, then the walk repeats.
 *   The DirectMap4k/2M/1G counts of /proc/meminfo follow each split.
 * - A vmalloc (or ioremap) address: its PTE changes, and so does the
 *   direct-map alias of its frame (cpa_process_alias()), except for NX,
 *   which the direct map always has.
 * - Holes in the direct map are skipped; any other address that nothing
 *   maps is -EFAULT with Linux's "CPA: called for zero pte" WARN.
 * - The TLB: one global flush after every split (before the change), and
 *   at the end of the call the pages changed, page by page, or all at
 *   once above tlb_single_page_flush_ceiling pages or when an alias
 *   changed (cpa_flush()).  mmlab simulates no data cache, so the
 *   CLFLUSH of the pages whose cache mode changed has nothing to do.
 * - Split pages are never merged back: Linux 6.18 collapses large pages
 *   again (cpa_collapse_large_pages()) only for CPA_COLLAPSE, which
 *   set_memory_rox() alone asks for; mmlab has no executable-memory
 *   allocator and so no set_memory_rox().
 *
 * set_memory_uc()/set_memory_wc() reserve the range's memory type first
 * (memtype_reserve(): for RAM the page flags, arch/x86/mm/memtype.c), so
 * that a second, different request fails with -EBUSY, and a mapping of
 * the pages to user space (remap_pfn_range()) gets the same type;
 * set_memory_wb() gives it back.  ioremap() and remap_pfn_range() of
 * frames the direct map maps but that are not tracked as RAM (the first
 * megabyte's) change the direct map's type too (ioremap_change_attr(),
 * through memtype_kernel_map_sync()).
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/mm.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <asm/memtype.h>
#include <asm/set_memory.h>

#define CPA_FLUSHTLB	1

struct cpa_data {
	unsigned long vaddr;	/* the page being changed */
	pgprot_t mask_set;
	pgprot_t mask_clr;
	unsigned long numpages;	/* in: pages left; out: pages done */
	unsigned long pfn;	/* the frame at vaddr (for the alias) */
	unsigned int flags;	/* CPA_FLUSHTLB */
	bool force_flush_all;
	bool checkalias;
};

/* Is @addr in the direct map's range (Linux: below max_pfn_mapped)? */
static bool within_direct_map(unsigned long addr)
{
	return addr >= PAGE_OFFSET && addr < current_machine()->high_memory;
}

/*
 * A large leaf's bits in the 4 KiB format: PSE gone, the PAT bit moved
 * from bit 12 to bit 7 (pgprot_large_2_4k()); and back.
 */
static u64 pgprot_large_2_4k(u64 prot)
{
	prot &= ~_PAGE_PSE;
	if (prot & _PAGE_PAT_LARGE)
		prot = (prot & ~_PAGE_PAT_LARGE) | _PAGE_PAT;
	return prot;
}

static u64 pgprot_4k_2_large(u64 prot)
{
	if (prot & _PAGE_PAT)
		prot = (prot & ~_PAGE_PAT) | _PAGE_PAT_LARGE;
	return prot;
}

/*
 * A not-present kernel entry must not keep GLOBAL, which is also
 * _PAGE_PROTNONE: it would read as a PROT_NONE page whose frame is
 * inverted (pgprot_clear_protnone_bits()).
 */
static u64 pgprot_clear_protnone_bits(u64 prot)
{
	if (!(prot & _PAGE_PRESENT))
		prot &= ~_PAGE_GLOBAL;
	return prot;
}

static u64 cpa_apply(const struct cpa_data *cpa, u64 prot)
{
	prot &= ~pgprot_val(cpa->mask_clr);
	prot |= pgprot_val(cpa->mask_set);
	return pgprot_clear_protnone_bits(prot);
}

static u64 leaf_pfn_mask(enum pg_level level)
{
	if (level == PG_LEVEL_1G)
		return PUD_LEAF_PFN_MASK;
	return level == PG_LEVEL_2M ? PMD_LEAF_PFN_MASK : PTE_PFN_MASK;
}

static unsigned long level_size(enum pg_level level)
{
	return level == PG_LEVEL_1G ? PUD_SIZE : PMD_SIZE;
}

/*
 * update_page_count(): a split of a direct-map leaf of @level moves it to
 * the next size down in meminfo's DirectMap lines (split_page_count()).
 */
static void split_page_count(enum pg_level level)
{
	struct mml_machine *m = current_machine();
	int i = level - PG_LEVEL_4K;

	m->direct_pages_count[i]--;
	m->direct_pages_count[i - 1] += PTRS_PER_PTE;
}

/*
 * __split_large_page(): fill the table at @pa with the 512 entries that
 * map what the leaf *@kpte of @level maps, with its bits, and link it in
 * place of the leaf.
 */
static void __split_large_page(pte_t *kpte, enum pg_level level,
			       unsigned long address, phys_addr_t pa)
{
	u64 entry = pte_val(*kpte), *table = phys_to_host(pa);
	u64 ref_prot = pgprot_large_2_4k(entry & ~leaf_pfn_mask(level));
	u64 ref_pa = entry & leaf_pfn_mask(level), inc = PAGE_SIZE;
	int i;

	if (level == PG_LEVEL_1G) {
		/* 2 MiB leaves: the large format, PSE where present */
		ref_prot = pgprot_4k_2_large(ref_prot);
		if (ref_prot & _PAGE_PRESENT)
			ref_prot |= _PAGE_PSE;
		inc = PMD_SIZE;
	}
	ref_prot = pgprot_clear_protnone_bits(ref_prot);
	for (i = 0; i < PTRS_PER_PTE; i++)
		table[i] = (ref_pa + i * inc) | ref_prot;
	if (virt_addr_valid(address))
		split_page_count(level);
	WRITE_ONCE(kpte->pte, pa | _KERNPG_TABLE);
	/*
	 * A global flush between the split and the change itself: no TLB may
	 * hold the large and the small translation of one page at once.
	 */
	flush_tlb_all();
}

/*
 * split_large_page(): the table comes from the page allocator.
 * Return: 0, or -ENOMEM (nothing changed).
 */
static int split_large_page(pte_t *kpte, enum pg_level level,
			    unsigned long address)
{
	phys_addr_t pa = pgtable_alloc_kernel_page();

	if (!pa)
		return -ENOMEM;
	__split_large_page(kpte, level, address, pa);
	return 0;
}

/*
 * should_split_large_page(): the leaf *@kpte of @level maps @address.
 * cpa->numpages becomes the pages of the request inside this leaf.  The
 * leaf keeps its size when its bits stay as they are, or when the
 * request covers it whole (then it changes in place).
 * Return: 1 to split, 0 when done.
 */
static int should_split_large_page(pte_t *kpte, enum pg_level level,
				   struct cpa_data *cpa)
{
	unsigned long psize = level_size(level), address = cpa->vaddr;
	unsigned long lpaddr = address & ~(psize - 1), numpages;
	u64 entry = pte_val(*kpte), pfnbits = entry & leaf_pfn_mask(level);
	u64 old_prot = pgprot_large_2_4k(entry & ~leaf_pfn_mask(level));
	u64 req_prot = cpa_apply(cpa, old_prot);

	numpages = (lpaddr + psize - address) >> PAGE_SHIFT;
	if (numpages < cpa->numpages)
		cpa->numpages = numpages;
	cpa->pfn = PFN_DOWN(pfnbits) + ((address - lpaddr) >> PAGE_SHIFT);
	if (req_prot == old_prot)
		return 0;
	if (address != lpaddr || cpa->numpages != numpages)
		return 1;
	req_prot = pgprot_4k_2_large(req_prot);
	if (req_prot & _PAGE_PRESENT)
		req_prot |= _PAGE_PSE;
	WRITE_ONCE(kpte->pte, pfnbits | req_prot);
	cpa->flags |= CPA_FLUSHTLB;
	return 0;
}

/*
 * __cpa_process_fault(): nothing maps cpa->vaddr.  A hole in the direct
 * map, or any address when changing an alias, is skipped one page at a
 * time; anything else is the caller's bug.
 */
static int __cpa_process_fault(struct cpa_data *cpa, bool primary)
{
	if (!primary) {
		cpa->numpages = 1;
		return 0;
	}
	if (within_direct_map(cpa->vaddr)) {
		cpa->numpages = 1;
		cpa->pfn = PFN_DOWN(__pa(cpa->vaddr));
		return 0;
	}
	WARN(1, "CPA: called for zero pte. vaddr = %lx cpa->vaddr = %lx\n",
	     cpa->vaddr, cpa->vaddr);
	return -EFAULT;
}

/* __change_page_attr(): change the leaf at cpa->vaddr, splitting it first if needed. */
static int __change_page_attr(struct cpa_data *cpa, bool primary)
{
	enum pg_level level;
	pte_t *kpte;
	int err;

	for (;;) {
		kpte = lookup_kernel_leaf(cpa->vaddr, &level);
		if (!kpte || pte_none(*kpte))
			return __cpa_process_fault(cpa, primary);
		if (level == PG_LEVEL_4K) {
			u64 old = pte_val(*kpte);
			u64 new = (old & PTE_PFN_MASK) |
				  cpa_apply(cpa, old & ~PTE_PFN_MASK);

			cpa->pfn = pte_pfn(*kpte);
			if (new != old) {
				set_pte(kpte, __pte(new));
				cpa->flags |= CPA_FLUSHTLB;
			}
			cpa->numpages = 1;
			return 0;
		}
		if (!should_split_large_page(kpte, level, cpa))
			return 0;
		err = split_large_page(kpte, level, cpa->vaddr);
		if (err)
			return err;
	}
}

static int __change_page_attr_set_clr(struct cpa_data *cpa, bool primary);

/*
 * cpa_process_alias(): a page changed outside the direct map (vmalloc,
 * ioremap): its frame's direct-map page changes the same way, but for NX.
 */
static int cpa_process_alias(struct cpa_data *cpa)
{
	struct cpa_data alias;

	if (within_direct_map(cpa->vaddr) ||
	    cpa->pfn >= current_machine()->max_pfn)
		return 0;	/* the direct map itself, or MMIO it does not map */
	alias = *cpa;
	alias.vaddr = __va(PFN_PHYS(cpa->pfn));
	pgprot_val(alias.mask_set) &= ~_PAGE_NX;
	pgprot_val(alias.mask_clr) &= ~_PAGE_NX;
	alias.flags = 0;
	cpa->force_flush_all = true;
	return __change_page_attr_set_clr(&alias, false);
}

static int __change_page_attr_set_clr(struct cpa_data *cpa, bool primary)
{
	unsigned long numpages = cpa->numpages, rempages = numpages;
	unsigned long start = cpa->vaddr;
	int err = 0;

	while (rempages) {
		cpa->numpages = rempages;
		err = __change_page_attr(cpa, primary);
		if (!err && primary && cpa->checkalias)
			err = cpa_process_alias(cpa);
		if (err)
			break;
		rempages -= cpa->numpages;
		cpa->vaddr += cpa->numpages * PAGE_SIZE;
	}
	cpa->numpages = numpages;
	cpa->vaddr = start;
	return err;
}

/* cpa_flush(): the TLB entries of the pages changed (see above). */
static void cpa_flush(const struct cpa_data *cpa)
{
	unsigned long i;

	if (cpa->force_flush_all ||
	    cpa->numpages > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		flush_tlb_all();
		return;
	}
	for (i = 0; i < cpa->numpages; i++)
		flush_tlb_one_kernel(cpa->vaddr + i * PAGE_SIZE);
}

/*
 * change_page_attr_set_clr(): a misaligned @addr is a caller's bug: it is
 * rounded down, with a WARN (Linux's WARN_ON_ONCE(1), no text; mmlab's
 * WARN_ON() has no once-only state, so every time).  A negative
 * @numpages, which Linux would take as a huge count, is -EINVAL here.
 */
static int change_page_attr_set_clr(unsigned long addr, int numpages,
				    pgprot_t mask_set, pgprot_t mask_clr)
{
	struct cpa_data cpa = {
		.mask_set = mask_set, .mask_clr = mask_clr,
	};
	int err;

	if (numpages < 0)
		return -EINVAL;
	if (!pgprot_val(mask_set) && !pgprot_val(mask_clr))
		return 0;
	if (addr & ~PAGE_MASK) {
		addr &= PAGE_MASK;
		/* People should not be passing in unaligned addresses */
		WARN_ON(1);
	}
	cpa.vaddr = addr;
	cpa.numpages = (unsigned long)numpages;
	/* No alias checking for _NX bit modifications */
	cpa.checkalias = (pgprot_val(mask_set) | pgprot_val(mask_clr)) != _PAGE_NX;
	err = __change_page_attr_set_clr(&cpa, true);
	if (cpa.flags & CPA_FLUSHTLB || cpa.force_flush_all)
		cpa_flush(&cpa);
	return err;
}

static int change_page_attr_set(unsigned long addr, int numpages, u64 set)
{
	return change_page_attr_set_clr(addr, numpages, __pgprot(set), __pgprot(0));
}

static int change_page_attr_clear(unsigned long addr, int numpages, u64 clr)
{
	return change_page_attr_set_clr(addr, numpages, __pgprot(0), __pgprot(clr));
}

/* _set_memory_*(): the PTE bits only; the caller holds the reservation. */
static int _set_memory_uc(unsigned long addr, int numpages)
{
	return change_page_attr_set(addr, numpages,
				    cachemode2protval(_PAGE_CACHE_MODE_UC_MINUS));
}

/* Through UC- first, so that no moment sees the pages cached and WC at once. */
static int _set_memory_wc(unsigned long addr, int numpages)
{
	int err = _set_memory_uc(addr, numpages);

	if (err)
		return err;
	return change_page_attr_set_clr(addr, numpages,
			__pgprot(cachemode2protval(_PAGE_CACHE_MODE_WC)),
			__pgprot(_PAGE_CACHE_MASK));
}

static int _set_memory_wt(unsigned long addr, int numpages)
{
	return change_page_attr_set(addr, numpages,
				    cachemode2protval(_PAGE_CACHE_MODE_WT));
}

static int _set_memory_wb(unsigned long addr, int numpages)
{
	return change_page_attr_clear(addr, numpages, _PAGE_CACHE_MASK);
}

/**
 * ioremap_change_attr() - give the direct map of [@vaddr, +@size) the
 * cache mode @pcm that an ioremap() or remap_pfn_range() of the same
 * frames got, so that no frame is mapped with two types.  UC and UC- set
 * PCD without clearing, as Linux's _set_memory_uc().
 * Return: 0, -EFAULT, -ENOMEM.
 */
int ioremap_change_attr(unsigned long vaddr, unsigned long size,
			enum page_cache_mode pcm)
{
	int nrpages = (int)(size >> PAGE_SHIFT);

	switch (pcm) {
	case _PAGE_CACHE_MODE_WC:
		return _set_memory_wc(vaddr, nrpages);
	case _PAGE_CACHE_MODE_WT:
		return _set_memory_wt(vaddr, nrpages);
	case _PAGE_CACHE_MODE_WB:
		return _set_memory_wb(vaddr, nrpages);
	default:
		return _set_memory_uc(vaddr, nrpages);
	}
}

/*
 * The physical range behind a direct-map [addr, +numpages): what
 * set_memory_uc/wc/wb() reserve.  Linux computes __pa(addr) whatever
 * @addr is; mmlab refuses an address outside the direct map (-EINVAL).
 */
static int direct_map_range(unsigned long addr, int numpages, u64 *start,
			    u64 *end)
{
	if (!within_direct_map(addr))
		return -EINVAL;
	*start = __pa(addr & PAGE_MASK);
	*end = *start + (u64)(numpages > 0 ? numpages : 0) * PAGE_SIZE;
	return 0;
}

/**
 * set_memory_uc() - make direct-map pages uncached (UC-, as Linux: strong
 * UC would defeat the MTRRs' say).  The range's type is reserved first.
 * Return: 0; -EBUSY if it already has another type; -EINVAL; -ENOMEM.
 */
int set_memory_uc(unsigned long addr, int numpages)
{
	u64 start, end;
	int err = direct_map_range(addr, numpages, &start, &end);

	if (err)
		return err;
	err = memtype_reserve(start, end, _PAGE_CACHE_MODE_UC_MINUS, NULL);
	if (err)
		return err;
	err = _set_memory_uc(addr, numpages);
	if (err)
		memtype_free(start, end);
	return err;
}

/**
 * set_memory_wc() - make direct-map pages write-combining (through UC-,
 * as Linux's _set_memory_wc()).  Return: as set_memory_uc().
 */
int set_memory_wc(unsigned long addr, int numpages)
{
	u64 start, end;
	int err = direct_map_range(addr, numpages, &start, &end);

	if (err)
		return err;
	err = memtype_reserve(start, end, _PAGE_CACHE_MODE_WC, NULL);
	if (err)
		return err;
	err = _set_memory_wc(addr, numpages);
	if (err)
		memtype_free(start, end);
	return err;
}

/**
 * set_memory_wb() - make direct-map pages write-back again and give back
 * the type set_memory_uc()/set_memory_wc() reserved.
 * Return: 0, -EINVAL, -ENOMEM.
 */
int set_memory_wb(unsigned long addr, int numpages)
{
	u64 start, end;
	int err = direct_map_range(addr, numpages, &start, &end);

	if (err)
		return err;
	err = _set_memory_wb(addr, numpages);
	if (err)
		return err;
	memtype_free(start, end);
	return 0;
}

int set_memory_ro(unsigned long addr, int numpages)
{
	return change_page_attr_clear(addr, numpages, _PAGE_RW | _PAGE_DIRTY);
}

int set_memory_rw(unsigned long addr, int numpages)
{
	return change_page_attr_set(addr, numpages, _PAGE_RW);
}

int set_memory_x(unsigned long addr, int numpages)
{
	return change_page_attr_clear(addr, numpages, _PAGE_NX);
}

int set_memory_nx(unsigned long addr, int numpages)
{
	return change_page_attr_set(addr, numpages, _PAGE_NX);
}

int set_memory_np(unsigned long addr, int numpages)
{
	return change_page_attr_clear(addr, numpages, _PAGE_PRESENT);
}

int set_memory_p(unsigned long addr, int numpages)
{
	return change_page_attr_set(addr, numpages, _PAGE_PRESENT);
}
