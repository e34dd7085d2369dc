// SPDX-License-Identifier: MIT
/*
 * Kernel page-table pages: allocating missing levels, finding the leaf
 * that maps an address, decoding entries, and auditing the tables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/memblock.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>

/*
 * A zeroed page for a page table: from memblock while booting (Linux's
 * alloc_low_pages()), from the buddy allocator afterwards.  0 on failure.
 */
static phys_addr_t __alloc_table_page(void)
{
	struct mml_machine *m = current_machine();
	unsigned long kva;
	struct page *page;

	if (!m->after_bootmem)
		return memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
	kva = get_zeroed_page(GFP_KERNEL);
	if (!kva)
		return 0;
	page = virt_to_page(kva);
	SetPageTable(page);
	m->nr_pagetable_pages++;
	return __pa(kva);
}

/*
 * A table below the PGD, counted in the mm's VmPTE as Linux's
 * mm_inc_nr_puds/pmds/ptes() count it (the PGD itself is not).
 */
static phys_addr_t alloc_table_page(struct mm_struct *mm)
{
	struct mml_machine *m = current_machine();
	phys_addr_t pa = __alloc_table_page();

	if (pa && m->after_bootmem)
		mm->pgtables_bytes += PAGE_SIZE;
	return pa;
}

/*
 * What a walk gets instead of a table that is not in RAM: zeroes, so the
 * walk sees nothing mapped below.  Per thread, as machines are.
 */
static _Thread_local u64 bad_table[PTRS_PER_PTE] __attribute__((aligned(4096)));

/**
 * pgtable_bad_table() - the table *@entry points to lies outside RAM (the
 * entry was overwritten through /dev/mem or the shell): report it as
 * Linux's pmd_clear_bad() does, clear the entry and hand back an empty
 * table, so that the host never follows the entry.
 * @level: the kind of the entry ("pgd", "pud", "pmd").
 *
 * Return: a host pointer to an all-zero table.
 */
void *pgtable_bad_table(u64 *entry, const char *level)
{
	struct mml_machine *m = current_machine();
	unsigned long kva = __va((unsigned long)((u8 *)entry - m->hw.ram));

	pr_err("BUG: bad %s %016lx(%016llx)\n", level, kva,
	       (unsigned long long)*entry);
	WRITE_ONCE(*entry, 0);
	flush_tlb_all();
	memset(bad_table, 0, sizeof(bad_table));
	return bad_table;
}

/* Upper-level entries of user tables carry US; the leaf decides. */
static u64 table_flags(struct mm_struct *mm)
{
	return mm == &current_machine()->init_mm ? _KERNPG_TABLE : _PAGE_TABLE;
}

/* The entry of a new table for @mm, or 0 when out of memory. */
static u64 new_table_entry(struct mm_struct *mm)
{
	phys_addr_t pa = alloc_table_page(mm);

	return pa ? pa | table_flags(mm) : 0;
}

/* The slow paths of pud_alloc(), pmd_alloc(), pte_alloc(): fill the entry. */
int __pud_alloc(struct mm_struct *mm, p4d_t *p4d, unsigned long a)
{
	u64 e = new_table_entry(mm);

	(void)a;
	if (e)
		set_p4d(p4d, __p4d(e));
	return e ? 0 : -ENOMEM;
}

int __pmd_alloc(struct mm_struct *mm, pud_t *pud, unsigned long a)
{
	u64 e = new_table_entry(mm);

	(void)a;
	if (e)
		set_pud(pud, __pud(e));
	return e ? 0 : -ENOMEM;
}

int __pte_alloc(struct mm_struct *mm, pmd_t *pmd)
{
	u64 e = new_table_entry(mm);

	if (e)
		set_pmd(pmd, __pmd(e));
	return e ? 0 : -ENOMEM;
}

pte_t *pte_alloc_kernel(pmd_t *pmd, unsigned long a)
{
	return pte_alloc(&current_machine()->init_mm, pmd, a);
}

/**
 * pgtable_alloc_kernel_page() - a zeroed page for a table of init_mm that
 * the caller links in itself (CPA's split_large_page()), counted as the
 * tables pte_alloc_kernel() makes.  Return: its physical address, or 0.
 */
phys_addr_t pgtable_alloc_kernel_page(void)
{
	return alloc_table_page(&current_machine()->init_mm);
}

static void __pgtable_free_page(phys_addr_t pa)
{
	struct mml_machine *m = current_machine();
	struct page *page;

	/* @pa came from an entry in simulated RAM: check before following */
	if (unlikely(!pfn_valid(PFN_DOWN(pa)) ||
		     !PageTable(pfn_to_page(PFN_DOWN(pa))))) {
		pr_err("BUG: Bad page table: %#llx is not a page-table page; not freed\n",
		       (unsigned long long)pa);
		return;
	}
	page = pfn_to_page(PFN_DOWN(pa));
	ClearPageTable(page);
	m->nr_pagetable_pages--;
	__free_page(page);
}

/**
 * pgtable_free_page() - give back a page-table page below the PGD,
 * allocated after boot.
 * Context: the entry pointing to it has been cleared and the TLB flushed.
 */
void pgtable_free_page(struct mm_struct *mm, phys_addr_t pa)
{
	mm->pgtables_bytes -= PAGE_SIZE;
	__pgtable_free_page(pa);
}

/**
 * pgd_free() - give back the PGD of @mm, which pgd_alloc() made.
 * Context: no CPU uses it any more; the tables below it are gone.
 */
void pgd_free(struct mm_struct *mm)
{
	__pgtable_free_page(mm->pgd_pa);
}

/**
 * pgd_alloc() - a PGD for a new address space: the user half empty, the
 * kernel half (entries 256..511) shared with init_mm, as Linux's
 * pgd_ctor() does.  Return: 0 or -ENOMEM.
 */
int pgd_alloc(struct mm_struct *mm)
{
	struct mml_machine *m = current_machine();
	phys_addr_t pa = __alloc_table_page();

	if (!pa)
		return -ENOMEM;
	mm->pgd_pa = pa;
	mm->pgd = phys_to_host(pa);
	memcpy(mm->pgd + PTRS_PER_PGD / 2, m->init_mm.pgd + PTRS_PER_PGD / 2,
	       PTRS_PER_PGD / 2 * sizeof(pgd_t));
	return 0;
}

/**
 * preallocate_vmalloc_pages() - create the PUD pages under every kernel
 * PGD slot of the vmalloc area at boot, so that page tables copied into a
 * new PGD never miss a later vmalloc (x86-64 Linux does the same).
 */
int preallocate_vmalloc_pages(void)
{
	struct mml_machine *m = current_machine();
	unsigned long a;

	for (a = VMALLOC_START; a && a <= VMALLOC_END; a += PGDIR_SIZE) {
		p4d_t *p4d = p4d_offset(pgd_offset_k(a), a);

		if (!pud_alloc(&m->init_mm, p4d, a))
			return -ENOMEM;
	}
	return 0;
}

/**
 * lookup_kernel_leaf() - as lookup_address(), but a large entry that
 * set_memory_np() made not present is still the leaf of its level (as
 * Linux's lookup_address() treats !pmd_present()).  NULL for a hole.
 */
pte_t *lookup_kernel_leaf(unsigned long a, enum pg_level *level)
{
	pgd_t *pgd = pgd_offset_k(a);
	pud_t *pud;
	pmd_t *pmd;

	*level = PG_LEVEL_NONE;
	if (!is_canonical_address(a) || !pgd_present(*pgd))
		return NULL;
	pud = pud_offset(p4d_offset(pgd, a), a);
	if (pud_none(*pud))
		return NULL;
	*level = PG_LEVEL_1G;
	if (!pud_present(*pud) || pud_leaf(*pud))
		return (pte_t *)pud;
	pmd = pmd_offset(pud, a);
	if (pmd_none(*pmd)) {
		*level = PG_LEVEL_NONE;
		return NULL;
	}
	*level = PG_LEVEL_2M;
	if (!pmd_present(*pmd) || pmd_leaf(*pmd))
		return (pte_t *)pmd;
	*level = PG_LEVEL_4K;
	return pte_offset_kernel(pmd, a);
}

pte_t *lookup_address(unsigned long a, enum pg_level *level)
{
	pgd_t *pgd = pgd_offset_k(a);
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	*level = PG_LEVEL_NONE;
	if (!is_canonical_address(a) || !pgd_present(*pgd))
		return NULL;
	p4d = p4d_offset(pgd, a);
	pud = pud_offset(p4d, a);
	if (!pud_present(*pud))
		return NULL;
	if (pud_leaf(*pud)) {
		*level = PG_LEVEL_1G;
		return (pte_t *)pud;
	}
	pmd = pmd_offset(pud, a);
	if (!pmd_present(*pmd))
		return NULL;
	if (pmd_leaf(*pmd)) {
		*level = PG_LEVEL_2M;
		return (pte_t *)pmd;
	}
	*level = PG_LEVEL_4K;
	return pte_offset_kernel(pmd, a);
}

/**
 * pgtable_decode_bits() - name the bits set in @entry, as Linux's
 * ptdump does ("P RW US PWT PCD A D PS G NX").  On a 4 KiB PTE bit 7 is
 * PAT; on a large leaf bit 12 is.
 */
void pgtable_decode_bits(u64 entry, bool leaf, bool pte_level, char *buf,
			 size_t n)
{
	static const struct { u64 bit; const char *name; } bits[] = {
		{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" }, { _PAGE_USER, "US" },
		{ _PAGE_PWT, "PWT" }, { _PAGE_PCD, "PCD" },
		{ _PAGE_ACCESSED, "A" }, { _PAGE_DIRTY, "D" },
	};
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(bits); i++)
		if (entry & bits[i].bit)
			len += (size_t)snprintf(buf + len, len < n ? n - len : 0,
						"%s%s", len ? " " : "", bits[i].name);
#define ADD(cond, name) \
	if (cond) len += (size_t)snprintf(buf + len, len < n ? n - len : 0, \
					  "%s%s", len ? " " : "", name)
	ADD(entry & _PAGE_PSE, pte_level ? "PAT" : "PS");
	ADD(entry & _PAGE_GLOBAL, "G");
	ADD(leaf && !pte_level && (entry & _PAGE_PAT_LARGE), "PAT");
	ADD(entry & _PAGE_SPECIAL, "SPECIAL");
	ADD(entry & _PAGE_NX, "NX");
#undef ADD
	if (!len)
		snprintf(buf, n, "none");
}

struct pt_audit {
	struct mml_machine *m;
	char *msg;
	size_t n;
	int err;
	unsigned long tables;
	unsigned long direct[3];	/* leaves of the direct map: 4K, 2M, 1G */
};

__printf(2, 3) static void pt_fail(struct pt_audit *a, const char *fmt, ...)
{
	va_list ap;

	if (a->err)
		return;
	a->err = -EUCLEAN;
	va_start(ap, fmt);
	vsnprintf(a->msg, a->n, fmt, ap);
	va_end(ap);
}

/* A table page must be RAM the kernel owns: a boot page or a PageTable. */
static void check_table(struct pt_audit *a, u64 entry, int level)
{
	unsigned long pfn = (entry & PTE_PFN_MASK) >> PAGE_SHIFT;
	struct page *page;

	a->tables++;
	if (!pfn_valid(pfn)) {
		pt_fail(a, "level %d entry %#llx points outside RAM", level,
			(unsigned long long)entry);
		return;
	}
	page = pfn_to_page(pfn);
	if (!PageTable(page) && !PageReserved(page))
		pt_fail(a, "level %d entry %#llx: pfn %#lx is not a page table",
			level, (unsigned long long)entry, pfn);
}

static void audit_table(struct pt_audit *a, phys_addr_t table, int level)
{
	const u64 *e = phys_to_host(table);
	int i;

	for (i = 0; i < 512 && !a->err; i++) {
		if (!(e[i] & _PAGE_PRESENT))
			continue;
		if (level == 4 && (e[i] & _PAGE_PSE)) {
			pt_fail(a, "PGD entry %d has PS set (reserved)", i);
			continue;
		}
		if (level == 1 || (level <= 3 && (e[i] & _PAGE_PSE)))
			continue;	/* a leaf */
		check_table(a, e[i], level - 1);
		audit_table(a, e[i] & PTE_PFN_MASK, level - 1);
	}
}

/* The pfn a kernel leaf of @level maps (or, not present, keeps) at @va. */
static unsigned long leaf_pfn(pte_t *leaf, enum pg_level level,
			      unsigned long va)
{
	u64 e = pte_val(*leaf);

	if (level == PG_LEVEL_1G)
		return ((e & PUD_LEAF_PFN_MASK) >> PAGE_SHIFT) +
		       ((va & ~PUD_MASK) >> PAGE_SHIFT);
	if (level == PG_LEVEL_2M)
		return ((e & PMD_LEAF_PFN_MASK) >> PAGE_SHIFT) +
		       ((va & ~PMD_MASK) >> PAGE_SHIFT);
	return pte_pfn(*leaf);
}

/*
 * Every page of [start, end) is mapped at __va() of itself.  set_memory_*()
 * may have split large pages, made pages read-only or not present (the
 * entry keeps its frame), so only the frame is checked; the leaves are
 * counted by size for the DirectMap check.
 */
static void audit_direct_range(struct pt_audit *a, phys_addr_t start,
			       phys_addr_t end)
{
	static const unsigned long size[] = {
		[PG_LEVEL_4K] = PAGE_SIZE, [PG_LEVEL_2M] = PMD_SIZE,
		[PG_LEVEL_1G] = PUD_SIZE,
	};
	phys_addr_t pa = start;
	enum pg_level level;
	pte_t *leaf;

	while (pa < end && !a->err) {
		unsigned long va = __va(pa);

		leaf = lookup_kernel_leaf(va, &level);
		if (!leaf || !pte_val(*leaf) ||
		    leaf_pfn(leaf, level, va) != PFN_DOWN(pa)) {
			pt_fail(a, "direct map: %#lx does not map phys %#llx (entry %#llx)",
				va, (unsigned long long)pa,
				leaf ? (unsigned long long)pte_val(*leaf) : 0ULL);
			return;
		}
		a->direct[level - PG_LEVEL_4K]++;
		pa = ALIGN_DOWN(pa, size[level]) + size[level];
	}
}

/* The direct map covers what init_memory_mapping() mapped at boot. */
static void audit_direct_map(struct pt_audit *a)
{
	const struct memblock_type *t = &a->m->memblock.memory;
	phys_addr_t s, e;
	unsigned long i;

	audit_direct_range(a, 0, ISA_END_ADDRESS);
	for (i = 0; i < t->cnt; i++) {
		s = max(PFN_PHYS(PFN_UP(t->regions[i].base)),
			(phys_addr_t)ISA_END_ADDRESS);
		e = PFN_PHYS(PFN_DOWN(t->regions[i].base + t->regions[i].size));
		if (s < e)
			audit_direct_range(a, s, e);
	}
}

/**
 * pgtable_audit() - walk init_mm: every table is RAM the kernel owns, no
 * PGD entry is a leaf, the count of tables allocated after boot matches
 * the PageTables accounting, and the direct map maps all of RAM.
 */
int pgtable_audit(char *msg, size_t n)
{
	struct mml_machine *m = current_machine();
	struct pt_audit a = { m, msg, n, 0, 0, { 0 } };

	audit_table(&a, m->init_mm.pgd_pa, 4);
	if (!a.err)
		audit_direct_map(&a);
	/* meminfo's DirectMap lines: boot's counts, as splits moved them */
	if (!a.err && memcmp(a.direct, m->direct_pages_count, sizeof(a.direct)))
		pt_fail(&a, "DirectMap counts 4k/2M/1G %lu/%lu/%lu, the tables have %lu/%lu/%lu",
			m->direct_pages_count[0], m->direct_pages_count[1],
			m->direct_pages_count[2], a.direct[0], a.direct[1],
			a.direct[2]);
	if (!a.err && m->init_mm.pgtables_bytes / PAGE_SIZE > a.tables)
		pt_fail(&a, "%lu page-table pages accounted, %lu reachable",
			m->init_mm.pgtables_bytes / PAGE_SIZE, a.tables);
	return a.err;
}
