/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem benchmarks, included by kunit/bench.c: the host's caches, as
 * hwmem decodes them and as they time.
 *
 * UML runs on the host's processor, so CPUID, CLFLUSH and RDTSC reach it
 * from here (as inline assembly: UML has no <asm/msr.h>), where QEMU's TCG
 * emulates no cache at all.  The bench:
 *
 *  - decodes the host's CPUID cache leaves with hwmem's own decoder
 *    (hwmem_x86_decode_caches(), cache/x86.c), given what the CPU is the
 *    way the kernel's cpuinfo_x86 would say it, and prints each leaf
 *    ("hwmem-bench-cpuid:"); scripts/bench-report.py --cpuid-vs-sysfs
 *    sets them beside the host kernel's /sys/devices/system/cpu/cpu0/cache;
 *  - puts a cache-ops table in place of the platform's (none under
 *    KUnit): flush is CLFLUSH between MFENCEs, cycles the TSC after an
 *    LFENCE, quiet is interrupts off; and runs hwmem's own experiment,
 *    hwmem_cache_time_line(), a line read cached and after a flush;
 *  - times, as the anchor of those figures, a pointer chase: loads that
 *    each depend on the one before, through a random cycle of the lines
 *    of a working set sized for each data cache level the hierarchy lists
 *    (half the level: it fits there, and for L2 and beyond not in the
 *    level below), through one of 8 MiB, whatever the levels (the size of
 *    the scaling workloads' metadata at 256 Ki frames, kunit/bench-scaling.h),
 *    and through one of 256 MiB, larger than any cache.
 *    The chase pays what a random access pays: UML maps kernel memory in
 *    4 KiB pages, so past the TLB's reach its loads walk page tables too.
 */

#ifndef _HWMEM_BENCH_CACHE_H
#define _HWMEM_BENCH_CACHE_H

/* The working set past every cache, and the largest one tried at all. */
#define CHASE_MEMORY		(256UL << 20)
#define CHASE_MAX		(64UL << 20)
/* About the scaling workloads' metadata at 256 Ki frames. */
#define CHASE_METADATA		(8UL << 20)
/* make test only checks that the chase runs: small sets. */
#define CHASE_TEST_MAX		(256UL << 10)
/* hwmem_cache_time_line() calls; the fastest of each figure is kept. */
#define CACHE_TIME_CALLS	16

#ifdef CONFIG_X86_64

static void bench_cpuid(void *priv, u32 leaf, u32 subleaf, u32 regs[4])
{
	asm volatile("cpuid"
		     : "=a" (regs[0]), "=b" (regs[1]), "=c" (regs[2]), "=d" (regs[3])
		     : "0" (leaf), "2" (subleaf));
}

/*
 * What the CPU is, as the kernel's cpuinfo_x86 says it (x86_family(),
 * x86_model(), X86_FEATURE_TOPOEXT, cpu_detect_cache_sizes()'s L2 size),
 * read from CPUID on whichever host CPU runs this.  amd_dcm (the kernel
 * sets it on family 0x10 processors of two nodes) is left false: nothing
 * here can read the node topology.
 */
static void bench_x86_cpu(struct hwmem_x86_cpu *cpu, char vendor[13])
{
	u32 r[4], sig;

	memset(cpu, 0, sizeof(*cpu));
	cpu->cpuid = bench_cpuid;
	bench_cpuid(NULL, 0, 0, r);
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = '\0';
	cpu->vendor = !strcmp(vendor, "AuthenticAMD") ? HWMEM_X86_AMD :
		      !strcmp(vendor, "HygonGenuine") ? HWMEM_X86_HYGON :
		      HWMEM_X86_OTHER;
	bench_cpuid(NULL, 1, 0, r);
	sig = r[0];
	cpu->family = (sig >> 8) & 0xf;
	if (cpu->family == 0xf)
		cpu->family += (sig >> 20) & 0xff;
	cpu->model = (sig >> 4) & 0xf;
	if (cpu->family >= 0x6)
		cpu->model += ((sig >> 16) & 0xf) << 4;
	cpu->apicid = r[1] >> 24;
	bench_cpuid(NULL, 0x80000000, 0, r);
	cpu->extended_level = r[0];
	if (cpu->extended_level >= 0x80000001) {
		bench_cpuid(NULL, 0x80000001, 0, r);
		cpu->topoext = r[2] & BIT(22);
	}
	if (cpu->extended_level >= 0x80000006) {
		bench_cpuid(NULL, 0x80000006, 0, r);
		cpu->l2_kb = r[2] >> 16;
	}
}

/* CLFLUSH of every line of the range, ordered against loads and stores. */
static void bench_clflush(void *priv, void *addr, size_t size)
{
	unsigned long line = *(unsigned int *)priv;
	unsigned long p = ALIGN_DOWN((unsigned long)addr, line);

	asm volatile("mfence" : : : "memory");
	for (; p < (unsigned long)addr + size; p += line)
		asm volatile("clflush %0" : "+m" (*(volatile char *)p));
	asm volatile("mfence" : : : "memory");
}

static u64 bench_cycles(void *priv)
{
	return bench_tsc();
}

/* Interrupts off: UML then holds its timer signal until they are back. */
static void bench_quiet(void *priv, void (*fn)(void *arg), void *arg)
{
	unsigned long flags;

	local_irq_save(flags);
	fn(arg);
	local_irq_restore(flags);
}

static const struct hwmem_cache_ops bench_cache_ops = {
	.flush		= bench_clflush,
	.cycles		= bench_cycles,
	.quiet		= bench_quiet,
	.cycles_unit	= "TSC cycles",
};

/* What a cycles() pair costs by itself: the floor of every figure above. */
static void bench_cycles_floor(void *arg)
{
	u64 *floor = arg;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		u64 t0 = bench_cycles(NULL);

		*floor = min(*floor, bench_cycles(NULL) - t0);
	}
}

/**
 * struct bench_chase - a random cycle through the lines of a buffer
 * @buf: the buffer
 * @bytes: its size
 * @at: where the chase is
 */
struct bench_chase {
	void *buf;
	size_t bytes;
	void **at;
};

/* Link the lines of @c->buf into one random cycle (Sattolo's shuffle). */
static int chase_build(struct bench_chase *c, size_t bytes, unsigned int line)
{
	unsigned long n = bytes / line, i;
	struct bench_rand rnd;
	u32 *perm;

	c->bytes = bytes;
	c->buf = vmalloc(bytes);
	perm = kvmalloc_array(n, sizeof(*perm), GFP_KERNEL);
	if (!c->buf || !perm) {
		kvfree(perm);
		vfree(c->buf);
		c->buf = NULL;
		return -ENOMEM;
	}
	bench_rand_seed(&rnd, bytes);
	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n - 1; i > 0; i--) {
		u32 j = bench_rand_below(&rnd, i);

		swap(perm[i], perm[j]);
	}
	for (i = 0; i < n; i++)
		*(void **)(c->buf + (unsigned long)perm[i] * line) =
			c->buf + (unsigned long)perm[(i + 1) % n] * line;
	c->at = c->buf;
	kvfree(perm);
	return 0;
}

static unsigned long chase_run(void *arg, unsigned long iters)
{
	struct bench_chase *c = arg;
	void **p = c->at;

	while (iters--)
		p = *p;
	/* Keep the chain: the compiler may not drop the loads. */
	WRITE_ONCE(c->at, p);
	return 0;
}

/* Chase through @bytes and print the figures, as "<what>". */
static void chase_level(struct kunit *test, const char *what, size_t bytes,
			unsigned int line)
{
	const struct bench_side *side;
	struct bench_result res = { };
	u64 ns[BENCH_REPS], cyc[BENCH_REPS];
	struct bench_chase c = { };
	unsigned int reps = bench_full ? BENCH_REPS : 1, r;

	if (!bench_full)
		bytes = min(bytes, CHASE_TEST_MAX);
	KUNIT_ASSERT_EQ(test, 0, chase_build(&c, bytes, line));
	side = BENCH_SIDE(.run = chase_run, .arg = &c);
	res.iters = bench_calibrate(side, 1000, 0, &res);
	for (r = 0; r < reps; r++)
		ns[r] = bench_time(side, res.iters, &res, &cyc[r]);
	bench_summarize(&res, ns, cyc, reps);
	pr_info("hwmem-bench-cache: %s ws %zu chase-ns %llu.%03llu chase-cycles %llu.%03llu spread %llu.%01llu%% rep-ms %llu\n",
		what, bytes, res.ps / 1000, res.ps % 1000, res.cycles / 1000,
		res.cycles % 1000, res.spread / 10, res.spread % 10,
		div64_u64(res.min_rep_ns, NSEC_PER_MSEC));
	vfree(c.buf);
}

static void bench_cache(struct kunit *test)
{
	struct hwmem_cpu_caches *caches = kunit_kzalloc(test, sizeof(*caches),
							GFP_KERNEL);
	struct hwmem_cache_timing t, best = { .cached = U64_MAX, .flushed = U64_MAX };
	u64 floor = U64_MAX;
	unsigned int line = 64, i, below = 0;
	struct hwmem_x86_cpu cpu;
	unsigned long flags;
	char vendor[13];
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, caches);
	bench_x86_cpu(&cpu, vendor);
	hwmem_x86_decode_caches(&cpu, caches);
	pr_info("hwmem-bench-cpu: vendor %s family %#x model %#x topoext %d extended_level %#x l2_kb %u apicid %u leaves %u\n",
		vendor, cpu.family, cpu.model, cpu.topoext, cpu.extended_level,
		cpu.l2_kb, cpu.apicid, caches->nr_leaves);
	for (i = 0; i < caches->nr_leaves; i++) {
		const struct hwmem_cache_leaf *l = &caches->leaves[i];
		unsigned int per_part = l->sets * l->line_size * l->ways;

		/* Partitions are not kept; the size is their product. */
		pr_info("hwmem-bench-cpuid: index %u level %u type %s size %u ways %u line %u sets %u partitions %u share_id %llu\n",
			i, l->level, hwmem_cache_type_name(l->type), l->size, l->ways,
			l->line_size, l->sets, per_part ? l->size / per_part : 0,
			l->share_id);
		if (l->level == 1 && l->type == HWMEM_CACHE_DATA)
			line = l->line_size;
	}

	/* hwmem's experiment, with this table in place, and its floor. */
	buf = kunit_kmalloc(test, 2 * line, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf = PTR_ALIGN(buf, line);
	KUNIT_ASSERT_EQ(test, 0, hwmem_set_cache_ops(&bench_cache_ops, &line));
	for (i = 0; i < CACHE_TIME_CALLS; i++) {
		KUNIT_EXPECT_EQ(test, 0, hwmem_cache_time_line(buf, &t));
		best.cached = min(best.cached, t.cached);
		best.flushed = min(best.flushed, t.flushed);
	}
	hwmem_restore_cache_ops();
	local_irq_save(flags);
	bench_cycles_floor(&floor);
	local_irq_restore(flags);
	pr_info("hwmem-bench-cache-line: cached %llu flushed %llu floor %llu unit %s\n",
		best.cached, best.flushed, floor, t.unit);
	KUNIT_EXPECT_LT(test, best.cached, best.flushed);

	/* The chase, level by level (data and unified caches), then memory. */
	for (i = 0; i < caches->nr_leaves; i++) {
		const struct hwmem_cache_leaf *l = &caches->leaves[i];
		size_t ws = min_t(size_t, l->size / 2, CHASE_MAX);
		char what[16];

		if (l->type == HWMEM_CACHE_INST)
			continue;
		snprintf(what, sizeof(what), "L%u%s", l->level,
			 l->type == HWMEM_CACHE_DATA ? "d" : "");
		if (ws <= below)
			pr_info("hwmem-bench-cache: %s: half of it fits in the level below; chased anyway\n",
				what);
		chase_level(test, what, ws, line);
		below = l->size;
	}
	chase_level(test, "8MiB", CHASE_METADATA, line);
	chase_level(test, "memory", CHASE_MEMORY, line);
	bench_check_locks(test);
}

#else

static void bench_cache(struct kunit *test)
{
	kunit_skip(test, "CPUID, CLFLUSH and RDTSC are x86-64's");
}

#endif /* CONFIG_X86_64 */

#endif /* _HWMEM_BENCH_CACHE_H */
