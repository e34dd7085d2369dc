// SPDX-License-Identifier: MIT
/*
 * insmod+rmmod per second of examples/drivers/kbuf (init: kzalloc of
 * 8 KiB, misc_register, a printk; exit: the reverse), next to what the
 * host does of the same work: dlopen()+dlclose() of the same shared
 * object, rounds alternating.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <mmlab/mmlab.h>
#include "bench.h"

struct module_ctx {
	struct mml_machine *m;
	uint64_t failures;
};

static void run_insmod_rmmod(void *arg, uint64_t n)
{
	struct module_ctx *c = arg;
	uint64_t i;

	for (i = 0; i < n; i++) {
		if (mml_insmod(c->m, BENCH_KBUF, NULL) ||
		    mml_rmmod(c->m, "kbuf"))
			c->failures++;
	}
}

static void run_dlopen_dlclose(void *arg, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++) {
		void *h = dlopen(BENCH_KBUF, RTLD_NOW | RTLD_LOCAL);

		if (h)
			dlclose(h);
		bench_sink += (uint64_t)(h != NULL);
	}
}

/** bench_module() - one row: insmod+rmmod/s with the host's dlopen+dlclose. */
int bench_module(struct bench_row *r)
{
	struct module_ctx c;
	double rm[BENCH_ROUNDS], rh[BENCH_ROUNDS], host;
	struct mml_config cfg;
	uint64_t nm, nh;

	mml_config_init(&cfg);
	cfg.ram_size = 64 << 20;
	c.m = mml_machine_new(&cfg);
	c.failures = 0;
	if (!c.m)
		return 0;
	nm = bench_calibrate(run_insmod_rmmod, &c);
	nh = bench_calibrate(run_dlopen_dlclose, NULL);
	bench_rates_pair(run_insmod_rmmod, &c, nm, run_dlopen_dlclose, NULL, nh,
			 BENCH_ROUNDS, rm, rh);
	bench_row_set(r, "insmod+rmmod (kbuf.so)", c.failures ? NULL : rm,
		      BENCH_ROUNDS, 1e-3, "K/s");
	host = bench_median(rh, BENCH_ROUNDS, NULL) * 1e-3;
	snprintf(r->baseline, sizeof(r->baseline), "dlopen+dlclose %.1f K/s", host);
	if (r->median >= 0)
		r->ratio = r->median / host;
	r->met = -1;
	if (c.failures)
		snprintf(r->note, sizeof(r->note), "%llu loads failed: %s",
			 (unsigned long long)c.failures, mml_last_error(c.m));
	mml_machine_free(c.m);
	return 1;
}
