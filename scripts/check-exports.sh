#!/bin/sh
# Fail if a library defines a global symbol without the mml_ prefix: the
# kernel's internal names (kmalloc, printk, do_mmap ...) must stay inside it.
#
# usage: check-exports.sh NM LIBRARY...
set -eu

nm=$1
shift
status=0
for lib in "$@"; do
	case $lib in
	*.so*)	syms=$("$nm" -D --defined-only "$lib") ;;
	*)	syms=$("$nm" -g --defined-only "$lib") ;;
	esac
	# Lines "ADDRESS TYPE NAME"; archive member headers and blanks have no type.
	bad=$(printf '%s\n' "$syms" |
		awk 'NF == 3 && $3 !~ /^mml_/ { print $3 }')
	if [ -n "$bad" ]; then
		echo "$lib exports symbols outside mml_*:"
		printf '%s\n' "$bad" | head -20
		echo "($(printf '%s\n' "$bad" | wc -l) in all)"
		status=1
	else
		echo "$lib: $(printf '%s\n' "$syms" | awk 'NF == 3' | wc -l) symbols, all mml_*"
	fi
done
exit $status
