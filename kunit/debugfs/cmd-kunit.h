/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for the hwmem debugfs command layer, included at the end of
 * hwmem/debugfs/cmd.c.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_CMD_KUNIT_H
#define _HWMEM_CMD_KUNIT_H

#include <kunit/test.h>

static int cmd_test_split_str(const char *s, char **words, char *buf,
			      unsigned int max)
{
	size_t len = strlen(s);

	memcpy(buf, s, len + 1);
	return hwmem_cmd_split(buf, len, words, max);
}

static void cmd_test_split(struct kunit *test)
{
	char buf[64], *w[4];

	KUNIT_EXPECT_EQ(test, 1, cmd_test_split_str("alloc", w, buf, 4));
	KUNIT_EXPECT_STREQ(test, w[0], "alloc");
	KUNIT_EXPECT_EQ(test, 1, cmd_test_split_str("alloc\n", w, buf, 4));
	KUNIT_EXPECT_STREQ(test, w[0], "alloc");
	KUNIT_EXPECT_EQ(test, 3, cmd_test_split_str("  free\t0x10   2 ", w, buf, 4));
	KUNIT_EXPECT_STREQ(test, w[0], "free");
	KUNIT_EXPECT_STREQ(test, w[1], "0x10");
	KUNIT_EXPECT_STREQ(test, w[2], "2");
	KUNIT_EXPECT_EQ(test, 4, cmd_test_split_str("a b c d", w, buf, 4));

	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_split_str("", w, buf, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_split_str("\n", w, buf, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_split_str(" \t ", w, buf, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_split_str("a b c d e", w, buf, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_split_str("alloc\n\n", w, buf, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_split_str("al\nloc", w, buf, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_split_str("alloc\r\n", w, buf, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_split_str("all\xc3\xb6", w, buf, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_split_str("a\x7f", w, buf, 4));

	/* An embedded NUL inside the written length is refused. */
	memcpy(buf, "alloc\0 1", 9);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_cmd_split(buf, 8, w, 4));
}

static void cmd_test_parse(struct kunit *test)
{
	static const char *const bad[] = {
		"", "x", "0x", "0X", "0X10", "0XfF", "-1", "+1", "1 ", " 1", "010",
		"00", "007", "0x0x1", "1a", "0xg", "1.0", "1e3", "0b1", "0x-1",
		"0x+1",
	};
	unsigned long v;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, 0, hwmem_cmd_parse_ulong("0", &v));
	KUNIT_EXPECT_EQ(test, v, 0ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_cmd_parse_ulong("4096", &v));
	KUNIT_EXPECT_EQ(test, v, 4096ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_cmd_parse_ulong("0x1fF", &v));
	KUNIT_EXPECT_EQ(test, v, 0x1fful);
	/* Hex may be zero-padded, as frames/map prints pfns. */
	KUNIT_EXPECT_EQ(test, 0, hwmem_cmd_parse_ulong("0x00012400", &v));
	KUNIT_EXPECT_EQ(test, v, 0x12400ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_cmd_parse_ulong("0x0", &v));
	KUNIT_EXPECT_EQ(test, v, 0ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_cmd_parse_ulong("0x000000000000000000001", &v));
	KUNIT_EXPECT_EQ(test, v, 1ul);
	KUNIT_EXPECT_EQ(test, 0, hwmem_cmd_parse_ulong("0xffffffffffffffff", &v));
	KUNIT_EXPECT_EQ(test, v, ULONG_MAX);
	KUNIT_EXPECT_EQ(test, 0, hwmem_cmd_parse_ulong("18446744073709551615", &v));
	KUNIT_EXPECT_EQ(test, v, ULONG_MAX);

	v = 7;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL, hwmem_cmd_parse_ulong(bad[i], &v),
				    "word \"%s\"", bad[i]);
	KUNIT_EXPECT_EQ(test, -ERANGE, hwmem_cmd_parse_ulong("18446744073709551616", &v));
	KUNIT_EXPECT_EQ(test, -ERANGE, hwmem_cmd_parse_ulong("0x10000000000000000", &v));
	KUNIT_EXPECT_EQ(test, -ERANGE, hwmem_cmd_parse_ulong("12345678901234567890123", &v));
	KUNIT_EXPECT_EQ(test, v, 7ul);

	KUNIT_EXPECT_EQ(test, 0, hwmem_cmd_parse_range("5", 1, 5, &v));
	KUNIT_EXPECT_EQ(test, v, 5ul);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_cmd_parse_range("6", 1, 5, &v));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_cmd_parse_range("0", 1, 5, &v));
	KUNIT_EXPECT_EQ(test, v, 5ul);
}

struct cmd_test_ctx {
	unsigned int calls;
	unsigned int argc;
};

static int cmd_test_run(void *ctx, unsigned int argc, char **argv,
			struct seq_buf *out)
{
	struct cmd_test_ctx *c = ctx;

	c->calls++;
	c->argc = argc;
	seq_buf_printf(out, "%u:%s\n", argc, argc ? argv[argc - 1] : "-");
	return 0;
}

static int cmd_test_fail(void *ctx, unsigned int argc, char **argv,
			 struct seq_buf *out)
{
	return -ENOSPC;
}

static const struct hwmem_cmd cmd_test_cmds[] = {
	{ "get", 0, 2, cmd_test_run },
	{ "fail", 0, 0, cmd_test_fail },
	{ }
};

static int cmd_test_line(struct hwmem_ctl *ctl, const char *s,
			 struct seq_buf *out, char *obuf)
{
	char line[HWMEM_CMD_MAX_LEN + 1];
	size_t len = strlen(s);

	memcpy(line, s, len + 1);
	seq_buf_init(out, obuf, 32);
	return hwmem_cmd_dispatch(ctl, line, len, out);
}

static void cmd_test_dispatch(struct kunit *test)
{
	struct cmd_test_ctx c = { };
	struct hwmem_ctl ctl = { .cmds = cmd_test_cmds, .ctx = &c };
	struct seq_buf out;
	char obuf[32];

	KUNIT_EXPECT_EQ(test, 0, cmd_test_line(&ctl, "get\n", &out, obuf));
	KUNIT_EXPECT_EQ(test, c.calls, 1u);
	KUNIT_EXPECT_EQ(test, seq_buf_used(&out), 4u);
	KUNIT_EXPECT_EQ(test, 0, memcmp(obuf, "0:-\n", 4));
	KUNIT_EXPECT_EQ(test, 0, cmd_test_line(&ctl, "get a b", &out, obuf));
	KUNIT_EXPECT_EQ(test, c.argc, 2u);
	KUNIT_EXPECT_EQ(test, 0, memcmp(obuf, "2:b\n", 4));

	/* Nothing runs for a bad line. */
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_line(&ctl, "get a b c", &out, obuf));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_line(&ctl, "put", &out, obuf));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_line(&ctl, "GET", &out, obuf));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_line(&ctl, "ge", &out, obuf));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_line(&ctl, "gett", &out, obuf));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_line(&ctl, "fail x", &out, obuf));
	KUNIT_EXPECT_EQ(test, -EINVAL, cmd_test_line(&ctl, "", &out, obuf));
	KUNIT_EXPECT_EQ(test, c.calls, 2u);

	/* A command's own error comes back as it is. */
	KUNIT_EXPECT_EQ(test, -ENOSPC, cmd_test_line(&ctl, "fail", &out, obuf));
}

static struct kunit_case cmd_test_cases[] = {
	KUNIT_CASE(cmd_test_split),
	KUNIT_CASE(cmd_test_parse),
	KUNIT_CASE(cmd_test_dispatch),
	{}
};

static struct kunit_suite cmd_test_suite = {
	.name = "hwmem-cmd",
	.test_cases = cmd_test_cases,
};

kunit_test_suite(cmd_test_suite);

#endif /* _HWMEM_CMD_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
