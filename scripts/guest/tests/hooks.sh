#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks for the callbacks another module may put in place of the
# platform's (samples/hwmem/hwmem_meminfo.ko): info shows its figures while
# it is loaded and the kernel's after; a module that forgets to restore is
# restored for; and a module loaded and unloaded over and over while
# another process reads info thousands of times never leaves hwmem calling
# freed code (the sanitized kernel's KASAN and lockdep watch this too).
. /hwmem/lib.sh
T=hooks

MI=/hwmem/hwmem_meminfo.ko
total() { sed -n 's/^total_bytes: //p' $D/info; }
kernel_total=$(($(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo) * 1024))

check load insmod $KO frames=1024
check kernel_figures eq "$(total)/$(sed -n 's/^swap_total_bytes: //p' $D/info)" \
	"$kernel_total/unknown"
check meminfo_load insmod $MI
check its_figures eq "$(cat $D/info | tr '\n' ' ')" \
	"total_bytes: 4294967296 free_bytes: 1073741824 available_bytes: 2147483648 swap_total_bytes: 536870912 swap_free_bytes: 268435456 "
check_err pins_hwmem "in use\|unavailable\|busy" rmmod hwmem
check meminfo_unload rmmod hwmem_meminfo
check kernel_again eq "$(total)/$(sed -n 's/^swap_total_bytes: //p' $D/info)" \
	"$kernel_total/unknown"
check its_own_args insmod $MI total_bytes=123456789 free_bytes=7
check its_own_args_shown eq "$(total)/$(sed -n 's/^free_bytes: //p' $D/info)" 123456789/7
rmmod hwmem_meminfo

# A module that unloads without restoring: hwmem restores, and says so.
dmesg -c > /dev/null
check careless_load insmod $MI leave_in_place=1
check careless_shown eq "$(total)" 4294967296
check careless_unload rmmod hwmem_meminfo
check restored_for_it eq "$(total)" "$kernel_total"
check restored_line eq "$(dmesg | grep -c 'hwmem: hwmem_meminfo left its memory hook in place at unload; restored the default$')" 1

# Load and unload, 100 times, a callback that sleeps 200 us in each
# call, while a reader reads info 3000 times: every read is whole, and
# shows one set of figures or the other.
( i=0; bad=0
  while [ $i -lt 3000 ]; do
	t=$(total) || bad=$((bad + 1))
	case $t in "$kernel_total" | 4294967296) ;; *) bad=$((bad + 1)) ;; esac
	i=$((i + 1))
  done
  echo "$bad" > /tmp/hooks-bad ) &
reader=$!
cycles=0
while kill -0 $reader 2>/dev/null && [ $cycles -lt 100 ]; do
	insmod $MI delay_us=200 && rmmod hwmem_meminfo && cycles=$((cycles + 1))
done
wait $reader
check stress_reads_whole eq "$(cat /tmp/hooks-bad)" 0
check stress_cycles eq "$([ $cycles -ge 20 ] && echo enough || echo "$cycles")" enough
check stress_back eq "$(total)" "$kernel_total"
check unload rmmod hwmem
check kernel_clean kernel_clean
