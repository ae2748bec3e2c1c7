/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem debugfs: one directory per submodule under /sys/kernel/debug/hwmem.
 */
#ifndef _HWMEM_DEBUGFS_H
#define _HWMEM_DEBUGFS_H

struct dentry;
struct hwmem_buddy;
struct hwmem_bump;
struct hwmem_phys;
struct hwmem_ksample;
struct hwmem_slab;
struct hwmem_virt;

void hwmem_debugfs_frames_init(struct dentry *root, struct hwmem_phys *phys);
void hwmem_debugfs_heap_init(struct dentry *root, struct hwmem_bump *bump,
			     struct hwmem_buddy *buddy, struct hwmem_slab *slab);
void hwmem_debugfs_detect_init(struct dentry *root, struct hwmem_phys *phys);
void hwmem_debugfs_virt_init(struct dentry *root, struct hwmem_virt *virt,
			     const struct hwmem_ksample *extra,
			     unsigned int nr_extra);

#endif /* _HWMEM_DEBUGFS_H */
