// SPDX-License-Identifier: MIT
/* Scatterlist tables (Linux's lib/scatterlist.c), one host array each. */
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/machine.h>
#include <linux/scatterlist.h>

void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	memset(sgl, 0, sizeof(*sgl) * nents);
	if (nents)
		sg_mark_end(&sgl[nents - 1]);
}

/**
 * sg_alloc_table() - a table of @nents entries, initialised.
 * Return: 0, -EINVAL (no entries), or -ENOMEM.
 */
int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp)
{
	memset(table, 0, sizeof(*table));
	if (!nents)
		return -EINVAL;
	if (should_fail(FAIL_SLAB))
		return -ENOMEM;
	table->sgl = calloc(nents, sizeof(*table->sgl));
	if (!table->sgl)
		return -ENOMEM;
	sg_init_table(table->sgl, nents);
	table->nents = table->orig_nents = nents;
	return 0;
}

void sg_free_table(struct sg_table *table)
{
	free(table->sgl);
	memset(table, 0, sizeof(*table));
}

/**
 * sg_alloc_table_from_pages() - a table for @size bytes from @offset in
 * @pages, one entry per run of physically contiguous pages.
 * Return: 0, -EINVAL, or -ENOMEM.
 */
int sg_alloc_table_from_pages(struct sg_table *sgt, struct page **pages,
			      unsigned int n_pages, unsigned int offset,
			      unsigned long size, gfp_t gfp)
{
	unsigned int i, chunks = 0, cur = 0;
	struct scatterlist *sg;
	int err;

	if (!n_pages || !size || offset >= PAGE_SIZE ||
	    size > (unsigned long)n_pages * PAGE_SIZE - offset)
		return -EINVAL;
	for (i = 0; i < n_pages; i++)
		if (!i || page_to_pfn(pages[i]) != page_to_pfn(pages[i - 1]) + 1)
			chunks++;
	err = sg_alloc_table(sgt, chunks, gfp);
	if (err)
		return err;
	sg = sgt->sgl;
	for (i = 0; i < n_pages && size; ) {
		unsigned int j = i + 1;
		unsigned long len;

		while (j < n_pages && page_to_pfn(pages[j]) == page_to_pfn(pages[j - 1]) + 1)
			j++;
		len = min((unsigned long)(j - i) * PAGE_SIZE - offset, size);
		sg_set_page(&sg[cur++], pages[i], (unsigned int)len, offset);
		size -= len;
		offset = 0;
		i = j;
	}
	/* Pages past @size (none when the caller counted right) are unused. */
	sgt->nents = sgt->orig_nents = cur;
	sg_init_table(sg + cur, chunks - cur);
	sgt->sgl[cur - 1].page_link &= ~SG_END;
	sg_mark_end(&sgt->sgl[cur - 1]);
	return 0;
}
