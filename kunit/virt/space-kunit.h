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

static struct kunit_case virt_test_cases[] = {
	KUNIT_CASE(virt_test_map_4k),
	KUNIT_CASE(virt_test_map_2m),
	KUNIT_CASE(virt_test_refused),
	KUNIT_CASE(virt_test_enomem),
	KUNIT_CASE(virt_test_slots),
	KUNIT_CASE(virt_test_dump_ranges),
	KUNIT_CASE(virt_test_random),
	{}
};

static struct kunit_suite virt_test_suite = {
	.name = "hwmem-virt",
	.test_cases = virt_test_cases,
};

kunit_test_suite(virt_test_suite);

#endif /* _HWMEM_SPACE_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
