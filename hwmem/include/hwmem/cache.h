/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem cache: the cache hierarchy and coherence operations, through
 * registered callbacks.
 */
#ifndef _HWMEM_CACHE_H
#define _HWMEM_CACHE_H

#include <linux/types.h>

#define HWMEM_CACHE_MAX_LEAVES	8

/**
 * enum hwmem_cache_type - what a cache holds
 * @HWMEM_CACHE_DATA: data
 * @HWMEM_CACHE_INST: instructions
 * @HWMEM_CACHE_UNIFIED: both
 */
enum hwmem_cache_type {
	HWMEM_CACHE_DATA = 1,
	HWMEM_CACHE_INST,
	HWMEM_CACHE_UNIFIED,
};

/**
 * struct hwmem_cache_leaf - one cache as one CPU sees it
 * @level: 1, 2, 3...
 * @type: &enum hwmem_cache_type
 * @size: bytes
 * @line_size: bytes per line
 * @ways: associativity
 * @sets: number of sets
 * @share_id: CPUs whose leaf of the same index, level and type has the
 *	same @share_id share this cache
 */
struct hwmem_cache_leaf {
	unsigned int level;
	enum hwmem_cache_type type;
	unsigned int size;
	unsigned int line_size;
	unsigned int ways;
	unsigned int sets;
	u64 share_id;
};

/**
 * struct hwmem_cpu_caches - the caches of one CPU, as its leaves
 * @nr_leaves: leaves detected
 * @leaves: the leaves, in the order the CPU reports them
 */
struct hwmem_cpu_caches {
	unsigned int nr_leaves;
	struct hwmem_cache_leaf leaves[HWMEM_CACHE_MAX_LEAVES];
};

/**
 * typedef hwmem_detect_cache_fn - detects one CPU's caches
 * @cpu: the CPU
 * @caches: to fill in
 *
 * Return: 0, or a negative errno (-EOPNOTSUPP where the architecture has
 * no way to tell).
 */
typedef int (*hwmem_detect_cache_fn)(unsigned int cpu,
				     struct hwmem_cpu_caches *caches);

/**
 * struct hwmem_cache_hierarchy - the caches of a set of CPUs
 * @nr_cpus: size of @cpus
 * @cpus: per CPU; CPUs outside the set have no leaves
 */
struct hwmem_cache_hierarchy {
	unsigned int nr_cpus;
	struct hwmem_cpu_caches *cpus;
};

void hwmem_set_detect_cache_fn(hwmem_detect_cache_fn fn);
int hwmem_cache_detect(struct hwmem_cache_hierarchy *h,
		       const unsigned long *cpus, unsigned int nr_cpus);
void hwmem_cache_free(struct hwmem_cache_hierarchy *h);
int hwmem_cache_shared(const struct hwmem_cache_hierarchy *h,
		       unsigned int cpu, unsigned int index,
		       unsigned long *shared);
const char *hwmem_cache_type_name(enum hwmem_cache_type type);

/**
 * struct hwmem_cache_ops - cache maintenance, as the architecture offers it
 * @flush: write back and invalidate [addr, addr + size); NULL if there is
 *	no such operation
 * @clean: write back, keeping the lines; NULL if none
 * @invalidate: invalidate without writing back; NULL if none
 * @cycles: a cycle (or nanosecond) counter for timing; NULL if none
 * @cycles_unit: what @cycles counts, e.g. "cycles"
 */
struct hwmem_cache_ops {
	void (*flush)(void *addr, size_t size);
	void (*clean)(void *addr, size_t size);
	void (*invalidate)(void *addr, size_t size);
	u64 (*cycles)(void);
	const char *cycles_unit;
};

/**
 * struct hwmem_cache_timing - a line read while cached and after a flush
 * @cached: fastest read of the line while cached
 * @flushed: fastest read of it just after a flush
 * @unit: what the figures count
 */
struct hwmem_cache_timing {
	u64 cached;
	u64 flushed;
	const char *unit;
};

void hwmem_set_cache_ops(const struct hwmem_cache_ops *ops);
int hwmem_cache_flush(void *addr, size_t size);
int hwmem_cache_clean(void *addr, size_t size);
int hwmem_cache_invalidate(void *addr, size_t size);
int hwmem_cache_time_line(void *line, struct hwmem_cache_timing *t);

#endif /* _HWMEM_CACHE_H */
