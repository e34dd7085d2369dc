// SPDX-License-Identifier: MIT
/*
 * The x86-64 page-table dump (Linux's arch/x86/mm/dump_pagetables.c and
 * debug_pagetables.c): /sys/kernel/debug/page_tables/kernel, current_kernel
 * and current_user print an address space as runs of entries with the same
 * protection, effective protection and level, with a marker line where
 * each region of the layout begins.
 *
 * A run ends at a change of protection, of effective protection (what the
 * levels above allow: USR and RW only if every level has them, NX if any
 * level has it), of level, or at the next marker's address.  As in Linux,
 * a marker is printed when the first run at or past its address ends, so
 * it follows that run's line.  The format is Linux 6.18's, column for
 * column (docs/proc.md).
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/seq_buf.h>
#include <linux/ptdump.h>
#include <asm/pgtable.h>

struct pg_state {
	struct ptdump_state ptdump;
	int level;
	u64 current_prot;
	u64 effective_prot;
	u64 prot_levels[5];
	unsigned long start_address;
	const struct addr_marker *marker;
	unsigned long lines;
	bool check_wx;
	bool wx_warned;		/* Linux's WARN_ONCE(), per check */
	unsigned long wx_pages;
	struct seq_buf *seq;	/* NULL: the W+X check, which prints nothing */
};

struct addr_marker {
	unsigned long start_address;
	const char *name;
};

/*
 * Linux's x86-64 markers, in its order, for the regions mmlab's layout
 * has.  Not here, as mmlab has no such region: LDT remap, KASAN shadow,
 * CPU entry Area, ESPfix Area, EFI Runtime Services.
 */
static const struct addr_marker address_markers[] = {
	{ 0,			"User Space" },
	{ 1UL << 63,		"Kernel Space" },
	{ PAGE_OFFSET,		"Low Kernel Mapping" },
	{ VMALLOC_START,	"vmalloc() Area" },
	{ VMEMMAP_START,	"Vmemmap" },
	{ __START_KERNEL_map,	"High Kernel Mapping" },
	{ MODULES_VADDR,	"Modules" },
	{ MODULES_END,		"End Modules" },
	{ FIXADDR_START,	"Fixmap Area" },
	{ -1UL,			NULL },
};

#define KERNEL_SPACE_START	(address_markers[1].start_address)

/* The end of the hypervisor guard hole, PGD slots 256..271 (8 TiB). */
#define GUARD_HOLE_END_ADDR	(-240UL << PGDIR_SHIFT)

/* The user half, then the kernel half above the guard hole. */
static const struct ptdump_range ptdump_ranges[] = {
	{ 0, PTRS_PER_PGD * PGDIR_SIZE / 2 },
	{ GUARD_HOLE_END_ADDR, ~0UL },
	{ 0, 0 },
};

/* The columns of one run's protection, then its level. */
static void printk_prot(struct seq_buf *m, u64 pr, int level)
{
	static const char *const level_name[] = {
		"pgd", "p4d", "pud", "pmd", "pte"
	};

	if (!(pr & _PAGE_PRESENT)) {
		seq_puts(m, "                              ");
	} else {
		seq_puts(m, pr & _PAGE_USER ? "USR " : "    ");
		seq_puts(m, pr & _PAGE_RW ? "RW " : "ro ");
		seq_puts(m, pr & _PAGE_PWT ? "PWT " : "    ");
		seq_puts(m, pr & _PAGE_PCD ? "PCD " : "    ");
		/* Bit 7 is PSE above the PTE level, PAT in a PTE. */
		seq_puts(m, level <= 3 && (pr & _PAGE_PSE) ? "PSE " : "    ");
		if ((level == 4 && (pr & _PAGE_PAT)) ||
		    ((level == 3 || level == 2) && (pr & _PAGE_PAT_LARGE)))
			seq_puts(m, "PAT ");
		else
			seq_puts(m, "    ");
		seq_puts(m, pr & _PAGE_GLOBAL ? "GLB " : "    ");
		seq_puts(m, pr & _PAGE_NX ? "NX " : "x  ");
	}
	seq_printf(m, "%s\n", level_name[level]);
}

static void effective_prot(struct ptdump_state *pt_st, int level, u64 val)
{
	struct pg_state *st = container_of(pt_st, struct pg_state, ptdump);
	u64 prot = val & PTE_FLAGS_MASK;
	u64 effective = prot;

	if (level > 0) {
		u64 higher = st->prot_levels[level - 1];

		effective = (higher & prot & (_PAGE_USER | _PAGE_RW)) |
			    ((higher | prot) & _PAGE_NX);
	}
	st->prot_levels[level] = effective;
}

static void effective_prot_pte(struct ptdump_state *st, pte_t pte)
{
	effective_prot(st, 4, pte_val(pte));
}

static void effective_prot_pmd(struct ptdump_state *st, pmd_t pmd)
{
	effective_prot(st, 3, pmd_val(pmd));
}

static void effective_prot_pud(struct ptdump_state *st, pud_t pud)
{
	effective_prot(st, 2, pud_val(pud));
}

static void effective_prot_p4d(struct ptdump_state *st, p4d_t p4d)
{
	effective_prot(st, 1, p4d_val(p4d));
}

static void effective_prot_pgd(struct ptdump_state *st, pgd_t pgd)
{
	effective_prot(st, 0, pgd_val(pgd));
}

/* Print the run [st->start_address, @addr): range, size, protection. */
static void print_run(struct pg_state *st, unsigned long addr)
{
	static const char units[] = "BKMGTPE";
	const char *unit = units;
	unsigned long delta = addr - st->start_address;

	if (!st->seq)
		return;
	seq_printf(st->seq, "0x%016lx-0x%016lx   ", st->start_address, addr);
	while (!(delta & 1023) && unit[1]) {
		delta >>= 10;
		unit++;
	}
	seq_printf(st->seq, "%9lu%c ", delta, *unit);
	printk_prot(st->seq, st->current_prot, st->level);
}

/* The run that ends at @addr is writable and executable: count it. */
static void note_wx(struct pg_state *st, unsigned long addr)
{
	st->wx_pages += (addr - st->start_address) / PAGE_SIZE;
	if (!st->wx_warned) {
		st->wx_warned = true;
		WARN(1, "x86/mm: Found insecure W+X mapping at address 0x%lx\n",
		     st->start_address);
	}
}

/*
 * note_page() - the entry at @addr, of @level (-1: the final flush), has
 * value @val: extend the open run, or print it and open another.
 */
static void note_page(struct ptdump_state *pt_st, unsigned long addr,
		      int level, u64 val)
{
	struct pg_state *st = container_of(pt_st, struct pg_state, ptdump);
	u64 new_prot = 0, new_eff = 0;

	/* A non-present kernel entry counts as empty, whatever its bits. */
	if ((val & _PAGE_PRESENT) || addr < KERNEL_SPACE_START) {
		new_prot = val & PTE_FLAGS_MASK;
		new_eff = val ? st->prot_levels[level] : 0;
	}

	if (st->level == -1) {
		st->current_prot = new_prot;
		st->effective_prot = new_eff;
		st->level = level;
		st->marker = address_markers;
		st->lines = 0;
		if (st->seq)
			seq_printf(st->seq, "---[ %s ]---\n", st->marker->name);
		return;
	}
	if (new_prot == st->current_prot && new_eff == st->effective_prot &&
	    level == st->level && addr < st->marker[1].start_address)
		return;
	if (st->check_wx && (st->effective_prot & _PAGE_RW) &&
	    !(st->effective_prot & _PAGE_NX))
		note_wx(st, addr);
	print_run(st, addr);
	st->lines++;
	if (addr >= st->marker[1].start_address) {
		st->marker++;
		st->lines = 0;
		if (st->seq)
			seq_printf(st->seq, "---[ %s ]---\n", st->marker->name);
	}
	st->start_address = addr;
	st->current_prot = new_prot;
	st->effective_prot = new_eff;
	st->level = level;
}

static void note_page_pte(struct ptdump_state *st, unsigned long addr, pte_t pte)
{
	note_page(st, addr, 4, pte_val(pte));
}

static void note_page_pmd(struct ptdump_state *st, unsigned long addr, pmd_t pmd)
{
	note_page(st, addr, 3, pmd_val(pmd));
}

static void note_page_pud(struct ptdump_state *st, unsigned long addr, pud_t pud)
{
	note_page(st, addr, 2, pud_val(pud));
}

static void note_page_p4d(struct ptdump_state *st, unsigned long addr, p4d_t p4d)
{
	note_page(st, addr, 1, p4d_val(p4d));
}

static void note_page_pgd(struct ptdump_state *st, unsigned long addr, pgd_t pgd)
{
	note_page(st, addr, 0, pgd_val(pgd));
}

static void note_page_flush(struct ptdump_state *st)
{
	note_page(st, 0, -1, 0);
}

/*
 * ptdump_walk_pgd_level_core() - dump @pgd of @mm into @m, or with
 * @checkwx count its writable and executable pages and log the result.
 * Return: false if the check found W+X pages.
 */
static bool ptdump_walk_pgd_level_core(struct seq_buf *m, struct mm_struct *mm,
				       pgd_t *pgd, bool checkwx)
{
	struct pg_state st = {
		.ptdump = {
			.note_page_pte = note_page_pte,
			.note_page_pmd = note_page_pmd,
			.note_page_pud = note_page_pud,
			.note_page_p4d = note_page_p4d,
			.note_page_pgd = note_page_pgd,
			.note_page_flush = note_page_flush,
			.effective_prot_pte = effective_prot_pte,
			.effective_prot_pmd = effective_prot_pmd,
			.effective_prot_pud = effective_prot_pud,
			.effective_prot_p4d = effective_prot_p4d,
			.effective_prot_pgd = effective_prot_pgd,
			.range = ptdump_ranges,
		},
		.level = -1,
		.check_wx = checkwx,
		.seq = m,
	};

	ptdump_walk_pgd(&st.ptdump, mm, pgd);
	if (!checkwx)
		return true;
	if (st.wx_pages) {
		pr_info("x86/mm: Checked W+X mappings: FAILED, %lu W+X pages found.\n",
			st.wx_pages);
		return false;
	}
	pr_info("x86/mm: Checked W+X mappings: passed, no W+X pages found.\n");
	return true;
}

/*
 * ptdump_walk_pgd_level_debugfs() - dump @mm's tables into @m.  @user
 * asks for the user copy of the PGD, which only page-table isolation
 * makes: mmlab has none, so it is the same PGD, as in Linux with PTI off.
 */
static void ptdump_walk_pgd_level_debugfs(struct seq_buf *m,
					  struct mm_struct *mm,
					  bool user)
{
	(void)user;
	ptdump_walk_pgd_level_core(m, mm, mm->pgd, false);
}

/**
 * ptdump_walk_pgd_level_checkwx() - CONFIG_DEBUG_WX's check of init_mm
 * (Linux runs it from mark_rodata_ro()): log whether a kernel mapping is
 * both writable and executable.  Return: false if one is.
 */
bool ptdump_walk_pgd_level_checkwx(void)
{
	struct mm_struct *mm = &current_machine()->init_mm;

	return ptdump_walk_pgd_level_core(NULL, mm, mm->pgd, true);
}

/* /sys/kernel/debug/page_tables/kernel: init_mm's tables. */
void ptdump_show(struct seq_buf *m)
{
	ptdump_walk_pgd_level_debugfs(m, &current_machine()->init_mm, false);
}

/*
 * The reading task's address space; with no task (a machine-wide read
 * through the API), the kernel's own, which a kernel thread runs on.
 */
static struct mm_struct *ptdump_current_mm(void)
{
	struct task_struct *t = current;

	return t && t->mm ? t->mm : &current_machine()->init_mm;
}

/* /sys/kernel/debug/page_tables/current_kernel */
void ptdump_curknl_show(struct seq_buf *m)
{
	ptdump_walk_pgd_level_debugfs(m, ptdump_current_mm(), false);
}

/* /sys/kernel/debug/page_tables/current_user */
void ptdump_curusr_show(struct seq_buf *m)
{
	ptdump_walk_pgd_level_debugfs(m, ptdump_current_mm(), true);
}
