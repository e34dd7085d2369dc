// SPDX-License-Identifier: MIT
/*
 * The /dev/mem tool of the source documents as shell commands (d, r, w with
 * sticky b/w/d/q widths), I/O ports, and the VGA text screen.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "shell.h"

#define DUMP_BYTES	256
#define VGA_TEXT	0xb8000u
#define VGA_COLS	80
#define VGA_ROWS	25

/*
 * Where d/r/w go: MML_SPACE_PHYS, MML_SPACE_KERNEL, the task's user space,
 * or the /dev/mem window a task mapped ("devmem PHYS"): offsets from PHYS.
 */
enum devmem_space { DM_PHYS, DM_KERNEL, DM_USER, DM_DEVMEM };

static const char *space_name(enum devmem_space sp)
{
	static const char *const names[] = { "phys", "kernel", "user", "devmem" };

	return names[sp];
}

static enum devmem_space shell_space(const struct shell *sh)
{
	if (sh->space_devmem)
		return DM_DEVMEM;
	if (sh->space_user)
		return DM_USER;
	return sh->space == MML_SPACE_KERNEL ? DM_KERNEL : DM_PHYS;
}

/* The user address of offset @off in the devmem window. */
static uint64_t window_va(const struct shell *sh, uint64_t off)
{
	return sh->dm.vaddr + (sh->dm.phys & 0xfff) + off;
}

/*
 * A load or store of the window's task (whichever task is selected), as
 * the devmem program's own instructions: through its page tables to the
 * frame its PTE names.
 */
static int window_access(struct shell *sh, uint64_t off, void *buf,
			 unsigned int w, bool write)
{
	int saved = sh->task_pid, err;

	if (!sh->dm.pid)
		return sh_fail(sh, "no /dev/mem window (use 'devmem PHYS')");
	if (off >= sh->dm.len - (sh->dm.phys & 0xfff) ||
	    w > sh->dm.len - (sh->dm.phys & 0xfff) - off)
		return sh_fail(sh, "offset 0x%" PRIx64 " is outside the window of 0x%" PRIx64
			       " bytes at 0x%" PRIx64 " ('space phys' for physical addresses)",
			       off, sh->dm.len - (sh->dm.phys & 0xfff), sh->dm.phys);
	sh->task_pid = sh->dm.pid;
	err = write ? user_store(sh, window_va(sh, off), buf, w)
		    : user_load(sh, window_va(sh, off), buf, w);
	sh->task_pid = saved;
	return err;
}

static enum mml_space mml_space_of(enum devmem_space sp)
{
	return sp == DM_KERNEL ? MML_SPACE_KERNEL : MML_SPACE_PHYS;
}

/* "p:ADDR", "k:ADDR", "u:ADDR" or "ADDR", in hex as the original tool read them. */
static int devmem_addr(struct shell *sh, const char *s, enum devmem_space *sp,
		       uint64_t *addr)
{
	*sp = shell_space(sh);
	if (s[0] && strchr("pkum", s[0]) && s[1] == ':') {
		*sp = s[0] == 'k' ? DM_KERNEL : s[0] == 'u' ? DM_USER :
		      s[0] == 'm' ? DM_DEVMEM : DM_PHYS;
		s += 2;
	}
	if (parse_hex(s, addr))
		return sh_fail(sh, "bad address '%s' (hex, optionally with p:, k:, u: or m:)", s);
	return 0;
}

/* One unit of @w bytes at @addr of @sp; user faults print their signal. */
static int unit_read(struct shell *sh, enum devmem_space sp, uint64_t addr,
		     unsigned int w, uint64_t *val)
{
	*val = 0;
	if (sp == DM_USER)
		return user_load(sh, addr, val, w);	/* little-endian, as x86 */
	if (sp == DM_DEVMEM)
		return window_access(sh, addr, val, w, false);
	return mml_read(sh->m, mml_space_of(sp), addr, w, val);
}

static int unit_write(struct shell *sh, enum devmem_space sp, uint64_t addr,
		      unsigned int w, uint64_t val)
{
	if (sp == DM_USER)
		return user_store(sh, addr, &val, w);
	if (sp == DM_DEVMEM)
		return window_access(sh, addr, &val, w, true);
	return mml_write(sh->m, mml_space_of(sp), addr, w, val);
}

/* Window offsets print as the physical address they reach, as the tool does. */
static void print_unit_addr(struct shell *sh, enum devmem_space sp,
			    uint64_t addr)
{
	if (sp == DM_DEVMEM)
		addr += sh->dm.phys;
	if (addr > 0xffffffffu)
		fprintf(sh->out, "%016" PRIx64, addr);
	else
		fprintf(sh->out, "%08" PRIx64, addr);
}

static int access_fail(struct shell *sh, int err, enum devmem_space sp,
		       uint64_t addr, unsigned int width)
{
	if (sp == DM_USER || sp == DM_DEVMEM)
		return -1;	/* the signal is the error, already recorded */
	return sh_fail_api(sh, err, "%s address 0x%" PRIx64, space_name(sp), addr);
}

static int devmem_dump(struct shell *sh, enum devmem_space sp, uint64_t addr)
{
	unsigned int w = sh->width;
	uint64_t val[DUMP_BYTES / 1];
	int err, i, j, n = DUMP_BYTES / w;

	if (addr > UINT64_MAX - DUMP_BYTES)
		return sh_fail(sh, "address 0x%" PRIx64 " is too near the top", addr);
	for (i = 0; i < n; i++) {
		err = unit_read(sh, sp, addr + (uint64_t)i * w, w, &val[i]);
		if (err)
			return access_fail(sh, err, sp, addr + (uint64_t)i * w, w);
	}
	for (i = 0; i < n; i += 16 / w) {
		print_unit_addr(sh, sp, addr + (uint64_t)i * w);
		fputc(':', sh->out);
		for (j = i; j < i + 16 / (int)w; j++)
			fprintf(sh->out, " %0*" PRIx64, (int)w * 2, val[j]);
		fputc('\n', sh->out);
	}
	sh->dump_next = addr + DUMP_BYTES;
	j_str(sh, "space", space_name(sp));
	j_hex(sh, "addr", addr);
	j_u64(sh, "width", w);
	j_key(sh, "values");
	j_raw(sh, "[");
	for (i = 0; sh->json && i < n; i++)
		fprintf(sh->jout, "%s\"0x%" PRIx64 "\"", i ? "," : "", val[i]);
	j_raw(sh, "]");
	return 0;
}

static int devmem_read(struct shell *sh, enum devmem_space sp, uint64_t addr)
{
	uint64_t val;
	int err = unit_read(sh, sp, addr, sh->width, &val);

	if (err)
		return access_fail(sh, err, sp, addr, sh->width);
	print_unit_addr(sh, sp, addr);
	fprintf(sh->out, " = %0*" PRIx64 "\n", (int)sh->width * 2, val);
	j_str(sh, "space", space_name(sp));
	j_hex(sh, "addr", addr);
	j_u64(sh, "width", sh->width);
	j_hex(sh, "value", val);
	return 0;
}

static int devmem_write(struct shell *sh, enum devmem_space sp, uint64_t addr,
			const char *text)
{
	unsigned int w = sh->width;
	uint64_t val;
	int err;

	if (parse_hex(text, &val))
		return sh_fail(sh, "bad value '%s' (hex)", text);
	if (w < 8 && val >> (w * 8))
		return sh_fail(sh, "value 0x%" PRIx64 " does not fit in %u bits", val, w * 8);
	err = unit_write(sh, sp, addr, w, val);
	if (err)
		return access_fail(sh, err, sp, addr, w);
	j_begin(sh);
	return 0;
}

/* d, r, w and their width-suffixed forms: db dw dd dq, rb ..., wb ... */
int cmd_devmem(struct shell *sh, int argc, char **argv)
{
	enum devmem_space sp = shell_space(sh);
	uint64_t addr = sh->dump_next;

	switch (argv[0][1]) {
	case 'b': sh->width = 1; break;
	case 'w': sh->width = 2; break;
	case 'd': sh->width = 4; break;
	case 'q': sh->width = 8; break;
	}
	if (argc > 1 && devmem_addr(sh, argv[1], &sp, &addr))
		return -1;
	switch (argv[0][0]) {
	case 'd':
		return devmem_dump(sh, sp, addr);
	case 'r':
		return devmem_read(sh, sp, addr);
	default:
		return devmem_write(sh, sp, addr, argv[2]);
	}
}

int cmd_space(struct shell *sh, int argc, char **argv)
{
	if (argc == 2) {
		if (!strcmp(argv[1], "phys") || !strcmp(argv[1], "kernel")) {
			sh->space_user = sh->space_devmem = false;
			sh->space = !strcmp(argv[1], "kernel") ? MML_SPACE_KERNEL :
								  MML_SPACE_PHYS;
		} else if (!strcmp(argv[1], "user")) {
			sh->space_user = true;
			sh->space_devmem = false;
		} else if (!strcmp(argv[1], "devmem")) {
			if (!sh->dm.pid)
				return sh_fail(sh, "no /dev/mem window (use 'devmem PHYS')");
			sh->space_devmem = true;
		} else {
			return sh_fail(sh, "bad space '%s' (phys, kernel, user or devmem)", argv[1]);
		}
	}
	if (shell_space(sh) == DM_DEVMEM)
		fprintf(sh->out, "d/r/w use offsets from 0x%" PRIx64 " in pid %d's /dev/mem window, %u-bit units\n",
			sh->dm.phys, sh->dm.pid, sh->width * 8);
	else
		fprintf(sh->out, "d/r/w use %s addresses, %u-bit units\n",
			space_name(shell_space(sh)), sh->width * 8);
	j_str(sh, "space", space_name(shell_space(sh)));
	j_u64(sh, "width", sh->width);
	return 0;
}

/* Unmap and close the window; errors are the task's business (it may be gone). */
static void devmem_unmap(struct shell *sh)
{
	struct mml_task *t = sh->dm.pid ? mml_task_get(sh->m, sh->dm.pid) : NULL;

	if (t) {
		mml_munmap(t, sh->dm.vaddr, sh->dm.len);
		mml_close(t, sh->dm.fd);
	}
	sh->dm.pid = 0;
	sh->space_devmem = false;
}

static int devmem_show(struct shell *sh)
{
	if (!sh->dm.pid) {
		fprintf(sh->out, "no /dev/mem window\n");
		j_bool(sh, "mapped", false);
		return 0;
	}
	fprintf(sh->out, "pid %d maps paddr %08" PRIx64 " at %" PRIx64
		" (0x%" PRIx64 " bytes, fd %d)\n", sh->dm.pid, sh->dm.phys,
		window_va(sh, 0), sh->dm.len, sh->dm.fd);
	j_bool(sh, "mapped", true);
	j_u64(sh, "pid", (uint64_t)sh->dm.pid);
	j_hex(sh, "phys", sh->dm.phys);
	j_hex(sh, "vaddr", window_va(sh, 0));
	j_u64(sh, "len", sh->dm.len);
	j_u64(sh, "fd", (uint64_t)sh->dm.fd);
	return 0;
}

/*
 * devmem PHYS [LEN] | devmem off | devmem: the source documents' devmem
 * program run by the selected task: open("/dev/mem", O_RDWR|O_SYNC), mmap
 * LEN bytes (one page) MAP_SHARED at PHYS's page, then d/r/w on offsets
 * from PHYS ("space devmem").
 */
int cmd_devmem_map(struct shell *sh, int argc, char **argv)
{
	const int o_rdwr_sync = 02 | 04010000;	/* O_RDWR | O_SYNC */
	uint64_t phys, len = 4096, base;
	struct mml_task *t;
	long fd, va;

	if (argc == 1)
		return devmem_show(sh);
	if (!strcmp(argv[1], "off")) {
		devmem_unmap(sh);
		j_begin(sh);
		return 0;
	}
	if (parse_hex(argv[1], &phys))
		return sh_fail(sh, "bad physical address '%s' (hex)", argv[1]);
	if (argc > 2 && (parse_hex(argv[2], &len) || !len || len > (1ULL << 30)))
		return sh_fail(sh, "bad length '%s' (hex, 1 to 0x40000000)", argv[2]);
	t = sh_task(sh);
	if (!t)
		return -1;
	devmem_unmap(sh);
	fd = mml_open(t, "/dev/mem", o_rdwr_sync, 0);
	if (fd < 0)
		return sh_fail_api(sh, (int)fd, "open /dev/mem");
	base = phys & ~(uint64_t)0xfff;
	va = mml_mmap(t, 0, (unsigned long)(len + (phys - base)), 0x3 /* rw */,
		      0x01 /* MAP_SHARED */, (int)fd, (unsigned long)base);
	if (va < 0 && va > -4096) {
		mml_close(t, (int)fd);
		return sh_fail_api(sh, (int)va, "unable to mmap %08" PRIx64, phys);
	}
	sh->dm.pid = mml_task_pid(t);
	sh->dm.fd = (int)fd;
	sh->dm.phys = phys;
	sh->dm.vaddr = (uint64_t)va;
	sh->dm.len = len + (phys - base);
	sh->space_devmem = true;
	sh->dump_next = 0;
	fprintf(sh->out, "Map paddr %08" PRIx64 " to %" PRIx64 "\n", phys,
		window_va(sh, 0));
	sh_set_last(sh, window_va(sh, 0));
	j_u64(sh, "pid", (uint64_t)sh->dm.pid);
	j_u64(sh, "fd", (uint64_t)fd);
	j_hex(sh, "phys", phys);
	j_hex(sh, "vaddr", window_va(sh, 0));
	return 0;
}

static unsigned int port_width(const char *name)
{
	switch (name[strlen(name) - 1]) {
	case 'w': return 2;
	case 'l': return 4;
	default: return 1;
	}
}

static int port_arg(struct shell *sh, const char *s, uint16_t *port)
{
	uint64_t v;

	if (sh_arg_u64(sh, "port", s, &v))
		return -1;
	if (v > 0xffff)
		return sh_fail(sh, "port 0x%" PRIx64 " is not in 0..0xffff", v);
	*port = (uint16_t)v;
	return 0;
}

int cmd_port_in(struct shell *sh, int argc, char **argv)
{
	unsigned int w = port_width(argv[0]);
	uint16_t port = 0;
	uint32_t val;
	int err;

	if (port_arg(sh, argv[1], &port))
		return -1;
	err = mml_port_in(sh->m, port, w, &val);
	if (err)
		return sh_fail_api(sh, err, "port 0x%x", port);
	fprintf(sh->out, "port 0x%04x = 0x%0*x\n", port, (int)w * 2, val);
	j_hex(sh, "port", port);
	j_u64(sh, "width", w);
	j_hex(sh, "value", val);
	return 0;
}

int cmd_port_out(struct shell *sh, int argc, char **argv)
{
	unsigned int w = port_width(argv[0]);
	uint16_t port = 0;
	uint64_t val;
	int err;

	if (port_arg(sh, argv[1], &port) ||
	    sh_arg_u64(sh, "value", argv[2], &val))
		return -1;
	if (w < 4 && val >> (w * 8))
		return sh_fail(sh, "value 0x%" PRIx64 " does not fit in %u bits", val, w * 8);
	if (val > 0xffffffffu)
		return sh_fail(sh, "value 0x%" PRIx64 " does not fit in 32 bits", val);
	err = mml_port_out(sh->m, port, w, (uint32_t)val);
	if (err)
		return sh_fail_api(sh, err, "port 0x%x", port);
	j_begin(sh);
	return 0;
}

/* The screen as characters: each cell is a character byte and an attribute. */
static int vga_read_screen(struct shell *sh, char screen[VGA_ROWS][VGA_COLS + 1])
{
	int r, c, err;
	uint64_t v;

	for (r = 0; r < VGA_ROWS; r++) {
		for (c = 0; c < VGA_COLS; c++) {
			err = mml_read(sh->m, MML_SPACE_PHYS,
				       VGA_TEXT + (r * VGA_COLS + c) * 2, 1, &v);
			if (err)
				return access_fail(sh, err, DM_PHYS,
						   VGA_TEXT + (r * VGA_COLS + c) * 2, 1);
			screen[r][c] = v >= 0x20 && v < 0x7f ? (char)v : ' ';
		}
		screen[r][VGA_COLS] = '\0';
	}
	return 0;
}

int cmd_vga(struct shell *sh, int argc, char **argv)
{
	char screen[VGA_ROWS][VGA_COLS + 1], border[VGA_COLS + 3];
	int r, last = 0;

	if (vga_read_screen(sh, screen))
		return -1;
	for (r = 0; r < VGA_ROWS; r++)
		if (strspn(screen[r], " ") != VGA_COLS)
			last = r;
	memset(border, '-', sizeof(border) - 1);
	border[0] = border[VGA_COLS + 1] = '+';
	border[VGA_COLS + 2] = '\0';
	fprintf(sh->out, "%s\n", border);
	for (r = 0; r <= last; r++)
		fprintf(sh->out, "|%s|\n", screen[r]);
	if (last < VGA_ROWS - 1)
		fprintf(sh->out, "|%-*s|\n", VGA_COLS, last < VGA_ROWS - 2 ?
			"  ... (the remaining rows are blank)" : "");
	fprintf(sh->out, "%s\n", border);
	return 0;
}
