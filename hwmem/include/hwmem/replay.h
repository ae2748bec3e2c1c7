/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem replay: a kernel allocation trace played through hwmem's own
 * allocators, fresh ones, under chosen placement policies, with a
 * timeline of how fragmented they get.
 *
 * The trace comes as a binary stream (uapi/hwmem/replay.h), in pieces of
 * any size: a replay is started, fed, and finished (or cancelled).  Page
 * events drive a buddy allocator of 4 KiB blocks, object events a slab
 * allocator with the kernel's kmalloc size classes and a cache for each
 * kmem_cache object size; both sit on a frame allocator of their own.
 * Nothing of the module's live heaps is touched.
 */
#ifndef _HWMEM_REPLAY_H
#define _HWMEM_REPLAY_H

#include <linux/limits.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include <hwmem/buddy.h>
#include <hwmem/counter.h>
#include <hwmem/phys.h>
#include <hwmem/slab.h>
#include <uapi/hwmem/replay.h>

/* Most samples one timeline holds; a smaller interval is refused. */
#define HWMEM_REPLAY_MAX_SAMPLES	65536
/* Most frames a replay may have: kvmalloc() gives at most 2 GiB at once. */
#define HWMEM_REPLAY_MAX_FRAMES		(INT_MAX / HWMEM_FRAME_SIZE)

/**
 * struct hwmem_replay_config - how a replay is set up
 * @frames: frames of its frame allocator, the buddy's buffer among them
 * @buddy_frames: of those, the buddy allocator's buffer (page events);
 *	the rest is for slabs (object events)
 * @every: sample the timeline every this many records; 0 for about a
 *	thousand samples over the stream
 * @phys_policy: placement policy of its frame allocator
 * @buddy_policy: placement policy of its buddy allocator
 * @buddy_hot: hot-list length, with %HWMEM_BUDDY_HOT
 * @slab_policy: placement policy of its slab allocator
 */
struct hwmem_replay_config {
	unsigned long frames;
	unsigned long buddy_frames;
	unsigned long every;
	enum hwmem_phys_policy phys_policy;
	enum hwmem_buddy_policy buddy_policy;
	unsigned int buddy_hot;
	enum hwmem_slab_policy slab_policy;
};

/**
 * enum hwmem_replay_counter - what happened to the records
 * @HWMEM_REPLAY_REPLAYED: allocations tried (whether hwmem could satisfy
 *	them or not) and frees done
 * @HWMEM_REPLAY_SKIPPED_KERNEL_FAILED: allocations that failed in the
 *	traced kernel
 * @HWMEM_REPLAY_SKIPPED_NULL: frees of NULL
 * @HWMEM_REPLAY_SKIPPED_UNTRACKED: frees of what the trace never allocated
 *	(before it started)
 * @HWMEM_REPLAY_SKIPPED_LARGE: kmalloc of more than 8 KiB and its free:
 *	the page allocator served it, and the page records carry it
 * @HWMEM_REPLAY_SKIPPED_UNSUPPORTED: objects too large for hwmem's slabs,
 *	and their frees
 * @HWMEM_REPLAY_SKIPPED_AFTER_FAILURE: frees of allocations hwmem could
 *	not satisfy
 * @HWMEM_REPLAY_SKIPPED_DUPLICATE: allocations of an id the trace already
 *	holds
 * @HWMEM_REPLAY_PAGE_FAILURES: page allocations hwmem could not satisfy
 * @HWMEM_REPLAY_OBJECT_FAILURES: object allocations hwmem could not satisfy
 * @HWMEM_REPLAY_NR_COUNTERS: number of counters
 *
 * Each record is replayed or skipped for one reason, so that replayed
 * plus the skipped ones is the number of records.
 */
enum hwmem_replay_counter {
	HWMEM_REPLAY_REPLAYED,
	HWMEM_REPLAY_SKIPPED_KERNEL_FAILED,
	HWMEM_REPLAY_SKIPPED_NULL,
	HWMEM_REPLAY_SKIPPED_UNTRACKED,
	HWMEM_REPLAY_SKIPPED_LARGE,
	HWMEM_REPLAY_SKIPPED_UNSUPPORTED,
	HWMEM_REPLAY_SKIPPED_AFTER_FAILURE,
	HWMEM_REPLAY_SKIPPED_DUPLICATE,
	HWMEM_REPLAY_PAGE_FAILURES,
	HWMEM_REPLAY_OBJECT_FAILURES,
	HWMEM_REPLAY_NR_COUNTERS
};

extern const char *const hwmem_replay_counter_names[HWMEM_REPLAY_NR_COUNTERS];

/**
 * enum hwmem_replay_state - where a replay is
 * @HWMEM_REPLAY_STATE_IDLE: never started
 * @HWMEM_REPLAY_STATE_LOADING: started, taking records
 * @HWMEM_REPLAY_STATE_DONE: finished; its results are kept
 * @HWMEM_REPLAY_STATE_FAILED: the stream was refused; the results so far
 *	are kept
 * @HWMEM_REPLAY_STATE_CANCELLED: cancelled; the results so far are kept
 * @HWMEM_REPLAY_STATE_NR: number of states
 */
enum hwmem_replay_state {
	HWMEM_REPLAY_STATE_IDLE,
	HWMEM_REPLAY_STATE_LOADING,
	HWMEM_REPLAY_STATE_DONE,
	HWMEM_REPLAY_STATE_FAILED,
	HWMEM_REPLAY_STATE_CANCELLED,
	HWMEM_REPLAY_STATE_NR
};

extern const char *const hwmem_replay_state_names[HWMEM_REPLAY_STATE_NR];

/**
 * struct hwmem_replay_sample - the allocators at one point of the timeline
 * @records: records played so far
 * @pages_in_use: pages the buddy has allocated (4 KiB each)
 * @slab_frames: frames the slabs hold
 * @slab_objects: objects in use
 * @slab_slots: objects the slabs hold
 * @slab_bytes: bytes of objects in use
 * @failures: allocations hwmem could not satisfy so far
 * @skipped: records skipped so far
 * @nr_free: the buddy's free blocks of each order, hot ones included
 */
struct hwmem_replay_sample {
	u64 records;
	u64 pages_in_use;
	u64 slab_frames;
	u64 slab_objects;
	u64 slab_slots;
	u64 slab_bytes;
	u64 failures;
	u64 skipped;
	u32 nr_free[HWMEM_BUDDY_MAX_ORDER + 1];
};

struct hwmem_replay_run;

/**
 * struct hwmem_replay - a replay and what its last run left
 * @lock: protects everything below; the outermost lock of hwmem's
 * @state: where it is
 * @error: why it failed, with %HWMEM_REPLAY_STATE_FAILED
 * @cfg: how the last run was set up, @every as it was used
 * @run: the allocators and the stream, while loading
 * @have_header: the stream's header has come
 * @header: the stream's header, once it has come
 * @counters: what happened to the records
 * @max_order: the buddy's largest order
 * @peak_pages: most pages in use at once
 * @peak_slab_frames: most slab frames at once
 * @peak_frames: most frames in use at once, both together
 * @samples: the timeline, @nr_samples of them
 * @nr_samples: samples taken
 * @max_samples: room in @samples
 * @frames_map: at the end, each frame's owner as frames/map draws it
 * @buddy_map: at the end, the buddy's blocks as buddy/map draws them
 * @nr_buddy_blocks: order-0 blocks of the buddy (characters of @buddy_map)
 */
struct hwmem_replay {
	struct mutex lock;		/* protects all below */
	enum hwmem_replay_state state;
	int error;
	struct hwmem_replay_config cfg;
	struct hwmem_replay_run *run;
	bool have_header;
	struct hwmem_replay_header header;
	u64 counters[HWMEM_REPLAY_NR_COUNTERS];
	unsigned int max_order;
	u64 peak_pages;
	u64 peak_slab_frames;
	u64 peak_frames;
	struct hwmem_replay_sample *samples;
	unsigned long nr_samples;
	unsigned long max_samples;
	char *frames_map;
	char *buddy_map;
	unsigned long nr_buddy_blocks;
};

void hwmem_replay_init(struct hwmem_replay *r);
int hwmem_replay_start(struct hwmem_replay *r,
		       const struct hwmem_replay_config *cfg);
int hwmem_replay_feed(struct hwmem_replay *r, const void *buf, size_t len);
int hwmem_replay_finish(struct hwmem_replay *r);
int hwmem_replay_cancel(struct hwmem_replay *r);
void hwmem_replay_release(struct hwmem_replay *r);

#endif /* _HWMEM_REPLAY_H */
