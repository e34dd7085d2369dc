#!/bin/sh
# Build the installed static library from the internal archive: one relocatable
# object (ld -r of every member) whose hidden symbols -- everything not marked
# MML_API -- are made local, so that the archive exports mml_* only and a
# program may define its own kmalloc, printk or do_mmap.
#
# usage: partial-link.sh LD OBJCOPY AR INTERNAL.a OUTPUT.a
set -eu

ld=$1
objcopy=$2
ar=$3
input=$4
output=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
obj=$tmp/mmlab.o

"$ld" -r --whole-archive "$input" -o "$obj"
"$objcopy" --localize-hidden "$obj"
rm -f "$output"
"$ar" rcs "$output" "$obj"
