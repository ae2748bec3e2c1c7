/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem buddy allocator: power-of-two blocks over one buffer.
 */
#ifndef _HWMEM_BUDDY_H
#define _HWMEM_BUDDY_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <hwmem/counter.h>
#include <hwmem/hbitmap.h>

/* Largest order a buddy allocator may have, whatever its size. */
#define HWMEM_BUDDY_MAX_ORDER	20
/* Orders whose freed blocks may be kept unmerged, and how many at most. */
#define HWMEM_BUDDY_HOT_ORDER	3
#define HWMEM_BUDDY_HOT_MAX	64
/* The module's default: enough for a free and its next allocation to meet. */
#define HWMEM_BUDDY_HOT_DEFAULT	8
/* Smallest and largest minimum block, as log2 of bytes. */
#define HWMEM_BUDDY_MIN_SHIFT	3
#define HWMEM_BUDDY_MAX_SHIFT	30

/**
 * enum hwmem_buddy_counter - event counters of a buddy allocator
 * @HWMEM_BUDDY_ALLOCS: blocks handed out
 * @HWMEM_BUDDY_FREES: blocks returned
 * @HWMEM_BUDDY_ALLOC_FAILED: allocations refused for lack of a large
 *	enough free block
 * @HWMEM_BUDDY_FREE_REFUSED: frees refused: not the start of an allocated
 *	block (foreign, misaligned, interior or already free)
 * @HWMEM_BUDDY_POISON_ERRORS: blocks found written to while free
 * @HWMEM_BUDDY_NR_COUNTERS: number of counters
 */
enum hwmem_buddy_counter {
	HWMEM_BUDDY_ALLOCS,
	HWMEM_BUDDY_FREES,
	HWMEM_BUDDY_ALLOC_FAILED,
	HWMEM_BUDDY_FREE_REFUSED,
	HWMEM_BUDDY_POISON_ERRORS,
	HWMEM_BUDDY_NR_COUNTERS
};

extern const char *const hwmem_buddy_counter_names[HWMEM_BUDDY_NR_COUNTERS];

/**
 * enum hwmem_buddy_policy - which free block an allocation takes
 * @HWMEM_BUDDY_HOT: freed blocks of orders up to %HWMEM_BUDDY_HOT_ORDER
 *	are kept unmerged on hot lists and handed out first, as the page
 *	allocator's per-CPU lists are; otherwise the block freed last of the
 *	smallest order that has one; O(max order)
 * @HWMEM_BUDDY_EXACT: no hot lists: every free merges at once; the block
 *	freed last of the smallest order; O(max order)
 * @HWMEM_BUDDY_LOWEST: no hot lists; the lowest-addressed block of the
 *	smallest order that has one; O(max order + log64 blocks)
 * @HWMEM_BUDDY_NR_POLICIES: number of policies
 */
enum hwmem_buddy_policy {
	HWMEM_BUDDY_HOT,
	HWMEM_BUDDY_EXACT,
	HWMEM_BUDDY_LOWEST,
	HWMEM_BUDDY_NR_POLICIES
};

extern const char *const hwmem_buddy_policy_names[HWMEM_BUDDY_NR_POLICIES];

/**
 * struct hwmem_buddy_stats - a consistent snapshot of a buddy allocator
 * @base: start of the buffer
 * @capacity: bytes managed
 * @min_block: bytes in an order-0 block
 * @max_order: largest order
 * @free_bytes: bytes in free blocks
 * @nr_free: free blocks of each order, hot ones included
 * @nr_hot: of those, blocks kept unmerged on the hot lists
 * @hot_max: blocks each hot list may hold (0 but with %HWMEM_BUDDY_HOT)
 * @policy: the placement policy
 * @counters: event counters, indexed by &enum hwmem_buddy_counter
 */
struct hwmem_buddy_stats {
	void *base;
	size_t capacity;
	size_t min_block;
	unsigned int max_order;
	size_t free_bytes;
	unsigned long nr_free[HWMEM_BUDDY_MAX_ORDER + 1];
	unsigned long nr_hot[HWMEM_BUDDY_HOT_ORDER + 1];
	unsigned int hot_max;
	enum hwmem_buddy_policy policy;
	unsigned long counters[HWMEM_BUDDY_NR_COUNTERS];
};

struct hwmem_buddy_block;

/**
 * struct hwmem_buddy - a buddy allocator
 * @lock: protects the free lists, the block states and the counters
 * @base: start of the buffer
 * @nr_blocks: order-0 blocks in the buffer
 * @min_shift: log2 of the bytes in an order-0 block
 * @max_order: largest order
 * @poison: fill free blocks with %POISON_FREE and check it on allocation
 * @blocks: per order-0 block metadata (in the caller's metadata block)
 * @free_area: free blocks of each order
 * @nr_free: number of free blocks of each order
 * @policy: the placement policy
 * @hot_len: hot list length the %HWMEM_BUDDY_HOT policy uses
 * @hot_max: freed blocks of orders up to %HWMEM_BUDDY_HOT_ORDER kept
 *	unmerged per order: @hot_len under %HWMEM_BUDDY_HOT, else 0
 * @free_bm: %HWMEM_BUDDY_LOWEST: each order's free blocks, by index
 *	over the block's size
 * @hot: freed blocks kept unmerged, by order, last freed first
 * @nr_hot: number of blocks on each hot list
 * @counters: event counters
 *
 * Fields are private to heap/buddy.c; use the functions below.
 */
struct hwmem_buddy {
	spinlock_t lock;		/* protects all below */
	void *base;
	unsigned long nr_blocks;
	unsigned int min_shift;
	unsigned int max_order;
	bool poison;
	struct hwmem_buddy_block *blocks;
	struct list_head free_area[HWMEM_BUDDY_MAX_ORDER + 1];
	unsigned long nr_free[HWMEM_BUDDY_MAX_ORDER + 1];
	enum hwmem_buddy_policy policy;
	unsigned int hot_len;
	unsigned int hot_max;
	struct hwmem_hbitmap free_bm[HWMEM_BUDDY_MAX_ORDER + 1];
	struct list_head hot[HWMEM_BUDDY_HOT_ORDER + 1];
	unsigned int nr_hot[HWMEM_BUDDY_HOT_ORDER + 1];
	unsigned long counters[HWMEM_BUDDY_NR_COUNTERS];
};

size_t hwmem_buddy_meta_size(size_t size, unsigned int min_shift);
int hwmem_buddy_init(struct hwmem_buddy *buddy, void *base, size_t size,
		     unsigned int min_shift, bool poison, void *meta,
		     size_t meta_size);
int hwmem_buddy_alloc(struct hwmem_buddy *buddy, unsigned int order,
		      void **ptr);
int hwmem_buddy_free(struct hwmem_buddy *buddy, void *ptr);
void hwmem_buddy_set_hot(struct hwmem_buddy *buddy, unsigned int hot_max);
int hwmem_buddy_set_policy(struct hwmem_buddy *buddy,
			   enum hwmem_buddy_policy policy);

void hwmem_buddy_get_stats(struct hwmem_buddy *buddy,
			   struct hwmem_buddy_stats *stats);
int hwmem_buddy_largest_free_order(const struct hwmem_buddy_stats *stats);
int hwmem_buddy_unusable_index(const struct hwmem_buddy_stats *stats,
			       unsigned int order);
int hwmem_buddy_extfrag_index(const struct hwmem_buddy_stats *stats,
			      unsigned int order);
unsigned long hwmem_buddy_draw(struct hwmem_buddy *buddy, unsigned long first,
			       char *buf, unsigned long count);

#endif /* _HWMEM_BUDDY_H */
