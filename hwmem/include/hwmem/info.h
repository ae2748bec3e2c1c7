/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem info: the machine's memory figures, through a registered callback.
 */
#ifndef _HWMEM_INFO_H
#define _HWMEM_INFO_H

#include <linux/bits.h>
#include <linux/init.h>
#include <linux/types.h>

#include <hwmem/hook.h>

/* Figures a detection could not give; their fields read 0. */
#define HWMEM_INFO_SWAP_TOTAL_UNKNOWN	BIT(0)
#define HWMEM_INFO_SWAP_FREE_UNKNOWN	BIT(1)

/**
 * struct hwmem_memory_info - the seed's MemoryInfo
 * @total_bytes: usable RAM
 * @free_bytes: RAM free
 * @available_bytes: RAM available for new allocations without swapping
 * @swap_total_bytes: swap space
 * @swap_free_bytes: swap space free
 * @unknown: HWMEM_INFO_*_UNKNOWN for the figures the detection lacks
 */
struct hwmem_memory_info {
	u64 total_bytes;
	u64 free_bytes;
	u64 available_bytes;
	u64 swap_total_bytes;
	u64 swap_free_bytes;
	unsigned int unknown;
};

/**
 * typedef hwmem_detect_memory_fn - detects the memory figures
 * @priv: what the callback was registered with
 * @info: to fill in; it starts zeroed
 *
 * May sleep.
 *
 * Return: 0, or a negative errno if nothing could be detected.
 */
typedef int (*hwmem_detect_memory_fn)(void *priv,
				      struct hwmem_memory_info *info);

/**
 * hwmem_set_detect_memory_fn() - put a memory detection callback in place
 * @fn: the callback
 * @priv: passed to it
 *
 * It replaces the platform's until hwmem_restore_detect_memory_fn(), which
 * the caller's exit function must call.  May sleep.
 *
 * Return: 0, or -EINVAL for a NULL @fn.
 */
static inline int hwmem_set_detect_memory_fn(hwmem_detect_memory_fn fn,
					     void *priv)
{
	return hwmem_hook_set(HWMEM_HOOK_MEMORY, (const void *)fn, priv,
			      THIS_MODULE);
}

/**
 * hwmem_restore_detect_memory_fn() - put the platform's callback back
 *
 * Returns once nothing calls the one it replaced.  May sleep.
 */
static inline void hwmem_restore_detect_memory_fn(void)
{
	hwmem_hook_restore(HWMEM_HOOK_MEMORY);
}

bool hwmem_detect_memory_info(struct hwmem_memory_info *info);

#endif /* _HWMEM_INFO_H */
