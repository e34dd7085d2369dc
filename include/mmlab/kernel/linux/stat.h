/* SPDX-License-Identifier: MIT */
/* <linux/stat.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_STAT_H
#define _MMLAB_SDK_LINUX_STAT_H
#include <mmlab_sdk.h>
#endif
