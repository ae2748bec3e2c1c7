#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make man: hwmemctl(1) from Documentation/hwmemctl.rst, whose PARTS
# section is the table inside hwmemctl itself ("hwmemctl help --rst"), so
# that the two never say different things.  rst2man is Debian's
# python3-docutils.
#
#   scripts/man.sh OUT.1
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: scripts/man.sh OUT.1"
need_pkgs python3-docutils
dir=$(dirname "$1")
mkdir -p "$dir"
cp "$HWMEM_ROOT/Documentation/hwmemctl.rst" "$dir/hwmemctl.rst"
"$HWMEM_ROOT/scripts/hwmemctl" help --rst > "$dir/hwmemctl-parts.rst"
rst2man --halt=warning "$dir/hwmemctl.rst" "$1"
