// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: buddy/{state,map,buddyinfo,ctl}, the buddy allocator.
 *
 * buddyinfo is one line of /proc/buddyinfo, to the byte: "Node N, zone
 * hwmem" and the free blocks of each order (hot ones included), so that
 * tools written for the kernel's file read hwmem's.
 *
 * Addresses go in and out in hex: alloc answers with the block's kernel
 * address, and free takes it back.  The files are root-only.
 *
 * Locking: through the allocator's API, which takes its lock; state is a
 * consistent snapshot, map consistent line by line.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <hwmem/buddy.h>

#include "cmd.h"
#include "debugfs.h"

/* Order-0 blocks per line of buddy/map. */
#define BUDDY_MAP_WIDTH		64

static int buddy_state_show(struct seq_file *m, void *v)
{
	struct hwmem_buddy *buddy = m->private;
	struct hwmem_buddy_stats st;
	unsigned int o, i;
	int largest;

	hwmem_buddy_get_stats(buddy, &st);
	largest = hwmem_buddy_largest_free_order(&st);
	seq_printf(m, "base: %#lx\n", (unsigned long)st.base);
	seq_printf(m, "capacity: %zu\n", st.capacity);
	seq_printf(m, "min_block: %zu\n", st.min_block);
	seq_printf(m, "max_order: %u\n", st.max_order);
	seq_printf(m, "free_bytes: %zu\n", st.free_bytes);
	seq_printf(m, "allocated_bytes: %zu\n", st.capacity - st.free_bytes);
	seq_printf(m, "largest_free_order: %d\n", largest);
	seq_printf(m, "largest_free_bytes: %zu\n",
		   largest < 0 ? 0 : st.min_block << largest);
	seq_printf(m, "policy: %s\n", hwmem_buddy_policy_names[st.policy]);
	seq_printf(m, "hot_max: %u\n", st.hot_max);
	seq_puts(m, "hot_blocks:");
	for (o = 0; o <= HWMEM_BUDDY_HOT_ORDER; o++)
		seq_printf(m, " %lu", st.nr_hot[o]);
	seq_putc(m, '\n');
	for (i = 0; i < HWMEM_BUDDY_NR_COUNTERS; i++)
		seq_printf(m, "%s: %lu\n", hwmem_buddy_counter_names[i],
			   st.counters[i]);
	for (o = 0; o <= st.max_order; o++) {
		seq_printf(m, "order %u: free %lu unusable ", o, st.nr_free[o]);
		hwmem_seq_milli(m, hwmem_buddy_unusable_index(&st, o));
		seq_puts(m, " extfrag ");
		hwmem_seq_milli(m, hwmem_buddy_extfrag_index(&st, o));
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(buddy_state);

static int buddy_map_show(struct seq_file *m, void *v)
{
	struct hwmem_buddy *buddy = m->private;
	struct hwmem_buddy_stats st;
	char line[BUDDY_MAP_WIDTH];
	unsigned long first, n;

	hwmem_buddy_get_stats(buddy, &st);
	for (first = 0; ; first += n) {
		n = hwmem_buddy_draw(buddy, first, line, BUDDY_MAP_WIDTH);
		if (!n)
			break;
		seq_printf(m, "%#08lx %.*s\n", first * st.min_block, (int)n, line);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(buddy_map);

/**
 * struct buddy_debugfs - what the buddy files show
 * @buddy: the allocator
 * @node: the NUMA node of its buffer, as the glue found it
 */
struct buddy_debugfs {
	struct hwmem_buddy *buddy;
	int node;
};

static struct buddy_debugfs buddy_dbg;

/* As mm/vmstat.c's frag_show_print() prints a zone of /proc/buddyinfo. */
static int buddy_buddyinfo_show(struct seq_file *m, void *v)
{
	const struct buddy_debugfs *dbg = m->private;
	struct hwmem_buddy_stats st;
	unsigned int o;

	hwmem_buddy_get_stats(dbg->buddy, &st);
	seq_printf(m, "Node %d, zone %8s ", dbg->node, "hwmem");
	for (o = 0; o <= st.max_order; o++)
		seq_printf(m, "%6lu ", st.nr_free[o]);
	seq_putc(m, '\n');
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(buddy_buddyinfo);

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

	err = hwmem_cmd_parse_addr(argv[0], &ptr);
	return err ? err : hwmem_buddy_free(ctx, ptr);
}

/* policy NAME: hot, exact or lowest; only while nothing is allocated. */
static int buddy_cmd_policy(void *ctx, unsigned int argc, char **argv,
			    struct seq_buf *out)
{
	int policy = hwmem_cmd_parse_name(argv[0], hwmem_buddy_policy_names,
					  HWMEM_BUDDY_NR_POLICIES);

	return policy < 0 ? policy : hwmem_buddy_set_policy(ctx, policy);
}

static const struct hwmem_cmd buddy_cmds[] = {
	{ "alloc", 1, 1, buddy_cmd_alloc },
	{ "free", 1, 1, buddy_cmd_free },
	{ "policy", 1, 1, buddy_cmd_policy },
	{ }
};

static struct hwmem_ctl buddy_ctl = { .cmds = buddy_cmds };

/**
 * hwmem_debugfs_buddy_init() - create hwmem/buddy/
 * @root: the hwmem debugfs directory
 * @buddy: the buddy allocator, or NULL for none (no directory then)
 * @node: the NUMA node its buffer is on, for buddyinfo
 */
void hwmem_debugfs_buddy_init(struct dentry *root, struct hwmem_buddy *buddy,
			      int node)
{
	struct dentry *dir;

	if (!buddy)
		return;
	dir = debugfs_create_dir("buddy", root);
	buddy_ctl.ctx = buddy;
	buddy_dbg.buddy = buddy;
	buddy_dbg.node = node;
	debugfs_create_file("state", 0400, dir, buddy, &buddy_state_fops);
	debugfs_create_file("map", 0400, dir, buddy, &buddy_map_fops);
	debugfs_create_file("buddyinfo", 0400, dir, &buddy_dbg,
			    &buddy_buddyinfo_fops);
	debugfs_create_file("ctl", 0600, dir, &buddy_ctl, &hwmem_ctl_fops);
}
