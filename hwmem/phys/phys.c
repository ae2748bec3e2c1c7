// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem physical frame allocator
 *
 * Frames are numbered by index: region 0's frames first, then region 1's,
 * and so on, so that index order is pfn order.  Which free frame an
 * allocation takes is a policy (hwmem_phys_set_policy()):
 *
 *  - LIFO (the default): free frames sit on one doubly linked list
 *    threaded through the per-frame metadata; alloc pops the head and free
 *    pushes it, O(1), and the frame freed last, whose cache lines are still
 *    warm, is handed out first;
 *  - FIFO: the same list, but free appends at its tail, O(1);
 *  - LOWEST: the free frames' indexes are in a hierarchical bitmap
 *    (lib/hbitmap.c) and alloc takes the lowest, O(log64 frames): address
 *    order, the placement Wilson et al. found to fragment least.
 *
 * The back links let hwmem_phys_alloc_contig() take frames from the middle
 * of the list (or the bitmap); it finds them next-fit by scanning owner
 * bytes, from where its previous run ended, whatever the policy.
 *
 * A free first finds the frame's region by binary search over the regions,
 * O(log regions) and independent of the number of frames, then checks the
 * frame's owner byte: a foreign frame, a double free or a free by the wrong
 * owner is refused, counted and reported (lib/report.c) before anything
 * changes.
 *
 * Metadata (the region table and 13 bytes per frame: 12 of links and
 * region, and an owner byte in an array of its own) lives in a block the
 * caller provides, sized by hwmem_phys_meta_size().  The owner bytes are
 * apart so that a free checks its frame in a small array (8 KiB for 8192
 * frames, which stays in L1) and then only stores to the frame's entry.
 * Free frames are not counted as such, overall or per region: the counts
 * are derived when asked, so alloc and free make the fewest stores
 * (Documentation/hwmem-bench.rst has the figures).  While a frame is
 * held, the words that link it when free are its owner's to use, as the
 * kernel's struct page is: the slab allocator finds a slab from an object
 * address that way (hwmem_phys_set_private(), hwmem_phys_find()).
 *
 * Locking: phys->lock, a spinlock, protects the free list, the owner bytes
 * and the counters; it is the innermost of hwmem's locks (the lock order
 * is in hwmem.h), and every helper that needs it says so to lockdep.  The
 * region table never changes after init and is read without it.  The lock
 * is not IRQ-safe: call from process context (spinlocks held is fine),
 * never from a hard or soft interrupt handler.  Disabling interrupts
 * around it doubled the cost of an alloc/free pair
 * (Documentation/hwmem-bench.rst).
 */

#include <linux/export.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include <hwmem/phys.h>
#include <hwmem/report.h>
#include <trace/events/hwmem.h>

#define HWMEM_PHYS_NIL		U32_MAX

/**
 * struct hwmem_phys_region - a region and its place in the index space
 * @r: the region as the caller described it
 * @first: index of the region's first frame
 */
struct hwmem_phys_region {
	struct hwmem_region r;
	u32 first;
};

/**
 * struct hwmem_phys_frame - per-frame metadata, but for the owner byte
 * @next: next free frame, while free
 * @prev: previous free frame, while free
 * @private: the owner's word, while held (hwmem_phys_set_private())
 * @region: index of the frame's region
 */
struct hwmem_phys_frame {
	union {
		struct {
			u32 next;
			u32 prev;
		};
		u32 private;
	};
	u32 region;
};

static const char *const owner_names[] = {
	[HWMEM_OWNER_FREE]	= "free",
	[HWMEM_OWNER_USER]	= "user",
	[HWMEM_OWNER_BUMP]	= "bump",
	[HWMEM_OWNER_BUDDY]	= "buddy",
	[HWMEM_OWNER_SLAB]	= "slab",
	[HWMEM_OWNER_PGTABLE]	= "pgtable",
	[HWMEM_OWNER_CLIENT]	= "client",
};

static_assert(ARRAY_SIZE(owner_names) == HWMEM_NR_OWNERS);

static const char owner_chars[] = {
	[HWMEM_OWNER_FREE]	= '.',
	[HWMEM_OWNER_USER]	= 'u',
	[HWMEM_OWNER_BUMP]	= 'm',
	[HWMEM_OWNER_BUDDY]	= 'b',
	[HWMEM_OWNER_SLAB]	= 's',
	[HWMEM_OWNER_PGTABLE]	= 't',
	[HWMEM_OWNER_CLIENT]	= 'c',
};

static_assert(ARRAY_SIZE(owner_chars) == HWMEM_NR_OWNERS);

HWMEM_COUNTER_NAMES(hwmem_phys_counter_names, HWMEM_PHYS_NR_COUNTERS,
		    [HWMEM_PHYS_ALLOCS] = "allocs",
		    [HWMEM_PHYS_FREES] = "frees",
		    [HWMEM_PHYS_ALLOC_FAILED] = "alloc_failed",
		    [HWMEM_PHYS_FREE_REFUSED] = "free_refused");

const char *const hwmem_phys_policy_names[] = {
	[HWMEM_PHYS_LIFO]	= "lifo",
	[HWMEM_PHYS_FIFO]	= "fifo",
	[HWMEM_PHYS_LOWEST]	= "lowest",
};

static_assert(ARRAY_SIZE(hwmem_phys_policy_names) == HWMEM_PHYS_NR_POLICIES);

/**
 * hwmem_owner_name() - name of an owner
 * @owner: the owner
 *
 * Return: a short lower-case name, or "?" for a value out of range.
 */
const char *hwmem_owner_name(enum hwmem_owner owner)
{
	return (unsigned int)owner < HWMEM_NR_OWNERS ? owner_names[owner] : "?";
}
EXPORT_SYMBOL_NS_GPL(hwmem_owner_name, HWMEM);

/**
 * hwmem_owner_char() - the character frames/map draws for an owner
 * @owner: the owner
 *
 * Return: '.' for a free frame, a lower-case letter for each owner, '?' for
 * a value out of range.
 */
char hwmem_owner_char(enum hwmem_owner owner)
{
	return (unsigned int)owner < HWMEM_NR_OWNERS ? owner_chars[owner] : '?';
}

static bool owner_valid(enum hwmem_owner owner)
{
	return owner > HWMEM_OWNER_FREE && owner < HWMEM_NR_OWNERS;
}

/**
 * hwmem_phys_meta_size() - metadata needed for a frame allocator
 * @nr_regions: number of regions
 * @nr_frames: frames in all regions together
 *
 * Return: the size in bytes of the metadata block hwmem_phys_init() needs,
 * or SIZE_MAX if it does not fit in a size_t.
 */
size_t hwmem_phys_meta_size(unsigned int nr_regions, unsigned long nr_frames)
{
	size_t size;

	size = size_add(size_add(array_size(nr_regions, sizeof(struct hwmem_phys_region)),
				 array_size(nr_frames, sizeof(struct hwmem_phys_frame))),
			nr_frames);
	if (nr_frames > HWMEM_PHYS_MAX_FRAMES)
		return SIZE_MAX;
	/* The lowest-first policy's bitmap, word-aligned after the owners. */
	return size_add(ALIGN(size, sizeof(unsigned long)),
			array_size(hwmem_hbitmap_words(nr_frames),
				   sizeof(unsigned long)));
}

/**
 * hwmem_phys_init() - set up a frame allocator over regions
 * @phys: the allocator
 * @regions: the regions, sorted by base pfn and not overlapping; copied
 * @nr_regions: number of regions
 * @meta: metadata block, at least hwmem_phys_meta_size() bytes, which the
 *	caller keeps until it is done with @phys
 * @meta_size: size of @meta in bytes
 *
 * Every frame starts free, under the LIFO policy; the first allocations
 * return frames in ascending pfn order.
 *
 * Return: 0, or -EINVAL if there are no regions, a region is empty, wraps
 * the pfn space or overlaps its predecessor, the regions hold more than
 * %HWMEM_PHYS_MAX_FRAMES frames, or @meta is too small.
 */
int hwmem_phys_init(struct hwmem_phys *phys, const struct hwmem_region *regions,
		    unsigned int nr_regions, void *meta, size_t meta_size)
{
	unsigned long total = 0, end;
	unsigned int i;
	u32 idx = 0;

	if (!nr_regions)
		return -EINVAL;
	for (i = 0; i < nr_regions; i++) {
		const struct hwmem_region *r = &regions[i];

		if (!r->nr_frames ||
		    check_add_overflow(r->base_pfn, r->nr_frames, &end))
			return -EINVAL;
		if (i && r->base_pfn < regions[i - 1].base_pfn +
				       regions[i - 1].nr_frames)
			return -EINVAL;
		if (r->nr_frames > HWMEM_PHYS_MAX_FRAMES - total)
			return -EINVAL;
		total += r->nr_frames;
	}
	if (!meta || meta_size < hwmem_phys_meta_size(nr_regions, total))
		return -EINVAL;

	memset(phys, 0, sizeof(*phys));
	spin_lock_init(&phys->lock);
	phys->regions = meta;
	phys->frames = (struct hwmem_phys_frame *)(phys->regions + nr_regions);
	phys->owners = (u8 *)(phys->frames + total);
	phys->nr_regions = nr_regions;
	phys->nr_frames = total;
	hwmem_hbitmap_init(&phys->free_bm, total,
			   PTR_ALIGN((void *)(phys->owners + total),
				     sizeof(unsigned long)));

	for (i = 0; i < nr_regions; i++) {
		struct hwmem_phys_region *pr = &phys->regions[i];
		unsigned long j;

		pr->r = regions[i];
		pr->first = idx;
		for (j = 0; j < regions[i].nr_frames; j++, idx++) {
			struct hwmem_phys_frame *f = &phys->frames[idx];

			f->next = idx + 1 < total ? idx + 1 : HWMEM_PHYS_NIL;
			f->prev = idx ? idx - 1 : HWMEM_PHYS_NIL;
			f->region = i;
			phys->owners[idx] = HWMEM_OWNER_FREE;
		}
	}
	phys->policy = HWMEM_PHYS_LIFO;
	phys->free_head = 0;
	phys->free_tail = total - 1;

	phys->linear_offset = (unsigned long)regions[0].vaddr -
			      (regions[0].base_pfn << HWMEM_FRAME_SHIFT);
	phys->linear = true;
	for (i = 0; i < nr_regions; i++)
		if (!regions[i].vaddr ||
		    (unsigned long)regions[i].vaddr -
		    (regions[i].base_pfn << HWMEM_FRAME_SHIFT) != phys->linear_offset)
			phys->linear = false;
	return 0;
}

/**
 * hwmem_phys_set_policy() - choose which free frame allocations take
 * @phys: the allocator
 * @policy: the placement policy
 *
 * Allowed at any time: the free frames are gathered again, in ascending
 * pfn order, into the structure @policy keeps them in, O(frames).  Frames
 * held stay where they are.
 */
void hwmem_phys_set_policy(struct hwmem_phys *phys,
			   enum hwmem_phys_policy policy)
{
	u32 idx, prev = HWMEM_PHYS_NIL;

	if ((unsigned int)policy >= HWMEM_PHYS_NR_POLICIES)
		return;
	spin_lock(&phys->lock);
	phys->policy = policy;
	hwmem_hbitmap_init(&phys->free_bm, phys->nr_frames,
			   phys->free_bm.level[0]);
	phys->free_head = HWMEM_PHYS_NIL;
	for (idx = 0; idx < phys->nr_frames; idx++) {
		struct hwmem_phys_frame *f = &phys->frames[idx];

		if (phys->owners[idx] != HWMEM_OWNER_FREE)
			continue;
		if (policy == HWMEM_PHYS_LOWEST) {
			hwmem_hbitmap_set(&phys->free_bm, idx);
			continue;
		}
		f->prev = prev;
		f->next = HWMEM_PHYS_NIL;
		if (prev != HWMEM_PHYS_NIL)
			phys->frames[prev].next = idx;
		else
			phys->free_head = idx;
		prev = idx;
	}
	phys->free_tail = prev;
	spin_unlock(&phys->lock);
}

static unsigned long frame_pfn(struct hwmem_phys *phys, u32 idx)
{
	const struct hwmem_phys_region *pr =
		&phys->regions[phys->frames[idx].region];

	return pr->r.base_pfn + (idx - pr->first);
}

/* The region that holds @pfn, or NULL: a binary search of the regions. */
static __always_inline const struct hwmem_phys_region *
pfn_region(struct hwmem_phys *phys, unsigned long pfn)
{
	unsigned int lo = 0, hi = phys->nr_regions;
	const struct hwmem_phys_region *pr;

	/* Find the last region whose base is at or below @pfn. */
	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (phys->regions[mid].r.base_pfn <= pfn)
			lo = mid;
		else
			hi = mid;
	}
	pr = &phys->regions[lo];
	if (pfn < pr->r.base_pfn || pfn - pr->r.base_pfn >= pr->r.nr_frames)
		return NULL;
	return pr;
}

/* Where frame @pfn of region @pr is mapped, or NULL. */
static void *region_addr(const struct hwmem_phys_region *pr, unsigned long pfn)
{
	if (!pr || !pr->r.vaddr)
		return NULL;
	return pr->r.vaddr + ((pfn - pr->r.base_pfn) << HWMEM_FRAME_SHIFT);
}

/*
 * Trace frame @pfn taken (or, with -1UL, an allocation that failed) or
 * given back; the address and node are looked up only when tracing.
 */
static __always_inline void trace_frame(bool alloc, struct hwmem_phys *phys,
					unsigned long pfn, enum hwmem_owner owner,
					unsigned long caller)
{
	const struct hwmem_phys_region *pr;

	if (alloc && trace_hwmem_frame_alloc_enabled()) {
		pr = pfn_region(phys, pfn);
		trace_hwmem_frame_alloc(caller, region_addr(pr, pfn), pfn, owner,
					pr ? pr->r.node : NUMA_NO_NODE);
	} else if (!alloc && trace_hwmem_frame_free_enabled()) {
		pr = pfn_region(phys, pfn);
		trace_hwmem_frame_free(caller, region_addr(pr, pfn), pfn, owner,
				       pr ? pr->r.node : NUMA_NO_NODE);
	}
}

/* Index of @pfn, or HWMEM_PHYS_NIL if no region holds it. */
static __always_inline u32 frame_index(struct hwmem_phys *phys, unsigned long pfn)
{
	const struct hwmem_phys_region *pr = pfn_region(phys, pfn);

	return pr ? pr->first + (pfn - pr->r.base_pfn) : HWMEM_PHYS_NIL;
}

/* Take frame @idx off the free list (LIFO and FIFO). */
static __always_inline void frame_unlink(struct hwmem_phys *phys, u32 idx)
{
	struct hwmem_phys_frame *f = &phys->frames[idx];

	lockdep_assert_held(&phys->lock);
	if (f->prev != HWMEM_PHYS_NIL)
		phys->frames[f->prev].next = f->next;
	else
		phys->free_head = f->next;
	if (f->next != HWMEM_PHYS_NIL)
		phys->frames[f->next].prev = f->prev;
	else
		phys->free_tail = f->prev;
}

/* Put frame @idx where the policy wants it among the free frames. */
static __always_inline void free_add(struct hwmem_phys *phys, u32 idx)
{
	struct hwmem_phys_frame *f = &phys->frames[idx];

	lockdep_assert_held(&phys->lock);
	switch (phys->policy) {
	case HWMEM_PHYS_LOWEST:
		hwmem_hbitmap_set(&phys->free_bm, idx);
		break;
	case HWMEM_PHYS_FIFO:
		f->next = HWMEM_PHYS_NIL;
		f->prev = phys->free_tail;
		if (f->prev != HWMEM_PHYS_NIL)
			phys->frames[f->prev].next = idx;
		else
			phys->free_head = idx;
		phys->free_tail = idx;
		break;
	default:
		f->prev = HWMEM_PHYS_NIL;
		f->next = phys->free_head;
		if (f->next != HWMEM_PHYS_NIL)
			phys->frames[f->next].prev = idx;
		else
			phys->free_tail = idx;
		phys->free_head = idx;
		break;
	}
}

/* The free frame the policy hands out next, or HWMEM_PHYS_NIL. */
static __always_inline u32 free_first(struct hwmem_phys *phys)
{
	long idx;

	lockdep_assert_held(&phys->lock);
	if (phys->policy != HWMEM_PHYS_LOWEST)
		return phys->free_head;
	idx = hwmem_hbitmap_first(&phys->free_bm);
	return idx < 0 ? HWMEM_PHYS_NIL : idx;
}

static __always_inline void frame_take(struct hwmem_phys *phys, u32 idx,
				       enum hwmem_owner owner)
{
	struct hwmem_phys_frame *f = &phys->frames[idx];

	lockdep_assert_held(&phys->lock);
	if (phys->policy == HWMEM_PHYS_LOWEST)
		hwmem_hbitmap_clear(&phys->free_bm, idx);
	else
		frame_unlink(phys, idx);
	f->private = 0;
	phys->owners[idx] = owner;
	phys->owned[owner]++;
	phys->counters[HWMEM_PHYS_ALLOCS]++;
}

/* A free only writes the frame's entry, so it never waits for it. */
static __always_inline void frame_put(struct hwmem_phys *phys, u32 idx)
{
	lockdep_assert_held(&phys->lock);
	phys->owned[phys->owners[idx]]--;
	phys->counters[HWMEM_PHYS_FREES]++;
	phys->owners[idx] = HWMEM_OWNER_FREE;
	free_add(phys, idx);
}

/*
 * Free frames: what no owner holds.  Not kept as a count of its own, nor
 * per region, to keep alloc and free to the fewest stores.
 */
static unsigned long phys_nr_free(struct hwmem_phys *phys)
{
	unsigned long held = 0;
	unsigned int o;

	lockdep_assert_held(&phys->lock);
	for (o = HWMEM_OWNER_FREE + 1; o < HWMEM_NR_OWNERS; o++)
		held += phys->owned[o];
	return phys->nr_frames - held;
}

/* Why @owner may not free or touch frame @idx, or 0 if it holds it. */
static int frame_check_free(struct hwmem_phys *phys, u32 idx,
			    enum hwmem_owner owner)
{
	lockdep_assert_held(&phys->lock);
	if (idx == HWMEM_PHYS_NIL || phys->owners[idx] == HWMEM_OWNER_FREE)
		return -EINVAL;
	if (phys->owners[idx] != owner)
		return -EPERM;
	return 0;
}

/* Count and report a refused free of frame @pfn (index @idx) by @owner. */
static void frame_refuse(struct hwmem_phys *phys, unsigned long pfn, u32 idx,
			 enum hwmem_owner owner, unsigned long caller)
{
	lockdep_assert_held(&phys->lock);
	phys->counters[HWMEM_PHYS_FREE_REFUSED]++;
	if (idx == HWMEM_PHYS_NIL)
		hwmem_report("invalid free", caller, "frame pfn %#lx (not hwmem's)",
			     pfn);
	else if (phys->owners[idx] == HWMEM_OWNER_FREE)
		hwmem_report("double free", caller, "frame pfn %#lx by %s", pfn,
			     hwmem_owner_name(owner));
	else
		hwmem_report("wrong-owner free", caller,
			     "frame pfn %#lx (held by %s) by %s", pfn,
			     hwmem_owner_name(phys->owners[idx]),
			     hwmem_owner_name(owner));
}

/**
 * hwmem_phys_alloc() - allocate one frame
 * @phys: the allocator
 * @owner: who will hold the frame (not %HWMEM_OWNER_FREE)
 * @frame: receives the frame
 *
 * Return: 0, -EINVAL for a bad @owner, or -ENOMEM (counted) if no frame is
 * free.
 */
int hwmem_phys_alloc(struct hwmem_phys *phys, enum hwmem_owner owner,
		     struct hwmem_frame *frame)
{
	u32 idx;

	if (!owner_valid(owner))
		return -EINVAL;

	spin_lock(&phys->lock);
	idx = free_first(phys);
	if (idx == HWMEM_PHYS_NIL) {
		phys->counters[HWMEM_PHYS_ALLOC_FAILED]++;
		spin_unlock(&phys->lock);
		trace_frame(true, phys, -1UL, owner, _RET_IP_);
		return -ENOMEM;
	}
	frame_take(phys, idx, owner);
	frame->pfn = frame_pfn(phys, idx);
	spin_unlock(&phys->lock);
	trace_frame(true, phys, frame->pfn, owner, _RET_IP_);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(hwmem_phys_alloc, HWMEM);

/**
 * hwmem_phys_alloc_bulk() - allocate several frames, all or none
 * @phys: the allocator
 * @count: number of frames, at least 1
 * @owner: who will hold the frames (not %HWMEM_OWNER_FREE)
 * @frames: receives @count frames, not necessarily contiguous
 *
 * Return: 0, -EINVAL for a zero @count or a bad @owner, or -ENOMEM (counted
 * once, nothing allocated) if fewer than @count frames are free.
 */
int hwmem_phys_alloc_bulk(struct hwmem_phys *phys, unsigned long count,
			  enum hwmem_owner owner, struct hwmem_frame *frames)
{
	unsigned long i;

	if (!count || !owner_valid(owner))
		return -EINVAL;

	spin_lock(&phys->lock);
	if (phys_nr_free(phys) < count) {
		phys->counters[HWMEM_PHYS_ALLOC_FAILED]++;
		spin_unlock(&phys->lock);
		trace_frame(true, phys, -1UL, owner, _RET_IP_);
		return -ENOMEM;
	}
	for (i = 0; i < count; i++) {
		u32 idx = free_first(phys);

		frame_take(phys, idx, owner);
		frames[i].pfn = frame_pfn(phys, idx);
		trace_frame(true, phys, frames[i].pfn, owner, _RET_IP_);
	}
	spin_unlock(&phys->lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(hwmem_phys_alloc_bulk, HWMEM);

/**
 * hwmem_phys_alloc_contig() - allocate physically contiguous frames
 * @phys: the allocator
 * @count: number of frames, at least 1
 * @owner: who will hold the frames (not %HWMEM_OWNER_FREE)
 * @first: receives the first frame of the run
 *
 * Next fit: takes the first run of @count free frames inside one region
 * from where the previous run ended, wrapping around to the lowest frame.
 * This scans owner bytes, O(frames) at worst; starting where the last run
 * ended keeps repeated small runs (slabs) from rescanning what they took.
 *
 * Return: 0, -EINVAL for a zero @count or a bad @owner, or -ENOMEM (counted)
 * if no region has such a run.
 */
int hwmem_phys_alloc_contig(struct hwmem_phys *phys, unsigned long count,
			    enum hwmem_owner owner, struct hwmem_frame *first)
{
	unsigned long n, run = 0;
	u32 idx, start;

	if (!count || !owner_valid(owner))
		return -EINVAL;

	spin_lock(&phys->lock);
	idx = phys->contig_next;
	for (n = 0; n < phys->nr_frames; n++, idx++) {
		if (idx == phys->nr_frames) {
			idx = 0;
			run = 0;
		}
		/* Runs end at region boundaries. */
		if (run && phys->frames[idx].region != phys->frames[idx - 1].region)
			run = 0;
		if (phys->owners[idx] != HWMEM_OWNER_FREE) {
			run = 0;
			continue;
		}
		if (++run < count)
			continue;

		start = idx + 1 - count;
		first->pfn = frame_pfn(phys, start);
		for (idx = start; idx < start + count; idx++) {
			frame_take(phys, idx, owner);
			trace_frame(true, phys, first->pfn + idx - start, owner,
				    _RET_IP_);
		}
		phys->contig_next = idx < phys->nr_frames ? idx : 0;
		spin_unlock(&phys->lock);
		return 0;
	}
	phys->counters[HWMEM_PHYS_ALLOC_FAILED]++;
	spin_unlock(&phys->lock);
	trace_frame(true, phys, -1UL, owner, _RET_IP_);
	return -ENOMEM;
}
EXPORT_SYMBOL_NS_GPL(hwmem_phys_alloc_contig, HWMEM);

/**
 * hwmem_phys_free() - free one frame
 * @phys: the allocator
 * @frame: the frame
 * @owner: who holds it
 *
 * Return: 0; -EINVAL if @frame is not managed by @phys or already free;
 * -EPERM if another owner holds it.  A refused free is counted and changes
 * nothing else.
 */
int hwmem_phys_free(struct hwmem_phys *phys, struct hwmem_frame frame,
		    enum hwmem_owner owner)
{
	u32 idx;
	int err;

	spin_lock(&phys->lock);
	idx = frame_index(phys, frame.pfn);
	err = frame_check_free(phys, idx, owner);
	if (err)
		frame_refuse(phys, frame.pfn, idx, owner, _RET_IP_);
	else
		frame_put(phys, idx);
	spin_unlock(&phys->lock);
	if (!err)
		trace_frame(false, phys, frame.pfn, owner, _RET_IP_);
	return err;
}
EXPORT_SYMBOL_NS_GPL(hwmem_phys_free, HWMEM);

/**
 * hwmem_phys_free_contig() - free a run of contiguous frames, all or none
 * @phys: the allocator
 * @first: first frame of the run
 * @count: number of frames
 * @owner: who holds them
 *
 * Return: 0; -EINVAL if @count is zero, the run leaves its region, or a
 * frame in it is already free; -EPERM if another owner holds one of them.
 * A refused free is counted once and frees nothing.
 */
int hwmem_phys_free_contig(struct hwmem_phys *phys, struct hwmem_frame first,
			   unsigned long count, enum hwmem_owner owner)
{
	unsigned long last;
	u32 idx, i = 0;
	int err = 0;

	spin_lock(&phys->lock);
	idx = frame_index(phys, first.pfn);
	if (!count || idx == HWMEM_PHYS_NIL ||
	    check_add_overflow(first.pfn, count - 1, &last) ||
	    frame_index(phys, last) != idx + count - 1 ||
	    phys->frames[idx + count - 1].region != phys->frames[idx].region)
		err = -EINVAL;
	for (; !err && i < count; i++)
		err = frame_check_free(phys, idx + i, owner);
	if (err) {
		/* The run itself is bad, or the frame that failed the check. */
		if (i) {
			frame_refuse(phys, first.pfn + i - 1, idx + i - 1, owner,
				     _RET_IP_);
		} else {
			phys->counters[HWMEM_PHYS_FREE_REFUSED]++;
			hwmem_report("invalid free", _RET_IP_,
				     "run of %lu frames at pfn %#lx (not in one region of hwmem's)",
				     count, first.pfn);
		}
	} else {
		/* Last frame first, so the run is handed out in order again. */
		for (i = count; i-- > 0;) {
			frame_put(phys, idx + i);
			trace_frame(false, phys, first.pfn + i, owner, _RET_IP_);
		}
	}
	spin_unlock(&phys->lock);
	return err;
}
EXPORT_SYMBOL_NS_GPL(hwmem_phys_free_contig, HWMEM);

/**
 * hwmem_phys_frame_addr() - kernel address of a frame
 * @phys: the allocator
 * @frame: the frame
 *
 * Return: the address through which the frame's region is mapped, or NULL
 * if @phys does not manage @frame.
 */
void *hwmem_phys_frame_addr(struct hwmem_phys *phys, struct hwmem_frame frame)
{
	return region_addr(pfn_region(phys, frame.pfn), frame.pfn);
}
EXPORT_SYMBOL_NS_GPL(hwmem_phys_frame_addr, HWMEM);

/* Index of the frame at kernel address @addr, or HWMEM_PHYS_NIL. */
static u32 addr_index(struct hwmem_phys *phys, unsigned long addr)
{
	unsigned int i;

	if (phys->linear)
		return frame_index(phys, (addr - phys->linear_offset) >>
					 HWMEM_FRAME_SHIFT);
	for (i = 0; i < phys->nr_regions; i++) {
		const struct hwmem_phys_region *pr = &phys->regions[i];
		unsigned long off = addr - (unsigned long)pr->r.vaddr;

		if (pr->r.vaddr && off >> HWMEM_FRAME_SHIFT < pr->r.nr_frames)
			return pr->first + (off >> HWMEM_FRAME_SHIFT);
	}
	return HWMEM_PHYS_NIL;
}

/**
 * hwmem_phys_set_private() - store the owner's word of a held frame
 * @phys: the allocator
 * @frame: the frame
 * @owner: who holds it
 * @value: the word; it reads 0 until set, and is lost when the frame is
 *	freed
 *
 * Return: 0, -EINVAL if @phys does not manage @frame or it is free, or
 * -EPERM if @owner does not hold it.
 */
int hwmem_phys_set_private(struct hwmem_phys *phys, struct hwmem_frame frame,
			   enum hwmem_owner owner, u32 value)
{
	u32 idx = frame_index(phys, frame.pfn);
	int ret;

	spin_lock(&phys->lock);
	ret = frame_check_free(phys, idx, owner);
	if (!ret)
		phys->frames[idx].private = value;
	spin_unlock(&phys->lock);
	return ret;
}

/**
 * hwmem_phys_find() - the held frame a kernel address falls in
 * @phys: the allocator
 * @addr: any address, trusted or not: it is never dereferenced
 * @owner: who must hold the frame
 * @frame: receives the frame; may be NULL
 * @private: receives its owner's word; may be NULL
 *
 * O(log regions) when every region is mapped at one offset from its pfns
 * (hwmem_phys_linear()), O(regions) otherwise.
 *
 * Return: 0, -EINVAL if @addr is in no frame of @phys or in a free one, or
 * -EPERM if @owner does not hold that frame.
 */
int hwmem_phys_find(struct hwmem_phys *phys, const void *addr,
		    enum hwmem_owner owner, struct hwmem_frame *frame,
		    u32 *private)
{
	u32 idx = addr_index(phys, (unsigned long)addr);
	int ret;

	spin_lock(&phys->lock);
	ret = frame_check_free(phys, idx, owner);
	if (!ret && private)
		*private = phys->frames[idx].private;
	spin_unlock(&phys->lock);
	if (!ret && frame)
		frame->pfn = frame_pfn(phys, idx);
	return ret;
}

/**
 * hwmem_phys_owner() - who holds a frame
 * @phys: the allocator
 * @frame: the frame
 *
 * Return: the frame's owner, %HWMEM_OWNER_FREE for a free frame, or
 * %HWMEM_NR_OWNERS if @phys does not manage @frame.
 */
enum hwmem_owner hwmem_phys_owner(struct hwmem_phys *phys,
				  struct hwmem_frame frame)
{
	u32 idx = frame_index(phys, frame.pfn);

	if (idx == HWMEM_PHYS_NIL)
		return HWMEM_NR_OWNERS;
	return READ_ONCE(phys->owners[idx]);
}

/**
 * hwmem_phys_region() - describe one region
 * @phys: the allocator
 * @index: region index, from 0 in ascending pfn order
 * @region: receives the region
 * @nr_free: receives its number of free frames, counted from the owner
 *	bytes in O(frames of the region); may be NULL
 *
 * Return: 0, or -EINVAL if @index is out of range.
 */
int hwmem_phys_region(struct hwmem_phys *phys, unsigned int index,
		      struct hwmem_region *region, unsigned long *nr_free)
{
	const struct hwmem_phys_region *pr;
	unsigned long i;

	if (index >= phys->nr_regions)
		return -EINVAL;
	pr = &phys->regions[index];
	*region = pr->r;
	if (nr_free) {
		*nr_free = 0;
		spin_lock(&phys->lock);
		for (i = 0; i < pr->r.nr_frames; i++)
			*nr_free += phys->owners[pr->first + i] == HWMEM_OWNER_FREE;
		spin_unlock(&phys->lock);
	}
	return 0;
}

/**
 * hwmem_phys_owners() - read the owners of a run of frames in one region
 * @phys: the allocator
 * @region: region index
 * @offset: first frame, counted from the start of the region
 * @owners: receives one &enum hwmem_owner per frame
 * @count: size of @owners
 *
 * Return: the number of owners stored, fewer than @count at the end of the
 * region and 0 past it.
 */
unsigned int hwmem_phys_owners(struct hwmem_phys *phys, unsigned int region,
			       unsigned long offset, u8 *owners,
			       unsigned int count)
{
	const struct hwmem_phys_region *pr;
	unsigned int i;

	if (region >= phys->nr_regions)
		return 0;
	pr = &phys->regions[region];
	if (offset >= pr->r.nr_frames)
		return 0;
	count = min_t(unsigned long, count, pr->r.nr_frames - offset);

	spin_lock(&phys->lock);
	for (i = 0; i < count; i++)
		owners[i] = phys->owners[pr->first + offset + i];
	spin_unlock(&phys->lock);
	return count;
}

/**
 * hwmem_phys_get_stats() - take a consistent snapshot of the counters
 * @phys: the allocator
 * @stats: receives the snapshot
 */
void hwmem_phys_get_stats(struct hwmem_phys *phys,
			  struct hwmem_phys_stats *stats)
{
	spin_lock(&phys->lock);
	stats->nr_frames = phys->nr_frames;
	stats->nr_regions = phys->nr_regions;
	stats->policy = phys->policy;
	memcpy(stats->owned, phys->owned, sizeof(stats->owned));
	stats->owned[HWMEM_OWNER_FREE] = phys_nr_free(phys);
	memcpy(stats->counters, phys->counters, sizeof(stats->counters));
	spin_unlock(&phys->lock);
}
EXPORT_SYMBOL_NS_GPL(hwmem_phys_get_stats, HWMEM);

#include "../../kunit/phys/phys-kunit.h"
