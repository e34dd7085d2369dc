/* SPDX-License-Identifier: MIT */
/*
 * mmlab - the Linux memory-mapping system, simulated in user space.
 *
 * This is the whole public API.  It includes no internal header and exposes
 * only opaque types.  Every function that can fail returns 0 (or a value)
 * on success and a negative Linux errno on failure; nothing sets errno.
 * Addresses in the simulated machine are uint64_t: physical addresses,
 * kernel virtual addresses (direct map, vmalloc, ioremap), and, later,
 * user virtual addresses of simulated tasks.
 */
#ifndef MMLAB_MMLAB_H
#define MMLAB_MMLAB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MML_BUILDING_LIBRARY)
#define MML_API __attribute__((visibility("default")))
#else
#define MML_API
#endif

#define MML_VERSION_STRING "0.1.0"

struct mml_machine;

/* ------------------------------------------------------------------ */
/* The machine                                                         */
/* ------------------------------------------------------------------ */

struct mml_config {
	uint64_t ram_size;	/* bytes of RAM; default 256 MiB, at most 1 TiB */
	const char *cmdline;	/* kernel command line, e.g. "mem=63M" */
	const char *arch;	/* "x86_64"; "i386", "arm", "arm64": -ENOSYS */
	uint64_t seed;		/* seed for anything random; 0 is a valid seed */
	const char *root;	/* host directory tasks' paths resolve under */
	int legacy_va_layout;	/* vm.legacy_va_layout */
	int tlb_sets;		/* TLB geometry; 0 = default (256 sets x 4 ways) */
	int tlb_ways;
	int snapshot;		/* 1: restorable, see mml_machine_snapshot() */
};

/* Fill @cfg with the defaults of a new machine. */
MML_API void mml_config_init(struct mml_config *cfg);

/*
 * Boot a machine.  On failure returns NULL and, if @err is not NULL, stores
 * -errno there and a message in @msg (if not NULL, @msglen bytes).
 */
MML_API struct mml_machine *mml_machine_new(const struct mml_config *cfg);
MML_API struct mml_machine *mml_machine_new_err(const struct mml_config *cfg,
						int *err, char *msg,
						size_t msglen);
MML_API void mml_machine_free(struct mml_machine *m);

/*
 * Snapshots, for fuzzers and repeated experiments.  A machine booted with
 * mml_config.snapshot = 1 keeps all its host memory (its kernel's host
 * objects, RAM, mem_map) where it can be recorded: mml_machine_snapshot()
 * records the machine's whole state once, and mml_machine_restore() puts
 * it back, as fast as the pages touched since (copy-on-write), every task,
 * page, object, counter and log line included; host files the machine
 * opened since are closed, what it wrote to them stays.  Task handles
 * taken after the snapshot are invalid after a restore.  Such a machine
 * never reuses freed host memory before a restore: it suits runs of
 * bounded length.  Both return 0 or -errno: -EINVAL (not booted with the
 * option / no snapshot), -EBUSY (a second snapshot), or the host's error.
 */
MML_API int mml_machine_snapshot(struct mml_machine *m);
MML_API int mml_machine_restore(struct mml_machine *m);

/*
 * Oopses and panics.  When the simulated kernel meets corruption it cannot
 * get around (a slab free pointer that does not decode to an object of its
 * slab ...), it oopses as Linux does ("Oops: ..." in the log, taint D) and
 * the task it ran for is killed: every later call on that task returns
 * -ESRCH, mml_exit() excepted.  With the sysctl kernel.panic_on_oops = 1
 * (or "oops=panic" on the command line) an oops panics the machine
 * instead ("Kernel panic - not syncing: Fatal exception"): from then on
 * every call on the machine returns -EIO (NULL, or nothing for void
 * functions) without touching its state, with the panic in
 * mml_last_error(); only mml_machine_read_file(m, "dmesg"), the getters of
 * plain values (mml_last_error, mml_layout, mml_siginfo ...),
 * mml_machine_restore() and mml_machine_free() still work.
 * mml_machine_panicked() returns 1 for a panicked machine.
 */
MML_API int mml_machine_panicked(struct mml_machine *m);

/* Short name of errno @err (positive or negative), e.g. "ENOMEM". */
MML_API const char *mml_errname(int err);

/* The last message the kernel logged for an API call that failed, or "". */
MML_API const char *mml_last_error(const struct mml_machine *m);

/*
 * Drivers (docs/drivers.md): load the driver at host path @path, a shared
 * object built against the driver SDK (pkg-config mmlab-driver), into @m
 * with module parameters @params ("name=value ...", or NULL), running its
 * module_init function.  Returns 0; -ENOEXEC for a file that is not a
 * driver; -EEXIST when a module of that name is loaded; -EINVAL or -ERANGE
 * for a parameter value that does not parse; the init function's error
 * (the module is then unloaded); the host's error for an unreadable file.
 * mml_rmmod() runs the module's exit and unloads it: -ENOENT if no module
 * has @name, -EWOULDBLOCK (EAGAIN) while an open file or a mapping of one
 * of its devices holds it, -EBUSY for a module with no exit function.
 * What a module leaves registered or allocated is reported in dmesg.
 */
MML_API int mml_insmod(struct mml_machine *m, const char *path,
		       const char *params);
MML_API int mml_rmmod(struct mml_machine *m, const char *name);

/*
 * A file of the machine as its kernel shows it: "/proc/iomem",
 * "/proc/ioports", "/proc/buddyinfo", "/proc/zoneinfo", "/proc/meminfo",
 * "/proc/slabinfo", "/proc/vmallocinfo", "/proc/cmdline", "/proc/vmstat",
 * "/proc/devices", "/proc/modules" (what exists so far), or "dmesg" for the kernel log.  Copies at most
 * @n - 1 bytes and a NUL into @buf; returns the file's full length, or
 * -ENOENT.  With @buf NULL and @n 0, returns the length only.
 */
MML_API long mml_machine_read_file(struct mml_machine *m, const char *path,
				   char *buf, size_t n);

/* NULL-terminated list of the files mml_machine_read_file() knows. */
MML_API const char *const *mml_machine_files(void);

/* ------------------------------------------------------------------ */
/* Kernel memory                                                       */
/* ------------------------------------------------------------------ */

/* GFP flags (a stable public encoding; translated to the kernel's). */
#define MML_GFP_KERNEL	0x01u
#define MML_GFP_ATOMIC	0x02u
#define MML_GFP_DMA	0x04u	/* ZONE_DMA only */
#define MML_GFP_DMA32	0x08u	/* ZONE_DMA32 or below */
#define MML_GFP_ZERO	0x10u
#define MML_GFP_NOWARN	0x20u

/* Parse "GFP_KERNEL|__GFP_ZERO" style text, or "kernel,zero". */
MML_API int mml_gfp_parse(const char *text, unsigned int *gfp);

MML_API int mml_alloc_pages(struct mml_machine *m, unsigned int gfp,
			    unsigned int order, uint64_t *pfn);
MML_API int mml_free_pages(struct mml_machine *m, uint64_t pfn,
			   unsigned int order);
MML_API int mml_kmalloc(struct mml_machine *m, size_t size, unsigned int gfp,
			uint64_t *kva);
MML_API int mml_kfree(struct mml_machine *m, uint64_t kva);
MML_API long mml_ksize(struct mml_machine *m, uint64_t kva);
MML_API int mml_vmalloc(struct mml_machine *m, size_t size, int zeroed,
			uint64_t *kva);
MML_API int mml_vfree(struct mml_machine *m, uint64_t kva);
MML_API int mml_vmalloc_to_pfn(struct mml_machine *m, uint64_t kva,
			       uint64_t *pfn);

enum mml_cache_type {
	MML_CACHE_UC_MINUS,	/* ioremap() */
	MML_CACHE_WC,		/* ioremap_wc() */
	MML_CACHE_UC,		/* ioremap_uc() */
	MML_CACHE_WB,		/* ioremap_cache() */
};
MML_API int mml_ioremap(struct mml_machine *m, uint64_t phys, size_t size,
			enum mml_cache_type type, uint64_t *kva);
MML_API int mml_iounmap(struct mml_machine *m, uint64_t kva);

/*
 * set_memory_uc/wc/wb/ro/rw/x/nx/np/p(@kva, @numpages) (x86 CPA): change
 * the attributes of kernel pages, splitting large direct-map pages.
 * uc/wc/wb take direct-map addresses; the others vmalloc ones too.
 */
enum mml_set_memory_op {
	MML_SET_MEMORY_UC, MML_SET_MEMORY_WC, MML_SET_MEMORY_WB,
	MML_SET_MEMORY_RO, MML_SET_MEMORY_RW, MML_SET_MEMORY_X,
	MML_SET_MEMORY_NX, MML_SET_MEMORY_NP, MML_SET_MEMORY_P,
};
MML_API int mml_set_memory(struct mml_machine *m, uint64_t kva, int numpages,
			   enum mml_set_memory_op op);

/* __pa()/virt_to_phys() of a direct-map address, and __va(). */
MML_API int mml_virt_to_phys(struct mml_machine *m, uint64_t kva,
			     uint64_t *pa);
MML_API int mml_phys_to_virt(struct mml_machine *m, uint64_t pa,
			     uint64_t *kva);

/* ------------------------------------------------------------------ */
/* Memory and port access                                              */
/* ------------------------------------------------------------------ */

enum mml_space {
	MML_SPACE_PHYS,		/* physical addresses, straight on the bus */
	MML_SPACE_KERNEL,	/* kernel virtual, through the MMU (CPL 0) */
};

/*
 * Read or write one unit of @width bytes (1, 2, 4 or 8) at @addr.  Kernel
 * accesses go through the MMU and TLB as a supervisor data access; MMIO
 * reaches the device's registers.  Returns 0, -EFAULT (kernel page fault:
 * see mml_last_fault()), -EINVAL (bad width or unaligned), or -EIO
 * (physical address nobody decodes).
 */
MML_API int mml_read(struct mml_machine *m, enum mml_space sp, uint64_t addr,
		     unsigned int width, uint64_t *val);
MML_API int mml_write(struct mml_machine *m, enum mml_space sp, uint64_t addr,
		      unsigned int width, uint64_t val);

/* x86 port I/O (inb/inw/inl, outb/outw/outl). -EINVAL for a bad width. */
MML_API int mml_port_in(struct mml_machine *m, uint16_t port,
			unsigned int width, uint32_t *val);
MML_API int mml_port_out(struct mml_machine *m, uint16_t port,
			 unsigned int width, uint32_t val);

/* The kernel's MMIO accessors on an ioremap()ped address. */
MML_API int mml_memcpy_fromio(struct mml_machine *m, void *dst, uint64_t kva,
			      size_t n);
MML_API int mml_memcpy_toio(struct mml_machine *m, uint64_t kva,
			    const void *src, size_t n);
MML_API int mml_memset_io(struct mml_machine *m, uint64_t kva, int c,
			  size_t n);

/* ------------------------------------------------------------------ */
/* The MMU                                                             */
/* ------------------------------------------------------------------ */

#define MML_ACC_WRITE	0x1u	/* else read */
#define MML_ACC_USER	0x2u	/* else supervisor */
#define MML_ACC_FETCH	0x4u	/* instruction fetch */

/* x86 page-fault error code bits (as pushed by the CPU). */
#define MML_PF_PROT	0x01u
#define MML_PF_WRITE	0x02u
#define MML_PF_USER	0x04u
#define MML_PF_RSVD	0x08u
#define MML_PF_INSTR	0x10u

#define MML_WALK_MAX_LEVELS 5

struct mml_walk_level {
	const char *name;	/* "PGD", "P4D", "PUD", "PMD", "PTE" */
	unsigned int index;	/* index of the entry within its table */
	uint64_t table_pa;	/* physical address of the table */
	uint64_t entry;		/* the entry's raw value */
	int leaf;		/* this entry maps the page (PS set or PTE) */
	char bits[96];		/* decoded bits, e.g. "P RW US A D NX" */
};

struct mml_walk {
	uint64_t va;
	uint64_t cr3;
	int nlevels;			/* levels visited */
	struct mml_walk_level level[MML_WALK_MAX_LEVELS];
	int fault;			/* 1 if the access would fault */
	uint32_t error_code;		/* MML_PF_* when fault */
	uint64_t pa;			/* translation when !fault */
	uint64_t page_size;		/* 4K, 2M or 1G when !fault */
	char reason[96];		/* why it faulted */
};

/*
 * Walk the kernel page tables (init_mm) for @va and an access of kind
 * @acc (MML_ACC_*), as the MMU would, without touching the TLB or the
 * A/D bits.  Returns 0 (see @w->fault), or -EINVAL for a non-canonical
 * address.
 */
MML_API int mml_walk(struct mml_machine *m, uint64_t va, unsigned int acc,
		     struct mml_walk *w);

struct mml_tlb_stats {
	uint64_t hits, misses, flushes_page, flushes_all, cr3_writes;
	unsigned int sets, ways, valid;
};
MML_API void mml_tlb_stats(struct mml_machine *m, struct mml_tlb_stats *st);

struct mml_tlb_entry {
	unsigned int set, way;
	uint64_t va, pa;
	unsigned int pcid;
	int writable, user, nx, global, dirty;
	uint64_t page_size;
};
/* Call @fn for each valid TLB entry; stops early if @fn returns non-zero. */
MML_API void mml_tlb_foreach(struct mml_machine *m,
			     int (*fn)(const struct mml_tlb_entry *, void *),
			     void *arg);
MML_API void mml_tlb_flush_all(struct mml_machine *m);

/* The latest fault raised by a kernel access through mml_read/mml_write. */
MML_API void mml_last_fault(const struct mml_machine *m, uint64_t *cr2,
			    uint32_t *error_code);

/* ------------------------------------------------------------------ */
/* Machine facts                                                       */
/* ------------------------------------------------------------------ */

struct mml_layout {
	uint64_t page_offset, vmalloc_start, vmalloc_end, vmemmap_start;
	uint64_t kernel_map, high_memory, max_pfn;
	uint64_t ram_size, mem_limit;
	unsigned int page_size, levels;
	const char *arch;
};
MML_API void mml_layout(struct mml_machine *m, struct mml_layout *l);

/*
 * Run every invariant audit the kernel has (buddy free lists, slab,
 * page tables against the TLB, vmalloc areas).  Returns 0, or -EUCLEAN
 * with a description in mml_last_error().
 */
MML_API int mml_audit(struct mml_machine *m);

/*
 * The part of mml_audit() that concerns one task, at the cost of what it
 * maps: its VMA tree, and each of its PTEs against the page it maps (a
 * user page, found by the reverse map, mapcount and refcount covering the
 * task's own mappings), its RSS counters, and the zero page.  Cheap enough
 * to run after every operation on the task; mml_audit() checks the rest
 * (exact mapcounts over all tasks, the kernel's tables).  Returns 0,
 * -EUCLEAN with a description in mml_last_error(), or -EIO/-ESRCH on a
 * panicked machine or a task an oops killed.
 */
struct mml_task;
MML_API int mml_audit_task(struct mml_task *t);

/*
 * Fault injection: the @nth allocation of kind @kind from now on fails
 * (0 = the next one), once.  @nth < 0 disables it.
 */
enum mml_fail_kind {
	MML_FAIL_PAGE_ALLOC, MML_FAIL_SLAB,
	MML_FAIL_SWAP_SLOT,	/* no free swap slot */
	MML_FAIL_SWAP_WRITE,	/* the host write of a swapped page: EIO */
	MML_FAIL_SWAP_READ,	/* the host read of a swapped page: EIO */
};
MML_API void mml_fail_nth(struct mml_machine *m, enum mml_fail_kind kind,
			  long nth);

/* ------------------------------------------------------------------ */
/* Processes and the mmap family                                       */
/* ------------------------------------------------------------------ */

/*
 * Everything below returns Linux's values and -errno on failure (never
 * sets errno); constants (PROT_*, MAP_*, MADV_*, O_*, ...) are Linux's own
 * x86-64 numbers, so <sys/mman.h> and <fcntl.h> can be used with them.
 */
struct mml_task;

MML_API struct mml_task *mml_task_new(struct mml_machine *m, const char *comm);
MML_API struct mml_task *mml_task_get(struct mml_machine *m, int pid);
MML_API int mml_task_pid(const struct mml_task *t);
MML_API long mml_fork(struct mml_task *t);
MML_API void mml_exit(struct mml_task *t, int code);
/* What exec does to memory: a fresh, empty address space (the initial
 * layout); running real programs comes later.  0 or -ENOMEM. */
MML_API int mml_exec_reset(struct mml_task *t);

/*
 * Raw system-call entry: Linux x86-64 numbers and ABI; pointer arguments
 * are the task's own user virtual addresses, checked against the user
 * address space (-EFAULT) and read and written through its page tables a
 * page at a time (a fault part-way gives Linux's short count).  The calls
 * mmlab implements are listed in docs/api.md; others return -ENOSYS.
 */
MML_API long mml_syscall(struct mml_task *t, long nr, long a1, long a2,
			 long a3, long a4, long a5, long a6);

/* The same calls with host pointers where Linux takes a user pointer: */
MML_API long mml_mmap(struct mml_task *t, unsigned long addr, unsigned long len,
		      int prot, int flags, int fd, unsigned long off);
MML_API long mml_munmap(struct mml_task *t, unsigned long addr,
			unsigned long len);
MML_API long mml_mprotect(struct mml_task *t, unsigned long addr,
			  unsigned long len, int prot);
MML_API long mml_mremap(struct mml_task *t, unsigned long old_addr,
			unsigned long old_len, unsigned long new_len, int flags,
			unsigned long new_addr);
MML_API long mml_brk(struct mml_task *t, unsigned long addr);
/*
 * Swap (docs/architecture.md, "Swap"): mml_mkswap() formats the host file
 * @path (under the machine's root) as a swap area of @size bytes (0: the
 * file's size; at least 10 pages) with Linux's header and @label (or
 * NULL); mml_swapon()/mml_swapoff() are swapon(2)/swapoff(2), @swap_flags
 * SWAP_FLAG_PREFER (0x8000) | priority, SWAP_FLAG_DISCARD (0x10000).
 */
MML_API long mml_mkswap(struct mml_task *t, const char *path,
			unsigned long size, const char *label);
MML_API long mml_swapon(struct mml_task *t, const char *path, int swap_flags);
MML_API long mml_swapoff(struct mml_task *t, const char *path);
MML_API long mml_madvise(struct mml_task *t, unsigned long addr,
			 unsigned long len, int advice);
MML_API long mml_msync(struct mml_task *t, unsigned long addr,
		       unsigned long len, int flags);
MML_API long mml_mlock(struct mml_task *t, unsigned long addr,
		       unsigned long len);
MML_API long mml_mlock2(struct mml_task *t, unsigned long addr,
			unsigned long len, int flags);
MML_API long mml_munlock(struct mml_task *t, unsigned long addr,
			 unsigned long len);
MML_API long mml_mlockall(struct mml_task *t, int flags);
MML_API long mml_munlockall(struct mml_task *t);
MML_API long mml_mincore(struct mml_task *t, unsigned long addr,
			 unsigned long len, unsigned char *vec);
MML_API long mml_open(struct mml_task *t, const char *path, int flags,
		      int mode);
MML_API long mml_close(struct mml_task *t, int fd);
MML_API long mml_ftruncate(struct mml_task *t, int fd, long len);
MML_API long mml_pread(struct mml_task *t, int fd, void *buf, unsigned long n,
		       long off);
MML_API long mml_pwrite(struct mml_task *t, int fd, const void *buf,
			unsigned long n, long off);

/*
 * User-mode access, as the task's own instructions would do it, byte by
 * byte in ascending order through the MMU, page faults handled as Linux
 * handles them.  Returns 0, or the signal raised (SIGSEGV, SIGBUS; SIGKILL
 * when a fault finds no memory, as the OOM killer would send it): the
 * bytes below the faulting address were transferred, none at or above it.
 */
MML_API int mml_load(struct mml_task *t, unsigned long va, void *dst,
		     unsigned long n);
MML_API int mml_store(struct mml_task *t, unsigned long va, const void *src,
		      unsigned long n);
/* si_signo, si_code (SEGV_MAPERR, SEGV_ACCERR, BUS_ADRERR, SI_KERNEL for
 * the OOM SIGKILL, ...), si_addr of the latest signal raised by
 * mml_load/mml_store. */
MML_API void mml_siginfo(const struct mml_task *t, int *signo, int *code,
			 unsigned long *addr);

/*
 * A whole file as the task reads it: "/proc/self/maps", "/proc/<pid>/smaps",
 * "/proc/meminfo", ... ("/sys/kernel/debug/page_tables/current_user" and
 * "current_kernel" dump @t's page tables).  Returns its length (truncated
 * to n-1 bytes, NUL-terminated), or -ENOENT.
 */
MML_API long mml_read_file(struct mml_task *t, const char *path, char *buf,
			   unsigned long n);

/*
 * Read @n bytes at @off of a file, binary-safe, like pread(2): also the
 * binary /proc/<pid>/pagemap, /proc/kpagecount and /proc/kpageflags (u64
 * entries in Linux's format; offset and size multiples of 8).
 * Returns the bytes read (0 at the end), or -errno.
 */
MML_API long mml_read_file_at(struct mml_task *t, const char *path, void *buf,
			      unsigned long n, unsigned long off);

/* The MMU's walk of a user address through the task's own page tables. */
MML_API int mml_task_walk(struct mml_task *t, uint64_t va, unsigned int acc,
			  struct mml_walk *w);

/* ------------------------------------------------------------------ */
/* Reverse mapping, migration, pinning, writeback                      */
/* ------------------------------------------------------------------ */

struct mml_rmap_entry {
	int pid;			/* the task that maps the frame */
	uint64_t va;			/* at this user address */
	uint64_t vm_start, vm_end;	/* in this VMA */
	uint64_t pte;			/* the PTE's raw value */
	int anon;			/* found through the anon_vma chains
					 * (else through the file's i_mmap) */
};
/* Call @fn for every (task, address) that maps frame @pfn; @fn returning
 * non-zero stops.  -EINVAL if @pfn is not a user page. */
MML_API int mml_rmap(struct mml_machine *m, uint64_t pfn,
		     int (*fn)(const struct mml_rmap_entry *, void *), void *arg);

struct mml_migrate_entry {
	int pid;
	uint64_t va;
	uint64_t old_pte, new_pte;
	int anon;
};
/* Move the page in frame @pfn to a new frame, fixing every PTE (each one
 * reported to @fn, which may be NULL).  -EAGAIN if it is pinned. */
MML_API int mml_migrate(struct mml_machine *m, uint64_t pfn, uint64_t *new_pfn,
			void (*fn)(const struct mml_migrate_entry *, void *),
			void *arg);

/* pin_user_pages(): fault in and pin @nr_pages from @start (FOLL_WRITE if
 * @write breaks COW first); their frames in @pfns.  Returns the number
 * pinned, or -errno (-EFAULT for a bad range). */
MML_API long mml_pin_user_pages(struct mml_task *t, unsigned long start,
				unsigned long nr_pages, int write,
				uint64_t *pfns);
MML_API int mml_unpin_user_pages(struct mml_machine *m, const uint64_t *pfns,
				 unsigned long nr_pages);

/* sync(2): write every dirty page-cache page back to its host file. */
MML_API int mml_sync(struct mml_machine *m);
/* One round of periodic writeback of up to @nr_pages dirty pages. */
MML_API long mml_writeback(struct mml_machine *m, long nr_pages);

/* The task's fault counters (/proc/PID/stat minflt, majflt). */
MML_API void mml_task_faults(const struct mml_task *t, unsigned long *minflt,
			     unsigned long *majflt);

/*
 * Settings of /proc/sys: "vm.overcommit_memory" (0 heuristic, 1 always,
 * 2 never), "vm.overcommit_ratio", "vm.overcommit_kbytes",
 * "vm.max_map_count", "vm.mmap_min_addr", "vm.legacy_va_layout" (for tasks
 * created afterwards).  -ENOENT for an unknown name, -EINVAL out of range.
 */
MML_API int mml_sysctl_get(struct mml_machine *m, const char *name, long *val);
MML_API int mml_sysctl_set(struct mml_machine *m, const char *name, long val);

/* setrlimit()/getrlimit() of a task (RLIMIT_* numbers as Linux). */
MML_API int mml_setrlimit(struct mml_task *t, int resource, unsigned long cur,
			  unsigned long max);
MML_API int mml_getrlimit(struct mml_task *t, int resource, unsigned long *cur,
			  unsigned long *max);
/* Tasks start with root's CAP_IPC_LOCK and CAP_SYS_RAWIO; drop them here. */
MML_API void mml_task_set_caps(struct mml_task *t, int cap_ipc_lock,
			       int cap_sys_rawio);

/*
 * Tracing of kernel paths: with @on, each system call logs the functions it
 * passes through and the decisions taken; mml_trace_read() takes the lines
 * logged so far (like mml_machine_read_file) and empties the buffer; with
 * @buf NULL it returns their length and keeps them.
 */
MML_API void mml_trace(struct mml_machine *m, int on);
MML_API long mml_trace_read(struct mml_machine *m, char *buf, size_t n);

/*
 * DMA and interrupts (docs/dma.md).  The machine has a DMA engine on the
 * bus and an I/O APIC; the sample driver mmlab-dma is bound with
 * mml_dma_bind() (as loading a module would) and unbound with
 * mml_dma_unbind(), which reports what it left mapped in dmesg.  Calls
 * that need the driver return -ENODEV while it is not bound.
 */
enum mml_dma_dir {
	MML_DMA_BIDIRECTIONAL = 0,
	MML_DMA_TO_DEVICE = 1,
	MML_DMA_FROM_DEVICE = 2,
};

/* What the engine does with SRC and DST (mml_dma_run). */
enum mml_dma_xfer {
	MML_DMA_MEM_TO_MEM = 0,		/* bus SRC -> bus DST */
	MML_DMA_MEM_TO_DEV = 1,		/* bus SRC -> device memory offset DST */
	MML_DMA_DEV_TO_MEM = 2,		/* device memory offset SRC -> bus DST */
};

/* The buffers a round trip uses (mml_dma_roundtrip). */
enum mml_dma_mode {
	MML_DMA_COHERENT = 0,		/* dma_alloc_coherent() */
	MML_DMA_SINGLE = 1,		/* kmalloc() + dma_map_single() */
	MML_DMA_POOL = 2,		/* dma_pool_alloc() */
};

struct mml_dma_info {
	int bound;			/* the driver is bound */
	unsigned int addr_bits;		/* address lines the engine drives */
	uint64_t dma_mask, coherent_dma_mask;
	unsigned int irq;		/* its Linux IRQ */
	unsigned long interrupts, transfers, errors;
	uint64_t bytes;			/* moved by the driver's transfers */
	uint64_t device_memory;		/* bytes of memory on the device */
	/* swiotlb: nslabs 0 when there is none */
	uint64_t swiotlb_start, swiotlb_end;
	unsigned long swiotlb_nslabs, swiotlb_used, swiotlb_hiwater;
	unsigned long swiotlb_maps;	/* mappings that bounced */
	uint64_t swiotlb_bounced;	/* bytes copied to or from slots */
	int swiotlb_force;
	/* DMA-API debugging: live mappings, errors reported */
	unsigned long debug_entries, debug_errors;
};

MML_API int mml_dma_bind(struct mml_machine *m);
MML_API int mml_dma_unbind(struct mml_machine *m);
MML_API int mml_dma_info(struct mml_machine *m, struct mml_dma_info *info);
/* The engine drives @bits (12..64) address lines; the driver's mask follows. */
MML_API int mml_dma_set_bits(struct mml_machine *m, unsigned int bits);
/* One engine transfer by bus address: -EIO if an address is not decoded. */
MML_API int mml_dma_run(struct mml_machine *m, uint64_t src, uint64_t dst,
			uint64_t len, enum mml_dma_xfer xfer);
/* A pattern to the device and back through @mode buffers; -EILSEQ if it differs. */
MML_API int mml_dma_roundtrip(struct mml_machine *m, enum mml_dma_mode mode,
			      size_t size);
/* Task memory @src -> device -> @dst, by DMA over pinned pages (scatterlists). */
MML_API int mml_dma_user_copy(struct mml_task *t, unsigned long src,
			      unsigned long dst, size_t len);
/*
 * The streaming API on a kernel buffer (a direct-map address, e.g. from
 * mml_kmalloc): dma_map_single(), dma_unmap_single(),
 * dma_sync_single_for_device() / _for_cpu().  An unmap of an address
 * that is not mapped gives -EINVAL and the DMA-API warning in dmesg.
 */
MML_API int mml_dma_map(struct mml_machine *m, uint64_t kva, size_t size,
			enum mml_dma_dir dir, uint64_t *dma);
MML_API int mml_dma_unmap(struct mml_machine *m, uint64_t dma, size_t size,
			  enum mml_dma_dir dir);
MML_API int mml_dma_sync(struct mml_machine *m, uint64_t dma, size_t size,
			 enum mml_dma_dir dir, int for_device);

/*
 * Interrupts.  mml_irq_raise() pulses input @line of the interrupt
 * controller (as a device would).  Software domains for experiments:
 * mml_irq_domain_create() makes a "linear" (@size hwirqs), "tree" or
 * "nomap" (hwirq = virq, below @size) domain named @name with a chip that
 * needs no programming; mml_irq_create_mapping() maps @hwirq (for nomap:
 * ignored, a direct mapping) and gives the virq; mml_irq_handle() runs the
 * handlers of @hwirq as the controller's entry would.
 * mml_irq_request()/mml_irq_free() add or remove a counting handler named
 * "mmlab-shell" on @virq (free twice: Linux's WARN in dmesg, -EINVAL).
 * The maps: /sys/kernel/debug/irq/domains; counts: /proc/interrupts.
 */
MML_API int mml_irq_raise(struct mml_machine *m, unsigned int line);
MML_API int mml_irq_domain_create(struct mml_machine *m, const char *kind,
				  const char *name, unsigned int size);
MML_API int mml_irq_domain_remove(struct mml_machine *m, const char *name);
MML_API int mml_irq_create_mapping(struct mml_machine *m, const char *domain,
				   unsigned long hwirq, unsigned int *virq);
MML_API int mml_irq_dispose_mapping(struct mml_machine *m, unsigned int virq);
MML_API int mml_irq_handle(struct mml_machine *m, const char *domain,
			   unsigned long hwirq);
MML_API int mml_irq_request(struct mml_machine *m, unsigned int virq);
MML_API int mml_irq_free(struct mml_machine *m, unsigned int virq);

/*
 * Reclaim (docs/reclaim.md).  The settings are sysctls: "vm.swappiness",
 * "vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.drop_caches"
 * (1 page cache, 2 slab, 3 both), "vm.oom_kill_allocating_task".
 */
struct mml_page_lru {
	const char *list;	/* "inactive_anon", "active_anon", "inactive_file",
				   "active_file", "unevictable", "lru_add" (in
				   the batch of pages yet to join a list), or
				   "none" */
	int gen;		/* generation (seq % 4) under lru=gen, else -1 */
	unsigned long seq_age;	/* generations younger than its own (lru=gen) */
	int referenced, active, workingset, mlocked, dirty;
	int young_ptes;		/* PTEs mapping it with the accessed bit set */
	int mapcount, refcount;
};
/* Which LRU list @pfn is on and its age bits (read only: nothing cleared). */
MML_API int mml_page_lru(struct mml_machine *m, uint64_t pfn,
			 struct mml_page_lru *info);
/* The replacement policy the machine booted with ("classic" or "gen"). */
MML_API const char *mml_lru_policy(const struct mml_machine *m);
/*
 * The kswapd step: if woken (or @wake), reclaim until a zone is above its
 * high watermark.  Return: the pages it freed.
 */
MML_API long mml_kswapd(struct mml_machine *m, int wake);
/* Is kswapd woken and waiting for its step? */
MML_API int mml_kswapd_pending(const struct mml_machine *m);
/* Direct reclaim as an allocation would do it.  Return: pages freed. */
MML_API long mml_reclaim(struct mml_machine *m, unsigned int gfp);
/* /proc/PID/oom_score_adj: -1000 .. 1000, -EINVAL outside. */
MML_API int mml_set_oom_score_adj(struct mml_task *t, int adj);
/* Was the task killed by the OOM killer? */
MML_API int mml_task_oom_killed(const struct mml_task *t);

#ifdef __cplusplus
}
#endif

#endif /* MMLAB_MMLAB_H */
