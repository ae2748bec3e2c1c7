/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem's x86-64 platform code, included at the end of
 * hwmem/module/platform-x86.c.  They need a real x86 kernel, so they run
 * only in hwmem_test.ko, built against the sanitized kernel
 * (scripts/xkernel.sh) and loaded by scripts/guest/tests/sanitizers.sh,
 * never under UML.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_PLATFORM_X86_KUNIT_H
#define _HWMEM_PLATFORM_X86_KUNIT_H

#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/io.h>
#include <linux/nodemask.h>

#include <hwmem/info.h>
#include <hwmem/numa.h>

static int x86_test_init(struct kunit *test)
{
	hwmem_platform_register();
	return 0;
}

static void x86_test_exit(struct kunit *test)
{
	hwmem_platform_unregister();
}

static void x86_test_cache_leaves(struct kunit *test)
{
	struct hwmem_cpu_caches c;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, 0, x86_detect_cache(NULL, 0, &c));
	KUNIT_ASSERT_GE(test, c.nr_leaves, 1u);
	KUNIT_EXPECT_EQ(test, c.leaves[0].level, 1u);
	KUNIT_EXPECT_EQ(test, c.leaves[0].line_size,
			(unsigned int)boot_cpu_data.x86_clflush_size);
	for (i = 0; i < c.nr_leaves; i++) {
		const struct hwmem_cache_leaf *l = &c.leaves[i];

		KUNIT_EXPECT_GE(test, l->level, 1u);
		KUNIT_EXPECT_LE(test, l->level, 4u);
		KUNIT_EXPECT_GE(test, (int)l->type, (int)HWMEM_CACHE_DATA);
		KUNIT_EXPECT_LE(test, (int)l->type, (int)HWMEM_CACHE_UNIFIED);
		KUNIT_EXPECT_GE(test, l->size, l->sets * l->line_size * l->ways);
		KUNIT_EXPECT_GT(test, l->size, 0u);
	}
}

static void x86_test_cache_hierarchy(struct kunit *test)
{
	struct hwmem_cache_hierarchy h;
	unsigned long *shared;
	unsigned int cpu;

	KUNIT_ASSERT_EQ(test, 0, hwmem_cache_detect(&h, cpumask_bits(cpu_online_mask),
						    nr_cpu_ids));
	shared = bitmap_zalloc(nr_cpu_ids, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, shared);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, h.cpus[cpu].nr_leaves, h.cpus[0].nr_leaves);
		/* Every CPU shares its L1 data cache with itself at least. */
		KUNIT_EXPECT_EQ(test, 0, hwmem_cache_shared(&h, cpu, 0, shared));
		KUNIT_EXPECT_TRUE(test, test_bit(cpu, shared));
	}
	bitmap_free(shared);
	hwmem_cache_free(&h);
}

static void x86_test_cache_ops(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct hwmem_cache_timing t;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, 0, hwmem_cache_flush(buf, 256));
	KUNIT_EXPECT_EQ(test, hwmem_cache_clean(buf, 256),
			boot_cpu_has(X86_FEATURE_CLWB) ? 0 : -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, hwmem_cache_invalidate(buf, 256));
	KUNIT_EXPECT_EQ(test, 0, hwmem_cache_time_line(buf, &t));
	KUNIT_EXPECT_STREQ(test, t.unit, "cycles");
	KUNIT_EXPECT_LT(test, t.cached, U64_MAX);
}

static void x86_test_sample(void *arg, const struct hwmem_ksample *s,
			    const struct hwmem_ktranslation *kt)
{
	struct kunit *test = arg;

	KUNIT_EXPECT_TRUE_MSG(test, kt->match, "%s at %llx", s->name, s->va);
}

static void x86_test_ktranslate(struct kunit *test)
{
	struct hwmem_ktranslation kt;
	void *p = kunit_kmalloc(test, 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, 0, hwmem_ksamples(NULL, 0, x86_test_sample, test));

	KUNIT_ASSERT_EQ(test, 0, hwmem_ktranslate((u64)p + 8, &kt));
	KUNIT_EXPECT_EQ(test, kt.levels, pgtable_l5_enabled() ? 5u : 4u);
	KUNIT_EXPECT_TRUE(test, kt.walk.mapped);
	KUNIT_EXPECT_EQ(test, kt.walk.pa, (u64)virt_to_phys(p) + 8);
	KUNIT_EXPECT_TRUE(test, kt.match);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_ktranslate(0x0100000000000000ULL, &kt));
}

static void x86_test_meminfo(struct kunit *test)
{
	struct hwmem_memory_info info;

	KUNIT_ASSERT_TRUE(test, hwmem_detect_memory_info(&info));
	KUNIT_EXPECT_EQ(test, info.total_bytes, (u64)totalram_pages() << PAGE_SHIFT);
	KUNIT_EXPECT_LE(test, info.free_bytes, info.total_bytes);
	KUNIT_EXPECT_EQ(test, info.unknown, (unsigned int)HWMEM_INFO_SWAP_TOTAL_UNKNOWN);
}

static void x86_test_numa(struct kunit *test)
{
	struct hwmem_numa_topology *topo;
	int err, first;

	topo = hwmem_numa_detect(nr_cpu_ids, &err);
	KUNIT_ASSERT_NOT_NULL(test, topo);
	KUNIT_EXPECT_EQ(test, topo->nr_nodes, num_online_nodes());
	KUNIT_EXPECT_EQ(test, hwmem_numa_node_of_cpu(topo, 0), cpu_to_node(0));
	first = first_online_node;
	KUNIT_EXPECT_EQ(test, hwmem_numa_distance(topo, first, first),
			node_distance(first, first));
	hwmem_numa_free(topo);
}

static struct kunit_case x86_test_cases[] = {
	KUNIT_CASE(x86_test_cache_leaves),
	KUNIT_CASE(x86_test_cache_hierarchy),
	KUNIT_CASE(x86_test_cache_ops),
	KUNIT_CASE(x86_test_ktranslate),
	KUNIT_CASE(x86_test_meminfo),
	KUNIT_CASE(x86_test_numa),
	{}
};

static struct kunit_suite x86_test_suite = {
	.name = "hwmem-platform-x86",
	.init = x86_test_init,
	.exit = x86_test_exit,
	.test_cases = x86_test_cases,
};

kunit_test_suite(x86_test_suite);

#endif /* _HWMEM_PLATFORM_X86_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
