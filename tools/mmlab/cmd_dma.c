// SPDX-License-Identifier: MIT
/*
 * DMA and interrupts: the "dma", "irq" and "irqdomain" commands over the
 * mml_dma_* and mml_irq_* API.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"

static int parse_dir(struct shell *sh, const char *s, enum mml_dma_dir *dir)
{
	static const char *const names[][2] = {
		{ "bidirectional", "DMA_BIDIRECTIONAL" },
		{ "to_device", "DMA_TO_DEVICE" },
		{ "from_device", "DMA_FROM_DEVICE" },
	};
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (!strcasecmp(s, names[i][0]) || !strcasecmp(s, names[i][1])) {
			*dir = (enum mml_dma_dir)i;
			return 0;
		}
	}
	return sh_fail(sh, "bad direction '%s' (to_device, from_device, bidirectional)", s);
}

static int print_machine_file(struct shell *sh, const char *path)
{
	long len = mml_machine_read_file(sh->m, path, NULL, 0);
	char *buf;

	if (len < 0)
		return sh_fail_api(sh, (int)len, "%s", path);
	buf = malloc((size_t)len + 1);
	if (!buf)
		return sh_fail(sh, "out of host memory");
	mml_machine_read_file(sh->m, path, buf, (size_t)len + 1);
	fputs(buf, sh->out);
	j_str(sh, "text", buf);
	free(buf);
	return 0;
}

static int dma_show(struct shell *sh)
{
	struct mml_dma_info in;
	int err = mml_dma_info(sh->m, &in);

	if (err)
		return sh_fail_api(sh, err, "dma");
	if (!in.bound) {
		fprintf(sh->out, "mmlab-dma: not bound (dma bind)\n");
	} else {
		fprintf(sh->out, "mmlab-dma: %u-bit DMA, dma_mask %#" PRIx64 ", coherent_dma_mask %#" PRIx64 ", irq %u\n",
			in.addr_bits, in.dma_mask, in.coherent_dma_mask, in.irq);
		fprintf(sh->out, "  transfers %lu (errors %lu), %" PRIu64 " bytes, interrupts %lu\n",
			in.transfers, in.errors, in.bytes, in.interrupts);
	}
	if (in.swiotlb_nslabs)
		fprintf(sh->out, "swiotlb: [mem %#" PRIx64 "-%#" PRIx64 "] %lu slots of 2 KiB, used %lu (hiwater %lu)%s, %lu bounced maps, %" PRIu64 " bytes copied\n",
			in.swiotlb_start, in.swiotlb_end - 1, in.swiotlb_nslabs, in.swiotlb_used,
			in.swiotlb_hiwater, in.swiotlb_force > 0 ? ", force" : "",
			in.swiotlb_maps, in.swiotlb_bounced);
	else
		fprintf(sh->out, "swiotlb: none (RAM below 4 GiB; boot with swiotlb=force for one)\n");
	fprintf(sh->out, "dma-debug: %lu live mappings, %lu errors reported\n",
		in.debug_entries, in.debug_errors);
	j_bool(sh, "bound", in.bound);
	j_u64(sh, "addr_bits", in.addr_bits);
	j_hex(sh, "dma_mask", in.dma_mask);
	j_u64(sh, "irq", in.irq);
	j_u64(sh, "transfers", in.transfers);
	j_u64(sh, "interrupts", in.interrupts);
	j_u64(sh, "swiotlb_nslabs", in.swiotlb_nslabs);
	j_u64(sh, "swiotlb_used", in.swiotlb_used);
	j_u64(sh, "debug_entries", in.debug_entries);
	return 0;
}

static int dma_copy(struct shell *sh, int argc, char **argv)
{
	static const char *const modes[] = { "coherent", "single", "pool" };
	uint64_t size;
	unsigned int i;
	int err;

	if (argc != 4)
		return sh_fail(sh, "usage: dma copy coherent|single|pool SIZE");
	for (i = 0; i < 3 && strcmp(argv[2], modes[i]); i++)
		;
	if (i == 3)
		return sh_fail(sh, "bad mode '%s' (coherent, single, pool)", argv[2]);
	if (sh_arg_size(sh, "size", argv[3], &size))
		return -1;
	err = mml_dma_roundtrip(sh->m, (enum mml_dma_mode)i, (size_t)size);
	if (err)
		return sh_fail_api(sh, err, "dma copy");
	fprintf(sh->out, "%" PRIu64 " bytes to the device and back (%s): equal\n", size, modes[i]);
	return 0;
}

static int dma_user(struct shell *sh, int argc, char **argv)
{
	uint64_t src, dst, len;
	struct mml_task *t;
	int err;

	if (argc != 5)
		return sh_fail(sh, "usage: dma user SRC DST LEN");
	t = sh->task_pid ? mml_task_get(sh->m, sh->task_pid) : NULL;
	if (!t)
		return sh_fail(sh, "no task selected (spawn)");
	if (sh_arg_u64(sh, "source", argv[2], &src) ||
	    sh_arg_u64(sh, "destination", argv[3], &dst) ||
	    sh_arg_size(sh, "length", argv[4], &len))
		return -1;
	err = mml_dma_user_copy(t, src, dst, len);
	if (err)
		return sh_fail_api(sh, err, "dma user");
	fprintf(sh->out, "%" PRIu64 " bytes %#" PRIx64 " -> device -> %#" PRIx64 " by DMA over pinned pages\n",
		len, src, dst);
	return 0;
}

static int dma_run(struct shell *sh, int argc, char **argv)
{
	static const char *const xfers[] = { "mem", "todev", "fromdev" };
	uint64_t src, dst, len;
	unsigned int x = 0;
	int err;

	if (argc != 5 && argc != 6)
		return sh_fail(sh, "usage: dma run SRC DST LEN [mem|todev|fromdev]");
	if (argc == 6) {
		for (x = 0; x < 3 && strcmp(argv[5], xfers[x]); x++)
			;
		if (x == 3)
			return sh_fail(sh, "bad transfer '%s' (mem, todev, fromdev)", argv[5]);
	}
	if (sh_arg_u64(sh, "source", argv[2], &src) ||
	    sh_arg_u64(sh, "destination", argv[3], &dst) ||
	    sh_arg_size(sh, "length", argv[4], &len))
		return -1;
	err = mml_dma_run(sh->m, src, dst, len, (enum mml_dma_xfer)x);
	if (err)
		return sh_fail_api(sh, err, "dma run");
	fprintf(sh->out, "%" PRIu64 " bytes moved\n", len);
	return 0;
}

static int dma_map(struct shell *sh, int argc, char **argv)
{
	enum mml_dma_dir dir;
	uint64_t kva, size, dma;
	int err;

	if (argc != 5)
		return sh_fail(sh, "usage: dma map KVA SIZE DIR");
	if (sh_arg_u64(sh, "address", argv[2], &kva) ||
	    sh_arg_size(sh, "size", argv[3], &size) || parse_dir(sh, argv[4], &dir))
		return -1;
	err = mml_dma_map(sh->m, kva, (size_t)size, dir, &dma);
	if (err)
		return sh_fail_api(sh, err, "dma map");
	fprintf(sh->out, "dma %#" PRIx64 "\n", dma);
	j_hex(sh, "dma", dma);
	sh_set_last(sh, dma);
	return 0;
}

static int dma_unmap_sync(struct shell *sh, int argc, char **argv, bool sync)
{
	enum mml_dma_dir dir;
	uint64_t dma, size;
	int err, for_device = 0;

	if (argc != (sync ? 6 : 5))
		return sh_fail(sh, sync ? "usage: dma sync DMA SIZE DIR cpu|device" :
				   "usage: dma unmap DMA SIZE DIR");
	if (sh_arg_u64(sh, "dma address", argv[2], &dma) ||
	    sh_arg_size(sh, "size", argv[3], &size) || parse_dir(sh, argv[4], &dir))
		return -1;
	if (sync) {
		if (strcmp(argv[5], "cpu") && strcmp(argv[5], "device"))
			return sh_fail(sh, "sync for 'cpu' or 'device', not '%s'", argv[5]);
		for_device = !strcmp(argv[5], "device");
		err = mml_dma_sync(sh->m, dma, (size_t)size, dir, for_device);
	} else {
		err = mml_dma_unmap(sh->m, dma, (size_t)size, dir);
	}
	if (err)
		return sh_fail_api(sh, err, sync ? "dma sync" : "dma unmap");
	return 0;
}

int cmd_dma(struct shell *sh, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "info";
	uint64_t v;
	int err;

	if (!strcmp(sub, "info") || !strcmp(sub, "swiotlb"))
		return dma_show(sh);
	if (!strcmp(sub, "bind") || !strcmp(sub, "unbind")) {
		err = sub[0] == 'b' ? mml_dma_bind(sh->m) : mml_dma_unbind(sh->m);
		return err ? sh_fail_api(sh, err, "dma %s", sub) : 0;
	}
	if (!strcmp(sub, "bits")) {
		if (argc != 3)
			return sh_fail(sh, "usage: dma bits N");
		if (sh_arg_u64(sh, "bits", argv[2], &v))
			return -1;
		err = mml_dma_set_bits(sh->m, v > 64 ? 65 : (unsigned int)v);
		return err ? sh_fail_api(sh, err, "dma bits") : dma_show(sh);
	}
	if (!strcmp(sub, "copy"))
		return dma_copy(sh, argc, argv);
	if (!strcmp(sub, "user"))
		return dma_user(sh, argc, argv);
	if (!strcmp(sub, "run"))
		return dma_run(sh, argc, argv);
	if (!strcmp(sub, "map"))
		return dma_map(sh, argc, argv);
	if (!strcmp(sub, "unmap"))
		return dma_unmap_sync(sh, argc, argv, false);
	if (!strcmp(sub, "sync"))
		return dma_unmap_sync(sh, argc, argv, true);
	return sh_fail(sh, "unknown 'dma %s' (see 'help dma')", sub);
}

static int irq_u32(struct shell *sh, const char *what, const char *s, unsigned int *v)
{
	uint64_t x;

	if (sh_arg_u64(sh, what, s, &x))
		return -1;
	if (x > 0xffffffffu)
		return sh_fail(sh, "%s %s is too large", what, s);
	*v = (unsigned int)x;
	return 0;
}

static int irq_domain_cmd(struct shell *sh, int argc, char **argv)
{
	unsigned int size = 0;
	int err;

	if (argc < 4 || argc > 5)
		return sh_fail(sh, "usage: irq domain linear|tree|nomap NAME [SIZE]");
	if (argc == 5 && irq_u32(sh, "size", argv[4], &size))
		return -1;
	err = mml_irq_domain_create(sh->m, argv[2], argv[3], size);
	return err ? sh_fail_api(sh, err, "irq domain") : 0;
}

int cmd_irq(struct shell *sh, int argc, char **argv)
{
	const char *sub = argv[1];
	unsigned int n = 0, virq = 0;
	uint64_t hw;
	int err;

	if (!strcmp(sub, "domain"))
		return irq_domain_cmd(sh, argc, argv);
	if (!strcmp(sub, "remove") && argc == 3) {
		err = mml_irq_domain_remove(sh->m, argv[2]);
		return err ? sh_fail_api(sh, err, "irq remove") : 0;
	}
	if ((!strcmp(sub, "map") || !strcmp(sub, "handle")) && argc == 4) {
		if (sh_arg_u64(sh, "hwirq", argv[3], &hw))
			return -1;
		if (sub[0] == 'h') {
			err = mml_irq_handle(sh->m, argv[2], (unsigned long)hw);
			return err ? sh_fail_api(sh, err, "irq handle") : 0;
		}
		err = mml_irq_create_mapping(sh->m, argv[2], (unsigned long)hw, &virq);
		if (err)
			return sh_fail_api(sh, err, "irq map");
		fprintf(sh->out, "%s hwirq %" PRIu64 " -> virq %u\n", argv[2], hw, virq);
		j_u64(sh, "virq", virq);
		sh_set_last(sh, virq);
		return 0;
	}
	if (argc != 3)
		return sh_fail(sh, "usage: see 'help irq'");
	if (irq_u32(sh, "number", argv[2], &n))
		return -1;
	if (!strcmp(sub, "raise"))
		err = mml_irq_raise(sh->m, n);
	else if (!strcmp(sub, "dispose"))
		err = mml_irq_dispose_mapping(sh->m, n);
	else if (!strcmp(sub, "request"))
		err = mml_irq_request(sh->m, n);
	else if (!strcmp(sub, "free"))
		err = mml_irq_free(sh->m, n);
	else
		return sh_fail(sh, "unknown 'irq %s' (see 'help irq')", sub);
	return err ? sh_fail_api(sh, err, "irq %s", sub) : 0;
}

int cmd_irqdomain(struct shell *sh, int argc, char **argv)
{
	return print_machine_file(sh, "/sys/kernel/debug/irq/domains");
}
