// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the public API: each input is a program of
 * operations on a small fresh machine (16 MiB) -- tasks, forks and exits,
 * the mmap family by function and as raw system calls with user-memory
 * buffers, loads and stores, kmalloc/vmalloc/page allocations, pins,
 * migration, /proc files, fault injection, and raw writes into simulated
 * RAM.  A finding is a crash or sanitizer report of the host, or one of
 * these checks failing:
 *
 *   - mml_audit_task() of the task an operation worked on, after every
 *     operation, and of every task at the end of the program;
 *   - mml_audit() (every AUDIT_EVERY operations and once the program's
 *     tasks exited), and no
 *     "BUG" line in the kernel log (each operation: cheap, only the new
 *     part of the log is scanned);
 *   - a store that succeeded reads back the same bytes;
 *   - every (pid, address) the rmap reports for a frame is mapped to that
 *     frame by the task's page tables;
 *   - a migrated page keeps its contents, and the task's PTE follows it.
 *
 * A raw write into simulated RAM (mml_write, memset_io) can break any
 * invariant on purpose: after one, only the host's survival is checked.
 * The lengths of calls that populate are capped (budget()), so that a
 * grown corpus stays fast.  See docs/fuzzing.md.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mmlab/mmlab.h>
#include "fuzz_machine.h"

#define MAX_TASKS	6
#define MAX_OPS		96
#define AUDIT_EVERY	32
#define REGION		0x10000000UL	/* where most addresses fall */
#define PG		4096UL
#define POPULATE_CAP	(8UL << 20)	/* see budget() */
#define MAP_LOCKED_	0x2000
#define MAP_POPULATE_	0x8000
#define MCL_CURRENT_	1
#define MCL_FUTURE_	2

struct input {
	const uint8_t *p;
	size_t n;
};

struct fuzz {
	struct mml_machine *m;
	struct mml_task *task[MAX_TASKS];
	int ntasks;
	uint64_t kobj[16], vobj[8], pins[16];
	struct { uint64_t pfn; unsigned int order; } blk[8];
	int nkobj, nvobj, npins, nblk;
	unsigned long last_addr;
	long log_seen;		/* kernel log bytes already scanned */
	int tainted;		/* simulated RAM was written raw */
	int locked;		/* a task locked memory: see budget() */
	struct mml_task *touched;	/* the task the operation worked on */
	int fd;
	jmp_buf done;		/* an acceptable end: see finding() */
};


static uint8_t u8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint16_t u16(struct input *in)
{
	return (uint16_t)(u8(in) | u8(in) << 8);
}

static uint64_t u64(struct input *in)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)u8(in) << (8 * i);
	return v;
}

/* The kernel log's last lines, to stderr: what the machine said before a finding. */
static void dump_log_tail(struct fuzz *f)
{
	long n = mml_machine_read_file(f->m, "dmesg", NULL, 0);
	char *log, *p;
	int lines = 0;

	if (n <= 0 || !(log = malloc((size_t)n + 1)))
		return;
	n = mml_machine_read_file(f->m, "dmesg", log, (size_t)n + 1);
	if (n > 0) {
		for (p = log + n; p > log && lines <= 40; p--)
			lines += p[-1] == '\n';
		fprintf(stderr, "kernel log, last lines:\n%.*s", (int)(log + n - p), p);
	}
	free(log);
}

__attribute__((noreturn, format(printf, 2, 3)))
static void finding(struct fuzz *f, const char *fmt, ...)
{
	va_list ap;

	/*
	 * A machine whose RAM was written raw may oops or panic: then every
	 * later call fails (-EIO), and that is the kernel doing its job.
	 */
	if (f->tainted && mml_machine_panicked(f->m))
		longjmp(f->done, 1);
	va_start(ap, fmt);
	fprintf(stderr, "FINDING: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n(last error: %s)\n", mml_last_error(f->m));
	va_end(ap);
	dump_log_tail(f);
	abort();
}

/* A user address: mostly pages of the region, sometimes anything. */
static unsigned long addr(struct fuzz *f, struct input *in)
{
	switch (u8(in) & 7) {
	case 0:
		return u64(in);
	case 1:
		return f->last_addr + (u8(in) & 15) * PG;
	case 2:
		return REGION + u16(in);
	default:
		return REGION + (u8(in) & 63) * PG;
	}
}

static unsigned long len(struct input *in)
{
	switch (u8(in) & 7) {
	case 0:
		return u64(in);
	case 1:
		return u16(in);
	default:
		return ((u8(in) & 15) + 1) * PG;
	}
}

/*
 * The per-input budget.  A call that populates a range -- MAP_POPULATE or
 * MAP_LOCKED, mlock, MADV_POPULATE_* or MADV_WILLNEED, and once something
 * was locked, the mremap or mprotect that grows or makes writable a locked
 * VMA -- does work for every page of it: gigabytes of PROT_READ mapped to
 * the zero page until the 16 MiB machine runs out of page tables, and then
 * every later audit of the task walks them all.  Such inputs were 2% of
 * the 30-minute corpus and 98% of its time (docs/fuzzing.md).  Their
 * length is cut to POPULATE_CAP, half the machine's RAM: two such writes
 * run it out of memory, a read still maps the zero page over four page
 * tables, and the same paths run (with 32 MiB, the populating inputs still
 * took 70% of the time, most of it clearing pages).  Lengths whose end
 * wraps keep their value (they fail before any work, and the checks that
 * catch them are coverage), and so do the calls that do not populate:
 * munmap, mprotect, madvise of terabytes are cheap, and stay reachable.
 */
static unsigned long budget(unsigned long start, unsigned long l)
{
	if (l > POPULATE_CAP && start + l >= start)
		return POPULATE_CAP;
	return l;
}

static int populates_advice(long advice)
{
	return advice == 3 || advice == 22 || advice == 23;
}

/* Bytes a task maps (VmSize), to budget mlockall(MCL_CURRENT). */
static unsigned long vm_size(struct mml_task *t)
{
	char buf[4096], *p;

	if (mml_read_file(t, "/proc/self/status", buf, sizeof(buf)) <= 0)
		return 0;
	buf[sizeof(buf) - 1] = '\0';
	p = strstr(buf, "VmSize:");
	return p ? strtoul(p + 7, NULL, 10) << 10 : 0;
}

/* mlockall() flags within the budget: MCL_CURRENT of a big space is not. */
static int budget_mlockall(struct fuzz *f, struct mml_task *t, int flags)
{
	f->locked = 1;
	if ((flags & MCL_CURRENT_) && vm_size(t) > POPULATE_CAP)
		flags &= ~MCL_CURRENT_;
	return flags;
}

static struct mml_task *task(struct fuzz *f, struct input *in)
{
	if (!f->ntasks) {
		f->task[0] = mml_task_new(f->m, "fuzz");
		if (!f->task[0])
			return NULL;
		f->ntasks = 1;
	}
	f->touched = f->task[u8(in) % f->ntasks];
	return f->touched;
}

static void add_task(struct fuzz *f, struct mml_task *t)
{
	if (t && f->ntasks < MAX_TASKS)
		f->task[f->ntasks++] = t;
}

static void forget_task(struct fuzz *f, struct mml_task *t)
{
	int i;

	for (i = 0; i < f->ntasks; i++)
		if (f->task[i] == t) {
			if (f->touched == t)
				f->touched = NULL;
			f->task[i] = f->task[--f->ntasks];
			return;
		}
}

static void full_audit(struct fuzz *f)
{
	if (!f->tainted && mml_audit(f->m))
		finding(f, "mml_audit: %s", mml_last_error(f->m));
}

/*
 * The incremental audit, after every operation: the address space of the
 * task the operation worked on (its VMAs, PTEs, rmap, RSS).  The full
 * mml_audit() runs every AUDIT_EVERY operations and at the end.
 */
static void task_audit(struct fuzz *f)
{
	struct mml_task *t = f->touched;

	f->touched = NULL;
	if (t && !f->tainted && mml_audit_task(t) == -EUCLEAN)
		finding(f, "mml_audit_task: %s", mml_last_error(f->m));
}

/* Scan what the kernel logged since the last look for an oops. */
static void check_log(struct fuzz *f)
{
	long n = mml_machine_read_file(f->m, "dmesg", NULL, 0);
	char *log, *bug;

	if (n <= f->log_seen)
		return;
	log = malloc((size_t)n + 1);
	if (!log)
		return;
	mml_machine_read_file(f->m, "dmesg", log, (size_t)n + 1);
	bug = strstr(log + f->log_seen, "BUG");
	if (!bug)
		bug = strstr(log + f->log_seen, "general protection");
	f->log_seen = n;
	if (bug && !f->tainted)
		finding(f, "kernel log: %.200s", bug);
	free(log);
}

/* Store, then load: what a store wrote reads back. */
static void op_store_load(struct fuzz *f, struct input *in)
{
	struct mml_task *t = task(f, in);
	unsigned long a = addr(f, in), n = (u8(in) & 31) + 1, i;
	uint8_t out[32], back[32];

	if (!t)
		return;
	for (i = 0; i < n; i++)
		out[i] = u8(in);
	if (mml_store(t, a, out, n))
		return;
	if (mml_load(t, a, back, n))
		finding(f, "load of %#lx faults right after a store", a);
	if (memcmp(out, back, n) && !f->tainted)
		finding(f, "store then load of %lu bytes at %#lx differ", n, a);
}

/* The frame a task maps at @va, or 0. */
static uint64_t frame_of(struct mml_task *t, unsigned long va)
{
	struct mml_walk w;

	if (mml_task_walk(t, va, 0, &w) || w.fault)
		return 0;
	return w.pa >> 12;
}

struct rmap_check {
	struct fuzz *f;
	uint64_t pfn;
};

static int rmap_entry_agrees(const struct mml_rmap_entry *e, void *arg)
{
	struct rmap_check *rc = arg;
	struct mml_task *t = mml_task_get(rc->f->m, e->pid);

	if (!t)
		finding(rc->f, "rmap of pfn %#llx names pid %d, which is gone",
			(unsigned long long)rc->pfn, e->pid);
	if (frame_of(t, e->va) != rc->pfn && !rc->f->tainted)
		finding(rc->f, "rmap says pid %d maps pfn %#llx at %#llx; its page tables say %#llx",
			e->pid, (unsigned long long)rc->pfn,
			(unsigned long long)e->va,
			(unsigned long long)frame_of(t, e->va));
	return 0;
}

static void op_rmap_migrate(struct fuzz *f, struct input *in, int migrate)
{
	struct mml_task *t = task(f, in);
	unsigned long va = addr(f, in) & ~(PG - 1);
	struct rmap_check rc = { f, 0 };
	uint8_t before[PG], after[PG];
	uint64_t npfn;
	unsigned long i;

	if (!t || !(rc.pfn = frame_of(t, va)))
		return;
	if (mml_rmap(f->m, rc.pfn, rmap_entry_agrees, &rc) || !migrate)
		return;
	for (i = 0; i < PG; i += 8)
		mml_read(f->m, MML_SPACE_PHYS, rc.pfn * PG + i, 8,
			 (uint64_t *)(before + i));
	if (mml_migrate(f->m, rc.pfn, &npfn, NULL, NULL))
		return;
	for (i = 0; i < PG; i += 8)
		mml_read(f->m, MML_SPACE_PHYS, npfn * PG + i, 8,
			 (uint64_t *)(after + i));
	if (f->tainted)
		return;
	if (memcmp(before, after, PG))
		finding(f, "migrate %#llx -> %#llx changed the contents",
			(unsigned long long)rc.pfn, (unsigned long long)npfn);
	if (frame_of(t, va) != npfn)
		finding(f, "after migrate %#llx -> %#llx, %#lx maps %#llx",
			(unsigned long long)rc.pfn, (unsigned long long)npfn,
			va, (unsigned long long)frame_of(t, va));
}

/* The memory-management system calls and a few around them. */
static const long syscalls[] = {
	9, 10, 11, 12, 25, 26, 27, 28, 149, 150, 151, 152, 325,
	0, 1, 2, 3, 17, 18, 77, 257, 39, 57, 60,
	217, 21, 269, 439,	/* getdents64, access, faccessat, faccessat2 */
};

static long sysarg(struct fuzz *f, struct input *in)
{
	switch (u8(in) & 3) {
	case 0:
		return (long)u64(in);
	case 1:
		return (long)addr(f, in);
	case 2:
		return (long)len(in);
	default:
		return u8(in);
	}
}

static void op_syscall(struct fuzz *f, struct input *in)
{
	struct mml_task *t = task(f, in);
	long nr = syscalls[u8(in) % (sizeof(syscalls) / sizeof(syscalls[0]))];
	long a[6], r;
	int i;

	if (!t)
		return;
	for (i = 0; i < 6; i++)
		a[i] = sysarg(f, in);
	switch (nr) {
	case 9:		/* mmap */
		if (a[3] & (MAP_POPULATE_ | MAP_LOCKED_) || f->locked)
			a[1] = (long)budget((unsigned long)a[0], (unsigned long)a[1]);
		f->locked |= !!(a[3] & MAP_LOCKED_);
		break;
	case 10:	/* mprotect */
		if (f->locked)
			a[1] = (long)budget((unsigned long)a[0], (unsigned long)a[1]);
		break;
	case 25:	/* mremap */
		if (f->locked)
			a[2] = (long)budget((unsigned long)a[0], (unsigned long)a[2]);
		break;
	case 28:	/* madvise */
		if (populates_advice(a[2]))
			a[1] = (long)budget((unsigned long)a[0], (unsigned long)a[1]);
		break;
	case 149:	/* mlock */
	case 325:	/* mlock2 */
		f->locked = 1;
		a[1] = (long)budget((unsigned long)a[0], (unsigned long)a[1]);
		break;
	case 151:	/* mlockall */
		a[0] = budget_mlockall(f, t, (int)a[0]);
		break;
	}
	if (nr == 60)	/* exit: the task is gone */
		forget_task(f, t);
	r = mml_syscall(t, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (nr == 57 && r > 0)
		add_task(f, mml_task_get(f->m, (int)r));
	if (nr == 9 && r > 0)
		f->last_addr = (unsigned long)r;
}

static const int madv[] = { 0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 15,
			    16, 17, 18, 19, 20, 21, 22, 23, 100 };

static void op_mm(struct fuzz *f, struct input *in, uint8_t op)
{
	struct mml_task *t = task(f, in);
	unsigned long a, l, nl;
	unsigned char vec[256];
	int prot, flags, advice;
	long r;

	if (!t)
		return;
	a = addr(f, in);
	l = len(in);
	switch (op) {
	case 0:
		prot = u8(in) & 7;
		flags = (int)(u8(in) | u8(in) << 8) & 0x1fffff;
		if (flags & (MAP_POPULATE_ | MAP_LOCKED_) || f->locked)
			l = budget(a, l);
		f->locked |= !!(flags & MAP_LOCKED_);
		r = mml_mmap(t, a, l, prot, flags, u8(in) & 1 ? f->fd : -1,
			     (u8(in) & 3) * PG);
		if (r > 0)
			f->last_addr = (unsigned long)r;
		break;
	case 1:
		mml_munmap(t, a, l);
		break;
	case 2:
		mml_mprotect(t, a, f->locked ? budget(a, l) : l,
			     (u8(in) & 0x0f) | (u8(in) & 3) << 24);
		break;
	case 3:
		nl = len(in);
		r = mml_mremap(t, a, l, f->locked ? budget(a, nl) : nl,
			       u8(in) & 7, addr(f, in));
		if (r > 0)
			f->last_addr = (unsigned long)r;
		break;
	case 4:
		advice = madv[u8(in) % (sizeof(madv) / sizeof(madv[0]))];
		mml_madvise(t, a, populates_advice(advice) ? budget(a, l) : l,
			    advice);
		break;
	case 5:
		switch (u8(in) & 3) {
		case 0:
			f->locked = 1;
			mml_mlock(t, a, budget(a, l));
			break;
		case 1:
			f->locked = 1;
			mml_mlock2(t, a, budget(a, l), u8(in) & 3);
			break;
		case 2:
			mml_munlock(t, a, l);
			break;
		default:
			mml_mlockall(t, budget_mlockall(f, t, u8(in) & 7));
			mml_munlockall(t);
		}
		break;
	case 6:
		mml_msync(t, a, l, u8(in) & 7);
		break;
	case 7:
		if (l <= sizeof(vec) * PG)
			mml_mincore(t, a, l, vec);
		break;
	default:
		mml_brk(t, u8(in) & 1 ? a : 0);
	}
}

static void op_kernel(struct fuzz *f, struct input *in, uint8_t op)
{
	uint64_t v;

	switch (op) {
	case 0:
		if (f->nkobj < 16 && !mml_kmalloc(f->m, u16(in) & 0x3fff,
						  u8(in) & 0x3f, &v))
			f->kobj[f->nkobj++] = v;
		break;
	case 1:
		if (f->nkobj)
			mml_kfree(f->m, f->kobj[--f->nkobj]);
		else
			mml_kfree(f->m, u64(in));
		break;
	case 2:
		if (f->nvobj < 8 && !mml_vmalloc(f->m, u16(in) * 4, u8(in) & 1, &v))
			f->vobj[f->nvobj++] = v;
		break;
	case 3:
		if (f->nvobj)
			mml_vfree(f->m, f->vobj[--f->nvobj]);
		break;
	case 4:
		if (f->nblk < 8 && !mml_alloc_pages(f->m, u8(in) & 0x3f,
						    u8(in) % 12, &v)) {
			f->blk[f->nblk].pfn = v;
			f->blk[f->nblk++].order = 0;
		}
		break;
	case 5:
		if (f->nblk) {
			f->nblk--;
			mml_free_pages(f->m, f->blk[f->nblk].pfn,
				       f->blk[f->nblk].order);
		}
		break;
	default:
		mml_fail_nth(f->m, u8(in) & 1 ? MML_FAIL_SLAB :
			     MML_FAIL_PAGE_ALLOC, (long)(u8(in) % 8) - 1);
	}
}

static const char *const files[] = {
	"/proc/self/maps", "/proc/self/smaps", "/proc/self/smaps_rollup",
	"/proc/self/status", "/proc/meminfo", "/proc/vmstat",
	"/proc/buddyinfo", "/proc/slabinfo", "/proc/vmallocinfo",
};

static void op_misc(struct fuzz *f, struct input *in, uint8_t op)
{
	struct mml_task *t = task(f, in);
	char buf[8192];
	uint64_t pins[4];
	long n, i;

	if (!t)
		return;
	switch (op) {
	case 0:
		add_task(f, mml_task_new(f->m, "fuzz"));
		break;
	case 1: {
		long pid = mml_fork(t);

		if (pid > 0)
			add_task(f, mml_task_get(f->m, (int)pid));
		break;
	}
	case 2:
		forget_task(f, t);
		mml_exit(t, 0);
		break;
	case 3:
		mml_exec_reset(t);
		break;
	case 4:
		mml_read_file(t, files[u8(in) % (sizeof(files) / sizeof(files[0]))],
			      buf, sizeof(buf));
		break;
	case 5:
		mml_read_file_at(t, u8(in) & 1 ? "/proc/self/pagemap" :
				 "/proc/kpageflags", buf, (u8(in) & 63) * 8,
				 addr(f, in) / PG * 8);
		break;
	case 6:
		n = mml_pin_user_pages(t, addr(f, in), u8(in) & 3, u8(in) & 1,
				       pins);
		for (i = 0; i < n && f->npins < 16; i++)
			f->pins[f->npins++] = pins[i];
		break;
	case 7:
		if (f->npins)
			mml_unpin_user_pages(f->m, &f->pins[--f->npins], 1);
		break;
	case 8:
		f->fd = (int)mml_open(t, u8(in) & 1 ? "/f" : "/dev/zero",
				      u8(in) & 1 ? 0102 : 0, 0600);
		mml_ftruncate(t, f->fd, (long)(u8(in) & 15) * (long)PG);
		break;
	case 9:
		memset(buf, u8(in), 64);
		mml_pwrite(t, f->fd, buf, u8(in) & 63, (long)u16(in));
		mml_pread(t, f->fd, buf, u8(in) & 63, (long)u16(in));
		break;
	case 10:
		if (u8(in) & 1)
			mml_sync(f->m);
		else
			mml_writeback(f->m, u8(in));
		break;
	case 11:
		switch (u8(in) % 3) {
		case 0:
			mml_sysctl_set(f->m, "vm.overcommit_memory", u8(in) % 3);
			break;
		case 1:
			mml_sysctl_set(f->m, "vm.max_map_count", u8(in) % 70);
			break;
		default:	/* an oops then panics: every later call -EIO */
			mml_sysctl_set(f->m, "kernel.panic_on_oops", u8(in) & 1);
		}
		break;
	default:
		full_audit(f);
	}
}

/* Raw writes into simulated RAM: after one, only the host must survive. */
static void op_raw(struct fuzz *f, struct input *in)
{
	uint64_t a = u8(in) & 1 ? u64(in) : (u64(in) & 0xfffff8) |
					     (u8(in) & 1 ? 0xffff888000000000ULL : 0);

	f->tainted = 1;
	switch (u8(in) & 3) {
	case 0:
		mml_write(f->m, MML_SPACE_PHYS, a, 8, u64(in));
		break;
	case 1:
		mml_write(f->m, MML_SPACE_KERNEL, a, 8, u64(in));
		break;
	default:
		mml_memset_io(f->m, a, u8(in), u16(in));
	}
}

static void run(struct fuzz *f, struct input *in)
{
	int ops;

	for (ops = 0; ops < MAX_OPS && in->n; ops++) {
		uint8_t op = u8(in);

		switch (op % 8) {
		case 0:
		case 1:
			op_mm(f, in, (uint8_t)(op / 8 % 9));
			break;
		case 2:
			op_store_load(f, in);
			break;
		case 3:
			op_syscall(f, in);
			break;
		case 4:
			op_kernel(f, in, (uint8_t)(op / 8 % 7));
			break;
		case 5:
			op_misc(f, in, (uint8_t)(op / 8 % 13));
			break;
		case 6:
			op_rmap_migrate(f, in, op & 8);
			break;
		default:
			if (op == 0xff)
				op_raw(f, in);
			else
				op_store_load(f, in);
		}
		check_log(f);
		task_audit(f);
		if ((ops + 1) % AUDIT_EVERY == 0)
			full_audit(f);
	}
	mml_fail_nth(f->m, MML_FAIL_PAGE_ALLOC, -1);
	mml_fail_nth(f->m, MML_FAIL_SLAB, -1);
	/* every task as the program left it; the full audit follows the exits */
	for (ops = 0; ops < f->ntasks; ops++) {
		f->touched = f->task[ops];
		task_audit(f);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fm_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct fuzz f = { .fd = -1 };

	f.m = fm_get();
	if (!f.m)
		abort();
	if (setjmp(f.done)) {
		fm_put(f.m);	/* panicked after raw writes: fine */
		return 0;
	}
	run(&f, &in);
	while (f.ntasks)
		mml_exit(f.task[--f.ntasks], 0);
	full_audit(&f);
	check_log(&f);
	fm_put(f.m);
	return 0;
}
