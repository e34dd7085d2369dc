// SPDX-License-Identifier: MIT
/*
 * Host memory of a machine, restorable (see hw/hostmem.h).
 *
 * The arena is one MAP_NORESERVE host mapping; objects are carved from it
 * in order, each after a 16-byte header (its size) and followed by a
 * redzone, and are never reused before a restore: a fuzzer's input is
 * short, and a use after free stays detectable.  A snapshot copies the
 * touched pages of the arena and of the other regions (RAM, mem_map) into
 * memfds and maps those MAP_PRIVATE in place; a restore maps them again,
 * which drops every page written since and costs page faults only for the
 * pages the next run touches.
 */
#define HOSTMEM_NO_REDIRECT
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "hw/hostmem.h"

#undef malloc
#undef calloc
#undef realloc
#undef free
#undef strdup

#if defined(__SANITIZE_ADDRESS__)
#define HOSTMEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOSTMEM_ASAN 1
#endif
#endif

#ifdef HOSTMEM_ASAN
#include <sanitizer/asan_interface.h>
#define poison(p, n)	__asan_poison_memory_region((p), (n))
#define unpoison(p, n)	__asan_unpoison_memory_region((p), (n))
#define NO_ASAN		__attribute__((no_sanitize("address")))
#else
#define poison(p, n)	((void)(p), (void)(n))
#define unpoison(p, n)	((void)(p), (void)(n))
#define NO_ASAN
#endif

#define ARENA_RESERVE	(8ULL << 30)	/* address space, not memory */
#define HDR		16UL		/* header before each object */
#define REDZONE		16UL		/* poisoned after each object */
#define HOST_PAGE	4096UL
#define MAX_REGIONS	4
#define OBJ_MAGIC	0x6d6d6c6162686d6dULL

struct hdr {
	size_t size;
	uint64_t magic;
};

struct region {
	char *addr;
	size_t len;
	int fd;		/* memfd holding the recorded image */
};

struct hostmem {
	char *base;
	size_t top;		/* next free offset */
	size_t max_top;		/* highest top since the arena was made */
	bool snapped;
	size_t snap_top;
	struct region region[MAX_REGIONS];	/* [0] is the arena */
	int nregions;
	/* objects of the snapshot freed since: unpoisoned again on restore */
	struct { void *p; size_t n; } *freed;
	size_t nfreed, capfreed;
	struct hostmem *next;	/* all arenas, for host_free() */
};

static pthread_mutex_t arenas_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hostmem *arenas;

/* The kernel's answer to "which machine runs on this thread?" */
static struct hostmem *(*current_fn)(void);

void hostmem_set_current(struct hostmem *(*fn)(void))
{
	__atomic_store_n(&current_fn, fn, __ATOMIC_RELEASE);
}

static struct hostmem *current_hostmem(void)
{
	struct hostmem *(*fn)(void) = __atomic_load_n(&current_fn, __ATOMIC_ACQUIRE);

	return fn ? fn() : NULL;
}

/*
 * No arena exists (no machine booted with a snapshot): every object is the
 * C library's.  One load instead of asking the kernel for its machine on
 * each VMA's allocation and free.
 */
static inline bool no_arenas(void)
{
	return !__atomic_load_n(&arenas, __ATOMIC_ACQUIRE);
}

bool hostmem_owns(const struct hostmem *hm, const void *ptr)
{
	return hm && (const char *)ptr >= hm->base &&
	       (const char *)ptr < hm->base + ARENA_RESERVE;
}

struct hostmem *hostmem_new(void)
{
	struct hostmem *hm = calloc(1, sizeof(*hm));
	void *p;

	if (!hm)
		return NULL;
	p = mmap(NULL, ARENA_RESERVE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		free(hm);
		return NULL;
	}
	hm->base = p;
	pthread_mutex_lock(&arenas_lock);
	hm->next = arenas;
	arenas = hm;
	pthread_mutex_unlock(&arenas_lock);
	return hm;
}

void hostmem_destroy(struct hostmem *hm)
{
	struct hostmem **pp;
	int i;

	if (!hm)
		return;
	pthread_mutex_lock(&arenas_lock);
	for (pp = &arenas; *pp; pp = &(*pp)->next)
		if (*pp == hm) {
			*pp = hm->next;
			break;
		}
	pthread_mutex_unlock(&arenas_lock);
	/* the address range may be mapped again by anyone: no stale poison */
	unpoison(hm->base, hm->max_top);
	munmap(hm->base, ARENA_RESERVE);
	for (i = 0; i < hm->nregions; i++)
		if (hm->region[i].fd >= 0)
			close(hm->region[i].fd);
	free(hm->freed);
	free(hm);
}

void *hostmem_alloc(struct hostmem *hm, size_t size)
{
	size_t need, off = hm->top;
	struct hdr *h;

	if (size > ARENA_RESERVE)
		return NULL;
	need = HDR + ((size + 15) & ~15UL) + REDZONE;
	if (off + need > ARENA_RESERVE)
		return NULL;
	h = (struct hdr *)(hm->base + off);
	hm->top = off + need;
	if (hm->top > hm->max_top)
		hm->max_top = hm->top;
	unpoison(h, HDR + size);
	/* reused after a restore: fresh objects are zero, as calloc's */
	memset(h + 1, 0, size);
	h->size = size;
	h->magic = OBJ_MAGIC;
	poison(h, HDR);
	poison((char *)(h + 1) + size, need - HDR - size);
	return h + 1;
}

static struct hdr *hdr_of(void *ptr)
{
	struct hdr *h = (struct hdr *)ptr - 1;

	unpoison(h, HDR);
	if (h->magic != OBJ_MAGIC) {
		fprintf(stderr, "mmlab: host_free(%p): not an object of the machine's arena\n",
			ptr);
		abort();
	}
	return h;
}

static void arena_free(struct hostmem *hm, void *ptr)
{
	struct hdr *h = hdr_of(ptr);
	size_t size = h->size;

	h->magic = 0;	/* a second free aborts */
	if (hm->snapped && (char *)h < hm->base + hm->snap_top) {
		if (hm->nfreed == hm->capfreed) {
			size_t cap = hm->capfreed ? 2 * hm->capfreed : 64;
			void *n = realloc(hm->freed, cap * sizeof(*hm->freed));

			if (!n)
				abort();
			hm->freed = n;
			hm->capfreed = cap;
		}
		hm->freed[hm->nfreed].p = h;
		hm->freed[hm->nfreed++].n = HDR + size;
	}
	poison(h, HDR + size);
}

static struct hostmem *owner_of(void *ptr)
{
	struct hostmem *hm = current_hostmem();

	if (hostmem_owns(hm, ptr))
		return hm;
	if (!__atomic_load_n(&arenas, __ATOMIC_ACQUIRE))
		return NULL;
	pthread_mutex_lock(&arenas_lock);
	for (hm = arenas; hm && !hostmem_owns(hm, ptr); hm = hm->next)
		;
	pthread_mutex_unlock(&arenas_lock);
	return hm;
}

void *host_malloc(size_t size)
{
	struct hostmem *hm = current_hostmem();

	return hm ? hostmem_alloc(hm, size) : malloc(size);
}

void *host_calloc(size_t nmemb, size_t size)
{
	struct hostmem *hm;
	size_t n;

	if (no_arenas())
		return calloc(nmemb, size);
	hm = current_hostmem();
	if (!hm)
		return calloc(nmemb, size);
	if (__builtin_mul_overflow(nmemb, size, &n))
		return NULL;
	return hostmem_alloc(hm, n);
}

void host_free(void *ptr)
{
	struct hostmem *hm;

	if (!ptr)
		return;
	if (no_arenas()) {
		free(ptr);
		return;
	}
	hm = owner_of(ptr);
	if (hm)
		arena_free(hm, ptr);
	else
		free(ptr);
}

void *host_realloc(void *ptr, size_t size)
{
	struct hostmem *hm = ptr ? owner_of(ptr) : current_hostmem();
	void *n;

	if (!hm)
		return realloc(ptr, size);
	if (!ptr)
		return hostmem_alloc(hm, size);
	n = hostmem_alloc(hm, size);
	if (!n)
		return NULL;
	{
		struct hdr *h = hdr_of(ptr);

		memcpy(n, ptr, h->size < size ? h->size : size);
		poison(h, HDR);
	}
	arena_free(hm, ptr);
	return n;
}

char *host_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = host_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

/* --- snapshots ----------------------------------------------------------- */

NO_ASAN static bool page_is_zero(const char *p)
{
	const volatile uint64_t *q = (const volatile uint64_t *)p;
	size_t i;

	for (i = 0; i < HOST_PAGE / 8; i++)
		if (q[i])
			return false;
	return true;
}

/* Copy the touched, non-zero pages of @r into a new memfd (sparse). */
static int region_record(struct region *r)
{
	unsigned char vec[4096];
	size_t off, chunk = sizeof(vec) * HOST_PAGE, i;
	int fd = memfd_create("mmlab-snapshot", MFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)r->len)) {
		close(fd);
		return -errno;
	}
	for (off = 0; off < r->len; off += chunk) {
		size_t n = r->len - off < chunk ? r->len - off : chunk;

		if (mincore(r->addr + off, n, vec)) {
			close(fd);
			return -errno;
		}
		for (i = 0; i < (n + HOST_PAGE - 1) / HOST_PAGE; i++) {
			char *p = r->addr + off + i * HOST_PAGE;

			if (!(vec[i] & 1) || page_is_zero(p))
				continue;
			/* the raw system call: ASan's pwrite checks poison */
			if (syscall(SYS_pwrite64, fd, p, HOST_PAGE,
				    (off_t)(off + i * HOST_PAGE)) != (long)HOST_PAGE) {
				close(fd);
				return -EIO;
			}
		}
	}
	r->fd = fd;
	return 0;
}

static int region_map(const struct region *r)
{
	void *p = mmap(r->addr, r->len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_FIXED | MAP_NORESERVE, r->fd, 0);

	return p == MAP_FAILED ? -errno : 0;
}

int hostmem_snapshot(struct hostmem *hm, void *const *addr, const size_t *len,
		     int n)
{
	int i, err = 0;

	if (hm->snapped || n + 1 > MAX_REGIONS)
		return -EBUSY;
	hm->region[0] = (struct region){ hm->base,
		(hm->top + HOST_PAGE - 1) & ~(HOST_PAGE - 1), -1 };
	for (i = 0; i < n; i++)
		hm->region[i + 1] = (struct region){ addr[i], len[i], -1 };
	hm->nregions = n + 1;
	for (i = 0; i < hm->nregions && !err; i++)
		err = region_record(&hm->region[i]);
	for (i = 0; i < hm->nregions && !err; i++)
		err = region_map(&hm->region[i]);
	if (err) {
		for (i = 0; i < hm->nregions; i++)
			if (hm->region[i].fd >= 0)
				close(hm->region[i].fd);
		hm->nregions = 0;
		return err;
	}
	hm->snap_top = hm->top;
	hm->snapped = true;
	return 0;
}

int hostmem_restore(struct hostmem *hm)
{
	size_t i;
	int r, err;

	if (!hm->snapped)
		return -EINVAL;
	for (r = 0; r < hm->nregions; r++) {
		err = region_map(&hm->region[r]);
		if (err)
			return err;
	}
	/* the arena's poison as it was at the snapshot */
	if (hm->max_top > hm->snap_top)
		poison(hm->base + hm->snap_top, hm->max_top - hm->snap_top);
	for (i = 0; i < hm->nfreed; i++)
		unpoison(hm->freed[i].p, hm->freed[i].n);
	for (i = 0; i < hm->nfreed; i++)
		poison(hm->freed[i].p, HDR);
	hm->nfreed = 0;
	hm->top = hm->snap_top;
	return 0;
}

bool hostmem_has_snapshot(const struct hostmem *hm)
{
	return hm && hm->snapped;
}
