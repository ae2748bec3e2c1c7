// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem page-table walker: the exported entry points.  The walker itself
 * is in walk.h, inlined into each of its callers.
 */

#include "walk.h"

/**
 * hwmem_walk_range() - walk the entries that cover a range of addresses
 * @walk: the walk: tables, ops and their data
 * @start: first virtual address, canonical
 * @last: last virtual address, canonical, not below @start in the
 *	address space (0 to ~0 walks it all)
 *
 * Return: 0 when the range was walked, 1 when an op stopped the walk,
 * -EINVAL for a range that is not canonical or runs backwards, -EFAULT if
 * a table cannot be read, or an op's negative errno.
 */
int hwmem_walk_range(struct hwmem_walk *walk, u64 start, u64 last)
{
	return walk_range(walk, walk->ops, start, last);
}

/**
 * hwmem_walk_translate() - where a virtual address leads
 * @walk: the tables to walk; its ops are not used, its private data is
 *	used and restored
 * @va: the address
 * @t: receives the physical address and the leaf's level and entry, or
 *	"not mapped" and the level of the missing entry
 *
 * Return: 0, -EINVAL for a non-canonical @va, or -EFAULT if a table cannot
 * be read.
 */
int hwmem_walk_translate(struct hwmem_walk *walk, u64 va,
			 struct hwmem_translation *t)
{
	return walk_translate(walk, va, t);
}

#include "../../kunit/virt/walk-kunit.h"
