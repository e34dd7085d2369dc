/* SPDX-License-Identifier: MIT */
/* Shared by the files of fs/proc/. */
#ifndef _FS_PROC_INTERNAL_H
#define _FS_PROC_INTERNAL_H

#include <linux/types.h>

struct task_struct;
struct seq_buf;
struct mm_struct;
struct vm_area_struct;

/* fs/proc/task_mmu.c */
const char *vma_name(struct vm_area_struct *vma, char *buf, size_t n);
void show_map_vma(struct seq_buf *s, struct vm_area_struct *vma);
void show_gate_vma(struct seq_buf *s, struct mm_struct *mm);
/* fs/proc/task_smaps.c */
void smaps_show(struct task_struct *t, struct seq_buf *s);
void smaps_rollup_show(struct task_struct *t, struct seq_buf *s);
/* fs/proc/array.c */
void status_show(struct task_struct *t, struct seq_buf *s);
void stat_show(struct task_struct *t, struct seq_buf *s);
void oom_score_show(struct task_struct *t, struct seq_buf *s);
void oom_score_adj_show(struct task_struct *t, struct seq_buf *s);

#endif
