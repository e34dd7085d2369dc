/* SPDX-License-Identifier: MIT */
/*
 * Character devices (fs/char_dev.c): device-number regions registered by
 * name (/proc/devices), and struct cdev, which binds a range of numbers to
 * a driver's file_operations.  Opening a character-device inode goes
 * through def_chr_fops: chrdev_open() finds the cdev by i_rdev, takes a
 * reference on its owner module and swaps f_op for the cdev's.
 */
#ifndef _LINUX_CDEV_H
#define _LINUX_CDEV_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/kdev_t.h>
#include <sys/types.h>		/* dev_t: the host's (64 bits), holds MKDEV() */

struct file_operations;
struct module;
struct inode;
struct file;
struct seq_buf;

#define CHRDEV_MAJOR_MAX		512
#define CHRDEV_MAJOR_DYN_END		234	/* dynamic majors: 254 down to 234 */
#define CHRDEV_MAJOR_DYN_EXT_START	511	/* then 511 down to 384 */
#define CHRDEV_MAJOR_DYN_EXT_END	384

/* The layout the driver SDK declares (tests/link compares them). */
struct cdev {
	struct module *owner;
	const struct file_operations *ops;
	struct list_head list;		/* m->cdev_map, once added */
	u32 dev;			/* Linux's dev_t: 32 bits */
	unsigned int count;
	bool added;
};

/* fs/char_dev.c */
int register_chrdev_region(dev_t from, unsigned int count, const char *name);
int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count,
			const char *name);
void unregister_chrdev_region(dev_t from, unsigned int count);
int __register_chrdev(unsigned int major, unsigned int baseminor,
		      unsigned int count, const char *name,
		      const struct file_operations *fops);
void __unregister_chrdev(unsigned int major, unsigned int baseminor,
			 unsigned int count, const char *name);

static inline int register_chrdev(unsigned int major, const char *name,
				  const struct file_operations *fops)
{
	return __register_chrdev(major, 0, 256, name, fops);
}

static inline void unregister_chrdev(unsigned int major, const char *name)
{
	__unregister_chrdev(major, 0, 256, name);
}

void cdev_init(struct cdev *cdev, const struct file_operations *fops);
struct cdev *cdev_alloc(void);
int cdev_add(struct cdev *p, dev_t dev, unsigned int count);
void cdev_del(struct cdev *p);

extern const struct file_operations def_chr_fops;
int chrdev_open(struct inode *inode, struct file *filp);

/* /proc/devices */
void chrdev_show(struct seq_buf *s);
/* At machine shutdown: whatever is still registered. */
void chrdev_exit(void);

#endif /* _LINUX_CDEV_H */
