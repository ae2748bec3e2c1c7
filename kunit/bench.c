// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem benchmarks: hwmem's allocators and walker against the kernel's own,
 * in one run, in the UML kernel the KUnit harness builds (UML runs kernel
 * code natively, with the real page allocator, SLUB and genalloc).
 *
 * Each workload runs hwmem and its anchor with the same loop shape,
 * interleaved: a warm-up, then BENCH_REPS repetitions of each in turn.
 * Each reports the median time per operation over the repetitions and the
 * spread ((max - min) / median) as one line:
 *
 *   hwmem-bench: <workload> hwmem <ns> anchor <ns> ratio <r> spread <h>% <a>% vs <anchor>
 *
 * By default (make test) each workload runs one tiny iteration and the
 * suite checks that every allocator ends as it started; with
 * hwmem_kunit.bench_full=1 on the kernel command line (make bench) it
 * runs for real.
 */

#include <kunit/test.h>
#include <linux/genalloc.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>

#include <hwmem/buddy.h>
#include <hwmem/bump.h>
#include <hwmem/phys.h>
#include <hwmem/slab.h>
#include <hwmem/virt.h>

#include "fixture.h"

static bool bench_full;
module_param(bench_full, bool, 0444);
MODULE_PARM_DESC(bench_full, "Run the benchmarks for real rather than one iteration each");

#define BENCH_REPS	7
#define BENCH_FRAMES	8192

/* One way of doing a workload: @iters operations on @arg. */
typedef void (*bench_fn)(void *arg, unsigned long iters);

static int bench_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Median and spread (per mille of the median) of @n timings. */
static u64 bench_median(u64 *t, unsigned int n, u64 *spread)
{
	u64 med;

	sort(t, n, sizeof(*t), bench_cmp, NULL);
	med = t[n / 2];
	*spread = med ? div64_u64((t[n - 1] - t[0]) * 1000, med) : 0;
	return med;
}

static u64 bench_time(bench_fn fn, void *arg, unsigned long iters)
{
	u64 t0 = ktime_get_ns();

	fn(arg, iters);
	return ktime_get_ns() - t0;
}

/*
 * Run @hwmem and @anchor (may be NULL) interleaved; print one line.  The
 * figures are picoseconds per operation, printed as nanoseconds.
 */
static void bench_run(const char *workload, const char *anchor_name,
		      bench_fn hwmem, void *harg, bench_fn anchor, void *aarg,
		      unsigned long iters)
{
	unsigned int reps = bench_full ? BENCH_REPS : 1, r;
	u64 h[BENCH_REPS], a[BENCH_REPS] = { }, hs, as = 0, hm, am = 0;

	if (!bench_full)
		iters = 1;
	hwmem(harg, iters);
	if (anchor)
		anchor(aarg, iters);
	for (r = 0; r < reps; r++) {
		h[r] = div64_u64(bench_time(hwmem, harg, iters) * 1000, iters);
		if (anchor)
			a[r] = div64_u64(bench_time(anchor, aarg, iters) * 1000, iters);
	}
	hm = bench_median(h, reps, &hs);
	if (anchor)
		am = bench_median(a, reps, &as);
	pr_info("hwmem-bench: %s hwmem %llu.%03llu anchor %llu.%03llu ratio %llu.%03llu spread %llu.%01llu%% %llu.%01llu%% vs %s\n",
		workload, hm / 1000, hm % 1000, am / 1000, am % 1000,
		am ? div64_u64(hm * 1000, am) / 1000 : 0,
		am ? div64_u64(hm * 1000, am) % 1000 : 0,
		hs / 10, hs % 10, as / 10, as % 10, anchor ? anchor_name : "-");
}

/* --- frames --- */

#define BENCH_BASE_PFN	HWMEM_TEST_BASE_PFN

struct bench_phys {
	struct hwmem_phys *phys;
	void *mem;
	struct hwmem_frame *held;
	unsigned long nr;
	u32 *order;
};

/*
 * A frame allocator of @frames from BENCH_BASE_PFN (kunit/fixture.h), with
 * memory behind the frames if @memory, else none: the frame allocator
 * never touches its frames.  Released with the test.
 */
static struct bench_phys *bench_phys_new(struct kunit *test, unsigned long frames,
					 bool memory)
{
	struct bench_phys *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->phys = hwmem_test_phys_mem(test, frames, memory);
	b->mem = hwmem_phys_frame_addr(b->phys,
				       (struct hwmem_frame){ BENCH_BASE_PFN });
	b->held = hwmem_test_kvzalloc(test, frames * sizeof(*b->held));
	b->order = hwmem_test_kvzalloc(test, frames * sizeof(*b->order));
	b->nr = frames;
	return b;
}

/* A random order of @n indexes, the same for every allocator. */
static void bench_shuffle(u32 *order, unsigned long n, u32 seed)
{
	struct rnd_state rnd;
	unsigned long i;

	prandom_seed_state(&rnd, seed);
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		unsigned long j = prandom_u32_state(&rnd) % (i + 1);

		swap(order[i], order[j]);
	}
}

static void phys_pairs(void *arg, unsigned long iters)
{
	struct bench_phys *b = arg;
	struct hwmem_frame f;

	while (iters--) {
		hwmem_phys_alloc(b->phys, HWMEM_OWNER_USER, &f);
		hwmem_phys_free(b->phys, f, HWMEM_OWNER_USER);
	}
}

/*
 * The all-random workloads allocate n = min(@iters, all) frames, then free
 * them in the order of a permutation of all BENCH_FRAMES indexes, skipping
 * the larger ones (no division in the loop, and none skipped when timed,
 * n being all), and do it @iters / n times over: one round of 8192 frames
 * takes a fraction of a millisecond, short enough for one of UML's timer
 * ticks to show in it.
 */
static void phys_all_random(void *arg, unsigned long iters)
{
	struct bench_phys *b = arg;
	unsigned long i, n = min(iters, b->nr), rounds = iters / n;

	while (rounds--) {
		for (i = 0; i < n; i++)
			hwmem_phys_alloc(b->phys, HWMEM_OWNER_USER, &b->held[i]);
		for (i = 0; i < b->nr; i++)
			if (b->order[i] < n)
				hwmem_phys_free(b->phys, b->held[b->order[i]],
						HWMEM_OWNER_USER);
	}
}

struct bench_pages {
	struct page **held;
	u32 *order;
	unsigned long nr;
};

static void page_pairs(void *arg, unsigned long iters)
{
	while (iters--)
		__free_page(alloc_page(GFP_KERNEL));
}

static void page_all_random(void *arg, unsigned long iters)
{
	struct bench_pages *p = arg;
	unsigned long i, n = min(iters, p->nr), rounds = iters / n;

	while (rounds--) {
		for (i = 0; i < n; i++)
			p->held[i] = alloc_page(GFP_KERNEL);
		for (i = 0; i < p->nr; i++)
			if (p->order[i] < n)
				__free_page(p->held[p->order[i]]);
	}
}

/* The seed crate's documented frame allocator: CAS over 8192 slots. */
struct bench_seed {
	atomic_t slot[BENCH_FRAMES];
	u32 held[BENCH_FRAMES];
	u32 *order;
};

static int seed_alloc(struct bench_seed *s)
{
	unsigned int i;

	for (i = 0; i < BENCH_FRAMES; i++)
		if (atomic_cmpxchg(&s->slot[i], 0, 1) == 0)
			return i;
	return -ENOMEM;
}

static void seed_pairs(void *arg, unsigned long iters)
{
	struct bench_seed *s = arg;

	while (iters--)
		atomic_set(&s->slot[seed_alloc(s)], 0);
}

static void seed_all_random(void *arg, unsigned long iters)
{
	struct bench_seed *s = arg;
	unsigned long i, n = min_t(unsigned long, iters, BENCH_FRAMES);
	unsigned long rounds = iters / n;

	while (rounds--) {
		for (i = 0; i < n; i++)
			s->held[i] = seed_alloc(s);
		for (i = 0; i < BENCH_FRAMES; i++)
			if (s->order[i] < n)
				atomic_set(&s->slot[s->held[s->order[i]]], 0);
	}
}

static void bench_frames(struct kunit *test)
{
	struct bench_phys *b = bench_phys_new(test, BENCH_FRAMES, false);
	struct bench_seed *seed = kvzalloc(sizeof(*seed), GFP_KERNEL);
	struct bench_pages pages = { .nr = BENCH_FRAMES };
	struct page **half = kvcalloc(BENCH_FRAMES / 2, sizeof(*half), GFP_KERNEL);
	struct hwmem_frame f;
	unsigned long i;

	KUNIT_ASSERT_NOT_NULL(test, seed);
	KUNIT_ASSERT_NOT_NULL(test, half);
	pages.held = kvcalloc(BENCH_FRAMES, sizeof(*pages.held), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages.held);
	bench_shuffle(b->order, BENCH_FRAMES, 1);
	pages.order = b->order;
	seed->order = b->order;

	/* Pairs with each allocator half full, so the seed's scan has work. */
	for (i = 0; i < BENCH_FRAMES / 2; i++) {
		hwmem_phys_alloc(b->phys, HWMEM_OWNER_BUMP, &f);
		atomic_set(&seed->slot[i], 1);
		half[i] = alloc_page(GFP_KERNEL);
	}
	bench_run("frames-pair", "alloc_page", phys_pairs, b, page_pairs, NULL, 1000000);
	bench_run("frames-pair", "seed-cas-scan", phys_pairs, b, seed_pairs, seed, 20000);
	for (i = 0; i < BENCH_FRAMES / 2; i++) {
		atomic_set(&seed->slot[i], 0);
		__free_page(half[i]);
	}
	for (i = 0; i < BENCH_FRAMES / 2; i++)
		hwmem_phys_free(b->phys, (struct hwmem_frame){ BENCH_BASE_PFN + i },
				HWMEM_OWNER_BUMP);

	bench_run("frames-all-random", "alloc_page", phys_all_random, b,
		  page_all_random, &pages, 32 * BENCH_FRAMES);
	/* The seed's scan is 200 times slower: one round is plenty. */
	bench_run("frames-all-random", "seed-cas-scan", phys_all_random, b,
		  seed_all_random, seed, BENCH_FRAMES);

	KUNIT_EXPECT_EQ(test, hwmem_test_owned(b->phys, HWMEM_OWNER_FREE),
			(unsigned long)BENCH_FRAMES);
	for (i = 0; i < BENCH_FRAMES; i++)
		KUNIT_ASSERT_EQ(test, atomic_read(&seed->slot[i]), 0);
	kvfree(pages.held);
	kvfree(half);
	kvfree(seed);
}

/* --- buddy --- */

struct bench_buddy {
	struct hwmem_buddy buddy;
	struct gen_pool *pool;
	void *buf;
	void *meta;
	unsigned int order;
	void **held;
	unsigned int *orders;
	unsigned long nr_held;
	struct rnd_state rnd;
};

static void buddy_pairs(void *arg, unsigned long iters)
{
	struct bench_buddy *b = arg;
	void *p;

	while (iters--) {
		hwmem_buddy_alloc(&b->buddy, b->order, &p);
		hwmem_buddy_free(&b->buddy, p);
	}
}

static void pages_pairs(void *arg, unsigned long iters)
{
	struct bench_buddy *b = arg;

	while (iters--)
		__free_pages(alloc_pages(GFP_KERNEL, b->order), b->order);
}

static void genpool_pairs(void *arg, unsigned long iters)
{
	struct bench_buddy *b = arg;
	size_t size = PAGE_SIZE << b->order;

	while (iters--)
		gen_pool_free(b->pool, gen_pool_alloc(b->pool, size), size);
}

/*
 * Steady state at half fill: free a random held block, allocate one of a
 * random order (0-3).  The random sequence restarts for each allocator.
 */
enum bench_kind { BENCH_HWMEM, BENCH_PAGES, BENCH_GENPOOL };

static void *mix_alloc(struct bench_buddy *b, enum bench_kind kind,
		       unsigned int order)
{
	void *p = NULL;

	switch (kind) {
	case BENCH_HWMEM:
		if (hwmem_buddy_alloc(&b->buddy, order, &p))
			p = NULL;
		break;
	case BENCH_PAGES:
		p = alloc_pages(GFP_KERNEL, order);
		break;
	case BENCH_GENPOOL:
		p = (void *)gen_pool_alloc(b->pool, PAGE_SIZE << order);
		break;
	}
	return p;
}

static void mix_free(struct bench_buddy *b, enum bench_kind kind, void *p,
		     unsigned int order)
{
	switch (kind) {
	case BENCH_HWMEM:
		hwmem_buddy_free(&b->buddy, p);
		break;
	case BENCH_PAGES:
		__free_pages(p, order);
		break;
	case BENCH_GENPOOL:
		gen_pool_free(b->pool, (unsigned long)p, PAGE_SIZE << order);
		break;
	}
}

static void mix_fill(struct bench_buddy *b, enum bench_kind kind)
{
	unsigned long used = 0;

	prandom_seed_state(&b->rnd, 99);
	b->nr_held = 0;
	while (used < 512) {
		unsigned int o = prandom_u32_state(&b->rnd) % 4;

		b->held[b->nr_held] = mix_alloc(b, kind, o);
		b->orders[b->nr_held++] = o;
		used += 1UL << o;
	}
}

static void mix_drain(struct bench_buddy *b, enum bench_kind kind)
{
	while (b->nr_held) {
		b->nr_held--;
		mix_free(b, kind, b->held[b->nr_held], b->orders[b->nr_held]);
	}
}

static void mix_run(struct bench_buddy *b, enum bench_kind kind,
		    unsigned long iters)
{
	while (iters--) {
		unsigned long k = prandom_u32_state(&b->rnd) % b->nr_held;
		unsigned int o = prandom_u32_state(&b->rnd) % 4;

		mix_free(b, kind, b->held[k], b->orders[k]);
		b->held[k] = mix_alloc(b, kind, o);
		b->orders[k] = o;
		if (!b->held[k]) {
			/* Full for this order: keep the slot, as a 0-order block. */
			b->held[k] = mix_alloc(b, kind, 0);
			b->orders[k] = 0;
		}
	}
}

static void mix_hwmem(void *arg, unsigned long iters)
{
	mix_fill(arg, BENCH_HWMEM);
	mix_run(arg, BENCH_HWMEM, iters);
	mix_drain(arg, BENCH_HWMEM);
}

static void mix_pages(void *arg, unsigned long iters)
{
	mix_fill(arg, BENCH_PAGES);
	mix_run(arg, BENCH_PAGES, iters);
	mix_drain(arg, BENCH_PAGES);
}

static void mix_genpool(void *arg, unsigned long iters)
{
	mix_fill(arg, BENCH_GENPOOL);
	mix_run(arg, BENCH_GENPOOL, iters);
	mix_drain(arg, BENCH_GENPOOL);
}

static void bench_buddy(struct kunit *test)
{
	static const unsigned int orders[] = { 0, 3, 6, 9 };
	size_t size = 1024 * PAGE_SIZE, meta = hwmem_buddy_meta_size(size, PAGE_SHIFT);
	struct bench_buddy *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct hwmem_buddy_stats st;
	char name[32];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->buf = vmalloc(size);
	b->meta = kvzalloc(meta, GFP_KERNEL);
	b->held = kvcalloc(1024, sizeof(*b->held), GFP_KERNEL);
	b->orders = kvcalloc(1024, sizeof(*b->orders), GFP_KERNEL);
	b->pool = gen_pool_create(PAGE_SHIFT, -1);
	KUNIT_ASSERT_TRUE(test, b->buf && b->meta && b->held && b->orders && b->pool);
	KUNIT_ASSERT_EQ(test, 0, gen_pool_add(b->pool, (unsigned long)b->buf, size, -1));
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_init(&b->buddy, b->buf, size, PAGE_SHIFT,
						  false, b->meta, meta));

	/*
	 * As the module runs it, with hot lists (as the page allocator has its
	 * per-CPU lists); then exact, every free merging at once (buddy_hot=0),
	 * for comparison: no target.
	 */
	hwmem_buddy_set_hot(&b->buddy, HWMEM_BUDDY_HOT_DEFAULT);
	for (i = 0; i < ARRAY_SIZE(orders); i++) {
		b->order = orders[i];
		snprintf(name, sizeof(name), "buddy-pair-o%u", orders[i]);
		bench_run(name, "alloc_pages", buddy_pairs, b, pages_pairs, b, 200000);
		bench_run(name, "gen_pool", buddy_pairs, b, genpool_pairs, b, 200000);
	}
	bench_run("buddy-mix-50%", "alloc_pages", mix_hwmem, b, mix_pages, b, 200000);
	bench_run("buddy-mix-50%", "gen_pool", mix_hwmem, b, mix_genpool, b, 200000);

	hwmem_buddy_set_hot(&b->buddy, 0);
	for (i = 0; i < ARRAY_SIZE(orders); i++) {
		b->order = orders[i];
		snprintf(name, sizeof(name), "exact-buddy-pair-o%u", orders[i]);
		bench_run(name, "alloc_pages", buddy_pairs, b, pages_pairs, b, 200000);
		bench_run(name, "gen_pool", buddy_pairs, b, genpool_pairs, b, 200000);
	}
	bench_run("exact-buddy-mix-50%", "alloc_pages", mix_hwmem, b, mix_pages, b, 200000);
	bench_run("exact-buddy-mix-50%", "gen_pool", mix_hwmem, b, mix_genpool, b, 200000);

	hwmem_buddy_get_stats(&b->buddy, &st);
	KUNIT_EXPECT_EQ(test, st.free_bytes, size);
	KUNIT_EXPECT_EQ(test, gen_pool_avail(b->pool), size);
	gen_pool_destroy(b->pool);
	kvfree(b->orders);
	kvfree(b->held);
	kvfree(b->meta);
	vfree(b->buf);
}

/* --- slab --- */

struct bench_slab {
	struct hwmem_slab_cache *cache;
	struct kmem_cache *kcache;
	void *held[1000];
};

static void slab_pairs(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;
	void *p;

	while (iters--) {
		hwmem_slab_alloc(s->cache, &p);
		hwmem_slab_free(s->cache, p);
	}
}

static void kmem_pairs(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;

	while (iters--)
		kmem_cache_free(s->kcache, kmem_cache_alloc(s->kcache, GFP_KERNEL));
}

static void slab_batch(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;
	unsigned long i, n;

	for (; iters; iters -= n) {
		n = min_t(unsigned long, iters, ARRAY_SIZE(s->held));
		for (i = 0; i < n; i++)
			hwmem_slab_alloc(s->cache, &s->held[i]);
		for (i = 0; i < n; i++)
			hwmem_slab_free(s->cache, s->held[i]);
	}
}

static void kmem_batch(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;
	unsigned long i, n;

	for (; iters; iters -= n) {
		n = min_t(unsigned long, iters, ARRAY_SIZE(s->held));
		for (i = 0; i < n; i++)
			s->held[i] = kmem_cache_alloc(s->kcache, GFP_KERNEL);
		for (i = 0; i < n; i++)
			kmem_cache_free(s->kcache, s->held[i]);
	}
}

static void bench_slab(struct kunit *test)
{
	static const unsigned int sizes[] = { 64, 256, 1024 };
	/* Slabs need real memory: 16 MiB of it. */
	struct bench_phys *b = bench_phys_new(test, 4096, true);
	struct bench_slab *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct hwmem_slab *slab = kvzalloc(sizeof(*slab), GFP_KERNEL);
	struct hwmem_slab_cache_stats st;
	unsigned long bytes, header;
	char name[32];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, slab);
	hwmem_slab_init(slab, b->phys, false);

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		snprintf(name, sizeof(name), "b%u", sizes[i]);
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_cache_create(slab, name, sizes[i], 8,
								 &s->cache));
		s->kcache = kmem_cache_create(name, sizes[i], 8, 0, NULL);
		KUNIT_ASSERT_NOT_NULL(test, s->kcache);
		snprintf(name, sizeof(name), "slab-pair-%u", sizes[i]);
		bench_run(name, "kmem_cache", slab_pairs, s, kmem_pairs, s, 1000000);
		snprintf(name, sizeof(name), "slab-batch1000-%u", sizes[i]);
		bench_run(name, "kmem_cache", slab_batch, s, kmem_batch, s, 200000);
		KUNIT_EXPECT_EQ(test, 0,
				hwmem_slab_cache_get_stats(slab, s->cache - slab->caches,
							   &st));
		KUNIT_EXPECT_EQ(test, st.inuse, 0ul);
		bytes = st.frames * HWMEM_FRAME_SIZE;
		header = bytes - s->cache->header;
		pr_info("hwmem-bench-meta: slab cache of %u bytes: slab header %lu of %lu bytes (%lu.%02lu%%), %u objects\n",
			sizes[i], header, bytes, header * 100 / bytes,
			header * 10000 / bytes % 100, st.objs_per_slab);
		KUNIT_EXPECT_EQ(test, 0, hwmem_slab_cache_destroy(s->cache));
		kmem_cache_destroy(s->kcache);
	}
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(b->phys, HWMEM_OWNER_FREE), 4096ul);
	kvfree(slab);
}

/* --- bump --- */

struct bench_bump {
	struct hwmem_bump bump;
	char *base, *p, *end;
};

static void bump_allocs(void *arg, unsigned long iters)
{
	struct bench_bump *b = arg;
	void *p;

	while (iters--)
		if (hwmem_bump_alloc(&b->bump, 64, 8, &p))
			hwmem_bump_reset(&b->bump);
}

static void pointer_bumps(void *arg, unsigned long iters)
{
	struct bench_bump *b = arg;

	while (iters--) {
		b->p += 64;
		if (b->p == b->end)
			b->p = b->base;
		OPTIMIZER_HIDE_VAR(b->p);
	}
}

static void bench_bump(struct kunit *test)
{
	struct bench_bump *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	size_t size = 1 << 20;

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->base = vmalloc(size);
	KUNIT_ASSERT_NOT_NULL(test, b->base);
	b->p = b->base;
	b->end = b->base + size;
	KUNIT_ASSERT_EQ(test, 0, hwmem_bump_init(&b->bump, b->base, size));
	bench_run("bump-64", "pointer-increment", bump_allocs, b, pointer_bumps, b,
		  10000000);
	vfree(b->base);
}

/* --- page tables --- */

struct bench_virt {
	struct bench_phys *b;
	struct hwmem_virt virt;
	unsigned int id;
	u64 *vas;
	unsigned long nr;
	void *mem;
	unsigned long base_pfn;
	u64 sink;
};

static void translate_walk(void *arg, unsigned long iters)
{
	struct bench_virt *v = arg;
	struct hwmem_translation t;
	unsigned long i = 0;

	while (iters--) {
		hwmem_space_translate(&v->virt, v->id, v->vas[i], &t);
		v->sink += t.pa;
		if (++i == v->nr)
			i = 0;
	}
}

/*
 * The limit of a 4-level walk: four dependent loads, nothing else.  With
 * @serial, each walk's address also depends on the walk before (on a bit
 * that is always 0), so that walks cannot overlap: that is the latency of
 * the loads alone, where without it the processor runs several walks at
 * once.
 */
static __always_inline void translate_chain(struct bench_virt *v,
					    unsigned long iters, bool serial)
{
	struct hwmem_space s;
	unsigned long i = 0;
	unsigned int slot;
	u64 root = 0, dep = 0;

	for (slot = 0; slot < HWMEM_VIRT_MAX_SPACES; slot++)
		if (!hwmem_space_get(&v->virt, slot, &s) && s.id == v->id)
			root = (u64)s.root.pfn << PAGE_SHIFT;
	while (iters--) {
		u64 va = v->vas[i] + dep, e = root | 1;
		unsigned int level;

		for (level = 4; level >= 1; level--) {
			u64 *table = v->mem + ((e & X86_PTE_ADDR) -
					       ((u64)v->base_pfn << PAGE_SHIFT));

			e = READ_ONCE(table[hwmem_va_index(va, level)]);
		}
		v->sink += e;
		if (serial)
			dep = e >> 63;	/* NX: clear in every leaf mapped here */
		if (++i == v->nr)
			i = 0;
	}
}

static void translate_loads(void *arg, unsigned long iters)
{
	translate_chain(arg, iters, false);
}

static void translate_loads_serial(void *arg, unsigned long iters)
{
	translate_chain(arg, iters, true);
}

static void map_unmap(void *arg, unsigned long iters)
{
	struct bench_virt *v = arg;
	unsigned long i = 0;

	while (iters--) {
		u64 va = 0x7f0000000000ULL + ((u64)i << PAGE_SHIFT);

		hwmem_space_map(&v->virt, v->id, va, v->base_pfn, 1, 0);
		hwmem_space_unmap(&v->virt, v->id, va);
		if (++i == 4096)
			i = 0;
	}
}

static void bench_virt(struct kunit *test)
{
	struct bench_virt *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	struct rnd_state rnd;
	struct hwmem_space s;
	unsigned long i;

	KUNIT_ASSERT_NOT_NULL(test, v);
	v->b = bench_phys_new(test, 8192, true);
	v->nr = 2048;
	v->vas = kvcalloc(v->nr, sizeof(*v->vas), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v->vas);
	v->mem = v->b->mem;
	v->base_pfn = BENCH_BASE_PFN;
	hwmem_virt_init(&v->virt, v->b->phys);
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(&v->virt, &v->id));

	/* 2048 pages at random spots of a 64 GiB range: tables at every level. */
	prandom_seed_state(&rnd, 5);
	for (i = 0; i < v->nr; i++) {
		u64 va = ((u64)prandom_u32_state(&rnd) << PAGE_SHIFT) & ((1ULL << 36) - 1);

		if (hwmem_space_map(&v->virt, v->id, va, BENCH_BASE_PFN + i, 1, 0)) {
			i--;
			continue;
		}
		v->vas[i] = va + (i & 0xfff);
	}
	bench_run("translate-4k", "four-dependent-loads", translate_walk, v,
		  translate_loads, v, 2000000);
	bench_run("translate-4k", "four-loads-serial", translate_walk, v,
		  translate_loads_serial, v, 2000000);
	bench_run("map+unmap-4k", "-", map_unmap, v, NULL, NULL, 200000);
	KUNIT_EXPECT_EQ(test, hwmem_space_get(&v->virt, 0, &s), 0);
	KUNIT_EXPECT_EQ(test, s.mapped_4k, v->nr);

	KUNIT_EXPECT_EQ(test, hwmem_virt_destroy(&v->virt), 1u);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(v->b->phys, HWMEM_OWNER_FREE), 8192ul);
	kvfree(v->vas);
}

/* --- scaling, and metadata --- */

/*
 * A buddy of @frames over an address range with no memory behind it (it
 * never touches its buffer with poisoning off), in the steady state of a
 * half-full heap: half its blocks allocated one by one, the first of them
 * freed again, so that an order-0 pair neither splits nor merges.
 */
static void bench_buddy_half(struct kunit *test, struct bench_buddy *bb,
			     unsigned long frames)
{
	size_t bytes = frames * PAGE_SIZE;
	size_t meta = hwmem_buddy_meta_size(bytes, PAGE_SHIFT);
	void *p, *first = NULL;
	unsigned long j;

	bb->meta = kvzalloc(meta, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bb->meta);
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_init(&bb->buddy, (void *)(16UL << 40),
						  bytes, PAGE_SHIFT, false, bb->meta,
						  meta));
	for (j = 0; j < frames / 2; j++) {
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(&bb->buddy, 0, &p));
		if (!first)
			first = p;
	}
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(&bb->buddy, first));
	bb->order = 0;
}

static void bench_scaling(struct kunit *test)
{
	static const unsigned long sizes[] = { 1024, 8192, 65536, 262144 };
	struct bench_buddy *bb1 = kunit_kzalloc(test, sizeof(*bb1), GFP_KERNEL);
	struct bench_buddy *bbn = kunit_kzalloc(test, sizeof(*bbn), GFP_KERNEL);
	struct bench_phys *first = NULL;
	char name[40];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, bb1);
	KUNIT_ASSERT_NOT_NULL(test, bbn);
	bench_buddy_half(test, bb1, sizes[0]);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct bench_phys *b = bench_phys_new(test, sizes[i], false);
		size_t bytes = sizes[i] * PAGE_SIZE;
		size_t phys_meta = hwmem_phys_meta_size(1, sizes[i]);
		size_t buddy_meta = hwmem_buddy_meta_size(bytes, PAGE_SHIFT);
		struct hwmem_frame f;
		unsigned long j;

		/* Half full. */
		for (j = 0; j < sizes[i] / 2; j++)
			hwmem_phys_alloc(b->phys, HWMEM_OWNER_BUMP, &f);
		if (!first)
			first = b;
		snprintf(name, sizeof(name), "frames-pair-%luKi", sizes[i] / 1024);
		bench_run(name, "frames-pair-1Ki", phys_pairs, b, phys_pairs, first,
			  1000000);

		bench_buddy_half(test, bbn, sizes[i]);
		snprintf(name, sizeof(name), "buddy-pair-%luKi", sizes[i] / 1024);
		bench_run(name, "buddy-pair-1Ki", buddy_pairs, bbn, buddy_pairs, bb1,
			  1000000);
		kvfree(bbn->meta);

		pr_info("hwmem-bench-meta: %lu frames: phys %zu bytes (%zu.%02zu%%), buddy %zu bytes (%zu.%02zu%%)\n",
			sizes[i], phys_meta, phys_meta * 100 / bytes,
			phys_meta * 10000 / bytes % 100, buddy_meta,
			buddy_meta * 100 / bytes, buddy_meta * 10000 / bytes % 100);
		if (b != first) {
			for (j = 0; j < sizes[i] / 2; j++)
				hwmem_phys_free(b->phys,
						(struct hwmem_frame){ BENCH_BASE_PFN + j },
						HWMEM_OWNER_BUMP);
			KUNIT_EXPECT_EQ(test, hwmem_test_owned(b->phys, HWMEM_OWNER_FREE),
					sizes[i]);
		}
	}
	kvfree(bb1->meta);
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE_SLOW(bench_frames),
	KUNIT_CASE_SLOW(bench_buddy),
	KUNIT_CASE_SLOW(bench_slab),
	KUNIT_CASE_SLOW(bench_bump),
	KUNIT_CASE_SLOW(bench_virt),
	KUNIT_CASE_SLOW(bench_scaling),
	{}
};

/* Say where the figures come from: only UML times kernel code natively. */
static int bench_suite_init(struct kunit_suite *suite)
{
	pr_info("hwmem-bench-where: %s\n", IS_ENABLED(CONFIG_UML) ?
		"UML: kernel code at native speed, as a host process" :
		"a kernel of its own architecture: in QEMU under TCG its timings are emulation, only under KVM or on hardware are they real");
	return 0;
}

static struct kunit_suite bench_suite = {
	.name = "hwmem-bench",
	.suite_init = bench_suite_init,
	.test_cases = bench_cases,
};

kunit_test_suite(bench_suite);
