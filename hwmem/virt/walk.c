// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem page-table walker
 *
 * One walker for every job: translate, dump, map, unmap, destroy, and the
 * read-only walk of the running kernel's tables.  It visits the entries
 * that cover a range of virtual addresses, top level first, calling the
 * walk's ops for leaves, tables (before and after descending) and holes;
 * the ops say whether to go on, stop, skip a table or look at an entry
 * again after changing it.  Where a table can be read is the walk's
 * table_addr() callback (the kernel's direct map, checked, for its own
 * tables), or a fixed offset from the table's pfn where the frames are
 * mapped linearly (private spaces over the module's frames).
 *
 * Entries are read once each with READ_ONCE(), so a walk of tables that
 * change under it (the kernel's) sees each entry whole; it may still see
 * a mix of before and after across entries.
 *
 * Locking: none here; the walk's owner holds what protects its tables.
 */

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/minmax.h>

#include <hwmem/virt.h>

static u64 *table_at(struct hwmem_walk *walk, unsigned long pfn)
{
	return walk->table_addr ? walk->table_addr(walk->ctx, pfn) :
	       (u64 *)(walk->table_offset + (pfn << 12));
}

/*
 * Walk the raw addresses [start, last] from the root table down, in a
 * loop rather than by recursion: a descent remembers in @up where to go on
 * in the table above, and a climb calls table_done on the way.
 */
static int walk_tables(struct hwmem_walk *walk, u64 start, u64 last)
{
	const struct hwmem_walk_ops *ops = walk->ops;
	struct {
		u64 *table;
		u64 *entry;
		u64 va;
		u64 end;
		u64 last;
	} up[HWMEM_PT_MAX_LEVELS + 1] __uninitialized;
	unsigned int top = walk->levels, level = top;
	u64 *table = table_at(walk, walk->root_pfn);
	int ret;

	if (!table)
		return -EFAULT;
	for (;;) {
		u64 size = hwmem_level_size(level);
		u64 base = hwmem_va_align_down(start, size);
		u64 end = min(base + size - 1, last);
		u64 *entry = &table[hwmem_va_index(start, level)];
		u64 va = hwmem_va_canonicalize(base, walk->levels);
		u64 e = READ_ONCE(*entry);

		if (!hwmem_pte_present(e)) {
			ret = ops->hole ? ops->hole(walk, level,
						    hwmem_va_canonicalize(start, walk->levels),
						    end - start + 1, entry) : 0;
			if (ret == HWMEM_WALK_AGAIN)
				continue;
		} else if (hwmem_pte_leaf(e, level)) {
			ret = ops->leaf ? ops->leaf(walk, level, va, entry) : 0;
		} else {
			ret = ops->table ? ops->table(walk, level, va, entry) : 0;
			if (!ret) {
				u64 *lower = table_at(walk, hwmem_pte_addr(e, level) >> 12);

				if (!lower)
					return -EFAULT;
				up[level].table = table;
				up[level].entry = entry;
				up[level].va = va;
				up[level].end = end;
				up[level].last = last;
				table = lower;
				last = end;
				level--;
				continue;
			}
		}
		if (ret == HWMEM_WALK_SKIP)
			ret = 0;
		if (ret)
			return ret;
		/* This entry is done: climb out of the tables that are done too. */
		while (end == last) {
			if (level == top)
				return 0;
			level++;
			table = up[level].table;
			end = up[level].end;
			last = up[level].last;
			ret = ops->table_done ? ops->table_done(walk, level, up[level].va,
								up[level].entry) : 0;
			if (ret == HWMEM_WALK_SKIP)
				ret = 0;
			if (ret)
				return ret;
		}
		start = end + 1;
	}
}

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
	u64 mask = (1ULL << hwmem_va_bits(walk->levels)) - 1;

	if (walk->levels < 4 || walk->levels > HWMEM_PT_MAX_LEVELS ||
	    !hwmem_va_canonical(start, walk->levels) ||
	    !hwmem_va_canonical(last, walk->levels) ||
	    (start & mask) > (last & mask))
		return -EINVAL;
	return walk_tables(walk, start & mask, last & mask);
}
EXPORT_SYMBOL_GPL(hwmem_walk_range);

struct translate_ctx {
	struct hwmem_translation *t;
	u64 va;
};

static int translate_leaf(struct hwmem_walk *walk, unsigned int level, u64 va,
			  u64 *entry)
{
	struct translate_ctx *ctx = walk->private;
	struct hwmem_translation *t = ctx->t;
	u64 e = READ_ONCE(*entry);

	t->mapped = true;
	t->level = level;
	t->entry = e;
	t->pa = hwmem_pte_addr(e, level) + hwmem_va_offset(ctx->va, level);
	return HWMEM_WALK_STOP;
}

static int translate_hole(struct hwmem_walk *walk, unsigned int level, u64 va,
			  u64 size, u64 *entry)
{
	struct translate_ctx *ctx = walk->private;
	struct hwmem_translation *t = ctx->t;

	t->mapped = false;
	t->level = level;
	t->pa = 0;
	t->entry = 0;
	return HWMEM_WALK_STOP;
}

static const struct hwmem_walk_ops translate_ops = {
	.leaf	= translate_leaf,
	.hole	= translate_hole,
};

/**
 * hwmem_walk_translate() - where a virtual address leads
 * @walk: the tables to walk; its ops and private data are used and restored
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
	const struct hwmem_walk_ops *ops = walk->ops;
	struct translate_ctx ctx = { .t = t, .va = va };
	void *private = walk->private;
	int ret;

	walk->ops = &translate_ops;
	walk->private = &ctx;
	ret = hwmem_walk_range(walk, va, va);
	walk->ops = ops;
	walk->private = private;
	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_GPL(hwmem_walk_translate);
