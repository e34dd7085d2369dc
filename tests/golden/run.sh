#!/bin/sh
# Golden transcripts of the mmlab shell.
#
#   run.sh MMLAB_BINARY GOLDEN_DIR
#
# Runs each GOLDEN_DIR/NAME.cmd as "mmlab --echo [OPTIONS] NAME.cmd" from
# inside GOLDEN_DIR, and compares its stdout and stderr (together) and its
# exit status (a last line "[exit N]") with NAME.out.  OPTIONS come from a
# first line "#mmlab: OPTIONS" in NAME.cmd (e.g. "#mmlab: --keep-going");
# @TMPDIR@ in OPTIONS becomes a fresh empty directory, removed afterwards
# (for transcripts that write files, such as swap areas).
# With UPDATE=1 in the environment, the .out files are rewritten instead:
# read every change before committing it.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 MMLAB_BINARY GOLDEN_DIR" >&2
	exit 2
fi
bin=$1
dir=$2
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
cd "$dir" || exit 2

LC_ALL=C
export LC_ALL
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT

pass=0
fail=0
for cmd in *.cmd; do
	[ -e "$cmd" ] || continue
	name=${cmd%.cmd}
	opts=$(sed -n '1s/^#mmlab:[[:space:]]*//p' "$cmd")
	scratch=
	case $opts in
	*@TMPDIR@*)
		scratch=$(mktemp -d) || exit 2
		opts=$(printf '%s\n' "$opts" | sed "s|@TMPDIR@|$scratch|g")
		;;
	esac
	# $opts is split into words on purpose.
	{ "$bin" --echo $opts "$cmd" </dev/null 2>&1; echo "[exit $?]"; } >"$tmp"
	[ -n "$scratch" ] && rm -rf "$scratch"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp" "$name.out"
		echo "updated $name.out"
		pass=$((pass + 1))
	elif [ -f "$name.out" ] && diff -u "$name.out" "$tmp"; then
		echo "ok   $name"
		pass=$((pass + 1))
	else
		[ -f "$name.out" ] || echo "missing $name.out"
		echo "FAIL $name"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
