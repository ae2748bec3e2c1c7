// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem hierarchical bitmap: sizing and setting up (the operations are
 * inline, in hbitmap.h).
 */

#include <linux/bitmap.h>
#include <linux/kernel.h>

#include <hwmem/hbitmap.h>

/**
 * hwmem_hbitmap_words() - words a hierarchical bitmap needs
 * @nr_bits: members it must hold, at least 1
 *
 * Return: the number of unsigned longs, every level together.
 */
unsigned long hwmem_hbitmap_words(unsigned long nr_bits)
{
	unsigned long words = 0, n = max(nr_bits, 1UL);

	do {
		n = BITS_TO_LONGS(n);
		words += n;
	} while (n > 1);
	return words;
}

/**
 * hwmem_hbitmap_init() - set up an empty hierarchical bitmap
 * @hbm: the bitmap
 * @nr_bits: members it must hold, at least 1
 * @words: hwmem_hbitmap_words(@nr_bits) words, kept by the caller
 */
void hwmem_hbitmap_init(struct hwmem_hbitmap *hbm, unsigned long nr_bits,
			unsigned long *words)
{
	unsigned long n = max(nr_bits, 1UL);
	unsigned int l = 0;

	hbm->nr_bits = nr_bits;
	do {
		n = BITS_TO_LONGS(n);
		hbm->level[l++] = words;
		bitmap_zero(words, n * BITS_PER_LONG);
		words += n;
	} while (n > 1);
	hbm->nr_levels = l;
}

#include "../../kunit/lib/hbitmap-kunit.h"
