// SPDX-License-Identifier: MIT
/* A module with an init and no exit: Linux cannot remove it (EBUSY). */
#include <linux/module.h>

static int __init noexit_init(void)
{
	pr_info("noexit: loaded for good\n");
	return 0;
}

module_init(noexit_init);
MODULE_LICENSE("GPL");
