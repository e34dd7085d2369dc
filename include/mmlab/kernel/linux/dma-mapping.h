/* SPDX-License-Identifier: MIT */
/* <linux/dma-mapping.h> of the mmlab driver SDK: everything is in mmlab_sdk.h. */
#ifndef _MMLAB_SDK_LINUX_DMA_MAPPING_H
#define _MMLAB_SDK_LINUX_DMA_MAPPING_H
#include <mmlab_sdk.h>
#endif
