// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs: virt/{spaces,dump,kernel,ctl}.
 *
 * kernel and ktranslate ask the live-table operations the platform
 * registered (virt/ktables.c); where there are none they fail with
 * EOPNOTSUPP.
 *
 * Locking: through the virt API, which takes the spaces' lock; dump prints
 * each space under it, so each space is a consistent snapshot.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include <hwmem/virt.h>

#include "cmd.h"
#include "debugfs.h"

/* Default flags of map and map2m: writable, not executable, kernel. */
#define VIRT_DEFAULT_FLAGS	HWMEM_PTE_WRITE

/**
 * struct virt_debugfs - what the virt files show
 * @virt: the private spaces
 * @extra: kernel addresses the glue adds to virt/kernel's samples
 * @nr_extra: how many
 */
struct virt_debugfs {
	struct hwmem_virt *virt;
	const struct hwmem_ksample *extra;
	unsigned int nr_extra;
};

static struct virt_debugfs virt_dbg;

/* "rw-u--": read (always), write, execute, user, accessed, dirty. */
static void flags_str(unsigned int flags, char buf[7])
{
	buf[0] = 'r';
	buf[1] = flags & HWMEM_PTE_WRITE ? 'w' : '-';
	buf[2] = flags & HWMEM_PTE_EXEC ? 'x' : '-';
	buf[3] = flags & HWMEM_PTE_USER ? 'u' : '-';
	buf[4] = flags & HWMEM_PTE_ACCESSED ? 'a' : '-';
	buf[5] = flags & HWMEM_PTE_DIRTY ? 'd' : '-';
	buf[6] = '\0';
}

/* FLAGS: letters from "rwxuad" ('r' is implied); "-" for none. */
static int parse_flags(const char *word, unsigned int *flags)
{
	static const char letters[] = "wxuad";
	static const unsigned int bits[] = {
		HWMEM_PTE_WRITE, HWMEM_PTE_EXEC, HWMEM_PTE_USER,
		HWMEM_PTE_ACCESSED, HWMEM_PTE_DIRTY,
	};
	const char *p;

	*flags = 0;
	if (!strcmp(word, "-"))
		return 0;
	for (p = word; *p; p++) {
		const char *l = strchr(letters, *p);

		if (*p == 'r')
			continue;
		if (!l)
			return -EINVAL;
		*flags |= bits[l - letters];
	}
	return 0;
}

static void seq_size(struct seq_file *m, u64 size)
{
	static const char units[] = "KMGT";
	unsigned int u = 0;

	size >>= 10;
	while (size >= 1024 && !(size & 1023) && u < 3) {
		size >>= 10;
		u++;
	}
	seq_printf(m, "%llu%c", size, units[u]);
}

static int virt_spaces_show(struct seq_file *m, void *v)
{
	struct hwmem_virt *virt = m->private;
	struct hwmem_space s;
	unsigned int i;

	seq_puts(m, "# id table_pages mapped_4k mapped_2m\n");
	for (i = 0; i < HWMEM_VIRT_MAX_SPACES; i++)
		if (!hwmem_space_get(virt, i, &s))
			seq_printf(m, "%u %lu %lu %lu\n", s.id, s.table_pages,
				   s.mapped_4k, s.mapped_2m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(virt_spaces);

static void dump_emit(void *arg, const struct hwmem_mapping_range *r)
{
	struct seq_file *m = arg;
	char flags[7];

	flags_str(r->flags, flags);
	seq_printf(m, "0x%016llx-0x%016llx ", r->va, r->va + r->size);
	seq_size(m, r->size);
	seq_printf(m, " pa 0x%llx %s %s\n", r->pa, flags,
		   r->level == 1 ? "4K" : "2M");
}

static int virt_dump_show(struct seq_file *m, void *v)
{
	struct hwmem_virt *virt = m->private;
	struct hwmem_space s;
	unsigned int i;

	for (i = 0; i < HWMEM_VIRT_MAX_SPACES; i++) {
		if (hwmem_space_get(virt, i, &s))
			continue;
		seq_printf(m, "space %u:\n", s.id);
		hwmem_space_dump(virt, s.id, dump_emit, m);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(virt_dump);

static void kt_print(struct seq_buf *out, struct seq_file *m,
		     const struct hwmem_ktranslation *kt)
{
	char buf[160];
	int n;

	if (kt->walk.mapped)
		n = scnprintf(buf, sizeof(buf), "walk pa 0x%llx level %u", kt->walk.pa,
			      kt->walk.level);
	else
		n = scnprintf(buf, sizeof(buf), "walk not mapped (level %u)",
			      kt->walk.level);
	if (kt->kernel_mapped)
		n += scnprintf(buf + n, sizeof(buf) - n, " kernel pa 0x%llx level %u",
			       kt->kernel_pa, kt->kernel_level);
	else
		n += scnprintf(buf + n, sizeof(buf) - n,
			       " kernel not mapped (level %u)", kt->kernel_level);
	scnprintf(buf + n, sizeof(buf) - n, " levels %u %s", kt->levels,
		  kt->match ? "match" : "MISMATCH");
	if (out)
		seq_buf_printf(out, "%s\n", buf);
	else
		seq_printf(m, "%s\n", buf);
}

static void ksample_emit(void *arg, const struct hwmem_ksample *s,
			 const struct hwmem_ktranslation *kt)
{
	struct seq_file *m = arg;

	seq_printf(m, "%-14s va 0x%016llx ", s->name, s->va);
	kt_print(NULL, m, kt);
}

static int virt_kernel_show(struct seq_file *m, void *v)
{
	struct virt_debugfs *dbg = m->private;

	return hwmem_ksamples(dbg->extra, dbg->nr_extra, ksample_emit, m);
}
DEFINE_SHOW_ATTRIBUTE(virt_kernel);

static int parse_id(const char *word, unsigned int *id)
{
	unsigned long v;
	int err;

	err = hwmem_cmd_parse_range(word, 1, UINT_MAX, &v);
	if (!err)
		*id = v;
	return err;
}

/* create: answers the new space's id. */
static int virt_cmd_create(void *ctx, unsigned int argc, char **argv,
			   struct seq_buf *out)
{
	unsigned int id;
	int err;

	err = hwmem_space_create(ctx, &id);
	if (!err)
		seq_buf_printf(out, "%u\n", id);
	return err;
}

/* destroy ID */
static int virt_cmd_destroy(void *ctx, unsigned int argc, char **argv,
			    struct seq_buf *out)
{
	unsigned int id;
	int err;

	err = parse_id(argv[0], &id);
	return err ? err : hwmem_space_destroy(ctx, id);
}

static int virt_map(void *ctx, unsigned int argc, char **argv,
		    unsigned int level)
{
	unsigned int id, flags = VIRT_DEFAULT_FLAGS;
	unsigned long va, pfn;
	int err;

	err = parse_id(argv[0], &id);
	if (!err)
		err = hwmem_cmd_parse_ulong(argv[1], &va);
	if (!err)
		err = hwmem_cmd_parse_ulong(argv[2], &pfn);
	if (!err && argc > 3)
		err = parse_flags(argv[3], &flags);
	return err ? err : hwmem_space_map(ctx, id, va, pfn, level, flags);
}

/* map ID VA PFN [FLAGS]: a 4 KiB page. */
static int virt_cmd_map(void *ctx, unsigned int argc, char **argv,
			struct seq_buf *out)
{
	return virt_map(ctx, argc, argv, 1);
}

/* map2m ID VA PFN [FLAGS]: a 2 MiB page. */
static int virt_cmd_map2m(void *ctx, unsigned int argc, char **argv,
			  struct seq_buf *out)
{
	return virt_map(ctx, argc, argv, 2);
}

/* unmap ID VA */
static int virt_cmd_unmap(void *ctx, unsigned int argc, char **argv,
			  struct seq_buf *out)
{
	unsigned long va;
	unsigned int id;
	int err;

	err = parse_id(argv[0], &id);
	if (!err)
		err = hwmem_cmd_parse_ulong(argv[1], &va);
	return err ? err : hwmem_space_unmap(ctx, id, va);
}

/* translate ID VA */
static int virt_cmd_translate(void *ctx, unsigned int argc, char **argv,
			      struct seq_buf *out)
{
	struct hwmem_translation t;
	unsigned long va;
	unsigned int id;
	char flags[7];
	int err;

	err = parse_id(argv[0], &id);
	if (!err)
		err = hwmem_cmd_parse_ulong(argv[1], &va);
	if (!err)
		err = hwmem_space_translate(ctx, id, va, &t);
	if (err)
		return err;
	if (!t.mapped) {
		seq_buf_printf(out, "not mapped (level %u)\n", t.level);
		return 0;
	}
	flags_str(hwmem_pte_flags(t.entry), flags);
	seq_buf_printf(out, "pa 0x%llx level %u flags %s entry 0x%llx\n", t.pa,
		       t.level, flags, t.entry);
	return 0;
}

/* ktranslate VA: the live tables, walked by hwmem and asked of the kernel. */
static int virt_cmd_ktranslate(void *ctx, unsigned int argc, char **argv,
			       struct seq_buf *out)
{
	struct hwmem_ktranslation kt;
	unsigned long va;
	int err;

	err = hwmem_cmd_parse_ulong(argv[0], &va);
	if (!err)
		err = hwmem_ktranslate(va, &kt);
	if (err)
		return err;
	kt_print(out, NULL, &kt);
	return 0;
}

static const struct hwmem_cmd virt_cmds[] = {
	{ "create", 0, 0, virt_cmd_create },
	{ "destroy", 1, 1, virt_cmd_destroy },
	{ "map", 3, 4, virt_cmd_map },
	{ "map2m", 3, 4, virt_cmd_map2m },
	{ "unmap", 2, 2, virt_cmd_unmap },
	{ "translate", 2, 2, virt_cmd_translate },
	{ "ktranslate", 1, 1, virt_cmd_ktranslate },
	{ }
};

static struct hwmem_ctl virt_ctl = { .cmds = virt_cmds };

/**
 * hwmem_debugfs_virt_init() - create hwmem/virt/
 * @root: the hwmem debugfs directory
 * @virt: the private spaces
 * @extra: kernel addresses to add to virt/kernel's samples
 * @nr_extra: how many
 */
void hwmem_debugfs_virt_init(struct dentry *root, struct hwmem_virt *virt,
			     const struct hwmem_ksample *extra,
			     unsigned int nr_extra)
{
	struct dentry *dir = debugfs_create_dir("virt", root);

	virt_ctl.ctx = virt;
	virt_dbg.virt = virt;
	virt_dbg.extra = extra;
	virt_dbg.nr_extra = nr_extra;
	debugfs_create_file("spaces", 0400, dir, virt, &virt_spaces_fops);
	debugfs_create_file("dump", 0400, dir, virt, &virt_dump_fops);
	debugfs_create_file("kernel", 0400, dir, &virt_dbg, &virt_kernel_fops);
	debugfs_create_file("ctl", 0600, dir, &virt_ctl, &hwmem_ctl_fops);
}
