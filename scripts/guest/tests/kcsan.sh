#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks on the KCSAN kernel (scripts/xkernel.sh kcsan), two vCPUs
# running at once: the race cases of every suite (kthreads on each CPU
# hammering frames, buddy under each policy, slab and virt), then four
# writers through debugfs; KCSAN must report no race in hwmem.  Skipped
# on kernels without KCSAN.
. /hwmem/lib.sh
T=kcsan

[ -e /sys/kernel/debug/kcsan ] || exit 0

# KCSAN reports whose text names hwmem.
hwmem_races() {
	dmesg | awk -f /hwmem/kcsan-filter.awk | grep -c 'BUG: KCSAN:.*'
}

check enabled grep -q '^enabled: 1$' /sys/kernel/debug/kcsan
check cpus eq "$(nproc)" 2
# A watchpoint every 4000 accesses (the default) catches a race in the
# short race cases only now and then: while they run, one every 20.
P=/sys/module/kcsan/parameters
skip=$(cat $P/skip_watch)
echo 20 > $P/skip_watch
dmesg -c > /dev/null
check load_kunit insmod /hwmem/kunit.ko 'filter_glob=*.*_race'
check load_races insmod /hwmem/hwmem_test.ko
ktap_results kunit-kcsan
check races_ran eq "$(klog | grep -c '^    ok [0-9]* [a-z]*_test_race$')" 10
check unload_races rmmod hwmem_test
rmmod kunit
echo "$skip" > $P/skip_watch

check load insmod $KO frames=4096
hwmem-fuzz stress -n 200 -w 4
check stress_exit eq "$?" 0
check unload rmmod hwmem
check no_race_in_hwmem eq "$(hwmem_races)" 0
dmesg | awk -f /hwmem/kcsan-filter.awk | grep -A 30 'BUG: KCSAN:' | head -n 60
check kernel_clean kernel_clean
