/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwmem counter tables: each allocator's event counters are an enum in
 * its header and an array of their names, the ones its state file prints,
 * which the allocator defines with HWMEM_COUNTER_NAMES():
 *
 *	HWMEM_COUNTER_NAMES(hwmem_foo_counter_names, HWMEM_FOO_NR_COUNTERS,
 *			    [HWMEM_FOO_ALLOCS] = "allocs",
 *			    [HWMEM_FOO_FREES] = "frees");
 *
 * The array is indexed by the enum, and may be read by anyone for any
 * counter below the NR value.  A static_assert checks that it is as long
 * as the enum, and each allocator's KUnit suite that no name is missing
 * (hwmem_test_names() in kunit/fixture.h).
 */
#ifndef _HWMEM_COUNTER_H
#define _HWMEM_COUNTER_H

#include <linux/build_bug.h>

/**
 * HWMEM_COUNTER_NAMES() - define the names of a table of counters
 * @array: the array to define
 * @nr: how many counters the enum has
 * @...: a designated initializer for each, [COUNTER] = "name"
 */
#define HWMEM_COUNTER_NAMES(array, nr, ...)				\
	const char *const array[] = { __VA_ARGS__ };			\
	static_assert(sizeof(array) == (nr) * sizeof(const char *))

#endif /* _HWMEM_COUNTER_H */
