// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem-trace - make a hwmem replay stream from a text trace of kmem: events
 *
 *   hwmem-trace convert [-o OUT] [INPUT]
 *   hwmem-trace info FILE
 *   hwmem-trace dump FILE
 *   hwmem-trace --help | -h
 *
 * convert reads a text trace (INPUT, or standard input if INPUT is absent
 * or "-") and writes the binary replay stream of
 * hwmem/include/uapi/hwmem/replay.h to OUT (standard output if absent or
 * "-").  The module never parses text: this is the only parser, so it is
 * strict about the events it converts and never writes a stream that the
 * module would refuse.  At the end it prints a summary to standard error:
 *
 *   hwmem-trace: N lines, E events (page_alloc A, page_free F, kmalloc K,
 *   kfree X, cache_alloc C, cache_free Y), L lost, U lines not understood
 *
 * info checks a stream as the module does and prints its header and the
 * records of each type; dump checks it too and prints one line per record,
 * "N TYPE ORDER BYTES ID", N counting from 0 and ID in hex.  Both stop at
 * the first problem, naming it ("hwmem-trace: FILE: record N: unknown
 * type 9"); dump has printed the records before it by then.  FILE may be
 * "-" for standard input.
 *
 * Input: the text of the kmem: trace events, as either of
 *  - tracefs prints them (/sys/kernel/tracing/trace or trace_pipe):
 *	"  TASK-PID  [CPU] FLAGS  TIMESTAMP: EVENT: key=value ..."
 *    with or without the irq-flags column (4 characters in Linux 6.1,
 *    5 in 6.12) and with or without the "#" header;
 *  - trace-cmd report (3.x) prints them: "cpus=N" first, then
 *	"  TASK-PID  [CPU]  TIMESTAMP: EVENT:   key=value ..."
 *    or, with -l, "TASK-PID  CPUFLAGS  TIMESTAMP: EVENT: ...", where the
 *    task is cut to 8 characters and the flags follow the CPU number.
 * A line is an event line if it has a timestamp token ("123.456789:",
 * digits with at most one dot, then a colon) after at least one other
 * token, followed by an event name token ("kmalloc:").  The search starts
 * after the first "[CPU]" field when there is one, so that task names may
 * hold spaces and brackets ("<idle>", "(udev-worker)", "kworker/u4:1").
 * The fields are the "key=value" tokens after the event name.
 *
 * The events converted, and what each record holds:
 *   mm_page_alloc		page_alloc	order=, id pfn= (hex with 0x, or
 *				decimal as older kernels printed it); a
 *				failed allocation (pfn 0 with a NULL page=
 *				or none) gets id HWMEM_REPLAY_FAILED
 *   mm_page_free		page_free	order=, id pfn=
 *   mm_page_free_batched	page_free	order= if present, else 0
 *   kmalloc			kmalloc		bytes bytes_alloc=, id ptr=
 *   kfree			kfree		id ptr=
 *   kmem_cache_alloc		cache_alloc	bytes bytes_alloc=, id ptr=
 *   kmem_cache_free		cache_free	id ptr=
 * A pointer is hex with or without 0x, hashed or not; "(nil)", "(null)"
 * and 0 are NULL, id 0.  An allocation that failed (ptr NULL) still needs
 * a size in its record: it gets bytes_alloc, or bytes_req if bytes_alloc
 * is 0, or 1 if both are 0, capped at HWMEM_REPLAY_MAX_BYTES.  Any of
 * these events with a needed field missing or malformed, a page order
 * over HWMEM_REPLAY_MAX_ORDER, or a successful allocation with a
 * bytes_alloc of 0 or over HWMEM_REPLAY_MAX_BYTES stops the conversion:
 * "hwmem-trace: line N: why" (N counting from 1), exit 1.
 *
 * Other lines:
 *  - blank lines, "#" comments and trace-cmd's "cpus=N", "CPU N is
 *    empty" and "version = N" are skipped silently;
 *  - lost events add to the header's lost_events: "CPU:N [LOST M EVENTS]"
 *    (tracefs) and "CPU:N [M EVENTS DROPPED]" (trace-cmd) add M, and the
 *    tracefs header "# entries-in-buffer/entries-written: A/B" adds B - A,
 *    the events the ring buffer overwrote; "CPU:N [EVENTS DROPPED]" and
 *    "##### CPU N buffer started ####" say that events were lost without
 *    saying how many: lost_events is then at least 1.  A warning goes to
 *    standard error if lost_events is not 0;
 *  - every other line (other events, anything else) is counted as not
 *    understood and skipped.
 *
 * The header's max_live_pages and max_live_objects are the most page
 * allocations and objects alive at once: an allocation makes its pfn or
 * pointer live, a free of a live one ends it, a free of one never seen
 * allocated is ignored.  Memory use follows the live items, never the
 * length of the trace.
 *
 * Output: the header goes last.  If OUT is a regular file (not opened to
 * append), the records are written in place after a zeroed header, which
 * is filled in at the end.  Otherwise (a pipe, a device, a file opened
 * to append) they go to an unlinked temporary file in $TMPDIR (default
 * /tmp) first and are copied after the header.  On an error, a regular
 * OUT is removed (a redirected standard output is cut back to where it
 * started) and nothing reaches a pipe.  A terminal is refused as OUT.
 *
 * Exit codes: 0 ok; 1 bad input (a malformed event of ours, a malformed
 * stream for info and dump, a file that cannot be read or written);
 * 2 usage error.
 *
 * Build: gcc -O2 -Wall -Wextra -Werror -I hwmem/include/uapi \
 *		-o hwmem-trace scripts/hwmem-trace.c    (add -static for guests)
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <hwmem/replay.h>

#define PROG "hwmem-trace"

#define HEADER_SIZE	64
#define RECORD_SIZE	16

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

_Static_assert(sizeof(struct hwmem_replay_header) == HEADER_SIZE,
	       "replay header is 64 bytes");
_Static_assert(sizeof(struct hwmem_replay_record) == RECORD_SIZE,
	       "replay record is 16 bytes");

enum exit_code {
	EXIT_OK = 0,
	EXIT_BAD_INPUT = 1,
	EXIT_USAGE = 2,
};

static const char *const type_names[HWMEM_REPLAY_NR_TYPES] = {
	[HWMEM_REPLAY_PAGE_ALLOC]	= "page_alloc",
	[HWMEM_REPLAY_PAGE_FREE]	= "page_free",
	[HWMEM_REPLAY_KMALLOC]		= "kmalloc",
	[HWMEM_REPLAY_KFREE]		= "kfree",
	[HWMEM_REPLAY_CACHE_ALLOC]	= "cache_alloc",
	[HWMEM_REPLAY_CACHE_FREE]	= "cache_free",
};

/* The header and a record as numbers; encoded little-endian by hand. */
struct header {
	uint64_t magic;
	unsigned int version;
	unsigned int header_size;
	unsigned int record_size;
	unsigned int flags;
	uint64_t nr_records;
	uint64_t max_live_pages;
	uint64_t max_live_objects;
	uint64_t lost_events;
	uint64_t reserved[2];
};

struct record {
	unsigned int type;
	unsigned int order;
	unsigned int reserved;
	uint32_t bytes;
	uint64_t id;
};

static void print_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void print_usage(FILE *f)
{
	fputs("usage: " PROG " convert [-o OUT] [INPUT]\n"
	      "       " PROG " info FILE\n"
	      "       " PROG " dump FILE\n"
	      "       " PROG " --help | -h\n"
	      "\n"
	      "convert  text trace of kmem: events, tracefs or trace-cmd report\n"
	      "         (INPUT or stdin) -> hwmem replay stream (OUT or stdout)\n"
	      "info     check a replay stream, print its header and counts\n"
	      "dump     check a replay stream, print N TYPE ORDER BYTES ID\n"
	      "         for each record\n"
	      "\n"
	      "Exit codes: 0 ok, 1 bad input, 2 usage error.\n", f);
}

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_usage(stderr);
	return EXIT_USAGE;
}

/* ---- little-endian encoding ---- */

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	int i;

	for (i = bytes - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static void encode_header(const struct header *h, unsigned char *buf)
{
	put_le(buf + 0, h->magic, 8);
	put_le(buf + 8, h->version, 2);
	put_le(buf + 10, h->header_size, 2);
	put_le(buf + 12, h->record_size, 2);
	put_le(buf + 14, h->flags, 2);
	put_le(buf + 16, h->nr_records, 8);
	put_le(buf + 24, h->max_live_pages, 8);
	put_le(buf + 32, h->max_live_objects, 8);
	put_le(buf + 40, h->lost_events, 8);
	put_le(buf + 48, h->reserved[0], 8);
	put_le(buf + 56, h->reserved[1], 8);
}

static void decode_header(const unsigned char *buf, struct header *h)
{
	h->magic = get_le(buf + 0, 8);
	h->version = (unsigned int)get_le(buf + 8, 2);
	h->header_size = (unsigned int)get_le(buf + 10, 2);
	h->record_size = (unsigned int)get_le(buf + 12, 2);
	h->flags = (unsigned int)get_le(buf + 14, 2);
	h->nr_records = get_le(buf + 16, 8);
	h->max_live_pages = get_le(buf + 24, 8);
	h->max_live_objects = get_le(buf + 32, 8);
	h->lost_events = get_le(buf + 40, 8);
	h->reserved[0] = get_le(buf + 48, 8);
	h->reserved[1] = get_le(buf + 56, 8);
}

static void encode_record(const struct record *r, unsigned char *buf)
{
	put_le(buf + 0, r->type, 1);
	put_le(buf + 1, r->order, 1);
	put_le(buf + 2, r->reserved, 2);
	put_le(buf + 4, r->bytes, 4);
	put_le(buf + 8, r->id, 8);
}

static void decode_record(const unsigned char *buf, struct record *r)
{
	r->type = buf[0];
	r->order = buf[1];
	r->reserved = (unsigned int)get_le(buf + 2, 2);
	r->bytes = (uint32_t)get_le(buf + 4, 4);
	r->id = get_le(buf + 8, 8);
}

/* ---- what the module accepts ---- */

static bool is_page_type(unsigned int type)
{
	return type == HWMEM_REPLAY_PAGE_ALLOC || type == HWMEM_REPLAY_PAGE_FREE;
}

static bool is_object_alloc_type(unsigned int type)
{
	return type == HWMEM_REPLAY_KMALLOC ||
	       type == HWMEM_REPLAY_CACHE_ALLOC;
}

/* The header is valid, or *why (size bytes) says what is wrong with it. */
static bool check_header(const struct header *h, char *why, size_t size)
{
	if (h->magic != HWMEM_REPLAY_MAGIC)
		snprintf(why, size, "magic 0x%016" PRIx64 " is not \"HWMEMRPL\"",
			 h->magic);
	else if (h->version != HWMEM_REPLAY_VERSION)
		snprintf(why, size, "version %u, not %d", h->version,
			 HWMEM_REPLAY_VERSION);
	else if (h->header_size != HEADER_SIZE)
		snprintf(why, size, "header_size %u, not %d", h->header_size,
			 HEADER_SIZE);
	else if (h->record_size != RECORD_SIZE)
		snprintf(why, size, "record_size %u, not %d", h->record_size,
			 RECORD_SIZE);
	else if (h->flags)
		snprintf(why, size, "flags 0x%x, not 0", h->flags);
	else if (h->reserved[0] || h->reserved[1])
		snprintf(why, size, "reserved is not 0");
	else
		return true;
	return false;
}

/* The record is valid, or *why (size bytes) says what is wrong with it. */
static bool check_record(const struct record *r, char *why, size_t size)
{
	const char *name;

	if (r->type < 1 || r->type >= HWMEM_REPLAY_NR_TYPES) {
		snprintf(why, size, "unknown type %u", r->type);
		return false;
	}
	name = type_names[r->type];
	if (r->reserved)
		snprintf(why, size, "%s: reserved 0x%x, not 0", name,
			 r->reserved);
	else if (is_page_type(r->type) && r->order > HWMEM_REPLAY_MAX_ORDER)
		snprintf(why, size, "%s: order %u over the maximum %d", name,
			 r->order, HWMEM_REPLAY_MAX_ORDER);
	else if (is_page_type(r->type) && r->bytes)
		snprintf(why, size, "%s: bytes %" PRIu32 ", not 0", name,
			 r->bytes);
	else if (!is_page_type(r->type) && r->order)
		snprintf(why, size, "%s: order %u, not 0", name, r->order);
	else if (is_object_alloc_type(r->type) &&
		 (r->bytes < 1 || r->bytes > HWMEM_REPLAY_MAX_BYTES))
		snprintf(why, size, "%s: bytes %" PRIu32 ", not 1 to %u", name,
			 r->bytes, HWMEM_REPLAY_MAX_BYTES);
	else if (!is_page_type(r->type) && !is_object_alloc_type(r->type) &&
		 r->bytes)
		snprintf(why, size, "%s: bytes %" PRIu32 ", not 0", name,
			 r->bytes);
	else
		return true;
	return false;
}

/* ---- live pfns and pointers: an open-addressing hash set ---- */

#define SET_MIN_SLOTS	1024

struct slot {
	uint64_t key;
	bool used;
};

/* Linear probing; deletion shifts entries back, so there are no tombstones. */
struct live_set {
	struct slot *slots;
	size_t mask;		/* number of slots - 1, a power of 2 */
	size_t count;
	uint64_t max_count;
};

static size_t home_slot(const struct live_set *set, uint64_t key)
{
	/* Mix all the bits in: pointers are aligned, pfns consecutive. */
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & set->mask;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		print_error("out of memory");
		exit(EXIT_BAD_INPUT);
	}
	return p;
}

static void set_init(struct live_set *set)
{
	set->slots = xcalloc(SET_MIN_SLOTS, sizeof(*set->slots));
	set->mask = SET_MIN_SLOTS - 1;
	set->count = 0;
	set->max_count = 0;
}

static void set_free(struct live_set *set)
{
	free(set->slots);
	set->slots = NULL;
}

static size_t set_find(const struct live_set *set, uint64_t key, bool *found)
{
	size_t i = home_slot(set, key);

	while (set->slots[i].used && set->slots[i].key != key)
		i = (i + 1) & set->mask;
	*found = set->slots[i].used;
	return i;
}

static void set_resize(struct live_set *set, size_t nr_slots)
{
	struct slot *old = set->slots;
	size_t old_nr = set->mask + 1, i, j;
	bool found;

	set->slots = xcalloc(nr_slots, sizeof(*set->slots));
	set->mask = nr_slots - 1;
	for (i = 0; i < old_nr; i++) {
		if (!old[i].used)
			continue;
		j = set_find(set, old[i].key, &found);
		set->slots[j] = old[i];
	}
	free(old);
}

/* Make key live; no change if it already is. */
static void set_add(struct live_set *set, uint64_t key)
{
	bool found;
	size_t i = set_find(set, key, &found);

	if (found)
		return;
	set->slots[i].key = key;
	set->slots[i].used = true;
	set->count++;
	if (set->count > set->max_count)
		set->max_count = set->count;
	/* At most half full. */
	if (set->count * 2 > set->mask + 1)
		set_resize(set, (set->mask + 1) * 2);
}

/* True if i lies cyclically in (from, to]. */
static bool in_cyclic_range(size_t i, size_t from, size_t to)
{
	if (from <= to)
		return from < i && i <= to;
	return from < i || i <= to;
}

/* End key's life if it is live; a key never added is ignored. */
static void set_remove(struct live_set *set, uint64_t key)
{
	bool found;
	size_t hole = set_find(set, key, &found), i = hole;

	if (!found)
		return;
	/* Move back every entry that would no longer be found past the hole. */
	for (;;) {
		i = (i + 1) & set->mask;
		if (!set->slots[i].used)
			break;
		if (in_cyclic_range(home_slot(set, set->slots[i].key), hole, i))
			continue;
		set->slots[hole] = set->slots[i];
		hole = i;
	}
	set->slots[hole].used = false;
	set->count--;
	/* Shrink below an eighth full, so memory follows the live items. */
	if (set->mask + 1 > SET_MIN_SLOTS && set->count * 8 < set->mask + 1)
		set_resize(set, (set->mask + 1) / 2);
}

/* ---- the output stream of convert ---- */

struct output {
	const char *name;	/* for messages */
	const char *path;	/* NULL when writing to standard output */
	FILE *file;		/* where the stream goes */
	FILE *records;		/* file itself, or a temporary file */
	off_t start;		/* where the header goes in file */
	bool in_place;		/* file is a regular file written in place */
};

static FILE *open_temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd, n;

	if (!dir || !*dir)
		dir = "/tmp";
	n = snprintf(path, sizeof(path), "%s/hwmem-trace.XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		print_error("TMPDIR is too long");
		return NULL;
	}
	fd = mkstemp(path);
	if (fd < 0) {
		print_error("cannot create a temporary file in %s: %s", dir,
			    strerror(errno));
		return NULL;
	}
	unlink(path);
	f = fdopen(fd, "w+b");
	if (!f) {
		print_error("%s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

/* A regular file that can be written at any offset (not O_APPEND). */
static bool can_write_in_place(int fd)
{
	struct stat st;
	int flags = fcntl(fd, F_GETFL);

	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		return false;
	return flags >= 0 && !(flags & O_APPEND);
}

/* After an error: leave no stream behind that could be mistaken for one. */
static void output_discard(struct output *out)
{
	if (!out->in_place) {
		fclose(out->records);
		if (out->path)
			fclose(out->file);
		return;
	}
	if (out->path) {
		fclose(out->file);
		unlink(out->path);
		return;
	}
	fflush(out->file);
	if (ftruncate(fileno(out->file), out->start))
		print_error("%s: cannot remove the partial stream: %s",
			    out->name, strerror(errno));
}

static int output_open(struct output *out, const char *path)
{
	static const unsigned char zero_header[HEADER_SIZE];
	int fd;

	memset(out, 0, sizeof(*out));
	if (path && strcmp(path, "-")) {
		out->path = path;
		out->name = path;
		out->file = fopen(path, "wb");
		if (!out->file) {
			print_error("%s: %s", path, strerror(errno));
			return EXIT_BAD_INPUT;
		}
	} else {
		out->name = "standard output";
		out->file = stdout;
	}
	fd = fileno(out->file);
	if (isatty(fd)) {
		if (out->path)
			fclose(out->file);
		return usage_error("binary output to a terminal: use -o OUT");
	}
	out->in_place = can_write_in_place(fd);
	if (out->in_place) {
		out->start = lseek(fd, 0, SEEK_CUR);
		out->in_place = out->start >= 0;
	}
	if (out->in_place) {
		/* A zero magic: a stream cut short is refused, never misread. */
		out->records = out->file;
		if (fwrite(zero_header, HEADER_SIZE, 1, out->file) != 1) {
			print_error("%s: %s", out->name, strerror(errno));
			output_discard(out);
			return EXIT_BAD_INPUT;
		}
		return EXIT_OK;
	}
	out->records = open_temp_file();
	if (!out->records) {
		if (out->path)
			fclose(out->file);
		return EXIT_BAD_INPUT;
	}
	return EXIT_OK;
}

static bool output_record(struct output *out, const struct record *r)
{
	unsigned char buf[RECORD_SIZE];

	encode_record(r, buf);
	if (fwrite(buf, RECORD_SIZE, 1, out->records) == 1)
		return true;
	print_error("%s: %s", out->in_place ? out->name : "temporary file",
		    strerror(errno));
	return false;
}

static bool copy_records(struct output *out)
{
	unsigned char buf[65536];
	size_t n;

	if (fflush(out->records) || fseeko(out->records, 0, SEEK_SET)) {
		print_error("temporary file: %s", strerror(errno));
		return false;
	}
	while ((n = fread(buf, 1, sizeof(buf), out->records)) > 0) {
		if (fwrite(buf, 1, n, out->file) != n) {
			print_error("%s: %s", out->name, strerror(errno));
			return false;
		}
	}
	if (ferror(out->records)) {
		print_error("temporary file: %s", strerror(errno));
		return false;
	}
	return true;
}

static bool write_header(struct output *out, const struct header *h)
{
	unsigned char buf[HEADER_SIZE];
	int fd = fileno(out->file);

	encode_header(h, buf);
	if (!out->in_place) {
		if (fwrite(buf, HEADER_SIZE, 1, out->file) != 1) {
			print_error("%s: %s", out->name, strerror(errno));
			return false;
		}
		return copy_records(out);
	}
	if (fflush(out->file)) {
		print_error("%s: %s", out->name, strerror(errno));
		return false;
	}
	if (pwrite(fd, buf, HEADER_SIZE, out->start) != HEADER_SIZE) {
		print_error("%s: cannot write the header: %s", out->name,
			    strerror(errno));
		return false;
	}
	return true;
}

/* Write the header and close; on error, say so and discard the stream. */
static bool output_finish(struct output *out, const struct header *h)
{
	int ret;

	if (!write_header(out, h)) {
		output_discard(out);
		return false;
	}
	if (!out->in_place)
		fclose(out->records);
	ret = out->path ? fclose(out->file) : fflush(out->file);
	if (ret) {
		print_error("%s: %s", out->name, strerror(errno));
		if (out->path && out->in_place)
			unlink(out->path);
		return false;
	}
	return true;
}

/* ---- reading the text ---- */

/* A piece of the line: tokens and values are not copied. */
struct span {
	const char *s;
	size_t len;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

static struct span token_at(const char *p)
{
	struct span t = { p, 0 };

	while (p[t.len] && !is_blank(p[t.len]))
		t.len++;
	return t;
}

static bool span_is(struct span t, const char *s)
{
	return t.len == strlen(s) && !memcmp(t.s, s, t.len);
}

static bool skip_literal(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n))
		return false;
	*p += n;
	return true;
}

/* Decimal digits at *p, at least one, no overflow; *p moves past them. */
static bool take_decimal(const char **p, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;

	if (!is_digit(*s))
		return false;
	for (; is_digit(*s); s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*val = v;
	return true;
}

static bool parse_decimal(struct span t, uint64_t *val)
{
	char buf[32];
	const char *p = buf;

	if (t.len == 0 || t.len >= sizeof(buf))
		return false;
	memcpy(buf, t.s, t.len);
	buf[t.len] = '\0';
	return take_decimal(&p, val) && *p == '\0';
}

/* Hex digits, with or without 0x; at most 64 bits of value. */
static bool parse_hex(struct span t, uint64_t *val)
{
	uint64_t v = 0;
	size_t i = 0;

	if (t.len > 2 && t.s[0] == '0' && (t.s[1] == 'x' || t.s[1] == 'X'))
		i = 2;
	if (i == t.len)
		return false;
	for (; i < t.len; i++) {
		int d = hex_value(t.s[i]);

		if (d < 0 || v >> 60)
			return false;
		v = (v << 4) | (uint64_t)d;
	}
	*val = v;
	return true;
}

/* A pointer as %p prints it: hex, or (nil) or (null) for NULL, which is 0. */
static bool parse_pointer(struct span t, uint64_t *val)
{
	if (span_is(t, "(nil)") || span_is(t, "(null)")) {
		*val = 0;
		return true;
	}
	return parse_hex(t, val);
}

/* pfn=0x... as kernels print it now, or decimal as older ones did. */
static bool parse_pfn(struct span t, uint64_t *val)
{
	if (t.len > 2 && t.s[0] == '0' && (t.s[1] == 'x' || t.s[1] == 'X'))
		return parse_hex(t, val);
	return parse_decimal(t, val);
}

/* "123.456789:" or "123456:" */
static bool is_timestamp(struct span t)
{
	size_t i, dots = 0;

	if (t.len < 2 || t.s[t.len - 1] != ':' || !is_digit(t.s[0]) ||
	    !is_digit(t.s[t.len - 2]))
		return false;
	for (i = 0; i < t.len - 1; i++) {
		if (t.s[i] == '.')
			dots++;
		else if (!is_digit(t.s[i]))
			return false;
	}
	return dots <= 1;
}

/* "kmalloc:" */
static bool is_event_name(struct span t)
{
	size_t i;

	if (t.len < 2 || t.s[t.len - 1] != ':')
		return false;
	for (i = 0; i < t.len - 1; i++) {
		char c = t.s[i];

		if (!(is_digit(c) || c == '_' || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}

/* Just past the first " [CPU]" field, or NULL if the line has none. */
static const char *after_cpu_field(const char *line)
{
	const char *p;

	for (p = strchr(line, '['); p; p = strchr(p + 1, '[')) {
		const char *q = p + 1;

		if (p == line || !is_blank(p[-1]) || !is_digit(*q))
			continue;
		while (is_digit(*q))
			q++;
		if (*q == ']')
			return q + 1;
	}
	return NULL;
}

/*
 * Find "TIMESTAMP: EVENT:" after at least one other token (the task): the
 * event's name (without the colon) goes to *name and the text after it to
 * *fields.  False if the line is not an event line.
 */
static bool find_event(const char *line, struct span *name,
		       const char **fields)
{
	const char *p = after_cpu_field(line);
	bool after_task = p;	/* the task comes before "[CPU]" */

	p = skip_blanks(p ? p : line);
	while (*p) {
		struct span t = token_at(p), next;

		next = token_at(skip_blanks(p + t.len));
		if (after_task && is_timestamp(t) && is_event_name(next)) {
			name->s = next.s;
			name->len = next.len - 1;
			*fields = skip_blanks(next.s + next.len);
			return true;
		}
		after_task = true;
		p = skip_blanks(p + t.len);
	}
	return false;
}

/* The value of the first "key=value" token of fields. */
static bool find_field(const char *fields, const char *key, struct span *val)
{
	size_t klen = strlen(key);
	const char *p = skip_blanks(fields);

	while (*p) {
		struct span t = token_at(p);

		if (t.len > klen && !memcmp(t.s, key, klen) && t.s[klen] == '=') {
			val->s = t.s + klen + 1;
			val->len = t.len - klen - 1;
			return true;
		}
		p = skip_blanks(p + t.len);
	}
	return false;
}

/* ---- convert ---- */

struct event_kind {
	const char *name;
	unsigned int type;
};

static const struct event_kind event_kinds[] = {
	{ "mm_page_alloc",		HWMEM_REPLAY_PAGE_ALLOC },
	{ "mm_page_free",		HWMEM_REPLAY_PAGE_FREE },
	{ "mm_page_free_batched",	HWMEM_REPLAY_PAGE_FREE },
	{ "kmalloc",			HWMEM_REPLAY_KMALLOC },
	{ "kfree",			HWMEM_REPLAY_KFREE },
	{ "kmem_cache_alloc",		HWMEM_REPLAY_CACHE_ALLOC },
	{ "kmem_cache_free",		HWMEM_REPLAY_CACHE_FREE },
};

struct converter {
	uint64_t line_no;
	uint64_t events;
	uint64_t by_type[HWMEM_REPLAY_NR_TYPES];
	uint64_t lost;
	bool lost_uncounted;	/* events were lost, how many not said */
	uint64_t not_understood;
	struct live_set pages;
	struct live_set objects;
	struct output out;
};

static const struct event_kind *find_event_kind(struct span name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(event_kinds); i++)
		if (span_is(name, event_kinds[i].name))
			return &event_kinds[i];
	return NULL;
}

/*
 * The field key of an event, parsed by parse(); false with *why filled if
 * it is missing (and not optional) or malformed.
 */
static bool get_field(const char *fields, const char *event, const char *key,
		      bool (*parse)(struct span, uint64_t *), uint64_t *val,
		      bool *present, char *why, size_t size)
{
	struct span v;

	*present = find_field(fields, key, &v);
	if (!*present) {
		snprintf(why, size, "%s: no %s= field", event, key);
		return false;
	}
	if (!parse(v, val)) {
		snprintf(why, size, "%s: bad %s=%.*s", event, key,
			 (int)(v.len > 40 ? 40 : v.len), v.s);
		return false;
	}
	return true;
}

static bool need_field(const char *fields, const char *event, const char *key,
		       bool (*parse)(struct span, uint64_t *), uint64_t *val,
		       char *why, size_t size)
{
	bool present;

	return get_field(fields, event, key, parse, val, &present, why, size);
}

/* An optional field: *val keeps its value if the field is absent. */
static bool maybe_field(const char *fields, const char *event,
			const char *key,
			bool (*parse)(struct span, uint64_t *), uint64_t *val,
			char *why, size_t size)
{
	bool present;

	if (get_field(fields, event, key, parse, val, &present, why, size))
		return true;
	return !present;
}

static bool parse_page_event(const char *event, const char *fields,
			     struct record *r, char *why, size_t size)
{
	bool batched = !strcmp(event, "mm_page_free_batched");
	uint64_t order = 0, pfn, page = 0;
	bool has_page;
	struct span v;

	if (!need_field(fields, event, "pfn", parse_pfn, &pfn, why, size))
		return false;
	if (batched) {
		if (!maybe_field(fields, event, "order", parse_decimal, &order,
				 why, size))
			return false;
	} else if (!need_field(fields, event, "order", parse_decimal, &order,
			       why, size)) {
		return false;
	}
	if (order > HWMEM_REPLAY_MAX_ORDER) {
		snprintf(why, size, "%s: order=%" PRIu64 " over the maximum %d",
			 event, order, HWMEM_REPLAY_MAX_ORDER);
		return false;
	}
	r->order = (unsigned int)order;
	r->id = pfn;
	if (r->type != HWMEM_REPLAY_PAGE_ALLOC)
		return true;
	/* The kernel prints a failed allocation as a NULL page at pfn 0. */
	has_page = find_field(fields, "page", &v);
	if (has_page && !parse_pointer(v, &page)) {
		snprintf(why, size, "%s: bad page=%.*s", event,
			 (int)(v.len > 40 ? 40 : v.len), v.s);
		return false;
	}
	if (has_page && !page && pfn) {
		snprintf(why, size, "%s: page NULL but pfn=0x%" PRIx64, event,
			 pfn);
		return false;
	}
	if (!pfn && !page)
		r->id = HWMEM_REPLAY_FAILED;
	return true;
}

/* A failed allocation's size: bytes_alloc, else bytes_req, else 1; capped. */
static uint32_t failed_alloc_bytes(uint64_t bytes_alloc, uint64_t bytes_req)
{
	uint64_t bytes = bytes_alloc ? bytes_alloc : bytes_req;

	if (!bytes)
		return 1;
	if (bytes > HWMEM_REPLAY_MAX_BYTES)
		return HWMEM_REPLAY_MAX_BYTES;
	return (uint32_t)bytes;
}

static bool parse_object_event(const char *event, const char *fields,
			       struct record *r, char *why, size_t size)
{
	uint64_t ptr, bytes_alloc, bytes_req = 0;

	if (!need_field(fields, event, "ptr", parse_pointer, &ptr, why, size))
		return false;
	r->id = ptr;
	if (!is_object_alloc_type(r->type))
		return true;
	if (!need_field(fields, event, "bytes_alloc", parse_decimal,
			&bytes_alloc, why, size))
		return false;
	if (!ptr) {
		if (!maybe_field(fields, event, "bytes_req", parse_decimal,
				 &bytes_req, why, size))
			return false;
		r->bytes = failed_alloc_bytes(bytes_alloc, bytes_req);
		return true;
	}
	if (bytes_alloc == 0 || bytes_alloc > HWMEM_REPLAY_MAX_BYTES) {
		snprintf(why, size,
			 "%s: bytes_alloc=%" PRIu64 " with a non-NULL ptr (must be 1 to %u)",
			 event, bytes_alloc, HWMEM_REPLAY_MAX_BYTES);
		return false;
	}
	r->bytes = (uint32_t)bytes_alloc;
	return true;
}

static void track_live(struct converter *c, const struct record *r)
{
	switch (r->type) {
	case HWMEM_REPLAY_PAGE_ALLOC:
		if (r->id != HWMEM_REPLAY_FAILED)
			set_add(&c->pages, r->id);
		break;
	case HWMEM_REPLAY_PAGE_FREE:
		set_remove(&c->pages, r->id);
		break;
	case HWMEM_REPLAY_KMALLOC:
	case HWMEM_REPLAY_CACHE_ALLOC:
		if (r->id)
			set_add(&c->objects, r->id);
		break;
	default:
		if (r->id)
			set_remove(&c->objects, r->id);
		break;
	}
}

/* One of our events: record it, or say why not and return false. */
static bool convert_event(struct converter *c, const struct event_kind *kind,
			  const char *fields)
{
	struct record r = { .type = kind->type };
	char why[200];
	bool ok;

	if (is_page_type(kind->type))
		ok = parse_page_event(kind->name, fields, &r, why, sizeof(why));
	else
		ok = parse_object_event(kind->name, fields, &r, why,
					sizeof(why));
	/* Never write what the module would refuse. */
	if (ok)
		ok = check_record(&r, why, sizeof(why));
	if (!ok) {
		print_error("line %" PRIu64 ": %s", c->line_no, why);
		return false;
	}
	if (!output_record(&c->out, &r))
		return false;
	c->events++;
	c->by_type[r.type]++;
	track_live(c, &r);
	return true;
}

/*
 * "CPU:N [LOST M EVENTS]", "CPU:N [M EVENTS DROPPED]", "CPU:N [EVENTS
 * DROPPED]" or "##### CPU N buffer started ####": true if the line is one.
 */
static bool note_lost_events(struct converter *c, const char *p)
{
	bool uncounted = false;
	uint64_t cpu, n = 0;

	if (skip_literal(&p, "##### CPU ")) {
		if (!take_decimal(&p, &cpu) ||
		    !skip_literal(&p, " buffer started"))
			return false;
		c->lost_uncounted = true;
		return true;
	}
	if (!skip_literal(&p, "CPU:") || !take_decimal(&p, &cpu) ||
	    !skip_literal(&p, " ["))
		return false;
	if (skip_literal(&p, "LOST ")) {
		if (!take_decimal(&p, &n) || !skip_literal(&p, " EVENTS]"))
			return false;
	} else if (skip_literal(&p, "EVENTS DROPPED]")) {
		uncounted = true;
	} else if (!take_decimal(&p, &n) ||
		   !skip_literal(&p, " EVENTS DROPPED]")) {
		return false;
	}
	if (*skip_blanks(p) != '\0')
		return false;
	c->lost += n;
	c->lost_uncounted |= uncounted;
	return true;
}

/* "# entries-in-buffer/entries-written: A/B": B - A were overwritten. */
static void note_overwritten_events(struct converter *c, const char *p)
{
	uint64_t in_buffer, written;

	p = skip_blanks(p + 1);
	if (!skip_literal(&p, "entries-in-buffer/entries-written:"))
		return;
	p = skip_blanks(p);
	if (!take_decimal(&p, &in_buffer) || !skip_literal(&p, "/") ||
	    !take_decimal(&p, &written))
		return;
	if (written > in_buffer)
		c->lost += written - in_buffer;
}

/* trace-cmd report's own lines: "cpus=N", "CPU N is empty", "version = N" */
static bool is_trace_cmd_line(const char *p)
{
	uint64_t n;

	if (skip_literal(&p, "cpus=") || skip_literal(&p, "version = "))
		return take_decimal(&p, &n) && *skip_blanks(p) == '\0';
	if (skip_literal(&p, "CPU "))
		return take_decimal(&p, &n) && skip_literal(&p, " is empty") &&
		       *skip_blanks(p) == '\0';
	return false;
}

/* One line of text; false if it stops the conversion. */
static bool convert_line(struct converter *c, char *line)
{
	size_t len = strlen(line);
	const struct event_kind *kind;
	const char *p, *fields;
	struct span name;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	p = skip_blanks(line);
	if (*p == '\0' || note_lost_events(c, p))
		return true;
	if (*p == '#') {
		note_overwritten_events(c, p);
		return true;
	}
	if (is_trace_cmd_line(p))
		return true;
	if (!find_event(p, &name, &fields)) {
		c->not_understood++;
		return true;
	}
	kind = find_event_kind(name);
	if (!kind) {
		c->not_understood++;
		return true;
	}
	return convert_event(c, kind, fields);
}

static bool convert_stream(struct converter *c, FILE *in, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	bool ok = true;

	while (ok && getline(&line, &cap, in) >= 0) {
		c->line_no++;
		ok = convert_line(c, line);
	}
	free(line);
	if (ok && ferror(in)) {
		print_error("%s: %s", name, strerror(errno));
		ok = false;
	}
	return ok;
}

static void print_summary(const struct converter *c, uint64_t lost)
{
	unsigned int t;

	fprintf(stderr, PROG ": %" PRIu64 " lines, %" PRIu64 " events (",
		c->line_no, c->events);
	for (t = 1; t < HWMEM_REPLAY_NR_TYPES; t++)
		fprintf(stderr, "%s%s %" PRIu64, t > 1 ? ", " : "",
			type_names[t], c->by_type[t]);
	fprintf(stderr, "), %" PRIu64 " lost, %" PRIu64 " lines not understood\n",
		lost, c->not_understood);
}

static int convert(const char *in_path, const char *out_path)
{
	struct converter c = { 0 };
	struct header h = { 0 };
	const char *in_name = "standard input";
	FILE *in = stdin;
	int ret;

	if (in_path && strcmp(in_path, "-")) {
		in_name = in_path;
		in = fopen(in_path, "r");
		if (!in) {
			print_error("%s: %s", in_path, strerror(errno));
			return EXIT_BAD_INPUT;
		}
	}
	ret = output_open(&c.out, out_path);
	if (ret != EXIT_OK) {
		if (in != stdin)
			fclose(in);
		return ret;
	}
	set_init(&c.pages);
	set_init(&c.objects);

	ret = EXIT_BAD_INPUT;
	if (convert_stream(&c, in, in_name)) {
		h.magic = HWMEM_REPLAY_MAGIC;
		h.version = HWMEM_REPLAY_VERSION;
		h.header_size = HEADER_SIZE;
		h.record_size = RECORD_SIZE;
		h.nr_records = c.events;
		h.max_live_pages = c.pages.max_count;
		h.max_live_objects = c.objects.max_count;
		h.lost_events = c.lost;
		if (c.lost_uncounted && !h.lost_events)
			h.lost_events = 1;
		if (output_finish(&c.out, &h))
			ret = EXIT_OK;
	} else {
		output_discard(&c.out);
	}
	if (ret == EXIT_OK) {
		if (h.lost_events)
			print_error("warning: %" PRIu64 " events lost: the replay is incomplete",
				    h.lost_events);
		print_summary(&c, h.lost_events);
	}
	set_free(&c.pages);
	set_free(&c.objects);
	if (in != stdin)
		fclose(in);
	return ret;
}

/* ---- info and dump ---- */

/*
 * Check the stream in f as the module would; count each type into
 * counts[], print each record to dump if not NULL.
 */
static bool check_stream(FILE *f, const char *name, struct header *h,
			 uint64_t *counts, FILE *dump)
{
	unsigned char buf[HEADER_SIZE];
	struct record r;
	char why[200];
	uint64_t i;
	size_t n;

	n = fread(buf, 1, HEADER_SIZE, f);
	if (n < HEADER_SIZE) {
		if (ferror(f))
			print_error("%s: %s", name, strerror(errno));
		else
			print_error("%s: truncated header (%zu of %d bytes)",
				    name, n, HEADER_SIZE);
		return false;
	}
	decode_header(buf, h);
	if (!check_header(h, why, sizeof(why))) {
		print_error("%s: header: %s", name, why);
		return false;
	}
	for (i = 0; i < h->nr_records; i++) {
		n = fread(buf, 1, RECORD_SIZE, f);
		if (n == 0 && !ferror(f)) {
			print_error("%s: ends after %" PRIu64 " records, the header says %" PRIu64,
				    name, i, h->nr_records);
			return false;
		}
		if (n < RECORD_SIZE) {
			if (ferror(f))
				print_error("%s: %s", name, strerror(errno));
			else
				print_error("%s: record %" PRIu64 ": truncated (%zu of %d bytes)",
					    name, i, n, RECORD_SIZE);
			return false;
		}
		decode_record(buf, &r);
		if (!check_record(&r, why, sizeof(why))) {
			print_error("%s: record %" PRIu64 ": %s", name, i, why);
			return false;
		}
		counts[r.type]++;
		if (dump)
			fprintf(dump, "%" PRIu64 " %s %u %" PRIu32 " 0x%" PRIx64 "\n",
				i, type_names[r.type], r.order, r.bytes, r.id);
	}
	if (fgetc(f) != EOF) {
		print_error("%s: data after the last of its %" PRIu64 " records",
			    name, h->nr_records);
		return false;
	}
	if (ferror(f)) {
		print_error("%s: %s", name, strerror(errno));
		return false;
	}
	return true;
}

static void print_info(const struct header *h, const uint64_t *counts)
{
	unsigned int t;

	printf("version: %u\n", h->version);
	printf("records: %" PRIu64 "\n", h->nr_records);
	printf("max_live_pages: %" PRIu64 "\n", h->max_live_pages);
	printf("max_live_objects: %" PRIu64 "\n", h->max_live_objects);
	printf("lost_events: %" PRIu64 "\n", h->lost_events);
	for (t = 1; t < HWMEM_REPLAY_NR_TYPES; t++)
		printf("%s: %" PRIu64 "\n", type_names[t], counts[t]);
}

static int info_or_dump(const char *path, bool dump)
{
	uint64_t counts[HWMEM_REPLAY_NR_TYPES] = { 0 };
	const char *name = path;
	struct header h = { 0 };
	FILE *f = stdin;
	bool ok;

	if (strcmp(path, "-")) {
		f = fopen(path, "rb");
		if (!f) {
			print_error("%s: %s", path, strerror(errno));
			return EXIT_BAD_INPUT;
		}
	} else {
		name = "standard input";
	}
	ok = check_stream(f, name, &h, counts, dump ? stdout : NULL);
	if (f != stdin)
		fclose(f);
	if (ok && !dump)
		print_info(&h, counts);
	if (fflush(stdout) || ferror(stdout)) {
		print_error("standard output: write error");
		return EXIT_BAD_INPUT;
	}
	return ok ? EXIT_OK : EXIT_BAD_INPUT;
}

/* ---- command line ---- */

static bool is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

static int cmd_convert(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	bool options = true;
	int i;

	for (i = 0; i < argc; i++) {
		const char *arg = argv[i];

		if (options && is_help(arg)) {
			print_usage(stdout);
			return EXIT_OK;
		}
		if (options && !strcmp(arg, "--")) {
			options = false;
		} else if (options && !strcmp(arg, "-o")) {
			if (++i == argc)
				return usage_error("-o needs a file name");
			out = argv[i];
		} else if (options && arg[0] == '-' && arg[1]) {
			return usage_error("convert: unknown option %s", arg);
		} else if (!in) {
			in = arg;
		} else {
			return usage_error("convert: more than one INPUT");
		}
	}
	return convert(in, out);
}

static int cmd_info_or_dump(const char *cmd, int argc, char **argv,
			    bool dump)
{
	if (argc == 1 && is_help(argv[0])) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (argc != 1)
		return usage_error("%s takes one FILE", cmd);
	return info_or_dump(argv[0], dump);
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2)
		return usage_error("no command");
	cmd = argv[1];
	if (is_help(cmd)) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "convert"))
		return cmd_convert(argc - 2, argv + 2);
	if (!strcmp(cmd, "info"))
		return cmd_info_or_dump(cmd, argc - 2, argv + 2, false);
	if (!strcmp(cmd, "dump"))
		return cmd_info_or_dump(cmd, argc - 2, argv + 2, true);
	return usage_error("unknown command '%s'", cmd);
}
