// SPDX-License-Identifier: MIT
/*
 * /dev/mem (drivers/char/mem.c) and the rules behind it, one test per
 * Linux function: open_mem() (CAP_SYS_RAWIO), devmem_is_allowed() and
 * range_is_allowed() (arch/x86/mm/init.c, STRICT_DEVMEM),
 * iomem_is_exclusive() (kernel/resource.c, IO_STRICT_DEVMEM, iomem=),
 * valid_phys_addr_range() and valid_mmap_phys_addr_range()
 * (arch/x86/mm/mmap.c), read_mem(), write_mem(), memory_lseek(),
 * mmap_mem(), phys_mem_access_prot_allowed() and the PAT cache mode
 * (arch/x86/mm/pat.c), generic_access_phys(),
 * e820__reserve_resources_late()'s "RAM
 * buffer".  Through the public API (host buffers) and through
 * mml_syscall() with buffers and paths in the task's own memory; the
 * machine is audited after every step.  The host kernel has no /dev/mem
 * (CONFIG_DEVMEM off), so there is no differential case.
 */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/machine.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/gup.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <mmlab/mmlab.h>
#include "mm/internal.h"
#include "helpers.h"

#define NR_read		0
#define NR_write	1
#define NR_open		2
#define NR_lseek	8
#define NR_mmap		9
#define NR_pread64	17
#define NR_pwrite64	18
#define NR_munmap	11

#define VGA_TEXT	0xb8000UL
#define REGBLOCK	0xfebf0000UL
#define SHARED		0x01
#define PRIVATE		0x02

static struct mml_machine *m;
static struct mml_task *ut;

static void boot(u64 ram, const char *cmdline)
{
	m = test_machine_ram(ram, cmdline);
	ut = mml_task_new(m, "devmem");
	cr_assert_not_null(ut);
	test_use_task((struct task_struct *)ut);
	test_audit(m);
}

static void finish(void)
{
	test_audit(m);
	mml_machine_free(m);
	m = NULL;
}

static struct task_struct *task(void)
{
	return (struct task_struct *)ut;
}

static long open_mem(int flags)
{
	long fd = mml_open(ut, "/dev/mem", flags, 0);

	cr_assert_geq(fd, 3, "open /dev/mem: %ld", fd);
	test_audit(m);
	return fd;
}

static unsigned long map_mem(long fd, unsigned long phys, unsigned long len,
			     int prot, int flags)
{
	long va = mml_mmap(ut, 0, len, prot, flags, (int)fd, phys);

	cr_assert(va > 0, "mmap /dev/mem at %#lx: %ld", phys, va);
	test_audit(m);
	return (unsigned long)va;
}

static u64 phys_read(u64 pa, unsigned int w)
{
	uint64_t v;

	cr_assert_eq(mml_read(m, MML_SPACE_PHYS, pa, w, &v), 0);
	return v;
}

static pte_t user_pte(unsigned long va)
{
	pte_t *pte = pte_offset_map_mm(task()->mm, va);

	cr_assert_not_null(pte, "no PTE for %#lx", va);
	return ptep_get(pte);
}

/* open_mem(): raw access to memory needs CAP_SYS_RAWIO. */
Test(devmem, open_mem_needs_cap_sys_rawio)
{
	boot(64ULL << 20, NULL);
	mml_task_set_caps(ut, 1, 0);
	cr_assert_eq(mml_open(ut, "/dev/mem", O_RDONLY, 0), -EPERM);
	test_audit(m);
	mml_task_set_caps(ut, 1, 1);
	cr_assert_eq(open_mem(O_RDWR), 3);
	cr_assert_eq(mml_open(ut, "/dev/mem/", O_RDONLY, 0), -ENOENT,
		     "a trailing slash names no device (the host's lookup)");
	cr_assert_eq(mml_open(ut, "/dev/mem", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
	finish();
}

/* devmem_is_allowed(): the x86 answer for each kind of page frame. */
Test(devmem, devmem_is_allowed_by_page_kind)
{
	boot(64ULL << 20, NULL);
	cr_assert_eq(devmem_is_allowed(0x0), 1, "page 0: Reserved, not RAM");
	cr_assert_eq(devmem_is_allowed(0x1), 2, "System RAM below 1 MiB: zeros");
	cr_assert_eq(devmem_is_allowed(0x9f), 2, "half RAM, half EBDA: zeros");
	cr_assert_eq(devmem_is_allowed(0xa0), 1, "the VGA window");
	cr_assert_eq(devmem_is_allowed(0xf0), 1, "the BIOS ROM");
	cr_assert_eq(devmem_is_allowed(0x100), 0, "System RAM above 1 MiB");
	cr_assert_eq(devmem_is_allowed(0x3eff), 0, "the last RAM page");
	cr_assert_eq(devmem_is_allowed(0x3fe0), 1, "firmware's Reserved tail");
	cr_assert_eq(devmem_is_allowed(REGBLOCK >> 12), 1, "an unclaimed BAR");
	cr_assert_eq(devmem_is_allowed(0x80000), 1, "nothing decodes it");
	finish();
}

/* iomem_is_exclusive(): a range a driver claims becomes off limits. */
Test(devmem, iomem_is_exclusive_busy_and_exclusive)
{
	struct resource *r;

	boot(64ULL << 20, NULL);
	cr_assert_not(iomem_is_exclusive(REGBLOCK));
	r = request_mem_region(REGBLOCK, 0x1000, "regdrv");
	cr_assert_not_null(r);
	cr_assert_eq(r->parent->start, REGBLOCK, "inside the BAR");
	cr_assert(iomem_is_exclusive(REGBLOCK + 0x10), "busy: IO_STRICT_DEVMEM");
	cr_assert_eq(devmem_is_allowed(REGBLOCK >> 12), 0);
	cr_assert(iomem_is_exclusive(0xb8000), "Video RAM area is busy...");
	cr_assert_eq(devmem_is_allowed(0xb8), 1, "...but the first MiB passes");
	release_mem_region(REGBLOCK, 0x1000);
	cr_assert_not(iomem_is_exclusive(REGBLOCK));
	/* do_mark_busy(): System RAM and the first MiB are the kernel's. */
	cr_assert(iomem_is_exclusive(0x100000), "System RAM is busy");
	cr_assert(iomem_is_exclusive(0x0), "the first MiB's Reserved is busy");
	cr_assert_not(iomem_is_exclusive(0x3fe0000), "Reserved above 1 MiB is not");
	cr_assert_null(request_mem_region(0x200000, 0x1000, "in RAM"),
		       "nobody claims System RAM");
	finish();
}

/* iomem=relaxed: busy ranges are open again, exclusive System RAM is not. */
Test(devmem, iomem_relaxed_leaves_only_exclusive_ram)
{
	struct resource ram = { .name = "System RAM (virtio_mem)",
		.start = 0x80000000, .end = 0x80ffffff,
		.flags = IORESOURCE_MEM | IORESOURCE_SYSTEM_RAM |
			 IORESOURCE_BUSY | IORESOURCE_EXCLUSIVE };

	boot(64ULL << 20, "iomem=relaxed");
	cr_assert_not_null(request_mem_region_exclusive(REGBLOCK, 0x1000, "regdrv"));
	cr_assert_not(iomem_is_exclusive(REGBLOCK), "relaxed skips busy ranges");
	cr_assert_eq(devmem_is_allowed(REGBLOCK >> 12), 1);
	cr_assert_eq(request_resource(&m->iomem_resource, &ram), 0);
	cr_assert(iomem_is_exclusive(0x80001000), "exclusive System RAM stays");
	cr_assert_eq(release_resource(&ram), 0);
	release_mem_region(REGBLOCK, 0x1000);
	m->strict_iomem_checks = true;		/* iomem=strict */
	cr_assert_not_null(request_mem_region(REGBLOCK, 0x1000, "regdrv"));
	cr_assert(iomem_is_exclusive(REGBLOCK));
	release_mem_region(REGBLOCK, 0x1000);
	finish();
}

/* range_is_allowed(): one refused page refuses the whole mmap (EPERM). */
Test(devmem, range_is_allowed_refuses_mmap_over_ram)
{
	long fd;

	boot(64ULL << 20, NULL);
	fd = open_mem(O_RDWR);
	cr_assert_eq(mml_mmap(ut, 0, P(1), RW, SHARED, (int)fd, 0x100000), -EPERM);
	cr_assert_eq(mml_mmap(ut, 0, P(0x61), RW, SHARED, (int)fd, 0xa0000), -EPERM,
		     "0xa0000 + 0x61 pages reaches RAM at 1 MiB");
	test_audit(m);
	map_mem(fd, 0xa0000, P(0x60), RW, SHARED);
	cr_assert_eq(mml_mmap(ut, 0, P(1), RW, SHARED, (int)fd, 0x100), -EINVAL,
		     "an offset that is not page-aligned");
	finish();
}

/* valid_phys_addr_range(): read() and write() stop at high_memory. */
Test(devmem, valid_phys_addr_range_is_the_direct_map)
{
	phys_addr_t top;
	char buf[16];
	long fd;

	boot(64ULL << 20, NULL);
	top = __pa(m->high_memory);
	cr_assert(valid_phys_addr_range(top - 16, 16));
	cr_assert_not(valid_phys_addr_range(top - 15, 16));
	cr_assert_not(valid_phys_addr_range(0, 0), "0 + 0 - 1 wraps");
	cr_assert_not(valid_phys_addr_range(~0ULL - 1, 4), "wraps");
	fd = open_mem(O_RDWR);
	cr_assert_eq(mml_pread(ut, (int)fd, buf, 16, (long)REGBLOCK), -EFAULT,
		     "MMIO above high_memory: mmap only");
	cr_assert_eq(mml_pwrite(ut, (int)fd, buf, 16, (long)top), -EFAULT);
	cr_assert_eq(mml_pread(ut, (int)fd, buf, 16, (long)top - 0x1000), -EPERM,
		     "System RAM below high_memory");
	test_audit(m);
	finish();
}

/* valid_mmap_phys_addr_range(): mmap reaches what the CPU can address. */
Test(devmem, valid_mmap_phys_addr_range_is_the_cpu_width)
{
	unsigned long va;
	uint8_t b[8];
	long fd;

	boot(64ULL << 20, NULL);
	cr_assert(valid_mmap_phys_addr_range((1UL << 40) - 1, PAGE_SIZE));
	cr_assert_not(valid_mmap_phys_addr_range(1UL << 40, PAGE_SIZE));
	fd = open_mem(O_RDWR);
	cr_assert_eq(mml_mmap(ut, 0, P(1), RW, SHARED, (int)fd, 1UL << 52), -EINVAL);
	cr_assert_eq(mml_mmap(ut, 0, P(2), RW, SHARED, (int)fd, (1UL << 52) - P(1)),
		     -EINVAL);
	va = map_mem(fd, (1UL << 52) - P(1), P(1), RW, SHARED);
	cr_assert_eq(mml_load(ut, va, b, 8), 0);
	cr_assert_eq(b[0] & b[7], 0xff, "nothing decodes it: all ones");
	finish();
}

/* read_mem(): RAM in the first megabyte reads as zeros, devices as they are. */
Test(devmem, read_mem_zeros_low_ram)
{
	uint8_t buf[8];
	long fd;

	boot(64ULL << 20, NULL);
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, 0x1000, 8, 0x1122334455667788ULL), 0);
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, VGA_TEXT, 4, 0x0769074eU), 0);
	fd = open_mem(O_RDONLY);
	cr_assert_eq(mml_pread(ut, (int)fd, buf, 8, 0x1000), 8);
	cr_assert_eq(buf[0] | buf[7], 0, "System RAM reads as zeros");
	cr_assert_eq(mml_pread(ut, (int)fd, buf, 4, (long)VGA_TEXT), 4);
	cr_assert_eq(memcmp(buf, "\x4e\x07\x69\x07", 4), 0, "the VGA text");
	cr_assert_eq(mml_pread(ut, (int)fd, buf, 8, 0x9f000), 8);
	cr_assert_eq(buf[0] | buf[7], 0, "a page that is partly RAM: zeros");
	test_audit(m);
	finish();
}

/* write_mem(): dropped on zero-shown pages, refused on RAM above 1 MiB. */
Test(devmem, write_mem_drops_and_refuses)
{
	long fd;

	boot(64ULL << 20, NULL);
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, 0x2000, 4, 0xabcdef01U), 0);
	fd = open_mem(O_RDWR);
	cr_assert_eq(mml_pwrite(ut, (int)fd, "XXXX", 4, 0x2000), 4,
		     "a restricted page takes the bytes");
	cr_assert_eq(phys_read(0x2000, 4), 0xabcdef01U, "and drops them");
	cr_assert_eq(mml_pwrite(ut, (int)fd, "AB", 2, (long)VGA_TEXT), 2);
	cr_assert_eq(phys_read(VGA_TEXT, 2), 0x4241);
	cr_assert_eq(mml_pwrite(ut, (int)fd, "AB", 2, 0x100000), -EPERM);
	test_audit(m);
	finish();
}

/* devmem_read_range(): a refused page fails the whole read, as read_mem(). */
Test(devmem, read_mem_refused_page_fails_whole_read)
{
	char *buf = malloc(P(2));

	boot(64ULL << 20, NULL);
	cr_assert_not_null(buf);
	cr_assert_eq(devmem_read_range(0xff000, buf, P(2)), -EPERM,
		     "the ROM's last page, then RAM at 1 MiB");
	cr_assert_eq(devmem_read_range(0xfe000, buf, P(2)), (long)P(2));
	cr_assert_eq(devmem_write_range(0xff000, buf, P(2)), -EPERM);
	free(buf);
	finish();
}

/* memory_lseek(): any position but the last 4095; no SEEK_END. */
Test(devmem, memory_lseek_unsigned_positions)
{
	struct file *f;
	long fd;

	boot(64ULL << 20, NULL);
	fd = open_mem(O_RDONLY);
	f = fget((int)fd);
	cr_assert_not_null(f);
	cr_assert(f->f_mode & FMODE_UNSIGNED_OFFSET);
	cr_assert_eq(vfs_llseek(f, (long long)VGA_TEXT, SEEK_SET), (long long)VGA_TEXT);
	cr_assert_eq(vfs_llseek(f, 0x10, SEEK_CUR), (long long)VGA_TEXT + 0x10);
	cr_assert_eq(vfs_llseek(f, 0, SEEK_END), -EINVAL);
	cr_assert_eq(vfs_llseek(f, -1, SEEK_SET), -EOVERFLOW);
	cr_assert_eq(vfs_llseek(f, -4095, SEEK_SET), -EOVERFLOW);
	cr_assert_eq(vfs_llseek(f, -4096, SEEK_SET), -4096, "a u64 position");
	cr_assert_eq(f->f_pos, -4096);
	test_audit(m);
	finish();
}

/* mmap_mem(): a shared map of a device is raw special PFN PTEs. */
Test(devmem, mmap_mem_shared_is_vm_pfnmap)
{
	struct vm_area_struct *vma;
	unsigned long va;
	uint32_t id;
	pte_t pte;
	long fd;

	boot(64ULL << 20, NULL);
	fd = open_mem(O_RDWR);
	va = map_mem(fd, REGBLOCK, P(1), RW, SHARED);
	vma = vma_lookup(task()->mm, va);
	cr_assert_not_null(vma);
	cr_assert_eq(vma->vm_flags & (VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP),
		     VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	cr_assert_eq(vma->vm_pgoff, REGBLOCK >> PAGE_SHIFT);
	pte = user_pte(va);
	cr_assert(pte_special(pte));
	cr_assert_eq(pte_pfn(pte), REGBLOCK >> PAGE_SHIFT, "mapped at mmap time");
	cr_assert_eq(mml_load(ut, va, &id, 4), 0);
	cr_assert_eq(id, 0x4d4d4c42U, "the register block's ID register");
	id = 0x1234;
	cr_assert_eq(mml_store(ut, va + 8, &id, 4), 0);
	cr_assert_eq(phys_read(REGBLOCK + 8, 4), 0x1234, "the scratch register");
	cr_assert_eq(mml_mremap(ut, va, P(1), P(2), 0, 0), -EFAULT,
		     "VM_DONTEXPAND: no growing");
	cr_assert_eq(mml_madvise(ut, va, P(1), MADV_DONTNEED), -EINVAL,
		     "VM_PFNMAP: nothing to drop");
	cr_assert_eq(mml_munmap(ut, va, P(1)), 0);
	test_audit(m);
	finish();
}

/* mmap_mem() allows private maps: a write copies the frame (COW). */
Test(devmem, mmap_mem_private_write_copies)
{
	unsigned long va;
	uint8_t b[2];
	long fd, pid;
	pte_t pte;

	boot(64ULL << 20, NULL);
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, VGA_TEXT, 2, 0x0741), 0);
	fd = open_mem(O_RDWR);
	va = map_mem(fd, VGA_TEXT, P(1), RW, PRIVATE);
	cr_assert_eq(vma_lookup(task()->mm, va)->vm_pgoff, VGA_TEXT >> PAGE_SHIFT);
	cr_assert_eq(mml_store(ut, va, "B", 1), 0);
	test_audit(m);
	pte = user_pte(va);
	cr_assert_not(pte_special(pte), "an anonymous copy");
	cr_assert_neq(pte_pfn(pte), VGA_TEXT >> PAGE_SHIFT);
	cr_assert_eq(mml_load(ut, va, b, 2), 0);
	cr_assert_eq(b[0], 'B');
	cr_assert_eq(b[1], 0x07, "the rest of the frame was copied");
	cr_assert_eq(phys_read(VGA_TEXT, 2), 0x0741, "the device is untouched");
	pid = mml_fork(ut);
	cr_assert_gt(pid, 0);
	test_audit(m);
	mml_exit(mml_task_get(m, (int)pid), 0);
	cr_assert_eq(mml_munmap(ut, va, P(1)), 0);
	finish();
}

/* generic_access_phys(): ptrace's way into a PFN map, where GUP cannot go. */
Test(devmem, generic_access_phys_reads_and_writes)
{
	unsigned long va;
	char buf[4];
	long fd;

	boot(64ULL << 20, NULL);
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, VGA_TEXT + 0xffe, 2, 0x4241), 0);
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, VGA_TEXT + 0x1000, 2, 0x4443), 0);
	fd = open_mem(O_RDWR);
	va = map_mem(fd, VGA_TEXT, P(2), RW, SHARED);
	cr_assert_eq(access_process_vm(task(), va + 0xffe, buf, 4, 0), 4,
		     "across a page boundary, one page at a time");
	cr_assert_eq(memcmp(buf, "ABCD", 4), 0);
	cr_assert_eq(access_process_vm(task(), va + 0x10, "xy", 2, FOLL_WRITE), 2);
	cr_assert_eq(phys_read(VGA_TEXT + 0x10, 2), 0x7978);
	cr_assert_eq(mml_mprotect(ut, va, P(2), RO), 0);
	cr_assert_eq(access_process_vm(task(), va, "z", 1, FOLL_WRITE), 0,
		     "a read-only PTE refuses a write");
	test_audit(m);
	finish();
}

/* A shared map survives fork: the child's PTE names the same frame. */
Test(devmem, mmap_mem_fork_copies_pfn_ptes)
{
	struct mml_task *child;
	unsigned long va;
	long fd, pid;
	uint8_t c = 'Z';

	boot(64ULL << 20, NULL);
	fd = open_mem(O_RDWR);
	va = map_mem(fd, VGA_TEXT, P(1), RW, SHARED);
	pid = mml_fork(ut);
	cr_assert_gt(pid, 0);
	child = mml_task_get(m, (int)pid);
	cr_assert_eq(mml_store(child, va, &c, 1), 0);
	cr_assert_eq(phys_read(VGA_TEXT, 1), 'Z');
	test_audit(m);
	mml_exit(child, 0);
	finish();
}

/*
 * phys_mem_access_prot_allowed() and the PAT: O_SYNC asks UC-; the ISA
 * window stays write-back; MMIO in the PCI hole is UC- either way.
 */
Test(devmem, phys_mem_access_prot_cache_modes)
{
	long plain, sync;

	boot(64ULL << 20, NULL);
	plain = open_mem(O_RDWR);
	sync = open_mem(O_RDWR | O_SYNC);
	cr_assert_eq(pte_val(user_pte(map_mem(plain, REGBLOCK, P(1), RW, SHARED))) &
		     _PAGE_CACHE_MASK, _PAGE_CACHE_UC_MINUS, "MTRR: uncached hole");
	cr_assert_eq(pte_val(user_pte(map_mem(sync, REGBLOCK, P(1), RW, SHARED))) &
		     _PAGE_CACHE_MASK, _PAGE_CACHE_UC_MINUS);
	cr_assert_eq(pte_val(user_pte(map_mem(sync, VGA_TEXT, P(1), RW, SHARED))) &
		     _PAGE_CACHE_MASK, _PAGE_CACHE_WB, "ISA range: untracked");
	cr_assert_eq(pte_val(user_pte(map_mem(plain, 0x3fe0000, P(1), RW, SHARED))) &
		     _PAGE_CACHE_MASK, _PAGE_CACHE_WB, "below the hole: WB");
	cr_assert_eq(pte_val(user_pte(map_mem(sync, 0x3fe0000, P(1), RW, SHARED))) &
		     _PAGE_CACHE_MASK, _PAGE_CACHE_UC_MINUS);
	finish();
}

/* e820__reserve_resources_late(): mem= leaves a busy "RAM buffer". */
Test(devmem, mem_limit_ram_buffer_refused_unless_relaxed)
{
	char *iomem;
	unsigned long va;
	uint32_t v;
	long fd;

	boot(64ULL << 20, "mem=63M");
	iomem = test_read_file(m, "/proc/iomem");
	cr_assert(strstr(iomem, "03f00000-03fdffff : RAM buffer\n"), "%s", iomem);
	free(iomem);
	cr_assert_eq(devmem_is_allowed(0x3f00), 0);
	fd = open_mem(O_RDWR);
	cr_assert_eq(mml_mmap(ut, 0, P(1), RW, SHARED, (int)fd, 0x3f00000), -EPERM);
	map_mem(fd, 0x3fe0000, P(1), RW, SHARED);	/* Reserved: not busy */
	finish();

	boot(64ULL << 20, "mem=63M iomem=relaxed");
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, 0x3f00000, 4, 0x64636261U), 0);
	fd = open_mem(O_RDWR);
	va = map_mem(fd, 0x3f00000, P(256), RW, SHARED);
	cr_assert_eq(mml_load(ut, va, &v, 4), 0);
	cr_assert_eq(v, 0x64636261U, "the bytes the driver put there");
	cr_assert_eq(pte_val(user_pte(va)) & _PAGE_CACHE_MASK, _PAGE_CACHE_WB,
		     "RAM in the MTRRs: write-back");
	finish();
}

/* The raw system calls, with the path and the buffers in user memory. */
Test(devmem, syscalls_with_user_buffers)
{
	unsigned long ubuf, va;
	long fd, ret;
	uint8_t b[4];

	boot(64ULL << 20, NULL);
	cr_assert_eq(mml_write(m, MML_SPACE_PHYS, VGA_TEXT, 4, 0x07690748U), 0);
	ubuf = (unsigned long)mml_mmap(ut, 0, P(1), RW, ANON, -1, 0);
	cr_assert_lt(ubuf, -4096UL);
	cr_assert_eq(mml_store(ut, ubuf, "/dev/mem", 9), 0);
	fd = mml_syscall(ut, NR_open, (long)ubuf, O_RDWR, 0, 0, 0, 0);
	cr_assert_eq(fd, 3);
	ret = mml_syscall(ut, NR_lseek, fd, (long)VGA_TEXT, SEEK_SET, 0, 0, 0);
	cr_assert_eq(ret, (long)VGA_TEXT);
	ret = mml_syscall(ut, NR_read, fd, (long)ubuf + 64, 4, 0, 0, 0);
	cr_assert_eq(ret, 4);
	cr_assert_eq(mml_load(ut, ubuf + 64, b, 4), 0);
	cr_assert_eq(memcmp(b, "H\x07i\x07", 4), 0);
	cr_assert_eq(mml_syscall(ut, NR_lseek, fd, 0, SEEK_CUR, 0, 0, 0),
		     (long)VGA_TEXT + 4, "read() moved the position");
	ret = mml_syscall(ut, NR_pread64, fd, (long)ubuf + 128, 8, 0x1000, 0, 0);
	cr_assert_eq(ret, 8);
	cr_assert_eq(mml_load(ut, ubuf + 128, b, 4), 0);
	cr_assert_eq(b[0] | b[3], 0, "RAM below 1 MiB: zeros");
	cr_assert_eq(mml_syscall(ut, NR_pread64, fd, (long)ubuf, 8, 0x100000, 0, 0),
		     -EPERM);
	cr_assert_eq(mml_syscall(ut, NR_pread64, fd, (long)ubuf, 8, (long)REGBLOCK, 0, 0),
		     -EFAULT);
	cr_assert_eq(mml_syscall(ut, NR_read, fd, 0xffff888000000000L, 4, 0, 0, 0),
		     -EFAULT, "a kernel buffer");
	cr_assert_eq(mml_syscall(ut, NR_write, fd, (long)ubuf, 1, 0, 0, 0), 1,
		     "at VGA_TEXT + 4");
	cr_assert_eq(phys_read(VGA_TEXT + 4, 1), '/');
	va = (unsigned long)mml_syscall(ut, NR_mmap, 0, (long)P(1), RW, SHARED, fd,
					(long)REGBLOCK);
	cr_assert_lt(va, -4096UL);
	cr_assert_eq(mml_load(ut, va, b, 4), 0);
	cr_assert_eq(b[0], 0x42, "ID register, low byte");
	cr_assert_eq(mml_syscall(ut, NR_mmap, 0, (long)P(1), RW, SHARED, fd, 0x200000),
		     -EPERM);
	cr_assert_eq(mml_syscall(ut, NR_mmap, 0, (long)P(1), RW, SHARED, fd, 0x200800),
		     -EINVAL);
	test_audit(m);
	finish();
}

/*
 * A user buffer that faults part-way: write_mem() returns the pages it
 * wrote (Linux: "if (written) break"), read_mem() fails whole (-EFAULT).
 */
Test(devmem, user_buffer_fault_partway)
{
	unsigned long ubuf;
	long fd;

	boot(64ULL << 20, NULL);
	ubuf = (unsigned long)mml_mmap(ut, 0, P(2), RW, ANON, -1, 0);
	cr_assert_lt(ubuf, -4096UL);
	cr_assert_eq(mml_syscall(ut, NR_munmap, (long)ubuf + P(1), P(1), 0, 0, 0, 0), 0);
	cr_assert_eq(mml_store(ut, ubuf, "/dev/mem", 9), 0);
	fd = mml_syscall(ut, NR_open, (long)ubuf, O_RDWR, 0, 0, 0, 0);
	cr_assert_geq(fd, 0);
	cr_assert_eq(mml_syscall(ut, NR_pwrite64, fd, (long)ubuf, P(2), (long)VGA_TEXT,
				 0, 0), (long)P(1), "the first page, then the fault");
	cr_assert_eq(phys_read(VGA_TEXT, 4), 0x7665642f, "\"/dev\" landed");
	cr_assert_eq(mml_syscall(ut, NR_pwrite64, fd, (long)ubuf + P(1), 8,
				 (long)VGA_TEXT, 0, 0), -EFAULT, "nothing written");
	cr_assert_eq(mml_syscall(ut, NR_pread64, fd, (long)ubuf, P(2), (long)VGA_TEXT,
				 0, 0), -EFAULT, "a read fails whole");
	cr_assert_eq(mml_syscall(ut, NR_lseek, fd, 0, SEEK_CUR, 0, 0, 0), 0,
		     "pread/pwrite leave the position");
	test_audit(m);
	finish();
}

static unsigned long free_pages_settled(void)
{
	kmem_cache_shrink_all();
	drain_local_pages();
	return nr_free_pages();
}

/*
 * Allocation failures: mmap_mem() fails whole (EAGAIN when the PTEs
 * cannot be had, ENOMEM before), read_mem() with ENOMEM; nothing leaks.
 */
Test(devmem, fault_injection)
{
	enum mml_fail_kind kinds[] = { MML_FAIL_PAGE_ALLOC, MML_FAIL_SLAB };
	unsigned long before;
	struct mml_task *t2;
	long nth, fd, va, ret;
	char buf[8];
	size_t k;

	boot(64ULL << 20, NULL);
	before = free_pages_settled();
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		va = -ENOMEM;
		for (nth = 0; nth < 1000 && va < 0; nth++) {
			t2 = mml_task_new(m, "inject");
			cr_assert_not_null(t2);
			fd = mml_open(t2, "/dev/mem", O_RDWR, 0);
			cr_assert_eq(fd, 3);
			mml_fail_nth(m, kinds[k], nth);
			va = mml_mmap(t2, 0, P(4), RW, SHARED, (int)fd, 0xb8000);
			mml_fail_nth(m, kinds[k], -1);
			test_audit(m);
			if (va < 0)
				cr_assert(va == -EAGAIN || va == -ENOMEM,
					  "kind %zu nth %ld: %ld", k, nth, va);
			mml_exit(t2, 0);
			test_audit(m);
			cr_assert_eq(free_pages_settled(), before,
				     "kind %zu nth %ld: pages leaked", k, nth);
		}
		cr_assert_gt(nth, 1, "kind %zu: no allocation was injected", k);
		cr_assert_gt(va, 0, "kind %zu: mmap never succeeded", k);
	}
	fd = open_mem(O_RDONLY);
	mml_fail_nth(m, MML_FAIL_SLAB, 0);
	ret = mml_pread(ut, (int)fd, buf, 8, (long)VGA_TEXT);
	mml_fail_nth(m, MML_FAIL_SLAB, -1);
	cr_assert_eq(ret, -ENOMEM, "the bounce page");
	cr_assert_eq(mml_pread(ut, (int)fd, buf, 8, (long)VGA_TEXT), 8);
	finish();
}
