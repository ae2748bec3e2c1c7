/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem/debugfs/frames.c: the frames/ctl verbs and the
 * line layout of frames/map, on a frame allocator over fake regions.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_FRAMES_KUNIT_H
#define _HWMEM_FRAMES_KUNIT_H

#include <kunit/test.h>

#include "../fixture.h"

static const struct hwmem_region frames_test_regions[] = {
	{ .base_pfn = 0x1000, .nr_frames = 3 },
	{ .base_pfn = 0x2000, .nr_frames = 130 },
};

static struct hwmem_phys *frames_test_phys(struct kunit *test)
{
	return hwmem_test_phys_over(test, frames_test_regions,
				    ARRAY_SIZE(frames_test_regions));
}

/* Run one frames/ctl line; the answer lands in @answer, NUL-terminated. */
static int frames_test_cmd(struct hwmem_phys *phys, const char *cmd,
			   char *answer, size_t size)
{
	struct hwmem_ctl ctl = { .cmds = frames_cmds, .ctx = phys };
	char line[HWMEM_CMD_MAX_LEN + 1];
	struct seq_buf out;
	int err;

	strscpy(line, cmd, sizeof(line));
	seq_buf_init(&out, answer, size);
	err = hwmem_cmd_dispatch(&ctl, line, strlen(line), &out);
	answer[min_t(size_t, seq_buf_used(&out), size - 1)] = '\0';
	return err;
}

static void frames_test_alloc(struct kunit *test)
{
	struct hwmem_phys *phys = frames_test_phys(test);
	char *answer = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, answer);
	KUNIT_EXPECT_EQ(test, 0, frames_test_cmd(phys, "alloc\n", answer, PAGE_SIZE));
	KUNIT_EXPECT_STREQ(test, answer, "0x1000\n");
	KUNIT_EXPECT_EQ(test, 0, frames_test_cmd(phys, "alloc 3", answer, PAGE_SIZE));
	KUNIT_EXPECT_STREQ(test, answer, "0x1001\n0x1002\n0x2000\n");
	KUNIT_EXPECT_EQ(test, 129ul, hwmem_test_owned(phys, HWMEM_OWNER_FREE));

	/* Malformed or impossible: refused, nothing taken. */
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "alloc 0", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "alloc 65", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "alloc -1", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "alloc 1 2", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "alloc x", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -ERANGE,
			frames_test_cmd(phys, "alloc 99999999999999999999", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "allocate", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, 129ul, hwmem_test_owned(phys, HWMEM_OWNER_FREE));

	/* 64 at once is the most, and it is all or nothing. */
	KUNIT_EXPECT_EQ(test, 0, frames_test_cmd(phys, "alloc 64", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, 0, frames_test_cmd(phys, "alloc 64", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, -ENOMEM, frames_test_cmd(phys, "alloc 2", answer, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, 1ul, hwmem_test_owned(phys, HWMEM_OWNER_FREE));
	KUNIT_EXPECT_EQ(test, 0, frames_test_cmd(phys, "alloc", answer, PAGE_SIZE));
	KUNIT_EXPECT_STREQ(test, answer, "0x2081\n");
	KUNIT_EXPECT_EQ(test, -ENOMEM, frames_test_cmd(phys, "alloc", answer, PAGE_SIZE));
}

static void frames_test_free(struct kunit *test)
{
	struct hwmem_phys *phys = frames_test_phys(test);
	const size_t n = 64;
	char answer[64];
	struct hwmem_frame f;

	KUNIT_ASSERT_EQ(test, 0, frames_test_cmd(phys, "alloc 2", answer, n));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_BUDDY, &f));
	KUNIT_EXPECT_EQ(test, f.pfn, 0x1002ul);

	KUNIT_EXPECT_EQ(test, 0, frames_test_cmd(phys, "free 0x1000", answer, n));
	KUNIT_EXPECT_STREQ(test, answer, "");
	KUNIT_EXPECT_EQ(test, 0, frames_test_cmd(phys, "free 4097", answer, n));
	KUNIT_EXPECT_EQ(test, 132ul, hwmem_test_owned(phys, HWMEM_OWNER_FREE));

	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "free 0x1000", answer, n));
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "free 0x3000", answer, n));
	KUNIT_EXPECT_EQ(test, -EPERM, frames_test_cmd(phys, "free 0x1002", answer, n));
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "free", answer, n));
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "free 0x1000 1", answer, n));
	KUNIT_EXPECT_EQ(test, -EINVAL, frames_test_cmd(phys, "free 0x10g0", answer, n));
	KUNIT_EXPECT_EQ(test, 132ul, hwmem_test_owned(phys, HWMEM_OWNER_FREE));
	KUNIT_EXPECT_EQ(test, hwmem_phys_owner(phys, f), HWMEM_OWNER_BUDDY);
}

static void frames_test_map_lines(struct kunit *test)
{
	struct frames_map_iter it = { .phys = frames_test_phys(test) };
	struct seq_file m = { .private = &it };
	loff_t pos;

	/* Region 0: one short line.  Region 1: 130 frames, three lines. */
	pos = 0;
	KUNIT_EXPECT_PTR_EQ(test, frames_map_start(&m, &pos), (void *)&it);
	KUNIT_EXPECT_EQ(test, it.region, 0u);
	KUNIT_EXPECT_EQ(test, it.offset, 0ul);
	KUNIT_EXPECT_PTR_EQ(test, frames_map_next(&m, &it, &pos), (void *)&it);
	KUNIT_EXPECT_EQ(test, it.region, 1u);
	KUNIT_EXPECT_EQ(test, it.offset, 0ul);
	pos = 3;
	KUNIT_EXPECT_PTR_EQ(test, frames_map_start(&m, &pos), (void *)&it);
	KUNIT_EXPECT_EQ(test, it.region, 1u);
	KUNIT_EXPECT_EQ(test, it.offset, 128ul);
	KUNIT_EXPECT_NULL(test, frames_map_next(&m, &it, &pos));
	KUNIT_EXPECT_EQ(test, pos, (loff_t)4);
}

static struct kunit_case frames_test_cases[] = {
	KUNIT_CASE(frames_test_alloc),
	KUNIT_CASE(frames_test_free),
	KUNIT_CASE(frames_test_map_lines),
	{}
};

static struct kunit_suite frames_test_suite = {
	.name = "hwmem-frames-debugfs",
	.test_cases = frames_test_cases,
};

kunit_test_suite(frames_test_suite);

#endif /* _HWMEM_FRAMES_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
