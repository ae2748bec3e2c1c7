/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem's replay, included at the end of
 * hwmem/replay/replay.c: the stream format (every way to get it wrong),
 * pointer tracking and the skip reasons, streams cut anywhere, failures
 * that do not stop a run, determinism, and a run's memory returned.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_REPLAY_KUNIT_H
#define _HWMEM_REPLAY_KUNIT_H

#include <kunit/test.h>
#include <linux/prandom.h>

#include "../fixture.h"

#define RT_PAGE_ALLOC(order, pfn)	{ HWMEM_REPLAY_PAGE_ALLOC, order, 0, 0, pfn }
#define RT_PAGE_FREE(order, pfn)	{ HWMEM_REPLAY_PAGE_FREE, order, 0, 0, pfn }
#define RT_KMALLOC(bytes, ptr)		{ HWMEM_REPLAY_KMALLOC, 0, 0, bytes, ptr }
#define RT_KFREE(ptr)			{ HWMEM_REPLAY_KFREE, 0, 0, 0, ptr }
#define RT_CACHE_ALLOC(bytes, ptr)	{ HWMEM_REPLAY_CACHE_ALLOC, 0, 0, bytes, ptr }
#define RT_CACHE_FREE(ptr)		{ HWMEM_REPLAY_CACHE_FREE, 0, 0, 0, ptr }

/* A record in host terms, turned little-endian by replay_test_stream(). */
struct replay_test_rec {
	u8 type;
	u8 order;
	u16 reserved;
	u32 bytes;
	u64 id;
};

/* The stream for @nr records, its header saying @nr_said; kunit memory. */
static u8 *replay_test_stream(struct kunit *test,
			      const struct replay_test_rec *recs,
			      unsigned int nr, u64 nr_said, size_t *len)
{
	struct hwmem_replay_header *h;
	struct hwmem_replay_record *out;
	unsigned int i;

	*len = sizeof(*h) + nr * sizeof(*out);
	h = kunit_kzalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	h->magic = cpu_to_le64(HWMEM_REPLAY_MAGIC);
	h->version = cpu_to_le16(HWMEM_REPLAY_VERSION);
	h->header_size = cpu_to_le16(sizeof(*h));
	h->record_size = cpu_to_le16(sizeof(*out));
	h->nr_records = cpu_to_le64(nr_said);
	out = (void *)(h + 1);
	for (i = 0; i < nr; i++) {
		out[i].type = recs[i].type;
		out[i].order = recs[i].order;
		out[i].reserved = cpu_to_le16(recs[i].reserved);
		out[i].bytes = cpu_to_le32(recs[i].bytes);
		out[i].id = cpu_to_le64(recs[i].id);
	}
	return (u8 *)h;
}

static const struct hwmem_replay_config replay_test_cfg = {
	.frames = 256, .buddy_frames = 64, .every = 1,
	.buddy_policy = HWMEM_BUDDY_EXACT,
};

static struct hwmem_replay *replay_test_new(struct kunit *test)
{
	struct hwmem_replay *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	hwmem_replay_init(r);
	return r;
}

/* Start, feed @len bytes in pieces of @piece, finish: finish's answer. */
static int replay_test_run(struct kunit *test, struct hwmem_replay *r,
			   const struct hwmem_replay_config *cfg, const u8 *buf,
			   size_t len, size_t piece)
{
	size_t done;

	KUNIT_ASSERT_EQ(test, 0, hwmem_replay_start(r, cfg));
	for (done = 0; done < len; done += piece) {
		int err = hwmem_replay_feed(r, buf + done, min(piece, len - done));

		if (err)
			return err;
	}
	return hwmem_replay_finish(r);
}

/* Every record is replayed or skipped for one reason. */
static void replay_test_expect_balance(struct kunit *test, struct hwmem_replay *r,
				       u64 records)
{
	u64 sum = 0;
	unsigned int i;

	for (i = HWMEM_REPLAY_REPLAYED; i <= HWMEM_REPLAY_SKIPPED_DUPLICATE; i++)
		sum += r->counters[i];
	KUNIT_EXPECT_EQ(test, sum, records);
	KUNIT_EXPECT_EQ(test, r->samples[r->nr_samples - 1].records, records);
}

/* Allocations, frees, and every reason a record is skipped. */
static void replay_test_tracking(struct kunit *test)
{
	static const struct replay_test_rec recs[] = {
		RT_PAGE_ALLOC(0, 0x100),	/* replayed */
		RT_PAGE_ALLOC(3, 0x200),	/* replayed */
		RT_PAGE_ALLOC(0, 0x100),	/* duplicate */
		RT_PAGE_ALLOC(2, HWMEM_REPLAY_FAILED),	/* failed in the kernel */
		RT_PAGE_FREE(0, 0x999),		/* untracked */
		RT_KMALLOC(64, 0xffff888000001000ULL),	/* replayed */
		RT_KMALLOC(96, 0xffff888000002000ULL),	/* replayed */
		RT_KMALLOC(16384, 0xffff888000003000ULL), /* large */
		RT_KMALLOC(32, 0),		/* failed in the kernel */
		RT_CACHE_ALLOC(200, 0xffff888000004000ULL), /* replayed: obj-200 */
		RT_CACHE_ALLOC(20000, 0xffff888000005000ULL), /* too large */
		RT_KFREE(0),			/* NULL */
		RT_KFREE(0x10),			/* ZERO_SIZE_PTR */
		RT_KFREE(0xffff888000009000ULL),	/* untracked */
		RT_KFREE(0xffff888000003000ULL),	/* large */
		RT_CACHE_FREE(0xffff888000005000ULL),	/* too large */
		RT_KFREE(0xffff888000001000ULL),	/* replayed */
		/* kfree() of a kmem_cache object, as the kernel allows. */
		RT_KFREE(0xffff888000004000ULL),	/* replayed */
		RT_PAGE_FREE(3, 0x200),		/* replayed */
	};
	struct hwmem_replay *r = replay_test_new(test);
	const struct hwmem_replay_sample *s;
	size_t len;
	u8 *buf = replay_test_stream(test, recs, ARRAY_SIZE(recs), ARRAY_SIZE(recs), &len);

	KUNIT_ASSERT_EQ(test, 0, replay_test_run(test, r, &replay_test_cfg, buf, len, len));
	KUNIT_EXPECT_EQ(test, r->state, HWMEM_REPLAY_STATE_DONE);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_REPLAYED], 8ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_SKIPPED_DUPLICATE], 1ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_SKIPPED_KERNEL_FAILED], 2ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_SKIPPED_UNTRACKED], 2ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_SKIPPED_LARGE], 2ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_SKIPPED_UNSUPPORTED], 2ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_SKIPPED_NULL], 2ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_PAGE_FAILURES], 0ULL);
	replay_test_expect_balance(test, r, ARRAY_SIZE(recs));

	/* One sample a record, the last being the end: one page, one object. */
	KUNIT_ASSERT_EQ(test, r->nr_samples, (unsigned long)ARRAY_SIZE(recs));
	s = &r->samples[1];
	KUNIT_EXPECT_EQ(test, s->pages_in_use, 9ULL);
	s = &r->samples[r->nr_samples - 1];
	KUNIT_EXPECT_EQ(test, s->pages_in_use, 1ULL);
	KUNIT_EXPECT_EQ(test, s->slab_objects, 1ULL);
	KUNIT_EXPECT_EQ(test, s->slab_bytes, 96ULL);
	KUNIT_EXPECT_EQ(test, r->peak_pages, 9ULL);
	/* The run's memory went back; the maps of its end stay. */
	KUNIT_EXPECT_NULL(test, r->run);
	KUNIT_ASSERT_NOT_NULL(test, r->frames_map);
	KUNIT_ASSERT_NOT_NULL(test, r->buddy_map);
	KUNIT_EXPECT_EQ(test, r->frames_map[0], 'b');
	KUNIT_EXPECT_EQ(test, r->frames_map[64], 's');
	KUNIT_EXPECT_EQ(test, r->buddy_map[0], 'A');
	hwmem_replay_release(r);
	KUNIT_EXPECT_NULL(test, r->samples);
	KUNIT_EXPECT_EQ(test, r->state, HWMEM_REPLAY_STATE_IDLE);
}

/* A buddy too small: allocations fail, are counted, and the run goes on. */
static void replay_test_failures(struct kunit *test)
{
	static const struct replay_test_rec recs[] = {
		RT_PAGE_ALLOC(3, 1), RT_PAGE_ALLOC(2, 2), RT_PAGE_ALLOC(3, 3),
		RT_PAGE_FREE(3, 3), RT_PAGE_FREE(3, 1), RT_PAGE_ALLOC(3, 4),
	};
	struct hwmem_replay_config cfg = replay_test_cfg;
	struct hwmem_replay *r = replay_test_new(test);
	size_t len;
	u8 *buf = replay_test_stream(test, recs, ARRAY_SIZE(recs), ARRAY_SIZE(recs), &len);

	cfg.buddy_frames = 8;
	KUNIT_ASSERT_EQ(test, 0, replay_test_run(test, r, &cfg, buf, len, len));
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_PAGE_FAILURES], 2ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_SKIPPED_AFTER_FAILURE], 1ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_REPLAYED], 5ULL);
	KUNIT_EXPECT_EQ(test, r->samples[r->nr_samples - 1].failures, 2ULL);
	/* The order-3 block freed let the last one in: 8 pages in use. */
	KUNIT_EXPECT_EQ(test, r->samples[r->nr_samples - 1].pages_in_use, 8ULL);
	replay_test_expect_balance(test, r, ARRAY_SIZE(recs));
	hwmem_replay_release(r);
}

/* Pieces of any size, the header and records cut anywhere, give one result. */
static void replay_test_pieces(struct kunit *test)
{
	struct replay_test_rec recs[40];
	struct hwmem_replay *a = replay_test_new(test), *b = replay_test_new(test);
	static const size_t pieces[] = { 1, 7, 16, 63, 1000 };
	unsigned int i;
	size_t len;
	u8 *buf;

	for (i = 0; i < ARRAY_SIZE(recs); i++)
		recs[i] = i % 2 ? (struct replay_test_rec)RT_KFREE(0x1000 + i - 1) :
			  (struct replay_test_rec)RT_KMALLOC(8 << (i % 5), 0x1000 + i);
	buf = replay_test_stream(test, recs, ARRAY_SIZE(recs), ARRAY_SIZE(recs), &len);
	KUNIT_ASSERT_EQ(test, 0, replay_test_run(test, a, &replay_test_cfg, buf, len, len));
	for (i = 0; i < ARRAY_SIZE(pieces); i++) {
		KUNIT_ASSERT_EQ(test, 0, replay_test_run(test, b, &replay_test_cfg, buf,
							 len, pieces[i]));
		KUNIT_EXPECT_EQ(test, b->nr_samples, a->nr_samples);
		KUNIT_EXPECT_EQ(test, 0, memcmp(b->samples, a->samples,
						a->nr_samples * sizeof(*a->samples)));
		KUNIT_EXPECT_EQ(test, 0, memcmp(b->counters, a->counters,
						sizeof(a->counters)));
	}
	hwmem_replay_release(a);
	hwmem_replay_release(b);
}

/* Every malformed stream: the precise errno, and nothing left held. */
static void replay_test_bad_streams(struct kunit *test)
{
	static const struct {
		const char *what;
		unsigned int offset;	/* byte to change, in the header or record 0 */
		u8 value;
		int err;
	} bad[] = {
		{ "magic", 0, 'X', -EINVAL },
		{ "version", 8, 2, -EPROTONOSUPPORT },
		{ "header size", 10, 32, -EPROTONOSUPPORT },
		{ "record size", 12, 24, -EPROTONOSUPPORT },
		{ "flags", 14, 1, -EBADMSG },
		{ "header reserved", 48, 1, -EBADMSG },
		{ "type 0", 64, 0, -EBADMSG },
		{ "type 7", 64, 7, -EBADMSG },
		{ "order 21", 65, 21, -EBADMSG },
		{ "record reserved", 66, 1, -EBADMSG },
		{ "size on a page record", 68, 1, -EBADMSG },
		{ "order on an object record", 64 + 16 + 1, 1, -EBADMSG },
		{ "no size on a kmalloc", 64 + 16 + 4, 0, -EBADMSG },
		{ "size beyond 1 GiB", 64 + 16 + 7, 0x40, -EBADMSG },
		{ "size on a free", 64 + 32 + 4, 8, -EBADMSG },
	};
	static const struct replay_test_rec recs[] = {
		RT_PAGE_ALLOC(1, 5), RT_KMALLOC(64, 0x2000), RT_KFREE(0x2000),
	};
	struct hwmem_replay *r = replay_test_new(test);
	size_t len;
	u8 *good = replay_test_stream(test, recs, 3, 3, &len);
	u8 *buf = kunit_kmalloc(test, len, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(buf, good, len);
		buf[bad[i].offset] = bad[i].value;
		KUNIT_EXPECT_EQ_MSG(test, bad[i].err,
				    replay_test_run(test, r, &replay_test_cfg, buf, len, len),
				    "%s", bad[i].what);
		KUNIT_EXPECT_EQ_MSG(test, r->state, HWMEM_REPLAY_STATE_FAILED, "%s",
				    bad[i].what);
		KUNIT_EXPECT_EQ_MSG(test, r->error, bad[i].err, "%s", bad[i].what);
		KUNIT_EXPECT_NULL_MSG(test, r->run, "%s", bad[i].what);
		/* The run is over: more bytes are refused. */
		KUNIT_EXPECT_EQ(test, -ENODEV, hwmem_replay_feed(r, good, len));
	}

	/* A record more than the header said. */
	buf = replay_test_stream(test, recs, 3, 2, &len);
	KUNIT_EXPECT_EQ(test, -EBADMSG, replay_test_run(test, r, &replay_test_cfg, buf,
							len, len));
	/* Cut short: in the header, between records, inside one. */
	KUNIT_EXPECT_EQ(test, -ENODATA, replay_test_run(test, r, &replay_test_cfg, good,
							40, 40));
	KUNIT_EXPECT_EQ(test, -ENODATA, replay_test_run(test, r, &replay_test_cfg, good,
							len - 16, 5));
	KUNIT_EXPECT_EQ(test, -ENODATA, replay_test_run(test, r, &replay_test_cfg, good,
							len - 3, 5));
	KUNIT_EXPECT_EQ(test, r->state, HWMEM_REPLAY_STATE_FAILED);
	KUNIT_EXPECT_NULL(test, r->run);
	/* The right stream after all that still plays. */
	KUNIT_EXPECT_EQ(test, 0, replay_test_run(test, r, &replay_test_cfg, good, len, len));
	hwmem_replay_release(r);
}

/* What is refused before any stream: bad configurations, a second start. */
static void replay_test_refused(struct kunit *test)
{
	struct hwmem_replay_config cfg = replay_test_cfg;
	struct hwmem_replay *r = replay_test_new(test);
	static const struct replay_test_rec rec[] = { RT_PAGE_ALLOC(0, 1) };
	size_t len;
	u8 *buf = replay_test_stream(test, rec, 1, 1, &len);

	KUNIT_EXPECT_EQ(test, -ENODEV, hwmem_replay_feed(r, buf, len));
	KUNIT_EXPECT_EQ(test, -ENODEV, hwmem_replay_finish(r));
	KUNIT_EXPECT_EQ(test, -ENODEV, hwmem_replay_cancel(r));
	cfg.frames = 0;
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_replay_start(r, &cfg));
	cfg.frames = 64;
	cfg.buddy_frames = 64;
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_replay_start(r, &cfg));
	cfg.buddy_frames = 0;
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_replay_start(r, &cfg));
	cfg = replay_test_cfg;
	cfg.slab_policy = HWMEM_SLAB_NR_POLICIES;
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_replay_start(r, &cfg));
	cfg.slab_policy = HWMEM_SLAB_FIRST;
	cfg.frames = HWMEM_REPLAY_MAX_FRAMES + 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_replay_start(r, &cfg));
	KUNIT_EXPECT_EQ(test, r->state, HWMEM_REPLAY_STATE_IDLE);

	/* A replay started twice. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_replay_start(r, &replay_test_cfg));
	KUNIT_EXPECT_EQ(test, -EBUSY, hwmem_replay_start(r, &replay_test_cfg));
	/* An interval that would need too many samples. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_replay_cancel(r));
	KUNIT_EXPECT_EQ(test, r->state, HWMEM_REPLAY_STATE_CANCELLED);
	cfg = replay_test_cfg;
	((struct hwmem_replay_header *)buf)->nr_records =
		cpu_to_le64(HWMEM_REPLAY_MAX_SAMPLES);
	KUNIT_ASSERT_EQ(test, 0, hwmem_replay_start(r, &cfg));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_replay_feed(r, buf, len));
	KUNIT_EXPECT_NULL(test, r->run);
	/* A record count whose sample count would wrap to zero. */
	((struct hwmem_replay_header *)buf)->nr_records = cpu_to_le64(U64_MAX);
	KUNIT_ASSERT_EQ(test, 0, hwmem_replay_start(r, &cfg));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_replay_feed(r, buf, len));
	KUNIT_EXPECT_NULL(test, r->run);
	hwmem_replay_release(r);
}

/* A stream of a few thousand random events, the same each run. */
static u8 *replay_test_random_stream(struct kunit *test, unsigned int nr,
				     size_t *len)
{
	struct replay_test_rec *recs = kunit_kcalloc(test, nr, sizeof(*recs), GFP_KERNEL);
	u64 live[64] = { };
	struct rnd_state rnd;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, recs);
	prandom_seed_state(&rnd, 7);
	for (i = 0; i < nr; i++) {
		unsigned int k = prandom_u32_state(&rnd) % ARRAY_SIZE(live);
		u32 x = prandom_u32_state(&rnd);

		if (live[k]) {
			recs[i] = k % 2 ? (struct replay_test_rec)RT_PAGE_FREE(0, live[k]) :
				  (struct replay_test_rec)RT_KFREE(live[k]);
			live[k] = 0;
		} else if (k % 2) {
			live[k] = 0x100000 + i;
			recs[i] = (struct replay_test_rec)RT_PAGE_ALLOC(x % 4, live[k]);
		} else {
			live[k] = 0xffff888000000000ULL + i * 64;
			recs[i] = (struct replay_test_rec)RT_KMALLOC(8 << (x % 11), live[k]);
		}
	}
	return replay_test_stream(test, recs, nr, nr, len);
}

/* The same stream under the same policies gives the same timeline. */
static void replay_test_deterministic(struct kunit *test)
{
	struct hwmem_replay *a = replay_test_new(test), *b = replay_test_new(test);
	struct hwmem_replay_config cfg = replay_test_cfg;
	size_t len;
	u8 *buf = replay_test_random_stream(test, 5000, &len);
	unsigned int p;

	cfg.frames = 1024;
	cfg.buddy_frames = 512;
	cfg.every = 50;
	for (p = 0; p < HWMEM_BUDDY_NR_POLICIES; p++) {
		cfg.buddy_policy = p;
		cfg.phys_policy = p % HWMEM_PHYS_NR_POLICIES;
		cfg.slab_policy = p % HWMEM_SLAB_NR_POLICIES;
		KUNIT_ASSERT_EQ(test, 0, replay_test_run(test, a, &cfg, buf, len, len));
		KUNIT_ASSERT_EQ(test, 0, replay_test_run(test, b, &cfg, buf, len, 4096));
		KUNIT_EXPECT_EQ(test, a->nr_samples, 100ul);
		KUNIT_EXPECT_EQ(test, a->nr_samples, b->nr_samples);
		KUNIT_EXPECT_EQ_MSG(test, 0, memcmp(a->samples, b->samples,
						    a->nr_samples * sizeof(*a->samples)),
				    "policy %u", p);
		KUNIT_EXPECT_EQ(test, 0, memcmp(a->frames_map, b->frames_map, cfg.frames));
		KUNIT_EXPECT_EQ(test, 0, memcmp(a->buddy_map, b->buddy_map,
						cfg.buddy_frames));
		replay_test_expect_balance(test, a, 5000);
	}
	hwmem_replay_release(a);
	hwmem_replay_release(b);
}

/* Tables that grow past their first size, and entries that move back. */
static void replay_test_table(struct kunit *test)
{
	struct replay_table t;
	unsigned long i, n = 5000;
	struct replay_entry *e;

	KUNIT_ASSERT_EQ(test, 0, table_init(&t, TABLE_MIN_BITS));
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, 0, table_insert(&t, i * 4096, (void *)(i + 1), i % 7));
	KUNIT_EXPECT_EQ(test, t.count, n);
	KUNIT_EXPECT_GE(test, 3UL << t.bits, 4 * n);
	/* Take every other out, then look every one up. */
	for (i = 0; i < n; i += 2)
		table_remove(&t, table_find(&t, i * 4096));
	for (i = 0; i < n; i++) {
		e = table_find(&t, i * 4096);
		if (i % 2) {
			KUNIT_ASSERT_NOT_NULL(test, e);
			KUNIT_EXPECT_PTR_EQ(test, e->ptr, (void *)(i + 1));
			KUNIT_EXPECT_EQ(test, e->aux, (u32)(i % 7));
		} else {
			KUNIT_EXPECT_NULL(test, e);
		}
	}
	KUNIT_EXPECT_EQ(test, t.count, n / 2);
	kvfree(t.slots);
	hwmem_test_names(test, hwmem_replay_counter_names, HWMEM_REPLAY_NR_COUNTERS);
	hwmem_test_names(test, hwmem_replay_state_names, HWMEM_REPLAY_STATE_NR);
}

/*
 * Object caches once every slab cache slot is taken (13 kmalloc classes,
 * 19 object sizes): a new size goes to the smallest larger cache there is,
 * and one larger than every cache is not replayed.
 */
static void replay_test_caches_full(struct kunit *test)
{
	struct replay_test_rec recs[HWMEM_SLAB_MAX_CACHES - NR_KMALLOC + 3];
	struct hwmem_replay *r = replay_test_new(test);
	unsigned int i, nr = HWMEM_SLAB_MAX_CACHES - NR_KMALLOC;
	size_t len;
	u8 *buf;

	for (i = 0; i < nr; i++)
		recs[i] = (struct replay_test_rec)RT_CACHE_ALLOC(64 + 8 * i, 0x1000 + i);
	/* Merged into obj-64. */
	recs[nr] = (struct replay_test_rec)RT_CACHE_ALLOC(20, 0x2000);
	/* Larger than every object cache: none to merge into. */
	recs[nr + 1] = (struct replay_test_rec)RT_CACHE_ALLOC(4000, 0x3000);
	recs[nr + 2] = (struct replay_test_rec)RT_CACHE_FREE(0x2000);
	buf = replay_test_stream(test, recs, ARRAY_SIZE(recs), ARRAY_SIZE(recs), &len);

	KUNIT_ASSERT_EQ(test, 0, hwmem_replay_start(r, &replay_test_cfg));
	KUNIT_ASSERT_EQ(test, 0, hwmem_replay_feed(r, buf, len));
	KUNIT_EXPECT_EQ(test, r->run->nr_caches, (unsigned int)HWMEM_SLAB_MAX_CACHES);
	KUNIT_EXPECT_EQ(test, (int)r->run->obj_cache[ALIGN(20, OBJ_STEP) / OBJ_STEP], -1);
	KUNIT_ASSERT_EQ(test, 0, hwmem_replay_finish(r));
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_REPLAYED], (u64)nr + 2);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_SKIPPED_UNSUPPORTED], 1ULL);
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_OBJECT_FAILURES], 0ULL);
	KUNIT_EXPECT_EQ(test, r->samples[r->nr_samples - 1].slab_objects, (u64)nr);
	replay_test_expect_balance(test, r, ARRAY_SIZE(recs));
	hwmem_replay_release(r);
}

/* Released while loading: the run is cancelled and goes, and may start again. */
static void replay_test_release_loading(struct kunit *test)
{
	static const struct replay_test_rec recs[] = {
		RT_PAGE_ALLOC(0, 0x100), RT_KMALLOC(64, 0x1000), RT_PAGE_FREE(0, 0x100),
	};
	struct hwmem_replay *r = replay_test_new(test);
	size_t len;
	u8 *buf = replay_test_stream(test, recs, ARRAY_SIZE(recs), ARRAY_SIZE(recs), &len);

	KUNIT_ASSERT_EQ(test, 0, hwmem_replay_start(r, &replay_test_cfg));
	KUNIT_ASSERT_EQ(test, 0, hwmem_replay_feed(r, buf, len - 1));
	KUNIT_EXPECT_EQ(test, r->state, HWMEM_REPLAY_STATE_LOADING);
	hwmem_replay_release(r);
	KUNIT_EXPECT_EQ(test, r->state, HWMEM_REPLAY_STATE_IDLE);
	KUNIT_EXPECT_NULL(test, r->run);
	KUNIT_EXPECT_NULL(test, r->samples);
	KUNIT_EXPECT_EQ(test, -ENODEV, hwmem_replay_feed(r, buf, len));
	KUNIT_ASSERT_EQ(test, 0, replay_test_run(test, r, &replay_test_cfg, buf, len, len));
	KUNIT_EXPECT_EQ(test, r->counters[HWMEM_REPLAY_REPLAYED], 3ULL);
	hwmem_replay_release(r);
}

static struct kunit_case replay_test_cases[] = {
	KUNIT_CASE(replay_test_table),
	KUNIT_CASE(replay_test_tracking),
	KUNIT_CASE(replay_test_failures),
	KUNIT_CASE(replay_test_pieces),
	KUNIT_CASE(replay_test_bad_streams),
	KUNIT_CASE(replay_test_refused),
	KUNIT_CASE(replay_test_deterministic),
	KUNIT_CASE(replay_test_caches_full),
	KUNIT_CASE(replay_test_release_loading),
	{}
};

static struct kunit_suite replay_test_suite = {
	.name = "hwmem-replay",
	.test_cases = replay_test_cases,
};

kunit_test_suite(replay_test_suite);

#endif /* _HWMEM_REPLAY_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
