// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem bump allocator
 *
 * One buffer and one offset: an allocation aligns the offset up, hands out
 * the bytes from there and moves the offset past them.  Nothing is freed
 * on its own; hwmem_bump_reset() takes everything back at once.  Alignment
 * is of the address, so a buffer that is not aligned itself still gives
 * aligned pointers.
 *
 * Locking: bump->lock, a spinlock, protects the offset and the counters.
 * Not IRQ-safe, as phys/phys.c explains: call from process context, never
 * from an interrupt handler.
 */

#include <linux/export.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include <hwmem/bump.h>
#include <trace/events/hwmem.h>

/**
 * hwmem_bump_init() - set up a bump allocator over a buffer
 * @bump: the allocator
 * @base: the buffer, which the caller keeps until it is done with @bump
 * @capacity: its size in bytes
 *
 * Return: 0, or -EINVAL for a NULL @base, a zero @capacity or a buffer
 * that wraps the address space.
 */
int hwmem_bump_init(struct hwmem_bump *bump, void *base, size_t capacity)
{
	uintptr_t end;

	if (!base || !capacity ||
	    check_add_overflow((uintptr_t)base, capacity - 1, &end))
		return -EINVAL;
	memset(bump, 0, sizeof(*bump));
	spin_lock_init(&bump->lock);
	bump->st.base = base;
	bump->st.capacity = capacity;
	return 0;
}

/**
 * hwmem_bump_alloc() - allocate from a bump allocator
 * @bump: the allocator
 * @size: bytes wanted, at least 1
 * @align: alignment of the address, a power of two
 * @ptr: receives the allocation
 *
 * Return: 0; -EINVAL for a zero @size or an @align that is not a power of
 * two; -ENOMEM (counted) if the rest of the buffer cannot hold it.
 */
int hwmem_bump_alloc(struct hwmem_bump *bump, size_t size, size_t align,
		     void **ptr)
{
	uintptr_t base = (uintptr_t)bump->st.base, start, end;
	size_t taken;

	if (!size || !is_power_of_2(align))
		return -EINVAL;

	spin_lock(&bump->lock);
	/* Offsets past the buffer, overflows included, are refused below. */
	if (check_add_overflow(base + bump->st.used, align - 1, &start))
		goto full;
	start &= ~(uintptr_t)(align - 1);
	if (check_add_overflow(start - base, size, &end) ||
	    end > bump->st.capacity)
		goto full;

	taken = end - bump->st.used;
	bump->st.used = end;
	bump->st.peak = max(bump->st.peak, end);
	bump->st.allocs++;
	spin_unlock(&bump->lock);
	trace_hwmem_bump_alloc(_RET_IP_, (void *)start, size, taken, align);
	*ptr = (void *)start;
	return 0;

full:
	bump->st.failures++;
	spin_unlock(&bump->lock);
	trace_hwmem_bump_alloc(_RET_IP_, NULL, size, 0, align);
	return -ENOMEM;
}
EXPORT_SYMBOL_NS_GPL(hwmem_bump_alloc, HWMEM);

/**
 * hwmem_bump_reset() - take back every allocation at once
 * @bump: the allocator
 *
 * The caller guarantees that nothing handed out is used afterwards.
 */
void hwmem_bump_reset(struct hwmem_bump *bump)
{
	size_t used;

	spin_lock(&bump->lock);
	used = bump->st.used;
	bump->st.used = 0;
	bump->st.resets++;
	spin_unlock(&bump->lock);
	trace_hwmem_bump_reset(_RET_IP_, used);
}

/**
 * hwmem_bump_get_stats() - take a consistent snapshot of the figures
 * @bump: the allocator
 * @stats: receives the snapshot
 */
void hwmem_bump_get_stats(struct hwmem_bump *bump,
			  struct hwmem_bump_stats *stats)
{
	spin_lock(&bump->lock);
	*stats = bump->st;
	spin_unlock(&bump->lock);
}
EXPORT_SYMBOL_NS_GPL(hwmem_bump_get_stats, HWMEM);

#include "../../kunit/heap/bump-kunit.h"
