// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem module glue
 *
 * At load: reserve the frames from the kernel's page allocator in the
 * largest blocks it will give (order MAX_PAGE_ORDER down to 0), sort the
 * blocks and merge neighbours into regions, hand the regions to the frame
 * allocator and create debugfs.  At unload: the same in reverse, and every
 * block goes back to the page allocator.
 *
 * Reserved blocks are kept on a list through page->lru of their first
 * page, with their order in page->private, as the owner of a page may.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/list_sort.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/slab.h>

#include <hwmem/phys.h>

#include "debugfs/debugfs.h"

/* 6.1 has MAX_ORDER, one past the largest order; 6.8 on, MAX_PAGE_ORDER. */
#ifdef MAX_PAGE_ORDER
#define HWMEM_MAX_ORDER		MAX_PAGE_ORDER
#else
#define HWMEM_MAX_ORDER		(MAX_ORDER - 1)
#endif

static unsigned long frames = 8192;
module_param(frames, ulong, 0444);
MODULE_PARM_DESC(frames,
		 "Number of 4 KiB frames to reserve at load (default 8192)");

static int node = NUMA_NO_NODE;
module_param(node, int, 0444);
MODULE_PARM_DESC(node,
		 "NUMA node to reserve the frames on (default -1: any node)");

static struct {
	struct list_head blocks;
	unsigned long nr_blocks;
	void *phys_meta;
	struct hwmem_phys phys;
	struct dentry *debugfs;
} hwmem = {
	.blocks = LIST_HEAD_INIT(hwmem.blocks),
};

static void hwmem_release_blocks(void)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &hwmem.blocks, lru) {
		unsigned int order = page_private(page);

		list_del(&page->lru);
		set_page_private(page, 0);
		__free_pages(page, order);
	}
	hwmem.nr_blocks = 0;
}

/* Reserve @nr frames, largest blocks first; on failure keep what was got. */
static int hwmem_reserve_blocks(unsigned long nr, int nid)
{
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY;
	unsigned int order = HWMEM_MAX_ORDER;

	if (nid != NUMA_NO_NODE)
		gfp |= __GFP_THISNODE;
	while (nr) {
		struct page *page;

		order = min_t(unsigned int, order, ilog2(nr));
		page = alloc_pages_node(nid, gfp, order);
		if (!page) {
			if (!order)
				return -ENOMEM;
			order--;
			continue;
		}
		set_page_private(page, order);
		list_add_tail(&page->lru, &hwmem.blocks);
		hwmem.nr_blocks++;
		nr -= 1UL << order;
		cond_resched();
	}
	return 0;
}

static int hwmem_block_cmp(void *priv, const struct list_head *a,
			   const struct list_head *b)
{
	unsigned long pa = page_to_pfn(list_entry(a, struct page, lru));
	unsigned long pb = page_to_pfn(list_entry(b, struct page, lru));

	return pa < pb ? -1 : pa > pb;
}

/* Sort the blocks by pfn and merge neighbours; returns the region count. */
static unsigned int hwmem_blocks_to_regions(struct hwmem_region *regions)
{
	struct hwmem_region *r = NULL;
	unsigned int n = 0;
	struct page *page;

	list_sort(NULL, &hwmem.blocks, hwmem_block_cmp);
	list_for_each_entry(page, &hwmem.blocks, lru) {
		unsigned long pfn = page_to_pfn(page);
		unsigned long nr = 1UL << page_private(page);
		void *vaddr = page_address(page);

		if (r && pfn == r->base_pfn + r->nr_frames &&
		    vaddr == r->vaddr + r->nr_frames * PAGE_SIZE &&
		    page_to_nid(page) == r->node) {
			r->nr_frames += nr;
			continue;
		}
		r = &regions[n++];
		r->base_pfn = pfn;
		r->nr_frames = nr;
		r->vaddr = vaddr;
		r->node = page_to_nid(page);
	}
	return n;
}

static int hwmem_phys_setup(void)
{
	struct hwmem_region *regions;
	unsigned int nr_regions;
	size_t size;
	int err;

	regions = kvcalloc(hwmem.nr_blocks, sizeof(*regions), GFP_KERNEL);
	if (!regions)
		return -ENOMEM;
	nr_regions = hwmem_blocks_to_regions(regions);

	size = hwmem_phys_meta_size(nr_regions, frames);
	hwmem.phys_meta = kvzalloc(size, GFP_KERNEL);
	err = hwmem.phys_meta ? hwmem_phys_init(&hwmem.phys, regions,
						nr_regions, hwmem.phys_meta,
						size) : -ENOMEM;
	kvfree(regions);
	return err;
}

static const char *hwmem_node_name(char *buf, size_t size)
{
	if (node == NUMA_NO_NODE)
		return "any";
	snprintf(buf, size, "%d", node);
	return buf;
}

static int __init hwmem_init(void)
{
	char name[12];
	long avail;
	int err;

	BUILD_BUG_ON(PAGE_SIZE != HWMEM_FRAME_SIZE);

	if (!frames || frames > HWMEM_PHYS_MAX_FRAMES) {
		pr_err("frames=%lu is out of range 1-%lu\n", frames,
		       HWMEM_PHYS_MAX_FRAMES);
		return -EINVAL;
	}
	if (node != NUMA_NO_NODE &&
	    (node < 0 || node >= MAX_NUMNODES || !node_state(node, N_MEMORY))) {
		pr_err("node=%d is not a node with memory\n", node);
		return -EINVAL;
	}
	/* Refuse at once what would drain the machine, not after. */
	avail = si_mem_available();
	if (avail < 0 || frames > (unsigned long)avail) {
		pr_err("cannot reserve %lu frames: %ld pages available\n",
		       frames, avail);
		return -ENOMEM;
	}

	err = hwmem_reserve_blocks(frames, node);
	if (err) {
		pr_err("cannot reserve %lu frames on node %s: memory ran out\n",
		       frames, hwmem_node_name(name, sizeof(name)));
		goto out_release;
	}
	err = hwmem_phys_setup();
	if (err) {
		pr_err("cannot set up the frame allocator: %d\n", err);
		goto out_free_meta;
	}

	hwmem.debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	hwmem_debugfs_frames_init(hwmem.debugfs, &hwmem.phys);

	pr_info("loaded: frames %lu (%lu KiB), regions %u, node %s\n", frames,
		frames * (HWMEM_FRAME_SIZE / 1024), hwmem.phys.nr_regions,
		hwmem_node_name(name, sizeof(name)));
	return 0;

out_free_meta:
	kvfree(hwmem.phys_meta);
out_release:
	hwmem_release_blocks();
	return err;
}

static void __exit hwmem_exit(void)
{
	struct hwmem_phys_stats st;

	debugfs_remove(hwmem.debugfs);

	hwmem_phys_get_stats(&hwmem.phys, &st);
	if (st.owned[HWMEM_OWNER_FREE] != st.nr_frames)
		pr_info("frames: %lu still allocated at unload, returned with the rest\n",
			st.nr_frames - st.owned[HWMEM_OWNER_FREE]);

	kvfree(hwmem.phys_meta);
	hwmem_release_blocks();
}

module_init(hwmem_init);
module_exit(hwmem_exit);

MODULE_DESCRIPTION("hwmem: memory-management experiments on reserved pages");
MODULE_LICENSE("GPL");
