#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build one of hwmem's own x86_64 kernels from Debian's linux-source-6.12,
# once: the build directory lives in the cache and is reused while the
# configuration fragments are unchanged.
#
#   scripts/xkernel.sh [sanitized|kcsan]    prints the build directory
#
# sanitized: KASAN, lockdep, sleep-in-atomic checks, kmemleak, page_owner
# and gcov (kunit/x86-sanitize.config); kcsan: the data-race detector
# (kunit/x86-kcsan.config).  Both take kunit/x86.config first, and have
# KUnit as a module.  The directory holds arch/x86/boot/bzImage and serves
# as KDIR for out-of-tree modules.  A first build took five and a half
# minutes on two cores here.
set -eu
. "$(dirname "$0")/lib.sh"

variant=${1:-sanitized}
case $variant in
sanitized) build="$HWMEM_CACHE/x86-sanitize" extra=x86-sanitize.config ;;
kcsan) build="$HWMEM_CACHE/x86-kcsan" extra=x86-kcsan.config ;;
*) die "usage: scripts/xkernel.sh [sanitized|kcsan]" ;;
esac
tree=$(source_tree)
frag="$build.fragment"
stamp="$build/.hwmem-config"
cat "$HWMEM_ROOT/kunit/x86.config" "$HWMEM_ROOT/kunit/$extra" > "$frag"

mkdir -p "$build"
if [ ! -f "$build/arch/x86/boot/bzImage" ] || ! cmp -s "$frag" "$stamp"; then
	log "hwmem: building the $variant x86_64 kernel in $build (some minutes the first time)"
	cp "$frag" "$build/.config"
	make -C "$tree" ARCH=x86_64 O="$build" olddefconfig > "$build/build.log" 2>&1
	# Every option the fragment sets must have survived olddefconfig.
	lost=$(grep '^CONFIG_' "$frag" | while read -r line; do
		grep -qx "$line" "$build/.config" || echo "$line"
	done)
	[ -z "$lost" ] || die "$(echo $lost) did not stick; see $build/.config"
	make -C "$tree" ARCH=x86_64 O="$build" -j"$HWMEM_JOBS" bzImage modules \
		>> "$build/build.log" 2>&1 || {
		tail -n 30 "$build/build.log" >&2
		die "the $variant kernel did not build; see $build/build.log"
	}
	cp "$frag" "$stamp"
fi
echo "$build"
