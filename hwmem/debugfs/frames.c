// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: frames/{state,map,ctl}, the frame allocator's view.
 *
 * Locking: each read takes a snapshot through the frame allocator's API,
 * which takes its lock; map is consistent per line, not across lines.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <hwmem/phys.h>

#include "cmd.h"
#include "debugfs.h"

/* Frames per line of frames/map. */
#define FRAMES_MAP_WIDTH	64
/* Most frames one "alloc N" may ask for; the answer must fit one page. */
#define FRAMES_ALLOC_MAX	64

static int frames_state_show(struct seq_file *m, void *v)
{
	struct hwmem_phys *phys = m->private;
	struct hwmem_phys_stats st;
	struct hwmem_region r;
	unsigned long nr_free;
	unsigned int i;

	hwmem_phys_get_stats(phys, &st);
	seq_printf(m, "frames: %lu\n", st.nr_frames);
	seq_printf(m, "free: %lu\n", st.owned[HWMEM_OWNER_FREE]);
	seq_printf(m, "allocated: %lu\n",
		   st.nr_frames - st.owned[HWMEM_OWNER_FREE]);
	seq_printf(m, "regions: %u\n", st.nr_regions);
	seq_printf(m, "policy: %s\n", hwmem_phys_policy_names[st.policy]);
	seq_printf(m, "metadata_bytes: %zu\n",
		   hwmem_phys_meta_size(st.nr_regions, st.nr_frames));
	for (i = HWMEM_OWNER_FREE + 1; i < HWMEM_NR_OWNERS; i++)
		seq_printf(m, "owner_%s: %lu\n", hwmem_owner_name(i),
			   st.owned[i]);
	for (i = 0; i < HWMEM_PHYS_NR_COUNTERS; i++)
		seq_printf(m, "%s: %lu\n", hwmem_phys_counter_names[i],
			   st.counters[i]);
	for (i = 0; !hwmem_phys_region(phys, i, &r, &nr_free); i++)
		seq_printf(m, "region %u: base_pfn %#lx frames %lu free %lu node %d\n",
			   i, r.base_pfn, r.nr_frames, nr_free, r.node);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(frames_state);

/**
 * struct frames_map_iter - position in frames/map
 * @phys: the frame allocator
 * @region: region of the current line
 * @offset: first frame of the current line, from the start of @region
 * @owners: owners of the frames on the current line
 */
struct frames_map_iter {
	struct hwmem_phys *phys;
	unsigned int region;
	unsigned long offset;
	u8 owners[FRAMES_MAP_WIDTH];
};

/* Each region starts a new line; *pos numbers the lines of all regions. */
static void *frames_map_start(struct seq_file *m, loff_t *pos)
{
	struct frames_map_iter *it = m->private;
	loff_t line = *pos;
	struct hwmem_region r;
	unsigned int i;

	for (i = 0; !hwmem_phys_region(it->phys, i, &r, NULL); i++) {
		unsigned long lines = DIV_ROUND_UP(r.nr_frames, FRAMES_MAP_WIDTH);

		if (line < lines) {
			it->region = i;
			it->offset = line * FRAMES_MAP_WIDTH;
			return it;
		}
		line -= lines;
	}
	return NULL;
}

static void *frames_map_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return frames_map_start(m, pos);
}

static void frames_map_stop(struct seq_file *m, void *v)
{
}

static int frames_map_show(struct seq_file *m, void *v)
{
	struct frames_map_iter *it = v;
	char line[FRAMES_MAP_WIDTH + 1];
	struct hwmem_region r;
	unsigned int i, n;

	if (hwmem_phys_region(it->phys, it->region, &r, NULL))
		return 0;
	n = hwmem_phys_owners(it->phys, it->region, it->offset, it->owners,
			      FRAMES_MAP_WIDTH);
	for (i = 0; i < n; i++)
		line[i] = hwmem_owner_char(it->owners[i]);
	line[n] = '\0';
	seq_printf(m, "%#010lx %s\n", r.base_pfn + it->offset, line);
	return 0;
}

static const struct seq_operations frames_map_sops = {
	.start	= frames_map_start,
	.next	= frames_map_next,
	.stop	= frames_map_stop,
	.show	= frames_map_show,
};

static int frames_map_open(struct inode *inode, struct file *file)
{
	struct frames_map_iter *it;

	it = __seq_open_private(file, &frames_map_sops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->phys = inode->i_private;
	return 0;
}

static const struct file_operations frames_map_fops = {
	.owner		= THIS_MODULE,
	.open		= frames_map_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= seq_release_private,
};

/* alloc [COUNT]: COUNT frames (default 1), all or none; answers their pfns. */
static int frames_cmd_alloc(void *ctx, unsigned int argc, char **argv,
			    struct seq_buf *out)
{
	struct hwmem_frame frames[FRAMES_ALLOC_MAX];
	struct hwmem_phys *phys = ctx;
	unsigned long count = 1, i;
	int err;

	if (argc) {
		err = hwmem_cmd_parse_range(argv[0], 1, FRAMES_ALLOC_MAX, &count);
		if (err)
			return err;
	}
	err = hwmem_phys_alloc_bulk(phys, count, HWMEM_OWNER_USER, frames);
	if (err)
		return err;
	for (i = 0; i < count; i++)
		seq_buf_printf(out, "%#lx\n", frames[i].pfn);
	return 0;
}

/* free PFN: a frame allocated through this file. */
static int frames_cmd_free(void *ctx, unsigned int argc, char **argv,
			   struct seq_buf *out)
{
	struct hwmem_frame frame;
	int err;

	err = hwmem_cmd_parse_ulong(argv[0], &frame.pfn);
	if (err)
		return err;
	return hwmem_phys_free(ctx, frame, HWMEM_OWNER_USER);
}

/* policy NAME: lifo, fifo or lowest; at any time. */
static int frames_cmd_policy(void *ctx, unsigned int argc, char **argv,
			     struct seq_buf *out)
{
	int policy = hwmem_cmd_parse_name(argv[0], hwmem_phys_policy_names,
					  HWMEM_PHYS_NR_POLICIES);

	if (policy < 0)
		return policy;
	hwmem_phys_set_policy(ctx, policy);
	return 0;
}

static const struct hwmem_cmd frames_cmds[] = {
	{ "alloc", 0, 1, frames_cmd_alloc },
	{ "free", 1, 1, frames_cmd_free },
	{ "policy", 1, 1, frames_cmd_policy },
	{ }
};

static struct hwmem_ctl frames_ctl = { .cmds = frames_cmds };

/**
 * hwmem_debugfs_frames_init() - create hwmem/frames/
 * @root: the hwmem debugfs directory
 * @phys: the frame allocator the files show and drive
 */
void hwmem_debugfs_frames_init(struct dentry *root, struct hwmem_phys *phys)
{
	struct dentry *dir = debugfs_create_dir("frames", root);

	frames_ctl.ctx = phys;
	debugfs_create_file("state", 0400, dir, phys, &frames_state_fops);
	debugfs_create_file("map", 0400, dir, phys, &frames_map_fops);
	debugfs_create_file("ctl", 0600, dir, &frames_ctl, &hwmem_ctl_fops);
}

#include "../../kunit/debugfs/frames-kunit.h"
