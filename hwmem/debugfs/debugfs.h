/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem debugfs: one directory per submodule under /sys/kernel/debug/hwmem.
 */
#ifndef _HWMEM_DEBUGFS_H
#define _HWMEM_DEBUGFS_H

struct dentry;
struct hwmem_phys;

void hwmem_debugfs_frames_init(struct dentry *root, struct hwmem_phys *phys);

#endif /* _HWMEM_DEBUGFS_H */
