// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem slab allocator
 *
 * A cache hands out objects of one size.  It holds slabs: runs of 1, 2, 4,
 * 8 or 16 frames taken from the frame allocator (owner "slab"), the
 * smallest that holds at least four objects; a size that not even 16
 * frames hold four of is refused.  The objects start at the start of the
 * slab; a small header ends it: list link, owner, in-use count and a
 * two-level bitmap of its free objects (one bit per object, and one
 * summary bit per word of them).  At the end rather than at the start, as
 * Bonwick's slab keeps it for small objects, because every page-aligned
 * structure starts in the same L1 set: a header there shares it with the
 * allocator's own lock and caches when those are page-aligned too, and on
 * processors that predict the way of a load from its virtual address (AMD
 * since Zen) two such hot lines can evict each other on every pair of
 * calls (Documentation/hwmem-bench.rst).  Keeping the free list out of the
 * objects lets poisoning cover each object whole and keeps a stray write
 * into a free object from corrupting the allocator; the bitmap keeps that
 * cheap, one bit per object, where a list of free indexes would cost
 * sixteen.
 *
 * Each cache keeps its slabs on three lists, partial, full and empty, and
 * at most one empty slab: a slab that empties while another is kept goes
 * back to the frame allocator.  Alloc takes the lowest free object of a
 * partial (else empty, else new) slab: two find-first-set, O(1).  Which
 * partial slab is a policy (hwmem_slab_set_policy()): the first on the
 * partial list (the one that became partial last), or the fullest or the
 * emptiest.  For those two, partial slabs sit in buckets by the number of
 * objects they have in use, with a two-level bitmap of the buckets that
 * hold any: an alloc or free moves its slab to the next bucket, and
 * finding the fullest or emptiest is two find-last- or find-first-set,
 * O(1) too.  A
 * free finds its slab through the frame allocator, which keeps for each
 * slab frame the distance from its start to the slab's header
 * (hwmem_phys_find(), as the kernel finds a slab from its struct page),
 * then checks that the slab is the cache's, that the pointer is the start
 * of an object, and that the object is in use, before changing anything.
 * The slab last allocated from is checked first.
 *
 * Refused frees and poisoned objects are reported (lib/report.c).
 *
 * Locking: slab->lock, a spinlock, protects every cache and every slab;
 * the frame allocator's lock nests inside it (the lock order is in
 * hwmem.h).  Not IRQ-safe, as phys/phys.c explains: call from process
 * context, never from an interrupt handler.
 */

#include <linux/bitmap.h>
#include <linux/ctype.h>
#include <linux/export.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/poison.h>
#include <linux/reciprocal_div.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <hwmem/phys.h>
#include <hwmem/report.h>
#include <hwmem/slab.h>
#include <trace/events/hwmem.h>

/*
 * Objects per slab, at most: the summary word has a bit for each word of
 * the free bitmap.
 */
#define SLAB_MAX_OBJS		(BITS_PER_LONG * BITS_PER_LONG)

/**
 * struct hwmem_slab_page - header at the end of every slab
 * @list: on the cache's partial, full or empty list
 * @cache: the cache the slab belongs to
 * @first: the slab's first frame
 * @inuse: objects in use
 * @summary: bit w set if word w of @free has a bit set; 0 when full
 * @free: bit i set if object i is free
 */
struct hwmem_slab_page {
	struct list_head list;
	struct hwmem_slab_cache *cache;
	struct hwmem_frame first;
	unsigned int inuse;
	unsigned long summary;
	unsigned long free[];
};

HWMEM_COUNTER_NAMES(hwmem_slab_counter_names, HWMEM_SLAB_NR_COUNTERS,
		    [HWMEM_SLAB_ALLOCS] = "allocs",
		    [HWMEM_SLAB_FREES] = "frees",
		    [HWMEM_SLAB_ALLOC_FAILED] = "alloc_failed",
		    [HWMEM_SLAB_FREE_REFUSED] = "free_refused",
		    [HWMEM_SLAB_POISON_ERRORS] = "poison_errors",
		    [HWMEM_SLAB_GROWS] = "grows",
		    [HWMEM_SLAB_SHRINKS] = "shrinks");

const char *const hwmem_slab_policy_names[] = {
	[HWMEM_SLAB_FIRST]	= "first",
	[HWMEM_SLAB_FULLEST]	= "fullest",
	[HWMEM_SLAB_EMPTIEST]	= "emptiest",
};

static_assert(ARRAY_SIZE(hwmem_slab_policy_names) == HWMEM_SLAB_NR_POLICIES);

static size_t header_size(unsigned int objs)
{
	return struct_size_t(struct hwmem_slab_page, free, BITS_TO_LONGS(objs));
}

/* Object @idx of the slab of @cache that @page ends; 0 is at its start. */
static void *slab_obj(const struct hwmem_slab_cache *cache,
		      struct hwmem_slab_page *page, unsigned int idx)
{
	return (void *)page - cache->header + idx * cache->stride;
}

/* Objects a slab of @frames frames holds; *header is where it ends. */
static unsigned int slab_layout(unsigned int frames, unsigned int stride,
				unsigned int *header)
{
	size_t bytes = (size_t)frames << HWMEM_FRAME_SHIFT;
	unsigned int n = min_t(size_t, bytes / stride, SLAB_MAX_OBJS);

	while (n && (size_t)n * stride + header_size(n) > bytes)
		n--;
	*header = ALIGN_DOWN(bytes - header_size(n),
			     __alignof__(struct hwmem_slab_page));
	return n;
}

/**
 * hwmem_slab_init() - set up a slab allocator with no cache
 * @slab: the allocator
 * @phys: the frame allocator slabs are taken from
 * @poison: fill free objects with %POISON_FREE and check it on allocation
 */
void hwmem_slab_init(struct hwmem_slab *slab, struct hwmem_phys *phys,
		     bool poison)
{
	memset(slab, 0, sizeof(*slab));
	spin_lock_init(&slab->lock);
	slab->phys = phys;
	slab->poison = poison;
}

static struct hwmem_slab_page *slab_grow(struct hwmem_slab_cache *cache)
{
	struct hwmem_slab *slab = cache->slab;
	unsigned int objs = cache->objs_per_slab, i;
	struct hwmem_slab_page *page;
	struct hwmem_frame first;
	void *base;

	lockdep_assert_held(&slab->lock);
	/* One frame is the frame allocator's choice, by its policy. */
	if (cache->frames == 1 ?
	    hwmem_phys_alloc(slab->phys, HWMEM_OWNER_SLAB, &first) :
	    hwmem_phys_alloc_contig(slab->phys, cache->frames, HWMEM_OWNER_SLAB,
				    &first))
		return NULL;
	base = hwmem_phys_frame_addr(slab->phys, first);
	if (!base) {
		hwmem_phys_free_contig(slab->phys, first, cache->frames,
				       HWMEM_OWNER_SLAB);
		return NULL;
	}

	/* Each frame knows how far its header is, for slab_lookup(). */
	for (i = 0; i < cache->frames; i++)
		hwmem_phys_set_private(slab->phys,
				       (struct hwmem_frame){ first.pfn + i },
				       HWMEM_OWNER_SLAB,
				       cache->header - i * HWMEM_FRAME_SIZE);

	page = base + cache->header;
	memset(page, 0, header_size(objs));
	page->cache = cache;
	page->first = first;
	bitmap_set(page->free, 0, objs);
	page->summary = GENMASK(BITS_TO_LONGS(objs) - 1, 0);
	if (slab->poison)
		memset(base, POISON_FREE, objs * cache->stride);
	list_add(&page->list, &cache->empty);
	cache->nr_slabs++;
	cache->counters[HWMEM_SLAB_GROWS]++;
	return page;
}

static void slab_release(struct hwmem_slab_page *page)
{
	struct hwmem_slab_cache *cache = page->cache;

	lockdep_assert_held(&cache->slab->lock);
	if (cache->hint == page)
		cache->hint = NULL;
	list_del(&page->list);
	cache->nr_slabs--;
	cache->counters[HWMEM_SLAB_SHRINKS]++;
	hwmem_phys_free_contig(cache->slab->phys, page->first, cache->frames,
			       HWMEM_OWNER_SLAB);
}

/*
 * Partial slabs under the fullest and emptiest policies: in the bucket of
 * their number of objects in use, a bitmap saying which buckets hold any.
 */
static void bucket_add(struct hwmem_slab_cache *cache,
		       struct hwmem_slab_page *page)
{
	unsigned int n = page->inuse;

	lockdep_assert_held(&cache->slab->lock);
	list_add(&page->list, &cache->buckets[n]);
	cache->bucket_bm[BIT_WORD(n)] |= BIT_MASK(n);
	cache->bucket_summary |= BIT(BIT_WORD(n));
}

/* Take @page out of the bucket of @n objects in use. */
static void bucket_del(struct hwmem_slab_cache *cache,
		       struct hwmem_slab_page *page, unsigned int n)
{
	lockdep_assert_held(&cache->slab->lock);
	list_del(&page->list);
	if (!list_empty(&cache->buckets[n]))
		return;
	cache->bucket_bm[BIT_WORD(n)] &= ~BIT_MASK(n);
	if (!cache->bucket_bm[BIT_WORD(n)])
		cache->bucket_summary &= ~BIT(BIT_WORD(n));
}

/* The partial slab the policy allocates from, or NULL if none. */
static struct hwmem_slab_page *partial_pick(struct hwmem_slab_cache *cache)
{
	enum hwmem_slab_policy policy = cache->slab->policy;
	unsigned int w, n;

	lockdep_assert_held(&cache->slab->lock);
	if (policy == HWMEM_SLAB_FIRST)
		return list_first_entry_or_null(&cache->partial,
						struct hwmem_slab_page, list);
	if (!cache->bucket_summary)
		return NULL;
	if (policy == HWMEM_SLAB_FULLEST) {
		w = __fls(cache->bucket_summary);
		n = w * BITS_PER_LONG + __fls(cache->bucket_bm[w]);
	} else {
		w = __ffs(cache->bucket_summary);
		n = w * BITS_PER_LONG + __ffs(cache->bucket_bm[w]);
	}
	return list_first_entry(&cache->buckets[n], struct hwmem_slab_page, list);
}

/* The slab @ptr falls in, or NULL if it is in no slab frame. */
static struct hwmem_slab_page *slab_lookup(struct hwmem_slab *slab,
					   const void *ptr)
{
	unsigned long addr = (unsigned long)ptr & ~(HWMEM_FRAME_SIZE - 1);
	u32 dist;

	if (hwmem_phys_find(slab->phys, ptr, HWMEM_OWNER_SLAB, NULL, &dist))
		return NULL;
	return (struct hwmem_slab_page *)(addr + dist);
}

static bool name_valid(const char *name)
{
	size_t len = strnlen(name, HWMEM_SLAB_NAME_LEN);
	size_t i;

	if (!len || len == HWMEM_SLAB_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("._-", name[i]))
			return false;
	return true;
}

static struct hwmem_slab_cache *cache_find(struct hwmem_slab *slab,
					   const char *name)
{
	unsigned int i;

	lockdep_assert_held(&slab->lock);
	for (i = 0; i < HWMEM_SLAB_MAX_CACHES; i++)
		if (slab->caches[i].active &&
		    !strncmp(slab->caches[i].name, name, HWMEM_SLAB_NAME_LEN))
			return &slab->caches[i];
	return NULL;
}

/**
 * hwmem_slab_cache_create() - create a cache
 * @slab: the allocator
 * @name: 1 to 15 characters from [A-Za-z0-9._-], unique in @slab
 * @size: object size in bytes, at least 1
 * @align: object alignment, a power of two up to %HWMEM_FRAME_SIZE
 * @cachep: receives the cache
 *
 * A slab is the fewest frames, a power of two, that hold
 * %HWMEM_SLAB_MIN_OBJS objects with the slab's header.  No slab is taken
 * until the first allocation.
 *
 * Return: 0; -EINVAL for a bad name, size or alignment, or an object too
 * large for %HWMEM_SLAB_MIN_OBJS of it to fit in %HWMEM_SLAB_MAX_FRAMES
 * frames (16368 bytes is the largest with 8-byte alignment); -EEXIST if
 * the name is taken; -ENOSPC if all %HWMEM_SLAB_MAX_CACHES slots are;
 * -ENOMEM if there is no memory for the cache's buckets.
 */
int hwmem_slab_cache_create(struct hwmem_slab *slab, const char *name,
			    size_t size, size_t align,
			    struct hwmem_slab_cache **cachep)
{
	unsigned int frames, objs = 0, header = 0, stride, i;
	struct hwmem_slab_cache *cache = NULL;
	struct list_head *buckets;
	unsigned long *bm;

	if (!name_valid(name) || !size || !is_power_of_2(align) ||
	    align > HWMEM_FRAME_SIZE ||
	    size > HWMEM_SLAB_MAX_FRAMES * HWMEM_FRAME_SIZE)
		return -EINVAL;
	stride = ALIGN(size, align);
	for (frames = 1; frames <= HWMEM_SLAB_MAX_FRAMES; frames *= 2) {
		objs = slab_layout(frames, stride, &header);
		if (objs >= HWMEM_SLAB_MIN_OBJS)
			break;
	}
	if (frames > HWMEM_SLAB_MAX_FRAMES)
		return -EINVAL;

	/* Buckets for every policy, so that switching never allocates. */
	buckets = kvcalloc(objs, sizeof(*buckets), GFP_KERNEL);
	bm = kvcalloc(BITS_TO_LONGS(objs), sizeof(*bm), GFP_KERNEL);
	if (!buckets || !bm) {
		kvfree(buckets);
		kvfree(bm);
		return -ENOMEM;
	}
	for (i = 0; i < objs; i++)
		INIT_LIST_HEAD(&buckets[i]);

	spin_lock(&slab->lock);
	for (i = 0; i < HWMEM_SLAB_MAX_CACHES && !cache; i++)
		if (!slab->caches[i].active)
			cache = &slab->caches[i];
	if (cache_find(slab, name) || !cache) {
		int err = cache ? -EEXIST : -ENOSPC;

		spin_unlock(&slab->lock);
		kvfree(buckets);
		kvfree(bm);
		return err;
	}
	memset(cache, 0, sizeof(*cache));
	cache->slab = slab;
	INIT_LIST_HEAD(&cache->partial);
	cache->buckets = buckets;
	cache->bucket_bm = bm;
	INIT_LIST_HEAD(&cache->full);
	INIT_LIST_HEAD(&cache->empty);
	strscpy(cache->name, name, sizeof(cache->name));
	cache->size = size;
	cache->align = align;
	cache->stride = stride;
	cache->stride_rv = reciprocal_value(stride);
	cache->frames = frames;
	cache->objs_per_slab = objs;
	cache->header = header;
	cache->active = true;
	spin_unlock(&slab->lock);

	*cachep = cache;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(hwmem_slab_cache_create, HWMEM);

/**
 * hwmem_slab_cache_find() - look a cache up by name
 * @slab: the allocator
 * @name: the name
 *
 * Return: the cache, or NULL if there is none by that name.
 */
struct hwmem_slab_cache *hwmem_slab_cache_find(struct hwmem_slab *slab,
					       const char *name)
{
	struct hwmem_slab_cache *cache;

	spin_lock(&slab->lock);
	cache = cache_find(slab, name);
	spin_unlock(&slab->lock);
	return cache;
}
EXPORT_SYMBOL_NS_GPL(hwmem_slab_cache_find, HWMEM);

static unsigned long cache_release_list(struct list_head *list)
{
	struct hwmem_slab_page *page, *next;
	unsigned long n = 0;

	list_for_each_entry_safe(page, next, list, list) {
		slab_release(page);
		n++;
	}
	return n;
}

/**
 * hwmem_slab_cache_shrink() - give the cache's empty slabs back
 * @cache: the cache
 *
 * Return: the number of slabs given back to the frame allocator.
 */
unsigned long hwmem_slab_cache_shrink(struct hwmem_slab_cache *cache)
{
	struct hwmem_slab *slab = cache->slab;
	unsigned long n;

	spin_lock(&slab->lock);
	n = cache_release_list(&cache->empty);
	spin_unlock(&slab->lock);
	return n;
}
EXPORT_SYMBOL_NS_GPL(hwmem_slab_cache_shrink, HWMEM);

/**
 * hwmem_slab_cache_destroy() - destroy an unused cache
 * @cache: the cache; not to be used again once destroyed
 *
 * Return: 0, or -EBUSY (nothing changes) while objects are in use.
 */
int hwmem_slab_cache_destroy(struct hwmem_slab_cache *cache)
{
	struct hwmem_slab *slab = cache->slab;
	struct list_head *buckets;
	unsigned long *bm;

	spin_lock(&slab->lock);
	if (cache->inuse) {
		spin_unlock(&slab->lock);
		return -EBUSY;
	}
	cache_release_list(&cache->empty);
	cache->active = false;
	buckets = cache->buckets;
	bm = cache->bucket_bm;
	cache->buckets = NULL;
	cache->bucket_bm = NULL;
	spin_unlock(&slab->lock);
	kvfree(buckets);
	kvfree(bm);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(hwmem_slab_cache_destroy, HWMEM);

/**
 * hwmem_slab_destroy() - destroy every cache, objects in use or not
 * @slab: the allocator
 *
 * Every slab goes back to the frame allocator.
 *
 * Return: the number of objects that were still in use.
 */
unsigned long hwmem_slab_destroy(struct hwmem_slab *slab)
{
	struct list_head *buckets[HWMEM_SLAB_MAX_CACHES] = { };
	unsigned long *bm[HWMEM_SLAB_MAX_CACHES] = { };
	unsigned long inuse = 0;
	unsigned int i, n;

	spin_lock(&slab->lock);
	for (i = 0; i < HWMEM_SLAB_MAX_CACHES; i++) {
		struct hwmem_slab_cache *cache = &slab->caches[i];

		if (!cache->active)
			continue;
		inuse += cache->inuse;
		cache_release_list(&cache->partial);
		for (n = 1; n < cache->objs_per_slab; n++)
			cache_release_list(&cache->buckets[n]);
		cache_release_list(&cache->full);
		cache_release_list(&cache->empty);
		cache->active = false;
		buckets[i] = cache->buckets;
		bm[i] = cache->bucket_bm;
		cache->buckets = NULL;
		cache->bucket_bm = NULL;
	}
	spin_unlock(&slab->lock);
	for (i = 0; i < HWMEM_SLAB_MAX_CACHES; i++) {
		kvfree(buckets[i]);
		kvfree(bm[i]);
	}
	return inuse;
}

/**
 * hwmem_slab_set_policy() - choose which partial slab allocations take from
 * @slab: the allocator
 * @policy: the placement policy, for every cache
 *
 * Only while no cache has an object in use, so that what a policy is
 * measured on is its own doing (and no partial slab has to move).
 *
 * Return: 0, -EINVAL for a bad @policy, or -EBUSY (nothing changes) while
 * objects are in use.
 */
int hwmem_slab_set_policy(struct hwmem_slab *slab,
			  enum hwmem_slab_policy policy)
{
	unsigned int i;
	int err = 0;

	if ((unsigned int)policy >= HWMEM_SLAB_NR_POLICIES)
		return -EINVAL;
	spin_lock(&slab->lock);
	for (i = 0; i < HWMEM_SLAB_MAX_CACHES; i++)
		if (slab->caches[i].active && slab->caches[i].inuse)
			err = -EBUSY;
	if (!err)
		slab->policy = policy;
	spin_unlock(&slab->lock);
	return err;
}

/**
 * hwmem_slab_get_policy() - the placement policy
 * @slab: the allocator
 *
 * Return: the policy.
 */
enum hwmem_slab_policy hwmem_slab_get_policy(struct hwmem_slab *slab)
{
	return READ_ONCE(slab->policy);
}

/**
 * hwmem_slab_alloc() - allocate an object
 * @cache: the cache
 * @ptr: receives the object
 *
 * Return: 0, or -ENOMEM (counted) if the cache needs a slab and the frame
 * allocator has no run of frames for one.
 */
int hwmem_slab_alloc(struct hwmem_slab_cache *cache, void **ptr)
{
	struct hwmem_slab *slab = cache->slab;
	struct hwmem_slab_page *page;
	unsigned int w, idx;
	void *obj;

	spin_lock(&slab->lock);
	page = partial_pick(cache);
	if (!page) {
		page = list_first_entry_or_null(&cache->empty,
						struct hwmem_slab_page, list);
		if (!page)
			page = slab_grow(cache);
		if (!page) {
			cache->counters[HWMEM_SLAB_ALLOC_FAILED]++;
			spin_unlock(&slab->lock);
			trace_hwmem_slab_alloc(_RET_IP_, NULL, cache->name,
					       cache->size, cache->stride);
			return -ENOMEM;
		}
		if (slab->policy == HWMEM_SLAB_FIRST)
			list_move(&page->list, &cache->partial);
		else
			list_del(&page->list);
	} else if (slab->policy != HWMEM_SLAB_FIRST) {
		bucket_del(cache, page, page->inuse);
	}

	/* The lowest free object: the summary says which word holds it. */
	w = __ffs(page->summary);
	idx = __ffs(page->free[w]);
	page->free[w] &= ~BIT(idx);
	if (!page->free[w])
		page->summary &= ~BIT(w);
	idx += w * BITS_PER_LONG;
	page->inuse++;
	cache->inuse++;
	cache->counters[HWMEM_SLAB_ALLOCS]++;
	if (slab->policy == HWMEM_SLAB_FIRST) {
		if (!page->summary)
			list_move(&page->list, &cache->full);
	} else if (!page->summary) {
		list_add(&page->list, &cache->full);
	} else {
		bucket_add(cache, page);
	}
	obj = slab_obj(cache, page, idx);
	cache->hint = page;
	if (slab->poison && memchr_inv(obj, POISON_FREE, cache->size)) {
		cache->counters[HWMEM_SLAB_POISON_ERRORS]++;
		hwmem_report("use after free", _RET_IP_,
			     "object %p (%u of the slab at pfn %#lx) in cache %s: written while free",
			     obj, idx, page->first.pfn, cache->name);
	}
	trace_hwmem_slab_alloc(_RET_IP_, obj, cache->name, cache->size,
			       cache->stride);
	spin_unlock(&slab->lock);

	*ptr = obj;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(hwmem_slab_alloc, HWMEM);

/* Count, unlock, report: a free of @ptr refused. */
static int slab_refuse(struct hwmem_slab_cache *cache, void *ptr,
		       const char *what, unsigned long caller)
	__releases(&cache->slab->lock)
{
	cache->counters[HWMEM_SLAB_FREE_REFUSED]++;
	spin_unlock(&cache->slab->lock);
	hwmem_report(what, caller, "%p in cache %s", ptr, cache->name);
	return -EINVAL;
}

/**
 * hwmem_slab_free() - free an object
 * @cache: the cache it came from
 * @ptr: the object
 *
 * Return: 0, or -EINVAL (counted, nothing else changes) if @ptr is not the
 * start of an object of @cache that is in use.
 */
int hwmem_slab_free(struct hwmem_slab_cache *cache, void *ptr)
{
	struct hwmem_slab *slab = cache->slab;
	struct hwmem_slab_page *page;
	unsigned long off;
	unsigned int idx;

	spin_lock(&slab->lock);
	/* Most frees are of the slab last allocated from: skip the lookup. */
	page = cache->hint;
	if (!page || ptr < slab_obj(cache, page, 0) || ptr >= (void *)page)
		page = slab_lookup(slab, ptr);
	/*
	 * Either way @ptr lies in the slab's frames, none before its objects:
	 * what is left to check is the cache, the stride and the free bit.
	 */
	if (!page || page->cache != cache)
		return slab_refuse(cache, ptr, "invalid free", _RET_IP_);
	off = ptr - slab_obj(cache, page, 0);
	/* The object's index, without a division (as SLUB's obj_to_index()). */
	idx = reciprocal_divide(off, cache->stride_rv);
	if (idx * cache->stride != off || idx >= cache->objs_per_slab)
		return slab_refuse(cache, ptr, "invalid free", _RET_IP_);
	/*
	 * Plain word operations rather than test_bit() and __set_bit(): on
	 * x86 those become bt and bts on memory, slow microcoded forms.
	 */
	if (page->free[BIT_WORD(idx)] & BIT_MASK(idx))
		return slab_refuse(cache, ptr, "double free", _RET_IP_);

	trace_hwmem_slab_free(_RET_IP_, ptr, cache->name);
	if (slab->poison)
		memset(ptr, POISON_FREE, cache->size);
	page->free[BIT_WORD(idx)] |= BIT_MASK(idx);
	page->summary |= BIT(BIT_WORD(idx));
	page->inuse--;
	cache->inuse--;
	cache->counters[HWMEM_SLAB_FREES]++;
	if (slab->policy == HWMEM_SLAB_FIRST) {
		if (!page->inuse) {
			/* Keep one empty slab; give any other back. */
			if (list_empty(&cache->empty))
				list_move(&page->list, &cache->empty);
			else
				slab_release(page);
		} else if (page->inuse == cache->objs_per_slab - 1) {
			list_move(&page->list, &cache->partial);
		}
	} else {
		/* Out of the full list or the bucket it was in. */
		if (page->inuse == cache->objs_per_slab - 1)
			list_del(&page->list);
		else
			bucket_del(cache, page, page->inuse + 1);
		if (page->inuse) {
			bucket_add(cache, page);
		} else {
			list_add(&page->list, &cache->empty);
			if (!list_is_singular(&cache->empty))
				slab_release(page);
		}
	}
	spin_unlock(&slab->lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(hwmem_slab_free, HWMEM);

/**
 * hwmem_slab_cache_get_stats() - snapshot the cache in a slot
 * @slab: the allocator
 * @index: slot, from 0 to %HWMEM_SLAB_MAX_CACHES - 1
 * @stats: receives the snapshot
 *
 * Return: 0, -ENOENT for an empty slot, -EINVAL for @index out of range.
 */
int hwmem_slab_cache_get_stats(struct hwmem_slab *slab, unsigned int index,
			       struct hwmem_slab_cache_stats *stats)
{
	struct hwmem_slab_cache *cache;

	if (index >= HWMEM_SLAB_MAX_CACHES)
		return -EINVAL;
	cache = &slab->caches[index];
	spin_lock(&slab->lock);
	if (!cache->active) {
		spin_unlock(&slab->lock);
		return -ENOENT;
	}
	memset(stats, 0, sizeof(*stats));
	strscpy(stats->name, cache->name, sizeof(stats->name));
	stats->size = cache->size;
	stats->align = cache->align;
	stats->stride = cache->stride;
	stats->frames = cache->frames;
	stats->objs_per_slab = cache->objs_per_slab;
	stats->slabs = cache->nr_slabs;
	stats->slabs_full = list_count_nodes(&cache->full);
	stats->slabs_empty = list_count_nodes(&cache->empty);
	stats->slabs_partial = cache->nr_slabs - stats->slabs_full -
			       stats->slabs_empty;
	stats->inuse = cache->inuse;
	stats->total = cache->nr_slabs * cache->objs_per_slab;
	memcpy(stats->counters, cache->counters, sizeof(stats->counters));
	spin_unlock(&slab->lock);
	return 0;
}

/**
 * hwmem_slab_get_totals() - snapshot every cache together
 * @slab: the allocator
 * @totals: receives the totals
 *
 * O(caches): cheap enough to take often (a replay's timeline does).
 */
void hwmem_slab_get_totals(struct hwmem_slab *slab,
			   struct hwmem_slab_totals *totals)
{
	unsigned int i;

	memset(totals, 0, sizeof(*totals));
	spin_lock(&slab->lock);
	for (i = 0; i < HWMEM_SLAB_MAX_CACHES; i++) {
		const struct hwmem_slab_cache *cache = &slab->caches[i];

		if (!cache->active)
			continue;
		totals->caches++;
		totals->inuse += cache->inuse;
		totals->slots += cache->nr_slabs * cache->objs_per_slab;
		totals->bytes_inuse += cache->inuse * cache->size;
		totals->frames += cache->nr_slabs * cache->frames;
	}
	spin_unlock(&slab->lock);
}

#include "../../kunit/heap/slab-kunit.h"
