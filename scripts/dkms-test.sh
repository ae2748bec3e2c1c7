#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make test's DKMS stage for one Debian kernel: "make dkms-install" into
# scratch trees (no change to this machine's /lib/modules, /usr/src or
# /var/lib/dkms), checks of what DKMS built and depmod wrote, a copy of
# the installed tree for the VM to load hwmem from with modprobe, then
# "make dkms-remove" and a check that nothing of hwmem's is left.
#
#   scripts/dkms-test.sh 6.1|6.12     prints PASS/FAIL lines
#
# The guest tree lands in build/dkms/<release>/guest, which scripts/vm.sh
# --modules puts in the initramfs as /lib/modules.
set -u
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: scripts/dkms-test.sh 6.1|6.12"
k=$1
krel=$(krel "$k")
[ -n "$krel" ] || die "no Debian kernel found for $k"
kernel_headers "$krel" > /dev/null
need_pkgs dkms kmod
version=$(cat "$HWMEM_ROOT/VERSION")
S="$HWMEM_ROOT/build/dkms/$krel"
rm -rf "$S"
mkdir -p "$S"
T=dkms.$k

result() {
	if [ "$2" = ok ]; then
		echo "PASS $T.$1"
	else
		echo "FAIL $T.$1 - $2"
	fi
}

# Scratch trees, and no module signing: DKMS would make itself a key in
# /var/lib/dkms otherwise (Debian's kernels load unsigned modules).
dkms_make() {
	sign_file=/nonexistent make -C "$HWMEM_ROOT" --no-print-directory "$1" \
		KERNELRELEASE="$krel" DKMS_TREE="$S/dkms" DKMS_SOURCE_TREE="$S/src" \
		DKMS_INSTALL_ROOT="$S/root" >> "$S/dkms.log" 2>&1
}

if dkms_make dkms-install; then
	result install ok
else
	tail -n 20 "$S/dkms.log" >&2
	result install "make dkms-install failed; see $S/dkms.log"
	exit 1
fi
mods="$S/root/lib/modules/$krel"
ko=$(find "$mods" -name 'hwmem.ko*' | head -n 1)
result built_for_kernel "$(modinfo -F vermagic "$ko" 2>&1 | grep -q "^$krel " && echo ok ||
	echo "vermagic of $ko: $(modinfo -F vermagic "$ko" 2>&1)")"
result module_version "$([ "$(modinfo -F version "$ko")" = "$version" ] && echo ok ||
	echo "version '$(modinfo -F version "$ko")', VERSION says $version")"
# Every parameter, and with its default.
params=$(modinfo -F parm "$ko")
result every_param_default "$(echo "$params" | grep -vc 'default' | grep -q '^0$' &&
	[ "$(echo "$params" | wc -l)" -ge 9 ] && echo ok || echo "$params" | tr '\n' '|')"
# depmod knows the samples need hwmem.
result depmod_deps "$(grep -q '^updates/dkms/hwmem_client\.ko[^:]*: updates/dkms/hwmem\.ko' \
	"$mods/modules.dep" && echo ok || echo "modules.dep: $(tr '\n' '|' < "$mods/modules.dep")")"

# The guest's /lib/modules: what DKMS and depmod left, as they left it.
mkdir -p "$S/guest/lib/modules"
cp -a "$mods" "$S/guest/lib/modules/"

if dkms_make dkms-remove; then
	left=$(find "$S/root" "$S/src" "$S/dkms" -name '*hwmem*' 2>/dev/null)
	result remove "$([ -z "$left" ] && echo ok || echo "left: $left")"
else
	result remove "make dkms-remove failed; see $S/dkms.log"
fi
