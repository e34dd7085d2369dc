/* SPDX-License-Identifier: MIT */
/* Helpers shared by the api/ files: the one place internal becomes public. */
#ifndef _API_API_H
#define _API_API_H

#include <linux/types.h>

struct mml_machine;

struct mml_task;
struct task_struct;

/* The public struct mml_task is the kernel's task_struct, kept opaque. */
static inline struct task_struct *task_of(const struct mml_task *t)
{
	return (struct task_struct *)t;
}

static inline struct mml_task *mml_task_of(struct task_struct *t)
{
	return (struct mml_task *)t;
}

/* Translate public MML_GFP_* flags to the kernel's gfp_t; -EINVAL if unknown. */
int api_gfp(unsigned int mml_gfp, gfp_t *gfp);

#endif
