#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make test-full's extra stage (after every stage of make test): what does
# not fit in make test's 45 minutes.  One "PASS|FAIL <name>" line each.
#
#   full.fuzz.<kernel>: the reliability checks with a fuzzer ten times as
#     long (200000 commands, another seed) on Debian 6.1 and 6.12
#   full.coverage.*: make coverage (the sanitized kernel, with gcov, runs
#     every guest check; 25 to 40 minutes): its guest checks, and the
#     logic's line coverage at 95 % or more
set -u
. "$(dirname "$0")/lib.sh"

for k in 6.1 6.12; do
	"$HWMEM_ROOT/scripts/vm.sh" --kernel $k --tests reliability \
		--fuzz 200000,7 --name "full.fuzz.$k" test
done

out="$HWMEM_ROOT/build/coverage"
if "$HWMEM_ROOT/scripts/coverage.sh" "$out" >&2; then
	echo "PASS full.coverage.ran"
	sed 's/^\(PASS\|FAIL\) /\1 full.coverage./' "$out/checks.txt"
	# coverage.txt's "total, logic  LINES  COVERED  PERCENT" row.
	pct=$(awk '$1 == "total," && $2 == "logic" { print $5 }' "$out/coverage.txt")
	if [ -n "$pct" ] && awk -v p="$pct" 'BEGIN { exit !(p >= 95) }'; then
		echo "PASS full.coverage.logic_95 ($pct%)"
	else
		echo "FAIL full.coverage.logic_95 - logic lines covered: ${pct:-unknown}%"
	fi
else
	echo "FAIL full.coverage.ran - scripts/coverage.sh failed"
fi
