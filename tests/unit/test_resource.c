// SPDX-License-Identifier: MIT
/* The resource tree and /proc/iomem, /proc/ioports formats. */
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <linux/ioport.h>
#include <linux/seq_buf.h>
#include <linux/machine.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

static struct resource root = { .name = "PCI mem", .start = 0, .end = 0xffffffff };

static char *show(struct resource *r)
{
	struct seq_buf s;

	seq_buf_init(&s);
	resource_show(r, &s);
	return s.buf ? s.buf : strdup("");
}

Test(resource, request_conflict_and_nesting)
{
	struct resource *a, *b, *c;
	char *out;

	a = __request_region(&root, 0x1000, 0x1000, "A", IORESOURCE_MEM);
	cr_assert_not_null(a);
	a->flags &= ~IORESOURCE_BUSY;	/* a container */
	cr_assert_null(__request_region(&root, 0x1800, 0x1000, "X", 0), "straddles A");
	b = __request_region(&root, 0x1100, 0x100, "B", IORESOURCE_MEM);
	cr_assert_not_null(b);
	cr_assert_eq(b->parent, a, "went inside the non-busy container");
	c = __request_region(&root, 0x100, 0x10, "C", IORESOURCE_MEM);
	cr_assert_not_null(c);
	out = show(&root);
	cr_assert_str_eq(out, "00000100-0000010f : C\n00001000-00001fff : A\n  00001100-000011ff : B\n");
	free(out);
	__release_region(&root, 0x1100, 0x100);
	__release_region(&root, 0x100, 0x10);
	/* __release_region() frees busy claims only; A is a container. */
	__release_region(&root, 0x1000, 0x1000);
	cr_assert_eq(root.child, a);
	cr_assert_eq(release_resource(a), 0);
	free(a);
	cr_assert_null(root.child);
}

Test(resource, insert_adopts_children)
{
	struct resource outer = { .name = "outer", .start = 0x0, .end = 0xffff };
	struct resource *x = __request_region(&root, 0x100, 0x10, "x", 0);
	struct resource *y = __request_region(&root, 0x200, 0x10, "y", 0);

	cr_assert_eq(insert_resource(&root, &outer), 0);
	cr_assert_eq(x->parent, &outer);
	cr_assert_eq(y->parent, &outer);
	cr_assert_eq(release_resource(&outer), 0);
	cr_assert_eq(x->parent, &root);
	resource_tree_free(&root);
	cr_assert_null(root.child);
}

Test(resource, ports_use_four_digits_and_ram_queries)
{
	struct mml_machine *m = test_machine(NULL);
	char *io = test_read_file(m, "/proc/ioports");

	cr_assert(strstr(io, "0510-051f : mmlab-regblock\n"), "%s", io);
	cr_assert(region_is_ram(&m->iomem_resource, 0x100000, 0x1000));
	cr_assert_not(region_is_ram(&m->iomem_resource, 0xa0000, 0x1000));
	cr_assert(region_intersects_ram(&m->iomem_resource, 0x9f000, 0x2000));
	cr_assert_not(region_intersects_ram(&m->iomem_resource, 0xfebf0000, 0x1000));
	free(io);
	mml_machine_free(m);
}
