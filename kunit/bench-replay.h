/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem benchmarks, included by kunit/bench.c: how fast a replay plays a
 * trace (hwmem/replay/replay.c).
 *
 * The trace is made here, of the shape a kernel's has, in the binary
 * format of uapi/hwmem/replay.h: kmalloc and kfree of the kernel's size
 * classes (a few larger than 8 KiB, which the replay skips, and some
 * kfree(NULL)), kmem_cache allocations and frees of ten object sizes, and
 * page allocations and frees of orders 0-3.  Each kind keeps a bounded
 * set alive: it allocates with a probability that falls as its live set
 * grows, so each settles near half its bound; a free takes the object
 * allocated last half of the time (most kernel objects are short-lived)
 * and a random live one otherwise.  One free in a hundred is of an id the
 * trace never allocated, as a trace that starts on a running system has.
 *
 * It is fed to a fresh replay in pieces of 256 KiB, as the debugfs stream
 * file copies a write in; only the feeding is timed (start, which sets up
 * the allocators, and finish, which draws the maps and frees everything,
 * are not), and the figure is nanoseconds per record.
 */

#ifndef _HWMEM_BENCH_REPLAY_H
#define _HWMEM_BENCH_REPLAY_H

/* Records of the trace: make bench's, and make test's. */
#define REPLAY_RECORDS		(2UL << 20)
#define REPLAY_RECORDS_TEST	(16UL << 10)
/* What the debugfs stream file hands hwmem_replay_feed() at a time. */
#define REPLAY_PIECE		(256 * 1024)
/* Bounds of each live set; each settles near half its bound. */
#define REPLAY_LIVE_PAGES	8192
#define REPLAY_LIVE_KMALLOC	16384
#define REPLAY_LIVE_CACHE	8192
/* The replay's allocators: the buddy's frames have no memory behind them. */
#define REPLAY_BUDDY_FRAMES	65536
#define REPLAY_SLAB_FRAMES	8192

/* kmalloc's size classes, weighted towards the small ones a kernel uses most. */
static const struct {
	u16 bytes;
	u8 weight;
} replay_kmalloc_classes[] = {
	{ 8, 4 }, { 16, 8 }, { 32, 12 }, { 64, 16 }, { 96, 6 }, { 128, 10 },
	{ 192, 8 }, { 256, 10 }, { 512, 8 }, { 1024, 8 }, { 2048, 4 },
	{ 4096, 4 }, { 8192, 2 },
};

/* Object sizes of some busy caches (dentry, filp, vm_area_struct...). */
static const u16 replay_cache_sizes[] = {
	64, 72, 88, 104, 176, 192, 256, 640, 1088, 4096,
};

/**
 * struct replay_live - what one kind of allocation holds alive
 * @id: ids, the last allocated last
 * @size: each one's bytes or order
 * @nr: how many
 * @max: the bound
 */
struct replay_live {
	u64 *id;
	u32 *size;
	unsigned long nr;
	unsigned long max;
};

/**
 * struct bench_replay - the trace and the replay it is fed to
 * @trace: header and records
 * @bytes: size of @trace
 * @nr: records
 * @replay: the replay
 * @cfg: how each run is started
 * @start_ns: how long the last start took
 * @finish_ns: how long the last finish took
 * @counters: what the last run did with the records
 */
struct bench_replay {
	u8 *trace;
	size_t bytes;
	unsigned long nr;
	struct hwmem_replay replay;
	struct hwmem_replay_config cfg;
	u64 start_ns;
	u64 finish_ns;
	u64 counters[HWMEM_REPLAY_NR_COUNTERS];
};

static void replay_record(struct hwmem_replay_record *rec, u8 type, u8 order,
			  u32 bytes, u64 id)
{
	rec->type = type;
	rec->order = order;
	rec->reserved = 0;
	rec->bytes = cpu_to_le32(bytes);
	rec->id = cpu_to_le64(id);
}

/* Take a live one out: the last allocated half of the time, else any. */
static void replay_pick(struct replay_live *l, struct bench_rand *rnd, u64 *id,
			u32 *size)
{
	unsigned long k = bench_rand(rnd) & 1 ? l->nr - 1 :
			  bench_rand_below(rnd, l->nr);

	*id = l->id[k];
	*size = l->size[k];
	l->nr--;
	l->id[k] = l->id[l->nr];
	l->size[k] = l->size[l->nr];
}

/* Allocate (rather than free) with a probability that falls as @l fills. */
static bool replay_allocates(struct replay_live *l, struct bench_rand *rnd)
{
	return !l->nr || (l->nr < l->max && bench_rand_below(rnd, l->max) >= l->nr);
}

static u32 replay_kmalloc_bytes(struct bench_rand *rnd)
{
	u32 w = bench_rand_below(rnd, 100);
	unsigned int i;

	/* Three in a thousand are larger than the largest class. */
	if (bench_rand_below(rnd, 1000) < 3)
		return 16384;
	for (i = 0; i < ARRAY_SIZE(replay_kmalloc_classes) - 1; i++) {
		if (w < replay_kmalloc_classes[i].weight)
			break;
		w -= replay_kmalloc_classes[i].weight;
	}
	return replay_kmalloc_classes[i].bytes;
}

static u8 replay_page_order(struct bench_rand *rnd)
{
	u32 w = bench_rand_below(rnd, 100);

	return w < 75 ? 0 : w < 85 ? 1 : w < 93 ? 2 : 3;
}

/* Write @nr records after the header; 0, or -ENOMEM. */
static int replay_generate(struct bench_replay *br, unsigned long nr)
{
	struct replay_live live[3] = {
		{ .max = REPLAY_LIVE_PAGES }, { .max = REPLAY_LIVE_KMALLOC },
		{ .max = REPLAY_LIVE_CACHE },
	};
	struct hwmem_replay_header *h;
	struct hwmem_replay_record *rec;
	u64 next_pfn = 0x100000, next_obj = 0xffff888100000000ULL;
	u64 max_objs = 0, pages = 0, max_pages = 0;
	struct bench_rand rnd;
	unsigned long i;
	int err = -ENOMEM;

	br->bytes = sizeof(*h) + nr * sizeof(*rec);
	br->trace = vzalloc(br->bytes);
	for (i = 0; i < ARRAY_SIZE(live); i++) {
		live[i].id = kvmalloc_array(live[i].max, sizeof(u64), GFP_KERNEL);
		live[i].size = kvmalloc_array(live[i].max, sizeof(u32), GFP_KERNEL);
		if (!live[i].id || !live[i].size)
			goto out;
	}
	if (!br->trace)
		goto out;
	br->nr = nr;
	rec = (void *)(br->trace + sizeof(*h));
	bench_rand_seed(&rnd, 2024);
	for (i = 0; i < nr; i++, rec++) {
		u32 kind = bench_rand_below(&rnd, 100), size;
		struct replay_live *l;
		u64 id;

		/* A fifth page events, nearly half kmalloc, the rest caches. */
		l = &live[kind < 20 ? 0 : kind < 65 ? 1 : 2];
		if (replay_allocates(l, &rnd)) {
			if (l == &live[0]) {
				size = replay_page_order(&rnd);
				id = next_pfn;
				next_pfn += 8;
				pages += 1U << size;
				max_pages = max(max_pages, pages);
				replay_record(rec, HWMEM_REPLAY_PAGE_ALLOC, size, 0, id);
			} else {
				size = l == &live[1] ? replay_kmalloc_bytes(&rnd) :
				       replay_cache_sizes[bench_rand_below(&rnd,
						ARRAY_SIZE(replay_cache_sizes))];
				id = next_obj;
				next_obj += 64;
				replay_record(rec, l == &live[1] ? HWMEM_REPLAY_KMALLOC :
					      HWMEM_REPLAY_CACHE_ALLOC, 0, size, id);
			}
			l->id[l->nr] = id;
			l->size[l->nr++] = size;
			max_objs = max_t(u64, max_objs, live[1].nr + live[2].nr);
			continue;
		}
		if (bench_rand_below(&rnd, 100) == 0) {
			/* Allocated before the trace began: never seen. */
			id = l == &live[0] ? 0x10 + 8 * bench_rand_below(&rnd, 1 << 16) :
			     0xffff888000000040ULL + 64 * bench_rand_below(&rnd, 1 << 20);
			size = 0;
		} else if (l == &live[1] && bench_rand_below(&rnd, 200) == 0) {
			id = 0;			/* kfree(NULL) */
			size = 0;
		} else {
			replay_pick(l, &rnd, &id, &size);
		}
		if (l == &live[0]) {
			if (id >= 0x100000)
				pages -= 1U << size;
			replay_record(rec, HWMEM_REPLAY_PAGE_FREE, size, 0, id);
		} else {
			replay_record(rec, l == &live[1] ? HWMEM_REPLAY_KFREE :
				      HWMEM_REPLAY_CACHE_FREE, 0, 0, id);
		}
	}

	h = (void *)br->trace;
	h->magic = cpu_to_le64(HWMEM_REPLAY_MAGIC);
	h->version = cpu_to_le16(HWMEM_REPLAY_VERSION);
	h->header_size = cpu_to_le16(sizeof(*h));
	h->record_size = cpu_to_le16(sizeof(struct hwmem_replay_record));
	h->nr_records = cpu_to_le64(nr);
	h->max_live_pages = cpu_to_le64(max_pages);
	h->max_live_objects = cpu_to_le64(max_objs);
	err = 0;
out:
	for (i = 0; i < ARRAY_SIZE(live); i++) {
		kvfree(live[i].id);
		kvfree(live[i].size);
	}
	return err;
}

static void replay_prepare(void *arg)
{
	struct bench_replay *br = arg;
	u64 t0 = ktime_get_ns();

	/* A failed start shows as a failed feed: nothing is loading. */
	hwmem_replay_start(&br->replay, &br->cfg);
	br->start_ns = ktime_get_ns() - t0;
}

/* Feed the whole trace: @iters is its records. */
static unsigned long replay_feed(void *arg, unsigned long iters)
{
	struct bench_replay *br = arg;
	unsigned long failed = 0;
	size_t off, n;

	for (off = 0; off < br->bytes; off += n) {
		n = min_t(size_t, REPLAY_PIECE, br->bytes - off);
		failed += hwmem_replay_feed(&br->replay, br->trace + off, n) != 0;
	}
	return failed;
}

/*
 * Finish the run; a record hwmem could not satisfy counts as a failure
 * (the allocators are sized so that none should be), as does a record
 * neither replayed nor skipped.
 */
static unsigned long replay_finish(void *arg)
{
	struct bench_replay *br = arg;
	u64 t0 = ktime_get_ns(), sum = 0;
	unsigned long failed = 0;
	unsigned int i;

	failed += hwmem_replay_finish(&br->replay) != 0;
	br->finish_ns = ktime_get_ns() - t0;
	mutex_lock(&br->replay.lock);
	memcpy(br->counters, br->replay.counters, sizeof(br->counters));
	mutex_unlock(&br->replay.lock);
	for (i = 0; i < HWMEM_REPLAY_NR_COUNTERS; i++)
		if (i != HWMEM_REPLAY_PAGE_FAILURES && i != HWMEM_REPLAY_OBJECT_FAILURES)
			sum += br->counters[i];
	failed += br->counters[HWMEM_REPLAY_PAGE_FAILURES] +
		  br->counters[HWMEM_REPLAY_OBJECT_FAILURES];
	failed += sum != br->nr;
	return failed;
}

static void bench_replay(struct kunit *test)
{
	unsigned long nr = bench_full ? REPLAY_RECORDS : REPLAY_RECORDS_TEST;
	struct bench_replay *br = kunit_kzalloc(test, sizeof(*br), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, br);
	KUNIT_ASSERT_EQ(test, 0, replay_generate(br, nr));
	hwmem_replay_init(&br->replay);
	br->cfg = (struct hwmem_replay_config){
		.frames = REPLAY_BUDDY_FRAMES + REPLAY_SLAB_FRAMES,
		.buddy_frames = REPLAY_BUDDY_FRAMES,
		.phys_policy = HWMEM_PHYS_LIFO,
		.buddy_policy = HWMEM_BUDDY_HOT,
		.buddy_hot = HWMEM_BUDDY_HOT_DEFAULT,
		.slab_policy = HWMEM_SLAB_FIRST,
	};
	/* One trace per repetition: more records would break the stream. */
	bench_run(test, "replay-feed",
		  BENCH_SIDE(.run = replay_feed, .prepare = replay_prepare,
			     .finish = replay_finish, .arg = br),
		  NULL, nr, BENCH_FIXED);
	pr_info("hwmem-bench-replay: %lu records of %zu bytes in pieces of %u: start %llu us, finish %llu us\n",
		nr, sizeof(struct hwmem_replay_record), REPLAY_PIECE,
		div_u64(br->start_ns, NSEC_PER_USEC),
		div_u64(br->finish_ns, NSEC_PER_USEC));
	for (i = 0; i < HWMEM_REPLAY_NR_COUNTERS; i++)
		pr_info("hwmem-bench-replay: %s %llu\n", hwmem_replay_counter_names[i],
			br->counters[i]);
	hwmem_replay_release(&br->replay);
	vfree(br->trace);
	bench_check_locks(test);
}

#endif /* _HWMEM_BENCH_REPLAY_H */
