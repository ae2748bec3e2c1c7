// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem benchmarks: hwmem's allocators and walker against the kernel's own,
 * in one run, in the UML kernel the KUnit harness builds (UML runs kernel
 * code natively, with the real page allocator, SLUB and genalloc).
 *
 * Each workload runs hwmem and its anchor with the same loop shape: first
 * each side alone until the number of operations that makes a repetition
 * last BENCH_MIN_NS is found (which warms it up), then BENCH_REPS
 * repetitions of each in turn.  Each line reports the median time per
 * operation over the repetitions, the spread ((max - min) / median) and
 * the shortest repetition:
 *
 *   hwmem-bench: <workload> hwmem <ns> anchor <ns> ratio <r>
 *	spread <h>% <a>% vs <anchor> rep-ms <h> <a>
 *
 * (one line in the log).
 *
 * Every operation a timed loop does is checked (an allocation that fails,
 * a free that is refused): a line with failures ends in "FAILED ..." and
 * the case fails, so that a run whose operations fail cannot pass as a
 * fast one.
 *
 * By default (make test) each workload runs once, a small number of
 * operations, and the suite checks that every allocator ends as it
 * started; with hwmem_kunit.bench_full=1 on the kernel command line (make
 * bench) it runs for real.  The "where" line says which locks hwmem had:
 * none (a single-CPU kernel) or, with CONFIG_HWMEM_BENCH_SMP_LOCKS, locks
 * at an SMP kernel's cost (kunit/bench-lock.h).
 */

#include <kunit/test.h>
#include <linux/genalloc.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>

#include <hwmem/buddy.h>
#include <hwmem/bump.h>
#include <hwmem/cache.h>
#include <hwmem/phys.h>
#include <hwmem/replay.h>
#include <hwmem/slab.h>
#include <hwmem/virt.h>

#include "fixture.h"

#ifdef CONFIG_HWMEM_BENCH_SMP_LOCKS
/* Last: only this file's own spin_lock() calls take the shim. */
#include "bench-lock.h"

struct hwmem_bench_lock_word hwmem_bench_lock_words[HWMEM_BENCH_LOCK_WORDS];
unsigned long hwmem_bench_lock_preempt_points;

/*
 * Where an SMP kernel's preempt_enable() would call __preempt_schedule():
 * UML does not preempt, so this only counts, which keeps the call real.
 */
noinline void hwmem_bench_lock_preempt(void)
{
	WRITE_ONCE(hwmem_bench_lock_preempt_points,
		   hwmem_bench_lock_preempt_points + 1);
}
#endif

static bool bench_full;
module_param(bench_full, bool, 0444);
MODULE_PARM_DESC(bench_full, "Run the benchmarks for real rather than once each, briefly");

#define BENCH_REPS	7
/*
 * Each repetition lasts at least this long: UML's timer ticks every 10 ms
 * (HZ=100), and a repetition of a fraction of a tick showed the tick or
 * not, by chance (Documentation/hwmem-bench.rst).
 */
#define BENCH_MIN_NS	(50 * NSEC_PER_MSEC)
/* Calibration aims past the minimum, for repetitions a little faster. */
#define BENCH_AIM_NS	(80 * NSEC_PER_MSEC)
#define BENCH_FRAMES	8192

/* bench_run() flags: the operations per repetition are fixed, one quantum. */
#define BENCH_FIXED	BIT(0)

/**
 * struct bench_side - one way of doing a workload, hwmem's or its anchor's
 * @name: the anchor's name in the report; unused for hwmem's side
 * @run: does @iters operations on @arg; returns how many failed
 * @prepare: if set, runs before each timed @run, untimed
 * @finish: if set, runs after each timed @run, untimed; returns how many
 *	operations failed that only the end shows
 * @arg: passed to each
 */
struct bench_side {
	const char *name;
	unsigned long (*run)(void *arg, unsigned long iters);
	void (*prepare)(void *arg);
	unsigned long (*finish)(void *arg);
	void *arg;
};

#define BENCH_SIDE(...)		(&(const struct bench_side){ __VA_ARGS__ })

/**
 * struct bench_result - one side of a workload, measured
 * @iters: operations per repetition
 * @ps: median picoseconds per operation
 * @cycles: median TSC cycles per operation, in thousandths (x86-64)
 * @spread: (max - min) / median of the repetitions, per mille
 * @min_rep_ns: the shortest repetition
 * @ops: operations done, calibration included
 * @failed: of those, how many failed
 */
struct bench_result {
	unsigned long iters;
	u64 ps;
	u64 cycles;
	u64 spread;
	u64 min_rep_ns;
	unsigned long ops;
	unsigned long failed;
};

/*
 * A cheap random number generator for the timed loops: a 64-bit LCG
 * (Knuth's MMIX constants) whose high half is the output, reduced to a
 * range by a multiply and a shift rather than a division (Lemire): a few
 * cycles, the same on every side it feeds.
 */
struct bench_rand {
	u64 s;
};

static __always_inline void bench_rand_seed(struct bench_rand *r, u64 seed)
{
	r->s = seed;
}

static __always_inline u32 bench_rand(struct bench_rand *r)
{
	r->s = r->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return r->s >> 32;
}

/* A number from 0 to @n - 1. */
static __always_inline u32 bench_rand_below(struct bench_rand *r, u32 n)
{
	return ((u64)bench_rand(r) * n) >> 32;
}

/* The time-stamp counter, after every earlier instruction has completed. */
static __always_inline u64 bench_tsc(void)
{
#ifdef CONFIG_X86_64
	u32 lo, hi;

	asm volatile("lfence; rdtsc" : "=a" (lo), "=d" (hi) : : "memory");
	return (u64)hi << 32 | lo;
#else
	return 0;
#endif
}

static int bench_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Median and spread (per mille of the median) of @n figures. */
static u64 bench_median(u64 *t, unsigned int n, u64 *spread)
{
	u64 med;

	sort(t, n, sizeof(*t), bench_cmp, NULL);
	med = t[n / 2];
	if (spread)
		*spread = med ? div64_u64((t[n - 1] - t[0]) * 1000, med) : 0;
	return med;
}

/* One repetition of @iters operations: nanoseconds; *@cycles gets TSC cycles. */
static u64 bench_time(const struct bench_side *s, unsigned long iters,
		      struct bench_result *res, u64 *cycles)
{
	u64 t0, t1, c0, c1;
	unsigned long failed;

	if (s->prepare)
		s->prepare(s->arg);
	c0 = bench_tsc();
	t0 = ktime_get_ns();
	failed = s->run(s->arg, iters);
	t1 = ktime_get_ns();
	c1 = bench_tsc();
	if (s->finish)
		failed += s->finish(s->arg);
	res->ops += iters;
	res->failed += failed;
	if (cycles)
		*cycles = c1 - c0;
	return t1 - t0;
}

/*
 * How many operations make a repetition last BENCH_MIN_NS: @quantum at
 * first, then as many times more as the last try says, in whole quanta.
 * The tries warm the side up.  make test runs one quantum, once.
 */
static unsigned long bench_calibrate(const struct bench_side *s,
				     unsigned long quantum, unsigned int flags,
				     struct bench_result *res)
{
	unsigned long iters = quantum;
	u64 t = bench_time(s, iters, res, NULL);

	if (!bench_full || (flags & BENCH_FIXED))
		return iters;
	for (;;) {
		u64 mult;

		if (t >= BENCH_MIN_NS) {
			/* Past the minimum: aim a little further still. */
			if (t < BENCH_AIM_NS)
				iters = roundup(div64_u64((u64)iters * BENCH_AIM_NS, t),
						quantum);
			return iters;
		}
		mult = t ? div64_u64(BENCH_AIM_NS + t - 1, t) : 1024;
		iters *= clamp_t(u64, mult, 2, 1024);
		t = bench_time(s, iters, res, NULL);
	}
}

/* The repetitions of one side, as a result. */
static void bench_summarize(struct bench_result *res, u64 *ns, u64 *cyc,
			    unsigned int reps)
{
	unsigned int r;

	res->min_rep_ns = U64_MAX;
	for (r = 0; r < reps; r++) {
		res->min_rep_ns = min(res->min_rep_ns, ns[r]);
		ns[r] = div64_u64(ns[r] * 1000, res->iters);
		cyc[r] = div64_u64(cyc[r] * 1000, res->iters);
	}
	res->ps = bench_median(ns, reps, &res->spread);
	res->cycles = bench_median(cyc, reps, NULL);
}

/* Operations for a repetition of BENCH_AIM_NS, if the last fell short. */
static void bench_rescale(struct bench_result *res, unsigned long quantum)
{
	if (res->min_rep_ns < BENCH_MIN_NS)
		res->iters = roundup(div64_u64((u64)res->iters * BENCH_AIM_NS,
					       max(res->min_rep_ns, 1ULL)), quantum);
}

/*
 * Measure @hwmem and @anchor (may be NULL), their repetitions interleaved,
 * and print one line; operations per repetition come in multiples of
 * @quantum (the round or batch a workload needs whole).  Any failed
 * operation fails @test.  The figures are picoseconds per operation,
 * printed as nanoseconds.
 */
static void bench_run(struct kunit *test, const char *workload,
		      const struct bench_side *hwmem,
		      const struct bench_side *anchor, unsigned long quantum,
		      unsigned int flags)
{
	unsigned int reps = bench_full ? BENCH_REPS : 1, r;
	u64 hn[BENCH_REPS], hc[BENCH_REPS], an[BENCH_REPS], ac[BENCH_REPS];
	struct bench_result h = { }, a = { };
	unsigned int attempt;
	u64 ratio = 0;

	h.iters = bench_calibrate(hwmem, quantum, flags, &h);
	if (anchor)
		a.iters = bench_calibrate(anchor, quantum, flags, &a);
	for (attempt = 0; ; attempt++) {
		for (r = 0; r < reps; r++) {
			hn[r] = bench_time(hwmem, h.iters, &h, &hc[r]);
			if (anchor)
				an[r] = bench_time(anchor, a.iters, &a, &ac[r]);
		}
		bench_summarize(&h, hn, hc, reps);
		if (anchor)
			bench_summarize(&a, an, ac, reps);
		else
			a.min_rep_ns = BENCH_MIN_NS;
		/*
		 * A calibration the machine slowed down (it is shared) gives
		 * repetitions shorter than the minimum: once, scale up and
		 * measure again.
		 */
		if (!bench_full || (flags & BENCH_FIXED) || attempt ||
		    (h.min_rep_ns >= BENCH_MIN_NS && a.min_rep_ns >= BENCH_MIN_NS))
			break;
		bench_rescale(&h, quantum);
		if (anchor)
			bench_rescale(&a, quantum);
	}
	if (anchor)
		ratio = a.ps ? div64_u64(h.ps * 1000, a.ps) : 0;
	else
		a.min_rep_ns = 0;
	pr_info("hwmem-bench: %s hwmem %llu.%03llu anchor %llu.%03llu ratio %llu.%03llu spread %llu.%01llu%% %llu.%01llu%% vs %s rep-ms %llu %llu%s\n",
		workload, h.ps / 1000, h.ps % 1000, a.ps / 1000, a.ps % 1000,
		ratio / 1000, ratio % 1000, h.spread / 10, h.spread % 10,
		a.spread / 10, a.spread % 10, anchor ? anchor->name : "-",
		div64_u64(h.min_rep_ns, NSEC_PER_MSEC),
		div64_u64(a.min_rep_ns, NSEC_PER_MSEC),
		h.failed || a.failed ? " FAILED" : "");
	if (h.failed || a.failed)
		pr_info("hwmem-bench-failed: %s: hwmem %lu of %lu operations, anchor %lu of %lu\n",
			workload, h.failed, h.ops, a.failed, a.ops);
	KUNIT_EXPECT_EQ_MSG(test, h.failed + a.failed, 0UL,
			    "%s: %lu hwmem and %lu anchor operations failed",
			    workload, h.failed, a.failed);
}

/* "name" or "name[policy]": the module's default policy has no suffix. */
static const char *bench_name(char *buf, size_t size, const char *name,
			      const char *policy)
{
	if (policy)
		snprintf(buf, size, "%s[%s]", name, policy);
	else
		snprintf(buf, size, "%s", name);
	return buf;
}

/*
 * With the SMP-cost locks, every lock the case took is free again and the
 * preempt count is back where it was.
 */
static void bench_check_locks(struct kunit *test)
{
#ifdef CONFIG_HWMEM_BENCH_SMP_LOCKS
	unsigned int i;

	for (i = 0; i < HWMEM_BENCH_LOCK_WORDS; i++)
		KUNIT_EXPECT_EQ_MSG(test, READ_ONCE(hwmem_bench_lock_words[i].val), 0U,
				    "lock word %u", i);
	KUNIT_EXPECT_EQ(test, preempt_count(), 0);
#endif
}

/* --- frames --- */

#define BENCH_BASE_PFN	HWMEM_TEST_BASE_PFN
/* A frame slot of the timed loops that holds nothing. */
#define BENCH_NO_PFN	ULONG_MAX

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

static unsigned long phys_pairs(void *arg, unsigned long iters)
{
	struct bench_phys *b = arg;
	unsigned long failed = 0;
	struct hwmem_frame f;

	while (iters--) {
		if (unlikely(hwmem_phys_alloc(b->phys, HWMEM_OWNER_USER, &f))) {
			failed++;
			continue;
		}
		failed += hwmem_phys_free(b->phys, f, HWMEM_OWNER_USER) != 0;
	}
	return failed;
}

/*
 * The all-random workloads allocate all BENCH_FRAMES frames, then free
 * them in the order of one permutation, @iters / BENCH_FRAMES times over:
 * the loop reads the permutation and nothing else (no division).
 */
static unsigned long phys_all_random(void *arg, unsigned long iters)
{
	struct bench_phys *b = arg;
	unsigned long i, rounds = iters / b->nr, failed = 0;

	while (rounds--) {
		for (i = 0; i < b->nr; i++) {
			if (unlikely(hwmem_phys_alloc(b->phys, HWMEM_OWNER_USER,
						      &b->held[i]))) {
				failed++;
				b->held[i].pfn = BENCH_NO_PFN;
			}
		}
		for (i = 0; i < b->nr; i++) {
			struct hwmem_frame f = b->held[b->order[i]];

			if (f.pfn != BENCH_NO_PFN)
				failed += hwmem_phys_free(b->phys, f,
							  HWMEM_OWNER_USER) != 0;
		}
	}
	return failed;
}

struct bench_pages {
	struct page **held;
	u32 *order;
	unsigned long nr;
};

static unsigned long page_pairs(void *arg, unsigned long iters)
{
	unsigned long failed = 0;

	while (iters--) {
		struct page *p = alloc_page(GFP_KERNEL);

		if (unlikely(!p)) {
			failed++;
			continue;
		}
		__free_page(p);
	}
	return failed;
}

static unsigned long page_all_random(void *arg, unsigned long iters)
{
	struct bench_pages *p = arg;
	unsigned long i, rounds = iters / p->nr, failed = 0;

	while (rounds--) {
		for (i = 0; i < p->nr; i++) {
			p->held[i] = alloc_page(GFP_KERNEL);
			failed += !p->held[i];
		}
		for (i = 0; i < p->nr; i++) {
			struct page *page = p->held[p->order[i]];

			if (page)
				__free_page(page);
		}
	}
	return failed;
}

/*
 * The seed crate's documented frame allocator: a compare-and-swap over
 * 8192 slots.  Its CAS is a locked cmpxchg whatever the kernel, as the
 * crate's atomics are on x86 (the kernel's atomic_cmpxchg() drops the
 * lock prefix in a single-CPU build).
 */
struct bench_seed {
	u32 slot[BENCH_FRAMES];
	u32 held[BENCH_FRAMES];
	u32 *order;
};

static __always_inline bool seed_cas(u32 *slot, u32 old, u32 new)
{
#ifdef CONFIG_X86_64
	bool ok;

	asm volatile("lock cmpxchgl %[new], %[slot]"
		     : "=@ccz" (ok), [slot] "+m" (*slot), "+a" (old)
		     : [new] "r" (new)
		     : "memory");
	return ok;
#else
	return cmpxchg(slot, old, new) == old;
#endif
}

static int seed_alloc(struct bench_seed *s)
{
	unsigned int i;

	for (i = 0; i < BENCH_FRAMES; i++)
		if (seed_cas(&s->slot[i], 0, 1))
			return i;
	return -ENOMEM;
}

static unsigned long seed_pairs(void *arg, unsigned long iters)
{
	struct bench_seed *s = arg;
	unsigned long failed = 0;

	while (iters--) {
		int i = seed_alloc(s);

		if (unlikely(i < 0)) {
			failed++;
			continue;
		}
		/* The seed frees with a release store: the slot's user is done. */
		smp_store_release(&s->slot[i], 0);
	}
	return failed;
}

static unsigned long seed_all_random(void *arg, unsigned long iters)
{
	struct bench_seed *s = arg;
	unsigned long i, rounds = iters / BENCH_FRAMES, failed = 0;

	while (rounds--) {
		for (i = 0; i < BENCH_FRAMES; i++) {
			int slot = seed_alloc(s);

			failed += slot < 0;
			s->held[i] = slot;
		}
		for (i = 0; i < BENCH_FRAMES; i++) {
			u32 slot = s->held[s->order[i]];

			if (slot >= BENCH_FRAMES)
				continue;
			/* A release store, as seed_pairs() frees. */
			smp_store_release(&s->slot[slot], 0);
		}
	}
	return failed;
}

static void bench_frames(struct kunit *test)
{
	static const enum hwmem_phys_policy policies[] = {
		HWMEM_PHYS_LIFO, HWMEM_PHYS_FIFO, HWMEM_PHYS_LOWEST,
	};
	struct bench_phys *b = bench_phys_new(test, BENCH_FRAMES, false);
	struct bench_seed *seed = kvzalloc(sizeof(*seed), GFP_KERNEL);
	struct bench_pages pages = { .nr = BENCH_FRAMES };
	struct page **half = kvcalloc(BENCH_FRAMES / 2, sizeof(*half), GFP_KERNEL);
	const struct bench_side *alloc_page_side, *seed_side;
	struct hwmem_frame f;
	char name[48];
	unsigned long i;
	unsigned int p;

	KUNIT_ASSERT_NOT_NULL(test, seed);
	KUNIT_ASSERT_NOT_NULL(test, half);
	pages.held = kvcalloc(BENCH_FRAMES, sizeof(*pages.held), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages.held);
	bench_shuffle(b->order, BENCH_FRAMES, 1);
	pages.order = b->order;
	seed->order = b->order;

	/* Pairs with each allocator half full, so the seed's scan has work. */
	for (i = 0; i < BENCH_FRAMES / 2; i++) {
		KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(b->phys, HWMEM_OWNER_BUMP, &f));
		seed->slot[i] = 1;
		half[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, half[i]);
	}
	alloc_page_side = BENCH_SIDE(.name = "alloc_page", .run = page_pairs);
	seed_side = BENCH_SIDE(.name = "seed-cas-scan", .run = seed_pairs, .arg = seed);
	for (p = 0; p < ARRAY_SIZE(policies); p++) {
		const char *pol = p ? hwmem_phys_policy_names[policies[p]] : NULL;

		hwmem_phys_set_policy(b->phys, policies[p]);
		bench_name(name, sizeof(name), "frames-pair", pol);
		bench_run(test, name, BENCH_SIDE(.run = phys_pairs, .arg = b),
			  alloc_page_side, 1000, 0);
		if (!p)
			bench_run(test, name, BENCH_SIDE(.run = phys_pairs, .arg = b),
				  seed_side, 100, 0);
	}
	for (i = 0; i < BENCH_FRAMES / 2; i++) {
		seed->slot[i] = 0;
		__free_page(half[i]);
	}
	for (i = 0; i < BENCH_FRAMES / 2; i++)
		KUNIT_EXPECT_EQ(test, 0,
				hwmem_phys_free(b->phys,
						(struct hwmem_frame){ BENCH_BASE_PFN + i },
						HWMEM_OWNER_BUMP));

	alloc_page_side = BENCH_SIDE(.name = "alloc_page", .run = page_all_random,
				     .arg = &pages);
	seed_side = BENCH_SIDE(.name = "seed-cas-scan", .run = seed_all_random,
			       .arg = seed);
	for (p = 0; p < ARRAY_SIZE(policies); p++) {
		const char *pol = p ? hwmem_phys_policy_names[policies[p]] : NULL;

		hwmem_phys_set_policy(b->phys, policies[p]);
		bench_name(name, sizeof(name), "frames-all-random", pol);
		bench_run(test, name, BENCH_SIDE(.run = phys_all_random, .arg = b),
			  alloc_page_side, BENCH_FRAMES, 0);
		if (!p)
			bench_run(test, name,
				  BENCH_SIDE(.run = phys_all_random, .arg = b),
				  seed_side, BENCH_FRAMES, 0);
	}
	hwmem_phys_set_policy(b->phys, HWMEM_PHYS_LIFO);

	KUNIT_EXPECT_EQ(test, hwmem_test_owned(b->phys, HWMEM_OWNER_FREE),
			(unsigned long)BENCH_FRAMES);
	for (i = 0; i < BENCH_FRAMES; i++)
		KUNIT_ASSERT_EQ(test, seed->slot[i], 0U);
	kvfree(pages.held);
	kvfree(half);
	kvfree(seed);
	bench_check_locks(test);
}

/* --- buddy --- */

/* Blocks of the 4 MiB heap the mixed workloads keep, at most. */
#define BENCH_MIX_SLOTS	1024

struct bench_buddy {
	struct hwmem_buddy buddy;
	struct gen_pool *pool;
	void *buf;
	void *meta;
	unsigned int order;
	void **held;
	unsigned int *orders;
	unsigned long nr_held;
	struct bench_rand rnd;
};

static unsigned long buddy_pairs(void *arg, unsigned long iters)
{
	struct bench_buddy *b = arg;
	unsigned long failed = 0;
	void *p;

	while (iters--) {
		if (unlikely(hwmem_buddy_alloc(&b->buddy, b->order, &p))) {
			failed++;
			continue;
		}
		failed += hwmem_buddy_free(&b->buddy, p) != 0;
	}
	return failed;
}

static unsigned long pages_pairs(void *arg, unsigned long iters)
{
	struct bench_buddy *b = arg;
	unsigned long failed = 0;

	while (iters--) {
		struct page *p = alloc_pages(GFP_KERNEL, b->order);

		if (unlikely(!p)) {
			failed++;
			continue;
		}
		__free_pages(p, b->order);
	}
	return failed;
}

static unsigned long genpool_pairs(void *arg, unsigned long iters)
{
	struct bench_buddy *b = arg;
	size_t size = PAGE_SIZE << b->order;
	unsigned long failed = 0;

	while (iters--) {
		unsigned long p = gen_pool_alloc(b->pool, size);

		if (unlikely(!p)) {
			failed++;
			continue;
		}
		gen_pool_free(b->pool, p, size);
	}
	return failed;
}

/*
 * Steady state at half fill: free a random held block, allocate one of a
 * random order (0-3).  The random sequence restarts for each allocator;
 * filling and draining are untimed.
 */
enum bench_kind { BENCH_HWMEM, BENCH_PAGES, BENCH_GENPOOL };

static __always_inline void *mix_alloc(struct bench_buddy *b,
				       enum bench_kind kind, unsigned int order)
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

/* 1 if the free was refused. */
static __always_inline unsigned long mix_free(struct bench_buddy *b,
					      enum bench_kind kind, void *p,
					      unsigned int order)
{
	switch (kind) {
	case BENCH_HWMEM:
		return hwmem_buddy_free(&b->buddy, p) != 0;
	case BENCH_PAGES:
		__free_pages(p, order);
		break;
	case BENCH_GENPOOL:
		gen_pool_free(b->pool, (unsigned long)p, PAGE_SIZE << order);
		break;
	}
	return 0;
}

static void mix_fill(struct bench_buddy *b, enum bench_kind kind)
{
	unsigned long used = 0;

	bench_rand_seed(&b->rnd, 99);
	b->nr_held = 0;
	while (used < 512 && b->nr_held < BENCH_MIX_SLOTS) {
		unsigned int o = bench_rand_below(&b->rnd, 4);

		b->held[b->nr_held] = mix_alloc(b, kind, o);
		b->orders[b->nr_held++] = o;
		used += 1UL << o;
	}
}

static unsigned long mix_drain(struct bench_buddy *b, enum bench_kind kind)
{
	unsigned long failed = 0;

	while (b->nr_held) {
		b->nr_held--;
		if (b->held[b->nr_held])
			failed += mix_free(b, kind, b->held[b->nr_held],
					   b->orders[b->nr_held]);
		else
			failed++;	/* the fill could not allocate it */
	}
	return failed;
}

/*
 * An allocation of order 1-3 that finds no block (at half fill, a heap
 * may have none left of that size) keeps its slot with an order-0 block;
 * only an order-0 allocation that fails counts as a failure.
 */
static __always_inline unsigned long mix_steps(struct bench_buddy *b,
					       enum bench_kind kind,
					       unsigned long iters)
{
	unsigned long failed = 0;

	while (iters--) {
		u32 k = bench_rand_below(&b->rnd, b->nr_held);
		unsigned int o = bench_rand_below(&b->rnd, 4);

		if (b->held[k])
			failed += mix_free(b, kind, b->held[k], b->orders[k]);
		b->held[k] = mix_alloc(b, kind, o);
		b->orders[k] = o;
		if (unlikely(!b->held[k])) {
			b->held[k] = mix_alloc(b, kind, 0);
			b->orders[k] = 0;
			failed += !b->held[k];
		}
	}
	return failed;
}

static void mix_fill_hwmem(void *arg)
{
	mix_fill(arg, BENCH_HWMEM);
}

static unsigned long mix_hwmem(void *arg, unsigned long iters)
{
	return mix_steps(arg, BENCH_HWMEM, iters);
}

static unsigned long mix_drain_hwmem(void *arg)
{
	return mix_drain(arg, BENCH_HWMEM);
}

static void mix_fill_pages(void *arg)
{
	mix_fill(arg, BENCH_PAGES);
}

static unsigned long mix_pages(void *arg, unsigned long iters)
{
	return mix_steps(arg, BENCH_PAGES, iters);
}

static unsigned long mix_drain_pages(void *arg)
{
	return mix_drain(arg, BENCH_PAGES);
}

static void mix_fill_genpool(void *arg)
{
	mix_fill(arg, BENCH_GENPOOL);
}

static unsigned long mix_genpool(void *arg, unsigned long iters)
{
	return mix_steps(arg, BENCH_GENPOOL, iters);
}

static unsigned long mix_drain_genpool(void *arg)
{
	return mix_drain(arg, BENCH_GENPOOL);
}

/* The buddy's placement policies, the module's default first. */
static const enum hwmem_buddy_policy bench_buddy_policies[] = {
	HWMEM_BUDDY_HOT, HWMEM_BUDDY_EXACT, HWMEM_BUDDY_LOWEST,
};

/*
 * Put @policy in place on a buddy with nothing allocated: hot lists of the
 * module's default length (as the page allocator has its per-CPU lists),
 * or none and every free merging at once, or lowest-address first.
 */
static void bench_buddy_policy(struct kunit *test, struct hwmem_buddy *buddy,
			       enum hwmem_buddy_policy policy)
{
	if (policy == HWMEM_BUDDY_HOT)
		hwmem_buddy_set_hot(buddy, HWMEM_BUDDY_HOT_DEFAULT);
	else
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_set_policy(buddy, policy));
}

static void bench_buddy(struct kunit *test)
{
	static const unsigned int orders[] = { 0, 3, 6, 9 };
	size_t size = 1024 * PAGE_SIZE, meta = hwmem_buddy_meta_size(size, PAGE_SHIFT);
	struct bench_buddy *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	const struct bench_side *hwmem_mix, *pages_mix, *genpool_mix;
	struct hwmem_buddy_stats st;
	char name[48], base[32];
	unsigned int i, p;

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->buf = vmalloc(size);
	b->meta = kvzalloc(meta, GFP_KERNEL);
	b->held = kvcalloc(BENCH_MIX_SLOTS, sizeof(*b->held), GFP_KERNEL);
	b->orders = kvcalloc(BENCH_MIX_SLOTS, sizeof(*b->orders), GFP_KERNEL);
	b->pool = gen_pool_create(PAGE_SHIFT, -1);
	KUNIT_ASSERT_TRUE(test, b->buf && b->meta && b->held && b->orders && b->pool);
	KUNIT_ASSERT_EQ(test, 0, gen_pool_add(b->pool, (unsigned long)b->buf, size, -1));
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_init(&b->buddy, b->buf, size, PAGE_SHIFT,
						  false, b->meta, meta));

	hwmem_mix = BENCH_SIDE(.run = mix_hwmem, .prepare = mix_fill_hwmem,
			       .finish = mix_drain_hwmem, .arg = b);
	pages_mix = BENCH_SIDE(.name = "alloc_pages", .run = mix_pages,
			       .prepare = mix_fill_pages,
			       .finish = mix_drain_pages, .arg = b);
	genpool_mix = BENCH_SIDE(.name = "gen_pool", .run = mix_genpool,
				 .prepare = mix_fill_genpool,
				 .finish = mix_drain_genpool, .arg = b);
	for (p = 0; p < ARRAY_SIZE(bench_buddy_policies); p++) {
		enum hwmem_buddy_policy policy = bench_buddy_policies[p];
		const char *pol = p ? hwmem_buddy_policy_names[policy] : NULL;

		bench_buddy_policy(test, &b->buddy, policy);
		for (i = 0; i < ARRAY_SIZE(orders); i++) {
			b->order = orders[i];
			snprintf(base, sizeof(base), "buddy-pair-o%u", orders[i]);
			bench_name(name, sizeof(name), base, pol);
			bench_run(test, name, BENCH_SIDE(.run = buddy_pairs, .arg = b),
				  BENCH_SIDE(.name = "alloc_pages", .run = pages_pairs,
					     .arg = b), 1000, 0);
			bench_run(test, name, BENCH_SIDE(.run = buddy_pairs, .arg = b),
				  BENCH_SIDE(.name = "gen_pool", .run = genpool_pairs,
					     .arg = b), 1000, 0);
		}
		bench_name(name, sizeof(name), "buddy-mix-50%", pol);
		bench_run(test, name, hwmem_mix, pages_mix, 1000, 0);
		bench_run(test, name, hwmem_mix, genpool_mix, 1000, 0);
	}
	bench_buddy_policy(test, &b->buddy, HWMEM_BUDDY_HOT);

	hwmem_buddy_get_stats(&b->buddy, &st);
	KUNIT_EXPECT_EQ(test, st.free_bytes, size);
	KUNIT_EXPECT_EQ(test, gen_pool_avail(b->pool), size);
	gen_pool_destroy(b->pool);
	kvfree(b->orders);
	kvfree(b->held);
	kvfree(b->meta);
	vfree(b->buf);
	bench_check_locks(test);
}

/* --- slab --- */

/* Objects the mixed workload holds half of, at random. */
#define BENCH_SLAB_MIX	4096

struct bench_slab {
	struct hwmem_slab_cache *cache;
	struct kmem_cache *kcache;
	void *held[BENCH_SLAB_MIX];
	void *keep[BENCH_SLAB_MIX / 2];
	u32 order[BENCH_SLAB_MIX];
	struct bench_rand rnd;
};

static unsigned long slab_pairs(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;
	unsigned long failed = 0;
	void *p;

	while (iters--) {
		if (unlikely(hwmem_slab_alloc(s->cache, &p))) {
			failed++;
			continue;
		}
		failed += hwmem_slab_free(s->cache, p) != 0;
	}
	return failed;
}

static unsigned long kmem_pairs(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;
	unsigned long failed = 0;

	while (iters--) {
		void *p = kmem_cache_alloc(s->kcache, GFP_KERNEL);

		if (unlikely(!p)) {
			failed++;
			continue;
		}
		kmem_cache_free(s->kcache, p);
	}
	return failed;
}

/* Batches of 1000 allocations, then their 1000 frees. */
#define BENCH_BATCH	1000

static unsigned long slab_batch(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;
	unsigned long i, failed = 0;

	for (; iters; iters -= BENCH_BATCH) {
		for (i = 0; i < BENCH_BATCH; i++) {
			if (unlikely(hwmem_slab_alloc(s->cache, &s->held[i]))) {
				failed++;
				s->held[i] = NULL;
			}
		}
		for (i = 0; i < BENCH_BATCH; i++)
			if (s->held[i])
				failed += hwmem_slab_free(s->cache, s->held[i]) != 0;
	}
	return failed;
}

static unsigned long kmem_batch(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;
	unsigned long i, failed = 0;

	for (; iters; iters -= BENCH_BATCH) {
		for (i = 0; i < BENCH_BATCH; i++) {
			s->held[i] = kmem_cache_alloc(s->kcache, GFP_KERNEL);
			failed += !s->held[i];
		}
		for (i = 0; i < BENCH_BATCH; i++)
			if (s->held[i])
				kmem_cache_free(s->kcache, s->held[i]);
	}
	return failed;
}

/*
 * Steady state at half of BENCH_SLAB_MIX objects, spread over many slabs:
 * all allocated, a random half freed (untimed), then each operation frees
 * a random held object and allocates one in its place.  Where the
 * placement policies differ: which partial slab an allocation takes.
 */
static __always_inline void slab_mix_fill(struct bench_slab *s, bool hwmem)
{
	unsigned int i;

	bench_rand_seed(&s->rnd, 7);
	for (i = 0; i < BENCH_SLAB_MIX; i++) {
		if (hwmem) {
			if (hwmem_slab_alloc(s->cache, &s->held[i]))
				s->held[i] = NULL;
		} else {
			s->held[i] = kmem_cache_alloc(s->kcache, GFP_KERNEL);
		}
	}
	/* Free the half whose slots the permutation lists first... */
	for (i = 0; i < BENCH_SLAB_MIX / 2; i++) {
		void **p = &s->held[s->order[i]];

		if (*p && hwmem)
			hwmem_slab_free(s->cache, *p);
		else if (*p)
			kmem_cache_free(s->kcache, *p);
		*p = NULL;
	}
	/* ...and keep the rest, where the steps pick from. */
	for (i = 0; i < BENCH_SLAB_MIX / 2; i++)
		s->keep[i] = s->held[s->order[BENCH_SLAB_MIX / 2 + i]];
}

static __always_inline unsigned long slab_mix_drain(struct bench_slab *s,
						    bool hwmem)
{
	unsigned long failed = 0;
	unsigned int i;

	for (i = 0; i < BENCH_SLAB_MIX / 2; i++) {
		if (!s->keep[i])
			failed++;
		else if (hwmem)
			failed += hwmem_slab_free(s->cache, s->keep[i]) != 0;
		else
			kmem_cache_free(s->kcache, s->keep[i]);
	}
	return failed;
}

static void slab_mix_fill_hwmem(void *arg)
{
	slab_mix_fill(arg, true);
}

static unsigned long slab_mix_drain_hwmem(void *arg)
{
	return slab_mix_drain(arg, true);
}

static void slab_mix_fill_kmem(void *arg)
{
	slab_mix_fill(arg, false);
}

static unsigned long slab_mix_drain_kmem(void *arg)
{
	return slab_mix_drain(arg, false);
}

static unsigned long slab_mix(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;
	unsigned long failed = 0;

	while (iters--) {
		void **p = &s->keep[bench_rand_below(&s->rnd, BENCH_SLAB_MIX / 2)];

		if (*p)
			failed += hwmem_slab_free(s->cache, *p) != 0;
		if (unlikely(hwmem_slab_alloc(s->cache, p))) {
			failed++;
			*p = NULL;
		}
	}
	return failed;
}

static unsigned long kmem_mix(void *arg, unsigned long iters)
{
	struct bench_slab *s = arg;
	unsigned long failed = 0;

	while (iters--) {
		void **p = &s->keep[bench_rand_below(&s->rnd, BENCH_SLAB_MIX / 2)];

		if (*p)
			kmem_cache_free(s->kcache, *p);
		*p = kmem_cache_alloc(s->kcache, GFP_KERNEL);
		failed += !*p;
	}
	return failed;
}

static void bench_slab(struct kunit *test)
{
	static const unsigned int sizes[] = { 64, 256, 1024 };
	static const enum hwmem_slab_policy policies[] = {
		HWMEM_SLAB_FIRST, HWMEM_SLAB_FULLEST, HWMEM_SLAB_EMPTIEST,
	};
	/* Slabs need real memory: 16 MiB of it. */
	struct bench_phys *b = bench_phys_new(test, 4096, true);
	struct bench_slab *s = kvzalloc(sizeof(*s), GFP_KERNEL);
	struct hwmem_slab *slab = kvzalloc(sizeof(*slab), GFP_KERNEL);
	struct hwmem_slab_cache_stats st;
	unsigned long bytes, header;
	char name[48], base[32];
	unsigned int i, p;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, slab);
	hwmem_slab_init(slab, b->phys, false);
	bench_shuffle(s->order, BENCH_SLAB_MIX, 3);

	for (p = 0; p < ARRAY_SIZE(policies); p++) {
		const char *pol = p ? hwmem_slab_policy_names[policies[p]] : NULL;

		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_set_policy(slab, policies[p]));
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			snprintf(name, sizeof(name), "b%u", sizes[i]);
			KUNIT_ASSERT_EQ(test, 0,
					hwmem_slab_cache_create(slab, name, sizes[i], 8,
								&s->cache));
			s->kcache = kmem_cache_create(name, sizes[i], 8, 0, NULL);
			KUNIT_ASSERT_NOT_NULL(test, s->kcache);
			/* One slab, whatever the policy: pairs only once. */
			if (!p) {
				snprintf(name, sizeof(name), "slab-pair-%u", sizes[i]);
				bench_run(test, name,
					  BENCH_SIDE(.run = slab_pairs, .arg = s),
					  BENCH_SIDE(.name = "kmem_cache",
						     .run = kmem_pairs, .arg = s),
					  1000, 0);
			}
			snprintf(base, sizeof(base), "slab-batch1000-%u", sizes[i]);
			bench_run(test, bench_name(name, sizeof(name), base, pol),
				  BENCH_SIDE(.run = slab_batch, .arg = s),
				  BENCH_SIDE(.name = "kmem_cache", .run = kmem_batch,
					     .arg = s),
				  BENCH_BATCH, 0);
			snprintf(base, sizeof(base), "slab-mix-50%%-%u", sizes[i]);
			bench_run(test, bench_name(name, sizeof(name), base, pol),
				  BENCH_SIDE(.run = slab_mix,
					     .prepare = slab_mix_fill_hwmem,
					     .finish = slab_mix_drain_hwmem, .arg = s),
				  BENCH_SIDE(.name = "kmem_cache", .run = kmem_mix,
					     .prepare = slab_mix_fill_kmem,
					     .finish = slab_mix_drain_kmem, .arg = s),
				  1000, 0);
			KUNIT_EXPECT_EQ(test, 0,
					hwmem_slab_cache_get_stats(slab,
								   s->cache - slab->caches,
								   &st));
			KUNIT_EXPECT_EQ(test, st.inuse, 0ul);
			if (!p) {
				bytes = st.frames * HWMEM_FRAME_SIZE;
				header = bytes - s->cache->header;
				pr_info("hwmem-bench-meta: slab cache of %u bytes: slab header %lu of %lu bytes (%lu.%02lu%%), %u objects\n",
					sizes[i], header, bytes, header * 100 / bytes,
					header * 10000 / bytes % 100, st.objs_per_slab);
			}
			KUNIT_EXPECT_EQ(test, 0, hwmem_slab_cache_destroy(s->cache));
			kmem_cache_destroy(s->kcache);
		}
	}
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_set_policy(slab, HWMEM_SLAB_FIRST));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(b->phys, HWMEM_OWNER_FREE), 4096ul);
	kvfree(slab);
	kvfree(s);
	bench_check_locks(test);
}

/* --- bump, and what a lock costs --- */

struct bench_bump {
	struct hwmem_bump bump;
	char *base, *p, *end;
};

/* A full arena is reset: part of the workload, not a failure. */
static unsigned long bump_allocs(void *arg, unsigned long iters)
{
	struct bench_bump *b = arg;
	void *p;

	while (iters--)
		if (hwmem_bump_alloc(&b->bump, 64, 8, &p))
			hwmem_bump_reset(&b->bump);
	return 0;
}

static unsigned long pointer_bumps(void *arg, unsigned long iters)
{
	struct bench_bump *b = arg;

	while (iters--) {
		b->p += 64;
		if (b->p == b->end)
			b->p = b->base;
		OPTIMIZER_HIDE_VAR(b->p);
	}
	return 0;
}

/*
 * A spinlock taken and released, as hwmem's are in this build (nothing at
 * all in a single-CPU kernel, the SMP cost with bench-lock.h), against
 * what UML charges the page allocator and SLUB for the same protection:
 * interrupts saved and restored.
 */
static unsigned long lock_pairs(void *arg, unsigned long iters)
{
	spinlock_t *lock = arg;

	while (iters--) {
		spin_lock(lock);
		spin_unlock(lock);
	}
	return 0;
}

static unsigned long irq_pairs(void *arg, unsigned long iters)
{
	unsigned long flags;

	while (iters--) {
		local_irq_save(flags);
		local_irq_restore(flags);
	}
	return 0;
}

static void bench_bump(struct kunit *test)
{
	struct bench_bump *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	size_t size = 1 << 20;
	spinlock_t lock;	/* taken and released by lock_pairs() alone */

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->base = vmalloc(size);
	KUNIT_ASSERT_NOT_NULL(test, b->base);
	b->p = b->base;
	b->end = b->base + size;
	KUNIT_ASSERT_EQ(test, 0, hwmem_bump_init(&b->bump, b->base, size));
	bench_run(test, "bump-64", BENCH_SIDE(.run = bump_allocs, .arg = b),
		  BENCH_SIDE(.name = "pointer-increment", .run = pointer_bumps,
			     .arg = b), 1000, 0);
	vfree(b->base);

	spin_lock_init(&lock);
	bench_run(test, "spinlock-pair", BENCH_SIDE(.run = lock_pairs, .arg = &lock),
		  BENCH_SIDE(.name = "irq-save+restore", .run = irq_pairs), 1000, 0);
	bench_check_locks(test);
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

static unsigned long translate_walk(void *arg, unsigned long iters)
{
	struct bench_virt *v = arg;
	struct hwmem_translation t;
	unsigned long i = 0, failed = 0;

	while (iters--) {
		failed += hwmem_space_translate(&v->virt, v->id, v->vas[i], &t) ||
			  !t.mapped;
		v->sink += t.pa;
		if (++i == v->nr)
			i = 0;
	}
	return failed;
}

/*
 * The limit of a 4-level walk: four dependent loads, nothing else.  With
 * @serial, each walk's address also depends on the walk before (on a bit
 * that is always 0), so that walks cannot overlap: that is the latency of
 * the loads alone, where without it the processor runs several walks at
 * once.  A leaf that is not present counts as a failure, the check a
 * translate's caller makes.
 */
static __always_inline unsigned long translate_chain(struct bench_virt *v,
						     unsigned long iters,
						     bool serial)
{
	unsigned long i = 0, failed = 0;
	struct hwmem_space s;
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
		failed += !(e & 1);
		v->sink += e;
		if (serial)
			dep = e >> 63;	/* NX: clear in every leaf mapped here */
		if (++i == v->nr)
			i = 0;
	}
	return failed;
}

static unsigned long translate_loads(void *arg, unsigned long iters)
{
	return translate_chain(arg, iters, false);
}

static unsigned long translate_loads_serial(void *arg, unsigned long iters)
{
	return translate_chain(arg, iters, true);
}

static unsigned long map_unmap(void *arg, unsigned long iters)
{
	struct bench_virt *v = arg;
	unsigned long i = 0, failed = 0;

	while (iters--) {
		u64 va = 0x7f0000000000ULL + ((u64)i << PAGE_SHIFT);

		if (unlikely(hwmem_space_map(&v->virt, v->id, va, v->base_pfn, 1, 0)))
			failed++;
		else
			failed += hwmem_space_unmap(&v->virt, v->id, va) != 0;
		if (++i == 4096)
			i = 0;
	}
	return failed;
}

static void bench_virt(struct kunit *test)
{
	struct bench_virt *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	const struct bench_side *walk;
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
	walk = BENCH_SIDE(.run = translate_walk, .arg = v);
	bench_run(test, "translate-4k", walk,
		  BENCH_SIDE(.name = "four-dependent-loads", .run = translate_loads,
			     .arg = v), 1000, 0);
	bench_run(test, "translate-4k", walk,
		  BENCH_SIDE(.name = "four-loads-serial",
			     .run = translate_loads_serial, .arg = v), 1000, 0);
	bench_run(test, "map+unmap-4k", BENCH_SIDE(.run = map_unmap, .arg = v),
		  NULL, 100, 0);
	KUNIT_EXPECT_EQ(test, hwmem_space_get(&v->virt, 0, &s), 0);
	KUNIT_EXPECT_EQ(test, s.mapped_4k, v->nr);

	KUNIT_EXPECT_EQ(test, hwmem_virt_destroy(&v->virt), 1u);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(v->b->phys, HWMEM_OWNER_FREE), 8192ul);
	kvfree(v->vas);
	bench_check_locks(test);
}

#include "bench-scaling.h"
#include "bench-replay.h"
#include "bench-cache.h"

static struct kunit_case bench_cases[] = {
	KUNIT_CASE_SLOW(bench_frames),
	KUNIT_CASE_SLOW(bench_buddy),
	KUNIT_CASE_SLOW(bench_slab),
	KUNIT_CASE_SLOW(bench_bump),
	KUNIT_CASE_SLOW(bench_virt),
	KUNIT_CASE_SLOW(bench_scaling),
	KUNIT_CASE_SLOW(bench_replay),
	KUNIT_CASE_SLOW(bench_cache),
	{}
};

/*
 * Say where the figures come from (only UML times kernel code natively),
 * and what hwmem's locks cost in this build: the report sets the two
 * builds side by side.
 */
static int bench_suite_init(struct kunit_suite *suite)
{
	pr_info("hwmem-bench-where: %s; locks=%s\n", IS_ENABLED(CONFIG_UML) ?
		"UML: kernel code at native speed, as a host process" :
		"a kernel of its own architecture: in QEMU under TCG its timings are emulation, only under KVM or on hardware are they real",
		IS_ENABLED(CONFIG_HWMEM_BENCH_SMP_LOCKS) ?
		"smp-cost: hwmem's spin_lock() at an SMP kernel's cost (bench-lock.h)" :
		IS_ENABLED(CONFIG_SMP) ? "smp: the kernel's own, SMP" :
		"up: hwmem's spin_lock() is a compiler barrier (CONFIG_SMP=n)");
	return 0;
}

static struct kunit_suite bench_suite = {
	.name = "hwmem-bench",
	.suite_init = bench_suite_init,
	.test_cases = bench_cases,
};

kunit_test_suite(bench_suite);
