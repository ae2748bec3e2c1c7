/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem hooks: the callbacks through which facts about the machine reach
 * the logic, replaceable at run time.
 *
 * Each hook holds one function (or table of operations) and the private
 * data it is called with.  The module glue registers the platform's
 * defaults at load; another module may put its own in place through the
 * typed setters of info.h, numa.h, cache.h and virt.h, and put the
 * default back with the matching restore.  Calls run under SRCU, so a
 * callback may sleep, and a setter or restore returns only once no call
 * into what it replaced is still running: a module that restores the
 * default in its exit function can never be called after it.  One that
 * forgets is restored for when it unloads (hwmem_hook_release()).
 */
#ifndef _HWMEM_HOOK_H
#define _HWMEM_HOOK_H

#include <linux/types.h>

struct module;

/**
 * enum hwmem_hook_id - the hooks
 * @HWMEM_HOOK_MEMORY: &hwmem_detect_memory_fn, memory figures
 * @HWMEM_HOOK_NUMA: &hwmem_detect_numa_fn, the NUMA topology
 * @HWMEM_HOOK_CACHE: &hwmem_detect_cache_fn, one CPU's caches
 * @HWMEM_HOOK_CACHE_OPS: &struct hwmem_cache_ops, cache maintenance
 * @HWMEM_HOOK_KTABLES: &struct hwmem_ktables_ops, the live kernel tables
 * @HWMEM_NR_HOOKS: number of hooks
 */
enum hwmem_hook_id {
	HWMEM_HOOK_MEMORY,
	HWMEM_HOOK_NUMA,
	HWMEM_HOOK_CACHE,
	HWMEM_HOOK_CACHE_OPS,
	HWMEM_HOOK_KTABLES,
	HWMEM_NR_HOOKS
};

/**
 * struct hwmem_hook - what a hook holds
 * @fn: the function or table of operations, NULL for none
 * @priv: passed to it
 * @owner: the module it belongs to, NULL for built-in code
 */
struct hwmem_hook {
	const void *fn;
	void *priv;
	struct module *owner;
};

int hwmem_hook_set(enum hwmem_hook_id id, const void *fn, void *priv,
		   struct module *owner);
void hwmem_hook_restore(enum hwmem_hook_id id);
void hwmem_hook_set_default(enum hwmem_hook_id id, const void *fn, void *priv);
unsigned int hwmem_hook_release(struct module *owner);
int hwmem_hook_get(enum hwmem_hook_id id, struct hwmem_hook *hook);
void hwmem_hook_put(int cookie);

#endif /* _HWMEM_HOOK_H */
