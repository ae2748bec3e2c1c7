#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What "make demo" shows inside the guest: load, look, drive, unload.

run() {
	echo
	echo "# $*"
	sh -c "$*" 2>&1
}

run insmod /hwmem/hwmem.ko frames=4096
run "dmesg | grep 'hwmem: loaded'"
run hwmemctl
run hwmemctl frames
run hwmemctl frames alloc
run hwmemctl frames alloc 3
run hwmemctl frames free 0x1
run hwmemctl frames alloc 0
run "hwmemctl frames map | head -n 3"
run hwmemctl frames
run rmmod hwmem
run "dmesg | grep 'hwmem: frames'"
