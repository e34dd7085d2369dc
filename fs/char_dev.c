// SPDX-License-Identifier: MIT
/*
 * Character devices (Linux's fs/char_dev.c): regions of device numbers
 * registered by name, shown in /proc/devices; cdevs binding numbers to
 * file_operations; chrdev_open(), the ->open of every character-device
 * inode, which swaps in the driver's operations.
 *
 * mmlab keeps the regions in one list sorted by (major, baseminor) rather
 * than Linux's 255-bucket hash, and cdevs in a list rather than kobj_map:
 * the same answers, at a machine's scale.  The structures live on the
 * host heap (the kernel's view of a driver is not simulated memory).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/module.h>
#include <linux/seq_buf.h>

struct char_device_struct {
	struct list_head list;		/* m->chrdevs, by (major, baseminor) */
	unsigned int major, baseminor, minorct;
	char name[64];
	struct cdev *cdev;		/* __register_chrdev()'s own */
};

static bool overlaps(const struct char_device_struct *cd, unsigned int major,
		     unsigned int baseminor, unsigned int minorct)
{
	return cd->major == major && baseminor < cd->baseminor + cd->minorct &&
	       cd->baseminor < baseminor + minorct;
}

static bool major_in_use(unsigned int major)
{
	struct char_device_struct *cd;

	list_for_each_entry(cd, &current_machine()->chrdevs, list)
		if (cd->major == major)
			return true;
	return false;
}

/* find_dynamic_major(): the first free major of 254..234, then 511..384. */
static int find_dynamic_major(void)
{
	unsigned int i;

	for (i = 254; i >= CHRDEV_MAJOR_DYN_END; i--)
		if (!major_in_use(i))
			return (int)i;
	for (i = CHRDEV_MAJOR_DYN_EXT_START; i >= CHRDEV_MAJOR_DYN_EXT_END; i--)
		if (!major_in_use(i))
			return (int)i;
	return -EBUSY;
}

/*
 * __register_chrdev_region() - claim minors [@baseminor, +@minorct) of
 * @major (0: a dynamic one) under @name.
 * Return: the region, or ERR_PTR(-EINVAL) for a major past 511 or a
 * range past the minors, -EBUSY when taken, -ENOMEM.
 */
static struct char_device_struct *
__register_chrdev_region(unsigned int major, unsigned int baseminor,
			 unsigned int minorct, const char *name)
{
	struct mml_machine *m = current_machine();
	struct char_device_struct *cd, *pos;
	int ret;

	if (major >= CHRDEV_MAJOR_MAX || minorct > MINORMASK + 1 - baseminor ||
	    !minorct)
		return ERR_PTR(-EINVAL);
	if (!major) {
		ret = find_dynamic_major();
		if (ret < 0)
			return ERR_PTR(ret);
		major = (unsigned int)ret;
	}
	list_for_each_entry(pos, &m->chrdevs, list)
		if (overlaps(pos, major, baseminor, minorct))
			return ERR_PTR(-EBUSY);
	if (should_fail(FAIL_SLAB))
		return ERR_PTR(-ENOMEM);
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return ERR_PTR(-ENOMEM);
	cd->major = major;
	cd->baseminor = baseminor;
	cd->minorct = minorct;
	snprintf(cd->name, sizeof(cd->name), "%s", name ? name : "");
	list_for_each_entry(pos, &m->chrdevs, list)
		if (pos->major > major ||
		    (pos->major == major && pos->baseminor > baseminor))
			break;
	list_add_tail(&cd->list, &pos->list);
	return cd;
}

static struct char_device_struct *
__unregister_chrdev_region(unsigned int major, unsigned int baseminor,
			   unsigned int minorct)
{
	struct char_device_struct *cd;

	list_for_each_entry(cd, &current_machine()->chrdevs, list) {
		if (cd->major == major && cd->baseminor == baseminor &&
		    cd->minorct == minorct) {
			list_del(&cd->list);
			return cd;
		}
	}
	return NULL;
}

/**
 * register_chrdev_region() - claim device numbers [@from, +@count) under
 * @name; the range may span majors.  Return: 0 or -errno (nothing kept).
 */
int register_chrdev_region(dev_t from, unsigned int count, const char *name)
{
	dev_t to = from + count, n, next;
	struct char_device_struct *cd;

	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		if (next > to)
			next = to;
		cd = __register_chrdev_region(MAJOR(n), MINOR(n),
					      (unsigned int)(next - n), name);
		if (IS_ERR(cd))
			goto fail;
	}
	return 0;
fail:
	to = n;
	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		free(__unregister_chrdev_region(MAJOR(n), MINOR(n),
						(unsigned int)(next - n)));
	}
	return (int)PTR_ERR(cd);
}

/**
 * alloc_chrdev_region() - claim @count minors from @baseminor of a
 * dynamic major.  Return: 0 with *@dev the first number, or -errno.
 */
int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count,
			const char *name)
{
	struct char_device_struct *cd;

	cd = __register_chrdev_region(0, baseminor, count, name);
	if (IS_ERR(cd))
		return (int)PTR_ERR(cd);
	*dev = MKDEV(cd->major, cd->baseminor);
	return 0;
}

/** unregister_chrdev_region() - give back what register_chrdev_region() got. */
void unregister_chrdev_region(dev_t from, unsigned int count)
{
	dev_t to = from + count, n, next;

	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		if (next > to)
			next = to;
		free(__unregister_chrdev_region(MAJOR(n), MINOR(n),
						(unsigned int)(next - n)));
	}
}

/**
 * __register_chrdev() - a region of @count minors of @major (0: dynamic)
 * and a cdev with @fops over it (register_chrdev() takes 256 minors).
 * Return: the major if @major was 0, else 0; or -errno.
 */
int __register_chrdev(unsigned int major, unsigned int baseminor,
		      unsigned int count, const char *name,
		      const struct file_operations *fops)
{
	struct char_device_struct *cd;
	struct cdev *cdev;
	int err;

	cd = __register_chrdev_region(major, baseminor, count, name);
	if (IS_ERR(cd))
		return (int)PTR_ERR(cd);
	cdev = cdev_alloc();
	if (!cdev) {
		err = -ENOMEM;
		goto out_region;
	}
	cdev->owner = fops ? fops->owner : NULL;
	cdev->ops = fops;
	err = cdev_add(cdev, MKDEV(cd->major, baseminor), count);
	if (err)
		goto out_cdev;
	cd->cdev = cdev;
	return major ? 0 : (int)cd->major;

out_cdev:
	free(cdev);
out_region:
	free(__unregister_chrdev_region(cd->major, baseminor, count));
	return err;
}

/** __unregister_chrdev() - undo __register_chrdev() (its cdev too). */
void __unregister_chrdev(unsigned int major, unsigned int baseminor,
			 unsigned int count, const char *name)
{
	struct char_device_struct *cd;

	cd = __unregister_chrdev_region(major, baseminor, count);
	if (cd && cd->cdev) {
		cdev_del(cd->cdev);
		free(cd->cdev);
	}
	free(cd);
}

/** cdev_init() - set up @cdev with @fops (not yet reachable). */
void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof(*cdev));
	INIT_LIST_HEAD(&cdev->list);
	cdev->ops = fops;
}

/** cdev_alloc() - a zeroed cdev, or NULL; the caller frees it after cdev_del(). */
struct cdev *cdev_alloc(void)
{
	struct cdev *p;

	if (should_fail(FAIL_SLAB))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (p)
		INIT_LIST_HEAD(&p->list);
	return p;
}

/**
 * cdev_add() - make @p answer for numbers [@dev, +@count): opens find it
 * from now on.  Return: 0, or -EINVAL for no numbers, -EBUSY if @p is in.
 */
int cdev_add(struct cdev *p, dev_t dev, unsigned int count)
{
	if (!count)
		return -EINVAL;
	if (p->added)
		return -EBUSY;
	p->dev = dev;
	p->count = count;
	p->added = true;
	list_add(&p->list, &current_machine()->cdev_map);
	return 0;
}

/** cdev_del() - @p answers no more opens (open files keep their f_op). */
void cdev_del(struct cdev *p)
{
	if (!p->added)
		return;
	list_del_init(&p->list);
	p->added = false;
}

/* kobj_lookup(): the newest cdev whose range holds @dev. */
static struct cdev *cdev_lookup(dev_t dev)
{
	struct cdev *p;

	list_for_each_entry(p, &current_machine()->cdev_map, list)
		if (dev >= p->dev && dev - p->dev < p->count)
			return p;
	return NULL;
}

/**
 * chrdev_open() - ->open of character-device inodes: the cdev of
 * inode->i_rdev (-ENXIO if none), a reference on its owner module (-ENXIO
 * if it is going away), then the cdev's operations as f_op and their
 * ->open.  Return: 0 or -errno (the module reference given back).
 */
int chrdev_open(struct inode *inode, struct file *filp)
{
	struct cdev *p = cdev_lookup((dev_t)inode->i_rdev);
	const struct file_operations *fops;
	int ret = 0;

	if (!p || !p->ops)
		return -ENXIO;
	fops = p->ops;
	if (!try_module_get(fops->owner))
		return -ENXIO;
	filp->f_op = fops;
	if (fops->open) {
		ret = fops->open(inode, filp);
		if (ret) {
			module_put(fops->owner);
			filp->f_op = NULL;
		}
	}
	return ret;
}

/* def_chr_fops: every character-device inode's, until chrdev_open() swaps. */
const struct file_operations def_chr_fops = {
	.open = chrdev_open,
	.llseek = noop_llseek,
};

/**
 * chrdev_show() - /proc/devices as Linux prints it: each region's major
 * and name, by major, then the block devices (mmlab has none).
 */
void chrdev_show(struct seq_buf *s)
{
	struct char_device_struct *cd;

	seq_puts(s, "Character devices:\n");
	list_for_each_entry(cd, &current_machine()->chrdevs, list)
		seq_printf(s, "%3u %s\n", cd->major, cd->name);
	seq_puts(s, "\nBlock devices:\n");
}

/** chrdev_exit() - free every region and the cdevs they own (shutdown). */
void chrdev_exit(void)
{
	struct mml_machine *m = current_machine();
	struct char_device_struct *cd, *n;
	struct cdev *p, *pn;

	list_for_each_entry_safe(cd, n, &m->chrdevs, list) {
		list_del(&cd->list);
		if (cd->cdev) {
			cdev_del(cd->cdev);
			free(cd->cdev);
		}
		free(cd);
	}
	list_for_each_entry_safe(p, pn, &m->cdev_map, list)
		list_del_init(&p->list);
}
