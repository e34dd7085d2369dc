// SPDX-License-Identifier: MIT
/*
 * Issue 9's driver-mapping figures (section "drv"), on a default machine
 * with two in-process test drivers attached to inodes as the unit tests
 * attach theirs:
 *
 *   remap-1g   mmap() of 1 GiB of a driver whose ->mmap() is one
 *              remap_pfn_range() of the whole VMA (262144 special PTEs and
 *              their 512 page tables); PTEs/s, mmlab only (the host has no
 *              such driver a user can reach)
 *   drv-fault  one byte loaded from each page of a fresh 64 MiB shared
 *              mapping of a driver whose ->fault() returns the page of its
 *              vmalloc() buffer (vmalloc_to_page() + get_page()), next to
 *              anonymous first-touch write faults on mmlab and on the host
 *              in the same run, rounds alternating
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <mmlab/mmlab.h>
#include <linux/kernel.h>
#include <linux/current.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/vmalloc.h>
#include "bench/bench.h"

#define PG		4096UL
#define DRV_PAGES	16384L		/* 64 MiB */
#define REMAP_SIZE	(1UL << 30)
#define REMAP_PFN	(0x100000000ULL >> 12)	/* 4 GiB up: no RAM there */

struct drv_ctx {
	const struct bench_vm_ops *o;
	void *t;		/* mmlab task; NULL on the host */
	long fault_fd, remap_fd;
};

static struct drv_ctx host_ctx = { .o = &bench_host_vm };
static void *drv_vbuf;		/* the fault driver's buffer */

static vm_fault_t benchdrv_fault(struct vm_fault *vmf)
{
	struct page *page;

	if (vmf->pgoff >= (pgoff_t)DRV_PAGES)
		return VM_FAULT_SIGBUS;
	page = vmalloc_to_page((char *)drv_vbuf + (vmf->pgoff << PAGE_SHIFT));
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct benchdrv_vm_ops = {
	.fault = benchdrv_fault,
};

static int benchdrv_fault_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &benchdrv_vm_ops;
	return 0;
}

static int benchdrv_remap_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_pfn_range(vma, vma->vm_start, REMAP_PFN,
			       vma->vm_end - vma->vm_start, vma->vm_page_prot);
}

static const struct file_operations benchdrv_fault_fops = {
	.mmap = benchdrv_fault_mmap,
};

static const struct file_operations benchdrv_remap_fops = {
	.mmap = benchdrv_remap_mmap,
};

/* An open file of @fops in @t's table, as a devtmpfs node would give. */
static long benchdrv_install(struct task_struct *t, u64 ino,
			     const struct file_operations *fops)
{
	machine_guard(t->machine, t);	/* the table is @t's: run as @t */
	struct inode *inode = new_inode(5, ino);
	struct file *f;
	int fd;

	if (!inode)
		return -ENOMEM;
	inode->i_mode = 0020600;
	inode->i_fop = fops;
	f = alloc_file(inode, O_RDWR, "/dev/benchdrv", fops);
	if (!f)
		return -ENOMEM;
	fd = get_unused_fd_flags(0);
	if (fd < 0)
		return fd;
	fd_install(fd, f);
	return fd;
}

/* @a pages of a fresh mapping, one byte each: stored in anonymous memory
 * (@b 0) or loaded from the fault driver (@b 1).  out: ns, pages. */
static int wl_touch(void *ctx, long a, long b, const char *s, double *out)
{
	struct drv_ctx *c = ctx;
	unsigned long len = (unsigned long)a * PG;
	unsigned char byte = 1;
	long va, i;
	uint64_t t0;
	int sig = 0;

	va = b ? c->o->mmap(c->t, 0, len, PROT_READ, MAP_SHARED, (int)c->fault_fd, 0) :
		 c->o->mmap(c->t, 0, len, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (va < 0)
		return (int)va;
	if (!b)
		c->o->madvise(c->t, (unsigned long)va, len, MADV_NOHUGEPAGE);
	t0 = bench_now_ns();
	for (i = 0; i < a && !sig; i++) {
		unsigned long p = (unsigned long)va + (unsigned long)i * PG;

		sig = b ? c->o->load(c->t, p, &byte, 1) : c->o->store(c->t, p, &byte, 1);
		bench_sink += byte;
	}
	out[0] = (double)(bench_now_ns() - t0);
	out[1] = (double)a;
	c->o->munmap(c->t, (unsigned long)va, len);
	return sig ? -EFAULT : 0;
}

/* Does the MMU translate the mapping's last page to the last frame? */
static bool remap_complete(struct drv_ctx *c, unsigned long va)
{
	struct mml_walk w;
	unsigned long last = va + REMAP_SIZE - PG;

	return !mml_task_walk(c->t, last, MML_ACC_USER, &w) && !w.fault &&
	       w.pa == (REMAP_PFN << 12) + REMAP_SIZE - PG;
}

static void bench_remap(struct drv_ctx *c, struct bench_row *r)
{
	double rate[BENCH_ROUNDS];
	int i, n = 0;

	for (i = 0; i < BENCH_ROUNDS + 1; i++) {
		uint64_t t0 = bench_now_ns();
		long va = mml_mmap(c->t, 0, REMAP_SIZE, PROT_READ | PROT_WRITE,
				   MAP_SHARED, (int)c->remap_fd, 0);
		uint64_t ns = bench_now_ns() - t0;

		if (va < 0) {
			snprintf(r->note, sizeof(r->note), "mmap failed: %s",
				 mml_errname((int)va));
			break;
		}
		if (!i && !remap_complete(c, (unsigned long)va)) {
			snprintf(r->note, sizeof(r->note),
				 "the last page is not mapped to the last frame");
			mml_munmap(c->t, (unsigned long)va, REMAP_SIZE);
			break;
		}
		mml_munmap(c->t, (unsigned long)va, REMAP_SIZE);
		if (i)		/* the first round builds host-side state */
			rate[n++] = (double)(REMAP_SIZE / PG) / ((double)ns / 1e9);
	}
	if (n == BENCH_ROUNDS) {
		bench_row_set(r, "remap_pfn_range 1 GiB", rate, n, 1e-6, "M PTEs/s");
		snprintf(r->note, sizeof(r->note),
			 "mmap of a driver whose ->mmap() remaps 1 GiB (262144 "
			 "special PTEs, 512 PTE tables); no host equivalent");
	} else {
		r->median = -1;
		snprintf(r->name, sizeof(r->name), "remap_pfn_range 1 GiB");
	}
}

/* The host helper always measures anonymous write faults. */
static int wl_host_anon(void *ctx, long a, long b, const char *s, double *out)
{
	return wl_touch(ctx, a, 0, s, out);
}

/**
 * bench_drv() - the "drv" section (see the file's comment).
 * Return: the rows filled (at most @max_rows).
 */
int bench_drv(const struct bench_args *a, struct bench_host *host,
	      struct bench_row *r, int max_rows)
{
	struct mml_config cfg;
	struct mml_machine *m;
	struct drv_ctx mc = { .o = &bench_mml_vm };
	struct machine_ctx saved;
	struct bench_pair p;
	int n = 0;

	if (max_rows < 5)
		return 0;
	mml_config_init(&cfg);
	m = mml_machine_new(&cfg);
	if (!m)
		return 0;
	mc.t = mml_task_new(m, "benchdrv");
	if (!mc.t)
		goto out_free;
	saved = machine_enter(m, (struct task_struct *)mc.t);
	drv_vbuf = vmalloc(DRV_PAGES * PG);
	mc.fault_fd = benchdrv_install(mc.t, 9001, &benchdrv_fault_fops);
	mc.remap_fd = benchdrv_install(mc.t, 9002, &benchdrv_remap_fops);
	machine_leave(&saved);
	if (!drv_vbuf || mc.fault_fd < 0 || mc.remap_fd < 0)
		goto out_exit;
	if (bench_wanted(a, "drv", "remap-1g"))
		bench_remap(&mc, &r[n++]);
	if (bench_wanted(a, "drv", "drv-fault")) {
		/* .b 0: mmlab stores into anonymous memory; 1: it loads from
		 * the fault driver.  The host always does anonymous stores. */
		for (int drv = 0; drv < 2; drv++) {
			p = (struct bench_pair){
				.hfn = wl_host_anon, .mfn = wl_touch, .h = host,
				.hctx = &host_ctx, .mctx = &mc, .ha = DRV_PAGES,
				.ma = DRV_PAGES, .b = drv, .rounds = BENCH_ROUNDS,
				.warmup = 1,
			};
			bench_pair_run(&p);
			n += bench_pair_rows(r + n, drv ? "->fault() driver reads, 64 MiB" :
					     "anon write faults, 64 MiB", &p, 1e-3,
					     "K faults/s", 0);
			snprintf(r[n - 2].note, sizeof(r[n - 2].note), "%s",
				 drv ? "first load of each page of a driver mapping whose "
				       "->fault() gives its vmalloc page; host: anon writes" :
				       "first store to each page of a fresh anonymous mapping");
		}
	}
out_exit:
	mml_exit(mc.t, 0);
	saved = machine_enter(m, NULL);
	vfree(drv_vbuf);
	machine_leave(&saved);
out_free:
	mml_machine_free(m);
	return n;
}
