// SPDX-License-Identifier: MIT
/*
 * "mmlab demo": the guided tour.  It is a script of ordinary shell commands;
 * lines starting with "# " explain the next step and are printed as they
 * are, every other line is echoed as "mmlab> CMD" (with $_ and variables
 * expanded) and run.  An error is shown and the tour goes on.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

/* The host file the tour maps, in the demo machine's root directory. */
#define DEMO_FILE	"notes.txt"
#define DEMO_TEXT	"notes: this line lives in a file on the host.\n"

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
	"# top-down below mmap_base and creates a VMA, nothing more: no frame is",
	"# allocated, so Rss (what the page tables map) is 0.",
	"mmap 32K rw- private,anonymous",
	"set a $_",
	"smaps $a | grep -E \"^(Size|Rss):\"",
	"# The task writes its first page (u: = the task's own store): the page",
	"# fault (do_anonymous_page) allocates a zeroed frame and maps it.",
	"wq u:$a 1122334455667788",
	"smaps $a | grep -E \"^(Rss|Anonymous):\"",

	"= The zero page",
	"# A read of a page never written maps the shared zero page, read-only.",
	"# pagemap shows the same frame behind both pages, present but not",
	"# exclusive (the zero page belongs to no one), and Rss does not grow.",
	"rq u:$a+0x1000",
	"rq u:$a+0x2000",
	"pagemap $a+0x1000 2",
	"kpageflags $_",
	"smaps $a | grep -E \"^Rss:\"",

	"= Copy-on-write after fork",
	"# The parent writes page 3, then forks.  fork copies the VMAs and",
	"# write-protects the private pages in both tasks: parent and child map",
	"# the same frames, read-only, no longer exclusive.",
	"wq u:$a+0x3000 3333",
	"fork",
	"set child $_",
	"pagemap $a",
	"task $child",
	"pagemap $a",
	"# The child writes page 0: the write fault (do_wp_page) copies the page",
	"# into a new frame for the child.  The parent keeps the old frame, which",
	"# is exclusively its own again.",
	"wq u:$a c41dc41d",
	"pagemap $a",
	"task 1",
	"pagemap $a",
	"rq u:$a",

	"= Reverse mapping: one frame, three processes",
	"# The child forks too: page 3, written before the first fork, is now one",
	"# frame mapped by three processes.  rmap finds every PTE that maps it",
	"# through the page's anon_vma and the VMAs chained to it.",
	"task $child",
	"fork",
	"set grandchild $_",
	"task 1",
	"pagemap $a+0x3000",
	"set frame $_",
	"rmap $frame",
	"kpagecount $frame",
	"# Migration moves the page: unmap it everywhere the rmap finds it, copy it",
	"# to a new frame, and point each of the three PTEs at the new frame.",
	"migrate $frame",
	"rmap $_",
	"task $grandchild",
	"rq u:$a+0x3000",

	"= A shared file mapping and the host file",
	"# The machine's root is a temporary directory on the host, with notes.txt",
	"# in it.  hostcat shows the host's own bytes of the file.",
	"hostcat notes.txt",
	"open notes.txt rdwr",
	"set fd $_",
	"mmap 4K rw- shared $fd 0",
	"set m $_",
	"# A store through the shared mapping: the fault reads the page into the",
	"# page cache (a major fault) and marks it dirty (do_shared_fault).  The",
	"# host file has not changed yet.",
	"wd u:$m 50414d4d",
	"pagemap $m",
	"kpageflags $_",
	"rmap $_",
	"hostcat notes.txt",
	"faults",
	"# msync(MS_SYNC) writes the dirty page back to the host file (pwrite).",
	"msync $m 4K sync",
	"hostcat notes.txt",
	"close $fd",

	"= /dev/mem: the devmem tool in a process",
	"# The source documents' devmem program, run by the task: it opens",
	"# /dev/mem (O_SYNC) and maps the register block's page; r reads offsets",
	"# from it with the task's own loads, through a raw PFN PTE (uncached: PCD).",
	"devmem febf0000",
	"rd 0",
	"walk u:$_",
	"# System RAM is off limits to /dev/mem (STRICT_DEVMEM): the mmap fails.",
	"devmem 100000",
	"devmem off",
	"= Memory pressure: LRU lists, kswapd, the OOM killer, swap",
	"# Every user page sits on an LRU list: page-cache and anonymous pages start",
	"# inactive; a second use activates them.  Reclaim ages mapped pages by the",
	"# accessed bit the MMU sets in their PTEs, clearing it as it looks.",
	"cat /proc/meminfo | grep -E \"^(MemFree|Cached|Active|Inactive)\"",
	"cat /proc/zoneinfo | grep -E \"^Node|^        (min|low|high) \" | head 8",
	"# A task reads a 300 MiB file through a mapping on this 256 MiB machine.",
	"# When free memory falls below a zone's low watermark kswapd is woken; it",
	"# reclaims clean page-cache pages (unmapping them first) until free memory",
	"# is above high again.  Evicted pages leave shadow entries behind.",
	"stress file 300M",
	"cat /proc/vmstat | grep -E \"^pg(scan|steal)_(kswapd|direct)|^pageoutrun\"",
	"# Anonymous memory cannot be reclaimed without swap: when a second task",
	"# wants more than is left, the OOM killer kills the task with the highest",
	"# badness (RSS + page tables + oom_score_adj) and takes its memory back.",
	"stress anon 160M",
	"stress anon 160M",
	"dmesg | grep -E \"invoked oom-killer|Killed process|oom_reaper\"",
	"# With swap the same pressure needs no killing: reclaim writes the",
	"# coldest anonymous pages to the swap area and turns their PTEs into swap",
	"# entries; a task touching one again takes a major fault that reads it back.",
	"mkswap /swapfile 256M",
	"swapon /swapfile",
	"stress anon 160M",
	"cat /proc/vmstat | grep -E \"^(pswpout|pgsteal_anon|oom_kill) \"",
	"cat /proc/meminfo | grep -E \"^Swap(Total|Free|Cached)\"",
	"swapoff /swapfile",
	"# Which pages to evict is a policy: the same pattern under Linux's two-list",
	"# LRU and under a generational LRU (MGLRU's idea), on 16 MiB machines.",
	"workload loop 24M ram=16M seed=1",

	"= Protection faults and exit",
	"# mprotect splits the VMA; a write to the read-only page is a protection",
	"# fault, which Linux turns into SIGSEGV with si_code SEGV_ACCERR.",
	"task 1",
	"mprotect $a 4K r--",
	"wb u:$a 0",
	"# Each exit frees every frame no one else maps.",
	"exit",
	"task $child",
	"exit",
	"task $grandchild",
	"exit",

	"= DMA and interrupts",
	"# A DMA engine sits on the bus: a device that copies memory by itself, by",
	"# bus (here: physical) address, never through the MMU.  Its driver",
	"# mmlab-dma asks for the engine's interrupt: I/O APIC pin 11 becomes Linux",
	"# IRQ 24 through the IO-APIC-0 irq_domain.",
	"dma bind",
	"irqdomain",
	"# Round trips through a coherent buffer and a streaming mapping; each",
	"# transfer's completion is an interrupt, handled by the driver.",
	"dma copy coherent 16K",
	"dma copy single 4096",
	"cat /proc/interrupts",
	"# A process's memory by DMA: its pages are pinned (pin_user_pages) and",
	"# mapped as a scatterlist; the CPU copies nothing.",
	"spawn dma",
	"mmap 64K rw- private,anonymous",
	"set d $_",
	"wd u:$d 41424344",
	"dma user $d $d+0x8000 4",
	"db u:$d+0x8000 | head 1",
	"# An address nobody decodes: the engine reports an error, the driver logs it.",
	"dma run 0xe0000000 0xb8000 4096",
	"dmesg | grep \"mmlab-dma\"",
	"# A device with 24 address lines gets coherent memory from ZONE_DMA.",
	"dma bits 24",
	"trace on",
	"dma copy coherent 4096",
	"trace off",
	"dma unbind",
	"exit",
	"# Finally, every invariant of the allocators and page tables still holds.",
	"audit",
	NULL,
};

/*
 * The steps that are meant to fail: the 2 MiB kmalloc on fragmented memory,
 * /dev/mem's refusal of System RAM, the task's write to a read-only page,
 * the DMA to an undecoded address.
 */
static bool expected_failure(const char *line)
{
	return !strncmp(line, "kmalloc 2M", 10) || !strcmp(line, "wb u:$a 0") ||
	       !strncmp(line, "dma run 0xe0000000", 18) ||
	       !strcmp(line, "devmem 100000");
}

/**
 * demo_root_create() - make a temporary directory under /tmp to be the demo
 * machine's root, holding DEMO_FILE, written with plain C.
 * Return: 0, or -errno with a message on stderr.
 */
int demo_root_create(char *dir, size_t n)
{
	char path[4096];
	ssize_t len = (ssize_t)strlen(DEMO_TEXT);
	int fd, err;

	if (snprintf(dir, n, "/tmp/mmlab-demo.XXXXXX") >= (int)n)
		return -ENAMETOOLONG;
	if (!mkdtemp(dir)) {
		err = -errno;
		fprintf(stderr, "mmlab: demo: mkdtemp: %s\n", strerror(errno));
		return err;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, DEMO_FILE);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, DEMO_TEXT, (size_t)len) != len) {
		err = errno ? -errno : -EIO;
		fprintf(stderr, "mmlab: demo: %s: %s\n", path, strerror(-err));
		if (fd >= 0)
			close(fd);
		demo_root_remove(dir);
		return err;
	}
	close(fd);
	return 0;
}

/** demo_root_remove() - remove the demo's root directory and its files. */
void demo_root_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d) {
		while ((e = readdir(d)) != NULL)
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
	}
	if (rmdir(dir))
		fprintf(stderr, "mmlab: demo: cannot remove %s: %s\n", dir,
			strerror(errno));
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
