/* SPDX-License-Identifier: MIT */
/* <linux/scatterlist.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_SCATTERLIST_H
#define _MMLAB_SDK_LINUX_SCATTERLIST_H
#include <mmlab_sdk.h>
#endif
