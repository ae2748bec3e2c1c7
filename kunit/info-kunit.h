/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem info, included at the end of hwmem/info.c: no
 * callback, a failing one, and values at the u64 edges.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_INFO_KUNIT_H
#define _HWMEM_INFO_KUNIT_H

#include <kunit/test.h>

static int info_test_calls;

static int info_test_fail(struct hwmem_memory_info *info)
{
	info_test_calls++;
	info->total_bytes = 123;
	return -EIO;
}

static int info_test_edges(struct hwmem_memory_info *info)
{
	info_test_calls++;
	info->total_bytes = U64_MAX;
	info->free_bytes = U64_MAX - 1;
	info->available_bytes = 0;
	info->swap_total_bytes = 1ULL << 63;
	info->swap_free_bytes = 1;
	return 0;
}

static int info_test_no_swap_total(struct hwmem_memory_info *info)
{
	info->total_bytes = 4096;
	info->swap_total_bytes = 77;
	info->swap_free_bytes = 8192;
	info->unknown = HWMEM_INFO_SWAP_TOTAL_UNKNOWN;
	return 0;
}

static void info_test_exit(struct kunit *test)
{
	hwmem_set_detect_memory_fn(NULL);
}

static void info_test_no_callback(struct kunit *test)
{
	struct hwmem_memory_info info;

	memset(&info, 0xff, sizeof(info));
	hwmem_set_detect_memory_fn(NULL);
	KUNIT_EXPECT_FALSE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, info.total_bytes, 0ULL);
	KUNIT_EXPECT_EQ(test, info.unknown, 0u);
}

static void info_test_failing(struct kunit *test)
{
	struct hwmem_memory_info info;

	info_test_calls = 0;
	hwmem_set_detect_memory_fn(info_test_fail);
	KUNIT_EXPECT_FALSE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, info_test_calls, 1);
	/* Nothing the failed callback wrote shows. */
	KUNIT_EXPECT_EQ(test, info.total_bytes, 0ULL);
}

static void info_test_values(struct kunit *test)
{
	struct hwmem_memory_info info;

	info_test_calls = 0;
	hwmem_set_detect_memory_fn(info_test_edges);
	KUNIT_EXPECT_TRUE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_TRUE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, info_test_calls, 2);
	KUNIT_EXPECT_EQ(test, info.total_bytes, U64_MAX);
	KUNIT_EXPECT_EQ(test, info.free_bytes, U64_MAX - 1);
	KUNIT_EXPECT_EQ(test, info.available_bytes, 0ULL);
	KUNIT_EXPECT_EQ(test, info.swap_total_bytes, 1ULL << 63);
	KUNIT_EXPECT_EQ(test, info.swap_free_bytes, 1ULL);
	KUNIT_EXPECT_EQ(test, info.unknown, 0u);
}

static void info_test_unknown(struct kunit *test)
{
	struct hwmem_memory_info info;

	hwmem_set_detect_memory_fn(info_test_no_swap_total);
	KUNIT_EXPECT_TRUE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, info.unknown, (unsigned int)HWMEM_INFO_SWAP_TOTAL_UNKNOWN);
	KUNIT_EXPECT_EQ(test, info.swap_total_bytes, 0ULL);
	KUNIT_EXPECT_EQ(test, info.swap_free_bytes, 8192ULL);
	/* Unregistering takes effect at once. */
	hwmem_set_detect_memory_fn(NULL);
	KUNIT_EXPECT_FALSE(test, hwmem_detect_memory_info(&info));
}

static struct kunit_case info_test_cases[] = {
	KUNIT_CASE(info_test_no_callback),
	KUNIT_CASE(info_test_failing),
	KUNIT_CASE(info_test_values),
	KUNIT_CASE(info_test_unknown),
	{}
};

static struct kunit_suite info_test_suite = {
	.name = "hwmem-info",
	.exit = info_test_exit,
	.test_cases = info_test_cases,
};

kunit_test_suite(info_test_suite);

#endif /* _HWMEM_INFO_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
