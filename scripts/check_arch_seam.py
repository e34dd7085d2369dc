#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check the architecture seam: generic code uses no architecture's private
headers or names.

Generic code (mm/, kernel/, fs/, drivers/, init/, lib/ and the generic part
of hw/: hw/*.c, hw/hw.h, hw/dev/) may include from asm/ only the interface
headers every architecture provides (INTERFACE below), and no hw/<arch>/
header; only hw/hw.h includes the build's <mach/> register file; its code
(comments and strings aside) names no x86 register, fault-code bit,
page-table bit, PCID or firmware table.  api/ is exempt: the public API
states x86-64 terms (CR3, PCID, the #PF error code) by design.

System calls are numbered by each architecture's table alone
(arch/<arch>/entry/): generic code and api/ include neither
asm/syscall_nr.h nor asm/syscalls.h, and name no __NR_* number;
mml_syscall() reaches the table through arch_desc.syscall.

Usage: check_arch_seam.py SRCDIR        check the tree, exit 1 on a violation
       check_arch_seam.py --self-test   prove the checks catch violations
"""
import os
import re
import sys

# asm/ headers generic code may include: each architecture provides them.
INTERFACE = {
    "page.h", "pgtable.h", "pgtable_types.h", "tlbflush.h", "mmu.h",
    "mmu_context.h", "processor.h", "machine.h", "tlb.h",
    "abi.h",
}

# The system-call ABI's numbers and table: the architecture's own, kept
# from api/ too (which otherwise may speak x86-64).
SYSCALL_HEADERS = {"syscall_nr.h", "syscalls.h"}
# __NR_PAGEFLAGS counts page flags (mm_types.h), not a system call.
SYSCALL_NR = re.compile(r"\b__NR_(?!PAGEFLAGS\b)\w+")
API_DIRS = ["api"]

GENERIC_DIRS = ["mm", "kernel", "fs", "drivers", "init", "lib", "hw"]
# hw/<arch>/ is an architecture's own.  Its register file, struct
# hw_arch_cpu, is hw/<arch>/include/mach/regs.h, which the build selects as
# it selects asm/; hw/hw.h alone includes it (as <mach/regs.h>).
MACH_INCLUDERS = {"hw/hw.h"}

X86_NAMES = re.compile(
    r"\b(X86_\w+|CR[0-4]_\w+|cr[0-4]|cr4_pcide|e820\w*|E820\w*|"
    r"_PAGE_(?:BIT_)?(?:PRESENT|RW|USER|PWT|PCD|ACCESSED|DIRTY|PSE|GLOBAL|"
    r"NX|PROTNONE|SPECIAL|PAT\w*|CACHE\w*)|PTE_PFN_MASK|PHYSICAL_PAGE_MASK|"
    r"hw_write_cr[34]\w*|hw_invlpg|hw_invpcid\w*|PCI_HOLE_START|"
    r"ISA_END_ADDRESS|BIOS_\w+)\b|\.x86\b")
# The generic TLB tags its entries with an ASID (x86's PCID); only the
# architecture (hw/<arch>/, arch/<arch>/) and api/ may know about PCIDs.
PCID = re.compile(r"\bpcid\b|\bPCID\w*")
# Placement policy (MAP_32BIT's low window, the default map window) is the
# arch's arch_get_unmapped_area(); mm/ only searches gaps.
MM_ARCH_NAMES = re.compile(r"\bMAP_32BIT\b|\bDEFAULT_MAP_WINDOW\b")
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def strip_comments_and_strings(text):
    """Blank out comments, string and character literals, keep newlines."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text[i] in "\"'":
            q, j = text[i], i + 1
            while j < n and text[j] != q and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(q + " " * max(0, j - i - 2) + q)
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def arch_private_headers(srcdir):
    """asm/ headers some architecture has that are not interface headers."""
    private = set()
    archdir = os.path.join(srcdir, "arch")
    for arch in sorted(os.listdir(archdir)) if os.path.isdir(archdir) else []:
        asm = os.path.join(archdir, arch, "include", "asm")
        if os.path.isdir(asm):
            private |= {h for h in os.listdir(asm) if h not in INTERFACE}
    return private


def check_source(rel, text, private):
    """Return the violations in one generic file @rel with contents @text."""
    errors = []
    for m in INCLUDE.finditer(text):
        inc = m.group(1)
        line = text.count("\n", 0, m.start()) + 1
        if inc.startswith("asm/") and inc[4:] in private:
            errors.append(f"{rel}:{line}: includes {inc}, an architecture's "
                          "private header (interface: asm/"
                          + ", asm/".join(sorted(INTERFACE)) + ")")
        if re.match(r"hw/[^/]+/", inc):
            errors.append(f"{rel}:{line}: includes {inc}: generic code uses "
                          "hw/hw.h only")
        if inc.startswith("mach/") and rel not in MACH_INCLUDERS:
            errors.append(f"{rel}:{line}: includes {inc}: the CPU's register "
                          "file is hw/hw.h's (struct hw_cpu.arch)")
    code = strip_comments_and_strings(text)
    for lineno, line in enumerate(code.split("\n"), 1):
        if line.lstrip().startswith("#include"):
            continue
        for m in X86_NAMES.finditer(line):
            errors.append(f"{rel}:{lineno}: x86 name '{m.group(0)}' in "
                          "generic code (use the arch interface)")
        if rel.startswith("mm/"):
            for m in MM_ARCH_NAMES.finditer(line):
                errors.append(f"{rel}:{lineno}: '{m.group(0)}' in mm/ "
                              "(placement is arch_get_unmapped_area()'s)")
        for m in PCID.finditer(line):
            errors.append(f"{rel}:{lineno}: '{m.group(0)}' in generic "
                          "code (TLB tags are the arch's: mm->context, "
                          "hw_cpu.asid)")
    return errors


def generic_files(srcdir):
    for top in GENERIC_DIRS:
        for root, dirs, files in os.walk(os.path.join(srcdir, top)):
            dirs.sort()
            rel_root = os.path.relpath(root, srcdir)
            if rel_root.startswith("hw" + os.sep) and \
                    rel_root != os.path.join("hw", "dev"):
                continue	# hw/<arch>/ belongs to its architecture
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.join(rel_root, f)


def check_syscall_abi(rel, text):
    """Violations of the system-call seam in generic or api/ file @rel."""
    errors = []
    for m in INCLUDE.finditer(text):
        inc = m.group(1)
        if inc.startswith("asm/") and inc[4:] in SYSCALL_HEADERS:
            line = text.count("\n", 0, m.start()) + 1
            errors.append(f"{rel}:{line}: includes {inc}: system-call "
                          "numbers and tables are the architecture's "
                          "(arch_desc.syscall)")
    code = strip_comments_and_strings(text)
    for lineno, line in enumerate(code.split("\n"), 1):
        if line.lstrip().startswith("#include"):
            continue
        for m in SYSCALL_NR.finditer(line):
            errors.append(f"{rel}:{lineno}: system-call number "
                          f"'{m.group(0)}' outside arch/ (the arch's table "
                          "maps numbers to sys_*)")
    return errors


def api_files(srcdir):
    for top in API_DIRS:
        for root, dirs, files in os.walk(os.path.join(srcdir, top)):
            dirs.sort()
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(root, f), srcdir)


def check_tree(srcdir):
    private = arch_private_headers(srcdir)
    errors, nfiles = [], 0
    for rel in generic_files(srcdir):
        with open(os.path.join(srcdir, rel), encoding="utf-8") as f:
            text = f.read()
        errors += check_source(rel, text, private)
        errors += check_syscall_abi(rel, text)
        nfiles += 1
    for rel in api_files(srcdir):
        with open(os.path.join(srcdir, rel), encoding="utf-8") as f:
            errors += check_syscall_abi(rel, f.read())
        nfiles += 1
    for e in errors:
        print(e)
    print(f"check_arch_seam: {nfiles} generic files, {len(errors)} violations")
    return 1 if errors or nfiles == 0 else 0


def self_test():
    private = {"e820.h", "msr.h"}
    bad = {
        "mm/a.c": '#include <asm/e820.h>\n',
        "mm/b.c": '#include "hw/x86/cpu.h"\n',
        "mm/c.c": 'int f(u32 ec) { return ec & X86_PF_WRITE; }\n',
        "kernel/d.c": 'u64 v = m->hw.cpu.x86.cr3;\n',
        "mm/e.c": 'pte = __pte(pte_val(pte) | _PAGE_RW);\n',
        "kernel/f.c": 'mm->context.pcid = 1;\n',
        "fs/g.c": 'struct e820_table t;\n',
        "mm/j.c": 'if (flags & MAP_32BIT) end = 1UL << 31;\n',
        "hw/hw.h": '#include "hw/x86/regs.h"\n',
        "hw/bus.c": '#include "hw/x86/cpu.h"\n',
        "hw/k.c": 'hw->cpu.arch.cr3 = 0;\n',
        "hw/l.h": 'struct hw_tlb_entry { u16 pcid; };\n',
        "mm/m.c": '#include <mach/regs.h>\n',
        "api/n.c": '#include <asm/syscall_nr.h>\n',
        "api/o.c": 'case __NR_mmap: return sys_mmap(a, b, c, d, e, f);\n',
        "fs/p.c": 'if (nr == __NR_openat) return 0;\n',
        "kernel/q.c": '#include <asm/syscalls.h>\n',
    }
    good = {
        "mm/h.c": '#include <asm/pgtable.h>\n/* x86: CR3, X86_PF_WRITE */\n'
                  'const char *s = "e820 cr3";\npte = pte_mkwrite(pte);\n',
        "hw/hw.h": '#include <mach/regs.h>\nstruct hw_arch_cpu arch;\n'
                   'u16 asid; /* x86: the PCID in CR3 */\n',
        "mm/i.c": 'int xcr3 = 0, nr_pcids = 0, cr3_writes = 0;\n',
        "api/r.c": '/* __NR_mmap */ return m->arch->syscall(nr, regs);\n',
        "mm/s.h": 'enum pageflags { PG_locked, __NR_PAGEFLAGS };\n',
    }
    failed = 0
    def check(rel, text):
        errs = check_syscall_abi(rel, text)
        if not rel.startswith("api/"):
            errs += check_source(rel, text, private)
        return errs

    for rel, text in bad.items():
        if not check(rel, text):
            print(f"self-test: violation in {rel} not caught: {text!r}")
            failed = 1
    for rel, text in good.items():
        errs = check(rel, text)
        if errs:
            print(f"self-test: false alarm in {rel}: {errs}")
            failed = 1
    print(f"check_arch_seam self-test: {len(bad)} violations, {len(good)} "
          f"clean files, {'FAILED' if failed else 'ok'}")
    return failed


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        sys.exit(self_test())
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(check_tree(sys.argv[1]))
