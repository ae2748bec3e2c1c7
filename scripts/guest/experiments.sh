#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run by scripts/experiments.sh in a Debian 6.12 guest: play every trace
# given (/hwmem/*.hwmr) through hwmem's replay under the seven policy sets
# of "hwmemctl replay --all", and send each one's files (the table,
# summary.csv, timeline.csv, the end-state maps) out on the console,
# tar'd, gzip'd and base64'd between marker lines.
. /hwmem/lib.sh

export PATH=/hwmem:$PATH

insmod $KO || exit 1
for t in /hwmem/*.hwmr; do
	name=${t##*/}
	name=${name%.hwmr}
	mkdir -p /tmp/exp
	# A buddy heap a quarter larger than the most pages the trace held at
	# once, in whole order-9 blocks: tight enough that placement shows.
	live=$(hwmem-trace info "$t" | sed -n 's/^max_live_pages: //p')
	bf=$(( (live * 5 / 4 + 511) / 512 * 512 ))
	start=$(cut -d ' ' -f 1 /proc/uptime)
	hwmemctl replay "$t" --all --buddy-frames $bf --out /tmp/exp/$name \
		> /tmp/table.txt 2> /tmp/err.txt
	rc=$?
	end=$(cut -d ' ' -f 1 /proc/uptime)
	mv /tmp/table.txt /tmp/err.txt /tmp/exp/$name/ 2> /dev/null
	echo "HWMEM-EXP-INFO $name: exit $rc, $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }') s guest time (TCG)"
	echo "HWMEM-EXP-BEGIN $name"
	tar -czf - -C /tmp/exp $name | base64
	echo "HWMEM-EXP-END $name"
	rm -rf /tmp/exp/$name
done
rmmod hwmem
