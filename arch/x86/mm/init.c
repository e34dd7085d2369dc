// SPDX-License-Identifier: MIT
/*
 * x86's rule for /dev/mem (Linux's arch/x86/mm/init.c): which page frames
 * a process may reach through it under CONFIG_STRICT_DEVMEM.
 */
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/ioport.h>
#include <asm/page.h>

/* The first megabyte: BIOS data, the VGA window, option ROMs. */
#define LOW_MB_PAGES	256

/**
 * devmem_is_allowed() - may /dev/mem reach page frame @pagenr?
 *
 * A page that holds any System RAM is refused, except in the first
 * megabyte, where it reads as zeros (and writes are dropped) so that
 * programs scanning the BIOS area keep working.  Elsewhere a range that a
 * driver claimed (busy, under IO_STRICT_DEVMEM and unless iomem=relaxed) or
 * marked exclusive is refused; the first megabyte passes regardless.
 * Everything else (device memory, reserved ranges) is allowed.
 *
 * Return: 0 (refused), 1 (allowed), 2 (allowed, shown as zeros).
 */
int devmem_is_allowed(unsigned long pagenr)
{
	struct resource *iomem = &current_machine()->iomem_resource;

	if (region_intersects_ram(iomem, PFN_PHYS(pagenr), PAGE_SIZE))
		return pagenr < LOW_MB_PAGES ? 2 : 0;
	if (iomem_is_exclusive(PFN_PHYS(pagenr)))
		return pagenr < LOW_MB_PAGES ? 1 : 0;
	return 1;
}
