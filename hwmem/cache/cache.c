// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem cache: hierarchy detection and coherence operations
 *
 * The hierarchy comes from a registered callback that tells, per CPU, the
 * CPU's cache leaves; which CPUs share a cache is worked out here: those
 * whose leaf of the same index, level and type has the same share id.  The
 * module glue's callback reads CPUID on x86 (leaf 4, or 0x8000001D and the
 * legacy AMD leaves); KUnit's describe made-up machines.
 *
 * Coherence operations and the timing experiment go through a registered
 * table of operations; an operation the architecture lacks is refused with
 * -EOPNOTSUPP.  How quiet the machine is kept while a line is timed is the
 * table's business (its quiet operation), not this file's.
 *
 * Locking: the callback and the table are called through their hooks
 * (lib/hook.c), under SRCU.
 */

#include <linux/bitmap.h>
#include <linux/compiler.h>
#include <linux/minmax.h>
#include <linux/slab.h>

#include <hwmem/cache.h>

/* Reads of a line per timing, cached and flushed each. */
#define CACHE_TIMING_ROUNDS	32

/**
 * hwmem_cache_type_name() - a cache type as sysfs names it
 * @type: the type
 *
 * Return: "Data", "Instruction", "Unified", or "Unknown".
 */
const char *hwmem_cache_type_name(enum hwmem_cache_type type)
{
	switch (type) {
	case HWMEM_CACHE_DATA:
		return "Data";
	case HWMEM_CACHE_INST:
		return "Instruction";
	case HWMEM_CACHE_UNIFIED:
		return "Unified";
	}
	return "Unknown";
}

/**
 * hwmem_cache_detect() - detect the caches of a set of CPUs
 * @h: receives the hierarchy; free it with hwmem_cache_free()
 * @cpus: bitmap of the CPUs to detect
 * @nr_cpus: bits in @cpus
 *
 * Return: 0; -EOPNOTSUPP if no callback is registered; -ENOMEM; or the
 * first error of the callback, in which case @h holds nothing.
 */
int hwmem_cache_detect(struct hwmem_cache_hierarchy *h,
		       const unsigned long *cpus, unsigned int nr_cpus)
{
	struct hwmem_hook hook;
	unsigned int cpu;
	int cookie, err = 0;

	h->nr_cpus = 0;
	h->cpus = kvcalloc(nr_cpus, sizeof(*h->cpus), GFP_KERNEL);
	if (!h->cpus)
		return -ENOMEM;
	h->nr_cpus = nr_cpus;
	cookie = hwmem_hook_get(HWMEM_HOOK_CACHE, &hook);
	if (!hook.fn)
		err = -EOPNOTSUPP;
	for_each_set_bit(cpu, cpus, nr_cpus) {
		struct hwmem_cpu_caches *c = &h->cpus[cpu];

		if (err)
			break;
		err = ((hwmem_detect_cache_fn)hook.fn)(hook.priv, cpu, c);
		if (!err && c->nr_leaves > HWMEM_CACHE_MAX_LEAVES)
			err = -EINVAL;
	}
	hwmem_hook_put(cookie);
	if (err)
		hwmem_cache_free(h);
	return err;
}

/**
 * hwmem_cache_free() - free what hwmem_cache_detect() allocated
 * @h: the hierarchy
 */
void hwmem_cache_free(struct hwmem_cache_hierarchy *h)
{
	kvfree(h->cpus);
	h->cpus = NULL;
	h->nr_cpus = 0;
}

/**
 * hwmem_cache_shared() - the CPUs that share one of a CPU's caches
 * @h: the hierarchy
 * @cpu: the CPU
 * @index: the leaf of @cpu
 * @shared: receives a bitmap of @h->nr_cpus bits, @cpu included
 *
 * Return: 0, or -EINVAL if @cpu has no leaf @index.
 */
int hwmem_cache_shared(const struct hwmem_cache_hierarchy *h,
		       unsigned int cpu, unsigned int index,
		       unsigned long *shared)
{
	const struct hwmem_cache_leaf *leaf;
	unsigned int other;

	if (cpu >= h->nr_cpus || index >= h->cpus[cpu].nr_leaves)
		return -EINVAL;
	leaf = &h->cpus[cpu].leaves[index];
	bitmap_zero(shared, h->nr_cpus);
	for (other = 0; other < h->nr_cpus; other++) {
		const struct hwmem_cpu_caches *c = &h->cpus[other];
		const struct hwmem_cache_leaf *l = &c->leaves[index];

		if (index < c->nr_leaves && l->level == leaf->level &&
		    l->type == leaf->type && l->share_id == leaf->share_id)
			__set_bit(other, shared);
	}
	return 0;
}

/* Which operation of the table cache_op() calls. */
enum cache_op_kind { CACHE_FLUSH, CACHE_CLEAN, CACHE_INVALIDATE };

static int cache_op(enum cache_op_kind kind, void *addr, size_t size)
{
	const struct hwmem_cache_ops *ops;
	void (*op)(void *priv, void *addr, size_t size) = NULL;
	struct hwmem_hook hook;
	int cookie;

	if (!size)
		return -EINVAL;
	cookie = hwmem_hook_get(HWMEM_HOOK_CACHE_OPS, &hook);
	ops = hook.fn;
	if (ops)
		op = kind == CACHE_FLUSH ? ops->flush :
		     kind == CACHE_CLEAN ? ops->clean : ops->invalidate;
	if (op)
		op(hook.priv, addr, size);
	hwmem_hook_put(cookie);
	return op ? 0 : -EOPNOTSUPP;
}

/**
 * hwmem_cache_flush() - write back and invalidate a range
 * @addr: start
 * @size: bytes, at least 1
 *
 * Return: 0, -EINVAL for a zero @size, or -EOPNOTSUPP without the operation.
 */
int hwmem_cache_flush(void *addr, size_t size)
{
	return cache_op(CACHE_FLUSH, addr, size);
}

/**
 * hwmem_cache_clean() - write back a range, keeping it cached
 * @addr: start
 * @size: bytes, at least 1
 *
 * Return: 0, -EINVAL for a zero @size, or -EOPNOTSUPP without the operation.
 */
int hwmem_cache_clean(void *addr, size_t size)
{
	return cache_op(CACHE_CLEAN, addr, size);
}

/**
 * hwmem_cache_invalidate() - invalidate a range without writing it back
 * @addr: start
 * @size: bytes, at least 1
 *
 * Return: 0, -EINVAL for a zero @size, or -EOPNOTSUPP without the operation.
 */
int hwmem_cache_invalidate(void *addr, size_t size)
{
	return cache_op(CACHE_INVALIDATE, addr, size);
}

/**
 * struct cache_timing_run - one timing, as the quiet operation runs it
 * @ops: the operations
 * @priv: their private data
 * @line: the line timed
 * @t: the result
 */
struct cache_timing_run {
	const struct hwmem_cache_ops *ops;
	void *priv;
	u8 *line;
	struct hwmem_cache_timing *t;
};

static void cache_time_rounds(void *arg)
{
	struct cache_timing_run *run = arg;
	const struct hwmem_cache_ops *ops = run->ops;
	struct hwmem_cache_timing *t = run->t;
	unsigned int i;

	for (i = 0; i < CACHE_TIMING_ROUNDS; i++) {
		u64 t0, t1;

		(void)READ_ONCE(*run->line);
		t0 = ops->cycles(run->priv);
		(void)READ_ONCE(*run->line);
		t1 = ops->cycles(run->priv);
		t->cached = min(t->cached, t1 - t0);

		ops->flush(run->priv, run->line, 1);
		t0 = ops->cycles(run->priv);
		(void)READ_ONCE(*run->line);
		t1 = ops->cycles(run->priv);
		t->flushed = min(t->flushed, t1 - t0);
	}
}

/**
 * hwmem_cache_time_line() - time reading a line cached, and after a flush
 * @line: the line
 * @t: receives the fastest of several reads each way
 *
 * The rounds run under the table's quiet operation, if it has one.
 *
 * Return: 0, or -EOPNOTSUPP without a flush operation or a counter.
 */
int hwmem_cache_time_line(void *line, struct hwmem_cache_timing *t)
{
	struct cache_timing_run run = { .line = line, .t = t };
	struct hwmem_hook hook;
	int cookie, err = -EOPNOTSUPP;

	cookie = hwmem_hook_get(HWMEM_HOOK_CACHE_OPS, &hook);
	run.ops = hook.fn;
	run.priv = hook.priv;
	if (run.ops && run.ops->flush && run.ops->cycles) {
		t->cached = U64_MAX;
		t->flushed = U64_MAX;
		t->unit = run.ops->cycles_unit;
		if (run.ops->quiet)
			run.ops->quiet(run.priv, cache_time_rounds, &run);
		else
			cache_time_rounds(&run);
		err = 0;
	}
	hwmem_hook_put(cookie);
	return err;
}

#include "../../kunit/cache/cache-kunit.h"
