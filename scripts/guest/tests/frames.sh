#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks for phys: loading, frames/{state,map,ctl}, bad input,
# unloading with every page returned, loads that must fail.
. /hwmem/lib.sh
T=frames
C=$D/frames/ctl
# The frame allocator alone: no heap takes frames (tests/heap.sh has them).
KO="$KO bump_frames=0 buddy_frames=0"

# The character frames/map shows for PFN, or "none".
map_char() {
	_p=$(($1))
	while read -r _start _chars; do
		_s=$((_start))
		if [ "$_p" -ge "$_s" ] && [ "$_p" -lt $((_s + ${#_chars})) ]; then
			echo "$_chars" | cut -c $((_p - _s + 1))
			return
		fi
	done < "$D/frames/map"
	echo none
}

# frames/state without the event counters, which refused commands bump.
state_sans_counters() {
	grep -vE '^(allocs|frees|alloc_failed|free_refused):' "$D/frames/state"
}

# A load/unload cycle first, so that page counts do not see the caches a
# first load grows.  Counts are compared across short sequences only: a
# correct module gives back every page, and busybox and the kernel's own
# caches move the count by a few pages (measured: 0-3 per cycle, up to 22
# when RCU-deferred frees of an unload are still pending).  The tolerance,
# 64 pages, is far below the 512-page block any of these loads reserves.
insmod $KO frames=64 && rmmod hwmem
dmesg -c > /dev/null

# --- load ---
check load insmod $KO frames=512
check load_line eq "$(klog | grep -cE '^hwmem: loaded version [0-9.]+: frames 512 \(2048 KiB\), regions [0-9]+, node any; heaps: bump 0, buddy 0 frames$')" 1
check files eq "$(ls $D | tr '\n' ' ')/$(ls $D/frames | tr '\n' ' ')" "cache frames info numa replay slab virt /ctl map state "
check modes eq "$(stat -c %a $D/frames/state $D/frames/map $D/frames/ctl | tr '\n' ' ')" "400 400 600 "

# --- state ---
check state_frames eq "$(field frames frames)" 512
check state_free eq "$(field frames free)" 512
check state_allocated eq "$(field frames allocated)" 0
regions=$(field frames regions)
check state_regions eq "$(grep -c '^region ' $D/frames/state)" "$regions"
check state_region_frames eq "$(awk '/^region / { s += $6 } END { print s }' $D/frames/state)" 512
check state_region_free eq "$(awk '/^region / { s += $8 } END { print s }' $D/frames/state)" 512
check state_counters eq "$(field frames allocs)/$(field frames frees)/$(field frames alloc_failed)/$(field frames free_refused)" 0/0/0/0

# --- map ---
check map_frames eq "$(awk '{ n += length($2) } END { print n }' $D/frames/map)" 512
check map_all_free eq "$(awk '$2 ~ /[^.]/' $D/frames/map | wc -l)" 0
check map_width eq "$(awk 'length($2) > 64' $D/frames/map | wc -l)" 0
first_base=$(awk '/^region 0:/ { print $4 }' $D/frames/state)
check map_first_line eq "$(($(head -n 1 $D/frames/map | cut -d ' ' -f 1)))" "$((first_base))"
check map_line_starts eq "$(while read -r s _; do echo $((s)); done < $D/frames/map)" \
	"$(grep '^region ' $D/frames/state | while read -r _ _ _ b _ n _; do
		i=0
		while [ $i -lt "$n" ]; do echo $((b + i)); i=$((i + 64)); done
	done)"

# --- alloc / free ---
pfn=$(hwmemctl frames alloc)
check alloc_answer eq "$(echo "$pfn" | grep -cE '^0x[0-9a-f]+$')" 1
check alloc_is_lowest eq "$((pfn))" "$((first_base))"
check alloc_state eq "$(field frames free)/$(field frames allocated)/$(field frames owner_user)" 511/1/1
check alloc_map eq "$(map_char "$pfn")" u
three=$(hwmemctl frames alloc 3)
check alloc_n eq "$(echo "$three" | sort -u | grep -c '^0x')" 3
check alloc_n_state eq "$(field frames allocated)" 4
check free_one hwmemctl frames free "$pfn"
check free_map eq "$(map_char "$pfn")" .
for p in $three; do
	hwmemctl frames free "$p" || fail free_n "$p"
done
check free_n_state eq "$(field frames free)/$(field frames allocs)/$(field frames frees)" 512/4/4
# LIFO: the frame freed last comes back first.
last=$(echo "$three" | tail -n 1)
check reuse_lifo eq "$(hwmemctl frames alloc)" "$last"
check free_decimal hwmemctl frames free "$((last))"

# --- refused frees ---
check_err free_double "Invalid argument" hwmemctl frames free "$pfn"
check_err free_foreign "Invalid argument" hwmemctl frames free 0x1
check_err free_huge_pfn "Invalid argument" hwmemctl frames free 0xffffffffffffffff
check free_refused_counted eq "$(field frames free_refused)" 3
check free_refused_no_change eq "$(field frames free)" 512

# --- bad input: refused with EINVAL (ERANGE for overflow), no change ---
before=$(state_sans_counters)
check_err bad_empty_line "Invalid argument" ctl_raw $C '\n'
check_err bad_verb "Invalid argument" hwmemctl frames frob
check_err bad_verb_case "Invalid argument" hwmemctl frames ALLOC
check_err bad_alloc_zero "Invalid argument" hwmemctl frames alloc 0
check_err bad_alloc_many "Invalid argument" hwmemctl frames alloc 65
check_err bad_alloc_negative "Invalid argument" hwmemctl frames alloc -1
check_err bad_alloc_octal "Invalid argument" hwmemctl frames alloc 010
check_err bad_alloc_trailing "Invalid argument" hwmemctl frames alloc 1x
check_err bad_alloc_args "Invalid argument" hwmemctl frames alloc 1 2
check_err bad_alloc_overflow "Numerical result out of range" hwmemctl frames alloc 99999999999999999999
check_err bad_free_noarg "Invalid argument" hwmemctl frames free
check_err bad_free_word "Invalid argument" hwmemctl frames free zz
check_err bad_free_prefix "Invalid argument" hwmemctl frames free 0x
check_err bad_control_byte "Invalid argument" ctl_raw $C 'alloc\001\n'
check_err bad_nul_byte "Invalid argument" ctl_raw $C 'alloc\000\n'
check_err bad_utf8 "Invalid argument" ctl_raw $C 'alloc \303\251\n'
check_err bad_two_lines "Invalid argument" ctl_raw $C 'alloc\nalloc\n'
check_err bad_long_line "Invalid argument" ctl_raw $C "alloc $(printf '%0300d' 1)\n"
check_err bad_very_long_line "Invalid argument" ctl_raw $C "$(printf '%08000d' 0)"
check bad_input_no_change eq "$(state_sans_counters)" "$before"

# One command per open: a second write on the same file is refused.
exec 4<>$C
printf 'alloc\n' | dd bs=64 status=none >&4
err=$(printf 'alloc\n' | dd bs=64 status=none 2>&1 >&4)
got=$(cat <&4)
exec 4>&-
check second_write_busy eq "${err##*: }" "Device or resource busy"
check second_write_answer_kept eq "$(field frames allocated)" 1
hwmemctl frames free "$got"

# --- exhaustion ---
: > /tmp/pfns
for i in 1 2 3 4 5 6 7 8; do
	hwmemctl frames alloc 64 >> /tmp/pfns
done
check exhaust_all eq "$(sort -u /tmp/pfns | wc -l)/$(field frames free)" 512/0
check exhaust_map eq "$(awk '$2 ~ /[^u]/' $D/frames/map | wc -l)" 0
check_err exhaust_enomem "Cannot allocate memory" hwmemctl frames alloc
check_err exhaust_enomem_n "Cannot allocate memory" hwmemctl frames alloc 2
check exhaust_counted eq "$(field frames alloc_failed)" 2
while read -r p; do
	hwmemctl frames free "$p" || fail exhaust_free "$p"
done < /tmp/pfns
check exhaust_all_back eq "$(field frames free)/$(field frames owner_user)" 512/0

# --- unload with frames outstanding: reported, and every page returned ---
check unload rmmod hwmem
check unload_debugfs_gone eq "$(ls $D 2>&1 | grep -c 'No such file')" 1
base=$(free_pages)
insmod $KO frames=512
hwmemctl frames alloc 2 > /dev/null
dmesg -c > /dev/null
check unload_outstanding rmmod hwmem
check unload_outstanding_line eq "$(dmesg | grep -c 'hwmem: frames: 2 still allocated at unload')" 1
check unload_pages near "$(free_pages)" "$base" "$(slack 64)"

# --- parameters and loads that must fail, leaking nothing ---
check load_default insmod /hwmem/hwmem.ko
check default_frames eq "$(field frames frames)/$(grep -c '^region ' $D/frames/state)" \
	"8192/$(field frames regions)"
check default_heaps eq "$(field frames owner_bump)/$(field frames owner_buddy)" 64/1024
rmmod hwmem
base=$(free_pages)
for i in 1 2 3 4 5; do
	insmod $KO frames=8192 && rmmod hwmem
done
check cycles_pages near "$(free_pages)" "$base" "$(slack 64)"
base=$(free_pages)
total=$(awk '/^MemTotal:/ { print int($2 / 4) }' /proc/meminfo)
check load_large insmod $KO frames=$((total / 4))
check large_frames eq "$(awk '/^region / { s += $6 } END { print s }' $D/frames/state)" "$((total / 4))"
rmmod hwmem
check load_node0 insmod $KO frames=1024 node=0
check node0_regions eq "$(awk '/^region / && $10 != 0' $D/frames/state | wc -l)" 0
rmmod hwmem
check large_node0_pages near "$(free_pages)" "$base" "$(slack 64)"

# With a second node: node=1 puts every region there, and a load larger
# than node 1's free memory runs out half way and gives back what it got.
if [ -d /sys/devices/system/node/node1 ]; then
	check node1_load insmod $KO frames=1024 node=1
	check node1_regions eq "$(awk '/^region / && $10 != 1' $D/frames/state | wc -l)" 0
	rmmod hwmem
	n1free=$(awk '/MemFree:/ { print int($4 / 4) }' /sys/devices/system/node/node1/meminfo)
	dmesg -c > /dev/null
	base=$(free_pages)
	check_err node1_ran_out "Cannot allocate memory" insmod $KO frames=$((n1free + 4096)) node=1
	check node1_ran_out_line eq "$(dmesg | grep -c 'hwmem: cannot reserve [0-9]* frames on node 1: memory ran out$')" 2
	check node1_ran_out_pages near "$(free_pages)" "$base" "$(slack 64)"
fi

# --- module parameters: refused words, values read back, policies at
# load and by ctl (a policy changes only while its allocator holds nothing)
P=/sys/module/hwmem/parameters
check_err param_bump_negative "Invalid argument" insmod $KO bump_frames=-1
check_err param_buddy_negative "Invalid argument" insmod $KO buddy_frames=-1
check_err param_bump_hex "Invalid argument" insmod $KO bump_frames=0x10
check_err param_policy_unknown "Invalid argument" insmod $KO frames_policy=random
check load_params insmod $KO frames=2048 bump_frames=auto buddy_frames=512 \
	frames_policy=lowest buddy_policy=exact slab_policy=fullest
check params_read eq "$(cd $P && cat bump_frames buddy_frames frames_policy buddy_policy \
	slab_policy | tr '\n' ' ')" "auto 512 lowest exact fullest "
check params_state eq "$(field frames policy)/$(field buddy policy)/$(field slab policy)" \
	lowest/exact/fullest
check policy_frames hwmemctl frames policy fifo
b=$(hwmemctl buddy alloc 0)
check_err policy_buddy_busy "Device or resource busy" hwmemctl buddy policy lowest
hwmemctl buddy free "$b"
check policy_buddy hwmemctl buddy policy lowest
o=$(hwmemctl slab alloc hwmem-64)
check_err policy_slab_busy "Device or resource busy" hwmemctl slab policy emptiest
hwmemctl slab free hwmem-64 "$o"
check policy_slab hwmemctl slab policy emptiest
check_err policy_unknown "Invalid argument" hwmemctl frames policy random
check policy_state eq "$(field frames policy)/$(field buddy policy)/$(field slab policy)" \
	fifo/lowest/emptiest
rmmod hwmem

dmesg -c > /dev/null
base=$(free_pages)
check_err fail_frames_zero "Invalid argument" insmod $KO frames=0
check_err fail_frames_max "Invalid argument" insmod $KO frames=268435457
check_err fail_frames_absurd "Cannot allocate memory" insmod $KO frames=268435456
check_err fail_frames_total "Cannot allocate memory" insmod $KO frames=$((total + 1))
check_err fail_node_missing "Invalid argument" insmod $KO node=$(ls -d /sys/devices/system/node/node* | wc -l)
check_err fail_node_negative "Invalid argument" insmod $KO node=-2
check_err fail_node_huge "Invalid argument" insmod $KO node=2147483647
# busybox insmod retries a failed finit_module() with init_module(), so the
# kernel saw 14 loads: one line each.
check fail_one_line_each eq "$(dmesg | grep -c 'hwmem: ')" 14
check fail_not_loaded eq "$(grep -c '^hwmem ' /proc/modules)" 0
check fail_pages near "$(free_pages)" "$base" "$(slack 64)"

check kernel_clean kernel_clean
