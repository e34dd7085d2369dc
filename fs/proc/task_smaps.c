// SPDX-License-Identifier: MIT
/* STUB: being written. */
#include <linux/seq_buf.h>
#include "fs/proc/internal.h"
void smaps_show(struct task_struct *t, struct seq_buf *s) { (void)t; s->overflow = true; }
void smaps_rollup_show(struct task_struct *t, struct seq_buf *s) { (void)t; s->overflow = true; }
