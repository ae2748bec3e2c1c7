// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem module glue
 *
 * At load: reserve the frames from the kernel's page allocator in the
 * largest blocks it will give (order MAX_PAGE_ORDER down to 0), sort the
 * blocks and merge neighbours into regions, hand the regions to the frame
 * allocator, carve the heaps' backing buffers from it, register the
 * platform's callbacks and create debugfs.  At unload: the same in
 * reverse, one line per allocator that still had something allocated, and
 * every block goes back to the page allocator.
 *
 * Reserved blocks are kept on a list through page->lru of their first
 * page, with their order in page->private, as the owner of a page may.
 *
 * A module notifier restores the hooks (lib/hook.c) of a module that
 * unloads without restoring them itself.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/list_sort.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stringify.h>

#include <hwmem/hook.h>
#include <hwmem/hwmem.h>
#include <hwmem/replay.h>
#include <hwmem/virt.h>

#include "../debugfs/debugfs.h"
#include "platform.h"

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

/* A heap size parameter: "auto" (its share of frames) or a number of frames. */
#define HEAP_FRAMES_AUTO	(-1L)

static int heap_frames_set(const char *val, const struct kernel_param *kp)
{
	long *frames = kp->arg;
	unsigned long n;

	if (sysfs_streq(val, "auto")) {
		*frames = HEAP_FRAMES_AUTO;
		return 0;
	}
	/* Digits only: no sign, no base prefix. */
	if (!isdigit(*val) || kstrtoul(val, 10, &n) || n > HWMEM_PHYS_MAX_FRAMES)
		return -EINVAL;
	*frames = n;
	return 0;
}

static int heap_frames_get(char *buf, const struct kernel_param *kp)
{
	long frames = *(long *)kp->arg;

	if (frames == HEAP_FRAMES_AUTO)
		return scnprintf(buf, PAGE_SIZE, "auto\n");
	return scnprintf(buf, PAGE_SIZE, "%ld\n", frames);
}

static const struct kernel_param_ops heap_frames_ops = {
	.set = heap_frames_set,
	.get = heap_frames_get,
};

static long bump_frames = HEAP_FRAMES_AUTO;
module_param_cb(bump_frames, &heap_frames_ops, &bump_frames, 0444);
__MODULE_PARM_TYPE(bump_frames, "auto|ulong");
MODULE_PARM_DESC(bump_frames,
		 "Frames backing the bump heap (default auto: frames/128; 0: none)");

static long buddy_frames = HEAP_FRAMES_AUTO;
module_param_cb(buddy_frames, &heap_frames_ops, &buddy_frames, 0444);
__MODULE_PARM_TYPE(buddy_frames, "auto|ulong");
MODULE_PARM_DESC(buddy_frames,
		 "Frames backing the buddy heap (default auto: frames/8 rounded down to a power of two; 0: none)");

/*
 * A placement policy parameter: one of the allocator's policy names,
 * checked at load (insmod fails with EINVAL on any other word).
 */
struct policy_param {
	int value;
	const char *const *names;
	unsigned int nr;
};

static int policy_param_set(const char *val, const struct kernel_param *kp)
{
	struct policy_param *p = kp->arg;
	unsigned int i;

	for (i = 0; i < p->nr; i++) {
		if (sysfs_streq(val, p->names[i])) {
			p->value = i;
			return 0;
		}
	}
	return -EINVAL;
}

static int policy_param_get(char *buf, const struct kernel_param *kp)
{
	const struct policy_param *p = kp->arg;

	return scnprintf(buf, PAGE_SIZE, "%s\n", p->names[p->value]);
}

static const struct kernel_param_ops policy_param_ops = {
	.set = policy_param_set,
	.get = policy_param_get,
};

static struct policy_param frames_policy = {
	HWMEM_PHYS_LIFO, hwmem_phys_policy_names, HWMEM_PHYS_NR_POLICIES,
};
module_param_cb(frames_policy, &policy_param_ops, &frames_policy, 0444);
__MODULE_PARM_TYPE(frames_policy, "lifo|fifo|lowest");
MODULE_PARM_DESC(frames_policy,
		 "Which free frame an allocation takes: lifo (the one freed last), fifo or lowest (default lifo)");

static struct policy_param buddy_policy = {
	HWMEM_BUDDY_HOT, hwmem_buddy_policy_names, HWMEM_BUDDY_NR_POLICIES,
};
module_param_cb(buddy_policy, &policy_param_ops, &buddy_policy, 0444);
__MODULE_PARM_TYPE(buddy_policy, "hot|exact|lowest");
MODULE_PARM_DESC(buddy_policy,
		 "Buddy placement: hot (per-order hot lists of buddy_hot blocks), exact (merge at once) or lowest (lowest address first) (default hot)");

static struct policy_param slab_policy = {
	HWMEM_SLAB_FIRST, hwmem_slab_policy_names, HWMEM_SLAB_NR_POLICIES,
};
module_param_cb(slab_policy, &policy_param_ops, &slab_policy, 0444);
__MODULE_PARM_TYPE(slab_policy, "first|fullest|emptiest");
MODULE_PARM_DESC(slab_policy,
		 "Which partial slab an allocation takes from: first, fullest or emptiest (default first)");

static unsigned int buddy_hot = HWMEM_BUDDY_HOT_DEFAULT;
module_param(buddy_hot, uint, 0444);
MODULE_PARM_DESC(buddy_hot,
		 "With buddy_policy=hot, freed buddy blocks of orders 0-3 kept unmerged per order, as per-CPU page lists do (default "
		 __stringify(HWMEM_BUDDY_HOT_DEFAULT) "; 0: merge at once, as exact; at most "
		 __stringify(HWMEM_BUDDY_HOT_MAX) ")");

static bool poison;
module_param(poison, bool, 0444);
MODULE_PARM_DESC(poison,
		 "Poison free buddy blocks and slab objects and check on allocation (default off)");

/* Caches every slab allocator starts with. */
static const unsigned int hwmem_default_caches[] = { 64, 256, 1024 };

/**
 * struct hwmem_heap_buf - a heap's backing buffer, taken from phys
 * @first: its first frame
 * @frames: its length in frames; 0 if the heap is off
 * @owner: the owner the frames were taken for
 */
struct hwmem_heap_buf {
	struct hwmem_frame first;
	unsigned long frames;
	enum hwmem_owner owner;
};

static struct {
	struct list_head blocks;
	unsigned long nr_blocks;
	void *phys_meta;
	struct hwmem_phys phys;
	struct hwmem_heap_buf bump_buf;
	struct hwmem_bump bump;
	struct hwmem_heap_buf buddy_buf;
	void *buddy_meta;
	struct hwmem_buddy buddy;
	struct hwmem_slab slab;
	struct hwmem_virt virt;
	struct hwmem_replay replay;
	struct hwmem_ksample ksamples[2];
	struct dentry *debugfs;
} hwmem = {
	.blocks = LIST_HEAD_INIT(hwmem.blocks),
};

/**
 * hwmem_get_phys() - the loaded module's frame allocator
 *
 * Return: the frame allocator.
 */
struct hwmem_phys *hwmem_get_phys(void)
{
	return &hwmem.phys;
}
EXPORT_SYMBOL_NS_GPL(hwmem_get_phys, HWMEM);

/**
 * hwmem_get_bump() - the loaded module's bump heap
 *
 * Return: the bump allocator, or NULL if hwmem was loaded without one.
 */
struct hwmem_bump *hwmem_get_bump(void)
{
	return hwmem.bump_buf.frames ? &hwmem.bump : NULL;
}
EXPORT_SYMBOL_NS_GPL(hwmem_get_bump, HWMEM);

/**
 * hwmem_get_buddy() - the loaded module's buddy heap
 *
 * Return: the buddy allocator, or NULL if hwmem was loaded without one.
 */
struct hwmem_buddy *hwmem_get_buddy(void)
{
	return hwmem.buddy_buf.frames ? &hwmem.buddy : NULL;
}
EXPORT_SYMBOL_NS_GPL(hwmem_get_buddy, HWMEM);

/**
 * hwmem_get_slab() - the loaded module's slab allocator
 *
 * Return: the slab allocator.
 */
struct hwmem_slab *hwmem_get_slab(void)
{
	return &hwmem.slab;
}
EXPORT_SYMBOL_NS_GPL(hwmem_get_slab, HWMEM);

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

/*
 * Reserve @nr frames, largest blocks first; on failure keep what was got.
 * Out of line, not folded into hwmem_init(): init text is freed after
 * load, and page_owner's stacks must still name who holds these pages.
 */
static noinline int hwmem_reserve_blocks(unsigned long nr, int nid)
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

/* A heap's size in frames: the parameter, or its share of @frames. */
static unsigned long hwmem_heap_frames(long param, unsigned long share)
{
	if (param != HEAP_FRAMES_AUTO)
		return param;
	return share ? rounddown_pow_of_two(share) : 0;
}

static int hwmem_heap_buf_take(struct hwmem_heap_buf *buf, unsigned long nr,
			       enum hwmem_owner owner, const char *name)
{
	int err;

	buf->owner = owner;
	if (!nr)
		return 0;
	err = hwmem_phys_alloc_contig(&hwmem.phys, nr, owner, &buf->first);
	if (err) {
		pr_err("cannot take %lu contiguous frames for the %s heap (%s_frames)\n",
		       nr, name, name);
		return err;
	}
	buf->frames = nr;
	return 0;
}

static void hwmem_heap_buf_put(struct hwmem_heap_buf *buf)
{
	if (buf->frames)
		hwmem_phys_free_contig(&hwmem.phys, buf->first, buf->frames,
				       buf->owner);
	buf->frames = 0;
}

static int hwmem_heaps_setup(void)
{
	unsigned long nr;
	size_t bytes, size;
	unsigned int i;
	void *base;
	int err;

	hwmem_phys_set_policy(&hwmem.phys, frames_policy.value);
	hwmem_slab_init(&hwmem.slab, &hwmem.phys, poison);
	hwmem_slab_set_policy(&hwmem.slab, slab_policy.value);
	nr = hwmem_heap_frames(bump_frames, frames / 128);
	err = hwmem_heap_buf_take(&hwmem.bump_buf, nr, HWMEM_OWNER_BUMP, "bump");
	if (err)
		return err;
	if (nr) {
		base = hwmem_phys_frame_addr(&hwmem.phys, hwmem.bump_buf.first);
		err = hwmem_bump_init(&hwmem.bump, base, nr * HWMEM_FRAME_SIZE);
		if (err)
			return err;
	}

	nr = hwmem_heap_frames(buddy_frames, frames / 8);
	err = hwmem_heap_buf_take(&hwmem.buddy_buf, nr, HWMEM_OWNER_BUDDY,
				  "buddy");
	if (err)
		return err;
	if (nr) {
		bytes = nr * HWMEM_FRAME_SIZE;
		size = hwmem_buddy_meta_size(bytes, HWMEM_FRAME_SHIFT);
		hwmem.buddy_meta = kvzalloc(size, GFP_KERNEL);
		if (!hwmem.buddy_meta)
			return -ENOMEM;
		base = hwmem_phys_frame_addr(&hwmem.phys, hwmem.buddy_buf.first);
		err = hwmem_buddy_init(&hwmem.buddy, base, bytes,
				       HWMEM_FRAME_SHIFT, poison,
				       hwmem.buddy_meta, size);
		if (err)
			return err;
		if (buddy_policy.value == HWMEM_BUDDY_HOT)
			hwmem_buddy_set_hot(&hwmem.buddy, buddy_hot);
		else
			hwmem_buddy_set_policy(&hwmem.buddy, buddy_policy.value);
	}

	for (i = 0; i < ARRAY_SIZE(hwmem_default_caches); i++) {
		struct hwmem_slab_cache *cache;
		char name[HWMEM_SLAB_NAME_LEN];

		snprintf(name, sizeof(name), "hwmem-%u", hwmem_default_caches[i]);
		err = hwmem_slab_cache_create(&hwmem.slab, name,
					      hwmem_default_caches[i], 8, &cache);
		if (err)
			return err;
	}
	return 0;
}

/* Tear the heaps down, saying what was still allocated. */
static void hwmem_heaps_teardown(void)
{
	struct hwmem_buddy_stats bst;
	struct hwmem_bump_stats st;
	unsigned long n;

	n = hwmem_slab_destroy(&hwmem.slab);
	if (n)
		pr_info("slab: %lu objects still allocated at unload, returned with the rest\n",
			n);

	if (hwmem.buddy_buf.frames) {
		hwmem_buddy_get_stats(&hwmem.buddy, &bst);
		n = bst.counters[HWMEM_BUDDY_ALLOCS] - bst.counters[HWMEM_BUDDY_FREES];
		if (n)
			pr_info("buddy: %lu blocks (%zu bytes) still allocated at unload, returned with the rest\n",
				n, bst.capacity - bst.free_bytes);
	}
	hwmem_heap_buf_put(&hwmem.buddy_buf);
	kvfree(hwmem.buddy_meta);
	hwmem.buddy_meta = NULL;

	if (hwmem.bump_buf.frames) {
		hwmem_bump_get_stats(&hwmem.bump, &st);
		if (st.used)
			pr_info("bump: %zu bytes still allocated at unload, returned with the rest\n",
				st.used);
	}
	hwmem_heap_buf_put(&hwmem.bump_buf);
}

/* Destroy the private spaces, saying if any were left. */
static void hwmem_virt_teardown(void)
{
	struct hwmem_phys_stats before, after;
	unsigned int n;

	hwmem_phys_get_stats(&hwmem.phys, &before);
	n = hwmem_virt_destroy(&hwmem.virt);
	hwmem_phys_get_stats(&hwmem.phys, &after);
	if (n)
		pr_info("virt: %u address spaces (%lu table pages) still existed at unload, freed\n",
			n, before.owned[HWMEM_OWNER_PGTABLE] -
			after.owned[HWMEM_OWNER_PGTABLE]);
}

/* The NUMA node of frame @pfn, from its region. */
static int hwmem_frame_node(unsigned long pfn)
{
	struct hwmem_region r;
	unsigned int i;

	for (i = 0; !hwmem_phys_region(&hwmem.phys, i, &r, NULL); i++)
		if (pfn - r.base_pfn < r.nr_frames)
			return r.node;
	return NUMA_NO_NODE;
}

static unsigned long hwmem_first_pfn(void)
{
	struct hwmem_region r;

	return hwmem_phys_region(&hwmem.phys, 0, &r, NULL) ? 0 : r.base_pfn;
}

static const char *hwmem_node_name(char *buf, size_t size)
{
	if (node == NUMA_NO_NODE)
		return "any";
	snprintf(buf, size, "%d", node);
	return buf;
}

/* The CPUs the detection files ask about: those online at each read. */
static struct hwmem_debugfs_cpus hwmem_cpus;

/* A module that put a hook in place and did not restore it is going. */
static int hwmem_module_notify(struct notifier_block *nb, unsigned long action,
			       void *data)
{
	if (action == MODULE_STATE_GOING)
		hwmem_hook_release(data);
	return NOTIFY_DONE;
}

static struct notifier_block hwmem_module_nb = {
	.notifier_call = hwmem_module_notify,
};

static int __init hwmem_init(void)
{
	char name[12];
	long avail;
	int err;

	BUILD_BUG_ON(PAGE_SIZE != HWMEM_FRAME_SIZE);
	hwmem_cpus.online = cpumask_bits(cpu_online_mask);
	hwmem_cpus.nr = nr_cpu_ids;

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
	err = hwmem_heaps_setup();
	if (err)
		goto out_heaps;

	hwmem_virt_init(&hwmem.virt, &hwmem.phys);
	hwmem_replay_init(&hwmem.replay);
	hwmem_platform_register();
	register_module_notifier(&hwmem_module_nb);

	/* hwmem's own memory, among the kernel addresses virt/kernel checks. */
	hwmem.ksamples[0].name = "hwmem-frame";
	hwmem.ksamples[0].va = (u64)hwmem_phys_frame_addr(&hwmem.phys,
			(struct hwmem_frame){ .pfn = hwmem_first_pfn() });
	hwmem.ksamples[1].name = "hwmem-meta";
	hwmem.ksamples[1].va = (u64)hwmem.phys_meta;

	hwmem.debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	hwmem_debugfs_frames_init(hwmem.debugfs, &hwmem.phys);
	hwmem_debugfs_bump_init(hwmem.debugfs, hwmem_get_bump());
	hwmem_debugfs_buddy_init(hwmem.debugfs, hwmem_get_buddy(),
				 hwmem_frame_node(hwmem.buddy_buf.first.pfn));
	hwmem_debugfs_slab_init(hwmem.debugfs, &hwmem.slab);
	hwmem_debugfs_virt_init(hwmem.debugfs, &hwmem.virt, hwmem.ksamples,
				ARRAY_SIZE(hwmem.ksamples));
	hwmem_debugfs_info_init(hwmem.debugfs);
	hwmem_debugfs_numa_init(hwmem.debugfs, &hwmem_cpus);
	hwmem_debugfs_cache_init(hwmem.debugfs, &hwmem.phys, &hwmem_cpus);
	hwmem_debugfs_replay_init(hwmem.debugfs, &hwmem.replay);

	pr_info("loaded version %s: frames %lu (%lu KiB), regions %u, node %s; heaps: bump %lu, buddy %lu frames%s\n",
		HWMEM_VERSION, frames, frames * (HWMEM_FRAME_SIZE / 1024),
		hwmem.phys.nr_regions, hwmem_node_name(name, sizeof(name)),
		hwmem.bump_buf.frames, hwmem.buddy_buf.frames,
		poison ? ", poisoned" : "");
	return 0;

out_heaps:
	hwmem_heaps_teardown();
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
	unregister_module_notifier(&hwmem_module_nb);
	hwmem_platform_unregister();
	hwmem_replay_release(&hwmem.replay);
	hwmem_virt_teardown();
	hwmem_heaps_teardown();

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
MODULE_VERSION(HWMEM_VERSION);
