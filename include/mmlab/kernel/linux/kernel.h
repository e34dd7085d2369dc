/* SPDX-License-Identifier: MIT */
/* <linux/kernel.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_KERNEL_H
#define _MMLAB_SDK_LINUX_KERNEL_H
#include <mmlab_sdk.h>
#endif
