// SPDX-License-Identifier: MIT
/* /proc/<pid>/maps and the per-task file table of /proc/<pid>/. */
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/seq_buf.h>
#include <linux/proc_fs.h>
#include "mm/internal.h"
#include <asm/processor.h>
#include "fs/proc/internal.h"


/*
 * show_vma_header_prefix(): "start-end perms offset dev:dev inode ",
 * padded to 73 columns when a name follows.
 */
static void show_vma_header(struct seq_buf *s, unsigned long start,
			    unsigned long end, unsigned long flags,
			    unsigned long long pgoff, u64 dev, u64 ino,
			    const char *name)
{
	size_t line = s->len;

	seq_printf(s, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %llu ", start, end,
		   (flags & VM_READ) ? 'r' : '-', (flags & VM_WRITE) ? 'w' : '-',
		   (flags & VM_EXEC) ? 'x' : '-', (flags & VM_MAYSHARE) ? 's' : 'p',
		   pgoff, MAJOR(dev), MINOR(dev),
		   (unsigned long long)ino);
	if (name) {
		size_t col = s->len - line;

		if (col < 72)
			seq_printf(s, "%*s", (int)(72 - col), "");
		seq_putc(s, ' ');
		seq_puts(s, name);
	}
	seq_putc(s, '\n');
}

/** vma_name() - the name maps shows for @vma, or NULL. */
const char *vma_name(struct vm_area_struct *vma, char *buf, size_t n)
{
	struct mm_struct *mm = vma->vm_mm;

	if (vma->vm_file) {
		if (vma->vm_file->f_inode->i_deleted)
			snprintf(buf, n, "%s (deleted)", vma->vm_file->f_path);
		else
			snprintf(buf, n, "%s", vma->vm_file->f_path);
		return buf;
	}
	if (vma->vm_ops && vma->vm_ops->name) {
		const char *name = vma->vm_ops->name(vma);

		if (name)
			return name;
	}
	if (vma->anon_name) {
		snprintf(buf, n, "[anon:%s]", vma->anon_name);
		return buf;
	}
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

void show_map_vma(struct seq_buf *s, struct vm_area_struct *vma)
{
	struct inode *inode = vma->vm_file ? vma->vm_file->f_inode : NULL;
	char name[4096];

	show_vma_header(s, vma->vm_start, vma->vm_end, vma->vm_flags,
			inode ? (unsigned long long)vma->vm_pgoff << PAGE_SHIFT : 0,
			inode ? inode->i_dev : 0, inode ? inode->i_ino : 0,
			vma_name(vma, name, sizeof(name)));
}

/* The architecture's gate area (x86-64: the vsyscall page), if it has one. */
void show_gate_vma(struct seq_buf *s, struct mm_struct *mm)
{
	const struct vm_area_struct *gate = get_gate_vma(mm);

	if (gate)
		show_vma_header(s, gate->vm_start, gate->vm_end, gate->vm_flags,
				0, 0, 0, arch_vma_name(gate));
}

static void maps_show(struct task_struct *t, struct seq_buf *s)
{
	struct vm_area_struct *vma;

	for (vma = t->mm->mmap; vma; vma = vma->vm_next)
		show_map_vma(s, vma);
	show_gate_vma(s, t->mm);
}

static const struct {
	const char *name;
	void (*show)(struct task_struct *t, struct seq_buf *s);
} pid_files[] = {
	{ "maps", maps_show },
	{ "smaps", smaps_show },
	{ "smaps_rollup", smaps_rollup_show },
	{ "status", status_show },
	{ "stat", stat_show },
	{ "oom_score", oom_score_show },
	{ "oom_score_adj", oom_score_adj_show },
};

int proc_pid_show(struct task_struct *t, const char *name, struct seq_buf *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pid_files); i++) {
		if (!strcmp(pid_files[i].name, name)) {
			pid_files[i].show(t, s);
			return s->overflow ? -ENOMEM : 0;
		}
	}
	return -ENOENT;
}
