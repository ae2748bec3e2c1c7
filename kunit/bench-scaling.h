/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem benchmarks, included by kunit/bench.c: how the frame allocator
 * and the buddy scale with the frames they manage, under each placement
 * policy.
 *
 * At 1, 8, 64 and 256 Ki frames, each allocator holds a random half of
 * its frames (or order-0 blocks): all are allocated, then the half a
 * random permutation lists first is freed.  Each operation then frees a
 * held one picked at random over the whole range and allocates one into
 * its slot, so that every operation touches metadata anywhere in the
 * range, as a long-running system's would.  The anchor is the same
 * workload at 1 Ki, with the same random sequence: the ratio says how
 * much an operation costs more when the metadata is 256 times larger.
 */

#ifndef _HWMEM_BENCH_SCALING_H
#define _HWMEM_BENCH_SCALING_H

static const unsigned long bench_scaling_sizes[] = { 1024, 8192, 65536, 262144 };

/**
 * struct bench_scale - one allocator at one size, holding a random half
 * @nr: frames (or order-0 blocks) it manages
 * @b: the frame allocator, if it is one
 * @buddy: the buddy, if it is one
 * @meta: the buddy's metadata
 * @held: what it holds: pfns, or block addresses; @nr / 2 of them
 * @rnd: which one each operation frees
 */
struct bench_scale {
	unsigned long nr;
	struct bench_phys *b;
	struct hwmem_buddy buddy;
	void *meta;
	unsigned long *held;
	struct bench_rand rnd;
};

/* Every allocator draws the same sequence, whatever its size. */
static void scale_prepare(void *arg)
{
	struct bench_scale *s = arg;

	bench_rand_seed(&s->rnd, 12345);
}

static unsigned long scale_phys(void *arg, unsigned long iters)
{
	struct bench_scale *s = arg;
	struct hwmem_phys *phys = s->b->phys;
	u32 half = s->nr / 2;
	unsigned long failed = 0;
	struct hwmem_frame f;

	while (iters--) {
		unsigned long *slot = &s->held[bench_rand_below(&s->rnd, half)];

		if (*slot != BENCH_NO_PFN)
			failed += hwmem_phys_free(phys, (struct hwmem_frame){ *slot },
						  HWMEM_OWNER_USER) != 0;
		if (unlikely(hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f))) {
			failed++;
			*slot = BENCH_NO_PFN;
		} else {
			*slot = f.pfn;
		}
	}
	return failed;
}

static unsigned long scale_buddy(void *arg, unsigned long iters)
{
	struct bench_scale *s = arg;
	u32 half = s->nr / 2;
	unsigned long failed = 0;
	void *p;

	while (iters--) {
		unsigned long *slot = &s->held[bench_rand_below(&s->rnd, half)];

		if (*slot)
			failed += hwmem_buddy_free(&s->buddy, (void *)*slot) != 0;
		if (unlikely(hwmem_buddy_alloc(&s->buddy, 0, &p))) {
			failed++;
			p = NULL;
		}
		*slot = (unsigned long)p;
	}
	return failed;
}

/*
 * Allocate all @s->nr with @alloc, keep in @s->held the half the
 * permutation @perm lists last, give the rest back with @release.
 */
static void scale_fill(struct kunit *test, struct bench_scale *s, u32 *perm,
		       unsigned long *all,
		       int (*alloc)(struct bench_scale *s, unsigned long *v),
		       int (*release)(struct bench_scale *s, unsigned long v))
{
	unsigned long i, half = s->nr / 2;

	for (i = 0; i < s->nr; i++)
		KUNIT_ASSERT_EQ(test, 0, alloc(s, &all[i]));
	bench_shuffle(perm, s->nr, 11);
	for (i = 0; i < half; i++)
		KUNIT_ASSERT_EQ(test, 0, release(s, all[perm[i]]));
	for (i = 0; i < half; i++)
		s->held[i] = all[perm[half + i]];
}

static int scale_phys_alloc(struct bench_scale *s, unsigned long *v)
{
	struct hwmem_frame f;
	int err = hwmem_phys_alloc(s->b->phys, HWMEM_OWNER_USER, &f);

	*v = f.pfn;
	return err;
}

static int scale_phys_release(struct bench_scale *s, unsigned long v)
{
	return hwmem_phys_free(s->b->phys, (struct hwmem_frame){ v },
			       HWMEM_OWNER_USER);
}

static int scale_buddy_alloc(struct bench_scale *s, unsigned long *v)
{
	void *p = NULL;
	int err = hwmem_buddy_alloc(&s->buddy, 0, &p);

	*v = (unsigned long)p;
	return err;
}

static int scale_buddy_release(struct bench_scale *s, unsigned long v)
{
	return hwmem_buddy_free(&s->buddy, (void *)v);
}

/*
 * A frame allocator (@buddy false) or a buddy of @nr frames under
 * @policy (an &enum hwmem_phys_policy or &enum hwmem_buddy_policy),
 * holding a random half.  The buddy spans an address range with no memory
 * behind it, which it never touches with poisoning off.
 */
static struct bench_scale *scale_new(struct kunit *test, unsigned long nr,
				     bool buddy, unsigned int policy)
{
	struct bench_scale *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	u32 *perm = kvmalloc_array(nr, sizeof(*perm), GFP_KERNEL);
	unsigned long *all = kvmalloc_array(nr, sizeof(*all), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_TRUE(test, perm && all);
	s->nr = nr;
	s->held = hwmem_test_kvzalloc(test, nr / 2 * sizeof(*s->held));
	if (buddy) {
		size_t bytes = nr * PAGE_SIZE;
		size_t meta = hwmem_buddy_meta_size(bytes, PAGE_SHIFT);

		s->meta = hwmem_test_kvzalloc(test, meta);
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_init(&s->buddy, (void *)(16UL << 40),
							  bytes, PAGE_SHIFT, false,
							  s->meta, meta));
		bench_buddy_policy(test, &s->buddy, policy);
		scale_fill(test, s, perm, all, scale_buddy_alloc, scale_buddy_release);
	} else {
		s->b = bench_phys_new(test, nr, false);
		hwmem_phys_set_policy(s->b->phys, policy);
		scale_fill(test, s, perm, all, scale_phys_alloc, scale_phys_release);
	}
	kvfree(all);
	kvfree(perm);
	return s;
}

/* Give back what @s holds: it must end as it started, all free. */
static void scale_empty(struct kunit *test, struct bench_scale *s)
{
	struct hwmem_buddy_stats st;
	unsigned long i;

	for (i = 0; i < s->nr / 2; i++) {
		if (s->b)
			KUNIT_EXPECT_EQ(test, 0, scale_phys_release(s, s->held[i]));
		else
			KUNIT_EXPECT_EQ(test, 0, scale_buddy_release(s, s->held[i]));
	}
	if (s->b) {
		KUNIT_EXPECT_EQ(test, hwmem_test_owned(s->b->phys, HWMEM_OWNER_FREE),
				s->nr);
	} else {
		hwmem_buddy_get_stats(&s->buddy, &st);
		KUNIT_EXPECT_EQ(test, st.free_bytes, s->nr * PAGE_SIZE);
	}
}

/* One allocator under every policy, at every size, against itself at 1 Ki. */
static void bench_scaling_one(struct kunit *test, bool buddy)
{
	unsigned int nr_policies = buddy ? ARRAY_SIZE(bench_buddy_policies) :
					   HWMEM_PHYS_NR_POLICIES;
	const char *what = buddy ? "buddy-random" : "frames-random";
	char name[48], anchor[48], base[32];
	unsigned int p, i;

	for (p = 0; p < nr_policies; p++) {
		unsigned int policy = buddy ? bench_buddy_policies[p] : p;
		const char *pol = !p ? NULL : buddy ? hwmem_buddy_policy_names[policy] :
						      hwmem_phys_policy_names[policy];
		struct bench_scale *first = scale_new(test, bench_scaling_sizes[0],
						      buddy, policy);
		const struct bench_side *anchor_side;

		snprintf(base, sizeof(base), "%s-1Ki", what);
		bench_name(anchor, sizeof(anchor), base, pol);
		anchor_side = BENCH_SIDE(.name = anchor,
					 .run = buddy ? scale_buddy : scale_phys,
					 .prepare = scale_prepare, .arg = first);
		for (i = 0; i < ARRAY_SIZE(bench_scaling_sizes); i++) {
			unsigned long nr = bench_scaling_sizes[i];
			struct bench_scale *s = i ? scale_new(test, nr, buddy, policy) :
						    first;

			snprintf(base, sizeof(base), "%s-%luKi", what, nr / 1024);
			bench_run(test, bench_name(name, sizeof(name), base, pol),
				  BENCH_SIDE(.run = buddy ? scale_buddy : scale_phys,
					     .prepare = scale_prepare, .arg = s),
				  anchor_side, 1000, 0);
			if (s != first)
				scale_empty(test, s);
		}
		scale_empty(test, first);
	}
}

static void bench_scaling(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bench_scaling_sizes); i++) {
		unsigned long nr = bench_scaling_sizes[i];
		size_t bytes = nr * PAGE_SIZE;
		size_t phys_meta = hwmem_phys_meta_size(1, nr);
		size_t buddy_meta = hwmem_buddy_meta_size(bytes, PAGE_SHIFT);

		pr_info("hwmem-bench-meta: %lu frames: phys %zu bytes (%zu.%02zu%%), buddy %zu bytes (%zu.%02zu%%)\n",
			nr, phys_meta, phys_meta * 100 / bytes,
			phys_meta * 10000 / bytes % 100, buddy_meta,
			buddy_meta * 100 / bytes, buddy_meta * 10000 / bytes % 100);
	}
	bench_scaling_one(test, false);
	bench_scaling_one(test, true);
	bench_check_locks(test);
}

#endif /* _HWMEM_BENCH_SCALING_H */
