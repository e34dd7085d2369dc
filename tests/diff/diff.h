/* SPDX-License-Identifier: MIT */
/*
 * Differential tests: every case is written once against struct sys and run
 * on the host kernel (real system calls) and on mmlab.  A case appends
 * observations (return values, errno, signals, memory contents, the maps
 * lines of its own region relative to its base) to a log; the runner
 * compares the two logs line by line.  See docs/difftests.md.
 */
#ifndef DIFF_DIFF_H
#define DIFF_DIFF_H

#include <stddef.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <signal.h>

#define PG		4096UL
#define PA	(MAP_PRIVATE | MAP_ANONYMOUS)
#define PAF	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define SAF	(MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED)
#define PF	(MAP_PRIVATE | MAP_FIXED)
#define SF	(MAP_SHARED | MAP_FIXED)
#define RW	(PROT_READ | PROT_WRITE)
#define RO	PROT_READ
#define REGION_PAGES	64UL
#define LOG_CAP		(1UL << 20)

/* Flags and advices the host's headers may lack (Linux's own numbers). */
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE	0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC		0x80000
#endif
#ifndef MAP_UNINITIALIZED
#define MAP_UNINITIALIZED	0x4000000
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP	4
#endif
#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT		0x01
#endif
#ifndef MCL_ONFAULT
#define MCL_ONFAULT		4
#endif
#ifndef MADV_FREE
#define MADV_FREE		8
#endif
#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK		18
#define MADV_KEEPONFORK		19
#endif
#ifndef MADV_COLD
#define MADV_COLD		20
#define MADV_PAGEOUT		21
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ	22
#define MADV_POPULATE_WRITE	23
#endif
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED	24
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE		25
#endif
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL	102
#define MADV_GUARD_REMOVE	103
#endif
#ifndef PROT_GROWSDOWN
#define PROT_GROWSDOWN		0x01000000
#define PROT_GROWSUP		0x02000000
#endif

struct ctx;

/* The system under test.  Paths are relative to the case's root ("/f"),
 * except "/dev/..." and "/proc/...", which are the system's own. */
struct sys {
	const char *name;		/* "host" or "mmlab" */
	void *priv;
	const char *dir;		/* host directory of the case's root */
	long (*mmap)(struct sys *s, unsigned long addr, unsigned long len,
		     int prot, int flags, int fd, unsigned long off);
	long (*munmap)(struct sys *s, unsigned long addr, unsigned long len);
	long (*mprotect)(struct sys *s, unsigned long addr, unsigned long len,
			 int prot);
	long (*mremap)(struct sys *s, unsigned long old_addr,
		       unsigned long old_len, unsigned long new_len, int flags,
		       unsigned long new_addr);
	long (*brk)(struct sys *s, unsigned long addr);
	long (*madvise)(struct sys *s, unsigned long addr, unsigned long len,
			int advice);
	long (*msync)(struct sys *s, unsigned long addr, unsigned long len,
		      int flags);
	long (*mlock)(struct sys *s, unsigned long addr, unsigned long len);
	long (*mlock2)(struct sys *s, unsigned long addr, unsigned long len,
		       int flags);
	long (*munlock)(struct sys *s, unsigned long addr, unsigned long len);
	long (*mlockall)(struct sys *s, int flags);
	long (*munlockall)(struct sys *s);
	long (*mincore)(struct sys *s, unsigned long addr, unsigned long len,
			unsigned char *vec);
	long (*open)(struct sys *s, const char *path, int flags, int mode);
	long (*close)(struct sys *s, int fd);
	long (*ftruncate)(struct sys *s, int fd, long len);
	long (*pread)(struct sys *s, int fd, void *buf, unsigned long n,
		      long off);
	long (*pwrite)(struct sys *s, int fd, const void *buf,
		       unsigned long n, long off);
	/* 0, or the signal raised; *code and *addr describe it. */
	int (*load)(struct sys *s, unsigned long va, void *dst,
		    unsigned long n, int *code, unsigned long *addr);
	int (*store)(struct sys *s, unsigned long va, const void *src,
		     unsigned long n, int *code, unsigned long *addr);
	/* The whole of "/proc/self/maps" and friends; length or -errno. */
	long (*read_file)(struct sys *s, const char *path, char *buf,
			  unsigned long n);
	/* Fork the task, run @fn in the child, let the child exit. */
	long (*fork_run)(struct sys *s, struct ctx *c,
			 void (*fn)(struct ctx *c));
	/* Unlink a file of the root (test setup, not a system call). */
	int (*unlink)(struct sys *s, const char *path);
	/*
	 * A child that lives on: fork_start() forks the task and keeps the
	 * child waiting; in_child() runs @fn as the child (the parent waits);
	 * child_exit() ends it.  One child at a time; 0 when none.
	 */
	long (*fork_start)(struct sys *s, struct ctx *c);
	void (*in_child)(struct sys *s, struct ctx *c,
			 void (*fn)(struct ctx *c));
	void (*child_exit)(struct sys *s, struct ctx *c);
	int (*child_alive)(struct sys *s);
	/* Binary pread of a file ("/proc/self/pagemap", "/proc/kpagecount",
	 * "/proc/kpageflags"); bytes read or -errno. */
	long (*read_at)(struct sys *s, const char *path, void *buf,
			unsigned long n, unsigned long off);
	/* sync(2): every dirty page of every file to the host file. */
	long (*sync)(struct sys *s);
	/* The task's minor and major fault counts so far. */
	void (*faults)(struct sys *s, unsigned long *minflt,
		       unsigned long *majflt);
	/*
	 * The raw system call @nr (x86-64 numbers), its pointers being the
	 * task's own user addresses (host: syscall(2); mmlab: mml_syscall()).
	 * Returns the result or -errno.
	 */
	long (*syscall)(struct sys *s, long nr, long a1, long a2, long a3,
			long a4, long a5, long a6);
	/* The system's spelling of case path @path ("/f" is "DIR/f" on the
	 * host, "/f" on mmlab), for paths passed in user memory. */
	const char *(*path)(struct sys *s, const char *path, char *buf,
			    size_t n);
};

/* The log lives in memory shared with the runner (survives a crash). */
struct dlog {
	size_t len;
	int truncated;
	char data[];
};

struct ctx {
	struct sys *s;
	unsigned long base;	/* first page of the case's region */
	unsigned long brk0;	/* the break when the case started */
	struct dlog *log;
};

typedef void (*case_fn)(struct ctx *c);

struct dcase {
	const char *name;
	case_fn fn;
};

void diff_register(const char *name, case_fn fn);

#define CASE(name)							\
	static void case_##name(struct ctx *c);				\
	__attribute__((constructor)) static void reg_##name(void)	\
	{ diff_register(#name, case_##name); }				\
	static void case_##name(struct ctx *c)

/* Address of page @n of the region. */
#define B(n)	(c->base + (unsigned long)(n) * PG)

/* ---- observations (log.c) ---- */
void rec(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *errname(long err);
const char *fmt_addr(struct ctx *c, unsigned long a, char *buf);
const char *fmt_prot(int prot, char *buf);
const char *fmt_mflags(int flags, char *buf);

long do_mmap(struct ctx *c, unsigned long addr, unsigned long len, int prot,
	     int flags, int fd, unsigned long off);
long do_munmap(struct ctx *c, unsigned long addr, unsigned long len);
long do_mprotect(struct ctx *c, unsigned long addr, unsigned long len,
		 int prot);
long do_mremap(struct ctx *c, unsigned long old_addr, unsigned long old_len,
	       unsigned long new_len, int flags, unsigned long new_addr);
long do_brk(struct ctx *c, unsigned long addr);
long do_madvise(struct ctx *c, unsigned long addr, unsigned long len,
		int advice);
long do_msync(struct ctx *c, unsigned long addr, unsigned long len,
	      int flags);
long do_mlock(struct ctx *c, unsigned long addr, unsigned long len);
long do_mlock2(struct ctx *c, unsigned long addr, unsigned long len,
	       int flags);
long do_munlock(struct ctx *c, unsigned long addr, unsigned long len);
long do_mlockall(struct ctx *c, int flags);
long do_munlockall(struct ctx *c);
long do_mincore(struct ctx *c, unsigned long addr, unsigned long len);
long do_mincore_vec(struct ctx *c, unsigned long addr, unsigned long len,
		    unsigned char *vec);
long do_open(struct ctx *c, const char *path, int flags, int mode);
long do_close(struct ctx *c, int fd);
long do_ftruncate(struct ctx *c, int fd, long len);
long do_pread(struct ctx *c, int fd, unsigned long n, long off);
long do_pwrite(struct ctx *c, int fd, const void *buf, unsigned long n,
	       long off);
long do_fork(struct ctx *c, void (*fn)(struct ctx *c));

/* A child that lives on (see struct sys): "fork = child", then
 * "child {" ... "}" around each in_child(), then "child exit". */
long do_fork_keep(struct ctx *c);
void in_child(struct ctx *c, void (*fn)(struct ctx *c));
void child_exit(struct ctx *c);

/* /proc/self/pagemap of @npages pages from @va: per page "p" present (bit
 * 63), "x" exclusively mapped (56), "f" file page or shared anon (61), "s"
 * swapped (62), else "-".  PFNs are never logged. */
void pagemap(struct ctx *c, unsigned long va, unsigned long npages);
/* /proc/kpagecount and chosen /proc/kpageflags bits of the page at @va. */
void kpage(struct ctx *c, unsigned long va);
/* A store or load with the minor faults it took (measured tightly around
 * the access, buffers pre-touched). */
int minflt_st(struct ctx *c, unsigned long va, int byte, unsigned long n);
int minflt_ld(struct ctx *c, unsigned long va, unsigned long n);
/* The bytes of the case's file as the host sees them, with a real pread on
 * the host directory (for mmlab: what writeback put there). */
void hostfile(struct ctx *c, const char *path, long off, unsigned long n);
/* sync(2) (mmlab: mml_sync, its writeback of every dirty page). */
long do_sync(struct ctx *c);

/* Load @n bytes at @va and record the signal and the bytes (run-length). */
int ld(struct ctx *c, unsigned long va, unsigned long n);
/* Store @n bytes of @byte at @va. */
int st(struct ctx *c, unsigned long va, int byte, unsigned long n);
/* Store a string (without its NUL). */
int st_str(struct ctx *c, unsigned long va, const char *str);

/* The maps lines intersecting [lo, hi), addresses relative to base. */
void maps_range(struct ctx *c, unsigned long lo, unsigned long hi);
/* The maps lines of the whole region. */
void maps(struct ctx *c);
/* The [heap] line, its end relative to brk0 (its start is the host's). */
void maps_heap(struct ctx *c);
/* Chosen smaps fields ("Rss Locked VmFlags") of the VMAs in [lo, hi). */
void smaps_range(struct ctx *c, unsigned long lo, unsigned long hi,
		 const char *fields);

/* The raw system call @nr with the six arguments @a (cases_uaccess.c);
 * @what is logged as the call, then its result. */
long sc(struct ctx *c, const char *what, long nr, const long *a);
/* As sc(), for a call that returns a descriptor (logged as fdN). */
long sc_fd(struct ctx *c, const char *what, long nr, const long *a);
/* SC(SYS_read, fd, B(2), PG) logs "SYS_read(fd, B(2), PG) = 4096". */
#define SC(nr, ...)	sc(c, #nr "(" #__VA_ARGS__ ")", nr,		\
			   (const long[6]){ __VA_ARGS__ })
#define SC_FD(nr, ...)	sc_fd(c, #nr "(" #__VA_ARGS__ ")", nr,		\
			      (const long[6]){ __VA_ARGS__ })

/* mmap at a kernel-chosen place: records only "at hint"/"elsewhere". */
long mmap_k(struct ctx *c, unsigned long hint, unsigned long len, int prot,
	    int flags, int fd, unsigned long off);
/* Maps lines of [addr, addr+len), relative to @addr. */
void maps_at(struct ctx *c, unsigned long addr, unsigned long len);

/* A file of @npages pages, page i filled with byte 'A' + i; returns fd. */
int mkfile(struct ctx *c, const char *path, unsigned long npages);
/* An anonymous private mapping of pages [first, first+n) of the region. */
long anon(struct ctx *c, unsigned long first, unsigned long n, int prot);

#endif /* DIFF_DIFF_H */
