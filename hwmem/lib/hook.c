// SPDX-License-Identifier: GPL-2.0
/*
 * hwmem hooks: replaceable callbacks, called under SRCU
 *
 * A hook is a slot with three records: the default the glue registered,
 * and two for what other modules put in place.  A reader takes the SRCU
 * read lock, reads the slot's current record and calls through it; a
 * writer fills a record that is not current, publishes it, and waits with
 * synchronize_srcu() until no reader can still see the one it replaced.
 * With two spare records that alternate, the one a writer fills was
 * replaced, and waited for, by the writer before it, so replacing never
 * allocates and never fails for lack of memory.
 *
 * Locking: hook_mutex serializes writers; readers take only the SRCU read
 * lock, may sleep under it, and must not set or restore a hook there.
 */

#include <linux/export.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/srcu.h>

#include <hwmem/hook.h>

/**
 * struct hook_slot - one hook
 * @cur: the record calls go through: @dflt or one of @rec
 * @dflt: the platform's default; its @fn is NULL if there is none
 * @rec: records for hooks put in place, used in turn
 * @next: the record of @rec the next setter fills
 */
struct hook_slot {
	struct hwmem_hook __rcu *cur;
	struct hwmem_hook dflt;
	struct hwmem_hook rec[2];
	unsigned int next;
};

DEFINE_STATIC_SRCU(hook_srcu);
static DEFINE_MUTEX(hook_mutex);
static struct hook_slot hook_slots[HWMEM_NR_HOOKS];

static const char *const hook_names[] = {
	[HWMEM_HOOK_MEMORY]	= "memory",
	[HWMEM_HOOK_NUMA]	= "numa",
	[HWMEM_HOOK_CACHE]	= "cache",
	[HWMEM_HOOK_CACHE_OPS]	= "cache_ops",
	[HWMEM_HOOK_KTABLES]	= "ktables",
};

static_assert(ARRAY_SIZE(hook_names) == HWMEM_NR_HOOKS);

/* Make @rec the slot's current record and wait out the readers of the last. */
static void hook_publish(struct hook_slot *slot, struct hwmem_hook *rec)
{
	lockdep_assert_held(&hook_mutex);
	rcu_assign_pointer(slot->cur, rec);
	synchronize_srcu(&hook_srcu);
}

/**
 * hwmem_hook_set() - put a callback in place of a hook's
 * @id: the hook
 * @fn: the function or table of operations, not NULL; it must stay
 *	callable until it is replaced or restored
 * @priv: passed to @fn
 * @owner: the module @fn belongs to (THIS_MODULE), or NULL
 *
 * The typed setters of each part (hwmem_set_detect_memory_fn() and the
 * others) call this.  May sleep.
 *
 * Return: 0, or -EINVAL for a bad @id or a NULL @fn.
 */
int hwmem_hook_set(enum hwmem_hook_id id, const void *fn, void *priv,
		   struct module *owner)
{
	struct hook_slot *slot;
	struct hwmem_hook *rec;

	might_sleep();
	if ((unsigned int)id >= HWMEM_NR_HOOKS || !fn)
		return -EINVAL;
	slot = &hook_slots[id];
	mutex_lock(&hook_mutex);
	rec = &slot->rec[slot->next];
	slot->next ^= 1;
	*rec = (struct hwmem_hook){ .fn = fn, .priv = priv, .owner = owner };
	hook_publish(slot, rec);
	mutex_unlock(&hook_mutex);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(hwmem_hook_set, HWMEM);

/**
 * hwmem_hook_restore() - put a hook's default back
 * @id: the hook
 *
 * Returns once nothing calls what was in place.  May sleep.
 */
void hwmem_hook_restore(enum hwmem_hook_id id)
{
	if ((unsigned int)id >= HWMEM_NR_HOOKS)
		return;
	mutex_lock(&hook_mutex);
	hook_publish(&hook_slots[id], &hook_slots[id].dflt);
	mutex_unlock(&hook_mutex);
}
EXPORT_SYMBOL_NS_GPL(hwmem_hook_restore, HWMEM);

/**
 * hwmem_hook_set_default() - set a hook's default, and put it in place
 * @id: the hook
 * @fn: the platform's callback, or NULL for none
 * @priv: passed to @fn
 *
 * For the module glue, at load (the platform's callbacks) and unload
 * (NULL).  May sleep.
 */
void hwmem_hook_set_default(enum hwmem_hook_id id, const void *fn, void *priv)
{
	struct hook_slot *slot;

	if ((unsigned int)id >= HWMEM_NR_HOOKS)
		return;
	slot = &hook_slots[id];
	mutex_lock(&hook_mutex);
	/* Readers may be on the default now: take it out of use first. */
	if (rcu_access_pointer(slot->cur) == &slot->dflt)
		hook_publish(slot, NULL);
	slot->dflt = (struct hwmem_hook){ .fn = fn, .priv = priv };
	hook_publish(slot, &slot->dflt);
	mutex_unlock(&hook_mutex);
}

/**
 * hwmem_hook_release() - restore the defaults of hooks a module put in place
 * @owner: the module, which is going away
 *
 * For the glue's module notifier: a module that unloads without
 * restoring what it put in place is never called again.
 *
 * Return: the number of hooks restored.
 */
unsigned int hwmem_hook_release(struct module *owner)
{
	unsigned int id, n = 0;

	if (!owner)
		return 0;
	mutex_lock(&hook_mutex);
	for (id = 0; id < HWMEM_NR_HOOKS; id++) {
		struct hook_slot *slot = &hook_slots[id];
		struct hwmem_hook *cur;

		cur = rcu_dereference_protected(slot->cur,
						lockdep_is_held(&hook_mutex));
		if (!cur || cur->owner != owner)
			continue;
		pr_warn("hwmem: %s left its %s hook in place at unload; restored the default\n",
			module_name(owner), hook_names[id]);
		hook_publish(slot, &slot->dflt);
		n++;
	}
	mutex_unlock(&hook_mutex);
	return n;
}

/**
 * hwmem_hook_get() - read a hook, to call it
 * @id: the hook
 * @hook: receives what it holds; @hook->fn is NULL if nothing is in place
 *
 * Enters an SRCU read-side section, which hwmem_hook_put() leaves: call
 * through @hook in between, and only then.  Callbacks may sleep.
 *
 * Return: the cookie for hwmem_hook_put().
 */
int hwmem_hook_get(enum hwmem_hook_id id, struct hwmem_hook *hook)
	__acquires(&hook_srcu)
{
	int cookie = srcu_read_lock(&hook_srcu);
	const struct hwmem_hook *cur = NULL;

	if ((unsigned int)id < HWMEM_NR_HOOKS)
		cur = srcu_dereference(hook_slots[id].cur, &hook_srcu);
	*hook = cur ? *cur : (struct hwmem_hook){ };
	return cookie;
}

/**
 * hwmem_hook_put() - done calling a hook
 * @cookie: what hwmem_hook_get() returned
 */
void hwmem_hook_put(int cookie)
	__releases(&hook_srcu)
{
	srcu_read_unlock(&hook_srcu, cookie);
}

#include "../../kunit/lib/hook-kunit.h"
