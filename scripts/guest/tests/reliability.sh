#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks for reliability: the command fuzzer, concurrent writers,
# and 50 load/unload cycles with different parameters.  The kernel
# command line's hwmemfuzz=N,SEED sets the fuzzer's length and seed
# (default 20000 commands, seed 1).
. /hwmem/lib.sh
T=reliability

spec=$(sed -n 's/.*hwmemfuzz=\([0-9]*\),\([0-9]*\).*/\1 \2/p' /proc/cmdline)
set -- ${spec:-20000 1}
n=$1
seed=$2

# --- the fuzzer, with poisoning on so that stray writes are seen ---
check load insmod $KO frames=4096 poison=1
hwmem-fuzz fuzz -n "$n" -s "$seed"
# A fuzzer that dies (a segfault, an abort) says so here.
check fuzz_exit eq "$?" 0
check fuzz_no_poison_errors eq "$(field buddy poison_errors)/$(cache_field '*' poison_errors)" 0/0

# --- writers on every CPU at once ---
hwmem-fuzz stress -n 300 -w 4
check stress_exit eq "$?" 0
check unload rmmod hwmem

# --- 50 loads and unloads (20 on the sanitized kernel, where KASAN and
# page_owner make the large loads slow), different parameters each, some
# with allocations left behind; every page must come back ---
cycles=50
[ -e /sys/kernel/debug/kmemleak ] && cycles=20
base=$(free_pages)
nodes=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)
i=0
loaded=0
# Unloads that left something behind, per allocator, to match the log.
left_frames=0 left_slab=0 left_buddy=0 left_virt=0
dmesg -c > /dev/null
while [ $i -lt $cycles ]; do
	case $((i % 5)) in
	0) args="frames=64" ;;
	1) args="frames=$((512 + i * 7)) bump_frames=3 buddy_frames=100" ;;
	2) args="frames=4096 poison=1 buddy_hot=0" ;;
	3) args="frames=16384 node=$((i % nodes))" ;;
	4) args="frames=65536 bump_frames=0 buddy_frames=0" ;;
	esac
	if insmod $KO $args; then
		loaded=$((loaded + 1))
		if [ $((i % 3)) = 0 ]; then
			hwmemctl frames alloc 3 > /dev/null &&
				left_frames=$((left_frames + 1))
			hwmemctl slab alloc hwmem-64 > /dev/null &&
				left_slab=$((left_slab + 1))
			[ -d $D/buddy ] && hwmemctl buddy alloc 0 > /dev/null &&
				left_buddy=$((left_buddy + 1))
			hwmemctl virt create > /dev/null &&
				left_virt=$((left_virt + 1))
		fi
		rmmod hwmem || fail "cycle_$i" "rmmod failed"
	else
		fail "cycle_$i" "insmod $args failed"
	fi
	i=$((i + 1))
done
check cycles_loaded eq "$loaded" "$cycles"
# Measured: 8 and 12 pages on Debian's kernels; 1103 on the sanitized one,
# where KASAN's quarantine lets go of objects from earlier tests.
check cycles_pages near "$(free_pages)" "$base" "$(slack 64 2048)"
# One line per allocator for each unload that left something behind.
n=$((cycles / 5))
check cycles_left_some eq "$(( left_frames > n && left_slab > n && left_buddy > n && left_virt > n ))" 1
log=$(klog)
reported() { echo "$log" | grep -c "^hwmem: $1 at unload"; }
check cycles_reported eq "$(reported 'frames: 3 still allocated')/$(reported 'slab: 1 objects still allocated')/$(reported 'buddy: 1 blocks (4096 bytes) still allocated')/$(reported 'virt: 1 address spaces (1 table pages) still existed')" \
	"$left_frames/$left_slab/$left_buddy/$left_virt"

check kernel_clean kernel_clean
