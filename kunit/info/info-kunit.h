/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem info, included at the end of hwmem/info/info.c:
 * no callback, a failing one, values at the u64 edges, and the private
 * data a callback is put in place with.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_INFO_KUNIT_H
#define _HWMEM_INFO_KUNIT_H

#include <kunit/test.h>

static int info_test_calls;

static int info_test_fail(void *priv, struct hwmem_memory_info *info)
{
	info_test_calls++;
	info->total_bytes = 123;
	return -EIO;
}

static int info_test_edges(void *priv, struct hwmem_memory_info *info)
{
	(*(int *)priv)++;
	info->total_bytes = U64_MAX;
	info->free_bytes = U64_MAX - 1;
	info->available_bytes = 0;
	info->swap_total_bytes = 1ULL << 63;
	info->swap_free_bytes = 1;
	return 0;
}

static int info_test_no_swap_total(void *priv, struct hwmem_memory_info *info)
{
	info->total_bytes = 4096;
	info->swap_total_bytes = 77;
	info->swap_free_bytes = 8192;
	info->unknown = HWMEM_INFO_SWAP_TOTAL_UNKNOWN;
	return 0;
}

static int info_test_no_swap(void *priv, struct hwmem_memory_info *info)
{
	info->total_bytes = 4096;
	info->swap_total_bytes = 77;
	info->swap_free_bytes = 8192;
	info->unknown = HWMEM_INFO_SWAP_TOTAL_UNKNOWN | HWMEM_INFO_SWAP_FREE_UNKNOWN;
	return 0;
}

static void info_test_exit(struct kunit *test)
{
	hwmem_restore_detect_memory_fn();
}

static void info_test_no_callback(struct kunit *test)
{
	struct hwmem_memory_info info;

	memset(&info, 0xff, sizeof(info));
	hwmem_restore_detect_memory_fn();
	KUNIT_EXPECT_FALSE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, info.total_bytes, 0ULL);
	KUNIT_EXPECT_EQ(test, info.unknown, 0u);
}

static void info_test_failing(struct kunit *test)
{
	struct hwmem_memory_info info;

	info_test_calls = 0;
	KUNIT_EXPECT_EQ(test, 0, hwmem_set_detect_memory_fn(info_test_fail, NULL));
	KUNIT_EXPECT_FALSE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, info_test_calls, 1);
	/* Nothing the failed callback wrote shows. */
	KUNIT_EXPECT_EQ(test, info.total_bytes, 0ULL);
}

static void info_test_values(struct kunit *test)
{
	struct hwmem_memory_info info;
	int calls = 0;

	KUNIT_EXPECT_EQ(test, 0, hwmem_set_detect_memory_fn(info_test_edges, &calls));
	KUNIT_EXPECT_TRUE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_TRUE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, calls, 2);
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

	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_set_detect_memory_fn(NULL, NULL));
	KUNIT_EXPECT_EQ(test, 0, hwmem_set_detect_memory_fn(info_test_no_swap_total, NULL));
	KUNIT_EXPECT_TRUE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, info.unknown, (unsigned int)HWMEM_INFO_SWAP_TOTAL_UNKNOWN);
	KUNIT_EXPECT_EQ(test, info.swap_total_bytes, 0ULL);
	KUNIT_EXPECT_EQ(test, info.swap_free_bytes, 8192ULL);
	/* Restoring takes effect at once: here the default is none. */
	hwmem_restore_detect_memory_fn();
	KUNIT_EXPECT_FALSE(test, hwmem_detect_memory_info(&info));
}

/* Both swap figures unknown: both read 0, the rest as the callback said. */
static void info_test_unknown_swap(struct kunit *test)
{
	struct hwmem_memory_info info;

	KUNIT_EXPECT_EQ(test, 0, hwmem_set_detect_memory_fn(info_test_no_swap, NULL));
	KUNIT_EXPECT_TRUE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, info.unknown, (unsigned int)(HWMEM_INFO_SWAP_TOTAL_UNKNOWN |
							   HWMEM_INFO_SWAP_FREE_UNKNOWN));
	KUNIT_EXPECT_EQ(test, info.total_bytes, 4096ULL);
	KUNIT_EXPECT_EQ(test, info.swap_total_bytes, 0ULL);
	KUNIT_EXPECT_EQ(test, info.swap_free_bytes, 0ULL);
}

static struct kunit_case info_test_cases[] = {
	KUNIT_CASE(info_test_no_callback),
	KUNIT_CASE(info_test_failing),
	KUNIT_CASE(info_test_values),
	KUNIT_CASE(info_test_unknown),
	KUNIT_CASE(info_test_unknown_swap),
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
