/* SPDX-License-Identifier: MIT */
/* <linux/vmalloc.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_VMALLOC_H
#define _MMLAB_SDK_LINUX_VMALLOC_H
#include <mmlab_sdk.h>
#endif
