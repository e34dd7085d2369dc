// SPDX-License-Identifier: MIT
/* The shell's command table: names, argument counts, usage and help. */
#include <string.h>

#include "shell.h"

const struct sh_cmd sh_commands[] = {
	{ "help", cmd_help, 0, 1, "help [CMD]",
	  "list the commands, or explain one" },
	{ "dmesg", cmd_dmesg, 0, 0, "dmesg",
	  "print the kernel log (the boot memory map, zones, layout)" },
	{ "cat", cmd_cat, 1, 1, "cat /proc/FILE",
	  "print a file of the machine (see 'ls /proc'), or a task's",
	  "/proc/self/FILE is the selected task's file, /proc/PID/FILE task PID's:\n"
	  "maps, smaps, smaps_rollup, status, stat." },
	{ "ls", cmd_ls, 0, 1, "ls [/proc|/dev]",
	  "list the files 'cat' can print, or the machine's device nodes",
	  "'ls /dev' lists the devtmpfs: each node's mode, major, minor and name." },
	{ "sysctl", cmd_sysctl, 1, 1, "sysctl NAME[=VALUE]",
	  "print or set a sysctl",
	  "vm.overcommit_memory, vm.overcommit_ratio, vm.overcommit_kbytes,\n"
	  "vm.max_map_count, vm.mmap_min_addr, vm.legacy_va_layout,\n"
	  "vm.swappiness, vm.min_free_kbytes, vm.watermark_scale_factor,\n"
	  "vm.drop_caches, vm.oom_kill_allocating_task, vm.page-cluster,\n"
	  "kernel.panic_on_oops (1: an oops panics the machine)." },
	{ "insmod", cmd_insmod, 1, 64, "insmod FILE.so [PARAM=VALUE ...]",
	  "load a driver built against the SDK (docs/drivers.md)",
	  "Runs its module_init function; the module's printk lines go to dmesg.\n"
	  "A FILE without a slash is also looked for in $MMLAB_DRIVER_PATH." },
	{ "rmmod", cmd_rmmod, 1, 1, "rmmod NAME",
	  "unload a module: its module_exit runs; leftovers are reported in dmesg",
	  "Refused while a file or a mapping of one of its devices is open." },
	{ "lsmod", cmd_lsmod, 0, 0, "lsmod", "list the loaded modules (/proc/modules)" },
	{ "layout", cmd_layout, 0, 0, "layout",
	  "print the kernel's virtual memory layout" },
	{ "kmalloc", cmd_kmalloc, 1, 2, "kmalloc SIZE [GFP]",
	  "allocate SIZE bytes with kmalloc(); prints the address",
	  "GFP defaults to GFP_KERNEL; e.g. GFP_ATOMIC, GFP_DMA, GFP_KERNEL|__GFP_ZERO.\n"
	  "The address is a logical one: PAGE_OFFSET + physical address." },
	{ "kfree", cmd_kfree, 1, 1, "kfree ADDR", "free a kmalloc() address" },
	{ "ksize", cmd_ksize, 1, 1, "ksize ADDR",
	  "usable size of a kmalloc() object" },
	{ "vmalloc", cmd_vmalloc, 1, 1, "vmalloc SIZE",
	  "allocate virtually contiguous memory; prints the address" },
	{ "vzalloc", cmd_vmalloc, 1, 1, "vzalloc SIZE",
	  "vmalloc() memory filled with zeroes" },
	{ "vfree", cmd_vfree, 1, 1, "vfree ADDR", "free a vmalloc() area" },
	{ "vmalloc_to_pfn", cmd_vmalloc_to_pfn, 1, 2,
	  "vmalloc_to_pfn ADDR [PAGES]",
	  "the page frame behind a vmalloc address (or PAGES pages from it)" },
	{ "alloc_pages", cmd_alloc_pages, 1, 2, "alloc_pages ORDER [GFP]",
	  "allocate 2^ORDER pages from the buddy allocator; prints pfn and phys" },
	{ "free_pages", cmd_free_pages, 2, 2, "free_pages PFN ORDER",
	  "give 2^ORDER pages at PFN back to the buddy allocator" },
	{ "fragment", cmd_fragment, 0, 1, "fragment [undo]",
	  "fragment free memory: take every free page, give back every other one",
	  "After 'fragment' about half of memory is free, but mostly as single pages:\n"
	  "a large physically contiguous allocation (kmalloc(2M) needs order 9) fails\n"
	  "while vmalloc() of the same size still succeeds.  The pages the watermarks\n"
	  "keep back stay as they were.  'fragment undo' frees the pages it kept." },
	{ "ioremap", cmd_ioremap, 2, 3, "ioremap PHYS SIZE [wc|uc|cache]",
	  "map device memory into kernel virtual space; prints the address",
	  "No type: ioremap() (UC-); wc: ioremap_wc(); uc: ioremap_uc();\n"
	  "cache: ioremap_cache()." },
	{ "iounmap", cmd_iounmap, 1, 1, "iounmap ADDR", "undo an ioremap()" },
	{ "set_memory", cmd_set_memory, 3, 3,
	  "set_memory KVA NPAGES uc|wc|wb|ro|rw|x|nx|np|p",
	  "change kernel pages' attributes (x86 set_memory_*(), CPA)",
	  "set_memory_uc/wc/wb() (direct-map addresses) reserve the pages' memory\n"
	  "type (RAM: page flags; another type is -EBUSY) and set PCD/PWT;\n"
	  "ro/rw/x/nx/np/p change RW, NX, P (vmalloc addresses too, and their\n"
	  "direct-map alias).  A change of part of a 2M/1G direct-map page splits\n"
	  "it (see 'walk k:KVA' and DirectMap* in /proc/meminfo); Linux never\n"
	  "merges it back." },
	{ "memcpy_toio", cmd_memcpy_toio, 2, 2, "memcpy_toio ADDR \"TEXT\"",
	  "copy TEXT (\\xHH escapes allowed) to an ioremap()ped address" },
	{ "memcpy_fromio", cmd_memcpy_fromio, 2, 2, "memcpy_fromio ADDR LEN",
	  "copy LEN bytes from an ioremap()ped address and dump them" },
	{ "memset_io", cmd_memset_io, 3, 3, "memset_io ADDR BYTE LEN",
	  "fill LEN bytes of an ioremap()ped address with BYTE" },
	{ "pa", cmd_pa, 1, 1, "pa VA",
	  "__pa(): physical address of a direct-map (logical) address" },
	{ "va", cmd_va, 1, 1, "va PA",
	  "__va(): the direct-map (logical) address of a physical address" },
	{ "walk", cmd_walk, 1, 3, "walk [u:|k:]VA [r|w|x] [user]",
	  "walk the page tables for VA as the MMU would (u: the selected task's)",
	  "Prints each level: its table's physical address, the index, the raw\n"
	  "entry and its bits; then the physical address and page size, or the\n"
	  "page fault the access would raise with its error code and CR2.\n"
	  "u:VA (or VA after 'space user') walks the selected task's own page tables\n"
	  "as a user-mode access; k:VA the kernel's (init_mm), as does a plain VA." },
	{ "tlb", cmd_tlb, 0, 1, "tlb [dump|flush]",
	  "TLB counters; 'dump' lists the entries, 'flush' flushes everything" },
	{ "inb", cmd_port_in, 1, 1, "inb PORT", "read an 8-bit I/O port" },
	{ "inw", cmd_port_in, 1, 1, "inw PORT", "read a 16-bit I/O port" },
	{ "inl", cmd_port_in, 1, 1, "inl PORT", "read a 32-bit I/O port" },
	{ "outb", cmd_port_out, 2, 2, "outb PORT VALUE", "write an 8-bit I/O port" },
	{ "outw", cmd_port_out, 2, 2, "outw PORT VALUE", "write a 16-bit I/O port" },
	{ "outl", cmd_port_out, 2, 2, "outl PORT VALUE", "write a 32-bit I/O port" },
	{ "d", cmd_devmem, 0, 1, "d[b|w|d|q] [ADDR]",
	  "dump 256 bytes at ADDR (hex) as 16 lines",
	  "The /dev/mem tool's commands.  ADDR and VALUE are hex, with or without 0x.\n"
	  "A suffix sets the access width and stays set: b 8-bit, w 16-bit, d 32-bit,\n"
	  "q 64-bit ('dw 0' dumps 16-bit units, and a later 'r' reads 16 bits).\n"
	  "Addresses are physical or kernel virtual as 'space' says; a prefix p: or k:\n"
	  "on the address overrides it.  'd' with no address goes on after the last dump.\n"
	  "'space user' (or a u: prefix) makes them loads and stores of the selected\n"
	  "task, through its page tables as its own instructions; a fault prints the\n"
	  "signal Linux would deliver, e.g. SIGSEGV (SEGV_ACCERR) at 0x7ffff7ff8000.\n"
	  "After 'devmem PHYS' (or with an m: prefix) ADDR is an offset in the window\n"
	  "a task mapped from /dev/mem; see 'help devmem'." },
	{ "r", cmd_devmem, 1, 1, "r[b|w|d|q] ADDR",
	  "read one unit at ADDR (hex): prints ADDR = VALUE", NULL },
	{ "w", cmd_devmem, 2, 2, "w[b|w|d|q] ADDR VALUE",
	  "write one unit VALUE (hex) at ADDR (hex)", NULL },
	{ "space", cmd_space, 0, 1, "space [phys|kernel|user|devmem]",
	  "the address space of d/r/w (default phys; user: the selected task's;\n"
	  "devmem: offsets in the window 'devmem PHYS' mapped)" },
	{ "devmem", cmd_devmem_map, 0, 2, "devmem [PHYS [LEN]|off]",
	  "run the devmem tool in the selected task: /dev/mem mapped at PHYS",
	  "The source documents' program: the selected task opens /dev/mem\n"
	  "(O_RDWR|O_SYNC), mmaps LEN (hex) bytes (default one page) MAP_SHARED at PHYS's\n"
	  "page and prints \"Map paddr PHYS to VADDR\".  Then d/r/w take offsets from\n"
	  "PHYS (hex) and print the physical address they reach; each access is a\n"
	  "load or store of that task through its page tables (its PTE is a raw PFN\n"
	  "entry, uncached for O_SYNC), so a device sees it, and a page /dev/mem\n"
	  "may not reach fails at the mmap with Linux's errno (EPERM for RAM and\n"
	  "claimed ranges).  'space' leaves the window, 'space devmem' (or an m:\n"
	  "prefix) goes back; 'devmem' shows it; 'devmem off' unmaps and closes." },
	{ "vga", cmd_vga, 0, 0, "vga", "render the VGA text buffer at 0xb8000" },
	{ "dma", cmd_dma, 0, 5, "dma [info|bind|unbind|bits|copy|user|run|map|unmap|sync] ...",
	  "the DMA engine, its driver mmlab-dma, swiotlb and the DMA API",
	  "dma                      the driver's mask, irq and counts; swiotlb usage\n"
	  "dma bind | unbind        load / unload the driver (unbind reports leaks)\n"
	  "dma bits N               the engine drives N address lines; mask follows\n"
	  "dma copy coherent|single|pool SIZE\n"
	  "                         a pattern to the device and back, compared\n"
	  "dma user SRC DST LEN     the selected task's memory to the device and\n"
	  "                         back, over pinned pages mapped as scatterlists\n"
	  "dma run SRC DST LEN [mem|todev|fromdev]\n"
	  "                         one engine transfer by bus address\n"
	  "dma map KVA SIZE DIR     dma_map_single() of a kernel buffer; prints the\n"
	  "                         bus address (also $_); DIR: to_device,\n"
	  "                         from_device, bidirectional\n"
	  "dma unmap DMA SIZE DIR   dma_unmap_single()\n"
	  "dma sync DMA SIZE DIR cpu|device\n"
	  "                         dma_sync_single_for_cpu() / _for_device()\n"
	  "'trace on' shows the mapping decisions and the swiotlb bounce copies." },
	{ "irq", cmd_irq, 2, 4, "irq raise|domain|map|dispose|handle|request|free|remove ...",
	  "interrupts: controller lines, irq_domains, handlers",
	  "irq raise LINE           pulse input LINE of the I/O APIC\n"
	  "irq domain linear|tree|nomap NAME [SIZE]\n"
	  "                         a software irq_domain (linear: SIZE hwirqs)\n"
	  "irq map DOMAIN HWIRQ     irq_create_mapping(); prints the virq (also $_)\n"
	  "irq dispose VIRQ         irq_dispose_mapping()\n"
	  "irq handle DOMAIN HWIRQ  generic_handle_domain_irq()\n"
	  "irq request VIRQ         request_irq() of a counting handler 'mmlab-shell'\n"
	  "irq free VIRQ            free_irq() of it\n"
	  "irq remove NAME          irq_domain_remove() of a software domain\n"
	  "See 'irqdomain' and 'cat /proc/interrupts'." },
	{ "irqdomain", cmd_irqdomain, 0, 0, "irqdomain",
	  "each irq_domain and its hwirq -> virq map" },
	{ "audit", cmd_audit, 0, 0, "audit",
	  "run every invariant audit of the kernel" },
	{ "fail", cmd_fail, 1, 2, "fail page|slab|swap-slot|swap-write|swap-read N | fail off",
	  "fault injection: the Nth allocation from now (0 = next) fails" },
	{ "spawn", cmd_spawn, 0, 1, "spawn [COMM]",
	  "create a task (a fresh process: stack, empty heap) and select it",
	  "The new task's address space is laid out as Linux lays out a fresh\n"
	  "process with randomization off: the [stack] at the top of the 47-bit\n"
	  "space, mmap_base below it, an empty heap.  See 'maps'." },
	{ "ps", cmd_ps, 0, 0, "ps", "list the tasks ('*' marks the selected one)" },
	{ "task", cmd_task, 0, 1, "task [PID]", "select task PID (or show the selected one)" },
	{ "fork", cmd_fork, 0, 0, "fork",
	  "fork the selected task; prints the child's pid (also $_), the parent stays selected" },
	{ "exec", cmd_exec, 0, 0, "exec",
	  "what exec does to memory: the selected task gets a fresh, empty address space" },
	{ "faults", cmd_faults, 0, 1, "faults [PID]",
	  "the task's page-fault counters (minflt, majflt of /proc/PID/stat)" },
	{ "mmap", cmd_mmap, 3, 6, "mmap [ADDR] LEN PROT FLAGS [FD OFF]",
	  "mmap() in the selected task; prints the address (also $_)",
	  "PROT: rw-, r-x, --- ... or read,write / PROT_READ|PROT_WRITE or a number.\n"
	  "FLAGS: private,anonymous / shared,fixed / MAP_SHARED|MAP_POPULATE ... or a\n"
	  "number; names: shared private shared_validate fixed fixed_noreplace\n"
	  "anonymous populate noreserve locked growsdown stack nonblock 32bit hugetlb\n"
	  "sync droppable uninitialized.  With 3 or 5 arguments ADDR is 0; FD OFF\n"
	  "map a file opened with 'open' (FD -1 for none)." },
	{ "munmap", cmd_munmap, 2, 2, "munmap ADDR LEN", "munmap() in the selected task" },
	{ "mprotect", cmd_mprotect, 3, 3, "mprotect ADDR LEN PROT",
	  "mprotect() in the selected task (PROT as for mmap, also growsdown)" },
	{ "mremap", cmd_mremap, 3, 5, "mremap OLD OLDLEN NEWLEN [FLAGS [NEWADDR]]",
	  "mremap(); FLAGS: maymove,fixed,dontunmap; prints the new address" },
	{ "brk", cmd_brk, 0, 1, "brk [ADDR]",
	  "the raw brk() system call: prints the break (brk 0 asks for it)" },
	{ "madvise", cmd_madvise, 3, 3, "madvise ADDR LEN ADVICE",
	  "madvise(); ADVICE: dontneed, free, willneed, cold, pageout ...",
	  "ADVICE: normal random sequential willneed dontneed free remove dontfork\n"
	  "dofork mergeable unmergeable hugepage nohugepage dontdump dodump wipeonfork\n"
	  "keeponfork cold pageout populate_read populate_write dontneed_locked\n"
	  "collapse hwpoison soft_offline guard_install guard_remove, or MADV_* or a\n"
	  "number." },
	{ "msync", cmd_msync, 3, 3, "msync ADDR LEN FLAGS",
	  "msync(); FLAGS: sync, async, invalidate (comma-joined)" },
	{ "mlock", cmd_mlock, 2, 3, "mlock ADDR LEN [onfault]",
	  "mlock(), or mlock2(MLOCK_ONFAULT) with onfault" },
	{ "munlock", cmd_munlock, 2, 2, "munlock ADDR LEN", "munlock()" },
	{ "mlockall", cmd_mlockall, 1, 1, "mlockall FLAGS",
	  "mlockall(); FLAGS: current,future,onfault" },
	{ "munlockall", cmd_munlockall, 0, 0, "munlockall", "munlockall()" },
	{ "mincore", cmd_mincore, 2, 2, "mincore ADDR LEN",
	  "mincore(): one 0/1 per page, 1 when the page is resident" },
	{ "open", cmd_open, 2, 3, "open PATH FLAGS [MODE]",
	  "open() in the selected task; FLAGS: rdonly, rdwr, creat, trunc ...; prints the fd",
	  "PATH resolves under the machine's root directory.  MODE is octal\n"
	  "(default 0644).  /dev/zero exists in every machine." },
	{ "close", cmd_close, 1, 1, "close FD", "close()" },
	{ "read", cmd_uread, 3, 3, "read FD ADDR LEN",
	  "read(2) into the task's memory at ADDR, then show what arrived",
	  "The file's ->read gets the user pointer ADDR, as a driver's does in Linux\n"
	  "('pread' reads into the shell's own buffer, through ->read_iter only)." },
	{ "write", cmd_uwrite, 3, 3, "write FD ADDR TEXT",
	  "store TEXT at ADDR in the task's memory, then write(2) it from there" },
	{ "truncate", cmd_truncate, 2, 2, "truncate FD LEN", "ftruncate()" },
	{ "pread", cmd_pread, 3, 3, "pread FD LEN OFF",
	  "pread(): prints the bytes read as a hex dump" },
	{ "pwrite", cmd_pwrite, 3, 3, "pwrite FD OFF TEXT",
	  "pwrite() of TEXT (\\xHH escapes in \"...\")" },
	{ "pagemap", cmd_pagemap, 1, 2, "pagemap VA [N]",
	  "the selected task's /proc/self/pagemap entries for N pages (default 1)",
	  "Each page's raw u64 entry, its PFN (bits 0-54) and its flags: present\n"
	  "(bit 63), swapped (62), file/shared (61: a page-cache or shared anonymous\n"
	  "page), exclusive (56: mapped once), soft-dirty (55).  The shared zero\n"
	  "page is marked.  $_ becomes the first present page's PFN." },
	{ "kpageflags", cmd_kpage, 1, 2, "kpageflags PFN [N]",
	  "/proc/kpageflags of N frames from PFN, decoded (KPF_ bits)" },
	{ "kpagecount", cmd_kpage, 1, 2, "kpagecount PFN [N]",
	  "/proc/kpagecount of N frames from PFN: how many PTEs map each" },
	{ "rmap", cmd_rmap, 1, 1, "rmap PFN",
	  "every (pid, address, VMA) that maps frame PFN, found through the rmap",
	  "rmap_walk() of the page in PFN: for an anonymous page through its\n"
	  "anon_vma and the anon_vma_chains of every VMA linked to it, for a\n"
	  "page-cache page through the file's i_mmap interval tree.  Each line is\n"
	  "one PTE: pid, user address, the VMA, the PTE and its bits." },
	{ "migrate", cmd_migrate, 1, 1, "migrate PFN",
	  "move the page in PFN to a new frame; prints the new PFN (also $_) and each PTE changed",
	  "migrate_pages() of one page: unmap it from every PTE (found through the\n"
	  "rmap), copy it to a new frame, map the new frame where the old one was.\n"
	  "A pinned page cannot move (EAGAIN)." },
	{ "pin", cmd_pin, 2, 3, "pin ADDR NPAGES [write]",
	  "pin_user_pages() of the selected task; prints the frames (write: FOLL_WRITE breaks COW first)" },
	{ "unpin", cmd_unpin, 1, -1, "unpin PFN...", "unpin_user_pages() of these frames" },
	{ "mkswap", cmd_mkswap, 1, 3, "mkswap PATH [SIZE [LABEL]]",
	  "format a host file (under the machine's root) as a swap area" },
	{ "swapon", cmd_swapon, 1, 4, "swapon [-p PRIO] [-d] PATH | swapon -s",
	  "swapon(2) a swap area; -s lists them (/proc/swaps)" },
	{ "swapoff", cmd_swapoff, 1, 1, "swapoff PATH",
	  "swapoff(2): bring every page back and stop using the area" },
	{ "sync", cmd_sync, 0, 0, "sync",
	  "sync(): write every dirty page-cache page back to its host file" },
	{ "writeback", cmd_writeback, 0, 1, "writeback [N]",
	  "one round of periodic writeback of up to N dirty pages (default 1024)" },
	{ "hostcat", cmd_hostcat, 1, 1, "hostcat PATH",
	  "the host's own bytes of file PATH under the machine's root (not through the page cache)" },
	{ "kswapd", cmd_kswapd, 0, 1, "kswapd [wake|run]",
	  "the kswapd step: wake it and reclaim to the high watermark ('run': only if woken)" },
	{ "page", cmd_page, 1, 1, "page PFN",
	  "a page's LRU list and age: active/referenced/workingset, young PTEs" },
	{ "stress", cmd_stress, 2, 3, "stress file|anon SIZE [PATH]",
	  "a new task reads a file of SIZE through a shared mapping, or dirties SIZE of anon memory",
	  "Creates memory pressure: a task 'stress' touches every page, and the command\n"
	  "prints what reclaim did (pages scanned, reclaimed, OOM kills).  The file is\n"
	  "created sparse if missing (default /tmp/mmlab-stress.dat)." },
	{ "oom_score_adj", cmd_oom_score_adj, 1, 1, "oom_score_adj VALUE",
	  "set the selected task's /proc/PID/oom_score_adj (-1000 .. 1000)" },
	{ "workload", cmd_workload, 2, 4, "workload seq|loop|zipf|fork SIZE [ram=SIZE] [seed=N]",
	  "run an access pattern over a file of SIZE under each reclaim policy, side by side",
	  "Boots a machine of ram= (default 64M) once per policy (lru=classic, lru=gen),\n"
	  "maps a sparse host file of SIZE and runs the pattern: seq (two scans), loop\n"
	  "(a hot quarter looped over between scans), zipf (Zipf-distributed reads),\n"
	  "fork (children reading Zipf-distributed pages).  Prints major faults,\n"
	  "refaults, activations, pages scanned and reclaimed per policy." },
	{ "maps", cmd_maps, 0, 0, "maps", "/proc/self/maps of the selected task" },
	{ "smaps", cmd_smaps, 0, 1, "smaps [ADDR|rollup]",
	  "/proc/self/smaps of the selected task (or the VMA at ADDR, or smaps_rollup)" },
	{ "status", cmd_status, 0, 0, "status", "/proc/self/status of the selected task" },
	{ "trace", cmd_trace, 0, 1, "trace [on|off]",
	  "print the kernel's path through each system call and fault",
	  "With tracing on, each command is followed by the lines the kernel logged,\n"
	  "indented: the functions a call passed through, with Linux's names, and the\n"
	  "decisions taken (do_mmap: ..., get_unmapped_area: ..., mmap_region: ...)." },
	{ "set", cmd_set, 2, 2, "set NAME VALUE",
	  "remember a number as $NAME ($_ is the last address or pfn printed)" },
	{ "echo", cmd_echo, 0, -1, "echo TEXT", "print TEXT" },
	{ "quit", cmd_quit, 0, 1, "quit [STATUS]", "leave the shell" },
	{ "exit", cmd_exit, 0, 1, "exit [CODE]",
	  "the selected task exits (with no task selected: leave the shell)" },
	{ "q", cmd_quit, 0, 0, "q", "leave the shell (as in the devmem tool)" },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL },
};

static bool is_devmem_name(const char *name)
{
	if (!name[0] || !strchr("drw", name[0]))
		return false;
	return !name[1] || (strchr("bwdq", name[1]) && !name[2]);
}

/** sh_find_cmd() - the command called @name; d/r/w take a width suffix. */
const struct sh_cmd *sh_find_cmd(const char *name)
{
	const struct sh_cmd *c;
	char base[2] = { name[0], '\0' };

	if (is_devmem_name(name))
		name = base;
	for (c = sh_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}
