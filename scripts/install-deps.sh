#!/bin/sh
# Install the Debian 12 packages mmlab needs to build and test; do nothing when
# they are all present.  Run as root (CI and the project's machines are).
set -eu
# clang and libclang-rt-14-dev (its libFuzzer runtime) are for "make fuzz";
# libpcre2-dev: the shell's grep filter (PCRE2, for its limits).
# util-linux's mkswap makes the swap file test_swap checks mmlab accepts.
# linux-headers-amd64 (and the kbuild it depends on) is for the test real-modules:
# the example drivers built as real Linux modules.
pkgs="meson ninja-build pkg-config gcc libcriterion-dev libedit-dev libpcre2-dev python3
      clang libclang-rt-14-dev util-linux linux-headers-amd64"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: need root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq $missing >/dev/null
