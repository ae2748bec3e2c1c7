// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: numa, the NUMA nodes.
 *
 * Each read detects afresh through the NUMA hook, so it shows the machine
 * as it is now (CPUs and memory come and go).
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <hwmem/numa.h>

#include "debugfs.h"

static int numa_show(struct seq_file *m, void *v)
{
	const struct hwmem_debugfs_cpus *cpus = m->private;
	struct hwmem_numa_topology *topo;
	unsigned int i, j;
	int err;

	topo = hwmem_numa_detect(cpus->nr, &err);
	if (!topo)
		return err;
	seq_printf(m, "nodes: %u\n", topo->nr_nodes);
	for (i = 0; i < topo->nr_nodes; i++) {
		const struct hwmem_numa_node *n = &topo->nodes[i];

		seq_printf(m, "node %d: cpus %*pbl present_pages %llu free_pages %llu distance",
			   n->id, topo->nr_cpus, n->cpus, n->present_pages,
			   n->free_pages);
		for (j = 0; j < topo->nr_nodes; j++)
			seq_printf(m, " %u", topo->distance[i][j]);
		seq_putc(m, '\n');
	}
	hwmem_numa_free(topo);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(numa);

static struct hwmem_debugfs_cpus numa_cpus;

/**
 * hwmem_debugfs_numa_init() - create hwmem/numa
 * @root: the hwmem debugfs directory
 * @cpus: the CPUs each node's list may hold; copied
 */
void hwmem_debugfs_numa_init(struct dentry *root,
			     const struct hwmem_debugfs_cpus *cpus)
{
	numa_cpus = *cpus;
	debugfs_create_file("numa", 0400, root, &numa_cpus, &numa_fops);
}
