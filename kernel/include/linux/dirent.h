/* SPDX-License-Identifier: MIT */
/*
 * struct linux_dirent64, the record getdents64(2) writes (Linux:
 * include/linux/dirent.h), the same on every architecture; and the
 * d_type values (DT_*).
 */
#ifndef _LINUX_DIRENT_H
#define _LINUX_DIRENT_H

#include <linux/types.h>

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;		/* the position after this record */
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define DT_WHT		14

#endif
