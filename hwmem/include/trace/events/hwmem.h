/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem trace events, shaped like the kernel's kmem: events
 * (include/trace/events/kmem.h): the same field names where they mean the
 * same (call_site, ptr, pfn, order, bytes_req, bytes_alloc, name, node),
 * owners printed by name, and a failed allocation traced as mm_page_alloc
 * traces one: with a NULL ptr (and pfn 0 where there is one).
 *
 *   trace-cmd record -e hwmem
 *   echo 1 > /sys/kernel/tracing/events/hwmem/enable
 *
 * Laid out as the kernel's own include/trace/events/ headers are, which
 * checkpatch reads as misaligned; scripts/check.sh lets this file pass
 * OPEN_ENDED_LINE and PARENTHESIS_ALIGNMENT.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hwmem

#if !defined(_TRACE_HWMEM_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_HWMEM_H

#include <linux/tracepoint.h>

#include <hwmem/phys.h>
#include <hwmem/slab.h>

TRACE_DEFINE_ENUM(HWMEM_OWNER_FREE);
TRACE_DEFINE_ENUM(HWMEM_OWNER_USER);
TRACE_DEFINE_ENUM(HWMEM_OWNER_BUMP);
TRACE_DEFINE_ENUM(HWMEM_OWNER_BUDDY);
TRACE_DEFINE_ENUM(HWMEM_OWNER_SLAB);
TRACE_DEFINE_ENUM(HWMEM_OWNER_PGTABLE);
TRACE_DEFINE_ENUM(HWMEM_OWNER_CLIENT);

#define show_hwmem_owner(owner)						\
	__print_symbolic(owner,						\
		{ HWMEM_OWNER_FREE,	"free" },			\
		{ HWMEM_OWNER_USER,	"user" },			\
		{ HWMEM_OWNER_BUMP,	"bump" },			\
		{ HWMEM_OWNER_BUDDY,	"buddy" },			\
		{ HWMEM_OWNER_SLAB,	"slab" },			\
		{ HWMEM_OWNER_PGTABLE,	"pgtable" },			\
		{ HWMEM_OWNER_CLIENT,	"client" })

/* A frame taken or given back; a failed allocation has pfn -1. */
DECLARE_EVENT_CLASS(hwmem_frame,
	TP_PROTO(unsigned long call_site, const void *ptr, unsigned long pfn,
		 unsigned int owner, int node),
	TP_ARGS(call_site, ptr, pfn, owner, node),
	TP_STRUCT__entry(
		__field(unsigned long, call_site)
		__field(const void *, ptr)
		__field(unsigned long, pfn)
		__field(unsigned int, owner)
		__field(int, node)
	),
	TP_fast_assign(
		__entry->call_site = call_site;
		__entry->ptr = ptr;
		__entry->pfn = pfn;
		__entry->owner = owner;
		__entry->node = node;
	),
	TP_printk("call_site=%pS ptr=%p pfn=0x%lx order=0 owner=%s node=%d",
		  (void *)__entry->call_site, __entry->ptr,
		  __entry->pfn != -1UL ? __entry->pfn : 0,
		  show_hwmem_owner(__entry->owner), __entry->node)
);

DEFINE_EVENT(hwmem_frame, hwmem_frame_alloc,
	TP_PROTO(unsigned long call_site, const void *ptr, unsigned long pfn,
		 unsigned int owner, int node),
	TP_ARGS(call_site, ptr, pfn, owner, node)
);

DEFINE_EVENT(hwmem_frame, hwmem_frame_free,
	TP_PROTO(unsigned long call_site, const void *ptr, unsigned long pfn,
		 unsigned int owner, int node),
	TP_ARGS(call_site, ptr, pfn, owner, node)
);

/* A buddy block: its order, and what that is in bytes. */
DECLARE_EVENT_CLASS(hwmem_buddy,
	TP_PROTO(unsigned long call_site, const void *ptr, unsigned int order,
		 size_t bytes_alloc),
	TP_ARGS(call_site, ptr, order, bytes_alloc),
	TP_STRUCT__entry(
		__field(unsigned long, call_site)
		__field(const void *, ptr)
		__field(unsigned int, order)
		__field(size_t, bytes_alloc)
	),
	TP_fast_assign(
		__entry->call_site = call_site;
		__entry->ptr = ptr;
		__entry->order = order;
		__entry->bytes_alloc = bytes_alloc;
	),
	TP_printk("call_site=%pS ptr=%p order=%u bytes_alloc=%zu",
		  (void *)__entry->call_site, __entry->ptr, __entry->order,
		  __entry->bytes_alloc)
);

DEFINE_EVENT(hwmem_buddy, hwmem_buddy_alloc,
	TP_PROTO(unsigned long call_site, const void *ptr, unsigned int order,
		 size_t bytes_alloc),
	TP_ARGS(call_site, ptr, order, bytes_alloc)
);

DEFINE_EVENT(hwmem_buddy, hwmem_buddy_free,
	TP_PROTO(unsigned long call_site, const void *ptr, unsigned int order,
		 size_t bytes_alloc),
	TP_ARGS(call_site, ptr, order, bytes_alloc)
);

/* A slab object, as kmem_cache_alloc shows one. */
TRACE_EVENT(hwmem_slab_alloc,
	TP_PROTO(unsigned long call_site, const void *ptr, const char *name,
		 size_t bytes_req, size_t bytes_alloc),
	TP_ARGS(call_site, ptr, name, bytes_req, bytes_alloc),
	TP_STRUCT__entry(
		__field(unsigned long, call_site)
		__field(const void *, ptr)
		__array(char, name, HWMEM_SLAB_NAME_LEN)
		__field(size_t, bytes_req)
		__field(size_t, bytes_alloc)
	),
	TP_fast_assign(
		__entry->call_site = call_site;
		__entry->ptr = ptr;
		strscpy(__entry->name, name, HWMEM_SLAB_NAME_LEN);
		__entry->bytes_req = bytes_req;
		__entry->bytes_alloc = bytes_alloc;
	),
	TP_printk("call_site=%pS ptr=%p name=%s bytes_req=%zu bytes_alloc=%zu",
		  (void *)__entry->call_site, __entry->ptr, __entry->name,
		  __entry->bytes_req, __entry->bytes_alloc)
);

TRACE_EVENT(hwmem_slab_free,
	TP_PROTO(unsigned long call_site, const void *ptr, const char *name),
	TP_ARGS(call_site, ptr, name),
	TP_STRUCT__entry(
		__field(unsigned long, call_site)
		__field(const void *, ptr)
		__array(char, name, HWMEM_SLAB_NAME_LEN)
	),
	TP_fast_assign(
		__entry->call_site = call_site;
		__entry->ptr = ptr;
		strscpy(__entry->name, name, HWMEM_SLAB_NAME_LEN);
	),
	TP_printk("call_site=%pS ptr=%p name=%s",
		  (void *)__entry->call_site, __entry->ptr, __entry->name)
);

/* A bump allocation: bytes_alloc counts the padding its alignment took. */
TRACE_EVENT(hwmem_bump_alloc,
	TP_PROTO(unsigned long call_site, const void *ptr, size_t bytes_req,
		 size_t bytes_alloc, size_t align),
	TP_ARGS(call_site, ptr, bytes_req, bytes_alloc, align),
	TP_STRUCT__entry(
		__field(unsigned long, call_site)
		__field(const void *, ptr)
		__field(size_t, bytes_req)
		__field(size_t, bytes_alloc)
		__field(size_t, align)
	),
	TP_fast_assign(
		__entry->call_site = call_site;
		__entry->ptr = ptr;
		__entry->bytes_req = bytes_req;
		__entry->bytes_alloc = bytes_alloc;
		__entry->align = align;
	),
	TP_printk("call_site=%pS ptr=%p bytes_req=%zu bytes_alloc=%zu align=%zu",
		  (void *)__entry->call_site, __entry->ptr, __entry->bytes_req,
		  __entry->bytes_alloc, __entry->align)
);

TRACE_EVENT(hwmem_bump_reset,
	TP_PROTO(unsigned long call_site, size_t bytes),
	TP_ARGS(call_site, bytes),
	TP_STRUCT__entry(
		__field(unsigned long, call_site)
		__field(size_t, bytes)
	),
	TP_fast_assign(
		__entry->call_site = call_site;
		__entry->bytes = bytes;
	),
	TP_printk("call_site=%pS bytes=%zu",
		  (void *)__entry->call_site, __entry->bytes)
);

/* A page mapped or unmapped in a private space; err is 0 or why not. */
DECLARE_EVENT_CLASS(hwmem_virt,
	TP_PROTO(unsigned long call_site, unsigned int space, u64 va,
		 unsigned long pfn, unsigned int order, int err),
	TP_ARGS(call_site, space, va, pfn, order, err),
	TP_STRUCT__entry(
		__field(unsigned long, call_site)
		__field(unsigned int, space)
		__field(u64, va)
		__field(unsigned long, pfn)
		__field(unsigned int, order)
		__field(int, err)
	),
	TP_fast_assign(
		__entry->call_site = call_site;
		__entry->space = space;
		__entry->va = va;
		__entry->pfn = pfn;
		__entry->order = order;
		__entry->err = err;
	),
	TP_printk("call_site=%pS space=%u va=0x%llx pfn=0x%lx order=%u err=%d",
		  (void *)__entry->call_site, __entry->space, __entry->va,
		  __entry->pfn, __entry->order, __entry->err)
);

DEFINE_EVENT(hwmem_virt, hwmem_virt_map,
	TP_PROTO(unsigned long call_site, unsigned int space, u64 va,
		 unsigned long pfn, unsigned int order, int err),
	TP_ARGS(call_site, space, va, pfn, order, err)
);

DEFINE_EVENT(hwmem_virt, hwmem_virt_unmap,
	TP_PROTO(unsigned long call_site, unsigned int space, u64 va,
		 unsigned long pfn, unsigned int order, int err),
	TP_ARGS(call_site, space, va, pfn, order, err)
);

#endif /* _TRACE_HWMEM_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
