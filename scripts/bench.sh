#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench: hwmem's allocators and walker against the kernel's own, in
# the UML kernel the KUnit harness builds (kunit/bench.c).
#
#   scripts/bench.sh [OUTDIR]      (default bench/results/<date>)
#
# Prints a table (workload, hwmem ns/op, anchor ns/op, ratio, spreads) and
# writes results.csv, results.rst (the table as Documentation/hwmem-bench.rst
# shows it), the raw log and ratios.png (the hwmem/anchor ratios) into
# OUTDIR.  Timings come from ktime_get_ns() in UML, which runs kernel
# code natively; QEMU under TCG would time emulation instead.
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-$HWMEM_ROOT/bench/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
need_pkgs python3-matplotlib
tree=$(source_tree)
"$HWMEM_ROOT/scripts/kunit.sh" > /dev/null || die "the KUnit suites fail; fix them first"

log "hwmem: running the benchmarks in UML (a few minutes)"
(cd "$tree" && python3 tools/testing/kunit/kunit.py run \
	--kunitconfig="$HWMEM_ROOT/kunit/.kunitconfig" \
	--build_dir="$HWMEM_CACHE/uml" --jobs="$HWMEM_JOBS" \
	--kernel_args=hwmem_kunit.bench_full=1 \
	--timeout=3600 --raw_output=all 'hwmem-bench') > "$out/bench.log" 2>&1 ||
	die "the benchmark run failed; see $out/bench.log"
grep -q 'hwmem-bench: ' "$out/bench.log" || die "no results in $out/bench.log"
/usr/bin/python3 "$HWMEM_ROOT/scripts/bench-report.py" "$out/bench.log" "$out"
log "hwmem: results in $out"
