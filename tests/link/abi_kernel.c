// SPDX-License-Identifier: MIT
/* The shared structures' layout as the kernel declares it. */
#include <stddef.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/cdev.h>
#include <linux/miscdevice.h>
#include <linux/platform_device.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>
#include <linux/moduleparam.h>
#include "abi.h"

const struct abi_entry abi_kernel[] = {
#define SIZE(s)		{ "sizeof(struct " #s ")", sizeof(struct s) },
#define FIELD(s, f)	{ "offsetof(struct " #s ", " #f ")", offsetof(struct s, f) },
#include "abi_fields.h"
	{ NULL, 0 }
};
