/* SPDX-License-Identifier: MIT */
/* Helpers shared by the api/ files: the one place internal becomes public. */
#ifndef _API_API_H
#define _API_API_H

#include <linux/types.h>

struct mml_machine;

/* Translate public MML_GFP_* flags to the kernel's gfp_t; -EINVAL if unknown. */
int api_gfp(unsigned int mml_gfp, gfp_t *gfp);

#endif
