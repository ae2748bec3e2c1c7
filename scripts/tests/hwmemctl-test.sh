#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host checks of scripts/hwmemctl and scripts/hwmem-plot, without a
# kernel: hwmemctl reads a copy of scripts/tests/debugfs-sample/ (a real
# guest's debugfs) through HWMEM_DEBUGFS.  Its help and the table it is
# made from, checked against the sample; --version; every view, plain and
# as JSON (parsed by Python's json, its shape and some known values
# checked); every exit code that needs no kernel; watch; the conversion
# and sizing steps of replay (--dry-run), then a whole replay against a
# fake replay/ whose ctl and stream are /dev/null; hwmem-plot's pictures
# and their sizes; the same views under busybox's ash and awk, as the
# guest runs them.
#
# Prints one "PASS tools.hwmemctl.<name>" or "FAIL tools.hwmemctl.<name> -
# why" line per check; exits non-zero if any failed.  Needs sh, gcc,
# python3, and python3-matplotlib for the pictures (the plot checks say
# "skipped" without it); busybox and setpriv where present.  Takes under
# a minute, most of it in Python and matplotlib.
#
# check's conditions are single-quoted on purpose: they run when checked.
# shellcheck disable=SC2016
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CTL=$ROOT/scripts/hwmemctl
PLOT=$ROOT/scripts/hwmem-plot
SAMPLE=$ROOT/scripts/tests/debugfs-sample
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0
# The system's Python where there is one: a pyenv shim takes most of a
# second to start, and json_is runs dozens of times.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

pass() { echo "PASS tools.hwmemctl.$1"; }
fail() {
	echo "FAIL tools.hwmemctl.$1 - $2"
	failed=$((failed + 1))
}

# skip WHY NAME...: the checks NAME cannot run here; they pass, saying so,
# under the same names as when they run.
skip() {
	_why=$1
	shift
	for _name in "$@"; do
		echo "PASS tools.hwmemctl.$_name - skipped: $_why"
	done
}

# check NAME WHY-IF-FALSE CONDITION: PASS if the shell CONDITION holds.
check() {
	if eval "$3"; then
		pass "$1"
	else
		fail "$1" "$2"
	fi
}

# run CMD...: its standard output in $T/out, error in $T/err, status in $rc.
run() {
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
}

# oneline [FILE]: the first lines of FILE (or standard input) on one line.
oneline() { head -n 4 ${1:+"$1"} | tr '\n' '|' | cut -c 1-300; }

# ctl ARG...: hwmemctl on the copy of the sample, as root reads it.
ctl() { HWMEM_DEBUGFS=$DFS sh "$CTL" "$@"; }

# exits NAME CODE TEXT CMD...: CMD exits CODE and says TEXT on stderr.
exits() {
	_name=$1
	_code=$2
	_text=$3
	shift 3
	run "$@"
	if [ $rc -ne "$_code" ]; then
		fail "$_name" "exited $rc, not $_code: $(oneline "$T/err")"
	elif ! grep -qF -- "$_text" "$T/err"; then
		fail "$_name" "no '$_text' in: $(oneline "$T/err")"
	else
		pass "$_name"
	fi
}

# json_is FILE CHECK: FILE is JSON and the Python expression CHECK (on
# one line or more) holds of it, d; else say why.
json_is() {
	$PY -c '
import json, sys
try:
    with open(sys.argv[1]) as f:
        d = json.load(f)
except ValueError as e:
    sys.exit("not JSON: %s" % e)
try:
    ok = eval("(" + sys.argv[2] + ")")
except Exception:
    ok = False
if not ok:
    sys.exit("false: " + sys.argv[2])
' "$1" "$2" 2>&1 | tail -n 1
}

# png_size FILE: "WIDTH HEIGHT" of a PNG file, from its IHDR chunk.
png_size() {
	$PY -c '
import struct, sys
with open(sys.argv[1], "rb") as f:
    head = f.read(24)
if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
    sys.exit("not a PNG")
print("%d %d" % struct.unpack(">II", head[16:24]))' "$1" 2>&1
}

# png_is NAME FILE WIDTH HEIGHT: FILE is a PNG of that size.
png_is() {
	_size=$(png_size "$2")
	if [ "$_size" = "$3 $4" ]; then
		pass "$1"
	else
		fail "$1" "$2: '$_size', not '$3 $4'"
	fi
}

# The sample, writable, with ctl files that take any command and answer
# nothing (/dev/null) or refuse every one (/dev/full: ENOSPC).
DFS=$T/debugfs
cp -R "$SAMPLE" "$DFS"
ln -s /dev/null "$DFS/frames/ctl"
ln -s /dev/full "$DFS/buddy/ctl"

# ---- the table, help and --version ----

ctl help --table > "$T/table"
# table_names TYPE PART: the names of the table's files or verbs of PART.
table_names() { awk -F '\t+' -v t="$1" -v p="$2" '$1 == t && $2 == p { print $3 }' "$T/table"; }
PARTS=$(awk -F '\t+' '$1 == "part" { print $2 }' "$T/table")

run env HWMEM_DEBUGFS="$T/missing" sh "$CTL" --help
ok=true
[ $rc -eq 0 ] || { fail help "exited $rc: $(oneline "$T/err")"; ok=false; }
for word in $PARTS "Exit status" 0 1 2 3 4 5 6 --json --version watch record replay draw; do
	grep -qw -- "$word" "$T/out" || { fail help "no '$word' in --help"; ok=false; }
done
$ok && pass help

for part in $PARTS; do
	run env HWMEM_DEBUGFS="$T/missing" sh "$CTL" help "$part"
	ok=true
	[ $rc -eq 0 ] || { fail "help_$part" "exited $rc: $(oneline "$T/err")"; ok=false; }
	for word in $(table_names file "$part") $(table_names cmd "$part"); do
		grep -q "^  $word " "$T/out" || { fail "help_$part" "no line for '$word'"; ok=false; }
	done
	$ok && pass "help_$part"
done
exits help_unknown_part 2 "unknown part 'nope'" ctl help nope

# Every file of the sample is in the table, and every readable file of the
# table in the sample; a file at the top is a part of its own name.
ok=true
for path in $(cd "$SAMPLE" && find . -type f | sed 's|^\./||' | sort); do
	case $path in
	*/*) part=${path%%/*} file=${path#*/} ;;
	*) part=$path file=$path ;;
	esac
	table_names file "$part" | grep -qx "$file" ||
		{ fail table_vs_sample "$path is not in the table"; ok=false; }
done
awk -F '\t+' '$1 == "file" && $4 != "ctl" && $4 != "stream" { print $2, $3 }' "$T/table" > "$T/files"
while read -r part file; do
	path=$part/$file
	[ "$part" = "$file" ] && path=$part
	[ -f "$SAMPLE/$path" ] || { fail table_vs_sample "the table's $path is not in the sample"; ok=false; }
done < "$T/files"
$ok && pass table_vs_sample

run ctl help --rst
ok=true
for part in $PARTS; do
	awk -v p="$part" 'prev == p && /^-+$/ && length($0) == length(p) { f = 1 } { prev = $0 } END { exit !f }' "$T/out" ||
		{ fail help_rst "no section $part"; ok=false; }
done
$ok && pass help_rst

# The man page builds, its PARTS from help --rst, as make man does it.
if command -v rst2man > /dev/null; then
	mkdir "$T/man"
	cp "$ROOT/Documentation/hwmemctl.rst" "$T/man/"
	ctl help --rst > "$T/man/hwmemctl-parts.rst"
	run rst2man --halt=warning "$T/man/hwmemctl.rst" "$T/man/hwmemctl.1"
	check man_page "rst2man: $(oneline "$T/err")" '[ $rc -eq 0 ] && grep -q "^\.SS replay" "$T/man/hwmemctl.1"'
else
	skip "no rst2man here (python3-docutils)" man_page
fi

version=unknown
[ -f "$ROOT/VERSION" ] && version=$(sed -n 1p "$ROOT/VERSION")
run sh "$CTL" --version
check version "printed '$(cat "$T/out")', not 'hwmemctl $version'" '[ "$(cat "$T/out")" = "hwmemctl $version" ]'
mkdir "$T/installed"
sed 's/@VERSION@/9.8.7/' "$CTL" > "$T/installed/hwmemctl"
check version_installed "printed '$(sh "$T/installed/hwmemctl" --version)'" \
	'[ "$(sh "$T/installed/hwmemctl" --version)" = "hwmemctl 9.8.7" ]'
cp "$CTL" "$T/installed/hwmemctl"
check version_unknown "printed '$(sh "$T/installed/hwmemctl" --version)'" \
	'[ "$(sh "$T/installed/hwmemctl" --version)" = "hwmemctl unknown" ]'

# ---- views ----

run ctl
ok=true
[ $rc -eq 0 ] || { fail list "exited $rc: $(oneline "$T/err")"; ok=false; }
for part in $PARTS; do
	grep -qE "^$part(:|\$)" "$T/out" || { fail list "no $part"; ok=false; }
done
grep -qx 'frames: ctl map state' "$T/out" || { fail list "frames: $(grep '^frames' "$T/out")"; ok=false; }
$ok && pass list

ok=true
for part in $PARTS; do
	default=$(awk -F '\t+' -v p="$part" '$1 == "part" && $2 == p { print $3 }' "$T/table")
	path=$part/$default
	[ "$part" = "$default" ] && path=$part
	run ctl "$part"
	if [ $rc -ne 0 ] || ! cmp -s "$T/out" "$SAMPLE/$path"; then
		fail default_views "hwmemctl $part (rc $rc) is not $path: $(oneline "$T/err")"
		ok=false
	fi
done
$ok && pass default_views

ok=true
while read -r part file; do
	path=$part/$file
	[ "$part" = "$file" ] && path=$part
	run ctl "$part" "$file"
	if [ $rc -ne 0 ] || ! cmp -s "$T/out" "$SAMPLE/$path"; then
		fail files "hwmemctl $part $file (rc $rc) is not $path"
		ok=false
	fi
done < "$T/files"
$ok && pass files

# Every file as JSON: the shape, then a few known values.
ok=true
while read -r part file; do
	kind=$(awk -F '\t+' -v p="$part" -v f="$file" '$1 == "file" && $2 == p && $3 == f { print $4 }' "$T/table")
	ctl --json "$part" "$file" > "$T/$part.$file.json" 2> "$T/err"
	case $kind in
	state) shape='isinstance(d["data"], dict)' ;;
	map) shape='set(d["data"]) == {"unit", "lines"} and all(set(l) == {"start", "cells"} for l in d["data"]["lines"])' ;;
	*) shape='isinstance(d["data"], list)' ;;
	esac
	why=$(json_is "$T/$part.$file.json" "set(d) == {'part', 'file', 'kind', 'data'} and
		d['part'] == '$part' and d['file'] == '$file' and d['kind'] == '$kind' and $shape")
	if [ -n "$why" ]; then
		fail json_all_files "$part $file: $why"
		ok=false
	fi
done < "$T/files"
$ok && pass json_all_files

# json_value NAME PART FILE CHECK
json_value() {
	_why=$(json_is "$T/$2.$3.json" "$4")
	if [ -z "$_why" ]; then
		pass "json_$1"
	else
		fail "json_$1" "$_why"
	fi
}
json_value frames_free frames state 'd["data"]["free"] == 3543 and type(d["data"]["free"]) is int'
json_value frames_region frames state 'd["data"]["region 0"] == "base_pfn 0x2800 frames 4096 free 3543 node 0"'
json_value frames_policy frames state 'd["data"]["policy"] == "lifo"'
json_value hex_is_string bump state 'd["data"]["base"] == "0xffff8a5542800000"'
json_value buddy_order buddy state 'd["data"]["order 9"] == "free 0 unusable 1.000 extfrag 0.716"'
json_value buddy_hot_blocks buddy state 'd["data"]["hot_blocks"] == "0 0 0 0"'
json_value slabinfo_pts slab slabinfo '[r for r in d["data"] if r["name"] == "pts"][0]["num_objs"] == 167
	and len(d["data"]) == 4 and len(d["data"][0]) == 12'
json_value caches_pts slab caches '[r for r in d["data"] if r["name"] == "pts"][0]["objs_per_slab"] == 167
	and d["data"][0]["name"] == "hwmem-64"'
json_value buddyinfo buddy buddyinfo 'd["data"] == [{"node": 0, "zone": "hwmem", "free": [0, 0, 1, 1, 1, 1, 1, 1, 1, 0]}]'
json_value spaces virt spaces 'd["data"] == [{"id": 1, "table_pages": 4, "mapped_4k": 1, "mapped_2m": 0}]'
json_value frames_map frames map 'd["data"]["unit"] == "frame" and len(d["data"]["lines"]) == 64
	and d["data"]["lines"][0] == {"start": "0x00002800", "cells": "m" * 32 + "b" * 32}'
json_value buddy_map buddy map 'd["data"]["unit"] == "block" and len(d["data"]["lines"]) == 8'
json_value replay_empty_map replay buddy_map 'd["data"] == {"unit": "block", "lines": []}'
json_value timeline_empty replay timeline 'd["data"] == []'
json_value info info info 'd["kind"] == "state" and d["data"]["swap_total_bytes"] == "unknown" and d["data"]["total_bytes"] == 1014554624'
json_value numa numa numa 'd["kind"] == "text" and d["data"][0] == "nodes: 1" and len(d["data"]) == 2'
json_value hierarchy cache hierarchy 'len(d["data"]) == 4 and d["data"][3].startswith("cpu0 index3 level 3")'

# Values of every type, and strings JSON must escape.
cp -RP "$DFS" "$T/odd"
printf 'a\\b: say "hi"\tthen\001 end\nfrac: 0.250\nneg: -1.000\nzero: 0\noctal: 010\n' > "$T/odd/info"
printf 'half: .5\nhex: 0x10\nbig: 18446744073709551615\nempty:\n' >> "$T/odd/info"
printf '# records unusable_3 name\n5 0.250 x\\"y\n' > "$T/odd/replay/timeline"
HWMEM_DEBUGFS=$T/odd sh "$CTL" --json info > "$T/odd.json"
why=$(json_is "$T/odd.json" 'd["data"] == {"a\\b": "say \"hi\"\tthen\x01 end", "frac": 0.25,
	"neg": -1.0, "zero": 0, "octal": "010", "half": ".5", "hex": "0x10",
	"big": 18446744073709551615, "empty": ""}')
check json_escapes_and_types "$why" '[ -z "$why" ]'
HWMEM_DEBUGFS=$T/odd sh "$CTL" --json replay timeline > "$T/odd.json"
why=$(json_is "$T/odd.json" 'd["data"] == [{"records": 5, "unusable_3": 0.25, "name": "x\\\"y"}]')
check json_table_types "$why" '[ -z "$why" ]'

# ---- commands and exit codes ----

run ctl frames alloc 2
check command_answer "rc $rc: $(oneline "$T/err")" '[ $rc -eq 0 ] && [ ! -s "$T/out" ]'
exits refused 1 "hwmemctl: buddy alloc 2: No space left on device" ctl buddy alloc 2
rm "$DFS/virt/kernel" && mkdir "$DFS/virt/kernel"
exits read_refused 1 "hwmemctl: virt kernel: Is a directory" ctl virt kernel
rmdir "$DFS/virt/kernel" && cp "$SAMPLE/virt/kernel" "$DFS/virt/kernel"
exits usage_no_ctl 2 "slab/ctl: not in this hwmem" ctl slab alloc hwmem-64
check usage_no_ctl_created "a slab/ctl appeared" '[ ! -e "$DFS/slab/ctl" ]'
exits usage_unknown_part 2 "unknown part 'nope'" ctl nope
exits usage_unknown_option 2 "unknown option '--frob'" ctl --frob frames
exits usage_no_commands 2 "info has no file 'x'" ctl info x
exits usage_ctl_not_readable 2 "frames ctl: not readable" ctl frames ctl
exits usage_stream_not_readable 2 "replay stream: not readable" ctl replay stream
exits usage_json_command 2 "--json prints files" ctl --json frames alloc
exits usage_json_alone 2 "--json needs a part" ctl --json
rm -r "$DFS/bump"
exits usage_part_absent 2 "bump: not in this hwmem" ctl bump
cp -r "$SAMPLE/bump" "$DFS/bump"
exits debugfs_missing 4 "no such directory" env HWMEM_DEBUGFS="$T/missing" sh "$CTL" frames
mkdir "$T/empty"
exits not_loaded 5 "hwmem is not loaded" env HWMEM_DEBUGFS="$T/empty" sh "$CTL" frames
# The real debugfs: not mounted here, or mounted without hwmem.
if ! grep -q ' /sys/kernel/debug ' /proc/mounts; then
	exits real_debugfs 4 "debugfs is not mounted" sh "$CTL" frames
elif [ "$(id -u)" -eq 0 ] && [ ! -d /sys/kernel/debug/hwmem ]; then
	exits real_debugfs 5 "hwmem is not loaded" sh "$CTL" frames
else
	skip "hwmem is loaded here, or we are not root" real_debugfs
fi

# Not root: a world-readable copy of hwmemctl run as nobody, on a
# directory only root may read.
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null; then
	chmod 711 "$T"
	mkdir -m 755 "$T/pub"
	cp "$CTL" "$T/pub/hwmemctl"
	chmod 755 "$T/pub/hwmemctl"
	cp -r "$SAMPLE" "$T/pub/debugfs"
	chmod 700 "$T/pub/debugfs"
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HWMEM_DEBUGFS="$T/pub/debugfs" sh "$T/pub/hwmemctl" "$@"; }
	exits not_root 3 "not readable (not root)" nobody frames
	exits not_root_record 3 "record needs root" nobody record -- true
	run nobody --help
	check not_root_help "exited $rc" '[ $rc -eq 0 ]'
	chmod 700 "$T"
else
	skip "needs root and setpriv" not_root not_root_record not_root_help
fi

exits record_no_command 2 "record: no COMMAND" ctl record -o "$T/rec.txt" --
exits record_bad_size 2 "record: -b needs" ctl record -b 0 -- true
exits record_bad_option 2 "record: unknown option '-x'" ctl record -x -- true
if [ "$(id -u)" -eq 0 ] && [ ! -d /sys/kernel/tracing/instances ] &&
	[ ! -d /sys/kernel/debug/tracing/instances ]; then
	exits record_no_tracefs 4 "tracefs is not mounted" ctl record -o "$T/rec.txt" -- true
else
	skip "tracefs is here, or we are not root (nothing is traced on a host)" record_no_tracefs
fi

exits watch_zero 2 "-n '0' is not a positive number" ctl watch -n 0 frames
exits watch_word 2 "-n 'soon' is not a positive number" ctl watch -n soon frames
exits watch_negative 2 "-n '-1' is not a positive number" ctl watch -n -1 frames
exits watch_no_part 2 "watch: give PART" ctl watch
exits watch_bad_file 2 "no readable file 'ctl'" ctl watch frames ctl
exits draw_bad_part 2 "draw: 'slab' has no map" ctl draw slab "$T/x.png"

# ---- watch ----

HWMEM_DEBUGFS=$DFS sh "$CTL" watch -n 0.2 frames > "$T/watch" 2>&1 &
pid=$!
sleep 1
kill "$pid"
wait "$pid"
rc=$?
n=$(grep -c 'Every 0.2s: hwmemctl frames state ' "$T/watch")
if [ $rc -ne 0 ]; then
	fail watch "exited $rc when killed, not 0"
elif [ "$n" -lt 2 ]; then
	fail watch "$n headers in a second: $(oneline "$T/watch")"
elif ! grep -q "$(printf '\033\\[H\033\\[2J')" "$T/watch" || ! grep -q '^free: 3543$' "$T/watch"; then
	fail watch "no screen clearing or no frames/state: $(oneline "$T/watch")"
else
	pass watch
fi

# ---- replay: conversion and sizes, without debugfs ----

# Beside one another, as make install puts them: hwmemctl finds its
# helpers in its own directory.
BIN=$T/bin
mkdir "$BIN"
cp "$CTL" "$PLOT" "$BIN/"
if gcc -O2 -Wall -I "$ROOT/hwmem/include/uapi" -o "$BIN/hwmem-trace" \
	"$ROOT/scripts/hwmem-trace.c" 2> "$T/err"; then
	pass build_hwmem_trace
else
	fail build_hwmem_trace "$(oneline "$T/err")"
fi

# A tracefs text trace that ends with 600 page allocations and 9000
# objects live: buddy_frames 2048 (>= 1200), slab 2048 (>= 9000 / 8).
awk 'BEGIN {
	for (i = 0; i < 600; i++)
		printf "          sh-99      [000] .....   10.%06d: mm_page_alloc: " \
			"page=00000000deadbeef pfn=0x%x order=0 migratetype=0 gfp_flags=GFP_KERNEL\n",
			i, 4096 + i
	for (i = 0; i < 9000; i++)
		printf "         tar-123     [001] .....   11.%06d: kmalloc: call_site=f+0x1/0x2 " \
			"ptr=ffff888000%06x bytes_req=60 bytes_alloc=64 gfp_flags=GFP_KERNEL " \
			"node=-1 accounted=false\n", i, i * 64
}' > "$T/trace.txt"
gzip -c "$T/trace.txt" > "$T/trace.txt.gz"
"$BIN/hwmem-trace" convert -o "$T/trace.hwmr" "$T/trace.txt" 2> /dev/null

# replay_dry NAME EXPECTED ARG...: a dry run prints the EXPECTED lines
# (separated by "|"), with no debugfs at all.
replay_dry() {
	_name=$1
	_want=$2
	shift 2
	run env HWMEM_DEBUGFS="$T/missing" sh "$BIN/hwmemctl" replay "$@" --dry-run
	if [ $rc -ne 0 ]; then
		fail "$_name" "exited $rc: $(oneline "$T/err")"
	elif [ "$(tr '\n' '|' < "$T/out")" != "$_want|" ]; then
		fail "$_name" "printed $(oneline "$T/out"), not $_want"
	else
		pass "$_name"
	fi
}
replay_dry replay_dry_text "start 4096 buddy_frames=2048" "$T/trace.txt"
replay_dry replay_dry_gzip "start 4096 buddy_frames=2048" "$T/trace.txt.gz"
if command -v xz > /dev/null; then
	xz -c "$T/trace.txt" > "$T/trace.txt.xz"
	replay_dry replay_dry_xz "start 4096 buddy_frames=2048" "$T/trace.txt.xz"
else
	skip "no xz here" replay_dry_xz
fi
replay_dry replay_dry_binary "start 4096 buddy_frames=2048" "$T/trace.hwmr"
replay_dry replay_dry_policy "start 4096 buddy_frames=2048 frames_policy=fifo slab_policy=emptiest every=100" \
	"$T/trace.txt" --policy fifo/-/emptiest --every 100
replay_dry replay_dry_frames "start 10000 buddy_frames=2048" "$T/trace.txt" --frames 10000
replay_dry replay_dry_buddy_frames "start 6144 buddy_frames=4096" "$T/trace.txt" --buddy-frames 4096
S="start 4096 buddy_frames=2048"
replay_dry replay_dry_all "$S|$S frames_policy=fifo|$S frames_policy=lowest|$S buddy_policy=exact|\
$S buddy_policy=lowest|$S slab_policy=fullest|$S slab_policy=emptiest" "$T/trace.txt" --all
run sh "$BIN/hwmemctl" replay "$T/trace.txt" --dry-run
check replay_dry_hints "said: $(oneline "$T/err")" \
	'grep -q "9600 records, max_live_pages 600, max_live_objects 9000: frames 4096, buddy_frames 2048" "$T/err"'

exits replay_no_trace 2 "replay: no TRACE" sh "$BIN/hwmemctl" replay --all
exits replay_missing_trace 2 "no such file" sh "$BIN/hwmemctl" replay "$T/nope.txt"
exits replay_two_traces 2 "one TRACE only" sh "$BIN/hwmemctl" replay "$T/trace.txt" "$T/trace.txt"
exits replay_bad_policy 2 "--policy fifo/hot/tidy" sh "$BIN/hwmemctl" replay "$T/trace.txt" --policy fifo/hot/tidy
exits replay_short_policy 2 "--policy lifo/hot" sh "$BIN/hwmemctl" replay "$T/trace.txt" --policy lifo/hot
exits replay_policy_and_all 2 "--policy or --all" sh "$BIN/hwmemctl" replay "$T/trace.txt" --policy -/-/- --all
exits replay_bad_count 2 "'0' is not a count" sh "$BIN/hwmemctl" replay "$T/trace.txt" --every 0
exits replay_bad_option 2 "unknown option '--fast'" sh "$BIN/hwmemctl" replay "$T/trace.txt" --fast
exits replay_no_value 2 "--out needs a value" sh "$BIN/hwmemctl" replay "$T/trace.txt" --out
printf 'sh-1 [000] ..... 1.000001: kmalloc: call_site=f ptr=ffff888000000040 gfp_flags=GFP_KERNEL\n' > "$T/bad.txt"
exits replay_bad_trace 1 "hwmem-trace cannot convert" sh "$BIN/hwmemctl" replay "$T/bad.txt" --dry-run

# Without hwmem-trace anywhere hwmemctl looks.
mkdir "$T/lonely"
cp "$CTL" "$T/lonely/"
if PATH=/usr/bin:/bin command -v hwmem-trace > /dev/null; then
	skip "hwmem-trace is installed in /usr/bin" helper_missing
else
	exits helper_missing 6 "hwmem-trace is missing" env PATH=/usr/bin:/bin sh "$T/lonely/hwmemctl" replay "$T/trace.txt" --dry-run
fi

# ---- replay: the runs, against a fake replay/ ----

# ctl and stream take anything; summary, timeline and the maps are a
# finished run's.
FAKE=$T/fake
mkdir -p "$FAKE/frames" "$FAKE/replay"
ln -s /dev/null "$FAKE/replay/ctl"
ln -s /dev/null "$FAKE/replay/stream"
cat > "$FAKE/replay/summary" <<'EOF'
state: done
error: 0
frames: 4096
buddy_frames: 2048
frames_policy: lifo
buddy_policy: hot
buddy_hot: 8
slab_policy: first
every: 64
records: 9600
lost_events: 0
played: 9590
skipped: 10
failures: 2
peak_pages: 600
peak_slab_frames: 150
peak_frames: 750
samples: 3
unusable_3_mean: 0.120
unusable_3_final: 0.250
unusable_9_mean: 0.500
unusable_9_final: 1.000
extfrag_3_final: -1.000
extfrag_9_final: 0.716
largest_free_order_final: 8
slab_utilization_mean: 0.900
slab_utilization_final: 0.950
slab_byte_utilization_final: 0.800
EOF
{
	printf '# records pages_in_use slab_frames failures skipped largest_order'
	for what in free unusable extfrag; do
		for o in 0 1 2 3 4 5 6 7 8 9; do printf ' %s_%s' $what $o; done
	done
	echo ' slab_objects slab_slots slab_bytes'
	for r in 64 128 192; do
		printf '%s 10 2 0 0 9' $r
		for o in 0 1 2 3 4 5 6 7 8 9; do printf ' %s' $o; done
		for o in 0 1 2 3 4 5 6 7 8 9; do printf ' 0.%s00' $o; done
		for o in 0 1 2 3 4 5 6 7 8 9; do printf ' -1.000'; done
		echo " $r 200 $((r * 8))"
	done
} > "$FAKE/replay/timeline"
cp "$SAMPLE/frames/map" "$FAKE/replay/frames_map"
cp "$SAMPLE/buddy/map" "$FAKE/replay/buddy_map"

PLOT_PY=$(sed -n '1s/^#!//p' "$PLOT")
HAVE_MPL=false
$PLOT_PY -c 'import matplotlib' 2> /dev/null && HAVE_MPL=true

OUT=$T/replay-out
run env HWMEM_DEBUGFS="$FAKE" sh "$BIN/hwmemctl" replay "$T/trace.txt.gz" --all --out "$OUT"
ok=true
LABELS="lifo/hot/first fifo/hot/first lowest/hot/first lifo/exact/first lifo/lowest/first lifo/hot/fullest lifo/hot/emptiest"
if [ $rc -ne 0 ]; then
	fail replay_fake "exited $rc: $(oneline "$T/err")"
	ok=false
fi
[ "$(head -n 1 "$T/out" | tr -s ' ')" = "policy records played skipped failures peak_frames \
unusable_3_mean unusable_3_final unusable_9_mean unusable_9_final extfrag_9_final \
slab_utilization_final" ] ||
	{ fail replay_table "header: $(head -n 1 "$T/out")"; ok=false; }
[ "$(awk 'NR > 1 { print $1 }' "$T/out" | tr '\n' ' ')" = "$LABELS " ] ||
	{ fail replay_table "policies: $(oneline "$T/out")"; ok=false; }
$ok && pass replay_table
check replay_summary_csv "$(oneline "$OUT/summary.csv")" '
	[ "$(sed -n 2p "$OUT/summary.csv")" = "lifo/hot/first,9600,9590,10,2,750,0.120,0.250,0.500,1.000,0.716,0.950" ] &&
	[ "$(wc -l < "$OUT/summary.csv")" -eq 8 ]'
check replay_timeline_csv "$(oneline "$OUT/timeline.csv")" '
	[ "$(wc -l < "$OUT/timeline.csv")" -eq 22 ] &&
	sed -n 1p "$OUT/timeline.csv" | grep -q "^policy,records,pages_in_use,.*,slab_bytes\$" &&
	[ "$(sed -n 2p "$OUT/timeline.csv" | cut -d , -f 1-3)" = "lifo/hot/first,64,10" ] &&
	[ "$(tail -n 1 "$OUT/timeline.csv" | cut -d , -f 1-2)" = "lifo/hot/emptiest,192" ]'
ok=true
for label in $LABELS; do
	f=$(echo "$label" | tr / -)
	if ! cmp -s "$OUT/$f.frames_map" "$SAMPLE/frames/map" ||
		! cmp -s "$OUT/$f.buddy_map" "$SAMPLE/buddy/map"; then
		fail replay_maps "$f's maps"
		ok=false
	fi
	if $HAVE_MPL && [ ! -s "$OUT/$f.heap.png" ]; then
		fail replay_maps "no $f.heap.png"
		ok=false
	fi
done
$ok && pass replay_maps
if $HAVE_MPL; then
	png_is replay_unusable_png "$OUT/unusable.png" 1024 768
else
	skip "$PLOT_PY has no matplotlib" replay_unusable_png
fi
mkdir "$T/cwd"
run sh -c 'cd "$1" && HWMEM_DEBUGFS=$2 sh "$3" replay "$4"' - "$T/cwd" "$FAKE" "$BIN/hwmemctl" "$T/trace.txt.gz"
check replay_default_out "exited $rc, or no hwmem-replay-trace.txt/: $(oneline "$T/err")" \
	'[ $rc -eq 0 ] && [ -s "$T/cwd/hwmem-replay-trace.txt/summary.csv" ]'
ln -sf /dev/full "$FAKE/replay/ctl"
exits replay_refused 1 "hwmemctl: replay start 4096 buddy_frames=2048: No space left on device" \
	env HWMEM_DEBUGFS="$FAKE" sh "$BIN/hwmemctl" replay "$T/trace.txt" --out "$T/refused"
ln -sf /dev/null "$FAKE/replay/ctl"
ln -sf /dev/full "$FAKE/replay/stream"
exits replay_stream_refused 1 "hwmemctl: replay stream: No space left on device" \
	env HWMEM_DEBUGFS="$FAKE" sh "$BIN/hwmemctl" replay "$T/trace.txt" --out "$T/refused"
ln -sf /dev/null "$FAKE/replay/stream"

# A hwmem-plot whose Python is missing: no pictures, and says why.
mkdir "$T/noplot"
cp "$CTL" "$BIN/hwmem-trace" "$T/noplot/"
sed '1s|.*|#!/nonexistent/python3|' "$PLOT" > "$T/noplot/hwmem-plot"
chmod +x "$T/noplot/hwmem-plot"
run env HWMEM_DEBUGFS="$FAKE" sh "$T/noplot/hwmemctl" replay "$T/trace.txt" --out "$T/noplot-out"
check replay_png_skipped "rc $rc: $(oneline "$T/err")" '
	[ $rc -eq 0 ] && grep -q "PNGs skipped: /nonexistent/python3 is missing" "$T/err" &&
	[ -s "$T/noplot-out/summary.csv" ] && ! ls "$T/noplot-out" | grep -q png'
exits draw_no_python 6 "hwmem-plot cannot run: /nonexistent/python3 is missing" \
	env HWMEM_DEBUGFS="$DFS" sh "$T/noplot/hwmemctl" draw frames "$T/x.png"

# ---- hwmem-plot ----

if $HAVE_MPL; then
	# A map of R rows and E colours, S = min(4, 1024 / R) pixels a cell:
	# 16 + 256 S + 16 + 192 + 16 wide, 48 + max(R S, 20 (E + 1)) + 16 high.
	colours=$(awk '{ print $2 }' "$SAMPLE/frames/map" | fold -w 1 | sort -u | wc -l)
	height=$((48 + (64 > 20 * (colours + 1) ? 64 : 20 * (colours + 1)) + 16))
	run "$PLOT" map "$T/frames.png" "$SAMPLE/frames/map" --title frames/map
	png_is plot_frames_map "$T/frames.png" 1264 "$height"
	run env HWMEM_DEBUGFS="$DFS" sh "$CTL" draw frames "$T/draw.png"
	png_is draw_frames "$T/draw.png" 1264 "$height"
	run env HWMEM_DEBUGFS="$DFS" sh "$CTL" draw buddy "$T/draw-buddy.png"
	check draw_buddy "rc $rc: $(oneline "$T/err")" '[ $rc -eq 0 ] && [ -s "$T/draw-buddy.png" ]'
	# 262144 frames: 1024 rows, one pixel a cell; under 10 s even here.
	awk 'BEGIN {
		for (i = 0; i < 4096; i++) {
			l = ""
			for (j = 0; j < 64; j++)
				l = l substr(".umbstc", (i + j) % 7 + 1, 1)
			printf "0x%08x %s\n", 65536 + i * 64, l
		}
	}' > "$T/big.map"
	start=$(date +%s)
	run "$PLOT" map "$T/big.png" "$T/big.map"
	took=$(($(date +%s) - start))
	png_is plot_big_map "$T/big.png" 496 1088
	check plot_big_map_quick "took $took s" '[ "$took" -lt 10 ]'
	run "$PLOT" maps "$T/maps.png" "$SAMPLE/frames/map" "$SAMPLE/buddy/map" "$SAMPLE/replay/buddy_map" --labels a,b,c
	check plot_maps "rc $rc: $(oneline "$T/err")" '[ $rc -eq 0 ] &&
		[ "$(png_size "$T/maps.png" | cut -d " " -f 1)" -eq $((16 + 3 * 1024 + 2 * 24 + 16 + 192 + 16)) ]'
	printf 'policy,records,unusable_3,unusable_9,slab_objects,slab_slots\n' > "$T/timeline.csv"
	printf 'a,%s,0.%s00,0.%s00,%s,100\n' 1 1 2 10 2 2 3 20 3 3 4 30 >> "$T/timeline.csv"
	printf 'b,%s,0.%s00,0.%s00,%s,0\n' 1 5 6 0 2 5 6 0 >> "$T/timeline.csv"
	run "$PLOT" timeline "$T/timeline.png" "$T/timeline.csv"
	png_is plot_timeline "$T/timeline.png" 1024 768
	run "$PLOT" timeline "$T/timeline1.png" "$T/timeline.csv" --orders 3,12
	check plot_timeline_missing_order "rc $rc: $(oneline "$T/err")" '[ $rc -eq 0 ] &&
		grep -q "no unusable_12 column" "$T/err" && [ "$(png_size "$T/timeline1.png")" = "768 768" ]'
	exits plot_bad_orders 2 "orders 0-25" "$PLOT" timeline "$T/x.png" "$T/timeline.csv" --orders x
	exits plot_bad_labels 2 "2 maps but 1 labels" "$PLOT" maps "$T/x.png" "$T/big.map" "$T/big.map" --labels a
	exits plot_missing_file 1 "No such file" "$PLOT" map "$T/x.png" "$T/nope.map"
	printf 'hello world\n' > "$T/notamap"
	exits plot_not_a_map 1 "not 'START CELLS'" "$PLOT" map "$T/x.png" "$T/notamap"
else
	skip "$PLOT_PY cannot import matplotlib (apt-get install python3-matplotlib)" \
		plot_frames_map draw_frames draw_buddy plot_big_map plot_big_map_quick plot_maps \
		plot_timeline plot_timeline_missing_order plot_bad_orders plot_bad_labels \
		plot_missing_file plot_not_a_map
fi

# ---- the guest's shell and tools: busybox ash and awk ----

if command -v busybox > /dev/null; then
	BB=$T/busybox
	mkdir "$BB"
	for applet in sh awk sed cat cut dd tr ls id date sleep mktemp rm mkdir dirname; do
		ln -s "$(command -v busybox)" "$BB/$applet"
	done
	ok=true
	for args in "" "--help" "help slab" "help --rst" "frames" "buddy map" \
		"--json slab slabinfo" "--json buddy buddyinfo" "--json frames state" \
		"--json virt spaces" "--json replay buddy_map" "--json numa" "--json info"; do
		# shellcheck disable=SC2086
		HWMEM_DEBUGFS=$DFS PATH=$BB "$BB/sh" "$CTL" $args > "$T/bb.out" 2>&1
		# shellcheck disable=SC2086
		ctl $args > "$T/sh.out" 2>&1
		cmp -s "$T/bb.out" "$T/sh.out" || { fail busybox "'hwmemctl $args' differs: $(oneline "$T/bb.out")"; ok=false; }
	done
	HWMEM_DEBUGFS=$T/odd PATH=$BB "$BB/sh" "$CTL" --json info > "$T/bb.json" 2>&1
	HWMEM_DEBUGFS=$T/odd sh "$CTL" --json info > "$T/sh.json" 2>&1
	cmp -s "$T/bb.json" "$T/sh.json" || { fail busybox "escapes differ: $(oneline "$T/bb.json")"; ok=false; }
	$ok && pass busybox
else
	skip "no busybox here" busybox
fi

[ "$failed" -eq 0 ]
