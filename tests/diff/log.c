// SPDX-License-Identifier: MIT
/*
 * Observations: every helper performs one call on the system under test and
 * appends one normalised line to the case's log.  Addresses within 1 GiB of
 * the region's base print as B+0x..., others verbatim; addresses the kernel
 * chose far from the region print as "far".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <ctype.h>
#include <unistd.h>
#include "diff.h"

#define NEAR	(1UL << 30)

static int fdtab[64];
static int nfd;

void rec(struct ctx *c, const char *fmt, ...)
{
	struct dlog *l = c->log;
	size_t room = LOG_CAP - sizeof(*l) - l->len;
	va_list ap;
	int n;

	if (room < 2) {
		l->truncated = 1;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(l->data + l->len, room - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= room - 1) {
		n = room - 2;
		l->truncated = 1;
	}
	l->len += n;
	l->data[l->len++] = '\n';
	l->data[l->len] = 0;
}

const char *errname(long err)
{
	static char buf[32];
	const char *s;

	if (err < 0)
		err = -err;
	s = strerrorname_np((int)err);
	if (s)
		return s;
	snprintf(buf, sizeof(buf), "E%ld", err);
	return buf;
}

const char *fmt_addr(struct ctx *c, unsigned long a, char *buf)
{
	/* The top of the user address space is the same on both sides. */
	if (a >= 0x7ffffffff000UL)
		sprintf(buf, "%#lx", a);
	else if (a >= c->base && a - c->base < NEAR)
		sprintf(buf, "B+%#lx", a - c->base);
	else if (a < c->base && c->base - a < NEAR)
		sprintf(buf, "B-%#lx", c->base - a);
	else
		sprintf(buf, "%#lx", a);
	return buf;
}

/* A returned address: errno, near the region, or somewhere else. */
static const char *fmt_ret_addr(struct ctx *c, long r, long want,
				char *buf)
{
	if (r < 0 && r > -4096) {
		sprintf(buf, "-%s", errname(r));
		return buf;
	}
	if (r == want)
		return fmt_addr(c, want, buf);
	if (((unsigned long)r & (PG - 1)) != 0) {
		sprintf(buf, "unaligned!");
		return buf;
	}
	if ((unsigned long)r - c->base + NEAR < 2 * NEAR)
		return fmt_addr(c, r, buf);
	return strcpy(buf, "far");
}

static const char *fmt_ret(long r, char *buf)
{
	if (r < 0 && r > -4096)
		sprintf(buf, "-%s", errname(r));
	else
		sprintf(buf, "%ld", r);
	return buf;
}

const char *fmt_prot(int prot, char *buf)
{
	int rest = prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC |
			    PROT_GROWSDOWN | PROT_GROWSUP);

	if (!buf)	/* never; tells gcc's sanitizer builds as much */
		return "";
	sprintf(buf, "%c%c%c%s%s", prot & PROT_READ ? 'r' : '-',
		prot & PROT_WRITE ? 'w' : '-', prot & PROT_EXEC ? 'x' : '-',
		prot & PROT_GROWSDOWN ? "|GROWSDOWN" : "",
		prot & PROT_GROWSUP ? "|GROWSUP" : "");
	if (rest)
		sprintf(buf + strlen(buf), "|%#x", rest);
	return buf;
}

static const struct { int flag; const char *name; } mflags[] = {
	{ MAP_FIXED, "FIXED" }, { MAP_ANONYMOUS, "ANON" },
	{ MAP_32BIT, "32BIT" }, { MAP_GROWSDOWN, "GROWSDOWN" },
	{ MAP_DENYWRITE, "DENYWRITE" }, { MAP_EXECUTABLE, "EXECUTABLE" },
	{ MAP_LOCKED, "LOCKED" }, { MAP_NORESERVE, "NORESERVE" },
	{ MAP_POPULATE, "POPULATE" }, { MAP_NONBLOCK, "NONBLOCK" },
	{ MAP_STACK, "STACK" }, { MAP_HUGETLB, "HUGETLB" },
	{ MAP_SYNC, "SYNC" }, { MAP_FIXED_NOREPLACE, "FIXED_NOREPLACE" },
	{ MAP_UNINITIALIZED, "UNINITIALIZED" },
};

const char *fmt_mflags(int flags, char *buf)
{
	static const char *const type[] = { "0", "SHARED", "PRIVATE",
					    "SHARED_VALIDATE" };
	unsigned int i;

	strcpy(buf, type[flags & 3]);
	flags &= ~3;
	for (i = 0; i < sizeof(mflags) / sizeof(mflags[0]); i++) {
		if ((flags & mflags[i].flag) == mflags[i].flag) {
			strcat(buf, "|");
			strcat(buf, mflags[i].name);
			flags &= ~mflags[i].flag;
		}
	}
	if (flags)
		sprintf(buf + strlen(buf), "|%#x", flags);
	return buf;
}

/* File descriptors print as the order in which the case opened them. */
static const char *fmt_fd(int fd, char *buf)
{
	int i;

	for (i = nfd - 1; i >= 0; i--) {
		if (fdtab[i] == fd) {
			sprintf(buf, "fd%d", i + 1);
			return buf;
		}
	}
	sprintf(buf, "%d", fd);
	return buf;
}

long do_mmap(struct ctx *c, unsigned long addr, unsigned long len, int prot,
	     int flags, int fd, unsigned long off)
{
	char a[40], p[40], f[200], d[24], r[40];
	long ret = c->s->mmap(c->s, addr, len, prot, flags, fd, off);

	rec(c, "mmap(%s, %#lx, %s, %s, %s, %#lx) = %s", fmt_addr(c, addr, a),
	    len, fmt_prot(prot, p), fmt_mflags(flags, f), fmt_fd(fd, d), off,
	    fmt_ret_addr(c, ret, addr, r));
	return ret;
}

long do_munmap(struct ctx *c, unsigned long addr, unsigned long len)
{
	char a[40], r[40];
	long ret = c->s->munmap(c->s, addr, len);

	rec(c, "munmap(%s, %#lx) = %s", fmt_addr(c, addr, a), len,
	    fmt_ret(ret, r));
	return ret;
}

long do_mprotect(struct ctx *c, unsigned long addr, unsigned long len,
		 int prot)
{
	char a[40], p[40], r[40];
	long ret = c->s->mprotect(c->s, addr, len, prot);

	rec(c, "mprotect(%s, %#lx, %s) = %s", fmt_addr(c, addr, a), len,
	    fmt_prot(prot, p), fmt_ret(ret, r));
	return ret;
}

long do_mremap(struct ctx *c, unsigned long old_addr, unsigned long old_len,
	       unsigned long new_len, int flags, unsigned long new_addr)
{
	char a[40], n[40], r[40];
	long ret = c->s->mremap(c->s, old_addr, old_len, new_len, flags,
				new_addr);

	rec(c, "mremap(%s, %#lx, %#lx, %#x, %s) = %s",
	    fmt_addr(c, old_addr, a), old_len, new_len, flags,
	    fmt_addr(c, new_addr, n), fmt_ret_addr(c, ret, new_addr, r));
	return ret;
}

static const char *fmt_brk(struct ctx *c, unsigned long v, char *buf)
{
	if (v - c->brk0 + NEAR >= (1UL << 48))
		sprintf(buf, "%#lx", v);
	else if (v >= c->brk0)
		sprintf(buf, "brk0+%#lx", v - c->brk0);
	else
		sprintf(buf, "brk0-%#lx", c->brk0 - v);
	return buf;
}

long do_brk(struct ctx *c, unsigned long addr)
{
	char a[40], r[40];
	long ret = c->s->brk(c->s, addr);

	rec(c, "brk(%s) = %s", addr ? fmt_brk(c, addr, a) : "0",
	    fmt_brk(c, ret, r));
	return ret;
}

#define SIMPLE3(fn, name)						\
long do_##fn(struct ctx *c, unsigned long addr, unsigned long len, int arg) \
{									\
	char a[40], r[40];						\
	long ret = c->s->fn(c->s, addr, len, arg);			\
									\
	rec(c, name "(%s, %#lx, %d) = %s", fmt_addr(c, addr, a), len,	\
	    arg, fmt_ret(ret, r));					\
	return ret;							\
}
SIMPLE3(madvise, "madvise")
SIMPLE3(msync, "msync")
SIMPLE3(mlock2, "mlock2")

long do_mlock(struct ctx *c, unsigned long addr, unsigned long len)
{
	char a[40], r[40];
	long ret = c->s->mlock(c->s, addr, len);

	rec(c, "mlock(%s, %#lx) = %s", fmt_addr(c, addr, a), len,
	    fmt_ret(ret, r));
	return ret;
}

long do_munlock(struct ctx *c, unsigned long addr, unsigned long len)
{
	char a[40], r[40];
	long ret = c->s->munlock(c->s, addr, len);

	rec(c, "munlock(%s, %#lx) = %s", fmt_addr(c, addr, a), len,
	    fmt_ret(ret, r));
	return ret;
}

long do_mlockall(struct ctx *c, int flags)
{
	char r[40];
	long ret = c->s->mlockall(c->s, flags);

	rec(c, "mlockall(%#x) = %s", flags, fmt_ret(ret, r));
	return ret;
}

long do_munlockall(struct ctx *c)
{
	char r[40];
	long ret = c->s->munlockall(c->s);

	rec(c, "munlockall() = %s", fmt_ret(ret, r));
	return ret;
}

long do_mincore_vec(struct ctx *c, unsigned long addr, unsigned long len,
		    unsigned char *vec)
{
	char a[40], r[40];
	long ret = c->s->mincore(c->s, addr, len, vec);

	rec(c, "mincore(%s, %#lx%s) = %s", fmt_addr(c, addr, a), len,
	    vec ? "" : ", NULL", fmt_ret(ret, r));
	return ret;
}

long do_mincore(struct ctx *c, unsigned long addr, unsigned long len)
{
	unsigned char vec[REGION_PAGES * 4];
	char line[REGION_PAGES * 4 + 1];
	unsigned long i, n = (len + PG - 1) / PG;
	long ret;

	if (n > sizeof(vec))
		n = sizeof(vec);
	memset(vec, 0xee, sizeof(vec));
	ret = do_mincore_vec(c, addr, n * PG, vec);
	if (ret == 0) {
		for (i = 0; i < n; i++)
			line[i] = vec[i] < 10 ? '0' + vec[i] : '?';
		line[n] = 0;
		rec(c, "  vec %s", line);
	}
	return ret;
}

long do_open(struct ctx *c, const char *path, int flags, int mode)
{
	char r[40];
	long ret = c->s->open(c->s, path, flags, mode);

	if (ret >= 0 && nfd < 64) {
		fdtab[nfd++] = (int)ret;
		sprintf(r, "fd%d", nfd);
	} else {
		fmt_ret(ret, r);
	}
	rec(c, "open(%s, %#o) = %s", path, flags, r);
	return ret;
}

long do_close(struct ctx *c, int fd)
{
	char d[24], r[40];
	long ret = c->s->close(c->s, fd);

	rec(c, "close(%s) = %s", fmt_fd(fd, d), fmt_ret(ret, r));
	return ret;
}

long do_ftruncate(struct ctx *c, int fd, long len)
{
	char d[24], r[40];
	long ret = c->s->ftruncate(c->s, fd, len);

	rec(c, "ftruncate(%s, %#lx) = %s", fmt_fd(fd, d), len, fmt_ret(ret, r));
	return ret;
}

/* Run-length encoding of @n bytes: "4096x00" or "3x41,1x00". */
static void rle(char *out, size_t room, const unsigned char *p,
		unsigned long n)
{
	unsigned long i = 0, j, groups = 0;
	size_t used = 0;

	out[0] = 0;
	while (i < n && used + 40 < room) {
		for (j = i; j < n && p[j] == p[i]; j++)
			;
		used += sprintf(out + used, "%s%lux%02x", groups ? "," : "",
				j - i, p[i]);
		groups++;
		i = j;
	}
	if (i < n)
		sprintf(out + used, ",...");
}

long do_pread(struct ctx *c, int fd, unsigned long n, long off)
{
	static unsigned char buf[REGION_PAGES * PG];
	static char out[4096];
	char d[24], r[40];
	long ret;

	if (n > sizeof(buf))
		n = sizeof(buf);
	memset(buf, 0xee, n);
	ret = c->s->pread(c->s, fd, buf, n, off);
	rle(out, sizeof(out), buf, ret > 0 ? ret : 0);
	rec(c, "pread(%s, %#lx, %#lx) = %s [%s]", fmt_fd(fd, d), n, off,
	    fmt_ret(ret, r), out);
	return ret;
}

long do_pwrite(struct ctx *c, int fd, const void *buf, unsigned long n,
	       long off)
{
	char d[24], r[40];
	long ret = c->s->pwrite(c->s, fd, buf, n, off);

	rec(c, "pwrite(%s, %#lx, %#lx) = %s", fmt_fd(fd, d), n, off,
	    fmt_ret(ret, r));
	return ret;
}

long sc(struct ctx *c, const char *what, long nr, const long *a)
{
	char r[40];
	long ret = c->s->syscall(c->s, nr, a[0], a[1], a[2], a[3], a[4], a[5]);

	rec(c, "%s = %s", what, fmt_ret(ret, r));
	return ret;
}

long sc_fd(struct ctx *c, const char *what, long nr, const long *a)
{
	long ret = c->s->syscall(c->s, nr, a[0], a[1], a[2], a[3], a[4], a[5]);

	if (ret >= 0 && nfd < 64) {
		fdtab[nfd++] = (int)ret;
		rec(c, "%s = fd%d", what, nfd);
	} else {
		rec(c, "%s = -%s", what, errname(ret));
	}
	return ret;
}

long do_fork(struct ctx *c, void (*fn)(struct ctx *c))
{
	char r[40];
	long ret;

	rec(c, "fork {");
	ret = c->s->fork_run(c->s, c, fn);
	rec(c, "} fork = %s", ret < 0 ? fmt_ret(ret, r) : "child");
	return ret;
}

static const char *signame(int sig)
{
	switch (sig) {
	case 0: return "ok";
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	default: return "SIG?";
	}
}

static const char *codename(int sig, int code)
{
	static char buf[24];

	if (sig == SIGSEGV && code == SEGV_MAPERR)
		return "SEGV_MAPERR";
	if (sig == SIGSEGV && code == SEGV_ACCERR)
		return "SEGV_ACCERR";
	if (sig == SIGSEGV && code == 3)
		return "SEGV_BNDERR";
	if (sig == SIGSEGV && code == 4)
		return "SEGV_PKUERR";
	if (code == SI_KERNEL)
		return "SI_KERNEL";
	if (sig == SIGBUS && code == BUS_ADRERR)
		return "BUS_ADRERR";
	if (sig == SIGBUS && code == BUS_ADRALN)
		return "BUS_ADRALN";
	if (sig == SIGBUS && code == BUS_OBJERR)
		return "BUS_OBJERR";
	sprintf(buf, "code%d", code);
	return buf;
}

static void rec_access(struct ctx *c, const char *op, unsigned long va,
		       unsigned long n, int sig, int code, unsigned long addr,
		       const char *data)
{
	char a[40], b[40];

	if (!sig)
		rec(c, "%s(%s, %#lx) = ok%s%s", op, fmt_addr(c, va, a), n,
		    data ? " " : "", data ? data : "");
	else
		rec(c, "%s(%s, %#lx) = %s %s at %s%s%s", op, fmt_addr(c, va, a),
		    n, signame(sig), codename(sig, code), fmt_addr(c, addr, b),
		    data ? " " : "", data ? data : "");
}

int ld(struct ctx *c, unsigned long va, unsigned long n)
{
	static unsigned char buf[REGION_PAGES * PG];
	static char out[4096];
	unsigned long addr = 0, got;
	int code = 0, sig;

	if (n > sizeof(buf))
		n = sizeof(buf);
	memset(buf, 0xee, n);
	sig = c->s->load(c->s, va, buf, n, &code, &addr);
	got = sig ? (addr > va ? addr - va : 0) : n;
	if (got > n)
		got = n;
	rle(out + 1, sizeof(out) - 2, buf, got);
	out[0] = '[';
	strcat(out, "]");
	rec_access(c, "load", va, n, sig, code, addr, out);
	return sig;
}

int st(struct ctx *c, unsigned long va, int byte, unsigned long n)
{
	static unsigned char buf[REGION_PAGES * PG];
	unsigned long addr = 0;
	char what[16];
	int code = 0, sig;

	if (n > sizeof(buf))
		n = sizeof(buf);
	memset(buf, byte, n);
	sig = c->s->store(c->s, va, buf, n, &code, &addr);
	sprintf(what, "<-%02x", byte & 0xff);
	rec_access(c, "store", va, n, sig, code, addr, what);
	return sig;
}

int st_str(struct ctx *c, unsigned long va, const char *str)
{
	unsigned long addr = 0;
	int code = 0, sig;
	char what[80];

	if (!str)	/* never; tells gcc's sanitizer builds as much */
		str = "";
	sig = c->s->store(c->s, va, str, strlen(str), &code, &addr);
	snprintf(what, sizeof(what), "<-\"%s\"", str);
	rec_access(c, "store", va, strlen(str), sig, code, addr, what);
	return sig;
}

static char procbuf[1 << 20];

static long read_proc(struct ctx *c, const char *path)
{
	long n = c->s->read_file(c->s, path, procbuf, sizeof(procbuf));

	if (n < 0) {
		rec(c, "read %s = -%s", path, errname(n));
		return -1;
	}
	if (n >= (long)sizeof(procbuf))
		n = sizeof(procbuf) - 1;
	procbuf[n] = 0;
	return n;
}

/* Rewrite one maps header line; returns 0 if it does not meet [lo, hi). */
static int norm_line(struct ctx *c, const char *line, unsigned long lo,
		     unsigned long hi, char *out)
{
	unsigned long start, end, off, ino;
	char perms[8], dev[16], sa[40], sb[40];
	const char *path;
	int pos = 0;
	size_t dl = strlen(c->s->dir);

	if (sscanf(line, "%lx-%lx %7s %lx %15s %lu %n", &start, &end, perms,
		   &off, dev, &ino, &pos) < 6)
		return 0;
	if (end <= lo || start >= hi)
		return 0;
	path = pos ? line + pos : "";
	while (*path == ' ')
		path++;
	if (dl > 1 && !strncmp(path, c->s->dir, dl) && path[dl] == '/')
		path += dl;
	sprintf(out, "%s-%s %s %08lx %.200s", fmt_addr(c, start, sa),
		fmt_addr(c, end, sb), perms, off, path);
	/* trim a trailing space of pathless lines */
	if (out[strlen(out) - 1] == ' ')
		out[strlen(out) - 1] = 0;
	return 1;
}

void maps_range(struct ctx *c, unsigned long lo, unsigned long hi)
{
	char out[400], *line, *save = NULL;
	int any = 0;

	if (read_proc(c, "/proc/self/maps") < 0)
		return;
	for (line = strtok_r(procbuf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (norm_line(c, line, lo, hi, out)) {
			rec(c, "  maps %s", out);
			any = 1;
		}
	}
	if (!any)
		rec(c, "  maps (none)");
}

void maps(struct ctx *c)
{
	maps_range(c, B(0), B(REGION_PAGES));
}

void maps_heap(struct ctx *c)
{
	char *line, *save = NULL, perms[8], a[40], b[40];
	unsigned long start, end;
	int any = 0;

	if (read_proc(c, "/proc/self/maps") < 0)
		return;
	for (line = strtok_r(procbuf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, "[heap]"))
			continue;
		if (sscanf(line, "%lx-%lx %7s", &start, &end, perms) != 3)
			continue;
		if (end <= c->brk0)
			continue;	/* the host's own heap below brk0 */
		if (start >= c->brk0)
			sprintf(a, "brk0+%#lx", start - c->brk0);
		else
			strcpy(a, "...");
		sprintf(b, "brk0+%#lx", end - c->brk0);
		rec(c, "  heap %s-%s %s", a, b, perms);
		any = 1;
	}
	if (!any)
		rec(c, "  heap (none above brk0)");
}

static int wanted(const char *fields, const char *name, size_t len)
{
	const char *p = fields;
	size_t k;

	while (*p) {
		while (*p == ' ')
			p++;
		k = strcspn(p, " ");
		if (k == len && !strncmp(p, name, len))
			return 1;
		p += k;
	}
	return 0;
}

void smaps_range(struct ctx *c, unsigned long lo, unsigned long hi,
		 const char *fields)
{
	char out[400], *line, *save = NULL, *colon, *v;
	int in = 0;

	if (read_proc(c, "/proc/self/smaps") < 0)
		return;
	for (line = strtok_r(procbuf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		for (v = line; isxdigit((unsigned char)*v); v++)
			;
		colon = strchr(line, ':');
		if (v > line && *v == '-') {
			in = norm_line(c, line, lo, hi, out);
			if (in)
				rec(c, "  smaps %s", out);
			continue;
		}
		if (!in || !colon || !wanted(fields, line, colon - line))
			continue;
		for (v = colon + 1; *v == ' '; v++)
			;
		rec(c, "    %.*s: %s", (int)(colon - line), line, v);
	}
}

int mkfile(struct ctx *c, const char *path, unsigned long npages)
{
	static unsigned char page[PG];
	unsigned long i;
	long fd, r;

	fd = c->s->open(c->s, path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		rec(c, "mkfile(%s) open = -%s", path, errname(fd));
		return -1;
	}
	if (nfd < 64)
		fdtab[nfd++] = (int)fd;
	for (i = 0; i < npages; i++) {
		memset(page, 'A' + (int)(i % 26), PG);
		r = c->s->pwrite(c->s, (int)fd, page, PG, i * PG);
		if (r != (long)PG)
			rec(c, "mkfile(%s) pwrite = %ld", path, r);
	}
	rec(c, "mkfile(%s, %lu pages) = fd%d", path, npages, nfd);
	return (int)fd;
}

long anon(struct ctx *c, unsigned long first, unsigned long n, int prot)
{
	return do_mmap(c, B(first), n * PG, prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

void diff_reset_fds(void);
void diff_reset_fds(void)
{
	nfd = 0;
}

long mmap_k(struct ctx *c, unsigned long hint, unsigned long len, int prot,
	    int flags, int fd, unsigned long off)
{
	char a[40], p[40], f[200], r[40];
	long ret = c->s->mmap(c->s, hint, len, prot, flags, fd, off);

	if (ret < 0 && ret > -4096)
		sprintf(r, "-%s", errname(ret));
	else if (hint && (unsigned long)ret == hint)
		strcpy(r, "at hint");
	else if ((ret & (PG - 1)) == 0)
		strcpy(r, hint ? "elsewhere" : "kernel-chosen");
	else
		strcpy(r, "unaligned!");
	rec(c, "mmap(%s, %#lx, %s, %s, %d, %#lx) = %s", fmt_addr(c, hint, a),
	    len, fmt_prot(prot, p), fmt_mflags(flags, f), fd, off, r);
	return ret;
}

void maps_at(struct ctx *c, unsigned long addr, unsigned long len)
{
	unsigned long save = c->base;

	c->base = addr;
	maps_range(c, addr, addr + len);
	c->base = save;
}

/* ---- fork with a child that lives on; pagemap; faults; host file ---- */

long do_fork_keep(struct ctx *c)
{
	char r[40];
	long ret = c->s->fork_start(c->s, c);

	rec(c, "fork = %s", ret < 0 ? fmt_ret(ret, r) : "child");
	return ret;
}

void in_child(struct ctx *c, void (*fn)(struct ctx *c))
{
	rec(c, "child {");
	c->s->in_child(c->s, c, fn);
	rec(c, "}");
}

void child_exit(struct ctx *c)
{
	c->s->child_exit(c->s, c);
	rec(c, "child exit");
}

#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_EXCLUSIVE	(1ULL << 56)
#define PM_FILE		(1ULL << 61)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)

static long pagemap_entries(struct ctx *c, unsigned long va,
			    unsigned long npages, unsigned long long *e)
{
	long r = c->s->read_at(c->s, "/proc/self/pagemap", e, npages * 8,
			       va / PG * 8);

	if (r != (long)(npages * 8)) {
		rec(c, "  pagemap read = %s", r < 0 ? errname(r) : "short");
		return -1;
	}
	return 0;
}

void pagemap(struct ctx *c, unsigned long va, unsigned long npages)
{
	unsigned long long e[REGION_PAGES];
	char line[REGION_PAGES * 5 + 1], a[40];
	unsigned long i;
	size_t used = 0;

	if (npages > REGION_PAGES)
		npages = REGION_PAGES;
	if (pagemap_entries(c, va, npages, e))
		return;
	for (i = 0; i < npages; i++)
		used += sprintf(line + used, "%s%c%c%c%s", i ? " " : "",
				e[i] & PM_PRESENT ? 'p' : '-',
				e[i] & PM_EXCLUSIVE ? 'x' : '-',
				e[i] & PM_FILE ? 'f' : '-',
				e[i] & PM_SWAP ? "s" : "");
	rec(c, "  pagemap %s: %s", fmt_addr(c, va, a), line);
}

static const struct { int bit; const char *name; } kpf[] = {
	{ 3, "UPTODATE" }, { 4, "DIRTY" }, { 11, "MMAP" }, { 12, "ANON" },
	{ 14, "SWAPBACKED" }, { 24, "ZERO_PAGE" },
};

void kpage(struct ctx *c, unsigned long va)
{
	unsigned long long e, cnt = 0, fl = 0;
	char a[40], names[200] = "";
	unsigned int i;

	if (pagemap_entries(c, va, 1, &e))
		return;
	if (!(e & PM_PRESENT)) {
		rec(c, "  kpage %s: not present", fmt_addr(c, va, a));
		return;
	}
	if (c->s->read_at(c->s, "/proc/kpagecount", &cnt, 8,
			  (e & PM_PFN_MASK) * 8) != 8 ||
	    c->s->read_at(c->s, "/proc/kpageflags", &fl, 8,
			  (e & PM_PFN_MASK) * 8) != 8) {
		rec(c, "  kpage %s: read failed", fmt_addr(c, va, a));
		return;
	}
	for (i = 0; i < sizeof(kpf) / sizeof(kpf[0]); i++)
		if (fl & (1ULL << kpf[i].bit))
			sprintf(names + strlen(names), " %s", kpf[i].name);
	rec(c, "  kpage %s: count %llu flags%s", fmt_addr(c, va, a), cnt,
	    names[0] ? names : " none");
}

/*
 * The fault count is read right before and after the access; one empty
 * access first runs the same code and stack, so that (after a fork, on the
 * host) their own first-touch faults fall outside the window.
 */
static int counted_access(struct ctx *c, int store, unsigned long va,
			  unsigned char *buf, unsigned long n,
			  unsigned long *delta, int *code, unsigned long *addr)
{
	unsigned long m0, m1, maj;
	int sig;

	c->s->faults(c->s, &m0, &maj);
	if (store)
		c->s->store(c->s, va, buf, 0, code, addr);
	else
		c->s->load(c->s, va, buf, 0, code, addr);
	c->s->faults(c->s, &m0, &maj);
	if (store)
		sig = c->s->store(c->s, va, buf, n, code, addr);
	else
		sig = c->s->load(c->s, va, buf, n, code, addr);
	c->s->faults(c->s, &m1, &maj);
	*delta = m1 - m0;
	return sig;
}

int minflt_st(struct ctx *c, unsigned long va, int byte, unsigned long n)
{
	static unsigned char buf[REGION_PAGES * PG];
	unsigned long addr = 0, delta;
	int code = 0, sig;
	char what[40];

	if (n > sizeof(buf))
		n = sizeof(buf);
	memset(buf, byte, sizeof(buf));
	sig = counted_access(c, 1, va, buf, n, &delta, &code, &addr);
	sprintf(what, "<-%02x minflt %lu", byte & 0xff, delta);
	rec_access(c, "store", va, n, sig, code, addr, what);
	return sig;
}

int minflt_ld(struct ctx *c, unsigned long va, unsigned long n)
{
	static unsigned char buf[REGION_PAGES * PG];
	static char out[4096];
	unsigned long addr = 0, delta, got;
	int code = 0, sig;

	if (n > sizeof(buf))
		n = sizeof(buf);
	memset(buf, 0xee, sizeof(buf));
	sig = counted_access(c, 0, va, buf, n, &delta, &code, &addr);
	got = sig ? (addr > va ? addr - va : 0) : n;
	if (got > n)
		got = n;
	out[0] = '[';
	rle(out + 1, sizeof(out) - 60, buf, got);
	sprintf(out + strlen(out), "] minflt %lu", delta);
	rec_access(c, "load", va, n, sig, code, addr, out);
	return sig;
}

void hostfile(struct ctx *c, const char *path, long off, unsigned long n)
{
	static unsigned char buf[REGION_PAGES * PG];
	static char out[4096];
	char full[512];
	long r;
	int fd;

	if (n > sizeof(buf))
		n = sizeof(buf);
	snprintf(full, sizeof(full), "%s%s", c->s->dir, path);
	fd = open(full, O_RDONLY);
	if (fd < 0) {
		rec(c, "  hostfile %s: -%s", path, errname(errno));
		return;
	}
	r = pread(fd, buf, n, off);
	close(fd);
	if (r < 0) {
		rec(c, "  hostfile %s: pread -%s", path, errname(errno));
		return;
	}
	rle(out, sizeof(out), buf, (unsigned long)r);
	rec(c, "  hostfile %s @%#lx: %ld [%s]", path, off, r, out);
}

long do_sync(struct ctx *c)
{
	char r[40];
	long ret = c->s->sync(c->s);

	rec(c, "sync() = %s", fmt_ret(ret, r));
	return ret;
}
