/* SPDX-License-Identifier: MIT */
/* The kernel's dev_t: a 12-bit major above a 20-bit minor, as in Linux. */
#ifndef _LINUX_KDEV_T_H
#define _LINUX_KDEV_T_H

#include <linux/types.h>

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)

#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)	(((u64)(ma) << MINORBITS) | (mi))

/* The number stat(2) gives user space for @dev (Linux's new_encode_dev()). */
static inline u32 new_encode_dev(u64 dev)
{
	unsigned int major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

#endif /* _LINUX_KDEV_T_H */
