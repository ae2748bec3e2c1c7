#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run hwmem's KUnit suites under UML in Debian's linux-source-6.12.
#
#   scripts/kunit.sh [--sanitize] [-- extra kunit.py arguments]
#
# The tree is unpacked once into the cache and hwmem is hooked in with a
# symlink drivers/misc/hwmem -> this checkout, one line in
# drivers/misc/Makefile and one in drivers/misc/Kconfig.  Builds go to a
# build directory in the cache, one per configuration, so both stay warm.
# Prints one "PASS kunit.<suite>.<case>" or "FAIL ..." line per test case.
set -eu
. "$(dirname "$0")/lib.sh"

config="$HWMEM_ROOT/kunit/.kunitconfig"
build="$HWMEM_CACHE/uml"
extra=
if [ "${1:-}" = --sanitize ]; then
	shift
	config="$config --kunitconfig=$HWMEM_ROOT/kunit/sanitize.kunitconfig"
	build="$HWMEM_CACHE/uml-sanitize"
	extra="--kernel_args=kasan_multi_shot"
fi
[ "${1:-}" = -- ] && shift

tree=$(source_tree)

# Hook hwmem into the tree; each step is idempotent.
ln -sfn "$HWMEM_ROOT" "$tree/drivers/misc/hwmem"
grep -q '^obj-$(CONFIG_HWMEM_KUNIT_TEST)' "$tree/drivers/misc/Makefile" ||
	printf 'obj-$(CONFIG_HWMEM_KUNIT_TEST)\t+= hwmem/\n' >> "$tree/drivers/misc/Makefile"
grep -q '^source "drivers/misc/hwmem/kunit/Kconfig"' "$tree/drivers/misc/Kconfig" ||
	printf 'source "drivers/misc/hwmem/kunit/Kconfig"\n' >> "$tree/drivers/misc/Kconfig"

mkdir -p "$build"
json="$build/results.json"
rm -f "$json"
log "hwmem: KUnit under UML in $build (a first build takes several minutes)"
set +e
# shellcheck disable=SC2086
(cd "$tree" && python3 tools/testing/kunit/kunit.py run \
	--kunitconfig="$config" --build_dir="$build" --jobs="$HWMEM_JOBS" \
	--json="$json" $extra "$@") > "$build/kunit.log" 2>&1
rc=$?
set -e

if [ ! -s "$json" ]; then
	tail -n 40 "$build/kunit.log" >&2
	echo "FAIL kunit.run (no results; see $build/kunit.log)"
	exit 1
fi
python3 "$HWMEM_ROOT/scripts/kunit-results.py" "$json" "$build/kunit.log" || rc=1
exit $rc
