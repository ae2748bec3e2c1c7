#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks for hwmem's trace events: after real operations through
# debugfs, each event is read back from tracefs and checked field by field
# against what the commands answered, as a tool reading the kernel's kmem:
# events would read them.
#
# The trace is read twice: pointers from a copy taken with options/hash-ptr
# 0, every other field from one taken with hashing on.  Debian's 6.1 drops
# %s strings from some lines when hash-ptr is 0 (its trace_check_vprintf()
# reuses the iterator's format buffer, which the %p to %px rewrite filled).
. /hwmem/lib.sh
T=trace

TR=/sys/kernel/tracing

# snap: take both copies of the trace.
snap() {
	echo 0 > $TR/options/hash-ptr
	cat $TR/trace > /tmp/trace.raw
	echo 1 > $TR/options/hash-ptr
	cat $TR/trace > /tmp/trace.txt
}

# ev EVENT [N]: the Nth line (default 1) of EVENT in the trace, its ptr
# taken from the unhashed copy.
ev() {
	_l=$(grep " $1: " /tmp/trace.txt | sed -n "${2:-1}p")
	_p=$(grep " $1: " /tmp/trace.raw | sed -n "${2:-1}p" |
		sed -n 's/.* ptr=\([^ ]*\).*/\1/p')
	[ -n "$_p" ] && _l=$(echo "$_l" | sed "s/ ptr=[^ ]*/ ptr=$_p/")
	echo "$_l"
}

# f LINE KEY: the value of KEY=VALUE in LINE (up to the next blank).
f() { echo "$1" | sed -n "s/.* $2=\([^ ]*\).*/\1/p"; }

# Addresses as the ctl files answer them (0x...) and as %p prints them.
bare() { echo "${1#0x}"; }
null_ptr() { echo "$1" | grep -qE '^(0+|\(null\))$'; }

# fields LINE KEY=VALUE...: every KEY has exactly VALUE.
fields() {
	_l=$1
	shift
	[ -n "$_l" ] || { echo "no such event"; return 1; }
	for _kv in "$@"; do
		_v=$(f "$_l" "${_kv%%=*}")
		[ "$_v" = "${_kv#*=}" ] || { echo "${_kv%%=*} is '$_v': $_l"; return 1; }
	done
}

# site LINE FUNCTION: call_site names FUNCTION (a debugfs command).
site() { f "$1" call_site | grep -q "^$2+0x" || { echo "call_site: $1"; return 1; }; }

check load insmod $KO frames=2048 buddy_hot=0
check events_present test -d $TR/events/hwmem
check hash_ptr_option test -f $TR/options/hash-ptr
hash=$(cat $TR/options/hash-ptr)
echo > $TR/trace
echo 1 > $TR/events/hwmem/enable

pfn=$(hwmemctl frames alloc)
hwmemctl frames free "$pfn"
b=$(hwmemctl buddy alloc 1)
hwmemctl buddy free "$b"
big=$(hwmemctl buddy alloc 8)
hwmemctl buddy alloc 0 > /dev/null 2>&1
hwmemctl buddy free "$big"
o=$(hwmemctl slab alloc hwmem-256)
hwmemctl slab free hwmem-256 "$o"
hwmemctl slab create t40 40
o40=$(hwmemctl slab alloc t40)
hwmemctl slab free t40 "$o40"
hwmemctl slab destroy t40
hwmemctl bump alloc 4 > /dev/null
bp=$(hwmemctl bump alloc 100 64)
hwmemctl bump reset
s=$(hwmemctl virt create)
vp=$(hwmemctl frames alloc)
hwmemctl virt map "$s" 0x400000 "$vp"
hwmemctl virt map "$s" 0x400000 "$vp" > /dev/null 2>&1
hwmemctl virt unmap "$s" 0x400000
hwmemctl virt destroy "$s"
hwmemctl frames free "$vp"
echo 0 > $TR/events/hwmem/enable
snap

l=$(ev hwmem_frame_alloc)
check frame_alloc fields "$l" pfn="$pfn" order=0 owner=user
check frame_alloc_node eq "$(f "$l" node | grep -c '^[0-9][0-9]*$')" 1
check frame_alloc_site site "$l" frames_cmd_alloc
check frame_alloc_ptr eq "$(f "$l" ptr | grep -c '^[0-9a-f]*000$')" 1
l=$(ev hwmem_frame_free)
check frame_free fields "$l" pfn="$pfn" order=0 owner=user
check frame_free_site site "$l" frames_cmd_free

l=$(ev hwmem_buddy_alloc)
check buddy_alloc fields "$l" ptr="$(bare "$b")" order=1 bytes_alloc=8192
check buddy_alloc_site site "$l" buddy_cmd_alloc
l=$(ev hwmem_buddy_free)
check buddy_free fields "$l" ptr="$(bare "$b")" order=1 bytes_alloc=8192
check buddy_free_site site "$l" buddy_cmd_free
# The whole buffer taken, the next allocation fails: a NULL ptr.
l=$(ev hwmem_buddy_alloc 3)
check buddy_alloc_failed fields "$l" order=0 bytes_alloc=4096
check buddy_alloc_failed_null null_ptr "$(f "$l" ptr)"

l=$(ev hwmem_slab_alloc)
check slab_alloc fields "$l" ptr="$(bare "$o")" name=hwmem-256 bytes_req=256 bytes_alloc=256
check slab_alloc_site site "$l" slab_cmd_alloc
l=$(ev hwmem_slab_free)
check slab_free fields "$l" ptr="$(bare "$o")" name=hwmem-256
check slab_free_site site "$l" slab_cmd_free
l=$(ev hwmem_slab_alloc 2)
check slab_alloc_stride fields "$l" ptr="$(bare "$o40")" name=t40 bytes_req=40 bytes_alloc=40

# 4 bytes at the base, then 100 at 64: 60 bytes of padding taken too.
l=$(ev hwmem_bump_alloc 2)
check bump_alloc fields "$l" ptr="$(bare "$bp")" bytes_req=100 bytes_alloc=160 align=64
check bump_alloc_site site "$l" bump_cmd_alloc
check bump_reset fields "$(ev hwmem_bump_reset)" bytes=164

l=$(ev hwmem_virt_map)
check virt_map fields "$l" space="$s" va=0x400000 pfn="$vp" order=0 err=0
check virt_map_exists fields "$(ev hwmem_virt_map 2)" space="$s" err=-17
check virt_unmap fields "$(ev hwmem_virt_unmap)" space="$s" va=0x400000 pfn="$vp" order=0 err=0

# A failed frame allocation, as mm_page_alloc shows one: NULL, pfn 0.
echo > $TR/trace
echo 1 > $TR/events/hwmem/hwmem_frame_alloc/enable
while hwmemctl frames alloc 64 > /dev/null 2>&1; do :; done
while hwmemctl frames alloc > /dev/null 2>&1; do :; done
echo 0 > $TR/events/hwmem/hwmem_frame_alloc/enable
snap
l=$(ev hwmem_frame_alloc "$(grep -c ' hwmem_frame_alloc: ' /tmp/trace.txt)")
check frame_alloc_failed fields "$l" pfn=0x0 owner=user node=-1
check frame_alloc_failed_null null_ptr "$(f "$l" ptr)"

echo "$hash" > $TR/options/hash-ptr
echo > $TR/trace
check unload rmmod hwmem
check kernel_clean kernel_clean
