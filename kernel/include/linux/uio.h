/* SPDX-License-Identifier: MIT */
/*
 * struct iov_iter - where the bytes of a read or a write go, or come from,
 * as in Linux: ITER_UBUF (one buffer in the current task's user memory),
 * ITER_IOVEC (a user iovec array, already imported), ITER_KVEC (kernel
 * buffers, for the kernel's own readers: kernel_read(), the shell's host
 * buffers).  A file's ->read_iter/->write_iter move bytes with
 * copy_to_iter()/copy_from_iter(), which advance the iterator and return
 * how many bytes moved: a short count means a fault in user memory.
 */
#ifndef _LINUX_UIO_H
#define _LINUX_UIO_H

#include <linux/types.h>
#include <linux/compiler.h>

struct file;

/* struct iovec as the x86-64 ABI lays it out (user pointer as a number). */
struct iovec {
	unsigned long iov_base;
	unsigned long iov_len;
};

struct kvec {
	void *iov_base;
	size_t iov_len;
};

enum iter_type {
	ITER_UBUF,
	ITER_IOVEC,
	ITER_KVEC,
};

/* The direction, as Linux's: ITER_DEST is read into, ITER_SOURCE written from. */
#define ITER_SOURCE	1	/* == WRITE */
#define ITER_DEST	0	/* == READ */

struct iov_iter {
	u8 iter_type;
	bool data_source;
	size_t iov_offset;		/* into the current segment */
	size_t count;			/* bytes left */
	union {
		const struct iovec *__iov;
		const struct kvec *kvec;
		unsigned long ubuf;
	};
	unsigned long nr_segs;		/* segments left (IOVEC, KVEC) */
};

/*
 * struct kiocb - one I/O on an open file: the file and the position it
 * works at (->read_iter advances ki_pos; the caller stores it back).
 */
struct kiocb {
	struct file *ki_filp;
	long long ki_pos;
	int ki_flags;
};

static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

static inline bool user_backed_iter(const struct iov_iter *i)
{
	return i->iter_type == ITER_UBUF || i->iter_type == ITER_IOVEC;
}

static inline void init_sync_kiocb(struct kiocb *kiocb, struct file *filp)
{
	*kiocb = (struct kiocb){ .ki_filp = filp };
}

/* lib/iov_iter.c */
void iov_iter_ubuf(struct iov_iter *i, unsigned int direction,
		   void __user *buf, size_t count);
void iov_iter_init(struct iov_iter *i, unsigned int direction,
		   const struct iovec *iov, unsigned long nr_segs, size_t count);
void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
		   const struct kvec *kvec, unsigned long nr_segs, size_t count);
void iov_iter_advance(struct iov_iter *i, size_t bytes);
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);
size_t iov_iter_zero(size_t bytes, struct iov_iter *i);

#endif /* _LINUX_UIO_H */
