/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem bump allocator: linear allocation over one buffer, no free.
 */
#ifndef _HWMEM_BUMP_H
#define _HWMEM_BUMP_H

#include <linux/spinlock.h>
#include <linux/types.h>

/**
 * struct hwmem_bump_stats - a snapshot of a bump allocator
 * @base: start of the buffer
 * @capacity: bytes in the buffer
 * @used: bytes handed out or skipped for alignment since the last reset
 * @peak: highest @used since init
 * @allocs: successful allocations since init
 * @failures: allocations refused for lack of room since init
 * @resets: resets since init
 */
struct hwmem_bump_stats {
	void *base;
	size_t capacity;
	size_t used;
	size_t peak;
	unsigned long allocs;
	unsigned long failures;
	unsigned long resets;
};

/**
 * struct hwmem_bump - a bump allocator
 * @lock: protects @st
 * @st: current figures, the buffer's base among them
 *
 * Fields are private to heap/bump.c; use the functions below.
 */
struct hwmem_bump {
	spinlock_t lock;	/* protects @st */
	struct hwmem_bump_stats st;
};

int hwmem_bump_init(struct hwmem_bump *bump, void *base, size_t capacity);
int hwmem_bump_alloc(struct hwmem_bump *bump, size_t size, size_t align,
		     void **ptr);
void hwmem_bump_reset(struct hwmem_bump *bump);
void hwmem_bump_get_stats(struct hwmem_bump *bump,
			  struct hwmem_bump_stats *stats);

#endif /* _HWMEM_BUMP_H */
