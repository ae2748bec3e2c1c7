// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: info, the memory figures.
 *
 * Each read detects afresh through the memory hook, so it shows the
 * machine as it is now, or whatever another module put in its place.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <hwmem/info.h>

#include "debugfs.h"

static int info_show(struct seq_file *m, void *v)
{
	struct hwmem_memory_info info;

	if (!hwmem_detect_memory_info(&info))
		return -ENODATA;
	seq_printf(m, "total_bytes: %llu\n", info.total_bytes);
	seq_printf(m, "free_bytes: %llu\n", info.free_bytes);
	seq_printf(m, "available_bytes: %llu\n", info.available_bytes);
	if (info.unknown & HWMEM_INFO_SWAP_TOTAL_UNKNOWN)
		seq_puts(m, "swap_total_bytes: unknown\n");
	else
		seq_printf(m, "swap_total_bytes: %llu\n", info.swap_total_bytes);
	if (info.unknown & HWMEM_INFO_SWAP_FREE_UNKNOWN)
		seq_puts(m, "swap_free_bytes: unknown\n");
	else
		seq_printf(m, "swap_free_bytes: %llu\n", info.swap_free_bytes);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(info);

/**
 * hwmem_debugfs_info_init() - create hwmem/info
 * @root: the hwmem debugfs directory
 */
void hwmem_debugfs_info_init(struct dentry *root)
{
	debugfs_create_file("info", 0400, root, NULL, &info_fops);
}
