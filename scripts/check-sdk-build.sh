#!/bin/sh
# check-sdk-build.sh BUILD_DIR DRIVER.c LIBMMLAB.so
#
# A driver builds with the documented command, from the build tree:
#   cc $(pkg-config --cflags mmlab-driver) -shared -fPIC -o drv.so drv.c
# and every mml_ symbol it leaves undefined is one libmmlab exports.
set -eu
build=$1
src=$2
lib=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PKG_CONFIG_PATH=$build/include/mmlab/kernel
export PKG_CONFIG_PATH
cflags=$(pkg-config --cflags mmlab-driver)
echo "cflags: $cflags"
${CC:-cc} $cflags -Wall -Werror -shared -fPIC -o "$tmp/drv.so" "$src"
nm -D --undefined-only "$tmp/drv.so" | awk '{print $2}' | grep '^mml_' | sort >"$tmp/need"
nm -D --defined-only "$lib" | awk '{print $3}' | sort >"$tmp/have"
missing=$(comm -23 "$tmp/need" "$tmp/have")
if [ -n "$missing" ]; then
	echo "undefined in libmmlab: $missing"
	exit 1
fi
echo "$(wc -l <"$tmp/need") mml_ symbols, all exported by libmmlab"
