#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Regression tests of the mmlab shell that a golden transcript cannot
express: exit statuses, --json validity, Ctrl-C at the prompt, and the
issue-8 reproducers run as a user would type them.

    test_shell.py MMLAB_BINARY
"""
import json
import os
import pty
import select
import subprocess
import sys
import tempfile
import time

MMLAB = os.path.abspath(sys.argv[1])
failures = 0


def run(*args, stdin=None):
    p = subprocess.run([MMLAB, *args], input=stdin, capture_output=True,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    global failures
    if cond:
        print(f"ok   {name}")
    else:
        failures += 1
        print(f"FAIL {name} {detail}")


def test_directory_script():
    with tempfile.TemporaryDirectory() as d:
        rc, out, err = run(d)
    check("directory as script fails", rc == 1 and b"Is a directory" in err,
          f"rc={rc} err={err!r}")


def test_json_is_always_json():
    with tempfile.NamedTemporaryFile("wb", suffix=".cmd") as f:
        f.write(b"echo \xff\xfe ok \xc3\xa9 \xed\xa0\x80 \xc0\xaf\n"
                b"nosuchcmd\n")
        f.flush()
        rc, out, err = run("--json", "--keep-going", f.name)
    try:
        objs = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        check("--json output is UTF-8 JSON", False, repr(e))
        return
    check("--json output is UTF-8 JSON", len(objs) == 2, repr(out))
    check("--json replaces bad bytes", objs[0]["text"].startswith("\ufffd\ufffd ok \u00e9"),
          repr(objs[0]))
    check("--json names an unknown command", objs[1]["cmd"] == "nosuchcmd" and
          not objs[1]["ok"], repr(objs[1]))


def test_fragment_with_no_memory():
    rc, out, err = run("-c", "fail page 0; fragment; fragment undo")
    check("fragment with nothing to take", rc == 0 and b"took all 0" in out,
          f"rc={rc} {err!r}")


def test_audit_says_why_twice():
    rc, out, err = run("--keep-going", "-c",
                       "space phys; wq 0xffdf888 0; audit; audit")
    lines = [l for l in err.decode().splitlines() if "audit" in l]
    check("audit catches a cleared direct-map PGD entry, twice",
          rc == 1 and len(lines) == 2 and
          all("direct map" in l for l in lines), repr(err))


def test_reproducers():
    rc, out, err = run("-c", "kmalloc 64; kfree $_; wq k:0xffff88800ff98020 "
                       "4141414141414141; kmalloc 64; kmalloc 64; audit")
    check("corrupt slab free pointer (finding 4)", rc == 0, f"rc={rc} {err!r}")
    rc, out, err = run("-c", "spawn; mmap 64K --- private,anonymous; set w $_; "
                       "mmap $w 16K rw- private,anonymous,fixed; "
                       "mmap $w+0x4000 16K rwx private,anonymous,fixed; "
                       "space user; wb $w+0x4000 1; wb $w+0x5000 1; audit; "
                       "mprotect $w+0x4000 8K rw-; audit")
    check("boundary move keeps the rmap (finding 1)", rc == 0, repr(err))
    rc, out, err = run("-c", "spawn; mmap 4K rw- private,anonymous; pin $_ 1; "
                       "unpin $_; audit; dmesg")
    check("unpin of the zero page (finding 2)", rc == 0 and b"BUG" not in out,
          repr(err))


def test_bad_filter_stage_frees_the_grep_before_it():
    # A stage after "| grep RE" that does not split into words (a bad
    # escape, too many words) once left RE compiled: under ASan (make
    # test-asan) LeakSanitizer reports it at exit (the status stays 1).
    many = " ".join(str(i) for i in range(40))
    # (Lines on standard input, as a script: later lines overwrite the
    # stack, so that no stale copy of the pointer hides the leak.)
    rc, out, err = run("--keep-going", stdin=(
        'cat /proc/meminfo | grep Mem | head "\\x00"\n'
        f"cat /proc/meminfo | grep -i mem | tail {many}\n"
        "cat /proc/meminfo | grep Mem | head 1 2\n"
        "cat /proc/meminfo | grep Mem | head -n 1\n").encode())
    check("a bad stage after grep fails cleanly, nothing leaked",
          rc == 1 and b"bad escape" in err and b"too many words" in err and
          b"usage: ... | head" in err and b"LeakSanitizer" not in err,
          f"rc={rc} {err[:2000]!r}")


def test_grep_patterns_have_limits():
    # CI's fuzz_shell: "kB" and 40 '+' took 2 GB of host memory in glibc's
    # regcomp() (libFuzzer's out-of-memory); PCRE2 refuses stacked
    # quantifiers.  A pattern that backtracks without end stops at the match
    # limit, said; a large repetition compiles; ordinary patterns match.
    rc, out, err = run("-c", "cat /proc/meminfo | grep 'kB" + "+" * 40 + "$'")
    check("grep: stacked quantifiers are an error, not 2 GB",
          rc == 1 and b"quantifier does not follow a repeatable item" in err,
          f"rc={rc} {err[:300]!r}")
    rc, out, err = run("-c", "dmesg | grep '^(.*?,?)+$x'")
    check("grep: a backtracking pattern gives up at the match limit",
          rc == 1 and b"gave up at line 1: match limit exceeded" in err,
          f"rc={rc} {err[:300]!r}")
    rc, out, err = run("-c", "cat /proc/meminfo | grep '(a|b?){4000}' | head 1")
    check("grep: a large repetition compiles and matches",
          rc == 0 and out.startswith(b"MemTotal:"), f"rc={rc} {err[:300]!r}")
    rc, out, err = run("-c", "cat /proc/meminfo | grep -i '^mem(total|free):'")
    lines = out.decode().splitlines()
    check("grep -i with an extended pattern",
          rc == 0 and [l.split(":")[0] for l in lines] == ["MemTotal", "MemFree"],
          repr(out))
    rc, out, err = run("-c", "cat /proc/meminfo | grep -v '[[:digit:]]{2,} kB$' | "
                       "grep -c x")
    check("grep: an unknown option after a good filter is an error",
          rc == 1 and b"unknown option '-c'" in err, f"rc={rc} {err!r}")


def test_ctrl_c_at_prompt():
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["HOME"] = tempfile.gettempdir()
        os.execv(MMLAB, [MMLAB])

    def read(t=2.0, until=b"mmlab> "):
        out, end = b"", time.time() + t
        while time.time() < end and not out.endswith(until):
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    break
        return out

    read()
    os.write(fd, b"kmalloc 6")
    time.sleep(0.2)
    os.write(fd, b"\x03")
    read()
    os.write(fd, b"kmalloc 64\n")
    out = read()
    os.write(fd, b"quit\n")
    read(until=b"\n")
    _, status = os.waitpid(pid, 0)
    check("Ctrl-C at the prompt drops the line, the shell lives",
          b"0xffff888" in out and os.WIFEXITED(status) and
          os.WEXITSTATUS(status) == 0, f"{out!r} status {status}")


test_directory_script()
test_json_is_always_json()
test_fragment_with_no_memory()
test_audit_says_why_twice()
test_reproducers()
test_bad_filter_stage_frees_the_grep_before_it()
test_grep_patterns_have_limits()
test_ctrl_c_at_prompt()
sys.exit(1 if failures else 0)
