// SPDX-License-Identifier: MIT
/*
 * Host memory per simulated frame and the cost of booting a big machine.
 *
 * The host cost of a machine is the growth of this process's resident set
 * (/proc/self/statm) across mml_machine_new().  mincore() over the two big
 * lazily backed mappings (simulated RAM and mem_map) splits it up: what
 * the kernel touched in RAM (page tables, slabs, boot allocations) and the
 * struct pages it initialised; the rest is the host heap.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <mmlab/mmlab.h>
#include "bench/bench.h"

#define BOOT_BUDGET_NS	20000000000ULL	/* stop boot rounds after 20 s */

struct boot_sample {
	double seconds;
	double rss;		/* bytes of resident growth */
	double ram_res;		/* of which simulated RAM */
	double map_res;		/* of which mem_map */
};

/* Bytes of [@addr, @addr + @len) resident in host memory; -1 if unknown. */
static double resident_bytes(const void *addr, size_t len)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE), n = (len + pg - 1) / pg, i;
	unsigned char *vec;
	double res = 0;

	if (!addr || !len)
		return 0;
	vec = mmap(NULL, n, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vec == MAP_FAILED)
		return -1;
	if (mincore((void *)addr, len, vec)) {
		munmap(vec, n);
		return -1;
	}
	for (i = 0; i < n; i++)
		res += vec[i] & 1;
	munmap(vec, n);
	return res * (double)pg;
}

/* Boot a machine of @ram bytes, measure it, free it.  Return: 0 or -errno. */
static int boot_once(uint64_t ram, bool split, struct boot_sample *s)
{
	struct mml_config cfg;
	struct mml_machine *m;
	char msg[256];
	uint64_t rss0, t;
	int err;

	mml_config_init(&cfg);
	cfg.ram_size = ram;
	rss0 = bench_rss();
	t = bench_now_ns();
	m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	t = bench_now_ns() - t;
	if (!m) {
		fprintf(stderr, "mmlab-bench: cannot boot %llu MiB: %s (%s)\n",
			(unsigned long long)(ram >> 20), msg, mml_errname(err));
		return err ? err : -ENOMEM;
	}
	s->seconds = (double)t / 1e9;
	s->rss = (double)bench_rss() - (double)rss0;
	s->ram_res = s->map_res = -1;
	if (split) {
		s->ram_res = resident_bytes(m->hw.ram, m->hw.ram_span);
		s->map_res = resident_bytes(m->mem_map, m->mem_map_bytes);
	}
	mml_machine_free(m);
	return 0;
}

/* Up to @rounds boots of @ram bytes; fills @t and @rss.  Return: rounds done. */
static int boot_rounds(uint64_t ram, int rounds, double *t, double *rss,
		       struct boot_sample *first)
{
	uint64_t start = bench_now_ns();
	struct boot_sample s;
	int i;

	for (i = 0; i < rounds; i++) {
		if (i && bench_now_ns() - start > BOOT_BUDGET_NS)
			break;
		if (boot_once(ram, i == 0, &s))
			break;
		if (!i)
			*first = s;
		t[i] = s.seconds;
		rss[i] = s.rss;
	}
	return i;
}

static void split_note(struct bench_row *r, const struct boot_sample *s)
{
	snprintf(r->note, sizeof(r->note),
		 "first boot: RSS +%.0f KiB = RAM touched %.0f KiB + mem_map %.0f KiB + heap/other",
		 s->rss / 1024, s->ram_res / 1024, s->map_res / 1024);
}

/* sizeof(struct page) and bytes per frame of the default 256 MiB machine. */
static int rows_small(struct bench_row *r)
{
	double t[BENCH_BOOT_ROUNDS], rss[BENCH_BOOT_ROUNDS], one = sizeof(struct page);
	uint64_t ram = 256ULL << 20;
	struct boot_sample first = { 0 };
	int n = boot_rounds(ram, BENCH_BOOT_ROUNDS, t, rss, &first);

	bench_row_set(&r[0], "sizeof(struct page)", &one, 1, 1, "bytes");
	bench_row_target(&r[0], one, false, 65, "<= 64 B");
	bench_row_set(&r[1], "host memory per frame, 256 MiB machine",
		      n ? rss : NULL, n, 1.0 / (double)(ram >> PAGE_SHIFT), "bytes");
	r[0].lower_better = r[1].lower_better = true;
	snprintf(r[1].baseline, sizeof(r[1].baseline), "%llu frames",
		 (unsigned long long)(ram >> PAGE_SHIFT));
	if (n)
		split_note(&r[1], &first);
	return 2;
}

/* Time and host memory to boot a 64 GiB machine. */
static int rows_64g(struct bench_row *r)
{
	double t[BENCH_BOOT_ROUNDS], rss[BENCH_BOOT_ROUNDS], perframe[BENCH_BOOT_ROUNDS];
	uint64_t ram = 64ULL << 30, frames = ram >> PAGE_SHIFT;
	double budget = 0.015 * (double)ram;
	struct boot_sample first = { 0 };
	int n = boot_rounds(ram, BENCH_BOOT_ROUNDS, t, rss, &first), i;

	for (i = 0; i < n; i++)
		perframe[i] = rss[i] / (double)frames;
	bench_row_set(&r[0], "boot 64 GiB machine: time", n ? t : NULL, n, 1e3, "ms");
	bench_row_target(&r[0], r[0].median, false, 500, "< 500 ms");
	bench_row_set(&r[1], "boot 64 GiB machine: host memory", n ? rss : NULL, n,
		      1.0 / (1 << 20), "MiB");
	snprintf(r[1].baseline, sizeof(r[1].baseline), "64 GiB RAM");
	if (n)
		r[1].ratio = r[1].median * (1 << 20) / (double)ram;
	bench_row_target(&r[1], r[1].median * (1 << 20), false, budget,
			 "< 1.5% (983 MiB)");
	bench_row_set(&r[2], "host memory per frame, 64 GiB machine",
		      n ? perframe : NULL, n, 1, "bytes");
	snprintf(r[2].baseline, sizeof(r[2].baseline), "%llu frames",
		 (unsigned long long)frames);
	r[0].lower_better = r[1].lower_better = r[2].lower_better = true;
	if (n)
		split_note(&r[1], &first);
	if (n && n < BENCH_BOOT_ROUNDS)
		snprintf(r[0].note, sizeof(r[0].note),
			 "only %d rounds: boots took over %llu s in all", n,
			 BOOT_BUDGET_NS / 1000000000ULL);
	return 3;
}

/**
 * bench_boot() - the host-memory and boot-time rows (5 of them).
 * Return: the number of rows filled.
 */
int bench_boot(struct bench_row *r, int max_rows)
{
	int n;

	if (max_rows < 5)
		return 0;
	n = rows_small(r);
	return n + rows_64g(r + n);
}
