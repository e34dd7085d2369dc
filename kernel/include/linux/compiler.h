/* SPDX-License-Identifier: MIT */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#undef __always_inline	/* glibc's <sys/cdefs.h> has its own */
#define __always_inline	inline __attribute__((always_inline))
#define __maybe_unused	__attribute__((unused))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __must_check	__attribute__((warn_unused_result))
#define noinline	__attribute__((noinline))
#define __cold		__attribute__((cold))
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/*
 * __user marks a pointer into the current task's user memory: a simulated
 * user virtual address, never dereferenced by the host; copy_to_user() and
 * copy_from_user() reach it through the task's page tables.
 */
#define __user

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif
