#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make install, uninstall, help and clean, tried in a copy of the tree
# against Debian 6.12's headers, into scratch directories: one line per
# check, "PASS tools.install.<name>" or "FAIL ... - <why>".
set -u
HWMEM_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$HWMEM_ROOT/scripts/lib.sh"

T=tools.install
failed=0
result() {
	if [ "$2" = ok ]; then
		echo "PASS $T.$1"
	else
		echo "FAIL $T.$1 - $2"
		failed=1
	fi
}
# ok COMMAND...: "ok" if it succeeds, else its last lines.
ok() { _o=$("$@" 2>&1) && echo ok || echo "$* => $(echo "$_o" | tail -n 3 | tr '\n' '|')"; }

krel=$(krel 6.12)
kdir=$(kernel_headers "$krel")
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
# The tracked files only, as a clone would have them.
(cd "$HWMEM_ROOT" && git ls-files -z | xargs -0 cp --parents -t "$S" 2>/dev/null ||
	die "cannot copy the tree")
mkdir -p "$S/src"
(cd "$S" && find . -mindepth 1 -maxdepth 1 ! -name src -exec mv {} src/ \;)
src="$S/src"
version=$(cat "$src/VERSION")
before=$(cd "$src" && find . -type f | LC_ALL=C sort)
vars="KDIR=$kdir INSTALL_MOD_PATH=$S/mods DESTDIR=$S/dest PREFIX=/usr"

# shellcheck disable=SC2086
result install "$(ok make -C "$src" --no-print-directory install $vars)"
mods="$S/mods/lib/modules/$krel/updates"
for m in hwmem samples/hwmem/hwmem_client samples/hwmem/hwmem_meminfo; do
	result "module_${m##*/}" "$(ls "$mods/$m.ko"* > /dev/null 2>&1 && echo ok || echo "no $mods/$m.ko*")"
done
result depmod "$(grep -q '^updates/hwmem\.ko' "$S/mods/lib/modules/$krel/modules.dep" 2>/dev/null &&
	echo ok || echo "modules.dep has no hwmem.ko")"
ctl="$S/dest/usr/bin/hwmemctl"
result hwmemctl_version "$([ "$("$ctl" --version 2>&1)" = "hwmemctl $version" ] && echo ok ||
	echo "'$("$ctl" --version 2>&1)'")"
result hwmemctl_help "$(ok "$ctl" --help)"
result helpers "$(ok "$S/dest/usr/lib/hwmem/hwmem-trace" --help)"
result helper_plot "$([ -x "$S/dest/usr/lib/hwmem/hwmem-plot" ] && echo ok || echo missing)"
man="$S/dest/usr/share/man/man1/hwmemctl.1"
result man_page "$(grep -q '^\.TH "*HWMEMCTL' "$man" 2>/dev/null && echo ok || echo "no man page at $man")"

# shellcheck disable=SC2086
result uninstall "$(ok make -C "$src" --no-print-directory uninstall $vars)"
left=$(find "$S/mods" "$S/dest" -name '*hwmem*' 2>/dev/null)
result uninstall_all "$([ -d "$S/mods/lib/modules" ] && [ -z "$left" ] && echo ok ||
	echo "left: $(echo "$left" | tr '\n' ' ') (installed: $(ls "$S/mods" 2>&1))")"

# help names every target the Makefile declares.
targets=$(sed -n '/^\.PHONY:/,/^$/p' "$src/Makefile" | tr -d '\\' | tr ' \t' '\n\n' |
	grep -v '^\.PHONY:$' | grep .)
help=$(make -C "$src" --no-print-directory help) || help=
missing=
[ -n "$targets" ] && [ -n "$help" ] || missing=" (no .PHONY targets or no help)"
for t in $targets; do
	echo "$help" | grep -q "^  $t\b\|^  $t " || missing="$missing $t"
done
result help_lists_targets "$([ -z "$missing" ] && echo ok || echo "not in help:$missing")"

# clean leaves the tree as it was: no kbuild file, no build/.
result clean "$(ok make -C "$src" --no-print-directory clean KDIR="$kdir")"
after=$(cd "$src" && find . -type f | LC_ALL=C sort)
result clean_all "$([ "$before" = "$after" ] && echo ok ||
	echo "left: $(printf '%s\n' "$before" "$after" | sort | uniq -u | head -n 5 | tr '\n' ' ')")"
exit $failed
