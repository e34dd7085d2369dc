#!/bin/sh
# "mmlab lesson drivers" against its golden transcript.
#
#   run.sh MMLAB_BINARY LESSON_DIR
#
# Runs the lesson (the drivers found in $MMLAB_DRIVER_PATH) and compares its
# stdout and stderr and exit status (a last line "[exit N]") with
# LESSON_DIR/drivers.out; UPDATE=1 rewrites the file instead.  Then checks
# that without the drivers the lesson says so and exits non-zero.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 MMLAB_BINARY LESSON_DIR" >&2
	exit 2
fi
bin=$1
dir=$2
LC_ALL=C
export LC_ALL
tmp=$(mktemp) || exit 2
empty=$(mktemp -d) || exit 2
trap 'rm -f "$tmp"; rm -rf "$empty"' EXIT

{ "$bin" lesson drivers </dev/null 2>&1; echo "[exit $?]"; } >"$tmp"
if [ "${UPDATE:-0}" = 1 ]; then
	cp "$tmp" "$dir/drivers.out"
	echo "updated $dir/drivers.out"
elif diff -u "$dir/drivers.out" "$tmp"; then
	echo "ok   lesson drivers"
else
	echo "FAIL lesson drivers"
	exit 1
fi

# No drivers: a clear message and a non-zero status, before any step.
MMLAB_DRIVER_PATH=$empty "$bin" lesson drivers >"$tmp" 2>&1
status=$?
if [ "$status" -eq 0 ] || ! grep -q "kbuf.so not found in $empty" "$tmp" ||
   grep -q "mmlab>" "$tmp"; then
	echo "FAIL lesson drivers without drivers (exit $status):"
	cat "$tmp"
	exit 1
fi
echo "ok   lesson drivers without drivers"

# A lesson that does not exist.
if "$bin" lesson nosuch >"$tmp" 2>&1 || ! grep -q "no lesson 'nosuch'" "$tmp"; then
	echo "FAIL lesson nosuch:"
	cat "$tmp"
	exit 1
fi
echo "ok   lesson nosuch"
