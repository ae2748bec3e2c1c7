/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem's private address spaces, included at the end of
 * hwmem/virt/space.c.  Tables come from a frame allocator over fake
 * regions (kunit/fixture.h).
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_SPACE_KUNIT_H
#define _HWMEM_SPACE_KUNIT_H

#include <kunit/test.h>
#include <linux/prandom.h>

#include "../fixture.h"

#define VT_4K	0x1000ULL
#define VT_2M	0x200000ULL

static struct hwmem_virt *virt_test_init(struct kunit *test, unsigned long frames,
					 struct hwmem_phys **physp)
{
	struct hwmem_virt *virt = kunit_kzalloc(test, sizeof(*virt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, virt);
	*physp = hwmem_test_phys(test, frames);
	hwmem_virt_init(virt, *physp);
	return virt;
}

static struct hwmem_space virt_test_space(struct kunit *test, struct hwmem_virt *virt,
					  unsigned int id)
{
	struct hwmem_space s = { };
	unsigned int i;

	for (i = 0; i < HWMEM_VIRT_MAX_SPACES; i++)
		if (!hwmem_space_get(virt, i, &s) && s.id == id)
			return s;
	KUNIT_FAIL(test, "no space %u", id);
	return s;
}

static void virt_test_map_4k(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 16, &phys);
	struct hwmem_translation t;
	struct hwmem_frame f;
	struct hwmem_space s;
	unsigned int id;

	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	KUNIT_EXPECT_EQ(test, id, 1u);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 1ul);
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x400000, f.pfn, 1,
						 HWMEM_PTE_WRITE));
	s = virt_test_space(test, virt, id);
	KUNIT_EXPECT_EQ(test, s.table_pages, 4ul);
	KUNIT_EXPECT_EQ(test, s.mapped_4k, 1ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 4ul);

	KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, 0x400123, &t));
	KUNIT_EXPECT_TRUE(test, t.mapped);
	KUNIT_EXPECT_EQ(test, t.level, 1u);
	KUNIT_EXPECT_EQ(test, t.pa, ((u64)f.pfn << 12) + 0x123);
	KUNIT_EXPECT_EQ(test, hwmem_pte_flags(t.entry), (unsigned int)HWMEM_PTE_WRITE);

	/* Not mapped: the next page (level 1), the next 2 MiB (level 2), far. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, 0x401000, &t));
	KUNIT_EXPECT_FALSE(test, t.mapped);
	KUNIT_EXPECT_EQ(test, t.level, 1u);
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, 0x600000, &t));
	KUNIT_EXPECT_EQ(test, t.level, 2u);
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, 0x7f0000000000ULL, &t));
	KUNIT_EXPECT_FALSE(test, t.mapped);
	KUNIT_EXPECT_EQ(test, t.level, 4u);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_space_translate(virt, id, 0x0000800000000000ULL, &t));
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_translate(virt, id + 1, 0, &t));

	/* Unmapping gives back the three tables it no longer needs. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_unmap(virt, id, 0x400000));
	s = virt_test_space(test, virt, id);
	KUNIT_EXPECT_EQ(test, s.table_pages, 1ul);
	KUNIT_EXPECT_EQ(test, s.mapped_4k, 0ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 1ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_USER), 1ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_destroy(virt, id));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 0ul);
}

static void virt_test_map_2m(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 520, &phys);
	struct hwmem_translation t;
	struct hwmem_frame f;
	struct hwmem_space s;
	unsigned int id;

	/* The first 512 frames, from pfn 0x4000, are 2 MiB aligned. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 512, HWMEM_OWNER_USER, &f));
	KUNIT_ASSERT_EQ(test, f.pfn, HWMEM_TEST_BASE_PFN);
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0xffff800000200000ULL, f.pfn, 2,
						 HWMEM_PTE_WRITE | HWMEM_PTE_EXEC));
	s = virt_test_space(test, virt, id);
	KUNIT_EXPECT_EQ(test, s.table_pages, 3ul);
	KUNIT_EXPECT_EQ(test, s.mapped_2m, 1ul);

	KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, 0xffff8000003fffffULL, &t));
	KUNIT_EXPECT_TRUE(test, t.mapped);
	KUNIT_EXPECT_EQ(test, t.level, 2u);
	KUNIT_EXPECT_EQ(test, t.pa, ((u64)f.pfn << 12) + 0x1fffff);
	KUNIT_EXPECT_TRUE(test, t.entry & X86_PTE_PS);

	/* Nothing may go inside it, and only its start unmaps it. */
	KUNIT_EXPECT_EQ(test, -EEXIST, hwmem_space_map(virt, id, 0xffff800000201000ULL,
						       f.pfn, 1, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_unmap(virt, id, 0xffff800000201000ULL));
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_unmap(virt, id, 0xffff800000200000ULL));
	s = virt_test_space(test, virt, id);
	KUNIT_EXPECT_EQ(test, s.table_pages, 1ul);
	KUNIT_EXPECT_EQ(test, s.mapped_2m, 0ul);
}

static void virt_test_refused(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 1030, &phys);
	struct hwmem_space before, after;
	struct hwmem_frame f, big;
	unsigned int id;

	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 512, HWMEM_OWNER_USER, &big));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x10000, f.pfn, 1, 0));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x40000000, big.pfn, 2, 0));
	before = virt_test_space(test, virt, id);

	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_space_map(virt, id, 0x0000800000000000ULL, f.pfn, 1, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_map(virt, id, 0x20001, f.pfn, 1, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_map(virt, id, 0x80001000, big.pfn, 2, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_map(virt, id, 0x80000000, big.pfn + 1, 2, 0));
	/* 512 frames from big.pfn + 512 run past the allocator's 1030. */
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_map(virt, id, 0x80000000, big.pfn + 1024, 2, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_map(virt, id, 0x20000, 0x1, 1, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_map(virt, id, 0x20000, f.pfn, 1, BIT(5)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_map(virt, id, 0, f.pfn, 3, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_map(virt, id, 0, f.pfn, 0, 0));
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_map(virt, id + 1, 0x20000, f.pfn, 1, 0));
	/* Over a page, over a 2 MiB page, a 2 MiB page over 4 KiB pages. */
	KUNIT_EXPECT_EQ(test, -EEXIST, hwmem_space_map(virt, id, 0x10000, f.pfn, 1, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST, hwmem_space_map(virt, id, 0x40000000, big.pfn, 2, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST, hwmem_space_map(virt, id, 0x40003000, f.pfn, 1, 0));
	KUNIT_EXPECT_EQ(test, -EEXIST, hwmem_space_map(virt, id, 0, big.pfn, 2, 0));
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_unmap(virt, id, 0x11000));
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_unmap(virt, id, 0x7f0000000000ULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_unmap(virt, id, 0x0000800000000000ULL));
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_unmap(virt, id + 1, 0x10000));
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_destroy(virt, id + 1));
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_destroy(virt, 0));

	after = virt_test_space(test, virt, id);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&before, &after, sizeof(before)));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), before.table_pages);
}

/* A map that runs out of frames for its tables gives back what it took. */
static void virt_test_enomem(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 4, &phys);
	struct hwmem_frame f[2];
	struct hwmem_space s;
	unsigned int id;

	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_bulk(phys, 2, HWMEM_OWNER_USER, f));
	/* One frame left; the map needs three tables. */
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_space_map(virt, id, 0x1000, f[0].pfn, 1, 0));
	s = virt_test_space(test, virt, id);
	KUNIT_EXPECT_EQ(test, s.table_pages, 1ul);
	KUNIT_EXPECT_EQ(test, s.mapped_4k, 0ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 1ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_destroy(virt, id));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 2ul);
}

static void virt_test_slots(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 64, &phys);
	unsigned int id, first, i;

	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &first));
	for (i = 1; i < HWMEM_VIRT_MAX_SPACES; i++) {
		KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
		KUNIT_EXPECT_EQ(test, id, first + i);
	}
	KUNIT_EXPECT_EQ(test, -ENOSPC, hwmem_space_create(virt, &id));
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_destroy(virt, first));
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_create(virt, &id));
	KUNIT_EXPECT_EQ(test, id, first + HWMEM_VIRT_MAX_SPACES);
	KUNIT_EXPECT_EQ(test, hwmem_virt_destroy(virt), (unsigned int)HWMEM_VIRT_MAX_SPACES);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 0ul);
}

struct virt_test_dump {
	struct hwmem_mapping_range r[8];
	unsigned int n;
};

static void virt_test_emit(void *arg, const struct hwmem_mapping_range *r)
{
	struct virt_test_dump *d = arg;

	if (d->n < ARRAY_SIZE(d->r))
		d->r[d->n] = *r;
	d->n++;
}

static void virt_test_dump_ranges(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 1040, &phys);
	struct virt_test_dump d = { };
	struct hwmem_frame f[4], big;
	unsigned int id, i;

	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 512, HWMEM_OWNER_USER, &big));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 4, HWMEM_OWNER_USER, &f[0]));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	/* Three pages that continue one another, then one with other flags. */
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x7000 + i * VT_4K,
							 f[0].pfn + i, 1,
							 i < 3 ? HWMEM_PTE_WRITE : 0));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0xffffffffffe00000ULL, big.pfn, 2, 0));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_dump(virt, id, virt_test_emit, &d));
	KUNIT_ASSERT_EQ(test, d.n, 3u);
	KUNIT_EXPECT_EQ(test, d.r[0].va, 0x7000ULL);
	KUNIT_EXPECT_EQ(test, d.r[0].size, 3 * VT_4K);
	KUNIT_EXPECT_EQ(test, d.r[0].pa, (u64)f[0].pfn << 12);
	KUNIT_EXPECT_EQ(test, d.r[0].flags, (unsigned int)HWMEM_PTE_WRITE);
	KUNIT_EXPECT_EQ(test, d.r[1].va, 0xa000ULL);
	KUNIT_EXPECT_EQ(test, d.r[1].size, VT_4K);
	KUNIT_EXPECT_EQ(test, d.r[2].va, 0xffffffffffe00000ULL);
	KUNIT_EXPECT_EQ(test, d.r[2].size, VT_2M);
	KUNIT_EXPECT_EQ(test, d.r[2].level, 2u);
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_dump(virt, id + 1, virt_test_emit, &d));
}

/*
 * Pages next to each other in virtual addresses but not in physical ones
 * are two ranges, not one: dump merges only what continues in both.
 */
static void virt_test_dump_apart(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 8, &phys);
	struct virt_test_dump d = { };
	struct hwmem_frame f[3];
	unsigned int id, i;

	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f[i]));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	/* va 0x1000, 0x2000, 0x3000 -> pfns f0, f2, f1: only the first is alone. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x1000, f[0].pfn, 1, 0));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x2000, f[2].pfn, 1, 0));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x3000, f[1].pfn, 1, 0));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_dump(virt, id, virt_test_emit, &d));
	KUNIT_ASSERT_EQ(test, d.n, 3u);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, d.r[i].va, 0x1000ULL * (i + 1));
		KUNIT_EXPECT_EQ(test, d.r[i].size, VT_4K);
	}
	KUNIT_EXPECT_EQ(test, d.r[1].pa, (u64)f[2].pfn << 12);
	KUNIT_EXPECT_EQ(test, d.r[2].pa, (u64)f[1].pfn << 12);
}

/*
 * The last slot of a table: a 4 KiB page at entry 511 of its page table
 * (and of every table above it, at the top of the lower half) translates,
 * dumps and unmaps as any other, and its tables go back.
 */
static void virt_test_last_slot(struct kunit *test)
{
	static const u64 vas[] = { 0x1ff000ULL, 0x7ffffffff000ULL };
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 16, &phys);
	struct hwmem_translation t;
	struct hwmem_frame f;
	struct hwmem_space s;
	unsigned int id, i;

	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	for (i = 0; i < ARRAY_SIZE(vas); i++) {
		struct virt_test_dump d = { };

		KUNIT_EXPECT_EQ(test, hwmem_va_index(vas[i], 1), 511u);
		KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, vas[i], f.pfn, 1,
							 HWMEM_PTE_WRITE));
		KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, vas[i] + 0xabc, &t));
		KUNIT_EXPECT_TRUE(test, t.mapped);
		KUNIT_EXPECT_EQ(test, t.level, 1u);
		KUNIT_EXPECT_EQ(test, t.pa, ((u64)f.pfn << 12) + 0xabc);
		/* The page after it is the next table's, or past the lower half. */
		if (hwmem_va_canonical(vas[i] + VT_4K, HWMEM_SPACE_LEVELS)) {
			KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id,
								       vas[i] + VT_4K, &t));
			KUNIT_EXPECT_FALSE(test, t.mapped);
		} else {
			KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_translate(virt, id,
									     vas[i] + VT_4K, &t));
		}
		KUNIT_ASSERT_EQ(test, 0, hwmem_space_dump(virt, id, virt_test_emit, &d));
		KUNIT_ASSERT_EQ(test, d.n, 1u);
		KUNIT_EXPECT_EQ(test, d.r[0].va, vas[i]);
		KUNIT_EXPECT_EQ(test, d.r[0].size, VT_4K);
		KUNIT_ASSERT_EQ(test, 0, hwmem_space_unmap(virt, id, vas[i]));
		KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, vas[i], &t));
		KUNIT_EXPECT_FALSE(test, t.mapped);
		s = virt_test_space(test, virt, id);
		KUNIT_EXPECT_EQ(test, s.table_pages, 1ul);
		KUNIT_EXPECT_EQ(test, s.mapped_4k, 0ul);
	}
}

/* Destroying a space that still maps pages frees its tables, not the pages. */
static void virt_test_destroy_mapped(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 1040, &phys);
	struct hwmem_frame f, big;
	unsigned int id;

	/* First, so that the run starts at the fixture's 2 MiB-aligned base. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 512, HWMEM_OWNER_USER, &big));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x400000, f.pfn, 1, 0));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x7fffffe00000ULL, big.pfn, 2, 0));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0xffff800000001000ULL, f.pfn, 1, 0));
	/* Root, and for each page its tables: 1 + 3 + 2 + 3. */
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 9ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_destroy(virt, id));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 0ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_USER), 513ul);
	KUNIT_EXPECT_EQ(test, hwmem_phys_owner(phys, f), HWMEM_OWNER_USER);
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_destroy(virt, id));
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_unmap(virt, id, 0x400000));
	KUNIT_EXPECT_EQ(test, 0u, hwmem_virt_destroy(virt));
}

/* Random maps and unmaps, checked against a plain list. */
static void virt_test_random(struct kunit *test)
{
	static const u64 bases[] = {
		0, 0x40000000, 0x7fffff800000ULL, 0xffff800000000000ULL,
		0xffffffff80000000ULL, 0x12345600000ULL,
	};
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 1200, &phys);
	struct { u64 va; unsigned long pfn; unsigned int level; } *ref;
	unsigned int id, nr = 0, i, k;
	struct hwmem_frame big, small;
	struct rnd_state rnd;
	struct hwmem_space s;

	ref = kunit_kcalloc(test, 64, sizeof(*ref), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ref);
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_contig(phys, 512, HWMEM_OWNER_USER, &big));
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &small));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	prandom_seed_state(&rnd, 4242);

	for (i = 0; i < 3000; i++) {
		u64 base = bases[prandom_u32_state(&rnd) % ARRAY_SIZE(bases)];
		unsigned int level = prandom_u32_state(&rnd) % 4 ? 1 : 2;
		u64 va = base + (prandom_u32_state(&rnd) % 4) * VT_2M;
		unsigned long pfn = level == 2 ? big.pfn : small.pfn;
		struct hwmem_translation t;
		bool clash = false;
		int ret;

		if (level == 1)
			va += (prandom_u32_state(&rnd) % 8) * VT_4K;
		for (k = 0; k < nr; k++)
			if (hwmem_va_align_down(ref[k].va, VT_2M) ==
			    hwmem_va_align_down(va, VT_2M) &&
			    (ref[k].level == 2 || level == 2 || ref[k].va == va))
				break;
		clash = k < nr;
		if (clash && ref[k].va == va && ref[k].level == level &&
		    prandom_u32_state(&rnd) % 2) {
			KUNIT_ASSERT_EQ(test, 0, hwmem_space_unmap(virt, id, va));
			ref[k] = ref[--nr];
		} else {
			ret = hwmem_space_map(virt, id, va, pfn, level, 0);
			if (clash || nr == 64) {
				KUNIT_ASSERT_EQ(test, ret, clash ? -EEXIST : ret);
				if (!clash && !ret)
					KUNIT_ASSERT_EQ(test, 0, hwmem_space_unmap(virt, id, va));
			} else {
				KUNIT_ASSERT_EQ(test, 0, ret);
				ref[nr].va = va;
				ref[nr].pfn = pfn;
				ref[nr++].level = level;
			}
		}
		/* Every mapping in the list translates, and where it says. */
		for (k = 0; k < nr; k++) {
			KUNIT_ASSERT_EQ(test, 0,
					hwmem_space_translate(virt, id, ref[k].va + 8, &t));
			KUNIT_ASSERT_TRUE(test, t.mapped);
			KUNIT_ASSERT_EQ(test, t.level, ref[k].level);
			KUNIT_ASSERT_EQ(test, t.pa, ((u64)ref[k].pfn << 12) + 8);
		}
		s = virt_test_space(test, virt, id);
		KUNIT_ASSERT_EQ(test, s.mapped_4k + s.mapped_2m, (unsigned long)nr);
	}
	while (nr) {
		KUNIT_ASSERT_EQ(test, 0, hwmem_space_unmap(virt, id, ref[nr - 1].va));
		nr--;
	}
	s = virt_test_space(test, virt, id);
	KUNIT_EXPECT_EQ(test, s.table_pages, 1ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 1ul);
}

/* What the virt race threads share. */
struct virt_race {
	struct hwmem_virt *virt;
	struct hwmem_phys *phys;
	unsigned int shared;		/* a space every thread maps into */
};

/*
 * One thread: a space of its own, created and destroyed over and over,
 * pages mapped, translated and unmapped in it and in its own part of the
 * shared space; translations of the shared space anywhere meanwhile.
 */
static int virt_race_thread(void *arg, unsigned int id)
{
	struct virt_race *vr = arg;
	u64 base = 0x10000000ULL * (id + 1);
	struct hwmem_translation t;
	unsigned int i, j, own, errors = 0;
	struct hwmem_frame f[4];
	struct rnd_state rnd;

	prandom_seed_state(&rnd, id + 31);
	for (j = 0; j < ARRAY_SIZE(f); j++)
		if (hwmem_phys_alloc(vr->phys, HWMEM_OWNER_USER, &f[j]))
			return 1;
	for (i = 0; i < 60; i++) {
		if (hwmem_space_create(vr->virt, &own))
			continue;
		for (j = 0; j < ARRAY_SIZE(f); j++) {
			u64 va = base + j * VT_2M + (prandom_u32_state(&rnd) % 512) * VT_4K;

			errors += hwmem_space_map(vr->virt, own, va, f[j].pfn, 1, 0) != 0;
			errors += hwmem_space_map(vr->virt, vr->shared, va, f[j].pfn, 1, 0) != 0;
			errors += hwmem_space_translate(vr->virt, own, va + 5, &t) != 0;
			errors += !t.mapped || t.pa != (f[j].pfn << HWMEM_FRAME_SHIFT) + 5;
			hwmem_space_translate(vr->virt, vr->shared,
					      0x10000000ULL * (prandom_u32_state(&rnd) % 9), &t);
			errors += hwmem_space_unmap(vr->virt, vr->shared, va) != 0;
			if (j % 2)
				errors += hwmem_space_unmap(vr->virt, own, va) != 0;
		}
		/* Destroyed with half its pages still mapped. */
		errors += hwmem_space_destroy(vr->virt, own) != 0;
		cond_resched();
	}
	for (j = 0; j < ARRAY_SIZE(f); j++)
		errors += hwmem_phys_free(vr->phys, f[j], HWMEM_OWNER_USER) != 0;
	return errors;
}

/* Threads on every CPU build and tear down spaces at once: all adds up. */
static void virt_test_race(struct kunit *test)
{
	struct virt_race vr = { };
	struct hwmem_space s;

	vr.virt = virt_test_init(test, 1024, &vr.phys);
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(vr.virt, &vr.shared));
	hwmem_test_race(test, virt_race_thread, &vr);
	s = virt_test_space(test, vr.virt, vr.shared);
	KUNIT_EXPECT_EQ(test, s.mapped_4k, 0ul);
	/* Every table the shared space made went back as it emptied. */
	KUNIT_EXPECT_EQ(test, s.table_pages, 1ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_destroy(vr.virt, vr.shared));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(vr.phys, HWMEM_OWNER_PGTABLE), 0ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(vr.phys, HWMEM_OWNER_FREE), 1024ul);
}

/*
 * Frames whose addresses are not one offset from their pfns (two regions
 * of one buffer, their pfns further apart than their addresses): every
 * table is looked up by pfn, and a walk reads the right entries.
 */
static void virt_test_regions_apart(struct kunit *test)
{
	u8 *mem = hwmem_test_kvzalloc(test, 16 * HWMEM_FRAME_SIZE);
	const struct hwmem_region regions[] = {
		{ .base_pfn = HWMEM_TEST_BASE_PFN, .nr_frames = 4, .vaddr = mem },
		{ .base_pfn = HWMEM_TEST_BASE_PFN + 0x1000, .nr_frames = 12,
		  .vaddr = mem + 4 * HWMEM_FRAME_SIZE },
	};
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = kunit_kzalloc(test, sizeof(*virt), GFP_KERNEL);
	struct hwmem_translation t;
	struct hwmem_frame f[2];
	unsigned long offset;
	unsigned int id;

	KUNIT_ASSERT_NOT_NULL(test, virt);
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED((unsigned long)mem, HWMEM_FRAME_SIZE));
	phys = hwmem_test_phys_over(test, regions, ARRAY_SIZE(regions));
	KUNIT_ASSERT_FALSE(test, hwmem_phys_linear(phys, &offset));
	hwmem_virt_init(virt, phys);
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc_bulk(phys, 2, HWMEM_OWNER_USER, f));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	/* Two maps 512 GiB apart: seven tables, more than the first region. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x400000, f[0].pfn, 1, 0));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_map(virt, id, 0x8000400000ULL, f[1].pfn,
						 1, HWMEM_PTE_WRITE));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 7ul);
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, 0x400123, &t));
	KUNIT_EXPECT_TRUE(test, t.mapped);
	KUNIT_EXPECT_EQ(test, t.pa, ((u64)f[0].pfn << 12) + 0x123);
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, 0x8000400010ULL, &t));
	KUNIT_EXPECT_TRUE(test, t.mapped);
	KUNIT_EXPECT_EQ(test, t.pa, ((u64)f[1].pfn << 12) + 0x10);
	KUNIT_EXPECT_EQ(test, hwmem_pte_flags(t.entry), (unsigned int)HWMEM_PTE_WRITE);
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_unmap(virt, id, 0x400000));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_translate(virt, id, 0x400123, &t));
	KUNIT_EXPECT_FALSE(test, t.mapped);
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_destroy(virt, id));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_PGTABLE), 0ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 14ul);
}

/* Frames with no memory behind them cannot hold a table: refused, none kept. */
static void virt_test_no_memory(struct kunit *test)
{
	struct hwmem_phys *phys = hwmem_test_phys_mem(test, 4, false);
	struct hwmem_virt *virt = kunit_kzalloc(test, sizeof(*virt), GFP_KERNEL);
	unsigned int id;

	KUNIT_ASSERT_NOT_NULL(test, virt);
	hwmem_virt_init(virt, phys);
	KUNIT_EXPECT_EQ(test, -EFAULT, hwmem_space_create(virt, &id));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 4ul);
	KUNIT_EXPECT_EQ(test, hwmem_virt_destroy(virt), 0u);
}

/* Ids wrap from UINT_MAX to 1, never 0. */
static void virt_test_id_wraps(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 4, &phys);
	unsigned int id;

	virt->next_id = UINT_MAX - 1;
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	KUNIT_EXPECT_EQ(test, id, UINT_MAX);
	KUNIT_EXPECT_EQ(test, 0, hwmem_space_destroy(virt, id));
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	KUNIT_EXPECT_EQ(test, id, 1u);
	/* Wrapped again, the live space 1 is skipped: 2, not a second 1. */
	virt->next_id = UINT_MAX;
	KUNIT_ASSERT_EQ(test, 0, hwmem_space_create(virt, &id));
	KUNIT_EXPECT_EQ(test, id, 2u);
	KUNIT_EXPECT_EQ(test, hwmem_virt_destroy(virt), 2u);
}

/* A slot past the last is refused. */
static void virt_test_get_out_of_range(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_virt *virt = virt_test_init(test, 4, &phys);
	struct hwmem_space s;

	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_space_get(virt, HWMEM_VIRT_MAX_SPACES - 1, &s));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_get(virt, HWMEM_VIRT_MAX_SPACES, &s));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_space_get(virt, UINT_MAX, &s));
}

static struct kunit_case virt_test_cases[] = {
	KUNIT_CASE(virt_test_map_4k),
	KUNIT_CASE(virt_test_map_2m),
	KUNIT_CASE(virt_test_refused),
	KUNIT_CASE(virt_test_enomem),
	KUNIT_CASE(virt_test_slots),
	KUNIT_CASE(virt_test_dump_ranges),
	KUNIT_CASE(virt_test_dump_apart),
	KUNIT_CASE(virt_test_last_slot),
	KUNIT_CASE(virt_test_destroy_mapped),
	KUNIT_CASE(virt_test_random),
	KUNIT_CASE(virt_test_race),
	KUNIT_CASE(virt_test_regions_apart),
	KUNIT_CASE(virt_test_no_memory),
	KUNIT_CASE(virt_test_id_wraps),
	KUNIT_CASE(virt_test_get_out_of_range),
	{}
};

static struct kunit_suite virt_test_suite = {
	.name = "hwmem-virt",
	.test_cases = virt_test_cases,
};

kunit_test_suite(virt_test_suite);

#endif /* _HWMEM_SPACE_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
