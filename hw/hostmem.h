/* SPDX-License-Identifier: MIT */
/*
 * Host memory of a machine, restorable: the library's host allocations
 * (struct mml_machine, VMAs, inodes, slab caches' descriptors, the TLB ...)
 * go through host_malloc() and friends.  For an ordinary machine they are
 * the C library's malloc() and friends.  A machine booted with
 * mml_config.snapshot takes them from its own arena instead, a bump
 * allocator in one host mapping, so that mml_machine_snapshot() can record
 * the machine's whole host state (the arena, RAM and mem_map) and
 * mml_machine_restore() can put it back by copying back the pages written
 * since (or, on hosts without write tracking, with a few mmap() calls of
 * the recorded images: copy-on-write; see hw/hostmem.c).
 *
 * The library's sources are compiled with this header force-included
 * (meson.build, hw/hostmem.h), so malloc(), calloc(), realloc(), free() and strdup() in
 * them mean the functions below.  hw/hostfs.c and the callers of the
 * library (tools, tests) keep the C library's.
 *
 * Under AddressSanitizer the arena keeps its errors visible: a redzone
 * after every object is poisoned, a freed object is poisoned and its memory
 * is not handed out again before the next restore.  See docs/fuzzing.md.
 */
#ifndef _MMLAB_HOSTMEM_H
#define _MMLAB_HOSTMEM_H

#include <stdlib.h>
#include <string.h>
#include <stdbool.h>

struct hostmem;

void *host_malloc(size_t size);
void *host_calloc(size_t nmemb, size_t size);
void *host_realloc(void *ptr, size_t size);
void host_free(void *ptr);
char *host_strdup(const char *s);

/*
 * hostmem_set_current() - how host_malloc() finds the arena of the machine
 * running on this thread (NULL: none, the C library's heap): the kernel
 * registers its lookup before it boots a machine that has one.
 */
void hostmem_set_current(struct hostmem *(*fn)(void));

struct hostmem *hostmem_new(void);
void hostmem_destroy(struct hostmem *hm);
void *hostmem_alloc(struct hostmem *hm, size_t size);	/* zeroed */
bool hostmem_owns(const struct hostmem *hm, const void *ptr);

/* The snapshot: the arena plus the mappings given (RAM, mem_map ...). */
int hostmem_snapshot(struct hostmem *hm, void *const *addr,
		     const size_t *len, int n);
int hostmem_restore(struct hostmem *hm);
bool hostmem_has_snapshot(const struct hostmem *hm);

#ifndef HOSTMEM_NO_REDIRECT
#define malloc(n)	host_malloc(n)
#define calloc(n, s)	host_calloc(n, s)
#define realloc(p, n)	host_realloc(p, n)
#define free(p)		host_free(p)
#define strdup(s)	host_strdup(s)
#endif

#endif
