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

static struct resource *find_exact(struct resource *root,
				   resource_size_t start, resource_size_t end)
{
	struct resource *r, *f;

	for (r = root->child; r; r = r->sibling) {
		if (r->start == start && r->end == end)
			return r;
		if (r->start <= start && r->end >= end) {
			f = find_exact(r, start, end);
			if (f)
				return f;
		}
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
