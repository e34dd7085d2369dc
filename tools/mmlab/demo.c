// SPDX-License-Identifier: MIT
/*
 * "mmlab demo": the guided tour.  It is a script of ordinary shell commands;
 * lines starting with "# " explain the next step and are printed as they
 * are, every other line is echoed as "mmlab> CMD" (with $_ and variables
 * expanded) and run.  An error is shown and the tour goes on.
 */
#include <string.h>

#include "shell.h"

static const char *const demo_script[] = {
	"= The physical address space",
	"# At boot the firmware hands the kernel an e820 map of physical memory:",
	"# usable RAM, the legacy hole with the VGA window at 0xa0000, reserved ranges.",
	"dmesg | grep -i \"e820|BIOS\" | head 12",
	"# The kernel splits RAM into zones by what devices can reach: DMA < 16 MiB,",
	"# DMA32 < 4 GiB, Normal above.",
	"dmesg | grep -i \"zone|DMA|Normal|node\" | head 10",
	"# /proc/iomem: RAM, reserved ranges and device registers (MMIO) by address.",
	"cat /proc/iomem",
	"# x86 also has a separate I/O port space, reached only with in/out.",
	"cat /proc/ioports",
	"layout",

	"= The buddy allocator",
	"# /proc/buddyinfo counts free blocks of 2^0, 2^1 ... 2^10 pages per zone.",
	"cat /proc/buddyinfo",
	"# Take an order-3 block (8 pages): a larger block is split in halves.",
	"alloc_pages 3",
	"set block $_",
	"cat /proc/buddyinfo",
	"# Give it back: the halves coalesce with their free buddies again.",
	"free_pages $block 3",
	"cat /proc/buddyinfo",

	"= kmalloc and the slab allocator",
	"# kmalloc() rounds a request up to a size class, one slab cache each.",
	"kmalloc 8",
	"kmalloc 100",
	"ksize $_",
	"kmalloc 3000",
	"cat /proc/slabinfo | grep \"^# name|^kmalloc-(8|128|4k) \"",
	"# kmalloc memory is physically contiguous and lives in the direct map:",
	"# its (logical) address is PAGE_OFFSET + physical address, so __pa and",
	"# __va are a subtraction and an addition.",
	"kmalloc 64",
	"set obj $_",
	"pa $obj",
	"va $_",
	"# The MMU walks four levels of tables to translate an address.  The",
	"# direct map uses the largest pages it can: here a 2 MiB leaf at PMD level",
	"# (1 GiB leaves at PUD level need a whole aligned GiB of RAM).",
	"va 0x1000000",
	"walk $_",

	"= vmalloc",
	"# vmalloc() memory is virtually contiguous, built from scattered frames,",
	"# in the vmalloc area above the direct map, mapped with 4 KiB pages.",
	"vmalloc 16K",
	"set v $_",
	"vmalloc_to_pfn $v 4",
	"walk $v",
	"cat /proc/vmallocinfo | grep vmalloc",

	"= Fragmentation: kmalloc fails where vmalloc succeeds",
	"# Take every free page, then give back every other one: half of memory is",
	"# free, but (apart from what the watermarks kept back) only as single pages.",
	"fragment",
	"cat /proc/buddyinfo",
	"# A 2 MiB kmalloc needs 512 physically contiguous pages (order 9): it fails.",
	"kmalloc 2M GFP_KERNEL|__GFP_NOWARN",
	"# vmalloc of the same size only needs 512 pages anywhere: it succeeds.",
	"vmalloc 2M",
	"set v2 $_",
	"# Its frames are scattered: every other pfn, the ones 'fragment' gave back.",
	"vmalloc_to_pfn $_ 4",
	"vfree $v2",
	"fragment undo",

	"= ioremap: device registers in kernel virtual space",
	"# A register block sits at physical 0xfebf0000.  Map it twice: two virtual",
	"# addresses, one device.",
	"ioremap 0xfebf0000 0x1000",
	"set io1 $_",
	"ioremap 0xfebf0000 0x1000",
	"set io2 $_",
	"# Read the ID register (offset 0) through both mappings, in kernel space.",
	"rd k:$io1",
	"rd k:$io2",
	"# Write the scratch register (offset 8) through one, read it through the other.",
	"wd k:$io1+8 cafe1234",
	"rd k:$io2+8",
	"cat /proc/vmallocinfo | grep ioremap",
	"# The same block also decodes I/O ports 0x510-0x51f: the ID again, by inl.",
	"inl 0x510",

	"= The VGA text screen",
	"# Text mode memory at 0xb8000: a character byte, then an attribute byte.",
	"ioremap 0xb8000 4000",
	"set vga $_",
	"memcpy_toio $vga \"H\\x07e\\x07l\\x07l\\x07o\\x07,\\x07 \\x07m\\x07m\\x07l\\x07a\\x07b\\x07!\\x07\"",
	"vga",
	"# The devmem tool's dump of the same bytes, by physical address, 16-bit units.",
	"dw b8000 | head 2",
	"iounmap $vga",

	"= Page faults and the TLB",
	"# A write to the guard page after a vmalloc area: no PTE, so the MMU raises",
	"# a page fault with an error code and the address in CR2.",
	"walk $v+0x4000 w",
	"# Every kernel access goes through the TLB: the second read of a page hits.",
	"tlb flush",
	"tlb",
	"rq k:$obj",
	"rq k:$obj+8",
	"tlb",
	"vfree $v",
	"iounmap $io1",
	"iounmap $io2",

	"= A process and its address space",
	"# A task is a process with its own page tables.  A fresh one has only its",
	"# stack (and the vsyscall page every x86-64 process shows).",
	"spawn demo",
	"maps",
	"# mmap 8 pages of private anonymous memory: the kernel picks the address",
	"# top-down below mmap_base and creates a VMA, nothing more.",
	"mmap 32K rw- private,anonymous",
	"set a $_",
	"maps",
	"# smaps counts what the page tables map: Rss is 0 until a page is touched.",
	"smaps $a | grep -E \"^(Size|Rss|Pss|Anonymous):\"",
	"# The task writes its first page (u: = the task's own store): the page",
	"# fault allocates a zeroed frame and maps it.  Then it reads it back.",
	"wq u:$a 1122334455667788",
	"rq u:$a",
	"# Reading a page never written maps the shared zero page: not in Rss.",
	"rq u:$a+0x1000",
	"smaps $a | grep -E \"^(Rss|Pss|Private_Dirty|Referenced|Anonymous):\"",
	"mincore $a 32K",
	"# mprotect splits the VMA; a write to the read-only page is a protection",
	"# fault, which Linux turns into SIGSEGV with si_code SEGV_ACCERR.",
	"mprotect $a 4K r--",
	"maps | head 3",
	"wb u:$a 0",
	"status | grep -E \"^(VmSize|VmRSS|RssAnon|VmPTE):\"",
	"exit",
	"# Finally, every invariant of the allocators and page tables still holds.",
	"audit",
	NULL,
};

/*
 * The steps that are meant to fail: the 2 MiB kmalloc on fragmented memory,
 * and the task's write to a read-only page.
 */
static bool expected_failure(const char *line)
{
	return !strncmp(line, "kmalloc 2M", 10) || !strcmp(line, "wb u:$a 0");
}

/**
 * shell_demo() - run the guided tour on @sh's machine.
 * Return: 0 if every step worked as expected, else 1.
 */
int shell_demo(struct shell *sh)
{
	const char *const *line;
	bool echo = sh->echo, keep = sh->keep_going;
	int failures = 0;

	sh->echo = true;
	sh->keep_going = true;
	printf("mmlab demo: Linux memory management on a simulated x86-64 PC.\n");
	for (line = demo_script; *line && !sh->quit; line++) {
		if (!strncmp(*line, "= ", 2)) {
			printf("\n== %s ==\n", *line + 2);
		} else if (!strncmp(*line, "# ", 2)) {
			printf("%s\n", *line);
		} else if (shell_run_line(sh, *line) && !expected_failure(*line)) {
			failures++;
		}
		fflush(stdout);
	}
	sh->echo = echo;
	sh->keep_going = keep;
	return failures ? 1 : 0;
}
