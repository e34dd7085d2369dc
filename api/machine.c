// SPDX-License-Identifier: MIT
/* Public entry points: the machine, its files, errors, audits. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/mm_inline.h>
#include <linux/arch.h>
#include <linux/proc_fs.h>
#include <linux/seq_buf.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/irq.h>
#include <linux/swiotlb.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <linux/fs.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

MML_API void mml_config_init(struct mml_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_size = 256ULL << 20;
	cfg->cmdline = "";
	cfg->arch = "x86_64";
	cfg->root = "/";
}

MML_API struct mml_machine *mml_machine_new_err(const struct mml_config *cfg,
						int *err, char *msg,
						size_t msglen)
{
	char local[256];
	int e;
	struct mml_machine *m;

	if (!msg || !msglen) {
		msg = local;
		msglen = sizeof(local);
	}
	msg[0] = '\0';
	if (!cfg) {
		snprintf(msg, msglen, "no configuration given");
		if (err)
			*err = -EINVAL;
		return NULL;
	}
	m = machine_boot(&(struct machine_config){
				.ram_size = cfg->ram_size,
				.cmdline = cfg->cmdline,
				.arch = cfg->arch,
				.seed = cfg->seed,
				.root = cfg->root,
				.legacy_va_layout = cfg->legacy_va_layout,
				.tlb_sets = cfg->tlb_sets,
				.tlb_ways = cfg->tlb_ways,
				.snapshot = cfg->snapshot != 0,
			 }, &e, msg, msglen);
	if (err)
		*err = m ? 0 : e;
	return m;
}

MML_API struct mml_machine *mml_machine_new(const struct mml_config *cfg)
{
	return mml_machine_new_err(cfg, NULL, NULL, 0);
}

MML_API void mml_machine_free(struct mml_machine *m)
{
	machine_shutdown(m);
}

MML_API int mml_machine_snapshot(struct mml_machine *m)
{
	machine_guard(m, NULL);
	int err = machine_snapshot();

	if (err == -EINVAL)
		mml_set_error(m, "snapshot: the machine was not booted with mml_config.snapshot");
	else if (err == -EBUSY)
		mml_set_error(m, "snapshot: the machine has one already");
	return err;
}

MML_API int mml_machine_restore(struct mml_machine *m)
{
	machine_guard(m, NULL);
	int err = machine_restore();

	if (err == -EINVAL)
		mml_set_error(m, "restore: the machine has no snapshot");
	return err;
}

void mml_set_error(struct mml_machine *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->last_error, sizeof(m->last_error), fmt, ap);
	va_end(ap);
}

/*
 * api_stopped_slow() - api_stopped() (api.h) for a machine that panicked:
 * -EIO, the panic in mml_last_error().
 */
int api_stopped_slow(struct mml_machine *m)
{
	mml_set_error(m, "the machine panicked (%s): only its log can be read",
		      m->panic_msg);
	return -EIO;
}

/*
 * api_task_stopped_slow() - as api_stopped() for @ut's machine, and -ESRCH
 * for a task an oops killed (it can only exit).
 */
int api_task_stopped_slow(const struct mml_task *ut)
{
	struct task_struct *t = task_of(ut);
	int err;

	if (!t)
		return 0;
	err = api_stopped(t->machine);
	if (err)
		return err;
	if (unlikely(t->oops_killed)) {
		mml_set_error(t->machine, "task %d was killed by an oops", t->pid);
		return -ESRCH;
	}
	return 0;
}

MML_API int mml_machine_panicked(struct mml_machine *m)
{
	return m && m->panicked;
}

MML_API const char *mml_last_error(const struct mml_machine *m)
{
	return m->last_error;
}

MML_API const char *mml_errname(int err)
{
	static const struct { int e; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
		{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { EBADF, "EBADF" },
		{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
		{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
		{ ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" }, { EOVERFLOW, "EOVERFLOW" },
		{ EUCLEAN, "EUCLEAN" }, { ENXIO, "ENXIO" }, { ESRCH, "ESRCH" },
		{ ECHILD, "ECHILD" }, { EMFILE, "EMFILE" }, { ENFILE, "ENFILE" },
		{ ENOTSUP, "EOPNOTSUPP" }, { ETXTBSY, "ETXTBSY" }, { EFBIG, "EFBIG" },
		{ ESPIPE, "ESPIPE" }, { EROFS, "EROFS" }, { EISDIR, "EISDIR" },
		{ ENOTDIR, "ENOTDIR" }, { ELOOP, "ELOOP" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ EHWPOISON, "EHWPOISON" }, { ENOEXEC, "ENOEXEC" }, { ENOTTY, "ENOTTY" },
	};
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].e == err)
			return names[i].name;
	return "E?";
}

/*
 * api_machine_read_file() - mml_machine_read_file() on behalf of the
 * current task, whatever it is: the files of page_tables/current_* show
 * its address space.
 */
long api_machine_read_file(struct mml_machine *m, const char *path,
			   char *buf, size_t n)
{
	struct seq_buf s;
	long len;
	int err;

	if (!path)
		return -EINVAL;
	/* a panicked machine's log is all that is safe to read */
	if (m->panicked && strcmp(path, "dmesg"))
		return api_stopped(m);
	seq_buf_init(&s);
	err = proc_show(path, &s);
	if (err) {
		seq_buf_free(&s);
		if (err == -ENOENT)
			mml_set_error(m, "%s: no such file in this machine", path);
		return err;
	}
	len = (long)s.len;
	if (buf && n) {
		size_t c = min(s.len, n - 1);

		if (c)
			memcpy(buf, s.buf, c);
		buf[c] = '\0';
	}
	seq_buf_free(&s);
	return len;
}

MML_API long mml_machine_read_file(struct mml_machine *m, const char *path,
				   char *buf, size_t n)
{
	machine_guard(m, NULL);

	return api_machine_read_file(m, path, buf, n);
}

MML_API const char *const *mml_machine_files(void)
{
	return proc_files;
}

MML_API void mml_layout(struct mml_machine *m, struct mml_layout *l)
{
	machine_guard(m, NULL);
	memset(l, 0, sizeof(*l));
	l->page_offset = PAGE_OFFSET;
	l->vmalloc_start = VMALLOC_START;
	l->vmalloc_end = VMALLOC_END;
	l->vmemmap_start = VMEMMAP_START;
	l->kernel_map = __START_KERNEL_map;
	l->high_memory = m->high_memory;
	l->max_pfn = m->max_pfn;
	l->ram_size = m->hw.ram_size;
	l->mem_limit = m->mem_limit;
	l->page_size = PAGE_SIZE;
	l->levels = m->arch->page_levels;
	l->arch = m->arch->name;
}

MML_API int mml_audit(struct mml_machine *m)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	static int (*const audits[])(char *, size_t) = {
		page_alloc_audit, slab_audit, vmalloc_audit, pgtable_audit,
		tlb_audit, filemap_audit, mm_audit, swap_audit, lru_audit,
		irq_audit, module_audit, swiotlb_audit, dma_debug_audit,
		memtype_audit,
	};
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(audits); i++) {
		err = audits[i](m->last_error, sizeof(m->last_error));
		if (err)
			return err;
	}
	return 0;
}

MML_API int mml_audit_task(struct mml_task *t)
{
	task_guard(t);
	int api_err = api_task_stopped(t);
	struct mml_machine *m = current_machine();

	if (api_err)
		return api_err;
	return mm_audit_mm(task_of(t)->mm, m->last_error,
			   sizeof(m->last_error));
}

MML_API void mml_fail_nth(struct mml_machine *m, enum mml_fail_kind kind,
			  long nth)
{
	machine_guard(m, NULL);
	static const enum fail_kind kinds[] = {
		[MML_FAIL_PAGE_ALLOC] = FAIL_PAGE_ALLOC,
		[MML_FAIL_SLAB] = FAIL_SLAB,
		[MML_FAIL_SWAP_SLOT] = FAIL_SWAP_SLOT,
		[MML_FAIL_SWAP_WRITE] = FAIL_SWAP_WRITE,
		[MML_FAIL_SWAP_READ] = FAIL_SWAP_READ,
	};

	if (api_stopped(m))
		return;
	if ((unsigned int)kind < ARRAY_SIZE(kinds))
		m->fail_nth[kinds[kind]] = nth < 0 ? -1 : nth;
}
