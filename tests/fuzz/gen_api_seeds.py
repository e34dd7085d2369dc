#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write seed programs for fuzz_api into DIR, in the harness's encoding
(tests/fuzz/fuzz_api.c): the scenarios of the unit tests -- mmap, stores,
mprotect boundary moves, fork and COW, pins of the zero page, migrate,
mremap, mlock, raw system calls.

    gen_api_seeds.py DIR
"""
import os
import sys

RW, RWX, NONE = 3, 7, 0
PRIVATE_ANON, FIXED = 0x22, 0x10


def page(n):			# addr(): REGION + n pages
    return [3, n]


def pages(n):			# len(): n pages
    return [2, n - 1]


def mmap(t, pg, n, prot, flags, fd=0):
    return [0 * 8, t, *page(pg), *pages(n), prot, flags & 0xff,
            flags >> 8, fd, 0]


def munmap(t, pg, n):
    return [1 * 8, t, *page(pg), *pages(n)]


def mprotect(t, pg, n, prot):
    return [2 * 8, t, *page(pg), *pages(n), prot, 0]


def mremap(t, pg, n, newn, flags, newpg):
    return [3 * 8, t, *page(pg), *pages(n), *pages(newn), flags, *page(newpg)]


def madvise(t, pg, n, idx):
    return [4 * 8, t, *page(pg), *pages(n), idx]


def mlock(t, pg, n, how, flags=0):
    return [5 * 8, t, *page(pg), *pages(n), how, flags]


def store(t, pg, data):
    return [2, t, *page(pg), len(data) - 1, *data]


def misc(sub, t, *extra):
    return [sub * 8 + 5, t, *extra]


def kernel(sub, *extra):
    return [sub * 8 + 4, *extra]


def rmap(t, pg, migrate):
    return [14 if migrate else 6, t, *page(pg)]


def syscall(t, idx, args):
    out = [3, t, idx]
    for a in args:			# sysarg(): mode 0, raw 64-bit
        out += [0, *a.to_bytes(8, "little")]
    return out


REGION = 0x10000000
seeds = {
    "store_load": mmap(0, 0, 4, RW, PRIVATE_ANON | FIXED) +
    store(0, 0, b"hello") + store(0, 3, b"x" * 32),
    "boundary_move": mmap(0, 0, 16, NONE, PRIVATE_ANON | FIXED) +
    mmap(0, 0, 4, RW, PRIVATE_ANON | FIXED) +
    mmap(0, 4, 4, RWX, PRIVATE_ANON | FIXED) +
    store(0, 4, b"a") + store(0, 5, b"b") + mprotect(0, 4, 2, RW) +
    rmap(0, 4, True) + rmap(0, 5, True) + misc(12, 0),
    "fork_cow": mmap(0, 0, 8, RW, PRIVATE_ANON | FIXED) +
    store(0, 1, b"parent") + misc(1, 0) + store(1, 1, b"child") +
    store(0, 1, b"again") + rmap(0, 1, True) + rmap(1, 1, False) +
    misc(2, 1) + misc(12, 0),
    "zero_page_pin": mmap(0, 0, 1, RW, PRIVATE_ANON | FIXED) +
    misc(6, 0, *page(0), 1, 0) + misc(7, 0) + misc(6, 0, *page(0), 1, 0) +
    misc(7, 0) + misc(12, 0),
    "mremap_mlock": mmap(0, 0, 4, RW, PRIVATE_ANON | FIXED) +
    store(0, 0, b"m") + mlock(0, 0, 2, 1, 1) + mremap(0, 0, 4, 8, 1, 20) +
    mlock(0, 0, 8, 2) + madvise(0, 0, 8, 4) + misc(12, 0),
    "kernel_alloc": kernel(0, 64, 0, 1) + kernel(2, 0, 32, 0) +
    kernel(4, 1, 2) + kernel(1) + kernel(3) + kernel(5) +
    kernel(6, 0, 2) + mmap(0, 0, 2, RW, PRIVATE_ANON | FIXED) +
    store(0, 0, b"f") + kernel(6, 1, 1) + store(0, 1, b"g"),
    "raw_syscalls": syscall(0, 0, [REGION, 0x4000, RW, PRIVATE_ANON | FIXED,
                                   2**64 - 1, 0]) +
    syscall(0, 6, [REGION, 0x4000, REGION + 0x8000, 0, 0, 0]) +
    syscall(0, 2, [REGION, 0x2000, 1, 0, 0, 0]) +
    syscall(0, 22, [0, 0, 0, 0, 0, 0]),
    "files": misc(8, 0, 1, 1, 4) + misc(9, 0, 0x41, 16, 0, 0, 16, 0, 0) +
    mmap(0, 0, 4, RW, 0x01 | FIXED, 1) + store(0, 0, b"file") +
    misc(10, 0, 1) + misc(4, 0, 1) + misc(5, 0, 1, 8, *page(0)),
}

os.makedirs(sys.argv[1], exist_ok=True)
for name, prog in seeds.items():
    with open(os.path.join(sys.argv[1], name), "wb") as f:
        f.write(bytes(b & 0xff for b in prog))
