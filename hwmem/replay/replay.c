// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem replay: a kernel allocation trace, played through fresh allocators
 *
 * A run sets up its own frame allocator with made-up pfns (as KUnit's
 * fixture does: the frame allocator never needs real page frames), carves
 * a buddy allocator's buffer from it, and creates a slab allocator on the
 * rest.  Only the slab's frames are memory (vmalloc'd): the buddy never
 * touches its blocks, so its region is addresses alone.  Then records
 * come, in pieces of any size (the header first), and each is played at
 * once:
 *
 *  - a page allocation of order n: a buddy block of order n, remembered
 *    under the trace's pfn; a page free frees what that pfn got;
 *  - a kmalloc of bytes_alloc b: an object of the kernel's size class
 *    (kmalloc-8 ... kmalloc-8k; b is the class already), remembered under
 *    the trace's pointer; a kmem_cache_alloc of b: an object of a cache of
 *    objects of b bytes (rounded up to 8), one cache a size, as long as
 *    there are cache slots (then the smallest larger cache, as SLUB merges
 *    caches); kfree and kmem_cache_free free what the pointer got.
 *
 * The trace's ids map to hwmem's pointers in two open-addressing tables
 * (pages, objects) that grow as needed.  Every record is either replayed
 * or skipped for one counted reason (replay.h), so that replayed +
 * skipped = records.  Allocations hwmem cannot satisfy are counted and
 * the run goes on.  Every cfg.every records the timeline gets a sample.
 *
 * A run ends by finish (every record came), cancel, or a bad stream.
 * Either way the last sample is taken, the end state of the frame and
 * buddy allocators is drawn into maps, and every bit of memory the run
 * took is returned; the counters, samples and maps stay until the next
 * start.  A bad stream fails with a precise errno and nothing else:
 * -EINVAL for a wrong magic, -EPROTONOSUPPORT for a version, header size
 * or record size this code does not know, -EBADMSG for a record that
 * breaks the format (an unknown type, a reserved field set, an order or a
 * size out of range, more records than the header said), -ENODATA at
 * finish for a stream that stopped short (fewer records, or half of one).
 *
 * Runs are deterministic: the same stream under the same policies gives
 * the same timeline, whatever addresses vmalloc hands out.
 *
 * Locking: r->lock, a mutex, serializes everything a replay does and is
 * the outermost of hwmem's locks; the run's allocators take their own
 * inside it.  Feeding may sleep (the tables grow).
 */

#include <linux/hash.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <hwmem/replay.h>

/* kmalloc's size classes, as the kernel names its caches. */
static const unsigned int kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};

static const char *const kmalloc_names[] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96",
	"kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512",
	"kmalloc-1k", "kmalloc-2k", "kmalloc-4k", "kmalloc-8k",
};

#define NR_KMALLOC		ARRAY_SIZE(kmalloc_sizes)
#define KMALLOC_MAX		8192
/* Object caches by size: one slot per 8 bytes up to the largest object. */
#define OBJ_STEP		8
#define OBJ_MAX			16368
#define NR_OBJ_SIZES		(OBJ_MAX / OBJ_STEP + 1)
/* What a table entry's cache says when it holds no object of hwmem's. */
#define AUX_LARGE		0xfd
#define AUX_UNSUPPORTED		0xfe
#define AUX_FAILED		0xff
/* The smallest table, and the key that marks an empty slot. */
#define TABLE_MIN_BITS		10
#define TABLE_EMPTY		U64_MAX

static_assert(ARRAY_SIZE(kmalloc_names) == NR_KMALLOC);
static_assert(HWMEM_SLAB_MAX_CACHES < AUX_LARGE);

HWMEM_COUNTER_NAMES(hwmem_replay_counter_names, HWMEM_REPLAY_NR_COUNTERS,
		    [HWMEM_REPLAY_REPLAYED] = "replayed",
		    [HWMEM_REPLAY_SKIPPED_KERNEL_FAILED] = "skipped_kernel_failed",
		    [HWMEM_REPLAY_SKIPPED_NULL] = "skipped_null",
		    [HWMEM_REPLAY_SKIPPED_UNTRACKED] = "skipped_untracked",
		    [HWMEM_REPLAY_SKIPPED_LARGE] = "skipped_large",
		    [HWMEM_REPLAY_SKIPPED_UNSUPPORTED] = "skipped_unsupported",
		    [HWMEM_REPLAY_SKIPPED_AFTER_FAILURE] = "skipped_after_failure",
		    [HWMEM_REPLAY_SKIPPED_DUPLICATE] = "skipped_duplicate",
		    [HWMEM_REPLAY_PAGE_FAILURES] = "page_failures",
		    [HWMEM_REPLAY_OBJECT_FAILURES] = "object_failures");

const char *const hwmem_replay_state_names[] = {
	[HWMEM_REPLAY_STATE_IDLE]	= "idle",
	[HWMEM_REPLAY_STATE_LOADING]	= "loading",
	[HWMEM_REPLAY_STATE_DONE]	= "done",
	[HWMEM_REPLAY_STATE_FAILED]	= "failed",
	[HWMEM_REPLAY_STATE_CANCELLED]	= "cancelled",
};

static_assert(ARRAY_SIZE(hwmem_replay_state_names) == HWMEM_REPLAY_STATE_NR);

/**
 * struct replay_entry - a trace id hwmem holds something for
 * @key: the trace's pfn or pointer; %TABLE_EMPTY for a free slot
 * @ptr: what hwmem gave for it, or NULL
 * @aux: objects: the cache slot, or AUX_*; pages: the order
 */
struct replay_entry {
	u64 key;
	void *ptr;
	u32 aux;
};

/**
 * struct replay_table - trace ids to hwmem's allocations
 * @slots: 1 << @bits entries
 * @bits: log2 of the slots
 * @count: entries in use
 */
struct replay_table {
	struct replay_entry *slots;
	unsigned int bits;
	unsigned long count;
};

/**
 * struct hwmem_replay_run - what a run holds while it loads
 * @arena: the memory behind its frames
 * @phys: its frame allocator, over @arena
 * @phys_meta: @phys's metadata
 * @buddy_first: the first frame of the buddy's buffer
 * @buddy: its buddy allocator
 * @buddy_meta: @buddy's metadata
 * @slab: its slab allocator
 * @kmalloc: the kmalloc caches, by size class
 * @obj_cache: a cache slot for each object size / OBJ_STEP, or -1
 * @caches: every cache, by slot
 * @nr_caches: caches created
 * @pages: trace pfns to buddy blocks
 * @objects: trace pointers to objects
 * @partial: bytes of a record (or of the header) still to complete
 * @nr_partial: how many
 * @received: records taken
 * @pages_in_use: pages the buddy has handed out for the trace
 */
struct hwmem_replay_run {
	void *arena;
	struct hwmem_phys phys;
	void *phys_meta;
	struct hwmem_frame buddy_first;
	struct hwmem_buddy buddy;
	void *buddy_meta;
	struct hwmem_slab slab;
	unsigned int kmalloc[NR_KMALLOC];
	s8 obj_cache[NR_OBJ_SIZES];
	struct hwmem_slab_cache *caches[HWMEM_SLAB_MAX_CACHES];
	unsigned int nr_caches;
	struct replay_table pages;
	struct replay_table objects;
	u8 partial[sizeof(struct hwmem_replay_header)];
	unsigned int nr_partial;
	u64 received;
	u64 pages_in_use;
};

/* --- the tables --- */

static int table_init(struct replay_table *t, unsigned int bits)
{
	unsigned long i;

	t->slots = kvmalloc_array(1UL << bits, sizeof(*t->slots),
				  GFP_KERNEL | __GFP_NOWARN);
	if (!t->slots)
		return -ENOMEM;
	for (i = 0; i < 1UL << bits; i++)
		t->slots[i].key = TABLE_EMPTY;
	t->bits = bits;
	t->count = 0;
	return 0;
}

static struct replay_entry *table_find(struct replay_table *t, u64 key)
{
	unsigned long mask = (1UL << t->bits) - 1, i = hash_64(key, t->bits);

	for (;; i = (i + 1) & mask) {
		struct replay_entry *e = &t->slots[i];

		if (e->key == key)
			return e;
		if (e->key == TABLE_EMPTY)
			return NULL;
	}
}

/* Put @key in (it must not be there): a table never gets over 3/4 full. */
static int table_insert(struct replay_table *t, u64 key, void *ptr, u32 aux)
{
	unsigned long mask, i;

	if ((t->count + 1) * 4 > 3UL << t->bits) {
		struct replay_table bigger;
		unsigned long j;
		int err = table_init(&bigger, t->bits + 1);

		if (err)
			return err;
		for (j = 0; j < 1UL << t->bits; j++)
			if (t->slots[j].key != TABLE_EMPTY)
				table_insert(&bigger, t->slots[j].key,
					     t->slots[j].ptr, t->slots[j].aux);
		kvfree(t->slots);
		*t = bigger;
	}
	mask = (1UL << t->bits) - 1;
	for (i = hash_64(key, t->bits); t->slots[i].key != TABLE_EMPTY;
	     i = (i + 1) & mask)
		;
	t->slots[i] = (struct replay_entry){ .key = key, .ptr = ptr, .aux = aux };
	t->count++;
	return 0;
}

/* Take @e out, moving back what it kept from its home slot (no tombstones). */
static void table_remove(struct replay_table *t, struct replay_entry *e)
{
	unsigned long mask = (1UL << t->bits) - 1;
	unsigned long hole = e - t->slots, i = hole;

	for (;;) {
		unsigned long home;

		i = (i + 1) & mask;
		if (t->slots[i].key == TABLE_EMPTY)
			break;
		home = hash_64(t->slots[i].key, t->bits);
		/* Move it back unless its home lies in (hole, i]. */
		if (((i - home) & mask) >= ((i - hole) & mask)) {
			t->slots[hole] = t->slots[i];
			hole = i;
		}
	}
	t->slots[hole].key = TABLE_EMPTY;
	t->count--;
}

/* --- setting up and taking down --- */

static int run_cache(struct hwmem_replay_run *run, const char *name,
		     unsigned int size, unsigned int *slot)
{
	int err = hwmem_slab_cache_create(&run->slab, name, size, OBJ_STEP,
					  &run->caches[run->nr_caches]);

	if (!err)
		*slot = run->nr_caches++;
	return err;
}

static void run_free(struct hwmem_replay_run *run)
{
	if (!run)
		return;
	hwmem_slab_destroy(&run->slab);
	kvfree(run->pages.slots);
	kvfree(run->objects.slots);
	kvfree(run->buddy_meta);
	kvfree(run->phys_meta);
	kvfree(run->arena);
	kvfree(run);
}

static int run_setup(struct hwmem_replay_run *run,
		     const struct hwmem_replay_config *cfg)
{
	unsigned long slab_frames = cfg->frames - cfg->buddy_frames;
	size_t size, bytes = cfg->buddy_frames * HWMEM_FRAME_SIZE;
	struct hwmem_region regions[2] = {
		{ .nr_frames = cfg->buddy_frames },
		{ .base_pfn = cfg->buddy_frames, .nr_frames = slab_frames },
	};
	unsigned int i;
	int err;

	/*
	 * Only slabs touch their frames (their headers live in them), so only
	 * the slab region is memory.  The buddy's region, the pfns below it,
	 * gets the addresses just below the arena, which nothing dereferences
	 * (the run's buddy does not poison), so that a replay of a big machine
	 * needs only as much memory as its slabs.
	 */
	run->arena = kvmalloc(slab_frames * HWMEM_FRAME_SIZE,
			      GFP_KERNEL | __GFP_NOWARN);
	if (!run->arena)
		return -ENOMEM;
	regions[0].vaddr = (void *)((unsigned long)run->arena - bytes);
	regions[1].vaddr = run->arena;
	size = hwmem_phys_meta_size(ARRAY_SIZE(regions), cfg->frames);
	run->phys_meta = kvzalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!run->phys_meta)
		return -ENOMEM;
	err = hwmem_phys_init(&run->phys, regions, ARRAY_SIZE(regions),
			      run->phys_meta, size);
	if (err)
		return err;

	/*
	 * The buddy's buffer first, before the policy is set: next fit from
	 * the lowest frame on a fresh allocator takes exactly region 0.
	 */
	err = hwmem_phys_alloc_contig(&run->phys, cfg->buddy_frames,
				      HWMEM_OWNER_BUDDY, &run->buddy_first);
	if (err)
		return err;
	if (run->buddy_first.pfn)
		return -EIO;
	hwmem_phys_set_policy(&run->phys, cfg->phys_policy);
	size = hwmem_buddy_meta_size(bytes, HWMEM_FRAME_SHIFT);
	run->buddy_meta = kvzalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!run->buddy_meta)
		return -ENOMEM;
	err = hwmem_buddy_init(&run->buddy,
			       hwmem_phys_frame_addr(&run->phys, run->buddy_first),
			       bytes, HWMEM_FRAME_SHIFT, false, run->buddy_meta,
			       size);
	if (err)
		return err;
	if (cfg->buddy_policy == HWMEM_BUDDY_HOT)
		hwmem_buddy_set_hot(&run->buddy, cfg->buddy_hot);
	else
		hwmem_buddy_set_policy(&run->buddy, cfg->buddy_policy);

	hwmem_slab_init(&run->slab, &run->phys, false);
	hwmem_slab_set_policy(&run->slab, cfg->slab_policy);
	for (i = 0; i < NR_KMALLOC; i++) {
		err = run_cache(run, kmalloc_names[i], kmalloc_sizes[i],
				&run->kmalloc[i]);
		if (err)
			return err;
	}
	memset(run->obj_cache, -1, sizeof(run->obj_cache));

	err = table_init(&run->pages, TABLE_MIN_BITS);
	if (!err)
		err = table_init(&run->objects, TABLE_MIN_BITS);
	return err;
}

/* --- the timeline --- */

static void take_sample(struct hwmem_replay *r)
{
	struct hwmem_replay_run *run = r->run;
	struct hwmem_replay_sample *s;
	struct hwmem_buddy_stats bst;
	struct hwmem_slab_totals st;
	unsigned int o;

	if (r->nr_samples == r->max_samples)
		return;
	s = &r->samples[r->nr_samples++];
	hwmem_buddy_get_stats(&run->buddy, &bst);
	hwmem_slab_get_totals(&run->slab, &st);
	s->records = run->received;
	s->pages_in_use = (bst.capacity - bst.free_bytes) >> HWMEM_FRAME_SHIFT;
	s->slab_frames = st.frames;
	s->slab_objects = st.inuse;
	s->slab_slots = st.slots;
	s->slab_bytes = st.bytes_inuse;
	s->failures = r->counters[HWMEM_REPLAY_PAGE_FAILURES] +
		      r->counters[HWMEM_REPLAY_OBJECT_FAILURES];
	s->skipped = run->received - r->counters[HWMEM_REPLAY_REPLAYED];
	for (o = 0; o <= bst.max_order; o++)
		s->nr_free[o] = bst.nr_free[o];
}

/* The peaks, kept as they happen: samples may miss them. */
static void note_peaks(struct hwmem_replay *r)
{
	struct hwmem_replay_run *run = r->run;
	u64 slab = hwmem_phys_owned(&run->phys, HWMEM_OWNER_SLAB);

	r->peak_pages = max(r->peak_pages, run->pages_in_use);
	r->peak_slab_frames = max(r->peak_slab_frames, slab);
	r->peak_frames = max(r->peak_frames, run->pages_in_use + slab);
}

/* --- playing records --- */

static void play_page_alloc(struct hwmem_replay *r, unsigned int order, u64 pfn)
{
	struct hwmem_replay_run *run = r->run;
	void *block = NULL;

	if (pfn == HWMEM_REPLAY_FAILED) {
		r->counters[HWMEM_REPLAY_SKIPPED_KERNEL_FAILED]++;
		return;
	}
	if (table_find(&run->pages, pfn)) {
		r->counters[HWMEM_REPLAY_SKIPPED_DUPLICATE]++;
		return;
	}
	r->counters[HWMEM_REPLAY_REPLAYED]++;
	if (hwmem_buddy_alloc(&run->buddy, order, &block))
		r->counters[HWMEM_REPLAY_PAGE_FAILURES]++;
	/* A failed one is remembered too, so that its free is counted right. */
	if (table_insert(&run->pages, pfn, block, order) && block) {
		hwmem_buddy_free(&run->buddy, block);
		r->counters[HWMEM_REPLAY_PAGE_FAILURES]++;
		block = NULL;
	}
	if (block) {
		run->pages_in_use += 1UL << order;
		note_peaks(r);
	}
}

static void play_page_free(struct hwmem_replay *r, u64 pfn)
{
	struct hwmem_replay_run *run = r->run;
	struct replay_entry *e = table_find(&run->pages, pfn);

	if (!e) {
		r->counters[HWMEM_REPLAY_SKIPPED_UNTRACKED]++;
		return;
	}
	if (e->ptr) {
		r->counters[HWMEM_REPLAY_REPLAYED]++;
		hwmem_buddy_free(&run->buddy, e->ptr);
		run->pages_in_use -= 1UL << e->aux;
	} else {
		r->counters[HWMEM_REPLAY_SKIPPED_AFTER_FAILURE]++;
	}
	table_remove(&run->pages, e);
}

/* The cache slot for a kmalloc of @bytes: its size class. */
static unsigned int kmalloc_slot(struct hwmem_replay_run *run, u32 bytes)
{
	unsigned int i;

	for (i = 0; kmalloc_sizes[i] < bytes; i++)
		;
	return run->kmalloc[i];
}

/* The cache slot for kmem_cache objects of @bytes, made on first use. */
static int object_slot(struct hwmem_replay_run *run, u32 bytes)
{
	unsigned int size = ALIGN(bytes, OBJ_STEP), i = size / OBJ_STEP, slot;
	char name[HWMEM_SLAB_NAME_LEN];

	if (run->obj_cache[i] >= 0)
		return run->obj_cache[i];
	snprintf(name, sizeof(name), "obj-%u", size);
	if (run->nr_caches < HWMEM_SLAB_MAX_CACHES &&
	    !run_cache(run, name, size, &slot)) {
		run->obj_cache[i] = slot;
		return slot;
	}
	/* No slot left: merge into the smallest larger cache there is. */
	for (; i < NR_OBJ_SIZES; i++)
		if (run->obj_cache[i] >= 0)
			return run->obj_cache[i];
	return -ENOSPC;
}

static void play_object_alloc(struct hwmem_replay *r, u32 bytes, u64 ptr,
			      bool kmalloc)
{
	struct hwmem_replay_run *run = r->run;
	u32 aux = AUX_FAILED;
	void *obj = NULL;
	int slot;

	if (!ptr) {
		r->counters[HWMEM_REPLAY_SKIPPED_KERNEL_FAILED]++;
		return;
	}
	if (table_find(&run->objects, ptr)) {
		r->counters[HWMEM_REPLAY_SKIPPED_DUPLICATE]++;
		return;
	}
	if (kmalloc && bytes > KMALLOC_MAX) {
		aux = AUX_LARGE;
		r->counters[HWMEM_REPLAY_SKIPPED_LARGE]++;
	} else {
		slot = bytes > OBJ_MAX ? -EINVAL :
		       kmalloc ? kmalloc_slot(run, bytes) : object_slot(run, bytes);
		if (slot < 0) {
			aux = AUX_UNSUPPORTED;
			r->counters[HWMEM_REPLAY_SKIPPED_UNSUPPORTED]++;
		} else {
			r->counters[HWMEM_REPLAY_REPLAYED]++;
			if (hwmem_slab_alloc(run->caches[slot], &obj))
				r->counters[HWMEM_REPLAY_OBJECT_FAILURES]++;
			else
				aux = slot;
		}
	}
	if (table_insert(&run->objects, ptr, obj, aux) && obj) {
		hwmem_slab_free(run->caches[aux], obj);
		r->counters[HWMEM_REPLAY_OBJECT_FAILURES]++;
		obj = NULL;
	}
	if (obj)
		note_peaks(r);
}

static void play_object_free(struct hwmem_replay *r, u64 ptr)
{
	struct hwmem_replay_run *run = r->run;
	struct replay_entry *e;

	/* kfree(NULL), and kfree(ZERO_SIZE_PTR) of a zero-byte kmalloc. */
	if (ptr <= 16) {
		r->counters[HWMEM_REPLAY_SKIPPED_NULL]++;
		return;
	}
	e = table_find(&run->objects, ptr);
	if (!e) {
		r->counters[HWMEM_REPLAY_SKIPPED_UNTRACKED]++;
		return;
	}
	switch (e->aux) {
	case AUX_LARGE:
		r->counters[HWMEM_REPLAY_SKIPPED_LARGE]++;
		break;
	case AUX_UNSUPPORTED:
		r->counters[HWMEM_REPLAY_SKIPPED_UNSUPPORTED]++;
		break;
	case AUX_FAILED:
		r->counters[HWMEM_REPLAY_SKIPPED_AFTER_FAILURE]++;
		break;
	default:
		r->counters[HWMEM_REPLAY_REPLAYED]++;
		hwmem_slab_free(run->caches[e->aux], e->ptr);
		break;
	}
	table_remove(&run->objects, e);
}

/* Check one record and play it: 0, or -EBADMSG for a malformed one. */
static int play(struct hwmem_replay *r, const struct hwmem_replay_record *rec)
{
	u32 bytes = le32_to_cpu(rec->bytes);
	u64 id = le64_to_cpu(rec->id);
	u16 reserved = le16_to_cpu(rec->reserved);
	bool page = rec->type == HWMEM_REPLAY_PAGE_ALLOC ||
		    rec->type == HWMEM_REPLAY_PAGE_FREE;
	bool alloc = rec->type == HWMEM_REPLAY_KMALLOC ||
		     rec->type == HWMEM_REPLAY_CACHE_ALLOC;

	lockdep_assert_held(&r->lock);
	if (!rec->type || rec->type >= HWMEM_REPLAY_NR_TYPES || reserved ||
	    (page && rec->order > HWMEM_REPLAY_MAX_ORDER) ||
	    (!page && rec->order) ||
	    (alloc && (!bytes || bytes > HWMEM_REPLAY_MAX_BYTES)) ||
	    (!alloc && bytes))
		return -EBADMSG;

	switch (rec->type) {
	case HWMEM_REPLAY_PAGE_ALLOC:
		play_page_alloc(r, rec->order, id);
		break;
	case HWMEM_REPLAY_PAGE_FREE:
		play_page_free(r, id);
		break;
	case HWMEM_REPLAY_KMALLOC:
	case HWMEM_REPLAY_CACHE_ALLOC:
		play_object_alloc(r, bytes, id, rec->type == HWMEM_REPLAY_KMALLOC);
		break;
	default:
		play_object_free(r, id);
		break;
	}
	if (++r->run->received % r->cfg.every == 0)
		take_sample(r);
	return 0;
}

/* --- the stream --- */

static int check_header(struct hwmem_replay *r, const void *buf)
{
	const struct hwmem_replay_header *h = buf;
	u64 nr = le64_to_cpu(h->nr_records), every;

	lockdep_assert_held(&r->lock);
	if (le64_to_cpu(h->magic) != HWMEM_REPLAY_MAGIC)
		return -EINVAL;
	if (le16_to_cpu(h->version) != HWMEM_REPLAY_VERSION ||
	    le16_to_cpu(h->header_size) != sizeof(*h) ||
	    le16_to_cpu(h->record_size) != sizeof(struct hwmem_replay_record))
		return -EPROTONOSUPPORT;
	if (le16_to_cpu(h->flags) || le64_to_cpu(h->reserved[0]) ||
	    le64_to_cpu(h->reserved[1]))
		return -EBADMSG;
	every = r->cfg.every ?: max_t(u64, div_u64(nr, 1000), 1);
	/*
	 * Room for every sample, the last one at the end included; compared
	 * before adding that one, so that no record count wraps the sum.
	 */
	if (div64_u64(nr, every) >= HWMEM_REPLAY_MAX_SAMPLES)
		return -EINVAL;
	r->samples = kvcalloc(div64_u64(nr, every) + 1, sizeof(*r->samples),
			      GFP_KERNEL | __GFP_NOWARN);
	if (!r->samples)
		return -ENOMEM;
	r->max_samples = div64_u64(nr, every) + 1;
	r->cfg.every = every;
	memcpy(&r->header, h, sizeof(*h));
	r->have_header = true;
	return 0;
}

/* Draw the end state, then give every bit of the run's memory back. */
static void run_end(struct hwmem_replay *r, enum hwmem_replay_state state,
		    int error)
{
	struct hwmem_replay_run *run = r->run;
	unsigned long n, i, j;
	u8 owners[64];

	lockdep_assert_held(&r->lock);
	/* The last sample, unless the timeline ends on one already. */
	if (!r->nr_samples || r->samples[r->nr_samples - 1].records != run->received)
		take_sample(r);
	r->max_order = run->buddy.max_order;
	r->frames_map = kvmalloc(r->cfg.frames, GFP_KERNEL | __GFP_NOWARN);
	r->nr_buddy_blocks = r->cfg.buddy_frames;
	r->buddy_map = kvmalloc(r->nr_buddy_blocks, GFP_KERNEL | __GFP_NOWARN);
	/* The regions follow each other in pfn order: the map is both. */
	for (i = 0; r->frames_map && i < r->cfg.frames; i += n) {
		unsigned int reg = i >= r->cfg.buddy_frames;

		n = hwmem_phys_owners(&run->phys, reg,
				      i - (reg ? r->cfg.buddy_frames : 0),
				      owners, ARRAY_SIZE(owners));
		if (!n)
			break;
		for (j = 0; j < n; j++)
			r->frames_map[i + j] = hwmem_owner_char(owners[j]);
	}
	for (i = 0; r->buddy_map && i < r->nr_buddy_blocks; i += n) {
		n = hwmem_buddy_draw(&run->buddy, i, r->buddy_map + i,
				     r->nr_buddy_blocks - i);
		if (!n)
			break;
	}
	run_free(run);
	r->run = NULL;
	r->state = state;
	r->error = error;
}

static void results_free(struct hwmem_replay *r)
{
	lockdep_assert_held(&r->lock);
	kvfree(r->samples);
	kvfree(r->frames_map);
	kvfree(r->buddy_map);
	r->samples = NULL;
	r->frames_map = NULL;
	r->buddy_map = NULL;
	r->nr_samples = 0;
	r->max_samples = 0;
}

/**
 * hwmem_replay_init() - set up a replay that has never run
 * @r: the replay
 */
void hwmem_replay_init(struct hwmem_replay *r)
{
	memset(r, 0, sizeof(*r));
	mutex_init(&r->lock);
}

/**
 * hwmem_replay_start() - start a run: fresh allocators, no record yet
 * @r: the replay
 * @cfg: how to set it up; copied
 *
 * Once the run is set up, the last run's results go.  May sleep.
 *
 * Return: 0; -EBUSY if a run is loading; -EINVAL for @cfg out of range
 * (no frames, more than %HWMEM_REPLAY_MAX_FRAMES, a buddy buffer of no
 * frames or all of them, a policy out of range); -ENOMEM if the memory
 * for the run cannot be had.  On any error nothing changes: the last
 * run's results stay.
 */
int hwmem_replay_start(struct hwmem_replay *r,
		       const struct hwmem_replay_config *cfg)
{
	struct hwmem_replay_run *run;
	int err;

	if (!cfg->frames || cfg->frames > HWMEM_REPLAY_MAX_FRAMES ||
	    !cfg->buddy_frames || cfg->buddy_frames >= cfg->frames ||
	    cfg->phys_policy >= HWMEM_PHYS_NR_POLICIES ||
	    cfg->buddy_policy >= HWMEM_BUDDY_NR_POLICIES ||
	    cfg->slab_policy >= HWMEM_SLAB_NR_POLICIES)
		return -EINVAL;

	mutex_lock(&r->lock);
	if (r->state == HWMEM_REPLAY_STATE_LOADING) {
		mutex_unlock(&r->lock);
		return -EBUSY;
	}
	/* The new run first: if it cannot be had, the last results stay. */
	run = kvzalloc(sizeof(*run), GFP_KERNEL | __GFP_NOWARN);
	err = run ? run_setup(run, cfg) : -ENOMEM;
	if (err) {
		run_free(run);
		mutex_unlock(&r->lock);
		return err;
	}
	results_free(r);
	memset(r->counters, 0, sizeof(r->counters));
	memset(&r->header, 0, sizeof(r->header));
	r->have_header = false;
	r->peak_pages = 0;
	r->peak_slab_frames = 0;
	r->peak_frames = 0;
	r->cfg = *cfg;
	r->max_order = run->buddy.max_order;
	r->run = run;
	r->state = HWMEM_REPLAY_STATE_LOADING;
	r->error = 0;
	mutex_unlock(&r->lock);
	return 0;
}

/* Take @len bytes into r->run->partial; how many were taken. */
static size_t take_partial(struct hwmem_replay_run *run, const u8 *buf,
			   size_t len, size_t want)
{
	size_t n = min(len, want - run->nr_partial);

	memcpy(run->partial + run->nr_partial, buf, n);
	run->nr_partial += n;
	return n;
}

/**
 * hwmem_replay_feed() - take the next bytes of the stream, and play them
 * @r: the replay
 * @buf: the bytes: the header, records, or parts of them
 * @len: how many
 *
 * Complete records are played at once; a part of one waits for the rest.
 * A bad stream ends the run (its memory is returned, its results so far
 * kept).  May sleep.
 *
 * Return: 0; -ENODEV if no run is loading; -EINVAL for a wrong magic or a
 * timeline that would need more than %HWMEM_REPLAY_MAX_SAMPLES samples;
 * -EPROTONOSUPPORT for a version, header size or record size this code
 * does not know; -EBADMSG for a malformed record or one more than the
 * header said; -ENOMEM.
 */
int hwmem_replay_feed(struct hwmem_replay *r, const void *buf, size_t len)
{
	const size_t rec_size = sizeof(struct hwmem_replay_record);
	struct hwmem_replay_run *run;
	const u8 *p = buf;
	int err = 0;

	mutex_lock(&r->lock);
	run = r->run;
	if (r->state != HWMEM_REPLAY_STATE_LOADING) {
		mutex_unlock(&r->lock);
		return -ENODEV;
	}
	if (!r->have_header) {
		size_t n = take_partial(run, p, len, sizeof(r->header));

		p += n;
		len -= n;
		if (run->nr_partial < sizeof(r->header))
			goto out;
		run->nr_partial = 0;
		err = check_header(r, run->partial);
		if (err)
			goto out;
	}
	if (run->nr_partial && len) {
		size_t n = take_partial(run, p, len, rec_size);

		p += n;
		len -= n;
		if (run->nr_partial < rec_size)
			goto out;
		run->nr_partial = 0;
		err = run->received < le64_to_cpu(r->header.nr_records) ?
		      play(r, (const void *)run->partial) : -EBADMSG;
	}
	for (; !err && len >= rec_size; p += rec_size, len -= rec_size) {
		if (run->received == le64_to_cpu(r->header.nr_records))
			err = -EBADMSG;
		else
			err = play(r, (const void *)p);
	}
	if (!err && len)
		take_partial(run, p, len, rec_size);
out:
	if (err)
		run_end(r, HWMEM_REPLAY_STATE_FAILED, err);
	mutex_unlock(&r->lock);
	return err;
}

/**
 * hwmem_replay_finish() - end a run whose every record came
 * @r: the replay
 *
 * Return: 0 (the run is done, its memory returned, its results kept);
 * -ENODEV if no run is loading; -ENODATA if the stream stopped short:
 * no header, fewer records than it said, or part of one (the run fails,
 * its memory is returned).
 */
int hwmem_replay_finish(struct hwmem_replay *r)
{
	int err = 0;

	mutex_lock(&r->lock);
	if (r->state != HWMEM_REPLAY_STATE_LOADING) {
		err = -ENODEV;
	} else {
		if (!r->have_header || r->run->nr_partial ||
		    r->run->received != le64_to_cpu(r->header.nr_records))
			err = -ENODATA;
		run_end(r, err ? HWMEM_REPLAY_STATE_FAILED :
			HWMEM_REPLAY_STATE_DONE, err);
	}
	mutex_unlock(&r->lock);
	return err;
}

/**
 * hwmem_replay_cancel() - end a run before its end
 * @r: the replay
 *
 * Its memory is returned; its results so far are kept.
 *
 * Return: 0, or -ENODEV if no run is loading.
 */
int hwmem_replay_cancel(struct hwmem_replay *r)
{
	int err = 0;

	mutex_lock(&r->lock);
	if (r->state == HWMEM_REPLAY_STATE_LOADING)
		run_end(r, HWMEM_REPLAY_STATE_CANCELLED, 0);
	else
		err = -ENODEV;
	mutex_unlock(&r->lock);
	return err;
}

/**
 * hwmem_replay_release() - give back everything a replay holds
 * @r: the replay; it may be started again afterwards
 *
 * A run that is loading is cancelled; the results go too.
 */
void hwmem_replay_release(struct hwmem_replay *r)
{
	mutex_lock(&r->lock);
	if (r->state == HWMEM_REPLAY_STATE_LOADING)
		run_end(r, HWMEM_REPLAY_STATE_CANCELLED, 0);
	results_free(r);
	r->state = HWMEM_REPLAY_STATE_IDLE;
	mutex_unlock(&r->lock);
}

#include "../../kunit/replay/replay-kunit.h"
