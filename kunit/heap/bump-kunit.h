/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for the hwmem bump allocator, included at the end of
 * hwmem/heap/bump.c.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_BUMP_KUNIT_H
#define _HWMEM_BUMP_KUNIT_H

#include <kunit/test.h>

static struct hwmem_bump *bump_test_init(struct kunit *test, void *base,
					 size_t capacity)
{
	struct hwmem_bump *bump = kunit_kzalloc(test, sizeof(*bump), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, bump);
	KUNIT_ASSERT_EQ(test, 0, hwmem_bump_init(bump, base, capacity));
	return bump;
}

static void bump_test_init_rejects(struct kunit *test)
{
	struct hwmem_bump bump;
	char buf[8];

	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_bump_init(&bump, NULL, 8));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_bump_init(&bump, buf, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_bump_init(&bump, (void *)-4, 8));
	KUNIT_EXPECT_EQ(test, 0, hwmem_bump_init(&bump, buf, sizeof(buf)));
}

static void bump_test_linear(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct hwmem_bump *bump;
	struct hwmem_bump_stats st;
	void *a, *b, *c;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	bump = bump_test_init(test, buf, 256);
	KUNIT_EXPECT_EQ(test, 0, hwmem_bump_alloc(bump, 10, 1, &a));
	KUNIT_EXPECT_EQ(test, 0, hwmem_bump_alloc(bump, 6, 1, &b));
	KUNIT_EXPECT_EQ(test, 0, hwmem_bump_alloc(bump, 1, 1, &c));
	KUNIT_EXPECT_PTR_EQ(test, a, (void *)buf);
	KUNIT_EXPECT_PTR_EQ(test, b, (void *)(buf + 10));
	KUNIT_EXPECT_PTR_EQ(test, c, (void *)(buf + 16));

	hwmem_bump_get_stats(bump, &st);
	KUNIT_EXPECT_EQ(test, st.capacity, (size_t)256);
	KUNIT_EXPECT_EQ(test, st.used, (size_t)17);
	KUNIT_EXPECT_EQ(test, st.peak, (size_t)17);
	KUNIT_EXPECT_EQ(test, st.allocs, 3ul);
	KUNIT_EXPECT_EQ(test, st.failures, 0ul);
}

/* Alignment is of the address, whatever the buffer's own alignment. */
static void bump_test_alignment(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, 512, GFP_KERNEL);
	struct hwmem_bump *bump;
	struct hwmem_bump_stats st;
	size_t align;
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED((uintptr_t)buf, 64));
	bump = bump_test_init(test, buf + 3, 509);

	KUNIT_EXPECT_EQ(test, 0, hwmem_bump_alloc(bump, 1, 1, &p));
	KUNIT_EXPECT_PTR_EQ(test, p, (void *)(buf + 3));
	for (align = 2; align <= 64; align <<= 1) {
		KUNIT_EXPECT_EQ(test, 0, hwmem_bump_alloc(bump, 1, align, &p));
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((uintptr_t)p, align));
	}
	/* One byte each, from offset 3: 4, 8, 16, 32, 64 and 128. */
	KUNIT_EXPECT_PTR_EQ(test, p, (void *)(buf + 128));
	hwmem_bump_get_stats(bump, &st);
	KUNIT_EXPECT_EQ(test, st.used, (size_t)(128 + 1 - 3));
}

static void bump_test_bad_arguments(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct hwmem_bump *bump;
	struct hwmem_bump_stats st;
	void *p = NULL;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	bump = bump_test_init(test, buf, 64);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_bump_alloc(bump, 0, 1, &p));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_bump_alloc(bump, 8, 0, &p));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_bump_alloc(bump, 8, 3, &p));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_bump_alloc(bump, 8, 24, &p));
	KUNIT_EXPECT_NULL(test, p);
	hwmem_bump_get_stats(bump, &st);
	KUNIT_EXPECT_EQ(test, st.used, (size_t)0);
	KUNIT_EXPECT_EQ(test, st.allocs, 0ul);
	KUNIT_EXPECT_EQ(test, st.failures, 0ul);
}

static void bump_test_exhaustion(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct hwmem_bump *bump;
	struct hwmem_bump_stats st;
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	bump = bump_test_init(test, buf, 64);
	KUNIT_EXPECT_EQ(test, 0, hwmem_bump_alloc(bump, 60, 1, &p));
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_bump_alloc(bump, 5, 1, &p));
	/* Fits by size, not once aligned. */
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_bump_alloc(bump, 4, 8, &p));
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_bump_alloc(bump, SIZE_MAX, 1, &p));
	KUNIT_EXPECT_EQ(test, -ENOMEM,
			hwmem_bump_alloc(bump, 1, (size_t)1 << (BITS_PER_LONG - 1), &p));
	hwmem_bump_get_stats(bump, &st);
	KUNIT_EXPECT_EQ(test, st.used, (size_t)60);
	KUNIT_EXPECT_EQ(test, st.failures, 4ul);
	/* An exact fit is fine. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_bump_alloc(bump, 4, 4, &p));
	KUNIT_EXPECT_PTR_EQ(test, p, (void *)(buf + 60));
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_bump_alloc(bump, 1, 1, &p));
}

static void bump_test_reset(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct hwmem_bump *bump;
	struct hwmem_bump_stats st;
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	bump = bump_test_init(test, buf, 64);
	KUNIT_EXPECT_EQ(test, 0, hwmem_bump_alloc(bump, 40, 1, &p));
	hwmem_bump_reset(bump);
	KUNIT_EXPECT_EQ(test, 0, hwmem_bump_alloc(bump, 8, 1, &p));
	KUNIT_EXPECT_PTR_EQ(test, p, (void *)buf);
	hwmem_bump_get_stats(bump, &st);
	KUNIT_EXPECT_EQ(test, st.used, (size_t)8);
	KUNIT_EXPECT_EQ(test, st.peak, (size_t)40);
	KUNIT_EXPECT_EQ(test, st.resets, 1ul);
	KUNIT_EXPECT_EQ(test, st.allocs, 2ul);
}

static struct kunit_case bump_test_cases[] = {
	KUNIT_CASE(bump_test_init_rejects),
	KUNIT_CASE(bump_test_linear),
	KUNIT_CASE(bump_test_alignment),
	KUNIT_CASE(bump_test_bad_arguments),
	KUNIT_CASE(bump_test_exhaustion),
	KUNIT_CASE(bump_test_reset),
	{}
};

static struct kunit_suite bump_test_suite = {
	.name = "hwmem-bump",
	.test_cases = bump_test_cases,
};

kunit_test_suite(bump_test_suite);

#endif /* _HWMEM_BUMP_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
