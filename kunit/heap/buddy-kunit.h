/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for the hwmem buddy allocator, included at the end of
 * hwmem/heap/buddy.c.  Most use byte-sized buddies: 16-byte order-0
 * blocks, so that every layout is small enough to check by hand.
 *
 * The suite runs once per placement policy (hwmem-buddy-exact, -hot,
 * -lowest): every buddy a case makes gets the suite's policy, so every
 * invariant is checked under each.  Where a policy places differently on
 * purpose, the case says what each does.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_BUDDY_KUNIT_H
#define _HWMEM_BUDDY_KUNIT_H

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/prandom.h>

#include <hwmem/report.h>

#include "../fixture.h"

#define BT_SHIFT	4
#define BT_BLOCK	BIT(BT_SHIFT)

/* The policy of the suite that runs the case. */
static enum hwmem_buddy_policy buddy_test_policy(struct kunit *test)
{
	return (uintptr_t)test->priv;
}

static struct hwmem_buddy *buddy_test_init(struct kunit *test,
					   unsigned long nr_blocks, bool poison)
{
	size_t size = nr_blocks * BT_BLOCK;
	size_t meta_size = hwmem_buddy_meta_size(size, BT_SHIFT);
	struct hwmem_buddy *buddy = kunit_kzalloc(test, sizeof(*buddy), GFP_KERNEL);
	void *base = kunit_kzalloc(test, size, GFP_KERNEL);
	void *meta = kunit_kzalloc(test, meta_size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buddy);
	KUNIT_ASSERT_NOT_NULL(test, base);
	KUNIT_ASSERT_NOT_NULL(test, meta);
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_init(buddy, base, size, BT_SHIFT,
						  poison, meta, meta_size));
	if (buddy_test_policy(test) == HWMEM_BUDDY_HOT)
		hwmem_buddy_set_hot(buddy, HWMEM_BUDDY_HOT_DEFAULT);
	else
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_set_policy(buddy,
								buddy_test_policy(test)));
	return buddy;
}

/* Merge what the hot lists hold, keeping the policy: a no-op without them. */
static void buddy_test_settle(struct hwmem_buddy *buddy)
{
	if (buddy->policy == HWMEM_BUDDY_HOT)
		hwmem_buddy_set_hot(buddy, buddy->hot_len);
}

static void buddy_test_stats(struct hwmem_buddy *buddy, struct hwmem_buddy_stats *st)
{
	hwmem_buddy_get_stats(buddy, st);
}

static unsigned long buddy_test_off(struct hwmem_buddy *buddy, void *p)
{
	return (p - buddy->base) / BT_BLOCK;
}

static void buddy_test_init_layouts(struct kunit *test)
{
	struct hwmem_buddy *buddy;
	struct hwmem_buddy_stats st;

	buddy = buddy_test_init(test, 16, false);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.max_order, 4u);
	KUNIT_EXPECT_EQ(test, st.capacity, (size_t)256);
	KUNIT_EXPECT_EQ(test, st.min_block, (size_t)16);
	KUNIT_EXPECT_EQ(test, st.free_bytes, (size_t)256);
	KUNIT_EXPECT_EQ(test, st.nr_free[4], 1ul);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_largest_free_order(&st), 4);

	/* 13 = 8 + 4 + 1, each naturally aligned: offsets 0, 8 and 12. */
	buddy = buddy_test_init(test, 13, false);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.max_order, 3u);
	KUNIT_EXPECT_EQ(test, st.nr_free[3], 1ul);
	KUNIT_EXPECT_EQ(test, st.nr_free[2], 1ul);
	KUNIT_EXPECT_EQ(test, st.nr_free[1], 0ul);
	KUNIT_EXPECT_EQ(test, st.nr_free[0], 1ul);
	KUNIT_EXPECT_EQ(test, st.free_bytes, (size_t)13 * 16);

	/* 24 = 16 + 8; the order-3 block at 16 may not merge past the end. */
	buddy = buddy_test_init(test, 24, false);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_free[4], 1ul);
	KUNIT_EXPECT_EQ(test, st.nr_free[3], 1ul);

	buddy = buddy_test_init(test, 1, false);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.max_order, 0u);
	KUNIT_EXPECT_EQ(test, st.nr_free[0], 1ul);
}

static void buddy_test_init_rejects(struct kunit *test)
{
	struct hwmem_buddy *buddy = kunit_kzalloc(test, sizeof(*buddy), GFP_KERNEL);
	char base[256], meta[256 * 2];

	KUNIT_ASSERT_NOT_NULL(test, buddy);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_init(buddy, NULL, 256, 4, false,
							meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_init(buddy, base, 256, 4, false,
							NULL, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_init(buddy, base, 0, 4, false,
							meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_init(buddy, base, 250, 4, false,
							meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_init(buddy, base, 256, 2, false,
							meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_init(buddy, base, 256, 31, false,
							meta, sizeof(meta)));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_buddy_init(buddy, base, 256, 4, false, meta,
					 hwmem_buddy_meta_size(256, 4) - 1));
	KUNIT_EXPECT_EQ(test, 0, hwmem_buddy_init(buddy, base, 256, 4, false, meta,
						  hwmem_buddy_meta_size(256, 4)));
	KUNIT_EXPECT_EQ(test, hwmem_buddy_meta_size(256, 2), SIZE_MAX);
}

static void buddy_test_split_merge(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, false);
	struct hwmem_buddy_stats st;
	unsigned int o;
	void *p;

	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &p));
	KUNIT_EXPECT_PTR_EQ(test, p, buddy->base);
	buddy_test_stats(buddy, &st);
	for (o = 0; o < 4; o++)
		KUNIT_EXPECT_EQ_MSG(test, st.nr_free[o], 1ul, "order %u", o);
	KUNIT_EXPECT_EQ(test, st.nr_free[4], 0ul);
	KUNIT_EXPECT_EQ(test, st.free_bytes, (size_t)240);

	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, p));
	buddy_test_settle(buddy);
	buddy_test_stats(buddy, &st);
	for (o = 0; o < 4; o++)
		KUNIT_EXPECT_EQ_MSG(test, st.nr_free[o], 0ul, "order %u", o);
	KUNIT_EXPECT_EQ(test, st.nr_free[4], 1ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_BUDDY_ALLOCS], 1ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_BUDDY_FREES], 1ul);
}

/* The smallest suitable block is used, not a split of a larger one. */
static void buddy_test_smallest_first(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 13, false);
	struct hwmem_buddy_stats st;
	void *p;

	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &p));
	KUNIT_EXPECT_EQ(test, buddy_test_off(buddy, p), 12ul);
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 1, &p));
	KUNIT_EXPECT_EQ(test, buddy_test_off(buddy, p), 8ul);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_free[3], 1ul);
	KUNIT_EXPECT_EQ(test, st.nr_free[1], 1ul);
}

static void buddy_test_exhaustion(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, false);
	DECLARE_BITMAP(seen, 16) = { };
	struct hwmem_buddy_stats st;
	unsigned int i;
	void *p;

	for (i = 0; i < 16; i++) {
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &p));
		KUNIT_EXPECT_FALSE(test, test_and_set_bit(buddy_test_off(buddy, p), seen));
	}
	p = NULL;
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_buddy_alloc(buddy, 0, &p));
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_buddy_alloc(buddy, 4, &p));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_alloc(buddy, 5, &p));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_alloc(buddy, UINT_MAX, &p));
	KUNIT_EXPECT_NULL(test, p);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_BUDDY_ALLOC_FAILED], 2ul);
	KUNIT_EXPECT_EQ(test, st.free_bytes, (size_t)0);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_largest_free_order(&st), -1);
}

static void buddy_test_refused_frees(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, false);
	struct hwmem_buddy_stats before, after;
	void *big, *small;

	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 2, &big));
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &small));
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, small));
	buddy_test_stats(buddy, &before);

	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_free(buddy, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_free(buddy, buddy->base - BT_BLOCK));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_free(buddy, big + 1));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_free(buddy, big + BT_BLOCK));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_free(buddy, buddy->base + 16 * BT_BLOCK));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_free(buddy, small));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_buddy_free(buddy, buddy->base + 8 * BT_BLOCK));

	buddy_test_stats(buddy, &after);
	KUNIT_EXPECT_EQ(test, after.counters[HWMEM_BUDDY_FREE_REFUSED], 7ul);
	after.counters[HWMEM_BUDDY_FREE_REFUSED] = 0;
	KUNIT_EXPECT_EQ(test, 0, memcmp(&before, &after, sizeof(before)));

	/* The block is still whole: it frees once, and all merges back. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_buddy_free(buddy, big));
	buddy_test_settle(buddy);
	buddy_test_stats(buddy, &after);
	KUNIT_EXPECT_EQ(test, after.nr_free[4], 1ul);
}

/* Random orders until the buddy is full, random frees until it is empty. */
static void buddy_test_random(struct kunit *test, unsigned long nr_blocks)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, nr_blocks, false);
	struct hwmem_buddy_stats initial, st;
	unsigned long *used = kunit_kcalloc(test, BITS_TO_LONGS(nr_blocks),
					    sizeof(long), GFP_KERNEL);
	void **held = kunit_kcalloc(test, nr_blocks, sizeof(void *), GFP_KERNEL);
	unsigned int *orders = kunit_kcalloc(test, nr_blocks, sizeof(int), GFP_KERNEL);
	unsigned long nr_held, round, i, allocated;
	struct rnd_state rnd;

	KUNIT_ASSERT_NOT_NULL(test, used);
	KUNIT_ASSERT_NOT_NULL(test, held);
	KUNIT_ASSERT_NOT_NULL(test, orders);
	buddy_test_stats(buddy, &initial);
	prandom_seed_state(&rnd, 2026 + nr_blocks);

	for (round = 0; round < 20; round++) {
		nr_held = 0;
		allocated = 0;
		for (i = 0; i < 4 * nr_blocks && nr_held < nr_blocks; i++) {
			unsigned int order = prandom_u32_state(&rnd) % (initial.max_order + 1);
			unsigned long off;
			void *p;

			if (hwmem_buddy_alloc(buddy, order, &p))
				continue;
			off = buddy_test_off(buddy, p);
			KUNIT_ASSERT_TRUE(test, IS_ALIGNED(off, 1UL << order));
			KUNIT_ASSERT_LE(test, off + (1UL << order), nr_blocks);
			KUNIT_ASSERT_EQ(test, find_next_bit(used, off + (1UL << order), off),
					off + (1UL << order));
			bitmap_set(used, off, 1UL << order);
			held[nr_held] = p;
			orders[nr_held++] = order;
			allocated += 1UL << order;
			buddy_test_stats(buddy, &st);
			KUNIT_ASSERT_EQ(test, st.free_bytes + allocated * BT_BLOCK, st.capacity);
		}
		while (nr_held) {
			unsigned long k = prandom_u32_state(&rnd) % nr_held;
			unsigned long off = buddy_test_off(buddy, held[k]);

			KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, held[k]));
			bitmap_clear(used, off, 1UL << orders[k]);
			held[k] = held[--nr_held];
			orders[k] = orders[nr_held];
		}
		buddy_test_settle(buddy);
		buddy_test_stats(buddy, &st);
		KUNIT_ASSERT_EQ(test, 0, memcmp(st.nr_free, initial.nr_free,
						sizeof(st.nr_free)));
	}
}

static void buddy_test_random_pow2(struct kunit *test)
{
	buddy_test_random(test, 64);
}

static void buddy_test_random_odd(struct kunit *test)
{
	buddy_test_random(test, 45);
}

static void buddy_test_poison(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, true);
	struct hwmem_buddy_stats st;
	u8 *p, *q;

	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 1, (void **)&p));
	memset(p, 0xaa, 2 * BT_BLOCK);
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, p));
	KUNIT_EXPECT_NULL(test, memchr_inv(p, POISON_FREE, 2 * BT_BLOCK));

	/* A write after the free is found by the next allocation of it. */
	p[5] = 0;
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 1, (void **)&q));
	KUNIT_EXPECT_PTR_EQ(test, q, p);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_BUDDY_POISON_ERRORS], 1ul);

	/* Clean blocks are not reported. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 2, (void **)&q));
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, (void **)&q));
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_BUDDY_POISON_ERRORS], 1ul);
}

static void buddy_test_fragmentation(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, false);
	struct hwmem_buddy_stats st;
	void *p[16];
	unsigned int i;

	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_unusable_index(&st, 4), 0);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_extfrag_index(&st, 4), -1000);

	for (i = 0; i < 16; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &p[i]));
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_unusable_index(&st, 0), 1000);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_extfrag_index(&st, 0), 0);

	/* Every other block free: 8 order-0 blocks that cannot merge. */
	for (i = 0; i < 16; i += 2)
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, p[i]));
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_free[0], 8ul);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_unusable_index(&st, 0), 0);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_unusable_index(&st, 1), 1000);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_extfrag_index(&st, 0), -1000);
	/* 1000 - (1000 + 8 * 1000 / 2) / 8 */
	KUNIT_EXPECT_EQ(test, hwmem_buddy_extfrag_index(&st, 1), 375);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_extfrag_index(&st, 3), 750);

	/* Blocks 0 and 1 merge: 7 order-0 blocks and one order-1 free. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, p[1]));
	buddy_test_settle(buddy);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_free[0], 7ul);
	KUNIT_EXPECT_EQ(test, st.nr_free[1], 1ul);
	/* (9 - 1 * 2) / 9 */
	KUNIT_EXPECT_EQ(test, hwmem_buddy_unusable_index(&st, 1), 777);
	KUNIT_EXPECT_EQ(test, hwmem_buddy_largest_free_order(&st), 1);
}

static void buddy_test_draw(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, false);
	char buf[17] = { };
	void *a, *c;

	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &a));
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 2, &c));
	KUNIT_EXPECT_EQ(test, hwmem_buddy_draw(buddy, 0, buf, 16), 16ul);
	KUNIT_EXPECT_STREQ(test, buf, "Aab.C###d.......");

	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, hwmem_buddy_draw(buddy, 5, buf, 4), 4ul);
	KUNIT_EXPECT_STREQ(test, buf, "###d");
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, hwmem_buddy_draw(buddy, 14, buf, 16), 2ul);
	KUNIT_EXPECT_STREQ(test, buf, "..");
	KUNIT_EXPECT_EQ(test, hwmem_buddy_draw(buddy, 16, buf, 16), 0ul);
}

/* Hot lists: freed small blocks kept unmerged and handed out first. */
static void buddy_test_hot(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, false);
	struct hwmem_buddy_stats st;
	void *p, *q, *r[3];
	char buf[17] = { };
	unsigned int i;

	hwmem_buddy_set_hot(buddy, 2);
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &p));
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, p));
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.hot_max, 2u);
	KUNIT_EXPECT_EQ(test, st.nr_hot[0], 1ul);
	KUNIT_EXPECT_EQ(test, st.nr_free[0], 2ul);
	KUNIT_EXPECT_EQ(test, st.nr_free[4], 0ul);
	KUNIT_EXPECT_EQ(test, st.free_bytes, (size_t)256);
	hwmem_buddy_draw(buddy, 0, buf, 16);
	KUNIT_EXPECT_STREQ(test, buf, "aab.c...d.......");

	/* The hot block comes back first, with no split. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &q));
	KUNIT_EXPECT_PTR_EQ(test, q, p);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_hot[0], 0ul);
	KUNIT_EXPECT_EQ(test, st.nr_free[0], 1ul);

	/* A hot block is free: freeing it again is refused. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, q));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_free(buddy, q));

	/* Two hot at most; the third free merges. */
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &r[i]));
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, r[i]));
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_hot[0], 2ul);

	/* Turning the lists off merges them back: one block again. */
	hwmem_buddy_set_hot(buddy, 0);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_free[4], 1ul);
	KUNIT_EXPECT_EQ(test, st.nr_hot[0], 0ul);
	hwmem_buddy_set_hot(buddy, 1000);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.hot_max, (unsigned int)HWMEM_BUDDY_HOT_MAX);
}

/* An allocation no free block can serve merges the hot lists first. */
static void buddy_test_hot_drain(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, false);
	struct hwmem_buddy_stats st;
	void *p[16], *big;
	unsigned int i;

	hwmem_buddy_set_hot(buddy, 8);
	for (i = 0; i < 16; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &p[i]));
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, p[i]));
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_hot[0], 4ul);
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 2, &big));
	KUNIT_EXPECT_PTR_EQ(test, big, buddy->base);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_hot[0], 0ul);
	KUNIT_EXPECT_EQ(test, st.free_bytes, (size_t)0);
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_buddy_alloc(buddy, 0, &big));
}

/* The random run again, with hot lists, ends where it started. */
static void buddy_test_random_hot(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 64, false);
	struct hwmem_buddy_stats st;
	struct rnd_state rnd;
	void *held[64];
	unsigned int nr = 0, i;

	hwmem_buddy_set_hot(buddy, 4);
	prandom_seed_state(&rnd, 17);
	for (i = 0; i < 5000; i++) {
		if (nr < 64 && prandom_u32_state(&rnd) % 2) {
			if (!hwmem_buddy_alloc(buddy, prandom_u32_state(&rnd) % 4, &held[nr]))
				nr++;
		} else if (nr) {
			unsigned int k = prandom_u32_state(&rnd) % nr;

			KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, held[k]));
			held[k] = held[--nr];
		}
	}
	while (nr)
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, held[--nr]));
	hwmem_buddy_set_hot(buddy, 0);
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, st.nr_free[6], 1ul);
	KUNIT_EXPECT_EQ(test, st.free_bytes, st.capacity);
}

/*
 * Which free block comes next: with blocks 9, 3 and 12 freed in that order
 * (no two of them buddies), the one freed last (exact and hot: a stack, a
 * hot list) or the lowest (lowest).
 */
static void buddy_test_placement(struct kunit *test)
{
	static const unsigned int freed[] = { 9, 3, 12 };
	static const unsigned int next[][3] = {
		[HWMEM_BUDDY_HOT]	= { 12, 3, 9 },
		[HWMEM_BUDDY_EXACT]	= { 12, 3, 9 },
		[HWMEM_BUDDY_LOWEST]	= { 3, 9, 12 },
	};
	enum hwmem_buddy_policy policy = buddy_test_policy(test);
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, false);
	struct hwmem_buddy_stats st;
	void *p[16];
	unsigned int i;

	for (i = 0; i < 16; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &p[i]));
	for (i = 0; i < ARRAY_SIZE(freed); i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, p[freed[i]]));
	for (i = 0; i < ARRAY_SIZE(freed); i++) {
		void *q;

		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &q));
		KUNIT_EXPECT_EQ_MSG(test, buddy_test_off(buddy, q),
				    (unsigned long)next[policy][i], "pick %u", i);
	}
	buddy_test_stats(buddy, &st);
	KUNIT_EXPECT_EQ(test, (int)st.policy, (int)policy);
}

/*
 * A write into a freed block on a hot list, of any order a hot list
 * keeps and at any byte, is reported when the block is handed out again.
 */
static void buddy_test_poison_hot(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, true);
	unsigned long before = hwmem_nr_reports(), errors = 0;
	struct hwmem_buddy_stats st;
	unsigned int order;

	hwmem_buddy_set_hot(buddy, 4);
	for (order = 0; order <= 3; order++) {
		size_t bytes = BT_BLOCK << order, at;

		for (at = 0; at < bytes; at += bytes / 4 + 1) {
			u8 *p, *q;

			KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, order, (void **)&p));
			KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, p));
			buddy_test_stats(buddy, &st);
			KUNIT_EXPECT_EQ(test, st.nr_hot[order], 1ul);
			p[at] = 0x42;
			KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, order, (void **)&q));
			KUNIT_EXPECT_PTR_EQ(test, q, p);
			buddy_test_stats(buddy, &st);
			KUNIT_EXPECT_EQ_MSG(test, st.counters[HWMEM_BUDDY_POISON_ERRORS],
					    ++errors, "order %u byte %zu", order, at);
			KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, q));
			/* The last byte too. */
			if (at + bytes / 4 + 1 >= bytes && at != bytes - 1)
				at = bytes - 1 - (bytes / 4 + 1);
		}
	}
	KUNIT_EXPECT_EQ(test, hwmem_nr_reports() - before, errors);
}

/* Switching policies: only with nothing allocated, and the stats follow. */
static void buddy_test_policy_switch(struct kunit *test)
{
	struct hwmem_buddy *buddy = buddy_test_init(test, 16, false);
	struct hwmem_buddy_stats st;
	unsigned int p;
	void *q;

	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 0, &q));
	for (p = 0; p < HWMEM_BUDDY_NR_POLICIES; p++)
		KUNIT_EXPECT_EQ(test, -EBUSY, hwmem_buddy_set_policy(buddy, p));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_buddy_set_policy(buddy, HWMEM_BUDDY_NR_POLICIES));
	KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, q));
	for (p = 0; p < HWMEM_BUDDY_NR_POLICIES; p++) {
		KUNIT_EXPECT_EQ(test, 0, hwmem_buddy_set_policy(buddy, p));
		buddy_test_stats(buddy, &st);
		KUNIT_EXPECT_EQ(test, (int)st.policy, (int)p);
		KUNIT_EXPECT_EQ(test, st.hot_max, p == HWMEM_BUDDY_HOT ?
				(unsigned int)HWMEM_BUDDY_HOT_DEFAULT : 0u);
		/* Hot blocks were merged back: one whole block. */
		KUNIT_EXPECT_EQ(test, st.nr_free[4], 1ul);
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_alloc(buddy, 4, &q));
		KUNIT_EXPECT_PTR_EQ(test, q, buddy->base);
		KUNIT_ASSERT_EQ(test, 0, hwmem_buddy_free(buddy, q));
	}
	KUNIT_EXPECT_STREQ(test, hwmem_buddy_policy_names[HWMEM_BUDDY_LOWEST], "lowest");
	hwmem_test_names(test, hwmem_buddy_policy_names, HWMEM_BUDDY_NR_POLICIES);
	hwmem_test_names(test, hwmem_buddy_counter_names, HWMEM_BUDDY_NR_COUNTERS);
}

/* What the buddy race threads share. */
struct buddy_race {
	struct hwmem_buddy *buddy;
	unsigned long *taken;	/* a bit an order-0 block, set while held */
	unsigned long nr;
};

/* One thread: blocks of orders 0 to 3, marked, tagged, checked, freed. */
static int buddy_race_thread(void *arg, unsigned int id)
{
	struct buddy_race *br = arg;
	struct { u64 *p; unsigned int order; } held[32];
	unsigned int nr_held = 0, i, errors = 0;
	struct hwmem_buddy_stats st;
	struct rnd_state rnd;
	unsigned long off;

	prandom_seed_state(&rnd, id + 11);
	for (i = 0; i < 3000; i++) {
		unsigned int op = prandom_u32_state(&rnd) % 8, b;

		if (op < 4 && nr_held < ARRAY_SIZE(held)) {
			unsigned int order = prandom_u32_state(&rnd) % 4;
			void *p;

			if (hwmem_buddy_alloc(br->buddy, order, &p))
				continue;
			off = (p - br->buddy->base) >> BT_SHIFT;
			for (b = 0; b < 1U << order; b++)
				errors += test_and_set_bit(off + b, br->taken);
			held[nr_held].p = p;
			held[nr_held].order = order;
			*held[nr_held++].p = (u64)id << 32 | i;
		} else if (op < 7 && nr_held) {
			unsigned int k = prandom_u32_state(&rnd) % nr_held;

			errors += *held[k].p >> 32 != id;
			off = ((void *)held[k].p - br->buddy->base) >> BT_SHIFT;
			for (b = 0; b < 1U << held[k].order; b++)
				clear_bit(off + b, br->taken);
			errors += hwmem_buddy_free(br->buddy, held[k].p) != 0;
			held[k] = held[--nr_held];
		} else {
			buddy_test_stats(br->buddy, &st);
			errors += st.free_bytes > st.capacity;
		}
		if (!(i % 64))
			cond_resched();
	}
	while (nr_held) {
		off = ((void *)held[--nr_held].p - br->buddy->base) >> BT_SHIFT;
		for (i = 0; i < 1U << held[nr_held].order; i++)
			clear_bit(off + i, br->taken);
		errors += hwmem_buddy_free(br->buddy, held[nr_held].p) != 0;
	}
	return errors;
}

/*
 * Threads on every CPU allocate and free at once, under the suite's
 * policy (so with hot lists and without): no block is held twice, and
 * all merges back.
 */
static void buddy_test_race(struct kunit *test)
{
	struct buddy_race br = { .nr = 512 };
	struct hwmem_buddy_stats initial, st;

	br.buddy = buddy_test_init(test, br.nr, false);
	br.taken = kunit_kcalloc(test, BITS_TO_LONGS(br.nr), sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, br.taken);
	buddy_test_stats(br.buddy, &initial);
	hwmem_test_race(test, buddy_race_thread, &br);
	buddy_test_settle(br.buddy);
	buddy_test_stats(br.buddy, &st);
	KUNIT_EXPECT_EQ(test, st.free_bytes, st.capacity);
	KUNIT_EXPECT_EQ(test, 0, memcmp(st.nr_free, initial.nr_free, sizeof(st.nr_free)));
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_BUDDY_ALLOCS], st.counters[HWMEM_BUDDY_FREES]);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_BUDDY_FREE_REFUSED], 0ul);
}

static struct kunit_case buddy_test_cases[] = {
	KUNIT_CASE(buddy_test_init_layouts),
	KUNIT_CASE(buddy_test_init_rejects),
	KUNIT_CASE(buddy_test_split_merge),
	KUNIT_CASE(buddy_test_smallest_first),
	KUNIT_CASE(buddy_test_exhaustion),
	KUNIT_CASE(buddy_test_refused_frees),
	KUNIT_CASE(buddy_test_random_pow2),
	KUNIT_CASE(buddy_test_random_odd),
	KUNIT_CASE(buddy_test_poison),
	KUNIT_CASE(buddy_test_fragmentation),
	KUNIT_CASE(buddy_test_draw),
	KUNIT_CASE(buddy_test_hot),
	KUNIT_CASE(buddy_test_hot_drain),
	KUNIT_CASE(buddy_test_random_hot),
	KUNIT_CASE(buddy_test_placement),
	KUNIT_CASE(buddy_test_poison_hot),
	KUNIT_CASE(buddy_test_policy_switch),
	KUNIT_CASE(buddy_test_race),
	{}
};

static int buddy_test_exact(struct kunit *test)
{
	test->priv = (void *)HWMEM_BUDDY_EXACT;
	return 0;
}

static int buddy_test_hot_lists(struct kunit *test)
{
	test->priv = (void *)HWMEM_BUDDY_HOT;
	return 0;
}

static int buddy_test_lowest(struct kunit *test)
{
	test->priv = (void *)HWMEM_BUDDY_LOWEST;
	return 0;
}

static struct kunit_suite buddy_test_suites[] = {
	{ .name = "hwmem-buddy-exact", .init = buddy_test_exact,
	  .test_cases = buddy_test_cases },
	{ .name = "hwmem-buddy-hot", .init = buddy_test_hot_lists,
	  .test_cases = buddy_test_cases },
	{ .name = "hwmem-buddy-lowest", .init = buddy_test_lowest,
	  .test_cases = buddy_test_cases },
};

kunit_test_suites(&buddy_test_suites[0], &buddy_test_suites[1],
		  &buddy_test_suites[2]);

#endif /* _HWMEM_BUDDY_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
