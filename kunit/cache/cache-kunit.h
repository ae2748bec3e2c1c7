/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem's cache detection and coherence operations,
 * included at the end of hwmem/cache/cache.c, with made-up machines.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_CACHE_KUNIT_H
#define _HWMEM_CACHE_KUNIT_H

#include <kunit/test.h>

static struct hwmem_cache_leaf cache_test_leaf(unsigned int level,
					       enum hwmem_cache_type type,
					       unsigned int size, u64 share_id)
{
	return (struct hwmem_cache_leaf){
		.level = level, .type = type, .size = size, .line_size = 64,
		.ways = 8, .sets = size / 64 / 8, .share_id = share_id,
	};
}

/*
 * Four CPUs: private L1d and L1i, L2 per pair, one L3 for CPUs 0-2; CPU 3
 * reports its L2 as unified level 2 but no L3.  CPU 6 puts an L3 where
 * the others have their L2.
 */
static int cache_test_fake(void *priv, unsigned int cpu, struct hwmem_cpu_caches *c)
{
	c->leaves[0] = cache_test_leaf(1, HWMEM_CACHE_DATA, 32768, cpu);
	c->leaves[1] = cache_test_leaf(1, HWMEM_CACHE_INST, 32768, cpu);
	if (cpu == 6) {
		c->leaves[2] = cache_test_leaf(3, HWMEM_CACHE_UNIFIED, 1 << 23, 0);
		c->nr_leaves = 3;
		return 0;
	}
	c->leaves[2] = cache_test_leaf(2, HWMEM_CACHE_UNIFIED, 1 << 20, cpu / 2);
	c->leaves[3] = cache_test_leaf(3, HWMEM_CACHE_UNIFIED, 1 << 23, 0);
	c->nr_leaves = cpu == 3 ? 3 : 4;
	return 0;
}

static int cache_test_fail_cpu2(void *priv, unsigned int cpu,
				struct hwmem_cpu_caches *c)
{
	return cpu == 2 ? -EIO : cache_test_fake(priv, cpu, c);
}

static int cache_test_too_many(void *priv, unsigned int cpu,
			       struct hwmem_cpu_caches *c)
{
	c->nr_leaves = HWMEM_CACHE_MAX_LEAVES + 1;
	return 0;
}

static void cache_test_exit(struct kunit *test)
{
	hwmem_restore_detect_cache_fn();
	hwmem_restore_cache_ops();
}

static void cache_test_shared_str(struct kunit *test, struct hwmem_cache_hierarchy *h,
				  unsigned int cpu, unsigned int index,
				  const char *want)
{
	unsigned long shared[1];
	char buf[32];

	KUNIT_ASSERT_EQ(test, 0, hwmem_cache_shared(h, cpu, index, shared));
	scnprintf(buf, sizeof(buf), "%*pbl", h->nr_cpus, shared);
	KUNIT_EXPECT_STREQ_MSG(test, buf, want, "cpu %u index %u", cpu, index);
}

static void cache_test_hierarchy(struct kunit *test)
{
	unsigned long cpus = BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(6);
	struct hwmem_cache_hierarchy h;
	unsigned long shared[1];

	KUNIT_ASSERT_EQ(test, 0, hwmem_set_detect_cache_fn(cache_test_fake, NULL));
	KUNIT_ASSERT_EQ(test, 0, hwmem_cache_detect(&h, &cpus, 8));
	KUNIT_EXPECT_EQ(test, h.nr_cpus, 8u);
	KUNIT_EXPECT_EQ(test, h.cpus[0].nr_leaves, 4u);
	KUNIT_EXPECT_EQ(test, h.cpus[3].nr_leaves, 3u);
	/* CPUs outside the set have no leaves. */
	KUNIT_EXPECT_EQ(test, h.cpus[4].nr_leaves, 0u);
	KUNIT_EXPECT_EQ(test, h.cpus[0].leaves[2].size, 1u << 20);

	cache_test_shared_str(test, &h, 0, 0, "0");
	cache_test_shared_str(test, &h, 1, 1, "1");
	cache_test_shared_str(test, &h, 0, 2, "0-1");
	cache_test_shared_str(test, &h, 3, 2, "2-3");
	cache_test_shared_str(test, &h, 2, 3, "0-2");
	/* CPU 6's leaf 2 is an L3, not the others' L2, and alone. */
	cache_test_shared_str(test, &h, 6, 2, "6");
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_cache_shared(&h, 3, 3, shared));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_cache_shared(&h, 8, 0, shared));
	KUNIT_EXPECT_STREQ(test, hwmem_cache_type_name(HWMEM_CACHE_INST), "Instruction");
	KUNIT_EXPECT_STREQ(test, hwmem_cache_type_name(0), "Unknown");
	hwmem_cache_free(&h);
	KUNIT_EXPECT_NULL(test, h.cpus);
}

static void cache_test_detect_errors(struct kunit *test)
{
	unsigned long cpus = 0xf;
	struct hwmem_cache_hierarchy h;

	hwmem_restore_detect_cache_fn();
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, hwmem_cache_detect(&h, &cpus, 4));
	KUNIT_EXPECT_NULL(test, h.cpus);
	KUNIT_ASSERT_EQ(test, 0, hwmem_set_detect_cache_fn(cache_test_fail_cpu2, NULL));
	KUNIT_EXPECT_EQ(test, -EIO, hwmem_cache_detect(&h, &cpus, 4));
	KUNIT_EXPECT_NULL(test, h.cpus);
	KUNIT_EXPECT_EQ(test, h.nr_cpus, 0u);
	KUNIT_ASSERT_EQ(test, 0, hwmem_set_detect_cache_fn(cache_test_too_many, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_cache_detect(&h, &cpus, 4));
	/* No CPU at all is no error: an empty hierarchy. */
	cpus = 0;
	KUNIT_EXPECT_EQ(test, 0, hwmem_cache_detect(&h, &cpus, 4));
	hwmem_cache_free(&h);
}

/* What the fake operations saw: the private data they are put in place with. */
struct cache_test_log {
	void *addr;
	size_t size;
	unsigned int flushes, cleans, quiets;
	u64 now;
	int after_flush;
};

static void cache_test_flush(void *priv, void *addr, size_t size)
{
	struct cache_test_log *log = priv;

	log->addr = addr;
	log->size = size;
	log->flushes++;
	log->after_flush = 0;
}

static void cache_test_clean(void *priv, void *addr, size_t size)
{
	struct cache_test_log *log = priv;

	log->addr = addr;
	log->size = size;
	log->cleans++;
}

/* 3 a read while cached; the read after a flush takes 97 more. */
static u64 cache_test_cycles(void *priv)
{
	struct cache_test_log *log = priv;

	log->now += 3;
	if (log->after_flush >= 0 && ++log->after_flush == 2) {
		log->now += 97;
		log->after_flush = -1;
	}
	return log->now;
}

static void cache_test_quiet(void *priv, void (*fn)(void *arg), void *arg)
{
	struct cache_test_log *log = priv;

	log->quiets++;
	fn(arg);
}

static void cache_test_operations(struct kunit *test)
{
	static const struct hwmem_cache_ops flush_only = {
		.flush = cache_test_flush, .cycles = cache_test_cycles,
		.quiet = cache_test_quiet, .cycles_unit = "ticks",
	};
	static const struct hwmem_cache_ops clean_only = { .clean = cache_test_clean };
	struct cache_test_log log = { .after_flush = -1 };
	struct hwmem_cache_timing t;
	char line[64];

	hwmem_restore_cache_ops();
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, hwmem_cache_flush(line, 64));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, hwmem_cache_time_line(line, &t));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_set_cache_ops(NULL, NULL));

	KUNIT_ASSERT_EQ(test, 0, hwmem_set_cache_ops(&flush_only, &log));
	KUNIT_EXPECT_EQ(test, 0, hwmem_cache_flush(line, 64));
	KUNIT_EXPECT_PTR_EQ(test, log.addr, (void *)line);
	KUNIT_EXPECT_EQ(test, log.size, (size_t)64);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_cache_flush(line, 0));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, hwmem_cache_clean(line, 64));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, hwmem_cache_invalidate(line, 64));
	KUNIT_EXPECT_EQ(test, log.flushes, 1u);

	/* The rounds run once, under the table's quiet operation. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_cache_time_line(line, &t));
	KUNIT_EXPECT_EQ(test, log.quiets, 1u);
	KUNIT_EXPECT_EQ(test, t.cached, 3ULL);
	KUNIT_EXPECT_EQ(test, t.flushed, 100ULL);
	KUNIT_EXPECT_STREQ(test, t.unit, "ticks");

	KUNIT_ASSERT_EQ(test, 0, hwmem_set_cache_ops(&clean_only, &log));
	KUNIT_EXPECT_EQ(test, 0, hwmem_cache_clean(line, 8));
	KUNIT_EXPECT_EQ(test, log.cleans, 1u);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, hwmem_cache_flush(line, 8));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, hwmem_cache_time_line(line, &t));
}

/* Without a quiet operation the rounds run as they are, with the same result. */
static void cache_test_time_no_quiet(struct kunit *test)
{
	static const struct hwmem_cache_ops no_quiet = {
		.flush = cache_test_flush, .cycles = cache_test_cycles,
		.cycles_unit = "ticks",
	};
	struct cache_test_log log = { .after_flush = -1 };
	struct hwmem_cache_timing t;
	char line[64];

	KUNIT_ASSERT_EQ(test, 0, hwmem_set_cache_ops(&no_quiet, &log));
	KUNIT_EXPECT_EQ(test, 0, hwmem_cache_time_line(line, &t));
	KUNIT_EXPECT_EQ(test, log.quiets, 0u);
	KUNIT_EXPECT_GT(test, log.flushes, 0u);
	KUNIT_EXPECT_EQ(test, t.cached, 3ULL);
	KUNIT_EXPECT_EQ(test, t.flushed, 100ULL);
	KUNIT_EXPECT_STREQ(test, t.unit, "ticks");
}

static struct kunit_case cache_test_cases[] = {
	KUNIT_CASE(cache_test_hierarchy),
	KUNIT_CASE(cache_test_detect_errors),
	KUNIT_CASE(cache_test_operations),
	KUNIT_CASE(cache_test_time_no_quiet),
	{}
};

static struct kunit_suite cache_test_suite = {
	.name = "hwmem-cache",
	.exit = cache_test_exit,
	.test_cases = cache_test_cases,
};

kunit_test_suite(cache_test_suite);

#endif /* _HWMEM_CACHE_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
