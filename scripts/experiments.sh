#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make experiments: play the shipped traces (Documentation/experiments/
# *.hwmr.xz, or the TRACE... given) through hwmem's replay under every
# placement policy, in a Debian 6.12 kernel booted in QEMU
# (scripts/guest/experiments.sh), then draw the pictures here.
#
#   scripts/experiments.sh [OUT] [TRACE.hwmr[.xz]...]     default build/experiments
#
# Into OUT/<trace>/: table.txt (hwmemctl's table), summary.csv,
# timeline.csv, the end-state maps of each policy set, unusable.png (the
# unusable index at orders 3 and 9 and the slab utilization over the
# records, one line per policy set) and <policy>.heap.png (the frames and
# buddy maps at the end).  OUT/results.rst: the tables in
# reStructuredText, for Documentation/hwmem-experiments.rst.
#
# Each trace runs with a buddy heap a quarter larger than the most pages
# it held at once (rounded up to whole order-9 blocks): with more room
# every policy looks the same.  Replay works on hwmem's own instances, so
# its figures do not depend on the emulated machine; only the run time
# does (TCG).
set -eu
. "$(dirname "$0")/lib.sh"

out=${1:-$HWMEM_ROOT/build/experiments}
[ $# -gt 0 ] && shift
case $out in
/*) ;;
*) out="$(pwd)/$out" ;;
esac
need_pkgs xz-utils python3 python3-matplotlib
[ $# -gt 0 ] || set -- "$HWMEM_ROOT"/Documentation/experiments/*.hwmr.xz
mkdir -p "$out/in"
rm -f "$out"/in/*.hwmr
for t in "$@"; do
	name=${t##*/}
	name=${name%.xz}
	case $t in
	*.xz) xz -dc "$t" > "$out/in/$name" ;;
	*) cp "$t" "$out/in/$name" ;;
	esac
done

log=$("$HWMEM_ROOT/scripts/vm.sh" --kernel 6.12 --mem 2G --name experiments \
	--run "$HWMEM_ROOT/scripts/guest/experiments.sh" \
	--files "$(echo "$out"/in/*.hwmr)" run)
: > "$out/results.rst"
for f in "$out"/in/*.hwmr; do
	name=${f##*/}
	name=${name%.hwmr}
	rm -rf "${out:?}/$name"
	tr -d '\r' < "$log" | sed -n "/^HWMEM-EXP-BEGIN $name\$/,/^HWMEM-EXP-END $name\$/p" |
		sed '1d;$d' | base64 -d | tar -xzf - -C "$out" ||
		die "no results for $name in $log"
	tr -d '\r' < "$log" | sed -n "s/^HWMEM-EXP-INFO $name: //p"
	[ -s "$out/$name/summary.csv" ] || die "$name: no summary.csv (see $out/$name/err.txt)"
	/usr/bin/python3 "$HWMEM_ROOT/scripts/hwmem-plot" timeline "$out/$name/unusable.png" \
		"$out/$name/timeline.csv" --orders 3,9
	for m in "$out/$name"/*.frames_map; do
		p=${m%.frames_map}
		label=$(basename "$p" | tr - /)
		/usr/bin/python3 "$HWMEM_ROOT/scripts/hwmem-plot" maps "$p.heap.png" \
			"$p.frames_map" "$p.buddy_map" --labels "$label frames,$label buddy"
	done
	# The table as reStructuredText, a column per summary.csv field.
	/usr/bin/python3 - "$out/$name/summary.csv" "$name" >> "$out/results.rst" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
rule = " ".join("=" * w for w in widths)
print(sys.argv[2])
print("-" * len(sys.argv[2]))
print()
print(rule)
for n, r in enumerate(rows):
    print(" ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    if n == 0:
        print(rule)
print(rule)
print()
PY
done
log "hwmem: experiments in $out (tables: $out/results.rst)"
