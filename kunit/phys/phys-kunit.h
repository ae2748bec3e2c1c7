/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for the hwmem frame allocator, included at the end of
 * hwmem/phys/phys.c so that they can see its static helpers.
 *
 * The suite runs once per placement policy (hwmem-phys-lifo, -fifo,
 * -lowest): every frame allocator a case makes gets the suite's policy.
 * Where a policy places differently on purpose, the case says what each
 * does.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_PHYS_KUNIT_H
#define _HWMEM_PHYS_KUNIT_H

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/prandom.h>

#include "../fixture.h"

/* Three regions with gaps between them: 4 + 2 + 8 frames. */
static const struct hwmem_region phys_test_gaps[] = {
	{ .base_pfn = 0x1000, .nr_frames = 4, .node = 0 },
	{ .base_pfn = 0x2000, .nr_frames = 2, .node = 0 },
	{ .base_pfn = 0x2100, .nr_frames = 8, .node = 1 },
};

/* The policy of the suite that runs the case. */
static enum hwmem_phys_policy phys_test_policy(struct kunit *test)
{
	return (uintptr_t)test->priv;
}

/* The fixture's allocator over @regions, under the suite's policy. */
static struct hwmem_phys *phys_test_new(struct kunit *test,
					const struct hwmem_region *regions,
					unsigned int nr)
{
	struct hwmem_phys *phys = hwmem_test_phys_over(test, regions, nr);

	hwmem_phys_set_policy(phys, phys_test_policy(test));
	return phys;
}

static unsigned long phys_test_counter(struct hwmem_phys *phys,
				       enum hwmem_phys_counter c)
{
	struct hwmem_phys_stats st;

	hwmem_phys_get_stats(phys, &st);
	return st.counters[c];
}

static void phys_test_single_region(struct kunit *test)
{
	const struct hwmem_region one = { .base_pfn = 0x500, .nr_frames = 3 };
	struct hwmem_phys *phys = phys_test_new(test, &one, 1);
	struct hwmem_phys_stats st;
	struct hwmem_region r;
	struct hwmem_frame f;
	unsigned long nr_free;

	hwmem_phys_get_stats(phys, &st);
	KUNIT_EXPECT_EQ(test, st.nr_frames, 3ul);
	KUNIT_EXPECT_EQ(test, st.nr_regions, 1u);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_FREE], 3ul);

	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_region(phys, 0, &r, &nr_free));
	KUNIT_EXPECT_EQ(test, r.base_pfn, 0x500ul);
	KUNIT_EXPECT_EQ(test, r.nr_frames, 3ul);
	KUNIT_EXPECT_EQ(test, nr_free, 3ul);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_region(phys, 1, &r, NULL));

	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_EXPECT_EQ(test, f.pfn, 0x500ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_region(phys, 0, &r, &nr_free));
	KUNIT_EXPECT_EQ(test, nr_free, 2ul);
}

/* Fresh allocators hand frames out in ascending pfn order across regions. */
static void phys_test_regions_in_order(struct kunit *test)
{
	struct hwmem_phys *phys = phys_test_new(test, phys_test_gaps, 3);
	static const unsigned long expect[] = {
		0x1000, 0x1001, 0x1002, 0x1003, 0x2000, 0x2001,
		0x2100, 0x2101, 0x2102, 0x2103, 0x2104, 0x2105, 0x2106, 0x2107,
	};
	struct hwmem_region r;
	struct hwmem_frame f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(expect); i++) {
		KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
		KUNIT_EXPECT_EQ(test, f.pfn, expect[i]);
	}
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, 0, hwmem_phys_region(phys, i, &r, NULL));
		KUNIT_EXPECT_EQ(test, r.base_pfn, phys_test_gaps[i].base_pfn);
		KUNIT_EXPECT_EQ(test, r.node, phys_test_gaps[i].node);
	}
}

/* Adjacent regions are allowed and stay separate regions. */
static void phys_test_adjacent_regions(struct kunit *test)
{
	const struct hwmem_region adj[] = {
		{ .base_pfn = 0x10, .nr_frames = 2 },
		{ .base_pfn = 0x12, .nr_frames = 2 },
	};
	struct hwmem_phys *phys = phys_test_new(test, adj, 2);
	struct hwmem_frame f;
	unsigned long nr_free;
	struct hwmem_region r;

	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 2, HWMEM_OWNER_USER, &f));
	KUNIT_EXPECT_EQ(test, f.pfn, 0x10ul);
	/* A run may not straddle two regions, even adjacent ones. */
	f.pfn = 0x11;
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_free_contig(phys, f, 2, HWMEM_OWNER_USER));
	hwmem_phys_region(phys, 1, &r, &nr_free);
	KUNIT_EXPECT_EQ(test, nr_free, 2ul);
}

static void phys_test_init_rejects(struct kunit *test)
{
	struct hwmem_phys *phys = kunit_kzalloc(test, sizeof(*phys), GFP_KERNEL);
	char meta[256];
	const struct hwmem_region empty[] = { { .base_pfn = 1, .nr_frames = 0 } };
	const struct hwmem_region overlap[] = {
		{ .base_pfn = 10, .nr_frames = 4 }, { .base_pfn = 13, .nr_frames = 1 },
	};
	const struct hwmem_region unsorted[] = {
		{ .base_pfn = 20, .nr_frames = 1 }, { .base_pfn = 10, .nr_frames = 1 },
	};
	const struct hwmem_region wrap[] = {
		{ .base_pfn = ULONG_MAX - 1, .nr_frames = 2 },
	};
	const struct hwmem_region huge[] = {
		{ .base_pfn = 0, .nr_frames = HWMEM_PHYS_MAX_FRAMES },
		{ .base_pfn = HWMEM_PHYS_MAX_FRAMES, .nr_frames = 1 },
	};
	const struct hwmem_region ok[] = { { .base_pfn = 10, .nr_frames = 4 } };

	KUNIT_ASSERT_NOT_NULL(test, phys);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_init(phys, ok, 0, meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_init(phys, empty, 1, meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_init(phys, overlap, 2, meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_init(phys, unsorted, 2, meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_init(phys, wrap, 1, meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_init(phys, huge, 2, meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_init(phys, ok, 1, NULL, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_phys_init(phys, ok, 1, meta, hwmem_phys_meta_size(1, 4) - 1));
	KUNIT_EXPECT_EQ(test, 0,
			hwmem_phys_init(phys, ok, 1, meta, hwmem_phys_meta_size(1, 4)));
	KUNIT_EXPECT_EQ(test, hwmem_phys_meta_size(UINT_MAX, ULONG_MAX), SIZE_MAX);
}

static void phys_test_exhaustion(struct kunit *test)
{
	struct hwmem_phys *phys = phys_test_new(test, phys_test_gaps, 3);
	struct hwmem_frame f, last;
	unsigned int i;

	for (i = 0; i < 14; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &last));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 0ul);

	f.pfn = 0xdead;
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_EXPECT_EQ(test, f.pfn, 0xdeadul);
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_phys_alloc_contig(phys, 1, HWMEM_OWNER_USER, &f));
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_phys_alloc_bulk(phys, 1, HWMEM_OWNER_USER, &f));
	KUNIT_EXPECT_EQ(test, phys_test_counter(phys, HWMEM_PHYS_ALLOC_FAILED), 3ul);
	KUNIT_EXPECT_EQ(test, phys_test_counter(phys, HWMEM_PHYS_ALLOCS), 14ul);

	/* One frame back, one frame out again. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_free(phys, last, HWMEM_OWNER_USER));
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_EXPECT_EQ(test, f.pfn, last.pfn);
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
}

/*
 * Which free frame comes next, b, a and c freed in that order: the one
 * freed last (lifo), the untouched ones first and then b, a, c (fifo),
 * or the lowest (lowest).
 */
static void phys_test_reuse_order(struct kunit *test)
{
	struct hwmem_phys *phys = phys_test_new(test, phys_test_gaps, 3);
	struct hwmem_frame a, b, c, f;
	unsigned long want[4];
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &a));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &b));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &c));
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_free(phys, b, HWMEM_OWNER_USER));
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_free(phys, a, HWMEM_OWNER_USER));
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_free(phys, c, HWMEM_OWNER_USER));

	switch (phys_test_policy(test)) {
	case HWMEM_PHYS_LIFO:
		/* Last freed, first reused: c, a, b, then the untouched frames. */
		want[0] = c.pfn, want[1] = a.pfn, want[2] = b.pfn, want[3] = 0x1003;
		break;
	case HWMEM_PHYS_FIFO:
		/* Freed frames queue behind the 11 never used. */
		want[0] = 0x1003, want[1] = 0x2000, want[2] = 0x2001, want[3] = 0x2100;
		break;
	default:
		want[0] = a.pfn, want[1] = b.pfn, want[2] = c.pfn, want[3] = 0x1003;
		break;
	}
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		KUNIT_EXPECT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
		KUNIT_EXPECT_EQ_MSG(test, f.pfn, want[i], "pick %u", i);
	}
}

/* The policy can change at any time: the free frames are gathered anew. */
static void phys_test_policy_switch(struct kunit *test)
{
	struct hwmem_phys *phys = phys_test_new(test, phys_test_gaps, 3);
	struct hwmem_frame f[14], g;
	struct hwmem_phys_stats st;
	DECLARE_BITMAP(seen, 14) = { };
	unsigned int p, i;

	for (i = 0; i < 14; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f[i]));
	/* Every other frame free, the highest first. */
	for (i = 14; i-- > 0;)
		if (i % 2)
			KUNIT_ASSERT_EQ(test, 0, hwmem_phys_free(phys, f[i], HWMEM_OWNER_USER));
	for (p = 0; p < HWMEM_PHYS_NR_POLICIES; p++) {
		hwmem_phys_set_policy(phys, p);
		hwmem_phys_get_stats(phys, &st);
		KUNIT_EXPECT_EQ(test, (int)st.policy, (int)p);
		KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_FREE], 7ul);
		/* Gathered in pfn order: the lowest free frame comes first. */
		KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &g));
		KUNIT_EXPECT_EQ(test, g.pfn, f[1].pfn);
		KUNIT_ASSERT_EQ(test, 0, hwmem_phys_free(phys, g, HWMEM_OWNER_USER));
	}
	/* A bad policy changes nothing. */
	hwmem_phys_set_policy(phys, HWMEM_PHYS_NR_POLICIES);
	hwmem_phys_get_stats(phys, &st);
	KUNIT_EXPECT_EQ(test, (int)st.policy, HWMEM_PHYS_NR_POLICIES - 1);
	/* Each of the seven free ones, once, then no more. */
	for (i = 0; i < 7; i++) {
		unsigned int j;

		KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &g));
		for (j = 0; j < 14 && f[j].pfn != g.pfn; j++)
			;
		KUNIT_ASSERT_LT(test, j, 14u);
		KUNIT_EXPECT_TRUE(test, j % 2);
		KUNIT_EXPECT_FALSE(test, test_and_set_bit(j, seen));
	}
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &g));
}

static void phys_test_double_free(struct kunit *test)
{
	struct hwmem_phys *phys = phys_test_new(test, phys_test_gaps, 3);
	struct hwmem_frame a, b, f;
	unsigned int i, seen_a = 0;

	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &a));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &b));
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_free(phys, a, HWMEM_OWNER_USER));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_free(phys, a, HWMEM_OWNER_USER));
	/* A never-allocated frame is just as free. */
	f.pfn = 0x2107;
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_free(phys, f, HWMEM_OWNER_USER));

	KUNIT_EXPECT_EQ(test, phys_test_counter(phys, HWMEM_PHYS_FREE_REFUSED), 2ul);
	KUNIT_EXPECT_EQ(test, phys_test_counter(phys, HWMEM_PHYS_FREES), 1ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 13ul);
	/*
	 * The free frames were not corrupted: the 13 come back, a among them
	 * once, b never, whatever the order the policy gives them in.
	 */
	for (i = 0; i < 13; i++) {
		KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
		KUNIT_EXPECT_NE(test, f.pfn, b.pfn);
		seen_a += f.pfn == a.pfn;
	}
	KUNIT_EXPECT_EQ(test, seen_a, 1u);
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
}

static void phys_test_foreign_pfn(struct kunit *test)
{
	struct hwmem_phys *phys = phys_test_new(test, phys_test_gaps, 3);
	static const unsigned long foreign[] = {
		0, 0xfff, 0x1004, 0x1fff, 0x2002, 0x20ff, 0x2108, ULONG_MAX,
	};
	struct hwmem_frame f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(foreign); i++) {
		f.pfn = foreign[i];
		KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_free(phys, f, HWMEM_OWNER_USER));
		KUNIT_EXPECT_EQ(test, hwmem_phys_owner(phys, f), HWMEM_NR_OWNERS);
		KUNIT_EXPECT_NULL(test, hwmem_phys_frame_addr(phys, f));
	}
	KUNIT_EXPECT_EQ(test, phys_test_counter(phys, HWMEM_PHYS_FREE_REFUSED),
			(unsigned long)ARRAY_SIZE(foreign));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 14ul);
	KUNIT_EXPECT_EQ(test, phys_test_counter(phys, HWMEM_PHYS_FREES), 0ul);
}

/* What the phys race threads share. */
struct phys_race {
	struct hwmem_phys *phys;
	unsigned long *taken;	/* a bit a frame, set while a thread holds it */
	unsigned long nr;
};

/*
 * One thread: frames taken one, three and two at a time (alloc, bulk,
 * contig), each marked as held (nobody else may hold it) and tagged, the
 * tag checked and the mark cleared before it goes back; owners looked up
 * and stats taken meanwhile, as debugfs does.
 */
static int phys_race_thread(void *arg, unsigned int id)
{
	struct phys_race *pr = arg;
	struct hwmem_frame held[64];
	unsigned int nr_held = 0, i, n, errors = 0;
	struct hwmem_phys_stats st;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, id + 1);
	for (i = 0; i < 3000; i++) {
		unsigned int op = prandom_u32_state(&rnd) % 8;
		struct hwmem_frame f[3];
		u64 *tag;

		if (op < 3 && nr_held + 3 <= ARRAY_SIZE(held)) {
			n = op + 1;
			if (n == 1 ? hwmem_phys_alloc(pr->phys, HWMEM_OWNER_USER, f) :
			    n == 2 ? hwmem_phys_alloc_contig(pr->phys, 2, HWMEM_OWNER_USER, f) :
			    hwmem_phys_alloc_bulk(pr->phys, 3, HWMEM_OWNER_USER, f))
				continue;
			if (n == 2)
				f[1].pfn = f[0].pfn + 1;
			while (n--) {
				errors += test_and_set_bit(f[n].pfn - HWMEM_TEST_BASE_PFN,
							   pr->taken);
				tag = hwmem_phys_frame_addr(pr->phys, f[n]);
				*tag = (u64)id << 32 | i;
				held[nr_held++] = f[n];
			}
		} else if (op < 6 && nr_held) {
			unsigned int k = prandom_u32_state(&rnd) % nr_held;

			tag = hwmem_phys_frame_addr(pr->phys, held[k]);
			errors += *tag >> 32 != id;
			clear_bit(held[k].pfn - HWMEM_TEST_BASE_PFN, pr->taken);
			errors += hwmem_phys_free(pr->phys, held[k], HWMEM_OWNER_USER) != 0;
			held[k] = held[--nr_held];
		} else if (op == 6) {
			f[0].pfn = HWMEM_TEST_BASE_PFN + prandom_u32_state(&rnd) % pr->nr;
			errors += hwmem_phys_owner(pr->phys, f[0]) >= HWMEM_NR_OWNERS;
		} else {
			hwmem_phys_get_stats(pr->phys, &st);
			errors += st.owned[HWMEM_OWNER_FREE] > st.nr_frames;
		}
		if (!(i % 64))
			cond_resched();
	}
	while (nr_held) {
		clear_bit(held[--nr_held].pfn - HWMEM_TEST_BASE_PFN, pr->taken);
		errors += hwmem_phys_free(pr->phys, held[nr_held], HWMEM_OWNER_USER) != 0;
	}
	return errors;
}

/* Threads on every CPU take and give back frames at once; all add up. */
static void phys_test_race(struct kunit *test)
{
	struct phys_race pr = { .nr = 512 };
	struct hwmem_phys_stats st;

	pr.phys = hwmem_test_phys(test, pr.nr);
	hwmem_phys_set_policy(pr.phys, phys_test_policy(test));
	pr.taken = kunit_kcalloc(test, BITS_TO_LONGS(pr.nr), sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pr.taken);
	hwmem_test_race(test, phys_race_thread, &pr);
	hwmem_phys_get_stats(pr.phys, &st);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_FREE], pr.nr);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_USER], 0ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_PHYS_ALLOCS], st.counters[HWMEM_PHYS_FREES]);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_PHYS_FREE_REFUSED], 0ul);
	KUNIT_EXPECT_EQ(test, find_first_bit(pr.taken, pr.nr), pr.nr);
}

/* Every counter and policy has a name of its own. */
static void phys_test_names(struct kunit *test)
{
	hwmem_test_names(test, hwmem_phys_counter_names, HWMEM_PHYS_NR_COUNTERS);
	hwmem_test_names(test, hwmem_phys_policy_names, HWMEM_PHYS_NR_POLICIES);
}

static void phys_test_owners(struct kunit *test)
{
	struct hwmem_phys *phys = phys_test_new(test, phys_test_gaps, 3);
	struct hwmem_phys_stats st;
	struct hwmem_frame u, b, t;
	u8 owners[8];

	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &u));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_BUDDY, &b));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_PGTABLE, &t));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_alloc(phys, HWMEM_OWNER_FREE, &t));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_alloc(phys, HWMEM_NR_OWNERS, &t));

	KUNIT_EXPECT_EQ(test, hwmem_phys_owner(phys, b), HWMEM_OWNER_BUDDY);
	/* The wrong owner may not free it, and nothing changes. */
	KUNIT_EXPECT_EQ(test, -EPERM, hwmem_phys_free(phys, b, HWMEM_OWNER_USER));
	KUNIT_EXPECT_EQ(test, hwmem_phys_owner(phys, b), HWMEM_OWNER_BUDDY);

	hwmem_phys_get_stats(phys, &st);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_USER], 1ul);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_BUDDY], 1ul);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_PGTABLE], 1ul);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_FREE], 11ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_PHYS_FREE_REFUSED], 1ul);

	KUNIT_EXPECT_EQ(test, 2u, hwmem_phys_owners(phys, 0, 0, owners, 2));
	KUNIT_EXPECT_EQ(test, 4u, hwmem_phys_owners(phys, 0, 0, owners, 8));
	KUNIT_EXPECT_EQ(test, owners[0], (u8)HWMEM_OWNER_USER);
	KUNIT_EXPECT_EQ(test, owners[1], (u8)HWMEM_OWNER_BUDDY);
	KUNIT_EXPECT_EQ(test, owners[2], (u8)HWMEM_OWNER_PGTABLE);
	KUNIT_EXPECT_EQ(test, owners[3], (u8)HWMEM_OWNER_FREE);
	KUNIT_EXPECT_EQ(test, 1u, hwmem_phys_owners(phys, 2, 7, owners, 8));
	KUNIT_EXPECT_EQ(test, 0u, hwmem_phys_owners(phys, 2, 8, owners, 8));
	KUNIT_EXPECT_EQ(test, 0u, hwmem_phys_owners(phys, 3, 0, owners, 8));

	KUNIT_EXPECT_EQ(test, hwmem_owner_char(HWMEM_OWNER_FREE), '.');
	KUNIT_EXPECT_EQ(test, hwmem_owner_char(HWMEM_OWNER_BUDDY), 'b');
	KUNIT_EXPECT_EQ(test, hwmem_owner_char(HWMEM_NR_OWNERS), '?');
	KUNIT_EXPECT_STREQ(test, hwmem_owner_name(HWMEM_OWNER_PGTABLE), "pgtable");
	KUNIT_EXPECT_STREQ(test, hwmem_owner_name(-1), "?");
	KUNIT_EXPECT_STREQ(test, hwmem_phys_counter_names[HWMEM_PHYS_FREE_REFUSED],
			   "free_refused");
}

static void phys_test_counters(struct kunit *test)
{
	struct hwmem_phys *phys = phys_test_new(test, phys_test_gaps, 3);
	struct hwmem_frame f[5];
	struct hwmem_phys_stats st;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_bulk(phys, 5, HWMEM_OWNER_SLAB, f));
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, 0, hwmem_phys_free(phys, f[i], HWMEM_OWNER_SLAB));
	hwmem_phys_get_stats(phys, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_PHYS_ALLOCS], 5ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_PHYS_FREES], 3ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_PHYS_ALLOC_FAILED], 0ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_PHYS_FREE_REFUSED], 0ul);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_SLAB], 2ul);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_FREE], 12ul);

	/* All or nothing: 13 frames asked, 12 free, nothing taken. */
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_phys_alloc_bulk(phys, 13, HWMEM_OWNER_USER, f));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_alloc_bulk(phys, 0, HWMEM_OWNER_USER, f));
	hwmem_phys_get_stats(phys, &st);
	KUNIT_EXPECT_EQ(test, st.owned[HWMEM_OWNER_FREE], 12ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_PHYS_ALLOC_FAILED], 1ul);
}

static void phys_test_contig(struct kunit *test)
{
	struct hwmem_phys *phys = phys_test_new(test, phys_test_gaps, 3);
	struct hwmem_frame f, hole, run;
	unsigned long nr_free;
	struct hwmem_region r;

	/* 5 contiguous frames fit only in the third region. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 5, HWMEM_OWNER_BUDDY, &run));
	KUNIT_EXPECT_EQ(test, run.pfn, 0x2100ul);
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_phys_alloc_contig(phys, 5, HWMEM_OWNER_USER, &f));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_alloc_contig(phys, 0, HWMEM_OWNER_USER, &f));

	/* A used frame in the middle of a region splits its runs. */
	hole.pfn = 0x1001;
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_free(phys, (struct hwmem_frame){ 0x1000 },
						 HWMEM_OWNER_USER));
	KUNIT_EXPECT_EQ(test, hwmem_phys_owner(phys, hole), HWMEM_OWNER_USER);
	/* Next fit: after the last run; then, past the end, from the start. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 2, HWMEM_OWNER_USER, &f));
	KUNIT_EXPECT_EQ(test, f.pfn, 0x2105ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 2, HWMEM_OWNER_USER, &f));
	KUNIT_EXPECT_EQ(test, f.pfn, 0x1002ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_free_contig(phys, (struct hwmem_frame){ 0x2105 },
							2, HWMEM_OWNER_USER));

	/* free_contig is all or nothing. */
	f.pfn = 0x2103;
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_free_contig(phys, f, 3, HWMEM_OWNER_BUDDY));
	KUNIT_EXPECT_EQ(test, -EPERM, hwmem_phys_free_contig(phys, run, 5, HWMEM_OWNER_USER));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_free_contig(phys, run, 0, HWMEM_OWNER_BUDDY));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_free_contig(phys, run, 9, HWMEM_OWNER_BUDDY));
	hwmem_phys_region(phys, 2, &r, &nr_free);
	KUNIT_EXPECT_EQ(test, nr_free, 3ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_free_contig(phys, run, 5, HWMEM_OWNER_BUDDY));
	hwmem_phys_region(phys, 2, &r, &nr_free);
	KUNIT_EXPECT_EQ(test, nr_free, 8ul);

	/*
	 * LIFO: the run comes back out in order, as free_contig frees it
	 * last frame first.  Lowest: the lowest free frame, 0x1000.
	 */
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	if (phys_test_policy(test) == HWMEM_PHYS_LIFO) {
		KUNIT_EXPECT_EQ(test, f.pfn, 0x2100ul);
		KUNIT_EXPECT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
		KUNIT_EXPECT_EQ(test, f.pfn, 0x2101ul);
	} else if (phys_test_policy(test) == HWMEM_PHYS_LOWEST) {
		KUNIT_EXPECT_EQ(test, f.pfn, 0x1000ul);
	}
}

static void phys_test_frame_addr(struct kunit *test)
{
	void *mem = kunit_kzalloc(test, 4 * HWMEM_FRAME_SIZE, GFP_KERNEL);
	struct hwmem_region regions[] = {
		{ .base_pfn = 0x40, .nr_frames = 4, .vaddr = mem },
		{ .base_pfn = 0x80, .nr_frames = 1, .vaddr = NULL },
	};
	struct hwmem_phys *phys;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	phys = phys_test_new(test, regions, 2);
	KUNIT_EXPECT_PTR_EQ(test, hwmem_phys_frame_addr(phys, (struct hwmem_frame){ 0x40 }),
			    mem);
	KUNIT_EXPECT_PTR_EQ(test, hwmem_phys_frame_addr(phys, (struct hwmem_frame){ 0x43 }),
			    mem + 3 * HWMEM_FRAME_SIZE);
	KUNIT_EXPECT_NULL(test, hwmem_phys_frame_addr(phys, (struct hwmem_frame){ 0x44 }));
	KUNIT_EXPECT_NULL(test, hwmem_phys_frame_addr(phys, (struct hwmem_frame){ 0x80 }));
}

static void phys_test_linear(struct kunit *test)
{
	char *mem = kunit_kzalloc(test, 8 * HWMEM_FRAME_SIZE, GFP_KERNEL);
	struct hwmem_region lin[] = {
		{ .base_pfn = 0x40, .nr_frames = 2, .vaddr = mem },
		{ .base_pfn = 0x44, .nr_frames = 2, .vaddr = mem + 4 * HWMEM_FRAME_SIZE },
	};
	struct hwmem_region apart[] = {
		{ .base_pfn = 0x40, .nr_frames = 2, .vaddr = mem },
		{ .base_pfn = 0x44, .nr_frames = 2, .vaddr = mem + 2 * HWMEM_FRAME_SIZE },
	};
	unsigned long offset;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_EXPECT_TRUE(test, hwmem_phys_linear(phys_test_new(test, lin, 2), &offset));
	KUNIT_EXPECT_EQ(test, offset + (0x45UL << HWMEM_FRAME_SHIFT),
			(unsigned long)mem + 5 * HWMEM_FRAME_SIZE);
	KUNIT_EXPECT_FALSE(test, hwmem_phys_linear(phys_test_new(test, apart, 2), &offset));
	KUNIT_EXPECT_FALSE(test, hwmem_phys_linear(phys_test_new(test, phys_test_gaps, 3),
						   &offset));
}

/* hwmem_phys_find() from any address, and the owner's private word. */
static void phys_test_find(struct kunit *test, struct hwmem_region *regions)
{
	struct hwmem_phys *phys = phys_test_new(test, regions, 2);
	char *second = regions[1].vaddr;
	struct hwmem_frame three[3], f, got;
	u32 priv = 7;

	/* Ascending order: the four allocations take 0x40, 0x41, 0x44, 0x45. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_bulk(phys, 3, HWMEM_OWNER_SLAB, three));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_ASSERT_EQ(test, f.pfn, 0x45UL);

	/* A held frame's word reads 0 until set, at any address inside it. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_find(phys, second + 2 * HWMEM_FRAME_SIZE - 1,
						 HWMEM_OWNER_USER, &got, &priv));
	KUNIT_EXPECT_EQ(test, got.pfn, 0x45UL);
	KUNIT_EXPECT_EQ(test, priv, 0u);
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_set_private(phys, f, HWMEM_OWNER_USER, 0xabcd));
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_find(phys, second + HWMEM_FRAME_SIZE,
						 HWMEM_OWNER_USER, NULL, &priv));
	KUNIT_EXPECT_EQ(test, priv, 0xabcdu);
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_find(phys, regions[0].vaddr, HWMEM_OWNER_SLAB,
						 &got, NULL));
	KUNIT_EXPECT_EQ(test, got.pfn, 0x40UL);

	/* Wrong owner, free frame, outside every region: refused, word kept. */
	KUNIT_EXPECT_EQ(test, -EPERM, hwmem_phys_find(phys, second + HWMEM_FRAME_SIZE,
						      HWMEM_OWNER_SLAB, NULL, &priv));
	KUNIT_EXPECT_EQ(test, -EPERM, hwmem_phys_set_private(phys, f, HWMEM_OWNER_SLAB, 1));
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_find(phys, regions[0].vaddr + HWMEM_FRAME_SIZE + 1,
						 HWMEM_OWNER_SLAB, &got, NULL));
	KUNIT_EXPECT_EQ(test, got.pfn, 0x41UL);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_find(phys, second - 1, HWMEM_OWNER_SLAB,
						       NULL, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_find(phys, second + 2 * HWMEM_FRAME_SIZE,
						       HWMEM_OWNER_SLAB, NULL, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_find(phys, NULL, HWMEM_OWNER_SLAB,
						       NULL, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_set_private(phys, (struct hwmem_frame){ 0x42 },
							      HWMEM_OWNER_SLAB, 1));
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_find(phys, second + HWMEM_FRAME_SIZE,
						 HWMEM_OWNER_USER, NULL, &priv));
	KUNIT_EXPECT_EQ(test, priv, 0xabcdu);

	/* Freeing loses it; the frame is free, then held afresh. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_free(phys, f, HWMEM_OWNER_USER));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_phys_find(phys, second + HWMEM_FRAME_SIZE,
						       HWMEM_OWNER_USER, NULL, NULL));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_ASSERT_EQ(test, f.pfn, 0x45UL);
	KUNIT_EXPECT_EQ(test, 0, hwmem_phys_find(phys, second + HWMEM_FRAME_SIZE,
						 HWMEM_OWNER_USER, NULL, &priv));
	KUNIT_EXPECT_EQ(test, priv, 0u);
}

/* Regions mapped at one offset from their pfns, and regions apart. */
static void phys_test_find_private(struct kunit *test)
{
	char *mem = kunit_kzalloc(test, 8 * HWMEM_FRAME_SIZE, GFP_KERNEL);
	struct hwmem_region lin[] = {
		{ .base_pfn = 0x40, .nr_frames = 2, .vaddr = mem },
		{ .base_pfn = 0x44, .nr_frames = 2, .vaddr = mem + 4 * HWMEM_FRAME_SIZE },
	};
	struct hwmem_region apart[] = {
		{ .base_pfn = 0x40, .nr_frames = 2, .vaddr = mem + 4 * HWMEM_FRAME_SIZE },
		{ .base_pfn = 0x44, .nr_frames = 2, .vaddr = mem + HWMEM_FRAME_SIZE },
	};

	KUNIT_ASSERT_NOT_NULL(test, mem);
	phys_test_find(test, lin);
	phys_test_find(test, apart);
}

/* A random alloc/free sequence, checked against a plain bitmap. */
static void phys_test_random(struct kunit *test)
{
	const struct hwmem_region regions[] = {
		{ .base_pfn = 0, .nr_frames = 40 },
		{ .base_pfn = 100, .nr_frames = 17 },
		{ .base_pfn = 1000, .nr_frames = 7 },
	};
	struct hwmem_phys *phys = phys_test_new(test, regions, 3);
	DECLARE_BITMAP(used, 1007) = { };
	unsigned long held[64], nr_held = 0, i;
	struct rnd_state rnd;
	struct hwmem_frame f;

	prandom_seed_state(&rnd, 42);
	for (i = 0; i < 5000; i++) {
		if (nr_held < 64 && prandom_u32_state(&rnd) % 2) {
			KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
			KUNIT_ASSERT_LT(test, f.pfn, 1007ul);
			KUNIT_ASSERT_FALSE(test, test_and_set_bit(f.pfn, used));
			held[nr_held++] = f.pfn;
		} else if (nr_held) {
			unsigned long k = prandom_u32_state(&rnd) % nr_held;

			f.pfn = held[k];
			held[k] = held[--nr_held];
			KUNIT_ASSERT_EQ(test, 0, hwmem_phys_free(phys, f, HWMEM_OWNER_USER));
			clear_bit(f.pfn, used);
			KUNIT_ASSERT_EQ(test, -EINVAL,
					hwmem_phys_free(phys, f, HWMEM_OWNER_USER));
		}
		KUNIT_ASSERT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 64 - nr_held);
	}
	KUNIT_EXPECT_EQ(test, bitmap_weight(used, 1007), nr_held);
}

static struct kunit_case phys_test_cases[] = {
	KUNIT_CASE(phys_test_single_region),
	KUNIT_CASE(phys_test_regions_in_order),
	KUNIT_CASE(phys_test_adjacent_regions),
	KUNIT_CASE(phys_test_init_rejects),
	KUNIT_CASE(phys_test_exhaustion),
	KUNIT_CASE(phys_test_reuse_order),
	KUNIT_CASE(phys_test_policy_switch),
	KUNIT_CASE(phys_test_double_free),
	KUNIT_CASE(phys_test_foreign_pfn),
	KUNIT_CASE(phys_test_names),
	KUNIT_CASE(phys_test_race),
	KUNIT_CASE(phys_test_owners),
	KUNIT_CASE(phys_test_counters),
	KUNIT_CASE(phys_test_contig),
	KUNIT_CASE(phys_test_frame_addr),
	KUNIT_CASE(phys_test_linear),
	KUNIT_CASE(phys_test_find_private),
	KUNIT_CASE(phys_test_random),
	{}
};

static int phys_test_lifo(struct kunit *test)
{
	test->priv = (void *)HWMEM_PHYS_LIFO;
	return 0;
}

static int phys_test_fifo(struct kunit *test)
{
	test->priv = (void *)HWMEM_PHYS_FIFO;
	return 0;
}

static int phys_test_lowest(struct kunit *test)
{
	test->priv = (void *)HWMEM_PHYS_LOWEST;
	return 0;
}

static struct kunit_suite phys_test_suites[] = {
	{ .name = "hwmem-phys-lifo", .init = phys_test_lifo,
	  .test_cases = phys_test_cases },
	{ .name = "hwmem-phys-fifo", .init = phys_test_fifo,
	  .test_cases = phys_test_cases },
	{ .name = "hwmem-phys-lowest", .init = phys_test_lowest,
	  .test_cases = phys_test_cases },
};

kunit_test_suites(&phys_test_suites[0], &phys_test_suites[1],
		  &phys_test_suites[2]);

#endif /* _HWMEM_PHYS_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
