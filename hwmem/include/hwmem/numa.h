/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem numa: NUMA nodes, their CPUs and memory and distances, through a
 * registered callback.
 */
#ifndef _HWMEM_NUMA_H
#define _HWMEM_NUMA_H

#include <linux/init.h>
#include <linux/types.h>

#include <hwmem/hook.h>

#define HWMEM_NUMA_MAX_NODES	64
/* The distance of a node to itself, as ACPI SLIT and the kernel have it. */
#define HWMEM_NUMA_LOCAL	10

/**
 * struct hwmem_numa_node - one node
 * @id: its number
 * @present_pages: pages of memory it has
 * @free_pages: of those, free
 * @cpus: bitmap of its online CPUs, &hwmem_numa_topology.nr_cpus bits
 */
struct hwmem_numa_node {
	int id;
	u64 present_pages;
	u64 free_pages;
	unsigned long *cpus;
};

/**
 * struct hwmem_numa_topology - the online nodes
 * @nr_cpus: bits in each node's CPU bitmap
 * @nr_nodes: nodes detected
 * @nodes: the nodes, by ascending id
 * @distance: distance from @nodes[i] to @nodes[j], by index
 */
struct hwmem_numa_topology {
	unsigned int nr_cpus;
	unsigned int nr_nodes;
	struct hwmem_numa_node nodes[HWMEM_NUMA_MAX_NODES];
	u8 distance[HWMEM_NUMA_MAX_NODES][HWMEM_NUMA_MAX_NODES];
};

/**
 * typedef hwmem_detect_numa_fn - detects the online nodes
 * @priv: what the callback was registered with
 * @topo: to fill in: @topo->nr_nodes, and for each node its id, pages and
 *	CPUs (the bitmaps are allocated), and the distances
 *
 * May sleep.
 *
 * Return: 0, or a negative errno.
 */
typedef int (*hwmem_detect_numa_fn)(void *priv, struct hwmem_numa_topology *topo);

/**
 * hwmem_set_detect_numa_fn() - put a NUMA detection callback in place
 * @fn: the callback
 * @priv: passed to it
 *
 * It replaces the platform's until hwmem_restore_detect_numa_fn(), which
 * the caller's exit function must call.  May sleep.
 *
 * Return: 0, or -EINVAL for a NULL @fn.
 */
static inline int hwmem_set_detect_numa_fn(hwmem_detect_numa_fn fn, void *priv)
{
	return hwmem_hook_set(HWMEM_HOOK_NUMA, (const void *)fn, priv,
			      THIS_MODULE);
}

/**
 * hwmem_restore_detect_numa_fn() - put the platform's callback back
 *
 * Returns once nothing calls the one it replaced.  May sleep.
 */
static inline void hwmem_restore_detect_numa_fn(void)
{
	hwmem_hook_restore(HWMEM_HOOK_NUMA);
}

struct hwmem_numa_topology *hwmem_numa_detect(unsigned int nr_cpus, int *err);
void hwmem_numa_free(struct hwmem_numa_topology *topo);
int hwmem_numa_index(const struct hwmem_numa_topology *topo, int id);
int hwmem_numa_distance(const struct hwmem_numa_topology *topo, int from,
			int to);
int hwmem_numa_node_of_cpu(const struct hwmem_numa_topology *topo,
			   unsigned int cpu);
unsigned int hwmem_numa_nearest(const struct hwmem_numa_topology *topo,
				int id, int *ids, unsigned int max);

#endif /* _HWMEM_NUMA_H */
