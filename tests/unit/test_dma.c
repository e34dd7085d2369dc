// SPDX-License-Identifier: MIT
/*
 * DMA: the engine by bus address (RAM, MMIO, an address nobody decodes,
 * the address lines it drives), the driver's interrupt, masks and
 * coherent zones, streaming mappings direct and bounced through swiotlb
 * (forced, above 4 GiB, full, out of a 24-bit device's reach), syncs,
 * scatterlists from pinned user pages, dma_pool, the DMA-API debug
 * checks, and fault injection on every allocation path.  test_audit()
 * follows every step; mappings and swiotlb slots are all gone at the end.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/io.h>
#include <linux/dma-mapping.h>
#include <linux/dmapool.h>
#include <linux/scatterlist.h>
#include <linux/swiotlb.h>
#include <linux/mmlab_dma.h>
#include <linux/irqdomain.h>
#include <mmlab/mmlab.h>
#include "helpers.h"

static struct mml_machine *m;
static struct mmlab_dma *md;

static void boot(u64 ram, const char *cmdline)
{
	m = test_machine_ram(ram, cmdline);
	cr_assert(m);
	cr_assert_eq(mml_dma_bind(m), 0);
	md = mmlab_dma_get();
	cr_assert_not_null(md);
	test_audit(m);
}

static void setup(void)
{
	boot(256ULL << 20, NULL);
}

/* Nothing mapped, nothing in swiotlb, then unbind and shut down. */
static void teardown(void)
{
	if (!m)
		return;
	cr_assert_eq(dma_debug_nr_entries(), 0, "mappings left");
	if (m->io_tlb)
		cr_assert_eq(m->io_tlb->used, 0, "swiotlb slots left");
	test_audit(m);
	mml_machine_free(m);
	m = NULL;
}

TestSuite(dma, .init = setup, .fini = teardown);

static bool dmesg_has(const char *s)
{
	char *log = test_read_file(m, "dmesg");
	bool has = strstr(log, s) != NULL;

	free(log);
	return has;
}

static void reboot(u64 ram, const char *cmdline)
{
	mml_machine_free(m);
	boot(ram, cmdline);
}

static unsigned long free_pages_now(void)
{
	drain_local_pages();
	return nr_free_pages();
}

Test(dma, bound_with_irq_and_32bit_mask)
{
	char *text = test_read_file(m, "/proc/interrupts");

	cr_assert_str_eq(text, "           CPU0       \n"
			 " 24:          0  IO-APIC  11-edge      mmlab-dma\n");
	free(text);
	cr_assert_eq(*md->dev->dma_mask, DMA_BIT_MASK(32));
	cr_assert_eq(md->dev->coherent_dma_mask, DMA_BIT_MASK(32));
	cr_assert(dmesg_has("mmlab-dma mmlab-dma.0: DMA engine at 0xfebe0000, irq 24, 32-bit DMA"));
	cr_assert_eq(mml_dma_bind(m), -EBUSY);
}

Test(dma, engine_moves_ram_by_bus_address_and_interrupts)
{
	u8 *a = phys_to_host(0x300000), *b = phys_to_host(0x400000);
	char *text;

	memset(a, 0x5a, 8192);
	memset(b, 0, 8192);
	cr_assert_eq(mmlab_dma_transfer(md, 0x300000, 0x400000, 8192, DMA_CTRL_MEM_TO_MEM), 0);
	cr_assert_eq(memcmp(a, b, 8192), 0);
	cr_assert_eq(md->nr_interrupts, 1);
	text = test_read_file(m, "/proc/interrupts");
	cr_assert(strstr(text, " 24:          1  IO-APIC  11-edge      mmlab-dma\n"), "%s", text);
	free(text);
	test_audit(m);
}

Test(dma, engine_reaches_mmio_not_through_the_mmu)
{
	u8 *src = phys_to_host(0x300000);
	void *regs = ioremap(REGBLOCK_MMIO_BASE, REGBLOCK_MMIO_SIZE);
	char vga[4096];

	memcpy(src, "\x78\x56\x34\x12", 4);
	cr_assert_eq(mmlab_dma_transfer(md, 0x300000, REGBLOCK_MMIO_BASE + REGBLOCK_REG_SCRATCH,
					4, DMA_CTRL_MEM_TO_MEM), 0);
	cr_assert_eq(readl(regs + REGBLOCK_REG_SCRATCH), 0x12345678);
	iounmap(regs);
	memcpy(src, "H\x07i\x07", 4);
	cr_assert_eq(mmlab_dma_transfer(md, 0x300000, VGA_TEXT_BASE, 4, DMA_CTRL_MEM_TO_MEM), 0);
	vga_render_text(m->vga, vga, sizeof(vga));
	cr_assert_eq(strncmp(vga, "Hi", 2), 0, "%.10s", vga);
	test_audit(m);
}

Test(dma, undecoded_address_is_an_error_with_a_dmesg_line)
{
	cr_assert_eq(mmlab_dma_transfer(md, 0xe0000000, 0x400000, 4096, DMA_CTRL_MEM_TO_MEM), -EIO);
	cr_assert(dmesg_has("mmlab-dma mmlab-dma.0: DMA error: bus address 0xe0000000 not reachable"));
	cr_assert_eq(md->nr_errors, 1);
	cr_assert_eq(readq(md->regs + DMA_REG_ERR_ADDR), 0xe0000000);
	/* Past the end of RAM into the hole: stops there, what came before moved. */
	cr_assert_eq(mmlab_dma_transfer(md, 0x300000, 0xffff000, 0x2000, DMA_CTRL_MEM_TO_MEM), -EIO);
	cr_assert_eq(readq(md->regs + DMA_REG_ERR_ADDR), 0x10000000);
	/* Device memory has an end too. */
	cr_assert_eq(mmlab_dma_transfer(md, 0x300000, DMAENGINE_BUF_SIZE - 8, 16, DMA_CTRL_TO_DEV), -EIO);
	test_audit(m);
}

Test(dma, address_lines_alias_high_addresses)
{
	u8 *low = phys_to_host(0x200000), *high = phys_to_host(0x1200000);

	cr_assert_eq(mmlab_dma_set_bits(md, 24), 0);
	cr_assert_eq(*md->dev->dma_mask, DMA_BIT_MASK(24));
	memset(low, 0, 64);
	memset(high, 0, 64);
	memset(phys_to_host(0x300000), 0x77, 64);
	cr_assert_eq(mmlab_dma_transfer(md, 0x300000, 0x1200000, 64, DMA_CTRL_MEM_TO_MEM), 0);
	cr_assert_eq(low[0], 0x77, "the 25th address line is not driven");
	cr_assert_eq(high[0], 0);
	cr_assert_eq(mmlab_dma_set_bits(md, 20), -EIO, "a mask below ZONE_DMA");
	cr_assert_eq(*md->dev->dma_mask, DMA_BIT_MASK(24));
}

Test(dma, coherent_memory_comes_from_the_masks_zone)
{
	dma_addr_t h32, h24;
	void *a, *b;

	a = dma_alloc_coherent(md->dev, 3 * PAGE_SIZE, &h32, GFP_KERNEL);
	cr_assert_not_null(a);
	cr_assert_eq(h32, __pa(a));
	cr_assert_leq(h32 + 4 * PAGE_SIZE - 1, DMA_BIT_MASK(32));
	cr_assert_eq(page_zonenum(virt_to_page((unsigned long)a)), ZONE_DMA32);
	cr_assert_eq(*(u8 *)lm_host((unsigned long)a + 100), 0, "zeroed");
	cr_assert_eq(mmlab_dma_set_bits(md, 24), 0);
	b = dma_alloc_coherent(md->dev, PAGE_SIZE, &h24, GFP_KERNEL);
	cr_assert_not_null(b);
	cr_assert_lt(h24, 16ULL << 20, "24-bit: ZONE_DMA");
	cr_assert_eq(page_zonenum(virt_to_page((unsigned long)b)), ZONE_DMA);
	test_audit(m);
	dma_free_coherent(md->dev, PAGE_SIZE, b, h24);
	dma_free_coherent(md->dev, 3 * PAGE_SIZE, a, h32);
}

Test(dma, roundtrips_every_kind_of_buffer)
{
	unsigned long before = free_pages_now();

	cr_assert_eq(mmlab_dma_roundtrip(md, MMLAB_DMA_COHERENT, 65536), 0);
	test_audit(m);
	cr_assert_eq(mmlab_dma_roundtrip(md, MMLAB_DMA_SINGLE, 8192), 0);
	test_audit(m);
	cr_assert_eq(mmlab_dma_roundtrip(md, MMLAB_DMA_POOL, 256), 0);
	test_audit(m);
	cr_assert_eq(md->nr_interrupts, 6);
	cr_assert_eq(md->nr_transfers, 6);
	kmem_cache_shrink_all();
	cr_assert_eq(free_pages_now(), before, "nothing leaked");
	cr_assert_eq(mmlab_dma_roundtrip(md, MMLAB_DMA_POOL, 8192), -EINVAL);
	cr_assert_eq(mmlab_dma_roundtrip(md, MMLAB_DMA_SINGLE, DMAENGINE_BUF_SIZE + 1), -EINVAL);
}

Test(dma, streaming_without_swiotlb_is_direct)
{
	void *buf = kmalloc(512, GFP_KERNEL);
	dma_addr_t d = dma_map_single(md->dev, buf, 512, DMA_TO_DEVICE);

	cr_assert_null(m->io_tlb, "256 MiB: no swiotlb");
	cr_assert_eq(dma_mapping_error(md->dev, d), 0);
	cr_assert_eq(d, __pa(buf));
	cr_assert_eq(dma_debug_nr_entries(), 1);
	test_audit(m);
	dma_unmap_single(md->dev, d, 512, DMA_TO_DEVICE);
	kfree(buf);
}

Test(dma, beyond_the_mask_without_swiotlb_is_a_mapping_error)
{
	struct page *p;
	dma_addr_t d;

	mmlab_dma_set_bits(md, 24);
	p = alloc_pages(GFP_KERNEL, 0);
	cr_assert_gt(page_to_phys(p), 16ULL << 20);
	d = dma_map_page(md->dev, p, 0, 128, DMA_FROM_DEVICE);
	cr_assert_eq(d, DMA_MAPPING_ERROR);
	cr_assert_eq(dma_mapping_error(md->dev, d), -ENOMEM);
	cr_assert(dmesg_has("Cannot do DMA to address"));
	cr_assert_eq(dma_debug_nr_entries(), 0);
	__free_pages(p, 0);
	test_audit(m);
}

Test(dma, swiotlb_force_bounces_and_copies_back)
{
	u8 *host;
	void *buf;
	dma_addr_t d;
	char *trace;

	reboot(256ULL << 20, "swiotlb=1024,force");
	cr_assert_not_null(m->io_tlb);
	cr_assert_eq(m->io_tlb->nslabs, 1024);
	cr_assert(dmesg_has("software IO TLB: mapped [mem 0x"));
	buf = kmalloc(4096, GFP_KERNEL);
	host = lm_host((unsigned long)buf);
	memset(host, 0xab, 4096);
	mml_trace(m, 1);
	d = dma_map_single(md->dev, buf, 4096, DMA_BIDIRECTIONAL);
	cr_assert_eq(dma_mapping_error(md->dev, d), 0);
	cr_assert(is_swiotlb_buffer(md->dev, d));
	cr_assert_eq(m->io_tlb->used, 2, "4 KiB is two 2 KiB slots");
	cr_assert_eq(*(u8 *)phys_to_host(d), 0xab, "bounced at map");
	test_audit(m);
	/* The device writes the slots; the CPU sees it after sync_for_cpu. */
	memset(phys_to_host(DMAENGINE_BUF_SIZE / 2 + 0), 0, 1);
	memset(phys_to_host(d), 0xcd, 16);
	cr_assert_eq(host[0], 0xab);
	dma_sync_single_for_cpu(md->dev, d, 4096, DMA_BIDIRECTIONAL);
	cr_assert_eq(host[0], 0xcd);
	host[1] = 0x11;
	dma_sync_single_for_device(md->dev, d, 4096, DMA_BIDIRECTIONAL);
	cr_assert_eq(((u8 *)phys_to_host(d))[1], 0x11);
	memset(phys_to_host(d) + 2, 0xee, 1);
	dma_unmap_single(md->dev, d, 4096, DMA_BIDIRECTIONAL);
	cr_assert_eq(host[2], 0xee, "copied back at unmap");
	cr_assert_eq(m->io_tlb->used, 0);
	trace = malloc(65536);
	mml_trace_read(m, trace, 65536);
	cr_assert(strstr(trace, "swiotlb_bounce:"), "%s", trace);
	cr_assert(strstr(trace, "swiotlb_tbl_map_single:"), "%s", trace);
	free(trace);
	mml_trace(m, 0);
	kfree(buf);
	cr_assert_eq(mmlab_dma_roundtrip(md, MMLAB_DMA_SINGLE, 65536), 0);
	cr_assert_gt(m->io_tlb->bounced_bytes, 131072);
}

Test(dma, swiotlb_full_gives_mapping_error)
{
	struct page *big, *small;
	dma_addr_t da, db;

	reboot(256ULL << 20, "swiotlb=128,force");
	big = alloc_pages(GFP_KERNEL, 6);	/* 256 KiB */
	small = alloc_pages(GFP_KERNEL, 1);
	da = dma_map_page(md->dev, big, 0, 128 * IO_TLB_SIZE - 8192, DMA_TO_DEVICE);
	cr_assert_eq(dma_mapping_error(md->dev, da), 0);
	db = dma_map_page(md->dev, small, 0, 8192, DMA_TO_DEVICE);
	cr_assert_eq(dma_mapping_error(md->dev, db), 0);
	cr_assert_eq(m->io_tlb->used, 128);
	cr_assert_eq(dma_map_page(md->dev, small, 0, 16, DMA_TO_DEVICE), DMA_MAPPING_ERROR);
	cr_assert(dmesg_has("swiotlb buffer is full (sz: 16 bytes), total 128 (slots), used 128 (slots)"));
	test_audit(m);
	dma_unmap_page(md->dev, db, 8192, DMA_TO_DEVICE);
	dma_unmap_page(md->dev, da, 128 * IO_TLB_SIZE - 8192, DMA_TO_DEVICE);
	cr_assert(!dmesg_has("failed to check map error"));
	__free_pages(big, 6);
	__free_pages(small, 1);
}

/* 6 GiB: swiotlb is set up below 4 GiB; a 32-bit device bounces high buffers. */
Test(dma, above_4g_bounces_for_a_32bit_device)
{
	struct page *p;
	dma_addr_t d;

	reboot(6ULL << 30, NULL);
	cr_assert_not_null(m->io_tlb);
	cr_assert_lt(m->io_tlb->end, SZ_4G + 1);
	p = alloc_pages(GFP_KERNEL, 0);
	cr_assert_geq(page_to_phys(p), SZ_4G);
	memset(page_host(p), 0x42, PAGE_SIZE);
	d = dma_map_page(md->dev, p, 0, PAGE_SIZE, DMA_TO_DEVICE);
	cr_assert_eq(dma_mapping_error(md->dev, d), 0);
	cr_assert_lt(d, SZ_4G);
	cr_assert_eq(mmlab_dma_transfer(md, d, 0, PAGE_SIZE, DMA_CTRL_TO_DEV), 0);
	dma_unmap_page(md->dev, d, PAGE_SIZE, DMA_TO_DEVICE);
	/* A 64-bit device reaches it directly. */
	cr_assert_eq(mmlab_dma_set_bits(md, 64), 0);
	d = dma_map_page(md->dev, p, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	cr_assert_eq(dma_mapping_error(md->dev, d), 0);
	cr_assert_eq(d, page_to_phys(p));
	cr_assert_eq(mmlab_dma_transfer(md, 0, d, PAGE_SIZE, DMA_CTRL_FROM_DEV), 0);
	dma_unmap_page(md->dev, d, PAGE_SIZE, DMA_FROM_DEVICE);
	cr_assert_eq(((u8 *)page_host(p))[7], 0x42, "the round trip kept the data");
	/* A 24-bit device: the pool is above 16 MiB, so even bouncing fails. */
	cr_assert_eq(mmlab_dma_set_bits(md, 24), 0);
	d = dma_map_page(md->dev, p, 0, 64, DMA_TO_DEVICE);
	cr_assert_eq(d, DMA_MAPPING_ERROR);
	cr_assert(dmesg_has("overflow (mask ffffff"));
	cr_assert_eq(m->io_tlb->used, 0);
	__free_pages(p, 0);
	test_audit(m);
}

Test(dma, debug_catches_driver_mistakes)
{
	void *buf = kmalloc(256, GFP_KERNEL);
	dma_addr_t d;

	d = dma_map_single(md->dev, buf, 256, DMA_TO_DEVICE);
	dma_unmap_single(md->dev, d, 256, DMA_TO_DEVICE);
	cr_assert(dmesg_has("DMA-API: mmlab-dma mmlab-dma.0: device driver failed to check map error"));
	dma_unmap_single(md->dev, d, 256, DMA_TO_DEVICE);
	cr_assert(dmesg_has("DMA-API: mmlab-dma mmlab-dma.0: device driver tries to free DMA memory it has not allocated [device address="));
	d = dma_map_single(md->dev, buf, 256, DMA_TO_DEVICE);
	dma_mapping_error(md->dev, d);
	dma_sync_single_for_cpu(md->dev, d, 256, DMA_FROM_DEVICE);
	cr_assert(dmesg_has("device driver syncs DMA memory with different direction"));
	dma_unmap_single(md->dev, d, 128, DMA_FROM_DEVICE);
	cr_assert(dmesg_has("frees DMA memory with different size"));
	cr_assert(dmesg_has("[mapped with DMA_TO_DEVICE] [unmapped with DMA_FROM_DEVICE]"));
	cr_assert_eq(dma_debug_nr_entries(), 0);
	cr_assert_geq(dma_debug_error_count(), 5);
	kfree(buf);
	test_audit(m);
}

Test(dma, leak_at_unbind_is_reported)
{
	void *buf = kmalloc(64, GFP_KERNEL);
	dma_addr_t d = dma_map_single(md->dev, buf, 64, DMA_BIDIRECTIONAL);

	dma_mapping_error(md->dev, d);
	cr_assert_eq(mml_dma_unbind(m), 0);
	cr_assert(dmesg_has("device driver has pending DMA allocations while released from device [count=1]"));
	cr_assert(dmesg_has("[mapped with DMA_BIDIRECTIONAL] [mapped as single]"));
	cr_assert_eq(dma_debug_nr_entries(), 0);
	cr_assert_eq(mml_dma_unbind(m), -ENODEV);
	cr_assert_eq(mml_dma_roundtrip(m, MML_DMA_COHERENT, 64), -ENODEV);
	/* The line stays mapped: it is the platform device's, not the driver's. */
	cr_assert_eq(irq_find_domain_by_name("IO-APIC-0")->revmap[DMAENGINE_IRQ_PIN], 24);
	kfree(buf);
	test_audit(m);
	cr_assert_eq(mml_dma_bind(m), 0);
	md = mmlab_dma_get();
}

Test(dma, sg_table_from_pages_merges_contiguous_runs)
{
	struct page *block = alloc_pages(GFP_KERNEL, 2), *lone = alloc_pages(GFP_KERNEL, 0);
	struct page *pages[5] = { block, block + 1, block + 2, block + 3, lone };
	struct sg_table sgt;
	struct scatterlist *sg;
	unsigned int i, total = 0;

	cr_assert_eq(sg_alloc_table_from_pages(&sgt, pages, 5, 100, 5 * PAGE_SIZE - 200, GFP_KERNEL), 0);
	cr_assert_eq(sgt.orig_nents, 2);
	cr_assert_eq(sgt.sgl[0].offset, 100);
	cr_assert_eq(sgt.sgl[0].length, 4 * PAGE_SIZE - 100);
	cr_assert(sg_is_last(&sgt.sgl[1]));
	cr_assert_eq(dma_map_sgtable(md->dev, &sgt, DMA_TO_DEVICE, 0), 0);
	for_each_sgtable_dma_sg(&sgt, sg, i) {
		cr_assert_eq(sg_dma_address(sg), sg_phys(sg));
		total += sg_dma_len(sg);
	}
	cr_assert_eq(total, 5 * PAGE_SIZE - 200);
	cr_assert_eq(dma_debug_nr_entries(), 2);
	dma_unmap_sg(md->dev, sgt.sgl, 1, DMA_TO_DEVICE);
	cr_assert(dmesg_has("device driver frees DMA sg list with different entry count [map count=2] [unmap count=1]"));
	dma_unmap_sg(md->dev, sgt.sgl + 1, 1, DMA_TO_DEVICE);
	sg_free_table(&sgt);
	cr_assert_eq(sg_alloc_table_from_pages(&sgt, pages, 0, 0, 1, GFP_KERNEL), -EINVAL);
	__free_pages(block, 2);
	__free_pages(lone, 0);
	test_audit(m);
}

Test(dma, user_memory_by_dma_over_pinned_pages)
{
	struct mml_task *t = mml_task_new(m, "dma");
	long base = mml_mmap(t, 0, 0x20000, RW, ANON, -1, 0);
	unsigned char src[0x9000], dst[0x9000];
	unsigned long i;
	unsigned long before;

	cr_assert_gt(base, 0);
	for (i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 13 + 5);
	cr_assert_eq(mml_store(t, (unsigned long)base + 0x123, src, sizeof(src)), 0);
	memset(dst, 0, sizeof(dst));
	cr_assert_eq(mml_store(t, (unsigned long)base + 0x10000 + 7, dst, sizeof(dst)), 0);
	before = free_pages_now();
	cr_assert_eq(mml_dma_user_copy(t, (unsigned long)base + 0x123,
				       (unsigned long)base + 0x10000 + 7, sizeof(src)), 0);
	cr_assert_eq(free_pages_now(), before, "pinned, copied, unpinned: no page taken");
	cr_assert_eq(mml_load(t, (unsigned long)base + 0x10000 + 7, dst, sizeof(dst)), 0);
	cr_assert_eq(memcmp(src, dst, sizeof(src)), 0);
	cr_assert_eq(dma_debug_nr_entries(), 0);
	test_audit(m);
	cr_assert_eq(mml_dma_user_copy(t, 0x1000, (unsigned long)base, 64), -EFAULT);
	cr_assert_eq(mml_dma_user_copy(t, (unsigned long)base, 0, 0), -EINVAL);
	test_audit(m);
	mml_exit(t, 0);
}

Test(dma, pool_blocks_respect_boundary_and_report_misuse)
{
	struct dma_pool *pool = dma_pool_create("t", md->dev, 96, 32, 256);
	dma_addr_t h[40];
	void *v[40];
	unsigned int i;

	cr_assert_not_null(pool);
	cr_assert_null(dma_pool_create("bad", md->dev, 64, 3, 0));
	cr_assert_null(dma_pool_create("bad", md->dev, 512, 8, 256));
	for (i = 0; i < 40; i++) {
		v[i] = dma_pool_alloc(pool, GFP_KERNEL, &h[i]);
		cr_assert_not_null(v[i]);
		cr_assert_eq(h[i] % 32, 0);
		cr_assert_eq(h[i] / 256, (h[i] + 95) / 256, "block %u crosses a boundary", i);
		cr_assert_eq(h[i], __pa(v[i]));
	}
	dma_pool_free(pool, v[3], h[3]);
	dma_pool_free(pool, v[3], h[3]);
	cr_assert(dmesg_has("dma_pool_free t, dma 0x"));
	cr_assert(dmesg_has("already free"));
	dma_pool_free(pool, v[4], h[4] + 1);
	cr_assert(dmesg_has("(bad"));
	for (i = 0; i < 40; i++)
		if (i != 3)
			dma_pool_free(pool, v[i], h[i]);
	dma_pool_destroy(pool);
	test_audit(m);
}

/* Each allocation of a round trip fails in turn (slab, then pages). */
static void inject_roundtrip(enum mml_fail_kind kind, enum mmlab_dma_mode mode)
{
	unsigned long before = free_pages_now();
	long n;
	int err = -ENOMEM;

	for (n = 0; err && n < 64; n++) {
		mml_fail_nth(m, kind, n);
		err = mmlab_dma_roundtrip(md, mode, 4096);
		mml_fail_nth(m, kind, -1);
		cr_assert(err == 0 || err == -ENOMEM, "n=%ld: %d", n, err);
		cr_assert_eq(dma_debug_nr_entries(), 0);
		kmem_cache_shrink_all();
		test_audit(m);
	}
	cr_assert_eq(err, 0);
	cr_assert_eq(free_pages_now(), before);
}

Test(dma, fault_injection_roundtrips)
{
	inject_roundtrip(MML_FAIL_PAGE_ALLOC, MMLAB_DMA_COHERENT);
	inject_roundtrip(MML_FAIL_PAGE_ALLOC, MMLAB_DMA_SINGLE);
	inject_roundtrip(MML_FAIL_PAGE_ALLOC, MMLAB_DMA_POOL);
	inject_roundtrip(MML_FAIL_SLAB, MMLAB_DMA_SINGLE);
	inject_roundtrip(MML_FAIL_SLAB, MMLAB_DMA_POOL);
}

Test(dma, fault_injection_user_copy_and_bind)
{
	struct mml_task *t = mml_task_new(m, "fi");
	long base = mml_mmap(t, 0, 0x10000, RW, ANON, -1, 0);
	long n;
	int err = -ENOMEM;

	mml_store(t, (unsigned long)base, "x", 1);
	mml_store(t, (unsigned long)base + 0x8000, "y", 1);
	for (n = 0; err && n < 64; n++) {
		mml_fail_nth(m, MML_FAIL_SLAB, n);
		err = mml_dma_user_copy(t, (unsigned long)base, (unsigned long)base + 0x8000, 0x3000);
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		cr_assert(err == 0 || err == -ENOMEM, "n=%ld: %d", n, err);
		cr_assert_eq(dma_debug_nr_entries(), 0);
		test_audit(m);
	}
	cr_assert_eq(err, 0);
	cr_assert_geq(n, 3);
	mml_exit(t, 0);
	cr_assert_eq(mml_dma_unbind(m), 0);
	for (err = -ENOMEM, n = 0; err && n < 64; n++) {
		mml_fail_nth(m, MML_FAIL_SLAB, n);
		err = mml_dma_bind(m);
		mml_fail_nth(m, MML_FAIL_SLAB, -1);
		cr_assert(err == 0 || err == -ENOMEM, "n=%ld: %d", n, err);
		test_audit(m);
	}
	cr_assert_eq(err, 0);
	md = mmlab_dma_get();
	cr_assert_not_null(md);
}

Test(dma, bad_cmdline_and_api_input)
{
	int err;
	char msg[256];
	struct mml_config cfg;

	mml_config_init(&cfg);
	cfg.cmdline = "swiotlb=lots";
	cr_assert_null(mml_machine_new_err(&cfg, &err, msg, sizeof(msg)));
	cr_assert_eq(err, -EINVAL);
	cr_assert(strstr(msg, "swiotlb="), "%s", msg);
	cr_assert_eq(mml_dma_set_bits(m, 8), -EINVAL);
	cr_assert_eq(mml_dma_run(m, 0x100000, 0x200000, 0, MML_DMA_MEM_TO_MEM), -EINVAL);
	cr_assert_eq(mml_dma_map(m, 0x1234, 64, MML_DMA_TO_DEVICE, &(uint64_t){ 0 }), -EINVAL);
	cr_assert_eq(mml_dma_unmap(m, 0x1000, 64, MML_DMA_TO_DEVICE), -EINVAL);
	cr_assert_eq(mml_dma_sync(m, 0x1000, 64, MML_DMA_TO_DEVICE, 1), -EINVAL);
	test_audit(m);
}
