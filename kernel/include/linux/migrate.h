/* SPDX-License-Identifier: MIT */
#ifndef _LINUX_MIGRATE_H
#define _LINUX_MIGRATE_H

#include <linux/types.h>

struct mml_machine;

/* Told of each PTE switched: the task, the address, the entry before/after. */
typedef void (*migrate_report_fn)(int pid, unsigned long addr, u64 old_pte,
				  u64 new_pte, bool anon, void *arg);

int migrate_user_page(unsigned long pfn, unsigned long *new_pfn,
		      migrate_report_fn report, void *arg);

#endif
