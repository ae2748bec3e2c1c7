/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem debugfs command layer: one parser for every ctl file.
 */
#ifndef _HWMEM_DEBUGFS_CMD_H
#define _HWMEM_DEBUGFS_CMD_H

#include <linux/fs.h>
#include <linux/seq_buf.h>

/* Longest command line accepted, newline included. */
#define HWMEM_CMD_MAX_LEN	256
/* Most words in a command line, verb included. */
#define HWMEM_CMD_MAX_WORDS	8

/**
 * struct hwmem_cmd - one verb of a ctl file
 * @verb: the first word of the command
 * @min_args: fewest words after the verb
 * @max_args: most words after the verb
 * @run: carries the command out; writes its answer to @out and returns 0
 *	or a negative errno.  It must change nothing when it fails.
 */
struct hwmem_cmd {
	const char *verb;
	unsigned int min_args;
	unsigned int max_args;
	int (*run)(void *ctx, unsigned int argc, char **argv,
		   struct seq_buf *out);
};

/**
 * struct hwmem_ctl - what a ctl file dispatches to
 * @cmds: verb table, ended by an entry with a NULL @verb
 * @ctx: passed to every &hwmem_cmd.run
 */
struct hwmem_ctl {
	const struct hwmem_cmd *cmds;
	void *ctx;
};

int hwmem_cmd_split(char *line, size_t len, char **words, unsigned int max);
int hwmem_cmd_parse_ulong(const char *word, unsigned long *val);
int hwmem_cmd_parse_range(const char *word, unsigned long min,
			  unsigned long max, unsigned long *val);
int hwmem_cmd_parse_addr(const char *word, void **ptr);
int hwmem_cmd_parse_name(const char *word, const char *const *names,
			 unsigned int nr);
int hwmem_cmd_dispatch(const struct hwmem_ctl *ctl, char *line, size_t len,
		       struct seq_buf *out);

extern const struct file_operations hwmem_ctl_fops;

#endif /* _HWMEM_DEBUGFS_CMD_H */
