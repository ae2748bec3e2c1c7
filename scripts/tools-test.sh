#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make test's tools stage: the host tests of the user-space tools
# (hwmem-trace, hwmemctl, hwmem-plot) and of make install, uninstall,
# help and clean.  Each prints its own PASS/FAIL lines.
set -u
. "$(dirname "$0")/lib.sh"

need_pkgs gcc libc6-dev python3-matplotlib python3-docutils kmod
status=0
for t in hwmem-trace-test hwmemctl-test install-test; do
	sh "$HWMEM_ROOT/scripts/tests/$t.sh" || status=1
done
exit $status
