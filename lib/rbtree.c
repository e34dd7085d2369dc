// SPDX-License-Identifier: MIT
/*
 * Red-black trees, plain and augmented, with Linux's interface.
 *
 * Properties kept: every node is red or black; the root is black; a red
 * node has no red child; every path from a node down to a NULL leaf has
 * the same number of black nodes.  Hence the height is at most
 * 2 * log2(n + 1) and insert, erase and lookup are O(log n).
 *
 * The rebalancing code is written once as always-inline functions taking
 * the augment callbacks; the plain rb_insert_color()/rb_erase() use empty
 * callbacks that the compiler removes, the augmented entry points pass the
 * user's.
 */
#include <linux/rbtree_augmented.h>

typedef void (*rb_rotate_fn)(struct rb_node *old, struct rb_node *new);

static __always_inline void rb_set_black(struct rb_node *rb)
{
	rb->__rb_parent_color |= RB_BLACK;
}

static __always_inline void rb_set_red(struct rb_node *rb)
{
	rb->__rb_parent_color &= ~(unsigned long)RB_BLACK;
}

static __always_inline void rb_set_color(struct rb_node *rb, int color)
{
	rb->__rb_parent_color = (rb->__rb_parent_color & ~1UL) |
				(unsigned long)color;
}

/* NULL leaves count as black. */
static __always_inline bool rb_red_safe(const struct rb_node *rb)
{
	return rb && rb_is_red(rb);
}

static __always_inline void rb_change_child(struct rb_node *old,
					    struct rb_node *new,
					    struct rb_node *parent,
					    struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Rotations keep every node's colour; @x goes down, its child comes up and
 * the augment callback learns which is which.
 */
static __always_inline void rb_rotate_left(struct rb_node *x,
					   struct rb_root *root,
					   rb_rotate_fn augment_rotate)
{
	struct rb_node *y = x->rb_right;
	struct rb_node *p = rb_parent(x);
	struct rb_node *b = y->rb_left;

	x->rb_right = b;
	if (b)
		rb_set_parent(b, x);
	y->rb_left = x;
	rb_set_parent(y, p);
	rb_set_parent(x, y);
	rb_change_child(x, y, p, root);
	augment_rotate(x, y);
}

static __always_inline void rb_rotate_right(struct rb_node *x,
					    struct rb_root *root,
					    rb_rotate_fn augment_rotate)
{
	struct rb_node *y = x->rb_left;
	struct rb_node *p = rb_parent(x);
	struct rb_node *b = y->rb_right;

	x->rb_left = b;
	if (b)
		rb_set_parent(b, x);
	y->rb_right = x;
	rb_set_parent(y, p);
	rb_set_parent(x, y);
	rb_change_child(x, y, p, root);
	augment_rotate(x, y);
}

/* Repair a red @node under a red parent: recolour upwards, then rotate. */
static __always_inline void rb_insert_fixup(struct rb_node *node,
					    struct rb_root *root,
					    rb_rotate_fn augment_rotate)
{
	struct rb_node *parent, *gparent, *uncle;

	for (;;) {
		parent = rb_parent(node);
		if (!parent) {
			rb_set_parent_color(node, NULL, RB_BLACK);
			return;
		}
		if (rb_is_black(parent))
			return;
		gparent = rb_parent(parent);	/* a red node is not the root */
		uncle = parent == gparent->rb_left ? gparent->rb_right
						   : gparent->rb_left;
		if (rb_red_safe(uncle)) {
			rb_set_black(parent);
			rb_set_black(uncle);
			rb_set_red(gparent);
			node = gparent;
			continue;
		}
		if (parent == gparent->rb_left) {
			if (node == parent->rb_right) {
				rb_rotate_left(parent, root, augment_rotate);
				parent = node;
			}
			rb_rotate_right(gparent, root, augment_rotate);
		} else {
			if (node == parent->rb_left) {
				rb_rotate_right(parent, root, augment_rotate);
				parent = node;
			}
			rb_rotate_left(gparent, root, augment_rotate);
		}
		rb_set_black(parent);
		rb_set_red(gparent);
		return;
	}
}

/*
 * The subtree on @node's side of @parent (node may be NULL) has one black
 * node too few.  Fix it from the sibling's side; @left says which side.
 * Returns the next (node's) parent to continue at, or NULL when done.
 */
static __always_inline struct rb_node *
rb_erase_fixup_step(struct rb_node *parent, bool left, struct rb_root *root,
		    rb_rotate_fn augment_rotate)
{
	struct rb_node *sibling = left ? parent->rb_right : parent->rb_left;
	struct rb_node *near, *far;

	if (rb_is_red(sibling)) {
		rb_set_black(sibling);
		rb_set_red(parent);
		if (left)
			rb_rotate_left(parent, root, augment_rotate);
		else
			rb_rotate_right(parent, root, augment_rotate);
		sibling = left ? parent->rb_right : parent->rb_left;
	}
	near = left ? sibling->rb_left : sibling->rb_right;
	far = left ? sibling->rb_right : sibling->rb_left;
	if (!rb_red_safe(near) && !rb_red_safe(far)) {
		rb_set_red(sibling);
		if (rb_is_red(parent)) {
			rb_set_black(parent);
			return NULL;
		}
		return parent;	/* parent's whole subtree is now one short */
	}
	if (!rb_red_safe(far)) {
		rb_set_black(near);
		rb_set_red(sibling);
		if (left)
			rb_rotate_right(sibling, root, augment_rotate);
		else
			rb_rotate_left(sibling, root, augment_rotate);
		sibling = near;
		far = left ? sibling->rb_right : sibling->rb_left;
	}
	rb_set_color(sibling, rb_color(parent));
	rb_set_black(parent);
	rb_set_black(far);
	if (left)
		rb_rotate_left(parent, root, augment_rotate);
	else
		rb_rotate_right(parent, root, augment_rotate);
	return NULL;
}

static __always_inline void rb_erase_fixup(struct rb_node *parent,
					   struct rb_root *root,
					   rb_rotate_fn augment_rotate)
{
	struct rb_node *node = NULL, *up;

	while (parent) {
		/* The sibling of a short subtree is never NULL. */
		bool left = node != parent->rb_right;

		up = rb_erase_fixup_step(parent, left, root, augment_rotate);
		if (!up)
			return;
		node = up;
		parent = rb_parent(node);
	}
}

/*
 * Unlink @node.  A node with two children is replaced by its successor.
 * Returns the parent under which a black node went missing, or NULL.
 */
static __always_inline struct rb_node *
rb_erase_unlink(struct rb_node *node, struct rb_root *root,
		const struct rb_augment_callbacks *augment)
{
	struct rb_node *child = node->rb_right, *left = node->rb_left;
	struct rb_node *parent, *rebalance, *top;
	unsigned long pc = node->__rb_parent_color;

	if (!left || !child) {
		/* At most one child, which is then red with black children. */
		struct rb_node *only = left ? left : child;

		parent = rb_parent(node);
		rb_change_child(node, only, parent, root);
		if (only)
			only->__rb_parent_color = pc;
		rebalance = !only && __rb_is_black(pc) ? parent : NULL;
		top = parent;
	} else {
		struct rb_node *successor = child, *child2;

		if (!child->rb_left) {
			parent = successor;
			child2 = successor->rb_right;
			augment->copy(node, successor);
		} else {
			do {
				parent = successor;
				successor = successor->rb_left;
			} while (successor->rb_left);
			child2 = successor->rb_right;
			parent->rb_left = child2;
			successor->rb_right = child;
			rb_set_parent(child, successor);
			augment->copy(node, successor);
			augment->propagate(parent, successor);
		}
		successor->rb_left = left;
		rb_set_parent(left, successor);
		rb_change_child(node, successor, rb_parent(node), root);
		if (child2) {
			rb_set_parent_color(child2, parent, RB_BLACK);
			rebalance = NULL;
		} else {
			rebalance = rb_is_black(successor) ? parent : NULL;
		}
		successor->__rb_parent_color = pc;
		top = successor;
	}
	augment->propagate(top, NULL);
	return rebalance;
}

static __always_inline void dummy_propagate(struct rb_node *node,
					    struct rb_node *stop)
{
	(void)node;
	(void)stop;
}

static __always_inline void dummy_copy(struct rb_node *old,
				       struct rb_node *new)
{
	(void)old;
	(void)new;
}

static __always_inline void dummy_rotate(struct rb_node *old,
					 struct rb_node *new)
{
	(void)old;
	(void)new;
}

static const struct rb_augment_callbacks dummy_callbacks = {
	.propagate = dummy_propagate,
	.copy = dummy_copy,
	.rotate = dummy_rotate,
};

/**
 * rb_insert_color() - rebalance after rb_link_node() put @node in @root.
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_fixup(node, root, dummy_rotate);
}

/**
 * rb_erase() - remove @node from @root.  @node is left unlinked (not
 * RB_CLEAR_NODE()d: do that if you test RB_EMPTY_NODE() later).
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *rebalance;

	rebalance = rb_erase_unlink(node, root, &dummy_callbacks);
	if (rebalance)
		rb_erase_fixup(rebalance, root, dummy_rotate);
}

/**
 * __rb_insert_augmented() - rb_insert_color() calling @augment_rotate on
 * every rotation.  Use rb_insert_augmented().
 */
void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   rb_rotate_fn augment_rotate)
{
	rb_insert_fixup(node, root, augment_rotate);
}

/**
 * __rb_erase_augmented() - rb_erase() keeping augmented values through
 * @augment.  Use rb_erase_augmented().
 */
void __rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			  const struct rb_augment_callbacks *augment)
{
	struct rb_node *rebalance;

	rebalance = rb_erase_unlink(node, root, augment);
	if (rebalance)
		rb_erase_fixup(rebalance, root, augment->rotate);
}

/** rb_first() - the leftmost (smallest) node of @root, or NULL. */
struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

/** rb_last() - the rightmost (largest) node of @root, or NULL. */
struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

/** rb_next() - the in-order successor of @node, or NULL. */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

/** rb_prev() - the in-order predecessor of @node, or NULL. */
struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

static struct rb_node *rb_left_deepest_node(const struct rb_node *node)
{
	for (;;) {
		if (node->rb_left)
			node = node->rb_left;
		else if (node->rb_right)
			node = node->rb_right;
		else
			return (struct rb_node *)node;
	}
}

/** rb_first_postorder() - the first node of a post-order walk, or NULL. */
struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	if (!root->rb_node)
		return NULL;
	return rb_left_deepest_node(root->rb_node);
}

/**
 * rb_next_postorder() - the node after @node in post-order, or NULL.
 * Only @node's parent is read, so @node may be freed afterwards.
 */
struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	struct rb_node *parent;

	if (!node)
		return NULL;
	parent = rb_parent(node);
	if (parent && node == parent->rb_left && parent->rb_right)
		return rb_left_deepest_node(parent->rb_right);
	return parent;
}

/**
 * rb_replace_node() - put @new where @victim is, with its colour and
 * children.  The caller guarantees that @new sorts where @victim did.
 */
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	rb_change_child(victim, new, parent, root);
}
