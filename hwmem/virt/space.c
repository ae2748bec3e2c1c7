// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem private address spaces
 *
 * A space is a 4-level x86-64 page-table tree whose every table page is a
 * frame from the frame allocator (owner "pgtable"), zeroed when taken.  It
 * maps frames of that same allocator as 4 KiB pages or 2 MiB pages (leaves
 * at level 2); it is never loaded into CR3, only built and walked.
 *
 * Every operation is a walk of the one walker (virt/walk.h) with its own
 * ops: map fills holes with new tables down to the leaf's level, unmap
 * clears a leaf, and both give back, on the way up, every table that is
 * left empty, so a space never holds an empty table but its root.  Map
 * refuses to replace anything, and a map that fails half way (no frame for
 * a table) gives back the tables it made: a failed operation changes
 * nothing.  Destroy walks the whole tree and frees every table after its
 * entries.
 *
 * Locking: virt->lock, a spinlock, protects every space and its tables; the
 * frame allocator's lock nests inside it (the lock order is in hwmem.h).
 * Not IRQ-safe, as phys/phys.c explains: call from process context, never
 * from an interrupt handler.
 */

#include <linux/string.h>

#include <hwmem/virt.h>
#include <trace/events/hwmem.h>

#include "walk.h"

/**
 * struct space_op - what an operation's walk ops work with
 * @virt: the spaces
 * @space: the space walked
 * @va: the address operated on
 * @level: map: the level of the leaf to make; unmap: of the leaf cleared
 * @entry: map: the leaf to make; unmap: the leaf cleared
 * @emit: dump: where ranges go
 * @arg: dump: passed to @emit
 * @cur: dump: the range being gathered
 * @have: dump: @cur holds a range
 */
struct space_op {
	struct hwmem_virt *virt;
	struct hwmem_space *space;
	u64 va;
	unsigned int level;
	u64 entry;
	void (*emit)(void *arg, const struct hwmem_mapping_range *r);
	void *arg;
	struct hwmem_mapping_range cur;
	bool have;
};

static u64 *space_table(void *ctx, unsigned long pfn)
{
	return hwmem_phys_frame_addr(ctx, (struct hwmem_frame){ .pfn = pfn });
}

/*
 * A walk of a space: tables at a fixed offset when the frames allow.
 * Every field is set, one by one, so that callers can declare the walk
 * __uninitialized: with the kernel's automatic zeroing of stack variables
 * (INIT_STACK_ALL_ZERO, on in Debian's kernels) a compound literal and
 * the zeroing each cost a rep stos, together half of a translate.
 */
static void space_walk_init(struct hwmem_virt *virt, struct hwmem_space *space,
			    struct hwmem_walk *walk)
{
	walk->ops = NULL;
	walk->private = NULL;
	walk->ctx = virt->phys;
	walk->root_pfn = space->root.pfn;
	walk->levels = HWMEM_SPACE_LEVELS;
	walk->table_addr = NULL;
	if (!hwmem_phys_linear(virt->phys, &walk->table_offset))
		walk->table_addr = space_table;
}

static int space_walk(struct space_op *op, const struct hwmem_walk_ops *ops,
		      u64 start, u64 last)
{
	struct hwmem_walk walk __uninitialized;

	space_walk_init(op->virt, op->space, &walk);
	walk.ops = ops;
	walk.private = op;
	return hwmem_walk_range(&walk, start, last);
}

static struct hwmem_space *space_find(struct hwmem_virt *virt, unsigned int id)
{
	unsigned int i;

	lockdep_assert_held(&virt->lock);
	for (i = 0; id && i < HWMEM_VIRT_MAX_SPACES; i++)
		if (virt->spaces[i].id == id)
			return &virt->spaces[i];
	return NULL;
}

static int table_alloc(struct space_op *op, unsigned long *pfn)
{
	struct hwmem_frame f;
	u64 *table;
	int err;

	lockdep_assert_held(&op->virt->lock);
	err = hwmem_phys_alloc(op->virt->phys, HWMEM_OWNER_PGTABLE, &f);
	if (err)
		return err;
	table = space_table(op->virt->phys, f.pfn);
	if (!table) {
		hwmem_phys_free(op->virt->phys, f, HWMEM_OWNER_PGTABLE);
		return -EFAULT;
	}
	memset(table, 0, HWMEM_FRAME_SIZE);
	op->space->table_pages++;
	*pfn = f.pfn;
	return 0;
}

static void table_free(struct space_op *op, u64 *entry, unsigned int level)
{
	struct hwmem_frame f = {
		.pfn = hwmem_pte_addr(READ_ONCE(*entry), level) >> HWMEM_FRAME_SHIFT,
	};

	lockdep_assert_held(&op->virt->lock);
	WRITE_ONCE(*entry, 0);
	hwmem_phys_free(op->virt->phys, f, HWMEM_OWNER_PGTABLE);
	op->space->table_pages--;
}

/* After a table's entries: give it back if none is left. */
static int prune_table_done(struct hwmem_walk *walk, unsigned int level, u64 va,
			    u64 *entry)
{
	struct space_op *op = walk->private;
	u64 *table = space_table(op->virt->phys,
				 hwmem_pte_addr(READ_ONCE(*entry), level) >>
				 HWMEM_FRAME_SHIFT);

	if (table && !memchr_inv(table, 0, HWMEM_FRAME_SIZE))
		table_free(op, entry, level);
	return 0;
}

static const struct hwmem_walk_ops prune_ops = {
	.table_done	= prune_table_done,
};

/**
 * hwmem_virt_init() - set up the private address spaces, none yet
 * @virt: the spaces
 * @phys: the frame allocator table pages come from and mapped frames
 *	belong to
 */
void hwmem_virt_init(struct hwmem_virt *virt, struct hwmem_phys *phys)
{
	memset(virt, 0, sizeof(*virt));
	spin_lock_init(&virt->lock);
	virt->phys = phys;
}

/**
 * hwmem_space_create() - create an empty address space
 * @virt: the spaces
 * @id: receives its id: never 0, never that of a live space, and not
 *	given again until the ids wrap past UINT_MAX
 *
 * Return: 0, -ENOSPC if all %HWMEM_VIRT_MAX_SPACES slots are taken,
 * -ENOMEM if there is no frame for the root table, or -EFAULT if the
 * platform cannot give that frame's address.
 */
int hwmem_space_create(struct hwmem_virt *virt, unsigned int *id)
{
	struct space_op op = { .virt = virt };
	unsigned long pfn;
	unsigned int i;
	int err;

	spin_lock(&virt->lock);
	for (i = 0; i < HWMEM_VIRT_MAX_SPACES && !op.space; i++)
		if (!virt->spaces[i].id)
			op.space = &virt->spaces[i];
	if (!op.space) {
		spin_unlock(&virt->lock);
		return -ENOSPC;
	}
	memset(op.space, 0, sizeof(*op.space));
	err = table_alloc(&op, &pfn);
	if (!err) {
		/* Past UINT_MAX ids start again at 1, skipping those in use. */
		do {
			if (!++virt->next_id)
				virt->next_id = 1;
		} while (space_find(virt, virt->next_id));
		op.space->id = virt->next_id;
		op.space->root.pfn = pfn;
		*id = op.space->id;
	}
	spin_unlock(&virt->lock);
	return err;
}

static int destroy_table_done(struct hwmem_walk *walk, unsigned int level,
			      u64 va, u64 *entry)
{
	table_free(walk->private, entry, level);
	return 0;
}

static const struct hwmem_walk_ops destroy_ops = {
	.table_done	= destroy_table_done,
};

static void space_destroy(struct hwmem_virt *virt, struct hwmem_space *space)
{
	struct space_op op = { .virt = virt, .space = space };

	space_walk(&op, &destroy_ops, 0, ~0ULL);
	hwmem_phys_free(virt->phys, space->root, HWMEM_OWNER_PGTABLE);
	memset(space, 0, sizeof(*space));
}

/**
 * hwmem_space_destroy() - destroy an address space and all its tables
 * @virt: the spaces
 * @id: the space
 *
 * The frames it mapped are not its own and stay as they are.
 *
 * Return: 0, or -ENOENT if there is no space @id.
 */
int hwmem_space_destroy(struct hwmem_virt *virt, unsigned int id)
{
	struct hwmem_space *space;

	spin_lock(&virt->lock);
	space = space_find(virt, id);
	if (space)
		space_destroy(virt, space);
	spin_unlock(&virt->lock);
	return space ? 0 : -ENOENT;
}

/**
 * hwmem_virt_destroy() - destroy every address space
 * @virt: the spaces
 *
 * Return: the number of spaces there were.
 */
unsigned int hwmem_virt_destroy(struct hwmem_virt *virt)
{
	unsigned int i, n = 0;

	spin_lock(&virt->lock);
	for (i = 0; i < HWMEM_VIRT_MAX_SPACES; i++) {
		if (!virt->spaces[i].id)
			continue;
		space_destroy(virt, &virt->spaces[i]);
		n++;
	}
	spin_unlock(&virt->lock);
	return n;
}

static int map_hole(struct hwmem_walk *walk, unsigned int level, u64 va,
		    u64 size, u64 *entry)
{
	struct space_op *op = walk->private;
	unsigned long pfn;
	int err;

	if (level == op->level) {
		WRITE_ONCE(*entry, op->entry);
		return HWMEM_WALK_STOP;
	}
	err = table_alloc(op, &pfn);
	if (err)
		return err;
	WRITE_ONCE(*entry, hwmem_pte_make_table(pfn));
	return HWMEM_WALK_AGAIN;
}

static int map_leaf(struct hwmem_walk *walk, unsigned int level, u64 va,
		    u64 *entry)
{
	return -EEXIST;
}

/* A table where the leaf should go holds smaller mappings. */
static int map_table(struct hwmem_walk *walk, unsigned int level, u64 va,
		     u64 *entry)
{
	struct space_op *op = walk->private;

	return level == op->level ? -EEXIST : 0;
}

static const struct hwmem_walk_ops map_ops = {
	.leaf	= map_leaf,
	.table	= map_table,
	.hole	= map_hole,
};

/* Every frame of the page is one the frame allocator manages. */
static bool frames_owned(struct hwmem_phys *phys, unsigned long pfn,
			 unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (hwmem_phys_owner(phys, (struct hwmem_frame){ pfn + i }) ==
		    HWMEM_NR_OWNERS)
			return false;
	return true;
}

/* hwmem_space_map() but the trace. */
static int space_map(struct hwmem_virt *virt, unsigned int id, u64 va,
		     unsigned long pfn, unsigned int level, unsigned int flags)
{
	struct space_op op = { .virt = virt, .va = va, .level = level };
	unsigned long n;
	int ret;

	if (level < 1 || level > 2 || flags & ~HWMEM_PTE_FLAGS ||
	    !hwmem_va_canonical(va, HWMEM_SPACE_LEVELS) ||
	    !hwmem_va_aligned(va, hwmem_level_size(level)))
		return -EINVAL;
	n = hwmem_level_size(level) >> HWMEM_FRAME_SHIFT;
	if (pfn & (n - 1) || !frames_owned(virt->phys, pfn, n))
		return -EINVAL;
	op.entry = hwmem_pte_make_leaf(pfn, level, flags);

	spin_lock(&virt->lock);
	op.space = space_find(virt, id);
	if (!op.space) {
		spin_unlock(&virt->lock);
		return -ENOENT;
	}
	ret = space_walk(&op, &map_ops, va, va);
	if (ret == HWMEM_WALK_STOP) {
		if (level == 1)
			op.space->mapped_4k++;
		else
			op.space->mapped_2m++;
		ret = 0;
	} else {
		/* Give back the tables this map made before it failed. */
		space_walk(&op, &prune_ops, va, va);
		if (ret >= 0)
			ret = -EFAULT;
	}
	spin_unlock(&virt->lock);
	return ret;
}

/**
 * hwmem_space_map() - map a page
 * @virt: the spaces
 * @id: the space
 * @va: virtual address, canonical and aligned to the page size
 * @pfn: first frame of the page, aligned to the page size; every frame of
 *	the page must be one the frame allocator manages
 * @level: 1 for a 4 KiB page, 2 for a 2 MiB page
 * @flags: HWMEM_PTE_* flags
 *
 * Return: 0; -EINVAL for a bad @level, @flags, alignment, a non-canonical
 * @va or a frame hwmem does not manage; -ENOENT if there is no space @id;
 * -EEXIST if anything is mapped in the page's range already; -ENOMEM if
 * there is no frame for a table.  A failed map changes nothing.
 */
int hwmem_space_map(struct hwmem_virt *virt, unsigned int id, u64 va,
		    unsigned long pfn, unsigned int level, unsigned int flags)
{
	int ret = space_map(virt, id, va, pfn, level, flags);

	trace_hwmem_virt_map(_RET_IP_, id, va, pfn,
			     (level - 1) * HWMEM_PT_SHIFT, ret);
	return ret;
}

static int unmap_leaf(struct hwmem_walk *walk, unsigned int level, u64 va,
		      u64 *entry)
{
	struct space_op *op = walk->private;

	if (va != op->va)
		return -EINVAL;
	op->entry = READ_ONCE(*entry);
	op->level = level;
	WRITE_ONCE(*entry, 0);
	if (level == 1)
		op->space->mapped_4k--;
	else
		op->space->mapped_2m--;
	return 0;
}

static int unmap_hole(struct hwmem_walk *walk, unsigned int level, u64 va,
		      u64 size, u64 *entry)
{
	return -ENOENT;
}

static const struct hwmem_walk_ops unmap_ops = {
	.leaf		= unmap_leaf,
	.hole		= unmap_hole,
	.table_done	= prune_table_done,
};

/**
 * hwmem_space_unmap() - unmap the page that starts at an address
 * @virt: the spaces
 * @id: the space
 * @va: the first address of a mapped page
 *
 * Tables left empty go back to the frame allocator.
 *
 * Return: 0; -ENOENT if there is no space @id or nothing is mapped at
 * @va; -EINVAL if @va is not canonical or not the start of its page.
 */
int hwmem_space_unmap(struct hwmem_virt *virt, unsigned int id, u64 va)
{
	struct space_op op = { .virt = virt, .va = va };
	int ret;

	if (!hwmem_va_canonical(va, HWMEM_SPACE_LEVELS)) {
		ret = -EINVAL;
	} else {
		spin_lock(&virt->lock);
		op.space = space_find(virt, id);
		ret = op.space ? space_walk(&op, &unmap_ops, va, va) : -ENOENT;
		spin_unlock(&virt->lock);
	}
	trace_hwmem_virt_unmap(_RET_IP_, id, va,
			       ret ? 0 : hwmem_pte_addr(op.entry, op.level) >>
					 HWMEM_FRAME_SHIFT,
			       ret ? 0 : (op.level - 1) * HWMEM_PT_SHIFT, ret);
	return ret;
}

/**
 * hwmem_space_translate() - where an address of a space leads
 * @virt: the spaces
 * @id: the space
 * @va: the address
 * @t: receives the translation, or "not mapped" and the level where the
 *	walk found no entry
 *
 * Return: 0, -EINVAL for a non-canonical @va, or -ENOENT if there is no
 * space @id.
 */
int hwmem_space_translate(struct hwmem_virt *virt, unsigned int id, u64 va,
			  struct hwmem_translation *t)
{
	struct hwmem_space *space;
	struct hwmem_walk walk __uninitialized;
	int ret = -ENOENT;

	if (!hwmem_va_canonical(va, HWMEM_SPACE_LEVELS))
		return -EINVAL;
	spin_lock(&virt->lock);
	space = space_find(virt, id);
	if (space) {
		space_walk_init(virt, space, &walk);
		ret = walk_translate(&walk, va, t);
	}
	spin_unlock(&virt->lock);
	return ret;
}

/* Gather leaves that continue one another, in va, pa, size and flags. */
static int dump_leaf(struct hwmem_walk *walk, unsigned int level, u64 va,
		     u64 *entry)
{
	struct space_op *op = walk->private;
	struct hwmem_mapping_range *cur = &op->cur;
	u64 e = READ_ONCE(*entry), size = hwmem_level_size(level);
	u64 pa = hwmem_pte_addr(e, level);
	unsigned int flags = hwmem_pte_flags(e);

	if (op->have && cur->va + cur->size == va && cur->pa + cur->size == pa &&
	    cur->level == level && cur->flags == flags) {
		cur->size += size;
		return 0;
	}
	if (op->have)
		op->emit(op->arg, cur);
	*cur = (struct hwmem_mapping_range){
		.va = va, .size = size, .pa = pa, .level = level, .flags = flags,
	};
	op->have = true;
	return 0;
}

static const struct hwmem_walk_ops dump_ops = {
	.leaf	= dump_leaf,
};

/**
 * hwmem_space_dump() - the mappings of a space, as ranges
 * @virt: the spaces
 * @id: the space
 * @emit: called for each range of mappings that continue one another, in
 *	address order, with the spaces' lock held: it must not sleep
 * @arg: passed to @emit
 *
 * Return: 0, or -ENOENT if there is no space @id.
 */
int hwmem_space_dump(struct hwmem_virt *virt, unsigned int id,
		     void (*emit)(void *arg, const struct hwmem_mapping_range *r),
		     void *arg)
{
	struct space_op op = { .virt = virt, .emit = emit, .arg = arg };
	int ret = -ENOENT;

	spin_lock(&virt->lock);
	op.space = space_find(virt, id);
	if (op.space) {
		ret = space_walk(&op, &dump_ops, 0, ~0ULL);
		if (op.have)
			emit(arg, &op.cur);
	}
	spin_unlock(&virt->lock);
	return ret;
}

/**
 * hwmem_space_get() - snapshot the space in a slot
 * @virt: the spaces
 * @slot: from 0 to %HWMEM_VIRT_MAX_SPACES - 1
 * @space: receives the snapshot
 *
 * Return: 0, -ENOENT for an empty slot, -EINVAL for @slot out of range.
 */
int hwmem_space_get(struct hwmem_virt *virt, unsigned int slot,
		    struct hwmem_space *space)
{
	if (slot >= HWMEM_VIRT_MAX_SPACES)
		return -EINVAL;
	spin_lock(&virt->lock);
	*space = virt->spaces[slot];
	spin_unlock(&virt->lock);
	return space->id ? 0 : -ENOENT;
}

#include "../../kunit/virt/space-kunit.h"
