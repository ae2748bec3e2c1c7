#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make traces: record the shipped kmem traces again, from scratch, in a
# Debian 6.12 kernel booted in QEMU (scripts/guest/record.sh says what
# runs), into Documentation/experiments/<name>.hwmr.xz, with their counts
# in Documentation/experiments/traces.txt.
#
# The unpack workload's tarball is Linux's own mm/ directory, packed from
# the linux-source-6.12 tree the other scripts unpack.  Events depend on
# timing, so two recordings differ in their details; the recipe is fixed.
set -eu
. "$(dirname "$0")/lib.sh"

out="$HWMEM_ROOT/Documentation/experiments"
work="$HWMEM_ROOT/build/traces"
need_pkgs xz-utils gzip coreutils
tree=$(source_tree)
make -C "$HWMEM_ROOT" --no-print-directory build/tools/hwmem-trace > /dev/null
mkdir -p "$work" "$out"
tar -czf "$work/mm.tar.gz" -C "$tree" mm
log=$("$HWMEM_ROOT/scripts/vm.sh" --kernel 6.12 --mem 2G --name traces \
	--run "$HWMEM_ROOT/scripts/guest/record.sh" --files "$work/mm.tar.gz" run)
krel=$(krel 6.12)
: > "$work/traces.txt"
for name in unpack procs; do
	tr -d '\r' < "$log" |
		sed -n "/^HWMEM-TRACE-BEGIN $name\$/,/^HWMEM-TRACE-END $name\$/p" |
		sed '1d;$d' | base64 -d | gunzip -c > "$work/$name.hwmr"
	[ -s "$work/$name.hwmr" ] || die "no $name trace in $log"
	xz -9e -c "$work/$name.hwmr" > "$out/$name.hwmr.xz"
	{
		echo "== $name: recorded in Debian $krel (QEMU, TCG, 2 GiB, one vCPU)"
		tr -d '\r' < "$log" | sed -n "s/^HWMEM-TRACE-INFO $name: //p"
		"$HWMEM_ROOT/build/tools/hwmem-trace" info "$work/$name.hwmr"
		echo
	} >> "$work/traces.txt"
done
cp "$work/traces.txt" "$out/traces.txt"
log "hwmem: traces in $out"
