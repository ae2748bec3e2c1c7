#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench: hwmem's allocators and walker against the kernel's own, in
# the UML kernel the KUnit harness builds (kunit/bench.c).
#
#   scripts/bench.sh [OUTDIR]      (default bench/results/<date>)
#
# Runs the benchmark suite twice in the same build directory: with hwmem's
# locks as a single-CPU kernel has them (none at all), then with
# CONFIG_HWMEM_BENCH_SMP_LOCKS, which gives them an SMP kernel's cost
# (kunit/bench-lock.h), and checks that the second build really has the
# locked instruction in hwmem_phys_alloc().  The next scripts/kunit.sh
# run rebuilds the plain configuration (kunit.py regenerates .config when
# the kunitconfig it last used differs).
#
# Prints a table (workload, hwmem ns/op under both locks, anchor ns/op,
# both ratios, spreads, targets judged on the SMP-cost run), the cache
# table, and one "PASS|FAIL bench.cpuid-vs-sysfs" line: hwmem's decoding
# of the host's CPUID against the host kernel's sysfs.  Writes
# results.csv, results.rst and cache.rst (the tables as
# Documentation/hwmem-bench.rst shows them), both logs and ratios.png into
# OUTDIR.  With HWMEM_BENCH_BEFORE=DIR (an earlier OUTDIR) it also writes
# compare.rst, the ratios before and after.  Timings come from
# ktime_get_ns() in UML, which runs kernel code natively; QEMU under TCG
# would time emulation instead.
#
# Exits non-zero if an operation failed in a timed loop or a run failed.
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-$HWMEM_ROOT/bench/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
need_pkgs python3-matplotlib binutils
tree=$(source_tree)
build="$HWMEM_CACHE/uml"
"$HWMEM_ROOT/scripts/kunit.sh" > /dev/null || die "the KUnit suites fail; fix them first"

# bench_run NAME [KUNIT.PY ARGUMENTS]: one run of the suite into
# $out/bench-NAME.log; its exit status.
bench_run() {
	_name=$1
	shift
	(cd "$tree" && python3 tools/testing/kunit/kunit.py run \
		--kunitconfig="$HWMEM_ROOT/kunit/.kunitconfig" \
		--build_dir="$build" --jobs="$HWMEM_JOBS" \
		--kernel_args=hwmem_kunit.bench_full=1 \
		--timeout=3600 --raw_output=all "$@" 'hwmem-bench') \
		> "$out/bench-$_name.log" 2>&1
}

rc=0
log "hwmem: benchmarks in UML, hwmem's locks as a single CPU has them (a few minutes)"
bench_run up || rc=1
grep -q 'locks=up' "$out/bench-up.log" ||
	die "the first run is not the single-CPU build; see $out/bench-up.log"

log "hwmem: again, with hwmem's locks at an SMP kernel's cost"
bench_run smp --kconfig_add CONFIG_HWMEM_BENCH_SMP_LOCKS=y || rc=1
grep -q 'locks=smp-cost' "$out/bench-smp.log" ||
	die "CONFIG_HWMEM_BENCH_SMP_LOCKS did not take; see $out/bench-smp.log"
# The shim is macros: a build that bypassed it would still run.
objdump -d --no-show-raw-insn --disassemble=hwmem_phys_alloc "$build/vmlinux" |
	grep -q 'lock cmpxchg' ||
	die "no lock cmpxchg in hwmem_phys_alloc() of the SMP-cost build"

for f in "$out/bench-up.log" "$out/bench-smp.log"; do
	grep -q 'hwmem-bench: ' "$f" || die "no results in $f"
done
/usr/bin/python3 "$HWMEM_ROOT/scripts/bench-report.py" "$out" \
	"$out/bench-up.log" "$out/bench-smp.log" \
	${HWMEM_BENCH_BEFORE:+--before "$HWMEM_BENCH_BEFORE"} || rc=1
/usr/bin/python3 "$HWMEM_ROOT/scripts/bench-report.py" --cpuid-vs-sysfs \
	"$out/bench-smp.log" || true
[ $rc -eq 0 ] || log "hwmem: operations failed or a run failed; see the logs in $out"
log "hwmem: results in $out"
exit $rc
