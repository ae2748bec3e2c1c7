#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build hwmem.ko (and the example clients, samples/hwmem/*.ko) against a
# Debian kernel's headers, with W=1.
#
#   scripts/build.sh 6.1|6.12|<kernel release>|sanitized|kcsan
#
# "sanitized" and "kcsan" build against those kernels of scripts/xkernel.sh,
# and build hwmem_test.ko (every KUnit suite, as a module) beside hwmem.ko,
# in build/<variant>-test/.
#
# The sources are copied to build/<release>/ and built there, so that
# builds for several kernels never share object files.  Prints the path of
# hwmem.ko; the compiler's output is in build/<release>/build.log.
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: scripts/build.sh 6.1|6.12|<kernel release>|sanitized|kcsan"
need_pkgs make gcc libc6-dev
own=
case $1 in
sanitized | kcsan) own=$1 ;;
esac
if [ -n "$own" ]; then
	krel=$own
	kdir=$("$HWMEM_ROOT/scripts/xkernel.sh" "$own")
else
	krel=$(krel "$1")
	[ -n "$krel" ] || die "no Debian kernel found for $1"
	kdir=$(kernel_headers "$krel")
fi

out="$HWMEM_ROOT/build/$krel"
rm -rf "$out"
mkdir -p "$out"
cp -r "$HWMEM_ROOT/Kbuild" "$HWMEM_ROOT/VERSION" "$HWMEM_ROOT/hwmem" "$HWMEM_ROOT/kunit" \
	"$HWMEM_ROOT/samples" "$out/"
if ! make -C "$kdir" M="$out" W=1 modules > "$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	die "build against $krel failed"
fi
if [ -n "$own" ]; then
	rm -rf "$out-test"
	mkdir -p "$out-test"
	cp -r "$HWMEM_ROOT/Kbuild" "$HWMEM_ROOT/VERSION" "$HWMEM_ROOT/hwmem" \
		"$HWMEM_ROOT/kunit" "$out-test/"
	make -C "$kdir" M="$out-test" W=1 HWMEM_TEST_MODULE=1 modules \
		> "$out-test/build.log" 2>&1 || {
		cat "$out-test/build.log" >&2
		die "the test module did not build against $krel"
	}
fi
echo "$out/hwmem.ko"
