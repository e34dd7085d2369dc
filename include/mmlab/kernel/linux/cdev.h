/* SPDX-License-Identifier: MIT */
/* <linux/cdev.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_CDEV_H
#define _MMLAB_SDK_LINUX_CDEV_H
#include <mmlab_sdk.h>
#endif
