/* SPDX-License-Identifier: MIT */
/* The resource tree behind /proc/iomem and /proc/ioports. */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H

#include <linux/types.h>

struct mml_machine;
struct seq_buf;

#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_BUSY		0x80000000
#define IORESOURCE_SYSTEM_RAM	0x01000000

struct resource {
	resource_size_t start;
	resource_size_t end;		/* inclusive */
	const char *name;
	unsigned long flags;
	struct resource *parent, *sibling, *child;
	bool allocated;			/* freed by release_resource() */
};

static inline resource_size_t resource_size(const struct resource *r)
{
	return r->end - r->start + 1;
}

/*
 * request_resource() - insert @new under @root where it fits exactly
 * between existing children.  Return: 0, or -EBUSY on a conflict.
 */
int request_resource(struct resource *root, struct resource *new);
/*
 * insert_resource() - insert @new, adopting existing children it covers.
 * Return: 0, or -EBUSY if it would straddle one.
 */
int insert_resource(struct resource *root, struct resource *new);
int release_resource(struct resource *old);

/* __request_region(): a new busy child of @parent.  NULL on conflict/ENOMEM. */
struct resource *__request_region(struct resource *parent,
				  resource_size_t start, resource_size_t n,
				  const char *name, unsigned long flags);
void __release_region(struct resource *parent, resource_size_t start,
		      resource_size_t n);
/* Free every resource allocated under @root. */
void resource_tree_free(struct resource *root);

/* Is [start, start+size) inside a "System RAM" resource? */
bool region_is_ram(struct resource *root, resource_size_t start,
		   resource_size_t size);
/* Does [start, start+size) intersect a "System RAM" resource? */
bool region_intersects_ram(struct resource *root, resource_size_t start,
			   resource_size_t size);

/* /proc/iomem and /proc/ioports */
void resource_show(struct resource *root, struct seq_buf *s);

#endif
