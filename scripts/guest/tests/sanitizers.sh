#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks that need the sanitized kernel (scripts/xkernel.sh): every
# KUnit suite as a loadable module, x86 platform code included; and a
# kmemleak scan after hwmem has been loaded, driven and unloaded.  Skipped
# on kernels without them.  KASAN, lockdep and sleep-in-atomic reports are
# caught by every test's kernel_clean check.
. /hwmem/lib.sh
T=sanitizers

if [ -f /hwmem/hwmem_test.ko ]; then
	# The sanitizers are really on: each says so at boot, or has a file.
	check kasan_on grep -q 'KernelAddressSanitizer initialized' /tmp/boot.log
	check lockdep_on test -e /proc/lockdep
	check kmemleak_on test -e /sys/kernel/debug/kmemleak
	dmesg -c > /dev/null
	check load_kunit insmod /hwmem/kunit.ko
	check load_suites insmod /hwmem/hwmem_test.ko
	ktap_results kunit-x86
	check suites_ran eq "$(klog | grep -c '^ok [0-9]* hwmem-')" "$(cat /hwmem/suites)"
	check unload_suites rmmod hwmem_test
	rmmod kunit
fi

if [ -f /sys/kernel/debug/kmemleak ]; then
	K=/sys/kernel/debug/kmemleak
	echo scan > $K
	echo clear > $K
	insmod $KO frames=2048 poison=1
	hwmemctl slab create leaky 40 > /dev/null
	for i in 1 2 3; do
		hwmemctl slab alloc leaky > /dev/null
		hwmemctl buddy alloc $i > /dev/null
		hwmemctl frames alloc 2 > /dev/null
	done
	s=$(hwmemctl virt create)
	hwmemctl virt map "$s" 0x400000 "$(hwmemctl frames alloc)"
	cat $D/virt/kernel $D/cache/hierarchy $D/numa $D/info > /dev/null
	rmmod hwmem
	sleep 6
	echo scan > $K
	check kmemleak_clean eq "$(grep -c 'unreferenced object' $K)" 0
	grep -A 12 'unreferenced object' $K | head -n 30
fi
check kernel_clean kernel_clean
