/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem cache: the cache hierarchy and coherence operations, through
 * registered callbacks.
 */
#ifndef _HWMEM_CACHE_H
#define _HWMEM_CACHE_H

#include <linux/init.h>
#include <linux/types.h>

#include <hwmem/hook.h>

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
 * @priv: what the callback was registered with
 * @cpu: the CPU
 * @caches: to fill in; it starts zeroed
 *
 * May sleep.
 *
 * Return: 0, or a negative errno (-EOPNOTSUPP where the architecture has
 * no way to tell).
 */
typedef int (*hwmem_detect_cache_fn)(void *priv, unsigned int cpu,
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

/**
 * hwmem_set_detect_cache_fn() - put a cache detection callback in place
 * @fn: the callback
 * @priv: passed to it
 *
 * It replaces the platform's until hwmem_restore_detect_cache_fn(), which
 * the caller's exit function must call.  May sleep.
 *
 * Return: 0, or -EINVAL for a NULL @fn.
 */
static inline int hwmem_set_detect_cache_fn(hwmem_detect_cache_fn fn,
					    void *priv)
{
	return hwmem_hook_set(HWMEM_HOOK_CACHE, (const void *)fn, priv,
			      THIS_MODULE);
}

/**
 * hwmem_restore_detect_cache_fn() - put the platform's callback back
 *
 * Returns once nothing calls the one it replaced.  May sleep.
 */
static inline void hwmem_restore_detect_cache_fn(void)
{
	hwmem_hook_restore(HWMEM_HOOK_CACHE);
}

int hwmem_cache_detect(struct hwmem_cache_hierarchy *h,
		       const unsigned long *cpus, unsigned int nr_cpus);
void hwmem_cache_free(struct hwmem_cache_hierarchy *h);
int hwmem_cache_shared(const struct hwmem_cache_hierarchy *h,
		       unsigned int cpu, unsigned int index,
		       unsigned long *shared);
const char *hwmem_cache_type_name(enum hwmem_cache_type type);

/**
 * enum hwmem_x86_vendor - x86 vendors whose caches are decoded apart
 * @HWMEM_X86_OTHER: CPUID leaf 4 (Intel, Zhaoxin, Centaur...)
 * @HWMEM_X86_AMD: leaf 0x8000001D with TOPOEXT, else the legacy leaves
 * @HWMEM_X86_HYGON: leaf 0x8000001D
 */
enum hwmem_x86_vendor {
	HWMEM_X86_OTHER,
	HWMEM_X86_AMD,
	HWMEM_X86_HYGON,
};

/**
 * struct hwmem_x86_cpu - what decoding an x86 CPU's caches needs to know
 * @vendor: &enum hwmem_x86_vendor
 * @family: the CPU family, as the kernel's cpuinfo_x86.x86
 * @model: the model, as cpuinfo_x86.x86_model
 * @topoext: AMD: the CPU has TOPOEXT (leaf 0x8000001D)
 * @amd_dcm: AMD: a multi-node processor (the legacy L3 is split in two)
 * @extended_level: the highest extended CPUID leaf
 * @l2_kb: AMD legacy: the L2 size the kernel reads (cpuinfo_x86.x86_cache_size)
 * @apicid: the CPU's APIC id
 * @pkg: its package
 * @die: its die
 * @cpuid: runs CPUID @leaf, @subleaf on the CPU (or answers as one would),
 *	filling @regs with EAX, EBX, ECX and EDX
 * @priv: passed to @cpuid
 */
struct hwmem_x86_cpu {
	enum hwmem_x86_vendor vendor;
	unsigned int family;
	unsigned int model;
	bool topoext;
	bool amd_dcm;
	u32 extended_level;
	unsigned int l2_kb;
	u32 apicid;
	u32 pkg;
	u32 die;
	void (*cpuid)(void *priv, u32 leaf, u32 subleaf, u32 regs[4]);
	void *priv;
};

void hwmem_x86_decode_caches(const struct hwmem_x86_cpu *cpu,
			     struct hwmem_cpu_caches *caches);

/**
 * struct hwmem_cache_ops - cache maintenance, as the architecture offers it
 * @flush: write back and invalidate [addr, addr + size); NULL if there is
 *	no such operation
 * @clean: write back, keeping the lines; NULL if none
 * @invalidate: invalidate without writing back; NULL if none
 * @cycles: a cycle (or nanosecond) counter for timing; NULL if none
 * @quiet: runs fn(arg) as undisturbed as the platform can make it (x86:
 *	with interrupts off), for timing; NULL to run it as it comes
 * @cycles_unit: what @cycles counts, e.g. "cycles"
 *
 * Each operation gets the private data the table was put in place with.
 * None may sleep.
 */
struct hwmem_cache_ops {
	void (*flush)(void *priv, void *addr, size_t size);
	void (*clean)(void *priv, void *addr, size_t size);
	void (*invalidate)(void *priv, void *addr, size_t size);
	u64 (*cycles)(void *priv);
	void (*quiet)(void *priv, void (*fn)(void *arg), void *arg);
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

/**
 * hwmem_set_cache_ops() - put cache maintenance operations in place
 * @ops: the operations, kept by the caller
 * @priv: passed to each
 *
 * They replace the platform's until hwmem_restore_cache_ops(), which the
 * caller's exit function must call.  May sleep.
 *
 * Return: 0, or -EINVAL for a NULL @ops.
 */
static inline int hwmem_set_cache_ops(const struct hwmem_cache_ops *ops,
				      void *priv)
{
	return hwmem_hook_set(HWMEM_HOOK_CACHE_OPS, ops, priv, THIS_MODULE);
}

/**
 * hwmem_restore_cache_ops() - put the platform's operations back
 *
 * Returns once nothing calls the ones they replaced.  May sleep.
 */
static inline void hwmem_restore_cache_ops(void)
{
	hwmem_hook_restore(HWMEM_HOOK_CACHE_OPS);
}

int hwmem_cache_flush(void *addr, size_t size);
int hwmem_cache_clean(void *addr, size_t size);
int hwmem_cache_invalidate(void *addr, size_t size);
int hwmem_cache_time_line(void *line, struct hwmem_cache_timing *t);

#endif /* _HWMEM_CACHE_H */
