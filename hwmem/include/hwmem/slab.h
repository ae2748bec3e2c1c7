/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem slab allocator: named caches of fixed-size objects on frames.
 */
#ifndef _HWMEM_SLAB_H
#define _HWMEM_SLAB_H

#include <linux/list.h>
#include <linux/reciprocal_div.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <hwmem/counter.h>

struct hwmem_phys;
struct hwmem_slab_page;

#define HWMEM_SLAB_NAME_LEN	16
#define HWMEM_SLAB_MAX_CACHES	32
/* A slab is 1, 2, 4, 8 or 16 frames, the fewest that hold this many objects. */
#define HWMEM_SLAB_MAX_FRAMES	16
#define HWMEM_SLAB_MIN_OBJS	4

/**
 * enum hwmem_slab_counter - event counters of a slab cache
 * @HWMEM_SLAB_ALLOCS: objects handed out
 * @HWMEM_SLAB_FREES: objects returned
 * @HWMEM_SLAB_ALLOC_FAILED: allocations refused for lack of frames
 * @HWMEM_SLAB_FREE_REFUSED: frees refused: not an object of the cache, or
 *	already free
 * @HWMEM_SLAB_POISON_ERRORS: objects found written to while free
 * @HWMEM_SLAB_GROWS: slabs taken from the frame allocator
 * @HWMEM_SLAB_SHRINKS: slabs given back to it
 * @HWMEM_SLAB_NR_COUNTERS: number of counters
 */
enum hwmem_slab_counter {
	HWMEM_SLAB_ALLOCS,
	HWMEM_SLAB_FREES,
	HWMEM_SLAB_ALLOC_FAILED,
	HWMEM_SLAB_FREE_REFUSED,
	HWMEM_SLAB_POISON_ERRORS,
	HWMEM_SLAB_GROWS,
	HWMEM_SLAB_SHRINKS,
	HWMEM_SLAB_NR_COUNTERS
};

extern const char *const hwmem_slab_counter_names[HWMEM_SLAB_NR_COUNTERS];

/**
 * enum hwmem_slab_policy - which partial slab an allocation takes from
 * @HWMEM_SLAB_FIRST: the one first on the partial list (the slab that
 *	became partial last), O(1)
 * @HWMEM_SLAB_FULLEST: one with the most objects in use, O(1): partial
 *	slabs are kept in buckets by objects in use, with a bitmap of the
 *	buckets that hold any
 * @HWMEM_SLAB_EMPTIEST: one with the fewest objects in use, O(1), the same
 *	way
 * @HWMEM_SLAB_NR_POLICIES: number of policies
 */
enum hwmem_slab_policy {
	HWMEM_SLAB_FIRST,
	HWMEM_SLAB_FULLEST,
	HWMEM_SLAB_EMPTIEST,
	HWMEM_SLAB_NR_POLICIES
};

extern const char *const hwmem_slab_policy_names[HWMEM_SLAB_NR_POLICIES];

/**
 * struct hwmem_slab_cache - a cache of objects of one size
 * @slab: the allocator it belongs to
 * @hint: the slab last allocated from, checked first when freeing
 * @partial: %HWMEM_SLAB_FIRST: slabs with objects both free and in use
 * @buckets: the other policies: partial slabs, by objects in use (entry
 *	0 unused)
 * @bucket_bm: bit i set while @buckets[i] holds a slab
 * @bucket_summary: bit w set while word w of @bucket_bm is not zero
 * @full: slabs with no free object
 * @empty: slabs with no object in use (at most one is kept)
 * @name: NUL-terminated name, unique in @slab
 * @size: object size, as created
 * @align: object alignment, a power of two
 * @stride: distance between objects: @size rounded up to @align
 * @stride_rv: @stride as a reciprocal, to divide by it quickly
 * @frames: frames per slab
 * @objs_per_slab: objects per slab
 * @header: offset of a slab's header from its start (its first object)
 * @nr_slabs: slabs the cache holds
 * @inuse: objects in use
 * @counters: event counters
 * @active: the slot holds a cache
 *
 * Fields are private to heap/slab.c; use the functions below.
 */
struct hwmem_slab_cache {
	struct hwmem_slab *slab;
	struct hwmem_slab_page *hint;
	struct list_head partial;
	struct list_head *buckets;
	unsigned long *bucket_bm;
	unsigned long bucket_summary;
	struct list_head full;
	struct list_head empty;
	char name[HWMEM_SLAB_NAME_LEN];
	unsigned int size;
	unsigned int align;
	unsigned int stride;
	struct reciprocal_value stride_rv;
	unsigned int frames;
	unsigned int objs_per_slab;
	unsigned int header;
	unsigned long nr_slabs;
	unsigned long inuse;
	unsigned long counters[HWMEM_SLAB_NR_COUNTERS];
	bool active;
};

/**
 * struct hwmem_slab - a slab allocator: its caches and its slabs
 * @lock: protects every cache and every slab
 * @phys: where slabs come from
 * @poison: fill free objects with %POISON_FREE and check it on allocation
 * @policy: which partial slab allocations take from, in every cache
 * @caches: cache slots
 */
struct hwmem_slab {
	spinlock_t lock;		/* protects all below */
	struct hwmem_phys *phys;
	bool poison;
	enum hwmem_slab_policy policy;
	struct hwmem_slab_cache caches[HWMEM_SLAB_MAX_CACHES];
};

/**
 * struct hwmem_slab_cache_stats - a snapshot of a cache, like /proc/slabinfo
 * @name: the cache's name
 * @size: object size
 * @align: object alignment
 * @stride: distance between objects
 * @frames: frames per slab
 * @objs_per_slab: objects per slab
 * @slabs: slabs held
 * @slabs_partial: of those, partly used
 * @slabs_full: of those, full
 * @slabs_empty: of those, empty
 * @inuse: objects in use
 * @total: objects in all slabs
 * @counters: event counters, indexed by &enum hwmem_slab_counter
 */
struct hwmem_slab_cache_stats {
	char name[HWMEM_SLAB_NAME_LEN];
	unsigned int size;
	unsigned int align;
	unsigned int stride;
	unsigned int frames;
	unsigned int objs_per_slab;
	unsigned long slabs;
	unsigned long slabs_partial;
	unsigned long slabs_full;
	unsigned long slabs_empty;
	unsigned long inuse;
	unsigned long total;
	unsigned long counters[HWMEM_SLAB_NR_COUNTERS];
};

/**
 * struct hwmem_slab_totals - every cache of a slab allocator together
 * @caches: caches
 * @inuse: objects in use
 * @slots: objects all slabs hold
 * @bytes_inuse: bytes of objects in use, at each cache's object size
 * @frames: frames all slabs take
 */
struct hwmem_slab_totals {
	unsigned int caches;
	unsigned long inuse;
	unsigned long slots;
	unsigned long bytes_inuse;
	unsigned long frames;
};

void hwmem_slab_init(struct hwmem_slab *slab, struct hwmem_phys *phys,
		     bool poison);
unsigned long hwmem_slab_destroy(struct hwmem_slab *slab);
int hwmem_slab_set_policy(struct hwmem_slab *slab,
			  enum hwmem_slab_policy policy);
enum hwmem_slab_policy hwmem_slab_get_policy(struct hwmem_slab *slab);

int hwmem_slab_cache_create(struct hwmem_slab *slab, const char *name,
			    size_t size, size_t align,
			    struct hwmem_slab_cache **cachep);
int hwmem_slab_cache_destroy(struct hwmem_slab_cache *cache);
struct hwmem_slab_cache *hwmem_slab_cache_find(struct hwmem_slab *slab,
					       const char *name);
unsigned long hwmem_slab_cache_shrink(struct hwmem_slab_cache *cache);
int hwmem_slab_cache_get_stats(struct hwmem_slab *slab, unsigned int index,
			       struct hwmem_slab_cache_stats *stats);
void hwmem_slab_get_totals(struct hwmem_slab *slab,
			   struct hwmem_slab_totals *totals);

int hwmem_slab_alloc(struct hwmem_slab_cache *cache, void **ptr);
int hwmem_slab_free(struct hwmem_slab_cache *cache, void *ptr);

#endif /* _HWMEM_SLAB_H */
