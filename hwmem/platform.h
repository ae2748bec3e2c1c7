/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem platform: what only the module glue may ask the machine.
 *
 * The logic in phys/, heap/ and virt/ never calls these; the glue does,
 * and hands the answers over as arguments and callbacks.
 */
#ifndef _HWMEM_PLATFORM_H
#define _HWMEM_PLATFORM_H

#include <linux/errno.h>
#include <linux/types.h>

#include <hwmem/virt.h>

/**
 * struct hwmem_ktranslation - a kernel address, as hwmem and the kernel see it
 * @levels: paging levels the kernel runs with, 4 or 5
 * @walk: hwmem's walk of the live tables from CR3
 * @kernel_mapped: lookup_address() found a present entry
 * @kernel_level: the level lookup_address() stopped at (PG_LEVEL_*, which
 *	counts as hwmem does: 1 for 4 KiB)
 * @kernel_pa: slow_virt_to_phys(), if mapped
 * @kernel_entry: the entry lookup_address() found, if any
 * @match: both agree on mapped or not, and if mapped on level and address
 */
struct hwmem_ktranslation {
	unsigned int levels;
	struct hwmem_translation walk;
	bool kernel_mapped;
	unsigned int kernel_level;
	u64 kernel_pa;
	u64 kernel_entry;
	bool match;
};

/**
 * struct hwmem_ksample - a kernel address of a known kind
 * @name: what kind
 * @va: the address
 */
struct hwmem_ksample {
	const char *name;
	u64 va;
};

/* The live kernel tables can be walked on x86-64 proper (not UML). */
#if defined(CONFIG_X86_64) && !defined(CONFIG_UML)
#define HWMEM_HAVE_KTABLES	1
#else
#define HWMEM_HAVE_KTABLES	0
#endif

void hwmem_platform_register(void);
void hwmem_platform_unregister(void);

#if HWMEM_HAVE_KTABLES
void hwmem_platform_register_arch(void);
int hwmem_platform_ktranslate(u64 va, struct hwmem_ktranslation *kt);
int hwmem_platform_ksamples(const struct hwmem_ksample *extra,
			    unsigned int nr_extra,
			    void (*emit)(void *arg, const struct hwmem_ksample *s,
					 const struct hwmem_ktranslation *kt),
			    void *arg);
#else
/* Elsewhere: no cache detection, no maintenance, no live-table walk. */
static inline void hwmem_platform_register_arch(void)
{
}

static inline int hwmem_platform_ktranslate(u64 va,
					    struct hwmem_ktranslation *kt)
{
	return -EOPNOTSUPP;
}

static inline int hwmem_platform_ksamples(const struct hwmem_ksample *extra,
					  unsigned int nr_extra,
					  void (*emit)(void *arg,
						       const struct hwmem_ksample *s,
						       const struct hwmem_ktranslation *kt),
					  void *arg)
{
	return -EOPNOTSUPP;
}
#endif

#endif /* _HWMEM_PLATFORM_H */
