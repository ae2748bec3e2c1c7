// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem platform, x86-64: the running kernel's own page tables
 *
 * hwmem's walker (virt/walk.c) reads the live tables from CR3, 4- or
 * 5-level as the kernel runs, each table through the direct map, each
 * entry once with READ_ONCE().  Its answer is set beside the kernel's own:
 * lookup_address() for the level and entry, slow_virt_to_phys() for the
 * physical address.  slow_virt_to_phys() BUGs on an address with no
 * entry at all, so it is only asked about what lookup_address() found
 * present.
 *
 * lookup_address() reads init_mm's tables, CR3 those of whatever process
 * is running; they share the kernel half, so the comparison is meant for
 * kernel addresses.
 *
 * Locking: none; kernel tables may change under the walk, which then sees
 * each entry either before or after.
 */

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <asm/pgtable.h>
#include <asm/set_memory.h>
#include <asm/tlbflush.h>

#include "platform.h"

static u64 *live_table(void *ctx, unsigned long pfn)
{
	if (!pfn_valid(pfn))
		return NULL;
	return pfn_to_kaddr(pfn);
}

/**
 * hwmem_platform_ktranslate() - walk the live tables and ask the kernel too
 * @va: the address
 * @kt: receives both answers and whether they agree
 *
 * Return: 0, or -EINVAL for a non-canonical @va.
 */
int hwmem_platform_ktranslate(u64 va, struct hwmem_ktranslation *kt)
{
	struct hwmem_walk walk = {
		.table_addr	= live_table,
		.root_pfn	= read_cr3_pa() >> PAGE_SHIFT,
		.levels		= pgtable_l5_enabled() ? 5 : 4,
	};
	unsigned int level;
	pte_t *pte;
	int err;

	memset(kt, 0, sizeof(*kt));
	kt->levels = walk.levels;
	err = hwmem_walk_translate(&walk, va, &kt->walk);
	if (err)
		return err;

	pte = lookup_address(va, &level);
	kt->kernel_level = level;
	if (pte) {
		kt->kernel_entry = pte_val(READ_ONCE(*pte));
		kt->kernel_mapped = kt->kernel_entry & _PAGE_PRESENT;
	}
	if (kt->kernel_mapped)
		kt->kernel_pa = slow_virt_to_phys((void *)va);

	kt->match = kt->walk.mapped == kt->kernel_mapped;
	if (kt->match && kt->kernel_mapped)
		kt->match = kt->walk.pa == kt->kernel_pa &&
			    kt->walk.level == kt->kernel_level;
	return 0;
}

/**
 * hwmem_platform_ksamples() - compare the walks on kernel addresses of each kind
 * @extra: more samples from the caller (e.g. its own frames), or NULL
 * @nr_extra: how many
 * @emit: called with each sample and its translation
 * @arg: passed to @emit
 *
 * The samples: a direct-map page, a kmalloc object, a vmalloc page and the
 * unmapped guard page after it, kernel text, this module's text and data,
 * a stack variable, and address 0.
 *
 * Return: 0, or -ENOMEM if a sample could not be allocated.
 */
int hwmem_platform_ksamples(const struct hwmem_ksample *extra,
			    unsigned int nr_extra,
			    void (*emit)(void *arg, const struct hwmem_ksample *s,
					 const struct hwmem_ktranslation *kt),
			    void *arg)
{
	static int module_data;
	struct hwmem_ktranslation kt;
	struct hwmem_ksample s[10];
	unsigned int i, n = 0;
	struct page *page;
	void *obj, *vbuf;
	int stack = 0;

	page = alloc_page(GFP_KERNEL);
	obj = kmalloc(64, GFP_KERNEL);
	vbuf = vmalloc(PAGE_SIZE);
	if (!page || !obj || !vbuf) {
		if (page)
			__free_page(page);
		kfree(obj);
		vfree(vbuf);
		return -ENOMEM;
	}
	s[n++] = (struct hwmem_ksample){ "direct-map", (u64)page_address(page) };
	s[n++] = (struct hwmem_ksample){ "kmalloc", (u64)obj + 8 };
	s[n++] = (struct hwmem_ksample){ "vmalloc", (u64)vbuf + 123 };
	s[n++] = (struct hwmem_ksample){ "vmalloc-guard", (u64)vbuf + PAGE_SIZE };
	s[n++] = (struct hwmem_ksample){ "kernel-text", (u64)&kfree };
	s[n++] = (struct hwmem_ksample){ "module-text", (u64)&hwmem_platform_ksamples };
	s[n++] = (struct hwmem_ksample){ "module-data", (u64)&module_data };
	s[n++] = (struct hwmem_ksample){ "stack", (u64)&stack };
	s[n++] = (struct hwmem_ksample){ "null", 0 };

	for (i = 0; i < n + nr_extra; i++) {
		const struct hwmem_ksample *sample = i < n ? &s[i] : &extra[i - n];

		if (!hwmem_platform_ktranslate(sample->va, &kt))
			emit(arg, sample, &kt);
	}

	vfree(vbuf);
	kfree(obj);
	__free_page(page);
	return 0;
}
