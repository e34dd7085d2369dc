// SPDX-License-Identifier: MIT
/*
 * Host memory of a machine, restorable (see hw/hostmem.h).
 *
 * The arena is one MAP_NORESERVE host mapping; objects are carved from it
 * in order, each after a 16-byte header (its size) and followed by a
 * redzone, and are never reused before a restore: a fuzzer's input is
 * short, and a use after free stays detectable.  A snapshot copies the
 * touched pages of the arena and of the other regions (RAM, mem_map) into
 * a copy; a restore copies back only the pages written since, found by
 * the host's write tracking (userfaultfd's asynchronous write protection,
 * read with the PAGEMAP_SCAN ioctl).  Pages stay mapped: a page fault costs
 * tens of microseconds in the VMs this runs in, a 4 KiB copy a fraction of
 * one (docs/fuzzing.md).  Without that tracking (older hosts, no
 * permission) the copy is a memfd mapped MAP_PRIVATE in place, and a
 * restore maps it again: every page the next run touches faults once.
 */
#define HOSTMEM_NO_REDIRECT
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "hw/hostmem.h"

/*
 * The host's userfaultfd and PAGEMAP_SCAN ABI (Linux 6.7+), spelled out
 * here: the build host's headers may predate it, and <linux/types.h> is
 * the simulated kernel's own on this file's include path.
 */
#define UFFD_API			0xAAULL
#define UFFD_FEATURE_WP_UNPOPULATED	(1 << 13)
#define UFFD_FEATURE_WP_ASYNC		(1 << 15)
#define UFFDIO_REGISTER_MODE_WP		(1 << 1)
#define UFFDIO_WRITEPROTECT_MODE_WP	(1 << 0)
struct uffdio_range {
	uint64_t start, len;
};
struct uffdio_api {
	uint64_t api, features, ioctls;
};
struct uffdio_register {
	struct uffdio_range range;
	uint64_t mode, ioctls;
};
struct uffdio_writeprotect {
	struct uffdio_range range;
	uint64_t mode;
};
#define UFFDIO_API		_IOWR(0xAA, 0x3F, struct uffdio_api)
#define UFFDIO_REGISTER		_IOWR(0xAA, 0x00, struct uffdio_register)
#define UFFDIO_WRITEPROTECT	_IOWR(0xAA, 0x06, struct uffdio_writeprotect)
#define PAGEMAP_SCAN		_IOWR('f', 16, struct pm_scan_arg)
#define PAGE_IS_WRITTEN		(1 << 1)
#define PM_SCAN_WP_MATCHING	(1 << 0)
#define PM_SCAN_CHECK_WPASYNC	(1 << 1)
struct page_region {
	uint64_t start, end, categories;
};
struct pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask;
	uint64_t return_mask;
};

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

/*
 * NO_ASAN marks the loops over whole pages: not checked by ASan (they copy
 * past the arena's poison) nor by UBSan (its checks of each word's
 * pointer kept the compiler from vectorizing them).
 */
#ifdef HOSTMEM_ASAN
#include <sanitizer/asan_interface.h>
#define poison(p, n)	__asan_poison_memory_region((p), (n))
#define unpoison(p, n)	__asan_unpoison_memory_region((p), (n))
#define NO_ASAN		__attribute__((no_sanitize("address", "undefined")))
#else
#define poison(p, n)	((void)(p), (void)(n))
#define unpoison(p, n)	((void)(p), (void)(n))
#define NO_ASAN		__attribute__((no_sanitize("undefined")))
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
	int fd;		/* memfd holding the recorded image (remap mode) */
	char *img;	/* the recorded image (tracked mode) */
	uint32_t *changed;	/* per page: the restore that last undid a write */
};

struct hostmem {
	char *base;
	size_t top;		/* next free offset */
	size_t max_top;		/* highest top since the arena was made */
	bool snapped;
	size_t snap_top;
	struct region region[MAX_REGIONS];	/* [0] is the arena */
	int nregions;
	int uffd, pagemap;	/* write tracking, or -1: remap mode */
	uint32_t restores;	/* restores since the snapshot (tracked mode) */
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
	hm->uffd = hm->pagemap = -1;
	pthread_mutex_lock(&arenas_lock);
	hm->next = arenas;
	arenas = hm;
	pthread_mutex_unlock(&arenas_lock);
	return hm;
}

static void regions_drop(struct hostmem *hm);

void hostmem_destroy(struct hostmem *hm)
{
	struct hostmem **pp;

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
	regions_drop(hm);
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

/*
 * Copy @n bytes (whole pages) past the arena's poison: ASan's memcpy
 * checks it.  Word by word through volatile, so that the compiler does
 * not turn the loop back into a memcpy() call.
 */
NO_ASAN static void copy_pages(char *dst, const char *src, size_t n)
{
	volatile uint64_t *d = (volatile uint64_t *)dst;
	const volatile uint64_t *s = (const volatile uint64_t *)src;
	size_t i;

	for (i = 0; i < n / 8; i++)
		d[i] = s[i];
}

/*
 * Make the page at @dst equal to @src; return whether it differed.  A
 * page that was not written since the last restore is only read (the
 * comparison, which the compiler can vectorize: no volatile there).
 */
NO_ASAN static bool sync_page(char *dst, const char *src)
{
	const uint64_t *d = (const uint64_t *)dst, *s = (const uint64_t *)src;
	uint64_t diff = 0;
	size_t i;

	for (i = 0; i < HOST_PAGE / 8; i++)
		diff |= d[i] ^ s[i];
	if (!diff)
		return false;
	copy_pages(dst, src, HOST_PAGE);
	return true;
}

/*
 * Visit the touched, non-zero pages of @r (the pages worth recording:
 * the others read as zero in a sparse copy).
 */
static int region_for_each_page(struct region *r,
				int (*fn)(struct region *r, size_t off, void *arg),
				void *arg)
{
	unsigned char vec[4096];
	size_t off, chunk = sizeof(vec) * HOST_PAGE, i;
	int err;

	for (off = 0; off < r->len; off += chunk) {
		size_t n = r->len - off < chunk ? r->len - off : chunk;

		if (mincore(r->addr + off, n, vec))
			return -errno;
		for (i = 0; i < (n + HOST_PAGE - 1) / HOST_PAGE; i++) {
			size_t o = off + i * HOST_PAGE;

			if (!(vec[i] & 1) || page_is_zero(r->addr + o))
				continue;
			err = fn(r, o, arg);
			if (err)
				return err;
		}
	}
	return 0;
}

static int page_to_memfd(struct region *r, size_t off, void *arg)
{
	/* the raw system call: ASan's pwrite checks poison */
	if (syscall(SYS_pwrite64, *(int *)arg, r->addr + off, HOST_PAGE,
		    (off_t)off) != (long)HOST_PAGE)
		return -EIO;
	return 0;
}

static int page_to_img(struct region *r, size_t off, void *arg)
{
	(void)arg;
	copy_pages(r->img + off, r->addr + off, HOST_PAGE);
	return 0;
}

/* Remap mode: record @r into a new memfd (sparse). */
static int region_record_fd(struct region *r)
{
	int fd = memfd_create("mmlab-snapshot", MFD_CLOEXEC);
	int err;

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)r->len)) {
		err = -errno;
		close(fd);
		return err;
	}
	err = region_for_each_page(r, page_to_memfd, &fd);
	if (err) {
		close(fd);
		return err;
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

/*
 * Tracked mode: record @r into an anonymous copy (only its recorded pages
 * take memory), register it for asynchronous write protection and protect
 * it whole: from then on the first write to each page clears the page's
 * protection in the kernel, without a signal or a message, and
 * PAGEMAP_SCAN reports the page as written.
 */
static int region_record_tracked(struct hostmem *hm, struct region *r)
{
	struct uffdio_register reg = {
		.range = { (uintptr_t)r->addr, r->len },
		.mode = UFFDIO_REGISTER_MODE_WP,
	};
	struct uffdio_writeprotect wp = {
		.range = { (uintptr_t)r->addr, r->len },
		.mode = UFFDIO_WRITEPROTECT_MODE_WP,
	};
	void *img = mmap(NULL, r->len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	int err;

	if (img == MAP_FAILED)
		return -errno;
	r->img = img;
	r->changed = calloc(r->len / HOST_PAGE + 1, sizeof(*r->changed));
	if (!r->changed)
		return -ENOMEM;
	err = region_for_each_page(r, page_to_img, NULL);
	if (err)
		return err;
	/* a huge page would be tracked, and copied back, 2 MiB at a time */
	madvise(r->addr, r->len, MADV_NOHUGEPAGE);
	if (ioctl(hm->uffd, UFFDIO_REGISTER, &reg) ||
	    ioctl(hm->uffd, UFFDIO_WRITEPROTECT, &wp))
		return -errno;
	return 0;
}

/*
 * The pages of @r written since the last call, and those left unprotected
 * by earlier restores: make each equal to the image again, and note in
 * ->changed the pages that differed (written since the last restore).
 * Return the number of pages that differed, or the host's error.
 */
static long region_restore_tracked(struct hostmem *hm, struct region *r)
{
	struct page_region vec[256];
	struct pm_scan_arg arg = {
		.size = sizeof(arg),
		.flags = PM_SCAN_CHECK_WPASYNC,
		.end = (uintptr_t)r->addr + r->len,
		.vec = (uintptr_t)vec,
		.vec_len = sizeof(vec) / sizeof(vec[0]),
		.category_mask = PAGE_IS_WRITTEN,
		.return_mask = PAGE_IS_WRITTEN,
	};
	uint64_t start = (uintptr_t)r->addr;
	long n, i, pages = 0;

	do {
		arg.start = start;
		n = ioctl(hm->pagemap, PAGEMAP_SCAN, &arg);
		if (n < 0)
			return -errno;
		for (i = 0; i < n; i++) {
			size_t off = vec[i].start - (uintptr_t)r->addr;
			size_t end = vec[i].end - (uintptr_t)r->addr;

			for (; off < end; off += HOST_PAGE) {
				if (!sync_page(r->addr + off, r->img + off))
					continue;
				r->changed[off / HOST_PAGE] = hm->restores;
				pages++;
			}
		}
		start = arg.walk_end;
	} while (start < arg.end);
	return pages;
}

/*
 * Protect the written pages of [@start, @end) again, after they were
 * copied back (so that the copy marks nothing).
 */
static int range_protect(struct hostmem *hm, char *start, char *end)
{
	struct pm_scan_arg arg = {
		.size = sizeof(arg),
		.flags = PM_SCAN_WP_MATCHING | PM_SCAN_CHECK_WPASYNC,
		.start = (uintptr_t)start,
		.end = (uintptr_t)end,
		.category_mask = PAGE_IS_WRITTEN,
		.return_mask = PAGE_IS_WRITTEN,
	};

	return ioctl(hm->pagemap, PAGEMAP_SCAN, &arg) < 0 ? -errno : 0;
}

/*
 * Protecting pages again is dear: a TLB flush of the process each time,
 * and a host page fault for each page at its next write (tens of
 * microseconds in a PVM guest, where comparing a page with its image
 * costs well under one).  Most pages an input writes, the next ones write
 * too (the restored machine allocates the same pages again), so written
 * pages stay unprotected: a page that is not protected counts as written,
 * and is compared with its image at every restore.  Every PROTECT_EVERY
 * restores, the pages that no restore found changed for PROTECT_IDLE
 * restores are protected again (one PAGEMAP_SCAN per run of them): a
 * large input's pages cost at most that many comparisons afterwards,
 * and the pages that inputs keep writing are never protected again.
 */
#define PROTECT_EVERY	32
#define PROTECT_IDLE	128

static bool page_idle(const struct hostmem *hm, const struct region *r,
		      size_t i)
{
	return hm->restores - r->changed[i] >= PROTECT_IDLE;
}

static int region_protect_idle(struct hostmem *hm, struct region *r)
{
	size_t i = 0, j, n = r->len / HOST_PAGE;
	int err;

	while (i < n) {
		if (!page_idle(hm, r, i)) {
			i++;
			continue;
		}
		for (j = i + 1; j < n && page_idle(hm, r, j); j++)
			;
		err = range_protect(hm, r->addr + i * HOST_PAGE,
				    r->addr + j * HOST_PAGE);
		if (err)
			return err;
		i = j;
	}
	return 0;
}

static int restore_tracked(struct hostmem *hm)
{
	long n;
	int r, err;

	hm->restores++;
	for (r = 0; r < hm->nregions; r++) {
		n = region_restore_tracked(hm, &hm->region[r]);
		if (n < 0)
			return (int)n;
	}
	if (hm->restores % PROTECT_EVERY)
		return 0;
	for (r = 0; r < hm->nregions; r++) {
		err = region_protect_idle(hm, &hm->region[r]);
		if (err)
			return err;
	}
	return 0;
}

/* The host's asynchronous write protection, if it has it (Linux 6.7+). */
static bool tracking_init(struct hostmem *hm)
{
	struct uffdio_api api = {
		.api = UFFD_API,
		.features = UFFD_FEATURE_WP_ASYNC | UFFD_FEATURE_WP_UNPOPULATED,
	};
	const char *e = getenv("MMLAB_SNAPSHOT_REMAP");
	int fd;

	if (e && *e && strcmp(e, "0"))
		return false;
	fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	if (ioctl(fd, UFFDIO_API, &api) ||
	    !(api.features & UFFD_FEATURE_WP_ASYNC)) {
		close(fd);
		return false;
	}
	hm->pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (hm->pagemap < 0) {
		close(fd);
		return false;
	}
	hm->uffd = fd;
	return true;
}

/* Forget the recorded images (and stop tracking: closing the uffd does). */
static void regions_drop(struct hostmem *hm)
{
	int i;

	for (i = 0; i < hm->nregions; i++) {
		struct region *r = &hm->region[i];

		if (r->fd >= 0)
			close(r->fd);
		if (r->img)
			munmap(r->img, r->len);
		free(r->changed);
		r->changed = NULL;
	}
	hm->nregions = 0;
	if (hm->uffd >= 0)
		close(hm->uffd);
	if (hm->pagemap >= 0)
		close(hm->pagemap);
	hm->uffd = hm->pagemap = -1;
}

static int regions_record(struct hostmem *hm)
{
	int i, err = 0;

	if (tracking_init(hm)) {
		for (i = 0; i < hm->nregions && !err; i++)
			err = region_record_tracked(hm, &hm->region[i]);
		if (!err)
			return 0;
		/* undo: unregistering happens when the uffd closes */
		for (i = 0; i < hm->nregions; i++) {
			if (hm->region[i].img)
				munmap(hm->region[i].img, hm->region[i].len);
			hm->region[i].img = NULL;
			free(hm->region[i].changed);
			hm->region[i].changed = NULL;
		}
		close(hm->uffd);
		close(hm->pagemap);
		hm->uffd = hm->pagemap = -1;
		err = 0;
	}
	for (i = 0; i < hm->nregions && !err; i++)
		err = region_record_fd(&hm->region[i]);
	for (i = 0; i < hm->nregions && !err; i++)
		err = region_map(&hm->region[i]);
	return err;
}

int hostmem_snapshot(struct hostmem *hm, void *const *addr, const size_t *len,
		     int n)
{
	int i, err;

	if (hm->snapped || n + 1 > MAX_REGIONS)
		return -EBUSY;
	hm->region[0] = (struct region){ hm->base,
		(hm->top + HOST_PAGE - 1) & ~(HOST_PAGE - 1), -1, NULL };
	for (i = 0; i < n; i++)
		hm->region[i + 1] = (struct region){ addr[i], len[i], -1, NULL };
	hm->nregions = n + 1;
	err = regions_record(hm);
	if (err) {
		regions_drop(hm);
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
	if (hm->uffd >= 0)
		err = restore_tracked(hm);
	else
		for (r = 0, err = 0; r < hm->nregions && !err; r++)
			err = region_map(&hm->region[r]);
	if (err)
		return err;
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
