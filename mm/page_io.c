// SPDX-License-Identifier: MIT
/*
 * Swap I/O: a swapped page is one page of the area's host file, at its
 * slot's offset, written and read past the page cache (fs/direct_io.c;
 * Linux builds a bio for the block device under the swap file).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include "mm/swap.h"

/**
 * swap_writepage() - write swap-cache @page to its slot; on success the
 * page is clean (pswpout counts it).  Return: 0 or -EIO; the page then
 * stays dirty in the swap cache, as after Linux's write error.
 */
int swap_writepage(struct page *page)
{
	swp_entry_t entry = page_swap_entry(page);
	struct swap_info_struct *si = get_swap_device(entry);
	long n = -EIO;

	if (si && !should_fail(FAIL_SWAP_WRITE))
		n = kernel_write_direct(si->swap_file, page_host(page), PAGE_SIZE,
					(long long)(swp_offset(entry) << PAGE_SHIFT));
	if (n != (long)PAGE_SIZE) {
		pr_err("Write-error on swap-device (%u:%lu)\n", swp_type(entry),
			 swp_offset(entry));
		SetPageDirty(page);
		return -EIO;
	}
	ClearPageDirty(page);
	current_machine()->vm_events[PSWPOUT]++;
	return 0;
}

/**
 * swap_read_folio() - read swap-cache @page from its slot (pswpin).
 * Return: 0 with the page uptodate, or -EIO.
 */
int swap_read_folio(struct page *page)
{
	swp_entry_t entry = page_swap_entry(page);
	struct swap_info_struct *si = get_swap_device(entry);
	long n = -EIO;

	if (si && !should_fail(FAIL_SWAP_READ))
		n = kernel_read_direct(si->swap_file, page_host(page), PAGE_SIZE,
				       (long long)(swp_offset(entry) << PAGE_SHIFT));
	if (n != (long)PAGE_SIZE) {
		pr_err("Read-error on swap-device (%u:%lu)\n", swp_type(entry),
			 swp_offset(entry));
		return -EIO;
	}
	SetPageUptodate(page);
	current_machine()->vm_events[PSWPIN]++;
	return 0;
}
