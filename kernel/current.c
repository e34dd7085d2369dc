// SPDX-License-Identifier: MIT
/*
 * The current machine and task (see <linux/current.h>): Linux's per-CPU
 * current_task, one per host thread here.
 */
#include <linux/current.h>

__thread struct machine_ctx __current_ctx __tls_initial_exec;
