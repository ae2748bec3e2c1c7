#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make check: hwmem must build without a warning with W=1 on both Debian
# kernels, pass checkpatch.pl --strict from linux-source-6.12, and pass
# sparse (C=2).  Prints one PASS/FAIL line per check.
set -u
. "$(dirname "$0")/lib.sh"

need_pkgs sparse perl
status=0
result() {
	if [ "$2" -eq 0 ]; then
		echo "PASS check.$1"
	else
		echo "FAIL check.$1 - $3"
		status=1
	fi
}

for k in 6.1 6.12; do
	krel=$(krel $k)
	if ko=$("$HWMEM_ROOT/scripts/build.sh" "$krel"); then
		out=${ko%/hwmem.ko}
		warnings=$(grep -c 'warning:' "$out/build.log")
		grep 'warning:' "$out/build.log" >&2
		result "build_w1.$k" "$warnings" "$warnings warnings, see $out/build.log"
		make -C "/usr/src/linux-headers-$krel" M="$out" C=2 CHECK=sparse \
			modules > "$out/sparse.log" 2>&1
		rc=$?
		found=$(grep -E 'warning:|error:' "$out/sparse.log" | grep -vc '^make')
		grep -E 'warning:|error:' "$out/sparse.log" >&2
		[ $rc -ne 0 ] && found=$((found + 1))
		result "sparse.$k" "$found" "see $out/sparse.log"
	else
		result "build_w1.$k" 1 "build failed"
	fi
done

tree=$(source_tree)
# Kernel code only (the guest fuzzer is a user-space program).  Trace
# event headers are laid out as the kernel's own are, which checkpatch
# reads as misaligned.
trace=hwmem/include/trace/events/hwmem.h
files=$(cd "$HWMEM_ROOT" && find hwmem kunit samples -name '*.[ch]' ! -path "$trace" | sort)
out=$(cd "$HWMEM_ROOT" && {
	"$tree/scripts/checkpatch.pl" --strict --no-tree --show-types --terse -f $files
	"$tree/scripts/checkpatch.pl" --strict --no-tree --show-types --terse \
		--ignore OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT -f $trace
} 2>&1)
bad=$(echo "$out" | grep -cE ': (ERROR|WARNING|CHECK):')
echo "$out" | grep -E ': (ERROR|WARNING|CHECK):' >&2
result checkpatch "$bad" "$bad complaints"
exit $status
