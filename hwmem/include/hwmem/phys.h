/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem physical frame allocator.
 *
 * The frame allocator manages 4 KiB frames that its caller hands it as
 * regions: physically contiguous runs, each with a kernel mapping.  It asks
 * the machine nothing; which pages it manages and where its metadata lives
 * are arguments.
 */
#ifndef _HWMEM_PHYS_H
#define _HWMEM_PHYS_H

#include <linux/bits.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <hwmem/counter.h>
#include <hwmem/hbitmap.h>

#define HWMEM_FRAME_SHIFT	12
#define HWMEM_FRAME_SIZE	BIT(HWMEM_FRAME_SHIFT)

/* Frame indexes are u32; the last value marks the end of a list. */
#define HWMEM_PHYS_MAX_FRAMES	BIT(28)

/**
 * struct hwmem_frame - one 4 KiB physical frame
 * @pfn: its physical frame number
 */
struct hwmem_frame {
	unsigned long pfn;
};

/**
 * enum hwmem_owner - who holds a frame
 * @HWMEM_OWNER_FREE: nobody; the frame is on the free list
 * @HWMEM_OWNER_USER: allocated through the frames/ctl debugfs file
 * @HWMEM_OWNER_BUMP: backing memory of the bump allocator
 * @HWMEM_OWNER_BUDDY: backing memory of the buddy allocator
 * @HWMEM_OWNER_SLAB: a slab of the slab allocator
 * @HWMEM_OWNER_PGTABLE: a page-table page of a private address space
 * @HWMEM_OWNER_CLIENT: allocated by another module through the exported API
 * @HWMEM_NR_OWNERS: number of owners
 */
enum hwmem_owner {
	HWMEM_OWNER_FREE,
	HWMEM_OWNER_USER,
	HWMEM_OWNER_BUMP,
	HWMEM_OWNER_BUDDY,
	HWMEM_OWNER_SLAB,
	HWMEM_OWNER_PGTABLE,
	HWMEM_OWNER_CLIENT,
	HWMEM_NR_OWNERS
};

/**
 * struct hwmem_region - a physically contiguous run of frames
 * @base_pfn: first frame
 * @nr_frames: number of frames
 * @vaddr: kernel address of the first frame; the run is mapped linearly
 * @node: NUMA node of the frames, or NUMA_NO_NODE
 */
struct hwmem_region {
	unsigned long base_pfn;
	unsigned long nr_frames;
	void *vaddr;
	int node;
};

/**
 * enum hwmem_phys_counter - event counters of the frame allocator
 * @HWMEM_PHYS_ALLOCS: frames handed out
 * @HWMEM_PHYS_FREES: frames returned
 * @HWMEM_PHYS_ALLOC_FAILED: allocations refused for lack of frames
 * @HWMEM_PHYS_FREE_REFUSED: frees refused (foreign frame, double free,
 *	wrong owner)
 * @HWMEM_PHYS_NR_COUNTERS: number of counters
 */
enum hwmem_phys_counter {
	HWMEM_PHYS_ALLOCS,
	HWMEM_PHYS_FREES,
	HWMEM_PHYS_ALLOC_FAILED,
	HWMEM_PHYS_FREE_REFUSED,
	HWMEM_PHYS_NR_COUNTERS
};

extern const char *const hwmem_phys_counter_names[HWMEM_PHYS_NR_COUNTERS];

/**
 * enum hwmem_phys_policy - which free frame an allocation takes
 * @HWMEM_PHYS_LIFO: the one freed last (a free list used as a stack), O(1)
 * @HWMEM_PHYS_FIFO: the one freed longest ago (a queue), O(1)
 * @HWMEM_PHYS_LOWEST: the lowest-addressed (a hierarchical bitmap),
 *	O(log64 frames)
 * @HWMEM_PHYS_NR_POLICIES: number of policies
 */
enum hwmem_phys_policy {
	HWMEM_PHYS_LIFO,
	HWMEM_PHYS_FIFO,
	HWMEM_PHYS_LOWEST,
	HWMEM_PHYS_NR_POLICIES
};

extern const char *const hwmem_phys_policy_names[HWMEM_PHYS_NR_POLICIES];

/**
 * struct hwmem_phys_stats - a consistent snapshot of the frame allocator
 * @nr_frames: frames managed
 * @nr_regions: regions managed
 * @policy: the placement policy
 * @owned: frames held by each owner; @owned[HWMEM_OWNER_FREE] is the
 *	number of free frames
 * @counters: event counters, indexed by &enum hwmem_phys_counter
 */
struct hwmem_phys_stats {
	unsigned long nr_frames;
	unsigned int nr_regions;
	enum hwmem_phys_policy policy;
	unsigned long owned[HWMEM_NR_OWNERS];
	unsigned long counters[HWMEM_PHYS_NR_COUNTERS];
};

struct hwmem_phys_region;
struct hwmem_phys_frame;

/**
 * struct hwmem_phys - a frame allocator
 * @lock: protects every field below and the metadata they point to
 * @regions: the regions, sorted by base pfn (in the caller's metadata block)
 * @frames: per-frame metadata, indexed by frame index
 * @owners: each frame's &enum hwmem_owner, indexed by frame index
 * @nr_regions: number of regions
 * @nr_frames: number of frames in all regions
 * @linear: every region's address is one offset from its pfn (as in the
 *	kernel's direct map)
 * @linear_offset: that offset: address = offset + (pfn << HWMEM_FRAME_SHIFT)
 * @policy: which free frame an allocation takes
 * @free_head: LIFO, FIFO: index of the first free frame, or the list end
 * @free_tail: LIFO, FIFO: index of the last free frame, or the list end
 * @free_bm: LOWEST: the free frames' indexes
 * @contig_next: where hwmem_phys_alloc_contig() looks first
 * @owned: frames held by each owner
 * @counters: event counters
 *
 * Fields are private to phys/phys.c; use the functions below.
 */
struct hwmem_phys {
	spinlock_t lock;		/* protects all below */
	struct hwmem_phys_region *regions;
	struct hwmem_phys_frame *frames;
	u8 *owners;
	unsigned int nr_regions;
	unsigned long nr_frames;
	bool linear;
	unsigned long linear_offset;
	enum hwmem_phys_policy policy;
	u32 free_head;
	u32 free_tail;
	struct hwmem_hbitmap free_bm;
	u32 contig_next;
	unsigned long owned[HWMEM_NR_OWNERS];
	unsigned long counters[HWMEM_PHYS_NR_COUNTERS];
};

size_t hwmem_phys_meta_size(unsigned int nr_regions, unsigned long nr_frames);
int hwmem_phys_init(struct hwmem_phys *phys, const struct hwmem_region *regions,
		    unsigned int nr_regions, void *meta, size_t meta_size);
void hwmem_phys_set_policy(struct hwmem_phys *phys,
			   enum hwmem_phys_policy policy);

int hwmem_phys_alloc(struct hwmem_phys *phys, enum hwmem_owner owner,
		     struct hwmem_frame *frame);
int hwmem_phys_alloc_bulk(struct hwmem_phys *phys, unsigned long count,
			  enum hwmem_owner owner, struct hwmem_frame *frames);
int hwmem_phys_alloc_contig(struct hwmem_phys *phys, unsigned long count,
			    enum hwmem_owner owner, struct hwmem_frame *first);
int hwmem_phys_free(struct hwmem_phys *phys, struct hwmem_frame frame,
		    enum hwmem_owner owner);
int hwmem_phys_free_contig(struct hwmem_phys *phys, struct hwmem_frame first,
			   unsigned long count, enum hwmem_owner owner);

void *hwmem_phys_frame_addr(struct hwmem_phys *phys, struct hwmem_frame frame);
int hwmem_phys_set_private(struct hwmem_phys *phys, struct hwmem_frame frame,
			   enum hwmem_owner owner, u32 value);
int hwmem_phys_find(struct hwmem_phys *phys, const void *addr,
		    enum hwmem_owner owner, struct hwmem_frame *frame,
		    u32 *private);

/**
 * hwmem_phys_linear() - whether frame addresses are one offset from pfns
 * @phys: the allocator
 * @offset: receives the offset, if so: a frame's address is
 *	@offset + (pfn << %HWMEM_FRAME_SHIFT)
 *
 * True of the module's regions, which sit in the kernel's direct map; it
 * lets a page-table walk find a table without a region lookup.  Inline:
 * a translate asks it every time.
 *
 * Return: whether every region is mapped at that one offset.
 */
static inline bool hwmem_phys_linear(const struct hwmem_phys *phys,
				     unsigned long *offset)
{
	*offset = phys->linear_offset;
	return phys->linear;
}

/**
 * hwmem_phys_owned() - frames an owner holds, read without the lock
 * @phys: the allocator
 * @owner: the owner, not %HWMEM_OWNER_FREE
 *
 * For whoever serializes the allocator's users itself (a replay does);
 * hwmem_phys_get_stats() is the snapshot for everyone else.
 *
 * Return: the count.
 */
static inline unsigned long hwmem_phys_owned(const struct hwmem_phys *phys,
					     enum hwmem_owner owner)
{
	return READ_ONCE(phys->owned[owner]);
}

enum hwmem_owner hwmem_phys_owner(struct hwmem_phys *phys,
				  struct hwmem_frame frame);
int hwmem_phys_region(struct hwmem_phys *phys, unsigned int index,
		      struct hwmem_region *region, unsigned long *nr_free);
unsigned int hwmem_phys_owners(struct hwmem_phys *phys, unsigned int region,
			       unsigned long offset, u8 *owners,
			       unsigned int count);
void hwmem_phys_get_stats(struct hwmem_phys *phys,
			  struct hwmem_phys_stats *stats);

const char *hwmem_owner_name(enum hwmem_owner owner);
char hwmem_owner_char(enum hwmem_owner owner);

#endif /* _HWMEM_PHYS_H */
