// SPDX-License-Identifier: MIT
/*
 * Booting a machine, as Linux's start_kernel() does it: build the
 * hardware, then run the memory set-up in Linux's order.  What differs per
 * architecture comes from its descriptor (struct arch_desc, chosen by
 * mml_config.arch): the physical span and firmware map, setup_arch()
 * (memblock, the direct map, the page-table base), and the late resource
 * set-up; then mm_core_init(): the zones, the buddy allocator, slab,
 * vmalloc.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/memblock.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/arch.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/irq.h>
#include <linux/swiotlb.h>
#include <linux/mmlab_dma.h>
#include <linux/platform_device.h>
#include <linux/mm_inline.h>
#include <asm/pgtable.h>
#include "hw/hostfs.h"
#include "hw/hostmem.h"

#define MAX_RAM_SIZE	(1ULL << 40)
#define MIN_RAM_SIZE	(16ULL << 20)

/*
 * The architectures mml_config.arch may name.  Those without a descriptor
 * are planned (docs/architecture.md says how one is added) or not compiled
 * in (meson's -Darch= sets CONFIG_ARCH_<NAME>): booting them fails with
 * -ENOSYS rather than pretending.
 */
static const struct {
	const char *name;
	const struct arch_desc *desc;
} arches[] = {
#ifdef CONFIG_ARCH_X86_64
	{ "x86_64", &arch_x86_64 },
#else
	{ "x86_64", NULL },
#endif
	{ "i386", NULL },
	{ "arm", NULL },
	{ "arm64", NULL },
};

/**
 * arch_desc_matches_build() - can descriptor @a boot in this build?  mm/ is
 * compiled against one asm/ (pte_t has one width per build, as in Linux):
 * @a's page-table format must be the one compiled in.
 */
bool arch_desc_matches_build(const struct arch_desc *a)
{
	static const unsigned int ptrs[5] = { PTRS_PER_PTE, PTRS_PER_PMD,
		PTRS_PER_PUD, PTRS_PER_P4D, PTRS_PER_PGD };
	unsigned int i, levels = 0;

	if (a->pte_size != sizeof(pte_t))
		return false;
	for (i = 0; i < ARRAY_SIZE(ptrs); i++) {
		if (a->ptrs_per_table[i] != ptrs[i])
			return false;
		levels += ptrs[i] > 1;
	}
	return a->page_levels == levels;
}

/**
 * arch_lookup() - the descriptor of architecture @name, if this build can
 * boot it.
 * Return: it, or NULL with *@err = -ENOSYS (known, not implemented or
 * built for another page-table format) or -EINVAL (unknown).
 */
const struct arch_desc *arch_lookup(const char *name, int *err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++) {
		if (strcmp(arches[i].name, name))
			continue;
		if (!arches[i].desc || !arch_desc_matches_build(arches[i].desc)) {
			*err = -ENOSYS;
			return NULL;
		}
		*err = 0;
		return arches[i].desc;
	}
	*err = -EINVAL;
	return NULL;
}

/* memparse(): a number with an optional K/M/G/T suffix. */
static int memparse(const char *s, u64 *out)
{
	char *end;
	u64 v = strtoull(s, &end, 0);

	if (end == s)
		return -EINVAL;
	switch (*end) {
	case 'T': case 't': v <<= 10; /* fall through */
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; end++; break;
	default: break;
	}
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

/* Parse the kernel command line; unknown words are reported, as Linux. */
static int parse_cmdline(char *msg, size_t msglen)
{
	struct mml_machine *m = current_machine();
	char *copy = strdup(m->cmdline), *save = NULL, *w;
	char unknown[256] = "";
	int ret;

	if (!copy)
		return -ENOMEM;
	for (w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		u64 v;

		if (!strncmp(w, "mem=", 4)) {
			if (memparse(w + 4, &v) || v < MIN_RAM_SIZE) {
				snprintf(msg, msglen, "bad mem= value '%s' (need a size of at least 16M)", w + 4);
				free(copy);
				return -EINVAL;
			}
			m->mem_limit = v;
		} else if (!strncmp(w, "swiotlb=", 8)) {
			if (setup_io_tlb_npages(w + 8)) {
				snprintf(msg, msglen, "bad swiotlb= value '%s' (slabs[,force|noforce], or force|noforce)", w + 8);
				free(copy);
				return -EINVAL;
			}
		} else if (!strncmp(w, "iomem=", 6)) {
			/* strict_iomem(): as Linux, by substring. */
			if (strstr(w + 6, "relaxed"))
				m->strict_iomem_checks = false;
			if (strstr(w + 6, "strict"))
				m->strict_iomem_checks = true;
		} else if (!strcmp(w, "page_poison=on") || !strcmp(w, "page_poison=1")) {
			m->page_poison = true;
		} else if (!strncmp(w, "lru=", 4)) {
			const struct lru_policy *p = lru_policy_lookup(w + 4);

			if (!p) {
				snprintf(msg, msglen, "bad lru= value '%s' (classic or gen)", w + 4);
				free(copy);
				return -EINVAL;
			}
			m->lruvec.policy = p;
		} else if (!strcmp(w, "kswapd=manual")) {
			m->kswapd_manual = true;
		} else if (!strcmp(w, "oops=panic")) {
			m->panic_on_oops = true;
		} else if (m->arch->early_param &&
			   (ret = m->arch->early_param(w, msg, msglen)) != 0) {
			if (ret < 0) {
				free(copy);
				return ret;
			}
		} else if (strlen(unknown) + strlen(w) + 2 < sizeof(unknown)) {
			strcat(unknown, " ");
			strcat(unknown, w);
		}
	}
	free(copy);
	pr_notice("Kernel command line: %s\n", m->cmdline);
	if (unknown[0])
		pr_notice("Unknown kernel command line parameters \"%s\", will be passed to user space.\n",
			  unknown + 1);
	return 0;
}

/* mem_map: a struct page for every PFN up to max_pfn, backed lazily. */
static int alloc_mem_map(char *msg, size_t msglen)
{
	struct mml_machine *m = current_machine();
	size_t n = ALIGN(m->max_pfn, 1UL << MAX_PAGE_ORDER) * sizeof(struct page);
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		snprintf(msg, msglen, "cannot reserve host address space for mem_map");
		return -ENOMEM;
	}
	m->mem_map = p;
	m->mem_map_bytes = n;
	return 0;
}

/* mm_core_init(): the allocators, once the direct map exists. */
static int mm_core_init(char *msg, size_t msglen)
{
	struct mml_machine *m = current_machine();
	int err;

	free_area_init();
	lruvec_init(&m->lruvec, m->lruvec.policy ? m->lruvec.policy :
					       &lru_policy_classic);
	err = preallocate_vmalloc_pages();
	if (err) {
		snprintf(msg, msglen, "out of memory for the vmalloc area's page tables");
		return err;
	}
	swiotlb_init();		/* Linux: mem_init() -> pci_iommu_alloc() */
	memblock_free_all();
	m->after_bootmem = true;
	page_alloc_init();
	err = kmem_cache_init();
	if (!err)
		err = vmalloc_init();
	if (!err)
		err = proc_caches_init();
	if (!err)
		err = early_irq_init();
	if (!err)
		err = driver_init();
	if (err)
		snprintf(msg, msglen, "out of memory setting up slab/vmalloc/drivers");
	return err;
}

static int boot(char *msg, size_t msglen)
{
	struct mml_machine *m = current_machine();
	const struct arch_desc *arch = m->arch;
	u64 ram = m->cfg.ram_size;
	u64 span = arch->phys_span(ram);
	int err;

	err = hw_init(&m->hw, arch->mmu, span, ram,
		      (unsigned int)m->cfg.tlb_sets,
		      (unsigned int)m->cfg.tlb_ways);
	if (err) {
		snprintf(msg, msglen, "cannot reserve %llu bytes of host address space for RAM",
			 (unsigned long long)span);
		return err;
	}
	pr_notice("Linux version 6.x (mmlab " MMLAB_VERSION ") simulated %s machine, %llu MiB RAM\n",
		  m->arch->name, (unsigned long long)(ram >> 20));
	err = parse_cmdline(msg, msglen);
	if (err)
		return err;
	err = arch->setup_machine(msg, msglen);
	if (!err)
		err = arch->setup_arch(msg, msglen);
	if (!err)
		err = alloc_mem_map(msg, msglen);
	if (!err)
		err = mm_core_init(msg, msglen);
	if (err)
		return err;
	arch->late_setup();
	return 0;
}

static int check_config(const struct machine_config *cfg, char *msg, size_t msglen)
{
	int err;

	if (cfg->ram_size < MIN_RAM_SIZE || cfg->ram_size > MAX_RAM_SIZE) {
		snprintf(msg, msglen, "RAM size %llu is out of range (16 MiB .. 1 TiB)",
			 (unsigned long long)cfg->ram_size);
		return -EINVAL;
	}
	if (cfg->ram_size & (PAGE_SIZE - 1)) {
		snprintf(msg, msglen, "RAM size %llu is not a multiple of 4 KiB",
			 (unsigned long long)cfg->ram_size);
		return -EINVAL;
	}
	if (!arch_lookup(cfg->arch ? cfg->arch : "x86_64", &err)) {
		snprintf(msg, msglen, err == -ENOSYS ?
			 "architecture '%s' is not implemented yet (only x86_64 so far)" :
			 "architecture '%s' is not supported (x86_64; i386, arm and arm64 are planned)",
			 cfg->arch);
		return err;
	}
	if (cfg->tlb_sets < 0 || cfg->tlb_ways < 0 ||
	    (cfg->tlb_sets && !is_power_of_2((unsigned long)cfg->tlb_sets)) ||
	    cfg->tlb_sets > 65536 || cfg->tlb_ways > 64) {
		snprintf(msg, msglen, "TLB geometry %d sets x %d ways is invalid (sets: a power of two <= 65536, ways <= 64)",
			 cfg->tlb_sets, cfg->tlb_ways);
		return -EINVAL;
	}
	return 0;
}

/* For hw/hostmem.c: the arena of the current machine, if it has one. */
static struct hostmem *current_hostmem(void)
{
	struct mml_machine *m = current_machine();

	return m ? m->hostmem : NULL;
}

/**
 * machine_boot() - build and boot a machine from @cfg.
 * Context: the new machine is the current one while it boots; the caller's
 * current machine and task are restored before returning.
 * Return: the machine, or NULL with -errno in @err and a reason in @msg.
 */
struct mml_machine *machine_boot(const struct machine_config *cfg, int *err,
				 char *msg, size_t msglen)
{
	struct machine_ctx saved;
	struct mml_machine *m;

	*err = check_config(cfg, msg, msglen);
	if (*err)
		return NULL;
	if (cfg->snapshot) {
		struct hostmem *hm;

		hostmem_set_current(current_hostmem);
		hm = hostmem_new();
		m = hm ? hostmem_alloc(hm, sizeof(*m)) : NULL;
		if (m)
			m->hostmem = hm;
		else
			hostmem_destroy(hm);
	} else {
		m = calloc(1, sizeof(*m));
	}
	if (!m) {
		*err = -ENOMEM;
		snprintf(msg, msglen, "out of host memory");
		return NULL;
	}
	/* the machine's own host allocations come from its arena, if any */
	saved = machine_enter(m, NULL);
	m->cfg = *cfg;
	m->arch = arch_lookup(cfg->arch ? cfg->arch : "x86_64", err);
	m->cmdline = strdup(cfg->cmdline ? cfg->cmdline : "");
	m->root = strdup(cfg->root ? cfg->root : "/");
	m->cfg.cmdline = m->cmdline;
	m->cfg.root = m->root;
	m->cfg.arch = m->arch->name;
	if (!m->cfg.tlb_sets)
		m->cfg.tlb_sets = 256;
	if (!m->cfg.tlb_ways)
		m->cfg.tlb_ways = 4;
	m->mem_limit = ~0ULL;
	m->strict_iomem_checks = true;	/* CONFIG_STRICT_DEVMEM=y, as Debian */
	m->watermark_scale_factor = 10;
	m->sysctl_page_cluster = 3;
	m->vm_swappiness = 60;
	m->lowmem_reserve_ratio[ZONE_DMA] = 256;
	m->lowmem_reserve_ratio[ZONE_DMA32] = 256;
	m->lowmem_reserve_ratio[ZONE_NORMAL] = 32;
	for (int k = 0; k < NR_FAIL_KINDS; k++)
		m->fail_nth[k] = -1;
	m->iomem_resource = (struct resource){ .name = "PCI mem", .start = 0,
		.end = (1ULL << __PHYSICAL_MASK_SHIFT) - 1, .flags = IORESOURCE_MEM };
	m->ioport_resource = (struct resource){ .name = "PCI IO", .start = 0,
		.end = 0xffff, .flags = IORESOURCE_IO };
	if (!m->cmdline || !m->root) {
		machine_leave(&saved);
		*err = -ENOMEM;
		snprintf(msg, msglen, "out of host memory");
		machine_shutdown(m);
		return NULL;
	}
	*err = boot(msg, msglen);
	machine_leave(&saved);
	if (*err) {
		machine_shutdown(m);
		return NULL;
	}
	return m;
}

/**
 * machine_shutdown() - tear a machine down and free all it holds.
 * Context: @m is the current machine while it shuts down; afterwards the
 * caller's is restored, or none if that was @m.
 */
void machine_shutdown(struct mml_machine *m)
{
	struct machine_ctx saved;
	struct hostmem *hm;

	if (!m)
		return;
	saved = machine_enter(m, NULL);
	if (m->after_bootmem) {
		mmlab_dma_unbind();
		platform_bus_unbind_all();	/* modules' platform drivers */
		irq_exit_machine();
		dma_debug_exit();
		tasks_free_all();
		swap_exit();
		inodes_free_all();
		driver_exit();
		vmalloc_exit();
		memtype_exit();
		kmem_cache_exit();
	}
	swiotlb_exit();
	resource_tree_free(&m->iomem_resource);
	resource_tree_free(&m->ioport_resource);
	if (m->mem_map)
		munmap(m->mem_map, m->mem_map_bytes);
	hw_exit(&m->hw);
	printk_log_free(&m->log);
	seq_buf_free(&m->trace);
	free(m->api_order);
	free(m->cmdline);
	free(m->root);
	free(m->snap_host_fds);
	hm = m->hostmem;
	free(m);
	hostmem_destroy(hm);
	/* A caller that made @m current (a test) keeps no dangling pointer. */
	if (saved.machine == m)
		saved = (struct machine_ctx){ NULL, NULL };
	machine_leave(&saved);
}

#define MAX_SNAP_FDS	1024

/**
 * machine_snapshot() - record the current machine's whole state, for
 * machine_restore(): its host memory (the arena of a machine booted with
 * the snapshot option, RAM, mem_map) and the host files it holds open.
 * Return: 0, -EINVAL if the machine was not booted for snapshots, -EBUSY
 * if it has one already, -E2BIG with too many host files open, or the
 * host's error.
 */
int machine_snapshot(void)
{
	struct mml_machine *m = current_machine();
	int fds[MAX_SNAP_FDS], n;
	void *addr[2] = { m->hw.ram, m->mem_map };
	size_t len[2] = { m->hw.ram_span, m->mem_map_bytes };

	if (!m->hostmem)
		return -EINVAL;
	if (hostmem_has_snapshot(m->hostmem))
		return -EBUSY;
	n = inodes_host_fds(fds, MAX_SNAP_FDS);
	if (n < 0)
		return n;
	m->snap_host_fds = malloc((size_t)(n ? n : 1) * sizeof(int));
	if (!m->snap_host_fds)
		return -ENOMEM;
	memcpy(m->snap_host_fds, fds, (size_t)n * sizeof(int));
	m->nr_snap_host_fds = n;
	m->hw.ram_anon = false;	/* recorded: a restore must see every write */
	return hostmem_snapshot(m->hostmem, addr, len, 2);
}

/**
 * machine_restore() - put the current machine back in the state
 * machine_snapshot() recorded: every task, page, object, log line and
 * counter as they were; host files opened since are closed.  Whatever
 * was written to host files since stays written (the page cache's dirty
 * pages that were not written back are dropped, as they were not there).
 * Return: 0, -EINVAL without a snapshot, or the host's error (the machine
 * is then unusable: free it).
 */
int machine_restore(void)
{
	struct mml_machine *m = current_machine();
	int fds[MAX_SNAP_FDS], n, i, j;

	if (!hostmem_has_snapshot(m->hostmem))
		return -EINVAL;
	n = inodes_host_fds(fds, MAX_SNAP_FDS);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		for (j = 0; j < m->nr_snap_host_fds; j++)
			if (m->snap_host_fds[j] == fds[i])
				break;
		if (j == m->nr_snap_host_fds)
			hostfs_close(fds[i]);
	}
	return hostmem_restore(m->hostmem);
}
