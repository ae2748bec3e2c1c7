/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A frame allocator over real memory for KUnit suites that need one: one
 * region of page-aligned kvmalloc memory, with made-up pfns.
 */

#ifndef _HWMEM_FAKE_PHYS_H
#define _HWMEM_FAKE_PHYS_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/slab.h>

#include <hwmem/phys.h>

KUNIT_DEFINE_ACTION_WRAPPER(hwmem_test_kvfree, kvfree, const void *);

#define HWMEM_TEST_BASE_PFN	0x4000UL

static inline struct hwmem_phys *hwmem_test_phys(struct kunit *test,
						 unsigned long nr_frames)
{
	struct hwmem_region r = {
		.base_pfn = HWMEM_TEST_BASE_PFN,
		.nr_frames = nr_frames,
		.node = 0,
	};
	size_t size = hwmem_phys_meta_size(1, nr_frames);
	struct hwmem_phys *phys = kunit_kzalloc(test, sizeof(*phys), GFP_KERNEL);
	void *meta = kunit_kzalloc(test, size, GFP_KERNEL);

	/* Large kvmalloc allocations are page-aligned; check anyway. */
	r.vaddr = kvzalloc(max(nr_frames, 2UL) * HWMEM_FRAME_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, phys);
	KUNIT_ASSERT_NOT_NULL(test, meta);
	KUNIT_ASSERT_NOT_NULL(test, r.vaddr);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, hwmem_test_kvfree, r.vaddr));
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED((unsigned long)r.vaddr, HWMEM_FRAME_SIZE));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_init(phys, &r, 1, meta, size));
	return phys;
}

static inline unsigned long hwmem_test_owned(struct hwmem_phys *phys,
					     enum hwmem_owner owner)
{
	struct hwmem_phys_stats st;

	hwmem_phys_get_stats(phys, &st);
	return st.owned[owner];
}

#endif /* _HWMEM_FAKE_PHYS_H */
