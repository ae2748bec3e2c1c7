/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem's hierarchical bitmap, included at the end of
 * hwmem/lib/hbitmap.c: sizes at the word and level edges, and a random
 * walk checked against a plain bitmap.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_HBITMAP_KUNIT_H
#define _HWMEM_HBITMAP_KUNIT_H

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/slab.h>

static void hbitmap_test_sizes(struct kunit *test)
{
	static const struct { unsigned long bits, words, levels; } sizes[] = {
		{ 1, 1, 1 }, { 64, 1, 1 }, { 65, 3, 2 }, { 4096, 65, 2 },
		{ 4097, 68, 3 }, { 1UL << 28, 4260881, 5 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		KUNIT_EXPECT_EQ_MSG(test, hwmem_hbitmap_words(sizes[i].bits),
				    sizes[i].words, "%lu bits", sizes[i].bits);
	for (i = 0; i < ARRAY_SIZE(sizes) - 1; i++) {
		unsigned long *w = kunit_kcalloc(test, sizes[i].words, sizeof(*w),
						 GFP_KERNEL);
		struct hwmem_hbitmap hbm;

		KUNIT_ASSERT_NOT_NULL(test, w);
		memset(w, 0xff, sizes[i].words * sizeof(*w));
		hwmem_hbitmap_init(&hbm, sizes[i].bits, w);
		KUNIT_EXPECT_EQ(test, hbm.nr_levels, (unsigned int)sizes[i].levels);
		KUNIT_EXPECT_EQ(test, hwmem_hbitmap_first(&hbm), -1L);
		/* The last member, then the first. */
		hwmem_hbitmap_set(&hbm, sizes[i].bits - 1);
		KUNIT_EXPECT_EQ(test, hwmem_hbitmap_first(&hbm), (long)sizes[i].bits - 1);
		hwmem_hbitmap_set(&hbm, 0);
		KUNIT_EXPECT_EQ(test, hwmem_hbitmap_first(&hbm), 0L);
		hwmem_hbitmap_clear(&hbm, 0);
		hwmem_hbitmap_clear(&hbm, sizes[i].bits - 1);
		KUNIT_EXPECT_EQ(test, hwmem_hbitmap_first(&hbm), -1L);
	}
}

/* Random sets and clears over three levels, against a plain bitmap. */
static void hbitmap_test_random(struct kunit *test)
{
	const unsigned long bits = 300000;
	unsigned long *w = kunit_kcalloc(test, hwmem_hbitmap_words(bits),
					 sizeof(*w), GFP_KERNEL);
	unsigned long *plain = kunit_kcalloc(test, BITS_TO_LONGS(bits),
					     sizeof(*plain), GFP_KERNEL);
	struct hwmem_hbitmap hbm;
	struct rnd_state rnd;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	hwmem_hbitmap_init(&hbm, bits, w);
	prandom_seed_state(&rnd, 16);
	for (i = 0; i < 20000; i++) {
		/* Clustered near the bottom now and then, so words empty out. */
		unsigned long bit = prandom_u32_state(&rnd) % (i & 1 ? bits : 200);
		unsigned long want;

		if (prandom_u32_state(&rnd) & 1) {
			hwmem_hbitmap_set(&hbm, bit);
			__set_bit(bit, plain);
		} else {
			hwmem_hbitmap_clear(&hbm, bit);
			__clear_bit(bit, plain);
		}
		KUNIT_ASSERT_EQ(test, hwmem_hbitmap_test(&hbm, bit), test_bit(bit, plain));
		want = find_first_bit(plain, bits);
		KUNIT_ASSERT_EQ(test, hwmem_hbitmap_first(&hbm),
				want < bits ? (long)want : -1L);
	}
}

static struct kunit_case hbitmap_test_cases[] = {
	KUNIT_CASE(hbitmap_test_sizes),
	KUNIT_CASE(hbitmap_test_random),
	{}
};

static struct kunit_suite hbitmap_test_suite = {
	.name = "hwmem-hbitmap",
	.test_cases = hbitmap_test_cases,
};

kunit_test_suite(hbitmap_test_suite);

#endif /* _HWMEM_HBITMAP_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
