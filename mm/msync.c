// SPDX-License-Identifier: MIT
/*
 * msync(2): write the dirty page-cache pages of the shared file mappings
 * in a range back to their files (MS_SYNC), in Linux's order of checks.
 * MS_ASYNC does nothing more than Linux does (dirty pages are already
 * tracked); MS_INVALIDATE only refuses mlocked VMAs (EBUSY).
 *
 * The writeback (filemap_write_and_wait_range()) first moves each PTE's
 * dirty bit to its page and write-protects and cleans the PTE
 * (folio_mkclean()), so a later store faults and dirties the page again.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <errno.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <linux/trace.h>
#include "mm/internal.h"

/* vfs_fsync_range() of a shared file mapping's bytes [fstart, fend]. */
static long msync_file_range(struct mm_struct *mm, struct file *file,
			     long long fstart, long long fend)
{
	long err;

	get_file(file);
	trace_mm(mm, "msync: vfs_fsync_range bytes [%#llx, %#llx]", fstart, fend);
	err = vfs_fsync_range(file, fstart, fend, 1);
	fput(file);
	return err;
}

/*
 * Walk [start, end): each VMA is checked (EBUSY for MS_INVALIDATE on a
 * locked one) and its file range synced for MS_SYNC; holes are skipped
 * and reported as ENOMEM at the end, except that MS_ASYNC alone stops at
 * the first hole.
 */
static long msync_walk(struct mm_struct *mm, unsigned long start,
		       unsigned long end, int flags)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	long unmapped_error = 0, err;

	for (;;) {
		struct file *file;
		long long fstart, fend;

		if (!vma)
			return -ENOMEM;
		if (start < vma->vm_start) {
			if (flags == MS_ASYNC)
				return -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				return -ENOMEM;
			unmapped_error = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED))
			return -EBUSY;
		file = vma->vm_file;
		fstart = (long long)(start - vma->vm_start) +
			 ((long long)vma->vm_pgoff << PAGE_SHIFT);
		fend = fstart + (long long)(min(end, vma->vm_end) - start) - 1;
		start = vma->vm_end;
		if ((flags & MS_SYNC) && file && (vma->vm_flags & VM_SHARED)) {
			err = msync_file_range(mm, file, fstart, fend);
			if (err || start >= end)
				return err ? err : unmapped_error;
			vma = find_vma(mm, start);
		} else {
			if (start >= end)
				return unmapped_error;
			vma = vma->vm_next;
		}
	}
}

/**
 * do_msync() - msync(2) for the current task.
 * Return: 0, or -EINVAL (flags, unaligned start), -ENOMEM (a hole, or
 * nothing mapped), -EBUSY (MS_INVALIDATE on mlocked memory), or the
 * writeback error.
 */
long do_msync(unsigned long start, unsigned long len,
	      int flags)
{
	unsigned long end;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = (len + ~PAGE_MASK) & PAGE_MASK;
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	trace_mm(current->mm, "do_msync: [%#lx, %#lx) flags %#x", start, end, flags);
	return msync_walk(current->mm, start, end, flags);
}

SYSCALL_DEFINE3(msync, unsigned long, start, size_t, len, int, flags)
{
	return do_msync(start, len, flags);
}
