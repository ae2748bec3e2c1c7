#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the sanitized x86_64 kernel (KASAN, lockdep, sleep-in-atomic
# checks, kmemleak, KUnit as a module) from Debian's linux-source-6.12,
# once: the build directory lives in the cache and is reused while the
# configuration fragment (kunit/x86-sanitize.config) is unchanged.
#
#   scripts/xkernel.sh         prints the build directory
#
# The directory holds arch/x86/boot/bzImage and serves as KDIR for
# out-of-tree modules.  A first build took five and a half minutes on
# two cores here.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$(source_tree)
build="$HWMEM_CACHE/x86-sanitize"
frag="$HWMEM_ROOT/kunit/x86-sanitize.config"
stamp="$build/.hwmem-config"

mkdir -p "$build"
if [ ! -f "$build/arch/x86/boot/bzImage" ] || ! cmp -s "$frag" "$stamp"; then
	log "hwmem: building the sanitized x86_64 kernel in $build (some minutes the first time)"
	cp "$frag" "$build/.config"
	make -C "$tree" ARCH=x86_64 O="$build" olddefconfig > "$build/build.log" 2>&1
	# Every option the fragment sets must have survived olddefconfig.
	grep '^CONFIG_' "$frag" | while read -r line; do
		grep -qx "$line" "$build/.config" || die "$line did not stick; see $build/.config"
	done
	make -C "$tree" ARCH=x86_64 O="$build" -j"$HWMEM_JOBS" bzImage modules \
		>> "$build/build.log" 2>&1 || {
		tail -n 30 "$build/build.log" >&2
		die "the sanitized kernel did not build; see $build/build.log"
	}
	cp "$frag" "$stamp"
fi
echo "$build"
