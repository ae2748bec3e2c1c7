// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem_client - an example module built on hwmem's exported API
 *
 * At load it creates a slab cache and takes a few objects from it, a block
 * from the buddy heap and a frame from the frame allocator, and writes to
 * all of them; at unload it gives everything back.  Because it uses
 * hwmem's symbols, hwmem cannot be unloaded while it is loaded.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/string.h>

#include <hwmem/hwmem.h>

#define CLIENT_OBJS		8
#define CLIENT_OBJ_SIZE		48
#define CLIENT_BLOCK_ORDER	2

static struct hwmem_slab_cache *cache;
static void *objs[CLIENT_OBJS];
static void *block;
static struct hwmem_frame frame;
static bool have_frame;

static void client_release(void)
{
	unsigned int i;

	for (i = 0; i < CLIENT_OBJS && objs[i]; i++)
		hwmem_slab_free(cache, objs[i]);
	if (cache)
		hwmem_slab_cache_destroy(cache);
	if (block)
		hwmem_buddy_free(hwmem_get_buddy(), block);
	if (have_frame)
		hwmem_phys_free(hwmem_get_phys(), frame, HWMEM_OWNER_CLIENT);
}

static int __init client_init(void)
{
	struct hwmem_buddy *buddy = hwmem_get_buddy();
	unsigned int i;
	int err;

	err = hwmem_slab_cache_create(hwmem_get_slab(), "client-48",
				      CLIENT_OBJ_SIZE, 16, &cache);
	if (err) {
		cache = NULL;
		goto fail;
	}
	for (i = 0; i < CLIENT_OBJS; i++) {
		err = hwmem_slab_alloc(cache, &objs[i]);
		if (err)
			goto fail;
		memset(objs[i], i, CLIENT_OBJ_SIZE);
	}
	if (buddy) {
		err = hwmem_buddy_alloc(buddy, CLIENT_BLOCK_ORDER, &block);
		if (err)
			goto fail;
		memset(block, 0xc1, HWMEM_FRAME_SIZE << CLIENT_BLOCK_ORDER);
	}
	err = hwmem_phys_alloc(hwmem_get_phys(), HWMEM_OWNER_CLIENT, &frame);
	if (err)
		goto fail;
	have_frame = true;
	memset(hwmem_phys_frame_addr(hwmem_get_phys(), frame), 0xc1,
	       HWMEM_FRAME_SIZE);

	pr_info("holding %d objects of slab cache client-48, %s, and frame %#lx\n",
		CLIENT_OBJS, block ? "an order-2 buddy block" : "no buddy block",
		frame.pfn);
	return 0;

fail:
	pr_err("cannot allocate from hwmem: %d\n", err);
	client_release();
	return err;
}

static void __exit client_exit(void)
{
	client_release();
}

module_init(client_init);
module_exit(client_exit);

MODULE_DESCRIPTION("hwmem example client: allocates from hwmem's heaps");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(HWMEM);
