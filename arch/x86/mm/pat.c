// SPDX-License-Identifier: MIT
/*
 * The cache mode of user PFN mappings, as x86 Linux with PAT enabled
 * decides it (arch/x86/mm/pat/memtype.c):
 *
 * - System RAM is write-back: a driver asking remap_pfn_range() for
 *   pgprot_writecombine() or pgprot_noncached() on RAM (a kmalloc() buffer)
 *   gets write-back PTEs, and a "map pfn RAM range req ..., got write-back"
 *   warning in the log, as reserve_pfn_range() does.
 * - The legacy ISA window (0xa0000-0xfffff) is untracked: write-back in
 *   the PTE whatever was asked.
 * - Elsewhere a write-back request where the firmware's MTRRs say uncached
 *   (QEMU's: the PCI hole) becomes uncached-minus (pat_x_mtrr_type()).
 * - Anything else keeps the mode remap_pfn_range() asked for.  A single
 *   PFN inserted by vmf_insert_pfn() gets the range's memtype, which for
 *   MMIO nobody reserved is uncached-minus.
 *
 * mmlab keeps no memtype tree: a range reserved with another mode by
 * ioremap_wc() or an earlier remap_pfn_range() is not seen, where Linux
 * would map it with the reserved mode (or refuse the conflict).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/ioport.h>
#include <linux/sched.h>
#include <linux/current.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <asm/e820.h>
#include <asm/pgtable.h>

static const char *cattr_name(u64 cache)
{
	switch (cache) {
	case _PAGE_CACHE_WB:		return "write-back";
	case _PAGE_CACHE_WC:		return "write-combining";
	case _PAGE_CACHE_UC_MINUS:	return "uncached-minus";
	case _PAGE_CACHE_UC:		return "uncached";
	default:			return "write-through";
	}
}

static bool pfn_range_is_ram(unsigned long pfn, unsigned long size)
{
	return region_is_ram(&current_machine()->iomem_resource,
			     PFN_PHYS(pfn), size);
}

static pgprot_t pgprot_set_cachemode(pgprot_t prot, u64 cache)
{
	return __pgprot((pgprot_val(prot) & ~_PAGE_CACHE_MASK) | cache);
}

/* is_ISA_range(): the VGA window and ROMs, untracked, write-back in the PTE. */
static bool is_ISA_range(u64 start, u64 end)
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

/**
 * pfnmap_setup_cachemode() - give @prot the memtype of [@pfn, @pfn +
 * @size): write-back for System RAM, uncached-minus otherwise (no memtype
 * tree in mmlab, see above).
 * Return: 0, or -EINVAL if the range mixes RAM and non-RAM.
 */
int pfnmap_setup_cachemode(unsigned long pfn, unsigned long size,
			   pgprot_t *prot)
{
	bool ram = pfn_range_is_ram(pfn, size);

	if (!ram && size > PAGE_SIZE && pfn_range_is_ram(pfn, PAGE_SIZE))
		return -EINVAL;
	*prot = pgprot_set_cachemode(*prot, ram ? _PAGE_CACHE_WB :
						  _PAGE_CACHE_UC_MINUS);
	return 0;
}

/**
 * pfnmap_track_remap() - remap_pfn_range()'s reservation: RAM is mapped
 * write-back whatever the driver asked (with Linux's warning when it
 * asked for something else); other ranges keep @prot's mode.
 * Return: 0.
 */
int pfnmap_track_remap(unsigned long pfn, unsigned long size, pgprot_t *prot)
{
	u64 want = pgprot_val(*prot) & _PAGE_CACHE_MASK;
	phys_addr_t pa = PFN_PHYS(pfn);
	struct task_struct *t = get_current();

	if (is_ISA_range(pa, pa + size)) {
		*prot = pgprot_set_cachemode(*prot, _PAGE_CACHE_WB);
		return 0;	/* untracked: write-back in the PTE */
	}
	if (!pfn_range_is_ram(pfn, size)) {
		/* pat_x_mtrr_type(): write-back where the MTRRs are not is UC-. */
		if (want == _PAGE_CACHE_WB && !mtrr_range_is_wb(pa, pa + size))
			*prot = pgprot_set_cachemode(*prot, _PAGE_CACHE_UC_MINUS);
		return 0;
	}
	if (want == _PAGE_CACHE_WB)
		return 0;
	pr_warn("x86/PAT: %s:%d map pfn RAM range req %s for [mem %#010llx-%#010llx], got %s\n",
		t ? t->comm : "swapper", t ? t->pid : 0, cattr_name(want),
		(unsigned long long)pa, (unsigned long long)(pa + size - 1),
		cattr_name(_PAGE_CACHE_WB));
	*prot = pgprot_set_cachemode(*prot, _PAGE_CACHE_WB);
	return 0;
}

/* Under STRICT_DEVMEM, drivers/char/mem.c has checked the range already. */
int phys_mem_access_prot_allowed(struct file *file, unsigned long pfn,
				 unsigned long size, pgprot_t *vma_prot)
{
	u64 pcm = _PAGE_CACHE_WB;

	if (file->f_flags & O_DSYNC)
		pcm = _PAGE_CACHE_UC_MINUS;
	*vma_prot = pgprot_set_cachemode(*vma_prot, pcm);
	return 1;
}

pgprot_t phys_mem_access_prot(struct file *file, unsigned long pfn,
			      unsigned long size, pgprot_t vma_prot)
{
	return vma_prot;	/* no memory encryption to strip */
}
