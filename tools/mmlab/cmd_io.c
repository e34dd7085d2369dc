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

static const char *space_name(enum mml_space sp)
{
	return sp == MML_SPACE_KERNEL ? "kernel" : "phys";
}

/* "p:ADDR", "k:ADDR" or "ADDR", in hex as the original tool read them. */
static int devmem_addr(struct shell *sh, const char *s, enum mml_space *sp,
		       uint64_t *addr)
{
	*sp = sh->space;
	if ((s[0] == 'p' || s[0] == 'k') && s[1] == ':') {
		*sp = s[0] == 'k' ? MML_SPACE_KERNEL : MML_SPACE_PHYS;
		s += 2;
	}
	if (parse_hex(s, addr))
		return sh_fail(sh, "bad address '%s' (hex, optionally with p: or k:)", s);
	return 0;
}

static void print_unit_addr(struct shell *sh, uint64_t addr)
{
	if (addr > 0xffffffffu)
		fprintf(sh->out, "%016" PRIx64, addr);
	else
		fprintf(sh->out, "%08" PRIx64, addr);
}

static int access_fail(struct shell *sh, int err, enum mml_space sp,
		       uint64_t addr, unsigned int width)
{
	return sh_fail_api(sh, err, "%s address 0x%" PRIx64, space_name(sp), addr);
}

static int devmem_dump(struct shell *sh, enum mml_space sp, uint64_t addr)
{
	unsigned int w = sh->width;
	uint64_t val[DUMP_BYTES / 1];
	int err, i, j, n = DUMP_BYTES / w;

	if (addr > UINT64_MAX - DUMP_BYTES)
		return sh_fail(sh, "address 0x%" PRIx64 " is too near the top", addr);
	for (i = 0; i < n; i++) {
		err = mml_read(sh->m, sp, addr + (uint64_t)i * w, w, &val[i]);
		if (err)
			return access_fail(sh, err, sp, addr + (uint64_t)i * w, w);
	}
	for (i = 0; i < n; i += 16 / w) {
		print_unit_addr(sh, addr + (uint64_t)i * w);
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

static int devmem_read(struct shell *sh, enum mml_space sp, uint64_t addr)
{
	uint64_t val;
	int err = mml_read(sh->m, sp, addr, sh->width, &val);

	if (err)
		return access_fail(sh, err, sp, addr, sh->width);
	print_unit_addr(sh, addr);
	fprintf(sh->out, " = %0*" PRIx64 "\n", (int)sh->width * 2, val);
	j_str(sh, "space", space_name(sp));
	j_hex(sh, "addr", addr);
	j_u64(sh, "width", sh->width);
	j_hex(sh, "value", val);
	return 0;
}

static int devmem_write(struct shell *sh, enum mml_space sp, uint64_t addr,
			const char *text)
{
	unsigned int w = sh->width;
	uint64_t val;
	int err;

	if (parse_hex(text, &val))
		return sh_fail(sh, "bad value '%s' (hex)", text);
	if (w < 8 && val >> (w * 8))
		return sh_fail(sh, "value 0x%" PRIx64 " does not fit in %u bits", val, w * 8);
	err = mml_write(sh->m, sp, addr, w, val);
	if (err)
		return access_fail(sh, err, sp, addr, w);
	j_begin(sh);
	return 0;
}

/* d, r, w and their width-suffixed forms: db dw dd dq, rb ..., wb ... */
int cmd_devmem(struct shell *sh, int argc, char **argv)
{
	enum mml_space sp = sh->space;
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
		if (!strcmp(argv[1], "phys"))
			sh->space = MML_SPACE_PHYS;
		else if (!strcmp(argv[1], "kernel"))
			sh->space = MML_SPACE_KERNEL;
		else
			return sh_fail(sh, "bad space '%s' (phys or kernel)", argv[1]);
	}
	fprintf(sh->out, "d/r/w use %s addresses, %u-bit units\n",
		space_name(sh->space), sh->width * 8);
	j_str(sh, "space", space_name(sh->space));
	j_u64(sh, "width", sh->width);
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
				return access_fail(sh, err, MML_SPACE_PHYS,
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
