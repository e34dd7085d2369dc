// SPDX-License-Identifier: MIT
/*
 * mremap(2), as Linux 6.17+ does it: shrink in place, grow in place when
 * the gap above allows, or move (MREMAP_MAYMOVE, MREMAP_FIXED,
 * MREMAP_DONTUNMAP) by creating the new VMA (copy_vma(), merging with
 * its new neighbours where Linux would), moving the page-table entries
 * (frames keep their content and identity) and unmapping the old range.
 * A same-size MREMAP_FIXED move may span several VMAs (remap_move()).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/trace.h>
#include <asm/tlbflush.h>
#include "mm/internal.h"

enum mremap_type {
	MREMAP_INVALID,
	MREMAP_NO_RESIZE,	/* old_len == new_len */
	MREMAP_SHRINK,		/* old_len > new_len */
	MREMAP_EXPAND,		/* old_len < new_len */
};

/* One mremap operation, threaded through the steps as Linux does. */
struct vma_remap_struct {
	struct mm_struct *mm;
	unsigned long addr;
	unsigned long old_len;
	unsigned long new_len;
	unsigned long flags;
	unsigned long new_addr;
	struct vm_area_struct *vma;
	unsigned long delta;		/* |new_len - old_len| */
	enum mremap_type remap_type;
	unsigned long charged;		/* pages charged to Committed_AS */
	bool populate_expand;		/* VM_LOCKED grown: fault the growth in */
};

static bool vrm_implies_new_addr(const struct vma_remap_struct *vrm)
{
	return vrm->flags & (MREMAP_FIXED | MREMAP_DONTUNMAP);
}

static bool vrm_overlaps(const struct vma_remap_struct *vrm)
{
	return vrm->addr + vrm->old_len > vrm->new_addr &&
	       vrm->new_addr + vrm->new_len > vrm->addr;
}

static void vrm_set_delta(struct vma_remap_struct *vrm)
{
	vrm->delta = vrm->old_len > vrm->new_len ? vrm->old_len - vrm->new_len
						 : vrm->new_len - vrm->old_len;
	if (!vrm->delta)
		vrm->remap_type = MREMAP_NO_RESIZE;
	else if (vrm->old_len > vrm->new_len)
		vrm->remap_type = MREMAP_SHRINK;
	else
		vrm->remap_type = MREMAP_EXPAND;
}

/* mlock_future_ok(): may @bytes more be locked under RLIMIT_MEMLOCK? */
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
 * Room in vm.max_map_count for the worst case: a move may split two VMAs
 * (the source, and the target of MREMAP_FIXED or of a shrink) before it.
 */
static bool check_map_count_against_split(struct mm_struct *mm,
					  bool before_unmaps)
{
	int map_count = mm->map_count + (before_unmaps ? 2 : 0);

	return map_count + 2 <= mm->machine->sysctl_max_map_count;
}

/* --- moving page-table entries ------------------------------------------- */

/*
 * move_page_tables() - move the PTEs of [old_addr, old_addr+len) to
 * new_addr: the frames, their A/D bits and protections go over as they
 * are; missing PTE tables of the new range are allocated.
 * Return: the length moved (less than @len if a page table could not be
 * allocated).
 */
static unsigned long move_page_tables(struct mm_struct *mm,
				      unsigned long old_addr,
				      unsigned long new_addr, unsigned long len)
{
	unsigned long done = 0, next;
	pte_t *old, *new;

	while (done < len) {
		old = pte_offset_map_mm(mm, old_addr + done);
		if (!old) {
			next = ALIGN_DOWN(old_addr + done, PMD_SIZE) + PMD_SIZE;
			done = min(len, next - old_addr);
			continue;
		}
		if (!pte_none(ptep_get(old))) {
			new = pte_alloc_map(mm, new_addr + done);
			if (!new)
				break;
			set_pte(new, ptep_get_and_clear(old));
		}
		done += PAGE_SIZE;
	}
	flush_tlb_mm_range(mm, old_addr, old_addr + len);
	return done;
}

/* --- copy_vma ---------------------------------------------------------------- */

/* Give the merged target the anon_vma its moved pages point to. */
static void copy_vma_anon(struct vm_area_struct *new_vma,
			  struct vm_area_struct *vma)
{
	if (!new_vma->anon_vma && vma->anon_vma)
		dup_anon_vma(new_vma, vma);
}

/*
 * copy_vma() - a VMA for [addr, addr+len) like *@vmap, at file offset
 * @pgoff: merged into a neighbour when possible, else a duplicate.  An
 * anonymous VMA that never had an anon_vma takes the offset of its new
 * address (so it can merge there); if that merges it with its own source,
 * *@vmap is updated to the merged VMA.
 * Return: the new VMA, or NULL when none could be allocated.
 */
static struct vm_area_struct *copy_vma(struct vm_area_struct **vmap,
				       unsigned long addr, unsigned long len,
				       pgoff_t pgoff)
{
	struct vm_area_struct *vma = *vmap, *new_vma, *prev;
	unsigned long vma_start = vma->vm_start;
	struct mm_struct *mm = vma->vm_mm;

	if (vma_is_anonymous(vma) && !vma->anon_vma)
		pgoff = addr >> PAGE_SHIFT;
	if (find_vma_intersection(mm, addr, addr + len))
		return NULL;
	find_vma_prev(mm, addr, &prev);
	new_vma = vma_merge(mm, prev, addr, addr + len, vma->vm_flags,
			    vma->anon_vma, vma->vm_file, pgoff);
	if (new_vma) {
		trace_mm(mm, "copy_vma: merged into vma %#lx-%#lx",
			 new_vma->vm_start, new_vma->vm_end);
		if (vma_start >= new_vma->vm_start && vma_start < new_vma->vm_end)
			*vmap = vma = new_vma;	/* merged with its own source */
		else
			copy_vma_anon(new_vma, vma);
		return new_vma;
	}
	new_vma = vm_area_dup(vma);
	if (!new_vma)
		return NULL;
	if (anon_vma_clone(new_vma, vma)) {
		if (new_vma->vm_file)
			fput(new_vma->vm_file);
		vm_area_free(new_vma);
		return NULL;
	}
	new_vma->vm_start = addr;
	new_vma->vm_end = addr + len;
	new_vma->vm_pgoff = pgoff;
	if (new_vma->vm_ops && new_vma->vm_ops->open)
		new_vma->vm_ops->open(new_vma);
	if (insert_vm_struct(mm, new_vma)) {
		remove_vma(new_vma);	/* closes, drops the file and the chain */
		return NULL;
	}
	trace_mm(mm, "copy_vma: new vma %#lx-%#lx", addr, addr + len);
	return new_vma;
}

/* --- move_vma ---------------------------------------------------------------- */

/* Charge the commit for the pages the move adds (all of them if DONTUNMAP). */
static bool vrm_calc_charge(struct vma_remap_struct *vrm)
{
	unsigned long charged;

	if (!(vrm->vma->vm_flags & VM_ACCOUNT))
		return true;
	if (vrm->flags & MREMAP_DONTUNMAP)
		charged = vrm->new_len >> PAGE_SHIFT;
	else
		charged = vrm->delta >> PAGE_SHIFT;
	if (security_vm_enough_memory_mm(vrm->mm, (long)charged))
		return false;
	vrm->charged = charged;
	return true;
}

static void vrm_uncharge(struct vma_remap_struct *vrm)
{
	vm_unacct_memory((long)vrm->charged);
	vrm->charged = 0;
}

/* total_vm and friends for @bytes more of vrm->vma's kind. */
static void vrm_stat_account(struct vma_remap_struct *vrm, unsigned long bytes)
{
	unsigned long pages = bytes >> PAGE_SHIFT;
	struct mm_struct *mm = vrm->mm;

	vm_stat_account(mm, vrm->vma->vm_flags, (long)pages);
	if (vrm->vma->vm_flags & VM_LOCKED)
		mm->locked_vm += pages;
}

/* Set VM_ACCOUNT back on what is left of [start, end) after an unmap. */
static void vma_range_set_account(struct mm_struct *mm, unsigned long start,
				  unsigned long end)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma->vm_next)
		vma->vm_flags |= VM_ACCOUNT;
}

/*
 * unmap_source_vma() - unmap vrm's old range, turning the copy into a
 * move.  The charge of an accounted VMA moved with it (vrm_calc_charge()
 * charged only the growth), so VM_ACCOUNT is lifted while unmapping and
 * put back on the pieces that stay.
 */
static void unmap_source_vma(struct vma_remap_struct *vrm)
{
	struct vm_area_struct *vma = vrm->vma;
	struct mm_struct *mm = vrm->mm;
	bool accountable = (vma->vm_flags & VM_ACCOUNT) &&
			   !(vrm->flags & MREMAP_DONTUNMAP);
	unsigned long vm_start = vma->vm_start, vm_end = vma->vm_end;
	int err;

	if (accountable)
		vma->vm_flags &= ~VM_ACCOUNT;
	err = do_vmi_munmap(mm, vrm->addr, vrm->old_len);
	vrm->vma = NULL;
	if (!accountable)
		return;
	vma_range_set_account(mm, vm_start, vm_end);
	/*
	 * A split refused: the old range stays mapped and accounted again
	 * (vm_acct_memory()).  Linux charges it but leaves VM_ACCOUNT off;
	 * mmlab keeps the flag and the charge together.
	 */
	if (err)
		vm_unacct_memory(-(long)(vrm->old_len >> PAGE_SHIFT));
}

/*
 * The page tables could not all be moved: move back what was, and make the
 * new VMA the one move_vma() unmaps.
 */
static void copy_vma_revert(struct vma_remap_struct *vrm,
			    struct vm_area_struct *new_vma,
			    unsigned long moved_len)
{
	move_page_tables(vrm->mm, vrm->new_addr, vrm->addr, moved_len);
	/* mmlab: the growth's charge is dropped too (Linux keeps it). */
	if (vrm->charged && !(vrm->flags & MREMAP_DONTUNMAP))
		vrm_uncharge(vrm);
	vrm->vma = new_vma;
	vrm->old_len = vrm->new_len;
	vrm->addr = vrm->new_addr;
}

/*
 * copy_vma_and_data() - create the new VMA and move the page tables.
 * Return: 0; -ENOMEM with *new_vma_ptr NULL if no VMA could be made; or
 * -ENOMEM with the new VMA set up to be unmapped (tables not movable).
 */
static int copy_vma_and_data(struct vma_remap_struct *vrm,
			     struct vm_area_struct **new_vma_ptr)
{
	struct vm_area_struct *vma = vrm->vma, *new_vma;
	pgoff_t pgoff = vma->vm_pgoff + ((vrm->addr - vma->vm_start) >> PAGE_SHIFT);
	unsigned long moved_len;

	new_vma = copy_vma(&vma, vrm->new_addr, vrm->new_len, pgoff);
	*new_vma_ptr = new_vma;
	if (!new_vma) {
		vrm_uncharge(vrm);
		return -ENOMEM;
	}
	vrm->vma = vma;
	moved_len = move_page_tables(vrm->mm, vrm->addr, vrm->new_addr,
				     vrm->old_len);
	if (moved_len < vrm->old_len) {
		trace_mm(vrm->mm, "move_page_tables: out of memory after %#lx, moving back",
			 moved_len);
		copy_vma_revert(vrm, new_vma, moved_len);
		return -ENOMEM;
	}
	return 0;
}

/*
 * dontunmap_complete() - MREMAP_DONTUNMAP: the old VMA stays, emptied,
 * and is no longer locked.  Linux leaves locked_vm counting it; mmlab
 * takes its pages out so that locked_vm matches the VM_LOCKED VMAs.
 */
static void dontunmap_complete(struct vma_remap_struct *vrm,
			       struct vm_area_struct *new_vma)
{
	struct vm_area_struct *vma = vrm->vma;

	if (vma->vm_flags & VM_LOCKED)
		vrm->mm->locked_vm -= vma_pages(vma);
	vma->vm_flags &= ~VM_LOCKED_MASK;
	if (new_vma != vma && vrm->addr == vma->vm_start &&
	    vrm->addr + vrm->old_len == vma->vm_end)
		unlink_anon_vmas(vma);
}

/*
 * move_vma() - move vrm's range to vrm->new_addr (already free or chosen).
 * Return: the new address, or -errno.
 */
static long move_vma(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = vrm->mm;
	struct vm_area_struct *new_vma;
	unsigned long hiwater_vm;
	int err;

	if (!check_map_count_against_split(mm, /* before_unmaps = */ false))
		return -ENOMEM;
	if (!vrm_calc_charge(vrm))
		return -ENOMEM;
	trace_mm(mm, "move_vma: [%#lx, %#lx) -> [%#lx, %#lx)%s", vrm->addr,
		 vrm->addr + vrm->old_len, vrm->new_addr, vrm->new_addr + vrm->new_len,
		 (vrm->flags & MREMAP_DONTUNMAP) ? " dontunmap" : "");
	err = copy_vma_and_data(vrm, &new_vma);
	if (err && !new_vma)
		return err;
	/* total_vm briefly counts both ranges; the high-water mark must not. */
	hiwater_vm = mm->hiwater_vm;
	vrm_stat_account(vrm, vrm->new_len);
	if (!err && (vrm->flags & MREMAP_DONTUNMAP))
		dontunmap_complete(vrm, new_vma);
	else
		unmap_source_vma(vrm);
	mm->hiwater_vm = hiwater_vm;
	return err ? err : (long)vrm->new_addr;
}

/* --- checks ------------------------------------------------------------------ */

/* check_mremap_params(): what needs no VMA, in Linux's order. */
static int check_mremap_params(struct vma_remap_struct *vrm)
{
	unsigned long task_size = vrm->mm->task_size;

	if (vrm->flags & ~(unsigned long)(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if (vrm->addr & ~PAGE_MASK)
		return -EINVAL;
	if (!vrm->new_len || vrm->new_len > task_size)
		return -EINVAL;
	if (!vrm_implies_new_addr(vrm))
		return 0;
	if (vrm->new_addr > task_size - vrm->new_len)
		return -EINVAL;
	if (vrm->new_addr & ~PAGE_MASK)
		return -EINVAL;
	if (!(vrm->flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((vrm->flags & MREMAP_DONTUNMAP) && vrm->old_len != vrm->new_len)
		return -EINVAL;
	if (vrm_overlaps(vrm))
		return -EINVAL;
	return 0;
}

/* The checks of a growth or move that need the VMA (check_prep_vma()). */
static int check_prep_growth(struct vma_remap_struct *vrm)
{
	struct vm_area_struct *vma = vrm->vma;
	unsigned long old_len = vrm->old_len, pgoff;

	if (!old_len && !(vma->vm_flags & (VM_SHARED | VM_MAYSHARE)))
		return -EINVAL;	/* duplicating a private mapping */
	if ((vrm->flags & MREMAP_DONTUNMAP) &&
	    (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP)))
		return -EINVAL;
	if (vrm->remap_type == MREMAP_SHRINK)
		old_len = vrm->new_len;	/* the unmapped tail may cross VMAs */
	if (old_len > vma->vm_end - vrm->addr)
		return -EFAULT;
	if (vrm->new_len == old_len)
		return 0;
	if (vma->vm_flags & VM_LOCKED)
		vrm->populate_expand = true;
	pgoff = vma->vm_pgoff + ((vrm->addr - vma->vm_start) >> PAGE_SHIFT);
	if (pgoff + (vrm->new_len >> PAGE_SHIFT) < pgoff)
		return -EINVAL;
	if (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP))
		return -EFAULT;
	if (!mlock_future_ok(vrm->mm, vma->vm_flags, vrm->delta))
		return -EAGAIN;
	if (!may_expand_vm(vrm->mm, vma->vm_flags, vrm->delta >> PAGE_SHIFT))
		return -ENOMEM;
	return 0;
}

/* check_prep_vma(): the VMA at vrm->addr, and whether it may do this. */
static int check_prep_vma(struct vma_remap_struct *vrm)
{
	if (!vrm->vma)
		return -EFAULT;
	vrm_set_delta(vrm);
	if (!vrm_implies_new_addr(vrm))
		vrm->new_addr = vrm->addr;
	if (vrm->remap_type != MREMAP_EXPAND && !vrm_implies_new_addr(vrm))
		return 0;
	return check_prep_growth(vrm);
}

/* --- the operations ---------------------------------------------------------- */

/* Choose the new address: MAP_FIXED for MREMAP_FIXED, else a hint or none. */
static int vrm_set_new_addr(struct vma_remap_struct *vrm)
{
	struct vm_area_struct *vma = vrm->vma;
	unsigned long map_flags = 0, res;
	pgoff_t pgoff = vma->vm_pgoff + ((vrm->addr - vma->vm_start) >> PAGE_SHIFT);
	unsigned long hint = vrm_implies_new_addr(vrm) ? vrm->new_addr : 0;

	if (vrm->flags & MREMAP_FIXED)
		map_flags |= MAP_FIXED;
	if (vma->vm_flags & VM_MAYSHARE)
		map_flags |= MAP_SHARED;
	res = get_unmapped_area(vrm->mm, vma->vm_file, hint, vrm->new_len, pgoff,
				map_flags);
	if (IS_ERR((void *)res))
		return (int)(long)res;
	vrm->new_addr = res;
	return 0;
}

/* shrink_vma(): unmap the tail [addr+new_len, addr+old_len). */
static int shrink_vma(struct vma_remap_struct *vrm, bool reload)
{
	int err;

	trace_mm(vrm->mm, "shrink_vma: unmap [%#lx, %#lx)", vrm->addr + vrm->new_len,
		 vrm->addr + vrm->old_len);
	err = do_vmi_munmap(vrm->mm, vrm->addr + vrm->new_len, vrm->delta);
	vrm->vma = NULL;
	if (err)
		return err;
	if (reload) {
		vrm->vma = vma_lookup(vrm->mm, vrm->addr);
		if (!vrm->vma)
			return -EFAULT;
	}
	return 0;
}

/* mremap_to(): move to a fixed (or DONTUNMAP-hinted) new address. */
static long mremap_to(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = vrm->mm;
	int err;

	if (vrm->flags & MREMAP_FIXED) {
		err = do_vmi_munmap(mm, vrm->new_addr, vrm->new_len);
		vrm->vma = NULL;
		if (err)
			return err;
		vrm->vma = vma_lookup(mm, vrm->addr);
		if (!vrm->vma)
			return -EFAULT;
	}
	if (vrm->remap_type == MREMAP_SHRINK) {
		err = shrink_vma(vrm, /* reload = */ true);
		if (err)
			return err;
		vrm->old_len = vrm->new_len;
	}
	if ((vrm->flags & MREMAP_DONTUNMAP) &&
	    !may_expand_vm(mm, vrm->vma->vm_flags, vrm->old_len >> PAGE_SHIFT))
		return -ENOMEM;
	err = vrm_set_new_addr(vrm);
	if (err)
		return err;
	return move_vma(vrm);
}

/*
 * Is there room right after @vma for @delta more bytes?  The first VMA
 * above vm_end is vm_next: Linux asks find_vma_intersection(), which here
 * would cost a tree walk and leave the neighbour in the lookup cache.
 */
static bool vma_expandable(struct vm_area_struct *vma, unsigned long delta)
{
	unsigned long end = vma->vm_end + delta;

	if (end < vma->vm_end)
		return false;
	if (vma->vm_next && vma->vm_next->vm_start < end)
		return false;
	if (get_unmapped_area(vma->vm_mm, NULL, vma->vm_start, end - vma->vm_start,
			      0, MAP_FIXED) & ~PAGE_MASK)
		return false;
	return true;
}

/* expand_vma_in_place(): vma_merge_extend() the VMA over the gap above. */
static int expand_vma_in_place(struct vma_remap_struct *vrm)
{
	struct vm_area_struct *vma = vrm->vma;

	if (!vrm_calc_charge(vrm))
		return -ENOMEM;
	vma = vma_merge(vrm->mm, vma, vma->vm_end, vma->vm_end + vrm->delta,
			vma->vm_flags, vma->anon_vma, vma->vm_file,
			vma->vm_pgoff + vma_pages(vma));
	if (!vma) {
		vrm_uncharge(vrm);
		return -ENOMEM;
	}
	vrm->vma = vma;
	vrm_stat_account(vrm, vrm->delta);
	trace_mm(vrm->mm, "expand_vma: grown in place to %#lx-%#lx", vma->vm_start,
		 vma->vm_end);
	return 0;
}

/* expand_vma(): grow in place if [addr, old_len) ends the VMA, else move. */
static long expand_vma(struct vma_remap_struct *vrm)
{
	int err;

	if (vrm->vma->vm_end - vrm->addr == vrm->old_len &&
	    vma_expandable(vrm->vma, vrm->delta)) {
		err = expand_vma_in_place(vrm);
		return err ? err : (long)vrm->addr;
	}
	if (!(vrm->flags & MREMAP_MAYMOVE)) {
		trace_mm(vrm->mm, "expand_vma: no room and no MREMAP_MAYMOVE -> ENOMEM");
		return -ENOMEM;
	}
	err = vrm_set_new_addr(vrm);
	if (err)
		return err;
	return move_vma(vrm);
}

/* mremap_at(): resize where it is, or move elsewhere if it may. */
static long mremap_at(struct vma_remap_struct *vrm)
{
	int err;

	switch (vrm->remap_type) {
	case MREMAP_NO_RESIZE:
		return (long)vrm->addr;
	case MREMAP_SHRINK:
		err = shrink_vma(vrm, /* reload = */ false);
		return err ? err : (long)vrm->addr;
	case MREMAP_EXPAND:
		return expand_vma(vrm);
	default:
		return -EINVAL;
	}
}

/*
 * remap_move() - a same-size MREMAP_FIXED move, which may span several
 * VMAs (6.17+): each piece moves to the same offset from new_addr, the
 * gaps between them kept.  A hole at the start is -EFAULT.
 * Return: the new address, or -errno (pieces before the failure moved).
 */
static long remap_move(struct vma_remap_struct *vrm)
{
	unsigned long start = vrm->addr, end = vrm->addr + vrm->old_len;
	unsigned long target = vrm->new_addr, last_end = 0, a;
	struct vm_area_struct *vma;
	bool seen_vma = false;
	long res = -EFAULT, r;
	int err;

	a = start;
	while (a < end && (vma = find_vma(vrm->mm, a)) && vma->vm_start < end) {
		unsigned long addr = max(vma->vm_start, start);
		unsigned long len = min(end, vma->vm_end) - addr;

		if (!seen_vma && start < vma->vm_start)
			return -EFAULT;
		vrm->new_addr = target + (seen_vma ? vma->vm_start - last_end : 0);
		last_end = vma->vm_end;
		vrm->vma = vma;
		vrm->addr = addr;
		vrm->old_len = vrm->new_len = len;
		err = check_prep_vma(vrm);
		r = err ? err : mremap_to(vrm);
		if (r < 0)
			return r;
		if (!seen_vma)
			res = r;
		seen_vma = true;
		target = (unsigned long)r + len;
		a = addr + len;		/* the tree changed: look up again */
	}
	return res;
}

/**
 * do_mremap() - the mremap system call.
 *
 * Context: the task's mmap_lock (one thread here).
 * Return: the (new) address of the mapping, or -errno: -EINVAL for bad
 * flags, addresses and lengths, -EFAULT when the range is not one mapped
 * VMA (a same-size MREMAP_FIXED move may span several), -ENOMEM when it
 * cannot grow in place and may not move, or memory ran out.
 */
long do_mremap(unsigned long addr,
	       unsigned long old_len, unsigned long new_len,
	       unsigned long flags, unsigned long new_addr)
{
	struct vma_remap_struct vrm = {
		.mm = current->mm, .addr = addr, .old_len = PAGE_ALIGN(old_len),
		.new_len = PAGE_ALIGN(new_len), .flags = flags, .new_addr = new_addr,
	};
	long res;

	trace_mm(current->mm, "do_mremap: addr %#lx old_len %#lx new_len %#lx flags %#lx new_addr %#lx",
		 addr, old_len, new_len, flags, new_addr);
	res = check_mremap_params(&vrm);
	if (res)
		goto out;
	if (!check_map_count_against_split(current->mm, /* before_unmaps = */ true)) {
		res = -ENOMEM;
		goto out;
	}
	if ((flags & MREMAP_FIXED) && vrm.old_len == vrm.new_len) {
		res = remap_move(&vrm);
	} else {
		vrm.vma = vma_lookup(current->mm, vrm.addr);
		res = check_prep_vma(&vrm);
		if (!res)
			res = vrm_implies_new_addr(&vrm) ? mremap_to(&vrm) : mremap_at(&vrm);
	}
	if (res >= 0 && vrm.populate_expand)
		mm_populate(current->mm, vrm.new_addr + vrm.old_len, vrm.delta);
out:
	trace_mm(current->mm, "do_mremap: -> %s%#lx", res < 0 ? "-" : "", res < 0 ? -res : res);
	return res;
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len,
		unsigned long, new_len, unsigned long, flags,
		unsigned long, new_addr)
{
	return do_mremap(addr, old_len, new_len, flags, new_addr);
}
