#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run by scripts/coverage.sh in the sanitized kernel (CONFIG_GCOV_KERNEL),
# as /hwmem/run.sh: put the gcov-profiled modules (/hwmem/gcov-*.ko) in
# place of the plain ones, run every guest check (tests/*.sh: the KUnit
# suites of hwmem_test.ko in sanitizers.sh, the fuzzer and the writers in
# reliability.sh, and the rest), then send the profile out on the console,
# a tarball of every .gcda gzip'd and base64'd between marker lines.
#
# The checks load and unload hwmem.ko and hwmem_test.ko themselves.  The
# kernel keeps the counters of an unloaded module (gcov_persist=1, its
# default) and adds those of every later load of the same object to them,
# so /sys/kernel/debug/gcov holds the sum over every load once the checks
# are done, failed loads included.
. /hwmem/lib.sh
T=coverage

G=/sys/kernel/debug/gcov

for f in /hwmem/gcov-*.ko; do
	cp "$f" "/hwmem/${f#/hwmem/gcov-}"
done

# As /init runs them in test mode, with the same result lines; the
# kernel command line's hwmemtests=a,b runs only tests/a.sh and b.sh.
only=$(sed -n 's/.*hwmemtests=\([a-z0-9,._-]*\).*/\1/p' /proc/cmdline)
for t in /hwmem/tests/*.sh; do
	name=${t##*/}
	name=${name%.sh}
	case ",${only:-$name}," in
	*",$name,"*) ;;
	*) continue ;;
	esac
	sh "$t"
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "PASS $name.exit"
	else
		echo "FAIL $name.exit - tests/$name.sh exited $rc"
	fi
done

check no_module_left eq "$(grep -c '^hwmem' /proc/modules)" 0
check gcov_data eq "$(( $(find $G -name '*.gcda' | wc -l) > 0 ))" 1

# debugfs files have no size, so tar would store them empty: copy the
# data out with cat first.  Nothing of the kernel's may cut into the
# output from here on.
dmesg -n 1
mkdir -p /tmp/gcov
(cd $G && find . -name '*.gcda') | while read -r f; do
	mkdir -p "/tmp/gcov/${f%/*}"
	cat "$G/$f" > "/tmp/gcov/$f"
done
echo "HWMEM-GCOV-BEGIN"
tar -C /tmp/gcov -cf - . | gzip -c | base64
echo "HWMEM-GCOV-END"
