// SPDX-License-Identifier: MIT
/* Kernel memory commands: kmalloc, vmalloc, the buddy allocator, ioremap. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

static void print_addr(struct shell *sh, uint64_t addr)
{
	fprintf(sh->out, "0x%016" PRIx64 "\n", addr);
	j_hex(sh, "addr", addr);
	sh_set_last(sh, addr);
}

int cmd_kmalloc(struct shell *sh, int argc, char **argv)
{
	unsigned int gfp;
	uint64_t size, kva;
	int err;

	if (sh_arg_size(sh, "size", argv[1], &size) ||
	    sh_arg_gfp(sh, argc > 2 ? argv[2] : NULL, &gfp))
		return -1;
	err = mml_kmalloc(sh->m, size, gfp, &kva);
	if (err)
		return sh_fail_api(sh, err, "kmalloc(%" PRIu64 ")", size);
	j_u64(sh, "size", size);
	if (kva == 0x10) {
		/* Linux's kmalloc(0) answer: a pointer that faults on any use. */
		fprintf(sh->out, "0x%016" PRIx64 " (ZERO_SIZE_PTR)\n", kva);
		j_hex(sh, "addr", kva);
		return 0;
	}
	print_addr(sh, kva);
	return 0;
}

int cmd_kfree(struct shell *sh, int argc, char **argv)
{
	uint64_t kva;
	int err;

	if (sh_arg_u64(sh, "address", argv[1], &kva))
		return -1;
	err = mml_kfree(sh->m, kva);
	if (err)
		return sh_fail_api(sh, err, "0x%" PRIx64, kva);
	j_begin(sh);
	return 0;
}

int cmd_ksize(struct shell *sh, int argc, char **argv)
{
	uint64_t kva;
	long size;

	if (sh_arg_u64(sh, "address", argv[1], &kva))
		return -1;
	size = mml_ksize(sh->m, kva);
	if (size < 0)
		return sh_fail_api(sh, (int)size, "0x%" PRIx64, kva);
	fprintf(sh->out, "%ld\n", size);
	j_u64(sh, "size", (uint64_t)size);
	return 0;
}

int cmd_vmalloc(struct shell *sh, int argc, char **argv)
{
	bool zeroed = !strcmp(argv[0], "vzalloc");
	uint64_t size, kva;
	int err;

	if (sh_arg_size(sh, "size", argv[1], &size))
		return -1;
	err = mml_vmalloc(sh->m, size, zeroed, &kva);
	if (err)
		return sh_fail_api(sh, err, "%s(%" PRIu64 ")", argv[0], size);
	j_u64(sh, "size", size);
	print_addr(sh, kva);
	return 0;
}

int cmd_vfree(struct shell *sh, int argc, char **argv)
{
	uint64_t kva;
	int err;

	if (sh_arg_u64(sh, "address", argv[1], &kva))
		return -1;
	err = mml_vfree(sh->m, kva);
	if (err)
		return sh_fail_api(sh, err, "0x%" PRIx64, kva);
	j_begin(sh);
	return 0;
}

int cmd_vmalloc_to_pfn(struct shell *sh, int argc, char **argv)
{
	uint64_t kva, pages = 1, pfn, i;
	int err;

	if (sh_arg_u64(sh, "address", argv[1], &kva))
		return -1;
	if (argc == 3 && sh_arg_u64(sh, "page count", argv[2], &pages))
		return -1;
	if (pages < 1 || pages > 1024)
		return sh_fail(sh, "page count %" PRIu64 " is not in 1..1024", pages);
	j_key(sh, "pages");
	j_raw(sh, "[");
	for (i = 0; i < pages; i++) {
		uint64_t va = kva + i * 4096;

		err = mml_vmalloc_to_pfn(sh->m, va, &pfn);
		if (err)
			return sh_fail_api(sh, err, "0x%" PRIx64, va);
		fprintf(sh->out, "0x%016" PRIx64 " -> pfn 0x%" PRIx64 " (phys 0x%" PRIx64 ")\n",
			va, pfn, pfn * 4096 + (va & 4095));
		if (i)
			j_sep(sh);
		j_raw(sh, "{");
		j_hex(sh, "va", va);
		j_hex(sh, "pfn", pfn);
		j_raw(sh, "}");
		if (!i)
			sh_set_last(sh, pfn);
	}
	j_raw(sh, "]");
	return 0;
}

int cmd_alloc_pages(struct shell *sh, int argc, char **argv)
{
	unsigned int gfp;
	uint64_t order, pfn;
	int err;

	if (sh_arg_u64(sh, "order", argv[1], &order) ||
	    sh_arg_gfp(sh, argc > 2 ? argv[2] : NULL, &gfp))
		return -1;
	if (order > 63)
		return sh_fail(sh, "order %" PRIu64 " is not in 0..10", order);
	err = mml_alloc_pages(sh->m, gfp, (unsigned int)order, &pfn);
	if (err)
		return sh_fail_api(sh, err, "order %" PRIu64, order);
	fprintf(sh->out, "pfn 0x%" PRIx64 " phys 0x%" PRIx64 "\n", pfn, pfn * 4096);
	j_u64(sh, "order", order);
	j_hex(sh, "pfn", pfn);
	j_hex(sh, "phys", pfn * 4096);
	sh_set_last(sh, pfn);
	return 0;
}

int cmd_free_pages(struct shell *sh, int argc, char **argv)
{
	uint64_t pfn, order;
	int err;

	if (sh_arg_u64(sh, "pfn", argv[1], &pfn) ||
	    sh_arg_u64(sh, "order", argv[2], &order))
		return -1;
	if (order > 63)
		return sh_fail(sh, "order %" PRIu64 " is not in 0..10", order);
	err = mml_free_pages(sh->m, pfn, (unsigned int)order);
	if (err)
		return sh_fail_api(sh, err, "pfn 0x%" PRIx64 " order %" PRIu64, pfn, order);
	j_begin(sh);
	return 0;
}

/** frag_release() - free the pages "fragment" kept. */
void frag_release(struct shell *sh)
{
	size_t i;

	for (i = 0; i < sh->frag.nr; i++)
		mml_free_pages(sh->m, sh->frag.pfn[i], 0);
	free(sh->frag.pfn);
	sh->frag.pfn = NULL;
	sh->frag.nr = 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Take every free page the allocator gives, one by one. */
static int frag_take_all(struct shell *sh, uint64_t **pfns, size_t *nr)
{
	size_t cap = 0;
	uint64_t pfn, *p;

	*pfns = NULL;
	*nr = 0;
	while (!mml_alloc_pages(sh->m, MML_GFP_ATOMIC | MML_GFP_NOWARN, 0, &pfn)) {
		if (*nr == cap) {
			cap = cap ? cap * 2 : 4096;
			p = realloc(*pfns, cap * sizeof(*p));
			if (!p) {
				mml_free_pages(sh->m, pfn, 0);
				return -ENOMEM;
			}
			*pfns = p;
		}
		(*pfns)[(*nr)++] = pfn;
	}
	return 0;
}

int cmd_fragment(struct shell *sh, int argc, char **argv)
{
	size_t nr, i, kept = 0;
	uint64_t *pfns;

	if (argc == 2) {
		if (strcmp(argv[1], "undo"))
			return sh_fail(sh, "'%s': usage: fragment [undo]", argv[1]);
		fprintf(sh->out, "gave back the %zu pages 'fragment' kept\n", sh->frag.nr);
		frag_release(sh);
		return 0;
	}
	if (sh->frag.nr)
		return sh_fail(sh, "memory is already fragmented (run 'fragment undo' first)");
	if (frag_take_all(sh, &pfns, &nr)) {
		sh->frag.pfn = pfns;
		sh->frag.nr = nr;
		frag_release(sh);
		return sh_fail(sh, "out of host memory");
	}
	if (nr)		/* qsort() wants a valid pointer even for no element */
		qsort(pfns, nr, sizeof(*pfns), cmp_u64);
	/* Keep the even frame of each pair so that no two free pages are buddies. */
	for (i = 0; i < nr; i++) {
		if (pfns[i] & 1)
			mml_free_pages(sh->m, pfns[i], 0);
		else
			pfns[kept++] = pfns[i];
	}
	if (!kept) {		/* the next "fragment" starts from NULL */
		free(pfns);
		pfns = NULL;
	}
	sh->frag.pfn = pfns;
	sh->frag.nr = kept;
	fprintf(sh->out, "took all %zu free pages, gave back the %zu with odd pfns, kept %zu\n",
		nr, nr - kept, kept);
	j_u64(sh, "taken", nr);
	j_u64(sh, "freed", nr - kept);
	return 0;
}

int cmd_ioremap(struct shell *sh, int argc, char **argv)
{
	enum mml_cache_type type = MML_CACHE_UC_MINUS;
	const char *name = "ioremap";
	uint64_t phys, size, kva;
	int err;

	if (sh_arg_u64(sh, "physical address", argv[1], &phys) ||
	    sh_arg_size(sh, "size", argv[2], &size))
		return -1;
	if (argc == 4 && !strcmp(argv[3], "wc")) {
		type = MML_CACHE_WC;
		name = "ioremap_wc";
	} else if (argc == 4 && !strcmp(argv[3], "uc")) {
		type = MML_CACHE_UC;
		name = "ioremap_uc";
	} else if (argc == 4 && !strcmp(argv[3], "cache")) {
		type = MML_CACHE_WB;
		name = "ioremap_cache";
	} else if (argc == 4) {
		return sh_fail(sh, "bad cache type '%s' (wc, uc or cache)", argv[3]);
	}
	err = mml_ioremap(sh->m, phys, size, type, &kva);
	if (err)
		return sh_fail_api(sh, err, "%s(0x%" PRIx64 ", 0x%" PRIx64 ")",
				   name, phys, size);
	j_hex(sh, "phys", phys);
	j_u64(sh, "size", size);
	print_addr(sh, kva);
	return 0;
}

int cmd_iounmap(struct shell *sh, int argc, char **argv)
{
	uint64_t kva;
	int err;

	if (sh_arg_u64(sh, "address", argv[1], &kva))
		return -1;
	err = mml_iounmap(sh->m, kva);
	if (err)
		return sh_fail_api(sh, err, "0x%" PRIx64, kva);
	j_begin(sh);
	return 0;
}

int cmd_memcpy_toio(struct shell *sh, int argc, char **argv)
{
	uint64_t kva;
	int err;

	if (sh_arg_u64(sh, "address", argv[1], &kva))
		return -1;
	err = mml_memcpy_toio(sh->m, kva, argv[2], strlen(argv[2]));
	if (err)
		return sh_fail_api(sh, err, "0x%" PRIx64, kva);
	j_u64(sh, "bytes", strlen(argv[2]));
	return 0;
}

/** hexdump() - @n bytes at @p as lines of 16, labelled from @addr. */
void hexdump(struct shell *sh, uint64_t addr, const unsigned char *p, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i += 16) {
		fprintf(sh->out, "%016" PRIx64 ":", addr + i);
		for (j = i; j < i + 16; j++) {
			if (j < n)
				fprintf(sh->out, " %02x", p[j]);
			else
				fputs("   ", sh->out);
		}
		fputs("  |", sh->out);
		for (j = i; j < i + 16 && j < n; j++)
			fputc(isprint(p[j]) ? p[j] : '.', sh->out);
		fputs("|\n", sh->out);
	}
}

int cmd_memcpy_fromio(struct shell *sh, int argc, char **argv)
{
	unsigned char buf[4096];
	uint64_t kva, len;
	int err;

	if (sh_arg_u64(sh, "address", argv[1], &kva) ||
	    sh_arg_size(sh, "length", argv[2], &len))
		return -1;
	if (len > sizeof(buf))
		return sh_fail(sh, "length %" PRIu64 " is more than 4096", len);
	err = mml_memcpy_fromio(sh->m, buf, kva, len);
	if (err)
		return sh_fail_api(sh, err, "0x%" PRIx64, kva);
	hexdump(sh, kva, buf, len);
	return 0;
}

int cmd_memset_io(struct shell *sh, int argc, char **argv)
{
	uint64_t kva, c, len;
	int err;

	if (sh_arg_u64(sh, "address", argv[1], &kva) ||
	    sh_arg_u64(sh, "byte", argv[2], &c) ||
	    sh_arg_size(sh, "length", argv[3], &len))
		return -1;
	if (c > 0xff)
		return sh_fail(sh, "byte 0x%" PRIx64 " does not fit in 8 bits", c);
	err = mml_memset_io(sh->m, kva, (int)c, len);
	if (err)
		return sh_fail_api(sh, err, "0x%" PRIx64, kva);
	j_begin(sh);
	return 0;
}

int cmd_set_memory(struct shell *sh, int argc, char **argv)
{
	static const char *const ops[] = {
		[MML_SET_MEMORY_UC] = "uc", [MML_SET_MEMORY_WC] = "wc",
		[MML_SET_MEMORY_WB] = "wb", [MML_SET_MEMORY_RO] = "ro",
		[MML_SET_MEMORY_RW] = "rw", [MML_SET_MEMORY_X] = "x",
		[MML_SET_MEMORY_NX] = "nx", [MML_SET_MEMORY_NP] = "np",
		[MML_SET_MEMORY_P] = "p",
	};
	uint64_t kva, n;
	size_t op;
	int err;

	if (sh_arg_u64(sh, "address", argv[1], &kva) ||
	    sh_arg_u64(sh, "page count", argv[2], &n))
		return -1;
	if (n > INT_MAX)
		return sh_fail(sh, "page count %" PRIu64 " too large", n);
	for (op = 0; op < sizeof(ops) / sizeof(ops[0]); op++)
		if (!strcmp(argv[3], ops[op]))
			break;
	if (op == sizeof(ops) / sizeof(ops[0]))
		return sh_fail(sh, "bad attribute '%s' (uc, wc, wb, ro, rw, x, nx, np or p)",
			       argv[3]);
	err = mml_set_memory(sh->m, kva, (int)n, (enum mml_set_memory_op)op);
	if (err)
		return sh_fail_api(sh, err, "set_memory_%s(0x%" PRIx64 ", %" PRIu64 ")",
				   argv[3], kva, n);
	fprintf(sh->out, "set_memory_%s(0x%" PRIx64 ", %" PRIu64 ") = 0\n",
		argv[3], kva, n);
	j_hex(sh, "addr", kva);
	j_u64(sh, "pages", n);
	return 0;
}
