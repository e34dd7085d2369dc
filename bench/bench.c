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
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/current.h>
#include <mmlab/mmlab.h>
#include "bench/bench.h"

volatile uint64_t bench_sink;

#define MAX_ROWS 64

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

int bench_row_pair(struct bench_row *r, const char *name, const double *mml,
		   const double *host, int rounds, double scale,
		   const char *unit, double target_x)
{
	double vm[64], vh[64], ratio[64], hmed = -1;
	char text[24];
	int i;

	rounds = rounds > 64 ? 64 : rounds;
	for (i = 0; mml && host && i < rounds; i++)
		ratio[i] = host[i] > 0 ? mml[i] / host[i] : 0;
	if (mml)
		memcpy(vm, mml, sizeof(*vm) * (size_t)rounds);
	if (host)
		memcpy(vh, host, sizeof(*vh) * (size_t)rounds);
	bench_row_set(&r[0], name, mml ? vm : NULL, rounds, scale, unit);
	bench_row_set(&r[1], "  host kernel, same workload", host ? vh : NULL,
		      rounds, scale, unit);
	if (host)
		hmed = r[1].median;
	if (hmed >= 0)
		snprintf(r[0].baseline, sizeof(r[0].baseline), "host %.4g", hmed);
	r[0].ratio_x = true;
	if (mml && host)
		r[0].ratio = bench_median(ratio, rounds, NULL);
	if (target_x > 0) {
		snprintf(text, sizeof(text), ">= %gx host", target_x);
		bench_row_target(&r[0], r[0].ratio, true, target_x, text);
	}
	return 2;
}

/* --- the host helper --------------------------------------------------- */

struct host_req {
	bench_host_fn fn;
	void *ctx;
	long a, b;
	char str[256];
};

struct host_resp {
	int ret;
	double out[BENCH_HOST_OUT];
};

static int full_io(int fd, void *buf, size_t n, bool wr)
{
	size_t done = 0;
	ssize_t k;

	while (done < n) {
		k = wr ? write(fd, (char *)buf + done, n - done) :
			 read(fd, (char *)buf + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -EPIPE;
		done += (size_t)k;
	}
	return 0;
}

static void __attribute__((noreturn)) host_serve(int req_fd, int resp_fd)
{
	struct host_req q;
	struct host_resp r;

	while (!full_io(req_fd, &q, sizeof(q), false)) {
		memset(&r, 0, sizeof(r));
		q.str[sizeof(q.str) - 1] = '\0';
		r.ret = q.fn(q.ctx, q.a, q.b, q.str, r.out);
		if (full_io(resp_fd, &r, sizeof(r), true))
			break;
	}
	_exit(0);
}

int bench_host_start(struct bench_host *h)
{
	int req[2], resp[2];
	pid_t pid;

	memset(h, 0, sizeof(*h));
	if (pipe(req))
		return -errno;
	if (pipe(resp)) {
		close(req[0]);
		close(req[1]);
		return -errno;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int fd;

		/* Only its own pipe ends: another helper's would keep that
		 * helper from seeing the end of its requests. */
		for (fd = 3; fd < 1024; fd++)
			if (fd != req[0] && fd != resp[1])
				close(fd);
		host_serve(req[0], resp[1]);
	}
	close(req[0]);
	close(resp[1]);
	if (pid < 0) {
		close(req[1]);
		close(resp[0]);
		return -errno;
	}
	h->pid = pid;
	h->req_fd = req[1];
	h->resp_fd = resp[0];
	return 0;
}

int bench_host_call(struct bench_host *h, bench_host_fn fn, void *ctx, long a,
		    long b, const char *str, double out[BENCH_HOST_OUT])
{
	struct host_req q = { .fn = fn, .ctx = ctx, .a = a, .b = b };
	struct host_resp r;

	if (!h->pid)
		return -EPIPE;
	if (str)
		snprintf(q.str, sizeof(q.str), "%s", str);
	if (full_io(h->req_fd, &q, sizeof(q), true) ||
	    full_io(h->resp_fd, &r, sizeof(r), false)) {
		bench_host_stop(h);
		return -EPIPE;
	}
	memcpy(out, r.out, sizeof(r.out));
	return r.ret;
}

void bench_host_stop(struct bench_host *h)
{
	if (!h->pid)
		return;
	close(h->req_fd);
	close(h->resp_fd);
	waitpid(h->pid, NULL, 0);
	h->pid = 0;
}

/* --- both sides of one workload ------------------------------------------ */

static double out_rate(const double *out)
{
	return out[1] * 1e9 / (out[0] > 0 ? out[0] : 1);
}

void bench_pair_round(struct bench_pair *p, int i)
{
	double *out;
	int err;

	if (!p->herr) {
		out = p->hout[i];
		memset(out, 0, sizeof(p->hout[i]));
		err = bench_host_call(p->h, p->hfn, p->hctx, p->ha, p->b, NULL, out);
		p->herr = err;
		p->host[i] = out_rate(out);
	}
	if (!p->merr) {
		out = p->mout[i];
		memset(out, 0, sizeof(p->mout[i]));
		p->merr = p->mfn(p->mctx, p->ma, p->b, NULL, out);
		p->mml[i] = out_rate(out);
	}
}

void bench_pair_run(struct bench_pair *p)
{
	int i;

	for (i = 0; i < p->warmup; i++)
		bench_pair_round(p, 0);
	for (i = 0; i < p->rounds; i++)
		bench_pair_round(p, i);
}

/* The a that makes one side's round take about BENCH_ROUND_NS / 2. */
static long calibrate_side(struct bench_pair *p, bool host)
{
	double out[BENCH_HOST_OUT] = { 0 };
	long a = 64;
	int err;

	for (;;) {
		err = host ? bench_host_call(p->h, p->hfn, p->hctx, a, p->b, NULL, out) :
			     p->mfn(p->mctx, a, p->b, NULL, out);
		if (err)
			return err;
		if (out[0] >= BENCH_ROUND_NS / 16 || a >= (1L << 24))
			break;
		a *= 4;
	}
	a = (long)((double)a * (BENCH_ROUND_NS / 2) / (out[0] > 0 ? out[0] : 1));
	return a > 0 ? a : 1;
}

void bench_pair_calibrate(struct bench_pair *p)
{
	long a;

	if (!p->herr) {
		a = calibrate_side(p, true);
		p->herr = a < 0 ? (int)a : 0;
		p->ha = a;
	}
	if (!p->merr) {
		a = calibrate_side(p, false);
		p->merr = a < 0 ? (int)a : 0;
		p->ma = a;
	}
}

static const char *err_text(int err)
{
	return err == -EPIPE ? "the helper died" : mml_errname(err);
}

int bench_pair_rows(struct bench_row *r, const char *name,
		    const struct bench_pair *p, double scale, const char *unit,
		    double target_x)
{
	bench_row_pair(r, name, p->merr ? NULL : p->mml, p->herr ? NULL : p->host,
		       p->rounds, scale, unit, target_x);
	if (p->herr && p->merr)
		snprintf(r->note, sizeof(r->note), "host side: %s, mmlab side: %s",
			 err_text(p->herr), err_text(p->merr));
	else if (p->herr || p->merr)
		snprintf(r->note, sizeof(r->note), "%s side failed: %s",
			 p->herr ? "host" : "mmlab",
			 err_text(p->herr ? p->herr : p->merr));
	return 2;
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
	if (r->ratio >= 0 && r->ratio_x)
		snprintf(ratio, sizeof(ratio), r->ratio >= 10 ? "%.1fx" : "%.2fx",
			 r->ratio);
	else if (r->ratio >= 0.1)
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

bool bench_wanted(const struct bench_args *a, const char *group,
		  const char *name)
{
	return wanted(a->argc, a->argv, name) ||
	       (group && wanted(a->argc, a->argv, group));
}

static const char *const mmap_names[] = {
	"mmap", "mmap-pair", "mprotect", "scatter", "mremap", "sparse", "churn",
	NULL
};
static const char *const swap_names[] = { "swap", NULL };

static const char *const fault_names[] = {
	"fault", "anon-write", "anon-read", "cow", "fork-exit", "file-read",
	"msync", NULL
};
static const char *const drv_names[] = { "drv", "remap-1g", "drv-fault", NULL };

static bool any_wanted(int argc, char **argv, const char *const *names)
{
	const struct bench_args a = { argc, argv };

	for (; *names; names++)
		if (bench_wanted(&a, NULL, *names))
			return true;
	return false;
}

/* Issues 3 and 4: host helpers forked first, while this process is small. */
static int run_host_benches(int argc, char **argv, struct bench_row *rows,
			    int max_rows)
{
	const struct bench_args a = { argc, argv };
	bool mm = any_wanted(argc, argv, mmap_names);
	bool fault = any_wanted(argc, argv, fault_names);
	bool drv = any_wanted(argc, argv, drv_names);
	bool swap = any_wanted(argc, argv, swap_names);
	struct bench_host host[2];
	int n = 0, i;

	if (!mm && !fault && !drv && !swap)
		return 0;
	for (i = 0; i < 2; i++)
		if (bench_host_start(&host[i]))
			fprintf(stderr, "mmlab-bench: cannot fork a host helper: "
				"host figures will be missing\n");
	if (mm)
		n += bench_mmap(&a, host, rows + n, max_rows - n);
	if (fault)
		n += bench_fault(&a, host, rows + n, max_rows - n);
	if (drv)
		n += bench_drv(&a, host, rows + n, max_rows - n);
	if (swap)
		n += bench_swap(&a, host, rows + n, max_rows - n);
	for (i = 0; i < 2; i++)
		bench_host_stop(&host[i]);
	return n;
}

static int run_machine_benches(int argc, char **argv, struct bench_row *rows)
{
	struct mml_machine *m = boot_default();
	int n = 0;

	if (!m)
		return -1;
	/* The benchmarks below call the kernel's functions directly. */
	machine_enter(m, NULL);
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
	printf("usage: mmlab-bench [SECTION...]\n"
	       "  issue 2: page kmalloc vmalloc tlb-hit tlb-miss boot\n"
	       "  issue 3: mmap (= mmap-pair mprotect scatter mremap sparse churn)\n"
	       "  issue 4: fault (= anon-write anon-read cow fork-exit file-read msync)\n"
	       "  issue 9: drv (= remap-1g drv-fault), dma, insmod\n"
	       "  issue 10: swap (MADV_PAGEOUT of 256 MiB and back, host with its own swap file)\n"
	       "  issue 10: reclaim (kswapd's reclaim rate: file pages, anon pages to swap)\n"
	       "  with no argument, runs every benchmark\n");
}

int main(int argc, char **argv)
{
	struct bench_row rows[2 * MAX_ROWS], later[MAX_ROWS];
	uint64_t t0 = bench_now_ns();
	int n, nl;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage();
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	print_header();
	print_loadavg("before");
	memset(rows, 0, sizeof(rows));
	/* First, while this process is small (see bench_host_start()); their
	 * rows go at the end of the table. */
	nl = run_host_benches(argc, argv, later, MAX_ROWS);
	n = 0;
	if (any_wanted(argc, argv, (const char *const[]){ "page", "kmalloc",
			"vmalloc", "tlb-hit", "tlb-miss", NULL })) {
		int k = run_machine_benches(argc, argv, rows + n);

		if (k < 0)
			return 1;
		n += k;
	}
	if (wanted(argc, argv, "dma"))
		n += bench_dma(&rows[n], MAX_ROWS - n);
	if (wanted(argc, argv, "boot"))
		n += bench_boot(&rows[n], MAX_ROWS - n);
	if (wanted(argc, argv, "reclaim"))
		n += bench_reclaim(&rows[n], MAX_ROWS - n);
	if (wanted(argc, argv, "insmod"))
		n += bench_module(&rows[n]);
	memcpy(rows + n, later, sizeof(*later) * (size_t)nl);
	n += nl;
	printf("\n");
	print_table(rows, n);
	printf("\n");
	print_loadavg("after ");
	printf("total run time %.1f s\n", (double)(bench_now_ns() - t0) / 1e9);
	return 0;
}
