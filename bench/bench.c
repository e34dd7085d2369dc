// SPDX-License-Identifier: MIT
/*
 * mmlab-bench - prints the figures issue 2 asks for, each the median of
 * several rounds, next to a host baseline where one exists, with the
 * target and whether this run met it.  Figures only: the exit status says
 * whether the benchmarks could run, never whether they were fast enough.
 *
 * The benchmarks call the kernel's internal functions directly (the
 * program links the static library), on machines booted through the
 * public mml_machine_new().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <mmlab/mmlab.h>
#include "bench/bench.h"

volatile uint64_t bench_sink;

#define MAX_ROWS 16

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t bench_calibrate(bench_fn fn, void *ctx)
{
	uint64_t n = 16, t;

	for (;;) {
		t = bench_now_ns();
		fn(ctx, n);
		t = bench_now_ns() - t;
		if (t >= BENCH_ROUND_NS / 8 || n >= (1ULL << 34))
			break;
		n *= 2;
	}
	if (!t)
		t = 1;
	n = (uint64_t)((double)n * BENCH_ROUND_NS / (double)t);
	return n ? n : 1;
}

static double rate_of(bench_fn fn, void *ctx, uint64_t n)
{
	uint64_t t = bench_now_ns();

	fn(ctx, n);
	t = bench_now_ns() - t;
	return (double)n * 1e9 / (double)(t ? t : 1);
}

void bench_rates(bench_fn fn, void *ctx, uint64_t n, int rounds, double *rate)
{
	int i;

	for (i = 0; i < rounds; i++)
		rate[i] = rate_of(fn, ctx, n);
}

void bench_rates_pair(bench_fn a, void *actx, uint64_t an, bench_fn b,
		      void *bctx, uint64_t bn, int rounds, double *ra,
		      double *rb)
{
	int i;

	for (i = 0; i < rounds; i++) {
		ra[i] = rate_of(a, actx, an);
		rb[i] = rate_of(b, bctx, bn);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(double *v, int n, double *spread)
{
	double med;

	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	if (spread)
		*spread = med > 0 ? (v[n - 1] - v[0]) / med : 0;
	return med;
}

void bench_row_set(struct bench_row *r, const char *name, double *v,
		   int rounds, double scale, const char *unit)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->unit, sizeof(r->unit), "%s", unit);
	r->median = v ? bench_median(v, rounds, &r->spread) * scale : -1;
	r->lo = v ? v[0] * scale : -1;
	r->hi = v ? v[rounds - 1] * scale : -1;
	r->ratio = -1;
	r->met = -1;
}

void bench_row_target(struct bench_row *r, double value, bool at_least,
		      double limit, const char *text)
{
	snprintf(r->target, sizeof(r->target), "%s", text);
	if (value < 0)
		r->met = -1;
	else
		r->met = at_least ? value >= limit : value < limit;
}

uint64_t bench_rss(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return (uint64_t)resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void print_header(void)
{
	char cpu[128] = "unknown CPU", line[256], date[64];
	time_t now = time(NULL);
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && colon) {
			snprintf(cpu, sizeof(cpu), "%s", colon + 2);
			cpu[strcspn(cpu, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %Z", localtime(&now));
	printf("mmlab-bench %s   %s   %s, %ld CPUs\n", MML_VERSION_STRING, date,
	       cpu, sysconf(_SC_NPROCESSORS_ONLN));
	printf("median of %d rounds (boot: %d); best = the fastest round; "
	       "spread = (max - min) / median\n", BENCH_ROUNDS, BENCH_BOOT_ROUNDS);
#ifdef CONFIG_DEBUG_VM
	printf("NOTE: built with debug_checks=true (VM_BUG_ON checks, poisoning); for\n"
	       "      release figures: meson setup B --buildtype=release -Ddebug_checks=false\n");
#endif
}

static void fmt_value(char *buf, size_t n, double v)
{
	if (v < 0)
		snprintf(buf, n, "n/a");
	else if (v >= 1000 || v == (double)(long)v)
		snprintf(buf, n, "%.0f", v);
	else if (v >= 10)
		snprintf(buf, n, "%.1f", v);
	else
		snprintf(buf, n, "%.3f", v);
}

#define ROW_FMT "%-40s %9s %9s %-10s %6s  %-18s %7s  %-16s %s\n"
#define ROW_WIDTH (40 + 1 + 9 + 1 + 9 + 1 + 10 + 1 + 6 + 2 + 18 + 1 + 7 + 2 + 16 + 4)

static void print_row(const struct bench_row *r)
{
	char med[24], best[24], spread[16] = "", ratio[16] = "";
	const char *met = r->met < 0 ? (r->target[0] ? "n/a" : "") :
			  r->met ? "yes" : "NO";

	fmt_value(med, sizeof(med), r->median);
	fmt_value(best, sizeof(best), r->lower_better ? r->lo : r->hi);
	if (r->median > 0 && r->spread > 0)
		snprintf(spread, sizeof(spread), "%.0f%%", r->spread * 100);
	if (r->ratio >= 0.1)
		snprintf(ratio, sizeof(ratio), "%.1f%%", r->ratio * 100);
	else if (r->ratio >= 0)
		snprintf(ratio, sizeof(ratio), "%.2f%%", r->ratio * 100);
	printf(ROW_FMT, r->name, med, best, r->unit, spread,
	       r->baseline[0] ? r->baseline : "-",
	       ratio[0] ? ratio : "-", r->target[0] ? r->target : "-", met);
}

static void print_table(const struct bench_row *rows, int n)
{
	int i, notes = 0;

	printf(ROW_FMT, "benchmark", "median", "best", "unit", "spread",
	       "host/baseline", "ratio", "target", "met");
	for (i = 0; i < ROW_WIDTH; i++)
		putchar('-');
	putchar('\n');
	for (i = 0; i < n; i++)
		print_row(&rows[i]);
	for (i = 0; i < n; i++) {
		if (!rows[i].note[0])
			continue;
		if (!notes++)
			printf("\nnotes:\n");
		printf("  %s: %s\n", rows[i].name, rows[i].note);
	}
}

static struct mml_machine *boot_default(void)
{
	struct mml_config cfg;
	char msg[256];
	int err;
	struct mml_machine *m;

	mml_config_init(&cfg);
	m = mml_machine_new_err(&cfg, &err, msg, sizeof(msg));
	if (!m)
		fprintf(stderr, "mmlab-bench: cannot boot a default machine: %s (%s)\n",
			msg, mml_errname(err));
	return m;
}

static void print_loadavg(const char *when)
{
	char buf[64] = "?";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f && fgets(buf, sizeof(buf), f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
	printf("host load average %s: %s\n", when, buf);
}

/* Is benchmark @name selected by the command line (none: all are)? */
static bool wanted(int argc, char **argv, const char *name)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

static int run_machine_benches(int argc, char **argv, struct bench_row *rows)
{
	struct mml_machine *m = boot_default();
	int n = 0;

	if (!m)
		return -1;
	if (wanted(argc, argv, "page"))
		bench_page_alloc(m, &rows[n++]);
	if (wanted(argc, argv, "kmalloc"))
		bench_kmalloc(m, &rows[n++]);
	if (wanted(argc, argv, "vmalloc"))
		bench_vmalloc(m, &rows[n++]);
	if (wanted(argc, argv, "tlb-hit")) {
		bench_tlb_hit(m, &rows[n], &rows[n + 1], &rows[n + 2]);
		n += 3;
	}
	if (wanted(argc, argv, "tlb-miss")) {
		bench_tlb_miss(m, &rows[n], &rows[n + 1]);
		n += 2;
	}
	mml_machine_free(m);
	return n;
}

static void usage(void)
{
	printf("usage: mmlab-bench [page] [kmalloc] [vmalloc] [tlb-hit] [tlb-miss] [boot]\n"
	       "  with no argument, runs every benchmark\n");
}

int main(int argc, char **argv)
{
	struct bench_row rows[MAX_ROWS];
	uint64_t t0 = bench_now_ns();
	int n;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage();
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	print_header();
	print_loadavg("before");
	memset(rows, 0, sizeof(rows));
	n = run_machine_benches(argc, argv, rows);
	if (n < 0)
		return 1;
	if (wanted(argc, argv, "boot"))
		n += bench_boot(&rows[n], MAX_ROWS - n);
	printf("\n");
	print_table(rows, n);
	printf("\n");
	print_loadavg("after ");
	printf("total run time %.1f s\n", (double)(bench_now_ns() - t0) / 1e9);
	return 0;
}
