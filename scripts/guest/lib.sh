# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the guest-side checks in tests/*.sh.  Each check prints one
# line, "PASS <name>" or "FAIL <name> - <why>"; scripts/vm.sh counts them.

KO=/hwmem/hwmem.ko
D=/sys/kernel/debug/hwmem

pass() { echo "PASS $T.$1"; }
fail() { echo "FAIL $T.$1 - $2"; }

# check NAME COMMAND [ARG...]: passes if the command succeeds.
check() {
	_n=$1
	shift
	if _out=$("$@" 2>&1); then
		pass "$_n"
	else
		fail "$_n" "$(echo "$* => $_out" | tail -n 4 | tr '\n' '|' | cut -c 1-300)"
	fi
}

# check_err NAME MESSAGE COMMAND [ARG...]: passes if the command fails and
# says MESSAGE (the kernel's errno, as strerror words it).
check_err() {
	_n=$1
	_e=$2
	shift 2
	if _out=$("$@" 2>&1); then
		fail "$_n" "succeeded: $* => $(echo "$_out" | head -n 2 | tr '\n' '|')"
	elif echo "$_out" | grep -q "$_e"; then
		pass "$_n"
	else
		fail "$_n" "wanted '$_e': $* => $(echo "$_out" | tr '\n' '|' | cut -c 1-200)"
	fi
}

# eq A B: succeeds if A and B are the same string; says so otherwise.
eq() {
	[ "$1" = "$2" ] && return 0
	echo "'$1' != '$2'"
	return 1
}

# cache_field NAME COL: column COL of slab/caches for cache NAME; NAME "*"
# sums the column over every cache.
cache_field() {
	awk -v n="$1" -v f="$2" '
		NR == 1 { for (i = 2; i <= NF; i++) col[$i] = i - 1; known = f in col; next }
		n == "*" { s += $col[f] }
		$1 == n { print $col[f] }
		END { if (n == "*") print known ? s + 0 : "no column " f }' "$D/slab/caches"
}

# The kernel log without printk timestamps, which not every kernel adds.
klog() { dmesg | sed 's/^\[[ 0-9.]*\] //'; }

# field PART KEY: the value of "KEY: value" in PART/state.
field() { sed -n "s/^$2: //p" "$D/$1/state"; }

# Free pages, per-CPU lists included (MemFree leaves those out).  Each CPU
# holds back up to its stat threshold (dozens of pages) of changes to the
# count until vmstat folds them in, every second or so; stat_refresh folds
# them now, so that a reading right after heavy churn is exact.
free_pages() {
	echo 1 > /proc/sys/vm/stat_refresh
	awk '/^ *pages free/ { s += $3 } /^ *count:/ { s += $2 } END { print s }' /proc/zoneinfo
}

# slack PAGES [SANITIZED]: how far free pages may wander between two
# readings with nothing leaked: PAGES, or SANITIZED (default eight times
# PAGES) on the sanitized kernel
# (it has kmemleak), where KASAN's quarantine holds freed objects for a
# while and kmemleak keeps records of its own.
slack() {
	if [ -e /sys/kernel/debug/kmemleak ]; then
		echo "${2:-$(($1 * 8))}"
	else
		echo "$1"
	fi
}

# near A B TOLERANCE: |A - B| <= TOLERANCE.
near() {
	_d=$(($1 - $2))
	[ "$_d" -lt 0 ] && _d=$((-_d))
	# Every distance seen, for the boot's log: how much room the
	# tolerances leave (scripts/guest/init prints them at the end).
	echo "$_d $3 ${T:-}" >> /tmp/near.log
	[ "$_d" -le "$3" ] && return 0
	echo "$1 and $2 differ by $_d (> $3)"
	return 1
}

# The kernel log holds no oops, BUG, WARN, sanitizer report or panic
# (the pattern of /hwmem/kernel-problems, which the host's scripts and the
# fuzzer use too), and no W/D/B/M taint arrived since boot.  KCSAN reports
# that do not name hwmem are left out (kcsan-filter.awk).
kernel_clean() {
	if dmesg | awk -f /hwmem/kcsan-filter.awk | grep -E -f /hwmem/kernel-problems; then
		return 1
	fi
	_t0=$(cat /tmp/taint0)
	_t=$(cat /proc/sys/kernel/tainted)
	_new=$(( (_t & ~_t0) & ((1 << 4) | (1 << 5) | (1 << 7) | (1 << 9)) ))
	[ "$_new" -eq 0 ] && return 0
	echo "new taint bits $_new (tainted=$_t)"
	return 1
}

# ktap_results PREFIX: a PASS or FAIL line for each KUnit case the kernel
# log shows (KTAP: suites at the top, their cases indented by four).
ktap_results() {
	klog | awk -v p="$1" '
		/^    # Subtest: / { suite = $3; next }
		/^    ok [0-9]+ / && !/# SKIP/ { print "PASS " p "." suite "." $3; next }
		/^    (not )?ok [0-9]+ / {
			print "FAIL " p "." suite "." ($1 == "not" ? $4 : $3) " - " $0; next
		}'
}

# ctl_raw FILE BYTES: write BYTES (printf format) to FILE in one write and
# print the answer, like hwmemctl but without its word handling.
ctl_raw() {
	exec 3<>"$1" || return 1
	if ! _err=$(printf "$2" | dd bs=65536 status=none 2>&1 >&3); then
		exec 3>&-
		echo "${_err##*: }" >&2
		return 1
	fi
	cat <&3
	exec 3>&-
}
