#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks on the sanitized kernel, booted with page_owner=on: after
# hwmem has been loaded, used and unloaded, no page the page allocator
# handed out through hwmem's code is still allocated, not one.
#
# page_owner_stacks/show_stacks lists every allocation stack that still
# has pages, with their count.  While hwmem is loaded its frames name its
# functions; once it is gone, its addresses can no longer be named and
# show as bare hex, so the module's address range is taken from
# /proc/modules while it is loaded.  Slab pages are left out: a slab page
# that hwmem's kmalloc() once made belongs to SLUB and outlives hwmem's
# object in it (kmemleak, in sanitizers.sh, answers for the objects).
. /hwmem/lib.sh
T=pageowner

S=/sys/kernel/debug/page_owner_stacks/show_stacks
[ -f $S ] || exit 0

# hwmem_pages LO HI: pages still allocated from a stack through hwmem's
# text, by name or by an address in [LO, HI) (16 hex digits, no 0x:
# compared as strings, since awk's numbers cannot hold 64 bits).
hwmem_pages() {
	awk -v lo="$1" -v hi="$2" '
		/^nr_base_pages:/ {
			if (ours && !slab)
				n += $2
			ours = slab = 0
			next
		}
		/allocate_slab|new_slab|___slab_alloc/ { slab = 1 }
		/\[hwmem\]/ { ours = 1 }
		/^ *0x[0-9a-f]+$/ {
			a = substr($1, 3)
			if (length(a) == 16 && a >= lo && a < hi)
				ours = 1
		}
		END { print n + 0 }' $S
}

check load insmod $KO frames=2048 poison=1
# The module's core: its address and size, as the kernel lays it out.
set -- $(awk '$1 == "hwmem" { print $6, $2 }' /proc/modules)
lo=${1#0x}
hi=$(printf '%016x' $(( $1 + $2 )))
hwmemctl slab create po 40 > /dev/null
hwmemctl slab alloc po > /dev/null
hwmemctl buddy alloc 2 > /dev/null
hwmemctl frames alloc 3 > /dev/null
s=$(hwmemctl virt create)
hwmemctl virt map "$s" 0x400000 "$(hwmemctl frames alloc)"
cat $D/info $D/numa $D/cache/hierarchy $D/virt/kernel > /dev/null
# While loaded, the frames it reserved are its own: 2048 pages at least.
check sees_hwmem eq "$([ "$(hwmem_pages "$lo" "$hi")" -ge 2048 ] && echo yes ||
	echo "only $(hwmem_pages "$lo" "$hi") pages")" yes
check unload rmmod hwmem
check no_page_left eq "$(hwmem_pages "$lo" "$hi")" 0
check kernel_clean kernel_clean
