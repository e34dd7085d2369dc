/* SPDX-License-Identifier: MIT */
/* <linux/ioport.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_IOPORT_H
#define _MMLAB_SDK_LINUX_IOPORT_H
#include <mmlab_sdk.h>
#endif
