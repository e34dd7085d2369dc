// SPDX-License-Identifier: MIT
/*
 * The public face of DMA: binding the sample driver mmlab-dma, its
 * transfers, and the streaming API on kernel buffers.  Arguments are
 * checked here; the kernel's DMA API trusts its drivers as Linux's does
 * (its debug checks report their mistakes in dmesg).
 */
#include <mmlab/mmlab.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/dma-mapping.h>
#include <linux/swiotlb.h>
#include <linux/mmlab_dma.h>
#include "kernel/dma/dma.h"
#include "api/api.h"

static struct mmlab_dma *bound(struct mml_machine *m)
{
	struct mmlab_dma *md = mmlab_dma_get();

	if (!md)
		mml_set_error(m, "mmlab-dma is not bound (mml_dma_bind, shell: dma bind)");
	return md;
}

MML_API int mml_dma_bind(struct mml_machine *m)
{
	machine_guard(m, NULL);
	int err;

	if (!m)
		return -EINVAL;
	err = mmlab_dma_bind();
	if (err == -EBUSY && mmlab_dma_get())
		mml_set_error(m, "mmlab-dma is bound already");
	else if (err == -EBUSY)
		mml_set_error(m, "mmlab-dma.0 is bound to another driver of the name (a module: rmmod it)");
	else if (err)
		mml_set_error(m, "mmlab-dma: probe failed (see dmesg)");
	return err;
}

MML_API int mml_dma_unbind(struct mml_machine *m)
{
	machine_guard(m, NULL);

	if (!m || !bound(m))
		return m ? -ENODEV : -EINVAL;
	mmlab_dma_unbind();
	return 0;
}

MML_API int mml_dma_info(struct mml_machine *m, struct mml_dma_info *info)
{
	machine_guard(m, NULL);
	struct mmlab_dma *md;
	struct io_tlb_mem *mem;

	if (!m || !info)
		return -EINVAL;
	md = mmlab_dma_get();
	mem = m->io_tlb;
	*info = (struct mml_dma_info){ .bound = md != NULL,
		.device_memory = DMAENGINE_BUF_SIZE,
		.swiotlb_force = m->swiotlb_force,
		.debug_entries = dma_debug_nr_entries(),
		.debug_errors = dma_debug_error_count() };
	if (md) {
		info->addr_bits = md->addr_bits;
		info->dma_mask = *md->dev->dma_mask;
		info->coherent_dma_mask = md->dev->coherent_dma_mask;
		info->irq = md->irq;
		info->interrupts = md->nr_interrupts;
		info->transfers = md->nr_transfers;
		info->errors = md->nr_errors;
		info->bytes = md->bytes;
	}
	if (mem) {
		info->swiotlb_start = mem->start;
		info->swiotlb_end = mem->end;
		info->swiotlb_nslabs = mem->nslabs;
		info->swiotlb_used = mem->used;
		info->swiotlb_hiwater = mem->used_hiwater;
		info->swiotlb_maps = mem->nr_maps;
		info->swiotlb_bounced = mem->bounced_bytes;
	}
	return 0;
}

MML_API int mml_dma_set_bits(struct mml_machine *m, unsigned int bits)
{
	machine_guard(m, NULL);
	struct mmlab_dma *md;
	int err;

	if (!m)
		return -EINVAL;
	md = bound(m);
	if (!md)
		return -ENODEV;
	if (bits < 12 || bits > 64) {
		mml_set_error(m, "dma: %u address bits is out of range (12..64)", bits);
		return -EINVAL;
	}
	err = mmlab_dma_set_bits(md, bits);
	if (err)
		mml_set_error(m, "dma: a %u-bit mask cannot reach ZONE_DMA (dma_set_mask: -EIO)", bits);
	return err;
}

MML_API int mml_dma_run(struct mml_machine *m, uint64_t src, uint64_t dst,
			uint64_t len, enum mml_dma_xfer xfer)
{
	machine_guard(m, NULL);
	static const u32 ctrl[] = { DMA_CTRL_MEM_TO_MEM, DMA_CTRL_TO_DEV,
				    DMA_CTRL_FROM_DEV };
	struct mmlab_dma *md;
	int err;

	if (!m)
		return -EINVAL;
	md = bound(m);
	if (!md)
		return -ENODEV;
	if ((unsigned int)xfer >= ARRAY_SIZE(ctrl) || !len) {
		mml_set_error(m, "dma run: bad direction or length 0");
		return -EINVAL;
	}
	err = mmlab_dma_transfer(md, src, dst, len, ctrl[xfer]);
	if (err == -EIO)
		mml_set_error(m, "dma run: the engine reported an error (see dmesg)");
	return err;
}

MML_API int mml_dma_roundtrip(struct mml_machine *m, enum mml_dma_mode mode,
			      size_t size)
{
	machine_guard(m, NULL);
	struct mmlab_dma *md;
	int err;

	if (!m)
		return -EINVAL;
	md = bound(m);
	if (!md)
		return -ENODEV;
	if ((unsigned int)mode > MML_DMA_POOL || !size || size > DMAENGINE_BUF_SIZE ||
	    (mode == MML_DMA_POOL && size > PAGE_SIZE)) {
		mml_set_error(m, "dma copy: size %zu is out of range (1..%llu; pool: ..4096)",
			      size, (unsigned long long)DMAENGINE_BUF_SIZE);
		return -EINVAL;
	}
	err = mmlab_dma_roundtrip(md, (enum mmlab_dma_mode)mode, size);
	if (err == -EILSEQ)
		mml_set_error(m, "dma copy: the data came back different");
	else if (err == -ENOMEM)
		mml_set_error(m, "dma copy: out of memory, or a mapping failed (see dmesg)");
	else if (err)
		mml_set_error(m, "dma copy: transfer failed (see dmesg)");
	return err;
}

MML_API int mml_dma_user_copy(struct mml_task *ut, unsigned long src,
			      unsigned long dst, size_t len)
{
	task_guard(ut);
	struct mml_machine *m = current_machine();
	struct mmlab_dma *md;
	int err;

	if (!ut)
		return -EINVAL;
	md = bound(m);
	if (!md)
		return -ENODEV;
	err = mmlab_dma_user_copy(md, task_of(ut), src, dst, len);
	if (err == -EINVAL)
		mml_set_error(m, "dma user copy: length %zu out of range (1..%llu)",
			      len, (unsigned long long)DMAENGINE_BUF_SIZE);
	else if (err == -EFAULT)
		mml_set_error(m, "dma user copy: the buffer is not mapped (writable, for the destination)");
	else if (err)
		mml_set_error(m, "dma user copy failed (see dmesg)");
	return err;
}

/* A direct-map range of RAM with struct pages. */
static bool kernel_buffer_ok(uint64_t kva, size_t size)
{
	return size && kva + size > kva && virt_addr_valid((unsigned long)kva) &&
	       virt_addr_valid((unsigned long)(kva + size - 1));
}

MML_API int mml_dma_map(struct mml_machine *m, uint64_t kva, size_t size,
			enum mml_dma_dir dir, uint64_t *dma)
{
	machine_guard(m, NULL);
	struct mmlab_dma *md;
	dma_addr_t d;

	if (!m || !dma)
		return -EINVAL;
	md = bound(m);
	if (!md)
		return -ENODEV;
	if ((unsigned int)dir > MML_DMA_FROM_DEVICE || !kernel_buffer_ok(kva, size)) {
		mml_set_error(m, "dma map: %#llx+%zu is not a kernel buffer in the direct map, or bad direction",
			      (unsigned long long)kva, size);
		return -EINVAL;
	}
	d = dma_map_single(md->dev, (void *)(unsigned long)kva, size,
			   (enum dma_data_direction)dir);
	if (dma_mapping_error(md->dev, d)) {
		mml_set_error(m, "dma map: DMA_MAPPING_ERROR (beyond the mask, no swiotlb room; see dmesg)");
		return -ENOMEM;
	}
	*dma = d;
	return 0;
}

MML_API int mml_dma_unmap(struct mml_machine *m, uint64_t dma, size_t size,
			  enum mml_dma_dir dir)
{
	machine_guard(m, NULL);
	struct mmlab_dma *md;
	unsigned long errors;

	if (!m)
		return -EINVAL;
	md = bound(m);
	if (!md)
		return -ENODEV;
	if ((unsigned int)dir > MML_DMA_FROM_DEVICE) {
		mml_set_error(m, "dma unmap: bad direction");
		return -EINVAL;
	}
	errors = dma_debug_error_count();
	dma_unmap_single(md->dev, dma, size, (enum dma_data_direction)dir);
	if (dma_debug_error_count() != errors) {
		mml_set_error(m, "dma unmap of %#llx: DMA-API error %lu (see dmesg)",
			      (unsigned long long)dma, dma_debug_error_count());
		return -EINVAL;
	}
	return 0;
}

MML_API int mml_dma_sync(struct mml_machine *m, uint64_t dma, size_t size,
			 enum mml_dma_dir dir, int for_device)
{
	machine_guard(m, NULL);
	struct mmlab_dma *md;
	unsigned long errors;

	if (!m)
		return -EINVAL;
	md = bound(m);
	if (!md)
		return -ENODEV;
	if ((unsigned int)dir > MML_DMA_FROM_DEVICE) {
		mml_set_error(m, "dma sync: bad direction");
		return -EINVAL;
	}
	errors = dma_debug_error_count();
	if (for_device)
		dma_sync_single_for_device(md->dev, dma, size, (enum dma_data_direction)dir);
	else
		dma_sync_single_for_cpu(md->dev, dma, size, (enum dma_data_direction)dir);
	if (dma_debug_error_count() != errors) {
		mml_set_error(m, "dma sync of %#llx: DMA-API error %lu (see dmesg)",
			      (unsigned long long)dma, dma_debug_error_count());
		return -EINVAL;
	}
	return 0;
}
