// SPDX-License-Identifier: MIT
/*
 * The public face of kmalloc: mml_kmalloc(), mml_kfree(), mml_ksize().
 *
 * Unlike the kernel's kfree(), which trusts its caller and corrupts the
 * heap when handed a bad pointer, these check first and refuse with
 * -EINVAL and a message.
 */
#include <mmlab/mmlab.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/slab.h>
#include "api/api.h"

/**
 * mml_kmalloc() - kmalloc(@size, @gfp) on @m; the address goes to @kva.
 * Size 0 gives ZERO_SIZE_PTR (16), as in Linux.
 *
 * Return: 0, -EINVAL for bad arguments, -ENOMEM if kmalloc() failed.
 */
MML_API int mml_kmalloc(struct mml_machine *m, size_t size, unsigned int gfp,
			uint64_t *kva)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	gfp_t kgfp;
	void *p;
	int err;

	if (!m)
		return -EINVAL;
	if (!kva) {
		mml_set_error(m, "kmalloc: no place for the address (kva is NULL)");
		return -EINVAL;
	}
	err = api_gfp(gfp, &kgfp);
	if (err) {
		mml_set_error(m, "kmalloc: bad gfp flags %#x", gfp);
		return err;
	}
	if (size > KMALLOC_MAX_SIZE) {
		mml_set_error(m, "kmalloc: %zu bytes is more than KMALLOC_MAX_SIZE (%lu)",
			      size, KMALLOC_MAX_SIZE);
		return -ENOMEM;
	}
	p = kmalloc(size, kgfp);
	if (!p) {
		mml_set_error(m, "kmalloc: out of memory for %zu bytes", size);
		return -ENOMEM;
	}
	*kva = (uint64_t)(unsigned long)p;
	return 0;
}

/* Is @kva something mml_kfree()/mml_ksize() may take?  0 or -EINVAL. */
static int kmalloc_check_object(struct mml_machine *m, const char *what,
				uint64_t kva)
{
	if (kmem_object_state((unsigned long)kva) == 1)
		return 0;
	mml_set_error(m, "%s: %#llx is not an allocated object", what,
		      (unsigned long long)kva);
	return -EINVAL;
}

/**
 * mml_kfree() - kfree(@kva).  0 and ZERO_SIZE_PTR are accepted and do
 * nothing, as in Linux.
 *
 * Return: 0, or -EINVAL if @kva is not the start of a live kmalloc or
 * kmem_cache object (a double free included); nothing is changed then.
 */
MML_API int mml_kfree(struct mml_machine *m, uint64_t kva)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	int err;

	if (!m)
		return -EINVAL;
	if (ZERO_OR_NULL_PTR(kva))
		return 0;
	err = kmalloc_check_object(m, "kfree", kva);
	if (err)
		return err;
	kfree((const void *)(unsigned long)kva);
	return 0;
}

/**
 * mml_ksize() - ksize(@kva): the usable size of the allocation.
 * Return: the size (0 for 0 and ZERO_SIZE_PTR), or -EINVAL.
 */
MML_API long mml_ksize(struct mml_machine *m, uint64_t kva)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	int err;

	if (!m)
		return -EINVAL;
	if (ZERO_OR_NULL_PTR(kva))
		return 0;
	err = kmalloc_check_object(m, "ksize", kva);
	if (err)
		return err;
	return (long)ksize((const void *)(unsigned long)kva);
}
