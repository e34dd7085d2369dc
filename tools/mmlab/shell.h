/* SPDX-License-Identifier: MIT */
/*
 * The mmlab shell: one simulated machine driven by commands, one command
 * at a time.  The shell reaches the machine only through the public API
 * (mmlab/mmlab.h), as any other program would.
 */
#ifndef MMLAB_TOOL_SHELL_H
#define MMLAB_TOOL_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <mmlab/mmlab.h>

#define SH_MAX_ARGS	32
#define SH_MAX_VARS	32
#define SH_ERR_LEN	512

struct sh_var {
	char name[32];
	uint64_t value;
};

/* Pages held by the "fragment" command, given back by "fragment undo". */
struct sh_frag {
	uint64_t *pfn;
	size_t nr;
};

struct shell {
	struct mml_machine *m;
	FILE *out;		/* where commands print (stdout or a capture) */
	bool json;		/* --json: one JSON object per command */
	bool echo;		/* echo each command as "mmlab> CMD" */
	bool keep_going;	/* scripts go on after an error */
	bool interactive;
	bool quit;		/* quit/exit was run */
	int exit_status;	/* for "exit N" */
	const char *where;	/* "file:line" of the command, or NULL */

	/* The devmem tool's state: access width and address space. */
	unsigned int width;
	enum mml_space space;
	bool space_user;	/* "space user": the selected task's addresses */
	uint64_t dump_next;	/* "d" without an address goes on from here */
	bool space_devmem;	/* "space devmem": offsets into the window below */
	/* "devmem PHYS": a page (or LEN bytes) of /dev/mem that task @pid
	 * mapped at @vaddr (page-aligned) from descriptor @fd; pid 0: none. */
	struct { int pid, fd; uint64_t phys, vaddr, len; } dm;

	/* $_ and the variables of "set". */
	bool have_last;
	uint64_t last;
	struct sh_var var[SH_MAX_VARS];
	int nr_vars;

	struct sh_frag frag;

	/* Processes: the selected task (by pid, 0 for none) and the largest
	 * pid the shell has seen, for "ps". */
	int task_pid;
	int max_pid;
	bool tracing;		/* "trace on": print the kernel's path */
	bool panicked;		/* the machine's panic was reported */
	const char *root;	/* the machine's root directory on the host */

	/* The error of the command being run, printed after its output. */
	bool failed;
	char err[SH_ERR_LEN];
	int err_msg;		/* where the message starts after "CMD: " */
	/* mml_last_error() before the command: a message that did not change
	 * is not about this command's failure. */
	char prev_api_err[SH_ERR_LEN];

	/* JSON object being built by the current command. */
	bool jstarted;
	bool jfirst;
	FILE *jout;
	const char *cmdname;
};

struct sh_cmd {
	const char *name;
	int (*fn)(struct shell *sh, int argc, char **argv);
	int min_args, max_args;	/* not counting the name; -1: any */
	const char *usage;
	const char *summary;
	const char *help;	/* longer text for "help CMD", or NULL */
};

/* commands.c */
extern const struct sh_cmd sh_commands[];
const struct sh_cmd *sh_find_cmd(const char *name);

/* shell.c */
void shell_init(struct shell *sh, struct mml_machine *m);
void shell_exit(struct shell *sh);
int shell_run_line(struct shell *sh, const char *line);
__attribute__((format(printf, 2, 3)))
int sh_fail(struct shell *sh, const char *fmt, ...);
int sh_fail_api(struct shell *sh, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sh_set_last(struct shell *sh, uint64_t v);

/* json.c: the command's result as one JSON object. */
void j_begin(struct shell *sh);
void j_str(struct shell *sh, const char *key, const char *val);
void j_u64(struct shell *sh, const char *key, uint64_t val);
void j_hex(struct shell *sh, const char *key, uint64_t val);
void j_bool(struct shell *sh, const char *key, bool val);
void j_key(struct shell *sh, const char *key);	/* then a raw value */
void j_raw(struct shell *sh, const char *text);
void j_sep(struct shell *sh);			/* comma in an array */
void j_print_string(FILE *f, const char *s, size_t len);

/* parse.c */
int parse_u64(const char *s, uint64_t *v);
int parse_size(const char *s, uint64_t *v);
int parse_hex(const char *s, uint64_t *v);
int sh_arg_u64(struct shell *sh, const char *what, const char *s, uint64_t *v);
int sh_arg_size(struct shell *sh, const char *what, const char *s,
		uint64_t *v);
int sh_arg_gfp(struct shell *sh, const char *s, unsigned int *gfp);

/* demo.c */
int shell_demo(struct shell *sh);
int demo_root_create(char *dir, size_t n);
void demo_root_remove(const char *dir);

/* lesson.c */
int lesson_config(const char *name, struct mml_config *cfg);
void lesson_prepare(void);
int shell_lesson(struct shell *sh, const char *name);

/* Command handlers, one family per file. */
int cmd_help(struct shell *sh, int argc, char **argv);
int cmd_echo(struct shell *sh, int argc, char **argv);
int cmd_quit(struct shell *sh, int argc, char **argv);
int cmd_set(struct shell *sh, int argc, char **argv);
int cmd_dmesg(struct shell *sh, int argc, char **argv);
int cmd_sysctl(struct shell *sh, int argc, char **argv);
int cmd_cat(struct shell *sh, int argc, char **argv);
int cmd_ls(struct shell *sh, int argc, char **argv);
int cmd_insmod(struct shell *sh, int argc, char **argv);
int cmd_rmmod(struct shell *sh, int argc, char **argv);
int cmd_lsmod(struct shell *sh, int argc, char **argv);
int cmd_uread(struct shell *sh, int argc, char **argv);
int cmd_uwrite(struct shell *sh, int argc, char **argv);
int cmd_layout(struct shell *sh, int argc, char **argv);
int cmd_audit(struct shell *sh, int argc, char **argv);
int cmd_fail(struct shell *sh, int argc, char **argv);

int cmd_dma(struct shell *sh, int argc, char **argv);
int cmd_irq(struct shell *sh, int argc, char **argv);
int cmd_irqdomain(struct shell *sh, int argc, char **argv);

int cmd_kmalloc(struct shell *sh, int argc, char **argv);
int cmd_kfree(struct shell *sh, int argc, char **argv);
int cmd_ksize(struct shell *sh, int argc, char **argv);
int cmd_vmalloc(struct shell *sh, int argc, char **argv);
int cmd_vfree(struct shell *sh, int argc, char **argv);
int cmd_vmalloc_to_pfn(struct shell *sh, int argc, char **argv);
int cmd_alloc_pages(struct shell *sh, int argc, char **argv);
int cmd_free_pages(struct shell *sh, int argc, char **argv);
int cmd_fragment(struct shell *sh, int argc, char **argv);
int cmd_ioremap(struct shell *sh, int argc, char **argv);
int cmd_iounmap(struct shell *sh, int argc, char **argv);
int cmd_set_memory(struct shell *sh, int argc, char **argv);
int cmd_memcpy_toio(struct shell *sh, int argc, char **argv);
int cmd_memcpy_fromio(struct shell *sh, int argc, char **argv);
int cmd_memset_io(struct shell *sh, int argc, char **argv);

int cmd_pa(struct shell *sh, int argc, char **argv);
int cmd_va(struct shell *sh, int argc, char **argv);
int cmd_walk(struct shell *sh, int argc, char **argv);
int cmd_tlb(struct shell *sh, int argc, char **argv);

int cmd_devmem(struct shell *sh, int argc, char **argv);
int cmd_space(struct shell *sh, int argc, char **argv);
int cmd_devmem_map(struct shell *sh, int argc, char **argv);
int cmd_port_in(struct shell *sh, int argc, char **argv);
int cmd_port_out(struct shell *sh, int argc, char **argv);
int cmd_vga(struct shell *sh, int argc, char **argv);

void frag_release(struct shell *sh);

/* cmd_task.c: processes, their /proc files, tracing, user memory. */
int cmd_spawn(struct shell *sh, int argc, char **argv);
int cmd_ps(struct shell *sh, int argc, char **argv);
int cmd_task(struct shell *sh, int argc, char **argv);
int cmd_fork(struct shell *sh, int argc, char **argv);
int cmd_exit(struct shell *sh, int argc, char **argv);
int cmd_maps(struct shell *sh, int argc, char **argv);
int cmd_smaps(struct shell *sh, int argc, char **argv);
int cmd_status(struct shell *sh, int argc, char **argv);
int cmd_trace(struct shell *sh, int argc, char **argv);
struct mml_task *sh_task(struct shell *sh);
int sh_task_file(struct shell *sh, struct mml_task *t, const char *path,
		 char **text);
void sh_trace_flush(struct shell *sh);
int user_load(struct shell *sh, uint64_t addr, void *buf, size_t n);
int user_store(struct shell *sh, uint64_t addr, const void *buf, size_t n);

/* cmd_swap.c */
int cmd_mkswap(struct shell *sh, int argc, char **argv);
int cmd_swapon(struct shell *sh, int argc, char **argv);
int cmd_swapoff(struct shell *sh, int argc, char **argv);
/* cmd_reclaim.c */
int cmd_kswapd(struct shell *sh, int argc, char **argv);
int cmd_page(struct shell *sh, int argc, char **argv);
int cmd_stress(struct shell *sh, int argc, char **argv);
int cmd_oom_score_adj(struct shell *sh, int argc, char **argv);
int cmd_workload(struct shell *sh, int argc, char **argv);

/* cmd_syscall.c: one command per system call. */
int cmd_mmap(struct shell *sh, int argc, char **argv);
int cmd_munmap(struct shell *sh, int argc, char **argv);
int cmd_mprotect(struct shell *sh, int argc, char **argv);
int cmd_mremap(struct shell *sh, int argc, char **argv);
int cmd_brk(struct shell *sh, int argc, char **argv);
int cmd_madvise(struct shell *sh, int argc, char **argv);
int cmd_msync(struct shell *sh, int argc, char **argv);
int cmd_mlock(struct shell *sh, int argc, char **argv);
int cmd_munlock(struct shell *sh, int argc, char **argv);
int cmd_mlockall(struct shell *sh, int argc, char **argv);
int cmd_munlockall(struct shell *sh, int argc, char **argv);
int cmd_mincore(struct shell *sh, int argc, char **argv);
int cmd_open(struct shell *sh, int argc, char **argv);
int cmd_close(struct shell *sh, int argc, char **argv);
int cmd_truncate(struct shell *sh, int argc, char **argv);
int cmd_pread(struct shell *sh, int argc, char **argv);
int cmd_pwrite(struct shell *sh, int argc, char **argv);
void hexdump(struct shell *sh, uint64_t addr, const unsigned char *p,
	     size_t n);

/* cmd_rmap.c: frames and their mappings, pagemap, pinning, writeback. */
int cmd_rmap(struct shell *sh, int argc, char **argv);
int cmd_migrate(struct shell *sh, int argc, char **argv);
int cmd_pagemap(struct shell *sh, int argc, char **argv);
int cmd_kpage(struct shell *sh, int argc, char **argv);
int cmd_exec(struct shell *sh, int argc, char **argv);
int cmd_faults(struct shell *sh, int argc, char **argv);
int cmd_pin(struct shell *sh, int argc, char **argv);
int cmd_unpin(struct shell *sh, int argc, char **argv);
int cmd_sync(struct shell *sh, int argc, char **argv);
int cmd_writeback(struct shell *sh, int argc, char **argv);
int cmd_hostcat(struct shell *sh, int argc, char **argv);

#endif
