#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks for the heaps: bump, buddy and slab through debugfs, bad
# input, the example client module, two writers at once, unloading with
# allocations outstanding.
. /hwmem/lib.sh
T=heap

# hex ADDR: an address as a decimal number, for arithmetic.
hex() { echo $(($1)); }

dmesg -c > /dev/null
# buddy_hot=0: every free merges at once, so splits and merges show.
check load insmod $KO frames=2048 buddy_hot=0
check load_line eq "$(dmesg | grep -c 'hwmem: loaded version [0-9.]*: frames 2048 (8192 KiB), regions [0-9]*, node any; heaps: bump 16, buddy 256 frames$')" 1
check dirs eq "$(ls $D | tr '\n' ' ')" "buddy bump cache frames info numa replay slab virt "
check backing_frames eq "$(field frames owner_bump)/$(field frames owner_buddy)/$(field frames free)" 16/256/1776
check backing_map eq "$(cut -d ' ' -f 2 $D/frames/map | tr -cd m | wc -c)/$(cut -d ' ' -f 2 $D/frames/map | tr -cd b | wc -c)" 16/256

# --- bump ---
B=bump
check bump_state eq "$(field $B capacity)/$(field $B used)/$(field $B free)" 65536/0/65536
base=$(field $B base)
a=$(hwmemctl $B alloc 100)
check bump_first eq "$a" "$base"
b=$(hwmemctl $B alloc 1 64)
check bump_aligned eq "$(( $(hex "$b") % 64 ))/$(( $(hex "$b") - $(hex "$a") ))" 0/128
c=$(hwmemctl $B alloc 8)
check bump_default_align eq "$(( $(hex "$c") - $(hex "$b") ))" 8
check bump_used eq "$(field $B used)/$(field $B allocs)/$(field $B peak)" 144/3/144
check_err bump_zero "Invalid argument" hwmemctl $B alloc 0
check_err bump_align3 "Invalid argument" hwmemctl $B alloc 8 3
check_err bump_align0 "Invalid argument" hwmemctl $B alloc 8 0
check_err bump_noarg "Invalid argument" hwmemctl $B alloc
check_err bump_word "Invalid argument" hwmemctl $B alloc many
check_err bump_args "Invalid argument" hwmemctl $B reset now
check_err bump_too_big "Cannot allocate memory" hwmemctl $B alloc 65536
check bump_refused_no_change eq "$(field $B used)/$(field $B allocs)/$(field $B failures)" 144/3/1
check bump_reset hwmemctl $B reset
check bump_after_reset eq "$(field $B used)/$(field $B peak)/$(field $B resets)" 0/144/1
check bump_reuse eq "$(hwmemctl $B alloc 65536)" "$base"
check_err bump_full "Cannot allocate memory" hwmemctl $B alloc 1
hwmemctl $B reset

# --- buddy ---
Y=buddy
check buddy_state eq "$(field $Y capacity)/$(field $Y min_block)/$(field $Y max_order)/$(field $Y free_bytes)" \
	1048576/4096/8/1048576
check buddy_fresh_orders eq "$(grep -c '^order [0-7]: free 0 unusable 0.000 extfrag -1.000$' $D/$Y/state)/$(grep -c '^order 8: free 1 unusable 0.000 extfrag -1.000$' $D/$Y/state)" 8/1
ybase=$(field $Y base)
x=$(hwmemctl $Y alloc 0)
check buddy_alloc_first eq "$x" "$ybase"
check buddy_split eq "$(grep -c '^order [0-7]: free 1 ' $D/$Y/state)/$(field $Y free_bytes)" 8/1044480
check buddy_map_lines eq "$(wc -l < $D/$Y/map)" 4
check buddy_map_first eq "$(head -n 1 $D/$Y/map)" \
	"0x000000 Aab.c...d.......e...............f..............................."
check buddy_map_second eq "$(sed -n 2p $D/$Y/map | cut -c 1-14)" "0x040000 g...."
check buddy_free hwmemctl $Y free "$x"
check buddy_merged eq "$(grep -c '^order 8: free 1 ' $D/$Y/state)/$(field $Y free_bytes)" 1/1048576
check buddy_map_whole eq "$(cat $D/$Y/map | cut -d ' ' -f 2 | tr -d '\n')" \
	"i$(printf '%0255d' 0 | tr 0 .)"

o2=$(hwmemctl $Y alloc 2)
check buddy_aligned eq "$(( ($(hex "$o2") - $(hex "$ybase")) % 16384 ))" 0
check_err buddy_free_interior "Invalid argument" hwmemctl $Y free "$(printf '%#x' $(( $(hex "$o2") + 4096 )))"
check_err buddy_free_misaligned "Invalid argument" hwmemctl $Y free "$(printf '%#x' $(( $(hex "$o2") + 1 )))"
check_err buddy_free_foreign "Invalid argument" hwmemctl $Y free 0x1000
check_err buddy_free_end "Invalid argument" hwmemctl $Y free "$(printf '%#x' $(( $(hex "$ybase") + 1048576 )))"
check_err buddy_free_noarg "Invalid argument" hwmemctl $Y free
check_err buddy_order_big "Invalid argument" hwmemctl $Y alloc 9
check_err buddy_order_range "Invalid argument" hwmemctl $Y alloc 21
check_err buddy_order_neg "Invalid argument" hwmemctl $Y alloc -1
check_err buddy_order_word "Invalid argument" hwmemctl $Y alloc one
check buddy_refused_counted eq "$(field $Y free_refused)/$(field $Y allocated_bytes)" 4/16384
check buddy_free_o2 hwmemctl $Y free "$o2"
check_err buddy_double_free "Invalid argument" hwmemctl $Y free "$o2"
all=$(hwmemctl $Y alloc 8)
check_err buddy_full "Cannot allocate memory" hwmemctl $Y alloc 0
check buddy_full_state eq "$(field $Y largest_free_order)/$(grep -c '^order [0-8]: free 0 unusable 1.000 extfrag 0.000$' $D/$Y/state)" -1/9
check buddy_full_counted eq "$(field $Y alloc_failed)" 1
hwmemctl $Y free "$all"
check buddy_back eq "$(field $Y free_bytes)/$(field $Y allocs)/$(field $Y frees)" 1048576/3/3

# --- slab ---
S=slab
check slab_defaults eq "$(grep -c '^hwmem-\(64 64\|256 256\|1024 1024\) 8 ' $D/$S/caches)" 3
check slab_header eq "$(head -n 1 $D/$S/caches | cut -d ' ' -f 1-4)" "# name size align"
p=$(hwmemctl $S alloc hwmem-64)
check slab_alloc eq "$(cache_field hwmem-64 inuse)/$(cache_field hwmem-64 slabs)/$(field frames owner_slab)" 1/1/1
check slab_alloc_aligned eq "$(( $(hex "$p") % 8 ))" 0
check slab_free hwmemctl $S free hwmem-64 "$p"
check slab_empty_kept eq "$(cache_field hwmem-64 inuse)/$(cache_field hwmem-64 slabs)/$(cache_field hwmem-64 empty)" 0/1/1
check slab_shrink eq "$(hwmemctl $S shrink hwmem-64)" 1
check slab_shrunk eq "$(cache_field hwmem-64 slabs)/$(field frames owner_slab)" 0/0
per=$(cache_field hwmem-64 objs_per_slab)
: > /tmp/objs
i=0
while [ $i -le "$per" ]; do
	hwmemctl $S alloc hwmem-64 >> /tmp/objs
	i=$((i + 1))
done
check slab_grow eq "$(sort -u /tmp/objs | wc -l)/$(cache_field hwmem-64 slabs)/$(cache_field hwmem-64 full)/$(cache_field hwmem-64 partial)" \
	"$((per + 1))/2/1/1"
while read -r p; do
	hwmemctl $S free hwmem-64 "$p" || fail slab_free_all "$p"
done < /tmp/objs
check slab_one_empty_kept eq "$(cache_field hwmem-64 slabs)/$(cache_field hwmem-64 shrinks)" 1/2

check slab_create hwmemctl $S create mine 100 16
check slab_created eq "$(grep '^mine ' $D/$S/caches | cut -d ' ' -f 1-4)" "mine 100 16 112"
m=$(hwmemctl $S alloc mine)
check_err slab_destroy_busy "Device or resource busy" hwmemctl $S destroy mine
check_err slab_free_other_cache "Invalid argument" hwmemctl $S free hwmem-64 "$m"
check_err slab_free_misaligned "Invalid argument" hwmemctl $S free mine "$(printf '%#x' $(( $(hex "$m") + 8 )))"
check_err slab_free_foreign "Invalid argument" hwmemctl $S free mine 0x1000
check slab_free_mine hwmemctl $S free mine "$m"
check_err slab_double_free "Invalid argument" hwmemctl $S free mine "$m"
check slab_refused_counted eq "$(cache_field mine free_refused)/$(cache_field hwmem-64 free_refused)" 3/1
check slab_destroy hwmemctl $S destroy mine
check slab_destroyed eq "$(grep -c '^mine ' $D/$S/caches)" 0
check_err slab_unknown "No such file or directory" hwmemctl $S alloc mine
check_err slab_bad_name "Invalid argument" hwmemctl $S create 'a/b' 8
check_err slab_long_name "Invalid argument" hwmemctl $S create 0123456789abcdef 8
check_err slab_dup "File exists" hwmemctl $S create hwmem-64 64
check_err slab_size_zero "Invalid argument" hwmemctl $S create z 0
check_err slab_size_huge "Invalid argument" hwmemctl $S create z 40000
check_err slab_align3 "Invalid argument" hwmemctl $S create z 8 3
check_err slab_free_args "Invalid argument" hwmemctl $S free hwmem-64
check_err slab_verb "Invalid argument" hwmemctl $S grow hwmem-64
i=3
while [ $i -lt 32 ]; do
	hwmemctl $S create "c$i" 32 || fail slab_fill "c$i"
	i=$((i + 1))
done
check_err slab_no_slot "No space left on device" hwmemctl $S create c32 32
i=3
while [ $i -lt 32 ]; do
	hwmemctl $S destroy "c$i" || fail slab_unfill "c$i"
	i=$((i + 1))
done
check slab_caches_back eq "$(grep -vc '^#' $D/$S/caches)" 3

# --- buddy/buddyinfo and slab/slabinfo, read as the kernel's files are ---
# One reader for /proc/buddyinfo and buddy/buddyinfo: node, zone, orders
# listed, free pages (blocks of order n count 2^n).
buddyinfo_read() {
	awk '$1 == "Node" && $3 == "zone" {
		sub(",", "", $2); n = 0; m = 1
		for (i = 5; i <= NF; i++) { n += $i * m; m *= 2 }
		print $2, $4, NF - 4, n
	}' "$1"
}
# One reader for /proc/slabinfo and slab/slabinfo (version 2.1): for cache
# NAME, active_objs num_objs objsize objperslab pagesperslab active_slabs
# num_slabs; nothing if the header is not version 2.1.
slabinfo_read() {
	awk -v n="$2" 'NR == 1 && $0 != "slabinfo - version: 2.1" { exit }
		NR == 2 && $2 != "name" { exit }
		NR > 2 && $1 == n && $7 == ":" && $8 == "tunables" && $13 == "slabdata" {
			print $2, $3, $4, $5, $6, $14, $15
		}' "$1"
}
check proc_buddyinfo_read eq "$(buddyinfo_read /proc/buddyinfo | awk '$3 >= 11' | grep -c .)" \
	"$(grep -c '^Node' /proc/buddyinfo)"
b=$(hwmemctl buddy alloc 2)
check buddyinfo eq "$(buddyinfo_read $D/buddy/buddyinfo | cut -d ' ' -f 2-)" \
	"hwmem $(($(field buddy max_order) + 1)) $(($(field buddy free_bytes) / 4096))"
check buddyinfo_node test -d "/sys/devices/system/node/node$(buddyinfo_read $D/buddy/buddyinfo |
	cut -d ' ' -f 1)"
hwmemctl buddy free "$b"
check proc_slabinfo_read eq "$(slabinfo_read /proc/slabinfo kmalloc-64 | wc -w)" 7
o=$(hwmemctl $S alloc hwmem-64)
per=$(cache_field hwmem-64 objs_per_slab)
check slabinfo eq "$(slabinfo_read $D/$S/slabinfo hwmem-64)" "1 $per 64 $per 1 1 1"
hwmemctl $S free hwmem-64 "$o"

# --- the example client: holds memory, and hwmem while it is loaded ---
dmesg -c > /dev/null
check client_load insmod /hwmem/hwmem_client.ko
check client_line eq "$(dmesg | grep -c 'hwmem_client: holding 8 objects of slab cache client-48, an order-2 buddy block, and frame 0x[0-9a-f]*$')" 1
check client_holds eq "$(cache_field client-48 inuse)/$(field buddy allocated_bytes)/$(field frames owner_client)" 8/16384/1
check_err client_pins_hwmem "in use\|unavailable\|busy" rmmod hwmem
check client_unload rmmod hwmem_client
check client_gave_back eq "$(grep -c '^client-48 ' $D/$S/caches)/$(field buddy allocated_bytes)/$(field frames owner_client)" 0/0/0

# --- two writers at once, one per CPU where there are two ---
before_free=$(field frames free)
cat > /tmp/worker.sh <<'EOW'
i=0
while [ $i -lt 60 ]; do
	f=$(hwmemctl frames alloc 2) || echo "worker $1: frames alloc"
	y=$(hwmemctl buddy alloc $((i % 3))) || echo "worker $1: buddy alloc"
	s=$(hwmemctl slab alloc hwmem-64) || echo "worker $1: slab alloc"
	for p in $f; do hwmemctl frames free "$p" || echo "worker $1: frames free"; done
	hwmemctl buddy free "$y" || echo "worker $1: buddy free"
	hwmemctl slab free hwmem-64 "$s" || echo "worker $1: slab free"
	i=$((i + 1))
done
EOW
cpus=$(nproc)
taskset -c 0 sh /tmp/worker.sh 0 > /tmp/w0 2>&1 &
taskset -c $((cpus - 1)) sh /tmp/worker.sh 1 > /tmp/w1 2>&1 &
wait
check stress_no_errors eq "$(cat /tmp/w0 /tmp/w1)" ""
check stress_frames eq "$(field frames free)" "$before_free"
check stress_buddy eq "$(field buddy free_bytes)/$(field buddy free_refused)" 1048576/5
check stress_slab eq "$(cache_field hwmem-64 inuse)/$(cache_field hwmem-64 free_refused)" 0/1
check stress_counts eq "$(( $(field buddy allocs) - $(field buddy frees) ))/$(( $(cache_field hwmem-64 allocs) - $(cache_field hwmem-64 frees) ))" 0/0

# --- unload with allocations outstanding: one line per allocator ---
hwmemctl bump alloc 100 > /dev/null
hwmemctl buddy alloc 1 > /dev/null
hwmemctl slab alloc hwmem-256 > /dev/null
hwmemctl slab alloc hwmem-256 > /dev/null
hwmemctl frames alloc > /dev/null
dmesg -c > /dev/null
check unload rmmod hwmem
check unload_bump eq "$(dmesg | grep -c 'hwmem: bump: 100 bytes still allocated at unload')" 1
check unload_buddy eq "$(dmesg | grep -c 'hwmem: buddy: 1 blocks (8192 bytes) still allocated at unload')" 1
check unload_slab eq "$(dmesg | grep -c 'hwmem: slab: 2 objects still allocated at unload')" 1
check unload_frames eq "$(dmesg | grep -c 'hwmem: frames: 1 still allocated at unload')" 1

# --- hot lists (on by default): a freed small block stays unmerged and
# comes back first ---
check load_hot insmod $KO frames=1024
check hot_state eq "$(field buddy hot_max)/$(field buddy hot_blocks)" "8/0 0 0 0"
h=$(hwmemctl buddy alloc 0)
hwmemctl buddy free "$h"
check hot_kept eq "$(field buddy hot_blocks)/$(grep -c '^order 0: free 2 ' $D/buddy/state)" "1 0 0 0/1"
check hot_reused eq "$(hwmemctl buddy alloc 0)" "$h"
check hot_double_free hwmemctl buddy free "$h"
check_err hot_double_free_refused "Invalid argument" hwmemctl buddy free "$h"
check hot_big_alloc eq "$(hwmemctl buddy alloc 7 | grep -c '^0x')" 1
rmmod hwmem

# --- explicit sizes, heaps off, sizes that cannot fit, poisoning ---
check load_sizes insmod $KO frames=1024 bump_frames=3 buddy_frames=100 poison=1
check sizes eq "$(field bump capacity)/$(field buddy capacity)/$(field buddy max_order)" 12288/409600/6
check poisoned eq "$(dmesg | grep -c 'buddy 100 frames, poisoned$')" 1
for o in 0 3 6; do
	q=$(hwmemctl buddy alloc $o) && hwmemctl buddy free "$q"
done
q=$(hwmemctl slab alloc hwmem-1024) && hwmemctl slab free hwmem-1024 "$q"
q=$(hwmemctl slab alloc hwmem-1024) && hwmemctl slab free hwmem-1024 "$q"
check poison_clean eq "$(field buddy poison_errors)/$(cache_field hwmem-1024 poison_errors)" 0/0
rmmod hwmem
check load_heaps_off insmod $KO frames=256 bump_frames=0 buddy_frames=0
check heaps_off eq "$(ls $D | tr '\n' ' ')" "cache frames info numa replay slab virt "
rmmod hwmem
dmesg -c > /dev/null
check_err buddy_too_big "Cannot allocate memory" insmod $KO frames=1024 buddy_frames=2048
check buddy_too_big_line eq "$(dmesg | grep -c 'hwmem: cannot take 2048 contiguous frames for the buddy heap (buddy_frames)$')" 2

check kernel_clean kernel_clean
