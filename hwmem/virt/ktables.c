// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem virt: the running kernel's tables, through registered operations
 *
 * Only the platform can find and read the kernel's live tables and ask the
 * kernel about them; it registers a table of operations that do, with
 * hwmem's own walker, and this file asks only that table.  Without one,
 * the answer is -EOPNOTSUPP.
 *
 * Locking: the table is called through its hook (lib/hook.c), under SRCU.
 */

#include <hwmem/virt.h>

/**
 * hwmem_ktranslate() - walk the live tables for an address, and ask the kernel
 * @va: the address
 * @kt: receives both answers and whether they agree
 *
 * Return: 0, -EOPNOTSUPP if no operations are registered, or their error.
 */
int hwmem_ktranslate(u64 va, struct hwmem_ktranslation *kt)
{
	const struct hwmem_ktables_ops *ops;
	struct hwmem_hook hook;
	int cookie, err = -EOPNOTSUPP;

	cookie = hwmem_hook_get(HWMEM_HOOK_KTABLES, &hook);
	ops = hook.fn;
	if (ops && ops->translate)
		err = ops->translate(hook.priv, va, kt);
	hwmem_hook_put(cookie);
	return err;
}

/**
 * hwmem_ksamples() - compare the walks on kernel addresses of each kind
 * @extra: more addresses to compare (hwmem's own memory, say), or NULL
 * @nr_extra: how many
 * @emit: called with each address and its translation
 * @arg: passed to @emit
 *
 * Return: 0, -EOPNOTSUPP if no operations are registered, or their error.
 */
int hwmem_ksamples(const struct hwmem_ksample *extra, unsigned int nr_extra,
		   void (*emit)(void *arg, const struct hwmem_ksample *s,
				const struct hwmem_ktranslation *kt),
		   void *arg)
{
	const struct hwmem_ktables_ops *ops;
	struct hwmem_hook hook;
	int cookie, err = -EOPNOTSUPP;

	cookie = hwmem_hook_get(HWMEM_HOOK_KTABLES, &hook);
	ops = hook.fn;
	if (ops && ops->samples)
		err = ops->samples(hook.priv, extra, nr_extra, emit, arg);
	hwmem_hook_put(cookie);
	return err;
}
