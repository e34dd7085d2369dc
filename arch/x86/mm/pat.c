// SPDX-License-Identifier: MIT
/*
 * The cache mode of PFN mappings and ioremap(), as x86 Linux with PAT
 * enabled decides it (arch/x86/mm/pat/memtype.c), over the memtype tree
 * of arch/x86/mm/memtype.c:
 *
 * - ioremap*() reserves its range with the type it asks for; a range
 *   already reserved gives its type instead when Linux allows the
 *   substitution (is_new_memtype_allowed(): uncached, WC or WT never
 *   become write-back), else the ioremap fails with "ioremap error for".
 * - remap_pfn_range() of a whole VMA reserves the range the same way
 *   (pfnmap_track()): the VMA takes the type already there, or fails with
 *   "map pfn expected mapping type ... got ..." (-EINVAL).  The tracking
 *   is released when the last VMA holding it goes (mm/memory.c).
 * - System RAM is write-back: a driver asking remap_pfn_range() for
 *   pgprot_writecombine() or pgprot_noncached() on RAM (a kmalloc() buffer)
 *   gets write-back PTEs, and a "map pfn RAM range req ..., got write-back"
 *   warning in the log, as reserve_pfn_range() does.
 * - The legacy ISA window (0xa0000-0xfffff) is untracked: write-back in
 *   the PTE whatever was asked.
 * - A write-back request where the firmware's MTRRs say uncached (QEMU's:
 *   the PCI hole) becomes uncached-minus (pat_x_mtrr_type()).
 * - A partial remap_pfn_range() and vmf_insert_pfn() reserve nothing:
 *   they take the range's memtype (pfnmap_setup_cachemode()), which for
 *   MMIO nobody reserved is uncached-minus.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/ioport.h>
#include <linux/sched.h>
#include <linux/current.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <asm/pgtable.h>
#include <asm/memtype.h>

static pgprot_t pgprot_set_cachemode(pgprot_t prot, enum page_cache_mode pcm)
{
	return __pgprot((pgprot_val(prot) & ~_PAGE_CACHE_MASK) |
			cachemode2protval(pcm));
}

static enum page_cache_mode pgprot_cachemode(pgprot_t prot)
{
	return pgprot2cachemode(pgprot_val(prot));
}

/**
 * pfnmap_setup_cachemode() - give @prot the memtype of [@pfn, @pfn +
 * @size) (lookup_memtype() of each page): write-back for System RAM and
 * the ISA window, the reserved type, else uncached-minus.
 * Return: 0, or -EINVAL if the pages differ.
 */
int pfnmap_setup_cachemode(unsigned long pfn, unsigned long size,
			   pgprot_t *prot)
{
	u64 paddr = PFN_PHYS(pfn);
	enum page_cache_mode pcm = lookup_memtype(paddr);

	for (; size > PAGE_SIZE; size -= PAGE_SIZE) {
		paddr += PAGE_SIZE;
		if (lookup_memtype(paddr) != pcm)
			return -EINVAL;
	}
	*prot = pgprot_set_cachemode(*prot, pcm);
	return 0;
}

/*
 * reserve_pfn_range() for RAM: no reservation, the pages' type (always
 * write-back here) wins over the request, with a warning.  Linux takes
 * this path for a range that is only partly RAM too.
 */
static int reserve_pfn_range_ram(u64 paddr, unsigned long size,
				 pgprot_t *prot)
{
	enum page_cache_mode want = pgprot_cachemode(*prot);
	enum page_cache_mode pcm = lookup_memtype(paddr);
	struct task_struct *t = get_current();

	if (want == pcm)
		return 0;
	pr_warn("x86/PAT: %s:%d map pfn RAM range req %s for [mem %#010llx-%#010llx], got %s\n",
		t ? t->comm : "swapper", t ? t->pid : 0, cattr_name(want),
		(unsigned long long)paddr,
		(unsigned long long)(paddr + size - 1), cattr_name(pcm));
	*prot = pgprot_set_cachemode(*prot, pcm);
	return 0;
}

/**
 * pfnmap_track() - reserve [@pfn, @pfn + @size) for a PFN mapping of a
 * whole VMA with @prot's cache mode (Linux's reserve_pfn_range(), not
 * strict): @prot takes the type the range must be mapped with.
 * Return: 0; -EINVAL when the reserved type may not replace the one
 * asked (logged, nothing kept reserved); what memtype_reserve() returns.
 */
int pfnmap_track(unsigned long pfn, unsigned long size, pgprot_t *prot)
{
	enum page_cache_mode want = pgprot_cachemode(*prot), pcm;
	struct task_struct *t = get_current();
	u64 paddr = PFN_PHYS(pfn);
	int err;

	if (pat_pagerange_is_ram(paddr, paddr + size))
		return reserve_pfn_range_ram(paddr, size, prot);
	err = memtype_reserve(paddr, paddr + size, want, &pcm);
	if (err)
		return err;
	if (pcm != want) {
		if (!is_new_memtype_allowed(paddr, size, want, pcm)) {
			memtype_free(paddr, paddr + size);
			pr_err("x86/PAT: %s:%d map pfn expected mapping type %s for [mem %#010llx-%#010llx], got %s\n",
			       t ? t->comm : "swapper", t ? t->pid : 0,
			       cattr_name(want), (unsigned long long)paddr,
			       (unsigned long long)(paddr + size - 1),
			       cattr_name(pcm));
			return -EINVAL;
		}
		*prot = pgprot_set_cachemode(*prot, pcm);
	}
	if (memtype_kernel_map_sync(paddr, size, pcm) < 0) {
		memtype_free(paddr, paddr + size);
		return -EINVAL;
	}
	return 0;
}

/** pfnmap_untrack() - give back pfnmap_track()'s reservation (free_pfn_range()). */
void pfnmap_untrack(unsigned long pfn, unsigned long size)
{
	u64 paddr = PFN_PHYS(pfn);

	if (pat_pagerange_is_ram(paddr, paddr + size) == 0)
		memtype_free(paddr, paddr + size);
}

/**
 * ioremap_memtype_reserve() - __ioremap_caller()'s reservation of the
 * page-aligned [@phys, @phys + @size) with @prot's cache mode; @prot
 * takes the type to map with.
 * Return: 0, or an errno with Linux's log line (nothing kept reserved).
 */
int ioremap_memtype_reserve(phys_addr_t phys, size_t size, pgprot_t *prot)
{
	enum page_cache_mode pcm = pgprot_cachemode(*prot), new_pcm;
	int err = memtype_reserve(phys, (u64)phys + size, pcm, &new_pcm);

	if (err) {
		pr_err("ioremap memtype_reserve failed %d\n", err);
		return err;
	}
	if (pcm != new_pcm) {
		if (!is_new_memtype_allowed(phys, size, pcm, new_pcm)) {
			pr_err("ioremap error for 0x%llx-0x%llx, requested 0x%x, got 0x%x\n",
			       (unsigned long long)phys,
			       (unsigned long long)(phys + size), pcm, new_pcm);
			memtype_free(phys, (u64)phys + size);
			return -EBUSY;
		}
		*prot = pgprot_set_cachemode(*prot, new_pcm);
	}
	/* the direct map's alias of the range takes the type too */
	if (memtype_kernel_map_sync(phys, size, new_pcm) < 0) {
		memtype_free(phys, (u64)phys + size);
		return -EINVAL;
	}
	return 0;
}

/** ioremap_memtype_free() - iounmap()'s (and a failed ioremap()'s) free. */
void ioremap_memtype_free(phys_addr_t phys, size_t size)
{
	memtype_free(phys, (u64)phys + size);
}

/*
 * Under STRICT_DEVMEM, drivers/char/mem.c has checked the range already.
 * The mapping then goes through remap_pfn_range(), whose pfnmap_track()
 * gives it the type a driver reserved (a UC- ioremap() makes it UC-).
 */
int phys_mem_access_prot_allowed(struct file *file, unsigned long pfn,
				 unsigned long size, pgprot_t *vma_prot)
{
	enum page_cache_mode pcm = _PAGE_CACHE_MODE_WB;

	if (file->f_flags & O_DSYNC)
		pcm = _PAGE_CACHE_MODE_UC_MINUS;
	*vma_prot = pgprot_set_cachemode(*vma_prot, pcm);
	return 1;
}

pgprot_t phys_mem_access_prot(struct file *file, unsigned long pfn,
			      unsigned long size, pgprot_t vma_prot)
{
	return vma_prot;	/* no memory encryption to strip */
}
