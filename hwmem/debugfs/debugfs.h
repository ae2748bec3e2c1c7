/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem debugfs: one directory (or file) per part under
 * /sys/kernel/debug/hwmem; debugfs/X.c makes hwmem/X.
 *
 * The glue calls these at load with the parts it set up and the facts the
 * files need (the online CPUs); the files ask the machine nothing.
 */
#ifndef _HWMEM_DEBUGFS_H
#define _HWMEM_DEBUGFS_H

#include <linux/seq_file.h>
#include <linux/types.h>

struct dentry;
struct hwmem_buddy;
struct hwmem_bump;
struct hwmem_phys;
struct hwmem_ksample;
struct hwmem_replay;
struct hwmem_slab;
struct hwmem_virt;

/**
 * struct hwmem_debugfs_cpus - the CPUs the detection files ask about
 * @online: bitmap of the online CPUs, read at each use (the glue passes
 *	the kernel's online mask, which changes as CPUs come and go)
 * @nr: bits in @online
 */
struct hwmem_debugfs_cpus {
	const unsigned long *online;
	unsigned int nr;
};

void hwmem_debugfs_frames_init(struct dentry *root, struct hwmem_phys *phys);
void hwmem_debugfs_bump_init(struct dentry *root, struct hwmem_bump *bump);
void hwmem_debugfs_buddy_init(struct dentry *root, struct hwmem_buddy *buddy,
			      int node);
void hwmem_debugfs_slab_init(struct dentry *root, struct hwmem_slab *slab);
void hwmem_debugfs_virt_init(struct dentry *root, struct hwmem_virt *virt,
			     const struct hwmem_ksample *extra,
			     unsigned int nr_extra);
void hwmem_debugfs_info_init(struct dentry *root);
void hwmem_debugfs_numa_init(struct dentry *root,
			     const struct hwmem_debugfs_cpus *cpus);
void hwmem_debugfs_cache_init(struct dentry *root, struct hwmem_phys *phys,
			      const struct hwmem_debugfs_cpus *cpus);
void hwmem_debugfs_replay_init(struct dentry *root, struct hwmem_replay *replay);

/* A value in thousandths, as the kernel's extfrag files print them. */
static inline void hwmem_seq_milli(struct seq_file *m, int value)
{
	seq_printf(m, "%s%d.%03d", value < 0 ? "-" : "", abs(value) / 1000,
		   abs(value) % 1000);
}

#endif /* _HWMEM_DEBUGFS_H */
