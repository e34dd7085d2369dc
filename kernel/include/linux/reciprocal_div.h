/* SPDX-License-Identifier: MIT */
/*
 * Division by a run-time constant without a divide instruction, as
 * Linux's <linux/reciprocal_div.h>: reciprocal_value(d) is computed once
 * (when a slab cache's object size is known), reciprocal_divide(a, R) is
 * then a multiply, a subtract and two shifts, exact for every 32-bit @a
 * (Granlund and Montgomery's method, "Division by invariant integers
 * using multiplication", 1994).  A 64-bit divide costs tens of cycles; the
 * slab allocator asks "is this an object boundary?" on every alloc and
 * free (obj_to_index() in Linux).
 */
#ifndef _LINUX_RECIPROCAL_DIV_H
#define _LINUX_RECIPROCAL_DIV_H

#include <linux/types.h>

struct reciprocal_value {
	u32 m;
	u8 sh1, sh2;
};

/* reciprocal_value() - the constants for dividing by @d (1 <= d <= 2^31). */
static inline struct reciprocal_value reciprocal_value(u32 d)
{
	struct reciprocal_value R;
	/* l = ceil(log2(d)) */
	unsigned int l = d > 1 ? 32 - (unsigned int)__builtin_clz(d - 1) : 0;
	u64 m = ((1ULL << 32) * ((1ULL << l) - d)) / d + 1;

	R.m = (u32)m;
	R.sh1 = (u8)(l < 1 ? l : 1);
	R.sh2 = (u8)(l > 1 ? l - 1 : 0);
	return R;
}

/* reciprocal_divide() - @a / d for the d @R was made for. */
static inline u32 reciprocal_divide(u32 a, struct reciprocal_value R)
{
	u32 t = (u32)(((u64)a * R.m) >> 32);

	return (t + ((a - t) >> R.sh1)) >> R.sh2;
}

#endif
