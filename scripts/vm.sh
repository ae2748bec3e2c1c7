#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot a Debian kernel in QEMU with hwmem in a busybox initramfs.
#
#   scripts/vm.sh [options] test|demo|shell
#   scripts/vm.sh [options] --run SCRIPT [--files "F..."] run
#
#   --kernel 6.1|6.12|RELEASE   Debian kernel to boot (default 6.12), or
#                               "sanitized" or "kcsan": scripts/xkernel.sh's
#                               KASAN, lockdep and page_owner kernel or its
#                               KCSAN kernel, with hwmem_test.ko (the KUnit
#                               suites) in the initramfs too
#   --cpu MODEL                 QEMU CPU model (default qemu64: 4-level paging)
#   --nodes 1|2                 NUMA nodes (default 1); 2 gives 2 CPUs, one per node
#   --mem SIZE                  guest memory (default 1G)
#   --smp SPEC                  QEMU -smp for one node (default 1)
#   --tests a,b                 test mode: only scripts/guest/tests/{a,b}.sh
#   --name NAME                 prefix of the result lines (default vm.<kernel>)
#   --fuzz N,SEED               reliability test: N fuzzer commands, seed SEED
#   --modules DIR               DIR/lib/modules becomes the guest's /lib/modules
#                               (a DKMS install, for modprobe; scripts/dkms-test.sh)
#   --run SCRIPT                run mode: the guest runs SCRIPT (as /hwmem/run.sh)
#   --files "F..."              more files for the guest's /hwmem
#
# test: runs scripts/guest/tests/*.sh in the guest and prints their
# "PASS|FAIL <name>" lines; fails if any check failed or the guest did not
# finish.  demo: loads hwmem and shows it.  shell: an interactive shell
# (leave with 'poweroff -f', or Ctrl-a x).  run: runs a script of the
# caller's and prints the path of the serial log, for the caller to read
# (scripts/traces.sh, scripts/experiments.sh).
#
# QEMU runs under TCG: KVM cannot boot Debian's kernels on the machines this
# was built on.  HWMEM_ACCEL=kvm picks KVM where it works.  The serial log
# of each run is kept in build/logs/.
set -eu
. "$(dirname "$0")/lib.sh"

kernel=6.12 cpu=qemu64 nodes=1 mem=1G smp=1 tests= name= fuzz= modules= run= files=
while [ $# -gt 1 ]; do
	case "$1" in
	--kernel) kernel=$2 ;;
	--cpu) cpu=$2 ;;
	--nodes) nodes=$2 ;;
	--mem) mem=$2 ;;
	--smp) smp=$2 ;;
	--tests) tests=$2 ;;
	--name) name=$2 ;;
	--fuzz) fuzz=$2 ;;
	--modules) modules=$2 ;;
	--run) run=$2 ;;
	--files) files=$2 ;;
	*) die "unknown option $1" ;;
	esac
	shift 2
done
mode=${1:-}
case "$mode" in
test | demo | shell | run) ;;
*) die "usage: scripts/vm.sh [--kernel K] [--cpu M] [--nodes N] [--mem S] [--tests a,b] test|demo|shell" ;;
esac
name=${name:-vm.$kernel}

need_pkgs qemu-system-x86 busybox-static cpio fakeroot xz-utils gcc libc6-dev
own=
case $kernel in
sanitized | kcsan) own=$kernel ;;
esac
if [ -n "$own" ]; then
	krel=$own
	kdir=$("$HWMEM_ROOT/scripts/xkernel.sh" "$own")
	vmlinuz="$kdir/arch/x86/boot/bzImage"
else
	krel=$(krel "$kernel")
	[ -n "$krel" ] || die "no Debian kernel found for $kernel"
	vmlinuz=$(kernel_image "$krel")
fi
ko=$("$HWMEM_ROOT/scripts/build.sh" "$krel")

# The initramfs: busybox, /init, the module, hwmemctl and the checks.
work="$HWMEM_ROOT/build/vm/$krel"
rm -rf "$work/root"
mkdir -p "$work/root/bin" "$work/root/hwmem" "$HWMEM_ROOT/build/logs"
cp /bin/busybox "$work/root/bin/busybox"
cp "$HWMEM_ROOT/scripts/guest/init" "$work/root/init"
cp "$HWMEM_ROOT/scripts/guest/lib.sh" "$HWMEM_ROOT/scripts/guest/demo.sh" \
	"$HWMEM_ROOT/scripts/guest/kernel-problems" \
	"$HWMEM_ROOT/scripts/guest/kcsan-filter.awk" \
	"$HWMEM_ROOT/scripts/hwmemctl" "$ko" \
	"${ko%/hwmem.ko}/samples/hwmem/hwmem_client.ko" \
	"${ko%/hwmem.ko}/samples/hwmem/hwmem_meminfo.ko" "$work/root/hwmem/"
cp -r "$HWMEM_ROOT/scripts/guest/tests" "$work/root/hwmem/tests"
cp "$HWMEM_ROOT/VERSION" "$work/root/hwmem/VERSION"
if [ "$mode" = run ]; then
	[ -f "$run" ] || die "run mode needs --run SCRIPT"
	cp "$run" "$work/root/hwmem/run.sh"
fi
for f in $files; do
	cp "$f" "$work/root/hwmem/" || die "cannot copy $f into the guest"
done
if [ -n "$modules" ]; then
	[ -d "$modules/lib/modules" ] || die "no lib/modules in $modules"
	cp -a "$modules/lib" "$work/root/lib"
fi
gcc -static -O2 -Wall -o "$work/root/hwmem/hwmem-fuzz" "$HWMEM_ROOT/scripts/guest/fuzz.c" ||
	die "cannot build the guest fuzzer"
gcc -static -O2 -Wall -I "$HWMEM_ROOT/hwmem/include/uapi" -o "$work/root/hwmem/hwmem-trace" \
	"$HWMEM_ROOT/scripts/hwmem-trace.c" || die "cannot build the guest's hwmem-trace"
if [ -n "$own" ]; then
	cp "${ko%/hwmem.ko}-test/hwmem_test.ko" "$kdir/lib/kunit/kunit.ko" "$work/root/hwmem/"
	# How many suites the guest must see run (every one but the benchmark).
	# kunit_test_suite(s) counts one; kunit_test_suites(&a, &b, ...) one an &.
	find "$HWMEM_ROOT/kunit" -name '*-kunit.h' -exec cat {} + | awk '
		/^kunit_test_suite\(/ { n++ }
		/^kunit_test_suites\(/ { in_list = 1 }
		in_list { n += gsub(/&/, "&"); if (/;/) in_list = 0 }
		END { print n }' > "$work/root/hwmem/suites"
fi
# A RAM disk driver from the kernel's own modules, for a swap device.
brd=$(find "$HWMEM_CACHE/kernels/$krel/lib/modules" -name 'brd.ko*' 2>/dev/null | head -n 1)
case "$brd" in
*.xz) xz -dc "$brd" > "$work/root/hwmem/brd.ko" ;;
?*) cp "$brd" "$work/root/hwmem/brd.ko" ;;
esac
chmod 755 "$work/root/init" "$work/root/hwmem/hwmemctl"
# Debian's cpio under fakeroot: files owned by root, and a /dev/console
# node without being root.
(cd "$work/root" && fakeroot sh -c 'mkdir -p dev && mknod -m 600 dev/console c 5 1 &&
	find . | LC_ALL=C sort | cpio --quiet -o -H newc') > "$work/initrd.cpio" ||
	die "cannot pack the initramfs"

# TCG runs every vCPU in one thread: with a thread per vCPU, a CPU could
# run stale translated code across the kernel's int3-based text patching
# and oops at boot ("Oops: int3" in enqueue_timer, seen once in -cpu EPYC).
accel=${HWMEM_ACCEL:-tcg}
# KCSAN finds races only between vCPUs that really run at once: its
# kernel gets multi-threaded TCG (and no text patching races were seen
# with its CPU model, qemu64).
if [ "$accel" = tcg ] && [ "$krel" = kcsan ]; then
	accel=tcg,thread=multi
elif [ "$accel" = tcg ]; then
	accel=tcg,thread=single
fi
set -- -accel "$accel" -m "$mem" -cpu "$cpu" \
	-kernel "$vmlinuz" -initrd "$work/initrd.cpio" \
	-nodefaults -display none -monitor none -nic none -no-reboot
if [ "$nodes" = 2 ]; then
	half=$(( $(echo "$mem" | sed 's/G$/*1024/; s/M$//') / 2 ))
	smp=2,sockets=2,cores=1,threads=1
	set -- "$@" -smp "$smp" \
		-object memory-backend-ram,id=m0,size=${half}M \
		-object memory-backend-ram,id=m1,size=${half}M \
		-numa node,nodeid=0,cpus=0,memdev=m0 \
		-numa node,nodeid=1,cpus=1,memdev=m1 \
		-numa dist,src=0,dst=1,val=21
else
	set -- "$@" -smp "$smp"
fi
append="console=ttyS0 panic=-1 quiet brd.rd_size=65536 hwmemvm=$mode${tests:+ hwmemtests=$tests}${fuzz:+ hwmemfuzz=$fuzz}"
# page_owner records who allocated every page: hwmem must leave none.
[ "$krel" = sanitized ] && append="$append page_owner=on"

if [ "$mode" = shell ]; then
	exec qemu-system-x86_64 "$@" -serial mon:stdio -append "$append"
fi

log="$HWMEM_ROOT/build/logs/$name.log"
log "hwmem: booting $krel ($cpu, $nodes node(s), smp $smp, $mem) for $mode; log in $log"
# A guard against a hung guest, not a timed test: 15 minutes suit Debian's
# kernels.  Under TCG the sanitized kernel (KASAN, lockdep, kmemleak) takes
# about 10 for its checks, and once took more than 15 on a loaded host, so
# it gets 40.
limit=900
[ -n "$own" ] && limit=2400
rc=0
timeout "${HWMEM_VM_TIMEOUT:-$limit}" qemu-system-x86_64 "$@" -serial stdio \
	-append "$append" < /dev/null > "$log" 2>&1 || rc=$?

if [ "$mode" = run ]; then
	grep -q '^HWMEM-VM-DONE' "$log" || die "the guest did not finish (rc $rc); see $log"
	echo "$log"
	exit 0
fi
if [ "$mode" = demo ]; then
	sed -n '/^HWMEM-VM-START/,/^HWMEM-VM-DONE/p' "$log" | tr -d '\r'
	grep -q '^HWMEM-VM-DONE' "$log" || die "the guest did not finish (rc $rc); see $log"
	exit 0
fi

tr -d '\r' < "$log" | sed -n "s/^\(PASS\|FAIL\) /\1 $name./p"
status=0
if ! tr -d '\r' < "$log" | grep -q '^HWMEM-VM-DONE'; then
	echo "FAIL $name.finished - qemu exited $rc before the guest finished; see $log"
	status=1
fi
if tr -d '\r' < "$log" | awk -f "$HWMEM_ROOT/scripts/guest/kcsan-filter.awk" |
	grep -qE -e "$HWMEM_KERNEL_PROBLEMS"; then
	echo "FAIL $name.console_clean - the kernel reported a problem; see $log"
	status=1
fi
tr -d '\r' < "$log" | grep -q '^FAIL ' && status=1
exit $status
