// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem cache: x86 CPUID cache leaves, decoded
 *
 * Decoded the way the kernel decodes them for
 * /sys/devices/system/cpu/cpu<n>/cache (arch/x86/kernel/cpu/cacheinfo.c),
 * so that the two agree: CPUID leaf 4 on Intel and others; 0x8000001D on
 * Hygon, and on AMD with TOPOEXT; without it, AMD's legacy leaves
 * 0x80000005/6, turned into leaf-4 form as the kernel does (its
 * associativity table, its L2 size from cpu_info).  Two places part from
 * the kernel's amd_cpuid4(), following AMD's APM instead: the L1
 * associativity in 0x80000005 is a way count (0xff: fully associative),
 * not the 0x80000006 code the kernel looks it up as (which makes a 12-way
 * L1d 64-way); and an L2 or L3 code 9, "see 0x8000001D", reads that leaf
 * when the CPU has it (a hypervisor may hide TOPOEXT and keep the leaf),
 * otherwise the cache is left out.  Which CPUs share a
 * cache follows the kernel's rules too: on AMD and Hygon the L3 (index 3)
 * by last-level-cache id, other leaves by a range of APIC ids with
 * TOPOEXT and not at all without; elsewhere by APIC id shifted by the
 * order of the leaf's sharing count.
 *
 * This file runs no CPUID itself: the caller says what the CPU is and
 * hands in a cpuid() callback, the platform's on a real CPU (on the CPU
 * itself, by IPI) and KUnit's with made-up leaves.
 */

#include <linux/log2.h>
#include <linux/string.h>

#include <hwmem/cache.h>

/* CPUID leaf 4 (and 0x8000001D): EAX, EBX, ECX fields. */
#define CPUID4_TYPE(eax)	((eax) & 0x1f)
#define CPUID4_LEVEL(eax)	(((eax) >> 5) & 0x7)
#define CPUID4_SHARING(eax)	((((eax) >> 14) & 0xfff) + 1)
#define CPUID4_LINE(ebx)	(((ebx) & 0xfff) + 1)
#define CPUID4_PARTS(ebx)	((((ebx) >> 12) & 0x3ff) + 1)
#define CPUID4_WAYS(ebx)	((((ebx) >> 22) & 0x3ff) + 1)

enum { EAX, EBX, ECX, EDX };

/* AMD's legacy associativity codes, as the kernel's assocs[] maps them. */
static const unsigned short amd_assocs[16] = {
	[1] = 1, [2] = 2, [4] = 4, [6] = 8, [8] = 16, [0xa] = 32, [0xb] = 48,
	[0xc] = 64, [0xd] = 96, [0xe] = 128, [0xf] = 0xffff,
};

/* AMD legacy leaf @index (0 L1d, 1 L1i, 2 L2, 3 L3) in leaf-4 form. */
static void amd_legacy_leaf(const struct hwmem_x86_cpu *cpu, unsigned int index,
			    u32 r[4])
{
	static const u8 levels[] = { 1, 1, 2, 3 }, types[] = { 1, 2, 3, 3 };
	u32 l5[4], l6[4], reg, line, tag, assoc, kb;

	memset(r, 0, 4 * sizeof(*r));
	cpu->cpuid(cpu->priv, 0x80000005, 0, l5);
	cpu->cpuid(cpu->priv, 0x80000006, 0, l6);
	switch (index) {
	case 0:
	case 1:
		reg = index ? l5[EDX] : l5[ECX];
		line = reg & 0xff;
		tag = (reg >> 8) & 0xff;
		assoc = (reg >> 16) & 0xff;
		if (assoc == 0xff)
			assoc = 0xffff;
		kb = reg >> 24;
		break;
	case 2:
		reg = l6[ECX];
		line = reg & 0xff;
		tag = (reg >> 8) & 0xf;
		assoc = amd_assocs[(reg >> 12) & 0xf];
		kb = cpu->l2_kb;
		break;
	case 3:
		reg = l6[EDX];
		line = reg & 0xff;
		tag = (reg >> 8) & 0xf;
		assoc = amd_assocs[(reg >> 12) & 0xf];
		kb = (reg >> 18) * 512;
		if (cpu->amd_dcm) {
			kb >>= 1;
			assoc >>= 1;
		}
		break;
	default:
		return;
	}
	if (!reg || !line || !assoc)
		return;
	r[EAX] = types[index] | levels[index] << 5;
	r[EBX] = ((line - 1) & 0xfff) | ((tag - 1) & 0x3ff) << 12 |
		 ((assoc - 1) & 0x3ff) << 22;
	r[ECX] = kb * 1024 / line / (((assoc - 1) & 0x3ff) + 1) - 1;
}

/* AMD's legacy L2 or L3 says "see 0x8000001D", and the CPU has it. */
static bool amd_see_leaf_1d(const struct hwmem_x86_cpu *cpu, const u32 l6[4])
{
	return (((l6[ECX] >> 12) & 0xf) == 9 || ((l6[EDX] >> 12) & 0xf) == 9) &&
	       cpu->extended_level >= 0x8000001d;
}

/* The AMD/Hygon last-level cache id, as cacheinfo_amd_init_llc_id() has it. */
static u64 amd_llc_id(const struct hwmem_x86_cpu *cpu, unsigned int nr_leaves)
{
	u32 r[4];

	if (cpu->vendor == HWMEM_X86_HYGON)
		return cpu->apicid >> 3;
	if (cpu->family < 0x17)
		return (u64)cpu->pkg << 32 | cpu->die;
	if (cpu->family == 0x17 && cpu->model <= 0x1f)
		return cpu->apicid >> 3;
	cpu->cpuid(cpu->priv, 0x8000001d, nr_leaves - 1, r);
	return cpu->apicid >> get_count_order(r[EAX] ? CPUID4_SHARING(r[EAX]) : 1);
}

/**
 * hwmem_x86_decode_caches() - decode one x86 CPU's cache leaves
 * @cpu: what the CPU is, and how to run CPUID on it
 * @caches: receives the leaves, in the order CPUID lists them
 */
void hwmem_x86_decode_caches(const struct hwmem_x86_cpu *cpu,
			     struct hwmem_cpu_caches *caches)
{
	bool amd = cpu->vendor == HWMEM_X86_AMD;
	bool amdish = amd || cpu->vendor == HWMEM_X86_HYGON;
	bool from_1d = cpu->vendor == HWMEM_X86_HYGON || (amd && cpu->topoext);
	unsigned int i, legacy = 0;
	u32 r[4];

	memset(caches, 0, sizeof(*caches));
	if (amd && !from_1d && cpu->extended_level >= 0x80000006) {
		cpu->cpuid(cpu->priv, 0x80000006, 0, r);
		legacy = r[EDX] & 0xf000 ? 4 : 3;
		from_1d = amd_see_leaf_1d(cpu, r);
	}

	for (i = 0; i < HWMEM_CACHE_MAX_LEAVES; i++) {
		struct hwmem_cache_leaf *l = &caches->leaves[i];
		unsigned int sharing;

		if (from_1d)
			cpu->cpuid(cpu->priv, 0x8000001d, i, r);
		else if (amd && i < legacy)
			amd_legacy_leaf(cpu, i, r);
		else if (amd)
			r[EAX] = 0;
		else
			cpu->cpuid(cpu->priv, 4, i, r);
		if (!CPUID4_TYPE(r[EAX]))
			break;

		l->level = CPUID4_LEVEL(r[EAX]);
		l->type = CPUID4_TYPE(r[EAX]);
		l->line_size = CPUID4_LINE(r[EBX]);
		l->ways = CPUID4_WAYS(r[EBX]);
		l->sets = r[ECX] + 1;
		l->size = l->sets * l->line_size * CPUID4_PARTS(r[EBX]) * l->ways;
		sharing = (amd && !from_1d) ? 1 : CPUID4_SHARING(r[EAX]);
		if (amdish && i == 3)
			l->share_id = U64_MAX;	/* set below, once leaves are counted */
		else if (from_1d)
			l->share_id = cpu->apicid / sharing;
		else
			l->share_id = cpu->apicid >> get_count_order(sharing);
	}
	caches->nr_leaves = i;
	if (amdish && caches->nr_leaves > 3)
		caches->leaves[3].share_id = amd_llc_id(cpu, caches->nr_leaves);
}

#include "../../kunit/cache/x86-kunit.h"
