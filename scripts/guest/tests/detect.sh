#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks for info, numa and cache: each detection against the
# kernel's own view in /proc/meminfo and /sys, and cache/ctl.
. /hwmem/lib.sh
T=detect

check load insmod $KO frames=1024
check files eq "$(ls $D | tr '\n' ' ')/$(ls $D/cache | tr '\n' ' ')" \
	"buddy bump cache frames info numa replay slab virt /ctl hierarchy "

# --- info against /proc/meminfo (kB); free figures move, within 8 MiB ---
mem() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
info() { sed -n "s/^$1: //p" $D/info; }
check info_total eq "$(( $(info total_bytes) / 1024 ))" "$(mem MemTotal)"
check info_free near "$(( $(info free_bytes) / 1024 ))" "$(mem MemFree)" 8192
check info_available near "$(( $(info available_bytes) / 1024 ))" "$(mem MemAvailable)" 8192
check info_swap_total eq "$(info swap_total_bytes)" unknown
check info_swap_free_none eq "$(info swap_free_bytes)/$(mem SwapFree)" 0/0
# brd: a module from the Debian kernel, or built in (brd.rd_size=65536).
[ -e /dev/ram0 ] || insmod /hwmem/brd.ko rd_nr=1 rd_size=65536
if [ -e /dev/ram0 ] && mkswap /dev/ram0 > /dev/null && swapon /dev/ram0; then
	check info_swap_on eq "$(( $(mem SwapTotal) > 60000 ))" 1
	check info_swap_free near "$(( $(info swap_free_bytes) / 1024 ))" "$(mem SwapFree)" 64
	check info_swap_total_still_unknown eq "$(info swap_total_bytes)" unknown
	swapoff /dev/ram0
	[ -f /hwmem/brd.ko ] && rmmod brd
	check info_swap_off eq "$(info swap_free_bytes)/$(mem SwapFree)" 0/0
else
	fail info_swap "no swap device: brd, mkswap or swapon failed"
fi

# --- numa against /sys/devices/system/node ---
S=/sys/devices/system/node
nodes=$(ls -d $S/node[0-9]* | sed 's/.*node//' | sort -n)
check numa_nodes eq "$(sed -n 's/^nodes: //p' $D/numa)" "$(echo "$nodes" | wc -l)"
check numa_ids eq "$(sed -n 's/^node \([0-9]*\): .*/\1/p' $D/numa | tr '\n' ' ')" \
	"$(echo "$nodes" | tr '\n' ' ')"
for id in $nodes; do
	line=$(grep "^node $id: " $D/numa)
	check "numa_node${id}_cpus" eq "$(echo "$line" | sed 's/.*: cpus \(.*\) present_pages.*/\1/')" \
		"$(cat $S/node$id/cpulist)"
	check "numa_node${id}_distance" eq "$(echo "$line" | sed 's/.* distance //')" \
		"$(cat $S/node$id/distance)"
	nfree=$(awk '/MemFree:/ { print $4 }' $S/node$id/meminfo)
	ntotal=$(awk '/MemTotal:/ { print $4 }' $S/node$id/meminfo)
	check "numa_node${id}_free" near "$(( $(echo "$line" | sed 's/.* free_pages \([0-9]*\) .*/\1/') * 4 ))" "$nfree" 8192
	check "numa_node${id}_present" eq "$(( $(echo "$line" | sed 's/.* present_pages \([0-9]*\) .*/\1/') * 4 >= ntotal ))" 1
done

# --- cache hierarchy against /sys/devices/system/cpu/cpu*/cache ---
H=$D/cache/hierarchy
hier=$(cat $H)
echo "$hier" | sed 's/^/    /'
# On AMD without TOPOEXT the kernel reads an L1's way count from
# 0x80000005 through the 0x80000006 code table (8 ways become 16, 12
# become 64); hwmem takes it as the count AMD's APM says it is.  For those
# leaves the expected line is sysfs's with the count taken back through
# that table, and the sets worked out again.
legacy_l1=
grep -q '^vendor_id.*AuthenticAMD' /proc/cpuinfo && ! grep -qw topoext /proc/cpuinfo &&
	legacy_l1=1
# sysfs_leaf DIR: a leaf of sysfs in cache/hierarchy's words.
sysfs_leaf() {
	_w=$(cat $1/ways_of_associativity)
	_s=$(cat $1/number_of_sets)
	if [ -n "$legacy_l1" ] && [ "$(cat $1/level)" = 1 ]; then
		_r=$(echo "1:1 2:2 4:4 8:6 16:8 32:10 48:11 64:12 96:13 128:14" | tr ' ' '\n' |
			sed -n "s/^$_w://p")
		_s=$((_w * _s / ${_r:-$_w}))
		_w=${_r:-$_w}
	fi
	echo "level $(cat $1/level) type $(cat $1/type) size $(cat $1/size) line $(cat $1/coherency_line_size) ways $_w sets $_s shared $(cat $1/shared_cpu_list)"
}
for c in /sys/devices/system/cpu/cpu[0-9]*; do
	cpu=${c##*cpu}
	[ "$(cat $c/online 2>/dev/null || echo 1)" = 1 ] || continue
	check "cache_cpu${cpu}_leaves" eq "$(echo "$hier" | grep -c "^cpu$cpu ")" \
		"$(ls -d $c/cache/index* 2>/dev/null | wc -l)"
	for ix in $c/cache/index*; do
		[ -d "$ix" ] || continue
		i=${ix##*index}
		check "cache_cpu${cpu}_index$i" eq "$(echo "$hier" | grep "^cpu$cpu index$i ")" \
			"cpu$cpu index$i $(sysfs_leaf $ix)"
	done
done

# --- cache/ctl on hwmem's frames ---
C=cache
p=$(hwmemctl frames alloc)
check flush hwmemctl $C flush "$p"
check flush_count hwmemctl $C flush "$p" 4
check_err flush_foreign "Invalid argument" hwmemctl $C flush 0x1
check_err flush_zero "Invalid argument" hwmemctl $C flush "$p" 0
check_err flush_many "Invalid argument" hwmemctl $C flush "$p" 1025
check_err flush_wrap "Invalid argument" hwmemctl $C flush 0xffffffffffffffff 2
check_err flush_args "Invalid argument" hwmemctl $C flush
if grep -qw clwb /proc/cpuinfo; then
	check clean hwmemctl $C clean "$p"
else
	check_err clean_unsupported "Operation not supported" hwmemctl $C clean "$p"
fi
check_err invalidate_unsupported "Operation not supported" hwmemctl $C invalidate "$p"
t=$(hwmemctl $C time "$p")
echo "    time: $t"
check time eq "$(echo "$t" | grep -cE '^cached [0-9]+ cycles flushed [0-9]+ cycles$')" 1
check_err time_foreign "Invalid argument" hwmemctl $C time 0x1
check_err verb "Invalid argument" hwmemctl $C prefetch "$p"
check unload rmmod hwmem
check kernel_clean kernel_clean
