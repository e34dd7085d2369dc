// SPDX-License-Identifier: MIT
/* Public entry points: the page allocator and address conversion. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <mmlab/mmlab.h>
#include "api/api.h"

int api_gfp(unsigned int f, gfp_t *gfp)
{
	gfp_t g;

	if (f & ~(MML_GFP_KERNEL | MML_GFP_ATOMIC | MML_GFP_DMA | MML_GFP_DMA32 |
		  MML_GFP_ZERO | MML_GFP_NOWARN))
		return -EINVAL;
	if ((f & MML_GFP_KERNEL) && (f & MML_GFP_ATOMIC))
		return -EINVAL;
	if ((f & MML_GFP_DMA) && (f & MML_GFP_DMA32))
		return -EINVAL;
	g = (f & MML_GFP_ATOMIC) ? GFP_ATOMIC : GFP_KERNEL;
	if (f & MML_GFP_DMA)
		g |= __GFP_DMA;
	if (f & MML_GFP_DMA32)
		g |= __GFP_DMA32;
	if (f & MML_GFP_ZERO)
		g |= __GFP_ZERO;
	if (f & MML_GFP_NOWARN)
		g |= __GFP_NOWARN;
	*gfp = g;
	return 0;
}

MML_API int mml_gfp_parse(const char *text, unsigned int *gfp)
{
	static const struct { const char *name; unsigned int f; } names[] = {
		{ "GFP_KERNEL", MML_GFP_KERNEL }, { "kernel", MML_GFP_KERNEL },
		{ "GFP_ATOMIC", MML_GFP_ATOMIC }, { "atomic", MML_GFP_ATOMIC },
		{ "GFP_DMA", MML_GFP_DMA }, { "dma", MML_GFP_DMA },
		{ "GFP_DMA32", MML_GFP_DMA32 }, { "dma32", MML_GFP_DMA32 },
		{ "__GFP_ZERO", MML_GFP_ZERO }, { "zero", MML_GFP_ZERO },
		{ "__GFP_NOWARN", MML_GFP_NOWARN }, { "nowarn", MML_GFP_NOWARN },
	};
	char word[32];
	unsigned int f = 0;
	const char *p = text;
	size_t i, len;

	if (!text || !*text)
		return -EINVAL;
	while (*p) {
		len = strcspn(p, "|,");
		if (!len || len >= sizeof(word))
			return -EINVAL;
		memcpy(word, p, len);
		word[len] = '\0';
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (!strcasecmp(word, names[i].name))
				break;
		if (i == ARRAY_SIZE(names))
			return -EINVAL;
		f |= names[i].f;
		p += len;
		if (*p)
			p++;
	}
	*gfp = f;
	return 0;
}

/*
 * Note the block of 2^@order pages at @pfn.  A table indexed by pfn, not a
 * sorted list: the shell's "fragment" allocates thousands of single pages,
 * and inserting each into a sorted array moved the array every time.
 */
static int block_add(struct mml_machine *m, unsigned long pfn,
		     unsigned int order)
{
	if (pfn >= m->api_order_len) {
		unsigned long len = max(pfn + 1, m->api_order_len * 2);
		u8 *n = realloc(m->api_order, len);

		if (!n)
			return -ENOMEM;
		memset(n + m->api_order_len, 0, len - m->api_order_len);
		m->api_order = n;
		m->api_order_len = len;
	}
	m->api_order[pfn] = (u8)(order + 1);
	return 0;
}

MML_API int mml_alloc_pages(struct mml_machine *m, unsigned int mgfp,
			    unsigned int order, uint64_t *pfn)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	struct page *page;
	gfp_t gfp;

	if (api_gfp(mgfp, &gfp)) {
		mml_set_error(m, "alloc_pages: bad GFP flags %#x", mgfp);
		return -EINVAL;
	}
	if (order > MAX_PAGE_ORDER) {
		mml_set_error(m, "alloc_pages: order %u is above MAX_PAGE_ORDER (%d)",
			      order, MAX_PAGE_ORDER);
		return -EINVAL;
	}
	page = alloc_pages(gfp, order);
	if (!page) {
		mml_set_error(m, "alloc_pages: no free block of order %u", order);
		return -ENOMEM;
	}
	if (block_add(m, page_to_pfn(page), order)) {
		__free_pages(page, order);
		mml_set_error(m, "alloc_pages: out of host memory");
		return -ENOMEM;
	}
	*pfn = page_to_pfn(page);
	return 0;
}

MML_API int mml_free_pages(struct mml_machine *m, uint64_t pfn,
			   unsigned int order)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	unsigned int held = pfn < m->api_order_len ? m->api_order[pfn] : 0;

	if (!held) {
		mml_set_error(m, "free_pages: pfn %#llx was not allocated by alloc_pages",
			      (unsigned long long)pfn);
		return -EINVAL;
	}
	if (held - 1 != order) {
		mml_set_error(m, "free_pages: pfn %#llx was allocated with order %u, not %u",
			      (unsigned long long)pfn, held - 1, order);
		return -EINVAL;
	}
	__free_pages(pfn_to_page((unsigned long)pfn), order);
	m->api_order[pfn] = 0;
	return 0;
}

MML_API int mml_virt_to_phys(struct mml_machine *m, uint64_t kva, uint64_t *pa)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	if (kva < PAGE_OFFSET || kva >= m->high_memory) {
		mml_set_error(m, "__pa: %#llx is not in the direct map [%#lx, %#lx) (use walk for vmalloc/ioremap addresses)",
			      (unsigned long long)kva, PAGE_OFFSET, m->high_memory);
		return -EINVAL;
	}
	*pa = __pa(kva);
	return 0;
}

MML_API int mml_phys_to_virt(struct mml_machine *m, uint64_t pa, uint64_t *kva)
{
	machine_guard(m, NULL);
	int api_err = api_stopped(m);

	if (api_err)
		return api_err;
	if (pa >= PFN_PHYS(m->max_pfn)) {
		mml_set_error(m, "__va: %#llx is above the memory the kernel maps (%#llx)",
			      (unsigned long long)pa,
			      (unsigned long long)PFN_PHYS(m->max_pfn));
		return -EINVAL;
	}
	*kva = __va(pa);
	return 0;
}
