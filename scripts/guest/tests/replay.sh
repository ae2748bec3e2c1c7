#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest checks for replay/: a short trace of this kernel's own kmem:
# events, recorded with hwmemctl record while real work runs, converted
# and played through fresh allocators.  Every record is accounted for
# (replayed or skipped), the same trace and policies give the same
# results twice, the live module is untouched, and every page comes back;
# malformed streams are refused with nothing held.
. /hwmem/lib.sh
T=replay
R=$D/replay
export PATH=/hwmem:$PATH

# sum KEY...: the sum of those keys of replay/summary.
sum() {
	_s=0
	for _k in "$@"; do
		_s=$((_s + $(sed -n "s/^$_k: //p" $R/summary)))
	done
	echo $_s
}
rfield() { sed -n "s/^$1: //p" $R/summary; }

# The workload: gzip round trips and /proc reads, short-lived processes.
work() {
	i=0
	while [ $i -lt 20 ]; do
		dd if=/dev/zero bs=64k count=4 2> /dev/null | gzip -c | gunzip -c |
			md5sum > /dev/null
		cat /proc/meminfo /proc/self/status > /dev/null
		i=$((i + 1))
	done
}
[ "${1-}" = work ] && { work; exit; }

# Free pages before anything: the files below live in this guest's RAM,
# so they are compared once the files are gone and hwmem is unloaded.
pages0=$(free_pages)
check load insmod $KO frames=2048
frames0=$(cat $D/frames/state)
check record hwmemctl record -o /tmp/r.txt -- sh /hwmem/tests/replay.sh work
check recorded_pages eq "$(grep -c ' mm_page_alloc: ' /tmp/r.txt | awk '{ print ($1 > 0) }')" 1
check recorded_objects eq "$(grep -cE ' (kmalloc|kmem_cache_alloc): ' /tmp/r.txt |
	awk '{ print ($1 > 0) }')" 1
check convert hwmem-trace convert -o /tmp/r.hwmr /tmp/r.txt
n=$(hwmem-trace info /tmp/r.hwmr | sed -n 's/^records: //p')
check records eq "$([ "${n:-0}" -gt 100 ] && echo yes)" yes

opts="frames_policy=lowest buddy_policy=lowest slab_policy=fullest every=64"
check start ctl_raw $R/ctl "start 4096 $opts"
check stream dd if=/tmp/r.hwmr of=$R/stream bs=100000 status=none
check finish ctl_raw $R/ctl finish
check done eq "$(rfield state)/$(rfield error)" done/0
check all_records eq "$(rfield records)/$(rfield played)" "$n/$n"
skipped="skipped_kernel_failed skipped_null skipped_untracked skipped_large
	skipped_unsupported skipped_after_failure skipped_duplicate"
# Every record replayed or skipped for one reason, never both, never lost.
check replayed_plus_skipped eq "$(sum replayed $skipped)" "$n"
check skipped_total eq "$(sum $skipped)" "$(rfield skipped)"
check timeline eq "$(($(wc -l < $R/timeline) - 1))" "$(rfield samples)"
check frames_map eq "$(cut -d ' ' -f 2 $R/frames_map | tr -d '\n' | wc -c)" 4096
cp $R/summary /tmp/summary.1
cp $R/timeline /tmp/timeline.1

# The same trace, the same policies: the same results, sample by sample.
ctl_raw $R/ctl "start 4096 $opts" > /dev/null
dd if=/tmp/r.hwmr of=$R/stream bs=4096 status=none
ctl_raw $R/ctl finish > /dev/null
check same_summary cmp /tmp/summary.1 $R/summary
check same_timeline cmp /tmp/timeline.1 $R/timeline

# hwmemctl compares the seven policy sets; no python here, so no PNGs.
check hwmemctl_all hwmemctl replay /tmp/r.hwmr --all --out /tmp/rp
check hwmemctl_rows eq "$(tail -n +2 /tmp/rp/summary.csv | grep -c "^[a-z]*/[a-z]*/[a-z]*,$n,$n,")" 7

# The live module untouched by the runs.
check live_untouched eq "$(cat $D/frames/state)" "$frames0"

# Malformed streams: refused, the run failed, nothing held.
head -c 64 /tmp/r.hwmr > /tmp/head.hwmr
{ printf 'HWMEMXXX'; tail -c +9 /tmp/r.hwmr; } > /tmp/magic.hwmr
size=$(wc -c < /tmp/r.hwmr)
head -c $((size - 5)) /tmp/r.hwmr > /tmp/short.hwmr
ctl_raw $R/ctl "start 1024" > /dev/null
check_err bad_magic "Invalid argument" dd if=/tmp/magic.hwmr of=$R/stream bs=100000 status=none
check bad_magic_failed eq "$(rfield state)/$(rfield error)" failed/-22
ctl_raw $R/ctl "start 1024" > /dev/null
dd if=/tmp/short.hwmr of=$R/stream bs=100000 status=none
check_err truncated "No data available" ctl_raw $R/ctl finish
check truncated_failed eq "$(rfield state)/$(rfield error)" failed/-61
check_err not_loading "No such device" dd if=/tmp/head.hwmr of=$R/stream status=none
ctl_raw $R/ctl "start 1024" > /dev/null
check_err twice "Device or resource busy" ctl_raw $R/ctl "start 1024"
check cancel ctl_raw $R/ctl cancel
check_err bad_start "Invalid argument" ctl_raw $R/ctl "start 1024 buddy_frames=1024"

dmesg -c > /dev/null
check unload rmmod hwmem
check clean_unload eq "$(klog | grep -c 'still allocated')" 0
# Every page of every run back: the results went at unload.  The runs
# and the recording churned megabytes through kvmalloc(), SLUB and the
# tracing ring buffers, which keep some pages cached (56 and 80 pages
# measured on 6.12): 256 pages here; page_owner counts to the page.
rm -rf /tmp/r.txt /tmp/r.hwmr /tmp/head.hwmr /tmp/magic.hwmr /tmp/short.hwmr \
	/tmp/summary.1 /tmp/timeline.1 /tmp/rp
check pages_back near "$(free_pages)" "$pages0" "$(slack 256)"
check kernel_clean kernel_clean
