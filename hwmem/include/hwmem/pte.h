/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem page-table entry format: x86-64, the only one so far.
 *
 * Everything that knows how an entry is laid out is here, so that another
 * format would be another header behind the same functions.  Levels count
 * from 1 (the table of 4 KiB pages) up to 4 or 5 (the root).
 */
#ifndef _HWMEM_PTE_H
#define _HWMEM_PTE_H

#include <linux/bits.h>
#include <linux/types.h>

/* A level-1 entry maps 4 KiB; each level up, a table of 512 entries more. */
#define HWMEM_PT_PAGE_SHIFT	12
#define HWMEM_PT_SHIFT		9
#define HWMEM_PT_ENTRIES	512
#define HWMEM_PT_MAX_LEVELS	5

/* Generic flags of a mapping, as map takes them and translate gives them. */
#define HWMEM_PTE_WRITE		BIT(0)
#define HWMEM_PTE_USER		BIT(1)
#define HWMEM_PTE_EXEC		BIT(2)
#define HWMEM_PTE_ACCESSED	BIT(3)
#define HWMEM_PTE_DIRTY		BIT(4)
#define HWMEM_PTE_FLAGS		GENMASK(4, 0)

/* x86-64 entry bits (Intel SDM vol. 3, 4.5). */
#define X86_PTE_PRESENT		BIT_ULL(0)
#define X86_PTE_RW		BIT_ULL(1)
#define X86_PTE_USER		BIT_ULL(2)
#define X86_PTE_ACCESSED	BIT_ULL(5)
#define X86_PTE_DIRTY		BIT_ULL(6)
#define X86_PTE_PS		BIT_ULL(7)
#define X86_PTE_NX		BIT_ULL(63)
#define X86_PTE_ADDR		GENMASK_ULL(51, 12)

/* log2 of the bytes one entry of a level covers. */
static inline unsigned int hwmem_level_shift(unsigned int level)
{
	return HWMEM_PT_PAGE_SHIFT + HWMEM_PT_SHIFT * (level - 1);
}

/* Bytes one entry of a level covers: 4 KiB, 2 MiB, 1 GiB, 512 GiB, 256 TiB. */
static inline u64 hwmem_level_size(unsigned int level)
{
	return 1ULL << hwmem_level_shift(level);
}

static inline bool hwmem_pte_present(u64 entry)
{
	return entry & X86_PTE_PRESENT;
}

/* A leaf maps memory: any entry of level 1, or a large page at 2 or 3. */
static inline bool hwmem_pte_leaf(u64 entry, unsigned int level)
{
	return level == 1 || (level <= 3 && (entry & X86_PTE_PS));
}

/*
 * An entry above level 1 that surely points at a table, and that table's
 * physical address: the test a walk can make without knowing the level.
 * False for a top-level entry with the large-page bit set, which is still
 * a table there; hwmem_pte_leaf() knows that.
 */
static inline bool hwmem_pte_table(u64 entry)
{
	return (entry & (X86_PTE_PRESENT | X86_PTE_PS)) == X86_PTE_PRESENT;
}

static inline u64 hwmem_pte_table_addr(u64 entry)
{
	return entry & X86_PTE_ADDR;
}

/* The physical address an entry points at: a table, or a page. */
static inline u64 hwmem_pte_addr(u64 entry, unsigned int level)
{
	if (level == 1 || !hwmem_pte_leaf(entry, level))
		return hwmem_pte_table_addr(entry);
	return hwmem_pte_table_addr(entry) & ~(hwmem_level_size(level) - 1);
}

static inline u64 hwmem_pte_make_table(unsigned long pfn)
{
	return ((u64)pfn << HWMEM_PT_PAGE_SHIFT) | X86_PTE_PRESENT | X86_PTE_RW |
	       X86_PTE_USER |
	       X86_PTE_ACCESSED;
}

static inline u64 hwmem_pte_make_leaf(unsigned long pfn, unsigned int level,
				      unsigned int flags)
{
	u64 entry = ((u64)pfn << HWMEM_PT_PAGE_SHIFT) | X86_PTE_PRESENT;

	if (level > 1)
		entry |= X86_PTE_PS;
	if (flags & HWMEM_PTE_WRITE)
		entry |= X86_PTE_RW;
	if (flags & HWMEM_PTE_USER)
		entry |= X86_PTE_USER;
	if (!(flags & HWMEM_PTE_EXEC))
		entry |= X86_PTE_NX;
	if (flags & HWMEM_PTE_ACCESSED)
		entry |= X86_PTE_ACCESSED;
	if (flags & HWMEM_PTE_DIRTY)
		entry |= X86_PTE_DIRTY;
	return entry;
}

static inline unsigned int hwmem_pte_flags(u64 entry)
{
	return (entry & X86_PTE_RW ? HWMEM_PTE_WRITE : 0) |
	       (entry & X86_PTE_USER ? HWMEM_PTE_USER : 0) |
	       (entry & X86_PTE_NX ? 0 : HWMEM_PTE_EXEC) |
	       (entry & X86_PTE_ACCESSED ? HWMEM_PTE_ACCESSED : 0) |
	       (entry & X86_PTE_DIRTY ? HWMEM_PTE_DIRTY : 0);
}

#endif /* _HWMEM_PTE_H */
