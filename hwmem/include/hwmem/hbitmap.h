/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem hierarchical bitmap: a set of small integers with insert, remove
 * and "smallest member" in O(log64 n) word operations.
 *
 * Level 0 has a bit per member; each level above has a bit per word of
 * the level below, set while that word is not zero; the top level is one
 * word.  Finding the smallest member reads one word a level, top down:
 * five for 2^28 members.  The address-ordered placement policies of the
 * frame allocator and the buddy allocator keep their free frames and
 * blocks in one, so that "the lowest free one" costs what a free list's
 * head does, give or take a few loads.
 *
 * The words are the caller's (hwmem_hbitmap_words() says how many), as
 * all of hwmem's metadata is.  No locking: the owner's lock covers it.
 */
#ifndef _HWMEM_HBITMAP_H
#define _HWMEM_HBITMAP_H

#include <linux/bitops.h>
#include <linux/types.h>

/* Levels enough for 2^36 members. */
#define HWMEM_HBITMAP_MAX_LEVELS	6

/**
 * struct hwmem_hbitmap - a hierarchical bitmap
 * @level: each level's words, level 0 the members' bits
 * @nr_levels: levels in use, at least 1; the last is one word
 * @nr_bits: members it can hold, from 0 to @nr_bits - 1
 */
struct hwmem_hbitmap {
	unsigned long *level[HWMEM_HBITMAP_MAX_LEVELS];
	unsigned int nr_levels;
	unsigned long nr_bits;
};

unsigned long hwmem_hbitmap_words(unsigned long nr_bits);
void hwmem_hbitmap_init(struct hwmem_hbitmap *hbm, unsigned long nr_bits,
			unsigned long *words);

/* Make @bit a member. */
static __always_inline void hwmem_hbitmap_set(struct hwmem_hbitmap *hbm,
					      unsigned long bit)
{
	unsigned int l;

	for (l = 0; l < hbm->nr_levels; l++) {
		unsigned long *w = &hbm->level[l][bit / BITS_PER_LONG];
		unsigned long was = *w;

		*w = was | BIT(bit % BITS_PER_LONG);
		if (was)
			break;
		bit /= BITS_PER_LONG;
	}
}

/* Take @bit out. */
static __always_inline void hwmem_hbitmap_clear(struct hwmem_hbitmap *hbm,
						unsigned long bit)
{
	unsigned int l;

	for (l = 0; l < hbm->nr_levels; l++) {
		unsigned long *w = &hbm->level[l][bit / BITS_PER_LONG];

		*w &= ~BIT(bit % BITS_PER_LONG);
		if (*w)
			break;
		bit /= BITS_PER_LONG;
	}
}

static __always_inline bool hwmem_hbitmap_test(const struct hwmem_hbitmap *hbm,
					       unsigned long bit)
{
	return hbm->level[0][bit / BITS_PER_LONG] & BIT(bit % BITS_PER_LONG);
}

/* The smallest member, or -1 if there is none. */
static __always_inline long hwmem_hbitmap_first(const struct hwmem_hbitmap *hbm)
{
	unsigned int l = hbm->nr_levels - 1;
	unsigned long bit;

	if (!hbm->level[l][0])
		return -1;
	bit = __ffs(hbm->level[l][0]);
	while (l--)
		bit = bit * BITS_PER_LONG + __ffs(hbm->level[l][bit]);
	return bit;
}

#endif /* _HWMEM_HBITMAP_H */
