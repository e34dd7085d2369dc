// SPDX-License-Identifier: MIT
/*
 * lib/rbtree.c against a reference: random inserts and erases, and after
 * every step the red-black properties, the parent links, the in-order
 * sequence and the augmented subtree maximum are all checked.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/rbtree_augmented.h>

#define NKEYS	512

struct tnode {
	struct rb_node rb;
	u32 key;
	u32 val;
	u32 max;	/* largest val in this subtree */
};

#define TNODE_VAL(n)	((n)->val)
RB_DECLARE_CALLBACKS_MAX(static, taug_cb, struct tnode, rb, u32, max,
			 TNODE_VAL)

static struct tnode nodes[NKEYS];
static bool present[NKEYS];

/* xorshift: deterministic, seedable */
static u64 rng_state;
static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)rng_state;
}

/* Returns the black height, checking every property below @rb. */
static int check_subtree(const struct rb_node *rb, const struct rb_node *parent,
			 bool augmented, int *count)
{
	const struct tnode *n;
	u32 max;
	int lh, rh;

	if (!rb)
		return 1;
	cr_assert_eq(rb_parent(rb), parent, "parent link broken");
	n = rb_entry(rb, struct tnode, rb);
	if (rb_is_red(rb)) {
		cr_assert(!rb->rb_left || rb_is_black(rb->rb_left), "red-red");
		cr_assert(!rb->rb_right || rb_is_black(rb->rb_right), "red-red");
	}
	if (rb->rb_left)
		cr_assert_lt(rb_entry(rb->rb_left, struct tnode, rb)->key, n->key);
	if (rb->rb_right)
		cr_assert_gt(rb_entry(rb->rb_right, struct tnode, rb)->key, n->key);
	lh = check_subtree(rb->rb_left, rb, augmented, count);
	rh = check_subtree(rb->rb_right, rb, augmented, count);
	cr_assert_eq(lh, rh, "black heights differ at key %u", n->key);
	(*count)++;
	if (augmented) {
		max = n->val;
		if (rb->rb_left)
			max = max(max, rb_entry(rb->rb_left, struct tnode, rb)->max);
		if (rb->rb_right)
			max = max(max, rb_entry(rb->rb_right, struct tnode, rb)->max);
		cr_assert_eq(n->max, max, "augmented max wrong at key %u", n->key);
	}
	return lh + rb_is_black(rb);
}

static void check_tree(const struct rb_root *root, bool augmented)
{
	const struct rb_node *rb;
	int count = 0, expect = 0, i;

	if (root->rb_node)
		cr_assert(rb_is_black(root->rb_node), "red root");
	check_subtree(root->rb_node, NULL, augmented, &count);
	for (i = 0; i < NKEYS; i++)
		expect += present[i];
	cr_assert_eq(count, expect);

	/* in-order forwards and backwards match the reference */
	rb = rb_first(root);
	for (i = 0; i < NKEYS; i++) {
		if (!present[i])
			continue;
		cr_assert_not_null(rb);
		cr_assert_eq(rb_entry(rb, struct tnode, rb)->key, (u32)i);
		rb = rb_next(rb);
	}
	cr_assert_null(rb);
	rb = rb_last(root);
	for (i = NKEYS - 1; i >= 0; i--) {
		if (!present[i])
			continue;
		cr_assert_eq(rb_entry(rb, struct tnode, rb)->key, (u32)i);
		rb = rb_prev(rb);
	}
	cr_assert_null(rb);
}

static void insert_plain(struct rb_root *root, struct tnode *n)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (n->key < rb_entry(parent, struct tnode, rb)->key)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&n->rb, parent, link);
	rb_insert_color(&n->rb, root);
}

static void insert_augmented(struct rb_root *root, struct tnode *n)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;
	struct tnode *p;

	while (*link) {
		parent = *link;
		p = rb_entry(parent, struct tnode, rb);
		if (p->max < n->val)
			p->max = n->val;
		link = n->key < p->key ? &parent->rb_left : &parent->rb_right;
	}
	n->max = n->val;
	rb_link_node(&n->rb, parent, link);
	rb_insert_augmented(&n->rb, root, &taug_cb);
}

static void init_nodes(void)
{
	int i;

	memset(nodes, 0, sizeof(nodes));
	memset(present, 0, sizeof(present));
	for (i = 0; i < NKEYS; i++) {
		nodes[i].key = i;
		nodes[i].val = rnd() % 100000;
		RB_CLEAR_NODE(&nodes[i].rb);
	}
}

static void random_ops(bool augmented, u64 seed, int steps)
{
	struct rb_root root = RB_ROOT;
	int s, k;

	rng_state = seed;
	init_nodes();
	for (s = 0; s < steps; s++) {
		k = rnd() % NKEYS;
		if (present[k]) {
			if (augmented)
				rb_erase_augmented(&nodes[k].rb, &root, &taug_cb);
			else
				rb_erase(&nodes[k].rb, &root);
			RB_CLEAR_NODE(&nodes[k].rb);
			present[k] = false;
		} else {
			if (augmented)
				insert_augmented(&root, &nodes[k]);
			else
				insert_plain(&root, &nodes[k]);
			present[k] = true;
		}
		check_tree(&root, augmented);
	}
}

Test(rbtree, empty_tree)
{
	struct rb_root root = RB_ROOT;
	struct rb_node n;

	cr_assert(RB_EMPTY_ROOT(&root));
	cr_assert_null(rb_first(&root));
	cr_assert_null(rb_last(&root));
	cr_assert_null(rb_first_postorder(&root));
	RB_CLEAR_NODE(&n);
	cr_assert(RB_EMPTY_NODE(&n));
	cr_assert_null(rb_next(&n));
	cr_assert_null(rb_prev(&n));
}

Test(rbtree, random_plain)
{
	random_ops(false, 0x1234567ULL, 6000);
	random_ops(false, 0xdeadbeefULL, 6000);
}

Test(rbtree, random_augmented)
{
	random_ops(true, 0x9e3779b97f4a7c15ULL, 6000);
	random_ops(true, 42, 6000);
}

Test(rbtree, ascending_then_descending_erase)
{
	struct rb_root root = RB_ROOT;
	int i;

	rng_state = 7;
	init_nodes();
	for (i = 0; i < NKEYS; i++) {
		insert_augmented(&root, &nodes[i]);
		present[i] = true;
		check_tree(&root, true);
	}
	for (i = NKEYS - 1; i >= 0; i -= 2) {
		rb_erase_augmented(&nodes[i].rb, &root, &taug_cb);
		present[i] = false;
		check_tree(&root, true);
	}
	for (i = 0; i < NKEYS; i += 2) {
		rb_erase_augmented(&nodes[i].rb, &root, &taug_cb);
		present[i] = false;
		check_tree(&root, true);
	}
	cr_assert(RB_EMPTY_ROOT(&root));
}

/* Changing a node's own value, then propagating, keeps the max right. */
Test(rbtree, augmented_propagate_after_value_change)
{
	struct rb_root root = RB_ROOT;
	int i, s;

	rng_state = 99;
	init_nodes();
	for (i = 0; i < NKEYS; i++) {
		insert_augmented(&root, &nodes[i]);
		present[i] = true;
	}
	for (s = 0; s < 2000; s++) {
		struct tnode *n = &nodes[rnd() % NKEYS];

		n->val = rnd() % 200000;
		taug_cb.propagate(&n->rb, NULL);
		check_tree(&root, true);
	}
}

static bool tnode_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct tnode, rb)->key <
	       rb_entry(b, struct tnode, rb)->key;
}

static int tnode_cmp(const void *key, const struct rb_node *b)
{
	u32 k = *(const u32 *)key, bk = rb_entry(b, struct tnode, rb)->key;

	return k < bk ? -1 : k > bk ? 1 : 0;
}

Test(rbtree, cached_leftmost_and_find)
{
	struct rb_root_cached root = RB_ROOT_CACHED;
	int s, k, i;
	u32 key;

	rng_state = 5;
	init_nodes();
	for (s = 0; s < 4000; s++) {
		k = rnd() % NKEYS;
		if (present[k]) {
			rb_erase_cached(&nodes[k].rb, &root);
			present[k] = false;
		} else {
			rb_add_cached(&nodes[k].rb, &root, tnode_less);
			present[k] = true;
		}
		for (i = 0; i < NKEYS && !present[i]; i++)
			;
		if (i == NKEYS)
			cr_assert_null(rb_first_cached(&root));
		else
			cr_assert_eq(rb_first_cached(&root), &nodes[i].rb);
		key = rnd() % NKEYS;
		cr_assert_eq(rb_find(&key, &root.rb_root, tnode_cmp),
			     present[key] ? &nodes[key].rb : NULL);
		check_tree(&root.rb_root, false);
	}
}

Test(rbtree, postorder_visits_children_first)
{
	struct rb_root root = RB_ROOT;
	struct tnode *pos, *n;
	bool seen[NKEYS] = { false };
	int i, visited = 0;

	rng_state = 11;
	init_nodes();
	for (i = 0; i < NKEYS; i++)
		rb_add(&nodes[(i * 37) % NKEYS].rb, &root, tnode_less);
	rbtree_postorder_for_each_entry_safe(pos, n, &root, rb) {
		if (pos->rb.rb_left)
			cr_assert(seen[rb_entry(pos->rb.rb_left, struct tnode, rb)->key]);
		if (pos->rb.rb_right)
			cr_assert(seen[rb_entry(pos->rb.rb_right, struct tnode, rb)->key]);
		cr_assert(!seen[pos->key]);
		seen[pos->key] = true;
		visited++;
	}
	cr_assert_eq(visited, NKEYS);
}

Test(rbtree, replace_node)
{
	struct rb_root root = RB_ROOT;
	struct tnode repl;
	int i;

	rng_state = 3;
	init_nodes();
	for (i = 0; i < NKEYS; i++) {
		insert_plain(&root, &nodes[i]);
		present[i] = true;
	}
	repl = nodes[100];
	rb_replace_node(&nodes[100].rb, &repl.rb, &root);
	/* the reference nodes[] is what check_tree walks by key: swap back */
	check_subtree(root.rb_node, NULL, false, &i);
	cr_assert_eq(rb_next(&nodes[99].rb), &repl.rb);
	cr_assert_eq(rb_prev(&nodes[101].rb), &repl.rb);
}

/* A tree of 200k nodes stays within the red-black height bound. */
Test(rbtree, large_tree_height_bound)
{
	enum { N = 200000 };
	struct tnode *big = calloc(N, sizeof(*big));
	struct rb_root root = RB_ROOT;
	struct rb_node *rb;
	int i, h, maxh = 0;

	cr_assert_not_null(big);
	for (i = 0; i < N; i++) {
		big[i].key = i;
		rb_add(&big[i].rb, &root, tnode_less);
	}
	for (i = 0; i < N; i += 97) {
		for (h = 0, rb = &big[i].rb; rb; rb = rb_parent(rb))
			h++;
		maxh = max(maxh, h);
	}
	cr_assert_leq(maxh, 2 * 18 + 2, "height %d", maxh);
	for (i = 0; i < N; i += 2)
		rb_erase(&big[i].rb, &root);
	for (i = 1, rb = rb_first(&root); rb; rb = rb_next(rb), i += 2)
		cr_assert_eq(rb_entry(rb, struct tnode, rb)->key, (u32)i);
	cr_assert_eq(i, N + 1);
	free(big);
}
