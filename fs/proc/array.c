// SPDX-License-Identifier: MIT
/* STUB: being written. */
#include <linux/seq_buf.h>
#include "fs/proc/internal.h"
void status_show(struct task_struct *t, struct seq_buf *s) { (void)t; s->overflow = true; }
void stat_show(struct task_struct *t, struct seq_buf *s) { (void)t; s->overflow = true; }
