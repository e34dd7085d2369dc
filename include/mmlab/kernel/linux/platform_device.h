/* SPDX-License-Identifier: MIT */
/* <linux/platform_device.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_PLATFORM_DEVICE_H
#define _MMLAB_SDK_LINUX_PLATFORM_DEVICE_H
#include <mmlab_sdk.h>
#endif
