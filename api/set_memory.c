// SPDX-License-Identifier: MIT
/*
 * mml_set_memory(): the set_memory_*() calls of x86 (arch/x86/mm/
 * set_memory.c).  The kernel checks the address itself, as Linux does (a
 * WARN and -EFAULT for what nothing maps); this adds the message.
 */
#include <mmlab/mmlab.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <asm/set_memory.h>
#include "api/api.h"

static const struct {
	const char *name;
	int (*fn)(unsigned long addr, int numpages);
} set_memory_ops[] = {
	[MML_SET_MEMORY_UC] = { "set_memory_uc", set_memory_uc },
	[MML_SET_MEMORY_WC] = { "set_memory_wc", set_memory_wc },
	[MML_SET_MEMORY_WB] = { "set_memory_wb", set_memory_wb },
	[MML_SET_MEMORY_RO] = { "set_memory_ro", set_memory_ro },
	[MML_SET_MEMORY_RW] = { "set_memory_rw", set_memory_rw },
	[MML_SET_MEMORY_X] = { "set_memory_x", set_memory_x },
	[MML_SET_MEMORY_NX] = { "set_memory_nx", set_memory_nx },
	[MML_SET_MEMORY_NP] = { "set_memory_np", set_memory_np },
	[MML_SET_MEMORY_P] = { "set_memory_p", set_memory_p },
};

/**
 * mml_set_memory() - set_memory_<@op>(@kva, @numpages).
 *
 * Return: 0; -EINVAL (bad @op, negative @numpages, uc/wc/wb outside the
 * direct map, a range mixing RAM and not RAM); -EBUSY (the pages already
 * have another memory type); -EFAULT (nothing maps @kva); -ENOMEM.
 */
MML_API int mml_set_memory(struct mml_machine *m, uint64_t kva, int numpages,
			   enum mml_set_memory_op op)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	int err;

	if (!m)
		return -EINVAL;
	if ((unsigned int)op >= ARRAY_SIZE(set_memory_ops)) {
		mml_set_error(m, "set_memory: unknown operation %d", (int)op);
		return -EINVAL;
	}
	err = set_memory_ops[op].fn((unsigned long)kva, numpages);
	if (err)
		mml_set_error(m, "%s(%#llx, %d) failed (see dmesg)",
			      set_memory_ops[op].name, (unsigned long long)kva,
			      numpages);
	return err;
}
