/* SPDX-License-Identifier: MIT */
/* <linux/set_memory.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_SET_MEMORY_H
#define _MMLAB_SDK_LINUX_SET_MEMORY_H
#include <mmlab_sdk.h>
#endif
