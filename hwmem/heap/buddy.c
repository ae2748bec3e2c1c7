// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem buddy allocator
 *
 * The buffer is cut into order-0 blocks of 1 << min_shift bytes; a block
 * of order n is 2^n of them, starting at an offset that is a multiple of
 * its size.  Each order has a free list.  An allocation takes the first
 * block of the smallest order that has one and splits it, putting the
 * upper halves on the lower lists; a free merges the block with its buddy
 * (index ^ 2^order) for as long as the buddy is a free block of the same
 * order.  Both are O(max_order).
 *
 * Metadata lives beside the buffer, never in it, so nothing written into
 * a block can corrupt the allocator: per order-0 block, a free-list link
 * and a state byte.  The state byte of a block's first order-0 block (its
 * head) says head, free or allocated, and the order; every other byte is
 * 0.  That answers "is the buddy free, and of this order?" in O(1), and
 * lets a free refuse, before changing anything, any pointer that is not
 * the head of an allocated block: foreign, misaligned, interior, or
 * already free.
 *
 * A buffer that is not a power of two blocks long is cut, from its start,
 * into the largest naturally aligned blocks that fit; merging never
 * crosses them because a buddy past the end is never free.
 *
 * Which free block an allocation takes is a policy (hwmem_buddy_set_hot(),
 * hwmem_buddy_set_policy()):
 *
 *  - hot: freed blocks of the smallest orders are kept on per-order "hot"
 *    lists, unmerged, and handed out again first, as the kernel's per-CPU
 *    page lists do: a free and an allocation of the same small order then
 *    neither merge nor split.  Hot blocks count as free blocks of their
 *    order; when an allocation finds no block large enough, the hot lists
 *    are merged back first.  Otherwise as exact.
 *  - exact: every free merges at once; an allocation takes the block
 *    freed last of the smallest order that has one (the free lists are
 *    stacks).  What a textbook buddy does.
 *  - lowest: as exact, but it takes the lowest-addressed block of that
 *    order, found in a hierarchical bitmap per order (lib/hbitmap.c),
 *    O(log64 blocks) more: address-ordered placement.
 *
 * With poisoning, free blocks are filled with POISON_FREE; an allocation
 * that finds other bytes there reports the block (lib/report.c) and
 * counts it.  Refused frees are reported the same way.
 *
 * Locking: buddy->lock, a spinlock, protects the free lists, the state
 * bytes and the counters; no other lock of hwmem's nests inside it.
 * Poison is written under it, so a block is never seen free and
 * unpoisoned.  Not IRQ-safe, as phys/phys.c explains: call from process
 * context, never from an interrupt handler.
 */

#include <linux/export.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/poison.h>
#include <linux/string.h>

#include <hwmem/buddy.h>
#include <hwmem/report.h>
#include <trace/events/hwmem.h>

#define BLOCK_HEAD		0x80
#define BLOCK_FREE		0x40
#define BLOCK_HOT		0x20
#define BLOCK_ORDER		0x1f

static_assert(HWMEM_BUDDY_MAX_ORDER <= BLOCK_ORDER);

/**
 * struct hwmem_buddy_block - metadata of one order-0 block
 * @list: link on a free list, while the head of a free block
 * @state: for a block's head %BLOCK_HEAD, %BLOCK_FREE or %BLOCK_HOT (free
 *	but kept unmerged) and the order; 0 for the rest of a block
 */
struct hwmem_buddy_block {
	struct list_head list;
	u8 state;
};

HWMEM_COUNTER_NAMES(hwmem_buddy_counter_names, HWMEM_BUDDY_NR_COUNTERS,
		    [HWMEM_BUDDY_ALLOCS] = "allocs",
		    [HWMEM_BUDDY_FREES] = "frees",
		    [HWMEM_BUDDY_ALLOC_FAILED] = "alloc_failed",
		    [HWMEM_BUDDY_FREE_REFUSED] = "free_refused",
		    [HWMEM_BUDDY_POISON_ERRORS] = "poison_errors");

const char *const hwmem_buddy_policy_names[] = {
	[HWMEM_BUDDY_HOT]	= "hot",
	[HWMEM_BUDDY_EXACT]	= "exact",
	[HWMEM_BUDDY_LOWEST]	= "lowest",
};

static_assert(ARRAY_SIZE(hwmem_buddy_policy_names) == HWMEM_BUDDY_NR_POLICIES);

/* The largest order of a buffer of @nr order-0 blocks. */
static unsigned int buddy_max_order(unsigned long nr)
{
	return min_t(unsigned int, ilog2(nr), HWMEM_BUDDY_MAX_ORDER);
}

/**
 * hwmem_buddy_meta_size() - metadata needed for a buddy allocator
 * @size: bytes in the buffer
 * @min_shift: log2 of the bytes in an order-0 block
 *
 * Return: the size in bytes of the metadata block hwmem_buddy_init()
 * needs, or SIZE_MAX for a @min_shift out of range.
 */
size_t hwmem_buddy_meta_size(size_t size, unsigned int min_shift)
{
	unsigned long nr, words = 0;
	unsigned int o;

	if (min_shift < HWMEM_BUDDY_MIN_SHIFT || min_shift > HWMEM_BUDDY_MAX_SHIFT)
		return SIZE_MAX;
	nr = size >> min_shift;
	/* The lowest-first policy's bitmaps, one an order, after the blocks. */
	for (o = 0; nr && o <= buddy_max_order(nr); o++)
		words += hwmem_hbitmap_words(nr >> o);
	return size_add(ALIGN(array_size(nr, sizeof(struct hwmem_buddy_block)),
			      sizeof(unsigned long)),
			array_size(words, sizeof(unsigned long)));
}

static void block_set_free(struct hwmem_buddy *buddy, unsigned long idx,
			   unsigned int order)
{
	lockdep_assert_held(&buddy->lock);
	buddy->blocks[idx].state = BLOCK_HEAD | BLOCK_FREE | order;
	list_add(&buddy->blocks[idx].list, &buddy->free_area[order]);
	buddy->nr_free[order]++;
	if (buddy->policy == HWMEM_BUDDY_LOWEST)
		hwmem_hbitmap_set(&buddy->free_bm[order], idx >> order);
}

static void block_take(struct hwmem_buddy *buddy, unsigned long idx,
		       unsigned int order)
{
	lockdep_assert_held(&buddy->lock);
	list_del(&buddy->blocks[idx].list);
	buddy->nr_free[order]--;
	buddy->blocks[idx].state = 0;
	if (buddy->policy == HWMEM_BUDDY_LOWEST)
		hwmem_hbitmap_clear(&buddy->free_bm[order], idx >> order);
}

/* The free block of @order the policy hands out: there must be one. */
static unsigned long block_pick(struct hwmem_buddy *buddy, unsigned int order)
{
	struct hwmem_buddy_block *blk;

	lockdep_assert_held(&buddy->lock);
	if (buddy->policy == HWMEM_BUDDY_LOWEST)
		return hwmem_hbitmap_first(&buddy->free_bm[order]) << order;
	blk = list_first_entry(&buddy->free_area[order], struct hwmem_buddy_block,
			       list);
	return blk - buddy->blocks;
}

static void *block_addr(struct hwmem_buddy *buddy, unsigned long idx)
{
	return buddy->base + (idx << buddy->min_shift);
}

static size_t order_bytes(struct hwmem_buddy *buddy, unsigned int order)
{
	return (size_t)1 << (buddy->min_shift + order);
}

/**
 * hwmem_buddy_init() - set up a buddy allocator over a buffer
 * @buddy: the allocator
 * @base: the buffer, which the caller keeps until it is done with @buddy;
 *	blocks are aligned relative to it
 * @size: bytes in the buffer, a multiple of the order-0 block
 * @min_shift: log2 of the bytes in an order-0 block, from
 *	%HWMEM_BUDDY_MIN_SHIFT to %HWMEM_BUDDY_MAX_SHIFT
 * @poison: fill free blocks with %POISON_FREE and check it on allocation
 * @meta: metadata block of at least hwmem_buddy_meta_size() bytes, kept
 *	by the caller until it is done with @buddy
 * @meta_size: size of @meta in bytes
 *
 * The largest order is the largest power of two blocks that fits in the
 * buffer, at most %HWMEM_BUDDY_MAX_ORDER.  The policy starts as
 * %HWMEM_BUDDY_EXACT.
 *
 * Return: 0, or -EINVAL for a NULL @base or @meta, a @min_shift out of
 * range, a @size that is zero or not a multiple of the order-0 block, or
 * @meta too small.
 */
int hwmem_buddy_init(struct hwmem_buddy *buddy, void *base, size_t size,
		     unsigned int min_shift, bool poison, void *meta,
		     size_t meta_size)
{
	unsigned long nr, idx, *words;
	unsigned int order;

	if (!base || !meta || min_shift < HWMEM_BUDDY_MIN_SHIFT ||
	    min_shift > HWMEM_BUDDY_MAX_SHIFT || !size ||
	    size & ((1UL << min_shift) - 1) ||
	    meta_size < hwmem_buddy_meta_size(size, min_shift))
		return -EINVAL;

	nr = size >> min_shift;
	memset(buddy, 0, sizeof(*buddy));
	spin_lock_init(&buddy->lock);
	buddy->base = base;
	buddy->nr_blocks = nr;
	buddy->min_shift = min_shift;
	buddy->max_order = buddy_max_order(nr);
	buddy->poison = poison;
	buddy->policy = HWMEM_BUDDY_EXACT;
	buddy->hot_len = HWMEM_BUDDY_HOT_DEFAULT;
	buddy->blocks = meta;
	memset(meta, 0, hwmem_buddy_meta_size(size, min_shift));
	words = PTR_ALIGN((void *)(buddy->blocks + nr), sizeof(unsigned long));
	for (order = 0; order <= buddy->max_order; order++) {
		hwmem_hbitmap_init(&buddy->free_bm[order], nr >> order, words);
		words += hwmem_hbitmap_words(nr >> order);
	}
	for (order = 0; order <= HWMEM_BUDDY_MAX_ORDER; order++)
		INIT_LIST_HEAD(&buddy->free_area[order]);
	for (order = 0; order <= HWMEM_BUDDY_HOT_ORDER; order++)
		INIT_LIST_HEAD(&buddy->hot[order]);

	/*
	 * The largest naturally aligned blocks that fit, from the start, each
	 * at the tail of its list so that the lowest is handed out first.
	 */
	for (idx = 0; idx < nr; idx += 1UL << order) {
		order = min_t(unsigned int, buddy->max_order, ilog2(nr - idx));
		if (idx)
			order = min_t(unsigned int, order, __ffs(idx));
		buddy->blocks[idx].state = BLOCK_HEAD | BLOCK_FREE | order;
		list_add_tail(&buddy->blocks[idx].list, &buddy->free_area[order]);
		buddy->nr_free[order]++;
	}
	if (poison)
		memset(base, POISON_FREE, size);
	return 0;
}

/* Put a block back on the free lists, merging it with free buddies. */
static void block_merge_free(struct hwmem_buddy *buddy, unsigned long idx,
			     unsigned int order)
{
	lockdep_assert_held(&buddy->lock);
	buddy->blocks[idx].state = 0;
	while (order < buddy->max_order) {
		unsigned long b = idx ^ (1UL << order);

		if (b >= buddy->nr_blocks ||
		    buddy->blocks[b].state != (BLOCK_HEAD | BLOCK_FREE | order))
			break;
		block_take(buddy, b, order);
		idx = min(idx, b);
		order++;
	}
	block_set_free(buddy, idx, order);
}

/* Merge every hot block back into the free lists. */
static void hot_drain(struct hwmem_buddy *buddy)
{
	unsigned int order;

	lockdep_assert_held(&buddy->lock);
	for (order = 0; order <= HWMEM_BUDDY_HOT_ORDER; order++) {
		while (!list_empty(&buddy->hot[order])) {
			struct hwmem_buddy_block *blk =
				list_first_entry(&buddy->hot[order],
						 struct hwmem_buddy_block, list);

			list_del(&blk->list);
			buddy->nr_hot[order]--;
			block_merge_free(buddy, blk - buddy->blocks, order);
		}
	}
}

/* The smallest order from @order up with a free block, or past max_order. */
static unsigned int smallest_free(struct hwmem_buddy *buddy, unsigned int order)
{
	lockdep_assert_held(&buddy->lock);
	while (order <= buddy->max_order && list_empty(&buddy->free_area[order]))
		order++;
	return order;
}

/* Report, once for this allocation, a free block that was written to. */
static bool block_check_poison(struct hwmem_buddy *buddy, void *addr,
			       unsigned int order, unsigned long caller)
{
	size_t bytes = order_bytes(buddy, order);
	u8 *bad = memchr_inv(addr, POISON_FREE, bytes);

	if (!bad)
		return true;
	hwmem_report("use after free", caller,
		     "buddy block %p (offset %#lx, order %u): byte %#zx written while free",
		     addr, (unsigned long)(addr - buddy->base), order,
		     (size_t)(bad - (u8 *)addr));
	return false;
}

/**
 * hwmem_buddy_alloc() - allocate a block
 * @buddy: the allocator
 * @order: log2 of the number of order-0 blocks wanted
 * @ptr: receives the block
 *
 * Return: 0; -EINVAL if @order is larger than the allocator's largest;
 * -ENOMEM (counted) if no free block of @order or larger is left.
 */
int hwmem_buddy_alloc(struct hwmem_buddy *buddy, unsigned int order,
		      void **ptr)
{
	struct hwmem_buddy_block *blk;
	unsigned long idx;
	unsigned int o;
	void *addr;

	if (order > buddy->max_order)
		return -EINVAL;

	spin_lock(&buddy->lock);
	if (order <= HWMEM_BUDDY_HOT_ORDER && !list_empty(&buddy->hot[order])) {
		blk = list_first_entry(&buddy->hot[order], struct hwmem_buddy_block,
				       list);
		list_del(&blk->list);
		buddy->nr_hot[order]--;
		idx = blk - buddy->blocks;
		goto found;
	}
	o = smallest_free(buddy, order);
	if (o > buddy->max_order) {
		/* Merge what the hot lists hold, and look again. */
		hot_drain(buddy);
		o = smallest_free(buddy, order);
	}
	if (o > buddy->max_order) {
		buddy->counters[HWMEM_BUDDY_ALLOC_FAILED]++;
		spin_unlock(&buddy->lock);
		trace_hwmem_buddy_alloc(_RET_IP_, NULL, order,
					order_bytes(buddy, order));
		return -ENOMEM;
	}
	idx = block_pick(buddy, o);
	block_take(buddy, idx, o);
	while (o > order) {
		o--;
		block_set_free(buddy, idx + (1UL << o), o);
	}
found:
	buddy->blocks[idx].state = BLOCK_HEAD | order;
	buddy->counters[HWMEM_BUDDY_ALLOCS]++;
	addr = block_addr(buddy, idx);
	if (buddy->poison && !block_check_poison(buddy, addr, order, _RET_IP_))
		buddy->counters[HWMEM_BUDDY_POISON_ERRORS]++;
	spin_unlock(&buddy->lock);

	trace_hwmem_buddy_alloc(_RET_IP_, addr, order, order_bytes(buddy, order));
	*ptr = addr;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(hwmem_buddy_alloc, HWMEM);

/**
 * hwmem_buddy_free() - free a block
 * @buddy: the allocator
 * @ptr: the block, as hwmem_buddy_alloc() returned it
 *
 * Return: 0, or -EINVAL (counted, nothing else changes) if @ptr is not the
 * start of an allocated block of @buddy.
 */
int hwmem_buddy_free(struct hwmem_buddy *buddy, void *ptr)
{
	uintptr_t off = (uintptr_t)ptr - (uintptr_t)buddy->base;
	unsigned long idx;
	unsigned int order;
	u8 state;

	spin_lock(&buddy->lock);
	idx = off >> buddy->min_shift;
	state = idx < buddy->nr_blocks ? buddy->blocks[idx].state : 0;
	if ((uintptr_t)ptr < (uintptr_t)buddy->base ||
	    off & ((1UL << buddy->min_shift) - 1) ||
	    (state & (BLOCK_HEAD | BLOCK_FREE | BLOCK_HOT)) != BLOCK_HEAD) {
		buddy->counters[HWMEM_BUDDY_FREE_REFUSED]++;
		spin_unlock(&buddy->lock);
		if ((uintptr_t)ptr >= (uintptr_t)buddy->base && (state & BLOCK_HEAD) &&
		    !(off & ((1UL << buddy->min_shift) - 1)))
			hwmem_report("double free", _RET_IP_,
				     "buddy block %p (offset %#lx, order %u)",
				     ptr, (unsigned long)off, state & BLOCK_ORDER);
		else
			hwmem_report("invalid free", _RET_IP_,
				     "%p (not the start of an allocated buddy block)",
				     ptr);
		return -EINVAL;
	}

	order = state & BLOCK_ORDER;
	trace_hwmem_buddy_free(_RET_IP_, ptr, order, order_bytes(buddy, order));
	if (buddy->poison)
		memset(ptr, POISON_FREE, order_bytes(buddy, order));
	if (order <= HWMEM_BUDDY_HOT_ORDER &&
	    buddy->nr_hot[order] < buddy->hot_max) {
		buddy->blocks[idx].state = BLOCK_HEAD | BLOCK_HOT | order;
		list_add(&buddy->blocks[idx].list, &buddy->hot[order]);
		buddy->nr_hot[order]++;
	} else {
		block_merge_free(buddy, idx, order);
	}
	buddy->counters[HWMEM_BUDDY_FREES]++;
	spin_unlock(&buddy->lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(hwmem_buddy_free, HWMEM);

/* Switch to @policy, the hot lists drained; rebuild what it keeps. */
static void buddy_switch(struct hwmem_buddy *buddy,
			 enum hwmem_buddy_policy policy)
{
	struct hwmem_buddy_block *blk;
	unsigned int o;

	lockdep_assert_held(&buddy->lock);
	hot_drain(buddy);
	if (policy == HWMEM_BUDDY_LOWEST && buddy->policy != policy) {
		for (o = 0; o <= buddy->max_order; o++) {
			hwmem_hbitmap_init(&buddy->free_bm[o], buddy->nr_blocks >> o,
					   buddy->free_bm[o].level[0]);
			list_for_each_entry(blk, &buddy->free_area[o], list)
				hwmem_hbitmap_set(&buddy->free_bm[o],
						  (blk - buddy->blocks) >> o);
		}
	}
	buddy->policy = policy;
	buddy->hot_max = policy == HWMEM_BUDDY_HOT ? buddy->hot_len : 0;
}

/**
 * hwmem_buddy_set_hot() - the hot-list policy with this many blocks, or none
 * @buddy: the allocator
 * @hot_max: blocks to keep per order up to %HWMEM_BUDDY_HOT_ORDER, at most
 *	%HWMEM_BUDDY_HOT_MAX: the %HWMEM_BUDDY_HOT policy; 0 for
 *	%HWMEM_BUDDY_EXACT
 *
 * Allowed at any time: blocks kept so far are merged back first.
 */
void hwmem_buddy_set_hot(struct hwmem_buddy *buddy, unsigned int hot_max)
{
	spin_lock(&buddy->lock);
	if (hot_max)
		buddy->hot_len = min_t(unsigned int, hot_max, HWMEM_BUDDY_HOT_MAX);
	buddy_switch(buddy, hot_max ? HWMEM_BUDDY_HOT : HWMEM_BUDDY_EXACT);
	spin_unlock(&buddy->lock);
}

/**
 * hwmem_buddy_set_policy() - choose which free block allocations take
 * @buddy: the allocator
 * @policy: the placement policy; %HWMEM_BUDDY_HOT keeps the hot-list
 *	length last set (%HWMEM_BUDDY_HOT_DEFAULT at first)
 *
 * Only while no block is allocated, so that what a policy is measured on
 * is its own doing.
 *
 * Return: 0, -EINVAL for a bad @policy, or -EBUSY (nothing changes) while
 * blocks are allocated.
 */
int hwmem_buddy_set_policy(struct hwmem_buddy *buddy,
			   enum hwmem_buddy_policy policy)
{
	int err = 0;

	if ((unsigned int)policy >= HWMEM_BUDDY_NR_POLICIES)
		return -EINVAL;
	spin_lock(&buddy->lock);
	if (buddy->counters[HWMEM_BUDDY_ALLOCS] != buddy->counters[HWMEM_BUDDY_FREES])
		err = -EBUSY;
	else
		buddy_switch(buddy, policy);
	spin_unlock(&buddy->lock);
	return err;
}

/**
 * hwmem_buddy_get_stats() - take a consistent snapshot
 * @buddy: the allocator
 * @stats: receives the snapshot
 */
void hwmem_buddy_get_stats(struct hwmem_buddy *buddy,
			   struct hwmem_buddy_stats *stats)
{
	unsigned int o;

	memset(stats, 0, sizeof(*stats));
	spin_lock(&buddy->lock);
	stats->base = buddy->base;
	stats->capacity = buddy->nr_blocks << buddy->min_shift;
	stats->min_block = 1UL << buddy->min_shift;
	stats->max_order = buddy->max_order;
	stats->hot_max = buddy->hot_max;
	stats->policy = buddy->policy;
	for (o = 0; o <= buddy->max_order; o++) {
		stats->nr_free[o] = buddy->nr_free[o];
		if (o <= HWMEM_BUDDY_HOT_ORDER) {
			stats->nr_hot[o] = buddy->nr_hot[o];
			stats->nr_free[o] += buddy->nr_hot[o];
		}
		stats->free_bytes += stats->nr_free[o] * order_bytes(buddy, o);
	}
	memcpy(stats->counters, buddy->counters, sizeof(stats->counters));
	spin_unlock(&buddy->lock);
}
EXPORT_SYMBOL_NS_GPL(hwmem_buddy_get_stats, HWMEM);

/**
 * hwmem_buddy_largest_free_order() - largest order with a free block
 * @stats: a snapshot
 *
 * Return: the order, or -1 if nothing is free.
 */
int hwmem_buddy_largest_free_order(const struct hwmem_buddy_stats *stats)
{
	int o;

	for (o = stats->max_order; o >= 0; o--)
		if (stats->nr_free[o])
			return o;
	return -1;
}

/* Free order-0 blocks, and free blocks of at least @order in its units. */
static void free_info(const struct hwmem_buddy_stats *stats, unsigned int order,
		      u64 *free, u64 *suitable, u64 *nr_blocks)
{
	unsigned int o;

	*free = *suitable = *nr_blocks = 0;
	for (o = 0; o <= stats->max_order; o++) {
		*nr_blocks += stats->nr_free[o];
		*free += (u64)stats->nr_free[o] << o;
		if (o >= order)
			*suitable += (u64)stats->nr_free[o] << (o - order);
	}
}

/**
 * hwmem_buddy_unusable_index() - the free space unusable for an order
 * @stats: a snapshot
 * @order: the order asked about
 *
 * As mm/vmstat.c's unusable_free_index(): the fraction of free memory that
 * lies in blocks smaller than @order.  extfrag_for_order() there is the
 * same figure in percent.
 *
 * Return: the index times 1000, from 0 (none unusable) to 1000 (all, or
 * nothing free).
 */
int hwmem_buddy_unusable_index(const struct hwmem_buddy_stats *stats,
			       unsigned int order)
{
	u64 free, suitable, nr_blocks;

	free_info(stats, order, &free, &suitable, &nr_blocks);
	if (!free)
		return 1000;
	return div64_u64((free - (suitable << order)) * 1000, free);
}

/**
 * hwmem_buddy_extfrag_index() - why an allocation of an order would fail
 * @stats: a snapshot
 * @order: the order asked about
 *
 * As mm/vmstat.c's __fragmentation_index().
 *
 * Return: -1000 if the allocation would succeed; otherwise the index times
 * 1000, towards 0 if it would fail for lack of memory and towards 1000 if
 * for fragmentation; 0 if nothing is free.
 */
int hwmem_buddy_extfrag_index(const struct hwmem_buddy_stats *stats,
			      unsigned int order)
{
	u64 free, suitable, nr_blocks;

	free_info(stats, order, &free, &suitable, &nr_blocks);
	if (!nr_blocks)
		return 0;
	if (suitable)
		return -1000;
	return 1000 - div64_u64(1000 + div64_u64(free * 1000, 1ULL << order),
				nr_blocks);
}

/* The head of the block holding order-0 block @idx. */
static unsigned long block_head(struct hwmem_buddy *buddy, unsigned long idx)
{
	unsigned int o;

	for (o = 0; o <= buddy->max_order; o++) {
		unsigned long head = idx & ~((1UL << o) - 1);
		u8 state = buddy->blocks[head].state;

		if ((state & BLOCK_HEAD) &&
		    head + (1UL << (state & BLOCK_ORDER)) > idx)
			return head;
	}
	return idx;
}

/**
 * hwmem_buddy_draw() - draw blocks as text, one character per order-0 block
 * @buddy: the allocator
 * @first: first order-0 block to draw
 * @buf: receives the characters, not NUL-terminated
 * @count: size of @buf
 *
 * A block of order n starts with the n-th letter of the alphabet,
 * lower-case if free ('a' for order 0; hot blocks too), upper-case if
 * allocated; the rest of it is '.' if free, '#' if allocated.
 *
 * Return: the number of characters stored: fewer than @count at the end
 * of the buffer, 0 past it.
 */
unsigned long hwmem_buddy_draw(struct hwmem_buddy *buddy, unsigned long first,
			       char *buf, unsigned long count)
{
	unsigned long idx, n = 0;

	if (first >= buddy->nr_blocks)
		return 0;
	count = min(count, buddy->nr_blocks - first);

	spin_lock(&buddy->lock);
	idx = block_head(buddy, first);
	while (n < count) {
		u8 state = buddy->blocks[idx].state;
		unsigned long end = idx + (1UL << (state & BLOCK_ORDER));
		bool free = state & (BLOCK_FREE | BLOCK_HOT);
		unsigned long i;

		for (i = max(idx, first); i < end && n < count; i++)
			buf[n++] = i != idx ? (free ? '.' : '#') :
				   (free ? 'a' : 'A') + (state & BLOCK_ORDER);
		idx = end;
	}
	spin_unlock(&buddy->lock);
	return n;
}

#include "../../kunit/heap/buddy-kunit.h"
