/* SPDX-License-Identifier: MIT */
#ifndef TESTS_LINK_ABI_H
#define TESTS_LINK_ABI_H
#include <stddef.h>
struct abi_entry {
	const char *what;
	size_t value;
};
extern const struct abi_entry abi_kernel[];
extern const struct abi_entry abi_sdk[];
#endif
