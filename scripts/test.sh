#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make test: every test hwmem has, one "PASS|FAIL <name>" line per check,
# then one line "N passed, N failed".  Exits non-zero if anything failed.
#
#   1. check: W=1 builds on both Debian kernels, sparse, checkpatch
#   2. tools: the host tests of hwmem-trace, hwmemctl and hwmem-plot, and
#      of make install, uninstall and clean
#   3. kunit: the KUnit suites under UML (linux-source-6.12), plain and
#      again under KASAN and UBSAN
#   4. vm: for Debian 6.1 and 6.12: DKMS builds and installs hwmem into a
#      scratch tree, then the guest checks in QEMU load it from there with
#      modprobe; again with two NUMA nodes (make test-full only: the
#      sanitized kernel has two in make test); the virt checks with 5-level
#      paging (-cpu max: la57); the detection checks on four CPU models
#      whose caches differ, two cores each so that caches are shared
#   5. sanitized: everything again in the sanitized x86_64 kernel (KASAN,
#      lockdep, sleep-in-atomic checks, kmemleak, page_owner;
#      scripts/xkernel.sh), with the KUnit suites as a loadable module
#   6. kcsan (make test-full only: building that kernel and booting it
#      does not fit in make test's 45 minutes): the race cases and
#      concurrent writers in the KCSAN kernel, on two vCPUs at once
#
# Every stage must print exactly the checks scripts/expected-checks lists
# for it: one missing (a script that died half-way, a stage cut short) or
# one unknown fails the stage's ".expected" check.  After adding or
# removing checks, "scripts/test.sh --update-expected" rewrites the list
# from the last run's results (build/test-results), to be reviewed and
# committed.
#
# HWMEM_TEST_STAGES picks stages by name (default "check tools kunit vm
# sanitized").  --full adds the two-node boots of Debian's kernels and the
# kcsan stage, then what has no expected set (scripts/test-full.sh: long
# fuzzer runs, make coverage).
set -u
. "$(dirname "$0")/lib.sh"

expected="$HWMEM_ROOT/scripts/expected-checks"
results="$HWMEM_ROOT/build/test-results"
mkdir -p "$HWMEM_ROOT/build"

if [ "${1:-}" = --update-expected ]; then
	[ -s "$results" ] || die "no results in $results: run make test first"
	sed -n 's/^\(PASS\|FAIL\) \([^ ]*\).*/\2/p' "$results" | grep -v '\.expected$' |
		LC_ALL=C sort -u > "$expected"
	log "hwmem: $(wc -l < "$expected") checks written to $expected"
	exit 0
fi
full=
[ "${1:-}" = --full ] && full=1

: > "$results"
ran=$(mktemp)
trap 'rm -f "$ran"' EXIT

# stage NAME COMMAND...: run a stage, keep its result lines; a stage that
# fails without saying which check failed counts as one failure.
stage() {
	_name=$1
	shift
	log "hwmem: == $_name"
	echo "$_name" >> "$ran"
	"$@" > "$results.stage"
	_rc=$?
	grep -E '^(PASS|FAIL) ' "$results.stage" | tee -a "$results"
	if [ $_rc -ne 0 ] && ! grep -q '^FAIL ' "$results.stage"; then
		echo "FAIL $_name - exited $_rc without a result line" | tee -a "$results"
	fi
	rm -f "$results.stage"
}

# Each stage that ran printed the checks expected of it, no fewer, no more.
check_expected() {
	while read -r _name; do
		_re="^$(printf '%s' "$_name" | sed 's/[.]/[.]/g')[.]"
		grep -E "$_re" "$expected" > "$ran.want"
		sed -n 's/^\(PASS\|FAIL\) \([^ ]*\).*/\2/p' "$results" | grep -E "$_re" |
			LC_ALL=C sort -u > "$ran.got"
		_missing=$(LC_ALL=C comm -23 "$ran.want" "$ran.got")
		_extra=$(LC_ALL=C comm -13 "$ran.want" "$ran.got")
		if [ -n "$_missing" ]; then
			echo "FAIL $_name.expected - $(echo "$_missing" | wc -l) missing: $(echo "$_missing" | head -n 5 | tr '\n' ' ')"
		elif [ -n "$_extra" ]; then
			echo "FAIL $_name.expected - not in scripts/expected-checks: $(echo "$_extra" | head -n 5 | tr '\n' ' ')"
		else
			echo "PASS $_name.expected"
		fi
	done < "$ran" | tee -a "$results"
	rm -f "$ran.want" "$ran.got"
}

stages=${HWMEM_TEST_STAGES:-check tools kunit vm sanitized${full:+ kcsan}}
for s in $stages; do
	case $s in
	check) stage check "$HWMEM_ROOT/scripts/check.sh" ;;
	tools) stage tools "$HWMEM_ROOT/scripts/tools-test.sh" ;;
	kunit)
		stage kunit "$HWMEM_ROOT/scripts/kunit.sh"
		stage kunit-sanitize "$HWMEM_ROOT/scripts/kunit.sh" --sanitize
		;;
	sanitized)
		stage vm.sanitized "$HWMEM_ROOT/scripts/vm.sh" --kernel sanitized \
			--nodes 2 --name vm.sanitized test
		;;
	kcsan)
		stage vm.kcsan "$HWMEM_ROOT/scripts/vm.sh" --kernel kcsan \
			--nodes 2 --tests kcsan --name vm.kcsan test
		;;
	vm)
		for k in 6.1 6.12; do
			stage "dkms.$k" "$HWMEM_ROOT/scripts/dkms-test.sh" $k
			krel=$(krel $k)
			stage "vm.$k" "$HWMEM_ROOT/scripts/vm.sh" --kernel $k \
				--modules "$HWMEM_ROOT/build/dkms/$krel/guest" test
			# Two nodes on Debian's kernels: test-full (the sanitized
			# kernel boots with two in make test).
			[ -z "$full" ] || stage "vm.$k-2node" "$HWMEM_ROOT/scripts/vm.sh" \
				--kernel $k --nodes 2 --name "vm.$k-2node" test
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
check_expected
[ -n "$full" ] && stage full "$HWMEM_ROOT/scripts/test-full.sh"

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
