/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem's addresses and page-table walker, included at
 * the end of hwmem/virt/walk.c: tables built by hand, read through a
 * table_addr() callback or at a fixed offset.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_WALK_KUNIT_H
#define _HWMEM_WALK_KUNIT_H

#include <kunit/test.h>

#define WT_4K	0x1000ULL
#define WT_2M	0x200000ULL

static void walk_test_canonical(struct kunit *test)
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

static void walk_test_indexes(struct kunit *test)
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
	KUNIT_EXPECT_EQ(test, hwmem_va_align_down(0x12345678, WT_2M), 0x12200000ULL);
	KUNIT_EXPECT_TRUE(test, hwmem_va_aligned(0x12200000, WT_2M));
	KUNIT_EXPECT_FALSE(test, hwmem_va_aligned(0x12201000, WT_2M));
	KUNIT_EXPECT_EQ(test, hwmem_level_size(3), 1ULL << 30);
}

static void walk_test_entries(struct kunit *test)
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
/* Tables built by hand, at pfns 1 to 4. */
struct walk_test_tables {
	u64 *table[4];
};

static u64 *walk_test_table_addr(void *ctx, unsigned long pfn)
{
	struct walk_test_tables *tt = ctx;

	return pfn >= 1 && pfn <= 4 ? tt->table[pfn - 1] : NULL;
}

/* What a walk called, in order, and what its ops answer. */
struct walk_test_events {
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

static int walk_test_event(struct hwmem_walk *walk, char kind, unsigned int level,
			   u64 va, u64 size)
{
	struct walk_test_events *e = walk->private;

	if (e->nr < ARRAY_SIZE(e->ev))
		e->ev[e->nr++] = (typeof(e->ev[0])){ kind, level, va, size };
	return kind == e->answer_kind && va == e->answer_va ? e->answer : 0;
}

static int walk_test_on_leaf(struct hwmem_walk *walk, unsigned int level, u64 va,
			     u64 *entry)
{
	return walk_test_event(walk, 'l', level, va, 0);
}

static int walk_test_on_table(struct hwmem_walk *walk, unsigned int level, u64 va,
			      u64 *entry)
{
	return walk_test_event(walk, 't', level, va, 0);
}

static int walk_test_on_done(struct hwmem_walk *walk, unsigned int level, u64 va,
			     u64 *entry)
{
	return walk_test_event(walk, 'd', level, va, 0);
}

static int walk_test_on_hole(struct hwmem_walk *walk, unsigned int level, u64 va,
			     u64 size, u64 *entry)
{
	struct walk_test_events *e = walk->private;
	int ret = walk_test_event(walk, 'h', level, va, size);

	/* AGAIN: the op filled the entry in, and the walk must look again. */
	if (ret == HWMEM_WALK_AGAIN)
		WRITE_ONCE(*entry, 0x5000ULL | X86_PTE_PRESENT);
	e->answer_kind = ret == HWMEM_WALK_AGAIN ? 0 : e->answer_kind;
	return ret;
}

static const struct hwmem_walk_ops walk_test_record_ops = {
	.leaf		= walk_test_on_leaf,
	.table		= walk_test_on_table,
	.hole		= walk_test_on_hole,
	.table_done	= walk_test_on_done,
};

static void walk_test_expect_events(struct kunit *test, struct walk_test_events *e,
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
static void walk_test_ops(struct kunit *test)
{
	struct walk_test_tables tt;
	struct walk_test_events e;
	struct hwmem_walk walk = {
		.ops = &walk_test_record_ops, .private = &e,
		.table_addr = walk_test_table_addr, .ctx = &tt, .root_pfn = 1, .levels = 4,
	};
	/* A 2M page at a, then 4K pages at b and b + 8K with holes after each. */
	const u64 a = 0x40000000ULL, b = a + WT_2M, last = b + 4 * WT_4K - 1;
	static const char all[] = "ttltlhlhddd";
	const u64 all_va[] = {
		0, a, a, b, b, b + WT_4K, b + 2 * WT_4K, b + 3 * WT_4K, b, a, 0,
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

	e = (struct walk_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	walk_test_expect_events(test, &e, all, all_va);
	KUNIT_EXPECT_EQ(test, e.ev[2].level, 2u);
	KUNIT_EXPECT_EQ(test, e.ev[4].level, 1u);
	KUNIT_EXPECT_EQ(test, e.ev[5].size, WT_4K);
	KUNIT_EXPECT_EQ(test, e.ev[7].size, WT_4K);

	/* SKIP from the level-2 table op: nothing below it, no table_done. */
	e = (struct walk_test_events){ .answer_kind = 't', .answer_va = b,
				       .answer = HWMEM_WALK_SKIP };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	walk_test_expect_events(test, &e, "ttltdd", (const u64[]){ 0, a, a, b, a, 0 });

	/* STOP from a leaf: the walk ends there, returning 1. */
	e = (struct walk_test_events){ .answer_kind = 'l', .answer_va = b + 2 * WT_4K,
				       .answer = HWMEM_WALK_STOP };
	KUNIT_EXPECT_EQ(test, 1, hwmem_walk_range(&walk, a, last));
	walk_test_expect_events(test, &e, "ttltlhl", all_va);

	/* SKIP from a leaf means nothing more than 0. */
	e = (struct walk_test_events){ .answer_kind = 'l', .answer_va = a,
				       .answer = HWMEM_WALK_SKIP };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	walk_test_expect_events(test, &e, all, all_va);

	/* A range that starts and ends inside a table. */
	e = (struct walk_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, b + WT_4K, b + 2 * WT_4K));
	walk_test_expect_events(test, &e, "ttthlddd", (const u64[]){
		0, a, b, b + WT_4K, b + 2 * WT_4K, b, a, 0 });

	/* AGAIN from a hole that filled its entry in: seen again, as a leaf. */
	e = (struct walk_test_events){ .answer_kind = 'h', .answer_va = b + WT_4K,
				       .answer = HWMEM_WALK_AGAIN };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	walk_test_expect_events(test, &e, "ttltlhllhddd", (const u64[]){
		0, a, a, b, b, b + WT_4K, b + WT_4K, b + 2 * WT_4K, b + 3 * WT_4K,
		b, a, 0 });
}

static const struct hwmem_walk_ops walk_test_leaf_hole_ops = {
	.leaf		= walk_test_on_leaf,
	.hole		= walk_test_on_hole,
};

/*
 * The same tables with only leaf and hole ops, at a fixed offset from
 * their pfns: the walk descends without remembering what needs no coming
 * back to, and must still visit the same entries in the same order.
 */
static void walk_test_lean(struct kunit *test)
{
	u64 *mem = kunit_kzalloc(test, 4 * HWMEM_FRAME_SIZE, GFP_KERNEL);
	struct walk_test_events e;
	struct hwmem_walk walk = {
		.ops = &walk_test_leaf_hole_ops, .private = &e,
		.table_offset = (unsigned long)mem - HWMEM_FRAME_SIZE,
		.root_pfn = 1, .levels = 4,
	};
	const u64 a = 0x40000000ULL, b = a + WT_2M, last = b + 4 * WT_4K - 1;
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

	e = (struct walk_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	walk_test_expect_events(test, &e, "llhlh", (const u64[]){
		a, b, b + WT_4K, b + 2 * WT_4K, b + 3 * WT_4K });
	KUNIT_EXPECT_EQ(test, e.ev[0].level, 2u);
	KUNIT_EXPECT_EQ(test, e.ev[1].level, 1u);

	/* One address, as a translate walks: straight down to its leaf. */
	e = (struct walk_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, b + 2 * WT_4K + 5, b + 2 * WT_4K + 5));
	walk_test_expect_events(test, &e, "l", (const u64[]){ b + 2 * WT_4K });
	KUNIT_EXPECT_EQ(test, e.ev[0].level, 1u);

	/* A range inside one table, then on past it into a hole above. */
	e = (struct walk_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, b + WT_4K, b + 2 * WT_4K));
	walk_test_expect_events(test, &e, "hl", (const u64[]){ b + WT_4K, b + 2 * WT_4K });
	e = (struct walk_test_events){ };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, b + WT_2M - WT_4K, b + 2 * WT_2M - 1));
	walk_test_expect_events(test, &e, "hh", (const u64[]){ b + WT_2M - WT_4K, b + WT_2M });
	KUNIT_EXPECT_EQ(test, e.ev[0].size, WT_4K);
	KUNIT_EXPECT_EQ(test, e.ev[1].size, WT_2M);
	KUNIT_EXPECT_EQ(test, e.ev[1].level, 2u);

	/* STOP and AGAIN as before. */
	e = (struct walk_test_events){ .answer_kind = 'l', .answer_va = b,
				       .answer = HWMEM_WALK_STOP };
	KUNIT_EXPECT_EQ(test, 1, hwmem_walk_range(&walk, a, last));
	walk_test_expect_events(test, &e, "ll", (const u64[]){ a, b });
	e = (struct walk_test_events){ .answer_kind = 'h', .answer_va = b + WT_4K,
				       .answer = HWMEM_WALK_AGAIN };
	KUNIT_EXPECT_EQ(test, 0, hwmem_walk_range(&walk, a, last));
	walk_test_expect_events(test, &e, "llhllh", (const u64[]){
		a, b, b + WT_4K, b + WT_4K, b + 2 * WT_4K, b + 3 * WT_4K });
}

static void walk_test_5level(struct kunit *test)
{
	struct walk_test_tables tt;
	struct hwmem_walk walk = {
		.table_addr = walk_test_table_addr, .ctx = &tt, .root_pfn = 1, .levels = 5,
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

/* A root table the walk cannot read: every walk fails before any op. */
static void walk_test_root_unreadable(struct kunit *test)
{
	struct walk_test_tables tt = { };
	struct walk_test_events e = { };
	struct hwmem_walk walk = {
		.ops = &walk_test_record_ops, .private = &e,
		.table_addr = walk_test_table_addr, .ctx = &tt, .root_pfn = 9, .levels = 4,
	};
	struct hwmem_translation t;

	KUNIT_EXPECT_EQ(test, -EFAULT, hwmem_walk_translate(&walk, 0x1000, &t));
	KUNIT_EXPECT_EQ(test, -EFAULT, hwmem_walk_range(&walk, 0, WT_2M - 1));
	KUNIT_EXPECT_EQ(test, e.nr, 0u);
}

static struct kunit_case walk_test_cases[] = {
	KUNIT_CASE(walk_test_canonical),
	KUNIT_CASE(walk_test_indexes),
	KUNIT_CASE(walk_test_entries),
	KUNIT_CASE(walk_test_5level),
	KUNIT_CASE(walk_test_ops),
	KUNIT_CASE(walk_test_lean),
	KUNIT_CASE(walk_test_root_unreadable),
	{}
};

static struct kunit_suite walk_test_suite = {
	.name = "hwmem-walk",
	.test_cases = walk_test_cases,
};

kunit_test_suite(walk_test_suite);

#endif /* _HWMEM_WALK_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
