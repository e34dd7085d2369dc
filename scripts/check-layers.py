#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fail if a lower layer includes an upper layer's header.

Layers point one way: hw <- arch <- mm <- kernel, fs, drivers <- api <- tools.
Every #include of the library's sources is resolved as the build resolves it
(quoted paths from the top of the tree, <...> through the internal include
directories; what is not found there is a system header) and checked against
RULES.  To add a rule, add an entry; to enforce one that still has offenders,
remove them from KNOWN as they are fixed.

usage: check-layers.py [SOURCE_ROOT]
"""
import os
import re
import sys

# The internal include path, in the build's order (meson.build internal_inc).
INCLUDE_DIRS = ["kernel/include", "arch/x86/include", "include", ".",
                "hw/x86/include"]

# The folders holding the library's sources and private headers.
SOURCES = ["hw", "arch", "mm", "kernel", "fs", "drivers", "lib", "api"]

KERNEL_HEADERS = ["kernel/include/", "arch/"]
PUBLIC_HEADER = ["include/mmlab/"]
UPPER_KERNEL = ["mm/", "kernel/", "fs/", "drivers/", "lib/"]
KERNEL = ["arch/"] + UPPER_KERNEL

# (files the rule covers, tree paths they may not include, why)
RULES = [
    (["hw/"], KERNEL_HEADERS + UPPER_KERNEL + ["api/"] + PUBLIC_HEADER,
     "hw/ is the machine: it knows nothing of the kernel that drives it"),
    (KERNEL, ["api/"] + PUBLIC_HEADER,
     "the kernel never reaches up into api/ or the public API: errors "
     "travel as return values and the kernel log"),
    (["mm/"], ["hw/", "arch/x86/kernel/", "arch/x86/mm/"],
     "mm/ reaches the machine through arch helpers and the file system"),
    (["lib/"], ["mm/", "fs/", "drivers/", "hw/"],
     "lib/ is generic helpers: it depends on nothing above it"),
]

# (files the rule covers, system headers they may not include, why): a
# system header is one the internal include path does not find.
SYSTEM_RULES = [
    (KERNEL, ["fcntl.h", "unistd.h", "sys/stat.h", "sys/statx.h",
              "sys/syscall.h", "sys/uio.h", "sys/sysmacros.h"],
     "host file system calls belong to the machine's disk, hw/hostfs.c"),
    (KERNEL, ["linux/", "asm/"],
     "the kernel's <linux/...> and <asm/...> are its own; a system one "
     "would be shadowed by them"),
]

# Rules not enforced yet, reported with --pending.  mm/ still includes
# x86's <asm/...> headers directly (arch/x86/include/asm/): this becomes a
# rule when the architecture interface gives mm/ a generic one.
PENDING = [
    (["mm/"], ["arch/x86/"],
     "mm/ includes no x86 header (wait for the arch interface)"),
]

# Offenders known when a rule was added, each to be fixed and removed:
# hw/ still uses the kernel's integer types and helpers (until hw/hw.h is
# made generic).
KNOWN = {
    ("hw/hw.h", "kernel/include/linux/types.h"),
    ("hw/bus.c", "kernel/include/linux/kernel.h"),
    ("hw/x86/mmu.c", "kernel/include/linux/compiler.h"),
}

# (files the rule covers, definition they may not contain, why): tables
# that are the kernel's own and belong in its subsystems.
DEFINITION_RULES = [
    (["api/"], re.compile(r"\bstruct\s+(?:ctl_table|sysctl_\w+)\s+\w+\s*\[\s*\]"),
     "sysctl tables are the kernel's (kernel/sysctl.c, mm/sysctl.c): "
     "api/ only turns their results into public ones"),
]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def resolve(root, kind, name):
    """The tree path an #include names, or None for a system header."""
    dirs = ["."] + INCLUDE_DIRS if kind == '"' else INCLUDE_DIRS
    for d in dirs:
        path = os.path.normpath(os.path.join(d, name))
        if os.path.isfile(os.path.join(root, path)):
            return path
    return None


def sources(root):
    for top in SOURCES:
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(dirpath, f), root)


def covered(path, prefixes):
    return any(path.startswith(p) for p in prefixes)


def check_system(src, lineno, name, system_rules):
    """Violations of @system_rules by #include <@name> of @src."""
    return [f"{src}:{lineno}: includes system <{name}>: {why}"
            for files, banned, why in system_rules
            if covered(src, files) and any(
                name == b or (b.endswith("/") and name.startswith(b))
                for b in banned)]


def check(root, rules, known, seen=None, system_rules=()):
    """Violations of @rules not in @known; @seen collects the known met."""
    errors = []
    for src in sources(root):
        with open(os.path.join(root, src), encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                errors += [f"{src}:{lineno}: defines a table: {why}"
                           for files, defn, why in DEFINITION_RULES
                           if rules is RULES and covered(src, files)
                           and defn.search(line)]
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                target = resolve(root, m.group(1), m.group(2))
                if not target:
                    errors += check_system(src, lineno, m.group(2),
                                           system_rules)
                    continue
                if (src, target) in known:
                    if seen is not None:
                        seen.add((src, target))
                    continue
                for files, banned, why in rules:
                    if covered(src, files) and covered(target, banned):
                        errors.append(f"{src}:{lineno}: includes {target}: {why}")
    return errors


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))
    seen = set()
    errors = check(root, RULES, KNOWN, seen, SYSTEM_RULES)
    for e in errors:
        print(e)
    if "--pending" in sys.argv:
        for e in check(root, PENDING, set()):
            print("pending:", e)
    stale = sorted(KNOWN - seen)
    for src, target in stale:
        print(f"KNOWN lists {src} -> {target}, which is gone: remove it")
    if errors or stale:
        return 1
    print(f"layering: {len(RULES) + len(SYSTEM_RULES) + len(DEFINITION_RULES)} "
          "rules hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
