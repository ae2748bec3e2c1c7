#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make coverage: line coverage of hwmem/ in the sanitized x86_64 kernel
# (scripts/xkernel.sh, which has CONFIG_GCOV_KERNEL).
#
#   scripts/coverage.sh [OUT]       default build/coverage
#
# hwmem.ko (with the example clients) and hwmem_test.ko (every KUnit
# suite) are built with gcov (HWMEM_GCOV=1 in Kbuild) in OUT/obj/, and a
# two-node guest runs every guest check with them: the suites, the
# fuzzer, the writers, the load cycles and the rest
# (scripts/guest/coverage.sh).  The guest sends the counters back on the
# console; gcov reads them here against the objects' .gcno files, and
# scripts/coverage-report.py sums both modules per line of hwmem/.
# Results: OUT/coverage.txt (the table per file, the logic's and the
# glue's totals, every error exit never executed, every uncovered line
# grouped by a reason guessed from its code), OUT/checks.txt (the guest
# checks' PASS/FAIL lines), OUT/gcov/ (gcov's JSON).  Prints the table.
#
# The guest takes 25 to 40 minutes under TCG (KASAN and gcov both slow
# it); HWMEM_VM_TIMEOUT, 3600 s here, is its guard.  HWMEM_COVERAGE_TESTS=a,b
# runs only those guest checks (scripts/guest/tests/{a,b}.sh): a partial
# figure, for trying things out.
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-$HWMEM_ROOT/build/coverage}
case $out in
/*) ;;
*) out="$(pwd)/$out" ;;
esac
need_pkgs gcc-12 python3 gzip
start=$(date +%s)
kdir=$("$HWMEM_ROOT/scripts/xkernel.sh" sanitized)
grep -qx 'CONFIG_GCOV_KERNEL=y' "$kdir/.config" ||
	die "$kdir has no CONFIG_GCOV_KERNEL: see kunit/x86-sanitize.config"

# Only what this script makes is removed: OUT may hold other things.
rm -rf "$out/obj" "$out/guest" "$out/gcda" "$out/gcov" "$out/coverage.txt" \
	"$out/checks.txt"
mkdir -p "$out/obj" "$out/guest" "$out/gcda" "$out/gcov"

# build TREE [MAKE ARGS...]: a copy of the sources in OUT/obj/TREE, built
# with gcov.  The objects' absolute paths name their counters in the guest.
# No early inlining: gcc instruments after it, so a function inlined early
# into a KUnit case with constant arguments (the suites are in the same
# files as the code) had its checks folded away uncounted, and an error
# path the case took showed as never taken.  __always_inline functions
# are still inlined.
build() {
	tree="$out/obj/$1"
	shift
	mkdir -p "$tree"
	cp -r "$HWMEM_ROOT/Kbuild" "$HWMEM_ROOT/VERSION" "$HWMEM_ROOT/hwmem" \
		"$HWMEM_ROOT/kunit" "$HWMEM_ROOT/samples" "$tree/"
	make -C "$kdir" M="$tree" HWMEM_GCOV=1 KCFLAGS=-fno-early-inlining "$@" \
		modules > "$tree/build.log" 2>&1 || {
		cat "$tree/build.log" >&2
		die "the gcov build in $tree failed"
	}
}
log "hwmem: building hwmem.ko and hwmem_test.ko with gcov in $out/obj"
build hwmem
build hwmem_test HWMEM_TEST_MODULE=1
# The guest's coverage.sh puts each gcov-X.ko in place of X.ko.
for ko in hwmem/hwmem.ko hwmem/samples/hwmem/hwmem_client.ko \
	hwmem/samples/hwmem/hwmem_meminfo.ko hwmem_test/hwmem_test.ko; do
	cp "$out/obj/$ko" "$out/guest/gcov-${ko##*/}"
done

log=$(HWMEM_VM_TIMEOUT=${HWMEM_VM_TIMEOUT:-3600} "$HWMEM_ROOT/scripts/vm.sh" \
	--kernel sanitized --nodes 2 --name coverage \
	${HWMEM_COVERAGE_TESTS:+--tests "$HWMEM_COVERAGE_TESTS"} \
	--run "$HWMEM_ROOT/scripts/guest/coverage.sh" \
	--files "$(echo "$out"/guest/gcov-*.ko)" run)
tr -d '\r' < "$log" | grep -E '^(PASS|FAIL) ' > "$out/checks.txt" || true
tr -d '\r' < "$log" | sed -n '/^HWMEM-GCOV-BEGIN$/,/^HWMEM-GCOV-END$/p' |
	sed '1d;$d' | base64 -d | tar -xzf - -C "$out/gcda" ||
	die "no gcov data in $log"

# Each .gcda beside its .gcno, then gcov's JSON, one document per object.
for t in hwmem hwmem_test; do
	tree="$out/obj/$t"
	(cd "$tree" && find hwmem -name '*.gcno' | LC_ALL=C sort) | while read -r g; do
		gcda="$out/gcda$tree/${g%.gcno}.gcda"
		if [ -f "$gcda" ]; then
			cp "$gcda" "$tree/${g%.gcno}.gcda"
		else
			log "hwmem: no counters came back for $t/$g: counted as never run"
		fi
		(cd "$tree" && gcov-12 -t -j -b -o "$g" "$g" 2>> "$out/gcov/gcov.log")
	done > "$out/gcov/$t.json"
done

/usr/bin/python3 "$HWMEM_ROOT/scripts/coverage-report.py" "$out" \
	"$out/obj/hwmem=$out/gcov/hwmem.json" \
	"$out/obj/hwmem_test=$out/gcov/hwmem_test.json"
echo "Guest checks: $(grep -c '^PASS' "$out/checks.txt") passed, $(grep -c '^FAIL' "$out/checks.txt") failed"
grep '^FAIL' "$out/checks.txt" || true
log "hwmem: coverage in $out/coverage.txt ($(( ($(date +%s) - start) / 60 )) min)"
