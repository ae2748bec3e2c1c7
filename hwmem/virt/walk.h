/* SPDX-License-Identifier: GPL-2.0 */
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
 * The walker lives here, always inlined, so that each caller gets a copy
 * fitted to it: walk.c's hwmem_walk_range() for any ops, and a translate
 * (walk_translate()) with its ops known to the compiler, wherever one is
 * made, which then costs its loads and little else.
 *
 * Entries are read with READ_ONCE(), so a walk of tables that change
 * under it (the kernel's) sees each entry whole; it may still see a mix of
 * before and after across entries.  Each is read once, but for one: a
 * walk with no table op over tables at a fixed offset (hwmem's own, under
 * their lock) reads again the entry where its fast descent stops.
 *
 * Locking: none here; the walk's owner holds what protects its tables.
 */
#ifndef _HWMEM_VIRT_WALK_H
#define _HWMEM_VIRT_WALK_H

#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/minmax.h>

#include <hwmem/virt.h>

static inline u64 *table_at(struct hwmem_walk *walk, unsigned long pfn)
{
	return walk->table_addr ? walk->table_addr(walk->ctx, pfn) :
	       (u64 *)(walk->table_offset + (pfn << HWMEM_PT_PAGE_SHIFT));
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
 * for more of its entries or for table_done; and where there is no table
 * op and tables sit at a fixed offset, the walk first descends as far as
 * the range lies under one entry with a load and an add a level, none of
 * the range bookkeeping.
 *
 * It is always inlined: hwmem_walk_range() instantiates it once for any
 * @walk_ops, and walk_translate() once more wherever it is used, for its
 * constant ops, which the compiler then inlines and whose NULL ops it
 * drops.
 */
static __always_inline int walk_tables(struct hwmem_walk *walk,
				       const struct hwmem_walk_ops *walk_ops,
				       u64 start, u64 last)
{
	const struct hwmem_walk_ops ops = *walk_ops;
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
	/*
	 * While the range lies under one entry that points at a table, there
	 * is nothing to come back to this table for: descend with a load and
	 * an add.  Any other entry is for the loop below.
	 */
	while (plain && level > 1) {
		unsigned int shift = hwmem_level_shift(level);
		u64 e = READ_ONCE(table[(start >> shift) & (HWMEM_PT_ENTRIES - 1)]);

		if (!hwmem_pte_table(e) || (start ^ last) >> shift)
			break;
		table = (u64 *)(offset + hwmem_pte_table_addr(e));
		level--;
	}
	for (;;) {
		unsigned int shift = hwmem_level_shift(level);
		u64 *entry = &table[(start >> shift) & (HWMEM_PT_ENTRIES - 1)];
		u64 e = READ_ONCE(*entry);
		u64 size, base, end;

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
				u64 *lower = table_at(walk, hwmem_pte_addr(e, level) >>
							    HWMEM_PT_PAGE_SHIFT);

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

/* hwmem_walk_range() with @ops in place of the walk's. */
static __always_inline int walk_range(struct hwmem_walk *walk,
				      const struct hwmem_walk_ops *ops,
				      u64 start, u64 last)
{
	u64 mask = (1ULL << hwmem_va_bits(walk->levels)) - 1;

	if (walk->levels < 4 || walk->levels > HWMEM_PT_MAX_LEVELS ||
	    !hwmem_va_canonical(start, walk->levels) ||
	    !hwmem_va_canonical(last, walk->levels) ||
	    (start & mask) > (last & mask))
		return -EINVAL;
	return walk_tables(walk, ops, start & mask, last & mask);
}

struct translate_ctx {
	struct hwmem_translation *t;
	u64 va;
};

static inline int translate_leaf(struct hwmem_walk *walk, unsigned int level,
				 u64 va, u64 *entry)
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

static inline int translate_hole(struct hwmem_walk *walk, unsigned int level,
				 u64 va, u64 size, u64 *entry)
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

/* hwmem_walk_translate(), for callers that want it inlined. */
static __always_inline int walk_translate(struct hwmem_walk *walk, u64 va,
					  struct hwmem_translation *t)
{
	struct translate_ctx ctx = { .t = t, .va = va };
	void *private = walk->private;
	int ret;

	walk->private = &ctx;
	ret = walk_range(walk, &translate_ops, va, va);
	walk->private = private;
	return ret < 0 ? ret : 0;
}

#endif /* _HWMEM_VIRT_WALK_H */
