// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem platform: the detection callbacks the glue registers as defaults
 *
 * Memory figures from si_meminfo() and si_mem_available(); free swap from
 * nr_swap_pages (get_nr_swap_pages()).  Total swap has no exported source
 * (si_swapinfo() and total_swap_pages are not exported), so it is
 * reported unknown.  NUMA nodes from the online node map, their CPUs from
 * cpumask_of_node() and the online mask (as sysfs shows them), distances
 * from node_distance().  Caches are architecture-specific
 * (platform-x86.c).
 */

#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/swap.h>
#include <linux/topology.h>
#include <linux/vmstat.h>

#include <hwmem/hook.h>
#include <hwmem/info.h>
#include <hwmem/numa.h>

#include "platform.h"

static int platform_meminfo(void *priv, struct hwmem_memory_info *info)
{
	struct sysinfo si;

	si_meminfo(&si);
	info->total_bytes = (u64)si.totalram * si.mem_unit;
	info->free_bytes = (u64)si.freeram * si.mem_unit;
	info->available_bytes = (u64)si_mem_available() << PAGE_SHIFT;
	info->swap_free_bytes = (u64)get_nr_swap_pages() << PAGE_SHIFT;
	info->unknown = HWMEM_INFO_SWAP_TOTAL_UNKNOWN;
	return 0;
}

static int platform_numa(void *priv, struct hwmem_numa_topology *topo)
{
	unsigned int i = 0, j, bits = min(topo->nr_cpus, nr_cpu_ids);
	int nid;

	for_each_online_node(nid) {
		struct hwmem_numa_node *n;
		int z;

		if (i == HWMEM_NUMA_MAX_NODES)
			return -E2BIG;
		n = &topo->nodes[i++];
		n->id = nid;
		n->present_pages = node_present_pages(nid);
		for (z = 0; z < MAX_NR_ZONES; z++)
			n->free_pages += zone_page_state(&NODE_DATA(nid)->node_zones[z],
							 NR_FREE_PAGES);
		bitmap_and(n->cpus, cpumask_bits(cpumask_of_node(nid)),
			   cpumask_bits(cpu_online_mask), bits);
	}
	topo->nr_nodes = i;
	for (i = 0; i < topo->nr_nodes; i++)
		for (j = 0; j < topo->nr_nodes; j++)
			topo->distance[i][j] = node_distance(topo->nodes[i].id,
							     topo->nodes[j].id);
	return 0;
}

/**
 * hwmem_platform_register() - register every detection callback as its
 *	hook's default
 */
void hwmem_platform_register(void)
{
	hwmem_hook_set_default(HWMEM_HOOK_MEMORY, (const void *)platform_meminfo,
			       NULL);
	hwmem_hook_set_default(HWMEM_HOOK_NUMA, (const void *)platform_numa, NULL);
	hwmem_platform_register_arch();
}

/**
 * hwmem_platform_unregister() - take every default away
 *
 * What another module put in place goes too: it cannot be loaded by now,
 * since it depends on hwmem.
 */
void hwmem_platform_unregister(void)
{
	unsigned int id;

	for (id = 0; id < HWMEM_NR_HOOKS; id++)
		hwmem_hook_set_default(id, NULL, NULL);
}
