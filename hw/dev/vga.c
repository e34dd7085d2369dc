// SPDX-License-Identifier: MIT
/*
 * The VGA window of a PC: 128 KiB at 0xa0000-0xbffff that behaves like
 * memory (reads return what was written, at any width).  The colour text
 * mode buffer sits at 0xb8000: 80x25 cells of a character byte and an
 * attribute byte, which vga_render_text() turns into text.
 */
#include <stdlib.h>
#include <string.h>
#include "hw/hw.h"

#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_TEXT_OFF	(VGA_TEXT_BASE - VGA_MMIO_BASE)

struct vga {
	struct hw_device dev;
	u8 mem[VGA_MMIO_SIZE];
};

static struct vga *to_vga(struct hw_device *dev)
{
	return dev->priv;
}

/* Bytes of [@off, @off + @width) that lie inside the window. */
static unsigned int vga_span(u64 off, unsigned int width)
{
	if (off & HW_PORT_ACCESS || off >= VGA_MMIO_SIZE || width > 8)
		return 0;
	return off + width > VGA_MMIO_SIZE ? (unsigned int)(VGA_MMIO_SIZE - off)
					   : width;
}

static u64 vga_read(struct hw_device *dev, u64 off, unsigned int width)
{
	unsigned int n = vga_span(off, width);
	u64 v = 0;

	memcpy(&v, to_vga(dev)->mem + (n ? off : 0), n);
	return v;
}

static void vga_write(struct hw_device *dev, u64 off, unsigned int width,
		      u64 val)
{
	unsigned int n = vga_span(off, width);

	if (n)
		memcpy(to_vga(dev)->mem + off, &val, n);
}

static void vga_release(struct hw_device *dev)
{
	free(to_vga(dev));
}

static const struct hw_dev_ops vga_ops = {
	.read = vga_read,
	.write = vga_write,
	.release = vga_release,
};

/**
 * vga_create() - a new VGA window, all zero (a blank screen).
 *
 * The caller maps it at VGA_MMIO_BASE and hands it to hw_add_device().
 * Return: the device, or NULL when out of memory.
 */
struct hw_device *vga_create(void)
{
	struct vga *vga = calloc(1, sizeof(*vga));

	if (!vga)
		return NULL;
	vga->dev.name = "vga";
	vga->dev.ops = &vga_ops;
	vga->dev.priv = vga;
	return &vga->dev;
}

/* The glyph of character byte @c: NUL is a blank cell, as on screen. */
static char vga_glyph(u8 c)
{
	if (c == 0)
		return ' ';
	return c >= 0x20 && c < 0x7f ? (char)c : '.';
}

/**
 * vga_render_text() - the 80x25 text screen as 25 lines of text.
 *
 * Non-printable characters show as '.', trailing blanks are trimmed, each
 * line ends in '\n'.  Copies at most @n - 1 bytes and a NUL into @buf (as
 * snprintf() does; @buf may be NULL when @n is 0).
 * Return: the length of the whole rendering.
 */
size_t vga_render_text(struct hw_device *vga, char *buf, size_t n)
{
	const u8 *cell = to_vga(vga)->mem + VGA_TEXT_OFF;
	char line[VGA_COLS + 1];
	size_t len = 0;
	int row, col, end;

	for (row = 0; row < VGA_ROWS; row++) {
		end = 0;
		for (col = 0; col < VGA_COLS; col++) {
			line[col] = vga_glyph(cell[(row * VGA_COLS + col) * 2]);
			if (line[col] != ' ')
				end = col + 1;
		}
		line[end++] = '\n';
		for (col = 0; col < end; col++, len++)
			if (n && len < n - 1)
				buf[len] = line[col];
	}
	if (n)
		buf[len < n ? len : n - 1] = '\0';
	return len;
}
