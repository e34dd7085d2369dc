#!/bin/sh
# Build every example driver with a Kbuild file (examples/drivers/*/Kbuild)
# as a real Linux module against Debian's kernel headers, compile only:
# each source must be Linux-clean (no #ifdef MMLAB), not just SDK-clean.
#
#   build-real-modules.sh [EXAMPLES_DRIVERS_DIR]
#
# The headers are those of the installed linux-headers-*-amd64 package
# (/usr/src/linux-headers-VERSION-amd64; scripts/install-deps.sh installs
# linux-headers-amd64), not the running kernel's, which may have none.
# KDIR=DIR in the environment picks another tree.  Each driver is copied
# to a temporary directory and built there (kbuild writes beside the
# sources).  Exits 77 (meson's "skipped") when no headers are installed.
set -u

src=${1:-$(dirname "$0")/../examples/drivers}
src=$(cd "$src" && pwd) || exit 2

if [ -z "${KDIR:-}" ]; then
	for d in /usr/src/linux-headers-*-amd64; do
		[ -f "$d/Makefile" ] && KDIR=$d
	done
fi
if [ -z "${KDIR:-}" ] || [ ! -f "$KDIR/Makefile" ]; then
	echo "real-modules: SKIP: no Linux kernel headers (/usr/src/linux-headers-*-amd64);" \
		"install Debian's linux-headers-amd64 (scripts/install-deps.sh does)"
	exit 77
fi
command -v make >/dev/null 2>&1 || { echo "real-modules: SKIP: no make"; exit 77; }

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "real-modules: headers $KDIR"
pass=0
fail=0
for kb in "$src"/*/Kbuild; do
	[ -e "$kb" ] || continue
	name=$(basename "$(dirname "$kb")")
	mkdir -p "$tmp/$name"
	cp "$(dirname "$kb")"/Kbuild "$(dirname "$kb")"/*.c "$tmp/$name/"
	if make -s -C "$KDIR" M="$tmp/$name" modules >"$tmp/$name.log" 2>&1 &&
	   [ -f "$tmp/$name/$name.ko" ]; then
		if grep -q 'warning:' "$tmp/$name.log"; then
			echo "FAIL $name (warnings):"
			cat "$tmp/$name.log"
			fail=$((fail + 1))
		else
			echo "ok   $name ($name.ko)"
			pass=$((pass + 1))
		fi
	else
		echo "FAIL $name:"
		cat "$tmp/$name.log"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
