// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem info: memory figures through a registered detection callback
 *
 * The seed's set_detect_memory_fn() pattern: the module glue registers a
 * callback that asks the kernel, KUnit registers fakes, and this file asks
 * only the callback.
 *
 * Locking: the callback pointer is read and written whole (READ_ONCE and
 * WRITE_ONCE); whoever registers it keeps it callable until it is
 * replaced.
 */

#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/string.h>

#include <hwmem/info.h>

static hwmem_detect_memory_fn detect_memory_fn;

/**
 * hwmem_set_detect_memory_fn() - register the memory detection callback
 * @fn: the callback, or NULL for none
 */
void hwmem_set_detect_memory_fn(hwmem_detect_memory_fn fn)
{
	WRITE_ONCE(detect_memory_fn, fn);
}
EXPORT_SYMBOL_GPL(hwmem_set_detect_memory_fn);

/**
 * hwmem_detect_memory_info() - detect the memory figures
 * @info: receives them; zeroed if there is nothing to give
 *
 * Return: true if a callback is registered and produced figures.
 */
bool hwmem_detect_memory_info(struct hwmem_memory_info *info)
{
	hwmem_detect_memory_fn fn = READ_ONCE(detect_memory_fn);

	memset(info, 0, sizeof(*info));
	if (!fn)
		return false;
	if (fn(info)) {
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
EXPORT_SYMBOL_GPL(hwmem_detect_memory_info);

#include "../kunit/info-kunit.h"
