// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem platform, x86-64: caches from CPUID, cache maintenance, and the
 * running kernel's own page tables
 *
 * Caches are read on each CPU (by IPI) the way the kernel reads them for
 * /sys/devices/system/cpu/cpu<n>/cache (arch/x86/kernel/cpu/cacheinfo.c),
 * so that the two agree: CPUID leaf 4 on Intel and others; 0x8000001D on
 * Hygon, and on AMD with TOPOEXT; without it, AMD's legacy leaves
 * 0x80000005/6, turned into leaf-4 form as the kernel does (its
 * associativity table, its L2 size from cpu_info).  Which CPUs share a
 * cache follows the kernel's rules too: on AMD and Hygon the L3 (index 3)
 * by last-level-cache id, other leaves by a range of APIC ids with TOPOEXT
 * and not at all without; elsewhere by APIC id shifted by the order of the
 * leaf's sharing count.  get_cpu_cacheinfo() would say all this, but it
 * is not exported.
 *
 * Maintenance: flush is clflush_cache_range(); clean is CLWB where the
 * CPU has it; x86 has no invalidate-without-write-back for a range.
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

#include <linux/log2.h>
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

#include "platform.h"

/* CPUID leaf 4 (and 0x8000001D): EAX, EBX, ECX fields. */
#define CPUID4_TYPE(eax)	((eax) & 0x1f)
#define CPUID4_LEVEL(eax)	(((eax) >> 5) & 0x7)
#define CPUID4_SHARING(eax)	((((eax) >> 14) & 0xfff) + 1)
#define CPUID4_LINE(ebx)	(((ebx) & 0xfff) + 1)
#define CPUID4_PARTS(ebx)	((((ebx) >> 12) & 0x3ff) + 1)
#define CPUID4_WAYS(ebx)	((((ebx) >> 22) & 0x3ff) + 1)

/* AMD's legacy associativity codes, as the kernel's assocs[] maps them. */
static const unsigned short amd_assocs[16] = {
	[1] = 1, [2] = 2, [4] = 4, [6] = 8, [8] = 16, [0xa] = 32, [0xb] = 48,
	[0xc] = 64, [0xd] = 96, [0xe] = 128, [0xf] = 0xffff,
};

/* AMD legacy leaf @index (0 L1d, 1 L1i, 2 L2, 3 L3) in leaf-4 form. */
static void amd_legacy_leaf(unsigned int index, u32 *eax, u32 *ebx, u32 *ecx)
{
	static const u8 levels[] = { 1, 1, 2, 3 }, types[] = { 1, 2, 3, 3 };
	u32 dummy, l1d, l1i, l2, l3, reg, line, tag, assoc, kb;

	*eax = *ebx = *ecx = 0;
	cpuid(0x80000005, &dummy, &dummy, &l1d, &l1i);
	cpuid(0x80000006, &dummy, &dummy, &l2, &l3);
	switch (index) {
	case 0:
	case 1:
		reg = index ? l1i : l1d;
		line = reg & 0xff;
		tag = (reg >> 8) & 0xff;
		assoc = amd_assocs[(reg >> 16) & 0xf];
		kb = reg >> 24;
		break;
	case 2:
		reg = l2;
		line = reg & 0xff;
		tag = (reg >> 8) & 0xf;
		assoc = amd_assocs[(reg >> 12) & 0xf];
		kb = this_cpu_read(cpu_info.x86_cache_size);
		break;
	case 3:
		reg = l3;
		line = reg & 0xff;
		tag = (reg >> 8) & 0xf;
		assoc = amd_assocs[(reg >> 12) & 0xf];
		kb = (reg >> 18) * 512;
		if (boot_cpu_has(X86_FEATURE_AMD_DCM)) {
			kb >>= 1;
			assoc >>= 1;
		}
		break;
	default:
		return;
	}
	if (!reg || !line || !assoc)
		return;
	*eax = types[index] | levels[index] << 5;
	*ebx = ((line - 1) & 0xfff) | ((tag - 1) & 0x3ff) << 12 |
	       ((assoc - 1) & 0x3ff) << 22;
	*ecx = kb * 1024 / line / (((assoc - 1) & 0x3ff) + 1) - 1;
}

/**
 * struct x86_caches - one CPU's leaves, read on that CPU
 * @caches: receives the leaves
 * @apicid: the CPU's APIC id, as the kernel has it
 * @pkg: its package
 * @die: its die
 */
struct x86_caches {
	struct hwmem_cpu_caches *caches;
	u32 apicid;
	u32 pkg;
	u32 die;
};

/* The AMD/Hygon last-level cache id, as cacheinfo_amd_init_llc_id() has it. */
static u64 amd_llc_id(const struct x86_caches *x, unsigned int nr_leaves)
{
	u32 eax, ebx, ecx, edx;

	if (boot_cpu_data.x86_vendor == X86_VENDOR_HYGON)
		return x->apicid >> 3;
	if (boot_cpu_data.x86 < 0x17)
		return (u64)x->pkg << 32 | x->die;
	if (boot_cpu_data.x86 == 0x17 && boot_cpu_data.x86_model <= 0x1f)
		return x->apicid >> 3;
	cpuid_count(0x8000001d, nr_leaves - 1, &eax, &ebx, &ecx, &edx);
	return x->apicid >> get_count_order(eax ? CPUID4_SHARING(eax) : 1);
}

static void x86_read_caches(void *arg)
{
	struct x86_caches *x = arg;
	struct hwmem_cpu_caches *c = x->caches;
	bool amd = boot_cpu_data.x86_vendor == X86_VENDOR_AMD;
	bool hygon = boot_cpu_data.x86_vendor == X86_VENDOR_HYGON;
	bool topoext = hygon || (amd && boot_cpu_has(X86_FEATURE_TOPOEXT));
	unsigned int i, legacy = 0;
	u32 eax, ebx, ecx, edx;

	if (amd && !topoext && boot_cpu_data.extended_cpuid_level >= 0x80000006)
		legacy = cpuid_edx(0x80000006) & 0xf000 ? 4 : 3;

	for (i = 0; i < HWMEM_CACHE_MAX_LEAVES; i++) {
		struct hwmem_cache_leaf *l = &c->leaves[i];
		unsigned int sharing;

		if (topoext)
			cpuid_count(0x8000001d, i, &eax, &ebx, &ecx, &edx);
		else if (amd && i < legacy)
			amd_legacy_leaf(i, &eax, &ebx, &ecx);
		else if (amd)
			eax = 0;
		else
			cpuid_count(4, i, &eax, &ebx, &ecx, &edx);
		if (!CPUID4_TYPE(eax))
			break;

		l->level = CPUID4_LEVEL(eax);
		l->type = CPUID4_TYPE(eax);
		l->line_size = CPUID4_LINE(ebx);
		l->ways = CPUID4_WAYS(ebx);
		l->sets = ecx + 1;
		l->size = l->sets * l->line_size * CPUID4_PARTS(ebx) * l->ways;
		sharing = (amd && !topoext) ? 1 : CPUID4_SHARING(eax);
		if ((amd || hygon) && i == 3)
			l->share_id = U64_MAX;	/* set below, once leaves are counted */
		else if (topoext)
			l->share_id = x->apicid / sharing;
		else
			l->share_id = x->apicid >> get_count_order(sharing);
	}
	c->nr_leaves = i;
	if ((amd || hygon) && c->nr_leaves > 3)
		c->leaves[3].share_id = amd_llc_id(x, c->nr_leaves);
}

static int x86_detect_cache(unsigned int cpu, struct hwmem_cpu_caches *caches)
{
	struct x86_caches x = {
		.caches = caches,
		.apicid = per_cpu(x86_cpu_to_apicid, cpu),
		.pkg = topology_physical_package_id(cpu),
		.die = topology_die_id(cpu),
	};

	memset(caches, 0, sizeof(*caches));
	return smp_call_function_single(cpu, x86_read_caches, &x, 1);
}

static void x86_flush(void *addr, size_t size)
{
	clflush_cache_range(addr, size);
}

static void x86_clean(void *addr, size_t size)
{
	unsigned long line = boot_cpu_data.x86_clflush_size;
	unsigned long p = ALIGN_DOWN((unsigned long)addr, line);

	for (; p < (unsigned long)addr + size; p += line)
		clwb((void *)p);
	/* CLWB is weakly ordered: the write-backs complete before we return. */
	wmb();
}

static u64 x86_cycles(void)
{
	return rdtsc_ordered();
}

static struct hwmem_cache_ops x86_cache_ops = {
	.flush		= x86_flush,
	.cycles		= x86_cycles,
	.cycles_unit	= "cycles",
};

/**
 * hwmem_platform_register_arch() - register x86's cache callbacks
 */
void hwmem_platform_register_arch(void)
{
	x86_cache_ops.clean = boot_cpu_has(X86_FEATURE_CLWB) ? x86_clean : NULL;
	hwmem_set_detect_cache_fn(x86_detect_cache);
	hwmem_set_cache_ops(&x86_cache_ops);
}

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

#include "../kunit/platform-x86-kunit.h"
