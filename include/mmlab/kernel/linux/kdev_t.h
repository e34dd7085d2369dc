/* SPDX-License-Identifier: MIT */
/* <linux/kdev_t.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_KDEV_T_H
#define _MMLAB_SDK_LINUX_KDEV_T_H
#include <mmlab_sdk.h>
#endif
