// SPDX-License-Identifier: MIT
/*
 * The B-tree that indexes an mm's VMAs (see kernel/include/linux/vma_tree.h).
 *
 * Every leaf is at depth height - 1.  A node other than the root holds
 * between VMA_TREE_MIN and VMA_TREE_SLOTS slots: a full node splits in two
 * where it takes one more (node_add()), and a node that falls below VMA_TREE_MIN
 * merges with a sibling (if the two fit in VMA_TREE_MERGE_MAX slots) or
 * takes half of the sibling's.  The slack between the two thresholds keeps
 * an insert/erase pair at a node boundary from splitting and merging every
 * time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/vma_tree.h>

#define VMA_TREE_MIN		4
#define VMA_TREE_MERGE_MAX	12

static bool is_leaf(const struct vma_tree *t, int level)
{
	return level == t->height - 1;
}

static struct vma_tree_node *node_get(struct vma_tree *t)
{
	struct vma_tree_node *node = t->spare[--t->nr_spare];

	node->nr = 0;
	return node;
}

static void node_put(struct vma_tree *t, struct vma_tree_node *node)
{
	if (t->nr_spare < VMA_TREE_RESERVE)
		t->spare[t->nr_spare++] = node;
	else
		free(node);
}

static unsigned long node_max_gap(const struct vma_tree_node *node)
{
	unsigned long max = 0;
	unsigned int i;

	for (i = 0; i < node->nr; i++)
		if (node->gap[i] > max)
			max = node->gap[i];
	return max;
}

/*
 * Slot @i of internal @node summarises its child again.
 * Return: whether the summary changed.
 */
static bool node_refresh(struct vma_tree_node *node, unsigned int i)
{
	struct vma_tree_node *child = node->slot[i];
	unsigned long pivot = child->pivot[child->nr - 1];
	unsigned long gap = node_max_gap(child);

	if (node->pivot[i] == pivot && node->gap[i] == gap)
		return false;
	node->pivot[i] = pivot;
	node->gap[i] = gap;
	return true;
}

static void node_insert_at(struct vma_tree_node *node, unsigned int pos,
			   unsigned long pivot, unsigned long gap, void *entry)
{
	unsigned int j;

	/* A few slots at most: plain loops beat three memmove() calls. */
	for (j = node->nr; j > pos; j--) {
		node->pivot[j] = node->pivot[j - 1];
		node->gap[j] = node->gap[j - 1];
		node->slot[j] = node->slot[j - 1];
	}
	node->pivot[pos] = pivot;
	node->gap[pos] = gap;
	node->slot[pos] = entry;
	node->nr++;
}

static void node_remove_at(struct vma_tree_node *node, unsigned int pos)
{
	unsigned int j;

	for (j = pos; j + 1 < node->nr; j++) {
		node->pivot[j] = node->pivot[j + 1];
		node->gap[j] = node->gap[j + 1];
		node->slot[j] = node->slot[j + 1];
	}
	node->nr--;
}

/* Move @n slots of @src starting at @from to the end of @dst. */
static void node_move(struct vma_tree_node *dst, struct vma_tree_node *src,
		      unsigned int from, unsigned int n)
{
	memcpy(&dst->pivot[dst->nr], &src->pivot[from], n * sizeof(src->pivot[0]));
	memcpy(&dst->gap[dst->nr], &src->gap[from], n * sizeof(src->gap[0]));
	memcpy(&dst->slot[dst->nr], &src->slot[from], n * sizeof(src->slot[0]));
	dst->nr += n;
}

/* The first slot whose pivot is >= @key, or nr. */
static unsigned int node_lower_bound(const struct vma_tree_node *node,
				     unsigned long key)
{
	unsigned int i = 0;

	while (i < node->nr && node->pivot[i] < key)
		i++;
	return i;
}

/**
 * vma_tree_preallocate() - make sure the next vma_tree_insert() on @t
 * needs no allocation: reserve a node for every level that could split
 * and one for a new root.
 * Return: 0, or -ENOMEM (nothing in the tree changed).
 */
int vma_tree_preallocate(struct vma_tree *t)
{
	int need = t->height + 1;
	struct vma_tree_node *node;

	if (need > VMA_TREE_RESERVE)
		return -ENOMEM;
	while (t->nr_spare < need) {
		if (should_fail(FAIL_SLAB))
			return -ENOMEM;
		node = malloc(sizeof(*node));
		if (!node)
			return -ENOMEM;
		t->spare[t->nr_spare++] = node;
	}
	return 0;
}

/* Set @next's gap at slot @i of @leaf if it is there. Return: whether it was. */
static bool leaf_set_next(struct vma_tree_node *leaf, unsigned int i,
			  const struct vma_tree_next *next)
{
	if (!next || i >= leaf->nr || leaf->pivot[i] != next->pivot)
		return false;
	leaf->gap[i] = next->gap;
	return true;
}

/* @next was not in the leaf the operation changed: a descent of its own. */
static int tree_fix_next(struct vma_tree *t, const struct vma_tree_next *next)
{
	return vma_tree_update(t, next->pivot, next->pivot, next->gap, NULL);
}

struct vt_path {
	struct vma_tree_node *node[VMA_TREE_MAX_HEIGHT];
	unsigned int slot[VMA_TREE_MAX_HEIGHT];
};

/*
 * Refresh the parents' summaries from @level up to the root, stopping at
 * the first that did not change: those above it cannot have either.
 */
static void path_refresh(struct vt_path *p, int level)
{
	for (; level >= 0; level--)
		if (!node_refresh(p->node[level], p->slot[level]))
			return;
}

/* Descend to the slot for @key in each internal node, the last if none. */
static struct vma_tree_node *descend(const struct vma_tree *t, unsigned long key,
				     struct vt_path *p)
{
	struct vma_tree_node *node = t->root;
	unsigned int i;
	int level;

	for (level = 0; !is_leaf(t, level); level++) {
		i = node_lower_bound(node, key);
		if (i == node->nr)
			i--;
		p->node[level] = node;
		p->slot[level] = i;
		node = node->slot[i];
	}
	return node;
}

/*
 * Put (pivot, gap, entry) at @pos of @node, splitting a full node in two;
 * returns the new right half, or NULL.
 *
 * Where to split: at @pos, the new slot starting the right half, as far
 * as both halves keep VMA_TREE_MIN slots.  Mappings are made in address
 * order far more often than at random -- MAP_FIXED at rising addresses,
 * top-down mmap() each just below the last, at one place in the tree --
 * and splitting where they go in leaves the node they are done with full
 * (13 of 16 slots) instead of half full, as SQLite's balance_quick() and
 * the rightmost split of B-tree indexes do for appends: a tree built in
 * order has two thirds of the nodes, and lookups miss the cache less.  At
 * random, nodes end somewhat less full than with a split in the middle.
 */
static struct vma_tree_node *node_add(struct vma_tree *t, struct vma_tree_node *node,
				      unsigned int pos, unsigned long pivot,
				      unsigned long gap, void *entry)
{
	struct vma_tree_node *right;
	unsigned int split;

	if (node->nr < VMA_TREE_SLOTS) {
		node_insert_at(node, pos, pivot, gap, entry);
		return NULL;
	}
	if (pos < VMA_TREE_MIN)		/* at the start: the new slot goes left */
		split = VMA_TREE_MIN - 1;
	else
		split = min(pos, VMA_TREE_SLOTS + 1U - VMA_TREE_MIN);
	right = node_get(t);
	node_move(right, node, split, VMA_TREE_SLOTS - split);
	node->nr = split;
	if (pos < VMA_TREE_MIN)
		node_insert_at(node, pos, pivot, gap, entry);
	else
		node_insert_at(right, pos - split, pivot, gap, entry);
	return right;
}

static void new_root(struct vma_tree *t, struct vma_tree_node *left,
		     struct vma_tree_node *right)
{
	struct vma_tree_node *root = node_get(t);

	root->slot[0] = left;
	root->slot[1] = right;
	root->nr = 2;
	node_refresh(root, 0);
	node_refresh(root, 1);
	t->root = root;
	t->height++;
}

/**
 * vma_tree_insert() - add @entry, ending at @pivot with @gap below it, and
 * give the entry after it (if @next) its new gap.  @pivot must not be in
 * the tree yet.
 * Return: 0, -ENOMEM if no node could be reserved (the tree is unchanged),
 * or -EEXIST if @pivot is there already.
 */
int vma_tree_insert(struct vma_tree *t, unsigned long pivot, unsigned long gap,
		    void *entry, const struct vma_tree_next *next)
{
	struct vma_tree_node *node, *right;
	struct vt_path p;
	unsigned int pos;
	int level, err;
	bool done;

	err = vma_tree_preallocate(t);
	if (err)
		return err;
	if (!t->root) {
		t->root = node_get(t);
		t->height = 1;
	}
	node = descend(t, pivot, &p);
	pos = node_lower_bound(node, pivot);
	if (pos < node->nr && node->pivot[pos] == pivot)
		return -EEXIST;
	done = leaf_set_next(node, pos, next);
	for (level = t->height - 1;; level--) {
		right = node_add(t, node, pos, pivot, gap, entry);
		if (level == 0) {
			if (right)
				new_root(t, node, right);
			break;
		}
		node_refresh(p.node[level - 1], p.slot[level - 1]);
		if (!right)
			break;
		node = p.node[level - 1];
		pos = p.slot[level - 1] + 1;
		pivot = right->pivot[right->nr - 1];
		gap = node_max_gap(right);
		entry = right;
	}
	if (level > 0)
		path_refresh(&p, level - 2);
	return next && !done ? tree_fix_next(t, next) : 0;
}

/* Child @i of @node fell below VMA_TREE_MIN: merge or rebalance it. */
static void node_rebalance(struct vma_tree *t, struct vma_tree_node *node,
			   unsigned int i)
{
	struct vma_tree_node *l, *r;
	unsigned int j = i ? i - 1 : i, total, want;

	if (node->nr < 2)
		return;
	l = node->slot[j];
	r = node->slot[j + 1];
	total = l->nr + r->nr;
	if (total <= VMA_TREE_MERGE_MAX) {
		node_move(l, r, 0, r->nr);
		node_put(t, r);
		node_remove_at(node, j + 1);
	} else if (l->nr < r->nr) {
		want = total / 2 - l->nr;
		node_move(l, r, 0, want);
		memmove(&r->pivot[0], &r->pivot[want], (r->nr - want) * sizeof(r->pivot[0]));
		memmove(&r->gap[0], &r->gap[want], (r->nr - want) * sizeof(r->gap[0]));
		memmove(&r->slot[0], &r->slot[want], (r->nr - want) * sizeof(r->slot[0]));
		r->nr -= want;
		node_refresh(node, j + 1);
	} else {
		struct vma_tree_node tmp;

		want = total / 2;		/* r's share */
		tmp.nr = 0;
		node_move(&tmp, l, l->nr - (want - r->nr), want - r->nr);
		node_move(&tmp, r, 0, r->nr);
		l->nr -= want - r->nr;
		r->nr = 0;
		node_move(r, &tmp, 0, tmp.nr);
		node_refresh(node, j + 1);
	}
	node_refresh(node, j);
}

static int erase_rec(struct vma_tree *t, struct vma_tree_node *node, int level,
		     unsigned long pivot, const struct vma_tree_next *next,
		     bool *done)
{
	unsigned int i = node_lower_bound(node, pivot);
	struct vma_tree_node *child;
	int err;

	if (i == node->nr)
		return -ENOENT;
	if (is_leaf(t, level)) {
		if (node->pivot[i] != pivot)
			return -ENOENT;
		node_remove_at(node, i);
		*done = leaf_set_next(node, i, next);
		return 0;
	}
	child = node->slot[i];
	err = erase_rec(t, child, level + 1, pivot, next, done);
	if (err)
		return err;
	if (child->nr < VMA_TREE_MIN)
		node_rebalance(t, node, i);
	else
		node_refresh(node, i);
	return 0;
}

/**
 * vma_tree_erase() - remove the entry ending at @pivot, and give the entry
 * after it (if @next) its new gap; never allocates.
 * Return: 0, or -ENOENT if there is none.
 */
int vma_tree_erase(struct vma_tree *t, unsigned long pivot,
		   const struct vma_tree_next *next)
{
	struct vma_tree_node *root = t->root;
	bool done = false;
	int err;

	if (!root)
		return -ENOENT;
	err = erase_rec(t, root, 0, pivot, next, &done);
	if (err)
		return err;
	if (t->height > 1 && root->nr == 1) {
		t->root = root->slot[0];
		t->height--;
		node_put(t, root);
	} else if (t->height == 1 && root->nr == 0) {
		t->root = NULL;
		t->height = 0;
		node_put(t, root);
	}
	return next && !done ? tree_fix_next(t, next) : 0;
}

/**
 * vma_tree_update() - the entry ending at @old_pivot now ends at @pivot
 * (between its neighbours' pivots) with @gap below it, and the entry
 * after it (if @next) has a new gap; never allocates.
 * Return: 0, or -ENOENT if there is no entry at @old_pivot.
 */
int vma_tree_update(struct vma_tree *t, unsigned long old_pivot,
		    unsigned long pivot, unsigned long gap,
		    const struct vma_tree_next *next)
{
	struct vma_tree_node *leaf;
	struct vt_path p;
	unsigned int i;
	bool done;

	if (!t->root)
		return -ENOENT;
	leaf = descend(t, old_pivot, &p);
	i = node_lower_bound(leaf, old_pivot);
	if (i == leaf->nr || leaf->pivot[i] != old_pivot)
		return -ENOENT;
	leaf->pivot[i] = pivot;
	leaf->gap[i] = gap;
	done = leaf_set_next(leaf, i + 1, next);
	path_refresh(&p, t->height - 2);
	return next && !done ? tree_fix_next(t, next) : 0;
}

/** vma_tree_find() - the first entry whose pivot is > @addr, or NULL. */
void *vma_tree_find(const struct vma_tree *t, unsigned long addr)
{
	const struct vma_tree_node *node = t->root;
	unsigned int i;
	int level;

	if (!node || node->pivot[node->nr - 1] <= addr)
		return NULL;
	for (level = 0;; level++) {
		i = 0;
		while (node->pivot[i] <= addr)
			i++;
		if (is_leaf(t, level))
			return node->slot[i];
		node = node->slot[i];
	}
}

/** vma_tree_last() - the entry with the highest pivot, or NULL. */
void *vma_tree_last(const struct vma_tree *t)
{
	const struct vma_tree_node *node = t->root;
	int level;

	if (!node)
		return NULL;
	for (level = 0; !is_leaf(t, level); level++)
		node = node->slot[node->nr - 1];
	return node->slot[node->nr - 1];
}

static bool gap_lowest(const struct vma_tree *t, const struct vma_tree_node *node,
		       int level, unsigned long prev, unsigned long length,
		       unsigned long low_limit, struct vma_tree_gap *out)
{
	bool leaf = is_leaf(t, level);
	unsigned int i;

	for (i = 0; i < node->nr; prev = node->pivot[i], i++) {
		if (!node->gap[i] || node->gap[i] < length || node->pivot[i] <= low_limit)
			continue;
		if (!leaf) {
			if (gap_lowest(t, node->slot[i], level + 1, prev, length,
				       low_limit, out))
				return true;
			continue;
		}
		if (prev + node->gap[i] >= low_limit) {
			out->entry = node->slot[i];
			out->gap_start = prev;
			out->gap_end = prev + node->gap[i];
			return true;
		}
	}
	return false;
}

/**
 * vma_tree_gap_lowest() - the first entry (lowest address) with a gap of
 * at least @length (and not empty) below it that ends at or above
 * @low_limit: what unmapped_area() looks for.
 * Return: true with *@out filled, or false if there is none.
 */
bool vma_tree_gap_lowest(const struct vma_tree *t, unsigned long length,
			 unsigned long low_limit, struct vma_tree_gap *out)
{
	if (!t->root)
		return false;
	return gap_lowest(t, t->root, 0, 0, length, low_limit, out);
}

static bool gap_highest(const struct vma_tree *t, const struct vma_tree_node *node,
			int level, unsigned long lo, unsigned long length,
			unsigned long high_limit, struct vma_tree_gap *out)
{
	bool leaf = is_leaf(t, level);
	unsigned long prev;
	unsigned int i;

	for (i = node->nr; i-- > 0;) {
		prev = i ? node->pivot[i - 1] : lo;
		if (prev > high_limit || !node->gap[i] || node->gap[i] < length)
			continue;
		if (!leaf) {
			if (gap_highest(t, node->slot[i], level + 1, prev, length,
					high_limit, out))
				return true;
			continue;
		}
		out->entry = node->slot[i];
		out->gap_start = prev;
		out->gap_end = prev + node->gap[i];
		return true;
	}
	return false;
}

/**
 * vma_tree_gap_highest() - the last entry (highest address) with a gap
 * of at least @length (and not empty) below it that starts at or below
 * @high_limit: what unmapped_area_topdown() looks for.
 * Return: true with *@out filled, or false if there is none.
 */
bool vma_tree_gap_highest(const struct vma_tree *t, unsigned long length,
			  unsigned long high_limit, struct vma_tree_gap *out)
{
	if (!t->root)
		return false;
	return gap_highest(t, t->root, 0, 0, length, high_limit, out);
}

static int walk_rec(const struct vma_tree *t, const struct vma_tree_node *node,
		    int level,
		    int (*fn)(void *, unsigned long, unsigned long, void *),
		    void *arg)
{
	unsigned int i;
	int ret;

	for (i = 0; i < node->nr; i++) {
		if (is_leaf(t, level))
			ret = fn(arg, node->pivot[i], node->gap[i], node->slot[i]);
		else
			ret = walk_rec(t, node->slot[i], level + 1, fn, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * vma_tree_walk() - call @fn on every entry in order, until it returns
 * non-zero.  Return: that value, or 0.
 */
int vma_tree_walk(const struct vma_tree *t,
		  int (*fn)(void *arg, unsigned long pivot, unsigned long gap,
			    void *entry),
		  void *arg)
{
	if (!t->root)
		return 0;
	return walk_rec(t, t->root, 0, fn, arg);
}

struct vt_audit {
	const struct vma_tree *t;
	char *msg;
	size_t n;
	int err;
	unsigned long last;	/* the previous leaf pivot */
	bool any;
};

static void vt_fail(struct vt_audit *a, const char *what, int level,
		    unsigned long pivot)
{
	if (a->err)
		return;
	a->err = -EUCLEAN;
	snprintf(a->msg, a->n, "vma tree: %s (level %d, pivot %#lx)", what, level, pivot);
}

static void audit_node(struct vt_audit *a, const struct vma_tree_node *node,
		       int level)
{
	const struct vma_tree *t = a->t;
	const struct vma_tree_node *child;
	unsigned int i;

	if (!node->nr || node->nr > VMA_TREE_SLOTS ||
	    (level && node->nr < VMA_TREE_MIN) || (!level && level < t->height - 1 && node->nr < 2))
		vt_fail(a, "node occupancy out of bounds", level, node->nr);
	for (i = 0; i < node->nr && !a->err; i++) {
		if (i && node->pivot[i] <= node->pivot[i - 1])
			vt_fail(a, "pivots out of order", level, node->pivot[i]);
		if (!node->slot[i])
			vt_fail(a, "empty slot", level, node->pivot[i]);
		if (a->err)
			return;
		if (is_leaf(t, level)) {
			if (a->any && node->pivot[i] <= a->last)
				vt_fail(a, "leaf pivots out of order", level, node->pivot[i]);
			a->last = node->pivot[i];
			a->any = true;
			continue;
		}
		child = node->slot[i];
		audit_node(a, child, level + 1);
		if (a->err)
			return;
		if (node->pivot[i] != child->pivot[child->nr - 1])
			vt_fail(a, "pivot is not the child's largest", level, node->pivot[i]);
		else if (node->gap[i] != node_max_gap(child))
			vt_fail(a, "gap is not the child's largest", level, node->pivot[i]);
	}
}

/**
 * vma_tree_audit() - check the shape and the summaries of @t: leaves all
 * at one depth, occupancy bounds, pivots strictly increasing, each
 * internal slot holding its child's largest pivot and largest gap.
 * Return: 0, or -EUCLEAN with @msg filled.
 */
int vma_tree_audit(const struct vma_tree *t, char *msg, size_t n)
{
	struct vt_audit a = { .t = t, .msg = msg, .n = n };

	if (t->nr_spare < 0 || t->nr_spare > VMA_TREE_RESERVE)
		vt_fail(&a, "bad reserve count", 0, (unsigned long)t->nr_spare);
	else if (!t->root != !t->height || t->height < 0 || t->height > VMA_TREE_MAX_HEIGHT)
		vt_fail(&a, "bad height", t->height, 0);
	else if (t->root)
		audit_node(&a, t->root, 0);
	return a.err;
}

static void destroy_rec(struct vma_tree *t, struct vma_tree_node *node, int level)
{
	unsigned int i;

	if (!is_leaf(t, level))
		for (i = 0; i < node->nr; i++)
			destroy_rec(t, node->slot[i], level + 1);
	free(node);
}

/** vma_tree_destroy() - free every node of @t (not the entries) and its reserve. */
void vma_tree_destroy(struct vma_tree *t)
{
	if (t->root)
		destroy_rec(t, t->root, 0);
	while (t->nr_spare > 0)
		free(t->spare[--t->nr_spare]);
	t->root = NULL;
	t->height = 0;
}
