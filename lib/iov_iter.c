// SPDX-License-Identifier: MIT
/*
 * The iov_iter: one walk over user buffers (ITER_UBUF, ITER_IOVEC) or
 * kernel buffers (ITER_KVEC) for every read and write of a file.  User
 * bytes move through copy_to_user()/copy_from_user() of the current task,
 * so a fault part-way gives a short count, as in Linux.
 */
#include <string.h>
#include <linux/kernel.h>
#include <linux/current.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

/** iov_iter_ubuf() - @count bytes of the current task's memory at @buf. */
void iov_iter_ubuf(struct iov_iter *i, unsigned int direction,
		   void __user *buf, size_t count)
{
	*i = (struct iov_iter){ .iter_type = ITER_UBUF,
				.data_source = direction == ITER_SOURCE,
				.ubuf = (unsigned long)buf, .count = count };
}

/** iov_iter_init() - @nr_segs user segments at @iov, @count bytes in all. */
void iov_iter_init(struct iov_iter *i, unsigned int direction,
		   const struct iovec *iov, unsigned long nr_segs, size_t count)
{
	*i = (struct iov_iter){ .iter_type = ITER_IOVEC,
				.data_source = direction == ITER_SOURCE,
				.__iov = iov, .nr_segs = nr_segs, .count = count };
	iov_iter_advance(i, 0);		/* past empty leading segments */
}

/** iov_iter_kvec() - @nr_segs kernel (host) buffers at @kvec. */
void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
		   const struct kvec *kvec, unsigned long nr_segs, size_t count)
{
	*i = (struct iov_iter){ .iter_type = ITER_KVEC,
				.data_source = direction == ITER_SOURCE,
				.kvec = kvec, .nr_segs = nr_segs, .count = count };
	iov_iter_advance(i, 0);
}

/* The current segment's base (user address or host pointer) and length left. */
static void iter_segment(const struct iov_iter *i, unsigned long *base,
			 size_t *len)
{
	switch (i->iter_type) {
	case ITER_UBUF:
		*base = i->ubuf + i->iov_offset;
		*len = i->count;
		return;
	case ITER_IOVEC:
		*base = i->__iov->iov_base + i->iov_offset;
		*len = i->__iov->iov_len - i->iov_offset;
		break;
	default:
		*base = (unsigned long)i->kvec->iov_base + i->iov_offset;
		*len = i->kvec->iov_len - i->iov_offset;
		break;
	}
	if (*len > i->count)
		*len = i->count;
}

/** iov_iter_advance() - skip @bytes (at most what is left). */
void iov_iter_advance(struct iov_iter *i, size_t bytes)
{
	bytes = min(bytes, i->count);
	while (bytes) {
		unsigned long base;
		size_t len, step;

		iter_segment(i, &base, &len);
		step = min(bytes, len);
		i->iov_offset += step;
		i->count -= step;
		bytes -= step;
		if (i->iter_type == ITER_UBUF || step < len)
			continue;
		i->iov_offset = 0;
		i->nr_segs--;
		if (i->iter_type == ITER_IOVEC)
			i->__iov++;
		else
			i->kvec++;
	}
	/* Empty segments at the front are skipped, so base is always live. */
	while (i->count && i->iter_type != ITER_UBUF &&
	       (i->iter_type == ITER_IOVEC ? i->__iov->iov_len : i->kvec->iov_len) == i->iov_offset) {
		i->iov_offset = 0;
		i->nr_segs--;
		if (i->iter_type == ITER_IOVEC)
			i->__iov++;
		else
			i->kvec++;
	}
}

/*
 * Move up to @bytes between @buf and @i (@to_iter: into it), a segment
 * at a time; @buf NULL moves zeros into @i.  Return: bytes moved; fewer
 * when a user page could not be reached.
 */
static size_t iterate(void *buf, size_t bytes, struct iov_iter *i,
		      bool to_iter)
{
	static const u8 zeros[256];
	size_t done = 0;

	bytes = min(bytes, i->count);
	while (done < bytes) {
		unsigned long base, left = 0;
		size_t len;

		iter_segment(i, &base, &len);
		len = min(len, bytes - done);
		if (!buf)
			len = min(len, sizeof(zeros));
		if (i->iter_type == ITER_KVEC) {
			if (!buf)
				memset((void *)base, 0, len);
			else if (to_iter)
				memcpy((void *)base, (u8 *)buf + done, len);
			else
				memcpy((u8 *)buf + done, (void *)base, len);
		} else if (to_iter) {
			left = copy_to_user((void __user *)base,
					    buf ? (u8 *)buf + done : zeros, len);
		} else {
			left = copy_from_user((u8 *)buf + done,
					      (const void __user *)base, len);
		}
		iov_iter_advance(i, len - left);
		done += len - left;
		if (left)
			break;
	}
	return done;
}

/** copy_to_iter() - copy @bytes from @addr into @i.  Return: bytes copied. */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	return iterate((void *)addr, bytes, i, true);
}

/** copy_from_iter() - copy @bytes from @i to @addr.  Return: bytes copied. */
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	return iterate(addr, bytes, i, false);
}

/** iov_iter_zero() - zero @bytes of @i.  Return: bytes zeroed. */
size_t iov_iter_zero(size_t bytes, struct iov_iter *i)
{
	return iterate(NULL, bytes, i, true);
}
