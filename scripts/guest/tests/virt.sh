#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks for virt: private spaces through debugfs, every table page
# accounted for, bad input, and hwmem's walk of the live kernel tables
# agreeing with the kernel's own view (4- or 5-level, as the CPU offers).
. /hwmem/lib.sh
T=virt
V=virt

check load insmod $KO frames=2048
check files eq "$(ls $D/$V | tr '\n' ' ')" "ctl dump kernel spaces "

# Frames to map: two for 4 KiB pages, and the first 512 of region 0
# (regions start on a block boundary, 4 MiB aligned when large enough).
pages=$(hwmemctl frames alloc 2)
p0=$(echo "$pages" | head -n 1)
p1=$(echo "$pages" | tail -n 1)
big=$(awk '/^region 0:/ { print $4 }' $D/frames/state)
check region_2m_aligned eq "$(( big % 512 ))/$(awk '/^region 0:/ { print ($6 >= 512) }' $D/frames/state)" 0/1
pgtables() { field frames owner_pgtable; }
space_line() { grep "^$1 " $D/$V/spaces; }

id=$(hwmemctl $V create)
check create eq "$id/$(space_line "$id")/$(pgtables)" "1/1 1 0 0/1"

check map_4k hwmemctl $V map 1 0x400000 "$p0"
check map_4k_tables eq "$(space_line 1)/$(pgtables)" "1 4 1 0/4"
check translate_4k eq "$(hwmemctl $V translate 1 0x400123 | cut -d ' ' -f 1-6)" \
	"pa $(printf '0x%x' $((p0 * 4096 + 0x123))) level 1 flags rw----"
check translate_next_page eq "$(hwmemctl $V translate 1 0x401000)" "not mapped (level 1)"
check translate_far eq "$(hwmemctl $V translate 1 0x7f0000000000)" "not mapped (level 4)"
check map_2m hwmemctl $V map2m 1 0x40000000 "$big" rwx
check translate_2m eq "$(hwmemctl $V translate 1 0x40012345 | cut -d ' ' -f 1-6)" \
	"pa $(printf '0x%x' $((big * 4096 + 0x12345))) level 2 flags rwx---"
check map_2m_tables eq "$(space_line 1)/$(pgtables)" "1 5 1 1/5"
check map_upper hwmemctl $V map 1 0xffff800000000000 "$p1" rwuad
check translate_upper eq "$(hwmemctl $V translate 1 0xffff800000000fff | cut -d ' ' -f 1-6)" \
	"pa $(printf '0x%x' $((p1 * 4096 + 0xfff))) level 1 flags rw-uad"

# dump: ranges in address order, neighbours that continue one another merged.
if [ $((p1)) -eq $((p0 + 1)) ]; then
	check map_neighbour hwmemctl $V map 1 0x401000 "$p1"
	check dump_merged eq "$(grep -c "^0x0000000000400000-0x0000000000402000 8K pa $(printf '0x%x' $((p0 * 4096))) rw---- 4K$" $D/$V/dump)" 1
	hwmemctl $V unmap 1 0x401000
else
	fail map_neighbour "frames $p0 and $p1 are not neighbours"
fi
check dump eq "$(cat $D/$V/dump)" "space 1:
0x0000000000400000-0x0000000000401000 4K pa $(printf '0x%x' $((p0 * 4096))) rw---- 4K
0x0000000040000000-0x0000000040200000 2M pa $(printf '0x%x' $((big * 4096))) rwx--- 2M
0xffff800000000000-0xffff800000001000 4K pa $(printf '0x%x' $((p1 * 4096))) rw-uad 4K"

# --- refused: errno, and nothing changes ---
before="$(space_line 1)/$(pgtables)"
check_err map_no_space "No such file or directory" hwmemctl $V map 9 0x800000 "$p0"
check_err map_id_zero "Invalid argument" hwmemctl $V map 0 0x800000 "$p0"
check_err map_noncanonical "Invalid argument" hwmemctl $V map 1 0x800000000000 "$p0"
check_err map_misaligned "Invalid argument" hwmemctl $V map 1 0x800001 "$p0"
check_err map_foreign_pfn "Invalid argument" hwmemctl $V map 1 0x800000 0x1
check_err map_bad_flags "Invalid argument" hwmemctl $V map 1 0x800000 "$p0" rq
check_err map_args "Invalid argument" hwmemctl $V map 1 0x800000
check_err map_over "File exists" hwmemctl $V map 1 0x400000 "$p1"
check_err map_in_2m "File exists" hwmemctl $V map 1 0x40001000 "$p1"
check_err map2m_over_4k "File exists" hwmemctl $V map2m 1 0x400000 "$big"
check_err map2m_misaligned_va "Invalid argument" hwmemctl $V map2m 1 0x80001000 "$big"
check_err map2m_misaligned_pfn "Invalid argument" hwmemctl $V map2m 1 0x80000000 "$((big + 1))"
check_err unmap_unmapped "No such file or directory" hwmemctl $V unmap 1 0x402000
check_err unmap_mid_2m "Invalid argument" hwmemctl $V unmap 1 0x40001000
check_err translate_noncanonical "Invalid argument" hwmemctl $V translate 1 0x800000000000
check_err translate_no_space "No such file or directory" hwmemctl $V translate 7 0
check_err destroy_unknown "No such file or directory" hwmemctl $V destroy 99
check_err destroy_word "Invalid argument" hwmemctl $V destroy one
check_err create_args "Invalid argument" hwmemctl $V create 1
check_err ktranslate_noncanonical "Invalid argument" hwmemctl $V ktranslate 0x100000000000000
check_err ktranslate_word "Invalid argument" hwmemctl $V ktranslate kfree
check_err verb "Invalid argument" hwmemctl $V remap 1 0
check refused_no_change eq "$(space_line 1)/$(pgtables)" "$before"

# --- unmapping gives every table back; destroy frees the rest ---
check unmap_4k hwmemctl $V unmap 1 0x400000
check unmap_2m hwmemctl $V unmap 1 0x40000000
check unmap_upper hwmemctl $V unmap 1 0xffff800000000000
check reclaimed eq "$(space_line 1)/$(pgtables)" "1 1 0 0/1"
id2=$(hwmemctl $V create)
hwmemctl $V map "$id2" 0x1000 "$p0"
hwmemctl $V map "$id2" 0x7fffffffe000 "$p1"
check two_spaces eq "$(grep -vc '^#' $D/$V/spaces)/$(pgtables)" "2/8"
check destroy hwmemctl $V destroy "$id2"
check destroyed eq "$(grep -vc '^#' $D/$V/spaces)/$(pgtables)" "1/1"
check mapped_frames_kept eq "$(field frames owner_user)" 2
i=1
while [ $i -lt 16 ]; do
	hwmemctl $V create > /dev/null || fail fill_spaces "$i"
	i=$((i + 1))
done
check_err no_slot "No space left on device" hwmemctl $V create
check ids_not_reused eq "$(tail -n 1 $D/$V/spaces | cut -d ' ' -f 1)" 17

# --- the live kernel tables, hwmem's walk against the kernel's ---
if grep -qw la57 /proc/cpuinfo; then levels=5; else levels=4; fi
kernel=$(cat $D/$V/kernel)
echo "$kernel" | sed 's/^/    /'
check ksamples eq "$(echo "$kernel" | cut -d ' ' -f 1 | tr '\n' ' ')" \
	"direct-map kmalloc vmalloc vmalloc-guard kernel-text module-text module-data stack null hwmem-frame hwmem-meta "
check ksamples_match eq "$(echo "$kernel" | grep -c " levels $levels match$")" 11
check ksample_guard_unmapped eq "$(echo "$kernel" | grep -c '^vmalloc-guard .* walk not mapped')" 1
check ksample_direct_mapped eq "$(echo "$kernel" | grep -c '^direct-map .* walk pa 0x[0-9a-f]* level')" 1
# Kernel symbols and hwmem's own allocations, through ktranslate.
for sym in _text _etext jiffies init_task; do
	a=$(awk -v s="$sym" '$3 == s { print "0x" $1; exit }' /proc/kallsyms)
	[ "$((a))" -ne 0 ] || fail "kallsyms_$sym" "no address for $sym in /proc/kallsyms"
	check "ktranslate_$sym" eq "$(hwmemctl $V ktranslate "$a" | grep -c "levels $levels match$")" 1
done
# Named by what they are, not by their (randomized) addresses: the check
# names must be the same in every boot (scripts/expected-checks).
set -- slab_object "$(hwmemctl slab alloc hwmem-64)" buddy_base "$(field buddy base)" \
	0x0 0x0 0xffffffffffffffff 0xffffffffffffffff
while [ $# -ge 2 ]; do
	check "ktranslate_$1" eq "$(hwmemctl $V ktranslate "$2" | grep -c "levels $levels match$")" 1
	shift 2
done

# --- unload with spaces left ---
dmesg -c > /dev/null
check unload rmmod hwmem
check unload_line eq "$(dmesg | grep -c 'hwmem: virt: 16 address spaces (16 table pages) still existed at unload, freed')" 1
check kernel_clean kernel_clean
