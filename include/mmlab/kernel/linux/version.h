/* SPDX-License-Identifier: MIT */
/* <linux/version.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_VERSION_H
#define _MMLAB_SDK_LINUX_VERSION_H
#include <mmlab_sdk.h>
#endif
