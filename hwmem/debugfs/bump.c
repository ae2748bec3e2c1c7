// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: bump/{state,ctl}, the bump allocator.
 *
 * Addresses go in and out in hex.  The files are root-only.
 *
 * Locking: through the allocator's API, which takes its lock; state is a
 * consistent snapshot.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <hwmem/bump.h>

#include "cmd.h"
#include "debugfs.h"

static int bump_state_show(struct seq_file *m, void *v)
{
	struct hwmem_bump *bump = m->private;
	struct hwmem_bump_stats st;

	hwmem_bump_get_stats(bump, &st);
	seq_printf(m, "base: %#lx\n", (unsigned long)st.base);
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

/**
 * hwmem_debugfs_bump_init() - create hwmem/bump/
 * @root: the hwmem debugfs directory
 * @bump: the bump allocator, or NULL for none (no directory then)
 */
void hwmem_debugfs_bump_init(struct dentry *root, struct hwmem_bump *bump)
{
	struct dentry *dir;

	if (!bump)
		return;
	dir = debugfs_create_dir("bump", root);
	bump_ctl.ctx = bump;
	debugfs_create_file("state", 0400, dir, bump, &bump_state_fops);
	debugfs_create_file("ctl", 0600, dir, &bump_ctl, &hwmem_ctl_fops);
}
