#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make test: every test hwmem has, one "PASS|FAIL <name>" line per check,
# then one line "N passed, N failed".  Exits non-zero if anything failed.
#
#   1. make check: W=1 builds on both Debian kernels, sparse, checkpatch
#   2. the KUnit suites under UML (linux-source-6.12), plain and again
#      under KASAN and UBSAN
#   3. the guest checks in QEMU on Debian 6.1 and 6.12, one NUMA node and
#      two; the virt checks again with 5-level paging (-cpu max: la57); the
#      detection checks on four CPU models whose caches differ, two cores
#      each so that caches are shared
#   4. everything again in the sanitized x86_64 kernel (KASAN, lockdep,
#      sleep-in-atomic checks, kmemleak; scripts/xkernel.sh), with the
#      KUnit suites as a loadable module
#
# The guest checks include the command fuzzer (20000 commands per boot),
# concurrent writers and 50 load/unload cycles (tests/reliability.sh).
# HWMEM_TEST_STAGES picks stages by name (default "check kunit vm sanitized").
set -u
. "$(dirname "$0")/lib.sh"

results=$(mktemp)
trap 'rm -f "$results"' EXIT

# stage NAME COMMAND...: run a stage, keep its result lines; a stage that
# fails without saying which check failed counts as one failure.
stage() {
	_name=$1
	shift
	log "hwmem: == $_name"
	"$@" > "$results.stage"
	_rc=$?
	grep -E '^(PASS|FAIL) ' "$results.stage" | tee -a "$results"
	if [ $_rc -ne 0 ] && ! grep -q '^FAIL ' "$results.stage"; then
		echo "FAIL $_name - exited $_rc without a result line" | tee -a "$results"
	fi
	rm -f "$results.stage"
}

stages=${HWMEM_TEST_STAGES:-check kunit vm sanitized}
for s in $stages; do
	case $s in
	check) stage check "$HWMEM_ROOT/scripts/check.sh" ;;
	kunit)
		stage kunit "$HWMEM_ROOT/scripts/kunit.sh"
		stage kunit-sanitize "$HWMEM_ROOT/scripts/kunit.sh" --sanitize
		;;
	sanitized)
		stage vm.sanitized "$HWMEM_ROOT/scripts/vm.sh" --kernel sanitized \
			--nodes 2 --name vm.sanitized test
		;;
	vm)
		for k in 6.1 6.12; do
			stage "vm.$k" "$HWMEM_ROOT/scripts/vm.sh" --kernel $k test
			stage "vm.$k-2node" "$HWMEM_ROOT/scripts/vm.sh" --kernel $k \
				--nodes 2 --name "vm.$k-2node" test
			stage "vm.$k-la57" "$HWMEM_ROOT/scripts/vm.sh" --kernel $k \
				--cpu max --tests virt --name "vm.$k-la57" test
			for cpu in max Skylake-Server EPYC max,l3-cache=off; do
				stage "vm.$k-$cpu" "$HWMEM_ROOT/scripts/vm.sh" --kernel $k \
					--cpu $cpu --smp 2,sockets=1,cores=2,threads=1 \
					--tests detect --name "vm.$k-$cpu" test
			done
		done
		;;
	*) die "unknown stage $s" ;;
	esac
done

passed=$(grep -c '^PASS ' "$results")
failed=$(grep -c '^FAIL ' "$results")
if [ "$failed" -ne 0 ]; then
	echo
	echo "Failed:"
	grep '^FAIL ' "$results"
	echo
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
