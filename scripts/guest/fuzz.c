// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem-fuzz - throw commands at every hwmem ctl file, check what survives
 *
 *   hwmem-fuzz fuzz [-n COMMANDS] [-s SEED]
 *   hwmem-fuzz stress [-n ROUNDS] [-w WORKERS]
 *
 * fuzz sends COMMANDS random commands, mostly well formed but often wrong
 * (verbs, numbers at their edges, garbage bytes, long lines, split writes,
 * addresses already freed, other caches' objects, placement policies,
 * replays set up plausibly or absurdly, replay streams valid, cut short
 * or broken), to every ctl file and to replay/stream.
 *
 * It predicts what it can of every answer from what it knows itself,
 * never from what hwmem says: the syntax of a command line and the range
 * of its numbers, what it holds and what it freed, whether a replay is
 * loading, and what the bytes sent so far make of the next ones (a model
 * of the format of uapi/hwmem/replay.h).  An answer it did not predict
 * fails the check.  After each batch of 500 commands it checks hwmem's
 * figures against evidence they are not derived from: the maps counted
 * glyph by glyph, the blocks and objects it holds, the files that show
 * the same thing twice; it reads every file, and checks that the kernel
 * log gained no oops, BUG or WARN.  At the end it gives back everything,
 * cancels a replay still loading, puts the placement policies back and
 * checks that hwmem is where it started.  The same seed replays the same
 * commands.
 *
 * stress runs WORKERS processes, one pinned to each CPU (round robin),
 * each allocating and freeing frames, buddy blocks and objects of a slab
 * cache of its own ROUNDS times; then every counter must balance.
 *
 * Output: "PASS <name>" or "FAIL <name> - why" lines, as the other guest
 * checks.  Each kind of check fails once, with the first command or
 * figure that broke it (a run that breaks it a thousand times says so in
 * one line), and passes once, at the end, if nothing broke it: the names
 * are the same for every seed.  Built static by scripts/vm.sh (gcc
 * -static).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <regex.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The replay stream's layout, the module's own header. */
#include "../../hwmem/include/uapi/hwmem/replay.h"

#define D "/sys/kernel/debug/hwmem"
#define BATCH 500
#define MAX_HELD 512

/* The module's limits that answers are predicted from, and where they are. */
#define CMD_MAX_LEN		256	/* HWMEM_CMD_MAX_LEN, debugfs/cmd.h */
#define CMD_MAX_WORDS		8	/* HWMEM_CMD_MAX_WORDS, debugfs/cmd.h */
#define FRAMES_ALLOC_MAX	64	/* debugfs/frames.c */
#define BUDDY_MAX_ORDER		20	/* include/hwmem/buddy.h */
#define BUDDY_HOT_MAX		64	/* include/hwmem/buddy.h */
#define BUDDY_HOT_DEFAULT	8	/* include/hwmem/buddy.h */
#define SLAB_MAX_CACHES		32	/* include/hwmem/slab.h */
#define REPLAY_MAX_FRAMES	(INT_MAX / 4096)	/* include/hwmem/replay.h */
#define REPLAY_MAX_SAMPLES	65536ULL		/* include/hwmem/replay.h */

#define HDR_SIZE		sizeof(struct hwmem_replay_header)
#define REC_SIZE		sizeof(struct hwmem_replay_record)
/* Records in a stream the fuzzer makes: few, so that a replay costs little. */
#define STREAM_MAX_RECORDS	48

_Static_assert(sizeof(struct hwmem_replay_header) == 64, "replay header");
_Static_assert(sizeof(struct hwmem_replay_record) == 16, "replay record");

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

/* --- the kinds of checks, each reported once --- */

enum kind {
	K_SYNTAX, K_GARBAGE, K_LONG_LINE, K_SPLIT_WRITE, K_FRAMES_COUNT,
	K_BUDDY_ORDER, K_ALLOC, K_FREE, K_DOUBLE_FREE, K_BUMP, K_SLAB_CACHES,
	K_POLICY_FRAMES, K_POLICY_BUDDY, K_POLICY_SLAB, K_REPLAY_START,
	K_REPLAY_STREAM, K_REPLAY_FINISH, K_REPLAY_CANCEL, K_REPLAY_STATE,
	K_REPLAY_SUMMARY, K_FILES, K_INV_FRAMES, K_INV_OWNERS,
	K_INV_USER_FRAMES, K_INV_BUDDY_MAP, K_INV_BUDDY_BLOCKS,
	K_INV_BUDDYINFO, K_INV_BUMP, K_INV_SLAB, K_INV_SLABINFO,
	K_INV_SLAB_STATE, K_KERNEL_LOG, NR_KINDS
};

/* No prediction: whatever hwmem answers is fine. */
#define K_NONE			(-1)

static struct {
	const char *name;
	unsigned long checked;
	unsigned long failed;
} kinds[NR_KINDS] = {
	[K_SYNTAX]		= { "fuzz.syntax" },
	[K_GARBAGE]		= { "fuzz.garbage" },
	[K_LONG_LINE]		= { "fuzz.long_line" },
	[K_SPLIT_WRITE]		= { "fuzz.split_write" },
	[K_FRAMES_COUNT]	= { "fuzz.frames_count" },
	[K_BUDDY_ORDER]		= { "fuzz.buddy_order" },
	[K_ALLOC]		= { "fuzz.alloc" },
	[K_FREE]		= { "fuzz.free" },
	[K_DOUBLE_FREE]		= { "fuzz.double_free" },
	[K_BUMP]		= { "fuzz.bump" },
	[K_SLAB_CACHES]		= { "fuzz.slab_caches" },
	[K_POLICY_FRAMES]	= { "fuzz.policy.frames" },
	[K_POLICY_BUDDY]	= { "fuzz.policy.buddy" },
	[K_POLICY_SLAB]		= { "fuzz.policy.slab" },
	[K_REPLAY_START]	= { "fuzz.replay.start" },
	[K_REPLAY_STREAM]	= { "fuzz.replay.stream" },
	[K_REPLAY_FINISH]	= { "fuzz.replay.finish" },
	[K_REPLAY_CANCEL]	= { "fuzz.replay.cancel" },
	[K_REPLAY_STATE]	= { "fuzz.replay.state" },
	[K_REPLAY_SUMMARY]	= { "fuzz.replay.summary" },
	[K_FILES]		= { "fuzz.files" },
	[K_INV_FRAMES]		= { "fuzz.invariant.frames" },
	[K_INV_OWNERS]		= { "fuzz.invariant.owners" },
	[K_INV_USER_FRAMES]	= { "fuzz.invariant.user_frames" },
	[K_INV_BUDDY_MAP]	= { "fuzz.invariant.buddy_map" },
	[K_INV_BUDDY_BLOCKS]	= { "fuzz.invariant.buddy_blocks" },
	[K_INV_BUDDYINFO]	= { "fuzz.invariant.buddyinfo" },
	[K_INV_BUMP]		= { "fuzz.invariant.bump" },
	[K_INV_SLAB]		= { "fuzz.invariant.slab" },
	[K_INV_SLABINFO]	= { "fuzz.invariant.slabinfo" },
	[K_INV_SLAB_STATE]	= { "fuzz.invariant.slab_state" },
	[K_KERNEL_LOG]		= { "fuzz.kernel_log" },
};

/* Where the run is, for the FAIL lines: how to replay up to there. */
static unsigned long cmd_no;
static uint64_t run_seed;

static void vbad(int k, const char *fmt, va_list ap)
{
	char why[1024];

	if (kinds[k].failed++)
		return;
	vsnprintf(why, sizeof(why), fmt, ap);
	fail(kinds[k].name, "%s", why);
	printf("    first seen at command %lu; replay: hwmem-fuzz fuzz -n %lu -s %llu\n",
	       cmd_no, cmd_no, (unsigned long long)run_seed);
	fflush(stdout);
}

/*
 * One check of kind @k: true if @good.  Otherwise a FAIL line, but only the
 * first time the kind fails; the others are counted.
 */
static __attribute__((format(printf, 3, 4)))
bool check(int k, bool good, const char *fmt, ...)
{
	va_list ap;

	kinds[k].checked++;
	if (good)
		return true;
	va_start(ap, fmt);
	vbad(k, fmt, ap);
	va_end(ap);
	return false;
}

/* What one check found wrong, worded for its FAIL line. */
struct diff {
	char why[768];
	size_t len;
};

static __attribute__((format(printf, 2, 3)))
void note(struct diff *d, const char *fmt, ...)
{
	va_list ap;

	if (d->len >= sizeof(d->why) - 1)
		return;
	if (d->len)
		d->len += snprintf(d->why + d->len, sizeof(d->why) - d->len, "; ");
	va_start(ap, fmt);
	if (d->len < sizeof(d->why) - 1)
		d->len += vsnprintf(d->why + d->len, sizeof(d->why) - d->len, fmt, ap);
	va_end(ap);
	if (d->len > sizeof(d->why) - 1)
		d->len = sizeof(d->why) - 1;
}

static void differ(struct diff *d, const char *what, long long got, long long want)
{
	if (got != want)
		note(d, "%s %lld, wanted %lld", what, got, want);
}

static void differ_str(struct diff *d, const char *what, const char *got,
		       const char *want)
{
	if (strcmp(got, want))
		note(d, "%s '%s', wanted '%s'", what, got, want);
}

/* --- talking to hwmem --- */

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

/* Read @rel (a path under D) whole into @buf: its length, or -errno. */
static long slurp(const char *rel, char *buf, size_t size)
{
	char path[256];
	ssize_t r = 0;
	size_t n = 0;
	int fd;

	snprintf(path, sizeof(path), D "/%s", rel);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	if (r < 0)
		r = -errno;
	close(fd);
	buf[n] = '\0';
	return r < 0 ? r : (long)n;
}

/* The value of the "key: value" line of @text, or NULL. */
static const char *value(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, n) && p[n] == ':')
			return p + n + 1 + (p[n + 1] == ' ');
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static long long num(const char *text, const char *key)
{
	const char *v = value(text, key);

	/* strtoull: addresses are above LLONG_MAX, and "-61" reads as -61. */
	return v ? (long long)strtoull(v, NULL, 0) : -1;
}

/* The word after "key: " in @text, into @buf ("" if there is none). */
static const char *word(const char *text, const char *key, char *buf,
			size_t size)
{
	const char *v = value(text, key);
	size_t n = v ? strcspn(v, " \n") : 0;

	if (n >= size)
		n = size - 1;
	memcpy(buf, v ? v : "", n);
	buf[n] = '\0';
	return buf;
}

/* The value of "key: value" in a state file, or -1. */
static long long field(const char *file, const char *key)
{
	static char text[1 << 16];

	return slurp(file, text, sizeof(text)) < 0 ? -1 : num(text, key);
}

/* --- what the fuzzer holds, knows and made --- */

enum part { P_FRAMES, P_BUMP, P_BUDDY, P_SLAB, P_VIRT, P_CACHE, P_REPLAY,
	    NR_PARTS };

static const char *const part_names[NR_PARTS] = {
	"frames", "bump", "buddy", "slab", "virt", "cache", "replay",
};

/* Parts whose ctl file exists: a module loaded without a heap has none. */
static bool present[NR_PARTS];

/**
 * struct held - an allocation the fuzzer holds, or held once
 * @part: where it came from
 * @cache: slab: the id of its cache (ids are never reused)
 * @order: buddy: the block's order
 * @addr: pfn (frames) or address, as hwmem answered it
 */
struct held {
	int part;
	int cache;
	unsigned int order;
	unsigned long long addr;
};

static struct held live[MAX_HELD], dead[MAX_HELD];
static int nr_live, nr_dead, next_dead;

/**
 * struct cache - a slab cache that exists
 * @name: its name
 * @id: a number of the fuzzer's, new for each cache created
 * @made: the fuzzer created it, and destroys it at the end
 */
struct cache {
	char name[16];
	int id;
	bool made;
};

static struct cache caches[SLAB_MAX_CACHES];
static int nr_caches, next_cache_id;
static unsigned int spaces[16];
static int nr_spaces;

/* The bump heap, as the fuzzer predicts it: base and size, and bytes used. */
static struct {
	unsigned long long base, capacity, used;
} bump;

/* The buddy heap's shape, read once. */
static struct {
	unsigned long long capacity, min_block;
	unsigned int max_order;
} buddy;

/* The placement policies at the start, which the end puts back. */
static char policy0[3][16];

static void hold(int part, int cache, unsigned int order,
		 unsigned long long addr)
{
	struct held *h;

	/* random_command() gives back long before this: a bug of the fuzzer's. */
	if (nr_live == MAX_HELD) {
		fail("fuzz.commands", "more than %d allocations held: lost count",
		     MAX_HELD);
		exit(1);
	}
	h = &live[nr_live++];
	*h = (struct held){ part, cache, order, addr };
}

static void release(int i)
{
	dead[next_dead] = live[i];
	next_dead = (next_dead + 1) % MAX_HELD;
	if (nr_dead < MAX_HELD)
		nr_dead++;
	live[i] = live[--nr_live];
}

/* The held allocation of @part at @addr (of cache @cache, -1: any), or -1. */
static int find_live(int part, int cache, unsigned long long addr)
{
	int i;

	for (i = 0; i < nr_live; i++)
		if (live[i].part == part && live[i].addr == addr &&
		    (cache < 0 || live[i].cache == cache))
			return i;
	return -1;
}

static bool was_freed(int part, unsigned long long addr)
{
	int i;

	for (i = 0; i < nr_dead; i++)
		if (dead[i].part == part && dead[i].addr == addr)
			return true;
	return false;
}

/* Allocations held of @part (of cache @cache, -1: any). */
static int count_live(int part, int cache)
{
	int i, n = 0;

	for (i = 0; i < nr_live; i++)
		n += live[i].part == part && (cache < 0 || live[i].cache == cache);
	return n;
}

/* Order-0 blocks of the buddy blocks held. */
static long long held_buddy_blocks(void)
{
	long long n = 0;
	int i;

	for (i = 0; i < nr_live; i++)
		if (live[i].part == P_BUDDY)
			n += 1LL << live[i].order;
	return n;
}

static int cache_find(const char *name)
{
	int i;

	for (i = 0; i < nr_caches; i++)
		if (!strcmp(caches[i].name, name))
			return i;
	return -1;
}

/* The index in caches[] of the cache with id @id, or -1. */
static int cache_index(int id)
{
	int i;

	for (i = 0; i < nr_caches; i++)
		if (caches[i].id == id)
			return i;
	return -1;
}

static void cache_add(const char *name, bool made)
{
	struct cache *c;

	if (nr_caches == SLAB_MAX_CACHES)
		return;
	c = &caches[nr_caches++];
	snprintf(c->name, sizeof(c->name), "%.15s", name);
	c->id = next_cache_id++;
	c->made = made;
}

static void cache_del(int i)
{
	caches[i] = caches[--nr_caches];
}

/* A random allocation the fuzzer holds of @part, or -1 if none. */
static int pick_live(int part)
{
	int i, n = count_live(part, -1), k;

	if (!n)
		return -1;
	k = rndn(n);
	for (i = 0; i < nr_live; i++)
		if (live[i].part == part && !k--)
			return i;
	return -1;
}

/* --- numbers and words, mostly plausible --- */

static const char *const edge_numbers[] = {
	"0", "1", "2", "7", "8", "63", "64", "65", "1024", "4096", "-1", "+1",
	"0x", "0x0", "010", "1x", "0xffffffffffffffff", "18446744073709551615",
	"18446744073709551616", "0x10000000000000000", "9223372036854775808",
	"4294967296", "99999999999999999999999", "", "zz", "1.5",
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void number(char *buf, size_t size)
{
	switch (rndn(4)) {
	case 0:
		snprintf(buf, size, "%s", edge_numbers[rndn(ARRAY_SIZE(edge_numbers))]);
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
		return caches[rndn(nr_caches)].name;
	return fixed[rndn(ARRAY_SIZE(fixed))];
}

static const char *const frames_policies[] = { "lifo", "fifo", "lowest" };
static const char *const buddy_policies[] = { "hot", "exact", "lowest" };
static const char *const slab_policies[] = { "first", "fullest", "emptiest" };

/* A policy name for @names: mostly one of them, sometimes not. */
static const char *policy_name(const char *const names[3])
{
	static const char *const wrong[] = {
		"LIFO", "hot ", "first", "lowest2", "", "fifo lifo", "-",
	};

	return rndn(5) ? names[rndn(3)] : wrong[rndn(ARRAY_SIZE(wrong))];
}

/* --- what hwmem must answer: a model of its command layer --- */

/*
 * As hwmem_cmd_parse_ulong(): decimal without a leading zero, or "0x" and
 * hex digits.  0, -EINVAL, or -ERANGE for more than 64 bits.
 */
static int parse_ulong(const char *w, unsigned long long *val)
{
	unsigned long long v = 0;
	unsigned int base = 10;
	const char *d = w, *p;

	if (w[0] == '0' && w[1] == 'x') {
		base = 16;
		d = w + 2;
	} else if (w[0] == '0' && w[1]) {
		return -EINVAL;
	}
	if (!*d)
		return -EINVAL;
	for (p = d; *p; p++)
		if (base == 16 ? !isxdigit((unsigned char)*p) : !isdigit((unsigned char)*p))
			return -EINVAL;
	for (p = d; *p; p++) {
		unsigned int digit = isdigit((unsigned char)*p) ? *p - '0' :
				     tolower((unsigned char)*p) - 'a' + 10;

		if (v > (ULLONG_MAX - digit) / base)
			return -ERANGE;
		v = v * base + digit;
	}
	*val = v;
	return 0;
}

static int parse_range(const char *w, unsigned long long min,
		       unsigned long long max, unsigned long long *val)
{
	unsigned long long v;
	int err = parse_ulong(w, &v);

	if (err)
		return err;
	if (v < min || v > max)
		return -EINVAL;
	*val = v;
	return 0;
}

static int name_index(const char *w, const char *const names[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(w, names[i]))
			return i;
	return -1;
}

/* A verb of a ctl file, with the fewest and most words after it. */
struct verb {
	const char *name;
	int min, max;
};

/* The command tables of the ctl files, in hwmem/debugfs/. */
static const struct verb verbs[NR_PARTS][8] = {
	[P_FRAMES] = { { "alloc", 0, 1 }, { "free", 1, 1 }, { "policy", 1, 1 } },
	[P_BUMP] = { { "alloc", 1, 2 }, { "reset", 0, 0 } },
	[P_BUDDY] = { { "alloc", 1, 1 }, { "free", 1, 1 }, { "policy", 1, 1 } },
	[P_SLAB] = {
		{ "create", 2, 3 }, { "destroy", 1, 1 }, { "alloc", 1, 1 },
		{ "free", 2, 2 }, { "shrink", 1, 1 }, { "policy", 1, 1 },
	},
	[P_VIRT] = {
		{ "create", 0, 0 }, { "destroy", 1, 1 }, { "map", 3, 4 },
		{ "map2m", 3, 4 }, { "unmap", 2, 2 }, { "translate", 2, 2 },
		{ "ktranslate", 1, 1 },
	},
	[P_CACHE] = {
		{ "flush", 1, 2 }, { "clean", 1, 2 }, { "invalidate", 1, 2 },
		{ "time", 1, 1 },
	},
	[P_REPLAY] = { { "start", 1, 7 }, { "finish", 0, 0 }, { "cancel", 0, 0 } },
};

/* How a replay is set up: struct hwmem_replay_config, policies as indexes. */
struct start_cfg {
	unsigned long long frames, buddy_frames, every, buddy_hot;
	int frames_policy, buddy_policy, slab_policy;
};

/**
 * struct cmdinfo - a command line, taken apart as hwmem takes it
 * @part: the ctl file it goes to
 * @line: a copy, cut into words
 * @w: the words, the verb first
 * @argc: words after the verb
 * @parsed: the line is a verb of the file with the right number of words
 * @kind: the check its answer counts for, or %K_NONE
 * @ok: the answers that kind allows: 0 (accepted) or an errno; -1 ends
 * @eperm_owner: an EPERM is right only if frames/map shows the frame held
 *	by another owner than user (frees of frames)
 * @num: frames alloc: the count; buddy alloc: the order; bump alloc and
 *	frees: the address
 * @end: bump alloc: the bytes used after it
 * @cache: slab: the index in caches[] of the cache it names, or -1
 * @cfg: replay start: the set-up
 */
struct cmdinfo {
	int part;
	char line[CMD_MAX_LEN + 1];
	char *w[CMD_MAX_WORDS];
	int argc;
	bool parsed;
	int kind;
	int ok[4];
	bool eperm_owner;
	unsigned long long num, end;
	int cache;
	struct start_cfg cfg;
};

/* The answers @c may get, 0 or errnos, ended by -1. */
static void want(struct cmdinfo *c, int kind, ...)
{
	va_list ap;
	int i = 0, e;

	c->kind = kind;
	va_start(ap, kind);
	while ((e = va_arg(ap, int)) >= 0 && i < 3)
		c->ok[i++] = e;
	va_end(ap);
	c->ok[i] = -1;
}

/*
 * As hwmem_ctl_write() and hwmem_cmd_split(): at most 256 bytes, one
 * newline allowed at the end, words of printable ASCII between blanks, at
 * most eight of them.  0, or -EINVAL.
 */
static int split(struct cmdinfo *c, const char *cmd, size_t len)
{
	size_t i;
	int n = 0;

	if (!len || len > CMD_MAX_LEN)
		return -EINVAL;
	memcpy(c->line, cmd, len);
	c->line[len] = '\0';
	if (c->line[len - 1] == '\n')
		c->line[--len] = '\0';
	for (i = 0; i < len; i++) {
		unsigned char ch = c->line[i];

		if (ch == ' ' || ch == '\t') {
			c->line[i] = '\0';
			continue;
		}
		if (ch < 0x21 || ch > 0x7e)
			return -EINVAL;
		if (i == 0 || c->line[i - 1] == '\0') {
			if (n == CMD_MAX_WORDS)
				return -EINVAL;
			c->w[n++] = &c->line[i];
		}
	}
	c->argc = n - 1;
	return n ? 0 : -EINVAL;
}

/*
 * A free of @word (in cache @c->cache for slab): accepted if the fuzzer
 * holds it, else refused.  Nothing but the fuzzer allocates, so a pfn,
 * block or object it does not hold is free, another owner's, or not an
 * allocation at all.
 */
static void predict_free(struct cmdinfo *c, const char *word)
{
	int kind = K_FREE, id = -1, err = parse_ulong(word, &c->num);

	if (err)
		return want(c, K_FREE, -err, -1);
	if (c->part == P_SLAB) {
		if (c->cache < 0)
			return want(c, K_FREE, ENOENT, -1);
		id = caches[c->cache].id;
	}
	if (find_live(c->part, id, c->num) >= 0)
		return want(c, K_FREE, 0, -1);
	/* A double free: freed by the fuzzer, not held again (in any cache). */
	if (was_freed(c->part, c->num) && find_live(c->part, -1, c->num) < 0)
		kind = K_DOUBLE_FREE;
	if (c->part != P_FRAMES)
		return want(c, kind, EINVAL, -1);
	/* A frame freed may have gone to a slab or a page table since. */
	c->eperm_owner = true;
	want(c, kind, EINVAL, EPERM, -1);
}

static void predict_frames(struct cmdinfo *c)
{
	int err;

	if (!strcmp(c->w[0], "free"))
		return predict_free(c, c->w[1]);
	if (!strcmp(c->w[0], "policy"))
		return want(c, K_POLICY_FRAMES,
			    name_index(c->w[1], frames_policies) < 0 ? EINVAL : 0, -1);
	c->num = 1;
	if (c->argc) {
		err = parse_range(c->w[1], 1, FRAMES_ALLOC_MAX, &c->num);
		if (err)
			return want(c, K_FRAMES_COUNT, -err, -1);
	}
	want(c, K_FRAMES_COUNT, 0, ENOMEM, -1);
}

/* As hwmem_bump_alloc(): the address is the next one aligned, if it fits. */
static void predict_bump(struct cmdinfo *c)
{
	unsigned long long size, align = 8, start, end;
	int err;

	if (!strcmp(c->w[0], "reset")) {
		c->end = 0;
		return want(c, K_BUMP, 0, -1);
	}
	err = parse_ulong(c->w[1], &size);
	if (!err && c->argc > 1)
		err = parse_ulong(c->w[2], &align);
	if (err)
		return want(c, K_BUMP, -err, -1);
	if (!size || !align || align & (align - 1))
		return want(c, K_BUMP, EINVAL, -1);
	if (__builtin_add_overflow(bump.base + bump.used, align - 1, &start))
		return want(c, K_BUMP, ENOMEM, -1);
	start &= ~(align - 1);
	if (__builtin_add_overflow(start - bump.base, size, &end) ||
	    end > bump.capacity)
		return want(c, K_BUMP, ENOMEM, -1);
	c->num = start;
	c->end = end;
	want(c, K_BUMP, 0, -1);
}

static void predict_buddy(struct cmdinfo *c)
{
	int err, p;

	if (!strcmp(c->w[0], "free"))
		return predict_free(c, c->w[1]);
	if (!strcmp(c->w[0], "policy")) {
		p = name_index(c->w[1], buddy_policies);
		return want(c, K_POLICY_BUDDY, p < 0 ? EINVAL :
			    count_live(P_BUDDY, -1) ? EBUSY : 0, -1);
	}
	err = parse_range(c->w[1], 0, BUDDY_MAX_ORDER, &c->num);
	if (err)
		return want(c, K_BUDDY_ORDER, -err, -1);
	if (c->num > buddy.max_order)
		return want(c, K_BUDDY_ORDER, EINVAL, -1);
	want(c, K_BUDDY_ORDER, 0, ENOMEM, -1);
}

static void predict_slab(struct cmdinfo *c)
{
	const char *verb = c->w[0];
	int p;

	c->cache = cache_find(c->w[1]);
	if (!strcmp(verb, "create"))
		return;
	if (!strcmp(verb, "policy")) {
		p = name_index(c->w[1], slab_policies);
		return want(c, K_POLICY_SLAB, p < 0 ? EINVAL :
			    count_live(P_SLAB, -1) ? EBUSY : 0, -1);
	}
	/* free parses its address before it looks the cache up. */
	if (!strcmp(verb, "free"))
		return predict_free(c, c->w[2]);
	if (c->cache < 0)
		return want(c, !strcmp(verb, "alloc") ? K_ALLOC : K_SLAB_CACHES,
			    ENOENT, -1);
	if (!strcmp(verb, "alloc"))
		return want(c, K_ALLOC, 0, ENOMEM, -1);
	if (!strcmp(verb, "destroy") && count_live(P_SLAB, caches[c->cache].id))
		return want(c, K_SLAB_CACHES, EBUSY, -1);
	want(c, K_SLAB_CACHES, 0, -1);
}

/* A word KEY=VALUE: the value, if the word has that key; else NULL. */
static const char *option(const char *w, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(w, key, n) && w[n] == '=' ? w + n + 1 : NULL;
}

static int parse_policy(const char *w, const char *const names[3], int *p)
{
	*p = name_index(w, names);
	return *p < 0 ? -EINVAL : 0;
}

/* As replay_cmd_start() in debugfs/replay.c: 0 or its errno. */
static int parse_start(struct cmdinfo *c, struct start_cfg *cfg)
{
	static const char *const keys[] = {
		"buddy_frames", "every", "frames_policy", "buddy_policy",
		"buddy_hot", "slab_policy",
	};
	unsigned int seen = 0, k;
	const char *val;
	int i, err;

	memset(cfg, 0, sizeof(*cfg));
	cfg->buddy_hot = BUDDY_HOT_DEFAULT;
	err = parse_range(c->w[1], 2, REPLAY_MAX_FRAMES, &cfg->frames);
	if (err)
		return err;
	cfg->buddy_frames = cfg->frames / 2;
	for (i = 2; i <= c->argc; i++) {
		for (val = NULL, k = 0; k < ARRAY_SIZE(keys) && !val; k++)
			val = option(c->w[i], keys[k]);
		/* Each key once. */
		if (!val || seen & 1u << --k)
			return -EINVAL;
		seen |= 1u << k;
		if (k == 0)
			err = parse_range(val, 1, cfg->frames - 1, &cfg->buddy_frames);
		else if (k == 1)
			err = parse_range(val, 1, ULLONG_MAX, &cfg->every);
		else if (k == 2)
			err = parse_policy(val, frames_policies, &cfg->frames_policy);
		else if (k == 3)
			err = parse_policy(val, buddy_policies, &cfg->buddy_policy);
		else if (k == 4)
			err = parse_range(val, 0, BUDDY_HOT_MAX, &cfg->buddy_hot);
		else
			err = parse_policy(val, slab_policies, &cfg->slab_policy);
		if (err)
			return err;
	}
	return 0;
}

/* --- the replay, as the fuzzer follows it --- */

/* What hwmem_replay_feed() has made of the stream so far. */
struct stream_model {
	bool have_header;
	unsigned char partial[HDR_SIZE];
	unsigned int nr_partial;
	uint64_t nr_records, received, every;
};

/*
 * What the records of a stream the fuzzer made must do: each is replayed
 * or skipped for one reason (hwmem/replay/replay.c), and the fuzzer knows
 * which but for allocations hwmem could not satisfy (replayed, and their
 * frees skipped after the failure).
 */
struct plan {
	uint64_t replayable, kernel_failed, null, untracked, large,
		 unsupported, duplicate;
	uint64_t pages_live;	/* order-0 blocks of the pages left allocated */
	uint64_t lost_events;
};

static struct {
	bool loading;
	bool known;	/* the model below is exact: nothing surprised it */
	bool planned;	/* all that went in since start is stream.buf */
	struct start_cfg cfg;
	struct stream_model m;
} rp;

/* The stream the fuzzer made, and how much of it went in. */
static struct {
	unsigned char buf[HDR_SIZE + STREAM_MAX_RECORDS * REC_SIZE];
	size_t len, sent;
	bool made;
	struct plan plan;
} stream;

static uint64_t get_le(const unsigned char *p, unsigned int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

#define HDR_FIELD(p, f)							\
	get_le((p) + offsetof(struct hwmem_replay_header, f),		\
	       sizeof(((struct hwmem_replay_header *)0)->f))

/* As check_header() in hwmem/replay/replay.c. */
static int model_header(struct stream_model *m, const unsigned char *h)
{
	uint64_t nr = HDR_FIELD(h, nr_records);

	if (HDR_FIELD(h, magic) != HWMEM_REPLAY_MAGIC)
		return -EINVAL;
	if (HDR_FIELD(h, version) != HWMEM_REPLAY_VERSION ||
	    HDR_FIELD(h, header_size) != HDR_SIZE ||
	    HDR_FIELD(h, record_size) != REC_SIZE)
		return -EPROTONOSUPPORT;
	if (HDR_FIELD(h, flags) || HDR_FIELD(h, reserved[0]) ||
	    HDR_FIELD(h, reserved[1]))
		return -EBADMSG;
	if (!m->every)
		m->every = nr / 1000 ? nr / 1000 : 1;
	/* A sample every m->every records, and one at the end. */
	if (nr / m->every >= REPLAY_MAX_SAMPLES)
		return -EINVAL;
	m->nr_records = nr;
	m->have_header = true;
	return 0;
}

/* As play() checks a record: 0, or -EBADMSG. */
static int model_record(struct stream_model *m, const unsigned char *r)
{
	unsigned int type = r[0], order = r[1];
	uint64_t bytes = get_le(r + 4, 4);
	bool page = type == HWMEM_REPLAY_PAGE_ALLOC || type == HWMEM_REPLAY_PAGE_FREE;
	bool alloc = type == HWMEM_REPLAY_KMALLOC || type == HWMEM_REPLAY_CACHE_ALLOC;

	if (!type || type >= HWMEM_REPLAY_NR_TYPES || get_le(r + 2, 2) ||
	    (page && order > HWMEM_REPLAY_MAX_ORDER) || (!page && order) ||
	    (alloc && (!bytes || bytes > HWMEM_REPLAY_MAX_BYTES)) ||
	    (!alloc && bytes))
		return -EBADMSG;
	m->received++;
	return 0;
}

static size_t take_partial(struct stream_model *m, const unsigned char *p,
			   size_t len, size_t want)
{
	size_t n = len < want - m->nr_partial ? len : want - m->nr_partial;

	memcpy(m->partial + m->nr_partial, p, n);
	m->nr_partial += n;
	return n;
}

/* As hwmem_replay_feed() takes @len bytes: 0 or its errno. */
static int model_feed(struct stream_model *m, const unsigned char *p,
		      size_t len)
{
	size_t n;
	int err = 0;

	if (!m->have_header) {
		n = take_partial(m, p, len, HDR_SIZE);
		p += n;
		len -= n;
		if (m->nr_partial < HDR_SIZE)
			return 0;
		m->nr_partial = 0;
		err = model_header(m, m->partial);
		if (err)
			return err;
	}
	if (m->nr_partial && len) {
		n = take_partial(m, p, len, REC_SIZE);
		p += n;
		len -= n;
		if (m->nr_partial < REC_SIZE)
			return 0;
		m->nr_partial = 0;
		err = m->received < m->nr_records ? model_record(m, m->partial) :
		      -EBADMSG;
	}
	for (; !err && len >= REC_SIZE; p += REC_SIZE, len -= REC_SIZE)
		err = m->received == m->nr_records ? -EBADMSG : model_record(m, p);
	if (!err && len)
		take_partial(m, p, len, REC_SIZE);
	return err;
}

/* Every record the header promised came, and no part of another. */
static bool stream_complete(void)
{
	return rp.m.have_header && !rp.m.nr_partial &&
	       rp.m.received == rp.m.nr_records;
}

static void replay_begin(const struct start_cfg *cfg)
{
	rp.loading = true;
	rp.known = true;
	rp.planned = true;
	rp.cfg = *cfg;
	memset(&rp.m, 0, sizeof(rp.m));
	rp.m.every = cfg->every;
	stream.made = false;
	stream.sent = 0;
}

/* The replay's state and error, as summary says. */
static void replay_state(char *state, size_t size, long long *error)
{
	static char text[8192];

	if (slurp("replay/summary", text, sizeof(text)) < 0)
		text[0] = '\0';
	word(text, "state", state, size);
	*error = num(text, "error");
}

/* After an answer the fuzzer did not predict, believe what summary says. */
static void replay_resync(void)
{
	char state[32];
	long long error;

	replay_state(state, sizeof(state), &error);
	rp.loading = !strcmp(state, "loading");
	rp.known = false;
}

/* The replay must be in @state, with @error. */
static void replay_expect(const char *state, int error)
{
	char got[32];
	long long e;

	replay_state(got, sizeof(got), &e);
	check(K_REPLAY_STATE, !strcmp(got, state) && e == error,
	      "summary says state %s error %lld, wanted %s %d", got, e, state, error);
}

/* --- the summary of a replay that finished --- */

/* Glyphs of a map file: how many of each, and in all. */
struct glyphs {
	long long count[256];
	long long total;
};

/*
 * Count the glyphs of map file @rel (lines "OFFSET GLYPHS"); keep the
 * first @size of them in @seq, if not NULL.  -errno if it cannot be read.
 */
static int map_glyphs(const char *rel, struct glyphs *g, char *seq,
		      size_t size)
{
	char path[256], line[512];
	FILE *f;

	memset(g, 0, sizeof(*g));
	snprintf(path, sizeof(path), D "/%s", rel);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ' ');

		for (p = p ? p + 1 : line; *p && *p != '\n'; p++) {
			if (seq && (size_t)g->total < size)
				seq[g->total] = *p;
			g->count[(unsigned char)*p]++;
			g->total++;
		}
	}
	fclose(f);
	return 0;
}

/* Order-0 blocks a buddy map shows allocated: upper case and '#'. */
static long long allocated_glyphs(const struct glyphs *g)
{
	long long n = g->count['#'];
	int c;

	for (c = 'A'; c <= 'Z'; c++)
		n += g->count[c];
	return n;
}

/* The run's set-up, as summary must say it. */
static void summary_config(struct diff *d, const char *s)
{
	char buf[32];

	differ(d, "frames", num(s, "frames"), rp.cfg.frames);
	differ(d, "buddy_frames", num(s, "buddy_frames"), rp.cfg.buddy_frames);
	differ(d, "buddy_hot", num(s, "buddy_hot"), rp.cfg.buddy_hot);
	differ(d, "every", num(s, "every"), rp.m.every);
	differ_str(d, "frames_policy", word(s, "frames_policy", buf, sizeof(buf)),
		   frames_policies[rp.cfg.frames_policy]);
	differ_str(d, "buddy_policy", word(s, "buddy_policy", buf, sizeof(buf)),
		   buddy_policies[rp.cfg.buddy_policy]);
	differ_str(d, "slab_policy", word(s, "slab_policy", buf, sizeof(buf)),
		   slab_policies[rp.cfg.slab_policy]);
}

/* What happened to the records of the fuzzer's own stream. */
static void summary_plan(struct diff *d, const char *s)
{
	const struct plan *p = &stream.plan;

	differ(d, "lost_events", num(s, "lost_events"), p->lost_events);
	differ(d, "skipped_kernel_failed", num(s, "skipped_kernel_failed"),
	       p->kernel_failed);
	differ(d, "skipped_null", num(s, "skipped_null"), p->null);
	differ(d, "skipped_untracked", num(s, "skipped_untracked"), p->untracked);
	differ(d, "skipped_large", num(s, "skipped_large"), p->large);
	differ(d, "skipped_unsupported", num(s, "skipped_unsupported"),
	       p->unsupported);
	differ(d, "skipped_duplicate", num(s, "skipped_duplicate"), p->duplicate);
	differ(d, "replayed + skipped_after_failure",
	       num(s, "replayed") + num(s, "skipped_after_failure"), p->replayable);
}

/* The end state's maps: the right size, the buddy's buffer, its pages. */
static void summary_maps(struct diff *d, const char *s)
{
	struct glyphs g;

	if (map_glyphs("replay/frames_map", &g, NULL, 0)) {
		note(d, "cannot read replay/frames_map");
	} else {
		differ(d, "frames_map glyphs", g.total, rp.cfg.frames);
		differ(d, "frames_map 'b' glyphs", g.count['b'], rp.cfg.buddy_frames);
	}
	if (map_glyphs("replay/buddy_map", &g, NULL, 0)) {
		note(d, "cannot read replay/buddy_map");
		return;
	}
	differ(d, "buddy_map glyphs", g.total, rp.cfg.buddy_frames);
	/* Pages hwmem could not give are not in the map. */
	if (rp.planned && !num(s, "page_failures"))
		differ(d, "buddy_map allocated glyphs", allocated_glyphs(&g),
		       stream.plan.pages_live);
}

/* After a finish that was accepted: what summary and the maps must say. */
static void check_summary(void)
{
	static char s[8192];
	uint64_t n = rp.m.received, every = rp.m.every, samples;
	struct diff d = { .len = 0 };

	if (slurp("replay/summary", s, sizeof(s)) < 0) {
		check(K_REPLAY_SUMMARY, false, "cannot read replay/summary");
		return;
	}
	summary_config(&d, s);
	differ(&d, "records", num(s, "records"), n);
	/* played counts the records taken, skipped ones too. */
	differ(&d, "played", num(s, "played"), n);
	differ(&d, "replayed + skipped", num(s, "replayed") + num(s, "skipped"), n);
	/* A sample each @every records, and one at the end if not just taken. */
	samples = n / every + (n % every || !n);
	differ(&d, "samples", num(s, "samples"), samples);
	if (rp.planned)
		summary_plan(&d, s);
	summary_maps(&d, s);
	check(K_REPLAY_SUMMARY, !d.len, "after finish of %llu records: %s",
	      (unsigned long long)n, d.why);
}

/* --- one command, its answer judged --- */

static unsigned int stats_ok, stats_err;
static char ans[4096];

/* @cmd made printable and short, for a FAIL line. */
static const char *shown(const char *cmd, size_t len)
{
	static char out[128];
	size_t i, n = 0;

	for (i = 0; i < len && n < 64; i++) {
		unsigned char ch = cmd[i];

		if (ch >= 0x20 && ch < 0x7f)
			out[n++] = ch;
		else
			n += snprintf(out + n, sizeof(out) - n, "\\x%02x", ch);
	}
	if (i < len)
		snprintf(out + n, sizeof(out) - n, "... (%zu bytes)", len);
	else
		out[n] = '\0';
	return out;
}

static const char *ename(int err)
{
	const char *s = err ? strerrorname_np(err) : "accepted";

	return s ? s : "an unknown errno";
}

/* The frames/map glyph of frame @pfn, or 0 if hwmem has no such frame. */
static char frame_glyph(unsigned long long pfn)
{
	char line[512], glyph = 0;
	FILE *f = fopen(D "/frames/map", "r");

	if (!f)
		return 0;
	while (!glyph && fgets(line, sizeof(line), f)) {
		char *p;
		unsigned long long first = strtoull(line, &p, 16);
		size_t n = strcspn(++p, "\n");

		if (pfn >= first && pfn - first < n)
			glyph = p[pfn - first];
	}
	fclose(f);
	return glyph;
}

/* Whether answer @err is one @c allows. */
static bool allowed(const struct cmdinfo *c, int err)
{
	char g;
	int i;

	for (i = 0; c->ok[i] >= 0; i++)
		if (c->ok[i] == -err)
			break;
	if (c->ok[i] < 0)
		return false;
	if (err != -EPERM || !c->eperm_owner)
		return true;
	g = frame_glyph(c->num);
	return g && g != '.' && g != 'u';
}

static void judge(const struct cmdinfo *c, const char *cmd, size_t len, int err)
{
	char wanted[96];
	size_t n = 0;
	int i;

	if (c->kind == K_NONE)
		return;
	if (allowed(c, err)) {
		kinds[c->kind].checked++;
		return;
	}
	for (i = 0; c->ok[i] >= 0 && n < sizeof(wanted); i++)
		n += snprintf(wanted + n, sizeof(wanted) - n, "%s%s",
			      i ? " or " : "", ename(c->ok[i]));
	check(c->kind, false, "%s '%s': %s, wanted %s", part_names[c->part],
	      shown(cmd, len), ename(-err), wanted);
}

static void predict(struct cmdinfo *c, int part, const char *cmd, size_t len)
{
	const struct verb *v;

	memset(c, 0, sizeof(*c));
	c->part = part;
	c->kind = K_NONE;
	c->cache = -1;
	if (!present[part])
		return;
	if (split(c, cmd, len))
		return want(c, K_SYNTAX, EINVAL, -1);
	for (v = verbs[part]; v->name && strcmp(v->name, c->w[0]); v++)
		;
	if (!v->name || c->argc < v->min || c->argc > v->max)
		return want(c, K_SYNTAX, EINVAL, -1);
	c->parsed = true;
	switch (part) {
	case P_FRAMES:
		return predict_frames(c);
	case P_BUMP:
		return predict_bump(c);
	case P_BUDDY:
		return predict_buddy(c);
	case P_SLAB:
		return predict_slab(c);
	case P_REPLAY:
		break;
	default:
		/* virt and cache: their syntax only. */
		return;
	}
	if (!strcmp(c->w[0], "start")) {
		int err = parse_start(c, &c->cfg);

		return want(c, K_REPLAY_START, err ? -err : rp.loading ? EBUSY : 0, -1);
	}
	if (!strcmp(c->w[0], "cancel"))
		return want(c, K_REPLAY_CANCEL, rp.loading ? 0 : ENODEV, -1);
	if (!rp.loading)
		return want(c, K_REPLAY_FINISH, ENODEV, -1);
	if (!rp.known)
		return want(c, K_REPLAY_FINISH, 0, ENODATA, -1);
	want(c, K_REPLAY_FINISH, stream_complete() ? 0 : ENODATA, -1);
}

/* An allocation answered @count addresses, none of them held already. */
static void took(const struct cmdinfo *c, unsigned long long count)
{
	unsigned long long addr, n = 0;
	const char *p = ans;
	int id = c->cache >= 0 ? caches[c->cache].id : -1;

	while (sscanf(p, "%llx", &addr) == 1) {
		check(K_ALLOC, find_live(c->part, -1, addr) < 0,
		      "%s %s answered %#llx, which the fuzzer holds already",
		      part_names[c->part], c->w[0], addr);
		hold(c->part, id, c->part == P_BUDDY ? c->num : 0, addr);
		n++;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	check(K_ALLOC, n == count, "%s %s answered %llu addresses, wanted %llu",
	      part_names[c->part], c->w[0], n, count);
}

/* A free was accepted: what it freed is no longer held. */
static void let_go(const struct cmdinfo *c)
{
	unsigned long long addr;
	int i, id = -1;

	if (parse_ulong(c->w[c->argc], &addr))
		return;
	if (c->part == P_SLAB && c->cache >= 0)
		id = caches[c->cache].id;
	i = find_live(c->part, id, addr);
	if (i >= 0)
		release(i);
}

static void learn_bump(const struct cmdinfo *c)
{
	unsigned long long addr = strtoull(ans, NULL, 16);
	int i;

	if (!strcmp(c->w[0], "reset")) {
		for (i = nr_live - 1; i >= 0; i--)
			if (live[i].part == P_BUMP)
				release(i);
		bump.used = 0;
		return;
	}
	hold(P_BUMP, -1, 0, addr);
	if (check(K_BUMP, c->kind == K_NONE || addr == c->num,
		  "alloc answered %#llx, wanted %#llx", addr, c->num))
		bump.used = c->end;
	else
		bump.used = field("bump/state", "used");
}

static void learn_replay(const struct cmdinfo *c, int err)
{
	const char *verb = c->w[0];
	bool was_loading = rp.loading;

	if (c->kind == K_NONE || !allowed(c, err))
		return replay_resync();
	if (!strcmp(verb, "start")) {
		if (!err) {
			replay_begin(&c->cfg);
			replay_expect("loading", 0);
		}
		return;
	}
	if (!was_loading)
		return;
	rp.loading = false;
	if (!strcmp(verb, "cancel"))
		return replay_expect("cancelled", 0);
	replay_expect(err ? "failed" : "done", err);
	if (!err && rp.known)
		check_summary();
}

/* What the fuzzer learns from an answer: what it holds, what exists. */
static void learn(const struct cmdinfo *c, int err)
{
	const char *verb = c->w[0];

	if (!c->parsed)
		return;
	if (c->part == P_REPLAY)
		return learn_replay(c, err);
	if (err)
		return;
	if (!strcmp(verb, "alloc") && c->part != P_BUMP)
		return took(c, c->part == P_FRAMES ? c->num : 1);
	if (!strcmp(verb, "free"))
		return let_go(c);
	switch (c->part) {
	case P_BUMP:
		return learn_bump(c);
	case P_SLAB:
		if (!strcmp(verb, "create"))
			cache_add(c->w[1], true);
		else if (!strcmp(verb, "destroy") && c->cache >= 0)
			cache_del(c->cache);
		return;
	case P_VIRT:
		if (!strcmp(verb, "create") && nr_spaces < 16) {
			spaces[nr_spaces++] = strtoul(ans, NULL, 10);
		} else if (!strcmp(verb, "destroy")) {
			unsigned int id = strtoul(c->w[1], NULL, 10);
			int i;

			for (i = 0; i < nr_spaces; i++)
				if (spaces[i] == id) {
					spaces[i] = spaces[--nr_spaces];
					break;
				}
		}
		return;
	}
}

/*
 * Send one command line to @part's ctl file, judge the answer, learn from
 * it.  @kind, if not K_NONE, is the check a wrong answer counts against
 * (garbage, long lines), whatever the command.
 */
static int run_cmd(int part, const char *cmd, size_t len, int kind)
{
	struct cmdinfo c;
	int err;

	predict(&c, part, cmd, len);
	if (kind != K_NONE && c.kind != K_NONE)
		c.kind = kind;
	err = ctl(part_names[part], cmd, len, ans, sizeof(ans));
	if (err)
		stats_err++;
	else
		stats_ok++;
	judge(&c, cmd, len, err);
	learn(&c, err);
	return err;
}

static int run_cmdf(int part, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return run_cmd(part, cmd, n, K_NONE);
}

/* --- replay streams --- */

static int stream_write(const void *buf, size_t len)
{
	int fd = open(D "/replay/stream", O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, buf, len) < 0)
		err = -errno;
	close(fd);
	return err;
}

/*
 * Write @len bytes to replay/stream in one write, the answer predicted by
 * the model; @mine: they are the next bytes of stream.buf.
 */
static int stream_send(const unsigned char *buf, size_t len, bool mine)
{
	struct stream_model m = rp.m;
	int want = rp.loading ? model_feed(&m, buf, len) : -ENODEV, err;

	err = stream_write(buf, len);
	if (err)
		stats_err++;
	else
		stats_ok++;
	if (!rp.loading || rp.known) {
		if (!check(K_REPLAY_STREAM, err == want,
			   "%zu bytes: %s, wanted %s", len, ename(-err), ename(-want)))
			return replay_resync(), err;
	}
	if (!rp.loading)
		return err;
	if (err) {
		rp.loading = false;
		replay_expect("failed", err);
		return err;
	}
	rp.m = m;
	rp.planned &= mine;
	return 0;
}

static void put_record(unsigned char *p, unsigned int type, unsigned int order,
		       uint32_t bytes, uint64_t id)
{
	struct hwmem_replay_record r = {
		.type = type,
		.order = order,
		.bytes = htole32(bytes),
		.id = htole64(id),
	};

	memcpy(p, &r, sizeof(r));
}

static void put_header(unsigned char *p, uint64_t nr, uint64_t lost)
{
	struct hwmem_replay_header h = {
		.magic = htole64(HWMEM_REPLAY_MAGIC),
		.version = htole16(HWMEM_REPLAY_VERSION),
		.header_size = htole16(HDR_SIZE),
		.record_size = htole16(REC_SIZE),
		.nr_records = htole64(nr),
		.lost_events = htole64(lost),
	};

	memcpy(p, &h, sizeof(h));
}

/* What a trace has allocated and not freed yet, while it is made. */
struct trace {
	uint64_t pages[STREAM_MAX_RECORDS];
	unsigned int orders[STREAM_MAX_RECORDS];
	uint64_t objs[STREAM_MAX_RECORDS];
	uint64_t *skip[STREAM_MAX_RECORDS];	/* the counter its free adds to */
	int nr_pages, nr_objs;
	uint64_t next_id;
};

static void trace_page_alloc(struct trace *t, struct plan *p, unsigned char *r)
{
	unsigned int order = rndn(8) ? rndn(4) : rndn(BUDDY_MAX_ORDER + 1);
	uint64_t id = 0x1000 + t->next_id++;

	put_record(r, HWMEM_REPLAY_PAGE_ALLOC, order, 0, id);
	t->pages[t->nr_pages] = id;
	t->orders[t->nr_pages++] = order;
	p->replayable++;
	p->pages_live += 1ULL << order;
}

static void trace_page_free(struct trace *t, struct plan *p, unsigned char *r)
{
	int i = rndn(t->nr_pages);

	put_record(r, HWMEM_REPLAY_PAGE_FREE, t->orders[i], 0, t->pages[i]);
	p->replayable++;
	p->pages_live -= 1ULL << t->orders[i];
	t->nr_pages--;
	t->pages[i] = t->pages[t->nr_pages];
	t->orders[i] = t->orders[t->nr_pages];
}

/* A kmalloc or kmem_cache_alloc: most replayed, some too large for hwmem. */
static void trace_obj_alloc(struct trace *t, struct plan *p, unsigned char *r)
{
	static const uint32_t sizes[] = { 24, 200, 1000, 4000, 16368 };
	uint64_t id = 0xffff888000000000ULL + 64 * t->next_id++;
	bool odd = !rndn(6);
	uint64_t *counter;

	if (rndn(2)) {
		/* kmalloc above 8 KiB goes to the page allocator: skipped. */
		put_record(r, HWMEM_REPLAY_KMALLOC, 0,
			   odd ? 8193 + rndn(1 << 20) : 1 + rndn(8192), id);
		counter = odd ? &p->large : &p->replayable;
	} else {
		/* Objects above 16368 bytes no slab of hwmem's holds. */
		put_record(r, HWMEM_REPLAY_CACHE_ALLOC, 0,
			   odd ? 16369 + rndn(1 << 16) : sizes[rndn(5)], id);
		counter = odd ? &p->unsupported : &p->replayable;
	}
	(*counter)++;
	t->skip[t->nr_objs] = counter;
	t->objs[t->nr_objs++] = id;
}

static void trace_obj_free(struct trace *t, unsigned char *r)
{
	int i = rndn(t->nr_objs);

	put_record(r, rndn(2) ? HWMEM_REPLAY_KFREE : HWMEM_REPLAY_CACHE_FREE,
		   0, 0, t->objs[i]);
	(*t->skip[i])++;
	t->nr_objs--;
	t->objs[i] = t->objs[t->nr_objs];
	t->skip[i] = t->skip[t->nr_objs];
}

/* A record hwmem must skip, for a reason the fuzzer knows. */
static void trace_skip(struct trace *t, struct plan *p, unsigned char *r)
{
	uint64_t odd = 0xdead00000000ULL + 64 * t->next_id++;

	switch (rndn(4)) {
	case 0:
		if (rndn(2))
			put_record(r, HWMEM_REPLAY_PAGE_ALLOC, rndn(4), 0,
				   HWMEM_REPLAY_FAILED);
		else
			put_record(r, HWMEM_REPLAY_KMALLOC, 0, 1 + rndn(64), 0);
		p->kernel_failed++;
		break;
	case 1:
		/* kfree(NULL), and of ZERO_SIZE_PTR. */
		put_record(r, HWMEM_REPLAY_KFREE, 0, 0, rndn(17));
		p->null++;
		break;
	case 2:
		put_record(r, rndn(2) ? HWMEM_REPLAY_PAGE_FREE : HWMEM_REPLAY_KFREE,
			   0, 0, odd);
		p->untracked++;
		break;
	default:
		if (t->nr_pages)
			put_record(r, HWMEM_REPLAY_PAGE_ALLOC, 0, 0,
				   t->pages[rndn(t->nr_pages)]);
		else if (t->nr_objs)
			put_record(r, HWMEM_REPLAY_KMALLOC, 0, 8,
				   t->objs[rndn(t->nr_objs)]);
		else
			return trace_skip(t, p, r);
		p->duplicate++;
	}
}

/* Make a valid stream of up to STREAM_MAX_RECORDS records into stream.buf. */
static void make_stream(void)
{
	unsigned int n = rndn(16) ? 1 + rndn(STREAM_MAX_RECORDS) : 0, i, r;
	struct plan *p = &stream.plan;
	struct trace t = { .nr_pages = 0 };
	unsigned char *rec = stream.buf + HDR_SIZE;

	memset(p, 0, sizeof(*p));
	p->lost_events = rndn(3);
	put_header(stream.buf, n, p->lost_events);
	for (i = 0; i < n; i++, rec += REC_SIZE) {
		r = rndn(20);
		if (r < 6 || (r < 8 && !t.nr_pages))
			trace_page_alloc(&t, p, rec);
		else if (r < 8)
			trace_page_free(&t, p, rec);
		else if (r < 13 || (r < 16 && !t.nr_objs))
			trace_obj_alloc(&t, p, rec);
		else if (r < 16)
			trace_obj_free(&t, rec);
		else
			trace_skip(&t, p, rec);
	}
	stream.len = HDR_SIZE + n * REC_SIZE;
	stream.sent = 0;
	stream.made = true;
}

/* A record valid but for (often) one field. */
static void bad_record(unsigned char *r)
{
	struct trace t = { .nr_pages = 0 };
	struct plan p = { .replayable = 0 };
	unsigned int i;

	if (rndn(2))
		trace_obj_alloc(&t, &p, r);
	else
		trace_page_alloc(&t, &p, r);
	switch (rndn(6)) {
	case 0:
		r[0] = rndn(2) ? 0 : HWMEM_REPLAY_NR_TYPES + rndn(250);
		break;
	case 1:
		r[2] = 1;	/* reserved */
		break;
	case 2:
		r[1] = r[0] == HWMEM_REPLAY_PAGE_ALLOC ? 21 : 1;
		break;
	case 3:
		memset(r + 4, rndn(2) ? 0 : 0x41, 4);	/* bytes */
		break;
	case 4:
		for (i = 0; i < REC_SIZE; i++)
			r[i] = rnd();
		break;
	}
}

/* A header that is valid, or wrong in one field, then a few odd records. */
static void send_odd_stream(void)
{
	unsigned char buf[HDR_SIZE + 4 * REC_SIZE];
	unsigned int n = rndn(5), i;
	struct hwmem_replay_header h;

	put_header((unsigned char *)&h, n, 0);
	switch (rndn(10)) {
	case 0:
		h.version = htole16(HWMEM_REPLAY_VERSION + 1);
		break;
	case 1:
		h.header_size = htole16(HDR_SIZE - 16);
		break;
	case 2:
		h.record_size = htole16(REC_SIZE * 2);
		break;
	case 3:
		h.flags = htole16(1);
		break;
	case 4:
		h.reserved[1] = htole64(1);
		break;
	case 5:
		/* More samples than a timeline holds, if every= was small. */
		h.nr_records = htole64(1ULL << 40);
		break;
	case 6:
		h.magic ^= htole64(1ULL << rndn(64));
		break;
	}
	memcpy(buf, &h, sizeof(h));
	for (i = 0; i < n; i++)
		bad_record(buf + HDR_SIZE + i * REC_SIZE);
	stream_send(buf, HDR_SIZE + n * REC_SIZE, false);
}

/* Random bytes, sometimes after the magic. */
static void send_random_bytes(void)
{
	unsigned char buf[160];
	size_t len = 1 + rndn(sizeof(buf)), i;

	for (i = 0; i < len; i++)
		buf[i] = rnd();
	if (len >= 8 && rndn(2))
		memcpy(buf, "HWMEMRPL", 8);
	stream_send(buf, len, false);
}

/*
 * The next piece of the fuzzer's stream (made on the first): often the
 * rest at once, sometimes less.  @cut: only part of what is left, then
 * finish, which must be refused.
 */
static void send_stream_piece(bool cut)
{
	size_t left, n;

	if (rp.loading && rp.planned && !stream.made)
		make_stream();
	if (!rp.loading) {
		make_stream();
		stream_send(stream.buf, stream.len, false);
		return;
	}
	left = stream.len - stream.sent;
	if (!rp.planned || !left) {
		run_cmdf(P_REPLAY, "finish");
		return;
	}
	n = cut ? rndn(left) : rndn(4) ? left : 1 + rndn(left);
	if (n && stream_send(stream.buf + stream.sent, n, true))
		return;
	stream.sent += n;
	if (cut)
		run_cmdf(P_REPLAY, "finish");
}

/* A value for a start option @k: mostly plausible, sometimes absurd. */
static void start_value(char *buf, size_t size, unsigned int k,
			unsigned long long frames)
{
	static const char *const odd[] = {
		"0", "", "x", "-1", "99999999999999999999999", "0x", "010",
		"LIFO", "65",
	};

	if (!rndn(12)) {
		snprintf(buf, size, "%s", odd[rndn(ARRAY_SIZE(odd))]);
		return;
	}
	switch (k) {
	case 0:
		snprintf(buf, size, "%llu", rndn(8) ? 1 + rndn(frames - 1) : frames);
		break;
	case 1:
		snprintf(buf, size, "%u", 1 + rndn(16));
		break;
	case 2:
		snprintf(buf, size, "%s", policy_name(frames_policies));
		break;
	case 3:
		snprintf(buf, size, "%s", policy_name(buddy_policies));
		break;
	case 4:
		snprintf(buf, size, "%u", rndn(BUDDY_HOT_MAX + 2));
		break;
	default:
		snprintf(buf, size, "%s", policy_name(slab_policies));
		break;
	}
}

/* "start FRAMES [KEY=VALUE]...": mostly plausible, sometimes absurd. */
static void start_command(char *cmd, size_t size)
{
	static const char *const keys[] = {
		"buddy_frames", "every", "frames_policy", "buddy_policy",
		"buddy_hot", "slab_policy", "colour", "every",
	};
	static const char *const odd_frames[] = {
		"0", "1", "524288", "0x80000", "99999999999999999999999", "",
		"2x", "010", "-4",
	};
	/* Small, mostly: a run's frames are vmalloc()ed and freed each time. */
	unsigned long long frames = 2 + rndn(rndn(8) ? 254 : 2047);
	unsigned int opts = rndn(4), i, k, used = 0;
	char val[64];
	size_t n;

	if (rndn(12))
		n = snprintf(cmd, size, "start %llu", frames);
	else
		n = snprintf(cmd, size, "start %s", odd_frames[rndn(ARRAY_SIZE(odd_frames))]);
	for (i = 0; i < opts && n < size; i++) {
		/* Keys once each, mostly; sometimes twice, or unknown. */
		k = rndn(rndn(10) ? 6 : ARRAY_SIZE(keys));
		if (k < 6 && used & 1u << k && rndn(4))
			continue;
		used |= 1u << k;
		start_value(val, sizeof(val), k, frames);
		n += snprintf(cmd + n, size - n, " %s%s%s", keys[k],
			      rndn(30) ? "=" : "", val);
	}
}

/* One replay command or stream write, chosen by what the replay is doing. */
static void replay_command(char *cmd, size_t size)
{
	unsigned int r = rndn(100);

	cmd[0] = '\0';
	if (r < 15)
		start_command(cmd, size);
	else if (r < 22)
		snprintf(cmd, size, "cancel");
	else if (r < 38)
		snprintf(cmd, size, "finish");
	else if (r < 72)
		send_stream_piece(false);
	else if (r < 80)
		send_stream_piece(true);
	else if (r < 90)
		send_random_bytes();
	else
		send_odd_stream();
}

/* --- one random command --- */

/* Bytes no command line may hold: control characters and beyond ASCII. */
static unsigned char bad_byte(void)
{
	unsigned char b;

	do
		b = rnd();
	while ((b >= 0x20 && b <= 0x7e) || b == '\t' || b == '\n');
	return b;
}

static void garbage_command(int part)
{
	char cmd[64];
	size_t len = 1 + rndn(sizeof(cmd)), i;

	for (i = 0; i < len; i++)
		cmd[i] = rnd();
	/* At least one byte the parser refuses, so that it must refuse. */
	cmd[rndn(len)] = bad_byte();
	run_cmd(part, cmd, len, K_GARBAGE);
}

static void long_command(int part)
{
	static char cmd[6000];
	size_t len = 200 + rndn(sizeof(cmd) - 200);

	memset(cmd, 'a' + rndn(26), len);
	memcpy(cmd, "alloc ", 6);
	run_cmd(part, cmd, len, K_LONG_LINE);
}

/* A command split over two writes: the second must be refused. */
static void split_command(int part)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), D "/%s/ctl", part_names[part]);
	fd = open(path, O_RDWR);
	if (fd >= 0) {
		if (write(fd, "allo", 4) < 0)
			check(K_SPLIT_WRITE, write(fd, "c\n", 2) < 0,
			      "second write on %s accepted", part_names[part]);
		close(fd);
	}
	stats_err++;
}

/* Give one held allocation back, properly. */
static void give_back(int i)
{
	struct held *h = &live[i];
	int c;

	switch (h->part) {
	case P_SLAB:
		c = cache_index(h->cache);
		if (c >= 0)
			run_cmdf(P_SLAB, "free %s 0x%llx", caches[c].name, h->addr);
		else
			release(i);	/* its cache is gone: lost count */
		break;
	case P_BUMP:
		run_cmdf(P_BUMP, "reset");
		break;
	default:
		run_cmdf(h->part, "free 0x%llx", h->addr);
	}
}

/*
 * Give back every block (buddy) or object (slab), then set a policy: with
 * nothing held it must be accepted.
 */
static void drain_and_set_policy(int part)
{
	int i;

	for (i = nr_live - 1; i >= 0; i--)
		if (live[i].part == part)
			give_back(i);
	run_cmdf(part, "policy %s", part == P_BUDDY ? buddy_policies[rndn(3)] :
		 slab_policies[rndn(3)]);
}

static void frames_command(char *cmd, size_t size, const char *a, char *b)
{
	unsigned int r = rndn(24);

	int i = pick_live(P_FRAMES);

	if (r < 2) {
		snprintf(cmd, size, "policy %s", policy_name(frames_policies));
	} else if (r < 13) {
		snprintf(cmd, size, rndn(3) ? "alloc" : "alloc %s", a);
	} else if (i >= 0 && rndn(2)) {
		snprintf(cmd, size, "free 0x%llx", live[i].addr);
	} else {
		address(b, 64);
		snprintf(cmd, size, "free %s", b);
	}
}

static void bump_command(char *cmd, size_t size, const char *a, const char *b)
{
	switch (rndn(5)) {
	case 0:
		snprintf(cmd, size, "reset");
		break;
	case 1:
		snprintf(cmd, size, "alloc %s %s", a, b);
		break;
	default:
		snprintf(cmd, size, "alloc %u %u", 1 + rndn(5000), 1u << rndn(13));
	}
}

static void buddy_command(char *cmd, size_t size, const char *a, char *b)
{
	unsigned int r = rndn(40);
	int i = pick_live(P_BUDDY);

	if (r == 0) {
		drain_and_set_policy(P_BUDDY);
		cmd[0] = '\0';
	} else if (r < 3) {
		snprintf(cmd, size, "policy %s", policy_name(buddy_policies));
	} else if (r < 22) {
		/* Small orders mostly, so that the heap splits, merges and churns. */
		snprintf(cmd, size, "alloc %s", rndn(2) ? a : "0");
		if (rndn(4))
			snprintf(cmd, size, "alloc %u", rndn(3) ? rndn(4) : rndn(12));
	} else if (i >= 0 && rndn(2)) {
		snprintf(cmd, size, "free 0x%llx", live[i].addr);
	} else {
		address(b, 64);
		snprintf(cmd, size, "free %s", b);
	}
}

static void slab_command(char *cmd, size_t size, const char *a, char *b)
{
	const char *cache = cache_name();
	int i, c;

	switch (rndn(40)) {
	case 0:
		drain_and_set_policy(P_SLAB);
		cmd[0] = '\0';
		return;
	case 1:
	case 2:
		snprintf(cmd, size, "policy %s", policy_name(slab_policies));
		return;
	}
	switch (rndn(8)) {
	case 0:
		snprintf(cmd, size, "create f%u %s %s", rndn(12), a,
			 rndn(2) ? b : "8");
		if (rndn(2))
			snprintf(cmd, size, "create f%u %u", rndn(12),
				 1 + rndn(3000));
		break;
	case 1:
		snprintf(cmd, size, "destroy %s", cache);
		break;
	case 2:
		snprintf(cmd, size, "shrink %s", cache);
		break;
	case 3:
	case 4:
	case 5:
		snprintf(cmd, size, "alloc %s", cache);
		break;
	default:
		/* Often an object the fuzzer holds, with its own cache. */
		i = pick_live(P_SLAB);
		c = i >= 0 && rndn(2) ? cache_index(live[i].cache) : -1;
		if (c >= 0) {
			snprintf(cmd, size, "free %s 0x%llx", caches[c].name,
				 live[i].addr);
		} else {
			address(b, 64);
			snprintf(cmd, size, "free %s %s", cache, b);
		}
	}
}

static void virt_command(char *cmd, size_t size, char *b, const char *c)
{
	unsigned int id = nr_spaces && rndn(4) ? spaces[rndn(nr_spaces)] : rndn(20);
	unsigned long long va = (rnd() & 0x7ffffffff000ULL) >> (rndn(2) ? 20 : 0);

	switch (rndn(8)) {
	case 0:
		snprintf(cmd, size, "create");
		break;
	case 1:
		snprintf(cmd, size, "destroy %u", id);
		break;
	case 2:
	case 3:
		address(b, 64);
		snprintf(cmd, size, "%s %u 0x%llx %s %s",
			 rndn(4) ? "map" : "map2m", id, va & ~0xfffULL,
			 nr_live && rndn(2) ? b : c,
			 rndn(2) ? "rw" : "rwxuad");
		break;
	case 4:
		snprintf(cmd, size, "unmap %u 0x%llx", id, va & ~0xfffULL);
		break;
	case 5:
		snprintf(cmd, size, "translate %u 0x%llx", id, va);
		break;
	default:
		address(b, 64);
		snprintf(cmd, size, "ktranslate %s", rndn(2) ? b :
			 "0xffffffff81000000");
	}
}

static void cache_command(char *cmd, size_t size, const char *a, char *b)
{
	address(b, 64);
	switch (rndn(4)) {
	case 0:
		snprintf(cmd, size, "flush %s %s", b, rndn(2) ? a : "1");
		break;
	case 1:
		snprintf(cmd, size, "clean %s", b);
		break;
	case 2:
		snprintf(cmd, size, "invalidate %s", b);
		break;
	default:
		snprintf(cmd, size, "time %s", b);
	}
}

static void random_command(void)
{
	char cmd[512], a[64], b[64], c[64];
	int part = rndn(NR_PARTS), kind = rndn(100);

	if (nr_live > MAX_HELD - 80) {
		/* Holding a lot: give something back. */
		give_back(rndn(nr_live));
		return;
	}
	number(a, sizeof(a));
	number(b, sizeof(b));
	number(c, sizeof(c));
	if (kind < 4)
		return garbage_command(part);
	if (kind < 6)
		return long_command(part);
	if (kind < 8)
		return split_command(part);

	if (part == P_FRAMES)
		frames_command(cmd, sizeof(cmd), a, b);
	else if (part == P_BUMP)
		bump_command(cmd, sizeof(cmd), a, b);
	else if (part == P_BUDDY)
		buddy_command(cmd, sizeof(cmd), a, b);
	else if (part == P_SLAB)
		slab_command(cmd, sizeof(cmd), a, b);
	else if (part == P_VIRT)
		virt_command(cmd, sizeof(cmd), b, c);
	else if (part == P_CACHE)
		cache_command(cmd, sizeof(cmd), a, b);
	else
		replay_command(cmd, sizeof(cmd));
	/* Some commands were whole sequences, sent already. */
	if (!cmd[0])
		return;
	if (rndn(20) == 0)
		strcat(cmd, rndn(2) ? " extra" : "\n\n");
	else if (rndn(2))
		strcat(cmd, "\n");
	run_cmd(part, cmd, strlen(cmd), K_NONE);
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

static const char owner_chars[] = "umbstc";
static const char *const owner_keys[] = {
	"owner_user", "owner_bump", "owner_buddy", "owner_slab",
	"owner_pgtable", "owner_client",
};

/* Sum the frames and free frames of frames/state's region lines. */
static void region_sums(const char *st, long long *frames, long long *free_,
			long long *lines)
{
	const char *p = st;
	long long f, r;

	*frames = *free_ = *lines = 0;
	while ((p = strstr(p, "\nregion "))) {
		p++;
		if (sscanf(p, "region %*u: base_pfn %*x frames %lld free %lld",
			   &f, &r) == 2) {
			*frames += f;
			*free_ += r;
			(*lines)++;
		}
	}
}

/*
 * frames/map, glyph by glyph, against frames/state: its size, its free
 * frames, each owner's; and the frames the fuzzer holds.
 */
static void check_frames(const char *when)
{
	static char st[1 << 16];
	long long frames, free_, rframes, rfree, rlines, known = 0, o;
	struct diff d = { .len = 0 }, od = { .len = 0 };
	struct glyphs g;
	unsigned int i;

	if (slurp("frames/state", st, sizeof(st)) < 0 ||
	    map_glyphs("frames/map", &g, NULL, 0)) {
		check(K_INV_FRAMES, false, "%s: cannot read frames/state or map", when);
		return;
	}
	frames = num(st, "frames");
	free_ = num(st, "free");
	region_sums(st, &rframes, &rfree, &rlines);
	differ(&d, "map glyphs", g.total, frames);
	differ(&d, "regions' frames", rframes, frames);
	differ(&d, "region lines", rlines, num(st, "regions"));
	differ(&d, "map '.' glyphs", g.count['.'], free_);
	differ(&d, "regions' free", rfree, free_);
	check(K_INV_FRAMES, !d.len, "%s: frames %lld: %s", when, frames, d.why);

	for (i = 0; i < ARRAY_SIZE(owner_keys); i++) {
		o = num(st, owner_keys[i]);
		known += g.count[(unsigned char)owner_chars[i]];
		if (o != g.count[(unsigned char)owner_chars[i]])
			note(&od, "%s %lld, frames/map shows %lld", owner_keys[i], o,
			     g.count[(unsigned char)owner_chars[i]]);
	}
	differ(&od, "map glyphs of no owner", g.total - known - g.count['.'], 0);
	check(K_INV_OWNERS, !od.len, "%s: %s", when, od.why);
	o = num(st, "owner_user");
	check(K_INV_USER_FRAMES, o == count_live(P_FRAMES, -1),
	      "%s: owner_user %lld, the fuzzer holds %d", when, o,
	      count_live(P_FRAMES, -1));
}

/* "order N: free K" of buddy/state, into @nr_free. */
static void buddy_free_counts(const char *st, long long *nr_free)
{
	const char *p = st;
	unsigned int o;
	long long k;

	while ((p = strstr(p, "\norder "))) {
		p++;
		if (sscanf(p, "order %u: free %lld", &o, &k) == 2 &&
		    o <= BUDDY_MAX_ORDER)
			nr_free[o] = k;
	}
}

/*
 * Walk buddy/map block by block: each block starts with its order's
 * letter at an offset its size divides, and continues with '.' (free) or
 * '#'; count the free blocks of each order.  Mismatches go to @d.
 */
static void buddy_walk(const char *seq, long long n, long long *map_free,
		       struct diff *d)
{
	long long i, rem = 0;
	char cont = 0;

	for (i = 0; i < n; i++) {
		char ch = seq[i];
		unsigned int o;

		if (rem) {
			if (ch != cont)
				return note(d, "glyph %lld is '%c' inside a block", i, ch);
			rem--;
			continue;
		}
		if (ch >= 'a' && ch <= 'a' + (int)buddy.max_order) {
			o = ch - 'a';
			map_free[o]++;
			cont = '.';
		} else if (ch >= 'A' && ch <= 'A' + (int)buddy.max_order) {
			o = ch - 'A';
			cont = '#';
		} else {
			return note(d, "glyph %lld is '%c', no block's start", i, ch);
		}
		if (i & ((1LL << o) - 1))
			return note(d, "a block of order %u at glyph %lld", o, i);
		rem = (1LL << o) - 1;
	}
	if (rem)
		note(d, "the last block runs past the end");
}

/* buddy/buddyinfo's numbers, one per order, against state's. */
static void check_buddyinfo(const char *when, const long long *nr_free)
{
	static char bi[4096];
	struct diff d = { .len = 0 };
	unsigned int o = 0;
	char *p, *end;

	if (slurp("buddy/buddyinfo", bi, sizeof(bi)) < 0)
		bi[0] = '\0';
	p = strstr(bi, "zone ");
	if (!p) {
		check(K_INV_BUDDYINFO, false, "%s: cannot read buddyinfo", when);
		return;
	}
	p += strspn(p + 4, " ") + 4;
	p += strcspn(p, " ");
	for (;; p = end, o++) {
		long long k = strtoll(p, &end, 10);

		if (end == p)
			break;
		if (o <= buddy.max_order && k != nr_free[o])
			note(&d, "order %u: %lld, state says %lld", o, k, nr_free[o]);
	}
	differ(&d, "orders", o, buddy.max_order + 1);
	check(K_INV_BUDDYINFO, !d.len, "%s: %s", when, d.why);
}

/*
 * buddy/map, glyph by glyph, against state's free blocks of each order and
 * the blocks the fuzzer holds; buddyinfo against state.
 */
static void check_buddy(const char *when)
{
	static char st[8192], seq[1 << 20];
	long long nr_free[BUDDY_MAX_ORDER + 1] = { 0 };
	long long map_free[BUDDY_MAX_ORDER + 1] = { 0 };
	struct diff d = { .len = 0 };
	struct glyphs g;
	unsigned int o;
	long long held;

	if (!present[P_BUDDY])
		return;
	if (slurp("buddy/state", st, sizeof(st)) < 0 ||
	    map_glyphs("buddy/map", &g, seq, sizeof(seq))) {
		check(K_INV_BUDDY_MAP, false, "%s: cannot read buddy/state or map", when);
		return;
	}
	buddy_free_counts(st, nr_free);
	differ(&d, "map glyphs", g.total, buddy.capacity / buddy.min_block);
	buddy_walk(seq, g.total < (long long)sizeof(seq) ? g.total : (long long)sizeof(seq),
		   map_free, &d);
	differ(&d, "allocated glyphs", allocated_glyphs(&g), held_buddy_blocks());
	for (o = 0; o <= buddy.max_order; o++)
		if (map_free[o] != nr_free[o])
			note(&d, "order %u: map shows %lld free, state %lld", o,
			     map_free[o], nr_free[o]);
	check(K_INV_BUDDY_MAP, !d.len, "%s: %s", when, d.why);

	held = num(st, "allocs") - num(st, "frees");
	check(K_INV_BUDDY_BLOCKS, held == count_live(P_BUDDY, -1),
	      "%s: allocs - frees %lld, the fuzzer holds %d", when, held,
	      count_live(P_BUDDY, -1));
	check_buddyinfo(when, nr_free);
}

static void check_bump(const char *when)
{
	static char st[4096];
	long long used, capacity;

	if (!present[P_BUMP])
		return;
	if (slurp("bump/state", st, sizeof(st)) < 0)
		st[0] = '\0';
	used = num(st, "used");
	capacity = num(st, "capacity");
	/* Where the last allocation the fuzzer got ends. */
	check(K_INV_BUMP, used >= 0 && used <= capacity &&
	      (unsigned long long)used == bump.used,
	      "%s: used %lld of %lld, the fuzzer's allocations end at %llu",
	      when, used, capacity, bump.used);
}

/* Each cache's inuse and total, as slab/caches says, by index in caches[]. */
struct slab_figures {
	long long inuse[SLAB_MAX_CACHES], total[SLAB_MAX_CACHES];
	long long lines, inuse_sum, total_sum;
};

/* The column of slab/caches' header line named @col (0: the name). */
static int column(char *hdr, const char *col)
{
	char *tok, *save;
	int i;

	for (tok = strtok_r(hdr, " \n", &save), i = -1; tok;
	     tok = strtok_r(NULL, " \n", &save), i++)
		if (!strcmp(tok, col))
			return i;
	return -1;
}

/* slab/caches: every cache the fuzzer knows and no other, what it holds. */
static void check_caches(const char *when, struct slab_figures *sf)
{
	static char text[1 << 16];
	char hdr[1024], *line, *save, *tok;
	int ci, ct, c, i;
	bool seen[SLAB_MAX_CACHES] = { false };
	struct diff d = { .len = 0 };

	memset(sf, 0, sizeof(*sf));
	if (slurp("slab/caches", text, sizeof(text)) < 0 || !strchr(text, '\n')) {
		check(K_INV_SLAB, false, "%s: cannot read slab/caches", when);
		return;
	}
	snprintf(hdr, sizeof(hdr), "%.*s", (int)strcspn(text, "\n"), text);
	ci = column(hdr, "inuse");
	snprintf(hdr, sizeof(hdr), "%.*s", (int)strcspn(text, "\n"), text);
	ct = column(hdr, "total");
	for (line = strtok_r(strchr(text, '\n'), "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		long long v[2] = { -1, -1 };
		char *tsave;

		tok = strtok_r(line, " ", &tsave);
		c = tok ? cache_find(tok) : -1;
		for (i = 1; tok && (tok = strtok_r(NULL, " ", &tsave)); i++)
			if (i == ci || i == ct)
				v[i == ct] = strtoll(tok, NULL, 10);
		sf->lines++;
		if (c < 0) {
			note(&d, "a cache the fuzzer does not know: %s", line);
			continue;
		}
		seen[c] = true;
		sf->inuse[c] = v[0];
		sf->total[c] = v[1];
		sf->inuse_sum += v[0];
		sf->total_sum += v[1];
		if (v[0] != count_live(P_SLAB, caches[c].id) || v[0] > v[1])
			note(&d, "%s: inuse %lld of %lld, the fuzzer holds %d",
			     caches[c].name, v[0], v[1],
			     count_live(P_SLAB, caches[c].id));
	}
	for (c = 0; c < nr_caches; c++)
		if (!seen[c])
			note(&d, "cache %s is missing", caches[c].name);
	check(K_INV_SLAB, !d.len, "%s: %s", when, d.why);
}

/* slab/slabinfo: active_objs and num_objs of each cache, as caches says. */
static void check_slabinfo(const char *when, const struct slab_figures *sf)
{
	static char text[1 << 16];
	char name[64], *line, *save;
	long long active, objs, lines = 0;
	struct diff d = { .len = 0 };
	int c;

	if (slurp("slab/slabinfo", text, sizeof(text)) < 0) {
		check(K_INV_SLABINFO, false, "%s: cannot read slab/slabinfo", when);
		return;
	}
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "slabinfo -", 10) || line[0] == '#')
			continue;
		lines++;
		c = sscanf(line, "%63s %lld %lld", name, &active, &objs) == 3 ?
		    cache_find(name) : -1;
		if (c < 0) {
			note(&d, "a line the fuzzer does not know: %.60s", line);
			continue;
		}
		if (active != sf->inuse[c] || objs != sf->total[c])
			note(&d, "%s: active_objs %lld num_objs %lld, caches says %lld %lld",
			     name, active, objs, sf->inuse[c], sf->total[c]);
	}
	differ(&d, "caches", lines, sf->lines);
	check(K_INV_SLABINFO, !d.len, "%s: %s", when, d.why);
}

static void check_slab(const char *when)
{
	static char st[4096];
	struct slab_figures sf;
	struct diff d = { .len = 0 };

	check_caches(when, &sf);
	check_slabinfo(when, &sf);
	if (slurp("slab/state", st, sizeof(st)) < 0)
		st[0] = '\0';
	differ(&d, "objects_inuse", num(st, "objects_inuse"), count_live(P_SLAB, -1));
	differ(&d, "objects_total", num(st, "objects_total"), sf.total_sum);
	differ(&d, "caches", num(st, "caches"), sf.lines);
	check(K_INV_SLAB_STATE, !d.len, "%s: %s", when, d.why);
}

/* Files that ask the machine, and fail where it cannot answer. */
static bool may_be_absent(const char *path, int err)
{
	static const char *const files[] = {
		"/info", "/numa", "/cache/hierarchy", "/virt/kernel",
	};
	size_t i, n = strlen(path);

	for (i = 0; i < ARRAY_SIZE(files); i++)
		if (n >= strlen(files[i]) &&
		    !strcmp(path + n - strlen(files[i]), files[i]))
			return err == ENODATA || err == EOPNOTSUPP;
	return false;
}

static void read_one(const char *path)
{
	static char buf[1 << 16];
	ssize_t n = 0;
	int fd = open(path, O_RDONLY), err = 0;

	if (fd < 0) {
		err = errno;
	} else {
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			;
		err = n < 0 ? errno : 0;
		close(fd);
	}
	check(K_FILES, !err || may_be_absent(path, err), "reading %s: %s", path,
	      ename(err));
}

/* Read every readable file under @dir but the ctl files. */
static void read_all(const char *dir)
{
	char path[512];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (!check(K_FILES, d != NULL, "cannot list %s", dir))
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "ctl"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode))
			read_all(path);
		else if (S_ISREG(st.st_mode) && st.st_mode & S_IRUSR)
			read_one(path);
	}
	closedir(d);
}

static void check_replay_state(const char *when)
{
	char state[32];
	long long error;

	replay_state(state, sizeof(state), &error);
	check(K_REPLAY_STATE, !strcmp(state, "loading") == rp.loading,
	      "%s: summary says state %s, but the replay %s loading", when,
	      state, rp.loading ? "is" : "is not");
}

/* @all: read every file too, which costs as much as all the rest. */
static void check_invariants(const char *when, bool all)
{
	check_frames(when);
	check_buddy(when);
	check_bump(when);
	check_slab(when);
	check_replay_state(when);
	if (all)
		read_all(D);
}

/* --- the start and the end --- */

/* What hwmem looks like before the first command. */
static bool learn_start(void)
{
	static char text[1 << 16];
	char *line, *save, name[64];
	int p;

	for (p = 0; p < NR_PARTS; p++) {
		snprintf(text, sizeof(text), D "/%s/ctl", part_names[p]);
		present[p] = !access(text, W_OK);
	}
	if (!present[P_FRAMES] || !present[P_SLAB] || !present[P_REPLAY])
		return false;
	if (slurp("slab/caches", text, sizeof(text)) > 0 && strchr(text, '\n'))
		for (line = strtok_r(strchr(text, '\n'), "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (sscanf(line, "%63s", name) == 1)
				cache_add(name, false);
	bump.base = field("bump/state", "base");
	bump.capacity = field("bump/state", "capacity");
	bump.used = field("bump/state", "used");
	buddy.capacity = field("buddy/state", "capacity");
	buddy.min_block = field("buddy/state", "min_block");
	buddy.max_order = field("buddy/state", "max_order");
	if (present[P_BUDDY] && (!buddy.min_block || buddy.max_order > BUDDY_MAX_ORDER))
		return false;
	snprintf(text, sizeof(text), "%s", "");
	if (slurp("frames/state", text, sizeof(text)) > 0)
		word(text, "policy", policy0[0], sizeof(policy0[0]));
	if (slurp("buddy/state", text, sizeof(text)) > 0)
		word(text, "policy", policy0[1], sizeof(policy0[1]));
	if (slurp("slab/state", text, sizeof(text)) > 0)
		word(text, "policy", policy0[2], sizeof(policy0[2]));
	/* A replay someone left loading: its stream is not the fuzzer's. */
	replay_resync();
	return true;
}

/*
 * Give back everything the fuzzer holds, destroy what it made, end a
 * replay that is loading, and put the policies back as they were (lifo,
 * hot and first, unless hwmem was loaded with others).
 */
static void clean_up(void)
{
	int i;

	while (nr_live) {
		i = nr_live;
		give_back(nr_live - 1);
		if (nr_live == i)
			release(nr_live - 1);	/* refused, and said so */
	}
	run_cmdf(P_BUMP, "reset");
	for (i = nr_spaces - 1; i >= 0; i--)
		run_cmdf(P_VIRT, "destroy %u", spaces[i]);
	nr_spaces = 0;
	for (i = nr_caches - 1; i >= 0; i--)
		if (caches[i].made)
			run_cmdf(P_SLAB, "destroy %s", caches[i].name);
	for (i = 0; i < nr_caches; i++)
		run_cmdf(P_SLAB, "shrink %s", caches[i].name);
	if (rp.loading)
		run_cmdf(P_REPLAY, "cancel");
	run_cmdf(P_FRAMES, "policy %s", policy0[0]);
	if (present[P_BUDDY])
		run_cmdf(P_BUDDY, "policy %s", policy0[1]);
	run_cmdf(P_SLAB, "policy %s", policy0[2]);
}

/* hwmem as it was before the first command, but for its counters. */
static void check_back_to_start(long long free0)
{
	static char st[3][1 << 16];
	char pol[3][16], state[32];
	long long error;
	struct diff d = { .len = 0 };

	slurp("frames/state", st[0], sizeof(st[0]));
	slurp("buddy/state", st[1], sizeof(st[1]));
	slurp("slab/state", st[2], sizeof(st[2]));
	differ(&d, "free frames", num(st[0], "free"), free0);
	differ(&d, "page-table frames", num(st[0], "owner_pgtable"), 0);
	differ(&d, "slab objects", num(st[2], "objects_inuse"), 0);
	if (present[P_BUDDY])
		differ(&d, "buddy bytes free", num(st[1], "free_bytes"),
		       num(st[1], "capacity"));
	differ_str(&d, "frames policy", word(st[0], "policy", pol[0], 16), policy0[0]);
	if (present[P_BUDDY])
		differ_str(&d, "buddy policy", word(st[1], "policy", pol[1], 16),
			   policy0[1]);
	differ_str(&d, "slab policy", word(st[2], "policy", pol[2], 16), policy0[2]);
	replay_state(state, sizeof(state), &error);
	if (!strcmp(state, "loading"))
		note(&d, "a replay is still loading");
	if (d.len)
		fail("fuzz.back_to_start", "%s", d.why);
	else
		pass("fuzz.back_to_start", NULL);
}

/* A PASS line for each kind of check that never failed. */
static void report_kinds(void)
{
	int k;

	for (k = 0; k < NR_KINDS; k++) {
		if (!kinds[k].failed)
			pass(kinds[k].name, "%lu checked", kinds[k].checked);
		else if (kinds[k].failed > 1)
			printf("    %s failed %lu times of %lu\n", kinds[k].name,
			       kinds[k].failed, kinds[k].checked);
	}
}

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check_kernel_log(int *problems0)
{
	int problems = kernel_log_problems();

	if (!check(K_KERNEL_LOG, problems == *problems0,
		   "an oops, BUG or WARN by command %lu (seed %llu)", cmd_no,
		   (unsigned long long)run_seed))
		*problems0 = problems;
}

static int fuzz(unsigned long n, uint64_t seed)
{
	long long free0 = field("frames/state", "free");
	int problems0 = kernel_log_problems();
	double t0 = seconds(), checking = 0, t;

	rng_state = seed ? seed : 1;
	run_seed = seed;
	if (free0 < 0 || !learn_start()) {
		fail("fuzz.loaded", "no %s, or not all of it (is hwmem loaded?)", D);
		return 1;
	}
	if (problems0 < 0) {
		fail("fuzz.kernel_log", "cannot read the kernel log or /hwmem/kernel-problems");
		return 1;
	}
	for (cmd_no = 1; cmd_no <= n; cmd_no++) {
		random_command();
		if (cmd_no % BATCH && cmd_no != n)
			continue;
		t = seconds();
		check_invariants("batch", cmd_no % (4 * BATCH) == 0 || cmd_no == n);
		check_kernel_log(&problems0);
		checking += seconds() - t;
	}
	cmd_no = n;
	pass("fuzz.commands",
	     "%lu commands, seed %llu: %u accepted, %u refused; %.1f s, %.1f of it checking",
	     n, (unsigned long long)seed, stats_ok, stats_err, seconds() - t0, checking);
	clean_up();
	check_invariants("after clean-up", true);
	check_kernel_log(&problems0);
	check_back_to_start(free0);
	report_kinds();
	return failures != 0;
}

/* --- stress --- */

/* The column @col of slab/caches for the cache @name, or -1. */
static long long cache_col(const char *name, const char *col)
{
	char line[1024], hdr[1024];
	long long v = -1;
	int want = -1, i;
	FILE *f = fopen(D "/slab/caches", "r");

	if (!f)
		return -1;
	if (fgets(hdr, sizeof(hdr), f))
		want = column(hdr, col);
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
