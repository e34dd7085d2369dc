// SPDX-License-Identifier: MIT
/*
 * "mmlab lesson drivers": the example drivers (examples/drivers) told one
 * after the other on a machine the lesson boots itself: 64 MiB with
 * mem=63M, so that the last MiB is kept from the kernel's allocators for
 * mmapdrv.  Lines are read as in the demo ("= " a chapter, "# " a comment,
 * anything else a command echoed and run); a command starting with "! " is
 * meant to fail, and its success counts as a failure of the lesson.
 *
 * The drivers are found in $MMLAB_DRIVER_PATH when it is set, else next to
 * the binary in the build tree (BUILD/tools/mmlab/mmlab and BUILD/examples)
 * or in the install prefix (MMLAB_DRIVER_DIR).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"

#ifndef MMLAB_DRIVER_DIR
#define MMLAB_DRIVER_DIR "/usr/local/lib/mmlab/drivers"
#endif

static const char *const lesson_drivers_script[] = {
	"= Loadable drivers",
	"# A driver is a shared object built against the SDK (include/mmlab/kernel)",
	"# from a Linux-clean source: insmod runs its module_init, rmmod its",
	"# module_exit; its printk lines go to the kernel log.",
	"cat /proc/cmdline",
	"lsmod",

	"= kbuf: a misc device over a kzalloc() buffer (source 4)",
	"# misc_register() gives the device major 10 and a dynamic minor; the",
	"# buffer is kmalloc() memory, so its address is in the direct map.",
	"insmod kbuf.so fill=\"hello, driver\"",
	"lsmod",
	"ls /dev",
	"dmesg | grep kbuf",
	"# A process reads the buffer: ->read does copy_to_user() into its page.",
	"spawn user",
	"mmap 8K rw- private,anonymous",
	"set buf $_",
	"open /dev/kbuf rdwr",
	"set fd $_",
	"read $fd $buf 16",
	"# An open file holds the module (try_module_get() in chrdev_open).",
	"! rmmod kbuf",
	"close $fd",
	"rmmod kbuf",
	"dmesg | grep kbuf",

	"= vmfault: a vmalloc() buffer mapped by ->fault (source 2 section 7)",
	"# The driver's ->mmap maps nothing: each first touch of a page faults",
	"# into its ->fault handler, which returns the vmalloc page behind it.",
	"insmod vmfault.so pages=3",
	"open /dev/vmfault rdwr",
	"set fd $_",
	"mmap 12K rw- shared $fd 0",
	"set v $_",
	"close $fd",
	"rb u:$v+0x2000",
	"dmesg | grep \"vmfault: fault\"",
	"# The user PTE points at the same frame as the vmalloc area's page.",
	"walk u:$v+0x2000",
	"munmap $v 12K",
	"rmmod vmfault",

	"= mmapdrv: remap_pfn_range() of reserved memory (source 2 section 8)",
	"# mem=63M left the last MiB to no allocator: the driver ioremap()s it,",
	"# fills it, and its ->mmap maps the frames with remap_pfn_range().",
	"insmod mmapdrv.so mem_start=63 mem_size=1",
	"dmesg | grep mmapdrv",
	"open /dev/mmapdrv rdwr",
	"set fd $_",
	"# More than the reserved MiB: ->mmap says -ENXIO.",
	"! mmap 2M rw- shared $fd 0",
	"mmap 1M rw- shared $fd 0",
	"set v $_",
	"close $fd",
	"maps | grep mmapdrv",
	"# A special PTE (no struct page is taken): VM_PFNMAP | VM_IO; PCD,",
	"# the uncached-minus its ioremap() reserved in the PAT.",
	"walk u:$v",
	"rd u:$v",
	"wd u:$v+0x10 44434241",
	"munmap $v 1M",
	"rmmod mmapdrv",

	"= devmem: /dev/mem, the same frames by physical address",
	"# The devmem tool maps a page of /dev/mem in the task: the process's",
	"# store above is at physical 0x3f00010 (iomem=relaxed lets /dev/mem",
	"# map the memory past mem=).",
	"devmem 3f00000",
	"db 0 | head 2",
	"# Device registers too: the register block at 0xfebf0000, uncached.",
	"devmem febf0000",
	"rd 0",
	"walk u:$_",
	"devmem off",

	"= gupdio: direct I/O with pin_user_pages() (source 1)",
	"# write() pins the pages behind the user's buffer and reads them through",
	"# kmap_local_page(): no copy.  This buffer spans two pages.",
	"insmod gupdio.so",
	"open /dev/gupdio rdwr",
	"set fd $_",
	"write $fd $buf+0xff8 \"hello, direct I/O\"",
	"dmesg | grep gupdio",
	"# read() pins with FOLL_WRITE and writes into the user's pages.",
	"read $fd $buf+0x1000 9",
	"rb u:$buf+0x1000",
	"close $fd",
	"rmmod gupdio",

	"= dmacopy: DMA from a loadable platform driver",
	"# It binds the DMA engine's platform device (mmlab-dma.0): write() pins",
	"# the buffer, maps it as a scatterlist and the engine copies it by DMA;",
	"# read() brings it back through a dma_map_single()d bounce buffer.",
	"insmod dmacopy.so",
	"open /dev/dmacopy rdwr",
	"set fd $_",
	"write $fd $buf \"hello, DMA\"",
	"read $fd $buf+0x800 10",
	"dmesg | grep mmlab-dma.0:",
	"close $fd",
	"rmmod dmacopy",

	"= Afterwards",
	"# Every module is gone; their leftovers, if any, would be in dmesg.",
	"lsmod",
	"exit",
	"audit",
	NULL,
};

static const char *const lesson_drivers_files[] = {
	"kbuf.so", "vmfault.so", "mmapdrv.so", "gupdio.so", "dmacopy.so", NULL,
};

/* Is FILE in one of the ':'-separated directories of @path? */
static bool in_path(const char *path, const char *file)
{
	char buf[PATH_MAX];
	const char *p;

	for (p = path; *p;) {
		size_t len = strcspn(p, ":");

		if (len && snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, p,
				    file) < (int)sizeof(buf) &&
		    !access(buf, R_OK))
			return true;
		p += len + (p[len] == ':');
	}
	return false;
}

/*
 * Set $MMLAB_DRIVER_PATH, unless the user did, to the build tree next to
 * the binary or the install directory: the first that has the drivers.
 */
static void lesson_driver_path(void)
{
	char exe[PATH_MAX], dir[PATH_MAX];
	ssize_t n;
	char *slash;

	if (getenv("MMLAB_DRIVER_PATH"))
		return;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			int len = snprintf(dir, sizeof(dir), "%.*s/../../examples",
					   (int)(sizeof(dir) - 16), exe);

			if (len > 0 && len < (int)sizeof(dir) &&
			    in_path(dir, lesson_drivers_files[0])) {
				setenv("MMLAB_DRIVER_PATH", dir, 1);
				return;
			}
		}
	}
	setenv("MMLAB_DRIVER_PATH", MMLAB_DRIVER_DIR, 1);
}

/** lesson_config() - the machine a lesson boots: 64 MiB, mem=63M. */
int lesson_config(const char *name, struct mml_config *cfg)
{
	if (strcmp(name, "drivers")) {
		fprintf(stderr, "mmlab: no lesson '%s' (lessons: drivers)\n",
			name);
		return -1;
	}
	cfg->ram_size = 64ull << 20;
	cfg->cmdline = "mem=63M iomem=relaxed";
	return 0;
}

/* Every driver the lesson loads must be there before it starts. */
static int lesson_check_files(void)
{
	const char *path = getenv("MMLAB_DRIVER_PATH");
	const char *const *f;
	int missing = 0;

	for (f = lesson_drivers_files; *f; f++) {
		if (!in_path(path, *f)) {
			fprintf(stderr, "mmlab: lesson drivers: %s not found in %s\n",
				*f, path);
			missing++;
		}
	}
	if (missing)
		fprintf(stderr, "mmlab: build the example drivers (make all) or "
			"set MMLAB_DRIVER_PATH to their directory\n");
	return missing;
}

/**
 * shell_lesson() - run lesson @name on @sh's machine (booted with
 * lesson_config()).
 * Return: 0 if every step did what it should, else 1.
 */
int shell_lesson(struct shell *sh, const char *name)
{
	const char *const *line;
	int failures = 0;

	if (strcmp(name, "drivers") || lesson_check_files())
		return 1;
	sh->echo = true;
	sh->keep_going = true;
	printf("mmlab lesson drivers: the example drivers, one by one.\n");
	for (line = lesson_drivers_script; *line && !sh->quit; line++) {
		if (!strncmp(*line, "= ", 2))
			printf("\n== %s ==\n", *line + 2);
		else if (!strncmp(*line, "# ", 2))
			printf("%s\n", *line);
		else if (!strncmp(*line, "! ", 2))
			failures += !shell_run_line(sh, *line + 2);
		else
			failures += !!shell_run_line(sh, *line);
		fflush(stdout);
	}
	return failures ? 1 : 0;
}

/** lesson_prepare() - find the drivers before the machine boots. */
void lesson_prepare(void)
{
	lesson_driver_path();
}
