/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem virtual memory: addresses, a page-table walker, private address
 * spaces whose tables live in frames from the frame allocator.
 */
#ifndef _HWMEM_VIRT_H
#define _HWMEM_VIRT_H

#include <linux/init.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <hwmem/hook.h>
#include <hwmem/phys.h>
#include <hwmem/pte.h>

/* Private address spaces are 4-level: 48-bit virtual addresses. */
#define HWMEM_SPACE_LEVELS	4
#define HWMEM_VIRT_MAX_SPACES	16

/* --- addresses --- */

/* Bits of a virtual address with @levels levels of tables: 48 or 57. */
static inline unsigned int hwmem_va_bits(unsigned int levels)
{
	return hwmem_level_shift(levels + 1);
}

/* Canonical: bits 63 down to the top address bit are all equal. */
static inline bool hwmem_va_canonical(u64 va, unsigned int levels)
{
	unsigned int unused = 64 - hwmem_va_bits(levels);

	return (u64)((s64)(va << unused) >> unused) == va;
}

/* The canonical address of the @levels-level address space's offset @raw. */
static inline u64 hwmem_va_canonicalize(u64 raw, unsigned int levels)
{
	unsigned int unused = 64 - hwmem_va_bits(levels);

	return (u64)((s64)(raw << unused) >> unused);
}

/* Index of @va in a table of @level. */
static inline unsigned int hwmem_va_index(u64 va, unsigned int level)
{
	return (va >> hwmem_level_shift(level)) &
	       (HWMEM_PT_ENTRIES - 1);
}

/* Offset of @va in the page an entry of @level maps. */
static inline u64 hwmem_va_offset(u64 va, unsigned int level)
{
	return va & (hwmem_level_size(level) - 1);
}

static inline u64 hwmem_va_align_down(u64 va, u64 size)
{
	return va & ~(size - 1);
}

static inline bool hwmem_va_aligned(u64 va, u64 size)
{
	return !(va & (size - 1));
}

/* --- the walker --- */

/* What a walk callback returns, besides 0 (go on) and a negative errno. */
enum hwmem_walk_action {
	HWMEM_WALK_STOP = 1,	/* end the walk; hwmem_walk_range() returns 1 */
	HWMEM_WALK_SKIP,	/* do not descend into this table */
	HWMEM_WALK_AGAIN,	/* the entry was changed: look at it again */
};

struct hwmem_walk;

/**
 * struct hwmem_walk_ops - what a walk does, in the shape of mm_walk_ops
 * @leaf: a present entry that maps memory, at @va (the start of what it
 *	maps)
 * @table: a present entry that points at a table, before descending
 * @hole: a non-present entry; @va and @size are the part of the walked
 *	range it covers
 * @table_done: after the entries of the table @entry points at were
 *	walked
 *
 * Each gets the entry's level and a pointer to it, and may change it.
 * Any may be NULL.
 */
struct hwmem_walk_ops {
	int (*leaf)(struct hwmem_walk *walk, unsigned int level, u64 va,
		    u64 *entry);
	int (*table)(struct hwmem_walk *walk, unsigned int level, u64 va,
		     u64 *entry);
	int (*hole)(struct hwmem_walk *walk, unsigned int level, u64 va,
		    u64 size, u64 *entry);
	int (*table_done)(struct hwmem_walk *walk, unsigned int level, u64 va,
			  u64 *entry);
};

/**
 * struct hwmem_walk - one walk over one set of tables
 * @ops: what to do at each entry
 * @table_addr: where the table at @pfn can be read and written, or NULL
 *	if it cannot (the walk then fails with -EFAULT); NULL when tables
 *	are at @table_offset instead
 * @table_offset: with no @table_addr, the table at @pfn is at
 *	@table_offset + (pfn << %HWMEM_PT_PAGE_SHIFT), as in the kernel's
 *	direct map
 * @ctx: passed to @table_addr
 * @private: for @ops
 * @root_pfn: the root table
 * @levels: 4 or 5
 */
struct hwmem_walk {
	const struct hwmem_walk_ops *ops;
	u64 *(*table_addr)(void *ctx, unsigned long pfn);
	unsigned long table_offset;
	void *ctx;
	void *private;
	unsigned long root_pfn;
	unsigned int levels;
};

int hwmem_walk_range(struct hwmem_walk *walk, u64 start, u64 last);

/**
 * struct hwmem_translation - where a virtual address leads
 * @mapped: whether it is mapped
 * @level: level of the leaf that maps it, or where the walk found no entry
 * @pa: the physical address, if mapped
 * @entry: the leaf entry, if mapped
 */
struct hwmem_translation {
	bool mapped;
	unsigned int level;
	u64 pa;
	u64 entry;
};

int hwmem_walk_translate(struct hwmem_walk *walk, u64 va,
			 struct hwmem_translation *t);

/* --- the running kernel's tables --- */

/**
 * struct hwmem_ktranslation - a kernel address, as hwmem and the kernel see it
 * @levels: paging levels the kernel runs with, 4 or 5
 * @walk: hwmem's walk of the live tables
 * @kernel_mapped: the kernel's own lookup found a present entry
 * @kernel_level: the level it stopped at, counted as hwmem counts (1 for
 *	4 KiB)
 * @kernel_pa: the physical address the kernel gives, if mapped
 * @kernel_entry: the entry it found, if any
 * @match: both agree on mapped or not, and if mapped on level and address
 */
struct hwmem_ktranslation {
	unsigned int levels;
	struct hwmem_translation walk;
	bool kernel_mapped;
	unsigned int kernel_level;
	u64 kernel_pa;
	u64 kernel_entry;
	bool match;
};

/**
 * struct hwmem_ksample - a kernel address of a known kind
 * @name: what kind
 * @va: the address
 */
struct hwmem_ksample {
	const char *name;
	u64 va;
};

/**
 * struct hwmem_ktables_ops - the running kernel's tables, walked and asked
 * @translate: walk the live tables for @va with hwmem's walker, ask the
 *	kernel too, and fill in @kt; 0 or a negative errno
 * @samples: do that for kernel addresses of each kind the platform knows,
 *	then for @extra, calling @emit for each; 0 or a negative errno
 *
 * Each gets the private data the table was put in place with.  The
 * platform registers them where it can read the live tables (x86-64);
 * elsewhere there are none and asking is refused with -EOPNOTSUPP.
 */
struct hwmem_ktables_ops {
	int (*translate)(void *priv, u64 va, struct hwmem_ktranslation *kt);
	int (*samples)(void *priv, const struct hwmem_ksample *extra,
		       unsigned int nr_extra,
		       void (*emit)(void *arg, const struct hwmem_ksample *s,
				    const struct hwmem_ktranslation *kt),
		       void *arg);
};

/**
 * hwmem_set_ktables_ops() - put live-table operations in place
 * @ops: the operations, kept by the caller
 * @priv: passed to each
 *
 * They replace the platform's until hwmem_restore_ktables_ops().  May
 * sleep.
 *
 * Return: 0, or -EINVAL for a NULL @ops.
 */
static inline int hwmem_set_ktables_ops(const struct hwmem_ktables_ops *ops,
					void *priv)
{
	return hwmem_hook_set(HWMEM_HOOK_KTABLES, ops, priv, THIS_MODULE);
}

/**
 * hwmem_restore_ktables_ops() - put the platform's operations back
 *
 * May sleep.
 */
static inline void hwmem_restore_ktables_ops(void)
{
	hwmem_hook_restore(HWMEM_HOOK_KTABLES);
}

int hwmem_ktranslate(u64 va, struct hwmem_ktranslation *kt);
int hwmem_ksamples(const struct hwmem_ksample *extra, unsigned int nr_extra,
		   void (*emit)(void *arg, const struct hwmem_ksample *s,
				const struct hwmem_ktranslation *kt),
		   void *arg);

/* --- private address spaces --- */

/**
 * struct hwmem_space - a private address space
 * @id: its number, from 1; 0 for a free slot
 * @root: its root table
 * @table_pages: table pages it holds, the root included
 * @mapped_4k: 4 KiB pages mapped
 * @mapped_2m: 2 MiB pages mapped
 */
struct hwmem_space {
	unsigned int id;
	struct hwmem_frame root;
	unsigned long table_pages;
	unsigned long mapped_4k;
	unsigned long mapped_2m;
};

/**
 * struct hwmem_virt - the private address spaces
 * @lock: protects every space and its tables
 * @phys: where table pages come from, and what may be mapped
 * @next_id: the id the next space gets
 * @spaces: space slots
 */
struct hwmem_virt {
	spinlock_t lock;		/* protects all below */
	struct hwmem_phys *phys;
	unsigned int next_id;
	struct hwmem_space spaces[HWMEM_VIRT_MAX_SPACES];
};

/**
 * struct hwmem_mapping_range - mappings that continue one another
 * @va: first virtual address
 * @size: bytes
 * @pa: first physical address
 * @level: level of the leaves (1: 4 KiB pages, 2: 2 MiB pages)
 * @flags: HWMEM_PTE_* flags shared by the leaves
 */
struct hwmem_mapping_range {
	u64 va;
	u64 size;
	u64 pa;
	unsigned int level;
	unsigned int flags;
};

void hwmem_virt_init(struct hwmem_virt *virt, struct hwmem_phys *phys);
unsigned int hwmem_virt_destroy(struct hwmem_virt *virt);
int hwmem_space_create(struct hwmem_virt *virt, unsigned int *id);
int hwmem_space_destroy(struct hwmem_virt *virt, unsigned int id);
int hwmem_space_map(struct hwmem_virt *virt, unsigned int id, u64 va,
		    unsigned long pfn, unsigned int level, unsigned int flags);
int hwmem_space_unmap(struct hwmem_virt *virt, unsigned int id, u64 va);
int hwmem_space_translate(struct hwmem_virt *virt, unsigned int id, u64 va,
			  struct hwmem_translation *t);
int hwmem_space_dump(struct hwmem_virt *virt, unsigned int id,
		     void (*emit)(void *arg, const struct hwmem_mapping_range *r),
		     void *arg);
int hwmem_space_get(struct hwmem_virt *virt, unsigned int slot,
		    struct hwmem_space *space);

#endif /* _HWMEM_VIRT_H */
