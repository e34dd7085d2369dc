// SPDX-License-Identifier: MIT
/*
 * devtmpfs: the machine's /dev, a flat directory of character-device
 * nodes that device_create() and misc_register() make and
 * device_destroy() removes (Linux's drivers/base/devtmpfs.c, mounted on
 * /dev).  Opening "/dev/NAME" gives a file whose inode has i_rdev and
 * def_chr_fops, so chrdev_open() reaches the driver.
 *
 * A node's inode takes the host's identity (st_dev, st_ino) when the host
 * has the same device at the same path, so that under root "/" the two
 * paths open one inode; otherwise devtmpfs's (0:5, a counter).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/device.h>
#include <linux/seq_buf.h>
#include "hw/hostfs.h"

struct devtmpfs_node {
	struct list_head list;		/* m->devtmpfs_nodes, by name */
	char name[64];
	dev_t devt;
	unsigned short mode;
	unsigned long ino;
};

static struct devtmpfs_node *node_find(const char *name, size_t len)
{
	struct devtmpfs_node *n;

	list_for_each_entry(n, &current_machine()->devtmpfs_nodes, list)
		if (strlen(n->name) == len && !memcmp(n->name, name, len))
			return n;
	return NULL;
}

/**
 * devtmpfs_create_node() - node /dev/@name for @devt with permissions
 * @mode.  Return: 0, -EEXIST for a name taken, -EINVAL, -ENOMEM.
 */
int devtmpfs_create_node(const char *name, dev_t devt, unsigned short mode)
{
	struct mml_machine *m = current_machine();
	struct devtmpfs_node *n, *pos;
	size_t len = strlen(name);

	if (!len || len >= sizeof(n->name) || strchr(name, '/'))
		return -EINVAL;
	if (node_find(name, len))
		return -EEXIST;
	if (should_fail(FAIL_SLAB))
		return -ENOMEM;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	memcpy(n->name, name, len + 1);
	n->devt = devt;
	n->mode = mode & 07777;
	n->ino = ++m->devtmpfs_last_ino + 2;	/* 1: the root, as tmpfs */
	list_for_each_entry(pos, &m->devtmpfs_nodes, list)
		if (strcmp(pos->name, name) > 0)
			break;
	list_add_tail(&n->list, &pos->list);
	return 0;
}

/** devtmpfs_delete_node() - remove /dev/@name; open files stay usable. */
void devtmpfs_delete_node(const char *name)
{
	struct devtmpfs_node *n = node_find(name, strlen(name));

	if (n) {
		list_del(&n->list);
		free(n);
	}
}

/* The node's inode (new reference), made on first open; NULL: no memory. */
static struct inode *node_inode(const struct devtmpfs_node *n)
{
	u64 dev = MKDEV(0, 5), ino = n->ino;
	struct hostfs_stat st;
	struct inode *inode;
	char path[80];

	snprintf(path, sizeof(path), "/dev/%s", n->name);
	if (!hostfs_stat(path, &st) && S_ISCHR(st.mode) &&
	    MKDEV(st.rdev_major, st.rdev_minor) == n->devt) {
		dev = MKDEV(st.dev_major, st.dev_minor);
		ino = st.ino;
	}
	inode = inode_get(dev, ino);
	if (inode)
		return inode;
	inode = new_inode(dev, ino);
	if (!inode)
		return NULL;
	inode->i_rdev = n->devt;
	inode->i_mode = S_IFCHR | n->mode;
	inode->i_fop = &def_chr_fops;
	return inode;
}

static int node_open(const struct devtmpfs_node *n, int flags,
		     struct file **filp)
{
	struct inode *inode;
	char path[80];

	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	inode = node_inode(n);
	if (!inode)
		return -ENOMEM;
	snprintf(path, sizeof(path), "/dev/%s", n->name);
	return vfs_open_inode(inode, flags & ~(O_CREAT | O_EXCL), path, filp);
}

/*
 * The next component of *@p (empty and "." ones skipped), its length in
 * *@len; NULL at the end.  A trailing slash leaves an empty last one.
 */
static const char *next_component(const char **p, size_t *len, bool *slash)
{
	const char *c = *p;

	for (;;) {
		*slash = false;
		while (*c == '/') {
			c++;
			*slash = true;
		}
		if (c[0] == '.' && (c[1] == '/' || !c[1])) {
			c++;
			continue;
		}
		break;
	}
	if (!*c)
		return NULL;
	*len = strcspn(c, "/");
	*p = c + *len;
	return c;
}

/** devtmpfs_open() - see linux/device.h. */
int devtmpfs_open(const char *path, int flags, struct file **filp)
{
	const char *p = path, *dir, *name;
	struct devtmpfs_node *n;
	size_t dlen, nlen, len;
	bool slash;

	dir = next_component(&p, &dlen, &slash);
	if (!dir || dlen != 3 || memcmp(dir, "dev", 3))
		return 1;
	name = next_component(&p, &nlen, &slash);
	if (!name || next_component(&p, &len, &slash) || slash)
		return 1;	/* "/dev", "/dev/x/y", "/dev/zero/": not a node */
	n = node_find(name, nlen);
	return n ? node_open(n, flags, filp) : 1;
}

/** devtmpfs_open_devt() - open the node of @devt; 1 if there is none. */
int devtmpfs_open_devt(dev_t devt, int flags, struct file **filp)
{
	struct devtmpfs_node *n;

	list_for_each_entry(n, &current_machine()->devtmpfs_nodes, list)
		if (n->devt == devt)
			return node_open(n, flags, filp);
	return 1;
}

/** devtmpfs_show() - "ls -l /dev": mode, major, minor, name. */
void devtmpfs_show(struct seq_buf *s)
{
	struct devtmpfs_node *n;

	list_for_each_entry(n, &current_machine()->devtmpfs_nodes, list) {
		char perm[11] = "c---------";
		int i;

		for (i = 0; i < 9; i++)
			if (n->mode & (0400 >> i))
				perm[1 + i] = "rwxrwxrwx"[i];
		seq_printf(s, "%s %3u, %3u %s\n", perm, MAJOR(n->devt),
			   MINOR(n->devt), n->name);
	}
}

/** devtmpfs_exit() - free every node (shutdown). */
void devtmpfs_exit(void)
{
	struct devtmpfs_node *n, *tmp;

	list_for_each_entry_safe(n, tmp, &current_machine()->devtmpfs_nodes, list) {
		list_del(&n->list);
		free(n);
	}
}
