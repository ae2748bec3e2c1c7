/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem trace events: frame, buddy and slab allocations and frees.
 *
 * Addresses are printed as the debugfs ctl files answer them, so that a
 * trace and a session can be read side by side.
 *
 * Laid out as the kernel's own include/trace/events/ headers are, which
 * checkpatch reads as misaligned; scripts/check.sh lets this file pass
 * OPEN_ENDED_LINE and PARENTHESIS_ALIGNMENT.
 *
 *   trace-cmd record -e hwmem
 *   echo 1 > /sys/kernel/tracing/events/hwmem/enable
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hwmem

#if !defined(_TRACE_HWMEM_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_HWMEM_H

#include <linux/tracepoint.h>

#include <hwmem/slab.h>

DECLARE_EVENT_CLASS(hwmem_frame,
	TP_PROTO(unsigned long pfn, unsigned int owner, unsigned long caller),
	TP_ARGS(pfn, owner, caller),
	TP_STRUCT__entry(
		__field(unsigned long, pfn)
		__field(unsigned int, owner)
		__field(unsigned long, caller)
	),
	TP_fast_assign(
		__entry->pfn = pfn;
		__entry->owner = owner;
		__entry->caller = caller;
	),
	TP_printk("pfn=%#lx owner=%u caller=%pS",
		  __entry->pfn, __entry->owner, (void *)__entry->caller)
);

DEFINE_EVENT(hwmem_frame, hwmem_frame_alloc,
	TP_PROTO(unsigned long pfn, unsigned int owner, unsigned long caller),
	TP_ARGS(pfn, owner, caller)
);

DEFINE_EVENT(hwmem_frame, hwmem_frame_free,
	TP_PROTO(unsigned long pfn, unsigned int owner, unsigned long caller),
	TP_ARGS(pfn, owner, caller)
);

DECLARE_EVENT_CLASS(hwmem_buddy,
	TP_PROTO(const void *addr, unsigned int order, unsigned long caller),
	TP_ARGS(addr, order, caller),
	TP_STRUCT__entry(
		__field(unsigned long, addr)
		__field(unsigned int, order)
		__field(unsigned long, caller)
	),
	TP_fast_assign(
		__entry->addr = (unsigned long)addr;
		__entry->order = order;
		__entry->caller = caller;
	),
	TP_printk("addr=%#lx order=%u caller=%pS",
		  __entry->addr, __entry->order, (void *)__entry->caller)
);

DEFINE_EVENT(hwmem_buddy, hwmem_buddy_alloc,
	TP_PROTO(const void *addr, unsigned int order, unsigned long caller),
	TP_ARGS(addr, order, caller)
);

DEFINE_EVENT(hwmem_buddy, hwmem_buddy_free,
	TP_PROTO(const void *addr, unsigned int order, unsigned long caller),
	TP_ARGS(addr, order, caller)
);

DECLARE_EVENT_CLASS(hwmem_slab,
	TP_PROTO(const char *cache, const void *addr, unsigned long caller),
	TP_ARGS(cache, addr, caller),
	TP_STRUCT__entry(
		__array(char, cache, HWMEM_SLAB_NAME_LEN)
		__field(unsigned long, addr)
		__field(unsigned long, caller)
	),
	TP_fast_assign(
		strscpy(__entry->cache, cache, HWMEM_SLAB_NAME_LEN);
		__entry->addr = (unsigned long)addr;
		__entry->caller = caller;
	),
	TP_printk("cache=%s addr=%#lx caller=%pS",
		  __entry->cache, __entry->addr, (void *)__entry->caller)
);

DEFINE_EVENT(hwmem_slab, hwmem_slab_alloc,
	TP_PROTO(const char *cache, const void *addr, unsigned long caller),
	TP_ARGS(cache, addr, caller)
);

DEFINE_EVENT(hwmem_slab, hwmem_slab_free,
	TP_PROTO(const char *cache, const void *addr, unsigned long caller),
	TP_ARGS(cache, addr, caller)
);

#endif /* _TRACE_HWMEM_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
