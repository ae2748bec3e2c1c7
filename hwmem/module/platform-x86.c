// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem platform, x86-64: caches from CPUID, cache maintenance, and the
 * running kernel's own page tables
 *
 * Caches: CPUID runs on each CPU (by IPI) and cache/x86.c decodes the
 * leaves as the kernel does for /sys/devices/system/cpu/cpu<n>/cache;
 * this file says what the CPU is (vendor, family, TOPOEXT, APIC id...).
 * get_cpu_cacheinfo() would say all this, but it is not exported.
 *
 * Maintenance: flush is clflush_cache_range(); clean is CLWB where the
 * CPU has it; x86 has no invalidate-without-write-back for a range.  A
 * timing runs with interrupts off, and counts TSC cycles.
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
#include <linux/smp.h>
#include <linux/vmalloc.h>

#include <asm/cacheflush.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/set_memory.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/topology.h>

#include <hwmem/cache.h>
#include <hwmem/virt.h>

#include "platform.h"

static void x86_cpuid(void *priv, u32 leaf, u32 subleaf, u32 regs[4])
{
	cpuid_count(leaf, subleaf, &regs[0], &regs[1], &regs[2], &regs[3]);
}

/**
 * struct x86_detect - a CPU's caches, decoded on that CPU
 * @cpu: what the CPU is
 * @caches: receives the leaves
 */
struct x86_detect {
	struct hwmem_x86_cpu cpu;
	struct hwmem_cpu_caches *caches;
};

static void x86_read_caches(void *arg)
{
	struct x86_detect *d = arg;

	d->cpu.l2_kb = this_cpu_read(cpu_info.x86_cache_size);
	hwmem_x86_decode_caches(&d->cpu, d->caches);
}

static int x86_detect_cache(void *priv, unsigned int cpu,
			    struct hwmem_cpu_caches *caches)
{
	struct x86_detect d = {
		.cpu = {
			.vendor = boot_cpu_data.x86_vendor == X86_VENDOR_AMD ?
				  HWMEM_X86_AMD :
				  boot_cpu_data.x86_vendor == X86_VENDOR_HYGON ?
				  HWMEM_X86_HYGON : HWMEM_X86_OTHER,
			.family = boot_cpu_data.x86,
			.model = boot_cpu_data.x86_model,
			.topoext = boot_cpu_has(X86_FEATURE_TOPOEXT),
			.amd_dcm = boot_cpu_has(X86_FEATURE_AMD_DCM),
			.extended_level = boot_cpu_data.extended_cpuid_level,
			.apicid = per_cpu(x86_cpu_to_apicid, cpu),
			.pkg = topology_physical_package_id(cpu),
			.die = topology_die_id(cpu),
			.cpuid = x86_cpuid,
		},
		.caches = caches,
	};

	return smp_call_function_single(cpu, x86_read_caches, &d, 1);
}

static void x86_flush(void *priv, void *addr, size_t size)
{
	clflush_cache_range(addr, size);
}

static void x86_clean(void *priv, void *addr, size_t size)
{
	unsigned long line = boot_cpu_data.x86_clflush_size;
	unsigned long p = ALIGN_DOWN((unsigned long)addr, line);

	for (; p < (unsigned long)addr + size; p += line)
		clwb((void *)p);
	/* CLWB is weakly ordered: the write-backs complete before we return. */
	wmb();
}

static u64 x86_cycles(void *priv)
{
	return rdtsc_ordered();
}

/* Interrupts off: a tick in the middle would be timed too. */
static void x86_quiet(void *priv, void (*fn)(void *arg), void *arg)
{
	unsigned long flags;

	local_irq_save(flags);
	fn(arg);
	local_irq_restore(flags);
}

static struct hwmem_cache_ops x86_cache_ops = {
	.flush		= x86_flush,
	.cycles		= x86_cycles,
	.quiet		= x86_quiet,
	.cycles_unit	= "cycles",
};

static u64 *live_table(void *ctx, unsigned long pfn)
{
	if (!pfn_valid(pfn))
		return NULL;
	return pfn_to_kaddr(pfn);
}

/* Walk the live tables and ask the kernel too; -EINVAL if not canonical. */
static int x86_ktranslate(void *priv, u64 va, struct hwmem_ktranslation *kt)
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

/*
 * The samples: a direct-map page, a kmalloc object, a vmalloc page and the
 * unmapped guard page after it, kernel text, this module's text and data,
 * a stack variable, and address 0; then @extra.  -ENOMEM if a sample could
 * not be allocated.
 */
static int x86_ksamples(void *priv, const struct hwmem_ksample *extra,
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
	s[n++] = (struct hwmem_ksample){ "module-text", (u64)&x86_ksamples };
	s[n++] = (struct hwmem_ksample){ "module-data", (u64)&module_data };
	s[n++] = (struct hwmem_ksample){ "stack", (u64)&stack };
	s[n++] = (struct hwmem_ksample){ "null", 0 };

	for (i = 0; i < n + nr_extra; i++) {
		const struct hwmem_ksample *sample = i < n ? &s[i] : &extra[i - n];

		if (!x86_ktranslate(priv, sample->va, &kt))
			emit(arg, sample, &kt);
	}

	vfree(vbuf);
	kfree(obj);
	__free_page(page);
	return 0;
}

static const struct hwmem_ktables_ops x86_ktables_ops = {
	.translate	= x86_ktranslate,
	.samples	= x86_ksamples,
};

/**
 * hwmem_platform_register_arch() - register x86's caches and live tables
 */
void hwmem_platform_register_arch(void)
{
	x86_cache_ops.clean = boot_cpu_has(X86_FEATURE_CLWB) ? x86_clean : NULL;
	hwmem_hook_set_default(HWMEM_HOOK_CACHE, (const void *)x86_detect_cache,
			       NULL);
	hwmem_hook_set_default(HWMEM_HOOK_CACHE_OPS, &x86_cache_ops, NULL);
	hwmem_hook_set_default(HWMEM_HOOK_KTABLES, &x86_ktables_ops, NULL);
}

#include "../../kunit/module/platform-x86-kunit.h"
