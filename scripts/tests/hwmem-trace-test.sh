#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host checks of scripts/hwmem-trace.c, the text trace -> replay stream
# converter: builds it (plain and -static) into a temporary directory,
# converts the sample traces below (tracefs text of Linux 6.12 and 6.1,
# trace_pipe, trace-cmd report with and without -l), compares every record
# that dump prints with what is expected, checks the header hints and the
# lost-event count, the errors on malformed events of ours, and that info
# refuses hand-made bad streams as the module does.
#
# Prints one "PASS tools.trace.<name>" or "FAIL tools.trace.<name> - why"
# line per check; exits non-zero if any failed.  Needs only sh, gcc and
# POSIX tools; takes a few seconds, most of them in gcc.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
TOOL=$T/hwmem-trace
failed=0

pass() { echo "PASS tools.trace.$1"; }
fail() {
	echo "FAIL tools.trace.$1 - $2"
	failed=$((failed + 1))
}

# run CMD...: its standard output in $T/out, error in $T/err, status in $rc.
run() {
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
}

# oneline [FILE]: the first lines of FILE (or standard input) on one
# line, for a FAIL message.
oneline() { head -n 4 ${1:+"$1"} | tr '\n' '|'; }

# field NAME [FILE]: the value of "NAME: value" in FILE or standard input.
field() { sed -n "s/^$1: //p" ${2:+"$2"}; }

# convert NAME TRACE: convert TRACE into $T/NAME.bin, its summary into
# $T/NAME.err; false (and a FAIL) if that fails.
convert() {
	run "$TOOL" convert -o "$T/$1.bin" "$2"
	cp "$T/err" "$T/$1.err"
	if [ $rc -ne 0 ]; then
		fail "$1" "convert exited $rc: $(oneline "$T/err")"
		return 1
	fi
}

# dump_is NAME EXPECTED: dump $T/NAME.bin and compare it with the file
# EXPECTED; false (and a FAIL) if they differ.
dump_is() {
	run "$TOOL" dump "$T/$1.bin"
	if [ $rc -ne 0 ]; then
		fail "$1" "dump exited $rc: $(oneline "$T/err")"
		return 1
	fi
	if ! cmp -s "$2" "$T/out"; then
		fail "$1" "dump differs: $(diff "$2" "$T/out" | oneline)"
		return 1
	fi
}

# summary_is NAME LINE: convert's summary for NAME was LINE.
summary_is() {
	if ! grep -qxF "$2" "$T/$1.err"; then
		fail "$1" "summary: $(oneline "$T/$1.err")"
		return 1
	fi
}

# check_trace NAME TRACE EXPECTED SUMMARY: the whole check of one trace.
check_trace() {
	convert "$1" "$2" && dump_is "$1" "$3" && summary_is "$1" "$4" &&
		pass "$1"
}

# ---- build ----

# build OUT [GCC OPTION...]: the documented build line.
build() {
	_out=$1
	shift
	gcc "$@" -O2 -Wall -Wextra -Werror -I "$ROOT/hwmem/include/uapi" \
		-o "$_out" "$ROOT/scripts/hwmem-trace.c" 2> "$T/build"
}

if build "$TOOL"; then
	pass build
else
	fail build "$(oneline "$T/build")"
	exit 1
fi
if build "$T/hwmem-trace-static" -static; then
	pass build_static
else
	fail build_static "$(oneline "$T/build")"
fi

# ---- the text formats ----

cat > "$T/t612" <<'EOF'
# tracer: nop
#
# entries-in-buffer/entries-written: 7/7   #P:2
#
#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
#              | |         |   |||||     |         |
             tar-123     [000] .....   123.456800: kmalloc: call_site=alloc_pipe_info+0x9c/0x1a0 ptr=ffff888003c8a000 bytes_req=640 bytes_alloc=1024 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO node=-1 accounted=true
          <idle>-0       [001] d..2.   123.456801: mm_page_free: page=00000000a1b2c3d4 pfn=0x1234 order=0
              sh-99      [000] ...1.   123.456900: mm_page_alloc: page=0000000012345678 pfn=0x41c2 order=2 migratetype=0 gfp_flags=GFP_KERNEL|__GFP_COMP
              sh-99      [000] .....   123.457000: kmem_cache_alloc: call_site=getname_flags+0x4f/0x1f0 ptr=ffff888004a30000 name=names_cache bytes_req=4096 bytes_alloc=4096 gfp_flags=GFP_KERNEL node=-1 accounted=false
              sh-99      [000] .....   123.457100: kmem_cache_free: call_site=putname+0x5a/0x70 ptr=ffff888004a30000 name=names_cache
              sh-99      [000] .....   123.457200: kfree: call_site=free_pipe_info+0xd0/0x110 ptr=ffff888003c8a000
              sh-99      [000] ..s1.   123.458000: mm_page_free_batched: page=000000009abcdef0 pfn=0x5678 order=0
EOF
cat > "$T/t612.dump" <<'EOF'
0 kmalloc 0 1024 0xffff888003c8a000
1 page_free 0 0 0x1234
2 page_alloc 2 0 0x41c2
3 cache_alloc 0 4096 0xffff888004a30000
4 cache_free 0 0 0xffff888004a30000
5 kfree 0 0 0xffff888003c8a000
6 page_free 0 0 0x5678
EOF
check_trace tracefs_6_12 "$T/t612" "$T/t612.dump" \
	"hwmem-trace: 13 lines, 7 events (page_alloc 1, page_free 2, kmalloc 1, kfree 1, cache_alloc 1, cache_free 1), 0 lost, 0 lines not understood"

cat > "$T/t61" <<'EOF'
# tracer: nop
#
# entries-in-buffer/entries-written: 5/5   #P:2
#
#                                _-----=> irqs-off/BH-disabled
#                               / _----=> need-resched
#                              | / _---=> hardirq/softirq
#                              || / _--=> preempt-depth
#                              ||| / _-=> migrate-disable
#                              |||| /     delay
#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
#              | |         |   |||||     |         |
             tar-123     [000] ....   123.456800: kmalloc: call_site=alloc_pipe_info+0x9c/0x1a0 ptr=ffff888003c8a000 bytes_req=640 bytes_alloc=1024 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO node=-1 accounted=true
              sh-99      [000] ...1   123.457000: kmem_cache_alloc: call_site=getname_flags+0x4f/0x1f0 ptr=ffff888004a30000 bytes_req=4096 bytes_alloc=4096 gfp_flags=GFP_KERNEL node=-1 accounted=false
              sh-99      [001] d..2   123.457050: mm_page_alloc: page=00000000c0ffee00 pfn=0x10000 order=10 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE
              sh-99      [000] ....   123.457100: kmem_cache_free: call_site=putname+0x5a/0x70 ptr=ffff888004a30000
              sh-99      [000] ....   123.457200: kfree: call_site=free_pipe_info+0xd0/0x110 ptr=ffff888003c8a000
EOF
cat > "$T/t61.dump" <<'EOF'
0 kmalloc 0 1024 0xffff888003c8a000
1 cache_alloc 0 4096 0xffff888004a30000
2 page_alloc 10 0 0x10000
3 cache_free 0 0 0xffff888004a30000
4 kfree 0 0 0xffff888003c8a000
EOF
check_trace tracefs_6_1 "$T/t61" "$T/t61.dump" \
	"hwmem-trace: 17 lines, 5 events (page_alloc 1, page_free 0, kmalloc 1, kfree 1, cache_alloc 1, cache_free 1), 0 lost, 0 lines not understood"

# trace_pipe: no header at all.
grep -v '^#' "$T/t612" > "$T/pipe"
check_trace trace_pipe "$T/pipe" "$T/t612.dump" \
	"hwmem-trace: 7 lines, 7 events (page_alloc 1, page_free 2, kmalloc 1, kfree 1, cache_alloc 1, cache_free 1), 0 lost, 0 lines not understood"

# trace-cmd report 3.1: cpus=N, no flags, padded names, 0x pointers.
cat > "$T/tcmd" <<'EOF'
cpus=4
CPU 3 is empty
             tar-123   [000]   123.456800: kmalloc:              call_site=alloc_pipe_info+0x9c ptr=0xffff888003c8a000 bytes_req=640 bytes_alloc=1024 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO node=-1 accounted=true
          <idle>-0     [001]   123.456801: mm_page_free:         page=0xffffea00000048d0 pfn=0x1234 order=0
              sh-99    [002]   123.456900: mm_page_alloc:        page=0xffffea0000107080 pfn=0x41c2 order=2 migratetype=0 gfp_flags=GFP_KERNEL|__GFP_COMP
              sh-99    [002]   123.456950: mm_page_alloc:        page=(nil) pfn=0x0 order=3 migratetype=0 gfp_flags=GFP_NOWAIT
              sh-99    [000]   123.457000: kmem_cache_alloc:     call_site=getname_flags+0x4f ptr=0xffff888004a30000 bytes_req=4096 bytes_alloc=4096 gfp_flags=GFP_KERNEL node=-1 accounted=false
              sh-99    [000]   123.457100: kmem_cache_free:      call_site=putname+0x5a ptr=0xffff888004a30000 name=names_cache
              sh-99    [000]   123.457200: kfree:                call_site=free_pipe_info+0xd0 ptr=0xffff888003c8a000
              sh-99    [000]   123.458000: mm_page_free_batched: page=0xffffea0000159e00 pfn=0x5678
EOF
cat > "$T/tcmd.dump" <<'EOF'
0 kmalloc 0 1024 0xffff888003c8a000
1 page_free 0 0 0x1234
2 page_alloc 2 0 0x41c2
3 page_alloc 3 0 0xffffffffffffffff
4 cache_alloc 0 4096 0xffff888004a30000
5 cache_free 0 0 0xffff888004a30000
6 kfree 0 0 0xffff888003c8a000
7 page_free 0 0 0x5678
EOF
check_trace trace_cmd "$T/tcmd" "$T/tcmd.dump" \
	"hwmem-trace: 10 lines, 8 events (page_alloc 2, page_free 2, kmalloc 1, kfree 1, cache_alloc 1, cache_free 1), 0 lost, 0 lines not understood"

# trace-cmd report -l: "%8.8s-%-5d %3d" then the flags, no brackets.
cat > "$T/tcmdl" <<'EOF'
cpus=2
     tar-123      0.....  123.456800: kmalloc:              call_site=alloc_pipe_info+0x9c ptr=0xffff888003c8a000 bytes_req=640 bytes_alloc=1024 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO node=-1 accounted=true
  <idle>-0        1d..2.  123.456801: mm_page_free:         page=0xffffea00000048d0 pfn=0x1234 order=0
(udev-wo-412      1...1.  123.456900: mm_page_alloc:        page=0xffffea0000107080 pfn=0x41c2 order=2 migratetype=0 gfp_flags=GFP_KERNEL|__GFP_COMP
kworker/-56       0..s1.  123.457200: kfree:                call_site=free_pipe_info+0xd0 ptr=0xffff888003c8a000
EOF
cat > "$T/tcmdl.dump" <<'EOF'
0 kmalloc 0 1024 0xffff888003c8a000
1 page_free 0 0 0x1234
2 page_alloc 2 0 0x41c2
3 kfree 0 0 0xffff888003c8a000
EOF
check_trace trace_cmd_latency "$T/tcmdl" "$T/tcmdl.dump" \
	"hwmem-trace: 5 lines, 4 events (page_alloc 1, page_free 1, kmalloc 1, kfree 1, cache_alloc 0, cache_free 0), 0 lost, 0 lines not understood"

# Task names with spaces, brackets, colons and a "[5]" of their own.
cat > "$T/tasks" <<'EOF'
   (udev-worker)-1234    [001] .....   10.000001: kmalloc: call_site=x+0x1/0x2 ptr=ffff888000000040 bytes_req=60 bytes_alloc=64 gfp_flags=GFP_KERNEL node=-1 accounted=false
    kworker/u4:1-56      [000] d..1.   10.000002: kfree: call_site=y+0x1/0x2 ptr=ffff888000000040
     Web Content-4321    [001] .....   10.000003: mm_page_alloc: page=00000000deadbeef pfn=0x99 order=0 migratetype=0 gfp_flags=GFP_USER
 my [5] task: x:-77      [000] .....   10.000004: mm_page_free: page=00000000deadbeef pfn=0x99 order=0
           <...>-88      [001] .N.2.   10.000005: kmem_cache_alloc: call_site=z+0x1/0x2 ptr=ffff888000000080 name=kmalloc-64 bytes_req=64 bytes_alloc=64 gfp_flags=GFP_KERNEL node=0 accounted=false
EOF
cat > "$T/tasks.dump" <<'EOF'
0 kmalloc 0 64 0xffff888000000040
1 kfree 0 0 0xffff888000000040
2 page_alloc 0 0 0x99
3 page_free 0 0 0x99
4 cache_alloc 0 64 0xffff888000000080
EOF
check_trace task_names "$T/tasks" "$T/tasks.dump" \
	"hwmem-trace: 5 lines, 5 events (page_alloc 1, page_free 1, kmalloc 1, kfree 1, cache_alloc 1, cache_free 0), 0 lost, 0 lines not understood"

# Hashed and raw pointers, with and without 0x; NULL as 0, (nil), (null).
cat > "$T/ptrs" <<'EOF'
a-1 [000] ..... 1.000001: kmalloc: call_site=f+0x0/0x1 ptr=00000000a1b2c3d4 bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL node=-1 accounted=false
a-1 [000] ..... 1.000002: kmalloc: call_site=f+0x0/0x1 ptr=ffff888003c8a000 bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL node=-1 accounted=false
a-1 [000] ..... 1.000003: kmalloc: call_site=f+0x0/0x1 ptr=0xffff888003c8b000 bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL node=-1 accounted=false
a-1 [000] ..... 1.000004: kfree: call_site=f+0x0/0x1 ptr=0x00000000a1b2c3d4
a-1 [000] ..... 1.000005: kfree: call_site=f+0x0/0x1 ptr=0000000000000000
a-1 [000] ..... 1.000006: kfree: call_site=f+0x0/0x1 ptr=(nil)
a-1 [000] ..... 1.000007: kfree: call_site=f+0x0/0x1 ptr=(null)
a-1 [000] ..... 1.000008: kfree: call_site=f+0x0/0x1 ptr=0
EOF
cat > "$T/ptrs.dump" <<'EOF'
0 kmalloc 0 8 0xa1b2c3d4
1 kmalloc 0 8 0xffff888003c8a000
2 kmalloc 0 8 0xffff888003c8b000
3 kfree 0 0 0xa1b2c3d4
4 kfree 0 0 0x0
5 kfree 0 0 0x0
6 kfree 0 0 0x0
7 kfree 0 0 0x0
EOF
check_trace pointers "$T/ptrs" "$T/ptrs.dump" \
	"hwmem-trace: 8 lines, 8 events (page_alloc 0, page_free 0, kmalloc 3, kfree 5, cache_alloc 0, cache_free 0), 0 lost, 0 lines not understood"

# Failed allocations: a page allocation (tracefs prints a NULL page and
# pfn 0), kmalloc and kmem_cache_alloc returning NULL.  A failed kmalloc
# keeps bytes_alloc, else bytes_req, else 1, at most 1 GiB.
cat > "$T/failed" <<'EOF'
a-1 [000] ..... 1.000001: mm_page_alloc: page=0000000000000000 pfn=0x0 order=9 migratetype=1 gfp_flags=GFP_NOWAIT
a-1 [000] ..... 1.000002: mm_page_alloc: page=(null) pfn=0 order=0 migratetype=1 gfp_flags=GFP_NOWAIT
a-1 [000] ..... 1.000003: kmalloc: call_site=f+0x0/0x1 ptr=0000000000000000 bytes_req=5000 bytes_alloc=8192 gfp_flags=GFP_NOWAIT node=-1 accounted=false
a-1 [000] ..... 1.000004: kmalloc: call_site=f+0x0/0x1 ptr=0000000000000000 bytes_req=300 bytes_alloc=0 gfp_flags=GFP_NOWAIT node=-1 accounted=false
a-1 [000] ..... 1.000005: kmalloc: call_site=f+0x0/0x1 ptr=0000000000000000 bytes_req=0 bytes_alloc=0 gfp_flags=GFP_NOWAIT node=-1 accounted=false
a-1 [000] ..... 1.000006: kmalloc: call_site=f+0x0/0x1 ptr=0000000000000000 bytes_req=3000000000 bytes_alloc=4294967296 gfp_flags=GFP_KERNEL node=-1 accounted=false
a-1 [000] ..... 1.000007: kmem_cache_alloc: call_site=f+0x0/0x1 ptr=0000000000000000 name=dentry bytes_req=192 bytes_alloc=192 gfp_flags=GFP_NOWAIT node=-1 accounted=false
EOF
cat > "$T/failed.dump" <<'EOF'
0 page_alloc 9 0 0xffffffffffffffff
1 page_alloc 0 0 0xffffffffffffffff
2 kmalloc 0 8192 0x0
3 kmalloc 0 300 0x0
4 kmalloc 0 1 0x0
5 kmalloc 0 1073741824 0x0
6 cache_alloc 0 192 0x0
EOF
if convert failed_alloc "$T/failed" &&
	dump_is failed_alloc "$T/failed.dump" &&
	summary_is failed_alloc "hwmem-trace: 7 lines, 7 events (page_alloc 2, page_free 0, kmalloc 4, kfree 0, cache_alloc 1, cache_free 0), 0 lost, 0 lines not understood"; then
	"$TOOL" info "$T/failed_alloc.bin" > "$T/out"
	got="$(field max_live_pages "$T/out")/$(field max_live_objects "$T/out")"
	if [ "$got" = 0/0 ]; then
		pass failed_alloc
	else
		fail failed_alloc "failed allocations counted live: $got"
	fi
fi

# ---- lost events ----

cat > "$T/lost" <<'EOF'
a-1 [000] ..... 1.000001: kfree: call_site=f+0x0/0x1 ptr=0
CPU:1 [LOST 123 EVENTS]
a-1 [001] ..... 1.000002: kfree: call_site=f+0x0/0x1 ptr=0
CPU:0 [7 EVENTS DROPPED]
a-1 [000] ..... 1.000003: kfree: call_site=f+0x0/0x1 ptr=0
EOF
run "$TOOL" convert -o "$T/lost.bin" "$T/lost"
if [ $rc -ne 0 ]; then
	fail lost_events "convert exited $rc: $(oneline "$T/err")"
elif ! grep -q '^hwmem-trace: warning: .*130 events' "$T/err"; then
	fail lost_events "no warning: $(oneline "$T/err")"
elif ! grep -q ', 130 lost, 0 lines not understood$' "$T/err"; then
	fail lost_events "summary: $(oneline "$T/err")"
elif ! "$TOOL" info "$T/lost.bin" | grep -qx 'lost_events: 130'; then
	fail lost_events "header: $("$TOOL" info "$T/lost.bin" | oneline)"
else
	pass lost_events
fi

# Losses without a number: at least 1.  Overwritten events in the tracefs
# header count too.
printf '%s\n' '##### CPU 1 buffer started ####' \
	'a-1 [001] ..... 1.000002: kfree: call_site=f+0x0/0x1 ptr=0' \
	> "$T/lost1"
printf '%s\n' '# entries-in-buffer/entries-written: 1/10   #P:2' \
	'a-1 [001] ..... 1.000002: kfree: call_site=f+0x0/0x1 ptr=0' \
	> "$T/lost9"
"$TOOL" convert -o "$T/lost1.bin" "$T/lost1" 2> "$T/err"
l1=$("$TOOL" info "$T/lost1.bin" | field lost_events)
"$TOOL" convert -o "$T/lost9.bin" "$T/lost9" 2> "$T/err"
l9=$("$TOOL" info "$T/lost9.bin" | field lost_events)
if [ "$l1/$l9" = 1/9 ]; then
	pass lost_events_uncounted
else
	fail lost_events_uncounted "lost_events $l1 and $l9, not 1 and 9"
fi

# ---- lines that are not ours ----

cat > "$T/unknown" <<'EOF'
# a comment

cpus=2
version = 6
          <idle>-0       [001] d..2.   1.000001: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=sh next_pid=99 next_prio=120
              sh-99      [000] .....   1.000002: mm_page_alloc_zone_locked: page=0000000012345678 pfn=0x41c2 order=0 migratetype=1 percpu_refill=1
              sh-99      [000] .....   1.000003: kmalloc: call_site=f+0x0/0x1 ptr=ffff888000001000 bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL node=-1 accounted=false
              sh-99      [000] .....   1.000004: do_sys_open <-__x64_sys_openat
this is not a trace line at all
              sh-99      [000] .....   1.000005: kmem_cache_alloc_node: call_site=f+0x0/0x1 ptr=ffff888000002000 bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL node=0
EOF
cat > "$T/unknown.dump" <<'EOF'
0 kmalloc 0 8 0xffff888000001000
EOF
check_trace unknown_events "$T/unknown" "$T/unknown.dump" \
	"hwmem-trace: 10 lines, 1 events (page_alloc 0, page_free 0, kmalloc 1, kfree 0, cache_alloc 0, cache_free 0), 0 lost, 5 lines not understood"

# ---- malformed events of ours: exit 1, the line, and no stream ----

# malformed NAME LINE WHY: a trace whose third line is LINE must fail with
# "hwmem-trace: line 3: WHY", leave no OUT and send nothing down a pipe.
malformed() {
	{
		head -n 2 "$T/pipe"
		printf '%s\n' "$2"
		tail -n 2 "$T/pipe"
	} > "$T/bad.txt"
	rm -f "$T/bad.bin"
	run "$TOOL" convert -o "$T/bad.bin" "$T/bad.txt"
	if [ $rc -ne 1 ]; then
		fail "malformed.$1" "exited $rc, not 1"
	elif [ "$(cat "$T/err")" != "hwmem-trace: line 3: $3" ]; then
		fail "malformed.$1" "said: $(oneline "$T/err")"
	elif [ -e "$T/bad.bin" ]; then
		fail "malformed.$1" "left a partial stream behind"
	elif [ "$("$TOOL" convert < "$T/bad.txt" 2>/dev/null | wc -c)" -ne 0 ]; then
		fail "malformed.$1" "wrote to a pipe"
	else
		pass "malformed.$1"
	fi
}

P='sh-99 [000] ..... 1.000001:'
malformed no_ptr "$P kmalloc: call_site=f+0x0/0x1 bytes_req=8 bytes_alloc=8" \
	"kmalloc: no ptr= field"
malformed bad_ptr "$P kfree: call_site=f+0x0/0x1 ptr=ffff88800zz00000" \
	"kfree: bad ptr=ffff88800zz00000"
malformed no_bytes_alloc "$P kmem_cache_alloc: call_site=f+0x0/0x1 ptr=ffff888000001000 bytes_req=8" \
	"kmem_cache_alloc: no bytes_alloc= field"
malformed bytes_alloc_0 "$P kmalloc: call_site=f+0x0/0x1 ptr=ffff888000001000 bytes_req=0 bytes_alloc=0" \
	"kmalloc: bytes_alloc=0 with a non-NULL ptr (must be 1 to 1073741824)"
malformed bytes_alloc_2g "$P kmalloc: call_site=f+0x0/0x1 ptr=ffff888000001000 bytes_req=2147483648 bytes_alloc=2147483648" \
	"kmalloc: bytes_alloc=2147483648 with a non-NULL ptr (must be 1 to 1073741824)"
malformed order_21 "$P mm_page_alloc: page=0000000012345678 pfn=0x41c2 order=21 migratetype=0" \
	"mm_page_alloc: order=21 over the maximum 20"
malformed no_order "$P mm_page_free: page=0000000012345678 pfn=0x41c2" \
	"mm_page_free: no order= field"
malformed bad_pfn "$P mm_page_free: page=0000000012345678 pfn=0xg1 order=0" \
	"mm_page_free: bad pfn=0xg1"
malformed null_page "$P mm_page_alloc: page=0000000000000000 pfn=0x41c2 order=0" \
	"mm_page_alloc: page NULL but pfn=0x41c2"

# ---- header hints ----

# Pages: 3 live at most (a free of a pfn never allocated and a failed
# allocation do not count); objects: 4 live at most (kmalloc and
# kmem_cache_alloc both make objects live, kfree and kmem_cache_free both
# end them; kfree(NULL), a free of an unknown pointer and an allocation
# of a pointer already live change nothing).
cat > "$T/hints" <<'EOF'
a-1 [000] ..... 1.01: mm_page_alloc: page=1 pfn=0x100 order=0 migratetype=0
a-1 [000] ..... 1.02: mm_page_alloc: page=2 pfn=0x200 order=1 migratetype=0
a-1 [000] ..... 1.03: mm_page_alloc: page=3 pfn=0x300 order=0 migratetype=0
a-1 [000] ..... 1.04: mm_page_free: page=2 pfn=0x200 order=1
a-1 [000] ..... 1.05: mm_page_free: page=9 pfn=0x900 order=0
a-1 [000] ..... 1.06: mm_page_alloc: page=(nil) pfn=0x0 order=0 migratetype=0
a-1 [000] ..... 1.07: mm_page_alloc: page=4 pfn=0x400 order=0 migratetype=0
a-1 [000] ..... 1.08: mm_page_free_batched: page=1 pfn=0x100 order=0
a-1 [000] ..... 1.09: mm_page_free: page=3 pfn=0x300 order=0
a-1 [000] ..... 1.10: kmalloc: ptr=a0 bytes_req=8 bytes_alloc=8
a-1 [000] ..... 1.11: kmalloc: ptr=b0 bytes_req=8 bytes_alloc=8
a-1 [000] ..... 1.12: kmem_cache_alloc: ptr=c0 bytes_req=8 bytes_alloc=8
a-1 [000] ..... 1.13: kfree: ptr=a0
a-1 [000] ..... 1.14: kfree: ptr=f0
a-1 [000] ..... 1.15: kfree: ptr=0
a-1 [000] ..... 1.16: kmalloc: ptr=0 bytes_req=8 bytes_alloc=8
a-1 [000] ..... 1.17: kmalloc: ptr=d0 bytes_req=8 bytes_alloc=8
a-1 [000] ..... 1.18: kmalloc: ptr=d0 bytes_req=8 bytes_alloc=8
a-1 [000] ..... 1.19: kmem_cache_alloc: ptr=e0 bytes_req=8 bytes_alloc=8
a-1 [000] ..... 1.20: kmem_cache_free: ptr=c0
a-1 [000] ..... 1.21: kfree: ptr=e0
a-1 [000] ..... 1.22: kmalloc: ptr=a0 bytes_req=8 bytes_alloc=8
EOF
if convert header_hints "$T/hints"; then
	"$TOOL" info "$T/header_hints.bin" > "$T/out"
	got="$(field max_live_pages "$T/out")/$(field max_live_objects "$T/out")"
	if [ "$got" = 3/4 ]; then
		pass header_hints
	else
		fail header_hints "max_live_pages/objects $got, not 3/4"
	fi
fi

# Enough live items to make the hash tables grow, shrink and move entries
# back on deletion: 20000 objects, every other one freed, 15000 more
# (25000 live at most), all freed; 3000 pages the same way (4500).
awk 'function ev(name, rest) {
	printf "t-1 [000] ..... %d.000001: %s: %s\n", ++n, name, rest
}
function obj(i) { return sprintf("ptr=ffff8880%08x", i * 64) }
function pg(i) { return sprintf("page=1 pfn=0x%x", 4096 + i * 2) }
BEGIN {
	for (i = 1; i <= 20000; i++) ev("kmalloc", obj(i) " bytes_alloc=64")
	for (i = 2; i <= 20000; i += 2) ev("kfree", obj(i))
	for (i = 20001; i <= 35000; i++)
		ev("kmem_cache_alloc", obj(i) " bytes_alloc=32")
	for (i = 1; i <= 35000; i++) ev("kfree", obj(i))
	for (i = 1; i <= 3000; i++) ev("mm_page_alloc", pg(i) " order=0")
	for (i = 1; i <= 3000; i += 2) ev("mm_page_free", pg(i) " order=0")
	for (i = 3001; i <= 6000; i++) ev("mm_page_alloc", pg(i) " order=0")
	for (i = 1; i <= 6000; i++) ev("mm_page_free", pg(i) " order=0")
}' > "$T/many"
if convert hash_table "$T/many"; then
	"$TOOL" info "$T/hash_table.bin" > "$T/out"
	got="$(field records "$T/out") $(field max_live_pages "$T/out")/$(field max_live_objects "$T/out")"
	if [ "$got" = "93500 4500/25000" ]; then
		pass hash_table
	else
		fail hash_table "records max_live_pages/objects $got, not 93500 4500/25000"
	fi
fi

# ---- standard input and output ----

# The same stream from a file to a file, stdin to a pipe, and stdin to a
# redirected standard output (written in place) and appended (not).
"$TOOL" convert < "$T/t612" 2>/dev/null | cat > "$T/piped.bin"
"$TOOL" convert - > "$T/redirected.bin" 2>/dev/null < "$T/t612"
: > "$T/appended.bin"
"$TOOL" convert "$T/t612" >> "$T/appended.bin" 2>/dev/null
if ! cmp -s "$T/tracefs_6_12.bin" "$T/piped.bin"; then
	fail stdin_pipe "stdin to a pipe differs from file to file"
elif ! cmp -s "$T/tracefs_6_12.bin" "$T/redirected.bin"; then
	fail stdin_pipe "stdin to a redirection differs from file to file"
elif ! cmp -s "$T/tracefs_6_12.bin" "$T/appended.bin"; then
	fail stdin_pipe "appending to standard output differs"
elif ! "$TOOL" convert < "$T/t612" 2>/dev/null | "$TOOL" info - > "$T/out" ||
	! grep -qx 'records: 7' "$T/out"; then
	fail stdin_pipe "convert | info - did not see 7 records"
else
	pass stdin_pipe
fi

# ---- info ----

cat > "$T/info.expected" <<'EOF'
version: 1
records: 8
max_live_pages: 1
max_live_objects: 2
lost_events: 0
page_alloc: 2
page_free: 2
kmalloc: 1
kfree: 1
cache_alloc: 1
cache_free: 1
EOF
run "$TOOL" info "$T/trace_cmd.bin"
if [ $rc -ne 0 ]; then
	fail info_good "exited $rc: $(oneline "$T/err")"
elif ! cmp -s "$T/info.expected" "$T/out"; then
	fail info_good "printed: $(oneline "$T/out")"
else
	pass info_good
fi

# ---- info refuses bad streams ----

# The good stream: kmalloc, kfree, page_alloc, page_free (records 0-3).
cat > "$T/base" <<'EOF'
a-1 [000] ..... 1.01: kmalloc: ptr=a0 bytes_req=8 bytes_alloc=8
a-1 [000] ..... 1.02: kfree: ptr=a0
a-1 [000] ..... 1.03: mm_page_alloc: page=1 pfn=0x100 order=1 migratetype=0
a-1 [000] ..... 1.04: mm_page_free: page=1 pfn=0x100 order=1
EOF
"$TOOL" convert -o "$T/base.bin" "$T/base" 2>/dev/null

# patch OFFSET BYTES: a copy of the good stream in $T/b.bin with BYTES
# (printf escapes) written at OFFSET.
patch() {
	cp "$T/base.bin" "$T/b.bin"
	# shellcheck disable=SC2059
	printf "$2" | dd of="$T/b.bin" bs=1 seek="$1" conv=notrunc 2>/dev/null
}

# refused NAME WHY: info and dump refuse $T/b.bin with "FILE: WHY", exit 1
# and info prints nothing.
refused() {
	"$TOOL" dump "$T/b.bin" > /dev/null 2>&1
	dump_rc=$?
	run "$TOOL" info "$T/b.bin"
	if [ $rc -ne 1 ]; then
		fail "info_refuses.$1" "exited $rc, not 1"
	elif [ "$(cat "$T/err")" != "hwmem-trace: $T/b.bin: $2" ]; then
		fail "info_refuses.$1" "said: $(oneline "$T/err")"
	elif [ -s "$T/out" ]; then
		fail "info_refuses.$1" "printed: $(oneline "$T/out")"
	elif [ $dump_rc -ne 1 ]; then
		fail "info_refuses.$1" "dump exited $dump_rc, not 1"
	else
		pass "info_refuses.$1"
	fi
}

R0=64 R1=80 R2=96 R3=112

patch 0 'X'
refused magic 'header: magic 0x4c50524d454d5758 is not "HWMEMRPL"'
patch 8 '\002'
refused version_2 'header: version 2, not 1'
patch 10 '\100\001'
refused header_size 'header: header_size 320, not 64'
patch 12 '\040'
refused record_size 'header: record_size 32, not 16'
patch 14 '\001'
refused flags 'header: flags 0x1, not 0'
patch 63 '\001'
refused header_reserved 'header: reserved is not 0'
head -c 40 "$T/base.bin" > "$T/b.bin"
refused truncated_header 'truncated header (40 of 64 bytes)'
head -c $((R3 + 5)) "$T/base.bin" > "$T/b.bin"
refused truncated_record 'record 3: truncated (5 of 16 bytes)'
head -c $R3 "$T/base.bin" > "$T/b.bin"
refused missing_record 'ends after 3 records, the header says 4'
cp "$T/base.bin" "$T/b.bin"
printf '\000' >> "$T/b.bin"
refused trailing_byte 'data after the last of its 4 records'
patch $R1 '\011'
refused unknown_type 'record 1: unknown type 9'
patch $R1 '\000'
refused type_0 'record 1: unknown type 0'
patch $((R2 + 1)) '\025'
refused order_21 'record 2: page_alloc: order 21 over the maximum 20'
patch $((R0 + 2)) '\001'
refused reserved 'record 0: kmalloc: reserved 0x1, not 0'
patch $((R1 + 4)) '\010'
refused free_with_bytes 'record 1: kfree: bytes 8, not 0'
patch $((R3 + 4)) '\001'
refused page_with_bytes 'record 3: page_free: bytes 1, not 0'
patch $((R0 + 4)) '\000\000\000\000'
refused kmalloc_bytes_0 'record 0: kmalloc: bytes 0, not 1 to 1073741824'
patch $((R0 + 4)) '\001\000\000\100'
refused kmalloc_bytes_over 'record 0: kmalloc: bytes 1073741825, not 1 to 1073741824'
patch $((R0 + 1)) '\001'
refused object_with_order 'record 0: kmalloc: order 1, not 0'

# ---- command line ----

usage_ok=true
for args in "" "frobnicate" "convert -x" "convert a b" "convert -o" "info" \
	"info a b" "dump"; do
	# shellcheck disable=SC2086
	"$TOOL" $args > /dev/null 2>&1 < /dev/null
	rc=$?
	if [ $rc -ne 2 ]; then
		fail usage "'hwmem-trace $args' exited $rc, not 2"
		usage_ok=false
	fi
done
for args in "--help" "-h" "convert --help" "info -h"; do
	# shellcheck disable=SC2086
	if ! "$TOOL" $args 2>&1 | grep -q '^usage: hwmem-trace convert'; then
		fail usage "'hwmem-trace $args' printed no usage"
		usage_ok=false
	fi
done
run "$TOOL" info "$T/does-not-exist"
if [ $rc -ne 1 ]; then
	fail usage "info of a missing file exited $rc, not 1"
	usage_ok=false
fi
run "$TOOL" convert "$T/does-not-exist"
if [ $rc -ne 1 ]; then
	fail usage "convert of a missing file exited $rc, not 1"
	usage_ok=false
fi
$usage_ok && pass usage

[ "$failed" -eq 0 ]
