#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build hwmem.ko (and the example client, scripts/example/hwmem_client.ko)
# against a Debian kernel's headers, with W=1.
#
#   scripts/build.sh 6.1|6.12|<kernel release>
#
# The sources are copied to build/<release>/ and built there, so that
# builds for several kernels never share object files.  Prints the path of
# hwmem.ko; the compiler's output is in build/<release>/build.log.
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: scripts/build.sh 6.1|6.12|<kernel release>"
need_pkgs make gcc libc6-dev
krel=$(krel "$1")
[ -n "$krel" ] || die "no Debian kernel found for $1"
kdir=$(kernel_headers "$krel")

out="$HWMEM_ROOT/build/$krel"
rm -rf "$out"
mkdir -p "$out"
mkdir -p "$out/scripts"
cp -r "$HWMEM_ROOT/Kbuild" "$HWMEM_ROOT/hwmem" "$HWMEM_ROOT/kunit" "$out/"
cp -r "$HWMEM_ROOT/scripts/example" "$out/scripts/"
if ! make -C "$kdir" M="$out" W=1 modules > "$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	die "build against $krel failed"
fi
echo "$out/hwmem.ko"
