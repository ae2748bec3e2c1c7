/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hwmem replay stream: the binary form of a kernel allocation trace that
 * /sys/kernel/debug/hwmem/replay/stream takes (Documentation/
 * hwmem-experiments.rst).  Shared by the module and scripts/hwmem-trace.c,
 * which makes it from tracefs text; the module never parses text.
 *
 * Every field is little-endian.  A stream is one header, then
 * @nr_records records, nothing after.
 */
#ifndef _UAPI_HWMEM_REPLAY_H
#define _UAPI_HWMEM_REPLAY_H

#include <linux/types.h>

/* "HWMEMRPL" read as a little-endian 64-bit number. */
#define HWMEM_REPLAY_MAGIC	0x4c50524d454d5748ULL
#define HWMEM_REPLAY_VERSION	1

/**
 * struct hwmem_replay_header - what a stream starts with
 * @magic: %HWMEM_REPLAY_MAGIC, the bytes "HWMEMRPL"
 * @version: %HWMEM_REPLAY_VERSION
 * @header_size: sizeof(struct hwmem_replay_header), 64
 * @record_size: sizeof(struct hwmem_replay_record), 16
 * @flags: 0; no flag is defined yet
 * @nr_records: records that follow
 * @max_live_pages: most page allocations alive at once in the trace, as
 *	the converter counted them; a hint for sizing, 0 if unknown
 * @max_live_objects: the same for objects
 * @lost_events: events the tracing ring buffer dropped while recording
 *	(the trace is incomplete if not 0); for the record
 * @reserved: 0
 */
struct hwmem_replay_header {
	__le64 magic;
	__le16 version;
	__le16 header_size;
	__le16 record_size;
	__le16 flags;
	__le64 nr_records;
	__le64 max_live_pages;
	__le64 max_live_objects;
	__le64 lost_events;
	__le64 reserved[2];
};

/**
 * enum hwmem_replay_type - what a record says happened
 * @HWMEM_REPLAY_PAGE_ALLOC: mm_page_alloc: @order pages at pfn @id; @id
 *	is %HWMEM_REPLAY_FAILED if the kernel's allocation failed
 * @HWMEM_REPLAY_PAGE_FREE: mm_page_free or mm_page_free_batched: @order
 *	pages at pfn @id
 * @HWMEM_REPLAY_KMALLOC: kmalloc: an object of @bytes (bytes_alloc, the
 *	size class) at @id; @id 0 if it failed
 * @HWMEM_REPLAY_KFREE: kfree of @id (0 for kfree(NULL))
 * @HWMEM_REPLAY_CACHE_ALLOC: kmem_cache_alloc: an object of @bytes
 *	(bytes_alloc, the cache's object size) at @id; 0 if it failed
 * @HWMEM_REPLAY_CACHE_FREE: kmem_cache_free of @id
 * @HWMEM_REPLAY_NR_TYPES: one past the last type
 */
enum hwmem_replay_type {
	HWMEM_REPLAY_PAGE_ALLOC = 1,
	HWMEM_REPLAY_PAGE_FREE,
	HWMEM_REPLAY_KMALLOC,
	HWMEM_REPLAY_KFREE,
	HWMEM_REPLAY_CACHE_ALLOC,
	HWMEM_REPLAY_CACHE_FREE,
	HWMEM_REPLAY_NR_TYPES
};

/* The pfn of a page allocation that failed in the traced kernel. */
#define HWMEM_REPLAY_FAILED	(~0ULL)
/* Largest order a page record may carry. */
#define HWMEM_REPLAY_MAX_ORDER	20
/* Largest size an object record may carry: beyond it, a stream is wrong. */
#define HWMEM_REPLAY_MAX_BYTES	0x40000000U	/* 1 GiB */

/**
 * struct hwmem_replay_record - one event
 * @type: &enum hwmem_replay_type
 * @order: page records: log2 of the pages, at most
 *	%HWMEM_REPLAY_MAX_ORDER; 0 in object records
 * @reserved: 0
 * @bytes: allocation records of objects: bytes_alloc, 1 to
 *	%HWMEM_REPLAY_MAX_BYTES; 0 in every other record
 * @id: the pfn (page records) or the pointer as the trace shows it
 *	(object records); only its identity matters, so hashed pointers do
 */
struct hwmem_replay_record {
	__u8 type;
	__u8 order;
	__le16 reserved;
	__le32 bytes;
	__le64 id;
};

#endif /* _UAPI_HWMEM_REPLAY_H */
