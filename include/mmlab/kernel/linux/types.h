/* SPDX-License-Identifier: MIT */
/* <linux/types.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_TYPES_H
#define _MMLAB_SDK_LINUX_TYPES_H
#include <mmlab_sdk.h>
#endif
