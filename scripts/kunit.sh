#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run hwmem's KUnit suites under UML in Debian's linux-source-6.12.
#
#   scripts/kunit.sh [--sanitize] [extra kunit.py arguments]
#
# The tree is unpacked once into the cache and hwmem is hooked in with a
# symlink drivers/misc/hwmem -> this checkout, one line in
# drivers/misc/Makefile and one in drivers/misc/Kconfig (source_tree in
# lib.sh does both).  Builds go to a
# build directory in the cache, one per configuration, so both stay warm.
# Prints one "PASS kunit.<suite>.<case>" or "FAIL ..." line per test case
# (kunit-sanitize.<suite>.<case> with --sanitize, a KASAN and UBSAN build).
set -eu
. "$(dirname "$0")/lib.sh"

if [ "${1:-}" = --sanitize ]; then
	shift
	set -- --kunitconfig="$HWMEM_ROOT/kunit/.kunitconfig" \
		--kunitconfig="$HWMEM_ROOT/kunit/sanitize.kunitconfig" \
		--kernel_args=kasan_multi_shot "$@"
	build="$HWMEM_CACHE/uml-sanitize"
	prefix=kunit-sanitize
else
	set -- --kunitconfig="$HWMEM_ROOT/kunit/.kunitconfig" "$@"
	build="$HWMEM_CACHE/uml"
	prefix=kunit
fi

tree=$(source_tree)

mkdir -p "$build"
json="$build/results.json"
rm -f "$json"
log "hwmem: KUnit under UML in $build (a first build takes several minutes)"
set +e
(cd "$tree" && python3 tools/testing/kunit/kunit.py run \
	--build_dir="$build" --jobs="$HWMEM_JOBS" --json="$json" "$@") \
	> "$build/kunit.log" 2>&1
rc=$?
set -e

if [ ! -s "$json" ]; then
	tail -n 40 "$build/kunit.log" >&2
	echo "FAIL $prefix.run (no results; see $build/kunit.log)"
	exit 1
fi
python3 "$HWMEM_ROOT/scripts/kunit-results.py" "$json" "$build/kunit.log" "$prefix" || rc=1
# A sanitizer report, a WARN or an oops fails the run even if no test
# noticed it.  test.log is the kernel's whole output.
if grep -qE -e "$HWMEM_KERNEL_PROBLEMS" "$build/test.log"; then
	grep -E -e "$HWMEM_KERNEL_PROBLEMS" "$build/test.log" | head -n 5 >&2
	echo "FAIL $prefix.kernel_clean (see $build/test.log)"
	rc=1
else
	echo "PASS $prefix.kernel_clean"
fi
exit $rc
