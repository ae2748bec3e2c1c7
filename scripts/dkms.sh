#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# For make dkms-install: Debian's dkms package, installed if missing.
#
#   scripts/dkms.sh install VERSION
set -eu
. "$(dirname "$0")/lib.sh"

[ "${1:-}" = install ] || die "usage: scripts/dkms.sh install VERSION"
need_pkgs dkms
