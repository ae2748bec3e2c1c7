#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What "make demo" shows inside the guest: load, look, drive, unload.

run() {
	echo
	echo "# $*"
	sh -c "$*" 2>&1
}

run insmod /hwmem/hwmem.ko
run "dmesg | grep 'hwmem: loaded'"
run hwmemctl
run hwmemctl frames
run hwmemctl frames alloc 2
run hwmemctl frames free 0x1
run hwmemctl frames alloc 0
run "hwmemctl frames map | head -n 2"
run hwmemctl buddy alloc 2
run "hwmemctl buddy alloc 0 && hwmemctl buddy map | head -n 1"
run hwmemctl buddy
run hwmemctl slab create points 24
run hwmemctl slab alloc points
run hwmemctl slab caches
run hwmemctl bump alloc 100 64
run hwmemctl bump
run hwmemctl virt create
run "hwmemctl virt map 1 0x400000 \$(hwmemctl frames alloc)"
run hwmemctl virt translate 1 0x400123
run hwmemctl virt dump
run "hwmemctl virt kernel | head -n 5"
run hwmemctl info
run hwmemctl numa
run hwmemctl cache hierarchy
run "hwmemctl cache time \$(hwmemctl frames alloc)"
run insmod /hwmem/hwmem_client.ko
run rmmod hwmem
run rmmod hwmem_client
run rmmod hwmem
run "dmesg | grep 'still allocated'"
