#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks for hwmem installed by DKMS (scripts/dkms-test.sh): the
# modules come from /lib/modules/$(uname -r), as DKMS and depmod left
# them, and load with modprobe, dependencies included.  Skipped when the
# boot has no such tree (scripts/vm.sh --modules).
. /hwmem/lib.sh
T=dkms

dep=/lib/modules/$(uname -r)/modules.dep
[ -f "$dep" ] && grep -q 'hwmem\.ko' "$dep" || exit 0

dmesg -c > /dev/null
check modprobe modprobe hwmem frames=1024
check version eq "$(cat /sys/module/hwmem/version)" "$(cat /hwmem/VERSION)"
check from_tree eq "$(dmesg | grep -c "hwmem: loaded version $(cat /hwmem/VERSION): frames 1024 ")" 1
check modprobe_remove modprobe -r hwmem
check unloaded eq "$(grep -c '^hwmem ' /proc/modules)" 0
# hwmem_client needs hwmem: modprobe loads it first, and -r takes both.
check modprobe_dep modprobe hwmem_client
check dep_loaded eq "$(grep -c '^hwmem ' /proc/modules)/$(grep -c '^hwmem_client ' /proc/modules)" 1/1
check modprobe_dep_remove modprobe -r hwmem_client
check dep_unloaded eq "$(grep -c '^hwmem' /proc/modules)" 0
check kernel_clean kernel_clean
