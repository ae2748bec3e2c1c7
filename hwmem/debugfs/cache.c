// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: cache/{hierarchy,ctl}, the caches and coherence operations.
 *
 * Each read of hierarchy detects afresh through the cache hook, for the
 * CPUs online then.  The commands work on hwmem's own frames only.
 */

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include <hwmem/cache.h>
#include <hwmem/phys.h>

#include "cmd.h"
#include "debugfs.h"

/* Most frames one flush, clean or invalidate may cover. */
#define CACHE_CMD_MAX_FRAMES	1024

static int cache_hierarchy_show(struct seq_file *m, void *v)
{
	const struct hwmem_debugfs_cpus *cpus = m->private;
	struct hwmem_cache_hierarchy h;
	unsigned long *shared;
	unsigned int cpu, i;
	int err;

	err = hwmem_cache_detect(&h, cpus->online, cpus->nr);
	if (err)
		return err;
	shared = bitmap_zalloc(cpus->nr, GFP_KERNEL);
	if (!shared) {
		hwmem_cache_free(&h);
		return -ENOMEM;
	}
	for (cpu = 0; cpu < h.nr_cpus; cpu++) {
		for (i = 0; i < h.cpus[cpu].nr_leaves; i++) {
			const struct hwmem_cache_leaf *l = &h.cpus[cpu].leaves[i];

			hwmem_cache_shared(&h, cpu, i, shared);
			seq_printf(m, "cpu%u index%u level %u type %s size %uK line %u ways %u sets %u shared %*pbl\n",
				   cpu, i, l->level, hwmem_cache_type_name(l->type),
				   l->size >> 10, l->line_size, l->ways, l->sets,
				   h.nr_cpus, shared);
		}
	}
	bitmap_free(shared);
	hwmem_cache_free(&h);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cache_hierarchy);

/* Apply @op to COUNT frames from PFN, all of them hwmem's. */
static int cache_frames(struct hwmem_phys *phys, unsigned int argc,
			char **argv, int (*op)(void *addr, size_t size))
{
	unsigned long pfn, count = 1, i;
	int err;

	err = hwmem_cmd_parse_ulong(argv[0], &pfn);
	if (!err && argc > 1)
		err = hwmem_cmd_parse_range(argv[1], 1, CACHE_CMD_MAX_FRAMES,
					    &count);
	if (err)
		return err;
	if (pfn + count < pfn)
		return -EINVAL;
	for (i = 0; i < count; i++)
		if (!hwmem_phys_frame_addr(phys, (struct hwmem_frame){ pfn + i }))
			return -EINVAL;
	for (i = 0; i < count; i++) {
		err = op(hwmem_phys_frame_addr(phys, (struct hwmem_frame){ pfn + i }),
			 HWMEM_FRAME_SIZE);
		if (err)
			return err;
	}
	return 0;
}

/* flush PFN [COUNT] */
static int cache_cmd_flush(void *ctx, unsigned int argc, char **argv,
			   struct seq_buf *out)
{
	return cache_frames(ctx, argc, argv, hwmem_cache_flush);
}

/* clean PFN [COUNT] */
static int cache_cmd_clean(void *ctx, unsigned int argc, char **argv,
			   struct seq_buf *out)
{
	return cache_frames(ctx, argc, argv, hwmem_cache_clean);
}

/* invalidate PFN [COUNT] */
static int cache_cmd_invalidate(void *ctx, unsigned int argc, char **argv,
				struct seq_buf *out)
{
	return cache_frames(ctx, argc, argv, hwmem_cache_invalidate);
}

/* time PFN: read the frame's first line cached, and after a flush. */
static int cache_cmd_time(void *ctx, unsigned int argc, char **argv,
			  struct seq_buf *out)
{
	struct hwmem_cache_timing t;
	struct hwmem_frame f;
	void *line;
	int err;

	err = hwmem_cmd_parse_ulong(argv[0], &f.pfn);
	if (err)
		return err;
	line = hwmem_phys_frame_addr(ctx, f);
	if (!line)
		return -EINVAL;
	err = hwmem_cache_time_line(line, &t);
	if (err)
		return err;
	seq_buf_printf(out, "cached %llu %s flushed %llu %s\n", t.cached, t.unit,
		       t.flushed, t.unit);
	return 0;
}

static const struct hwmem_cmd cache_cmds[] = {
	{ "flush", 1, 2, cache_cmd_flush },
	{ "clean", 1, 2, cache_cmd_clean },
	{ "invalidate", 1, 2, cache_cmd_invalidate },
	{ "time", 1, 1, cache_cmd_time },
	{ }
};

static struct hwmem_ctl cache_ctl = { .cmds = cache_cmds };

static struct hwmem_debugfs_cpus cache_cpus;

/**
 * hwmem_debugfs_cache_init() - create hwmem/cache/
 * @root: the hwmem debugfs directory
 * @phys: the frames cache/ctl may work on
 * @cpus: the CPUs hierarchy shows; copied
 */
void hwmem_debugfs_cache_init(struct dentry *root, struct hwmem_phys *phys,
			      const struct hwmem_debugfs_cpus *cpus)
{
	struct dentry *dir = debugfs_create_dir("cache", root);

	cache_cpus = *cpus;
	cache_ctl.ctx = phys;
	debugfs_create_file("hierarchy", 0400, dir, &cache_cpus,
			    &cache_hierarchy_fops);
	debugfs_create_file("ctl", 0600, dir, &cache_ctl, &hwmem_ctl_fops);
}
