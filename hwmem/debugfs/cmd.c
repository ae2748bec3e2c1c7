// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem debugfs command layer
 *
 * Every ctl file is a transaction file (simple_transaction_get() in
 * fs/libfs.c): one write of one command line per open, then reads of the
 * answer through the same file descriptor.  This is the one parser they
 * share: split the line into words, find the verb in the file's table,
 * check the number of arguments, run.
 *
 * A line is at most HWMEM_CMD_MAX_LEN bytes of printable ASCII, words
 * separated by spaces or tabs, with at most one newline at its end.
 * Numbers are decimal, or hexadecimal after a lower-case "0x".  A decimal
 * number may not start with a zero (C would read it as octal); hex digits
 * may, since hwmem prints them zero-padded itself (frames/map).  A sign,
 * an upper-case "0X" or any trailing character is refused.  Anything else
 * fails with -EINVAL (-ERANGE for a number that overflows) before a
 * command runs.
 *
 * Locking: none here; each command takes the locks of what it drives.
 */

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "cmd.h"

/**
 * hwmem_cmd_split() - split a command line into words
 * @line: the line, NUL-terminated at @len; separators are overwritten
 * @len: length of @line
 * @words: receives pointers to the words
 * @max: size of @words
 *
 * Return: the number of words, or -EINVAL for an empty line, more than @max
 * words, or a byte that is neither printable ASCII nor a separator.
 */
int hwmem_cmd_split(char *line, size_t len, char **words, unsigned int max)
{
	unsigned int n = 0;
	size_t i;

	if (len && line[len - 1] == '\n')
		line[--len] = '\0';
	for (i = 0; i < len; i++) {
		char c = line[i];

		if (c == ' ' || c == '\t') {
			line[i] = '\0';
			continue;
		}
		if (c < 0x21 || c > 0x7e)
			return -EINVAL;
		if (i == 0 || line[i - 1] == '\0') {
			if (n == max)
				return -EINVAL;
			words[n++] = &line[i];
		}
	}
	return n ? n : -EINVAL;
}

/**
 * hwmem_cmd_parse_ulong() - parse a number strictly
 * @word: decimal digits without a leading zero, or "0x" and hexadecimal
 *	digits (leading zeros allowed)
 * @val: receives the value
 *
 * Return: 0, -EINVAL for anything but the two forms above, or -ERANGE if
 * the value does not fit in an unsigned long.
 */
int hwmem_cmd_parse_ulong(const char *word, unsigned long *val)
{
	const char *digits = word, *p;
	unsigned int base = 10;

	if (word[0] == '0' && word[1] == 'x') {
		base = 16;
		digits = word + 2;
	} else if (word[0] == '0' && word[1]) {
		return -EINVAL;
	}
	if (!*digits)
		return -EINVAL;
	for (p = digits; *p; p++)
		if (base == 16 ? !isxdigit(*p) : !isdigit(*p))
			return -EINVAL;
	return kstrtoul(digits, base, val);
}

/**
 * hwmem_cmd_parse_range() - parse a number and check its range
 * @word: the number, as hwmem_cmd_parse_ulong() takes it
 * @min: smallest value accepted
 * @max: largest value accepted
 * @val: receives the value
 *
 * Return: 0, -EINVAL for a malformed number or one outside [@min, @max], or
 * -ERANGE if it does not fit in an unsigned long.
 */
int hwmem_cmd_parse_range(const char *word, unsigned long min,
			  unsigned long max, unsigned long *val)
{
	unsigned long v;
	int err;

	err = hwmem_cmd_parse_ulong(word, &v);
	if (err)
		return err;
	if (v < min || v > max)
		return -EINVAL;
	*val = v;
	return 0;
}

/**
 * hwmem_cmd_parse_addr() - parse an address, as the ctl files print them
 * @word: the address, as hwmem_cmd_parse_ulong() takes it
 * @ptr: receives it; it is never dereferenced here
 *
 * Return: 0, -EINVAL for a malformed number, or -ERANGE.
 */
int hwmem_cmd_parse_addr(const char *word, void **ptr)
{
	unsigned long addr;
	int err;

	err = hwmem_cmd_parse_ulong(word, &addr);
	if (!err)
		*ptr = (void *)addr;
	return err;
}

/**
 * hwmem_cmd_parse_name() - find a word in a table of names
 * @word: the word
 * @names: the names, some of them NULL
 * @nr: entries in @names
 *
 * Return: the index of @word in @names, or -EINVAL if it is not there.
 */
int hwmem_cmd_parse_name(const char *word, const char *const *names,
			 unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (names[i] && !strcmp(word, names[i]))
			return i;
	return -EINVAL;
}

/**
 * hwmem_cmd_dispatch() - run one command line
 * @ctl: the verb table and its context
 * @line: the line, NUL-terminated at @len; modified
 * @len: length of @line
 * @out: receives the command's answer
 *
 * Return: what the command returned, or -EINVAL for a malformed line, an
 * unknown verb or a wrong number of arguments.
 */
int hwmem_cmd_dispatch(const struct hwmem_ctl *ctl, char *line, size_t len,
		       struct seq_buf *out)
{
	char *words[HWMEM_CMD_MAX_WORDS];
	const struct hwmem_cmd *cmd;
	unsigned int argc;
	int n;

	n = hwmem_cmd_split(line, len, words, ARRAY_SIZE(words));
	if (n < 0)
		return n;
	argc = n - 1;
	for (cmd = ctl->cmds; cmd->verb; cmd++) {
		if (strcmp(cmd->verb, words[0]))
			continue;
		if (argc < cmd->min_args || argc > cmd->max_args)
			return -EINVAL;
		return cmd->run(ctl->ctx, argc, words + 1, out);
	}
	return -EINVAL;
}

static ssize_t hwmem_ctl_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	const struct hwmem_ctl *ctl = file_inode(file)->i_private;
	char line[HWMEM_CMD_MAX_LEN + 1];
	struct seq_buf out;
	char *buf;
	int err;

	if (!len || len > HWMEM_CMD_MAX_LEN)
		return -EINVAL;
	buf = simple_transaction_get(file, ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	/* The answer goes where the command came in: parse a copy. */
	memcpy(line, buf, len);
	line[len] = '\0';
	seq_buf_init(&out, buf, SIMPLE_TRANSACTION_LIMIT);
	err = hwmem_cmd_dispatch(ctl, line, len, &out);
	if (err)
		return err;
	simple_transaction_set(file, seq_buf_used(&out));
	return len;
}

/*
 * File operations of every ctl file; debugfs_create_file()'s data must be
 * a &struct hwmem_ctl.
 */
const struct file_operations hwmem_ctl_fops = {
	.owner		= THIS_MODULE,
	.write		= hwmem_ctl_write,
	.read		= simple_transaction_read,
	.release	= simple_transaction_release,
	.llseek		= default_llseek,
};

#include "../../kunit/debugfs/cmd-kunit.h"
