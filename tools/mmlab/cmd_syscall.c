// SPDX-License-Identifier: MIT
/*
 * One command per system call of the mmap family, on the selected task.
 * Protections and flags are read as names ("rw-", "private,anonymous",
 * "MAP_SHARED|MAP_FIXED") or numbers; the constants are Linux's x86-64
 * values.  A call that fails prints Linux's errno as the error:
 * "mmap: Invalid argument (EINVAL)".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>

#include "shell.h"

#define PAGE_SZ		4096UL
#define MINCORE_MAX	(1UL << 24)	/* pages the shell prints at most */
#define IO_MAX		(1UL << 20)

struct sh_flag {
	const char *name;
	unsigned long val;
};

static const struct sh_flag prot_names[] = {
	{ "none", 0x0 }, { "read", 0x1 }, { "write", 0x2 }, { "exec", 0x4 },
	{ "sem", 0x8 }, { "growsdown", 0x01000000 }, { "growsup", 0x02000000 },
	{ NULL, 0 },
};

static const struct sh_flag map_names[] = {
	{ "shared", 0x01 }, { "private", 0x02 }, { "shared_validate", 0x03 },
	{ "droppable", 0x08 }, { "fixed", 0x10 }, { "anonymous", 0x20 },
	{ "anon", 0x20 }, { "32bit", 0x40 }, { "growsdown", 0x100 },
	{ "denywrite", 0x800 }, { "executable", 0x1000 }, { "locked", 0x2000 },
	{ "noreserve", 0x4000 }, { "populate", 0x8000 }, { "nonblock", 0x10000 },
	{ "stack", 0x20000 }, { "hugetlb", 0x40000 }, { "sync", 0x80000 },
	{ "fixed_noreplace", 0x100000 }, { "uninitialized", 0x4000000 },
	{ NULL, 0 },
};

static const struct sh_flag mremap_names[] = {
	{ "maymove", 1 }, { "fixed", 2 }, { "dontunmap", 4 }, { NULL, 0 },
};

static const struct sh_flag msync_names[] = {
	{ "async", 1 }, { "invalidate", 2 }, { "sync", 4 }, { NULL, 0 },
};

static const struct sh_flag mcl_names[] = {
	{ "current", 1 }, { "future", 2 }, { "onfault", 4 }, { NULL, 0 },
};

static const struct sh_flag madv_names[] = {
	{ "normal", 0 }, { "random", 1 }, { "sequential", 2 }, { "willneed", 3 },
	{ "dontneed", 4 }, { "free", 8 }, { "remove", 9 }, { "dontfork", 10 },
	{ "dofork", 11 }, { "mergeable", 12 }, { "unmergeable", 13 },
	{ "hugepage", 14 }, { "nohugepage", 15 }, { "dontdump", 16 },
	{ "dodump", 17 }, { "wipeonfork", 18 }, { "keeponfork", 19 },
	{ "cold", 20 }, { "pageout", 21 }, { "populate_read", 22 },
	{ "populate_write", 23 }, { "dontneed_locked", 24 }, { "collapse", 25 },
	{ "hwpoison", 100 }, { "soft_offline", 101 }, { "guard_install", 102 },
	{ "guard_remove", 103 }, { NULL, 0 },
};

/* open(2) flags, octal as in Linux's asm-generic/fcntl.h. */
static const struct sh_flag open_names[] = {
	{ "rdonly", 0 }, { "wronly", 01 }, { "rdwr", 02 }, { "creat", 0100 },
	{ "excl", 0200 }, { "noctty", 0400 }, { "trunc", 01000 },
	{ "append", 02000 }, { "nonblock", 04000 }, { "dsync", 010000 },
	{ "direct", 040000 }, { "largefile", 0100000 },
	{ "directory", 0200000 }, { "nofollow", 0400000 },
	{ "noatime", 01000000 }, { "cloexec", 02000000 }, { "sync", 04010000 },
	{ "path", 010000000 }, { "tmpfile", 020200000 }, { NULL, 0 },
};

/* @tok (@n chars) without a prefix such as "MAP_" that @prefix names. */
static bool flag_lookup(const struct sh_flag *tab, const char *prefix,
			const char *tok, size_t n, unsigned long *val)
{
	size_t plen = strlen(prefix);

	if (n > plen && !strncasecmp(tok, prefix, plen)) {
		tok += plen;
		n -= plen;
	}
	for (; tab->name; tab++) {
		if (strlen(tab->name) == n && !strncasecmp(tab->name, tok, n)) {
			*val = tab->val;
			return true;
		}
	}
	return false;
}

/*
 * Flags as names joined by ',' or '|' (with or without @prefix), or
 * numbers, or a mix.  Return: 0, or -1 with the error recorded.
 */
static int parse_flags(struct shell *sh, const char *what, const char *prefix,
		       const struct sh_flag *tab, const char *s, unsigned long *out)
{
	char tok[64];

	*out = 0;
	while (*s) {
		size_t n = strcspn(s, ",|");
		unsigned long v;
		uint64_t num;

		if (!n || n >= sizeof(tok))
			return sh_fail(sh, "bad %s '%s'", what, s);
		memcpy(tok, s, n);
		tok[n] = '\0';
		if (flag_lookup(tab, prefix, tok, n, &v))
			*out |= v;
		else if (!parse_u64(tok, &num))
			*out |= num;
		else
			return sh_fail(sh, "unknown %s '%s' (see 'help %s')", what, tok,
				       sh->cmdname ? sh->cmdname : "");
		s += n;
		if (*s)
			s++;
	}
	return 0;
}

/* "rw-", "r-x", "---" or names/numbers as parse_flags() reads them. */
static int parse_prot(struct shell *sh, const char *s, unsigned long *prot)
{
	if (strlen(s) == 3 && strchr("r-", s[0]) && strchr("w-", s[1]) &&
	    strchr("x-", s[2])) {
		*prot = (s[0] == 'r' ? 1 : 0) | (s[1] == 'w' ? 2 : 0) |
			(s[2] == 'x' ? 4 : 0);
		return 0;
	}
	return parse_flags(sh, "protection", "PROT_", prot_names, s, prot);
}

/* A call's failure: Linux's errno, as strerror and its name. */
static int sys_fail(struct shell *sh, long ret)
{
	return sh_fail(sh, "%s (%s)", strerror((int)-ret), mml_errname((int)ret));
}

/* Print a call's result; an address (mmap, mremap, brk) becomes $_. */
static int sys_result(struct shell *sh, long ret, bool is_addr)
{
	if (sh->tracing)
		sh_trace_flush(sh);
	if (ret < 0 && ret >= -4095)
		return sys_fail(sh, ret);
	if (is_addr) {
		fprintf(sh->out, "0x%lx\n", (unsigned long)ret);
		j_hex(sh, "addr", (uint64_t)ret);
		sh_set_last(sh, (uint64_t)ret);
	} else {
		j_u64(sh, "ret", (uint64_t)ret);
	}
	return 0;
}

/* A file descriptor: a number, possibly negative ("-1" for none). */
static int arg_fd(struct shell *sh, const char *s, int *fd)
{
	bool neg = s[0] == '-';
	uint64_t v;

	if (sh_arg_u64(sh, "fd", s + neg, &v))
		return -1;
	if (v > 0x7fffffff)
		return sh_fail(sh, "fd '%s' is out of range", s);
	*fd = neg ? -(int)v : (int)v;
	return 0;
}

/* An address: a number or a sum, sizes allowed ("$a+4K"). */
static int arg_addr(struct shell *sh, const char *what, const char *s,
		    uint64_t *addr)
{
	int err = parse_size(s, addr);

	if (err == -ERANGE)
		return sh_fail(sh, "%s '%s' is too large", what, s);
	if (err)
		return sh_fail(sh, "bad %s '%s' (a number such as 0x7ffff7ff0000 or $a+4K)",
			       what, s);
	return 0;
}

static int arg_addr_len(struct shell *sh, char **argv, uint64_t *addr,
			uint64_t *len)
{
	if (arg_addr(sh, "address", argv[0], addr) ||
	    sh_arg_size(sh, "length", argv[1], len))
		return -1;
	return 0;
}

/*
 * mmap [ADDR] LEN PROT FLAGS [FD OFF]: 3 or 5 arguments have no ADDR,
 * 5 or 6 end with FD OFF.
 */
int cmd_mmap(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr = 0, len, off = 0;
	unsigned long prot, flags;
	int nargs = argc - 1, i = 1, fd = -1;

	if (!t)
		return -1;
	if ((nargs == 4 || nargs == 6) && arg_addr(sh, "address", argv[i++], &addr))
		return -1;
	if (sh_arg_size(sh, "length", argv[i], &len) ||
	    parse_prot(sh, argv[i + 1], &prot) ||
	    parse_flags(sh, "mmap flag", "MAP_", map_names, argv[i + 2], &flags))
		return -1;
	i += 3;
	if (nargs >= 5 && (arg_fd(sh, argv[i], &fd) ||
			   sh_arg_size(sh, "offset", argv[i + 1], &off)))
		return -1;
	return sys_result(sh, mml_mmap(t, addr, len, (int)prot, (int)flags,
				       fd, off), true);
}

int cmd_munmap(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr, len;

	if (!t || arg_addr_len(sh, argv + 1, &addr, &len))
		return -1;
	return sys_result(sh, mml_munmap(t, addr, len), false);
}

int cmd_mprotect(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr, len;
	unsigned long prot;

	if (!t || arg_addr_len(sh, argv + 1, &addr, &len) ||
	    parse_prot(sh, argv[3], &prot))
		return -1;
	return sys_result(sh, mml_mprotect(t, addr, len, (int)prot), false);
}

int cmd_mremap(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t old, oldlen, newlen, newaddr = 0;
	unsigned long flags = 0;

	if (!t || arg_addr_len(sh, argv + 1, &old, &oldlen) ||
	    sh_arg_size(sh, "new length", argv[3], &newlen))
		return -1;
	if (argc > 4 && parse_flags(sh, "mremap flag", "MREMAP_", mremap_names,
				    argv[4], &flags))
		return -1;
	if (argc > 5 && arg_addr(sh, "new address", argv[5], &newaddr))
		return -1;
	return sys_result(sh, mml_mremap(t, old, oldlen, newlen, (int)flags,
					 newaddr), true);
}

int cmd_brk(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr = 0;

	if (!t || (argc > 1 && arg_addr(sh, "address", argv[1], &addr)))
		return -1;
	return sys_result(sh, mml_brk(t, addr), true);
}

int cmd_madvise(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr, len;
	unsigned long advice;

	if (!t || arg_addr_len(sh, argv + 1, &addr, &len) ||
	    parse_flags(sh, "advice", "MADV_", madv_names, argv[3], &advice))
		return -1;
	return sys_result(sh, mml_madvise(t, addr, len, (int)advice), false);
}

int cmd_msync(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr, len;
	unsigned long flags;

	if (!t || arg_addr_len(sh, argv + 1, &addr, &len) ||
	    parse_flags(sh, "msync flag", "MS_", msync_names, argv[3], &flags))
		return -1;
	return sys_result(sh, mml_msync(t, addr, len, (int)flags), false);
}

int cmd_mlock(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr, len;

	if (!t || arg_addr_len(sh, argv + 1, &addr, &len))
		return -1;
	if (argc == 4 && strcasecmp(argv[3], "onfault") &&
	    strcasecmp(argv[3], "MLOCK_ONFAULT"))
		return sh_fail(sh, "'%s': usage: mlock ADDR LEN [onfault]", argv[3]);
	if (argc == 4)
		return sys_result(sh, mml_mlock2(t, addr, len, 1), false);
	return sys_result(sh, mml_mlock(t, addr, len), false);
}

int cmd_munlock(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr, len;

	if (!t || arg_addr_len(sh, argv + 1, &addr, &len))
		return -1;
	return sys_result(sh, mml_munlock(t, addr, len), false);
}

int cmd_mlockall(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	unsigned long flags;

	if (!t || parse_flags(sh, "mlockall flag", "MCL_", mcl_names, argv[1], &flags))
		return -1;
	return sys_result(sh, mml_mlockall(t, (int)flags), false);
}

int cmd_munlockall(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);

	if (!t)
		return -1;
	return sys_result(sh, mml_munlockall(t), false);
}

static void print_mincore(struct shell *sh, uint64_t addr,
			  const unsigned char *vec, uint64_t pages)
{
	uint64_t i;

	for (i = 0; i < pages; i++) {
		if (pages > 64 && i % 64 == 0)
			fprintf(sh->out, "%s0x%" PRIx64 ": ", i ? "\n" : "",
				addr + i * PAGE_SZ);
		fputc(vec[i] & 1 ? '1' : '0', sh->out);
	}
	fputc('\n', sh->out);
	j_key(sh, "vec");
	j_raw(sh, "\"");
	for (i = 0; sh->json && i < pages; i++)
		fputc(vec[i] & 1 ? '1' : '0', sh->jout);
	j_raw(sh, "\"");
}

int cmd_mincore(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr, len, pages;
	unsigned char *vec;
	long ret;

	if (!t || arg_addr_len(sh, argv + 1, &addr, &len))
		return -1;
	pages = len / PAGE_SZ + (len % PAGE_SZ != 0);
	if (pages > MINCORE_MAX)
		return sh_fail(sh, "length 0x%" PRIx64 " is more pages than the shell prints (%lu)",
			       len, MINCORE_MAX);
	vec = calloc(pages ? pages : 1, 1);
	if (!vec)
		return sh_fail(sh, "out of host memory");
	ret = mml_mincore(t, addr, len, vec);
	if (sys_result(sh, ret, false) == 0)
		print_mincore(sh, addr, vec, pages);
	free(vec);
	return sh->failed ? -1 : 0;
}

int cmd_open(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	unsigned long flags, mode = 0644;
	long fd;

	if (!t || parse_flags(sh, "open flag", "O_", open_names, argv[2], &flags))
		return -1;
	if (argc == 4) {
		char *end;

		mode = strtoul(argv[3], &end, 8);
		if (*end || end == argv[3] || mode > 07777)
			return sh_fail(sh, "bad mode '%s' (octal, e.g. 0644)", argv[3]);
	}
	fd = mml_open(t, argv[1], (int)flags, (int)mode);
	if (fd < 0)
		return sys_result(sh, fd, false);
	fprintf(sh->out, "fd %ld\n", fd);
	j_u64(sh, "fd", (uint64_t)fd);
	sh_set_last(sh, (uint64_t)fd);
	return 0;
}

int cmd_close(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	int fd = -1;

	if (!t || arg_fd(sh, argv[1], &fd))
		return -1;
	return sys_result(sh, mml_close(t, fd), false);
}

int cmd_truncate(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t len;
	int fd = -1;

	if (!t || arg_fd(sh, argv[1], &fd) ||
	    sh_arg_size(sh, "length", argv[2], &len))
		return -1;
	return sys_result(sh, mml_ftruncate(t, fd, (long)len), false);
}

int cmd_pread(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t len, off;
	unsigned char *buf;
	long n;
	int fd = -1;

	if (!t || arg_fd(sh, argv[1], &fd) ||
	    sh_arg_size(sh, "length", argv[2], &len) ||
	    sh_arg_size(sh, "offset", argv[3], &off))
		return -1;
	if (len > IO_MAX)
		return sh_fail(sh, "length %" PRIu64 " is more than %lu", len, IO_MAX);
	buf = malloc(len ? len : 1);
	if (!buf)
		return sh_fail(sh, "out of host memory");
	n = mml_pread(t, fd, buf, len, (long)off);
	if (sys_result(sh, n, false) == 0) {
		fprintf(sh->out, "read %ld bytes\n", n);
		hexdump(sh, off, buf, (size_t)n);
	}
	free(buf);
	return sh->failed ? -1 : 0;
}

int cmd_pwrite(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t off;
	long n;
	int fd = -1;

	if (!t || arg_fd(sh, argv[1], &fd) ||
	    sh_arg_size(sh, "offset", argv[2], &off))
		return -1;
	n = mml_pwrite(t, fd, argv[3], strlen(argv[3]), (long)off);
	if (sys_result(sh, n, false))
		return -1;
	fprintf(sh->out, "wrote %ld bytes\n", n);
	return 0;
}

/*
 * read FD ADDR LEN: read(2) into the selected task's memory at ADDR (the
 * file's ->read gets that user pointer, as a driver's does in Linux), then
 * what arrived.
 */
int cmd_uread(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	uint64_t addr, len;
	unsigned char *buf;
	long n;
	int fd = -1;

	if (!t || arg_fd(sh, argv[1], &fd) ||
	    sh_arg_u64(sh, "address", argv[2], &addr) ||
	    sh_arg_size(sh, "length", argv[3], &len))
		return -1;
	if (len > IO_MAX)
		return sh_fail(sh, "length %" PRIu64 " is more than %lu", len, IO_MAX);
	n = mml_syscall(t, SYS_read, fd, (long)addr, (long)len, 0, 0, 0);
	if (sys_result(sh, n, false))
		return -1;
	fprintf(sh->out, "read %ld bytes\n", n);
	buf = malloc(n ? (size_t)n : 1);
	if (!buf)
		return sh_fail(sh, "out of host memory");
	if (!mml_load(t, addr, buf, (unsigned long)n))
		hexdump(sh, 0, buf, (size_t)n);
	free(buf);
	return 0;
}

/* write FD ADDR TEXT: TEXT stored at ADDR in the task, then write(2) from there. */
int cmd_uwrite(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t = sh_task(sh);
	size_t len = strlen(argv[3]);
	uint64_t addr;
	long n;
	int fd = -1;

	if (!t || arg_fd(sh, argv[1], &fd) ||
	    sh_arg_u64(sh, "address", argv[2], &addr))
		return -1;
	if (mml_store(t, addr, argv[3], len))
		return sh_fail(sh, "cannot store the text at %#" PRIx64 " (not mapped writable?)", addr);
	n = mml_syscall(t, SYS_write, fd, (long)addr, (long)len, 0, 0, 0);
	if (sys_result(sh, n, false))
		return -1;
	fprintf(sh->out, "wrote %ld bytes\n", n);
	return 0;
}
