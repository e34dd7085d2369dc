// SPDX-License-Identifier: MIT
/*
 * How a driver maps memory into a process: a test character device whose
 * ->mmap() uses one of Linux's mapping helpers, chosen per test --
 *
 *   kmalloc buffer   remap_pfn_range(virt_to_phys(buf) >> PAGE_SHIFT,
 *                    pgprot_writecombine() or pgprot_noncached())
 *   register block   io_remap_pfn_range() / vm_iomap_memory() of the MMIO
 *                    block of hw/dev/regblock.c, uncached or WC
 *   vmalloc buffer   a ->fault() handler (vmalloc_to_page + get_page),
 *                    or remap_vmalloc_range() of vmalloc_user() memory
 *   single pages     vm_insert_page(), vm_insert_pages()
 *   fault-time PFNs  vmf_insert_pfn() of the register block,
 *                    vmf_insert_mixed() of a RAM frame
 *
 * Each test checks the PTEs (special or not, PAT/PCD/PWT), the VMA's flags
 * and /proc/PID/smaps, what the process reads and writes, the rules of
 * fork, mremap, madvise, mlock, GUP and /proc/PID/mem for such VMAs (each
 * names the Linux function it follows), the fault path's VM_FAULT_* codes,
 * and the allocation failures of every helper; the machine audit runs
 * after every step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/syscall.h>
#include <criterion/criterion.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/gup.h>
#include <mmlab/mmlab.h>
#include "hw/hw.h"
#include "mm/internal.h"
#include <asm/memtype.h>
#include "helpers.h"

#define KBUF_SIZE	8192
#define VBUF_PAGES	4
#define TEST_SIGBUS	7

enum drvmode {
	KMALLOC_WC, KMALLOC_NC, MMIO_NC, MMIO_WC, MMIO_IOMEM,
	VMALLOC_FAULT, VMALLOC_REMAP, VMALLOC_PLAIN, INSERT_PAGE,
	INSERT_PFN, INSERT_MIXED, INSERT_PFN_MKWRITE, INSERT_MIXED_MKWRITE,
};

/* The driver's state. */
struct drvmap {
	enum drvmode mode;
	unsigned long kbuf;		/* kmalloc(KBUF_SIZE) */
	void *vbuf;			/* vmalloc_user() or vmalloc() */
	struct page *page;		/* for vm_insert_page() */
	int faults, vm_open, vm_close;
	vm_fault_t fault_once;		/* returned by the next ->fault() */
	int mmap_ret;
	int mkwrites;			/* ->pfn_mkwrite() calls */
	unsigned int mkwrite_flags;	/* vmf->flags it saw */
	vm_fault_t mkwrite_once;	/* returned by the next ->pfn_mkwrite() */
	bool mkwrite_zaps;		/* it zaps the PTE and returns 0 */
};

static struct drvmap drv;
static struct mml_machine *m;
static struct mml_task *ut;
static struct task_struct *t;
static unsigned long base;

/* --- the driver ------------------------------------------------------------ */

static void drv_vm_open(struct vm_area_struct *vma)
{
	drv.vm_open++;
}

static void drv_vm_close(struct vm_area_struct *vma)
{
	drv.vm_close++;
}

/* source 2 section 7: the vmalloc buffer's page at the fault's offset. */
static vm_fault_t drv_vmalloc_fault(struct vm_fault *vmf)
{
	struct drvmap *d = vmf->vma->vm_private_data;
	struct page *page;
	vm_fault_t ret = d->fault_once;

	d->faults++;
	d->fault_once = 0;
	if (ret)
		return ret;
	if (vmf->pgoff >= VBUF_PAGES)
		return VM_FAULT_SIGBUS;
	page = vmalloc_to_page((char *)d->vbuf + (vmf->pgoff << PAGE_SHIFT));
	get_page(page);
	vmf->page = page;
	return 0;
}

/* The register block, one PFN at fault time. */
static vm_fault_t drv_pfn_fault(struct vm_fault *vmf)
{
	drv.faults++;
	if (vmf->pgoff)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vmf->vma, vmf->address,
			      REGBLOCK_MMIO_BASE >> PAGE_SHIFT);
}

static vm_fault_t drv_mixed_fault(struct vm_fault *vmf)
{
	drv.faults++;
	return vmf_insert_mixed(vmf->vma, vmf->address,
				(__pa(drv.kbuf) >> PAGE_SHIFT) + vmf->pgoff);
}

/* Write notification of the PFN map: counted; an error or a zap on request. */
static vm_fault_t drv_pfn_mkwrite(struct vm_fault *vmf)
{
	vm_fault_t ret = drv.mkwrite_once;

	drv.mkwrites++;
	drv.mkwrite_flags = vmf->flags;
	drv.mkwrite_once = 0;
	if (drv.mkwrite_zaps) {
		drv.mkwrite_zaps = false;
		zap_vma_ptes(vmf->vma, vmf->address, PAGE_SIZE);
	}
	return ret;
}

static const struct vm_operations_struct pfn_mkwrite_vm_ops = {
	.fault = drv_pfn_fault,
	.pfn_mkwrite = drv_pfn_mkwrite,
};

static const struct vm_operations_struct mixed_mkwrite_vm_ops = {
	.fault = drv_mixed_fault,
	.pfn_mkwrite = drv_pfn_mkwrite,
};

static const struct vm_operations_struct vmalloc_vm_ops = {
	.open = drv_vm_open,
	.close = drv_vm_close,
	.fault = drv_vmalloc_fault,
};

static const struct vm_operations_struct pfn_vm_ops = {
	.open = drv_vm_open,
	.close = drv_vm_close,
	.fault = drv_pfn_fault,
	.access = generic_access_phys,
};

static const struct vm_operations_struct mixed_vm_ops = {
	.fault = drv_mixed_fault,
};

static const struct vm_operations_struct remap_vm_ops = {
	.open = drv_vm_open,
	.close = drv_vm_close,
	.access = generic_access_phys,
};

static int drv_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct drvmap *d = file->private_data;
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long pfn_mmio = REGBLOCK_MMIO_BASE >> PAGE_SHIFT;

	if (d->mmap_ret)
		return d->mmap_ret;
	vma->vm_private_data = d;
	switch (d->mode) {
	case KMALLOC_WC:
	case KMALLOC_NC:
		if (len > KBUF_SIZE)
			return -EINVAL;
		vma->vm_ops = &remap_vm_ops;
		return remap_pfn_range(vma, vma->vm_start,
				       virt_to_phys(d->kbuf) >> PAGE_SHIFT, len,
				       d->mode == KMALLOC_WC ?
				       pgprot_writecombine(vma->vm_page_prot) :
				       pgprot_noncached(vma->vm_page_prot));
	case MMIO_NC:
	case MMIO_WC:
		vma->vm_page_prot = d->mode == MMIO_NC ?
			pgprot_noncached(vma->vm_page_prot) :
			pgprot_writecombine(vma->vm_page_prot);
		vma->vm_ops = &remap_vm_ops;
		return io_remap_pfn_range(vma, vma->vm_start, pfn_mmio, len,
					  vma->vm_page_prot);
	case MMIO_IOMEM:
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
		return vm_iomap_memory(vma, REGBLOCK_MMIO_BASE, REGBLOCK_MMIO_SIZE);
	case VMALLOC_FAULT:
		vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
		vma->vm_ops = &vmalloc_vm_ops;
		return 0;
	case VMALLOC_REMAP:
	case VMALLOC_PLAIN:
		return remap_vmalloc_range(vma, d->vbuf, vma->vm_pgoff);
	case INSERT_PAGE:
		return vm_insert_page(vma, vma->vm_start, d->page);
	case INSERT_PFN:
		/* Read-only stays read-only (and a private map is no COW). */
		if (!(vma->vm_flags & VM_WRITE))
			vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
		vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
		vma->vm_ops = &pfn_vm_ops;
		return 0;
	case INSERT_MIXED:
		vm_flags_set(vma, VM_MIXEDMAP);
		vma->vm_ops = &mixed_vm_ops;
		return 0;
	case INSERT_PFN_MKWRITE:
		vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
		vma->vm_ops = &pfn_mkwrite_vm_ops;
		return 0;
	case INSERT_MIXED_MKWRITE:
		vm_flags_set(vma, VM_MIXEDMAP);
		vma->vm_ops = &mixed_mkwrite_vm_ops;
		return 0;
	}
	return -EINVAL;
}

static int drv_open(struct inode *inode, struct file *file)
{
	file->private_data = &drv;
	return 0;
}

static const struct file_operations drv_fops = {
	.open = drv_open,
	.mmap = drv_mmap,
};

/* Open the device as the VFS would from an inode whose i_fop is ours. */
static int drv_install(enum drvmode mode)
{
	struct inode *inode = new_inode(5, 4343);
	struct file *f;
	int fd;

	drv.mode = mode;
	cr_assert_not_null(inode);
	inode->i_mode = 0020600;	/* S_IFCHR | 0600 */
	inode->i_fop = &drv_fops;
	f = alloc_file(inode, O_RDWR, "/dev/drvmap", inode->i_fop);
	cr_assert_not_null(f);
	cr_assert_eq(f->f_op->open(inode, f), 0);
	fd = get_unused_fd_flags(0);
	cr_assert_geq(fd, 0);
	fd_install(fd, f);
	return fd;
}

static void setup(void)
{
	memset(&drv, 0, sizeof(drv));
	m = test_task_region("drvmap", &t, &base);
	ut = (struct mml_task *)t;
	drv.kbuf = (unsigned long)kmalloc(KBUF_SIZE, GFP_KERNEL);
	cr_assert(drv.kbuf);
	cr_assert_eq(drv.kbuf & ~PAGE_MASK, 0, "kmalloc-8k objects are page aligned");
	memset(lm_host(drv.kbuf), 'k', KBUF_SIZE);
	drv.vbuf = vmalloc_user(VBUF_PAGES * PAGE_SIZE);
	cr_assert_not_null(drv.vbuf);
	for (int i = 0; i < VBUF_PAGES; i++)
		memset(page_host(vmalloc_to_page((char *)drv.vbuf + P(i))),
		       'A' + i, PAGE_SIZE);
	drv.page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	cr_assert_not_null(drv.page);
	memcpy(page_host(drv.page), "inserted", 8);
}

static void teardown(void)
{
	mml_exit(ut, 0);
	cr_assert_eq(page_ref_count(drv.page), 1, "the mappings let the page go");
	__free_page(drv.page);
	vfree(drv.vbuf);
	kfree((void *)drv.kbuf);
	test_audit(m);
	mml_machine_free(m);
}

TestSuite(drvmap, .init = setup, .fini = teardown);

/* --- helpers ------------------------------------------------------------------ */

static pte_t pte_at(unsigned long addr)
{
	pte_t *pte = pte_offset_map_mm(t->mm, addr);

	return pte ? ptep_get(pte) : __pte(0);
}

static long map(unsigned long pg, unsigned long n, int prot, int flags, int fd)
{
	return mml_mmap(ut, base + P(pg), P(n), prot, flags | MAP_FIXED, fd, 0);
}

static long map_off(unsigned long pg, unsigned long n, int prot, int flags,
		    int fd, unsigned long off)
{
	return mml_mmap(ut, base + P(pg), P(n), prot, flags | MAP_FIXED, fd,
			(long)off);
}

/* The "VmFlags:" line of the smaps entry at @addr, and its Rss: in kB. */
static char *smaps_entry(unsigned long addr, long *rss_kb)
{
	long n = mml_read_file(ut, "/proc/self/smaps", NULL, 0);
	char head[32], *buf, *e, *line, *eol, *out;

	cr_assert_gt(n, 0);
	buf = malloc((size_t)n + 1);
	cr_assert_eq(mml_read_file(ut, "/proc/self/smaps", buf, (size_t)n + 1), n);
	snprintf(head, sizeof(head), "%lx-", addr);
	e = strstr(buf, head);
	cr_assert_not_null(e, "no smaps entry at %#lx", addr);
	line = strstr(e, "\nRss:");
	cr_assert_not_null(line);
	*rss_kb = strtol(line + 5, NULL, 10);
	line = strstr(e, "VmFlags:");
	cr_assert_not_null(line);
	eol = strchr(line, '\n');
	*eol = '\0';
	out = strdup(line);
	free(buf);
	return out;
}

static bool dmesg_has(const char *s)
{
	char *log = test_read_file(m, "dmesg");
	bool found = strstr(log, s) != NULL;

	free(log);
	return found;
}

#define CACHE_BITS(pte)	(pte_val(pte) & _PAGE_CACHE_MASK)

/* --- remap_pfn_range() ---------------------------------------------------------- */

/*
 * source 4: a kmalloc buffer mapped with remap_pfn_range() and
 * pgprot_writecombine().  The PTEs are special (no reference, no mapcount,
 * no RSS), the VMA VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP ("pf io de
 * dd" in smaps, after Linux's show_smap_vma_flags() order), and what the
 * process writes is in the buffer.  x86 with PAT maps System RAM
 * write-back whatever was asked (reserve_pfn_range()), and says so.
 */
Test(drvmap, remap_pfn_range_kmalloc_buffer)
{
	int fd = drv_install(KMALLOC_WC);
	unsigned long pfn = __pa(drv.kbuf) >> PAGE_SHIFT;
	struct page *page = virt_to_page(drv.kbuf);
	int refs = page_ref_count(compound_head(page));
	char buf[6] = "";
	long rss;
	char *flags;

	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), (long)(base + P(2)));
	test_check_mm(m, t);
	for (int i = 0; i < 2; i++) {
		pte_t pte = pte_at(base + P(2 + i));

		cr_assert(pte_present(pte) && pte_special(pte));
		cr_assert_eq(pte_pfn(pte), pfn + (unsigned long)i);
		cr_assert_eq(CACHE_BITS(pte), _PAGE_CACHE_WB, "RAM stays write-back");
		cr_assert(pte_write(pte), "a shared writable PFN map is writable");
	}
	cr_assert(dmesg_has("map pfn RAM range req write-combining"));
	cr_assert_eq(page_ref_count(compound_head(page)), refs, "no reference taken");
	cr_assert_eq(page_mapcount(page), 0);
	cr_assert_eq(mml_store(ut, base + P(3) + 10, "hello", 5), 0);
	cr_assert_eq(memcmp((char *)lm_host(drv.kbuf) + PAGE_SIZE + 10, "hello", 5), 0);
	cr_assert_eq(mml_load(ut, base + P(2), buf, 5), 0);
	cr_assert_eq(memcmp(buf, "kkkkk", 5), 0);
	flags = smaps_entry(base + P(2), &rss);
	cr_assert_str_eq(flags, "VmFlags: rd wr sh mr mw me ms pf io de dd ");
	cr_assert_eq(rss, 0, "special PTEs are not RSS");
	free(flags);
	cr_assert_eq(get_mm_rss(t->mm), 0);
	test_check_mm(m, t);
	cr_assert_eq(mml_munmap(ut, base + P(2), P(2)), 0);
	cr_assert(pte_none(pte_at(base + P(2))));
	cr_assert_eq(page_ref_count(compound_head(page)), refs);
	test_check_mm(m, t);
}

/* A size the driver refuses: its ->mmap() error, nothing left behind. */
Test(drvmap, remap_pfn_range_driver_refuses_size)
{
	int fd = drv_install(KMALLOC_WC);

	cr_assert_eq(map(2, 3, RW, MAP_SHARED, fd), -EINVAL);
	cr_assert_null(vma_lookup(t->mm, base + P(2)));
	test_check_mm(m, t);
}

/*
 * MMIO keeps the cache mode the driver asked: pgprot_noncached() is
 * UC- (PCD; x86's PAT entry 2), pgprot_writecombine() WC (PWT; PAT entry
 * 1 as Linux programs it); loads reach the device's registers.
 */
Test(drvmap, io_remap_pfn_range_register_block)
{
	int fd = drv_install(MMIO_NC);
	u32 id = 0;
	char *log;
	pte_t pte;

	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	pte = pte_at(base + P(2));
	cr_assert(pte_special(pte));
	cr_assert_eq(pte_pfn(pte), REGBLOCK_MMIO_BASE >> PAGE_SHIFT);
	cr_assert_eq(CACHE_BITS(pte), _PAGE_CACHE_UC_MINUS);
	cr_assert_eq(mml_load(ut, base + P(2) + REGBLOCK_REG_ID, &id, 4), 0);
	cr_assert_eq(id, REGBLOCK_ID);
	test_check_mm(m, t);

	/*
	 * The PAT keeps the block reserved UC- while that mapping lives: a
	 * write-combining request gets UC- (Linux's is_new_memtype_allowed()
	 * lets WC become UC-), silently; once it is gone, WC is WC.
	 */
	drv.mode = MMIO_WC;
	cr_assert_eq(map(4, 1, RW, MAP_SHARED, fd), (long)(base + P(4)));
	cr_assert_eq(CACHE_BITS(pte_at(base + P(4))), _PAGE_CACHE_UC_MINUS);
	cr_assert_eq(memtype_count(), 2);
	cr_assert_eq(mml_munmap(ut, base + P(2), PAGE_SIZE), 0);
	cr_assert_eq(mml_munmap(ut, base + P(4), PAGE_SIZE), 0);
	cr_assert_eq(memtype_count(), 0, "the last VMA gave the range back");
	cr_assert_eq(map(4, 1, RW, MAP_SHARED, fd), (long)(base + P(4)));
	cr_assert_eq(CACHE_BITS(pte_at(base + P(4))), _PAGE_CACHE_WC);
	cr_assert_not(dmesg_has("map pfn RAM range"), "MMIO is not RAM");
	log = test_read_file(m, "dmesg");
	cr_assert_null(strstr(log, "map pfn expected"), "converted silently: %s", log);
	cr_assert_null(strstr(log, "conflicting"), "%s", log);
	free(log);
	test_check_mm(m, t);
}

/*
 * The argument checks of remap_pfn_range_notrack(): an unaligned address
 * and an empty size are -EINVAL; a COW (private, may-write) mapping must
 * be remapped whole (-EINVAL otherwise) and gets vm_pgoff = pfn; a PTE
 * already there is -EACCES and the partial map is taken down.
 */
Test(drvmap, remap_pfn_range_argument_checks)
{
	unsigned long pfn = REGBLOCK_MMIO_BASE >> PAGE_SHIFT;
	struct vm_area_struct *vma;
	long a;

	test_map_fixed(m, t, base, 2, 4, RW, ANON);
	vma = vma_lookup(t->mm, base + P(2));
	cr_assert(is_cow_mapping(vma->vm_flags));
	cr_assert_eq(remap_pfn_range(vma, base + P(2) + 1, pfn, PAGE_SIZE,
				     vma->vm_page_prot), -EINVAL);
	cr_assert_eq(remap_pfn_range(vma, base + P(2), pfn, 0,
				     vma->vm_page_prot), -EINVAL);
	cr_assert_eq(remap_pfn_range(vma, base + P(3), pfn, PAGE_SIZE,
				     vma->vm_page_prot), -EINVAL, "part of a COW mapping");
	cr_assert_eq(remap_pfn_range(vma, base + P(2), pfn, P(5),
				     vma->vm_page_prot), -EINVAL, "past the VMA");
	cr_assert_eq(vma->vm_flags & VM_PFNMAP, 0, "checks come first");
	test_check_mm(m, t);

	/* A page is there already: -EACCES, and none of the range stays. */
	cr_assert_eq(mml_store(ut, base + P(4), "x", 1), 0);
	vma = vma_lookup(t->mm, base + P(2));
	cr_assert_eq(remap_pfn_range(vma, base + P(2), pfn, P(4),
				     vma->vm_page_prot), -EACCES);
	for (int i = 2; i < 6; i++)
		cr_assert(pte_none(pte_at(base + P(i))), "page %d unmapped", i);
	cr_assert_eq(get_mm_counter(t->mm, MM_ANONPAGES), 0);
	test_check_mm(m, t);

	cr_assert_eq(remap_pfn_range(vma, base + P(2), pfn - 2, P(4),
				     vma->vm_page_prot), 0);
	cr_assert_eq(vma->vm_pgoff, pfn - 2, "a COW PFN map's vm_pgoff is its pfn");
	cr_assert_eq(pte_pfn(pte_at(base + P(4))), pfn);
	test_check_mm(m, t);
	a = mml_munmap(ut, base + P(2), P(4));
	cr_assert_eq(a, 0);
	test_check_mm(m, t);
}

/*
 * A write to a private PFN map copies the frame (Linux's wp_page_copy()
 * from the special PTE): the copy is a normal anonymous page, the frame
 * is unchanged, vm_normal_page() tells them apart, and the audit agrees.
 */
Test(drvmap, private_pfn_map_write_copies_the_frame)
{
	int fd = drv_install(KMALLOC_NC);
	char buf[8] = "";
	pte_t pte;

	cr_assert_eq(map(2, 2, RW, MAP_PRIVATE, fd), (long)(base + P(2)));
	cr_assert_eq(vma_lookup(t->mm, base + P(2))->vm_pgoff,
		     __pa(drv.kbuf) >> PAGE_SHIFT);
	cr_assert_not(pte_write(pte_at(base + P(2))), "COW: read-only");
	cr_assert_eq(mml_store(ut, base + P(2) + 1, "Z", 1), 0);
	pte = pte_at(base + P(2));
	cr_assert_not(pte_special(pte));
	cr_assert_neq(pte_pfn(pte), __pa(drv.kbuf) >> PAGE_SHIFT);
	cr_assert(PageAnon(pfn_to_page(pte_pfn(pte))));
	cr_assert_eq(mml_load(ut, base + P(2), buf, 3), 0);
	cr_assert_eq(memcmp(buf, "kZk", 3), 0, "the copy has the frame's bytes");
	cr_assert_eq(((char *)lm_host(drv.kbuf))[1], 'k', "the frame is untouched");
	cr_assert(pte_special(pte_at(base + P(3))));
	cr_assert_eq(get_mm_counter(t->mm, MM_ANONPAGES), 1);
	test_check_mm(m, t);
}

/*
 * Page-table allocation failures in remap_pfn_range(): -ENOMEM, the ->mmap
 * fails and is undone, no PTE and no page leak, the audit holds; loop
 * until it succeeds (SQLite-style fault injection).  A failure of the PAT
 * reservation's memory (the memtype entry, the tracking context) is
 * -EINVAL, as Linux's pfnmap_track_ctx_alloc() reports any failure.
 */
Test(drvmap, remap_pfn_range_fault_injection)
{
	int fd = drv_install(MMIO_NC);
	unsigned long free0;
	long ret = -ENOMEM;
	long nth;

	/* The slab caches of the memtype entry and context, filled once. */
	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_munmap(ut, base + P(2), PAGE_SIZE), 0);
	/* A region 2 MiB away needs new PTE and maybe PMD tables. */
	free0 = nr_free_pages();
	for (nth = 0; nth < 10 && (ret == -ENOMEM || ret == -EINVAL); nth++) {
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, nth);
		ret = mml_mmap(ut, base + (4UL << 20), PAGE_SIZE,
			       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			       fd, 0);
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
		test_check_mm(m, t);
		if (ret == -ENOMEM || ret == -EINVAL) {
			cr_assert_null(vma_lookup(t->mm, base + (4UL << 20)));
			cr_assert_eq(memtype_count(), 0, "nth %ld: reservation kept", nth);
			cr_assert_eq(nr_free_pages(), free0, "nth %ld: no page leaked", nth);
		}
	}
	cr_assert_eq(ret, (long)(base + (4UL << 20)));
	cr_assert_gt(nth, 1, "some allocation was failed");
	cr_assert(pte_special(pte_at(base + (4UL << 20))));
	cr_assert_eq(mml_munmap(ut, base + (4UL << 20), PAGE_SIZE), 0);
	test_check_mm(m, t);
}

/* --- vm_iomap_memory() ---------------------------------------------------------- */

/*
 * vm_iomap_memory(): the VMA must fit in the range from vm_pgoff pages in
 * (-EINVAL otherwise), and is mapped with its own vm_page_prot.
 */
Test(drvmap, vm_iomap_memory_fits_the_range)
{
	int fd = drv_install(MMIO_IOMEM);
	u32 v = 0;

	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), -EINVAL, "2 pages of a 1-page block");
	cr_assert_eq(map_off(2, 1, RW, MAP_SHARED, fd, PAGE_SIZE), -EINVAL,
		     "from page 1 of a 1-page block");
	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(CACHE_BITS(pte_at(base + P(2))), _PAGE_CACHE_UC_MINUS);
	cr_assert_eq(mml_store(ut, base + P(2) + REGBLOCK_REG_SCRATCH, "\x78\x56\x34\x12", 4), 0);
	cr_assert_eq(mml_load(ut, base + P(2) + REGBLOCK_REG_SCRATCH, &v, 4), 0);
	cr_assert_eq(v, 0x12345678u, "the scratch register keeps what was written");
	test_check_mm(m, t);
}

/* --- the ->fault() driver -------------------------------------------------------- */

/*
 * source 2 section 7: every first access of a page faults into the
 * driver once; the PTE maps the vmalloc area's own frame (normal: a
 * reference and a mapcount); past the buffer the driver says SIGBUS.
 */
Test(drvmap, vmalloc_fault_handler)
{
	int fd = drv_install(VMALLOC_FAULT);
	char c = 0;
	int sig, code;
	unsigned long addr;

	cr_assert_eq(map(2, VBUF_PAGES + 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(drv.faults, 0, "nothing until touched");
	for (int i = 0; i < VBUF_PAGES; i++) {
		struct page *page = vmalloc_to_page((char *)drv.vbuf + P(i));

		cr_assert_eq(mml_load(ut, base + P(2 + i) + 5, &c, 1), 0);
		cr_assert_eq(c, 'A' + i);
		cr_assert_eq(mml_load(ut, base + P(2 + i), &c, 1), 0);
		cr_assert_eq(drv.faults, i + 1, "one fault per page");
		cr_assert_eq(pte_pfn(pte_at(base + P(2 + i))), page_to_pfn(page));
		cr_assert_eq(page_mapcount(page), 1);
		cr_assert_eq(page_ref_count(page), 2);
		test_check_mm(m, t);
	}
	cr_assert_eq(mml_load(ut, base + P(2 + VBUF_PAGES), &c, 1), TEST_SIGBUS);
	mml_siginfo(ut, &sig, &code, &addr);
	cr_assert_eq(code, BUS_ADRERR);
	cr_assert_eq(addr, base + P(2 + VBUF_PAGES));
	cr_assert_eq(mml_store(ut, base + P(2), "w", 1), 0);
	cr_assert_eq(((char *)page_host(vmalloc_to_page(drv.vbuf)))[0], 'w');
	cr_assert_eq(get_mm_counter(t->mm, MM_FILEPAGES), VBUF_PAGES);
	test_check_mm(m, t);
}

/*
 * The VM_FAULT_* codes as Linux's fault path and do_user_addr_fault()
 * treat them: RETRY runs the fault again (FAULT_FLAG_TRIED), HWPOISON is
 * SIGBUS with BUS_MCEERR_AR, OOM ends the access as the OOM killer would
 * (SIGKILL), SIGSEGV is SEGV_MAPERR, LOCKED hands a locked page that the fault path unlocks.
 */
Test(drvmap, fault_codes)
{
	int fd = drv_install(VMALLOC_FAULT);
	struct page *p0 = vmalloc_to_page(drv.vbuf);
	int sig, code;
	unsigned long addr;
	char c;

	cr_assert_eq(map(2, VBUF_PAGES, RW, MAP_SHARED, fd), (long)(base + P(2)));
	drv.fault_once = VM_FAULT_RETRY;
	cr_assert_eq(mml_load(ut, base + P(2), &c, 1), 0);
	cr_assert_eq(drv.faults, 2, "retried once");
	cr_assert_eq(c, 'A');

	drv.fault_once = VM_FAULT_HWPOISON;
	cr_assert_eq(mml_load(ut, base + P(3), &c, 1), TEST_SIGBUS);
	mml_siginfo(ut, &sig, &code, &addr);
	cr_assert_eq(code, BUS_MCEERR_AR);

	drv.fault_once = VM_FAULT_OOM;
	cr_assert_eq(mml_load(ut, base + P(3), &c, 1), 9, "the OOM kill");
	cr_assert(pte_none(pte_at(base + P(3))));

	drv.fault_once = VM_FAULT_SIGSEGV;
	cr_assert_eq(mml_load(ut, base + P(3), &c, 1), 11);
	mml_siginfo(ut, &sig, &code, &addr);
	cr_assert_eq(code, SEGV_MAPERR);
	cr_assert(pte_none(pte_at(base + P(3))));
	test_check_mm(m, t);

	/* A locked page: mapped, then unlocked. */
	SetPageLocked(vmalloc_to_page((char *)drv.vbuf + P(3)));
	drv.fault_once = 0;
	cr_assert_eq(mml_load(ut, base + P(5), &c, 1), 0);
	cr_assert_eq(c, 'D');
	ClearPageLocked(vmalloc_to_page((char *)drv.vbuf + P(3)));
	cr_assert_eq(page_mapcount(p0), 1);
	test_check_mm(m, t);
}

/* --- remap_vmalloc_range() and vm_insert_page() ---------------------------------- */

/*
 * remap_vmalloc_range() of vmalloc_user() memory: all pages mapped at
 * ->mmap() time with vm_insert_page() (normal PTEs: reference, mapcount,
 * RssFile), the VMA VM_MIXEDMAP|VM_DONTEXPAND|VM_DONTDUMP ("de dd mm"),
 * vm_pgoff selecting the first page; an area without VM_USERMAP or a range
 * past its end is -EINVAL.  The pages outlive vfree() while mapped.
 */
Test(drvmap, remap_vmalloc_range_user_area)
{
	int fd = drv_install(VMALLOC_REMAP);
	char c = 0, *flags, *info;
	long rss;
	void *plain;

	cr_assert_eq(map_off(2, 3, RW, MAP_SHARED, fd, PAGE_SIZE), (long)(base + P(2)));
	cr_assert_eq(drv.faults, 0);
	for (int i = 0; i < 3; i++) {
		struct page *page = vmalloc_to_page((char *)drv.vbuf + P(1 + i));
		pte_t pte = pte_at(base + P(2 + i));

		cr_assert(pte_present(pte) && !pte_special(pte));
		cr_assert_eq(pte_pfn(pte), page_to_pfn(page));
		cr_assert_eq(page_mapcount(page), 1);
		cr_assert_eq(mml_load(ut, base + P(2 + i), &c, 1), 0);
		cr_assert_eq(c, 'B' + i);
	}
	flags = smaps_entry(base + P(2), &rss);
	cr_assert_str_eq(flags, "VmFlags: rd wr sh mr mw me ms de dd mm ");
	cr_assert_eq(rss, 12);
	free(flags);
	info = test_read_file(m, "/proc/vmallocinfo");
	cr_assert_not_null(strstr(info, "vmalloc_user pages=4 vmalloc user"));
	free(info);
	test_check_mm(m, t);

	cr_assert_eq(map_off(6, 2, RW, MAP_SHARED, fd, P(3)), -EINVAL, "past the end");
	plain = vmalloc(PAGE_SIZE);
	drv.vbuf = plain;
	cr_assert_eq(map(6, 1, RW, MAP_SHARED, fd), -EINVAL, "not VM_USERMAP");
	vfree(plain);
	test_check_mm(m, t);
}

/* The driver frees its buffer while mapped: the pages live on until munmap. */
Test(drvmap, vmalloc_pages_outlive_vfree)
{
	int fd = drv_install(VMALLOC_REMAP);
	struct page *page = vmalloc_to_page(drv.vbuf);
	char c;

	cr_assert_eq(map(2, VBUF_PAGES, RW, MAP_SHARED, fd), (long)(base + P(2)));
	vfree(drv.vbuf);
	drv.vbuf = NULL;
	cr_assert_eq(page_ref_count(page), 1, "the mapping's reference");
	cr_assert_eq(mml_load(ut, base + P(2), &c, 1), 0);
	cr_assert_eq(c, 'A');
	test_check_mm(m, t);
	cr_assert_eq(mml_munmap(ut, base + P(2), P(VBUF_PAGES)), 0);
	cr_assert_eq(page_ref_count(page), 0, "freed at munmap");
	test_check_mm(m, t);
}

/*
 * vm_insert_page(): -EFAULT outside the VMA, -EINVAL for a slab page, a
 * free page or a VM_PFNMAP VMA, -EBUSY over a PTE; the VMA becomes
 * VM_MIXEDMAP.  vm_insert_pages() reports the pages it did not insert.
 */
Test(drvmap, vm_insert_page_checks)
{
	int fd = drv_install(INSERT_PAGE);
	struct vm_area_struct *vma;
	struct page *pages[3], *slab = virt_to_page(drv.kbuf);
	unsigned long num;
	char buf[8] = "";

	cr_assert_eq(map(2, 4, RW, MAP_SHARED, fd), (long)(base + P(2)));
	vma = vma_lookup(t->mm, base + P(2));
	cr_assert(vma->vm_flags & VM_MIXEDMAP);
	cr_assert_eq(mml_load(ut, base + P(2), buf, 8), 0);
	cr_assert_eq(memcmp(buf, "inserted", 8), 0);
	cr_assert_eq(page_ref_count(drv.page), 2);
	cr_assert_eq(vm_insert_page(vma, base + P(6), drv.page), -EFAULT);
	cr_assert_eq(vm_insert_page(vma, base + P(2), drv.page), -EBUSY);
	cr_assert_eq(vm_insert_page(vma, base + P(3), slab), -EINVAL, "slab page");
	test_check_mm(m, t);

	pages[0] = pages[1] = pages[2] = drv.page;
	num = 3;
	cr_assert_eq(vm_insert_pages(vma, base + P(4), pages, &num), -EFAULT);
	cr_assert_eq(num, 3);
	num = 2;
	cr_assert_eq(vm_insert_pages(vma, base + P(4), pages, &num), 0);
	cr_assert_eq(num, 0);
	cr_assert_eq(page_mapcount(drv.page), 3);
	num = 2;
	pages[1] = slab;
	cr_assert_eq(vm_insert_pages(vma, base + P(3), pages, &num), -EINVAL);
	cr_assert_eq(num, 1, "the first went in, the slab page did not");
	cr_assert_eq(page_mapcount(drv.page), 4);
	test_check_mm(m, t);

	vma->vm_flags = (vma->vm_flags & ~VM_MIXEDMAP) | VM_PFNMAP;
	cr_assert_eq(vm_insert_page(vma, base + P(3), drv.page), -EINVAL);
	vma->vm_flags = (vma->vm_flags & ~VM_PFNMAP) | VM_MIXEDMAP;
	cr_assert_eq(mml_munmap(ut, base + P(2), P(4)), 0);
	cr_assert_eq(page_ref_count(drv.page), 1);
	test_check_mm(m, t);
}

/* Page-table allocation failure in vm_insert_page(): -ENOMEM, no leak. */
Test(drvmap, vm_insert_page_fault_injection)
{
	int fd = drv_install(INSERT_PAGE);
	unsigned long a = base + (6UL << 20);
	long ret = -ENOMEM, nth;

	for (nth = 0; nth < 10 && ret == -ENOMEM; nth++) {
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, nth);
		ret = mml_mmap(ut, a, PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED,
			       fd, 0);
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
		test_check_mm(m, t);
		if (ret == -ENOMEM)
			cr_assert_eq(page_ref_count(drv.page), 1, "nth %ld", nth);
	}
	cr_assert_eq(ret, (long)a);
	cr_assert_gt(nth, 1);
	cr_assert_eq(page_ref_count(drv.page), 2);
	cr_assert_eq(mml_munmap(ut, a, PAGE_SIZE), 0);
	test_check_mm(m, t);
}

/* --- vmf_insert_pfn() / vmf_insert_mixed() --------------------------------------- */

/*
 * vmf_insert_pfn() from ->fault(): the register block is mapped at the
 * first access (VM_FAULT_NOPAGE: the fault path maps nothing more), as a
 * special PTE with the MMIO memtype (UC-); the ID register reads through.
 * GUP refuses the VMA (check_vma_flags(): -EFAULT), /proc/PID/mem goes
 * through ->access = generic_access_phys().
 */
Test(drvmap, vmf_insert_pfn_register_block)
{
	int fd = drv_install(INSERT_PFN);
	struct page *pg;
	u32 id = 0;
	pte_t pte;
	int sig, code;
	unsigned long addr;

	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2), &id, 4), 0);
	cr_assert_eq(id, REGBLOCK_ID);
	cr_assert_eq(drv.faults, 1);
	pte = pte_at(base + P(2));
	cr_assert(pte_special(pte));
	cr_assert_eq(CACHE_BITS(pte), _PAGE_CACHE_UC_MINUS);
	cr_assert_eq(mml_load(ut, base + P(3), &id, 1), TEST_SIGBUS);
	mml_siginfo(ut, &sig, &code, &addr);
	cr_assert_eq(code, BUS_ADRERR);
	cr_assert_eq(get_user_pages(base + P(2), 1, 0, &pg), -EFAULT);
	id = 0;
	cr_assert_eq(access_process_vm(t, base + P(2) + REGBLOCK_REG_VERSION - 4,
				       &id, 4, 0), 4);
	cr_assert_eq(id, REGBLOCK_ID, "read through generic_access_phys()");
	test_check_mm(m, t);
}

/*
 * vmf_insert_pfn() reserves nothing but takes the frame's memtype: WC
 * while a driver holds the block ioremap_wc()'d, UC- once it is gone.
 */
Test(drvmap, vmf_insert_pfn_takes_the_reserved_type)
{
	int fd = drv_install(INSERT_PFN);
	void *wc = ioremap_wc(REGBLOCK_MMIO_BASE, PAGE_SIZE);
	u32 id = 0;

	cr_assert_not_null(wc);
	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2), &id, 4), 0);
	cr_assert_eq(CACHE_BITS(pte_at(base + P(2))), _PAGE_CACHE_WC);
	cr_assert_eq(memtype_count(), 1, "a fault reserves nothing");
	test_check_mm(m, t);
	cr_assert_eq(mml_munmap(ut, base + P(2), PAGE_SIZE), 0);
	iounmap(wc);
	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2), &id, 4), 0);
	cr_assert_eq(CACHE_BITS(pte_at(base + P(2))), _PAGE_CACHE_UC_MINUS);
	cr_assert_eq(memtype_count(), 0);
	test_check_mm(m, t);
}

/*
 * The reservation of a whole-VMA remap_pfn_range() belongs to the VMA and
 * every copy of it (Linux's pfnmap_track_ctx): a split, a fork, an mremap
 * move share it; a partial unmap keeps the whole range reserved; only the
 * last VMA to go gives it back.  The audit checks every tracked VMA's
 * range is in the tree, and catches a VMA whose range is not.
 */
Test(drvmap, pat_tracking_follows_the_vma)
{
	int fd = drv_install(MMIO_NC);
	struct vm_area_struct *vma;
	struct mml_task *child;
	char msg[160];
	long pid;

	cr_assert_eq(map(2, 4, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(memtype_count(), 1);
	vma = vma_lookup(t->mm, base + P(2));
	cr_assert_not_null(vma->pfnmap_track_ctx);
	cr_assert_eq(vma->pfnmap_track_ctx->size, P(4));

	/* Split in three: one context, three holders. */
	cr_assert_eq(mml_mprotect(ut, base + P(3), P(1), RO), 0);
	cr_assert_eq(vma->pfnmap_track_ctx->refs, 3);
	cr_assert_eq(vma_lookup(t->mm, base + P(4))->pfnmap_track_ctx,
		     vma->pfnmap_track_ctx);
	test_check_mm(m, t);

	/* Fork: the child's copies hold it too; its exit lets them go. */
	pid = mml_fork(ut);
	cr_assert_gt(pid, 0);
	child = mml_task_get(m, (int)pid);
	cr_assert_not_null(child);
	cr_assert_eq(vma->pfnmap_track_ctx->refs, 6);
	test_audit(m);
	mml_exit(child, 0);
	cr_assert_eq(vma->pfnmap_track_ctx->refs, 3);

	/* Unmapping a piece keeps the whole range reserved. */
	cr_assert_eq(mml_munmap(ut, base + P(2), P(1)), 0);
	cr_assert_eq(memtype_count(), 1);
	test_check_mm(m, t);

	/* Moved by mremap: the new VMA holds it, the old one is gone. */
	cr_assert_eq(mml_mremap(ut, base + P(5), P(1), P(1),
				MREMAP_MAYMOVE | MREMAP_FIXED, base + P(10)),
		     (long)(base + P(10)));
	cr_assert_eq(memtype_count(), 1);
	vma = vma_lookup(t->mm, base + P(10));
	cr_assert_not_null(vma->pfnmap_track_ctx);
	cr_assert_eq(vma->pfnmap_track_ctx->refs, 3, "pages 3, 4 and the moved one");
	test_check_mm(m, t);

	/* A tracking whose range the tree does not hold is caught. */
	vma->pfnmap_track_ctx->pfn++;
	cr_assert_eq(memtype_audit(msg, sizeof(msg)), -EUCLEAN);
	cr_assert(strstr(msg, "not in the tree"), "%s", msg);
	vma->pfnmap_track_ctx->pfn--;
	test_audit(m);

	cr_assert_eq(mml_munmap(ut, base + P(3), P(2)), 0);
	cr_assert_eq(memtype_count(), 1, "the moved piece still holds it");
	cr_assert_eq(mml_munmap(ut, base + P(10), P(1)), 0);
	cr_assert_eq(memtype_count(), 0, "the last VMA gave it back");
	test_check_mm(m, t);
}

/*
 * A part of a VMA is not tracked (pfnmap_setup_cachemode()): the range's
 * memtype, UC- for MMIO nobody reserved, whatever the driver asked.
 */
Test(drvmap, partial_remap_takes_the_memtype)
{
	int fd = drv_install(VMALLOC_FAULT);
	struct vm_area_struct *vma;

	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), (long)(base + P(2)));
	vma = vma_lookup(t->mm, base + P(2));
	cr_assert_eq(remap_pfn_range(vma, base + P(3), REGBLOCK_MMIO_BASE >> PAGE_SHIFT,
				     PAGE_SIZE, pgprot_writecombine(vma->vm_page_prot)), 0);
	cr_assert_eq(CACHE_BITS(pte_at(base + P(3))), _PAGE_CACHE_UC_MINUS);
	cr_assert_null(vma->pfnmap_track_ctx);
	cr_assert_eq(memtype_count(), 0);
	test_check_mm(m, t);
	cr_assert_eq(mml_munmap(ut, base + P(2), P(2)), 0);
	test_check_mm(m, t);
}

/* vmf_insert_pfn() in a VMA that is not a PFN map is refused (SIGBUS). */
Test(drvmap, vmf_insert_pfn_misuse)
{
	struct vm_area_struct *vma;

	test_map_fixed(m, t, base, 2, 1, RW, ANON);
	vma = vma_lookup(t->mm, base + P(2));
	cr_assert_eq(vmf_insert_pfn(vma, base + P(2), 1), VM_FAULT_SIGBUS);
	cr_assert_eq(vmf_insert_mixed(vma, base + P(2), 1), VM_FAULT_SIGBUS);
	cr_assert(pte_none(pte_at(base + P(2))));
	test_check_mm(m, t);
}

/*
 * vmf_insert_mixed() of RAM frames in a VM_MIXEDMAP VMA: x86 has
 * pte_special(), so the PTE is special and takes no reference.
 */
Test(drvmap, vmf_insert_mixed_ram)
{
	int fd = drv_install(INSERT_MIXED);
	struct page *page = virt_to_page(drv.kbuf);
	int refs = page_ref_count(compound_head(page));
	char c;

	cr_assert_eq(map(2, 2, RO, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(3), &c, 1), 0);
	cr_assert_eq(c, 'k');
	cr_assert(pte_special(pte_at(base + P(3))));
	cr_assert_eq(page_ref_count(compound_head(page)), refs);
	test_check_mm(m, t);
}

/*
 * /proc/self/mem over PFN maps (__access_remote_vm()): GUP cannot take
 * the frames, so a VMA with ->access() (generic_access_phys()) is read
 * and written through it; a VM_IO one without (vm_iomap_memory() sets no
 * vm_ops) gives EIO.
 */
Test(drvmap, proc_mem_of_pfn_maps)
{
	int fd = drv_install(INSERT_PFN);
	long mfd;
	u32 id = 0, v = 0;

	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2), &id, 4), 0);
	mfd = mml_open(ut, "/proc/self/mem", O_RDWR, 0);
	cr_assert_geq(mfd, 0);
	id = 0;
	cr_assert_eq(mml_pread(ut, (int)mfd, &id, 4, (long)(base + P(2))), 4);
	cr_assert_eq(id, REGBLOCK_ID, "read through generic_access_phys()");
	cr_assert_eq(mml_pwrite(ut, (int)mfd, "\x21\x43\x65\x87", 4,
				(long)(base + P(2) + REGBLOCK_REG_SCRATCH)), 4);
	cr_assert_eq(mml_load(ut, base + P(2) + REGBLOCK_REG_SCRATCH, &v, 4), 0);
	cr_assert_eq(v, 0x87654321u);

	drv.mode = MMIO_IOMEM;
	cr_assert_eq(map(4, 1, RW, MAP_SHARED, fd), (long)(base + P(4)));
	cr_assert_eq(mml_pread(ut, (int)mfd, &id, 4, (long)(base + P(4))), -EIO,
		     "VM_IO without ->access()");
	cr_assert_eq(mml_close(ut, (int)mfd), 0);
	test_check_mm(m, t);
}

/* --- ->pfn_mkwrite() ------------------------------------------------------------ */

/*
 * A shared writable PFN map whose driver has ->pfn_mkwrite() is
 * write-notified (vma_wants_writenotify()): ->fault()'s vmf_insert_pfn()
 * maps the frame read-only, so the first store faults again on the
 * present PTE and do_wp_page() goes to wp_pfn_shared(): ->pfn_mkwrite()
 * with FAULT_FLAG_MKWRITE, then the PTE writable and dirty, with its
 * cache mode.  Later stores call nothing; the store reaches the device.
 */
Test(drvmap, pfn_mkwrite_on_first_write_to_shared_pfn_map)
{
	int fd = drv_install(INSERT_PFN_MKWRITE);
	u32 v = 0;
	pte_t pte;

	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2), &v, 4), 0);
	cr_assert_eq(v, REGBLOCK_ID);
	pte = pte_at(base + P(2));
	cr_assert(pte_special(pte));
	cr_assert_not(pte_write(pte), "write-notified: read-only");
	cr_assert_eq(drv.faults, 1);
	cr_assert_eq(drv.mkwrites, 0, "a read does not call ->pfn_mkwrite()");
	test_check_mm(m, t);

	cr_assert_eq(mml_store(ut, base + P(2) + REGBLOCK_REG_SCRATCH,
			       "\x44\x33\x22\x11", 4), 0);
	cr_assert_eq(drv.mkwrites, 1);
	cr_assert_eq(drv.faults, 1, "the PTE was there: no ->fault()");
	cr_assert(drv.mkwrite_flags & FAULT_FLAG_WRITE);
	cr_assert(drv.mkwrite_flags & FAULT_FLAG_MKWRITE);
	pte = pte_at(base + P(2));
	cr_assert(pte_write(pte) && pte_dirty(pte) && pte_special(pte));
	cr_assert_eq(CACHE_BITS(pte), _PAGE_CACHE_UC_MINUS, "cache mode kept");
	cr_assert_eq(mml_store(ut, base + P(2) + REGBLOCK_REG_SCRATCH, "\x78", 1), 0);
	cr_assert_eq(drv.mkwrites, 1, "writable now: no more notification");
	cr_assert_eq(mml_load(ut, base + P(2) + REGBLOCK_REG_SCRATCH, &v, 4), 0);
	cr_assert_eq(v, 0x11223378u, "the stores reached the register");
	test_check_mm(m, t);
}

/*
 * A first access that is a store: ->fault() maps the frame read-only,
 * the retried store write-faults into ->pfn_mkwrite().  A VM_MIXEDMAP
 * special PTE (vmf_insert_mixed() of RAM) takes the same path
 * (vm_normal_page() is NULL for it) and is never copied.
 */
Test(drvmap, pfn_mkwrite_after_fault_on_first_store)
{
	int fd = drv_install(INSERT_MIXED_MKWRITE);
	unsigned long pfn = __pa(drv.kbuf) >> PAGE_SHIFT;
	pte_t pte;

	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_store(ut, base + P(3) + 7, "M", 1), 0);
	cr_assert_eq(drv.faults, 1);
	cr_assert_eq(drv.mkwrites, 1);
	pte = pte_at(base + P(3));
	cr_assert(pte_special(pte) && pte_write(pte));
	cr_assert_eq(pte_pfn(pte), pfn + 1, "the frame itself, no copy");
	cr_assert_eq(((char *)lm_host(drv.kbuf))[PAGE_SIZE + 7], 'M');
	cr_assert_eq(get_mm_counter(t->mm, MM_ANONPAGES), 0);
	test_check_mm(m, t);
}

/*
 * ->pfn_mkwrite()'s answers: VM_FAULT_SIGBUS is the store's SIGBUS with
 * the PTE left read-only; VM_FAULT_NOPAGE ends the fault as it is (the
 * store faults again and is notified again); a handler that zaps the PTE
 * and returns 0 leaves it to the retried store (finish_mkwrite_fault()'s
 * pte_same() check), which refaults through ->fault().
 */
Test(drvmap, pfn_mkwrite_error_codes)
{
	int fd = drv_install(INSERT_PFN_MKWRITE);
	int sig, code;
	unsigned long addr;
	u32 v = 0;

	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2), &v, 4), 0);
	drv.mkwrite_once = VM_FAULT_SIGBUS;
	cr_assert_eq(mml_store(ut, base + P(2) + REGBLOCK_REG_SCRATCH, "a", 1),
		     TEST_SIGBUS);
	mml_siginfo(ut, &sig, &code, &addr);
	cr_assert_eq(code, BUS_ADRERR);
	cr_assert_eq(addr, base + P(2) + REGBLOCK_REG_SCRATCH);
	cr_assert_not(pte_write(pte_at(base + P(2))));
	cr_assert_eq(drv.mkwrites, 1);
	test_check_mm(m, t);

	drv.mkwrite_once = VM_FAULT_NOPAGE;
	cr_assert_eq(mml_store(ut, base + P(2) + REGBLOCK_REG_SCRATCH, "b", 1), 0);
	cr_assert_eq(drv.mkwrites, 3, "NOPAGE: the store faulted again");
	cr_assert(pte_write(pte_at(base + P(2))));
	test_check_mm(m, t);

	cr_assert_eq(mml_munmap(ut, base + P(2), PAGE_SIZE), 0);
	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2), &v, 4), 0);
	drv.faults = drv.mkwrites = 0;
	drv.mkwrite_zaps = true;
	cr_assert_eq(mml_store(ut, base + P(2) + REGBLOCK_REG_SCRATCH, "c", 1), 0);
	cr_assert_eq(drv.faults, 1, "the zapped PTE came back through ->fault()");
	cr_assert_eq(drv.mkwrites, 2);
	cr_assert(pte_write(pte_at(base + P(2))));
	test_check_mm(m, t);
}

/*
 * Without ->pfn_mkwrite() a shared PFN map is not write-notified
 * (vma_wants_writenotify() is false for VM_PFNMAP): the store's fault
 * maps the frame writable at once.
 */
Test(drvmap, no_pfn_mkwrite_no_write_notify)
{
	int fd = drv_install(INSERT_PFN);

	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_store(ut, base + P(2) + REGBLOCK_REG_SCRATCH, "d", 1), 0);
	cr_assert(pte_write(pte_at(base + P(2))));
	cr_assert_eq(drv.faults, 1);
	test_check_mm(m, t);
}

/* --- fork, mremap, madvise, mlock, split --------------------------------------- */

/*
 * fork: copy_page_range() copies a PFN map's PTEs (the child needs no
 * ->fault() to re-create them) and a shared one is not write-protected;
 * ->open() runs for the child's VMA, ->close() for each at exit.
 */
Test(drvmap, fork_copies_pfn_ptes)
{
	int fd = drv_install(MMIO_NC);
	struct mml_task *child;
	struct task_struct *ct;
	u32 id = 0;
	long pid;
	pte_t pte;

	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	pid = mml_fork(ut);
	cr_assert_gt(pid, 0);
	child = mml_task_get(m, (int)pid);
	cr_assert_not_null(child);
	ct = (struct task_struct *)child;
	cr_assert_eq(drv.vm_open, 1);
	pte = ptep_get(pte_offset_map_mm(ct->mm, base + P(2)));
	cr_assert(pte_special(pte) && pte_write(pte));
	cr_assert_eq(pte_val(pte) & ~(u64)_PAGE_ACCESSED,
		     pte_val(pte_at(base + P(2))) & ~(u64)_PAGE_ACCESSED);
	cr_assert_eq(mml_load(child, base + P(2), &id, 4), 0);
	cr_assert_eq(id, REGBLOCK_ID);
	test_check_mm(m, t);
	mml_exit(child, 0);
	cr_assert_eq(drv.vm_close, 1);
	test_check_mm(m, t);
}

/*
 * mremap: a VM_DONTEXPAND / VM_PFNMAP VMA cannot grow (-EFAULT, Linux's
 * vma_to_resize()), nor move with MREMAP_DONTUNMAP (-EINVAL); it may
 * shrink, and it may move (its PTEs move with it).  madvise(MADV_DONTNEED) of a PFN map is -EINVAL
 * (madvise_dontneed_free_valid_vma()); mlock leaves VM_IO/VM_PFNMAP VMAs
 * unlocked (mlock_fixup() skips VM_SPECIAL) and succeeds.
 */
Test(drvmap, mremap_madvise_mlock_rules)
{
	int fd = drv_install(KMALLOC_NC);
	unsigned long pfn = __pa(drv.kbuf) >> PAGE_SHIFT;
	long a;

	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_mremap(ut, base + P(2), P(2), P(3), 0, 0), -EFAULT);
	cr_assert_eq(mml_mremap(ut, base + P(2), P(2), P(3), MREMAP_MAYMOVE, 0), -EFAULT);
	cr_assert_eq(mml_mremap(ut, base + P(2), P(2), P(2),
				MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0), -EINVAL,
		     "no DONTUNMAP of a special mapping");
	cr_assert_eq(mml_madvise(ut, base + P(2), P(2), MADV_DONTNEED), -EINVAL);
	cr_assert_eq(mml_mlock(ut, base + P(2), P(2)), 0);
	cr_assert_eq(vma_lookup(t->mm, base + P(2))->vm_flags & VM_LOCKED, 0);
	cr_assert_eq(t->mm->locked_vm, 0);
	test_check_mm(m, t);

	a = mml_mremap(ut, base + P(2), P(2), P(2), MREMAP_MAYMOVE | MREMAP_FIXED,
		       base + P(10));
	cr_assert_eq(a, (long)(base + P(10)));
	cr_assert(pte_none(pte_at(base + P(2))));
	cr_assert(pte_special(pte_at(base + P(11))));
	cr_assert_eq(pte_pfn(pte_at(base + P(11))), pfn + 1);
	cr_assert_eq(CACHE_BITS(pte_at(base + P(11))), _PAGE_CACHE_WB);
	test_check_mm(m, t);
	cr_assert_eq(mml_mremap(ut, base + P(10), P(2), P(1), 0, 0), (long)(base + P(10)));
	cr_assert(pte_none(pte_at(base + P(11))));
	test_check_mm(m, t);
}

/*
 * mprotect keeps the PTEs' cache mode (pte_modify() keeps _PAGE_CACHE_MASK):
 * a WC register mapping made read-only and back stays WC.  munmap of the
 * middle page splits the VMA: ->open() for the new piece, ->close() for
 * the page that goes.
 */
Test(drvmap, mprotect_keeps_pat_and_split_calls_open_close)
{
	int fd = drv_install(MMIO_WC);

	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_mprotect(ut, base + P(2), P(1), PROT_READ), 0);
	cr_assert_not(pte_write(pte_at(base + P(2))));
	cr_assert_eq(CACHE_BITS(pte_at(base + P(2))), _PAGE_CACHE_WC);
	cr_assert_eq(mml_mprotect(ut, base + P(2), P(1), PROT_READ | PROT_WRITE), 0);
	cr_assert(pte_write(pte_at(base + P(2))));
	cr_assert_eq(CACHE_BITS(pte_at(base + P(2))), _PAGE_CACHE_WC);
	test_check_mm(m, t);

	drv.mode = VMALLOC_FAULT;
	cr_assert_eq(map(4, 3, RW, MAP_SHARED, fd), (long)(base + P(4)));
	cr_assert_eq(mml_munmap(ut, base + P(5), P(1)), 0);
	cr_assert_eq(drv.vm_open, 2, "two splits, two new VMAs");
	cr_assert_eq(drv.vm_close, 1, "the middle page's VMA went");
	test_check_mm(m, t);
}

/* --- /proc: the host's own PFN map as the oracle ---------------------------------- */

/* The @field line of the host's [vvar] in its smaps (start in *@start), or NULL. */
static char *host_vvar(const char *field, unsigned long *start)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512], *found = NULL;
	bool in = false;

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		if (strchr(line, '-') && strstr(line, " r--p ") &&
		    strstr(line, "[vvar]")) {
			in = true;
			*start = strtoul(line, NULL, 16);
			continue;
		}
		if (in && !strncmp(line, field, strlen(field))) {
			line[strcspn(line, "\n")] = '\0';
			found = strdup(line);
			break;
		}
	}
	fclose(f);
	return found;
}

/*
 * A PFN map in /proc, against the host: the host's [vvar] is a VM_PFNMAP
 * mapping (vmf_insert_pfn() at fault time) whose smaps says "VmFlags: rd
 * mr pf io de dd", Rss 0 even after a read, and whose pagemap entries are
 * 0 (pagemap_ops has no ->test_walk: the VMA is a hole).  A read-only
 * private mapping of the register block through vmf_insert_pfn() is the
 * same kind of VMA in mmlab (the driver clears VM_MAYWRITE|VM_MAYEXEC of
 * a read-only mapping, as the vDSO's flags lack them) and must read the
 * same.
 */
Test(drvmap, proc_of_a_pfn_map_matches_the_host_vvar)
{
	int fd = drv_install(INSERT_PFN);
	unsigned long vvar = 0;
	char *host_flags = host_vvar("VmFlags:", &vvar), *flags;
	u64 e = ~0ULL;
	long rss;
	FILE *pm;
	u32 id;

	if (!host_flags)
		cr_skip_test("the host has no [vvar] mapping");
	/* Touch the host's vvar page, then read its pagemap entry. */
	(void)*(volatile unsigned char *)vvar;
	pm = fopen("/proc/self/pagemap", "rb");
	cr_assert_not_null(pm);
	cr_assert_eq(fseek(pm, (long)(vvar >> PAGE_SHIFT) * 8, SEEK_SET), 0);
	cr_assert_eq(fread(&e, 8, 1, pm), 1);
	fclose(pm);
	cr_assert_eq(e, 0, "host: a touched PFN map page reads not present");

	cr_assert_eq(map(2, 1, RO, MAP_PRIVATE, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2), &id, 4), 0);
	cr_assert(pte_present(pte_at(base + P(2))));
	cr_assert_eq(mml_mprotect(ut, base + P(2), P(1), PROT_READ | PROT_WRITE),
		     -EACCES, "no VM_MAYWRITE");
	flags = smaps_entry(base + P(2), &rss);
	cr_assert_str_eq(flags, host_flags, "mmlab `%s` vs host `%s`", flags, host_flags);
	cr_assert_eq(rss, 0);
	e = ~0ULL;
	cr_assert_eq(mml_read_file_at(ut, "/proc/self/pagemap", &e, 8,
				      ((base + P(2)) >> PAGE_SHIFT) * 8), 8);
	cr_assert_eq(e, 0, "mmlab: the same");
	free(flags);
	free(host_flags);
	test_check_mm(m, t);
}

/*
 * madvise_vma_behavior(): MADV_DONTFORK of a VM_IO VMA is allowed (the
 * child then lacks it: copy_page_range() never sees it), MADV_DOFORK is
 * -EINVAL.
 */
Test(drvmap, madvise_dontfork_of_vm_io)
{
	int fd = drv_install(MMIO_NC);
	struct task_struct *ct;
	long pid;

	cr_assert_eq(map(2, 1, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_madvise(ut, base + P(2), P(1), MADV_DOFORK), -EINVAL);
	cr_assert_eq(mml_madvise(ut, base + P(2), P(1), MADV_DONTFORK), 0);
	pid = mml_fork(ut);
	cr_assert_gt(pid, 0);
	ct = (struct task_struct *)mml_task_get(m, (int)pid);
	cr_assert_null(vma_lookup(ct->mm, base + P(2)), "not copied");
	cr_assert_eq(drv.vm_open, 0);
	test_check_mm(m, t);
	mml_exit((struct mml_task *)ct, 0);
	test_check_mm(m, t);
}

/*
 * madvise and mlock of a PFN map against the host's [vvar] (VM_PFNMAP,
 * VM_IO): the same advice gives the same result on both.  DONTNEED and
 * FREE (madvise_dontneed_free_valid_vma()), COLD and PAGEOUT
 * (can_madv_lru_vma()) and DODUMP (VM_SPECIAL) are -EINVAL; WILLNEED and
 * DONTDUMP succeed; mlock succeeds without locking (mlock_fixup()).
 */
Test(drvmap, madvise_mlock_of_a_pfn_map_match_the_host_vvar)
{
	static const int advice[] = {
		MADV_DONTNEED, MADV_FREE, MADV_COLD, MADV_PAGEOUT, MADV_WILLNEED,
		MADV_DONTDUMP, MADV_DODUMP,
	};
	int fd = drv_install(INSERT_PFN);
	unsigned long vvar = 0;
	char *host_flags = host_vvar("VmFlags:", &vvar);
	unsigned int i;
	long h, r;

	if (!host_flags)
		cr_skip_test("the host has no [vvar] mapping");
	free(host_flags);
	cr_assert_eq(map(2, 1, RO, MAP_PRIVATE, fd), (long)(base + P(2)));
	for (i = 0; i < ARRAY_SIZE(advice); i++) {
		h = syscall(SYS_madvise, vvar, PAGE_SIZE, advice[i]);
		h = h ? -errno : 0;
		r = mml_madvise(ut, base + P(2), P(1), advice[i]);
		cr_assert_eq(r, h, "advice %d: mmlab %ld, host %ld", advice[i], r, h);
		test_check_mm(m, t);
	}
	h = syscall(SYS_mlock, vvar, PAGE_SIZE);
	h = h ? -errno : 0;
	cr_assert_eq(mml_mlock(ut, base + P(2), P(1)), h);
	cr_assert_eq(vma_lookup(t->mm, base + P(2))->vm_flags & VM_LOCKED, 0);
	syscall(SYS_munlock, vvar, PAGE_SIZE);
	test_check_mm(m, t);
}

/*
 * remap_vmalloc_range() under page-table allocation failure: the pages it
 * inserted before the failure are released when the failed mmap unmaps
 * the VMA (Linux leaves them to that unmap too); no reference is left.
 */
Test(drvmap, remap_vmalloc_range_fault_injection)
{
	int fd = drv_install(VMALLOC_REMAP);
	unsigned long a = base + (8UL << 20) - P(2);	/* straddles a PMD */
	struct page *p0 = vmalloc_to_page(drv.vbuf);
	struct page *p3 = vmalloc_to_page((char *)drv.vbuf + P(3));
	long ret = -ENOMEM, nth;

	for (nth = 0; nth < 12 && ret == -ENOMEM; nth++) {
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, nth);
		ret = mml_mmap(ut, a, P(VBUF_PAGES), PROT_READ,
			       MAP_SHARED | MAP_FIXED, fd, 0);
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
		test_check_mm(m, t);
		if (ret == -ENOMEM) {
			cr_assert_eq(page_ref_count(p0), 1, "nth %ld", nth);
			cr_assert_eq(page_ref_count(p3), 1, "nth %ld", nth);
			cr_assert_eq(page_mapcount(p0), 0);
		}
	}
	cr_assert_eq(ret, (long)a);
	cr_assert_gt(nth, 1);
	cr_assert_eq(page_ref_count(p3), 2);
	cr_assert_eq(mml_munmap(ut, a, P(VBUF_PAGES)), 0);
	test_check_mm(m, t);
}

/*
 * A fault in a vmf_insert_pfn() driver's VMA when no page table can be
 * had (handle_mm_fault() builds it before ->fault() runs, as Linux's
 * __handle_mm_fault() does): VM_FAULT_OOM, the access ends as an
 * out-of-memory fault does (SIGKILL, as the OOM killer would send it),
 * nothing is mapped, ->fault() was not called; the next access succeeds.
 */
Test(drvmap, vmf_insert_pfn_out_of_memory)
{
	int fd = drv_install(INSERT_PFN);
	unsigned long a = base + (10UL << 20);
	u32 id = 0;
	int sig;

	cr_assert_eq(mml_mmap(ut, a, PAGE_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED,
			      fd, 0), (long)a);
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, 0);
	sig = mml_load(ut, a, &id, 4);
	mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
	cr_assert_eq(sig, 9, "SIGKILL, got %d", sig);
	cr_assert(pte_none(pte_at(a)));
	cr_assert_eq(drv.faults, 0);
	test_check_mm(m, t);
	cr_assert_eq(mml_load(ut, a, &id, 4), 0);
	cr_assert_eq(id, REGBLOCK_ID);
	test_check_mm(m, t);
}
