/* SPDX-License-Identifier: MIT */
#ifndef _LINUX_GUP_H
#define _LINUX_GUP_H

#include <linux/types.h>

struct mml_machine;
struct mm_struct;
struct page;
struct task_struct;

#define FOLL_WRITE		0x01
#define FOLL_FORCE		0x10
#define FOLL_PIN		0x40000
#define GUP_PIN_COUNTING_BIAS	1024

/* mm/gup.c: the current task's pages, or (_remote) those of @mm. */
long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
void unpin_user_page(struct page *page);
/* mm/memory.c: ptrace-style access, through GUP or vm_ops->access(). */
int access_process_vm(struct task_struct *t, unsigned long addr, void *buf,
		      int len, unsigned int gup_flags);

#endif
