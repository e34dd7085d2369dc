// SPDX-License-Identifier: MIT
/*
 * The resource tree (/proc/iomem, /proc/ioports): who owns which range of
 * physical addresses and I/O ports.  Children are sorted and never
 * overlap; a child lies inside its parent.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/ioport.h>
#include <linux/seq_buf.h>
#include <linux/machine.h>

#define MAX_IORES_LEVEL 5

/* Insert @new among @root's children; the conflicting child, or NULL. */
static struct resource *__request_resource(struct resource *root,
					   struct resource *new)
{
	struct resource **p = &root->child, *tmp;

	if (new->end < new->start || new->start < root->start ||
	    new->end > root->end)
		return root;
	for (;;) {
		tmp = *p;
		if (!tmp || tmp->start > new->end) {
			new->sibling = tmp;
			*p = new;
			new->parent = root;
			return NULL;
		}
		p = &tmp->sibling;
		if (tmp->end < new->start)
			continue;
		return tmp;
	}
}

int request_resource(struct resource *root, struct resource *new)
{
	return __request_resource(root, new) ? -EBUSY : 0;
}

/*
 * insert_resource() - like request_resource(), but @new may cover existing
 * children (they move under it) or lie inside one (it goes down a level).
 */
int insert_resource(struct resource *root, struct resource *new)
{
	struct resource *parent = root, *first, *next, **pp;

	for (;;) {
		first = __request_resource(parent, new);
		if (!first)
			return 0;
		if (first == parent)
			return -EBUSY;
		if (first->start <= new->start && first->end >= new->end &&
		    !(first->start == new->start && first->end == new->end)) {
			parent = first;		/* inside: go down */
			continue;
		}
		break;
	}
	/* @new must cover @first and every sibling it touches entirely. */
	if (first->start < new->start || first->end > new->end)
		return -EBUSY;
	for (next = first; next->sibling; next = next->sibling) {
		if (next->sibling->start > new->end)
			break;
		if (next->sibling->end > new->end)
			return -EBUSY;
	}
	new->parent = parent;
	new->sibling = next->sibling;
	new->child = first;
	next->sibling = NULL;
	for (next = first; next; next = next->sibling)
		next->parent = new;
	for (pp = &parent->child; *pp != first; pp = &(*pp)->sibling)
		;
	*pp = new;
	return 0;
}

/* Unlink @old; its children move up to take its place. */
int release_resource(struct resource *old)
{
	struct resource **p, *c;

	if (!old->parent)
		return -EINVAL;
	for (p = &old->parent->child; *p; p = &(*p)->sibling) {
		if (*p != old)
			continue;
		if (old->child) {
			*p = old->child;
			for (c = old->child; c->sibling; c = c->sibling)
				c->parent = old->parent;
			c->parent = old->parent;
			c->sibling = old->sibling;
		} else {
			*p = old->sibling;
		}
		old->parent = old->sibling = old->child = NULL;
		return 0;
	}
	return -EINVAL;
}

struct resource *__request_region(struct resource *parent,
				  resource_size_t start, resource_size_t n,
				  const char *name, unsigned long flags)
{
	struct resource *res, *conflict;

	if (!n || start + n - 1 < start)
		return NULL;
	res = calloc(1, sizeof(*res));
	if (!res)
		return NULL;
	res->start = start;
	res->end = start + n - 1;
	res->name = name;
	res->flags = flags | IORESOURCE_BUSY;
	res->allocated = true;
	for (;;) {
		conflict = __request_resource(parent, res);
		if (!conflict)
			return res;
		/* Like Linux: descend into a non-busy container that holds us. */
		if (conflict != parent && !(conflict->flags & IORESOURCE_BUSY) &&
		    conflict->start <= res->start && conflict->end >= res->end) {
			parent = conflict;
			continue;
		}
		free(res);
		return NULL;
	}
}

/*
 * The busy resource that is exactly [start, end], looked for as Linux's
 * __release_region() does: down through the non-busy containers that
 * hold the range (a device's BAR around its driver's claim).
 */
static struct resource *find_exact(struct resource *root,
				   resource_size_t start, resource_size_t end)
{
	struct resource *r = root->child;

	while (r) {
		if (r->start > start || r->end < end) {
			r = r->sibling;
			continue;
		}
		if (!(r->flags & IORESOURCE_BUSY)) {
			r = r->child;
			continue;
		}
		return r->start == start && r->end == end ? r : NULL;
	}
	return NULL;
}

void __release_region(struct resource *parent, resource_size_t start,
		      resource_size_t n)
{
	struct resource *r = find_exact(parent, start, start + n - 1);

	if (!r)
		return;
	release_resource(r);
	if (r->allocated)
		free(r);
}

struct resource *request_mem_region(resource_size_t start, resource_size_t n,
				    const char *name)
{
	return __request_region(&current_machine()->iomem_resource, start, n,
				name, 0);
}

struct resource *request_mem_region_exclusive(resource_size_t start,
					      resource_size_t n,
					      const char *name)
{
	return __request_region(&current_machine()->iomem_resource, start, n,
				name, IORESOURCE_EXCLUSIVE);
}

void release_mem_region(resource_size_t start, resource_size_t n)
{
	__release_region(&current_machine()->iomem_resource, start, n);
}

static struct resource *busy_region_alloc(struct resource *root,
					  resource_size_t start,
					  resource_size_t end, const char *name)
{
	struct resource *res = calloc(1, sizeof(*res));

	if (!res)
		return NULL;
	res->start = start;
	res->end = end;
	res->name = name;
	res->flags = (root->flags & (IORESOURCE_IO | IORESOURCE_MEM)) |
		     IORESOURCE_BUSY;
	res->allocated = true;
	return res;
}

/*
 * Claim [@start, @end] among @root's children, cutting it around every
 * child already there: the part below a conflict is kept and the part
 * above it tried next.  Nothing is claimed where a child covers it all.
 */
void reserve_region_with_split(struct resource *root, resource_size_t start,
			       resource_size_t end, const char *name)
{
	struct resource *res, *conflict;

	if (start > end || start < root->start || end > root->end)
		return;
	while (start <= end) {
		res = busy_region_alloc(root, start, end, name);
		if (!res)
			return;
		conflict = __request_resource(root, res);
		if (!conflict)
			return;
		if (conflict->start > start) {
			res->end = conflict->start - 1;
			if (__request_resource(root, res))
				free(res);	/* cannot happen: below @conflict */
		} else {
			free(res);
		}
		if (conflict->end >= end)
			return;
		start = conflict->end + 1;
	}
}

/* The next resource in a depth-first walk of the tree (r_next()). */
static struct resource *next_resource(struct resource *p, bool skip_children)
{
	if (!skip_children && p->child)
		return p->child;
	while (!p->sibling && p->parent)
		p = p->parent;
	return p->sibling;
}

bool resource_is_exclusive(struct resource *root, u64 addr,
			   resource_size_t size)
{
	const unsigned long exclusive_system_ram = IORESOURCE_SYSTEM_RAM |
						   IORESOURCE_EXCLUSIVE;
	bool strict = current_machine()->strict_iomem_checks;
	bool skip_children = false;
	struct resource *p;

	for (p = root->child; p; p = next_resource(p, skip_children)) {
		if (p->start >= addr + size)
			break;
		skip_children = p->end < addr;
		if (skip_children)
			continue;
		/* Even iomem=relaxed leaves exclusive System RAM alone. */
		if ((p->flags & exclusive_system_ram) == exclusive_system_ram)
			return true;
		if (!strict || !(p->flags & IORESOURCE_BUSY))
			continue;
		/* CONFIG_IO_STRICT_DEVMEM=y: any busy range is exclusive. */
		return true;
	}
	return false;
}

bool iomem_is_exclusive(u64 addr)
{
	return resource_is_exclusive(&current_machine()->iomem_resource,
				     addr & ~(u64)(PAGE_SIZE - 1), PAGE_SIZE);
}

int page_is_ram(unsigned long pfn)
{
	return region_is_ram(&current_machine()->iomem_resource,
			     (resource_size_t)pfn << PAGE_SHIFT, PAGE_SIZE);
}

static void free_children(struct resource *r)
{
	struct resource *c = r->child, *next;

	while (c) {
		next = c->sibling;
		free_children(c);
		if (c->allocated)
			free(c);
		else
			c->parent = c->sibling = c->child = NULL;
		c = next;
	}
	r->child = NULL;
}

void resource_tree_free(struct resource *root)
{
	free_children(root);
}

static bool walk_ram(struct resource *root, resource_size_t start,
		     resource_size_t end, bool whole)
{
	struct resource *r;

	for (r = root->child; r; r = r->sibling) {
		if (r->end < start || r->start > end)
			continue;
		if (r->flags & IORESOURCE_SYSTEM_RAM) {
			if (!whole)
				return true;
			if (r->start <= start && r->end >= end)
				return true;
		}
		if (walk_ram(r, start, end, whole))
			return true;
	}
	return false;
}

bool region_is_ram(struct resource *root, resource_size_t start,
		   resource_size_t size)
{
	return size && walk_ram(root, start, start + size - 1, true);
}

bool region_intersects_ram(struct resource *root, resource_size_t start,
			   resource_size_t size)
{
	return size && walk_ram(root, start, start + size - 1, false);
}

static void show_level(struct resource *r, int depth, int width,
		       struct seq_buf *s)
{
	for (; r; r = r->sibling) {
		seq_printf(s, "%*s%0*llx-%0*llx : %s\n", depth * 2, "",
			   width, (unsigned long long)r->start,
			   width, (unsigned long long)r->end,
			   r->name ? r->name : "<BAD>");
		if (r->child && depth + 1 < MAX_IORES_LEVEL)
			show_level(r->child, depth + 1, width, s);
	}
}

/* r_show(): two spaces a level; 4 hex digits for ports, 8 for memory. */
void resource_show(struct resource *root, struct seq_buf *s)
{
	show_level(root->child, 0, root->end < 0x10000 ? 4 : 8, s);
}
