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

#include <linux/bits.h>
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
 *
 * What makes it cheap where it can be (Documentation/hwmem-bench.rst):
 * the ops and the number of levels are copied into locals no op can
 * change; addresses are made canonical only for the ops that get them; a
 * descent is remembered only if the walk must come back to that table,
 * for more of its entries or for table_done; and where there is neither
 * that nor a table op, and tables sit at a fixed offset, a descent is a
 * load and an add, with none of the range bookkeeping.  So a translate
 * (one address, a leaf and a hole op) costs little more than its loads.
 */
static int walk_tables(struct hwmem_walk *walk, u64 start, u64 last)
{
	const struct hwmem_walk_ops ops = *walk->ops;
	const unsigned int top = walk->levels;
	struct {
		u64 *table;
		u64 *entry;
		u64 base;
		u64 end;
		u64 last;
	} up[HWMEM_PT_MAX_LEVELS + 1] __uninitialized;
	const bool plain = !ops.table && !ops.table_done && !walk->table_addr;
	const unsigned long offset = walk->table_offset;
	unsigned int level = top;
	unsigned long saved = 0;
	u64 *table = table_at(walk, walk->root_pfn);
	int ret;

	if (!table)
		return -EFAULT;
	for (;;) {
		unsigned int shift = 12 + HWMEM_PT_SHIFT * (level - 1);
		u64 *entry = &table[(start >> shift) & (HWMEM_PT_ENTRIES - 1)];
		u64 e = READ_ONCE(*entry);
		u64 size, base, end;

		/* The range ends under this entry: nothing to come back for. */
		if (plain && hwmem_pte_present(e) && !hwmem_pte_leaf(e, level) &&
		    !((start ^ last) >> shift)) {
			table = (u64 *)(offset + hwmem_pte_addr(e, level));
			level--;
			continue;
		}

		size = 1ULL << shift;
		base = hwmem_va_align_down(start, size);
		end = min(base + size - 1, last);
		if (!hwmem_pte_present(e)) {
			ret = ops.hole ? ops.hole(walk, level,
						  hwmem_va_canonicalize(start, top),
						  end - start + 1, entry) : 0;
			if (ret == HWMEM_WALK_AGAIN)
				continue;
		} else if (hwmem_pte_leaf(e, level)) {
			ret = ops.leaf ? ops.leaf(walk, level,
						  hwmem_va_canonicalize(base, top),
						  entry) : 0;
		} else {
			ret = ops.table ? ops.table(walk, level,
						    hwmem_va_canonicalize(base, top),
						    entry) : 0;
			if (!ret) {
				u64 *lower = table_at(walk, hwmem_pte_addr(e, level) >> 12);

				if (!lower)
					return -EFAULT;
				if (end != last || ops.table_done) {
					up[level].table = table;
					up[level].entry = entry;
					up[level].base = base;
					up[level].end = end;
					up[level].last = last;
					saved |= BIT(level);
				}
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
		/*
		 * This entry is done: climb out of the tables that are done too,
		 * up to one remembered; a table not remembered is done.
		 */
		while (end == last) {
			do {
				if (level == top)
					return 0;
				level++;
			} while (!(saved & BIT(level)));
			saved &= ~BIT(level);
			table = up[level].table;
			end = up[level].end;
			last = up[level].last;
			ret = ops.table_done ?
			      ops.table_done(walk, level,
					     hwmem_va_canonicalize(up[level].base, top),
					     up[level].entry) : 0;
			if (ret == HWMEM_WALK_SKIP)
				ret = 0;
			if (ret)
				return ret;
		}
		start = end + 1;
	}
}

/* hwmem_walk_range(), inlined where a walk of one address can use it. */
static __always_inline int walk_range(struct hwmem_walk *walk, u64 start,
				      u64 last)
{
	u64 mask = (1ULL << hwmem_va_bits(walk->levels)) - 1;

	if (walk->levels < 4 || walk->levels > HWMEM_PT_MAX_LEVELS ||
	    !hwmem_va_canonical(start, walk->levels) ||
	    !hwmem_va_canonical(last, walk->levels) ||
	    (start & mask) > (last & mask))
		return -EINVAL;
	return walk_tables(walk, start & mask, last & mask);
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
	return walk_range(walk, start, last);
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
	ret = walk_range(walk, va, va);
	walk->ops = ops;
	walk->private = private;
	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_GPL(hwmem_walk_translate);
