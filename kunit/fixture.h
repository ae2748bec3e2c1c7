/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one KUnit fixture for "a frame allocator over fake regions", for
 * every suite and the benchmarks: made-up pfns, with memory behind the
 * frames where the test needs to write to them, everything released with
 * the test.
 */

#ifndef _HWMEM_KUNIT_FIXTURE_H
#define _HWMEM_KUNIT_FIXTURE_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <hwmem/phys.h>

KUNIT_DEFINE_ACTION_WRAPPER(hwmem_test_kvfree, kvfree, const void *);

/* Where the fake pfns of hwmem_test_phys() start. */
#define HWMEM_TEST_BASE_PFN	0x4000UL

/* @size zeroed bytes, page-aligned if large, freed with the test. */
static inline void *hwmem_test_kvzalloc(struct kunit *test, size_t size)
{
	void *p = kvzalloc(size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, hwmem_test_kvfree, p));
	return p;
}

/*
 * A frame allocator over @nr regions, sorted and apart, as given: a region
 * whose vaddr is NULL has no memory behind its frames, which the frame
 * allocator itself never touches.
 */
static inline struct hwmem_phys *
hwmem_test_phys_over(struct kunit *test, const struct hwmem_region *regions,
		     unsigned int nr)
{
	struct hwmem_phys *phys = kunit_kzalloc(test, sizeof(*phys), GFP_KERNEL);
	unsigned long frames = 0;
	unsigned int i;
	size_t size;

	KUNIT_ASSERT_NOT_NULL(test, phys);
	for (i = 0; i < nr; i++)
		frames += regions[i].nr_frames;
	size = hwmem_phys_meta_size(nr, frames);
	KUNIT_ASSERT_EQ(test, 0, hwmem_phys_init(phys, regions, nr,
						 hwmem_test_kvzalloc(test, size),
						 size));
	return phys;
}

/*
 * One region of @nr_frames frames from HWMEM_TEST_BASE_PFN, with memory
 * behind them if @memory (page-aligned: large kvmalloc memory is).
 */
static inline struct hwmem_phys *
hwmem_test_phys_mem(struct kunit *test, unsigned long nr_frames, bool memory)
{
	struct hwmem_region r = {
		.base_pfn = HWMEM_TEST_BASE_PFN,
		.nr_frames = nr_frames,
		.node = 0,
	};

	if (memory) {
		r.vaddr = hwmem_test_kvzalloc(test, max(nr_frames, 2UL) *
						    HWMEM_FRAME_SIZE);
		KUNIT_ASSERT_TRUE(test, IS_ALIGNED((unsigned long)r.vaddr,
						   HWMEM_FRAME_SIZE));
	}
	return hwmem_test_phys_over(test, &r, 1);
}

/* The usual case: one region, with memory. */
static inline struct hwmem_phys *hwmem_test_phys(struct kunit *test,
						 unsigned long nr_frames)
{
	return hwmem_test_phys_mem(test, nr_frames, true);
}

/* Frames @owner holds; HWMEM_OWNER_FREE for the free frames. */
static inline unsigned long hwmem_test_owned(struct hwmem_phys *phys,
					     enum hwmem_owner owner)
{
	struct hwmem_phys_stats st;

	hwmem_phys_get_stats(phys, &st);
	return st.owned[owner];
}

/* Most threads hwmem_test_race() runs at once. */
#define HWMEM_TEST_MAX_THREADS	8

/**
 * struct hwmem_test_thread - one thread of hwmem_test_race()
 * @fn: what it runs: returns the number of things it found wrong
 * @arg: passed to @fn
 * @id: its number, from 0
 * @go: the threads start together when this completes
 * @done: completed when @fn has returned
 * @errors: what @fn returned
 */
struct hwmem_test_thread {
	int (*fn)(void *arg, unsigned int id);
	void *arg;
	unsigned int id;
	struct completion *go;
	struct completion done;
	int errors;
};

static inline int hwmem_test_thread_fn(void *data)
{
	struct hwmem_test_thread *t = data;

	wait_for_completion(t->go);
	t->errors = t->fn(t->arg, t->id);
	complete(&t->done);
	return 0;
}

/*
 * Run @fn in several kthreads at once, one bound to each online CPU (two
 * at least, which then take turns on one CPU, so that a single-CPU kernel
 * interleaves them too where they call cond_resched()), started together;
 * wait for all.  The race cases of each suite use it, in hwmem_test.ko on
 * the multi-CPU x86-64 kernels (lockdep's and KCSAN's) as under UML.
 *
 * Return: the number of threads run; every thread's errors are reported.
 */
static inline unsigned int hwmem_test_race(struct kunit *test,
					   int (*fn)(void *arg, unsigned int id),
					   void *arg)
{
	unsigned int nr = clamp(num_online_cpus(), 2U, (unsigned int)HWMEM_TEST_MAX_THREADS);
	struct hwmem_test_thread *t = kunit_kcalloc(test, nr, sizeof(*t), GFP_KERNEL);
	struct completion go;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	init_completion(&go);
	for (i = 0; i < nr; i++) {
		struct task_struct *task;

		t[i] = (struct hwmem_test_thread){
			.fn = fn, .arg = arg, .id = i, .go = &go,
		};
		init_completion(&t[i].done);
		task = kthread_create(hwmem_test_thread_fn, &t[i], "hwmem-race/%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
		kthread_bind(task, cpumask_nth(i % num_online_cpus(), cpu_online_mask));
		wake_up_process(task);
	}
	complete_all(&go);
	for (i = 0; i < nr; i++) {
		wait_for_completion(&t[i].done);
		KUNIT_EXPECT_EQ_MSG(test, t[i].errors, 0, "thread %u", i);
	}
	return nr;
}

/* A table of names (counters, policies) has one for each entry, all apart. */
static inline void hwmem_test_names(struct kunit *test, const char *const *names,
				    unsigned int nr)
{
	unsigned int i, j;

	for (i = 0; i < nr; i++) {
		KUNIT_ASSERT_NOT_NULL_MSG(test, names[i], "entry %u", i);
		KUNIT_EXPECT_GT_MSG(test, strlen(names[i]), 0ul, "entry %u", i);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ(test, names[i], names[j]);
	}
}

#endif /* _HWMEM_KUNIT_FIXTURE_H */
