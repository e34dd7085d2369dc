/* SPDX-License-Identifier: MIT */
/* <asm/set_memory.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_ASM_SET_MEMORY_H
#define _MMLAB_SDK_ASM_SET_MEMORY_H
#include <mmlab_sdk.h>
#endif
