/* SPDX-License-Identifier: MIT */
/*
 * Augmented red-black trees (Linux's include/linux/rbtree_augmented.h).
 *
 * Each node carries a value computed from itself and its subtree (here
 * typically the largest gap or free size below it).  The tree code keeps
 * that value right through rotations and erasure by calling back into the
 * user:
 *   propagate(node, stop)  recompute from @node up to (not including) @stop
 *   copy(old, new)         @new takes @old's place: copy the value
 *   rotate(old, new)       @new became the parent of @old by a rotation
 *
 * Insertion contract, as in Linux: while descending to the insertion
 * point, update the value of every node on the path to include the new
 * node, then rb_link_node() and rb_insert_augmented().
 */
#ifndef _LINUX_RBTREE_AUGMENTED_H
#define _LINUX_RBTREE_AUGMENTED_H

#include <linux/rbtree.h>

struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   void (*augment_rotate)(struct rb_node *old,
						  struct rb_node *new));
void __rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			  const struct rb_augment_callbacks *augment);

/* rb_insert_augmented() - rb_insert_color() keeping the augmented value. */
static inline void rb_insert_augmented(struct rb_node *node,
				       struct rb_root *root,
				       const struct rb_augment_callbacks *augment)
{
	__rb_insert_augmented(node, root, augment->rotate);
}

static inline void
rb_insert_augmented_cached(struct rb_node *node, struct rb_root_cached *root,
			   bool newleft,
			   const struct rb_augment_callbacks *augment)
{
	if (newleft)
		root->rb_leftmost = node;
	rb_insert_augmented(node, &root->rb_root, augment);
}

/* rb_erase_augmented() - rb_erase() keeping the augmented value. */
static inline void rb_erase_augmented(struct rb_node *node,
				      struct rb_root *root,
				      const struct rb_augment_callbacks *augment)
{
	__rb_erase_augmented(node, root, augment);
}

static inline void
rb_erase_augmented_cached(struct rb_node *node, struct rb_root_cached *root,
			  const struct rb_augment_callbacks *augment)
{
	if (root->rb_leftmost == node)
		root->rb_leftmost = rb_next(node);
	rb_erase_augmented(node, &root->rb_root, augment);
}

/* --- colour and parent access, for tree checkers and the library ------ */

#define __rb_color(pc)		((pc) & 1)
#define __rb_is_black(pc)	__rb_color(pc)
#define __rb_is_red(pc)		(!__rb_color(pc))
#define rb_color(rb)		__rb_color((rb)->__rb_parent_color)
#define rb_is_red(rb)		__rb_is_red((rb)->__rb_parent_color)
#define rb_is_black(rb)		__rb_is_black((rb)->__rb_parent_color)

static inline void rb_set_parent(struct rb_node *rb, struct rb_node *p)
{
	rb->__rb_parent_color = rb_color(rb) | (unsigned long)p;
}

static inline void rb_set_parent_color(struct rb_node *rb, struct rb_node *p,
				       int color)
{
	rb->__rb_parent_color = (unsigned long)p | (unsigned long)color;
}

/* --- generating the callbacks ----------------------------------------- */

/*
 * RB_DECLARE_CALLBACKS() - define @RBNAME, a struct rb_augment_callbacks
 * for RBSTRUCT nodes (rb_node member RBFIELD) whose augmented value lives
 * in RBAUGMENTED.  RBCOMPUTE(node, exit) recomputes node->RBAUGMENTED
 * from the node and its children; with @exit true it returns true (and
 * changes nothing) when the stored value was already right.
 */
#define RB_DECLARE_CALLBACKS(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD,	\
			     RBAUGMENTED, RBCOMPUTE)			\
static void RBNAME ## _propagate(struct rb_node *rb,			\
				 struct rb_node *stop)			\
{									\
	for (; rb != stop; rb = rb_parent(rb)) {			\
		RBSTRUCT *node = rb_entry(rb, RBSTRUCT, RBFIELD);	\
		if (RBCOMPUTE(node, true))				\
			break;						\
	}								\
}									\
static void RBNAME ## _copy(struct rb_node *rb_old,			\
			    struct rb_node *rb_new)			\
{									\
	rb_entry(rb_new, RBSTRUCT, RBFIELD)->RBAUGMENTED =		\
		rb_entry(rb_old, RBSTRUCT, RBFIELD)->RBAUGMENTED;	\
}									\
static void RBNAME ## _rotate(struct rb_node *rb_old,			\
			      struct rb_node *rb_new)			\
{									\
	RBSTRUCT *old = rb_entry(rb_old, RBSTRUCT, RBFIELD);		\
	RBSTRUCT *new = rb_entry(rb_new, RBSTRUCT, RBFIELD);		\
	new->RBAUGMENTED = old->RBAUGMENTED;				\
	RBCOMPUTE(old, false);						\
}									\
RBSTATIC const struct rb_augment_callbacks RBNAME = {			\
	.propagate = RBNAME ## _propagate,				\
	.copy = RBNAME ## _copy,					\
	.rotate = RBNAME ## _rotate					\
};

/*
 * RB_DECLARE_CALLBACKS_MAX() - the common case: RBAUGMENTED (of type
 * RBTYPE) is the maximum of RBCOMPUTE(node) over the subtree.  Also
 * defines RBNAME_compute_max(node, exit) for callers that change a node's
 * own value and then call RBNAME.propagate(node, NULL).
 */
#define RB_DECLARE_CALLBACKS_MAX(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD,	\
				 RBTYPE, RBAUGMENTED, RBCOMPUTE)	\
static inline bool RBNAME ## _compute_max(RBSTRUCT *node, bool exit)	\
{									\
	RBTYPE max = RBCOMPUTE(node);					\
	RBSTRUCT *child;						\
	if (node->RBFIELD.rb_left) {					\
		child = rb_entry(node->RBFIELD.rb_left, RBSTRUCT, RBFIELD); \
		if (child->RBAUGMENTED > max)				\
			max = child->RBAUGMENTED;			\
	}								\
	if (node->RBFIELD.rb_right) {					\
		child = rb_entry(node->RBFIELD.rb_right, RBSTRUCT, RBFIELD); \
		if (child->RBAUGMENTED > max)				\
			max = child->RBAUGMENTED;			\
	}								\
	if (exit && node->RBAUGMENTED == max)				\
		return true;						\
	node->RBAUGMENTED = max;					\
	return false;							\
}									\
RB_DECLARE_CALLBACKS(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD,		\
		     RBAUGMENTED, RBNAME ## _compute_max)

#endif
