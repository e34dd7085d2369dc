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
/* Userland may not map this resource (/dev/mem), whatever iomem= says. */
#define IORESOURCE_EXCLUSIVE	0x08000000

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

/*
 * request_mem_region(), request_mem_region_exclusive(), release_mem_region():
 * a driver claims [@start, @start+@n) of the current machine's physical
 * address space (busy, and with _exclusive() IORESOURCE_EXCLUSIVE too).
 * Linux's are macros over iomem_resource; here iomem_resource is the
 * machine's.  Return: the new resource, or NULL on a conflict or ENOMEM.
 */
struct resource *request_mem_region(resource_size_t start, resource_size_t n,
				    const char *name);
struct resource *request_mem_region_exclusive(resource_size_t start,
					      resource_size_t n,
					      const char *name);
void release_mem_region(resource_size_t start, resource_size_t n);

/*
 * reserve_region_with_split() - claim [@start, @end] under @root as busy
 * @name wherever nobody has claimed it yet: the parts that conflict with a
 * top-level child are cut out (e820's "RAM buffer").
 */
void reserve_region_with_split(struct resource *root, resource_size_t start,
			       resource_size_t end, const char *name);

/*
 * resource_is_exclusive() - may userland not map [@addr, @addr+@size) of
 * @root?  True when a resource there is System RAM marked exclusive, or,
 * unless the machine booted with iomem=relaxed, is busy and (with
 * IO_STRICT_DEVMEM, which mmlab models as Debian builds it) claimed by
 * anyone, exclusive or not.
 * iomem_is_exclusive() - the same for the page at @addr of iomem_resource.
 */
bool resource_is_exclusive(struct resource *root, u64 addr,
			   resource_size_t size);
bool iomem_is_exclusive(u64 addr);
/* page_is_ram() - does page frame @pfn lie in a "System RAM" resource? */
int page_is_ram(unsigned long pfn);

/* /proc/iomem and /proc/ioports */
void resource_show(struct resource *root, struct seq_buf *s);

#endif
