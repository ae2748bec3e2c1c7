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
 * -EOPNOTSUPP.
 *
 * Locking: the registered pointers are read and written whole; whoever
 * registers them keeps them callable until they are replaced.
 */

#include <linux/bitmap.h>
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/irqflags.h>
#include <linux/minmax.h>
#include <linux/slab.h>

#include <hwmem/cache.h>

/* Reads of a line per timing, cached and flushed each. */
#define CACHE_TIMING_ROUNDS	32

static hwmem_detect_cache_fn detect_cache_fn;
static const struct hwmem_cache_ops *cache_ops;

/**
 * hwmem_set_detect_cache_fn() - register the cache detection callback
 * @fn: the callback, or NULL for none
 */
void hwmem_set_detect_cache_fn(hwmem_detect_cache_fn fn)
{
	WRITE_ONCE(detect_cache_fn, fn);
}
EXPORT_SYMBOL_GPL(hwmem_set_detect_cache_fn);

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
EXPORT_SYMBOL_GPL(hwmem_cache_type_name);

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
	hwmem_detect_cache_fn fn = READ_ONCE(detect_cache_fn);
	unsigned int cpu;
	int err;

	h->nr_cpus = 0;
	h->cpus = NULL;
	if (!fn)
		return -EOPNOTSUPP;
	h->cpus = kvcalloc(nr_cpus, sizeof(*h->cpus), GFP_KERNEL);
	if (!h->cpus)
		return -ENOMEM;
	h->nr_cpus = nr_cpus;
	for_each_set_bit(cpu, cpus, nr_cpus) {
		struct hwmem_cpu_caches *c = &h->cpus[cpu];

		err = fn(cpu, c);
		if (!err && c->nr_leaves > HWMEM_CACHE_MAX_LEAVES)
			err = -EINVAL;
		if (err) {
			hwmem_cache_free(h);
			return err;
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(hwmem_cache_detect);

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
EXPORT_SYMBOL_GPL(hwmem_cache_free);

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
EXPORT_SYMBOL_GPL(hwmem_cache_shared);

/**
 * hwmem_set_cache_ops() - register the cache maintenance operations
 * @ops: the operations, or NULL for none; kept by the caller
 */
void hwmem_set_cache_ops(const struct hwmem_cache_ops *ops)
{
	WRITE_ONCE(cache_ops, ops);
}
EXPORT_SYMBOL_GPL(hwmem_set_cache_ops);

static int cache_op(void (*op)(void *addr, size_t size), void *addr,
		    size_t size)
{
	if (!size)
		return -EINVAL;
	if (!op)
		return -EOPNOTSUPP;
	op(addr, size);
	return 0;
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
	const struct hwmem_cache_ops *ops = READ_ONCE(cache_ops);

	return cache_op(ops ? ops->flush : NULL, addr, size);
}
EXPORT_SYMBOL_GPL(hwmem_cache_flush);

/**
 * hwmem_cache_clean() - write back a range, keeping it cached
 * @addr: start
 * @size: bytes, at least 1
 *
 * Return: 0, -EINVAL for a zero @size, or -EOPNOTSUPP without the operation.
 */
int hwmem_cache_clean(void *addr, size_t size)
{
	const struct hwmem_cache_ops *ops = READ_ONCE(cache_ops);

	return cache_op(ops ? ops->clean : NULL, addr, size);
}
EXPORT_SYMBOL_GPL(hwmem_cache_clean);

/**
 * hwmem_cache_invalidate() - invalidate a range without writing it back
 * @addr: start
 * @size: bytes, at least 1
 *
 * Return: 0, -EINVAL for a zero @size, or -EOPNOTSUPP without the operation.
 */
int hwmem_cache_invalidate(void *addr, size_t size)
{
	const struct hwmem_cache_ops *ops = READ_ONCE(cache_ops);

	return cache_op(ops ? ops->invalidate : NULL, addr, size);
}
EXPORT_SYMBOL_GPL(hwmem_cache_invalidate);

/**
 * hwmem_cache_time_line() - time reading a line cached, and after a flush
 * @line: the line
 * @t: receives the fastest of several reads each way
 *
 * Interrupts are off while it measures.
 *
 * Return: 0, or -EOPNOTSUPP without a flush operation or a counter.
 */
int hwmem_cache_time_line(void *line, struct hwmem_cache_timing *t)
{
	const struct hwmem_cache_ops *ops = READ_ONCE(cache_ops);
	u8 *p = line;
	unsigned long flags;
	unsigned int i;

	if (!ops || !ops->flush || !ops->cycles)
		return -EOPNOTSUPP;
	t->cached = U64_MAX;
	t->flushed = U64_MAX;
	t->unit = ops->cycles_unit;

	local_irq_save(flags);
	for (i = 0; i < CACHE_TIMING_ROUNDS; i++) {
		u64 t0, t1;

		(void)READ_ONCE(*p);
		t0 = ops->cycles();
		(void)READ_ONCE(*p);
		t1 = ops->cycles();
		t->cached = min(t->cached, t1 - t0);

		ops->flush(line, 1);
		t0 = ops->cycles();
		(void)READ_ONCE(*p);
		t1 = ops->cycles();
		t->flushed = min(t->flushed, t1 - t0);
	}
	local_irq_restore(flags);
	return 0;
}
EXPORT_SYMBOL_GPL(hwmem_cache_time_line);

#include "../../kunit/cache-kunit.h"
