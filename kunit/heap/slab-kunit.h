/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for the hwmem slab allocator, included at the end of
 * hwmem/heap/slab.c.  Slabs come from a frame allocator over fake regions
 * (kunit/fixture.h).
 *
 * The suite runs once per placement policy (hwmem-slab-first, -fullest,
 * -emptiest): every slab allocator a case makes gets the suite's policy.
 * Where a policy places differently on purpose, the case says what each
 * does.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_SLAB_KUNIT_H
#define _HWMEM_SLAB_KUNIT_H

#include <kunit/test.h>
#include <linux/prandom.h>

#include "../fixture.h"

/* The policy of the suite that runs the case. */
static enum hwmem_slab_policy slab_test_policy(struct kunit *test)
{
	return (uintptr_t)test->priv;
}

/* The caches' bucket arrays are the kernel's memory: give them back too. */
static void slab_test_destroy(void *slab)
{
	hwmem_slab_destroy(slab);
}

static struct hwmem_slab *slab_test_init(struct kunit *test, unsigned long frames,
					 bool poison, struct hwmem_phys **physp)
{
	struct hwmem_slab *slab = kunit_kzalloc(test, sizeof(*slab), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, slab);
	*physp = hwmem_test_phys(test, frames);
	hwmem_slab_init(slab, *physp, poison);
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_set_policy(slab, slab_test_policy(test)));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, slab_test_destroy, slab));
	return slab;
}

static struct hwmem_slab_cache *slab_test_cache(struct kunit *test,
						struct hwmem_slab *slab,
						const char *name, size_t size,
						size_t align)
{
	struct hwmem_slab_cache *cache;

	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_cache_create(slab, name, size, align, &cache));
	return cache;
}

static void slab_test_stats(struct kunit *test, struct hwmem_slab_cache *cache,
			    struct hwmem_slab_cache_stats *st)
{
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_cache_get_stats(cache->slab,
							    cache - cache->slab->caches, st));
}

static void slab_test_create_rejects(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 4, false, &phys);
	static const char *const bad_names[] = {
		"", "0123456789abcdef", "a b", "a/b", "caf\xc3\xa9", "x\n",
	};
	struct hwmem_slab_cache *c;
	char name[8];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_names); i++)
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    hwmem_slab_cache_create(slab, bad_names[i], 8, 8, &c),
				    "name %s", bad_names[i]);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_cache_create(slab, "a", 0, 8, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_slab_cache_create(slab, "a", 8 * HWMEM_FRAME_SIZE + 1, 8, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_slab_cache_create(slab, "a", 8 * HWMEM_FRAME_SIZE, 8, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_cache_create(slab, "a", 8, 0, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_cache_create(slab, "a", 8, 24, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_slab_cache_create(slab, "a", 8, 2 * HWMEM_FRAME_SIZE, &c));

	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_cache_create(slab, "Ok.name-1_", 8, 8, &c));
	KUNIT_EXPECT_EQ(test, -EEXIST, hwmem_slab_cache_create(slab, "Ok.name-1_", 16, 8, &c));
	for (i = 1; i < HWMEM_SLAB_MAX_CACHES; i++) {
		snprintf(name, sizeof(name), "c%u", i);
		KUNIT_EXPECT_EQ(test, 0, hwmem_slab_cache_create(slab, name, 8, 8, &c));
	}
	KUNIT_EXPECT_EQ(test, -ENOSPC, hwmem_slab_cache_create(slab, "more", 8, 8, &c));
	KUNIT_EXPECT_PTR_EQ(test, hwmem_slab_cache_find(slab, "c7"),
			    c - (HWMEM_SLAB_MAX_CACHES - 8));
	KUNIT_EXPECT_NULL(test, hwmem_slab_cache_find(slab, "more"));
}

static void slab_test_layout(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 4, false, &phys);
	struct hwmem_slab_cache *c64, *c1024, *c3000, *odd;
	void *p;

	c64 = slab_test_cache(test, slab, "64", 64, 8);
	KUNIT_EXPECT_EQ(test, c64->frames, 1u);
	KUNIT_EXPECT_GE(test, c64->objs_per_slab, 56u);
	/* Objects from the start of the slab, the header after them. */
	KUNIT_EXPECT_LE(test, c64->objs_per_slab * 64, c64->header);
	KUNIT_EXPECT_LE(test, c64->header + header_size(c64->objs_per_slab),
			(size_t)HWMEM_FRAME_SIZE);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(c64->header,
					   __alignof__(struct hwmem_slab_page)));

	/* Three 1024-byte objects fit in a frame beside the header: take two. */
	c1024 = slab_test_cache(test, slab, "1024", 1024, 8);
	KUNIT_EXPECT_EQ(test, c1024->frames, 2u);
	KUNIT_EXPECT_EQ(test, c1024->objs_per_slab, 7u);

	c3000 = slab_test_cache(test, slab, "3000", 3000, 8);
	KUNIT_EXPECT_EQ(test, c3000->frames, 4u);
	KUNIT_EXPECT_EQ(test, c3000->objs_per_slab, 5u);

	odd = slab_test_cache(test, slab, "odd", 20, 64);
	KUNIT_EXPECT_EQ(test, odd->stride, 64u);
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(odd, &p));
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p, HWMEM_FRAME_SIZE));
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(odd, p));
}

static void slab_test_alloc_free(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 8, false, &phys);
	struct hwmem_slab_cache *c = slab_test_cache(test, slab, "c256", 256, 32);
	unsigned int per = c->objs_per_slab, i;
	struct hwmem_slab_cache_stats st;
	void **objs = kunit_kcalloc(test, 2 * per, sizeof(void *), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, objs);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 0ul);
	for (i = 0; i < per + 1; i++) {
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &objs[i]));
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)objs[i], 32));
		memset(objs[i], 0x5a, 256);
		if (i)
			KUNIT_EXPECT_PTR_NE(test, objs[i], objs[i - 1]);
	}
	/* One full slab and one started: two frames taken. */
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 2ul);
	KUNIT_EXPECT_PTR_EQ(test, objs[1], objs[0] + 256);
	slab_test_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.slabs, 2ul);
	KUNIT_EXPECT_EQ(test, st.slabs_full, 1ul);
	KUNIT_EXPECT_EQ(test, st.slabs_partial, 1ul);
	KUNIT_EXPECT_EQ(test, st.inuse, (unsigned long)per + 1);
	KUNIT_EXPECT_EQ(test, st.total, 2ul * per);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_GROWS], 2ul);

	/*
	 * The lowest free object of the slab is the next handed out.  The
	 * second slab emptied first, so that the first is the only partial
	 * one, whatever the policy.
	 */
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[per]));
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[3]));
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[5]));
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &objs[2 * per - 1]));
	KUNIT_EXPECT_PTR_EQ(test, objs[2 * per - 1], objs[3]);
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &objs[2 * per - 1]));
	KUNIT_EXPECT_PTR_EQ(test, objs[2 * per - 1], objs[5]);
	/* The first slab is full again: the kept empty one comes next. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &objs[2 * per - 1]));
	KUNIT_EXPECT_PTR_EQ(test, objs[2 * per - 1], objs[per]);

	/* Empty both slabs: one stays as the cache's empty slab. */
	for (i = 0; i < per + 1; i++)
		KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[i]));
	slab_test_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.slabs, 1ul);
	KUNIT_EXPECT_EQ(test, st.slabs_empty, 1ul);
	KUNIT_EXPECT_EQ(test, st.inuse, 0ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_SHRINKS], 1ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 1ul);

	/* The kept slab is used again before a new one is taken. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &objs[0]));
	slab_test_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_GROWS], 2ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[0]));
	KUNIT_EXPECT_EQ(test, hwmem_slab_cache_shrink(c), 1ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 0ul);
}

static void slab_test_refused_frees(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 8, false, &phys);
	struct hwmem_slab_cache *a = slab_test_cache(test, slab, "a", 100, 4);
	struct hwmem_slab_cache *b = slab_test_cache(test, slab, "b", 100, 4);
	struct hwmem_slab_cache_stats before, after;
	void *x, *y, *z, *foreign = kunit_kzalloc(test, 64, GFP_KERNEL);

	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(a, &x));
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(a, &z));
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(b, &y));
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_free(a, z));
	slab_test_stats(test, a, &before);

	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(a, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(a, foreign));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(a, x + 1));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(a, x + 100));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(a, x - 8));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(a, y));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(a, z));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_slab_free(a, (void *)((unsigned long)x | (HWMEM_FRAME_SIZE - 4))));

	slab_test_stats(test, a, &after);
	KUNIT_EXPECT_EQ(test, after.counters[HWMEM_SLAB_FREE_REFUSED], 8ul);
	after.counters[HWMEM_SLAB_FREE_REFUSED] = 0;
	KUNIT_EXPECT_EQ(test, 0, memcmp(&before, &after, sizeof(before)));
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(a, x));
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(b, y));
}

/* Frees found through the frame allocator: every frame of a 2-frame slab. */
static void slab_test_lookup(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 8, false, &phys);
	struct hwmem_slab_cache *c = slab_test_cache(test, slab, "k1024", 1024, 8);
	struct hwmem_slab_cache_stats st;
	void *objs[14];
	unsigned int i;

	KUNIT_ASSERT_EQ(test, c->frames, 2u);
	KUNIT_ASSERT_EQ(test, c->objs_per_slab, 7u);
	for (i = 0; i < 14; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &objs[i]));
	/*
	 * The first slab is full and no longer the last allocated from.  Its
	 * objects start with it, its second frame with object 4, and its
	 * header ends it, after object 6.
	 */
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED((unsigned long)objs[0], HWMEM_FRAME_SIZE));
	KUNIT_ASSERT_PTR_EQ(test, objs[4], objs[0] + HWMEM_FRAME_SIZE);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(c, objs[0] + 8));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(c, objs[6] + 8));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(c, objs[6] + 1024));
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[6]));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_free(c, objs[6]));
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[4]));
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[0]));
	slab_test_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.inuse, 11ul);
	KUNIT_EXPECT_EQ(test, st.slabs_partial, 1ul);
	KUNIT_EXPECT_EQ(test, st.slabs_full, 1ul);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_FREE_REFUSED], 4ul);
	for (i = 1; i < 14; i++)
		if (i != 4 && i != 6)
			KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[i]));
	KUNIT_EXPECT_EQ(test, hwmem_slab_cache_shrink(c), 1ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 0ul);
}

static void slab_test_poison(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 4, true, &phys);
	struct hwmem_slab_cache *c = slab_test_cache(test, slab, "p", 48, 8);
	struct hwmem_slab_cache_stats st;
	u8 *p, *q;

	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, (void **)&p));
	memset(p, 0, 48);
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_free(c, p));
	KUNIT_EXPECT_NULL(test, memchr_inv(p, POISON_FREE, 48));
	slab_test_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_POISON_ERRORS], 0ul);

	p[47] = 1;
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, (void **)&q));
	KUNIT_EXPECT_PTR_EQ(test, q, p);
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, (void **)&q));
	slab_test_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_POISON_ERRORS], 1ul);
}

static void slab_test_exhaustion(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 5, false, &phys);
	struct hwmem_slab_cache *c = slab_test_cache(test, slab, "big", 1024, 8);
	struct hwmem_slab_cache_stats st;
	struct hwmem_frame f;
	void *objs[14], *p;
	unsigned int i;

	/* Five frames, one taken so that two 2-frame runs are left. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_alloc(phys, HWMEM_OWNER_USER, &f));
	for (i = 0; i < 14; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &objs[i]));
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_slab_alloc(c, &p));
	slab_test_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_ALLOC_FAILED], 1ul);
	KUNIT_EXPECT_EQ(test, st.slabs_full, 2ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 4ul);

	KUNIT_EXPECT_EQ(test, -EBUSY, hwmem_slab_cache_destroy(c));
	for (i = 0; i < 14; i++)
		KUNIT_EXPECT_EQ(test, 0, hwmem_slab_free(c, objs[i]));
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_cache_destroy(c));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 0ul);
	KUNIT_EXPECT_NULL(test, hwmem_slab_cache_find(slab, "big"));
	KUNIT_EXPECT_EQ(test, -ENOENT, hwmem_slab_cache_get_stats(slab, c - slab->caches, &st));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			hwmem_slab_cache_get_stats(slab, HWMEM_SLAB_MAX_CACHES, &st));
	/* The name is free again. */
	c = slab_test_cache(test, slab, "big", 64, 8);
}

static void slab_test_destroy_all(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 16, false, &phys);
	struct hwmem_slab_cache *a = slab_test_cache(test, slab, "a", 64, 8);
	struct hwmem_slab_cache *b = slab_test_cache(test, slab, "b", 2000, 8);
	void *p;
	unsigned int i;

	for (i = 0; i < 100; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(a, &p));
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(b, &p));
	KUNIT_EXPECT_GT(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 2ul);
	KUNIT_EXPECT_EQ(test, hwmem_slab_destroy(slab), 101ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 0ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 16ul);
}

/* Random allocs and frees on two caches; no object is handed out twice. */
static void slab_test_random(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 64, true, &phys);
	struct hwmem_slab_cache *c[2] = {
		slab_test_cache(test, slab, "r40", 40, 8),
		slab_test_cache(test, slab, "r700", 700, 64),
	};
	struct hwmem_slab_cache_stats st;
	struct slab_test_held { void *p; unsigned int c; } *held;
	unsigned int nr = 0, i, k;
	struct rnd_state rnd;

	held = kunit_kcalloc(test, 300, sizeof(*held), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, held);
	prandom_seed_state(&rnd, 7);
	for (i = 0; i < 20000; i++) {
		if (nr < 300 && prandom_u32_state(&rnd) % 3) {
			unsigned int which = prandom_u32_state(&rnd) % 2;
			void *p;

			KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c[which], &p));
			for (k = 0; k < nr; k++)
				KUNIT_ASSERT_PTR_NE(test, held[k].p, p);
			memset(p, which, c[which]->size);
			held[nr].p = p;
			held[nr++].c = which;
		} else if (nr) {
			k = prandom_u32_state(&rnd) % nr;
			KUNIT_ASSERT_EQ(test, 0, hwmem_slab_free(c[held[k].c], held[k].p));
			held[k] = held[--nr];
		}
	}
	slab_test_stats(test, c[0], &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_POISON_ERRORS], 0ul);
	KUNIT_EXPECT_LE(test, st.slabs_empty, 1ul);
	k = st.inuse;
	slab_test_stats(test, c[1], &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_POISON_ERRORS], 0ul);
	KUNIT_EXPECT_EQ(test, k + st.inuse, nr);
}

/* What the slab race threads share: one cache, and one of their own each. */
struct slab_race {
	struct hwmem_slab *slab;
	struct hwmem_slab_cache *shared;
	struct hwmem_slab_cache *own[HWMEM_TEST_MAX_THREADS];
};

/* One thread: objects of the shared cache and its own, tagged and checked. */
static int slab_race_thread(void *arg, unsigned int id)
{
	struct slab_race *sr = arg;
	struct { u64 *p; struct hwmem_slab_cache *c; } held[48];
	unsigned int nr_held = 0, i, errors = 0;
	struct hwmem_slab_totals t;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, id + 21);
	for (i = 0; i < 3000; i++) {
		unsigned int op = prandom_u32_state(&rnd) % 8;

		if (op < 4 && nr_held < ARRAY_SIZE(held)) {
			struct hwmem_slab_cache *c = op % 2 ? sr->shared : sr->own[id];
			void *p;

			if (hwmem_slab_alloc(c, &p))
				continue;
			held[nr_held].p = p;
			held[nr_held].c = c;
			*held[nr_held++].p = (u64)id << 32 | i;
		} else if (op < 7 && nr_held) {
			unsigned int k = prandom_u32_state(&rnd) % nr_held;

			errors += *held[k].p >> 32 != id;
			errors += hwmem_slab_free(held[k].c, held[k].p) != 0;
			held[k] = held[--nr_held];
		} else {
			hwmem_slab_get_totals(sr->slab, &t);
			errors += t.inuse > t.slots;
		}
		if (!(i % 64))
			cond_resched();
	}
	while (nr_held--)
		errors += hwmem_slab_free(held[nr_held].c, held[nr_held].p) != 0;
	return errors;
}

/* Threads on every CPU, one cache together and one each: all adds up. */
static void slab_test_race(struct kunit *test)
{
	struct slab_race sr = { };
	struct hwmem_slab_totals t;
	struct hwmem_phys *phys;
	unsigned int i;
	char name[8];

	sr.slab = slab_test_init(test, 256, false, &phys);
	sr.shared = slab_test_cache(test, sr.slab, "shared", 48, 8);
	for (i = 0; i < HWMEM_TEST_MAX_THREADS; i++) {
		snprintf(name, sizeof(name), "own%u", i);
		sr.own[i] = slab_test_cache(test, sr.slab, name, 24 + 40 * i, 8);
	}
	hwmem_test_race(test, slab_race_thread, &sr);
	hwmem_slab_get_totals(sr.slab, &t);
	KUNIT_EXPECT_EQ(test, t.inuse, 0ul);
	/* At most one empty slab a cache is kept. */
	KUNIT_EXPECT_LE(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB),
			(unsigned long)(HWMEM_TEST_MAX_THREADS + 1) * 2);
	for (i = 0; i < HWMEM_TEST_MAX_THREADS; i++)
		KUNIT_EXPECT_EQ(test, 0, hwmem_slab_cache_destroy(sr.own[i]));
}

/* Four objects a slab at least: the largest size, and one byte more. */
static void slab_test_size_limit(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 64, false, &phys);
	struct hwmem_slab_cache *c;
	unsigned int size;
	void *p[4];

	c = slab_test_cache(test, slab, "max", 16368, 8);
	KUNIT_EXPECT_EQ(test, c->frames, 16u);
	KUNIT_EXPECT_EQ(test, c->objs_per_slab, 4u);
	for (size = 0; size < 4; size++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &p[size]));
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 16ul);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_cache_create(slab, "over", 16369, 8, &c));
	/* With byte alignment the stride is the size: 16370 still fits. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_slab_cache_create(slab, "byte", 16370, 1, &c));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_cache_create(slab, "byte2", 16371, 1, &c));
	/* Every size keeps the promise of four. */
	for (size = 1; size <= 16368; size += size < 512 ? 1 : 97) {
		char name[16];
		int err;

		snprintf(name, sizeof(name), "s%u", size);
		err = hwmem_slab_cache_create(slab, name, size, 8, &c);
		KUNIT_ASSERT_EQ_MSG(test, err, 0, "size %u", size);
		KUNIT_EXPECT_GE_MSG(test, c->objs_per_slab, 4u, "size %u", size);
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_cache_destroy(c));
	}
}

/*
 * Which partial slab an allocation takes from: with three partial slabs,
 * A with 6 of its 7 objects in use, B with 2 and C with 4, and C the last
 * to become partial: C (first), A (fullest) or B (emptiest).
 */
static void slab_test_placement(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 16, false, &phys);
	struct hwmem_slab_cache *c = slab_test_cache(test, slab, "k1", 1024, 8);
	struct hwmem_slab_cache_stats st;
	void *p[21], *q;
	unsigned int i, want;

	KUNIT_ASSERT_EQ(test, c->objs_per_slab, 7u);
	for (i = 0; i < 21; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &p[i]));
	/* Slabs fill one after the other, whatever the policy. */
	for (i = 1; i < 21; i++)
		if (i % 7)
			KUNIT_EXPECT_PTR_EQ(test, p[i], p[i - 1] + 1024);
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_free(c, p[0]));
	for (i = 7; i < 12; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_free(c, p[i]));
	for (i = 14; i < 17; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_free(c, p[i]));
	slab_test_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.slabs_partial, 3ul);
	KUNIT_EXPECT_EQ(test, st.inuse, 12ul);

	switch (slab_test_policy(test)) {
	case HWMEM_SLAB_FIRST:
		want = 14;
		break;
	case HWMEM_SLAB_FULLEST:
		want = 0;
		break;
	default:
		want = 7;
		break;
	}
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &q));
	KUNIT_EXPECT_PTR_EQ(test, q, p[want]);
	/* Fill them all again, and the slabs are full, none partial. */
	for (i = 0; i < 8; i++)
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &q));
	slab_test_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.slabs_full, 3ul);
	KUNIT_EXPECT_EQ(test, st.slabs_partial, 0ul);
	KUNIT_EXPECT_EQ(test, st.slabs, 3ul);
}

/* Switching policies: only with no object in use. */
static void slab_test_policy_switch(struct kunit *test)
{
	struct hwmem_phys *phys;
	struct hwmem_slab *slab = slab_test_init(test, 8, false, &phys);
	struct hwmem_slab_cache *c = slab_test_cache(test, slab, "p", 64, 8);
	unsigned int p;
	void *o;

	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &o));
	for (p = 0; p < HWMEM_SLAB_NR_POLICIES; p++)
		KUNIT_EXPECT_EQ(test, -EBUSY, hwmem_slab_set_policy(slab, p));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_slab_set_policy(slab, HWMEM_SLAB_NR_POLICIES));
	KUNIT_EXPECT_EQ(test, (int)hwmem_slab_get_policy(slab), (int)slab_test_policy(test));
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_free(c, o));
	for (p = 0; p < HWMEM_SLAB_NR_POLICIES; p++) {
		KUNIT_EXPECT_EQ(test, 0, hwmem_slab_set_policy(slab, p));
		KUNIT_EXPECT_EQ(test, (int)hwmem_slab_get_policy(slab), (int)p);
		/* The empty slab kept is used again under any policy. */
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_alloc(c, &o));
		KUNIT_ASSERT_EQ(test, 0, hwmem_slab_free(c, o));
		KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 1ul);
	}
	hwmem_test_names(test, hwmem_slab_policy_names, HWMEM_SLAB_NR_POLICIES);
	hwmem_test_names(test, hwmem_slab_counter_names, HWMEM_SLAB_NR_COUNTERS);
}

/*
 * Frames with no memory behind them cannot hold a slab: the allocation
 * fails, is counted, and the frames go back, one frame or a run of them.
 */
static void slab_test_no_memory(struct kunit *test)
{
	struct hwmem_phys *phys = hwmem_test_phys_mem(test, 8, false);
	struct hwmem_slab *slab = kunit_kzalloc(test, sizeof(*slab), GFP_KERNEL);
	struct hwmem_slab_cache *small, *big;
	struct hwmem_slab_cache_stats st;
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, slab);
	hwmem_slab_init(slab, phys, false);
	KUNIT_ASSERT_EQ(test, 0, hwmem_slab_set_policy(slab, slab_test_policy(test)));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, slab_test_destroy, slab));
	small = slab_test_cache(test, slab, "small", 64, 8);
	big = slab_test_cache(test, slab, "big", 2048, 8);
	KUNIT_ASSERT_EQ(test, small->frames, 1u);
	KUNIT_ASSERT_GT(test, big->frames, 1u);
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_slab_alloc(small, &p));
	KUNIT_EXPECT_EQ(test, -ENOMEM, hwmem_slab_alloc(big, &p));
	slab_test_stats(test, small, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_ALLOC_FAILED], 1ul);
	slab_test_stats(test, big, &st);
	KUNIT_EXPECT_EQ(test, st.counters[HWMEM_SLAB_ALLOC_FAILED], 1ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_SLAB), 0ul);
	KUNIT_EXPECT_EQ(test, hwmem_test_owned(phys, HWMEM_OWNER_FREE), 8ul);
}

static struct kunit_case slab_test_cases[] = {
	KUNIT_CASE(slab_test_create_rejects),
	KUNIT_CASE(slab_test_layout),
	KUNIT_CASE(slab_test_alloc_free),
	KUNIT_CASE(slab_test_refused_frees),
	KUNIT_CASE(slab_test_lookup),
	KUNIT_CASE(slab_test_poison),
	KUNIT_CASE(slab_test_exhaustion),
	KUNIT_CASE(slab_test_destroy_all),
	KUNIT_CASE(slab_test_random),
	KUNIT_CASE(slab_test_size_limit),
	KUNIT_CASE(slab_test_placement),
	KUNIT_CASE(slab_test_policy_switch),
	KUNIT_CASE(slab_test_race),
	KUNIT_CASE(slab_test_no_memory),
	{}
};

static int slab_test_first(struct kunit *test)
{
	test->priv = (void *)HWMEM_SLAB_FIRST;
	return 0;
}

static int slab_test_fullest(struct kunit *test)
{
	test->priv = (void *)HWMEM_SLAB_FULLEST;
	return 0;
}

static int slab_test_emptiest(struct kunit *test)
{
	test->priv = (void *)HWMEM_SLAB_EMPTIEST;
	return 0;
}

static struct kunit_suite slab_test_suites[] = {
	{ .name = "hwmem-slab-first", .init = slab_test_first,
	  .test_cases = slab_test_cases },
	{ .name = "hwmem-slab-fullest", .init = slab_test_fullest,
	  .test_cases = slab_test_cases },
	{ .name = "hwmem-slab-emptiest", .init = slab_test_emptiest,
	  .test_cases = slab_test_cases },
};

kunit_test_suites(&slab_test_suites[0], &slab_test_suites[1],
		  &slab_test_suites[2]);

#endif /* _HWMEM_SLAB_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
