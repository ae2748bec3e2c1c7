/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem's addresses, walker and private address spaces,
 * included at the end of hwmem/virt/mapping.c.  Tables come from a frame
 * allocator over kmalloc memory.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_VIRT_KUNIT_H
#define _HWMEM_VIRT_KUNIT_H

#include <kunit/test.h>
#include <linux/prandom.h>

#include "fake-phys.h"

#define VT_4K	0x1000ULL
#define VT_2M	0x200000ULL

static void virt_test_canonical(struct kunit *test)
{
	static const u64 ok48[] = {
		0, 0x1000, 0x00007fffffffffffULL, 0xffff800000000000ULL, ~0ULL,
	};
	static const u64 bad48[] = {
		0x0000800000000000ULL, 0xffff7fffffffffffULL, 0x0100000000000000ULL,
		0x8000000000000000ULL,
	};
	static const u64 ok57[] = {
		0x0000800000000000ULL, 0x00ffffffffffffffULL, 0xff00000000000000ULL,
	};
	static const u64 bad57[] = {
		0x0100000000000000ULL, 0xfeffffffffffffffULL,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok48); i++)
		KUNIT_EXPECT_TRUE_MSG(test, hwmem_va_canonical(ok48[i], 4), "%llx", ok48[i]);
	for (i = 0; i < ARRAY_SIZE(bad48); i++)
		KUNIT_EXPECT_FALSE_MSG(test, hwmem_va_canonical(bad48[i], 4), "%llx", bad48[i]);
	for (i = 0; i < ARRAY_SIZE(ok57); i++)
		KUNIT_EXPECT_TRUE_MSG(test, hwmem_va_canonical(ok57[i], 5), "%llx", ok57[i]);
	for (i = 0; i < ARRAY_SIZE(bad57); i++)
		KUNIT_EXPECT_FALSE_MSG(test, hwmem_va_canonical(bad57[i], 5), "%llx", bad57[i]);

	KUNIT_EXPECT_EQ(test, hwmem_va_bits(4), 48u);
	KUNIT_EXPECT_EQ(test, hwmem_va_bits(5), 57u);
	KUNIT_EXPECT_EQ(test, hwmem_va_canonicalize(0x800000000000ULL, 4), 0xffff800000000000ULL);
	KUNIT_EXPECT_EQ(test, hwmem_va_canonicalize(0x7fffffffffffULL, 4), 0x7fffffffffffULL);
	KUNIT_EXPECT_EQ(test, hwmem_va_canonicalize(0x100000000000000ULL, 5),
			0xff00000000000000ULL);
}

static void virt_test_indexes(struct kunit *test)
{
	u64 va = 0x00007f123456789aULL, back = 0;
	unsigned int level;

	KUNIT_EXPECT_EQ(test, hwmem_va_index(va, 1), (unsigned int)((va >> 12) & 511));
	KUNIT_EXPECT_EQ(test, hwmem_va_index(va, 4), 0xfeu);
	for (level = 1; level <= 4; level++)
		back |= (u64)hwmem_va_index(va, level) << (12 + 9 * (level - 1));
	KUNIT_EXPECT_EQ(test, back | hwmem_va_offset(va, 1), va);

	/* 57 bits: the fifth level takes bits 48-56. */
	va = 0x01ff000000000000ULL - 1;
	KUNIT_EXPECT_EQ(test, hwmem_va_index(va, 5), 0x1feu);
	KUNIT_EXPECT_EQ(test, hwmem_va_index(0xff00000000000000ULL, 5), 0x100u);

	KUNIT_EXPECT_EQ(test, hwmem_va_offset(0x12345678, 1), 0x678ULL);
	KUNIT_EXPECT_EQ(test, hwmem_va_offset(0x12345678, 2), 0x145678ULL);
	KUNIT_EXPECT_EQ(test, hwmem_va_offset(0x12345678, 3), 0x12345678ULL);
	KUNIT_EXPECT_EQ(test, hwmem_va_align_down(0x12345678, VT_2M), 0x12200000ULL);
	KUNIT_EXPECT_TRUE(test, hwmem_va_aligned(0x12200000, VT_2M));
	KUNIT_EXPECT_FALSE(test, hwmem_va_aligned(0x12201000, VT_2M));
	KUNIT_EXPECT_EQ(test, hwmem_level_size(3), 1ULL << 30);
}

static void virt_test_entries(struct kunit *test)
{
	u64 e = hwmem_pte_make_leaf(0x1234, 1, HWMEM_PTE_WRITE | HWMEM_PTE_EXEC);

	KUNIT_EXPECT_TRUE(test, hwmem_pte_present(e));
	KUNIT_EXPECT_TRUE(test, hwmem_pte_leaf(e, 1));
	KUNIT_EXPECT_EQ(test, hwmem_pte_addr(e, 1), 0x1234000ULL);
	KUNIT_EXPECT_EQ(test, hwmem_pte_flags(e), HWMEM_PTE_WRITE | HWMEM_PTE_EXEC);
	KUNIT_EXPECT_EQ(test, e, 0x1234000ULL | X86_PTE_PRESENT | X86_PTE_RW);

	e = hwmem_pte_make_leaf(0x200, 2, HWMEM_PTE_USER | HWMEM_PTE_DIRTY);
	KUNIT_EXPECT_TRUE(test, hwmem_pte_leaf(e, 2));
	KUNIT_EXPECT_EQ(test, hwmem_pte_addr(e, 2), 0x200000ULL);
	KUNIT_EXPECT_EQ(test, hwmem_pte_flags(e), HWMEM_PTE_USER | HWMEM_PTE_DIRTY);
	KUNIT_EXPECT_TRUE(test, e & X86_PTE_NX);

	e = hwmem_pte_make_table(0x777);
	KUNIT_EXPECT_FALSE(test, hwmem_pte_leaf(e, 2));
	KUNIT_EXPECT_EQ(test, hwmem_pte_addr(e, 3), 0x777000ULL);
	/* The PS bit means nothing at levels 4 and 5. */
	KUNIT_EXPECT_FALSE(test, hwmem_pte_leaf(e | X86_PTE_PS, 4));
}

/* Spaces over a frame allocator of @frames frames from pfn 0x4000. */
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

/* Tables built by hand, at pfns 1 to 4. */
struct virt_test_tables {
	u64 *table[4];
};

static u64 *virt_test_table_addr(void *ctx, unsigned long pfn)
{
	struct virt_test_tables *tt = ctx;

	return pfn >= 1 && pfn <= 4 ? tt->table[pfn - 1] : NULL;
}

/* What a walk called, in order, and what its ops answer. */
struct virt_test_events {
	struct {
		char kind;		/* t: table, d: table_done, l: leaf, h: hole */
		unsigned int level;
		u64 va;
		u64 size;
	} ev[32];
	unsigned int nr;
	char answer_kind;		/* this op, at @answer_va, returns @answer */
	u64 answer_va;
	int answer;
};

static int virt_test_event(struct hwmem_walk *walk, char kind, unsigned int level,
			   u64 va, u64 size)
{
	struct virt_test_events *e = walk->private;

	if (e->nr < ARRAY_SIZE(e->ev))
		e->ev[e->nr++] = (typeof(e->ev[0])){ kind, level, va, size };
	return kind == e->answer_kind && va == e->answer_va ? e->answer : 0;
}

static int virt_test_on_leaf(struct hwmem_walk *walk, unsigned int level, u64 va,
			     u64 *entry)
{
	return virt_test_event(walk, 'l', level, va, 0);
}

static int virt_test_on_table(struct hwmem_walk *walk, unsigned int level, u64 va,
			      u64 *entry)
{
	return virt_test_event(walk, 't', level, va, 0);
}

static int virt_test_on_done(struct hwmem_walk *walk, unsigned int level, u64 va,
			     u64 *entry)
{
	return virt_test_event(walk, 'd', level, va, 0);
}

static int virt_test_on_hole(struct hwmem_walk *walk, unsigned int level, u64 va,
			     u64 size, u64 *entry)
{
	struct virt_test_events *e = walk->private;
	int ret = virt_test_event(walk, 'h', level, va, size);

	/* AGAIN: the op filled the entry in, and the walk must look again. */
	if (ret == HWMEM_WALK_AGAIN)
		WRITE_ONCE(*entry, 0x5000ULL | X86_PTE_PRESENT);
	e->answer_kind = ret == HWMEM_WALK_AGAIN ? 0 : e->answer_kind;
	return ret;
}

static const struct hwmem_walk_ops virt_test_record_ops = {
	.leaf		= virt_test_on_leaf,
	.table		= virt_test_on_table,
	.hole		= virt_test_on_hole,
	.table_done	= virt_test_on_done,
};

static void virt_test_expect_events(struct kunit *test, struct virt_test_events *e,
				    const char *kinds, const u64 *vas)
{
	unsigned int i, n = strlen(kinds);

	KUNIT_EXPECT_EQ(test, e->nr, n);
	for (i = 0; i < min(n, e->nr); i++) {
		KUNIT_EXPECT_EQ_MSG(test, e->ev[i].kind, kinds[i], "event %u", i);
		KUNIT_EXPECT_EQ_MSG(test, e->ev[i].va, vas[i], "event %u", i);
	}
}

/*
 * The walker's contract, op by op: tables before and table_done after
 * their entries, holes with their size, SKIP from a table op not
 * descending, STOP ending the walk with 1, AGAIN from a hole looking at
 * the entry again, and SKIP from a leaf op going on.
 */
static void virt_test_walk_ops(struct kunit *test)
{
	struct virt_test_tables tt;
	struct virt_test_events e;
	struct hwmem_walk walk = {
		.ops = &virt_test_record_ops, .private = &e,
		.table_addr = virt_test_table_addr, .ctx = &tt, .root_pfn = 1, .levels = 4,
	};
	/* A 2M page at a, then 4K pages at b and b + 8K with holes after each. */
	const u64 a = 0x40000000ULL, b = a + VT_2M, last = b + 4 * VT_4K - 1;
	static const char all[] = "ttltlhlhddd";
	const u64 all_va[] = {
		0, a, a, b, b, b + VT_4K, b + 2 * VT_4K, b + 3 * VT_4K, b, a, 0,
	};
	unsigned int i;

	for (i = 0; i < 4; i++) {
		tt.table[i] = kunit_kzalloc(test, HWMEM_FRAME_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, tt.table[i]);
	}
	tt.table[0][0] = hwmem_pte_make_table(2);
	tt.table[1][1] = hwmem_pte_make_table(3);
	tt.table[2][0] = 0x200000ULL | X86_PTE_PRESENT | X86_PTE_PS;
	tt.table[2][1] = hwmem_pte_make_table(4);
	tt.table[3][0] = 0x1000ULL | X86_PTE_PRESENT;
	tt.table[3][2] = 0x3000ULL | X86_PTE_PRESENT;

	e = (struct virt_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	virt_test_expect_events(test, &e, all, all_va);
	KUNIT_EXPECT_EQ(test, e.ev[2].level, 2u);
	KUNIT_EXPECT_EQ(test, e.ev[4].level, 1u);
	KUNIT_EXPECT_EQ(test, e.ev[5].size, VT_4K);
	KUNIT_EXPECT_EQ(test, e.ev[7].size, VT_4K);

	/* SKIP from the level-2 table op: nothing below it, no table_done. */
	e = (struct virt_test_events){ .answer_kind = 't', .answer_va = b,
				       .answer = HWMEM_WALK_SKIP };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	virt_test_expect_events(test, &e, "ttltdd", (const u64[]){ 0, a, a, b, a, 0 });

	/* STOP from a leaf: the walk ends there, returning 1. */
	e = (struct virt_test_events){ .answer_kind = 'l', .answer_va = b + 2 * VT_4K,
				       .answer = HWMEM_WALK_STOP };
	KUNIT_EXPECT_EQ(test, 1, hwmem_walk_range(&walk, a, last));
	virt_test_expect_events(test, &e, "ttltlhl", all_va);

	/* SKIP from a leaf means nothing more than 0. */
	e = (struct virt_test_events){ .answer_kind = 'l', .answer_va = a,
				       .answer = HWMEM_WALK_SKIP };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	virt_test_expect_events(test, &e, all, all_va);

	/* A range that starts and ends inside a table. */
	e = (struct virt_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, b + VT_4K, b + 2 * VT_4K));
	virt_test_expect_events(test, &e, "ttthlddd", (const u64[]){
		0, a, b, b + VT_4K, b + 2 * VT_4K, b, a, 0 });

	/* AGAIN from a hole that filled its entry in: seen again, as a leaf. */
	e = (struct virt_test_events){ .answer_kind = 'h', .answer_va = b + VT_4K,
				       .answer = HWMEM_WALK_AGAIN };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	virt_test_expect_events(test, &e, "ttltlhllhddd", (const u64[]){
		0, a, a, b, b, b + VT_4K, b + VT_4K, b + 2 * VT_4K, b + 3 * VT_4K,
		b, a, 0 });
}

static const struct hwmem_walk_ops virt_test_leaf_hole_ops = {
	.leaf		= virt_test_on_leaf,
	.hole		= virt_test_on_hole,
};

/*
 * The same tables with only leaf and hole ops, at a fixed offset from
 * their pfns: the walk descends without remembering what needs no coming
 * back to, and must still visit the same entries in the same order.
 */
static void virt_test_walk_lean(struct kunit *test)
{
	u64 *mem = kunit_kzalloc(test, 4 * HWMEM_FRAME_SIZE, GFP_KERNEL);
	struct virt_test_events e;
	struct hwmem_walk walk = {
		.ops = &virt_test_leaf_hole_ops, .private = &e,
		.table_offset = (unsigned long)mem - HWMEM_FRAME_SIZE,
		.root_pfn = 1, .levels = 4,
	};
	const u64 a = 0x40000000ULL, b = a + VT_2M, last = b + 4 * VT_4K - 1;
	u64 *t[4];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED((unsigned long)mem, HWMEM_FRAME_SIZE));
	for (i = 0; i < 4; i++)
		t[i] = mem + i * HWMEM_PT_ENTRIES;
	t[0][0] = hwmem_pte_make_table(2);
	t[1][1] = hwmem_pte_make_table(3);
	t[2][0] = 0x200000ULL | X86_PTE_PRESENT | X86_PTE_PS;
	t[2][1] = hwmem_pte_make_table(4);
	t[3][0] = 0x1000ULL | X86_PTE_PRESENT;
	t[3][2] = 0x3000ULL | X86_PTE_PRESENT;

	e = (struct virt_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	virt_test_expect_events(test, &e, "llhlh", (const u64[]){
		a, b, b + VT_4K, b + 2 * VT_4K, b + 3 * VT_4K });
	KUNIT_EXPECT_EQ(test, e.ev[0].level, 2u);
	KUNIT_EXPECT_EQ(test, e.ev[1].level, 1u);

	/* One address, as a translate walks: straight down to its leaf. */
	e = (struct virt_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, b + 2 * VT_4K + 5, b + 2 * VT_4K + 5));
	virt_test_expect_events(test, &e, "l", (const u64[]){ b + 2 * VT_4K });
	KUNIT_EXPECT_EQ(test, e.ev[0].level, 1u);

	/* A range inside one table, then on past it into a hole above. */
	e = (struct virt_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, b + VT_4K, b + 2 * VT_4K));
	virt_test_expect_events(test, &e, "hl", (const u64[]){ b + VT_4K, b + 2 * VT_4K });
	e = (struct virt_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, b + VT_2M - VT_4K, b + 2 * VT_2M - 1));
	virt_test_expect_events(test, &e, "hh", (const u64[]){ b + VT_2M - VT_4K, b + VT_2M });
	KUNIT_EXPECT_EQ(test, e.ev[0].size, VT_4K);
	KUNIT_EXPECT_EQ(test, e.ev[1].size, VT_2M);
	KUNIT_EXPECT_EQ(test, e.ev[1].level, 2u);

	/* STOP and AGAIN as before. */
	e = (struct virt_test_events){ .answer_kind = 'l', .answer_va = b,
				       .answer = HWMEM_WALK_STOP };
	KUNIT_EXPECT_EQ(test, 1, hwmem_walk_range(&walk, a, last));
	virt_test_expect_events(test, &e, "ll", (const u64[]){ a, b });
	e = (struct virt_test_events){ .answer_kind = 'h', .answer_va = b + VT_4K,
				       .answer = HWMEM_WALK_AGAIN };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	virt_test_expect_events(test, &e, "llhllh", (const u64[]){
		a, b, b + VT_4K, b + VT_4K, b + 2 * VT_4K, b + 3 * VT_4K });
}

static void virt_test_walk_5level(struct kunit *test)
{
	struct virt_test_tables tt;
	struct hwmem_walk walk = {
		.table_addr = virt_test_table_addr, .ctx = &tt, .root_pfn = 1, .levels = 5,
	};
	u64 va = 0xff12345640000000ULL, pa = 0x3c0000000ULL;
	struct hwmem_translation t;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		tt.table[i] = kunit_kzalloc(test, HWMEM_FRAME_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, tt.table[i]);
	}
	KUNIT_ASSERT_TRUE(test, hwmem_va_canonical(va, 5));
	tt.table[0][hwmem_va_index(va, 5)] = hwmem_pte_make_table(2);
	tt.table[1][hwmem_va_index(va, 4)] = hwmem_pte_make_table(3);
	tt.table[2][hwmem_va_index(va, 3)] = pa | X86_PTE_PRESENT | X86_PTE_PS | X86_PTE_RW;

	KUNIT_ASSERT_EQ(test, 0, hwmem_walk_translate(&walk, va + 0x1234567, &t));
	KUNIT_EXPECT_TRUE(test, t.mapped);
	KUNIT_EXPECT_EQ(test, t.level, 3u);
	KUNIT_EXPECT_EQ(test, t.pa, pa + 0x1234567);
	KUNIT_ASSERT_EQ(test, 0, hwmem_walk_translate(&walk, va + (1ULL << 30), &t));
	KUNIT_EXPECT_FALSE(test, t.mapped);
	KUNIT_EXPECT_EQ(test, t.level, 3u);
	KUNIT_ASSERT_EQ(test, 0, hwmem_walk_translate(&walk, 0x1000, &t));
	KUNIT_EXPECT_EQ(test, t.level, 5u);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_walk_translate(&walk, 0x0100000000000000ULL, &t));

	/* A table the walk cannot read. */
	tt.table[1][hwmem_va_index(va, 4)] = hwmem_pte_make_table(9);
	KUNIT_EXPECT_EQ(test, -EFAULT, hwmem_walk_translate(&walk, va, &t));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_walk_range(&walk, 0x1000, 0));
	walk.levels = 3;
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_walk_range(&walk, 0, 0));
}

static struct kunit_case virt_test_cases[] = {
	KUNIT_CASE(virt_test_canonical),
	KUNIT_CASE(virt_test_indexes),
	KUNIT_CASE(virt_test_entries),
	KUNIT_CASE(virt_test_map_4k),
	KUNIT_CASE(virt_test_map_2m),
	KUNIT_CASE(virt_test_refused),
	KUNIT_CASE(virt_test_enomem),
	KUNIT_CASE(virt_test_slots),
	KUNIT_CASE(virt_test_dump_ranges),
	KUNIT_CASE(virt_test_random),
	KUNIT_CASE(virt_test_walk_5level),
	KUNIT_CASE(virt_test_walk_ops),
	KUNIT_CASE(virt_test_walk_lean),
	{}
};

static struct kunit_suite virt_test_suite = {
	.name = "hwmem-virt",
	.test_cases = virt_test_cases,
};

kunit_test_suite(virt_test_suite);

#endif /* _HWMEM_VIRT_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
