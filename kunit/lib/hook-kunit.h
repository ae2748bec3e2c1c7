/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for hwmem's hooks, included at the end of hwmem/lib/hook.c:
 * defaults, replacing and restoring, the private data, the records reused
 * in turn, and the restore for a module that unloads without restoring.
 */

#ifdef CONFIG_HWMEM_KUNIT_TEST

#ifndef _HWMEM_HOOK_KUNIT_H
#define _HWMEM_HOOK_KUNIT_H

#include <kunit/test.h>

/* The hook the tests use; nothing else in a test build registers it. */
#define HT_ID	HWMEM_HOOK_KTABLES

static const int hook_test_fns[4];

/*
 * A module to own hooks: in a module build the test module itself, built
 * in a token module_name() never reads (it says "kernel" there).
 */
#ifdef MODULE
#define HT_OWNER	THIS_MODULE
#else
static char hook_test_token;
#define HT_OWNER	((struct module *)&hook_test_token)
#endif

static const void *hook_test_read(void **priv, struct module **owner)
{
	struct hwmem_hook hook;
	int cookie = hwmem_hook_get(HT_ID, &hook);

	hwmem_hook_put(cookie);
	if (priv)
		*priv = hook.priv;
	if (owner)
		*owner = hook.owner;
	return hook.fn;
}

static void hook_test_exit(struct kunit *test)
{
	hwmem_hook_set_default(HT_ID, NULL, NULL);
}

static void hook_test_default(struct kunit *test)
{
	int data;
	void *priv;

	KUNIT_EXPECT_NULL(test, hook_test_read(NULL, NULL));
	hwmem_hook_set_default(HT_ID, &hook_test_fns[0], &data);
	KUNIT_EXPECT_PTR_EQ(test, hook_test_read(&priv, NULL), (const void *)&hook_test_fns[0]);
	KUNIT_EXPECT_PTR_EQ(test, priv, (void *)&data);
	/* Restoring with the default in place keeps it. */
	hwmem_hook_restore(HT_ID);
	KUNIT_EXPECT_PTR_EQ(test, hook_test_read(NULL, NULL), (const void *)&hook_test_fns[0]);
	hwmem_hook_set_default(HT_ID, NULL, NULL);
	KUNIT_EXPECT_NULL(test, hook_test_read(NULL, NULL));
}

static void hook_test_replace(struct kunit *test)
{
	struct module *owner;
	int a, b, c;
	void *priv;

	hwmem_hook_set_default(HT_ID, &hook_test_fns[0], NULL);
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_hook_set(HT_ID, NULL, &a, NULL));
	KUNIT_EXPECT_EQ(test, -EINVAL, hwmem_hook_set(HWMEM_NR_HOOKS, &hook_test_fns[1],
						      &a, NULL));
	KUNIT_EXPECT_PTR_EQ(test, hook_test_read(NULL, NULL), (const void *)&hook_test_fns[0]);

	/* Three in a row: the two spare records are reused in turn. */
	KUNIT_ASSERT_EQ(test, 0, hwmem_hook_set(HT_ID, &hook_test_fns[1], &a, HT_OWNER));
	KUNIT_EXPECT_PTR_EQ(test, hook_test_read(&priv, &owner), (const void *)&hook_test_fns[1]);
	KUNIT_EXPECT_PTR_EQ(test, priv, (void *)&a);
	KUNIT_EXPECT_PTR_EQ(test, owner, HT_OWNER);
	KUNIT_ASSERT_EQ(test, 0, hwmem_hook_set(HT_ID, &hook_test_fns[2], &b, NULL));
	KUNIT_EXPECT_PTR_EQ(test, hook_test_read(&priv, &owner), (const void *)&hook_test_fns[2]);
	KUNIT_EXPECT_PTR_EQ(test, priv, (void *)&b);
	KUNIT_EXPECT_NULL(test, owner);
	KUNIT_ASSERT_EQ(test, 0, hwmem_hook_set(HT_ID, &hook_test_fns[3], &c, NULL));
	KUNIT_EXPECT_PTR_EQ(test, hook_test_read(&priv, NULL), (const void *)&hook_test_fns[3]);
	KUNIT_EXPECT_PTR_EQ(test, priv, (void *)&c);

	hwmem_hook_restore(HT_ID);
	KUNIT_EXPECT_PTR_EQ(test, hook_test_read(&priv, NULL), (const void *)&hook_test_fns[0]);
	KUNIT_EXPECT_NULL(test, priv);
	/* A bad id is ignored. */
	hwmem_hook_restore(HWMEM_NR_HOOKS);
}

static void hook_test_release(struct kunit *test)
{
	int a;

	hwmem_hook_set_default(HT_ID, &hook_test_fns[0], NULL);
	KUNIT_ASSERT_EQ(test, 0, hwmem_hook_set(HT_ID, &hook_test_fns[1], &a, HT_OWNER));
	/* Another module, or built-in code, going away changes nothing. */
	KUNIT_EXPECT_EQ(test, 0u, hwmem_hook_release(NULL));
	KUNIT_EXPECT_EQ(test, 0u, hwmem_hook_release((struct module *)&a));
	KUNIT_EXPECT_PTR_EQ(test, hook_test_read(NULL, NULL), (const void *)&hook_test_fns[1]);
	/* The owner going away puts the default back. */
	KUNIT_EXPECT_EQ(test, 1u, hwmem_hook_release(HT_OWNER));
	KUNIT_EXPECT_PTR_EQ(test, hook_test_read(NULL, NULL), (const void *)&hook_test_fns[0]);
	KUNIT_EXPECT_EQ(test, 0u, hwmem_hook_release(HT_OWNER));
}

static struct kunit_case hook_test_cases[] = {
	KUNIT_CASE(hook_test_default),
	KUNIT_CASE(hook_test_replace),
	KUNIT_CASE(hook_test_release),
	{}
};

static struct kunit_suite hook_test_suite = {
	.name = "hwmem-hook",
	.exit = hook_test_exit,
	.test_cases = hook_test_cases,
};

kunit_test_suite(hook_test_suite);

#endif /* _HWMEM_HOOK_KUNIT_H */

#endif /* CONFIG_HWMEM_KUNIT_TEST */
