// SPDX-License-Identifier: MIT
/*
 * Loadable drivers: the module loader (insmod, rmmod, parameters, init
 * failure, the leak report, /proc/modules), the character-device layer
 * (/proc/devices, chrdev_open through devtmpfs, misc devices) and the
 * driver SDK, with drivers built from tests/unit/drivers and
 * examples/drivers.  Reads go through the raw read(2) with user buffers;
 * every step ends with the machine's audits.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

#define TESTDRV		TEST_DRIVER_DIR "/testdrv.so"
#define NOEXIT		TEST_DRIVER_DIR "/noexit.so"
#define NOTAMODULE	TEST_DRIVER_DIR "/notamodule.so"
#define KBUF		EXAMPLE_DRIVER_DIR "/kbuf.so"
#define VMFAULT		EXAMPLE_DRIVER_DIR "/vmfault.so"
#define MMAPDRV		EXAMPLE_DRIVER_DIR "/mmapdrv.so"
#define GUPDIO		EXAMPLE_DRIVER_DIR "/gupdio.so"

static struct mml_machine *boot(void)
{
	struct mml_config cfg;
	struct mml_machine *m;

	mml_config_init(&cfg);
	cfg.ram_size = 64 << 20;
	m = mml_machine_new(&cfg);
	cr_assert_not_null(m);
	return m;
}

static bool file_has(struct mml_machine *m, const char *path, const char *want)
{
	char *s = test_read_file(m, path);
	bool has = s && strstr(s, want);

	free(s);
	return has;
}

/* A task with one RW page at *@buf for user buffers. */
static struct mml_task *task_with_page(struct mml_machine *m, unsigned long *buf)
{
	struct mml_task *t = mml_task_new(m, "user");
	long a;

	cr_assert_not_null(t);
	a = mml_mmap(t, 0, 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_gt(a, 0);
	*buf = (unsigned long)a;
	return t;
}

/* open(@path) through the raw ABI, the path in the user page. */
static long uopen(struct mml_task *t, unsigned long buf, const char *path,
		  int flags)
{
	cr_assert_eq(mml_store(t, buf, path, strlen(path) + 1), 0);
	return mml_syscall(t, SYS_open, (long)buf, flags, 0, 0, 0, 0);
}

/* read(2) of @fd into the user page, copied out to @out (NUL-terminated). */
static long uread(struct mml_task *t, long fd, unsigned long buf, char *out,
		  size_t n)
{
	long r = mml_syscall(t, SYS_read, fd, (long)buf, (long)n - 1, 0, 0, 0);

	if (r > 0) {
		cr_assert_eq(mml_load(t, buf, out, (unsigned long)r), 0);
		out[r] = 0;
	}
	return r;
}

Test(module, proc_devices_has_mem_and_misc)
{
	struct mml_machine *m = boot();
	char *s = test_read_file(m, "/proc/devices");

	cr_assert_not_null(s);
	cr_assert(!strncmp(s, "Character devices:\n  1 mem\n 10 misc\n", 36), "%s", s);
	cr_assert(strstr(s, "\nBlock devices:\n"));
	free(s);
	cr_assert_eq(mml_audit(m), 0);
	mml_machine_free(m);
}

Test(module, insmod_params_device_node_and_rmmod)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;
	char out[256];
	long fd;

	cr_assert_eq(mml_insmod(m, TESTDRV, "ip=-7 up=0x10 lp=-9000000000 ulp=012 cp=\"two words\" bp"), 0,
		     "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "testdrv: major 254, cp=two words"));
	cr_assert(file_has(m, "/proc/devices", "\n254 testdrv\n"));
	cr_assert(file_has(m, "/proc/modules", "testdrv "));
	cr_assert(file_has(m, "/proc/modules", " 0 - Live 0x"));
	cr_assert_eq(mml_insmod(m, TESTDRV, NULL), -EEXIST);
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/testdrv0", O_RDONLY);
	cr_assert_geq(fd, 3);
	cr_assert(file_has(m, "/proc/modules", "testdrv 16384 1 - Live") ||
		  file_has(m, "/proc/modules", " 1 - Live"));
	cr_assert_gt(uread(t, fd, buf, out, sizeof(out)), 0);
	cr_assert_str_eq(out, "-7 16 -9000000000 10 two words 1 minor 0\n");
	cr_assert_eq(mml_rmmod(m, "testdrv"), -EWOULDBLOCK, "an open file holds it");
	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_audit(m), 0);
	cr_assert_eq(mml_rmmod(m, "testdrv"), 0);
	cr_assert_not(file_has(m, "/proc/devices", "testdrv"));
	cr_assert_not(file_has(m, "/proc/modules", "testdrv"));
	cr_assert_not(file_has(m, "dmesg", "left behind"), "%s", test_read_file(m, "dmesg"));
	cr_assert_eq(uopen(t, buf, "/dev/testdrv0", O_RDONLY), -ENOENT);
	cr_assert_eq(mml_rmmod(m, "testdrv"), -ENOENT);
	cr_assert_eq(mml_audit(m), 0);
	mml_machine_free(m);
}

Test(module, bad_parameters_fail_the_load)
{
	struct mml_machine *m = boot();

	cr_assert_eq(mml_insmod(m, TESTDRV, "ip=12x"), -EINVAL);
	cr_assert(file_has(m, "dmesg", "testdrv: `12x' invalid for parameter `ip'"));
	cr_assert_eq(mml_insmod(m, TESTDRV, "ip=4294967296"), -ERANGE);
	cr_assert_eq(mml_insmod(m, TESTDRV, "up=-1"), -EINVAL);
	cr_assert_eq(mml_insmod(m, TESTDRV, "bp=maybe"), -EINVAL);
	cr_assert_eq(mml_insmod(m, TESTDRV, "ip"), -EINVAL, "an int needs a value");
	cr_assert_not(file_has(m, "/proc/modules", "testdrv"));
	cr_assert_eq(mml_insmod(m, TESTDRV, "nosuch=1"), 0, "unknown: ignored");
	cr_assert(file_has(m, "dmesg", "testdrv: unknown parameter 'nosuch' ignored"));
	cr_assert_eq(mml_rmmod(m, "testdrv"), 0);
	cr_assert_eq(mml_audit(m), 0);
	mml_machine_free(m);
}

Test(module, init_failure_unloads_with_its_error)
{
	struct mml_machine *m = boot();

	cr_assert_eq(mml_insmod(m, TESTDRV, "fail=-19"), -ENODEV);
	cr_assert_not(file_has(m, "/proc/modules", "testdrv"));
	cr_assert_eq(mml_insmod(m, TESTDRV, NULL), 0, "loads again after");
	cr_assert_eq(mml_rmmod(m, "testdrv"), 0);
	cr_assert_eq(mml_audit(m), 0);
	mml_machine_free(m);
}

Test(module, what_a_module_leaves_is_reported_and_unregistered)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;

	cr_assert_eq(mml_insmod(m, TESTDRV, "leak=1"), 0);
	cr_assert_eq(mml_rmmod(m, "testdrv"), 0);
	cr_assert(file_has(m, "dmesg", "testdrv: left behind at unload: vmalloc area"));
	cr_assert(file_has(m, "dmesg", "testdrv: left behind at unload: kmalloc"));
	cr_assert(file_has(m, "dmesg", "testdrv: left behind at unload: set_memory uc 0x"));
	cr_assert(file_has(m, "dmesg", "testdrv: left behind at unload: chrdev testdrv"));
	cr_assert(file_has(m, "dmesg", "testdrv: left behind at unload: class testdrv"));
	/* The kernel keeps no pointer into the code that went. */
	cr_assert_not(file_has(m, "/proc/devices", "testdrv"));
	t = task_with_page(m, &buf);
	cr_assert_eq(uopen(t, buf, "/dev/testdrv0", O_RDONLY), -ENOENT);
	cr_assert_eq(mml_audit(m), 0);
	mml_machine_free(m);
}

Test(module, bad_files_are_refused)
{
	struct mml_machine *m = boot();

	cr_assert_eq(mml_insmod(m, NOTAMODULE, NULL), -ENOEXEC);
	cr_assert(file_has(m, "dmesg", "notamodule: No module found in object"));
	cr_assert_eq(mml_insmod(m, TEST_DRIVER_DIR "/../../meson.build", NULL), -ENOEXEC);
	/* A shared library that is no module is refused before it is loaded. */
	if (!access("/lib/x86_64-linux-gnu/libm.so.6", R_OK))
		cr_assert_eq(mml_insmod(m, "/lib/x86_64-linux-gnu/libm.so.6", NULL), -ENOEXEC);
	cr_assert_eq(mml_insmod(m, "/nonexistent/x.so", NULL), -ENOENT);
	cr_assert_eq(mml_insmod(m, "/", NULL), -EISDIR);
	cr_assert_eq(mml_insmod(m, NULL, NULL), -EINVAL);
	cr_assert_eq(mml_rmmod(m, NULL), -EINVAL);
	cr_assert_eq(mml_insmod(m, NOEXIT, NULL), 0);
	cr_assert_eq(mml_rmmod(m, "noexit"), -EBUSY, "an init and no exit");
	cr_assert_eq(mml_audit(m), 0);
	mml_machine_free(m);
}

Test(module, fault_injection_in_insmod)
{
	struct mml_machine *m = boot();
	long nth;
	int err = -1;

	for (nth = 0; nth < 50 && err; nth++) {
		mml_fail_nth(m, MML_FAIL_SLAB, nth);
		err = mml_insmod(m, TESTDRV, NULL);
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		cr_assert(err == 0 || err == -ENOMEM, "nth %ld: %d", nth, err);
		cr_assert_eq(mml_audit(m), 0);
		if (err)
			cr_assert_not(file_has(m, "/proc/modules", "testdrv"));
	}
	cr_assert_eq(err, 0);
	cr_assert_eq(mml_rmmod(m, "testdrv"), 0);
	mml_machine_free(m);
}

/* The example driver: a misc device over a kmalloc buffer. */
Test(module, example_kbuf_read_write_seek)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;
	char out[64];
	long fd, a;

	cr_assert_eq(mml_insmod(m, KBUF, "fill=hello"), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "kbuf: 8192 bytes at phys 0x"));
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/kbuf", O_RDWR);
	cr_assert_geq(fd, 3);
	cr_assert_eq(uread(t, fd, buf, out, 6), 5);
	cr_assert_str_eq(out, "hello");
	cr_assert_eq(mml_syscall(t, SYS_lseek, fd, 0, SEEK_SET, 0, 0, 0), 0);
	cr_assert_eq(mml_store(t, buf, "written", 7), 0);
	cr_assert_eq(mml_syscall(t, SYS_write, fd, (long)buf, 7, 0, 0, 0), 7);
	cr_assert_eq(mml_syscall(t, SYS_lseek, fd, 0, SEEK_SET, 0, 0, 0), 0);
	cr_assert_eq(uread(t, fd, buf, out, 8), 7);
	cr_assert_str_eq(out, "written");
	cr_assert_eq(mml_syscall(t, SYS_lseek, fd, 8193, SEEK_SET, 0, 0, 0), -EINVAL);
	cr_assert_eq(mml_syscall(t, SYS_lseek, fd, 0, SEEK_END, 0, 0, 0), 8192);
	cr_assert_eq(mml_syscall(t, SYS_read, fd, (long)buf, 10, 0, 0, 0), 0);
	/* An unmapped user buffer: the driver's copy_to_user() fails. */
	cr_assert_eq(mml_syscall(t, SYS_pread64, fd, 0x10000, 10, 0, 0, 0), -EFAULT);
	cr_assert(file_has(m, "/proc/devices", " 10 misc"));
	/* mmap: remap_pfn_range() of the buffer; the task writes through the
	 * mapping and read() sees it (the seed's app). */
	cr_assert_eq(mml_mmap(t, 0, 3 * 4096, PROT_READ, MAP_SHARED, (int)fd, 0), -ENXIO);
	a = mml_mmap(t, 0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	cr_assert_gt(a, 0);
	cr_assert_eq(mml_store(t, (unsigned long)a + 4096, "via mmap", 8), 0);
	cr_assert_eq(mml_syscall(t, SYS_lseek, fd, 4096, SEEK_SET, 0, 0, 0), 4096);
	cr_assert_eq(uread(t, fd, buf, out, 9), 8);
	cr_assert_str_eq(out, "via mmap");
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_munmap(t, (unsigned long)a, 2 * 4096), 0);
	cr_assert_eq(mml_rmmod(m, "kbuf"), -EWOULDBLOCK);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "/proc/modules", " 1 - Live"));
	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_rmmod(m, "kbuf"), 0);
	cr_assert_not(file_has(m, "dmesg", "left behind"));
	cr_assert_eq(mml_audit(m), 0);
	mml_machine_free(m);
}

/* A machine going away with a module loaded and a device open. */
Test(module, shutdown_with_a_module_loaded)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;

	cr_assert_eq(mml_insmod(m, KBUF, NULL), 0);
	t = task_with_page(m, &buf);
	cr_assert_geq(uopen(t, buf, "/dev/kbuf", O_RDONLY), 3);
	/* A child inherits the descriptor: one file, one reference. */
	cr_assert_gt(mml_fork(t), 0);
	cr_assert(file_has(m, "/proc/modules", " 1 - Live"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/* Two machines load the same driver: each has its own module and device. */
Test(module, two_machines)
{
	struct mml_machine *a = boot(), *b = boot();

	cr_assert_eq(mml_insmod(a, TESTDRV, NULL), 0);
	cr_assert_not(file_has(b, "/proc/modules", "testdrv"));
	cr_assert_eq(mml_rmmod(a, "testdrv"), 0);
	mml_machine_free(a);
	mml_machine_free(b);
}

/*
 * The vmalloc buffer behind a ->fault handler: each page's first access
 * faults into the driver; past the buffer SIGBUS; a mapping holds the
 * module after the descriptor is closed.
 */
Test(module, example_vmfault_maps_pages_on_fault)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;
	char out[16];
	long fd, a;

	cr_assert_eq(mml_insmod(m, VMFAULT, "pages=3"), 0, "%s", mml_last_error(m));
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/vmfault", O_RDWR);
	cr_assert_geq(fd, 3);
	cr_assert_eq(mml_mmap(t, 0, 4 * 4096, PROT_READ, MAP_SHARED, (int)fd, 0), -EINVAL,
		     "the driver's size check");
	a = mml_mmap(t, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	cr_assert_gt(a, 0);
	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_load(t, (unsigned long)a + 2 * 4096, out, 7), 0);
	cr_assert_eq(memcmp(out, "page 2", 7), 0);
	cr_assert(file_has(m, "dmesg", "vmfault: fault at page 2 -> pfn"));
	cr_assert_not(file_has(m, "dmesg", "vmfault: fault at page 1"));
	cr_assert_eq(mml_load(t, (unsigned long)a, out, 7), 0);
	cr_assert_eq(memcmp(out, "page 0", 7), 0);
	cr_assert_eq(mml_store(t, (unsigned long)a + 4096, "written", 8), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_rmmod(m, "vmfault"), -EWOULDBLOCK, "the mapping holds it");
	cr_assert_eq(mml_munmap(t, (unsigned long)a, 3 * 4096), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_rmmod(m, "vmfault"), 0);
	cr_assert_not(file_has(m, "dmesg", "left behind"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/*
 * examples/drivers/mmapdrv (source 2 section 8): the last MiB of a 64 MiB
 * machine booted with mem=63M, ioremap()ed and filled by the driver, mapped
 * by remap_pfn_range() into a process, and the same bytes seen through
 * /dev/mem (iomem=relaxed: the memory is a busy "RAM buffer").
 */
static struct mml_machine *boot_mem63m(const char *cmdline)
{
	struct mml_config cfg;
	struct mml_machine *m;

	mml_config_init(&cfg);
	cfg.ram_size = 64 << 20;
	cfg.cmdline = cmdline;
	m = mml_machine_new(&cfg);
	cr_assert_not_null(m);
	return m;
}

Test(module, example_mmapdrv_reserved_memory)
{
	struct mml_machine *m = boot_mem63m("mem=63M iomem=relaxed");
	unsigned long buf;
	struct mml_task *t;
	char out[17], smaps[8192];
	long fd, mfd, a, d;

	cr_assert_eq(mml_insmod(m, MMAPDRV, "mem_start=63 mem_size=1"), 0, "%s",
		     mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "mmapdrv: reserved memory phys 0x3f00000, 1048576 bytes"));
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/mmapdrv", O_RDWR);
	cr_assert_geq(fd, 3);
	/* More than the reserved MiB, or an offset past it: -ENXIO. */
	cr_assert_eq(mml_mmap(t, 0, 2 << 20, PROT_READ, MAP_SHARED, (int)fd, 0), -ENXIO);
	cr_assert_eq(mml_mmap(t, 0, 8192, PROT_READ, MAP_SHARED, (int)fd, 1 << 20), -ENXIO);
	cr_assert_eq(mml_mmap(t, 0, 8192, PROT_READ, MAP_SHARED, (int)fd, (1 << 20) - 4096), -ENXIO);
	a = mml_mmap(t, 0, 1 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	cr_assert_gt(a, 0);
	cr_assert_eq(mml_load(t, (unsigned long)a, out, 16), 0);
	out[16] = 0;
	cr_assert_str_eq(out, "abcdabcdabcdabcd");
	cr_assert_eq(mml_load(t, (unsigned long)a + (1 << 20) - 8, out, 8), 0);
	out[8] = 0;
	cr_assert_str_eq(out, "abcdabcd");
	/* VM_LOCKED set by the driver is cleared on a PFN map, as in Linux. */
	cr_assert_gt(mml_read_file(t, "/proc/self/smaps", smaps, sizeof(smaps)), 0);
	cr_assert(strstr(smaps, "VmFlags: rd wr sh mr mw me ms pf io de dd \n"), "%s", smaps);
	cr_assert_eq(mml_store(t, (unsigned long)a + 4096 + 4, "WXYZ", 4), 0);
	/* /dev/mem at the same physical address sees the task's bytes. */
	mfd = uopen(t, buf, "/dev/mem", O_RDWR);
	cr_assert_geq(mfd, 3);
	d = mml_mmap(t, 0, 8192, PROT_READ, MAP_SHARED, (int)mfd, 0x3f00000);
	cr_assert_gt(d, 0, "%ld", d);
	cr_assert_eq(mml_load(t, (unsigned long)d + 4096, out, 12), 0);
	out[12] = 0;
	cr_assert_str_eq(out, "abcdWXYZabcd");
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_rmmod(m, "mmapdrv"), -EWOULDBLOCK, "the mapping holds it");
	cr_assert_eq(mml_munmap(t, (unsigned long)a, 1 << 20), 0);
	cr_assert_eq(mml_rmmod(m, "mmapdrv"), 0);
	cr_assert(file_has(m, "dmesg", "mmapdrv: unloaded"));
	cr_assert_not(file_has(m, "dmesg", "left behind"));
	cr_assert_not(file_has(m, "/proc/devices", "mmapdrv"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/* Without mem=, the megabyte is System RAM: ioremap() refuses it and the
 * driver's init fails, leaving nothing registered. */
Test(module, example_mmapdrv_refuses_ram)
{
	struct mml_machine *m = boot_mem63m(NULL);

	cr_assert_eq(mml_insmod(m, MMAPDRV, "mem_start=63 mem_size=1"), -ENODEV);
	cr_assert(file_has(m, "dmesg", "mmapdrv: ioremap of 1 MiB at 63 MiB failed"));
	cr_assert_not(file_has(m, "/proc/devices", "mmapdrv"));
	cr_assert_not(file_has(m, "/proc/modules", "mmapdrv"));
	cr_assert_eq(mml_insmod(m, MMAPDRV, "mem_size=0"), -EINVAL);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/* Allocation failures anywhere in its init leave the machine clean. */
Test(module, example_mmapdrv_fault_injection)
{
	struct mml_machine *m = boot_mem63m("mem=63M");
	long nth;
	int err = -1;

	for (nth = 0; nth < 80 && err; nth++) {
		mml_fail_nth(m, MML_FAIL_SLAB, nth);
		err = mml_insmod(m, MMAPDRV, NULL);
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		cr_assert(err == 0 || err == -ENOMEM || err == -ENODEV || err == -EIO,
			  "nth %ld: %d", nth, err);
		cr_assert_eq(mml_audit(m), 0, "nth %ld: %s", nth, mml_last_error(m));
		if (err) {
			cr_assert_not(file_has(m, "/proc/modules", "mmapdrv"));
			cr_assert_not(file_has(m, "/proc/devices", "mmapdrv"));
			cr_assert_not(file_has(m, "dmesg", "left behind"), "nth %ld", nth);
		}
	}
	cr_assert_eq(err, 0);
	cr_assert_eq(mml_rmmod(m, "mmapdrv"), 0);
	cr_assert_not(file_has(m, "dmesg", "left behind"));
	mml_machine_free(m);
}

/* The physical address a task's @va maps (asserting it is mapped). */
static uint64_t task_pa(struct mml_task *t, unsigned long va)
{
	struct mml_walk w;

	cr_assert_eq(mml_task_walk(t, va, 0, &w), 0);
	cr_assert_not(w.fault, "%lx: %s", va, w.reason);
	return w.pa;
}

/*
 * examples/drivers/gupdio (source 1): write() pins the user's pages and
 * reads them in place; read() pins with FOLL_WRITE, which breaks COW.
 */
Test(module, example_gupdio_pins_user_pages)
{
	struct mml_machine *m = boot();
	unsigned long buf, ro;
	struct mml_task *t;
	char want[128], out[32];
	long fd, a, child;
	uint64_t before, after;

	cr_assert_eq(mml_insmod(m, GUPDIO, NULL), 0, "%s", mml_last_error(m));
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/gupdio", O_RDWR);
	cr_assert_geq(fd, 3);
	a = mml_mmap(t, 0, 3 * 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_gt(a, 0);
	/* 20 bytes across a page boundary: both pages pinned, summed in place. */
	cr_assert_eq(mml_store(t, (unsigned long)a + 4096 - 6, "ABCDEFGHIJKLMNOPQRST", 20), 0);
	cr_assert_eq(mml_syscall(t, SYS_write, fd, a + 4096 - 6, 20, 0, 0, 0), 20);
	snprintf(want, sizeof(want), "gupdio: write: page 1 of the buffer is pfn 0x%llx, 14 bytes at offset 0",
		 (unsigned long long)(task_pa(t, (unsigned long)a + 4096) >> 12));
	cr_assert(file_has(m, "dmesg", want), "%s", want);
	/* 'A'..'T' is 65..84: sum 1490, computed by the driver, not copied. */
	cr_assert(file_has(m, "dmesg", "gupdio: write: 20 bytes, sum 1490, no copy"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));

	/* read() into a page shared copy-on-write with a child: the parent
	 * gets its own copy first, the child's page keeps its bytes. */
	cr_assert_eq(mml_store(t, (unsigned long)a + 8192, "old", 4), 0);
	before = task_pa(t, (unsigned long)a + 8192);
	child = mml_fork(t);
	cr_assert_gt(child, 0);
	cr_assert_eq(mml_syscall(t, SYS_read, fd, a + 8192, 10, 0, 0, 0), 10);
	after = task_pa(t, (unsigned long)a + 8192);
	cr_assert_neq(before, after, "FOLL_WRITE broke COW");
	cr_assert_eq(mml_load(t, (unsigned long)a + 8192, out, 10), 0);
	cr_assert_eq(memcmp(out, "ABCDEFGHIJ", 10), 0);
	cr_assert_eq(task_pa(mml_task_get(m, (int)child), (unsigned long)a + 8192), before);
	cr_assert_eq(mml_load(mml_task_get(m, (int)child), (unsigned long)a + 8192, out, 4), 0);
	cr_assert_str_eq(out, "old");
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));

	/* Bad buffers: unmapped, read-only for a FOLL_WRITE pin, too long. */
	cr_assert_eq(mml_syscall(t, SYS_write, fd, 0x10000, 4, 0, 0, 0), -EFAULT);
	ro = (unsigned long)mml_mmap(t, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_gt((long)ro, 0);
	cr_assert_eq(mml_syscall(t, SYS_write, fd, (long)ro, 4, 0, 0, 0), 4, "a read pin of a read-only page");
	cr_assert_eq(mml_syscall(t, SYS_read, fd, (long)ro, 4, 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_syscall(t, SYS_write, fd, a, 17 * 4096, 0, 0, 0), -EINVAL);
	/* A buffer whose second page is not mapped: nothing stays pinned. */
	cr_assert_eq(mml_munmap(t, (unsigned long)a + 4096, 4096), 0);
	cr_assert_eq(mml_syscall(t, SYS_write, fd, a + 4000, 200, 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));

	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_close(mml_task_get(m, (int)child), (int)fd), 0);
	cr_assert_eq(mml_rmmod(m, "gupdio"), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/*
 * gupdio under allocation failures: the pins fault the buffer in (a page
 * table, an anonymous page, a COW copy); each failure is an error from
 * read()/write(), nothing stays pinned, the audits pass.
 */
Test(module, example_gupdio_fault_injection)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;
	long fd, a, r = -1, nth;
	int fails = 0;

	cr_assert_eq(mml_insmod(m, GUPDIO, NULL), 0, "%s", mml_last_error(m));
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/gupdio", O_RDWR);
	cr_assert_geq(fd, 3);
	cr_assert_eq(mml_store(t, buf, "kept", 4), 0);
	cr_assert_eq(mml_syscall(t, SYS_write, fd, (long)buf, 4, 0, 0, 0), 4);
	for (nth = 0; nth < 40 && r != 4; nth++) {
		/* A fresh, never-touched buffer across two pages each time. */
		a = mml_mmap(t, 0, 8192, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		cr_assert_gt(a, 0);
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, nth);
		r = mml_syscall(t, SYS_read, fd, a + 4094, 4, 0, 0, 0);
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
		cr_assert(r == 4 || r == -ENOMEM || r == -EFAULT, "nth %ld: %ld", nth, r);
		fails += r != 4;
		cr_assert_eq(mml_audit(m), 0, "nth %ld: %s", nth, mml_last_error(m));
		cr_assert_eq(mml_munmap(t, (unsigned long)a, 8192), 0);
	}
	cr_assert_eq(r, 4);
	cr_assert_gt(fails, 0, "some allocation was failed");
	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_rmmod(m, "gupdio"), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/* vmfault prefault=1: vm_insert_pages() maps the whole VMA at mmap time
 * (VM_MIXEDMAP), so no access faults into the driver. */
Test(module, example_vmfault_prefault_vm_insert_pages)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;
	struct mml_walk w;
	char out[8], smaps[8192];
	long fd, a;
	int i;

	cr_assert_eq(mml_insmod(m, VMFAULT, "pages=3 prefault=1"), 0, "%s", mml_last_error(m));
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/vmfault", O_RDWR);
	cr_assert_geq(fd, 3);
	a = mml_mmap(t, 0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 4096);
	cr_assert_gt(a, 0, "%ld", a);
	cr_assert(file_has(m, "dmesg", "vmfault: vm_insert_pages: 0, 0 not inserted"));
	for (i = 0; i < 2; i++) {
		cr_assert_eq(mml_task_walk(t, (unsigned long)a + (unsigned long)i * 4096, 0, &w), 0);
		cr_assert_not(w.fault, "page %d mapped before any access", i);
	}
	cr_assert_eq(mml_load(t, (unsigned long)a + 4096, out, 7), 0);
	cr_assert_eq(memcmp(out, "page 2", 7), 0);
	cr_assert_not(file_has(m, "dmesg", "vmfault: fault at"));
	cr_assert_gt(mml_read_file(t, "/proc/self/smaps", smaps, sizeof(smaps)), 0);
	cr_assert(strstr(smaps, "VmFlags: rd wr sh mr mw me ms de dd mm \n"), "%s", smaps);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_munmap(t, (unsigned long)a, 2 * 4096), 0);
	cr_assert_eq(mml_rmmod(m, "vmfault"), 0);
	cr_assert_not(file_has(m, "dmesg", "left behind"));
	cr_assert_eq(mml_audit(m), 0);
	mml_machine_free(m);
}

/*
 * request_irq() from a module: its handler runs for the virq; free_irq()
 * at exit; a module that leaves it (leak=1) has it freed and reported at
 * unload, so a later interrupt never calls into unloaded code.
 */
Test(module, request_irq_from_a_module)
{
	struct mml_machine *m = boot();
	unsigned int v;
	char args[32];

	cr_assert_eq(mml_irq_domain_create(m, "tree", "t", 0), 0);
	cr_assert_eq(mml_irq_create_mapping(m, "t", 77, &v), 0);
	snprintf(args, sizeof(args), "irq=%u", v);
	cr_assert_eq(mml_insmod(m, TESTDRV, args), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "/proc/interrupts", "testdrv"));
	cr_assert_eq(mml_irq_handle(m, "t", 77), 0);
	cr_assert_eq(mml_irq_handle(m, "t", 77), 0);
	cr_assert(file_has(m, "dmesg", "testdrv: interrupt"));
	cr_assert(file_has(m, "dmesg", ", count 2\n"));
	cr_assert_eq(mml_rmmod(m, "testdrv"), 0);
	cr_assert_not(file_has(m, "/proc/interrupts", "testdrv"));
	cr_assert_not(file_has(m, "dmesg", "left behind"));
	/* leak=1: the exit frees nothing; the loader frees the irq. */
	cr_assert_eq(mml_insmod(m, TESTDRV, "irq=0"), -EINVAL, "virq 0 has no chip");
	cr_assert_not(file_has(m, "/proc/modules", "testdrv"));
	snprintf(args, sizeof(args), "irq=%u leak=1", v);
	cr_assert_eq(mml_insmod(m, TESTDRV, args), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_rmmod(m, "testdrv"), 0);
	cr_assert(file_has(m, "dmesg", "left behind at unload: irq testdrv"));
	cr_assert_not(file_has(m, "/proc/interrupts", "testdrv"));
	cr_assert_eq(mml_irq_handle(m, "t", 77), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

#define PLATDRV		TEST_DRIVER_DIR "/platdrv.so"

/* Whether /proc/iomem shows @name (the device window and, nested, claims). */
static bool iomem_claimed(struct mml_machine *m, const char *name)
{
	return file_has(m, "/proc/iomem", name);
}

/*
 * A module's platform driver binds the machine's mmlab-dma.0: probe gets
 * its resources, devm_ioremap_resource() claims the window (named after
 * the device, as Linux's pretty name), devm_request_irq() takes the IRQ
 * resource; rmmod unbinds and every managed resource goes, newest first.
 */
Test(module, platform_driver_binds_the_engine_and_devres_goes_at_unbind)
{
	struct mml_machine *m = boot();

	cr_assert_eq(mml_insmod(m, PLATDRV, NULL), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: probe: mmlab-dma id 0, 2 resources"));
	cr_assert(file_has(m, "dmesg", "window 0xfebe0000 size 0x1000, ID 0x4d4d4c44"));
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: bound, irq 24, 1 interrupt(s)"));
	cr_assert(iomem_claimed(m, "febe0000-febe0fff : mmlab-dma.0\n  febe0000-febe0fff : mmlab-dma.0 mmlab-dma.0\n"));
	cr_assert(file_has(m, "/proc/interrupts", " 24:          1  IO-APIC  11-edge      platdrv"));
	/* The in-kernel driver cannot register a second driver of the name. */
	cr_assert_eq(mml_dma_bind(m), -EBUSY);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: remove, 1 interrupt(s)"));
	cr_assert_not(iomem_claimed(m, ": mmlab-dma.0 mmlab-dma.0"));
	cr_assert_not(file_has(m, "/proc/interrupts", "platdrv"));
	cr_assert_not(file_has(m, "dmesg", "left behind"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	/* The device is free again for the in-kernel driver. */
	cr_assert_eq(mml_dma_bind(m), 0);
	cr_assert_eq(mml_insmod(m, PLATDRV, NULL), -EBUSY);
	cr_assert(file_has(m, "dmesg", "Error: Driver 'mmlab-dma' is already registered, aborting..."));
	cr_assert_eq(mml_dma_unbind(m), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/*
 * A failed probe: the module still loads (a driver without a device is
 * no error), the bus logs Linux's line and gives back what the probe took.
 * A bad resource index: devm_ioremap_resource()'s -EINVAL.
 */
Test(module, platform_probe_failure_releases_devres)
{
	struct mml_machine *m = boot();

	cr_assert_eq(mml_insmod(m, PLATDRV, "fail=-5"), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "platform mmlab-dma.0: probe with driver mmlab-dma failed with error -5"));
	cr_assert_not(iomem_claimed(m, ": mmlab-dma.0 mmlab-dma.0"));
	cr_assert_not(file_has(m, "/proc/interrupts", "platdrv"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert_eq(mml_insmod(m, PLATDRV, "res=5"), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: invalid resource"));
	cr_assert(file_has(m, "dmesg", "failed with error -22"));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/* A module unloaded with its driver registered: unbound and reported. */
Test(module, platform_driver_left_registered_is_reported)
{
	struct mml_machine *m = boot();

	cr_assert_eq(mml_insmod(m, PLATDRV, "leak=1"), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert(file_has(m, "dmesg", "platdrv: left behind at unload: platform driver mmlab-dma"));
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: remove, 1 interrupt(s)"));
	cr_assert_not(iomem_claimed(m, ": mmlab-dma.0 mmlab-dma.0"));
	cr_assert_not(file_has(m, "/proc/interrupts", "platdrv"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_dma_bind(m), 0, "the device is free for another driver");
	mml_machine_free(m);
}

/* Every allocation of insmod + probe fails in turn: nothing stays behind. */
Test(module, platform_driver_fault_injection)
{
	struct mml_machine *m = boot();
	int err = -ENOMEM, n;

	for (n = 0; err && n < 64; n++) {
		mml_fail_nth(m, MML_FAIL_SLAB, n);
		err = mml_insmod(m, PLATDRV, NULL);
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		cr_assert(err == 0 || err == -ENOMEM, "n=%d: %d", n, err);
		if (!err && !file_has(m, "dmesg", "bound, irq 24")) {
			/* probe failed: loaded, unbound */
			cr_assert_not(iomem_claimed(m, ": mmlab-dma.0 mmlab-dma.0"));
			cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
			err = -ENOMEM;
		}
		cr_assert_eq(mml_audit(m), 0, "n=%d: %s", n, mml_last_error(m));
	}
	cr_assert_eq(err, 0);
	cr_assert_geq(n, 3);
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/*
 * The SDK's DMA API from a module, on the platform device's struct
 * device: the good paths (coherent, pool, single with syncs, sg, tables),
 * then each mistake with its log line and Linux's errno.
 */
Test(module, dma_api_from_a_module)
{
	struct mml_machine *m = boot();

	cr_assert_eq(mml_insmod(m, PLATDRV, "dma=1"), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: coherent at bus 0x"));
	cr_assert(file_has(m, "dmesg", ", zeroed 1\n"));
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: single 1\n"), "reachable: no bounce");
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: sg 2: 0x"));
	cr_assert(file_has(m, "dmesg", "+100 0x"));
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: table of 3, last 1"));
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: dma ok"));
	cr_assert_not(file_has(m, "dmesg", "DMA-API"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert_not(file_has(m, "dmesg", "pending DMA"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	/* A double unmap: the DMA-API debug's WARN, and nothing unmapped twice. */
	cr_assert_eq(mml_insmod(m, PLATDRV, "dma=2"), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "DMA-API: mmlab-dma mmlab-dma.0: device driver tries to free DMA memory it has not allocated"));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	/* Memory outside the direct map (the module's own data): refused. */
	cr_assert_eq(mml_insmod(m, PLATDRV, "dma=4"), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "device driver maps memory outside the direct map"));
	cr_assert(file_has(m, "dmesg", "outside the direct map: error -12"));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	/* A mapping left at unbind, and a mask below ZONE_DMA (-EIO). */
	cr_assert_eq(mml_insmod(m, PLATDRV, "dma=24"), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: 20-bit mask: -5"));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert(file_has(m, "dmesg", "device driver has pending DMA allocations while released from device [count=1]"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/* How many times @what occurs in file @path. */
static int count_in(struct mml_machine *m, const char *path, const char *what)
{
	char *text = test_read_file(m, path), *p = text;
	int n = 0;

	while ((p = strstr(p, what))) {
		n++;
		p += strlen(what);
	}
	free(text);
	return n;
}

/*
 * A coherent buffer and a pool a module never freed: the DMA-API debug
 * names the buffer at unbind, the loader both at unload; the audit holds.
 */
Test(module, dma_coherent_and_pool_left_behind)
{
	struct mml_machine *m = boot();

	cr_assert_eq(mml_insmod(m, PLATDRV, "dma=32"), 0, "%s", mml_last_error(m));
	cr_assert_not(file_has(m, "dmesg", "left behind"));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert(file_has(m, "dmesg", "platdrv: left behind at unload: dma pool platdrv-leak size 128\n"),
		  "%s", test_read_file(m, "dmesg"));
	cr_assert(file_has(m, "dmesg", "platdrv: left behind at unload: dma coherent buffer mmlab-dma.0 0xffff8880"));
	cr_assert(file_has(m, "dmesg", " size 8192\n"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	/* A module that frees them leaves nothing more to report. */
	int left = count_in(m, "dmesg", "left behind");

	cr_assert_eq(left, 2);
	cr_assert_eq(mml_insmod(m, PLATDRV, "dma=1"), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
	cr_assert_eq(count_in(m, "dmesg", "left behind"), left);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/* Allocation failures inside the DMA calls of a module: no crash, no leak. */
Test(module, dma_api_fault_injection)
{
	struct mml_machine *m = boot();
	int n;

	for (n = 0; n < 48; n++) {
		int err;

		mml_fail_nth(m, MML_FAIL_SLAB, n);
		err = mml_insmod(m, PLATDRV, "dma=1");
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		cr_assert(err == 0 || err == -ENOMEM, "n=%d: %d", n, err);
		if (!err)
			cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
		cr_assert_eq(mml_audit(m), 0, "n=%d: %s", n, mml_last_error(m));
	}
	for (n = 0; n < 16; n++) {
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, n);
		if (!mml_insmod(m, PLATDRV, "dma=1"))
			cr_assert_eq(mml_rmmod(m, "platdrv"), 0);
		mml_fail_nth(m, MML_FAIL_PAGE_ALLOC, -1);
		cr_assert_eq(mml_audit(m), 0, "n=%d: %s", n, mml_last_error(m));
	}
	mml_machine_free(m);
}

#define DMACOPY		EXAMPLE_DRIVER_DIR "/dmacopy.so"

/* The DMA-API debug's live mappings (mml_dma_info()). */
static unsigned long dma_entries(struct mml_machine *m)
{
	struct mml_dma_info info;

	cr_assert_eq(mml_dma_info(m, &info), 0);
	return info.debug_entries;
}

/*
 * examples/drivers/dmacopy: write() moves a pinned buffer (two physically
 * separate pages: two segments) into the engine's memory by DMA, read()
 * brings it back through a bounce buffer; the bytes are the engine's, the
 * DMA-API debug holds nothing after each call, bad buffers give -EFAULT.
 */
Test(module, example_dmacopy_roundtrip)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;
	char out[64];
	long fd, a;

	cr_assert_eq(mml_insmod(m, DMACOPY, NULL), 0, "%s", mml_last_error(m));
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/dmacopy", O_RDWR);
	cr_assert_geq(fd, 3);
	a = mml_mmap(t, 0, 3 * 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_gt(a, 0);
	/* Fault the second page in first: the two frames are not adjacent. */
	cr_assert_eq(mml_store(t, (unsigned long)a + 4096, "y", 1), 0);
	cr_assert_eq(mml_store(t, (unsigned long)a + 4096 - 6, "ABCDEFGHIJKLMNOPQRST", 20), 0);
	cr_assert_eq(mml_syscall(t, SYS_write, fd, a + 4096 - 6, 20, 0, 0, 0), 20);
	cr_assert(file_has(m, "dmesg", "write: segment 0: bus 0x"));
	if (task_pa(t, (unsigned long)a + 4096) != task_pa(t, (unsigned long)a) + 4096)
		cr_assert(file_has(m, "dmesg", "write: segment 1: bus 0x"));
	cr_assert_eq(dma_entries(m), 0, "nothing stays mapped");
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	/* The device's memory holds the bytes: read(2) brings them back. */
	cr_assert_eq(uread(t, fd, (unsigned long)a + 8192, out, 21), 20);
	cr_assert_str_eq(out, "ABCDEFGHIJKLMNOPQRST");
	cr_assert_eq(uread(t, fd, (unsigned long)a + 8192, out, 21), 0, "at the end");
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	/* Bad buffers: unmapped (nothing pinned stays), read into read-only. */
	cr_assert_eq(mml_syscall(t, SYS_write, fd, 0x10000, 4, 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_munmap(t, (unsigned long)a + 4096, 4096), 0);
	cr_assert_eq(mml_syscall(t, SYS_write, fd, a + 4000, 200, 0, 0, 0), -EFAULT);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_rmmod(m, "dmacopy"), -EWOULDBLOCK, "open");
	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_rmmod(m, "dmacopy"), 0);
	cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: removed"));
	cr_assert_not(file_has(m, "dmesg", "left behind"));
	cr_assert_not(file_has(m, "dmesg", "DMA-API"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/* dmacopy under slab and page-allocation failures: errors, no leftovers. */
Test(module, example_dmacopy_fault_injection)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;
	long fd, a, r;
	int n, k;

	for (n = 0; n < 48; n++) {
		mml_fail_nth(m, MML_FAIL_SLAB, n);
		r = mml_insmod(m, DMACOPY, NULL);
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		cr_assert(r == 0 || r == -ENOMEM, "n=%d: %ld", n, r);
		if (!r)
			cr_assert_eq(mml_rmmod(m, "dmacopy"), 0);
		cr_assert_eq(mml_audit(m), 0, "n=%d: %s", n, mml_last_error(m));
	}
	cr_assert_eq(mml_insmod(m, DMACOPY, NULL), 0, "%s", mml_last_error(m));
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/dmacopy", O_RDWR);
	cr_assert_geq(fd, 3);
	a = mml_mmap(t, 0, 2 * 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_gt(a, 0);
	for (k = 0; k < 2; k++) {
		int kind = k ? MML_FAIL_PAGE_ALLOC : MML_FAIL_SLAB;

		for (n = 0; n < 16; n++) {
			mml_fail_nth(m, kind, n);
			r = mml_syscall(t, SYS_write, fd, a + 100, 5000, 0, 0, 0);
			if (r > 0)
				r = mml_syscall(t, SYS_pread64, fd, a + 100, 5000, 0, 0, 0);
			mml_fail_nth(m, kind, -1);
			cr_assert(r == 5000 || r == -ENOMEM || r == -EFAULT, "n=%d: %ld", n, r);
			cr_assert_eq(mml_audit(m), 0, "n=%d: %s", n, mml_last_error(m));
		}
	}
	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_rmmod(m, "dmacopy"), 0);
	cr_assert_not(file_has(m, "dmesg", "DMA-API"));
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}

/*
 * dmacopy dma_bits=24 on a 64 MiB machine without swiotlb: a buffer above
 * 16 MiB cannot be reached; dma_map_sg() fails with dma-direct's line and
 * write() with -ENOMEM; a buffer in ZONE_DMA would go direct.  dma_bits=8:
 * the probe fails with -EINVAL, logged by the bus.
 */
Test(module, example_dmacopy_unreachable_and_bad_mask)
{
	struct mml_machine *m = boot();
	unsigned long buf;
	struct mml_task *t;
	long fd;

	cr_assert_eq(mml_insmod(m, DMACOPY, "dma_bits=24"), 0, "%s", mml_last_error(m));
	t = task_with_page(m, &buf);
	fd = uopen(t, buf, "/dev/dmacopy", O_RDWR);
	cr_assert_geq(fd, 3);
	cr_assert_eq(mml_store(t, buf + 64, "far", 3), 0);
	if (task_pa(t, buf) >= (16ULL << 20)) {
		cr_assert_eq(mml_syscall(t, SYS_write, fd, (long)buf + 64, 3, 0, 0, 0), -ENOMEM);
		cr_assert(file_has(m, "dmesg", "mmlab-dma mmlab-dma.0: Cannot do DMA to address 0x"));
		cr_assert(file_has(m, "dmesg", "write: cannot map the buffer for DMA"));
	} else {
		cr_assert_eq(mml_syscall(t, SYS_write, fd, (long)buf + 64, 3, 0, 0, 0), 3);
	}
	cr_assert_eq(dma_entries(m), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	cr_assert_eq(mml_close(t, (int)fd), 0);
	cr_assert_eq(mml_rmmod(m, "dmacopy"), 0);
	cr_assert_eq(mml_insmod(m, DMACOPY, "dma_bits=8"), 0, "%s", mml_last_error(m));
	cr_assert(file_has(m, "dmesg", "platform mmlab-dma.0: probe with driver mmlab-dma failed with error -22"));
	cr_assert_eq(uopen(t, buf, "/dev/dmacopy", O_RDWR), -ENOENT);
	cr_assert_eq(mml_rmmod(m, "dmacopy"), 0);
	cr_assert_eq(mml_audit(m), 0, "%s", mml_last_error(m));
	mml_machine_free(m);
}
