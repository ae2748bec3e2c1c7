/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem's decoding of x86 CPUID cache leaves, included at
 * the end of hwmem/cache/x86.c: made-up CPUs answer CPUID from a table, so
 * every vendor path runs under UML, whatever the host is.  The values
 * expected are worked out by hand from the leaf layouts (Intel SDM vol. 2,
 * CPUID leaf 4; AMD APM vol. 3, 0x8000001D, 0x80000005/6), the way the
 * kernel's arch/x86/kernel/cpu/cacheinfo.c reads them.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_X86_KUNIT_H
#define _HWMEM_X86_KUNIT_H

#include <kunit/test.h>

/* One answer of the fake CPUID: EAX, EBX, ECX, EDX for a leaf and subleaf. */
struct x86_test_answer {
	u32 leaf;
	u32 subleaf;
	u32 regs[4];
};

struct x86_test_cpuid {
	const struct x86_test_answer *answers;
	unsigned int nr;
	unsigned int calls;
};

static void x86_test_cpuid_fn(void *priv, u32 leaf, u32 subleaf, u32 regs[4])
{
	struct x86_test_cpuid *c = priv;
	unsigned int i;

	c->calls++;
	memset(regs, 0, 4 * sizeof(*regs));
	for (i = 0; i < c->nr; i++)
		if (c->answers[i].leaf == leaf && c->answers[i].subleaf == subleaf)
			memcpy(regs, c->answers[i].regs, 4 * sizeof(*regs));
}

/* A leaf-4 (or 0x8000001D) answer, field by field. */
#define X86_TEST_LEAF(l, s, type, level, sharing, line, parts, ways, sets)	\
	{ (l), (s), { (type) | (level) << 5 | ((sharing) - 1) << 14,		\
		      ((line) - 1) | ((parts) - 1) << 12 | ((ways) - 1) << 22,	\
		      (sets) - 1, 0 } }

static void x86_test_expect_leaf(struct kunit *test, const struct hwmem_cache_leaf *l,
				 unsigned int level, enum hwmem_cache_type type,
				 unsigned int size, unsigned int line,
				 unsigned int ways, unsigned int sets, u64 share_id)
{
	KUNIT_EXPECT_EQ(test, l->level, level);
	KUNIT_EXPECT_EQ(test, (int)l->type, (int)type);
	KUNIT_EXPECT_EQ(test, l->size, size);
	KUNIT_EXPECT_EQ(test, l->line_size, line);
	KUNIT_EXPECT_EQ(test, l->ways, ways);
	KUNIT_EXPECT_EQ(test, l->sets, sets);
	KUNIT_EXPECT_EQ(test, l->share_id, share_id);
}

/*
 * Intel-style leaf 4: L1d and L1i of 48K/32K shared by two threads, an
 * L2 of 2 MiB, an L3 of 30 MiB shared by 24 threads, in two partitions.
 */
static void x86_test_intel(struct kunit *test)
{
	static const struct x86_test_answer answers[] = {
		X86_TEST_LEAF(4, 0, 1, 1, 2, 64, 1, 12, 64),
		X86_TEST_LEAF(4, 1, 2, 1, 2, 64, 1, 8, 64),
		X86_TEST_LEAF(4, 2, 3, 2, 2, 64, 1, 16, 2048),
		X86_TEST_LEAF(4, 3, 3, 3, 24, 64, 2, 15, 16384),
	};
	struct x86_test_cpuid fake = { answers, ARRAY_SIZE(answers) };
	struct hwmem_x86_cpu cpu = {
		.vendor = HWMEM_X86_OTHER, .family = 6, .model = 0x8f,
		.apicid = 0x35, .cpuid = x86_test_cpuid_fn, .priv = &fake,
	};
	struct hwmem_cpu_caches c;

	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_ASSERT_EQ(test, c.nr_leaves, 4u);
	/* Sharing 2 is order 1: APIC ids 0x34 and 0x35 share. */
	x86_test_expect_leaf(test, &c.leaves[0], 1, HWMEM_CACHE_DATA, 48 << 10, 64, 12, 64, 0x1a);
	x86_test_expect_leaf(test, &c.leaves[1], 1, HWMEM_CACHE_INST, 32 << 10, 64, 8, 64, 0x1a);
	x86_test_expect_leaf(test, &c.leaves[2], 2, HWMEM_CACHE_UNIFIED, 2 << 20, 64, 16, 2048,
			     0x1a);
	/* Partitions multiply the size; sharing 24 rounds up to order 5. */
	x86_test_expect_leaf(test, &c.leaves[3], 3, HWMEM_CACHE_UNIFIED, 30 << 20, 64, 15,
			     16384, 1);

	/* Another thread, of another core, under the same L3. */
	cpu.apicid = 12;
	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_EXPECT_EQ(test, c.leaves[3].share_id, 0ULL);
	KUNIT_EXPECT_EQ(test, c.leaves[0].share_id, 6ULL);
}

/* A CPU with no leaf 4 at all has no caches to tell. */
static void x86_test_none(struct kunit *test)
{
	struct x86_test_cpuid fake = { NULL, 0 };
	struct hwmem_x86_cpu cpu = {
		.vendor = HWMEM_X86_OTHER, .cpuid = x86_test_cpuid_fn, .priv = &fake,
	};
	struct hwmem_cpu_caches c;

	memset(&c, 0xff, sizeof(c));
	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_EXPECT_EQ(test, c.nr_leaves, 0u);
	KUNIT_EXPECT_EQ(test, fake.calls, 1u);
}

/*
 * AMD with TOPOEXT (0x8000001D), as Zen 3: L1s and L2 per core of two
 * threads, an L3 of 32 MiB for 16 threads.  Zen 3 is family 0x19, so the
 * L3 goes by the last-level-cache id: APIC id over the L3's sharing.
 */
static void x86_test_amd_topoext(struct kunit *test)
{
	static const struct x86_test_answer answers[] = {
		X86_TEST_LEAF(0x8000001d, 0, 1, 1, 2, 64, 1, 8, 64),
		X86_TEST_LEAF(0x8000001d, 1, 2, 1, 2, 64, 1, 8, 64),
		X86_TEST_LEAF(0x8000001d, 2, 3, 2, 2, 64, 1, 8, 1024),
		X86_TEST_LEAF(0x8000001d, 3, 3, 3, 16, 64, 1, 16, 32768),
	};
	struct x86_test_cpuid fake = { answers, ARRAY_SIZE(answers) };
	struct hwmem_x86_cpu cpu = {
		.vendor = HWMEM_X86_AMD, .family = 0x19, .model = 0x01,
		.topoext = true, .apicid = 0x23, .cpuid = x86_test_cpuid_fn,
		.priv = &fake,
	};
	struct hwmem_cpu_caches c;

	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_ASSERT_EQ(test, c.nr_leaves, 4u);
	/* TOPOEXT: a range of APIC ids, apicid / sharing. */
	x86_test_expect_leaf(test, &c.leaves[0], 1, HWMEM_CACHE_DATA, 32 << 10, 64, 8, 64, 0x11);
	x86_test_expect_leaf(test, &c.leaves[2], 2, HWMEM_CACHE_UNIFIED, 512 << 10, 64, 8, 1024,
			     0x11);
	x86_test_expect_leaf(test, &c.leaves[3], 3, HWMEM_CACHE_UNIFIED, 32 << 20, 64, 16, 32768,
			     0x23 >> 4);

	/* Zen 1 and 2 (family 0x17, models up to 0x1f): APIC id >> 3. */
	cpu.family = 0x17;
	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_EXPECT_EQ(test, c.leaves[3].share_id, (u64)(0x23 >> 3));
	/* Hygon always reads 0x8000001D, and its L3 goes by APIC id >> 3. */
	cpu.vendor = HWMEM_X86_HYGON;
	cpu.family = 0x18;
	cpu.topoext = false;
	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_EXPECT_EQ(test, c.nr_leaves, 4u);
	KUNIT_EXPECT_EQ(test, c.leaves[3].share_id, (u64)(0x23 >> 3));
	KUNIT_EXPECT_EQ(test, c.leaves[0].share_id, 0x11ULL);
}

/*
 * AMD without TOPOEXT: the legacy leaves 0x80000005/6, as QEMU's qemu64
 * and max models give them: L1d and L1i 64 KiB 2-way, L2 512 KiB 16-way
 * (its size from cpu_info), L3 16 MiB 16-way.  Nothing is shared but the
 * L3, by package and die before family 0x17.
 */
static void x86_test_amd_legacy(struct kunit *test)
{
	static const struct x86_test_answer answers[] = {
		/* ECX L1d, EDX L1i: KiB << 24 | assoc << 16 | lines/tag << 8 | line. */
		{ 0x80000005, 0, { 0, 0, 0x40020140, 0x40020140 } },
		/* ECX L2: KiB << 16 | code << 12 | lines/tag << 8 | line; EDX L3 in 512K. */
		{ 0x80000006, 0, { 0, 0, 0x02008140, 32 << 18 | 0x8 << 12 | 1 << 8 | 64 } },
	};
	struct x86_test_cpuid fake = { answers, ARRAY_SIZE(answers) };
	struct hwmem_x86_cpu cpu = {
		.vendor = HWMEM_X86_AMD, .family = 0x0f, .model = 0x6b,
		.extended_level = 0x80000008, .l2_kb = 512, .apicid = 5,
		.pkg = 1, .die = 2, .cpuid = x86_test_cpuid_fn, .priv = &fake,
	};
	struct hwmem_cpu_caches c;

	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_ASSERT_EQ(test, c.nr_leaves, 4u);
	x86_test_expect_leaf(test, &c.leaves[0], 1, HWMEM_CACHE_DATA, 64 << 10, 64, 2, 512, 5);
	x86_test_expect_leaf(test, &c.leaves[1], 1, HWMEM_CACHE_INST, 64 << 10, 64, 2, 512, 5);
	x86_test_expect_leaf(test, &c.leaves[2], 2, HWMEM_CACHE_UNIFIED, 512 << 10, 64, 16, 512,
			     5);
	x86_test_expect_leaf(test, &c.leaves[3], 3, HWMEM_CACHE_UNIFIED, 16 << 20, 64, 16, 16384,
			     1ULL << 32 | 2);

	/* A multi-node processor's L3 is halved, size and ways. */
	cpu.amd_dcm = true;
	hwmem_x86_decode_caches(&cpu, &c);
	x86_test_expect_leaf(test, &c.leaves[3], 3, HWMEM_CACHE_UNIFIED, 8 << 20, 64, 8, 16384,
			     1ULL << 32 | 2);
	/* Without answers from 0x80000006: no L2 or L3, only the L1s. */
	cpu.amd_dcm = false;
	cpu.extended_level = 0x80000006;
	fake.nr = 1;
	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_EXPECT_EQ(test, c.nr_leaves, 2u);
	/* Without 0x80000006 at all, none: the kernel reads no legacy leaf then. */
	cpu.extended_level = 0x80000004;
	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_EXPECT_EQ(test, c.nr_leaves, 0u);
}

/*
 * AMD EPYC (family 0x1a) as a hypervisor shows it with TOPOEXT hidden, its
 * leaves as this project's build machines answer them: the legacy L1
 * associativity is a way count (12 and 8), not the 0x80000006 code the
 * kernel's table would read as 64 and 16 ways; the L3's code 9 sends the
 * decoder to 0x8000001D, which the CPU still answers.  Without that leaf
 * the L3 is left out rather than given made-up ways.
 */
static void x86_test_amd_legacy_see_1d(struct kunit *test)
{
	static const struct x86_test_answer answers[] = {
		{ 0x80000005, 0, { 0xff60ff40, 0xff60ff40, 0x300c0140, 0x20080140 } },
		{ 0x80000006, 0, { 0x40802040, 0x60804040, 0x04006140, 0x01009140 } },
		{ 0x8000001d, 0, { 0x00004121, 0x02c0003f, 0x0000003f, 0 } },
		{ 0x8000001d, 1, { 0x00004122, 0x01c0003f, 0x0000003f, 0 } },
		{ 0x8000001d, 2, { 0x00004143, 0x03c0003f, 0x000003ff, 2 } },
		{ 0x8000001d, 3, { 0x003f4163, 0x03c0003f, 0x00007fff, 1 } },
	};
	struct x86_test_cpuid fake = { answers, ARRAY_SIZE(answers) };
	struct hwmem_x86_cpu cpu = {
		.vendor = HWMEM_X86_AMD, .family = 0x1a, .model = 0x02,
		.extended_level = 0x80000021, .l2_kb = 1024, .apicid = 2,
		.cpuid = x86_test_cpuid_fn, .priv = &fake,
	};
	struct hwmem_cpu_caches c;

	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_ASSERT_EQ(test, c.nr_leaves, 4u);
	/* 0x8000001D: sharing 2 (EAX bits 25:14 + 1) for L1 and L2. */
	x86_test_expect_leaf(test, &c.leaves[0], 1, HWMEM_CACHE_DATA, 48 << 10, 64, 12, 64, 1);
	x86_test_expect_leaf(test, &c.leaves[1], 1, HWMEM_CACHE_INST, 32 << 10, 64, 8, 64, 1);
	x86_test_expect_leaf(test, &c.leaves[2], 2, HWMEM_CACHE_UNIFIED, 1 << 20, 64, 16, 1024,
			     1);
	/* The L3 by last-level-cache id: APIC id >> order of its 254 sharers. */
	x86_test_expect_leaf(test, &c.leaves[3], 3, HWMEM_CACHE_UNIFIED, 32 << 20, 64, 16,
			     32768, 0);

	/* Without 0x8000001D: the legacy leaves, the L1 ways counted. */
	cpu.extended_level = 0x80000008;
	hwmem_x86_decode_caches(&cpu, &c);
	KUNIT_ASSERT_EQ(test, c.nr_leaves, 3u);
	x86_test_expect_leaf(test, &c.leaves[0], 1, HWMEM_CACHE_DATA, 48 << 10, 64, 12, 64, 2);
	x86_test_expect_leaf(test, &c.leaves[1], 1, HWMEM_CACHE_INST, 32 << 10, 64, 8, 64, 2);
	x86_test_expect_leaf(test, &c.leaves[2], 2, HWMEM_CACHE_UNIFIED, 1 << 20, 64, 8, 2048,
			     2);
}

static struct kunit_case x86_decode_test_cases[] = {
	KUNIT_CASE(x86_test_intel),
	KUNIT_CASE(x86_test_none),
	KUNIT_CASE(x86_test_amd_topoext),
	KUNIT_CASE(x86_test_amd_legacy),
	KUNIT_CASE(x86_test_amd_legacy_see_1d),
	{}
};

static struct kunit_suite x86_decode_test_suite = {
	.name = "hwmem-cache-x86",
	.test_cases = x86_decode_test_cases,
};

kunit_test_suite(x86_decode_test_suite);

#endif /* _HWMEM_X86_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
