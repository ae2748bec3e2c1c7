// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: slab/{state,caches,slabinfo,ctl}, the slab allocator.
 *
 * slabinfo is /proc/slabinfo's version 2.1, to the byte, so that tools
 * written for the kernel's file read hwmem's.
 *
 * Addresses go in and out in hex: alloc answers with the object's kernel
 * address, and free takes it back.  The files are root-only.
 *
 * Locking: through the allocator's API, which takes its lock; each line
 * of caches is a consistent snapshot of its cache.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <hwmem/slab.h>

#include "cmd.h"
#include "debugfs.h"

static int slab_caches_show(struct seq_file *m, void *v)
{
	struct hwmem_slab *slab = m->private;
	struct hwmem_slab_cache_stats st;
	unsigned int i, c;

	seq_puts(m, "# name size align stride objs_per_slab frames_per_slab inuse total slabs partial full empty");
	for (c = 0; c < HWMEM_SLAB_NR_COUNTERS; c++)
		seq_printf(m, " %s", hwmem_slab_counter_names[c]);
	seq_putc(m, '\n');
	for (i = 0; i < HWMEM_SLAB_MAX_CACHES; i++) {
		if (hwmem_slab_cache_get_stats(slab, i, &st))
			continue;
		seq_printf(m, "%s %u %u %u %u %u %lu %lu %lu %lu %lu %lu",
			   st.name, st.size, st.align, st.stride,
			   st.objs_per_slab, st.frames, st.inuse, st.total,
			   st.slabs, st.slabs_partial, st.slabs_full,
			   st.slabs_empty);
		for (c = 0; c < HWMEM_SLAB_NR_COUNTERS; c++)
			seq_printf(m, " %lu", st.counters[c]);
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(slab_caches);

static int slab_state_show(struct seq_file *m, void *v)
{
	struct hwmem_slab *slab = m->private;
	struct hwmem_slab_totals t;

	hwmem_slab_get_totals(slab, &t);
	seq_printf(m, "policy: %s\n",
		   hwmem_slab_policy_names[hwmem_slab_get_policy(slab)]);
	seq_printf(m, "caches: %u\n", t.caches);
	seq_printf(m, "objects_inuse: %lu\n", t.inuse);
	seq_printf(m, "objects_total: %lu\n", t.slots);
	seq_printf(m, "bytes_inuse: %lu\n", t.bytes_inuse);
	seq_printf(m, "frames: %lu\n", t.frames);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(slab_state);

/* As mm/slab_common.c prints /proc/slabinfo; SLUB's figures where it has none. */
static int slab_slabinfo_show(struct seq_file *m, void *v)
{
	struct hwmem_slab *slab = m->private;
	struct hwmem_slab_cache_stats st;
	unsigned int i;

	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
	seq_puts(m, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_puts(m, " : slabdata <active_slabs> <num_slabs> <sharedavail>");
	seq_putc(m, '\n');
	for (i = 0; i < HWMEM_SLAB_MAX_CACHES; i++) {
		if (hwmem_slab_cache_get_stats(slab, i, &st))
			continue;
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d",
			   st.name, st.inuse, st.total, st.stride,
			   st.objs_per_slab, st.frames);
		seq_printf(m, " : tunables %4u %4u %4u", 0, 0, 0);
		seq_printf(m, " : slabdata %6lu %6lu %6lu", st.slabs, st.slabs, 0UL);
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(slab_slabinfo);

static int slab_find(struct hwmem_slab *slab, const char *name,
		     struct hwmem_slab_cache **cache)
{
	*cache = hwmem_slab_cache_find(slab, name);
	return *cache ? 0 : -ENOENT;
}

/* create NAME SIZE [ALIGN]: ALIGN defaults to 8. */
static int slab_cmd_create(void *ctx, unsigned int argc, char **argv,
			   struct seq_buf *out)
{
	struct hwmem_slab_cache *cache;
	unsigned long size, align = 8;
	int err;

	err = hwmem_cmd_parse_ulong(argv[1], &size);
	if (!err && argc > 2)
		err = hwmem_cmd_parse_ulong(argv[2], &align);
	return err ? err : hwmem_slab_cache_create(ctx, argv[0], size, align,
						   &cache);
}

/* destroy NAME: only a cache with no object in use. */
static int slab_cmd_destroy(void *ctx, unsigned int argc, char **argv,
			    struct seq_buf *out)
{
	struct hwmem_slab_cache *cache;
	int err;

	err = slab_find(ctx, argv[0], &cache);
	return err ? err : hwmem_slab_cache_destroy(cache);
}

/* alloc NAME */
static int slab_cmd_alloc(void *ctx, unsigned int argc, char **argv,
			  struct seq_buf *out)
{
	struct hwmem_slab_cache *cache;
	void *ptr;
	int err;

	err = slab_find(ctx, argv[0], &cache);
	if (!err)
		err = hwmem_slab_alloc(cache, &ptr);
	if (err)
		return err;
	seq_buf_printf(out, "%#lx\n", (unsigned long)ptr);
	return 0;
}

/* free NAME ADDR */
static int slab_cmd_free(void *ctx, unsigned int argc, char **argv,
			 struct seq_buf *out)
{
	struct hwmem_slab_cache *cache;
	void *ptr;
	int err;

	err = hwmem_cmd_parse_addr(argv[1], &ptr);
	if (!err)
		err = slab_find(ctx, argv[0], &cache);
	return err ? err : hwmem_slab_free(cache, ptr);
}

/* shrink NAME: answers the number of slabs given back. */
static int slab_cmd_shrink(void *ctx, unsigned int argc, char **argv,
			   struct seq_buf *out)
{
	struct hwmem_slab_cache *cache;
	int err;

	err = slab_find(ctx, argv[0], &cache);
	if (err)
		return err;
	seq_buf_printf(out, "%lu\n", hwmem_slab_cache_shrink(cache));
	return 0;
}

/* policy NAME: first, fullest or emptiest; only while no object is in use. */
static int slab_cmd_policy(void *ctx, unsigned int argc, char **argv,
			   struct seq_buf *out)
{
	int policy = hwmem_cmd_parse_name(argv[0], hwmem_slab_policy_names,
					  HWMEM_SLAB_NR_POLICIES);

	return policy < 0 ? policy : hwmem_slab_set_policy(ctx, policy);
}

static const struct hwmem_cmd slab_cmds[] = {
	{ "create", 2, 3, slab_cmd_create },
	{ "destroy", 1, 1, slab_cmd_destroy },
	{ "alloc", 1, 1, slab_cmd_alloc },
	{ "free", 2, 2, slab_cmd_free },
	{ "shrink", 1, 1, slab_cmd_shrink },
	{ "policy", 1, 1, slab_cmd_policy },
	{ }
};

static struct hwmem_ctl slab_ctl = { .cmds = slab_cmds };

/**
 * hwmem_debugfs_slab_init() - create hwmem/slab/
 * @root: the hwmem debugfs directory
 * @slab: the slab allocator
 */
void hwmem_debugfs_slab_init(struct dentry *root, struct hwmem_slab *slab)
{
	struct dentry *dir = debugfs_create_dir("slab", root);

	slab_ctl.ctx = slab;
	debugfs_create_file("state", 0400, dir, slab, &slab_state_fops);
	debugfs_create_file("caches", 0400, dir, slab, &slab_caches_fops);
	debugfs_create_file("slabinfo", 0400, dir, slab, &slab_slabinfo_fops);
	debugfs_create_file("ctl", 0600, dir, &slab_ctl, &hwmem_ctl_fops);
}
