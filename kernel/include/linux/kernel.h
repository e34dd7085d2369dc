/* SPDX-License-Identifier: MIT */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/compiler.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define ALIGN(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define SZ_1K	0x400UL
#define SZ_4K	0x1000UL
#define SZ_64K	0x10000UL
#define SZ_1M	0x100000UL
#define SZ_2M	0x200000UL
#define SZ_16M	0x1000000UL
#define SZ_1G	0x40000000UL
#define SZ_4G	0x100000000UL

#define ___PASTE(a, b)	a##b
#define __PASTE(a, b)	___PASTE(a, b)
#define __UNIQUE_ID(p)	__PASTE(__PASTE(__UNIQUE_ID_, p), __COUNTER__)
#define __cmp_once(op, a, b, ua, ub) \
	({ __typeof__(a) ua = (a); __typeof__(b) ub = (b); ua op ub ? ua : ub; })
#define min(a, b) __cmp_once(<, a, b, __UNIQUE_ID(x_), __UNIQUE_ID(y_))
#define max(a, b) __cmp_once(>, a, b, __UNIQUE_ID(x_), __UNIQUE_ID(y_))
#define min_t(t, a, b) min((t)(a), (t)(b))
#define max_t(t, a, b) max((t)(a), (t)(b))
#define clamp(v, lo, hi) min(max(v, lo), hi)

static inline int fls64(u64 x) { return x ? 64 - __builtin_clzll(x) : 0; }
static inline int fls(unsigned int x) { return x ? 32 - __builtin_clz(x) : 0; }
static inline int __ffs64(u64 x) { return __builtin_ctzll(x); }
static inline bool is_power_of_2(unsigned long n) { return n && !(n & (n - 1)); }
static inline unsigned int ilog2(unsigned long n) { return 63 - __builtin_clzl(n); }

/* The ERR_PTR() family, for pointer returns with more than one failure. */
#define MAX_ERRNO 4095
static inline void *ERR_PTR(long err) { return (void *)err; }
static inline long PTR_ERR(const void *p) { return (long)p; }
static inline bool IS_ERR(const void *p)
{
	return (unsigned long)p >= (unsigned long)-MAX_ERRNO;
}
static inline bool IS_ERR_OR_NULL(const void *p) { return !p || IS_ERR(p); }

#endif
