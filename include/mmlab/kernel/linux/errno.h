/* SPDX-License-Identifier: MIT */
/*
 * <linux/errno.h> of the mmlab driver SDK.  glibc's <errno.h> includes
 * <linux/errno.h> too, and must find the values there: so this one is what
 * the system's is (<asm/errno.h>) and no more.
 */
#ifndef _MMLAB_SDK_LINUX_ERRNO_H
#define _MMLAB_SDK_LINUX_ERRNO_H
#include <asm/errno.h>
#endif
