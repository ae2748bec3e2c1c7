// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: bump/{state,ctl}, buddy/{state,map,ctl}, slab/{caches,ctl}.
 *
 * Addresses go in and out in hex: a ctl answers an allocation with its
 * kernel address, and frees take it back.  The files are root-only.
 *
 * Locking: every read and command goes through the allocators' API, which
 * takes their locks; each file is a consistent snapshot of its allocator,
 * buddy/map of each line.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <hwmem/buddy.h>
#include <hwmem/bump.h>
#include <hwmem/slab.h>

#include "cmd.h"
#include "debugfs.h"

/* Order-0 blocks per line of buddy/map. */
#define BUDDY_MAP_WIDTH		64

static int parse_addr(const char *word, void **ptr)
{
	unsigned long addr;
	int err;

	err = hwmem_cmd_parse_ulong(word, &addr);
	if (!err)
		*ptr = (void *)addr;
	return err;
}

/* A value in thousandths, as the kernel's extfrag files print them. */
static void seq_milli(struct seq_file *m, int value)
{
	seq_printf(m, "%s%d.%03d", value < 0 ? "-" : "", abs(value) / 1000,
		   abs(value) % 1000);
}

/* --- bump --- */

static int bump_state_show(struct seq_file *m, void *v)
{
	struct hwmem_bump *bump = m->private;
	struct hwmem_bump_stats st;

	hwmem_bump_get_stats(bump, &st);
	seq_printf(m, "base: %#lx\n", (unsigned long)bump->base);
	seq_printf(m, "capacity: %zu\n", st.capacity);
	seq_printf(m, "used: %zu\n", st.used);
	seq_printf(m, "free: %zu\n", st.capacity - st.used);
	seq_printf(m, "peak: %zu\n", st.peak);
	seq_printf(m, "allocs: %lu\n", st.allocs);
	seq_printf(m, "failures: %lu\n", st.failures);
	seq_printf(m, "resets: %lu\n", st.resets);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bump_state);

/* alloc SIZE [ALIGN]: ALIGN defaults to 8. */
static int bump_cmd_alloc(void *ctx, unsigned int argc, char **argv,
			  struct seq_buf *out)
{
	unsigned long size, align = 8;
	void *ptr;
	int err;

	err = hwmem_cmd_parse_ulong(argv[0], &size);
	if (!err && argc > 1)
		err = hwmem_cmd_parse_ulong(argv[1], &align);
	if (!err)
		err = hwmem_bump_alloc(ctx, size, align, &ptr);
	if (err)
		return err;
	seq_buf_printf(out, "%#lx\n", (unsigned long)ptr);
	return 0;
}

static int bump_cmd_reset(void *ctx, unsigned int argc, char **argv,
			  struct seq_buf *out)
{
	hwmem_bump_reset(ctx);
	return 0;
}

static const struct hwmem_cmd bump_cmds[] = {
	{ "alloc", 1, 2, bump_cmd_alloc },
	{ "reset", 0, 0, bump_cmd_reset },
	{ }
};

static struct hwmem_ctl bump_ctl = { .cmds = bump_cmds };

/* --- buddy --- */

static int buddy_state_show(struct seq_file *m, void *v)
{
	struct hwmem_buddy *buddy = m->private;
	struct hwmem_buddy_stats st;
	unsigned int o, i;
	int largest;

	hwmem_buddy_get_stats(buddy, &st);
	largest = hwmem_buddy_largest_free_order(&st);
	seq_printf(m, "base: %#lx\n", (unsigned long)buddy->base);
	seq_printf(m, "capacity: %zu\n", st.capacity);
	seq_printf(m, "min_block: %zu\n", st.min_block);
	seq_printf(m, "max_order: %u\n", st.max_order);
	seq_printf(m, "free_bytes: %zu\n", st.free_bytes);
	seq_printf(m, "allocated_bytes: %zu\n", st.capacity - st.free_bytes);
	seq_printf(m, "largest_free_order: %d\n", largest);
	seq_printf(m, "largest_free_bytes: %zu\n",
		   largest < 0 ? 0 : st.min_block << largest);
	seq_printf(m, "hot_max: %u\n", st.hot_max);
	seq_puts(m, "hot_blocks:");
	for (o = 0; o <= HWMEM_BUDDY_HOT_ORDER; o++)
		seq_printf(m, " %lu", st.nr_hot[o]);
	seq_putc(m, '\n');
	for (i = 0; i < HWMEM_BUDDY_NR_COUNTERS; i++)
		seq_printf(m, "%s: %lu\n", hwmem_buddy_counter_name(i),
			   st.counters[i]);
	for (o = 0; o <= st.max_order; o++) {
		seq_printf(m, "order %u: free %lu unusable ", o, st.nr_free[o]);
		seq_milli(m, hwmem_buddy_unusable_index(&st, o));
		seq_puts(m, " extfrag ");
		seq_milli(m, hwmem_buddy_extfrag_index(&st, o));
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(buddy_state);

static int buddy_map_show(struct seq_file *m, void *v)
{
	struct hwmem_buddy *buddy = m->private;
	char line[BUDDY_MAP_WIDTH];
	unsigned long first, n;

	for (first = 0; ; first += n) {
		n = hwmem_buddy_draw(buddy, first, line, BUDDY_MAP_WIDTH);
		if (!n)
			break;
		seq_printf(m, "%#08lx %.*s\n", first << buddy->min_shift,
			   (int)n, line);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(buddy_map);

/* alloc ORDER */
static int buddy_cmd_alloc(void *ctx, unsigned int argc, char **argv,
			   struct seq_buf *out)
{
	unsigned long order;
	void *ptr;
	int err;

	err = hwmem_cmd_parse_range(argv[0], 0, HWMEM_BUDDY_MAX_ORDER, &order);
	if (!err)
		err = hwmem_buddy_alloc(ctx, order, &ptr);
	if (err)
		return err;
	seq_buf_printf(out, "%#lx\n", (unsigned long)ptr);
	return 0;
}

/* free ADDR */
static int buddy_cmd_free(void *ctx, unsigned int argc, char **argv,
			  struct seq_buf *out)
{
	void *ptr;
	int err;

	err = parse_addr(argv[0], &ptr);
	return err ? err : hwmem_buddy_free(ctx, ptr);
}

static const struct hwmem_cmd buddy_cmds[] = {
	{ "alloc", 1, 1, buddy_cmd_alloc },
	{ "free", 1, 1, buddy_cmd_free },
	{ }
};

static struct hwmem_ctl buddy_ctl = { .cmds = buddy_cmds };

/* --- slab --- */

static int slab_caches_show(struct seq_file *m, void *v)
{
	struct hwmem_slab *slab = m->private;
	struct hwmem_slab_cache_stats st;
	unsigned int i, c;

	seq_puts(m, "# name size align stride objs_per_slab frames_per_slab inuse total slabs partial full empty");
	for (c = 0; c < HWMEM_SLAB_NR_COUNTERS; c++)
		seq_printf(m, " %s", hwmem_slab_counter_name(c));
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

	err = parse_addr(argv[1], &ptr);
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

static const struct hwmem_cmd slab_cmds[] = {
	{ "create", 2, 3, slab_cmd_create },
	{ "destroy", 1, 1, slab_cmd_destroy },
	{ "alloc", 1, 1, slab_cmd_alloc },
	{ "free", 2, 2, slab_cmd_free },
	{ "shrink", 1, 1, slab_cmd_shrink },
	{ }
};

static struct hwmem_ctl slab_ctl = { .cmds = slab_cmds };

/**
 * hwmem_debugfs_heap_init() - create hwmem/bump/, hwmem/buddy/, hwmem/slab/
 * @root: the hwmem debugfs directory
 * @bump: the bump allocator, or NULL for none
 * @buddy: the buddy allocator, or NULL for none
 * @slab: the slab allocator
 */
void hwmem_debugfs_heap_init(struct dentry *root, struct hwmem_bump *bump,
			     struct hwmem_buddy *buddy, struct hwmem_slab *slab)
{
	struct dentry *dir;

	if (bump) {
		dir = debugfs_create_dir("bump", root);
		bump_ctl.ctx = bump;
		debugfs_create_file("state", 0400, dir, bump, &bump_state_fops);
		debugfs_create_file("ctl", 0600, dir, &bump_ctl, &hwmem_ctl_fops);
	}
	if (buddy) {
		dir = debugfs_create_dir("buddy", root);
		buddy_ctl.ctx = buddy;
		debugfs_create_file("state", 0400, dir, buddy, &buddy_state_fops);
		debugfs_create_file("map", 0400, dir, buddy, &buddy_map_fops);
		debugfs_create_file("ctl", 0600, dir, &buddy_ctl, &hwmem_ctl_fops);
	}
	dir = debugfs_create_dir("slab", root);
	slab_ctl.ctx = slab;
	debugfs_create_file("caches", 0400, dir, slab, &slab_caches_fops);
	debugfs_create_file("ctl", 0600, dir, &slab_ctl, &hwmem_ctl_fops);
}
