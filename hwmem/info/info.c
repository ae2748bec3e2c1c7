// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem info: memory figures through a registered detection callback
 *
 * The seed's set_detect_memory_fn() pattern: the module glue registers a
 * callback that asks the kernel, another module may put its own in place
 * (hwmem_set_detect_memory_fn()), KUnit registers fakes, and this file
 * asks only the callback.
 *
 * Locking: the callback is called through its hook (lib/hook.c), under
 * SRCU; it may sleep.
 */

#include <linux/string.h>

#include <hwmem/info.h>

/**
 * hwmem_detect_memory_info() - detect the memory figures
 * @info: receives them; zeroed if there is nothing to give
 *
 * Return: true if a callback is in place and produced figures.
 */
bool hwmem_detect_memory_info(struct hwmem_memory_info *info)
{
	struct hwmem_hook hook;
	int cookie, err = -EOPNOTSUPP;

	memset(info, 0, sizeof(*info));
	cookie = hwmem_hook_get(HWMEM_HOOK_MEMORY, &hook);
	if (hook.fn)
		err = ((hwmem_detect_memory_fn)hook.fn)(hook.priv, info);
	hwmem_hook_put(cookie);
	if (err) {
		memset(info, 0, sizeof(*info));
		return false;
	}
	/* Unknown figures read 0, whatever the callback left there. */
	if (info->unknown & HWMEM_INFO_SWAP_TOTAL_UNKNOWN)
		info->swap_total_bytes = 0;
	if (info->unknown & HWMEM_INFO_SWAP_FREE_UNKNOWN)
		info->swap_free_bytes = 0;
	return true;
}

#include "../../kunit/info/info-kunit.h"
