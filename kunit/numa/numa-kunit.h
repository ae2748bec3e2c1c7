/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem numa, included at the end of hwmem/numa/numa.c:
 * made-up machines of 1, 2, 4 and 8 nodes, and ones that do not hold
 * together.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_NUMA_KUNIT_H
#define _HWMEM_NUMA_KUNIT_H

#include <kunit/test.h>

/* How the fake machine looks: set by each test, passed as the priv. */
struct numa_test_machine {
	unsigned int nodes;	/* nodes, ids 0, 2, 4... when sparse */
	bool sparse;
	int breakage;		/* which way to get it wrong, 0 for none */
};

static struct numa_test_machine numa_test_machine;

/* Two CPUs per node; distance 10 + 10 * hops along a line of nodes. */
static int numa_test_fake(void *priv, struct hwmem_numa_topology *topo)
{
	const struct numa_test_machine *m = priv;
	unsigned int i, j, n = m->nodes;

	if (m->breakage == 1)
		return -EIO;
	topo->nr_nodes = n;
	for (i = 0; i < n; i++) {
		struct hwmem_numa_node *node = &topo->nodes[i];

		node->id = m->sparse ? 2 * i : i;
		node->present_pages = (i + 1) * 1000ULL;
		node->free_pages = i * 1000ULL;
		__set_bit(2 * i, node->cpus);
		__set_bit(2 * i + 1, node->cpus);
		for (j = 0; j < n; j++)
			topo->distance[i][j] = HWMEM_NUMA_LOCAL + 10 * abs((int)i - (int)j);
	}
	switch (m->breakage) {
	case 2:
		topo->nodes[1].id = topo->nodes[0].id;
		break;
	case 3:
		topo->distance[0][1] = 0;
		break;
	case 4:
		topo->distance[1][1] = 50;
		break;
	case 5:
		__set_bit(0, topo->nodes[1].cpus);
		break;
	case 6:
		topo->nr_nodes = 0;
		break;
	case 7:
		topo->nodes[1].free_pages = topo->nodes[1].present_pages + 1;
		break;
	}
	return 0;
}

static void numa_test_exit(struct kunit *test)
{
	hwmem_restore_detect_numa_fn();
}

static struct hwmem_numa_topology *numa_test_detect(struct kunit *test,
						    unsigned int nodes, bool sparse)
{
	struct hwmem_numa_topology *topo;
	int err;

	numa_test_machine.nodes = nodes;
	numa_test_machine.sparse = sparse;
	numa_test_machine.breakage = 0;
	KUNIT_EXPECT_EQ(test, 0, hwmem_set_detect_numa_fn(numa_test_fake, &numa_test_machine));
	topo = hwmem_numa_detect(16, &err);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_ASSERT_NOT_NULL(test, topo);
	return topo;
}

static void numa_test_sizes(struct kunit *test)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	unsigned int s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		struct hwmem_numa_topology *topo = numa_test_detect(test, sizes[s], false);
		unsigned int n = sizes[s];
		int ids[8];

		KUNIT_EXPECT_EQ(test, topo->nr_nodes, n);
		KUNIT_EXPECT_EQ(test, topo->nr_cpus, 16u);
		KUNIT_EXPECT_EQ(test, hwmem_numa_distance(topo, 0, 0), HWMEM_NUMA_LOCAL);
		KUNIT_EXPECT_EQ(test, hwmem_numa_distance(topo, 0, n - 1),
				HWMEM_NUMA_LOCAL + 10 * ((int)n - 1));
		KUNIT_EXPECT_EQ(test, hwmem_numa_node_of_cpu(topo, 2 * n - 1), (int)n - 1);
		KUNIT_EXPECT_EQ(test, hwmem_numa_node_of_cpu(topo, 2 * n), -ENOENT);
		KUNIT_EXPECT_EQ(test, hwmem_numa_nearest(topo, n - 1, ids, 8), n);
		KUNIT_EXPECT_EQ(test, ids[0], (int)n - 1);
		if (n > 1)
			KUNIT_EXPECT_EQ(test, ids[1], (int)n - 2);
		hwmem_numa_free(topo);
	}
}

static void numa_test_sparse_ids(struct kunit *test)
{
	struct hwmem_numa_topology *topo = numa_test_detect(test, 4, true);
	int ids[4];

	KUNIT_EXPECT_EQ(test, hwmem_numa_index(topo, 6), 3);
	KUNIT_EXPECT_EQ(test, hwmem_numa_index(topo, 1), -ENOENT);
	KUNIT_EXPECT_EQ(test, hwmem_numa_distance(topo, 2, 6), 30);
	KUNIT_EXPECT_EQ(test, hwmem_numa_distance(topo, 2, 3), -ENOENT);
	KUNIT_EXPECT_EQ(test, hwmem_numa_node_of_cpu(topo, 3), 2);
	KUNIT_EXPECT_EQ(test, hwmem_numa_node_of_cpu(topo, 1000), -ENOENT);
	/* From node 2 (index 1): itself, then 0 and 4 at 20 by id, then 6. */
	KUNIT_EXPECT_EQ(test, hwmem_numa_nearest(topo, 2, ids, 4), 4u);
	KUNIT_EXPECT_EQ(test, ids[0], 2);
	KUNIT_EXPECT_EQ(test, ids[1], 0);
	KUNIT_EXPECT_EQ(test, ids[2], 4);
	KUNIT_EXPECT_EQ(test, ids[3], 6);
	KUNIT_EXPECT_EQ(test, hwmem_numa_nearest(topo, 2, ids, 2), 2u);
	KUNIT_EXPECT_EQ(test, hwmem_numa_nearest(topo, 5, ids, 4), 0u);
	hwmem_numa_free(topo);
}

static void numa_test_refused(struct kunit *test)
{
	int breakage, err;

	hwmem_restore_detect_numa_fn();
	KUNIT_EXPECT_NULL(test, hwmem_numa_detect(4, &err));
	KUNIT_EXPECT_EQ(test, err, -EOPNOTSUPP);

	KUNIT_EXPECT_EQ(test, 0, hwmem_set_detect_numa_fn(numa_test_fake, &numa_test_machine));
	numa_test_machine.nodes = 2;
	numa_test_machine.sparse = false;
	for (breakage = 1; breakage <= 7; breakage++) {
		numa_test_machine.breakage = breakage;
		KUNIT_EXPECT_NULL_MSG(test, hwmem_numa_detect(4, &err), "breakage %d", breakage);
		KUNIT_EXPECT_EQ_MSG(test, err, breakage == 1 ? -EIO : -EINVAL,
				    "breakage %d", breakage);
	}
	hwmem_numa_free(NULL);
}

static struct kunit_case numa_test_cases[] = {
	KUNIT_CASE(numa_test_sizes),
	KUNIT_CASE(numa_test_sparse_ids),
	KUNIT_CASE(numa_test_refused),
	{}
};

static struct kunit_suite numa_test_suite = {
	.name = "hwmem-numa",
	.exit = numa_test_exit,
	.test_cases = numa_test_cases,
};

kunit_test_suite(numa_test_suite);

#endif /* _HWMEM_NUMA_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
