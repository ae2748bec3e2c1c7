// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem-fuzz - throw commands at every hwmem ctl file, check what survives
 *
 *   hwmem-fuzz fuzz [-n COMMANDS] [-s SEED]
 *   hwmem-fuzz stress [-n ROUNDS] [-w WORKERS]
 *
 * fuzz sends COMMANDS random commands, mostly well formed but often wrong
 * (verbs, numbers at their edges, garbage bytes, long lines, split writes,
 * addresses already freed, other caches' objects), to every ctl file.
 * After each batch of 500 it checks that the allocators' figures add up
 * and that the kernel log gained no oops, BUG or WARN; at the end it frees
 * everything it holds and checks that hwmem is back where it started.
 * The same seed replays the same commands.
 *
 * stress runs WORKERS processes, one pinned to each CPU (round robin),
 * each allocating and freeing frames, buddy blocks and objects of a slab
 * cache of its own ROUNDS times; then every counter must balance.
 *
 * Output: one "PASS <name>" or "FAIL <name> - why" line per check, as the
 * other guest checks.  Built static by scripts/vm.sh (gcc -static).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <regex.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/wait.h>
#include <unistd.h>

#define D "/sys/kernel/debug/hwmem"
#define BATCH 500
#define MAX_HELD 512

static uint64_t rng_state;
static int failures;

static uint64_t rnd(void)
{
	/* xorshift64*: seeded, so a run replays. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static unsigned int rndn(unsigned int n)
{
	return n ? rnd() % n : 0;
}

static void fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s - ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	failures++;
}

static void pass(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("PASS %s", name);
	if (fmt) {
		printf(" (");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf(")");
	}
	printf("\n");
	fflush(stdout);
}

/* One transaction: write @cmd (@len bytes) in one write, read the answer. */
static int ctl(const char *part, const char *cmd, size_t len, char *ans,
	       size_t size)
{
	char path[128];
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), D "/%s/ctl", part);
	fd = open(path, O_RDWR);
	if (fd < 0)
		return -errno;
	if (write(fd, cmd, len) < 0)
		err = -errno;
	n = err ? 0 : read(fd, ans, size - 1);
	if (n < 0) {
		err = -errno;
		n = 0;
	}
	ans[n] = '\0';
	close(fd);
	return err;
}

static int ctlf(const char *part, char *ans, size_t size, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return ctl(part, cmd, n, ans, size);
}

/* The value of "key: value" in a state file, or -1. */
static long long field(const char *file, const char *key)
{
	char path[128], line[256];
	size_t klen = strlen(key);
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), D "/%s", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			v = strtoll(line + klen + 1, NULL, 0);
			break;
		}
	fclose(f);
	return v;
}

/* --- what the fuzzer holds --- */

struct held {
	char part[8];
	char cache[16];
	unsigned long long addr;
};

static struct held live[MAX_HELD], dead[MAX_HELD];
static int nr_live, nr_dead;
static char caches[8][16];
static int nr_caches;
static unsigned int spaces[16];
static int nr_spaces;

static void hold(const char *part, const char *cache, unsigned long long addr)
{
	struct held *h;

	if (nr_live == MAX_HELD)
		return;
	h = &live[nr_live++];
	snprintf(h->part, sizeof(h->part), "%s", part);
	snprintf(h->cache, sizeof(h->cache), "%s", cache ? cache : "");
	h->addr = addr;
}

static void release(int i)
{
	if (nr_dead < MAX_HELD)
		dead[nr_dead++] = live[i];
	else
		dead[rndn(MAX_HELD)] = live[i];
	live[i] = live[--nr_live];
}

static int count_live(const char *part, const char *cache)
{
	int i, n = 0;

	for (i = 0; i < nr_live; i++)
		if (!strcmp(live[i].part, part) &&
		    (!cache || !strcmp(live[i].cache, cache)))
			n++;
	return n;
}

/* --- numbers and words, mostly plausible --- */

static const char *const edge_numbers[] = {
	"0", "1", "2", "7", "8", "63", "64", "65", "1024", "4096", "-1", "+1",
	"0x", "0x0", "010", "1x", "0xffffffffffffffff", "18446744073709551615",
	"18446744073709551616", "0x10000000000000000", "9223372036854775808",
	"4294967296", "99999999999999999999999", "", "zz", "1.5",
};

static void number(char *buf, size_t size)
{
	switch (rndn(4)) {
	case 0:
		snprintf(buf, size, "%s", edge_numbers[rndn(sizeof(edge_numbers) /
						       sizeof(edge_numbers[0]))]);
		break;
	case 1:
		snprintf(buf, size, "%u", rndn(70));
		break;
	case 2:
		snprintf(buf, size, "0x%llx", (unsigned long long)rnd());
		break;
	default:
		snprintf(buf, size, "%u", rndn(5000));
		break;
	}
}

/* An address: one held, one freed, one near those, or anything. */
static void address(char *buf, size_t size)
{
	unsigned int r = rndn(10);

	if (r < 4 && nr_live) {
		snprintf(buf, size, "0x%llx", live[rndn(nr_live)].addr);
	} else if (r < 7 && nr_dead) {
		snprintf(buf, size, "0x%llx", dead[rndn(nr_dead)].addr);
	} else if (r < 8 && nr_live) {
		snprintf(buf, size, "0x%llx",
			 live[rndn(nr_live)].addr + (rndn(3) ? 8 : 4096));
	} else {
		number(buf, size);
	}
}

static const char *cache_name(void)
{
	static const char *const fixed[] = {
		"hwmem-64", "hwmem-256", "hwmem-1024", "nosuch", "a/b", "", "x",
	};

	if (nr_caches && rndn(2))
		return caches[rndn(nr_caches)];
	return fixed[rndn(sizeof(fixed) / sizeof(fixed[0]))];
}

/* --- one random command --- */

static const char *const parts[] = {
	"frames", "bump", "buddy", "slab", "virt", "cache",
};

static unsigned int stats_ok, stats_err;

static void note_answer(const char *part, const char *cache, const char *cmd,
			const char *ans)
{
	unsigned long long v;
	int i;

	if (!strncmp(cmd, "alloc", 5)) {
		const char *p = ans;

		while (sscanf(p, "%llx", &v) == 1) {
			hold(part, cache, v);
			p = strchr(p, '\n');
			if (!p)
				break;
			p++;
		}
	} else if (!strncmp(cmd, "free", 4)) {
		/* The freed address is the last word of the command. */
		const char *last = strrchr(cmd, ' ');

		v = last ? strtoull(last + 1, NULL, 0) : 0;
		for (i = 0; i < nr_live; i++)
			if (!strcmp(live[i].part, part) && live[i].addr == v &&
			    (!cache || !strcmp(live[i].cache, cache))) {
				release(i);
				break;
			}
	} else if (!strcmp(part, "bump") && !strncmp(cmd, "reset", 5)) {
		for (i = nr_live - 1; i >= 0; i--)
			if (!strcmp(live[i].part, "bump"))
				release(i);
	} else if (!strcmp(part, "slab") && !strncmp(cmd, "create ", 7)) {
		if (nr_caches < 8)
			sscanf(cmd + 7, "%15s", caches[nr_caches++]);
	} else if (!strcmp(part, "slab") && !strncmp(cmd, "destroy ", 8)) {
		for (i = 0; i < nr_caches; i++)
			if (!strcmp(caches[i], cmd + 8)) {
				memmove(caches[i], caches[--nr_caches], 16);
				break;
			}
	} else if (!strcmp(part, "virt") && !strcmp(cmd, "create")) {
		if (nr_spaces < 16)
			spaces[nr_spaces++] = strtoul(ans, NULL, 10);
	} else if (!strcmp(part, "virt") && !strncmp(cmd, "destroy ", 8)) {
		unsigned int id = strtoul(cmd + 8, NULL, 10);

		for (i = 0; i < nr_spaces; i++)
			if (spaces[i] == id) {
				spaces[i] = spaces[--nr_spaces];
				break;
			}
	}
}

static void random_command(void)
{
	char cmd[6000], a[64], b[64], c[64], ans[4096];
	const char *part = parts[rndn(6)], *cache = NULL;
	size_t len;
	int err, kind = rndn(100);

	if (nr_live > MAX_HELD - 80) {
		/* Holding a lot: give something back, properly. */
		struct held *h = &live[rndn(nr_live)];

		if (!strcmp(h->part, "slab"))
			snprintf(cmd, sizeof(cmd), "free %s 0x%llx", h->cache, h->addr);
		else if (!strcmp(h->part, "bump"))
			snprintf(cmd, sizeof(cmd), "reset");
		else
			snprintf(cmd, sizeof(cmd), "free 0x%llx", h->addr);
		part = h->part;
		cache = h->cache;
		if (!ctl(part, cmd, strlen(cmd), ans, sizeof(ans))) {
			stats_ok++;
			note_answer(part, cache, cmd, ans);
		} else {
			stats_err++;
		}
		return;
	}
	number(a, sizeof(a));
	number(b, sizeof(b));
	number(c, sizeof(c));
	if (kind < 4) {
		/* Garbage bytes, NULs and control characters included. */
		len = 1 + rndn(64);
		for (size_t i = 0; i < len; i++)
			cmd[i] = rnd();
		ctl(part, cmd, len, ans, sizeof(ans));
		stats_err++;
		return;
	}
	if (kind < 6) {
		/* A long line. */
		len = 200 + rndn(sizeof(cmd) - 200);
		memset(cmd, 'a' + rndn(26), len);
		memcpy(cmd, "alloc ", 6);
		ctl(part, cmd, len, ans, sizeof(ans));
		stats_err++;
		return;
	}
	if (kind < 8) {
		/* A command split over two writes: the second must be refused. */
		char path[128];
		int fd;

		snprintf(path, sizeof(path), D "/%s/ctl", part);
		fd = open(path, O_RDWR);
		if (fd >= 0) {
			if (write(fd, "allo", 4) < 0 && write(fd, "c\n", 2) >= 0)
				fail("fuzz.split_write", "second write on %s accepted", part);
			close(fd);
		}
		stats_err++;
		return;
	}

	if (!strcmp(part, "frames")) {
		if (rndn(2))
			snprintf(cmd, sizeof(cmd), rndn(3) ? "alloc" : "alloc %s", a);
		else {
			address(b, sizeof(b));
			snprintf(cmd, sizeof(cmd), "free %s", b);
		}
	} else if (!strcmp(part, "bump")) {
		switch (rndn(5)) {
		case 0:
			snprintf(cmd, sizeof(cmd), "reset");
			break;
		case 1:
			snprintf(cmd, sizeof(cmd), "alloc %s %s", a, b);
			break;
		default:
			snprintf(cmd, sizeof(cmd), "alloc %u %u", 1 + rndn(5000),
				 1u << rndn(13));
		}
	} else if (!strcmp(part, "buddy")) {
		if (rndn(2)) {
			snprintf(cmd, sizeof(cmd), "alloc %s", rndn(2) ? a : "0");
			if (rndn(2))
				snprintf(cmd, sizeof(cmd), "alloc %u", rndn(12));
		} else {
			address(b, sizeof(b));
			snprintf(cmd, sizeof(cmd), "free %s", b);
		}
	} else if (!strcmp(part, "slab")) {
		cache = cache_name();
		switch (rndn(8)) {
		case 0:
			snprintf(cmd, sizeof(cmd), "create f%u %s %s", rndn(12), a,
				 rndn(2) ? b : "8");
			if (rndn(2))
				snprintf(cmd, sizeof(cmd), "create f%u %u", rndn(12),
					 1 + rndn(3000));
			break;
		case 1:
			snprintf(cmd, sizeof(cmd), "destroy %s", cache);
			break;
		case 2:
			snprintf(cmd, sizeof(cmd), "shrink %s", cache);
			break;
		case 3:
		case 4:
		case 5:
			snprintf(cmd, sizeof(cmd), "alloc %s", cache);
			break;
		default:
			address(b, sizeof(b));
			snprintf(cmd, sizeof(cmd), "free %s %s", cache, b);
		}
	} else if (!strcmp(part, "virt")) {
		unsigned int id = nr_spaces && rndn(4) ? spaces[rndn(nr_spaces)] : rndn(20);
		unsigned long long va = (rnd() & 0x7ffffffff000ULL) >> (rndn(2) ? 20 : 0);

		switch (rndn(8)) {
		case 0:
			snprintf(cmd, sizeof(cmd), "create");
			break;
		case 1:
			snprintf(cmd, sizeof(cmd), "destroy %u", id);
			break;
		case 2:
		case 3:
			address(b, sizeof(b));
			snprintf(cmd, sizeof(cmd), "%s %u 0x%llx %s %s",
				 rndn(4) ? "map" : "map2m", id, va & ~0xfffULL,
				 nr_live && rndn(2) ? b : c,
				 rndn(2) ? "rw" : "rwxuad");
			break;
		case 4:
			snprintf(cmd, sizeof(cmd), "unmap %u 0x%llx", id, va & ~0xfffULL);
			break;
		case 5:
			snprintf(cmd, sizeof(cmd), "translate %u 0x%llx", id, va);
			break;
		default:
			address(b, sizeof(b));
			snprintf(cmd, sizeof(cmd), "ktranslate %s", rndn(2) ? b :
				 "0xffffffff81000000");
		}
	} else {
		address(b, sizeof(b));
		switch (rndn(4)) {
		case 0:
			snprintf(cmd, sizeof(cmd), "flush %s %s", b, rndn(2) ? a : "1");
			break;
		case 1:
			snprintf(cmd, sizeof(cmd), "clean %s", b);
			break;
		case 2:
			snprintf(cmd, sizeof(cmd), "invalidate %s", b);
			break;
		default:
			snprintf(cmd, sizeof(cmd), "time %s", b);
		}
	}
	if (rndn(20) == 0)
		strcat(cmd, rndn(2) ? " extra" : "\n\n");
	else if (rndn(2))
		strcat(cmd, "\n");
	err = ctl(part, cmd, strlen(cmd), ans, sizeof(ans));
	if (err) {
		stats_err++;
		return;
	}
	stats_ok++;
	cmd[strcspn(cmd, "\n")] = '\0';
	note_answer(part, cache, cmd, ans);
}

/* --- what must hold --- */

/*
 * Lines of the kernel log that match /hwmem/kernel-problems, the one
 * pattern (an extended regex) the host's scripts and the guest's use too;
 * -1 if it cannot be read.
 */
static int kernel_log_problems(void)
{
	static char buf[1 << 20];
	char pattern[512], *line, *end;
	int n, problems = 0;
	FILE *f = fopen("/hwmem/kernel-problems", "r");
	regex_t re;

	if (!f)
		return -1;
	if (!fgets(pattern, sizeof(pattern), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	pattern[strcspn(pattern, "\n")] = '\0';
	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB))
		return -1;
	n = klogctl(3, buf, sizeof(buf) - 1);
	if (n < 0) {
		regfree(&re);
		return -1;
	}
	buf[n] = '\0';
	for (line = buf; *line; line = end) {
		end = line + strcspn(line, "\n");
		if (*end)
			*end++ = '\0';
		problems += !regexec(&re, line, 0, NULL, 0);
	}
	regfree(&re);
	return problems;
}

/* Count frames/map characters per owner. */
static void map_counts(long long counts[256])
{
	char line[512];
	FILE *f = fopen(D "/frames/map", "r");

	memset(counts, 0, 256 * sizeof(counts[0]));
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ' ');

		for (p = p ? p + 1 : line; *p && *p != '\n'; p++)
			counts[(unsigned char)*p]++;
	}
	fclose(f);
}

/* The column @col of slab/caches for the cache @name, or -1. */
static long long cache_col(const char *name, const char *col)
{
	char line[1024], hdr[1024];
	long long v = -1;
	int want = -1, i;
	FILE *f = fopen(D "/slab/caches", "r");

	if (!f)
		return -1;
	if (fgets(hdr, sizeof(hdr), f)) {
		char *tok = strtok(hdr, " \n");

		for (i = -1; tok; tok = strtok(NULL, " \n"), i++)
			if (!strcmp(tok, col))
				want = i;
	}
	while (want >= 0 && fgets(line, sizeof(line), f)) {
		char *tok = strtok(line, " \n");

		if (!tok || strcmp(tok, name))
			continue;
		for (i = 0; tok && i < want; i++)
			tok = strtok(NULL, " \n");
		if (tok)
			v = strtoll(tok, NULL, 10);
		break;
	}
	fclose(f);
	return v;
}

static int check_invariants(const char *when)
{
	long long frames = field("frames/state", "frames");
	long long free_ = field("frames/state", "free");
	long long allocated = field("frames/state", "allocated");
	long long counts[256], owners = 0;
	static const char *const owner_keys[] = {
		"owner_user", "owner_bump", "owner_buddy", "owner_slab",
		"owner_pgtable", "owner_client",
	};
	static const char owner_chars[] = "umbstc";
	int bad = failures, i;

	map_counts(counts);
	if (frames != free_ + allocated)
		fail("fuzz.invariant.frames", "%s: frames %lld != free %lld + allocated %lld",
		     when, frames, free_, allocated);
	for (i = 0; i < 6; i++) {
		long long o = field("frames/state", owner_keys[i]);

		owners += o;
		if (counts[(unsigned char)owner_chars[i]] != o)
			fail("fuzz.invariant.map", "%s: %s is %lld, frames/map shows %lld",
			     when, owner_keys[i], o, counts[(unsigned char)owner_chars[i]]);
	}
	if (owners != allocated || counts['.'] != free_)
		fail("fuzz.invariant.owners", "%s: owners %lld allocated %lld, map free %lld free %lld",
		     when, owners, allocated, counts['.'], free_);
	if (count_live("frames", NULL) != field("frames/state", "owner_user"))
		fail("fuzz.invariant.user_frames", "%s: holding %d, owner_user %lld",
		     when, count_live("frames", NULL), field("frames/state", "owner_user"));

	if (field("buddy/state", "free_bytes") + field("buddy/state", "allocated_bytes") !=
	    field("buddy/state", "capacity"))
		fail("fuzz.invariant.buddy_bytes", "%s: free + allocated != capacity", when);
	if (field("buddy/state", "allocs") - field("buddy/state", "frees") !=
	    count_live("buddy", NULL))
		fail("fuzz.invariant.buddy_blocks", "%s: allocs - frees %lld, holding %d", when,
		     field("buddy/state", "allocs") - field("buddy/state", "frees"),
		     count_live("buddy", NULL));
	if (field("bump/state", "used") > field("bump/state", "capacity"))
		fail("fuzz.invariant.bump", "%s: used > capacity", when);

	{
		const char *names[11] = { "hwmem-64", "hwmem-256", "hwmem-1024" };
		int n = 3;

		for (i = 0; i < nr_caches; i++)
			names[n++] = caches[i];
		for (i = 0; i < n; i++) {
			long long inuse = cache_col(names[i], "inuse");

			if (inuse < 0)
				continue;
			if (inuse != cache_col(names[i], "allocs") - cache_col(names[i], "frees") ||
			    inuse > cache_col(names[i], "total") ||
			    inuse != count_live("slab", names[i]))
				fail("fuzz.invariant.slab", "%s: cache %s inuse %lld, holding %d",
				     when, names[i], inuse, count_live("slab", names[i]));
		}
	}
	return failures == bad;
}

/* Give back everything the fuzzer holds, destroy what it made. */
static void clean_up(void)
{
	char ans[4096];
	int i;

	for (i = nr_live - 1; i >= 0; i--) {
		struct held *h = &live[i];

		if (!strcmp(h->part, "slab"))
			ctlf("slab", ans, sizeof(ans), "free %s 0x%llx", h->cache, h->addr);
		else if (!strcmp(h->part, "bump"))
			;
		else if (!strcmp(h->part, "frames"))
			ctlf("frames", ans, sizeof(ans), "free 0x%llx", h->addr);
		else
			ctlf(h->part, ans, sizeof(ans), "free 0x%llx", h->addr);
		release(i);
	}
	ctlf("bump", ans, sizeof(ans), "reset");
	for (i = 0; i < nr_spaces; i++)
		ctlf("virt", ans, sizeof(ans), "destroy %u", spaces[i]);
	nr_spaces = 0;
	for (i = 0; i < nr_caches; i++)
		ctlf("slab", ans, sizeof(ans), "destroy %s", caches[i]);
	nr_caches = 0;
	ctlf("slab", ans, sizeof(ans), "shrink hwmem-64");
	ctlf("slab", ans, sizeof(ans), "shrink hwmem-256");
	ctlf("slab", ans, sizeof(ans), "shrink hwmem-1024");
}

static int fuzz(unsigned long n, uint64_t seed)
{
	long long free0 = field("frames/state", "free");
	int problems0 = kernel_log_problems(), batch_bad = 0;
	unsigned long i;

	rng_state = seed ? seed : 1;
	if (free0 < 0) {
		fail("fuzz.loaded", "no %s (is hwmem loaded?)", D);
		return 1;
	}
	if (problems0 < 0) {
		fail("fuzz.kernel_log", "cannot read the kernel log or /hwmem/kernel-problems");
		return 1;
	}
	for (i = 1; i <= n; i++) {
		random_command();
		if (i % BATCH && i != n)
			continue;
		if (!check_invariants("batch") && !batch_bad++)
			printf("    first bad batch ends at command %lu; replay: hwmem-fuzz fuzz -n %lu -s %llu\n",
			       i, i, (unsigned long long)seed);
		if (kernel_log_problems() != problems0) {
			fail("fuzz.kernel_log", "an oops, BUG or WARN after command %lu (seed %llu)",
			     i, (unsigned long long)seed);
			problems0 = kernel_log_problems();
		}
	}
	pass("fuzz.commands", "%lu commands, seed %llu: %u accepted, %u refused", n,
	     (unsigned long long)seed, stats_ok, stats_err);
	if (!batch_bad)
		pass("fuzz.invariants", "checked every %d commands", BATCH);
	clean_up();
	if (check_invariants("after clean-up") &&
	    field("frames/state", "free") == free0 &&
	    field("buddy/state", "free_bytes") == field("buddy/state", "capacity") &&
	    field("frames/state", "owner_pgtable") == 0)
		pass("fuzz.back_to_start", NULL);
	else
		fail("fuzz.back_to_start", "free %lld (was %lld), buddy free %lld of %lld, pgtable %lld",
		     field("frames/state", "free"), free0, field("buddy/state", "free_bytes"),
		     field("buddy/state", "capacity"), field("frames/state", "owner_pgtable"));
	return failures != 0;
}

/* --- stress --- */

static int worker(int id, unsigned long rounds)
{
	char ans[4096], f[32], y[32], s[32];
	unsigned long i;
	cpu_set_t set;
	int errors = 0;

	CPU_ZERO(&set);
	CPU_SET(id % sysconf(_SC_NPROCESSORS_ONLN), &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (i = 0; i < rounds; i++) {
		errors += ctlf("frames", ans, sizeof(ans), "alloc") != 0;
		sscanf(ans, "%31s", f);
		errors += ctlf("buddy", ans, sizeof(ans), "alloc %lu", i % 4) != 0;
		sscanf(ans, "%31s", y);
		errors += ctlf("slab", ans, sizeof(ans), "alloc stress-64") != 0;
		sscanf(ans, "%31s", s);
		errors += ctlf("frames", ans, sizeof(ans), "free %s", f) != 0;
		errors += ctlf("buddy", ans, sizeof(ans), "free %s", y) != 0;
		errors += ctlf("slab", ans, sizeof(ans), "free stress-64 %s", s) != 0;
	}
	return errors ? 1 : 0;
}

static int stress(unsigned long rounds, int workers)
{
	int i, status, bad = 0;
	long long free0, refused0;
	char ans[64];

	/* A cache of its own: the fuzzer may have destroyed hwmem-64. */
	if (ctlf("slab", ans, sizeof(ans), "create stress-64 64")) {
		fail("stress.create", "cannot create slab cache stress-64");
		return 1;
	}
	free0 = field("frames/state", "free");
	refused0 = field("frames/state", "free_refused") +
		   field("buddy/state", "free_refused") +
		   cache_col("stress-64", "free_refused");

	for (i = 0; i < workers; i++)
		if (fork() == 0)
			_exit(worker(i, rounds));
	for (i = 0; i < workers; i++)
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	/* A cache keeps one empty slab: give it back before counting frames. */
	ctlf("slab", ans, sizeof(ans), "shrink stress-64");
	if (bad)
		fail("stress.workers", "%d of %d workers saw a command fail", bad, workers);
	else
		pass("stress.workers", "%d workers on %ld CPUs, %lu rounds of 6 commands each",
		     workers, sysconf(_SC_NPROCESSORS_ONLN), rounds);
	if (field("frames/state", "free") == free0 &&
	    field("frames/state", "allocs") - field("frames/state", "frees") ==
	    field("frames/state", "allocated") &&
	    field("buddy/state", "free_bytes") == field("buddy/state", "capacity") &&
	    field("buddy/state", "allocs") == field("buddy/state", "frees") &&
	    cache_col("stress-64", "inuse") == 0 &&
	    cache_col("stress-64", "allocs") == cache_col("stress-64", "frees") &&
	    field("frames/state", "free_refused") + field("buddy/state", "free_refused") +
	    cache_col("stress-64", "free_refused") == refused0)
		pass("stress.balanced", NULL);
	else
		fail("stress.balanced", "frames free %lld (was %lld), buddy %lld/%lld, slab inuse %lld",
		     field("frames/state", "free"), free0, field("buddy/state", "free_bytes"),
		     field("buddy/state", "capacity"), cache_col("stress-64", "inuse"));
	ctlf("slab", ans, sizeof(ans), "destroy stress-64");
	return failures != 0;
}

int main(int argc, char **argv)
{
	unsigned long n = 20000;
	uint64_t seed = 1;
	int workers = 2, opt;
	const char *mode = argc > 1 ? argv[1] : "";

	optind = 2;
	while ((opt = getopt(argc, argv, "n:s:w:")) != -1) {
		switch (opt) {
		case 'n':
			n = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'w':
			workers = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (!strcmp(mode, "fuzz"))
		return fuzz(n, seed);
	if (!strcmp(mode, "stress"))
		return stress(n, workers);
usage:
	fprintf(stderr, "usage: hwmem-fuzz fuzz [-n COMMANDS] [-s SEED] | stress [-n ROUNDS] [-w WORKERS]\n");
	return 2;
}
