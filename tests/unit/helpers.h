/* SPDX-License-Identifier: MIT */
#ifndef TESTS_HELPERS_H
#define TESTS_HELPERS_H

#include <linux/types.h>

struct mml_machine;

/* Boot a default machine (256 MiB) with page_poison=on and @cmdline. */
struct mml_machine *test_machine(const char *cmdline);
/* Boot with @ram bytes of RAM. */
struct mml_machine *test_machine_ram(u64 ram, const char *cmdline);
/* Run every audit; fail the current test with the message on error. */
void test_audit(struct mml_machine *m);
/* Read a machine file into a static-free malloc'd string (caller frees). */
char *test_read_file(struct mml_machine *m, const char *path);

#endif
