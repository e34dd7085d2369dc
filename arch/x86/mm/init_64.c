// SPDX-License-Identifier: MIT
/*
 * The direct map: all RAM the kernel manages, mapped at PAGE_OFFSET + phys
 * with the largest pages that fit (1 GiB, then 2 MiB, then 4 KiB), so
 * that __va()/__pa() are a constant offset.  As on Linux, the first
 * megabyte is mapped whole (4 KiB pages), ISA hole and all.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <linux/printk.h>
#include <linux/proc_fs.h>
#include <linux/seq_buf.h>
#include <asm/pgtable.h>

enum { DM_4K, DM_2M, DM_1G };

static int map_range(phys_addr_t start, phys_addr_t end)
{
	struct mml_machine *m = current_machine();
	struct mm_struct *mm = &m->init_mm;
	pgprot_t prot = PAGE_KERNEL;
	phys_addr_t pa = start;

	while (pa < end) {
		unsigned long va = __va(pa);
		p4d_t *p4d = p4d_offset(pgd_offset(mm, va), va);
		pud_t *pud = pud_alloc(mm, p4d, va);
		pmd_t *pmd;
		pte_t *pte;

		if (!pud)
			return -ENOMEM;
		if (direct_gbpages() && IS_ALIGNED(pa, PUD_SIZE) &&
		    end - pa >= PUD_SIZE) {
			set_pud(pud, pfn_pud(PFN_DOWN(pa), __pgprot(pgprot_val(prot) | _PAGE_PSE)));
			m->direct_pages_count[DM_1G]++;
			pa += PUD_SIZE;
			continue;
		}
		pmd = pmd_alloc(mm, pud, va);
		if (!pmd)
			return -ENOMEM;
		if (IS_ALIGNED(pa, PMD_SIZE) && end - pa >= PMD_SIZE) {
			set_pmd(pmd, pfn_pmd(PFN_DOWN(pa), __pgprot(pgprot_val(prot) | _PAGE_PSE)));
			m->direct_pages_count[DM_2M]++;
			pa += PMD_SIZE;
			continue;
		}
		pte = pte_alloc_kernel(pmd, va);
		if (!pte)
			return -ENOMEM;
		set_pte(pte, pfn_pte(PFN_DOWN(pa), prot));
		m->direct_pages_count[DM_4K]++;
		pa += PAGE_SIZE;
	}
	return 0;
}

/**
 * init_memory_mapping() - build init_mm's PGD and the direct map of every
 * memblock range.  Tables come from memblock (we are before the buddy).
 * Return: 0, or -ENOMEM.
 */
int init_memory_mapping(void)
{
	struct mml_machine *m = current_machine();
	const struct memblock_type *t = &m->memblock.memory;
	struct mm_struct *mm = &m->init_mm;
	phys_addr_t pgd, s, e;
	unsigned long i;
	int err;

	pgd = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!pgd)
		return -ENOMEM;
	mm->machine = m;
	mm->pgd_pa = pgd;
	mm->pgd = phys_to_host(pgd);
	mm->context.pcid = 0;
	if (direct_gbpages())
		pr_info("Using GB pages for direct mapping\n");
	err = map_range(0, ISA_END_ADDRESS);
	for (i = 0; i < t->cnt && !err; i++) {
		s = max(PFN_PHYS(PFN_UP(t->regions[i].base)), (phys_addr_t)ISA_END_ADDRESS);
		e = PFN_PHYS(PFN_DOWN(t->regions[i].base + t->regions[i].size));
		if (s < e)
			err = map_range(s, e);
	}
	return err;
}

/*
 * arch_report_meminfo() - meminfo's DirectMap lines: how the direct map is
 * built (x86's arch/x86/mm/pat/set_memory.c); no 1G line without gbpages.
 */
void arch_report_meminfo(struct seq_buf *s)
{
	struct mml_machine *m = current_machine();

	seq_printf(s, "DirectMap4k:    %8lu kB\n", m->direct_pages_count[DM_4K] << 2);
	seq_printf(s, "DirectMap2M:    %8lu kB\n", m->direct_pages_count[DM_2M] << 11);
	if (direct_gbpages())
		seq_printf(s, "DirectMap1G:    %8lu kB\n",
			   m->direct_pages_count[DM_1G] << 20);
}
