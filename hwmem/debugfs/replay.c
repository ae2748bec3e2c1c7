// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: replay/{ctl,stream,summary,timeline,frames_map,buddy_map},
 * a kernel allocation trace played through fresh allocators.
 *
 *   echo "start 65536 buddy_policy=lowest" > ctl
 *   cat trace.hwmr > stream
 *   echo finish > ctl
 *   cat summary timeline
 *
 * (hwmemctl replay does all of it, and converts a text trace first.)
 * The stream is the binary format of uapi/hwmem/replay.h, in writes of any
 * size.  summary and timeline describe the last run, and the maps its end
 * state, in frames/map's and buddy/map's formats.
 *
 * Locking: through the replay's API, which takes its mutex.  The files
 * that read results take it too, for the whole read.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <hwmem/replay.h>

#include "cmd.h"
#include "debugfs.h"

/* Bytes of the stream copied in from user space at a time. */
#define STREAM_CHUNK		(256 * 1024)
/* Characters per line of the maps, as frames/map and buddy/map. */
#define MAP_WIDTH		64

/* A replay's buddy as hwmem_buddy_*_index() want it, from a sample. */
static void sample_stats(const struct hwmem_replay *r,
			 const struct hwmem_replay_sample *s,
			 struct hwmem_buddy_stats *st)
{
	unsigned int o;

	memset(st, 0, sizeof(*st));
	st->max_order = r->max_order;
	for (o = 0; o <= r->max_order; o++)
		st->nr_free[o] = s->nr_free[o];
}

/* The unusable index at @order, in thousandths: final and mean. */
static void unusable(const struct hwmem_replay *r, unsigned int order,
		     int *final, int *mean)
{
	struct hwmem_buddy_stats st;
	s64 sum = 0;
	unsigned long i;

	*final = *mean = 0;
	if (!r->nr_samples || order > r->max_order)
		return;
	for (i = 0; i < r->nr_samples; i++) {
		sample_stats(r, &r->samples[i], &st);
		sum += hwmem_buddy_unusable_index(&st, order);
	}
	*mean = div_s64(sum, r->nr_samples);
	*final = hwmem_buddy_unusable_index(&st, order);
}

/* @num / @den in thousandths, 0 for 0 / 0. */
static int per_mille(u64 num, u64 den)
{
	return den ? div64_u64(num * 1000, den) : 0;
}

static int replay_summary_show(struct seq_file *m, void *v)
{
	static const unsigned int orders[] = { 3, 9 };
	struct hwmem_replay *r = m->private;
	const struct hwmem_replay_sample *last;
	struct hwmem_buddy_stats st;
	u64 util_sum = 0;
	unsigned long i;
	int final, mean;

	mutex_lock(&r->lock);
	seq_printf(m, "state: %s\n", hwmem_replay_state_names[r->state]);
	seq_printf(m, "error: %d\n", r->error);
	if (r->state == HWMEM_REPLAY_STATE_IDLE)
		goto out;
	seq_printf(m, "frames: %lu\n", r->cfg.frames);
	seq_printf(m, "buddy_frames: %lu\n", r->cfg.buddy_frames);
	seq_printf(m, "frames_policy: %s\n", hwmem_phys_policy_names[r->cfg.phys_policy]);
	seq_printf(m, "buddy_policy: %s\n", hwmem_buddy_policy_names[r->cfg.buddy_policy]);
	seq_printf(m, "buddy_hot: %u\n", r->cfg.buddy_hot);
	seq_printf(m, "slab_policy: %s\n", hwmem_slab_policy_names[r->cfg.slab_policy]);
	seq_printf(m, "every: %lu\n", r->cfg.every);
	seq_printf(m, "records: %llu\n", le64_to_cpu(r->header.nr_records));
	seq_printf(m, "lost_events: %llu\n", le64_to_cpu(r->header.lost_events));
	last = r->nr_samples ? &r->samples[r->nr_samples - 1] : NULL;
	seq_printf(m, "played: %llu\n", last ? last->records : 0);
	seq_printf(m, "skipped: %llu\n", last ? last->skipped : 0);
	for (i = 0; i < HWMEM_REPLAY_NR_COUNTERS; i++)
		seq_printf(m, "%s: %llu\n", hwmem_replay_counter_names[i],
			   r->counters[i]);
	seq_printf(m, "failures: %llu\n", last ? last->failures : 0);
	seq_printf(m, "peak_pages: %llu\n", r->peak_pages);
	seq_printf(m, "peak_slab_frames: %llu\n", r->peak_slab_frames);
	seq_printf(m, "peak_frames: %llu\n", r->peak_frames);
	seq_printf(m, "samples: %lu\n", r->nr_samples);
	for (i = 0; i < ARRAY_SIZE(orders); i++) {
		unusable(r, orders[i], &final, &mean);
		seq_printf(m, "unusable_%u_mean: ", orders[i]);
		hwmem_seq_milli(m, mean);
		seq_printf(m, "\nunusable_%u_final: ", orders[i]);
		hwmem_seq_milli(m, final);
		seq_putc(m, '\n');
	}
	for (i = 0; last && i < ARRAY_SIZE(orders); i++) {
		sample_stats(r, last, &st);
		seq_printf(m, "extfrag_%u_final: ", orders[i]);
		hwmem_seq_milli(m, orders[i] <= r->max_order ?
				hwmem_buddy_extfrag_index(&st, orders[i]) : 0);
		seq_putc(m, '\n');
	}
	if (last) {
		sample_stats(r, last, &st);
		seq_printf(m, "largest_free_order_final: %d\n",
			   hwmem_buddy_largest_free_order(&st));
		for (i = 0; i < r->nr_samples; i++)
			util_sum += per_mille(r->samples[i].slab_objects,
					      r->samples[i].slab_slots);
		seq_puts(m, "slab_utilization_mean: ");
		hwmem_seq_milli(m, div_u64(util_sum, r->nr_samples));
		seq_puts(m, "\nslab_utilization_final: ");
		hwmem_seq_milli(m, per_mille(last->slab_objects, last->slab_slots));
		seq_puts(m, "\nslab_byte_utilization_final: ");
		hwmem_seq_milli(m, per_mille(last->slab_bytes,
					     last->slab_frames * HWMEM_FRAME_SIZE));
		seq_putc(m, '\n');
	}
out:
	mutex_unlock(&r->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(replay_summary);

static int replay_timeline_show(struct seq_file *m, void *v)
{
	struct hwmem_replay *r = m->private;
	struct hwmem_buddy_stats st;
	unsigned long i;
	unsigned int o;

	mutex_lock(&r->lock);
	seq_puts(m, "# records pages_in_use slab_frames failures skipped largest_order");
	for (o = 0; r->nr_samples && o <= r->max_order; o++)
		seq_printf(m, " free_%u", o);
	for (o = 0; r->nr_samples && o <= r->max_order; o++)
		seq_printf(m, " unusable_%u", o);
	for (o = 0; r->nr_samples && o <= r->max_order; o++)
		seq_printf(m, " extfrag_%u", o);
	seq_puts(m, " slab_objects slab_slots slab_bytes\n");
	for (i = 0; i < r->nr_samples; i++) {
		const struct hwmem_replay_sample *s = &r->samples[i];

		sample_stats(r, s, &st);
		seq_printf(m, "%llu %llu %llu %llu %llu %d", s->records,
			   s->pages_in_use, s->slab_frames, s->failures,
			   s->skipped, hwmem_buddy_largest_free_order(&st));
		for (o = 0; o <= r->max_order; o++)
			seq_printf(m, " %u", s->nr_free[o]);
		for (o = 0; o <= r->max_order; o++) {
			seq_putc(m, ' ');
			hwmem_seq_milli(m, hwmem_buddy_unusable_index(&st, o));
		}
		for (o = 0; o <= r->max_order; o++) {
			seq_putc(m, ' ');
			hwmem_seq_milli(m, hwmem_buddy_extfrag_index(&st, o));
		}
		seq_printf(m, " %llu %llu %llu\n", s->slab_objects, s->slab_slots,
			   s->slab_bytes);
	}
	mutex_unlock(&r->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(replay_timeline);

/* Lines of @n characters of @map, @width a line, each after its @unit offset. */
static void map_show(struct seq_file *m, const char *map, unsigned long n,
		     unsigned long unit, const char *fmt)
{
	unsigned long i;

	for (i = 0; map && i < n; i += MAP_WIDTH) {
		seq_printf(m, fmt, i * unit);
		seq_printf(m, " %.*s\n", (int)min_t(unsigned long, MAP_WIDTH, n - i),
			   map + i);
	}
}

static int replay_frames_map_show(struct seq_file *m, void *v)
{
	struct hwmem_replay *r = m->private;

	mutex_lock(&r->lock);
	map_show(m, r->frames_map, r->frames_map ? r->cfg.frames : 0, 1, "%#010lx");
	mutex_unlock(&r->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(replay_frames_map);

static int replay_buddy_map_show(struct seq_file *m, void *v)
{
	struct hwmem_replay *r = m->private;

	mutex_lock(&r->lock);
	map_show(m, r->buddy_map, r->buddy_map ? r->nr_buddy_blocks : 0,
		 HWMEM_FRAME_SIZE, "%#08lx");
	mutex_unlock(&r->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(replay_buddy_map);

static ssize_t replay_stream_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	struct hwmem_replay *r = file_inode(file)->i_private;
	size_t done = 0;
	void *buf;
	int err = 0;

	buf = kvmalloc(min_t(size_t, len, STREAM_CHUNK), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (!err && done < len) {
		size_t n = min_t(size_t, len - done, STREAM_CHUNK);

		if (copy_from_user(buf, ubuf + done, n))
			err = -EFAULT;
		else
			err = hwmem_replay_feed(r, buf, n);
		if (!err)
			done += n;
	}
	kvfree(buf);
	return err ?: len;
}

static const struct file_operations replay_stream_fops = {
	.owner		= THIS_MODULE,
	.write		= replay_stream_write,
};

/* A word KEY=VALUE: the value, if the word has that key; else NULL. */
static const char *option(const char *word, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(word, key, n) && word[n] == '=' ? word + n + 1 : NULL;
}

/*
 * start FRAMES [buddy_frames=N] [every=N] [frames_policy=P]
 *       [buddy_policy=P] [buddy_hot=N] [slab_policy=P]
 */
static int replay_cmd_start(void *ctx, unsigned int argc, char **argv,
			    struct seq_buf *out)
{
	struct hwmem_replay_config cfg = {
		.buddy_policy = HWMEM_BUDDY_HOT,
		.buddy_hot = HWMEM_BUDDY_HOT_DEFAULT,
	};
	unsigned long seen = 0, v;
	unsigned int i;
	int err;

	err = hwmem_cmd_parse_range(argv[0], 2, HWMEM_REPLAY_MAX_FRAMES,
				    &cfg.frames);
	if (err)
		return err;
	cfg.buddy_frames = cfg.frames / 2;
	for (i = 1; i < argc; i++) {
		static const char *const keys[] = {
			"buddy_frames", "every", "frames_policy", "buddy_policy",
			"buddy_hot", "slab_policy",
		};
		const char *val = NULL;
		unsigned int k;

		for (k = 0; k < ARRAY_SIZE(keys) && !val; k++)
			val = option(argv[i], keys[k]);
		/* Each key once. */
		if (!val || seen & BIT(--k))
			return -EINVAL;
		seen |= BIT(k);
		switch (k) {
		case 0:
			err = hwmem_cmd_parse_range(val, 1, cfg.frames - 1,
						    &cfg.buddy_frames);
			break;
		case 1:
			err = hwmem_cmd_parse_range(val, 1, ULONG_MAX, &cfg.every);
			break;
		case 2:
			err = hwmem_cmd_parse_name(val, hwmem_phys_policy_names,
						   HWMEM_PHYS_NR_POLICIES);
			cfg.phys_policy = err;
			break;
		case 3:
			err = hwmem_cmd_parse_name(val, hwmem_buddy_policy_names,
						   HWMEM_BUDDY_NR_POLICIES);
			cfg.buddy_policy = err;
			break;
		case 4:
			err = hwmem_cmd_parse_range(val, 0, HWMEM_BUDDY_HOT_MAX, &v);
			cfg.buddy_hot = v;
			break;
		default:
			err = hwmem_cmd_parse_name(val, hwmem_slab_policy_names,
						   HWMEM_SLAB_NR_POLICIES);
			cfg.slab_policy = err;
			break;
		}
		if (err < 0)
			return err;
	}
	return hwmem_replay_start(ctx, &cfg);
}

static int replay_cmd_finish(void *ctx, unsigned int argc, char **argv,
			     struct seq_buf *out)
{
	return hwmem_replay_finish(ctx);
}

static int replay_cmd_cancel(void *ctx, unsigned int argc, char **argv,
			     struct seq_buf *out)
{
	return hwmem_replay_cancel(ctx);
}

static const struct hwmem_cmd replay_cmds[] = {
	{ "start", 1, 7, replay_cmd_start },
	{ "finish", 0, 0, replay_cmd_finish },
	{ "cancel", 0, 0, replay_cmd_cancel },
	{ }
};

static struct hwmem_ctl replay_ctl = { .cmds = replay_cmds };

/**
 * hwmem_debugfs_replay_init() - create hwmem/replay/
 * @root: the hwmem debugfs directory
 * @replay: the replay the files drive and show
 */
void hwmem_debugfs_replay_init(struct dentry *root, struct hwmem_replay *replay)
{
	struct dentry *dir = debugfs_create_dir("replay", root);

	replay_ctl.ctx = replay;
	debugfs_create_file("ctl", 0600, dir, &replay_ctl, &hwmem_ctl_fops);
	debugfs_create_file("stream", 0200, dir, replay, &replay_stream_fops);
	debugfs_create_file("summary", 0400, dir, replay, &replay_summary_fops);
	debugfs_create_file("timeline", 0400, dir, replay, &replay_timeline_fops);
	debugfs_create_file("frames_map", 0400, dir, replay,
			    &replay_frames_map_fops);
	debugfs_create_file("buddy_map", 0400, dir, replay,
			    &replay_buddy_map_fops);
}
