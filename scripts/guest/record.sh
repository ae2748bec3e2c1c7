#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run by scripts/traces.sh in a Debian 6.12 guest: record the kernel's own
# kmem: events while two workloads of different shapes run, with
# "hwmemctl record", convert each trace to the binary replay stream, and
# send it out on the console, gzip'd and base64'd between marker lines.
#
#  unpack: Linux 6.12's mm/ sources (a real tarball, /hwmem/mm.tar.gz)
#          unpacked into a tmpfs, compressed again, searched, deleted: a
#          page cache and dentry workload
#  procs:  400 rounds of short-lived processes joined by pipes (a gzip
#          round trip of 256 KiB, /proc reads, a checksum): a fork, exec
#          and page-table workload
. /hwmem/lib.sh

export PATH=/hwmem:$PATH

# One trace: record WORKLOAD's run, convert, send.
send() {
	name=$1
	shift
	start=$(cut -d ' ' -f 1 /proc/uptime)
	# hwmemctl runs the workload in its own shell: call this script again
	hwmemctl record -o /tmp/$name.txt -- sh /hwmem/run.sh "$@" \
		2> /tmp/$name.err
	end=$(cut -d ' ' -f 1 /proc/uptime)
	{
		echo "recorded for $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s (guest time, under TCG)"
		cat /tmp/$name.err
		hwmem-trace convert -o /tmp/$name.hwmr /tmp/$name.txt 2>&1
	} | sed "s/^/HWMEM-TRACE-INFO $name: /"
	rm -f /tmp/$name.txt
	echo "HWMEM-TRACE-BEGIN $name"
	gzip -c /tmp/$name.hwmr | base64
	echo "HWMEM-TRACE-END $name"
	rm -f /tmp/$name.hwmr
}

unpack() {
	cd /mnt/work &&
	tar -xzf /hwmem/mm.tar.gz &&
	tar -czf mm2.tar.gz mm &&
	grep -r -l page mm > /dev/null &&
	rm -rf mm mm2.tar.gz
}

procs() {
	i=0
	while [ $i -lt 400 ]; do
		dd if=/dev/zero bs=64k count=4 2> /dev/null | gzip -c | gunzip -c |
			md5sum > /dev/null
		cat /proc/self/status /proc/meminfo | wc -l > /dev/null
		i=$((i + 1))
	done
}

case ${1-} in
unpack | procs)
	"$1"
	exit
	;;
esac

mkdir -p /mnt/work
mount -t tmpfs -o size=512m tmpfs /mnt/work
send unpack unpack
send procs procs
umount /mnt/work
