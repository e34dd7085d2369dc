// SPDX-License-Identifier: MIT
/* Address translation commands: __pa/__va, page-table walks, the TLB. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "shell.h"

int cmd_pa(struct shell *sh, int argc, char **argv)
{
	uint64_t kva, pa;
	int err;

	if (sh_arg_u64(sh, "address", argv[1], &kva))
		return -1;
	err = mml_virt_to_phys(sh->m, kva, &pa);
	if (err)
		return sh_fail_api(sh, err, "0x%" PRIx64, kva);
	fprintf(sh->out, "0x%" PRIx64 "\n", pa);
	j_hex(sh, "va", kva);
	j_hex(sh, "pa", pa);
	sh_set_last(sh, pa);
	return 0;
}

int cmd_va(struct shell *sh, int argc, char **argv)
{
	uint64_t kva, pa;
	int err;

	if (sh_arg_u64(sh, "physical address", argv[1], &pa))
		return -1;
	err = mml_phys_to_virt(sh->m, pa, &kva);
	if (err)
		return sh_fail_api(sh, err, "0x%" PRIx64, pa);
	fprintf(sh->out, "0x%016" PRIx64 "\n", kva);
	j_hex(sh, "pa", pa);
	j_hex(sh, "va", kva);
	sh_set_last(sh, kva);
	return 0;
}

static const char *size_name(uint64_t size)
{
	switch (size) {
	case 4096: return "4 KiB";
	case 2u << 20: return "2 MiB";
	case 1u << 30: return "1 GiB";
	default: return "?";
	}
}

static int parse_access(struct shell *sh, int argc, char **argv,
			unsigned int *acc)
{
	int i;

	*acc = 0;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "r") || !strcmp(argv[i], "read"))
			*acc &= ~(MML_ACC_WRITE | MML_ACC_FETCH);
		else if (!strcmp(argv[i], "w") || !strcmp(argv[i], "write"))
			*acc = (*acc & ~MML_ACC_FETCH) | MML_ACC_WRITE;
		else if (!strcmp(argv[i], "x") || !strcmp(argv[i], "fetch"))
			*acc = (*acc & ~MML_ACC_WRITE) | MML_ACC_FETCH;
		else if (!strcmp(argv[i], "user"))
			*acc |= MML_ACC_USER;
		else
			return sh_fail(sh, "bad access '%s' (r, w or x, then optionally user)",
				       argv[i]);
	}
	return 0;
}

static const char *access_name(unsigned int acc)
{
	if (acc & MML_ACC_FETCH)
		return "instruction fetch";
	return acc & MML_ACC_WRITE ? "write" : "read";
}

static void print_level(struct shell *sh, const struct mml_walk_level *l)
{
	const char *bits = l->bits[0] ? l->bits : "not present";

	fprintf(sh->out, "  %-4s table 0x%09" PRIx64 " [%3u] = 0x%016" PRIx64 "  %s%s\n",
		l->name, l->table_pa, l->index, l->entry, bits,
		l->leaf && (l->entry & 1) ? "  (leaf)" : "");
	j_raw(sh, "{");
	j_str(sh, "name", l->name);
	j_hex(sh, "table", l->table_pa);
	j_u64(sh, "index", l->index);
	j_hex(sh, "entry", l->entry);
	j_str(sh, "bits", l->bits);
	j_bool(sh, "leaf", l->leaf);
	j_raw(sh, "}");
}

static void print_fault(struct shell *sh, const struct mml_walk *w,
			unsigned int acc)
{
	static const struct { uint32_t bit; const char *name; } pf[] = {
		{ MML_PF_PROT, "P" }, { MML_PF_WRITE, "W" }, { MML_PF_USER, "U" },
		{ MML_PF_RSVD, "RSVD" }, { MML_PF_INSTR, "I" },
	};
	char names[32] = "";
	size_t i;

	for (i = 0; i < sizeof(pf) / sizeof(pf[0]); i++) {
		if (!(w->error_code & pf[i].bit))
			continue;
		if (names[0])
			strcat(names, " ");
		strcat(names, pf[i].name);
	}
	fprintf(sh->out, "page fault: error_code 0x%x%s%s%s (%s)\n", w->error_code,
		names[0] ? " [" : "", names, names[0] ? "]" : "",
		w->error_code & MML_PF_RSVD ? "reserved bit set" :
		w->error_code & MML_PF_PROT ? "protection violation" : "not present");
	fprintf(sh->out, "#PF: %s %s access in %s mode\n",
		acc & MML_ACC_USER ? "user" : "supervisor", access_name(acc),
		acc & MML_ACC_USER ? "user" : "kernel");
	if (w->reason[0])
		fprintf(sh->out, "reason: %s\n", w->reason);
	fprintf(sh->out, "CR2 0x%016" PRIx64 "\n", w->va);
	j_u64(sh, "error_code", w->error_code);
	j_str(sh, "reason", w->reason);
	j_hex(sh, "cr2", w->va);
}

/*
 * The walk's address: "u:VA" is the selected task's (as is a plain VA after
 * "space user"), "k:VA" the kernel's.  Sets *@t for a user walk.
 */
static int walk_addr(struct shell *sh, const char *s, uint64_t *va,
		     struct mml_task **t)
{
	bool user = sh->space_user;

	*t = NULL;
	if ((s[0] == 'u' || s[0] == 'k') && s[1] == ':') {
		user = s[0] == 'u';
		s += 2;
	}
	if (sh_arg_size(sh, "address", s, va))
		return -1;
	if (user) {
		*t = sh_task(sh);
		if (!*t)
			return -1;
	}
	return 0;
}

/*
 * A non-present, non-empty entry is a swap entry as x86-64 Linux encodes
 * it: the type in bits 59-63, the offset inverted in bits 9-58; type 31
 * is a PTE marker (a guard region).
 */
static void print_swap_entry(struct shell *sh, uint64_t e)
{
	unsigned int type = (unsigned int)(e >> 59);
	uint64_t offset = (~e << 5) >> 14;

	if (!e || (e & 0x101))	/* empty, present or PROT_NONE */
		return;
	if (type == 31) {
		fprintf(sh->out, "PTE marker %" PRIu64 "%s\n", offset,
			offset == 4 ? " (guard region: SIGSEGV)" : "");
	} else {
		fprintf(sh->out, "swap entry: type %u offset %" PRIu64
			"%s (the fault reads it back: do_swap_page)\n", type, offset,
			e & 0x8 ? ", exclusive" : "");
		j_u64(sh, "swap_type", type);
		j_u64(sh, "swap_offset", offset);
	}
}

/*
 * Kernel memory is never swapped: a non-present, non-empty kernel entry is
 * a page taken out of the map with its frame kept (set_memory_np(), as
 * DEBUG_PAGEALLOC and the direct map's holes for secret memory do), and a
 * kernel access to it oopses.
 */
static void print_kernel_not_present(struct shell *sh, uint64_t e)
{
	uint64_t pfn = (e & 0x000ffffffffff000ULL) >> 12;

	if (!e || (e & 1))	/* empty, or present (a protection fault) */
		return;
	fprintf(sh->out, "not present, frame 0x%" PRIx64 " kept (kernel memory is "
		"never swapped: set_memory_np(); a kernel access oopses)\n", pfn);
	j_hex(sh, "kept_pfn", pfn);
}

static void print_walk_head(struct shell *sh, const struct mml_walk *w,
			    unsigned int acc, struct mml_task *t)
{
	fprintf(sh->out, "walk 0x%016" PRIx64 " (%s %s), ", w->va,
		acc & MML_ACC_USER ? "user" : "supervisor", access_name(acc));
	if (t)
		fprintf(sh->out, "pid %d's page tables, ", mml_task_pid(t));
	fprintf(sh->out, "CR3 0x%" PRIx64 "\n", w->cr3);
	if (t)
		j_u64(sh, "pid", (uint64_t)mml_task_pid(t));
}

int cmd_walk(struct shell *sh, int argc, char **argv)
{
	struct mml_task *t;
	struct mml_walk w;
	unsigned int acc;
	uint64_t va;
	int err, i;

	if (walk_addr(sh, argv[1], &va, &t) || parse_access(sh, argc, argv, &acc))
		return -1;
	if (t)
		acc |= MML_ACC_USER;	/* the task's own access */
	memset(&w, 0, sizeof(w));
	err = t ? mml_task_walk(t, va, acc, &w) : mml_walk(sh->m, va, acc, &w);
	if (err)
		return sh_fail_api(sh, err, "0x%" PRIx64, va);
	print_walk_head(sh, &w, acc, t);
	j_hex(sh, "va", va);
	j_str(sh, "access", access_name(acc));
	j_bool(sh, "user", acc & MML_ACC_USER);
	j_hex(sh, "cr3", w.cr3);
	j_key(sh, "levels");
	j_raw(sh, "[");
	for (i = 0; i < w.nlevels && i < MML_WALK_MAX_LEVELS; i++) {
		if (i)
			j_sep(sh);
		print_level(sh, &w.level[i]);
	}
	j_raw(sh, "]");
	j_bool(sh, "fault", w.fault);
	if (w.fault) {
		print_fault(sh, &w, acc);
		if (w.nlevels > 0 && w.nlevels <= MML_WALK_MAX_LEVELS) {
			uint64_t e = w.level[w.nlevels - 1].entry;

			if (t)
				print_swap_entry(sh, e);
			else
				print_kernel_not_present(sh, e);
		}
		return 0;
	}
	fprintf(sh->out, "=> phys 0x%" PRIx64 " (%s page)\n", w.pa, size_name(w.page_size));
	j_hex(sh, "pa", w.pa);
	j_u64(sh, "page_size", w.page_size);
	return 0;
}

static int tlb_print_entry(const struct mml_tlb_entry *e, void *arg)
{
	struct shell *sh = arg;

	fprintf(sh->out, "  set %3u way %u  va 0x%016" PRIx64 " -> pa 0x%09" PRIx64 "  %-5s pcid %u%s%s%s%s%s\n",
		e->set, e->way, e->va, e->pa, size_name(e->page_size), e->pcid,
		e->writable ? " RW" : " RO", e->user ? " US" : "",
		e->nx ? " NX" : "", e->global ? " G" : "", e->dirty ? " D" : "");
	return 0;
}

static void tlb_print_stats(struct shell *sh)
{
	struct mml_tlb_stats st;

	mml_tlb_stats(sh->m, &st);
	fprintf(sh->out, "TLB: %u sets x %u ways, %u valid entries\n",
		st.sets, st.ways, st.valid);
	fprintf(sh->out, "  hits %" PRIu64 ", misses %" PRIu64 ", page flushes %" PRIu64
		", full flushes %" PRIu64 ", CR3 writes %" PRIu64 "\n",
		st.hits, st.misses, st.flushes_page, st.flushes_all, st.cr3_writes);
	j_u64(sh, "sets", st.sets);
	j_u64(sh, "ways", st.ways);
	j_u64(sh, "valid", st.valid);
	j_u64(sh, "hits", st.hits);
	j_u64(sh, "misses", st.misses);
	j_u64(sh, "flushes_page", st.flushes_page);
	j_u64(sh, "flushes_all", st.flushes_all);
	j_u64(sh, "cr3_writes", st.cr3_writes);
}

int cmd_tlb(struct shell *sh, int argc, char **argv)
{
	if (argc == 1) {
		tlb_print_stats(sh);
	} else if (!strcmp(argv[1], "dump")) {
		tlb_print_stats(sh);
		mml_tlb_foreach(sh->m, tlb_print_entry, sh);
	} else if (!strcmp(argv[1], "flush")) {
		mml_tlb_flush_all(sh->m);
		fprintf(sh->out, "TLB flushed\n");
	} else {
		return sh_fail(sh, "'%s': usage: tlb [dump|flush]", argv[1]);
	}
	return 0;
}
