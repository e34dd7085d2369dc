/* SPDX-License-Identifier: MIT */
/*
 * Page reclaim's entry points (mm/vmscan.c) and the OOM killer
 * (mm/oom_kill.c).  Linux declares most of these in <linux/swap.h>.
 */
#ifndef _LINUX_VMSCAN_H
#define _LINUX_VMSCAN_H

#include <linux/types.h>
#include <linux/list.h>

struct page;
struct lruvec;
struct task_struct;

/* mm/vmscan.c */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order);
void wakeup_kswapd(gfp_t gfp, unsigned int order);
unsigned long kswapd_run(void);
unsigned long reclaim_pages(struct list_head *list);
bool isolate_lru_page(struct page *page);
void lruvec_putback_folio(struct lruvec *lruvec, struct page *page);
unsigned long drop_pagecache(void);

/* mm/oom_kill.c */
bool out_of_memory(gfp_t gfp, unsigned int order);
long oom_badness(struct task_struct *p, unsigned long totalpages);
unsigned long oom_totalpages(void);
void oom_reap_task(struct task_struct *p);

#endif
