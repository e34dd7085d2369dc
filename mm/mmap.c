// SPDX-License-Identifier: MIT
/*
 * The mmap family's core: get_unmapped_area() (top-down and legacy
 * bottom-up), do_mmap() with Linux's checks in Linux's order,
 * mmap_region(), munmap, brk, and the accounting that goes with them
 * (total_vm, data_vm, RLIMIT_AS/DATA, overcommit and Committed_AS).
 */
#include <limits.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/sched.h>
#include <linux/trace.h>
#include <linux/syscalls.h>
#include <asm/tlbflush.h>
#include <asm/processor.h>
#include "mm/internal.h"

#define OVERCOMMIT_GUESS	0
#define OVERCOMMIT_ALWAYS	1
#define OVERCOMMIT_NEVER	2

/* --- protections ------------------------------------------------------------ */

/* The protection of @vm_flags, keeping @oldprot's caching mode. */
static pgprot_t vm_pgprot_modify(pgprot_t oldprot, unsigned long vm_flags)
{
	return pgprot_modify(oldprot, vm_get_page_prot(vm_flags));
}

/*
 * vma_wants_writenotify() - should shared writable @vma start with
 * read-only PTEs, so that the first store to each page faults?  Yes when
 * its ->page_mkwrite() or ->pfn_mkwrite() wants to be told, or when its file writes back
 * (the store must dirty the page); no for raw PFN maps and when the
 * driver chose protection bits that pgprot_modify() would not keep.
 * Shared anonymous memory (shmem) does not write back: no.
 */
static bool vma_wants_writenotify(struct vm_area_struct *vma,
				  pgprot_t vm_page_prot)
{
	if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) != (VM_WRITE | VM_SHARED))
		return false;
	if (vma->vm_ops &&
	    (vma->vm_ops->page_mkwrite || vma->vm_ops->pfn_mkwrite))
		return true;
	if (pgprot_val(vm_page_prot) !=
	    pgprot_val(vm_pgprot_modify(vm_page_prot, vma->vm_flags)))
		return false;
	if (vma->vm_flags & VM_PFNMAP)
		return false;
	return vma->vm_file && mapping_can_writeback(vma->vm_file->f_mapping);
}

/**
 * vma_set_page_prot() - recompute @vma's vm_page_prot from its flags,
 * write-protected when it wants write notification.  The caching bits a
 * driver's ->mmap() set (pgprot_noncached()) are kept.
 */
void vma_set_page_prot(struct vm_area_struct *vma)
{
	unsigned long flags = vma->vm_flags;
	pgprot_t prot = vm_pgprot_modify(vma->vm_page_prot, flags);

	if (vma_wants_writenotify(vma, prot)) {
		flags &= ~VM_SHARED;
		prot = vm_pgprot_modify(prot, flags);
	}
	vma->vm_page_prot = prot;
}

/* --- accounting ------------------------------------------------------------- */

static bool is_exec_mapping(unsigned long f)
{
	return (f & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC;
}

static bool is_stack_mapping(unsigned long f)
{
	return (f & VM_STACK) == VM_STACK;
}

static bool is_data_mapping(unsigned long f)
{
	return (f & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
}

void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages)
{
	mm->total_vm += (unsigned long)npages;
	if (is_exec_mapping(flags))
		mm->exec_vm += (unsigned long)npages;
	else if (is_stack_mapping(flags))
		mm->stack_vm += (unsigned long)npages;
	else if (is_data_mapping(flags))
		mm->data_vm += (unsigned long)npages;
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
}

/* may_expand_vm() - would @npages more of @flags stay within RLIMIT_AS/DATA? */
bool may_expand_vm(struct mm_struct *mm, unsigned long flags,
		   unsigned long npages)
{
	struct task_struct *t = mm->owner;

	if (mm->total_vm + npages > rlimit(t, RLIMIT_AS) >> PAGE_SHIFT)
		return false;
	if (is_data_mapping(flags) &&
	    mm->data_vm + npages > rlimit(t, RLIMIT_DATA) >> PAGE_SHIFT) {
		/* Linux's workaround for Valgrind: a zero soft limit. */
		if (rlimit(t, RLIMIT_DATA) == 0 &&
		    mm->data_vm + npages <= t->rlim[RLIMIT_DATA].rlim_max >> PAGE_SHIFT)
			return true;
		return false;
	}
	return true;
}

unsigned long vm_commit_limit(void)
{
	struct mml_machine *m = current_machine();

	unsigned long allowed;

	if (m->sysctl_overcommit_kbytes)
		allowed = m->sysctl_overcommit_kbytes >> (PAGE_SHIFT - 10);
	else
		allowed = m->totalram_pages * (unsigned long)m->sysctl_overcommit_ratio / 100;
	return allowed + (unsigned long)total_swap_pages();	/* swap backs it too */
}

void vm_unacct_memory(long pages)
{
	current_machine()->vm_committed_as -= pages;
}

/*
 * __vm_enough_memory(): charge @pages to Committed_AS and check the
 * overcommit policy: 0 heuristic (no single request above RAM + swap), 1 always,
 * 2 never beyond CommitLimit (less a reserve for the task).  Swap counts
 * as memory in both, as in Linux.
 */
int security_vm_enough_memory_mm(struct mm_struct *mm, long pages)
{
	struct mml_machine *m = mm->machine;
	long allowed, reserve;

	m->vm_committed_as += pages;
	if (m->sysctl_overcommit_memory == OVERCOMMIT_ALWAYS)
		return 0;
	if (m->sysctl_overcommit_memory == OVERCOMMIT_GUESS) {
		/* RAM alone covers the usual request: swap's count unasked. */
		if ((unsigned long)pages <= m->totalram_pages ||
		    (unsigned long)pages <= m->totalram_pages +
					    (unsigned long)total_swap_pages())
			return 0;
		goto error;
	}
	allowed = (long)vm_commit_limit();
	reserve = (long)min(nr_free_pages() / 32, 1UL << (17 - (PAGE_SHIFT - 10)));
	allowed -= min((long)(mm->total_vm / 32), reserve);
	if (m->vm_committed_as < allowed)
		return 0;
error:
	pr_warn("__vm_enough_memory: pid: %d, comm: %s, bytes: %lu not enough memory for the allocation\n",
		mm->owner->pid, mm->owner->comm, (unsigned long)pages << PAGE_SHIFT);
	vm_unacct_memory(pages);
	return -ENOMEM;
}

static bool accountable_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/* --- get_unmapped_area -------------------------------------------------------- */

static unsigned long unmapped_area(struct mm_struct *mm,
				   const struct vm_unmapped_area_info *info)
{
	unsigned long length = info->length, high_limit, gap_start;
	struct vma_tree_gap gap;

	if (info->high_limit < length)
		return (unsigned long)-ENOMEM;
	high_limit = info->high_limit - length;
	if (info->low_limit > high_limit)
		return (unsigned long)-ENOMEM;
	if (vma_tree_gap_lowest(&mm->mm_mt, length, info->low_limit + length, &gap))
		gap_start = gap.gap_start;
	else
		gap_start = mm->highest_vm_end;
	if (gap_start > high_limit)
		return (unsigned long)-ENOMEM;
	return max(gap_start, info->low_limit);
}

/*
 * The highest gap of info->length in [low_limit, high_limit): above the
 * last VMA if it fits there, else the last VMA whose gap below is long
 * enough and starts low enough.
 */
static unsigned long unmapped_area_topdown(struct mm_struct *mm,
					   const struct vm_unmapped_area_info *info)
{
	unsigned long length = info->length, high_limit, gap_end;
	struct vma_tree_gap gap;

	if (info->high_limit < length)
		return (unsigned long)-ENOMEM;
	high_limit = info->high_limit - length;
	if (info->low_limit > high_limit)
		return (unsigned long)-ENOMEM;
	if (mm->highest_vm_end <= high_limit)
		return info->high_limit - length;
	if (!vma_tree_gap_highest(&mm->mm_mt, length, high_limit, &gap))
		return (unsigned long)-ENOMEM;
	gap_end = gap.gap_end;
	if (gap_end < info->low_limit + length)
		return (unsigned long)-ENOMEM;
	if (gap_end > info->high_limit)
		gap_end = info->high_limit;
	return gap_end - length;
}

/** vm_unmapped_area() - a gap for @info, lowest or highest by info->topdown. */
unsigned long vm_unmapped_area(struct mm_struct *mm,
			       const struct vm_unmapped_area_info *info)
{
	return info->topdown ? unmapped_area_topdown(mm, info)
			     : unmapped_area(mm, info);
}

static unsigned long mm_get_unmapped_area(struct mm_struct *mm,
					  unsigned long addr, unsigned long len,
					  unsigned long flags)
{
	if (mm->legacy_layout)
		return arch_get_unmapped_area(mm, addr, len, flags);
	return arch_get_unmapped_area_topdown(mm, addr, len, flags);
}

/*
 * __thp_get_unmapped_area(): place a mapping so that file offset and
 * address agree modulo 2 MiB (huge pages can then back it): search for one
 * PMD more, then round.  0 means "no alignment possible, search plainly".
 */
static unsigned long __thp_get_unmapped_area(struct mm_struct *mm,
					   unsigned long addr, unsigned long len,
					   unsigned long pgoff, unsigned long flags)
{
	unsigned long off = pgoff << PAGE_SHIFT, ret, off_sub;
	unsigned long off_end = ALIGN_DOWN(off + len, PMD_SIZE);
	unsigned long off_align = ALIGN(off, PMD_SIZE);

	if (len + PMD_SIZE < len || (flags & MAP_FIXED) || off_end <= off_align ||
	    off_end - off_align < PMD_SIZE)
		return 0;
	ret = mm_get_unmapped_area(mm, addr, len + PMD_SIZE, flags);
	if (IS_ERR((void *)ret))
		return 0;
	if (ret == addr)
		return addr;	/* the hint was free */
	off_sub = (off - ret) & (PMD_SIZE - 1);
	if (!mm->legacy_layout && !off_sub)
		ret += PMD_SIZE;
	else
		ret += off_sub;
	trace_mm(mm, "get_unmapped_area: THP-aligned -> %#lx", ret);
	return ret;
}

/**
 * thp_get_unmapped_area() - an address for a mapping of @len at file page
 * @pgoff in @mm, 2 MiB-aligned with the offset when the range can hold a
 * huge page, else wherever mm_get_unmapped_area() finds room.  The
 * ->get_unmapped_area() of files whose file system uses large folios
 * (ext4, xfs).  @filp is unused.
 * Return: the address, or -errno cast to unsigned long.
 */
unsigned long thp_get_unmapped_area(struct mm_struct *mm, struct file *filp,
				    unsigned long addr, unsigned long len,
				    unsigned long pgoff, unsigned long flags)
{
	unsigned long ret = __thp_get_unmapped_area(mm, addr, len, pgoff, flags);

	return ret ? ret : mm_get_unmapped_area(mm, addr, len, flags);
}

/**
 * get_unmapped_area() - choose (or check) the address of a new mapping.
 * Return: the address, or -ENOMEM/-EINVAL/-EPERM cast to unsigned long.
 */
unsigned long get_unmapped_area(struct mm_struct *mm, struct file *file,
				unsigned long addr, unsigned long len,
				unsigned long pgoff, unsigned long flags)
{
	if (len > mm->task_size)
		return (unsigned long)-ENOMEM;
	/*
	 * The file chooses (ext4's THP alignment); private anonymous
	 * mappings of whole 2 MiB multiples without a hint are aligned too
	 * (__get_unmapped_area() of Linux 6.x).
	 */
	if (file && file->f_op->get_unmapped_area)
		addr = file->f_op->get_unmapped_area(mm, file, addr, len, pgoff,
						     flags);
	else if (!file && !(flags & MAP_SHARED) && !addr && IS_ALIGNED(len, PMD_SIZE))
		addr = thp_get_unmapped_area(mm, NULL, addr, len, pgoff, flags);
	else
		addr = mm_get_unmapped_area(mm, addr, len, flags);
	if (IS_ERR((void *)addr))
		return addr;
	if (addr > mm->task_size - len)
		return (unsigned long)-ENOMEM;
	if (addr & ~PAGE_MASK)
		return (unsigned long)-EINVAL;
	/* cap_mmap_addr(): below vm.mmap_min_addr needs CAP_SYS_RAWIO. */
	if (addr < mm->machine->dac_mmap_min_addr && !mm->owner->cap_sys_rawio)
		return (unsigned long)-EPERM;
	return addr;
}

/* --- mmap --------------------------------------------------------------------- */

static unsigned long calc_vm_prot_bits(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) |
	       ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

static unsigned long calc_vm_flag_bits(unsigned long flags)
{
	return ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0) |
	       ((flags & MAP_LOCKED) ? VM_LOCKED : 0) |
	       ((flags & MAP_SYNC) ? VM_SYNC : 0) |
	       ((flags & MAP_STACK) ? VM_NOHUGEPAGE : 0);
}

static unsigned long count_vma_pages_range(struct mm_struct *mm,
					   unsigned long addr, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	unsigned long n = 0;

	for (; vma && vma->vm_start < end; vma = vma->vm_next)
		n += (min(end, vma->vm_end) - max(addr, vma->vm_start)) >> PAGE_SHIFT;
	return n;
}

static void vma_set_anonymous(struct vm_area_struct *vma)
{
	vma->vm_ops = NULL;
}

/* Try to extend a neighbour over [addr, end) instead of a new VMA. */
static struct vm_area_struct *mmap_try_expand(struct mm_struct *mm,
					      unsigned long addr,
					      unsigned long end,
					      unsigned long vm_flags,
					      struct file *file, pgoff_t pgoff)
{
	struct vm_area_struct *prev, *vma;

	find_vma_prev(mm, addr, &prev);
	vma = vma_merge(mm, prev, addr, end, vm_flags, NULL, file, pgoff);
	if (vma)
		trace_mm(mm, "mmap_region: merged with %s vma %#lx-%#lx",
			 vma == prev ? "previous" : "next", vma->vm_start, vma->vm_end);
	return vma;
}

/*
 * mmap_file() - let @file's ->mmap() set up @vma: it may set vm_ops,
 * vm_private_data, vm_page_prot and vm_flags (not VM_MAYWRITE where it
 * was clear: warned), or map pages at once.  On failure, whatever it mapped is
 * unmapped.  Return: 0 or its error.
 */
static int mmap_file(struct file *file, struct vm_area_struct *vma)
{
	unsigned long old_flags = vma->vm_flags;
	int err = file->f_op->mmap(file, vma);

	if (err) {
		struct zap_details details = {
			.zap_flags = ZAP_FLAG_DROP_MARKER, .even_cows = true,
		};

		zap_page_range_single(vma, vma->vm_start,
				      vma->vm_end - vma->vm_start, &details);
		return err;
	}
	/* Linux warns about this (VM_WARN_ON_ONCE) and goes on. */
	if (!(old_flags & VM_MAYWRITE) && (vma->vm_flags & VM_MAYWRITE))
		pr_warn("mmap: ->mmap() made a read-only mapping writable\n");
	return 0;
}

/*
 * A new VMA for [addr, addr+len): a file's ->mmap() (the flags may change
 * there), a new shmem object for shared anonymous memory, or plain
 * anonymous memory; then linked into the tree.
 */
static int mmap_new_vma(struct mm_struct *mm, struct file *file,
			unsigned long addr, unsigned long len,
			unsigned long vm_flags, pgoff_t pgoff,
			struct vm_area_struct **out)
{
	struct vm_area_struct *vma;
	int err;

	/* The tree's nodes first, so that the insertion cannot fail. */
	err = vma_tree_preallocate(&mm->mm_mt);
	if (err)
		return err;
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	if (file) {
		vma->vm_file = get_file(file);
		err = mmap_file(file, vma);
		if (err)
			goto out_free;
	} else if (vm_flags & VM_SHARED) {
		/* A "/dev/zero (deleted)" object. */
		err = shmem_zero_setup(vma);
		if (err)
			goto out_free;
	} else {
		vma_set_anonymous(vma);
	}
	err = insert_vm_struct(mm, vma);
	if (err)
		goto out_free;
	trace_mm(mm, "mmap_region: new vma %#lx-%#lx", vma->vm_start, vma->vm_end);
	*out = vma;
	return 0;

out_free:
	if (vma->vm_file)
		fput(vma->vm_file);
	vm_area_free(vma);
	return err;
}

/**
 * mmap_region() - map [addr, addr+len), replacing what is there: check the
 * address-space limit, unmap the old, charge the commit (with the flags
 * asked for, as Linux), merge or create (a file's ->mmap() may change the
 * flags and the protection), then account total_vm and locked_vm with the
 * VMA's final flags and recompute its protection, keeping the caching
 * mode ->mmap() chose.
 * Return: @addr, or -errno.
 */
unsigned long mmap_region(struct mm_struct *mm, struct file *file,
			  unsigned long addr, unsigned long len,
			  unsigned long vm_flags, unsigned long pgoff)
{
	unsigned long end = addr + len, charged = 0, npages = len >> PAGE_SHIFT;
	struct vm_area_struct *vma = NULL;
	int err;

	if (!may_expand_vm(mm, vm_flags, npages) &&
	    !may_expand_vm(mm, vm_flags, npages - count_vma_pages_range(mm, addr, end)))
		return (unsigned long)-ENOMEM;
	if (do_vmi_munmap(mm, addr, len))
		return (unsigned long)-ENOMEM;
	if (accountable_mapping(vm_flags)) {
		charged = npages;
		if (security_vm_enough_memory_mm(mm, (long)charged))
			return (unsigned long)-ENOMEM;
		vm_flags |= VM_ACCOUNT;
	}
	vma = mmap_try_expand(mm, addr, end, vm_flags, file, pgoff);
	if (!vma) {
		err = mmap_new_vma(mm, file, addr, len, vm_flags, pgoff, &vma);
		if (err) {
			if (charged)
				vm_unacct_memory((long)charged);
			return (unsigned long)err;
		}
	}
	vm_stat_account(mm, vma->vm_flags, (long)npages);
	if (vma->vm_flags & VM_LOCKED) {
		if (vma->vm_flags & VM_SPECIAL)
			vm_flags_clear(vma, VM_LOCKED_MASK);
		else
			mm->locked_vm += npages;
	}
	/*
	 * Only a file's ->mmap() or a shared mapping's write notification can
	 * make the protection differ from the one computed from these flags
	 * when the private anonymous VMA was made (or the one merged with,
	 * whose flags are the same): skip recomputing it there.
	 */
	if (vma->vm_file || (vma->vm_flags & VM_SHARED))
		vma_set_page_prot(vma);
	return addr;
}

static bool mlock_future_ok(struct mm_struct *mm, unsigned long flags,
			    unsigned long bytes)
{
	unsigned long locked, limit;

	if (!(flags & VM_LOCKED) || mm->owner->cap_ipc_lock)
		return true;
	locked = (bytes >> PAGE_SHIFT) + mm->locked_vm;
	limit = rlimit(mm->owner, RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	return locked <= limit;
}

/*
 * How far a file may be mapped (Linux's file_mmap_size_max()): regular
 * files up to MAX_LFS_FILESIZE, devices up to ULONG_MAX, and a file with
 * unsigned offsets (/dev/mem) anywhere: 0 says so.
 */
static u64 file_mmap_size_max(struct file *file)
{
	if (S_ISREG(file->f_inode->i_mode))
		return (u64)MAX_LFS_FILESIZE;
	if (file->f_mode & FMODE_UNSIGNED_OFFSET)
		return 0;
	return ~0ULL;
}

static bool file_mmap_ok(struct file *file, unsigned long pgoff,
			 unsigned long len)
{
	u64 maxsize = file_mmap_size_max(file);

	if (maxsize && len > maxsize)
		return false;
	maxsize -= len;
	return (u64)pgoff <= maxsize >> PAGE_SHIFT;
}

/* The file half of do_mmap()'s checks: MAP_TYPE, access modes, ->mmap. */
static long do_mmap_file_checks(struct file *file, unsigned long prot,
				unsigned long *flags, unsigned long *vm_flags)
{
	switch (*flags & MAP_TYPE) {
	case MAP_SHARED:
		*flags &= LEGACY_MAP_MASK;
		/* fall through */
	case MAP_SHARED_VALIDATE:
		if (*flags & ~(unsigned long)LEGACY_MAP_MASK)
			return -EOPNOTSUPP;
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!(file->f_mode & FMODE_WRITE))
			*vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		/* fall through */
	case MAP_PRIVATE:
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		if (!file->f_op || !file->f_op->mmap)
			return -ENODEV;
		if (*vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * do_mmap() - the mmap system call once the file is found: Linux's checks
 * in Linux's order, the address, vm_flags, then mmap_region().
 * @populate: set to the length to fault in (MAP_POPULATE, MAP_LOCKED).
 * Return: the address, or -errno.
 */
long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr,
	     unsigned long len, unsigned long prot, unsigned long flags,
	     unsigned long pgoff, unsigned long *populate)
{
	unsigned long vm_flags = 0;
	long err;

	*populate = 0;
	if (!len)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED) && addr < mm->machine->mmap_min_addr && addr)
		addr = PAGE_ALIGN(mm->machine->mmap_min_addr);	/* round_hint_to_min() */
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > mm->machine->sysctl_max_map_count)
		return -ENOMEM;
	addr = get_unmapped_area(mm, file, addr, len, pgoff, flags);
	if (IS_ERR((void *)addr))
		return (long)addr;
	if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	vm_flags = calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) |
		   mm->def_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (!mlock_future_ok(mm, vm_flags, len))
		return -EAGAIN;
	if (file) {
		if (!file_mmap_ok(file, pgoff, len))
			return -EOVERFLOW;
		err = do_mmap_file_checks(file, prot, &flags, &vm_flags);
		if (err)
			return err;
	} else {
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
			if (vm_flags & VM_GROWSDOWN)
				return -EINVAL;
			pgoff = 0;
			vm_flags |= VM_SHARED | VM_MAYSHARE;
			break;
		case MAP_DROPPABLE:
			if ((flags & MAP_LOCKED) || (vm_flags & VM_GROWSDOWN))
				return -EINVAL;
			/* Droppable pages need no reserve and survive no fork. */
			vm_flags |= VM_DROPPABLE | VM_NORESERVE | VM_WIPEONFORK |
				    VM_DONTDUMP;
			/* fall through */
		case MAP_PRIVATE:
			pgoff = addr >> PAGE_SHIFT;
			break;
		default:
			return -EINVAL;
		}
	}
	if ((flags & MAP_NORESERVE) && mm->machine->sysctl_overcommit_memory != OVERCOMMIT_NEVER)
		vm_flags |= VM_NORESERVE;
	addr = mmap_region(mm, file, addr, len, vm_flags, pgoff);
	if (!IS_ERR((void *)addr) &&
	    ((vm_flags & VM_LOCKED) || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE))
		*populate = len;
	return (long)addr;
}

/* --- munmap --------------------------------------------------------------------- */

static void unmap_account(struct mm_struct *mm, struct vm_area_struct *vma)
{
	long npages = (long)vma_pages(vma);

	if (vma->vm_flags & VM_ACCOUNT)
		vm_unacct_memory(npages);
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm -= (unsigned long)npages;
	vm_stat_account(mm, vma->vm_flags, -npages);
}

/**
 * do_vmi_munmap() - unmap [start, start+len): split the VMAs at the edges,
 * zap their pages, free page tables no longer needed, drop the VMAs.
 * Return: 0, -EINVAL for a bad range, or -ENOMEM when a split is refused.
 */
int do_vmi_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	unsigned long end;
	struct vm_area_struct *vma, *next, *prev;
	int err;

	if ((start & ~PAGE_MASK) || start > mm->task_size || len > mm->task_size - start)
		return -EINVAL;
	end = start + PAGE_ALIGN(len);
	if (end == start)
		return -EINVAL;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (start > vma->vm_start) {
		if (end < vma->vm_end && mm->map_count >= mm->machine->sysctl_max_map_count)
			return -ENOMEM;
		err = __split_vma(mm, vma, start, /* new_below = */ 1);
		if (err)
			return err;
	}
	prev = vma->vm_prev;
	for (next = vma; next && next->vm_start < end; next = next->vm_next) {
		if (next->vm_end > end) {
			err = __split_vma(mm, next, end, /* new_below = */ 1);
			if (err)
				return err;
			next = next->vm_prev;	/* the lower half, now ending at end */
		}
	}
	vma = prev ? prev->vm_next : mm->mmap;
	trace_mm(mm, "munmap: [%#lx, %#lx)", start, end);
	unmap_region(mm, vma, start, end);
	while (vma && vma->vm_start < end) {
		next = vma->vm_next;
		unmap_account(mm, vma);
		vma_unlink(mm, vma);
		remove_vma(vma);
		vma = next;
	}
	return 0;
}

/* --- brk -------------------------------------------------------------------------- */

static int do_brk_flags(struct mm_struct *mm, unsigned long addr,
			unsigned long len, unsigned long flags)
{
	struct vm_area_struct *prev, *vma;
	unsigned long npages = len >> PAGE_SHIFT;

	flags |= VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm->def_flags;
	if (!may_expand_vm(mm, flags, npages))
		return -ENOMEM;
	if (mm->map_count > mm->machine->sysctl_max_map_count)
		return -ENOMEM;
	if (security_vm_enough_memory_mm(mm, (long)npages))
		return -ENOMEM;
	find_vma_prev(mm, addr, &prev);
	vma = vma_merge(mm, prev, addr, addr + len, flags, NULL, NULL,
			addr >> PAGE_SHIFT);
	if (!vma) {
		vma = vm_area_alloc(mm);
		if (!vma) {
			vm_unacct_memory((long)npages);
			return -ENOMEM;
		}
		vma->vm_start = addr;
		vma->vm_end = addr + len;
		vma->vm_pgoff = addr >> PAGE_SHIFT;
		vma->vm_flags = flags;
		vma->vm_page_prot = vm_get_page_prot(flags);
		if (insert_vm_struct(mm, vma)) {
			vm_area_free(vma);
			vm_unacct_memory((long)npages);
			return -ENOMEM;
		}
	}
	vm_stat_account(mm, flags, (long)npages);
	if (flags & VM_LOCKED)
		mm->locked_vm += npages;
	return 0;
}

/**
 * do_brk() - the brk system call, raw: returns the new break, or the old
 * one when the request is refused (below start_brk, over RLIMIT_DATA,
 * running into the next mapping's guard gap, out of memory).
 */
unsigned long do_brk(struct mm_struct *mm, unsigned long brk)
{
	unsigned long origbrk = mm->brk, newbrk, oldbrk;
	struct vm_area_struct *next;
	bool populate = false;

	if (brk < mm->start_brk)
		goto out;
	if (rlimit(mm->owner, RLIMIT_DATA) < RLIM_INFINITY &&
	    (brk - mm->start_brk) + (mm->end_data - mm->start_data) >
	    rlimit(mm->owner, RLIMIT_DATA))
		goto out;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (oldbrk == newbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {
		next = find_vma(mm, newbrk);
		if (!next || next->vm_start >= oldbrk)
			goto out;
		mm->brk = brk;
		if (do_vmi_munmap(mm, newbrk, oldbrk - newbrk))
			goto out;
		return brk;
	}
	if (IS_ERR((void *)get_unmapped_area(mm, NULL, oldbrk, newbrk - oldbrk, 0, MAP_FIXED)) ||
	    !mlock_future_ok(mm, mm->def_flags, newbrk - oldbrk))
		goto out;
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		goto out;
	if (do_brk_flags(mm, oldbrk, newbrk - oldbrk, 0) < 0)
		goto out;
	mm->brk = brk;
	populate = mm->def_flags & VM_LOCKED;
	trace_mm(mm, "brk: %#lx -> %#lx", origbrk, brk);
	if (populate)
		mm_populate(mm, oldbrk, newbrk - oldbrk);
	return brk;
out:
	mm->brk = origbrk;
	trace_mm(mm, "brk: %#lx refused, break stays %#lx", brk, origbrk);
	return origbrk;
}

/* --- teardown ---------------------------------------------------------------------- */

/** exit_mmap() - unmap everything and free the page tables. */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma = mm->mmap, *next;

	if (vma)
		unmap_region(mm, vma, 0, mm->task_size);
	while (vma) {
		next = vma->vm_next;
		unmap_account(mm, vma);
		vma_unlink(mm, vma);
		remove_vma(vma);
		vma = next;
	}
}

/* --- stack growth ------------------------------------------------------------------ */

static int acct_stack_growth(struct vm_area_struct *vma, unsigned long size,
			     unsigned long grow)
{
	struct mm_struct *mm = vma->vm_mm;

	if (!may_expand_vm(mm, vma->vm_flags, grow))
		return -ENOMEM;
	if (size > rlimit(mm->owner, RLIMIT_STACK))
		return -ENOMEM;
	if ((vma->vm_flags & VM_LOCKED) && !mm->owner->cap_ipc_lock &&
	    (mm->locked_vm + grow) << PAGE_SHIFT > rlimit(mm->owner, RLIMIT_MEMLOCK))
		return -ENOMEM;
	if ((vma->vm_flags & VM_ACCOUNT) &&
	    security_vm_enough_memory_mm(mm, (long)grow))
		return -ENOMEM;
	return 0;
}

/**
 * expand_stack() - grow the VM_GROWSDOWN @vma down to @address, keeping
 * stack_guard_gap from the mapping below, within RLIMIT_STACK.
 * Return: 0, or -ENOMEM / -EPERM.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma->vm_prev;
	unsigned long size, grow;
	int err;

	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -EFAULT;
	address &= PAGE_MASK;
	if (address < mm->machine->mmap_min_addr)
		return -EPERM;
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
	    (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    address - prev->vm_end < STACK_GUARD_GAP)
		return -ENOMEM;
	if (address >= vma->vm_start)
		return 0;
	size = vma->vm_end - address;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	if (grow > vma->vm_pgoff)
		return -ENOMEM;
	err = acct_stack_growth(vma, size, grow);
	if (err)
		return err;
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += grow;
	vm_stat_account(mm, vma->vm_flags, (long)grow);
	vma_set_range(vma, address, vma->vm_end, vma->vm_pgoff - grow);
	trace_mm(mm, "expand_stack: stack grows down to %#lx", address);
	return 0;
}

/* --- system calls --------------------------------------------------------------- */

/* vm_mmap_pgoff() and the file/hugetlb checks of ksys_mmap_pgoff(). */
long ksys_mmap_pgoff(unsigned long addr,
		     unsigned long len, unsigned long prot, unsigned long flags,
		     unsigned long fd, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	struct file *file = NULL;
	unsigned long populate;
	long ret;

	if (!(flags & MAP_ANONYMOUS)) {
		file = fget((int)fd);
		if (!file)
			return -EBADF;
		if (flags & MAP_HUGETLB)
			return -EINVAL;
	} else if (flags & MAP_HUGETLB) {
		unsigned long log = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;

		unsigned long hsize = 1UL << (log ? log : 21);

		/* hstate_sizelog(): no hstate of that size */
		if (!arch_hugetlb_valid_size(hsize))
			return -EINVAL;
		/* hugetlb_get_unmapped_area(): MAP_FIXED must be huge-aligned. */
		if ((flags & MAP_FIXED) && (addr & (hsize - 1)))
			return -EINVAL;
		/* No hugetlbfs pages are reserved in mmlab (nr_hugepages = 0). */
		trace_mm(mm, "ksys_mmap_pgoff: MAP_HUGETLB with no huge pages -> ENOMEM");
		return -ENOMEM;
	}
	trace_mm(mm, "do_mmap: addr %#lx len %#lx prot %c%c%c flags %#lx%s", addr, len,
		 (prot & PROT_READ) ? 'r' : '-', (prot & PROT_WRITE) ? 'w' : '-',
		 (prot & PROT_EXEC) ? 'x' : '-', flags, file ? " (file)" : "");
	ret = do_mmap(mm, file, addr, len, prot, flags, pgoff, &populate);
	if (ret >= 0 && populate)
		mm_populate(mm, (unsigned long)ret, populate);
	trace_mm(mm, "do_mmap: -> %s%#lx", ret < 0 ? "-" : "", ret < 0 ? -ret : ret);
	return ret;
}

long vm_munmap(unsigned long start, unsigned long len)
{
	return do_vmi_munmap(current->mm, start, len);
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	return vm_munmap(addr, len);
}

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	return (long)do_brk(current->mm, brk);
}
