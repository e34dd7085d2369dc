// SPDX-License-Identifier: MIT
/*
 * The seam a driver plugs into: a test-only character device whose
 * file_operations and vm_operations_struct are written the way a Linux
 * driver's are.  Its ->mmap() asks for uncached PTEs (pgprot_noncached())
 * and sets VM_IO | VM_DONTEXPAND | VM_DONTDUMP; its ->fault() hands out
 * pages of its own; its ->page_mkwrite() counts first writes.  Checked
 * through the page tables (the PCD bit, RW before and after the first
 * store), /proc/PID/smaps' VmFlags, the handlers' call counts, the VMA
 * after mremap/munmap/fork, and the unwinding of a failing ->mmap().
 * Then llseek/ioctl of host files against the host, and a test file
 * system whose address_space_operations the page cache must go through.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <mmlab/mmlab.h>
#include <linux/gup.h>
#include "mm/internal.h"
#include "helpers.h"

#define DRV_PAGES	4
#define TEST_SIGBUS	7	/* Linux x86-64's signal numbers */
#define TEST_BUS_ADRERR	2

/* The driver's state, as a driver keeps it in a static or in its device. */
struct testdrv {
	struct page *pages[DRV_PAGES];
	int open, release, mmap, fault, mkwrite, vm_open, vm_close, access;
	pgoff_t last_mkwrite;
	int mmap_error;			/* what ->mmap() returns; 0: map */
	unsigned long mmap_flags;	/* what it adds to vm_flags */
};

static struct testdrv drv;
static struct mml_machine *m;
static struct mml_task *ut;
static struct task_struct *t;
static unsigned long base;

/* --- the driver ------------------------------------------------------------ */

static void testdrv_vm_open(struct vm_area_struct *vma)
{
	drv.vm_open++;
}

static void testdrv_vm_close(struct vm_area_struct *vma)
{
	drv.vm_close++;
}

static vm_fault_t testdrv_fault(struct vm_fault *vmf)
{
	struct testdrv *d = vmf->vma->vm_private_data;

	if (vmf->pgoff >= DRV_PAGES)
		return VM_FAULT_SIGBUS;
	d->fault++;
	get_page(d->pages[vmf->pgoff]);
	vmf->page = d->pages[vmf->pgoff];
	return 0;
}

static vm_fault_t testdrv_page_mkwrite(struct vm_fault *vmf)
{
	struct testdrv *d = vmf->vma->vm_private_data;

	cr_assert(vmf->flags & FAULT_FLAG_MKWRITE);
	cr_assert_eq(vmf->page, d->pages[vmf->pgoff]);
	d->mkwrite++;
	d->last_mkwrite = vmf->pgoff;
	return 0;
}

/* generic_access_phys()'s job for the driver's own pages. */
static int testdrv_access(struct vm_area_struct *vma, unsigned long addr,
			  void *buf, int len, int write)
{
	struct testdrv *d = vma->vm_private_data;
	pgoff_t pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	unsigned long off = addr & (PAGE_SIZE - 1);
	char *kaddr;

	if (pgoff >= DRV_PAGES)
		return -EIO;
	d->access++;
	len = (int)min((unsigned long)len, PAGE_SIZE - off);
	kaddr = (char *)page_host(d->pages[pgoff]) + off;
	if (write)
		memcpy(kaddr, buf, (size_t)len);
	else
		memcpy(buf, kaddr, (size_t)len);
	return len;
}

static const struct vm_operations_struct testdrv_vm_ops = {
	.open = testdrv_vm_open,
	.close = testdrv_vm_close,
	.fault = testdrv_fault,
	.page_mkwrite = testdrv_page_mkwrite,
	.access = testdrv_access,
};

static int testdrv_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct testdrv *d = file->private_data;

	d->mmap++;
	if (d->mmap_error)
		return d->mmap_error;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vm_flags_set(vma, d->mmap_flags);
	vma->vm_ops = &testdrv_vm_ops;
	vma->vm_private_data = d;
	return 0;
}

static int testdrv_open(struct inode *inode, struct file *file)
{
	drv.open++;
	file->private_data = &drv;
	return 0;
}

static int testdrv_release(struct inode *inode, struct file *file)
{
	drv.release++;
	return 0;
}

static const struct file_operations testdrv_fops = {
	.open = testdrv_open,
	.release = testdrv_release,
	.mmap = testdrv_mmap,
};

/*
 * Open the device as the VFS would, from an inode whose i_fop is the
 * driver's (a devtmpfs node, once there is one): the file gets f_op from
 * it and ->open() runs.  Return: the descriptor.
 */
static int testdrv_install(void)
{
	struct inode *inode = new_inode(5, 4242);
	struct file *f;
	int fd;

	cr_assert_not_null(inode);
	inode->i_mode = 0020600;	/* S_IFCHR | 0600 */
	inode->i_fop = &testdrv_fops;
	f = alloc_file(inode, O_RDWR, "/dev/testdrv", inode->i_fop);
	cr_assert_not_null(f);
	cr_assert_eq(f->f_op->open(inode, f), 0);
	fd = get_unused_fd_flags(0);
	cr_assert_geq(fd, 0);
	fd_install(fd, f);
	return fd;
}

static void setup(void)
{
	int i;

	memset(&drv, 0, sizeof(drv));
	drv.mmap_flags = VM_IO | VM_DONTEXPAND | VM_DONTDUMP;
	m = test_task_region("drvtest", &t, &base);
	ut = (struct mml_task *)t;
	for (i = 0; i < DRV_PAGES; i++) {
		drv.pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		cr_assert_not_null(drv.pages[i]);
		memset(page_host(drv.pages[i]), 'a' + i, PAGE_SIZE);
	}
}

static void teardown(void)
{
	int i;

	mml_exit(ut, 0);
	for (i = 0; i < DRV_PAGES; i++) {
		cr_assert_eq(page_ref_count(drv.pages[i]), 1,
			     "page %d: the mappings dropped their references", i);
		__free_page(drv.pages[i]);
	}
	test_audit(m);
	mml_machine_free(m);
}

TestSuite(ops, .init = setup, .fini = teardown);

/* --- helpers ----------------------------------------------------------------- */

static pte_t pte_at(unsigned long addr)
{
	pte_t *pte = pte_offset_map_mm(t->mm, addr);

	return pte ? ptep_get(pte) : __pte(0);
}

static long map(unsigned long pg, unsigned long n, int prot, int flags, int fd)
{
	return mml_mmap(ut, base + P(pg), P(n), prot, flags | MAP_FIXED, fd, 0);
}

/* A /proc/self file of the task, as it reads it. */
static char *task_file(const char *path)
{
	long n = mml_read_file(ut, path, NULL, 0);
	char *buf;

	cr_assert_geq(n, 0, "read %s: %ld", path, n);
	buf = malloc((size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(mml_read_file(ut, path, buf, (size_t)n + 1), n);
	return buf;
}

/* The "VmFlags:" line of the smaps entry starting at @addr. */
static char *vmflags_of(unsigned long addr)
{
	char head[32], *smaps = task_file("/proc/self/smaps"), *entry, *line, *eol;

	snprintf(head, sizeof(head), "%lx-", addr);
	entry = strstr(smaps, head);
	cr_assert_not_null(entry, "no smaps entry at %#lx", addr);
	line = strstr(entry, "VmFlags:");
	cr_assert_not_null(line);
	eol = strchr(line, '\n');
	*eol = '\0';
	line = strdup(line);
	free(smaps);
	return line;
}

static long meminfo_kb(const char *field)
{
	char *text = test_read_file(m, "/proc/meminfo"), *p = strstr(text, field);
	long kb;

	cr_assert_not_null(p, "%s", field);
	kb = strtol(p + strlen(field), NULL, 10);
	free(text);
	return kb;
}

/* --- tests ------------------------------------------------------------------ */

/*
 * ->mmap() chose uncached PTEs: every PTE the fault path installs has PCD
 * (UC-), on the first read and after the first write alike.  The first
 * read of each page calls ->fault() once; the page is the driver's own.
 */
Test(ops, mmap_keeps_pgprot_noncached)
{
	int fd = testdrv_install();
	pgprot_t prot;
	char buf[8];
	pte_t pte;

	cr_assert_eq(map(2, 4, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(drv.mmap, 1);
	prot = vma_lookup(t->mm, base + P(2))->vm_page_prot;
	cr_assert_eq(pgprot_val(prot) & _PAGE_CACHE_MASK, _PAGE_CACHE_UC_MINUS);
	cr_assert_not(pte_present(pte_at(base + P(3))));

	cr_assert_eq(mml_load(ut, base + P(3) + 10, buf, sizeof(buf)), 0);
	cr_assert_eq(buf[0], 'b');
	cr_assert_eq(drv.fault, 1);
	pte = pte_at(base + P(3));
	cr_assert(pte_present(pte));
	cr_assert_eq(pte_pfn(pte), page_to_pfn(drv.pages[1]));
	cr_assert(pte_val(pte) & _PAGE_PCD, "PTE %#llx", (unsigned long long)pte_val(pte));
	cr_assert_not(pte_val(pte) & _PAGE_PWT);

	/* No ->map_pages: no fault-around, the neighbours stay unmapped. */
	cr_assert_not(pte_present(pte_at(base + P(2))));
	cr_assert_not(pte_present(pte_at(base + P(4))));

	cr_assert_eq(mml_load(ut, base + P(3), buf, 1), 0);
	cr_assert_eq(drv.fault, 1, "a mapped page does not fault again");
	cr_assert_eq(mml_store(ut, base + P(3), "X", 1), 0);
	pte = pte_at(base + P(3));
	cr_assert(pte_val(pte) & _PAGE_PCD);
	cr_assert(pte_write(pte) && pte_dirty(pte));
	cr_assert_eq(((char *)page_host(drv.pages[1]))[0], 'X');

	/* mprotect recomputes the protection from the flags: PCD stays. */
	cr_assert_eq(mml_mprotect(ut, base + P(2), P(4), RO), 0);
	pte = pte_at(base + P(3));
	cr_assert(pte_present(pte) && !pte_write(pte));
	cr_assert(pte_val(pte) & _PAGE_PCD, "PTE %#llx", (unsigned long long)pte_val(pte));
	prot = vma_lookup(t->mm, base + P(2))->vm_page_prot;
	cr_assert_eq(pgprot_val(prot) & _PAGE_CACHE_MASK, _PAGE_CACHE_UC_MINUS);
	test_check_mm(m, t);
}

/*
 * With ->page_mkwrite() the shared VMA is write-notified: a read maps the
 * page read-only, the first store to it calls ->page_mkwrite() (and not
 * ->fault()) and then maps it writable; a first access that is a store
 * calls ->fault() then ->page_mkwrite().  Later stores call neither.
 */
Test(ops, page_mkwrite_on_first_write_to_shared_page)
{
	int fd = testdrv_install();
	char c;

	cr_assert_eq(map(2, 4, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2), &c, 1), 0);
	cr_assert_eq(drv.fault, 1);
	cr_assert_not(pte_write(pte_at(base + P(2))), "write-notified: read-only");
	cr_assert_eq(drv.mkwrite, 0);

	cr_assert_eq(mml_store(ut, base + P(2) + 1, "Y", 1), 0);
	cr_assert_eq(drv.mkwrite, 1);
	cr_assert_eq(drv.last_mkwrite, 0);
	cr_assert_eq(drv.fault, 1);
	cr_assert(pte_write(pte_at(base + P(2))));

	cr_assert_eq(mml_store(ut, base + P(4), "Z", 1), 0);
	cr_assert_eq(drv.fault, 2);
	cr_assert_eq(drv.mkwrite, 2);
	cr_assert_eq(drv.last_mkwrite, 2);
	cr_assert(pte_write(pte_at(base + P(4))) && pte_dirty(pte_at(base + P(4))));

	cr_assert_eq(mml_store(ut, base + P(2) + 2, "W", 1), 0);
	cr_assert_eq(mml_store(ut, base + P(4) + 2, "W", 1), 0);
	cr_assert_eq(drv.mkwrite, 2);
	cr_assert_eq(drv.fault, 2);
	cr_assert_eq(memcmp(page_host(drv.pages[0]), "aYW", 3), 0);
	test_check_mm(m, t);
}

/* A private mapping copies on write: no ->page_mkwrite(), the driver's page intact. */
Test(ops, private_mapping_copies_without_page_mkwrite)
{
	int fd = testdrv_install();
	char c;

	cr_assert_eq(map(2, 2, RW, MAP_PRIVATE, fd), (long)(base + P(2)));
	cr_assert_eq(mml_store(ut, base + P(2), "Q", 1), 0);
	cr_assert_eq(drv.fault, 1);
	cr_assert_eq(drv.mkwrite, 0);
	cr_assert_neq(pte_pfn(pte_at(base + P(2))), page_to_pfn(drv.pages[0]));
	cr_assert_eq(((char *)page_host(drv.pages[0]))[0], 'a');
	cr_assert_eq(mml_load(ut, base + P(2), &c, 1), 0);
	cr_assert_eq(c, 'Q');
	test_check_mm(m, t);
}

/*
 * The flags ->mmap() set show in smaps with Linux's mnemonics (bit order:
 * rd wr sh mr mw me ms io de dd); VM_DONTEXPAND makes mremap refuse to
 * grow the VMA (EFAULT), VM_DONTDUMP is what "dd" names.
 */
Test(ops, vm_flags_set_by_mmap_show_and_act)
{
	int fd = testdrv_install();
	char *flags;

	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), (long)(base + P(2)));
	flags = vmflags_of(base + P(2));
	cr_assert_str_eq(flags, "VmFlags: rd wr sh mr mw me ms io de dd ");
	free(flags);
	cr_assert_eq(mml_mremap(ut, base + P(2), P(2), P(3), 0, 0), -EFAULT);
	cr_assert_eq(mml_mremap(ut, base + P(2), P(2), P(1), 0, 0),
		     (long)(base + P(2)), "shrinking is allowed");
	test_check_mm(m, t);
}

/*
 * MAP_LOCKED asks for VM_LOCKED, but ->mmap() made the VMA VM_IO: Linux
 * clears VM_LOCKED for VM_SPECIAL VMAs and does not count them in
 * locked_vm, judging by the flags after ->mmap().
 */
Test(ops, locked_vm_uses_flags_after_mmap)
{
	int fd = testdrv_install();
	char *flags, *status, *vmlck;

	cr_assert_eq(map(2, 2, RW, MAP_SHARED | MAP_LOCKED, fd), (long)(base + P(2)));
	flags = vmflags_of(base + P(2));
	cr_assert_null(strstr(flags, " lo "), "%s", flags);
	free(flags);
	status = task_file("/proc/self/status");
	vmlck = strstr(status, "VmLck:");
	cr_assert_not_null(vmlck);
	cr_assert_eq(strtol(vmlck + 6, NULL, 10), 0, "%.30s", vmlck);
	free(status);
	cr_assert_eq(drv.fault, 0, "no population of a VM_IO mapping");
	test_check_mm(m, t);
}

/*
 * A failing ->mmap(): its error comes back, no VMA is left (the mapping
 * MAP_FIXED replaced is gone too: Linux tears a file mapping's old range
 * down before ->mmap() and leaves the gap), the commit charged for a
 * private writable mapping is given back, the file keeps only the
 * descriptor's reference.
 */
Test(ops, failing_mmap_is_unwound)
{
	int fd = testdrv_install();
	struct file *f = fget(fd);
	long committed;

	test_map_fixed(m, t, base, 2, 4, RW, ANON);
	committed = meminfo_kb("Committed_AS:");
	drv.mmap_error = -ENXIO;
	cr_assert_eq(map(2, 32, RW, MAP_PRIVATE, fd), -ENXIO);
	cr_assert_eq(drv.mmap, 1);
	cr_assert_null(find_vma_intersection(t->mm, base, base + P(64)));
	cr_assert_eq(meminfo_kb("Committed_AS:"), committed - 16,
		     "the 4 replaced pages are uncharged, the 32 new ones never");
	cr_assert_eq(f->f_count, 1);
	cr_assert_eq(drv.vm_close, 0, "->close() is not called for a VMA never set up");
	test_check_mm(m, t);
}

/*
 * ->open() ran at open and ->release() at the last close, after the
 * mapping (which holds its own reference) is gone; vm_ops->open() runs
 * for the child's copy at fork and ->close() for every VMA unmapped.
 */
Test(ops, open_release_and_vma_open_close)
{
	int fd = testdrv_install();
	struct mml_task *child;
	long pid;

	cr_assert_eq(drv.open, 1);
	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_close(ut, fd), 0);
	cr_assert_eq(drv.release, 0, "the VMA still holds the file");
	pid = mml_fork(ut);
	cr_assert_gt(pid, 0);
	cr_assert_eq(drv.vm_open, 1);
	child = mml_task_get(m, (int)pid);
	cr_assert_not_null(child);
	mml_exit(child, 0);
	cr_assert_eq(drv.vm_close, 1);
	cr_assert_eq(mml_munmap(ut, base + P(2), P(2)), 0);
	cr_assert_eq(drv.vm_close, 2);
	cr_assert_eq(drv.release, 1);
	test_check_mm(m, t);
}

/* Past the driver's pages its ->fault() says SIGBUS; the task gets BUS_ADRERR. */
Test(ops, fault_sigbus_past_the_device)
{
	int fd = testdrv_install();
	unsigned long addr;
	int signo, code;
	char c;

	cr_assert_eq(map(2, DRV_PAGES + 1, RO, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(2 + DRV_PAGES) + 8, &c, 1), TEST_SIGBUS);
	mml_siginfo(ut, &signo, &code, &addr);
	cr_assert_eq(signo, TEST_SIGBUS);
	cr_assert_eq(code, TEST_BUS_ADRERR);
	cr_assert_eq(addr, base + P(2 + DRV_PAGES) + 8);
	cr_assert_eq(drv.fault, 0);
	test_check_mm(m, t);
}

/*
 * access_process_vm() (ptrace, /proc/PID/mem) cannot take the pages of a
 * VM_IO mapping: the VMA's ->access() moves the bytes, one call per page,
 * and no fault happens.  Ordinary memory goes through get_user_pages().
 */
Test(ops, access_process_vm_uses_vm_ops_access)
{
	int fd = testdrv_install();
	char buf[8] = "";

	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(access_process_vm(t, base + P(3) - 3, buf, 6, 0), 6);
	cr_assert_eq(memcmp(buf, "aaabbb", 6), 0);
	cr_assert_eq(drv.access, 2);
	cr_assert_eq(access_process_vm(t, base + P(3) + 1, "ZZ", 2, FOLL_WRITE), 2);
	cr_assert_eq(memcmp(page_host(drv.pages[1]), "bZZb", 4), 0);
	cr_assert_eq(drv.access, 3);
	cr_assert_eq(drv.fault, 0);
	cr_assert_eq(access_process_vm(t, base + P(4), buf, 1, 0), 0,
		     "nothing mapped there");

	test_map_fixed(m, t, base, 6, 1, RW, ANON);
	cr_assert_eq(access_process_vm(t, base + P(6) + 7, "hi", 2, FOLL_WRITE), 2);
	cr_assert_eq(mml_load(ut, base + P(6) + 7, buf, 2), 0);
	cr_assert_eq(memcmp(buf, "hi", 2), 0);
	cr_assert_eq(drv.access, 3);
	test_check_mm(m, t);
}

/*
 * A regular host file's ->llseek() against the host's own lseek(2) on the
 * same file; /dev/zero's always says 0; ->unlocked_ioctl() missing is
 * ENOTTY; a descriptor opened O_PATH has no operations.
 */
Test(ops, llseek_and_ioctl_through_file_operations)
{
	static const struct { long long off; int whence; } seeks[] = {
		{ 100, SEEK_SET }, { 50, SEEK_CUR }, { -10, SEEK_END },
		{ 5000, SEEK_END }, { -1, SEEK_SET }, { -200, SEEK_CUR },
		{ 10, SEEK_DATA }, { 10, SEEK_HOLE }, { 3000, SEEK_DATA },
		{ 4000, SEEK_HOLE }, { 0, 5 }, { 0, SEEK_CUR },
	};
	char path[] = "/tmp/mmlab-test-ops-XXXXXX", junk[3000] = "";
	int hfd = mkstemp(path), fd, zfd, pfd;
	struct file *f;
	unsigned int i;

	cr_assert_geq(hfd, 0);
	cr_assert_eq(write(hfd, junk, sizeof(junk)), (long)sizeof(junk));
	fd = (int)do_sys_open(path, O_RDWR, 0);
	cr_assert_geq(fd, 0, "open: %d", fd);
	f = fget(fd);
	for (i = 0; i < ARRAY_SIZE(seeks); i++) {
		off_t want = lseek(hfd, seeks[i].off, seeks[i].whence);
		long long got = vfs_llseek(f, seeks[i].off, seeks[i].whence);

		cr_assert_eq(got, want < 0 ? -errno : (long long)want,
			     "seek %u: %lld, host %lld", i, got, (long long)want);
	}
	cr_assert_eq(vfs_ioctl(f, 0x5401, 0), -ENOTTY);	/* TCGETS */

	zfd = (int)do_sys_open("/dev/zero", O_RDONLY, 0);
	cr_assert_geq(zfd, 0);
	cr_assert_eq(vfs_llseek(fget(zfd), 4096, SEEK_SET), 0);

	pfd = (int)do_sys_open(path, O_PATH, 0);
	cr_assert_geq(pfd, 0);
	cr_assert_null(fget(pfd));
	cr_assert_null(fget_raw(pfd)->f_op->mmap);

	close(hfd);
	unlink(path);
	test_check_mm(m, t);
}

/* --- a test file system's address_space_operations ------------------------ */

static int tfs_reads, tfs_writebacks;
static long long tfs_wb_start, tfs_wb_end;

/* ->read_folio(): page N reads as N+'0' bytes; page 3 is unreadable. */
static int tfs_read_folio(struct file *file, struct page *folio)
{
	tfs_reads++;
	if (folio->index == 3)
		return -EIO;
	memset(page_host(folio), '0' + (int)folio->index, PAGE_SIZE);
	return 0;
}

static int tfs_writepages(struct address_space *mapping,
			  struct writeback_control *wbc)
{
	tfs_writebacks++;
	tfs_wb_start = wbc->range_start;
	tfs_wb_end = wbc->range_end;
	return 0;
}

static const struct address_space_operations tfs_aops = {
	.read_folio = tfs_read_folio,
	.writepages = tfs_writepages,
	.dirty_folio = filemap_dirty_folio,
};

static int tfs_fsync(struct file *file, long long start, long long end,
		     int datasync)
{
	return filemap_write_and_wait_range(file->f_mapping, start, end);
}

static const struct file_operations tfs_fops = {
	.read_iter = generic_file_read_iter,
	.write_iter = generic_file_write_iter,
	.mmap = generic_file_mmap,
	.fsync = tfs_fsync,
};

/*
 * The page cache reaches its store only through a_ops: a miss calls
 * ->read_folio() once per page (later reads hit the cache), a failing one
 * leaves nothing cached, a write dirties through ->dirty_folio() (counted,
 * since the mapping writes back), fsync calls ->writepages() with the
 * range, and a shared writable mapping of it is write-notified.
 */
Test(ops, page_cache_goes_through_address_space_operations)
{
	struct inode *inode = new_inode(6, 77);
	struct address_space *mapping;
	char buf[PAGE_SIZE + 2];
	struct file *f;
	int fd;

	cr_assert_not_null(inode);
	inode->i_mode = 0100644;	/* S_IFREG */
	inode->i_size = P(4);
	inode->i_fop = &tfs_fops;
	inode->i_data.a_ops = &tfs_aops;
	mapping = &inode->i_data;
	f = alloc_file(inode, O_RDWR, "/tfs/file", inode->i_fop);
	cr_assert_not_null(f);
	f->f_mode |= FMODE_PREAD | FMODE_PWRITE;
	fd = get_unused_fd_flags(0);
	fd_install(fd, f);

	cr_assert_eq(kernel_pread_fd(fd, buf, sizeof(buf), P(1) - 1), (long)sizeof(buf));
	cr_assert_eq(buf[0], '0');
	cr_assert_eq(buf[1], '1');
	cr_assert_eq(buf[PAGE_SIZE + 1], '2');
	cr_assert_eq(tfs_reads, 3);
	cr_assert_eq(kernel_pread_fd(fd, buf, 2, P(1)), 2);
	cr_assert_eq(tfs_reads, 3, "cached pages are not read again");
	cr_assert_eq(mapping->nrpages, 3);

	cr_assert_eq(kernel_pread_fd(fd, buf, 1, P(3)), -EIO);
	cr_assert_eq(tfs_reads, 4);
	cr_assert_eq(mapping->nrpages, 3, "the failed page left the cache");
	test_audit(m);

	cr_assert_eq(kernel_pwrite_fd(fd, "w", 1, P(1) + 5), 1);
	cr_assert_eq(mapping->nr_dirty, 1);
	cr_assert(mapping_can_writeback(mapping));
	cr_assert_eq(vfs_fsync(f), 0);
	cr_assert_eq(tfs_writebacks, 1);
	cr_assert_eq(tfs_wb_start, 0);
	cr_assert_eq(tfs_wb_end, LLONG_MAX);

	cr_assert_eq(map(2, 2, RW, MAP_SHARED, fd), (long)(base + P(2)));
	cr_assert_eq(mml_load(ut, base + P(3) + 5, buf, 1), 0);
	cr_assert_eq(buf[0], 'w');
	cr_assert_not(pte_write(pte_at(base + P(3))), "write-notified");
	cr_assert_eq(mml_store(ut, base + P(2), "s", 1), 0);
	cr_assert(pte_write(pte_at(base + P(2))));
	cr_assert_eq(mapping->nr_dirty, 2);
	test_check_mm(m, t);
}

static const char *special_name(struct vm_area_struct *vma)
{
	return "[testmap]";
}

static const struct vm_operations_struct special_vm_ops = {
	.name = special_name,
};

/*
 * A VMA without a file is named by its vm_ops->name() (as [vdso] and
 * [vvar] are), before [heap], [stack] and [anon:...].
 */
Test(ops, vm_ops_name_names_a_special_mapping)
{
	struct vm_area_struct *vma;
	char *maps, *line;

	test_map_fixed(m, t, base, 6, 1, RO, ANON);
	vma = vma_lookup(t->mm, base + P(6));
	vma->vm_ops = &special_vm_ops;	/* _install_special_mapping()'s job */
	maps = task_file("/proc/self/maps");
	vma->vm_ops = NULL;
	line = strstr(maps, "[testmap]");
	cr_assert_not_null(line, "%s", maps);
	while (line > maps && line[-1] != '\n')
		line--;
	cr_assert_eq(strtoul(line, NULL, 16), base + P(6));
	free(maps);
	test_check_mm(m, t);
}
