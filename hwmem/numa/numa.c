// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem numa: the NUMA topology through a registered detection callback
 *
 * The callback fills in the online nodes; this file allocates room for
 * them, checks what came back (ids ascending and unique, each CPU in one
 * node at most, every distance set and a node nearest to itself), and
 * answers questions about it: distances by node id, the node of a CPU,
 * the nodes by increasing distance.
 *
 * Locking: the callback is called through its hook (lib/hook.c), under
 * SRCU; a topology belongs to whoever detected it.
 */

#include <linux/bitmap.h>
#include <linux/slab.h>

#include <hwmem/numa.h>

/**
 * hwmem_numa_free() - free a detected topology
 * @topo: the topology, or NULL
 */
void hwmem_numa_free(struct hwmem_numa_topology *topo)
{
	unsigned int i;

	if (!topo)
		return;
	for (i = 0; i < HWMEM_NUMA_MAX_NODES; i++)
		bitmap_free(topo->nodes[i].cpus);
	kvfree(topo);
}

static int numa_check(const struct hwmem_numa_topology *topo)
{
	unsigned int i, j;

	if (!topo->nr_nodes || topo->nr_nodes > HWMEM_NUMA_MAX_NODES)
		return -EINVAL;
	for (i = 0; i < topo->nr_nodes; i++) {
		const struct hwmem_numa_node *n = &topo->nodes[i];

		if (n->id < 0 || (i && n->id <= topo->nodes[i - 1].id) ||
		    n->free_pages > n->present_pages)
			return -EINVAL;
		for (j = 0; j < topo->nr_nodes; j++) {
			if (!topo->distance[i][j] ||
			    topo->distance[i][j] < topo->distance[i][i])
				return -EINVAL;
			if (j > i && bitmap_intersects(n->cpus, topo->nodes[j].cpus,
						       topo->nr_cpus))
				return -EINVAL;
		}
	}
	return 0;
}

/**
 * hwmem_numa_detect() - detect the online nodes
 * @nr_cpus: CPUs each node's bitmap must hold (the glue passes
 *	nr_cpu_ids)
 * @err: receives 0, -EOPNOTSUPP without a callback, -ENOMEM, the
 *	callback's error, or -EINVAL for a topology that does not hold
 *	together
 *
 * Return: the topology, to free with hwmem_numa_free(), or NULL.
 */
struct hwmem_numa_topology *hwmem_numa_detect(unsigned int nr_cpus, int *err)
{
	struct hwmem_numa_topology *topo;
	struct hwmem_hook hook;
	unsigned int i;
	int cookie;

	*err = -ENOMEM;
	topo = kvzalloc(sizeof(*topo), GFP_KERNEL);
	if (!topo)
		return NULL;
	topo->nr_cpus = nr_cpus;
	for (i = 0; i < HWMEM_NUMA_MAX_NODES; i++) {
		topo->nodes[i].cpus = bitmap_zalloc(max(nr_cpus, 1U), GFP_KERNEL);
		if (!topo->nodes[i].cpus)
			goto fail;
	}
	*err = -EOPNOTSUPP;
	cookie = hwmem_hook_get(HWMEM_HOOK_NUMA, &hook);
	if (hook.fn)
		*err = ((hwmem_detect_numa_fn)hook.fn)(hook.priv, topo);
	hwmem_hook_put(cookie);
	if (!*err)
		*err = numa_check(topo);
	if (!*err)
		return topo;
fail:
	hwmem_numa_free(topo);
	return NULL;
}

/**
 * hwmem_numa_index() - where a node is in a topology
 * @topo: the topology
 * @id: the node's id
 *
 * Return: its index in @topo->nodes, or -ENOENT.
 */
int hwmem_numa_index(const struct hwmem_numa_topology *topo, int id)
{
	unsigned int i;

	for (i = 0; i < topo->nr_nodes; i++)
		if (topo->nodes[i].id == id)
			return i;
	return -ENOENT;
}

/**
 * hwmem_numa_distance() - the distance between two nodes
 * @topo: the topology
 * @from: a node id
 * @to: a node id
 *
 * Return: the distance, or -ENOENT if either node is not in @topo.
 */
int hwmem_numa_distance(const struct hwmem_numa_topology *topo, int from,
			int to)
{
	int i = hwmem_numa_index(topo, from), j = hwmem_numa_index(topo, to);

	if (i < 0 || j < 0)
		return -ENOENT;
	return topo->distance[i][j];
}

/**
 * hwmem_numa_node_of_cpu() - the node a CPU belongs to
 * @topo: the topology
 * @cpu: the CPU
 *
 * Return: the node's id, or -ENOENT if no node has @cpu.
 */
int hwmem_numa_node_of_cpu(const struct hwmem_numa_topology *topo,
			   unsigned int cpu)
{
	unsigned int i;

	for (i = 0; cpu < topo->nr_cpus && i < topo->nr_nodes; i++)
		if (test_bit(cpu, topo->nodes[i].cpus))
			return topo->nodes[i].id;
	return -ENOENT;
}

/**
 * hwmem_numa_nearest() - the nodes in order of distance from one
 * @topo: the topology
 * @id: the node to measure from
 * @ids: receives node ids, nearest first: the node itself, then the others
 *	by distance, those at the same distance by ascending id
 * @max: room in @ids
 *
 * Return: the number of ids stored; 0 if @id is not in @topo.
 */
unsigned int hwmem_numa_nearest(const struct hwmem_numa_topology *topo,
				int id, int *ids, unsigned int max)
{
	int from = hwmem_numa_index(topo, id);
	unsigned int i, j, n;

	if (from < 0)
		return 0;
	n = min(max, topo->nr_nodes);
	/* Selection of the n nearest: nodes are few. */
	for (i = 0; i < n; i++) {
		int best = -1;

		for (j = 0; j < topo->nr_nodes; j++) {
			unsigned int k;
			bool taken = false;

			for (k = 0; k < i; k++)
				taken |= ids[k] == topo->nodes[j].id;
			if (taken)
				continue;
			if (best < 0 ||
			    topo->distance[from][j] < topo->distance[from][best] ||
			    (topo->distance[from][j] == topo->distance[from][best] &&
			     j == from))
				best = j;
		}
		ids[i] = topo->nodes[best].id;
	}
	return n;
}

#include "../../kunit/numa/numa-kunit.h"
